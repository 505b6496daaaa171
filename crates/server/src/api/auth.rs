//! Login, logout, the current user, password change, TOTP, own sessions.

use anzhi_domain::audit::Outcome;
use anzhi_domain::password::{dummy_hash, hash_password, verify_password};
use anzhi_domain::{Permission, Role};
use anzhi_store::Actor;
use anzhi_store::audit::AuditEvent;
use anzhi_store::sessions::{PENDING_PASSWORD, PENDING_TOTP, SessionView};
use anzhi_store::users::{UserStatus, UserView};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use totp_rs::{Builder, Secret, Totp};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::AppState;
use crate::error::{ApiError, ApiResult, ErrorCode, Problem};
use crate::extract::{AccountAuth, ApiJson, Auth, Client, SESSION_COOKIE, session_token};

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
    /// 6-digit TOTP code, when the account has a second factor.
    #[serde(default)]
    pub totp: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MeUser {
    #[serde(flatten)]
    pub user: UserView,
    pub role_label: String,
}

/// The signed-in user and what the UI needs to know about the session.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Me {
    pub user: MeUser,
    /// Send back in `X-CSRF-Token` on every state-changing request.
    pub csrf_token: String,
    /// `password_change` or `totp_setup` while the session is restricted to those pages.
    pub pending: Option<String>,
    pub demo: bool,
    pub permissions: Vec<Permission>,
    /// This account must use a second factor.
    pub totp_required: bool,
    /// The password rule in words.
    pub password_hint: String,
}

async fn me_of(
    st: &AppState,
    user_id: Uuid,
    csrf: String,
    pending: Option<String>,
) -> ApiResult<Me> {
    let user = st.store.own_user(user_id).await?;
    let policy = st.policy().await?;
    let totp_required = st.totp_required_for(user.role).await?;
    Ok(Me {
        permissions: user.role.permissions().to_vec(),
        user: MeUser {
            role_label: user.role.label().into(),
            user,
        },
        csrf_token: csrf,
        pending,
        demo: st.config.demo,
        totp_required,
        password_hint: policy.hint(),
    })
}

fn session_cookie(token: &str, secure: bool) -> HeaderValue {
    let s = format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{}",
        if secure { "; Secure" } else { "" }
    );
    HeaderValue::from_str(&s).unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn clear_cookie(secure: bool) -> HeaderValue {
    let s = format!(
        "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{}",
        if secure { "; Secure" } else { "" }
    );
    HeaderValue::from_str(&s).unwrap_or_else(|_| HeaderValue::from_static(""))
}

pub fn totp_for(secret_b32: &str, account: &str) -> Result<Totp, ApiError> {
    let secret = Secret::try_from_base32(secret_b32).map_err(|_| ApiError::internal())?;
    Builder::new()
        .with_secret(secret)
        .with_account_name(account)
        .with_issuer(Some("安治"))
        .build()
        .map_err(|_| ApiError::internal())
}

/// Sign in. Needs no CSRF token. Five failures (configurable) lock the account.
#[utoipa::path(post, path = "/api/auth/login", tag = "auth", request_body = LoginRequest,
    responses(
        (status = 200, body = Me, description = "Signed in; sets the `anzhi_session` cookie"),
        (status = 400, body = Problem), (status = 401, body = Problem, description = "invalid_credentials, totp_required or totp_invalid"),
        (status = 403, body = Problem, description = "account_disabled"), (status = 423, body = Problem, description = "account_locked")))]
