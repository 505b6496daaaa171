//! `anzhi-plan` reads an official work plan (`.txt` or `.docx`) and finds its tasks: the
//! section each belongs to, its number and text, the lead and responsible units, and the
//! deadline. Wherever the parser has to guess it says so in a warning (Chinese, shown to
//! the user in the import preview); it never guesses silently.
//!
//! The crate is pure: no I/O beyond the bytes handed in.
//!
//! ```
//! let plan = anzhi_plan::parse(
//!     "2021年工作方案\n\n一、重点任务\n\n1. 开展培训。（牵头单位：局办公室；责任单位：各区商务局；完成时限：6月底前）\n".as_bytes(),
//!     anzhi_plan::SourceFormat::Text,
//!     None,
//! )
//! .unwrap();
//! assert_eq!(plan.tasks[0].lead_units, ["局办公室"]);
//! assert_eq!(plan.tasks[0].deadline.as_ref().unwrap().end.unwrap().to_string(), "2021-06-30");
//! ```

mod assign;
mod chars;
mod deadline;
mod decode;
mod docx;
mod numbering;
mod structure;
mod text;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use decode::TextEncoding;

/// The kind of file a plan came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceFormat {
    /// Plain text: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030.
    Text,
    /// Word 2007+ document (a zip holding `word/document.xml`).
    Docx,
}

/// A parsed plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParsedPlan {
    /// The plan's title as written ("" when none was found, with a warning).
    pub title: String,
    /// The plan year: the `year` argument, else the title's, else the most frequent in the
    /// body (with a warning); `null` when none is found.
    pub year: Option<i32>,
    pub tasks: Vec<Task>,
    /// Warnings about the whole plan (year, title, skipped table rows).
    pub warnings: Vec<String>,
}

/// Where a task was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum TaskSource {
    /// A numbered (or unnumbered) paragraph carrying an assignment.
    #[default]
    Paragraph,
    /// A row of a task table.
    Table,
}

/// One task: an item that carries an assignment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    /// Title of the nearest heading above the task (`深入开展学习宣传…活动`), "" when none.
    pub section: String,
    /// Number of that heading without punctuation (`一`), "" when none.
    #[serde(default)]
    pub section_number: String,
    /// Every heading above the task, outermost first, as written (`二、任务分工和完成时限`).
    #[serde(default)]
    pub path: Vec<String>,
    /// The item's number without punctuation (`1`, `一`, `①`); "" when the item has none.
    pub number: String,
    /// The item without its number and its assignment.
    pub text: String,
    /// 牵头单位, as written.
    pub lead_units: Vec<String>,
    /// 责任单位, as written, followed by the supporting units (配合单位).
    pub responsible_units: Vec<String>,
    /// The units named as 配合/协办/参与 (also listed in `responsible_units`).
    #[serde(default)]
    pub support_units: Vec<String>,
    /// `null` when the task names no deadline.
    pub deadline: Option<Deadline>,
    /// 1-based line where the task starts (`.txt`), or ordinal of the paragraph line or
    /// table row in document order (`.docx`).
    #[serde(default)]
    pub line: usize,
    #[serde(default)]
    pub source: TaskSource,
    pub warnings: Vec<String>,
}

/// What kind of deadline a text names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// A period: `start`..=`end` (`3月份`, `5-7月份`, `上半年`, `全年`).
    Window,
    /// A due date only: `end` (`6月底前`, `年底前`, `3月15日前`).
    By,
    /// No end (`长期坚持`, `持续推进`, `常态化`; `3月起` sets `start`).
    Ongoing,
    /// Repeats every `period` (`每月`, `每季度`).
    Recurring,
    /// The text could not be read; dates are null and the task has a warning.
    Unknown,
}

/// Repetition of a recurring deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Weekly,
    Monthly,
    Quarterly,
    HalfYearly,
    Yearly,
}

/// A deadline as written and as dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    /// The deadline as written (`3月份`).
    pub text: String,
    pub kind: DeadlineKind,
    /// First day of the window (`null` for `by`, `recurring`, `unknown`).
    pub start: Option<NaiveDate>,
    /// Last day of the window or the due date (`null` when the text names none).
    pub end: Option<NaiveDate>,
    /// For `recurring`: how often.
    #[serde(default)]
    pub period: Option<Period>,
}

/// Why a plan could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("文件不是有效的 .docx 文档")]
    InvalidDocx,
    #[error("文件编码无法识别（支持 UTF-8 和 GB18030）")]
    UnknownEncoding,
    #[error("未识别出任何任务")]
    NoTasks,
    #[error("文档内容过大，无法导入")]
    TooLarge,
    #[error("不支持旧版 Word（.doc）文件，请另存为 .docx 后再导入")]
    LegacyDoc,
    #[error("不支持 PDF 文件，请导入 .docx 或 .txt")]
    Pdf,
}

impl PlanError {
    /// A stable snake_case code for API errors.
    pub fn code(&self) -> &'static str {
        match self {
            PlanError::InvalidDocx => "invalid_docx",
            PlanError::UnknownEncoding => "unknown_encoding",
            PlanError::NoTasks => "no_tasks",
            PlanError::TooLarge => "too_large",
            PlanError::LegacyDoc => "legacy_doc",
            PlanError::Pdf => "pdf",
        }
    }
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

/// Tells a `.docx` (zip magic `PK\x03\x04`, or a `.docx` file name) from text.
pub fn detect_format(bytes: &[u8], file_name: Option<&str>) -> SourceFormat {
    if bytes.starts_with(ZIP_MAGIC) {
        return SourceFormat::Docx;
    }
    match file_name {
        Some(n) if n.to_lowercase().ends_with(".docx") => SourceFormat::Docx,
        _ => SourceFormat::Text,
    }
}

/// Parses a plan. `year` overrides the year found in the title or body.
pub fn parse(
    bytes: &[u8],
    format: SourceFormat,
    year: Option<i32>,
) -> Result<ParsedPlan, PlanError> {
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return Err(PlanError::LegacyDoc);
    }
    if bytes.starts_with(b"%PDF") {
        return Err(PlanError::Pdf);
    }
    // Content wins over a wrong format argument: a zip is never text.
    let format = if bytes.starts_with(ZIP_MAGIC) {
        SourceFormat::Docx
    } else {
        format
    };
    let blocks = match format {
        SourceFormat::Text => {
            let (text, _) = decode::decode_text(bytes)?;
            text::text_blocks(&text)
        }
        SourceFormat::Docx => docx::read_docx(bytes)?,
    };
    let plan = structure::build(blocks, format, year);
    if plan.tasks.is_empty() {
        return Err(PlanError::NoTasks);
    }
    Ok(plan)
}
