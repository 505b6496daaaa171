//! Hidden-hazard governance (隐患排查治理): the hazard's vocabulary, its state
//! machine with who may take each step, the rectification plan of a 重大隐患,
//! overdue and escalation, and the self-check schedule (自查自改自报).
//!
//! The flow is 待整改 → 整改中 → 待验收 → 已销号, with 退回 from 待验收 back to
//! 整改中 (a reason is required); 即查即改 (fixed on the spot) is recorded already
//! closed, with photos before and after. A 重大隐患 must be put under listed
//! supervision (挂牌督办) by the district or the bureau and have a rectification
//! plan with its six parts before it can be submitted for verification, and only
//! the supervising unit verifies it. The enterprise never verifies its own hazards.

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::validate::{FieldError, Validator};

/// Where a hazard was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// 企业自查
    SelfCheck,
    /// 区局检查
    DistrictCheck,
    /// 市局督导
    BureauSupervision,
    /// 专项检查
    SpecialCheck,
    /// 群众举报
    PublicReport,
    /// 其他
    Other,
}

impl Source {
    pub const ALL: [Source; 6] = [
        Source::SelfCheck,
        Source::DistrictCheck,
        Source::BureauSupervision,
        Source::SpecialCheck,
        Source::PublicReport,
        Source::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Source::SelfCheck => "self_check",
            Source::DistrictCheck => "district_check",
            Source::BureauSupervision => "bureau_supervision",
            Source::SpecialCheck => "special_check",
            Source::PublicReport => "public_report",
            Source::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Source::SelfCheck => "企业自查",
            Source::DistrictCheck => "区局检查",
            Source::BureauSupervision => "市局督导",
            Source::SpecialCheck => "专项检查",
            Source::PublicReport => "群众举报",
            Source::Other => "其他",
        }
    }

    pub fn from_code(s: &str) -> Option<Source> {
        Source::ALL.into_iter().find(|x| x.code() == s)
    }
}

/// 隐患等级.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 一般隐患
    General,
    /// 重大隐患
    Major,
}

impl Level {
    pub const ALL: [Level; 2] = [Level::General, Level::Major];

    pub fn code(self) -> &'static str {
        match self {
            Level::General => "general",
            Level::Major => "major",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Level::General => "一般隐患",
            Level::Major => "重大隐患",
        }
    }

    pub fn from_code(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|x| x.code() == s)
    }
}

/// Where a hazard stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// 待整改
    Pending,
    /// 整改中
    Rectifying,
    /// 待验收
    Verifying,
    /// 已销号
    Closed,
}

impl State {
    pub const ALL: [State; 4] = [
        State::Pending,
        State::Rectifying,
        State::Verifying,
        State::Closed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            State::Pending => "pending",
            State::Rectifying => "rectifying",
            State::Verifying => "verifying",
            State::Closed => "closed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            State::Pending => "待整改",
            State::Rectifying => "整改中",
            State::Verifying => "待验收",
            State::Closed => "已销号",
        }
    }

    pub fn from_code(s: &str) -> Option<State> {
        State::ALL.into_iter().find(|x| x.code() == s)
    }

    /// Still to be rectified by the enterprise (the states a deadline applies to).
    pub fn is_open(self) -> bool {
        matches!(self, State::Pending | State::Rectifying)
    }
}

/// The default hazard categories (a dictionary the bureau can edit).
pub const DEFAULT_CATEGORIES: [&str; 12] = [
    "消防安全",
    "用电安全",
    "燃气安全",
    "特种设备",
    "建筑及结构",
    "疏散通道和安全出口",
    "危险化学品",
    "高处作业",
    "有限空间",
    "极端天气防范",
    "安全管理",
    "其他",
];

/// How the actor stands to the hazard's enterprise; decided by the store from the
/// actor's role and unit and the hazard's enterprise and district.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Party {
    /// A user of the hazard's own enterprise.
    Enterprise,
    /// Staff of the district bureau the enterprise belongs to (this unit).
    District(Uuid),
    /// Staff of a bureau section (this unit): the bureau.
    Bureau(Uuid),
    /// May read but not act (局领导, or staff of another district).
    Reader,
}

impl Party {
    fn is_staff(self) -> bool {
        matches!(self, Party::District(_) | Party::Bureau(_))
    }
}

/// Who put a 重大隐患 under listed supervision (挂牌督办).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SupervisorKind {
    /// 区级挂牌督办 (the district bureau)
    District,
    /// 市级挂牌督办 (the bureau)
    Bureau,
}

impl SupervisorKind {
    pub fn code(self) -> &'static str {
        match self {
            SupervisorKind::District => "district",
            SupervisorKind::Bureau => "bureau",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SupervisorKind::District => "区级挂牌督办",
            SupervisorKind::Bureau => "市级挂牌督办",
        }
    }

    pub fn from_code(s: &str) -> Option<SupervisorKind> {
        [SupervisorKind::District, SupervisorKind::Bureau]
            .into_iter()
            .find(|x| x.code() == s)
    }
}

/// The supervision of a 重大隐患: which level and which unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Supervision {
    pub kind: SupervisorKind,
    pub org_id: Uuid,
}

/// What the state machine needs to know about a hazard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    pub state: State,
    pub level: Level,
    pub supervision: Option<Supervision>,
    /// The rectification plan has all six parts.
    pub plan_complete: bool,
    /// The enterprise reported it itself (企业自查).
    pub self_reported: bool,
}

/// A step on a hazard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// 开始整改 (the enterprise)
    Start,
    /// 提交整改方案 (重大隐患, the enterprise)
    SubmitPlan,
    /// 挂牌督办 (重大隐患, district or bureau)
    Supervise,
    /// 整改完成，提交验收 (the enterprise, with photos after)
    Submit,
    /// 验收通过，销号 (the verifying unit)
    Accept,
    /// 验收不通过，退回整改 (the verifying unit, with a reason)
    Return,
    /// 调整隐患等级 (district or bureau)
    ChangeLevel,
    /// 修改隐患信息 (description, measures, deadline…)
    Edit,
}

