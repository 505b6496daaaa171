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
/// same numbers, and the demo accounts see the generated hazards.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bench_data_fills_a_database_the_server_serves() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .args([
            "bench-data",
            "--enterprises",
            "300",
            "--hazards",
            "2000",
            "--seed",
            "3",
        ])
        .arg("--data-dir")
        .arg(dir.path())
        .env_remove("ANZHI_DATABASE_URL")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("企业 300 家") && said.contains("隐患 2000 条"),
        "{said}"
    );
    let srv = Server::start_with(dir.path(), false, None, &[]);
    let (c, _) = client_login(&srv.base, "leader").await;
    let page: serde_json::Value = c
        .get(format!("{}/api/hazards?page_size=1", srv.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 2000, "{page}");
    let ents: serde_json::Value = c
        .get(format!("{}/api/enterprises?page_size=1", srv.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(ents["total"].as_u64().unwrap() >= 300, "{ents}");
}
