//! Assessment (考核评估): semi-annual and annual scoring of districts, sections and key
//! enterprises on configurable indicators, pre-filled from the data, adjusted with
//! reasons, finalized; a unit's weak points become a rectification task.

use std::collections::{HashMap, HashSet};

use anzhi_domain::assessment::{
    self as rules, Indicator, ItemInput, Metric, Period, Source, TargetKind,
};
use anzhi_domain::campaign::AssignmentState;
use anzhi_domain::hazard::State as HazardState;
use anzhi_domain::{OrgKind, Scope, Validator};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{AuditEvent, append};
use crate::campaigns::{DeadlineInput, TaskInput, UnitEntry};
use crate::entity::{
    assessment, assessment_row, assignment, assignment_event, enterprise, hazard, org, self_check,
    task,
};
use crate::{Actor, Page, PageReq, Result, Store, StoreError, org_names};

/// One indicator's figures in a row.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ItemScore {
    pub key: String,
    pub label: String,
    pub weight: f64,
    /// The rate 0–1 (`None`: manual, or nothing was due).
    pub value: Option<f64>,
    /// `17/20`, empty for a manual indicator.
    pub value_label: String,
    pub auto_score: f64,
    pub score: f64,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AssessmentView {
    pub id: Uuid,
    pub title: String,
    pub year: i32,
    pub period: Period,
    pub period_label: String,
    pub target_kind: TargetKind,
    pub target_kind_label: String,
    /// `draft` or `final`.
    pub state: String,
    pub state_label: String,
    pub targets: u64,
    pub created_at: DateTime<Utc>,
    pub finalized_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AssessmentRowView {
    pub id: Uuid,
    pub org_id: Uuid,
    pub org_name: String,
    pub items: Vec<ItemScore>,
    pub total: f64,
    pub grade: String,
    pub rank: u32,
    /// The weak points (indicators under 60% of their weight).
    pub weak_points: Vec<String>,
    pub task_id: Option<Uuid>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AssessmentDetail {
    #[serde(flatten)]
    pub view: AssessmentView,
    pub indicators: Vec<Indicator>,
    pub rows: Vec<AssessmentRowView>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentInput {
    pub title: String,
    pub year: i32,
    pub period: Period,
    pub target_kind: TargetKind,
    #[serde(default)]
    pub enterprise_ids: Vec<Uuid>,
    #[serde(default)]
    pub indicators: Option<Vec<Indicator>>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RowTaskInput {
    pub campaign_id: Uuid,
    pub text: String,
    pub deadline: NaiveDate,
}

const DRAFT: &str = "draft";
const FINAL: &str = "final";

fn state_label(s: &str) -> &'static str {
    if s == FINAL { "已定稿" } else { "评分中" }
}

/// Assessments: the bureau reads all; a district the finalized ones (its own row).
fn assessment_scope(scope: Scope) -> Result<Condition> {
    match scope {
        Scope::Internal | Scope::Leader(_) | Scope::Section(_) => Ok(Condition::all()),
        Scope::District(_) => Ok(Condition::all().add(assessment::Column::State.eq(FINAL))),
        _ => Err(StoreError::Forbidden("无权查看考核评估".into())),
    }
}

fn indicators_of(m: &assessment::Model) -> Vec<Indicator> {
    serde_json::from_str(&m.indicators).unwrap_or_default()
}

fn items_of(r: &assessment_row::Model) -> Vec<ItemScore> {
    serde_json::from_str(&r.items).unwrap_or_default()
}

fn rate<T: Into<u64>>(num: T, den: T) -> Metric {
    let (n, d) = (num.into(), den.into());
    Metric {
        num: u32::try_from(n).unwrap_or(u32::MAX),
        den: u32::try_from(d).unwrap_or(u32::MAX),
    }
}

impl Store {
    /// The counted figures of one unit for the period, per auto source.
    async fn assessment_metrics<C: ConnectionTrait>(
        &self,
        c: &C,
        kind: TargetKind,
        org_id: Uuid,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<HashMap<Source, Metric>> {
        let mut m = HashMap::new();
        let today = anzhi_domain::time::today_china(crate::now());
        let end = std::cmp::min(to, today);
        if kind != TargetKind::Enterprise {
            // Assignments of the unit due in the period (by their period end or the
            // task's deadline): accepted, and accepted by the due date.
            let rows: Vec<(Uuid, String, Option<NaiveDate>, Uuid)> = assignment::Entity::find()
                .select_only()
                .column(assignment::Column::Id)
                .column(assignment::Column::State)
                .column(assignment::Column::PeriodEnd)
                .column(assignment::Column::TaskId)
                .filter(assignment::Column::OrgId.eq(org_id))
                .into_tuple()
                .all(c)
                .await?;
            let task_ids: Vec<Uuid> = rows.iter().map(|r| r.3).collect();
            let mut ends: HashMap<Uuid, Option<NaiveDate>> = HashMap::new();
            for chunk in task_ids.chunks(500) {
                let ts: Vec<(Uuid, Option<NaiveDate>)> = task::Entity::find()
                    .select_only()
                    .column(task::Column::Id)
                    .column(task::Column::DeadlineEnd)
                    .filter(task::Column::Id.is_in(chunk.to_vec()))
                    .into_tuple()
                    .all(c)
                    .await?;
                ends.extend(ts);
            }
            let rows: Vec<(Uuid, String, Option<NaiveDate>, Option<NaiveDate>)> = rows
                .into_iter()
                .map(|(id, st, pe, t)| (id, st, pe, ends.get(&t).copied().flatten()))
                .collect();
            let due: Vec<(Uuid, bool, NaiveDate)> = rows
                .into_iter()
                .filter_map(|(id, state, pe, te)| {
                    let d = pe.or(te)?;
                    (d >= from && d <= end).then(|| {
                        (
                            id,
                            AssignmentState::from_code(&state) == Some(AssignmentState::Completed),
                            d,
                        )
                    })
                })
                .collect();
            let done: Vec<Uuid> = due.iter().filter(|d| d.1).map(|d| d.0).collect();
            let mut accepted_on: HashMap<Uuid, NaiveDate> = HashMap::new();
            for chunk in done.chunks(500) {
                let evs: Vec<(Uuid, DateTime<Utc>)> = assignment_event::Entity::find()
                    .select_only()
                    .column(assignment_event::Column::AssignmentId)
                    .column(assignment_event::Column::At)
                    .filter(assignment_event::Column::AssignmentId.is_in(chunk.to_vec()))
                    .filter(assignment_event::Column::Action.eq("accept"))
                    .order_by_asc(assignment_event::Column::At)
                    .into_tuple()
                    .all(c)
                    .await?;
                for (a, at) in evs {
                    accepted_on.insert(a, anzhi_domain::time::today_china(at));
                }
            }
            let on_time = due
                .iter()
                .filter(|(id, ok, d)| *ok && accepted_on.get(id).is_some_and(|a| a <= d))
                .count();
            m.insert(
                Source::TaskCompletion,
                rate(done.len() as u64, due.len() as u64),
            );
            m.insert(Source::TaskOnTime, rate(on_time as u64, due.len() as u64));
        }
        if kind == TargetKind::Section {
            return Ok(m);
        }
        let hcol = if kind == TargetKind::District {
            hazard::Column::DistrictId
        } else {
            hazard::Column::EnterpriseId
        };
        let states: Vec<String> = hazard::Entity::find()
            .select_only()
            .column(hazard::Column::State)
            .filter(hcol.eq(org_id))
            .filter(hazard::Column::FoundOn.between(from, to))
            .into_tuple()
            .all(c)
            .await?;
        let closed = states
            .iter()
            .filter(|s| *s == HazardState::Closed.code())
            .count();
        m.insert(
            Source::RectificationRate,
            rate(closed as u64, states.len() as u64),
        );
        if kind == TargetKind::District {
            let ents: Vec<Uuid> = org::Entity::find()
                .select_only()
                .column(org::Column::Id)
                .filter(org::Column::ParentId.eq(org_id))
                .filter(org::Column::Kind.eq(OrgKind::Enterprise.code()))
                .filter(
                    org::Column::Id.in_subquery(
                        sea_orm::sea_query::Query::select()
                            .column(enterprise::Column::OrgId)
                            .from(enterprise::Entity)
                            .and_where(enterprise::Column::Status.eq("operating"))
                            .to_owned(),
                    ),
                )
                .into_tuple()
                .all(c)
                .await?;
            let checked: HashSet<Uuid> = self_check::Entity::find()
                .select_only()
                .column(self_check::Column::EnterpriseId)
                .filter(self_check::Column::DistrictId.eq(org_id))
                .filter(self_check::Column::CheckedOn.between(from, to))
                .into_tuple::<Uuid>()
                .all(c)
                .await?
                .into_iter()
                .collect();
            let n = ents.iter().filter(|e| checked.contains(e)).count();
            m.insert(Source::SelfCheckRate, rate(n as u64, ents.len() as u64));
            let cov = self
                .coverage_summary(Scope::District(org_id), to.year())
                .await?;
            m.insert(
                Source::TrainingCoverage,
                rate(u64::from(cov.total.trained), u64::from(cov.total.employees)),
            );
        } else {
            // An enterprise: months of the period (so far) with a self-check.
            let days: Vec<NaiveDate> = self_check::Entity::find()
                .select_only()
                .column(self_check::Column::CheckedOn)
                .filter(self_check::Column::EnterpriseId.eq(org_id))
                .filter(self_check::Column::CheckedOn.between(from, to))
                .into_tuple()
                .all(c)
                .await?;
            let months: HashSet<u32> = days.iter().map(|d| d.month()).collect();
            let elapsed = if end < from {
                0
            } else {
                end.month() - from.month() + 1
            };
            m.insert(
                Source::SelfCheckRate,
                rate(months.len() as u64, u64::from(elapsed)),
            );
            let cov = self
                .training_coverage(Scope::Internal, org_id, to.year())
                .await?;
            m.insert(
                Source::TrainingCoverage,
                rate(u64::from(cov.trained), u64::from(cov.employees)),
            );
        }
        Ok(m)
    }

    /// The items of a row from the data, keeping adjusted scores of `before`.
    async fn score_items<C: ConnectionTrait>(
        &self,
        c: &C,
        a: &assessment::Model,
        org_id: Uuid,
        before: &[ItemScore],
    ) -> Result<Vec<ItemScore>> {
        let kind = TargetKind::from_code(&a.target_kind).unwrap_or(TargetKind::District);
        let period = Period::from_code(&a.period).unwrap_or(Period::Annual);
        let (from, to) = period.range(a.year);
        let metrics = self.assessment_metrics(c, kind, org_id, from, to).await?;
        Ok(indicators_of(a)
            .into_iter()
            .map(|i| {
                let metric = if i.source == Source::Manual {
                    None
                } else {
                    Some(
                        metrics
                            .get(&i.source)
                            .copied()
                            .unwrap_or(Metric { num: 0, den: 0 }),
                    )
                };
                let auto = rules::auto_score(i.weight, metric);
                let kept = before
                    .iter()
                    .find(|b| b.key == i.key)
                    .filter(|b| b.reason.is_some() || i.source == Source::Manual);
                ItemScore {
                    value: metric.and_then(Metric::value),
                    value_label: metric.map(Metric::value_label).unwrap_or_default(),
                    auto_score: auto,
                    score: kept.map(|b| b.score).unwrap_or(auto),
                    reason: kept.and_then(|b| b.reason.clone()),
                    key: i.key,
                    label: i.label,
                    weight: i.weight,
                }
            })
            .collect())
    }

    fn assessment_view(m: &assessment::Model, targets: u64) -> AssessmentView {
        let period = Period::from_code(&m.period).unwrap_or(Period::Annual);
        let kind = TargetKind::from_code(&m.target_kind).unwrap_or(TargetKind::District);
        AssessmentView {
            id: m.id,
            title: m.title.clone(),
            year: m.year,
            period,
            period_label: period.label().into(),
            target_kind: kind,
            target_kind_label: kind.label().into(),
            state: m.state.clone(),
            state_label: state_label(&m.state).into(),
            targets,
            created_at: m.created_at,
            finalized_at: m.finalized_at,
        }
    }

    pub async fn list_assessments(
        &self,
        scope: Scope,
        year: Option<i32>,
        page: &PageReq,
    ) -> Result<Page<AssessmentView>> {
        let mut q = assessment::Entity::find().filter(assessment_scope(scope)?);
        if let Some(y) = year {
            q = q.filter(assessment::Column::Year.eq(y));
        }
        let total = q.clone().count(self.r()).await?;
        let rows = q
            .order_by_desc(assessment::Column::CreatedAt)
            .offset(page.offset())
            .limit(page.page_size)
            .all(self.r())
            .await?;
        let mut items = Vec::with_capacity(rows.len());
        for m in &rows {
            let n = assessment_row::Entity::find()
                .filter(assessment_row::Column::AssessmentId.eq(m.id))
                .count(self.r())
                .await?;
            items.push(Self::assessment_view(m, n));
        }
        Ok(Page {
            items,
            total,
            page: page.page,
            page_size: page.page_size,
        })
    }

    async fn assessment_row_of<C: ConnectionTrait>(
        &self,
        c: &C,
        scope: Scope,
        id: Uuid,
    ) -> Result<assessment::Model> {
        assessment::Entity::find_by_id(id)
            .filter(assessment_scope(scope)?)
            .one(c)
            .await?
            .ok_or(StoreError::NotFound)
    }

    pub async fn assessment(&self, scope: Scope, id: Uuid) -> Result<AssessmentDetail> {
        let m = self.assessment_row_of(self.r(), scope, id).await?;
        let rows = assessment_row::Entity::find()
            .filter(assessment_row::Column::AssessmentId.eq(id))
            .all(self.r())
            .await?;
        let names = org_names(self.r(), rows.iter().map(|r| r.org_id).collect::<Vec<_>>()).await?;
        let indicators = indicators_of(&m);
        let totals: Vec<f64> = rows.iter().map(|r| r.total).collect();
        let ranks = rules::ranks(&totals);
        let mut out: Vec<AssessmentRowView> = rows
            .into_iter()
            .zip(ranks)
            .map(|(r, rank)| {
                let items = items_of(&r);
                let scores: Vec<(String, f64)> =
                    items.iter().map(|i| (i.key.clone(), i.score)).collect();
                AssessmentRowView {
                    id: r.id,
                    org_name: names.get(&r.org_id).cloned().unwrap_or_default(),
                    org_id: r.org_id,
                    weak_points: rules::weak_points(&indicators, &scores),
                    items,
                    grade: rules::grade(r.total).into(),
                    total: r.total,
                    rank,
                    task_id: r.task_id,
                }
            })
            .collect();
        let targets = out.len() as u64;
        // A district reads its own row only.
        if let Scope::District(d) = scope {
            out.retain(|r| r.org_id == d);
        }
        out.sort_by(|a, b| a.rank.cmp(&b.rank).then(a.org_name.cmp(&b.org_name)));
        Ok(AssessmentDetail {
            view: Self::assessment_view(&m, targets),
            indicators,
            rows: out,
        })
    }

    pub async fn create_assessment(
        &self,
        actor: &Actor,
        b: &AssessmentInput,
    ) -> Result<AssessmentDetail> {
        if !matches!(actor.scope, Scope::Section(_)) {
            return Err(StoreError::Forbidden("考核评估由局科室组织".into()));
        }
        let mut v = Validator::new();
        let title = v.text("title", "考核名称", &b.title, 4, 200);
        let this = anzhi_domain::time::today_china(crate::now()).year();
        if b.year < this - 2 || b.year > this {
            v.error(
                "year",
                "out_of_range",
                format!("年度应在{}到{}之间", this - 2, this),
            );
        }
        let indicators = b
            .indicators
            .clone()
            .unwrap_or_else(|| rules::default_indicators(b.target_kind));
        if let Err(errs) = rules::check_indicators(b.target_kind, &indicators) {
            for e in errs {
                v.push(e);
            }
        }
        let targets: Vec<Uuid> = match b.target_kind {
            TargetKind::District | TargetKind::Section => {
                let kind = if b.target_kind == TargetKind::District {
                    OrgKind::District
                } else {
                    OrgKind::Section
                };
                org::Entity::find()
                    .select_only()
                    .column(org::Column::Id)
                    .filter(org::Column::Kind.eq(kind.code()))
                    .order_by_asc(org::Column::SortOrder)
                    .into_tuple()
                    .all(self.r())
                    .await?
            }
            TargetKind::Enterprise => {
                let mut ids = b.enterprise_ids.clone();
                ids.sort();
                ids.dedup();
                if ids.is_empty() {
                    v.error("enterprise_ids", "required", "请选择参加考核的重点企业");
                }
                let found = org::Entity::find()
                    .filter(org::Column::Id.is_in(ids.clone()))
                    .filter(org::Column::Kind.eq(OrgKind::Enterprise.code()))
                    .count(self.r())
                    .await?;
                if found != ids.len() as u64 {
                    v.error("enterprise_ids", "not_found", "所选企业中有不存在的企业");
                }
                ids
            }
        };
        v.into_result().map_err(StoreError::Invalid)?;
        let txn = self.tx().await?;
        let id = Uuid::now_v7();
        let m = assessment::ActiveModel {
            id: Set(id),
            title: Set(title),
            year: Set(b.year),
            period: Set(b.period.code().into()),
            target_kind: Set(b.target_kind.code().into()),
            state: Set(DRAFT.into()),
            indicators: Set(json!(indicators).to_string()),
            created_by_name: Set(crate::campaigns::display_name(&txn, actor).await?),
            created_at: Set(crate::now()),
            finalized_at: Set(None),
        }
        .insert(&txn)
        .await?;
        for org_id in &targets {
            let items = self.score_items(&txn, &m, *org_id, &[]).await?;
            let total = rules::total(&items.iter().map(|i| i.score).collect::<Vec<_>>());
            assessment_row::ActiveModel {
                id: Set(Uuid::now_v7()),
                assessment_id: Set(id),
                org_id: Set(*org_id),
                items: Set(json!(items).to_string()),
                total: Set(total),
                task_id: Set(None),
            }
            .insert(&txn)
            .await?;
        }
        append(
            &txn,
            actor,
            AuditEvent::new("assessment.create")
                .object("assessment", id)
                .after(json!({"year": b.year, "period": b.period.code(), "target_kind": b.target_kind.code(), "targets": targets.len()})),
        )
        .await?;
        txn.commit().await?;
        self.assessment(actor.scope, id).await
    }

    async fn draft_of_row<C: ConnectionTrait>(
        &self,
        c: &C,
        actor: &Actor,
        row_id: Uuid,
    ) -> Result<(assessment::Model, assessment_row::Model)> {
        if !matches!(actor.scope, Scope::Section(_)) {
            return Err(StoreError::Forbidden("考核评分由局科室进行".into()));
        }
        let r = assessment_row::Entity::find_by_id(row_id)
            .one(c)
            .await?
            .ok_or(StoreError::NotFound)?;
        let a = self
            .assessment_row_of(c, actor.scope, r.assessment_id)
            .await?;
        Ok((a, r))
    }

    /// Adjusts a row's scores (a score other than the system's needs a reason).
    pub async fn score_assessment_row(
        &self,
        actor: &Actor,
        row_id: Uuid,
        items: &[ItemInput],
    ) -> Result<AssessmentDetail> {
        let txn = self.tx().await?;
        let (a, r) = self.draft_of_row(&txn, actor, row_id).await?;
        if a.state != DRAFT {
            return Err(StoreError::Conflict("考核已定稿，不能再调整得分".into()));
        }
        let indicators = indicators_of(&a);
        let mut current = items_of(&r);
        let autos: Vec<(String, f64)> = current
            .iter()
            .map(|i| (i.key.clone(), i.auto_score))
            .collect();
        rules::check_items(&indicators, &autos, items).map_err(StoreError::Invalid)?;
        for it in items {
            let manual = indicators
                .iter()
                .any(|i| i.key == it.key && i.source == Source::Manual);
            if let Some(c) = current.iter_mut().find(|c| c.key == it.key) {
                c.score = it.score;
                // A reason is kept where it explains something: an adjusted score, or
                // the note of a score given by hand.
                let adjusted = (it.score - c.auto_score).abs() > rules::ADJUST_TOLERANCE;
                c.reason = it
                    .reason
                    .as_deref()
                    .map(str::trim)
                    .filter(|r| !r.is_empty() && (adjusted || manual))
                    .map(String::from);
            }
        }
        let total = rules::total(&current.iter().map(|i| i.score).collect::<Vec<_>>());
        let aid = a.id;
        let mut m: assessment_row::ActiveModel = r.into();
        m.items = Set(json!(current).to_string());
        m.total = Set(total);
        m.update(&txn).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("assessment.score")
                .object("assessment_row", row_id)
                .after(json!({"items": items.iter().map(|i| json!({"key": i.key, "score": i.score, "reason": i.reason})).collect::<Vec<_>>(), "total": total})),
        )
        .await?;
        txn.commit().await?;
        self.assessment(actor.scope, aid).await
    }

    /// Re-reads the data of a draft, keeping the adjusted scores.
    pub async fn refresh_assessment(&self, actor: &Actor, id: Uuid) -> Result<AssessmentDetail> {
        if !matches!(actor.scope, Scope::Section(_)) {
            return Err(StoreError::Forbidden("考核评分由局科室进行".into()));
        }
        let txn = self.tx().await?;
        let a = self.assessment_row_of(&txn, actor.scope, id).await?;
        if a.state != DRAFT {
            return Err(StoreError::Conflict("考核已定稿".into()));
        }
        for r in assessment_row::Entity::find()
            .filter(assessment_row::Column::AssessmentId.eq(id))
            .all(&txn)
            .await?
        {
            let items = self.score_items(&txn, &a, r.org_id, &items_of(&r)).await?;
            let total = rules::total(&items.iter().map(|i| i.score).collect::<Vec<_>>());
            let mut m: assessment_row::ActiveModel = r.into();
            m.items = Set(json!(items).to_string());
            m.total = Set(total);
            m.update(&txn).await?;
        }
        append(
            &txn,
            actor,
            AuditEvent::new("assessment.refresh").object("assessment", id),
        )
        .await?;
        txn.commit().await?;
        self.assessment(actor.scope, id).await
    }

    /// Finalizes (定稿): no more edits; the districts see their own row.
    pub async fn finalize_assessment(&self, actor: &Actor, id: Uuid) -> Result<AssessmentDetail> {
        if !matches!(actor.scope, Scope::Section(_)) {
            return Err(StoreError::Forbidden("考核由局科室定稿".into()));
        }
        let txn = self.tx().await?;
        let a = self.assessment_row_of(&txn, actor.scope, id).await?;
        if a.state != DRAFT {
            return Err(StoreError::Conflict("考核已定稿".into()));
        }
        let title = a.title.clone();
        let mut m: assessment::ActiveModel = a.into();
        m.state = Set(FINAL.into());
        m.finalized_at = Set(Some(crate::now()));
        m.update(&txn).await?;
        for r in assessment_row::Entity::find()
            .filter(assessment_row::Column::AssessmentId.eq(id))
            .all(&txn)
            .await?
        {
            Self::notify(
                &txn,
                r.org_id,
                "assessment",
                format!("【考核评估】{title}已定稿"),
                format!("得分 {:.1}，等次 {}。", r.total, rules::grade(r.total)),
                &format!("/assessments/{id}"),
            )
            .await?;
        }
        append(
            &txn,
            actor,
            AuditEvent::new("assessment.finalize").object("assessment", id),
        )
        .await?;
        txn.commit().await?;
        self.assessment(actor.scope, id).await
    }

    /// The rectification of a unit's weak points becomes a campaign task for it.
    pub async fn assessment_row_task(
        &self,
        actor: &Actor,
        row_id: Uuid,
        b: &RowTaskInput,
    ) -> Result<Uuid> {
        let txn = self.tx().await?;
        let (_, r) = self.draft_of_row(&txn, actor, row_id).await?;
        if r.task_id.is_some() {
            return Err(StoreError::Conflict("该单位的整改任务已下达".into()));
        }
        let name = org_names(&txn, [r.org_id])
            .await?
            .remove(&r.org_id)
            .unwrap_or_default();
        let input = TaskInput {
            section: "考核评估整改".into(),
            section_number: String::new(),
            number: String::new(),
            text: b.text.clone(),
            deadline: Some(DeadlineInput {
                text: Some(format!(
                    "{}年{}月{}日前",
                    b.deadline.year(),
                    b.deadline.month(),
                    b.deadline.day()
                )),
                kind: Some("by".into()),
                start: None,
                end: Some(b.deadline),
                period: None,
            }),
            lead: Vec::new(),
            responsible: vec![UnitEntry {
                phrase: name,
                group_id: None,
                unit_ids: vec![r.org_id],
            }],
        };
        let task_id = self
            .create_task_in(&txn, actor, b.campaign_id, &input)
            .await?;
        let mut m: assessment_row::ActiveModel = r.into();
        m.task_id = Set(Some(task_id));
        m.update(&txn).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("assessment.task")
                .object("assessment_row", row_id)
                .after(json!({"task_id": task_id})),
        )
        .await?;
        txn.commit().await?;
        Ok(task_id)
    }
}
