use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "weather_acks")]
pub struct Model {
    /// The subject id of the photos reported with it.
    pub id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub warning_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub enterprise_id: Uuid,
    pub district_id: Uuid,
    pub state: String,
    pub acknowledged_at: Option<DateTimeUtc>,
    pub acknowledged_by_name: Option<String>,
    pub reported_at: Option<DateTimeUtc>,
    pub done: Option<String>,
    pub note: Option<String>,
    pub reminders_sent: i32,
    pub last_reminded_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
