//! The campaign loop: import a plan (preview, confirm), campaigns, tasks,
//! assignments and their progress.

use std::collections::HashMap;

use anzhi_domain::Permission;
use anzhi_domain::campaign::{AssignmentAction, AssignmentState, TaskStatus};
use anzhi_domain::reminder::ReminderRules;
use anzhi_store::board::{Board, BoardFilter};
use anzhi_store::campaigns::{
    ActInput, AssignmentFilter, AssignmentView, CampaignSummary, NewCampaign, TaskDetail,
    TaskFilter, TaskInput, TaskSummary,
};
use anzhi_store::orgs::{GroupBrief, OrgBrief};
use anzhi_store::{Page, PageReq};
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::nonempty;
use crate::error::{ApiError, ApiResult, ErrorCode, Problem};
use crate::extract::{ApiJson, ApiQuery, Auth, IdempotencyKey, REPLAYED_HEADER};
use crate::{AppState, xlsx};

/// Largest plan document accepted.
pub const MAX_PLAN_BYTES: usize = 5 * 1024 * 1024;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PreviewQuery {
    /// 文件名（用于识别 .docx / .txt）
    pub file_name: Option<String>,
    /// 方案年度（文档未写明时）
    pub year: Option<i32>,
}

/// A unit phrase of the preview and what it resolves to.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PreviewEntry {
    pub phrase: String,
    pub resolved: bool,
    pub group: Option<GroupBrief>,
    pub units: Vec<OrgBrief>,
    pub unit_count: u64,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PreviewDeadline {
    pub text: String,
    pub kind: String,
    pub start: Option<chrono::NaiveDate>,
    pub end: Option<chrono::NaiveDate>,
    pub period: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PreviewTask {
    pub key: usize,
    pub section: String,
    pub section_number: String,
    pub number: String,
    pub text: String,
    pub deadline: Option<PreviewDeadline>,
    pub lead: Vec<PreviewEntry>,
    pub responsible: Vec<PreviewEntry>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Preview {
    /// Confirm with this id; the uploaded document is kept with the campaign.
    pub draft_id: Uuid,
    pub title: String,
    pub year: Option<i32>,
    pub source_name: String,
    pub warnings: Vec<String>,
    pub tasks: Vec<PreviewTask>,
    /// Phrases that resolve to no unit: map or remove them before confirming.
    pub unresolved: Vec<String>,
}

/// Parse a plan document (.txt in UTF-8/GB18030, .docx, or pasted text) into a preview of
/// tasks with every unit phrase resolved against the directory. Body: the file's bytes.
#[utoipa::path(post, path = "/api/campaigns/preview", tag = "campaigns", params(PreviewQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "the plan file (.txt/.docx, ≤ 5 MB) or text/plain"),
    responses((status = 200, body = Preview), (status = 400, body = Problem, description = "plan_invalid"), (status = 401, body = Problem), (status = 403, body = Problem), (status = 413, body = Problem)))]
