//! Holding units to account (通报约谈、函送执法、典型做法、标杆企业): the vocabulary and
//! the rules behind `/api/referrals`, `/api/practices`, `/api/benchmarks`,
//! `/api/meetings`, `/api/interviews` and `/api/bulletins`.
//!
//! - Enforcement referrals (函送执法): 草稿 → 已函送 → 已接收 → 办理中 → 已反馈结果, or
//!   已撤回 from 草稿 or 已函送 ([`referral_next`]); numbered 海商函〔year〕N号
//!   ([`referral_number`]); followed up (跟踪问效) every [`FOLLOW_UP_DAYS`] days after the
//!   last event ([`follow_up_slot`]); the letter's fields checked by [`check_referral`].
//! - Good practices (典型做法, [`practice_next`]), benchmark enterprises (标杆企业,
//!   [`benchmark_next`]), meetings, interviews and exposure, bulletins
//!   ([`bulletin_next`]).
//! - Bulletins (通报) drafted from the facts of a period: [`bulletin_title`] and
//!   [`compose_bulletin`], in the prose and numbering officials use.
//!
//! Plan basis: 海口市商贸行业安全生产专项整治三年行动第二年推进工作方案, 二(三) (函送执法部门并做好
//! 跟踪问效), 三(一) (专班会议), 三(五) (典型做法), 四(一) (通报、座谈会、约谈、曝光).

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::validate::{FieldError, Validator, is_phone};

/// An enum with a stable snake_case code (its serde name) and a Chinese label:
/// `ALL`, `code()`, `label()`, `from_code()`.
macro_rules! coded_enum {
    (
        $(#[$m:meta])*
        $name:ident { $($v:ident => $code:literal, $label:literal;)+ }
    ) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
        pub enum $name {
            $(
                #[doc = $label]
                #[serde(rename = $code)]
                $v,
            )+
        }

        impl $name {
            pub const ALL: [$name; [$(stringify!($v)),+].len()] = [$($name::$v),+];

            pub fn code(self) -> &'static str {
                match self {
                    $($name::$v => $code,)+
                }
            }

            pub fn label(self) -> &'static str {
                match self {
                    $($name::$v => $label,)+
                }
            }

            pub fn from_code(s: &str) -> Option<$name> {
                $name::ALL.into_iter().find(|x| x.code() == s)
            }
        }
    };
}
pub(crate) use coded_enum;

// ------------------------------------------------------------------ referrals

coded_enum! {
    /// Where a referral (函送执法) stands.
    ReferralState {
        Draft => "draft", "草稿";
        Sent => "sent", "已函送";
        Received => "received", "已接收";
        Acting => "acting", "办理中";
        Concluded => "concluded", "已反馈结果";
        Withdrawn => "withdrawn", "已撤回";
    }
}

impl ReferralState {
    /// Still waiting for the agency's result: the states followed up (跟踪问效).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            ReferralState::Sent | ReferralState::Received | ReferralState::Acting
        )
    }
}

coded_enum! {
    /// A step on a referral; each appends an event.
    ReferralAction {
        Send => "send", "函送";
        Receive => "receive", "接收";
        Act => "act", "办理";
        Conclude => "conclude", "反馈结果";
        FollowUp => "follow_up", "跟踪问效";
        Withdraw => "withdraw", "撤回";
    }
}

coded_enum! {
    /// Where the violation came to light.
    ReferralSource {
        Manual => "manual", "日常监管";
        Hazard => "hazard", "隐患";
        Inspection => "inspection", "督导检查";
    }
}

/// The state after `action`, or `None` when the state does not allow it (HTTP 409).
/// Who may take the step (referral.write or referral.handle) is the handler's check.
pub fn referral_next(state: ReferralState, action: ReferralAction) -> Option<ReferralState> {
    use ReferralAction as A;
    use ReferralState as S;
    match (state, action) {
        (S::Draft, A::Send) => Some(S::Sent),
        (S::Sent, A::Receive) => Some(S::Received),
        (S::Received | S::Acting, A::Act) => Some(S::Acting),
        (S::Received | S::Acting, A::Conclude) => Some(S::Concluded),
        (S::Sent | S::Received | S::Acting, A::FollowUp) => Some(state),
        (S::Draft | S::Sent, A::Withdraw) => Some(S::Withdrawn),
        _ => None,
    }
}

/// Why `action` is refused in `state`, in Chinese (for the 409 detail).
pub fn referral_refusal(state: ReferralState, action: ReferralAction) -> String {
    format!("函送处于“{}”状态，不能{}", state.label(), action.label())
}

/// The letter number: `海商函〔2026〕3号`.
pub fn referral_number(year: i32, seq: u32) -> String {
    format!("海商函〔{year}〕{seq}号")
}

/// Days between follow-ups (跟踪问效) of an open referral.
pub const FOLLOW_UP_DAYS: i64 = 7;

/// When the next follow-up is due: [`FOLLOW_UP_DAYS`] after the last event (sending,
/// receiving, an action, or the previous follow-up).
pub fn next_follow_up(last_event: NaiveDate) -> NaiveDate {
    last_event + Duration::days(FOLLOW_UP_DAYS)
}

/// The reminder slot due on `today`, if any: the due date itself, so each due date
/// reminds once (`job_runs(job, slot)`) however often the job runs and however
/// late it runs. Only for open referrals ([`ReferralState::is_open`]).
pub fn follow_up_slot(last_event: NaiveDate, today: NaiveDate) -> Option<NaiveDate> {
    let due = next_follow_up(last_event);
    (today >= due).then_some(due)
}

/// Limits of a referral letter's fields (characters).
pub const VIOLATION_MAX: usize = 2000;
pub const LEGAL_BASIS_MAX: usize = 500;
pub const EVIDENCE_MAX: usize = 2000;
pub const REQUESTED_ACTION_MAX: usize = 500;

