//! Rankings shared by every viewer, kept for a short time.
//!
//! A document's relevance depends on it and the query alone, so two
//! rankings serve every viewer of a query: the public documents', and the
//! documents of every course together, which a member's request filters
//! down to their own courses in memory. Before, each member's course
//! documents were ranked per request: for a learner in a few hundred
//! courses that statement intersected tens of thousands of index entries
//! every time (11 ms on the scale data, most of a search's cost).
//!
//! A ranking older than the time-to-live keeps being served while one
//! background task refreshes it, so no request waits for a broad query's
//! ranking once it is in demand; concurrent misses of one query share one
//! statement. A mutation that may change documents empties the rankings at
//! once (see `graphql::Changed`: votes and a member's own state do not), on
//! its instance and, when told (`cache_sync`), on the others; a refresh
//! begun before that is not kept.

use std::collections::HashSet;
use std::sync::{
    Arc, Mutex,
    atomic::{AtomicBool, AtomicU64, Ordering},
};
use std::time::{Duration, Instant};

use quick_cache::{Weighter, sync::Cache};
use sea_orm::DatabaseConnection;

use super::query::{self, CANDIDATES_MAX, Hit, Scope};
use super::{Kind, Query};
use crate::error::ApiResult;

/// Course documents ranked per query at most. A query matching more of
/// them is ranked within the first this many the index yields, and a
/// member's share of it then comes from their own ranking instead
/// ([`Ranking::complete`]).
pub const COURSE_CANDIDATES_MAX: u64 = 20_000;
/// Hits kept in all the rankings together (about 48 bytes each).
const HITS_KEPT: u64 = 1_000_000;
/// A ranking whose refreshes failed is served at most this many
/// time-to-lives after it was stored, then ranked again by the request.
const STALE_LIMIT: u32 = 10;

/// Which shared ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shared {
    /// Documents everyone may find.
    Public,
    /// Documents of every course.
    Courses,
}

/// A shared ranking, best first.
#[derive(Debug, Default)]
pub struct Ranking {
    pub hits: Vec<Hit>,
    /// Whether it holds every match (not cut at its candidate limit).
    pub complete: bool,
}

impl Ranking {
    /// The best `limit` hits in these courses, best first.
    pub fn within(&self, courses: &HashSet<i64>, limit: u64) -> Vec<Hit> {
        self.hits
            .iter()
            .filter(|hit| hit.course_id.is_some_and(|id| courses.contains(&id)))
            .take(limit as usize)
            .cloned()
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    query: Query,
    kinds: Vec<Kind>,
    shared: Shared,
}

impl Key {
    fn new(query: &Query, kinds: &[Kind], shared: Shared) -> Self {
        Key {
            query: query.clone(),
            kinds: kinds.to_vec(),
            shared,
        }
    }
}

#[derive(Clone)]
struct Entry {
    ranking: Arc<Ranking>,
    stored_at: Instant,
    /// Set while a task refreshes it.
    refreshing: Arc<AtomicBool>,
}

impl Entry {
    fn new(ranking: Arc<Ranking>) -> Self {
        Entry {
            ranking,
            stored_at: Instant::now(),
            refreshing: Arc::new(AtomicBool::new(false)),
        }
    }
}

#[derive(Clone)]
struct ByHits;

impl Weighter<Key, Entry> for ByHits {
    fn weight(&self, _key: &Key, entry: &Entry) -> u64 {
        entry.ranking.hits.len() as u64 + 1
    }
}

/// The shared rankings of one instance.
pub struct SharedRankings {
    db: DatabaseConnection,
    /// Zero: nothing is kept (every call ranks).
    ttl: Duration,
    cache: Arc<Cache<Key, Entry, ByHits>>,
    /// Bumped by `clear`: a ranking begun before is not kept.
    generation: Arc<AtomicU64>,
    /// Rankings being made in the background for `prepared`.
    preparing: Arc<Mutex<HashSet<Key>>>,
}

impl SharedRankings {
    pub fn new(db: DatabaseConnection, ttl: Duration) -> Self {
        SharedRankings {
            db,
            ttl,
            cache: Arc::new(Cache::with_weighter(1_000, HITS_KEPT, ByHits)),
            generation: Arc::new(AtomicU64::new(0)),
            preparing: Default::default(),
        }
    }

    /// Something changed: forget every ranking.
    pub fn clear(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.cache.clear();
    }

