//! Extreme weather (极端天气防范): a warning (预警) entered or imported, broadcast to
//! the enterprises of the districts and categories concerned with a checklist of
//! the actions required; each enterprise confirms receipt (确认) and reports what it
//! did (报告落实情况). Unconfirmed enterprises are reminded 2 hours after the
//! broadcast and again every 6 hours while the warning is in force.
//!
//! Self-contained: warnings imported as CAP map onto [`Kind`] and [`Colour`] here.
//! The colours follow 《气象灾害预警信号发布与传播办法》: 台风, 暴雨 and 雷雨大风 have
//! blue, yellow, orange and red; 高温 has yellow, orange and red only.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::validate::{FieldError, Validator};

/// 预警类型.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 台风
    Typhoon,
    /// 暴雨
    Rainstorm,
    /// 雷雨大风
    ThunderstormGale,
    /// 高温
    Heat,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::Typhoon,
        Kind::Rainstorm,
        Kind::ThunderstormGale,
        Kind::Heat,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Kind::Typhoon => "typhoon",
            Kind::Rainstorm => "rainstorm",
            Kind::ThunderstormGale => "thunderstorm_gale",
            Kind::Heat => "heat",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Typhoon => "台风",
            Kind::Rainstorm => "暴雨",
            Kind::ThunderstormGale => "雷雨大风",
            Kind::Heat => "高温",
        }
    }

    pub fn from_code(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == s)
    }

    /// The colours this kind of warning is issued in (高温 has no blue).
    pub fn colours(self) -> &'static [Colour] {
        match self {
            Kind::Heat => &[Colour::Yellow, Colour::Orange, Colour::Red],
            _ => &Colour::ALL,
        }
    }
}

/// 预警级别 (颜色), from blue (rank 1) to red (rank 4).
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
#[serde(rename_all = "snake_case")]
pub enum Colour {
    /// 蓝色
    Blue,
    /// 黄色
    Yellow,
    /// 橙色
    Orange,
    /// 红色
    Red,
}

impl Colour {
    pub const ALL: [Colour; 4] = [Colour::Blue, Colour::Yellow, Colour::Orange, Colour::Red];

    pub fn code(self) -> &'static str {
        match self {
            Colour::Blue => "blue",
            Colour::Yellow => "yellow",
            Colour::Orange => "orange",
            Colour::Red => "red",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Colour::Blue => "蓝色",
            Colour::Yellow => "黄色",
            Colour::Orange => "橙色",
            Colour::Red => "红色",
        }
    }

    pub fn from_code(s: &str) -> Option<Colour> {
        Colour::ALL.into_iter().find(|c| c.code() == s)
    }

    /// 1 (blue) to 4 (red).
    pub fn rank(self) -> u8 {
        match self {
            Colour::Blue => 1,
            Colour::Yellow => 2,
            Colour::Orange => 3,
            Colour::Red => 4,
        }
    }

    pub fn from_rank(rank: u8) -> Option<Colour> {
        Colour::ALL.into_iter().find(|c| c.rank() == rank)
    }
}

/// The default title: `{region}{kind}{colour}预警`, e.g. `海口市台风橙色预警`.
pub fn default_title(region: &str, kind: Kind, colour: Colour) -> String {
    format!("{}{}{}预警", region.trim(), kind.label(), colour.label())
}

const REPORT_BACK: &str = "发生险情或事故立即报告属地区商务局，并按要求报送防御工作落实情况";
const RESUME_AFTER_CHECK: &str =
    "预警解除后先排查建筑、电气、燃气等安全隐患，确认安全后方可恢复营业";
const ESSENTIALS: &str = "超市、农贸市场做好粮油、蔬菜、饮用水等生活必需品储备，保障市场供应";
const STOP_BUSINESS: &str =
    "停止营业（保障生活必需品供应的网点按当地政府统一部署执行），做好顾客疏导和告知";

const TYPHOON_BASE: &[&str] = &[
    "密切关注台风路径和预警信息，及时向员工和顾客发布防御提示",
    "启动防台风应急预案，落实24小时值班值守和领导带班制度，保持通讯畅通",
    "加固或拆除户外广告牌、招牌、灯箱、遮阳棚和临时搭建物，收回户外摆放的商品和设施",
    "检查门窗、玻璃幕墙、屋面、吊顶及外墙悬挂物，关闭并加固门窗",
    "清理疏通排水沟渠、雨水井、地漏和屋面排水口",
    "备足应急物资（沙袋、挡水板、抽水泵、应急照明、食品和饮用水）",
    "检查配电房、电气线路和备用电源，做好防水、防漏电措施",
    "地下车库、地下商场和低洼处做好防倒灌准备",
    ESSENTIALS,
    REPORT_BACK,
];

