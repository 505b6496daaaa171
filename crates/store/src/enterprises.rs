//! Enterprises: the registry (an org unit of kind enterprise plus its registry
//! row), the industry-category dictionary, the Excel import, enterprise accounts.
//! The responsibility profile and commitments are in [`crate::profiles`].

use std::collections::HashMap;

use anzhi_domain::crypto::mask_phone;
use anzhi_domain::enterprise::{
    BusinessStatus, CellProblem, DEFAULT_CATEGORIES, EnterpriseInput, bigrams, check, read_row,
};
use anzhi_domain::hazard::CheckPeriod;
use anzhi_domain::scope::EnterpriseFilter;
use anzhi_domain::{FieldError, OrgKind, Scope, Validator};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Func, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Select, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{AuditEvent, append};
use crate::entity::{
    commitment_notice, enterprise, enterprise_gram, import_draft, industry_category, org,
    profile_item,
};
use crate::files::Subject;
use crate::{Actor, Page, PageReq, Result, Store, StoreError};

/// May `scope` read the enterprise `id`? (Admins and agencies read no business data.)
pub(crate) async fn enterprise_visible<C: ConnectionTrait>(
    c: &C,
    scope: Scope,
    id: Uuid,
) -> Result<bool> {
    if matches!(scope, Scope::Admin(_) | Scope::Agency(_)) {
        return Ok(false);
    }
    let Some(o) = org::Entity::find_by_id(id).one(c).await? else {
        return Ok(false);
    };
    if o.kind != OrgKind::Enterprise.code() {
        return Ok(false);
    }
    Ok(scope.sees_enterprise(id, o.parent_id))
}

/// The enterprise a profile item or commitment notice belongs to.
pub(crate) async fn subject_enterprise<C: ConnectionTrait>(
    c: &C,
    s: Subject,
    id: Uuid,
) -> Result<Option<Uuid>> {
    Ok(match s {
        Subject::ProfileItem => profile_item::Entity::find_by_id(id)
            .one(c)
            .await?
            .map(|p| p.enterprise_id),
        Subject::Commitment => commitment_notice::Entity::find_by_id(id)
            .one(c)
            .await?
            .map(|n| n.enterprise_id),
        Subject::AssignmentEvent
        | Subject::Hazard
        | Subject::HazardEvent
        | Subject::SelfCheck
        | Subject::WeatherAck
        | Subject::Inspection
        | Subject::Training
        | Subject::Certificate
        | Subject::EmergencyPlan
        | Subject::Drill
        | Subject::Activity
        | Subject::Referral
        | Subject::ReferralResult
        | Subject::Meeting
        | Subject::Practice => None,
    })
}

/// The industry category name of each of these enterprises (those with one).
pub(crate) async fn category_names<C: ConnectionTrait>(
    c: &C,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, String>> {
    let names: HashMap<Uuid, String> = industry_category::Entity::find()
        .all(c)
        .await?
        .into_iter()
        .map(|k| (k.id, k.name))
        .collect();
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(Uuid, Option<Uuid>)> = enterprise::Entity::find()
            .select_only()
            .column(enterprise::Column::OrgId)
            .column(enterprise::Column::CategoryId)
            .filter(enterprise::Column::OrgId.is_in(chunk.to_vec()))
            .into_tuple()
            .all(c)
            .await?;
        out.extend(
            rows.into_iter()
                .filter_map(|(e, k)| Some((e, names.get(&k?)?.clone()))),
        );
    }
    Ok(out)
}

/// Rebuilds the name bigrams of one enterprise (same transaction as the change).
pub(crate) async fn index_name<C: ConnectionTrait>(c: &C, org_id: Uuid, name: &str) -> Result<()> {
    enterprise_gram::Entity::delete_many()
        .filter(enterprise_gram::Column::OrgId.eq(org_id))
        .exec(c)
        .await?;
    insert_grams(c, &[(org_id, name.to_string())]).await
}

/// Adds the bigrams of new enterprises, in batches.
pub(crate) async fn insert_grams<C: ConnectionTrait>(
    c: &C,
    names: &[(Uuid, String)],
) -> Result<()> {
    let rows: Vec<enterprise_gram::ActiveModel> = names
        .iter()
        .flat_map(|(id, name)| {
            bigrams(name)
                .into_iter()
                .map(move |g| enterprise_gram::ActiveModel {
                    gram: Set(g),
                    org_id: Set(*id),
                })
        })
        .collect();
    for chunk in rows.chunks(1000) {
        enterprise_gram::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(c)
            .await?;
    }
    Ok(())
}

/// Builds the name index when it is empty but enterprises exist (first start
/// after the upgrade that added it).
pub(crate) async fn backfill_grams<C: ConnectionTrait>(c: &C) -> Result<()> {
    if enterprise_gram::Entity::find()
        .limit(1)
        .one(c)
        .await?
        .is_some()
    {
        return Ok(());
    }
    let names: Vec<(Uuid, String)> = org::Entity::find()
        .select_only()
        .column(org::Column::Id)
        .column(org::Column::Name)
        .filter(org::Column::Kind.eq(OrgKind::Enterprise.code()))
        .into_tuple()
        .all(c)
        .await?;
    insert_grams(c, &names).await
}

/// A category's self-check period (monthly when not set).
pub(crate) fn check_period(code: &Option<String>) -> CheckPeriod {
    code.as_deref()
        .and_then(CheckPeriod::from_code)
        .unwrap_or(CheckPeriod::Monthly)
}

