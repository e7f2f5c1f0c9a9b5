use sea_orm::entity::prelude::*;

/// Points a member gained (positive ledger rows only) in a UTC month
/// (`year * 12 + month - 1`): an upper bound on their net points in any
/// range inside it. Kept by the ledger with each row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "analytics_reward_months")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub month: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    pub gained: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