pub async fn login(
    State(st): State<AppState>,
    client: Client,
    headers: HeaderMap,
    ApiJson(req): ApiJson<LoginRequest>,
) -> ApiResult<Response> {
    let mut v = anzhi_domain::Validator::new();
    let username = v.text("username", "用户名", &req.username, 1, 64);
    if req.password.is_empty() {
        v.error("password", "required", "密码不能为空");
    } else if req.password.chars().count() > 128 {
        v.error("password", "too_long", "密码不能超过128个字符");
    }
    v.into_result().map_err(ApiError::validation)?;
    let policy = st.policy().await?;
    let anon = Actor::anonymous(&username, client.ip.clone());
    let invalid = || ApiError::new(ErrorCode::InvalidCredentials, "用户名或密码错误");
    let Some(user) = st.store.auth_find_user(&username).await? else {
        // Same work as for a real account, so timing does not reveal which names exist.
        let _ = verify_password(&req.password, dummy_hash());
        st.store
            .auth_record_failure(&anon, None, &policy, "用户名不存在")
            .await?;
        return Err(invalid());
    };
    let role = Role::from_code(&user.role).ok_or_else(ApiError::internal)?;
    let actor = Actor {
        scope: anzhi_domain::Scope::for_user(role, user.org_id),
        user_id: Some(user.id),
        username: user.username.clone(),
        role: Some(role),
        ip: client.ip.clone(),
    };
    let now = chrono::Utc::now();
    if let Some(until) = user.locked_until.filter(|t| *t > now) {
        st.store
            .audit(
                &actor,
                AuditEvent::new("auth.login_failed")
                    .object("user", user.id)
                    .result(Outcome::Failure)
                    .detail("账号锁定期间尝试登录"),
            )
            .await?;
        return Err(ApiError::new(
            ErrorCode::AccountLocked,
            format!(
                "连续登录失败次数过多，账号已锁定至 {}，请稍后再试或联系安全管理员解锁",
                anzhi_domain::time::format_china(until)
            ),
        ));
    }
    if !verify_password(&req.password, &user.password_hash) {
        if let Some(until) = st
            .store
            .auth_record_failure(&actor, Some(user.id), &policy, "密码错误")
            .await?
        {
            return Err(ApiError::new(
                ErrorCode::AccountLocked,
                format!(
                    "连续{}次登录失败，账号已锁定至 {}",
                    policy.max_failures,
                    anzhi_domain::time::format_china(until)
                ),
            ));
        }
        return Err(invalid());
    }
    if UserStatus::from_code(&user.status) != Some(UserStatus::Active) {
        st.store
            .audit(
                &actor,
                AuditEvent::new("auth.login_failed")
                    .object("user", user.id)
                    .result(Outcome::Failure)
                    .detail("账号已停用"),
            )
            .await?;
        return Err(ApiError::new(
            ErrorCode::AccountDisabled,
            "账号已停用，请联系系统管理员",
        ));
    }
    if let Some(secret) = st.store.totp_secret(&user)? {
        let code = req.totp.as_deref().map(str::trim).unwrap_or("");
        if code.is_empty() {
            return Err(ApiError::new(
                ErrorCode::TotpRequired,
                "请输入动态口令（身份验证器中的6位数字）",
            ));
        }
        let totp = totp_for(&secret, &user.username)?;
        let step = totp.check_current(code);
        let fresh = match step {
            Some(s) => st.store.auth_use_totp_step(user.id, s as i64).await?,
            None => false,
        };
        if !fresh {
            if let Some(until) = st
                .store
                .auth_record_failure(&actor, Some(user.id), &policy, "动态口令错误")
                .await?
            {
                return Err(ApiError::new(
                    ErrorCode::AccountLocked,
                    format!(
                        "连续{}次登录失败，账号已锁定至 {}",
                        policy.max_failures,
                        anzhi_domain::time::format_china(until)
                    ),
                ));
            }
            return Err(ApiError::new(
                ErrorCode::TotpInvalid,
                "动态口令错误或已使用，请输入身份验证器中最新的6位数字",
            ));
        }
    }
    let pending = if user.must_change_password || policy.expired(user.password_changed_at, now) {
        Some(PENDING_PASSWORD)
    } else if user.totp_secret_enc.is_none() && st.totp_required_for(role).await? {
        Some(PENDING_TOTP)
    } else {
        None
    };
    let old = session_token(&headers);
    let s = st
        .store
        .start_session(
            &actor,
            user.id,
            pending,
            client.user_agent.clone(),
            old.as_deref(),
        )
        .await?;
    let me = me_of(&st, user.id, s.csrf_token, pending.map(str::to_string)).await?;
    let mut res = Json(me).into_response();
    res.headers_mut()
        .insert(header::SET_COOKIE, session_cookie(&s.token, client.https));
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// Sign out: ends this session.
#[utoipa::path(post, path = "/api/auth/logout", tag = "auth", responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn logout(
    State(st): State<AppState>,
    client: Client,
    AccountAuth(auth): AccountAuth,
) -> ApiResult<Response> {
    st.store
        .end_own_session(&auth.actor, auth.session.id, "auth.logout")
        .await?;
    let mut res = StatusCode::NO_CONTENT.into_response();
    res.headers_mut()
        .insert(header::SET_COOKIE, clear_cookie(client.https));
    Ok(res)
}

