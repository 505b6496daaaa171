//! Risk grading and control (风险分级管控): risk points, their assessment by LEC
//! (作业条件危险性分析法) or LS (风险矩阵法), the four grades in four colours, the
//! control tier a grade requires, re-assessment dates, and the enterprise's
//! dynamic risk level that moves with the facts.
//!
//! Values are exact. Every factor is kept in tenths (`0.5` → 5, `10` → 100, LS
//! `4` → 40) and every score in hundredths ([`Score`]): an LEC D is L×E×C, at most
//! two decimals because the C table holds whole numbers (`0.5×0.5×1 = 0.25`), and
//! an LS R is L×S. Thresholds are whole numbers, so a score compares exactly at
//! each boundary, with no floating point involved.
//!
//! The enterprise level ([`enterprise_level`]) starts from the highest grade of its
//! risk points and is raised one step for each distinct reason present (an open
//! 重大隐患, overdue hazards, an orange or red weather warning in force), capped at
//! 重大; with an open 重大隐患 it is never below 较大.

use std::cmp::Ordering;
use std::fmt;

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::validate::{FieldError, Validator, is_phone};

/// 风险等级, from 重大 (red) down to 低 (blue). Ordered: `Major` is the highest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// 重大风险 (红)
    Major,
    /// 较大风险 (橙)
    Large,
    /// 一般风险 (黄)
    General,
    /// 低风险 (蓝)
    Low,
}

impl Grade {
    /// Highest first.
    pub const ALL: [Grade; 4] = [Grade::Major, Grade::Large, Grade::General, Grade::Low];

    pub fn code(self) -> &'static str {
        match self {
            Grade::Major => "major",
            Grade::Large => "large",
            Grade::General => "general",
            Grade::Low => "low",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Grade::Major => "重大风险",
            Grade::Large => "较大风险",
            Grade::General => "一般风险",
            Grade::Low => "低风险",
        }
    }

    pub fn short_label(self) -> &'static str {
        match self {
            Grade::Major => "重大",
            Grade::Large => "较大",
            Grade::General => "一般",
            Grade::Low => "低",
        }
    }

    /// The colour of the four-colour risk map (四色图).
    pub fn colour_code(self) -> &'static str {
        match self {
            Grade::Major => "red",
            Grade::Large => "orange",
            Grade::General => "yellow",
            Grade::Low => "blue",
        }
    }

    pub fn colour_label(self) -> &'static str {
        match self {
            Grade::Major => "红",
            Grade::Large => "橙",
            Grade::General => "黄",
            Grade::Low => "蓝",
        }
    }

    pub fn from_code(s: &str) -> Option<Grade> {
        Grade::ALL.into_iter().find(|g| g.code() == s)
    }

    /// 1 (低) to 4 (重大).
    pub fn rank(self) -> u8 {
        match self {
            Grade::Low => 1,
            Grade::General => 2,
            Grade::Large => 3,
            Grade::Major => 4,
        }
    }

    fn from_rank(rank: u8) -> Grade {
        match rank {
            0 | 1 => Grade::Low,
            2 => Grade::General,
            3 => Grade::Large,
            _ => Grade::Major,
        }
    }

    /// One step up; 重大 stays 重大.
    pub fn raise(self) -> Grade {
        Grade::from_rank(self.rank() + 1)
    }
}

impl PartialOrd for Grade {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Grade {
    fn cmp(&self, other: &Self) -> Ordering {
        self.rank().cmp(&other.rank())
    }
}

/// 评估方法.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// LEC法（作业条件危险性分析法）: D = L × E × C
    Lec,
    /// LS法（风险矩阵法）: R = L × S
    Ls,
}

impl Method {
    pub const ALL: [Method; 2] = [Method::Lec, Method::Ls];

    pub fn code(self) -> &'static str {
        match self {
            Method::Lec => "lec",
            Method::Ls => "ls",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Method::Lec => "LEC法（作业条件危险性分析法）",
            Method::Ls => "LS法（风险矩阵法）",
        }
    }

    pub fn short_label(self) -> &'static str {
        match self {
            Method::Lec => "LEC法",
            Method::Ls => "LS法",
        }
    }

    pub fn from_code(s: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.code() == s)
    }
}

/// One row of a factor table (for the drop-downs): the value in tenths and what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Choice {
    /// The value in tenths: 0.5 → 5, 10 → 100.
    pub tenths: i32,
    /// 含义, e.g. 相当可能.
    pub label: &'static str,
}

impl Choice {
    const fn new(tenths: i32, label: &'static str) -> Choice {
        Choice { tenths, label }
    }

    /// The value as shown and as sent by the UI (0.5, 10).
    pub fn value(self) -> f64 {
        f64::from(self.tenths) / 10.0
    }

    /// The value as text: `0.5`, `10`.
    pub fn value_text(self) -> String {
        fmt_scaled(i64::from(self.tenths), 10)
    }
}

/// LEC: L 事故发生的可能性.
pub const LEC_L: &[Choice] = &[
    Choice::new(100, "完全可以预料"),
    Choice::new(60, "相当可能"),
    Choice::new(30, "可能，但不经常"),
    Choice::new(10, "可能性小，完全意外"),
    Choice::new(5, "很不可能，可以设想"),
    Choice::new(2, "极不可能"),
    Choice::new(1, "实际不可能"),
];

/// LEC: E 暴露于危险环境的频繁程度.
pub const LEC_E: &[Choice] = &[
    Choice::new(100, "连续暴露"),
    Choice::new(60, "每天工作时间内暴露"),
    Choice::new(30, "每周一次或偶然暴露"),
    Choice::new(20, "每月一次暴露"),
    Choice::new(10, "每年几次暴露"),
    Choice::new(5, "非常罕见地暴露"),
];

/// LEC: C 发生事故可能造成的后果.
pub const LEC_C: &[Choice] = &[
    Choice::new(1000, "大灾难，许多人死亡"),
    Choice::new(400, "灾难，数人死亡"),
    Choice::new(150, "非常严重，一人死亡"),
    Choice::new(70, "严重，重伤"),
    Choice::new(30, "重大，致残"),
    Choice::new(10, "引人注目，需要救护"),
];

/// LS: L 事故发生的可能性 (1–5).
pub const LS_L: &[Choice] = &[
    Choice::new(50, "极有可能（频繁发生）"),
    Choice::new(40, "很可能（经常发生）"),
    Choice::new(30, "可能（偶尔发生）"),
    Choice::new(20, "不太可能（很少发生）"),
    Choice::new(10, "极不可能（几乎不发生）"),
];

/// LS: S 事故后果的严重性 (1–5).
pub const LS_S: &[Choice] = &[
    Choice::new(50, "特别严重（多人死亡）"),
    Choice::new(40, "严重（一人死亡或多人重伤）"),
    Choice::new(30, "较严重（重伤）"),
    Choice::new(20, "一般（轻伤）"),
    Choice::new(10, "轻微（无伤亡或轻微伤害）"),
];

/// `value / scale` as the shortest decimal text: (5, 10) → `0.5`, (27000, 100) → `270`.
fn fmt_scaled(value: i64, scale: i64) -> String {
    let sign = if value < 0 { "-" } else { "" };
    let v = value.abs();
    let (whole, frac) = (v / scale, v % scale);
    if frac == 0 {
        return format!("{sign}{whole}");
    }
    let width = scale.to_string().len() - 1;
    let digits = format!("{frac:0width$}");
    format!("{sign}{whole}.{}", digits.trim_end_matches('0'))
}

/// A risk score (LEC D or LS R), exact, in hundredths: D = 270 is `Score(27000)`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(transparent)]
pub struct Score(pub i64);

