//! Benchmark: parses the seed plan (as `.txt` and as a generated `.docx`) N times and prints
//! mean, p50, p99 and max in milliseconds. Budget: p99 < 5 ms for the seed; the process
//! exits with status 1 when over budget.
//!
//! `cargo run --release -p anzhi-plan --example bench_parse [-- N]` (see bench/plan-parse.sh).

use std::io::{Cursor, Write};
use std::process::ExitCode;
use std::time::Instant;

use anzhi_plan::{SourceFormat, parse};

const SEED: &str = include_str!("../tests/data/haikou-commerce-2021.txt");
const BUDGET_MS: f64 = 5.0;

/// The seed as a `.docx`: one paragraph per non-blank line.
fn seed_docx() -> Option<Vec<u8>> {
    let mut body = String::new();
    for line in SEED.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let esc = line
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        body.push_str(&format!("<w:p><w:r><w:t>{esc}</w:t></w:r></w:p>"));
    }
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .ok()?;
    zip.write_all(xml.as_bytes()).ok()?;
    Some(zip.finish().ok()?.into_inner())
}

struct Stats {
    mean: f64,
    p50: f64,
    p99: f64,
    max: f64,
}

fn measure(bytes: &[u8], format: SourceFormat, n: usize) -> Result<Stats, String> {
    for _ in 0..n.min(100) {
        parse(bytes, format, None).map_err(|e| e.to_string())?;
    }
    let mut ms = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        let plan = parse(bytes, format, None).map_err(|e| e.to_string())?;
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
        if plan.tasks.len() != 10 {
            return Err(format!("expected 10 tasks, got {}", plan.tasks.len()));
        }
    }
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() as f64 * q).ceil() as usize).clamp(1, ms.len()) - 1];
    Ok(Stats {
        mean: ms.iter().sum::<f64>() / ms.len() as f64,
        p50: at(0.50),
        p99: at(0.99),
        max: ms[ms.len() - 1],
    })
}

fn main() -> ExitCode {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(2000)
        .max(1);
    let Some(docx) = seed_docx() else {
        eprintln!("could not build the seed .docx");
        return ExitCode::from(2);
    };
    let mut ok = true;
    println!(
        "anzhi-plan: parse the seed plan ({} bytes), {n} runs, budget p99 < {BUDGET_MS} ms",
        SEED.len()
    );
    for (name, bytes, format) in [
        ("seed.txt ", SEED.as_bytes(), SourceFormat::Text),
        ("seed.docx", docx.as_slice(), SourceFormat::Docx),
    ] {
        match measure(bytes, format, n) {
            Ok(s) => {
                let pass = s.p99 < BUDGET_MS;
                ok &= pass;
                println!(
                    "{name}  mean {:.3} ms  p50 {:.3} ms  p99 {:.3} ms  max {:.3} ms  {}",
                    s.mean,
                    s.p50,
                    s.p99,
                    s.max,
                    if pass { "PASS" } else { "OVER BUDGET" }
                );
            }
            Err(e) => {
                eprintln!("{name}: {e}");
                return ExitCode::from(2);
            }
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