impl Action {
    pub const ALL: [Action; 8] = [
        Action::Start,
        Action::SubmitPlan,
        Action::Supervise,
        Action::Submit,
        Action::Accept,
        Action::Return,
        Action::ChangeLevel,
        Action::Edit,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Action::Start => "start",
            Action::SubmitPlan => "submit_plan",
            Action::Supervise => "supervise",
            Action::Submit => "submit",
            Action::Accept => "accept",
            Action::Return => "return",
            Action::ChangeLevel => "change_level",
            Action::Edit => "edit",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Action::Start => "开始整改",
            Action::SubmitPlan => "提交整改方案",
            Action::Supervise => "挂牌督办",
            Action::Submit => "整改完成，提交验收",
            Action::Accept => "验收通过，销号",
            Action::Return => "验收不通过，退回整改",
            Action::ChangeLevel => "调整隐患等级",
            Action::Edit => "修改隐患信息",
        }
    }

    pub fn from_code(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|x| x.code() == s)
    }
}

/// Why a step is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// This party may never take this step on this hazard (HTTP 403).
    Forbidden(&'static str),
    /// Not in the hazard's present state (HTTP 409).
    Conflict(&'static str),
}

impl Refusal {
    pub fn message(&self) -> &'static str {
        match self {
            Refusal::Forbidden(m) | Refusal::Conflict(m) => m,
        }
    }
}

/// May `who` verify (accept or return) this hazard? General hazards: the district
/// or the bureau; 重大隐患: only the supervising unit (the bureau as a whole when the
/// bureau supervises it).
fn may_verify(f: &Facts, who: Party) -> Result<(), Refusal> {
    match who {
        Party::Enterprise => Err(Refusal::Forbidden("企业不能验收本企业的隐患")),
        Party::Reader => Err(Refusal::Forbidden("无权验收该隐患")),
        Party::District(org) | Party::Bureau(org) => match (f.level, f.supervision) {
            (Level::General, _) => Ok(()),
            (Level::Major, None) => Err(Refusal::Conflict("重大隐患须先挂牌督办，由督办单位验收")),
            (Level::Major, Some(s)) => {
                let ok = match (s.kind, who) {
                    (SupervisorKind::Bureau, Party::Bureau(_)) => true,
                    (SupervisorKind::District, _) => s.org_id == org,
                    _ => false,
                };
                if ok {
                    Ok(())
                } else {
                    Err(Refusal::Forbidden("重大隐患由挂牌督办单位验收"))
                }
            }
        },
    }
}

/// The state after `who` takes `action` on a hazard with these facts, or why not.
/// Input checks of the step itself (a reason, photos, plan parts, a deadline) are
/// separate: see [`check_step`].
pub fn decide(f: &Facts, who: Party, action: Action) -> Result<State, Refusal> {
    use Action::*;
    use State::*;
    if who == Party::Reader {
        return Err(Refusal::Forbidden("只能查看，无权办理该隐患"));
    }
    if f.state == Closed {
        return Err(Refusal::Conflict("隐患已销号，不能再办理"));
    }
    match action {
        Start => {
            if who != Party::Enterprise {
                return Err(Refusal::Forbidden("整改由企业办理"));
            }
            match f.state {
                Pending => Ok(Rectifying),
                Rectifying => Err(Refusal::Conflict("已在整改中")),
                _ => Err(Refusal::Conflict("已提交验收，等待验收")),
            }
        }
        SubmitPlan => {
            if who != Party::Enterprise {
                return Err(Refusal::Forbidden("整改方案由企业提交"));
            }
            if f.level != Level::Major {
                return Err(Refusal::Conflict("只有重大隐患需要提交整改方案"));
            }
            match f.state {
                Pending | Rectifying => Ok(Rectifying),
                _ => Err(Refusal::Conflict("已提交验收，不能再修改整改方案")),
            }
        }
        Supervise => {
            if !who.is_staff() {
                return Err(Refusal::Forbidden("挂牌督办由区商务局或市商务局办理"));
            }
            if f.level != Level::Major {
                return Err(Refusal::Conflict("只有重大隐患需要挂牌督办"));
            }
            match (f.supervision.map(|s| s.kind), who) {
                (Some(SupervisorKind::Bureau), _) => Err(Refusal::Conflict("已由市商务局挂牌督办")),
                (Some(SupervisorKind::District), Party::District(_)) => {
                    Err(Refusal::Conflict("已由区商务局挂牌督办"))
                }
                // The bureau may take over a district's supervision (提级督办).
                _ => Ok(f.state),
            }
        }
        Submit => {
            if who != Party::Enterprise {
                return Err(Refusal::Forbidden("整改完成由企业提交验收"));
            }
            match f.state {
                Pending | Rectifying => {}
                _ => return Err(Refusal::Conflict("已提交验收，等待验收")),
            }
            if f.level == Level::Major {
                if f.supervision.is_none() {
                    return Err(Refusal::Conflict(
                        "重大隐患须先由区商务局或市商务局挂牌督办",
                    ));
                }
                if !f.plan_complete {
                    return Err(Refusal::Conflict("重大隐患须先提交完整的整改方案"));
                }
            }
            Ok(Verifying)
        }
        Accept | Return => {
            may_verify(f, who)?;
            if f.state != Verifying {
                return Err(Refusal::Conflict("只有待验收的隐患可以验收"));
            }
            Ok(if action == Accept { Closed } else { Rectifying })
        }
        ChangeLevel => {
            if !who.is_staff() {
                return Err(Refusal::Forbidden("隐患等级由区商务局或市商务局认定"));
            }
            if f.state == Verifying {
                return Err(Refusal::Conflict("待验收的隐患不能调整等级"));
            }
            // A supervised 重大隐患 is downgraded only by its supervising level.
            if let Some(s) = f.supervision
                && s.kind == SupervisorKind::Bureau
                && !matches!(who, Party::Bureau(_))
            {
                return Err(Refusal::Forbidden(
                    "市级挂牌督办的隐患只能由市商务局调整等级",
                ));
            }
            Ok(f.state)
        }
        Edit => {
            match who {
                Party::Enterprise if !f.self_reported => {
                    return Err(Refusal::Forbidden("检查发现的隐患由检查单位修改"));
                }
                Party::Enterprise if f.state != Pending => {
                    return Err(Refusal::Conflict("开始整改后不能再修改隐患信息"));
                }
                _ => {}
            }
            if f.state == Verifying {
                return Err(Refusal::Conflict("待验收的隐患不能修改"));
            }
            Ok(f.state)
        }
    }
}

/// What a step carries besides the step itself.
#[derive(Debug, Clone, Default)]
pub struct StepInput<'a> {
    pub comment: Option<&'a str>,
    /// Photos after rectification (for `Submit`).
    pub after_photos: usize,
    /// The supervision deadline (for `Supervise`).
    pub supervise_deadline: Option<NaiveDate>,
    /// The new level (for `ChangeLevel`).
    pub level: Option<Level>,
}

