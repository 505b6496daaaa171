//! `anzhi`: one binary for the server and its maintenance commands.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use anzhi_domain::crypto::FieldCipher;
use anzhi_server::{AppState, ServerConfig};
use anzhi_store::Store;
use clap::{Args, Parser, Subcommand};

// mimalloc instead of glibc's malloc: glibc keeps a heap arena per thread that once held
// a photo being decoded or a large answer being built, so the server's resident memory
// grew with the threads it ran; mimalloc returns freed pages to the system.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "anzhi", version, about = "安治：安全生产专项整治平台")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct DbArgs {
    /// Directory of the embedded database and local files.
    #[arg(long, env = "ANZHI_DATA_DIR", default_value = "./data")]
    data_dir: PathBuf,
    /// PostgreSQL URL (postgres://user:pass@host/db); the embedded SQLite database when absent.
    #[arg(long, env = "ANZHI_DATABASE_URL")]
    database_url: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server.
    Serve {
        #[command(flatten)]
        db: DbArgs,
        /// Address to listen on.
        #[arg(long, env = "ANZHI_LISTEN", default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Add demo data and demo accounts (password Anzhi@2026); a banner says so on every page.
        #[arg(long, env = "ANZHI_DEMO")]
        demo: bool,
        /// Mark cookies Secure (serve behind TLS).
        #[arg(long, env = "ANZHI_SECURE_COOKIES")]
        secure_cookies: bool,
        /// Trust X-Forwarded-For / X-Forwarded-Proto from a reverse proxy.
        #[arg(long, env = "ANZHI_TRUST_PROXY")]
        trust_proxy: bool,
        /// Seconds between runs of the reminder job (0 = never in this process).
        #[arg(long, env = "ANZHI_REMINDER_INTERVAL_SECS", default_value_t = 60)]
        reminder_interval: u64,
        /// SMTP server for reminder e-mail: smtps://user:pass@host (TLS), smtp://user:pass@host:587?tls=required (STARTTLS), or smtp://relay:25 (plain, intranet relays only).
        #[arg(long, env = "ANZHI_SMTP_URL", hide_env_values = true)]
        smtp_url: Option<String>,
        /// Sender of reminder e-mail, e.g. "安治 <anzhi@example.gov.cn>".
        #[arg(long, env = "ANZHI_SMTP_FROM")]
        smtp_from: Option<String>,
        /// Directory of uploaded files (default: <data-dir>/files). Several servers share one.
        #[arg(long, env = "ANZHI_FILES_DIR")]
        files_dir: Option<PathBuf>,
        /// Largest upload accepted, in MB.
        #[arg(long, env = "ANZHI_MAX_UPLOAD_MB", default_value_t = 20)]
        max_upload_mb: u64,
        /// Seconds a computed cockpit (领导驾驶舱) is served again to the same view (0 = every request).
        #[arg(long, env = "ANZHI_COCKPIT_CACHE_SECS", default_value_t = 30)]
        cockpit_cache_secs: u64,
    },
    /// Work-plan documents.
    Plan {
        #[command(subcommand)]
        command: PlanCommand,
    },
    /// Account maintenance.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// The audit trail.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Print the OpenAPI document.
    Openapi,
    /// Fill a database with realistic, reproducible data for benchmarks and demos: the
    /// demo directory and accounts, enterprises spread over the districts and categories
    /// (valid credit codes), hazards over the last three years in realistic states, the
    /// seed plan (商贸行业专项整治, moved to this year) imported by 政策法规科 as a
    /// campaign with progress, risk points with enterprise levels, inspections, and
    /// audit records on a verifiable chain.
    BenchData {
        #[command(flatten)]
        db: DbArgs,
        /// How many enterprises to add.
        #[arg(long, default_value_t = 10_000)]
        enterprises: u64,
        /// How many hazards to add.
        #[arg(long, default_value_t = 100_000)]
        hazards: u64,
        /// The seed of the generator (the same seed gives the same data).
        #[arg(long, default_value_t = 7)]
        seed: u64,
    },
}

