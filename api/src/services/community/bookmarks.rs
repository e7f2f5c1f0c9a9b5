//! Bookmarks: threads a user saved for later, newest first.

use chrono::{DateTime, Utc};
use entity::{bookmarks, threads};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set, sea_query::Expr};

use super::{access, threads as thread_service};
use crate::{
    auth::Viewer,
    error::ApiResult,
    services::{
        Db,
        pagination::{KeyValue, KeysetOrder, Page, PageRequest, SortKey, paginate},
    },
};

/// Bookmarks (or, with `saved` false, un-bookmarks) a thread the viewer may
/// read. Repeating either is harmless; not while suspended (FORBIDDEN).
#[tracing::instrument(skip(db, viewer, now), fields(viewer = viewer.id()))]
pub async fn set(
    db: &impl Db,
    viewer: &Viewer,
    thread_id: i64,
    saved: bool,
    now: DateTime<Utc>,
) -> ApiResult<threads::Model> {
    viewer.ensure_can_write(now)?;
    let thread = thread_service::find_readable(db, Some(viewer), thread_id).await?;
    if saved {
        bookmarks::Entity::insert(bookmarks::ActiveModel {
            user_id: Set(viewer.id()),
            thread_id: Set(thread.id),
            created_at: Set(now),
        })
        .on_conflict_do_nothing_on([bookmarks::Column::UserId, bookmarks::Column::ThreadId])
        .exec_without_returning(db)
        .await?;
    } else {
        bookmarks::Entity::delete_many()
            .filter(bookmarks::Column::UserId.eq(viewer.id()))
            .filter(bookmarks::Column::ThreadId.eq(thread.id))
            .exec(db)
            .await?;
    }
    Ok(thread)
}

/// The viewer's bookmarks, newest first (threads they can no longer read,
/// e.g. after a refund, are left out).
#[tracing::instrument(level = "debug", skip_all, fields(viewer = viewer.id()))]
pub async fn of_viewer(
    db: &impl Db,
    viewer: &Viewer,
    page: PageRequest,
) -> ApiResult<Page<bookmarks::Model>> {
    use sea_orm::sea_query::Query;
    let readable = Query::select()
        .column(threads::Column::Id)
        .from(threads::Entity)
        .cond_where(access::readable_threads(Some(viewer)))
        .to_owned();
    let order = KeysetOrder::new(
        "bookmarks.newest",
        vec![
            SortKey::desc(
                Expr::col((bookmarks::Entity, bookmarks::Column::CreatedAt)),
                |b: &bookmarks::Model| KeyValue::Time(b.created_at),
            ),
            SortKey::desc(
                Expr::col((bookmarks::Entity, bookmarks::Column::ThreadId)),
                |b: &bookmarks::Model| KeyValue::Int(b.thread_id),
            ),
        ],
    );
    paginate(
        db,
        bookmarks::Entity::find()
            .filter(bookmarks::Column::UserId.eq(viewer.id()))
            .filter(bookmarks::Column::ThreadId.in_subquery(readable)),
        &order,
        &page,
    )
    .await
}
