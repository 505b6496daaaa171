//! Risk grading (风险分级管控): the LEC/LS vocabulary and thresholds, risk points, the
//! 风险告知卡, an enterprise's dynamic level and the four-colour distribution.
//! See docs/api-risk.md.

use anzhi_domain::Permission;
use anzhi_domain::risk::{
    self as rules, AssessmentInput, ControlTier, Grade, Method, RiskPointInput, Thresholds,
};
use anzhi_store::risk::{Distribution, EnterpriseRiskView, RiskPointFilter, RiskPointView};
use anzhi_store::{Page, PageReq};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::nonempty;
use crate::AppState;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{ApiJson, ApiQuery, Auth};

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Choice {
    pub value: f64,
    pub label: &'static str,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Coded {
    pub code: &'static str,
    pub label: &'static str,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct GradeInfo {
    pub code: &'static str,
    pub label: &'static str,
    pub short: &'static str,
    pub colour: &'static str,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LecTables {
    pub l: Vec<Choice>,
    pub e: Vec<Choice>,
    pub c: Vec<Choice>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LsTables {
    pub l: Vec<Choice>,
    pub s: Vec<Choice>,
}

/// The vocabulary of the risk-point form.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Methods {
    pub lec: LecTables,
    pub ls: LsTables,
    pub thresholds: Thresholds,
    pub grades: Vec<GradeInfo>,
    pub accident_types: Vec<&'static str>,
    pub measure_kinds: Vec<Coded>,
    pub tiers: Vec<Coded>,
}

fn choices(t: &[rules::Choice]) -> Vec<Choice> {
    t.iter()
        .map(|c| Choice {
            value: c.value(),
            label: c.label,
        })
        .collect()
}

