//! Running figures of a campaign's assignments, kept in the transaction of every
//! assignment write so that the board, the cockpit and the bulletins read a few hundred
//! rows instead of every assignment (800,000 at province scale):
//! - `assignment_tally`: counts per task, unit kind, district, reporting period, state
//!   and month accepted;
//! - `campaign_units`: per responsible unit, its assignments, completed and pending.
//!
//! Every write path that inserts, deletes or moves an assignment calls [`track`] with the
//! rows before and after; [`rebuild`] recomputes both from the assignments (migration,
//! bulk fill, and the consistency tests).

use std::collections::HashMap;

use anzhi_domain::OrgKind;
use anzhi_domain::campaign::AssignmentState;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
};
use uuid::Uuid;

use crate::Result;
use crate::entity::{assignment, assignment_tally, campaign_unit};

/// The tally key of one assignment.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct TallyKey {
    pub campaign_id: Uuid,
    pub task_id: Uuid,
    pub org_kind: String,
    pub district_id: Uuid,
    pub period_end: String,
    pub state: String,
    pub accepted_month: String,
}

/// What of an assignment the running figures depend on.
#[derive(Debug, Clone)]
pub(crate) struct Tracked {
    pub campaign_id: Uuid,
    pub task_id: Uuid,
    pub org_id: Uuid,
    pub org_kind: String,
    pub district_id: Option<Uuid>,
    pub period_end: Option<NaiveDate>,
    pub state: String,
    pub accepted_at: Option<DateTime<Utc>>,
}

impl Tracked {
    pub fn of(a: &assignment::Model) -> Tracked {
        Tracked {
            campaign_id: a.campaign_id,
            task_id: a.task_id,
            org_id: a.org_id,
            org_kind: a.org_kind.clone(),
            district_id: a.district_id,
            period_end: a.period_end,
            state: a.state.clone(),
            accepted_at: a.accepted_at,
        }
    }

    pub(crate) fn key(&self) -> TallyKey {
        TallyKey {
            campaign_id: self.campaign_id,
            task_id: self.task_id,
            org_kind: self.org_kind.clone(),
            district_id: self.district_id.unwrap_or_else(Uuid::nil),
            period_end: self
                .period_end
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            state: self.state.clone(),
            accepted_month: self.accepted_month(),
        }
    }

    fn accepted_month(&self) -> String {
        match self.accepted_at {
            Some(at) if self.state == AssignmentState::Completed.code() => {
                crate::cockpit::month_key(anzhi_domain::time::today_china(at))
            }
            _ => String::new(),
        }
    }

    fn completed(&self) -> i32 {
        i32::from(self.state == AssignmentState::Completed.code())
    }
}

/// A unit's kind, district, assignments and completed.
type UnitCounts = (String, Option<Uuid>, i32, i32);

/// The columns of an assignment [`compute`] reads.
type AssignmentRow = (
    Uuid,
    Uuid,
    Uuid,
    String,
    Option<Uuid>,
    Option<NaiveDate>,
    String,
    Option<DateTime<Utc>>,
    Uuid,
);

/// The change to the running figures of `before` → `after` (None: inserted or deleted).
#[derive(Default)]
struct Delta {
    tally: HashMap<TallyKey, i64>,
    /// (campaign, org) → (kind, district, assignments, completed)
    units: HashMap<(Uuid, Uuid), UnitCounts>,
}

impl Delta {
    fn add(&mut self, t: &Tracked, sign: i32) {
        *self.tally.entry(t.key()).or_default() += i64::from(sign);
        let u = self.units.entry((t.campaign_id, t.org_id)).or_insert((
            t.org_kind.clone(),
            t.district_id,
            0,
            0,
        ));
        u.2 += sign;
        u.3 += sign * t.completed();
    }
}

/// Applies to the running figures the assignments removed and added (an update is one
/// of each). Call it in the transaction of the write.
pub(crate) async fn track<C: ConnectionTrait>(
    c: &C,
    removed: &[Tracked],
    added: &[Tracked],
) -> Result<()> {
    let mut d = Delta::default();
    for t in removed {
        d.add(t, -1);
    }
    for t in added {
        d.add(t, 1);
    }
    apply(c, d).await
}