const TYPHOON_ORANGE: &[&str] = &[
    "暂停高处作业、户外作业和起重吊装作业",
    "会展临时搭建停止施工并加固，拆除户外展位和帐篷",
    "加油站停止卸油作业，检查罩棚和立柱广告牌的加固情况",
    "关闭露天经营区域，控制商场、超市、市场进场人数",
    "转移地下室和低洼处存放的商品、车辆和危险化学品",
    "在出入口、地下车库、配电房等重点部位安排专人值守，随时处置险情",
];

const TYPHOON_RED: &[&str] = &[
    STOP_BUSINESS,
    "停止一切户外作业，组织人员撤离临时建筑、简易工棚和危险区域",
    "关闭展馆，取消或推迟展会、促销等人员聚集活动",
    "加油站暂停营业，切断非必要电源",
    RESUME_AFTER_CHECK,
];

const RAINSTORM_BASE: &[&str] = &[
    "密切关注暴雨预警和雨情信息，及时向员工和顾客发布防御提示",
    "启动防汛应急预案，落实24小时值班值守，保持通讯畅通",
    "清理疏通排水沟渠、雨水井、地漏和屋面排水口，确保排水畅通",
    "地下车库、地下商场出入口备足沙袋、挡水板，做好防倒灌准备",
    "检查配电房、地下室电气设备和线路，做好防水、防漏电措施",
    "备足应急物资（沙袋、挡水板、抽水泵、应急照明）",
    "检查屋面、雨棚、围墙和挡土墙，排查渗漏、积水和坍塌隐患",
    "在出入口和易积水地段铺设防滑垫、设置警示标志",
    ESSENTIALS,
    REPORT_BACK,
];

const RAINSTORM_ORANGE: &[&str] = &[
    "暂停户外作业、地下空间施工和有限空间作业",
    "转移地下室和低洼处存放的商品、车辆和危险化学品",
    "地下车库、地下商场安排专人值守，视雨情限制或停止车辆和人员进入",
    "加油站停止卸油作业，防止雨水进入油罐和管沟",
    "会展临时搭建停止施工，检查展馆屋面和排水设施",
];

const RAINSTORM_RED: &[&str] = &[
    "关闭地下车库、地下商场等地下空间，组织人员撤离",
    STOP_BUSINESS,
    "组织低洼处、临时建筑和危险区域内的人员转移",
    "积水危及配电设施时立即切断电源",
    RESUME_AFTER_CHECK,
];

const GALE_BASE: &[&str] = &[
    "密切关注雷电、大风预警信息，及时向员工和顾客发布防御提示",
    "落实值班值守，保持通讯畅通",
    "加固或收回户外广告牌、招牌、遮阳棚、帐篷和临时搭建物，收回户外摆放的商品和设施",
    "关闭门窗，检查玻璃幕墙、屋面和外墙悬挂物",
    "检查防雷设施（接闪器、接地装置、电涌保护器）是否完好",
    "提醒员工和顾客远离广告牌、大树和临时建筑，不在空旷处停留",
    "清理疏通排水沟渠和屋面排水口",
    REPORT_BACK,
];

const GALE_ORANGE: &[&str] = &[
    "暂停高处作业、户外作业和起重吊装作业",
    "加油站雷雨期间停止卸油作业，必要时暂停加油",
    "会展临时搭建停止施工并加固",
    "关闭露天经营区域，引导顾客进入室内避险",
    "切断户外非必要电源，防止雷击和漏电",
];

const GALE_RED: &[&str] = &[
    "停止一切户外作业和户外经营活动，人员转移至安全的室内",
    "取消或推迟户外展会、促销等人员聚集活动",
    "加油站暂停加油、卸油作业",
    "必要时停止营业（保障生活必需品供应的网点按当地政府统一部署执行）",
    RESUME_AFTER_CHECK,
];

const HEAT_BASE: &[&str] = &[
    "合理调整作息时间，避开午后高温时段安排户外作业，缩短连续作业时间",
    "落实防暑降温措施，为员工提供清凉饮料和防暑药品（藿香正气水、人丹等）",
    "检查空调、通风设备和电气线路，防止用电负荷过大引发火灾",
    "检查冷链设备运行情况，确保冷藏冷冻食品储存温度，防止食品变质",
    "检查燃气管道、阀门和燃气泄漏报警装置，保持厨房和用气场所通风",
    "打火机、酒精、气雾剂等易燃易爆商品远离热源，避免阳光直射",
    "加强消防巡查，确保消防设施完好、疏散通道畅通",
    "关注员工身体状况，发现中暑症状及时救治",
    REPORT_BACK,
];

