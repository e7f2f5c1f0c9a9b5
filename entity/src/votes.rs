use sea_orm::entity::prelude::*;

/// The kinds of post: threads and answers take votes; all three keep an
/// edit history.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum PostKind {
    #[sea_orm(string_value = "THREAD")]
    Thread,
    #[sea_orm(string_value = "ANSWER")]
    Answer,
    #[sea_orm(string_value = "COMMENT")]
    Comment,
}

/// One user's vote on a thread or answer: +1 or −1; no row means no vote.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "votes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub target_kind: PostKind,
    #[sea_orm(primary_key, auto_increment = false)]
    pub target_id: i64,
    pub value: i16,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
