//! Helpers shared by the integration tests: a minimal `.docx` writer.
#![allow(dead_code)]

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;

/// A block of a generated `.docx`.
pub enum DocBlock<'a> {
    /// A paragraph whose runs are given separately (a run split like Word does).
    Para(&'a [&'a str]),
    /// A table of rows of cells.
    Table(Vec<Vec<String>>),
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// `w:p` with each run in its own `w:r`/`w:t`.
pub fn para_xml(runs: &[&str]) -> String {
    let mut x = String::from("<w:p><w:pPr><w:jc w:val=\"both\"/></w:pPr>");
    for r in runs {
        x.push_str(&format!(
            "<w:r><w:rPr><w:rFonts w:hint=\"eastAsia\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>",
            esc(r)
        ));
    }
    x.push_str("</w:p>");
    x
}

pub fn table_xml(rows: &[Vec<String>]) -> String {
    let mut x = String::from("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>");
    for r in rows {
        x.push_str("<w:tr>");
        for c in r {
            x.push_str("<w:tc><w:tcPr><w:tcW w:w=\"1000\" w:type=\"dxa\"/></w:tcPr>");
            if c.is_empty() {
                x.push_str("<w:p/>");
            }
            for line in c.split('\n').filter(|l| !l.is_empty()) {
                x.push_str(&para_xml(&[line]));
            }
            x.push_str("</w:tc>");
        }
        x.push_str("</w:tr>");
    }
    x.push_str("</w:tbl>");
    x
}

/// A `.docx` holding `body` (the inside of `w:body`).
pub fn docx_from_body(body: &str) -> Vec<u8> {
    docx_with_parts(body, &[])
}

/// A `.docx` holding `body` and extra parts such as `word/numbering.xml`.
pub fn docx_with_parts(body: &str, parts: &[(&str, &str)]) -> Vec<u8> {
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\">\
<w:body>{body}<w:sectPr/></w:body></w:document>"
    );
    let content_types = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
</Types>";
    let rels = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
</Relationships>";
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut all = vec![
        ("[Content_Types].xml", content_types.to_string()),
        ("_rels/.rels", rels.to_string()),
        ("word/document.xml", document),
    ];
    for (n, d) in parts {
        all.push((n, d.to_string()));
    }
    for (name, data) in all {
        zip.start_file(name, opts).expect("zip entry");
        zip.write_all(data.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip finish").into_inner()
}

pub fn docx(blocks: &[DocBlock<'_>]) -> Vec<u8> {
    let mut body = String::new();
    for b in blocks {
        match b {
            DocBlock::Para(runs) => body.push_str(&para_xml(runs)),
            DocBlock::Table(rows) => body.push_str(&table_xml(rows)),
        }
    }
    docx_from_body(&body)
}

/// A `.docx` with one paragraph per non-blank line of `text`, each line split into runs of
/// at most 7 characters (as Word splits runs at formatting and spell-check boundaries).
/// Runs of `| … |` lines become real tables.
pub fn docx_from_text(text: &str) -> Vec<u8> {
    let mut body = String::new();
    let mut table: Vec<Vec<String>> = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with('|') {
            if t.chars().all(|c| matches!(c, '|' | '-' | ' ' | ':')) {
                continue;
            }
            let inner = t.trim_start_matches('|').trim_end_matches('|');
            table.push(inner.split('|').map(|c| c.trim().to_string()).collect());
            continue;
        }
        if !table.is_empty() {
            body.push_str(&table_xml(&table));
            table.clear();
        }
        if t.is_empty() {
            continue;
        }
        let chars: Vec<char> = t.chars().collect();
        let runs: Vec<String> = chars.chunks(7).map(|c| c.iter().collect()).collect();
        let refs: Vec<&str> = runs.iter().map(String::as_str).collect();
        body.push_str(&para_xml(&refs));
    }
    if !table.is_empty() {
        body.push_str(&table_xml(&table));
    }
    docx_from_body(&body)
}

pub const SEED: &str = include_str!("../data/haikou-commerce-2021.txt");
