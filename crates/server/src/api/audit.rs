//! The audit trail (audit admin): search, export, verify the chain.

use anzhi_domain::Permission;
use anzhi_domain::audit::{ACTIONS, ChainReport, Outcome, action_label};
use anzhi_store::audit::{AuditEvent, AuditFilter};
use anzhi_store::entity::audit_log;
use anzhi_store::{Page, PageReq};
use axum::Json;
use axum::extract::State;
use axum::response::Response;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::nonempty;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{ApiQuery, Auth};
use crate::{AppState, xlsx};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// 操作人（用户名）
    pub actor: Option<String>,
    /// 操作类型代码，见 `/api/audit/actions`
    pub action: Option<String>,
    /// 对象类型：org、org_group、user、session、setting
    pub object_type: Option<String>,
    /// 对象 ID
    pub object_id: Option<String>,
    /// success / failure / denied
    pub result: Option<String>,
    /// 开始日期（含），YYYY-MM-DD，北京时间
    pub from: Option<NaiveDate>,
    /// 结束日期（含），YYYY-MM-DD，北京时间
    pub to: Option<NaiveDate>,
    /// 在说明、变更前后内容中查找
    pub q: Option<String>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
    /// `-seq`（默认，最新在前）或 `seq`
    pub sort: Option<String>,
}

impl AuditQuery {
    fn filter(&self) -> ApiResult<AuditFilter> {
        if let Some(r) = nonempty(&self.result)
            && Outcome::from_code(&r).is_none()
        {
            return Err(ApiError::field(
                "result",
                "invalid_enum",
                "结果无效，可选值：success、failure、denied",
            ));
        }
        if let (Some(f), Some(t)) = (self.from, self.to)
            && f > t
        {
            return Err(ApiError::field("to", "invalid", "结束日期不能早于开始日期"));
        }
        Ok(AuditFilter {
            actor: nonempty(&self.actor),
            action: nonempty(&self.action),
            object_type: nonempty(&self.object_type),
            object_id: nonempty(&self.object_id),
            result: nonempty(&self.result),
            from: self.from,
            to: self.to,
            q: nonempty(&self.q),
        })
    }
}

/// One audit record.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AuditRecord {
    pub id: Uuid,
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    pub actor_name: String,
    pub role: Option<String>,
    pub ip: Option<String>,
    pub action: String,
    pub action_label: String,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub result: String,
    pub detail: Option<String>,
    /// The object before the change (JSON).
    pub before: Option<serde_json::Value>,
    /// The object after the change (JSON).
    pub after: Option<serde_json::Value>,
    pub hash: String,
}

fn record(m: audit_log::Model) -> AuditRecord {
    AuditRecord {
        action_label: action_label(&m.action).to_string(),
        id: m.id,
        seq: m.seq,
        at: m.at,
        actor_id: m.actor_id,
        actor_name: m.actor_name,
        role: m.role,
        ip: m.ip,
        action: m.action,
        object_type: m.object_type,
        object_id: m.object_id,
        result: m.result,
        detail: m.detail,
        before: m.before.and_then(|s| serde_json::from_str(&s).ok()),
        after: m.after.and_then(|s| serde_json::from_str(&s).ok()),
        hash: m.hash,
    }
}

/// Search the audit trail (newest first).
#[utoipa::path(get, path = "/api/audit", tag = "audit", params(AuditQuery),
    responses((status = 200, body = Page<AuditRecord>), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> ApiResult<Json<Page<AuditRecord>>> {
    auth.require(&st, Permission::AuditRead).await?;
    let page = st
        .store
        .list_audit(
            auth.scope(),
            &q.filter()?,
            &PageReq::new(q.page, q.page_size, q.sort.clone()),
        )
        .await?;
    Ok(Json(page.map(record)))
}

/// Export the filtered audit records as `.xlsx` (the export itself is audited).
#[utoipa::path(get, path = "/api/audit/export", tag = "audit", params(AuditQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", description = "审计日志.xlsx"), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn export(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> ApiResult<Response> {
    auth.require(&st, Permission::AuditRead).await?;
    let f = q.filter()?;
    let page = st
        .store
        .list_audit(
            auth.scope(),
            &f,
            &PageReq::all(q.sort.clone(), xlsx::MAX_EXPORT_ROWS),
        )
        .await?;
    let rows: Vec<Vec<String>> = page
        .items
        .into_iter()
        .map(|m| {
            vec![
                m.seq.to_string(),
                xlsx::time(Some(m.at)),
                m.actor_name.clone(),
                m.role
                    .clone()
                    .and_then(|r| anzhi_domain::Role::from_code(&r))
                    .map(|r| r.label().to_string())
                    .unwrap_or_default(),
                m.ip.clone().unwrap_or_default(),
                action_label(&m.action).to_string(),
                m.object_type.clone().unwrap_or_default(),
                m.object_id.clone().unwrap_or_default(),
                Outcome::from_code(&m.result)
                    .map(|o| o.label().to_string())
                    .unwrap_or(m.result.clone()),
                m.detail.clone().unwrap_or_default(),
                m.before.clone().unwrap_or_default(),
                m.after.clone().unwrap_or_default(),
                m.hash.clone(),
            ]
        })
        .collect();
    st.store
        .audit(
            &auth.actor,
            AuditEvent::new("audit.export").detail(format!("导出审计日志 {} 条", rows.len())),
        )
        .await?;
    let bytes = xlsx::workbook(
        "审计日志",
        &[
            ("序号", 8.0),
            ("时间", 20.0),
            ("操作人", 14.0),
            ("角色", 12.0),
            ("IP", 16.0),
            ("操作", 16.0),
            ("对象类型", 10.0),
            ("对象ID", 38.0),
            ("结果", 8.0),
            ("说明", 40.0),
            ("变更前", 40.0),
            ("变更后", 40.0),
            ("哈希", 66.0),
        ],
        &rows,
        page.total,
    )?;
    Ok(xlsx::download(
        bytes,
        &format!("审计日志-{}.xlsx", xlsx::stamp()),
    ))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ActionInfo {
    pub code: String,
    pub label: String,
}

/// The audited action codes and their labels (for filters).
#[utoipa::path(get, path = "/api/audit/actions", tag = "audit",
    responses((status = 200, body = Vec<ActionInfo>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn actions(State(st): State<AppState>, auth: Auth) -> ApiResult<Json<Vec<ActionInfo>>> {
    auth.require(&st, Permission::AuditRead).await?;
    Ok(Json(
        ACTIONS
            .iter()
            .map(|(c, l)| ActionInfo {
                code: c.to_string(),
                label: l.to_string(),
            })
            .collect(),
    ))
}

/// Verify the SM3 hash chain; reports the first broken link. The check is audited.
#[utoipa::path(post, path = "/api/audit/verify", tag = "audit",
    responses((status = 200, body = ChainReport), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn verify(State(st): State<AppState>, auth: Auth) -> ApiResult<Json<ChainReport>> {
    auth.require(&st, Permission::AuditRead).await?;
    let report = st.store.verify_audit(auth.scope()).await?;
    let detail = match &report.first_broken {
        None => format!("校验通过，共 {} 条", report.checked),
        Some(b) => format!("校验失败：第 {} 条，{}", b.seq, b.reason),
    };
    let outcome = if report.ok {
        Outcome::Success
    } else {
        Outcome::Failure
    };
    st.store
        .audit(
            &auth.actor,
            AuditEvent::new("audit.verify")
                .result(outcome)
                .detail(detail),
        )
        .await?;
    Ok(Json(report))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(export))
        .routes(routes!(actions))
        .routes(routes!(verify))
}
