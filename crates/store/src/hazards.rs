//! Hidden hazards (隐患): report, rectify, verify, close; 挂牌督办 and the 整改方案 of
//! 重大隐患; the timeline of every step; running totals for statistics; the
//! hazard-category dictionary. Who may take which step is decided by
//! `anzhi_domain::hazard::decide`; this module finds the party and the facts, and
//! writes each step with its event, attachments, totals and audit record in one
//! transaction.

use std::collections::HashMap;

use anzhi_domain::hazard as rules;
use anzhi_domain::hazard::{
    Action, CheckedHazard, DEFAULT_CATEGORIES, Facts, HazardEdit, HazardInput, Level, Party,
    RectificationPlan, Refusal, Source, State, StepInput, Supervision, SupervisorKind,
};
use anzhi_domain::{OrgKind, Scope, Validator};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{AuditEvent, append};
use crate::entity::{counter, hazard, hazard_category, hazard_event, hazard_tally, org};
use crate::files::{FileBrief, Subject, attach, attachments_of};
use crate::request_keys::{self, Claim, Kind, RequestKey};
use crate::{Actor, PageReq, Result, Store, StoreError};

fn today() -> NaiveDate {
    anzhi_domain::time::today_china(crate::now())
}

/// A hazard category with how many hazards were filed under it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct HazardCategory {
    pub id: Uuid,
    pub name: String,
    pub sort_order: i32,
    pub hazard_count: u64,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HazardCategoryInput {
    pub name: String,
    #[serde(default)]
    pub sort_order: i32,
}

/// A hazard as lists show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct HazardView {
    pub id: Uuid,
    /// 隐患编号, e.g. `YH2026000123`.
    pub code: String,
    pub enterprise_id: Uuid,
    pub enterprise_name: String,
    pub district_id: Uuid,
    pub district_name: String,
    pub source: Source,
    pub source_label: String,
    pub category_id: Uuid,
    pub category_name: String,
    pub level: Level,
    pub level_label: String,
    pub state: State,
    pub state_label: String,
    pub description: String,
    pub location: Option<String>,
    pub found_on: NaiveDate,
    pub found_by: Option<String>,
    pub measures: Option<String>,
    pub responsible: Option<String>,
    pub deadline: NaiveDate,
    pub funds: Option<f64>,
    pub fixed_on_spot: bool,
    /// Still to be rectified after its deadline (China dates).
    pub overdue: bool,
    pub overdue_days: i64,
    /// Under listed supervision (挂牌督办).
    pub supervised: bool,
    /// The first photo (it has a thumbnail).
    pub thumb: Option<Uuid>,
    pub closed_on: Option<NaiveDate>,
    /// 整改情况 as the enterprise reported it (or the on-the-spot fix).
    pub rectified_note: Option<String>,
    /// 验收人
    pub verified_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SupervisionView {
    pub kind: SupervisorKind,
    pub kind_label: String,
    pub org_id: Uuid,
    pub org_name: String,
    pub by_name: String,
    pub at: DateTime<Utc>,
    pub deadline: Option<NaiveDate>,
    pub note: Option<String>,
}

/// One step of the hazard's whole record (全过程记录).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct HazardEventView {
    pub id: Uuid,
    /// `report`, `fixed_on_spot`, or a step (`start`, `submit`, `accept`…).
    pub action: String,
    pub action_label: String,
    pub from_state: Option<State>,
    pub to_state: State,
    pub to_state_label: String,
    pub comment: Option<String>,
    /// What the step changed (new level, supervision deadline, deadline moved…).
    pub data: Option<serde_json::Value>,
    pub actor_name: String,
    pub actor_org_name: String,
    pub at: DateTime<Utc>,
    pub attachments: Vec<FileBrief>,
}

/// A hazard with its photos, supervision, plan, timeline and the steps the caller
/// may take now.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct HazardDetail {
    #[serde(flatten)]
    pub view: HazardView,
    pub photos: Vec<FileBrief>,
    /// The photos after rectification (of the last submission, or of the on-the-spot fix).
    pub after_photos: Vec<FileBrief>,
    pub supervision: Option<SupervisionView>,
    pub plan: Option<RectificationPlan>,
    pub plan_at: Option<DateTime<Utc>>,
    pub funds_spent: Option<f64>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    /// Times the rectification was returned.
    pub returns: i32,
    pub created_by_name: String,
    pub self_check_id: Option<Uuid>,
    pub events: Vec<HazardEventView>,
    pub actions: Vec<Action>,
}

/// Most hazards a list counts exactly.
pub const COUNT_CAP: u64 = 10_000;
/// Open hazards (待整改, 整改中).
pub const OPEN_SQL: &str = "state IN ('pending', 'rectifying')";
/// Most hazards a list with a keyword counts exactly.
pub const COUNT_CAP_KEYWORD: u64 = 100;

/// A page of hazards.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct HazardPage {
    pub items: Vec<HazardView>,
    /// Matching hazards, counted up to 10,000 (100 with a keyword).
    pub total: u64,
    /// More than `total` match (the count stopped there).
    pub total_more: bool,
    pub page: u64,
    pub page_size: u64,
}

/// The filters of the hazard list (and its export).
#[derive(Debug, Clone, Default)]
pub struct HazardFilter {
    pub district_id: Option<Uuid>,
    pub enterprise_id: Option<Uuid>,
    pub state: Option<State>,
    /// Only hazards not yet closed (未销号: pending, rectifying, verifying).
    pub open: bool,
    pub level: Option<Level>,
    pub category_id: Option<Uuid>,
    pub source: Option<Source>,
    pub overdue: bool,
    pub supervised: bool,
    pub found_from: Option<NaiveDate>,
    pub found_to: Option<NaiveDate>,
    pub q: Option<String>,
    pub self_check_id: Option<Uuid>,
}

/// The body of a step.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepBody {
    pub comment: Option<String>,
    /// Photos after rectification (`submit`).
    #[serde(default)]
    pub photos: Vec<Uuid>,
    /// Documents (the plan's attachments).
    #[serde(default)]
    pub attachments: Vec<Uuid>,
    /// 实际整改资金（元） (`submit`).
    pub funds_spent: Option<f64>,
    /// 督办期限 (`supervise`).
    pub deadline: Option<NaiveDate>,
    /// The new level (`level`).
    pub level: Option<Level>,
    /// The six parts (`plan`).
    pub plan: Option<RectificationPlan>,
}

/// The condition on `hazards` for the hazards a scope sees.
pub(crate) fn hazard_scope(scope: Scope) -> Result<Condition> {
    Ok(match scope {
        Scope::Internal | Scope::Leader(_) | Scope::Section(_) => Condition::all(),
        Scope::District(d) => Condition::all().add(hazard::Column::DistrictId.eq(d)),
        Scope::Enterprise(e) => Condition::all().add(hazard::Column::EnterpriseId.eq(e)),
        Scope::Admin(_) | Scope::Agency(_) => {
            return Err(StoreError::Forbidden("无权查看隐患信息".into()));
        }
    })
}

