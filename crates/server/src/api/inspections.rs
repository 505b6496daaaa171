//! Supervision inspections (督导检查): checklist templates, special campaigns, plans,
//! inspections answered on the phone, confirmed by the enterprise, and the
//! 督导检查意见书. See docs/api-inspections.md.

use anzhi_domain::Permission;
use anzhi_domain::inspection::{AnswerInput, InspState, TemplateInput};
use anzhi_store::inspections::{
    CampaignInput, CampaignView, ConfirmInput, InspectionBrief, InspectionDetail, InspectionFilter,
    InspectorView, PlanInput, PlanView, SummaryView, TemplateBrief, TemplateDetail,
};
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

// ----- templates ---------------------------------------------------------------------

#[utoipa::path(get, path = "/api/checklist-templates", tag = "inspections",
    responses((status = 200, body = Vec<TemplateBrief>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn templates(
    State(st): State<AppState>,
    auth: Auth,
) -> ApiResult<Json<Vec<TemplateBrief>>> {
    auth.require(&st, Permission::InspectionRead).await?;
    Ok(Json(st.store.list_templates(auth.scope()).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateBody {
    pub content: TemplateInput,
}

/// Create a checklist template (the bureau).
#[utoipa::path(post, path = "/api/checklist-templates", tag = "inspections", request_body = TemplateBody,
    responses((status = 201, body = TemplateDetail), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn create_template(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<TemplateBody>,
) -> ApiResult<(StatusCode, Json<TemplateDetail>)> {
    auth.require(&st, Permission::InspectionTemplate).await?;
    let t = auth
        .checked(
            &st,
            st.store.save_template(&auth.actor, None, &b.content).await,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(t)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VersionQuery {
    /// An older version (default: the current one).
    pub version: Option<i32>,
}

#[utoipa::path(get, path = "/api/checklist-templates/{id}", tag = "inspections", params(("id" = Uuid, Path), VersionQuery),
    responses((status = 200, body = TemplateDetail), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn template(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiQuery(q): ApiQuery<VersionQuery>,
) -> ApiResult<Json<TemplateDetail>> {
    auth.require(&st, Permission::InspectionRead).await?;
    Ok(Json(st.store.template(auth.scope(), id, q.version).await?))
}

/// Save a template: a new version when the content changed.
#[utoipa::path(put, path = "/api/checklist-templates/{id}", tag = "inspections", params(("id" = Uuid, Path)), request_body = TemplateBody,
    responses((status = 200, body = TemplateDetail), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn update_template(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<TemplateBody>,
) -> ApiResult<Json<TemplateDetail>> {
    auth.require(&st, Permission::InspectionTemplate).await?;
    Ok(Json(
        auth.checked(
            &st,
            st.store
                .save_template(&auth.actor, Some(id), &b.content)
                .await,
        )
        .await?,
    ))
}

// ----- special campaigns ---------------------------------------------------------------

#[utoipa::path(get, path = "/api/inspection-campaigns", tag = "inspections",
    responses((status = 200, body = Vec<CampaignView>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn campaigns(
    State(st): State<AppState>,
    auth: Auth,
) -> ApiResult<Json<Vec<CampaignView>>> {
    auth.require(&st, Permission::InspectionRead).await?;
    Ok(Json(
        st.store.list_inspection_campaigns(auth.scope()).await?,
    ))
}

#[utoipa::path(post, path = "/api/inspection-campaigns", tag = "inspections", request_body = CampaignInput,
    responses((status = 201, body = CampaignView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn create_campaign(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<CampaignInput>,
) -> ApiResult<(StatusCode, Json<CampaignView>)> {
    auth.require(&st, Permission::InspectionWrite).await?;
    let c = auth
        .checked(
            &st,
            st.store.create_inspection_campaign(&auth.actor, &b).await,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(c)))
}

#[utoipa::path(get, path = "/api/inspection-campaigns/{id}", tag = "inspections", params(("id" = Uuid, Path)),
    responses((status = 200, body = CampaignView), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn campaign(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<CampaignView>> {
    auth.require(&st, Permission::InspectionRead).await?;
    Ok(Json(st.store.inspection_campaign(auth.scope(), id).await?))
}

// ----- plans -----------------------------------------------------------------------------

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlanQuery {
    pub campaign_id: Option<Uuid>,
}

#[utoipa::path(get, path = "/api/inspection-plans", tag = "inspections", params(PlanQuery),
    responses((status = 200, body = Vec<PlanView>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn plans(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<PlanQuery>,
) -> ApiResult<Json<Vec<PlanView>>> {
    auth.require(&st, Permission::InspectionWrite).await?;
    Ok(Json(
        st.store.list_plans(auth.scope(), q.campaign_id).await?,
    ))
}

/// Plan inspections: one per target (enterprise and inspector of the planning unit).
#[utoipa::path(post, path = "/api/inspection-plans", tag = "inspections", request_body = PlanInput,
    responses((status = 201, body = PlanView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn create_plan(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<PlanInput>,
) -> ApiResult<(StatusCode, Json<PlanView>)> {
    auth.require(&st, Permission::InspectionWrite).await?;
    let p = auth
        .checked(&st, st.store.create_plan(&auth.actor, &b).await)
        .await?;
    Ok((StatusCode::CREATED, Json(p)))
}

/// A plan with its progress overall, by inspector and by district.
#[utoipa::path(get, path = "/api/inspection-plans/{id}", tag = "inspections", params(("id" = Uuid, Path)),
    responses((status = 200, body = PlanView), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn plan(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<PlanView>> {
    auth.require(&st, Permission::InspectionWrite).await?;
    Ok(Json(st.store.plan(auth.scope(), id).await?))
}

/// The accounts of the caller's unit that may be named inspectors of its plans.
#[utoipa::path(get, path = "/api/inspections/inspectors", tag = "inspections",
    responses((status = 200, body = Vec<InspectorView>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn inspectors(
    State(st): State<AppState>,
    auth: Auth,
) -> ApiResult<Json<Vec<InspectorView>>> {
    auth.require(&st, Permission::InspectionWrite).await?;
    Ok(Json(
        auth.checked(&st, st.store.inspectors(&auth.actor).await)
            .await?,
    ))
}

// ----- inspections -------------------------------------------------------------------------

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewInspection {
    pub enterprise_id: Option<Uuid>,
    pub template_id: Option<Uuid>,
    pub plan_id: Option<Uuid>,
}

/// An inspection by the caller outside a plan (or added to one of the unit's plans).
#[utoipa::path(post, path = "/api/inspections", tag = "inspections", request_body = NewInspection,
    responses((status = 201, body = InspectionDetail), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn create(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<NewInspection>,
) -> ApiResult<(StatusCode, Json<InspectionDetail>)> {
    auth.require(&st, Permission::InspectionWrite).await?;
    let i = auth
        .checked(
            &st,
            st.store
                .create_inspection(&auth.actor, b.enterprise_id, b.template_id, b.plan_id)
                .await,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(i)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    pub plan_id: Option<Uuid>,
    /// draft / in_progress / awaiting_confirmation / completed / cancelled
    pub state: Option<String>,
    /// Only the caller's own inspections (as inspector).
    pub mine: Option<bool>,
    pub enterprise_id: Option<Uuid>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

#[utoipa::path(get, path = "/api/inspections", tag = "inspections", params(ListQuery),
    responses((status = 200, body = Page<InspectionBrief>), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> ApiResult<Json<Page<InspectionBrief>>> {
    auth.require(&st, Permission::InspectionRead).await?;
    let state = match nonempty(&q.state) {
        Some(s) => Some(
            InspState::from_code(&s)
                .ok_or_else(|| ApiError::field("state", "invalid", "检查状态取值无效"))?,
        ),
        None => None,
    };
    let f = InspectionFilter {
        plan_id: q.plan_id,
        state,
        mine: q.mine.unwrap_or(false),
        enterprise_id: q.enterprise_id,
    };
    Ok(Json(
        st.store
            .list_inspections(&auth.actor, &f, &PageReq::new(q.page, q.page_size, None))
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/inspections/{id}", tag = "inspections", params(("id" = Uuid, Path)),
    responses((status = 200, body = InspectionDetail), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<InspectionDetail>> {
    auth.require(&st, Permission::InspectionRead).await?;
    Ok(Json(st.store.inspection(&auth.actor, id).await?))
}

/// 开始检查.
#[utoipa::path(post, path = "/api/inspections/{id}/start", tag = "inspections", params(("id" = Uuid, Path)),
    responses((status = 200, body = InspectionDetail), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn start(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<InspectionDetail>> {
    auth.require(&st, Permission::InspectionWrite).await?;
    Ok(Json(
        auth.checked(&st, st.store.start_inspection(&auth.actor, id).await)
            .await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswersBody {
    #[serde(default)]
    pub answers: Vec<AnswerInput>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Saved {
    pub version: i32,
    pub summary: SummaryView,
}

/// Save answers as they are given (merged by item key).
#[utoipa::path(put, path = "/api/inspections/{id}/answers", tag = "inspections", params(("id" = Uuid, Path)), request_body = AnswersBody,
    responses((status = 200, body = Saved), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn answers(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<AnswersBody>,
) -> ApiResult<Json<Saved>> {
    auth.require(&st, Permission::InspectionWrite).await?;
    let (version, summary) = auth
        .checked(
            &st,
            st.store.save_answers(&auth.actor, id, &b.answers).await,
        )
        .await?;
    Ok(Json(Saved { version, summary }))
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FinishBody {
    /// 企业陪同人员
    pub accompanied_by: Option<String>,
}

/// End the inspection: every item answered (400 lists the others) → 待企业确认.
#[utoipa::path(post, path = "/api/inspections/{id}/finish", tag = "inspections", params(("id" = Uuid, Path)), request_body = FinishBody,
    responses((status = 200, body = InspectionDetail), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn finish(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<FinishBody>,
) -> ApiResult<Json<InspectionDetail>> {
    auth.require(&st, Permission::InspectionWrite).await?;
    Ok(Json(
        auth.checked(
            &st,
            st.store
                .finish_inspection(&auth.actor, id, b.accompanied_by.as_deref())
                .await,
        )
        .await?,
    ))
}

/// The enterprise confirms (its user, or the inspector on site with the
/// representative's name); every 不符合 becomes a hazard.
#[utoipa::path(post, path = "/api/inspections/{id}/confirm", tag = "inspections", params(("id" = Uuid, Path)), request_body = ConfirmInput,
    responses((status = 200, body = InspectionDetail), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn confirm(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<ConfirmInput>,
) -> ApiResult<Json<InspectionDetail>> {
    if !auth.has(Permission::InspectionConfirm) {
        auth.require(&st, Permission::InspectionWrite).await?;
    }
    Ok(Json(
        auth.checked(&st, st.store.confirm_inspection(&auth.actor, id, &b).await)
            .await?,
    ))
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct CancelBody {
    pub reason: Option<String>,
}

#[utoipa::path(post, path = "/api/inspections/{id}/cancel", tag = "inspections", params(("id" = Uuid, Path)), request_body = CancelBody,
    responses((status = 200, body = InspectionDetail), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn cancel(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<CancelBody>,
) -> ApiResult<Json<InspectionDetail>> {
    auth.require(&st, Permission::InspectionWrite).await?;
    Ok(Json(
        auth.checked(
            &st,
            st.store
                .cancel_inspection(&auth.actor, id, b.reason.as_deref())
                .await,
        )
        .await?,
    ))
}

/// The 督导检查意见书 (Word) with the findings, their photos and the requirements.
#[utoipa::path(get, path = "/api/inspections/{id}/report.docx", tag = "inspections", params(("id" = Uuid, Path)),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", body = Vec<u8>), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn report(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Response> {
    auth.require(&st, Permission::InspectionRead).await?;
    let d = st.store.inspection(&auth.actor, id).await?;
    let issuer_name = st
        .store
        .inspection_owner_name(id)
        .await?
        .unwrap_or_else(|| "海口市商务局".into());
    let today = anzhi_domain::time::today_china(chrono::Utc::now());
    let mut findings = Vec::new();
    for f in &d.findings {
        let answer = d.answers.iter().find(|a| a.key == f.key);
        let mut photos = Vec::new();
        for p in answer
            .map(|a| a.photos.clone())
            .unwrap_or_default()
            .iter()
            .take(4)
        {
            if !p.content_type.starts_with("image/jpeg") {
                continue;
            }
            if let Ok(meta) = st.store.file_for_download(&auth.actor, p.id).await
                && let Ok(bytes) = st.config.files.get(&meta.storage_key).await
            {
                photos.push(anzhi_docs::Photo {
                    jpeg: bytes.to_vec(),
                    caption: p.name.clone(),
                });
            }
        }
        let hazard = d
            .hazards
            .iter()
            .find(|h| h.item_key.as_deref() == Some(&f.key));
        findings.push(anzhi_docs::Finding {
            item: f.item_text.clone(),
            problem: match hazard {
                Some(h) => format!("{}（隐患编号{}）", f.problem, h.code),
                None => f.problem.clone(),
            },
            basis: f.basis.clone(),
            level_label: f.level_label.clone(),
            requirement: format!(
                "按照{}的要求立即整改",
                if f.basis.is_empty() {
                    "检查表"
                } else {
                    &f.basis
                }
            ),
            deadline: Some(anzhi_domain::hazard::default_deadline(f.level, today)),
            photos,
        });
    }
    let r = anzhi_docs::InspectionReport {
        title: format!("{issuer_name}安全生产督导检查意见书"),
        doc_number: None,
        addressee: d.brief.enterprise_name.clone(),
        issuer: issuer_name,
        inspected_on: d
            .brief
            .started_at
            .map(anzhi_domain::time::today_china)
            .unwrap_or(today),
        inspectors: vec![d.brief.inspector_name.clone()],
        template_name: d.brief.template_name.clone(),
        accompanied_by: d.accompanied_by.clone(),
        summary: anzhi_docs::Counts {
            checked: d.summary.checked,
            passed: d.summary.passed,
            failed: d.summary.failed,
            not_applicable: d.summary.not_applicable,
        },
        findings,
        closing: String::new(),
        confirmed_by: match (&d.confirmed_by_name, d.confirmed_at) {
            (Some(n), Some(t)) => Some((
                n.clone(),
                t.with_timezone(&chrono_tz::Asia::Shanghai).naive_local(),
            )),
            _ => None,
        },
        issued_on: today,
    };
    let bytes = tokio::task::spawn_blocking(move || anzhi_docs::inspection_report(&r))
        .await
        .map_err(|_| ApiError::internal())?
        .map_err(|e| ApiError::new(crate::error::ErrorCode::Internal, e.to_string()))?;
    Ok(crate::xlsx::attachment(
        bytes,
        &format!("督导检查意见书-{}.docx", d.brief.enterprise_name),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(templates, create_template))
        .routes(routes!(template, update_template))
        .routes(routes!(campaigns, create_campaign))
        .routes(routes!(campaign))
        .routes(routes!(plans, create_plan))
        .routes(routes!(plan))
        .routes(routes!(list, create))
        .routes(routes!(inspectors))
        .routes(routes!(get))
        .routes(routes!(start))
        .routes(routes!(answers))
        .routes(routes!(finish))
        .routes(routes!(confirm))
        .routes(routes!(cancel))
        .routes(routes!(report))
}
