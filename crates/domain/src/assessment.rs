//! Assessment (考核评估): the indicators of a target kind (区商务局, 局科室, 重点企业),
//! their weights, the auto score of an indicator from its rate, the checks of an
//! adjusted score, the total, its grade and rank, and the weak points that become a
//! rectification task.
//!
//! Weights and scores are points with at most one decimal; the weights of an
//! assessment sum to exactly 100. The auto score of an indicator is weight × rate,
//! rounded half up to 0.1, computed exactly in tenths. A total is compared (grade,
//! rank) as shown: rounded to 0.1, so 89.95 is 90.0 and 优秀.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::validate::{FieldError, Validator};

/// Who is assessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// 区商务局
    District,
    /// 局科室
    Section,
    /// 重点企业
    Enterprise,
}

impl TargetKind {
    pub const ALL: [TargetKind; 3] = [
        TargetKind::District,
        TargetKind::Section,
        TargetKind::Enterprise,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TargetKind::District => "district",
            TargetKind::Section => "section",
            TargetKind::Enterprise => "enterprise",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TargetKind::District => "区商务局",
            TargetKind::Section => "局科室",
            TargetKind::Enterprise => "重点企业",
        }
    }

    pub fn from_code(s: &str) -> Option<TargetKind> {
        TargetKind::ALL.into_iter().find(|k| k.code() == s)
    }
}

/// The period assessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = AssessmentPeriod)]
pub enum Period {
    /// 上半年: 1 January – 30 June.
    H1,
    /// 年度: 1 January – 31 December.
    Annual,
}

impl Period {
    pub const ALL: [Period; 2] = [Period::H1, Period::Annual];

    pub fn code(self) -> &'static str {
        match self {
            Period::H1 => "h1",
            Period::Annual => "annual",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Period::H1 => "上半年",
            Period::Annual => "年度",
        }
    }

    pub fn from_code(s: &str) -> Option<Period> {
        Period::ALL.into_iter().find(|p| p.code() == s)
    }

    /// The first and the last day of the period, both included. A year outside
    /// what a date can hold is taken as the nearest one that can.
    pub fn range(self, year: i32) -> (NaiveDate, NaiveDate) {
        let year = year.clamp(NaiveDate::MIN.year() + 1, NaiveDate::MAX.year() - 1);
        let day = |m, d| NaiveDate::from_ymd_opt(year, m, d).unwrap_or(NaiveDate::MIN);
        match self {
            Period::H1 => (day(1, 1), day(6, 30)),
            Period::Annual => (day(1, 1), day(12, 31)),
        }
    }
}

/// Where an indicator's score comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = IndicatorSource)]
pub enum Source {
    /// 重点任务完成率: assignments accepted / due in the period.
    TaskCompletion,
    /// 按期完成率: assignments accepted by their deadline / due in the period.
    TaskOnTime,
    /// 隐患整改率: hazards found in the period and closed / found.
    RectificationRate,
    /// 企业自查率: operating enterprises with this period's self-check / operating.
    SelfCheckRate,
    /// 全员轮训率: people trained / on the roster.
    TrainingCoverage,
    /// 人工评分: scored by hand.
    Manual,
}

impl Source {
    pub const ALL: [Source; 6] = [
        Source::TaskCompletion,
        Source::TaskOnTime,
        Source::RectificationRate,
        Source::SelfCheckRate,
        Source::TrainingCoverage,
        Source::Manual,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Source::TaskCompletion => "task_completion",
            Source::TaskOnTime => "task_on_time",
            Source::RectificationRate => "rectification_rate",
            Source::SelfCheckRate => "self_check_rate",
            Source::TrainingCoverage => "training_coverage",
            Source::Manual => "manual",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Source::TaskCompletion => "重点任务完成率",
            Source::TaskOnTime => "按期完成率",
            Source::RectificationRate => "隐患整改率",
            Source::SelfCheckRate => "企业自查率",
            Source::TrainingCoverage => "全员轮训率",
            Source::Manual => "人工评分",
        }
    }

    pub fn from_code(s: &str) -> Option<Source> {
        Source::ALL.into_iter().find(|x| x.code() == s)
    }

    /// Scored from the data (every source but `manual`).
    pub fn is_auto(self) -> bool {
        self != Source::Manual
    }
}

/// One indicator of an assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Indicator {
    /// ASCII snake case, unique in the assessment, e.g. `task_completion`.
    pub key: String,
    /// 1–30 characters, e.g. 重点任务完成率.
    pub label: String,
    /// Points, > 0, at most one decimal; the weights sum to 100.
    pub weight: f64,
    pub source: Source,
}

fn indicator(key: &str, label: &str, weight: f64, source: Source) -> Indicator {
    Indicator {
        key: key.to_string(),
        label: label.to_string(),
        weight,
        source,
    }
}

fn auto(source: Source, weight: f64) -> Indicator {
    indicator(source.code(), source.label(), weight, source)
}

