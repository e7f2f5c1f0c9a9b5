//! What serves when the model cannot: recent items in the viewer's
//! followed tags and declared interests (`NEW_IN_FOLLOWED_TAG`), then
//! popularity (`POPULAR`, cached orders: see [`popular`](super::popular)).

use std::collections::HashSet;

use entity::{course_tags, courses, thread_tags, threads};
use sea_orm::{
    ColumnTrait, EntityTrait, ExprTrait, Order, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Alias, Expr, Query, SelectStatement},
};

use super::explain::{Reason, Why};
use super::history::History;
use super::popular::{POPULAR_SIZE, take_fresh};
use super::{Request, courses as course_rows, over_fetch, threads as thread_rows};
use crate::error::ApiResult;
use crate::services::Db;
use crate::services::columns::deferring;
use crate::services::community::threads::LONG_TEXTS as THREAD_LONG_TEXTS;
use crate::services::courses::catalogue::LONG_TEXTS as COURSE_LONG_TEXTS;

/// The viewer's followed tags as `(id, name)` lookups.
fn tag_names(history: &History) -> (Vec<i64>, impl Fn(i64) -> String + '_) {
    let ids = history.tags.iter().map(|t| t.0).collect();
    let name = |id: i64| {
        history
            .tags
            .iter()
            .find(|t| t.0 == id)
            .map(|t| t.1.clone())
            .unwrap_or_default()
    };
    (ids, name)
}

/// Runs a two-column `(item id, tag id)` select.
async fn pairs(db: &impl Db, select: SelectStatement) -> ApiResult<Vec<(i64, i64)>> {
    let backend = db.get_database_backend();
    let rows = db.query_all_raw(backend.build(&select)).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push((row.try_get("", "item")?, row.try_get("", "tag")?));
    }
    Ok(out)
}

/// Fills `chosen` up to `first` courses: recent ones in followed tags, then
/// popular ones, then (only when the cached list ran out) any published.
pub async fn fill_courses(
    req: &Request<'_>,
    history: &History,
    chosen: &mut Vec<(courses::Model, Why)>,
    first: usize,
) -> ApiResult<()> {
    let mut taken: HashSet<i64> = chosen.iter().map(|(c, _)| c.id).collect();
    let open = |id: i64, taken: &HashSet<i64>| !taken.contains(&id) && !history.excludes_course(id);
    if chosen.len() < first && !history.tags.is_empty() {
        let (tag_ids, tag_name) = tag_names(history);
        let select = Query::select()
            .expr_as(
                Expr::col((course_tags::Entity, course_tags::Column::CourseId)),
                Alias::new("item"),
            )
            .expr_as(
                Expr::col((course_tags::Entity, course_tags::Column::TagId)),
                Alias::new("tag"),
            )
            .from(course_tags::Entity)
            .inner_join(
                courses::Entity,
                Expr::col((courses::Entity, courses::Column::Id))
                    .equals((course_tags::Entity, course_tags::Column::CourseId)),
            )
            .and_where(Expr::col((course_tags::Entity, course_tags::Column::TagId)).is_in(tag_ids))
            .and_where(courses::Column::Status.eq(courses::Status::Published))
            .order_by((courses::Entity, courses::Column::PublishedAt), Order::Desc)
            .order_by((courses::Entity, courses::Column::Id), Order::Desc)
            .limit(over_fetch(first) as u64)
            .to_owned();
        let found = pairs(req.db, select).await?;
        let ids: Vec<i64> = found
            .iter()
            .map(|p| p.0)
            .filter(|&id| open(id, &taken))
            .collect();
        let mut rows = course_rows::fetch_published(req.db, &ids).await?;
        for (id, tag) in found {
            if chosen.len() >= first {
                break;
            }
            if let Some(row) = rows.remove(&id) {
                taken.insert(id);
                chosen.push((row, Why::tag(tag_name(tag))));
            }
        }
    }
    if chosen.len() >= first {
        return Ok(());
    }
    let popular = req.recommender.serving.popular_courses(req.db).await?;
    let fresh = take_fresh(
        &popular,
        |id| open(id, &taken),
        first - chosen.len(),
        |ids| async move { course_rows::fetch_published(req.db, &ids).await },
    )
    .await?;
    for course in fresh {
        taken.insert(course.id);
        chosen.push((course, Why::plain(Reason::Popular)));
    }
    if chosen.len() >= first || popular.len() < POPULAR_SIZE as usize {
        return Ok(()); // the cached list held every published course
    }
    let mut skip: Vec<i64> = taken.iter().copied().collect();
    skip.extend(
        history
            .enrolled
            .iter()
            .chain(&history.refunded)
            .chain(&history.created),
    );
    let more = deferring(courses::Entity::find(), COURSE_LONG_TEXTS)
        .filter(courses::Column::Status.eq(courses::Status::Published))
        .filter(courses::Column::Id.is_not_in(skip))
        .order_by_desc(courses::Column::EnrollmentCount)
        .order_by_desc(courses::Column::Id)
        .limit((first - chosen.len()) as u64)
        .all(req.db)
        .await?;
    chosen.extend(more.into_iter().map(|c| (c, Why::plain(Reason::Popular))));
    Ok(())
}