/// Checks the fields of a referral letter (《关于函送…安全生产违法线索的函》). `today` is
/// China's date; a reply date (`reply_by`) may not lie before it.
#[allow(clippy::too_many_arguments)] // one argument per field of the letter, as the handler has them
pub fn check_referral(
    violation: &str,
    legal_basis: &str,
    evidence: &str,
    requested_action: &str,
    contact_name: &str,
    contact_phone: &str,
    reply_by: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(), Vec<FieldError>> {
    let mut v = Validator::new();
    v.text("violation", "违法行为", violation, 5, VIOLATION_MAX);
    v.text("legal_basis", "法律依据", legal_basis, 2, LEGAL_BASIS_MAX);
    v.optional_text("evidence", "证据材料", Some(evidence), EVIDENCE_MAX);
    v.optional_text(
        "requested_action",
        "建议处理事项",
        Some(requested_action),
        REQUESTED_ACTION_MAX,
    );
    v.text("contact_name", "联系人", contact_name, 2, 20);
    let phone = contact_phone.trim();
    if phone.is_empty() {
        v.error("contact_phone", "required", "联系电话不能为空");
    } else if !is_phone(phone) {
        v.error(
            "contact_phone",
            "invalid",
            "联系电话格式不正确，请填写11位手机号码或带区号的固定电话（如0898-66666666）",
        );
    }
    if let Some(d) = reply_by
        && d < today
    {
        v.error(
            "reply_by",
            "invalid",
            format!("答复期限不能早于今天（{}）", today.format("%Y-%m-%d")),
        );
    }
    v.into_result()
}

/// A referral as the form sends it (`POST /api/referrals`, `PUT /api/referrals/{id}`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferralInput {
    pub enterprise_id: Uuid,
    /// The 外部单位 (law-enforcement agency) it goes to.
    pub agency_id: Uuid,
    pub source: ReferralSource,
    #[serde(default)]
    pub hazard_id: Option<Uuid>,
    #[serde(default)]
    pub inspection_id: Option<Uuid>,
    /// 违法行为
    #[serde(default)]
    pub violation: String,
    /// 法律依据
    #[serde(default)]
    pub legal_basis: String,
    /// 证据材料
    #[serde(default)]
    pub evidence: String,
    /// 建议处理事项
    #[serde(default)]
    pub requested_action: String,
    /// 答复期限
    #[serde(default)]
    pub reply_by: Option<NaiveDate>,
    /// 联系人
    #[serde(default)]
    pub contact_name: String,
    /// 联系电话
    #[serde(default)]
    pub contact_phone: String,
    #[serde(default)]
    pub file_ids: Vec<Uuid>,
}

impl ReferralInput {
    /// [`check_referral`] on the fields, plus: a referral from a hazard names the hazard
    /// (`hazard_id`), one from an inspection names the inspection (`inspection_id`).
    pub fn check(&self, today: NaiveDate) -> Result<(), Vec<FieldError>> {
        let mut errors = check_referral(
            &self.violation,
            &self.legal_basis,
            &self.evidence,
            &self.requested_action,
            &self.contact_name,
            &self.contact_phone,
            self.reply_by,
            today,
        )
        .err()
        .unwrap_or_default();
        match self.source {
            ReferralSource::Hazard if self.hazard_id.is_none() => errors.push(FieldError::new(
                "hazard_id",
                "required",
                "来源为隐患时须选择隐患",
            )),
            ReferralSource::Inspection if self.inspection_id.is_none() => {
                errors.push(FieldError::new(
                    "inspection_id",
                    "required",
                    "来源为督导检查时须选择检查记录",
                ))
            }
            _ => {}
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

// ------------------------------------------------------------------ good practices

coded_enum! {
    /// Where a good practice (典型做法) stands.
    PracticeState {
        Draft => "draft", "草稿";
        Submitted => "submitted", "待审核";
        Published => "published", "已发布";
        Returned => "returned", "已退回";
    }
}

coded_enum! {
    /// A step on a good practice.
    PracticeAction {
        Save => "save", "保存";
        Submit => "submit", "提交审核";
        Publish => "publish", "发布";
        Return => "return", "退回";
    }
}

/// The state after `action`, or `None` when not allowed: the author saves and
/// submits a draft or a returned practice; the reviewer publishes or returns a
/// submitted one (a return needs a note: the handler's check).
pub fn practice_next(state: PracticeState, action: PracticeAction) -> Option<PracticeState> {
    use PracticeAction as A;
    use PracticeState as S;
    match (state, action) {
        (S::Draft | S::Returned, A::Save) => Some(state),
        (S::Draft | S::Returned, A::Submit) => Some(S::Submitted),
        (S::Submitted, A::Publish) => Some(S::Published),
        (S::Submitted, A::Return) => Some(S::Returned),
        _ => None,
    }
}

// ------------------------------------------------------------------ benchmarks

coded_enum! {
    /// Where a benchmark enterprise (标杆企业) stands.
    BenchmarkState {
        Nominated => "nominated", "已提名";
        Published => "published", "已发布";
        Withdrawn => "withdrawn", "已撤销";
    }
}

coded_enum! {
    /// A step on a benchmark nomination.
    BenchmarkAction {
        Publish => "publish", "发布";
        Withdraw => "withdraw", "撤销";
    }
}

/// The state after `action`, or `None`: a nomination is published; a nomination or a
/// published benchmark is withdrawn (with a reason); a withdrawn one is final.
pub fn benchmark_next(state: BenchmarkState, action: BenchmarkAction) -> Option<BenchmarkState> {
    use BenchmarkAction as A;
    use BenchmarkState as S;
    match (state, action) {
        (S::Nominated, A::Publish) => Some(S::Published),
        (S::Nominated | S::Published, A::Withdraw) => Some(S::Withdrawn),
        _ => None,
    }
}

// ------------------------------------------------------------------ meetings, interviews

coded_enum! {
    /// 会议类型.
    MeetingKind {
        TaskForce => "task_force", "专班会议";
        Symposium => "symposium", "座谈会";
    }
}

coded_enum! {
    /// 约谈 or 曝光.
    InterviewKind {
        Interview => "interview", "约谈";
        Exposure => "exposure", "曝光";
    }
}

// ------------------------------------------------------------------ bulletins

coded_enum! {
    /// Where a bulletin (通报) stands.
    BulletinState {
        Draft => "draft", "草稿";
        Issued => "issued", "已印发";
    }
}

coded_enum! {
    /// A step on a bulletin.
    BulletinAction {
        Save => "save", "保存";
        Issue => "issue", "印发";
    }
}

/// The state after `action`, or `None`: a draft is edited and issued; an issued
/// bulletin is final.
pub fn bulletin_next(state: BulletinState, action: BulletinAction) -> Option<BulletinState> {
    match (state, action) {
        (BulletinState::Draft, BulletinAction::Save) => Some(BulletinState::Draft),
        (BulletinState::Draft, BulletinAction::Issue) => Some(BulletinState::Issued),
        _ => None,
    }
}

/// A unit with overdue assignments in the period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct UnitOverdue {
    pub name: String,
    /// 逾期未完成任务数
    pub overdue: u32,
    /// Short texts of the overdue tasks (the first [`MAX_TASKS_NAMED`] are quoted).
    pub tasks: Vec<String>,
}

/// A unit whose reports were returned in the period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct UnitReturned {
    pub name: String,
    /// 报送材料被退回次数
    pub returned: u32,
}

/// A district's hazards found in the period and how many of them are closed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DistrictRate {
    pub name: String,
    pub found: u32,
    pub closed: u32,
}

