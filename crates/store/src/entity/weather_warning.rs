use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "weather_warnings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: String,
    pub colour: String,
    pub title: String,
    pub description: Option<String>,
    pub valid_from: DateTimeUtc,
    pub valid_to: DateTimeUtc,
    pub categories: String,
    pub actions: String,
    pub source: String,
    pub cap_identifier: Option<String>,
    pub cap_sender: Option<String>,
    pub cap_file_id: Option<Uuid>,
    pub created_by: Uuid,
    pub created_by_name: String,
    pub created_by_org: Uuid,
    pub created_at: DateTimeUtc,
    pub cancelled_at: Option<DateTimeUtc>,
    pub cancel_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
