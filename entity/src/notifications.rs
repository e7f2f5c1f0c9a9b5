use sea_orm::entity::prelude::*;

/// Why a user is told.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
pub enum Kind {
    /// Someone answered the user's thread.
    #[sea_orm(string_value = "NEW_ANSWER")]
    NewAnswer,
    /// The thread's author accepted the user's answer.
    #[sea_orm(string_value = "ANSWER_ACCEPTED")]
    AnswerAccepted,
    /// Someone commented on the user's thread or answer.
    #[sea_orm(string_value = "NEW_COMMENT")]
    NewComment,
    /// Someone wrote @username.
    #[sea_orm(string_value = "MENTION")]
    Mention,
    /// New activity on a thread, tag or user the user follows.
    #[sea_orm(string_value = "FOLLOWED_ACTIVITY")]
    FollowedActivity,
    /// The user reached a new level.
    #[sea_orm(string_value = "LEVEL_UP")]
    LevelUp,
    /// The user earned a badge.
    #[sea_orm(string_value = "BADGE_AWARDED")]
    BadgeAwarded,
    /// A moderator acted on the user's post or account (`detail` names the
    /// action, e.g. HIDE_CONTENT, LOCK, WARN_USER).
    #[sea_orm(string_value = "MODERATION")]
    Moderation,
    /// A report the user made was resolved (`detail`: UPHELD or DISMISSED).
    #[sea_orm(string_value = "REPORT_RESOLVED")]
    ReportResolved,
}

/// Something a user is told about; written in the transaction of its cause.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The recipient.
    pub user_id: i64,
    pub kind: Kind,
    /// Who caused it.
    pub actor_id: Option<i64>,
    pub thread_id: Option<i64>,
    pub answer_id: Option<i64>,
    pub comment_id: Option<i64>,
    /// The level for LEVEL_UP, the badge key for BADGE_AWARDED, the action
    /// for MODERATION, the outcome for REPORT_RESOLVED.
    pub detail: Option<String>,
    pub read_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
