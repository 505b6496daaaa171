//! Task-force meetings (专班会议) and symposiums with enterprises (座谈会): minutes,
//! decisions, and decisions that become campaign tasks.

use anzhi_domain::accountability::MeetingKind;
use anzhi_domain::{OrgKind, Scope, Validator};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{AuditEvent, append};
use crate::campaigns::{DeadlineInput, TaskInput, UnitEntry};
use crate::entity::{meeting, meeting_decision, org};
use crate::files::{FileBrief, Subject, attach_new, attachments_of};
use crate::{Actor, Page, PageReq, Result, Store, StoreError, org_names};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MeetingView {
    pub id: Uuid,
    pub kind: MeetingKind,
    pub kind_label: String,
    pub title: String,
    pub held_on: NaiveDate,
    pub location: String,
    pub host: String,
    pub attendees: String,
    pub topics: String,
    pub decisions: u64,
    pub tasks_created: u64,
    pub organiser_name: String,
}

/// A unit named by a decision or a symposium.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UnitRef {
    pub id: Uuid,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DecisionView {
    pub id: Uuid,
    pub meeting_id: Uuid,
    pub content: String,
    pub lead_unit_ids: Vec<Uuid>,
    pub lead_units: Vec<UnitRef>,
    pub unit_ids: Vec<Uuid>,
    pub units: Vec<UnitRef>,
    pub deadline: Option<NaiveDate>,
    pub task_id: Option<Uuid>,
    pub campaign_id: Option<Uuid>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MeetingDetail {
    #[serde(flatten)]
    pub view: MeetingView,
    pub minutes: String,
    pub enterprises: Vec<UnitRef>,
    pub files: Vec<FileBrief>,
    pub decisions: Vec<DecisionView>,
    pub created_by_name: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct MeetingInput {
    pub kind: MeetingKind,
    pub title: String,
    pub held_on: NaiveDate,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub host: String,
    #[serde(default)]
    pub attendees: String,
    #[serde(default)]
    pub topics: String,
    #[serde(default)]
    pub minutes: String,
    #[serde(default)]
    pub enterprise_ids: Vec<Uuid>,
    #[serde(default)]
    pub file_ids: Vec<Uuid>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct DecisionInput {
    pub content: String,
    #[serde(default)]
    pub lead_unit_ids: Vec<Uuid>,
    #[serde(default)]
    pub unit_ids: Vec<Uuid>,
    #[serde(default)]
    pub deadline: Option<NaiveDate>,
}

#[derive(Debug, Clone, Default)]
pub struct MeetingFilter {
    pub kind: Option<MeetingKind>,
    pub year: Option<i32>,
}

/// Meetings are the bureau's: its leaders and sections, and the districts (who attend
/// and carry out decisions) read them.
fn meeting_scope(scope: Scope) -> Result<Condition> {
    match scope {
        Scope::Internal | Scope::Leader(_) | Scope::Section(_) | Scope::District(_) => {
            Ok(Condition::all())
        }
        _ => Err(StoreError::Forbidden("无权查看会议记录".into())),
    }
}

fn ids_of(text: &str) -> Vec<Uuid> {
    serde_json::from_str(text).unwrap_or_default()
}

fn briefs(ids: &[Uuid], names: &std::collections::HashMap<Uuid, String>) -> Vec<UnitRef> {
    ids.iter()
        .map(|i| UnitRef {
            id: *i,
            name: names.get(i).cloned().unwrap_or_default(),
        })
        .collect()
}

impl Store {
    async fn meeting_views(&self, rows: Vec<meeting::Model>) -> Result<Vec<MeetingView>> {
        let names = org_names(self.r(), rows.iter().map(|r| r.organiser_org_id)).await?;
        // (decisions, of which tasks) per meeting, from one read of the decisions.
        let mut counts: std::collections::HashMap<Uuid, (u64, u64)> = Default::default();
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        for chunk in ids.chunks(500) {
            let ds: Vec<(Uuid, Option<Uuid>)> = meeting_decision::Entity::find()
                .select_only()
                .column(meeting_decision::Column::MeetingId)
                .column(meeting_decision::Column::TaskId)
                .filter(meeting_decision::Column::MeetingId.is_in(chunk.to_vec()))
                .into_tuple()
                .all(self.r())
                .await?;
            for (m, t) in ds {
                let c = counts.entry(m).or_default();
                c.0 += 1;
                c.1 += u64::from(t.is_some());
            }
        }
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let (decisions, tasks_created) = counts.get(&r.id).copied().unwrap_or_default();
            let kind = MeetingKind::from_code(&r.kind).unwrap_or(MeetingKind::TaskForce);
            out.push(MeetingView {
                id: r.id,
                kind,
                kind_label: kind.label().into(),
                title: r.title,
                held_on: r.held_on,
                location: r.location,
                host: r.host,
                attendees: r.attendees,
                topics: r.topics,
                decisions,
                tasks_created,
                organiser_name: names.get(&r.organiser_org_id).cloned().unwrap_or_default(),
            });
        }
        Ok(out)
    }

    pub async fn list_meetings(
        &self,
        scope: Scope,
        f: &MeetingFilter,
        page: &PageReq,
    ) -> Result<Page<MeetingView>> {
        let mut q = meeting::Entity::find().filter(meeting_scope(scope)?);
        if let Some(k) = f.kind {
            q = q.filter(meeting::Column::Kind.eq(k.code()));
        }
        if let Some(y) = f.year {
            let from = NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or_default();
            let to = NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or_default();
            q = q.filter(meeting::Column::HeldOn.between(from, to));
        }
        let total = q.clone().count(self.r()).await?;
        let rows = q
            .order_by_desc(meeting::Column::HeldOn)
            .order_by_desc(meeting::Column::Id)
            .offset(page.offset())
            .limit(page.page_size)
            .all(self.r())
            .await?;
        Ok(Page {
            items: self.meeting_views(rows).await?,
            total,
            page: page.page,
            page_size: page.page_size,
        })
    }

    pub(crate) async fn meeting_visible(&self, scope: Scope, id: Uuid) -> Result<bool> {
        let Ok(c) = meeting_scope(scope) else {
            return Ok(false);
        };
        Ok(meeting::Entity::find_by_id(id)
            .filter(c)
            .one(self.r())
            .await?
            .is_some())
    }

    pub async fn meeting(&self, scope: Scope, id: Uuid) -> Result<MeetingDetail> {
        let m = meeting::Entity::find_by_id(id)
            .filter(meeting_scope(scope)?)
            .one(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        let decisions = meeting_decision::Entity::find()
            .filter(meeting_decision::Column::MeetingId.eq(id))
            .order_by_asc(meeting_decision::Column::Seq)
            .all(self.r())
            .await?;
        let enterprise_ids = ids_of(&m.enterprise_ids);
        let mut ids: Vec<Uuid> = enterprise_ids.clone();
        for d in &decisions {
            ids.extend(ids_of(&d.lead_unit_ids));
            ids.extend(ids_of(&d.unit_ids));
        }
        let names = org_names(self.r(), ids).await?;
        let files = attachments_of(self.r(), Subject::Meeting, [id])
            .await?
            .remove(&id)
            .unwrap_or_default();
        let minutes = m.minutes.clone();
        let created_by_name = m.created_by_name.clone();
        let created_at = m.created_at;
        let view = self.meeting_views(vec![m]).await?.remove(0);
        Ok(MeetingDetail {
            view,
            minutes,
            enterprises: briefs(&enterprise_ids, &names),
            files,
            decisions: decisions
                .into_iter()
                .map(|d| {
                    let lead = ids_of(&d.lead_unit_ids);
                    let units = ids_of(&d.unit_ids);
                    DecisionView {
                        id: d.id,
                        meeting_id: d.meeting_id,
                        content: d.content,
                        lead_units: briefs(&lead, &names),
                        lead_unit_ids: lead,
                        units: briefs(&units, &names),
                        unit_ids: units,
                        deadline: d.deadline,
                        task_id: d.task_id,
                        campaign_id: d.campaign_id,
                    }
                })
                .collect(),
            created_by_name,
            created_at,
        })
    }

    /// The meeting, writable by the section that organised it.
    async fn own_meeting<C: sea_orm::ConnectionTrait>(
        &self,
        c: &C,
        actor: &Actor,
        id: Uuid,
    ) -> Result<meeting::Model> {
        let m = meeting::Entity::find_by_id(id)
            .filter(meeting_scope(actor.scope)?)
            .one(c)
            .await?
            .ok_or(StoreError::NotFound)?;
        if Some(m.organiser_org_id) != actor.scope.org_id() {
            return Err(StoreError::Forbidden(
                "只有组织会议的科室可以修改会议记录".into(),
            ));
        }
        Ok(m)
    }

    pub async fn save_meeting(
        &self,
        actor: &Actor,
        id: Option<Uuid>,
        b: &MeetingInput,
    ) -> Result<MeetingDetail> {
        let Scope::Section(org_id) = actor.scope else {
            return Err(StoreError::Forbidden("会议记录由局科室登记".into()));
        };
        let mut v = Validator::new();
        let title = v.text("title", "会议名称", &b.title, 2, 200);
        v.optional_text("location", "会议地点", Some(&b.location), 200);
        v.optional_text("host", "主持人", Some(&b.host), 100);
        v.optional_text("attendees", "参会人员", Some(&b.attendees), 2000);
        v.optional_text("topics", "会议议题", Some(&b.topics), 2000);
        v.optional_text("minutes", "会议纪要", Some(&b.minutes), 20000);
        if b.held_on > today() + chrono::Duration::days(366) {
            v.error("held_on", "invalid", "会议日期不能晚于一年以后");
        }
        let txn = self.tx().await?;
        let mut ents = b.enterprise_ids.clone();
        ents.sort();
        ents.dedup();
        if !ents.is_empty() {
            let found = org::Entity::find()
                .filter(org::Column::Id.is_in(ents.clone()))
                .filter(org::Column::Kind.eq(OrgKind::Enterprise.code()))
                .count(&txn)
                .await?;
            if found != ents.len() as u64 {
                v.error("enterprise_ids", "not_found", "参会企业中有不存在的企业");
            }
        }
        v.into_result().map_err(StoreError::Invalid)?;
        let now = crate::now();
        let name = crate::campaigns::display_name(&txn, actor).await?;
        let mid = match id {
            None => {
                let mid = Uuid::now_v7();
                meeting::ActiveModel {
                    id: Set(mid),
                    kind: Set(b.kind.code().into()),
                    title: Set(title),
                    held_on: Set(b.held_on),
                    location: Set(b.location.trim().into()),
                    host: Set(b.host.trim().into()),
                    attendees: Set(b.attendees.trim().into()),
                    topics: Set(b.topics.trim().into()),
                    minutes: Set(b.minutes.trim().into()),
                    enterprise_ids: Set(json!(ents).to_string()),
                    organiser_org_id: Set(org_id),
                    created_by_name: Set(name),
                    created_at: Set(now),
                    updated_at: Set(now),
                }
                .insert(&txn)
                .await?;
                mid
            }
            Some(mid) => {
                let m = self.own_meeting(&txn, actor, mid).await?;
                let mut a: meeting::ActiveModel = m.into();
                a.kind = Set(b.kind.code().into());
                a.title = Set(title);
                a.held_on = Set(b.held_on);
                a.location = Set(b.location.trim().into());
                a.host = Set(b.host.trim().into());
                a.attendees = Set(b.attendees.trim().into());
                a.topics = Set(b.topics.trim().into());
                a.minutes = Set(b.minutes.trim().into());
                a.enterprise_ids = Set(json!(ents).to_string());
                a.updated_at = Set(now);
                a.update(&txn).await?;
                mid
            }
        };
        attach_new(&txn, actor, &b.file_ids, Subject::Meeting, mid, "file_ids").await?;
        append(
            &txn,
            actor,
            AuditEvent::new(if id.is_none() {
                "meeting.create"
            } else {
                "meeting.update"
            })
            .object("meeting", mid)
            .after(json!({"kind": b.kind.code(), "title": b.title.trim(), "held_on": b.held_on})),
        )
        .await?;
        txn.commit().await?;
        self.meeting(actor.scope, mid).await
    }

    pub async fn delete_meeting(&self, actor: &Actor, id: Uuid) -> Result<()> {
        let txn = self.tx().await?;
        self.own_meeting(&txn, actor, id).await?;
        let tasks = meeting_decision::Entity::find()
            .filter(meeting_decision::Column::MeetingId.eq(id))
            .filter(meeting_decision::Column::TaskId.is_not_null())
            .count(&txn)
            .await?;
        if tasks > 0 {
            return Err(StoreError::Conflict(
                "会议的决定事项已转为任务，不能删除会议记录".into(),
            ));
        }
        meeting_decision::Entity::delete_many()
            .filter(meeting_decision::Column::MeetingId.eq(id))
            .exec(&txn)
            .await?;
        meeting::Entity::delete_by_id(id).exec(&txn).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("meeting.delete").object("meeting", id),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    async fn check_decision<C: sea_orm::ConnectionTrait>(
        &self,
        c: &C,
        b: &DecisionInput,
    ) -> Result<(String, Vec<Uuid>, Vec<Uuid>)> {
        let mut v = Validator::new();
        let content = v.text("content", "决定事项", &b.content, 2, 2000);
        let mut lead = b.lead_unit_ids.clone();
        lead.sort();
        lead.dedup();
        let mut units = b.unit_ids.clone();
        units.sort();
        units.dedup();
        // Decisions bind the bureau's units: sections and district bureaus.
        let kinds = [
            OrgKind::Bureau.code(),
            OrgKind::Section.code(),
            OrgKind::District.code(),
        ];
        for (field, ids) in [("lead_unit_ids", &lead), ("unit_ids", &units)] {
            if ids.is_empty() {
                continue;
            }
            let found = org::Entity::find()
                .filter(org::Column::Id.is_in(ids.clone()))
                .filter(org::Column::Kind.is_in(kinds))
                .count(c)
                .await?;
            if found != ids.len() as u64 {
                v.error(
                    field,
                    "not_found",
                    "所选单位中有不存在的单位或不是局科室、区商务局",
                );
            }
        }
        if units.is_empty() {
            v.error("unit_ids", "required", "请选择责任单位");
        }
        v.into_result().map_err(StoreError::Invalid)?;
        Ok((content, lead, units))
    }

    async fn decision_row<C: sea_orm::ConnectionTrait>(
        &self,
        c: &C,
        actor: &Actor,
        id: Uuid,
    ) -> Result<(meeting::Model, meeting_decision::Model)> {
        let d = meeting_decision::Entity::find_by_id(id)
            .one(c)
            .await?
            .ok_or(StoreError::NotFound)?;
        let m = self.own_meeting(c, actor, d.meeting_id).await?;
        Ok((m, d))
    }

    pub async fn add_decision(
        &self,
        actor: &Actor,
        meeting_id: Uuid,
        b: &DecisionInput,
    ) -> Result<DecisionView> {
        let txn = self.tx().await?;
        self.own_meeting(&txn, actor, meeting_id).await?;
        let (content, lead, units) = self.check_decision(&txn, b).await?;
        let seq = meeting_decision::Entity::find()
            .filter(meeting_decision::Column::MeetingId.eq(meeting_id))
            .count(&txn)
            .await? as i32
            + 1;
        let id = Uuid::now_v7();
        meeting_decision::ActiveModel {
            id: Set(id),
            meeting_id: Set(meeting_id),
            seq: Set(seq),
            content: Set(content),
            lead_unit_ids: Set(json!(lead).to_string()),
            unit_ids: Set(json!(units).to_string()),
            deadline: Set(b.deadline),
            task_id: Set(None),
            campaign_id: Set(None),
            created_at: Set(crate::now()),
        }
        .insert(&txn)
        .await?;
        append(
            &txn,
            actor,
            AuditEvent::new("meeting.decision.create")
                .object("meeting_decision", id)
                .after(json!({"meeting_id": meeting_id, "units": units})),
        )
        .await?;
        txn.commit().await?;
        self.decision(actor.scope, id).await
    }

    async fn decision(&self, scope: Scope, id: Uuid) -> Result<DecisionView> {
        let d = meeting_decision::Entity::find_by_id(id)
            .one(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        self.meeting(scope, d.meeting_id)
            .await?
            .decisions
            .into_iter()
            .find(|x| x.id == id)
            .ok_or(StoreError::NotFound)
    }

    pub async fn update_decision(
        &self,
        actor: &Actor,
        id: Uuid,
        b: &DecisionInput,
    ) -> Result<DecisionView> {
        let txn = self.tx().await?;
        let (_, d) = self.decision_row(&txn, actor, id).await?;
        if d.task_id.is_some() {
            return Err(StoreError::Conflict(
                "已转为任务的决定事项不能修改，请修改任务".into(),
            ));
        }
        let (content, lead, units) = self.check_decision(&txn, b).await?;
        let mut a: meeting_decision::ActiveModel = d.into();
        a.content = Set(content);
        a.lead_unit_ids = Set(json!(lead).to_string());
        a.unit_ids = Set(json!(units).to_string());
        a.deadline = Set(b.deadline);
        a.update(&txn).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("meeting.decision.update").object("meeting_decision", id),
        )
        .await?;
        txn.commit().await?;
        self.decision(actor.scope, id).await
    }

    pub async fn delete_decision(&self, actor: &Actor, id: Uuid) -> Result<()> {
        let txn = self.tx().await?;
        let (_, d) = self.decision_row(&txn, actor, id).await?;
        if d.task_id.is_some() {
            return Err(StoreError::Conflict("已转为任务的决定事项不能删除".into()));
        }
        meeting_decision::Entity::delete_by_id(id)
            .exec(&txn)
            .await?;
        append(
            &txn,
            actor,
            AuditEvent::new("meeting.decision.delete").object("meeting_decision", id),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Turns a decision into a campaign task (lead and responsible units, the deadline
    /// as its end), in one transaction with the link.
    pub async fn decision_to_task(
        &self,
        actor: &Actor,
        id: Uuid,
        campaign_id: Uuid,
    ) -> Result<(DecisionView, Uuid)> {
        let txn = self.tx().await?;
        let (m, d) = self.decision_row(&txn, actor, id).await?;
        if d.task_id.is_some() {
            return Err(StoreError::Conflict("该决定事项已转为任务".into()));
        }
        let lead = ids_of(&d.lead_unit_ids);
        let units = ids_of(&d.unit_ids);
        let names = org_names(&txn, lead.iter().chain(units.iter()).copied()).await?;
        let phrase = |ids: &[Uuid]| {
            ids.iter()
                .filter_map(|i| names.get(i).cloned())
                .collect::<Vec<_>>()
                .join("、")
        };
        let input = TaskInput {
            section: format!("专班会议决定事项（{}）", m.title),
            section_number: String::new(),
            number: String::new(),
            text: d.content.clone(),
            deadline: d.deadline.map(|end| DeadlineInput {
                text: Some(format!(
                    "{}年{}月{}日前",
                    end.year(),
                    end.month(),
                    end.day()
                )),
                kind: Some("by".into()),
                start: None,
                end: Some(end),
                period: None,
            }),
            lead: if lead.is_empty() {
                Vec::new()
            } else {
                vec![UnitEntry {
                    phrase: phrase(&lead),
                    group_id: None,
                    unit_ids: lead.clone(),
                }]
            },
            responsible: vec![UnitEntry {
                phrase: phrase(&units),
                group_id: None,
                unit_ids: units.clone(),
            }],
        };
        let task_id = self
            .create_task_in(&txn, actor, campaign_id, &input)
            .await?;
        let mut a: meeting_decision::ActiveModel = d.into();
        a.task_id = Set(Some(task_id));
        a.campaign_id = Set(Some(campaign_id));
        a.update(&txn).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("meeting.decision.task")
                .object("meeting_decision", id)
                .after(json!({"task_id": task_id, "campaign_id": campaign_id})),
        )
        .await?;
        txn.commit().await?;
        Ok((self.decision(actor.scope, id).await?, task_id))
    }
}

fn today() -> NaiveDate {
    anzhi_domain::time::today_china(crate::now())
}