/// Checks the input of a step: a reason to return, photos after rectification, a
/// supervision deadline, a different level. Returns the trimmed comment.
pub fn check_step(
    f: &Facts,
    action: Action,
    input: &StepInput<'_>,
    today: NaiveDate,
) -> Result<Option<String>, Vec<FieldError>> {
    let mut v = Validator::new();
    let comment = v.optional_text("comment", "说明", input.comment, 1000);
    match action {
        Action::Return if comment.is_none() => {
            v.error("comment", "required", "退回须填写不通过的原因");
        }
        Action::Submit => {
            if input.after_photos == 0 {
                v.error("after_photos", "required", "请上传整改后的照片");
            }
            if input.after_photos > MAX_PHOTOS {
                v.error(
                    "after_photos",
                    "too_many",
                    format!("整改后照片最多{MAX_PHOTOS}张"),
                );
            }
        }
        Action::Supervise => match input.supervise_deadline {
            None => v.error("deadline", "required", "请填写督办期限"),
            Some(d) if d < today => v.error("deadline", "invalid", "督办期限不能早于今天"),
            Some(_) => {}
        },
        Action::ChangeLevel => match input.level {
            None => v.error("level", "required", "请选择隐患等级"),
            Some(l) if l == f.level => {
                v.error("level", "invalid", format!("隐患已是{}", l.label()));
            }
            Some(_) => {
                if comment.is_none() {
                    v.error("comment", "required", "调整等级须说明理由");
                }
            }
        },
        _ => {}
    }
    v.into_result().map(|_| comment)
}

/// Most photos one hazard or one step carries.
pub const MAX_PHOTOS: usize = 9;

/// A new hazard as reported.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HazardInput {
    pub enterprise_id: Option<Uuid>,
    pub source: Option<Source>,
    pub category_id: Option<Uuid>,
    pub level: Option<Level>,
    /// 隐患描述
    #[serde(default)]
    pub description: String,
    /// 隐患部位
    pub location: Option<String>,
    /// 发现日期 (China date); today when absent.
    pub found_on: Option<NaiveDate>,
    /// 发现人
    pub found_by: Option<String>,
    /// 整改措施 (required measures)
    pub measures: Option<String>,
    /// 整改责任人
    pub responsible: Option<String>,
    /// 整改期限
    pub deadline: Option<NaiveDate>,
    /// 预计整改资金（元）
    pub funds: Option<f64>,
    /// Uploaded photos of the hazard (ids from `POST /api/photos`).
    #[serde(default)]
    pub photos: Vec<Uuid>,
    /// 即查即改: fixed on the spot; recorded closed with photos after.
    #[serde(default)]
    pub fixed_on_spot: bool,
    /// Photos after an on-the-spot fix.
    #[serde(default)]
    pub after_photos: Vec<Uuid>,
    /// What was done on the spot.
    pub fix_note: Option<String>,
    /// The self-check this hazard was found in (set by the self-check itself).
    #[serde(skip)]
    pub self_check_id: Option<Uuid>,
}

/// The changeable details of a hazard (修改隐患信息).
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HazardEdit {
    pub category_id: Option<Uuid>,
    #[serde(default)]
    pub description: String,
    pub location: Option<String>,
    pub measures: Option<String>,
    pub responsible: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub funds: Option<f64>,
    /// Why (kept in the timeline), e.g. 延期 and its reason.
    pub comment: Option<String>,
}

/// A checked new hazard.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedHazard {
    pub enterprise_id: Uuid,
    pub source: Source,
    pub category_id: Uuid,
    pub level: Level,
    pub description: String,
    pub location: Option<String>,
    pub found_on: NaiveDate,
    pub found_by: Option<String>,
    pub measures: Option<String>,
    pub responsible: Option<String>,
    pub deadline: NaiveDate,
    pub funds: Option<f64>,
    pub fixed_on_spot: bool,
    pub fix_note: Option<String>,
}

/// The usual rectification time when none is given: 30 days for a general hazard
/// (15 days for a major one, which then gets its own supervision deadline).
pub fn default_deadline(level: Level, found_on: NaiveDate) -> NaiveDate {
    found_on
        + Duration::days(match level {
            Level::General => 30,
            Level::Major => 15,
        })
}

fn check_funds(v: &mut Validator, field: &str, funds: Option<f64>) -> Option<f64> {
    let f = funds?;
    if !f.is_finite() || !(0.0..=1e10).contains(&f) {
        v.error(field, "out_of_range", "整改资金应为0到100亿元之间的金额");
    }
    Some((f * 100.0).round() / 100.0)
}

/// Checks a new hazard. `by_enterprise`: reported by the enterprise's own user,
/// who reports only 企业自查 hazards.
pub fn check_new(
    input: &HazardInput,
    by_enterprise: bool,
    today: NaiveDate,
) -> Result<CheckedHazard, Vec<FieldError>> {
    let mut v = Validator::new();
    if input.enterprise_id.is_none() {
        v.error("enterprise_id", "required", "请选择隐患所在企业");
    }
    let source = match (input.source, by_enterprise) {
        (None, true) => Source::SelfCheck,
        (Some(Source::SelfCheck), true) => Source::SelfCheck,
        (Some(_), true) => {
            v.error("source", "invalid", "企业上报的隐患来源只能是“企业自查”");
            Source::SelfCheck
        }
        (Some(s), false) => s,
        (None, false) => {
            v.error("source", "required", "请选择隐患来源");
            Source::Other
        }
    };
    if input.category_id.is_none() {
        v.error("category_id", "required", "请选择隐患类别");
    }
    let level = input.level.unwrap_or(Level::General);
    let description = v.text("description", "隐患描述", &input.description, 2, 1000);
    let location = v.optional_text("location", "隐患部位", input.location.as_deref(), 200);
    let found_by = v.optional_text("found_by", "发现人", input.found_by.as_deref(), 50);
    let measures = v.optional_text("measures", "整改措施", input.measures.as_deref(), 2000);
    let responsible = v.optional_text(
        "responsible",
        "整改责任人",
        input.responsible.as_deref(),
        50,
    );
    let fix_note = v.optional_text("fix_note", "现场整改情况", input.fix_note.as_deref(), 1000);
    let found_on = input.found_on.unwrap_or(today);
    if found_on > today {
        v.error("found_on", "invalid", "发现日期不能晚于今天");
    }
    if found_on < today - Duration::days(3 * 366) {
        v.error("found_on", "invalid", "发现日期不能早于三年前");
    }
    let deadline = input
        .deadline
        .unwrap_or_else(|| default_deadline(level, found_on.max(today)));
    if !input.fixed_on_spot && deadline < found_on {
        v.error("deadline", "invalid", "整改期限不能早于发现日期");
    }
    let funds = check_funds(&mut v, "funds", input.funds);
    if input.photos.is_empty() {
        v.error("photos", "required", "请至少上传一张隐患照片");
    }
    if input.photos.len() > MAX_PHOTOS {
        v.error("photos", "too_many", format!("隐患照片最多{MAX_PHOTOS}张"));
    }
    if input.fixed_on_spot {
        if level == Level::Major {
            v.error(
                "fixed_on_spot",
                "invalid",
                "重大隐患不能即查即改，须挂牌督办整改",
            );
        }
        if input.after_photos.is_empty() {
            v.error("after_photos", "required", "即查即改须上传整改后的照片");
        }
        if input.after_photos.len() > MAX_PHOTOS {
            v.error(
                "after_photos",
                "too_many",
                format!("整改后照片最多{MAX_PHOTOS}张"),
            );
        }
    } else if !input.after_photos.is_empty() {
        v.error(
            "after_photos",
            "invalid",
            "只有即查即改的隐患在上报时附整改后照片",
        );
    }
    v.into_result()?;
    Ok(CheckedHazard {
        enterprise_id: input.enterprise_id.unwrap_or_default(),
        source,
        category_id: input.category_id.unwrap_or_default(),
        level,
        description,
        location,
        found_on,
        found_by,
        measures,
        responsible,
        deadline: if input.fixed_on_spot {
            found_on
        } else {
            deadline
        },
        funds,
        fixed_on_spot: input.fixed_on_spot,
        fix_note,
    })
}