const HEAT_ORANGE: &[&str] = &[
    "12时至15时停止安排户外露天作业",
    "控制用电负荷，错峰使用大功率电器，安排专人巡查配电设施",
    "加油站避开高温时段卸油，加强油罐区降温和油气浓度检测",
    "户外展会、促销活动避开高温时段，设置遮阳设施和饮水点",
    "超市、市场做好饮用水和防暑降温商品供应",
];

const HEAT_RED: &[&str] = &[
    "停止户外露天作业",
    "加油站高温时段暂停卸油作业",
    "冷链、配电等重点设备安排专人值守，发现异常立即处置",
    "取消或推迟户外展会、促销等人员聚集活动",
];

/// The required actions for commerce enterprises (商场、超市、市场、会展、餐饮、加油站)
/// under a warning: the base list for blue and yellow, orange adds to it, red adds
/// to orange. The form pre-fills the warning's checklist with it.
pub fn default_actions(kind: Kind, colour: Colour) -> Vec<&'static str> {
    let (base, orange, red) = match kind {
        Kind::Typhoon => (TYPHOON_BASE, TYPHOON_ORANGE, TYPHOON_RED),
        Kind::Rainstorm => (RAINSTORM_BASE, RAINSTORM_ORANGE, RAINSTORM_RED),
        Kind::ThunderstormGale => (GALE_BASE, GALE_ORANGE, GALE_RED),
        Kind::Heat => (HEAT_BASE, HEAT_ORANGE, HEAT_RED),
    };
    let mut out = base.to_vec();
    if colour >= Colour::Orange {
        out.extend_from_slice(orange);
    }
    if colour == Colour::Red {
        out.extend_from_slice(red);
    }
    out
}

/// Most actions one warning lists.
pub const MAX_ACTIONS: usize = 30;
/// The longest a warning may be in force.
pub const MAX_VALID_DAYS: i64 = 15;

/// A warning as entered or imported.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WarningInput {
    pub kind: Option<Kind>,
    pub colour: Option<Colour>,
    /// 预警标题; [`default_title`] when blank.
    pub title: Option<String>,
    /// 预警区域 (the districts concerned), at least one.
    #[serde(default)]
    pub districts: Vec<Uuid>,
    /// 企业类别 concerned; empty = all.
    #[serde(default)]
    pub categories: Vec<Uuid>,
    /// 生效时间
    pub valid_from: Option<DateTime<Utc>>,
    /// 结束时间
    pub valid_to: Option<DateTime<Utc>>,
    /// 预警内容
    pub description: Option<String>,
    /// 须落实的防范措施 (the checklist enterprises tick).
    #[serde(default)]
    pub actions: Vec<String>,
}

/// A checked warning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckedWarning {
    pub kind: Kind,
    pub colour: Colour,
    pub title: String,
    pub districts: Vec<Uuid>,
    pub categories: Vec<Uuid>,
    pub valid_from: DateTime<Utc>,
    pub valid_to: DateTime<Utc>,
    pub description: Option<String>,
    pub actions: Vec<String>,
}

/// Ids chosen once each; errors on `field.i`.
fn ids(v: &mut Validator, field: &str, label: &str, values: &[Uuid]) -> Vec<Uuid> {
    let mut out: Vec<Uuid> = Vec::with_capacity(values.len());
    for (i, id) in values.iter().enumerate() {
        let f = format!("{field}.{i}");
        if id.is_nil() {
            v.error(&f, "invalid", format!("{label}第{}项无效", i + 1));
        } else if out.contains(id) {
            v.error(&f, "duplicate", format!("{label}第{}项重复选择", i + 1));
        } else {
            out.push(*id);
        }
    }
    out
}