impl Score {
    /// A whole-number score: `Score::whole(320)` is D = 320.
    pub const fn whole(n: i64) -> Score {
        Score(n * 100)
    }

    pub fn hundredths(self) -> i64 {
        self.0
    }

    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&fmt_scaled(self.0, 100))
    }
}

/// The lower bounds of 重大, 较大 and 一般 for one method, in whole score points;
/// below `general` is 低.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Bands {
    /// 重大风险: score ≥ major.
    pub major: u32,
    /// 较大风险: large ≤ score < major.
    pub large: u32,
    /// 一般风险: general ≤ score < large; below is 低风险.
    pub general: u32,
}

/// The grading thresholds (configuration).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// LEC: D ≥ 320 重大, 160–320 较大, 70–160 一般, < 70 低.
    #[serde(default = "default_lec")]
    pub lec: Bands,
    /// LS: R ≥ 20 重大 (20, 25), 15–20 较大 (15, 16), 9–15 一般 (9, 10, 12), < 9 低.
    #[serde(default = "default_ls")]
    pub ls: Bands,
}

fn default_lec() -> Bands {
    Bands {
        major: 320,
        large: 160,
        general: 70,
    }
}

fn default_ls() -> Bands {
    Bands {
        major: 20,
        large: 15,
        general: 9,
    }
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            lec: default_lec(),
            ls: default_ls(),
        }
    }
}

/// The largest score of each method: LEC 10×10×100, LS 5×5.
fn max_score(method: Method) -> u32 {
    match method {
        Method::Lec => 10_000,
        Method::Ls => 25,
    }
}

impl Thresholds {
    pub fn bands(&self, method: Method) -> &Bands {
        match method {
            Method::Lec => &self.lec,
            Method::Ls => &self.ls,
        }
    }

    /// Each method's bounds positive, strictly decreasing from 重大 to 一般, and
    /// reachable (at most the largest score of the method).
    pub fn check(&self) -> Result<(), Vec<FieldError>> {
        let mut v = Validator::new();
        for method in Method::ALL {
            let b = self.bands(method);
            let m = method.code();
            let name = method.short_label();
            let score = match method {
                Method::Lec => "D值",
                Method::Ls => "R值",
            };
            let max = max_score(method);
            for (key, grade, value) in [
                ("major", Grade::Major, b.major),
                ("large", Grade::Large, b.large),
                ("general", Grade::General, b.general),
            ] {
                let field = format!("{m}.{key}");
                if value == 0 {
                    v.error(
                        &field,
                        "out_of_range",
                        format!("{name}{}的{score}下限应为正数", grade.label()),
                    );
                } else if value > max {
                    v.error(
                        &field,
                        "out_of_range",
                        format!("{name}{}的{score}下限不能大于{max}", grade.label()),
                    );
                }
            }
            if b.major <= b.large {
                v.error(
                    &format!("{m}.major"),
                    "invalid",
                    format!("{name}重大风险的{score}下限应大于较大风险的下限"),
                );
            }
            if b.large <= b.general {
                v.error(
                    &format!("{m}.large"),
                    "invalid",
                    format!("{name}较大风险的{score}下限应大于一般风险的下限"),
                );
            }
        }
        v.into_result()
    }
}

/// The grade of a score: the first band whose lower bound it reaches.
pub fn grade_of(score: Score, bands: &Bands) -> Grade {
    let at_least = |bound: u32| score >= Score::whole(i64::from(bound));
    if at_least(bands.major) {
        Grade::Major
    } else if at_least(bands.large) {
        Grade::Large
    } else if at_least(bands.general) {
        Grade::General
    } else {
        Grade::Low
    }
}

/// An assessment as entered: the values as the UI shows them (0.5, 10, 4).
#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentInput {
    pub method: Option<Method>,
    /// LEC: L from [`LEC_L`]; LS: L 1–5.
    pub l: Option<f64>,
    /// LEC: E from [`LEC_E`]; not used by LS.
    pub e: Option<f64>,
    /// LEC: C from [`LEC_C`]; not used by LS.
    pub c: Option<f64>,
    /// LS: S 1–5; not used by LEC.
    pub s: Option<f64>,
}

/// A checked assessment. Factors in tenths, the score in hundredths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Assessment {
    pub method: Method,
    /// L in tenths (LEC 3 → 30; LS 4 → 40).
    pub l: i32,
    /// LEC: E in tenths; LS: none.
    pub e: Option<i32>,
    /// LEC: C in tenths; LS: S in tenths.
    pub c_or_s: i32,
    /// LEC: D = L×E×C; LS: R = L×S.
    pub score: Score,
    pub grade: Grade,
}

impl Assessment {
    /// `LEC法：L=3，E=6，C=15，D=270` or `LS法：L=4，S=5，R=20`.
    pub fn method_line(&self) -> String {
        let t = |x: i32| fmt_scaled(i64::from(x), 10);
        match self.method {
            Method::Lec => format!(
                "LEC法：L={}，E={}，C={}，D={}",
                t(self.l),
                t(self.e.unwrap_or_default()),
                t(self.c_or_s),
                self.score
            ),
            Method::Ls => format!(
                "LS法：L={}，S={}，R={}",
                t(self.l),
                t(self.c_or_s),
                self.score
            ),
        }
    }
}

/// A number the UI sent, in tenths, when it is a whole number of tenths.
fn to_tenths(x: f64) -> Option<i32> {
    if !x.is_finite() || x.abs() > 1e6 {
        return None;
    }
    let t = (x * 10.0).round();
    ((x * 10.0 - t).abs() < 1e-6).then_some(t as i32)
}

/// Checks one factor against its table; the error names the field and lists the values.
fn factor(
    v: &mut Validator,
    field: &str,
    label: &str,
    value: Option<f64>,
    table: &[Choice],
) -> Option<i32> {
    let Some(x) = value else {
        v.error(field, "required", format!("请选择{label}"));
        return None;
    };
    match to_tenths(x).filter(|t| table.iter().any(|c| c.tenths == *t)) {
        Some(t) => Some(t),
        None => {
            let values: Vec<String> = table.iter().map(|c| c.value_text()).collect();
            v.error(
                field,
                "invalid",
                format!("{label}的取值应为表中的值：{}", values.join("、")),
            );
            None
        }
    }
}

fn unused(v: &mut Validator, field: &str, value: Option<f64>, message: &str) {
    if value.is_some() {
        v.error(field, "invalid", message);
    }
}

fn assess_into(
    v: &mut Validator,
    input: &AssessmentInput,
    thresholds: &Thresholds,
    prefix: &str,
) -> Option<Assessment> {
    let f = |name: &str| format!("{prefix}{name}");
    let Some(method) = input.method else {
        v.error(&f("method"), "required", "请选择评估方法（LEC法或LS法）");
        return None;
    };
    match method {
        Method::Lec => {
            let l = factor(v, &f("l"), "L（事故发生的可能性）", input.l, LEC_L);
            let e = factor(v, &f("e"), "E（暴露于危险环境的频繁程度）", input.e, LEC_E);
            let c = factor(v, &f("c"), "C（发生事故可能造成的后果）", input.c, LEC_C);
            unused(
                v,
                &f("s"),
                input.s,
                "LEC法不使用S（严重性），请填写C（后果）",
            );
            let (l, e, c) = (l?, e?, c?);
            // Tenths³ = thousandths; every C in the table is whole, so D has at most
            // two decimals and the division is exact.
            let milli = i64::from(l) * i64::from(e) * i64::from(c);
            let score = Score(milli / 10);
            Some(Assessment {
                method,
                l,
                e: Some(e),
                c_or_s: c,
                score,
                grade: grade_of(score, &thresholds.lec),
            })
        }
        Method::Ls => {
            let l = factor(v, &f("l"), "L（事故发生的可能性）", input.l, LS_L);
            let s = factor(v, &f("s"), "S（事故后果的严重性）", input.s, LS_S);
            unused(
                v,
                &f("e"),
                input.e,
                "LS法不使用E（暴露频繁程度），请清空该项",
            );
            unused(
                v,
                &f("c"),
                input.c,
                "LS法不使用C（后果），请填写S（严重性）",
            );
            let (l, s) = (l?, s?);
            // Tenths × tenths = hundredths.
            let score = Score(i64::from(l) * i64::from(s));
            Some(Assessment {
                method,
                l,
                e: None,
                c_or_s: s,
                score,
                grade: grade_of(score, &thresholds.ls),
            })
        }
    }
}

