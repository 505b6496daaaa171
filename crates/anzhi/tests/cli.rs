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
        let mut cmd = Command::new(BIN);
        cmd.args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
            .arg(data);
        if demo {
            cmd.arg("--demo");
        }
        let mut child = cmd
            .env("ANZHI_INITIAL_ADMIN_PASSWORD", "First#Admin99")
            .env_remove("ANZHI_DATABASE_URL")
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