/// A checked edit.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedEdit {
    pub category_id: Uuid,
    pub description: String,
    pub location: Option<String>,
    pub measures: Option<String>,
    pub responsible: Option<String>,
    pub deadline: NaiveDate,
    pub funds: Option<f64>,
    pub comment: Option<String>,
}

/// Checks an edit of a hazard found on `found_on` whose deadline is `old_deadline`;
/// moving the deadline (延期) needs a reason.
pub fn check_edit(
    input: &HazardEdit,
    found_on: NaiveDate,
    old_deadline: NaiveDate,
) -> Result<CheckedEdit, Vec<FieldError>> {
    let mut v = Validator::new();
    if input.category_id.is_none() {
        v.error("category_id", "required", "请选择隐患类别");
    }
    let description = v.text("description", "隐患描述", &input.description, 2, 1000);
    let location = v.optional_text("location", "隐患部位", input.location.as_deref(), 200);
    let measures = v.optional_text("measures", "整改措施", input.measures.as_deref(), 2000);
    let responsible = v.optional_text(
        "responsible",
        "整改责任人",
        input.responsible.as_deref(),
        50,
    );
    let comment = v.optional_text("comment", "修改说明", input.comment.as_deref(), 1000);
    let deadline = input.deadline.unwrap_or(old_deadline);
    if deadline < found_on {
        v.error("deadline", "invalid", "整改期限不能早于发现日期");
    }
    if deadline != old_deadline && comment.is_none() {
        v.error("comment", "required", "调整整改期限须说明理由");
    }
    let funds = check_funds(&mut v, "funds", input.funds);
    v.into_result()?;
    Ok(CheckedEdit {
        category_id: input.category_id.unwrap_or_default(),
        description,
        location,
        measures,
        responsible,
        deadline,
        funds,
        comment,
    })
}

/// The rectification plan of a 重大隐患 with its six required parts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RectificationPlan {
    /// 整改的目标和任务
    #[serde(default)]
    pub goal: String,
    /// 整改的方法和措施
    #[serde(default)]
    pub methods: String,
    /// 经费和物资的落实
    #[serde(default)]
    pub funds: String,
    /// 负责整改的机构和人员
    #[serde(default)]
    pub organization: String,
    /// 整改的时限和要求
    #[serde(default)]
    pub schedule: String,
    /// 安全措施和应急预案
    #[serde(default)]
    pub safety: String,
}

/// The six parts: field and label.
pub const PLAN_PARTS: [(&str, &str); 6] = [
    ("goal", "目标和任务"),
    ("methods", "方法和措施"),
    ("funds", "经费和物资"),
    ("organization", "机构和人员"),
    ("schedule", "时限和要求"),
    ("safety", "安全措施和应急预案"),
];

impl RectificationPlan {
    fn parts(&self) -> [&str; 6] {
        [
            &self.goal,
            &self.methods,
            &self.funds,
            &self.organization,
            &self.schedule,
            &self.safety,
        ]
    }

    pub fn is_complete(&self) -> bool {
        self.parts().iter().all(|p| !p.trim().is_empty())
    }

    /// Every part present (2–2000 characters); trimmed.
    pub fn check(&self) -> Result<RectificationPlan, Vec<FieldError>> {
        let mut v = Validator::new();
        let mut out = Vec::with_capacity(6);
        for ((field, label), value) in PLAN_PARTS.iter().zip(self.parts()) {
            out.push(v.text(
                &format!("plan.{field}"),
                &format!("整改方案的{label}"),
                value,
                2,
                2000,
            ));
        }
        v.into_result()?;
        let mut it = out.into_iter();
        let mut next = || it.next().unwrap_or_default();
        Ok(RectificationPlan {
            goal: next(),
            methods: next(),
            funds: next(),
            organization: next(),
            schedule: next(),
            safety: next(),
        })
    }
}

/// Overdue: still to be rectified after its deadline (China dates).
pub fn is_overdue(state: State, deadline: NaiveDate, today: NaiveDate) -> bool {
    state.is_open() && today > deadline
}

/// Who an overdue hazard is escalated to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Escalation {
    /// The first day overdue: the enterprise.
    Enterprise,
    /// Three days overdue: the district bureau.
    District,
    /// Seven days overdue (a 重大隐患: three): the bureau (the supervising unit).
    Bureau,
}

impl Escalation {
    pub fn code(self) -> &'static str {
        match self {
            Escalation::Enterprise => "enterprise",
            Escalation::District => "district",
            Escalation::Bureau => "bureau",
        }
    }

    /// Days past the deadline from which this step applies.
    pub fn after_days(self, level: Level) -> i64 {
        match (self, level) {
            (Escalation::Enterprise, _) => 1,
            (Escalation::District, Level::General) => 3,
            (Escalation::District, Level::Major) => 1,
            (Escalation::Bureau, Level::General) => 7,
            (Escalation::Bureau, Level::Major) => 3,
        }
    }
}

