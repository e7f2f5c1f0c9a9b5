use sea_orm::entity::prelude::*;

/// Which model is served, appended on every change: the newest row wins on
/// every instance. With a challenger, that share of users (by a stable hash
/// of the experiment key and the user) is served the challenger instead.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "recommender_activations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub model_id: i64,
    pub challenger_id: Option<i64>,
    /// 0..1 of users served the challenger.
    pub challenger_share: f64,
    pub experiment_key: Option<String>,
    /// None: activated by the training run itself (schedule or CLI).
    pub activated_by: Option<i64>,
    pub activated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