#[derive(Subcommand)]
enum PlanCommand {
    /// Parse a plan (.txt in UTF-8 or GB18030, or .docx) and print its tasks as JSON.
    Parse {
        file: PathBuf,
        /// The plan's year when the document does not say.
        #[arg(long)]
        year: Option<i32>,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Give an account a new random password (printed once; changed at next login).
    ResetPassword {
        username: String,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Verify the SM3 hash chain of the audit trail; exits 1 at the first broken link.
    Verify {
        #[command(flatten)]
        db: DbArgs,
    },
}

fn main() -> Result<()> {
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("ANZHI_LOG").unwrap_or_else(|_| {
                tracing_subscriber::EnvFilter::new("info,sqlx=warn,sea_orm=warn")
            }),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(run(cli))
}

async fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Serve {
            db,
            listen,
            demo,
            secure_cookies,
            trust_proxy,
            reminder_interval,
            smtp_url,
            smtp_from,
            files_dir,
            max_upload_mb,
            cockpit_cache_secs,
        } => {
            let files_dir = files_dir.unwrap_or_else(|| db.data_dir.join("files"));
            let files = anzhi_server::files::FileStorage::local(
                &files_dir,
                max_upload_mb.clamp(1, 1024) * 1024 * 1024,
            )
            .with_context(|| format!("cannot use {} for uploads", files_dir.display()))?;
            let notifier =
                anzhi_server::reminders::Notifier::new(smtp_url.as_deref(), smtp_from.as_deref())
                    .context("e-mail settings (ANZHI_SMTP_URL / ANZHI_SMTP_FROM)")?;
            let store = open_store(&db).await?;
            if store.ensure_defaults().await? {
                tracing::info!("created the default org directory");
            }
            store.analyze().await?;
            let initial = std::env::var("ANZHI_INITIAL_ADMIN_PASSWORD")
                .ok()
                .filter(|s| !s.is_empty());
            if let Some(pw) = store.ensure_initial_admin(initial.as_deref()).await? {
                if initial.is_some() {
                    eprintln!(
                        "已创建系统管理员账号 admin（密码取自 ANZHI_INITIAL_ADMIN_PASSWORD，首次登录须修改）"
                    );
                } else {
                    eprintln!("==========================================================");
                    eprintln!(" 已创建系统管理员账号：admin");
                    eprintln!(" 初始密码（仅显示这一次，首次登录须修改）：{pw}");
                    eprintln!("==========================================================");
                }
            }
            if demo && store.seed_demo().await? {
                eprintln!(
                    "已添加演示数据和演示账号（密码 Anzhi@2026）：sysadmin secadmin auditadmin leader zhengfa xiuying meilan qiye1 qiye2 anweiban"
                );
            }
            let state = AppState::new(
                store.clone(),
                ServerConfig {
                    demo,
                    secure_cookies,
                    trust_proxy,
                    reminder_interval: (reminder_interval > 0)
                        .then(|| std::time::Duration::from_secs(reminder_interval)),
                    notifier,
                    files,
                    cockpit_cache: (cockpit_cache_secs > 0)
                        .then(|| std::time::Duration::from_secs(cockpit_cache_secs)),
                },
            );
            let listener = tokio::net::TcpListener::bind(listen)
                .await
                .with_context(|| format!("cannot listen on {listen}"))?;
            eprintln!(
                "安治 {} 已启动：http://{}  （数据库：{}{}）",
                anzhi_server::VERSION,
                listener.local_addr()?,
                store.backend().name(),
                if demo { "，演示模式" } else { "" }
            );
            anzhi_server::launch(listener, state, shutdown_signal()).await?;
            store.close().await;
            Ok(())
        }
        Command::Plan {
            command: PlanCommand::Parse { file, year },
        } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let name = file.file_name().and_then(|n| n.to_str());
            let format = anzhi_plan::detect_format(&bytes, name);
            match anzhi_plan::parse(&bytes, format, year) {
                Ok(plan) => {
                    println!("{}", serde_json::to_string_pretty(&plan)?);
                    Ok(())
                }
                Err(e) => bail!("{e}"),
            }
        }
        Command::Admin {
            command: AdminCommand::ResetPassword { username, db },
        } => {
            let store = open_store(&db).await?;
            match store.admin_reset_password(&username).await {
                Ok(pw) => {
                    println!("用户 {username} 的新密码（下次登录须修改）：{pw}");
                    Ok(())
                }
                Err(anzhi_store::StoreError::NotFound) => bail!("用户 {username} 不存在"),
                Err(e) => Err(e.into()),
            }
        }
        Command::BenchData {
            db,
            enterprises,
            hazards,
            seed,
        } => {
            let store = open_store(&db).await?;
            store.ensure_defaults().await?;
            store.seed_demo().await?;
            let today = anzhi_domain::time::today_china(anzhi_domain::time::now());
            let started = std::time::Instant::now();
            let mut t = std::time::Instant::now();
            let mut lap = move || {
                let s = t.elapsed().as_secs_f64();
                t = std::time::Instant::now();
                s
            };
            let all = store.bench_fill_enterprises(enterprises, seed).await?;
            println!("企业 {enterprises} 家：{:.1} 秒", lap());
            store
                .bench_fill_hazards(&all, hazards, seed.wrapping_add(4), today)
                .await?;
            println!("隐患 {hazards} 条：{:.1} 秒", lap());
            let (campaign, assignments) = bench_campaign(&store, seed).await?;
            println!(
                "专项整治方案 1 个（{campaign}），任务分解 {assignments} 条及其进展：{:.1} 秒",
                lap()
            );
            let (points, graded) = store
                .bench_fill_risk_points(&all, seed.wrapping_add(5), today)
                .await?;
            println!(
                "风险点 {points} 个，企业风险等级 {graded} 家：{:.1} 秒",
                lap()
            );
            let inspections = store
                .bench_fill_inspections(&all, seed.wrapping_add(6), today)
                .await?;
            println!("检查记录 {inspections} 条：{:.1} 秒", lap());
            let records = store
                .bench_fill_audit(&all, 5, seed.wrapping_add(7))
                .await?;
            println!("审计记录 {records} 条：{:.1} 秒", lap());
            store.analyze().await?;
            println!("更新统计信息：{:.1} 秒", lap());
            println!(
                "已生成：企业 {enterprises} 家，隐患 {hazards} 条；库中共 {} 家企业；总用时 {:.1} 秒。",
                all.len(),
                started.elapsed().as_secs_f64()
            );
            store.close().await;
            Ok(())
        }
        Command::Audit {
            command: AuditCommand::Verify { db },
        } => {
            let store = open_store(&db).await?;
            let report = store.verify_audit(anzhi_domain::Scope::Internal).await?;
            match &report.first_broken {
                None => {
                    println!(
                        "审计日志完整：共校验 {} 条记录，哈希链无断点。",
                        report.checked
                    );
                    Ok(())
                }
                Some(b) => {
                    println!(
                        "审计日志被篡改：第一个断点在第 {} 条记录{}：{}（此前 {} 条完好）",
                        b.seq,
                        b.id.as_deref()
                            .map(|i| format!("（ID {i}）"))
                            .unwrap_or_default(),
                        b.reason,
                        report.checked
                    );
                    std::process::exit(1);
                }
            }
        }
        Command::Openapi => {
            println!("{}", anzhi_server::openapi().to_pretty_json()?);
            Ok(())
        }
    }
}

