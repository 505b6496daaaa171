use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "files")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub storage_key: String,
    pub name: String,
    pub kind: String,
    pub content_type: String,
    pub size: i64,
    pub sm3: String,
    pub org_id: Option<Uuid>,
    pub uploaded_by: Uuid,
    pub uploaded_at: DateTimeUtc,
    pub subject_kind: Option<String>,
    pub subject_id: Option<Uuid>,
    pub attached_at: Option<DateTimeUtc>,
    pub thumb_key: Option<String>,
    pub taken_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
