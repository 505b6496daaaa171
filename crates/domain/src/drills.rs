//! Emergency plans and drills (应急预案与演练): the plan documents with their
//! review date, the drills, when an enterprise falls behind with its drills, and the
//! bureau's spot check of plan operability and drill effectiveness (抽查评估).
//!
//! Legal basis, 《生产安全事故应急预案管理办法》(原国家安全监管总局令第88号，应急管理部
//! 令第2号修正):
//! - 第三十三条: 生产经营单位应当制定本单位的应急预案演练计划，根据本单位的事故风险
//!   特点，每年至少组织一次综合应急预案演练或者专项应急预案演练，每半年至少组织一次
//!   现场处置方案演练 ([`drill_status`]). Its second paragraph (as 《生产安全事故应急
//!   条例》第八条) asks 宾馆、商场、娱乐场所 and other 人员密集场所 to drill at least every
//!   half year and to report the drill; the half-yearly 现场处置方案演练 rule below
//!   already keeps such a unit drilling every six months.
//! - 第三十五条: 应急预案编制单位应当建立应急预案定期评估制度 …… 中型规模以上的其他
//!   生产经营单位，应当每三年进行一次应急预案评估 ([`default_review_due`]; smaller units
//!   are not bound by the three years, so the date can be set).

use std::collections::HashSet;

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::hazard::Level;
use crate::validate::{FieldError, Validator};

/// 预案类型.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlanKind {
    /// 综合应急预案
    Comprehensive,
    /// 专项应急预案
    Special,
    /// 现场处置方案
    Onsite,
}

impl PlanKind {
    pub const ALL: [PlanKind; 3] = [PlanKind::Comprehensive, PlanKind::Special, PlanKind::Onsite];

    pub fn code(self) -> &'static str {
        match self {
            PlanKind::Comprehensive => "comprehensive",
            PlanKind::Special => "special",
            PlanKind::Onsite => "onsite",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PlanKind::Comprehensive => "综合应急预案",
            PlanKind::Special => "专项应急预案",
            PlanKind::Onsite => "现场处置方案",
        }
    }

    pub fn from_code(s: &str) -> Option<PlanKind> {
        PlanKind::ALL.into_iter().find(|k| k.code() == s)
    }
}

/// Years between plan evaluations (第三十五条).
pub const REVIEW_YEARS: u32 = 3;
/// Most attachments or photos one plan or drill carries.
pub const MAX_FILES: usize = 20;

/// The default evaluation date of a plan: three years after its approval (a plan
/// approved on 29 February is due on 28 February).
pub fn default_review_due(approved_on: NaiveDate) -> NaiveDate {
    approved_on
        .checked_add_months(Months::new(REVIEW_YEARS * 12))
        .unwrap_or(approved_on)
}

/// A plan's evaluation is overdue from the day after its review date.
pub fn review_overdue(review_due: NaiveDate, today: NaiveDate) -> bool {
    today > review_due
}

/// An emergency plan as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmergencyPlanInput {
    /// 预案类型
    pub kind: Option<PlanKind>,
    /// 预案名称
    #[serde(default)]
    pub title: String,
    /// 版本号
    #[serde(default)]
    pub version: String,
    /// 批准（发布）日期
    pub approved_on: Option<NaiveDate>,
    /// 备案日期
    pub filed_on: Option<NaiveDate>,
    /// 下次评估期限; three years after approval when absent.
    pub review_due: Option<NaiveDate>,
    /// The plan documents (file ids).
    #[serde(default)]
    pub attachments: Vec<Uuid>,
}

/// A checked plan, its review date filled in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckedPlan {
    pub kind: PlanKind,
    pub title: String,
    pub version: String,
    pub approved_on: NaiveDate,
    pub filed_on: Option<NaiveDate>,
    pub review_due: NaiveDate,
    pub attachments: Vec<Uuid>,
}

