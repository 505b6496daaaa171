//! Settings kept in the database (shared by every server process).

use anzhi_domain::password::PasswordPolicy;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::json;

use crate::audit::{AuditEvent, append};
use crate::entity::setting;
use crate::{Actor, Result, Store, StoreError};

const POLICY_KEY: &str = "security.policy";

impl Store {
    /// The password, lockout and session policy (defaults until changed).
    pub async fn policy(&self) -> Result<PasswordPolicy> {
        Ok(setting::Entity::find_by_id(POLICY_KEY.to_string())
            .one(self.r())
            .await?
            .and_then(|s| serde_json::from_str(&s.value).ok())
            .unwrap_or_default())
    }

    pub async fn set_policy(
        &self,
        actor: &Actor,
        policy: &PasswordPolicy,
    ) -> Result<PasswordPolicy> {
        if !actor.scope.administers_accounts() {
            return Err(StoreError::Forbidden("无权修改安全策略".into()));
        }
        policy.validate().map_err(StoreError::Invalid)?;
        let before = self.policy().await?;
        let txn = self.tx().await?;
        let value =
            serde_json::to_string(policy).map_err(|e| StoreError::Conflict(e.to_string()))?;
        let now = crate::now();
        match setting::Entity::find_by_id(POLICY_KEY.to_string())
            .one(&txn)
            .await?
        {
            Some(s) => {
                let mut am: setting::ActiveModel = s.into();
                am.value = Set(value);
                am.updated_at = Set(now);
                am.update(&txn).await?;
            }
            None => {
                setting::ActiveModel {
                    key: Set(POLICY_KEY.into()),
                    value: Set(value),
                    updated_at: Set(now),
                }
                .insert(&txn)
                .await?;
            }
        }
        append(
            &txn,
            actor,
            AuditEvent::new("security.policy_update")
                .object("setting", POLICY_KEY)
                .before(json!(before))
                .after(json!(policy)),
        )
        .await?;
        txn.commit().await?;
        Ok(policy.clone())
    }
}

/// A setting's value (JSON), `None` when unset or unreadable.
pub(crate) async fn read_setting<C: sea_orm::ConnectionTrait, T: serde::de::DeserializeOwned>(
    c: &C,
    key: &str,
) -> Result<Option<T>> {
    Ok(setting::Entity::find_by_id(key.to_string())
        .one(c)
        .await?
        .and_then(|s| serde_json::from_str(&s.value).ok()))
}

/// Stores a setting's value (JSON) in the caller's transaction.
pub(crate) async fn write_setting<C: sea_orm::ConnectionTrait, T: serde::Serialize>(
    c: &C,
    key: &str,
    value: &T,
) -> Result<()> {
    let row = setting::ActiveModel {
        key: Set(key.to_string()),
        value: Set(serde_json::to_string(value).map_err(|e| StoreError::Conflict(e.to_string()))?),
        updated_at: Set(crate::now()),
    };
    if setting::Entity::find_by_id(key.to_string())
        .one(c)
        .await?
        .is_some()
    {
        row.update(c).await?;
    } else {
        row.insert(c).await?;
    }
    Ok(())
}