/// The signed-in user, permissions, CSRF token and pending step.
#[utoipa::path(get, path = "/api/auth/me", tag = "auth", responses((status = 200, body = Me), (status = 401, body = Problem)))]
pub async fn me(State(st): State<AppState>, AccountAuth(auth): AccountAuth) -> ApiResult<Response> {
    let me = me_of(
        &st,
        auth.user.id,
        auth.session.csrf_token.clone(),
        auth.session.pending.clone(),
    )
    .await?;
    let mut res = Json(me).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    pub old_password: String,
    pub new_password: String,
}

/// Change own password (also the forced first-login change). Other sessions of the account end.
#[utoipa::path(post, path = "/api/auth/password", tag = "auth", request_body = PasswordChange,
    responses((status = 204), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn change_password(
    State(st): State<AppState>,
    AccountAuth(auth): AccountAuth,
    ApiJson(req): ApiJson<PasswordChange>,
) -> ApiResult<StatusCode> {
    let policy = st.policy().await?;
    if !verify_password(&req.old_password, &auth.user.password_hash) {
        return Err(ApiError::field("old_password", "invalid", "原密码不正确"));
    }
    if let Err(msg) = policy.check(&req.new_password, &auth.user.username) {
        return Err(ApiError::field("new_password", "weak", msg));
    }
    if req.new_password == req.old_password {
        return Err(ApiError::field(
            "new_password",
            "unchanged",
            "新密码不能与原密码相同",
        ));
    }
    let hash = hash_password(&req.new_password).map_err(|_| ApiError::internal())?;
    st.store
        .auth_set_password(&auth.actor, auth.user.id, hash, Some(auth.session.id))
        .await?;
    // After a forced change, an admin without a second factor goes on to set one up.
    if auth.session.pending.as_deref() == Some(PENDING_PASSWORD)
        && auth.user.totp_secret_enc.is_none()
        && st.totp_required_for(auth.role).await?
    {
        st.store
            .set_session_pending(auth.session.id, Some(PENDING_TOTP), None)
            .await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TotpSetup {
    /// Base32 secret, for manual entry.
    pub secret: String,
    pub otpauth_url: String,
    /// QR code as a `data:image/png;base64,…` URL.
    pub qr_png: String,
}

/// Start second-factor setup: a new secret, shown once, confirmed by `totp/enable`.
#[utoipa::path(post, path = "/api/auth/totp/setup", tag = "auth", responses((status = 200, body = TotpSetup), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn totp_setup(
    State(st): State<AppState>,
    AccountAuth(auth): AccountAuth,
) -> ApiResult<Json<TotpSetup>> {
    let secret = Secret::generate().to_base32();
    let totp = totp_for(&secret, &auth.user.username)?;
    let qr = totp.to_qr_base64().map_err(|_| ApiError::internal())?;
    let url = totp.to_url().map_err(|_| ApiError::internal())?;
    st.store
        .set_session_pending(
            auth.session.id,
            auth.session.pending.as_deref(),
            Some(secret.clone()),
        )
        .await?;
    Ok(Json(TotpSetup {
        secret,
        otpauth_url: url,
        qr_png: format!("data:image/png;base64,{qr}"),
    }))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TotpCode {
    pub code: String,
}

/// Confirm setup with a current code; the second factor is then required at login.
#[utoipa::path(post, path = "/api/auth/totp/enable", tag = "auth", request_body = TotpCode,
    responses((status = 204), (status = 400, body = Problem), (status = 401, body = Problem), (status = 409, body = Problem)))]
pub async fn totp_enable(
    State(st): State<AppState>,
    AccountAuth(auth): AccountAuth,
    ApiJson(req): ApiJson<TotpCode>,
) -> ApiResult<StatusCode> {
    let Some(secret) = st.store.session_totp_pending(&auth.session) else {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            "请先获取动态口令密钥（绑定步骤一）",
        ));
    };
    let totp = totp_for(&secret, &auth.user.username)?;
    if totp.check_current(req.code.trim()).is_none() {
        return Err(ApiError::field(
            "code",
            "invalid",
            "动态口令不正确，请核对手机时间并输入最新的6位数字",
        ));
    }
    st.store
        .auth_set_totp(&auth.actor, auth.user.id, Some(&secret))
        .await?;
    let pending = auth
        .session
        .pending
        .as_deref()
        .filter(|p| *p != PENDING_TOTP);
    st.store
        .set_session_pending(auth.session.id, pending, None)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordConfirm {
    pub password: String,
}

