//! The battle map (挂图作战) of a campaign at any scale. Its figures come from the
//! running tallies (`campaign_tally`): a province's 800,000 assignments are never read
//! per request. The bureau's own units (sections, districts, agencies) are few and shown
//! whole; enterprises come a page at a time, most unfinished first, with their
//! completion summed per district; the overdue and returned lists are walked in order
//! by index, the first [`LIST_LIMIT`] of each with their totals.

use std::collections::{BTreeMap, HashMap, HashSet};

use anzhi_domain::campaign::{AssignmentState, TaskStatus, is_overdue};
use anzhi_domain::{OrgKind, Scope};
use chrono::NaiveDate;
use sea_orm::sea_query::Query;
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;
use uuid::Uuid;

use crate::campaigns::{CampaignSummary, Deadline, deadline_of, task_scope, today};
use crate::entity::{assignment, assignment_tally, campaign_unit, org, task};
use crate::{Result, Store, StoreError};

/// How many items of the overdue and of the returned list a board carries.
pub const LIST_LIMIT: u64 = 100;
/// The largest page of enterprises.
pub const MAX_PAGE_SIZE: u64 = 200;

/// How a task stands on the battle map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    /// Every assignment accepted.
    Done,
    /// Its window has not ended and is more than a week away.
    OnTime,
    /// Ends within seven days and is not done.
    AtRisk,
    /// Past its last day and not done.
    Overdue,
    /// No end date (ongoing work).
    Open,
}

