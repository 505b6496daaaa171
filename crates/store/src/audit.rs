//! The audit trail: appended in the transaction of the change it records,
//! chained with SM3, readable only by the audit admin.

use anzhi_domain::Scope;
use anzhi_domain::audit::{
    AuditEntry, ChainReport, ChainVerifier, Outcome, StoredLink, audit_time, canonical_json,
};
use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, Statement,
};
use serde_json::Value;
use uuid::Uuid;

use crate::entity::{audit_head, audit_log};
use crate::{Actor, Page, PageReq, Result, Store, StoreError};

/// What happened, for one audit record.
#[derive(Debug, Clone)]
pub struct AuditEvent {
    pub action: &'static str,
    pub object_type: Option<&'static str>,
    pub object_id: Option<String>,
    pub result: Outcome,
    pub detail: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

impl AuditEvent {
    pub fn new(action: &'static str) -> AuditEvent {
        AuditEvent {
            action,
            object_type: None,
            object_id: None,
            result: Outcome::Success,
            detail: None,
            before: None,
            after: None,
        }
    }
    pub fn object(mut self, t: &'static str, id: impl ToString) -> Self {
        self.object_type = Some(t);
        self.object_id = Some(id.to_string());
        self
    }
    pub fn result(mut self, r: Outcome) -> Self {
        self.result = r;
        self
    }
    pub fn detail(mut self, d: impl Into<String>) -> Self {
        self.detail = Some(d.into());
        self
    }
    pub fn before(mut self, v: Value) -> Self {
        self.before = Some(v);
        self
    }
    pub fn after(mut self, v: Value) -> Self {
        self.after = Some(v);
        self
    }
}

/// Appends one record to the chain, inside the caller's transaction. The
/// chain head row is updated first, which serialises concurrent appends
/// (a row lock on PostgreSQL, the single writer on SQLite).
pub async fn append<C: ConnectionTrait>(c: &C, actor: &Actor, ev: AuditEvent) -> Result<()> {
    let backend = c.get_database_backend();
    let row = c
        .query_one_raw(Statement::from_string(
            backend,
            "UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash",
        ))
        .await?
        .ok_or_else(|| StoreError::Conflict("审计链头缺失".into()))?;
    let seq: i64 = row.try_get("", "seq")?;
    let prev_hash: String = row.try_get("", "hash")?;
    let entry = AuditEntry {
        id: Uuid::now_v7(),
        seq,
        at: audit_time(Utc::now()),
        actor_id: actor.user_id,
        actor_name: actor.username.clone(),
        role: actor.role.map(|r| r.code().to_string()),
        ip: actor.ip.clone(),
        action: ev.action.to_string(),
        object_type: ev.object_type.map(str::to_string),
        object_id: ev.object_id,
        result: ev.result.code().to_string(),
        detail: ev.detail.map(|d| d.chars().take(2000).collect()),
        before: ev.before.as_ref().map(canonical_json),
        after: ev.after.as_ref().map(canonical_json),
    };
    let hash = entry.chain_hash(&prev_hash);
    audit_head::Entity::update_many()
        .col_expr(audit_head::Column::Hash, Expr::value(hash.clone()))
        .filter(audit_head::Column::Id.eq(1))
        .exec(c)
        .await?;
    audit_log::ActiveModel {
        id: Set(entry.id),
        seq: Set(entry.seq),
        at: Set(entry.at),
        actor_id: Set(entry.actor_id),
        actor_name: Set(entry.actor_name),
        role: Set(entry.role),
        ip: Set(entry.ip),
        action: Set(entry.action),
        object_type: Set(entry.object_type),
        object_id: Set(entry.object_id),
        result: Set(entry.result),
        detail: Set(entry.detail),
        before: Set(entry.before),
        after: Set(entry.after),
        prev_hash: Set(prev_hash),
        hash: Set(hash),
    }
    .insert(c)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub result: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub q: Option<String>,
}

fn require_audit_reader(scope: Scope) -> Result<()> {
    // The audit trail is read by the audit admin (handlers check the role)
    // and by anzhi itself; no business scope reads it.
    match scope {
        Scope::Admin(_) | Scope::Internal => Ok(()),
        _ => Err(StoreError::Forbidden("无权查看审计日志".into())),
    }
}

impl Store {
    /// Appends a record in its own transaction (logins, denials, reads worth recording).
    pub async fn audit(&self, actor: &Actor, ev: AuditEvent) -> Result<()> {
        let txn = self.tx().await?;
        append(&txn, actor, ev).await?;
        txn.commit().await?;
        Ok(())
    }

