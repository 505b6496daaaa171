//! Supervision inspections (督导检查, 专项检查) with checklists (检查表).
//!
//! A checklist [`Template`] has sections of items; each item says what is
//! checked (检查内容), on what basis (依据), how it is answered ([`AnswerKind`])
//! and, through its [`HazardRule`], which hazard a 不符合 becomes. Six built-in
//! templates come with anzhi ([`builtin_templates`]); the bureau edits copies.
//!
//! Versions: an inspection references `(template_id, version)`, never a template
//! that may still change. The store keeps every version of a template with its
//! [`content_hash`]; saving an edit whose hash equals the latest version's keeps
//! that version, anything else makes a new one ([`next_version`]). Answers are
//! keyed by the item's `key`, which stays the same across edits of the template.
//!
//! An inspection goes 未开始 → 检查中 → 待企业确认 → 已完成 (or 已取消); see
//! [`decide`]. Finishing needs every item answered ([`check_finish`]); each
//! 不符合 becomes a [`Finding`], which the store turns into a hazard (source
//! 市局督导 or 专项检查) linked to the inspection.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::crypto::sm3_hex;
use crate::hazard::{Level, MAX_PHOTOS, Refusal};
use crate::validate::{FieldError, Validator};

/// Most sections in one template.
pub const MAX_SECTIONS: usize = 50;
/// Most items in one template (all sections together).
pub const MAX_ITEMS: usize = 300;
/// The category of a finding whose item has no hazard rule.
pub const FALLBACK_CATEGORY: &str = "其他";

// ------------------------------------------------------------------ templates

/// How an item is answered.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AnswerKind {
    /// 符合 / 不符合 / 不适用
    #[default]
    Compliance,
    /// A measured value; outside `[min, max]` is 不符合.
    Number {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
    },
    /// A written record (never 不符合).
    Text,
    /// One or more photos (never 不符合).
    Photo,
}

impl AnswerKind {
    pub fn code(&self) -> &'static str {
        match self {
            AnswerKind::Compliance => "compliance",
            AnswerKind::Number { .. } => "number",
            AnswerKind::Text => "text",
            AnswerKind::Photo => "photo",
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            AnswerKind::Compliance => "符合性判定",
            AnswerKind::Number { .. } => "数值",
            AnswerKind::Text => "文字记录",
            AnswerKind::Photo => "照片",
        }
    }

    /// Whether an answer of this kind can be 不符合 (and so carry a hazard rule).
    pub fn can_fail(&self) -> bool {
        matches!(self, AnswerKind::Compliance | AnswerKind::Number { .. })
    }

    /// What an answer must be, for messages.
    fn expects(&self) -> &'static str {
        match self {
            AnswerKind::Compliance => "符合、不符合或不适用",
            AnswerKind::Number { .. } => "实测数值或不适用",
            AnswerKind::Text => "文字记录或不适用",
            AnswerKind::Photo => "照片或不适用",
        }
    }
}

fn general() -> Level {
    Level::General
}

/// Which hazard a 不符合 becomes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct HazardRule {
    /// A hazard category name from the category dictionary (消防安全, 用电安全…).
    #[serde(default)]
    pub category: String,
    #[serde(default = "general")]
    pub level: Level,
}

/// One checklist item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Item {
    /// Stable id within the template (`fire-01`); answers refer to it.
    pub key: String,
    /// 检查内容
    pub text: String,
    /// 依据 (law or standard); may be empty.
    pub basis: String,
    pub answer: AnswerKind,
    /// The hazard a 不符合 becomes; without one a finding is 其他 / 一般隐患.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hazard: Option<HazardRule>,
    /// A 不符合 needs at least one photo.
    #[serde(default)]
    pub photo_required_on_fail: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Section {
    pub title: String,
    pub items: Vec<Item>,
}

/// A checked checklist template (检查表模板).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Template {
    pub name: String,
    /// 适用对象, e.g. 大型商业综合体、商场
    pub scope_label: String,
    pub sections: Vec<Section>,
}

impl Template {
    /// Every item with its section: (section index, section, item index, item).
    pub fn items(&self) -> impl Iterator<Item = (usize, &Section, usize, &Item)> {
        self.sections.iter().enumerate().flat_map(|(si, s)| {
            s.items
                .iter()
                .enumerate()
                .map(move |(ii, it)| (si, s, ii, it))
        })
    }

    /// The item with this key and its section.
    pub fn item(&self, key: &str) -> Option<(&Section, &Item)> {
        self.items()
            .find(|(_, _, _, it)| it.key == key)
            .map(|(_, s, _, it)| (s, it))
    }

    pub fn item_count(&self) -> usize {
        self.sections.iter().map(|s| s.items.len()).sum()
    }
}

/// A template as the web sends it. A checked [`Template`] serialized as JSON is a
/// valid input too, so an edit round-trips.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub scope_label: String,
    #[serde(default)]
    pub sections: Vec<SectionInput>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionInput {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub items: Vec<ItemInput>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemInput {
    /// Left out for a new item: one is generated (`s2-i3`) and kept from then on.
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub basis: String,
    #[serde(default)]
    pub answer: AnswerKind,
    #[serde(default)]
    pub hazard: Option<HazardRule>,
    #[serde(default)]
    pub photo_required_on_fail: bool,
}

/// A key: 1–40 of lowercase ASCII letters, digits, `-` and `_`, starting with a
/// letter or digit.
fn is_item_key(s: &str) -> bool {
    (1..=40).contains(&s.len())
        && s.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// At most `n` characters of `s`, with an ellipsis when cut.
fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(n).collect();
        out.push('…');
        out
    }
}

/// Checks a template: name and 适用对象 1–100 characters, 1–50 sections of at
/// least one item each, at most 300 items, texts 1–500, bases at most 300,
/// unique keys (generated where missing), number ranges with min ≤ max, hazard
/// categories from `known_categories`. Texts are trimmed.
pub fn check_template(
    input: &TemplateInput,
    known_categories: &[&str],
) -> Result<Template, Vec<FieldError>> {
    let mut v = Validator::new();
    let name = v.text("name", "检查表名称", &input.name, 1, 100);
    let scope_label = v.text("scope_label", "适用对象", &input.scope_label, 1, 100);
    if input.sections.is_empty() {
        v.error("sections", "required", "检查表至少需要一个部分");
    }
    if input.sections.len() > MAX_SECTIONS {
        v.error(
            "sections",
            "too_many",
            format!(
                "检查表最多{MAX_SECTIONS}个部分（当前{}个）",
                input.sections.len()
            ),
        );
    }
    let total: usize = input.sections.iter().map(|s| s.items.len()).sum();
    if total > MAX_ITEMS {
        v.error(
            "sections",
            "too_many",
            format!("检查表最多{MAX_ITEMS}个检查项（当前{total}个）"),
        );
    }

    // Explicit keys first, so generated ones never take an explicit key.
    let mut taken: HashMap<String, (usize, usize)> = HashMap::new();
    for (si, s) in input.sections.iter().enumerate() {
        for (ii, it) in s.items.iter().enumerate() {
            let Some(key) = it.key.as_deref().map(str::trim).filter(|k| !k.is_empty()) else {
                continue;
            };
            let field = format!("sections.{si}.items.{ii}.key");
            let at = format!("第{}部分第{}项", si + 1, ii + 1);
            if !is_item_key(key) {
                v.error(
                    &field,
                    "invalid",
                    format!("{at}的编号只能由小写字母、数字、“-”和“_”组成，且不超过40个字符"),
                );
            } else if let Some((s0, i0)) = taken.get(key) {
                v.error(
                    &field,
                    "duplicate",
                    format!("{at}的编号“{key}”与第{}部分第{}项重复", s0 + 1, i0 + 1),
                );
            } else {
                taken.insert(key.to_string(), (si, ii));
            }
        }
    }

    let mut sections = Vec::with_capacity(input.sections.len());
    for (si, s) in input.sections.iter().enumerate() {
        let title = v.text(
            &format!("sections.{si}.title"),
            &format!("第{}部分的标题", si + 1),
            &s.title,
            1,
            100,
        );
        if s.items.is_empty() {
            v.error(
                &format!("sections.{si}.items"),
                "required",
                format!("第{}部分“{}”至少需要一个检查项", si + 1, short(&title, 20)),
            );
        }
        let mut items = Vec::with_capacity(s.items.len());
        for (ii, it) in s.items.iter().enumerate() {
            let p = format!("sections.{si}.items.{ii}");
            let at = format!("第{}部分第{}项", si + 1, ii + 1);
            let key = match it.key.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
                Some(k) => k.to_string(),
                None => {
                    let base = format!("s{}-i{}", si + 1, ii + 1);
                    let mut k = base.clone();
                    let mut n = 2;
                    while taken.contains_key(&k) {
                        k = format!("{base}-{n}");
                        n += 1;
                    }
                    taken.insert(k.clone(), (si, ii));
                    k
                }
            };
            let text = v.text(
                &format!("{p}.text"),
                &format!("{at}的检查内容"),
                &it.text,
                1,
                500,
            );
            let basis = v.text(
                &format!("{p}.basis"),
                &format!("{at}的检查依据"),
                &it.basis,
                0,
                300,
            );
            let answer = check_answer_kind(&mut v, &p, &at, &it.answer);
            let hazard = match &it.hazard {
                None => None,
                Some(_) if !answer.can_fail() => {
                    v.error(
                        &format!("{p}.hazard"),
                        "invalid",
                        format!(
                            "{at}是{}类检查项，不判定不符合，不能设置隐患规则",
                            answer.label()
                        ),
                    );
                    None
                }
                Some(h) => {
                    let category = h.category.trim();
                    if category.is_empty() {
                        v.error(
                            &format!("{p}.hazard.category"),
                            "required",
                            format!("请选择{at}不符合时的隐患类别"),
                        );
                    } else if !known_categories.contains(&category) {
                        v.error(
                            &format!("{p}.hazard.category"),
                            "invalid",
                            format!("{at}的隐患类别“{}”不在隐患类别字典中", short(category, 20)),
                        );
                    }
                    Some(HazardRule {
                        category: category.to_string(),
                        level: h.level,
                    })
                }
            };
            items.push(Item {
                key,
                text,
                basis,
                photo_required_on_fail: it.photo_required_on_fail && answer.can_fail(),
                answer,
                hazard,
            });
        }
        sections.push(Section { title, items });
    }
    v.into_result()?;
    Ok(Template {
        name,
        scope_label,
        sections,
    })
}

