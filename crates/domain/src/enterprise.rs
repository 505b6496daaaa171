//! Enterprises: the registry record, its validation (shared by the form and the
//! Excel import), the responsibility profile (安全生产管理体系) with its review, the
//! completeness score, and commitment notice periods.

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::validate::{FieldError, Validator, is_credit_code, is_phone};

/// 经营状态.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BusinessStatus {
    Operating,
    Suspended,
    Cancelled,
}

impl BusinessStatus {
    pub const ALL: [BusinessStatus; 3] = [
        BusinessStatus::Operating,
        BusinessStatus::Suspended,
        BusinessStatus::Cancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            BusinessStatus::Operating => "operating",
            BusinessStatus::Suspended => "suspended",
            BusinessStatus::Cancelled => "cancelled",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            BusinessStatus::Operating => "在营",
            BusinessStatus::Suspended => "停业",
            BusinessStatus::Cancelled => "注销",
        }
    }

    pub fn from_code(s: &str) -> Option<BusinessStatus> {
        Self::ALL.into_iter().find(|b| b.code() == s)
    }

    pub fn from_label(s: &str) -> Option<BusinessStatus> {
        Self::ALL.into_iter().find(|b| b.label() == s.trim())
    }
}

/// The industry categories anzhi starts with (an admin-editable dictionary).
pub const DEFAULT_CATEGORIES: [&str; 11] = [
    "大型商业综合体/商场",
    "超市",
    "批发市场",
    "农贸市场",
    "餐饮",
    "住宿",
    "成品油零售",
    "会展场馆",
    "再生资源回收",
    "汽车销售",
    "其他",
];

/// An enterprise's registry fields, as a form or an import row gives them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnterpriseInput {
    /// 企业名称
    pub name: String,
    /// 统一社会信用代码 (GB 32100-2015)
    pub credit_code: String,
    /// 所属区 (a district bureau)
    pub district_id: Option<Uuid>,
    /// 行业类别
    pub category_id: Option<Uuid>,
    /// 重点企业
    #[serde(default)]
    pub is_key: bool,
    /// 详细地址
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub longitude: Option<f64>,
    #[serde(default)]
    pub latitude: Option<f64>,
    /// 法定代表人
    #[serde(default)]
    pub legal_rep: Option<String>,
    /// 主要负责人
    #[serde(default)]
    pub principal: Option<String>,
    #[serde(default)]
    pub principal_phone: Option<String>,
    /// 安全管理人员
    #[serde(default)]
    pub safety_manager: Option<String>,
    #[serde(default)]
    pub safety_manager_phone: Option<String>,
    /// 从业人员数
    #[serde(default)]
    pub employees: Option<i64>,
    /// 营业面积（平方米）
    #[serde(default)]
    pub floor_area: Option<f64>,
    /// operating / suspended / cancelled (default operating)
    #[serde(default)]
    pub status: Option<BusinessStatus>,
}

/// The Chinese label of each field (for messages and import columns).
pub fn field_label(field: &str) -> &'static str {
    match field {
        "name" => "企业名称",
        "credit_code" => "统一社会信用代码",
        "district_id" => "所属区",
        "category_id" => "行业类别",
        "is_key" => "重点企业",
        "address" => "详细地址",
        "longitude" => "经度",
        "latitude" => "纬度",
        "legal_rep" => "法定代表人",
        "principal" => "主要负责人",
        "principal_phone" => "主要负责人电话",
        "safety_manager" => "安全管理人员",
        "safety_manager_phone" => "安全管理人员电话",
        "employees" => "从业人员数",
        "floor_area" => "营业面积（平方米）",
        "status" => "经营状态",
        _ => "",
    }
}

