//! Idempotent submissions. A client names one submission with a key (the
//! `Idempotency-Key` header) and sends it again with every retry of that submission.
//! The key is stored in the transaction that creates the record, so either both are
//! written or neither: a retry after a lost answer (a dropped connection, a server
//! killed after its commit) finds the key and gets the record made the first time
//! instead of a second hazard report or a second progress entry.

use anzhi_domain::validate::FieldError;
use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::entity::request_key;
use crate::{Actor, Result, Store, StoreError};

/// The header that carries the key.
pub const HEADER: &str = "Idempotency-Key";
/// How long a key is kept: a retry comes within minutes; a week covers a phone that
/// sends its queue when it is back in coverage.
pub const KEEP_DAYS: i64 = 7;

/// A checked key: 8 to 64 letters, digits, '-' or '_' (a UUID fits).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestKey(String);

impl RequestKey {
    pub fn parse(raw: &str) -> std::result::Result<RequestKey, FieldError> {
        let k = raw.trim();
        let ok = (8..=64).contains(&k.len())
            && k.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if ok {
            Ok(RequestKey(k.to_string()))
        } else {
            Err(FieldError::new(
                HEADER,
                "invalid",
                "请求标识（Idempotency-Key）格式无效：应为 8–64 位字母、数字、“-”或“_”",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What a submission creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Hazard,
    AssignmentEvent,
}

impl Kind {
    fn code(self) -> &'static str {
        match self {
            Kind::Hazard => "hazard",
            Kind::AssignmentEvent => "assignment_event",
        }
    }
}

/// What a key stands for when a submission starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Claim {
    /// No key, or a new one, now held by this transaction: go on and make the record.
    Fresh,
    /// An earlier submission with this key made this record: answer with it.
    Made(Uuid),
}

/// Looks the key up and, when it is new, stores it at once in the creating
/// transaction, before the record is made. A concurrent retry on PostgreSQL then
/// waits on the key's row and fails with a unique violation ([`is_taken`]) instead
/// of making a second record (or tripping over the photos the first one attached).
/// A key used for another kind of submission is refused.
pub(crate) async fn claim<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    key: Option<&RequestKey>,
    kind: Kind,
) -> Result<Claim> {
    let (Some(key), Some(user)) = (key, actor.user_id) else {
        return Ok(Claim::Fresh);
    };
    if let Some(id) = earlier(c, user, key, kind).await? {
        return Ok(Claim::Made(id));
    }
    request_key::ActiveModel {
        user_id: Set(user),
        key: Set(key.0.clone()),
        kind: Set(kind.code().into()),
        subject_id: Set(Uuid::nil()),
        created_at: Set(crate::now()),
    }
    .insert(c)
    .await?;
    Ok(Claim::Fresh)
}

async fn earlier<C: ConnectionTrait>(
    c: &C,
    user: Uuid,
    key: &RequestKey,
    kind: Kind,
) -> Result<Option<Uuid>> {
    let Some(k) = request_key::Entity::find_by_id((user, key.0.clone()))
        .one(c)
        .await?
    else {
        return Ok(None);
    };
    if k.kind != kind.code() {
        return Err(reused());
    }
    Ok(Some(k.subject_id))
}

/// The error for a key that named another submission.
pub(crate) fn reused() -> StoreError {
    StoreError::invalid(
        HEADER,
        "duplicate",
        "请求标识（Idempotency-Key）已用于另一项提交，请为每次提交生成新的标识",
    )
}

/// Records what the submission made, in the transaction that claimed the key.
pub(crate) async fn remember<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    key: Option<&RequestKey>,
    subject: Uuid,
) -> Result<()> {
    let (Some(key), Some(user)) = (key, actor.user_id) else {
        return Ok(());
    };
    request_key::Entity::update_many()
        .col_expr(request_key::Column::SubjectId, Expr::value(subject))
        .filter(request_key::Column::UserId.eq(user))
        .filter(request_key::Column::Key.eq(key.0.clone()))
        .exec(c)
        .await?;
    Ok(())
}

/// True for the error a second transaction gets when it stores a key another one
/// stored meanwhile (PostgreSQL; SQLite's writer runs one transaction at a time).
pub(crate) fn is_taken(e: &StoreError) -> bool {
    matches!(e, StoreError::Db(d) if matches!(d.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))))
}

impl Store {
    /// Removes keys older than [`KEEP_DAYS`] (run by the server's housekeeping).
    pub async fn purge_request_keys(&self) -> Result<u64> {
        let cutoff = Utc::now() - Duration::days(KEEP_DAYS);
        let r = request_key::Entity::delete_many()
            .filter(request_key::Column::CreatedAt.lt(cutoff))
            .exec(self.raw_write_connection())
            .await?;
        Ok(r.rows_affected)
    }

    /// The record made by an earlier submission with this key, read after a
    /// transaction lost the race to store it.
    pub(crate) async fn made_by(
        &self,
        actor: &Actor,
        key: Option<&RequestKey>,
        kind: Kind,
    ) -> Result<Option<Uuid>> {
        match (key, actor.user_id) {
            (Some(key), Some(user)) => earlier(self.r(), user, key, kind).await,
            _ => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_checked() {
        assert!(RequestKey::parse("0193a2b4-7c1d-7e2f-8a3b-4c5d6e7f8091").is_ok());
        assert_eq!(
            RequestKey::parse("  abcdefgh_1 ").unwrap().as_str(),
            "abcdefgh_1"
        );
        for bad in [
            "",
            "short",
            "有中文的标识abcdefg",
            "a b c d e f g h",
            &"x".repeat(65),
        ] {
            let e = RequestKey::parse(bad).unwrap_err();
            assert_eq!(e.field, HEADER);
            assert!(e.message.contains("Idempotency-Key"), "{bad}");
        }
    }
}
