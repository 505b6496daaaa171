//! Request extractors: JSON and query strings with Chinese errors naming the
//! field, the client's address, and the authenticated session.

use std::net::SocketAddr;

use anzhi_domain::audit::Outcome;
use anzhi_domain::{Permission, Role, Scope};
use anzhi_store::Actor;
use anzhi_store::audit::AuditEvent;
use anzhi_store::entity::{session, user};
use anzhi_store::request_keys::RequestKey;
use anzhi_store::users::UserStatus;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{Method, header};
use serde::de::DeserializeOwned;

use crate::AppState;
use crate::error::{ApiError, ErrorCode};
use crate::fields::describe;

pub const SESSION_COOKIE: &str = "anzhi_session";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// Requests a page makes on its own, which do not count as use of the session.
const BACKGROUND_PATHS: &[&str] = &["/api/notifications/unread-count"];

/// JSON body: malformed JSON, unknown fields, missing fields, wrong types and
/// bad enum values answer 400 naming the field; an oversized body 413.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let ct = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !ct.starts_with("application/json") {
            return Err(ApiError::new(
                ErrorCode::UnsupportedMediaType,
                "请求体须为 JSON（Content-Type: application/json）",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rej| {
            if rej.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(ErrorCode::PayloadTooLarge, "请求内容超过大小限制（1 MB）")
            } else {
                ApiError::new(ErrorCode::MalformedJson, "无法读取请求体")
            }
        })?;
        parse_json(&bytes).map(ApiJson)
    }
}

pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(de) {
        Ok(v) => {
            // Trailing content after the value is malformed too.
            Ok(v)
        }
        Err(err) => {
            let path = err.path().to_string();
            let inner = err.into_inner();
            Err(map_serde_error(&path, &inner.to_string(), inner.classify()))
        }
    }
}

fn map_serde_error(path: &str, msg: &str, class: serde_json::error::Category) -> ApiError {
    use serde_json::error::Category;
    match class {
        Category::Syntax | Category::Eof | Category::Io => ApiError::new(
            ErrorCode::MalformedJson,
            format!("请求体不是有效的 JSON：{}", position(msg)),
        ),
        Category::Data => map_data_error(path, msg),
    }
}

fn position(msg: &str) -> String {
    // serde_json ends messages with "at line L column C".
    match msg.rfind(" at line ") {
        Some(i) => {
            let tail = &msg[i + " at line ".len()..];
            let mut parts = tail.split(" column ");
            let line = parts.next().unwrap_or("?");
            let col = parts.next().unwrap_or("?");
            format!("第{line}行第{col}列附近有语法错误")
        }
        None => "内容不完整或有语法错误".into(),
    }
}

fn between_backticks(msg: &str) -> Option<&str> {
    let start = msg.find('`')? + 1;
    let end = msg[start..].find('`')? + start;
    Some(&msg[start..end])
}

/// Turns a serde data error into a field error. Public for the query extractor.
pub fn map_data_error(path: &str, msg: &str) -> ApiError {
    let path = if path == "." { "" } else { path };
    let join = |name: &str| {
        if path.is_empty() {
            name.to_string()
        } else {
            format!("{path}.{name}")
        }
    };
    let (field, code, message) = if msg.starts_with("unknown field") {
        // The path already ends with the unknown field's name.
        let name = between_backticks(msg).unwrap_or("?");
        let f = if path.is_empty() {
            name.to_string()
        } else {
            path.to_string()
        };
        (f.clone(), "unknown_field", format!("不支持的字段“{f}”"))
    } else if msg.starts_with("missing field") {
        let name = between_backticks(msg).unwrap_or("?");
        let f = join(name);
        let d = describe(&f);
        (f, "required", format!("缺少必填字段{d}"))
    } else if msg.starts_with("unknown variant") {
        let v = between_backticks(msg).unwrap_or("?");
        let expected = msg.split("expected ").nth(1).unwrap_or("").replace('`', "");
        let d = describe(path);
        (
            path.to_string(),
            "invalid_enum",
            format!("字段{d}的取值“{v}”无效，可选值：{expected}"),
        )
    } else if msg.starts_with("invalid type")
        || msg.starts_with("invalid value")
        || msg.starts_with("invalid length")
    {
        let expected = msg
            .split("expected ")
            .nth(1)
            .map(|s| s.split(" at line").next().unwrap_or(s))
            .unwrap_or("");
        let d = describe(path);
        (
            path.to_string(),
            "invalid_type",
            format!(
                "字段{d}的类型或格式不正确（应为 {}）",
                translate_expected(expected)
            ),
        )
    } else {
        let d = describe(path);
        (path.to_string(), "invalid", format!("字段{d}的值无效"))
    };
    let field = if field.is_empty() {
        "body".to_string()
    } else {
        field
    };
    ApiError::field(&field, code, message)
}