pub async fn preview(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<PreviewQuery>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<Preview>> {
    auth.require(&st, Permission::CampaignWrite).await?;
    let bytes = body.map_err(|rej| {
        if rej.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(ErrorCode::PayloadTooLarge, "方案文件超过 5 MB")
        } else {
            ApiError::new(ErrorCode::MalformedJson, "无法读取上传的文件")
        }
    })?;
    if bytes.is_empty() {
        return Err(ApiError::field(
            "file",
            "required",
            "请上传方案文件或粘贴方案文本",
        ));
    }
    if let Some(y) = q.year
        && !(2000..=2100).contains(&y)
    {
        return Err(ApiError::field(
            "year",
            "out_of_range",
            "年度应在2000到2100之间",
        ));
    }
    let is_text = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.starts_with("text/plain"));
    let name = nonempty(&q.file_name).unwrap_or_else(|| {
        if is_text {
            "粘贴文本.txt".into()
        } else {
            "工作方案".into()
        }
    });
    let format = if is_text && !bytes.starts_with(b"PK\x03\x04") {
        anzhi_plan::SourceFormat::Text
    } else {
        anzhi_plan::detect_format(&bytes, Some(&name))
    };
    let plan = anzhi_plan::parse(&bytes, format, q.year)
        .map_err(|e| ApiError::new(ErrorCode::PlanInvalid, e.to_string()))?;
    let mut all: Vec<String> = Vec::new();
    for t in &plan.tasks {
        for p in t.lead_units.iter().chain(t.responsible_units.iter()) {
            if !all.contains(p) {
                all.push(p.clone());
            }
        }
    }
    let res = st.store.resolve_phrases(auth.scope(), &all).await?;
    let by_phrase: HashMap<String, &anzhi_store::orgs::ResolvedPhrase> =
        res.resolved.iter().map(|r| (r.phrase.clone(), r)).collect();
    let entry = |p: &String| match by_phrase.get(p.trim()) {
        Some(r) => PreviewEntry {
            phrase: p.clone(),
            resolved: true,
            group: r.group.clone(),
            units: r.units.clone(),
            unit_count: r.unit_count,
        },
        None => PreviewEntry {
            phrase: p.clone(),
            resolved: false,
            group: None,
            units: Vec::new(),
            unit_count: 0,
        },
    };
    let tasks = plan
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| PreviewTask {
            key: i,
            section: t.section.clone(),
            section_number: t.section_number.clone(),
            number: t.number.clone(),
            text: t.text.clone(),
            deadline: t.deadline.as_ref().map(|d| PreviewDeadline {
                text: d.text.clone(),
                kind: serde_json::to_value(d.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                start: d.start,
                end: d.end,
                period: d
                    .period
                    .as_ref()
                    .and_then(|p| serde_json::to_value(p).ok())
                    .and_then(|v| v.as_str().map(str::to_string)),
            }),
            lead: t.lead_units.iter().map(entry).collect(),
            responsible: t.responsible_units.iter().map(entry).collect(),
            warnings: t.warnings.clone(),
        })
        .collect();
    let draft_id = st
        .store
        .create_draft(&auth.actor, &name, bytes.to_vec())
        .await?;
    Ok(Json(Preview {
        draft_id,
        title: plan.title.clone(),
        year: plan.year,
        source_name: name,
        warnings: plan.warnings.clone(),
        tasks,
        unresolved: res.unresolved,
    }))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCampaignBody {
    pub draft_id: Uuid,
    pub title: String,
    pub year: i32,
    pub tasks: Vec<TaskInput>,
}

