use sea_orm::entity::prelude::*;

/// A comment on a thread (`answer_id` NULL) or on one of its answers.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "comments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub thread_id: i64,
    pub answer_id: Option<i64>,
    pub author_id: i64,
    pub body: String,
    pub body_html: String,
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
