use sea_orm::entity::prelude::*;

/// Two users (`user_a < user_b`) whose votes for each other exceeded the
/// configured share of their votes within 30 days; their votes for each
/// other earn nothing.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "vote_ring_suspects")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_a: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_b: i64,
    pub votes_a_to_b: i64,
    pub votes_b_to_a: i64,
    pub votes_of_a: i64,
    pub votes_of_b: i64,
    pub detected_at: DateTimeUtc,
    pub last_seen_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
