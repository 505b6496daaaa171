//! The `/api` routes, each documented for OpenAPI.

pub mod accountability;
pub mod audit;
pub mod auth;
pub mod campaigns;
pub mod credit;
pub mod enterprises;
pub mod files;
pub mod hazards;
pub mod inspections;
pub mod meta;
pub mod notifications;
pub mod orgs;
pub mod risk;
pub mod security;
pub mod training;
pub mod users;
pub mod weather;

use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "安治 anzhi API",
        description = "海口市商贸行业安全生产专项整治平台接口。会话 Cookie `anzhi_session`；除登录外，所有修改请求须带 `X-CSRF-Token` 请求头（值来自登录应答或 `GET /api/auth/me`）。错误以 `application/problem+json` 返回，含稳定的 `code`、中文 `detail` 及字段级 `errors`。",
        version = env!("CARGO_PKG_VERSION"),
    ),
    tags(
        (name = "meta", description = "健康检查与系统信息"),
        (name = "auth", description = "登录、会话、密码与动态口令"),
        (name = "orgs", description = "组织机构、单位分组与名称解析"),
        (name = "users", description = "用户账号管理"),
        (name = "security", description = "安全策略与在线会话（安全管理员）"),
        (name = "audit", description = "审计日志（审计管理员）"),
        (name = "notifications", description = "消息通知（任务提醒、逾期提醒、牵头汇总）"),
        (name = "campaigns", description = "专项整治：导入工作方案、任务分工、进展报送与审核"),
        (name = "files", description = "附件上传与下载"),
        (name = "enterprises", description = "企业名录、导入导出、企业账号、安全生产管理体系、安全承诺与完整度统计"),
        (name = "hazards", description = "隐患排查治理：隐患上报、整改、挂牌督办、验收销号、自查自报、隐患台账与统计分析"),
        (name = "risk", description = "风险分级管控：风险点辨识评估（LEC/LS）、管控措施、风险告知卡、企业动态分级与四色分布"),
        (name = "inspections", description = "督导检查：检查表模板、专项检查、检查计划、现场检查、企业确认与检查意见书"),
        (name = "weather", description = "极端天气预警：发布与CAP导入、企业确认与落实报告、催办"),
        (name = "accountability", description = "督查考核：函送执法与跟踪问效、专班会议与座谈会（决定事项转任务）、典型做法、通报、约谈曝光、领导驾驶舱"),
        (name = "training", description = "教育培训（人员名册、培训记录、证书、学时与全员轮训、培训评估）、应急预案与演练（抽查评估）、宣传教育活动"),
    )
)]
pub struct ApiDoc;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(meta::router())
        .merge(auth::router())
        .merge(orgs::router())
        .merge(users::router())
        .merge(security::router())
        .merge(audit::router())
        .merge(campaigns::router())
        .merge(notifications::router())
        .merge(files::router())
        .merge(enterprises::router())
        .merge(hazards::router())
        .merge(risk::router())
        .merge(inspections::router())
        .merge(weather::router())
        .merge(training::router())
        .merge(accountability::router())
        .merge(credit::router())
}

/// Trims and drops empty query values (`?kind=` means no filter).
pub fn nonempty(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// An optional coded query value (`state=pending`): `None` when absent or blank, a
/// Chinese field error naming `what` when it is not one of the codes.
pub fn parse<T>(
    field: &str,
    v: &Option<String>,
    from: fn(&str) -> Option<T>,
    what: &str,
) -> crate::error::ApiResult<Option<T>> {
    match nonempty(v) {
        Some(s) => from(&s).map(Some).ok_or_else(|| {
            crate::error::ApiError::field(field, "invalid", format!("{what}取值无效"))
        }),
        None => Ok(None),
    }
}
