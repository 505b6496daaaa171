//! Credit (诚信) scoring: an enterprise's score from the facts of the last twelve
//! months (and this year), its grade, the red list and the watch list, and what
//! changed between two scores.
//!
//! Score = 100 + the points of each rule that applies (negative for a penalty,
//! positive for a bonus), clamped to 0–100. A rule that counts (每条/每次) gives
//! `count × points`, limited to its cap (an absolute value: a cap of 20 on −5 each
//! means at most −20). Every score lists its items in the order of [`RULES`]: which
//! fact, how many, how many points, so an enterprise can see why it scored what it
//! scored.
//!
//! **One hazard is punished once.** The facts count an overdue 重大隐患 three times
//! (in `overdue_hazards`, in `major_open` and in `major_overdue`). The score counts it
//! only under `major_overdue` (逾期重大隐患, the heaviest rule):
//! - `overdue_hazards` scores the overdue hazards that are not major
//!   (`overdue_hazards − major_overdue`), and its fact says so: `逾期未整改一般隐患 2 条`;
//! - `major_open` scores the open major hazards that are not overdue
//!   (`major_open − major_overdue`): `未销号重大隐患 1 条（未逾期）`;
//! - `major_overdue` scores every overdue major hazard: `逾期重大隐患 1 条`.
//!
//! The training rule looks at 全员轮训率 (0–100): below `low` (60) it gives
//! `low_points` (−10), else below `high` (90) `high_points` (−5). An enterprise with
//! an empty roster (no rate) gets no training item. The rate is compared as shown,
//! rounded to one decimal (89.96% shows as 90.0% and is not below 90%). Flag rules (commitment,
//! self-check, training, benchmark) have `count` 1 in their item.

use serde::{Deserialize, Serialize};

use crate::validate::{FieldError, Validator};

/// The facts a credit score is computed from (gathered by the store).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct CreditFacts {
    /// This year's 安全承诺 confirmed.
    pub commitment_signed: bool,
    /// Periodic commitment notices (承诺公告) missing in the last 12 months.
    pub notices_missing: u32,
    /// The previous self-check period passed without a self-check.
    pub self_check_missed: bool,
    /// Open hazards past their deadline, all levels (including the major ones).
    pub overdue_hazards: u32,
    /// Open 重大隐患 (overdue or not).
    pub major_open: u32,
    /// Of the open 重大隐患, those past their deadline.
    pub major_overdue: u32,
    /// 全员轮训率 0..=100 this year; `None` when the roster is empty.
    pub training_rate: Option<f64>,
    /// Referred to law enforcement (函送执法) in the last 12 months.
    pub referrals: u32,
    /// 约谈 in the last 12 months.
    pub interviews: u32,
    /// 曝光 in the last 12 months.
    pub exposures: u32,
    /// Hazards closed (销号) on time in the last 12 months.
    pub closed_on_time: u32,
    /// A published 标杆企业 this year.
    pub benchmark: bool,
}

/// A rule that applies or not (a yes/no fact).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreditFlagRule {
    /// Points when the rule applies: negative for a penalty, positive for a bonus.
    pub points: i32,
}

/// A rule that counts (每条/每次), limited to a cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreditCountRule {
    /// Points for each one: negative for a penalty, positive for a bonus.
    pub points: i32,
    /// The most this rule can take or give, as an absolute value (20 for "max −20");
    /// `null`: no cap.
    pub cap: Option<i32>,
}

/// 全员轮训率偏低: below `low`% gives `low_points`, else below `high`% `high_points`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreditTrainingRule {
    /// The lower threshold in percent (60).
    pub low: u32,
    /// Points below `low` (−10).
    pub low_points: i32,
    /// The upper threshold in percent (90).
    pub high: u32,
    /// Points below `high` but not below `low` (−5).
    pub high_points: i32,
}

/// The lowest score of grades A, B and C; below `c` is D.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreditGradeThresholds {
    pub a: i32,
    pub b: i32,
    pub c: i32,
}

/// The credit rules (configuration, `GET/PUT /api/credit/rules`). A field left out
/// of a stored or sent body takes its default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CreditRules {
    /// 未签订年度安全承诺: −10.
    pub commitment_missing: CreditFlagRule,
    /// 未按期发布承诺公告: −2 each, max −10.
    pub notices_missing: CreditCountRule,
    /// 上期未按时自查: −5.
    pub self_check_missed: CreditFlagRule,
    /// 逾期未整改隐患 (not major): −5 each, max −20.
    pub overdue_hazards: CreditCountRule,
    /// 未销号重大隐患 (not overdue): −10 each, max −20.
    pub major_open: CreditCountRule,
    /// 逾期重大隐患: −15 each, max −30.
    pub major_overdue: CreditCountRule,
    /// 全员轮训率偏低: below 60% −10, below 90% −5.
    pub training_low: CreditTrainingRule,
    /// 被函送执法: −10 each, max −30.
    pub referrals: CreditCountRule,
    /// 被约谈: −5 each, max −15.
    pub interviews: CreditCountRule,
    /// 被曝光: −10 each, max −20.
    pub exposures: CreditCountRule,
    /// 按期整改销号: +1 each, max +5.
    pub hazards_closed_on_time: CreditCountRule,
    /// 标杆企业: +5.
    pub benchmark: CreditFlagRule,
    /// A ≥ 90, B ≥ 75, C ≥ 60, D below.
    pub grades: CreditGradeThresholds,
}

const fn count(points: i32, cap: i32) -> CreditCountRule {
    CreditCountRule {
        points,
        cap: Some(cap),
    }
}

impl CreditRules {
    /// The defaults of the API document.
    pub const DEFAULT: CreditRules = CreditRules {
        commitment_missing: CreditFlagRule { points: -10 },
        notices_missing: count(-2, 10),
        self_check_missed: CreditFlagRule { points: -5 },
        overdue_hazards: count(-5, 20),
        major_open: count(-10, 20),
        major_overdue: count(-15, 30),
        training_low: CreditTrainingRule {
            low: 60,
            low_points: -10,
            high: 90,
            high_points: -5,
        },
        referrals: count(-10, 30),
        interviews: count(-5, 15),
        exposures: count(-10, 20),
        hazards_closed_on_time: count(1, 5),
        benchmark: CreditFlagRule { points: 5 },
        grades: CreditGradeThresholds {
            a: 90,
            b: 75,
            c: 60,
        },
    };
}

