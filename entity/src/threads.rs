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

/// Where a pinned thread stays on top.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum PinScope {
    /// On top of its course's threads.
    #[sea_orm(string_value = "COURSE")]
    Course,
    /// On top of the community-wide list.
    #[sea_orm(string_value = "GLOBAL")]
    Global,
}

/// Why a post is hidden from members (threads, answers and comments alike).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
pub enum HiddenReason {
    /// A moderator (or the course's creator) hid it.
    #[sea_orm(string_value = "MODERATOR")]
    Moderator,
    /// Members reported it with enough weight; hidden until reviewed.
    #[sea_orm(string_value = "REPORTS")]
    Reports,
    /// Held by auto-moderation (a watched word, or a Novice's links)
    /// until a moderator approves it.
    #[sea_orm(string_value = "HELD")]
    Held,
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
    /// Pinned to the top of its list by a moderator (or the course's creator).
    pub pinned_at: Option<DateTimeUtc>,
    /// Where it is pinned: `COURSE` (its course's list) or `GLOBAL`.
    pub pin_scope: Option<PinScope>,
    pub pinned_by: Option<i64>,
    /// Hidden from members until a moderator unhides it (see `HiddenReason`).
    pub hidden_at: Option<DateTimeUtc>,
    pub hidden_reason: Option<HiddenReason>,
    /// Closed as a duplicate of this thread: it takes no new answers.
    pub duplicate_of_id: Option<i64>,
    /// Merged into this thread: a tombstone that redirects there.
    pub merged_into_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