/// The default indicators of a target kind; the weights sum to 100.
/// - 区商务局: 重点任务完成率 30, 按期完成率 20, 隐患整改率 25, 企业自查率 15, 全员轮训率 10;
/// - 局科室: 重点任务完成率 50, 按期完成率 30, 工作作风和协作配合 20 (`manual`);
/// - 重点企业: 隐患整改率 40, 企业自查率 20, 全员轮训率 20, 安全管理基础 20 (`manual`).
pub fn default_indicators(kind: TargetKind) -> Vec<Indicator> {
    use Source::*;
    match kind {
        TargetKind::District => vec![
            auto(TaskCompletion, 30.0),
            auto(TaskOnTime, 20.0),
            auto(RectificationRate, 25.0),
            auto(SelfCheckRate, 15.0),
            auto(TrainingCoverage, 10.0),
        ],
        TargetKind::Section => vec![
            auto(TaskCompletion, 50.0),
            auto(TaskOnTime, 30.0),
            indicator("manual", "工作作风和协作配合", 20.0, Manual),
        ],
        TargetKind::Enterprise => vec![
            auto(RectificationRate, 40.0),
            auto(SelfCheckRate, 20.0),
            auto(TrainingCoverage, 20.0),
            indicator("manual", "安全管理基础", 20.0, Manual),
        ],
    }
}

/// The sources that make sense for a target kind: a section has no hazards,
/// self-checks or roster of its own; an enterprise has no campaign tasks.
pub fn sources_for(kind: TargetKind) -> &'static [Source] {
    use Source::*;
    match kind {
        TargetKind::District => &[
            TaskCompletion,
            TaskOnTime,
            RectificationRate,
            SelfCheckRate,
            TrainingCoverage,
            Manual,
        ],
        TargetKind::Section => &[TaskCompletion, TaskOnTime, Manual],
        TargetKind::Enterprise => &[RectificationRate, SelfCheckRate, TrainingCoverage, Manual],
    }
}

/// The most indicators an assessment may have.
pub const MAX_INDICATORS: usize = 12;

/// `x` in tenths when it is a finite number with at most one decimal.
fn tenths(x: f64) -> Option<i64> {
    if !x.is_finite() || x.abs() > 1e9 {
        return None;
    }
    let t = (x * 10.0).round();
    ((x * 10.0 - t).abs() < 1e-6).then_some(t as i64)
}

/// `x` rounded half away from zero to tenths, as a whole number of tenths.
fn round_tenths(x: f64) -> i64 {
    if x.is_finite() {
        (x * 10.0).round() as i64
    } else {
        0
    }
}

/// `x` rounded to 0.1.
fn round1(x: f64) -> f64 {
    round_tenths(x) as f64 / 10.0
}

/// A weight or a score as text: `25`, `12.5`.
fn num(x: f64) -> String {
    let t = round_tenths(x);
    if t % 10 == 0 {
        format!("{}", t / 10)
    } else {
        format!("{:.1}", t as f64 / 10.0)
    }
}

