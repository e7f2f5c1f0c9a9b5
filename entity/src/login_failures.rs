use sea_orm::entity::prelude::*;

/// A failed sign-in, kept in the database (not process memory) so that every
/// server instance enforces the same rate limit.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "login_failures")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The lower-cased login identifier that was tried (email or username).
    pub account_key: String,
    pub client_ip: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
