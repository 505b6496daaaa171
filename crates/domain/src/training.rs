//! Training (教育培训): the roster (从业人员名册) and its Excel import, training
//! sessions with attendance, the hours each person needs in a year, the coverage of
//! all staff (全员轮训), the completion evaluation of key enterprises (教育培训完成情况
//! 评估) and the certificates with their expiry reminders.
//!
//! Legal basis of the default hours ([`Requirements::default`]), 《生产经营单位安全培训
//! 规定》(原国家安全监管总局令第3号，2015年第80号令修正); commerce enterprises are not
//! among the 煤矿、非煤矿山、危险化学品、烟花爆竹、金属冶炼 units with the higher hours:
//! - 第九条: 主要负责人和安全生产管理人员初次安全培训时间不得少于32学时，每年再培训
//!   时间不得少于12学时.
//! - 第十三条: 新上岗的从业人员，岗前安全培训时间不得少于24学时 (the yearly 20 学时 of
//!   the same article binds only the high-risk units above).
//! - The yearly 8 hours of 从业人员 and 特种作业人员 are **not** set by the 规定 for
//!   commerce units; they are a configurable house value (the order of the 8-hour
//!   refresher that 《特种作业人员安全技术培训考核管理规定》 asks before a 特种作业操作证
//!   is reviewed), so that 全员轮训 has a measurable yardstick. 特种作业人员 get their
//!   initial training with their own certification (特种作业操作证), hence 0 here.
//!
//! Hours are kept with one decimal and compared in tenths, so a person with exactly the
//! required hours is trained whatever the float sum of the sessions was.

use std::collections::HashSet;

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::enterprise::CellProblem;
use crate::validate::{FieldError, Validator, is_phone};

/// 人员类别 (the four groups of 《生产经营单位安全培训规定》).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = EmployeeCategory)]
pub enum Category {
    /// 主要负责人
    Principal,
    /// 安全管理人员
    SafetyManager,
    /// 特种作业人员
    SpecialWorker,
    /// 从业人员 (其他从业人员)
    Worker,
}

impl Category {
    pub const ALL: [Category; 4] = [
        Category::Principal,
        Category::SafetyManager,
        Category::SpecialWorker,
        Category::Worker,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Category::Principal => "principal",
            Category::SafetyManager => "safety_manager",
            Category::SpecialWorker => "special_worker",
            Category::Worker => "worker",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Category::Principal => "主要负责人",
            Category::SafetyManager => "安全管理人员",
            Category::SpecialWorker => "特种作业人员",
            Category::Worker => "从业人员",
        }
    }

    pub fn from_code(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.code() == s)
    }

    /// The category as people write it in a spreadsheet: the label, the code, or a
    /// common variant (一般从业人员, 员工, 安全员, 特种作业人员（电工）, 特种设备作业人员 …).
    pub fn from_label(s: &str) -> Option<Category> {
        let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        if let Some(c) = Category::from_code(&t.to_ascii_lowercase()) {
            return Some(c);
        }
        if let Some(c) = Category::ALL.into_iter().find(|c| c.label() == t) {
            return Some(c);
        }
        match t.as_str() {
            "企业主要负责人" | "单位主要负责人" | "负责人" => {
                Some(Category::Principal)
            }
            "安全生产管理人员"
            | "专职安全管理人员"
            | "兼职安全管理人员"
            | "专职安全生产管理人员"
            | "安全管理员"
            | "安全员" => Some(Category::SafetyManager),
            "一般从业人员" | "其他从业人员" | "员工" | "职工" | "普通员工" | "一般员工"
            | "工作人员" | "从业者" => Some(Category::Worker),
            _ if t.starts_with("特种作业")
                || t.starts_with("特种设备作业")
                || t == "特种工"
                || t == "特殊工种" =>
            {
                Some(Category::SpecialWorker)
            }
            _ => None,
        }
    }
}

/// 培训类型.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TrainingKind {
    /// 岗前培训
    PreJob,
    /// 年度再培训
    Annual,
    /// 专项培训
    Special,
}

impl TrainingKind {
    pub const ALL: [TrainingKind; 3] = [
        TrainingKind::PreJob,
        TrainingKind::Annual,
        TrainingKind::Special,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TrainingKind::PreJob => "pre_job",
            TrainingKind::Annual => "annual",
            TrainingKind::Special => "special",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TrainingKind::PreJob => "岗前培训",
            TrainingKind::Annual => "年度再培训",
            TrainingKind::Special => "专项培训",
        }
    }

    pub fn from_code(s: &str) -> Option<TrainingKind> {
        TrainingKind::ALL.into_iter().find(|k| k.code() == s)
    }
}

/// Hours as tenths (8.5 → 85), the unit every comparison uses.
fn tenths(hours: f64) -> i64 {
    (hours * 10.0).round() as i64
}

/// Hours rounded to one decimal.
fn one_decimal(hours: f64) -> f64 {
    tenths(hours) as f64 / 10.0
}

/// At most one decimal (8, 8.5, 7.3 but not 7.25).
fn has_one_decimal(x: f64) -> bool {
    ((x * 10.0).round() - x * 10.0).abs() < 1e-6
}

/// A multiple of half an hour.
fn is_half_step(x: f64) -> bool {
    ((x * 2.0).round() - x * 2.0).abs() < 1e-6
}

/// The hours one category needs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Need {
    /// 初次（岗前）培训学时, counted in the year the person was hired; 0 = none here.
    pub initial: f64,
    /// 每年再培训学时.
    pub yearly: f64,
}

/// The training hours required by category (a dictionary the bureau may edit).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Requirements {
    pub principal: Need,
    pub safety_manager: Need,
    pub special_worker: Need,
    pub worker: Need,
}

impl Default for Requirements {
    /// 主要负责人、安全管理人员 32/12 (第九条); 从业人员 24 岗前 (第十三条) and 8 a year
    /// (house value); 特种作业人员 0/8 (house value). See the module documentation.
    fn default() -> Self {
        Requirements {
            principal: Need {
                initial: 32.0,
                yearly: 12.0,
            },
            safety_manager: Need {
                initial: 32.0,
                yearly: 12.0,
            },
            special_worker: Need {
                initial: 0.0,
                yearly: 8.0,
            },
            worker: Need {
                initial: 24.0,
                yearly: 8.0,
            },
        }
    }
}

/// The most hours a requirement, a session or an attendance may have.
pub const MAX_HOURS: f64 = 200.0;

impl Requirements {
    pub fn need(&self, category: Category) -> Need {
        match category {
            Category::Principal => self.principal,
            Category::SafetyManager => self.safety_manager,
            Category::SpecialWorker => self.special_worker,
            Category::Worker => self.worker,
        }
    }

