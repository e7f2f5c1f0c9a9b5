use sea_orm::entity::prelude::*;

/// How many points an event earns; data, edited by admins. Editing a rule
/// never rewrites the ledger: each row records the points it was given.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reward_rules")]
pub struct Model {
    /// e.g. `ANSWER_UPVOTED`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    pub points: i32,
    pub enabled: bool,
    /// Counts toward the daily cap on points from votes.
    pub capped: bool,
    pub description: String,
    pub updated_at: DateTimeUtc,
    pub updated_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
