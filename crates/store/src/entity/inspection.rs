use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "inspections")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub plan_id: Option<Uuid>,
    pub campaign_id: Option<Uuid>,
    pub enterprise_id: Uuid,
    pub district_id: Uuid,
    pub inspector_id: Uuid,
    pub inspector_name: String,
    pub owner_org_id: Uuid,
    pub template_id: Uuid,
    pub template_version: i32,
    pub state: String,
    pub answers: String,
    pub due_on: Option<Date>,
    pub failed: i32,
    pub started_at: Option<DateTimeUtc>,
    pub finished_at: Option<DateTimeUtc>,
    pub accompanied_by: Option<String>,
    pub confirmed_by_name: Option<String>,
    pub confirmed_at: Option<DateTimeUtc>,
    pub confirm_comment: Option<String>,
    pub objection: Option<String>,
    pub cancel_reason: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
