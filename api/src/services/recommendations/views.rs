//! Course page views (`recordCourseView`), a recommendation signal. The
//! request only queues the view; a background writer stores views in
//! batches (see [`crate::batch`]), so a page view never waits for the
//! database. Views of courses that do not exist are dropped there, and the
//! same member's views of one course within a batch are stored once.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use entity::{course_views, courses};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect, Set, TransactionTrait,
};
use tokio::sync::watch;

use crate::batch::BatchQueue;

/// Views waiting to be written at most (beyond: dropped and counted).
const CAPACITY: usize = 10_000;
/// Views per write: 3 bound parameters each, well under SQLite's limit.
const MAX_BATCH: usize = 500;
const FLUSH_EVERY: Duration = Duration::from_secs(1);

/// A signed-in member opened a course's page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CourseView {
    pub user_id: i64,
    pub course_id: i64,
    pub viewed_at: DateTime<Utc>,
}

/// Starts the writer of course views; it drains the queue on shutdown.
pub fn start_queue(
    db: DatabaseConnection,
    shutdown: watch::Receiver<bool>,
) -> Arc<BatchQueue<CourseView>> {
    BatchQueue::start(
        "course_views",
        CAPACITY,
        MAX_BATCH,
        FLUSH_EVERY,
        shutdown,
        move |batch| {
            let db = db.clone();
            async move { write(&db, batch).await }
        },
    )
}

/// Stores a batch: one row per (member, course), at its latest view, for
/// courses that exist. Two statements in one transaction.
async fn write(db: &DatabaseConnection, batch: Vec<CourseView>) -> anyhow::Result<()> {
    let latest = collapse(batch);
    let course_ids: HashSet<i64> = latest.keys().map(|&(_, course)| course).collect();
    let txn = db.begin().await?;
    let existing: HashSet<i64> = courses::Entity::find()
        .select_only()
        .column(courses::Column::Id)
        .filter(courses::Column::Id.is_in(course_ids))
        .into_tuple::<i64>()
        .all(&txn)
        .await?
        .into_iter()
        .collect();
    let rows: Vec<course_views::ActiveModel> = latest
        .into_iter()
        .filter(|((_, course), _)| existing.contains(course))
        .map(|((user, course), at)| course_views::ActiveModel {
            user_id: Set(user),
            course_id: Set(course),
            viewed_at: Set(at),
            ..Default::default()
        })
        .collect();
    if !rows.is_empty() {
        course_views::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The latest view of each (member, course), in key order.
fn collapse(batch: Vec<CourseView>) -> BTreeMap<(i64, i64), DateTime<Utc>> {
    let mut latest = BTreeMap::new();
    for view in batch {
        latest
            .entry((view.user_id, view.course_id))
            .and_modify(|at: &mut DateTime<Utc>| *at = (*at).max(view.viewed_at))
            .or_insert(view.viewed_at);
    }
    latest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_keeps_one_latest_view_per_member_and_course() {
        let at = |s| DateTime::from_timestamp(s, 0).unwrap();
        let view = |user_id, course_id, s| CourseView {
            user_id,
            course_id,
            viewed_at: at(s),
        };
        let latest = collapse(vec![
            view(1, 5, 10),
            view(1, 5, 30),
            view(1, 5, 20),
            view(2, 5, 1),
        ]);
        assert_eq!(
            latest.into_iter().collect::<Vec<_>>(),
            vec![((1, 5), at(30)), ((2, 5), at(1))]
        );
    }
}
