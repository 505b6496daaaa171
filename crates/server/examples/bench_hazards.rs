//! Benchmark of hidden-hazard governance on SQLite, over HTTP against the release
//! `anzhi serve` binary as its own process, with 100,000 enterprises and 1,000,000
//! hazards over three years (issue 5 budgets):
//! - a filtered, paged hazard list: p99 over 1,000 varied queries < 20 ms;
//! - the statistics of one district or the whole city < 100 ms;
//! - creating a hazard with two 3 MB photos < 300 ms.
//!
//! `cargo run --release -p anzhi-server --example bench_hazards` (see bench/hazards.sh).
//! `BENCH_HAZARDS` and `BENCH_ENTERPRISES` change the sizes.

use std::time::{Duration, Instant};

use anzhi_domain::crypto::FieldCipher;
use anzhi_store::Store;
use serde_json::{Value, json};

const LIST_QUERIES: usize = 1_000;

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentiles(mut t: Vec<Duration>) -> (f64, f64, f64) {
    t.sort();
    let n = t.len();
    (
        ms(t[n / 2]),
        ms(t[((n * 99).div_ceil(100)).clamp(1, n) - 1]),
        ms(t[n - 1]),
    )
}

/// A ~3 MB 4000×3000 phone-like JPEG (gradients, shapes and sensor-like noise).
fn phone_jpeg(seed: u64) -> Vec<u8> {
    const W: u32 = 4000;
    const H: u32 = 3000;
    let mut s = seed | 1;
    let mut noise = move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s >> 56) as i32 - 128
    };
    let mut px = Vec::with_capacity((W * H * 3) as usize);
    for y in 0..H {
        for x in 0..W {
            let (fx, fy) = (x as f32 / W as f32, y as f32 / H as f32);
            let wave = ((fx * 37.0).sin() * (fy * 23.0).cos() * 40.0) as i32;
            let stripe = if (x / 90 + y / 140) % 3 == 0 { 35 } else { 0 };
            let n = noise() / 16;
            let r = 60 + (fx * 140.0) as i32 + wave + stripe + n;
            let g = 90 + (fy * 100.0) as i32 - wave / 2 + n;
            let b = 200 - (fy * 150.0) as i32 + stripe + n;
            px.extend([r, g, b].map(|c| c.clamp(0, 255) as u8));
        }
    }
    let mut jpeg = Vec::new();
    let mut enc = jpeg_encoder::Encoder::new(&mut jpeg, 92);
    enc.set_sampling_factor(jpeg_encoder::SamplingFactor::R_4_2_0);
    enc.encode(&px, W as u16, H as u16, jpeg_encoder::ColorType::Rgb)
        .expect("jpeg");
    jpeg
}

struct Session {
    http: reqwest::Client,
    csrf: String,
    org_id: String,
}