/// Checks a warning issued at `now` for `region` (the name the default title
/// starts with, e.g. 海口市 or 秀英区). The warning must still be in force or to
/// come (its end after `now`), end after it starts, and last at most 15 days.
pub fn check_warning(
    input: &WarningInput,
    region: &str,
    now: DateTime<Utc>,
) -> Result<CheckedWarning, Vec<FieldError>> {
    let mut v = Validator::new();
    if input.kind.is_none() {
        v.error("kind", "required", "请选择预警类型");
    }
    match (input.kind, input.colour) {
        (_, None) => v.error("colour", "required", "请选择预警级别"),
        (Some(k), Some(c)) if !k.colours().contains(&c) => {
            let allowed: Vec<&str> = k.colours().iter().map(|c| c.label()).collect();
            v.error(
                "colour",
                "invalid",
                format!(
                    "{}预警没有{}级别，只有{}",
                    k.label(),
                    c.label(),
                    allowed.join("、")
                ),
            );
        }
        _ => {}
    }
    let title = v.optional_text("title", "预警标题", input.title.as_deref(), 100);

    if input.districts.is_empty() {
        v.error("districts", "required", "请至少选择一个预警区域");
    }
    let districts = ids(&mut v, "districts", "预警区域", &input.districts);
    let categories = ids(&mut v, "categories", "企业类别", &input.categories);

    if input.valid_from.is_none() {
        v.error("valid_from", "required", "请填写预警生效时间");
    }
    match input.valid_to {
        None => v.error("valid_to", "required", "请填写预警结束时间"),
        Some(to) => {
            if let Some(from) = input.valid_from {
                if to <= from {
                    v.error("valid_to", "invalid", "预警结束时间应晚于生效时间");
                } else if to - from > Duration::days(MAX_VALID_DAYS) {
                    v.error(
                        "valid_to",
                        "invalid",
                        format!("预警有效期不能超过{MAX_VALID_DAYS}天"),
                    );
                }
            }
            if to <= now {
                v.error(
                    "valid_to",
                    "invalid",
                    "预警结束时间已过，不能发布已失效的预警",
                );
            }
        }
    }
    let description = v.optional_text(
        "description",
        "预警内容",
        input.description.as_deref(),
        2000,
    );

    if input.actions.is_empty() {
        v.error("actions", "required", "请至少列出一项须落实的防范措施");
    }
    if input.actions.len() > MAX_ACTIONS {
        v.error(
            "actions",
            "too_many",
            format!(
                "防范措施最多{MAX_ACTIONS}项（当前{}项）",
                input.actions.len()
            ),
        );
    }
    let mut actions: Vec<String> = Vec::with_capacity(input.actions.len());
    for (i, a) in input.actions.iter().enumerate() {
        let field = format!("actions.{i}");
        let text = v.text(&field, &format!("第{}项防范措施", i + 1), a, 1, 200);
        if !text.is_empty()
            && let Some(j) = actions.iter().position(|x| *x == text)
        {
            v.error(
                &field,
                "duplicate",
                format!("第{}项防范措施与第{}项重复", i + 1, j + 1),
            );
        }
        actions.push(text);
    }

    v.into_result()?;
    let (Some(kind), Some(colour), Some(valid_from), Some(valid_to)) =
        (input.kind, input.colour, input.valid_from, input.valid_to)
    else {
        return Err(Vec::new());
    };
    Ok(CheckedWarning {
        kind,
        colour,
        title: title.unwrap_or_else(|| default_title(region, kind, colour)),
        districts,
        categories,
        valid_from,
        valid_to,
        description,
        actions,
    })
}

/// In force: from `valid_from` (inclusive) to `valid_to` (exclusive).
pub fn is_active(valid_from: DateTime<Utc>, valid_to: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    valid_from <= now && now < valid_to
}

/// An enterprise's answer to a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AckState {
    /// 待确认
    Pending,
    /// 已确认 (received)
    Acknowledged,
    /// 已报告 (what was done reported back)
    Reported,
}

impl AckState {
    pub const ALL: [AckState; 3] = [
        AckState::Pending,
        AckState::Acknowledged,
        AckState::Reported,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AckState::Pending => "pending",
            AckState::Acknowledged => "acknowledged",
            AckState::Reported => "reported",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AckState::Pending => "待确认",
            AckState::Acknowledged => "已确认",
            AckState::Reported => "已报告",
        }
    }

    pub fn from_code(s: &str) -> Option<AckState> {
        AckState::ALL.into_iter().find(|x| x.code() == s)
    }

    /// The state after confirming receipt (`report = false`) or reporting back
    /// (`report = true`). A report may follow a confirmation or come at once (it
    /// confirms receipt too), and may be sent again to bring it up to date; a
    /// confirmation is given once.
    pub fn after(self, report: bool) -> Result<AckState, &'static str> {
        match (self, report) {
            (_, true) => Ok(AckState::Reported),
            (AckState::Pending, false) => Ok(AckState::Acknowledged),
            (AckState::Acknowledged, false) => Err("已确认收到该预警，无需重复确认"),
            (AckState::Reported, false) => Err("已报告落实情况，无需再确认"),
        }
    }
}

/// A confirmation or report as entered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AckInput {
    /// Indices (from 0) of the warning's actions done.
    #[serde(default)]
    pub done: Vec<usize>,
    /// 落实情况说明
    pub note: Option<String>,
}

/// A checked confirmation or report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckedAck {
    /// Sorted, unique, each below the action count.
    pub done: Vec<usize>,
    pub note: Option<String>,
}