/// The sort index a page of the list walks on SQLite, checking the filters inside it
/// (migration m0007 puts every filter column in the three sort indexes), or `None`
/// to let the planner pick. SQLite's planner prefers an index on a filter column and
/// then sorts everything that matched: 80,000 rows of one category to show 20. So
/// unless the filters are very selective (one enterprise, one number, a rare
/// combination), the page walks the index of its order. PostgreSQL plans from its
/// statistics and gets no hint.
pub(crate) fn list_index(scope: Scope, f: &HazardFilter, page: &PageReq) -> Option<&'static str> {
    if f.enterprise_id.is_some() || f.self_check_id.is_some() {
        return None;
    }
    if f.q.as_deref().is_some_and(is_number_search) {
        return None;
    }
    // The share of the hazards each filter keeps, roughly (a city's usual mix).
    let mut share = 1.0_f64;
    if f.district_id.is_some() || matches!(scope, Scope::District(_)) {
        share *= 0.25;
    }
    if matches!(scope, Scope::Enterprise(_)) {
        return None;
    }
    share *= match f.state {
        Some(State::Closed) => 0.9,
        Some(State::Verifying) => 0.02,
        Some(_) => 0.03,
        None if f.open => 0.1,
        None => 1.0,
    };
    if f.level == Some(Level::Major) {
        share *= 0.03;
    }
    if f.category_id.is_some() {
        share *= 0.08;
    }
    share *= match f.source {
        Some(Source::SelfCheck) => 0.45,
        Some(Source::DistrictCheck) => 0.3,
        Some(_) => 0.1,
        None => 1.0,
    };
    if f.overdue {
        share *= 0.03;
    }
    if f.supervised {
        share *= 0.03;
    }
    let range = match (f.found_from, f.found_to) {
        (None, None) => None,
        (a, b) => {
            let days =
                b.unwrap_or_else(today) - a.unwrap_or(today() - chrono::Duration::days(3 * 365));
            Some(f64::min(
                Ord::max(days.num_days(), 1) as f64 / (3.0 * 365.0),
                1.0,
            ))
        }
    };
    // Rare combinations: a filter's own index and a sort of the few rows is cheaper
    // than walking most of an index.
    if share * range.unwrap_or(1.0) < 0.002 {
        return None;
    }
    let sort = match page.sort_key() {
        Some(("deadline", _)) => "ix_hazards_by_deadline",
        Some(("code", _)) => "ix_hazards_by_code",
        _ => "ix_hazards_by_found",
    };
    Some(match range {
        // A short period: its range of the date index, then a sort of its ids.
        Some(r) if r < 0.1 => "ix_hazards_by_found",
        _ => sort,
    })
}

/// A search for a hazard number (`YH2026…`, or its beginning).
fn is_number_search(q: &str) -> bool {
    let upper = q.trim().to_ascii_uppercase();
    upper.starts_with("YH") && upper[2..].chars().all(|c| c.is_ascii_digit())
}

/// How the actor stands to a hazard (already known to be visible to them).
pub(crate) fn party(scope: Scope, h: &hazard::Model) -> Party {
    match scope {
        Scope::Enterprise(e) if e == h.enterprise_id => Party::Enterprise,
        Scope::District(d) if d == h.district_id => Party::District(d),
        Scope::Section(s) => Party::Bureau(s),
        _ => Party::Reader,
    }
}

fn facts(h: &hazard::Model) -> Facts {
    Facts {
        state: State::from_code(&h.state).unwrap_or(State::Pending),
        level: Level::from_code(&h.level).unwrap_or(Level::General),
        supervision: match (
            h.supervision_kind
                .as_deref()
                .and_then(SupervisorKind::from_code),
            h.supervision_org_id,
        ) {
            (Some(kind), Some(org_id)) => Some(Supervision { kind, org_id }),
            _ => None,
        },
        plan_complete: h
            .plan
            .as_deref()
            .and_then(|p| serde_json::from_str::<RectificationPlan>(p).ok())
            .is_some_and(|p| p.is_complete()),
        self_reported: h.source == Source::SelfCheck.code(),
    }
}

fn refusal(r: Refusal) -> StoreError {
    match r {
        Refusal::Forbidden(m) => StoreError::Forbidden(m.into()),
        Refusal::Conflict(m) => StoreError::Conflict(m.into()),
    }
}

fn month_of(d: NaiveDate) -> String {
    d.format("%Y-%m").to_string()
}

/// Adds to the running totals of one (district, month found, category, level, source).
#[allow(clippy::too_many_arguments)]
pub(crate) async fn tally<C: ConnectionTrait>(
    c: &C,
    district_id: Uuid,
    found_on: NaiveDate,
    category_id: Uuid,
    level: &str,
    source: &str,
    found: i64,
    closed: i64,
    close_days: i64,
    on_spot: i64,
) -> Result<()> {
    use hazard_tally::Column as T;
    let add = |col: T, by: i64| Expr::col((hazard_tally::Entity, col)).add(by);
    hazard_tally::Entity::insert(hazard_tally::ActiveModel {
        district_id: Set(district_id),
        month: Set(month_of(found_on)),
        category_id: Set(category_id),
        level: Set(level.into()),
        source: Set(source.into()),
        found: Set(found),
        closed: Set(closed),
        close_days: Set(close_days),
        on_spot: Set(on_spot),
    })
    .on_conflict(
        OnConflict::columns([T::DistrictId, T::Month, T::CategoryId, T::Level, T::Source])
            .value(T::Found, add(T::Found, found))
            .value(T::Closed, add(T::Closed, closed))
            .value(T::CloseDays, add(T::CloseDays, close_days))
            .value(T::OnSpot, add(T::OnSpot, on_spot))
            .to_owned(),
    )
    .exec_without_returning(c)
    .await?;
    Ok(())
}

/// Moves a hazard's counts from one tally key to another (its level or category changed).
async fn retally<C: ConnectionTrait>(
    c: &C,
    before: &hazard::Model,
    after: &hazard::Model,
) -> Result<()> {
    let closed = i64::from(before.closed_on.is_some());
    let days = before
        .closed_on
        .map(|d| rules::days_to_close(before.found_on, d))
        .unwrap_or(0);
    let spot = i64::from(before.fixed_on_spot);
    tally(
        c,
        before.district_id,
        before.found_on,
        before.category_id,
        &before.level,
        &before.source,
        -1,
        -closed,
        -days,
        -spot,
    )
    .await?;
    tally(
        c,
        after.district_id,
        after.found_on,
        after.category_id,
        &after.level,
        &after.source,
        1,
        closed,
        days,
        spot,
    )
    .await
}

/// The next number of a named counter, inside the caller's transaction.
pub(crate) async fn next_number<C: ConnectionTrait>(c: &C, name: &str) -> Result<i64> {
    counter::Entity::insert(counter::ActiveModel {
        name: Set(name.into()),
        value: Set(1),
    })
    .on_conflict(
        OnConflict::column(counter::Column::Name)
            .value(
                counter::Column::Value,
                Expr::col((counter::Entity, counter::Column::Value)).add(1),
            )
            .to_owned(),
    )
    .exec_without_returning(c)
    .await?;
    Ok(counter::Entity::find_by_id(name.to_string())
        .one(c)
        .await?
        .map(|m| m.value)
        .unwrap_or(1))
}

