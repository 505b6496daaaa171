//! 月报: the campaign's monthly report.

use crate::official::{add_sections, add_table, blank, document, one_line, sign_off, title};
use crate::{DocError, MonthlyReport, package};

/// Writes a 月报 in the GB/T 9704-2012 layout: the title, the sections (headings numbered
/// "一、" … unless they carry their own number; "（一）" lines in 楷体_GB2312), then each
/// table under its centred caption (bordered, head row repeated on every page, columns
/// sized by their contents), then the issuer centred over the date four characters from
/// the right.
///
/// Never fails in practice ([`DocError::Write`] only if the writer does).
pub fn monthly_report(r: &MonthlyReport) -> Result<Vec<u8>, DocError> {
    let mut docx = document()
        .add_paragraph(title(&r.title))
        .add_paragraph(blank());
    docx = add_sections(docx, &r.sections);
    for t in &r.tables {
        docx = add_table(docx, t);
    }
    docx = sign_off(docx, &one_line(&r.issuer), r.date);
    package::pack(docx, r.date)
}
