//! Turns a built document into `.docx` bytes, adding the little docx-rs cannot say.

use std::io::Cursor;

use chrono::NaiveDate;
use docx_rs::Docx;

use crate::DocError;

/// The row-height element docx-rs writes for [`crate::layout::HEAD_ROW_HEIGHT`].
const HEAD_ROW_MARK: &str = r#"<w:trHeight w:val="397" w:hRule="atLeast" />"#;

/// Packs `docx`, dated `on` in its properties, into `.docx` bytes.
///
/// Two fixes on the rendered parts:
/// - docx-rs stores every picture as `word/media/<id>.png`; JPEG pictures get a content
///   type override `image/jpeg` so the package says what the part holds;
/// - table-head rows (marked by their height) get `<w:tblHeader/>`, so they repeat at
///   the top of every page the table runs onto.
pub(crate) fn pack(docx: Docx, on: NaiveDate) -> Result<Vec<u8>, DocError> {
    let stamp = format!("{}T00:00:00Z", on.format("%Y-%m-%d"));
    let mut xml = docx.created_at(&stamp).updated_at(&stamp).build();

    let overrides: String = xml
        .media
        .iter()
        .filter(|(_, bytes)| bytes.starts_with(&[0xFF, 0xD8]))
        .map(|(id, _)| {
            format!(r#"<Override PartName="/word/media/{id}.png" ContentType="image/jpeg" />"#)
        })
        .collect();
    if !overrides.is_empty() {
        let ct = String::from_utf8_lossy(&xml.content_type).into_owned();
        let at = ct
            .rfind("</Types>")
            .ok_or_else(|| DocError::Write("[Content_Types].xml 缺少 </Types>".into()))?;
        xml.content_type = format!("{}{overrides}{}", &ct[..at], &ct[at..]).into_bytes();
    }

    let doc = String::from_utf8_lossy(&xml.document);
    if doc.contains(HEAD_ROW_MARK) {
        xml.document = doc
            .replace(HEAD_ROW_MARK, &format!("{HEAD_ROW_MARK}<w:tblHeader />"))
            .into_bytes();
    }

    let mut out = Cursor::new(Vec::new());
    xml.pack(&mut out)
        .map_err(|e| DocError::Write(e.to_string()))?;
    Ok(out.into_inner())
}