    /// Every value 0–200 hours with at most one decimal; fields like `principal.yearly`.
    pub fn check(&self) -> Result<(), Vec<FieldError>> {
        let mut v = Validator::new();
        for c in Category::ALL {
            let need = self.need(c);
            for (key, what, value) in [
                ("initial", "初次（岗前）培训学时", need.initial),
                ("yearly", "每年再培训学时", need.yearly),
            ] {
                let field = format!("{}.{key}", c.code());
                if !value.is_finite() || !(0.0..=MAX_HOURS).contains(&value) {
                    v.error(
                        &field,
                        "out_of_range",
                        format!("{}的{what}应在0到200之间", c.label()),
                    );
                } else if !has_one_decimal(value) {
                    v.error(
                        &field,
                        "invalid",
                        format!("{}的{what}最多保留一位小数", c.label()),
                    );
                }
            }
        }
        v.into_result()
    }
}

/// The earliest hire date accepted.
fn earliest_hire() -> NaiveDate {
    NaiveDate::from_ymd_opt(1950, 1, 1).unwrap_or_default()
}

/// A person on the roster, as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmployeeInput {
    /// 姓名
    #[serde(default)]
    pub name: String,
    /// 岗位
    #[serde(default)]
    pub post: String,
    /// 人员类别
    pub category: Option<Category>,
    /// 入职日期
    pub hired_on: Option<NaiveDate>,
    /// 联系电话
    pub phone: Option<String>,
    /// 在岗 (only `PUT` sends it; a new person is active).
    pub active: Option<bool>,
}

/// A checked roster entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckedEmployee {
    pub name: String,
    pub post: String,
    pub category: Category,
    pub hired_on: NaiveDate,
    pub phone: Option<String>,
    pub active: bool,
}

/// Checks a roster entry: name and post 1–50 characters, a category, a hire date
/// from 1950 up to `today`, an optional phone.
pub fn check_employee(
    input: &EmployeeInput,
    today: NaiveDate,
) -> Result<CheckedEmployee, Vec<FieldError>> {
    let mut v = Validator::new();
    let name = v.text("name", "姓名", &input.name, 1, 50);
    let post = v.text("post", "岗位", &input.post, 1, 50);
    if input.category.is_none() {
        v.error("category", "required", "请选择人员类别");
    }
    match input.hired_on {
        None => v.error("hired_on", "required", "入职日期不能为空"),
        Some(d) if d > today => v.error("hired_on", "invalid", "入职日期不能晚于今天"),
        Some(d) if d < earliest_hire() => {
            v.error("hired_on", "invalid", "入职日期不能早于1950年1月1日")
        }
        Some(_) => {}
    }
    let phone = v.optional_text("phone", "联系电话", input.phone.as_deref(), 20);
    if let Some(p) = &phone
        && p.chars().count() <= 20
        && !is_phone(p)
    {
        v.error(
            "phone",
            "invalid",
            "联系电话格式不正确（应为11位手机号或带区号的固定电话，如0898-66668888）",
        );
    }
    v.into_result()?;
    Ok(CheckedEmployee {
        name,
        post,
        category: input.category.unwrap_or(Category::Worker),
        hired_on: input.hired_on.unwrap_or(today),
        phone,
        active: input.active.unwrap_or(true),
    })
}

/// The columns of the roster import template, in order: (field, header, required).
pub const ROSTER_COLUMNS: [(&str, &str, bool); 5] = [
    ("name", "姓名", true),
    ("post", "岗位", true),
    ("category", "人员类别", true),
    ("hired_on", "入职日期", true),
    ("phone", "联系电话", false),
];

/// A date as a spreadsheet cell gives it: `2021-03-01`, `2021/3/1`, `2021.3.1`,
/// `2021年3月1日`, `20210301`, with or without a time after it, or an Excel serial
/// day number as text (`44256` is 2021-03-01; the 1900 date system counts days from
/// 1899-12-30; only five-digit serials, 1927–2173, so `2021.3` is not taken for one).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        return NaiveDate::parse_from_str(s, "%Y%m%d").ok();
    }
    if s.bytes().all(|b| b.is_ascii_digit() || b == b'.') && s.matches('.').count() <= 1 {
        let n: f64 = s.parse().ok()?;
        if !(10_000.0..100_000.0).contains(&n) {
            return None;
        }
        let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
        return base.checked_add_signed(Duration::days(n.floor() as i64));
    }
    let date_part = s.split([' ', 'T']).next().unwrap_or(s);
    let normalised: String = date_part
        .trim_end_matches('日')
        .chars()
        .map(|c| match c {
            '年' | '月' | '/' | '.' | '-' => '-',
            c => c,
        })
        .collect();
    let mut parts = normalised.split('-');
    let y: i32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    if parts.next().is_some() || !(1000..=9999).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Reads one roster import row (cells in [`ROSTER_COLUMNS`] order, as text) into a
/// checked entry; each problem is reported once, with its Chinese column header.
pub fn read_row(
    row: u32,
    cells: &[String],
    today: NaiveDate,
) -> Result<CheckedEmployee, Vec<CellProblem>> {
    let cell = |i: usize| cells.get(i).map(|s| s.trim()).unwrap_or("");
    let mut found: Vec<(String, String)> = Vec::new();
    let mut input = EmployeeInput {
        name: cell(0).to_string(),
        post: cell(1).to_string(),
        phone: (!cell(4).is_empty()).then(|| cell(4).to_string()),
        ..Default::default()
    };
    match cell(2) {
        "" => found.push(("category".into(), "人员类别不能为空".into())),
        s => match Category::from_label(s) {
            Some(c) => input.category = Some(c),
            None => found.push((
                "category".into(),
                format!(
                    "人员类别“{s}”无法识别，应为主要负责人、安全管理人员、特种作业人员或从业人员"
                ),
            )),
        },
    }
    match cell(3) {
        "" => found.push(("hired_on".into(), "入职日期不能为空".into())),
        s => match parse_date(s) {
            Some(d) => input.hired_on = Some(d),
            None => found.push((
                "hired_on".into(),
                format!("入职日期“{s}”无法识别，应写作2021-03-01、2021/3/1或2021年3月1日"),
            )),
        },
    }
    let checked = check_employee(&input, today);
    if let Err(errors) = &checked {
        for e in errors {
            if !found.iter().any(|(f, _)| *f == e.field) {
                found.push((e.field.clone(), e.message.clone()));
            }
        }
    }
    if found.is_empty()
        && let Ok(c) = checked
    {
        return Ok(c);
    }
    Err(found
        .into_iter()
        .map(|(field, message)| CellProblem {
            row,
            column: ROSTER_COLUMNS
                .iter()
                .find(|c| c.0 == field)
                .map(|c| c.1)
                .unwrap_or("")
                .to_string(),
            field,
            message,
        })
        .collect())
}

/// One person's attendance at a session.
#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttendanceInput {
    pub employee_id: Uuid,
    /// 学时 of this person; the session's hours when absent.
    pub hours: Option<f64>,
    /// 考核成绩 0–100.
    pub score: Option<f64>,
}

/// A training session as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionInput {
    /// 培训主题
    #[serde(default)]
    pub topic: String,
    /// 培训类型
    pub kind: Option<TrainingKind>,
    /// 培训日期
    pub held_on: Option<NaiveDate>,
    /// 学时
    pub hours: Option<f64>,
    /// 授课人
    pub trainer: Option<String>,
    /// Uploaded materials (file ids).
    #[serde(default)]
    pub materials: Vec<Uuid>,
    /// 参训人员
    #[serde(default)]
    pub attendance: Vec<AttendanceInput>,
}