impl DistrictRate {
    /// The rectification rate in percent, one decimal; `None` when nothing was found.
    pub fn rate(&self) -> Option<f64> {
        percent(self.closed, self.found)
    }

    /// Named in a bulletin: a rate (as shown, one decimal) below [`LOW_RATE`].
    pub fn is_low(&self) -> bool {
        self.rate().is_some_and(|r| r < LOW_RATE)
    }
}

/// An enterprise with overdue 重大隐患.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct EnterpriseMajor {
    pub name: String,
    pub district: String,
    pub count: u32,
}

/// What a bulletin draft is written from: the figures of the period and the units,
/// districts and enterprises to name, in the order they are to be named.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BulletinFacts {
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub campaign_title: Option<String>,
    /// 工作任务数
    pub tasks: u32,
    /// 分解到责任单位的任务数 (assignments due in the period)
    pub assignments: u32,
    /// 已完成验收
    pub accepted: u32,
    /// 逾期未完成
    pub overdue: u32,
    pub hazards_found: u32,
    pub hazards_closed: u32,
    pub major_found: u32,
    pub self_check_due: u32,
    pub self_check_done: u32,
    pub inspections_done: u32,
    pub trainings: u32,
    pub referrals_sent: u32,
    pub overdue_units: Vec<UnitOverdue>,
    pub returned_units: Vec<UnitReturned>,
    pub districts: Vec<DistrictRate>,
    pub major_overdue: Vec<EnterpriseMajor>,
}

impl BulletinFacts {
    /// Facts of a period with nothing in it.
    pub fn empty(period_from: NaiveDate, period_to: NaiveDate) -> BulletinFacts {
        BulletinFacts {
            period_from,
            period_to,
            campaign_title: None,
            tasks: 0,
            assignments: 0,
            accepted: 0,
            overdue: 0,
            hazards_found: 0,
            hazards_closed: 0,
            major_found: 0,
            self_check_due: 0,
            self_check_done: 0,
            inspections_done: 0,
            trainings: 0,
            referrals_sent: 0,
            overdue_units: Vec::new(),
            returned_units: Vec::new(),
            districts: Vec::new(),
            major_overdue: Vec::new(),
        }
    }

    /// The districts a bulletin names for a low rectification rate, with their rates.
    pub fn low_rate_districts(&self) -> Vec<(&DistrictRate, f64)> {
        self.districts
            .iter()
            .filter_map(|d| d.rate().filter(|r| *r < LOW_RATE).map(|r| (d, r)))
            .collect()
    }
}

/// Districts whose rectification rate (in percent, as shown) is below this are named.
pub const LOW_RATE: f64 = 60.0;
/// Most task texts quoted per unit; more end in 等.
pub const MAX_TASKS_NAMED: usize = 3;
/// Longest task text quoted (characters); longer ones are cut with “…”.
pub const TASK_TEXT_MAX: usize = 40;
/// Days after the period's end by which named units report their rectification.
pub const REPLY_DAYS: i64 = 15;

/// One heading of a bulletin with its paragraphs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Section {
    /// `一、总体情况`
    pub heading: String,
    pub paragraphs: Vec<String>,
}

/// `part` of `whole` in percent with one decimal; `None` when `whole` is 0.
pub fn percent(part: u32, whole: u32) -> Option<f64> {
    if whole == 0 {
        None
    } else {
        Some((f64::from(part) * 1000.0 / f64::from(whole)).round() / 10.0)
    }
}

fn is_whole_month(from: NaiveDate, to: NaiveDate) -> bool {
    from.day() == 1
        && from.year() == to.year()
        && from.month() == to.month()
        && (to + Duration::days(1)).month() != to.month()
}

/// The period as officials write it: `2026年11月` for a whole month, otherwise
/// `2026年10月1日至11月15日` (`2025年12月1日至2026年1月15日` across a year end,
/// `2026年11月5日` for one day).
pub fn period_text(from: NaiveDate, to: NaiveDate) -> String {
    if is_whole_month(from, to) {
        return format!("{}年{}月", from.year(), from.month());
    }
    let start = format!("{}年{}月{}日", from.year(), from.month(), from.day());
    if from == to {
        start
    } else if from.year() == to.year() {
        format!("{start}至{}月{}日", to.month(), to.day())
    } else {
        format!("{start}至{}年{}月{}日", to.year(), to.month(), to.day())
    }
}

/// `关于2026年11月商务系统安全生产专项整治工作进展情况的通报` for a whole month,
/// `关于2026年10月1日至11月15日商务系统安全生产专项整治工作进展情况的通报` otherwise.
pub fn bulletin_title(from: NaiveDate, to: NaiveDate) -> String {
    format!(
        "关于{}商务系统安全生产专项整治工作进展情况的通报",
        period_text(from, to)
    )
}

fn rate_text(r: f64) -> String {
    format!("{r:.1}%")
}

fn short_task(t: &str) -> String {
    let t = t.trim().trim_end_matches(['。', '；', ';', '，', ',']);
    if t.chars().count() > TASK_TEXT_MAX {
        let cut: String = t.chars().take(TASK_TEXT_MAX).collect();
        format!("{cut}…")
    } else {
        t.to_string()
    }
}

fn chinese_ordinal(n: usize) -> &'static str {
    const N: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    N.get(n).copied().unwrap_or("十")
}

fn month_day(d: NaiveDate) -> String {
    format!("{}月{}日", d.month(), d.day())
}

/// Drafts a bulletin from the facts: 一、总体情况, 二、存在的问题 (the units, districts and
/// enterprises named with their figures, or one sentence when there is nothing to
/// criticise), 三、下一步工作要求. The draft is edited before it is issued.
pub fn compose_bulletin(f: &BulletinFacts) -> Vec<Section> {
    vec![overview(f), problems(f), requirements(f)]
}