/// Checks and normalises an enterprise record; every problem names its field.
pub fn check(input: &EnterpriseInput) -> Result<EnterpriseInput, Vec<FieldError>> {
    let mut v = Validator::new();
    let name = v.text("name", "企业名称", &input.name, 2, 100);
    let code = input.credit_code.trim().to_ascii_uppercase();
    if code.is_empty() {
        v.error("credit_code", "required", "统一社会信用代码不能为空");
    } else if !is_credit_code(&code) {
        v.error(
            "credit_code",
            "invalid",
            "统一社会信用代码无效（应为18位，校验位须符合GB 32100-2015）",
        );
    }
    if input.district_id.is_none() {
        v.error("district_id", "required", "请选择所属区");
    }
    if input.category_id.is_none() {
        v.error("category_id", "required", "请选择行业类别");
    }
    let address = v.optional_text("address", "详细地址", input.address.as_deref(), 200);
    let legal_rep = v.optional_text("legal_rep", "法定代表人", input.legal_rep.as_deref(), 50);
    let principal = v.optional_text("principal", "主要负责人", input.principal.as_deref(), 50);
    let safety_manager = v.optional_text(
        "safety_manager",
        "安全管理人员",
        input.safety_manager.as_deref(),
        50,
    );
    let mut phone = |field: &str, value: &Option<String>| -> Option<String> {
        let p: String = value
            .as_deref()
            .unwrap_or("")
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if p.is_empty() {
            return None;
        }
        if !is_phone(&p) {
            v.error(
                field,
                "invalid",
                format!(
                    "{}格式不正确（手机号11位，或区号-号码如0898-66668888）",
                    field_label(field)
                ),
            );
        }
        Some(p)
    };
    let principal_phone = phone("principal_phone", &input.principal_phone);
    let safety_manager_phone = phone("safety_manager_phone", &input.safety_manager_phone);
    if let Some(lng) = input.longitude
        && !(73.0..=136.0).contains(&lng)
    {
        v.error(
            "longitude",
            "out_of_range",
            "经度应在73到136之间（中国境内）",
        );
    }
    if let Some(lat) = input.latitude
        && !(3.0..=54.0).contains(&lat)
    {
        v.error("latitude", "out_of_range", "纬度应在3到54之间（中国境内）");
    }
    if input.longitude.is_some() != input.latitude.is_some() {
        v.error("latitude", "incomplete", "经度和纬度须同时填写");
    }
    if let Some(n) = input.employees {
        v.range("employees", "从业人员数", n, 0, 1_000_000);
    }
    if let Some(a) = input.floor_area
        && !(0.0..=10_000_000.0).contains(&a)
    {
        v.error(
            "floor_area",
            "out_of_range",
            "营业面积应在0到10000000平方米之间",
        );
    }
    v.into_result()?;
    Ok(EnterpriseInput {
        name,
        credit_code: code,
        district_id: input.district_id,
        category_id: input.category_id,
        is_key: input.is_key,
        address,
        longitude: input.longitude,
        latitude: input.latitude,
        legal_rep,
        principal,
        principal_phone,
        safety_manager,
        safety_manager_phone,
        employees: input.employees,
        floor_area: input.floor_area,
        status: Some(input.status.unwrap_or(BusinessStatus::Operating)),
    })
}

/// The distinct character bigrams of a name (the search index of enterprise names).
pub fn bigrams(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().filter(|c| !c.is_whitespace()).collect();
    let mut out: Vec<String> = chars.windows(2).map(|w| w.iter().collect()).collect();
    out.sort();
    out.dedup();
    out
}

/// The columns of the import template, in order: (field, header, required).
pub const IMPORT_COLUMNS: [(&str, &str, bool); 16] = [
    ("name", "企业名称", true),
    ("credit_code", "统一社会信用代码", true),
    ("district_id", "所属区", true),
    ("category_id", "行业类别", true),
    ("is_key", "重点企业", false),
    ("status", "经营状态", false),
    ("address", "详细地址", false),
    ("longitude", "经度", false),
    ("latitude", "纬度", false),
    ("legal_rep", "法定代表人", false),
    ("principal", "主要负责人", false),
    ("principal_phone", "主要负责人电话", false),
    ("safety_manager", "安全管理人员", false),
    ("safety_manager_phone", "安全管理人员电话", false),
    ("employees", "从业人员数", false),
    ("floor_area", "营业面积（平方米）", false),
];

/// A problem of an import row, by row (as Excel numbers it) and column header.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct CellProblem {
    pub row: u32,
    pub column: String,
    pub field: String,
    pub message: String,
}

