use sea_orm::entity::prelude::*;

/// Points an administrator added or took by hand; the ledger row it wrote
/// is `reward_event_id` (none when the floor left nothing to take).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "point_adjustments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub actor_id: i64,
    /// What was asked for.
    pub points: i32,
    /// What the balance changed by (a deduction stops at the floor).
    pub credited: i32,
    pub reason: String,
    pub idempotency_key: String,
    pub reward_event_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