/// A checked attendance: hours filled in, with one decimal.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CheckedAttendance {
    pub employee_id: Uuid,
    pub hours: f64,
    pub score: Option<f64>,
}

/// A checked session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckedSession {
    pub topic: String,
    pub kind: TrainingKind,
    pub held_on: NaiveDate,
    pub hours: f64,
    pub trainer: Option<String>,
    pub materials: Vec<Uuid>,
    pub attendance: Vec<CheckedAttendance>,
}

/// Most materials one session carries.
pub const MAX_MATERIALS: usize = 20;
/// Most attendances one session records.
pub const MAX_ATTENDANCE: usize = 10_000;

/// Checks a session: topic 1–200, a kind, a date not in the future, 0.5–200 hours in
/// half hours, trainer ≤ 50, at least one attendee, none twice; each person's hours
/// (default the session's) 0.5 up to the session's hours in half hours, a score 0–100.
pub fn check_session(
    input: &SessionInput,
    today: NaiveDate,
) -> Result<CheckedSession, Vec<FieldError>> {
    let mut v = Validator::new();
    let topic = v.text("topic", "培训主题", &input.topic, 1, 200);
    if input.kind.is_none() {
        v.error("kind", "required", "请选择培训类型");
    }
    match input.held_on {
        None => v.error("held_on", "required", "培训日期不能为空"),
        Some(d) if d > today => v.error("held_on", "invalid", "培训日期不能晚于今天"),
        Some(_) => {}
    }
    let hours = match input.hours {
        None => {
            v.error("hours", "required", "培训学时不能为空");
            None
        }
        Some(h) if !h.is_finite() || !(0.5..=MAX_HOURS).contains(&h) => {
            v.error("hours", "out_of_range", "培训学时应在0.5到200之间");
            None
        }
        Some(h) if !is_half_step(h) => {
            v.error("hours", "invalid", "培训学时应为0.5的整数倍");
            None
        }
        Some(h) => Some(one_decimal(h)),
    };
    let trainer = v.optional_text("trainer", "授课人", input.trainer.as_deref(), 50);
    if input.materials.len() > MAX_MATERIALS {
        v.error(
            "materials",
            "too_many",
            format!("培训资料最多{MAX_MATERIALS}个"),
        );
    }
    if input.attendance.is_empty() {
        v.error("attendance", "required", "请至少选择一名参训人员");
    }
    if input.attendance.len() > MAX_ATTENDANCE {
        v.error(
            "attendance",
            "too_many",
            format!("一次培训最多登记{MAX_ATTENDANCE}名参训人员"),
        );
    }
    let mut seen = HashSet::new();
    let mut attendance = Vec::with_capacity(input.attendance.len());
    for (i, a) in input.attendance.iter().enumerate() {
        let n = i + 1;
        if a.employee_id.is_nil() {
            v.error(
                &format!("attendance.{i}.employee_id"),
                "required",
                format!("第{n}名参训人员未选择"),
            );
        } else if !seen.insert(a.employee_id) {
            v.error(
                &format!("attendance.{i}.employee_id"),
                "duplicate",
                format!("第{n}名参训人员与前面重复"),
            );
        }
        let field = format!("attendance.{i}.hours");
        let own = match (a.hours, hours) {
            (None, h) => h.unwrap_or_default(),
            (Some(h), _) if !h.is_finite() || !(0.5..=MAX_HOURS).contains(&h) => {
                v.error(
                    &field,
                    "out_of_range",
                    format!("第{n}名参训人员的学时应在0.5到培训学时之间"),
                );
                h
            }
            (Some(h), _) if !is_half_step(h) => {
                v.error(
                    &field,
                    "invalid",
                    format!("第{n}名参训人员的学时应为0.5的整数倍"),
                );
                h
            }
            (Some(h), Some(session)) if tenths(h) > tenths(session) => {
                v.error(
                    &field,
                    "out_of_range",
                    format!("第{n}名参训人员的学时不能超过本次培训的{session}学时"),
                );
                h
            }
            (Some(h), _) => one_decimal(h),
        };
        let score = match a.score {
            Some(s) if !s.is_finite() || !(0.0..=100.0).contains(&s) => {
                v.error(
                    &format!("attendance.{i}.score"),
                    "out_of_range",
                    format!("第{n}名参训人员的考核成绩应在0到100之间"),
                );
                None
            }
            Some(s) => Some(one_decimal(s)),
            None => None,
        };
        attendance.push(CheckedAttendance {
            employee_id: a.employee_id,
            hours: own,
            score,
        });
    }
    v.into_result()?;
    Ok(CheckedSession {
        topic,
        kind: input.kind.unwrap_or(TrainingKind::Annual),
        held_on: input.held_on.unwrap_or(today),
        hours: hours.unwrap_or_default(),
        trainer,
        materials: input.materials.clone(),
        attendance,
    })
}

/// The hours a person of `category` hired on `hired_on` needs in `year`.
///
/// In the year of hire the initial (pre-job) requirement when it is above 0, otherwise
/// the yearly one; in later years the yearly one; 0 for a year before the hire. A person
/// hired in December still needs the whole initial requirement in that year: the 24
/// hours are *pre-job* training (未经安全生产教育和培训合格的从业人员，不得上岗作业), due
/// before the person starts, so they are not pro-rated.
pub fn required_hours(
    req: &Requirements,
    category: Category,
    hired_on: NaiveDate,
    year: i32,
) -> f64 {
    let need = req.need(category);
    match hired_on.year().cmp(&year) {
        std::cmp::Ordering::Greater => 0.0,
        std::cmp::Ordering::Equal if need.initial > 0.0 => need.initial,
        _ => need.yearly,
    }
}

/// A person's training in one year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct PersonStatus {
    pub category: Category,
    /// Hours required in the year.
    pub required: f64,
    /// Hours attended in the year (one decimal).
    pub hours: f64,
    /// Attended at least the required hours.
    pub trained: bool,
    /// Hours still missing (0 when trained).
    pub missing: f64,
}

/// The status of a person in `year` given the hours attended in that year (the sum of
/// their attendances at sessions held in that year, of any kind). `None` when the
/// person was hired after the year ended: they are not counted in it. Whether a person
/// is counted at all (inactive people, people who left) is the caller's concern: pass
/// only the roster of the year.
pub fn person_status(
    req: &Requirements,
    category: Category,
    hired_on: NaiveDate,
    year: i32,
    hours_in_year: f64,
) -> Option<PersonStatus> {
    if hired_on.year() > year {
        return None;
    }
    let required = tenths(required_hours(req, category, hired_on, year));
    let hours = if hours_in_year.is_finite() {
        tenths(hours_in_year).max(0)
    } else {
        0
    };
    Some(PersonStatus {
        category,
        required: required as f64 / 10.0,
        hours: hours as f64 / 10.0,
        trained: hours >= required,
        missing: (required - hours).max(0) as f64 / 10.0,
    })
}