/// Checks an assessment and grades it.
pub fn assess(
    input: &AssessmentInput,
    thresholds: &Thresholds,
) -> Result<Assessment, Vec<FieldError>> {
    let mut v = Validator::new();
    let a = assess_into(&mut v, input, thresholds, "");
    v.into_result()?;
    a.ok_or_else(Vec::new)
}

/// 风险点类型.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PointKind {
    /// 场所/区域 (设备设施、部位)
    Place,
    /// 作业活动
    Activity,
}

impl PointKind {
    pub const ALL: [PointKind; 2] = [PointKind::Place, PointKind::Activity];

    pub fn code(self) -> &'static str {
        match self {
            PointKind::Place => "place",
            PointKind::Activity => "activity",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PointKind::Place => "场所/区域",
            PointKind::Activity => "作业活动",
        }
    }

    pub fn from_code(s: &str) -> Option<PointKind> {
        PointKind::ALL.into_iter().find(|k| k.code() == s)
    }
}

/// The 20 accident types of GB 6441-1986 《企业职工伤亡事故分类》.
pub const ACCIDENT_TYPES: [&str; 20] = [
    "物体打击",
    "车辆伤害",
    "机械伤害",
    "起重伤害",
    "触电",
    "淹溺",
    "灼烫",
    "火灾",
    "高处坠落",
    "坍塌",
    "冒顶片帮",
    "透水",
    "放炮",
    "火药爆炸",
    "瓦斯爆炸",
    "锅炉爆炸",
    "容器爆炸",
    "其它爆炸",
    "中毒和窒息",
    "其它伤害",
];

/// 管控措施类别.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeasureKind {
    /// 工程技术措施
    Engineering,
    /// 管理措施
    Management,
    /// 培训教育措施
    Training,
    /// 个体防护措施
    Ppe,
    /// 应急处置措施
    Emergency,
}

impl MeasureKind {
    pub const ALL: [MeasureKind; 5] = [
        MeasureKind::Engineering,
        MeasureKind::Management,
        MeasureKind::Training,
        MeasureKind::Ppe,
        MeasureKind::Emergency,
    ];

    pub fn code(self) -> &'static str {
        match self {
            MeasureKind::Engineering => "engineering",
            MeasureKind::Management => "management",
            MeasureKind::Training => "training",
            MeasureKind::Ppe => "ppe",
            MeasureKind::Emergency => "emergency",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            MeasureKind::Engineering => "工程技术措施",
            MeasureKind::Management => "管理措施",
            MeasureKind::Training => "培训教育措施",
            MeasureKind::Ppe => "个体防护措施",
            MeasureKind::Emergency => "应急处置措施",
        }
    }

    pub fn from_code(s: &str) -> Option<MeasureKind> {
        MeasureKind::ALL.into_iter().find(|k| k.code() == s)
    }
}

/// One control measure as entered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeasureInput {
    pub kind: Option<MeasureKind>,
    #[serde(default)]
    pub text: String,
}

/// A checked control measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Measure {
    pub kind: MeasureKind,
    pub text: String,
}

/// Most measures one risk point carries.
pub const MAX_MEASURES: usize = 50;

/// 管控层级, from 单位级 (highest) down to 岗位级.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ControlTier {
    /// 单位级 (公司级)
    Unit,
    /// 部门级 (车间级)
    Department,
    /// 班组级
    Team,
    /// 岗位级
    Post,
}

impl ControlTier {
    /// Highest first.
    pub const ALL: [ControlTier; 4] = [
        ControlTier::Unit,
        ControlTier::Department,
        ControlTier::Team,
        ControlTier::Post,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ControlTier::Unit => "unit",
            ControlTier::Department => "department",
            ControlTier::Team => "team",
            ControlTier::Post => "post",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ControlTier::Unit => "单位级",
            ControlTier::Department => "部门级",
            ControlTier::Team => "班组级",
            ControlTier::Post => "岗位级",
        }
    }

    pub fn from_code(s: &str) -> Option<ControlTier> {
        ControlTier::ALL.into_iter().find(|t| t.code() == s)
    }

    /// 1 (岗位级) to 4 (单位级).
    pub fn rank(self) -> u8 {
        match self {
            ControlTier::Post => 1,
            ControlTier::Team => 2,
            ControlTier::Department => 3,
            ControlTier::Unit => 4,
        }
    }

    /// The lowest tier that may control a risk of `grade`: 重大 → 单位级, 较大 → 部门级,
    /// 一般 → 班组级, 低 → 岗位级 (a higher tier is always allowed).
    pub fn required_for(grade: Grade) -> ControlTier {
        match grade {
            Grade::Major => ControlTier::Unit,
            Grade::Large => ControlTier::Department,
            Grade::General => ControlTier::Team,
            Grade::Low => ControlTier::Post,
        }
    }

    /// This tier may control a risk of `grade`.
    pub fn covers(self, grade: Grade) -> bool {
        self.rank() >= ControlTier::required_for(grade).rank()
    }
}

/// When a risk point is to be assessed again by default: 重大 in 3 months, 较大 in
/// 6 months, 一般 and 低 in 12 months (month ends clamp: 11-30 + 3 months = 02-28).
pub fn default_reassess(grade: Grade, assessed_on: NaiveDate) -> NaiveDate {
    let months = match grade {
        Grade::Major => 3,
        Grade::Large => 6,
        Grade::General | Grade::Low => 12,
    };
    assessed_on
        .checked_add_months(Months::new(months))
        .unwrap_or(assessed_on)
}

/// A risk point as entered (风险点).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskPointInput {
    /// 风险点名称: the place or the activity.
    #[serde(default)]
    pub name: String,
    pub kind: Option<PointKind>,
    /// 所在位置
    pub location: Option<String>,
    /// 主要危险因素
    #[serde(default)]
    pub hazard_factors: String,
    /// 可能导致的事故类型, from [`ACCIDENT_TYPES`].
    #[serde(default)]
    pub accident_types: Vec<String>,
    #[serde(default)]
    pub assessment: AssessmentInput,
    /// 管控措施
    #[serde(default)]
    pub measures: Vec<MeasureInput>,
    /// 管控层级
    pub control_tier: Option<ControlTier>,
    /// 管控责任人
    #[serde(default)]
    pub responsible: String,
    /// 责任人联系电话
    pub responsible_phone: Option<String>,
    /// 下次评估日期 (the form suggests [`default_reassess`]).
    pub reassess_on: Option<NaiveDate>,
}

/// A checked risk point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckedRiskPoint {
    pub name: String,
    pub kind: PointKind,
    pub location: Option<String>,
    pub hazard_factors: String,
    /// In the order of [`ACCIDENT_TYPES`].
    pub accident_types: Vec<String>,
    pub assessment: Assessment,
    pub measures: Vec<Measure>,
    pub control_tier: ControlTier,
    pub responsible: String,
    pub responsible_phone: Option<String>,
    pub assessed_on: NaiveDate,
    pub reassess_on: NaiveDate,
}

