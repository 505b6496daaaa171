use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "drill_evaluations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub enterprise_id: Uuid,
    pub district_id: Uuid,
    pub plan_id: Option<Uuid>,
    pub drill_id: Option<Uuid>,
    pub scores: String,
    pub problems: String,
    pub total: f64,
    pub result: String,
    pub comment: Option<String>,
    pub hazards: String,
    pub evaluated_by_name: String,
    pub evaluated_org: Uuid,
    pub evaluated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
