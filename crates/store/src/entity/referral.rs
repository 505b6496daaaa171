use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "referrals")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub number: Option<String>,
    pub year: i32,
    pub seq: Option<i32>,
    pub enterprise_id: Uuid,
    pub district_id: Option<Uuid>,
    pub agency_id: Uuid,
    pub from_org_id: Uuid,
    pub source: String,
    pub hazard_id: Option<Uuid>,
    pub inspection_id: Option<Uuid>,
    pub violation: String,
    pub legal_basis: String,
    pub evidence: String,
    pub requested_action: String,
    pub reply_by: Option<Date>,
    pub contact_name: String,
    pub contact_phone: String,
    pub state: String,
    pub action: Option<String>,
    pub result: Option<String>,
    pub penalty: Option<String>,
    pub sent_at: Option<DateTimeUtc>,
    pub received_at: Option<DateTimeUtc>,
    pub concluded_at: Option<DateTimeUtc>,
    pub last_event_on: Option<Date>,
    pub created_by_name: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
