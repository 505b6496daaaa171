//! `anzhi-docs` writes the official Word documents anzhi hands to people:
//!
//! - [`risk_notice_card`]: the 安全风险告知卡 posted at a risk point (one A4 portrait page,
//!   the grade shown in its colour of the four-colour scheme: 红 重大, 橙 较大, 黄 一般,
//!   蓝 低);
//! - [`inspection_report`]: the 安全生产督导检查意见书 left with an inspected enterprise,
//!   in the layout of GB/T 9704-2012 (A4; margins 37/35/28/26 mm; title 方正小标宋简体
//!   二号; body 仿宋_GB2312 三号 with a two-character first-line indent; level-1
//!   headings 黑体, level-2 楷体_GB2312; page numbers "— 1 —" in the footer);
//! - [`bulletin()`]: a 通报 on the campaign's progress, in the same layout, with the red
//!   版头 (or a "草稿" marker while it has no 发文字号) and the 版记 for 抄送;
//! - [`referral_letter`]: the 关于函送××安全生产违法线索的函 to an enforcement agency, in
//!   the 信函格式, the evidence listed as 附件;
//! - [`monthly_report`]: the 月报, sections and bordered tables whose head row repeats on
//!   every page.
//!
//! The crate is pure: plain input structs in, `.docx` bytes out, no I/O, no dependency on
//! the other anzhi crates. Any text may contain `&`, `<`, `>`, quotes or line breaks;
//! characters XML cannot carry (control characters other than tab and line breaks) are
//! dropped.
//!
//! Fonts are named, not embedded: the reader's machine supplies 方正小标宋简体,
//! 仿宋_GB2312, 黑体 and 楷体_GB2312 (standard on government desktops) or substitutes.
//!
//! ```
//! use anzhi_docs::{Grade, RiskCard, cn_date, risk_notice_card};
//! use chrono::NaiveDate;
//!
//! let card = RiskCard {
//!     enterprise: "海口某某超市有限公司".into(),
//!     point_name: "液化石油气储存间".into(),
//!     location: "一楼东侧".into(),
//!     hazard_factors: "气瓶泄漏遇明火".into(),
//!     accident_types: vec!["火灾".into(), "其他爆炸".into()],
//!     method_line: "LEC法：L=3，E=6，C=15，D=270".into(),
//!     grade: Grade::Large,
//!     measures: vec![("管理措施".into(), vec!["每日巡查气瓶".into()])],
//!     control_tier: "车间级".into(),
//!     responsible: "张三".into(),
//!     emergency_phone: None,
//!     reassess_on: None,
//!     issued_on: NaiveDate::from_ymd_opt(2021, 6, 1).unwrap(),
//! };
//! let bytes = risk_notice_card(&card).unwrap();
//! assert!(bytes.starts_with(b"PK"));
//! assert_eq!(cn_date(card.issued_on), "2021年6月1日");
//! ```

mod bulletin;
mod inspection;
mod jpeg;
mod layout;
mod monthly;
mod official;
mod package;
mod referral;
mod risk_card;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

pub use bulletin::bulletin;
pub use inspection::inspection_report;
pub use monthly::monthly_report;
pub use referral::referral_letter;
pub use risk_card::risk_notice_card;

/// Why a document could not be written.
#[derive(Debug, thiserror::Error)]
pub enum DocError {
    /// A photo is not a baseline or progressive JPEG whose size can be read.
    #[error("第{finding}项问题的第{photo}张照片不是有效的 JPEG 图片：{reason}")]
    BadPhoto {
        /// 1-based number of the finding the photo belongs to.
        finding: usize,
        /// 1-based number of the photo within the finding.
        photo: usize,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The docx writer failed (in practice: out of memory).
    #[error("生成 Word 文档失败：{0}")]
    Write(String),
}

/// A risk grade in the four-colour scheme (红橙黄蓝).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Grade {
    /// 重大风险, red.
    Major,
    /// 较大风险, orange.
    Large,
    /// 一般风险, yellow.
    General,
    /// 低风险, blue.
    Low,
}

impl Grade {
    /// The full label, e.g. "较大风险".
    pub fn label(self) -> &'static str {
        match self {
            Grade::Major => "重大风险",
            Grade::Large => "较大风险",
            Grade::General => "一般风险",
            Grade::Low => "低风险",
        }
    }

    /// The colour, as the six hex digits Word uses (no `#`).
    pub fn color_hex(self) -> &'static str {
        match self {
            Grade::Major => "FF0000",
            Grade::Large => "FF8C00",
            Grade::General => "FFFF00",
            Grade::Low => "0070C0",
        }
    }

    /// The colour's name, e.g. "橙色".
    pub fn color_name(self) -> &'static str {
        match self {
            Grade::Major => "红色",
            Grade::Large => "橙色",
            Grade::General => "黄色",
            Grade::Low => "蓝色",
        }
    }
}

