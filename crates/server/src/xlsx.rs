//! `.xlsx` exports of lists, with the same filters as the list.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use rust_xlsxwriter::{Format, Workbook};

use crate::error::ApiError;

/// Most rows one export holds; the sheet says when the list was longer.
pub const MAX_EXPORT_ROWS: u64 = 50_000;

/// Most rows of an enterprise registry export (a province's registry in one file).
pub const MAX_ENTERPRISE_ROWS: u64 = 200_000;

/// Builds a one-sheet workbook: a bold header row, frozen, with column widths.
pub fn workbook(
    sheet: &str,
    headers: &[(&str, f64)],
    rows: &[Vec<String>],
    total: u64,
) -> Result<Vec<u8>, ApiError> {
    let mut s = Sheet::new(sheet, headers)?;
    for row in rows {
        s.push(row)?;
    }
    s.finish(total)
}

/// A one-sheet workbook written row by row: a bold header row, frozen, with column
/// widths. Rows go straight to a temporary file (constant memory), so a large export
/// stays small in memory; empty cells are left out.
pub struct Sheet {
    wb: Workbook,
    rows: u32,
    /// Columns written as numbers when their text is one (e.g. 序号).
    numeric: Vec<u16>,
}

impl Sheet {
    pub fn new(sheet: &str, headers: &[(&str, f64)]) -> Result<Sheet, ApiError> {
        let mut wb = Workbook::new();
        let ws = wb
            .add_worksheet_with_constant_memory()
            .map_err(|_| ApiError::internal())?;
        ws.set_name(sheet).map_err(|_| ApiError::internal())?;
        let bold = Format::new().set_bold().set_background_color("#E8EEF7");
        for (c, (h, width)) in headers.iter().enumerate() {
            ws.write_with_format(0, c as u16, *h, &bold)
                .map_err(|_| ApiError::internal())?;
            ws.set_column_width(c as u16, *width)
                .map_err(|_| ApiError::internal())?;
        }
        ws.set_freeze_panes(1, 0)
            .map_err(|_| ApiError::internal())?;
        Ok(Sheet {
            wb,
            rows: 0,
            numeric: Vec::new(),
        })
    }

    /// Writes these columns as numbers (when the text parses as one).
    pub fn numbers(mut self, columns: &[u16]) -> Sheet {
        self.numeric = columns.to_vec();
        self
    }

    /// Appends one row of text cells.
    pub fn push<S: AsRef<str>>(&mut self, cells: &[S]) -> Result<(), ApiError> {
        self.rows += 1;
        let ws = self
            .wb
            .worksheet_from_index(0)
            .map_err(|_| ApiError::internal())?;
        for (c, v) in cells.iter().enumerate() {
            let v = v.as_ref();
            if v.is_empty() {
                continue;
            }
            let number = self
                .numeric
                .contains(&(c as u16))
                .then(|| v.parse::<f64>().ok())
                .flatten();
            match number {
                Some(n) => ws.write(self.rows, c as u16, n),
                None => ws.write(self.rows, c as u16, v),
            }
            .map_err(|_| ApiError::internal())?;
        }
        Ok(())
    }

    /// The workbook's bytes; when the list held more than was written (`total`), a
    /// line under the rows says so.
    pub fn finish(mut self, total: u64) -> Result<Vec<u8>, ApiError> {
        let written = self.rows;
        if total > written as u64 {
            let ws = self
                .wb
                .worksheet_from_index(0)
                .map_err(|_| ApiError::internal())?;
            ws.write(
                written + 2,
                0,
                format!("共 {total} 条，仅导出前 {written} 条，请缩小筛选范围"),
            )
            .map_err(|_| ApiError::internal())?;
        }
        self.wb.save_to_buffer().map_err(|_| ApiError::internal())
    }
}

/// Streams a long list into `sheet`: `read` hands batches of rows to the channel while
/// a blocking thread writes each with `row`, so the database and the writer work at
/// once and at most two batches are held. `read` answers how many rows matched.
pub async fn stream<T, R, F, Fut>(
    mut sheet: Sheet,
    mut row: R,
    read: F,
) -> Result<Vec<u8>, ApiError>
where
    T: Send + 'static,
    R: FnMut(&mut Sheet, T) -> Result<(), ApiError> + Send + 'static,
    F: FnOnce(tokio::sync::mpsc::Sender<Vec<T>>) -> Fut,
    Fut: std::future::Future<Output = anzhi_store::Result<u64>>,
{
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<T>>(1);
    let writer = tokio::task::spawn_blocking(move || {
        while let Some(batch) = rx.blocking_recv() {
            for item in batch {
                row(&mut sheet, item)?;
            }
        }
        Ok::<_, ApiError>(sheet)
    });
    let total = read(tx).await;
    let sheet = writer.await.map_err(|_| ApiError::internal())??;
    let total = total?;
    tokio::task::spawn_blocking(move || sheet.finish(total))
        .await
        .map_err(|_| ApiError::internal())?
}

/// An `.xlsx` attachment.
pub fn download(bytes: Vec<u8>, filename: &str) -> Response {
    attachment(
        bytes,
        filename,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
}

/// An attachment response with a UTF-8 file name (RFC 6266 / 5987), never rendered inline.
pub fn attachment(bytes: Vec<u8>, filename: &str, content_type: &str) -> Response {
    let ascii: String = filename
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = filename
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'.' || b == b'-' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let disp = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&disp) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// `YYYYMMDD` of today in China, for file names.
pub fn stamp() -> String {
    anzhi_domain::time::today_china(chrono::Utc::now())
        .format("%Y%m%d")
        .to_string()
}

/// An optional value as a cell (blank when absent).
pub fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(|x| x.to_string()).unwrap_or_default()
}

pub fn time(t: Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.map(anzhi_domain::time::format_china).unwrap_or_default()
}
