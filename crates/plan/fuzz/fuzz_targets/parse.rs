//! Feeds arbitrary bytes to `anzhi_plan::parse` as text and as `.docx`, and the same bytes
//! as the `word/document.xml` of a valid zip, so the XML reader is reached too.
#![no_main]

use std::io::{Cursor, Write};

use anzhi_plan::{SourceFormat, parse};
use libfuzzer_sys::fuzz_target;

fn wrap_in_docx(xml: &[u8]) -> Option<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored);
    zip.start_file("word/document.xml", opts).ok()?;
    zip.write_all(xml).ok()?;
    Some(zip.finish().ok()?.into_inner())
}

fuzz_target!(|data: &[u8]| {
    let year = data.first().map(|b| 2000 + i32::from(*b % 40));
    for format in [SourceFormat::Text, SourceFormat::Docx] {
        if let Ok(plan) = parse(data, format, year) {
            assert!(!plan.tasks.is_empty());
            for t in &plan.tasks {
                if let Some(d) = &t.deadline {
                    if let (Some(s), Some(e)) = (d.start, d.end) {
                        assert!(s <= e, "{d:?}");
                    }
                }
            }
        }
    }
    if let Some(docx) = wrap_in_docx(data) {
        let _ = parse(&docx, SourceFormat::Docx, None);
    }
});