async fn apply<C: ConnectionTrait>(c: &C, d: Delta) -> Result<()> {
    use assignment_tally::Column as T;
    let mut emptied_tally = false;
    for (k, n) in d.tally {
        if n == 0 {
            continue;
        }
        emptied_tally |= n < 0;
        assignment_tally::Entity::insert(assignment_tally::ActiveModel {
            task_id: Set(k.task_id),
            org_kind: Set(k.org_kind),
            district_id: Set(k.district_id),
            period_end: Set(k.period_end),
            state: Set(k.state),
            accepted_month: Set(k.accepted_month),
            campaign_id: Set(k.campaign_id),
            n: Set(n),
        })
        .on_conflict(
            OnConflict::columns([
                T::TaskId,
                T::OrgKind,
                T::DistrictId,
                T::PeriodEnd,
                T::State,
                T::AcceptedMonth,
            ])
            .value(T::N, Expr::col((assignment_tally::Entity, T::N)).add(n))
            .to_owned(),
        )
        .exec_without_returning(c)
        .await?;
    }
    if emptied_tally {
        assignment_tally::Entity::delete_many()
            .filter(T::N.lte(0))
            .exec(c)
            .await?;
    }
    use campaign_unit::Column as U;
    let mut emptied_units = false;
    for ((campaign_id, org_id), (kind, district, n, done)) in d.units {
        if n == 0 && done == 0 {
            continue;
        }
        emptied_units |= n < 0;
        let col = |x: U| Expr::col((campaign_unit::Entity, x));
        campaign_unit::Entity::insert(campaign_unit::ActiveModel {
            campaign_id: Set(campaign_id),
            org_id: Set(org_id),
            org_kind: Set(kind),
            district_id: Set(district),
            assignments: Set(n),
            completed: Set(done),
            pending: Set(n - done),
        })
        .on_conflict(
            OnConflict::columns([U::CampaignId, U::OrgId])
                .value(U::Assignments, col(U::Assignments).add(n))
                .value(U::Completed, col(U::Completed).add(done))
                .value(U::Pending, col(U::Pending).add(n - done))
                .to_owned(),
        )
        .exec_without_returning(c)
        .await?;
    }
    if emptied_units {
        campaign_unit::Entity::delete_many()
            .filter(U::Assignments.lte(0))
            .exec(c)
            .await?;
    }
    Ok(())
}

/// Recomputes the running figures of one campaign (or of all) from the assignments.
pub(crate) async fn rebuild<C: ConnectionTrait>(c: &C, campaign: Option<Uuid>) -> Result<()> {
    let mut del_t = assignment_tally::Entity::delete_many();
    let mut del_u = campaign_unit::Entity::delete_many();
    if let Some(id) = campaign {
        del_t = del_t.filter(assignment_tally::Column::CampaignId.eq(id));
        del_u = del_u.filter(campaign_unit::Column::CampaignId.eq(id));
    }
    del_t.exec(c).await?;
    del_u.exec(c).await?;
    let d = compute(c, campaign).await?;
    apply(c, d).await
}

/// The running figures as the assignments give them.
async fn compute<C: ConnectionTrait>(c: &C, campaign: Option<Uuid>) -> Result<Delta> {
    // Read in keyset batches by id so a province's assignments never sit in memory.
    let mut after: Option<Uuid> = None;
    let mut d = Delta::default();
    loop {
        let mut q = assignment::Entity::find()
            .select_only()
            .columns([
                assignment::Column::Id,
                assignment::Column::CampaignId,
                assignment::Column::TaskId,
                assignment::Column::OrgKind,
                assignment::Column::DistrictId,
                assignment::Column::PeriodEnd,
                assignment::Column::State,
                assignment::Column::AcceptedAt,
            ])
            .column(assignment::Column::OrgId);
        if let Some(id) = campaign {
            q = q.filter(assignment::Column::CampaignId.eq(id));
        }
        if let Some(a) = after {
            q = q.filter(assignment::Column::Id.gt(a));
        }
        let rows: Vec<AssignmentRow> = sea_orm::QueryOrder::order_by_asc(q, assignment::Column::Id)
            .limit(20_000)
            .into_tuple()
            .all(c)
            .await?;
        let Some(last) = rows.last() else { break };
        after = Some(last.0);
        for (
            _,
            campaign_id,
            task_id,
            org_kind,
            district_id,
            period_end,
            state,
            accepted_at,
            org_id,
        ) in rows
        {
            d.add(
                &Tracked {
                    campaign_id,
                    task_id,
                    org_id,
                    org_kind,
                    district_id,
                    period_end,
                    state,
                    accepted_at,
                },
                1,
            );
        }
    }
    Ok(d)
}

