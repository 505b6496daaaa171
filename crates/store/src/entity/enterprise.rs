use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "enterprises")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub org_id: Uuid,
    pub category_id: Option<Uuid>,
    pub is_key: bool,
    pub address: Option<String>,
    pub longitude: Option<f64>,
    pub latitude: Option<f64>,
    pub legal_rep: Option<String>,
    pub principal: Option<String>,
    /// SM4-encrypted.
    pub principal_phone: Option<String>,
    /// `138****1234`, for lists (no decryption needed).
    pub principal_phone_masked: Option<String>,
    pub safety_manager: Option<String>,
    /// SM4-encrypted.
    pub safety_manager_phone: Option<String>,
    pub safety_manager_phone_masked: Option<String>,
    pub employees: Option<i64>,
    pub floor_area: Option<f64>,
    pub status: String,
    /// Completeness of the responsibility profile (0–100), kept with every review.
    pub profile_score: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
