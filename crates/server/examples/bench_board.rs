//! Benchmark of the campaign APIs on SQLite: a campaign of 500 tasks × 2,000
//! assignments imported through the API, then the board, the task page and the
//! assignment page timed over HTTP. Budget (issue 3): < 50 ms each.
//!
//! `cargo run --release -p anzhi-server --example bench_board` (see bench/campaign-board.sh)

use std::time::{Duration, Instant};

use anzhi_domain::crypto::FieldCipher;
use anzhi_server::{AppState, ServerConfig};
use anzhi_store::Store;
use serde_json::{Value, json};

const TASKS: usize = 500;
const RUNS: usize = 200;

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("bench.db").display()
    );
    let store = Store::open(&url, FieldCipher::new(&[1u8; 32]))
        .await
        .expect("store");
    store.ensure_defaults().await.expect("defaults");
    store.seed_demo().await.expect("demo");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let state = AppState::new(
        store.clone(),
        ServerConfig {
            demo: true,
            ..Default::default()
        },
    );
    tokio::spawn(anzhi_server::launch(
        listener,
        state,
        std::future::pending(),
    ));

    let http = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("client");
    let me: Value = http
        .post(format!("{base}/api/auth/login"))
        .json(&json!({"username": "zhengfa", "password": "Anzhi@2026"}))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("me");
    let csrf = me["csrf_token"].as_str().expect("csrf").to_string();

    // A plan of 500 items, each for the four district bureaus: 2,000 assignments.
    let mut plan = String::from("2021年基准测试方案\n一、重点任务\n");
    for i in 1..=TASKS {
        let month = (i % 12) + 1;
        plan.push_str(&format!("{i}. 第{i}项检查任务，开展商贸企业安全检查。（牵头单位：局政策法规科。责任单位：各区商务局。完成时限：{month}月份）\n"));
    }
    let t0 = Instant::now();
    let preview: Value = http
        .post(format!("{base}/api/campaigns/preview?file_name=bench.txt"))
        .header("X-CSRF-Token", &csrf)
        .header("Content-Type", "text/plain; charset=utf-8")
        .body(plan)
        .send()
        .await
        .expect("preview")
        .json()
        .await
        .expect("preview json");
    let preview_ms = t0.elapsed().as_secs_f64() * 1000.0;
    let tasks: Vec<Value> = preview["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .map(|t| {
            json!({"section": t["section"], "number": t["number"], "text": t["text"],
                   "deadline": {"text": t["deadline"]["text"], "start": t["deadline"]["start"], "end": t["deadline"]["end"]},
                   "lead": [{"phrase": "局政策法规科", "unit_ids": [t["lead"][0]["units"][0]["id"]]}],
                   "responsible": [{"phrase": "各区商务局", "group_id": t["responsible"][0]["group"]["id"]}]})
        })
        .collect();
    assert_eq!(tasks.len(), TASKS);
    let t0 = Instant::now();
    let campaign: Value = http
        .post(format!("{base}/api/campaigns"))
        .header("X-CSRF-Token", &csrf)
        .json(&json!({"draft_id": preview["draft_id"], "title": "基准测试", "year": 2021, "tasks": tasks}))
        .send()
        .await
        .expect("confirm")
        .json()
        .await
        .expect("campaign");
    let confirm_ms = t0.elapsed().as_secs_f64() * 1000.0;
    assert_eq!(campaign["assignment_count"], 2000, "{campaign}");
    let id = campaign["id"].as_str().expect("id");

    println!(
        "campaign: {TASKS} tasks, {} assignments (SQLite, release build)",
        campaign["assignment_count"]
    );
    println!(
        "import preview of the {TASKS}-task plan: {preview_ms:.1} ms; confirm: {confirm_ms:.1} ms"
    );
    println!(
        "{:<44} {:>8} {:>8} {:>8} {:>8}",
        "endpoint", "mean", "p50", "p99", "max"
    );
    let mut worst = 0.0f64;
    for (name, path) in [
        (
            "GET board (all units)",
            format!("/api/campaigns/{id}/board"),
        ),
        (
            "GET board (districts)",
            format!("/api/campaigns/{id}/board?unit_kind=district"),
        ),
        (
            "GET tasks page (20, sorted by seq)",
            format!("/api/tasks?campaign_id={id}&page_size=20"),
        ),
        (
            "GET tasks page (overdue filter)",
            format!("/api/tasks?campaign_id={id}&overdue=true&page_size=20"),
        ),
        ("GET campaign summary", format!("/api/campaigns/{id}")),
    ] {
        let mut times: Vec<Duration> = Vec::with_capacity(RUNS);
        for i in 0..RUNS + 5 {
            let t = Instant::now();
            let res = http.get(format!("{base}{path}")).send().await.expect("get");
            assert!(res.status().is_success(), "{path}: {}", res.status());
            let _ = res.bytes().await.expect("body");
            if i >= 5 {
                times.push(t.elapsed());
            }
        }
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let mean = times.iter().map(|d| ms(*d)).sum::<f64>() / times.len() as f64;
        let p50 = ms(times[times.len() / 2]);
        let p99 = ms(times[(times.len() * 99) / 100 - 1]);
        let max = ms(*times.last().expect("max"));
        worst = worst.max(p99);
        println!("{name:<44} {mean:>6.1}ms {p50:>6.1}ms {p99:>6.1}ms {max:>6.1}ms");
    }
    println!(
        "budget: p99 < 50 ms for each → {}",
        if worst < 50.0 { "met" } else { "MISSED" }
    );
    if worst >= 50.0 {
        std::process::exit(1);
    }
}
