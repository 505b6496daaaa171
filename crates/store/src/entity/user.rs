use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub org_id: Uuid,
    /// SM4-encrypted phone number.
    pub phone_enc: Option<String>,
    pub password_hash: String,
    pub password_changed_at: DateTimeUtc,
    pub must_change_password: bool,
    pub status: String,
    pub failed_logins: i32,
    pub locked_until: Option<DateTimeUtc>,
    /// SM4-encrypted TOTP secret (base32), set once enabled.
    pub totp_secret_enc: Option<String>,
    /// The last accepted TOTP time step (a code is accepted once).
    pub totp_last_step: Option<i64>,
    /// This login.
    pub last_login_at: Option<DateTimeUtc>,
    /// The login before this one (shown to the user at sign-in, 等保 2.0).
    pub previous_login_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