/// The condition on `orgs` for the enterprises a scope sees.
fn org_scope(scope: Scope) -> Result<Condition> {
    if matches!(scope, Scope::Admin(_) | Scope::Agency(_)) {
        return Err(StoreError::Forbidden("无权查看企业信息".into()));
    }
    let base = Condition::all().add(org::Column::Kind.eq(OrgKind::Enterprise.code()));
    Ok(match scope.enterprises() {
        EnterpriseFilter::All => base,
        EnterpriseFilter::InDistrict(d) => base.add(org::Column::ParentId.eq(d)),
        EnterpriseFilter::Only(e) => base.add(org::Column::Id.eq(e)),
        EnterpriseFilter::None => base.add(Expr::val(1).eq(0)),
    })
}

/// Do people of this scope see phone numbers in full (outside lists)?
pub(crate) fn sees_phones(scope: Scope) -> bool {
    matches!(
        scope,
        Scope::Internal | Scope::Section(_) | Scope::District(_) | Scope::Enterprise(_)
    )
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Category {
    pub id: Uuid,
    pub name: String,
    /// daily / weekly / monthly, or null: how often its enterprises post a commitment notice.
    pub notice_period: Option<String>,
    /// none / weekly / monthly / quarterly: how often its enterprises record a
    /// self-check (自查).
    pub self_check_period: CheckPeriod,
    pub sort_order: i32,
    /// Enterprises registered in this category.
    pub enterprise_count: u64,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryInput {
    pub name: String,
    #[serde(default)]
    pub notice_period: Option<String>,
    /// Monthly when absent.
    #[serde(default)]
    pub self_check_period: Option<CheckPeriod>,
    #[serde(default)]
    pub sort_order: i32,
}

/// An enterprise as lists and its page show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EnterpriseView {
    pub id: Uuid,
    pub name: String,
    pub credit_code: Option<String>,
    pub district_id: Option<Uuid>,
    pub district_name: String,
    pub category_id: Option<Uuid>,
    pub category_name: Option<String>,
    pub is_key: bool,
    pub address: Option<String>,
    pub longitude: Option<f64>,
    pub latitude: Option<f64>,
    pub legal_rep: Option<String>,
    pub principal: Option<String>,
    /// Masked (`138****1234`) in lists and for roles that do not need it.
    pub principal_phone: Option<String>,
    pub safety_manager: Option<String>,
    pub safety_manager_phone: Option<String>,
    pub employees: Option<i64>,
    pub floor_area: Option<f64>,
    pub status: BusinessStatus,
    pub status_label: String,
    /// Completeness of the responsibility profile, 0–100.
    pub profile_score: i32,
    /// The registry fields are filled in (false for units created only in the directory).
    pub registered: bool,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default)]
pub struct EnterpriseFilter2 {
    pub district_id: Option<Uuid>,
    pub category_id: Option<Uuid>,
    pub is_key: Option<bool>,
    pub status: Option<BusinessStatus>,
    /// Any substring of the name, or of the credit code.
    pub q: Option<String>,
}

/// How an import treats rows whose credit code is already registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExistingRows {
    Update,
    Skip,
}

/// What an import would do (the preview) or did.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ImportReport {
    pub draft_id: Option<Uuid>,
    /// Data rows read (the header excluded).
    pub rows: u32,
    /// Rows without problems.
    pub valid: u32,
    /// Of the valid rows: new enterprises, and already registered ones.
    pub new: u32,
    pub existing: u32,
    /// Every problem by row and column, in Chinese.
    pub problems: Vec<CellProblem>,
    /// After an import: what was done.
    pub created: u32,
    pub updated: u32,
    pub skipped: u32,
}

/// One data row of an import file: its Excel row number and its cells as text.
pub type ImportRow = (u32, Vec<String>);

const IMPORT_KIND: &str = "enterprises";

impl Store {
    // ----- industry categories -------------------------------------------------

    /// Adds the default industry categories when there are none.
    pub(crate) async fn ensure_categories<C: ConnectionTrait>(c: &C) -> Result<()> {
        if industry_category::Entity::find().count(c).await? > 0 {
            return Ok(());
        }
        let now = crate::now();
        for (i, name) in DEFAULT_CATEGORIES.iter().enumerate() {
            industry_category::ActiveModel {
                id: Set(Uuid::now_v7()),
                name: Set(name.to_string()),
                notice_period: Set(match *name {
                    "成品油零售" => Some("daily".into()),
                    "大型商业综合体/商场" | "超市" | "批发市场" | "农贸市场" => {
                        Some("weekly".into())
                    }
                    _ => Some("monthly".into()),
                }),
                self_check_period: Set(None),
                sort_order: Set(i as i32 + 1),
                created_at: Set(now),
            }
            .insert(c)
            .await?;
        }
        Ok(())
    }

    pub async fn list_categories(&self) -> Result<Vec<Category>> {
        let counts: HashMap<Uuid, i64> = enterprise::Entity::find()
            .select_only()
            .column(enterprise::Column::CategoryId)
            .column_as(enterprise::Column::OrgId.count(), "n")
            .filter(enterprise::Column::CategoryId.is_not_null())
            .group_by(enterprise::Column::CategoryId)
            .into_tuple::<(Uuid, i64)>()
            .all(self.r())
            .await?
            .into_iter()
            .collect();
        Ok(industry_category::Entity::find()
            .order_by_asc(industry_category::Column::SortOrder)
            .order_by_asc(industry_category::Column::Name)
            .all(self.r())
            .await?
            .into_iter()
            .map(|c| Category {
                enterprise_count: counts.get(&c.id).copied().unwrap_or(0) as u64,
                id: c.id,
                name: c.name,
                notice_period: c.notice_period,
                self_check_period: check_period(&c.self_check_period),
                sort_order: c.sort_order,
            })
            .collect())
    }