/// The seed plan, imported by 政策法规科 the way the import page does it: parsed,
/// its phrases resolved to groups and units, kept as a draft, then confirmed. Moved to
/// this year so that some windows have ended, some are running and some lie ahead.
async fn bench_campaign(store: &Store, seed: u64) -> Result<(String, u64)> {
    use anzhi_store::campaigns::{DeadlineInput, NewCampaign, TaskInput, UnitEntry};
    const SEED_PLAN: &str = include_str!("../../plan/tests/data/haikou-commerce-2021.txt");
    let today = anzhi_domain::time::today_china(anzhi_domain::time::now());
    let year: i32 = today.format("%Y").to_string().parse()?;
    let text = SEED_PLAN.replace("2021", &year.to_string());
    let plan = anzhi_plan::parse(text.as_bytes(), anzhi_plan::SourceFormat::Text, Some(year))
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let actor = store.bench_actor("zhengfa").await?;
    let mut phrases: Vec<String> = Vec::new();
    for t in &plan.tasks {
        for p in t.lead_units.iter().chain(t.responsible_units.iter()) {
            if !phrases.contains(p) {
                phrases.push(p.clone());
            }
        }
    }
    let res = store.resolve_phrases(actor.scope, &phrases).await?;
    if !res.unresolved.is_empty() {
        bail!("方案中的单位无法对应：{}", res.unresolved.join("、"));
    }
    let entry = |p: &String| -> Option<UnitEntry> {
        let r = res.resolved.iter().find(|r| r.phrase == p.trim())?;
        Some(UnitEntry {
            phrase: p.clone(),
            group_id: r.group.as_ref().map(|g| g.id),
            unit_ids: if r.group.is_some() {
                Vec::new()
            } else {
                r.units.iter().map(|u| u.id).collect()
            },
        })
    };
    let tasks: Vec<TaskInput> = plan
        .tasks
        .iter()
        .map(|t| TaskInput {
            section: t.section.clone(),
            section_number: t.section_number.clone(),
            number: t.number.clone(),
            text: t.text.clone(),
            deadline: t.deadline.as_ref().map(|d| DeadlineInput {
                text: Some(d.text.clone()),
                kind: serde_json::to_value(d.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string)),
                start: d.start,
                end: d.end,
                period: d
                    .period
                    .as_ref()
                    .and_then(|p| serde_json::to_value(p).ok())
                    .and_then(|v| v.as_str().map(str::to_string)),
            }),
            lead: t.lead_units.iter().filter_map(entry).collect(),
            responsible: t.responsible_units.iter().filter_map(entry).collect(),
        })
        .collect();
    let name = format!("海口市商贸行业安全生产专项整治{year}年推进工作方案.txt");
    let draft_id = store.create_draft(&actor, &name, text.into_bytes()).await?;
    let input = NewCampaign {
        draft_id,
        title: plan.title.clone(),
        year: plan.year.unwrap_or(year),
        tasks,
    };
    let (id, n) = store
        .bench_fill_campaign(&actor, &input, seed.wrapping_add(9), today)
        .await?;
    Ok((id.to_string(), n))
}

