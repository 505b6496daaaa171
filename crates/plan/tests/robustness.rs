//! Hostile inputs: the parser stays linear, keeps warning lists short, and refuses
//! oversized documents. Each case here was quadratic or unbounded at some point.

use std::io::{Cursor, Write};
use std::time::{Duration, Instant};

use anzhi_plan::{PlanError, SourceFormat, parse};

fn timed(name: &str, text: &str) -> Option<anzhi_plan::ParsedPlan> {
    let t = Instant::now();
    let r = parse(text.as_bytes(), SourceFormat::Text, None).ok();
    let took = t.elapsed();
    // Linear work here is ~0.1 s in a debug build; the quadratic versions took minutes.
    assert!(took < Duration::from_secs(5), "{name}: {took:?}");
    r
}

#[test]
fn many_distinct_units_are_deduplicated_in_linear_time() {
    let units: String = (0..30_000).map(|i| format!("单位{i}科、")).collect();
    let plan = timed("units", &format!("2021年方案\n1. 甲（责任单位：{units}）")).expect("task");
    assert_eq!(plan.tasks[0].responsible_units.len(), 30_000);
}

#[test]
fn many_field_groups_in_one_paragraph() {
    let groups = "（牵头单位：局办公室）".repeat(30_000);
    let plan = timed("groups", &format!("2021年方案\n1. 甲{groups}")).expect("task");
    assert_eq!(plan.tasks[0].lead_units, ["局办公室"]);
}

#[test]
fn brackets_labels_and_lines_in_bulk() {
    timed(
        "opens",
        &format!(
            "2021年方案\n1. 甲{}（牵头单位：局办公室）",
            "（".repeat(100_000)
        ),
    );
    timed(
        "closes",
        &format!(
            "2021年方案\n1. 甲。牵头单位：局办公室{}",
            "）".repeat(100_000)
        ),
    );
    timed(
        "labels",
        &format!("2021年方案\n1. 甲（{}）", "牵头单位：".repeat(50_000)),
    );
    timed(
        "joined lines",
        &format!(
            "2021年方案\n1. 甲{}（牵头单位：局办公室）",
            "乙、\n".repeat(50_000)
        ),
    );
    timed(
        "deadline parts",
        &format!(
            "2021年方案\n1. 甲（完成时限：{}）",
            "3月份，".repeat(50_000)
        ),
    );
    timed(
        "roles",
        &format!(
            "2021年方案\n1. 甲（{}局办公室牵头）",
            "局办公室，".repeat(50_000)
        ),
    );
    timed("markers", &"（一）\n".repeat(50_000));
}

#[test]
fn warnings_are_capped() {
    let fields: String = (0..5_000).map(|i| format!("责任人：张{i}；")).collect();
    let plan = timed(
        "warnings",
        &format!("2021年方案\n1. 甲（牵头单位：局办公室；{fields}）"),
    )
    .expect("task");
    let w = &plan.tasks[0].warnings;
    assert!(w.len() <= 21, "{}", w.len());
    assert_eq!(w.last().map(String::as_str), Some("提示过多，其余已省略"));
}

#[test]
fn oversized_document_xml_is_refused() {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(false);
    zip.start_file("word/document.xml", opts).expect("entry");
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..65 {
        zip.write_all(&chunk).expect("write");
    }
    let bytes = zip.finish().expect("zip").into_inner();
    let e = parse(&bytes, SourceFormat::Docx, None).expect_err("too large");
    assert_eq!(e, PlanError::TooLarge);
    assert_eq!(e.to_string(), "文档内容过大，无法导入");
}

#[test]
fn deeply_nested_docx_elements() {
    let mut body = String::new();
    for _ in 0..20_000 {
        body.push_str("<w:tbl><w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p>");
    }
    let xml = format!(
        "<w:document xmlns:w=\"w\"><w:body>{body}<w:p><w:r><w:t>1. 甲（牵头单位：局办公室）</w:t></w:r></w:p></w:body></w:document>"
    );
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .expect("entry");
    zip.write_all(xml.as_bytes()).expect("write");
    let bytes = zip.finish().expect("zip").into_inner();
    // Unclosed elements: the XML reader reports an error at the end, never a crash.
    let t = Instant::now();
    let _ = parse(&bytes, SourceFormat::Docx, None);
    assert!(t.elapsed() < Duration::from_secs(5));
}