/// Coverage of one category.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct CategoryCoverage {
    pub category: Category,
    pub label: &'static str,
    pub employees: u32,
    pub trained: u32,
    /// trained / employees, 0 when there is nobody.
    pub rate: f64,
}

/// The rotation coverage (全员轮训覆盖率) of a set of people.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Coverage {
    pub employees: u32,
    pub trained: u32,
    /// trained / employees (0..=1), 0 when there is nobody.
    pub rate: f64,
    /// Every category, in [`Category::ALL`] order, also those with nobody.
    pub by_category: Vec<CategoryCoverage>,
}

fn rate(trained: u32, employees: u32) -> f64 {
    if employees == 0 {
        0.0
    } else {
        f64::from(trained) / f64::from(employees)
    }
}

/// Counts people and the trained among them, overall and by category.
pub fn coverage(people: &[PersonStatus]) -> Coverage {
    let count = |filter: &dyn Fn(&PersonStatus) -> bool| {
        let all = people.iter().filter(|&p| filter(p));
        let employees = all.clone().count() as u32;
        let trained = all.filter(|p| p.trained).count() as u32;
        (employees, trained)
    };
    let (employees, trained) = count(&|_| true);
    let by_category = Category::ALL
        .into_iter()
        .map(|c| {
            let (employees, trained) = count(&|p| p.category == c);
            CategoryCoverage {
                category: c,
                label: c.label(),
                employees,
                trained,
                rate: rate(trained, employees),
            }
        })
        .collect();
    Coverage {
        employees,
        trained,
        rate: rate(trained, employees),
        by_category,
    }
}

/// One item of the training evaluation form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct EvalItem {
    pub key: &'static str,
    pub label: &'static str,
    pub max: u32,
}

/// The key of the item pre-filled from the computed coverage.
pub const COVERAGE_ITEM: &str = "coverage";

/// The 100-point form of 教育培训完成情况评估 for key enterprises.
pub fn evaluation_items() -> Vec<EvalItem> {
    let item = |key, label, max| EvalItem { key, label, max };
    vec![
        item("system_plan", "安全培训制度健全，制定年度培训计划", 10),
        item(
            "key_personnel",
            "主要负责人和安全管理人员培训学时达标、考核合格",
            20,
        ),
        item(COVERAGE_ITEM, "全员安全培训覆盖率（全员轮训一遍）", 30),
        item("pre_job", "新上岗从业人员岗前培训不少于规定学时", 15),
        item(
            "special_certificates",
            "特种作业人员持证上岗，证书在有效期内",
            10,
        ),
        item("records", "培训档案完整（签到、课件、学时、照片）", 10),
        item("effect", "培训效果考核（考试或评估）", 5),
    ]
}

/// Suggested scores: the coverage item is `round(max × coverage rate)`, the others
/// are left to the evaluator (None).
pub fn suggested(items: &[EvalItem], coverage: &Coverage) -> Vec<(&'static str, Option<f64>)> {
    items
        .iter()
        .map(|i| {
            let s = (i.key == COVERAGE_ITEM)
                .then(|| (f64::from(i.max) * coverage.rate.clamp(0.0, 1.0)).round());
            (i.key, s)
        })
        .collect()
}

/// 评估等级 of a training evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// 优秀: ≥ 90
    Excellent,
    /// 良好: ≥ 80
    Good,
    /// 合格: ≥ 60
    Pass,
    /// 不合格: < 60
    Fail,
}

impl Grade {
    pub const ALL: [Grade; 4] = [Grade::Excellent, Grade::Good, Grade::Pass, Grade::Fail];

    pub fn code(self) -> &'static str {
        match self {
            Grade::Excellent => "excellent",
            Grade::Good => "good",
            Grade::Pass => "pass",
            Grade::Fail => "fail",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Grade::Excellent => "优秀",
            Grade::Good => "良好",
            Grade::Pass => "合格",
            Grade::Fail => "不合格",
        }
    }

    pub fn from_code(s: &str) -> Option<Grade> {
        Grade::ALL.into_iter().find(|g| g.code() == s)
    }

    pub fn from_label(s: &str) -> Option<Grade> {
        Grade::ALL.into_iter().find(|g| g.label() == s.trim())
    }

    /// The grade of a total (compared in tenths: 89.95 rounds to 90.0 first).
    pub fn of_total(total: f64) -> Grade {
        match tenths(total) {
            t if t >= 900 => Grade::Excellent,
            t if t >= 800 => Grade::Good,
            t if t >= 600 => Grade::Pass,
            _ => Grade::Fail,
        }
    }
}

/// A scored evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Evaluated {
    /// Sum of the scores, one decimal.
    pub total: f64,
    pub grade: Grade,
}

/// Checks the scores (`(key, score)`) against [`evaluation_items`]: each key known and
/// scored once, 0..=max with at most one decimal, every item scored. Fields
/// `items.3.key`, `items.3.score`, `items`.
pub fn check_evaluation(items: &[(String, f64)]) -> Result<Evaluated, Vec<FieldError>> {
    let form = evaluation_items();
    let mut v = Validator::new();
    let mut seen = HashSet::new();
    let mut total = 0i64;
    for (i, (key, score)) in items.iter().enumerate() {
        let Some(item) = form.iter().find(|f| f.key == key.as_str()) else {
            v.error(
                &format!("items.{i}.key"),
                "unknown",
                format!("评估项“{key}”不存在"),
            );
            continue;
        };
        if !seen.insert(item.key) {
            v.error(
                &format!("items.{i}.key"),
                "duplicate",
                format!("评估项“{}”重复评分", item.label),
            );
            continue;
        }
        let field = format!("items.{i}.score");
        if !score.is_finite() || !(0.0..=f64::from(item.max)).contains(score) {
            v.error(
                &field,
                "out_of_range",
                format!("“{}”的得分应在0到{}之间", item.label, item.max),
            );
        } else if !has_one_decimal(*score) {
            v.error(
                &field,
                "invalid",
                format!("“{}”的得分最多保留一位小数", item.label),
            );
        } else {
            total += tenths(*score);
        }
    }
    let missing: Vec<&str> = form
        .iter()
        .filter(|f| !seen.contains(f.key))
        .map(|f| f.label)
        .collect();
    if !missing.is_empty() {
        v.error(
            "items",
            "required",
            format!("以下评估项尚未评分：{}", missing.join("；")),
        );
    }
    v.into_result()?;
    let total = total as f64 / 10.0;
    Ok(Evaluated {
        total,
        grade: Grade::of_total(total),
    })
}

/// Common certificate kinds (the form offers them; any text 1–100 is accepted).
pub const CERTIFICATE_KINDS: [&str; 6] = [
    "主要负责人安全生产知识和管理能力考核合格证",
    "安全生产管理人员安全生产知识和管理能力考核合格证",
    "特种作业操作证（电工作业）",
    "特种作业操作证（焊接与热切割作业）",
    "特种作业操作证（高处作业）",
    "特种设备作业人员证",
];

