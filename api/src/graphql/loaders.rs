//! DataLoaders: one per relation, built once per schema so that concurrent
//! requests batch together, with no batching delay (see CRATES.md). Each
//! loads its keys with one bounded query through a service. Loaders of
//! records every viewer sees alike keep them for a moment across requests
//! (`loader_cache.rs`).
//!
//! Loaders of the viewer's own state (their enrolment in a course, their
//! progress) are keyed by (viewer id, object id), so requests of different
//! viewers can share a batch.

use std::{
    collections::{BTreeMap, HashMap, HashSet},
    hash::Hash,
    sync::Arc,
    time::Duration,
};

use async_graphql::dataloader::{DataLoader, Loader};
use entity::{
    answers, comments, course_tags, courses, enrollments, lessons, thread_tags, threads,
    user_interests, users,
};
use futures_util::future::BoxFuture;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::{Changed, loader_cache::CachedLoader};
use crate::{
    error::{ApiError, ApiResult},
    services::{
        community::{
            access as community_access, answers as answer_service,
            comments::{self as comment_service, CommentsOf},
            marks::{self, Mark},
        },
        courses::{enrollments as enrollment_service, lessons as lesson_service, revenue, reviews},
        pagination::{Page, PageRequest},
        search::rankings::SharedRankings,
        sessions, tags, users as user_service,
    },
};

type LoadFn<K, V> = fn(DatabaseConnection, Vec<K>) -> BoxFuture<'static, ApiResult<HashMap<K, V>>>;

/// A loader source: a function from keys to values, over the database.
pub struct Source<K, V> {
    db: DatabaseConnection,
    load: LoadFn<K, V>,
}

impl<K, V> Loader<K> for Source<K, V>
where
    K: Send + Sync + Hash + Eq + Clone + 'static,
    V: Send + Sync + Clone + 'static,
{
    type Value = V;
    type Error = Arc<ApiError>;

    async fn load(&self, keys: &[K]) -> Result<HashMap<K, V>, Self::Error> {
        (self.load)(self.db.clone(), keys.to_vec())
            .await
            .map_err(Arc::new)
    }
}

pub type DbLoader<K, V> = DataLoader<Source<K, V>>;
/// A loader of records every viewer sees alike, cached across requests.
pub type SharedLoader<K, V> = CachedLoader<K, Source<K, V>>;

fn loader<K, V>(db: &DatabaseConnection, load: LoadFn<K, V>) -> DbLoader<K, V>
where
    K: Send + Sync + Hash + Eq + Clone + 'static,
    V: Send + Sync + Clone + 'static,
{
    DataLoader::new(
        Source {
            db: db.clone(),
            load,
        },
        spawn_batch,
    )
    .delay(Duration::ZERO)
}

fn shared_loader<K, V>(
    db: &DatabaseConnection,
    ttl: Duration,
    capacity: usize,
    load: LoadFn<K, V>,
) -> SharedLoader<K, V>
where
    K: Send + Sync + Hash + Eq + Clone + 'static,
    V: Send + Sync + Clone + 'static,
{
    CachedLoader::new(loader(db, load), ttl, capacity)
}

/// Turns of the executor a batch waits before it loads. A list resolves
/// its items 32 at a time between yields (the polling budget of futures'
/// `FuturesUnordered`, behind `try_join_all` for more than 30 items), so a
/// batch started by the first items must let the rest of a page of up to
/// 100 register their keys first, or a page of 50 answers would cost a
/// statement per few answers instead of one per relation.
const BATCH_WAIT_YIELDS: usize =
    (crate::services::pagination::MAX_PAGE_SIZE as usize).div_ceil(32) + 1;

fn spawn_batch(batch: BoxFuture<'static, ()>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        for _ in 0..BATCH_WAIT_YIELDS {
            tokio::task::yield_now().await;
        }
        batch.await
    })
}

/// Records a shared loader of single rows (users, threads, answers…) keeps
/// at most: a few hundred bytes each, so tens of MiB when full. The busy
/// part of a large community is bigger than it looks: 500 busy threads
/// with 30 answers each have about 15,000 authors.
const RECORDS_KEPT: usize = 50_000;
/// Lists a shared loader of lists (a thread's first answers, a course's
/// lessons, first comments…) keeps at most: up to tens of KiB each.
const LISTS_KEPT: usize = 5_000;

