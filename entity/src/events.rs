use sea_orm::entity::prelude::*;

/// One analytics event: recorded by the server as a side effect of what
/// people do (source SERVER) or reported by a client (`trackEvents`,
/// source CLIENT). Append-only; written in batches by the event queue.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: String,
    pub user_id: Option<i64>,
    /// What the event is about: a node kind (COURSE, THREAD, ...) and row id.
    pub subject_kind: Option<String>,
    pub subject_id: Option<i64>,
    pub source: String,
    /// JSON object, bounded in size.
    #[sea_orm(column_type = "Text", nullable)]
    pub props: Option<String>,
    pub occurred_at: DateTimeUtc,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