/// Confirm an (edited) preview: creates the campaign, its tasks and one assignment per
/// responsible unit (groups expanded).
#[utoipa::path(post, path = "/api/campaigns", tag = "campaigns", request_body = NewCampaignBody,
    responses((status = 201, body = CampaignSummary), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn create(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<NewCampaignBody>,
) -> ApiResult<(StatusCode, Json<CampaignSummary>)> {
    auth.require(&st, Permission::CampaignWrite).await?;
    let input = NewCampaign {
        draft_id: b.draft_id,
        title: b.title,
        year: b.year,
        tasks: b.tasks,
    };
    Ok((
        StatusCode::CREATED,
        Json(st.store.create_campaign(&auth.actor, &input).await?),
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CampaignQuery {
    pub year: Option<i32>,
    /// 标题关键词
    pub q: Option<String>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

/// Campaigns the caller takes part in (all of them for the bureau).
#[utoipa::path(get, path = "/api/campaigns", tag = "campaigns", params(CampaignQuery),
    responses((status = 200, body = Page<CampaignSummary>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<CampaignQuery>,
) -> ApiResult<Json<Page<CampaignSummary>>> {
    auth.require(&st, Permission::CampaignRead).await?;
    let page = PageReq::new(q.page, q.page_size, None);
    Ok(Json(
        st.store
            .list_campaigns(auth.scope(), q.year, nonempty(&q.q).as_deref(), &page)
            .await?,
    ))
}

/// One campaign.
#[utoipa::path(get, path = "/api/campaigns/{id}", tag = "campaigns", params(("id" = Uuid, Path)),
    responses((status = 200, body = CampaignSummary), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<CampaignSummary>> {
    auth.require(&st, Permission::CampaignRead).await?;
    Ok(Json(st.store.get_campaign(auth.scope(), id).await?))
}

/// The original plan document the campaign was imported from.
#[utoipa::path(get, path = "/api/campaigns/{id}/source", tag = "campaigns", params(("id" = Uuid, Path)),
    responses((status = 200, content_type = "application/octet-stream", description = "the uploaded document"), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn source(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Response> {
    auth.require(&st, Permission::CampaignRead).await?;
    let (name, bytes) = st.store.campaign_source(auth.scope(), id).await?;
    let mime = if bytes.starts_with(b"PK\x03\x04") {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    } else {
        "text/plain; charset=utf-8"
    };
    Ok(xlsx::attachment(bytes, &name, mime))
}

/// The campaign's reminder rules (defaults until changed).
#[utoipa::path(get, path = "/api/campaigns/{id}/reminder-rules", tag = "campaigns", params(("id" = Uuid, Path)),
    responses((status = 200, body = ReminderRules), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get_rules(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<ReminderRules>> {
    auth.require(&st, Permission::CampaignRead).await?;
    Ok(Json(st.store.campaign_rules(auth.scope(), id).await?))
}

/// Change the reminder rules (the campaign's owner section).
#[utoipa::path(put, path = "/api/campaigns/{id}/reminder-rules", tag = "campaigns", params(("id" = Uuid, Path)), request_body = ReminderRules,
    responses((status = 200, body = ReminderRules), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn put_rules(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<ReminderRules>,
) -> ApiResult<Json<ReminderRules>> {
    auth.require(&st, Permission::CampaignWrite).await?;
    Ok(Json(
        auth.checked(&st, st.store.set_campaign_rules(&auth.actor, id, &b).await)
            .await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BoardQuery {
    /// 只看某类单位：section / district / enterprise …（不填为全部）
    pub unit_kind: Option<String>,
    /// 企业名称（部分），筛选企业分页
    pub unit_q: Option<String>,
    /// 企业分页页码，从 1 开始
    pub page: Option<u64>,
    /// 每页企业数，默认 50，最多 200；0 表示只看局内单位和汇总
    pub page_size: Option<u64>,
}

/// The battle map (挂图作战): tasks by window and status, the bureau's units with their
/// assignments, one page of enterprises (most unfinished first), completion per unit
/// and per district, the first overdue and returned items with their totals.
#[utoipa::path(get, path = "/api/campaigns/{id}/board", tag = "campaigns", params(("id" = Uuid, Path), BoardQuery),
    responses((status = 200, body = Board), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn board(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiQuery(q): ApiQuery<BoardQuery>,
) -> ApiResult<Json<Board>> {
    auth.require(&st, Permission::CampaignRead).await?;
    let kind = match nonempty(&q.unit_kind) {
        None => None,
        Some(k) => Some(anzhi_domain::OrgKind::from_code(&k).ok_or_else(|| {
            ApiError::field(
                "unit_kind",
                "invalid_enum",
                "单位类型无效，可选值：bureau、section、district、enterprise、agency",
            )
        })?),
    };
    if q.page_size
        .is_some_and(|n| n > anzhi_store::board::MAX_PAGE_SIZE)
    {
        return Err(ApiError::field(
            "page_size",
            "out_of_range",
            "每页企业数最多 200",
        ));
    }
    let filter = BoardFilter {
        unit_kind: kind,
        unit_q: nonempty(&q.unit_q),
        page: q.page.unwrap_or(1).max(1),
        page_size: q.page_size.unwrap_or(50),
    };
    Ok(Json(
        st.store.campaign_board(auth.scope(), id, &filter).await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TaskQuery {
    pub campaign_id: Option<Uuid>,
    /// not_started / in_progress / completed
    pub status: Option<String>,
    /// 只看已逾期
    pub overdue: Option<bool>,
    /// 牵头或责任单位
    pub unit_id: Option<Uuid>,
    /// 任务内容或所属部分的关键词
    pub q: Option<String>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
    /// seq（默认）或 deadline，`-` 前缀降序
    pub sort: Option<String>,
}

impl TaskQuery {
    fn filter(&self) -> ApiResult<TaskFilter> {
        let status = match nonempty(&self.status) {
            None => None,
            Some(s) => Some(TaskStatus::from_code(&s).ok_or_else(|| {
                ApiError::field(
                    "status",
                    "invalid_enum",
                    "任务状态无效，可选值：not_started、in_progress、completed",
                )
            })?),
        };
        Ok(TaskFilter {
            campaign_id: self.campaign_id,
            status,
            overdue: self.overdue.unwrap_or(false),
            unit_id: self.unit_id,
            q: nonempty(&self.q),
        })
    }
}

/// Tasks the caller may see (district and enterprise users: those assigned to them).
#[utoipa::path(get, path = "/api/tasks", tag = "campaigns", params(TaskQuery),
    responses((status = 200, body = Page<TaskSummary>), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn tasks(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<TaskQuery>,
) -> ApiResult<Json<Page<TaskSummary>>> {
    auth.require(&st, Permission::CampaignRead).await?;
    let page = PageReq::new(q.page, q.page_size, q.sort.clone());
    Ok(Json(
        st.store
            .list_tasks(auth.scope(), &q.filter()?, &page)
            .await?,
    ))
}

/// The filtered task list as `.xlsx` in the plan's columns.
#[utoipa::path(get, path = "/api/tasks/export", tag = "campaigns", params(TaskQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", description = "任务清单.xlsx"), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn export_tasks(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<TaskQuery>,
) -> ApiResult<Response> {
    auth.require(&st, Permission::CampaignRead).await?;
    let page = st
        .store
        .list_tasks(
            auth.scope(),
            &q.filter()?,
            &PageReq::all(q.sort.clone(), xlsx::MAX_EXPORT_ROWS),
        )
        .await?;
    let rows: Vec<Vec<String>> = page
        .items
        .iter()
        .map(|t| {
            let number = if t.section_number.is_empty() {
                t.number.clone()
            } else {
                format!("（{}）{}", t.section_number, t.number)
            };
            let deadline = match (&t.deadline.text, t.deadline.start, t.deadline.end) {
                (Some(text), Some(s), Some(e)) => format!("{text}（{s} 至 {e}）"),
                (Some(text), None, Some(e)) => format!("{text}（{e} 前）"),
                (Some(text), _, _) => text.clone(),
                (None, _, _) => String::new(),
            };
            vec![
                number,
                t.text.clone(),
                if t.lead_phrases.is_empty() {
                    String::new()
                } else {
                    t.lead_phrases.join("、")
                },
                t.responsible_phrases.join("、"),
                deadline,
                format!(
                    "{}/{} 个责任单位已完成",
                    t.completed_count, t.assignment_count
                ),
                if t.overdue {
                    format!("{}（已逾期）", t.status_label)
                } else {
                    t.status_label.clone()
                },
            ]
        })
        .collect();
    let bytes = xlsx::workbook(
        "任务清单",
        &[
            ("序号", 10.0),
            ("工作任务", 60.0),
            ("牵头单位", 20.0),
            ("责任单位", 30.0),
            ("完成时限", 28.0),
            ("进展情况", 22.0),
            ("状态", 14.0),
        ],
        &rows,
        page.total,
    )?;
    Ok(xlsx::download(
        bytes,
        &format!("任务清单-{}.xlsx", xlsx::stamp()),
    ))
}

/// One task with its assignments and the timeline of every step.
#[utoipa::path(get, path = "/api/tasks/{id}", tag = "campaigns", params(("id" = Uuid, Path)),
    responses((status = 200, body = TaskDetail), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn task(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<TaskDetail>> {
    auth.require(&st, Permission::CampaignRead).await?;
    Ok(Json(st.store.get_task(&auth.actor, id).await?))
}

/// Add a task by hand to a campaign (the section that imported it). Unit entries
/// map phrases to units or groups as in the import preview; groups expand.
#[utoipa::path(post, path = "/api/campaigns/{id}/tasks", tag = "campaigns", params(("id" = Uuid, Path)), request_body = TaskInput,
    responses((status = 201, body = TaskDetail), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn create_task(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<TaskInput>,
) -> ApiResult<(StatusCode, Json<TaskDetail>)> {
    auth.require(&st, Permission::CampaignWrite).await?;
    let t = auth
        .checked(&st, st.store.create_task(&auth.actor, id, &b).await)
        .await?;
    Ok((StatusCode::CREATED, Json(t)))
}

/// Edit a task: text, section, number, deadline, lead and responsible units. A unit
/// that has reported cannot be removed (409); added units get assignments.
#[utoipa::path(put, path = "/api/tasks/{id}", tag = "campaigns", params(("id" = Uuid, Path)), request_body = TaskInput,
    responses((status = 200, body = TaskDetail), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn update_task(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<TaskInput>,
) -> ApiResult<Json<TaskDetail>> {
    auth.require(&st, Permission::CampaignWrite).await?;
    Ok(Json(
        auth.checked(&st, st.store.update_task(&auth.actor, id, &b).await)
            .await?,
    ))
}

/// Delete a task nobody has reported on (409 otherwise).
#[utoipa::path(delete, path = "/api/tasks/{id}", tag = "campaigns", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn delete_task(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    auth.require(&st, Permission::CampaignWrite).await?;
    auth.checked(&st, st.store.delete_task(&auth.actor, id).await)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AssignmentQuery {
    /// 只看本单位的分工
    pub mine: Option<bool>,
    /// not_started / in_progress / submitted / completed / returned
    pub state: Option<String>,
    pub campaign_id: Option<Uuid>,
    pub task_id: Option<Uuid>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

/// Assignments the caller may see; `mine=true` for the caller's own unit.
#[utoipa::path(get, path = "/api/assignments", tag = "campaigns", params(AssignmentQuery),
    responses((status = 200, body = Page<AssignmentView>), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn assignments(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<AssignmentQuery>,
) -> ApiResult<Json<Page<AssignmentView>>> {
    auth.require(&st, Permission::CampaignRead).await?;
    let state = match nonempty(&q.state) {
        None => None,
        Some(s) => Some(AssignmentState::from_code(&s).ok_or_else(|| {
            ApiError::field(
                "state",
                "invalid_enum",
                "状态无效，可选值：not_started、in_progress、submitted、completed、returned",
            )
        })?),
    };
    let f = AssignmentFilter {
        mine: q.mine.unwrap_or(false),
        state,
        campaign_id: q.campaign_id,
        task_id: q.task_id,
    };
    Ok(Json(
        st.store
            .list_assignments(&auth.actor, &f, &PageReq::new(q.page, q.page_size, None))
            .await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgressBody {
    /// 进展情况
    pub text: String,
    /// 0–100
    pub percent: i32,
    /// Send to the lead unit for acceptance (已报送).
    #[serde(default)]
    pub submit: bool,
    /// Ids of the caller's uploads (`POST /api/files`) to attach (≤ 20).
    #[serde(default)]
    pub attachments: Vec<Uuid>,
}

/// The responsible unit reports progress, or submits its work (`submit: true`).
///
/// With an `Idempotency-Key`, a retry of the same report (after a lost answer) is
/// answered with the assignment as the first attempt left it and
/// `Idempotent-Replayed: true`, instead of a second progress entry.
#[utoipa::path(post, path = "/api/assignments/{id}/progress", tag = "campaigns", params(("id" = Uuid, Path),
    ("Idempotency-Key" = Option<String>, Header, description = "One report's key (8–64 letters, digits, '-' or '_'; a UUID), the same on each retry")), request_body = ProgressBody,
    responses((status = 200, body = AssignmentView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn progress(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    IdempotencyKey(key): IdempotencyKey,
    ApiJson(b): ApiJson<ProgressBody>,
) -> ApiResult<Response> {
    auth.require(&st, Permission::CampaignRead).await?;
    let action = if b.submit {
        AssignmentAction::Submit
    } else {
        AssignmentAction::Report
    };
    let (view, replayed) = auth
        .checked(
            &st,
            st.store
                .act_on_assignment_once(
                    &auth.actor,
                    id,
                    action,
                    ActInput {
                        text: Some(b.text),
                        percent: Some(b.percent),
                        attachments: b.attachments,
                        ..Default::default()
                    },
                    key.as_ref(),
                )
                .await,
        )
        .await?;
    Ok(if replayed {
        ([(REPLAYED_HEADER, "true")], Json(view)).into_response()
    } else {
        Json(view).into_response()
    })
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptBody {
    #[serde(default)]
    pub comment: Option<String>,
}

/// The lead unit accepts the submitted work (已完成).
#[utoipa::path(post, path = "/api/assignments/{id}/accept", tag = "campaigns", params(("id" = Uuid, Path)), request_body = AcceptBody,
    responses((status = 200, body = AssignmentView), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn accept(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<AcceptBody>,
) -> ApiResult<Json<AssignmentView>> {
    auth.require(&st, Permission::CampaignRead).await?;
    Ok(Json(
        auth.checked(
            &st,
            st.store
                .act_on_assignment(
                    &auth.actor,
                    id,
                    AssignmentAction::Accept,
                    ActInput {
                        text: b.comment,
                        ..Default::default()
                    },
                )
                .await,
        )
        .await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReturnBody {
    /// 退回原因（必填）
    pub reason: String,
}

/// The lead unit returns the submitted work with a reason (已退回).
#[utoipa::path(post, path = "/api/assignments/{id}/return", tag = "campaigns", params(("id" = Uuid, Path)), request_body = ReturnBody,
    responses((status = 200, body = AssignmentView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn return_back(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<ReturnBody>,
) -> ApiResult<Json<AssignmentView>> {
    auth.require(&st, Permission::CampaignRead).await?;
    Ok(Json(
        auth.checked(
            &st,
            st.store
                .act_on_assignment(
                    &auth.actor,
                    id,
                    AssignmentAction::Return,
                    ActInput {
                        reason: Some(b.reason),
                        ..Default::default()
                    },
                )
                .await,
        )
        .await?,
    ))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(preview))
        .layer(DefaultBodyLimit::max(MAX_PLAN_BYTES))
        .routes(routes!(list, create))
        .routes(routes!(get))
        .routes(routes!(source))
        .routes(routes!(board))
        .routes(routes!(get_rules, put_rules))
        .routes(routes!(tasks))
        .routes(routes!(export_tasks))
        .routes(routes!(task, update_task, delete_task))
        .routes(routes!(create_task))
        .routes(routes!(assignments))
        .routes(routes!(progress))
        .routes(routes!(accept))
        .routes(routes!(return_back))
}