/// Checks a plan: a kind, title 1–200, version 1–20, approved not after `today`,
/// filed (optional) between approval and `today`, review date after approval.
pub fn check_plan(
    input: &EmergencyPlanInput,
    today: NaiveDate,
) -> Result<CheckedPlan, Vec<FieldError>> {
    let mut v = Validator::new();
    if input.kind.is_none() {
        v.error("kind", "required", "请选择预案类型");
    }
    let title = v.text("title", "预案名称", &input.title, 1, 200);
    let version = v.text("version", "版本号", &input.version, 1, 20);
    match input.approved_on {
        None => v.error("approved_on", "required", "批准发布日期不能为空"),
        Some(d) if d > today => v.error("approved_on", "invalid", "批准发布日期不能晚于今天"),
        Some(_) => {}
    }
    if let Some(f) = input.filed_on {
        if f > today {
            v.error("filed_on", "invalid", "备案日期不能晚于今天");
        } else if input.approved_on.is_some_and(|a| f < a) {
            v.error("filed_on", "invalid", "备案日期不能早于批准发布日期");
        }
    }
    if let (Some(r), Some(a)) = (input.review_due, input.approved_on)
        && r <= a
    {
        v.error("review_due", "invalid", "下次评估期限应晚于批准发布日期");
    }
    if input.attachments.len() > MAX_FILES {
        v.error(
            "attachments",
            "too_many",
            format!("预案附件最多{MAX_FILES}个"),
        );
    }
    v.into_result()?;
    let approved_on = input.approved_on.unwrap_or(today);
    Ok(CheckedPlan {
        kind: input.kind.unwrap_or(PlanKind::Comprehensive),
        title,
        version,
        approved_on,
        filed_on: input.filed_on,
        review_due: input
            .review_due
            .unwrap_or_else(|| default_review_due(approved_on)),
        attachments: input.attachments.clone(),
    })
}

/// 演练类型.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DrillKind {
    /// 综合演练
    Comprehensive,
    /// 专项演练
    Special,
    /// 现场处置方案演练
    Onsite,
}

impl DrillKind {
    pub const ALL: [DrillKind; 3] = [
        DrillKind::Comprehensive,
        DrillKind::Special,
        DrillKind::Onsite,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DrillKind::Comprehensive => "comprehensive",
            DrillKind::Special => "special",
            DrillKind::Onsite => "onsite",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DrillKind::Comprehensive => "综合演练",
            DrillKind::Special => "专项演练",
            DrillKind::Onsite => "现场处置方案演练",
        }
    }

    pub fn from_code(s: &str) -> Option<DrillKind> {
        DrillKind::ALL.into_iter().find(|k| k.code() == s)
    }

    /// 综合 or 专项: counts for the yearly drill; 现场处置 for the half-yearly one.
    pub fn is_main(self) -> bool {
        !matches!(self, DrillKind::Onsite)
    }
}

/// 演练形式.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DrillMode {
    /// 桌面演练
    Tabletop,
    /// 实战演练
    Live,
}

impl DrillMode {
    pub const ALL: [DrillMode; 2] = [DrillMode::Tabletop, DrillMode::Live];

    pub fn code(self) -> &'static str {
        match self {
            DrillMode::Tabletop => "tabletop",
            DrillMode::Live => "live",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DrillMode::Tabletop => "桌面演练",
            DrillMode::Live => "实战演练",
        }
    }

    pub fn from_code(s: &str) -> Option<DrillMode> {
        DrillMode::ALL.into_iter().find(|m| m.code() == s)
    }
}

/// A drill as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DrillInput {
    /// 演练类型
    pub kind: Option<DrillKind>,
    /// 演练形式
    pub mode: Option<DrillMode>,
    /// 演练日期
    pub held_on: Option<NaiveDate>,
    /// 演练场景（科目）
    #[serde(default)]
    pub scenario: String,
    /// 参演人数
    pub participants: Option<u32>,
    /// The plan drilled.
    pub plan_id: Option<Uuid>,
    /// Photos (file ids).
    #[serde(default)]
    pub photos: Vec<Uuid>,
    /// 演练评估
    pub assessment: Option<String>,
    /// 存在问题和改进措施
    pub improvements: Option<String>,
}

/// A checked drill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckedDrill {
    pub kind: DrillKind,
    pub mode: DrillMode,
    pub held_on: NaiveDate,
    pub scenario: String,
    pub participants: u32,
    pub plan_id: Option<Uuid>,
    pub photos: Vec<Uuid>,
    pub assessment: Option<String>,
    pub improvements: Option<String>,
}

/// Most participants of one drill.
pub const MAX_PARTICIPANTS: u32 = 10_000;

