use sea_orm::entity::prelude::*;

/// What auto-moderation does with a post containing a watched word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Action {
    /// Refuse the post (BAD_USER_INPUT); nothing is written.
    #[sea_orm(string_value = "BLOCK")]
    Block,
    /// Accept it hidden, as a queue item, until a moderator approves it.
    #[sea_orm(string_value = "HOLD")]
    Hold,
}

/// A word or phrase staff watch for (lower-cased, NFKC).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "watched_words")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub word: String,
    pub action: Action,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
