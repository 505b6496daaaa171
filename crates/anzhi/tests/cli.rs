//! The binary as an operator uses it: serve, audit verify on a tampered
//! database file, admin reset-password, plan parse.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_anzhi");

struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(data: &Path, demo: bool) -> Server {
        Self::start_with(data, demo, None, &[])
    }

    fn start_with(data: &Path, demo: bool, database_url: Option<&str>, extra: &[&str]) -> Server {
        let mut cmd = Command::new(BIN);
        cmd.args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
            .arg(data)
            .args(extra);
        if demo {
            cmd.arg("--demo");
        }
        match database_url {
            Some(u) => cmd.env("ANZHI_DATABASE_URL", u),
            None => cmd.env_remove("ANZHI_DATABASE_URL"),
        };
        let mut child = cmd
            .env("ANZHI_INITIAL_ADMIN_PASSWORD", "First#Admin99")
            .env("ANZHI_FIELD_KEY", "11".repeat(32))
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("spawn anzhi serve");
        let stderr = child.stderr.take().expect("stderr");
        let mut base = String::new();
        for line in BufReader::new(stderr).lines() {
            let line = line.expect("line");
            if let Some(i) = line.find("http://") {
                base = line[i..]
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .to_string();
                break;
            }
        }
        assert!(
            base.starts_with("http://127.0.0.1:"),
            "server did not start"
        );
        Server { child, base }
    }

    fn stop(mut self) {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}

fn run(args: &[&str], data: &Path) -> (i32, String) {
    let out = Command::new(BIN)
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .env_remove("ANZHI_DATABASE_URL")
        .env("ANZHI_FIELD_KEY", "11".repeat(32))
        .output()
        .expect("run anzhi");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

async fn login(base: &str, user: &str, pw: &str) -> (reqwest::StatusCode, serde_json::Value) {
    let c = reqwest::Client::new();
    let res = c
        .post(format!("{base}/api/auth/login"))
        .json(&serde_json::json!({"username": user, "password": pw}))
        .send()
        .await
        .expect("login");
    let s = res.status();
    (s, res.json().await.unwrap_or_default())
}

#[tokio::test]
async fn audit_verify_catches_a_tampered_database_file() {
    let dir = tempfile::tempdir().unwrap();
    let srv = Server::start(dir.path(), true);
    let (s, _) = login(&srv.base, "leader", "Anzhi@2026").await;
    assert_eq!(s, reqwest::StatusCode::OK);
    srv.stop();
    let (code, out) = run(&["audit", "verify"], dir.path());
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("审计日志完整"), "{out}");
    // Change one character of the first record's text in the file itself.
    let db = dir.path().join("anzhi.db");
    let mut bytes = std::fs::read(&db).unwrap();
    let needle = "创建默认组织机构".as_bytes();
    // (Every copy: SQLite may also hold an old copy of the page in free space.)
    let hits: Vec<usize> = bytes
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect();
    assert!(!hits.is_empty(), "record text in the file");
    for pos in hits {
        bytes[pos..pos + 6].copy_from_slice("删除".as_bytes());
    }
    std::fs::write(&db, bytes).unwrap();
    let (code, out) = run(&["audit", "verify"], dir.path());
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("第一个断点在第 1 条记录"), "{out}");
}

#[tokio::test]
async fn admin_reset_password_gives_a_password_that_must_be_changed() {
    let dir = tempfile::tempdir().unwrap();
    let srv = Server::start(dir.path(), false);
    let (s, me) = login(&srv.base, "admin", "First#Admin99").await;
    assert_eq!(s, reqwest::StatusCode::OK, "{me}");
    assert_eq!(me["pending"], "password_change");
    srv.stop();
    let (code, out) = run(&["admin", "reset-password", "nobody"], dir.path());
    assert_ne!(code, 0);
    assert!(out.contains("不存在"), "{out}");
    let (code, out) = run(&["admin", "reset-password", "admin"], dir.path());
    assert_eq!(code, 0, "{out}");
    let pw = out.rsplit('：').next().unwrap().trim().to_string();
    assert_eq!(pw.len(), 14, "{out}");
    let srv = Server::start(dir.path(), false);
    let (s, _) = login(&srv.base, "admin", "First#Admin99").await;
    assert_eq!(s, reqwest::StatusCode::UNAUTHORIZED);
    let (s, me) = login(&srv.base, "admin", &pw).await;
    assert_eq!(s, reqwest::StatusCode::OK);
    assert_eq!(me["pending"], "password_change");
    srv.stop();
}

