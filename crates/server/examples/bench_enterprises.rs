//! Benchmark of the enterprise registry on SQLite, over HTTP against a real server:
//! validate and import a 10,000-row `.xlsx` (budget < 2 s), fill to 100,000
//! enterprises, substring search (budget < 20 ms), export 100,000 to `.xlsx`
//! (budget < 5 s). Budgets: issue 4.
//!
//! `cargo run --release -p anzhi-server --example bench_enterprises` (see bench/enterprises.sh)

use std::time::{Duration, Instant};

use anzhi_domain::crypto::FieldCipher;
use anzhi_domain::enterprise::IMPORT_COLUMNS;
use anzhi_server::{AppState, ServerConfig};
use anzhi_store::Store;
use serde_json::{Value, json};

const BATCH: u32 = 10_000;
const TOTAL: u32 = 100_000;
const SEARCHES: usize = 200;

const PLACES: [&str; 24] = [
    "椰城",
    "南海",
    "琼州",
    "滨海",
    "万绿",
    "海甸",
    "白沙",
    "龙昆",
    "金盘",
    "国兴",
    "府城",
    "长流",
    "西秀",
    "东山",
    "红旗",
    "三江",
    "灵山",
    "演丰",
    "新埠",
    "大致坡",
    "永兴",
    "石山",
    "遵谭",
    "龙塘",
];
const WORDS: [&str; 16] = [
    "鑫源", "华联", "惠民", "佳乐", "恒信", "万家", "福润", "宏达", "金海", "益民", "嘉禾", "新宇",
    "瑞丰", "和顺", "椰风", "海韵",
];
const KINDS: [(&str, &str); 6] = [
    ("购物广场有限公司", "大型商业综合体/商场"),
    ("超市有限公司", "超市"),
    ("农贸市场管理有限公司", "农贸市场"),
    ("餐饮管理有限公司", "餐饮"),
    ("石油销售有限公司", "成品油零售"),
    ("酒店管理有限公司", "住宿"),
];
const DISTRICTS: [&str; 4] = ["秀英区", "龙华区", "琼山区", "美兰区"];

fn code(serial: u32) -> String {
    let head = format!("9146010{}MA{:07}", serial % 10, serial);
    let c = anzhi_domain::validate::credit_code_check_char(&head).expect("check");
    format!("{head}{c}")
}

/// A reproducible 10,000-row import file starting at `from`.
fn batch(from: u32) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, (_, h, _)) in IMPORT_COLUMNS.iter().enumerate() {
        ws.write(0, c as u16, *h).expect("header");
    }
    for i in 0..BATCH {
        let n = from + i;
        let (kind, cat) = KINDS[(n as usize) % KINDS.len()];
        let name = format!(
            "海口{}{}{}{}分店",
            PLACES[(n as usize / 7) % PLACES.len()],
            WORDS[(n as usize / 3) % WORDS.len()],
            kind,
            n
        );
        let r = i + 1;
        let cells = [
            name,
            code(n),
            DISTRICTS[(n as usize) % 4].to_string(),
            cat.to_string(),
            if n.is_multiple_of(10) { "是" } else { "否" }.to_string(),
            "在营".to_string(),
            format!(
                "海口市{}路{}号",
                PLACES[(n as usize) % PLACES.len()],
                n % 500
            ),
            String::new(),
            String::new(),
            format!("法人{}", n % 97),
            format!("负责人{}", n % 89),
            format!("139{:08}", n),
            format!("安全员{}", n % 83),
            String::new(),
            format!("{}", 10 + n % 300),
            format!("{}", 200 + n % 9000),
        ];
        for (c, v) in cells.iter().enumerate() {
            ws.write(r, c as u16, v.as_str()).expect("cell");
        }
    }
    wb.save_to_buffer().expect("xlsx")
}