/// What a hazard write needs to know about the actor.
pub(crate) struct Author {
    pub id: Uuid,
    pub name: String,
    pub org_id: Option<Uuid>,
}

pub(crate) async fn author<C: ConnectionTrait>(c: &C, actor: &Actor) -> Result<Author> {
    Ok(Author {
        id: actor.user_id.ok_or(StoreError::NotFound)?,
        name: crate::campaigns::display_name(c, actor).await?,
        org_id: actor.scope.org_id(),
    })
}

#[allow(clippy::too_many_arguments)]
async fn add_event<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    who: &Author,
    hazard_id: Uuid,
    action: &str,
    from: Option<State>,
    to: State,
    comment: Option<String>,
    data: Option<serde_json::Value>,
    files: &[Uuid],
) -> Result<Uuid> {
    let id = Uuid::now_v7();
    hazard_event::ActiveModel {
        id: Set(id),
        hazard_id: Set(hazard_id),
        action: Set(action.into()),
        from_state: Set(from.map(|s| s.code().to_string())),
        to_state: Set(to.code().into()),
        comment: Set(comment),
        data: Set(data.map(|d| d.to_string())),
        actor_id: Set(who.id),
        actor_name: Set(who.name.clone()),
        actor_org_id: Set(who.org_id),
        at: Set(crate::now()),
    }
    .insert(c)
    .await?;
    attach(c, actor, files, Subject::HazardEvent, id, "photos").await?;
    Ok(id)
}

/// Reports one checked hazard inside the caller's transaction: its number, the row,
/// its photos, the first event (and, for 即查即改, the fix with its photos), the
/// running totals and the audit record.
pub(crate) async fn insert_hazard(
    txn: &DatabaseTransaction,
    actor: &Actor,
    who: &Author,
    h: &CheckedHazard,
    input: &HazardInput,
    district_id: Uuid,
) -> Result<hazard::Model> {
    let id = Uuid::now_v7();
    let n = next_number(txn, &format!("hazard:{}", h.found_on.format("%Y"))).await?;
    let code = format!("YH{}{n:06}", h.found_on.format("%Y"));
    let now = crate::now();
    let on_spot = h.fixed_on_spot;
    let m = hazard::ActiveModel {
        id: Set(id),
        code: Set(code),
        enterprise_id: Set(h.enterprise_id),
        district_id: Set(district_id),
        source: Set(h.source.code().into()),
        category_id: Set(h.category_id),
        level: Set(h.level.code().into()),
        state: Set(if on_spot {
            State::Closed
        } else {
            State::Pending
        }
        .code()
        .into()),
        description: Set(h.description.clone()),
        location: Set(h.location.clone()),
        found_on: Set(h.found_on),
        found_by: Set(h.found_by.clone().or_else(|| Some(who.name.clone()))),
        measures: Set(h.measures.clone()),
        responsible: Set(h.responsible.clone()),
        deadline: Set(h.deadline),
        funds: Set(h.funds),
        fixed_on_spot: Set(on_spot),
        self_check_id: Set(input.self_check_id),
        supervision_kind: Set(None),
        supervision_org_id: Set(None),
        supervised_by_name: Set(None),
        supervised_at: Set(None),
        supervision_deadline: Set(None),
        supervision_note: Set(None),
        plan: Set(None),
        plan_at: Set(None),
        rectified_note: Set(h.fix_note.clone()),
        funds_spent: Set(None),
        submitted_at: Set(on_spot.then_some(now)),
        verified_by_name: Set(on_spot.then(|| who.name.clone())),
        verified_by_org: Set(if on_spot { who.org_id } else { None }),
        closed_at: Set(on_spot.then_some(now)),
        closed_on: Set(on_spot.then_some(h.found_on)),
        returns: Set(0),
        created_by: Set(who.id),
        created_by_name: Set(who.name.clone()),
        created_by_org: Set(who.org_id),
        created_at: Set(now),
        updated_at: Set(now),
        inspection_id: Set(None),
        inspection_item: Set(None),
    }
    .insert(txn)
    .await?;
    attach(txn, actor, &input.photos, Subject::Hazard, id, "photos").await?;
    crate::risk::refresh_levels(txn, &[h.enterprise_id], now).await?;
    add_event(
        txn,
        actor,
        who,
        id,
        "report",
        None,
        State::Pending,
        None,
        Some(json!({"level": h.level.code(), "deadline": h.deadline})),
        &[],
    )
    .await?;
    if on_spot {
        add_event(
            txn,
            actor,
            who,
            id,
            "fixed_on_spot",
            Some(State::Pending),
            State::Closed,
            h.fix_note.clone(),
            None,
            &input.after_photos,
        )
        .await
        .map_err(|e| match e {
            StoreError::Invalid(mut v) => {
                for f in &mut v {
                    f.field = "after_photos".into();
                }
                StoreError::Invalid(v)
            }
            e => e,
        })?;
    }
    tally(
        txn,
        district_id,
        h.found_on,
        h.category_id,
        h.level.code(),
        h.source.code(),
        1,
        i64::from(on_spot),
        0,
        i64::from(on_spot),
    )
    .await?;
    append(
        txn,
        actor,
        AuditEvent::new("hazard.report")
            .object("hazard", id)
            .after(json!({
                "code": m.code, "enterprise_id": m.enterprise_id, "level": m.level,
                "source": m.source, "fixed_on_spot": on_spot, "deadline": m.deadline,
            })),
    )
    .await?;
    Ok(m)
}

impl Store {
    // ----- hazard categories ---------------------------------------------------

    /// Adds the default hazard categories when there are none.
    pub(crate) async fn ensure_hazard_categories<C: ConnectionTrait>(c: &C) -> Result<()> {
        if hazard_category::Entity::find().count(c).await? > 0 {
            return Ok(());
        }
        let now = crate::now();
        for (i, name) in DEFAULT_CATEGORIES.iter().enumerate() {
            hazard_category::ActiveModel {
                id: Set(Uuid::now_v7()),
                name: Set(name.to_string()),
                sort_order: Set(i as i32 + 1),
                created_at: Set(now),
            }
            .insert(c)
            .await?;
        }
        Ok(())
    }

    pub async fn list_hazard_categories(&self) -> Result<Vec<HazardCategory>> {
        let counts: HashMap<Uuid, i64> = hazard_tally::Entity::find()
            .select_only()
            .column(hazard_tally::Column::CategoryId)
            // PostgreSQL sums bigints as numeric: back to bigint for both databases.
            .column_as(
                Expr::expr(sea_orm::sea_query::Func::cast_as(
                    Expr::col(hazard_tally::Column::Found).sum(),
                    sea_orm::sea_query::Alias::new("bigint"),
                )),
                "n",
            )
            .group_by(hazard_tally::Column::CategoryId)
            .into_tuple::<(Uuid, Option<i64>)>()
            .all(self.r())
            .await?
            .into_iter()
            .map(|(k, n)| (k, n.unwrap_or(0)))
            .collect();
        Ok(hazard_category::Entity::find()
            .order_by_asc(hazard_category::Column::SortOrder)
            .order_by_asc(hazard_category::Column::Name)
            .all(self.r())
            .await?
            .into_iter()
            .map(|c| HazardCategory {
                hazard_count: Ord::max(counts.get(&c.id).copied().unwrap_or(0), 0) as u64,
                id: c.id,
                name: c.name,
                sort_order: c.sort_order,
            })
            .collect())
    }