/// (viewer id, object id) keys, grouped by viewer.
fn by_viewer<T: Copy>(keys: &[(i64, T)]) -> BTreeMap<i64, Vec<T>> {
    let mut grouped: BTreeMap<i64, Vec<T>> = BTreeMap::new();
    for &(viewer, id) in keys {
        grouped.entry(viewer).or_default().push(id);
    }
    grouped
}

/// Every loader of the schema.
pub struct Loaders {
    /// Sessions with their users, for signing in reads (see `Gate::viewer`).
    pub sessions: SharedLoader<i64, sessions::SessionRecord>,
    pub users: SharedLoader<i64, Arc<users::Model>>,
    pub interests: SharedLoader<i64, Vec<String>>,
    pub courses: SharedLoader<i64, Arc<courses::Model>>,
    pub course_tags: SharedLoader<i64, Vec<String>>,
    /// A course's lessons in order, without their bodies.
    pub lessons: SharedLoader<i64, Vec<lessons::Model>>,
    pub lesson_bodies: DbLoader<i64, Arc<lesson_service::LessonBody>>,
    /// The viewer's live enrolment per course.
    pub viewer_enrollments: DbLoader<(i64, i64), enrollments::Model>,
    /// The lessons a user completed in a course, keyed (user id, course id).
    pub completed_lessons: DbLoader<(i64, i64), Arc<HashSet<i64>>>,
    /// Each course's takings per currency (staff and creator screens: never
    /// kept across requests).
    pub course_revenue: DbLoader<i64, Arc<Vec<revenue::Revenue>>>,
    /// Reviews the viewer marked helpful (present when marked).
    pub viewer_helpful_marks: DbLoader<(i64, i64), ()>,
    /// Threads with their bodies (lists leave the bodies out).
    pub threads: SharedLoader<i64, Arc<threads::Model>>,
    pub thread_tags: SharedLoader<i64, Vec<String>>,
    pub answers: SharedLoader<i64, Arc<answers::Model>>,
    pub comments: SharedLoader<i64, Arc<comments::Model>>,
    /// The first page of a thread's answers, keyed (thread id, page size).
    pub thread_answers: SharedLoader<(i64, u64), Arc<Page<Arc<answers::Model>>>>,
    /// The first comments on answers, keyed (answer id, how many).
    pub answer_comments: SharedLoader<(i64, u64), Arc<Vec<comments::Model>>>,
    /// The first comments on threads themselves, keyed (thread id, how many).
    pub thread_comments: SharedLoader<(i64, u64), Arc<Vec<comments::Model>>>,
    /// The viewer's votes (+1 or −1), bookmarks and follows (1), keyed
    /// (viewer, mark): a thread page reads them all in one statement.
    pub viewer_marks: DbLoader<(i64, Mark), i16>,
    /// Search rankings the same for every viewer (public documents, and
    /// every course's), kept like shared records.
    pub search_rankings: SharedRankings,
    /// Each user's badges (awarded in the background: never kept across requests).
    pub user_badges: DbLoader<i64, Arc<Vec<crate::services::rewards::badges::Held>>>,
    /// Courses whose discussions a non-staff viewer belongs to (present when so).
    pub viewer_course_membership: DbLoader<(i64, i64), ()>,
    /// Users' certifications, granted and revoked, newest first (rewards).
    pub certifications: DbLoader<i64, Vec<crate::services::rewards::certifications::Certification>>,
}

/// Groups (viewer, id) keys, runs `query` per viewer, keys what it returns.
async fn per_viewer<T, V, F, Fut>(keys: Vec<(i64, T)>, query: F) -> ApiResult<HashMap<(i64, T), V>>
where
    T: Copy + Eq + Hash,
    F: Fn(i64, Vec<T>) -> Fut,
    Fut: std::future::Future<Output = ApiResult<Vec<(T, V)>>>,
{
    // A batch gathers the keys of concurrent requests: their viewers'
    // statements run side by side, not one after another.
    let grouped = by_viewer(&keys);
    let loaded = futures_util::future::try_join_all(grouped.into_iter().map(|(viewer, ids)| {
        let rows = query(viewer, ids);
        async move { Ok::<_, ApiError>((viewer, rows.await?)) }
    }))
    .await?;
    let mut found = HashMap::new();
    for (viewer, rows) in loaded {
        for (id, value) in rows {
            found.insert((viewer, id), value);
        }
    }
    Ok(found)
}

