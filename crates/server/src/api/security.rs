//! Security policy and live sessions (security admin).

use anzhi_domain::Permission;
use anzhi_domain::password::PasswordPolicy;
use anzhi_store::sessions::SessionView;
use anzhi_store::{Page, PageReq};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::nonempty;
use crate::AppState;
use crate::error::{ApiResult, Problem};
use crate::extract::{ApiJson, ApiQuery, Auth};

/// The password, lockout, session and second-factor policy.
#[utoipa::path(get, path = "/api/security/policy", tag = "security",
    responses((status = 200, body = PasswordPolicy), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn get_policy(State(st): State<AppState>, auth: Auth) -> ApiResult<Json<PasswordPolicy>> {
    auth.require(&st, Permission::SecurityPolicy).await?;
    Ok(Json(st.store.policy().await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyBody {
    pub min_length: u32,
    pub min_classes: u32,
    pub expiry_days: u32,
    pub max_failures: u32,
    pub lockout_minutes: u32,
    pub idle_timeout_minutes: u32,
    pub require_totp_for_admins: bool,
}

/// Change the policy.
#[utoipa::path(put, path = "/api/security/policy", tag = "security", request_body = PolicyBody,
    responses((status = 200, body = PasswordPolicy), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn put_policy(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<PolicyBody>,
) -> ApiResult<Json<PasswordPolicy>> {
    auth.require(&st, Permission::SecurityPolicy).await?;
    let p = PasswordPolicy {
        min_length: b.min_length,
        min_classes: b.min_classes,
        expiry_days: b.expiry_days,
        max_failures: b.max_failures,
        lockout_minutes: b.lockout_minutes,
        idle_timeout_minutes: b.idle_timeout_minutes,
        require_totp_for_admins: b.require_totp_for_admins,
    };
    let saved = st.store.set_policy(&auth.actor, &p).await?;
    st.forget_policy().await;
    Ok(Json(saved))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SessionQuery {
    /// 用户名
    pub username: Option<String>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

/// Every live session.
#[utoipa::path(get, path = "/api/security/sessions", tag = "security", params(SessionQuery),
    responses((status = 200, body = Page<SessionView>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn sessions(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<SessionQuery>,
) -> ApiResult<Json<Page<SessionView>>> {
    auth.require(&st, Permission::SecuritySessions).await?;
    let page = PageReq::new(q.page, q.page_size, None);
    Ok(Json(
        st.store
            .all_sessions(auth.scope(), nonempty(&q.username).as_deref(), &page)
            .await?,
    ))
}

/// Force a session to end.
#[utoipa::path(delete, path = "/api/security/sessions/{id}", tag = "security", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn end_session(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    auth.require(&st, Permission::SecuritySessions).await?;
    st.store.end_any_session(&auth.actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_policy, put_policy))
        .routes(routes!(sessions))
        .routes(routes!(end_session))
}
