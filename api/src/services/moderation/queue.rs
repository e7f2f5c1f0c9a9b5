//! The moderation queue as staff read it: items, their reports, and the
//! history of the user an item is about.

use entity::{
    moderation_items::{self, Source, Status, TargetType},
    reports::{self, Reason},
};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, FromQueryResult, QueryFilter, Statement,
    sea_query::{Expr, Query},
};

use super::log::Action;
use crate::{
    error::{ApiError, ApiResult},
    services::{
        Db,
        community::visibility::Post,
        pagination::{KeyValue, KeysetOrder, Page, PageRequest, SortKey, paginate},
        search::query::placeholders,
    },
};

/// Which items to list; all given conditions must hold.
#[derive(Debug, Clone)]
pub struct QueueFilter {
    pub status: Status,
    /// Items with at least one report giving this reason.
    pub reason: Option<Reason>,
    pub target_type: Option<TargetType>,
    pub source: Option<Source>,
}

impl Default for QueueFilter {
    fn default() -> Self {
        QueueFilter {
            status: Status::Open,
            reason: None,
            target_type: None,
            source: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueueOrder {
    /// Heaviest first (then newest).
    #[default]
    Weight,
    Oldest,
    Newest,
}

fn id_key(desc: bool) -> SortKey<moderation_items::Model> {
    let expr = Expr::col((moderation_items::Entity, moderation_items::Column::Id));
    let value = |i: &moderation_items::Model| KeyValue::Int(i.id);
    if desc {
        SortKey::desc(expr, value)
    } else {
        SortKey::asc(expr, value)
    }
}

/// The queue (the caller checks the viewer is staff).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn list(
    db: &impl Db,
    filter: QueueFilter,
    order: QueueOrder,
    page: PageRequest,
) -> ApiResult<Page<moderation_items::Model>> {
    use moderation_items::{Column, Entity};
    let mut condition = Condition::all().add(Column::Status.eq(filter.status));
    if let Some(target_type) = filter.target_type {
        condition = condition.add(Column::TargetType.eq(target_type));
    }
    if let Some(source) = filter.source {
        condition = condition.add(Column::Source.eq(source));
    }
    if let Some(reason) = filter.reason {
        let with_reason = Query::select()
            .column(reports::Column::ItemId)
            .from(reports::Entity)
            .and_where(reports::Column::Reason.eq(reason))
            .to_owned();
        condition = condition.add(Column::Id.in_subquery(with_reason));
    }
    let order = match order {
        QueueOrder::Weight => KeysetOrder::new(
            "moderation_queue.weight",
            vec![
                SortKey::desc(
                    Expr::col((Entity, Column::Weight)),
                    |i: &moderation_items::Model| KeyValue::Float(i.weight),
                ),
                id_key(true),
            ],
        ),
        QueueOrder::Oldest => KeysetOrder::new("moderation_queue.oldest", vec![id_key(false)]),
        QueueOrder::Newest => KeysetOrder::new("moderation_queue.newest", vec![id_key(true)]),
    };
    paginate(db, Entity::find().filter(condition), &order, &page).await
}

/// One item, or NOT_FOUND.
pub async fn find(db: &impl Db, id: i64) -> ApiResult<moderation_items::Model> {
    moderation_items::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("moderation item"))
}

/// An item's reports, oldest first.
pub async fn reports_of(
    db: &impl Db,
    item_id: i64,
    page: PageRequest,
) -> ApiResult<Page<reports::Model>> {
    let order = KeysetOrder::new(
        "moderation_item.reports",
        vec![SortKey::asc(
            Expr::col((reports::Entity, reports::Column::Id)),
            |r: &reports::Model| KeyValue::Int(r.id),
        )],
    );
    let query = reports::Entity::find().filter(reports::Column::ItemId.eq(item_id));
    paginate(db, query, &order, &page).await
}

/// The user an item is about: the target user, or the post's author.
pub async fn subject_user(db: &impl Db, item: &moderation_items::Model) -> ApiResult<Option<i64>> {
    use entity::votes::PostKind;
    let kind = match item.target_type {
        TargetType::User => return Ok(Some(item.target_id)),
        TargetType::Thread => PostKind::Thread,
        TargetType::Answer => PostKind::Answer,
        TargetType::Comment => PostKind::Comment,
        _ => return Ok(None),
    };
    match Post::load(db, kind, item.target_id).await {
        Ok(post) => Ok(Some(post.author_id())),
        Err(ApiError::NotFound(_)) => Ok(None),
        Err(err) => Err(err),
    }
}

/// A summary of what a user did and what was done about it.
#[derive(Debug, Clone, Default, PartialEq, Eq, FromQueryResult)]
pub struct AuthorHistory {
    pub threads: i64,
    pub answers: i64,
    pub comments: i64,
    /// Their posts hidden now (by moderators, reports or holds).
    pub hidden_posts: i64,
    /// Upheld reports against them or their posts.
    pub upheld_reports: i64,
    /// Times they were suspended (from the moderation log).
    pub suspensions: i64,
}

/// The history of one user, counted in one statement.
pub async fn author_history(db: &impl Db, user_id: i64) -> ApiResult<AuthorHistory> {
    let backend = db.get_database_backend();
    let sql = placeholders(
        backend,
        "SELECT \
           (SELECT COUNT(*) FROM threads WHERE author_id = ?) AS threads, \
           (SELECT COUNT(*) FROM answers WHERE author_id = ?) AS answers, \
           (SELECT COUNT(*) FROM comments WHERE author_id = ?) AS comments, \
           (SELECT COUNT(*) FROM threads WHERE author_id = ? AND hidden_at IS NOT NULL) + \
           (SELECT COUNT(*) FROM answers WHERE author_id = ? AND hidden_at IS NOT NULL) + \
           (SELECT COUNT(*) FROM comments WHERE author_id = ? AND hidden_at IS NOT NULL) \
             AS hidden_posts, \
           (SELECT COUNT(*) FROM reports r WHERE r.status = 'UPHELD' AND ( \
              (r.target_type = 'USER' AND r.target_id = ?) \
              OR (r.target_type = 'THREAD' AND r.target_id IN \
                  (SELECT id FROM threads WHERE author_id = ?)) \
              OR (r.target_type = 'ANSWER' AND r.target_id IN \
                  (SELECT id FROM answers WHERE author_id = ?)) \
              OR (r.target_type = 'COMMENT' AND r.target_id IN \
                  (SELECT id FROM comments WHERE author_id = ?)))) AS upheld_reports, \
           (SELECT COUNT(*) FROM moderation_log WHERE action = ? \
              AND target_type = 'USER' AND target_id = ?) AS suspensions",
    );
    let mut values: Vec<sea_orm::Value> = (0..10).map(|_| user_id.into()).collect();
    values.push(Action::Suspend.as_str().into());
    values.push(user_id.into());
    Ok(
        AuthorHistory::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
            .one(db)
            .await?
            .unwrap_or_default(),
    )
}
