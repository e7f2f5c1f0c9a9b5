use sea_orm::entity::prelude::*;

/// An award, or the reversal of one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(8))")]
pub enum Entry {
    #[sea_orm(string_value = "AWARD")]
    Award,
    #[sea_orm(string_value = "REVERSAL")]
    Reversal,
}

/// What an award is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum SourceKind {
    #[sea_orm(string_value = "USER")]
    User,
    #[sea_orm(string_value = "THREAD")]
    Thread,
    #[sea_orm(string_value = "ANSWER")]
    Answer,
    #[sea_orm(string_value = "ENROLLMENT")]
    Enrollment,
    #[sea_orm(string_value = "REVIEW")]
    Review,
}

/// One row of the points ledger: appended, never updated or deleted. A
/// user's `points` is the sum of their rows.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reward_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Whose balance moves.
    pub user_id: i64,
    /// The rule's key.
    pub rule: String,
    pub entry: Entry,
    /// One award and its reversal share a cycle; awarding again after a
    /// reversal starts the next one.
    pub cycle: i32,
    /// Credited: the rule's points after the daily cap and the floor.
    pub points: i32,
    /// What the rule said at the time.
    pub rule_points: i32,
    pub source_kind: SourceKind,
    pub source_id: i64,
    /// Who caused it (the voter, the learner, the moderator; the user
    /// themselves for sign-up).
    pub actor_id: i64,
    /// Context for filters: the thread or course the source belongs to.
    pub thread_id: Option<i64>,
    pub course_id: Option<i64>,
    /// For reversals, the award they compensate.
    pub reverses_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
