use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "hazards")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub code: String,
    pub enterprise_id: Uuid,
    pub district_id: Uuid,
    pub source: String,
    pub category_id: Uuid,
    pub level: String,
    pub state: String,
    pub description: String,
    pub location: Option<String>,
    pub found_on: Date,
    pub found_by: Option<String>,
    pub measures: Option<String>,
    pub responsible: Option<String>,
    pub deadline: Date,
    pub funds: Option<f64>,
    pub fixed_on_spot: bool,
    pub self_check_id: Option<Uuid>,
    pub supervision_kind: Option<String>,
    pub supervision_org_id: Option<Uuid>,
    pub supervised_by_name: Option<String>,
    pub supervised_at: Option<DateTimeUtc>,
    pub supervision_deadline: Option<Date>,
    pub supervision_note: Option<String>,
    pub plan: Option<String>,
    pub plan_at: Option<DateTimeUtc>,
    pub rectified_note: Option<String>,
    pub funds_spent: Option<f64>,
    pub submitted_at: Option<DateTimeUtc>,
    pub verified_by_name: Option<String>,
    pub verified_by_org: Option<Uuid>,
    pub closed_at: Option<DateTimeUtc>,
    pub closed_on: Option<Date>,
    pub returns: i32,
    pub created_by: Uuid,
    pub created_by_name: String,
    pub created_by_org: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub inspection_id: Option<Uuid>,
    pub inspection_item: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
