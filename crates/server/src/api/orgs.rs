//! Org directory: units, groups, phrase resolution.

use anzhi_domain::{GroupRule, OrgKind, Permission};
use anzhi_store::orgs::{
    GroupInput, GroupView, OrgFilter, OrgInput, OrgNode, OrgView, PhraseResolution,
};
use anzhi_store::reminders::OrgContact;
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
pub struct OrgQuery {
    /// 单位类型：bureau / section / district / enterprise / agency
    pub kind: Option<String>,
    /// 上级单位
    pub parent_id: Option<Uuid>,
    /// 名称、别名或代码中的任意片段
    pub q: Option<String>,
    /// 页码，从 1 开始
    pub page: Option<u64>,
    /// 每页条数（1–200，默认 20）
    pub page_size: Option<u64>,
    /// 排序：name、kind、code、sort_order、created_at、updated_at，`-` 前缀降序
    pub sort: Option<String>,
}

impl OrgQuery {
    fn filter(&self) -> ApiResult<OrgFilter> {
        let kind = match nonempty(&self.kind) {
            None => None,
            Some(k) => Some(OrgKind::from_code(&k).ok_or_else(|| {
                ApiError::field(
                    "kind",
                    "invalid_enum",
                    "单位类型无效，可选值：bureau、section、district、enterprise、agency",
                )
            })?),
        };
        Ok(OrgFilter {
            kind,
            parent_id: self.parent_id,
            q: nonempty(&self.q),
        })
    }
}

/// An org unit with its kind's Chinese label.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Org {
    #[serde(flatten)]
    pub org: OrgView,
    pub kind_label: String,
}

fn org(o: OrgView) -> Org {
    Org {
        kind_label: o.kind.label().into(),
        org: o,
    }
}

/// List units the caller may see.
#[utoipa::path(get, path = "/api/orgs", tag = "orgs", params(OrgQuery),
    responses((status = 200, body = Page<Org>), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<OrgQuery>,
) -> ApiResult<Json<Page<Org>>> {
    auth.require(&st, Permission::OrgRead).await?;
    let page = st
        .store
        .list_orgs(
            auth.scope(),
            &q.filter()?,
            &PageReq::new(q.page, q.page_size, q.sort.clone()),
        )
        .await?;
    Ok(Json(page.map(org)))
}

/// Export the filtered list as `.xlsx`.
#[utoipa::path(get, path = "/api/orgs/export", tag = "orgs", params(OrgQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", description = "组织机构.xlsx"), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn export(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<OrgQuery>,
) -> ApiResult<Response> {
    auth.require(&st, Permission::OrgRead).await?;
    let page = st
        .store
        .list_orgs(
            auth.scope(),
            &q.filter()?,
            &PageReq::all(q.sort.clone(), xlsx::MAX_EXPORT_ROWS),
        )
        .await?;
    let rows: Vec<Vec<String>> = page
        .items
        .iter()
        .map(|o| {
            vec![
                o.name.clone(),
                o.kind.label().into(),
                o.parent_name.clone().unwrap_or_default(),
                o.code.clone().unwrap_or_default(),
                o.aliases.join("、"),
                xlsx::time(Some(o.updated_at)),
            ]
        })
        .collect();
    let bytes = xlsx::workbook(
        "组织机构",
        &[
            ("单位名称", 36.0),
            ("类型", 12.0),
            ("上级单位", 24.0),
            ("代码", 22.0),
            ("别名", 30.0),
            ("更新时间", 20.0),
        ],
        &rows,
        page.total,
    )?;
    Ok(xlsx::download(
        bytes,
        &format!("组织机构-{}.xlsx", xlsx::stamp()),
    ))
}

/// The bureau's structure (all units except enterprises) as a tree.
#[utoipa::path(get, path = "/api/orgs/tree", tag = "orgs", responses((status = 200, body = Vec<OrgNode>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn tree(State(st): State<AppState>, auth: Auth) -> ApiResult<Json<Vec<OrgNode>>> {
    auth.require(&st, Permission::OrgRead).await?;
    Ok(Json(st.store.org_tree(auth.scope()).await?))
}