/// Checks a drill: kind and mode, a date not in the future, scenario 1–500,
/// 1–10000 participants, assessment and improvements ≤ 2000.
pub fn check_drill(input: &DrillInput, today: NaiveDate) -> Result<CheckedDrill, Vec<FieldError>> {
    let mut v = Validator::new();
    if input.kind.is_none() {
        v.error("kind", "required", "请选择演练类型");
    }
    if input.mode.is_none() {
        v.error("mode", "required", "请选择演练形式");
    }
    match input.held_on {
        None => v.error("held_on", "required", "演练日期不能为空"),
        Some(d) if d > today => v.error("held_on", "invalid", "演练日期不能晚于今天"),
        Some(_) => {}
    }
    let scenario = v.text("scenario", "演练场景", &input.scenario, 1, 500);
    match input.participants {
        None => v.error("participants", "required", "参演人数不能为空"),
        Some(n) => v.range(
            "participants",
            "参演人数",
            i64::from(n),
            1,
            i64::from(MAX_PARTICIPANTS),
        ),
    }
    let assessment = v.optional_text("assessment", "演练评估", input.assessment.as_deref(), 2000);
    let improvements = v.optional_text(
        "improvements",
        "存在问题和改进措施",
        input.improvements.as_deref(),
        2000,
    );
    if input.photos.len() > MAX_FILES {
        v.error("photos", "too_many", format!("演练照片最多{MAX_FILES}张"));
    }
    v.into_result()?;
    Ok(CheckedDrill {
        kind: input.kind.unwrap_or(DrillKind::Onsite),
        mode: input.mode.unwrap_or(DrillMode::Tabletop),
        held_on: input.held_on.unwrap_or(today),
        scenario,
        participants: input.participants.unwrap_or(1),
        plan_id: input.plan_id,
        photos: input.photos.clone(),
        assessment,
        improvements,
    })
}

/// Months within which a 综合 or 专项 drill is needed (每年至少一次).
pub const MAIN_INTERVAL_MONTHS: u32 = 12;
/// Months within which a 现场处置方案 drill is needed (每半年至少一次).
pub const ONSITE_INTERVAL_MONTHS: u32 = 6;

/// Whether an enterprise is behind with its drills, and the reminder slots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct DrillStatus {
    /// No 综合 or 专项 drill in the last 12 months.
    pub main_due: bool,
    /// No 现场处置方案 drill in the last 6 months.
    pub onsite_due: bool,
    /// The day from which the next 综合/专项 drill is overdue; None when there was none.
    pub main_next_due: Option<NaiveDate>,
    /// The day from which the next 现场处置方案 drill is overdue; None when there was none.
    pub onsite_next_due: Option<NaiveDate>,
    /// The calendar year of `today` (`2021`): the main reminder is sent once per year.
    pub main_slot: String,
    /// The half year of `today` (`2021H1`, `2021H2`): once per half year.
    pub onsite_slot: String,
}

fn next_due(last: Option<NaiveDate>, months: u32) -> Option<NaiveDate> {
    last.and_then(|d| d.checked_add_months(Months::new(months)))
}

/// The drill status on `today` given the dates of the latest 综合/专项 drill and the
/// latest 现场处置方案 drill (第三十三条). A drill held exactly 12 (6) months ago no
/// longer counts: on that anniversary the next one is due (a drill on 31 August is
/// due again from the last day of February). Never drilled: due.
///
/// Slots are calendar periods, so the reminder of a unit falling behind is sent once per
/// year (half year); a drill held on its due day moves the next due day at least 6
/// months on, into a later period, so one period never needs two reminders.
pub fn drill_status(
    last_main: Option<NaiveDate>,
    last_onsite: Option<NaiveDate>,
    today: NaiveDate,
) -> DrillStatus {
    let main_next_due = next_due(last_main, MAIN_INTERVAL_MONTHS);
    let onsite_next_due = next_due(last_onsite, ONSITE_INTERVAL_MONTHS);
    DrillStatus {
        main_due: main_next_due.is_none_or(|d| today >= d),
        onsite_due: onsite_next_due.is_none_or(|d| today >= d),
        main_next_due,
        onsite_next_due,
        main_slot: today.year().to_string(),
        onsite_slot: format!(
            "{}H{}",
            today.year(),
            if today.month() <= 6 { 1 } else { 2 }
        ),
    }
}

/// The group of the spot-check criteria on the plan.
pub const GROUP_PLAN: &str = "预案可操作性";
/// The group of the spot-check criteria on the drill.
pub const GROUP_DRILL: &str = "演练效果";
pub const GROUPS: [&str; 2] = [GROUP_PLAN, GROUP_DRILL];

/// One spot-check criterion (the bureau edits the list).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// Stable key: a lower-case letter, then letters, digits or `_` (≤ 40).
    pub key: String,
    /// 预案可操作性 or 演练效果.
    pub group: String,
    pub label: String,
    /// Points, 1–100; the list sums to 100.
    pub max: u32,
}