/// Reads one import row (cells in [`IMPORT_COLUMNS`] order, as text) into a checked
/// record. District and category names are looked up by the caller's functions.
pub fn read_row(
    row: u32,
    cells: &[String],
    district: &dyn Fn(&str) -> Option<Uuid>,
    category: &dyn Fn(&str) -> Option<Uuid>,
) -> Result<EnterpriseInput, Vec<CellProblem>> {
    let cell = |i: usize| cells.get(i).map(|s| s.trim()).unwrap_or("");
    // (field, message), turned into cell problems at the end.
    let mut found: Vec<(String, String)> = Vec::new();
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let mut input = EnterpriseInput {
        name: cell(0).to_string(),
        credit_code: cell(1).to_string(),
        address: opt(cell(6)),
        legal_rep: opt(cell(9)),
        principal: opt(cell(10)),
        principal_phone: opt(cell(11)),
        safety_manager: opt(cell(12)),
        safety_manager_phone: opt(cell(13)),
        ..Default::default()
    };
    if !cell(2).is_empty() {
        input.district_id = district(cell(2));
        if input.district_id.is_none() {
            found.push((
                "district_id".into(),
                format!("所属区“{}”不存在（见“允许值”工作表）", cell(2)),
            ));
        }
    }
    if !cell(3).is_empty() {
        input.category_id = category(cell(3));
        if input.category_id.is_none() {
            found.push((
                "category_id".into(),
                format!("行业类别“{}”不存在（见“允许值”工作表）", cell(3)),
            ));
        }
    }
    match cell(4) {
        "" | "否" | "N" | "n" | "0" => {}
        "是" | "Y" | "y" | "1" => input.is_key = true,
        other => found.push((
            "is_key".into(),
            format!("重点企业应填“是”或“否”，而不是“{other}”"),
        )),
    }
    match cell(5) {
        "" => {}
        s => match BusinessStatus::from_label(s) {
            Some(b) => input.status = Some(b),
            None => found.push((
                "status".into(),
                format!("经营状态应为在营、停业或注销，而不是“{s}”"),
            )),
        },
    }
    let number = |i: usize, field: &str, found: &mut Vec<(String, String)>| -> Option<f64> {
        let s = cell(i).replace([',', '，'], "");
        if s.is_empty() {
            return None;
        }
        match s.parse::<f64>() {
            Ok(n) if n.is_finite() => Some(n),
            _ => {
                found.push((
                    field.into(),
                    format!("{}应为数字，而不是“{}”", field_label(field), cell(i)),
                ));
                None
            }
        }
    };
    input.longitude = number(7, "longitude", &mut found);
    input.latitude = number(8, "latitude", &mut found);
    match number(14, "employees", &mut found) {
        Some(n) if n.fract() == 0.0 => input.employees = Some(n as i64),
        Some(_) => found.push(("employees".into(), "从业人员数应为整数".into())),
        None => {}
    }
    input.floor_area = number(15, "floor_area", &mut found);
    let checked = check(&input);
    if let Err(errors) = &checked {
        // Fields already reported (unknown names, bad numbers) are not reported twice.
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
            column: IMPORT_COLUMNS
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

/// The parts of an enterprise's safety management system (安全生产管理体系).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProfileItem {
    /// 全员安全生产责任制
    Responsibility,
    /// 安全生产管理制度
    Rules,
    /// 安全管理机构和人员
    Team,
    /// 安全生产标准化
    Standardization,
    /// 安全风险管控和主动报告制度
    RiskReporting,
    /// 年度安全承诺
    Commitment,
}

impl ProfileItem {
    pub const ALL: [ProfileItem; 6] = [
        ProfileItem::Responsibility,
        ProfileItem::Rules,
        ProfileItem::Team,
        ProfileItem::Standardization,
        ProfileItem::RiskReporting,
        ProfileItem::Commitment,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ProfileItem::Responsibility => "responsibility",
            ProfileItem::Rules => "rules",
            ProfileItem::Team => "team",
            ProfileItem::Standardization => "standardization",
            ProfileItem::RiskReporting => "risk_reporting",
            ProfileItem::Commitment => "commitment",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ProfileItem::Responsibility => "全员安全生产责任制",
            ProfileItem::Rules => "安全生产管理制度",
            ProfileItem::Team => "安全管理机构和人员",
            ProfileItem::Standardization => "安全生产标准化",
            ProfileItem::RiskReporting => "安全风险管控和主动报告制度",
            ProfileItem::Commitment => "年度安全承诺",
        }
    }

    pub fn from_code(s: &str) -> Option<ProfileItem> {
        Self::ALL.into_iter().find(|i| i.code() == s)
    }
}

/// Where a profile item stands in the district's review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    /// 未填报 (no record yet)
    Missing,
    /// 待提交
    Draft,
    /// 待审核
    Submitted,
    /// 已通过
    Approved,
    /// 已退回
    Returned,
}

/// A step of the review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewAction {
    /// The enterprise saves the item (any state: a change needs a new review).
    Edit,
    Submit,
    Approve,
    Return,
}