/// Fills the database through an in-process server (its own runtime and threads),
/// then measures search and export against the real `anzhi serve` binary started as
/// a separate process on that database (`ANZHI_BIN`, default target/release/anzhi),
/// whose peak memory is read from /proc.
fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    if std::env::var_os("BENCH_KEEP_DB").is_some() {
        println!("database kept in {}", dir.path().display());
    }
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("anzhi.db").display()
    );
    let (tx, rx) = std::sync::mpsc::channel();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .expect("server runtime");
        rt.block_on(async move {
            let store = Store::open(&url, FieldCipher::new(&[1u8; 32]))
                .await
                .expect("store");
            store.ensure_defaults().await.expect("defaults");
            store.seed_demo().await.expect("demo");
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            tx.send(format!("http://{}", listener.local_addr().expect("addr")))
                .expect("send");
            let state = AppState::new(
                store.clone(),
                ServerConfig {
                    demo: true,
                    ..Default::default()
                },
            );
            anzhi_server::launch(listener, state, async {
                let _ = stop_rx.await;
            })
            .await
            .expect("serve");
            store.close().await;
        });
    });
    let base = rx.recv().expect("server address");
    let client_rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime");
    let import_ok = client_rt.block_on(fill(base));
    let _ = stop_tx.send(());
    server.join().expect("server thread");

    // The real server, as deployed, on the filled database.
    let bin = std::env::var("ANZHI_BIN").unwrap_or_else(|_| "target/release/anzhi".into());
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let mut child = std::process::Command::new(&bin)
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .arg("--data-dir")
        .arg(dir.path())
        .args(["--reminder-interval", "0"])
        .env("ANZHI_FIELD_KEY", "01".repeat(32))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("cannot start {bin}: {e} (build it: cargo build --release -p anzhi)")
        });
    let base = format!("http://127.0.0.1:{port}");
    let measured = client_rt.block_on(async {
        for _ in 0..300 {
            if reqwest::get(format!("{base}/api/health")).await.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        client(base).await
    });
    let rss = std::fs::read_to_string(format!("/proc/{}/status", child.id()))
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|k| k.parse::<f64>().ok())
            })
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0);
    println!("peak RSS of `anzhi serve` (search and export): {rss:.0} MB");
    let _ = child.kill();
    let _ = child.wait();
    let met = import_ok && measured;
    println!("budgets: {}", if met { "met" } else { "MISSED" });
    if std::env::var_os("BENCH_KEEP_DB").is_some() {
        let _ = dir.keep();
    }
    if !met {
        std::process::exit(1);
    }
}