/// Groups (target, limit) keys by limit and loads each group's first comments.
async fn first_comments(
    db: &DatabaseConnection,
    of: CommentsOf,
    keys: Vec<(i64, u64)>,
) -> ApiResult<HashMap<(i64, u64), Arc<Vec<comments::Model>>>> {
    let mut by_limit: BTreeMap<u64, Vec<i64>> = BTreeMap::new();
    for (target, limit) in keys {
        by_limit.entry(limit).or_default().push(target);
    }
    let mut found = HashMap::new();
    for (limit, targets) in by_limit {
        let mut loaded = comment_service::first_of(db, of, &targets, limit).await?;
        for target in targets {
            let comments = loaded.remove(&target).unwrap_or_default();
            found.insert((target, limit), Arc::new(comments));
        }
    }
    Ok(found)
}

impl Loaders {
    /// Loaders whose shared records are reused across requests for `ttl`,
    /// and search rankings for `ranking_ttl` (zero: not at all).
    pub fn new(db: &DatabaseConnection, ttl: Duration, ranking_ttl: Duration) -> Self {
        Loaders {
            sessions: shared_loader(db, ttl, RECORDS_KEPT, |db, ids| {
                Box::pin(async move { sessions::with_users(&db, &ids).await })
            }),
            users: shared_loader(db, ttl, RECORDS_KEPT, |db, ids| {
                Box::pin(async move { user_service::find_many(&db, &ids).await })
            }),
            interests: shared_loader(db, ttl, RECORDS_KEPT, |db, ids| {
                Box::pin(async move { tags::names_of::<user_interests::Entity>(&db, &ids).await })
            }),
            courses: shared_loader(db, ttl, RECORDS_KEPT, |db, ids| {
                Box::pin(async move {
                    Ok(courses::Entity::find()
                        .filter(courses::Column::Id.is_in(ids))
                        .all(&db)
                        .await?
                        .into_iter()
                        .map(|course| (course.id, Arc::new(course)))
                        .collect())
                })
            }),
            course_tags: shared_loader(db, ttl, RECORDS_KEPT, |db, ids| {
                Box::pin(async move { tags::names_of::<course_tags::Entity>(&db, &ids).await })
            }),
            lessons: shared_loader(db, ttl, LISTS_KEPT, |db, ids| {
                Box::pin(async move { lesson_service::of_courses(&db, &ids).await })
            }),
            lesson_bodies: loader(db, |db, ids| {
                Box::pin(async move {
                    Ok(lesson_service::bodies(&db, &ids)
                        .await?
                        .into_iter()
                        .map(|(id, body)| (id, Arc::new(body)))
                        .collect())
                })
            }),
            viewer_enrollments: loader(db, |db, keys| {
                Box::pin(async move {
                    per_viewer(keys, |viewer, courses| {
                        let db = db.clone();
                        async move {
                            Ok(enrollment_service::active_of(&db, viewer, &courses)
                                .await?
                                .into_iter()
                                .collect())
                        }
                    })
                    .await
                })
            }),
            completed_lessons: loader(db, |db, keys| {
                Box::pin(async move {
                    per_viewer(keys, |user, courses| {
                        let db = db.clone();
                        async move {
                            Ok(lesson_service::completed_in(&db, user, &courses)
                                .await?
                                .into_iter()
                                .map(|(course, done)| (course, Arc::new(done)))
                                .collect())
                        }
                    })
                    .await
                })
            }),
            course_revenue: loader(db, |db, ids| {
                Box::pin(async move {
                    Ok(revenue::of_courses(&db, &ids)
                        .await?
                        .into_iter()
                        .map(|(id, takings)| (id, Arc::new(takings)))
                        .collect())
                })
            }),
            viewer_helpful_marks: loader(db, |db, keys| {
                Box::pin(async move {
                    per_viewer(keys, |viewer, reviews| {
                        let db = db.clone();
                        async move {
                            Ok(reviews::marked_by(&db, viewer, &reviews)
                                .await?
                                .into_iter()
                                .map(|review| (review, ()))
                                .collect())
                        }
                    })
                    .await
                })
            }),
            threads: shared_loader(db, ttl, RECORDS_KEPT, |db, ids| {
                Box::pin(async move {
                    Ok(threads::Entity::find()
                        .filter(threads::Column::Id.is_in(ids))
                        .all(&db)
                        .await?
                        .into_iter()
                        .map(|thread| (thread.id, Arc::new(thread)))
                        .collect())
                })
            }),
            thread_tags: shared_loader(db, ttl, RECORDS_KEPT, |db, ids| {
                Box::pin(async move { tags::names_of::<thread_tags::Entity>(&db, &ids).await })
            }),
            answers: shared_loader(db, ttl, RECORDS_KEPT, |db, ids| {
                Box::pin(async move {
                    Ok(answers::Entity::find()
                        .filter(answers::Column::Id.is_in(ids))
                        .all(&db)
                        .await?
                        .into_iter()
                        .map(|answer| (answer.id, Arc::new(answer)))
                        .collect())
                })
            }),
            comments: shared_loader(db, ttl, RECORDS_KEPT, |db, ids| {
                Box::pin(async move {
                    Ok(comments::Entity::find()
                        .filter(comments::Column::Id.is_in(ids))
                        .all(&db)
                        .await?
                        .into_iter()
                        .map(|comment| (comment.id, Arc::new(comment)))
                        .collect())
                })
            }),
            thread_answers: shared_loader(db, ttl, LISTS_KEPT, |db, keys| {
                Box::pin(async move {
                    let mut found = HashMap::new();
                    for (thread, first) in keys {
                        let request = PageRequest {
                            first,
                            after: None,
                            count_total: false,
                        };
                        let page = answer_service::of_thread(&db, thread, request).await?;
                        // Readers share the rows too, not copies of them.
                        found.insert((thread, first), Arc::new(page.map(Arc::new)));
                    }
                    Ok(found)
                })
            }),
            answer_comments: shared_loader(db, ttl, LISTS_KEPT, |db, keys| {
                Box::pin(async move { first_comments(&db, CommentsOf::Answers, keys).await })
            }),
            thread_comments: shared_loader(db, ttl, LISTS_KEPT, |db, keys| {
                Box::pin(async move { first_comments(&db, CommentsOf::Threads, keys).await })
            }),
            viewer_marks: loader(db, |db, keys| {
                Box::pin(async move {
                    per_viewer(keys, |viewer, wanted| {
                        let db = db.clone();
                        async move {
                            Ok(marks::of_user(&db, viewer, &wanted)
                                .await?
                                .into_iter()
                                .collect())
                        }
                    })
                    .await
                })
            }),
            search_rankings: SharedRankings::new(db.clone(), ranking_ttl),
            certifications: loader(db, |db, ids| {
                Box::pin(async move {
                    crate::services::rewards::certifications::of_users(&db, &ids).await
                })
            }),
            user_badges: loader(db, |db, ids| {
                Box::pin(async move {
                    let mut found = crate::services::rewards::badges::of_users(&db, &ids).await?;
                    Ok(ids
                        .into_iter()
                        .map(|id| (id, Arc::new(found.remove(&id).unwrap_or_default())))
                        .collect())
                })
            }),
            viewer_course_membership: loader(db, |db, keys| {
                Box::pin(async move {
                    per_viewer(keys, |viewer, ids| {
                        let db = db.clone();
                        async move {
                            Ok(community_access::member_courses(&db, viewer, &ids)
                                .await?
                                .into_iter()
                                .map(|id| (id, ()))
                                .collect())
                        }
                    })
                    .await
                })
            }),
        }
    }

