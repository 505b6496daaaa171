//! Credit (诚信) and benchmark enterprises (标杆企业), the maturity assessment
//! (成熟度评估). See docs/api-accountability.md.

use anzhi_domain::Permission;
use anzhi_domain::accountability::{BenchmarkAction, BenchmarkState};
use anzhi_domain::credit::{CreditGrade, CreditRules};
use anzhi_domain::maturity::{self as maturity_rules, Answers, MaturityState, Questionnaire};
use anzhi_store::credit::{
    BenchmarkInput, BenchmarkView, CreditDetail, CreditFilter, CreditList, CreditRow,
    CreditSummary, Recomputed,
};
use anzhi_store::maturity::{
    MaturityDetail, MaturityFilter, MaturityReviewInput, MaturitySummaryRow, MaturityView,
    PilotInput,
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

use super::parse;
use super::training::export;
use crate::AppState;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{ApiJson, ApiQuery, Auth};
use crate::xlsx::{opt, time};

const MAX_EXPORT: u64 = 50_000;

fn this_year() -> i32 {
    chrono::Datelike::year(&anzhi_domain::time::today_china(chrono::Utc::now()))
}

// ----- credit ------------------------------------------------------------------------------

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CreditQuery {
    pub district_id: Option<Uuid>,
    pub category_id: Option<Uuid>,
    /// A / B / C / D
    pub grade: Option<String>,
    /// red (红名单) / watch (重点关注名单)
    pub list: Option<String>,
    pub q: Option<String>,
    /// score (lowest first, default) / -score
    pub sort: Option<String>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

impl CreditQuery {
    fn filter(&self) -> ApiResult<CreditFilter> {
        Ok(CreditFilter {
            district_id: self.district_id,
            category_id: self.category_id,
            grade: parse("grade", &self.grade, CreditGrade::from_code, "诚信等级")?,
            list: parse(
                "list",
                &self.list,
                |s| match s {
                    "red" => Some(CreditList::Red),
                    "watch" => Some(CreditList::Watch),
                    _ => None,
                },
                "名单",
            )?,
            q: self.q.clone(),
        })
    }
}

#[utoipa::path(get, path = "/api/credit", tag = "accountability", params(CreditQuery),
    responses((status = 200, body = Page<CreditRow>), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn credit_list(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<CreditQuery>,
) -> ApiResult<Json<Page<CreditRow>>> {
    auth.require(&st, Permission::CreditRead).await?;
    Ok(Json(
        st.store
            .list_credit(
                auth.scope(),
                &q.filter()?,
                &PageReq::new(q.page, q.page_size, q.sort.clone()),
            )
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/credit/export", tag = "accountability", params(CreditQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn export_credit(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<CreditQuery>,
) -> ApiResult<Response> {
    auth.require(&st, Permission::CreditRead).await?;
    let p = st
        .store
        .list_credit(
            auth.scope(),
            &q.filter()?,
            &PageReq::all(q.sort.clone(), MAX_EXPORT),
        )
        .await?;
    let rows = p
        .items
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                (i + 1).to_string(),
                r.enterprise_name,
                opt(&r.credit_code),
                r.district_name,
                opt(&r.category_name),
                r.score.to_string(),
                r.grade_label,
                if r.red_list { "是" } else { "" }.into(),
                if r.watch_list { "是" } else { "" }.into(),
                if r.benchmark { "是" } else { "" }.into(),
                time(Some(r.computed_at)),
            ]
        })
        .collect();
    export(
        "诚信评价",
        vec![
            ("序号", 7.0),
            ("企业", 32.0),
            ("统一社会信用代码", 22.0),
            ("所属区", 14.0),
            ("行业类别", 14.0),
            ("得分", 8.0),
            ("等级", 16.0),
            ("红名单", 8.0),
            ("重点关注", 10.0),
            ("标杆企业", 10.0),
            ("评分时间", 18.0),
        ],
        rows,
        p.total,
        "诚信评价",
    )
    .await
}

#[utoipa::path(get, path = "/api/credit/summary", tag = "accountability",
    responses((status = 200, body = CreditSummary), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn credit_summary(
    State(st): State<AppState>,
    auth: Auth,
) -> ApiResult<Json<CreditSummary>> {
    auth.require(&st, Permission::CreditRead).await?;
    Ok(Json(st.store.credit_summary(auth.scope()).await?))
}

#[utoipa::path(get, path = "/api/credit/rules", tag = "accountability",
    responses((status = 200, body = CreditRules), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn credit_rules(State(st): State<AppState>, auth: Auth) -> ApiResult<Json<CreditRules>> {
    auth.require(&st, Permission::CreditRead).await?;
    Ok(Json(st.store.credit_rules().await?))
}

#[utoipa::path(put, path = "/api/credit/rules", tag = "accountability", request_body = CreditRules,
    responses((status = 200, body = CreditRules), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn put_credit_rules(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<CreditRules>,
) -> ApiResult<Json<CreditRules>> {
    auth.require(&st, Permission::CreditManage).await?;
    Ok(Json(
        auth.checked(&st, st.store.set_credit_rules(&auth.actor, &b).await)
            .await?,
    ))
}

/// Scores every operating enterprise now (the daily job does the same).
#[utoipa::path(post, path = "/api/credit/recompute", tag = "accountability",
    responses((status = 200, body = Recomputed), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn recompute_credit(
    State(st): State<AppState>,
    auth: Auth,
) -> ApiResult<Json<Recomputed>> {
    auth.require(&st, Permission::CreditManage).await?;
    Ok(Json(
        auth.checked(&st, st.store.recompute_credit(auth.scope()).await)
            .await?,
    ))
}

/// One enterprise's live score from today's facts, every item explained, with its history.
#[utoipa::path(get, path = "/api/credit/{id}", tag = "accountability", params(("id" = Uuid, Path)),
    responses((status = 200, body = CreditDetail), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn credit_detail(
    State(st): State<AppState>,
    auth: Auth,
    Path(enterprise_id): Path<Uuid>,
) -> ApiResult<Json<CreditDetail>> {
    auth.require(&st, Permission::CreditRead).await?;
    Ok(Json(st.store.credit(auth.scope(), enterprise_id).await?))
}

// ----- benchmarks --------------------------------------------------------------------------

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BenchmarkQuery {
    pub year: Option<i32>,
    /// nominated / published / withdrawn
    pub state: Option<String>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

#[utoipa::path(get, path = "/api/benchmarks", tag = "accountability", params(BenchmarkQuery),
    responses((status = 200, body = Page<BenchmarkView>), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn benchmarks(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<BenchmarkQuery>,
) -> ApiResult<Json<Page<BenchmarkView>>> {
    auth.require(&st, Permission::CreditRead).await?;
    let state = parse("state", &q.state, BenchmarkState::from_code, "状态")?;
    Ok(Json(
        st.store
            .list_benchmarks(
                auth.scope(),
                q.year,
                state,
                &PageReq::new(q.page, q.page_size, None),
            )
            .await?,
    ))
}

#[utoipa::path(post, path = "/api/benchmarks", tag = "accountability", request_body = BenchmarkInput,
    responses((status = 201, body = BenchmarkView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 409, body = Problem)))]
pub async fn nominate_benchmark(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<BenchmarkInput>,
) -> ApiResult<(StatusCode, Json<BenchmarkView>)> {
    auth.require(&st, Permission::CreditManage).await?;
    let v = auth
        .checked(&st, st.store.nominate_benchmark(&auth.actor, &b).await)
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(post, path = "/api/benchmarks/{id}/publish", tag = "accountability", params(("id" = Uuid, Path)),
    responses((status = 200, body = BenchmarkView), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn publish_benchmark(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<BenchmarkView>> {
    auth.require(&st, Permission::CreditManage).await?;
    Ok(Json(
        auth.checked(
            &st,
            st.store
                .act_on_benchmark(&auth.actor, id, BenchmarkAction::Publish, None)
                .await,
        )
        .await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonInput {
    #[serde(default)]
    pub reason: String,
}

#[utoipa::path(post, path = "/api/benchmarks/{id}/withdraw", tag = "accountability", params(("id" = Uuid, Path)), request_body = ReasonInput,
    responses((status = 200, body = BenchmarkView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn withdraw_benchmark(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<ReasonInput>,
) -> ApiResult<Json<BenchmarkView>> {
    auth.require(&st, Permission::CreditManage).await?;
    Ok(Json(
        auth.checked(
            &st,
            st.store
                .act_on_benchmark(&auth.actor, id, BenchmarkAction::Withdraw, Some(&b.reason))
                .await,
        )
        .await?,
    ))
}

// ----- maturity ----------------------------------------------------------------------------

#[utoipa::path(get, path = "/api/maturity/questionnaire", tag = "accountability",
    responses((status = 200, body = Questionnaire), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn maturity_questionnaire(
    State(st): State<AppState>,
    auth: Auth,
) -> ApiResult<Json<Questionnaire>> {
    auth.require(&st, Permission::CreditRead).await?;
    Ok(Json(maturity_rules::questionnaire().clone()))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MaturityQuery {
    pub year: Option<i32>,
    pub district_id: Option<Uuid>,
    /// draft / submitted / returned / reviewed
    pub state: Option<String>,
    pub pilot_group: Option<String>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

impl MaturityQuery {
    fn filter(&self) -> ApiResult<MaturityFilter> {
        Ok(MaturityFilter {
            year: self.year,
            district_id: self.district_id,
            state: parse("state", &self.state, MaturityState::from_code, "状态")?,
            pilot_group: self.pilot_group.clone(),
        })
    }
}

#[utoipa::path(get, path = "/api/maturity", tag = "accountability", params(MaturityQuery),
    responses((status = 200, body = Page<MaturityView>), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn maturity_list(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<MaturityQuery>,
) -> ApiResult<Json<Page<MaturityView>>> {
    auth.require(&st, Permission::CreditRead).await?;
    Ok(Json(
        st.store
            .list_maturity(
                auth.scope(),
                &q.filter()?,
                &PageReq::new(q.page, q.page_size, None),
            )
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/maturity/export", tag = "accountability", params(MaturityQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn export_maturity(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<MaturityQuery>,
) -> ApiResult<Response> {
    auth.require(&st, Permission::CreditRead).await?;
    let p = st
        .store
        .list_maturity(auth.scope(), &q.filter()?, &PageReq::all(None, MAX_EXPORT))
        .await?;
    let rows = p
        .items
        .into_iter()
        .enumerate()
        .map(|(i, m)| {
            vec![
                (i + 1).to_string(),
                m.enterprise_name,
                m.district_name,
                opt(&m.category_name),
                m.year.to_string(),
                opt(&m.pilot_group),
                m.state_label,
                opt(&m.self_level),
                opt(&m.reviewed_level),
                time(m.submitted_at),
                time(m.reviewed_at),
            ]
        })
        .collect();
    export(
        "成熟度评估",
        vec![
            ("序号", 7.0),
            ("企业", 32.0),
            ("所属区", 14.0),
            ("行业类别", 14.0),
            ("年度", 8.0),
            ("试点批次", 14.0),
            ("状态", 10.0),
            ("自评等级", 10.0),
            ("审核等级", 10.0),
            ("提交时间", 18.0),
            ("审核时间", 18.0),
        ],
        rows,
        p.total,
        "成熟度评估",
    )
    .await
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct YearInput {
    pub year: i32,
}

#[utoipa::path(post, path = "/api/maturity", tag = "accountability", request_body = YearInput,
    responses((status = 201, body = MaturityDetail), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 409, body = Problem)))]
pub async fn start_maturity(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<YearInput>,
) -> ApiResult<(StatusCode, Json<MaturityDetail>)> {
    auth.require(&st, Permission::MaturityFill).await?;
    let d = auth
        .checked(&st, st.store.start_maturity(&auth.actor, b.year).await)
        .await?;
    Ok((StatusCode::CREATED, Json(d)))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Created {
    pub created: u64,
}

#[utoipa::path(post, path = "/api/maturity/pilots", tag = "accountability", request_body = PilotInput,
    responses((status = 200, body = Created), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn maturity_pilots(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<PilotInput>,
) -> ApiResult<Json<Created>> {
    auth.require(&st, Permission::MaturityReview).await?;
    let created = auth
        .checked(&st, st.store.maturity_pilots(&auth.actor, &b).await)
        .await?;
    Ok(Json(Created { created }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SummaryQuery {
    pub year: Option<i32>,
    /// district (default) / category
    pub by: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MaturitySummary {
    pub rows: Vec<MaturitySummaryRow>,
}

#[utoipa::path(get, path = "/api/maturity/summary", tag = "accountability", params(SummaryQuery),
    responses((status = 200, body = MaturitySummary), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn maturity_summary(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<SummaryQuery>,
) -> ApiResult<Json<MaturitySummary>> {
    auth.require(&st, Permission::CreditRead).await?;
    let by_category = match q.by.as_deref() {
        None | Some("") | Some("district") => false,
        Some("category") => true,
        Some(_) => {
            return Err(ApiError::field(
                "by",
                "invalid",
                "汇总方式只能是 district 或 category",
            ));
        }
    };
    Ok(Json(MaturitySummary {
        rows: st
            .store
            .maturity_summary(auth.scope(), q.year.unwrap_or_else(this_year), by_category)
            .await?,
    }))
}

#[utoipa::path(get, path = "/api/maturity/{id}", tag = "accountability", params(("id" = Uuid, Path)),
    responses((status = 200, body = MaturityDetail), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn maturity(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<MaturityDetail>> {
    auth.require(&st, Permission::CreditRead).await?;
    Ok(Json(st.store.maturity(auth.scope(), id).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswersInput {
    #[schema(value_type = Object)]
    pub answers: Answers,
}

#[utoipa::path(put, path = "/api/maturity/{id}", tag = "accountability", params(("id" = Uuid, Path)), request_body = AnswersInput,
    responses((status = 200, body = MaturityDetail), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn save_maturity(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<AnswersInput>,
) -> ApiResult<Json<MaturityDetail>> {
    auth.require(&st, Permission::MaturityFill).await?;
    Ok(Json(
        auth.checked(
            &st,
            st.store.save_maturity(&auth.actor, id, &b.answers).await,
        )
        .await?,
    ))
}

#[utoipa::path(post, path = "/api/maturity/{id}/submit", tag = "accountability", params(("id" = Uuid, Path)),
    responses((status = 200, body = MaturityDetail), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn submit_maturity(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<MaturityDetail>> {
    auth.require(&st, Permission::MaturityFill).await?;
    Ok(Json(
        auth.checked(&st, st.store.submit_maturity(&auth.actor, id).await)
            .await?,
    ))
}

#[utoipa::path(post, path = "/api/maturity/{id}/review", tag = "accountability", params(("id" = Uuid, Path)), request_body = MaturityReviewInput,
    responses((status = 200, body = MaturityDetail), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn review_maturity(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<MaturityReviewInput>,
) -> ApiResult<Json<MaturityDetail>> {
    auth.require(&st, Permission::MaturityReview).await?;
    Ok(Json(
        auth.checked(&st, st.store.review_maturity(&auth.actor, id, &b).await)
            .await?,
    ))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(credit_list))
        .routes(routes!(export_credit))
        .routes(routes!(credit_summary))
        .routes(routes!(credit_rules, put_credit_rules))
        .routes(routes!(recompute_credit))
        .routes(routes!(credit_detail))
        .routes(routes!(benchmarks, nominate_benchmark))
        .routes(routes!(publish_benchmark))
        .routes(routes!(withdraw_benchmark))
        .routes(routes!(maturity_questionnaire))
        .routes(routes!(maturity_list, start_maturity))
        .routes(routes!(export_maturity))
        .routes(routes!(maturity_pilots))
        .routes(routes!(maturity_summary))
        .routes(routes!(maturity, save_maturity))
        .routes(routes!(submit_maturity))
        .routes(routes!(review_maturity))
}