impl Default for CreditRules {
    fn default() -> Self {
        CreditRules::DEFAULT
    }
}

/// One rule: its key (as in [`CreditRules`] and [`CreditItem::key`]), its label,
/// and whether it is a bonus (加分) rather than a penalty (扣分).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct CreditRuleDef {
    pub key: &'static str,
    pub label: &'static str,
    pub bonus: bool,
}

const fn def(key: &'static str, label: &'static str, bonus: bool) -> CreditRuleDef {
    CreditRuleDef { key, label, bonus }
}

/// Every rule, in the order of the items of a score.
pub const RULES: [CreditRuleDef; 12] = [
    def("commitment_missing", "未签订年度安全承诺", false),
    def("notices_missing", "未按期发布承诺公告", false),
    def("self_check_missed", "上期未按时自查", false),
    def("overdue_hazards", "逾期未整改隐患", false),
    def("major_open", "未销号重大隐患", false),
    def("major_overdue", "逾期重大隐患", false),
    def("training_low", "全员轮训率偏低", false),
    def("referrals", "被函送执法", false),
    def("interviews", "被约谈", false),
    def("exposures", "被曝光", false),
    def("hazards_closed_on_time", "按期整改销号", true),
    def("benchmark", "标杆企业", true),
];

/// The label of a rule key (`overdue_hazards` → 逾期未整改隐患).
pub fn rule_label(key: &str) -> Option<&'static str> {
    RULES.iter().find(|d| d.key == key).map(|d| d.label)
}

fn rule_def(key: &str) -> CreditRuleDef {
    RULES
        .iter()
        .copied()
        .find(|d| d.key == key)
        .unwrap_or(def("", "", false))
}

/// The largest number of points one rule may take or give, and the largest cap.
pub const MAX_POINTS: i32 = 100;

/// Checks the rules: penalties −100..=0, bonuses 0..=100, caps 0..=100, grade
/// thresholds 0 < C < B < A ≤ 100, training thresholds 0 < low < high ≤ 100 (and
/// below `low` takes at least as much as below `high`). Errors name the field in
/// the serde shape: `notices_missing.cap`, `grades.b`, `training_low.low`.
pub fn check_rules(r: &CreditRules) -> Result<(), Vec<FieldError>> {
    let mut v = Validator::new();
    let points = |v: &mut Validator, key: &str, field: &str, value: i32| {
        let d = rule_def(key);
        let ok = if d.bonus {
            (0..=MAX_POINTS).contains(&value)
        } else {
            (-MAX_POINTS..=0).contains(&value)
        };
        if !ok {
            let msg = if d.bonus {
                format!("“{}”是加分项，分值应在0到{MAX_POINTS}之间", d.label)
            } else {
                format!("“{}”是扣分项，分值应在-{MAX_POINTS}到0之间", d.label)
            };
            v.error(field, "out_of_range", msg);
        }
    };
    let flag = |v: &mut Validator, key: &str, rule: &CreditFlagRule| {
        points(v, key, &format!("{key}.points"), rule.points);
    };
    let counted = |v: &mut Validator, key: &str, rule: &CreditCountRule| {
        points(v, key, &format!("{key}.points"), rule.points);
        if let Some(cap) = rule.cap
            && !(0..=MAX_POINTS).contains(&cap)
        {
            let d = rule_def(key);
            v.error(
                &format!("{key}.cap"),
                "out_of_range",
                format!(
                    "“{}”的{}上限应在0到{MAX_POINTS}之间（填写绝对值）",
                    d.label,
                    if d.bonus { "加分" } else { "扣分" }
                ),
            );
        }
    };
    flag(&mut v, "commitment_missing", &r.commitment_missing);
    counted(&mut v, "notices_missing", &r.notices_missing);
    flag(&mut v, "self_check_missed", &r.self_check_missed);
    counted(&mut v, "overdue_hazards", &r.overdue_hazards);
    counted(&mut v, "major_open", &r.major_open);
    counted(&mut v, "major_overdue", &r.major_overdue);

    let t = &r.training_low;
    if t.low == 0 {
        v.error(
            "training_low.low",
            "out_of_range",
            "全员轮训率的较低阈值应大于0%",
        );
    } else if t.low >= t.high {
        v.error(
            "training_low.low",
            "invalid",
            format!(
                "全员轮训率的较低阈值（{}%）应小于较高阈值（{}%）",
                t.low, t.high
            ),
        );
    }
    if t.high > 100 {
        v.error(
            "training_low.high",
            "out_of_range",
            "全员轮训率的较高阈值不能大于100%",
        );
    }
    points(
        &mut v,
        "training_low",
        "training_low.low_points",
        t.low_points,
    );
    points(
        &mut v,
        "training_low",
        "training_low.high_points",
        t.high_points,
    );
    if t.low_points > t.high_points && t.low_points <= 0 && t.high_points >= -MAX_POINTS {
        v.error(
            "training_low.low_points",
            "invalid",
            format!(
                "全员轮训率低于{}%的扣分（{}）应不少于低于{}%的扣分（{}）",
                t.low, t.low_points, t.high, t.high_points
            ),
        );
    }

    counted(&mut v, "referrals", &r.referrals);
    counted(&mut v, "interviews", &r.interviews);
    counted(&mut v, "exposures", &r.exposures);
    counted(&mut v, "hazards_closed_on_time", &r.hazards_closed_on_time);
    flag(&mut v, "benchmark", &r.benchmark);

    let g = &r.grades;
    if g.a > 100 {
        v.error("grades.a", "out_of_range", "A级的最低分不能大于100分");
    }
    if g.a <= g.b {
        v.error(
            "grades.a",
            "invalid",
            format!("A级的最低分（{}）应高于B级的最低分（{}）", g.a, g.b),
        );
    }
    if g.b <= g.c {
        v.error(
            "grades.b",
            "invalid",
            format!("B级的最低分（{}）应高于C级的最低分（{}）", g.b, g.c),
        );
    }
    if g.c <= 0 {
        v.error("grades.c", "out_of_range", "C级的最低分应大于0分");
    }
    v.into_result()
}