    fn check_category(input: &CategoryInput) -> Result<(String, Option<String>)> {
        let mut v = Validator::new();
        let name = v.text("name", "类别名称", &input.name, 1, 50);
        let period = input
            .notice_period
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        if let Some(p) = period
            && anzhi_domain::enterprise::NoticePeriod::from_code(p).is_none()
        {
            v.error(
                "notice_period",
                "invalid",
                "承诺公告周期应为每日、每周或每月",
            );
        }
        v.range("sort_order", "排序", input.sort_order.into(), 0, 10_000);
        v.into_result().map_err(StoreError::Invalid)?;
        Ok((name, period.map(str::to_string)))
    }

    fn require_dictionary(actor: &Actor) -> Result<()> {
        match actor.scope {
            Scope::Internal | Scope::Admin(_) | Scope::Section(_) => Ok(()),
            _ => Err(StoreError::Forbidden("无权修改行业类别".into())),
        }
    }

    pub async fn create_category(&self, actor: &Actor, input: &CategoryInput) -> Result<Category> {
        Self::require_dictionary(actor)?;
        let (name, period) = Self::check_category(input)?;
        let txn = self.tx().await?;
        if industry_category::Entity::find()
            .filter(industry_category::Column::Name.eq(name.clone()))
            .one(&txn)
            .await?
            .is_some()
        {
            return Err(StoreError::invalid(
                "name",
                "duplicate",
                format!("行业类别“{name}”已存在"),
            ));
        }
        let m = industry_category::ActiveModel {
            id: Set(Uuid::now_v7()),
            name: Set(name),
            notice_period: Set(period),
            self_check_period: Set(input.self_check_period.map(|p| p.code().to_string())),
            sort_order: Set(input.sort_order),
            created_at: Set(crate::now()),
        }
        .insert(&txn)
        .await?;
        append(
            &txn,
            actor,
            AuditEvent::new("category.create")
                .object("industry_category", m.id)
                .after(json!({"name": m.name, "notice_period": m.notice_period, "self_check_period": m.self_check_period})),
        )
        .await?;
        txn.commit().await?;
        Ok(Category {
            id: m.id,
            name: m.name,
            notice_period: m.notice_period,
            self_check_period: check_period(&m.self_check_period),
            sort_order: m.sort_order,
            enterprise_count: 0,
        })
    }

