use sea_orm::entity::prelude::*;

/// An A/B experiment. Variants and weights are fixed once created, so a
/// user's hash-based assignment never moves; `metric` is the event kind
/// that counts as a conversion.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "experiments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub key: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub description: Option<String>,
    /// JSON array of `{name, weight}`.
    #[sea_orm(column_type = "Text")]
    pub variants: String,
    pub metric: String,
    /// DRAFT, RUNNING or STOPPED.
    pub status: String,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub started_at: Option<DateTimeUtc>,
    pub stopped_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