impl ReviewState {
    pub fn code(self) -> &'static str {
        match self {
            ReviewState::Missing => "missing",
            ReviewState::Draft => "draft",
            ReviewState::Submitted => "submitted",
            ReviewState::Approved => "approved",
            ReviewState::Returned => "returned",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ReviewState::Missing => "未填报",
            ReviewState::Draft => "待提交",
            ReviewState::Submitted => "待审核",
            ReviewState::Approved => "已通过",
            ReviewState::Returned => "已退回",
        }
    }

    pub fn from_code(s: &str) -> Option<ReviewState> {
        [
            ReviewState::Missing,
            ReviewState::Draft,
            ReviewState::Submitted,
            ReviewState::Approved,
            ReviewState::Returned,
        ]
        .into_iter()
        .find(|r| r.code() == s)
    }

    /// The next state, or why the step is not allowed now.
    pub fn apply(self, a: ReviewAction) -> Result<ReviewState, &'static str> {
        use ReviewAction::*;
        use ReviewState::*;
        match (self, a) {
            (Submitted, Edit) => Err("已提交审核，审核完成前不能修改"),
            (_, Edit) => Ok(Draft),
            (Draft | Returned, Submit) => Ok(Submitted),
            (Missing, Submit) => Err("请先填写再提交"),
            (Submitted, Submit) => Err("已提交，请等待审核"),
            (Approved, Submit) => Err("已审核通过，无需再次提交"),
            (Submitted, Approve) => Ok(Approved),
            (Submitted, Return) => Ok(Returned),
            (_, Approve | Return) => Err("只有待审核的内容可以审核"),
        }
    }
}

/// How complete an enterprise's profile is.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Completeness {
    /// 0–100: the share of items approved.
    pub score: u32,
    /// Items filled in (any state but missing).
    pub filled: u32,
    pub approved: u32,
    pub total: u32,
    /// Items not yet approved, in the profile's order.
    pub missing: Vec<ProfileItem>,
}

pub fn completeness(states: &[(ProfileItem, ReviewState)]) -> Completeness {
    let state_of = |i: ProfileItem| {
        states
            .iter()
            .find(|(x, _)| *x == i)
            .map(|(_, s)| *s)
            .unwrap_or(ReviewState::Missing)
    };
    let total = ProfileItem::ALL.len() as u32;
    let approved = ProfileItem::ALL
        .iter()
        .filter(|i| state_of(**i) == ReviewState::Approved)
        .count() as u32;
    let filled = ProfileItem::ALL
        .iter()
        .filter(|i| state_of(**i) != ReviewState::Missing)
        .count() as u32;
    Completeness {
        score: (approved * 100 + total / 2) / total,
        filled,
        approved,
        total,
        missing: ProfileItem::ALL
            .into_iter()
            .filter(|i| state_of(*i) != ReviewState::Approved)
            .collect(),
    }
}

/// 安全生产标准化 grades.
pub const STANDARD_GRADES: [&str; 4] = ["一级", "二级", "三级", "小微"];

/// How often an enterprise of a category posts a commitment notice (承诺公告).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NoticePeriod {
    Daily,
    Weekly,
    Monthly,
}

impl NoticePeriod {
    pub fn code(self) -> &'static str {
        match self {
            NoticePeriod::Daily => "daily",
            NoticePeriod::Weekly => "weekly",
            NoticePeriod::Monthly => "monthly",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            NoticePeriod::Daily => "每日",
            NoticePeriod::Weekly => "每周",
            NoticePeriod::Monthly => "每月",
        }
    }

    pub fn from_code(s: &str) -> Option<NoticePeriod> {
        [
            NoticePeriod::Daily,
            NoticePeriod::Weekly,
            NoticePeriod::Monthly,
        ]
        .into_iter()
        .find(|p| p.code() == s)
    }

    /// The period containing `day`: its first day and its label (`2021年3月8日`,
    /// `2021年第10周（3月8日—3月14日）`, `2021年3月`). Weeks start on Monday.
    pub fn period_of(self, day: NaiveDate) -> (NaiveDate, String) {
        match self {
            NoticePeriod::Daily => (
                day,
                format!("{}年{}月{}日", day.year(), day.month(), day.day()),
            ),
            NoticePeriod::Weekly => {
                let start = day - Duration::days(day.weekday().num_days_from_monday().into());
                let end = start + Duration::days(6);
                let iso = start.iso_week();
                (
                    start,
                    format!(
                        "{}年第{}周（{}月{}日—{}月{}日）",
                        iso.year(),
                        iso.week(),
                        start.month(),
                        start.day(),
                        end.month(),
                        end.day()
                    ),
                )
            }
            NoticePeriod::Monthly => {
                let start = day.with_day(1).unwrap_or(day);
                (start, format!("{}年{}月", day.year(), day.month()))
            }
        }
    }
}

