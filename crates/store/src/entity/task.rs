use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "tasks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub seq: i32,
    pub section: String,
    pub section_number: String,
    pub number: String,
    pub text: String,
    pub deadline_text: Option<String>,
    pub deadline_kind: Option<String>,
    pub deadline_start: Option<Date>,
    pub deadline_end: Option<Date>,
    /// For recurring tasks: weekly, monthly, quarterly, half_yearly, yearly.
    pub period: Option<String>,
    /// JSON array of the lead phrases as written.
    pub lead_phrases: String,
    /// JSON array of the responsible phrases as written.
    pub responsible_phrases: String,
    /// Rolled up from the assignments in the same transaction as each change.
    pub status: String,
    pub assignment_count: i32,
    pub completed_count: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
