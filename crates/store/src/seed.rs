//! First-start defaults (the bureau's directory and groups, the first admin)
//! and the demo data of `--demo`.

use anzhi_domain::crypto::mask_phone;
use anzhi_domain::password::{generate_password, hash_password};
use anzhi_domain::validate::credit_code_check_char;
use anzhi_domain::{GroupRule, OrgKind, Role};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{AuditEvent, append};
use crate::entity::{org, org_alias, org_group, user};
use crate::users::UserStatus;
use crate::{Actor, Result, Store, StoreError};

pub const BUREAU: &str = "海口市商务局";
pub const DEMO_PASSWORD: &str = "Anzhi@2026";

/// (name, aliases) of the bureau's sections.
pub const SECTIONS: &[(&str, &[&str])] = &[
    ("办公室", &["局办公室"]),
    ("政策法规科", &["局政策法规科", "法规科"]),
    ("流通业发展科", &["局流通业发展科", "流通科"]),
    ("展览科", &["局展览科"]),
    ("网点办", &["局网点办"]),
];

/// (name, GB/T 2260 code, aliases) of the district bureaus.
pub const DISTRICTS: &[(&str, &str, &[&str])] = &[
    ("秀英区商务局", "460105", &["秀英区"]),
    ("龙华区商务局", "460106", &["龙华区"]),
    ("琼山区商务局", "460107", &["琼山区"]),
    ("美兰区商务局", "460108", &["美兰区"]),
];

pub const AGENCY: (&str, &[&str]) = ("海口市安全生产委员会办公室", &["市安委办", "海口市安委办"]);

/// The demo data's law-enforcement agency (referrals are addressed to it).
pub const DEMO_ENFORCEMENT: (&str, &[&str]) = ("海口市综合行政执法局", &["市综合执法局"]);

/// (name, aliases, rule) of the default groups for plan phrases.
pub const GROUPS: &[(&str, &[&str], GroupRule)] = &[
    (
        "各区商务局",
        &["区商务局", "各区", "各区商务部门"],
        GroupRule::Districts,
    ),
    (
        "局各相关科室",
        &[
            "各相关科室",
            "局各科室",
            "各科室",
            "局相关科室",
            "局机关各科室",
        ],
        GroupRule::Sections,
    ),
    (
        "各商贸企业",
        &["商贸企业", "各商贸行业企业", "商贸行业企业", "各有关企业"],
        GroupRule::Enterprises,
    ),
];