/// Checks a confirmation (`report = false`) or a report (`report = true`) against
/// a warning with `action_count` actions. A report says what was done: at least
/// one action ticked or a note.
pub fn check_ack(
    input: &AckInput,
    action_count: usize,
    report: bool,
) -> Result<CheckedAck, Vec<FieldError>> {
    let mut v = Validator::new();
    let mut done: Vec<usize> = Vec::with_capacity(input.done.len());
    for (i, &k) in input.done.iter().enumerate() {
        let field = format!("done.{i}");
        if k >= action_count {
            v.error(
                &field,
                "invalid",
                format!("勾选的防范措施不存在（共{action_count}项）"),
            );
        } else if done.contains(&k) {
            v.error(
                &field,
                "duplicate",
                format!("第{}项防范措施重复勾选", k + 1),
            );
        } else {
            done.push(k);
        }
    }
    done.sort_unstable();
    let note = v.optional_text("note", "落实情况说明", input.note.as_deref(), 1000);
    if report && input.done.is_empty() && note.is_none() {
        v.error(
            "done",
            "required",
            "报告落实情况须至少勾选一项已落实的防范措施或填写落实情况说明",
        );
    }
    v.into_result()?;
    Ok(CheckedAck { done, note })
}

/// The first reminder to an enterprise that has not confirmed: 2 hours after the broadcast.
pub const ACK_FIRST_REMINDER_HOURS: i64 = 2;
/// Then again every 6 hours.
pub const ACK_REMINDER_EVERY_HOURS: i64 = 6;

/// The number of the latest reminder slot reached at `now` for a warning broadcast
/// at `sent_at`: 0 before 2 h, 1 from 2 h, 2 from 8 h, 3 from 14 h, … Use it as the
/// slot key when claiming a reminder (`ack:{n}`).
pub fn ack_reminder_slot(sent_at: DateTime<Utc>, now: DateTime<Utc>) -> u32 {
    let first = sent_at + Duration::hours(ACK_FIRST_REMINDER_HOURS);
    if now < first {
        return 0;
    }
    let every = Duration::hours(ACK_REMINDER_EVERY_HOURS).num_seconds();
    let since = (now - first).num_seconds();
    u32::try_from(1 + since / every).unwrap_or(u32::MAX)
}

