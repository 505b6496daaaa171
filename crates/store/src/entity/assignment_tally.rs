use sea_orm::entity::prelude::*;

/// Running counts of a campaign's assignments per task, unit kind, district, reporting
/// period, state and month accepted, kept in the transaction of every assignment write:
/// the board and the cockpit read a few hundred rows, not every assignment.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "assignment_tally")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub task_id: Uuid,
    /// An `OrgKind` code.
    #[sea_orm(primary_key, auto_increment = false)]
    pub org_kind: String,
    /// The unit's district; `Uuid::nil()` for units outside any district.
    #[sea_orm(primary_key, auto_increment = false)]
    pub district_id: Uuid,
    /// The period's last day (`YYYY-MM-DD`), '' for a one-off task (the task's deadline).
    #[sea_orm(primary_key, auto_increment = false)]
    pub period_end: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub state: String,
    /// `YYYY-MM` of the acceptance (China time), '' unless completed.
    #[sea_orm(primary_key, auto_increment = false)]
    pub accepted_month: String,
    pub campaign_id: Uuid,
    pub n: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