/// The LEC and LS value tables, the thresholds, grades, accident types, measure kinds and tiers.
#[utoipa::path(get, path = "/api/risk/methods", tag = "risk",
    responses((status = 200, body = Methods), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn methods(State(st): State<AppState>, auth: Auth) -> ApiResult<Json<Methods>> {
    auth.require(&st, Permission::RiskRead).await?;
    Ok(Json(Methods {
        lec: LecTables {
            l: choices(rules::LEC_L),
            e: choices(rules::LEC_E),
            c: choices(rules::LEC_C),
        },
        ls: LsTables {
            l: choices(rules::LS_L),
            s: choices(rules::LS_S),
        },
        thresholds: st.store.risk_thresholds().await?,
        grades: Grade::ALL
            .iter()
            .map(|g| GradeInfo {
                code: g.code(),
                label: g.label(),
                short: g.short_label(),
                colour: g.colour_code(),
            })
            .collect(),
        accident_types: rules::ACCIDENT_TYPES.to_vec(),
        measure_kinds: anzhi_store::risk::measure_kinds()
            .into_iter()
            .map(|(code, label)| Coded { code, label })
            .collect(),
        tiers: [
            ControlTier::Unit,
            ControlTier::Department,
            ControlTier::Team,
            ControlTier::Post,
        ]
        .into_iter()
        .map(|t| Coded {
            code: t.code(),
            label: t.label(),
        })
        .collect(),
    }))
}

/// Change the grading thresholds (the bureau). Existing points keep their grade until re-assessed.
#[utoipa::path(put, path = "/api/risk/thresholds", tag = "risk", request_body = Thresholds,
    responses((status = 200, body = Thresholds), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn set_thresholds(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<Thresholds>,
) -> ApiResult<Json<Thresholds>> {
    auth.require(&st, Permission::DictionaryWrite).await?;
    Ok(Json(
        auth.checked(&st, st.store.set_risk_thresholds(&auth.actor, &b).await)
            .await?,
    ))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AssessResult {
    pub score: f64,
    pub grade: &'static str,
    pub grade_label: &'static str,
    pub colour: &'static str,
    pub method_line: String,
}

/// Score an assessment without saving it (the form's live colour).
#[utoipa::path(post, path = "/api/risk/assess", tag = "risk", request_body = AssessmentInput,
    responses((status = 200, body = AssessResult), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn assess(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<AssessmentInput>,
) -> ApiResult<Json<AssessResult>> {
    auth.require(&st, Permission::RiskRead).await?;
    let a = st.store.assess_risk(&b).await?;
    Ok(Json(AssessResult {
        score: a.score.as_f64(),
        grade: a.grade.code(),
        grade_label: a.grade.label(),
        colour: a.grade.colour_code(),
        method_line: a.method_line(),
    }))
}

/// A risk point as the form sends it: the assessment's factors flat beside the rest.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskPointBody {
    #[serde(default)]
    pub name: String,
    pub kind: Option<rules::PointKind>,
    pub location: Option<String>,
    #[serde(default)]
    pub hazard_factors: String,
    #[serde(default)]
    pub accident_types: Vec<String>,
    pub method: Option<Method>,
    pub l: Option<f64>,
    pub e: Option<f64>,
    pub c: Option<f64>,
    pub s: Option<f64>,
    #[serde(default)]
    pub measures: Vec<rules::MeasureInput>,
    pub control_tier: Option<ControlTier>,
    #[serde(default)]
    pub responsible: String,
    pub responsible_phone: Option<String>,
    pub reassess_on: Option<chrono::NaiveDate>,
}

impl RiskPointBody {
    fn input(self) -> RiskPointInput {
        RiskPointInput {
            name: self.name,
            kind: self.kind,
            location: self.location,
            hazard_factors: self.hazard_factors,
            accident_types: self.accident_types,
            assessment: AssessmentInput {
                method: self.method,
                l: self.l,
                e: self.e,
                c: self.c,
                s: self.s,
            },
            measures: self.measures,
            control_tier: self.control_tier,
            responsible: self.responsible,
            responsible_phone: self.responsible_phone,
            reassess_on: self.reassess_on,
        }
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PointQuery {
    pub enterprise_id: Option<Uuid>,
    pub district_id: Option<Uuid>,
    /// major / large / general / low
    pub grade: Option<String>,
    /// Text in the name or the hazard factors.
    pub q: Option<String>,
    /// Only points whose re-assessment date has come.
    pub reassess_due: Option<bool>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
    /// -score (default), score, name, reassess_on, -updated_at
    pub sort: Option<String>,
}

/// Risk points in the caller's reach, filtered and paged (highest score first).
#[utoipa::path(get, path = "/api/risk-points", tag = "risk", params(PointQuery),
    responses((status = 200, body = Page<RiskPointView>), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<PointQuery>,
) -> ApiResult<Json<Page<RiskPointView>>> {
    auth.require(&st, Permission::RiskRead).await?;
    let grade = match nonempty(&q.grade) {
        Some(g) => Some(
            Grade::from_code(&g)
                .ok_or_else(|| ApiError::field("grade", "invalid", "风险等级取值无效"))?,
        ),
        None => None,
    };
    let f = RiskPointFilter {
        enterprise_id: q.enterprise_id,
        district_id: q.district_id,
        grade,
        q: nonempty(&q.q),
        reassess_due: q.reassess_due.unwrap_or(false),
    };
    Ok(Json(
        st.store
            .list_risk_points(auth.scope(), &f, &PageReq::new(q.page, q.page_size, q.sort))
            .await?,
    ))
}

/// Identify and assess a risk point of the own enterprise.
#[utoipa::path(post, path = "/api/risk-points", tag = "risk", request_body = RiskPointBody,
    responses((status = 201, body = RiskPointView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn create(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<RiskPointBody>,
) -> ApiResult<(StatusCode, Json<RiskPointView>)> {
    auth.require(&st, Permission::RiskWrite).await?;
    let v = auth
        .checked(
            &st,
            st.store
                .save_risk_point(&auth.actor, None, &b.input())
                .await,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(get, path = "/api/risk-points/{id}", tag = "risk", params(("id" = Uuid, Path)),
    responses((status = 200, body = RiskPointView), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<RiskPointView>> {
    auth.require(&st, Permission::RiskRead).await?;
    Ok(Json(st.store.risk_point(auth.scope(), id).await?))
}

/// Re-assess or edit a risk point (re-grades the point and the enterprise).
#[utoipa::path(put, path = "/api/risk-points/{id}", tag = "risk", params(("id" = Uuid, Path)), request_body = RiskPointBody,
    responses((status = 200, body = RiskPointView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn update(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<RiskPointBody>,
) -> ApiResult<Json<RiskPointView>> {
    auth.require(&st, Permission::RiskWrite).await?;
    Ok(Json(
        auth.checked(
            &st,
            st.store
                .save_risk_point(&auth.actor, Some(id), &b.input())
                .await,
        )
        .await?,
    ))
}

#[utoipa::path(delete, path = "/api/risk-points/{id}", tag = "risk", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn delete(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    auth.require(&st, Permission::RiskWrite).await?;
    auth.checked(&st, st.store.delete_risk_point(&auth.actor, id).await)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The 风险告知卡 of a risk point (Word).
#[utoipa::path(get, path = "/api/risk-points/{id}/card.docx", tag = "risk", params(("id" = Uuid, Path)),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", body = Vec<u8>), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn card(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Response> {
    auth.require(&st, Permission::RiskRead).await?;
    let p = st.store.risk_point(auth.scope(), id).await?;
    let grade = match p.grade.as_str() {
        "major" => anzhi_docs::Grade::Major,
        "large" => anzhi_docs::Grade::Large,
        "general" => anzhi_docs::Grade::General,
        _ => anzhi_docs::Grade::Low,
    };
    let measures = anzhi_docs::MEASURE_GROUPS
        .iter()
        .map(|g| {
            (
                g.to_string(),
                p.measures
                    .iter()
                    .filter(|m| m.kind_label == *g)
                    .map(|m| m.text.clone())
                    .collect(),
            )
        })
        .collect();
    let card = anzhi_docs::RiskCard {
        enterprise: p.enterprise_name.clone(),
        point_name: p.name.clone(),
        location: p.location.clone().unwrap_or_default(),
        hazard_factors: p.hazard_factors.clone(),
        accident_types: p.accident_types.clone(),
        method_line: p.method_line.clone(),
        grade,
        measures,
        control_tier: p.control_tier_label.clone(),
        responsible: p.responsible.clone(),
        emergency_phone: p.responsible_phone.clone(),
        reassess_on: Some(p.reassess_on),
        issued_on: anzhi_domain::time::today_china(chrono::Utc::now()),
    };
    let bytes = tokio::task::spawn_blocking(move || anzhi_docs::risk_notice_card(&card))
        .await
        .map_err(|_| ApiError::internal())?
        .map_err(|e| ApiError::new(crate::error::ErrorCode::Internal, e.to_string()))?;
    Ok(crate::xlsx::attachment(
        bytes,
        &format!("风险告知卡-{}-{}.docx", p.enterprise_name, p.name),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ))
}

/// An enterprise's overall level (动态分级), its reasons, point counts and history.
#[utoipa::path(get, path = "/api/enterprises/{id}/risk", tag = "risk", params(("id" = Uuid, Path)),
    responses((status = 200, body = EnterpriseRiskView), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn enterprise_risk(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<EnterpriseRiskView>> {
    auth.require(&st, Permission::RiskRead).await?;
    Ok(Json(st.store.enterprise_risk(auth.scope(), id).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DistributionQuery {
    /// district (default) or category
    pub by: Option<String>,
}

/// Risk points and enterprise levels in four colours, by district or by category.
#[utoipa::path(get, path = "/api/risk/distribution", tag = "risk", params(DistributionQuery),
    responses((status = 200, body = Distribution), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn distribution(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<DistributionQuery>,
) -> ApiResult<Json<Distribution>> {
    auth.require(&st, Permission::RiskRead).await?;
    let by = nonempty(&q.by).unwrap_or_else(|| "district".into());
    if by != "district" && by != "category" {
        return Err(ApiError::field(
            "by",
            "invalid",
            "分组方式应为 district 或 category",
        ));
    }
    Ok(Json(st.store.risk_distribution(auth.scope(), &by).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(methods))
        .routes(routes!(set_thresholds))
        .routes(routes!(assess))
        .routes(routes!(distribution))
        .routes(routes!(list, create))
        .routes(routes!(get, update, delete))
        .routes(routes!(card))
        .routes(routes!(enterprise_risk))
}
