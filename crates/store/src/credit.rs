//! Credit (诚信): every enterprise's score from the facts anzhi holds, explained item
//! by item (`anzhi_domain::credit`), stored daily with its history; and the benchmark
//! enterprises (标杆企业) the bureau nominates and publishes.

use std::collections::{HashMap, HashSet};

use anzhi_domain::accountability::{
    BenchmarkAction, BenchmarkState, InterviewKind, ReferralState, benchmark_next,
};
use anzhi_domain::credit::{self as rules, CreditFacts, CreditGrade, CreditItem, CreditRules};
use anzhi_domain::enterprise::{NoticePeriod, ProfileItem};
use anzhi_domain::hazard::{Level, State as HazardState};
use anzhi_domain::{OrgKind, Scope, Validator};
use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use sea_orm::sea_query::ExprTrait;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{AuditEvent, append, contains};
use crate::entity::{
    benchmark, commitment_notice, credit_history, credit_score, enterprise, hazard,
    industry_category, interview, org, profile_item, referral,
};
use crate::{Actor, Page, PageReq, Result, Store, StoreError, org_names};

const RULES_KEY: &str = "credit_rules";

fn today() -> NaiveDate {
    anzhi_domain::time::today_china(crate::now())
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CreditRow {
    pub enterprise_id: Uuid,
    pub enterprise_name: String,
    pub credit_code: Option<String>,
    pub district_id: Option<Uuid>,
    pub district_name: String,
    pub category_name: Option<String>,
    pub score: i32,
    pub grade: CreditGrade,
    pub grade_label: String,
    pub red_list: bool,
    pub watch_list: bool,
    pub benchmark: bool,
    pub computed_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CreditChange {
    pub score: i32,
    pub grade: CreditGrade,
    pub computed_at: DateTime<Utc>,
    pub changes: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CreditDetail {
    pub enterprise_id: Uuid,
    pub enterprise_name: String,
    pub district_name: String,
    pub score: i32,
    pub grade: CreditGrade,
    pub grade_label: String,
    pub red_list: bool,
    pub watch_list: bool,
    pub benchmark: bool,
    pub items: Vec<CreditItem>,
    pub facts: CreditFacts,
    pub history: Vec<CreditChange>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreditList {
    /// 红名单
    Red,
    /// 重点关注名单
    Watch,
}

#[derive(Debug, Clone, Default)]
pub struct CreditFilter {
    pub district_id: Option<Uuid>,
    pub category_id: Option<Uuid>,
    pub grade: Option<CreditGrade>,
    pub list: Option<CreditList>,
    pub q: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct GradeCountRow {
    pub district_id: Option<Uuid>,
    pub district_name: String,
    pub a: u64,
    pub b: u64,
    pub c: u64,
    pub d: u64,
    pub unscored: u64,
    pub total: u64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CreditSummary {
    pub rows: Vec<GradeCountRow>,
    pub total: GradeCountRow,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Recomputed {
    pub scored: u64,
    pub changed: u64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BenchmarkView {
    pub id: Uuid,
    pub enterprise_id: Uuid,
    pub enterprise_name: String,
    pub district_name: String,
    pub year: i32,
    pub reason: String,
    pub state: BenchmarkState,
    pub state_label: String,
    pub nominated_by_name: String,
    pub nominated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    pub withdrawn_reason: Option<String>,
    pub grade: Option<CreditGrade>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BenchmarkInput {
    pub enterprise_id: Uuid,
    pub year: i32,
    pub reason: String,
}

/// Which enterprises' credit a scope reads (by the enterprise and its district).
fn credit_cond<C: ColumnTrait>(
    scope: Scope,
    enterprise_col: C,
    district_col: C,
) -> Result<Condition> {
    crate::training::enterprise_cond(scope, enterprise_col, district_col, "诚信信息")
}

/// The facts of many enterprises, with few queries per batch.
async fn facts_of<C: ConnectionTrait>(
    c: &C,
    ids: &[Uuid],
    today: NaiveDate,
) -> Result<HashMap<Uuid, CreditFacts>> {
    let mut out: HashMap<Uuid, CreditFacts> =
        ids.iter().map(|i| (*i, CreditFacts::default())).collect();
    let year = today.year();
    let since = today.checked_sub_months(Months::new(12)).unwrap_or(today);
    let since_utc = anzhi_domain::time::china_day_start(since);
    let periods: HashMap<Uuid, NoticePeriod> = industry_category::Entity::find()
        .all(c)
        .await?
        .into_iter()
        .filter_map(|k| {
            k.notice_period
                .as_deref()
                .and_then(NoticePeriod::from_code)
                .map(|p| (k.id, p))
        })
        .collect();
    for chunk in ids.chunks(500) {
        let chunk = chunk.to_vec();
        // Annual commitment (安全承诺) confirmed for this year.
        for p in profile_item::Entity::find()
            .filter(profile_item::Column::EnterpriseId.is_in(chunk.clone()))
            .filter(profile_item::Column::Item.eq(ProfileItem::Commitment.code()))
            .all(c)
            .await?
        {
            let data: serde_json::Value = serde_json::from_str(&p.data).unwrap_or(json!({}));
            let signed = data["year"].as_i64() == Some(i64::from(year))
                && (data["confirmed_at"].is_string() || p.state == "approved");
            if let Some(f) = out.get_mut(&p.enterprise_id) {
                f.commitment_signed |= signed;
            }
        }
        // Commitment notices (承诺公告) missing over the last 12 months.
        let cats: HashMap<Uuid, Option<Uuid>> = enterprise::Entity::find()
            .select_only()
            .column(enterprise::Column::OrgId)
            .column(enterprise::Column::CategoryId)
            .filter(enterprise::Column::OrgId.is_in(chunk.clone()))
            .into_tuple::<(Uuid, Option<Uuid>)>()
            .all(c)
            .await?
            .into_iter()
            .collect();
        let ents: Vec<(Uuid, Option<Uuid>, DateTime<Utc>)> = org::Entity::find()
            .select_only()
            .column(org::Column::Id)
            .column(org::Column::CreatedAt)
            .filter(org::Column::Id.is_in(chunk.clone()))
            .into_tuple::<(Uuid, DateTime<Utc>)>()
            .all(c)
            .await?
            .into_iter()
            .map(|(id, at)| (id, cats.get(&id).copied().flatten(), at))
            .collect();
        let posted: HashSet<(Uuid, NaiveDate)> = commitment_notice::Entity::find()
            .select_only()
            .column(commitment_notice::Column::EnterpriseId)
            .column(commitment_notice::Column::PeriodStart)
            .filter(commitment_notice::Column::EnterpriseId.is_in(chunk.clone()))
            .filter(commitment_notice::Column::PeriodStart.gte(since))
            .into_tuple()
            .all(c)
            .await?
            .into_iter()
            .collect();
        for (id, cat, created) in ents {
            let period = cat
                .and_then(|k| periods.get(&k).copied())
                .unwrap_or(NoticePeriod::Weekly);
            let from = std::cmp::max(since, anzhi_domain::time::today_china(created));
            let (current, _) = period.period_of(today);
            // Complete periods only (the current one may still be posted).
            let mut start = current;
            let mut missing = 0;
            while missing < 60 {
                let Some(prev_day) = start.pred_opt() else {
                    break;
                };
                let (prev, _) = period.period_of(prev_day);
                if prev < from {
                    break;
                }
                if !posted.contains(&(id, prev)) {
                    missing += 1;
                }
                start = prev;
            }
            if let Some(f) = out.get_mut(&id) {
                f.notices_missing = missing;
            }
        }
        // Hazards: open, overdue, major; closed on time in the last 12 months.
        let rows: Vec<(Uuid, String, String, NaiveDate, Option<NaiveDate>)> =
            hazard::Entity::find()
                .select_only()
                .column(hazard::Column::EnterpriseId)
                .column(hazard::Column::Level)
                .column(hazard::Column::State)
                .column(hazard::Column::Deadline)
                .column(hazard::Column::ClosedOn)
                .filter(hazard::Column::EnterpriseId.is_in(chunk.clone()))
                .filter(
                    Condition::any()
                        .add(hazard::Column::State.ne(HazardState::Closed.code()))
                        .add(hazard::Column::ClosedOn.gte(since)),
                )
                .into_tuple()
                .all(c)
                .await?;
        for (e, level, state, deadline, closed_on) in rows {
            let Some(f) = out.get_mut(&e) else { continue };
            let major = level == Level::Major.code();
            if state == HazardState::Closed.code() {
                if closed_on.is_some_and(|d| d <= deadline) {
                    f.closed_on_time += 1;
                }
                continue;
            }
            let overdue = deadline < today;
            f.overdue_hazards += u32::from(overdue);
            f.major_open += u32::from(major);
            f.major_overdue += u32::from(major && overdue);
        }
        // Referrals, interviews and exposure in the last 12 months.
        let refs: Vec<Uuid> = referral::Entity::find()
            .select_only()
            .column(referral::Column::EnterpriseId)
            .filter(referral::Column::EnterpriseId.is_in(chunk.clone()))
            .filter(referral::Column::SentAt.gte(since_utc))
            .filter(referral::Column::State.ne(ReferralState::Withdrawn.code()))
            .into_tuple()
            .all(c)
            .await?;
        for e in refs {
            if let Some(f) = out.get_mut(&e) {
                f.referrals += 1;
            }
        }
        let ivs: Vec<(Uuid, String)> = interview::Entity::find()
            .select_only()
            .column(interview::Column::OrgId)
            .column(interview::Column::Kind)
            .filter(interview::Column::OrgId.is_in(chunk.clone()))
            .filter(interview::Column::HeldOn.gte(since))
            .into_tuple()
            .all(c)
            .await?;
        for (e, kind) in ivs {
            if let Some(f) = out.get_mut(&e) {
                if kind == InterviewKind::Exposure.code() {
                    f.exposures += 1;
                } else {
                    f.interviews += 1;
                }
            }
        }
        // A published benchmark of this year.
        let bms: Vec<Uuid> = benchmark::Entity::find()
            .select_only()
            .column(benchmark::Column::EnterpriseId)
            .filter(benchmark::Column::EnterpriseId.is_in(chunk.clone()))
            .filter(benchmark::Column::Year.eq(year))
            .filter(benchmark::Column::State.eq(BenchmarkState::Published.code()))
            .into_tuple()
            .all(c)
            .await?;
        for e in bms {
            if let Some(f) = out.get_mut(&e) {
                f.benchmark = true;
            }
        }
    }
    Ok(out)
}

impl Store {
    pub async fn credit_rules(&self) -> Result<CreditRules> {
        Ok(crate::settings::read_setting(self.r(), RULES_KEY)
            .await?
            .unwrap_or_default())
    }

    pub async fn set_credit_rules(&self, actor: &Actor, r: &CreditRules) -> Result<CreditRules> {
        if !matches!(actor.scope, Scope::Section(_) | Scope::Internal) {
            return Err(StoreError::Forbidden("诚信评分规则由局科室修改".into()));
        }
        rules::check_rules(r).map_err(StoreError::Invalid)?;
        let before = self.credit_rules().await?;
        let txn = self.tx().await?;
        crate::settings::write_setting(&txn, RULES_KEY, r).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("credit.rules_update")
                .before(json!(before))
                .after(json!(r)),
        )
        .await?;
        txn.commit().await?;
        Ok(*r)
    }

    /// Which enterprises missed their previous self-check period (the scope's reach).
    async fn missed_self_checks(&self, scope: Scope) -> Result<HashMap<Uuid, bool>> {
        Ok(self
            .self_check_status(scope, &Default::default(), &PageReq::all(None, u64::MAX))
            .await?
            .items
            .into_iter()
            .map(|s| (s.enterprise_id, s.previous_missed))
            .collect())
    }

    /// Adds what the store computes per enterprise (the roster's training coverage)
    /// and the self-check facts to `facts`.
    async fn add_training_and_self_checks(
        &self,
        facts: &mut HashMap<Uuid, CreditFacts>,
        missed: &HashMap<Uuid, bool>,
        year: i32,
    ) -> Result<()> {
        let ids: Vec<Uuid> = facts.keys().copied().collect();
        for id in ids {
            let cov = self.training_coverage(Scope::Internal, id, year).await?;
            if let Some(f) = facts.get_mut(&id) {
                f.training_rate = (cov.employees > 0).then_some(cov.coverage);
                f.self_check_missed = missed.get(&id).copied().unwrap_or(false);
            }
        }
        Ok(())
    }

    /// The live score of one enterprise (today's facts) with its stored history.
    pub async fn credit(&self, scope: Scope, enterprise_id: Uuid) -> Result<CreditDetail> {
        credit_cond(scope, org::Column::Id, org::Column::ParentId)?;
        let ent = org::Entity::find_by_id(enterprise_id)
            .filter(org::Column::Kind.eq(OrgKind::Enterprise.code()))
            .one(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        if !scope.sees_enterprise(ent.id, ent.parent_id) {
            return Err(StoreError::NotFound);
        }
        let today = today();
        let mut facts = facts_of(self.r(), &[enterprise_id], today).await?;
        let missed = self
            .missed_self_checks(Scope::Enterprise(enterprise_id))
            .await?;
        self.add_training_and_self_checks(&mut facts, &missed, today.year())
            .await?;
        let facts = facts.remove(&enterprise_id).unwrap_or_default();
        let r = self.credit_rules().await?;
        let s = rules::score(&facts, &r);
        let history = credit_history::Entity::find()
            .filter(credit_history::Column::EnterpriseId.eq(enterprise_id))
            .order_by_desc(credit_history::Column::ComputedAt)
            .limit(50)
            .all(self.r())
            .await?
            .into_iter()
            .map(|h| CreditChange {
                score: h.score,
                grade: CreditGrade::from_code(&h.grade).unwrap_or(CreditGrade::D),
                computed_at: h.computed_at,
                changes: h.changes,
            })
            .collect();
        let district_name = match ent.parent_id {
            Some(d) => org_names(self.r(), [d])
                .await?
                .remove(&d)
                .unwrap_or_default(),
            None => String::new(),
        };
        Ok(CreditDetail {
            enterprise_id,
            enterprise_name: ent.name,
            district_name,
            score: s.score,
            grade: s.grade,
            grade_label: s.grade.label().into(),
            red_list: rules::red_list(s.grade, facts.major_open),
            watch_list: rules::watch_list(s.grade, facts.major_overdue),
            benchmark: facts.benchmark,
            items: s.items,
            facts,
            history,
        })
    }

    /// Scores every operating enterprise in the scope's reach and stores the score;
    /// a change is kept in the history with what changed.
    pub async fn recompute_credit(&self, scope: Scope) -> Result<Recomputed> {
        let mut q = org::Entity::find()
            .select_only()
            .column(org::Column::Id)
            .column(org::Column::ParentId)
            .filter(org::Column::Kind.eq(OrgKind::Enterprise.code()))
            .filter(
                org::Column::Id.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(enterprise::Column::OrgId)
                        .from(enterprise::Entity)
                        .and_where(enterprise::Column::Status.eq("operating"))
                        .to_owned(),
                ),
            );
        q = q.filter(credit_cond(scope, org::Column::Id, org::Column::ParentId)?);
        let ents: Vec<(Uuid, Option<Uuid>)> = q.into_tuple().all(self.r()).await?;
        let today = today();
        let r = self.credit_rules().await?;
        let mut out = Recomputed {
            scored: 0,
            changed: 0,
        };
        let missed = self
            .missed_self_checks(match scope {
                Scope::District(d) => Scope::District(d),
                _ => Scope::Internal,
            })
            .await?;
        for chunk in ents.chunks(500) {
            let ids: Vec<Uuid> = chunk.iter().map(|e| e.0).collect();
            let mut facts = facts_of(self.r(), &ids, today).await?;
            self.add_training_and_self_checks(&mut facts, &missed, today.year())
                .await?;
            let before: HashMap<Uuid, credit_score::Model> = credit_score::Entity::find()
                .filter(credit_score::Column::EnterpriseId.is_in(ids.clone()))
                .all(self.r())
                .await?
                .into_iter()
                .map(|m| (m.enterprise_id, m))
                .collect();
            let txn = self.tx().await?;
            let now = crate::now();
            for (id, district) in chunk {
                let f = facts.remove(id).unwrap_or_default();
                let s = rules::score(&f, &r);
                let items = json!(s.items).to_string();
                let row = credit_score::ActiveModel {
                    enterprise_id: Set(*id),
                    district_id: Set(*district),
                    score: Set(s.score),
                    grade: Set(s.grade.code().into()),
                    items: Set(items.clone()),
                    facts: Set(json!(f).to_string()),
                    red_list: Set(rules::red_list(s.grade, f.major_open)),
                    watch_list: Set(rules::watch_list(s.grade, f.major_overdue)),
                    computed_at: Set(now),
                };
                let changed = match before.get(id) {
                    None => {
                        row.insert(&txn).await?;
                        Some("首次评分".to_string())
                    }
                    Some(old) => {
                        let old_items: Vec<CreditItem> =
                            serde_json::from_str(&old.items).unwrap_or_default();
                        let differs = old.score != s.score || old.items != items;
                        row.update(&txn).await?;
                        differs.then(|| rules::change_summary(&old_items, &s.items))
                    }
                };
                if let Some(changes) = changed {
                    out.changed += 1;
                    credit_history::ActiveModel {
                        id: Set(Uuid::now_v7()),
                        enterprise_id: Set(*id),
                        score: Set(s.score),
                        grade: Set(s.grade.code().into()),
                        changes: Set(changes),
                        computed_at: Set(now),
                    }
                    .insert(&txn)
                    .await?;
                }
                out.scored += 1;
            }
            txn.commit().await?;
        }
        Ok(out)
    }

    /// Once a day, on one server: every enterprise's score.
    pub async fn run_credit_scores(&self, instance: &str, today: NaiveDate) -> Result<u64> {
        let txn = self.tx().await?;
        let mine =
            crate::reminders::claim(&txn, "credit_scores", &today.to_string(), instance).await?;
        txn.commit().await?;
        if !mine {
            return Ok(0);
        }
        Ok(self.recompute_credit(Scope::Internal).await?.scored)
    }

    pub async fn list_credit(
        &self,
        scope: Scope,
        f: &CreditFilter,
        page: &PageReq,
    ) -> Result<Page<CreditRow>> {
        use credit_score::Column as S;
        let mut q = credit_score::Entity::find().filter(credit_cond(
            scope,
            S::EnterpriseId,
            S::DistrictId,
        )?);
        if let Some(d) = f.district_id {
            q = q.filter(S::DistrictId.eq(d));
        }
        if let Some(g) = f.grade {
            q = q.filter(S::Grade.eq(g.code()));
        }
        match f.list {
            Some(CreditList::Red) => q = q.filter(S::RedList.eq(true)),
            Some(CreditList::Watch) => q = q.filter(S::WatchList.eq(true)),
            None => {}
        }
        if let Some(k) = f.category_id {
            q = q.filter(
                S::EnterpriseId.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(enterprise::Column::OrgId)
                        .from(enterprise::Entity)
                        .and_where(enterprise::Column::CategoryId.eq(k))
                        .to_owned(),
                ),
            );
        }
        if let Some(t) = f.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            q = q.filter(
                S::EnterpriseId.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(org::Column::Id)
                        .from(org::Entity)
                        .and_where(
                            Condition::any()
                                .add(
                                    sea_orm::sea_query::Expr::col(org::Column::Name)
                                        .like(contains(t)),
                                )
                                .add(org::Column::Code.eq(t))
                                .into(),
                        )
                        .to_owned(),
                ),
            );
        }
        let total = q.clone().count(self.r()).await?;
        // Lowest scores first unless `sort=-score` (supervision looks at the worst).
        q = match page.sort_key() {
            Some(("score", true)) => q.order_by_desc(S::Score),
            _ => q.order_by_asc(S::Score),
        };
        let rows = q
            .order_by_asc(S::EnterpriseId)
            .offset(page.offset())
            .limit(page.page_size)
            .all(self.r())
            .await?;
        let ids: Vec<Uuid> = rows.iter().map(|r| r.enterprise_id).collect();
        let mut name_ids = ids.clone();
        name_ids.extend(rows.iter().filter_map(|r| r.district_id));
        let names = org_names(self.r(), name_ids).await?;
        let codes: HashMap<Uuid, Option<String>> = org::Entity::find()
            .select_only()
            .column(org::Column::Id)
            .column(org::Column::Code)
            .filter(org::Column::Id.is_in(ids.clone()))
            .into_tuple::<(Uuid, Option<String>)>()
            .all(self.r())
            .await?
            .into_iter()
            .collect();
        let cats = crate::enterprises::category_names(self.r(), &ids).await?;
        let year = today().year();
        let marks: HashSet<Uuid> = benchmark::Entity::find()
            .select_only()
            .column(benchmark::Column::EnterpriseId)
            .filter(benchmark::Column::EnterpriseId.is_in(ids))
            .filter(benchmark::Column::Year.eq(year))
            .filter(benchmark::Column::State.eq(BenchmarkState::Published.code()))
            .into_tuple::<Uuid>()
            .all(self.r())
            .await?
            .into_iter()
            .collect();
        Ok(Page {
            items: rows
                .into_iter()
                .map(|r| {
                    let grade = CreditGrade::from_code(&r.grade).unwrap_or(CreditGrade::D);
                    CreditRow {
                        enterprise_name: names.get(&r.enterprise_id).cloned().unwrap_or_default(),
                        credit_code: codes.get(&r.enterprise_id).cloned().flatten(),
                        district_name: r
                            .district_id
                            .and_then(|d| names.get(&d).cloned())
                            .unwrap_or_default(),
                        category_name: cats.get(&r.enterprise_id).cloned(),
                        benchmark: marks.contains(&r.enterprise_id),
                        enterprise_id: r.enterprise_id,
                        district_id: r.district_id,
                        score: r.score,
                        grade,
                        grade_label: grade.label().into(),
                        red_list: r.red_list,
                        watch_list: r.watch_list,
                        computed_at: r.computed_at,
                    }
                })
                .collect(),
            total,
            page: page.page,
            page_size: page.page_size,
        })
    }

    /// Grade counts by district (a district: its own row).
    pub async fn credit_summary(&self, scope: Scope) -> Result<CreditSummary> {
        if matches!(scope, Scope::Enterprise(_)) {
            return Err(StoreError::Forbidden("无权查看诚信等级统计".into()));
        }
        let cond = credit_cond(
            scope,
            credit_score::Column::EnterpriseId,
            credit_score::Column::DistrictId,
        )?;
        let scored: Vec<(Option<Uuid>, String, i64)> = credit_score::Entity::find()
            .select_only()
            .column(credit_score::Column::DistrictId)
            .column(credit_score::Column::Grade)
            .column_as(credit_score::Column::EnterpriseId.count(), "n")
            .filter(cond)
            .group_by(credit_score::Column::DistrictId)
            .group_by(credit_score::Column::Grade)
            .into_tuple()
            .all(self.r())
            .await?;
        let mut eq = org::Entity::find()
            .select_only()
            .column(org::Column::ParentId)
            .column_as(org::Column::Id.count(), "n")
            .filter(org::Column::Kind.eq(OrgKind::Enterprise.code()))
            .group_by(org::Column::ParentId);
        if let Scope::District(d) = scope {
            eq = eq.filter(org::Column::ParentId.eq(d));
        }
        let all: Vec<(Option<Uuid>, i64)> = eq.into_tuple().all(self.r()).await?;
        let districts = org::Entity::find()
            .filter(org::Column::Kind.eq(OrgKind::District.code()))
            .order_by_asc(org::Column::SortOrder)
            .all(self.r())
            .await?;
        let mut rows = Vec::new();
        let mut total = GradeCountRow {
            district_name: "合计".into(),
            ..Default::default()
        };
        for d in districts {
            if let Scope::District(own) = scope
                && own != d.id
            {
                continue;
            }
            let mut row = GradeCountRow {
                district_id: Some(d.id),
                district_name: d.name.clone(),
                ..Default::default()
            };
            for (dist, g, n) in &scored {
                if *dist != Some(d.id) {
                    continue;
                }
                let n = Ord::max(*n, 0) as u64;
                match g.as_str() {
                    "A" => row.a += n,
                    "B" => row.b += n,
                    "C" => row.c += n,
                    _ => row.d += n,
                }
            }
            row.total = all
                .iter()
                .filter(|(p, _)| *p == Some(d.id))
                .map(|(_, n)| Ord::max(*n, 0) as u64)
                .sum();
            row.unscored = row.total.saturating_sub(row.a + row.b + row.c + row.d);
            total.a += row.a;
            total.b += row.b;
            total.c += row.c;
            total.d += row.d;
            total.unscored += row.unscored;
            total.total += row.total;
            rows.push(row);
        }
        Ok(CreditSummary { rows, total })
    }

    // ------------------------------------------------------------ benchmarks

    async fn benchmark_views(&self, rows: Vec<benchmark::Model>) -> Result<Vec<BenchmarkView>> {
        let mut ids: Vec<Uuid> = rows.iter().map(|r| r.enterprise_id).collect();
        ids.extend(rows.iter().filter_map(|r| r.district_id));
        let names = org_names(self.r(), ids).await?;
        let grades: HashMap<Uuid, String> = credit_score::Entity::find()
            .select_only()
            .column(credit_score::Column::EnterpriseId)
            .column(credit_score::Column::Grade)
            .filter(
                credit_score::Column::EnterpriseId
                    .is_in(rows.iter().map(|r| r.enterprise_id).collect::<Vec<_>>()),
            )
            .into_tuple::<(Uuid, String)>()
            .all(self.r())
            .await?
            .into_iter()
            .collect();
        Ok(rows
            .into_iter()
            .map(|r| {
                let state =
                    BenchmarkState::from_code(&r.state).unwrap_or(BenchmarkState::Nominated);
                BenchmarkView {
                    id: r.id,
                    enterprise_name: names.get(&r.enterprise_id).cloned().unwrap_or_default(),
                    district_name: r
                        .district_id
                        .and_then(|d| names.get(&d).cloned())
                        .unwrap_or_default(),
                    grade: grades
                        .get(&r.enterprise_id)
                        .and_then(|g| CreditGrade::from_code(g)),
                    enterprise_id: r.enterprise_id,
                    year: r.year,
                    reason: r.reason,
                    state,
                    state_label: state.label().into(),
                    nominated_by_name: r.nominated_by_name,
                    nominated_at: r.nominated_at,
                    published_at: r.published_at,
                    withdrawn_reason: r.withdrawn_reason,
                }
            })
            .collect())
    }

    /// Benchmarks: the bureau sees all; others the published ones and their own.
    fn benchmark_scope(scope: Scope) -> Result<Condition> {
        use benchmark::Column as B;
        let published = B::State.eq(BenchmarkState::Published.code());
        Ok(match scope {
            Scope::Internal | Scope::Leader(_) | Scope::Section(_) => Condition::all(),
            Scope::District(d) => Condition::any().add(published).add(B::DistrictId.eq(d)),
            Scope::Enterprise(e) => Condition::any().add(published).add(B::EnterpriseId.eq(e)),
            Scope::Admin(_) | Scope::Agency(_) => {
                return Err(StoreError::Forbidden("无权查看标杆企业".into()));
            }
        })
    }

    pub async fn list_benchmarks(
        &self,
        scope: Scope,
        year: Option<i32>,
        state: Option<BenchmarkState>,
        page: &PageReq,
    ) -> Result<Page<BenchmarkView>> {
        let mut q = benchmark::Entity::find().filter(Self::benchmark_scope(scope)?);
        if let Some(y) = year {
            q = q.filter(benchmark::Column::Year.eq(y));
        }
        if let Some(s) = state {
            q = q.filter(benchmark::Column::State.eq(s.code()));
        }
        let total = q.clone().count(self.r()).await?;
        let rows = q
            .order_by_desc(benchmark::Column::Year)
            .order_by_desc(benchmark::Column::NominatedAt)
            .offset(page.offset())
            .limit(page.page_size)
            .all(self.r())
            .await?;
        Ok(Page {
            items: self.benchmark_views(rows).await?,
            total,
            page: page.page,
            page_size: page.page_size,
        })
    }

    pub async fn nominate_benchmark(
        &self,
        actor: &Actor,
        b: &BenchmarkInput,
    ) -> Result<BenchmarkView> {
        if !matches!(actor.scope, Scope::Section(_)) {
            return Err(StoreError::Forbidden("标杆企业由局科室提名".into()));
        }
        let mut v = Validator::new();
        let reason = v.text("reason", "提名理由", &b.reason, 10, 2000);
        let this = today().year();
        if b.year < this - 1 || b.year > this + 1 {
            v.error(
                "year",
                "out_of_range",
                format!("年度应在{}到{}之间", this - 1, this + 1),
            );
        }
        let ent = org::Entity::find_by_id(b.enterprise_id)
            .filter(org::Column::Kind.eq(OrgKind::Enterprise.code()))
            .one(self.r())
            .await?;
        if ent.is_none() {
            v.error("enterprise_id", "not_found", "企业不存在");
        }
        v.into_result().map_err(StoreError::Invalid)?;
        let txn = self.tx().await?;
        let dup = benchmark::Entity::find()
            .filter(benchmark::Column::EnterpriseId.eq(b.enterprise_id))
            .filter(benchmark::Column::Year.eq(b.year))
            .count(&txn)
            .await?;
        if dup > 0 {
            return Err(StoreError::Conflict(format!(
                "该企业已被提名为{}年度标杆企业",
                b.year
            )));
        }
        let id = Uuid::now_v7();
        let m = benchmark::ActiveModel {
            id: Set(id),
            enterprise_id: Set(b.enterprise_id),
            district_id: Set(ent.and_then(|e| e.parent_id)),
            year: Set(b.year),
            reason: Set(reason),
            state: Set(BenchmarkState::Nominated.code().into()),
            nominated_by_name: Set(crate::campaigns::display_name(&txn, actor).await?),
            nominated_at: Set(crate::now()),
            published_at: Set(None),
            withdrawn_reason: Set(None),
        }
        .insert(&txn)
        .await?;
        append(
            &txn,
            actor,
            AuditEvent::new("benchmark.nominate")
                .object("benchmark", id)
                .after(json!({"enterprise_id": b.enterprise_id, "year": b.year})),
        )
        .await?;
        txn.commit().await?;
        Ok(self.benchmark_views(vec![m]).await?.remove(0))
    }

    pub async fn act_on_benchmark(
        &self,
        actor: &Actor,
        id: Uuid,
        action: BenchmarkAction,
        reason: Option<&str>,
    ) -> Result<BenchmarkView> {
        if !matches!(actor.scope, Scope::Section(_)) {
            return Err(StoreError::Forbidden("标杆企业由局科室发布或撤销".into()));
        }
        let txn = self.tx().await?;
        let m = benchmark::Entity::find_by_id(id)
            .filter(Self::benchmark_scope(actor.scope)?)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let from = BenchmarkState::from_code(&m.state).unwrap_or(BenchmarkState::Nominated);
        let Some(to) = benchmark_next(from, action) else {
            return Err(StoreError::Conflict(format!(
                "标杆企业当前为“{}”，不能{}",
                from.label(),
                action.label()
            )));
        };
        let reason = reason
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(String::from);
        if action == BenchmarkAction::Withdraw && reason.is_none() {
            return Err(StoreError::invalid(
                "reason",
                "required",
                "撤销时请填写撤销理由",
            ));
        }
        let enterprise_id = m.enterprise_id;
        let year = m.year;
        let mut a: benchmark::ActiveModel = m.into();
        a.state = Set(to.code().into());
        match action {
            BenchmarkAction::Publish => a.published_at = Set(Some(crate::now())),
            BenchmarkAction::Withdraw => a.withdrawn_reason = Set(reason.clone()),
        }
        let m = a.update(&txn).await?;
        if action == BenchmarkAction::Publish {
            Self::notify(
                &txn,
                enterprise_id,
                "benchmark",
                format!("【标杆企业】贵单位被评为{year}年度安全文化建设标杆企业"),
                "请继续保持，发挥示范引领作用。".into(),
                "/credit/benchmarks",
            )
            .await?;
        }
        append(
            &txn,
            actor,
            AuditEvent::new(match action {
                BenchmarkAction::Publish => "benchmark.publish",
                BenchmarkAction::Withdraw => "benchmark.withdraw",
            })
            .object("benchmark", id)
            .after(json!({"state": to.code(), "reason": reason})),
        )
        .await?;
        txn.commit().await?;
        Ok(self.benchmark_views(vec![m]).await?.remove(0))
    }
}
