//! Account management (system admin; the admin roles by the security admin).

use anzhi_domain::{Permission, Role};
use anzhi_store::users::{NewUser, UserFilter, UserStatus, UserUpdate, UserView};
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
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{ApiJson, ApiQuery, Auth};
use crate::{AppState, xlsx};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserQuery {
    /// 用户名或姓名中的任意片段
    pub q: Option<String>,
    /// 角色代码
    pub role: Option<String>,
    /// 所属单位
    pub org_id: Option<Uuid>,
    /// active 正常 / disabled 停用
    pub status: Option<String>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
    /// 排序：username、display_name、role、status、last_login_at、created_at
    pub sort: Option<String>,
}

impl UserQuery {
    fn filter(&self) -> ApiResult<UserFilter> {
        let role = match nonempty(&self.role) {
            None => None,
            Some(r) => Some(
                Role::from_code(&r)
                    .ok_or_else(|| ApiError::field("role", "invalid_enum", "角色代码无效"))?,
            ),
        };
        let status = match nonempty(&self.status) {
            None => None,
            Some(s) => Some(UserStatus::from_code(&s).ok_or_else(|| {
                ApiError::field(
                    "status",
                    "invalid_enum",
                    "状态无效，可选值：active、disabled",
                )
            })?),
        };
        Ok(UserFilter {
            q: nonempty(&self.q),
            role,
            org_id: self.org_id,
            status,
        })
    }
}

/// An account as admins see it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct User {
    #[serde(flatten)]
    pub user: UserView,
    pub role_label: String,
}

fn user(u: UserView) -> User {
    User {
        role_label: u.role.label().into(),
        user: u,
    }
}

async fn require_accounts(st: &AppState, auth: &Auth) -> ApiResult<()> {
    if auth.has(Permission::UserWrite) || auth.has(Permission::UserRoleAdmin) {
        Ok(())
    } else {
        auth.require(st, Permission::UserWrite).await
    }
}

/// List accounts.
#[utoipa::path(get, path = "/api/users", tag = "users", params(UserQuery),
    responses((status = 200, body = Page<User>), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<UserQuery>,
) -> ApiResult<Json<Page<User>>> {
    auth.require(&st, Permission::UserRead).await?;
    let page = st
        .store
        .list_users(
            &auth.actor,
            &q.filter()?,
            &PageReq::new(q.page, q.page_size, q.sort.clone()),
        )
        .await?;
    Ok(Json(page.map(user)))
}

/// Export the filtered accounts as `.xlsx`.
#[utoipa::path(get, path = "/api/users/export", tag = "users", params(UserQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", description = "用户.xlsx"), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn export(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<UserQuery>,
) -> ApiResult<Response> {
    auth.require(&st, Permission::UserRead).await?;
    let page = st
        .store
        .list_users(
            &auth.actor,
            &q.filter()?,
            &PageReq::all(q.sort.clone(), xlsx::MAX_EXPORT_ROWS),
        )
        .await?;
    let rows: Vec<Vec<String>> = page
        .items
        .iter()
        .map(|u| {
            vec![
                u.username.clone(),
                u.display_name.clone(),
                u.role.label().into(),
                u.org_name.clone(),
                u.phone.clone().unwrap_or_default(),
                u.status.label().into(),
                if u.locked_until.is_some() {
                    "是".into()
                } else {
                    String::new()
                },
                if u.totp_enabled {
                    "已启用".into()
                } else {
                    String::new()
                },
                xlsx::time(u.last_login_at),
                xlsx::time(Some(u.created_at)),
            ]
        })
        .collect();
    let bytes = xlsx::workbook(
        "用户",
        &[
            ("用户名", 16.0),
            ("姓名", 16.0),
            ("角色", 14.0),
            ("所属单位", 30.0),
            ("手机号码", 16.0),
            ("状态", 8.0),
            ("锁定", 8.0),
            ("动态口令", 10.0),
            ("最近登录", 20.0),
            ("创建时间", 20.0),
        ],
        &rows,
        page.total,
    )?;
    Ok(xlsx::download(
        bytes,
        &format!("用户-{}.xlsx", xlsx::stamp()),
    ))
}