    pub async fn update_category(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &CategoryInput,
    ) -> Result<Category> {
        Self::require_dictionary(actor)?;
        let (name, period) = Self::check_category(input)?;
        let txn = self.tx().await?;
        let m = industry_category::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        if industry_category::Entity::find()
            .filter(industry_category::Column::Name.eq(name.clone()))
            .filter(industry_category::Column::Id.ne(id))
            .one(&txn)
            .await?
            .is_some()
        {
            return Err(StoreError::invalid(
                "name",
                "duplicate",
                format!("行业类别“{name}”已存在"),
            ));
        }
        let before = json!({"name": m.name, "notice_period": m.notice_period, "self_check_period": m.self_check_period});
        let mut am: industry_category::ActiveModel = m.into();
        am.name = Set(name);
        am.notice_period = Set(period);
        am.self_check_period = Set(input.self_check_period.map(|p| p.code().to_string()));
        am.sort_order = Set(input.sort_order);
        let m = am.update(&txn).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("category.update")
                .object("industry_category", id)
                .before(before)
                .after(json!({"name": m.name, "notice_period": m.notice_period, "self_check_period": m.self_check_period})),
        )
        .await?;
        txn.commit().await?;
        self.list_categories()
            .await?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or(StoreError::NotFound)
    }

    pub async fn delete_category(&self, actor: &Actor, id: Uuid) -> Result<()> {
        Self::require_dictionary(actor)?;
        let txn = self.tx().await?;
        let m = industry_category::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let used = enterprise::Entity::find()
            .filter(enterprise::Column::CategoryId.eq(id))
            .count(&txn)
            .await?;
        if used > 0 {
            return Err(StoreError::Conflict(format!(
                "行业类别“{}”下还有{used}家企业，不能删除",
                m.name
            )));
        }
        industry_category::Entity::delete_by_id(id)
            .exec(&txn)
            .await?;
        append(
            &txn,
            actor,
            AuditEvent::new("category.delete")
                .object("industry_category", id)
                .before(json!({"name": m.name})),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    // ----- registry ------------------------------------------------------------

    /// The phone in full (decrypted) or masked (kept masked, nothing to decrypt).
    fn phone(
        &self,
        sealed: &Option<String>,
        masked: &Option<String>,
        full: bool,
    ) -> Option<String> {
        if full {
            sealed
                .as_deref()
                .and_then(|s| self.cipher().decrypt(s).ok())
        } else {
            masked.clone()
        }
    }

    async fn enterprise_views<C: ConnectionTrait>(
        &self,
        c: &C,
        orgs: Vec<org::Model>,
        full_phones: bool,
    ) -> Result<Vec<EnterpriseView>> {
        let ids: Vec<Uuid> = orgs.iter().map(|o| o.id).collect();
        let mut rows: HashMap<Uuid, enterprise::Model> = HashMap::new();
        for chunk in ids.chunks(5000) {
            for e in enterprise::Entity::find()
                .filter(enterprise::Column::OrgId.is_in(chunk.to_vec()))
                .all(c)
                .await?
            {
                rows.insert(e.org_id, e);
            }
        }
        let districts = crate::org_names(c, orgs.iter().filter_map(|o| o.parent_id)).await?;
        let categories: HashMap<Uuid, String> = industry_category::Entity::find()
            .all(c)
            .await?
            .into_iter()
            .map(|k| (k.id, k.name))
            .collect();
        Ok(orgs
            .into_iter()
            .map(|o| {
                let e = rows.remove(&o.id);
                let status = e
                    .as_ref()
                    .and_then(|e| BusinessStatus::from_code(&e.status))
                    .unwrap_or(BusinessStatus::Operating);
                EnterpriseView {
                    district_name: o
                        .parent_id
                        .and_then(|d| districts.get(&d).cloned())
                        .unwrap_or_default(),
                    category_name: e
                        .as_ref()
                        .and_then(|e| e.category_id)
                        .and_then(|k| categories.get(&k).cloned()),
                    category_id: e.as_ref().and_then(|e| e.category_id),
                    is_key: e.as_ref().is_some_and(|e| e.is_key),
                    address: e.as_ref().and_then(|e| e.address.clone()),
                    longitude: e.as_ref().and_then(|e| e.longitude),
                    latitude: e.as_ref().and_then(|e| e.latitude),
                    legal_rep: e.as_ref().and_then(|e| e.legal_rep.clone()),
                    principal: e.as_ref().and_then(|e| e.principal.clone()),
                    principal_phone: e.as_ref().and_then(|e| {
                        self.phone(&e.principal_phone, &e.principal_phone_masked, full_phones)
                    }),
                    safety_manager: e.as_ref().and_then(|e| e.safety_manager.clone()),
                    safety_manager_phone: e.as_ref().and_then(|e| {
                        self.phone(
                            &e.safety_manager_phone,
                            &e.safety_manager_phone_masked,
                            full_phones,
                        )
                    }),
                    employees: e.as_ref().and_then(|e| e.employees),
                    floor_area: e.as_ref().and_then(|e| e.floor_area),
                    status,
                    status_label: status.label().into(),
                    profile_score: e.as_ref().map(|e| e.profile_score).unwrap_or(0),
                    registered: e.is_some(),
                    updated_at: e.as_ref().map(|e| e.updated_at).unwrap_or(o.updated_at),
                    id: o.id,
                    name: o.name,
                    credit_code: o.code,
                    district_id: o.parent_id,
                }
            })
            .collect())
    }

    /// The ids of the enterprises the scope sees, filtered and sorted (a query on
    /// the covering index (kind, name, id, code, parent_id): a search over 100k
    /// names never touches the table), the same query unsorted for counting, and
    /// whether the candidates are few (a rare bigram narrowed them down).
    async fn enterprise_ids(
        &self,
        scope: Scope,
        f: &EnterpriseFilter2,
        page: &PageReq,
    ) -> Result<(Select<org::Entity>, Select<org::Entity>, bool)> {
        let mut few_candidates = false;
        let mut q = org::Entity::find()
            .select_only()
            .column(org::Column::Id)
            .filter(org_scope(scope)?);
        if let Some(d) = f.district_id {
            q = q.filter(org::Column::ParentId.eq(d));
        }
        if let Some(text) = f.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            let text: String = text.chars().take(100).collect();
            let find = match self.backend() {
                crate::Backend::Sqlite => "instr",
                crate::Backend::Postgres => "strpos",
            };
            let in_name = Expr::expr(
                Func::cust(find)
                    .arg(Expr::col((org::Entity, org::Column::Name)))
                    .arg(text.clone()),
            )
            .gt(0);
            // Two characters or more: when one of the query's bigrams is rare, only the
            // names holding it are checked; a common one (say 海口) is cheaper to find
            // by walking the names in order, which stops at the end of the page.
            let mut by_name = Condition::all().add(in_name);
            if let Some(gram) = self.rarest_gram(&text).await? {
                few_candidates = true;
                by_name = by_name.add(
                    org::Column::Id.in_subquery(
                        Query::select()
                            .column(enterprise_gram::Column::OrgId)
                            .from(enterprise_gram::Entity)
                            .and_where(enterprise_gram::Column::Gram.eq(gram))
                            .to_owned(),
                    ),
                );
            }
            // A credit code has only digits and capital letters.
            q = if text.chars().all(|c| c.is_ascii_alphanumeric()) {
                // Codes are searched by walking them all.
                few_candidates = false;
                q.filter(
                    Condition::any().add(by_name).add(
                        Expr::expr(
                            Func::cust(find)
                                .arg(Expr::col((org::Entity, org::Column::Code)))
                                .arg(text.to_ascii_uppercase()),
                        )
                        .gt(0),
                    ),
                )
            } else {
                q.filter(by_name)
            };
        }
        let mut sub = Condition::all();
        let mut need_sub = false;
        if let Some(k) = f.category_id {
            sub = sub.add(enterprise::Column::CategoryId.eq(k));
            need_sub = true;
        }
        if let Some(k) = f.is_key {
            sub = sub.add(enterprise::Column::IsKey.eq(k));
            need_sub = true;
        }
        if let Some(s) = f.status {
            sub = sub.add(enterprise::Column::Status.eq(s.code()));
            need_sub = true;
        }
        if need_sub {
            q = q.filter(
                org::Column::Id.in_subquery(
                    Query::select()
                        .column(enterprise::Column::OrgId)
                        .from(enterprise::Entity)
                        .cond_where(sub)
                        .to_owned(),
                ),
            );
        }
        let counter = q.clone();
        q = match page.sort_key() {
            Some(("credit_code", desc)) => {
                if desc {
                    q.order_by_desc(org::Column::Code)
                } else {
                    q.order_by_asc(org::Column::Code)
                }
            }
            Some(("created_at", desc)) => {
                if desc {
                    q.order_by_desc(org::Column::CreatedAt)
                } else {
                    q.order_by_asc(org::Column::CreatedAt)
                }
            }
            Some(("name", true)) => q.order_by_desc(org::Column::Name),
            _ => q.order_by_asc(org::Column::Name),
        }
        .order_by_asc(org::Column::Id);
        Ok((q, counter, few_candidates))
    }

    /// Enterprises the scope sees, filtered, sorted and paged; phones masked.
    pub async fn list_enterprises(
        &self,
        scope: Scope,
        f: &EnterpriseFilter2,
        page: &PageReq,
    ) -> Result<Page<EnterpriseView>> {
        // Ids first, then the page's rows.
        let (q, counter, few_candidates) = self.enterprise_ids(scope, f, page).await?;
        let (ids, total) = if few_candidates {
            // At most a few thousand candidates: one pass gives the page and the total.
            let all: Vec<Uuid> = q.into_tuple::<Uuid>().all(self.r()).await?;
            let total = all.len() as u64;
            let ids = all
                .into_iter()
                .skip(page.offset() as usize)
                .take(page.page_size as usize)
                .collect();
            (ids, total)
        } else {
            // The page and the total side by side on two read connections.
            let (ids, total) = tokio::join!(
                q.offset(page.offset())
                    .limit(page.page_size)
                    .into_tuple::<Uuid>()
                    .all(self.r()),
                counter.count(self.r())
            );
            (ids?, total?)
        };
        let items = self.enterprises_by_ids(&ids).await?;
        Ok(Page {
            items,
            total,
            page: page.page,
            page_size: page.page_size,
        })
    }

    /// The views of these enterprises, in this order; phones masked.
    async fn enterprises_by_ids(&self, ids: &[Uuid]) -> Result<Vec<EnterpriseView>> {
        let mut by_id: HashMap<Uuid, org::Model> = HashMap::with_capacity(ids.len());
        for chunk in ids.chunks(5000) {
            for o in org::Entity::find()
                .filter(org::Column::Id.is_in(chunk.to_vec()))
                .all(self.r())
                .await?
            {
                by_id.insert(o.id, o);
            }
        }
        let orgs: Vec<org::Model> = ids.iter().filter_map(|id| by_id.remove(id)).collect();
        self.enterprise_views(self.r(), orgs, false).await
    }

    /// The filtered, sorted list for an export, at most `limit` rows, handed to
    /// `out` in batches as they are read (phones masked), so the writer works while
    /// the next batch is read and no more than two batches are held at a time.
    /// Returns how many enterprises matched (may exceed `limit`).
    pub async fn export_enterprises(
        &self,
        scope: Scope,
        f: &EnterpriseFilter2,
        sort: Option<String>,
        limit: u64,
        out: tokio::sync::mpsc::Sender<Vec<EnterpriseView>>,
    ) -> Result<u64> {
        const BATCH: usize = 2_000;
        let (q, _, _) = self
            .enterprise_ids(scope, f, &PageReq::all(sort, limit))
            .await?;
        let ids: Vec<Uuid> = q.into_tuple::<Uuid>().all(self.r()).await?;
        let total = ids.len() as u64;
        let kept = &ids[..ids.len().min(limit as usize)];
        for chunk in kept.chunks(BATCH) {
            let batch = self.enterprises_by_ids(chunk).await?;
            if out.send(batch).await.is_err() {
                // The writer gave up (the client went away): stop reading.
                break;
            }
        }
        Ok(total)
    }

    /// The query's least frequent bigram (of its first four), if it is rare enough
    /// that looking names up by it beats walking them all.
    async fn rarest_gram(&self, text: &str) -> Result<Option<String>> {
        const RARE: u64 = 5_000;
        let mut best: Option<(u64, String)> = None;
        for g in bigrams(text).into_iter().take(4) {
            let n = enterprise_gram::Entity::find()
                .filter(enterprise_gram::Column::Gram.eq(g.clone()))
                .limit(RARE + 1)
                .count(self.r())
                .await?;
            if best.as_ref().is_none_or(|(m, _)| n < *m) {
                best = Some((n, g));
            }
        }
        Ok(best.filter(|(n, _)| *n <= RARE).map(|(_, g)| g))
    }

    pub async fn get_enterprise(&self, scope: Scope, id: Uuid) -> Result<EnterpriseView> {
        let o = org::Entity::find_by_id(id)
            .filter(org_scope(scope)?)
            .one(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(self
            .enterprise_views(self.r(), vec![o], sees_phones(scope))
            .await?
            .remove(0))
    }

    fn require_registrar(actor: &Actor, district: Option<Uuid>) -> Result<()> {
        match actor.scope {
            Scope::Internal | Scope::Section(_) => Ok(()),
            Scope::District(d) if district == Some(d) => Ok(()),
            Scope::District(_) => Err(StoreError::invalid(
                "district_id",
                "out_of_scope",
                "区商务局只能登记本区企业",
            )),
            _ => Err(StoreError::Forbidden(
                "只有局科室和区商务局人员可以登记企业".into(),
            )),
        }
    }

    /// Checks references of a checked record: the district is a district bureau,
    /// the category exists, the credit code is not another unit's.
    async fn check_refs<C: ConnectionTrait>(
        c: &C,
        input: &EnterpriseInput,
        own_id: Option<Uuid>,
    ) -> Result<()> {
        let mut v = Validator::new();
        if let Some(d) = input.district_id {
            let ok = org::Entity::find_by_id(d)
                .one(c)
                .await?
                .is_some_and(|o| o.kind == OrgKind::District.code());
            if !ok {
                v.error("district_id", "not_found", "所属区不存在");
            }
        }
        if let Some(k) = input.category_id
            && industry_category::Entity::find_by_id(k)
                .one(c)
                .await?
                .is_none()
        {
            v.error("category_id", "not_found", "行业类别不存在");
        }
        let mut dup = org::Entity::find().filter(org::Column::Code.eq(input.credit_code.clone()));
        if let Some(id) = own_id {
            dup = dup.filter(org::Column::Id.ne(id));
        }
        if dup.one(c).await?.is_some() {
            v.error(
                "credit_code",
                "duplicate",
                format!("统一社会信用代码{}已登记", input.credit_code),
            );
        }
        v.into_result().map_err(StoreError::Invalid)
    }

    fn registry_row(
        &self,
        id: Uuid,
        i: &EnterpriseInput,
        profile_score: i32,
        now: DateTime<Utc>,
    ) -> enterprise::ActiveModel {
        enterprise::ActiveModel {
            org_id: Set(id),
            category_id: Set(i.category_id),
            is_key: Set(i.is_key),
            address: Set(i.address.clone()),
            longitude: Set(i.longitude),
            latitude: Set(i.latitude),
            legal_rep: Set(i.legal_rep.clone()),
            principal: Set(i.principal.clone()),
            principal_phone: Set(i
                .principal_phone
                .as_deref()
                .map(|p| self.cipher().encrypt(p))),
            principal_phone_masked: Set(i.principal_phone.as_deref().map(mask_phone)),
            safety_manager: Set(i.safety_manager.clone()),
            safety_manager_phone: Set(i
                .safety_manager_phone
                .as_deref()
                .map(|p| self.cipher().encrypt(p))),
            safety_manager_phone_masked: Set(i.safety_manager_phone.as_deref().map(mask_phone)),
            employees: Set(i.employees),
            floor_area: Set(i.floor_area),
            status: Set(i.status.unwrap_or(BusinessStatus::Operating).code().into()),
            profile_score: Set(profile_score),
            updated_at: Set(now),
        }
    }

    /// What the audit trail keeps of a record (phones masked).
    fn audit_record(i: &EnterpriseInput) -> serde_json::Value {
        json!({
            "name": i.name, "credit_code": i.credit_code, "district_id": i.district_id,
            "category_id": i.category_id, "is_key": i.is_key, "status": i.status.map(|s| s.code()),
            "address": i.address, "principal": i.principal,
            "principal_phone": i.principal_phone.as_deref().map(mask_phone),
            "safety_manager": i.safety_manager,
            "safety_manager_phone": i.safety_manager_phone.as_deref().map(mask_phone),
            "employees": i.employees, "floor_area": i.floor_area,
        })
    }

    pub async fn create_enterprise(
        &self,
        actor: &Actor,
        input: &EnterpriseInput,
    ) -> Result<EnterpriseView> {
        let i = check(input).map_err(StoreError::Invalid)?;
        Self::require_registrar(actor, i.district_id)?;
        let txn = self.tx().await?;
        Self::check_refs(&txn, &i, None).await?;
        let id = Uuid::now_v7();
        let now = crate::now();
        org::ActiveModel {
            id: Set(id),
            name: Set(i.name.clone()),
            kind: Set(OrgKind::Enterprise.code().into()),
            parent_id: Set(i.district_id),
            code: Set(Some(i.credit_code.clone())),
            sort_order: Set(0),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await?;
        self.registry_row(id, &i, 0, now).insert(&txn).await?;
        index_name(&txn, id, &i.name).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("enterprise.create")
                .object("enterprise", id)
                .after(Self::audit_record(&i)),
        )
        .await?;
        txn.commit().await?;
        self.get_enterprise(actor.scope, id).await
    }

    pub async fn update_enterprise(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &EnterpriseInput,
    ) -> Result<EnterpriseView> {
        let txn = self.tx().await?;
        let o = org::Entity::find_by_id(id)
            .filter(org_scope(actor.scope)?)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        Self::require_registrar(actor, o.parent_id).map_err(|e| match e {
            StoreError::Invalid(_) => StoreError::NotFound,
            e => e,
        })?;
        let i = check(input).map_err(StoreError::Invalid)?;
        Self::require_registrar(actor, i.district_id)?;
        Self::check_refs(&txn, &i, Some(id)).await?;
        let now = crate::now();
        let old = enterprise::Entity::find_by_id(id).one(&txn).await?;
        let before = json!({"name": o.name, "credit_code": o.code, "district_id": o.parent_id});
        let mut am: org::ActiveModel = o.into();
        am.name = Set(i.name.clone());
        am.code = Set(Some(i.credit_code.clone()));
        am.parent_id = Set(i.district_id);
        am.updated_at = Set(now);
        am.update(&txn).await?;
        index_name(&txn, id, &i.name).await?;
        let row = self.registry_row(
            id,
            &i,
            old.as_ref().map(|e| e.profile_score).unwrap_or(0),
            now,
        );
        if old.is_some() {
            row.update(&txn).await?;
        } else {
            row.insert(&txn).await?;
        }
        append(
            &txn,
            actor,
            AuditEvent::new("enterprise.update")
                .object("enterprise", id)
                .before(before)
                .after(Self::audit_record(&i)),
        )
        .await?;
        txn.commit().await?;
        self.get_enterprise(actor.scope, id).await
    }

    // ----- import --------------------------------------------------------------

    /// District bureaus and categories by the names an import may use (a district
    /// also by its short name, `秀英区` for `秀英区商务局`).
    pub async fn import_lookups(
        &self,
        scope: Scope,
    ) -> Result<(Vec<(Uuid, String)>, Vec<(Uuid, String)>)> {
        lookups(self.r(), scope).await
    }

    /// Keeps an uploaded import file until it is confirmed (or abandoned for a day).
    pub async fn create_import_draft(
        &self,
        actor: &Actor,
        source_name: &str,
        content: Vec<u8>,
    ) -> Result<Uuid> {
        self.create_import_draft_of(actor, IMPORT_KIND, source_name, content)
            .await
    }

    /// The caller's own import draft: (file name, bytes).
    pub async fn import_draft(&self, actor: &Actor, id: Uuid) -> Result<(String, Vec<u8>)> {
        self.import_draft_of(actor, IMPORT_KIND, id).await
    }

    /// Keeps an uploaded import file of a kind (enterprises, employees) until it is
    /// confirmed (or abandoned for a day).
    pub async fn create_import_draft_of(
        &self,
        actor: &Actor,
        kind: &str,
        source_name: &str,
        content: Vec<u8>,
    ) -> Result<Uuid> {
        let user = actor.user_id.ok_or(StoreError::NotFound)?;
        let txn = self.tx().await?;
        import_draft::Entity::delete_many()
            .filter(import_draft::Column::CreatedAt.lt(Utc::now() - chrono::Duration::days(1)))
            .exec(&txn)
            .await?;
        let id = Uuid::now_v7();
        import_draft::ActiveModel {
            id: Set(id),
            kind: Set(kind.into()),
            created_by: Set(user),
            source_name: Set(source_name.chars().take(200).collect()),
            content: Set(content),
            created_at: Set(crate::now()),
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        Ok(id)
    }

    /// Forgets an import draft once imported (a draft is confirmed once).
    pub async fn drop_import_draft(&self, actor: &Actor, id: Uuid) -> Result<()> {
        let user = actor.user_id.ok_or(StoreError::NotFound)?;
        let txn = self.tx().await?;
        import_draft::Entity::delete_many()
            .filter(import_draft::Column::Id.eq(id))
            .filter(import_draft::Column::CreatedBy.eq(user))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(())
    }

    /// The caller's own import draft of a kind: (file name, bytes).
    pub async fn import_draft_of(
        &self,
        actor: &Actor,
        kind: &str,
        id: Uuid,
    ) -> Result<(String, Vec<u8>)> {
        let user = actor.user_id.ok_or(StoreError::NotFound)?;
        let d = import_draft::Entity::find_by_id(id)
            .filter(import_draft::Column::CreatedBy.eq(user))
            .filter(import_draft::Column::Kind.eq(kind))
            .one(self.r())
            .await?
            .ok_or_else(|| {
                StoreError::invalid(
                    "draft_id",
                    "not_found",
                    "导入文件已过期或不存在，请重新上传",
                )
            })?;
        Ok((d.source_name, d.content))
    }

    /// Checks every row against the rules, the file itself and the database.
    /// Returns the report and the valid rows: (record, id of the registered
    /// enterprise with that credit code, if any).
    async fn check_import<C: ConnectionTrait>(
        &self,
        c: &C,
        actor: &Actor,
        rows: &[ImportRow],
    ) -> Result<(ImportReport, Vec<(u32, EnterpriseInput, Option<Uuid>)>)> {
        if !matches!(
            actor.scope,
            Scope::Section(_) | Scope::District(_) | Scope::Internal
        ) {
            return Err(StoreError::Forbidden(
                "只有局科室和区商务局人员可以导入企业".into(),
            ));
        }
        let (districts, cats) = lookups(c, actor.scope).await?;
        let mut district_names: HashMap<String, Uuid> = HashMap::new();
        for (id, name) in &districts {
            district_names.insert(name.clone(), *id);
            if let Some(i) = name.find("区") {
                district_names.insert(name[..i + "区".len()].to_string(), *id);
            }
        }
        let cat_names: HashMap<String, Uuid> =
            cats.iter().map(|(id, n)| (n.clone(), *id)).collect();
        let dl = |s: &str| district_names.get(s).copied();
        let cl = |s: &str| cat_names.get(s).copied();
        // Every registered code once (fast at 100k units).
        let codes: HashMap<String, (Uuid, String, Option<Uuid>)> = org::Entity::find()
            .select_only()
            .column(org::Column::Code)
            .column(org::Column::Id)
            .column(org::Column::Kind)
            .column(org::Column::ParentId)
            .filter(org::Column::Code.is_not_null())
            .into_tuple::<(String, Uuid, String, Option<Uuid>)>()
            .all(c)
            .await?
            .into_iter()
            .map(|(code, id, kind, parent)| (code, (id, kind, parent)))
            .collect();
        let mut report = ImportReport {
            draft_id: None,
            rows: rows.len() as u32,
            valid: 0,
            new: 0,
            existing: 0,
            problems: Vec::new(),
            created: 0,
            updated: 0,
            skipped: 0,
        };
        let mut seen: HashMap<String, u32> = HashMap::new();
        let mut valid = Vec::new();
        for (row, cells) in rows {
            let mut problems = match read_row(*row, cells, &dl, &cl) {
                Ok(rec) => {
                    let mut p = Vec::new();
                    let mut existing = None;
                    if let Some(first) = seen.get(&rec.credit_code) {
                        p.push(problem(
                            *row,
                            "credit_code",
                            format!("与第{first}行的统一社会信用代码重复"),
                        ));
                    } else {
                        seen.insert(rec.credit_code.clone(), *row);
                    }
                    if let Some((id, kind, parent)) = codes.get(&rec.credit_code) {
                        if kind != OrgKind::Enterprise.code()
                            || !actor.scope.sees_enterprise(*id, *parent)
                        {
                            p.push(problem(
                                *row,
                                "credit_code",
                                "该统一社会信用代码已由其他单位登记".into(),
                            ));
                        } else {
                            existing = Some(*id);
                        }
                    }
                    if p.is_empty() {
                        valid.push((*row, rec, existing));
                    }
                    p
                }
                Err(p) => p,
            };
            report.problems.append(&mut problems);
        }
        report.valid = valid.len() as u32;
        report.existing = valid.iter().filter(|v| v.2.is_some()).count() as u32;
        report.new = report.valid - report.existing;
        Ok((report, valid))
    }

    /// The preview of an import: every problem, nothing written.
    pub async fn preview_import(&self, actor: &Actor, rows: &[ImportRow]) -> Result<ImportReport> {
        Ok(self.check_import(self.r(), actor, rows).await?.0)
    }

    /// Imports in one transaction: all rows when the file is clean (or only the valid
    /// rows when `valid_only`), existing credit codes updated or skipped.
    pub async fn import_enterprises(
        &self,
        actor: &Actor,
        source_name: &str,
        rows: &[ImportRow],
        valid_only: bool,
        existing: ExistingRows,
    ) -> Result<ImportReport> {
        let txn = self.tx().await?;
        let (mut report, valid) = self.check_import(&txn, actor, rows).await?;
        if !report.problems.is_empty() && !valid_only {
            return Err(StoreError::Invalid(
                report
                    .problems
                    .iter()
                    .take(200)
                    .map(|p| {
                        FieldError::new(
                            &format!("rows[{}].{}", p.row, p.field),
                            "invalid",
                            format!("第{}行“{}”：{}", p.row, p.column, p.message),
                        )
                    })
                    .collect(),
            ));
        }
        if valid.is_empty() {
            return Err(StoreError::invalid("file", "empty", "没有可导入的有效行"));
        }
        let now = crate::now();
        let mut new_orgs = Vec::new();
        let mut new_rows = Vec::new();
        for (_, rec, id) in &valid {
            match (id, existing) {
                (Some(_), ExistingRows::Skip) => report.skipped += 1,
                (Some(id), ExistingRows::Update) => {
                    org::Entity::update_many()
                        .col_expr(org::Column::Name, Expr::value(rec.name.clone()))
                        .col_expr(org::Column::ParentId, Expr::value(rec.district_id))
                        .col_expr(org::Column::UpdatedAt, Expr::value(now))
                        .filter(org::Column::Id.eq(*id))
                        .exec(&txn)
                        .await?;
                    let score = enterprise::Entity::find_by_id(*id)
                        .one(&txn)
                        .await?
                        .map(|e| e.profile_score);
                    index_name(&txn, *id, &rec.name).await?;
                    let row = self.registry_row(*id, rec, score.unwrap_or(0), now);
                    if score.is_some() {
                        row.update(&txn).await?;
                    } else {
                        row.insert(&txn).await?;
                    }
                    report.updated += 1;
                }
                (None, _) => {
                    let id = Uuid::now_v7();
                    new_orgs.push(org::ActiveModel {
                        id: Set(id),
                        name: Set(rec.name.clone()),
                        kind: Set(OrgKind::Enterprise.code().into()),
                        parent_id: Set(rec.district_id),
                        code: Set(Some(rec.credit_code.clone())),
                        sort_order: Set(0),
                        created_at: Set(now),
                        updated_at: Set(now),
                    });
                    new_rows.push(self.registry_row(id, rec, 0, now));
                    report.created += 1;
                }
            }
        }
        for chunk in new_orgs.chunks(300) {
            org::Entity::insert_many(chunk.to_vec()).exec(&txn).await?;
        }
        let names: Vec<(Uuid, String)> = new_orgs
            .iter()
            .filter_map(|o| match (&o.id, &o.name) {
                (sea_orm::ActiveValue::Set(id), sea_orm::ActiveValue::Set(n)) => {
                    Some((*id, n.clone()))
                }
                _ => None,
            })
            .collect();
        insert_grams(&txn, &names).await?;
        for chunk in new_rows.chunks(300) {
            enterprise::Entity::insert_many(chunk.to_vec())
                .exec(&txn)
                .await?;
        }
        append(
            &txn,
            actor,
            AuditEvent::new("enterprise.import").after(json!({
                "file": source_name, "rows": report.rows, "created": report.created,
                "updated": report.updated, "skipped": report.skipped,
                "rows_with_problems": report.rows - report.valid,
            })),
        )
        .await?;
        txn.commit().await?;
        if report.created + report.updated >= 1000 {
            self.analyze().await?;
        }
        Ok(report)
    }
}

/// The districts a scope may import into, and the categories, in display order.
async fn lookups<C: ConnectionTrait>(
    c: &C,
    scope: Scope,
) -> Result<(Vec<(Uuid, String)>, Vec<(Uuid, String)>)> {
    let mut dq = org::Entity::find().filter(org::Column::Kind.eq(OrgKind::District.code()));
    if let Scope::District(d) = scope {
        dq = dq.filter(org::Column::Id.eq(d));
    }
    let districts = dq
        .order_by_asc(org::Column::SortOrder)
        .all(c)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let cats = industry_category::Entity::find()
        .order_by_asc(industry_category::Column::SortOrder)
        .all(c)
        .await?
        .into_iter()
        .map(|k| (k.id, k.name))
        .collect();
    Ok((districts, cats))
}

fn problem(row: u32, field: &str, message: String) -> CellProblem {
    CellProblem {
        row,
        column: anzhi_domain::enterprise::field_label(field).to_string(),
        field: field.to_string(),
        message,
    }
}
