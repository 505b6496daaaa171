//! Publicity and education (宣传教育): the activities the bureau and its units hold
//! (集中培训, 集中观看“生命重于泰山”, 专题学习, 访谈评论, 宣传活动), who took part and how
//! many, linked to the campaign task they serve so a progress report can cite them.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::validate::{FieldError, Validator};

/// 活动形式.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    /// 集中培训
    Training,
    /// 集中观看
    Viewing,
    /// 专题学习
    Study,
    /// 访谈评论
    Interview,
    /// 宣传活动
    Campaign,
}

impl ActivityKind {
    pub const ALL: [ActivityKind; 5] = [
        ActivityKind::Training,
        ActivityKind::Viewing,
        ActivityKind::Study,
        ActivityKind::Interview,
        ActivityKind::Campaign,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ActivityKind::Training => "training",
            ActivityKind::Viewing => "viewing",
            ActivityKind::Study => "study",
            ActivityKind::Interview => "interview",
            ActivityKind::Campaign => "campaign",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ActivityKind::Training => "集中培训",
            ActivityKind::Viewing => "集中观看",
            ActivityKind::Study => "专题学习",
            ActivityKind::Interview => "访谈评论",
            ActivityKind::Campaign => "宣传活动",
        }
    }

    pub fn from_code(s: &str) -> Option<ActivityKind> {
        ActivityKind::ALL.into_iter().find(|k| k.code() == s)
    }
}

/// A unit that took part, with how many of its people.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ParticipantInput {
    pub org_id: Uuid,
    /// 参加人数
    pub headcount: u32,
}

/// An activity as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivityInput {
    /// 活动名称
    #[serde(default)]
    pub title: String,
    /// 活动形式
    pub kind: Option<ActivityKind>,
    /// 活动日期
    pub held_on: Option<NaiveDate>,
    /// 组织单位
    #[serde(default)]
    pub organiser: String,
    /// The campaign task this activity serves.
    pub task_id: Option<Uuid>,
    /// 参加单位
    #[serde(default)]
    pub participants: Vec<ParticipantInput>,
    /// Materials (file ids).
    #[serde(default)]
    pub materials: Vec<Uuid>,
    /// Photos (file ids).
    #[serde(default)]
    pub photos: Vec<Uuid>,
    /// 活动总结
    pub summary: Option<String>,
}

/// A checked activity with its totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckedActivity {
    pub title: String,
    pub kind: ActivityKind,
    pub held_on: NaiveDate,
    pub organiser: String,
    pub task_id: Option<Uuid>,
    pub participants: Vec<ParticipantInput>,
    pub materials: Vec<Uuid>,
    pub photos: Vec<Uuid>,
    pub summary: Option<String>,
    /// 参加单位数
    pub units: u32,
    /// 参加总人数
    pub headcount: u64,
}

/// Most people one unit reports for one activity.
pub const MAX_HEADCOUNT: u32 = 100_000;
/// Most participating units of one activity.
pub const MAX_PARTICIPANTS: usize = 5_000;
/// Most materials, or photos, of one activity.
pub const MAX_FILES: usize = 20;