async fn insert_org<C: sea_orm::ConnectionTrait>(
    c: &C,
    name: &str,
    kind: OrgKind,
    parent: Option<Uuid>,
    code: Option<&str>,
    aliases: &[&str],
    sort: i32,
) -> Result<Uuid> {
    let id = Uuid::now_v7();
    let now = crate::now();
    org::ActiveModel {
        id: Set(id),
        name: Set(name.into()),
        kind: Set(kind.code().into()),
        parent_id: Set(parent),
        code: Set(code.map(str::to_string)),
        sort_order: Set(sort),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(c)
    .await?;
    if kind == OrgKind::Enterprise {
        crate::enterprises::index_name(c, id, name).await?;
    }
    for a in aliases {
        org_alias::ActiveModel {
            id: Set(Uuid::now_v7()),
            org_id: Set(id),
            alias: Set(a.to_string()),
        }
        .insert(c)
        .await?;
    }
    Ok(id)
}

impl Store {
    /// Creates the default directory and groups when the database has no units.
    /// Returns whether it did.
    pub async fn ensure_defaults(&self) -> Result<bool> {
        let txn = self.tx().await?;
        Self::ensure_categories(&txn).await?;
        Self::ensure_hazard_categories(&txn).await?;
        Self::ensure_builtin_templates(&txn).await?;
        crate::enterprises::backfill_grams(&txn).await?;
        if org::Entity::find().count(&txn).await? > 0 {
            txn.commit().await?;
            return Ok(false);
        }
        let bureau = insert_org(
            &txn,
            BUREAU,
            OrgKind::Bureau,
            None,
            Some("460100"),
            &["市商务局", "我局"],
            0,
        )
        .await?;
        for (i, (name, aliases)) in SECTIONS.iter().enumerate() {
            insert_org(
                &txn,
                name,
                OrgKind::Section,
                Some(bureau),
                None,
                aliases,
                i as i32 + 1,
            )
            .await?;
        }
        for (i, (name, code, aliases)) in DISTRICTS.iter().enumerate() {
            insert_org(
                &txn,
                name,
                OrgKind::District,
                Some(bureau),
                Some(code),
                aliases,
                100 + i as i32,
            )
            .await?;
        }
        insert_org(&txn, AGENCY.0, OrgKind::Agency, None, None, AGENCY.1, 200).await?;
        let now = crate::now();
        for (name, aliases, rule) in GROUPS {
            org_group::ActiveModel {
                id: Set(Uuid::now_v7()),
                name: Set(name.to_string()),
                aliases: Set(serde_json::to_string(aliases).unwrap_or_else(|_| "[]".into())),
                rule: Set(rule.code().into()),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(&txn)
            .await?;
        }
        append(
            &txn,
            &Actor::system(),
            AuditEvent::new("system.init").detail(
                "创建默认组织机构：海口市商务局及其科室、四个区商务局、市安委办，以及单位分组",
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(true)
    }

    /// The bureau (the first unit of kind bureau).
    pub async fn bureau_id(&self) -> Result<Uuid> {
        org::Entity::find()
            .filter(org::Column::Kind.eq(OrgKind::Bureau.code()))
            .one(self.r())
            .await?
            .map(|o| o.id)
            .ok_or(StoreError::NotFound)
    }

    /// With no accounts at all, creates `admin` (system admin). Returns the
    /// password when it was generated (to print once) or given.
    pub async fn ensure_initial_admin(&self, password: Option<&str>) -> Result<Option<String>> {
        if user::Entity::find().count(self.r()).await? > 0 {
            return Ok(None);
        }
        let bureau = self.bureau_id().await?;
        let password = password
            .map(str::to_string)
            .unwrap_or_else(generate_password);
        self.insert_user_internal(
            "admin",
            "系统管理员",
            Role::SystemAdmin,
            bureau,
            &password,
            true,
        )
        .await?;
        Ok(Some(password))
    }

    async fn insert_user_internal(
        &self,
        username: &str,
        display_name: &str,
        role: Role,
        org_id: Uuid,
        password: &str,
        must_change: bool,
    ) -> Result<Uuid> {
        let hash =
            hash_password(password).map_err(|_| StoreError::Conflict("密码哈希失败".into()))?;
        let txn = self.tx().await?;
        let id = Uuid::now_v7();
        let now = crate::now();
        user::ActiveModel {
            id: Set(id),
            username: Set(username.into()),
            display_name: Set(display_name.into()),
            role: Set(role.code().into()),
            org_id: Set(org_id),
            phone_enc: Set(None),
            password_hash: Set(hash),
            password_changed_at: Set(now),
            must_change_password: Set(must_change),
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
        append(
            &txn,
            &Actor::system(),
            AuditEvent::new("user.create")
                .object("user", id)
                .after(json!({"username": username, "display_name": display_name, "role": role, "org_id": org_id})),
        )
        .await?;
        txn.commit().await?;
        Ok(id)
    }

    /// `anzhi admin reset-password USER`: a new password to print, changed at next login.
    pub async fn admin_reset_password(&self, username: &str) -> Result<String> {
        let u = self
            .auth_find_user(username)
            .await?
            .ok_or(StoreError::NotFound)?;
        self.reset_password(&Actor::system(), u.id).await
    }

    /// Demo enterprises and the demo accounts (password `Anzhi@2026`, no forced
    /// change). Idempotent: does nothing when `sysadmin` exists.
    pub async fn seed_demo(&self) -> Result<bool> {
        if self.auth_find_user("sysadmin").await?.is_some() {
            return Ok(false);
        }
        let bureau = self.bureau_id().await?;
        let zhengfa = find_static(self, "政策法规科").await?;
        let agency = find_static(self, AGENCY.0).await?;
        let mut first_enterprise = std::collections::HashMap::new();
        let txn = self.tx().await?;
        // A law-enforcement agency that referrals (函送执法) are addressed to.
        let enforcement = insert_org(
            &txn,
            DEMO_ENFORCEMENT.0,
            OrgKind::Agency,
            None,
            None,
            DEMO_ENFORCEMENT.1,
            210,
        )
        .await?;
        let kinds = [
            "购物广场有限公司",
            "超市有限公司",
            "农贸市场管理有限公司",
            "餐饮管理有限公司",
            "石油销售有限公司",
        ];
        let places = ["椰城", "南海", "琼州", "滨海", "万绿"];
        let mut serial = 1u32;
        for (di, (dname, _, _)) in DISTRICTS.iter().enumerate() {
            let district = org::Entity::find()
                .filter(org::Column::Name.eq(*dname))
                .one(&txn)
                .await?
                .ok_or(StoreError::NotFound)?
                .id;
            let short = &dname[..dname
                .find("区")
                .map(|i| i + "区".len())
                .unwrap_or(dname.len())];
            for (ki, kind) in kinds.iter().enumerate() {
                let name = format!(
                    "海口{}{}{}",
                    short.trim_end_matches('区'),
                    places[(di + ki) % places.len()],
                    kind
                );
                let head = format!("914601{:02}MA5T{:05}", 5 + di, serial);
                serial += 1;
                let code = credit_code_check_char(&head).map(|c| format!("{head}{c}"));
                let id = insert_org(
                    &txn,
                    &name,
                    OrgKind::Enterprise,
                    Some(district),
                    code.as_deref(),
                    &[],
                    ki as i32,
                )
                .await?;
                first_enterprise.entry(*dname).or_insert(id);
                let category = [
                    "大型商业综合体/商场",
                    "超市",
                    "农贸市场",
                    "餐饮",
                    "成品油零售",
                ][ki];
                let category_id = crate::entity::industry_category::Entity::find()
                    .filter(crate::entity::industry_category::Column::Name.eq(category))
                    .one(&txn)
                    .await?
                    .map(|c| c.id);
                let phone = format!("1389876{:04}", serial);
                crate::entity::enterprise::ActiveModel {
                    org_id: Set(id),
                    category_id: Set(category_id),
                    is_key: Set(ki == 0 || ki == 4),
                    address: Set(Some(format!(
                        "海口市{short}{}路{}号",
                        places[ki],
                        serial * 7
                    ))),
                    longitude: Set(None),
                    latitude: Set(None),
                    legal_rep: Set(Some(format!("{}总", ["王", "李", "张", "刘", "陈"][ki]))),
                    principal: Set(Some(format!("{}经理", ["周", "吴", "郑", "冯", "蒋"][di]))),
                    principal_phone: Set(Some(self.cipher().encrypt(&phone))),
                    principal_phone_masked: Set(Some(mask_phone(&phone))),
                    safety_manager: Set(Some("安全员".into())),
                    safety_manager_phone: Set(None),
                    safety_manager_phone_masked: Set(None),
                    employees: Set(Some(20 + 15 * i64::from(serial))),
                    floor_area: Set(Some(1000.0 + 250.0 * f64::from(serial))),
                    status: Set("operating".into()),
                    profile_score: Set(0),
                    updated_at: Set(crate::now()),
                }
                .insert(&txn)
                .await?;
            }
        }
        append(
            &txn,
            &Actor::system(),
            AuditEvent::new("org.create").detail("创建演示企业 20 家"),
        )
        .await?;
        txn.commit().await?;
        let accounts: Vec<(&str, &str, Role, Uuid)> = vec![
            ("sysadmin", "系统管理员（演示）", Role::SystemAdmin, bureau),
            (
                "secadmin",
                "安全管理员（演示）",
                Role::SecurityAdmin,
                bureau,
            ),
            ("auditadmin", "审计管理员（演示）", Role::AuditAdmin, bureau),
            ("leader", "王局长", Role::Leader, bureau),
            ("zhengfa", "李科长", Role::SectionStaff, zhengfa),
            (
                "xiuying",
                "陈专干",
                Role::DistrictStaff,
                find_static(self, "秀英区商务局").await?,
            ),
            (
                "meilan",
                "林专干",
                Role::DistrictStaff,
                find_static(self, "美兰区商务局").await?,
            ),
            (
                "qiye1",
                "秀英企业安全员",
                Role::EnterpriseUser,
                *first_enterprise
                    .get("秀英区商务局")
                    .ok_or(StoreError::NotFound)?,
            ),
            (
                "qiye2",
                "美兰企业安全员",
                Role::EnterpriseUser,
                *first_enterprise
                    .get("美兰区商务局")
                    .ok_or(StoreError::NotFound)?,
            ),
            ("anweiban", "市安委办联络员", Role::AgencyUser, agency),
            ("zhifa", "综合执法局联络员", Role::AgencyUser, enforcement),
        ];
        for (username, name, role, org_id) in accounts {
            self.insert_user_internal(username, name, role, org_id, DEMO_PASSWORD, false)
                .await?;
        }
        Ok(true)
    }
}

async fn find_static(store: &Store, name: &str) -> Result<Uuid> {
    org::Entity::find()
        .filter(org::Column::Name.eq(name))
        .one(store.r())
        .await?
        .map(|o| o.id)
        .ok_or(StoreError::NotFound)
}
