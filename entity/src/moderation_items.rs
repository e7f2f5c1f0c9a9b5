use sea_orm::entity::prelude::*;

/// What a queue item (or a report, or a log row) is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum TargetType {
    #[sea_orm(string_value = "THREAD")]
    Thread,
    #[sea_orm(string_value = "ANSWER")]
    Answer,
    #[sea_orm(string_value = "COMMENT")]
    Comment,
    #[sea_orm(string_value = "USER")]
    User,
    #[sea_orm(string_value = "COURSE")]
    Course,
    #[sea_orm(string_value = "REWARD_RULE")]
    RewardRule,
    #[sea_orm(string_value = "PAYOUT")]
    Payout,
    #[sea_orm(string_value = "WATCHED_WORD")]
    WatchedWord,
    #[sea_orm(string_value = "QUEUE_ITEM")]
    QueueItem,
}

/// How an item came into the queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Source {
    /// Members reported the target.
    #[sea_orm(string_value = "REPORTS")]
    Reports,
    /// Auto-moderation held a post with a watched word.
    #[sea_orm(string_value = "WATCHED_WORD")]
    WatchedWord,
    /// Auto-moderation held a Novice's post with links.
    #[sea_orm(string_value = "NOVICE_LINKS")]
    NoviceLinks,
    /// Two users who vote for each other (target: one, related: the other).
    #[sea_orm(string_value = "VOTE_RING")]
    VoteRing,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Status {
    #[sea_orm(string_value = "OPEN")]
    Open,
    #[sea_orm(string_value = "RESOLVED")]
    Resolved,
}

/// What the moderator did with an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Resolution {
    #[sea_orm(string_value = "DISMISS")]
    Dismiss,
    #[sea_orm(string_value = "HIDE_CONTENT")]
    HideContent,
    #[sea_orm(string_value = "DELETE_CONTENT")]
    DeleteContent,
    #[sea_orm(string_value = "WARN_USER")]
    WarnUser,
    #[sea_orm(string_value = "SUSPEND_USER")]
    SuspendUser,
}

/// One target's place in the moderation queue: its reports grouped, or a
/// post auto-moderation held, or a suspected vote ring.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "moderation_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub target_type: TargetType,
    pub target_id: i64,
    /// The other user of a VOTE_RING item.
    pub related_user_id: Option<i64>,
    pub source: Source,
    pub status: Status,
    /// The sum of its open reports' weights (see `services::moderation::reports`).
    pub weight: f64,
    pub report_count: i32,
    /// The reason most of its reports give.
    pub top_reason: Option<crate::reports::Reason>,
    /// What auto-moderation matched, or the vote counts of a ring.
    pub detail: Option<String>,
    /// Whether the reports' weight (or a hold) hid the target.
    pub auto_hidden: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub resolved_at: Option<DateTimeUtc>,
    pub resolved_by: Option<i64>,
    pub resolution: Option<Resolution>,
    pub resolution_note: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