/// One account.
#[utoipa::path(get, path = "/api/users/{id}", tag = "users", params(("id" = Uuid, Path)),
    responses((status = 200, body = User), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<User>> {
    auth.require(&st, Permission::UserRead).await?;
    Ok(Json(user(st.store.get_user(&auth.actor, id).await?)))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUserBody {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub org_id: Uuid,
    #[serde(default)]
    pub phone: Option<String>,
    /// Initial password; generated when absent. The user must change it at first login.
    #[serde(default)]
    pub password: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CreatedUser {
    pub user: User,
    /// Shown once; the user must change it at first login.
    pub initial_password: String,
}

/// Create an account.
#[utoipa::path(post, path = "/api/users", tag = "users", request_body = NewUserBody,
    responses((status = 201, body = CreatedUser), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn create(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<NewUserBody>,
) -> ApiResult<(StatusCode, Json<CreatedUser>)> {
    require_accounts(&st, &auth).await?;
    let policy = st.policy().await?;
    let input = NewUser {
        username: b.username,
        display_name: b.display_name,
        role: b.role,
        org_id: b.org_id,
        phone: b.phone,
        password: b.password,
    };
    let (u, pw) = auth
        .checked(
            &st,
            st.store.create_user(&auth.actor, &input, &policy).await,
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedUser {
            user: user(u),
            initial_password: pw,
        }),
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserChange {
    pub display_name: String,
    pub role: Role,
    pub org_id: Uuid,
    /// A masked value (`138****1234`) keeps the stored number.
    #[serde(default)]
    pub phone: Option<String>,
}

/// Change an account's name, role, unit or phone. A change of role or unit ends its sessions.
#[utoipa::path(put, path = "/api/users/{id}", tag = "users", params(("id" = Uuid, Path)), request_body = UserChange,
    responses((status = 200, body = User), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn update(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<UserChange>,
) -> ApiResult<Json<User>> {
    require_accounts(&st, &auth).await?;
    let input = UserUpdate {
        display_name: b.display_name,
        role: b.role,
        org_id: b.org_id,
        phone: b.phone,
    };
    Ok(Json(user(
        auth.checked(&st, st.store.update_user(&auth.actor, id, &input).await)
            .await?,
    )))
}

/// Disable an account (its sessions end).
#[utoipa::path(post, path = "/api/users/{id}/disable", tag = "users", params(("id" = Uuid, Path)),
    responses((status = 200, body = User), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn disable(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<User>> {
    require_accounts(&st, &auth).await?;
    Ok(Json(user(
        auth.checked(
            &st,
            st.store
                .set_user_status(&auth.actor, id, UserStatus::Disabled)
                .await,
        )
        .await?,
    )))
}

/// Enable an account.
#[utoipa::path(post, path = "/api/users/{id}/enable", tag = "users", params(("id" = Uuid, Path)),
    responses((status = 200, body = User), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn enable(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<User>> {
    require_accounts(&st, &auth).await?;
    Ok(Json(user(
        auth.checked(
            &st,
            st.store
                .set_user_status(&auth.actor, id, UserStatus::Active)
                .await,
        )
        .await?,
    )))
}

/// Clear a lockout (security admin).
#[utoipa::path(post, path = "/api/users/{id}/unlock", tag = "users", params(("id" = Uuid, Path)),
    responses((status = 200, body = User), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn unlock(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<User>> {
    auth.require(&st, Permission::UserRoleAdmin).await?;
    Ok(Json(user(st.store.unlock_user(&auth.actor, id).await?)))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ResetPassword {
    /// Shown once; the user must change it at next login.
    pub initial_password: String,
}

/// Reset an account's password to a new random one (its sessions end).
#[utoipa::path(post, path = "/api/users/{id}/reset-password", tag = "users", params(("id" = Uuid, Path)),
    responses((status = 200, body = ResetPassword), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn reset_password(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<ResetPassword>> {
    require_accounts(&st, &auth).await?;
    let pw = auth
        .checked(&st, st.store.reset_password(&auth.actor, id).await)
        .await?;
    Ok(Json(ResetPassword {
        initial_password: pw,
    }))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(export))
        .routes(routes!(get, update))
        .routes(routes!(disable))
        .routes(routes!(enable))
        .routes(routes!(unlock))
        .routes(routes!(reset_password))
}