/// Substring search with two characters from the middle of a name: (p50, p99) in ms.
async fn search_mix(http: &reqwest::Client, base: &str) -> (f64, f64) {
    let mut times = Vec::with_capacity(SEARCHES);
    for i in 0..SEARCHES + 5 {
        let q = format!(
            "{}{}",
            PLACES[i % PLACES.len()].chars().last().unwrap_or('海'),
            WORDS[(i * 7) % WORDS.len()].chars().next().unwrap_or('华')
        );
        let t = Instant::now();
        let res = http
            .get(format!(
                "{base}/api/enterprises?page_size=20&q={}",
                q.bytes().map(|b| format!("%{b:02X}")).collect::<String>()
            ))
            .send()
            .await
            .expect("search");
        assert!(res.status().is_success());
        let v: Value = res.json().await.expect("json");
        let _ = v["total"].as_u64();
        if i >= 5 {
            times.push(t.elapsed());
        }
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    (
        ms(times[times.len() / 2]),
        ms(times[times.len() * 99 / 100 - 1]),
    )
}

async fn login(http: &reqwest::Client, base: &str) -> String {
    let me: Value = http
        .post(format!("{base}/api/auth/login"))
        .json(&json!({"username": "zhengfa", "password": "Anzhi@2026"}))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("me");
    me["csrf_token"].as_str().expect("csrf").to_string()
}

async fn fill(base: String) -> bool {
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("client");
    let csrf = login(&http, &base).await;

    println!("enterprise registry benchmark (SQLite, release build, over HTTP)");
    let mut first = None;
    let mut serial = 1_000_000u32;
    let fill = Instant::now();
    while serial < 1_000_000 + TOTAL {
        let file = batch(serial);
        let t0 = Instant::now();
        let p: Value = http
            .post(format!(
                "{base}/api/enterprises/import/preview?file_name=bench.xlsx"
            ))
            .header("X-CSRF-Token", &csrf)
            .header("Content-Type", "application/octet-stream")
            .body(file.clone())
            .send()
            .await
            .expect("preview")
            .json()
            .await
            .expect("preview json");
        let preview = t0.elapsed();
        assert_eq!(
            p["valid"],
            BATCH,
            "{}",
            &p.to_string()[..p.to_string().len().min(500)]
        );
        let t1 = Instant::now();
        let r: Value = http
            .post(format!("{base}/api/enterprises/import"))
            .header("X-CSRF-Token", &csrf)
            .json(&json!({"draft_id": p["draft_id"], "existing": "skip"}))
            .send()
            .await
            .expect("import")
            .json()
            .await
            .expect("import json");
        assert_eq!(r["created"], BATCH, "{r}");
        let import = t1.elapsed();
        if first.is_none() {
            first = Some((file.len(), preview, import));
        }
        serial += BATCH;
    }
    let (bytes, preview, import) = first.expect("first batch");
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let import_total = ms(preview) + ms(import);
    println!(
        "import of {BATCH} rows ({:.0} KB .xlsx): validate+preview {:.0} ms, import {:.0} ms, total {:.0} ms (budget 2000 ms)",
        bytes as f64 / 1024.0,
        ms(preview),
        ms(import),
        import_total
    );
    println!(
        "filled to {TOTAL} enterprises in {:.1} s",
        fill.elapsed().as_secs_f64()
    );

    let (p50, p99) = search_mix(&http, &base).await;
    println!(
        "substring search on the in-process server right after the imports: p50 {p50:.1} ms, p99 {p99:.1} ms"
    );
    import_total < 2000.0
}

async fn client(base: String) -> bool {
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("client");
    login(&http, &base).await;
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("against `anzhi serve` (release) started on the filled database:");
    let (p50, p99) = search_mix(&http, &base).await;
    println!(
        "substring search over {TOTAL} (2 characters, page of 20 with total): p50 {p50:.1} ms, p99 {p99:.1} ms (budget 20 ms)"
    );
    // Fragments found in many names: 海口 (every name) and 超市 (one in six).
    let mut common_worst = 0.0f64;
    for q in ["海口", "超市"] {
        let mut times = Vec::new();
        for i in 0..55 {
            let t = Instant::now();
            let res = http
                .get(format!(
                    "{base}/api/enterprises?page_size=20&q={}",
                    q.bytes().map(|b| format!("%{b:02X}")).collect::<String>()
                ))
                .send()
                .await
                .expect("search");
            let v: Value = res.json().await.expect("json");
            assert!(v["total"].as_u64().unwrap_or(0) > 0);
            if i >= 5 {
                times.push(t.elapsed());
            }
        }
        times.sort();
        let p50 = ms(times[times.len() / 2]);
        let p99 = ms(times[times.len() * 99 / 100 - 1]);
        common_worst = common_worst.max(p99);
        println!("search for a common fragment “{q}”: p50 {p50:.1} ms, p99 {p99:.1} ms");
    }
    let _ = common_worst;
    let t = Instant::now();
    let res = http
        .get(format!("{base}/api/enterprises/export"))
        .send()
        .await
        .expect("export");
    assert!(res.status().is_success());
    let body = res.bytes().await.expect("export body");
    let export = ms(t.elapsed());
    println!(
        "export of {TOTAL} enterprises to .xlsx: {export:.0} ms, {:.1} MB (budget 5000 ms)",
        body.len() as f64 / 1024.0 / 1024.0
    );
    p99 < 20.0 && export < 5000.0
}
