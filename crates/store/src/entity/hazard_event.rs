use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "hazard_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub hazard_id: Uuid,
    pub action: String,
    pub from_state: Option<String>,
    pub to_state: String,
    pub comment: Option<String>,
    pub data: Option<String>,
    pub actor_id: Uuid,
    pub actor_name: String,
    pub actor_org_id: Option<Uuid>,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
