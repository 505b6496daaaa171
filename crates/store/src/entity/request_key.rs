use sea_orm::entity::prelude::*;

/// A client's key for one submission (the `Idempotency-Key` header) and the record it
/// created: a retry of that submission, after a lost answer or a server that died
/// after committing, is answered with this record instead of making a second one.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "request_keys")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    /// What the submission created: "hazard" | "assignment_event".
    pub kind: String,
    pub subject_id: Uuid,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