/// 诚信等级.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
pub enum CreditGrade {
    /// A级（诚信）
    A,
    /// B级（基本诚信）
    B,
    /// C级（失信警示）
    C,
    /// D级（严重失信）
    D,
}

impl CreditGrade {
    /// Best first.
    pub const ALL: [CreditGrade; 4] = [
        CreditGrade::A,
        CreditGrade::B,
        CreditGrade::C,
        CreditGrade::D,
    ];

    /// `A` … `D`, as serialized.
    pub fn code(self) -> &'static str {
        match self {
            CreditGrade::A => "A",
            CreditGrade::B => "B",
            CreditGrade::C => "C",
            CreditGrade::D => "D",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CreditGrade::A => "A级（诚信）",
            CreditGrade::B => "B级（基本诚信）",
            CreditGrade::C => "C级（失信警示）",
            CreditGrade::D => "D级（严重失信）",
        }
    }

    /// `A`…`D` (exactly, upper case).
    pub fn from_code(s: &str) -> Option<CreditGrade> {
        CreditGrade::ALL.into_iter().find(|g| g.code() == s)
    }

    /// The grade of a score: A at `grades.a` or more, and so on; D below `grades.c`.
    pub fn of(score: i32, grades: &CreditGradeThresholds) -> CreditGrade {
        if score >= grades.a {
            CreditGrade::A
        } else if score >= grades.b {
            CreditGrade::B
        } else if score >= grades.c {
            CreditGrade::C
        } else {
            CreditGrade::D
        }
    }
}

/// One line of a score: which fact, how many, how many points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CreditItem {
    /// The rule key, e.g. `overdue_hazards`.
    pub key: String,
    /// The rule label, e.g. 逾期未整改隐患.
    pub label: String,
    /// The fact in words, e.g. `逾期未整改一般隐患 2 条`.
    pub fact: String,
    /// How many (1 for a yes/no rule).
    pub count: u32,
    /// Points, after the cap: negative for a penalty, positive for a bonus.
    pub points: i32,
}

/// A credit score with its items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CreditScore {
    /// 0–100.
    pub score: i32,
    pub grade: CreditGrade,
    /// The rules that apply, in the order of [`RULES`].
    pub items: Vec<CreditItem>,
}

fn to_i32(x: i64) -> i32 {
    x.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
}

/// `count × points` limited to the cap; `true` when the cap bit.
fn capped(n: u32, rule: &CreditCountRule) -> (i32, bool) {
    let raw = i64::from(n) * i64::from(rule.points);
    match rule.cap {
        Some(cap) => {
            let cap = i64::from(cap.max(0));
            let p = raw.clamp(-cap, cap);
            (to_i32(p), p != raw)
        }
        None => (to_i32(raw), false),
    }
}

fn item(key: &str, fact: String, count: u32, points: i32) -> Option<CreditItem> {
    (points != 0).then(|| CreditItem {
        key: key.to_string(),
        label: rule_def(key).label.to_string(),
        fact,
        count,
        points,
    })
}

fn flag_item(applies: bool, key: &str, fact: &str, rule: &CreditFlagRule) -> Option<CreditItem> {
    if applies {
        item(key, fact.to_string(), 1, rule.points)
    } else {
        None
    }
}

/// A count rule's item: the fact `{text} {n} {unit}`, with `note` and the cap (when
/// it bit) in brackets.
fn count_item(
    key: &str,
    n: u32,
    rule: &CreditCountRule,
    text: &str,
    unit: &str,
    note: &str,
) -> Option<CreditItem> {
    if n == 0 {
        return None;
    }
    let (points, bit) = capped(n, rule);
    let mut notes: Vec<String> = Vec::new();
    if !note.is_empty() {
        notes.push(note.to_string());
    }
    if bit {
        let kind = if rule.points > 0 { "加分" } else { "扣分" };
        notes.push(format!("{kind}上限{}分", rule.cap.unwrap_or(0)));
    }
    let fact = if notes.is_empty() {
        format!("{text} {n} {unit}")
    } else {
        format!("{text} {n} {unit}（{}）", notes.join("，"))
    };
    item(key, fact, n, points)
}

fn training_item(rate: Option<f64>, t: &CreditTrainingRule) -> Option<CreditItem> {
    // Compared as shown, to one decimal: 89.96 shows as 90.0% and is not below 90%.
    let rate = (rate.filter(|x| x.is_finite())? * 10.0).round() / 10.0;
    let (threshold, points) = if rate < f64::from(t.low) {
        (t.low, t.low_points)
    } else if rate < f64::from(t.high) {
        (t.high, t.high_points)
    } else {
        return None;
    };
    item(
        "training_low",
        format!("全员轮训率 {rate:.1}%（低于{threshold}%）"),
        1,
        points,
    )
}