/// Whether an unconfirmed enterprise is to be reminded now: 2 hours after the
/// broadcast, then every 6 hours. `already_sent` is the last slot reminded (0 for
/// none); after sending, record [`ack_reminder_slot`] (not `already_sent + 1`), so
/// that a tick after a pause sends one reminder, not a burst to catch up.
///
/// The caller reminds only enterprises still [`AckState::Pending`], and only while
/// the warning [`is_active`].
pub fn ack_reminder_due(sent_at: DateTime<Utc>, now: DateTime<Utc>, already_sent: u32) -> bool {
    ack_reminder_slot(sent_at, now) > already_sent
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }
    use chrono::TimeZone;

    fn t(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 8, 10, h, m, 0).unwrap()
    }

    fn input() -> WarningInput {
        WarningInput {
            kind: Some(Kind::Typhoon),
            colour: Some(Colour::Orange),
            title: None,
            districts: vec![u(460105), u(460106)],
            categories: vec![],
            valid_from: Some(t(1, 0)),
            valid_to: Some(t(1, 0) + Duration::days(2)),
            description: Some("今年第9号台风预计于11日凌晨在文昌至海口一带沿海登陆".into()),
            actions: default_actions(Kind::Typhoon, Colour::Orange)
                .into_iter()
                .map(String::from)
                .collect(),
        }
    }

    #[test]
    fn codes_labels_and_ranks() {
        for k in Kind::ALL {
            assert_eq!(Kind::from_code(k.code()), Some(k));
        }
        for c in Colour::ALL {
            assert_eq!(Colour::from_code(c.code()), Some(c));
            assert_eq!(Colour::from_rank(c.rank()), Some(c));
        }
        for s in AckState::ALL {
            assert_eq!(AckState::from_code(s.code()), Some(s));
        }
        let kinds: Vec<_> = Kind::ALL.iter().map(|k| (k.code(), k.label())).collect();
        assert_eq!(
            kinds,
            [
                ("typhoon", "台风"),
                ("rainstorm", "暴雨"),
                ("thunderstorm_gale", "雷雨大风"),
                ("heat", "高温")
            ]
        );
        let colours: Vec<_> = Colour::ALL
            .iter()
            .map(|c| (c.code(), c.label(), c.rank()))
            .collect();
        assert_eq!(
            colours,
            [
                ("blue", "蓝色", 1),
                ("yellow", "黄色", 2),
                ("orange", "橙色", 3),
                ("red", "红色", 4)
            ]
        );
        assert!(Colour::Red > Colour::Orange && Colour::Yellow > Colour::Blue);
        assert_eq!(Colour::from_rank(0), None);
        assert_eq!(Colour::from_rank(5), None);
        let states: Vec<_> = AckState::ALL.iter().map(|s| s.label()).collect();
        assert_eq!(states, ["待确认", "已确认", "已报告"]);
        assert_eq!(
            serde_json::to_string(&Kind::ThunderstormGale).unwrap(),
            "\"thunderstorm_gale\""
        );
        assert_eq!(Kind::Heat.colours().len(), 3);
        assert_eq!(Kind::Typhoon.colours().len(), 4);
    }

    #[test]
    fn default_actions_escalate_by_colour() {
        for k in Kind::ALL {
            let blue = default_actions(k, Colour::Blue);
            let yellow = default_actions(k, Colour::Yellow);
            let orange = default_actions(k, Colour::Orange);
            let red = default_actions(k, Colour::Red);
            assert_eq!(blue, yellow, "{k:?}");
            assert!(orange.len() > yellow.len() && orange.starts_with(&yellow));
            assert!(red.len() > orange.len() && red.starts_with(&orange));
            assert!(red.len() <= MAX_ACTIONS, "{k:?}: {}", red.len());
            for list in [&yellow, &orange, &red] {
                let mut u = list.clone();
                u.sort();
                u.dedup();
                assert_eq!(u.len(), list.len(), "{k:?} has duplicates");
                for a in list.iter() {
                    let n = a.chars().count();
                    assert!((4..=200).contains(&n), "{a}");
                    assert_eq!(a.trim(), *a);
                    assert!(!a.ends_with('。') && !a.ends_with('；'), "{a}");
                }
            }
            // Every list ends the chain of reporting.
            assert!(yellow.contains(&REPORT_BACK));
        }
        let typhoon_red = default_actions(Kind::Typhoon, Colour::Red);
        for needle in [
            "广告牌",
            "玻璃幕墙",
            "排水沟渠",
            "沙袋",
            "24小时值班值守",
            "防倒灌",
            "暂停高处作业",
            "会展临时搭建停止施工",
            "加油站停止卸油作业",
            "停止营业",
            "撤离",
        ] {
            assert!(
                typhoon_red.iter().any(|a| a.contains(needle)),
                "typhoon red lacks {needle}"
            );
        }
        assert!(
            !default_actions(Kind::Typhoon, Colour::Yellow)
                .iter()
                .any(|a| a.contains("停止营业"))
        );
        let heat = default_actions(Kind::Heat, Colour::Orange);
        for needle in ["防暑", "用电负荷", "冷链", "燃气", "12时至15时"] {
            assert!(
                heat.iter().any(|a| a.contains(needle)),
                "heat lacks {needle}"
            );
        }
        assert!(default_actions(Kind::Heat, Colour::Red).contains(&"停止户外露天作业"));
        let rain = default_actions(Kind::Rainstorm, Colour::Red);
        assert!(rain.iter().any(|a| a.contains("地下车库")));
        let gale = default_actions(Kind::ThunderstormGale, Colour::Orange);
        assert!(gale.iter().any(|a| a.contains("防雷")));
        assert!(gale.iter().any(|a| a.contains("加油站")));
    }

    #[test]
    fn every_default_checklist_passes_the_check() {
        for k in Kind::ALL {
            for &c in k.colours() {
                let i = WarningInput {
                    kind: Some(k),
                    colour: Some(c),
                    actions: default_actions(k, c)
                        .into_iter()
                        .map(String::from)
                        .collect(),
                    ..input()
                };
                let w = check_warning(&i, "海口市", t(0, 0)).unwrap();
                assert_eq!(w.actions.len(), default_actions(k, c).len());
                assert_eq!(w.title, format!("海口市{}{}预警", k.label(), c.label()));
            }
        }
    }

    #[test]
    fn a_warning_is_checked_with_a_default_title() {
        let w = check_warning(&input(), "海口市", t(0, 0)).unwrap();
        assert_eq!(w.title, "海口市台风橙色预警");
        assert_eq!(w.districts, [u(460105), u(460106)]);
        assert!(w.categories.is_empty());
        assert_eq!(w.valid_to - w.valid_from, Duration::days(2));
        let mut i = input();
        i.title = Some("  关于防御第9号台风“摩羯”的紧急通知  ".into());
        i.categories = vec![u(3), u(7)];
        let w = check_warning(&i, "海口市", t(0, 0)).unwrap();
        assert_eq!(w.title, "关于防御第9号台风“摩羯”的紧急通知");
        assert_eq!(w.categories, [u(3), u(7)]);
        // Issued while already in force (an imported warning) is fine.
        assert!(check_warning(&input(), "秀英区", t(5, 0)).is_ok());
        assert_eq!(
            default_title("秀英区", Kind::Heat, Colour::Red),
            "秀英区高温红色预警"
        );
        // The wire format.
        let json = r#"{
            "kind": "rainstorm", "colour": "red", "districts": ["00000000-0000-0000-0000-000000070107"],
            "valid_from": "2026-08-10T01:00:00Z", "valid_to": "2026-08-10T13:00:00Z",
            "actions": ["关闭地下车库"]
        }"#;
        let i: WarningInput = serde_json::from_str(json).unwrap();
        let w = check_warning(&i, "琼山区", t(0, 0)).unwrap();
        assert_eq!(w.title, "琼山区暴雨红色预警");
        assert_eq!(w.description, None);
    }

    #[test]
    fn bad_warnings_name_every_field() {
        let i = WarningInput {
            title: Some("题".repeat(101)),
            districts: vec![],
            categories: vec![u(3), Uuid::nil(), u(3)],
            description: Some("文".repeat(2001)),
            ..Default::default()
        };
        let errs = check_warning(&i, "海口市", t(0, 0)).unwrap_err();
        let got: Vec<(&str, &str)> = errs
            .iter()
            .map(|e| (e.field.as_str(), e.message.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("kind", "请选择预警类型"),
                ("colour", "请选择预警级别"),
                ("title", "预警标题不能超过100个字符（当前101个）"),
                ("districts", "请至少选择一个预警区域"),
                ("categories.1", "企业类别第2项无效"),
                ("categories.2", "企业类别第3项重复选择"),
                ("valid_from", "请填写预警生效时间"),
                ("valid_to", "请填写预警结束时间"),
                ("description", "预警内容不能超过2000个字符（当前2001个）"),
                ("actions", "请至少列出一项须落实的防范措施"),
            ]
        );
    }

    #[test]
    fn validity_is_bounded() {
        let now = t(0, 0);
        let msg = |i: &WarningInput| {
            let e = check_warning(i, "海口市", now).unwrap_err();
            assert_eq!(e.len(), 1, "{e:?}");
            (e[0].field.clone(), e[0].message.clone())
        };
        let mut i = input();
        i.valid_to = i.valid_from;
        assert_eq!(
            msg(&i),
            ("valid_to".into(), "预警结束时间应晚于生效时间".into())
        );
        i.valid_to = Some(t(1, 0) + Duration::days(15));
        assert!(check_warning(&i, "海口市", now).is_ok());
        i.valid_to = Some(t(1, 0) + Duration::days(15) + Duration::minutes(1));
        assert_eq!(msg(&i).1, "预警有效期不能超过15天");
        let mut i = input();
        i.valid_from = Some(t(0, 0) - Duration::days(3));
        i.valid_to = Some(now);
        assert_eq!(msg(&i).1, "预警结束时间已过，不能发布已失效的预警");
        i.valid_to = Some(now + Duration::minutes(1));
        assert!(check_warning(&i, "海口市", now).is_ok());
    }

    #[test]
    fn heat_has_no_blue() {
        let i = WarningInput {
            kind: Some(Kind::Heat),
            colour: Some(Colour::Blue),
            ..input()
        };
        let e = check_warning(&i, "海口市", t(0, 0)).unwrap_err();
        assert_eq!(e[0].field, "colour");
        assert_eq!(e[0].message, "高温预警没有蓝色级别，只有黄色、橙色、红色");
    }

    #[test]
    fn actions_are_checked_item_by_item() {
        let mut i = input();
        i.actions = vec![
            "加固户外广告牌".into(),
            "  ".into(),
            " 加固户外广告牌 ".into(),
            "字".repeat(201),
        ];
        i.districts = vec![u(460105), u(460105), Uuid::nil()];
        let errs = check_warning(&i, "海口市", t(0, 0)).unwrap_err();
        let got: Vec<(&str, &str)> = errs
            .iter()
            .map(|e| (e.field.as_str(), e.message.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("districts.1", "预警区域第2项重复选择"),
                ("districts.2", "预警区域第3项无效"),
                ("actions.1", "第2项防范措施不能为空"),
                ("actions.2", "第3项防范措施与第1项重复"),
                ("actions.3", "第4项防范措施不能超过200个字符（当前201个）"),
            ]
        );
        let mut i = input();
        i.actions = (1..=31).map(|n| format!("措施{n}")).collect();
        let errs = check_warning(&i, "海口市", t(0, 0)).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].message, "防范措施最多30项（当前31项）");
        i.actions.pop();
        assert!(check_warning(&i, "海口市", t(0, 0)).is_ok());
    }

    #[test]
    fn activity_window() {
        let (from, to) = (t(1, 0), t(13, 0));
        assert!(!is_active(from, to, t(0, 59)));
        assert!(is_active(from, to, t(1, 0)));
        assert!(is_active(from, to, t(12, 59)));
        assert!(!is_active(from, to, t(13, 0)));
    }

    #[test]
    fn acknowledgement_states() {
        use AckState::*;
        assert_eq!(Pending.after(false), Ok(Acknowledged));
        assert_eq!(Pending.after(true), Ok(Reported));
        assert_eq!(Acknowledged.after(true), Ok(Reported));
        assert_eq!(Reported.after(true), Ok(Reported));
        assert_eq!(
            Acknowledged.after(false),
            Err("已确认收到该预警，无需重复确认")
        );
        assert_eq!(Reported.after(false), Err("已报告落实情况，无需再确认"));
    }

    #[test]
    fn acknowledgements_and_reports_are_checked() {
        // A plain confirmation needs nothing.
        assert_eq!(
            check_ack(&AckInput::default(), 5, false),
            Ok(CheckedAck {
                done: vec![],
                note: None
            })
        );
        // A report needs something done or said.
        let e = check_ack(
            &AckInput {
                done: vec![],
                note: Some("  ".into()),
            },
            5,
            true,
        )
        .unwrap_err();
        assert_eq!(e[0].field, "done");
        assert_eq!(
            e[0].message,
            "报告落实情况须至少勾选一项已落实的防范措施或填写落实情况说明"
        );
        assert_eq!(
            check_ack(
                &AckInput {
                    done: vec![],
                    note: Some(" 已停业，人员已撤离 ".into()),
                },
                5,
                true
            ),
            Ok(CheckedAck {
                done: vec![],
                note: Some("已停业，人员已撤离".into())
            })
        );
        assert_eq!(
            check_ack(
                &AckInput {
                    done: vec![4, 0, 2],
                    note: None,
                },
                5,
                true
            )
            .unwrap()
            .done,
            [0, 2, 4]
        );
        let errs = check_ack(
            &AckInput {
                done: vec![1, 5, 1],
                note: Some("说".repeat(1001)),
            },
            5,
            true,
        )
        .unwrap_err();
        let got: Vec<(&str, &str)> = errs
            .iter()
            .map(|e| (e.field.as_str(), e.message.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("done.1", "勾选的防范措施不存在（共5项）"),
                ("done.2", "第2项防范措施重复勾选"),
                ("note", "落实情况说明不能超过1000个字符（当前1001个）"),
            ]
        );
        // No actions at all: nothing can be ticked.
        assert_eq!(
            check_ack(
                &AckInput {
                    done: vec![0],
                    note: None
                },
                0,
                false
            )
            .unwrap_err()[0]
                .field,
            "done.0"
        );
        assert!(serde_json::from_str::<AckInput>(r#"{"done":[0,1],"note":"已加固招牌"}"#).is_ok());
        assert!(serde_json::from_str::<AckInput>(r#"{"done":[-1]}"#).is_err());
    }

    #[test]
    fn reminders_2h_after_then_every_6h() {
        let sent = t(1, 0);
        let slots: Vec<(DateTime<Utc>, u32)> = vec![
            (t(1, 0), 0),
            (t(2, 59), 0),
            (t(3, 0), 1),
            (t(8, 59), 1),
            (t(9, 0), 2),
            (t(14, 59), 2),
            (t(15, 0), 3),
            (t(21, 0), 4),
            (t(0, 0), 0), // before the broadcast
        ];
        for (now, slot) in slots {
            assert_eq!(ack_reminder_slot(sent, now), slot, "{now}");
        }
        assert_eq!(ack_reminder_slot(sent, sent + Duration::days(15)), 60);
        // Sent and recorded at each slot: exactly one reminder per slot.
        let mut last = 0;
        let mut sent_at = Vec::new();
        let mut now = sent;
        while now < sent + Duration::hours(24) {
            if ack_reminder_due(sent, now, last) {
                last = ack_reminder_slot(sent, now);
                sent_at.push(now);
            }
            now += Duration::minutes(5);
        }
        assert_eq!(sent_at, [t(3, 0), t(9, 0), t(15, 0), t(21, 0)]);
        // After a pause of a day, one reminder, not a burst.
        let later = sent + Duration::hours(40);
        assert!(ack_reminder_due(sent, later, 1));
        let last = ack_reminder_slot(sent, later);
        assert!(!ack_reminder_due(sent, later + Duration::minutes(5), last));
        assert!(!ack_reminder_due(sent, t(2, 0), 0));
    }
}
