//! Sessions live in the database so that several server processes share them.
//! The cookie carries a random token; only its SM3 digest is stored.

use anzhi_domain::Scope;
use anzhi_domain::crypto::sm3_hex;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::Serialize;
use uuid::Uuid;

use crate::audit::{AuditEvent, append};
use crate::entity::{session, user};
use crate::{Actor, Page, PageReq, Result, Store, StoreError};

/// Why a session is restricted to the account pages.
pub const PENDING_PASSWORD: &str = "password_change";
pub const PENDING_TOTP: &str = "totp_setup";

#[derive(Debug, Clone)]
pub struct NewSession {
    /// Goes into the cookie; never stored.
    pub token: String,
    pub csrf_token: String,
    pub id: Uuid,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SessionView {
    pub id: Uuid,
    pub user_id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
}

fn random_hex(n: usize) -> String {
    let mut b = vec![0u8; n];
    rand::rng().fill_bytes(&mut b);
    hex::encode(b)
}

pub fn token_digest(token: &str) -> String {
    sm3_hex(token.as_bytes())
}

impl Store {
    /// Starts a session after a successful login: records the login, resets
    /// the failure count, and ends the session the client came with (a new id
    /// on every login).
    pub async fn start_session(
        &self,
        actor: &Actor,
        user_id: Uuid,
        pending: Option<&str>,
        user_agent: Option<String>,
        replaces_token: Option<&str>,
    ) -> Result<NewSession> {
        let token = random_hex(32);
        let csrf_token = random_hex(32);
        let id = Uuid::now_v7();
        let now = crate::now();
        let txn = self.tx().await?;
        if let Some(old) = replaces_token {
            session::Entity::delete_many()
                .filter(session::Column::TokenHash.eq(token_digest(old)))
                .exec(&txn)
                .await?;
        }
        session::ActiveModel {
            id: Set(id),
            token_hash: Set(token_digest(&token)),
            user_id: Set(user_id),
            csrf_token: Set(csrf_token.clone()),
            pending: Set(pending.map(str::to_string)),
            totp_pending_enc: Set(None),
            ip: Set(actor.ip.clone()),
            user_agent: Set(user_agent.map(|u| u.chars().take(300).collect())),
            created_at: Set(now),
            last_seen_at: Set(now),
        }
        .insert(&txn)
        .await?;
        let m = user::Entity::find_by_id(user_id)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let previous = m.last_login_at;
        let mut am: user::ActiveModel = m.into();
        am.previous_login_at = Set(previous);
        am.failed_logins = Set(0);
        am.locked_until = Set(None);
        am.last_login_at = Set(Some(now));
        am.update(&txn).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("auth.login").object("session", id),
        )
        .await?;
        txn.commit().await?;
        Ok(NewSession {
            token,
            csrf_token,
            id,
        })
    }

    /// The session and its user for a cookie token, if the session is still live.
    pub async fn session_by_token(
        &self,
        token: &str,
        idle: Duration,
    ) -> Result<Option<(session::Model, user::Model)>> {
        let Some(s) = session::Entity::find()
            .filter(session::Column::TokenHash.eq(token_digest(token)))
            .one(self.r())
            .await?
        else {
            return Ok(None);
        };
        if Utc::now() - s.last_seen_at > idle {
            let txn = self.tx().await?;
            session::Entity::delete_by_id(s.id).exec(&txn).await?;
            txn.commit().await?;
            return Ok(None);
        }
        let Some(u) = user::Entity::find_by_id(s.user_id).one(self.r()).await? else {
            return Ok(None);
        };
        Ok(Some((s, u)))
    }

    /// Marks a session as used now (at most once a minute, to spare writes).
    pub async fn touch_session(&self, s: &session::Model) -> Result<()> {
        if Utc::now() - s.last_seen_at < Duration::seconds(60) {
            return Ok(());
        }
        let txn = self.tx().await?;
        session::Entity::update_many()
            .col_expr(session::Column::LastSeenAt, Expr::value(crate::now()))
            .filter(session::Column::Id.eq(s.id))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(())
    }

    pub async fn set_session_pending(
        &self,
        session_id: Uuid,
        pending: Option<&str>,
        totp_pending: Option<String>,
    ) -> Result<()> {
        let txn = self.tx().await?;
        session::Entity::update_many()
            .col_expr(
                session::Column::Pending,
                Expr::value(pending.map(str::to_string)),
            )
            .col_expr(
                session::Column::TotpPendingEnc,
                Expr::value(totp_pending.map(|s| self.cipher().encrypt(&s))),
            )
            .filter(session::Column::Id.eq(session_id))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(())
    }