/// Fills `chosen` up to `first` threads the viewer may read: recent ones in
/// followed tags, popular community-wide ones, then any readable (course
/// threads too) by hot rank when those ran out.
pub async fn fill_threads(
    req: &Request<'_>,
    history: &History,
    chosen: &mut Vec<(threads::Model, Why)>,
    first: usize,
) -> ApiResult<()> {
    let viewer = req.viewer_id();
    let mut taken: HashSet<i64> = chosen.iter().map(|(t, _)| t.id).collect();
    let open = |t: &threads::Model, taken: &HashSet<i64>| {
        !taken.contains(&t.id) && !history.excludes_thread(t.id) && Some(t.author_id) != viewer
    };
    if chosen.len() < first && !history.tags.is_empty() {
        let (tag_ids, tag_name) = tag_names(history);
        let select = Query::select()
            .expr_as(
                Expr::col((thread_tags::Entity, thread_tags::Column::ThreadId)),
                Alias::new("item"),
            )
            .expr_as(
                Expr::col((thread_tags::Entity, thread_tags::Column::TagId)),
                Alias::new("tag"),
            )
            .from(thread_tags::Entity)
            .inner_join(
                threads::Entity,
                Expr::col((threads::Entity, threads::Column::Id))
                    .equals((thread_tags::Entity, thread_tags::Column::ThreadId)),
            )
            .and_where(Expr::col((thread_tags::Entity, thread_tags::Column::TagId)).is_in(tag_ids))
            .cond_where(thread_rows::listable(req.viewer))
            .order_by((threads::Entity, threads::Column::CreatedAt), Order::Desc)
            .order_by((threads::Entity, threads::Column::Id), Order::Desc)
            .limit(over_fetch(first) as u64)
            .to_owned();
        let found = pairs(req.db, select).await?;
        let ids: Vec<i64> = found.iter().map(|p| p.0).collect();
        let mut rows = thread_rows::fetch_listable(req.db, req.viewer, &ids).await?;
        for (id, tag) in found {
            if chosen.len() >= first {
                break;
            }
            if let Some(row) = rows.remove(&id).filter(|t| open(t, &taken)) {
                taken.insert(id);
                chosen.push((row, Why::tag(tag_name(tag))));
            }
        }
    }
    if chosen.len() >= first {
        return Ok(());
    }
    let popular = req.recommender.serving.popular_threads(req.db).await?;
    let fresh = take_fresh(
        &popular,
        |id| !taken.contains(&id) && !history.excludes_thread(id),
        first - chosen.len(),
        |ids| async move { thread_rows::fetch_listable(req.db, req.viewer, &ids).await },
    )
    .await?;
    for thread in fresh {
        taken.insert(thread.id);
        chosen.push((thread, Why::plain(Reason::Popular)));
    }
    if chosen.len() >= first || (req.viewer.is_none() && popular.len() < POPULAR_SIZE as usize) {
        return Ok(()); // a signed-out reader reads nothing else
    }
    let mut skip: Vec<i64> = taken.iter().copied().collect();
    skip.extend(&history.joined);
    let more = deferring(threads::Entity::find(), THREAD_LONG_TEXTS)
        .filter(thread_rows::listable(req.viewer))
        .filter(threads::Column::Id.is_not_in(skip))
        .order_by_desc(threads::Column::HotRank)
        .order_by_desc(threads::Column::Id)
        .limit((first - chosen.len()) as u64)
        .all(req.db)
        .await?;
    chosen.extend(more.into_iter().map(|t| (t, Why::plain(Reason::Popular))));
    Ok(())
}