/// A certificate as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CertificateInput {
    pub employee_id: Option<Uuid>,
    /// 证书名称
    #[serde(default)]
    pub kind: String,
    /// 证书编号
    #[serde(default)]
    pub number: String,
    /// 发证日期
    pub issued_on: Option<NaiveDate>,
    /// 有效期至
    pub expires_on: Option<NaiveDate>,
    /// The scanned certificate (file id).
    pub file: Option<Uuid>,
}

/// A checked certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckedCertificate {
    pub employee_id: Uuid,
    pub kind: String,
    pub number: String,
    pub issued_on: NaiveDate,
    pub expires_on: NaiveDate,
    pub file: Option<Uuid>,
}

/// Checks a certificate: a holder, kind 1–100, number 1–50, issued not after `today`,
/// expiring after it was issued (an expired certificate may still be recorded).
pub fn check_certificate(
    input: &CertificateInput,
    today: NaiveDate,
) -> Result<CheckedCertificate, Vec<FieldError>> {
    let mut v = Validator::new();
    if input.employee_id.is_none_or(|id| id.is_nil()) {
        v.error("employee_id", "required", "请选择持证人员");
    }
    let kind = v.text("kind", "证书名称", &input.kind, 1, 100);
    let number = v.text("number", "证书编号", &input.number, 1, 50);
    match input.issued_on {
        None => v.error("issued_on", "required", "发证日期不能为空"),
        Some(d) if d > today => v.error("issued_on", "invalid", "发证日期不能晚于今天"),
        Some(_) => {}
    }
    match (input.issued_on, input.expires_on) {
        (_, None) => v.error("expires_on", "required", "有效期至不能为空"),
        (Some(i), Some(e)) if e <= i => v.error("expires_on", "invalid", "有效期至应晚于发证日期"),
        _ => {}
    }
    v.into_result()?;
    Ok(CheckedCertificate {
        employee_id: input.employee_id.unwrap_or_default(),
        kind,
        number,
        issued_on: input.issued_on.unwrap_or(today),
        expires_on: input.expires_on.unwrap_or(today),
        file: input.file,
    })
}

/// Days from `today` to `expires_on` (negative when expired).
pub fn days_left(expires_on: NaiveDate, today: NaiveDate) -> i64 {
    (expires_on - today).num_days()
}

/// The expiry reminder step of a certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExpiryStep {
    /// 8–30 days left.
    Days30,
    /// 1–7 days left.
    Days7,
    /// The day it expires or later.
    Expired,
}

impl ExpiryStep {
    pub fn code(self) -> &'static str {
        match self {
            ExpiryStep::Days30 => "days30",
            ExpiryStep::Days7 => "days7",
            ExpiryStep::Expired => "expired",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ExpiryStep::Days30 => "30天内到期",
            ExpiryStep::Days7 => "7天内到期",
            ExpiryStep::Expired => "已到期",
        }
    }

    /// The claim slot of this step for a certificate expiring on `expires_on`
    /// (`expiry:days30:2021-06-30`): renewing the certificate (a new date) starts
    /// its reminders afresh, the same date is reminded once per step.
    pub fn slot(self, expires_on: NaiveDate) -> String {
        format!("expiry:{}:{expires_on}", self.code())
    }
}

