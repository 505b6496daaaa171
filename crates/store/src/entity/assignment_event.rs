use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "assignment_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub assignment_id: Uuid,
    pub task_id: Uuid,
    pub action: String,
    pub actor_id: Option<Uuid>,
    pub actor_name: String,
    pub org_name: String,
    pub at: DateTimeUtc,
    pub text: Option<String>,
    pub percent: Option<i32>,
    pub reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