#[test]
fn plan_parse_prints_the_seed_tasks() {
    let seed =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../plan/tests/data/haikou-commerce-2021.txt");
    let out = Command::new(BIN)
        .args(["plan", "parse"])
        .arg(&seed)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["year"], 2021);
    assert_eq!(v["tasks"].as_array().unwrap().len(), 10);
    assert_eq!(
        v["tasks"][0]["lead_units"],
        serde_json::json!(["局政策法规科"])
    );
    assert_eq!(v["tasks"][0]["deadline"]["end"], "2021-03-31");
}

async fn client_login(base: &str, user: &str) -> (reqwest::Client, String) {
    let c = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let me: serde_json::Value = c
        .post(format!("{base}/api/auth/login"))
        .json(&serde_json::json!({"username": user, "password": "Anzhi@2026"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let csrf = me["csrf_token"].as_str().expect("logged in").to_string();
    (c, csrf)
}

/// Two `anzhi serve` processes on one database, both running the reminder job
/// every second: the reminder is delivered once.
async fn reminders_once_with_two_processes(database_url: Option<String>) {
    let dir = tempfile::tempdir().unwrap();
    let every = ["--reminder-interval", "1"];
    let a = Server::start_with(dir.path(), true, database_url.as_deref(), &every);
    let b = Server::start_with(dir.path(), true, database_url.as_deref(), &every);
    // 政策法规科 imports a one-task plan for 秀英区商务局, due today, through server A.
    let (zf, csrf) = client_login(&a.base, "zhengfa").await;
    let plan = "2026年测试方案\n一、检查\n1. 开展商场消防检查。（牵头单位：局政策法规科。责任单位：秀英区商务局。完成时限：12月份）\n";
    let p: serde_json::Value = zf
        .post(format!(
            "{}/api/campaigns/preview?file_name=plan.txt",
            a.base
        ))
        .header("X-CSRF-Token", &csrf)
        .header("Content-Type", "text/plain; charset=utf-8")
        .body(plan)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let t = &p["tasks"][0];
    let today = chrono::Utc::now()
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
        .date_naive();
    let body = serde_json::json!({"draft_id": p["draft_id"], "title": "测试", "year": 2026, "tasks": [{
        "text": t["text"], "deadline": {"text": "今天", "end": today},
        "lead": [{"phrase": "局政策法规科", "unit_ids": [t["lead"][0]["units"][0]["id"]]}],
        "responsible": [{"phrase": "秀英区商务局", "unit_ids": [t["responsible"][0]["units"][0]["id"]]}]}]});
    let res = zf
        .post(format!("{}/api/campaigns", a.base))
        .header("X-CSRF-Token", &csrf)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), reqwest::StatusCode::CREATED);
    // Both processes run their job several times.
    tokio::time::sleep(std::time::Duration::from_secs(5)).await;
    let (xy, _) = client_login(&b.base, "xiuying").await;
    let list: serde_json::Value = xy
        .get(format!("{}/api/notifications", b.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        list["total"], 1,
        "one reminder, not one per process: {list}"
    );
    assert!(
        list["items"][0]["title"]
            .as_str()
            .unwrap()
            .contains("今天是完成时限"),
        "{list}"
    );
    a.stop();
    b.stop();
}

#[tokio::test]
async fn reminders_fire_once_with_two_server_processes_on_sqlite() {
    reminders_once_with_two_processes(None).await;
}

#[tokio::test]
async fn reminders_fire_once_with_two_server_processes_on_postgres() {
    let Some(admin) = anzhi_store::testing::postgres_test_url() else {
        eprintln!("ANZHI_TEST_DATABASE_URL is not set: PostgreSQL variant not run");
        return;
    };
    let url = anzhi_store::testing::create_postgres_database(&admin)
        .await
        .unwrap();
    reminders_once_with_two_processes(Some(url.clone())).await;
    let _ = anzhi_store::testing::drop_postgres_database(&admin, &url).await;
}

/// `anzhi bench-data` fills a database a server then serves: the same seed gives the
/// same numbers, the demo accounts see the generated hazards, the seed plan's campaign
/// with assignments in every state, risk points graded by the domain rules with the
/// enterprise levels that follow from them, inspections, and an intact audit chain.
async fn bench_data_fills(database_url: Option<String>) {
    let dir = tempfile::tempdir().unwrap();
    let anzhi = |args: &[&str]| {
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .arg("--data-dir")
            .arg(dir.path())
            .env("ANZHI_FIELD_KEY", "11".repeat(32));
        match &database_url {
            Some(u) => cmd.env("ANZHI_DATABASE_URL", u),
            None => cmd.env_remove("ANZHI_DATABASE_URL"),
        };
        cmd.output().unwrap()
    };
    let out = anzhi(&[
        "bench-data",
        "--enterprises",
        "300",
        "--hazards",
        "3000",
        "--seed",
        "3",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("企业 300 家") && said.contains("隐患 3000 条"),
        "{said}"
    );
    for part in [
        "专项整治方案 1 个",
        "风险点",
        "检查记录",
        "审计记录",
        "总用时",
    ] {
        assert!(said.contains(part), "{part}: {said}");
    }
    // The chain, with the bulk records in it, verifies.
    let out = anzhi(&["audit", "verify"]);
    let verified = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{verified}");
    assert!(verified.contains("审计日志完整"), "{verified}");
    let checked: u64 = verified
        .split("共校验 ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(checked >= 1_500, "{verified}");

    let srv = Server::start_with(dir.path(), false, database_url.as_deref(), &[]);
    let get = |c: &reqwest::Client, path: String| {
        let c = c.clone();
        async move {
            let res = c.get(&path).send().await.unwrap();
            assert_eq!(res.status(), reqwest::StatusCode::OK, "{path}");
            res.json::<serde_json::Value>().await.unwrap()
        }
    };
    let (c, _) = client_login(&srv.base, "leader").await;
    let page = get(&c, format!("{}/api/hazards?page_size=1", srv.base)).await;
    assert_eq!(page["total"], 3000, "{page}");
    let ents = get(&c, format!("{}/api/enterprises?page_size=1", srv.base)).await;
    assert!(ents["total"].as_u64().unwrap() >= 300, "{ents}");

    // The campaign of the seed plan, with its ten tasks, assignments for every
    // enterprise and progress in several states.
    let camps = get(&c, format!("{}/api/campaigns", srv.base)).await;
    assert_eq!(camps["total"], 1, "{camps}");
    let camp = &camps["items"][0];
    assert!(
        camp["title"].as_str().unwrap().contains("商贸行业"),
        "{camp}"
    );
    assert_eq!(camp["task_count"], 10, "{camp}");
    let assignments = camp["assignment_count"].as_u64().unwrap();
    assert!(assignments > 8 * 300, "{camp}");
    let completed = camp["completed_count"].as_u64().unwrap();
    assert!(
        completed > assignments / 3 && completed < assignments,
        "{camp}"
    );
    let mut seen = 0;
    for state in [
        "not_started",
        "in_progress",
        "submitted",
        "completed",
        "returned",
    ] {
        let p = get(
            &c,
            format!("{}/api/assignments?state={state}&page_size=1", srv.base),
        )
        .await;
        let n = p["total"].as_u64().unwrap();
        assert!(n > 0, "{state}: {p}");
        seen += n;
    }
    assert_eq!(seen, assignments);
    // The board's running figures, filled in bulk, agree with the assignments.
    let board = get(
        &c,
        format!(
            "{}/api/campaigns/{}/board?page_size=5",
            srv.base,
            camp["id"].as_str().unwrap()
        ),
    )
    .await;
    assert_eq!(
        board["summary"]["assignments"], assignments,
        "{}",
        board["summary"]
    );
    assert_eq!(board["summary"]["completed"], completed);
    let returned = get(
        &c,
        format!("{}/api/assignments?state=returned&page_size=1", srv.base),
    )
    .await;
    assert_eq!(board["returned_total"], returned["total"]);
    // The overdue list walks the open assignments' deadlines: as many as the figures say.
    let overdue_total = board["overdue_total"].as_u64().unwrap();
    assert!(overdue_total > 0, "{}", board["summary"]);
    assert_eq!(
        board["overdue"].as_array().unwrap().len() as u64,
        overdue_total.min(100)
    );
    let series = get(&c, format!("{}/api/cockpit", srv.base)).await;
    let accepted: u64 = series["campaign"]["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["accepted"].as_u64().unwrap())
        .sum();
    assert_eq!(accepted, completed, "every acceptance has its month");
    assert!(board["enterprises"]["total"].as_u64().unwrap() >= 300);
    assert_eq!(
        board["units"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|u| u["kind"] == "enterprise")
            .count(),
        5
    );
    // Task roll-ups agree with the assignments.
    let tasks = get(&c, format!("{}/api/tasks?page_size=50", srv.base)).await;
    let items = tasks["items"].as_array().unwrap();
    assert_eq!(items.len(), 10, "{tasks}");
    let sum: u64 = items
        .iter()
        .map(|t| t["completed_count"].as_u64().unwrap())
        .sum();
    assert_eq!(sum, completed, "{tasks}");
    let one = items
        .iter()
        .find(|t| t["completed_count"].as_u64().unwrap() > 0)
        .unwrap();
    let detail = get(
        &c,
        format!("{}/api/tasks/{}", srv.base, one["id"].as_str().unwrap()),
    )
    .await;
    let timeline = detail["timeline"].as_array().unwrap();
    for action in ["submit", "accept"] {
        assert!(
            timeline.iter().any(|e| e["action"] == action),
            "{action} in the timeline"
        );
    }

    // Risk points graded as the domain grades them, at a tier that covers the grade.
    let points = get(&c, format!("{}/api/risk-points?page_size=100", srv.base)).await;
    assert!(
        points["total"].as_u64().unwrap() >= 200,
        "{}",
        points["total"]
    );
    let thresholds = anzhi_domain::risk::Thresholds::default();
    let mut checked_enterprise = None;
    for p in points["items"].as_array().unwrap() {
        let method = anzhi_domain::risk::Method::from_code(p["method"].as_str().unwrap());
        let input = anzhi_domain::risk::AssessmentInput {
            method,
            l: p["l"].as_f64(),
            e: p["e"].as_f64(),
            c: p["c"].as_f64(),
            s: p["s"].as_f64(),
        };
        let a = anzhi_domain::risk::assess(&input, &thresholds).unwrap();
        assert_eq!(a.grade.code(), p["grade"], "{p}");
        assert_eq!(a.score.as_f64(), p["score"].as_f64().unwrap(), "{p}");
        let tier = anzhi_domain::risk::ControlTier::from_code(p["control_tier"].as_str().unwrap())
            .unwrap();
        assert!(tier.covers(a.grade), "{p}");
        checked_enterprise.get_or_insert(p["enterprise_id"].as_str().unwrap().to_string());
    }
    // The enterprise level starts from its highest point.
    let e = checked_enterprise.unwrap();
    let own = get(
        &c,
        format!(
            "{}/api/risk-points?enterprise_id={e}&page_size=100",
            srv.base
        ),
    )
    .await;
    let highest = own["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| anzhi_domain::risk::Grade::from_code(p["grade"].as_str().unwrap()))
        .max()
        .unwrap();
    let level = get(&c, format!("{}/api/enterprises/{e}/risk", srv.base)).await;
    assert_eq!(level["base_grade"], highest.code(), "{level}");
    let grade = anzhi_domain::risk::Grade::from_code(level["grade"].as_str().unwrap()).unwrap();
    assert!(grade.rank() >= highest.rank(), "{level}");
    let dist = get(
        &c,
        format!("{}/api/risk/distribution?by=district", srv.base),
    )
    .await;
    let graded = &dist["total"]["enterprises"];
    let sum: u64 = ["major", "large", "general", "low"]
        .iter()
        .map(|g| graded[g].as_u64().unwrap())
        .sum();
    assert!(sum >= 150, "{dist}");

    // Inspections by the district inspectors: completed, a few 不符合.
    let (xy, _) = client_login(&srv.base, "xiuying").await;
    let done = get(
        &xy,
        format!("{}/api/inspections?state=completed&page_size=100", srv.base),
    )
    .await;
    assert!(done["total"].as_u64().unwrap() > 0, "{done}");
    assert!(
        done["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["inspector_name"] == "陈专干"),
        "{done}"
    );
    let all = get(
        &c,
        format!("{}/api/inspections?state=completed&page_size=100", srv.base),
    )
    .await;
    let failed: i64 = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["failed"].as_i64().unwrap())
        .sum();
    assert!(failed > 0, "a few 不符合: {all}");
    srv.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bench_data_fills_a_database_the_server_serves() {
    bench_data_fills(None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bench_data_fills_a_postgres_database_the_server_serves() {
    let Some(admin) = anzhi_store::testing::postgres_test_url() else {
        eprintln!("ANZHI_TEST_DATABASE_URL is not set: PostgreSQL variant not run");
        return;
    };
    let url = anzhi_store::testing::create_postgres_database(&admin)
        .await
        .unwrap();
    bench_data_fills(Some(url.clone())).await;
    let _ = anzhi_store::testing::drop_postgres_database(&admin, &url).await;
}