/// Where the stored running figures of a campaign differ from its assignments (empty
/// when they agree): the check behind the tests of every write path.
pub(crate) async fn differences<C: ConnectionTrait>(c: &C, campaign: Uuid) -> Result<Vec<String>> {
    let want = compute(c, Some(campaign)).await?;
    let mut out = Vec::new();
    let stored: HashMap<TallyKey, i64> = assignment_tally::Entity::find()
        .filter(assignment_tally::Column::CampaignId.eq(campaign))
        .all(c)
        .await?
        .into_iter()
        .map(|r| {
            (
                TallyKey {
                    campaign_id: r.campaign_id,
                    task_id: r.task_id,
                    org_kind: r.org_kind,
                    district_id: r.district_id,
                    period_end: r.period_end,
                    state: r.state,
                    accepted_month: r.accepted_month,
                },
                r.n,
            )
        })
        .collect();
    for (k, n) in &want.tally {
        let got = stored.get(k).copied().unwrap_or(0);
        if got != *n {
            out.push(format!("tally {k:?}: stored {got}, assignments {n}"));
        }
    }
    for (k, n) in &stored {
        if !want.tally.contains_key(k) {
            out.push(format!("tally {k:?}: stored {n}, assignments 0"));
        }
    }
    let units: HashMap<Uuid, campaign_unit::Model> = campaign_unit::Entity::find()
        .filter(campaign_unit::Column::CampaignId.eq(campaign))
        .all(c)
        .await?
        .into_iter()
        .map(|u| (u.org_id, u))
        .collect();
    for ((_, org), (kind, district, n, done)) in &want.units {
        match units.get(org) {
            Some(u)
                if u.org_kind == *kind
                    && u.district_id == *district
                    && u.assignments == *n
                    && u.completed == *done
                    && u.pending == n - done => {}
            other => out.push(format!(
                "unit {org}: stored {other:?}, assignments ({kind}, {district:?}, {n}, {done})"
            )),
        }
    }
    for org in units.keys() {
        if !want.units.contains_key(&(campaign, *org)) {
            out.push(format!("unit {org}: stored but has no assignment"));
        }
    }
    Ok(out)
}

/// Fills the columns the running figures and the board's lists read (`org_kind`,
/// `open_due`, `accepted_at`) from the orgs, the tasks and the acceptance events
/// (migration m0012; new rows get them when written).
pub(crate) async fn backfill_columns<C: ConnectionTrait>(c: &C) -> Result<()> {
    c.execute_unprepared(
        "UPDATE assignments SET org_kind = (SELECT kind FROM orgs WHERE orgs.id = assignments.org_id)",
    )
    .await?;
    c.execute_unprepared(&format!(
        "UPDATE assignments SET open_due = COALESCE(period_end, \
         (SELECT deadline_end FROM tasks WHERE tasks.id = assignments.task_id)) \
         WHERE state <> '{}'",
        AssignmentState::Completed.code()
    ))
    .await?;
    c.execute_unprepared(&format!(
        "UPDATE assignments SET accepted_at = (SELECT MAX(e.at) FROM assignment_events e \
         WHERE e.assignment_id = assignments.id AND e.action = 'accept') WHERE state = '{}'",
        AssignmentState::Completed.code()
    ))
    .await?;
    Ok(())
}

/// The kind code stored on an assignment of a unit of `kind`.
pub(crate) fn kind_code(kind: Option<OrgKind>) -> String {
    kind.unwrap_or(OrgKind::Enterprise).code().to_string()
}