    /// The shared ranking of `query` over documents of `kinds`.
    pub async fn get(
        &self,
        query: &Query,
        kinds: &[Kind],
        shared: Shared,
    ) -> ApiResult<Arc<Ranking>> {
        if self.ttl.is_zero() {
            return Ok(Arc::new(rank(&self.db, query, kinds, shared).await?));
        }
        let key = Key::new(query, kinds, shared);
        let generation = self.generation.load(Ordering::Acquire);
        loop {
            match self.cache.get_value_or_guard_async(&key).await {
                // Its refreshes failed for too long: rank again, as a miss
                // does (and keep the result).
                Ok(entry) if self.expired(&entry) => {
                    self.cache.remove(&key);
                }
                Ok(entry) => return Ok(self.serve(key, entry)),
                Err(guard) => {
                    // Waiters for the same key get this ranking, or (when it
                    // fails or is not kept) rank themselves.
                    let ranking = Arc::new(rank(&self.db, query, kinds, shared).await?);
                    if self.generation.load(Ordering::Acquire) == generation {
                        let _ = guard.insert(Entry::new(ranking.clone()));
                    }
                    return Ok(ranking);
                }
            }
        }
    }

    /// The shared ranking of `query` when one is kept (stale or not, as
    /// `get`); otherwise None at once, and one background task ranks it for
    /// later requests. For callers with a cheaper way to answer meanwhile:
    /// every course's ranking of a broad query reads up to
    /// `COURSE_CANDIDATES_MAX` documents (about a second on the scale data),
    /// while a member's own share is one indexed statement.
    pub fn prepared(&self, query: &Query, kinds: &[Kind], shared: Shared) -> Option<Arc<Ranking>> {
        if self.ttl.is_zero() {
            return None;
        }
        let key = Key::new(query, kinds, shared);
        if let Some(entry) = self.cache.get(&key)
            && !self.expired(&entry)
        {
            return Some(self.serve(key, entry));
        }
        if self
            .preparing
            .lock()
            .expect("preparing")
            .insert(key.clone())
        {
            let preparing = self.preparing.clone();
            let done = key.clone();
            self.rank_in_background(key, move |_| {
                preparing.lock().expect("preparing").remove(&done);
            });
        }
        None
    }

    /// A ranking whose refreshes failed for `STALE_LIMIT` time-to-lives.
    fn expired(&self, entry: &Entry) -> bool {
        entry.stored_at.elapsed() > self.ttl * STALE_LIMIT
    }

    /// A kept ranking, stale or not; a stale one is ranked again in the
    /// background (by one task at a time) and served meanwhile.
    fn serve(&self, key: Key, entry: Entry) -> Arc<Ranking> {
        if entry.stored_at.elapsed() > self.ttl && !entry.refreshing.swap(true, Ordering::AcqRel) {
            let refreshing = entry.refreshing.clone();
            self.rank_in_background(key, move |ranked| {
                // A kept refresh comes with a new flag; a failed one frees
                // this entry for the next request to try.
                if !ranked {
                    refreshing.store(false, Ordering::Release);
                }
            });
        }
        entry.ranking
    }

    /// Ranks `key` in a task and keeps the result unless a `clear` came
    /// meanwhile; `done` hears whether the ranking succeeded.
    fn rank_in_background(&self, key: Key, done: impl FnOnce(bool) + Send + 'static) {
        let (db, cache, generation) =
            (self.db.clone(), self.cache.clone(), self.generation.clone());
        let began = generation.load(Ordering::Acquire);
        tokio::spawn(async move {
            let ranked = match rank(&db, &key.query, &key.kinds, key.shared).await {
                Ok(ranking) => {
                    if generation.load(Ordering::Acquire) == began {
                        cache.insert(key, Entry::new(Arc::new(ranking)));
                    }
                    true
                }
                Err(err) => {
                    tracing::warn!(error = %err, "ranking a search in the background failed");
                    false
                }
            };
            done(ranked);
        });
    }
}

async fn rank(
    db: &DatabaseConnection,
    query: &Query,
    kinds: &[Kind],
    shared: Shared,
) -> ApiResult<Ranking> {
    let (scope, candidates) = match shared {
        Shared::Public => (Scope::Public, CANDIDATES_MAX),
        Shared::Courses => (Scope::AnyCourse, COURSE_CANDIDATES_MAX),
    };
    let hits = query::rank(db, query, kinds, &scope, candidates, candidates).await?;
    Ok(Ranking {
        complete: (hits.len() as u64) < candidates,
        hits,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(id: i64, course_id: Option<i64>, relevance: f64) -> Hit {
        Hit {
            id,
            kind: Kind::Thread,
            ref_id: id,
            course_id,
            relevance,
        }
    }

    #[test]
    fn a_members_share_keeps_the_order_and_only_their_courses() {
        let ranking = Ranking {
            hits: vec![
                hit(1, Some(10), 0.9),
                hit(2, Some(11), 0.8),
                hit(3, None, 0.7),
                hit(4, Some(10), 0.6),
                hit(5, Some(12), 0.5),
            ],
            complete: true,
        };
        let mine: HashSet<i64> = [10, 12].into();
        let ids = |hits: Vec<Hit>| hits.into_iter().map(|h| h.id).collect::<Vec<_>>();
        assert_eq!(ids(ranking.within(&mine, 10)), vec![1, 4, 5]);
        assert_eq!(ids(ranking.within(&mine, 2)), vec![1, 4]);
        assert!(ranking.within(&HashSet::new(), 10).is_empty());
    }
}
