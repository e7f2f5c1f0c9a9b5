use sea_orm::entity::prelude::*;

/// Staff's certification of a creator as an expert in some tags. Rows stay
/// after revocation: with their actors they are the log.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "certifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub note: String,
    pub granted_by: i64,
    pub granted_at: DateTimeUtc,
    pub revoked_by: Option<i64>,
    pub revoked_at: Option<DateTimeUtc>,
    pub revoke_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
