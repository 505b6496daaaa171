use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "assignments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub task_id: Uuid,
    pub campaign_id: Uuid,
    pub org_id: Uuid,
    /// The district the unit belongs to (itself for a district bureau, the parent of an
    /// enterprise), for district scope.
    pub district_id: Option<Uuid>,
    /// 0 for a one-off task; 1.. for the reporting periods of a recurring task.
    pub period_seq: i32,
    pub period_start: Option<Date>,
    /// The period's last day: the assignment's own deadline.
    pub period_end: Option<Date>,
    pub period_label: Option<String>,
    pub state: String,
    pub percent: i32,
    pub latest_report: Option<String>,
    /// The unit's kind (an `OrgKind` code), for the board's per-kind figures and lists.
    pub org_kind: String,
    /// The assignment's deadline (its period's end, else the task's) while it is not
    /// completed; None once completed. The board's overdue list walks it in order.
    pub open_due: Option<Date>,
    /// When it was last accepted (None unless completed).
    pub accepted_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