fn translate_expected(e: &str) -> String {
    let e = e.trim();
    match e {
        "a string" => "字符串".into(),
        "a boolean" => "布尔值 true/false".into(),
        "u64" | "u32" | "i32" | "i64" | "u16" | "u8" => "整数".into(),
        "UUID" | "a UUID string" => "UUID".into(),
        "a sequence" => "数组".into(),
        s if s.starts_with("struct") || s.starts_with("a map") => "对象".into(),
        s if s.contains("formatted date") || s.contains("date") => "日期 YYYY-MM-DD".into(),
        s => s.to_string(),
    }
}

/// Query string with the same error mapping as [`ApiJson`].
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let q = parts.uri.query().unwrap_or("");
        let de = serde_urlencoded::Deserializer::new(form_urlencoded_parse(q));
        serde_path_to_error::deserialize::<_, T>(de)
            .map(ApiQuery)
            .map_err(|err| {
                let path = err.path().to_string();
                map_data_error(&path, &err.into_inner().to_string())
            })
    }
}

fn form_urlencoded_parse(q: &str) -> form_urlencoded::Parse<'_> {
    form_urlencoded::parse(q.as_bytes())
}

/// The client's address (the socket's, or `X-Forwarded-For` behind a trusted proxy) and agent.
#[derive(Debug, Clone)]
pub struct Client {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub https: bool,
}

impl FromRequestParts<AppState> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(client_of(parts, state))
    }
}

fn client_of(parts: &Parts, state: &AppState) -> Client {
    let sock = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string());
    let header_str = |name: &str| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let (ip, https) = if state.config.trust_proxy {
        // The last address is the one the trusted proxy appended (nginx's
        // `$proxy_add_x_forwarded_for`); those before it come from the client and
        // may be forged.
        let fwd = header_str("x-forwarded-for")
            .and_then(|v| v.rsplit(',').next().map(|s| s.trim().to_string()))
            .filter(|s| !s.is_empty());
        let proto =
            header_str("x-forwarded-proto").is_some_and(|p| p.eq_ignore_ascii_case("https"));
        (fwd.or(sock), proto)
    } else {
        (sock, false)
    };
    Client {
        ip,
        user_agent: header_str("user-agent").map(|u| u.chars().take(300).collect()),
        https: https || state.config.secure_cookies,
    }
}

pub fn cookie_token(parts: &Parts) -> Option<String> {
    session_token(&parts.headers)
}

/// The session token from the `Cookie` header(s).
pub fn session_token(headers: &axum::http::HeaderMap) -> Option<String> {
    for v in headers.get_all(header::COOKIE) {
        let Ok(s) = v.to_str() else { continue };
        for pair in s.split(';') {
            let mut kv = pair.trim().splitn(2, '=');
            if kv.next() == Some(SESSION_COOKIE)
                && let Some(val) = kv.next()
                && !val.is_empty()
            {
                return Some(val.to_string());
            }
        }
    }
    None
}

/// An authenticated request: the session, its user, and the actor for the store.
#[derive(Debug, Clone)]
pub struct Auth {
    pub user: user::Model,
    pub role: Role,
    pub session: session::Model,
    pub actor: Actor,
    pub method: Method,
    pub path: String,
}

impl Auth {
    pub fn scope(&self) -> Scope {
        self.actor.scope
    }

    pub fn has(&self, p: Permission) -> bool {
        self.role.has(p)
    }

    /// Checks a permission; a denial is audited and answers 403.
    pub async fn require(&self, state: &AppState, p: Permission) -> Result<(), ApiError> {
        if self.has(p) {
            return Ok(());
        }
        self.deny(state, "角色无此权限").await;
        Err(ApiError::forbidden(format!(
            "{}无权执行此操作",
            self.role.label()
        )))
    }

