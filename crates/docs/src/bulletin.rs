//! 通报: the periodic bulletin on the campaign's progress.

use crate::official::{
    Letterhead, add_record, add_sections, addressee, blank, document, draft_mark, letterhead,
    one_line, sign_off, title,
};
use crate::{Bulletin, DocError, package};

/// Writes a 通报 in the GB/T 9704-2012 文件格式.
///
/// With a 发文字号: the 版头 (the issuer in red 方正小标宋简体, the number centred under it,
/// a red line), then the title. Without one the document is a draft: "草稿" at the top
/// right, no 版头. Then 主送机关, the sections (headings numbered "一、" … unless they
/// carry their own number; "（一）" lines in 楷体_GB2312), the issuer centred over the
/// date four characters from the right, and, when there is a 抄送, the 版记.
///
/// Never fails in practice ([`DocError::Write`] only if the writer does).
pub fn bulletin(b: &Bulletin) -> Result<Vec<u8>, DocError> {
    let issuer = one_line(&b.issuer);
    let number = b.number.as_deref().map(one_line).unwrap_or_default();
    let mut docx = document();
    docx = if number.is_empty() {
        docx.add_paragraph(draft_mark())
    } else {
        letterhead(docx, &issuer, &number, Letterhead::File)
    };
    docx = docx.add_paragraph(title(&b.title)).add_paragraph(blank());
    if let Some(p) = addressee(&b.recipients) {
        docx = docx.add_paragraph(p);
    }
    docx = add_sections(docx, &b.sections);
    docx = sign_off(docx, &issuer, b.date);
    if let Some(copy) = b.copy_to.as_deref().map(one_line)
        && !copy.is_empty()
    {
        docx = add_record(docx, &copy, &issuer, b.date);
    }
    package::pack(docx, b.date)
}
