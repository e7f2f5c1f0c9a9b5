use sea_orm::entity::prelude::*;

/// A member active on a day (days since 1970-01-01 in the reporting time
/// zone), with what they did that day as bit flags and their previous
/// active day; maintained by the event writer in the batch's transaction.
/// The activity, retention and funnel metrics read this, never the raw
/// events.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "analytics_daily_users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    pub flags: i32,
    pub events: i32,
    /// The member's latest active day before `day` (None: the first).
    pub prev_day: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
