//! Training (教育培训), emergency plans and drills (应急预案与演练) and publicity
//! (宣传教育). See docs/api-training.md.

use anzhi_domain::Permission;
use anzhi_domain::drills::{Criterion, DrillInput, EmergencyPlanInput, PlanKind};
use anzhi_domain::publicity::{ActivityInput, ActivityKind};
use anzhi_domain::training::{
    self as rules, Category, CertificateInput, EmployeeInput, Requirements, SessionInput,
    TrainingKind,
};
use anzhi_store::drills::{
    ActivityFilter, ActivityReportRow, ActivityView, DrillEvaluationView, DrillStatusRow,
    DrillView, EmergencyPlanView, SpotCheckInput,
};
use anzhi_store::training::{
    CertificateView, CoverageSummary, CoverageView, EmployeeFilter, EmployeeView, EvaluationForm,
    EvaluationSummaryRow, EvaluationView, TrainingFilter, TrainingView,
};
use anzhi_store::{Page, PageReq};
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use rust_xlsxwriter::{DataValidation, Format, Workbook};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::{nonempty, parse};
use crate::AppState;
use crate::error::{ApiError, ApiResult, ErrorCode, Problem};
use crate::extract::{ApiJson, ApiQuery, Auth};
use crate::xlsx;
use crate::xlsx::opt;

/// Every export of this module: at most this many rows.
const MAX_EXPORT: u64 = 50_000;

fn year_or_now(y: Option<i32>) -> i32 {
    y.unwrap_or_else(anzhi_store::training::this_year)
}