/// The default text of an in-app annual commitment (安全承诺书), which the principal
/// responsible person confirms; the text confirmed is kept as it was.
pub fn default_commitment_text(enterprise: &str, year: i32) -> String {
    format!(
        "{enterprise}{year}年度安全生产承诺书\n\
         本单位主要负责人作为安全生产第一责任人，郑重承诺：\n\
         一、严格遵守《中华人民共和国安全生产法》等法律法规，落实企业安全生产主体责任；\n\
         二、建立健全并落实全员安全生产责任制和安全生产规章制度，配齐安全管理人员；\n\
         三、定期开展安全风险辨识评估和隐患排查治理，做到自查自改自报；\n\
         四、保障安全生产投入，组织全员安全教育培训和应急演练；\n\
         五、主动接受行业主管部门监督检查，对发现的问题按期整改到位。"
    )
}

/// The fields of each profile item, as the enterprise fills them in.
pub mod item {
    use chrono::NaiveDate;
    use serde::{Deserialize, Serialize};

    use super::ProfileItem;
    use crate::validate::{FieldError, Validator, is_phone};

    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Responsibility {
        /// 印发（批准）日期
        pub approved_on: Option<NaiveDate>,
        /// 覆盖岗位数 / 岗位总数
        pub posts_covered: Option<i64>,
        pub posts_total: Option<i64>,
        pub note: Option<String>,
    }

    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Rule {
        pub name: String,
        pub issued_on: Option<NaiveDate>,
    }

    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Rules {
        pub rules: Vec<Rule>,
    }

    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Member {
        pub name: String,
        /// 岗位（职务）
        pub post: String,
        /// 证书（名称及编号）
        pub certificate: Option<String>,
        pub phone: Option<String>,
    }

    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Team {
        /// 安全管理机构名称
        pub institution: Option<String>,
        pub members: Vec<Member>,
    }

    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Standardization {
        /// none（未开展） / in_progress（创建中） / certified（已达标）
        pub status: String,
        /// 一级 / 二级 / 三级 / 小微
        pub grade: Option<String>,
        pub certificate_no: Option<String>,
        pub expires_on: Option<NaiveDate>,
    }

    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
    #[serde(deny_unknown_fields)]
    pub struct RiskReporting {
        /// 已建立安全风险管控和主动报告制度
        pub present: bool,
        pub note: Option<String>,
    }

    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Commitment {
        pub year: i32,
        /// upload（上传签字承诺书） / in_app（在线承诺，由主要负责人确认）
        pub mode: String,
        /// The text committed to (in_app), kept as confirmed.
        pub text: Option<String>,
        /// Set by anzhi when the principal confirms an in-app commitment.
        pub confirmed_by: Option<String>,
        pub confirmed_at: Option<chrono::DateTime<chrono::Utc>>,
    }

    fn fields<T: for<'de> Deserialize<'de>>(v: &serde_json::Value) -> Result<T, Vec<FieldError>> {
        serde_json::from_value(v.clone()).map_err(|e| {
            vec![FieldError::new(
                "data",
                "invalid",
                format!("填写内容格式不正确：{e}"),
            )]
        })
    }