/// Checks an activity: title 1–200, a kind, a date, organiser 1–100, at least one
/// participating unit, none twice, each with 1–100000 people, summary ≤ 2000.
/// Fields `participants.2.org_id`, `participants.2.headcount`.
pub fn check_activity(input: &ActivityInput) -> Result<CheckedActivity, Vec<FieldError>> {
    let mut v = Validator::new();
    let title = v.text("title", "活动名称", &input.title, 1, 200);
    if input.kind.is_none() {
        v.error("kind", "required", "请选择活动形式");
    }
    if input.held_on.is_none() {
        v.error("held_on", "required", "活动日期不能为空");
    }
    let organiser = v.text("organiser", "组织单位", &input.organiser, 1, 100);
    if input.participants.is_empty() {
        v.error("participants", "required", "请至少添加一个参加单位");
    }
    if input.participants.len() > MAX_PARTICIPANTS {
        v.error(
            "participants",
            "too_many",
            format!("参加单位最多{MAX_PARTICIPANTS}个"),
        );
    }
    let mut seen = HashSet::new();
    for (i, p) in input.participants.iter().enumerate() {
        let n = i + 1;
        if p.org_id.is_nil() {
            v.error(
                &format!("participants.{i}.org_id"),
                "required",
                format!("第{n}个参加单位未选择"),
            );
        } else if !seen.insert(p.org_id) {
            v.error(
                &format!("participants.{i}.org_id"),
                "duplicate",
                format!("第{n}个参加单位与前面重复"),
            );
        }
        v.range(
            &format!("participants.{i}.headcount"),
            &format!("第{n}个参加单位的参加人数"),
            i64::from(p.headcount),
            1,
            i64::from(MAX_HEADCOUNT),
        );
    }
    if input.materials.len() > MAX_FILES {
        v.error(
            "materials",
            "too_many",
            format!("活动资料最多{MAX_FILES}个"),
        );
    }
    if input.photos.len() > MAX_FILES {
        v.error("photos", "too_many", format!("活动照片最多{MAX_FILES}张"));
    }
    let summary = v.optional_text("summary", "活动总结", input.summary.as_deref(), 2000);
    v.into_result()?;
    Ok(CheckedActivity {
        title,
        kind: input.kind.unwrap_or(ActivityKind::Campaign),
        held_on: input.held_on.unwrap_or_default(),
        organiser,
        task_id: input.task_id,
        participants: input.participants.clone(),
        materials: input.materials.clone(),
        photos: input.photos.clone(),
        summary,
        units: input.participants.len() as u32,
        headcount: input
            .participants
            .iter()
            .map(|p| u64::from(p.headcount))
            .sum(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn activity() -> ActivityInput {
        ActivityInput {
            title: "集中观看《生命重于泰山》专题片".into(),
            kind: Some(ActivityKind::Viewing),
            held_on: NaiveDate::from_ymd_opt(2021, 4, 8),
            organiser: "局政策法规科".into(),
            task_id: Some(org(100)),
            participants: vec![
                ParticipantInput {
                    org_id: org(1),
                    headcount: 12,
                },
                ParticipantInput {
                    org_id: org(2),
                    headcount: 30,
                },
            ],
            materials: vec![],
            photos: vec![org(50)],
            summary: Some("  ".into()),
        }
    }

    #[test]
    fn kinds() {
        for k in ActivityKind::ALL {
            assert_eq!(ActivityKind::from_code(k.code()), Some(k));
        }
        assert_eq!(ActivityKind::Interview.label(), "访谈评论");
        assert_eq!(ActivityKind::from_code("meeting"), None);
        assert_eq!(
            serde_json::to_value(ActivityKind::Campaign).unwrap(),
            "campaign"
        );
    }

    #[test]
    fn an_activity_counts_units_and_people() {
        let a = check_activity(&activity()).unwrap();
        assert_eq!((a.units, a.headcount), (2, 42));
        assert_eq!(a.summary, None);
        assert_eq!(a.task_id, Some(org(100)));
        let mut edge = activity();
        edge.participants[0].headcount = MAX_HEADCOUNT;
        edge.participants[1].headcount = 1;
        assert_eq!(check_activity(&edge).unwrap().headcount, 100_001);
    }

    #[test]
    fn an_activity_is_checked() {
        let e = check_activity(&ActivityInput::default()).unwrap_err();
        let f: Vec<&str> = e.iter().map(|x| x.field.as_str()).collect();
        assert_eq!(
            f,
            vec!["title", "kind", "held_on", "organiser", "participants"]
        );
        let mut bad = activity();
        bad.title = "题".repeat(201);
        bad.organiser = "单".repeat(101);
        bad.participants = vec![
            ParticipantInput {
                org_id: org(1),
                headcount: 0,
            },
            ParticipantInput {
                org_id: org(1),
                headcount: MAX_HEADCOUNT + 1,
            },
            ParticipantInput {
                org_id: Uuid::nil(),
                headcount: 3,
            },
        ];
        bad.summary = Some("总".repeat(2001));
        bad.photos = vec![org(9); MAX_FILES + 1];
        let e = check_activity(&bad).unwrap_err();
        let f: Vec<&str> = e.iter().map(|x| x.field.as_str()).collect();
        assert_eq!(
            f,
            vec![
                "title",
                "organiser",
                "participants.0.headcount",
                "participants.1.org_id",
                "participants.1.headcount",
                "participants.2.org_id",
                "photos",
                "summary"
            ]
        );
        assert_eq!(e[2].message, "第1个参加单位的参加人数应在1到100000之间");
        assert_eq!(e[3].code, "duplicate");
    }

    #[test]
    fn the_json_of_the_api_reads() {
        let json = r#"{"title":"安全生产月宣传咨询日","kind":"campaign","held_on":"2021-06-16",
            "organiser":"局政策法规科","task_id":null,
            "participants":[{"org_id":"00000000-0000-0000-0000-000000000001","headcount":5}],
            "summary":"发放宣传资料300份"}"#;
        let input: ActivityInput = serde_json::from_str(json).unwrap();
        let a = check_activity(&input).unwrap();
        assert_eq!(a.kind, ActivityKind::Campaign);
        assert_eq!(a.summary.as_deref(), Some("发放宣传资料300份"));
        assert!(serde_json::from_str::<ActivityInput>(r#"{"title":"x","extra":1}"#).is_err());
    }
}
