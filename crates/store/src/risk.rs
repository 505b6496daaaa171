//! Risk grading (风险分级管控): an enterprise's risk points graded by LEC or LS, the
//! enterprise's overall level computed from its points and raised by open major
//! hazards, overdue hazards and active orange/red weather warnings (every change kept
//! with its reasons), and the four-colour distribution.

use std::collections::{HashMap, HashSet};

use anzhi_domain::Scope;
use anzhi_domain::hazard::{Level, State};
use anzhi_domain::risk::{
    self as rules, Assessment, ControlTier, Grade, LevelFacts, Measure, MeasureKind, Method,
    PointKind, RiskPointInput, Thresholds,
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{AuditEvent, append};
use crate::entity::{
    enterprise, enterprise_risk, hazard, industry_category, org, risk_level_change, risk_point,
    weather_ack, weather_warning, weather_warning_district,
};
use crate::hazards::OPEN_SQL;
use crate::{Actor, Page, PageReq, Result, Store, StoreError, org_names};

const THRESHOLDS_KEY: &str = "risk.thresholds";

fn today() -> NaiveDate {
    anzhi_domain::time::today_china(crate::now())
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct MeasureView {
    pub kind: String,
    pub kind_label: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RiskPointView {
    pub id: Uuid,
    pub enterprise_id: Uuid,
    pub enterprise_name: String,
    pub district_id: Uuid,
    pub district_name: String,
    pub name: String,
    pub kind: String,
    pub kind_label: String,
    pub location: Option<String>,
    pub hazard_factors: String,
    pub accident_types: Vec<String>,
    pub method: String,
    pub l: f64,
    pub e: Option<f64>,
    pub c: Option<f64>,
    pub s: Option<f64>,
    pub score: f64,
    pub grade: String,
    pub grade_label: String,
    pub colour: String,
    pub method_line: String,
    pub measures: Vec<MeasureView>,
    pub control_tier: String,
    pub control_tier_label: String,
    pub responsible: String,
    pub responsible_phone: Option<String>,
    pub reassess_on: NaiveDate,
    /// The re-assessment date has come.
    pub reassess_due: bool,
    pub assessed_on: NaiveDate,
    pub assessed_by_name: String,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default)]
pub struct RiskPointFilter {
    pub enterprise_id: Option<Uuid>,
    pub district_id: Option<Uuid>,
    pub grade: Option<Grade>,
    pub q: Option<String>,
    pub reassess_due: bool,
}

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct GradeCounts {
    pub major: u64,
    pub large: u64,
    pub general: u64,
    pub low: u64,
}

impl GradeCounts {
    fn add(&mut self, grade: &str, n: u64) {
        match grade {
            "major" => self.major += n,
            "large" => self.large += n,
            "general" => self.general += n,
            _ => self.low += n,
        }
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LevelChangeView {
    pub from: Option<String>,
    pub from_label: String,
    pub to: Option<String>,
    pub to_label: String,
    pub reasons: Vec<String>,
    pub at: DateTime<Utc>,
}

/// An enterprise's overall level (动态分级) with its reasons and history.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EnterpriseRiskView {
    pub enterprise_id: Uuid,
    pub grade: Option<String>,
    pub grade_label: String,
    pub colour: Option<String>,
    pub base_grade: Option<String>,
    pub reasons: Vec<String>,
    pub points: GradeCounts,
    pub changes: Vec<LevelChangeView>,
}

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct EnterpriseCounts {
    pub major: u64,
    pub large: u64,
    pub general: u64,
    pub low: u64,
    /// Not graded (no points and nothing raising).
    pub none: u64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DistributionRow {
    pub key: Option<Uuid>,
    pub name: String,
    pub points: GradeCounts,
    pub enterprises: EnterpriseCounts,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Distribution {
    pub by: String,
    pub rows: Vec<DistributionRow>,
    pub total: DistributionRow,
}

/// A control measure as kept in the row (JSON).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredMeasure {
    kind: String,
    text: String,
}

fn stored_measures(ms: &[Measure]) -> Vec<StoredMeasure> {
    ms.iter()
        .map(|m| StoredMeasure {
            kind: m.kind.code().into(),
            text: m.text.clone(),
        })
        .collect()
}

fn grade_label(code: Option<&str>) -> String {
    code.and_then(Grade::from_code)
        .map(|g| g.label().to_string())
        .unwrap_or_else(|| "未评估".into())
}

fn tenths(v: i32) -> f64 {
    f64::from(v) / 10.0
}

pub(crate) fn risk_scope(scope: Scope) -> Result<Condition> {
    Ok(match scope {
        Scope::Internal | Scope::Leader(_) | Scope::Section(_) => Condition::all(),
        Scope::District(d) => Condition::all().add(risk_point::Column::DistrictId.eq(d)),
        Scope::Enterprise(e) => Condition::all().add(risk_point::Column::EnterpriseId.eq(e)),
        Scope::Admin(_) | Scope::Agency(_) => {
            return Err(StoreError::Forbidden("无权查看风险信息".into()));
        }
    })
}

/// Error fields of the nested assessment are the flat fields of the API.
fn flatten_fields(errors: Vec<anzhi_domain::FieldError>) -> Vec<anzhi_domain::FieldError> {
    errors
        .into_iter()
        .map(|mut e| {
            if let Some(rest) = e.field.strip_prefix("assessment.") {
                e.field = rest.to_string();
            }
            e
        })
        .collect()
}

async fn views<C: ConnectionTrait>(
    c: &C,
    rows: Vec<risk_point::Model>,
) -> Result<Vec<RiskPointView>> {
    let names = org_names(
        c,
        rows.iter().flat_map(|r| [r.enterprise_id, r.district_id]),
    )
    .await?;
    let today = today();
    Ok(rows
        .into_iter()
        .map(|r| {
            let grade = Grade::from_code(&r.grade).unwrap_or(Grade::Low);
            let method = Method::from_code(&r.method).unwrap_or(Method::Lec);
            let measures: Vec<StoredMeasure> =
                serde_json::from_str(&r.measures).unwrap_or_default();
            let line = match method {
                Method::Lec => format!(
                    "LEC法：L={}，E={}，C={}，D={}",
                    num(r.l),
                    num(r.e.unwrap_or_default()),
                    num(r.c.unwrap_or_default()),
                    num(r.score)
                ),
                Method::Ls => format!(
                    "LS法：L={}，S={}，R={}",
                    num(r.l),
                    num(r.s.unwrap_or_default()),
                    num(r.score)
                ),
            };
            let tier = ControlTier::from_code(&r.control_tier).unwrap_or(ControlTier::Post);
            RiskPointView {
                id: r.id,
                enterprise_name: names.get(&r.enterprise_id).cloned().unwrap_or_default(),
                district_name: names.get(&r.district_id).cloned().unwrap_or_default(),
                enterprise_id: r.enterprise_id,
                district_id: r.district_id,
                name: r.name,
                kind_label: PointKind::from_code(&r.kind)
                    .map(|k| k.label().to_string())
                    .unwrap_or_default(),
                kind: r.kind,
                location: r.location,
                hazard_factors: r.hazard_factors,
                accident_types: serde_json::from_str(&r.accident_types).unwrap_or_default(),
                method: r.method,
                l: r.l,
                e: r.e,
                c: r.c,
                s: r.s,
                score: r.score,
                grade: grade.code().into(),
                grade_label: grade.label().into(),
                colour: grade.colour_code().into(),
                method_line: line,
                measures: measures
                    .into_iter()
                    .map(|m| MeasureView {
                        kind_label: MeasureKind::from_code(&m.kind)
                            .map(|k| k.label().to_string())
                            .unwrap_or_default(),
                        kind: m.kind,
                        text: m.text,
                    })
                    .collect(),
                control_tier: tier.code().into(),
                control_tier_label: tier.label().into(),
                responsible: r.responsible,
                responsible_phone: r.responsible_phone,
                reassess_due: r.reassess_on <= today,
                reassess_on: r.reassess_on,
                assessed_on: r.assessed_on,
                assessed_by_name: r.assessed_by_name,
                updated_at: r.updated_at,
            }
        })
        .collect())
}

/// A factor or score as people write it: 3, 0.5, 270.
fn num(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// What the periodic job and every write need to grade enterprises: their points,
/// open major and overdue hazards, and the orange/red warnings over them.
async fn level_facts<C: ConnectionTrait>(
    c: &C,
    ids: &[Uuid],
    now: DateTime<Utc>,
) -> Result<HashMap<Uuid, (Uuid, LevelFacts)>> {
    let today = anzhi_domain::time::today_china(now);
    let mut out: HashMap<Uuid, (Uuid, LevelFacts)> = HashMap::new();
    let homes: Vec<(Uuid, Option<Uuid>, Option<Uuid>)> = org::Entity::find()
        .select_only()
        .column(org::Column::Id)
        .column(org::Column::ParentId)
        .column(enterprise::Column::CategoryId)
        .join(
            sea_orm::JoinType::LeftJoin,
            org::Entity::belongs_to(enterprise::Entity)
                .from(org::Column::Id)
                .to(enterprise::Column::OrgId)
                .into(),
        )
        .filter(org::Column::Id.is_in(ids.to_vec()))
        .into_tuple()
        .all(c)
        .await?;
    let mut category = HashMap::new();
    for (id, district, cat) in homes {
        let Some(d) = district else { continue };
        category.insert(id, cat);
        out.insert(
            id,
            (
                d,
                LevelFacts {
                    point_grades: vec![],
                    open_major_hazards: 0,
                    overdue_hazards: 0,
                    active_warnings: vec![],
                },
            ),
        );
    }
    let points: Vec<(Uuid, String)> = risk_point::Entity::find()
        .select_only()
        .column(risk_point::Column::EnterpriseId)
        .column(risk_point::Column::Grade)
        .filter(risk_point::Column::EnterpriseId.is_in(ids.to_vec()))
        .into_tuple()
        .all(c)
        .await?;
    for (e, g) in points {
        if let (Some(f), Some(g)) = (out.get_mut(&e), Grade::from_code(&g)) {
            f.1.point_grades.push(g);
        }
    }
    // Every hazard not yet closed: open 重大隐患 raise the level, and so do open
    // (待整改/整改中) hazards past their deadline.
    let open: Vec<(Uuid, String, String, NaiveDate)> = hazard::Entity::find()
        .select_only()
        .column(hazard::Column::EnterpriseId)
        .column(hazard::Column::Level)
        .column(hazard::Column::State)
        .column(hazard::Column::Deadline)
        .filter(hazard::Column::EnterpriseId.is_in(ids.to_vec()))
        .filter(hazard::Column::State.ne(State::Closed.code()))
        .into_tuple()
        .all(c)
        .await?;
    for (e, level, state, deadline) in open {
        let Some(f) = out.get_mut(&e) else { continue };
        if level == Level::Major.code() {
            f.1.open_major_hazards += 1;
        }
        let state = State::from_code(&state).unwrap_or(State::Pending);
        if anzhi_domain::hazard::is_overdue(state, deadline, today) {
            f.1.overdue_hazards += 1;
        }
    }
    // Warnings in force over the districts of these enterprises.
    let districts: Vec<Uuid> = out
        .values()
        .map(|(d, _)| *d)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let warnings: Vec<(weather_warning::Model, Uuid)> = weather_warning::Entity::find()
        .join(
            sea_orm::JoinType::InnerJoin,
            weather_warning::Entity::belongs_to(weather_warning_district::Entity)
                .from(weather_warning::Column::Id)
                .to(weather_warning_district::Column::WarningId)
                .into(),
        )
        .select_also(weather_warning_district::Entity)
        .filter(weather_warning_district::Column::DistrictId.is_in(districts))
        .filter(weather_warning::Column::ValidFrom.lte(now))
        .filter(weather_warning::Column::ValidTo.gt(now))
        .filter(weather_warning::Column::CancelledAt.is_null())
        .all(c)
        .await?
        .into_iter()
        .filter_map(|(w, d)| d.map(|d| (w, d.district_id)))
        .collect();
    for (e, (d, f)) in out.iter_mut() {
        for (w, wd) in &warnings {
            if wd != d {
                continue;
            }
            let cats: Vec<Uuid> = serde_json::from_str(&w.categories).unwrap_or_default();
            if !cats.is_empty()
                && !category
                    .get(e)
                    .copied()
                    .flatten()
                    .is_some_and(|c| cats.contains(&c))
            {
                continue;
            }
            let kind = anzhi_domain::weather::Kind::from_code(&w.kind);
            let colour = anzhi_domain::weather::Colour::from_code(&w.colour);
            if let (Some(k), Some(col)) = (kind, colour) {
                f.active_warnings
                    .push((k.label().into(), col.label().into(), col.rank()));
            }
        }
    }
    Ok(out)
}

/// Re-grades these enterprises (in the caller's transaction) and records every change.
pub(crate) async fn refresh_levels<C: ConnectionTrait>(
    c: &C,
    ids: &[Uuid],
    now: DateTime<Utc>,
) -> Result<u64> {
    let mut changed = 0;
    for chunk in ids.chunks(500) {
        let facts = level_facts(c, chunk, now).await?;
        let current: HashMap<Uuid, enterprise_risk::Model> = enterprise_risk::Entity::find()
            .filter(enterprise_risk::Column::EnterpriseId.is_in(chunk.to_vec()))
            .all(c)
            .await?
            .into_iter()
            .map(|r| (r.enterprise_id, r))
            .collect();
        for (e, (district, f)) in facts {
            let level = rules::enterprise_level(&f);
            let base = f.point_grades.iter().max().copied();
            let (grade, reasons) = match &level {
                Some((g, r)) => (Some(g.code().to_string()), r.clone()),
                None => (None, vec![]),
            };
            let reasons_json = serde_json::to_string(&reasons).unwrap_or_default();
            let before = current.get(&e);
            let same = before.is_some_and(|b| b.grade == grade && b.reasons == reasons_json)
                || (before.is_none() && grade.is_none());
            if same {
                continue;
            }
            let from = before.and_then(|b| b.grade.clone());
            let row = enterprise_risk::ActiveModel {
                enterprise_id: Set(e),
                district_id: Set(district),
                grade: Set(grade.clone()),
                base_grade: Set(base.map(|g| g.code().to_string())),
                reasons: Set(reasons_json.clone()),
                updated_at: Set(now),
            };
            if before.is_some() {
                row.update(c).await?;
            } else {
                row.insert(c).await?;
            }
            if from != grade {
                risk_level_change::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    enterprise_id: Set(e),
                    from_grade: Set(from),
                    to_grade: Set(grade),
                    reasons: Set(reasons_json),
                    at: Set(now),
                }
                .insert(c)
                .await?;
                changed += 1;
            }
        }
    }
    Ok(changed)
}

impl Store {
    /// The grading thresholds (defaults until the bureau changes them).
    pub async fn risk_thresholds(&self) -> Result<Thresholds> {
        Ok(crate::settings::read_setting(self.r(), THRESHOLDS_KEY)
            .await?
            .unwrap_or_default())
    }

    pub async fn set_risk_thresholds(&self, actor: &Actor, t: &Thresholds) -> Result<Thresholds> {
        if !matches!(
            actor.scope,
            Scope::Section(_) | Scope::Admin(_) | Scope::Internal
        ) {
            return Err(StoreError::Forbidden("只有市局可以修改风险分级标准".into()));
        }
        t.check().map_err(StoreError::Invalid)?;
        let before = self.risk_thresholds().await?;
        let txn = self.tx().await?;
        crate::settings::write_setting(&txn, THRESHOLDS_KEY, t).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("risk.thresholds_update")
                .before(json!(before))
                .after(json!(t)),
        )
        .await?;
        txn.commit().await?;
        Ok(*t)
    }

    /// Scores an assessment without saving it (the form's live colour).
    pub async fn assess_risk(&self, input: &rules::AssessmentInput) -> Result<Assessment> {
        let t = self.risk_thresholds().await?;
        rules::assess(input, &t).map_err(|e| StoreError::Invalid(flatten_fields(e)))
    }

    /// Creates (`id` None) or re-assesses a risk point of the actor's own enterprise.
    pub async fn save_risk_point(
        &self,
        actor: &Actor,
        id: Option<Uuid>,
        input: &RiskPointInput,
    ) -> Result<RiskPointView> {
        let Scope::Enterprise(own) = actor.scope else {
            return Err(StoreError::Forbidden("风险点由企业辨识评估".into()));
        };
        let t = self.risk_thresholds().await?;
        let checked = rules::check_risk_point(input, &t, today())
            .map_err(|e| StoreError::Invalid(flatten_fields(e)))?;
        let district = org::Entity::find_by_id(own)
            .one(self.r())
            .await?
            .and_then(|o| o.parent_id)
            .ok_or(StoreError::NotFound)?;
        let who = crate::hazards::author(self.r(), actor).await?;
        let txn = self.tx().await?;
        let now = crate::now();
        let a = checked.assessment;
        let (c, s) = match a.method {
            Method::Lec => (Some(tenths(a.c_or_s)), None),
            Method::Ls => (None, Some(tenths(a.c_or_s))),
        };
        let before = match id {
            Some(id) => Some(
                risk_point::Entity::find_by_id(id)
                    .filter(risk_point::Column::EnterpriseId.eq(own))
                    .one(&txn)
                    .await?
                    .ok_or(StoreError::NotFound)?,
            ),
            None => None,
        };
        let row = risk_point::ActiveModel {
            id: Set(id.unwrap_or_else(Uuid::now_v7)),
            enterprise_id: Set(own),
            district_id: Set(district),
            name: Set(checked.name.clone()),
            kind: Set(checked.kind.code().into()),
            location: Set(checked.location.clone()),
            hazard_factors: Set(checked.hazard_factors.clone()),
            accident_types: Set(serde_json::to_string(&checked.accident_types).unwrap_or_default()),
            method: Set(a.method.code().into()),
            l: Set(tenths(a.l)),
            e: Set(a.e.map(tenths)),
            c: Set(c),
            s: Set(s),
            score: Set(a.score.as_f64()),
            grade: Set(a.grade.code().into()),
            measures: Set(
                serde_json::to_string(&stored_measures(&checked.measures)).unwrap_or_default()
            ),
            control_tier: Set(checked.control_tier.code().into()),
            responsible: Set(checked.responsible.clone()),
            responsible_phone: Set(checked.responsible_phone.clone()),
            reassess_on: Set(checked.reassess_on),
            assessed_on: Set(checked.assessed_on),
            assessed_by: Set(actor.user_id.unwrap_or_default()),
            assessed_by_name: Set(who.name.clone()),
            created_at: Set(before.as_ref().map(|b| b.created_at).unwrap_or(now)),
            updated_at: Set(now),
        };
        let saved = if before.is_some() {
            row.update(&txn).await?
        } else {
            row.insert(&txn).await?
        };
        refresh_levels(&txn, &[own], now).await?;
        append(
            &txn,
            actor,
            AuditEvent::new(if before.is_some() {
                "risk.point_update"
            } else {
                "risk.point_create"
            })
            .object("risk_point", saved.id)
            .before(json!(
                before
                    .as_ref()
                    .map(|b| json!({"grade": b.grade, "score": b.score}))
            ))
            .after(json!({"name": saved.name, "grade": saved.grade, "score": saved.score})),
        )
        .await?;
        txn.commit().await?;
        Ok(views(self.r(), vec![saved]).await?.remove(0))
    }

    pub async fn delete_risk_point(&self, actor: &Actor, id: Uuid) -> Result<()> {
        let Scope::Enterprise(own) = actor.scope else {
            return Err(StoreError::Forbidden("风险点由企业维护".into()));
        };
        let txn = self.tx().await?;
        let row = risk_point::Entity::find_by_id(id)
            .filter(risk_point::Column::EnterpriseId.eq(own))
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        risk_point::Entity::delete_by_id(id).exec(&txn).await?;
        refresh_levels(&txn, &[own], crate::now()).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("risk.point_delete")
                .object("risk_point", id)
                .before(json!({"name": row.name, "grade": row.grade})),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    pub async fn risk_point(&self, scope: Scope, id: Uuid) -> Result<RiskPointView> {
        let row = risk_point::Entity::find_by_id(id)
            .filter(risk_scope(scope)?)
            .one(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(views(self.r(), vec![row]).await?.remove(0))
    }

    pub async fn list_risk_points(
        &self,
        scope: Scope,
        f: &RiskPointFilter,
        page: &PageReq,
    ) -> Result<Page<RiskPointView>> {
        use risk_point::Column as R;
        let mut q = risk_point::Entity::find().filter(risk_scope(scope)?);
        if let Some(e) = f.enterprise_id {
            q = q.filter(R::EnterpriseId.eq(e));
        }
        if let Some(d) = f.district_id {
            q = q.filter(R::DistrictId.eq(d));
        }
        if let Some(g) = f.grade {
            q = q.filter(R::Grade.eq(g.code()));
        }
        if f.reassess_due {
            q = q.filter(R::ReassessOn.lte(today()));
        }
        if let Some(text) = f.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            let like = format!(
                "%{}%",
                text.chars()
                    .take(50)
                    .collect::<String>()
                    .replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            );
            q = q.filter(
                Condition::any()
                    .add(R::Name.like(sea_orm::sea_query::LikeExpr::new(like.clone()).escape('\\')))
                    .add(
                        R::HazardFactors.like(sea_orm::sea_query::LikeExpr::new(like).escape('\\')),
                    ),
            );
        }
        let total = q.clone().count(self.r()).await?;
        let (col, desc) = match page.sort_key() {
            Some(("name", d)) => (R::Name, d),
            Some(("reassess_on", d)) => (R::ReassessOn, d),
            Some(("updated_at", d)) => (R::UpdatedAt, d),
            Some(("score", d)) => (R::Score, d),
            _ => (R::Score, true),
        };
        let q = if desc {
            q.order_by_desc(col).order_by_desc(R::Id)
        } else {
            q.order_by_asc(col).order_by_asc(R::Id)
        };
        let rows = q
            .offset(page.offset())
            .limit(page.page_size)
            .all(self.r())
            .await?;
        Ok(Page {
            items: views(self.r(), rows).await?,
            total,
            page: page.page,
            page_size: page.page_size,
        })
    }

    /// The enterprise's overall level, its reasons, point counts and history.
    pub async fn enterprise_risk(
        &self,
        scope: Scope,
        enterprise_id: Uuid,
    ) -> Result<EnterpriseRiskView> {
        if !crate::enterprises::enterprise_visible(self.r(), scope, enterprise_id).await? {
            return Err(StoreError::NotFound);
        }
        let row = enterprise_risk::Entity::find_by_id(enterprise_id)
            .one(self.r())
            .await?;
        let mut points = GradeCounts::default();
        let rows: Vec<(String, i64)> = risk_point::Entity::find()
            .select_only()
            .column(risk_point::Column::Grade)
            .column_as(risk_point::Column::Id.count(), "n")
            .filter(risk_point::Column::EnterpriseId.eq(enterprise_id))
            .group_by(risk_point::Column::Grade)
            .into_tuple()
            .all(self.r())
            .await?;
        for (g, n) in rows {
            points.add(&g, n as u64);
        }
        let changes = risk_level_change::Entity::find()
            .filter(risk_level_change::Column::EnterpriseId.eq(enterprise_id))
            .order_by_desc(risk_level_change::Column::At)
            .limit(50)
            .all(self.r())
            .await?
            .into_iter()
            .map(|c| LevelChangeView {
                from_label: grade_label(c.from_grade.as_deref()),
                to_label: grade_label(c.to_grade.as_deref()),
                from: c.from_grade,
                to: c.to_grade,
                reasons: serde_json::from_str(&c.reasons).unwrap_or_default(),
                at: c.at,
            })
            .collect();
        let grade = row.as_ref().and_then(|r| r.grade.clone());
        Ok(EnterpriseRiskView {
            enterprise_id,
            grade_label: grade_label(grade.as_deref()),
            colour: grade
                .as_deref()
                .and_then(Grade::from_code)
                .map(|g| g.colour_code().to_string()),
            grade,
            base_grade: row.as_ref().and_then(|r| r.base_grade.clone()),
            reasons: row
                .as_ref()
                .and_then(|r| serde_json::from_str(&r.reasons).ok())
                .unwrap_or_default(),
            points,
            changes,
        })
    }

    /// Points and enterprise levels by district or by industry category, in four colours.
    pub async fn risk_distribution(&self, scope: Scope, by: &str) -> Result<Distribution> {
        let cond = risk_scope(scope)?;
        let by_category = by == "category";
        // Points: grouped in the database.
        let key = if by_category {
            Expr::col((enterprise::Entity, enterprise::Column::CategoryId))
        } else {
            Expr::col((risk_point::Entity, risk_point::Column::DistrictId))
        };
        let points: Vec<(Option<Uuid>, String, i64)> = risk_point::Entity::find()
            .select_only()
            .column_as(key.clone(), "k")
            .column(risk_point::Column::Grade)
            .column_as(risk_point::Column::Id.count(), "n")
            .join(
                sea_orm::JoinType::LeftJoin,
                risk_point::Entity::belongs_to(enterprise::Entity)
                    .from(risk_point::Column::EnterpriseId)
                    .to(enterprise::Column::OrgId)
                    .into(),
            )
            .filter(cond)
            .group_by(key)
            .group_by(risk_point::Column::Grade)
            .into_tuple()
            .all(self.r())
            .await?;
        let ekey = if by_category {
            Expr::col((enterprise::Entity, enterprise::Column::CategoryId))
        } else {
            Expr::col((enterprise_risk::Entity, enterprise_risk::Column::DistrictId))
        };
        let ecount: Vec<(Option<Uuid>, Option<String>, i64)> = enterprise_risk::Entity::find()
            .select_only()
            .column_as(ekey.clone(), "k")
            .column(enterprise_risk::Column::Grade)
            .column_as(enterprise_risk::Column::EnterpriseId.count(), "n")
            .join(
                sea_orm::JoinType::LeftJoin,
                enterprise_risk::Entity::belongs_to(enterprise::Entity)
                    .from(enterprise_risk::Column::EnterpriseId)
                    .to(enterprise::Column::OrgId)
                    .into(),
            )
            .filter(match scope {
                Scope::District(d) => {
                    Condition::all().add(enterprise_risk::Column::DistrictId.eq(d))
                }
                Scope::Enterprise(e) => {
                    Condition::all().add(enterprise_risk::Column::EnterpriseId.eq(e))
                }
                _ => Condition::all(),
            })
            .filter(enterprise_risk::Column::Grade.is_not_null())
            .group_by(ekey)
            .group_by(enterprise_risk::Column::Grade)
            .into_tuple()
            .all(self.r())
            .await?;
        // Every district (or category) in reach, even those with nothing yet.
        let keys: Vec<(Uuid, String)> = if by_category {
            industry_category::Entity::find()
                .select_only()
                .column(industry_category::Column::Id)
                .column(industry_category::Column::Name)
                .order_by_asc(industry_category::Column::SortOrder)
                .into_tuple()
                .all(self.r())
                .await?
        } else {
            let mut q = org::Entity::find()
                .select_only()
                .column(org::Column::Id)
                .column(org::Column::Name)
                .filter(org::Column::Kind.eq(anzhi_domain::OrgKind::District.code()))
                .order_by_asc(org::Column::SortOrder);
            match scope {
                Scope::District(d) => q = q.filter(org::Column::Id.eq(d)),
                Scope::Enterprise(e) => {
                    let parent = org::Entity::find_by_id(e)
                        .one(self.r())
                        .await?
                        .and_then(|o| o.parent_id);
                    q = q.filter(org::Column::Id.eq(parent.unwrap_or_default()));
                }
                _ => {}
            }
            q.into_tuple().all(self.r()).await?
        };
        let mut rows: Vec<DistributionRow> = keys
            .into_iter()
            .map(|(k, name)| DistributionRow {
                key: Some(k),
                name,
                points: GradeCounts::default(),
                enterprises: EnterpriseCounts::default(),
            })
            .collect();
        let mut total = DistributionRow {
            key: None,
            name: "合计".into(),
            points: GradeCounts::default(),
            enterprises: EnterpriseCounts::default(),
        };
        for (k, g, n) in points {
            if let Some(r) = rows.iter_mut().find(|r| r.key == k) {
                r.points.add(&g, n as u64);
            }
            total.points.add(&g, n as u64);
        }
        for (k, g, n) in ecount {
            let g = g.unwrap_or_default();
            let add = |e: &mut EnterpriseCounts| match g.as_str() {
                "major" => e.major += n as u64,
                "large" => e.large += n as u64,
                "general" => e.general += n as u64,
                _ => e.low += n as u64,
            };
            if let Some(r) = rows.iter_mut().find(|r| r.key == k) {
                add(&mut r.enterprises);
            }
            add(&mut total.enterprises);
        }
        Ok(Distribution {
            by: if by_category { "category" } else { "district" }.into(),
            rows,
            total,
        })
    }

    /// Re-grades enterprises whose facts change with time: hazards that became
    /// overdue in the last week, and enterprises under warnings that started or ended
    /// (or whose level was raised and may fall back). Returns how many changed.
    pub async fn run_risk_levels(&self, now: DateTime<Utc>) -> Result<u64> {
        let today = anzhi_domain::time::today_china(now);
        let mut ids: HashSet<Uuid> = hazard::Entity::find()
            .select_only()
            .column(hazard::Column::EnterpriseId)
            .filter(Expr::cust(OPEN_SQL))
            .filter(hazard::Column::Deadline.lt(today))
            .filter(hazard::Column::Deadline.gte(today - chrono::Duration::days(7)))
            .distinct()
            .into_tuple::<Uuid>()
            .all(self.r())
            .await?
            .into_iter()
            .collect();
        // Raised levels (reasons beyond the points) may fall back when a warning ends.
        ids.extend(
            enterprise_risk::Entity::find()
                .select_only()
                .column(enterprise_risk::Column::EnterpriseId)
                .filter(
                    Condition::any()
                        .add(enterprise_risk::Column::BaseGrade.is_null())
                        .add(Expr::cust("grade <> base_grade")),
                )
                .into_tuple::<Uuid>()
                .all(self.r())
                .await?,
        );
        // Enterprises reached by an orange or red warning in force.
        let warned: Vec<Uuid> = weather_ack::Entity::find()
            .select_only()
            .column(weather_ack::Column::EnterpriseId)
            .join(
                sea_orm::JoinType::InnerJoin,
                weather_ack::Entity::belongs_to(weather_warning::Entity)
                    .from(weather_ack::Column::WarningId)
                    .to(weather_warning::Column::Id)
                    .into(),
            )
            .filter(weather_warning::Column::ValidFrom.lte(now))
            .filter(weather_warning::Column::ValidTo.gt(now))
            .filter(weather_warning::Column::CancelledAt.is_null())
            .filter(weather_warning::Column::Colour.is_in(["orange", "red"]))
            .distinct()
            .into_tuple()
            .all(self.r())
            .await?;
        ids.extend(warned);
        let ids: Vec<Uuid> = ids.into_iter().collect();
        let mut changed = 0;
        for chunk in ids.chunks(500) {
            let txn = self.tx().await?;
            changed += refresh_levels(&txn, chunk, now).await?;
            txn.commit().await?;
        }
        Ok(changed)
    }
}

/// The measure kinds, for the API's vocabulary.
pub fn measure_kinds() -> Vec<(&'static str, &'static str)> {
    [
        MeasureKind::Engineering,
        MeasureKind::Management,
        MeasureKind::Training,
        MeasureKind::Ppe,
        MeasureKind::Emergency,
    ]
    .into_iter()
    .map(|k| (k.code(), k.label()))
    .collect()
}
