use sea_orm::entity::prelude::*;

pub use crate::moderation_items::TargetType;

/// One moderation or staff action, appended and never changed.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "moderation_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Who acted; None for auto-moderation.
    pub actor_id: Option<i64>,
    /// What was done (`services::moderation::log::Action`).
    pub action: String,
    pub target_type: TargetType,
    pub target_id: i64,
    pub reason: Option<String>,
    /// A JSON summary of the target before and after the action.
    pub before: Option<String>,
    pub after: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
