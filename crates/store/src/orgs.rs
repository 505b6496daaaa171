//! The org directory: units, aliases, groups, and phrase resolution, all
//! read through the caller's scope.

use std::collections::{HashMap, HashSet};

use anzhi_domain::org::{GroupName, PhraseMatch, UnitName, normalize_phrase, resolve_phrases};
use anzhi_domain::scope::EnterpriseFilter;
use anzhi_domain::validate::{is_credit_code, is_division_code};
use anzhi_domain::{GroupRule, OrgKind, Scope, Validator};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::audit::{AuditEvent, append, contains};
use crate::entity::{org, org_alias, org_group, org_group_member, user};
use crate::{Actor, Page, PageReq, Result, Store, StoreError};

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct OrgView {
    pub id: Uuid,
    pub name: String,
    pub kind: OrgKind,
    pub parent_id: Option<Uuid>,
    pub parent_name: Option<String>,
    pub code: Option<String>,
    pub aliases: Vec<String>,
    pub sort_order: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct OrgBrief {
    pub id: Uuid,
    pub name: String,
    pub kind: OrgKind,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct OrgNode {
    pub id: Uuid,
    pub name: String,
    pub kind: OrgKind,
    #[schema(no_recursion)]
    pub children: Vec<OrgNode>,
}

#[derive(Debug, Clone, Default)]
pub struct OrgFilter {
    pub kind: Option<OrgKind>,
    pub parent_id: Option<Uuid>,
    pub q: Option<String>,
}

#[derive(Debug, Clone)]
pub struct OrgInput {
    pub name: String,
    pub kind: OrgKind,
    pub parent_id: Option<Uuid>,
    pub code: Option<String>,
    pub aliases: Vec<String>,
    pub sort_order: i32,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GroupView {
    pub id: Uuid,
    pub name: String,
    pub aliases: Vec<String>,
    pub rule: GroupRule,
    /// Members for rules other than `enterprises` (which can be thousands).
    pub members: Vec<OrgBrief>,
    /// How many units the group stands for in the reader's scope.
    pub member_count: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct GroupInput {
    pub name: String,
    pub aliases: Vec<String>,
    pub rule: GroupRule,
    pub member_ids: Vec<Uuid>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ResolvedPhrase {
    pub phrase: String,
    /// The group the phrase named, if any.
    pub group: Option<GroupBrief>,
    /// The units (for an enterprise group: empty, see `unit_count`).
    pub units: Vec<OrgBrief>,
    pub unit_count: u64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GroupBrief {
    pub id: Uuid,
    pub name: String,
    pub rule: GroupRule,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PhraseResolution {
    pub resolved: Vec<ResolvedPhrase>,
    pub unresolved: Vec<String>,
}

/// The scope's condition on `orgs` rows: non-enterprise units are the public
/// structure of the bureau; enterprises only as the scope allows.
fn scope_condition(scope: Scope) -> Condition {
    let not_enterprise = org::Column::Kind.ne(OrgKind::Enterprise.code());
    match scope.enterprises() {
        EnterpriseFilter::All => Condition::all(),
        EnterpriseFilter::InDistrict(d) => Condition::any()
            .add(not_enterprise)
            .add(org::Column::ParentId.eq(d)),
        EnterpriseFilter::Only(e) => Condition::any()
            .add(not_enterprise)
            .add(org::Column::Id.eq(e)),
        EnterpriseFilter::None => Condition::all().add(not_enterprise),
    }
}

fn kind_of(m: &org::Model) -> OrgKind {
    OrgKind::from_code(&m.kind).unwrap_or(OrgKind::Agency)
}

fn brief(m: &org::Model) -> OrgBrief {
    OrgBrief {
        id: m.id,
        name: m.name.clone(),
        kind: kind_of(m),
    }
}

fn require_directory_admin(scope: Scope) -> Result<()> {
    if scope.administers_accounts() {
        Ok(())
    } else {
        Err(StoreError::Forbidden("无权维护组织机构".into()))
    }
}

impl Store {
    async fn views<C: ConnectionTrait>(
        &self,
        c: &C,
        models: Vec<org::Model>,
    ) -> Result<Vec<OrgView>> {
        let ids: Vec<Uuid> = models.iter().map(|m| m.id).collect();
        let parent_ids: Vec<Uuid> = models.iter().filter_map(|m| m.parent_id).collect();
        let mut aliases: HashMap<Uuid, Vec<String>> = HashMap::new();
        if !ids.is_empty() {
            for a in org_alias::Entity::find()
                .filter(org_alias::Column::OrgId.is_in(ids))
                .order_by_asc(org_alias::Column::Alias)
                .all(c)
                .await?
            {
                aliases.entry(a.org_id).or_default().push(a.alias);
            }
        }
        let mut parents: HashMap<Uuid, String> = HashMap::new();
        if !parent_ids.is_empty() {
            for p in org::Entity::find()
                .filter(org::Column::Id.is_in(parent_ids))
                .all(c)
                .await?
            {
                parents.insert(p.id, p.name);
            }
        }
        Ok(models
            .into_iter()
            .map(|m| OrgView {
                kind: kind_of(&m),
                parent_name: m.parent_id.and_then(|p| parents.get(&p).cloned()),
                aliases: aliases.remove(&m.id).unwrap_or_default(),
                id: m.id,
                name: m.name,
                parent_id: m.parent_id,
                code: m.code,
                sort_order: m.sort_order,
                created_at: m.created_at,
                updated_at: m.updated_at,
            })
            .collect())
    }

    pub async fn list_orgs(
        &self,
        scope: Scope,
        f: &OrgFilter,
        page: &PageReq,
    ) -> Result<Page<OrgView>> {
        let mut q = org::Entity::find().filter(scope_condition(scope));
        if let Some(k) = f.kind {
            q = q.filter(org::Column::Kind.eq(k.code()));
        }
        if let Some(p) = f.parent_id {
            q = q.filter(org::Column::ParentId.eq(p));
        }
        if let Some(text) = f.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            let like = contains(text);
            q = q.filter(
                Condition::any()
                    .add(Expr::col(org::Column::Name).like(like.clone()))
                    .add(Expr::col(org::Column::Code).like(like.clone()))
                    .add(
                        org::Column::Id.in_subquery(
                            Query::select()
                                .column(org_alias::Column::OrgId)
                                .from(org_alias::Entity)
                                .and_where(Expr::col(org_alias::Column::Alias).like(like))
                                .to_owned(),
                        ),
                    ),
            );
        }
        let total = q.clone().count(self.r()).await?;
        let q = match page.sort_key() {
            None => q
                .order_by_asc(org::Column::Kind)
                .order_by_asc(org::Column::SortOrder)
                .order_by_asc(org::Column::Name),
            Some((field, desc)) => {
                let col = match field {
                    "name" => org::Column::Name,
                    "kind" => org::Column::Kind,
                    "code" => org::Column::Code,
                    "sort_order" => org::Column::SortOrder,
                    "created_at" => org::Column::CreatedAt,
                    "updated_at" => org::Column::UpdatedAt,
                    _ => {
                        return Err(StoreError::invalid(
                            "sort",
                            "invalid",
                            "排序字段无效，可选：name、kind、code、sort_order、created_at、updated_at",
                        ));
                    }
                };
                let q = if desc {
                    q.order_by_desc(col)
                } else {
                    q.order_by_asc(col)
                };
                q.order_by_asc(org::Column::Id)
            }
        };
        let models = q
            .offset(page.offset())
            .limit(page.page_size)
            .all(self.r())
            .await?;
        let items = self.views(self.r(), models).await?;
        Ok(Page {
            items,
            total,
            page: page.page,
            page_size: page.page_size,
        })
    }

    /// A unit the scope may see; another scope's id answers NotFound.
    pub async fn get_org(&self, scope: Scope, id: Uuid) -> Result<OrgView> {
        let m = org::Entity::find_by_id(id)
            .filter(scope_condition(scope))
            .one(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(self.views(self.r(), vec![m]).await?.remove(0))
    }

    /// The bureau's structure (every kind but enterprises), as a forest.
    pub async fn org_tree(&self, _scope: Scope) -> Result<Vec<OrgNode>> {
        // Non-enterprise units are visible to every scope (see `scope_condition`).
        let all = org::Entity::find()
            .filter(org::Column::Kind.ne(OrgKind::Enterprise.code()))
            .order_by_asc(org::Column::SortOrder)
            .order_by_asc(org::Column::Name)
            .all(self.r())
            .await?;
        let ids: HashSet<Uuid> = all.iter().map(|m| m.id).collect();
        let mut children: HashMap<Option<Uuid>, Vec<&org::Model>> = HashMap::new();
        for m in &all {
            let parent = m.parent_id.filter(|p| ids.contains(p));
            children.entry(parent).or_default().push(m);
        }
        fn build(
            parent: Option<Uuid>,
            children: &HashMap<Option<Uuid>, Vec<&org::Model>>,
            depth: usize,
        ) -> Vec<OrgNode> {
            if depth > 16 {
                return Vec::new();
            }
            children
                .get(&parent)
                .map(|list| {
                    list.iter()
                        .map(|m| OrgNode {
                            id: m.id,
                            name: m.name.clone(),
                            kind: kind_of(m),
                            children: build(Some(m.id), children, depth + 1),
                        })
                        .collect()
                })
                .unwrap_or_default()
        }
        Ok(build(None, &children, 0))
    }

    async fn validate_org<C: ConnectionTrait>(
        &self,
        c: &C,
        input: &OrgInput,
        existing: Option<Uuid>,
    ) -> Result<OrgInput> {
        let mut v = Validator::new();
        let name = v.text("name", "单位名称", &input.name, 1, 100);
        let code = v
            .optional_text("code", "单位代码", input.code.as_deref(), 32)
            .map(|s| s.to_uppercase());
        if let Some(code) = &code {
            match input.kind {
                OrgKind::Enterprise if !is_credit_code(code) => v.error(
                    "code",
                    "invalid",
                    "统一社会信用代码无效（应为18位，且校验位正确）",
                ),
                OrgKind::District if !is_division_code(code) => v.error(
                    "code",
                    "invalid",
                    "行政区划代码应为6位数字（GB/T 2260，如 460105）",
                ),
                _ => {}
            }
        }
        let mut aliases: Vec<String> = Vec::new();
        for (i, a) in input.aliases.iter().enumerate() {
            let a = v.text(&format!("aliases[{i}]"), "别名", a, 1, 100);
            if !a.is_empty() && a != name && !aliases.contains(&a) {
                aliases.push(a);
            }
        }
        if aliases.len() > 20 {
            v.error("aliases", "too_long", "别名不能超过20个");
        }
        v.range(
            "sort_order",
            "排序",
            input.sort_order.into(),
            -100000,
            100000,
        );
        // Parent kind and existence.
        let allowed = input.kind.allowed_parents();
        match input.parent_id {
            None if !input.kind.may_be_root() => v.error(
                "parent_id",
                "required",
                format!("{}必须有上级单位", input.kind.label()),
            ),
            Some(p) => {
                if Some(p) == existing {
                    v.error("parent_id", "invalid", "上级单位不能是自身");
                } else {
                    match org::Entity::find_by_id(p).one(c).await? {
                        None => v.error("parent_id", "not_found", "上级单位不存在"),
                        Some(parent) => {
                            if !allowed.contains(&kind_of(&parent)) {
                                let names: Vec<&str> = allowed.iter().map(|k| k.label()).collect();
                                v.error(
                                    "parent_id",
                                    "invalid",
                                    if names.is_empty() {
                                        format!("{}不能有上级单位", input.kind.label())
                                    } else {
                                        format!(
                                            "{}的上级单位应为{}",
                                            input.kind.label(),
                                            names.join("或")
                                        )
                                    },
                                );
                            }
                        }
                    }
                }
            }
            None => {}
        }
        v.into_result().map_err(StoreError::Invalid)?;
        // Uniqueness: names of non-enterprise units, aliases, codes.
        let mut v = Validator::new();
        if input.kind != OrgKind::Enterprise {
            let clash = org::Entity::find()
                .filter(org::Column::Name.eq(name.clone()))
                .filter(org::Column::Kind.ne(OrgKind::Enterprise.code()))
                .filter(except(org::Column::Id, existing))
                .one(c)
                .await?;
            if clash.is_some() {
                v.error("name", "duplicate", format!("已有名为“{name}”的单位"));
            }
        }
        let mut names_to_check: Vec<(String, String)> = vec![("name".into(), name.clone())];
        for (i, a) in aliases.iter().enumerate() {
            names_to_check.push((format!("aliases[{i}]"), a.clone()));
        }
        for (field, n) in &names_to_check {
            let alias_clash = org_alias::Entity::find()
                .filter(org_alias::Column::Alias.eq(n.clone()))
                .filter(except(org_alias::Column::OrgId, existing))
                .one(c)
                .await?;
            if alias_clash.is_some() {
                v.error(field, "duplicate", format!("“{n}”已是其他单位的别名"));
            }
            if field != "name" {
                let name_clash = org::Entity::find()
                    .filter(org::Column::Name.eq(n.clone()))
                    .filter(org::Column::Kind.ne(OrgKind::Enterprise.code()))
                    .filter(except(org::Column::Id, existing))
                    .one(c)
                    .await?;
                if name_clash.is_some() {
                    v.error(field, "duplicate", format!("“{n}”已是其他单位的名称"));
                }
            }
        }
        if let Some(code) = &code {
            let clash = org::Entity::find()
                .filter(org::Column::Code.eq(code.clone()))
                .filter(except(org::Column::Id, existing))
                .one(c)
                .await?;
            if clash.is_some() {
                v.error(
                    "code",
                    "duplicate",
                    format!("单位代码 {code} 已被其他单位使用"),
                );
            }
        }
        v.into_result().map_err(StoreError::Invalid)?;
        Ok(OrgInput {
            name,
            kind: input.kind,
            parent_id: input.parent_id,
            code,
            aliases,
            sort_order: input.sort_order,
        })
    }

    pub async fn create_org(&self, actor: &Actor, input: &OrgInput) -> Result<OrgView> {
        require_directory_admin(actor.scope)?;
        let txn = self.tx().await?;
        let input = self.validate_org(&txn, input, None).await?;
        let id = Uuid::now_v7();
        let now = crate::now();
        org::ActiveModel {
            id: Set(id),
            name: Set(input.name.clone()),
            kind: Set(input.kind.code().into()),
            parent_id: Set(input.parent_id),
            code: Set(input.code.clone()),
            sort_order: Set(input.sort_order),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await?;
        insert_aliases(&txn, id, &input.aliases).await?;
        if input.kind == OrgKind::Enterprise {
            crate::enterprises::index_name(&txn, id, &input.name).await?;
        }
        let view = self
            .views(
                &txn,
                vec![
                    org::Entity::find_by_id(id)
                        .one(&txn)
                        .await?
                        .ok_or(StoreError::NotFound)?,
                ],
            )
            .await?
            .remove(0);
        append(
            &txn,
            actor,
            AuditEvent::new("org.create")
                .object("org", id)
                .after(org_json(&view)),
        )
        .await?;
        txn.commit().await?;
        Ok(view)
    }

    pub async fn update_org(&self, actor: &Actor, id: Uuid, input: &OrgInput) -> Result<OrgView> {
        require_directory_admin(actor.scope)?;
        let txn = self.tx().await?;
        let current = org::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let before = self.views(&txn, vec![current.clone()]).await?.remove(0);
        let input = OrgInput {
            kind: kind_of(&current),
            ..input.clone()
        };
        let input = self.validate_org(&txn, &input, Some(id)).await?;
        let mut am: org::ActiveModel = current.into();
        am.name = Set(input.name.clone());
        am.parent_id = Set(input.parent_id);
        am.code = Set(input.code.clone());
        am.sort_order = Set(input.sort_order);
        am.updated_at = Set(crate::now());
        am.update(&txn).await?;
        if input.kind == OrgKind::Enterprise {
            crate::enterprises::index_name(&txn, id, &input.name).await?;
        }
        org_alias::Entity::delete_many()
            .filter(org_alias::Column::OrgId.eq(id))
            .exec(&txn)
            .await?;
        insert_aliases(&txn, id, &input.aliases).await?;
        let after = self
            .views(
                &txn,
                vec![
                    org::Entity::find_by_id(id)
                        .one(&txn)
                        .await?
                        .ok_or(StoreError::NotFound)?,
                ],
            )
            .await?
            .remove(0);
        append(
            &txn,
            actor,
            AuditEvent::new("org.update")
                .object("org", id)
                .before(org_json(&before))
                .after(org_json(&after)),
        )
        .await?;
        txn.commit().await?;
        Ok(after)
    }

    pub async fn delete_org(&self, actor: &Actor, id: Uuid) -> Result<()> {
        require_directory_admin(actor.scope)?;
        let txn = self.tx().await?;
        let current = org::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let before = self.views(&txn, vec![current]).await?.remove(0);
        let children = org::Entity::find()
            .filter(org::Column::ParentId.eq(id))
            .count(&txn)
            .await?;
        if children > 0 {
            return Err(StoreError::Conflict(format!(
                "该单位下还有{children}个下级单位，不能删除"
            )));
        }
        let users = user::Entity::find()
            .filter(user::Column::OrgId.eq(id))
            .count(&txn)
            .await?;
        if users > 0 {
            return Err(StoreError::Conflict(format!(
                "该单位还有{users}个用户账号，不能删除"
            )));
        }
        org::Entity::delete_by_id(id).exec(&txn).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("org.delete")
                .object("org", id)
                .before(org_json(&before)),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    // ---- groups ----

    async fn group_view<C: ConnectionTrait>(
        &self,
        c: &C,
        scope: Scope,
        g: org_group::Model,
    ) -> Result<GroupView> {
        let rule = GroupRule::from_code(&g.rule).unwrap_or(GroupRule::Explicit);
        let (members, member_count) = match rule.kind() {
            Some(OrgKind::Enterprise) => {
                let n = org::Entity::find()
                    .filter(org::Column::Kind.eq(OrgKind::Enterprise.code()))
                    .filter(scope_condition(scope))
                    .count(c)
                    .await?;
                (Vec::new(), n)
            }
            Some(kind) => {
                let list: Vec<OrgBrief> = org::Entity::find()
                    .filter(org::Column::Kind.eq(kind.code()))
                    .order_by_asc(org::Column::SortOrder)
                    .order_by_asc(org::Column::Name)
                    .all(c)
                    .await?
                    .iter()
                    .map(brief)
                    .collect();
                let n = list.len() as u64;
                (list, n)
            }
            None => {
                let ids: Vec<Uuid> = org_group_member::Entity::find()
                    .filter(org_group_member::Column::GroupId.eq(g.id))
                    .all(c)
                    .await?
                    .into_iter()
                    .map(|m| m.org_id)
                    .collect();
                let list: Vec<OrgBrief> = if ids.is_empty() {
                    Vec::new()
                } else {
                    org::Entity::find()
                        .filter(org::Column::Id.is_in(ids))
                        .filter(scope_condition(scope))
                        .order_by_asc(org::Column::SortOrder)
                        .order_by_asc(org::Column::Name)
                        .all(c)
                        .await?
                        .iter()
                        .map(brief)
                        .collect()
                };
                let n = list.len() as u64;
                (list, n)
            }
        };
        Ok(GroupView {
            id: g.id,
            name: g.name,
            aliases: serde_json::from_str(&g.aliases).unwrap_or_default(),
            rule,
            members,
            member_count,
            created_at: g.created_at,
            updated_at: g.updated_at,
        })
    }

    pub async fn list_groups(&self, scope: Scope) -> Result<Vec<GroupView>> {
        let groups = org_group::Entity::find()
            .order_by_asc(org_group::Column::Name)
            .all(self.r())
            .await?;
        let mut out = Vec::with_capacity(groups.len());
        for g in groups {
            out.push(self.group_view(self.r(), scope, g).await?);
        }
        Ok(out)
    }

    pub async fn get_group(&self, scope: Scope, id: Uuid) -> Result<GroupView> {
        let g = org_group::Entity::find_by_id(id)
            .one(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        self.group_view(self.r(), scope, g).await
    }

    async fn validate_group<C: ConnectionTrait>(
        &self,
        c: &C,
        input: &GroupInput,
        existing: Option<Uuid>,
    ) -> Result<GroupInput> {
        let mut v = Validator::new();
        let name = v.text("name", "分组名称", &input.name, 1, 100);
        let mut aliases = Vec::new();
        for (i, a) in input.aliases.iter().enumerate() {
            let a = v.text(&format!("aliases[{i}]"), "别名", a, 1, 100);
            if !a.is_empty() && a != name && !aliases.contains(&a) {
                aliases.push(a);
            }
        }
        let mut members: Vec<Uuid> = Vec::new();
        if input.rule == GroupRule::Explicit {
            if input.member_ids.is_empty() {
                v.error(
                    "member_ids",
                    "required",
                    "指定单位的分组至少需要一个成员单位",
                );
            }
            for (i, id) in input.member_ids.iter().enumerate() {
                if org::Entity::find_by_id(*id).one(c).await?.is_none() {
                    v.error(&format!("member_ids[{i}]"), "not_found", "成员单位不存在");
                } else if !members.contains(id) {
                    members.push(*id);
                }
            }
        }
        let others = org_group::Entity::find().all(c).await?;
        let mine: Vec<String> = std::iter::once(name.clone())
            .chain(aliases.iter().cloned())
            .collect();
        for g in others.iter().filter(|g| Some(g.id) != existing) {
            let theirs: Vec<String> = std::iter::once(g.name.clone())
                .chain(serde_json::from_str::<Vec<String>>(&g.aliases).unwrap_or_default())
                .collect();
            for n in &mine {
                if theirs
                    .iter()
                    .any(|t| normalize_phrase(t) == normalize_phrase(n))
                {
                    v.error(
                        if *n == name { "name" } else { "aliases" },
                        "duplicate",
                        format!("“{n}”已被分组“{}”使用", g.name),
                    );
                }
            }
        }
        v.into_result().map_err(StoreError::Invalid)?;
        Ok(GroupInput {
            name,
            aliases,
            rule: input.rule,
            member_ids: members,
        })
    }

    pub async fn create_group(&self, actor: &Actor, input: &GroupInput) -> Result<GroupView> {
        require_directory_admin(actor.scope)?;
        let txn = self.tx().await?;
        let input = self.validate_group(&txn, input, None).await?;
        let id = Uuid::now_v7();
        let now = crate::now();
        org_group::ActiveModel {
            id: Set(id),
            name: Set(input.name.clone()),
            aliases: Set(serde_json::to_string(&input.aliases).unwrap_or_else(|_| "[]".into())),
            rule: Set(input.rule.code().into()),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await?;
        insert_members(&txn, id, &input.member_ids).await?;
        let g = org_group::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let view = self.group_view(&txn, actor.scope, g).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("org_group.create")
                .object("org_group", id)
                .after(group_json(&view)),
        )
        .await?;
        txn.commit().await?;
        Ok(view)
    }

    pub async fn update_group(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &GroupInput,
    ) -> Result<GroupView> {
        require_directory_admin(actor.scope)?;
        let txn = self.tx().await?;
        let current = org_group::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let before = self.group_view(&txn, actor.scope, current.clone()).await?;
        let input = self.validate_group(&txn, input, Some(id)).await?;
        let mut am: org_group::ActiveModel = current.into();
        am.name = Set(input.name.clone());
        am.aliases = Set(serde_json::to_string(&input.aliases).unwrap_or_else(|_| "[]".into()));
        am.rule = Set(input.rule.code().into());
        am.updated_at = Set(crate::now());
        am.update(&txn).await?;
        org_group_member::Entity::delete_many()
            .filter(org_group_member::Column::GroupId.eq(id))
            .exec(&txn)
            .await?;
        insert_members(&txn, id, &input.member_ids).await?;
        let g = org_group::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let after = self.group_view(&txn, actor.scope, g).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("org_group.update")
                .object("org_group", id)
                .before(group_json(&before))
                .after(group_json(&after)),
        )
        .await?;
        txn.commit().await?;
        Ok(after)
    }

    pub async fn delete_group(&self, actor: &Actor, id: Uuid) -> Result<()> {
        require_directory_admin(actor.scope)?;
        let txn = self.tx().await?;
        let current = org_group::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let before = self.group_view(&txn, actor.scope, current).await?;
        org_group::Entity::delete_by_id(id).exec(&txn).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("org_group.delete")
                .object("org_group", id)
                .before(group_json(&before)),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Resolves plan phrases (`局政策法规科`, `各区商务局`, an enterprise's
    /// name) to units the scope may see, and lists what did not resolve.
    pub async fn resolve_phrases(
        &self,
        scope: Scope,
        phrases: &[String],
    ) -> Result<PhraseResolution> {
        let units = org::Entity::find()
            .filter(org::Column::Kind.ne(OrgKind::Enterprise.code()))
            .all(self.r())
            .await?;
        let mut alias_map: HashMap<Uuid, Vec<String>> = HashMap::new();
        for a in org_alias::Entity::find().all(self.r()).await? {
            alias_map.entry(a.org_id).or_default().push(a.alias);
        }
        let unit_names: Vec<UnitName> = units
            .iter()
            .map(|u| UnitName {
                id: u.id,
                kind: kind_of(u),
                name: u.name.clone(),
                aliases: alias_map.get(&u.id).cloned().unwrap_or_default(),
            })
            .collect();
        let by_id: HashMap<Uuid, &org::Model> = units.iter().map(|u| (u.id, u)).collect();
        let groups = org_group::Entity::find().all(self.r()).await?;
        let group_names: Vec<GroupName> = groups
            .iter()
            .map(|g| GroupName {
                id: g.id,
                name: g.name.clone(),
                aliases: serde_json::from_str(&g.aliases).unwrap_or_default(),
            })
            .collect();
        let r = resolve_phrases(phrases, &unit_names, &group_names);
        let mut resolved = Vec::new();
        for (phrase, m) in r.resolved {
            match m {
                PhraseMatch::Units(ids) => {
                    let list: Vec<OrgBrief> = ids
                        .iter()
                        .filter_map(|id| by_id.get(id))
                        .map(|m| brief(m))
                        .collect();
                    resolved.push(ResolvedPhrase {
                        phrase,
                        group: None,
                        unit_count: list.len() as u64,
                        units: list,
                    });
                }
                PhraseMatch::Group(gid) => {
                    let g = groups
                        .iter()
                        .find(|g| g.id == gid)
                        .cloned()
                        .ok_or(StoreError::NotFound)?;
                    let view = self.group_view(self.r(), scope, g).await?;
                    resolved.push(ResolvedPhrase {
                        phrase,
                        group: Some(GroupBrief {
                            id: view.id,
                            name: view.name,
                            rule: view.rule,
                        }),
                        units: view.members,
                        unit_count: view.member_count,
                    });
                }
            }
        }
        // Phrases that name an enterprise (by exact name), within scope.
        let mut unresolved = Vec::new();
        for phrase in r.unresolved {
            let n = normalize_phrase(&phrase);
            let hits = org::Entity::find()
                .filter(org::Column::Kind.eq(OrgKind::Enterprise.code()))
                .filter(org::Column::Name.eq(n))
                .filter(scope_condition(scope))
                .limit(10)
                .all(self.r())
                .await?;
            if hits.is_empty() {
                unresolved.push(phrase);
            } else {
                let list: Vec<OrgBrief> = hits.iter().map(brief).collect();
                resolved.push(ResolvedPhrase {
                    phrase,
                    group: None,
                    unit_count: list.len() as u64,
                    units: list,
                });
            }
        }
        // Keep the input order for the answer.
        let order: HashMap<&str, usize> = phrases
            .iter()
            .enumerate()
            .map(|(i, p)| (p.trim(), i))
            .collect();
        resolved.sort_by_key(|r| order.get(r.phrase.as_str()).copied().unwrap_or(usize::MAX));
        Ok(PhraseResolution {
            resolved,
            unresolved,
        })
    }
}

async fn insert_aliases<C: ConnectionTrait>(c: &C, org_id: Uuid, aliases: &[String]) -> Result<()> {
    for a in aliases {
        org_alias::ActiveModel {
            id: Set(Uuid::now_v7()),
            org_id: Set(org_id),
            alias: Set(a.clone()),
        }
        .insert(c)
        .await?;
    }
    Ok(())
}

async fn insert_members<C: ConnectionTrait>(c: &C, group_id: Uuid, ids: &[Uuid]) -> Result<()> {
    for id in ids {
        org_group_member::ActiveModel {
            group_id: Set(group_id),
            org_id: Set(*id),
        }
        .insert(c)
        .await?;
    }
    Ok(())
}

fn org_json(v: &OrgView) -> serde_json::Value {
    json!({"name": v.name, "kind": v.kind, "parent_id": v.parent_id, "code": v.code, "aliases": v.aliases, "sort_order": v.sort_order})
}

fn group_json(v: &GroupView) -> serde_json::Value {
    json!({"name": v.name, "aliases": v.aliases, "rule": v.rule, "member_ids": v.members.iter().map(|m| m.id).collect::<Vec<_>>()})
}

/// `col <> id` when updating an existing row, nothing when creating.
fn except(col: impl ColumnTrait, existing: Option<Uuid>) -> Condition {
    match existing {
        Some(id) => Condition::all().add(col.ne(id)),
        None => Condition::all(),
    }
}