/// Turn the second factor off (not allowed where the policy requires it).
#[utoipa::path(post, path = "/api/auth/totp/disable", tag = "auth", request_body = PasswordConfirm,
    responses((status = 204), (status = 400, body = Problem), (status = 401, body = Problem), (status = 409, body = Problem)))]
pub async fn totp_disable(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(req): ApiJson<PasswordConfirm>,
) -> ApiResult<StatusCode> {
    if st.totp_required_for(auth.role).await? {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            "管理员账号必须使用动态口令，不能停用",
        ));
    }
    if !verify_password(&req.password, &auth.user.password_hash) {
        return Err(ApiError::field("password", "invalid", "密码不正确"));
    }
    if auth.user.totp_secret_enc.is_none() {
        return Err(ApiError::new(ErrorCode::Conflict, "尚未启用动态口令"));
    }
    st.store
        .auth_set_totp(&auth.actor, auth.user.id, None)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OwnSession {
    #[serde(flatten)]
    pub session: SessionView,
    /// The session of this request.
    pub current: bool,
}

/// Own sessions (devices signed in), newest first.
#[utoipa::path(get, path = "/api/auth/sessions", tag = "auth", responses((status = 200, body = Vec<OwnSession>), (status = 401, body = Problem)))]
pub async fn own_sessions(
    State(st): State<AppState>,
    AccountAuth(auth): AccountAuth,
) -> ApiResult<Json<Vec<OwnSession>>> {
    let list = st.store.own_sessions(&auth.actor).await?;
    Ok(Json(
        list.into_iter()
            .map(|s| OwnSession {
                current: s.id == auth.session.id,
                session: s,
            })
            .collect(),
    ))
}

/// End one of own sessions (e.g. a forgotten device).
#[utoipa::path(delete, path = "/api/auth/sessions/{id}", tag = "auth", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn end_own_session(
    State(st): State<AppState>,
    AccountAuth(auth): AccountAuth,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    st.store
        .end_own_session(&auth.actor, id, "auth.session_end")
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(me))
        .routes(routes!(change_password))
        .routes(routes!(totp_setup))
        .routes(routes!(totp_enable))
        .routes(routes!(totp_disable))
        .routes(routes!(own_sessions))
        .routes(routes!(end_own_session))
}
