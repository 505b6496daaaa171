//! `anzhi`: one binary for the server and its maintenance commands.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use anzhi_domain::crypto::FieldCipher;
use anzhi_server::{AppState, ServerConfig};
use anzhi_store::Store;
use clap::{Args, Parser, Subcommand};

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
    /// (valid credit codes), and hazards over the last three years in realistic states.
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
            let t = std::time::Instant::now();
            let all = store.bench_fill_enterprises(enterprises, seed).await?;
            let te = t.elapsed();
            let t = std::time::Instant::now();
            store
                .bench_fill_hazards(&all, hazards, seed.wrapping_add(4), today)
                .await?;
            let th = t.elapsed();
            store.analyze().await?;
            println!(
                "已生成：企业 {enterprises} 家（用时 {:.1} 秒），隐患 {hazards} 条（用时 {:.1} 秒）；库中共 {} 家企业。",
                te.as_secs_f64(),
                th.as_secs_f64(),
                all.len()
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