/// Checks a risk point assessed on `today`. The control tier must match the grade
/// ([`ControlTier::covers`]); the next assessment is after today and at most a year
/// away (every risk is assessed at least once a year).
pub fn check_risk_point(
    input: &RiskPointInput,
    thresholds: &Thresholds,
    today: NaiveDate,
) -> Result<CheckedRiskPoint, Vec<FieldError>> {
    let mut v = Validator::new();
    let name = v.text("name", "风险点名称", &input.name, 1, 100);
    if input.kind.is_none() {
        v.error(
            "kind",
            "required",
            "请选择风险点类型（场所/区域或作业活动）",
        );
    }
    let location = v.optional_text("location", "所在位置", input.location.as_deref(), 200);
    let hazard_factors = v.text(
        "hazard_factors",
        "主要危险因素",
        &input.hazard_factors,
        1,
        1000,
    );

    if input.accident_types.is_empty() {
        v.error(
            "accident_types",
            "required",
            "请至少选择一种可能导致的事故类型",
        );
    }
    let mut seen: Vec<&str> = Vec::new();
    for (i, t) in input.accident_types.iter().enumerate() {
        let t = t.trim();
        let field = format!("accident_types.{i}");
        if !ACCIDENT_TYPES.contains(&t) {
            v.error(
                &field,
                "invalid",
                format!("事故类型“{t}”不在GB 6441规定的20类事故类型之中"),
            );
        } else if seen.contains(&t) {
            v.error(&field, "duplicate", format!("事故类型“{t}”重复选择"));
        } else {
            seen.push(t);
        }
    }
    let accident_types: Vec<String> = ACCIDENT_TYPES
        .iter()
        .filter(|t| seen.contains(t))
        .map(|t| t.to_string())
        .collect();

    let assessment = assess_into(&mut v, &input.assessment, thresholds, "assessment.");

    if input.measures.is_empty() {
        v.error("measures", "required", "请至少填写一项管控措施");
    }
    if input.measures.len() > MAX_MEASURES {
        v.error(
            "measures",
            "too_many",
            format!("管控措施最多{MAX_MEASURES}项"),
        );
    }
    let mut measures = Vec::with_capacity(input.measures.len());
    for (i, m) in input.measures.iter().enumerate() {
        let n = i + 1;
        if m.kind.is_none() {
            v.error(
                &format!("measures.{i}.kind"),
                "required",
                format!("请选择第{n}项管控措施的类别"),
            );
        }
        let text = v.text(
            &format!("measures.{i}.text"),
            &format!("第{n}项管控措施的内容"),
            &m.text,
            1,
            500,
        );
        if let Some(kind) = m.kind {
            measures.push(Measure { kind, text });
        }
    }

    match (input.control_tier, assessment) {
        (None, _) => v.error("control_tier", "required", "请选择管控层级"),
        (Some(tier), Some(a)) if !tier.covers(a.grade) => {
            let need = ControlTier::required_for(a.grade);
            let allowed: Vec<&str> = ControlTier::ALL
                .into_iter()
                .filter(|t| t.covers(a.grade))
                .map(ControlTier::label)
                .collect();
            let rule = if allowed.len() == 1 {
                format!("应由{}管控", need.label())
            } else {
                format!("应由{}或以上管控（{}）", need.label(), allowed.join("、"))
            };
            v.error(
                "control_tier",
                "invalid",
                format!(
                    "管控层级过低：{}{rule}，当前为{}",
                    a.grade.label(),
                    tier.label()
                ),
            );
        }
        _ => {}
    }

    let responsible = v.text("responsible", "管控责任人", &input.responsible, 1, 50);
    let responsible_phone = v.optional_text(
        "responsible_phone",
        "责任人联系电话",
        input.responsible_phone.as_deref(),
        20,
    );
    if let Some(p) = &responsible_phone
        && !is_phone(p)
    {
        v.error(
            "responsible_phone",
            "invalid",
            "责任人联系电话格式不正确，应为11位手机号或带区号的固定电话",
        );
    }

    let latest = today.checked_add_months(Months::new(12)).unwrap_or(today);
    match input.reassess_on {
        None => {
            let hint = assessment
                .map(|a| {
                    format!(
                        "（{}建议{}前复评）",
                        a.grade.label(),
                        default_reassess(a.grade, today)
                    )
                })
                .unwrap_or_default();
            v.error(
                "reassess_on",
                "required",
                format!("请填写下次评估日期{hint}"),
            );
        }
        Some(d) if d <= today => {
            v.error("reassess_on", "invalid", "下次评估日期应晚于本次评估日期");
        }
        Some(d) if d > latest => {
            v.error(
                "reassess_on",
                "invalid",
                format!("下次评估日期不能晚于{latest}（风险至少每年评估一次）"),
            );
        }
        Some(_) => {}
    }

    v.into_result()?;
    let (Some(kind), Some(assessment), Some(control_tier), Some(reassess_on)) = (
        input.kind,
        assessment,
        input.control_tier,
        input.reassess_on,
    ) else {
        return Err(Vec::new());
    };
    Ok(CheckedRiskPoint {
        name,
        kind,
        location,
        hazard_factors,
        accident_types,
        assessment,
        measures,
        control_tier,
        responsible,
        responsible_phone,
        assessed_on: today,
        reassess_on,
    })
}

/// What moves an enterprise's risk level.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LevelFacts {
    /// The grades of its risk points (in force).
    pub point_grades: Vec<Grade>,
    /// 未销号的重大隐患.
    pub open_major_hazards: u32,
    /// 逾期未整改的隐患 (of any level).
    pub overdue_hazards: u32,
    /// Weather warnings in force for it: (kind label e.g. 台风, colour label e.g.
    /// 橙色, colour rank 1 blue … 4 red).
    pub active_warnings: Vec<(String, String, u8)>,
}

/// The colour rank from which a weather warning raises the level (3 = orange).
pub const RAISING_WARNING_RANK: u8 = 3;

