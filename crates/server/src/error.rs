//! API errors as `application/problem+json` with stable codes and Chinese details.

use anzhi_domain::FieldError;
use anzhi_store::StoreError;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// Stable error codes (the `code` member of every problem answer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Unauthenticated,
    InvalidCredentials,
    TotpRequired,
    TotpInvalid,
    AccountLocked,
    AccountDisabled,
    Forbidden,
    CsrfFailed,
    PasswordChangeRequired,
    TotpSetupRequired,
    NotFound,
    MethodNotAllowed,
    Conflict,
    ValidationFailed,
    MalformedJson,
    /// A plan document that cannot be read.
    PlanInvalid,
    UnsupportedMediaType,
    PayloadTooLarge,
    Internal,
}

impl ErrorCode {
    pub fn status(self) -> StatusCode {
        use ErrorCode::*;
        match self {
            Unauthenticated | InvalidCredentials | TotpRequired | TotpInvalid => {
                StatusCode::UNAUTHORIZED
            }
            AccountLocked => StatusCode::LOCKED,
            AccountDisabled
            | Forbidden
            | CsrfFailed
            | PasswordChangeRequired
            | TotpSetupRequired => StatusCode::FORBIDDEN,
            NotFound => StatusCode::NOT_FOUND,
            MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Conflict => StatusCode::CONFLICT,
            ValidationFailed | MalformedJson | PlanInvalid => StatusCode::BAD_REQUEST,
            UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn title(self) -> &'static str {
        use ErrorCode::*;
        match self {
            Unauthenticated => "未登录或会话已过期",
            InvalidCredentials => "用户名或密码错误",
            TotpRequired => "需要动态口令",
            TotpInvalid => "动态口令错误",
            AccountLocked => "账号已锁定",
            AccountDisabled => "账号已停用",
            Forbidden => "无权访问",
            CsrfFailed => "请求校验失败",
            PasswordChangeRequired => "需要修改密码",
            TotpSetupRequired => "需要绑定动态口令",
            NotFound => "资源不存在",
            MethodNotAllowed => "不支持的请求方法",
            Conflict => "操作冲突",
            ValidationFailed => "输入有误",
            MalformedJson => "请求格式错误",
            PlanInvalid => "无法识别工作方案",
            UnsupportedMediaType => "不支持的内容类型",
            PayloadTooLarge => "请求内容过大",
            Internal => "服务器内部错误",
        }
    }
}

/// The problem document.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub type_: String,
    pub title: String,
    pub status: u16,
    pub code: ErrorCode,
    pub detail: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

#[derive(Debug, Clone)]
pub struct ApiError {
    pub code: ErrorCode,
    pub detail: String,
    pub errors: Vec<FieldError>,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> ApiError {
        ApiError {
            code,
            detail: detail.into(),
            errors: Vec::new(),
        }
    }
    pub fn not_found() -> ApiError {
        ApiError::new(ErrorCode::NotFound, "请求的资源不存在或无权访问")
    }
    pub fn forbidden(detail: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::Forbidden, detail)
    }
    pub fn unauthenticated() -> ApiError {
        ApiError::new(ErrorCode::Unauthenticated, "请先登录")
    }
    pub fn internal() -> ApiError {
        ApiError::new(
            ErrorCode::Internal,
            "服务器内部错误，请稍后重试或联系管理员",
        )
    }
    pub fn validation(errors: Vec<FieldError>) -> ApiError {
        let detail = errors
            .iter()
            .map(|e| e.message.clone())
            .collect::<Vec<_>>()
            .join("；");
        ApiError {
            code: ErrorCode::ValidationFailed,
            detail,
            errors,
        }
    }
    pub fn field(field: &str, code: &str, message: impl Into<String>) -> ApiError {
        ApiError::validation(vec![FieldError::new(field, code, message)])
    }

    /// Renames the fields of field errors (a store's names to the API's).
    pub fn map_fields(mut self, f: impl Fn(&str) -> String) -> ApiError {
        for e in &mut self.errors {
            e.field = f(&e.field);
        }
        self
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::NotFound => ApiError::not_found(),
            StoreError::Conflict(msg) => ApiError::new(ErrorCode::Conflict, msg),
            StoreError::Invalid(errors) => ApiError::validation(errors),
            StoreError::Forbidden(msg) => ApiError::forbidden(msg),
            StoreError::Db(err) => {
                tracing::error!(error = %err, "database error");
                ApiError::internal()
            }
            StoreError::Crypto => {
                tracing::error!("field decryption failed");
                ApiError::internal()
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.code.status();
        let body = Problem {
            type_: "about:blank".into(),
            title: self.code.title().into(),
            status: status.as_u16(),
            code: self.code,
            detail: self.detail,
            errors: self.errors,
        };
        let mut res = (status, axum::Json(body)).into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        res
    }
}
