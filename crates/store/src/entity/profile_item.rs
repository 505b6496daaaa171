use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "profile_items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub enterprise_id: Uuid,
    pub item: String,
    /// The item's fields as JSON (phones inside are SM4-encrypted).
    pub data: String,
    pub state: String,
    pub updated_by_name: String,
    pub updated_at: DateTimeUtc,
    pub submitted_at: Option<DateTimeUtc>,
    pub reviewed_by_name: Option<String>,
    pub reviewed_at: Option<DateTimeUtc>,
    pub review_comment: Option<String>,
    /// For 安全生产标准化: the certificate's expiry (reminders).
    pub expires_on: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
