//! Accounts: administered by the admins, read through their scope; plus the
//! pre-authentication steps of login (lookup, failure counting, lockout).

use anzhi_domain::audit::Outcome;
use anzhi_domain::crypto::mask_phone;
use anzhi_domain::password::{PasswordPolicy, generate_password, hash_password};
use anzhi_domain::validate::{is_phone, is_username};
use anzhi_domain::{Role, Scope, Validator};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::audit::{AuditEvent, append, contains};
use crate::entity::{org, session, user};
use crate::{Actor, Page, PageReq, Result, Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum UserStatus {
    Active,
    Disabled,
}

impl UserStatus {
    pub fn code(self) -> &'static str {
        match self {
            UserStatus::Active => "active",
            UserStatus::Disabled => "disabled",
        }
    }
    pub fn from_code(s: &str) -> Option<UserStatus> {
        match s {
            "active" => Some(UserStatus::Active),
            "disabled" => Some(UserStatus::Disabled),
            _ => None,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            UserStatus::Active => "正常",
            UserStatus::Disabled => "停用",
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct UserView {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub org_id: Uuid,
    pub org_name: String,
    /// Masked (`138****1234`).
    pub phone: Option<String>,
    pub status: UserStatus,
    pub locked_until: Option<DateTime<Utc>>,
    pub must_change_password: bool,
    pub totp_enabled: bool,
    /// The latest login (the current one for the signed-in user).
    pub last_login_at: Option<DateTime<Utc>>,
    /// The login before the latest.
    pub previous_login_at: Option<DateTime<Utc>>,
    pub password_changed_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    pub q: Option<String>,
    pub role: Option<Role>,
    pub org_id: Option<Uuid>,
    pub status: Option<UserStatus>,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub org_id: Uuid,
    pub phone: Option<String>,
    /// Generated when absent.
    pub password: Option<String>,
}

#[derive(Debug, Clone)]
pub struct UserUpdate {
    pub display_name: String,
    pub role: Role,
    pub org_id: Uuid,
    pub phone: Option<String>,
}

fn require_account_admin(actor: &Actor, target: Role) -> Result<()> {
    if !actor.scope.administers_accounts() {
        return Err(StoreError::Forbidden("无权管理用户账号".into()));
    }
    match actor.role {
        // anzhi itself (seeding, CLI) manages any account.
        None => Ok(()),
        Some(r) if r.may_manage(target) => Ok(()),
        Some(_) if target.is_admin() => Err(StoreError::Forbidden(
            "系统管理员、安全管理员、审计管理员账号只能由安全管理员授予和变更".into(),
        )),
        Some(_) => Err(StoreError::Forbidden("无权管理该类用户账号".into())),
    }
}

fn role_of(m: &user::Model) -> Role {
    Role::from_code(&m.role).unwrap_or(Role::EnterpriseUser)
}

impl Store {
    fn user_view(&self, m: user::Model, org_name: String) -> UserView {
        let phone = m
            .phone_enc
            .as_deref()
            .and_then(|p| self.cipher().decrypt(p).ok())
            .map(|p| mask_phone(&p));
        UserView {
            id: m.id,
            role: role_of(&m),
            username: m.username,
            display_name: m.display_name,
            org_id: m.org_id,
            org_name,
            phone,
            status: UserStatus::from_code(&m.status).unwrap_or(UserStatus::Disabled),
            locked_until: m.locked_until.filter(|t| *t > Utc::now()),
            must_change_password: m.must_change_password,
            totp_enabled: m.totp_secret_enc.is_some(),
            last_login_at: m.last_login_at,
            previous_login_at: m.previous_login_at,
            password_changed_at: m.password_changed_at,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }

    async fn user_views<C: ConnectionTrait>(
        &self,
        c: &C,
        models: Vec<user::Model>,
    ) -> Result<Vec<UserView>> {
        let org_ids: Vec<Uuid> = models.iter().map(|m| m.org_id).collect();
        let orgs = crate::org_names(c, org_ids).await?;
        Ok(models
            .into_iter()
            .map(|m| {
                let name = orgs.get(&m.org_id).cloned().unwrap_or_default();
                self.user_view(m, name)
            })
            .collect())
    }

    /// A user's own account as they see it (for `/auth/me`).
    pub async fn own_user(&self, user_id: Uuid) -> Result<UserView> {
        let m = user::Entity::find_by_id(user_id)
            .one(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(self.user_views(self.r(), vec![m]).await?.remove(0))
    }

    pub async fn list_users(
        &self,
        actor: &Actor,
        f: &UserFilter,
        page: &PageReq,
    ) -> Result<Page<UserView>> {
        if !actor.scope.administers_accounts() {
            return Err(StoreError::Forbidden("无权查看用户账号".into()));
        }
        let mut q = user::Entity::find();
        if let Some(text) = f.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            let like = contains(text);
            q = q.filter(
                Condition::any()
                    .add(Expr::col(user::Column::Username).like(like.clone()))
                    .add(Expr::col(user::Column::DisplayName).like(like)),
            );
        }
        if let Some(r) = f.role {
            q = q.filter(user::Column::Role.eq(r.code()));
        }
        if let Some(o) = f.org_id {
            q = q.filter(user::Column::OrgId.eq(o));
        }
        if let Some(s) = f.status {
            q = q.filter(user::Column::Status.eq(s.code()));
        }
        let total = q.clone().count(self.r()).await?;
        let q = match page.sort_key() {
            None => q.order_by_asc(user::Column::Username),
            Some((field, desc)) => {
                let col = match field {
                    "username" => user::Column::Username,
                    "display_name" => user::Column::DisplayName,
                    "role" => user::Column::Role,
                    "status" => user::Column::Status,
                    "last_login_at" => user::Column::LastLoginAt,
                    "created_at" => user::Column::CreatedAt,
                    _ => {
                        return Err(StoreError::invalid(
                            "sort",
                            "invalid",
                            "排序字段无效，可选：username、display_name、role、status、last_login_at、created_at",
                        ));
                    }
                };
                let q = if desc {
                    q.order_by_desc(col)
                } else {
                    q.order_by_asc(col)
                };
                q.order_by_asc(user::Column::Id)
            }
        };
        let models = q
            .offset(page.offset())
            .limit(page.page_size)
            .all(self.r())
            .await?;
        let items = self.user_views(self.r(), models).await?;
        Ok(Page {
            items,
            total,
            page: page.page,
            page_size: page.page_size,
        })
    }

    /// The accounts of an enterprise, for the staff who supervise it.
    pub async fn enterprise_accounts(
        &self,
        actor: &Actor,
        enterprise_id: Uuid,
    ) -> Result<Vec<UserView>> {
        if !matches!(actor.scope, Scope::Section(_) | Scope::District(_))
            || !crate::enterprises::enterprise_visible(self.r(), actor.scope, enterprise_id).await?
        {
            return Err(StoreError::NotFound);
        }
        let name = crate::org_names(self.r(), [enterprise_id]).await?;
        let name = name.get(&enterprise_id).cloned().unwrap_or_default();
        Ok(user::Entity::find()
            .filter(user::Column::OrgId.eq(enterprise_id))
            .filter(user::Column::Role.eq(Role::EnterpriseUser.code()))
            .order_by_asc(user::Column::Username)
            .all(self.r())
            .await?
            .into_iter()
            .map(|u| self.user_view(u, name.clone()))
            .collect())
    }

    pub async fn get_user(&self, actor: &Actor, id: Uuid) -> Result<UserView> {
        if !actor.scope.administers_accounts() {
            return Err(StoreError::NotFound);
        }
        let m = user::Entity::find_by_id(id)
            .one(self.r())
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(self.user_views(self.r(), vec![m]).await?.remove(0))
    }

    async fn check_role_org<C: ConnectionTrait>(
        &self,
        c: &C,
        v: &mut Validator,
        role: Role,
        org_id: Uuid,
    ) -> Result<()> {
        match org::Entity::find_by_id(org_id).one(c).await? {
            None => v.error("org_id", "not_found", "所属单位不存在"),
            Some(o) => {
                let kind = anzhi_domain::OrgKind::from_code(&o.kind);
                if !kind.is_some_and(|k| role.org_kinds().contains(&k)) {
                    let kinds: Vec<&str> = role.org_kinds().iter().map(|k| k.label()).collect();
                    v.error(
                        "org_id",
                        "invalid",
                        format!(
                            "{}账号应属于{}，而“{}”不是",
                            role.label(),
                            kinds.join("或"),
                            o.name
                        ),
                    );
                }
            }
        }
        Ok(())
    }

    fn check_phone(&self, v: &mut Validator, phone: Option<&str>) -> Option<String> {
        let p = v.optional_text("phone", "手机号码", phone, 20)?;
        if !is_phone(&p) {
            v.error(
                "phone",
                "invalid",
                "手机号码格式不正确（11位手机号或带区号的固定电话）",
            );
        }
        Some(p)
    }

    /// Creates an account; returns it with its initial password (to be changed at first login).
    pub async fn create_user(
        &self,
        actor: &Actor,
        input: &NewUser,
        policy: &PasswordPolicy,
    ) -> Result<(UserView, String)> {
        let txn = self.tx().await?;
        // Staff create the accounts of the enterprises they supervise.
        let staff_for_enterprise = matches!(actor.scope, Scope::Section(_) | Scope::District(_))
            && input.role == Role::EnterpriseUser;
        if staff_for_enterprise {
            if !crate::enterprises::enterprise_visible(&txn, actor.scope, input.org_id).await? {
                return Err(StoreError::NotFound);
            }
        } else {
            require_account_admin(actor, input.role)?;
        }
        let mut v = Validator::new();
        let username = v.text("username", "用户名", &input.username, 3, 32);
        if !username.is_empty() && !is_username(&username) {
            v.error(
                "username",
                "invalid",
                "用户名须以字母开头，由3-32位字母、数字、下划线、点或连字符组成",
            );
        }
        let display_name = v.text("display_name", "姓名", &input.display_name, 1, 50);
        self.check_role_org(&txn, &mut v, input.role, input.org_id)
            .await?;
        let phone = self.check_phone(&mut v, input.phone.as_deref());
        let password = match input.password.as_deref().filter(|p| !p.is_empty()) {
            Some(p) => {
                if let Err(msg) = policy.check(p, &username) {
                    v.error("password", "weak", format!("初始密码不符合要求：{msg}"));
                }
                p.to_string()
            }
            None => generate_password(),
        };
        if user::Entity::find()
            .filter(user::Column::Username.eq(username.clone()))
            .one(&txn)
            .await?
            .is_some()
        {
            v.error(
                "username",
                "duplicate",
                format!("用户名“{username}”已被使用"),
            );
        }
        v.into_result().map_err(StoreError::Invalid)?;
        let hash =
            hash_password(&password).map_err(|_| StoreError::Conflict("密码哈希失败".into()))?;
        let id = Uuid::now_v7();
        let now = crate::now();
        user::ActiveModel {
            id: Set(id),
            username: Set(username),
            display_name: Set(display_name),
            role: Set(input.role.code().into()),
            org_id: Set(input.org_id),
            phone_enc: Set(phone.map(|p| self.cipher().encrypt(&p))),
            password_hash: Set(hash),
            password_changed_at: Set(now),
            must_change_password: Set(true),
            status: Set(UserStatus::Active.code().into()),
            failed_logins: Set(0),
            locked_until: Set(None),
            totp_secret_enc: Set(None),
            totp_last_step: Set(None),
            last_login_at: Set(None),
            previous_login_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await?;
        let m = user::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let view = self.user_views(&txn, vec![m]).await?.remove(0);
        append(
            &txn,
            actor,
            AuditEvent::new("user.create")
                .object("user", id)
                .after(user_json(&view)),
        )
        .await?;
        txn.commit().await?;
        Ok((view, password))
    }

    pub async fn update_user(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &UserUpdate,
    ) -> Result<UserView> {
        let txn = self.tx().await?;
        let current = user::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        require_account_admin(actor, role_of(&current))?;
        require_account_admin(actor, input.role)?;
        let before = self
            .user_views(&txn, vec![current.clone()])
            .await?
            .remove(0);
        let mut v = Validator::new();
        let display_name = v.text("display_name", "姓名", &input.display_name, 1, 50);
        self.check_role_org(&txn, &mut v, input.role, input.org_id)
            .await?;
        let phone = self.check_phone(&mut v, input.phone.as_deref());
        if Some(id) == actor.user_id && input.role != role_of(&current) {
            v.error("role", "invalid", "不能修改自己的角色");
        }
        v.into_result().map_err(StoreError::Invalid)?;
        let phone_changed = input.phone.as_deref().is_none_or(|p| !p.contains('*'));
        let mut am: user::ActiveModel = current.into();
        am.display_name = Set(display_name);
        am.role = Set(input.role.code().into());
        am.org_id = Set(input.org_id);
        // A masked value sent back unchanged keeps the stored number.
        if phone_changed {
            am.phone_enc = Set(phone.map(|p| self.cipher().encrypt(&p)));
        }
        am.updated_at = Set(crate::now());
        let m = am.update(&txn).await?;
        // A changed role or unit takes effect at once: end the account's sessions.
        if before.role != input.role || before.org_id != input.org_id {
            session::Entity::delete_many()
                .filter(session::Column::UserId.eq(id))
                .exec(&txn)
                .await?;
        }
        let after = self.user_views(&txn, vec![m]).await?.remove(0);
        append(
            &txn,
            actor,
            AuditEvent::new("user.update")
                .object("user", id)
                .before(user_json(&before))
                .after(user_json(&after)),
        )
        .await?;
        txn.commit().await?;
        Ok(after)
    }

    pub async fn set_user_status(
        &self,
        actor: &Actor,
        id: Uuid,
        status: UserStatus,
    ) -> Result<UserView> {
        let txn = self.tx().await?;
        let current = user::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        require_account_admin(actor, role_of(&current))?;
        if Some(id) == actor.user_id && status == UserStatus::Disabled {
            return Err(StoreError::Conflict("不能停用自己的账号".into()));
        }
        let before = self
            .user_views(&txn, vec![current.clone()])
            .await?
            .remove(0);
        let mut am: user::ActiveModel = current.into();
        am.status = Set(status.code().into());
        am.updated_at = Set(crate::now());
        let m = am.update(&txn).await?;
        if status == UserStatus::Disabled {
            session::Entity::delete_many()
                .filter(session::Column::UserId.eq(id))
                .exec(&txn)
                .await?;
        }
        let after = self.user_views(&txn, vec![m]).await?.remove(0);
        let action = match status {
            UserStatus::Active => "user.enable",
            UserStatus::Disabled => "user.disable",
        };
        append(
            &txn,
            actor,
            AuditEvent::new(action)
                .object("user", id)
                .before(user_json(&before))
                .after(user_json(&after)),
        )
        .await?;
        txn.commit().await?;
        Ok(after)
    }

    /// Clears a lockout (security admin).
    pub async fn unlock_user(&self, actor: &Actor, id: Uuid) -> Result<UserView> {
        if !actor.scope.administers_accounts()
            || actor
                .role
                .is_some_and(|r| !r.has(anzhi_domain::Permission::UserRoleAdmin))
        {
            return Err(StoreError::Forbidden("只有安全管理员可以解锁账号".into()));
        }
        let txn = self.tx().await?;
        let current = user::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut am: user::ActiveModel = current.into();
        am.failed_logins = Set(0);
        am.locked_until = Set(None);
        am.updated_at = Set(crate::now());
        let m = am.update(&txn).await?;
        let after = self.user_views(&txn, vec![m]).await?.remove(0);
        append(
            &txn,
            actor,
            AuditEvent::new("user.unlock").object("user", id),
        )
        .await?;
        txn.commit().await?;
        Ok(after)
    }

    /// Sets a new random password that must be changed at next login, and ends the account's sessions.
    pub async fn reset_password(&self, actor: &Actor, id: Uuid) -> Result<String> {
        let txn = self.tx().await?;
        let current = user::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        require_account_admin(actor, role_of(&current))?;
        let password = generate_password();
        let hash =
            hash_password(&password).map_err(|_| StoreError::Conflict("密码哈希失败".into()))?;
        let mut am: user::ActiveModel = current.into();
        am.password_hash = Set(hash);
        am.must_change_password = Set(true);
        am.password_changed_at = Set(crate::now());
        am.failed_logins = Set(0);
        am.locked_until = Set(None);
        am.updated_at = Set(crate::now());
        am.update(&txn).await?;
        session::Entity::delete_many()
            .filter(session::Column::UserId.eq(id))
            .exec(&txn)
            .await?;
        append(
            &txn,
            actor,
            AuditEvent::new("user.reset_password").object("user", id),
        )
        .await?;
        txn.commit().await?;
        Ok(password)
    }

    // ---- authentication steps (before a scope exists) ----

    /// Looks up an account by login name for authentication.
    pub async fn auth_find_user(&self, username: &str) -> Result<Option<user::Model>> {
        Ok(user::Entity::find()
            .filter(user::Column::Username.eq(username.trim()))
            .one(self.r())
            .await?)
    }

    pub async fn auth_find_user_by_id(&self, id: Uuid) -> Result<Option<user::Model>> {
        Ok(user::Entity::find_by_id(id).one(self.r()).await?)
    }

    /// Counts a failed login; locks the account when the policy says so.
    /// Returns the lock's end when this failure locked it.
    pub async fn auth_record_failure(
        &self,
        actor: &Actor,
        user_id: Option<Uuid>,
        policy: &PasswordPolicy,
        reason: &str,
    ) -> Result<Option<DateTime<Utc>>> {
        let txn = self.tx().await?;
        let mut locked = None;
        if let Some(id) = user_id
            && let Some(m) = user::Entity::find_by_id(id).one(&txn).await?
        {
            let failures = m.failed_logins + 1;
            let mut am: user::ActiveModel = m.into();
            if failures >= policy.max_failures as i32 {
                let until = crate::now() + Duration::minutes(policy.lockout_minutes.into());
                am.locked_until = Set(Some(until));
                am.failed_logins = Set(0);
                locked = Some(until);
            } else {
                am.failed_logins = Set(failures);
            }
            am.update(&txn).await?;
        }
        let mut ev = AuditEvent::new("auth.login_failed")
            .result(Outcome::Failure)
            .detail(reason.to_string());
        if let Some(id) = user_id {
            ev = ev.object("user", id);
        }
        append(&txn, actor, ev).await?;
        if let (Some(until), Some(id)) = (locked, user_id) {
            append(
                &txn,
                actor,
                AuditEvent::new("auth.locked")
                    .object("user", id)
                    .result(Outcome::Failure)
                    .detail(format!(
                        "连续{}次登录失败，账号锁定至 {}",
                        policy.max_failures,
                        anzhi_domain::time::format_china(until)
                    )),
            )
            .await?;
        }
        txn.commit().await?;
        Ok(locked)
    }

    /// Changes a user's own password (the caller checked the old one and the policy).
    pub async fn auth_set_password(
        &self,
        actor: &Actor,
        user_id: Uuid,
        new_hash: String,
        keep_session: Option<Uuid>,
    ) -> Result<()> {
        let txn = self.tx().await?;
        let m = user::Entity::find_by_id(user_id)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut am: user::ActiveModel = m.into();
        am.password_hash = Set(new_hash);
        am.must_change_password = Set(false);
        am.password_changed_at = Set(crate::now());
        am.updated_at = Set(crate::now());
        am.update(&txn).await?;
        // Other sessions of the account end with the old password.
        let mut del = session::Entity::delete_many().filter(session::Column::UserId.eq(user_id));
        if let Some(keep) = keep_session {
            del = del.filter(session::Column::Id.ne(keep));
            session::Entity::update_many()
                .col_expr(
                    session::Column::Pending,
                    Expr::value(Option::<String>::None),
                )
                .filter(session::Column::Id.eq(keep))
                .filter(session::Column::Pending.eq("password_change"))
                .exec(&txn)
                .await?;
        }
        del.exec(&txn).await?;
        append(
            &txn,
            actor,
            AuditEvent::new("auth.password_change").object("user", user_id),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Stores (or clears) the user's confirmed TOTP secret.
    pub async fn auth_set_totp(
        &self,
        actor: &Actor,
        user_id: Uuid,
        secret: Option<&str>,
    ) -> Result<()> {
        let txn = self.tx().await?;
        let m = user::Entity::find_by_id(user_id)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut am: user::ActiveModel = m.into();
        am.totp_secret_enc = Set(secret.map(|s| self.cipher().encrypt(s)));
        am.totp_last_step = Set(None);
        am.updated_at = Set(crate::now());
        am.update(&txn).await?;
        let action = if secret.is_some() {
            "auth.totp_enable"
        } else {
            "auth.totp_disable"
        };
        append(&txn, actor, AuditEvent::new(action).object("user", user_id)).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Accepts a TOTP time step once: false when this or a later step was already used.
    pub async fn auth_use_totp_step(&self, user_id: Uuid, step: i64) -> Result<bool> {
        let txn = self.tx().await?;
        let n = user::Entity::update_many()
            .col_expr(user::Column::TotpLastStep, Expr::value(step))
            .filter(user::Column::Id.eq(user_id))
            .filter(
                Condition::any()
                    .add(user::Column::TotpLastStep.is_null())
                    .add(user::Column::TotpLastStep.lt(step)),
            )
            .exec(&txn)
            .await?
            .rows_affected;
        txn.commit().await?;
        Ok(n == 1)
    }

    /// Decrypts a user's TOTP secret.
    pub fn totp_secret(&self, m: &user::Model) -> Result<Option<String>> {
        match &m.totp_secret_enc {
            None => Ok(None),
            Some(enc) => self
                .cipher()
                .decrypt(enc)
                .map(Some)
                .map_err(|_| StoreError::Crypto),
        }
    }
}

fn user_json(v: &UserView) -> serde_json::Value {
    json!({
        "username": v.username, "display_name": v.display_name, "role": v.role,
        "org_id": v.org_id, "org_name": v.org_name, "phone": v.phone, "status": v.status,
    })
}