fn overview(f: &BulletinFacts) -> Section {
    let period = period_text(f.period_from, f.period_to);
    let mut paragraphs = Vec::new();
    let basis = match f.campaign_title.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => {
            let t = t.trim_start_matches('《').trim_end_matches('》');
            format!("按照《{t}》部署")
        }
        _ => "按照商贸行业安全生产专项整治工作部署".to_string(),
    };
    paragraphs.push(format!(
        "{period}，各区商务局、局各相关科室和各商贸企业{basis}，压实安全生产责任，扎实推进各项整治任务，工作取得阶段性进展。"
    ));

    let mut figures = Vec::new();
    if f.assignments == 0 && f.tasks == 0 {
        figures.push("本期无到期的工作任务".to_string());
    } else {
        let mut s = format!(
            "本期共有工作任务{}项，分解落实到各责任单位{}项，已完成验收{}项",
            f.tasks, f.assignments, f.accepted
        );
        if let Some(r) = percent(f.accepted, f.assignments) {
            s.push_str(&format!("，完成率{}", rate_text(r)));
        }
        if f.overdue > 0 {
            s.push_str(&format!("，逾期未完成{}项", f.overdue));
        }
        figures.push(s);
    }
    match percent(f.hazards_closed, f.hazards_found) {
        Some(r) => {
            let mut s = format!(
                "排查隐患{}处，已整改销号{}处，整改率{}",
                f.hazards_found,
                f.hazards_closed,
                rate_text(r)
            );
            if f.major_found > 0 {
                s.push_str(&format!("，其中重大隐患{}处", f.major_found));
            }
            figures.push(s);
        }
        None => figures.push("本期无新增隐患".to_string()),
    }
    if let Some(r) = percent(f.self_check_done, f.self_check_due) {
        figures.push(format!(
            "应开展自查企业{}家，已按时自查{}家，自查率{}",
            f.self_check_due,
            f.self_check_done,
            rate_text(r)
        ));
    }
    let mut s = figures.join("；");
    s.push('。');
    paragraphs.push(s);

    let mut work = Vec::new();
    if f.inspections_done > 0 {
        work.push(format!("开展督导检查{}次", f.inspections_done));
    }
    if f.trainings > 0 {
        work.push(format!("组织安全生产教育培训{}场次", f.trainings));
    }
    if f.referrals_sent > 0 {
        work.push(format!("向执法部门函送违法线索{}件", f.referrals_sent));
    }
    if !work.is_empty() {
        paragraphs.push(format!("本期共{}。", work.join("，")));
    }
    Section {
        heading: "一、总体情况".to_string(),
        paragraphs,
    }
}

fn problems(f: &BulletinFacts) -> Section {
    let mut parts: Vec<(&str, String)> = Vec::new();

    let overdue: Vec<&UnitOverdue> = f.overdue_units.iter().filter(|u| u.overdue > 0).collect();
    let returned: Vec<&UnitReturned> = f.returned_units.iter().filter(|u| u.returned > 0).collect();
    if !overdue.is_empty() || !returned.is_empty() {
        let mut sentences = Vec::new();
        if !overdue.is_empty() {
            let named: Vec<String> = overdue
                .iter()
                .map(|u| {
                    let mut s = format!("{}逾期未完成任务{}项", u.name.trim(), u.overdue);
                    let texts: Vec<String> = u
                        .tasks
                        .iter()
                        .map(|t| short_task(t))
                        .filter(|t| !t.is_empty())
                        .collect();
                    if !texts.is_empty() {
                        let quoted: Vec<String> = texts
                            .iter()
                            .take(MAX_TASKS_NAMED)
                            .map(|t| format!("“{t}”"))
                            .collect();
                        let more =
                            if (u.overdue as usize) > quoted.len() || texts.len() > quoted.len() {
                                "等"
                            } else {
                                ""
                            };
                        s.push_str(&format!("（{}{more}）", quoted.join("、")));
                    }
                    s
                })
                .collect();
            sentences.push(format!(
                "截至{}，{}。",
                month_day(f.period_to),
                named.join("；")
            ));
        }
        if !returned.is_empty() {
            let named: Vec<String> = returned
                .iter()
                .map(|u| format!("{}报送材料被退回{}次", u.name.trim(), u.returned))
                .collect();
            let lead = if overdue.is_empty() { "" } else { "此外，" };
            sentences.push(format!("{lead}{}，报送质量有待提高。", named.join("，")));
        }
        let title = if overdue.is_empty() {
            "部分单位报送材料质量不高"
        } else {
            "部分单位工作进展缓慢"
        };
        parts.push((title, sentences.concat()));
    }

    let low = f.low_rate_districts();
    if !low.is_empty() {
        let named: Vec<String> = low
            .iter()
            .map(|(d, r)| {
                format!(
                    "{}排查隐患{}处，整改销号{}处，整改率仅为{}",
                    d.name.trim(),
                    d.found,
                    d.closed,
                    rate_text(*r)
                )
            })
            .collect();
        parts.push((
            "部分区隐患整改率偏低",
            format!("{}，低于{LOW_RATE}%。", named.join("；")),
        ));
    }

    let majors: Vec<&EnterpriseMajor> = f.major_overdue.iter().filter(|e| e.count > 0).collect();
    if !majors.is_empty() {
        let named: Vec<String> = majors
            .iter()
            .map(|e| {
                let district = e.district.trim();
                if district.is_empty() {
                    format!("{}有{}处重大隐患逾期未整改", e.name.trim(), e.count)
                } else {
                    format!(
                        "{}{}有{}处重大隐患逾期未整改",
                        district,
                        e.name.trim(),
                        e.count
                    )
                }
            })
            .collect();
        parts.push((
            "重大隐患逾期未整改",
            format!("{}，存在较大安全风险。", named.join("；")),
        ));
    }

    let paragraphs = if parts.is_empty() {
        vec![format!(
            "本期各单位均按期推进工作任务，各区隐患整改率均不低于{LOW_RATE}%，未发现重大隐患逾期未整改，无需要通报的突出问题。"
        )]
    } else {
        parts
            .into_iter()
            .enumerate()
            .map(|(i, (title, text))| format!("（{}）{title}。{text}", chinese_ordinal(i)))
            .collect()
    };
    Section {
        heading: "二、存在的问题".to_string(),
        paragraphs,
    }
}