/// The items of the facts, in the order of [`RULES`]; only rules that apply
/// (points ≠ 0). See the module documentation for the rules.
pub fn items(f: &CreditFacts, r: &CreditRules) -> Vec<CreditItem> {
    // One hazard is punished once: an overdue major one only as 逾期重大隐患.
    let overdue_general = f.overdue_hazards.saturating_sub(f.major_overdue);
    let major_not_overdue = f.major_open.saturating_sub(f.major_overdue);
    [
        flag_item(
            !f.commitment_signed,
            "commitment_missing",
            "未签订本年度安全承诺",
            &r.commitment_missing,
        ),
        count_item(
            "notices_missing",
            f.notices_missing,
            &r.notices_missing,
            "未按期发布承诺公告",
            "次",
            "",
        ),
        flag_item(
            f.self_check_missed,
            "self_check_missed",
            "上期未按时自查",
            &r.self_check_missed,
        ),
        count_item(
            "overdue_hazards",
            overdue_general,
            &r.overdue_hazards,
            "逾期未整改一般隐患",
            "条",
            "",
        ),
        count_item(
            "major_open",
            major_not_overdue,
            &r.major_open,
            "未销号重大隐患",
            "条",
            "未逾期",
        ),
        count_item(
            "major_overdue",
            f.major_overdue,
            &r.major_overdue,
            "逾期重大隐患",
            "条",
            "",
        ),
        training_item(f.training_rate, &r.training_low),
        count_item(
            "referrals",
            f.referrals,
            &r.referrals,
            "被函送执法",
            "次",
            "",
        ),
        count_item(
            "interviews",
            f.interviews,
            &r.interviews,
            "被约谈",
            "次",
            "",
        ),
        count_item("exposures", f.exposures, &r.exposures, "被曝光", "次", ""),
        count_item(
            "hazards_closed_on_time",
            f.closed_on_time,
            &r.hazards_closed_on_time,
            "按期整改销号隐患",
            "条",
            "",
        ),
        flag_item(f.benchmark, "benchmark", "本年度标杆企业", &r.benchmark),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Computes the score from the facts: 100 + the points of the items, clamped to
/// 0–100, and its grade.
pub fn score(f: &CreditFacts, r: &CreditRules) -> CreditScore {
    let items = items(f, r);
    let sum: i64 = items.iter().map(|i| i64::from(i.points)).sum();
    let score = (100 + sum).clamp(0, 100) as i32;
    CreditScore {
        score,
        grade: CreditGrade::of(score, &r.grades),
        items,
    }
}

/// 红名单: grade A and no open 重大隐患.
pub fn red_list(grade: CreditGrade, major_open: u32) -> bool {
    grade == CreditGrade::A && major_open == 0
}

/// 重点关注名单: grade C or D, or an overdue 重大隐患.
pub fn watch_list(grade: CreditGrade, major_overdue: u32) -> bool {
    matches!(grade, CreditGrade::C | CreditGrade::D) || major_overdue > 0
}

fn with_points(i: &CreditItem) -> String {
    format!("{}（{:+}）", i.fact, i.points)
}

/// What changed between two scores' items, for the history:
/// `新增：逾期未整改一般隐患 2 条（-10）；变化：被约谈 1 次（-5）→被约谈 2 次（-10）；消除：本年度标杆企业（+5）`,
/// or `无变化`. Items are matched by key; each group lists its items in order.
pub fn change_summary(before: &[CreditItem], after: &[CreditItem]) -> String {
    let find = |items: &[CreditItem], key: &str| items.iter().position(|i| i.key == key);
    let mut added = Vec::new();
    let mut changed = Vec::new();
    for a in after {
        match find(before, &a.key).map(|i| &before[i]) {
            None => added.push(with_points(a)),
            Some(b) if b.fact != a.fact || b.points != a.points => {
                changed.push(format!("{}→{}", with_points(b), with_points(a)))
            }
            Some(_) => {}
        }
    }
    let removed: Vec<String> = before
        .iter()
        .filter(|b| find(after, &b.key).is_none())
        .map(with_points)
        .collect();
    let parts: Vec<String> = [("新增", added), ("变化", changed), ("消除", removed)]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(head, v)| format!("{head}：{}", v.join("、")))
        .collect();
    if parts.is_empty() {
        "无变化".to_string()
    } else {
        parts.join("；")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An enterprise with nothing to note: commitment signed, everyone trained.
    fn clean() -> CreditFacts {
        CreditFacts {
            commitment_signed: true,
            training_rate: Some(100.0),
            ..Default::default()
        }
    }

    fn rules() -> CreditRules {
        CreditRules::default()
    }

    fn line(i: &CreditItem) -> (&str, &str, u32, i32) {
        (i.key.as_str(), i.fact.as_str(), i.count, i.points)
    }

    #[test]
    fn a_clean_enterprise_scores_100_a() {
        let s = score(&clean(), &rules());
        assert_eq!(s.score, 100);
        assert_eq!(s.grade, CreditGrade::A);
        assert!(s.items.is_empty());
        // An empty roster is no fault either.
        let s = score(
            &CreditFacts {
                training_rate: None,
                ..clean()
            },
            &rules(),
        );
        assert_eq!((s.score, s.items.len()), (100, 0));
    }

    #[test]
    fn each_rule_alone_gives_its_points_and_fact() {
        type Change = fn(&mut CreditFacts);
        let cases: Vec<(Change, &str, &str, &str, u32, i32)> = vec![
            (
                |f| f.commitment_signed = false,
                "commitment_missing",
                "未签订年度安全承诺",
                "未签订本年度安全承诺",
                1,
                -10,
            ),
            (
                |f| f.notices_missing = 2,
                "notices_missing",
                "未按期发布承诺公告",
                "未按期发布承诺公告 2 次",
                2,
                -4,
            ),
            (
                |f| f.self_check_missed = true,
                "self_check_missed",
                "上期未按时自查",
                "上期未按时自查",
                1,
                -5,
            ),
            (
                |f| f.overdue_hazards = 2,
                "overdue_hazards",
                "逾期未整改隐患",
                "逾期未整改一般隐患 2 条",
                2,
                -10,
            ),
            (
                |f| f.major_open = 1,
                "major_open",
                "未销号重大隐患",
                "未销号重大隐患 1 条（未逾期）",
                1,
                -10,
            ),
            (
                |f| f.training_rate = Some(45.0),
                "training_low",
                "全员轮训率偏低",
                "全员轮训率 45.0%（低于60%）",
                1,
                -10,
            ),
            (
                |f| f.training_rate = Some(89.94),
                "training_low",
                "全员轮训率偏低",
                "全员轮训率 89.9%（低于90%）",
                1,
                -5,
            ),
            (
                |f| f.referrals = 1,
                "referrals",
                "被函送执法",
                "被函送执法 1 次",
                1,
                -10,
            ),
            (
                |f| f.interviews = 1,
                "interviews",
                "被约谈",
                "被约谈 1 次",
                1,
                -5,
            ),
            (
                |f| f.exposures = 1,
                "exposures",
                "被曝光",
                "被曝光 1 次",
                1,
                -10,
            ),
            (
                |f| f.closed_on_time = 3,
                "hazards_closed_on_time",
                "按期整改销号",
                "按期整改销号隐患 3 条",
                3,
                3,
            ),
            (
                |f| f.benchmark = true,
                "benchmark",
                "标杆企业",
                "本年度标杆企业",
                1,
                5,
            ),
        ];
        for (change, key, label, fact, count, points) in cases {
            let mut f = clean();
            change(&mut f);
            let s = score(&f, &rules());
            assert_eq!(s.items.len(), 1, "{key}");
            let i = &s.items[0];
            assert_eq!(line(i), (key, fact, count, points));
            assert_eq!(i.label, label);
            assert_eq!(rule_label(key), Some(label));
            assert_eq!(s.score, (100 + points).min(100), "{key}");
        }
        // 逾期重大隐患 alone: the same hazard is also open and overdue in the facts.
        let f = CreditFacts {
            overdue_hazards: 1,
            major_open: 1,
            major_overdue: 1,
            ..clean()
        };
        let s = score(&f, &rules());
        assert_eq!(
            s.items.iter().map(line).collect::<Vec<_>>(),
            [("major_overdue", "逾期重大隐患 1 条", 1, -15)]
        );
        assert_eq!(s.score, 85);
    }

    #[test]
    fn training_thresholds_are_strict_lower_bounds() {
        let at = |rate: f64| {
            let f = CreditFacts {
                training_rate: Some(rate),
                ..clean()
            };
            score(&f, &rules()).items.first().map(|i| i.points)
        };
        assert_eq!(at(0.0), Some(-10));
        assert_eq!(at(59.9), Some(-10));
        assert_eq!(at(60.0), Some(-5));
        assert_eq!(at(89.9), Some(-5));
        assert_eq!(at(90.0), None);
        // As shown, to one decimal.
        assert_eq!(at(59.96), Some(-5));
        assert_eq!(at(89.95), None);
        assert_eq!(at(100.0), None);
        assert_eq!(at(f64::NAN), None);
    }

    #[test]
    fn caps_limit_a_rule_and_show_in_the_fact() {
        let r = rules();
        let one = |f: CreditFacts| score(&f, &r).items.remove(0);
        // 4 × −5 is exactly the cap: no note.
        let i = one(CreditFacts {
            overdue_hazards: 4,
            ..clean()
        });
        assert_eq!(
            line(&i),
            ("overdue_hazards", "逾期未整改一般隐患 4 条", 4, -20)
        );
        let i = one(CreditFacts {
            overdue_hazards: 6,
            ..clean()
        });
        assert_eq!(
            line(&i),
            (
                "overdue_hazards",
                "逾期未整改一般隐患 6 条（扣分上限20分）",
                6,
                -20
            )
        );
        let i = one(CreditFacts {
            major_open: 3,
            ..clean()
        });
        assert_eq!(
            line(&i),
            (
                "major_open",
                "未销号重大隐患 3 条（未逾期，扣分上限20分）",
                3,
                -20
            )
        );
        let i = one(CreditFacts {
            closed_on_time: 8,
            ..clean()
        });
        assert_eq!(
            line(&i),
            (
                "hazards_closed_on_time",
                "按期整改销号隐患 8 条（加分上限5分）",
                8,
                5
            )
        );
        // Every count rule and its cap.
        let caps = [
            (
                CreditFacts {
                    notices_missing: 99,
                    ..clean()
                },
                -10,
            ),
            (
                CreditFacts {
                    major_overdue: 99,
                    major_open: 99,
                    overdue_hazards: 99,
                    ..clean()
                },
                -30,
            ),
            (
                CreditFacts {
                    referrals: 99,
                    ..clean()
                },
                -30,
            ),
            (
                CreditFacts {
                    interviews: 99,
                    ..clean()
                },
                -15,
            ),
            (
                CreditFacts {
                    exposures: 99,
                    ..clean()
                },
                -20,
            ),
        ];
        for (f, points) in caps {
            let s = score(&f, &r);
            assert_eq!(s.items.len(), 1);
            assert_eq!(s.items[0].points, points);
            assert!(
                s.items[0]
                    .fact
                    .ends_with(&format!("（扣分上限{}分）", -points))
            );
        }
        // No cap: every one counts, even past −100 in one item.
        let r = CreditRules {
            interviews: CreditCountRule {
                points: -5,
                cap: None,
            },
            ..rules()
        };
        let s = score(
            &CreditFacts {
                interviews: 30,
                ..clean()
            },
            &r,
        );
        assert_eq!(line(&s.items[0]), ("interviews", "被约谈 30 次", 30, -150));
        assert_eq!(s.score, 0);
    }

    #[test]
    fn the_score_is_clamped_to_0_and_100() {
        let worst = CreditFacts {
            commitment_signed: false,
            notices_missing: 12,
            self_check_missed: true,
            overdue_hazards: 20,
            major_open: 5,
            major_overdue: 2,
            training_rate: Some(10.0),
            referrals: 5,
            interviews: 5,
            exposures: 5,
            closed_on_time: 0,
            benchmark: false,
        };
        let s = score(&worst, &rules());
        let sum: i32 = s.items.iter().map(|i| i.points).sum();
        assert_eq!(sum, -10 - 10 - 5 - 20 - 20 - 30 - 10 - 30 - 15 - 20);
        assert_eq!(s.score, 0);
        assert_eq!(s.grade, CreditGrade::D);

        let best = CreditFacts {
            closed_on_time: 10,
            benchmark: true,
            ..clean()
        };
        let s = score(&best, &rules());
        assert_eq!(s.items.iter().map(|i| i.points).sum::<i32>(), 10);
        assert_eq!(s.score, 100);
        // The bonuses offset a penalty.
        let s = score(
            &CreditFacts {
                interviews: 2,
                ..best
            },
            &rules(),
        );
        assert_eq!(s.score, 100);
        let s = score(
            &CreditFacts {
                interviews: 3,
                ..best
            },
            &rules(),
        );
        assert_eq!(s.score, 95);
    }

    #[test]
    fn grade_boundaries() {
        let g = CreditRules::default().grades;
        let cases = [
            (100, CreditGrade::A),
            (90, CreditGrade::A),
            (89, CreditGrade::B),
            (75, CreditGrade::B),
            (74, CreditGrade::C),
            (60, CreditGrade::C),
            (59, CreditGrade::D),
            (0, CreditGrade::D),
        ];
        for (s, grade) in cases {
            assert_eq!(CreditGrade::of(s, &g), grade, "{s}");
        }
        // Through the facts: 90 exactly is A, 85 is B, 75 is B, 70 is C, 60 is C, 55 is D.
        let at = |f: CreditFacts| {
            let s = score(&f, &rules());
            (s.score, s.grade)
        };
        assert_eq!(
            at(CreditFacts {
                commitment_signed: false,
                ..clean()
            }),
            (90, CreditGrade::A)
        );
        assert_eq!(
            at(CreditFacts {
                interviews: 1,
                commitment_signed: false,
                ..clean()
            }),
            (85, CreditGrade::B)
        );
        assert_eq!(
            at(CreditFacts {
                interviews: 3,
                commitment_signed: false,
                ..clean()
            }),
            (75, CreditGrade::B)
        );
        assert_eq!(
            at(CreditFacts {
                interviews: 3,
                commitment_signed: false,
                self_check_missed: true,
                ..clean()
            }),
            (70, CreditGrade::C)
        );
        assert_eq!(
            at(CreditFacts {
                exposures: 2,
                referrals: 2,
                ..clean()
            }),
            (60, CreditGrade::C)
        );
        assert_eq!(
            at(CreditFacts {
                exposures: 2,
                referrals: 2,
                self_check_missed: true,
                ..clean()
            }),
            (55, CreditGrade::D)
        );
        // Other thresholds.
        let r = CreditRules {
            grades: CreditGradeThresholds {
                a: 95,
                b: 80,
                c: 50,
            },
            ..rules()
        };
        let s = score(
            &CreditFacts {
                commitment_signed: false,
                ..clean()
            },
            &r,
        );
        assert_eq!((s.score, s.grade), (90, CreditGrade::B));
    }

    #[test]
    fn one_overdue_major_hazard_is_punished_once() {
        // The facts count it three times: overdue, open major, overdue major.
        let f = CreditFacts {
            overdue_hazards: 1,
            major_open: 1,
            major_overdue: 1,
            ..clean()
        };
        let s = score(&f, &rules());
        assert_eq!(s.items.len(), 1);
        assert_eq!(s.items[0].key, "major_overdue");
        assert_eq!(s.score, 85);

        // 3 overdue (1 of them major), 2 open major (1 of them overdue): the general
        // overdue ones, the major not overdue one and the major overdue one, each once.
        let f = CreditFacts {
            overdue_hazards: 3,
            major_open: 2,
            major_overdue: 1,
            ..clean()
        };
        let s = score(&f, &rules());
        assert_eq!(
            s.items.iter().map(line).collect::<Vec<_>>(),
            [
                ("overdue_hazards", "逾期未整改一般隐患 2 条", 2, -10),
                ("major_open", "未销号重大隐患 1 条（未逾期）", 1, -10),
                ("major_overdue", "逾期重大隐患 1 条", 1, -15),
            ]
        );
        assert_eq!(s.score, 65);

        // Inconsistent facts (more overdue majors than overdue hazards) never go negative.
        let f = CreditFacts {
            overdue_hazards: 0,
            major_open: 0,
            major_overdue: 2,
            ..clean()
        };
        let s = score(&f, &rules());
        assert_eq!(
            s.items.iter().map(line).collect::<Vec<_>>(),
            [("major_overdue", "逾期重大隐患 2 条", 2, -30)]
        );
        // The open major hazard still keeps the enterprise off the red list.
        assert!(!red_list(CreditGrade::A, 1));
    }

    /// A worked case to read: the facts of one enterprise, every item, the total.
    #[test]
    fn worked_example() {
        let facts = CreditFacts {
            commitment_signed: true,   // signed: no item
            notices_missing: 1,        // −2
            self_check_missed: true,   // −5
            overdue_hazards: 3,        // 3 overdue, one of them the major one below: 2 × −5
            major_open: 1,             // the one open major hazard is overdue: no item here
            major_overdue: 1,          // −15
            training_rate: Some(72.5), // below 90%: −5
            referrals: 0,
            interviews: 1, // −5
            exposures: 0,
            closed_on_time: 8, // 8 × +1, capped at +5
            benchmark: false,
        };
        let s = score(&facts, &rules());
        let got: Vec<_> = s
            .items
            .iter()
            .map(|i| (i.label.as_str(), i.fact.as_str(), i.points))
            .collect();
        assert_eq!(
            got,
            [
                ("未按期发布承诺公告", "未按期发布承诺公告 1 次", -2),
                ("上期未按时自查", "上期未按时自查", -5),
                ("逾期未整改隐患", "逾期未整改一般隐患 2 条", -10),
                ("逾期重大隐患", "逾期重大隐患 1 条", -15),
                ("全员轮训率偏低", "全员轮训率 72.5%（低于90%）", -5),
                ("被约谈", "被约谈 1 次", -5),
                ("按期整改销号", "按期整改销号隐患 8 条（加分上限5分）", 5),
            ]
        );
        // 100 − 2 − 5 − 10 − 15 − 5 − 5 + 5 = 63: C级（失信警示）.
        assert_eq!(s.score, 63);
        assert_eq!(s.grade, CreditGrade::C);
        assert_eq!(s.grade.label(), "C级（失信警示）");
        assert!(!red_list(s.grade, facts.major_open));
        assert!(watch_list(s.grade, facts.major_overdue));
        // As the API sends it.
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["grade"], "C");
        assert_eq!(
            json["items"][2],
            serde_json::json!({"key": "overdue_hazards", "label": "逾期未整改隐患",
                "fact": "逾期未整改一般隐患 2 条", "count": 2, "points": -10})
        );
    }

    #[test]
    fn the_default_rules_are_valid_and_serialize_in_the_documented_shape() {
        assert_eq!(check_rules(&CreditRules::default()), Ok(()));
        let json = serde_json::to_value(CreditRules::default()).unwrap();
        assert_eq!(
            json["notices_missing"],
            serde_json::json!({"points": -2, "cap": 10})
        );
        assert_eq!(
            json["commitment_missing"],
            serde_json::json!({"points": -10})
        );
        assert_eq!(
            json["training_low"],
            serde_json::json!({"low": 60, "low_points": -10, "high": 90, "high_points": -5})
        );
        assert_eq!(
            json["grades"],
            serde_json::json!({"a": 90, "b": 75, "c": 60})
        );
        let keys: Vec<&str> = RULES.iter().map(|d| d.key).collect();
        for k in &keys {
            assert!(json.get(*k).is_some(), "{k}");
        }
        assert_eq!(json.as_object().unwrap().len(), keys.len() + 1);
        // A partial body keeps the defaults of what it leaves out; unknown fields are refused.
        let r: CreditRules =
            serde_json::from_str(r#"{"interviews": {"points": -3, "cap": null}}"#).unwrap();
        assert_eq!(
            r.interviews,
            CreditCountRule {
                points: -3,
                cap: None
            }
        );
        assert_eq!(r.exposures, CreditRules::default().exposures);
        assert!(serde_json::from_str::<CreditRules>(r#"{"interview": {"points": -3}}"#).is_err());
        assert!(
            serde_json::from_str::<CreditRules>(r#"{"benchmark": {"points": 3, "cap": 3}}"#)
                .is_err()
        );
    }

    #[test]
    fn check_rules_names_every_bad_field() {
        let mut r = CreditRules::default();
        r.commitment_missing.points = 5;
        r.notices_missing.cap = Some(-1);
        r.major_overdue.points = -101;
        r.training_low = CreditTrainingRule {
            low: 90,
            low_points: -5,
            high: 90,
            high_points: 1,
        };
        r.hazards_closed_on_time.points = -1;
        r.benchmark.points = 101;
        r.grades = CreditGradeThresholds {
            a: 101,
            b: 60,
            c: 60,
        };
        let errs = check_rules(&r).unwrap_err();
        let got: Vec<(&str, &str)> = errs
            .iter()
            .map(|e| (e.field.as_str(), e.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "commitment_missing.points",
                    "“未签订年度安全承诺”是扣分项，分值应在-100到0之间"
                ),
                (
                    "notices_missing.cap",
                    "“未按期发布承诺公告”的扣分上限应在0到100之间（填写绝对值）"
                ),
                (
                    "major_overdue.points",
                    "“逾期重大隐患”是扣分项，分值应在-100到0之间"
                ),
                (
                    "training_low.low",
                    "全员轮训率的较低阈值（90%）应小于较高阈值（90%）"
                ),
                (
                    "training_low.high_points",
                    "“全员轮训率偏低”是扣分项，分值应在-100到0之间"
                ),
                (
                    "hazards_closed_on_time.points",
                    "“按期整改销号”是加分项，分值应在0到100之间"
                ),
                ("benchmark.points", "“标杆企业”是加分项，分值应在0到100之间"),
                ("grades.a", "A级的最低分不能大于100分"),
                ("grades.b", "B级的最低分（60）应高于C级的最低分（60）"),
            ]
        );

        let r = CreditRules {
            training_low: CreditTrainingRule {
                low: 0,
                low_points: -3,
                high: 101,
                high_points: -5,
            },
            grades: CreditGradeThresholds { a: 80, b: 80, c: 0 },
            hazards_closed_on_time: count(1, 101),
            ..CreditRules::default()
        };
        let errs = check_rules(&r).unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "training_low.low",
                "training_low.high",
                "training_low.low_points",
                "hazards_closed_on_time.cap",
                "grades.a",
                "grades.c",
            ]
        );
        assert_eq!(errs[0].message, "全员轮训率的较低阈值应大于0%");
        assert_eq!(
            errs[2].message,
            "全员轮训率低于0%的扣分（-3）应不少于低于101%的扣分（-5）"
        );
        assert_eq!(
            errs[3].message,
            "“按期整改销号”的加分上限应在0到100之间（填写绝对值）"
        );
        assert_eq!(errs[5].message, "C级的最低分应大于0分");

        // Limits are inclusive: 0 points, cap 0 and no cap are fine; 100 is a valid A.
        let mut r = CreditRules::default();
        r.benchmark.points = 0;
        r.referrals.cap = Some(0);
        r.exposures.cap = None;
        r.grades = CreditGradeThresholds { a: 100, b: 2, c: 1 };
        r.training_low = CreditTrainingRule {
            low: 1,
            low_points: -100,
            high: 100,
            high_points: -100,
        };
        assert_eq!(check_rules(&r), Ok(()));
        // A zero-point rule gives no item.
        let s = score(
            &CreditFacts {
                benchmark: true,
                referrals: 2,
                ..clean()
            },
            &r,
        );
        assert!(s.items.is_empty());
    }

    #[test]
    fn grades_codes_and_labels() {
        let labels: Vec<&str> = CreditGrade::ALL.iter().map(|g| g.label()).collect();
        assert_eq!(
            labels,
            [
                "A级（诚信）",
                "B级（基本诚信）",
                "C级（失信警示）",
                "D级（严重失信）"
            ]
        );
        for g in CreditGrade::ALL {
            assert_eq!(CreditGrade::from_code(g.code()), Some(g));
            assert_eq!(serde_json::to_value(g).unwrap(), g.code());
            assert_eq!(
                serde_json::from_value::<CreditGrade>(g.code().into()).unwrap(),
                g
            );
        }
        assert_eq!(CreditGrade::from_code("a"), None);
        assert_eq!(CreditGrade::from_code("E"), None);
        assert!(CreditGrade::A < CreditGrade::D);
    }

    #[test]
    fn red_and_watch_lists() {
        use CreditGrade::*;
        assert!(red_list(A, 0));
        assert!(!red_list(A, 1));
        assert!(!red_list(B, 0));
        assert!(!red_list(D, 0));
        assert!(!watch_list(A, 0));
        assert!(!watch_list(B, 0));
        assert!(watch_list(C, 0));
        assert!(watch_list(D, 0));
        assert!(watch_list(A, 1));
        assert!(watch_list(B, 2));
    }

    #[test]
    fn change_summary_describes_what_changed() {
        let r = rules();
        let before = score(
            &CreditFacts {
                interviews: 1,
                closed_on_time: 2,
                ..clean()
            },
            &r,
        )
        .items;
        assert_eq!(change_summary(&before, &before), "无变化");
        assert_eq!(change_summary(&[], &[]), "无变化");
        let after = score(
            &CreditFacts {
                overdue_hazards: 2,
                closed_on_time: 3,
                ..clean()
            },
            &r,
        )
        .items;
        assert_eq!(
            change_summary(&before, &after),
            "新增：逾期未整改一般隐患 2 条（-10）；变化：按期整改销号隐患 2 条（+2）→按期整改销号隐患 3 条（+3）；消除：被约谈 1 次（-5）"
        );
        assert_eq!(
            change_summary(&[], &after),
            "新增：逾期未整改一般隐患 2 条（-10）、按期整改销号隐患 3 条（+3）"
        );
        assert_eq!(
            change_summary(&after, &[]),
            "消除：逾期未整改一般隐患 2 条（-10）、按期整改销号隐患 3 条（+3）"
        );
        // Past the cap the points stay, the fact changes: still a change.
        let six = score(
            &CreditFacts {
                overdue_hazards: 6,
                ..clean()
            },
            &r,
        )
        .items;
        let seven = score(
            &CreditFacts {
                overdue_hazards: 7,
                ..clean()
            },
            &r,
        )
        .items;
        assert_eq!(
            change_summary(&six, &seven),
            "变化：逾期未整改一般隐患 6 条（扣分上限20分）（-20）→逾期未整改一般隐患 7 条（扣分上限20分）（-20）"
        );
    }

    fn any_count() -> impl proptest::strategy::Strategy<Value = u32> {
        proptest::prop_oneof![0u32..12, proptest::num::u32::ANY]
    }

    fn any_rule() -> impl proptest::strategy::Strategy<Value = CreditCountRule> {
        use proptest::prelude::*;
        (any::<i32>(), proptest::option::of(any::<i32>()))
            .prop_map(|(points, cap)| CreditCountRule { points, cap })
    }

    proptest::proptest! {
        #[test]
        fn the_score_is_always_within_0_and_100_and_adds_up(
            flags in proptest::array::uniform4(proptest::bool::ANY),
            counts in proptest::array::uniform8(any_count()),
            rate in proptest::option::of(-10.0f64..120.0),
            custom in proptest::bool::ANY,
            count_rules in proptest::array::uniform8(any_rule()),
            flag_points in proptest::array::uniform5(-200i32..200),
            thresholds in (0u32..120, 0u32..120),
        ) {
            let f = CreditFacts {
                commitment_signed: flags[0],
                self_check_missed: flags[1],
                benchmark: flags[2],
                notices_missing: counts[0],
                overdue_hazards: counts[1],
                major_open: counts[2],
                major_overdue: counts[3],
                referrals: counts[4],
                interviews: counts[5],
                exposures: counts[6],
                closed_on_time: counts[7],
                training_rate: if flags[3] { rate } else { None },
            };
            let r = if custom {
                CreditRules {
                    commitment_missing: CreditFlagRule { points: flag_points[0] },
                    self_check_missed: CreditFlagRule { points: flag_points[1] },
                    benchmark: CreditFlagRule { points: flag_points[2] },
                    notices_missing: count_rules[0],
                    overdue_hazards: count_rules[1],
                    major_open: count_rules[2],
                    major_overdue: count_rules[3],
                    referrals: count_rules[4],
                    interviews: count_rules[5],
                    exposures: count_rules[6],
                    hazards_closed_on_time: count_rules[7],
                    training_low: CreditTrainingRule {
                        low: thresholds.0,
                        low_points: flag_points[3],
                        high: thresholds.1,
                        high_points: flag_points[4],
                    },
                    ..CreditRules::default()
                }
            } else {
                CreditRules::default()
            };
            let s = score(&f, &r);
            proptest::prop_assert!((0..=100).contains(&s.score));
            let sum: i64 = s.items.iter().map(|i| i64::from(i.points)).sum();
            proptest::prop_assert_eq!(i64::from(s.score), (100 + sum).clamp(0, 100));
            proptest::prop_assert_eq!(s.grade, CreditGrade::of(s.score, &r.grades));
            // Items only for rules that apply, once each, in the order of RULES.
            let order: Vec<usize> = s
                .items
                .iter()
                .map(|i| RULES.iter().position(|d| d.key == i.key).unwrap())
                .collect();
            proptest::prop_assert!(order.windows(2).all(|w| w[0] < w[1]));
            proptest::prop_assert!(s.items.iter().all(|i| i.points != 0 && !i.fact.is_empty()));
            // With checked rules, a cap always holds.
            if !custom {
                for i in &s.items {
                    proptest::prop_assert!(i.points.abs() <= 30);
                }
            }
            proptest::prop_assert_eq!(change_summary(&s.items, &s.items), "无变化");
        }
    }
}