impl Band {
    pub fn of(status: TaskStatus, end: Option<NaiveDate>, today: NaiveDate) -> Band {
        if status == TaskStatus::Completed {
            return Band::Done;
        }
        match end {
            None => Band::Open,
            Some(e) if today > e => Band::Overdue,
            Some(e) if (e - today).num_days() <= 7 => Band::AtRisk,
            Some(_) => Band::OnTime,
        }
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BoardTask {
    pub id: Uuid,
    pub seq: i32,
    pub section: String,
    pub section_number: String,
    pub number: String,
    pub text: String,
    pub deadline: Deadline,
    pub status: TaskStatus,
    pub band: Band,
    pub assignment_count: i32,
    pub completed_count: i32,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BoardUnit {
    pub id: Uuid,
    pub name: String,
    pub kind: OrgKind,
    pub assignments: u32,
    pub completed: u32,
    pub overdue: u32,
    /// completed / assignments, 0–1.
    pub rate: f64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BoardCell {
    pub unit_id: Uuid,
    pub task_id: Uuid,
    pub assignment_id: Uuid,
    /// The reporting period of a recurring task.
    pub period_label: Option<String>,
    pub state: AssignmentState,
    pub overdue: bool,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BoardItem {
    pub assignment_id: Uuid,
    pub task_id: Uuid,
    pub task_number: String,
    pub task_text: String,
    pub org_id: Uuid,
    pub org_name: String,
    pub state: AssignmentState,
    pub deadline_end: Option<NaiveDate>,
    /// Days past the deadline (0 when not overdue).
    pub days_overdue: i64,
}

/// Counts of the assignments a board covers (its scope and unit kind).
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct BoardSummary {
    pub assignments: u64,
    pub completed: u64,
    pub overdue: u64,
    pub returned: u64,
    /// completed / assignments, 0–1.
    pub rate: f64,
}

/// The enterprises' assignments summed per district (辖区企业).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BoardGroup {
    /// The district; None for enterprises outside any district.
    pub district_id: Option<Uuid>,
    pub name: String,
    pub assignments: u64,
    pub completed: u64,
    pub overdue: u64,
    pub returned: u64,
    pub rate: f64,
}

/// Which page of the enterprises the board carries.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UnitPage {
    /// Enterprises with assignments in the campaign that match the filter.
    pub total: u64,
    pub page: u64,
    pub page_size: u64,
}

/// The battle map (挂图作战) of one campaign.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Board {
    pub campaign: CampaignSummary,
    /// Today in China, the day the bands are computed for.
    pub today: NaiveDate,
    pub tasks: Vec<BoardTask>,
    pub summary: BoardSummary,
    /// The bureau's units of the chosen kind (all of them), then one page of enterprises
    /// (most unfinished first).
    pub units: Vec<BoardUnit>,
    /// The assignments of `units`.
    pub cells: Vec<BoardCell>,
    /// The enterprise page, when the kind includes enterprises.
    pub enterprises: Option<UnitPage>,
    /// Enterprise completion per district, when the kind includes enterprises.
    pub groups: Vec<BoardGroup>,
    /// The most overdue first, at most [`LIST_LIMIT`].
    pub overdue: Vec<BoardItem>,
    pub overdue_total: u64,
    /// At most [`LIST_LIMIT`].
    pub returned: Vec<BoardItem>,
    pub returned_total: u64,
}

/// What a board shows.
#[derive(Debug, Clone, Default)]
pub struct BoardFilter {
    /// One kind of unit; None = every kind.
    pub unit_kind: Option<OrgKind>,
    /// Part of an enterprise's name.
    pub unit_q: Option<String>,
    /// 1-based page of enterprises.
    pub page: u64,
    /// Enterprises per page (0: none, only the bureau's units and the figures).
    pub page_size: u64,
}

/// One row of the running figures as a scope sees it.
#[derive(Debug, Clone)]
pub(crate) struct TallyRow {
    pub task_id: Uuid,
    pub kind: OrgKind,
    pub district_id: Option<Uuid>,
    pub period_end: Option<NaiveDate>,
    pub state: AssignmentState,
    /// `YYYY-MM`, empty unless completed.
    pub accepted_month: String,
    pub n: u64,
}

impl TallyRow {
    /// The assignments' deadline: the period's end, else the task's.
    pub fn due(&self, tasks: &HashMap<Uuid, task::Model>) -> Option<NaiveDate> {
        self.period_end
            .or_else(|| tasks.get(&self.task_id).and_then(|t| t.deadline_end))
    }
}

const BUREAU_KINDS: [OrgKind; 4] = [
    OrgKind::Bureau,
    OrgKind::Section,
    OrgKind::District,
    OrgKind::Agency,
];

fn kind_order(k: OrgKind) -> u8 {
    match k {
        OrgKind::Bureau => 0,
        OrgKind::Section => 1,
        OrgKind::District => 2,
        OrgKind::Agency => 3,
        OrgKind::Enterprise => 4,
    }
}

fn rate(done: u64, n: u64) -> f64 {
    if n == 0 { 0.0 } else { done as f64 / n as f64 }
}

/// Assignments a scope sees, in the form the board's indexes serve (a district's own
/// assignments carry its id as their district).
fn board_scope(scope: Scope) -> Result<Condition> {
    Ok(match scope {
        Scope::Internal | Scope::Leader(_) | Scope::Section(_) => Condition::all(),
        Scope::District(d) => Condition::all().add(assignment::Column::DistrictId.eq(d)),
        Scope::Enterprise(e) => Condition::all().add(assignment::Column::OrgId.eq(e)),
        Scope::Admin(_) | Scope::Agency(_) => {
            return Err(StoreError::Forbidden("无权查看专项整治任务".into()));
        }
    })
}

fn unit_scope(scope: Scope) -> Result<Condition> {
    Ok(match scope {
        Scope::Internal | Scope::Leader(_) | Scope::Section(_) => Condition::all(),
        Scope::District(d) => Condition::all().add(campaign_unit::Column::DistrictId.eq(d)),
        Scope::Enterprise(e) => Condition::all().add(campaign_unit::Column::OrgId.eq(e)),
        Scope::Admin(_) | Scope::Agency(_) => {
            return Err(StoreError::Forbidden("无权查看专项整治任务".into()));
        }
    })
}

impl Store {
    /// The running figures of a campaign as `scope` sees them.
    pub(crate) async fn tally_rows(
        &self,
        scope: Scope,
        campaign_id: Uuid,
    ) -> Result<Vec<TallyRow>> {
        type Row = (Uuid, String, Uuid, String, String, String, i64);
        let rows: Vec<Row> = match scope {
            Scope::Enterprise(e) => {
                // An enterprise's own few assignments, counted the same way.
                let mine = assignment::Entity::find()
                    .filter(assignment::Column::CampaignId.eq(campaign_id))
                    .filter(assignment::Column::OrgId.eq(e))
                    .all(self.r())
                    .await?;
                let mut counted: HashMap<crate::campaign_tally::TallyKey, i64> = HashMap::new();
                for a in &mine {
                    *counted
                        .entry(crate::campaign_tally::Tracked::of(a).key())
                        .or_default() += 1;
                }
                counted
                    .into_iter()
                    .map(|(k, n)| {
                        (
                            k.task_id,
                            k.org_kind,
                            k.district_id,
                            k.period_end,
                            k.state,
                            k.accepted_month,
                            n,
                        )
                    })
                    .collect()
            }
            _ => {
                board_scope(scope)?;
                let mut q = assignment_tally::Entity::find()
                    .select_only()
                    .columns([
                        assignment_tally::Column::TaskId,
                        assignment_tally::Column::OrgKind,
                        assignment_tally::Column::DistrictId,
                        assignment_tally::Column::PeriodEnd,
                        assignment_tally::Column::State,
                        assignment_tally::Column::AcceptedMonth,
                        assignment_tally::Column::N,
                    ])
                    .filter(assignment_tally::Column::CampaignId.eq(campaign_id));
                if let Scope::District(d) = scope {
                    q = q.filter(assignment_tally::Column::DistrictId.eq(d));
                }
                q.into_tuple().all(self.r()).await?
            }
        };
        Ok(rows
            .into_iter()
            .filter(|r| r.6 > 0)
            .map(
                |(task_id, kind, district, period_end, state, month, n)| TallyRow {
                    task_id,
                    kind: OrgKind::from_code(&kind).unwrap_or(OrgKind::Enterprise),
                    district_id: (!district.is_nil()).then_some(district),
                    period_end: NaiveDate::parse_from_str(&period_end, "%Y-%m-%d").ok(),
                    state: AssignmentState::from_code(&state)
                        .unwrap_or(AssignmentState::NotStarted),
                    accepted_month: month,
                    n: n as u64,
                },
            )
            .collect())
    }

    /// Where a campaign's running figures differ from its assignments (empty when they
    /// agree). For tests and `anzhi` maintenance; reads every assignment of the campaign.
    pub async fn campaign_figure_differences(&self, campaign_id: Uuid) -> Result<Vec<String>> {
        crate::campaign_tally::differences(self.r(), campaign_id).await
    }

    /// The tasks of a campaign `scope` sees, in plan order.
    pub(crate) async fn board_tasks(
        &self,
        scope: Scope,
        campaign_id: Uuid,
    ) -> Result<Vec<task::Model>> {
        Ok(task::Entity::find()
            .filter(task::Column::CampaignId.eq(campaign_id))
            .filter(task_scope(scope)?)
            .order_by_asc(task::Column::Seq)
            .all(self.r())
            .await?)
    }

    /// Tasks by window and status, the units with their assignments, completion per unit
    /// and per district, overdue and returned lists.
    pub async fn campaign_board(&self, scope: Scope, id: Uuid, f: &BoardFilter) -> Result<Board> {
        let campaign = self.get_campaign(scope, id).await?;
        let today = today();
        let task_rows = self.board_tasks(scope, id).await?;
        let tasks: HashMap<Uuid, task::Model> =
            task_rows.iter().map(|t| (t.id, t.clone())).collect();
        let kinds: Vec<OrgKind> = match f.unit_kind {
            Some(k) => vec![k],
            None => BUREAU_KINDS
                .iter()
                .copied()
                .chain([OrgKind::Enterprise])
                .collect(),
        };
        let with_enterprises = kinds.contains(&OrgKind::Enterprise);
        let tally: Vec<TallyRow> = self
            .tally_rows(scope, id)
            .await?
            .into_iter()
            .filter(|r| kinds.contains(&r.kind) && tasks.contains_key(&r.task_id))
            .collect();

        // Figures and the per-district sums of the enterprises.
        let mut summary = BoardSummary::default();
        let mut groups: BTreeMap<Option<Uuid>, [u64; 4]> = BTreeMap::new();
        for r in &tally {
            let late = is_overdue(r.state == AssignmentState::Completed, r.due(&tasks), today);
            let done = r.state == AssignmentState::Completed;
            let returned = r.state == AssignmentState::Returned;
            summary.assignments += r.n;
            summary.completed += if done { r.n } else { 0 };
            summary.overdue += if late { r.n } else { 0 };
            summary.returned += if returned { r.n } else { 0 };
            if r.kind == OrgKind::Enterprise {
                let g = groups.entry(r.district_id).or_default();
                g[0] += r.n;
                g[1] += if done { r.n } else { 0 };
                g[2] += if late { r.n } else { 0 };
                g[3] += if returned { r.n } else { 0 };
            }
        }
        summary.rate = rate(summary.completed, summary.assignments);
        let district_ids: Vec<Uuid> = groups.keys().flatten().copied().collect();
        let district_orgs: HashMap<Uuid, org::Model> = if district_ids.is_empty() {
            HashMap::new()
        } else {
            org::Entity::find()
                .filter(org::Column::Id.is_in(district_ids))
                .all(self.r())
                .await?
                .into_iter()
                .map(|o| (o.id, o))
                .collect()
        };
        let mut groups: Vec<BoardGroup> = groups
            .into_iter()
            .map(|(d, [n, done, late, ret])| BoardGroup {
                district_id: d,
                name: d
                    .and_then(|d| district_orgs.get(&d))
                    .map(|o| o.name.clone())
                    .unwrap_or_else(|| "未划分辖区".into()),
                assignments: n,
                completed: done,
                overdue: late,
                returned: ret,
                rate: rate(done, n),
            })
            .collect();
        groups.sort_by_key(|g| {
            (
                g.district_id.is_none(),
                g.district_id
                    .and_then(|d| district_orgs.get(&d))
                    .map(|o| o.sort_order)
                    .unwrap_or(i32::MAX),
                g.name.clone(),
            )
        });
        if !with_enterprises {
            groups.clear();
        }

        // The bureau's units of the kind: all their assignments (a few per unit).
        let bureau_kinds: Vec<&str> = kinds
            .iter()
            .filter(|k| **k != OrgKind::Enterprise)
            .map(|k| k.code())
            .collect();
        let mut assignments: Vec<assignment::Model> = Vec::new();
        if !bureau_kinds.is_empty() {
            assignments.extend(
                assignment::Entity::find()
                    .filter(assignment::Column::CampaignId.eq(id))
                    .filter(assignment::Column::OrgKind.is_in(bureau_kinds))
                    .filter(board_scope(scope)?)
                    .all(self.r())
                    .await?,
            );
        }
        // One page of enterprises, most unfinished first.
        let mut enterprise_page = None;
        let mut page_ids: Vec<Uuid> = Vec::new();
        if with_enterprises {
            let mut q = campaign_unit::Entity::find()
                .filter(campaign_unit::Column::CampaignId.eq(id))
                .filter(campaign_unit::Column::OrgKind.eq(OrgKind::Enterprise.code()))
                .filter(unit_scope(scope)?);
            if let Some(text) = f.unit_q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                q = q.filter(
                    campaign_unit::Column::OrgId.in_subquery(
                        Query::select()
                            .column(org::Column::Id)
                            .from(org::Entity)
                            .and_where(org::Column::Kind.eq(OrgKind::Enterprise.code()))
                            .and_where(org::Column::Name.like(crate::audit::contains(text)))
                            .to_owned(),
                    ),
                );
            }
            let total = q.clone().count(self.r()).await?;
            let page = f.page.max(1);
            let size = f.page_size.min(MAX_PAGE_SIZE);
            if size > 0 {
                page_ids = q
                    .select_only()
                    .column(campaign_unit::Column::OrgId)
                    .order_by_desc(campaign_unit::Column::Pending)
                    .order_by_desc(campaign_unit::Column::OrgId)
                    .offset((page - 1) * size)
                    .limit(size)
                    .into_tuple()
                    .all(self.r())
                    .await?;
            }
            if !page_ids.is_empty() {
                assignments.extend(
                    assignment::Entity::find()
                        .filter(assignment::Column::CampaignId.eq(id))
                        .filter(assignment::Column::OrgId.is_in(page_ids.clone()))
                        .all(self.r())
                        .await?,
                );
            }
            enterprise_page = Some(UnitPage {
                total,
                page,
                page_size: size,
            });
        }
        let unit_ids: Vec<Uuid> = assignments
            .iter()
            .map(|a| a.org_id)
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        let mut units: HashMap<Uuid, org::Model> = HashMap::new();
        for chunk in unit_ids.chunks(500) {
            for o in org::Entity::find()
                .filter(org::Column::Id.is_in(chunk.to_vec()))
                .all(self.r())
                .await?
            {
                units.insert(o.id, o);
            }
        }
        let mut stats: HashMap<Uuid, (u32, u32, u32)> = HashMap::new();
        let mut cells = Vec::with_capacity(assignments.len());
        for a in &assignments {
            let Some(t) = tasks.get(&a.task_id) else {
                continue;
            };
            let state = AssignmentState::from_code(&a.state).unwrap_or(AssignmentState::NotStarted);
            let late = is_overdue(
                state == AssignmentState::Completed,
                a.period_end.or(t.deadline_end),
                today,
            );
            let s = stats.entry(a.org_id).or_default();
            s.0 += 1;
            s.1 += u32::from(state == AssignmentState::Completed);
            s.2 += u32::from(late);
            cells.push(BoardCell {
                unit_id: a.org_id,
                task_id: a.task_id,
                assignment_id: a.id,
                period_label: a.period_label.clone(),
                state,
                overdue: late,
            });
        }
        let page_rank: HashMap<Uuid, usize> = page_ids
            .iter()
            .enumerate()
            .map(|(i, id)| (*id, i))
            .collect();
        let mut unit_list: Vec<BoardUnit> = stats
            .into_iter()
            .filter_map(|(uid, (n, done, late))| {
                let u = units.get(&uid)?;
                Some(BoardUnit {
                    id: uid,
                    name: u.name.clone(),
                    kind: OrgKind::from_code(&u.kind).unwrap_or(OrgKind::Enterprise),
                    assignments: n,
                    completed: done,
                    overdue: late,
                    rate: rate(u64::from(done), u64::from(n)),
                })
            })
            .collect();
        unit_list.sort_by_key(|u| {
            let o = units.get(&u.id);
            (
                kind_order(u.kind),
                page_rank.get(&u.id).copied().unwrap_or(0),
                o.map(|o| o.sort_order).unwrap_or(0),
                u.name.clone(),
            )
        });

        let (overdue, returned) = self.board_lists(scope, id, &kinds, &tasks, today).await?;
        let board_tasks = task_rows
            .iter()
            .map(|t| {
                let status = TaskStatus::from_code(&t.status).unwrap_or(TaskStatus::NotStarted);
                BoardTask {
                    id: t.id,
                    seq: t.seq,
                    section: t.section.clone(),
                    section_number: t.section_number.clone(),
                    number: t.number.clone(),
                    text: t.text.clone(),
                    deadline: deadline_of(t),
                    status,
                    band: Band::of(status, t.deadline_end, today),
                    assignment_count: t.assignment_count,
                    completed_count: t.completed_count,
                }
            })
            .collect();
        Ok(Board {
            campaign,
            today,
            tasks: board_tasks,
            overdue_total: summary.overdue,
            returned_total: summary.returned,
            summary,
            units: unit_list,
            cells,
            enterprises: enterprise_page,
            groups,
            overdue,
            returned,
        })
    }

    /// The first overdue (most days first) and returned items of the kinds, each walked
    /// in deadline order by index.
    async fn board_lists(
        &self,
        scope: Scope,
        id: Uuid,
        kinds: &[OrgKind],
        tasks: &HashMap<Uuid, task::Model>,
        today: NaiveDate,
    ) -> Result<(Vec<BoardItem>, Vec<BoardItem>)> {
        let cond = board_scope(scope)?;
        let mut overdue: Vec<assignment::Model> = Vec::new();
        for k in kinds {
            overdue.extend(
                assignment::Entity::find()
                    .filter(assignment::Column::CampaignId.eq(id))
                    .filter(assignment::Column::OrgKind.eq(k.code()))
                    .filter(cond.clone())
                    .filter(assignment::Column::OpenDue.lt(today))
                    .order_by_asc(assignment::Column::OpenDue)
                    .limit(LIST_LIMIT)
                    .all(self.r())
                    .await?,
            );
        }
        let codes: Vec<&str> = kinds.iter().map(|k| k.code()).collect();
        let returned: Vec<assignment::Model> = assignment::Entity::find()
            .filter(assignment::Column::CampaignId.eq(id))
            .filter(assignment::Column::State.eq(AssignmentState::Returned.code()))
            .filter(assignment::Column::OrgKind.is_in(codes))
            .filter(cond)
            .order_by_asc(assignment::Column::OpenDue)
            .limit(LIST_LIMIT)
            .all(self.r())
            .await?;
        let names =
            crate::org_names(self.r(), overdue.iter().chain(&returned).map(|a| a.org_id)).await?;
        let item = |a: &assignment::Model| -> Option<BoardItem> {
            let t = tasks.get(&a.task_id)?;
            let due = a.period_end.or(t.deadline_end);
            Some(BoardItem {
                assignment_id: a.id,
                task_id: a.task_id,
                task_number: t.number.clone(),
                task_text: t.text.clone(),
                org_id: a.org_id,
                org_name: names.get(&a.org_id).cloned().unwrap_or_default(),
                state: AssignmentState::from_code(&a.state).unwrap_or(AssignmentState::NotStarted),
                deadline_end: due,
                days_overdue: due
                    .map(|e| std::cmp::max((today - e).num_days(), 0))
                    .unwrap_or(0),
            })
        };
        let mut overdue: Vec<BoardItem> = overdue.iter().filter_map(item).collect();
        overdue.sort_by(|a, b| {
            b.days_overdue
                .cmp(&a.days_overdue)
                .then(a.org_name.cmp(&b.org_name))
                .then(a.task_number.cmp(&b.task_number))
        });
        overdue.truncate(LIST_LIMIT as usize);
        let returned = returned.iter().filter_map(item).collect();
        Ok((overdue, returned))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands() {
        let d = |m, day| NaiveDate::from_ymd_opt(2021, m, day).unwrap();
        let today = d(6, 25);
        assert_eq!(
            Band::of(TaskStatus::Completed, Some(d(3, 31)), today),
            Band::Done
        );
        assert_eq!(
            Band::of(TaskStatus::InProgress, Some(d(6, 24)), today),
            Band::Overdue
        );
        assert_eq!(
            Band::of(TaskStatus::NotStarted, Some(d(6, 30)), today),
            Band::AtRisk
        );
        assert_eq!(
            Band::of(TaskStatus::NotStarted, Some(d(7, 31)), today),
            Band::OnTime
        );
        assert_eq!(Band::of(TaskStatus::InProgress, None, today), Band::Open);
    }
}
