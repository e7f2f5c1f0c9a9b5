use sea_orm::entity::prelude::*;

/// Points ledger totals per day (days since 1970-01-01 in the reporting time
/// zone), rule and shard (user id mod 8); kept by the ledger in the
/// transaction that appends each row. `rewardMetrics` reads this.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "analytics_reward_days")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub rule: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub shard: i32,
    /// Points of award rows.
    pub issued: i64,
    /// Points taken back by reversal rows, as a positive number.
    pub reversed: i64,
    /// Rows.
    pub entries: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