/// The escalation steps due for a hazard on `today` (each is sent once; the caller
/// claims them).
pub fn escalations(
    state: State,
    level: Level,
    deadline: NaiveDate,
    today: NaiveDate,
) -> Vec<Escalation> {
    if !is_overdue(state, deadline, today) {
        return Vec::new();
    }
    let over = (today - deadline).num_days();
    [
        Escalation::Enterprise,
        Escalation::District,
        Escalation::Bureau,
    ]
    .into_iter()
    .filter(|e| over >= e.after_days(level))
    .collect()
}

/// How often enterprises of a category must record a self-check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CheckPeriod {
    /// 不要求
    None,
    /// 每周
    Weekly,
    /// 每月
    Monthly,
    /// 每季度
    Quarterly,
}

impl CheckPeriod {
    pub const ALL: [CheckPeriod; 4] = [
        CheckPeriod::None,
        CheckPeriod::Weekly,
        CheckPeriod::Monthly,
        CheckPeriod::Quarterly,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CheckPeriod::None => "none",
            CheckPeriod::Weekly => "weekly",
            CheckPeriod::Monthly => "monthly",
            CheckPeriod::Quarterly => "quarterly",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CheckPeriod::None => "不要求",
            CheckPeriod::Weekly => "每周",
            CheckPeriod::Monthly => "每月",
            CheckPeriod::Quarterly => "每季度",
        }
    }

    pub fn from_code(s: &str) -> Option<CheckPeriod> {
        CheckPeriod::ALL.into_iter().find(|x| x.code() == s)
    }

    /// The period holding `day`: first day, last day and a label
    /// (`2026年第48周`, `2026年11月`, `2026年第4季度`); None when not required.
    pub fn period_of(self, day: NaiveDate) -> Option<(NaiveDate, NaiveDate, String)> {
        match self {
            CheckPeriod::None => None,
            CheckPeriod::Weekly => {
                let start = day - Duration::days(day.weekday().num_days_from_monday() as i64);
                let w = day.iso_week();
                Some((
                    start,
                    start + Duration::days(6),
                    format!("{}年第{}周", w.year(), w.week()),
                ))
            }
            CheckPeriod::Monthly => {
                let start = day.with_day(1)?;
                let next = if day.month() == 12 {
                    NaiveDate::from_ymd_opt(day.year() + 1, 1, 1)?
                } else {
                    NaiveDate::from_ymd_opt(day.year(), day.month() + 1, 1)?
                };
                Some((
                    start,
                    next - Duration::days(1),
                    format!("{}年{}月", day.year(), day.month()),
                ))
            }
            CheckPeriod::Quarterly => {
                let q = (day.month() - 1) / 3;
                let start = NaiveDate::from_ymd_opt(day.year(), q * 3 + 1, 1)?;
                let next = if q == 3 {
                    NaiveDate::from_ymd_opt(day.year() + 1, 1, 1)?
                } else {
                    NaiveDate::from_ymd_opt(day.year(), q * 3 + 4, 1)?
                };
                Some((
                    start,
                    next - Duration::days(1),
                    format!("{}年第{}季度", day.year(), q + 1),
                ))
            }
        }
    }

    /// The period before the one holding `day`.
    pub fn previous(self, day: NaiveDate) -> Option<(NaiveDate, NaiveDate, String)> {
        let (start, _, _) = self.period_of(day)?;
        self.period_of(start - Duration::days(1))
    }
}

