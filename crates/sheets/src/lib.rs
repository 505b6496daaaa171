//! Reads an uploaded `.xlsx` into rows of text, finding columns by their header, so
//! a sheet with reordered or extra columns still reads. Used by every Excel import
//! (enterprises; later rosters and hazard lists). Pure: bytes in, rows out; never
//! panics on any input (a fuzz target in `fuzz/` holds it to that).

use calamine::{Data, Reader, Xlsx};

/// One column the import expects: its header (a trailing `*` on the sheet, the
/// template's mark of a required column, is ignored) and whether it must be present.
#[derive(Debug, Clone, Copy)]
pub struct Column<'a> {
    pub header: &'a str,
    pub required: bool,
}

/// A data row: its Excel row number (the header is row 1) and one text cell per
/// expected column, in the order of the columns asked for (empty when absent).
pub type Row = (u32, Vec<String>);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    /// Not an `.xlsx` workbook (another format, damaged, or without a sheet).
    #[error("请上传 .xlsx 格式的 Excel 文件（可先下载导入模板）")]
    NotXlsx,
    /// Required columns absent from the header row.
    #[error("第1行缺少必填列：{}（请使用导入模板）", .0.join("、"))]
    MissingColumns(Vec<String>),
    /// More data rows than one import takes.
    #[error("一次最多导入{0}行")]
    TooManyRows(usize),
}

/// Reads the first sheet: the first row is the header; blank rows are skipped.
/// Whole numbers come back without a decimal point (`13800138000`, not
/// `13800138000.0`); dates as Excel shows them.
pub fn read(bytes: &[u8], columns: &[Column<'_>], max_rows: usize) -> Result<Vec<Row>, SheetError> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return Err(SheetError::NotXlsx);
    }
    let mut wb: Xlsx<_> =
        Xlsx::new(std::io::Cursor::new(bytes)).map_err(|_| SheetError::NotXlsx)?;
    let range = wb
        .worksheet_range_at(0)
        .ok_or(SheetError::NotXlsx)?
        .map_err(|_| SheetError::NotXlsx)?;
    let mut rows = range.rows();
    let header: Vec<String> = rows
        .next()
        .map(|r| {
            r.iter()
                .map(|c| {
                    c.to_string()
                        .trim()
                        .trim_end_matches('*')
                        .trim()
                        .to_string()
                })
                .collect()
        })
        .unwrap_or_default();
    let index: Vec<Option<usize>> = columns
        .iter()
        .map(|c| header.iter().position(|x| x == c.header))
        .collect();
    let missing: Vec<String> = columns
        .iter()
        .zip(&index)
        .filter(|(c, i)| c.required && i.is_none())
        .map(|(c, _)| c.header.to_string())
        .collect();
    if !missing.is_empty() {
        return Err(SheetError::MissingColumns(missing));
    }
    let start = range.start().map(|(r, _)| r).unwrap_or(0);
    let mut out = Vec::new();
    for (k, row) in rows.enumerate() {
        let cells: Vec<String> = index
            .iter()
            .map(|i| i.and_then(|i| row.get(i)).map(text).unwrap_or_default())
            .collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if out.len() == max_rows {
            return Err(SheetError::TooManyRows(max_rows));
        }
        // Excel numbers rows from 1; the header is the first.
        let number = (start as u64 + k as u64 + 2).min(u32::MAX as u64) as u32;
        out.push((number, cells));
    }
    Ok(out)
}

fn text(c: &Data) -> String {
    match c {
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::Workbook;

    const COLS: [Column<'static>; 3] = [
        Column {
            header: "企业名称",
            required: true,
        },
        Column {
            header: "员工人数",
            required: false,
        },
        Column {
            header: "备注",
            required: false,
        },
    ];

    fn sheet(rows: &[&[&str]], numbers: &[(u32, u16, f64)]) -> Vec<u8> {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if !v.is_empty() {
                    ws.write(r as u32, c as u16, *v).unwrap();
                }
            }
        }
        for (r, c, n) in numbers {
            ws.write(*r, *c, *n).unwrap();
        }
        wb.save_to_buffer().unwrap()
    }

    #[test]
    fn columns_are_found_by_header_in_any_order() {
        let bytes = sheet(
            &[
                &["其他", "员工人数", "企业名称*"],
                &["x", "", "海口甲超市"],
                &[],
                &["", "", "乙"],
            ],
            &[(1, 1, 120.0)],
        );
        let rows = read(&bytes, &COLS, 10).unwrap();
        assert_eq!(
            rows,
            vec![
                (
                    2,
                    vec!["海口甲超市".to_string(), "120".into(), String::new()]
                ),
                (4, vec!["乙".to_string(), String::new(), String::new()]),
            ]
        );
    }

    #[test]
    fn fractions_keep_their_decimals() {
        let bytes = sheet(&[&["企业名称", "员工人数"], &["甲"]], &[(1, 1, 12.5)]);
        assert_eq!(read(&bytes, &COLS, 10).unwrap()[0].1[1], "12.5");
    }

    #[test]
    fn missing_required_columns_are_named() {
        let bytes = sheet(&[&["名称", "员工人数"], &["甲", "1"]], &[]);
        let err = read(&bytes, &COLS, 10).unwrap_err();
        assert_eq!(err, SheetError::MissingColumns(vec!["企业名称".into()]));
        assert_eq!(
            err.to_string(),
            "第1行缺少必填列：企业名称（请使用导入模板）"
        );
    }

    #[test]
    fn too_many_rows_are_refused() {
        let bytes = sheet(&[&["企业名称"], &["甲"], &["乙"], &["丙"]], &[]);
        assert_eq!(read(&bytes, &COLS, 2), Err(SheetError::TooManyRows(2)));
        assert_eq!(read(&bytes, &COLS, 3).unwrap().len(), 3);
    }

    #[test]
    fn other_formats_are_not_xlsx() {
        assert_eq!(read(b"", &COLS, 1), Err(SheetError::NotXlsx));
        assert_eq!(
            read(b"\xD0\xCF\x11\xE0 old xls", &COLS, 1),
            Err(SheetError::NotXlsx)
        );
        assert_eq!(
            read(b"PK\x03\x04 broken zip", &COLS, 1),
            Err(SheetError::NotXlsx)
        );
        // A workbook cut short (an interrupted upload).
        let mut wb = Workbook::new();
        wb.add_worksheet().write(0, 0, "企业名称").unwrap();
        let whole = wb.save_to_buffer().unwrap();
        let truncated = &whole[..whole.len() / 2];
        assert_eq!(read(truncated, &COLS, 1), Err(SheetError::NotXlsx));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Any bytes behind a zip signature: an error or rows, never a panic.
        #[test]
        fn never_panics(tail in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..512)) {
            let mut bytes = b"PK\x03\x04".to_vec();
            bytes.extend(tail);
            let _ = read(&bytes, &COLS, 10);
        }
    }
}
