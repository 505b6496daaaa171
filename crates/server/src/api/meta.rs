//! Health, system information and the role catalogue.

use anzhi_domain::{OrgKind, Permission, Role};
use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ApiResult;
use crate::extract::Auth;
use crate::{AppState, VERSION};

#[derive(Serialize, utoipa::ToSchema)]
pub struct Health {
    /// `ok` when the database answers
    pub status: String,
    /// `sqlite` or `postgres`
    pub database: String,
    pub version: String,
}

/// Liveness and database check (no login needed).
#[utoipa::path(get, path = "/api/health", tag = "meta", responses((status = 200, body = Health), (status = 500, body = crate::error::Problem)))]
pub async fn health(State(st): State<AppState>) -> ApiResult<Json<Health>> {
    st.store.ping().await?;
    Ok(Json(Health {
        status: "ok".into(),
        database: st.store.backend().name().into(),
        version: VERSION.into(),
    }))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Meta {
    pub name: String,
    pub version: String,
    /// Demo mode: show the demo banner on every page.
    pub demo: bool,
}

/// System name, version and demo mode (no login needed).
#[utoipa::path(get, path = "/api/meta", tag = "meta", responses((status = 200, body = Meta)))]
pub async fn meta(State(st): State<AppState>) -> Json<Meta> {
    Json(Meta {
        name: "安治".into(),
        version: VERSION.into(),
        demo: st.config.demo,
    })
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct RoleInfo {
    pub code: Role,
    pub label: String,
    /// Org kinds an account of this role may belong to.
    pub org_kinds: Vec<OrgKind>,
    pub admin: bool,
    pub permissions: Vec<Permission>,
}

/// The roles, their labels, and which units they belong to.
#[utoipa::path(get, path = "/api/roles", tag = "meta", responses((status = 200, body = Vec<RoleInfo>), (status = 401, body = crate::error::Problem)))]
pub async fn roles(_auth: Auth) -> Json<Vec<RoleInfo>> {
    Json(
        Role::ALL
            .iter()
            .map(|r| RoleInfo {
                code: *r,
                label: r.label().into(),
                org_kinds: r.org_kinds().to_vec(),
                admin: r.is_admin(),
                permissions: r.permissions().to_vec(),
            })
            .collect(),
    )
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(health))
        .routes(routes!(meta))
        .routes(routes!(roles))
}
