//! Helpers the document tests share: unpacking a package, reading its paragraphs,
//! saving samples to open by hand.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::PathBuf;

use chrono::NaiveDate;

pub const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The package's entries by name; fails unless it is a docx-shaped zip whose XML parts
/// all parse.
pub fn unpack(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a valid zip");
    let mut parts = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if f.is_dir() {
            continue;
        }
        let mut buf = Vec::new();
        f.read_to_end(&mut buf).unwrap();
        parts.insert(f.name().unwrap().into_owned(), buf);
    }
    for name in [
        "[Content_Types].xml",
        "_rels/.rels",
        "word/document.xml",
        "word/_rels/document.xml.rels",
        "word/styles.xml",
    ] {
        assert!(parts.contains_key(name), "missing {name}");
    }
    for (name, data) in &parts {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            let text = std::str::from_utf8(data).unwrap_or_else(|_| panic!("{name}: not UTF-8"));
            roxmltree::Document::parse(text)
                .unwrap_or_else(|e| panic!("{name} is not well-formed XML: {e}"));
        }
    }
    parts
}

pub fn part(parts: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(parts[name].clone()).unwrap()
}

/// The text of each paragraph of document.xml (tables included), in order.
pub fn paragraphs(document: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(document).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name((W_NS, "p")))
        .map(|p| {
            p.descendants()
                .filter(|n| n.has_tag_name((W_NS, "t")))
                .filter_map(|t| t.text())
                .collect::<String>()
        })
        .collect()
}

pub fn has_paragraph(paras: &[String], text: &str) -> bool {
    paras.iter().any(|p| p.contains(text))
}

/// Writes `bytes` to `target/docs-samples/<name>` for a human to open.
pub fn save(name: &str, bytes: &[u8]) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/docs-samples");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), bytes).unwrap();
}

/// The runs of document.xml as (east-Asian font, size in half-points, text).
pub fn runs(document: &str) -> Vec<(String, String, String)> {
    let doc = roxmltree::Document::parse(document).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name((W_NS, "r")))
        .map(|r| {
            let prop = |tag: &str, attr: &str| {
                r.descendants()
                    .find(|n| n.has_tag_name((W_NS, tag)))
                    .and_then(|n| n.attribute((W_NS, attr)))
                    .unwrap_or_default()
                    .to_owned()
            };
            let text = r
                .descendants()
                .filter(|n| n.has_tag_name((W_NS, "t")))
                .filter_map(|t| t.text())
                .collect();
            (prop("rFonts", "eastAsia"), prop("sz", "val"), text)
        })
        .collect()
}

/// Whether some run holding `text` is set in `font` at `size` half-points.
pub fn has_run(document: &str, text: &str, font: &str, size: &str) -> bool {
    runs(document)
        .iter()
        .any(|(f, s, t)| f == font && s == size && t.contains(text))
}

/// Checks the GB/T 9704 page: A4, margins 37/35/28/26 mm, 28 pt pitch, two-character
/// indent, "— 1 —" page numbers outside (right on odd pages, left on even).
pub fn assert_gbt_9704_page(parts: &BTreeMap<String, Vec<u8>>) {
    let doc = part(parts, "word/document.xml");
    assert!(doc.contains(r#"w:w="11906""#) && doc.contains(r#"w:h="16838""#));
    for m in [
        r#"w:top="2098""#,
        r#"w:bottom="1984""#,
        r#"w:left="1587""#,
        r#"w:right="1474""#,
    ] {
        assert!(doc.contains(m), "{m}");
    }
    assert!(doc.contains(r#"w:line="560" w:lineRule="exact""#), "28 pt");
    let footers: Vec<String> = parts
        .iter()
        .filter(|(k, _)| k.starts_with("word/footer"))
        .map(|(_, v)| String::from_utf8(v.clone()).unwrap())
        .collect();
    assert_eq!(footers.len(), 2);
    for footer in &footers {
        assert!(footer.contains("<w:instrText>PAGE</w:instrText>"));
        assert_eq!(paragraphs(footer), ["— 1 —"]);
        assert!(footer.contains(r#"w:eastAsia="宋体""#));
        assert!(footer.contains(r#"<w:sz w:val="28" />"#));
    }
    assert!(
        footers
            .iter()
            .any(|f| f.contains(r#"<w:jc w:val="right" />"#))
    );
    assert!(
        footers
            .iter()
            .any(|f| f.contains(r#"<w:jc w:val="left" />"#))
    );
    assert!(part(parts, "word/settings.xml").contains("w:evenAndOddHeaders"));
}