async fn login(base: &str, user: &str) -> Session {
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("client");
    let me: Value = http
        .post(format!("{base}/api/auth/login"))
        .json(&json!({"username": user, "password": "Anzhi@2026"}))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("me");
    Session {
        http,
        csrf: me["csrf_token"].as_str().expect("csrf").to_string(),
        org_id: me["user"]["org_id"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
    }
}

async fn get(s: &Session, url: &str) -> (Duration, Value) {
    let t = Instant::now();
    let res = s.http.get(url).send().await.expect("get");
    assert!(res.status().is_success(), "{url}: {}", res.status());
    let v: Value = res.json().await.expect("json");
    (t.elapsed(), v)
}

fn main() {
    let enterprises = env_or("BENCH_ENTERPRISES", 100_000);
    let hazards = env_or("BENCH_HAZARDS", 1_000_000);
    // BENCH_DIR keeps the filled database between runs (filled once, reused after).
    let temp = tempfile::tempdir().expect("tempdir");
    let kept = std::env::var_os("BENCH_DIR").map(std::path::PathBuf::from);
    let dir = kept.clone().unwrap_or_else(|| temp.path().to_path_buf());
    std::fs::create_dir_all(&dir).expect("bench dir");
    let reuse = kept.is_some() && dir.join("anzhi.db").exists();
    let url = format!("sqlite://{}?mode=rwc", dir.join("anzhi.db").display());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    println!("hidden-hazard benchmark (SQLite, release build, over HTTP)");
    let today = anzhi_domain::time::today_china(chrono::Utc::now());
    rt.block_on(async {
        if reuse {
            println!("reusing the database filled before in {}", dir.display());
            return;
        }
        let store = Store::open(&url, FieldCipher::new(&[1u8; 32]))
            .await
            .expect("store");
        store.ensure_defaults().await.expect("defaults");
        store.seed_demo().await.expect("demo");
        let t = Instant::now();
        let all = store
            .bench_fill_enterprises(enterprises, 7)
            .await
            .expect("enterprises");
        let te = t.elapsed();
        let t = Instant::now();
        store
            .bench_fill_hazards(&all, hazards, 11, today)
            .await
            .expect("hazards");
        println!(
            "filled {} enterprises in {:.1} s and {hazards} hazards in {:.1} s",
            all.len(),
            te.as_secs_f64(),
            t.elapsed().as_secs_f64()
        );
        store.close().await;
    });

    let bin = std::env::var("ANZHI_BIN").unwrap_or_else(|_| "target/release/anzhi".into());
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let mut child = std::process::Command::new(&bin)
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .arg("--data-dir")
        .arg(&dir)
        .args(["--reminder-interval", "0"])
        .env("ANZHI_FIELD_KEY", "01".repeat(32))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {bin}: {e}"));
    let base = format!("http://127.0.0.1:{port}");
    let met = rt.block_on(async {
        for _ in 0..600 {
            if reqwest::get(format!("{base}/api/health")).await.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        measure(&base).await
    });
    let rss = std::fs::read_to_string(format!("/proc/{}/status", child.id()))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0);
    println!("peak RSS of `anzhi serve`: {rss:.0} MB");
    let _ = child.kill();
    let _ = child.wait();
    println!("budgets: {}", if met { "met" } else { "MISSED" });
    if !met {
        std::process::exit(1);
    }
}

async fn measure(base: &str) -> bool {
    let leader = login(base, "leader").await;
    let district = login(base, "xiuying").await;
    let qiye = login(base, "qiye1").await;
    let (_, cats) = get(&leader, &format!("{base}/api/hazard-categories")).await;
    let cats: Vec<String> = cats
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    let (_, page) = get(
        &district,
        &format!("{base}/api/hazards?page_size=50&sort=-found_on"),
    )
    .await;
    let some_enterprises: Vec<String> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["enterprise_id"].as_str().unwrap().to_string())
        .collect();
    let district_id = district.org_id.clone();

    // 1. The list: 1,000 varied queries by the city and by a district.
    let states = ["pending", "rectifying", "verifying", "closed"];
    let sorts = ["-found_on", "found_on", "deadline", "-deadline", "code"];
    let mut by_kind: std::collections::BTreeMap<&str, Vec<Duration>> = Default::default();
    let mut all = Vec::with_capacity(LIST_QUERIES);
    for i in 0..LIST_QUERIES + 20 {
        let who = if i % 2 == 0 { &leader } else { &district };
        // Every filter meets every order and pages 1-5 (kinds cycle by 10, orders by 50).
        let page = 1 + (i / 7) % 5;
        let (kind, q) = match i % 10 {
            0 => ("plain", String::new()),
            1 => ("state", format!("&state={}", states[i % 4])),
            2 => ("overdue", "&overdue=true".to_string()),
            3 => ("major", "&level=major".to_string()),
            4 => ("category", format!("&category_id={}", cats[i % cats.len()])),
            5 => (
                "month",
                format!(
                    "&found_from=2026-{:02}-01&found_to=2026-{:02}-28",
                    1 + i % 10,
                    1 + i % 10
                ),
            ),
            6 => (
                "enterprise",
                format!(
                    "&enterprise_id={}",
                    some_enterprises[i % some_enterprises.len()]
                ),
            ),
            7 => (
                "source+state",
                format!("&source=district_check&state={}", states[i % 4]),
            ),
            8 => ("district", format!("&district_id={district_id}")),
            _ if i % 20 == 9 => ("keyword", "&q=%E7%81%AD%E7%81%AB%E5%99%A8".to_string()),
            _ => ("number", format!("&q=YH2025{:06}", 1 + i * 97 % 300_000)),
        };
        let url = format!(
            "{base}/api/hazards?page={page}&page_size=20&sort={}{q}",
            sorts[(i / 10) % sorts.len()]
        );
        let (t, v) = get(who, &url).await;
        assert!(v["items"].is_array(), "{url}: {v}");
        if i >= 20 {
            all.push(t);
            by_kind.entry(kind).or_default().push(t);
        }
    }
    let (p50, p99, max) = percentiles(all);
    println!(
        "hazard list, {LIST_QUERIES} varied queries (city and district, filters, sorts, pages 1-5): p50 {p50:.1} ms, p99 {p99:.1} ms, max {max:.1} ms (budget p99 20 ms)"
    );
    for (k, t) in by_kind {
        let (a, b, _) = percentiles(t);
        println!("  {k:<13} p50 {a:.1} ms, p99 {b:.1} ms");
    }
    let list_ok = p99 < 20.0;

    // 2. Statistics, city and district, every grouping.
    let mut stats_ok = true;
    for (who, name) in [(&leader, "city"), (&district, "district")] {
        for by in ["district", "category", "level", "source", "month"] {
            let mut t = Vec::new();
            for i in 0..25 {
                let (d, v) = get(who, &format!("{base}/api/hazards/stats?by={by}")).await;
                assert!(v["total"]["found"].as_i64().unwrap_or(0) > 0, "{v}");
                if i >= 5 {
                    t.push(d);
                }
            }
            let (a, b, _) = percentiles(t);
            println!(
                "statistics of the {name} by {by}: p50 {a:.1} ms, p99 {b:.1} ms (budget 100 ms)"
            );
            stats_ok &= b < 100.0;
        }
    }

    // 3. Reporting a hazard with two 3 MB photos (uploaded side by side, as the form does).
    let photos = [phone_jpeg(1), phone_jpeg(2)];
    println!(
        "photos: {:.1} MB and {:.1} MB JPEG, 4000×3000",
        photos[0].len() as f64 / 1e6,
        photos[1].len() as f64 / 1e6
    );
    let upload = |bytes: Vec<u8>| {
        let http = qiye.http.clone();
        let csrf = qiye.csrf.clone();
        let url = format!("{base}/api/photos");
        async move {
            let part = reqwest::multipart::Part::bytes(bytes).file_name("IMG_0001.jpg");
            let v: Value = http
                .post(url)
                .header("X-CSRF-Token", csrf)
                .multipart(reqwest::multipart::Form::new().part("file", part))
                .send()
                .await
                .expect("upload")
                .json()
                .await
                .expect("upload json");
            v["id"].as_str().expect("photo id").to_string()
        }
    };
    let mut t = Vec::new();
    for i in 0..22 {
        let start = Instant::now();
        let (a, b) = tokio::join!(upload(photos[0].clone()), upload(photos[1].clone()));
        let res = qiye
            .http
            .post(format!("{base}/api/hazards"))
            .header("X-CSRF-Token", &qiye.csrf)
            .json(&json!({"category_id": cats[0], "description": format!("基准测试隐患{i}"), "photos": [a, b]}))
            .send()
            .await
            .expect("report");
        assert_eq!(res.status(), reqwest::StatusCode::CREATED);
        if i >= 2 {
            t.push(start.elapsed());
        }
    }
    let (a, b, _) = percentiles(t);
    println!("report a hazard with two 3 MB photos: p50 {a:.0} ms, p99 {b:.0} ms (budget 300 ms)");
    let create_ok = b < 300.0;
    list_ok && stats_ok && create_ok
}