    pub async fn list_audit(
        &self,
        scope: Scope,
        f: &AuditFilter,
        page: &PageReq,
    ) -> Result<Page<audit_log::Model>> {
        require_audit_reader(scope)?;
        let mut q = audit_log::Entity::find();
        if let Some(a) = f.actor.as_deref().filter(|s| !s.is_empty()) {
            q = q.filter(audit_log::Column::ActorName.eq(a));
        }
        if let Some(a) = f.action.as_deref().filter(|s| !s.is_empty()) {
            q = q.filter(audit_log::Column::Action.eq(a));
        }
        if let Some(a) = f.object_type.as_deref().filter(|s| !s.is_empty()) {
            q = q.filter(audit_log::Column::ObjectType.eq(a));
        }
        if let Some(a) = f.object_id.as_deref().filter(|s| !s.is_empty()) {
            q = q.filter(audit_log::Column::ObjectId.eq(a));
        }
        if let Some(a) = f.result.as_deref().filter(|s| !s.is_empty()) {
            q = q.filter(audit_log::Column::Result.eq(a));
        }
        if let Some(d) = f.from {
            q = q.filter(audit_log::Column::At.gte(anzhi_domain::time::china_day_start(d)));
        }
        if let Some(d) = f.to
            && let Some(next) = d.succ_opt()
        {
            q = q.filter(audit_log::Column::At.lt(anzhi_domain::time::china_day_start(next)));
        }
        if let Some(text) = f.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            let like = contains(text);
            q = q.filter(
                sea_orm::Condition::any()
                    .add(Expr::col(audit_log::Column::Detail).like(like.clone()))
                    .add(Expr::col(audit_log::Column::After).like(like.clone()))
                    .add(Expr::col(audit_log::Column::Before).like(like.clone()))
                    .add(Expr::col(audit_log::Column::ObjectId).like(like)),
            );
        }
        let total = q.clone().count(self.r()).await?;
        let desc = match page.sort_key() {
            None | Some(("seq", true)) | Some(("at", true)) => true,
            Some(("seq", false)) | Some(("at", false)) => false,
            Some(_) => {
                return Err(StoreError::invalid(
                    "sort",
                    "invalid",
                    "排序字段无效，可选：at、seq",
                ));
            }
        };
        let q = if desc {
            q.order_by_desc(audit_log::Column::Seq)
        } else {
            q.order_by_asc(audit_log::Column::Seq)
        };
        let items = q
            .offset(page.offset())
            .limit(page.page_size)
            .all(self.r())
            .await?;
        Ok(Page {
            items,
            total,
            page: page.page,
            page_size: page.page_size,
        })
    }

    /// Walks the whole chain in `seq` order, in batches, and compares its end with the head.
    pub async fn verify_audit(&self, scope: Scope) -> Result<ChainReport> {
        require_audit_reader(scope)?;
        let head = audit_head::Entity::find_by_id(1)
            .one(self.r())
            .await?
            .ok_or_else(|| StoreError::Conflict("审计链头缺失".into()))?;
        let mut v = ChainVerifier::new();
        let mut after: i64 = 0;
        'outer: loop {
            let batch = audit_log::Entity::find()
                .filter(audit_log::Column::Seq.gt(after))
                .order_by_asc(audit_log::Column::Seq)
                .limit(1000)
                .all(self.r())
                .await?;
            if batch.is_empty() {
                break;
            }
            for m in batch {
                after = m.seq;
                let link = to_link(m);
                if !v.push(&link) {
                    break 'outer;
                }
            }
        }
        Ok(v.finish(head.seq, &head.hash))
    }
}

fn to_link(m: audit_log::Model) -> StoredLink {
    StoredLink {
        entry: AuditEntry {
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
            before: m.before,
            after: m.after,
        },
        prev_hash: m.prev_hash,
        hash: m.hash,
    }
}

/// A `LIKE '%text%'` pattern that matches `text` literally: `%`, `_` and the
/// escape character are escaped (`ESCAPE '\'`, the same on both databases).
pub(crate) fn contains(text: &str) -> sea_orm::sea_query::LikeExpr {
    let mut p = String::with_capacity(text.len() + 2);
    p.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    sea_orm::sea_query::LikeExpr::new(p).escape('\\')
}