fn is_key(s: &str) -> bool {
    (1..=40).contains(&s.len())
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Checks an assessment's indicators: 1–12 of them; keys non-empty ASCII snake case
/// (`a-z`, digits, `_`, starting with a letter, at most 40) and unique; labels 1–30
/// characters; weights > 0 with at most one decimal and summing to exactly 100
/// (error on `indicators`); each source allowed for the target kind and each
/// source other than `manual` used once (`indicators.<i>.source`).
pub fn check_indicators(kind: TargetKind, ind: &[Indicator]) -> Result<(), Vec<FieldError>> {
    let mut v = Validator::new();
    if ind.is_empty() || ind.len() > MAX_INDICATORS {
        v.error(
            "indicators",
            "out_of_range",
            format!("考核指标应为1到{MAX_INDICATORS}项（当前{}项）", ind.len()),
        );
    }
    let mut keys = HashSet::new();
    let mut sources = HashSet::new();
    let mut sum = Some(0i64);
    for (i, x) in ind.iter().enumerate() {
        let n = i + 1;
        let f = |name: &str| format!("indicators.{i}.{name}");
        if x.key.is_empty() {
            v.error(&f("key"), "required", format!("第{n}项指标的代码不能为空"));
        } else if !is_key(&x.key) {
            v.error(
                &f("key"),
                "invalid",
                format!(
                    "第{n}项指标的代码“{}”应由小写字母、数字和下划线组成，以字母开头，不超过40个字符",
                    x.key
                ),
            );
        } else if !keys.insert(x.key.as_str()) {
            v.error(
                &f("key"),
                "duplicate",
                format!("第{n}项指标的代码“{}”与前面的指标重复", x.key),
            );
        }
        v.text(&f("label"), &format!("第{n}项指标的名称"), &x.label, 1, 30);
        match tenths(x.weight) {
            Some(t) if t > 0 => {
                sum = sum.map(|s| s + t);
            }
            _ => {
                sum = None;
                v.error(
                    &f("weight"),
                    "invalid",
                    format!("第{n}项指标的权重应为大于0的分值，最多保留一位小数"),
                );
            }
        }
        if !sources_for(kind).contains(&x.source) {
            let allowed: Vec<&str> = sources_for(kind).iter().map(|s| s.label()).collect();
            v.error(
                &f("source"),
                "invalid",
                format!(
                    "{}的考核不适用“{}”，可选：{}",
                    kind.label(),
                    x.source.label(),
                    allowed.join("、")
                ),
            );
        } else if x.source.is_auto() && !sources.insert(x.source) {
            v.error(
                &f("source"),
                "duplicate",
                format!(
                    "“{}”已用于前面的指标，每项数据来源只能计分一次",
                    x.source.label()
                ),
            );
        }
    }
    if let Some(s) = sum
        && !ind.is_empty()
        && s != 1000
    {
        v.error(
            "indicators",
            "invalid",
            format!(
                "各项指标的权重之和应为100分（当前{}分）",
                num(s as f64 / 10.0)
            ),
        );
    }
    v.into_result()
}

/// A rate as counted: `num` of `den` (17 of 20 assignments accepted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(as = AssessmentMetric)]
pub struct Metric {
    pub num: u32,
    pub den: u32,
}

impl Metric {
    /// The rate 0..=1 (`num` above `den` counts as 1); `None` when nothing was due.
    pub fn value(self) -> Option<f64> {
        (self.den > 0).then(|| f64::from(self.num.min(self.den)) / f64::from(self.den))
    }

    /// `17/20`.
    pub fn value_label(self) -> String {
        format!("{}/{}", self.num, self.den)
    }
}

/// The auto score of an indicator: weight × rate, rounded half up to 0.1.
/// Nothing due (`den` 0) gives the full weight; a manual indicator (`None`) 0.
pub fn auto_score(weight: f64, metric: Option<Metric>) -> f64 {
    let Some(m) = metric else {
        return 0.0;
    };
    let w = round_tenths(weight).max(0);
    if m.den == 0 {
        return w as f64 / 10.0;
    }
    // Exact in tenths: round(w × num / den), half up.
    let (w, n, d) = (w as u128, u128::from(m.num.min(m.den)), u128::from(m.den));
    let t = (2 * w * n + d) / (2 * d);
    t as f64 / 10.0
}

/// An item as sent by `PUT /api/assessment-rows/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(as = AssessmentItemInput)]
pub struct ItemInput {
    pub key: String,
    pub score: f64,
    #[serde(default)]
    pub reason: Option<String>,
}

/// A score differing from the auto score by more than this needs a reason.
pub const ADJUST_TOLERANCE: f64 = 0.05;

/// Checks the scores of a row: each key one of the indicators (once); 0 ≤ score ≤
/// weight with at most one decimal (`items.<key>.score`); a score of an auto
/// indicator that differs from its auto score in `autos` by more than 0.05 needs a
/// reason of 2–200 characters (`items.<key>.reason`). Manual indicators need no
/// reason. A reason given is at most 200 characters. A score that is itself wrong
/// gets only its score error.
pub fn check_items(
    ind: &[Indicator],
    autos: &[(String, f64)],
    items: &[ItemInput],
) -> Result<(), Vec<FieldError>> {
    let mut v = Validator::new();
    let mut seen = HashSet::new();
    for it in items {
        let key = it.key.as_str();
        let Some(x) = ind.iter().find(|x| x.key == key) else {
            v.error(
                &format!("items.{key}"),
                "unknown_field",
                format!("考核指标“{key}”不在本次考核的指标之中"),
            );
            continue;
        };
        if !seen.insert(key) {
            v.error(
                &format!("items.{key}"),
                "duplicate",
                format!("“{}”的得分重复填写", x.label),
            );
            continue;
        }
        let score_field = format!("items.{key}.score");
        let weight = tenths(x.weight).unwrap_or_else(|| round_tenths(x.weight));
        let score_ok = match tenths(it.score) {
            None => {
                v.error(
                    &score_field,
                    "invalid",
                    format!("“{}”的得分应为数字，最多保留一位小数", x.label),
                );
                false
            }
            Some(t) if t < 0 || t > weight => {
                v.error(
                    &score_field,
                    "out_of_range",
                    format!("“{}”的得分应在0到{}分之间", x.label, num(x.weight)),
                );
                false
            }
            Some(_) => true,
        };
        let reason_field = format!("items.{key}.reason");
        // 1e-9: 21.3 − 21.25 is a little over 0.05 in floating point.
        let adjusted = score_ok
            && x.source.is_auto()
            && autos
                .iter()
                .find(|(k, _)| k == key)
                .is_some_and(|(_, a)| (it.score - a).abs() > ADJUST_TOLERANCE + 1e-9);
        let reason = it.reason.as_deref().map(str::trim).unwrap_or("");
        if adjusted {
            if reason.is_empty() {
                v.error(
                    &reason_field,
                    "required",
                    format!("“{}”调整后的得分与系统计算不同，请填写调整理由", x.label),
                );
            } else {
                v.text(&reason_field, "调整理由", reason, 2, 200);
            }
        } else {
            v.optional_text(&reason_field, "调整理由", Some(reason), 200);
        }
    }
    v.into_result()
}

/// The total of a row, rounded to 0.1.
pub fn total(scores: &[f64]) -> f64 {
    round1(scores.iter().filter(|s| s.is_finite()).sum())
}

/// 优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60, else 不合格; the total is taken as shown,
/// rounded to 0.1 (89.95 is 90.0: 优秀).
pub fn grade(total: f64) -> &'static str {
    match round_tenths(total) {
        900.. => "优秀",
        800.. => "良好",
        600.. => "合格",
        _ => "不合格",
    }
}