/// One unit (404 when outside the caller's scope).
#[utoipa::path(get, path = "/api/orgs/{id}", tag = "orgs", params(("id" = Uuid, Path)),
    responses((status = 200, body = Org), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Org>> {
    auth.require(&st, Permission::OrgRead).await?;
    Ok(Json(org(st.store.get_org(auth.scope(), id).await?)))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewOrg {
    pub name: String,
    pub kind: OrgKind,
    pub parent_id: Option<Uuid>,
    /// 统一社会信用代码 (enterprise) or GB/T 2260 code (district).
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub sort_order: i32,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrgChange {
    pub name: String,
    pub parent_id: Option<Uuid>,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub sort_order: i32,
}

/// Create a unit (system admin).
#[utoipa::path(post, path = "/api/orgs", tag = "orgs", request_body = NewOrg,
    responses((status = 201, body = Org), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn create(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<NewOrg>,
) -> ApiResult<(StatusCode, Json<Org>)> {
    auth.require(&st, Permission::OrgWrite).await?;
    let input = OrgInput {
        name: b.name,
        kind: b.kind,
        parent_id: b.parent_id,
        code: b.code,
        aliases: b.aliases,
        sort_order: b.sort_order,
    };
    Ok((
        StatusCode::CREATED,
        Json(org(st.store.create_org(&auth.actor, &input).await?)),
    ))
}

/// Change a unit's name, parent, code, aliases, order (system admin). The kind cannot change.
#[utoipa::path(put, path = "/api/orgs/{id}", tag = "orgs", params(("id" = Uuid, Path)), request_body = OrgChange,
    responses((status = 200, body = Org), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn update(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<OrgChange>,
) -> ApiResult<Json<Org>> {
    auth.require(&st, Permission::OrgWrite).await?;
    let input = OrgInput {
        name: b.name,
        kind: OrgKind::Agency,
        parent_id: b.parent_id,
        code: b.code,
        aliases: b.aliases,
        sort_order: b.sort_order,
    };
    Ok(Json(org(st
        .store
        .update_org(&auth.actor, id, &input)
        .await?)))
}

/// Delete a unit without sub-units or accounts (system admin).
#[utoipa::path(delete, path = "/api/orgs/{id}", tag = "orgs", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn delete(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    auth.require(&st, Permission::OrgWrite).await?;
    st.store.delete_org(&auth.actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolveRequest {
    /// Unit phrases as written in a plan, e.g. `局政策法规科`, `各区商务局`.
    pub phrases: Vec<String>,
}

/// Resolve plan phrases to units; lists the phrases that match nothing.
#[utoipa::path(post, path = "/api/orgs/resolve", tag = "orgs", request_body = ResolveRequest,
    responses((status = 200, body = PhraseResolution), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn resolve(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<ResolveRequest>,
) -> ApiResult<Json<PhraseResolution>> {
    auth.require(&st, Permission::OrgRead).await?;
    if b.phrases.len() > 500 {
        return Err(ApiError::field(
            "phrases",
            "too_long",
            "一次最多解析500个单位名称",
        ));
    }
    if let Some(i) = b.phrases.iter().position(|p| p.chars().count() > 200) {
        return Err(ApiError::field(
            &format!("phrases[{i}]"),
            "too_long",
            "单位名称不能超过200个字符",
        ));
    }
    Ok(Json(
        st.store.resolve_phrases(auth.scope(), &b.phrases).await?,
    ))
}

/// A group with its rule's Chinese label.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OrgGroup {
    #[serde(flatten)]
    pub group: GroupView,
    pub rule_label: String,
    pub member_ids: Vec<Uuid>,
}

fn group(g: GroupView) -> OrgGroup {
    OrgGroup {
        rule_label: g.rule.label().into(),
        member_ids: g.members.iter().map(|m| m.id).collect(),
        group: g,
    }
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupBody {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub rule: GroupRule,
    #[serde(default)]
    pub member_ids: Vec<Uuid>,
}

impl GroupBody {
    fn input(self) -> GroupInput {
        GroupInput {
            name: self.name,
            aliases: self.aliases,
            rule: self.rule,
            member_ids: self.member_ids,
        }
    }
}

/// Groups that plan phrases stand for (`各区商务局` …).
#[utoipa::path(get, path = "/api/org-groups", tag = "orgs", responses((status = 200, body = Vec<OrgGroup>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list_groups(State(st): State<AppState>, auth: Auth) -> ApiResult<Json<Vec<OrgGroup>>> {
    auth.require(&st, Permission::OrgRead).await?;
    Ok(Json(
        st.store
            .list_groups(auth.scope())
            .await?
            .into_iter()
            .map(group)
            .collect(),
    ))
}

/// One group.
#[utoipa::path(get, path = "/api/org-groups/{id}", tag = "orgs", params(("id" = Uuid, Path)),
    responses((status = 200, body = OrgGroup), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get_group(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<OrgGroup>> {
    auth.require(&st, Permission::OrgRead).await?;
    Ok(Json(group(st.store.get_group(auth.scope(), id).await?)))
}

/// Create a group (system admin).
#[utoipa::path(post, path = "/api/org-groups", tag = "orgs", request_body = GroupBody,
    responses((status = 201, body = OrgGroup), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn create_group(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(b): ApiJson<GroupBody>,
) -> ApiResult<(StatusCode, Json<OrgGroup>)> {
    auth.require(&st, Permission::OrgWrite).await?;
    Ok((
        StatusCode::CREATED,
        Json(group(st.store.create_group(&auth.actor, &b.input()).await?)),
    ))
}

/// Change a group (system admin).
#[utoipa::path(put, path = "/api/org-groups/{id}", tag = "orgs", params(("id" = Uuid, Path)), request_body = GroupBody,
    responses((status = 200, body = OrgGroup), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn update_group(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<GroupBody>,
) -> ApiResult<Json<OrgGroup>> {
    auth.require(&st, Permission::OrgWrite).await?;
    Ok(Json(group(
        st.store.update_group(&auth.actor, id, &b.input()).await?,
    )))
}

/// Delete a group (system admin).
#[utoipa::path(delete, path = "/api/org-groups/{id}", tag = "orgs", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn delete_group(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    auth.require(&st, Permission::OrgWrite).await?;
    st.store.delete_group(&auth.actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Where the unit's reminders are also sent (e-mail, 企业微信/钉钉 group robot).
#[utoipa::path(get, path = "/api/orgs/{id}/contact", tag = "orgs", params(("id" = Uuid, Path)),
    responses((status = 200, body = OrgContact), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get_contact(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<OrgContact>> {
    auth.require(&st, Permission::OrgWrite).await?;
    Ok(Json(st.store.org_contact(auth.scope(), id).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactBody {
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub webhook_url: Option<String>,
    /// "wecom" (企业微信) or "dingtalk" (钉钉)
    #[serde(default)]
    pub webhook_kind: Option<String>,
}

/// Set where the unit's reminders are also sent (system admin).
#[utoipa::path(put, path = "/api/orgs/{id}/contact", tag = "orgs", params(("id" = Uuid, Path)), request_body = ContactBody,
    responses((status = 200, body = OrgContact), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn put_contact(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<ContactBody>,
) -> ApiResult<Json<OrgContact>> {
    auth.require(&st, Permission::OrgWrite).await?;
    let input = OrgContact {
        email: b.email,
        webhook_url: b.webhook_url,
        webhook_kind: b.webhook_kind,
    };
    Ok(Json(
        st.store.set_org_contact(&auth.actor, id, &input).await?,
    ))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(export))
        .routes(routes!(tree))
        .routes(routes!(resolve))
        .routes(routes!(get, update, delete))
        .routes(routes!(get_contact, put_contact))
        .routes(routes!(list_groups, create_group))
        .routes(routes!(get_group, update_group, delete_group))
}