/// A small list as an `.xlsx` download (built off the async threads).
pub(crate) async fn export(
    sheet: &'static str,
    headers: Vec<(&'static str, f64)>,
    rows: Vec<Vec<String>>,
    total: u64,
    file: &str,
) -> ApiResult<Response> {
    let bytes = tokio::task::spawn_blocking(move || {
        let mut s = xlsx::Sheet::new(sheet, &headers)?.numbers(&[0]);
        for r in rows {
            s.push(&r)?;
        }
        s.finish(total)
    })
    .await
    .map_err(|_| ApiError::internal())??;
    Ok(xlsx::download(
        bytes,
        &format!("{file}-{}.xlsx", xlsx::stamp()),
    ))
}

// ----- roster --------------------------------------------------------------------------

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EmployeeQuery {
    pub enterprise_id: Option<Uuid>,
    pub district_id: Option<Uuid>,
    /// principal / safety_manager / special_worker / worker
    pub category: Option<String>,
    /// Name or post.
    pub q: Option<String>,
    pub active: Option<bool>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

impl EmployeeQuery {
    fn filter(&self) -> ApiResult<EmployeeFilter> {
        Ok(EmployeeFilter {
            enterprise_id: self.enterprise_id,
            district_id: self.district_id,
            category: parse("category", &self.category, Category::from_code, "人员类别")?,
            q: nonempty(&self.q),
            active: self.active,
        })
    }
}

/// The roster (从业人员名册) of the enterprises in reach, with this year's hours.
#[utoipa::path(get, path = "/api/employees", tag = "training", params(EmployeeQuery),
    responses((status = 200, body = Page<EmployeeView>), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn employees(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<EmployeeQuery>,
) -> ApiResult<Json<Page<EmployeeView>>> {
    auth.require(&st, Permission::TrainingRead).await?;
    Ok(Json(
        st.store
            .list_employees(
                auth.scope(),
                &q.filter()?,
                &PageReq::new(q.page, q.page_size, None),
            )
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/employees/export", tag = "training", params(EmployeeQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn export_employees(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<EmployeeQuery>,
) -> ApiResult<Response> {
    auth.require(&st, Permission::TrainingRead).await?;
    let p = st
        .store
        .list_employees(auth.scope(), &q.filter()?, &PageReq::all(None, MAX_EXPORT))
        .await?;
    let rows = p
        .items
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            vec![
                (i + 1).to_string(),
                e.enterprise_name,
                e.name,
                e.post,
                e.category_label,
                e.hired_on.to_string(),
                opt(&e.phone_masked),
                if e.active { "在岗" } else { "不在岗" }.into(),
                e.year_hours.to_string(),
                e.required_hours.to_string(),
                if e.trained { "已达标" } else { "未达标" }.into(),
            ]
        })
        .collect();
    export(
        "从业人员名册",
        vec![
            ("序号", 7.0),
            ("企业名称", 30.0),
            ("姓名", 12.0),
            ("岗位", 14.0),
            ("人员类别", 14.0),
            ("入职日期", 12.0),
            ("联系电话", 14.0),
            ("在岗", 8.0),
            ("本年学时", 10.0),
            ("应完成学时", 10.0),
            ("培训情况", 10.0),
        ],
        rows,
        p.total,
        "从业人员名册",
    )
    .await
}

/// Add a person to the own enterprise's roster.
#[utoipa::path(post, path = "/api/employees", tag = "training", request_body = EmployeeInput,
    responses((status = 201, body = EmployeeView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn create_employee(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<EmployeeInput>,
) -> ApiResult<(StatusCode, Json<EmployeeView>)> {
    auth.require(&st, Permission::TrainingWrite).await?;
    let e = auth
        .checked(&st, st.store.save_employee(&auth.actor, None, &b).await)
        .await?;
    Ok((StatusCode::CREATED, Json(e)))
}

#[utoipa::path(put, path = "/api/employees/{id}", tag = "training", params(("id" = Uuid, Path)), request_body = EmployeeInput,
    responses((status = 200, body = EmployeeView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn update_employee(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<EmployeeInput>,
) -> ApiResult<Json<EmployeeView>> {
    auth.require(&st, Permission::TrainingWrite).await?;
    Ok(Json(
        auth.checked(&st, st.store.save_employee(&auth.actor, Some(id), &b).await)
            .await?,
    ))
}

/// Remove a person who never attended a session (409 otherwise: set them 不在岗).
#[utoipa::path(delete, path = "/api/employees/{id}", tag = "training", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn delete_employee(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    auth.require(&st, Permission::TrainingWrite).await?;
    auth.checked(&st, st.store.delete_employee(&auth.actor, id).await)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The roster import template (.xlsx) with its 允许值 sheet.
#[utoipa::path(get, path = "/api/employees/import-template", tag = "training",
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn roster_template(State(st): State<AppState>, auth: Auth) -> ApiResult<Response> {
    auth.require(&st, Permission::TrainingWrite).await?;
    let bytes = roster_template_bytes().map_err(|e| {
        tracing::error!(error = %e, "building the roster template failed");
        ApiError::internal()
    })?;
    Ok(xlsx::download(bytes, "人员名册导入模板.xlsx"))
}

fn roster_template_bytes() -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold().set_background_color("#E8EEF7");
    let required = Format::new()
        .set_bold()
        .set_background_color("#FDE2E2")
        .set_font_color("#C0392B");
    let text = Format::new().set_num_format("@");
    {
        let ws = wb.add_worksheet();
        ws.set_name("人员名册")?;
        for (c, (_, h, req)) in rules::ROSTER_COLUMNS.iter().enumerate() {
            let header = if *req { format!("{h}*") } else { h.to_string() };
            ws.write_with_format(0, c as u16, header, if *req { &required } else { &bold })?;
            ws.set_column_width(c as u16, 16.0)?;
            ws.set_column_format(c as u16, &text)?;
        }
        ws.set_freeze_panes(1, 0)?;
        let dv = DataValidation::new()
            .allow_list_formula(rust_xlsxwriter::Formula::new("=允许值!$A$2:$A$5"));
        ws.add_data_validation(1, 2, 5000, 2, &dv)?;
    }
    let ws = wb.add_worksheet();
    ws.set_name("允许值")?;
    ws.write_with_format(0, 0, "人员类别", &bold)?;
    for (i, c) in Category::ALL.iter().enumerate() {
        ws.write(i as u32 + 1, 0, c.label())?;
    }
    ws.set_column_width(0, 16.0)?;
    wb.save_to_buffer()
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RosterProblem {
    pub row: u32,
    pub column: String,
    pub field: String,
    pub message: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RosterPreview {
    pub draft_id: Uuid,
    pub total: u32,
    pub valid: u32,
    pub problems: Vec<RosterProblem>,
}

fn read_roster(bytes: &[u8]) -> ApiResult<(Vec<rules::CheckedEmployee>, Vec<RosterProblem>, u32)> {
    use anzhi_sheets::{Column, SheetError};
    let columns: Vec<Column<'_>> = rules::ROSTER_COLUMNS
        .iter()
        .map(|(_, header, required)| Column {
            header,
            required: *required,
        })
        .collect();
    let rows = anzhi_sheets::read(bytes, &columns, 20_000).map_err(|e| match e {
        SheetError::NotXlsx => ApiError::new(ErrorCode::UnsupportedMediaType, e.to_string()),
        SheetError::MissingColumns(_) => ApiError::field("file", "columns", e.to_string()),
        SheetError::TooManyRows(_) => ApiError::field("file", "too_many", e.to_string()),
    })?;
    let today = anzhi_domain::time::today_china(chrono::Utc::now());
    let mut ok = Vec::new();
    let mut problems = Vec::new();
    let total = rows.len() as u32;
    for (row, cells) in rows {
        match rules::read_row(row, &cells, today) {
            Ok(e) => ok.push(e),
            Err(ps) => problems.extend(ps.into_iter().map(|p| RosterProblem {
                row: p.row,
                column: p.column,
                field: p.field,
                message: p.message,
            })),
        }
    }
    Ok((ok, problems, total))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PreviewQuery {
    pub file_name: Option<String>,
}

/// Check a roster file (the raw .xlsx as the body): every problem by row and column.
#[utoipa::path(post, path = "/api/employees/import/preview", tag = "training", params(PreviewQuery),
    request_body(content = Vec<u8>, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    responses((status = 200, body = RosterPreview), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 413, body = Problem), (status = 415, body = Problem)))]
pub async fn roster_preview(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<PreviewQuery>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<RosterPreview>> {
    auth.require(&st, Permission::TrainingWrite).await?;
    let bytes = super::enterprises::body_bytes(body)?;
    let (ok, problems, total) = read_roster(&bytes)?;
    let draft_id = st
        .store
        .create_import_draft_of(
            &auth.actor,
            anzhi_store::training::EMPLOYEE_IMPORT,
            q.file_name.as_deref().unwrap_or("roster.xlsx"),
            bytes.to_vec(),
        )
        .await?;
    Ok(Json(RosterPreview {
        draft_id,
        total,
        valid: ok.len() as u32,
        problems,
    }))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RosterImport {
    pub draft_id: Uuid,
    /// Import the valid rows and skip the others (otherwise any problem refuses the file).
    #[serde(default)]
    pub valid_only: bool,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RosterImported {
    pub created: u64,
    pub updated: u64,
}

/// Import a previewed roster in one transaction (a person with the same name and hire
/// date is updated).
#[utoipa::path(post, path = "/api/employees/import", tag = "training", request_body = RosterImport,
    responses((status = 200, body = RosterImported), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn roster_import(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<RosterImport>,
) -> ApiResult<Json<RosterImported>> {
    auth.require(&st, Permission::TrainingWrite).await?;
    let (_, bytes) = st
        .store
        .import_draft_of(
            &auth.actor,
            anzhi_store::training::EMPLOYEE_IMPORT,
            b.draft_id,
        )
        .await?;
    let (ok, problems, _) = read_roster(&bytes)?;
    if !problems.is_empty() && !b.valid_only {
        return Err(ApiError::validation(
            problems
                .into_iter()
                .map(|p| {
                    anzhi_domain::FieldError::new(
                        &format!("rows.{}.{}", p.row, p.field),
                        "invalid",
                        format!("第{}行 {}：{}", p.row, p.column, p.message),
                    )
                })
                .collect(),
        ));
    }
    let (created, updated) = auth
        .checked(&st, st.store.import_employees(&auth.actor, &ok).await)
        .await?;
    st.store.drop_import_draft(&auth.actor, b.draft_id).await?;
    Ok(Json(RosterImported { created, updated }))
}

// ----- sessions ------------------------------------------------------------------------

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TrainingQuery {
    pub enterprise_id: Option<Uuid>,
    pub district_id: Option<Uuid>,
    pub year: Option<i32>,
    /// pre_job / annual / special
    pub kind: Option<String>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

impl TrainingQuery {
    fn filter(&self) -> ApiResult<TrainingFilter> {
        Ok(TrainingFilter {
            enterprise_id: self.enterprise_id,
            district_id: self.district_id,
            year: self.year,
            kind: parse("kind", &self.kind, TrainingKind::from_code, "培训类型")?,
        })
    }
}

#[utoipa::path(get, path = "/api/trainings", tag = "training", params(TrainingQuery),
    responses((status = 200, body = Page<TrainingView>), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn trainings(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<TrainingQuery>,
) -> ApiResult<Json<Page<TrainingView>>> {
    auth.require(&st, Permission::TrainingRead).await?;
    Ok(Json(
        st.store
            .list_trainings(
                auth.scope(),
                &q.filter()?,
                &PageReq::new(q.page, q.page_size, None),
            )
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/trainings/export", tag = "training", params(TrainingQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn export_trainings(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<TrainingQuery>,
) -> ApiResult<Response> {
    auth.require(&st, Permission::TrainingRead).await?;
    let p = st
        .store
        .list_trainings(auth.scope(), &q.filter()?, &PageReq::all(None, MAX_EXPORT))
        .await?;
    let rows = p
        .items
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            vec![
                (i + 1).to_string(),
                t.enterprise_name,
                t.held_on.to_string(),
                t.topic,
                t.kind_label,
                t.hours.to_string(),
                opt(&t.trainer),
                t.attendees.to_string(),
            ]
        })
        .collect();
    export(
        "培训记录",
        vec![
            ("序号", 7.0),
            ("企业名称", 30.0),
            ("培训日期", 12.0),
            ("培训主题", 36.0),
            ("培训类型", 12.0),
            ("学时", 8.0),
            ("授课人", 12.0),
            ("参训人数", 10.0),
        ],
        rows,
        p.total,
        "培训记录",
    )
    .await
}

/// Record a session of the own enterprise with its attendance.
#[utoipa::path(post, path = "/api/trainings", tag = "training", request_body = SessionInput,
    responses((status = 201, body = TrainingView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn create_training(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<SessionInput>,
) -> ApiResult<(StatusCode, Json<TrainingView>)> {
    auth.require(&st, Permission::TrainingWrite).await?;
    let t = auth
        .checked(&st, st.store.save_training(&auth.actor, None, &b).await)
        .await?;
    Ok((StatusCode::CREATED, Json(t)))
}

#[utoipa::path(get, path = "/api/trainings/{id}", tag = "training", params(("id" = Uuid, Path)),
    responses((status = 200, body = TrainingView), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn training(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<TrainingView>> {
    auth.require(&st, Permission::TrainingRead).await?;
    Ok(Json(st.store.training(auth.scope(), id).await?))
}

#[utoipa::path(put, path = "/api/trainings/{id}", tag = "training", params(("id" = Uuid, Path)), request_body = SessionInput,
    responses((status = 200, body = TrainingView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn update_training(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<SessionInput>,
) -> ApiResult<Json<TrainingView>> {
    auth.require(&st, Permission::TrainingWrite).await?;
    Ok(Json(
        auth.checked(&st, st.store.save_training(&auth.actor, Some(id), &b).await)
            .await?,
    ))
}

#[utoipa::path(delete, path = "/api/trainings/{id}", tag = "training", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn delete_training(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    auth.require(&st, Permission::TrainingWrite).await?;
    auth.checked(&st, st.store.delete_training(&auth.actor, id).await)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

// ----- certificates ----------------------------------------------------------------------

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CertificateQuery {
    pub enterprise_id: Option<Uuid>,
    pub district_id: Option<Uuid>,
    /// Only those expiring within 30 days (or expired).
    pub expiring: Option<bool>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

#[utoipa::path(get, path = "/api/certificates", tag = "training", params(CertificateQuery),
    responses((status = 200, body = Page<CertificateView>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn certificates(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<CertificateQuery>,
) -> ApiResult<Json<Page<CertificateView>>> {
    auth.require(&st, Permission::TrainingRead).await?;
    Ok(Json(
        st.store
            .list_certificates(
                auth.scope(),
                q.enterprise_id,
                q.district_id,
                q.expiring.unwrap_or(false),
                &PageReq::new(q.page, q.page_size, None),
            )
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/certificates/export", tag = "training", params(CertificateQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn export_certificates(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<CertificateQuery>,
) -> ApiResult<Response> {
    auth.require(&st, Permission::TrainingRead).await?;
    let p = st
        .store
        .list_certificates(
            auth.scope(),
            q.enterprise_id,
            q.district_id,
            q.expiring.unwrap_or(false),
            &PageReq::all(None, MAX_EXPORT),
        )
        .await?;
    let rows = p
        .items
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            vec![
                (i + 1).to_string(),
                c.enterprise_name,
                c.employee_name,
                c.kind,
                c.number,
                c.issued_on.to_string(),
                c.expires_on.to_string(),
                c.days_left.to_string(),
            ]
        })
        .collect();
    export(
        "证书台账",
        vec![
            ("序号", 7.0),
            ("企业名称", 30.0),
            ("持证人", 12.0),
            ("证书名称", 36.0),
            ("证书编号", 20.0),
            ("发证日期", 12.0),
            ("有效期至", 12.0),
            ("剩余天数", 10.0),
        ],
        rows,
        p.total,
        "证书台账",
    )
    .await
}

#[utoipa::path(post, path = "/api/certificates", tag = "training", request_body = CertificateInput,
    responses((status = 201, body = CertificateView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn create_certificate(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<CertificateInput>,
) -> ApiResult<(StatusCode, Json<CertificateView>)> {
    auth.require(&st, Permission::TrainingWrite).await?;
    let c = auth
        .checked(&st, st.store.save_certificate(&auth.actor, None, &b).await)
        .await?;
    Ok((StatusCode::CREATED, Json(c)))
}

#[utoipa::path(put, path = "/api/certificates/{id}", tag = "training", params(("id" = Uuid, Path)), request_body = CertificateInput,
    responses((status = 200, body = CertificateView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn update_certificate(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<CertificateInput>,
) -> ApiResult<Json<CertificateView>> {
    auth.require(&st, Permission::TrainingWrite).await?;
    Ok(Json(
        auth.checked(
            &st,
            st.store.save_certificate(&auth.actor, Some(id), &b).await,
        )
        .await?,
    ))
}

#[utoipa::path(delete, path = "/api/certificates/{id}", tag = "training", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn delete_certificate(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    auth.require(&st, Permission::TrainingWrite).await?;
    auth.checked(&st, st.store.delete_certificate(&auth.actor, id).await)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

// ----- requirements, coverage, evaluations -----------------------------------------------

#[utoipa::path(get, path = "/api/training/requirements", tag = "training",
    responses((status = 200, body = Requirements), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn requirements(State(st): State<AppState>, auth: Auth) -> ApiResult<Json<Requirements>> {
    auth.require(&st, Permission::TrainingRead).await?;
    Ok(Json(st.store.training_requirements().await?))
}

#[utoipa::path(put, path = "/api/training/requirements", tag = "training", request_body = Requirements,
    responses((status = 200, body = Requirements), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn set_requirements(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<Requirements>,
) -> ApiResult<Json<Requirements>> {
    auth.require(&st, Permission::DictionaryWrite).await?;
    Ok(Json(
        auth.checked(
            &st,
            st.store.set_training_requirements(&auth.actor, &b).await,
        )
        .await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CoverageQuery {
    pub enterprise_id: Option<Uuid>,
    /// Default: this year.
    pub year: Option<i32>,
}

/// Who of an enterprise's roster is trained in the year, and who is short (全员轮训).
#[utoipa::path(get, path = "/api/training/coverage", tag = "training", params(CoverageQuery),
    responses((status = 200, body = CoverageView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn coverage(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<CoverageQuery>,
) -> ApiResult<Json<CoverageView>> {
    auth.require(&st, Permission::TrainingRead).await?;
    let ent = match (q.enterprise_id, auth.scope()) {
        (Some(e), _) => e,
        (None, anzhi_domain::Scope::Enterprise(e)) => e,
        (None, _) => return Err(ApiError::field("enterprise_id", "required", "请选择企业")),
    };
    Ok(Json(
        st.store
            .training_coverage(auth.scope(), ent, year_or_now(q.year))
            .await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    pub year: Option<i32>,
}

#[utoipa::path(get, path = "/api/training/coverage/summary", tag = "training", params(YearQuery),
    responses((status = 200, body = CoverageSummary), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn coverage_summary(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<YearQuery>,
) -> ApiResult<Json<CoverageSummary>> {
    auth.require(&st, Permission::TrainingRead).await?;
    Ok(Json(
        st.store
            .coverage_summary(auth.scope(), year_or_now(q.year))
            .await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FormQuery {
    pub enterprise_id: Option<Uuid>,
    pub year: Option<i32>,
}

/// The evaluation form of an enterprise and year, the coverage item pre-filled.
#[utoipa::path(get, path = "/api/training/evaluations/form", tag = "training", params(FormQuery),
    responses((status = 200, body = EvaluationForm), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn evaluation_form(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<FormQuery>,
) -> ApiResult<Json<EvaluationForm>> {
    auth.require(&st, Permission::TrainingEvaluate).await?;
    let ent = q
        .enterprise_id
        .ok_or_else(|| ApiError::field("enterprise_id", "required", "请选择企业"))?;
    Ok(Json(
        st.store
            .evaluation_form(auth.scope(), ent, year_or_now(q.year))
            .await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct KeyScore {
    pub key: String,
    pub score: f64,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EvaluationBody {
    pub enterprise_id: Uuid,
    pub year: Option<i32>,
    #[serde(default)]
    pub items: Vec<KeyScore>,
    pub comment: Option<String>,
}

/// Score an enterprise's training for a year (replaces an earlier evaluation).
#[utoipa::path(post, path = "/api/training/evaluations", tag = "training", request_body = EvaluationBody,
    responses((status = 201, body = EvaluationView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn create_evaluation(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<EvaluationBody>,
) -> ApiResult<(StatusCode, Json<EvaluationView>)> {
    auth.require(&st, Permission::TrainingEvaluate).await?;
    let items: Vec<(String, f64)> = b.items.into_iter().map(|i| (i.key, i.score)).collect();
    let e = auth
        .checked(
            &st,
            st.store
                .save_evaluation(
                    &auth.actor,
                    b.enterprise_id,
                    year_or_now(b.year),
                    &items,
                    b.comment.as_deref(),
                )
                .await,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(e)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EvaluationQuery {
    pub year: Option<i32>,
    pub district_id: Option<Uuid>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

#[utoipa::path(get, path = "/api/training/evaluations", tag = "training", params(EvaluationQuery),
    responses((status = 200, body = Page<EvaluationView>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn evaluations(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<EvaluationQuery>,
) -> ApiResult<Json<Page<EvaluationView>>> {
    auth.require(&st, Permission::TrainingRead).await?;
    Ok(Json(
        st.store
            .list_evaluations(
                auth.scope(),
                q.year,
                q.district_id,
                &PageReq::new(q.page, q.page_size, None),
            )
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/training/evaluations/export", tag = "training", params(EvaluationQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn export_evaluations(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<EvaluationQuery>,
) -> ApiResult<Response> {
    auth.require(&st, Permission::TrainingRead).await?;
    let p = st
        .store
        .list_evaluations(
            auth.scope(),
            q.year,
            q.district_id,
            &PageReq::all(None, MAX_EXPORT),
        )
        .await?;
    let rows = p
        .items
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            vec![
                (i + 1).to_string(),
                e.enterprise_name,
                e.district_name,
                e.year.to_string(),
                format!("{:.0}%", e.coverage * 100.0),
                e.total.to_string(),
                e.grade_label,
                opt(&e.comment),
                e.evaluated_by_name,
            ]
        })
        .collect();
    export(
        "培训评估",
        vec![
            ("序号", 7.0),
            ("企业名称", 30.0),
            ("所属区", 14.0),
            ("年度", 8.0),
            ("轮训覆盖率", 12.0),
            ("得分", 8.0),
            ("等级", 8.0),
            ("评估意见", 36.0),
            ("评估人", 12.0),
        ],
        rows,
        p.total,
        "教育培训完成情况评估",
    )
    .await
}

#[utoipa::path(get, path = "/api/training/evaluations/summary", tag = "training", params(YearQuery),
    responses((status = 200, body = Vec<EvaluationSummaryRow>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn evaluation_summary(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<YearQuery>,
) -> ApiResult<Json<Vec<EvaluationSummaryRow>>> {
    auth.require(&st, Permission::TrainingRead).await?;
    Ok(Json(
        st.store
            .evaluation_summary(auth.scope(), year_or_now(q.year))
            .await?,
    ))
}

// ----- emergency plans, drills, spot checks ----------------------------------------------

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlanQuery {
    pub enterprise_id: Option<Uuid>,
    pub district_id: Option<Uuid>,
    /// comprehensive / special / onsite
    pub kind: Option<String>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

#[utoipa::path(get, path = "/api/emergency-plans", tag = "training", params(PlanQuery),
    responses((status = 200, body = Page<EmergencyPlanView>), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn plans(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<PlanQuery>,
) -> ApiResult<Json<Page<EmergencyPlanView>>> {
    auth.require(&st, Permission::TrainingRead).await?;
    let kind = parse("kind", &q.kind, PlanKind::from_code, "预案类型")?;
    Ok(Json(
        st.store
            .list_emergency_plans(
                auth.scope(),
                q.enterprise_id,
                q.district_id,
                kind,
                &PageReq::new(q.page, q.page_size, None),
            )
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/emergency-plans/export", tag = "training", params(PlanQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn export_plans(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<PlanQuery>,
) -> ApiResult<Response> {
    auth.require(&st, Permission::TrainingRead).await?;
    let kind = parse("kind", &q.kind, PlanKind::from_code, "预案类型")?;
    let p = st
        .store
        .list_emergency_plans(
            auth.scope(),
            q.enterprise_id,
            q.district_id,
            kind,
            &PageReq::all(None, MAX_EXPORT),
        )
        .await?;
    let rows = p
        .items
        .into_iter()
        .enumerate()
        .map(|(i, x)| {
            vec![
                (i + 1).to_string(),
                x.enterprise_name,
                x.kind_label,
                x.title,
                x.version,
                x.approved_on.to_string(),
                opt(&x.filed_on),
                opt(&x.review_due),
                if x.review_overdue { "已到期" } else { "" }.into(),
            ]
        })
        .collect();
    export(
        "应急预案",
        vec![
            ("序号", 7.0),
            ("企业名称", 30.0),
            ("预案类型", 14.0),
            ("预案名称", 36.0),
            ("版本", 8.0),
            ("批准日期", 12.0),
            ("备案日期", 12.0),
            ("评估期限", 12.0),
            ("评估", 8.0),
        ],
        rows,
        p.total,
        "应急预案",
    )
    .await
}

#[utoipa::path(post, path = "/api/emergency-plans", tag = "training", request_body = EmergencyPlanInput,
    responses((status = 201, body = EmergencyPlanView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn create_plan(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<EmergencyPlanInput>,
) -> ApiResult<(StatusCode, Json<EmergencyPlanView>)> {
    auth.require(&st, Permission::TrainingWrite).await?;
    let p = auth
        .checked(
            &st,
            st.store.save_emergency_plan(&auth.actor, None, &b).await,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(p)))
}

#[utoipa::path(put, path = "/api/emergency-plans/{id}", tag = "training", params(("id" = Uuid, Path)), request_body = EmergencyPlanInput,
    responses((status = 200, body = EmergencyPlanView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn update_plan(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<EmergencyPlanInput>,
) -> ApiResult<Json<EmergencyPlanView>> {
    auth.require(&st, Permission::TrainingWrite).await?;
    Ok(Json(
        auth.checked(
            &st,
            st.store
                .save_emergency_plan(&auth.actor, Some(id), &b)
                .await,
        )
        .await?,
    ))
}

#[utoipa::path(delete, path = "/api/emergency-plans/{id}", tag = "training", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn delete_plan(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    auth.require(&st, Permission::TrainingWrite).await?;
    auth.checked(&st, st.store.delete_emergency_plan(&auth.actor, id).await)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DrillQuery {
    pub enterprise_id: Option<Uuid>,
    pub district_id: Option<Uuid>,
    pub year: Option<i32>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

#[utoipa::path(get, path = "/api/drills", tag = "training", params(DrillQuery),
    responses((status = 200, body = Page<DrillView>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn drills(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<DrillQuery>,
) -> ApiResult<Json<Page<DrillView>>> {
    auth.require(&st, Permission::TrainingRead).await?;
    Ok(Json(
        st.store
            .list_drills(
                auth.scope(),
                q.enterprise_id,
                q.district_id,
                q.year,
                &PageReq::new(q.page, q.page_size, None),
            )
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/drills/export", tag = "training", params(DrillQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn export_drills(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<DrillQuery>,
) -> ApiResult<Response> {
    auth.require(&st, Permission::TrainingRead).await?;
    let p = st
        .store
        .list_drills(
            auth.scope(),
            q.enterprise_id,
            q.district_id,
            q.year,
            &PageReq::all(None, MAX_EXPORT),
        )
        .await?;
    let rows = p
        .items
        .into_iter()
        .enumerate()
        .map(|(i, d)| {
            vec![
                (i + 1).to_string(),
                d.enterprise_name,
                d.held_on.to_string(),
                d.kind_label,
                d.mode_label,
                d.scenario,
                d.participants.to_string(),
                opt(&d.assessment),
                opt(&d.improvements),
            ]
        })
        .collect();
    export(
        "应急演练",
        vec![
            ("序号", 7.0),
            ("企业名称", 30.0),
            ("演练日期", 12.0),
            ("演练类型", 16.0),
            ("演练形式", 10.0),
            ("演练场景", 36.0),
            ("参演人数", 10.0),
            ("演练评估", 30.0),
            ("改进措施", 30.0),
        ],
        rows,
        p.total,
        "应急演练",
    )
    .await
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatusQuery {
    pub district_id: Option<Uuid>,
}

/// Each enterprise's last drills and whether one is due.
#[utoipa::path(get, path = "/api/drills/status", tag = "training", params(StatusQuery),
    responses((status = 200, body = Vec<DrillStatusRow>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn drill_status(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<StatusQuery>,
) -> ApiResult<Json<Vec<DrillStatusRow>>> {
    auth.require(&st, Permission::TrainingRead).await?;
    Ok(Json(
        st.store.drill_status(auth.scope(), q.district_id).await?,
    ))
}

#[utoipa::path(post, path = "/api/drills", tag = "training", request_body = DrillInput,
    responses((status = 201, body = DrillView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn create_drill(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<DrillInput>,
) -> ApiResult<(StatusCode, Json<DrillView>)> {
    auth.require(&st, Permission::TrainingWrite).await?;
    let d = auth
        .checked(&st, st.store.save_drill(&auth.actor, None, &b).await)
        .await?;
    Ok((StatusCode::CREATED, Json(d)))
}

#[utoipa::path(get, path = "/api/drills/{id}", tag = "training", params(("id" = Uuid, Path)),
    responses((status = 200, body = DrillView), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn drill(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<DrillView>> {
    auth.require(&st, Permission::TrainingRead).await?;
    Ok(Json(st.store.drill(auth.scope(), id).await?))
}

#[utoipa::path(put, path = "/api/drills/{id}", tag = "training", params(("id" = Uuid, Path)), request_body = DrillInput,
    responses((status = 200, body = DrillView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn update_drill(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<DrillInput>,
) -> ApiResult<Json<DrillView>> {
    auth.require(&st, Permission::TrainingWrite).await?;
    Ok(Json(
        auth.checked(&st, st.store.save_drill(&auth.actor, Some(id), &b).await)
            .await?,
    ))
}

#[utoipa::path(delete, path = "/api/drills/{id}", tag = "training", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn delete_drill(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    auth.require(&st, Permission::TrainingWrite).await?;
    auth.checked(&st, st.store.delete_drill(&auth.actor, id).await)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Criteria {
    pub items: Vec<Criterion>,
}

/// The spot-check criteria (plan operability 60, drill effect 40 by default).
#[utoipa::path(get, path = "/api/drill-evaluations/criteria", tag = "training",
    responses((status = 200, body = Criteria), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn criteria(State(st): State<AppState>, auth: Auth) -> ApiResult<Json<Criteria>> {
    auth.require(&st, Permission::TrainingRead).await?;
    Ok(Json(Criteria {
        items: st.store.drill_criteria().await?,
    }))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CriteriaBody {
    pub items: Vec<Criterion>,
}

#[utoipa::path(put, path = "/api/drill-evaluations/criteria", tag = "training", request_body = CriteriaBody,
    responses((status = 200, body = Criteria), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn set_criteria(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<CriteriaBody>,
) -> ApiResult<Json<Criteria>> {
    auth.require(&st, Permission::DictionaryWrite).await?;
    Ok(Json(Criteria {
        items: auth
            .checked(
                &st,
                st.store.set_drill_criteria(&auth.actor, &b.items).await,
            )
            .await?,
    }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SpotQuery {
    pub district_id: Option<Uuid>,
    pub enterprise_id: Option<Uuid>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

#[utoipa::path(get, path = "/api/drill-evaluations", tag = "training", params(SpotQuery),
    responses((status = 200, body = Page<DrillEvaluationView>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn spot_checks(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<SpotQuery>,
) -> ApiResult<Json<Page<DrillEvaluationView>>> {
    auth.require(&st, Permission::TrainingRead).await?;
    Ok(Json(
        st.store
            .list_drill_evaluations(
                auth.scope(),
                q.district_id,
                q.enterprise_id,
                &PageReq::new(q.page, q.page_size, None),
            )
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/drill-evaluations/export", tag = "training", params(SpotQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn export_spot_checks(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<SpotQuery>,
) -> ApiResult<Response> {
    auth.require(&st, Permission::TrainingRead).await?;
    let p = st
        .store
        .list_drill_evaluations(
            auth.scope(),
            q.district_id,
            q.enterprise_id,
            &PageReq::all(None, MAX_EXPORT),
        )
        .await?;
    let rows = p
        .items
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            vec![
                (i + 1).to_string(),
                e.enterprise_name,
                e.district_name,
                xlsx::time(Some(e.evaluated_at)),
                e.total.to_string(),
                e.result_label,
                e.problems
                    .iter()
                    .map(|p| match &p.hazard_code {
                        Some(c) => format!("{}（已转隐患{c}）", p.text),
                        None => p.text.clone(),
                    })
                    .collect::<Vec<_>>()
                    .join("；"),
                e.evaluated_by_name,
            ]
        })
        .collect();
    export(
        "抽查评估",
        vec![
            ("序号", 7.0),
            ("企业名称", 30.0),
            ("所属区", 14.0),
            ("评估时间", 18.0),
            ("得分", 8.0),
            ("结论", 8.0),
            ("发现问题", 50.0),
            ("评估人", 12.0),
        ],
        rows,
        p.total,
        "应急预案和演练抽查评估",
    )
    .await
}

/// Spot-check an enterprise's plans and drills; problems marked for it become hazards.
#[utoipa::path(post, path = "/api/drill-evaluations", tag = "training", request_body = SpotCheckInput,
    responses((status = 201, body = DrillEvaluationView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn create_spot_check(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<SpotCheckInput>,
) -> ApiResult<(StatusCode, Json<DrillEvaluationView>)> {
    auth.require(&st, Permission::TrainingEvaluate).await?;
    let e = auth
        .checked(&st, st.store.spot_check(&auth.actor, &b).await)
        .await?;
    Ok((StatusCode::CREATED, Json(e)))
}

#[utoipa::path(get, path = "/api/drill-evaluations/{id}", tag = "training", params(("id" = Uuid, Path)),
    responses((status = 200, body = DrillEvaluationView), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn spot_check(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<DrillEvaluationView>> {
    auth.require(&st, Permission::TrainingRead).await?;
    Ok(Json(st.store.drill_evaluation(auth.scope(), id).await?))
}

// ----- publicity -----------------------------------------------------------------------------

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActivityQuery {
    pub year: Option<i32>,
    /// training / viewing / study / interview / campaign
    pub kind: Option<String>,
    /// Activities this unit took part in.
    pub org_id: Option<Uuid>,
    pub task_id: Option<Uuid>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

impl ActivityQuery {
    fn filter(&self) -> ApiResult<ActivityFilter> {
        Ok(ActivityFilter {
            year: self.year,
            kind: parse("kind", &self.kind, ActivityKind::from_code, "活动类型")?,
            org_id: self.org_id,
            task_id: self.task_id,
        })
    }
}

#[utoipa::path(get, path = "/api/activities", tag = "training", params(ActivityQuery),
    responses((status = 200, body = Page<ActivityView>), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn activities(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<ActivityQuery>,
) -> ApiResult<Json<Page<ActivityView>>> {
    auth.require(&st, Permission::TrainingRead).await?;
    Ok(Json(
        st.store
            .list_activities(
                auth.scope(),
                &q.filter()?,
                &PageReq::new(q.page, q.page_size, None),
            )
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/activities/export", tag = "training", params(ActivityQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn export_activities(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<ActivityQuery>,
) -> ApiResult<Response> {
    auth.require(&st, Permission::TrainingRead).await?;
    let p = st
        .store
        .list_activities(auth.scope(), &q.filter()?, &PageReq::all(None, MAX_EXPORT))
        .await?;
    let rows = p
        .items
        .into_iter()
        .enumerate()
        .map(|(i, a)| {
            vec![
                (i + 1).to_string(),
                a.held_on.to_string(),
                a.title,
                a.kind_label,
                a.organiser,
                a.participants
                    .iter()
                    .map(|p| format!("{}（{}人）", p.name, p.headcount))
                    .collect::<Vec<_>>()
                    .join("、"),
                a.units.to_string(),
                a.headcount.to_string(),
                opt(&a.task_text),
            ]
        })
        .collect();
    export(
        "宣传教育活动",
        vec![
            ("序号", 7.0),
            ("日期", 12.0),
            ("活动名称", 36.0),
            ("活动类型", 12.0),
            ("组织单位", 20.0),
            ("参加单位", 50.0),
            ("单位数", 8.0),
            ("人数", 8.0),
            ("关联任务", 36.0),
        ],
        rows,
        p.total,
        "宣传教育活动",
    )
    .await
}

#[utoipa::path(get, path = "/api/activities/report", tag = "training", params(YearQuery),
    responses((status = 200, body = Vec<ActivityReportRow>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn activity_report(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<YearQuery>,
) -> ApiResult<Json<Vec<ActivityReportRow>>> {
    auth.require(&st, Permission::TrainingRead).await?;
    Ok(Json(
        st.store
            .activity_report(auth.scope(), year_or_now(q.year))
            .await?,
    ))
}

#[utoipa::path(post, path = "/api/activities", tag = "training", request_body = ActivityInput,
    responses((status = 201, body = ActivityView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn create_activity(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<ActivityInput>,
) -> ApiResult<(StatusCode, Json<ActivityView>)> {
    auth.require(&st, Permission::PublicityWrite).await?;
    let a = auth
        .checked(&st, st.store.save_activity(&auth.actor, None, &b).await)
        .await?;
    Ok((StatusCode::CREATED, Json(a)))
}

#[utoipa::path(get, path = "/api/activities/{id}", tag = "training", params(("id" = Uuid, Path)),
    responses((status = 200, body = ActivityView), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn activity(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<ActivityView>> {
    auth.require(&st, Permission::TrainingRead).await?;
    Ok(Json(st.store.activity(auth.scope(), id).await?))
}

#[utoipa::path(put, path = "/api/activities/{id}", tag = "training", params(("id" = Uuid, Path)), request_body = ActivityInput,
    responses((status = 200, body = ActivityView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn update_activity(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<ActivityInput>,
) -> ApiResult<Json<ActivityView>> {
    auth.require(&st, Permission::PublicityWrite).await?;
    Ok(Json(
        auth.checked(&st, st.store.save_activity(&auth.actor, Some(id), &b).await)
            .await?,
    ))
}

#[utoipa::path(delete, path = "/api/activities/{id}", tag = "training", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn delete_activity(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    auth.require(&st, Permission::PublicityWrite).await?;
    auth.checked(&st, st.store.delete_activity(&auth.actor, id).await)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The publicity activities linked to a campaign task (a progress report may cite
/// them), those the caller may see.
#[utoipa::path(get, path = "/api/tasks/{id}/activities", tag = "training", params(("id" = Uuid, Path)),
    responses((status = 200, body = Page<ActivityView>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn task_activities(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Page<ActivityView>>> {
    auth.require(&st, Permission::TrainingRead).await?;
    let f = ActivityFilter {
        task_id: Some(id),
        ..Default::default()
    };
    Ok(Json(
        st.store
            .list_activities(auth.scope(), &f, &PageReq::new(Some(1), Some(200), None))
            .await?,
    ))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(employees, create_employee))
        .routes(routes!(export_employees))
        .routes(routes!(update_employee, delete_employee))
        .routes(routes!(roster_template))
        .routes(routes!(roster_preview))
        .routes(routes!(roster_import))
        .routes(routes!(trainings, create_training))
        .routes(routes!(export_trainings))
        .routes(routes!(training, update_training, delete_training))
        .routes(routes!(certificates, create_certificate))
        .routes(routes!(export_certificates))
        .routes(routes!(update_certificate, delete_certificate))
        .routes(routes!(requirements, set_requirements))
        .routes(routes!(coverage))
        .routes(routes!(coverage_summary))
        .routes(routes!(evaluation_form))
        .routes(routes!(evaluations, create_evaluation))
        .routes(routes!(export_evaluations))
        .routes(routes!(evaluation_summary))
        .routes(routes!(plans, create_plan))
        .routes(routes!(export_plans))
        .routes(routes!(update_plan, delete_plan))
        .routes(routes!(drills, create_drill))
        .routes(routes!(export_drills))
        .routes(routes!(drill_status))
        .routes(routes!(drill, update_drill, delete_drill))
        .routes(routes!(criteria, set_criteria))
        .routes(routes!(spot_checks, create_spot_check))
        .routes(routes!(export_spot_checks))
        .routes(routes!(spot_check))
        .routes(routes!(activities, create_activity))
        .routes(routes!(export_activities))
        .routes(routes!(activity_report))
        .routes(routes!(activity, update_activity, delete_activity))
        .routes(routes!(task_activities))
        .layer(DefaultBodyLimit::max(6 * 1024 * 1024))
}
