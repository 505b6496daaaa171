//! The bell: the caller's unit's notifications (reminders and digests).

use anzhi_store::reminders::NotificationView;
use anzhi_store::{Page, PageReq};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::AppState;
use crate::error::{ApiResult, Problem};
use crate::extract::{ApiQuery, Auth};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NotificationQuery {
    /// 只看未读
    pub unread: Option<bool>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

/// Notifications of the caller's unit, newest first, with the caller's read state.
#[utoipa::path(get, path = "/api/notifications", tag = "notifications", params(NotificationQuery),
    responses((status = 200, body = Page<NotificationView>), (status = 401, body = Problem)))]
pub async fn list(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<NotificationQuery>,
) -> ApiResult<Json<Page<NotificationView>>> {
    let page = PageReq::new(q.page, q.page_size, None);
    Ok(Json(
        st.store
            .list_notifications(&auth.actor, q.unread.unwrap_or(false), &page)
            .await?,
    ))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Count {
    pub count: u64,
}

/// How many notifications the caller has not read (the bell's badge).
#[utoipa::path(get, path = "/api/notifications/unread-count", tag = "notifications",
    responses((status = 200, body = Count), (status = 401, body = Problem)))]
pub async fn unread_count(State(st): State<AppState>, auth: Auth) -> ApiResult<Json<Count>> {
    Ok(Json(Count {
        count: st.store.unread_count(&auth.actor).await?,
    }))
}

/// Mark one notification read.
#[utoipa::path(post, path = "/api/notifications/{id}/read", tag = "notifications", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn read(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    st.store.mark_read(&auth.actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Mark every notification read.
#[utoipa::path(post, path = "/api/notifications/read-all", tag = "notifications",
    responses((status = 200, body = Count), (status = 401, body = Problem)))]
pub async fn read_all(State(st): State<AppState>, auth: Auth) -> ApiResult<Json<Count>> {
    Ok(Json(Count {
        count: st.store.mark_all_read(&auth.actor).await?,
    }))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(unread_count))
        .routes(routes!(read))
        .routes(routes!(read_all))
}