/// The default criteria, after the form and element review of plans (形式评审、要素评审,
/// GB/T 29639 and the plan review guides) and the usual drill evaluation: 60 points on
/// the plan, 40 on the drill.
pub fn default_criteria() -> Vec<Criterion> {
    let c = |key: &str, group: &str, label: &str, max: u32| Criterion {
        key: key.into(),
        group: group.into(),
        label: label.into(),
        max,
    };
    vec![
        c(
            "plan_basis",
            GROUP_PLAN,
            "编制依据充分，开展了事故风险评估和应急资源调查",
            10,
        ),
        c(
            "plan_organization",
            GROUP_PLAN,
            "应急组织机构健全，人员职责明确",
            8,
        ),
        c("plan_response", GROUP_PLAN, "响应分级合理，响应程序清晰", 8),
        c(
            "plan_measures",
            GROUP_PLAN,
            "应急处置措施针对性强、具有可操作性",
            12,
        ),
        c(
            "plan_reporting",
            GROUP_PLAN,
            "信息报告程序明确，联系人和联系方式准确",
            7,
        ),
        c(
            "plan_support",
            GROUP_PLAN,
            "应急保障措施（队伍、物资、装备、经费）落实",
            8,
        ),
        c(
            "plan_linkage",
            GROUP_PLAN,
            "与政府及相关单位应急预案衔接",
            7,
        ),
        c(
            "drill_scheme",
            GROUP_DRILL,
            "演练方案和脚本完整，目标明确",
            8,
        ),
        c("drill_staff", GROUP_DRILL, "参演人员到位，职责履行到位", 8),
        c(
            "drill_response",
            GROUP_DRILL,
            "应急处置及时有效，程序规范",
            10,
        ),
        c(
            "drill_supplies",
            GROUP_DRILL,
            "应急物资装备保障到位、使用正确",
            6,
        ),
        c(
            "drill_review",
            GROUP_DRILL,
            "演练评估总结全面，发现问题整改落实",
            8,
        ),
    ]
}

fn is_key(s: &str) -> bool {
    let n = s.len();
    (1..=40).contains(&n)
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Most criteria in one list.
pub const MAX_CRITERIA: usize = 50;

/// Checks an edited criteria list (`PUT {items}`): 1–50 items, keys well-formed and
/// unique, a known group, label 1–200, max 1–100, the points summing to 100. Fields
/// `items.3.max`, `items`. Returns the list trimmed.
pub fn check_criteria(list: &[Criterion]) -> Result<Vec<Criterion>, Vec<FieldError>> {
    let mut v = Validator::new();
    if list.is_empty() {
        v.error("items", "required", "请至少设置一个评估项");
    }
    if list.len() > MAX_CRITERIA {
        v.error("items", "too_many", format!("评估项最多{MAX_CRITERIA}个"));
    }
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(list.len());
    for (i, c) in list.iter().enumerate() {
        let n = i + 1;
        let key = c.key.trim().to_string();
        if !is_key(&key) {
            v.error(
                &format!("items.{i}.key"),
                "invalid",
                format!("第{n}个评估项的代码应以小写字母开头，由小写字母、数字或下划线组成，不超过40个字符"),
            );
        } else if !seen.insert(key.clone()) {
            v.error(
                &format!("items.{i}.key"),
                "duplicate",
                format!("第{n}个评估项的代码“{key}”与前面重复"),
            );
        }
        let group = c.group.trim().to_string();
        if !GROUPS.contains(&group.as_str()) {
            v.error(
                &format!("items.{i}.group"),
                "invalid",
                format!("第{n}个评估项的分组应为“{GROUP_PLAN}”或“{GROUP_DRILL}”"),
            );
        }
        let label = v.text(
            &format!("items.{i}.label"),
            &format!("第{n}个评估项的内容"),
            &c.label,
            1,
            200,
        );
        v.range(
            &format!("items.{i}.max"),
            &format!("第{n}个评估项的分值"),
            i64::from(c.max),
            1,
            100,
        );
        out.push(Criterion {
            key,
            group,
            label,
            max: c.max,
        });
    }
    let sum: u64 = list.iter().map(|c| u64::from(c.max)).sum();
    if !list.is_empty() && sum != 100 {
        v.error(
            "items",
            "invalid",
            format!("各评估项分值合计应为100分（当前为{sum}分）"),
        );
    }
    v.into_result()?;
    Ok(out)
}

/// A problem found by a spot check.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProblemInput {
    /// 问题描述
    #[serde(default)]
    pub text: String,
    /// Becomes a hazard of the enterprise.
    #[serde(default)]
    pub to_hazard: bool,
    /// 隐患类别 (needed with `to_hazard`).
    pub category_id: Option<Uuid>,
    /// 隐患等级 (一般 when absent).
    pub level: Option<Level>,
}

/// A checked problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckedProblem {
    pub text: String,
    pub to_hazard: bool,
    pub category_id: Option<Uuid>,
    pub level: Level,
}

/// The result of a spot check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SpotResult {
    /// 优秀: ≥ 90
    Excellent,
    /// 合格: ≥ 60
    Qualified,
    /// 不合格: < 60
    Unqualified,
}

