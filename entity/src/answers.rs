use sea_orm::entity::prelude::*;

/// An answer to a thread.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "answers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub thread_id: i64,
    pub author_id: i64,
    pub body: String,
    pub body_html: String,
    /// The thread's accepted answer (mirrors `threads.accepted_answer_id`,
    /// so the answer order is an index scan).
    pub accepted: bool,
    pub score: i64,
    pub upvotes: i64,
    pub downvotes: i64,
    /// Comments not deleted.
    pub comment_count: i64,
    pub edited_at: Option<DateTimeUtc>,
    pub deleted_at: Option<DateTimeUtc>,
    /// Hidden from members until a moderator unhides it.
    pub hidden_at: Option<DateTimeUtc>,
    pub hidden_reason: Option<super::threads::HiddenReason>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