fn check_answer_kind(v: &mut Validator, p: &str, at: &str, kind: &AnswerKind) -> AnswerKind {
    let AnswerKind::Number { unit, min, max } = kind else {
        return kind.clone();
    };
    let unit = v.optional_text(
        &format!("{p}.answer.unit"),
        &format!("{at}的计量单位"),
        unit.as_deref(),
        20,
    );
    for (name, label, x) in [("min", "最小值", min), ("max", "最大值", max)] {
        if let Some(x) = x
            && (!x.is_finite() || x.abs() > 1e12)
        {
            v.error(
                &format!("{p}.answer.{name}"),
                "invalid",
                format!("{at}的{label}不是有效的数值"),
            );
        }
    }
    if let (Some(lo), Some(hi)) = (min, max)
        && lo > hi
    {
        v.error(
            &format!("{p}.answer.min"),
            "invalid",
            format!("{at}的最小值不能大于最大值"),
        );
    }
    AnswerKind::Number {
        unit,
        min: *min,
        max: *max,
    }
}

/// A stable SM3 digest (hex) of the template's canonical JSON: the fields in
/// declaration order, texts as checked. Equal digests mean equal content.
pub fn content_hash(t: &Template) -> String {
    sm3_hex(&serde_json::to_vec(t).unwrap_or_default())
}

/// A stored version of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateVersion {
    /// 1, 2, 3…
    pub version: i32,
    pub hash: String,
}

/// What saving a template does to its versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionChange {
    /// Same content as the latest version: keep it.
    Unchanged(TemplateVersion),
    /// A new version to store (the first one is version 1).
    New(TemplateVersion),
}

/// Decides the version of a saved template given the latest stored one.
pub fn next_version(latest: Option<&TemplateVersion>, t: &Template) -> VersionChange {
    let hash = content_hash(t);
    match latest {
        Some(l) if l.hash == hash => VersionChange::Unchanged(l.clone()),
        Some(l) => VersionChange::New(TemplateVersion {
            version: l.version + 1,
            hash,
        }),
        None => VersionChange::New(TemplateVersion { version: 1, hash }),
    }
}

// ------------------------------------------------------------------ built-ins

/// The codes of the built-in templates, in the order [`builtin_templates`] returns them.
pub const BUILTIN_CODES: [&str; 6] = [
    "mall",
    "supermarket",
    "market",
    "exhibition",
    "fuel",
    "extreme-weather",
];

const BUILTIN_JSON: &str = include_str!("inspection_templates.json");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BuiltinEntry {
    code: String,
    template: TemplateInput,
}

fn builtins() -> &'static [(String, Template)] {
    static CELL: OnceLock<Vec<(String, Template)>> = OnceLock::new();
    CELL.get_or_init(|| {
        // Compiled-in data, checked by the tests below.
        let entries: Vec<BuiltinEntry> =
            serde_json::from_str(BUILTIN_JSON).expect("inspection_templates.json parses");
        entries
            .into_iter()
            .map(|e| {
                let t = check_template(&e.template, &crate::hazard::DEFAULT_CATEGORIES)
                    .expect("built-in templates pass check_template");
                (e.code, t)
            })
            .collect()
    })
}

/// The six built-in templates: 大型商业综合体（商场）, 超市, 农贸/批发市场,
/// 会展临时搭建, 加油站, 极端天气防范 (codes in [`BUILTIN_CODES`]).
pub fn builtin_templates() -> Vec<Template> {
    builtins().iter().map(|(_, t)| t.clone()).collect()
}

/// The built-in template with this code.
pub fn builtin_template(code: &str) -> Option<Template> {
    builtins()
        .iter()
        .find(|(c, _)| c == code)
        .map(|(_, t)| t.clone())
}

// ------------------------------------------------------------------ answers

/// An answer's value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AnswerValue {
    /// 符合
    Compliant,
    /// 不符合
    NonCompliant,
    /// 不适用
    NotApplicable,
    Number(f64),
    Text(String),
    /// The photos are in `photos`.
    Photo,
}

/// An answer as the inspector's phone sends it.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerInput {
    #[serde(default)]
    pub key: String,
    pub value: Option<AnswerValue>,
    /// 存在问题 for a 不符合, a remark otherwise.
    pub note: Option<String>,
    /// Uploaded photos (file ids).
    #[serde(default)]
    pub photos: Vec<Uuid>,
}

/// A checked answer to one item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Answer {
    pub key: String,
    pub value: AnswerValue,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default)]
    pub photos: Vec<Uuid>,
}

/// Checks one answer against its item.
pub fn check_answer(t: &Template, input: &AnswerInput) -> Result<Answer, Vec<FieldError>> {
    check_answer_at(t, input, "")
}

/// Checks a batch of answers (one save); fields are `answers.{i}.…`. A key may
/// appear only once per batch.
pub fn check_answers(t: &Template, inputs: &[AnswerInput]) -> Result<Vec<Answer>, Vec<FieldError>> {
    let mut errors = Vec::new();
    if inputs.len() > MAX_ITEMS {
        errors.push(FieldError::new(
            "answers",
            "too_many",
            format!("一次最多保存{MAX_ITEMS}个检查项的结果"),
        ));
        return Err(errors);
    }
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(inputs.len());
    for (i, a) in inputs.iter().enumerate() {
        let key = a.key.trim();
        if !key.is_empty() && !seen.insert(key) {
            errors.push(FieldError::new(
                &format!("answers.{i}.key"),
                "duplicate",
                format!("检查项“{}”的结果重复提交", short(key, 40)),
            ));
            continue;
        }
        match check_answer_at(t, a, &format!("answers.{i}.")) {
            Ok(a) => out.push(a),
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn check_answer_at(
    t: &Template,
    input: &AnswerInput,
    prefix: &str,
) -> Result<Answer, Vec<FieldError>> {
    let f = |name: &str| format!("{prefix}{name}");
    let mut v = Validator::new();
    let key = input.key.trim();
    let Some((_, item)) = t.item(key) else {
        return Err(vec![if key.is_empty() {
            FieldError::new(&f("key"), "required", "请指明检查项")
        } else {
            FieldError::new(
                &f("key"),
                "not_found",
                format!("检查项“{}”不在本检查表中", short(key, 40)),
            )
        }]);
    };
    let label = format!("“{}”", short(&item.text, 20));
    let value = match &input.value {
        None => {
            v.error(&f("value"), "required", format!("请填写{label}的检查结果"));
            None
        }
        Some(val) => {
            let val = match (&item.answer, val) {
                (_, AnswerValue::NotApplicable)
                | (AnswerKind::Compliance, AnswerValue::Compliant | AnswerValue::NonCompliant)
                | (AnswerKind::Photo, AnswerValue::Photo) => val.clone(),
                (AnswerKind::Number { .. }, AnswerValue::Number(x)) => {
                    if !x.is_finite() || x.abs() > 1e12 {
                        v.error(
                            &f("value"),
                            "invalid",
                            format!("{label}的实测值不是有效的数值"),
                        );
                    }
                    val.clone()
                }
                (AnswerKind::Text, AnswerValue::Text(s)) => {
                    AnswerValue::Text(v.text(&f("value"), &format!("{label}的检查记录"), s, 1, 500))
                }
                (kind, _) => {
                    v.error(
                        &f("value"),
                        "invalid",
                        format!("{label}应填写{}", kind.expects()),
                    );
                    val.clone()
                }
            };
            Some(val)
        }
    };
    let non_compliant = value == Some(AnswerValue::NonCompliant);
    let note_label = if non_compliant {
        format!("{label}的存在问题")
    } else {
        format!("{label}的备注")
    };
    let note = v.optional_text(&f("note"), &note_label, input.note.as_deref(), 500);
    if non_compliant && note.is_none() {
        v.error(
            &f("note"),
            "required",
            format!("{label}判定为不符合，请填写存在的问题"),
        );
    }
    let mut seen = HashSet::new();
    if input.photos.iter().any(|p| !seen.insert(*p)) {
        v.error(&f("photos"), "duplicate", format!("{label}的照片重复"));
    }
    if input.photos.len() > MAX_PHOTOS {
        v.error(
            &f("photos"),
            "too_many",
            format!("{label}的照片最多{MAX_PHOTOS}张"),
        );
    }
    if let Some(val) = &value {
        if *val == AnswerValue::Photo && input.photos.is_empty() {
            v.error(
                &f("photos"),
                "required",
                format!("{label}请至少上传一张照片"),
            );
        }
        let answer = Answer {
            key: item.key.clone(),
            value: val.clone(),
            note: None,
            photos: input.photos.clone(),
        };
        if item.photo_required_on_fail
            && input.photos.is_empty()
            && outcome(item, Some(&answer)) == Outcome::Fail
        {
            v.error(
                &f("photos"),
                "required",
                format!("{label}不符合，请上传现场照片"),
            );
        }
    }
    v.into_result()?;
    Ok(Answer {
        key: item.key.clone(),
        value: value.unwrap_or(AnswerValue::NotApplicable),
        note,
        photos: input.photos.clone(),
    })
}

/// The outcome of one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// 符合
    Pass,
    /// 不符合
    Fail,
    /// 不适用
    NotApplicable,
    /// 未填写
    Unanswered,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [
        Outcome::Pass,
        Outcome::Fail,
        Outcome::NotApplicable,
        Outcome::Unanswered,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
            Outcome::NotApplicable => "not_applicable",
            Outcome::Unanswered => "unanswered",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Outcome::Pass => "符合",
            Outcome::Fail => "不符合",
            Outcome::NotApplicable => "不适用",
            Outcome::Unanswered => "未填写",
        }
    }

    pub fn from_code(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|x| x.code() == s)
    }
}

