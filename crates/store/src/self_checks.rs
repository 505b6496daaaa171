//! Self-checks (自查自改自报): an enterprise records each check, with the hazards it
//! found (reported in the same transaction; those fixed on the spot count as 自改) or
//! an explicit "无隐患"; the schedule comes from its industry category; a missed
//! period is reminded once. Also the daily escalation of overdue hazards.

use std::collections::HashMap;

use anzhi_domain::hazard::{
    self as rules, CheckPeriod, Escalation, Level, SelfCheckInput, SelfCheckItem, State,
};
use anzhi_domain::{OrgKind, Scope};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::audit::{AuditEvent, append};
use crate::entity::{enterprise, hazard, industry_category, org, self_check};
use crate::files::{FileBrief, Subject, attach, attachments_of};
use crate::hazards::{HazardFilter, HazardView, author, insert_hazard};
use crate::reminders::claim;
use crate::{Actor, Page, PageReq, Result, Store, StoreError};

fn today() -> NaiveDate {
    anzhi_domain::time::today_china(crate::now())
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SelfCheckView {
    pub id: Uuid,
    pub enterprise_id: Uuid,
    pub enterprise_name: String,
    pub district_name: String,
    pub checked_on: NaiveDate,
    pub scope: String,
    pub inspectors: String,
    /// Said explicitly: nothing found.
    pub no_hazards: bool,
    pub hazards_found: i32,
    /// Of those, fixed on the spot (自改).
    pub fixed_on_spot: i32,
    pub created_by_name: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SelfCheckDetail {
    #[serde(flatten)]
    pub view: SelfCheckView,
    pub items: Vec<SelfCheckItem>,
    pub note: Option<String>,
    pub attachments: Vec<FileBrief>,
    pub hazards: Vec<HazardView>,
}

#[derive(Debug, Clone, Default)]
pub struct SelfCheckFilter {
    pub enterprise_id: Option<Uuid>,
    pub district_id: Option<Uuid>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// Where an enterprise stands with its self-checks in the current period.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SelfCheckStatus {
    pub enterprise_id: Uuid,
    pub enterprise_name: String,
    pub district_name: String,
    pub category_name: Option<String>,
    pub period: CheckPeriod,
    /// e.g. `2026年11月`; empty when no self-check is required.
    pub period_label: String,
    /// This period's self-check is recorded.
    pub done: bool,
    pub last_checked_on: Option<NaiveDate>,
    /// The previous period passed without a self-check.
    pub previous_missed: bool,
}

#[derive(Debug, Clone, Default)]
pub struct StatusFilter {
    pub district_id: Option<Uuid>,
    pub category_id: Option<Uuid>,
    /// Only those whose current period is not done.
    pub missing: bool,
}

fn check_scope(scope: Scope) -> Result<Condition> {
    Ok(match scope {
        Scope::Internal | Scope::Leader(_) | Scope::Section(_) => Condition::all(),
        Scope::District(d) => Condition::all().add(self_check::Column::DistrictId.eq(d)),
        Scope::Enterprise(e) => Condition::all().add(self_check::Column::EnterpriseId.eq(e)),
        Scope::Admin(_) | Scope::Agency(_) => {
            return Err(StoreError::Forbidden("无权查看自查记录".into()));
        }
    })
}

impl Store {
    /// Records a self-check with the hazards it found, all in one transaction.
    pub async fn record_self_check(
        &self,
        actor: &Actor,
        input: &SelfCheckInput,
    ) -> Result<SelfCheckDetail> {
        let Scope::Enterprise(own) = actor.scope else {
            return Err(StoreError::Forbidden("自查由企业填报".into()));
        };
        let enterprise_id = input.enterprise_id.unwrap_or(own);
        if enterprise_id != own {
            return Err(StoreError::invalid(
                "enterprise_id",
                "not_found",
                "只能填报本企业的自查",
            ));
        }
        let today = today();
        let checked = rules::check_self_check(input, today).map_err(StoreError::Invalid)?;
        // Check every hazard first, naming the field by its place in the list.
        let mut errors = Vec::new();
        let mut hazards = Vec::new();
        for (i, h) in input.hazards.iter().enumerate() {
            let mut h = h.clone();
            h.enterprise_id = Some(enterprise_id);
            h.found_on = Some(h.found_on.unwrap_or(checked.checked_on));
            match rules::check_new(&h, true, today) {
                Ok(c) => hazards.push((c, h)),
                Err(es) => errors.extend(es.into_iter().map(|mut e| {
                    e.field = format!("hazards.{i}.{}", e.field);
                    e.message = format!("第{}条隐患：{}", i + 1, e.message);
                    e
                })),
            }
        }
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        let txn = self.tx().await?;
        let district = Self::reporting_target(&txn, actor, enterprise_id).await?;
        let who = author(&txn, actor).await?;
        let id = Uuid::now_v7();
        let fixed = hazards.iter().filter(|(c, _)| c.fixed_on_spot).count() as i32;
        self_check::ActiveModel {
            id: Set(id),
            enterprise_id: Set(enterprise_id),
            district_id: Set(district),
            checked_on: Set(checked.checked_on),
            scope: Set(checked.scope.clone()),
            inspectors: Set(checked.inspectors.clone()),
            items: Set(serde_json::to_string(&checked.items).unwrap_or_else(|_| "[]".into())),
            no_hazards: Set(checked.no_hazards),
            hazards_found: Set(hazards.len() as i32),
            fixed_on_spot: Set(fixed),
            note: Set(checked.note.clone()),
            created_by: Set(who.id),
            created_by_name: Set(who.name.clone()),
            created_at: Set(crate::now()),
        }
        .insert(&txn)
        .await?;
        attach(
            &txn,
            actor,
            &input.attachments,
            Subject::SelfCheck,
            id,
            "attachments",
        )
        .await?;
        for (i, (c, mut h)) in hazards.into_iter().enumerate() {
            Self::check_category_exists(&txn, c.category_id)
                .await
                .map_err(|e| prefix(e, i))?;
            h.self_check_id = Some(id);
            insert_hazard(&txn, actor, &who, &c, &h, district)
                .await
                .map_err(|e| prefix(e, i))?;
        }
        append(
            &txn,
            actor,
            AuditEvent::new("self_check.record")
                .object("self_check", id)
                .after(json!({
                    "checked_on": checked.checked_on, "no_hazards": checked.no_hazards,
                    "hazards": input.hazards.len(), "fixed_on_spot": fixed,
                })),
        )
        .await?;
        txn.commit().await?;
        self.get_self_check(actor.scope, id).await
    }

    pub(crate) async fn self_check_visible(&self, scope: Scope, id: Uuid) -> Result<bool> {
        Ok(match check_scope(scope) {
            Ok(c) => self_check::Entity::find_by_id(id)
                .filter(c)
                .one(self.r())
                .await?
                .is_some(),
            Err(_) => false,
        })
    }

    async fn self_check_views(&self, rows: Vec<self_check::Model>) -> Result<Vec<SelfCheckView>> {
        let names = crate::org_names(
            self.r(),
            rows.iter()
                .flat_map(|r| [r.enterprise_id, r.district_id])
                .collect::<std::collections::HashSet<_>>(),
        )
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| SelfCheckView {
                enterprise_name: names.get(&r.enterprise_id).cloned().unwrap_or_default(),
                district_name: names.get(&r.district_id).cloned().unwrap_or_default(),
                id: r.id,
                enterprise_id: r.enterprise_id,
                checked_on: r.checked_on,
                scope: r.scope,
                inspectors: r.inspectors,
                no_hazards: r.no_hazards,
                hazards_found: r.hazards_found,
                fixed_on_spot: r.fixed_on_spot,
                created_by_name: r.created_by_name,
                created_at: r.created_at,
            })
            .collect())
    }

    pub async fn list_self_checks(
        &self,
        scope: Scope,
        f: &SelfCheckFilter,
        page: &PageReq,
    ) -> Result<Page<SelfCheckView>> {
        let mut q = self_check::Entity::find().filter(check_scope(scope)?);
        if let Some(e) = f.enterprise_id {
            q = q.filter(self_check::Column::EnterpriseId.eq(e));
        }
        if let Some(d) = f.district_id {
            q = q.filter(self_check::Column::DistrictId.eq(d));
        }
        if let Some(d) = f.from {
            q = q.filter(self_check::Column::CheckedOn.gte(d));
        }
        if let Some(d) = f.to {
            q = q.filter(self_check::Column::CheckedOn.lte(d));
        }
        let total = q.clone().count(self.r()).await?;
        let q = match page.sort_key() {
            Some(("checked_on", false)) => q.order_by_asc(self_check::Column::CheckedOn),
            _ => q.order_by_desc(self_check::Column::CheckedOn),
        };
        let rows = q
            .order_by_desc(self_check::Column::CreatedAt)
            .offset(page.offset())
            .limit(page.page_size)
            .all(self.r())
            .await?;
        Ok(Page {
            items: self.self_check_views(rows).await?,
            total,
            page: page.page,
            page_size: page.page_size,
        })
    }

    pub async fn get_self_check(&self, scope: Scope, id: Uuid) -> Result<SelfCheckDetail> {
        let r = self_check::Entity::find_by_id(id)
            .filter(check_scope(scope)?)
            .one(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        let items: Vec<SelfCheckItem> = serde_json::from_str(&r.items).unwrap_or_default();
        let note = r.note.clone();
        let attachments = attachments_of(self.r(), Subject::SelfCheck, [id])
            .await?
            .remove(&id)
            .unwrap_or_default();
        let hazards = self
            .list_hazards(
                scope,
                &HazardFilter {
                    self_check_id: Some(id),
                    ..Default::default()
                },
                &PageReq::all(Some("code".into()), 100),
            )
            .await?
            .items;
        let view = self.self_check_views(vec![r]).await?.remove(0);
        Ok(SelfCheckDetail {
            view,
            items,
            note,
            attachments,
            hazards,
        })
    }

    /// Each enterprise in scope (in operation) with its self-check period and whether
    /// this period's check is done.
    pub async fn self_check_status(
        &self,
        scope: Scope,
        f: &StatusFilter,
        page: &PageReq,
    ) -> Result<Page<SelfCheckStatus>> {
        let rows = self.status_rows(scope, f, today()).await?;
        let rows: Vec<SelfCheckStatus> = if f.missing {
            rows.into_iter()
                .filter(|s| s.period != CheckPeriod::None && !s.done)
                .collect()
        } else {
            rows
        };
        let total = rows.len() as u64;
        Ok(Page {
            items: rows
                .into_iter()
                .skip(page.offset() as usize)
                .take(page.page_size as usize)
                .collect(),
            total,
            page: page.page,
            page_size: page.page_size,
        })
    }

    async fn status_rows(
        &self,
        scope: Scope,
        f: &StatusFilter,
        today: NaiveDate,
    ) -> Result<Vec<SelfCheckStatus>> {
        if matches!(scope, Scope::Admin(_) | Scope::Agency(_)) {
            return Err(StoreError::Forbidden("无权查看自查情况".into()));
        }
        let mut q = org::Entity::find()
            .filter(org::Column::Kind.eq(OrgKind::Enterprise.code()))
            .filter(match scope.enterprises() {
                anzhi_domain::scope::EnterpriseFilter::All => Condition::all(),
                anzhi_domain::scope::EnterpriseFilter::InDistrict(d) => {
                    Condition::all().add(org::Column::ParentId.eq(d))
                }
                anzhi_domain::scope::EnterpriseFilter::Only(e) => {
                    Condition::all().add(org::Column::Id.eq(e))
                }
                anzhi_domain::scope::EnterpriseFilter::None => {
                    Condition::all().add(org::Column::Id.is_null())
                }
            })
            // In operation only (closed or deregistered enterprises do not check).
            .filter(
                org::Column::Id.in_subquery(
                    Query::select()
                        .column(enterprise::Column::OrgId)
                        .from(enterprise::Entity)
                        .and_where(enterprise::Column::Status.eq("operating"))
                        .to_owned(),
                ),
            );
        if let Some(d) = f.district_id {
            q = q.filter(org::Column::ParentId.eq(d));
        }
        if let Some(k) = f.category_id {
            q = q.filter(
                org::Column::Id.in_subquery(
                    Query::select()
                        .column(enterprise::Column::OrgId)
                        .from(enterprise::Entity)
                        .and_where(enterprise::Column::CategoryId.eq(k))
                        .to_owned(),
                ),
            );
        }
        let orgs = q.order_by_asc(org::Column::Name).all(self.r()).await?;
        let categories: HashMap<Uuid, industry_category::Model> = industry_category::Entity::find()
            .all(self.r())
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let districts = crate::org_names(self.r(), orgs.iter().filter_map(|o| o.parent_id)).await?;
        let ids: Vec<Uuid> = orgs.iter().map(|o| o.id).collect();
        let mut category_of: HashMap<Uuid, Option<Uuid>> = HashMap::new();
        let mut last: HashMap<Uuid, Vec<NaiveDate>> = HashMap::new();
        // The last two quarters of self-checks cover the current and previous period.
        let since = today - chrono::Duration::days(200);
        for chunk in ids.chunks(5000) {
            for (id, k) in enterprise::Entity::find()
                .select_only()
                .column(enterprise::Column::OrgId)
                .column(enterprise::Column::CategoryId)
                .filter(enterprise::Column::OrgId.is_in(chunk.to_vec()))
                .into_tuple::<(Uuid, Option<Uuid>)>()
                .all(self.r())
                .await?
            {
                category_of.insert(id, k);
            }
            for (id, d) in self_check::Entity::find()
                .select_only()
                .column(self_check::Column::EnterpriseId)
                .column(self_check::Column::CheckedOn)
                .filter(self_check::Column::EnterpriseId.is_in(chunk.to_vec()))
                .filter(self_check::Column::CheckedOn.gte(since))
                .into_tuple::<(Uuid, NaiveDate)>()
                .all(self.r())
                .await?
            {
                last.entry(id).or_default().push(d);
            }
        }
        let mut latest: HashMap<Uuid, NaiveDate> = HashMap::new();
        for chunk in ids.chunks(5000) {
            for (id, d) in self_check::Entity::find()
                .select_only()
                .column(self_check::Column::EnterpriseId)
                .column_as(self_check::Column::CheckedOn.max(), "d")
                .filter(self_check::Column::EnterpriseId.is_in(chunk.to_vec()))
                .group_by(self_check::Column::EnterpriseId)
                .into_tuple::<(Uuid, Option<NaiveDate>)>()
                .all(self.r())
                .await?
            {
                if let Some(d) = d {
                    latest.insert(id, d);
                }
            }
        }
        Ok(orgs
            .into_iter()
            .map(|o| {
                let k = category_of.get(&o.id).copied().flatten();
                let cat = k.and_then(|k| categories.get(&k));
                let period = cat
                    .map(|c| crate::enterprises::check_period(&c.self_check_period))
                    .unwrap_or(CheckPeriod::Monthly);
                let dates = last.get(&o.id).cloned().unwrap_or_default();
                let within = |p: Option<(NaiveDate, NaiveDate, String)>| {
                    p.map(|(a, b, _)| dates.iter().any(|d| *d >= a && *d <= b))
                };
                let current = period.period_of(today);
                // A period counts only for an enterprise registered before it began.
                let registered = anzhi_domain::time::today_china(o.created_at);
                let previous = period.previous(today).filter(|p| registered <= p.0);
                SelfCheckStatus {
                    period_label: current.as_ref().map(|p| p.2.clone()).unwrap_or_default(),
                    done: within(current).unwrap_or(true),
                    previous_missed: !within(previous).unwrap_or(true),
                    last_checked_on: latest.get(&o.id).copied(),
                    district_name: o
                        .parent_id
                        .and_then(|d| districts.get(&d).cloned())
                        .unwrap_or_default(),
                    category_name: cat.map(|c| c.name.clone()),
                    period,
                    enterprise_id: o.id,
                    enterprise_name: o.name,
                }
            })
            .collect())
    }

    /// At the start of a period, each enterprise that missed the previous one is
    /// reminded once, and each district gets one digest of its enterprises that did.
    pub(crate) async fn run_self_check_reminders(
        &self,
        instance: &str,
        today: NaiveDate,
    ) -> Result<u32> {
        let rows = self
            .status_rows(Scope::Internal, &StatusFilter::default(), today)
            .await?;
        let mut sent = 0;
        let mut by_district: HashMap<String, Vec<&SelfCheckStatus>> = HashMap::new();
        let parents: HashMap<Uuid, Option<Uuid>> = {
            let ids: Vec<Uuid> = rows.iter().map(|r| r.enterprise_id).collect();
            let mut m = HashMap::new();
            for chunk in ids.chunks(5000) {
                for (id, p) in org::Entity::find()
                    .select_only()
                    .column(org::Column::Id)
                    .column(org::Column::ParentId)
                    .filter(org::Column::Id.is_in(chunk.to_vec()))
                    .into_tuple::<(Uuid, Option<Uuid>)>()
                    .all(self.r())
                    .await?
                {
                    m.insert(id, p);
                }
            }
            m
        };
        let done = claimed(self, "self_check_missed").await?;
        for r in rows.iter().filter(|r| r.previous_missed) {
            let Some((start, _, label)) = r.period.previous(today) else {
                continue;
            };
            if done.contains(&format!("{}:{start}", r.enterprise_id)) {
                continue;
            }
            let txn = self.tx().await?;
            if claim(
                &txn,
                "self_check_missed",
                &format!("{}:{start}", r.enterprise_id),
                instance,
            )
            .await?
            {
                Self::notify(
                    &txn,
                    r.enterprise_id,
                    "self_check_missed",
                    format!("【自查提醒】{label}未填报隐患自查"),
                    format!(
                        "本企业{label}没有填报隐患排查自查记录（自查周期：{}）。请按要求开展自查自改自报，本期（{}）请及时填报，未发现隐患也须明确报告“无隐患”。",
                        r.period.label(),
                        r.period_label
                    ),
                    "/self-checks",
                )
                .await?;
                sent += 1;
            }
            txn.commit().await?;
            if let Some(Some(d)) = parents.get(&r.enterprise_id) {
                by_district
                    .entry(format!("{d}|{label}|{start}"))
                    .or_default()
                    .push(r);
            }
        }
        let done = claimed(self, "self_check_digest").await?;
        for (key, missed) in by_district {
            let mut parts = key.splitn(3, '|');
            let (Some(d), Some(label), Some(start)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let Ok(district) = d.parse::<Uuid>() else {
                continue;
            };
            if done.contains(&format!("{district}:{start}")) {
                continue;
            }
            let txn = self.tx().await?;
            if claim(
                &txn,
                "self_check_digest",
                &format!("{district}:{start}"),
                instance,
            )
            .await?
            {
                let names: Vec<&str> = missed
                    .iter()
                    .take(20)
                    .map(|r| r.enterprise_name.as_str())
                    .collect();
                Self::notify(
                    &txn,
                    district,
                    "self_check_digest",
                    format!("【自查汇总】{label}有{}家企业未填报自查", missed.len()),
                    format!(
                        "{label}，本区有{}家在营企业未填报隐患排查自查：{}{}。请督促企业落实自查自改自报。",
                        missed.len(),
                        names.join("、"),
                        if missed.len() > 20 { "等" } else { "" }
                    ),
                    "/self-checks/status?missing=true",
                )
                .await?;
                sent += 1;
            }
            txn.commit().await?;
        }
        Ok(sent)
    }

    /// Escalates overdue hazards once per step: the enterprise, then the district,
    /// then the bureau (the supervising unit when the bureau supervises it, else the
    /// bureau's leaders).
    pub(crate) async fn run_hazard_escalations(
        &self,
        instance: &str,
        today: NaiveDate,
    ) -> Result<u32> {
        let overdue: Vec<hazard::Model> = hazard::Entity::find()
            .filter(hazard::Column::State.is_in([State::Pending.code(), State::Rectifying.code()]))
            .filter(hazard::Column::Deadline.lt(today))
            .all(self.r())
            .await?;
        if overdue.is_empty() {
            return Ok(0);
        }
        let bureau = org::Entity::find()
            .filter(org::Column::Kind.eq(OrgKind::Bureau.code()))
            .one(self.r())
            .await?
            .map(|o| o.id);
        let names = crate::org_names(self.r(), overdue.iter().map(|h| h.enterprise_id)).await?;
        let done = claimed(self, "hazard_escalation").await?;
        let mut sent = 0;
        for h in overdue {
            let state = State::from_code(&h.state).unwrap_or(State::Pending);
            let level = Level::from_code(&h.level).unwrap_or(Level::General);
            let mut steps = rules::escalations(state, level, h.deadline, today);
            // Steps already sent (by any server) need no transaction.
            // A slot per deadline: an extended deadline that passes again escalates again.
            let slot = |s: Escalation| format!("{}:{}:{}", h.id, h.deadline, s.code());
            steps.retain(|s| !done.contains(&slot(*s)));
            if steps.is_empty() {
                continue;
            }
            let over = (today - h.deadline).num_days();
            let enterprise = names.get(&h.enterprise_id).cloned().unwrap_or_default();
            let what: String = h.description.chars().take(30).collect();
            let txn = self.tx().await?;
            for step in steps {
                let to = match step {
                    Escalation::Enterprise => Some(h.enterprise_id),
                    Escalation::District => Some(h.district_id),
                    Escalation::Bureau => {
                        match (h.supervision_kind.as_deref(), h.supervision_org_id) {
                            (Some("bureau"), Some(o)) => Some(o),
                            _ => bureau,
                        }
                    }
                };
                let Some(to) = to else { continue };
                if !claim(&txn, "hazard_escalation", &slot(step), instance).await? {
                    continue;
                }
                let (title, body) = match step {
                    Escalation::Enterprise => (
                        format!("【隐患逾期】{}已逾期{over}天未整改", h.code),
                        format!(
                            "{}：{what}\n整改期限：{}，已逾期{over}天。请立即落实整改并提交验收。",
                            level.label(),
                            h.deadline
                        ),
                    ),
                    _ => (
                        format!("【隐患逾期督办】{enterprise}{}逾期{over}天", level.label()),
                        format!(
                            "{enterprise}的{}（{}）：{what}\n整改期限：{}，已逾期{over}天，当前状态：{}。请督促企业整改。",
                            level.label(),
                            h.code,
                            h.deadline,
                            state.label()
                        ),
                    ),
                };
                Self::notify(
                    &txn,
                    to,
                    "hazard_overdue",
                    title,
                    body,
                    &format!("/hazards/{}", h.id),
                )
                .await?;
                sent += 1;
            }
            txn.commit().await?;
        }
        Ok(sent)
    }
}

/// Names the field of a hazard's error by its place in the self-check.
fn prefix(e: StoreError, i: usize) -> StoreError {
    match e {
        StoreError::Invalid(v) => StoreError::Invalid(
            v.into_iter()
                .map(|mut f| {
                    f.field = format!("hazards.{i}.{}", f.field);
                    f.message = format!("第{}条隐患：{}", i + 1, f.message);
                    f
                })
                .collect(),
        ),
        e => e,
    }
}

/// The slots of a job already claimed (by any server): runs skip them without a
/// transaction each; the claim inside the transaction still decides a race.
async fn claimed(store: &Store, job: &str) -> Result<std::collections::HashSet<String>> {
    use crate::entity::job_run;
    Ok(job_run::Entity::find()
        .select_only()
        .column(job_run::Column::Slot)
        .filter(job_run::Column::Job.eq(job))
        .into_tuple::<String>()
        .all(store.r())
        .await?
        .into_iter()
        .collect())
}
