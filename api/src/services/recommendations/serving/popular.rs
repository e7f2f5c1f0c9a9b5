//! Popularity orders for the fallback: courses by live enrolments, threads
//! by hot rank, members by points. They are the same for everyone, so each
//! instance caches them for [`POPULAR_TTL`] (ids only); the few rows a list
//! takes from them are read by primary key with the usual filters
//! ([`take_fresh`]), so a course archived or a thread hidden a moment ago is
//! never served.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use entity::{courses, threads, users};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::threads as thread_rows;
use crate::error::ApiResult;
use crate::services::Db;

/// How long a popularity order is reused.
pub const POPULAR_TTL: Duration = Duration::from_secs(5);
/// Ids a popularity order keeps.
pub const POPULAR_SIZE: u64 = 300;

/// A value computed at most once per time-to-live.
struct Ttl<T> {
    slot: Mutex<Option<(Instant, Arc<T>)>>,
}

impl<T> Default for Ttl<T> {
    fn default() -> Self {
        Self {
            slot: Mutex::new(None),
        }
    }
}

impl<T> Ttl<T> {
    async fn get<F>(&self, load: F) -> ApiResult<Arc<T>>
    where
        F: Future<Output = ApiResult<T>>,
    {
        if let Some((at, value)) = &*self.slot.lock().unwrap_or_else(|e| e.into_inner())
            && at.elapsed() < POPULAR_TTL
        {
            return Ok(value.clone());
        }
        // Concurrent misses may both load; the lists are cheap and equal.
        let value = Arc::new(load.await?);
        *self.slot.lock().unwrap_or_else(|e| e.into_inner()) =
            Some((Instant::now(), value.clone()));
        Ok(value)
    }
}

/// The popularity orders of one server instance.
#[derive(Default)]
pub struct Caches {
    courses: Ttl<Vec<i64>>,
    threads: Ttl<Vec<i64>>,
    members: Ttl<Vec<i64>>,
}

impl Caches {
    /// Published courses, most live enrolments first.
    pub async fn popular_courses(&self, db: &impl Db) -> ApiResult<Arc<Vec<i64>>> {
        self.courses
            .get(async {
                Ok(courses::Entity::find()
                    .select_only()
                    .column(courses::Column::Id)
                    .filter(courses::Column::Status.eq(courses::Status::Published))
                    .order_by_desc(courses::Column::EnrollmentCount)
                    .order_by_desc(courses::Column::Id)
                    .limit(POPULAR_SIZE)
                    .into_tuple()
                    .all(db)
                    .await?)
            })
            .await
    }

    /// Community-wide threads anyone may read, hottest first.
    pub async fn popular_threads(&self, db: &impl Db) -> ApiResult<Arc<Vec<i64>>> {
        self.threads
            .get(async {
                Ok(threads::Entity::find()
                    .select_only()
                    .column(threads::Column::Id)
                    .filter(thread_rows::listable(None))
                    .order_by_desc(threads::Column::HotRank)
                    .order_by_desc(threads::Column::Id)
                    .limit(POPULAR_SIZE)
                    .into_tuple()
                    .all(db)
                    .await?)
            })
            .await
    }

    /// Active members, most points first.
    pub async fn popular_members(&self, db: &impl Db) -> ApiResult<Arc<Vec<i64>>> {
        self.members
            .get(async {
                Ok(users::Entity::find()
                    .select_only()
                    .column(users::Column::Id)
                    .filter(users::Column::Status.eq(users::Status::Active))
                    .order_by_desc(users::Column::Points)
                    .order_by_desc(users::Column::Id)
                    .limit(POPULAR_SIZE)
                    .into_tuple()
                    .all(db)
                    .await?)
            })
            .await
    }
}

/// Walks a cached order, reading candidates by primary key (`fetch` applies
/// the filters) until `need` rows are found or the order ends; a few extra
/// are read per round since some may have been filtered out since.
pub async fn take_fresh<T, F, Fut>(
    order: &[i64],
    open: impl Fn(i64) -> bool,
    need: usize,
    fetch: F,
) -> ApiResult<Vec<T>>
where
    F: Fn(Vec<i64>) -> Fut,
    Fut: Future<Output = ApiResult<HashMap<i64, T>>>,
{
    let mut out = Vec::with_capacity(need);
    let mut candidates = order.iter().copied().filter(|&id| open(id)).peekable();
    while out.len() < need && candidates.peek().is_some() {
        let round: Vec<i64> = candidates.by_ref().take(need - out.len() + 5).collect();
        let mut rows = fetch(round.clone()).await?;
        out.extend(
            round
                .iter()
                .filter_map(|id| rows.remove(id))
                .take(need - out.len()),
        );
    }
    Ok(out)
}
