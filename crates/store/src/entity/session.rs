use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// SM3 of the cookie token; the token itself is never stored.
    pub token_hash: String,
    pub user_id: Uuid,
    pub csrf_token: String,
    /// "password_change" | "totp_setup" while the session is restricted.
    pub pending: Option<String>,
    /// SM4-encrypted TOTP secret being set up, before it is confirmed.
    pub totp_pending_enc: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub created_at: DateTimeUtc,
    pub last_seen_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