fn requirements(f: &BulletinFacts) -> Section {
    let named = f.overdue_units.iter().any(|u| u.overdue > 0)
        || f.returned_units.iter().any(|u| u.returned > 0)
        || !f.low_rate_districts().is_empty()
        || f.major_overdue.iter().any(|e| e.count > 0);
    let reply_by = month_day(f.period_to + Duration::days(REPLY_DAYS));
    let first = if named {
        format!(
            "（一）压实整改责任。被通报单位要高度重视，认真分析原因，逐项制定整改措施，明确责任人和完成时限，于{reply_by}前将整改情况书面报送市商务局。"
        )
    } else {
        "（一）压实工作责任。各单位要保持工作力度不减，对照任务清单查漏补缺，确保各项任务按时间节点完成。".to_string()
    };
    Section {
        heading: "三、下一步工作要求".to_string(),
        paragraphs: vec![
            first,
            "（二）加快隐患整改。各区商务局要督促企业对排查发现的隐患限期整改销号，对重大隐患实行挂牌督办，落实整改期间的临时管控措施，确保按期整改到位。".to_string(),
            "（三）强化督导问效。市商务局将持续开展督导检查，对工作进展缓慢、整改不力的单位和企业实施约谈，情况严重的予以曝光通报，发现的违法行为函送执法部门依法查处。".to_string(),
            "（四）按时报送信息。各单位要指定专人负责，按时报送工作进展和隐患整改情况，确保数据真实、准确、完整。".to_string(),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Checks every (state, action) pair against a table written out by hand.
    fn check_table<S, A>(
        states: &[S],
        actions: &[A],
        table: &[(S, A, Option<S>)],
        next: impl Fn(S, A) -> Option<S>,
    ) where
        S: Copy + PartialEq + std::fmt::Debug,
        A: Copy + PartialEq + std::fmt::Debug,
    {
        assert_eq!(
            table.len(),
            states.len() * actions.len(),
            "table is complete"
        );
        for &s in states {
            for &a in actions {
                let rows: Vec<_> = table
                    .iter()
                    .filter(|(ts, ta, _)| *ts == s && *ta == a)
                    .collect();
                assert_eq!(rows.len(), 1, "{s:?} {a:?} once in the table");
                assert_eq!(next(s, a), rows[0].2, "{s:?} {a:?}");
            }
        }
    }

    #[test]
    fn referral_transitions_match_the_table() {
        use ReferralAction::*;
        use ReferralState::*;
        #[rustfmt::skip]
        let table = [
            (Draft, Send, Some(Sent)),
            (Draft, Receive, None),
            (Draft, Act, None),
            (Draft, Conclude, None),
            (Draft, FollowUp, None),
            (Draft, Withdraw, Some(Withdrawn)),
            (Sent, Send, None),
            (Sent, Receive, Some(Received)),
            (Sent, Act, None), // must be received first
            (Sent, Conclude, None),
            (Sent, FollowUp, Some(Sent)),
            (Sent, Withdraw, Some(Withdrawn)),
            (Received, Send, None),
            (Received, Receive, None),
            (Received, Act, Some(Acting)),
            (Received, Conclude, Some(Concluded)),
            (Received, FollowUp, Some(Received)),
            (Received, Withdraw, None),
            (Acting, Send, None),
            (Acting, Receive, None),
            (Acting, Act, Some(Acting)),
            (Acting, Conclude, Some(Concluded)),
            (Acting, FollowUp, Some(Acting)),
            (Acting, Withdraw, None),
            (Concluded, Send, None),
            (Concluded, Receive, None),
            (Concluded, Act, None),
            (Concluded, Conclude, None),
            (Concluded, FollowUp, None),
            (Concluded, Withdraw, None),
            (Withdrawn, Send, None),
            (Withdrawn, Receive, None),
            (Withdrawn, Act, None),
            (Withdrawn, Conclude, None),
            (Withdrawn, FollowUp, None),
            (Withdrawn, Withdraw, None),
        ];
        check_table(
            &ReferralState::ALL,
            &ReferralAction::ALL,
            &table,
            referral_next,
        );
        // Follow-up is allowed exactly in the open states.
        for s in ReferralState::ALL {
            assert_eq!(referral_next(s, FollowUp).is_some(), s.is_open(), "{s:?}");
        }
        assert_eq!(
            referral_refusal(Concluded, Withdraw),
            "函送处于“已反馈结果”状态，不能撤回"
        );
    }

    #[test]
    fn practice_transitions_match_the_table() {
        use PracticeAction::*;
        use PracticeState::*;
        #[rustfmt::skip]
        let table = [
            (Draft, Save, Some(Draft)),
            (Draft, PracticeAction::Submit, Some(Submitted)),
            (Draft, Publish, None),
            (Draft, Return, None),
            (Submitted, Save, None),
            (Submitted, PracticeAction::Submit, None),
            (Submitted, Publish, Some(Published)),
            (Submitted, Return, Some(Returned)),
            (Published, Save, None),
            (Published, PracticeAction::Submit, None),
            (Published, Publish, None),
            (Published, Return, None),
            (Returned, Save, Some(Returned)),
            (Returned, PracticeAction::Submit, Some(Submitted)),
            (Returned, Publish, None),
            (Returned, Return, None),
        ];
        check_table(
            &PracticeState::ALL,
            &PracticeAction::ALL,
            &table,
            practice_next,
        );
    }

    #[test]
    fn benchmark_and_bulletin_transitions_match_the_table() {
        use BenchmarkAction as BA;
        use BenchmarkState as BS;
        let table = [
            (BS::Nominated, BA::Publish, Some(BS::Published)),
            (BS::Nominated, BA::Withdraw, Some(BS::Withdrawn)),
            (BS::Published, BA::Publish, None),
            (BS::Published, BA::Withdraw, Some(BS::Withdrawn)),
            (BS::Withdrawn, BA::Publish, None),
            (BS::Withdrawn, BA::Withdraw, None),
        ];
        check_table(&BS::ALL, &BA::ALL, &table, benchmark_next);
        use BulletinAction as UA;
        use BulletinState as US;
        let table = [
            (US::Draft, UA::Save, Some(US::Draft)),
            (US::Draft, UA::Issue, Some(US::Issued)),
            (US::Issued, UA::Save, None),
            (US::Issued, UA::Issue, None),
        ];
        check_table(&US::ALL, &UA::ALL, &table, bulletin_next);
    }

    /// Every coded enum: codes, labels, `from_code` and serde agree.
    fn codes<T>(
        all: &[T],
        code: fn(T) -> &'static str,
        label: fn(T) -> &'static str,
        from: fn(&str) -> Option<T>,
    ) -> Vec<(&'static str, &'static str)>
    where
        T: Copy + PartialEq + std::fmt::Debug + Serialize + serde::de::DeserializeOwned,
    {
        all.iter()
            .map(|&x| {
                assert_eq!(from(code(x)), Some(x));
                assert_eq!(serde_json::to_value(x).unwrap(), code(x));
                let back: T = serde_json::from_value(serde_json::json!(code(x))).unwrap();
                assert_eq!(back, x);
                (code(x), label(x))
            })
            .collect()
    }

    #[test]
    fn codes_and_labels() {
        use ReferralState as RS;
        assert_eq!(
            codes(&RS::ALL, RS::code, RS::label, RS::from_code),
            vec![
                ("draft", "草稿"),
                ("sent", "已函送"),
                ("received", "已接收"),
                ("acting", "办理中"),
                ("concluded", "已反馈结果"),
                ("withdrawn", "已撤回"),
            ]
        );
        use ReferralAction as RA;
        assert_eq!(
            codes(&RA::ALL, RA::code, RA::label, RA::from_code),
            vec![
                ("send", "函送"),
                ("receive", "接收"),
                ("act", "办理"),
                ("conclude", "反馈结果"),
                ("follow_up", "跟踪问效"),
                ("withdraw", "撤回"),
            ]
        );
        use ReferralSource as RSo;
        assert_eq!(
            codes(&RSo::ALL, RSo::code, RSo::label, RSo::from_code),
            vec![
                ("manual", "日常监管"),
                ("hazard", "隐患"),
                ("inspection", "督导检查")
            ]
        );
        use PracticeState as PS;
        assert_eq!(
            codes(&PS::ALL, PS::code, PS::label, PS::from_code),
            vec![
                ("draft", "草稿"),
                ("submitted", "待审核"),
                ("published", "已发布"),
                ("returned", "已退回"),
            ]
        );
        use PracticeAction as PA;
        assert_eq!(
            codes(&PA::ALL, PA::code, PA::label, PA::from_code)
                .iter()
                .map(|c| c.0)
                .collect::<Vec<_>>(),
            vec!["save", "submit", "publish", "return"]
        );
        use BenchmarkState as BS;
        assert_eq!(
            codes(&BS::ALL, BS::code, BS::label, BS::from_code),
            vec![
                ("nominated", "已提名"),
                ("published", "已发布"),
                ("withdrawn", "已撤销")
            ]
        );
        use BenchmarkAction as BA;
        assert_eq!(codes(&BA::ALL, BA::code, BA::label, BA::from_code).len(), 2);
        use MeetingKind as MK;
        assert_eq!(
            codes(&MK::ALL, MK::code, MK::label, MK::from_code),
            vec![("task_force", "专班会议"), ("symposium", "座谈会")]
        );
        use InterviewKind as IK;
        assert_eq!(
            codes(&IK::ALL, IK::code, IK::label, IK::from_code),
            vec![("interview", "约谈"), ("exposure", "曝光")]
        );
        use BulletinState as US;
        assert_eq!(
            codes(&US::ALL, US::code, US::label, US::from_code),
            vec![("draft", "草稿"), ("issued", "已印发")]
        );
        use BulletinAction as UA;
        assert_eq!(codes(&UA::ALL, UA::code, UA::label, UA::from_code).len(), 2);
        assert_eq!(RS::from_code("open"), None);
        assert!(serde_json::from_str::<RS>("\"Draft\"").is_err());
    }

    #[test]
    fn referral_numbers() {
        assert_eq!(referral_number(2026, 3), "海商函〔2026〕3号");
        assert_eq!(referral_number(2021, 12), "海商函〔2021〕12号");
    }

    #[test]
    fn follow_up_every_seven_days_once_per_due_date() {
        let sent = d(2026, 11, 2);
        assert_eq!(next_follow_up(sent), d(2026, 11, 9));
        assert_eq!(follow_up_slot(sent, d(2026, 11, 8)), None);
        assert_eq!(follow_up_slot(sent, d(2026, 11, 9)), Some(d(2026, 11, 9)));
        // A late run still reminds, under the same slot.
        assert_eq!(follow_up_slot(sent, d(2026, 11, 12)), Some(d(2026, 11, 9)));
        // After the follow-up (an event on the 9th), the next slot is the 16th.
        assert_eq!(follow_up_slot(d(2026, 11, 9), d(2026, 11, 12)), None);
        assert_eq!(
            follow_up_slot(d(2026, 11, 9), d(2026, 11, 16)),
            Some(d(2026, 11, 16))
        );
        // Across a month and a year end.
        assert_eq!(next_follow_up(d(2026, 12, 28)), d(2027, 1, 4));
    }

    fn referral_ok() -> ReferralInput {
        ReferralInput {
            enterprise_id: Uuid::nil(),
            agency_id: Uuid::nil(),
            source: ReferralSource::Manual,
            hazard_id: None,
            inspection_id: None,
            violation: "未按规定设置消防安全疏散指示标志".into(),
            legal_basis: "《中华人民共和国消防法》第十六条".into(),
            evidence: String::new(),
            requested_action: String::new(),
            reply_by: None,
            contact_name: "王明".into(),
            contact_phone: "0898-66666666".into(),
            file_ids: vec![],
        }
    }

    fn fields(r: Result<(), Vec<FieldError>>) -> Vec<(String, String)> {
        r.err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    #[test]
    fn referral_letters_are_checked_field_by_field() {
        let today = d(2026, 11, 20);
        let ok = referral_ok();
        assert_eq!(ok.check(today), Ok(()));
        let r = check_referral(
            "违法",
            "",
            &"证".repeat(2001),
            &"请".repeat(501),
            "王",
            "12345",
            Some(d(2026, 11, 19)),
            today,
        );
        let errs = r.clone().unwrap_err();
        assert_eq!(
            fields(r),
            vec![
                ("violation".into(), "too_short".into()),
                ("legal_basis".into(), "required".into()),
                ("evidence".into(), "too_long".into()),
                ("requested_action".into(), "too_long".into()),
                ("contact_name".into(), "too_short".into()),
                ("contact_phone".into(), "invalid".into()),
                ("reply_by".into(), "invalid".into()),
            ]
        );
        let labels = [
            "违法行为",
            "法律依据",
            "证据材料",
            "建议处理事项",
            "联系人",
            "联系电话",
            "答复期限",
        ];
        for (e, l) in errs.iter().zip(labels) {
            assert!(e.message.contains(l), "{}: {}", e.field, e.message);
        }
        // Limits are inclusive and count characters.
        assert_eq!(
            check_referral(
                &"违".repeat(2000),
                &"法".repeat(500),
                &"证".repeat(2000),
                &"请".repeat(500),
                &"名".repeat(20),
                "13812345678",
                Some(today),
                today
            ),
            Ok(())
        );
        assert_eq!(
            fields(check_referral(
                "未设疏散指示",
                "消防法",
                "",
                "",
                &"名".repeat(21),
                "",
                None,
                today
            )),
            vec![
                ("contact_name".into(), "too_long".into()),
                ("contact_phone".into(), "required".into()),
            ]
        );
        for phone in [
            "0898-66666666",
            "089866666666",
            "010-12345678",
            "13912345678",
            " 13912345678 ",
        ] {
            assert_eq!(
                check_referral("未设疏散指示", "消防法", "", "", "王明", phone, None, today),
                Ok(()),
                "{phone}"
            );
        }
        for phone in [
            "1391234567",
            "66666666",
            "+86 139",
            "0898-6666-6666-6",
            "电话",
        ] {
            assert_eq!(
                fields(check_referral(
                    "未设疏散指示",
                    "消防法",
                    "",
                    "",
                    "王明",
                    phone,
                    None,
                    today
                )),
                vec![("contact_phone".into(), "invalid".into())],
                "{phone}"
            );
        }
    }

    #[test]
    fn a_referral_from_a_hazard_or_inspection_names_it() {
        let today = d(2026, 11, 20);
        let mut r = referral_ok();
        r.source = ReferralSource::Hazard;
        assert_eq!(
            fields(r.check(today)),
            vec![("hazard_id".into(), "required".into())]
        );
        r.hazard_id = Some(Uuid::nil());
        assert_eq!(r.check(today), Ok(()));
        r.source = ReferralSource::Inspection;
        assert_eq!(
            fields(r.check(today)),
            vec![("inspection_id".into(), "required".into())]
        );
        let json = serde_json::json!({
            "enterprise_id": Uuid::nil(), "agency_id": Uuid::nil(), "source": "manual",
            "violation": "未按规定设置消防安全疏散指示标志", "legal_basis": "消防法",
            "contact_name": "王明", "contact_phone": "13812345678", "reply_by": "2026-12-15"
        });
        let r: ReferralInput = serde_json::from_value(json).unwrap();
        assert_eq!(r.reply_by, Some(d(2026, 12, 15)));
        assert_eq!(r.check(today), Ok(()));
    }

    // ---------------------------------------------------------------- bulletins

    #[test]
    fn titles_for_whole_months_and_ranges() {
        assert_eq!(
            bulletin_title(d(2026, 11, 1), d(2026, 11, 30)),
            "关于2026年11月商务系统安全生产专项整治工作进展情况的通报"
        );
        assert_eq!(
            bulletin_title(d(2026, 2, 1), d(2026, 2, 28)),
            "关于2026年2月商务系统安全生产专项整治工作进展情况的通报"
        );
        assert_eq!(
            bulletin_title(d(2028, 2, 1), d(2028, 2, 29)),
            "关于2028年2月商务系统安全生产专项整治工作进展情况的通报"
        );
        assert_eq!(
            bulletin_title(d(2026, 10, 1), d(2026, 11, 15)),
            "关于2026年10月1日至11月15日商务系统安全生产专项整治工作进展情况的通报"
        );
        // Not quite a whole month.
        assert_eq!(
            period_text(d(2026, 11, 1), d(2026, 11, 29)),
            "2026年11月1日至11月29日"
        );
        assert_eq!(
            period_text(d(2026, 11, 2), d(2026, 11, 30)),
            "2026年11月2日至11月30日"
        );
        // Two whole months are a range too.
        assert_eq!(
            period_text(d(2026, 10, 1), d(2026, 11, 30)),
            "2026年10月1日至11月30日"
        );
        assert_eq!(
            period_text(d(2025, 12, 1), d(2026, 1, 15)),
            "2025年12月1日至2026年1月15日"
        );
        assert_eq!(period_text(d(2025, 12, 1), d(2025, 12, 31)), "2025年12月");
        assert_eq!(period_text(d(2026, 11, 5), d(2026, 11, 5)), "2026年11月5日");
    }

    #[test]
    fn percentages_have_one_decimal_and_never_divide_by_zero() {
        assert_eq!(percent(0, 0), None);
        assert_eq!(percent(2, 3), Some(66.7));
        assert_eq!(percent(1, 3), Some(33.3));
        assert_eq!(percent(3, 5), Some(60.0));
        assert_eq!(percent(10, 10), Some(100.0));
        assert_eq!(percent(0, 7), Some(0.0));
    }

    fn facts() -> BulletinFacts {
        BulletinFacts {
            campaign_title: Some(
                "海口市商贸行业安全生产专项整治三年行动第二年（2021年）推进工作方案".into(),
            ),
            tasks: 24,
            assignments: 120,
            accepted: 80,
            overdue: 6,
            hazards_found: 57,
            hazards_closed: 41,
            major_found: 2,
            self_check_due: 100,
            self_check_done: 70,
            inspections_done: 12,
            trainings: 5,
            referrals_sent: 3,
            overdue_units: vec![
                UnitOverdue {
                    name: "秀英区商务局".into(),
                    overdue: 4,
                    tasks: vec![
                        "督促商贸企业签订安全生产承诺".into(),
                        "组织观看《生命重于泰山》专题片".into(),
                        "开展大型商场消防专项检查。".into(),
                        "第四项任务".into(),
                    ],
                },
                UnitOverdue {
                    name: "局流通业发展科".into(),
                    overdue: 2,
                    tasks: vec!["建立商贸重点企业安全管理团队".into()],
                },
            ],
            returned_units: vec![UnitReturned {
                name: "龙华区商务局".into(),
                returned: 3,
            }],
            districts: vec![
                DistrictRate {
                    name: "秀英区".into(),
                    found: 10,
                    closed: 4,
                },
                DistrictRate {
                    name: "龙华区".into(),
                    found: 10,
                    closed: 6,
                },
                DistrictRate {
                    name: "美兰区".into(),
                    found: 0,
                    closed: 0,
                },
                DistrictRate {
                    name: "琼山区".into(),
                    found: 37,
                    closed: 31,
                },
            ],
            major_overdue: vec![EnterpriseMajor {
                name: "海口某某超市有限公司".into(),
                district: "美兰区".into(),
                count: 1,
            }],
            ..BulletinFacts::empty(d(2026, 11, 1), d(2026, 11, 30))
        }
    }

    fn text(sections: &[Section]) -> String {
        sections
            .iter()
            .map(|s| format!("{}\n{}", s.heading, s.paragraphs.join("\n")))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn a_bulletin_has_three_headed_sections() {
        let s = compose_bulletin(&facts());
        let headings: Vec<&str> = s.iter().map(|x| x.heading.as_str()).collect();
        assert_eq!(
            headings,
            vec!["一、总体情况", "二、存在的问题", "三、下一步工作要求"]
        );
        assert!(s.iter().all(|x| !x.paragraphs.is_empty()));
        assert!((3..=4).contains(&s[2].paragraphs.len()));
        let v = serde_json::to_value(&s[0]).unwrap();
        assert_eq!(v["heading"], "一、总体情况");
        assert!(v["paragraphs"][0].is_string());
    }

    #[test]
    fn the_overview_gives_the_figures_of_the_period() {
        let s = compose_bulletin(&facts());
        let o = s[0].paragraphs.join("");
        assert!(o.starts_with("2026年11月，"), "{o}");
        assert!(
            o.contains("《海口市商贸行业安全生产专项整治三年行动第二年（2021年）推进工作方案》"),
            "{o}"
        );
        for want in [
            "工作任务24项",
            "各责任单位120项",
            "已完成验收80项",
            "完成率66.7%",
            "逾期未完成6项",
            "排查隐患57处",
            "已整改销号41处",
            "整改率71.9%",
            "其中重大隐患2处",
            "自查率70.0%",
            "督导检查12次",
            "培训5场次",
            "违法线索3件",
        ] {
            assert!(o.contains(want), "missing {want}: {o}");
        }
    }

    #[test]
    fn problems_name_every_unit_district_and_enterprise_with_its_number() {
        let s = compose_bulletin(&facts());
        let p = &s[1].paragraphs;
        assert_eq!(p.len(), 3, "{p:?}");
        assert!(
            p[0].starts_with("（一）部分单位工作进展缓慢。截至11月30日，"),
            "{}",
            p[0]
        );
        assert!(p[0].contains("秀英区商务局逾期未完成任务4项"), "{}", p[0]);
        // At most three tasks quoted, the rest summed up as 等.
        assert!(p[0].contains("（“督促商贸企业签订安全生产承诺”、“组织观看《生命重于泰山》专题片”、“开展大型商场消防专项检查”等）"), "{}", p[0]);
        assert!(!p[0].contains("第四项任务"));
        assert!(
            p[0].contains("局流通业发展科逾期未完成任务2项（“建立商贸重点企业安全管理团队”等）"),
            "{}",
            p[0]
        );
        assert!(
            p[0].contains("。此外，龙华区商务局报送材料被退回3次"),
            "{}",
            p[0]
        );
        assert!(p[1].starts_with("（二）部分区隐患整改率偏低。"), "{}", p[1]);
        assert!(
            p[1].contains("秀英区排查隐患10处，整改销号4处，整改率仅为40.0%"),
            "{}",
            p[1]
        );
        // Exactly 60% is not below 60%; no hazards is no rate.
        assert!(!p[1].contains("龙华区"), "{}", p[1]);
        assert!(!p[1].contains("美兰区"), "{}", p[1]);
        assert!(!p[1].contains("琼山区"), "{}", p[1]);
        assert!(p[2].starts_with("（三）重大隐患逾期未整改。"), "{}", p[2]);
        assert!(
            p[2].contains("美兰区海口某某超市有限公司有1处重大隐患逾期未整改"),
            "{}",
            p[2]
        );
        let r = s[2].paragraphs.join("");
        assert!(r.contains("被通报单位"), "{r}");
        assert!(r.contains("于12月15日前"), "{r}");
        let low = facts();
        let low = low.low_rate_districts();
        assert_eq!(low.len(), 1);
        assert_eq!((low[0].0.name.as_str(), low[0].1), ("秀英区", 40.0));
    }

    #[test]
    fn a_rate_that_shows_as_sixty_is_not_named() {
        let mut f = BulletinFacts::empty(d(2026, 11, 1), d(2026, 11, 30));
        // 1199 / 2000 = 59.95% shows as 60.0%: not below 60%.
        f.districts = vec![
            DistrictRate {
                name: "甲区".into(),
                found: 2000,
                closed: 1199,
            },
            DistrictRate {
                name: "乙区".into(),
                found: 2000,
                closed: 1198,
            },
        ];
        let t = text(&compose_bulletin(&f));
        assert!(!t.contains("甲区"), "{t}");
        assert!(
            t.contains("乙区排查隐患2000处，整改销号1198处，整改率仅为59.9%"),
            "{t}"
        );
        assert!(
            t.contains("（一）部分区隐患整改率偏低"),
            "numbered from one: {t}"
        );
    }

    #[test]
    fn only_returned_reports_have_their_own_heading() {
        let mut f = BulletinFacts::empty(d(2026, 11, 1), d(2026, 11, 30));
        f.returned_units = vec![UnitReturned {
            name: "局展览科".into(),
            returned: 1,
        }];
        let s = compose_bulletin(&f);
        assert_eq!(s[1].paragraphs.len(), 1);
        assert!(
            s[1].paragraphs[0]
                .starts_with("（一）部分单位报送材料质量不高。局展览科报送材料被退回1次"),
            "{:?}",
            s[1].paragraphs
        );
    }

    #[test]
    fn empty_facts_make_a_sensible_bulletin() {
        let f = BulletinFacts::empty(d(2026, 10, 1), d(2026, 11, 15));
        let s = compose_bulletin(&f);
        assert_eq!(s.len(), 3);
        let t = text(&s);
        assert!(
            s[0].paragraphs[0].starts_with("2026年10月1日至11月15日，"),
            "{t}"
        );
        assert!(t.contains("本期无新增隐患"), "{t}");
        assert!(t.contains("本期无到期的工作任务"), "{t}");
        assert!(!t.contains("NaN") && !t.contains("inf"), "{t}");
        assert!(!t.contains("（一）部分"), "{t}");
        assert_eq!(
            s[1].paragraphs.len(),
            1,
            "one sentence instead of an empty heading"
        );
        assert!(s[1].paragraphs[0].contains("无需要通报的突出问题"), "{t}");
        assert!(!t.contains("被通报单位"), "{t}");
        assert!((3..=4).contains(&s[2].paragraphs.len()));
        // No hazards found but some closed (older ones): still no rate.
        let mut f = f;
        f.hazards_closed = 3;
        assert!(text(&compose_bulletin(&f)).contains("本期无新增隐患"));
    }

    #[test]
    fn long_task_texts_are_cut_and_zero_counts_are_not_named() {
        let mut f = BulletinFacts::empty(d(2026, 11, 1), d(2026, 11, 30));
        f.overdue_units = vec![
            UnitOverdue {
                name: "甲单位".into(),
                overdue: 1,
                tasks: vec!["很".repeat(60)],
            },
            UnitOverdue {
                name: "乙单位".into(),
                overdue: 0,
                tasks: vec![],
            },
        ];
        f.major_overdue = vec![EnterpriseMajor {
            name: "丙公司".into(),
            district: String::new(),
            count: 0,
        }];
        let t = text(&compose_bulletin(&f));
        assert!(
            t.contains(&format!(
                "甲单位逾期未完成任务1项（“{}…”）",
                "很".repeat(TASK_TEXT_MAX)
            )),
            "{t}"
        );
        assert!(!t.contains("乙单位"), "{t}");
        assert!(!t.contains("丙公司"), "{t}");
    }
}
