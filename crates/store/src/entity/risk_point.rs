use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "risk_points")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub enterprise_id: Uuid,
    pub district_id: Uuid,
    pub name: String,
    pub kind: String,
    pub location: Option<String>,
    pub hazard_factors: String,
    pub accident_types: String,
    pub method: String,
    pub l: f64,
    pub e: Option<f64>,
    pub c: Option<f64>,
    pub s: Option<f64>,
    pub score: f64,
    pub grade: String,
    pub measures: String,
    pub control_tier: String,
    pub responsible: String,
    pub responsible_phone: Option<String>,
    pub reassess_on: Date,
    pub assessed_on: Date,
    pub assessed_by: Uuid,
    pub assessed_by_name: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