/// The enterprise's dynamic risk level and why, or `None` when it has no risk point
/// and nothing raises it (未评估).
///
/// The rule:
/// 1. Base: the highest grade of its risk points; 低风险 when it has none but a
///    raising fact below applies.
/// 2. Each distinct reason present raises the level one step, and reasons combine
///    (at most three steps), capped at 重大:
///    - an open 重大隐患 (any number);
///    - overdue hazards (any number);
///    - an orange or red weather warning in force (any number of them).
/// 3. With an open 重大隐患 the result is at least 较大风险.
///
/// The reasons, in Chinese, start with the base and list every raising fact, also
/// when the level is already at 重大.
pub fn enterprise_level(facts: &LevelFacts) -> Option<(Grade, Vec<String>)> {
    let raising: Vec<&(String, String, u8)> = facts
        .active_warnings
        .iter()
        .filter(|w| w.2 >= RAISING_WARNING_RANK)
        .collect();
    let mut reasons = Vec::new();
    let mut steps = 0u8;
    if facts.open_major_hazards > 0 {
        steps += 1;
        reasons.push(format!(
            "存在未销号的重大隐患{}项",
            facts.open_major_hazards
        ));
    }
    if facts.overdue_hazards > 0 {
        steps += 1;
        reasons.push(format!("存在逾期未整改隐患{}项", facts.overdue_hazards));
    }
    if !raising.is_empty() {
        steps += 1;
        for (kind, colour, _) in raising {
            let r = format!("{kind}{colour}预警生效中");
            if !reasons.contains(&r) {
                reasons.push(r);
            }
        }
    }
    let base = match facts.point_grades.iter().max() {
        Some(g) => {
            reasons.insert(0, format!("风险点最高等级：{}", g.label()));
            *g
        }
        None if steps == 0 => return None,
        None => {
            reasons.insert(0, "未辨识风险点，按低风险起算".to_string());
            Grade::Low
        }
    };
    let mut grade = (0..steps).fold(base, |g, _| g.raise());
    if facts.open_major_hazards > 0 {
        grade = grade.max(Grade::Large);
    }
    Some((grade, reasons))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn lec(l: f64, e: f64, c: f64) -> AssessmentInput {
        AssessmentInput {
            method: Some(Method::Lec),
            l: Some(l),
            e: Some(e),
            c: Some(c),
            s: None,
        }
    }

    fn ls(l: f64, s: f64) -> AssessmentInput {
        AssessmentInput {
            method: Some(Method::Ls),
            l: Some(l),
            s: Some(s),
            ..Default::default()
        }
    }

    #[test]
    fn grades_order_colour_and_raise() {
        assert!(Grade::Major > Grade::Large);
        assert!(Grade::Large > Grade::General);
        assert!(Grade::General > Grade::Low);
        let mut sorted = vec![Grade::General, Grade::Major, Grade::Low, Grade::Large];
        sorted.sort();
        assert_eq!(
            sorted,
            vec![Grade::Low, Grade::General, Grade::Large, Grade::Major]
        );
        assert_eq!(Grade::Low.raise(), Grade::General);
        assert_eq!(Grade::General.raise(), Grade::Large);
        assert_eq!(Grade::Large.raise(), Grade::Major);
        assert_eq!(Grade::Major.raise(), Grade::Major);
        let rows: Vec<_> = Grade::ALL
            .into_iter()
            .map(|g| {
                (
                    g.code(),
                    g.label(),
                    g.short_label(),
                    g.colour_code(),
                    g.colour_label(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            vec![
                ("major", "重大风险", "重大", "red", "红"),
                ("large", "较大风险", "较大", "orange", "橙"),
                ("general", "一般风险", "一般", "yellow", "黄"),
                ("low", "低风险", "低", "blue", "蓝"),
            ]
        );
    }

    #[test]
    fn codes_round_trip() {
        for g in Grade::ALL {
            assert_eq!(Grade::from_code(g.code()), Some(g));
        }
        for m in Method::ALL {
            assert_eq!(Method::from_code(m.code()), Some(m));
        }
        for k in PointKind::ALL {
            assert_eq!(PointKind::from_code(k.code()), Some(k));
        }
        for k in MeasureKind::ALL {
            assert_eq!(MeasureKind::from_code(k.code()), Some(k));
        }
        for t in ControlTier::ALL {
            assert_eq!(ControlTier::from_code(t.code()), Some(t));
        }
        assert_eq!(Grade::from_code("red"), None);
        assert_eq!(
            serde_json::to_string(&ControlTier::Department).unwrap(),
            "\"department\""
        );
        assert_eq!(serde_json::to_string(&Grade::Large).unwrap(), "\"large\"");
    }

    #[test]
    fn tables_hold_the_standard_values() {
        let vals = |t: &[Choice]| t.iter().map(|c| c.value_text()).collect::<Vec<_>>();
        assert_eq!(vals(LEC_L), ["10", "6", "3", "1", "0.5", "0.2", "0.1"]);
        assert_eq!(vals(LEC_E), ["10", "6", "3", "2", "1", "0.5"]);
        assert_eq!(vals(LEC_C), ["100", "40", "15", "7", "3", "1"]);
        assert_eq!(vals(LS_L), ["5", "4", "3", "2", "1"]);
        assert_eq!(vals(LS_S), ["5", "4", "3", "2", "1"]);
        assert_eq!(LEC_L[4].value(), 0.5);
        assert_eq!(LEC_L[3].label, "可能性小，完全意外");
        // The exactness argument of D relies on whole C values.
        assert!(LEC_C.iter().all(|c| c.tenths % 10 == 0));
        assert_eq!(ACCIDENT_TYPES.len(), 20);
        let mut set = ACCIDENT_TYPES.to_vec();
        set.sort();
        set.dedup();
        assert_eq!(set.len(), 20);
    }

    #[test]
    fn scores_print_exactly() {
        assert_eq!(Score::whole(270).to_string(), "270");
        assert_eq!(Score(25).to_string(), "0.25");
        assert_eq!(Score(5).to_string(), "0.05");
        assert_eq!(Score(7050).to_string(), "70.5");
        assert_eq!(Score(0).to_string(), "0");
        assert_eq!(Score(-150).to_string(), "-1.5");
        assert_eq!(Score::whole(20).as_f64(), 20.0);
    }

    #[test]
    fn default_thresholds_and_their_check() {
        let t = Thresholds::default();
        assert_eq!(t.check(), Ok(()));
        assert_eq!((t.lec.major, t.lec.large, t.lec.general), (320, 160, 70));
        assert_eq!((t.ls.major, t.ls.large, t.ls.general), (20, 15, 9));
        // Missing parts take the defaults.
        let partial: Thresholds =
            serde_json::from_str(r#"{"ls":{"major":16,"large":12,"general":6}}"#).unwrap();
        assert_eq!(partial.lec, t.lec);
        assert_eq!(partial.ls.major, 16);
        assert!(serde_json::from_str::<Thresholds>(r#"{"lec":{"major":1}}"#).is_err());

        let bad = Thresholds {
            lec: Bands {
                major: 160,
                large: 160,
                general: 0,
            },
            ls: Bands {
                major: 26,
                large: 9,
                general: 12,
            },
        };
        let errs = bad.check().unwrap_err();
        let got: Vec<(&str, &str)> = errs
            .iter()
            .map(|e| (e.field.as_str(), e.message.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("lec.general", "LEC法一般风险的D值下限应为正数"),
                ("lec.major", "LEC法重大风险的D值下限应大于较大风险的下限"),
                ("ls.major", "LS法重大风险的R值下限不能大于25"),
                ("ls.large", "LS法较大风险的R值下限应大于一般风险的下限"),
            ]
        );
    }

    #[test]
    fn grade_of_at_every_boundary() {
        let t = Thresholds::default();
        let cases = [
            // (bands, whole bound, grade at and above, grade below)
            (t.lec, 320, Grade::Major, Grade::Large),
            (t.lec, 160, Grade::Large, Grade::General),
            (t.lec, 70, Grade::General, Grade::Low),
            (t.ls, 20, Grade::Major, Grade::Large),
            (t.ls, 15, Grade::Large, Grade::General),
            (t.ls, 9, Grade::General, Grade::Low),
        ];
        for (bands, bound, at, below) in cases {
            let b = Score::whole(bound);
            assert_eq!(grade_of(b, &bands), at, "{bound}");
            assert_eq!(grade_of(Score(b.0 + 1), &bands), at, "{bound}+0.01");
            assert_eq!(grade_of(Score(b.0 + 100), &bands), at, "{bound}+1");
            assert_eq!(grade_of(Score(b.0 - 1), &bands), below, "{bound}-0.01");
            assert_eq!(grade_of(Score(b.0 - 100), &bands), below, "{bound}-1");
        }
        assert_eq!(grade_of(Score(0), &t.lec), Grade::Low);
        assert_eq!(grade_of(Score::whole(10_000), &t.lec), Grade::Major);
        // Configured thresholds are honoured.
        let strict = Bands {
            major: 16,
            large: 10,
            general: 5,
        };
        assert_eq!(grade_of(Score::whole(16), &strict), Grade::Major);
        assert_eq!(grade_of(Score::whole(15), &strict), Grade::Large);
        assert_eq!(grade_of(Score::whole(4), &strict), Grade::Low);
    }

    /// An independent grading of an LEC combination: D in thousandths straight from
    /// the table's tenths, compared with the default bounds in thousandths.
    fn lec_grade_independently(l: i32, e: i32, c: i32) -> Grade {
        let milli = l as i64 * e as i64 * c as i64;
        match milli {
            m if m >= 320_000 => Grade::Major,
            m if m >= 160_000 => Grade::Large,
            m if m >= 70_000 => Grade::General,
            _ => Grade::Low,
        }
    }

    #[test]
    fn every_lec_combination_is_graded_exactly() {
        let t = Thresholds::default();
        let mut count = 0;
        let mut per_grade = [0usize; 5];
        let mut on_bound = Vec::new();
        let mut near_bound = Vec::new();
        for l in LEC_L {
            for e in LEC_E {
                for c in LEC_C {
                    let a = assess(&lec(l.value(), e.value(), c.value()), &t).unwrap();
                    let want = lec_grade_independently(l.tenths, e.tenths, c.tenths);
                    assert_eq!(a.grade, want, "{}", a.method_line());
                    // The float product agrees to the hundredth.
                    let f = l.value() * e.value() * c.value();
                    assert!((a.score.as_f64() - f).abs() < 1e-9, "{}", a.method_line());
                    assert_eq!((a.l, a.e, a.c_or_s), (l.tenths, Some(e.tenths), c.tenths));
                    per_grade[a.grade.rank() as usize] += 1;
                    count += 1;
                    for bound in [70, 160, 320] {
                        let diff = a.score.0 - Score::whole(bound).0;
                        if diff == 0 {
                            on_bound.push(a.method_line());
                        } else if diff.abs() <= 1000 {
                            near_bound.push(a.method_line());
                        }
                    }
                }
            }
        }
        assert_eq!(count, 7 * 6 * 6);
        // Only D = 70 is reached exactly, by 10×1×7 and 1×10×7; 160 and 320 are not
        // products of table values.
        assert_eq!(
            on_bound,
            vec!["LEC法：L=10，E=1，C=7，D=70", "LEC法：L=1，E=10，C=7，D=70"]
        );
        assert_eq!(grade_of(Score::whole(70), &t.lec), Grade::General);
        assert!(near_bound.contains(&"LEC法：L=10，E=6，C=1，D=60".to_string()));
        assert!(near_bound.contains(&"LEC法：L=0.5，E=10，C=15，D=75".to_string()));
        assert!(!near_bound.contains(&"LEC法：L=3，E=10，C=1，D=30".to_string()));
        assert_eq!(per_grade[1..].iter().sum::<usize>(), 252);
        assert!(per_grade[1..].iter().all(|n| *n > 0), "{per_grade:?}");
    }

    #[test]
    fn lec_examples_near_the_thresholds() {
        let t = Thresholds::default();
        let cases = [
            (3.0, 6.0, 15.0, "270", Grade::Large),
            (6.0, 6.0, 15.0, "540", Grade::Major),
            (1.0, 6.0, 40.0, "240", Grade::Large),
            (3.0, 3.0, 40.0, "360", Grade::Major),
            (1.0, 3.0, 100.0, "300", Grade::Large),
            (10.0, 3.0, 3.0, "90", Grade::General),
            (6.0, 3.0, 7.0, "126", Grade::General),
            (3.0, 6.0, 7.0, "126", Grade::General),
            (6.0, 6.0, 3.0, "108", Grade::General),
            (10.0, 10.0, 1.0, "100", Grade::General),
            (10.0, 1.0, 7.0, "70", Grade::General),
            (6.0, 10.0, 1.0, "60", Grade::Low),
            (0.5, 0.5, 1.0, "0.25", Grade::Low),
            (0.1, 0.5, 1.0, "0.05", Grade::Low),
            (10.0, 6.0, 3.0, "180", Grade::Large),
            (1.0, 10.0, 15.0, "150", Grade::General),
            (10.0, 10.0, 100.0, "10000", Grade::Major),
        ];
        for (l, e, c, d, g) in cases {
            let a = assess(&lec(l, e, c), &t).unwrap();
            assert_eq!(a.score.to_string(), d, "{l}×{e}×{c}");
            assert_eq!(a.grade, g, "{l}×{e}×{c}");
        }
        let a = assess(&lec(3.0, 6.0, 15.0), &t).unwrap();
        assert_eq!(a.method_line(), "LEC法：L=3，E=6，C=15，D=270");
        assert_eq!(a.score, Score(27000));
        let a = assess(&lec(0.5, 0.5, 1.0), &t).unwrap();
        assert_eq!(a.method_line(), "LEC法：L=0.5，E=0.5，C=1，D=0.25");
    }

    #[test]
    fn every_ls_combination_on_the_matrix() {
        let t = Thresholds::default();
        let mut matrix = [[""; 5]; 5];
        for l in 1..=5 {
            for s in 1..=5 {
                let a = assess(&ls(l as f64, s as f64), &t).unwrap();
                let r = l * s;
                assert_eq!(a.score, Score::whole(r), "L={l} S={s}");
                let want = match r {
                    20 | 25 => Grade::Major,
                    15 | 16 => Grade::Large,
                    9 | 10 | 12 => Grade::General,
                    1..=8 => Grade::Low,
                    _ => unreachable!(),
                };
                assert_eq!(a.grade, want, "L={l} S={s}");
                assert_eq!(a.e, None);
                matrix[(l - 1) as usize][(s - 1) as usize] = a.grade.short_label();
            }
        }
        assert_eq!(
            matrix,
            [
                ["低", "低", "低", "低", "低"],
                ["低", "低", "低", "低", "一般"],
                ["低", "低", "一般", "一般", "较大"],
                ["低", "低", "一般", "较大", "重大"],
                ["低", "一般", "较大", "重大", "重大"],
            ]
        );
        assert_eq!(
            assess(&ls(4.0, 5.0), &t).unwrap().method_line(),
            "LS法：L=4，S=5，R=20"
        );
    }

    #[test]
    fn bad_assessments_name_the_field_and_the_table() {
        let t = Thresholds::default();
        let errs = assess(&lec(7.0, 6.0, 15.0), &t).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].field, "l");
        assert_eq!(
            errs[0].message,
            "L（事故发生的可能性）的取值应为表中的值：10、6、3、1、0.5、0.2、0.1"
        );
        let errs = assess(&lec(0.3, 4.0, 20.0), &t).unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["l", "e", "c"]);
        assert_eq!(
            errs[1].message,
            "E（暴露于危险环境的频繁程度）的取值应为表中的值：10、6、3、2、1、0.5"
        );
        assert_eq!(
            errs[2].message,
            "C（发生事故可能造成的后果）的取值应为表中的值：100、40、15、7、3、1"
        );
        // Not a whole number of tenths, not finite.
        assert!(assess(&lec(0.55, 6.0, 15.0), &t).is_err());
        assert!(assess(&lec(f64::NAN, 6.0, 15.0), &t).is_err());
        assert!(assess(&lec(f64::INFINITY, 6.0, 15.0), &t).is_err());
        // Float noise from the UI is tolerated.
        assert_eq!(
            assess(&lec(0.1 * 30.0, 6.0, 15.0), &t).unwrap().score,
            Score::whole(270)
        );
        let errs = assess(
            &AssessmentInput {
                method: Some(Method::Lec),
                s: Some(3.0),
                ..Default::default()
            },
            &t,
        )
        .unwrap_err();
        let got: Vec<(&str, &str)> = errs
            .iter()
            .map(|e| (e.field.as_str(), e.message.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("l", "请选择L（事故发生的可能性）"),
                ("e", "请选择E（暴露于危险环境的频繁程度）"),
                ("c", "请选择C（发生事故可能造成的后果）"),
                ("s", "LEC法不使用S（严重性），请填写C（后果）"),
            ]
        );
        let errs = assess(&ls(6.0, 2.5), &t).unwrap_err();
        assert_eq!(
            errs[0].message,
            "L（事故发生的可能性）的取值应为表中的值：5、4、3、2、1"
        );
        assert_eq!(errs[1].field, "s");
        let mut both = ls(4.0, 5.0);
        both.c = Some(15.0);
        assert_eq!(assess(&both, &t).unwrap_err()[0].field, "c");
        let errs = assess(&AssessmentInput::default(), &t).unwrap_err();
        assert_eq!(errs[0].field, "method");
        assert_eq!(errs[0].message, "请选择评估方法（LEC法或LS法）");
        // The wire format.
        let input: AssessmentInput =
            serde_json::from_str(r#"{"method":"lec","l":0.5,"e":6,"c":40}"#).unwrap();
        assert_eq!(assess(&input, &t).unwrap().score, Score::whole(120));
    }

    #[test]
    fn control_tiers_follow_the_grade() {
        use ControlTier::*;
        let table = [
            (Grade::Major, [true, false, false, false]),
            (Grade::Large, [true, true, false, false]),
            (Grade::General, [true, true, true, false]),
            (Grade::Low, [true, true, true, true]),
        ];
        for (g, row) in table {
            for (tier, ok) in [Unit, Department, Team, Post].into_iter().zip(row) {
                assert_eq!(tier.covers(g), ok, "{g:?} {tier:?}");
            }
        }
        assert_eq!(ControlTier::required_for(Grade::Large), Department);
    }

    #[test]
    fn reassessment_defaults_by_grade() {
        let day = d("2026-11-30");
        assert_eq!(default_reassess(Grade::Major, day), d("2027-02-28"));
        assert_eq!(default_reassess(Grade::Large, day), d("2027-05-30"));
        assert_eq!(default_reassess(Grade::General, day), d("2027-11-30"));
        assert_eq!(
            default_reassess(Grade::Low, d("2028-02-29")),
            d("2029-02-28")
        );
    }

    fn point() -> RiskPointInput {
        RiskPointInput {
            name: "  地下一层配电房  ".into(),
            kind: Some(PointKind::Place),
            location: Some("B1层东侧".into()),
            hazard_factors: "电气线路老化、配电柜前未铺绝缘垫、雨季地下室进水".into(),
            accident_types: vec!["火灾".into(), "触电".into()],
            assessment: lec(3.0, 6.0, 15.0),
            measures: vec![
                MeasureInput {
                    kind: Some(MeasureKind::Engineering),
                    text: "配电柜前铺设绝缘胶垫，入口设挡鼠板和挡水板".into(),
                },
                MeasureInput {
                    kind: Some(MeasureKind::Management),
                    text: "电工每日巡检并记录，持证上岗".into(),
                },
            ],
            control_tier: Some(ControlTier::Department),
            responsible: "王工程".into(),
            responsible_phone: Some("13812341234".into()),
            reassess_on: Some(d("2027-05-28")),
        }
    }

    #[test]
    fn a_risk_point_is_checked() {
        let today = d("2026-11-28");
        let p = check_risk_point(&point(), &Thresholds::default(), today).unwrap();
        assert_eq!(p.name, "地下一层配电房");
        assert_eq!(p.assessment.grade, Grade::Large);
        assert_eq!(p.assessment.score, Score::whole(270));
        // Kept in the standard's order.
        assert_eq!(p.accident_types, ["触电", "火灾"]);
        assert_eq!(p.measures.len(), 2);
        assert_eq!(p.assessed_on, today);
        assert_eq!(p.reassess_on, d("2027-05-28"));
        // A higher tier is fine.
        let mut i = point();
        i.control_tier = Some(ControlTier::Unit);
        assert!(check_risk_point(&i, &Thresholds::default(), today).is_ok());
        // The wire format.
        let json = r#"{
            "name": "商场中庭促销活动",
            "kind": "activity",
            "hazard_factors": "人员密集、临时搭建舞台",
            "accident_types": ["坍塌", "其它伤害"],
            "assessment": {"method": "ls", "l": 2, "s": 4},
            "measures": [{"kind": "emergency", "text": "制定人员疏散方案并安排安保引导"}],
            "control_tier": "team",
            "responsible": "李主管",
            "reassess_on": "2027-11-28"
        }"#;
        let i: RiskPointInput = serde_json::from_str(json).unwrap();
        let p = check_risk_point(&i, &Thresholds::default(), today).unwrap();
        assert_eq!(p.kind, PointKind::Activity);
        assert_eq!(p.assessment.grade, Grade::Low);
        assert_eq!(p.responsible_phone, None);
    }

    #[test]
    fn a_too_low_tier_is_refused_naming_control_tier() {
        let today = d("2026-11-28");
        let t = Thresholds::default();
        let mut i = point();
        i.control_tier = Some(ControlTier::Team);
        let errs = check_risk_point(&i, &t, today).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].field, "control_tier");
        assert_eq!(
            errs[0].message,
            "管控层级过低：较大风险应由部门级或以上管控（单位级、部门级），当前为班组级"
        );
        i.assessment = lec(6.0, 6.0, 15.0);
        i.control_tier = Some(ControlTier::Department);
        i.reassess_on = Some(d("2027-02-28"));
        assert_eq!(
            check_risk_point(&i, &t, today).unwrap_err()[0].message,
            "管控层级过低：重大风险应由单位级管控，当前为部门级"
        );
        i.assessment = lec(1.0, 6.0, 15.0);
        i.control_tier = Some(ControlTier::Post);
        assert_eq!(
            check_risk_point(&i, &t, today).unwrap_err()[0].message,
            "管控层级过低：一般风险应由班组级或以上管控（单位级、部门级、班组级），当前为岗位级"
        );
    }

    #[test]
    fn bad_risk_points_name_every_field() {
        let today = d("2026-11-28");
        let i = RiskPointInput {
            location: Some("位".repeat(201)),
            accident_types: vec!["火灾".into(), "爆炸".into(), "火灾".into()],
            assessment: AssessmentInput {
                method: Some(Method::Lec),
                l: Some(7.0),
                e: Some(6.0),
                c: Some(15.0),
                s: None,
            },
            measures: vec![MeasureInput {
                kind: None,
                text: " ".into(),
            }],
            responsible_phone: Some("12345".into()),
            ..Default::default()
        };
        let errs = check_risk_point(&i, &Thresholds::default(), today).unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "name",
                "kind",
                "location",
                "hazard_factors",
                "accident_types.1",
                "accident_types.2",
                "assessment.l",
                "measures.0.kind",
                "measures.0.text",
                "control_tier",
                "responsible",
                "responsible_phone",
                "reassess_on",
            ]
        );
        let msg = |f: &str| {
            errs.iter()
                .find(|e| e.field == f)
                .map(|e| e.message.clone())
                .unwrap()
        };
        assert_eq!(msg("name"), "风险点名称不能为空");
        assert_eq!(
            msg("accident_types.1"),
            "事故类型“爆炸”不在GB 6441规定的20类事故类型之中"
        );
        assert_eq!(msg("accident_types.2"), "事故类型“火灾”重复选择");
        assert_eq!(msg("measures.0.text"), "第1项管控措施的内容不能为空");
        // No grade, so no suggestion.
        assert_eq!(msg("reassess_on"), "请填写下次评估日期");
        assert!(msg("location").starts_with("所在位置不能超过200个字符"));

        let empty = RiskPointInput {
            accident_types: vec![],
            measures: vec![],
            ..point()
        };
        let errs = check_risk_point(&empty, &Thresholds::default(), today).unwrap_err();
        let got: Vec<(&str, &str)> = errs
            .iter()
            .map(|e| (e.field.as_str(), e.message.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("accident_types", "请至少选择一种可能导致的事故类型"),
                ("measures", "请至少填写一项管控措施"),
            ]
        );
    }

    #[test]
    fn the_next_assessment_date_is_required_and_bounded() {
        let today = d("2026-11-28");
        let t = Thresholds::default();
        let mut i = point();
        i.reassess_on = None;
        let errs = check_risk_point(&i, &t, today).unwrap_err();
        assert_eq!(errs[0].field, "reassess_on");
        assert_eq!(
            errs[0].message,
            "请填写下次评估日期（较大风险建议2027-05-28前复评）"
        );
        i.reassess_on = Some(today);
        assert_eq!(
            check_risk_point(&i, &t, today).unwrap_err()[0].message,
            "下次评估日期应晚于本次评估日期"
        );
        i.reassess_on = Some(d("2026-11-29"));
        assert!(check_risk_point(&i, &t, today).is_ok());
        i.reassess_on = Some(d("2027-11-28"));
        assert!(check_risk_point(&i, &t, today).is_ok());
        i.reassess_on = Some(d("2027-11-29"));
        assert_eq!(
            check_risk_point(&i, &t, today).unwrap_err()[0].message,
            "下次评估日期不能晚于2027-11-28（风险至少每年评估一次）"
        );
    }

    #[test]
    fn thresholds_change_the_grade_and_so_the_tier() {
        let today = d("2026-11-28");
        let t = Thresholds {
            lec: Bands {
                major: 240,
                large: 120,
                general: 50,
            },
            ..Default::default()
        };
        assert_eq!(t.check(), Ok(()));
        // 3×6×15 = 270 is 重大 under these thresholds.
        let errs = check_risk_point(&point(), &t, today).unwrap_err();
        assert_eq!(errs[0].field, "control_tier");
    }

    fn facts(
        points: &[Grade],
        major: u32,
        overdue: u32,
        warnings: &[(&str, &str, u8)],
    ) -> LevelFacts {
        LevelFacts {
            point_grades: points.to_vec(),
            open_major_hazards: major,
            overdue_hazards: overdue,
            active_warnings: warnings
                .iter()
                .map(|(k, c, r)| (k.to_string(), c.to_string(), *r))
                .collect(),
        }
    }

    #[test]
    fn enterprise_level_examples() {
        assert_eq!(enterprise_level(&facts(&[], 0, 0, &[])), None);
        // Blue and yellow warnings do not raise, nor make an unassessed enterprise assessed.
        assert_eq!(
            enterprise_level(&facts(&[], 0, 0, &[("暴雨", "黄色", 2)])),
            None
        );
        assert_eq!(
            enterprise_level(&facts(
                &[Grade::General, Grade::Large, Grade::Low],
                0,
                0,
                &[]
            )),
            Some((Grade::Large, vec!["风险点最高等级：较大风险".to_string()]))
        );
        assert_eq!(
            enterprise_level(&facts(&[Grade::General], 0, 3, &[("台风", "橙色", 3)])),
            Some((
                Grade::Major,
                vec![
                    "风险点最高等级：一般风险".to_string(),
                    "存在逾期未整改隐患3项".to_string(),
                    "台风橙色预警生效中".to_string(),
                ]
            ))
        );
        // An open major hazard: at least 较大.
        assert_eq!(
            enterprise_level(&facts(&[Grade::Low], 1, 0, &[])),
            Some((
                Grade::Large,
                vec![
                    "风险点最高等级：低风险".to_string(),
                    "存在未销号的重大隐患1项".to_string(),
                ]
            ))
        );
        assert_eq!(
            enterprise_level(&facts(&[], 2, 0, &[])),
            Some((
                Grade::Large,
                vec![
                    "未辨识风险点，按低风险起算".to_string(),
                    "存在未销号的重大隐患2项".to_string(),
                ]
            ))
        );
        // Several warnings are one reason, one step; each is listed once.
        assert_eq!(
            enterprise_level(&facts(
                &[Grade::Low],
                0,
                0,
                &[
                    ("台风", "红色", 4),
                    ("暴雨", "橙色", 3),
                    ("台风", "红色", 4),
                    ("高温", "黄色", 2)
                ]
            )),
            Some((
                Grade::General,
                vec![
                    "风险点最高等级：低风险".to_string(),
                    "台风红色预警生效中".to_string(),
                    "暴雨橙色预警生效中".to_string(),
                ]
            ))
        );
        // Capped at 重大, reasons still listed.
        let (g, reasons) =
            enterprise_level(&facts(&[Grade::Major], 1, 1, &[("雷雨大风", "红色", 4)])).unwrap();
        assert_eq!(g, Grade::Major);
        assert_eq!(reasons.len(), 4);
    }

    /// The rule written independently, on ranks.
    fn expected_level(points: &[Grade], major: u32, overdue: u32, max_warning: u8) -> Option<u8> {
        let steps = (major > 0) as u8 + (overdue > 0) as u8 + (max_warning >= 3) as u8;
        let base = match points.iter().map(|g| g.rank()).max() {
            Some(r) => r,
            None if steps == 0 => return None,
            None => 1,
        };
        let mut r = (base + steps).min(4);
        if major > 0 {
            r = r.max(3);
        }
        Some(r)
    }

    #[test]
    fn enterprise_level_for_every_combination() {
        let point_sets: Vec<Vec<Grade>> = vec![
            vec![],
            vec![Grade::Low],
            vec![Grade::General, Grade::Low],
            vec![Grade::Large],
            vec![Grade::Low, Grade::Major, Grade::General],
        ];
        let warning_sets: Vec<Vec<(&str, &str, u8)>> = vec![
            vec![],
            vec![("高温", "蓝色", 1)],
            vec![("暴雨", "黄色", 2)],
            vec![("台风", "橙色", 3)],
            vec![("台风", "红色", 4)],
            vec![("暴雨", "黄色", 2), ("雷雨大风", "橙色", 3)],
        ];
        let mut n = 0;
        for points in &point_sets {
            for major in [0, 1, 5] {
                for overdue in [0, 1, 12] {
                    for ws in &warning_sets {
                        let f = facts(points, major, overdue, ws);
                        let max_w = ws.iter().map(|w| w.2).max().unwrap_or(0);
                        let got = enterprise_level(&f);
                        let want = expected_level(points, major, overdue, max_w);
                        assert_eq!(got.as_ref().map(|x| x.0.rank()), want, "{f:?}");
                        if let Some((_, reasons)) = got {
                            // One base line plus one line per fact present.
                            let lines = 1
                                + (major > 0) as usize
                                + (overdue > 0) as usize
                                + ws.iter().filter(|w| w.2 >= 3).count();
                            assert_eq!(reasons.len(), lines, "{f:?}");
                            assert!(
                                reasons[0].starts_with("风险点最高等级")
                                    || reasons[0] == "未辨识风险点，按低风险起算"
                            );
                        }
                        n += 1;
                    }
                }
            }
        }
        assert_eq!(n, 5 * 3 * 3 * 6);
    }
}