    /// Forgets the shared records a write may have changed.
    pub fn forget(&self, changed: &Changed) {
        if changed.everything {
            return self.forget_all();
        }
        let threads = &changed.threads;
        if !threads.is_empty() {
            self.threads.forget(threads.iter().copied());
            self.thread_tags.forget(threads.iter().copied());
            self.thread_answers
                .forget_keys(|(thread, _)| threads.contains(thread));
            self.thread_comments
                .forget_keys(|(thread, _)| threads.contains(thread));
        }
        let answers = &changed.answers;
        if !answers.is_empty() {
            self.answers.forget(answers.iter().copied());
            self.answer_comments
                .forget_keys(|(answer, _)| answers.contains(answer));
        }
        self.comments.forget(changed.comments.iter().copied());
        let users = &changed.users;
        if !users.is_empty() {
            self.users.forget(users.iter().copied());
            self.interests.forget(users.iter().copied());
            self.sessions
                .forget_values(|record| users.contains(&record.user.id));
        }
        if changed.search {
            self.search_rankings.clear();
        }
    }

    /// Something changed: forget every shared record.
    pub fn forget_all(&self) {
        self.sessions.clear();
        self.users.clear();
        self.interests.clear();
        self.courses.clear();
        self.course_tags.clear();
        self.lessons.clear();
        self.threads.clear();
        self.thread_tags.clear();
        self.answers.clear();
        self.comments.clear();
        self.thread_answers.clear();
        self.answer_comments.clear();
        self.thread_comments.clear();
        self.search_rankings.clear();
    }
}