impl SpotResult {
    pub const ALL: [SpotResult; 3] = [
        SpotResult::Excellent,
        SpotResult::Qualified,
        SpotResult::Unqualified,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SpotResult::Excellent => "excellent",
            SpotResult::Qualified => "qualified",
            SpotResult::Unqualified => "unqualified",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SpotResult::Excellent => "优秀",
            SpotResult::Qualified => "合格",
            SpotResult::Unqualified => "不合格",
        }
    }

    pub fn from_code(s: &str) -> Option<SpotResult> {
        SpotResult::ALL.into_iter().find(|r| r.code() == s)
    }

    /// The result of a total, compared in tenths.
    pub fn of_total(total: f64) -> SpotResult {
        match (total * 10.0).round() as i64 {
            t if t >= 900 => SpotResult::Excellent,
            t if t >= 600 => SpotResult::Qualified,
            _ => SpotResult::Unqualified,
        }
    }
}

/// A checked spot check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpotChecked {
    /// Sum of the scores, one decimal.
    pub total: f64,
    pub result: SpotResult,
    pub problems: Vec<CheckedProblem>,
}

/// Most problems one spot check records.
pub const MAX_PROBLEMS: usize = 100;

/// Checks a spot check against the criteria in force: every criterion scored once,
/// 0..=max with at most one decimal; each problem 1–500 characters, and one to become
/// a hazard names its hazard category. Fields `scores.2.score`, `problems.0.category_id`.
pub fn check_spot_check(
    criteria: &[Criterion],
    scores: &[(String, f64)],
    problems: &[ProblemInput],
) -> Result<SpotChecked, Vec<FieldError>> {
    let mut v = Validator::new();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut total = 0i64;
    for (i, (key, score)) in scores.iter().enumerate() {
        let Some(c) = criteria.iter().find(|c| c.key == *key) else {
            v.error(
                &format!("scores.{i}.key"),
                "unknown",
                format!("评估项“{key}”不存在"),
            );
            continue;
        };
        if !seen.insert(c.key.as_str()) {
            v.error(
                &format!("scores.{i}.key"),
                "duplicate",
                format!("评估项“{}”重复评分", c.label),
            );
            continue;
        }
        let tenths = (score * 10.0).round();
        if !score.is_finite() || !(0.0..=f64::from(c.max)).contains(score) {
            v.error(
                &format!("scores.{i}.score"),
                "out_of_range",
                format!("“{}”的得分应在0到{}之间", c.label, c.max),
            );
        } else if (tenths - score * 10.0).abs() > 1e-6 {
            v.error(
                &format!("scores.{i}.score"),
                "invalid",
                format!("“{}”的得分最多保留一位小数", c.label),
            );
        } else {
            total += tenths as i64;
        }
    }
    let missing: Vec<&str> = criteria
        .iter()
        .filter(|c| !seen.contains(c.key.as_str()))
        .map(|c| c.label.as_str())
        .collect();
    if !missing.is_empty() {
        v.error(
            "scores",
            "required",
            format!("以下评估项尚未评分：{}", missing.join("；")),
        );
    }
    if problems.len() > MAX_PROBLEMS {
        v.error(
            "problems",
            "too_many",
            format!("一次抽查最多登记{MAX_PROBLEMS}个问题"),
        );
    }
    let mut checked = Vec::with_capacity(problems.len());
    for (i, p) in problems.iter().enumerate() {
        let n = i + 1;
        let text = v.text(
            &format!("problems.{i}.text"),
            &format!("第{n}个问题的描述"),
            &p.text,
            1,
            500,
        );
        if p.to_hazard && p.category_id.is_none_or(|c| c.is_nil()) {
            v.error(
                &format!("problems.{i}.category_id"),
                "required",
                format!("第{n}个问题转为隐患，须选择隐患类别"),
            );
        }
        checked.push(CheckedProblem {
            text,
            to_hazard: p.to_hazard,
            category_id: p.category_id,
            level: p.level.unwrap_or(Level::General),
        });
    }
    v.into_result()?;
    let total = total as f64 / 10.0;
    Ok(SpotChecked {
        total,
        result: SpotResult::of_total(total),
        problems: checked,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn today() -> NaiveDate {
        d(2021, 6, 15)
    }

    fn fields(e: &[FieldError]) -> Vec<&str> {
        e.iter().map(|x| x.field.as_str()).collect()
    }

    #[test]
    fn codes_and_labels() {
        for k in PlanKind::ALL {
            assert_eq!(PlanKind::from_code(k.code()), Some(k));
        }
        for k in DrillKind::ALL {
            assert_eq!(DrillKind::from_code(k.code()), Some(k));
        }
        for m in DrillMode::ALL {
            assert_eq!(DrillMode::from_code(m.code()), Some(m));
        }
        for r in SpotResult::ALL {
            assert_eq!(SpotResult::from_code(r.code()), Some(r));
        }
        assert_eq!(PlanKind::Onsite.label(), "现场处置方案");
        assert_eq!(DrillKind::Onsite.label(), "现场处置方案演练");
        assert_eq!(DrillMode::Live.label(), "实战演练");
        assert!(DrillKind::Comprehensive.is_main() && DrillKind::Special.is_main());
        assert!(!DrillKind::Onsite.is_main());
        assert_eq!(
            serde_json::to_value(DrillMode::Tabletop).unwrap(),
            "tabletop"
        );
    }

    fn plan() -> EmergencyPlanInput {
        EmergencyPlanInput {
            kind: Some(PlanKind::Special),
            title: "火灾事故专项应急预案".into(),
            version: "V2.0".into(),
            approved_on: Some(d(2021, 3, 1)),
            filed_on: Some(d(2021, 3, 20)),
            review_due: None,
            attachments: vec![],
        }
    }

    #[test]
    fn a_plan_is_reviewed_three_years_after_approval() {
        let p = check_plan(&plan(), today()).unwrap();
        assert_eq!(p.review_due, d(2024, 3, 1));
        assert_eq!(default_review_due(d(2020, 2, 29)), d(2023, 2, 28));
        let mut own = plan();
        own.review_due = Some(d(2022, 3, 1));
        assert_eq!(check_plan(&own, today()).unwrap().review_due, d(2022, 3, 1));
        own.filed_on = None;
        assert!(check_plan(&own, today()).is_ok());
        assert!(!review_overdue(d(2024, 3, 1), d(2024, 3, 1)));
        assert!(review_overdue(d(2024, 3, 1), d(2024, 3, 2)));
    }

    #[test]
    fn a_plan_is_checked() {
        let e = check_plan(&EmergencyPlanInput::default(), today()).unwrap_err();
        assert_eq!(fields(&e), vec!["kind", "title", "version", "approved_on"]);
        let bad = EmergencyPlanInput {
            title: "预".repeat(201),
            version: "v".repeat(21),
            approved_on: Some(d(2021, 3, 1)),
            filed_on: Some(d(2021, 2, 28)),
            review_due: Some(d(2021, 3, 1)),
            ..plan()
        };
        let e = check_plan(&bad, today()).unwrap_err();
        assert_eq!(
            fields(&e),
            vec!["title", "version", "filed_on", "review_due"]
        );
        assert_eq!(e[2].message, "备案日期不能早于批准发布日期");
        let future = EmergencyPlanInput {
            approved_on: Some(d(2021, 6, 16)),
            filed_on: Some(d(2021, 6, 16)),
            ..plan()
        };
        let e = check_plan(&future, today()).unwrap_err();
        assert_eq!(fields(&e), vec!["approved_on", "filed_on"]);
        assert_eq!(e[1].message, "备案日期不能晚于今天");
        let same_day = EmergencyPlanInput {
            approved_on: Some(today()),
            filed_on: Some(today()),
            ..plan()
        };
        assert!(check_plan(&same_day, today()).is_ok());
    }

    fn drill() -> DrillInput {
        DrillInput {
            kind: Some(DrillKind::Onsite),
            mode: Some(DrillMode::Live),
            held_on: Some(d(2021, 5, 20)),
            scenario: "超市生鲜区电气线路起火，组织人员疏散和初起火灾扑救".into(),
            participants: Some(35),
            plan_id: None,
            photos: vec![],
            assessment: Some("疏散用时4分钟，达到预期".into()),
            improvements: None,
        }
    }

    #[test]
    fn a_drill_is_checked() {
        let c = check_drill(&drill(), today()).unwrap();
        assert_eq!(c.participants, 35);
        let mut edge = drill();
        edge.held_on = Some(today());
        edge.participants = Some(MAX_PARTICIPANTS);
        assert!(check_drill(&edge, today()).is_ok());
        let e = check_drill(&DrillInput::default(), today()).unwrap_err();
        assert_eq!(
            fields(&e),
            vec!["kind", "mode", "held_on", "scenario", "participants"]
        );
        let bad = DrillInput {
            held_on: Some(d(2021, 6, 16)),
            scenario: "场".repeat(501),
            participants: Some(0),
            assessment: Some("评".repeat(2001)),
            improvements: Some("改".repeat(2001)),
            ..drill()
        };
        let e = check_drill(&bad, today()).unwrap_err();
        assert_eq!(
            fields(&e),
            vec![
                "held_on",
                "scenario",
                "participants",
                "assessment",
                "improvements"
            ]
        );
        assert_eq!(e[2].message, "参演人数应在1到10000之间");
        let many = DrillInput {
            participants: Some(MAX_PARTICIPANTS + 1),
            ..drill()
        };
        assert_eq!(
            fields(&check_drill(&many, today()).unwrap_err()),
            vec!["participants"]
        );
    }

    #[test]
    fn the_main_drill_is_due_on_the_anniversary() {
        let last = Some(d(2020, 6, 15));
        assert!(
            !drill_status(last, None, d(2021, 6, 14)).main_due,
            "11 months 30 days"
        );
        assert!(
            drill_status(last, None, d(2021, 6, 15)).main_due,
            "exactly 12 months"
        );
        assert!(drill_status(last, None, d(2021, 6, 16)).main_due);
        assert!(drill_status(None, None, today()).main_due, "never drilled");
        let s = drill_status(last, None, today());
        assert_eq!(s.main_next_due, Some(d(2021, 6, 15)));
        assert_eq!(s.onsite_next_due, None);
        // Leap day: due again from 28 February.
        let leap = Some(d(2020, 2, 29));
        assert!(!drill_status(leap, None, d(2021, 2, 27)).main_due);
        assert!(drill_status(leap, None, d(2021, 2, 28)).main_due);
        // A drill today, or (bad data) in the future, is not due.
        assert!(!drill_status(Some(today()), None, today()).main_due);
        assert!(!drill_status(Some(d(2021, 7, 1)), None, today()).main_due);
    }

    #[test]
    fn the_onsite_drill_is_due_every_six_months() {
        let last = Some(d(2020, 12, 15));
        assert!(!drill_status(None, last, d(2021, 6, 14)).onsite_due);
        assert!(
            drill_status(None, last, d(2021, 6, 15)).onsite_due,
            "exactly 6 months"
        );
        // Month ends: 31 August → due from 28 February.
        let aug = Some(d(2020, 8, 31));
        assert!(!drill_status(None, aug, d(2021, 2, 27)).onsite_due);
        assert!(drill_status(None, aug, d(2021, 2, 28)).onsite_due);
        assert!(drill_status(None, None, today()).onsite_due);
        // The two rules are independent: a recent onsite drill does not count as main.
        let s = drill_status(None, Some(d(2021, 6, 1)), today());
        assert!(s.main_due && !s.onsite_due);
    }

    #[test]
    fn reminders_are_once_per_period() {
        let s = drill_status(None, None, d(2021, 6, 30));
        assert_eq!(
            (s.main_slot.as_str(), s.onsite_slot.as_str()),
            ("2021", "2021H1")
        );
        let s = drill_status(None, None, d(2021, 7, 1));
        assert_eq!(
            (s.main_slot.as_str(), s.onsite_slot.as_str()),
            ("2021", "2021H2")
        );
        let s = drill_status(None, None, d(2022, 1, 1));
        assert_eq!(
            (s.main_slot.as_str(), s.onsite_slot.as_str()),
            ("2022", "2022H1")
        );
        // A unit that drills on each due day is never due twice in one period.
        let mut day = d(2021, 1, 1);
        for _ in 0..40 {
            let now = drill_status(None, Some(day), day);
            let next = now.onsite_next_due.unwrap();
            let then = drill_status(None, Some(day), next);
            assert!(then.onsite_due);
            assert_ne!(now.onsite_slot, then.onsite_slot, "{day}");
            let main_next = drill_status(Some(day), None, day).main_next_due.unwrap();
            assert_ne!(
                drill_status(Some(day), None, day).main_slot,
                drill_status(Some(day), None, main_next).main_slot
            );
            day = next + chrono::Duration::days(13);
        }
    }

    #[test]
    fn default_criteria_sum_to_100() {
        let c = default_criteria();
        assert!((10..=14).contains(&c.len()));
        assert_eq!(c.iter().map(|x| x.max).sum::<u32>(), 100);
        let plan: u32 = c
            .iter()
            .filter(|x| x.group == GROUP_PLAN)
            .map(|x| x.max)
            .sum();
        assert_eq!(plan, 60);
        assert_eq!(check_criteria(&c).unwrap(), c);
        let json = serde_json::to_value(&c[0]).unwrap();
        assert_eq!(json["group"], "预案可操作性");
    }

    #[test]
    fn criteria_are_checked() {
        let mut c = default_criteria();
        c[0].key = "Plan basis".into();
        c[1].key = c[2].key.clone();
        c[3].group = "其他".into();
        c[4].label = " ".into();
        c[5].max = 0;
        let e = check_criteria(&c).unwrap_err();
        assert_eq!(
            fields(&e),
            vec![
                "items.0.key",
                "items.2.key",
                "items.3.group",
                "items.4.label",
                "items.5.max",
                "items"
            ]
        );
        assert_eq!(e[1].code, "duplicate");
        assert_eq!(e[5].message, "各评估项分值合计应为100分（当前为92分）");
        assert!(check_criteria(&[]).is_err());
        let one = vec![Criterion {
            key: "all".into(),
            group: GROUP_DRILL.into(),
            label: " 总体评价 ".into(),
            max: 100,
        }];
        assert_eq!(check_criteria(&one).unwrap()[0].label, "总体评价");
        let over = vec![Criterion {
            max: 101,
            ..one[0].clone()
        }];
        assert_eq!(
            fields(&check_criteria(&over).unwrap_err()),
            vec!["items.0.max", "items"]
        );
    }

    fn full_scores(c: &[Criterion]) -> Vec<(String, f64)> {
        c.iter()
            .map(|x| (x.key.clone(), f64::from(x.max)))
            .collect()
    }

    #[test]
    fn spot_check_results_at_the_boundaries() {
        let c = default_criteria();
        let s = check_spot_check(&c, &full_scores(&c), &[]).unwrap();
        assert_eq!((s.total, s.result), (100.0, SpotResult::Excellent));
        // Take 10 points off: 90 is still 优秀, 89.5 合格.
        let mut sc = full_scores(&c);
        sc[0].1 = 0.0;
        assert_eq!(
            check_spot_check(&c, &sc, &[]).unwrap().result,
            SpotResult::Excellent
        );
        sc[1].1 = 7.5;
        let s = check_spot_check(&c, &sc, &[]).unwrap();
        assert_eq!((s.total, s.result), (89.5, SpotResult::Qualified));
        // 60 合格, 59.9 不合格.
        let mut sc: Vec<(String, f64)> = c.iter().map(|x| (x.key.clone(), 0.0)).collect();
        sc[0].1 = 10.0;
        sc[3].1 = 12.0;
        sc[9].1 = 10.0;
        sc[1].1 = 8.0;
        sc[2].1 = 8.0;
        sc[4].1 = 7.0;
        sc[5].1 = 5.0;
        assert_eq!(check_spot_check(&c, &sc, &[]).unwrap().total, 60.0);
        assert_eq!(
            check_spot_check(&c, &sc, &[]).unwrap().result,
            SpotResult::Qualified
        );
        sc[5].1 = 4.9;
        let s = check_spot_check(&c, &sc, &[]).unwrap();
        assert_eq!((s.total, s.result), (59.9, SpotResult::Unqualified));
        assert_eq!(SpotResult::Unqualified.label(), "不合格");
    }

    #[test]
    fn spot_check_scores_and_problems_are_checked() {
        let c = default_criteria();
        let mut sc = full_scores(&c);
        sc[0].1 = 10.5;
        sc[1].1 = 1.25;
        sc[2].0 = "nope".into();
        sc.push((c[3].key.clone(), 1.0));
        let problems = vec![
            ProblemInput {
                text: "疏散通道堆放货物".into(),
                to_hazard: true,
                category_id: Some(Uuid::from_u128(9)),
                level: None,
            },
            ProblemInput {
                text: "".into(),
                to_hazard: true,
                category_id: None,
                level: Some(Level::Major),
            },
        ];
        let e = check_spot_check(&c, &sc, &problems).unwrap_err();
        assert_eq!(
            fields(&e),
            vec![
                "scores.0.score",
                "scores.1.score",
                "scores.2.key",
                "scores.12.key",
                "scores",
                "problems.1.text",
                "problems.1.category_id"
            ]
        );
        assert!(e[4].message.contains("响应分级合理"), "{}", e[4].message);
        assert_eq!(e[6].message, "第2个问题转为隐患，须选择隐患类别");
        let ok = vec![
            problems[0].clone(),
            ProblemInput {
                text: "预案未明确信息报告联系人".into(),
                to_hazard: false,
                category_id: None,
                level: None,
            },
        ];
        let s = check_spot_check(&c, &full_scores(&c), &ok).unwrap();
        assert_eq!(s.problems.len(), 2);
        assert_eq!(s.problems[0].level, Level::General);
        assert!(s.problems[0].to_hazard && !s.problems[1].to_hazard);
        let json = r#"{"text":"缺少演练脚本","to_hazard":false}"#;
        let p: ProblemInput = serde_json::from_str(json).unwrap();
        assert!(check_spot_check(&c, &full_scores(&c), &[p]).is_ok());
    }
}