/// One risk point's 安全风险告知卡.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskCard {
    /// 企业名称.
    pub enterprise: String,
    /// 风险点名称: the place, equipment or activity.
    pub point_name: String,
    /// 所在位置.
    pub location: String,
    /// 主要危险因素.
    pub hazard_factors: String,
    /// 可能导致的事故类型, e.g. "火灾", "触电"; joined with "、".
    pub accident_types: Vec<String>,
    /// 评估方法及结果, e.g. "LEC法：L=3，E=6，C=15，D=270".
    pub method_line: String,
    /// 风险等级.
    pub grade: Grade,
    /// 管控措施 by group: (group label, measures), e.g. ("工程技术措施", [...]). Shown in the
    /// order given; groups without measures are left out. The usual labels are
    /// [`MEASURE_GROUPS`].
    pub measures: Vec<(String, Vec<String>)>,
    /// 管控层级, e.g. "岗位级".
    pub control_tier: String,
    /// 责任人.
    pub responsible: String,
    /// The enterprise's own emergency number, shown after 119, 120 and 110.
    pub emergency_phone: Option<String>,
    /// 复评日期; "／" when none.
    pub reassess_on: Option<NaiveDate>,
    /// 告知日期.
    pub issued_on: NaiveDate,
}

/// The usual measure groups of a risk point, in their customary order.
pub const MEASURE_GROUPS: [&str; 5] = [
    "工程技术措施",
    "管理措施",
    "培训教育措施",
    "个体防护措施",
    "应急处置措施",
];

/// A 安全生产检查情况报告 / 督导检查意见书.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InspectionReport {
    /// The title, e.g. "海口市商务局安全生产督导检查意见书".
    pub title: String,
    /// 发文字号, e.g. "海商务安检〔2021〕12号"; shown centred under the title.
    pub doc_number: Option<String>,
    /// 主送: the inspected enterprise, e.g. "海口某某超市有限公司" (the "：" is added).
    pub addressee: String,
    /// The issuing unit, e.g. "海口市商务局"; signs at the bottom.
    pub issuer: String,
    /// 检查日期.
    pub inspected_on: NaiveDate,
    /// 检查人员.
    pub inspectors: Vec<String>,
    /// The checklist the inspection followed (检查依据); 《》 are added when missing.
    pub template_name: String,
    /// 企业陪同人员, e.g. "安全主管王五".
    pub accompanied_by: Option<String>,
    /// 检查基本情况.
    pub summary: Counts,
    /// 发现的问题; empty: "本次检查未发现问题。".
    pub findings: Vec<Finding>,
    /// 三、整改要求: paragraphs separated by line breaks. Empty: a standard sentence
    /// (with the latest finding deadline) when there are findings, no section when there
    /// are none.
    pub closing: String,
    /// The enterprise principal who confirmed the report on site, and when.
    pub confirmed_by: Option<(String, NaiveDateTime)>,
    /// 成文日期.
    pub issued_on: NaiveDate,
}

/// Item counts of one inspection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// Items checked.
    pub checked: u32,
    /// 符合.
    pub passed: u32,
    /// 不符合.
    pub failed: u32,
    /// 不适用.
    pub not_applicable: u32,
}

/// One problem found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// 检查项目.
    pub item: String,
    /// 存在问题.
    pub problem: String,
    /// 依据: the rule broken.
    pub basis: String,
    /// 隐患等级, e.g. "一般隐患".
    pub level_label: String,
    /// 整改要求.
    pub requirement: String,
    /// 整改期限; "立即整改" when none.
    pub deadline: Option<NaiveDate>,
    /// Photos of the problem, shown two to a row after the table.
    pub photos: Vec<Photo>,
}

/// A photo of a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    /// JPEG bytes, upright (EXIF orientation is not applied: pass photos through
    /// anzhi-media first). Embedded as they are, so keep them reasonably sized.
    pub jpeg: Vec<u8>,
    /// Caption under the photo.
    pub caption: String,
}

/// A section of a bulletin or monthly report: a level-1 heading and its paragraphs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocSection {
    /// The heading, e.g. "总体情况" or "一、总体情况". Numbered "一、", "二、" … in order
    /// unless it starts with a number of its own ("一、", "（一）", "1."). Empty: no
    /// heading line and no number (untitled text, e.g. the opening paragraph).
    pub heading: String,
    /// Body paragraphs; a line break inside one starts a new paragraph, blank lines are
    /// dropped. A line opening with "（一）" is a level-2 heading in 楷体_GB2312: the whole
    /// line, or, when text follows its first "。", the part up to it (the rest stays
    /// 仿宋_GB2312 in the same paragraph).
    pub paragraphs: Vec<String>,
}

/// A table of a monthly report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocTable {
    /// The caption, centred above the table, e.g. "表1 各区隐患排查整治情况".
    pub caption: String,
    /// The head row, repeated at the top of every page; none when empty.
    pub head: Vec<String>,
    /// The rows; short rows are padded with empty cells to the widest row or the head.
    /// Cells holding only numbers (digits, "%", ".", "/") are centred, others left-aligned.
    pub rows: Vec<Vec<String>>,
}

