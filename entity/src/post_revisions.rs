use sea_orm::entity::prelude::*;

use crate::votes::PostKind;

/// A post as it was before an edit (staff read the history).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "post_revisions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub target_kind: PostKind,
    pub target_id: i64,
    /// Who made the edit that replaced this version.
    pub editor_id: i64,
    /// Threads only.
    pub title: Option<String>,
    pub body: String,
    /// When it was replaced.
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
