use sea_orm::entity::prelude::*;

/// One recommended item shown in one served list. The id (a UUID) is made
/// when the list is served, so the client can report a click before the
/// batch writer has stored the row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "recommendation_impressions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// None: an anonymous viewer.
    pub user_id: Option<i64>,
    /// The list: `COURSES`, `THREADS`, `SIMILAR_COURSES`, `SIMILAR_USERS`.
    pub surface: String,
    /// None: the popularity fallback served it.
    pub model_id: Option<i64>,
    /// `CONTROL`, `CHALLENGER` or `FALLBACK`.
    pub variant: String,
    /// `COURSE`, `THREAD` or `USER`.
    pub item_type: String,
    pub item_id: i64,
    /// 1-based rank in the list.
    pub position: i32,
    /// The explanation kind shown with it.
    pub explanation: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