/// The outcome of `item` given its answer. A number outside `[min, max]` fails;
/// a text or photos, once given, pass; an answer of the wrong kind (or photos
/// without a photo) counts as unanswered.
pub fn outcome(item: &Item, answer: Option<&Answer>) -> Outcome {
    let Some(a) = answer else {
        return Outcome::Unanswered;
    };
    match (&item.answer, &a.value) {
        (_, AnswerValue::NotApplicable) => Outcome::NotApplicable,
        (AnswerKind::Compliance, AnswerValue::Compliant) => Outcome::Pass,
        (AnswerKind::Compliance, AnswerValue::NonCompliant) => Outcome::Fail,
        (AnswerKind::Number { min, max, .. }, AnswerValue::Number(x)) => {
            if !x.is_finite() {
                Outcome::Unanswered
            } else if min.is_some_and(|m| *x < m) || max.is_some_and(|m| *x > m) {
                Outcome::Fail
            } else {
                Outcome::Pass
            }
        }
        (AnswerKind::Text, AnswerValue::Text(s)) if !s.trim().is_empty() => Outcome::Pass,
        (AnswerKind::Photo, AnswerValue::Photo) if !a.photos.is_empty() => Outcome::Pass,
        _ => Outcome::Unanswered,
    }
}

/// The answers by key; a later answer to the same key wins.
fn by_key(answers: &[Answer]) -> HashMap<&str, &Answer> {
    answers.iter().map(|a| (a.key.as_str(), a)).collect()
}

/// Counts of an inspection's outcomes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Summary {
    /// Items in the template.
    pub total: usize,
    /// Items answered (passed + failed + not applicable).
    pub checked: usize,
    pub passed: usize,
    pub failed: usize,
    pub not_applicable: usize,
    pub unanswered: usize,
    /// Failed items whose hazard rule is 重大隐患.
    pub major_failed: usize,
}

impl Summary {
    /// 符合率: passed over passed and failed, in percent; None when nothing was judged.
    pub fn pass_rate(&self) -> Option<f64> {
        let judged = self.passed + self.failed;
        (judged > 0).then(|| self.passed as f64 * 100.0 / judged as f64)
    }
}

/// Counts the outcomes of all items (answers to unknown keys are ignored).
pub fn summarize(t: &Template, answers: &[Answer]) -> Summary {
    let map = by_key(answers);
    let mut s = Summary::default();
    for (_, _, _, item) in t.items() {
        s.total += 1;
        match outcome(item, map.get(item.key.as_str()).copied()) {
            Outcome::Pass => s.passed += 1,
            Outcome::Fail => {
                s.failed += 1;
                if item
                    .hazard
                    .as_ref()
                    .is_some_and(|h| h.level == Level::Major)
                {
                    s.major_failed += 1;
                }
            }
            Outcome::NotApplicable => s.not_applicable += 1,
            Outcome::Unanswered => s.unanswered += 1,
        }
    }
    s.checked = s.passed + s.failed + s.not_applicable;
    s
}

/// A 不符合 found in an inspection; the store turns it into a hazard.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Finding {
    pub key: String,
    /// The section's title.
    pub section: String,
    pub item_text: String,
    pub basis: String,
    /// 存在问题: the inspector's note; for a number, the measured value against
    /// the limit, with the note if any.
    pub problem: String,
    pub level: Level,
    /// A hazard category name (其他 when the item has no hazard rule).
    pub category: String,
    pub photos: Vec<Uuid>,
}

impl Finding {
    /// The hazard's description (隐患描述, at most 1000 characters).
    pub fn hazard_description(&self) -> String {
        let mut s = format!("{}。检查项：{}", self.problem, self.item_text);
        if !self.basis.is_empty() {
            s.push_str(&format!("（依据：{}）", self.basis));
        }
        short(&s, 999)
    }
}

fn fmt_num(x: f64, unit: &str) -> String {
    format!("{x}{unit}")
}

/// Each 不符合 as a finding, in template order.
pub fn findings(t: &Template, answers: &[Answer]) -> Vec<Finding> {
    let map = by_key(answers);
    let mut out = Vec::new();
    for (_, section, _, item) in t.items() {
        let answer = map.get(item.key.as_str()).copied();
        if outcome(item, answer) != Outcome::Fail {
            continue;
        }
        let Some(a) = answer else { continue };
        let note = a.note.clone().filter(|n| !n.trim().is_empty());
        let problem = match (&item.answer, &a.value) {
            (AnswerKind::Number { unit, min, max }, AnswerValue::Number(x)) => {
                let u = unit.as_deref().unwrap_or("");
                let limit = match (min, max) {
                    (Some(lo), Some(hi)) => {
                        format!("应在{}至{}之间", fmt_num(*lo, u), fmt_num(*hi, u))
                    }
                    (Some(lo), None) => format!("应不小于{}", fmt_num(*lo, u)),
                    (None, Some(hi)) => format!("应不大于{}", fmt_num(*hi, u)),
                    (None, None) => String::new(),
                };
                let measured = format!("实测{}，{limit}", fmt_num(*x, u));
                match note {
                    Some(n) => format!("{n}（{measured}）"),
                    None => measured,
                }
            }
            _ => note.unwrap_or_else(|| format!("不符合：{}", item.text)),
        };
        let (category, level) = match &item.hazard {
            Some(h) => (h.category.clone(), h.level),
            None => (FALLBACK_CATEGORY.to_string(), Level::General),
        };
        out.push(Finding {
            key: item.key.clone(),
            section: section.title.clone(),
            item_text: item.text.clone(),
            basis: item.basis.clone(),
            problem,
            level,
            category,
            photos: a.photos.clone(),
        });
    }
    out
}

/// Finishing needs every item answered: one error per unanswered item, field
/// `answers.{key}`, naming its section and text.
pub fn check_finish(t: &Template, answers: &[Answer]) -> Result<(), Vec<FieldError>> {
    let map = by_key(answers);
    let mut v = Validator::new();
    for (si, section, ii, item) in t.items() {
        if outcome(item, map.get(item.key.as_str()).copied()) == Outcome::Unanswered {
            v.error(
                &format!("answers.{}", item.key),
                "required",
                format!(
                    "第{}部分“{}”第{}项“{}”尚未填写",
                    si + 1,
                    short(&section.title, 20),
                    ii + 1,
                    short(&item.text, 30)
                ),
            );
        }
    }
    v.into_result()
}

// ------------------------------------------------------------------ state machine

/// Where an inspection stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InspState {
    /// 未开始
    Draft,
    /// 检查中
    InProgress,
    /// 待企业确认
    AwaitingConfirmation,
    /// 已完成
    Completed,
    /// 已取消
    Cancelled,
}

