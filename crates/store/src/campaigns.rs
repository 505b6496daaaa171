//! Campaigns: a plan's tasks, one assignment per responsible unit, progress
//! reports and acceptance, all read through the caller's scope.

use std::collections::{HashMap, HashSet};

use anzhi_domain::campaign::{
    Actor as Party, AssignmentAction, AssignmentState, TaskStatus, is_overdue,
};
use anzhi_domain::{GroupRule, OrgKind, Scope, Validator};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{AuditEvent, append, contains};
use crate::campaign_tally::Tracked;
use crate::entity::{
    assignment, assignment_event, assignment_tally, campaign, campaign_draft, org, org_group,
    org_group_member, task, task_lead,
};
use crate::files::{FileBrief, Subject};
use crate::orgs::OrgBrief;
use crate::request_keys::{self, Claim, Kind, RequestKey};
use crate::{Actor, Page, PageReq, Result, Store, StoreError};

/// A deadline as the user confirmed it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct DeadlineInput {
    pub text: Option<String>,
    pub kind: Option<String>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    /// For `kind: recurring`: weekly, monthly, quarterly, half_yearly, yearly.
    #[serde(default)]
    pub period: Option<String>,
}

/// One unit phrase of a task, mapped to a group or to units.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitEntry {
    pub phrase: String,
    #[serde(default)]
    pub group_id: Option<Uuid>,
    #[serde(default)]
    pub unit_ids: Vec<Uuid>,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskInput {
    #[serde(default)]
    pub section: String,
    #[serde(default)]
    pub section_number: String,
    #[serde(default)]
    pub number: String,
    pub text: String,
    #[serde(default)]
    pub deadline: Option<DeadlineInput>,
    #[serde(default)]
    pub lead: Vec<UnitEntry>,
    pub responsible: Vec<UnitEntry>,
}