    /// Maps a store result, auditing a refusal by the store (e.g. an action
    /// the caller's role may not take on this row) like any other denial.
    pub async fn checked<T>(
        &self,
        state: &AppState,
        r: anzhi_store::Result<T>,
    ) -> Result<T, ApiError> {
        match r {
            Err(anzhi_store::StoreError::Forbidden(msg)) => {
                self.deny(state, &msg).await;
                Err(ApiError::forbidden(msg))
            }
            r => Ok(r?),
        }
    }

    /// Records a denied request in the audit trail.
    pub async fn deny(&self, state: &AppState, why: &str) {
        let ev = AuditEvent::new("access.denied")
            .result(Outcome::Denied)
            .detail(format!("{} {}：{why}", self.method, self.path));
        if let Err(e) = state.store.audit(&self.actor, ev).await {
            tracing::error!(error = %e, "audit of a denial failed");
        }
    }
}

/// [`Auth`] that also accepts sessions restricted to the account pages
/// (forced password change, second-factor setup).
#[derive(Debug, Clone)]
pub struct AccountAuth(pub Auth);

async fn authenticate(
    parts: &mut Parts,
    state: &AppState,
    allow_pending: bool,
) -> Result<Auth, ApiError> {
    let token = cookie_token(parts).ok_or_else(ApiError::unauthenticated)?;
    let policy = state.policy().await?;
    let idle = chrono::Duration::minutes(policy.idle_timeout_minutes.into());
    let (sess, user) = state
        .store
        .session_by_token(&token, idle)
        .await?
        .ok_or_else(|| ApiError::new(ErrorCode::Unauthenticated, "会话已过期，请重新登录"))?;
    if UserStatus::from_code(&user.status) != Some(UserStatus::Active) {
        return Err(ApiError::new(ErrorCode::AccountDisabled, "账号已停用"));
    }
    let role = Role::from_code(&user.role).ok_or_else(ApiError::internal)?;
    let client = client_of(parts, state);
    let actor = Actor {
        scope: Scope::for_user(role, user.org_id),
        user_id: Some(user.id),
        username: user.username.clone(),
        role: Some(role),
        ip: client.ip,
    };
    let auth = Auth {
        user,
        role,
        session: sess,
        actor,
        method: parts.method.clone(),
        path: parts.uri.path().to_string(),
    };
    let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe {
        let sent = parts
            .headers
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        use subtle::ConstantTimeEq;
        let ok = !sent.is_empty()
            && bool::from(sent.as_bytes().ct_eq(auth.session.csrf_token.as_bytes()));
        if !ok {
            auth.deny(state, "CSRF 令牌缺失或不符").await;
            return Err(ApiError::new(
                ErrorCode::CsrfFailed,
                "请求校验失败（CSRF 令牌缺失或不符），请刷新页面后重试",
            ));
        }
    }
    if !allow_pending {
        match auth.session.pending.as_deref() {
            Some(anzhi_store::sessions::PENDING_PASSWORD) => {
                return Err(ApiError::new(
                    ErrorCode::PasswordChangeRequired,
                    "请先修改密码",
                ));
            }
            Some(anzhi_store::sessions::PENDING_TOTP) => {
                return Err(ApiError::new(
                    ErrorCode::TotpSetupRequired,
                    "请先绑定动态口令",
                ));
            }
            _ => {}
        }
    }
    // Background polling (the bell's badge) must not keep an idle session alive.
    if !BACKGROUND_PATHS.contains(&auth.path.as_str()) {
        state.store.touch_session(&auth.session).await?;
    }
    Ok(auth)
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        authenticate(parts, state, false).await
    }
}

impl FromRequestParts<AppState> for AccountAuth {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        authenticate(parts, state, true).await.map(AccountAuth)
    }
}

/// The optional `Idempotency-Key` header of a submission (上报隐患, 进展报告): the
/// client sends the same key with every retry of one submission, and a retry is
/// answered with what the first one made. A malformed key answers 400 naming it.
#[derive(Debug, Clone, Default)]
pub struct IdempotencyKey(pub Option<RequestKey>);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let Some(v) = parts.headers.get(anzhi_store::request_keys::HEADER) else {
            return Ok(IdempotencyKey(None));
        };
        let raw = v.to_str().unwrap_or("");
        RequestKey::parse(raw)
            .map(|k| IdempotencyKey(Some(k)))
            .map_err(|e| ApiError::validation(vec![e]))
    }
}

/// The header a replayed answer carries (`true`), so a client can tell it got the
/// record of its earlier attempt.
pub const REPLAYED_HEADER: &str = "idempotent-replayed";