/// The rank of each total, 1 the highest; equal totals (as shown, to 0.1) share a
/// rank and the next rank skips (1, 2, 2, 4).
pub fn ranks(totals: &[f64]) -> Vec<u32> {
    let t: Vec<i64> = totals.iter().map(|x| round_tenths(*x)).collect();
    let mut sorted = t.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    t.iter()
        .map(|x| sorted.partition_point(|y| y > x) as u32 + 1)
        .collect()
}

/// The indicators scoring under 60% of their weight, in the order of the
/// indicators, as phrases for a rectification task:
/// `隐患整改率得分 10.0/25（低于60%）`. Indicators without a score are left out.
pub fn weak_points(ind: &[Indicator], scores: &[(String, f64)]) -> Vec<String> {
    ind.iter()
        .filter_map(|x| {
            let (_, s) = scores.iter().find(|(k, _)| *k == x.key)?;
            let (st, wt) = (round_tenths(*s), round_tenths(x.weight));
            (st * 10 < wt * 6).then(|| {
                format!(
                    "{}得分 {:.1}/{}（低于60%）",
                    x.label,
                    st as f64 / 10.0,
                    num(x.weight)
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn fields(r: Result<(), Vec<FieldError>>) -> Vec<(String, String)> {
        r.unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.message))
            .collect()
    }

    fn field_names(r: Result<(), Vec<FieldError>>) -> Vec<String> {
        r.unwrap_err().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn kinds_periods_and_sources_have_codes_labels_and_serde_names() {
        for k in TargetKind::ALL {
            assert_eq!(TargetKind::from_code(k.code()), Some(k));
            assert_eq!(serde_json::to_value(k).unwrap(), k.code());
        }
        let labels: Vec<_> = TargetKind::ALL.iter().map(|k| k.label()).collect();
        assert_eq!(labels, ["区商务局", "局科室", "重点企业"]);
        for p in Period::ALL {
            assert_eq!(Period::from_code(p.code()), Some(p));
            assert_eq!(serde_json::to_value(p).unwrap(), p.code());
        }
        assert_eq!(serde_json::to_value(Period::H1).unwrap(), "h1");
        assert_eq!(
            serde_json::from_str::<Period>(r#""annual""#).unwrap(),
            Period::Annual
        );
        assert_eq!(
            (Period::H1.label(), Period::Annual.label()),
            ("上半年", "年度")
        );
        for s in Source::ALL {
            assert_eq!(Source::from_code(s.code()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.code());
        }
        assert_eq!(Source::RectificationRate.label(), "隐患整改率");
        assert!(!Source::Manual.is_auto());
        assert!(Source::ALL[..5].iter().all(|s| s.is_auto()));
        assert_eq!(TargetKind::from_code("unit"), None);
        assert_eq!(Period::from_code("H1"), None);
        assert_eq!(Source::from_code(""), None);
    }

    #[test]
    fn period_ranges() {
        assert_eq!(Period::H1.range(2026), (d("2026-01-01"), d("2026-06-30")));
        assert_eq!(
            Period::Annual.range(2026),
            (d("2026-01-01"), d("2026-12-31"))
        );
        assert_eq!(
            Period::Annual.range(2028),
            (d("2028-01-01"), d("2028-12-31"))
        );
        // No panic on an absurd year.
        let (from, to) = Period::Annual.range(i32::MAX);
        assert!(from < to);
        let (from, to) = Period::H1.range(i32::MIN);
        assert!(from < to);
    }

    #[test]
    fn default_indicators_are_valid_and_weigh_100() {
        for k in TargetKind::ALL {
            let ind = default_indicators(k);
            assert_eq!(check_indicators(k, &ind), Ok(()), "{k:?}");
            assert_eq!(ind.iter().map(|i| i.weight).sum::<f64>(), 100.0);
            assert!(ind.iter().all(|i| sources_for(k).contains(&i.source)));
        }
        let brief = |k| {
            default_indicators(k)
                .into_iter()
                .map(|i| (i.key, i.label, i.weight, i.source))
                .collect::<Vec<_>>()
        };
        let s = |x: &str| x.to_string();
        assert_eq!(
            brief(TargetKind::District),
            [
                (
                    s("task_completion"),
                    s("重点任务完成率"),
                    30.0,
                    Source::TaskCompletion
                ),
                (s("task_on_time"), s("按期完成率"), 20.0, Source::TaskOnTime),
                (
                    s("rectification_rate"),
                    s("隐患整改率"),
                    25.0,
                    Source::RectificationRate
                ),
                (
                    s("self_check_rate"),
                    s("企业自查率"),
                    15.0,
                    Source::SelfCheckRate
                ),
                (
                    s("training_coverage"),
                    s("全员轮训率"),
                    10.0,
                    Source::TrainingCoverage
                ),
            ]
        );
        assert_eq!(
            brief(TargetKind::Section),
            [
                (
                    s("task_completion"),
                    s("重点任务完成率"),
                    50.0,
                    Source::TaskCompletion
                ),
                (s("task_on_time"), s("按期完成率"), 30.0, Source::TaskOnTime),
                (s("manual"), s("工作作风和协作配合"), 20.0, Source::Manual),
            ]
        );
        assert_eq!(
            brief(TargetKind::Enterprise),
            [
                (
                    s("rectification_rate"),
                    s("隐患整改率"),
                    40.0,
                    Source::RectificationRate
                ),
                (
                    s("self_check_rate"),
                    s("企业自查率"),
                    20.0,
                    Source::SelfCheckRate
                ),
                (
                    s("training_coverage"),
                    s("全员轮训率"),
                    20.0,
                    Source::TrainingCoverage
                ),
                (s("manual"), s("安全管理基础"), 20.0, Source::Manual),
            ]
        );
        // The wire format.
        let json = serde_json::to_value(&default_indicators(TargetKind::Section)[2]).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"key": "manual", "label": "工作作风和协作配合", "weight": 20.0, "source": "manual"})
        );
    }

    #[test]
    fn sources_by_kind() {
        use Source::*;
        assert_eq!(sources_for(TargetKind::District), &Source::ALL);
        assert_eq!(
            sources_for(TargetKind::Section),
            &[TaskCompletion, TaskOnTime, Manual]
        );
        assert_eq!(
            sources_for(TargetKind::Enterprise),
            &[RectificationRate, SelfCheckRate, TrainingCoverage, Manual]
        );
    }

    fn ind(key: &str, label: &str, weight: f64, source: Source) -> Indicator {
        indicator(key, label, weight, source)
    }

    #[test]
    fn indicators_weigh_exactly_100() {
        let k = TargetKind::Section;
        let mut x = vec![
            ind(
                "task_completion",
                "重点任务完成率",
                49.9,
                Source::TaskCompletion,
            ),
            ind("task_on_time", "按期完成率", 30.0, Source::TaskOnTime),
            ind("manual", "工作作风", 20.0, Source::Manual),
        ];
        assert_eq!(
            fields(check_indicators(k, &x)),
            [(
                s("indicators"),
                s("各项指标的权重之和应为100分（当前99.9分）")
            )]
        );
        x[0].weight = 50.1;
        assert_eq!(
            fields(check_indicators(k, &x)),
            [(
                s("indicators"),
                s("各项指标的权重之和应为100分（当前100.1分）")
            )]
        );
        // One decimal adds up exactly (0.1 + 0.2 is no problem).
        x[0].weight = 49.9;
        x[1].weight = 30.1;
        assert_eq!(check_indicators(k, &x), Ok(()));
        x[0].weight = 0.1;
        x[1].weight = 0.2;
        x[2].weight = 99.7;
        assert_eq!(check_indicators(k, &x), Ok(()));
        // A single indicator of 100.
        let one = [ind("manual", "综合评价", 100.0, Source::Manual)];
        assert_eq!(check_indicators(k, &one), Ok(()));
    }

    fn s(x: &str) -> String {
        x.to_string()
    }

    #[test]
    fn bad_indicators_name_every_field() {
        let k = TargetKind::Section;
        let x = vec![
            ind("", "重点任务完成率", 40.0, Source::TaskCompletion),
            ind("Task-2", " ", 10.05, Source::TaskOnTime),
            ind("manual", &"名".repeat(31), 0.0, Source::RectificationRate),
            ind("manual", "作风", -5.0, Source::Manual),
            ind("again", "再次", 10.0, Source::TaskCompletion),
            ind("nan", "非数", f64::NAN, Source::Manual),
        ];
        let errs = check_indicators(k, &x).unwrap_err();
        let got: Vec<(&str, &str)> = errs
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("indicators.0.key", "required"),
                ("indicators.1.key", "invalid"),
                ("indicators.1.label", "required"),
                ("indicators.1.weight", "invalid"),
                ("indicators.2.label", "too_long"),
                ("indicators.2.weight", "invalid"),
                ("indicators.2.source", "invalid"),
                ("indicators.3.key", "duplicate"),
                ("indicators.3.weight", "invalid"),
                ("indicators.4.source", "duplicate"),
                ("indicators.5.weight", "invalid"),
            ]
        );
        let msg = |f: &str| {
            errs.iter()
                .filter(|e| e.field == f)
                .map(|e| e.message.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(msg("indicators.0.key"), ["第1项指标的代码不能为空"]);
        assert_eq!(
            msg("indicators.1.key"),
            ["第2项指标的代码“Task-2”应由小写字母、数字和下划线组成，以字母开头，不超过40个字符"]
        );
        assert_eq!(msg("indicators.1.label"), ["第2项指标的名称不能为空"]);
        assert_eq!(
            msg("indicators.1.weight"),
            ["第2项指标的权重应为大于0的分值，最多保留一位小数"]
        );
        assert_eq!(
            msg("indicators.2.source"),
            ["局科室的考核不适用“隐患整改率”，可选：重点任务完成率、按期完成率、人工评分"]
        );
        assert_eq!(
            msg("indicators.3.key"),
            ["第4项指标的代码“manual”与前面的指标重复"]
        );
        assert_eq!(
            msg("indicators.4.source"),
            ["“重点任务完成率”已用于前面的指标，每项数据来源只能计分一次"]
        );
        // 30 characters is fine.
        let x = [ind("manual", &"名".repeat(30), 100.0, Source::Manual)];
        assert_eq!(check_indicators(k, &x), Ok(()));
        // An enterprise is not assessed on tasks.
        let x = [
            ind(
                "task_completion",
                "重点任务完成率",
                50.0,
                Source::TaskCompletion,
            ),
            ind("manual", "安全管理基础", 50.0, Source::Manual),
        ];
        assert_eq!(
            fields(check_indicators(TargetKind::Enterprise, &x)),
            [(
                s("indicators.0.source"),
                s(
                    "重点企业的考核不适用“重点任务完成率”，可选：隐患整改率、企业自查率、全员轮训率、人工评分"
                )
            )]
        );
        // Several manual indicators are fine.
        let x = [
            ind("style", "工作作风", 50.0, Source::Manual),
            ind("cooperation", "协作配合", 50.0, Source::Manual),
        ];
        assert_eq!(check_indicators(k, &x), Ok(()));
    }

    #[test]
    fn between_1_and_12_indicators() {
        let k = TargetKind::District;
        assert_eq!(
            fields(check_indicators(k, &[])),
            [(s("indicators"), s("考核指标应为1到12项（当前0项）"))]
        );
        let many = |n: usize, w: f64| -> Vec<Indicator> {
            (0..n)
                .map(|i| ind(&format!("m{i}"), &format!("指标{i}"), w, Source::Manual))
                .collect()
        };
        let mut twelve = many(11, 8.0);
        twelve.push(ind("m11", "指标11", 12.0, Source::Manual));
        assert_eq!(check_indicators(k, &twelve), Ok(()));
        let mut thirteen = many(12, 7.5);
        thirteen.push(ind("m12", "指标12", 10.0, Source::Manual));
        assert_eq!(
            field_names(check_indicators(k, &thirteen)),
            [s("indicators")]
        );
        assert_eq!(
            fields(check_indicators(k, &thirteen))[0].1,
            "考核指标应为1到12项（当前13项）"
        );
    }

    #[test]
    fn metrics_and_auto_scores() {
        let m = |num, den| Some(Metric { num, den });
        assert_eq!(Metric { num: 17, den: 20 }.value_label(), "17/20");
        assert_eq!(Metric { num: 17, den: 20 }.value(), Some(0.85));
        assert_eq!(Metric { num: 0, den: 0 }.value(), None);
        assert_eq!(Metric { num: 5, den: 4 }.value(), Some(1.0));
        assert_eq!(auto_score(30.0, m(17, 20)), 25.5);
        // 25 × 17/20 = 21.25 → 21.3 (half up, exact).
        assert_eq!(auto_score(25.0, m(17, 20)), 21.3);
        // 10 × 2/3 = 6.666… → 6.7; 10 × 1/3 → 3.3.
        assert_eq!(auto_score(10.0, m(2, 3)), 6.7);
        assert_eq!(auto_score(10.0, m(1, 3)), 3.3);
        assert_eq!(auto_score(12.5, m(1, 2)), 6.3);
        assert_eq!(auto_score(20.0, m(0, 7)), 0.0);
        assert_eq!(auto_score(20.0, m(7, 7)), 20.0);
        // Nothing was due: full weight.
        assert_eq!(auto_score(15.0, m(0, 0)), 15.0);
        // More done than due (late data) counts as all.
        assert_eq!(auto_score(15.0, m(9, 8)), 15.0);
        // Manual: 0.
        assert_eq!(auto_score(20.0, None), 0.0);
        // A bad weight scores nothing, never panics.
        assert_eq!(auto_score(-5.0, m(1, 1)), 0.0);
        assert_eq!(auto_score(f64::NAN, m(1, 1)), 0.0);
        assert_eq!(auto_score(100.0, m(u32::MAX - 1, u32::MAX)), 100.0);
        let json = serde_json::to_value(Metric { num: 17, den: 20 }).unwrap();
        assert_eq!(json, serde_json::json!({"num": 17, "den": 20}));
    }

    fn district() -> Vec<Indicator> {
        default_indicators(TargetKind::District)
    }

    fn item(key: &str, score: f64, reason: Option<&str>) -> ItemInput {
        ItemInput {
            key: key.to_string(),
            score,
            reason: reason.map(str::to_string),
        }
    }

    fn autos() -> Vec<(String, f64)> {
        vec![
            (s("task_completion"), 25.5),
            (s("task_on_time"), 20.0),
            (s("rectification_rate"), 10.0),
        ]
    }

    #[test]
    fn scores_equal_to_the_auto_score_need_no_reason() {
        let ind = district();
        let items = [
            item("task_completion", 25.5, None),
            item("task_on_time", 20.0, Some("  ")),
            item("rectification_rate", 10.0, None),
        ];
        assert_eq!(check_items(&ind, &autos(), &items), Ok(()));
        // Within 0.05 of the auto score is the same score.
        let items = [item("task_completion", 25.55, None)];
        assert!(check_items(&ind, &autos(), &items).is_err()); // two decimals
        let autos = [(s("task_completion"), 25.45)];
        assert_eq!(
            check_items(&ind, &autos, &[item("task_completion", 25.5, None)]),
            Ok(())
        );
        assert_eq!(
            check_items(&ind, &autos, &[item("task_completion", 25.4, None)]),
            Ok(())
        );
        // An empty PUT is fine.
        assert_eq!(check_items(&ind, &[], &[]), Ok(()));
    }

    #[test]
    fn an_adjusted_score_needs_a_reason() {
        let ind = district();
        let errs = fields(check_items(
            &ind,
            &autos(),
            &[item("task_completion", 25.4, None)],
        ));
        assert_eq!(
            errs,
            [(
                s("items.task_completion.reason"),
                s("“重点任务完成率”调整后的得分与系统计算不同，请填写调整理由")
            )]
        );
        let errs = fields(check_items(
            &ind,
            &autos(),
            &[item("task_on_time", 18.0, Some(" 好 "))],
        ));
        assert_eq!(
            errs,
            [(s("items.task_on_time.reason"), s("调整理由至少需要2个字符"))]
        );
        let long = "理".repeat(201);
        let errs = field_names(check_items(
            &ind,
            &autos(),
            &[item("task_on_time", 18.0, Some(&long))],
        ));
        assert_eq!(errs, [s("items.task_on_time.reason")]);
        assert_eq!(
            check_items(
                &ind,
                &autos(),
                &[
                    item("task_on_time", 18.0, Some("2项任务逾期后补报，按扣分处理")),
                    item("rectification_rate", 12.5, Some("核实后补录")),
                    item("task_completion", 25.5, Some(&"理".repeat(200))),
                ]
            ),
            Ok(())
        );
        // A manual indicator is scored by hand: no reason needed, even if an auto 0 is given.
        let ind = default_indicators(TargetKind::Section);
        let autos = [(s("manual"), 0.0)];
        assert_eq!(
            check_items(&ind, &autos, &[item("manual", 18.5, None)]),
            Ok(())
        );
        // A reason given where none is needed is still at most 200 characters.
        assert_eq!(
            field_names(check_items(
                &ind,
                &autos,
                &[item("manual", 18.5, Some(&long))]
            )),
            [s("items.manual.reason")]
        );
    }

    #[test]
    fn scores_are_between_0_and_the_weight_with_one_decimal() {
        let ind = district();
        let errs = fields(check_items(
            &ind,
            &autos(),
            &[
                item("task_completion", 30.1, Some("理由充分")),
                item("task_on_time", -0.1, Some("理由充分")),
                item("rectification_rate", 10.25, None),
                item("self_check_rate", f64::INFINITY, None),
                item("unknown", 1.0, None),
                item("task_completion", 30.0, Some("重复")),
            ],
        ));
        assert_eq!(
            errs,
            [
                (
                    s("items.task_completion.score"),
                    s("“重点任务完成率”的得分应在0到30分之间")
                ),
                (
                    s("items.task_on_time.score"),
                    s("“按期完成率”的得分应在0到20分之间")
                ),
                (
                    s("items.rectification_rate.score"),
                    s("“隐患整改率”的得分应为数字，最多保留一位小数")
                ),
                (
                    s("items.self_check_rate.score"),
                    s("“企业自查率”的得分应为数字，最多保留一位小数")
                ),
                (
                    s("items.unknown"),
                    s("考核指标“unknown”不在本次考核的指标之中")
                ),
                (
                    s("items.task_completion"),
                    s("“重点任务完成率”的得分重复填写")
                ),
            ]
        );
        // The bounds themselves are fine (with a reason, as they differ from the auto score).
        assert_eq!(
            check_items(
                &ind,
                &autos(),
                &[
                    item("task_completion", 30.0, Some("全部完成")),
                    item("task_on_time", 0.0, Some("全部逾期")),
                ]
            ),
            Ok(())
        );
    }

    #[test]
    fn totals_and_grades() {
        assert_eq!(total(&[25.5, 20.0, 21.3, 15.0, 8.2]), 90.0);
        assert_eq!(total(&[0.1, 0.2]), 0.3);
        assert_eq!(total(&[]), 0.0);
        assert_eq!(total(&[44.95, 45.0]), 90.0);
        assert_eq!(total(&[1.0, f64::NAN]), 1.0);
        let cases = [
            (100.0, "优秀"),
            (90.0, "优秀"),
            (89.95, "优秀"), // shown as 90.0
            (89.94, "良好"),
            (89.9, "良好"),
            (80.0, "良好"),
            (79.9, "合格"),
            (60.0, "合格"),
            (59.95, "合格"),
            (59.9, "不合格"),
            (0.0, "不合格"),
        ];
        for (t, g) in cases {
            assert_eq!(grade(t), g, "{t}");
        }
        assert_eq!(grade(total(&[89.95])), "优秀");
    }

    #[test]
    fn ranks_share_ties() {
        assert_eq!(ranks(&[90.0, 85.5, 85.5, 70.0]), [1, 2, 2, 4]);
        assert_eq!(ranks(&[70.0, 85.5, 90.0, 85.5]), [4, 2, 1, 2]);
        assert_eq!(ranks(&[60.0, 60.0, 60.0]), [1, 1, 1]);
        assert_eq!(ranks(&[]), Vec::<u32>::new());
        assert_eq!(ranks(&[50.0]), [1]);
        // Equal as shown: 89.95 and 90.0 both show 90.0.
        assert_eq!(ranks(&[89.95, 90.0, 89.9]), [1, 1, 3]);
    }

    #[test]
    fn weak_points_under_60_percent() {
        let ind = district();
        let scores = vec![
            (s("task_completion"), 18.0), // exactly 60%: not weak
            (s("task_on_time"), 11.9),    // 59.5%: weak
            (s("rectification_rate"), 10.0),
            (s("self_check_rate"), 15.0),
            // training_coverage not scored: left out
        ];
        assert_eq!(
            weak_points(&ind, &scores),
            [
                "按期完成率得分 11.9/20（低于60%）",
                "隐患整改率得分 10.0/25（低于60%）",
            ]
        );
        let ind = [ind_w("half", "半分指标", 12.5)];
        assert_eq!(
            weak_points(&ind, &[(s("half"), 7.4)]),
            ["半分指标得分 7.4/12.5（低于60%）"]
        );
        assert!(weak_points(&ind, &[(s("half"), 7.5)]).is_empty());
        assert!(weak_points(&[], &scores).is_empty());
    }

    fn ind_w(key: &str, label: &str, weight: f64) -> Indicator {
        ind(key, label, weight, Source::Manual)
    }

    /// A worked case: a district's half-year assessment from its counts.
    #[test]
    fn worked_example() {
        let ind = district();
        let metrics = [
            Metric { num: 17, den: 20 },  // tasks accepted 17 of 20
            Metric { num: 15, den: 20 },  // on time 15 of 20
            Metric { num: 30, den: 50 },  // hazards closed 30 of 50
            Metric { num: 80, den: 100 }, // enterprises self-checked 80 of 100
            Metric { num: 0, den: 0 },    // nobody on the roster: nothing was due
        ];
        let autos: Vec<(String, f64)> = ind
            .iter()
            .zip(metrics)
            .map(|(i, m)| (i.key.clone(), auto_score(i.weight, Some(m))))
            .collect();
        let got: Vec<f64> = autos.iter().map(|a| a.1).collect();
        assert_eq!(got, [25.5, 15.0, 15.0, 12.0, 10.0]);
        // The bureau lowers 按期完成率 by one point, with a reason.
        let items = [ItemInput {
            key: s("task_on_time"),
            score: 14.0,
            reason: Some(s("1项任务逾期后未说明情况")),
        }];
        assert_eq!(check_items(&ind, &autos, &items), Ok(()));
        let scores: Vec<(String, f64)> = autos
            .iter()
            .map(|(k, a)| {
                let adjusted = items.iter().find(|i| &i.key == k).map(|i| i.score);
                (k.clone(), adjusted.unwrap_or(*a))
            })
            .collect();
        let t = total(&scores.iter().map(|x| x.1).collect::<Vec<_>>());
        assert_eq!(t, 76.5);
        assert_eq!(grade(t), "合格");
        assert_eq!(
            weak_points(&ind, &scores),
            Vec::<String>::new(),
            "15.0/25 is exactly 60%"
        );
        let lower = [(s("rectification_rate"), 14.9)];
        assert_eq!(
            weak_points(&ind, &lower),
            ["隐患整改率得分 14.9/25（低于60%）"]
        );
        assert_eq!(ranks(&[t, 92.0, 76.5, 60.0]), [2, 1, 2, 4]);
    }

    #[test]
    fn item_input_wire_format() {
        let i: ItemInput = serde_json::from_str(r#"{"key": "manual", "score": 18.5}"#).unwrap();
        assert_eq!(i, item("manual", 18.5, None));
        let i: ItemInput =
            serde_json::from_str(r#"{"key": "manual", "score": 18, "reason": "好"}"#).unwrap();
        assert_eq!(i, item("manual", 18.0, Some("好")));
    }

    proptest::proptest! {
        #[test]
        fn auto_scores_stay_within_the_weight(w in 1u32..=1000, num in proptest::num::u32::ANY, den in proptest::num::u32::ANY) {
            let weight = f64::from(w) / 10.0;
            let a = auto_score(weight, Some(Metric { num, den }));
            proptest::prop_assert!((0.0..=weight).contains(&a));
            proptest::prop_assert!(tenths(a).is_some());
            if let Some(v) = (Metric { num, den }).value() {
                proptest::prop_assert!((a - weight * v).abs() <= 0.05 + 1e-9);
            }
        }

        #[test]
        fn ranks_are_competition_ranks(totals in proptest::collection::vec(0u32..=1000, 0..30)) {
            let t: Vec<f64> = totals.iter().map(|x| f64::from(*x) / 10.0).collect();
            let r = ranks(&t);
            proptest::prop_assert_eq!(r.len(), t.len());
            for (i, ri) in r.iter().enumerate() {
                let higher = totals.iter().filter(|x| **x > totals[i]).count() as u32;
                proptest::prop_assert_eq!(*ri, higher + 1);
            }
        }
    }
}