    /// Checks an item's fields when saved; answers them normalised.
    pub fn check(
        item: ProfileItem,
        data: &serde_json::Value,
    ) -> Result<serde_json::Value, Vec<FieldError>> {
        let mut v = Validator::new();
        let out = match item {
            ProfileItem::Responsibility => {
                let mut d: Responsibility = fields(data)?;
                if let (Some(c), Some(t)) = (d.posts_covered, d.posts_total)
                    && c > t
                {
                    v.error(
                        "data.posts_covered",
                        "invalid",
                        "覆盖岗位数不能大于岗位总数",
                    );
                }
                for (f, n) in [
                    ("data.posts_covered", d.posts_covered),
                    ("data.posts_total", d.posts_total),
                ] {
                    if let Some(n) = n {
                        v.range(f, "岗位数", n, 0, 100_000);
                    }
                }
                d.note = v.optional_text("data.note", "说明", d.note.as_deref(), 1000);
                serde_json::to_value(d)
            }
            ProfileItem::Rules => {
                let mut d: Rules = fields(data)?;
                if d.rules.len() > 200 {
                    v.error("data.rules", "too_many", "制度最多200项");
                }
                for (i, r) in d.rules.iter_mut().enumerate() {
                    r.name = v.text(
                        &format!("data.rules[{i}].name"),
                        &format!("第{}项制度名称", i + 1),
                        &r.name,
                        1,
                        100,
                    );
                }
                serde_json::to_value(d)
            }
            ProfileItem::Team => {
                let mut d: Team = fields(data)?;
                d.institution = v.optional_text(
                    "data.institution",
                    "安全管理机构名称",
                    d.institution.as_deref(),
                    100,
                );
                if d.members.len() > 500 {
                    v.error("data.members", "too_many", "人员最多500人");
                }
                for (i, m) in d.members.iter_mut().enumerate() {
                    m.name = v.text(
                        &format!("data.members[{i}].name"),
                        &format!("第{}位人员姓名", i + 1),
                        &m.name,
                        1,
                        50,
                    );
                    m.post = v.text(
                        &format!("data.members[{i}].post"),
                        &format!("第{}位人员岗位", i + 1),
                        &m.post,
                        1,
                        50,
                    );
                    m.certificate = v.optional_text(
                        &format!("data.members[{i}].certificate"),
                        "证书",
                        m.certificate.as_deref(),
                        100,
                    );
                    m.phone = m
                        .phone
                        .as_deref()
                        .map(|p| p.chars().filter(|c| !c.is_whitespace()).collect::<String>())
                        .filter(|p| !p.is_empty());
                    if let Some(p) = &m.phone
                        && !is_phone(p)
                    {
                        v.error(
                            &format!("data.members[{i}].phone"),
                            "invalid",
                            format!("第{}位人员的联系电话格式不正确", i + 1),
                        );
                    }
                }
                serde_json::to_value(d)
            }
            ProfileItem::Standardization => {
                let mut d: Standardization = fields(data)?;
                if !matches!(d.status.as_str(), "none" | "in_progress" | "certified") {
                    v.error(
                        "data.status",
                        "invalid",
                        "请选择标准化建设状态（未开展、创建中、已达标）",
                    );
                }
                if let Some(g) = d.grade.as_deref().filter(|g| !g.is_empty())
                    && !super::STANDARD_GRADES.contains(&g)
                {
                    v.error(
                        "data.grade",
                        "invalid",
                        "达标等级应为一级、二级、三级或小微",
                    );
                }
                if d.status == "certified" {
                    if d.grade.as_deref().unwrap_or("").is_empty() {
                        v.error("data.grade", "required", "已达标的请选择达标等级");
                    }
                    if d.expires_on.is_none() {
                        v.error("data.expires_on", "required", "已达标的请填写证书有效期");
                    }
                }
                d.certificate_no = v.optional_text(
                    "data.certificate_no",
                    "证书编号",
                    d.certificate_no.as_deref(),
                    100,
                );
                serde_json::to_value(d)
            }
            ProfileItem::RiskReporting => {
                let mut d: RiskReporting = fields(data)?;
                d.note = v.optional_text("data.note", "说明", d.note.as_deref(), 1000);
                serde_json::to_value(d)
            }
            ProfileItem::Commitment => {
                let mut d: Commitment = fields(data)?;
                v.range("data.year", "承诺年度", d.year.into(), 2000, 2100);
                if !matches!(d.mode.as_str(), "upload" | "in_app") {
                    v.error(
                        "data.mode",
                        "invalid",
                        "请选择承诺方式（上传签字承诺书或在线承诺）",
                    );
                }
                d.text = v.optional_text("data.text", "承诺内容", d.text.as_deref(), 5000);
                serde_json::to_value(d)
            }
        };
        v.into_result()?;
        out.map_err(|e| vec![FieldError::new("data", "invalid", e.to_string())])
    }

