use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "hazard_tally")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub district_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub month: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub category_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub level: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub source: String,
    pub found: i64,
    pub closed: i64,
    pub close_days: i64,
    pub on_spot: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
