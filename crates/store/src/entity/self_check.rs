use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "self_checks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub enterprise_id: Uuid,
    pub district_id: Uuid,
    pub checked_on: Date,
    pub scope: String,
    pub inspectors: String,
    pub items: String,
    pub no_hazards: bool,
    pub hazards_found: i32,
    pub fixed_on_spot: i32,
    pub note: Option<String>,
    pub created_by: Uuid,
    pub created_by_name: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
