//! Extreme-weather warnings (极端天气预警): issue by hand or import a CAP 1.2 file,
//! broadcast, acknowledge, report, remind. See docs/api-weather.md.

use anzhi_domain::Permission;
use anzhi_domain::weather::{self as rules, AckInput, AckState, Colour, Kind, WarningInput};
use anzhi_store::weather::{AckFilter, AckView, CapOutcome, CapPreview, WarningView};
use anzhi_store::{Page, PageReq};
use axum::Json;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::files::read_upload;
use super::nonempty;
use crate::AppState;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{ApiJson, ApiQuery, Auth};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActionsQuery {
    /// typhoon / rainstorm / thunderstorm_gale / heat
    pub kind: Option<String>,
    /// blue / yellow / orange / red
    pub colour: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Actions {
    pub actions: Vec<&'static str>,
}

/// The default required-action checklist for a kind and colour.
#[utoipa::path(get, path = "/api/weather/actions", tag = "weather", params(ActionsQuery),
    responses((status = 200, body = Actions), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn actions(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<ActionsQuery>,
) -> ApiResult<Json<Actions>> {
    auth.require(&st, Permission::WeatherRead).await?;
    let kind = nonempty(&q.kind)
        .and_then(|k| Kind::from_code(&k))
        .ok_or_else(|| ApiError::field("kind", "invalid", "预警类型取值无效"))?;
    let colour = nonempty(&q.colour)
        .and_then(|c| Colour::from_code(&c))
        .ok_or_else(|| ApiError::field("colour", "invalid", "预警级别取值无效"))?;
    Ok(Json(Actions {
        actions: rules::default_actions(kind, colour),
    }))
}

/// A warning as the form sends it.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WarningBody {
    pub kind: Option<Kind>,
    pub colour: Option<Colour>,
    pub title: Option<String>,
    #[serde(default)]
    pub district_ids: Vec<Uuid>,
    #[serde(default)]
    pub category_ids: Vec<Uuid>,
    pub valid_from: Option<DateTime<Utc>>,
    pub valid_to: Option<DateTime<Utc>>,
    pub description: Option<String>,
    #[serde(default)]
    pub actions: Vec<String>,
}

/// Errors of the domain name `districts`; the API's field is `district_ids`.
fn rename_fields(e: ApiError) -> ApiError {
    e.map_fields(|f| {
        if let Some(rest) = f.strip_prefix("districts") {
            format!("district_ids{rest}")
        } else if let Some(rest) = f.strip_prefix("categories") {
            format!("category_ids{rest}")
        } else {
            f.to_string()
        }
    })
}

/// Issue a warning and broadcast it to the enterprises of its districts and categories.
#[utoipa::path(post, path = "/api/weather-warnings", tag = "weather", request_body = WarningBody,
    responses((status = 201, body = WarningView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn create(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<WarningBody>,
) -> ApiResult<(StatusCode, Json<WarningView>)> {
    auth.require(&st, Permission::WeatherWrite).await?;
    let input = WarningInput {
        kind: b.kind,
        colour: b.colour,
        title: b.title,
        districts: b.district_ids,
        categories: b.category_ids,
        valid_from: b.valid_from,
        valid_to: b.valid_to,
        description: b.description,
        actions: b.actions,
    };
    let w = auth
        .checked(
            &st,
            st.store.create_warning(&auth.actor, &input, None).await,
        )
        .await
        .map_err(rename_fields)?;
    Ok((StatusCode::CREATED, Json(w)))
}

#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct CapForm {
    /// A CAP 1.2 XML file (≤ 1 MB).
    #[schema(format = Binary, content_media_type = "application/xml")]
    file: String,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CapQuery {
    /// Only parse and show what the file would raise.
    pub preview: Option<bool>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum CapAnswer {
    Preview(Box<CapPreview>),
    Warning(Box<WarningView>),
}

/// Import a CAP 1.2 warning file: preview it, or raise (Alert), replace (Update) or
/// cancel (Cancel) the warning. A bad file → 400 naming what is wrong.
#[utoipa::path(post, path = "/api/weather-warnings/cap", tag = "weather", params(CapQuery),
    request_body(content = CapForm, content_type = "multipart/form-data"),
    responses((status = 200, body = CapAnswer), (status = 201, body = WarningView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 409, body = Problem), (status = 413, body = Problem)))]
pub async fn import_cap(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<CapQuery>,
    mp: Multipart,
) -> ApiResult<(StatusCode, Json<CapAnswer>)> {
    auth.require(&st, Permission::WeatherWrite).await?;
    let (_, bytes) = read_upload(mp, anzhi_cap::MAX_BYTES as u64).await?;
    let w = anzhi_cap::parse(&bytes).map_err(|e| ApiError::field("file", e.code(), e.message()))?;
    if !matches!(w.status, anzhi_cap::Status::Actual) {
        return Err(ApiError::field(
            "file",
            "not_actual",
            format!(
                "该预警文件的状态为 {}（非正式发布），不予导入",
                w.status.as_str()
            ),
        ));
    }
    if q.preview.unwrap_or(false) {
        return Ok((
            StatusCode::OK,
            Json(CapAnswer::Preview(Box::new(
                st.store.cap_preview(&w).await?,
            ))),
        ));
    }
    match auth
        .checked(&st, st.store.import_cap(&auth.actor, &w).await)
        .await?
    {
        CapOutcome::Created(v) | CapOutcome::Updated(v) => {
            Ok((StatusCode::CREATED, Json(CapAnswer::Warning(Box::new(v)))))
        }
        CapOutcome::Cancelled(v) => Ok((StatusCode::OK, Json(CapAnswer::Warning(Box::new(v))))),
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only warnings in force now.
    pub active: Option<bool>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

/// Warnings in the caller's reach, in force first.
#[utoipa::path(get, path = "/api/weather-warnings", tag = "weather", params(ListQuery),
    responses((status = 200, body = Page<WarningView>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> ApiResult<Json<Page<WarningView>>> {
    auth.require(&st, Permission::WeatherRead).await?;
    Ok(Json(
        st.store
            .list_warnings(
                auth.scope(),
                q.active.unwrap_or(false),
                &PageReq::new(q.page, q.page_size, None),
            )
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/weather-warnings/{id}", tag = "weather", params(("id" = Uuid, Path)),
    responses((status = 200, body = WarningView), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<WarningView>> {
    auth.require(&st, Permission::WeatherRead).await?;
    Ok(Json(st.store.warning(auth.scope(), id).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CancelBody {
    #[serde(default)]
    pub reason: String,
}

/// Lift (解除) a warning before its end.
#[utoipa::path(post, path = "/api/weather-warnings/{id}/cancel", tag = "weather", params(("id" = Uuid, Path)), request_body = CancelBody,
    responses((status = 200, body = WarningView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn cancel(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<CancelBody>,
) -> ApiResult<Json<WarningView>> {
    auth.require(&st, Permission::WeatherWrite).await?;
    Ok(Json(
        auth.checked(
            &st,
            st.store.cancel_warning(&auth.actor, id, &b.reason).await,
        )
        .await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AckQuery {
    /// pending / acknowledged / reported
    pub state: Option<String>,
    pub district_id: Option<Uuid>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

/// Who has acknowledged and reported (in the caller's reach).
#[utoipa::path(get, path = "/api/weather-warnings/{id}/acks", tag = "weather", params(("id" = Uuid, Path), AckQuery),
    responses((status = 200, body = Page<AckView>), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn acks(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiQuery(q): ApiQuery<AckQuery>,
) -> ApiResult<Json<Page<AckView>>> {
    auth.require(&st, Permission::WeatherRead).await?;
    let state = match nonempty(&q.state) {
        Some(s) => Some(
            AckState::from_code(&s)
                .ok_or_else(|| ApiError::field("state", "invalid", "确认状态取值无效"))?,
        ),
        None => None,
    };
    Ok(Json(
        st.store
            .list_acks(
                auth.scope(),
                id,
                &AckFilter {
                    state,
                    district_id: q.district_id,
                },
                &PageReq::new(q.page, q.page_size, None),
            )
            .await?,
    ))
}

/// The enterprise confirms it has received the warning (确认收到).
#[utoipa::path(post, path = "/api/weather-warnings/{id}/ack", tag = "weather", params(("id" = Uuid, Path)),
    responses((status = 200, body = AckView), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn ack(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<AckView>> {
    auth.require(&st, Permission::WeatherAck).await?;
    Ok(Json(
        auth.checked(
            &st,
            st.store.acknowledge_warning(&auth.actor, id, None).await,
        )
        .await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportBody {
    /// Indices of the actions done.
    #[serde(default)]
    pub done: Vec<usize>,
    pub note: Option<String>,
    #[serde(default)]
    pub photos: Vec<Uuid>,
}

/// The enterprise reports what it did (落实情况), with photos.
#[utoipa::path(post, path = "/api/weather-warnings/{id}/report", tag = "weather", params(("id" = Uuid, Path)), request_body = ReportBody,
    responses((status = 200, body = AckView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn report(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<ReportBody>,
) -> ApiResult<Json<AckView>> {
    auth.require(&st, Permission::WeatherAck).await?;
    let input = AckInput {
        done: b.done,
        note: b.note,
    };
    Ok(Json(
        auth.checked(
            &st,
            st.store
                .acknowledge_warning(&auth.actor, id, Some((&input, &b.photos)))
                .await,
        )
        .await?,
    ))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Reminded {
    pub reminded: u64,
}

/// Remind every enterprise (in the caller's reach) that has not acknowledged yet.
#[utoipa::path(post, path = "/api/weather-warnings/{id}/remind", tag = "weather", params(("id" = Uuid, Path)),
    responses((status = 200, body = Reminded), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn remind(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Reminded>> {
    auth.require(&st, Permission::WeatherWrite).await?;
    let n = auth
        .checked(&st, st.store.remind_warning(&auth.actor, id).await)
        .await?;
    Ok(Json(Reminded { reminded: n }))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(actions))
        .routes(routes!(list, create))
        .routes(routes!(import_cap))
        .routes(routes!(get))
        .routes(routes!(cancel))
        .routes(routes!(acks))
        .routes(routes!(ack))
        .routes(routes!(report))
        .routes(routes!(remind))
        .layer(DefaultBodyLimit::max(2 * 1024 * 1024))
}
