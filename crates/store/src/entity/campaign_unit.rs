use sea_orm::entity::prelude::*;

/// One responsible unit of a campaign with its assignment counts, kept in the
/// transaction of every assignment write: the board pages a district's thousands of
/// enterprises from here instead of reading their assignments.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "campaign_units")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub campaign_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub org_id: Uuid,
    pub org_kind: String,
    pub district_id: Option<Uuid>,
    pub assignments: i32,
    pub completed: i32,
    /// assignments − completed: the board lists the units with most left first.
    pub pending: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