/// A self-check as recorded (自查).
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SelfCheckInput {
    /// The enterprise (an enterprise user may leave it out: its own).
    pub enterprise_id: Option<Uuid>,
    /// 检查日期
    pub checked_on: Option<NaiveDate>,
    /// 检查范围 (places, equipment, activities covered)
    #[serde(default)]
    pub scope: String,
    /// 检查人员
    #[serde(default)]
    pub inspectors: String,
    /// Checklist items, if a checklist was used.
    #[serde(default)]
    pub items: Vec<SelfCheckItem>,
    /// 本次检查未发现隐患 (must be said explicitly when no hazard is reported).
    #[serde(default)]
    pub no_hazards: bool,
    /// Hazards found (each reported in the same transaction).
    #[serde(default)]
    pub hazards: Vec<HazardInput>,
    /// Photos or the signed check record.
    #[serde(default)]
    pub attachments: Vec<Uuid>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SelfCheckItem {
    /// 检查项目
    pub item: String,
    /// 符合 / 不符合 / 不适用
    pub result: String,
    pub note: Option<String>,
}

pub const ITEM_RESULTS: [&str; 3] = ["符合", "不符合", "不适用"];

/// A checked self-check (its hazards are checked one by one with [`check_new`]).
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedSelfCheck {
    pub checked_on: NaiveDate,
    pub scope: String,
    pub inspectors: String,
    pub items: Vec<SelfCheckItem>,
    pub no_hazards: bool,
    pub note: Option<String>,
}

pub fn check_self_check(
    input: &SelfCheckInput,
    today: NaiveDate,
) -> Result<CheckedSelfCheck, Vec<FieldError>> {
    let mut v = Validator::new();
    let checked_on = input.checked_on.unwrap_or(today);
    if checked_on > today {
        v.error("checked_on", "invalid", "检查日期不能晚于今天");
    }
    if checked_on < today - Duration::days(366) {
        v.error("checked_on", "invalid", "检查日期不能早于一年前");
    }
    let scope = v.text("scope", "检查范围", &input.scope, 2, 500);
    let inspectors = v.text("inspectors", "检查人员", &input.inspectors, 2, 200);
    let note = v.optional_text("note", "备注", input.note.as_deref(), 1000);
    if input.items.len() > 200 {
        v.error("items", "too_many", "检查项目最多200项");
    }
    let mut items = Vec::with_capacity(input.items.len());
    for (i, it) in input.items.iter().enumerate() {
        let item = v.text(
            &format!("items.{i}.item"),
            &format!("第{}项检查项目", i + 1),
            &it.item,
            1,
            200,
        );
        if !ITEM_RESULTS.contains(&it.result.as_str()) {
            v.error(
                &format!("items.{i}.result"),
                "invalid",
                format!("第{}项的检查结果应为符合、不符合或不适用", i + 1),
            );
        }
        let note = v.optional_text(
            &format!("items.{i}.note"),
            &format!("第{}项的说明", i + 1),
            it.note.as_deref(),
            500,
        );
        items.push(SelfCheckItem {
            item,
            result: it.result.clone(),
            note,
        });
    }
    match (input.no_hazards, input.hazards.is_empty()) {
        (true, false) => v.error(
            "no_hazards",
            "invalid",
            "已填写发现的隐患，不能同时勾选“未发现隐患”",
        ),
        (false, true) => v.error(
            "no_hazards",
            "required",
            "未填写发现的隐患时，请明确勾选“未发现隐患”",
        ),
        _ => {}
    }
    if input.hazards.len() > 50 {
        v.error("hazards", "too_many", "一次自查最多上报50条隐患");
    }
    if input.attachments.len() > MAX_PHOTOS {
        v.error("attachments", "too_many", format!("附件最多{MAX_PHOTOS}个"));
    }
    v.into_result()?;
    Ok(CheckedSelfCheck {
        checked_on,
        scope,
        inspectors,
        items,
        no_hazards: input.no_hazards,
        note,
    })
}

/// Repeat hazards: the same enterprise and category found again within this many days.
pub const REPEAT_WINDOW_DAYS: i64 = 90;

/// Whole days from found to closed (China dates), for the average time to close.
pub fn days_to_close(found_on: NaiveDate, closed_on: NaiveDate) -> i64 {
    (closed_on - found_on).num_days().max(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const DISTRICT: Uuid = Uuid::from_u128(1);
    const OTHER_DISTRICT: Uuid = Uuid::from_u128(2);
    const SECTION: Uuid = Uuid::from_u128(3);
    const OTHER_SECTION: Uuid = Uuid::from_u128(4);

    fn parties() -> [Party; 5] {
        [
            Party::Enterprise,
            Party::District(DISTRICT),
            Party::Bureau(SECTION),
            Party::Bureau(OTHER_SECTION),
            Party::Reader,
        ]
    }

    fn all_facts() -> Vec<Facts> {
        let mut out = Vec::new();
        for state in State::ALL {
            for level in Level::ALL {
                for supervision in [
                    None,
                    Some(Supervision {
                        kind: SupervisorKind::District,
                        org_id: DISTRICT,
                    }),
                    Some(Supervision {
                        kind: SupervisorKind::District,
                        org_id: OTHER_DISTRICT,
                    }),
                    Some(Supervision {
                        kind: SupervisorKind::Bureau,
                        org_id: SECTION,
                    }),
                ] {
                    if level == Level::General && supervision.is_some() {
                        continue;
                    }
                    for plan_complete in [false, true] {
                        for self_reported in [false, true] {
                            out.push(Facts {
                                state,
                                level,
                                supervision,
                                plan_complete,
                                self_reported,
                            });
                        }
                    }
                }
            }
        }
        out
    }

    /// The rules written out independently of `decide`, as a table a reviewer can
    /// read: for every state × level × supervision × plan × reporter × party × action,
    /// the expected next state, or None when refused.
    fn expected(f: &Facts, who: Party, a: Action) -> Option<State> {
        use Action::*;
        use State::*;
        let staff = matches!(who, Party::District(_) | Party::Bureau(_));
        let verifier = match (f.level, f.supervision, who) {
            (_, _, Party::Enterprise | Party::Reader) => false,
            (Level::General, _, _) => true,
            (Level::Major, None, _) => false,
            (Level::Major, Some(s), Party::District(o)) => {
                s.kind == SupervisorKind::District && s.org_id == o
            }
            (Level::Major, Some(s), Party::Bureau(o)) => {
                s.kind == SupervisorKind::Bureau || s.org_id == o
            }
        };
        if who == Party::Reader || f.state == Closed {
            return None;
        }
        match (a, f.state) {
            (Start, Pending) if who == Party::Enterprise => Some(Rectifying),
            (SubmitPlan, Pending | Rectifying)
                if who == Party::Enterprise && f.level == Level::Major =>
            {
                Some(Rectifying)
            }
            (Supervise, s) if staff && f.level == Level::Major => match f.supervision {
                None => Some(s),
                Some(x)
                    if x.kind == SupervisorKind::District && matches!(who, Party::Bureau(_)) =>
                {
                    Some(s)
                }
                _ => None,
            },
            (Submit, Pending | Rectifying) if who == Party::Enterprise => {
                if f.level == Level::Major && (f.supervision.is_none() || !f.plan_complete) {
                    None
                } else {
                    Some(Verifying)
                }
            }
            (Accept, Verifying) if verifier => Some(Closed),
            (Return, Verifying) if verifier => Some(Rectifying),
            (ChangeLevel, Pending | Rectifying) if staff => {
                let bureau_supervised = f
                    .supervision
                    .is_some_and(|s| s.kind == SupervisorKind::Bureau);
                if bureau_supervised && !matches!(who, Party::Bureau(_)) {
                    None
                } else {
                    Some(f.state)
                }
            }
            (Edit, Pending | Rectifying) if staff => Some(f.state),
            (Edit, Pending) if who == Party::Enterprise && f.self_reported => Some(Pending),
            _ => None,
        }
    }

    #[test]
    fn every_transition_for_every_party_matches_the_table() {
        let mut allowed = 0;
        let mut refused = 0;
        for f in all_facts() {
            for who in parties() {
                for a in Action::ALL {
                    let got = decide(&f, who, a);
                    let want = expected(&f, who, a);
                    assert_eq!(
                        got.as_ref().ok().copied(),
                        want,
                        "{f:?} {who:?} {a:?}: got {got:?}"
                    );
                    match got {
                        Ok(_) => allowed += 1,
                        Err(r) => {
                            refused += 1;
                            assert!(!r.message().is_empty());
                        }
                    }
                }
            }
        }
        // 4 states × (1 general + 4 major supervisions) × 2 plans × 2 reporters × 5 parties × 8 actions
        assert_eq!(allowed + refused, 4 * 5 * 2 * 2 * 5 * 8);
        assert!(
            allowed > 100 && refused > 1000,
            "{allowed} allowed, {refused} refused"
        );
    }

    #[test]
    fn readers_and_other_parties_are_forbidden_not_conflicted() {
        let f = Facts {
            state: State::Verifying,
            level: Level::General,
            supervision: None,
            plan_complete: false,
            self_reported: true,
        };
        assert!(matches!(
            decide(&f, Party::Enterprise, Action::Accept),
            Err(Refusal::Forbidden(_))
        ));
        assert!(matches!(
            decide(&f, Party::Reader, Action::Accept),
            Err(Refusal::Forbidden(_))
        ));
        assert!(matches!(
            decide(&f, Party::District(DISTRICT), Action::Start),
            Err(Refusal::Forbidden(_))
        ));
        // Right party, wrong state: a conflict.
        let pending = Facts {
            state: State::Pending,
            ..f
        };
        assert!(matches!(
            decide(&pending, Party::District(DISTRICT), Action::Accept),
            Err(Refusal::Conflict(_))
        ));
    }

    #[test]
    fn a_major_hazard_is_verified_only_by_its_supervising_unit() {
        let bureau = Facts {
            state: State::Verifying,
            level: Level::Major,
            supervision: Some(Supervision {
                kind: SupervisorKind::Bureau,
                org_id: SECTION,
            }),
            plan_complete: true,
            self_reported: true,
        };
        assert_eq!(
            decide(&bureau, Party::Bureau(OTHER_SECTION), Action::Accept),
            Ok(State::Closed)
        );
        assert_eq!(
            decide(&bureau, Party::District(DISTRICT), Action::Accept),
            Err(Refusal::Forbidden("重大隐患由挂牌督办单位验收"))
        );
        let district = Facts {
            supervision: Some(Supervision {
                kind: SupervisorKind::District,
                org_id: DISTRICT,
            }),
            ..bureau
        };
        assert_eq!(
            decide(&district, Party::District(DISTRICT), Action::Return),
            Ok(State::Rectifying)
        );
        assert!(decide(&district, Party::Bureau(SECTION), Action::Accept).is_err());
        // The bureau may take over a district's supervision, not the other way round.
        let open = Facts {
            state: State::Rectifying,
            ..district
        };
        assert_eq!(
            decide(&open, Party::Bureau(SECTION), Action::Supervise),
            Ok(State::Rectifying)
        );
        let open_bureau = Facts {
            state: State::Rectifying,
            ..bureau
        };
        assert!(decide(&open_bureau, Party::District(DISTRICT), Action::Supervise).is_err());
    }

    #[test]
    fn a_major_hazard_needs_supervision_and_a_complete_plan_before_verification() {
        let mut f = Facts {
            state: State::Rectifying,
            level: Level::Major,
            supervision: None,
            plan_complete: false,
            self_reported: false,
        };
        assert_eq!(
            decide(&f, Party::Enterprise, Action::Submit),
            Err(Refusal::Conflict(
                "重大隐患须先由区商务局或市商务局挂牌督办"
            ))
        );
        f.supervision = Some(Supervision {
            kind: SupervisorKind::District,
            org_id: DISTRICT,
        });
        assert_eq!(
            decide(&f, Party::Enterprise, Action::Submit),
            Err(Refusal::Conflict("重大隐患须先提交完整的整改方案"))
        );
        f.plan_complete = true;
        assert_eq!(
            decide(&f, Party::Enterprise, Action::Submit),
            Ok(State::Verifying)
        );
    }

    #[test]
    fn step_inputs_are_checked() {
        let f = Facts {
            state: State::Verifying,
            level: Level::General,
            supervision: None,
            plan_complete: false,
            self_reported: true,
        };
        let today = d("2026-11-28");
        let err = check_step(&f, Action::Return, &StepInput::default(), today).unwrap_err();
        assert_eq!(err[0].field, "comment");
        assert_eq!(err[0].message, "退回须填写不通过的原因");
        assert_eq!(
            check_step(
                &f,
                Action::Return,
                &StepInput {
                    comment: Some("  灭火器仍过期  "),
                    ..Default::default()
                },
                today
            ),
            Ok(Some("灭火器仍过期".into()))
        );
        let err = check_step(&f, Action::Submit, &StepInput::default(), today).unwrap_err();
        assert_eq!(err[0].field, "after_photos");
        let err = check_step(
            &f,
            Action::Supervise,
            &StepInput {
                supervise_deadline: Some(d("2026-11-27")),
                ..Default::default()
            },
            today,
        )
        .unwrap_err();
        assert_eq!(err[0].message, "督办期限不能早于今天");
        let err = check_step(
            &f,
            Action::ChangeLevel,
            &StepInput {
                level: Some(Level::General),
                ..Default::default()
            },
            today,
        )
        .unwrap_err();
        assert_eq!(err[0].message, "隐患已是一般隐患");
        let err = check_step(
            &f,
            Action::ChangeLevel,
            &StepInput {
                level: Some(Level::Major),
                ..Default::default()
            },
            today,
        )
        .unwrap_err();
        assert_eq!(err[0].field, "comment");
    }

    fn input() -> HazardInput {
        HazardInput {
            enterprise_id: Some(Uuid::from_u128(9)),
            category_id: Some(Uuid::from_u128(10)),
            description: "二楼疏散通道堆放杂物".into(),
            photos: vec![Uuid::from_u128(11)],
            ..Default::default()
        }
    }

    #[test]
    fn a_new_hazard_is_checked_with_defaults() {
        let today = d("2026-11-28");
        let h = check_new(&input(), true, today).unwrap();
        assert_eq!(h.source, Source::SelfCheck);
        assert_eq!(h.level, Level::General);
        assert_eq!(h.found_on, today);
        assert_eq!(h.deadline, d("2026-12-28"));
        // Staff must say where it came from; an enterprise only reports its own checks.
        let err = check_new(&input(), false, today).unwrap_err();
        assert_eq!(err[0].field, "source");
        let mut i = input();
        i.source = Some(Source::PublicReport);
        assert_eq!(check_new(&i, true, today).unwrap_err()[0].field, "source");
        assert_eq!(
            check_new(&i, false, today).unwrap().source,
            Source::PublicReport
        );
    }

    #[test]
    fn bad_new_hazards_name_every_field() {
        let today = d("2026-11-28");
        let i = HazardInput {
            found_on: Some(d("2026-11-29")),
            deadline: Some(d("2026-11-01")),
            funds: Some(-1.0),
            fixed_on_spot: true,
            level: Some(Level::Major),
            ..Default::default()
        };
        let fields: Vec<String> = check_new(&i, false, today)
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        for f in [
            "enterprise_id",
            "source",
            "category_id",
            "description",
            "found_on",
            "funds",
            "photos",
            "fixed_on_spot",
            "after_photos",
        ] {
            assert!(fields.contains(&f.to_string()), "{f} missing in {fields:?}");
        }
        let mut i = input();
        i.deadline = Some(d("2026-11-01"));
        i.found_on = Some(d("2026-11-20"));
        assert_eq!(
            check_new(&i, true, today).unwrap_err()[0].message,
            "整改期限不能早于发现日期"
        );
        let mut i = input();
        i.after_photos = vec![Uuid::from_u128(12)];
        assert_eq!(
            check_new(&i, true, today).unwrap_err()[0].field,
            "after_photos"
        );
    }

    #[test]
    fn on_the_spot_fixes_need_photos_after_and_close_at_once() {
        let today = d("2026-11-28");
        let mut i = input();
        i.fixed_on_spot = true;
        assert_eq!(
            check_new(&i, true, today).unwrap_err()[0].field,
            "after_photos"
        );
        i.after_photos = vec![Uuid::from_u128(12)];
        let h = check_new(&i, true, today).unwrap();
        assert!(h.fixed_on_spot);
        assert_eq!(h.deadline, today);
    }

    #[test]
    fn edits_need_a_reason_to_move_the_deadline() {
        let e = HazardEdit {
            category_id: Some(Uuid::from_u128(1)),
            description: "配电箱前堆物".into(),
            deadline: Some(d("2026-12-31")),
            ..Default::default()
        };
        let err = check_edit(&e, d("2026-11-01"), d("2026-12-01")).unwrap_err();
        assert_eq!(err[0].message, "调整整改期限须说明理由");
        let ok = check_edit(
            &HazardEdit {
                comment: Some("需采购新配电箱，申请延期".into()),
                ..e.clone()
            },
            d("2026-11-01"),
            d("2026-12-01"),
        )
        .unwrap();
        assert_eq!(ok.deadline, d("2026-12-31"));
        // Unchanged deadline: no reason needed.
        assert!(
            check_edit(
                &HazardEdit {
                    deadline: None,
                    ..e
                },
                d("2026-11-01"),
                d("2026-12-01")
            )
            .is_ok()
        );
    }

    #[test]
    fn a_plan_needs_all_six_parts() {
        let mut p = RectificationPlan {
            goal: "消除配电室漏水隐患".into(),
            methods: "更换屋面防水层".into(),
            funds: "预算5万元，已落实".into(),
            organization: "工程部张三负责".into(),
            schedule: "12月31日前完成".into(),
            safety: " ".into(),
        };
        assert!(!p.is_complete());
        let err = p.check().unwrap_err();
        assert_eq!(err.len(), 1);
        assert_eq!(err[0].field, "plan.safety");
        assert_eq!(err[0].message, "整改方案的安全措施和应急预案不能为空");
        p.safety = "施工期间停电作业，配备灭火器".into();
        assert!(p.is_complete());
        assert_eq!(p.check().unwrap(), p);
    }

    #[test]
    fn overdue_and_escalation_follow_the_calendar() {
        let deadline = d("2026-11-20");
        assert!(!is_overdue(State::Rectifying, deadline, d("2026-11-20")));
        assert!(is_overdue(State::Rectifying, deadline, d("2026-11-21")));
        assert!(!is_overdue(State::Verifying, deadline, d("2026-11-30")));
        assert!(!is_overdue(State::Closed, deadline, d("2026-11-30")));
        assert_eq!(
            escalations(State::Pending, Level::General, deadline, d("2026-11-21")),
            vec![Escalation::Enterprise]
        );
        assert_eq!(
            escalations(State::Pending, Level::General, deadline, d("2026-11-23")),
            vec![Escalation::Enterprise, Escalation::District]
        );
        assert_eq!(
            escalations(State::Pending, Level::General, deadline, d("2026-11-27")).len(),
            3
        );
        assert_eq!(
            escalations(State::Rectifying, Level::Major, deadline, d("2026-11-23")).len(),
            3
        );
        assert!(escalations(State::Verifying, Level::Major, deadline, d("2026-12-23")).is_empty());
    }

    #[test]
    fn check_periods() {
        let day = d("2026-11-28"); // a Saturday
        assert_eq!(
            CheckPeriod::Weekly.period_of(day),
            Some((d("2026-11-23"), d("2026-11-29"), "2026年第48周".into()))
        );
        assert_eq!(
            CheckPeriod::Monthly.period_of(day),
            Some((d("2026-11-01"), d("2026-11-30"), "2026年11月".into()))
        );
        assert_eq!(
            CheckPeriod::Monthly.period_of(d("2026-12-05")).unwrap().1,
            d("2026-12-31")
        );
        assert_eq!(
            CheckPeriod::Quarterly.period_of(day),
            Some((d("2026-10-01"), d("2026-12-31"), "2026年第4季度".into()))
        );
        assert_eq!(
            CheckPeriod::Monthly.previous(d("2026-01-15")).unwrap().2,
            "2025年12月"
        );
        assert_eq!(CheckPeriod::None.period_of(day), None);
    }

    #[test]
    fn self_checks_say_no_hazards_explicitly() {
        let today = d("2026-11-28");
        let base = SelfCheckInput {
            scope: "营业区、仓库、配电房".into(),
            inspectors: "张三、李四".into(),
            ..Default::default()
        };
        let err = check_self_check(&base, today).unwrap_err();
        assert_eq!(err[0].field, "no_hazards");
        assert!(
            check_self_check(
                &SelfCheckInput {
                    no_hazards: true,
                    ..base.clone()
                },
                today
            )
            .is_ok()
        );
        let both = SelfCheckInput {
            no_hazards: true,
            hazards: vec![input()],
            ..base.clone()
        };
        assert_eq!(
            check_self_check(&both, today).unwrap_err()[0].field,
            "no_hazards"
        );
        let bad_item = SelfCheckInput {
            no_hazards: true,
            items: vec![SelfCheckItem {
                item: "灭火器在有效期内".into(),
                result: "是".into(),
                note: None,
            }],
            ..base
        };
        assert_eq!(
            check_self_check(&bad_item, today).unwrap_err()[0].field,
            "items.0.result"
        );
    }

    #[test]
    fn codes_round_trip() {
        for s in Source::ALL {
            assert_eq!(Source::from_code(s.code()), Some(s));
        }
        for s in State::ALL {
            assert_eq!(State::from_code(s.code()), Some(s));
        }
        for l in Level::ALL {
            assert_eq!(Level::from_code(l.code()), Some(l));
        }
        for a in Action::ALL {
            assert_eq!(Action::from_code(a.code()), Some(a));
        }
        for p in CheckPeriod::ALL {
            assert_eq!(CheckPeriod::from_code(p.code()), Some(p));
        }
    }
}
