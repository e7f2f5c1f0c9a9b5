use sea_orm::entity::prelude::*;

/// What a thread asks for: a question wants one accepted answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Kind {
    #[sea_orm(string_value = "QUESTION")]
    Question,
    #[sea_orm(string_value = "DISCUSSION")]
    Discussion,
}

/// A question or discussion, community-wide (`course_id` NULL) or in a course.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "threads")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub course_id: Option<i64>,
    pub author_id: i64,
    pub kind: Kind,
    pub title: String,
    /// Markdown as the author wrote it.
    pub body: String,
    /// The body rendered and sanitised, at write time.
    pub body_html: String,
    /// Upvotes minus downvotes.
    pub score: i64,
    pub upvotes: i64,
    pub downvotes: i64,
    /// Answers not deleted.
    pub answer_count: i64,
    /// Comments not deleted, on the thread and its answers.
    pub comment_count: i64,
    pub accepted_answer_id: Option<i64>,
    /// The HOT order's key (see `services::community::hot_rank`).
    pub hot_rank: f64,
    /// Creation, or the newest answer or comment.
    pub last_activity_at: DateTimeUtc,
    pub edited_at: Option<DateTimeUtc>,
    /// Set when the author deleted it: a tombstone, its answers stay.
    pub deleted_at: Option<DateTimeUtc>,
    /// Set while no new answers or comments are taken.
    pub locked_at: Option<DateTimeUtc>,
    /// Featured (精华) by a moderator; earns the author the featuring reward.
    pub featured_at: Option<DateTimeUtc>,
    pub featured_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