/// A 通报 (periodic bulletin).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bulletin {
    /// The title, e.g. "关于2026年11月商务系统安全生产专项整治工作进展情况的通报".
    pub title: String,
    /// 发文字号, e.g. "海商安通〔2026〕5号": shown in the 版头 with the issuer in red and
    /// the red line. `None` (or blank): a draft, marked "草稿" at the top right, no 版头.
    pub number: Option<String>,
    /// 主送机关, e.g. "各区商务局，局各科室，各商贸企业" (the "：" is added when missing).
    pub recipients: String,
    /// The sections, e.g. 一、总体情况, 二、存在问题, 三、下一步工作.
    pub sections: Vec<DocSection>,
    /// 发文机关, e.g. "海口市商务局": the 版头 mark and the signature.
    pub issuer: String,
    /// 成文日期.
    pub date: NaiveDate,
    /// 抄送, e.g. "市安委办，市应急管理局": shown in the 版记 with "海口市商务局　2026年11月29日印发".
    pub copy_to: Option<String>,
}

/// A 函送执法 letter: 关于函送××安全生产违法线索的函.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralLetter {
    /// 发文字号, e.g. "海商函〔2026〕3号", at the right under the 版头's red double line.
    pub number: Option<String>,
    /// 主送机关, e.g. "海口市综合行政执法局" (the "：" is added).
    pub agency_name: String,
    /// The enterprise the lead concerns; also in the title.
    pub enterprise_name: String,
    /// 统一社会信用代码.
    pub credit_code: Option<String>,
    /// The enterprise's address.
    pub address: Option<String>,
    /// 违法行为 / 线索: each line a paragraph.
    pub violation: String,
    /// 依据: a law and article ("《中华人民共和国安全生产法》第三十六条" reads
    /// "上述行为涉嫌违反《…》第三十六条的规定。"), or a sentence of its own starting
    /// "依据", "根据", "违反" … (taken as written), or several lines (each a paragraph).
    pub legal_basis: String,
    /// 证据材料: listed as 附件 ("附件：1.…"); the request then says
    /// "现将有关线索及证据材料函送你单位".
    pub evidence: Vec<String>,
    /// The request, e.g. "请依法调查处理"; "请依法调查处理" when blank. When it does not
    /// ask for a reply itself, "并将处理结果函告我局" is added.
    pub requested_action: String,
    /// 回复期限: "并于2026年12月31日前将处理结果函告我局" (or "请于…前函复" when the
    /// request already asks for a reply).
    pub reply_by: Option<NaiveDate>,
    /// 联系人.
    pub contact_name: String,
    /// 联系电话.
    pub contact_phone: String,
    /// 发文机关, e.g. "海口市商务局": the 版头 mark and the signature.
    pub issuer: String,
    /// 成文日期.
    pub date: NaiveDate,
}

/// A 月报.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthlyReport {
    /// The title, e.g. "海口市商务系统安全生产专项整治工作月报（2026年11月）".
    pub title: String,
    /// The issuing unit, signing at the bottom.
    pub issuer: String,
    /// 成文日期.
    pub date: NaiveDate,
    /// The sections.
    pub sections: Vec<DocSection>,
    /// Tables, after the sections, each under its caption.
    pub tables: Vec<DocTable>,
}

/// A date in Chinese form: "2021年6月1日".
pub fn cn_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// A date and time in Chinese form: "2021年6月1日 10:05".
pub fn cn_date_time(t: NaiveDateTime) -> String {
    format!("{} {:02}:{:02}", cn_date(t.date()), t.hour(), t.minute())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_dates_have_no_leading_zeros() {
        let d = NaiveDate::from_ymd_opt(2021, 6, 1).unwrap();
        assert_eq!(cn_date(d), "2021年6月1日");
        assert_eq!(
            cn_date(NaiveDate::from_ymd_opt(2021, 12, 31).unwrap()),
            "2021年12月31日"
        );
        assert_eq!(
            cn_date_time(d.and_hms_opt(9, 5, 59).unwrap()),
            "2021年6月1日 09:05"
        );
    }

    #[test]
    fn grades_have_their_colours() {
        assert_eq!(Grade::Major.color_hex(), "FF0000");
        assert_eq!(Grade::Large.label(), "较大风险");
        assert_eq!(Grade::General.color_name(), "黄色");
        assert_eq!(Grade::Low.color_hex(), "0070C0");
    }

    #[test]
    fn bad_photo_error_reads_in_chinese() {
        let e = DocError::BadPhoto {
            finding: 2,
            photo: 1,
            reason: "缺少图像尺寸",
        };
        assert_eq!(
            e.to_string(),
            "第2项问题的第1张照片不是有效的 JPEG 图片：缺少图像尺寸"
        );
    }
}