    /// Why an item may not be submitted for review yet (None: it may).
    pub fn missing_for_submit(
        item: ProfileItem,
        data: &serde_json::Value,
        files: usize,
    ) -> Option<&'static str> {
        let get = |k: &str| data.get(k).cloned().unwrap_or(serde_json::Value::Null);
        match item {
            ProfileItem::Responsibility => {
                if get("approved_on").is_null() {
                    Some("请填写责任制印发日期")
                } else if files == 0 {
                    Some("请上传全员安全生产责任制文件")
                } else {
                    None
                }
            }
            ProfileItem::Rules => {
                if get("rules").as_array().is_none_or(|r| r.is_empty()) {
                    Some("请至少登记一项安全生产管理制度")
                } else if files == 0 {
                    Some("请上传制度文件")
                } else {
                    None
                }
            }
            ProfileItem::Team => get("members")
                .as_array()
                .is_none_or(|m| m.is_empty())
                .then_some("请至少登记一名安全管理人员"),
            ProfileItem::Standardization => match get("status").as_str() {
                Some("certified") if files == 0 => Some("请上传安全生产标准化证书"),
                Some("certified") | Some("in_progress") => None,
                _ => Some("尚未开展安全生产标准化建设，无需提交审核"),
            },
            ProfileItem::RiskReporting => {
                if get("present") != serde_json::Value::Bool(true) {
                    Some("尚未建立安全风险管控和主动报告制度")
                } else if files == 0 {
                    Some("请上传制度文件")
                } else {
                    None
                }
            }
            ProfileItem::Commitment => match get("mode").as_str() {
                Some("upload") if files == 0 => Some("请上传主要负责人签字的安全承诺书"),
                Some("in_app") if get("confirmed_by").is_null() => {
                    Some("在线承诺须由主要负责人确认")
                }
                _ => None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODE: &str = "91460100MA5T5XAL80";

    fn valid() -> EnterpriseInput {
        EnterpriseInput {
            name: "海口万达广场".into(),
            credit_code: CODE.into(),
            district_id: Some(Uuid::nil()),
            category_id: Some(Uuid::nil()),
            ..Default::default()
        }
    }

    #[test]
    fn a_valid_record_is_normalised() {
        let mut i = valid();
        i.credit_code = i.credit_code.to_lowercase();
        i.principal_phone = Some(" 138 0000 1234 ".into());
        let c = check(&i).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(c.credit_code, CODE);
        assert_eq!(c.principal_phone.as_deref(), Some("13800001234"));
        assert_eq!(c.status, Some(BusinessStatus::Operating));
    }

    #[test]
    fn every_problem_names_its_field() {
        let i = EnterpriseInput {
            name: " ".into(),
            credit_code: "91460100MA5T5XAL8X".into(), // wrong check character
            principal_phone: Some("12345".into()),
            longitude: Some(200.0),
            employees: Some(-1),
            ..Default::default()
        };
        let errors = check(&i).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        for f in [
            "name",
            "credit_code",
            "district_id",
            "category_id",
            "principal_phone",
            "longitude",
            "latitude",
            "employees",
        ] {
            assert!(fields.contains(&f), "{f} missing in {fields:?}");
        }
        assert!(errors.iter().all(|e| !e.message.is_empty()));
        assert!(errors.iter().any(|e| e.message.contains("GB 32100")));
    }

    fn cells(v: &[&str]) -> Vec<String> {
        let mut out: Vec<String> = v.iter().map(|s| s.to_string()).collect();
        out.resize(IMPORT_COLUMNS.len(), String::new());
        out
    }

    fn lookups() -> (impl Fn(&str) -> Option<Uuid>, impl Fn(&str) -> Option<Uuid>) {
        (
            |s: &str| (s == "秀英区商务局" || s == "秀英区").then(Uuid::nil),
            |s: &str| (s == "超市").then(Uuid::max),
        )
    }

    #[test]
    fn an_import_row_reads_with_labels() {
        let (d, c) = lookups();
        let r = read_row(
            2,
            &cells(&[
                "旺佳旺超市",
                CODE,
                "秀英区",
                "超市",
                "是",
                "停业",
                "海口市秀英区",
                "110.28",
                "20.02",
                "张三",
                "李四",
                "13800001234",
                "",
                "",
                "1,200",
                "3500.5",
            ]),
            &d,
            &c,
        )
        .unwrap();
        assert!(r.is_key);
        assert_eq!(r.status, Some(BusinessStatus::Suspended));
        assert_eq!(r.category_id, Some(Uuid::max()));
        assert_eq!(r.employees, Some(1200));
        assert_eq!(r.floor_area, Some(3500.5));
    }

    #[test]
    fn an_import_row_reports_each_cell_once() {
        let (d, c) = lookups();
        let p = read_row(
            7,
            &cells(&[
                "旺佳旺超市",
                "123",
                "龙华",
                "菜场",
                "也许",
                "",
                "",
                "东经",
                "",
                "",
                "",
                "1380000",
            ]),
            &d,
            &c,
        )
        .unwrap_err();
        let cols: Vec<&str> = p.iter().map(|x| x.column.as_str()).collect();
        assert_eq!(
            cols,
            vec![
                "所属区",
                "行业类别",
                "重点企业",
                "经度",
                "统一社会信用代码",
                "主要负责人电话"
            ],
            "{p:?}"
        );
        assert!(p.iter().all(|x| x.row == 7));
        assert!(p[0].message.contains("龙华"));
    }

    #[test]
    fn review_steps() {
        use ReviewAction::*;
        use ReviewState::*;
        assert_eq!(Missing.apply(Edit), Ok(Draft));
        assert_eq!(Draft.apply(Submit), Ok(Submitted));
        assert_eq!(Submitted.apply(Approve), Ok(Approved));
        assert_eq!(Submitted.apply(Return), Ok(Returned));
        assert_eq!(Returned.apply(Edit), Ok(Draft));
        assert_eq!(Returned.apply(Submit), Ok(Submitted));
        assert_eq!(
            Approved.apply(Edit),
            Ok(Draft),
            "a change needs a new review"
        );
        assert!(Submitted.apply(Edit).is_err());
        assert!(Missing.apply(Submit).is_err());
        for s in [Missing, Draft, Approved, Returned] {
            assert!(s.apply(Approve).is_err());
            assert!(s.apply(Return).is_err());
        }
    }

    #[test]
    fn completeness_counts_approved_items() {
        let c = completeness(&[]);
        assert_eq!((c.score, c.filled, c.approved, c.total), (0, 0, 0, 6));
        assert_eq!(c.missing.len(), 6);
        let c = completeness(&[
            (ProfileItem::Responsibility, ReviewState::Approved),
            (ProfileItem::Rules, ReviewState::Approved),
            (ProfileItem::Team, ReviewState::Submitted),
        ]);
        assert_eq!((c.score, c.filled, c.approved), (33, 3, 2));
        assert_eq!(c.missing[0], ProfileItem::Team);
        let all: Vec<_> = ProfileItem::ALL
            .into_iter()
            .map(|i| (i, ReviewState::Approved))
            .collect();
        assert_eq!(completeness(&all).score, 100);
    }

    #[test]
    fn item_fields_are_checked() {
        use serde_json::json;
        let e = item::check(
            ProfileItem::Team,
            &json!({"members": [{"name": "", "post": "安全员", "phone": "123"}]}),
        )
        .unwrap_err();
        let f: Vec<&str> = e.iter().map(|x| x.field.as_str()).collect();
        assert_eq!(f, vec!["data.members[0].name", "data.members[0].phone"]);
        let e = item::check(
            ProfileItem::Standardization,
            &json!({"status": "certified"}),
        )
        .unwrap_err();
        assert_eq!(e.len(), 2);
        assert!(item::check(ProfileItem::Rules, &json!({"rules": [], "extra": 1})).is_err());
        let ok = item::check(
            ProfileItem::Commitment,
            &json!({"year": 2021, "mode": "upload"}),
        )
        .unwrap();
        assert_eq!(
            item::missing_for_submit(ProfileItem::Commitment, &ok, 0),
            Some("请上传主要负责人签字的安全承诺书")
        );
        assert_eq!(
            item::missing_for_submit(ProfileItem::Commitment, &ok, 1),
            None
        );
        let t = item::check(
            ProfileItem::Team,
            &json!({"members": [{"name": "王五", "post": "安全员"}]}),
        )
        .unwrap();
        assert_eq!(item::missing_for_submit(ProfileItem::Team, &t, 0), None);
        let s = item::check(ProfileItem::Standardization, &json!({"status": "none"})).unwrap();
        assert!(item::missing_for_submit(ProfileItem::Standardization, &s, 3).is_some());
    }

    proptest::proptest! {
        /// Any cells: a checked record or problems that name a column, never a panic.
        #[test]
        fn import_rows_never_panic(cells in proptest::collection::vec(".{0,40}", 0..20), row in 2u32..100_000) {
            let (d, c) = lookups();
            match read_row(row, &cells, &d, &c) {
                Ok(r) => {
                    proptest::prop_assert!(crate::validate::is_credit_code(&r.credit_code));
                    proptest::prop_assert!(r.district_id.is_some() && r.category_id.is_some());
                }
                Err(p) => {
                    proptest::prop_assert!(!p.is_empty());
                    proptest::prop_assert!(p.iter().all(|x| x.row == row && !x.column.is_empty() && !x.message.is_empty()));
                }
            }
        }
    }

    #[test]
    fn bigrams_of_names() {
        assert_eq!(bigrams("椰风海韵"), vec!["椰风", "海韵", "风海"]);
        assert_eq!(bigrams("超市 超市"), vec!["市超", "超市"]);
        assert!(bigrams("店").is_empty());
    }

    #[test]
    fn notice_periods() {
        let d = NaiveDate::from_ymd_opt(2021, 3, 10).unwrap();
        assert_eq!(NoticePeriod::Daily.period_of(d).1, "2021年3月10日");
        let (s, l) = NoticePeriod::Weekly.period_of(d);
        assert_eq!(s, NaiveDate::from_ymd_opt(2021, 3, 8).unwrap());
        assert_eq!(l, "2021年第10周（3月8日—3月14日）");
        let (s, l) = NoticePeriod::Monthly.period_of(d);
        assert_eq!(s, NaiveDate::from_ymd_opt(2021, 3, 1).unwrap());
        assert_eq!(l, "2021年3月");
    }
}