impl InspState {
    pub const ALL: [InspState; 5] = [
        InspState::Draft,
        InspState::InProgress,
        InspState::AwaitingConfirmation,
        InspState::Completed,
        InspState::Cancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            InspState::Draft => "draft",
            InspState::InProgress => "in_progress",
            InspState::AwaitingConfirmation => "awaiting_confirmation",
            InspState::Completed => "completed",
            InspState::Cancelled => "cancelled",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            InspState::Draft => "未开始",
            InspState::InProgress => "检查中",
            InspState::AwaitingConfirmation => "待企业确认",
            InspState::Completed => "已完成",
            InspState::Cancelled => "已取消",
        }
    }

    pub fn from_code(s: &str) -> Option<InspState> {
        InspState::ALL.into_iter().find(|x| x.code() == s)
    }

    /// No step leaves this state.
    pub fn is_final(self) -> bool {
        matches!(self, InspState::Completed | InspState::Cancelled)
    }
}

/// How the actor stands to the inspection; decided by the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InspParty {
    /// One of the inspection's inspectors (检查人员).
    Inspector,
    /// A user of the inspected enterprise (企业代表).
    EnterpriseRep,
    /// Staff of the unit that planned the inspection (检查计划单位).
    Planner,
    /// Anyone else who can see it (局领导, other staff).
    Other,
}

impl InspParty {
    pub const ALL: [InspParty; 4] = [
        InspParty::Inspector,
        InspParty::EnterpriseRep,
        InspParty::Planner,
        InspParty::Other,
    ];
}

/// A step on an inspection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InspAction {
    /// 开始检查
    Start,
    /// 保存检查结果 (starts a 未开始 inspection)
    SaveAnswers,
    /// 结束检查，提交企业确认 (every item answered: [`check_finish`])
    Finish,
    /// 企业确认 (with comments or 异议: [`check_confirmation`])
    Confirm,
    /// 退回修改 (back to 检查中 before the enterprise confirms; a reason)
    Reopen,
    /// 取消检查 (a reason)
    Cancel,
}

impl InspAction {
    pub const ALL: [InspAction; 6] = [
        InspAction::Start,
        InspAction::SaveAnswers,
        InspAction::Finish,
        InspAction::Confirm,
        InspAction::Reopen,
        InspAction::Cancel,
    ];

    pub fn code(self) -> &'static str {
        match self {
            InspAction::Start => "start",
            InspAction::SaveAnswers => "save_answers",
            InspAction::Finish => "finish",
            InspAction::Confirm => "confirm",
            InspAction::Reopen => "reopen",
            InspAction::Cancel => "cancel",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            InspAction::Start => "开始检查",
            InspAction::SaveAnswers => "保存检查结果",
            InspAction::Finish => "结束检查",
            InspAction::Confirm => "企业确认",
            InspAction::Reopen => "退回修改",
            InspAction::Cancel => "取消检查",
        }
    }

    pub fn from_code(s: &str) -> Option<InspAction> {
        InspAction::ALL.into_iter().find(|x| x.code() == s)
    }
}

/// The state after `party` takes `action` on an inspection in `state`, or why not:
/// `Forbidden` when this party never takes this step, `Conflict` when the step does
/// not fit the present state. Inputs (answers, reasons) are checked separately.
///
/// | step | who | from → to |
/// |---|---|---|
/// | 开始检查 | 检查人员 | 未开始 → 检查中 |
/// | 保存检查结果 | 检查人员 | 未开始, 检查中 → 检查中 |
/// | 结束检查 | 检查人员 | 检查中 → 待企业确认 |
/// | 企业确认 | 企业代表 | 待企业确认 → 已完成 |
/// | 退回修改 | 检查人员, 计划单位 | 待企业确认 → 检查中 |
/// | 取消检查 | 计划单位 | 未开始, 检查中, 待企业确认 → 已取消 |
/// | 取消检查 | 检查人员 | 未开始, 检查中 → 已取消 |
pub fn decide(
    state: InspState,
    party: InspParty,
    action: InspAction,
) -> Result<InspState, Refusal> {
    use InspAction as A;
    use InspParty as P;
    use InspState as S;
    if party == P::Other {
        return Err(Refusal::Forbidden("只能查看，无权办理该检查"));
    }
    let allowed = match action {
        A::Start | A::SaveAnswers | A::Finish => party == P::Inspector,
        A::Confirm => party == P::EnterpriseRep,
        A::Reopen | A::Cancel => matches!(party, P::Inspector | P::Planner),
    };
    if !allowed {
        return Err(Refusal::Forbidden(match action {
            A::Start | A::SaveAnswers | A::Finish => "检查由检查人员填写和提交",
            A::Confirm => "检查结果由被检查企业确认",
            A::Reopen => "只有检查人员或检查计划单位可以退回修改",
            A::Cancel => "只有检查计划单位或检查人员可以取消检查",
        }));
    }
    match state {
        S::Completed => {
            return Err(Refusal::Conflict(match action {
                A::Reopen => "检查已完成，不能退回；如有遗漏请另行安排检查",
                A::Cancel => "已完成的检查不能取消",
                _ => "检查已完成",
            }));
        }
        S::Cancelled => return Err(Refusal::Conflict("检查已取消")),
        _ => {}
    }
    match (action, state) {
        (A::Start, S::Draft) => Ok(S::InProgress),
        (A::Start, S::InProgress) => Err(Refusal::Conflict("检查已开始")),
        (A::SaveAnswers, S::Draft | S::InProgress) => Ok(S::InProgress),
        (A::Finish, S::InProgress) => Ok(S::AwaitingConfirmation),
        (A::Finish, S::Draft) => Err(Refusal::Conflict("检查尚未开始")),
        (A::Start | A::Finish, S::AwaitingConfirmation) => {
            Err(Refusal::Conflict("检查已结束，等待企业确认"))
        }
        (A::SaveAnswers, S::AwaitingConfirmation) => Err(Refusal::Conflict(
            "检查已结束，等待企业确认；如需修改请先退回修改",
        )),
        (A::Confirm, S::AwaitingConfirmation) => Ok(S::Completed),
        (A::Confirm, _) => Err(Refusal::Conflict("检查尚未结束，不能确认")),
        (A::Reopen, S::AwaitingConfirmation) => Ok(S::InProgress),
        (A::Reopen, _) => Err(Refusal::Conflict("检查尚未结束，无需退回")),
        (A::Cancel, S::Draft | S::InProgress) => Ok(S::Cancelled),
        (A::Cancel, _) if party == P::Planner => Ok(S::Cancelled),
        (A::Cancel, _) => Err(Refusal::Conflict("检查已结束，只能由检查计划单位取消")),
        // Completed and Cancelled were answered above.
        (_, S::Completed | S::Cancelled) => Err(Refusal::Conflict("检查已结束")),
    }
}

/// [`decide`] for a user who stands in several ways at once (say an inspector of
/// the planning unit): allowed when any of them may; otherwise a conflict (some
/// party may, not now) before a prohibition.
pub fn decide_as(
    state: InspState,
    parties: &[InspParty],
    action: InspAction,
) -> Result<InspState, Refusal> {
    let mut refusal = None;
    for &p in parties {
        match decide(state, p, action) {
            Ok(s) => return Ok(s),
            Err(r @ Refusal::Conflict(_)) => {
                if !matches!(refusal, Some(Refusal::Conflict(_))) {
                    refusal = Some(r);
                }
            }
            Err(r) => {
                refusal.get_or_insert(r);
            }
        }
    }
    Err(refusal.unwrap_or(Refusal::Forbidden("只能查看，无权办理该检查")))
}

/// The enterprise's confirmation (企业确认).
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmationInput {
    /// 有异议: the enterprise disagrees with (part of) the findings; the
    /// inspection completes all the same and the objection stays on record.
    #[serde(default)]
    pub disputed: bool,
    /// 确认意见, or the 异议 when disputed (required then).
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirmation {
    pub disputed: bool,
    pub comment: Option<String>,
}

/// Checks a confirmation: a comment of at most 500 characters, required (2+) when
/// the enterprise states an objection.
pub fn check_confirmation(input: &ConfirmationInput) -> Result<Confirmation, Vec<FieldError>> {
    let mut v = Validator::new();
    let comment = if input.disputed {
        let c = v.text(
            "comment",
            "异议内容",
            input.comment.as_deref().unwrap_or(""),
            2,
            500,
        );
        Some(c)
    } else {
        v.optional_text("comment", "确认意见", input.comment.as_deref(), 500)
    };
    v.into_result()?;
    Ok(Confirmation {
        disputed: input.disputed,
        comment,
    })
}

/// Checks the reason of a step: 退回修改 and 取消检查 need one (2–200 characters);
/// other steps take an optional comment. Returns the trimmed text.
pub fn check_reason(
    action: InspAction,
    reason: Option<&str>,
) -> Result<Option<String>, Vec<FieldError>> {
    let mut v = Validator::new();
    let out = match action {
        InspAction::Reopen | InspAction::Cancel => {
            let label = if action == InspAction::Reopen {
                "退回原因"
            } else {
                "取消原因"
            };
            Some(v.text("reason", label, reason.unwrap_or(""), 2, 200))
        }
        _ => v.optional_text("reason", "说明", reason, 200),
    };
    v.into_result().map(|_| out)
}

// ------------------------------------------------------------------ plan progress

/// Progress of the inspections of a plan (检查计划) with one due date.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Progress {
    /// Inspections to be done (cancelled ones not counted).
    pub total: usize,
    /// 已完成
    pub done: usize,
    /// Completed after the due date.
    pub done_late: usize,
    /// 检查中 or 待企业确认
    pub in_progress: usize,
    /// 未开始
    pub not_started: usize,
    pub cancelled: usize,
    /// Not done and the due date has passed.
    pub overdue: usize,
}

