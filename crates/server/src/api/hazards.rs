//! Hidden-hazard governance (隐患排查治理): the hazard-category dictionary, hazards
//! and their steps, the 隐患台账 export, statistics and repeat hazards, self-checks
//! (自查自改自报) and their status. See docs/api-hazards.md.

use anzhi_domain::Permission;
use anzhi_domain::hazard::{Action, HazardEdit, HazardInput, Level, SelfCheckInput, Source, State};
use anzhi_store::hazard_stats::{HazardStats, RepeatGroup, StatsBy, StatsFilter};
use anzhi_store::hazards::{
    HazardCategory, HazardCategoryInput, HazardDetail, HazardFilter, HazardPage, HazardView,
    StepBody,
};
use anzhi_store::self_checks::{
    SelfCheckDetail, SelfCheckFilter, SelfCheckStatus, SelfCheckView, StatusFilter,
};
use anzhi_store::{Page, PageReq};
use axum::Json;
use axum::extract::{Path, State as AxState};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::{nonempty, parse};
use crate::AppState;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{ApiJson, ApiQuery, Auth, IdempotencyKey, REPLAYED_HEADER};
use crate::xlsx;

// ----- hazard categories ----------------------------------------------------------

/// The hazard-category dictionary (隐患类别).
#[utoipa::path(get, path = "/api/hazard-categories", tag = "hazards",
    responses((status = 200, body = Vec<HazardCategory>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn categories(
    AxState(st): AxState<AppState>,
    auth: Auth,
) -> ApiResult<Json<Vec<HazardCategory>>> {
    if !auth.has(Permission::HazardRead) && !auth.has(Permission::DictionaryWrite) {
        auth.require(&st, Permission::HazardRead).await?;
    }
    Ok(Json(st.store.list_hazard_categories().await?))
}

#[utoipa::path(post, path = "/api/hazard-categories", tag = "hazards", request_body = HazardCategoryInput,
    responses((status = 201, body = HazardCategory), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn create_category(
    AxState(st): AxState<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<HazardCategoryInput>,
) -> ApiResult<(StatusCode, Json<HazardCategory>)> {
    auth.require(&st, Permission::DictionaryWrite).await?;
    let c = auth
        .checked(&st, st.store.create_hazard_category(&auth.actor, &b).await)
        .await?;
    Ok((StatusCode::CREATED, Json(c)))
}

#[utoipa::path(put, path = "/api/hazard-categories/{id}", tag = "hazards", params(("id" = Uuid, Path)), request_body = HazardCategoryInput,
    responses((status = 200, body = HazardCategory), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn update_category(
    AxState(st): AxState<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<HazardCategoryInput>,
) -> ApiResult<Json<HazardCategory>> {
    auth.require(&st, Permission::DictionaryWrite).await?;
    Ok(Json(
        auth.checked(
            &st,
            st.store.update_hazard_category(&auth.actor, id, &b).await,
        )
        .await?,
    ))
}

/// Delete a category no hazard uses (409 otherwise).
#[utoipa::path(delete, path = "/api/hazard-categories/{id}", tag = "hazards", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn delete_category(
    AxState(st): AxState<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    auth.require(&st, Permission::DictionaryWrite).await?;
    auth.checked(&st, st.store.delete_hazard_category(&auth.actor, id).await)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

// ----- hazards -----------------------------------------------------------------------

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HazardQuery {
    pub district_id: Option<Uuid>,
    pub enterprise_id: Option<Uuid>,
    /// pending / rectifying / verifying / closed, or open (未销号: not closed)
    pub state: Option<String>,
    /// general / major
    pub level: Option<String>,
    pub category_id: Option<Uuid>,
    /// self_check / district_check / bureau_supervision / special_check / public_report / other
    pub source: Option<String>,
    /// Only open hazards past their deadline.
    pub overdue: Option<bool>,
    /// Only hazards under listed supervision (挂牌督办).
    pub supervised: Option<bool>,
    pub found_from: Option<NaiveDate>,
    pub found_to: Option<NaiveDate>,
    /// Text in the description, or the hazard number.
    pub q: Option<String>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
    /// found_on, -found_on (default), deadline, -deadline, code, -code
    pub sort: Option<String>,
}

impl HazardQuery {
    fn filter(&self) -> ApiResult<HazardFilter> {
        Ok(HazardFilter {
            district_id: self.district_id,
            enterprise_id: self.enterprise_id,
            state: match self.state.as_deref() {
                Some("open") => None,
                _ => parse("state", &self.state, State::from_code, "隐患状态")?,
            },
            open: self.state.as_deref() == Some("open"),
            level: parse("level", &self.level, Level::from_code, "隐患等级")?,
            category_id: self.category_id,
            source: parse("source", &self.source, Source::from_code, "隐患来源")?,
            overdue: self.overdue.unwrap_or(false),
            supervised: self.supervised.unwrap_or(false),
            found_from: self.found_from,
            found_to: self.found_to,
            q: nonempty(&self.q),
            self_check_id: None,
        })
    }
}

/// Hazards in the caller's reach, with filters, sorting and paging.
#[utoipa::path(get, path = "/api/hazards", tag = "hazards", params(HazardQuery),
    responses((status = 200, body = HazardPage), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list(
    AxState(st): AxState<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<HazardQuery>,
) -> ApiResult<Json<HazardPage>> {
    auth.require(&st, Permission::HazardRead).await?;
    let page = PageReq::new(q.page, q.page_size, q.sort.clone());
    Ok(Json(
        st.store
            .list_hazards(auth.scope(), &q.filter()?, &page)
            .await?,
    ))
}

/// Most rows of one ledger export.
const MAX_LEDGER_ROWS: u64 = 200_000;

/// The filtered list as the 隐患台账 (hazard ledger) `.xlsx`.
#[utoipa::path(get, path = "/api/hazards/export", tag = "hazards", params(HazardQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn export(
    AxState(st): AxState<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<HazardQuery>,
) -> ApiResult<Response> {
    auth.require(&st, Permission::HazardRead).await?;
    let filter = q.filter()?;
    let headers: Vec<(&'static str, f64)> = vec![
        ("序号", 7.0),
        ("隐患编号", 15.0),
        ("企业名称", 30.0),
        ("所属区", 14.0),
        ("隐患描述", 40.0),
        ("隐患部位", 16.0),
        ("隐患类别", 14.0),
        ("隐患等级", 10.0),
        ("隐患来源", 10.0),
        ("发现时间", 12.0),
        ("整改措施", 30.0),
        ("整改责任人", 11.0),
        ("整改期限", 12.0),
        ("整改情况", 30.0),
        ("验收人", 11.0),
        ("销号时间", 12.0),
    ];
    let scope = auth.scope();
    let mut n = 0u64;
    let bytes = xlsx::stream(
        xlsx::Sheet::new("隐患台账", &headers)?.numbers(&[0]),
        move |sheet, h: HazardView| {
            n += 1;
            let state = if h.overdue {
                format!("{}（逾期{}天）", h.state_label, h.overdue_days)
            } else {
                h.state_label.clone()
            };
            let progress = match &h.rectified_note {
                Some(note) => format!("{state}：{note}"),
                None => state,
            };
            sheet.push(&[
                n.to_string(),
                h.code,
                h.enterprise_name,
                h.district_name,
                h.description,
                h.location.unwrap_or_default(),
                h.category_name,
                h.level_label,
                h.source_label,
                h.found_on.to_string(),
                h.measures.unwrap_or_default(),
                h.responsible.unwrap_or_default(),
                h.deadline.to_string(),
                progress,
                h.verified_by_name.unwrap_or_default(),
                h.closed_on.map(|d| d.to_string()).unwrap_or_default(),
            ])?;
            Ok(())
        },
        |tx| {
            st.store
                .export_hazards(scope, &filter, q.sort.clone(), MAX_LEDGER_ROWS, tx)
        },
    )
    .await?;
    Ok(xlsx::download(
        bytes,
        &format!("隐患台账-{}.xlsx", xlsx::stamp()),
    ))
}

/// Report a hazard (上报隐患), or record one fixed on the spot (即查即改).
///
/// With an `Idempotency-Key`, a retry of the same report (after a lost answer) is
/// answered 200 with the hazard the first attempt made and `Idempotent-Replayed:
/// true`, instead of a second hazard.
#[utoipa::path(post, path = "/api/hazards", tag = "hazards", request_body = HazardInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "One report's key (8–64 letters, digits, '-' or '_'; a UUID), the same on each retry")),
    responses((status = 201, body = HazardDetail), (status = 200, description = "A retry: the hazard made by the first attempt", body = HazardDetail), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn create(
    AxState(st): AxState<AppState>,
    auth: Auth,
    IdempotencyKey(key): IdempotencyKey,
    ApiJson(b): ApiJson<HazardInput>,
) -> ApiResult<Response> {
    auth.require(&st, Permission::HazardReport).await?;
    let (h, replayed) = auth
        .checked(
            &st,
            st.store
                .report_hazard_once(&auth.actor, &b, key.as_ref())
                .await,
        )
        .await?;
    Ok(if replayed {
        ([(REPLAYED_HEADER, "true")], Json(h)).into_response()
    } else {
        (StatusCode::CREATED, Json(h)).into_response()
    })
}

/// One hazard with its photos, supervision, plan, whole record (全过程记录) and the
/// steps the caller may take now.
#[utoipa::path(get, path = "/api/hazards/{id}", tag = "hazards", params(("id" = Uuid, Path)),
    responses((status = 200, body = HazardDetail), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get(
    AxState(st): AxState<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<HazardDetail>> {
    auth.require(&st, Permission::HazardRead).await?;
    Ok(Json(st.store.get_hazard(&auth.actor, id).await?))
}

/// Change a hazard's details (修改隐患信息); moving the deadline needs `comment`.
#[utoipa::path(put, path = "/api/hazards/{id}", tag = "hazards", params(("id" = Uuid, Path)), request_body = HazardEdit,
    responses((status = 200, body = HazardDetail), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn update(
    AxState(st): AxState<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<HazardEdit>,
) -> ApiResult<Json<HazardDetail>> {
    auth.require(&st, Permission::HazardReport).await?;
    Ok(Json(
        auth.checked(&st, st.store.edit_hazard(&auth.actor, id, &b).await)
            .await?,
    ))
}

async fn step(
    st: &AppState,
    auth: &Auth,
    id: Uuid,
    action: Action,
    permission: Permission,
    body: StepBody,
) -> ApiResult<Json<HazardDetail>> {
    auth.require(st, permission).await?;
    Ok(Json(
        auth.checked(
            st,
            st.store.act_on_hazard(&auth.actor, id, action, &body).await,
        )
        .await?,
    ))
}

macro_rules! step_route {
    ($name:ident, $path:literal, $action:expr, $perm:expr, $doc:literal) => {
        #[doc = $doc]
        #[utoipa::path(post, path = $path, tag = "hazards", params(("id" = Uuid, Path)), request_body = StepBody,
            responses((status = 200, body = HazardDetail), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
        pub async fn $name(
            AxState(st): AxState<AppState>,
            auth: Auth,
            Path(id): Path<Uuid>,
            ApiJson(b): ApiJson<StepBody>,
        ) -> ApiResult<Json<HazardDetail>> {
            step(&st, &auth, id, $action, $perm, b).await
        }
    };
}

step_route!(
    start,
    "/api/hazards/{id}/start",
    Action::Start,
    Permission::HazardRectify,
    "开始整改 (the enterprise)."
);
step_route!(
    plan,
    "/api/hazards/{id}/plan",
    Action::SubmitPlan,
    Permission::HazardRectify,
    "提交整改方案 with its six parts (重大隐患, the enterprise): `plan`, `attachments`."
);
step_route!(
    supervise,
    "/api/hazards/{id}/supervise",
    Action::Supervise,
    Permission::HazardVerify,
    "挂牌督办 (重大隐患; district or bureau): `deadline`, `comment` (督办要求)."
);
step_route!(
    submit,
    "/api/hazards/{id}/submit",
    Action::Submit,
    Permission::HazardRectify,
    "整改完成，提交验收 (the enterprise): `photos` after (≥ 1), `comment`, `funds_spent`."
);
step_route!(
    accept,
    "/api/hazards/{id}/accept",
    Action::Accept,
    Permission::HazardVerify,
    "验收通过，销号 (district or bureau; a 重大隐患 only by its supervising unit)."
);
step_route!(
    return_,
    "/api/hazards/{id}/return",
    Action::Return,
    Permission::HazardVerify,
    "退回整改 with the reason (`comment`, required)."
);
step_route!(
    level,
    "/api/hazards/{id}/level",
    Action::ChangeLevel,
    Permission::HazardVerify,
    "调整隐患等级: `level`, `comment` (the reason)."
);

// ----- analysis --------------------------------------------------------------------------

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// district / category / level / source / month
    pub by: Option<String>,
    pub district_id: Option<Uuid>,
    /// First month of finding, `YYYY-MM`.
    pub from: Option<String>,
    /// Last month of finding, `YYYY-MM`.
    pub to: Option<String>,
}

/// Statistics (动态分析): found, closed, open, overdue, on-the-spot, rate and average
/// days to close, grouped by district, category, level, source or month.
#[utoipa::path(get, path = "/api/hazards/stats", tag = "hazards", params(StatsQuery),
    responses((status = 200, body = HazardStats), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn stats(
    AxState(st): AxState<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<StatsQuery>,
) -> ApiResult<Json<HazardStats>> {
    auth.require(&st, Permission::HazardRead).await?;
    let by = match nonempty(&q.by).as_deref() {
        None | Some("district") => StatsBy::District,
        Some("category") => StatsBy::Category,
        Some("level") => StatsBy::Level,
        Some("source") => StatsBy::Source,
        Some("month") => StatsBy::Month,
        Some(_) => {
            return Err(ApiError::field(
                "by",
                "invalid",
                "统计维度应为 district、category、level、source 或 month",
            ));
        }
    };
    let f = StatsFilter {
        district_id: q.district_id,
        from: nonempty(&q.from),
        to: nonempty(&q.to),
        skip_overdue: false,
    };
    Ok(Json(st.store.hazard_stats(auth.scope(), by, &f).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RepeatQuery {
    pub district_id: Option<Uuid>,
    /// Found on or after (default: 180 days ago).
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// Repeat hazards: an enterprise's hazards of one category found within 90 days of each other.
#[utoipa::path(get, path = "/api/hazards/repeats", tag = "hazards", params(RepeatQuery),
    responses((status = 200, body = Vec<RepeatGroup>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn repeats(
    AxState(st): AxState<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<RepeatQuery>,
) -> ApiResult<Json<Vec<RepeatGroup>>> {
    auth.require(&st, Permission::HazardRead).await?;
    Ok(Json(
        st.store
            .hazard_repeats(auth.scope(), q.district_id, q.from, q.to)
            .await?,
    ))
}

// ----- self-checks -----------------------------------------------------------------------

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SelfCheckQuery {
    pub enterprise_id: Option<Uuid>,
    pub district_id: Option<Uuid>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
    /// checked_on, -checked_on (default)
    pub sort: Option<String>,
}

/// Self-checks in the caller's reach.
#[utoipa::path(get, path = "/api/self-checks", tag = "hazards", params(SelfCheckQuery),
    responses((status = 200, body = Page<SelfCheckView>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn self_checks(
    AxState(st): AxState<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<SelfCheckQuery>,
) -> ApiResult<Json<Page<SelfCheckView>>> {
    auth.require(&st, Permission::HazardRead).await?;
    let page = PageReq::new(q.page, q.page_size, q.sort.clone());
    let f = SelfCheckFilter {
        enterprise_id: q.enterprise_id,
        district_id: q.district_id,
        from: q.from,
        to: q.to,
    };
    Ok(Json(
        st.store.list_self_checks(auth.scope(), &f, &page).await?,
    ))
}

/// Record a self-check (the enterprise) with the hazards found, or `no_hazards: true`.
#[utoipa::path(post, path = "/api/self-checks", tag = "hazards", request_body = SelfCheckInput,
    responses((status = 201, body = SelfCheckDetail), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn record_self_check(
    AxState(st): AxState<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<SelfCheckInput>,
) -> ApiResult<(StatusCode, Json<SelfCheckDetail>)> {
    auth.require(&st, Permission::HazardRectify).await?;
    let c = auth
        .checked(&st, st.store.record_self_check(&auth.actor, &b).await)
        .await?;
    Ok((StatusCode::CREATED, Json(c)))
}

#[utoipa::path(get, path = "/api/self-checks/{id}", tag = "hazards", params(("id" = Uuid, Path)),
    responses((status = 200, body = SelfCheckDetail), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn self_check(
    AxState(st): AxState<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<SelfCheckDetail>> {
    auth.require(&st, Permission::HazardRead).await?;
    Ok(Json(st.store.get_self_check(auth.scope(), id).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatusQuery {
    pub district_id: Option<Uuid>,
    pub category_id: Option<Uuid>,
    /// Only enterprises whose current period is not done.
    pub missing: Option<bool>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

/// Per enterprise in operation: its self-check period and whether this period's check is done.
#[utoipa::path(get, path = "/api/self-checks/status", tag = "hazards", params(StatusQuery),
    responses((status = 200, body = Page<SelfCheckStatus>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn self_check_status(
    AxState(st): AxState<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<StatusQuery>,
) -> ApiResult<Json<Page<SelfCheckStatus>>> {
    auth.require(&st, Permission::HazardRead).await?;
    let page = PageReq::new(q.page, q.page_size, None);
    let f = StatusFilter {
        district_id: q.district_id,
        category_id: q.category_id,
        missing: q.missing.unwrap_or(false),
    };
    Ok(Json(
        st.store.self_check_status(auth.scope(), &f, &page).await?,
    ))
}

/// The self-checks as `.xlsx` (自查记录).
#[utoipa::path(get, path = "/api/self-checks/export", tag = "hazards", params(SelfCheckQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn export_self_checks(
    AxState(st): AxState<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<SelfCheckQuery>,
) -> ApiResult<Response> {
    auth.require(&st, Permission::HazardRead).await?;
    let f = SelfCheckFilter {
        enterprise_id: q.enterprise_id,
        district_id: q.district_id,
        from: q.from,
        to: q.to,
    };
    let p = st
        .store
        .list_self_checks(auth.scope(), &f, &PageReq::all(q.sort.clone(), 50_000))
        .await?;
    let total = p.total;
    let bytes = tokio::task::spawn_blocking(move || {
        let mut sheet = xlsx::Sheet::new(
            "自查记录",
            &[
                ("序号", 7.0),
                ("企业名称", 30.0),
                ("所属区", 14.0),
                ("自查日期", 12.0),
                ("自查范围", 30.0),
                ("检查人员", 16.0),
                ("结果", 14.0),
                ("发现隐患", 10.0),
                ("其中即查即改", 12.0),
                ("填报人", 12.0),
            ],
        )?
        .numbers(&[0, 7, 8]);
        for (i, c) in p.items.into_iter().enumerate() {
            sheet.push(&[
                (i + 1).to_string(),
                c.enterprise_name,
                c.district_name,
                c.checked_on.to_string(),
                c.scope,
                c.inspectors,
                if c.no_hazards {
                    "未发现隐患".to_string()
                } else {
                    format!("发现隐患{}项", c.hazards_found)
                },
                c.hazards_found.to_string(),
                c.fixed_on_spot.to_string(),
                c.created_by_name,
            ])?;
        }
        sheet.finish(total)
    })
    .await
    .map_err(|_| ApiError::internal())??;
    Ok(xlsx::download(
        bytes,
        &format!("自查记录-{}.xlsx", xlsx::stamp()),
    ))
}

/// 自查情况 as `.xlsx`: each enterprise, its period and whether it is done.
#[utoipa::path(get, path = "/api/self-checks/status/export", tag = "hazards", params(StatusQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn export_self_check_status(
    AxState(st): AxState<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<StatusQuery>,
) -> ApiResult<Response> {
    auth.require(&st, Permission::HazardRead).await?;
    let f = StatusFilter {
        district_id: q.district_id,
        category_id: q.category_id,
        missing: q.missing.unwrap_or(false),
    };
    let p = st
        .store
        .self_check_status(auth.scope(), &f, &PageReq::all(None, 50_000))
        .await?;
    let total = p.total;
    let bytes = tokio::task::spawn_blocking(move || {
        let mut sheet = xlsx::Sheet::new(
            "自查情况",
            &[
                ("序号", 7.0),
                ("企业名称", 30.0),
                ("所属区", 14.0),
                ("行业类别", 16.0),
                ("自查周期", 10.0),
                ("本期", 14.0),
                ("本期自查", 10.0),
                ("最近自查日期", 14.0),
                ("上期漏报", 10.0),
            ],
        )?
        .numbers(&[0]);
        for (i, r) in p.items.into_iter().enumerate() {
            sheet.push(&[
                (i + 1).to_string(),
                r.enterprise_name,
                r.district_name,
                r.category_name.unwrap_or_default(),
                r.period.label().to_string(),
                r.period_label,
                if r.done { "已完成" } else { "未完成" }.to_string(),
                r.last_checked_on.map(|d| d.to_string()).unwrap_or_default(),
                if r.previous_missed { "是" } else { "" }.to_string(),
            ])?;
        }
        sheet.finish(total)
    })
    .await
    .map_err(|_| ApiError::internal())??;
    Ok(xlsx::download(
        bytes,
        &format!("自查情况-{}.xlsx", xlsx::stamp()),
    ))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(export_self_checks))
        .routes(routes!(export_self_check_status))
        .routes(routes!(categories, create_category))
        .routes(routes!(update_category, delete_category))
        .routes(routes!(list, create))
        .routes(routes!(export))
        .routes(routes!(stats))
        .routes(routes!(repeats))
        .routes(routes!(get, update))
        .routes(routes!(start))
        .routes(routes!(plan))
        .routes(routes!(supervise))
        .routes(routes!(submit))
        .routes(routes!(accept))
        .routes(routes!(return_))
        .routes(routes!(level))
        .routes(routes!(self_checks, record_self_check))
        .routes(routes!(self_check_status))
        .routes(routes!(self_check))
}