#[derive(Debug, Clone)]
pub struct NewCampaign {
    pub draft_id: Uuid,
    pub title: String,
    pub year: i32,
    pub tasks: Vec<TaskInput>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CampaignSummary {
    pub id: Uuid,
    pub title: String,
    pub year: i32,
    pub owner_org_id: Uuid,
    pub owner_org_name: String,
    pub source_name: String,
    pub task_count: u64,
    pub assignment_count: u64,
    pub completed_count: u64,
    pub overdue_count: u64,
    pub created_by_name: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Deadline {
    pub text: Option<String>,
    pub kind: Option<String>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub period: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TaskSummary {
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub campaign_title: String,
    pub seq: i32,
    pub section: String,
    pub section_number: String,
    pub number: String,
    pub text: String,
    pub deadline: Deadline,
    pub lead_units: Vec<OrgBrief>,
    pub lead_phrases: Vec<String>,
    pub responsible_phrases: Vec<String>,
    pub status: TaskStatus,
    pub status_label: String,
    pub overdue: bool,
    pub assignment_count: i32,
    pub completed_count: i32,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AssignmentView {
    pub id: Uuid,
    pub task_id: Uuid,
    pub task_number: String,
    pub task_text: String,
    pub section: String,
    pub campaign_id: Uuid,
    pub campaign_title: String,
    pub org_id: Uuid,
    pub org_name: String,
    pub state: AssignmentState,
    pub state_label: String,
    pub percent: i32,
    pub latest_report: Option<String>,
    /// The reporting period of a recurring task (`2021年3月`), else null.
    pub period_label: Option<String>,
    /// This assignment's own deadline (its period's end, or the task's end).
    pub due: Option<NaiveDate>,
    pub deadline: Deadline,
    pub overdue: bool,
    pub updated_at: DateTime<Utc>,
    /// The caller belongs to the assigned unit and may report now.
    pub can_report: bool,
    /// The caller belongs to the lead unit and the work awaits acceptance.
    pub can_review: bool,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EventView {
    pub id: Uuid,
    pub assignment_id: Uuid,
    pub org_name: String,
    pub action: String,
    pub action_label: String,
    pub actor_name: String,
    pub at: DateTime<Utc>,
    pub text: Option<String>,
    pub percent: Option<i32>,
    pub reason: Option<String>,
    /// Files attached to a progress report.
    pub attachments: Vec<FileBrief>,
}

/// What the actor says with an action on an assignment.
#[derive(Debug, Clone, Default)]
pub struct ActInput {
    pub text: Option<String>,
    pub percent: Option<i32>,
    pub reason: Option<String>,
    /// The actor's own uploads to attach to a progress report.
    pub attachments: Vec<Uuid>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TaskDetail {
    #[serde(flatten)]
    pub task: TaskSummary,
    pub assignments: Vec<AssignmentView>,
    pub timeline: Vec<EventView>,
}

#[derive(Debug, Clone, Default)]
pub struct TaskFilter {
    pub campaign_id: Option<Uuid>,
    pub status: Option<TaskStatus>,
    pub overdue: bool,
    pub unit_id: Option<Uuid>,
    pub q: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct AssignmentFilter {
    pub mine: bool,
    pub state: Option<AssignmentState>,
    pub campaign_id: Option<Uuid>,
    pub task_id: Option<Uuid>,
}

/// Which assignments a scope sees (None = all).
pub(crate) fn assignment_scope(scope: Scope) -> Result<Option<Condition>> {
    match scope {
        Scope::Internal | Scope::Leader(_) | Scope::Section(_) => Ok(None),
        // A district bureau's own assignments carry its id as their district too: one
        // indexed column covers both.
        Scope::District(d) => Ok(Some(
            Condition::all().add(assignment::Column::DistrictId.eq(d)),
        )),
        Scope::Enterprise(e) => Ok(Some(Condition::all().add(assignment::Column::OrgId.eq(e)))),
        Scope::Admin(_) | Scope::Agency(_) => {
            Err(StoreError::Forbidden("无权查看专项整治任务".into()))
        }
    }
}

/// Tasks a scope sees: all for the bureau, else those with a visible assignment.
pub(crate) fn task_scope(scope: Scope) -> Result<Condition> {
    // A district's tasks from the running figures (a few thousand rows), not from the
    // assignments of its thousands of enterprises.
    if let Scope::District(d) = scope {
        return Ok(Condition::all().add(
            task::Column::Id.in_subquery(
                Query::select()
                    .column(assignment_tally::Column::TaskId)
                    .from(assignment_tally::Entity)
                    .and_where(assignment_tally::Column::DistrictId.eq(d))
                    .and_where(assignment_tally::Column::N.gt(0))
                    .to_owned(),
            ),
        ));
    }
    Ok(match assignment_scope(scope)? {
        None => Condition::all(),
        Some(c) => Condition::all().add(
            task::Column::Id.in_subquery(
                Query::select()
                    .column(assignment::Column::TaskId)
                    .from(assignment::Entity)
                    .cond_where(c)
                    .to_owned(),
            ),
        ),
    })
}

/// The name people know the actor by (姓名), for timelines; the audit trail keeps the login name.
pub(crate) async fn display_name<C: ConnectionTrait>(c: &C, actor: &Actor) -> Result<String> {
    let Some(id) = actor.user_id else {
        return Ok(actor.username.clone());
    };
    Ok(crate::entity::user::Entity::find_by_id(id)
        .one(c)
        .await?
        .map(|u| u.display_name)
        .unwrap_or_else(|| actor.username.clone()))
}

pub(crate) fn today() -> NaiveDate {
    anzhi_domain::time::today_china(Utc::now())
}

pub(crate) fn deadline_of(t: &task::Model) -> Deadline {
    Deadline {
        text: t.deadline_text.clone(),
        kind: t.deadline_kind.clone(),
        start: t.deadline_start,
        end: t.deadline_end,
        period: t.period.clone(),
    }
}

/// An assignment's own deadline: its period's end for recurring tasks, else the task's.
fn due_of(a: &assignment::Model, t: &task::Model) -> Option<NaiveDate> {
    a.period_end.or(t.deadline_end)
}

fn phrases(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}

/// Districts (for district scope on assignments) and kinds of units.
async fn districts_of<C: ConnectionTrait>(
    c: &C,
    units: &[Uuid],
) -> Result<HashMap<Uuid, (Option<Uuid>, String)>> {
    let mut district_of: HashMap<Uuid, (Option<Uuid>, String)> = HashMap::new();
    for chunk in units.chunks(500) {
        for o in org::Entity::find()
            .filter(org::Column::Id.is_in(chunk.to_vec()))
            .all(c)
            .await?
        {
            let d = match OrgKind::from_code(&o.kind) {
                Some(OrgKind::District) => Some(o.id),
                Some(OrgKind::Enterprise) => o.parent_id,
                _ => None,
            };
            district_of.insert(o.id, (d, o.kind));
        }
    }
    Ok(district_of)
}

type Slot = (i32, Option<anzhi_domain::campaign::ReportingPeriod>);

/// A task's reporting slots: one per period for a recurring task (within its window,
/// else the campaign's year), else a single slot. Fills in the window it used.
pub(crate) fn slots_of(
    d: &mut DeadlineInput,
    year: i32,
) -> (Option<anzhi_domain::campaign::Period>, Vec<Slot>) {
    let period = d
        .period
        .as_deref()
        .and_then(anzhi_domain::campaign::Period::from_code)
        .filter(|_| d.kind.as_deref() == Some("recurring"));
    let periods = match period {
        Some(p) => {
            let from = d.start.or_else(|| NaiveDate::from_ymd_opt(year, 1, 1));
            let to = d.end.or_else(|| NaiveDate::from_ymd_opt(year, 12, 31));
            match (from, to) {
                (Some(f), Some(t)) => {
                    d.start = Some(f);
                    d.end = Some(t);
                    anzhi_domain::campaign::reporting_periods(p, f, t)
                }
                _ => Vec::new(),
            }
        }
        None => Vec::new(),
    };
    let slots = if periods.is_empty() {
        vec![(0, None)]
    } else {
        periods
            .into_iter()
            .enumerate()
            .map(|(k, p)| (k as i32 + 1, Some(p)))
            .collect()
    };
    (period, slots)
}

pub(crate) fn phrases_json(entries: &[UnitEntry]) -> String {
    serde_json::to_string(&entries.iter().map(|e| e.phrase.trim()).collect::<Vec<_>>())
        .unwrap_or_default()
}

/// The new assignments of `units` on a task, one per reporting slot.
fn assignment_rows(
    campaign_id: Uuid,
    task_id: Uuid,
    units: &[Uuid],
    slots: &[Slot],
    district_of: &HashMap<Uuid, (Option<Uuid>, String)>,
    due: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Vec<assignment::ActiveModel> {
    units
        .iter()
        .flat_map(|org_id| slots.iter().map(move |slot| (org_id, slot)))
        .map(|(org_id, (seq, period))| assignment::ActiveModel {
            id: Set(Uuid::now_v7()),
            task_id: Set(task_id),
            campaign_id: Set(campaign_id),
            org_id: Set(*org_id),
            district_id: Set(district_of.get(org_id).and_then(|d| d.0)),
            period_seq: Set(*seq),
            period_start: Set(period.as_ref().map(|p| p.start)),
            period_end: Set(period.as_ref().map(|p| p.end)),
            period_label: Set(period.as_ref().map(|p| p.label.clone())),
            state: Set(AssignmentState::NotStarted.code().into()),
            percent: Set(0),
            latest_report: Set(None),
            org_kind: Set(district_of
                .get(org_id)
                .map(|d| d.1.clone())
                .unwrap_or_else(|| crate::campaign_tally::kind_code(None))),
            open_due: Set(period.as_ref().map(|p| p.end).or(due)),
            accepted_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .collect()
}

/// Inserts new assignments and adds them to the campaign's running figures.
async fn insert_assignments<C: ConnectionTrait>(
    c: &C,
    rows: Vec<assignment::ActiveModel>,
) -> Result<u64> {
    let n = rows.len() as u64;
    let mut tracked = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(200) {
        assignment::Entity::insert_many(chunk.to_vec())
            .exec(c)
            .await?;
    }
    for r in rows {
        tracked.push(Tracked::of(&sea_orm::TryIntoModel::try_into_model(r)?));
    }
    crate::campaign_tally::track(c, &[], &tracked).await?;
    Ok(n)
}

/// Inserts one task with its leads and assignments; answers (task id, assignments).
#[allow(clippy::too_many_arguments)]
async fn insert_task<C: ConnectionTrait>(
    c: &C,
    campaign_id: Uuid,
    year: i32,
    seq: i32,
    t: &TaskInput,
    leads: &[Uuid],
    resp: &[Uuid],
    now: DateTime<Utc>,
) -> Result<(Uuid, u64)> {
    let tid = Uuid::now_v7();
    let mut d = t.deadline.clone().unwrap_or_default();
    let (period, slots) = slots_of(&mut d, year);
    task::ActiveModel {
        id: Set(tid),
        campaign_id: Set(campaign_id),
        seq: Set(seq),
        section: Set(t.section.trim().to_string()),
        section_number: Set(t.section_number.trim().chars().take(16).collect()),
        number: Set(t.number.trim().to_string()),
        text: Set(t.text.trim().to_string()),
        deadline_text: Set(d.text.clone().filter(|s| !s.trim().is_empty())),
        deadline_kind: Set(d
            .kind
            .clone()
            .filter(|s| !s.is_empty())
            .map(|s| s.chars().take(16).collect())),
        deadline_start: Set(d.start),
        deadline_end: Set(d.end),
        period: Set(period.and(d.period.clone())),
        lead_phrases: Set(phrases_json(&t.lead)),
        responsible_phrases: Set(phrases_json(&t.responsible)),
        status: Set(TaskStatus::NotStarted.code().into()),
        assignment_count: Set((resp.len() * slots.len()) as i32),
        completed_count: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(c)
    .await?;
    for l in leads {
        task_lead::ActiveModel {
            task_id: Set(tid),
            org_id: Set(*l),
        }
        .insert(c)
        .await?;
    }
    let district_of = districts_of(c, resp).await?;
    let n = insert_assignments(
        c,
        assignment_rows(campaign_id, tid, resp, &slots, &district_of, d.end, now),
    )
    .await?;
    Ok((tid, n))
}

/// Recomputes a task's status and counts from the campaign's running figures.
async fn roll_up_task<C: ConnectionTrait>(c: &C, task_id: Uuid, now: DateTime<Utc>) -> Result<()> {
    let states: Vec<(String, i64)> = assignment_tally::Entity::find()
        .select_only()
        .column(assignment_tally::Column::State)
        .column(assignment_tally::Column::N)
        .filter(assignment_tally::Column::TaskId.eq(task_id))
        .into_tuple::<(String, i64)>()
        .all(c)
        .await?;
    let count_of = |s: AssignmentState| {
        states
            .iter()
            .filter(|(code, _)| code == s.code())
            .map(|(_, n)| *n)
            .sum::<i64>()
    };
    let completed = count_of(AssignmentState::Completed) as i32;
    let count = states.iter().map(|(_, n)| *n).sum::<i64>() as i32;
    let status = TaskStatus::roll_up(
        states
            .iter()
            .filter(|(_, n)| *n > 0)
            .filter_map(|(code, _)| AssignmentState::from_code(code)),
    );
    task::Entity::update_many()
        .col_expr(task::Column::Status, Expr::value(status.code()))
        .col_expr(task::Column::CompletedCount, Expr::value(completed))
        .col_expr(task::Column::AssignmentCount, Expr::value(count))
        .col_expr(task::Column::UpdatedAt, Expr::value(now))
        .filter(task::Column::Id.eq(task_id))
        .exec(c)
        .await?;
    Ok(())
}

impl Store {
    /// Keeps an uploaded plan until it is confirmed (or abandoned for a day).
    pub async fn create_draft(
        &self,
        actor: &Actor,
        source_name: &str,
        content: Vec<u8>,
    ) -> Result<Uuid> {
        let user = actor
            .user_id
            .ok_or_else(|| StoreError::Forbidden("需要登录".into()))?;
        let txn = self.tx().await?;
        campaign_draft::Entity::delete_many()
            .filter(campaign_draft::Column::CreatedAt.lt(Utc::now() - chrono::Duration::days(1)))
            .exec(&txn)
            .await?;
        let id = Uuid::now_v7();
        campaign_draft::ActiveModel {
            id: Set(id),
            created_by: Set(user),
            source_name: Set(source_name.chars().take(200).collect()),
            content: Set(content),
            created_at: Set(crate::now()),
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        Ok(id)
    }

    /// Expands one entry to unit ids, in the actor's scope. Errors name `field`.
    async fn expand_entry<C: ConnectionTrait>(
        &self,
        c: &C,
        scope: Scope,
        entry: &UnitEntry,
        field: &str,
        v: &mut Validator,
    ) -> Result<Vec<Uuid>> {
        if let Some(gid) = entry.group_id {
            let Some(g) = org_group::Entity::find_by_id(gid).one(c).await? else {
                v.error(
                    field,
                    "not_found",
                    format!("单位分组不存在（{}）", entry.phrase),
                );
                return Ok(Vec::new());
            };
            let rule = GroupRule::from_code(&g.rule).unwrap_or(GroupRule::Explicit);
            let ids: Vec<Uuid> = match rule.kind() {
                Some(kind) => {
                    let mut q = org::Entity::find().filter(org::Column::Kind.eq(kind.code()));
                    if kind == OrgKind::Enterprise
                        && let anzhi_domain::scope::EnterpriseFilter::InDistrict(d) =
                            scope.enterprises()
                    {
                        q = q.filter(org::Column::ParentId.eq(d));
                    }
                    q.all(c).await?.into_iter().map(|o| o.id).collect()
                }
                None => org_group_member::Entity::find()
                    .filter(org_group_member::Column::GroupId.eq(gid))
                    .all(c)
                    .await?
                    .into_iter()
                    .map(|m| m.org_id)
                    .collect(),
            };
            if ids.is_empty() {
                v.error(field, "empty", format!("“{}”没有任何单位", entry.phrase));
            }
            return Ok(ids);
        }
        if entry.unit_ids.is_empty() {
            v.error(
                field,
                "unresolved",
                format!("“{}”未对应到任何单位，请选择单位或删除", entry.phrase),
            );
            return Ok(Vec::new());
        }
        let found: HashSet<Uuid> = org::Entity::find()
            .filter(org::Column::Id.is_in(entry.unit_ids.clone()))
            .all(c)
            .await?
            .into_iter()
            .map(|o| o.id)
            .collect();
        if found.len() != entry.unit_ids.iter().collect::<HashSet<_>>().len() {
            v.error(
                field,
                "not_found",
                format!("“{}”对应的单位不存在", entry.phrase),
            );
        }
        Ok(entry
            .unit_ids
            .iter()
            .copied()
            .filter(|id| found.contains(id))
            .collect())
    }

    /// Checks one task and expands its lead and responsible entries to unit ids.
    /// `field` prefixes error fields (`tasks[3]`), `label` names the task (`第4项任务`).
    async fn check_task<C: ConnectionTrait>(
        &self,
        c: &C,
        scope: Scope,
        t: &TaskInput,
        field: &str,
        label: &str,
        v: &mut Validator,
    ) -> Result<(Vec<Uuid>, Vec<Uuid>)> {
        let f = |name: &str| {
            if field.is_empty() {
                name.to_string()
            } else {
                format!("{field}.{name}")
            }
        };
        v.text(&f("text"), &format!("{label}的内容"), &t.text, 1, 5000);
        v.optional_text(&f("section"), "所属部分", Some(&t.section), 300);
        v.optional_text(&f("number"), "序号", Some(&t.number), 16);
        if let Some(d) = &t.deadline {
            v.optional_text(&f("deadline.text"), "完成时限", d.text.as_deref(), 100);
            if let (Some(s), Some(e)) = (d.start, d.end)
                && s > e
            {
                v.error(
                    &f("deadline.end"),
                    "invalid",
                    format!("{label}的完成时限结束日期早于开始日期"),
                );
            }
            if let Some(k) = d.kind.as_deref().filter(|k| !k.is_empty())
                && !matches!(k, "window" | "by" | "ongoing" | "recurring" | "unknown")
            {
                v.error(
                    &f("deadline.kind"),
                    "invalid",
                    format!("{label}的时限类型无效"),
                );
            }
            if d.kind.as_deref() == Some("recurring")
                && d.period
                    .as_deref()
                    .and_then(anzhi_domain::campaign::Period::from_code)
                    .is_none()
            {
                v.error(
                    &f("deadline.period"),
                    "required",
                    format!("{label}是周期性任务，请选择报送周期"),
                );
            }
        }
        if t.responsible.is_empty() {
            v.error(
                &f("responsible"),
                "required",
                format!("{label}没有责任单位"),
            );
        }
        let mut leads = Vec::new();
        for (j, e) in t.lead.iter().enumerate() {
            leads.extend(
                self.expand_entry(c, scope, e, &f(&format!("lead[{j}]")), v)
                    .await?,
            );
        }
        let mut resp = Vec::new();
        for (j, e) in t.responsible.iter().enumerate() {
            resp.extend(
                self.expand_entry(c, scope, e, &f(&format!("responsible[{j}]")), v)
                    .await?,
            );
        }
        let mut seen = HashSet::new();
        leads.retain(|id| seen.insert(*id));
        let mut seen = HashSet::new();
        resp.retain(|id| seen.insert(*id));
        Ok((leads, resp))
    }

    /// Creates the campaign with its tasks and one assignment per responsible unit.
    pub async fn create_campaign(
        &self,
        actor: &Actor,
        input: &NewCampaign,
    ) -> Result<CampaignSummary> {
        let (owner, user) = match (actor.scope, actor.user_id) {
            (Scope::Section(o), Some(u)) => (o, u),
            _ => {
                return Err(StoreError::Forbidden(
                    "只有局科室人员可以导入工作方案".into(),
                ));
            }
        };
        let txn = self.tx().await?;
        let draft = campaign_draft::Entity::find_by_id(input.draft_id)
            .filter(campaign_draft::Column::CreatedBy.eq(user))
            .one(&txn)
            .await?
            .ok_or_else(|| {
                StoreError::invalid(
                    "draft_id",
                    "not_found",
                    "导入草稿不存在或已过期，请重新上传方案",
                )
            })?;
        let mut v = Validator::new();
        let title = v.text("title", "方案标题", &input.title, 1, 300);
        v.range("year", "年度", input.year.into(), 2000, 2100);
        if input.tasks.is_empty() {
            v.error("tasks", "required", "至少需要一项任务");
        }
        if input.tasks.len() > 2000 {
            v.error("tasks", "too_long", "一个方案最多2000项任务");
        }
        // Expand every entry first, so all errors come back at once.
        let mut expanded: Vec<(Vec<Uuid>, Vec<Uuid>)> = Vec::with_capacity(input.tasks.len());
        for (i, t) in input.tasks.iter().enumerate() {
            expanded.push(
                self.check_task(
                    &txn,
                    actor.scope,
                    t,
                    &format!("tasks[{i}]"),
                    &format!("第{}项任务", i + 1),
                    &mut v,
                )
                .await?,
            );
        }
        v.into_result().map_err(StoreError::Invalid)?;
        let now = crate::now();
        let id = Uuid::now_v7();
        campaign::ActiveModel {
            id: Set(id),
            title: Set(title.clone()),
            year: Set(input.year),
            owner_org_id: Set(owner),
            source_name: Set(draft.source_name.clone()),
            source: Set(draft.content.clone()),
            created_by: Set(user),
            created_by_name: Set(display_name(&txn, actor).await?),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await?;
        let mut assignment_total = 0u64;
        for (i, (t, (leads, resp))) in input.tasks.iter().zip(expanded.iter()).enumerate() {
            assignment_total +=
                insert_task(&txn, id, input.year, i as i32 + 1, t, leads, resp, now)
                    .await?
                    .1;
        }
        campaign_draft::Entity::delete_by_id(draft.id)
            .exec(&txn)
            .await?;
        append(
            &txn,
            actor,
            AuditEvent::new("campaign.create")
                .object("campaign", id)
                .after(json!({
                    "title": title, "year": input.year, "source_name": draft.source_name,
                    "tasks": input.tasks.len(), "assignments": assignment_total,
                })),
        )
        .await?;
        txn.commit().await?;
        self.get_campaign(actor.scope, id).await
    }

    async fn summaries(
        &self,
        scope: Scope,
        models: Vec<campaign::Model>,
    ) -> Result<Vec<CampaignSummary>> {
        assignment_scope(scope)?;
        let owners = crate::org_names(self.r(), models.iter().map(|m| m.owner_org_id)).await?;
        let today = today();
        let mut out = Vec::with_capacity(models.len());
        for m in models {
            let tq = task::Entity::find()
                .filter(task::Column::CampaignId.eq(m.id))
                .filter(task_scope(scope)?);
            let task_count = tq.clone().count(self.r()).await?;
            let overdue_count = tq
                .filter(task::Column::Status.ne(TaskStatus::Completed.code()))
                .filter(task::Column::DeadlineEnd.lt(today))
                .count(self.r())
                .await?;
            // From the running figures: a province's campaign has 800,000 assignments.
            let tally = self.tally_rows(scope, m.id).await?;
            let assignment_count: u64 = tally.iter().map(|r| r.n).sum();
            let completed_count: u64 = tally
                .iter()
                .filter(|r| r.state == AssignmentState::Completed)
                .map(|r| r.n)
                .sum();
            out.push(CampaignSummary {
                owner_org_name: owners.get(&m.owner_org_id).cloned().unwrap_or_default(),
                id: m.id,
                title: m.title,
                year: m.year,
                owner_org_id: m.owner_org_id,
                source_name: m.source_name,
                task_count,
                assignment_count,
                completed_count,
                overdue_count,
                created_by_name: m.created_by_name,
                created_at: m.created_at,
            });
        }
        Ok(out)
    }

    fn campaign_scope(scope: Scope) -> Result<Condition> {
        // A district's campaigns from the running figures, not its enterprises' assignments.
        if let Scope::District(d) = scope {
            return Ok(Condition::all().add(
                campaign::Column::Id.in_subquery(
                    Query::select()
                        .column(assignment_tally::Column::CampaignId)
                        .from(assignment_tally::Entity)
                        .and_where(assignment_tally::Column::DistrictId.eq(d))
                        .and_where(assignment_tally::Column::N.gt(0))
                        .to_owned(),
                ),
            ));
        }
        Ok(match assignment_scope(scope)? {
            None => Condition::all(),
            Some(c) => Condition::all().add(
                campaign::Column::Id.in_subquery(
                    Query::select()
                        .column(assignment::Column::CampaignId)
                        .from(assignment::Entity)
                        .cond_where(c)
                        .to_owned(),
                ),
            ),
        })
    }

    pub async fn list_campaigns(
        &self,
        scope: Scope,
        year: Option<i32>,
        q: Option<&str>,
        page: &PageReq,
    ) -> Result<Page<CampaignSummary>> {
        let mut query = campaign::Entity::find()
            .select_only()
            .columns([
                campaign::Column::Id,
                campaign::Column::Title,
                campaign::Column::Year,
                campaign::Column::OwnerOrgId,
                campaign::Column::SourceName,
                campaign::Column::CreatedBy,
                campaign::Column::CreatedByName,
                campaign::Column::CreatedAt,
                campaign::Column::UpdatedAt,
            ])
            .column_as(Expr::val(Vec::<u8>::new()), "source")
            .filter(Self::campaign_scope(scope)?);
        if let Some(y) = year {
            query = query.filter(campaign::Column::Year.eq(y));
        }
        if let Some(text) = q.map(str::trim).filter(|s| !s.is_empty()) {
            query = query.filter(Expr::col(campaign::Column::Title).like(contains(text)));
        }
        let total = query.clone().count(self.r()).await?;
        let models = query
            .order_by_desc(campaign::Column::Year)
            .order_by_desc(campaign::Column::CreatedAt)
            .offset(page.offset())
            .limit(page.page_size)
            .into_model::<campaign::Model>()
            .all(self.r())
            .await?;
        let items = self.summaries(scope, models).await?;
        Ok(Page {
            items,
            total,
            page: page.page,
            page_size: page.page_size,
        })
    }

    pub async fn get_campaign(&self, scope: Scope, id: Uuid) -> Result<CampaignSummary> {
        let m = campaign::Entity::find_by_id(id)
            .filter(Self::campaign_scope(scope)?)
            .one(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(self.summaries(scope, vec![m]).await?.remove(0))
    }

    /// The original plan document of a campaign: (file name, bytes).
    pub async fn campaign_source(&self, scope: Scope, id: Uuid) -> Result<(String, Vec<u8>)> {
        let m = campaign::Entity::find_by_id(id)
            .filter(Self::campaign_scope(scope)?)
            .one(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok((m.source_name, m.source))
    }

    async fn task_summaries(&self, models: Vec<task::Model>) -> Result<Vec<TaskSummary>> {
        let ids: Vec<Uuid> = models.iter().map(|t| t.id).collect();
        let mut leads: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        let mut lead_orgs: HashSet<Uuid> = HashSet::new();
        if !ids.is_empty() {
            for l in task_lead::Entity::find()
                .filter(task_lead::Column::TaskId.is_in(ids))
                .all(self.r())
                .await?
            {
                lead_orgs.insert(l.org_id);
                leads.entry(l.task_id).or_default().push(l.org_id);
            }
        }
        let orgs: HashMap<Uuid, org::Model> = if lead_orgs.is_empty() {
            HashMap::new()
        } else {
            org::Entity::find()
                .filter(org::Column::Id.is_in(lead_orgs.into_iter().collect::<Vec<_>>()))
                .all(self.r())
                .await?
                .into_iter()
                .map(|o| (o.id, o))
                .collect()
        };
        let titles = crate::campaign_titles(self.r(), models.iter().map(|t| t.campaign_id)).await?;
        let today = today();
        Ok(models
            .into_iter()
            .map(|t| {
                let status = TaskStatus::from_code(&t.status).unwrap_or(TaskStatus::NotStarted);
                let lead_units = leads
                    .get(&t.id)
                    .map(|ids| {
                        ids.iter()
                            .filter_map(|id| orgs.get(id))
                            .map(|o| OrgBrief {
                                id: o.id,
                                name: o.name.clone(),
                                kind: OrgKind::from_code(&o.kind).unwrap_or(OrgKind::Section),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                TaskSummary {
                    campaign_title: titles.get(&t.campaign_id).cloned().unwrap_or_default(),
                    deadline: deadline_of(&t),
                    overdue: is_overdue(status == TaskStatus::Completed, t.deadline_end, today),
                    lead_units,
                    lead_phrases: phrases(&t.lead_phrases),
                    responsible_phrases: phrases(&t.responsible_phrases),
                    status,
                    status_label: status.label().into(),
                    id: t.id,
                    campaign_id: t.campaign_id,
                    seq: t.seq,
                    section: t.section,
                    section_number: t.section_number,
                    number: t.number,
                    text: t.text,
                    assignment_count: t.assignment_count,
                    completed_count: t.completed_count,
                }
            })
            .collect())
    }

    pub async fn list_tasks(
        &self,
        scope: Scope,
        f: &TaskFilter,
        page: &PageReq,
    ) -> Result<Page<TaskSummary>> {
        let mut q = task::Entity::find().filter(task_scope(scope)?);
        if let Some(c) = f.campaign_id {
            q = q.filter(task::Column::CampaignId.eq(c));
        }
        if let Some(s) = f.status {
            q = q.filter(task::Column::Status.eq(s.code()));
        }
        if f.overdue {
            q = q
                .filter(task::Column::Status.ne(TaskStatus::Completed.code()))
                .filter(task::Column::DeadlineEnd.lt(today()));
        }
        if let Some(u) = f.unit_id {
            q = q.filter(
                Condition::any()
                    .add(
                        task::Column::Id.in_subquery(
                            Query::select()
                                .column(assignment::Column::TaskId)
                                .from(assignment::Entity)
                                .and_where(assignment::Column::OrgId.eq(u))
                                .to_owned(),
                        ),
                    )
                    .add(
                        task::Column::Id.in_subquery(
                            Query::select()
                                .column(task_lead::Column::TaskId)
                                .from(task_lead::Entity)
                                .and_where(task_lead::Column::OrgId.eq(u))
                                .to_owned(),
                        ),
                    ),
            );
        }
        if let Some(text) = f.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            q = q.filter(
                Condition::any()
                    .add(Expr::col(task::Column::Text).like(contains(text)))
                    .add(Expr::col(task::Column::Section).like(contains(text))),
            );
        }
        let total = q.clone().count(self.r()).await?;
        let q = match page.sort_key() {
            None | Some(("seq", false)) => q
                .order_by_asc(task::Column::CampaignId)
                .order_by_asc(task::Column::Seq),
            Some(("seq", true)) => q
                .order_by_asc(task::Column::CampaignId)
                .order_by_desc(task::Column::Seq),
            Some(("deadline", desc)) => {
                let q = if desc {
                    q.order_by_desc(task::Column::DeadlineEnd)
                } else {
                    q.order_by_asc(task::Column::DeadlineEnd)
                };
                q.order_by_asc(task::Column::Seq)
            }
            Some(_) => {
                return Err(StoreError::invalid(
                    "sort",
                    "invalid",
                    "排序字段无效，可选：seq、deadline",
                ));
            }
        };
        let models = q
            .offset(page.offset())
            .limit(page.page_size)
            .all(self.r())
            .await?;
        let items = self.task_summaries(models).await?;
        Ok(Page {
            items,
            total,
            page: page.page,
            page_size: page.page_size,
        })
    }

    pub async fn get_task(&self, actor: &Actor, id: Uuid) -> Result<TaskDetail> {
        let t = task::Entity::find_by_id(id)
            .filter(task_scope(actor.scope)?)
            .one(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        let summary = self.task_summaries(vec![t]).await?.remove(0);
        let assignments = self
            .list_assignments(
                actor,
                &AssignmentFilter {
                    task_id: Some(id),
                    ..Default::default()
                },
                &PageReq::all(None, 10_000),
            )
            .await?
            .items;
        let visible: HashSet<Uuid> = assignments.iter().map(|a| a.id).collect();
        let events: Vec<assignment_event::Model> = assignment_event::Entity::find()
            .filter(assignment_event::Column::TaskId.eq(id))
            .order_by_desc(assignment_event::Column::At)
            .limit(500)
            .all(self.r())
            .await?
            .into_iter()
            .filter(|e| visible.contains(&e.assignment_id))
            .collect();
        let mut files = crate::files::attachments_of(
            self.r(),
            Subject::AssignmentEvent,
            events.iter().map(|e| e.id),
        )
        .await?;
        let timeline = events
            .into_iter()
            .map(|e| EventView {
                attachments: files.remove(&e.id).unwrap_or_default(),
                action_label: AssignmentAction::from_code(&e.action)
                    .map(|a| a.label().to_string())
                    .unwrap_or(e.action.clone()),
                id: e.id,
                assignment_id: e.assignment_id,
                org_name: e.org_name,
                action: e.action,
                actor_name: e.actor_name,
                at: e.at,
                text: e.text,
                percent: e.percent,
                reason: e.reason,
            })
            .collect();
        Ok(TaskDetail {
            task: summary,
            assignments,
            timeline,
        })
    }

    /// Whether the actor's unit leads this task (or owns the campaign when the task has no lead unit).
    async fn is_lead<C: ConnectionTrait>(
        &self,
        c: &C,
        actor: &Actor,
        t: &task::Model,
    ) -> Result<bool> {
        let Some(mine) = actor.scope.org_id() else {
            return Ok(false);
        };
        if !matches!(actor.scope, Scope::Section(_) | Scope::District(_)) {
            return Ok(false);
        }
        let leads: Vec<Uuid> = task_lead::Entity::find()
            .filter(task_lead::Column::TaskId.eq(t.id))
            .all(c)
            .await?
            .into_iter()
            .map(|l| l.org_id)
            .collect();
        if !leads.is_empty() {
            return Ok(leads.contains(&mine));
        }
        let owner = campaign::Entity::find_by_id(t.campaign_id)
            .select_only()
            .column(campaign::Column::OwnerOrgId)
            .into_tuple::<Uuid>()
            .one(c)
            .await?;
        Ok(owner == Some(mine))
    }

    pub async fn list_assignments(
        &self,
        actor: &Actor,
        f: &AssignmentFilter,
        page: &PageReq,
    ) -> Result<Page<AssignmentView>> {
        let mut q = assignment::Entity::find();
        if let Some(c) = assignment_scope(actor.scope)? {
            q = q.filter(c);
        }
        if f.mine {
            let mine = actor.scope.org_id().ok_or(StoreError::NotFound)?;
            q = q.filter(assignment::Column::OrgId.eq(mine));
        }
        if let Some(s) = f.state {
            q = q.filter(assignment::Column::State.eq(s.code()));
        }
        if let Some(c) = f.campaign_id {
            q = q.filter(assignment::Column::CampaignId.eq(c));
        }
        if let Some(t) = f.task_id {
            q = q.filter(assignment::Column::TaskId.eq(t));
        }
        let total = q.clone().count(self.r()).await?;
        let rows = q
            .order_by_desc(assignment::Column::UpdatedAt)
            .order_by_asc(assignment::Column::Id)
            .offset(page.offset())
            .limit(page.page_size)
            .all(self.r())
            .await?;
        let items = self.assignment_views(self.r(), actor, rows).await?;
        Ok(Page {
            items,
            total,
            page: page.page,
            page_size: page.page_size,
        })
    }

    async fn assignment_views<C: ConnectionTrait>(
        &self,
        c: &C,
        actor: &Actor,
        rows: Vec<assignment::Model>,
    ) -> Result<Vec<AssignmentView>> {
        let task_ids: Vec<Uuid> = rows
            .iter()
            .map(|a| a.task_id)
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        let org_ids: Vec<Uuid> = rows
            .iter()
            .map(|a| a.org_id)
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        let tasks: HashMap<Uuid, task::Model> = if task_ids.is_empty() {
            HashMap::new()
        } else {
            task::Entity::find()
                .filter(task::Column::Id.is_in(task_ids))
                .all(c)
                .await?
                .into_iter()
                .map(|t| (t.id, t))
                .collect()
        };
        let orgs = crate::org_names(c, org_ids).await?;
        let titles = crate::campaign_titles(c, tasks.values().map(|t| t.campaign_id)).await?;
        let mut lead_cache: HashMap<Uuid, bool> = HashMap::new();
        let today = today();
        let mut out = Vec::with_capacity(rows.len());
        for a in rows {
            let Some(t) = tasks.get(&a.task_id) else {
                continue;
            };
            let state = AssignmentState::from_code(&a.state).unwrap_or(AssignmentState::NotStarted);
            let lead = match lead_cache.get(&t.id) {
                Some(b) => *b,
                None => {
                    let b = self.is_lead(c, actor, t).await?;
                    lead_cache.insert(t.id, b);
                    b
                }
            };
            let due = due_of(&a, t);
            let own = actor.scope.org_id() == Some(a.org_id)
                && !matches!(actor.scope, Scope::Leader(_) | Scope::Admin(_));
            out.push(AssignmentView {
                id: a.id,
                task_id: t.id,
                task_number: t.number.clone(),
                task_text: t.text.clone(),
                section: t.section.clone(),
                campaign_id: t.campaign_id,
                campaign_title: titles.get(&t.campaign_id).cloned().unwrap_or_default(),
                org_id: a.org_id,
                org_name: orgs.get(&a.org_id).cloned().unwrap_or_default(),
                state,
                state_label: state.label().into(),
                percent: a.percent,
                latest_report: a.latest_report,
                period_label: a.period_label,
                due,
                deadline: deadline_of(t),
                overdue: is_overdue(state == AssignmentState::Completed, due, today),
                updated_at: a.updated_at,
                can_report: own && state.open_for_report(),
                can_review: lead && state == AssignmentState::Submitted,
            });
        }
        Ok(out)
    }

    /// The task and its campaign, when the actor's section owns the campaign.
    async fn owned_task<C: ConnectionTrait>(
        &self,
        c: &C,
        actor: &Actor,
        id: Uuid,
    ) -> Result<(task::Model, campaign::Model)> {
        let t = task::Entity::find_by_id(id)
            .filter(task_scope(actor.scope)?)
            .one(c)
            .await?
            .ok_or(StoreError::NotFound)?;
        let camp = campaign::Entity::find_by_id(t.campaign_id)
            .one(c)
            .await?
            .ok_or(StoreError::NotFound)?;
        self.require_owner(actor, &camp)?;
        Ok((t, camp))
    }

    fn require_owner(&self, actor: &Actor, camp: &campaign::Model) -> Result<()> {
        match actor.scope {
            Scope::Section(o) if o == camp.owner_org_id => Ok(()),
            _ => Err(StoreError::Forbidden(
                "只有导入该方案的科室可以新增、修改或删除任务".into(),
            )),
        }
    }

    /// Adds a task by hand to a campaign the actor's section owns.
    pub async fn create_task(
        &self,
        actor: &Actor,
        campaign_id: Uuid,
        input: &TaskInput,
    ) -> Result<TaskDetail> {
        let txn = self.tx().await?;
        let tid = self.create_task_in(&txn, actor, campaign_id, input).await?;
        txn.commit().await?;
        self.get_task(actor, tid).await
    }

    /// [`Store::create_task`] inside the caller's transaction (a meeting decision or an
    /// assessment's rectification becomes a task with the record that links it).
    pub(crate) async fn create_task_in(
        &self,
        txn: &DatabaseTransaction,
        actor: &Actor,
        campaign_id: Uuid,
        input: &TaskInput,
    ) -> Result<Uuid> {
        let camp = campaign::Entity::find_by_id(campaign_id)
            .filter(Self::campaign_scope(actor.scope)?)
            .one(txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        self.require_owner(actor, &camp)?;
        let mut v = Validator::new();
        let (leads, resp) = self
            .check_task(txn, actor.scope, input, "", "任务", &mut v)
            .await?;
        v.into_result().map_err(StoreError::Invalid)?;
        let seq: Option<i32> = task::Entity::find()
            .select_only()
            .column_as(task::Column::Seq.max(), "m")
            .filter(task::Column::CampaignId.eq(campaign_id))
            .into_tuple::<Option<i32>>()
            .one(txn)
            .await?
            .flatten();
        let now = crate::now();
        let (tid, n) = insert_task(
            txn,
            campaign_id,
            camp.year,
            seq.unwrap_or(0) + 1,
            input,
            &leads,
            &resp,
            now,
        )
        .await?;
        append(
            txn,
            actor,
            AuditEvent::new("task.create").object("task", tid).after(
                json!({"campaign_id": campaign_id, "text": input.text.trim(), "assignments": n}),
            ),
        )
        .await?;
        Ok(tid)
    }

    /// Edits a task. Units added get assignments; units removed lose theirs, which
    /// is refused once they have reported. A recurring task's periods change only
    /// while nobody has reported.
    pub async fn update_task(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &TaskInput,
    ) -> Result<TaskDetail> {
        let txn = self.tx().await?;
        let (t, camp) = self.owned_task(&txn, actor, id).await?;
        let mut v = Validator::new();
        let (leads, resp) = self
            .check_task(&txn, actor.scope, input, "", "任务", &mut v)
            .await?;
        v.into_result().map_err(StoreError::Invalid)?;
        let now = crate::now();
        let mut d = input.deadline.clone().unwrap_or_default();
        let (period, slots) = slots_of(&mut d, camp.year);
        let existing = assignment::Entity::find()
            .filter(assignment::Column::TaskId.eq(id))
            .all(&txn)
            .await?;
        let started = |a: &assignment::Model| a.state != AssignmentState::NotStarted.code();
        let names = crate::org_names(&txn, existing.iter().map(|a| a.org_id)).await?;
        let old_slots: HashSet<(i32, Option<NaiveDate>, Option<NaiveDate>)> = existing
            .iter()
            .map(|a| (a.period_seq, a.period_start, a.period_end))
            .collect();
        let new_slots: HashSet<(i32, Option<NaiveDate>, Option<NaiveDate>)> = slots
            .iter()
            .map(|(k, p)| (*k, p.as_ref().map(|p| p.start), p.as_ref().map(|p| p.end)))
            .collect();
        let new_units: HashSet<Uuid> = resp.iter().copied().collect();
        let old_units: HashSet<Uuid> = existing.iter().map(|a| a.org_id).collect();
        let slots_changed = !existing.is_empty() && old_slots != new_slots;
        let (drop_units, add_units): (Vec<Uuid>, Vec<Uuid>) = if slots_changed {
            if let Some(a) = existing.iter().find(|a| started(a)) {
                return Err(StoreError::Conflict(format!(
                    "{}已报告进展，不能再修改报送周期或完成时限的起止",
                    names.get(&a.org_id).cloned().unwrap_or_default()
                )));
            }
            (old_units.iter().copied().collect(), resp.clone())
        } else {
            (
                old_units.difference(&new_units).copied().collect(),
                resp.iter()
                    .filter(|u| !old_units.contains(u))
                    .copied()
                    .collect(),
            )
        };
        if let Some(a) = existing
            .iter()
            .find(|a| drop_units.contains(&a.org_id) && started(a))
        {
            return Err(StoreError::Conflict(format!(
                "{}已报告进展，不能从责任单位中移出",
                names.get(&a.org_id).cloned().unwrap_or_default()
            )));
        }
        if !drop_units.is_empty() {
            assignment::Entity::delete_many()
                .filter(assignment::Column::TaskId.eq(id))
                .filter(assignment::Column::OrgId.is_in(drop_units.clone()))
                .exec(&txn)
                .await?;
            let dropped: Vec<Tracked> = existing
                .iter()
                .filter(|a| drop_units.contains(&a.org_id))
                .map(Tracked::of)
                .collect();
            crate::campaign_tally::track(&txn, &dropped, &[]).await?;
        }
        // One-off assignments take the task's deadline while open.
        assignment::Entity::update_many()
            .col_expr(assignment::Column::OpenDue, Expr::value(d.end))
            .filter(assignment::Column::TaskId.eq(id))
            .filter(assignment::Column::PeriodEnd.is_null())
            .filter(assignment::Column::State.ne(AssignmentState::Completed.code()))
            .exec(&txn)
            .await?;
        let district_of = districts_of(&txn, &add_units).await?;
        insert_assignments(
            &txn,
            assignment_rows(
                t.campaign_id,
                id,
                &add_units,
                &slots,
                &district_of,
                d.end,
                now,
            ),
        )
        .await?;
        task_lead::Entity::delete_many()
            .filter(task_lead::Column::TaskId.eq(id))
            .exec(&txn)
            .await?;
        for l in &leads {
            task_lead::ActiveModel {
                task_id: Set(id),
                org_id: Set(*l),
            }
            .insert(&txn)
            .await?;
        }
        let before = json!({
            "section": t.section, "number": t.number, "text": t.text,
            "deadline": {"text": t.deadline_text, "start": t.deadline_start, "end": t.deadline_end, "period": t.period},
            "units": old_units.len(),
        });
        let mut am: task::ActiveModel = t.into();
        am.section = Set(input.section.trim().to_string());
        am.section_number = Set(input.section_number.trim().chars().take(16).collect());
        am.number = Set(input.number.trim().to_string());
        am.text = Set(input.text.trim().to_string());
        am.deadline_text = Set(d.text.clone().filter(|s| !s.trim().is_empty()));
        am.deadline_kind = Set(d
            .kind
            .clone()
            .filter(|s| !s.is_empty())
            .map(|s| s.chars().take(16).collect()));
        am.deadline_start = Set(d.start);
        am.deadline_end = Set(d.end);
        am.period = Set(period.and(d.period.clone()));
        am.lead_phrases = Set(phrases_json(&input.lead));
        am.responsible_phrases = Set(phrases_json(&input.responsible));
        am.updated_at = Set(now);
        am.update(&txn).await?;
        roll_up_task(&txn, id, now).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("task.update")
                .object("task", id)
                .before(before)
                .after(json!({
                    "section": input.section.trim(), "number": input.number.trim(), "text": input.text.trim(),
                    "deadline": {"text": d.text, "start": d.start, "end": d.end, "period": d.period},
                    "units": resp.len(), "added": add_units.len(), "removed": drop_units.len(),
                })),
        )
        .await?;
        txn.commit().await?;
        self.get_task(actor, id).await
    }

    /// Deletes a task nobody has reported on yet.
    pub async fn delete_task(&self, actor: &Actor, id: Uuid) -> Result<()> {
        let txn = self.tx().await?;
        let (t, _) = self.owned_task(&txn, actor, id).await?;
        let started = assignment::Entity::find()
            .filter(assignment::Column::TaskId.eq(id))
            .filter(assignment::Column::State.ne(AssignmentState::NotStarted.code()))
            .count(&txn)
            .await?;
        if started > 0 {
            return Err(StoreError::Conflict(
                "已有责任单位报告进展，不能删除该任务".into(),
            ));
        }
        let gone: Vec<Tracked> = assignment::Entity::find()
            .filter(assignment::Column::TaskId.eq(id))
            .all(&txn)
            .await?
            .iter()
            .map(Tracked::of)
            .collect();
        assignment::Entity::delete_many()
            .filter(assignment::Column::TaskId.eq(id))
            .exec(&txn)
            .await?;
        crate::campaign_tally::track(&txn, &gone, &[]).await?;
        task_lead::Entity::delete_many()
            .filter(task_lead::Column::TaskId.eq(id))
            .exec(&txn)
            .await?;
        task::Entity::delete_by_id(id).exec(&txn).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("task.delete")
                .object("task", id)
                .before(json!({"campaign_id": t.campaign_id, "number": t.number, "text": t.text})),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Reports progress, submits, accepts or returns an assignment.
    pub async fn act_on_assignment(
        &self,
        actor: &Actor,
        id: Uuid,
        action: AssignmentAction,
        input: ActInput,
    ) -> Result<AssignmentView> {
        Ok(self
            .act_on_assignment_once(actor, id, action, input, None)
            .await?
            .0)
    }

    /// [`Store::act_on_assignment`] as one submission named by `key`: a retry with
    /// the same key gets the assignment as the first one left it (and `true`) instead
    /// of a second progress entry.
    pub async fn act_on_assignment_once(
        &self,
        actor: &Actor,
        id: Uuid,
        action: AssignmentAction,
        input: ActInput,
        key: Option<&RequestKey>,
    ) -> Result<(AssignmentView, bool)> {
        let txn = self.tx().await?;
        let claim = request_keys::claim(&txn, actor, key, Kind::AssignmentEvent).await;
        if let Ok(Claim::Made(ev)) = claim {
            drop(txn);
            return Ok((self.assignment_after(actor, id, ev).await?, true));
        }
        let made = match claim {
            Ok(_) => self.act_in(txn, actor, id, action, input, key).await,
            Err(e) => Err(e),
        };
        match made {
            Err(e) if request_keys::is_taken(&e) => {
                // A concurrent retry with the same key committed first.
                match self.made_by(actor, key, Kind::AssignmentEvent).await? {
                    Some(ev) => Ok((self.assignment_after(actor, id, ev).await?, true)),
                    None => Err(e),
                }
            }
            r => Ok((r?, false)),
        }
    }

    /// The assignment `id` for the retry of a submission that made the event `ev`.
    async fn assignment_after(&self, actor: &Actor, id: Uuid, ev: Uuid) -> Result<AssignmentView> {
        let made_here = assignment_event::Entity::find_by_id(ev)
            .one(self.r())
            .await?
            .is_some_and(|e| e.assignment_id == id);
        if !made_here {
            return Err(request_keys::reused());
        }
        let mut q = assignment::Entity::find_by_id(id);
        if let Some(c) = assignment_scope(actor.scope)? {
            q = q.filter(c);
        }
        let a = q.one(self.r()).await?.ok_or(StoreError::NotFound)?;
        Ok(self
            .assignment_views(self.r(), actor, vec![a])
            .await?
            .remove(0))
    }

    async fn act_in(
        &self,
        txn: DatabaseTransaction,
        actor: &Actor,
        id: Uuid,
        action: AssignmentAction,
        input: ActInput,
        key: Option<&RequestKey>,
    ) -> Result<AssignmentView> {
        let ActInput {
            text,
            percent,
            reason,
            attachments,
        } = input;
        let mut q = assignment::Entity::find_by_id(id);
        if let Some(c) = assignment_scope(actor.scope)? {
            q = q.filter(c);
        }
        let a = q.one(&txn).await?.ok_or(StoreError::NotFound)?;
        let t = task::Entity::find_by_id(a.task_id)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let party = match action {
            AssignmentAction::Report | AssignmentAction::Submit => {
                if actor.scope.org_id() == Some(a.org_id)
                    && !matches!(actor.scope, Scope::Leader(_))
                {
                    Some(Party::Responsible)
                } else {
                    None
                }
            }
            AssignmentAction::Accept | AssignmentAction::Return => {
                if self.is_lead(&txn, actor, &t).await? {
                    Some(Party::Lead)
                } else {
                    None
                }
            }
        };
        let party = party.ok_or_else(|| {
            StoreError::Forbidden(match action {
                AssignmentAction::Report | AssignmentAction::Submit => {
                    "只有责任单位可以报告进展和报送".into()
                }
                _ => "只有牵头单位可以通过或退回".into(),
            })
        })?;
        let state = AssignmentState::from_code(&a.state).unwrap_or(AssignmentState::NotStarted);
        let next = state
            .apply(action, party)
            .map_err(|e| StoreError::Conflict(e.to_string()))?;
        let mut v = Validator::new();
        let text = match action {
            AssignmentAction::Report | AssignmentAction::Submit => {
                Some(v.text("text", "进展情况", text.as_deref().unwrap_or(""), 1, 5000))
            }
            _ => v.optional_text("comment", "意见", text.as_deref(), 1000),
        };
        let percent = match action {
            AssignmentAction::Report | AssignmentAction::Submit => {
                let p = percent.unwrap_or(a.percent);
                v.range("percent", "完成百分比", p.into(), 0, 100);
                Some(if action == AssignmentAction::Submit {
                    std::cmp::max(p, a.percent)
                } else {
                    p
                })
            }
            _ => None,
        };
        let reason = match action {
            AssignmentAction::Return => Some(v.text(
                "reason",
                "退回原因",
                reason.as_deref().unwrap_or(""),
                1,
                1000,
            )),
            _ => None,
        };
        v.into_result().map_err(StoreError::Invalid)?;
        let now = crate::now();
        let before = json!({"state": a.state, "percent": a.percent});
        let mut am: assignment::ActiveModel = a.clone().into();
        am.state = Set(next.code().into());
        if let Some(p) = percent {
            am.percent = Set(if next == AssignmentState::Completed {
                100
            } else {
                p
            });
        }
        if next == AssignmentState::Completed {
            am.percent = Set(100);
        }
        if matches!(action, AssignmentAction::Report | AssignmentAction::Submit) {
            am.latest_report = Set(text.clone());
        }
        am.open_due = Set(if next == AssignmentState::Completed {
            None
        } else {
            due_of(&a, &t)
        });
        if next != state {
            am.accepted_at = Set((next == AssignmentState::Completed).then_some(now));
        }
        am.updated_at = Set(now);
        let updated = am.update(&txn).await?;
        if next != state {
            crate::campaign_tally::track(&txn, &[Tracked::of(&a)], &[Tracked::of(&updated)])
                .await?;
        }
        let org_name = org::Entity::find_by_id(a.org_id)
            .one(&txn)
            .await?
            .map(|o| o.name)
            .unwrap_or_default();
        if !attachments.is_empty()
            && !matches!(action, AssignmentAction::Report | AssignmentAction::Submit)
        {
            return Err(StoreError::invalid(
                "attachments",
                "not_allowed",
                "只有进展报告可以带附件",
            ));
        }
        let event_id = Uuid::now_v7();
        let files = crate::files::attach(
            &txn,
            actor,
            &attachments,
            Subject::AssignmentEvent,
            event_id,
            "attachments",
        )
        .await?;
        assignment_event::ActiveModel {
            id: Set(event_id),
            assignment_id: Set(a.id),
            task_id: Set(t.id),
            action: Set(action.code().into()),
            actor_id: Set(actor.user_id),
            actor_name: Set(display_name(&txn, actor).await?),
            org_name: Set(org_name),
            at: Set(now),
            text: Set(text.clone()),
            percent: Set(percent),
            reason: Set(reason.clone()),
        }
        .insert(&txn)
        .await?;
        request_keys::remember(&txn, actor, key, event_id).await?;
        // Roll the task up in the same transaction.
        roll_up_task(&txn, t.id, now).await?;
        append(
            &txn,
            actor,
            AuditEvent::new(match action {
                AssignmentAction::Report => "assignment.report",
                AssignmentAction::Submit => "assignment.submit",
                AssignmentAction::Accept => "assignment.accept",
                AssignmentAction::Return => "assignment.return",
            })
            .object("assignment", a.id)
            .before(before)
            .after(json!({
                "state": next.code(), "percent": updated.percent, "text": text, "reason": reason,
                "attachments": files.iter().map(|f| json!({"id": f.id, "name": f.name})).collect::<Vec<_>>(),
            })),
        )
        .await?;
        let view = self
            .assignment_views(&txn, actor, vec![updated])
            .await?
            .remove(0);
        txn.commit().await?;
        Ok(view)
    }
}