impl Progress {
    /// Done in percent of total (100 when there is nothing to do).
    pub fn percent(&self) -> f64 {
        if self.total == 0 {
            100.0
        } else {
            self.done as f64 * 100.0 / self.total as f64
        }
    }
}

/// Progress of a plan due on `due` (China dates): each item is an inspection's
/// state and the day it was completed.
pub fn plan_progress(
    due: NaiveDate,
    today: NaiveDate,
    items: &[(InspState, Option<NaiveDate>)],
) -> Progress {
    let mut p = Progress::default();
    for (state, completed_on) in items {
        match state {
            InspState::Cancelled => {
                p.cancelled += 1;
                continue;
            }
            InspState::Completed => {
                p.done += 1;
                if completed_on.is_some_and(|d| d > due) {
                    p.done_late += 1;
                }
            }
            InspState::InProgress | InspState::AwaitingConfirmation => p.in_progress += 1,
            InspState::Draft => p.not_started += 1,
        }
        p.total += 1;
        if *state != InspState::Completed && today > due {
            p.overdue += 1;
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hazard::DEFAULT_CATEGORIES;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn photo(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn item(key: Option<&str>, text: &str) -> ItemInput {
        ItemInput {
            key: key.map(str::to_string),
            text: text.into(),
            ..Default::default()
        }
    }

    fn small_input() -> TemplateInput {
        TemplateInput {
            name: " 测试检查表 ".into(),
            scope_label: "商场".into(),
            sections: vec![
                SectionInput {
                    title: "消防安全".into(),
                    items: vec![
                        ItemInput {
                            basis: "《中华人民共和国消防法》第二十八条".into(),
                            hazard: Some(HazardRule {
                                category: "疏散通道和安全出口".into(),
                                level: Level::Major,
                            }),
                            photo_required_on_fail: true,
                            ..item(Some("exit"), "安全出口畅通，未锁闭")
                        },
                        ItemInput {
                            answer: AnswerKind::Number {
                                unit: Some("m".into()),
                                min: Some(1.1),
                                max: None,
                            },
                            ..item(Some("width"), "疏散走道净宽度")
                        },
                        item(Some("ext"), "灭火器在有效期内"),
                    ],
                },
                SectionInput {
                    title: "现场记录".into(),
                    items: vec![
                        ItemInput {
                            answer: AnswerKind::Text,
                            ..item(Some("note"), "其他情况")
                        },
                        ItemInput {
                            answer: AnswerKind::Photo,
                            ..item(Some("pic"), "现场照片")
                        },
                    ],
                },
            ],
        }
    }

    fn small() -> Template {
        check_template(&small_input(), &DEFAULT_CATEGORIES).unwrap()
    }

    fn ans(key: &str, value: AnswerValue) -> AnswerInput {
        AnswerInput {
            key: key.into(),
            value: Some(value),
            ..Default::default()
        }
    }

    fn fields(errs: &[FieldError]) -> Vec<&str> {
        errs.iter().map(|e| e.field.as_str()).collect()
    }

    fn to_input(t: &Template) -> TemplateInput {
        serde_json::from_value(serde_json::to_value(t).unwrap()).unwrap()
    }

    // ---------------------------------------------------------- built-ins

    #[test]
    fn builtin_templates_pass_their_own_checks() {
        let all = builtin_templates();
        assert_eq!(all.len(), BUILTIN_CODES.len());
        let mut names = HashSet::new();
        for (code, t) in BUILTIN_CODES.iter().zip(&all) {
            assert_eq!(builtin_template(code).as_ref(), Some(t));
            assert!(names.insert(t.name.clone()), "{code}: duplicate name");
            // A stored template, sent back unchanged, checks to itself.
            let again = check_template(&to_input(t), &DEFAULT_CATEGORIES).unwrap();
            assert_eq!(&again, t, "{code}");
            assert_eq!(content_hash(&again), content_hash(t));

            let n = t.item_count();
            assert!((25..=50).contains(&n), "{code}: {n} items");
            let mut keys = HashSet::new();
            for (_, s, _, it) in t.items() {
                assert!(keys.insert(it.key.as_str()), "{code}: key {} twice", it.key);
                assert!(is_item_key(&it.key), "{code}: key {}", it.key);
                assert!(!s.title.is_empty());
                if it.answer.can_fail() {
                    let h = it.hazard.as_ref().unwrap_or_else(|| {
                        panic!("{code}/{}: a checked item without hazard rule", it.key)
                    });
                    assert!(DEFAULT_CATEGORIES.contains(&h.category.as_str()));
                    assert!(!it.basis.is_empty(), "{code}/{}: no basis", it.key);
                }
            }
            let kinds: HashSet<&str> = t.items().map(|(_, _, _, it)| it.answer.code()).collect();
            for k in ["compliance", "number", "text", "photo"] {
                assert!(kinds.contains(k), "{code}: no {k} item");
            }
        }
        assert_eq!(builtin_template("nope"), None);
    }

    #[test]
    fn builtin_major_hazards_follow_the_judgement_standards() {
        let major = |code: &str, key: &str| {
            let t = builtin_template(code).unwrap();
            let (_, it) = t.item(key).unwrap();
            it.hazard.as_ref().unwrap().level == Level::Major
        };
        // Blocked or locked exits during business hours, switched-off fire systems.
        assert!(major("mall", "exit-01"));
        assert!(major("mall", "fire-01"));
        assert!(major("supermarket", "exit-01"));
        assert!(major("market", "exit-01"));
        // 工贸企业重大事故隐患判定标准: tenants unmanaged, uncertified special work,
        // confined spaces, liquid ammonia.
        assert!(major("mall", "mgmt-04"));
        assert!(major("mall", "mgmt-06"));
        assert!(major("mall", "cs-01"));
        assert!(major("market", "cold-02"));
        // GB 45067: escalator emergency stops.
        assert!(major("mall", "se-04"));
        // Fuel: explosion-proof equipment is major, static grounding when unloading
        // is not listed by the standards and stays general.
        assert!(major("fuel", "ex-01"));
        assert!(!major("fuel", "ex-04"));
        assert!(!major("fuel", "op-01"));
        let mall = builtin_template("mall").unwrap();
        let (s, exit) = mall.item("exit-01").unwrap();
        assert_eq!(s.title, "疏散通道和安全出口");
        assert_eq!(exit.hazard.as_ref().unwrap().category, "疏散通道和安全出口");
        assert!(exit.photo_required_on_fail);
        assert!(
            exit.basis
                .contains("《中华人民共和国安全生产法》第四十二条")
        );
    }

    // ---------------------------------------------------------- templates

    #[test]
    fn a_good_template_is_trimmed_and_kept() {
        let t = small();
        assert_eq!(t.name, "测试检查表");
        assert_eq!(t.item_count(), 5);
        assert_eq!(t.item("width").unwrap().0.title, "消防安全");
        assert!(t.item("nope").is_none());
        let (_, exit) = t.item("exit").unwrap();
        assert!(exit.photo_required_on_fail);
        assert_eq!(exit.hazard.as_ref().unwrap().level, Level::Major);
    }

    #[test]
    fn bad_templates_name_every_field() {
        let long = "字".repeat(301);
        let input = TemplateInput {
            name: "".into(),
            scope_label: " ".into(),
            sections: vec![
                SectionInput {
                    title: "".into(),
                    items: vec![
                        item(None, " "),
                        item(Some("Bad Key"), "检查内容"),
                        ItemInput {
                            basis: long,
                            ..item(Some("a"), "检查内容")
                        },
                        ItemInput {
                            answer: AnswerKind::Number {
                                unit: None,
                                min: Some(5.0),
                                max: Some(1.0),
                            },
                            ..item(Some("a"), "检查内容")
                        },
                        ItemInput {
                            hazard: Some(HazardRule {
                                category: "火灾".into(),
                                level: Level::General,
                            }),
                            ..item(None, "检查内容")
                        },
                        ItemInput {
                            answer: AnswerKind::Text,
                            hazard: Some(HazardRule {
                                category: "其他".into(),
                                level: Level::General,
                            }),
                            ..item(None, "检查内容")
                        },
                        ItemInput {
                            answer: AnswerKind::Number {
                                unit: Some("米".repeat(21)),
                                min: Some(f64::NAN),
                                max: None,
                            },
                            ..item(None, "检查内容")
                        },
                    ],
                },
                SectionInput {
                    title: "空的部分".into(),
                    items: vec![],
                },
            ],
        };
        let errs = check_template(&input, &DEFAULT_CATEGORIES).unwrap_err();
        let got = fields(&errs);
        for f in [
            "name",
            "scope_label",
            "sections.0.title",
            "sections.0.items.0.text",
            "sections.0.items.1.key",
            "sections.0.items.2.basis",
            "sections.0.items.3.key",
            "sections.0.items.3.answer.min",
            "sections.0.items.4.hazard.category",
            "sections.0.items.5.hazard",
            "sections.0.items.6.answer.unit",
            "sections.0.items.6.answer.min",
            "sections.1.items",
        ] {
            assert!(got.contains(&f), "{f} missing in {got:?}");
        }
        let msg = |field: &str| {
            errs.iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone())
                .unwrap()
        };
        assert_eq!(msg("name"), "检查表名称不能为空");
        assert_eq!(
            msg("sections.0.items.3.key"),
            "第1部分第4项的编号“a”与第1部分第3项重复"
        );
        assert_eq!(
            msg("sections.0.items.4.hazard.category"),
            "第1部分第5项的隐患类别“火灾”不在隐患类别字典中"
        );
        assert_eq!(
            msg("sections.0.items.3.answer.min"),
            "第1部分第4项的最小值不能大于最大值"
        );
        assert_eq!(
            msg("sections.1.items"),
            "第2部分“空的部分”至少需要一个检查项"
        );
        assert!(
            msg("sections.0.items.2.basis").starts_with("第1部分第3项的检查依据不能超过300个字符")
        );
        // The bureau's own category dictionary decides.
        assert!(
            check_template(&small_input(), &["消防安全"])
                .unwrap_err()
                .iter()
                .any(|e| e.field == "sections.0.items.0.hazard.category")
        );
    }

    #[test]
    fn template_size_limits() {
        let empty = TemplateInput {
            name: "空表".into(),
            scope_label: "商场".into(),
            sections: vec![],
        };
        let errs = check_template(&empty, &DEFAULT_CATEGORIES).unwrap_err();
        assert_eq!(errs[0].field, "sections");
        assert_eq!(errs[0].message, "检查表至少需要一个部分");

        let section = |n: usize| SectionInput {
            title: "部分".into(),
            items: (0..n).map(|i| item(None, &format!("第{i}项"))).collect(),
        };
        let many_sections = TemplateInput {
            sections: (0..51).map(|_| section(1)).collect(),
            ..empty.clone()
        };
        let errs = check_template(&many_sections, &DEFAULT_CATEGORIES).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].code, "too_many");
        assert!(errs[0].message.starts_with("检查表最多50个部分"));

        let many_items = TemplateInput {
            sections: vec![section(150), section(151)],
            ..empty.clone()
        };
        let errs = check_template(&many_items, &DEFAULT_CATEGORIES).unwrap_err();
        assert_eq!(errs[0].message, "检查表最多300个检查项（当前301个）");
        let at_limit = TemplateInput {
            sections: vec![section(150), section(150)],
            ..empty
        };
        assert_eq!(
            check_template(&at_limit, &DEFAULT_CATEGORIES)
                .unwrap()
                .item_count(),
            300
        );
    }

    #[test]
    fn missing_keys_are_generated_and_then_kept() {
        let input = TemplateInput {
            name: "表".into(),
            scope_label: "超市".into(),
            sections: vec![
                SectionInput {
                    title: "一".into(),
                    items: vec![item(None, "甲"), item(None, "乙")],
                },
                SectionInput {
                    title: "二".into(),
                    items: vec![item(Some("s1-i2"), "丙"), item(Some(" "), "丁")],
                },
            ],
        };
        let t = check_template(&input, &DEFAULT_CATEGORIES).unwrap();
        let keys: Vec<&str> = t.items().map(|(_, _, _, it)| it.key.as_str()).collect();
        assert_eq!(keys, ["s1-i1", "s1-i2-2", "s1-i2", "s2-i2"]);
        // Deterministic.
        assert_eq!(check_template(&input, &DEFAULT_CATEGORIES).unwrap(), t);

        // An edit inserts a new first item: the old ones keep their keys.
        let mut edit = to_input(&t);
        edit.sections[0].items.insert(0, item(None, "新增"));
        let t2 = check_template(&edit, &DEFAULT_CATEGORIES).unwrap();
        let keys: Vec<&str> = t2.items().map(|(_, _, _, it)| it.key.as_str()).collect();
        assert_eq!(keys, ["s1-i1-2", "s1-i1", "s1-i2-2", "s1-i2", "s2-i2"]);
        assert_eq!(t2.item("s1-i1").unwrap().1.text, "甲");
    }

    #[test]
    fn photo_flags_and_hazards_only_on_items_that_can_fail() {
        let mut input = small_input();
        input.sections[1].items[1].photo_required_on_fail = true;
        let t = check_template(&input, &DEFAULT_CATEGORIES).unwrap();
        assert!(!t.item("pic").unwrap().1.photo_required_on_fail);
    }

    #[test]
    fn versions_follow_the_content() {
        let t = small();
        let h = content_hash(&t);
        assert_eq!(h.len(), 64);
        assert!(h.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(content_hash(&small()), h);

        let v1 = match next_version(None, &t) {
            VersionChange::New(v) => v,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            v1,
            TemplateVersion {
                version: 1,
                hash: h.clone()
            }
        );

        // Whitespace is trimmed away: the same version.
        let mut same = to_input(&t);
        same.sections[0].items[0].text = "  安全出口畅通，未锁闭 ".into();
        let same = check_template(&same, &DEFAULT_CATEGORIES).unwrap();
        assert_eq!(
            next_version(Some(&v1), &same),
            VersionChange::Unchanged(v1.clone())
        );

        // Any real change, a limit included, makes a new version.
        let mut edit = to_input(&t);
        edit.sections[0].items[1].answer = AnswerKind::Number {
            unit: Some("m".into()),
            min: Some(1.4),
            max: None,
        };
        let edited = check_template(&edit, &DEFAULT_CATEGORIES).unwrap();
        assert_ne!(content_hash(&edited), h);
        match next_version(Some(&v1), &edited) {
            VersionChange::New(v) => assert_eq!(v.version, 2),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn json_shapes_the_web_sees() {
        let kind = AnswerKind::Number {
            unit: Some("m".into()),
            min: Some(1.1),
            max: None,
        };
        assert_eq!(
            serde_json::to_string(&kind).unwrap(),
            r#"{"kind":"number","unit":"m","min":1.1}"#
        );
        assert_eq!(
            serde_json::to_string(&AnswerKind::Compliance).unwrap(),
            r#"{"kind":"compliance"}"#
        );
        assert_eq!(
            serde_json::to_string(&AnswerValue::Number(0.9)).unwrap(),
            r#"{"number":0.9}"#
        );
        assert_eq!(
            serde_json::to_string(&AnswerValue::NonCompliant).unwrap(),
            r#""non_compliant""#
        );
        let a: AnswerInput = serde_json::from_str(
            r#"{"key":"exit","value":"non_compliant","note":"东侧安全出口上锁","photos":["00000000-0000-0000-0000-000000000001"]}"#,
        )
        .unwrap();
        assert!(check_answer(&small(), &a).is_ok());
        // A minimal item: compliance, no hazard, no photo needed.
        let i: ItemInput = serde_json::from_str(r#"{"text":"检查"}"#).unwrap();
        assert_eq!(i.answer, AnswerKind::Compliance);
        let h: HazardRule = serde_json::from_str(r#"{"category":"其他"}"#).unwrap();
        assert_eq!(h.level, Level::General);
        assert!(serde_json::from_str::<ItemInput>(r#"{"text":"检查","extra":1}"#).is_err());
    }

    // ---------------------------------------------------------- answers

    #[test]
    fn answers_are_checked_against_their_item() {
        let t = small();
        let err = |a: &AnswerInput| check_answer(&t, a).unwrap_err();

        let e = err(&ans("nope", AnswerValue::Compliant));
        assert_eq!(
            (e[0].field.as_str(), e[0].code.as_str()),
            ("key", "not_found")
        );
        assert_eq!(e[0].message, "检查项“nope”不在本检查表中");
        assert_eq!(err(&ans(" ", AnswerValue::Compliant))[0].code, "required");

        let e = err(&AnswerInput {
            key: "ext".into(),
            ..Default::default()
        });
        assert_eq!(e[0].field, "value");
        assert_eq!(e[0].message, "请填写“灭火器在有效期内”的检查结果");

        let e = err(&ans("ext", AnswerValue::Number(1.0)));
        assert_eq!(e[0].message, "“灭火器在有效期内”应填写符合、不符合或不适用");
        assert_eq!(err(&ans("width", AnswerValue::Compliant))[0].field, "value");
        assert_eq!(
            err(&ans("width", AnswerValue::Number(f64::INFINITY)))[0].field,
            "value"
        );
        assert_eq!(
            err(&ans("note", AnswerValue::Text("  ".into())))[0].field,
            "value"
        );

        // 不符合 needs the problem described, and photos where the item says so.
        let e = err(&ans("exit", AnswerValue::NonCompliant));
        assert_eq!(fields(&e), ["note", "photos"]);
        assert_eq!(
            e[0].message,
            "“安全出口畅通，未锁闭”判定为不符合，请填写存在的问题"
        );
        assert_eq!(e[1].message, "“安全出口畅通，未锁闭”不符合，请上传现场照片");
        let ok = check_answer(
            &t,
            &AnswerInput {
                note: Some(" 东侧安全出口上锁 ".into()),
                photos: vec![photo(1)],
                ..ans("exit", AnswerValue::NonCompliant)
            },
        )
        .unwrap();
        assert_eq!(ok.note.as_deref(), Some("东侧安全出口上锁"));
        // The other items need no photo; a number out of range needs no note.
        let ext = check_answer(
            &t,
            &AnswerInput {
                note: Some("过期".into()),
                ..ans("ext", AnswerValue::NonCompliant)
            },
        );
        assert!(ext.is_ok());
        assert!(check_answer(&t, &ans("width", AnswerValue::Number(0.9))).is_ok());

        // Photo items need photos; at most nine, none twice.
        assert_eq!(err(&ans("pic", AnswerValue::Photo))[0].field, "photos");
        let e = err(&AnswerInput {
            photos: (0..10).map(photo).collect(),
            ..ans("pic", AnswerValue::Photo)
        });
        assert_eq!(e[0].code, "too_many");
        let e = err(&AnswerInput {
            photos: vec![photo(1), photo(1)],
            ..ans("pic", AnswerValue::Photo)
        });
        assert_eq!(e[0].code, "duplicate");
        let e = err(&AnswerInput {
            note: Some("字".repeat(501)),
            ..ans("ext", AnswerValue::Compliant)
        });
        assert_eq!(
            (e[0].field.as_str(), e[0].code.as_str()),
            ("note", "too_long")
        );
        assert!(
            e[0].message
                .starts_with("“灭火器在有效期内”的备注不能超过500个字符")
        );

        // 不适用 fits every kind.
        for key in ["exit", "width", "ext", "note", "pic"] {
            assert!(check_answer(&t, &ans(key, AnswerValue::NotApplicable)).is_ok());
        }
    }

    #[test]
    fn batches_prefix_fields_and_refuse_repeats() {
        let t = small();
        let errs = check_answers(
            &t,
            &[
                ans("ext", AnswerValue::Text("好".into())),
                ans("width", AnswerValue::Number(2.0)),
                ans("width", AnswerValue::Number(3.0)),
            ],
        )
        .unwrap_err();
        assert_eq!(fields(&errs), ["answers.0.value", "answers.2.key"]);
        let ok = check_answers(
            &t,
            &[
                ans("width", AnswerValue::Number(2.0)),
                ans("note", AnswerValue::Text(" 无 ".into())),
            ],
        )
        .unwrap();
        assert_eq!(ok[1].value, AnswerValue::Text("无".into()));
    }

    fn answered(t: &Template) -> Vec<Answer> {
        [
            AnswerInput {
                note: Some("东侧安全出口上锁".into()),
                photos: vec![photo(1)],
                ..ans("exit", AnswerValue::NonCompliant)
            },
            ans("width", AnswerValue::Number(0.9)),
            AnswerInput {
                note: Some("2具灭火器过期".into()),
                ..ans("ext", AnswerValue::NonCompliant)
            },
            ans("note", AnswerValue::Text("无".into())),
        ]
        .iter()
        .map(|a| check_answer(t, a).unwrap())
        .collect()
    }

    #[test]
    fn outcomes_and_summary() {
        let t = small();
        let width = t.item("width").unwrap().1;
        let num = |x: f64| Answer {
            key: "width".into(),
            value: AnswerValue::Number(x),
            note: None,
            photos: vec![],
        };
        assert_eq!(outcome(width, None), Outcome::Unanswered);
        assert_eq!(outcome(width, Some(&num(1.1))), Outcome::Pass);
        assert_eq!(outcome(width, Some(&num(1.09))), Outcome::Fail);
        assert_eq!(outcome(width, Some(&num(f64::NAN))), Outcome::Unanswered);
        let pic = t.item("pic").unwrap().1;
        let photo_answer = |photos: Vec<Uuid>| Answer {
            key: "pic".into(),
            value: AnswerValue::Photo,
            note: None,
            photos,
        };
        assert_eq!(
            outcome(pic, Some(&photo_answer(vec![]))),
            Outcome::Unanswered
        );
        assert_eq!(
            outcome(pic, Some(&photo_answer(vec![photo(2)]))),
            Outcome::Pass
        );

        let s = summarize(&t, &answered(&t));
        assert_eq!(
            s,
            Summary {
                total: 5,
                checked: 4,
                passed: 1,
                failed: 3,
                not_applicable: 0,
                unanswered: 1,
                major_failed: 1,
            }
        );
        assert_eq!(s.pass_rate(), Some(25.0));
        assert_eq!(summarize(&t, &[]).pass_rate(), None);

        // The latest answer to a key counts.
        let mut again = answered(&t);
        again.push(check_answer(&t, &ans("exit", AnswerValue::Compliant)).unwrap());
        let s = summarize(&t, &again);
        assert_eq!((s.failed, s.major_failed, s.passed), (2, 0, 2));
    }

    #[test]
    fn each_failure_becomes_a_finding() {
        let t = small();
        let f = findings(&t, &answered(&t));
        assert_eq!(f.len(), 3);
        assert_eq!(f[0].key, "exit");
        assert_eq!(f[0].section, "消防安全");
        assert_eq!(f[0].problem, "东侧安全出口上锁");
        assert_eq!(f[0].level, Level::Major);
        assert_eq!(f[0].category, "疏散通道和安全出口");
        assert_eq!(f[0].photos, vec![photo(1)]);
        assert_eq!(f[0].basis, "《中华人民共和国消防法》第二十八条");
        assert_eq!(
            f[0].hazard_description(),
            "东侧安全出口上锁。检查项：安全出口畅通，未锁闭（依据：《中华人民共和国消防法》第二十八条）"
        );
        // A number states what was measured against the limit.
        assert_eq!(f[1].problem, "实测0.9m，应不小于1.1m");
        // No hazard rule: 其他, 一般隐患.
        assert_eq!(
            (f[1].category.as_str(), f[1].level),
            ("其他", Level::General)
        );
        assert_eq!(f[2].problem, "2具灭火器过期");

        let mut input = small_input();
        input.sections[0].items[1].answer = AnswerKind::Number {
            unit: Some("℃".into()),
            min: Some(-18.0),
            max: Some(-15.0),
        };
        let t = check_template(&input, &DEFAULT_CATEGORIES).unwrap();
        let a = check_answer(
            &t,
            &AnswerInput {
                note: Some("冷冻库温度偏高".into()),
                ..ans("width", AnswerValue::Number(-10.0))
            },
        )
        .unwrap();
        assert_eq!(
            findings(&t, &[a])[0].problem,
            "冷冻库温度偏高（实测-10℃，应在-18℃至-15℃之间）"
        );
        assert!(findings(&t, &[]).is_empty());
    }

    #[test]
    fn finishing_needs_every_item_answered() {
        let t = small();
        let mut answers = answered(&t);
        let errs = check_finish(&t, &answers).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].field, "answers.pic");
        assert_eq!(errs[0].code, "required");
        assert_eq!(errs[0].message, "第2部分“现场记录”第2项“现场照片”尚未填写");
        assert_eq!(check_finish(&t, &[]).unwrap_err().len(), 5);
        answers.push(
            check_answer(
                &t,
                &AnswerInput {
                    photos: vec![photo(3)],
                    ..ans("pic", AnswerValue::Photo)
                },
            )
            .unwrap(),
        );
        assert!(check_finish(&t, &answers).is_ok());
    }

    // ---------------------------------------------------------- state machine

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum E {
        To(InspState),
        F,
        C,
    }

    #[test]
    fn every_step_is_decided() {
        use E::*;
        use InspAction as A;
        use InspState as S;
        // (action, state, [inspector, enterprise rep, planner]); others may never act.
        #[rustfmt::skip]
        let table: [(A, S, [E; 3]); 30] = [
            (A::Start, S::Draft, [To(S::InProgress), F, F]),
            (A::Start, S::InProgress, [C, F, F]),
            (A::Start, S::AwaitingConfirmation, [C, F, F]),
            (A::Start, S::Completed, [C, F, F]),
            (A::Start, S::Cancelled, [C, F, F]),
            (A::SaveAnswers, S::Draft, [To(S::InProgress), F, F]),
            (A::SaveAnswers, S::InProgress, [To(S::InProgress), F, F]),
            (A::SaveAnswers, S::AwaitingConfirmation, [C, F, F]),
            (A::SaveAnswers, S::Completed, [C, F, F]),
            (A::SaveAnswers, S::Cancelled, [C, F, F]),
            (A::Finish, S::Draft, [C, F, F]),
            (A::Finish, S::InProgress, [To(S::AwaitingConfirmation), F, F]),
            (A::Finish, S::AwaitingConfirmation, [C, F, F]),
            (A::Finish, S::Completed, [C, F, F]),
            (A::Finish, S::Cancelled, [C, F, F]),
            (A::Confirm, S::Draft, [F, C, F]),
            (A::Confirm, S::InProgress, [F, C, F]),
            (A::Confirm, S::AwaitingConfirmation, [F, To(S::Completed), F]),
            (A::Confirm, S::Completed, [F, C, F]),
            (A::Confirm, S::Cancelled, [F, C, F]),
            (A::Reopen, S::Draft, [C, F, C]),
            (A::Reopen, S::InProgress, [C, F, C]),
            (A::Reopen, S::AwaitingConfirmation, [To(S::InProgress), F, To(S::InProgress)]),
            (A::Reopen, S::Completed, [C, F, C]),
            (A::Reopen, S::Cancelled, [C, F, C]),
            (A::Cancel, S::Draft, [To(S::Cancelled), F, To(S::Cancelled)]),
            (A::Cancel, S::InProgress, [To(S::Cancelled), F, To(S::Cancelled)]),
            (A::Cancel, S::AwaitingConfirmation, [C, F, To(S::Cancelled)]),
            (A::Cancel, S::Completed, [C, F, C]),
            (A::Cancel, S::Cancelled, [C, F, C]),
        ];
        let mut covered = HashSet::new();
        for (action, state, expected) in table {
            assert!(
                covered.insert((action, state)),
                "{action:?} {state:?} twice"
            );
            let parties = [
                InspParty::Inspector,
                InspParty::EnterpriseRep,
                InspParty::Planner,
                InspParty::Other,
            ];
            for (party, want) in parties.into_iter().zip(expected.into_iter().chain([F])) {
                let got = match decide(state, party, action) {
                    Ok(s) => To(s),
                    Err(Refusal::Forbidden(m)) => {
                        assert!(!m.is_empty() && !m.is_ascii());
                        F
                    }
                    Err(Refusal::Conflict(m)) => {
                        assert!(!m.is_empty() && !m.is_ascii());
                        C
                    }
                };
                assert_eq!(got, want, "{party:?} {action:?} in {state:?}");
            }
        }
        assert_eq!(covered.len(), InspAction::ALL.len() * InspState::ALL.len());
    }

    #[test]
    fn refusals_explain_in_chinese() {
        use InspAction as A;
        use InspParty as P;
        use InspState as S;
        let msg = |s, p, a| decide(s, p, a).unwrap_err().message();
        assert_eq!(
            msg(S::InProgress, P::Other, A::SaveAnswers),
            "只能查看，无权办理该检查"
        );
        assert_eq!(
            msg(S::AwaitingConfirmation, P::Inspector, A::Confirm),
            "检查结果由被检查企业确认"
        );
        assert_eq!(
            msg(S::AwaitingConfirmation, P::Inspector, A::SaveAnswers),
            "检查已结束，等待企业确认；如需修改请先退回修改"
        );
        assert_eq!(
            msg(S::Completed, P::Planner, A::Reopen),
            "检查已完成，不能退回；如有遗漏请另行安排检查"
        );
        assert_eq!(
            msg(S::Draft, P::EnterpriseRep, A::Cancel),
            "只有检查计划单位或检查人员可以取消检查"
        );
    }

    #[test]
    fn several_parties_at_once() {
        use InspAction as A;
        use InspParty as P;
        use InspState as S;
        assert_eq!(
            decide_as(S::Draft, &[P::Planner, P::Inspector], A::Start),
            Ok(S::InProgress)
        );
        assert!(matches!(
            decide_as(S::Completed, &[P::EnterpriseRep, P::Planner], A::Reopen),
            Err(Refusal::Conflict(_))
        ));
        assert!(matches!(
            decide_as(
                S::AwaitingConfirmation,
                &[P::Inspector, P::Planner],
                A::Confirm
            ),
            Err(Refusal::Forbidden(_))
        ));
        assert!(matches!(
            decide_as(S::Draft, &[], A::Start),
            Err(Refusal::Forbidden(_))
        ));
    }

    proptest::proptest! {
        #[test]
        fn final_states_are_final_and_only_the_enterprise_completes(
            steps in proptest::collection::vec((0..4usize, 0..6usize), 0..60)
        ) {
            let mut state = InspState::Draft;
            for (p, a) in steps {
                let (party, action) = (InspParty::ALL[p], InspAction::ALL[a]);
                if let Ok(next) = decide(state, party, action) {
                    proptest::prop_assert!(!state.is_final());
                    if next == InspState::Completed {
                        proptest::prop_assert_eq!(state, InspState::AwaitingConfirmation);
                        proptest::prop_assert_eq!(party, InspParty::EnterpriseRep);
                    }
                    state = next;
                }
            }
        }
    }

    #[test]
    fn confirmations_and_reasons() {
        let e = check_confirmation(&ConfirmationInput {
            disputed: true,
            comment: None,
        })
        .unwrap_err();
        assert_eq!(
            (e[0].field.as_str(), e[0].message.as_str()),
            ("comment", "异议内容不能为空")
        );
        let c = check_confirmation(&ConfirmationInput {
            disputed: true,
            comment: Some(" 第3项灭火器已于检查当日更换 ".into()),
        })
        .unwrap();
        assert!(c.disputed);
        assert_eq!(c.comment.as_deref(), Some("第3项灭火器已于检查当日更换"));
        assert_eq!(
            check_confirmation(&ConfirmationInput::default()).unwrap(),
            Confirmation {
                disputed: false,
                comment: None
            }
        );
        assert_eq!(
            check_confirmation(&ConfirmationInput {
                disputed: false,
                comment: Some("字".repeat(501)),
            })
            .unwrap_err()[0]
                .code,
            "too_long"
        );

        let e = check_reason(InspAction::Cancel, None).unwrap_err();
        assert_eq!(
            (e[0].field.as_str(), e[0].message.as_str()),
            ("reason", "取消原因不能为空")
        );
        assert_eq!(
            check_reason(InspAction::Reopen, Some("改")).unwrap_err()[0].code,
            "too_short"
        );
        assert_eq!(
            check_reason(InspAction::Reopen, Some(" 第5项漏拍照片 ")).unwrap(),
            Some("第5项漏拍照片".into())
        );
        assert_eq!(check_reason(InspAction::Finish, None).unwrap(), None);
    }

    // ---------------------------------------------------------- plans

    #[test]
    fn plan_progress_counts_and_overdue() {
        use InspState as S;
        let due = d("2026-06-30");
        let items = [
            (S::Completed, Some(d("2026-06-20"))),
            (S::Completed, Some(d("2026-07-02"))),
            (S::InProgress, None),
            (S::AwaitingConfirmation, None),
            (S::Draft, None),
            (S::Cancelled, None),
        ];
        let p = plan_progress(due, d("2026-06-30"), &items);
        assert_eq!(
            p,
            Progress {
                total: 5,
                done: 2,
                done_late: 1,
                in_progress: 2,
                not_started: 1,
                cancelled: 1,
                overdue: 0,
            }
        );
        assert_eq!(p.percent(), 40.0);
        // The day after the due date, everything not done is overdue.
        assert_eq!(plan_progress(due, d("2026-07-01"), &items).overdue, 3);
        assert_eq!(plan_progress(due, d("2026-07-01"), &[]).percent(), 100.0);
    }

    #[test]
    fn codes_round_trip() {
        for s in InspState::ALL {
            assert_eq!(InspState::from_code(s.code()), Some(s));
            assert_eq!(
                serde_json::to_value(s).unwrap(),
                serde_json::Value::String(s.code().into())
            );
        }
        for a in InspAction::ALL {
            assert_eq!(InspAction::from_code(a.code()), Some(a));
        }
        for o in Outcome::ALL {
            assert_eq!(Outcome::from_code(o.code()), Some(o));
        }
        assert_eq!(InspState::from_code("x"), None);
        for k in [
            AnswerKind::Compliance,
            AnswerKind::Number {
                unit: None,
                min: None,
                max: None,
            },
            AnswerKind::Text,
            AnswerKind::Photo,
        ] {
            let v = serde_json::to_value(&k).unwrap();
            assert_eq!(v["kind"], k.code());
            assert!(!k.label().is_empty());
        }
    }
}
