//! Enterprises: registry, industry categories, Excel import/export, accounts, the
//! responsibility profile with its review, commitments and completeness statistics.

use anzhi_domain::Permission;
use anzhi_domain::enterprise::{
    BusinessStatus, EnterpriseInput, IMPORT_COLUMNS, ProfileItem, ReviewAction,
};
use anzhi_store::enterprises::{
    Category, CategoryInput, EnterpriseFilter2, EnterpriseView, ExistingRows, ImportReport,
    ImportRow,
};
use anzhi_store::profiles::{
    CompletenessRow, NoticeView, Notices, Profile, ProfileItemInput, ProfileItemView,
};
use anzhi_store::users::{NewUser, UserView};
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

use super::nonempty;
use crate::AppState;
use crate::error::{ApiError, ApiResult, ErrorCode, Problem};
use crate::extract::{ApiJson, ApiQuery, Auth};
use crate::xlsx;
use crate::xlsx::opt;

/// Largest import file.
pub const MAX_IMPORT_BYTES: usize = 5 * 1024 * 1024;

// ----- industry categories ----------------------------------------------------

/// The industry-category dictionary (行业类别).
#[utoipa::path(get, path = "/api/industry-categories", tag = "enterprises",
    responses((status = 200, body = Vec<Category>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn categories(State(st): State<AppState>, auth: Auth) -> ApiResult<Json<Vec<Category>>> {
    if !auth.has(Permission::EnterpriseRead) && !auth.has(Permission::DictionaryWrite) {
        auth.require(&st, Permission::EnterpriseRead).await?;
    }
    Ok(Json(st.store.list_categories().await?))
}

#[utoipa::path(post, path = "/api/industry-categories", tag = "enterprises", request_body = CategoryInput,
    responses((status = 201, body = Category), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn create_category(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<CategoryInput>,
) -> ApiResult<(StatusCode, Json<Category>)> {
    auth.require(&st, Permission::DictionaryWrite).await?;
    let c = auth
        .checked(&st, st.store.create_category(&auth.actor, &b).await)
        .await?;
    Ok((StatusCode::CREATED, Json(c)))
}

#[utoipa::path(put, path = "/api/industry-categories/{id}", tag = "enterprises", params(("id" = Uuid, Path)), request_body = CategoryInput,
    responses((status = 200, body = Category), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn update_category(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<CategoryInput>,
) -> ApiResult<Json<Category>> {
    auth.require(&st, Permission::DictionaryWrite).await?;
    Ok(Json(
        auth.checked(&st, st.store.update_category(&auth.actor, id, &b).await)
            .await?,
    ))
}

/// Delete a category no enterprise uses (409 otherwise).
#[utoipa::path(delete, path = "/api/industry-categories/{id}", tag = "enterprises", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn delete_category(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    auth.require(&st, Permission::DictionaryWrite).await?;
    auth.checked(&st, st.store.delete_category(&auth.actor, id).await)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

// ----- registry ------------------------------------------------------------------

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EnterpriseQuery {
    pub district_id: Option<Uuid>,
    pub category_id: Option<Uuid>,
    /// 重点企业
    pub is_key: Option<bool>,
    /// operating / suspended / cancelled
    pub status: Option<String>,
    /// Any part of the name or the credit code.
    pub q: Option<String>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
    /// name, -name, credit_code, -credit_code, created_at, -created_at
    pub sort: Option<String>,
}

impl EnterpriseQuery {
    fn filter(&self) -> ApiResult<EnterpriseFilter2> {
        let status = match nonempty(&self.status) {
            Some(s) => Some(BusinessStatus::from_code(&s).ok_or_else(|| {
                ApiError::field(
                    "status",
                    "invalid",
                    "经营状态应为 operating、suspended 或 cancelled",
                )
            })?),
            None => None,
        };
        Ok(EnterpriseFilter2 {
            district_id: self.district_id,
            category_id: self.category_id,
            is_key: self.is_key,
            status,
            q: nonempty(&self.q),
        })
    }
}

/// Enterprises in the caller's reach (district staff: their district; an enterprise
/// user: itself), with filters, sorting and paging. Phones are masked.
#[utoipa::path(get, path = "/api/enterprises", tag = "enterprises", params(EnterpriseQuery),
    responses((status = 200, body = Page<EnterpriseView>), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<EnterpriseQuery>,
) -> ApiResult<Json<Page<EnterpriseView>>> {
    auth.require(&st, Permission::EnterpriseRead).await?;
    let page = PageReq::new(q.page, q.page_size, q.sort.clone());
    Ok(Json(
        st.store
            .list_enterprises(auth.scope(), &q.filter()?, &page)
            .await?,
    ))
}

/// The filtered list as `.xlsx` (phones masked).
#[utoipa::path(get, path = "/api/enterprises/export", tag = "enterprises", params(EnterpriseQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn export(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<EnterpriseQuery>,
) -> ApiResult<Response> {
    auth.require(&st, Permission::EnterpriseRead).await?;
    let mut headers: Vec<(&'static str, f64)> = IMPORT_COLUMNS
        .iter()
        .map(|(_, h, _)| {
            (
                *h,
                if *h == "企业名称" || *h == "详细地址" {
                    32.0
                } else {
                    16.0
                },
            )
        })
        .collect();
    headers.push(("管理体系完整度", 14.0));
    let filter = q.filter()?;
    // The store reads in batches while a blocking thread writes the sheet.
    let scope = auth.scope();
    let bytes = xlsx::stream(
        xlsx::Sheet::new("企业名录", &headers)?,
        |sheet, e: EnterpriseView| {
            sheet.push(&[
                e.name,
                opt(&e.credit_code),
                e.district_name,
                opt(&e.category_name),
                if e.is_key { "是" } else { "否" }.into(),
                e.status_label,
                opt(&e.address),
                opt(&e.longitude),
                opt(&e.latitude),
                opt(&e.legal_rep),
                opt(&e.principal),
                opt(&e.principal_phone),
                opt(&e.safety_manager),
                opt(&e.safety_manager_phone),
                opt(&e.employees),
                opt(&e.floor_area),
                format!("{}%", e.profile_score),
            ])?;
            Ok(())
        },
        |tx| {
            st.store.export_enterprises(
                scope,
                &filter,
                q.sort.clone(),
                xlsx::MAX_ENTERPRISE_ROWS,
                tx,
            )
        },
    )
    .await?;
    Ok(xlsx::download(
        bytes,
        &format!("企业名录-{}.xlsx", xlsx::stamp()),
    ))
}

/// Register an enterprise (section staff: any district; district staff: their own).
#[utoipa::path(post, path = "/api/enterprises", tag = "enterprises", request_body = EnterpriseInput,
    responses((status = 201, body = EnterpriseView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn create(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<EnterpriseInput>,
) -> ApiResult<(StatusCode, Json<EnterpriseView>)> {
    auth.require(&st, Permission::EnterpriseWrite).await?;
    let e = auth
        .checked(&st, st.store.create_enterprise(&auth.actor, &b).await)
        .await?;
    Ok((StatusCode::CREATED, Json(e)))
}

/// One enterprise (phones in full for staff and the enterprise itself).
#[utoipa::path(get, path = "/api/enterprises/{id}", tag = "enterprises", params(("id" = Uuid, Path)),
    responses((status = 200, body = EnterpriseView), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<EnterpriseView>> {
    auth.require(&st, Permission::EnterpriseRead).await?;
    Ok(Json(st.store.get_enterprise(auth.scope(), id).await?))
}

#[utoipa::path(put, path = "/api/enterprises/{id}", tag = "enterprises", params(("id" = Uuid, Path)), request_body = EnterpriseInput,
    responses((status = 200, body = EnterpriseView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn update(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<EnterpriseInput>,
) -> ApiResult<Json<EnterpriseView>> {
    auth.require(&st, Permission::EnterpriseWrite).await?;
    Ok(Json(
        auth.checked(&st, st.store.update_enterprise(&auth.actor, id, &b).await)
            .await?,
    ))
}

// ----- import --------------------------------------------------------------------

/// The import template: the columns (required ones marked), an example row, and a
/// sheet of allowed values (districts, categories, 是/否, statuses) with drop-downs.
#[utoipa::path(get, path = "/api/enterprises/import-template", tag = "enterprises",
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn template(State(st): State<AppState>, auth: Auth) -> ApiResult<Response> {
    auth.require(&st, Permission::EnterpriseWrite).await?;
    let (districts, cats) = st.store.import_lookups(auth.scope()).await?;
    let bytes = template_bytes(&districts, &cats).map_err(|e| {
        tracing::error!(error = %e, "building the import template failed");
        ApiError::internal()
    })?;
    Ok(xlsx::download(bytes, "企业导入模板.xlsx"))
}

fn template_bytes(
    districts: &[(Uuid, String)],
    cats: &[(Uuid, String)],
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold().set_background_color("#E8EEF7");
    let required = Format::new()
        .set_bold()
        .set_background_color("#FDE2E2")
        .set_font_color("#C0392B");
    let text = Format::new().set_num_format("@");
    let n = 5000u32;
    {
        let ws = wb.add_worksheet();
        ws.set_name("企业名录")?;
        for (c, (_, h, req)) in IMPORT_COLUMNS.iter().enumerate() {
            let header = if *req { format!("{h}*") } else { h.to_string() };
            ws.write_with_format(0, c as u16, header, if *req { &required } else { &bold })?;
            ws.set_column_width(c as u16, if c == 0 || c == 6 { 32.0 } else { 16.0 })?;
            ws.set_column_format(c as u16, &text)?;
        }
        ws.set_freeze_panes(1, 0)?;
        let lists: [(u16, String); 4] = [
            (2, format!("允许值!$A$2:$A${}", districts.len() + 1)),
            (3, format!("允许值!$B$2:$B${}", cats.len() + 1)),
            (4, "允许值!$C$2:$C$3".into()),
            (5, "允许值!$D$2:$D$4".into()),
        ];
        for (col, range) in lists {
            let dv = DataValidation::new()
                .allow_list_formula(rust_xlsxwriter::Formula::new(format!("={range}")))
                .set_error_message("请从“允许值”工作表中选择")?;
            ws.add_data_validation(1, col, n, col, &dv)?;
        }
    }
    let ws = wb.add_worksheet();
    ws.set_name("允许值")?;
    for (c, h) in ["所属区", "行业类别", "重点企业", "经营状态"]
        .iter()
        .enumerate()
    {
        ws.write_with_format(0, c as u16, *h, &bold)?;
        ws.set_column_width(c as u16, 24.0)?;
    }
    for (r, (_, d)) in districts.iter().enumerate() {
        ws.write(r as u32 + 1, 0, d.as_str())?;
    }
    for (r, (_, k)) in cats.iter().enumerate() {
        ws.write(r as u32 + 1, 1, k.as_str())?;
    }
    for (r, v) in ["是", "否"].iter().enumerate() {
        ws.write(r as u32 + 1, 2, *v)?;
    }
    for (r, s) in BusinessStatus::ALL.iter().enumerate() {
        ws.write(r as u32 + 1, 3, s.label())?;
    }
    ws.write(
        7,
        0,
        "说明：带*的列必填；统一社会信用代码为18位（校验位按GB 32100-2015）；电话填手机号或区号-号码；经纬度、从业人员数、营业面积填数字。",
    )?;
    wb.save_to_buffer()
}

/// Reads the first sheet of an `.xlsx` into data rows (Excel row numbers, cells as
/// text, in the order of `IMPORT_COLUMNS`).
pub fn read_rows(bytes: &[u8]) -> ApiResult<Vec<ImportRow>> {
    use anzhi_sheets::{Column, SheetError};
    let columns: Vec<Column<'_>> = IMPORT_COLUMNS
        .iter()
        .map(|(_, header, required)| Column {
            header,
            required: *required,
        })
        .collect();
    anzhi_sheets::read(bytes, &columns, 100_000).map_err(|e| match e {
        SheetError::NotXlsx => ApiError::new(ErrorCode::UnsupportedMediaType, e.to_string()),
        SheetError::MissingColumns(_) => ApiError::field("file", "columns", e.to_string()),
        SheetError::TooManyRows(_) => ApiError::field("file", "too_many", e.to_string()),
    })
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportPreviewQuery {
    /// The uploaded file's name.
    pub file_name: Option<String>,
}

/// The raw body of an import upload (≤ the route's limit), refused when empty.
pub(crate) fn body_bytes(body: Result<Bytes, BytesRejection>) -> ApiResult<Bytes> {
    let bytes = body.map_err(|rej| {
        if rej.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(ErrorCode::PayloadTooLarge, "导入文件超过 5 MB")
        } else {
            ApiError::new(ErrorCode::MalformedJson, "无法读取上传的文件")
        }
    })?;
    if bytes.is_empty() {
        return Err(ApiError::field(
            "file",
            "required",
            "请选择要导入的 .xlsx 文件",
        ));
    }
    Ok(bytes)
}

/// Upload an `.xlsx` (raw bytes, ≤ 5 MB): every row is checked (credit code
/// checksum, district and category by name, numbers, phones, duplicates in the file
/// and against the database) and every problem listed by row and column. Nothing
/// is written; the answer's `draft_id` confirms the import.
#[utoipa::path(post, path = "/api/enterprises/import/preview", tag = "enterprises", params(ImportPreviewQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "the .xlsx file"),
    responses((status = 200, body = ImportReport), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 413, body = Problem), (status = 415, body = Problem)))]
pub async fn import_preview(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<ImportPreviewQuery>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<ImportReport>> {
    auth.require(&st, Permission::EnterpriseWrite).await?;
    let bytes = body_bytes(body)?;
    let rows = read_rows(&bytes)?;
    let mut report = auth
        .checked(&st, st.store.preview_import(&auth.actor, &rows).await)
        .await?;
    let name = nonempty(&q.file_name).unwrap_or_else(|| "企业导入.xlsx".into());
    report.draft_id = Some(
        st.store
            .create_import_draft(&auth.actor, &name, bytes.to_vec())
            .await?,
    );
    Ok(Json(report))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportBody {
    pub draft_id: Uuid,
    /// Import only the rows without problems (explicit choice when there are problems).
    #[serde(default)]
    pub valid_only: bool,
    /// What to do with credit codes already registered.
    pub existing: ExistingRows,
}

/// Import a previewed file in one transaction: as previewed or not at all.
#[utoipa::path(post, path = "/api/enterprises/import", tag = "enterprises", request_body = ImportBody,
    responses((status = 200, body = ImportReport), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn import(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<ImportBody>,
) -> ApiResult<Json<ImportReport>> {
    auth.require(&st, Permission::EnterpriseWrite).await?;
    let (name, bytes) = st.store.import_draft(&auth.actor, b.draft_id).await?;
    let rows = read_rows(&bytes)?;
    Ok(Json(
        auth.checked(
            &st,
            st.store
                .import_enterprises(&auth.actor, &name, &rows, b.valid_only, b.existing)
                .await,
        )
        .await?,
    ))
}

// ----- accounts --------------------------------------------------------------------

/// The enterprise's user accounts (for the staff who supervise it).
#[utoipa::path(get, path = "/api/enterprises/{id}/accounts", tag = "enterprises", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<UserView>), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn accounts(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<UserView>>> {
    auth.require(&st, Permission::EnterpriseWrite).await?;
    Ok(Json(st.store.enterprise_accounts(&auth.actor, id).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountBody {
    pub username: String,
    /// 姓名
    pub display_name: String,
    #[serde(default)]
    pub phone: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EnterpriseAccount {
    pub user: UserView,
    /// The initial password, shown once; it must be changed at first login.
    pub password: String,
}

/// Create an enterprise user account for this enterprise.
#[utoipa::path(post, path = "/api/enterprises/{id}/accounts", tag = "enterprises", params(("id" = Uuid, Path)), request_body = AccountBody,
    responses((status = 201, body = EnterpriseAccount), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn create_account(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<AccountBody>,
) -> ApiResult<(StatusCode, Json<EnterpriseAccount>)> {
    auth.require(&st, Permission::EnterpriseWrite).await?;
    let policy = st.policy().await?;
    let input = NewUser {
        username: b.username,
        display_name: b.display_name,
        role: anzhi_domain::Role::EnterpriseUser,
        org_id: id,
        phone: b.phone,
        password: None,
    };
    let (user, password) = auth
        .checked(
            &st,
            st.store.create_user(&auth.actor, &input, &policy).await,
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(EnterpriseAccount { user, password }),
    ))
}

// ----- profile -------------------------------------------------------------------

fn item_of(s: &str) -> ApiResult<ProfileItem> {
    ProfileItem::from_code(s).ok_or_else(ApiError::not_found)
}

/// The responsibility profile (安全生产管理体系): six items with fields, documents,
/// review state, and the completeness score.
#[utoipa::path(get, path = "/api/enterprises/{id}/profile", tag = "enterprises", params(("id" = Uuid, Path)),
    responses((status = 200, body = Profile), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn profile(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Profile>> {
    auth.require(&st, Permission::EnterpriseRead).await?;
    Ok(Json(st.store.get_profile(&auth.actor, id).await?))
}

/// The enterprise saves an item: responsibility, rules, team, standardization,
/// risk_reporting or commitment (a saved item awaits submission again).
#[utoipa::path(put, path = "/api/enterprises/{id}/profile/{item}", tag = "enterprises",
    params(("id" = Uuid, Path), ("item" = String, Path, description = "responsibility / rules / team / standardization / risk_reporting / commitment")),
    request_body = ProfileItemInput,
    responses((status = 200, body = ProfileItemView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn save_item(
    State(st): State<AppState>,
    auth: Auth,
    Path((id, item)): Path<(Uuid, String)>,
    ApiJson(b): ApiJson<ProfileItemInput>,
) -> ApiResult<Json<ProfileItemView>> {
    auth.require(&st, Permission::ProfileWrite).await?;
    let it = item_of(&item)?;
    Ok(Json(
        auth.checked(
            &st,
            st.store.save_profile_item(&auth.actor, id, it, &b).await,
        )
        .await?,
    ))
}

async fn review(
    st: &AppState,
    auth: &Auth,
    id: Uuid,
    item: &str,
    action: ReviewAction,
    comment: Option<&str>,
) -> ApiResult<Json<ProfileItemView>> {
    auth.require(
        st,
        if action == ReviewAction::Submit {
            Permission::ProfileWrite
        } else {
            Permission::EnterpriseReview
        },
    )
    .await?;
    let it = item_of(item)?;
    Ok(Json(
        auth.checked(
            st,
            st.store
                .review_profile_item(&auth.actor, id, it, action, comment)
                .await,
        )
        .await?,
    ))
}

/// The enterprise submits an item for review (409 with the reason when not ready).
#[utoipa::path(post, path = "/api/enterprises/{id}/profile/{item}/submit", tag = "enterprises",
    params(("id" = Uuid, Path), ("item" = String, Path)),
    responses((status = 200, body = ProfileItemView), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn submit_item(
    State(st): State<AppState>,
    auth: Auth,
    Path((id, item)): Path<(Uuid, String)>,
) -> ApiResult<Json<ProfileItemView>> {
    review(&st, &auth, id, &item, ReviewAction::Submit, None).await
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApproveBody {
    #[serde(default)]
    pub comment: Option<String>,
}

/// The district (or bureau) approves a submitted item.
#[utoipa::path(post, path = "/api/enterprises/{id}/profile/{item}/approve", tag = "enterprises",
    params(("id" = Uuid, Path), ("item" = String, Path)), request_body = ApproveBody,
    responses((status = 200, body = ProfileItemView), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn approve_item(
    State(st): State<AppState>,
    auth: Auth,
    Path((id, item)): Path<(Uuid, String)>,
    ApiJson(b): ApiJson<ApproveBody>,
) -> ApiResult<Json<ProfileItemView>> {
    review(
        &st,
        &auth,
        id,
        &item,
        ReviewAction::Approve,
        b.comment.as_deref(),
    )
    .await
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReturnItemBody {
    /// 退回原因（必填）
    pub reason: String,
}

/// The district (or bureau) returns a submitted item with a reason.
#[utoipa::path(post, path = "/api/enterprises/{id}/profile/{item}/return", tag = "enterprises",
    params(("id" = Uuid, Path), ("item" = String, Path)), request_body = ReturnItemBody,
    responses((status = 200, body = ProfileItemView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn return_item(
    State(st): State<AppState>,
    auth: Auth,
    Path((id, item)): Path<(Uuid, String)>,
    ApiJson(b): ApiJson<ReturnItemBody>,
) -> ApiResult<Json<ProfileItemView>> {
    review(&st, &auth, id, &item, ReviewAction::Return, Some(&b.reason)).await
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    pub year: Option<i32>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CommitmentText {
    pub text: String,
}

/// The default text of the annual in-app commitment (安全承诺书).
#[utoipa::path(get, path = "/api/enterprises/{id}/commitment/default-text", tag = "enterprises", params(("id" = Uuid, Path), YearQuery),
    responses((status = 200, body = CommitmentText), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn commitment_text(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiQuery(q): ApiQuery<YearQuery>,
) -> ApiResult<Json<CommitmentText>> {
    auth.require(&st, Permission::EnterpriseRead).await?;
    let e = st.store.get_enterprise(auth.scope(), id).await?;
    let year = q.year.unwrap_or_else(|| {
        chrono::Datelike::year(&anzhi_domain::time::today_china(chrono::Utc::now()))
    });
    Ok(Json(CommitmentText {
        text: anzhi_domain::enterprise::default_commitment_text(&e.name, year),
    }))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmBody {
    pub year: i32,
    /// The text committed to (the default text when empty).
    #[serde(default)]
    pub text: String,
}

/// The principal responsible person confirms the annual commitment in the app; the
/// text is kept as confirmed.
#[utoipa::path(post, path = "/api/enterprises/{id}/commitment/confirm", tag = "enterprises", params(("id" = Uuid, Path)), request_body = ConfirmBody,
    responses((status = 200, body = ProfileItemView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn confirm_commitment(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<ConfirmBody>,
) -> ApiResult<Json<ProfileItemView>> {
    auth.require(&st, Permission::ProfileWrite).await?;
    Ok(Json(
        auth.checked(
            &st,
            st.store
                .confirm_commitment(&auth.actor, id, b.year, &b.text)
                .await,
        )
        .await?,
    ))
}

/// Commitment notices (承诺公告): the current period and the history.
#[utoipa::path(get, path = "/api/enterprises/{id}/notices", tag = "enterprises", params(("id" = Uuid, Path)),
    responses((status = 200, body = Notices), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn notices(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Notices>> {
    auth.require(&st, Permission::EnterpriseRead).await?;
    Ok(Json(st.store.list_notices(&auth.actor, id).await?))
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoticeBody {
    /// The default content when empty.
    #[serde(default)]
    pub content: String,
}

/// Post this period's commitment notice (once per period; 409 otherwise).
#[utoipa::path(post, path = "/api/enterprises/{id}/notices", tag = "enterprises", params(("id" = Uuid, Path)), request_body = NoticeBody,
    responses((status = 201, body = NoticeView), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn post_notice(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<NoticeBody>,
) -> ApiResult<(StatusCode, Json<NoticeView>)> {
    auth.require(&st, Permission::ProfileWrite).await?;
    let n = auth
        .checked(&st, st.store.post_notice(&auth.actor, id, &b.content).await)
        .await?;
    Ok((StatusCode::CREATED, Json(n)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CompletenessQuery {
    /// district (default) or category
    pub group_by: Option<String>,
}

/// Completeness of the profiles by district or by industry category.
#[utoipa::path(get, path = "/api/enterprises/completeness", tag = "enterprises", params(CompletenessQuery),
    responses((status = 200, body = Vec<CompletenessRow>), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn completeness(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<CompletenessQuery>,
) -> ApiResult<Json<Vec<CompletenessRow>>> {
    auth.require(&st, Permission::EnterpriseRead).await?;
    let by_category = match nonempty(&q.group_by).as_deref() {
        None | Some("district") => false,
        Some("category") => true,
        Some(_) => {
            return Err(ApiError::field(
                "group_by",
                "invalid",
                "分组方式应为 district 或 category",
            ));
        }
    };
    Ok(Json(
        auth.checked(
            &st,
            st.store
                .completeness_summary(auth.scope(), by_category)
                .await,
        )
        .await?,
    ))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import_preview))
        .layer(DefaultBodyLimit::max(MAX_IMPORT_BYTES))
        .routes(routes!(categories, create_category))
        .routes(routes!(update_category, delete_category))
        .routes(routes!(list, create))
        .routes(routes!(export))
        .routes(routes!(template))
        .routes(routes!(import))
        .routes(routes!(completeness))
        .routes(routes!(get, update))
        .routes(routes!(accounts, create_account))
        .routes(routes!(profile))
        .routes(routes!(save_item))
        .routes(routes!(submit_item))
        .routes(routes!(approve_item))
        .routes(routes!(return_item))
        .routes(routes!(commitment_text))
        .routes(routes!(confirm_commitment))
        .routes(routes!(notices, post_notice))
}
