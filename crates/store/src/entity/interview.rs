use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "interviews")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: String,
    pub org_id: Uuid,
    pub district_id: Option<Uuid>,
    pub held_on: Date,
    pub reason: String,
    pub interviewer: String,
    pub attendees: String,
    pub commitments: String,
    pub channel: Option<String>,
    pub follow_up_on: Option<Date>,
    pub follow_up_done_at: Option<DateTimeUtc>,
    pub follow_up_note: Option<String>,
    pub recorded_by_org_id: Uuid,
    pub recorded_by_name: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