/// The reminder step due on `today`: only the most urgent one, so a server that did
/// not run on the 30th day before still sends the 30-day reminder later, but never
/// both at once.
pub fn expiry_step(expires_on: NaiveDate, today: NaiveDate) -> Option<ExpiryStep> {
    match days_left(expires_on, today) {
        d if d <= 0 => Some(ExpiryStep::Expired),
        1..=7 => Some(ExpiryStep::Days7),
        8..=30 => Some(ExpiryStep::Days30),
        _ => None,
    }
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
    fn categories_and_kinds() {
        for c in Category::ALL {
            assert_eq!(Category::from_code(c.code()), Some(c));
            assert_eq!(Category::from_label(c.label()), Some(c));
        }
        assert_eq!(
            Category::from_label(" 一般从业人员 "),
            Some(Category::Worker)
        );
        assert_eq!(Category::from_label("员工"), Some(Category::Worker));
        assert_eq!(
            Category::from_label("安全员"),
            Some(Category::SafetyManager)
        );
        assert_eq!(
            Category::from_label("安全生产管理人员"),
            Some(Category::SafetyManager)
        );
        assert_eq!(
            Category::from_label("特种作业人员（电工）"),
            Some(Category::SpecialWorker)
        );
        assert_eq!(
            Category::from_label("特种设备作业人员"),
            Some(Category::SpecialWorker)
        );
        assert_eq!(Category::from_label("worker"), Some(Category::Worker));
        assert_eq!(Category::from_label("保安队长"), None);
        assert_eq!(Category::from_label(""), None);
        for k in TrainingKind::ALL {
            assert_eq!(TrainingKind::from_code(k.code()), Some(k));
        }
        assert_eq!(TrainingKind::PreJob.label(), "岗前培训");
        assert_eq!(TrainingKind::from_code("yearly"), None);
    }

    #[test]
    fn default_requirements_follow_the_rules() {
        let r = Requirements::default();
        assert!(r.check().is_ok());
        assert_eq!(
            (r.principal.initial, r.principal.yearly),
            (32.0, 12.0),
            "第九条"
        );
        assert_eq!(r.safety_manager, r.principal);
        assert_eq!((r.worker.initial, r.worker.yearly), (24.0, 8.0));
        assert_eq!(
            (r.special_worker.initial, r.special_worker.yearly),
            (0.0, 8.0)
        );
        // The JSON of the API.
        let json = serde_json::to_value(r).unwrap();
        assert_eq!(json["worker"]["initial"], 24.0);
        assert_eq!(json["special_worker"]["yearly"], 8.0);
        let back: Requirements = serde_json::from_value(json).unwrap();
        assert_eq!(back, r);
        assert!(
            serde_json::from_str::<Requirements>(r#"{"principal":{"initial":1,"yearly":1}}"#)
                .is_err()
        );
    }

    #[test]
    fn requirements_are_checked() {
        let mut r = Requirements::default();
        r.principal.yearly = -1.0;
        r.worker.initial = 200.5;
        r.special_worker.yearly = 8.25;
        r.safety_manager.initial = f64::NAN;
        let e = r.check().unwrap_err();
        assert_eq!(
            fields(&e),
            vec![
                "principal.yearly",
                "safety_manager.initial",
                "special_worker.yearly",
                "worker.initial"
            ]
        );
        assert_eq!(e[0].message, "主要负责人的每年再培训学时应在0到200之间");
        assert_eq!(e[2].message, "特种作业人员的每年再培训学时最多保留一位小数");
        r = Requirements::default();
        r.worker.yearly = 200.0;
        r.worker.initial = 0.0;
        r.principal.yearly = 12.5;
        assert!(r.check().is_ok());
    }

    fn employee() -> EmployeeInput {
        EmployeeInput {
            name: " 王小明 ".into(),
            post: "收银员".into(),
            category: Some(Category::Worker),
            hired_on: Some(d(2021, 3, 1)),
            phone: Some("13800001234".into()),
            active: None,
        }
    }

    #[test]
    fn an_employee_is_checked() {
        let c = check_employee(&employee(), today()).unwrap();
        assert_eq!(c.name, "王小明");
        assert!(c.active);
        assert_eq!(c.hired_on, d(2021, 3, 1));
        let mut e = employee();
        e.hired_on = Some(today());
        e.phone = Some("  ".into());
        e.active = Some(false);
        let c = check_employee(&e, today()).unwrap();
        assert_eq!(c.phone, None);
        assert!(!c.active);
        let bad = EmployeeInput {
            name: "".into(),
            post: "岗".repeat(51),
            category: None,
            hired_on: Some(d(2021, 6, 16)),
            phone: Some("12345".into()),
            active: None,
        };
        let e = check_employee(&bad, today()).unwrap_err();
        assert_eq!(
            fields(&e),
            vec!["name", "post", "category", "hired_on", "phone"]
        );
        assert_eq!(e[0].message, "姓名不能为空");
        assert!(e[1].message.contains("岗位不能超过50个字符"));
        assert_eq!(e[3].message, "入职日期不能晚于今天");
        assert!(e[4].message.contains("联系电话"));
        let mut old = employee();
        old.hired_on = Some(d(1949, 12, 31));
        assert_eq!(
            check_employee(&old, today()).unwrap_err()[0].message,
            "入职日期不能早于1950年1月1日"
        );
        old.hired_on = Some(d(1950, 1, 1));
        assert!(check_employee(&old, today()).is_ok());
        old.hired_on = None;
        assert_eq!(
            check_employee(&old, today()).unwrap_err()[0].code,
            "required"
        );
    }

    #[test]
    fn dates_as_spreadsheets_write_them() {
        let m1 = Some(d(2021, 3, 1));
        for s in [
            "2021-03-01",
            "2021-3-1",
            "2021/3/1",
            "2021.3.1",
            "2021年3月1日",
            "2021年03月01日",
            "20210301",
            "44256",
            "44256.0",
            "44256.75",
            "2021-03-01 00:00:00",
            "2021-03-01T08:00:00",
            " 2021/03/01 ",
        ] {
            assert_eq!(parse_date(s), m1, "{s}");
        }
        assert_eq!(parse_date("2020/2/29"), Some(d(2020, 2, 29)));
        assert_eq!(parse_date("18264"), Some(d(1950, 1, 1)));
        for s in [
            "",
            "2021-02-30",
            "2021-13-01",
            "3/1/2021",
            "昨天",
            "44256.5.1",
            "60",
            "-5",
            "21-3-1",
            "2021-3",
            "2021.3",
            "2021-3-1-1",
            "1e5",
            "NaN",
            "9999",
            "100000",
        ] {
            assert_eq!(parse_date(s), None, "{s}");
        }
    }

    fn row(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_roster_row_reads() {
        let r = read_row(
            2,
            &row(&["李四", "电工", "特种作业人员", "2021/3/1", "0898-66668888"]),
            today(),
        )
        .unwrap();
        assert_eq!(r.category, Category::SpecialWorker);
        assert_eq!(r.hired_on, d(2021, 3, 1));
        assert_eq!(r.phone.as_deref(), Some("0898-66668888"));
        // Missing trailing cells are empty; the phone is optional.
        let r = read_row(3, &row(&["赵六", "理货员", "员工", "44256"]), today()).unwrap();
        assert_eq!(r.category, Category::Worker);
        assert_eq!(r.phone, None);
        assert_eq!(ROSTER_COLUMNS.iter().filter(|c| c.2).count(), 4);
    }

    #[test]
    fn a_roster_row_reports_each_cell_once() {
        let p = read_row(9, &row(&["", "", "保安队长", "3/1/2021", "123"]), today()).unwrap_err();
        let cols: Vec<&str> = p.iter().map(|x| x.column.as_str()).collect();
        assert_eq!(
            cols,
            vec!["人员类别", "入职日期", "姓名", "岗位", "联系电话"]
        );
        assert!(p.iter().all(|x| x.row == 9 && !x.message.is_empty()));
        assert!(p[0].message.contains("保安队长"));
        assert!(p[1].message.contains("3/1/2021"));
        let p = read_row(4, &row(&["张三", "店长"]), today()).unwrap_err();
        assert_eq!(
            p.iter().map(|x| x.message.as_str()).collect::<Vec<_>>(),
            vec!["人员类别不能为空", "入职日期不能为空"]
        );
        let p = read_row(
            5,
            &row(&["张三", "店长", "主要负责人", "2021-07-01"]),
            today(),
        )
        .unwrap_err();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].column, "入职日期");
        assert_eq!(p[0].message, "入职日期不能晚于今天");
    }

    proptest::proptest! {
        /// Any cells: a checked entry or problems naming a column, never a panic.
        #[test]
        fn roster_rows_never_panic(cells in proptest::collection::vec(".{0,30}", 0..8), r in 2u32..100_000) {
            match read_row(r, &cells, today()) {
                Ok(e) => proptest::prop_assert!(e.hired_on <= today() && !e.name.is_empty()),
                Err(p) => {
                    proptest::prop_assert!(!p.is_empty());
                    proptest::prop_assert!(p.iter().all(|x| x.row == r && !x.column.is_empty() && !x.message.is_empty()));
                }
            }
        }

        #[test]
        fn dates_never_panic(s in ".{0,30}") {
            let _ = parse_date(&s);
        }
    }

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn session() -> SessionInput {
        SessionInput {
            topic: "新员工三级安全教育".into(),
            kind: Some(TrainingKind::PreJob),
            held_on: Some(d(2021, 3, 2)),
            hours: Some(8.0),
            trainer: Some("陈老师".into()),
            materials: vec![],
            attendance: vec![
                AttendanceInput {
                    employee_id: id(1),
                    hours: None,
                    score: Some(92.0),
                },
                AttendanceInput {
                    employee_id: id(2),
                    hours: Some(4.5),
                    score: None,
                },
            ],
        }
    }

    #[test]
    fn a_session_fills_hours_per_person() {
        let s = check_session(&session(), today()).unwrap();
        assert_eq!(s.hours, 8.0);
        assert_eq!(
            s.attendance[0].hours, 8.0,
            "defaults to the session's hours"
        );
        assert_eq!(s.attendance[0].score, Some(92.0));
        assert_eq!(s.attendance[1].hours, 4.5);
        let mut one = session();
        one.hours = Some(0.5);
        one.attendance.truncate(1);
        one.held_on = Some(today());
        one.trainer = None;
        assert!(check_session(&one, today()).is_ok());
        let json = r#"{"topic":"消防","kind":"annual","held_on":"2021-05-01","hours":2,
            "trainer":"","materials":[],"attendance":[{"employee_id":"00000000-0000-0000-0000-000000000001"}]}"#;
        let input: SessionInput = serde_json::from_str(json).unwrap();
        let s = check_session(&input, today()).unwrap();
        assert_eq!(s.trainer, None);
        assert_eq!(s.attendance[0].hours, 2.0);
    }

    #[test]
    fn a_session_reports_nested_fields() {
        let mut s = session();
        s.topic = " ".into();
        s.kind = None;
        s.held_on = Some(d(2021, 6, 16));
        s.hours = Some(8.0);
        s.attendance = vec![
            AttendanceInput {
                employee_id: id(1),
                hours: Some(8.5),
                score: Some(101.0),
            },
            AttendanceInput {
                employee_id: id(2),
                hours: Some(0.0),
                score: None,
            },
            AttendanceInput {
                employee_id: id(3),
                hours: Some(2.25),
                score: Some(-1.0),
            },
            AttendanceInput {
                employee_id: id(1),
                hours: None,
                score: None,
            },
        ];
        let e = check_session(&s, today()).unwrap_err();
        assert_eq!(
            fields(&e),
            vec![
                "topic",
                "kind",
                "held_on",
                "attendance.0.hours",
                "attendance.0.score",
                "attendance.1.hours",
                "attendance.2.hours",
                "attendance.2.score",
                "attendance.3.employee_id"
            ]
        );
        assert_eq!(e[3].message, "第1名参训人员的学时不能超过本次培训的8学时");
        assert_eq!(e[8].code, "duplicate");
        let mut s = session();
        s.attendance.clear();
        s.hours = Some(0.25);
        let e = check_session(&s, today()).unwrap_err();
        assert_eq!(fields(&e), vec!["hours", "attendance"]);
        s.hours = Some(200.5);
        assert_eq!(
            check_session(&s, today()).unwrap_err()[0].message,
            "培训学时应在0.5到200之间"
        );
        s.hours = Some(1.3);
        assert_eq!(
            check_session(&s, today()).unwrap_err()[0].message,
            "培训学时应为0.5的整数倍"
        );
        s.hours = None;
        assert_eq!(check_session(&s, today()).unwrap_err()[0].code, "required");
        let mut s = session();
        s.attendance[0].employee_id = Uuid::nil();
        s.trainer = Some("师".repeat(51));
        assert_eq!(
            fields(&check_session(&s, today()).unwrap_err()),
            vec!["trainer", "attendance.0.employee_id"]
        );
    }

    #[test]
    fn required_hours_by_year_of_hire() {
        let r = Requirements::default();
        // Hired in the year: the initial requirement, also on Jan 1 and Dec 31.
        for day in [d(2021, 1, 1), d(2021, 6, 1), d(2021, 12, 31)] {
            assert_eq!(required_hours(&r, Category::Worker, day, 2021), 24.0);
            assert_eq!(required_hours(&r, Category::Principal, day, 2021), 32.0);
            // No initial requirement: the yearly one.
            assert_eq!(required_hours(&r, Category::SpecialWorker, day, 2021), 8.0);
        }
        // Hired the year before (even on Dec 31): the yearly requirement.
        assert_eq!(
            required_hours(&r, Category::Worker, d(2020, 12, 31), 2021),
            8.0
        );
        assert_eq!(
            required_hours(&r, Category::SafetyManager, d(2015, 5, 1), 2021),
            12.0
        );
        // Hired the year after: nothing.
        assert_eq!(
            required_hours(&r, Category::Worker, d(2022, 1, 1), 2021),
            0.0
        );
    }

    #[test]
    fn a_person_is_trained_at_exactly_the_requirement() {
        let r = Requirements::default();
        let old = d(2019, 4, 1);
        let s = person_status(&r, Category::Worker, old, 2021, 8.0).unwrap();
        assert_eq!(
            (s.required, s.hours, s.trained, s.missing),
            (8.0, 8.0, true, 0.0)
        );
        let s = person_status(&r, Category::Worker, old, 2021, 7.5).unwrap();
        assert_eq!((s.trained, s.missing), (false, 0.5));
        // Float sums of sessions still compare exactly.
        let sum = 0.1 + 0.2 + 7.7;
        assert!(
            person_status(&r, Category::Worker, old, 2021, sum)
                .unwrap()
                .trained
        );
        let s = person_status(&r, Category::Principal, old, 2021, 20.0).unwrap();
        assert_eq!((s.required, s.missing, s.trained), (12.0, 0.0, true));
        let s = person_status(&r, Category::Worker, old, 2021, 0.0).unwrap();
        assert_eq!((s.missing, s.trained), (8.0, false));
        // Nonsense hours count as none.
        let s = person_status(&r, Category::Worker, old, 2021, f64::NAN).unwrap();
        assert_eq!(s.hours, 0.0);
        let s = person_status(&r, Category::Worker, old, 2021, -3.0).unwrap();
        assert_eq!(s.hours, 0.0);
    }

    #[test]
    fn new_hires_need_the_initial_hours_even_in_december() {
        let r = Requirements::default();
        let s = person_status(&r, Category::Worker, d(2021, 12, 31), 2021, 8.0).unwrap();
        assert_eq!((s.required, s.trained, s.missing), (24.0, false, 16.0));
        let s = person_status(&r, Category::Worker, d(2021, 1, 1), 2021, 24.0).unwrap();
        assert!(s.trained);
        let s = person_status(&r, Category::Worker, d(2021, 1, 1), 2021, 23.5).unwrap();
        assert_eq!((s.trained, s.missing), (false, 0.5));
        // Hired after the year: not counted.
        assert_eq!(
            person_status(&r, Category::Worker, d(2022, 1, 1), 2021, 30.0),
            None
        );
        // A requirement of 0 is met by anybody.
        let mut zero = r;
        zero.worker.yearly = 0.0;
        assert!(
            person_status(&zero, Category::Worker, d(2019, 1, 1), 2021, 0.0)
                .unwrap()
                .trained
        );
    }

    #[test]
    fn coverage_overall_and_by_category() {
        let c = coverage(&[]);
        assert_eq!((c.employees, c.trained, c.rate), (0, 0, 0.0));
        assert_eq!(c.by_category.len(), 4);
        assert!(c.by_category.iter().all(|x| x.rate == 0.0));
        let r = Requirements::default();
        let old = d(2018, 1, 1);
        let people: Vec<PersonStatus> = [
            (Category::Principal, old, 12.0),
            (Category::SafetyManager, old, 6.0),
            (Category::Worker, old, 8.0),
            (Category::Worker, old, 8.0),
            (Category::Worker, d(2021, 11, 1), 8.0),
            (Category::Worker, d(2022, 1, 3), 8.0),
        ]
        .iter()
        .filter_map(|(c, h, hours)| person_status(&r, *c, *h, 2021, *hours))
        .collect();
        let c = coverage(&people);
        assert_eq!((c.employees, c.trained), (5, 3));
        assert_eq!(c.rate, 0.6);
        let w = &c.by_category[3];
        assert_eq!(
            (w.category, w.label, w.employees, w.trained),
            (Category::Worker, "从业人员", 3, 2)
        );
        assert_eq!(c.by_category[1].trained, 0);
        assert_eq!(c.by_category[2].employees, 0);
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(json["by_category"][0]["category"], "principal");
    }

    #[test]
    fn the_evaluation_form_sums_to_100() {
        let items = evaluation_items();
        assert_eq!(items.iter().map(|i| i.max).sum::<u32>(), 100);
        let keys: HashSet<_> = items.iter().map(|i| i.key).collect();
        assert_eq!(keys.len(), items.len());
        assert_eq!(
            items.iter().find(|i| i.key == COVERAGE_ITEM).unwrap().max,
            30
        );
        let cov = Coverage {
            employees: 40,
            trained: 31,
            rate: 0.775,
            by_category: vec![],
        };
        let s = suggested(&items, &cov);
        assert_eq!(s.len(), items.len());
        for (key, value) in &s {
            if *key == COVERAGE_ITEM {
                assert_eq!(*value, Some(23.0), "round(30 × 0.775 = 23.25)");
            } else {
                assert_eq!(*value, None);
            }
        }
        let full = Coverage {
            rate: 1.0,
            ..cov.clone()
        };
        assert!(suggested(&items, &full).contains(&(COVERAGE_ITEM, Some(30.0))));
        let none = Coverage { rate: 0.0, ..cov };
        assert!(suggested(&items, &none).contains(&(COVERAGE_ITEM, Some(0.0))));
    }

    fn scores(values: &[f64]) -> Vec<(String, f64)> {
        evaluation_items()
            .iter()
            .zip(values)
            .map(|(i, v)| (i.key.to_string(), *v))
            .collect()
    }

    #[test]
    fn evaluations_grade_at_the_boundaries() {
        let full = check_evaluation(&scores(&[10.0, 20.0, 30.0, 15.0, 10.0, 10.0, 5.0])).unwrap();
        assert_eq!((full.total, full.grade), (100.0, Grade::Excellent));
        let e = check_evaluation(&scores(&[10.0, 20.0, 30.0, 15.0, 5.0, 7.5, 1.5])).unwrap();
        assert_eq!((e.total, e.grade), (89.0, Grade::Good));
        let e = check_evaluation(&scores(&[10.0, 20.0, 30.0, 15.0, 5.0, 8.0, 2.0])).unwrap();
        assert_eq!((e.total, e.grade), (90.0, Grade::Excellent));
        let e = check_evaluation(&scores(&[10.0, 10.0, 30.0, 15.0, 5.0, 8.0, 2.0])).unwrap();
        assert_eq!((e.total, e.grade), (80.0, Grade::Good));
        let e = check_evaluation(&scores(&[10.0, 10.0, 20.0, 10.0, 5.0, 3.0, 1.9])).unwrap();
        assert_eq!((e.total, e.grade), (59.9, Grade::Fail));
        let e = check_evaluation(&scores(&[10.0, 10.0, 20.0, 10.0, 5.0, 3.0, 2.0])).unwrap();
        assert_eq!((e.total, e.grade), (60.0, Grade::Pass));
        assert_eq!(Grade::of_total(79.9), Grade::Pass);
        assert_eq!(Grade::of_total(0.0), Grade::Fail);
        for g in Grade::ALL {
            assert_eq!(Grade::from_code(g.code()), Some(g));
            assert_eq!(Grade::from_label(g.label()), Some(g));
        }
        assert_eq!(Grade::Fail.label(), "不合格");
    }

    #[test]
    fn evaluations_need_every_item_once_within_its_maximum() {
        let mut s = scores(&[10.0, 21.0, 30.0, 15.0, 10.0, 10.0]);
        s[4].1 = 2.25;
        s.push(("coverage".into(), 3.0));
        s.push(("bogus".into(), 1.0));
        s[0].1 = -1.0;
        let e = check_evaluation(&s).unwrap_err();
        assert_eq!(
            fields(&e),
            vec![
                "items.0.score",
                "items.1.score",
                "items.4.score",
                "items.6.key",
                "items.7.key",
                "items"
            ]
        );
        assert!(e[1].message.contains("应在0到20之间"), "{}", e[1].message);
        assert_eq!(e[3].code, "duplicate");
        assert_eq!(e[4].message, "评估项“bogus”不存在");
        assert!(e[5].message.contains("培训效果考核"));
        assert!(check_evaluation(&[]).is_err());
    }

    fn certificate() -> CertificateInput {
        CertificateInput {
            employee_id: Some(id(7)),
            kind: CERTIFICATE_KINDS[2].into(),
            number: "T460100198001011234".into(),
            issued_on: Some(d(2019, 7, 1)),
            expires_on: Some(d(2025, 7, 1)),
            file: None,
        }
    }

    #[test]
    fn certificates_are_checked() {
        let c = check_certificate(&certificate(), today()).unwrap();
        assert_eq!(c.kind, "特种作业操作证（电工作业）");
        let mut expired = certificate();
        expired.expires_on = Some(d(2020, 7, 1));
        assert!(
            check_certificate(&expired, today()).is_ok(),
            "history may be recorded"
        );
        let bad = CertificateInput {
            employee_id: None,
            kind: "".into(),
            number: "号".repeat(51),
            issued_on: Some(d(2021, 6, 16)),
            expires_on: Some(d(2021, 6, 16)),
            file: None,
        };
        let e = check_certificate(&bad, today()).unwrap_err();
        assert_eq!(
            fields(&e),
            vec!["employee_id", "kind", "number", "issued_on", "expires_on"]
        );
        assert_eq!(e[4].message, "有效期至应晚于发证日期");
        let e = check_certificate(&CertificateInput::default(), today()).unwrap_err();
        assert_eq!(
            fields(&e),
            vec!["employee_id", "kind", "number", "issued_on", "expires_on"]
        );
    }

    #[test]
    fn expiry_steps_and_slots() {
        let exp = d(2021, 7, 31);
        let step = |t: NaiveDate| expiry_step(exp, t);
        assert_eq!(step(d(2021, 6, 30)), None, "31 days left");
        assert_eq!(
            step(d(2021, 7, 1)),
            Some(ExpiryStep::Days30),
            "30 days left"
        );
        assert_eq!(
            step(d(2021, 7, 23)),
            Some(ExpiryStep::Days30),
            "8 days left"
        );
        assert_eq!(step(d(2021, 7, 24)), Some(ExpiryStep::Days7), "7 days left");
        assert_eq!(step(d(2021, 7, 30)), Some(ExpiryStep::Days7), "1 day left");
        assert_eq!(step(exp), Some(ExpiryStep::Expired), "the day it expires");
        assert_eq!(step(d(2021, 9, 1)), Some(ExpiryStep::Expired));
        assert_eq!(days_left(exp, d(2021, 7, 24)), 7);
        assert_eq!(ExpiryStep::Days7.slot(exp), "expiry:days7:2021-07-31");
        assert_ne!(
            ExpiryStep::Days7.slot(exp),
            ExpiryStep::Days7.slot(d(2024, 7, 31)),
            "a renewed certificate is reminded again"
        );
        assert_eq!(ExpiryStep::Expired.label(), "已到期");
    }
}