    fn require_hazard_dictionary(actor: &Actor) -> Result<()> {
        match actor.scope {
            Scope::Internal | Scope::Admin(_) | Scope::Section(_) => Ok(()),
            _ => Err(StoreError::Forbidden("无权修改隐患类别".into())),
        }
    }

    fn check_hazard_category(input: &HazardCategoryInput) -> Result<String> {
        let mut v = Validator::new();
        let name = v.text("name", "类别名称", &input.name, 1, 50);
        v.range("sort_order", "排序", input.sort_order.into(), 0, 10_000);
        v.into_result().map_err(StoreError::Invalid)?;
        Ok(name)
    }

    async fn hazard_category_name_taken<C: ConnectionTrait>(
        c: &C,
        name: &str,
        except: Option<Uuid>,
    ) -> Result<()> {
        let mut q = hazard_category::Entity::find().filter(hazard_category::Column::Name.eq(name));
        if let Some(id) = except {
            q = q.filter(hazard_category::Column::Id.ne(id));
        }
        if q.one(c).await?.is_some() {
            return Err(StoreError::invalid(
                "name",
                "duplicate",
                format!("隐患类别“{name}”已存在"),
            ));
        }
        Ok(())
    }

    pub async fn create_hazard_category(
        &self,
        actor: &Actor,
        input: &HazardCategoryInput,
    ) -> Result<HazardCategory> {
        Self::require_hazard_dictionary(actor)?;
        let name = Self::check_hazard_category(input)?;
        let txn = self.tx().await?;
        Self::hazard_category_name_taken(&txn, &name, None).await?;
        let m = hazard_category::ActiveModel {
            id: Set(Uuid::now_v7()),
            name: Set(name),
            sort_order: Set(input.sort_order),
            created_at: Set(crate::now()),
        }
        .insert(&txn)
        .await?;
        append(
            &txn,
            actor,
            AuditEvent::new("hazard_category.create")
                .object("hazard_category", m.id)
                .after(json!({"name": m.name, "sort_order": m.sort_order})),
        )
        .await?;
        txn.commit().await?;
        Ok(HazardCategory {
            id: m.id,
            name: m.name,
            sort_order: m.sort_order,
            hazard_count: 0,
        })
    }

