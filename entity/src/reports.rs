use sea_orm::entity::prelude::*;

pub use crate::moderation_items::TargetType;

/// Why a member reports something.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Reason {
    #[sea_orm(string_value = "SPAM")]
    Spam,
    #[sea_orm(string_value = "ABUSIVE")]
    Abusive,
    #[sea_orm(string_value = "OFF_TOPIC")]
    OffTopic,
    #[sea_orm(string_value = "LOW_QUALITY")]
    LowQuality,
    #[sea_orm(string_value = "OTHER")]
    Other,
}

/// OPEN until its item is resolved; then UPHELD (the moderator acted) or
/// DISMISSED, which is what a reporter's accuracy is computed from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Status {
    #[sea_orm(string_value = "OPEN")]
    Open,
    #[sea_orm(string_value = "UPHELD")]
    Upheld,
    #[sea_orm(string_value = "DISMISSED")]
    Dismissed,
}

/// A member's report (flag) of a thread, answer, comment or user.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "reports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The queue item it is grouped into.
    pub item_id: i64,
    pub reporter_id: i64,
    pub target_type: TargetType,
    pub target_id: i64,
    pub reason: Reason,
    pub note: Option<String>,
    /// The reporter's weight when they reported.
    pub weight: f64,
    pub status: Status,
    pub created_at: DateTimeUtc,
    pub resolved_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