async fn open_store(db: &DbArgs) -> Result<Store> {
    let cipher = FieldCipher::new(&field_key(&db.data_dir)?);
    let url = match &db.database_url {
        Some(u) if !u.is_empty() => u.clone(),
        _ => {
            std::fs::create_dir_all(&db.data_dir)
                .with_context(|| format!("cannot create {}", db.data_dir.display()))?;
            format!(
                "sqlite://{}?mode=rwc",
                db.data_dir.join("anzhi.db").display()
            )
        }
    };
    Store::open(&url, cipher)
        .await
        .map_err(|e| anyhow::anyhow!("数据库连接失败：{e}"))
}

/// The master key of field encryption: `ANZHI_FIELD_KEY` (64 hex digits; required
/// when several servers share a database), else `field.key` in the data directory,
/// created on first use.
fn field_key(data_dir: &Path) -> Result<[u8; 32]> {
    let parse = |s: &str| -> Result<[u8; 32]> {
        let v = hex::decode(s.trim())
            .ok()
            .context("ANZHI_FIELD_KEY / field.key must be 64 hex digits")?;
        v.try_into()
            .map_err(|_| anyhow::anyhow!("the field key must be 32 bytes (64 hex digits)"))
    };
    if let Ok(k) = std::env::var("ANZHI_FIELD_KEY")
        && !k.is_empty()
    {
        return parse(&k);
    }
    let path = data_dir.join("field.key");
    if path.exists() {
        return parse(&std::fs::read_to_string(&path)?);
    }
    std::fs::create_dir_all(data_dir)?;
    let key = FieldCipher::generate_key();
    write_private(&path, &hex::encode(key))?;
    Ok(key)
}

fn write_private(path: &Path, content: &str) -> Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    f.write_all(content.as_bytes())?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