    pub fn session_totp_pending(&self, s: &session::Model) -> Option<String> {
        s.totp_pending_enc
            .as_deref()
            .and_then(|e| self.cipher().decrypt(e).ok())
    }

    /// Logout: ends the session and records it.
    pub async fn end_own_session(
        &self,
        actor: &Actor,
        session_id: Uuid,
        action: &'static str,
    ) -> Result<()> {
        let user_id = actor.user_id.ok_or(StoreError::NotFound)?;
        let txn = self.tx().await?;
        let n = session::Entity::delete_many()
            .filter(session::Column::Id.eq(session_id))
            .filter(session::Column::UserId.eq(user_id))
            .exec(&txn)
            .await?
            .rows_affected;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        append(
            &txn,
            actor,
            AuditEvent::new(action).object("session", session_id),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// The actor's own sessions, newest first.
    pub async fn own_sessions(&self, actor: &Actor) -> Result<Vec<SessionView>> {
        let user_id = actor.user_id.ok_or(StoreError::NotFound)?;
        let rows = session::Entity::find()
            .filter(session::Column::UserId.eq(user_id))
            .order_by_desc(session::Column::LastSeenAt)
            .all(self.r())
            .await?;
        let u = user::Entity::find_by_id(user_id)
            .one(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(rows.into_iter().map(|s| view(s, &u)).collect())
    }

    /// Every live session (security admin).
    pub async fn all_sessions(
        &self,
        scope: Scope,
        username: Option<&str>,
        page: &PageReq,
    ) -> Result<Page<SessionView>> {
        if !scope.administers_accounts() {
            return Err(StoreError::Forbidden("无权查看会话".into()));
        }
        let mut q = session::Entity::find();
        if let Some(name) = username.map(str::trim).filter(|s| !s.is_empty()) {
            let ids: Vec<Uuid> = user::Entity::find()
                .filter(user::Column::Username.eq(name))
                .all(self.r())
                .await?
                .into_iter()
                .map(|u| u.id)
                .collect();
            q = q.filter(session::Column::UserId.is_in(ids));
        }
        let total = q.clone().count(self.r()).await?;
        let rows = q
            .order_by_desc(session::Column::LastSeenAt)
            .offset(page.offset())
            .limit(page.page_size)
            .all(self.r())
            .await?;
        let ids: Vec<Uuid> = rows.iter().map(|s| s.user_id).collect();
        let users: std::collections::HashMap<Uuid, user::Model> = if ids.is_empty() {
            Default::default()
        } else {
            user::Entity::find()
                .filter(user::Column::Id.is_in(ids))
                .all(self.r())
                .await?
                .into_iter()
                .map(|u| (u.id, u))
                .collect()
        };
        let items = rows
            .into_iter()
            .filter_map(|s| {
                let u = users.get(&s.user_id)?;
                Some(view(s, u))
            })
            .collect();
        Ok(Page {
            items,
            total,
            page: page.page,
            page_size: page.page_size,
        })
    }

    /// Forces a session to end (security admin).
    pub async fn end_any_session(&self, actor: &Actor, session_id: Uuid) -> Result<()> {
        if !actor.scope.administers_accounts() {
            return Err(StoreError::Forbidden("无权结束他人会话".into()));
        }
        let txn = self.tx().await?;
        let s = session::Entity::find_by_id(session_id)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        session::Entity::delete_by_id(session_id).exec(&txn).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("security.session_end")
                .object("session", session_id)
                .detail(format!("用户ID {}", s.user_id)),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Deletes sessions idle for longer than `idle`. Returns how many.
    pub async fn purge_idle_sessions(&self, idle: Duration) -> Result<u64> {
        let txn = self.tx().await?;
        let n = session::Entity::delete_many()
            .filter(session::Column::LastSeenAt.lt(Utc::now() - idle))
            .exec(&txn)
            .await?
            .rows_affected;
        txn.commit().await?;
        Ok(n)
    }
}

fn view(s: session::Model, u: &user::Model) -> SessionView {
    SessionView {
        id: s.id,
        user_id: s.user_id,
        username: u.username.clone(),
        display_name: u.display_name.clone(),
        role: u.role.clone(),
        ip: s.ip,
        user_agent: s.user_agent,
        created_at: s.created_at,
        last_seen_at: s.last_seen_at,
    }
}