    pub async fn update_hazard_category(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &HazardCategoryInput,
    ) -> Result<HazardCategory> {
        Self::require_hazard_dictionary(actor)?;
        let name = Self::check_hazard_category(input)?;
        let txn = self.tx().await?;
        let m = hazard_category::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        Self::hazard_category_name_taken(&txn, &name, Some(id)).await?;
        let before = json!({"name": m.name, "sort_order": m.sort_order});
        let mut am: hazard_category::ActiveModel = m.into();
        am.name = Set(name);
        am.sort_order = Set(input.sort_order);
        let m = am.update(&txn).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("hazard_category.update")
                .object("hazard_category", id)
                .before(before)
                .after(json!({"name": m.name, "sort_order": m.sort_order})),
        )
        .await?;
        txn.commit().await?;
        self.list_hazard_categories()
            .await?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or(StoreError::NotFound)
    }

    pub async fn delete_hazard_category(&self, actor: &Actor, id: Uuid) -> Result<()> {
        Self::require_hazard_dictionary(actor)?;
        let txn = self.tx().await?;
        let m = hazard_category::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        if hazard::Entity::find()
            .filter(hazard::Column::CategoryId.eq(id))
            .limit(1)
            .one(&txn)
            .await?
            .is_some()
        {
            return Err(StoreError::Conflict(format!(
                "隐患类别“{}”下已有隐患，不能删除",
                m.name
            )));
        }
        hazard_category::Entity::delete_by_id(id).exec(&txn).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("hazard_category.delete")
                .object("hazard_category", id)
                .before(json!({"name": m.name})),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    // ----- hazards ---------------------------------------------------------------

    /// The enterprise a hazard is reported for, if the actor may report for it:
    /// (its district). Anything out of scope is "not found" on the field.
    pub(crate) async fn reporting_target<C: ConnectionTrait>(
        c: &C,
        actor: &Actor,
        enterprise_id: Uuid,
    ) -> Result<Uuid> {
        let not_found = || {
            StoreError::invalid(
                "enterprise_id",
                "not_found",
                "企业不存在或不在您的管辖范围内",
            )
        };
        let o = org::Entity::find_by_id(enterprise_id)
            .one(c)
            .await?
            .filter(|o| o.kind == OrgKind::Enterprise.code())
            .ok_or_else(not_found)?;
        if !matches!(
            actor.scope,
            Scope::Enterprise(_) | Scope::District(_) | Scope::Section(_) | Scope::Internal
        ) || !actor.scope.sees_enterprise(o.id, o.parent_id)
        {
            return Err(not_found());
        }
        o.parent_id.ok_or_else(|| {
            StoreError::invalid(
                "enterprise_id",
                "invalid",
                "该企业未设置所属区，请先完善企业信息",
            )
        })
    }

    pub(crate) async fn check_category_exists<C: ConnectionTrait>(c: &C, id: Uuid) -> Result<()> {
        if hazard_category::Entity::find_by_id(id)
            .one(c)
            .await?
            .is_none()
        {
            return Err(StoreError::invalid(
                "category_id",
                "not_found",
                "隐患类别不存在",
            ));
        }
        Ok(())
    }

    /// Reports a hazard (上报隐患), or records one fixed on the spot (即查即改).
    pub async fn report_hazard(&self, actor: &Actor, input: &HazardInput) -> Result<HazardDetail> {
        Ok(self.report_hazard_once(actor, input, None).await?.0)
    }

    /// [`Store::report_hazard`] as one submission named by `key`: a retry with the
    /// same key gets the hazard made the first time (and `true`) instead of a second.
    pub async fn report_hazard_once(
        &self,
        actor: &Actor,
        input: &HazardInput,
        key: Option<&RequestKey>,
    ) -> Result<(HazardDetail, bool)> {
        let txn = self.tx().await?;
        let claim = request_keys::claim(&txn, actor, key, Kind::Hazard).await;
        if let Ok(Claim::Made(id)) = claim {
            drop(txn);
            return Ok((self.get_hazard(actor, id).await?, true));
        }
        let made = match claim {
            Ok(_) => self.insert_reported_hazard(txn, actor, input, key).await,
            Err(e) => Err(e),
        };
        match made {
            Err(e) if request_keys::is_taken(&e) => {
                // A concurrent retry with the same key committed first.
                match self.made_by(actor, key, Kind::Hazard).await? {
                    Some(id) => Ok((self.get_hazard(actor, id).await?, true)),
                    None => Err(e),
                }
            }
            r => Ok((self.get_hazard(actor, r?).await?, false)),
        }
    }

    async fn insert_reported_hazard(
        &self,
        txn: DatabaseTransaction,
        actor: &Actor,
        input: &HazardInput,
        key: Option<&RequestKey>,
    ) -> Result<Uuid> {
        let mut input = input.clone();
        if let Scope::Enterprise(e) = actor.scope {
            input.enterprise_id = Some(input.enterprise_id.unwrap_or(e));
        }
        input.self_check_id = None;
        let by_enterprise = matches!(actor.scope, Scope::Enterprise(_));
        let checked =
            rules::check_new(&input, by_enterprise, today()).map_err(StoreError::Invalid)?;
        let district = Self::reporting_target(&txn, actor, checked.enterprise_id).await?;
        Self::check_category_exists(&txn, checked.category_id).await?;
        let who = author(&txn, actor).await?;
        let m = insert_hazard(&txn, actor, &who, &checked, &input, district).await?;
        request_keys::remember(&txn, actor, key, m.id).await?;
        txn.commit().await?;
        Ok(m.id)
    }

    /// A hazard the scope sees, or "not found".
    async fn visible_hazard<C: ConnectionTrait>(
        c: &C,
        scope: Scope,
        id: Uuid,
    ) -> Result<hazard::Model> {
        hazard::Entity::find_by_id(id)
            .filter(hazard_scope(scope)?)
            .one(c)
            .await?
            .ok_or(StoreError::NotFound)
    }

    pub(crate) async fn hazard_visible(&self, scope: Scope, id: Uuid) -> Result<bool> {
        Ok(match hazard_scope(scope) {
            Ok(cond) => hazard::Entity::find_by_id(id)
                .filter(cond)
                .one(self.r())
                .await?
                .is_some(),
            Err(_) => false,
        })
    }

    pub(crate) async fn hazard_event_visible(&self, scope: Scope, id: Uuid) -> Result<bool> {
        match hazard_event::Entity::find_by_id(id).one(self.r()).await? {
            Some(e) => self.hazard_visible(scope, e.hazard_id).await,
            None => Ok(false),
        }
    }

    async fn hazard_views<C: ConnectionTrait>(
        &self,
        c: &C,
        rows: Vec<hazard::Model>,
    ) -> Result<Vec<HazardView>> {
        let names = crate::org_names(
            c,
            rows.iter()
                .flat_map(|h| [h.enterprise_id, h.district_id])
                .collect::<std::collections::HashSet<_>>(),
        )
        .await?;
        let categories: HashMap<Uuid, String> = hazard_category::Entity::find()
            .all(c)
            .await?
            .into_iter()
            .map(|k| (k.id, k.name))
            .collect();
        // The first photo of each hazard, for the list's thumbnail.
        let mut thumbs: HashMap<Uuid, Uuid> = HashMap::new();
        let ids: Vec<Uuid> = rows.iter().map(|h| h.id).collect();
        for chunk in ids.chunks(500) {
            let files: Vec<(Uuid, Option<Uuid>)> = crate::entity::file::Entity::find()
                .select_only()
                .column(crate::entity::file::Column::Id)
                .column(crate::entity::file::Column::SubjectId)
                .filter(crate::entity::file::Column::SubjectKind.eq(Subject::Hazard.code()))
                .filter(crate::entity::file::Column::SubjectId.is_in(chunk.to_vec()))
                .filter(crate::entity::file::Column::ThumbKey.is_not_null())
                .order_by_asc(crate::entity::file::Column::Id)
                .into_tuple()
                .all(c)
                .await?;
            for (f, s) in files {
                if let Some(s) = s {
                    thumbs.entry(s).or_insert(f);
                }
            }
        }
        let today = today();
        Ok(rows
            .into_iter()
            .map(|h| {
                let state = State::from_code(&h.state).unwrap_or(State::Pending);
                let level = Level::from_code(&h.level).unwrap_or(Level::General);
                let source = Source::from_code(&h.source).unwrap_or(Source::Other);
                let overdue = rules::is_overdue(state, h.deadline, today);
                HazardView {
                    enterprise_name: names.get(&h.enterprise_id).cloned().unwrap_or_default(),
                    district_name: names.get(&h.district_id).cloned().unwrap_or_default(),
                    category_name: categories.get(&h.category_id).cloned().unwrap_or_default(),
                    source,
                    source_label: source.label().into(),
                    level,
                    level_label: level.label().into(),
                    state,
                    state_label: state.label().into(),
                    overdue,
                    overdue_days: if overdue {
                        (today - h.deadline).num_days()
                    } else {
                        0
                    },
                    supervised: h.supervision_kind.is_some(),
                    thumb: thumbs.get(&h.id).copied(),
                    id: h.id,
                    code: h.code,
                    enterprise_id: h.enterprise_id,
                    district_id: h.district_id,
                    category_id: h.category_id,
                    description: h.description,
                    location: h.location,
                    found_on: h.found_on,
                    found_by: h.found_by,
                    measures: h.measures,
                    responsible: h.responsible,
                    deadline: h.deadline,
                    funds: h.funds,
                    fixed_on_spot: h.fixed_on_spot,
                    closed_on: h.closed_on,
                    rectified_note: h.rectified_note,
                    verified_by_name: h.verified_by_name,
                    created_at: h.created_at,
                    updated_at: h.updated_at,
                }
            })
            .collect())
    }

    /// One hazard with its photos, supervision, plan, timeline and the steps the
    /// caller may take now.
    pub async fn get_hazard(&self, actor: &Actor, id: Uuid) -> Result<HazardDetail> {
        let h = Self::visible_hazard(self.r(), actor.scope, id).await?;
        let who = party(actor.scope, &h);
        let f = facts(&h);
        let actions: Vec<Action> = Action::ALL
            .into_iter()
            .filter(|a| rules::decide(&f, who, *a).is_ok())
            .collect();
        let events = hazard_event::Entity::find()
            .filter(hazard_event::Column::HazardId.eq(id))
            .order_by_asc(hazard_event::Column::At)
            .order_by_asc(hazard_event::Column::Id)
            .all(self.r())
            .await?;
        let mut files =
            attachments_of(self.r(), Subject::HazardEvent, events.iter().map(|e| e.id)).await?;
        let photos = attachments_of(self.r(), Subject::Hazard, [id])
            .await?
            .remove(&id)
            .unwrap_or_default();
        let org_names = crate::org_names(
            self.r(),
            events
                .iter()
                .filter_map(|e| e.actor_org_id)
                .chain(h.supervision_org_id),
        )
        .await?;
        // The photos after rectification: of the last submission or on-the-spot fix.
        let after_photos = events
            .iter()
            .rev()
            .find(|e| e.action == "submit" || e.action == "fixed_on_spot")
            .and_then(|e| files.get(&e.id).cloned())
            .unwrap_or_default();
        let events: Vec<HazardEventView> = events
            .into_iter()
            .map(|e| {
                let to = State::from_code(&e.to_state).unwrap_or(State::Pending);
                HazardEventView {
                    action_label: match e.action.as_str() {
                        "report" => "上报隐患".into(),
                        "fixed_on_spot" => "即查即改".into(),
                        a => Action::from_code(a)
                            .map(|a| a.label().to_string())
                            .unwrap_or_else(|| a.to_string()),
                    },
                    from_state: e.from_state.as_deref().and_then(State::from_code),
                    to_state: to,
                    to_state_label: to.label().into(),
                    data: e.data.as_deref().and_then(|d| serde_json::from_str(d).ok()),
                    actor_org_name: e
                        .actor_org_id
                        .and_then(|o| org_names.get(&o).cloned())
                        .unwrap_or_default(),
                    attachments: files.remove(&e.id).unwrap_or_default(),
                    id: e.id,
                    action: e.action,
                    comment: e.comment,
                    actor_name: e.actor_name,
                    at: e.at,
                }
            })
            .collect();
        let supervision = match (
            h.supervision_kind
                .as_deref()
                .and_then(SupervisorKind::from_code),
            h.supervision_org_id,
            h.supervised_at,
        ) {
            (Some(kind), Some(org_id), Some(at)) => Some(SupervisionView {
                kind,
                kind_label: kind.label().into(),
                org_id,
                org_name: org_names.get(&org_id).cloned().unwrap_or_default(),
                by_name: h.supervised_by_name.clone().unwrap_or_default(),
                at,
                deadline: h.supervision_deadline,
                note: h.supervision_note.clone(),
            }),
            _ => None,
        };
        let plan = h
            .plan
            .as_deref()
            .and_then(|p| serde_json::from_str::<RectificationPlan>(p).ok());
        let rest = h.clone();
        let view = self.hazard_views(self.r(), vec![h]).await?.remove(0);
        Ok(HazardDetail {
            view,
            photos,
            after_photos,
            supervision,
            plan,
            plan_at: rest.plan_at,
            funds_spent: rest.funds_spent,
            submitted_at: rest.submitted_at,
            closed_at: rest.closed_at,
            returns: rest.returns,
            created_by_name: rest.created_by_name,
            self_check_id: rest.self_check_id,
            events,
            actions,
        })
    }

    /// Takes a step on a hazard: decided by the domain rules for this actor, then
    /// written with its event, attachments, totals and audit record.
    pub async fn act_on_hazard(
        &self,
        actor: &Actor,
        id: Uuid,
        action: Action,
        body: &StepBody,
    ) -> Result<HazardDetail> {
        if action == Action::Edit {
            return Err(StoreError::Conflict("请使用修改隐患信息".into()));
        }
        let txn = self.tx().await?;
        let h = Self::visible_hazard(&txn, actor.scope, id).await?;
        let who = party(actor.scope, &h);
        let f = facts(&h);
        let next = rules::decide(&f, who, action).map_err(refusal)?;
        let today = today();
        let comment = rules::check_step(
            &f,
            action,
            &StepInput {
                comment: body.comment.as_deref(),
                after_photos: body.photos.len(),
                supervise_deadline: body.deadline,
                level: body.level,
            },
            today,
        )
        .map_err(StoreError::Invalid)?;
        let plan = if action == Action::SubmitPlan {
            Some(
                body.plan
                    .clone()
                    .unwrap_or_default()
                    .check()
                    .map_err(StoreError::Invalid)?,
            )
        } else {
            None
        };
        let mut v = Validator::new();
        if action == Action::Submit
            && let Some(x) = body.funds_spent
            && (!x.is_finite() || !(0.0..=1e10).contains(&x))
        {
            v.error(
                "funds_spent",
                "out_of_range",
                "实际整改资金应为0到100亿元之间的金额",
            );
        }
        if !body.photos.is_empty() && action != Action::Submit {
            v.error("photos", "invalid", "只有提交验收时附整改后照片");
        }
        if !body.attachments.is_empty() && action != Action::SubmitPlan {
            v.error("attachments", "invalid", "只有整改方案可以附文件");
        }
        v.into_result().map_err(StoreError::Invalid)?;
        let author = author(&txn, actor).await?;
        let now = crate::now();
        let before = h.clone();
        let mut am: hazard::ActiveModel = h.clone().into();
        am.state = Set(next.code().into());
        am.updated_at = Set(now);
        let mut data = None;
        let mut files: Vec<Uuid> = Vec::new();
        match action {
            Action::Start | Action::Edit => {}
            Action::SubmitPlan => {
                am.plan = Set(Some(serde_json::to_string(&plan).unwrap_or_default()));
                am.plan_at = Set(Some(now));
                files = body.attachments.clone();
            }
            Action::Supervise => {
                let kind = match who {
                    Party::Bureau(_) => SupervisorKind::Bureau,
                    _ => SupervisorKind::District,
                };
                am.supervision_kind = Set(Some(kind.code().into()));
                am.supervision_org_id = Set(author.org_id);
                am.supervised_by_name = Set(Some(author.name.clone()));
                am.supervised_at = Set(Some(now));
                am.supervision_deadline = Set(body.deadline);
                am.supervision_note = Set(comment.clone());
                data = Some(
                    json!({"kind": kind.code(), "kind_label": kind.label(), "deadline": body.deadline}),
                );
            }
            Action::Submit => {
                // A resubmission without a note keeps the earlier one for the ledger.
                am.rectified_note = Set(comment.clone().or_else(|| h.rectified_note.clone()));
                am.funds_spent = Set(body.funds_spent.map(|x| (x * 100.0).round() / 100.0));
                am.submitted_at = Set(Some(now));
                files = body.photos.clone();
                if let Some(x) = body.funds_spent {
                    data = Some(json!({"funds_spent": x}));
                }
            }
            Action::Accept => {
                am.verified_by_name = Set(Some(author.name.clone()));
                am.verified_by_org = Set(author.org_id);
                am.closed_at = Set(Some(now));
                am.closed_on = Set(Some(today));
            }
            Action::Return => {
                am.returns = Set(h.returns + 1);
            }
            Action::ChangeLevel => {
                let level = body.level.unwrap_or(Level::General);
                am.level = Set(level.code().into());
                if level == Level::General {
                    // A general hazard is not under listed supervision.
                    am.supervision_kind = Set(None);
                    am.supervision_org_id = Set(None);
                    am.supervised_by_name = Set(None);
                    am.supervised_at = Set(None);
                    am.supervision_deadline = Set(None);
                    am.supervision_note = Set(None);
                }
                data = Some(json!({"from_level": h.level, "to_level": level.code()}));
            }
        }
        let m = am.update(&txn).await?;
        let field = if action == Action::Submit {
            "photos"
        } else {
            "attachments"
        };
        add_event(
            &txn,
            actor,
            &author,
            id,
            action.code(),
            Some(f.state),
            next,
            comment,
            data,
            &files,
        )
        .await
        .map_err(|e| match e {
            StoreError::Invalid(mut v) => {
                for x in &mut v {
                    x.field = field.into();
                }
                StoreError::Invalid(v)
            }
            e => e,
        })?;
        match action {
            Action::Accept => {
                tally(
                    &txn,
                    m.district_id,
                    m.found_on,
                    m.category_id,
                    &m.level,
                    &m.source,
                    0,
                    1,
                    rules::days_to_close(m.found_on, today),
                    0,
                )
                .await?
            }
            Action::ChangeLevel => retally(&txn, &before, &m).await?,
            _ => {}
        }
        append(
            &txn,
            actor,
            AuditEvent::new(match action {
                Action::Start => "hazard.start",
                Action::SubmitPlan => "hazard.plan",
                Action::Supervise => "hazard.supervise",
                Action::Submit => "hazard.submit",
                Action::Accept => "hazard.accept",
                Action::Return => "hazard.return",
                Action::ChangeLevel => "hazard.level",
                Action::Edit => "hazard.edit",
            })
            .object("hazard", id)
            .before(json!({"state": before.state, "level": before.level}))
            .after(json!({"state": m.state, "level": m.level})),
        )
        .await?;
        // Open major and overdue hazards raise the enterprise's risk level.
        crate::risk::refresh_levels(&txn, &[m.enterprise_id], crate::now()).await?;
        txn.commit().await?;
        self.get_hazard(actor, id).await
    }

    /// Changes a hazard's details (修改隐患信息); moving the deadline needs a reason.
    pub async fn edit_hazard(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &HazardEdit,
    ) -> Result<HazardDetail> {
        let txn = self.tx().await?;
        let h = Self::visible_hazard(&txn, actor.scope, id).await?;
        let f = facts(&h);
        rules::decide(&f, party(actor.scope, &h), Action::Edit).map_err(refusal)?;
        let e = rules::check_edit(input, h.found_on, h.deadline).map_err(StoreError::Invalid)?;
        Self::check_category_exists(&txn, e.category_id).await?;
        let author = author(&txn, actor).await?;
        let before = h.clone();
        let mut changed = serde_json::Map::new();
        if e.deadline != h.deadline {
            changed.insert("from_deadline".into(), json!(h.deadline));
            changed.insert("to_deadline".into(), json!(e.deadline));
        }
        if e.category_id != h.category_id {
            changed.insert(
                "category_id".into(),
                json!({"from": h.category_id, "to": e.category_id}),
            );
        }
        if e.description != h.description {
            changed.insert("description".into(), json!(true));
        }
        let mut am: hazard::ActiveModel = h.into();
        am.category_id = Set(e.category_id);
        am.description = Set(e.description);
        am.location = Set(e.location);
        am.measures = Set(e.measures);
        am.responsible = Set(e.responsible);
        am.deadline = Set(e.deadline);
        am.funds = Set(e.funds);
        am.updated_at = Set(crate::now());
        let m = am.update(&txn).await?;
        add_event(
            &txn,
            actor,
            &author,
            id,
            Action::Edit.code(),
            Some(f.state),
            f.state,
            e.comment,
            Some(serde_json::Value::Object(changed)),
            &[],
        )
        .await?;
        if before.category_id != m.category_id {
            retally(&txn, &before, &m).await?;
        }
        append(
            &txn,
            actor,
            AuditEvent::new("hazard.edit")
                .object("hazard", id)
                .before(json!({"category_id": before.category_id, "deadline": before.deadline, "description": before.description}))
                .after(json!({"category_id": m.category_id, "deadline": m.deadline, "description": m.description})),
        )
        .await?;
        crate::risk::refresh_levels(&txn, &[m.enterprise_id], crate::now()).await?;
        txn.commit().await?;
        self.get_hazard(actor, id).await
    }

    /// The filtered query (scope applied), unsorted.
    fn hazard_query(&self, scope: Scope, f: &HazardFilter) -> Result<Select<hazard::Entity>> {
        let mut q = hazard::Entity::find().filter(hazard_scope(scope)?);
        if let Some(d) = f.district_id {
            q = q.filter(hazard::Column::DistrictId.eq(d));
        }
        if let Some(e) = f.enterprise_id {
            q = q.filter(hazard::Column::EnterpriseId.eq(e));
        }
        if let Some(s) = f.state {
            q = q.filter(hazard::Column::State.eq(s.code()));
        }
        if f.open {
            q = q.filter(hazard::Column::State.ne(State::Closed.code()));
        }
        if let Some(l) = f.level {
            q = q.filter(hazard::Column::Level.eq(l.code()));
        }
        if let Some(k) = f.category_id {
            q = q.filter(hazard::Column::CategoryId.eq(k));
        }
        if let Some(s) = f.source {
            q = q.filter(hazard::Column::Source.eq(s.code()));
        }
        if let Some(s) = f.self_check_id {
            q = q.filter(hazard::Column::SelfCheckId.eq(s));
        }
        if f.overdue {
            q = q
                .filter(Expr::cust(OPEN_SQL))
                .filter(hazard::Column::Deadline.lt(today()));
        }
        if f.supervised {
            q = q.filter(hazard::Column::SupervisionKind.is_not_null());
        }
        if let Some(d) = f.found_from {
            q = q.filter(hazard::Column::FoundOn.gte(d));
        }
        if let Some(d) = f.found_to {
            q = q.filter(hazard::Column::FoundOn.lte(d));
        }
        if let Some(text) = f.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            let text: String = text.chars().take(100).collect();
            let upper = text.to_ascii_uppercase();
            q = if is_number_search(&upper) {
                // A hazard number, or its beginning: a range on the unique index.
                q.filter(hazard::Column::Code.gte(upper.clone()))
                    .filter(hazard::Column::Code.lt(format!("{upper}~")))
            } else {
                let like = format!(
                    "%{}%",
                    text.replace('\\', "\\\\")
                        .replace('%', "\\%")
                        .replace('_', "\\_")
                );
                q.filter(
                    hazard::Column::Description
                        .like(sea_orm::sea_query::LikeExpr::new(like).escape('\\')),
                )
            };
        }
        Ok(q)
    }

    fn sorted(q: Select<hazard::Entity>, page: &PageReq) -> Select<hazard::Entity> {
        // (`list_index` knows these orders: keep them in step.)
        use hazard::Column as H;
        let (col, desc) = match page.sort_key() {
            Some(("deadline", d)) => (H::Deadline, d),
            Some(("code", d)) => (H::Code, d),
            Some(("found_on", d)) => (H::FoundOn, d),
            _ => (H::FoundOn, true),
        };
        if desc {
            q.order_by_desc(col).order_by_desc(H::Id)
        } else {
            q.order_by_asc(col).order_by_asc(H::Id)
        }
    }

    /// Hazards the scope sees, filtered, sorted and paged. The total is counted up to
    /// [`COUNT_CAP`]: past it, `total_more` says there are more (counting a million
    /// rows for a pager nobody pages to the end of would cost more than the page).
    pub async fn list_hazards(
        &self,
        scope: Scope,
        f: &HazardFilter,
        page: &PageReq,
    ) -> Result<HazardPage> {
        let q = self.hazard_query(scope, f)?;
        // A keyword is matched row by row: count fewer of them.
        let cap = if f.q.is_some() {
            COUNT_CAP_KEYWORD
        } else {
            COUNT_CAP
        };
        let counter = q.clone();
        // A keyword is checked row by row: one walk gives both the first pages and the
        // (capped) count, instead of two walks side by side. Past the cap the list says
        // "more than 100": narrowing the search beats paging through it.
        let keyword = f.q.as_deref().is_some_and(|q| !is_number_search(q));
        let one_walk = keyword && page.offset() + page.page_size <= cap + 1;
        // The page's ids first, sorted from an index without reading the rows they
        // pass over; then the rows of the page.
        let (offset, limit) = if one_walk {
            (0, cap + 1)
        } else {
            (page.offset(), page.page_size)
        };
        let ids_q = Self::sorted(q, page)
            .select_only()
            .column(hazard::Column::Id)
            .offset(offset)
            .limit(limit);
        let hint = match self.backend() {
            crate::Backend::Sqlite => list_index(scope, f, page),
            crate::Backend::Postgres => None,
        };
        let ids = async {
            match hint {
                None => Ok(ids_q.into_tuple::<Uuid>().all(self.r()).await?),
                Some(ix) => {
                    use sea_orm::QueryTrait;
                    let mut stmt = ids_q.build(sea_orm::DatabaseBackend::Sqlite);
                    stmt.sql = stmt.sql.replacen(
                        r#"FROM "hazards""#,
                        &format!(r#"FROM "hazards" INDEXED BY "{ix}""#),
                        1,
                    );
                    let rows = self.r().query_all_raw(stmt).await?;
                    rows.iter()
                        .map(|r| r.try_get::<Uuid>("", "id").map_err(StoreError::from))
                        .collect::<Result<Vec<Uuid>>>()
                }
            }
        };
        let (ids, total) = if one_walk {
            let all = ids.await?;
            let total = all.len() as u64;
            let start = (page.offset() as usize).min(all.len());
            let end = (start + page.page_size as usize).min(all.len());
            (Ok(all[start..end].to_vec()), Ok(total))
        } else if let Some(n) = self.tally_count(scope, f).await? {
            (ids.await, Ok(n))
        } else {
            tokio::join!(ids, self.capped_count(counter, cap))
        };
        let ids: Vec<Uuid> = ids?;
        let mut rows = hazard::Entity::find()
            .filter(hazard::Column::Id.is_in(ids.clone()))
            .all(self.r())
            .await?;
        rows.sort_by_key(|r| ids.iter().position(|i| *i == r.id));
        let items = self.hazard_views(self.r(), rows).await?;
        let total = total?;
        Ok(HazardPage {
            items,
            total: Ord::min(total, cap),
            total_more: total > cap,
            page: page.page,
            page_size: page.page_size,
        })
    }

    /// The list's count from the running totals (`hazard_tally`) when every filter is
    /// one of their keys: district, category, level, source, whole months found, and
    /// open (found − closed) or closed. A category of a district is 20,000 rows to
    /// count; the totals are a few hundred.
    async fn tally_count(&self, scope: Scope, f: &HazardFilter) -> Result<Option<u64>> {
        use sea_orm::sea_query::{Alias, Func};
        if f.enterprise_id.is_some()
            || f.self_check_id.is_some()
            || f.q.is_some()
            || f.overdue
            || f.supervised
        {
            return Ok(None);
        }
        let district = match (scope, f.district_id) {
            (Scope::District(d), Some(x)) if x != d => return Ok(None),
            (Scope::District(d), _) => Some(d),
            (Scope::Internal | Scope::Leader(_) | Scope::Section(_), x) => x,
            _ => return Ok(None),
        };
        // 0: found, 1: open (found − closed), 2: closed.
        let want = match (f.state, f.open) {
            (None, false) => 0,
            (None, true) => 1,
            (Some(State::Closed), false) => 2,
            _ => return Ok(None),
        };
        let from = match f.found_from {
            None => None,
            Some(d) if chrono::Datelike::day(&d) == 1 => Some(month_of(d)),
            Some(_) => return Ok(None),
        };
        let to = match f.found_to {
            None => None,
            Some(d) if d.succ_opt().is_some_and(|n| chrono::Datelike::day(&n) == 1) => {
                Some(month_of(d))
            }
            Some(_) => return Ok(None),
        };
        let sum = |c: hazard_tally::Column| {
            Expr::expr(Func::cast_as(Expr::col(c).sum(), Alias::new("bigint")))
        };
        let mut q = hazard_tally::Entity::find()
            .select_only()
            .column_as(sum(hazard_tally::Column::Found), "found")
            .column_as(sum(hazard_tally::Column::Closed), "closed");
        if let Some(d) = district {
            q = q.filter(hazard_tally::Column::DistrictId.eq(d));
        }
        if let Some(k) = f.category_id {
            q = q.filter(hazard_tally::Column::CategoryId.eq(k));
        }
        if let Some(l) = f.level {
            q = q.filter(hazard_tally::Column::Level.eq(l.code()));
        }
        if let Some(s) = f.source {
            q = q.filter(hazard_tally::Column::Source.eq(s.code()));
        }
        if let Some(m) = from {
            q = q.filter(hazard_tally::Column::Month.gte(m));
        }
        if let Some(m) = to {
            q = q.filter(hazard_tally::Column::Month.lte(m));
        }
        let (found, closed): (Option<i64>, Option<i64>) =
            q.into_tuple().one(self.r()).await?.unwrap_or((None, None));
        let (found, closed) = (found.unwrap_or(0), closed.unwrap_or(0));
        let n = match want {
            0 => found,
            1 => found - closed,
            _ => closed,
        };
        Ok(Some(Ord::max(n, 0) as u64))
    }

    /// How many rows the query matches, counting no further than `cap + 1` (sea-orm's
    /// `count` drops the limit of the query it counts).
    async fn capped_count(&self, q: Select<hazard::Entity>, cap: u64) -> Result<u64> {
        use sea_orm::QueryTrait;
        use sea_orm::sea_query::{Alias, Query};
        let inner = q
            .select_only()
            .column(hazard::Column::Id)
            .limit(cap + 1)
            .into_query();
        let stmt = Query::select()
            .expr(Expr::cust("COUNT(*) AS n"))
            .from_subquery(inner, Alias::new("capped"))
            .to_owned();
        Ok(match self.r().query_one(&stmt).await? {
            Some(row) => row.try_get::<i64>("", "n")? as u64,
            None => 0,
        })
    }

    /// The filtered, sorted list for the ledger export, at most `limit` rows, handed
    /// to `out` in batches as they are read. Returns how many matched.
    pub async fn export_hazards(
        &self,
        scope: Scope,
        f: &HazardFilter,
        sort: Option<String>,
        limit: u64,
        out: tokio::sync::mpsc::Sender<Vec<HazardView>>,
    ) -> Result<u64> {
        const BATCH: u64 = 2_000;
        let q = self.hazard_query(scope, f)?;
        let total = q.clone().count(self.r()).await?;
        let page = PageReq::all(sort, BATCH);
        let mut done = 0;
        while done < Ord::min(total, limit) {
            let rows = Self::sorted(q.clone(), &page)
                .offset(done)
                .limit(Ord::min(BATCH, limit - done))
                .all(self.r())
                .await?;
            if rows.is_empty() {
                break;
            }
            done += rows.len() as u64;
            let batch = self.hazard_views(self.r(), rows).await?;
            if out.send(batch).await.is_err() {
                break;
            }
        }
        Ok(total)
    }
}
