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
use entity::{course_tags, courses, enrollments, lessons, user_interests, users};
use futures_util::future::BoxFuture;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::loader_cache::FreshFor;
use crate::{
    error::{ApiError, ApiResult},
    services::{
        courses::{enrollments as enrollment_service, lessons as lesson_service, reviews},
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
pub type SharedLoader<K, V> = DataLoader<Source<K, V>, FreshFor>;

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
        tokio::spawn,
    )
    .delay(Duration::ZERO)
}

fn shared_loader<K, V>(
    db: &DatabaseConnection,
    ttl: Duration,
    load: LoadFn<K, V>,
) -> SharedLoader<K, V>
where
    K: Send + Sync + Hash + Eq + Clone + 'static,
    V: Send + Sync + Clone + 'static,
{
    let loader = DataLoader::with_cache(
        Source {
            db: db.clone(),
            load,
        },
        tokio::spawn,
        FreshFor {
            ttl,
            capacity: SHARED_CACHE_CAPACITY,
        },
    )
    .delay(Duration::ZERO);
    loader.enable_all_cache(!ttl.is_zero());
    loader
}

/// Records each shared loader keeps at most.
const SHARED_CACHE_CAPACITY: usize = 10_000;

/// (viewer id, object id) keys, grouped by viewer.
fn by_viewer(keys: &[(i64, i64)]) -> BTreeMap<i64, Vec<i64>> {
    let mut grouped: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for &(viewer, id) in keys {
        grouped.entry(viewer).or_default().push(id);
    }
    grouped
}

/// Every loader of the schema.
pub struct Loaders {
    /// Sessions with their users, for signing in reads (see `Gate::viewer`).
    pub sessions: SharedLoader<i64, sessions::SessionRecord>,
    pub users: SharedLoader<i64, users::Model>,
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
    /// Reviews the viewer marked helpful (present when marked).
    pub viewer_helpful_marks: DbLoader<(i64, i64), ()>,
}

impl Loaders {
    /// Loaders whose shared records are reused across requests for `ttl`
    /// (zero: not at all).
    pub fn new(db: &DatabaseConnection, ttl: Duration) -> Self {
        Loaders {
            sessions: shared_loader(db, ttl, |db, ids| {
                Box::pin(async move { sessions::with_users(&db, &ids).await })
            }),
            users: shared_loader(db, ttl, |db, ids| {
                Box::pin(async move { user_service::find_many(&db, &ids).await })
            }),
            interests: shared_loader(db, ttl, |db, ids| {
                Box::pin(async move { tags::names_of::<user_interests::Entity>(&db, &ids).await })
            }),
            courses: shared_loader(db, ttl, |db, ids| {
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
            course_tags: shared_loader(db, ttl, |db, ids| {
                Box::pin(async move { tags::names_of::<course_tags::Entity>(&db, &ids).await })
            }),
            lessons: shared_loader(db, ttl, |db, ids| {
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
                    let mut found = HashMap::new();
                    for (viewer, courses) in by_viewer(&keys) {
                        for (course, enrollment) in
                            enrollment_service::active_of(&db, viewer, &courses).await?
                        {
                            found.insert((viewer, course), enrollment);
                        }
                    }
                    Ok(found)
                })
            }),
            completed_lessons: loader(db, |db, keys| {
                Box::pin(async move {
                    let mut found = HashMap::new();
                    for (user, courses) in by_viewer(&keys) {
                        for (course, done) in
                            lesson_service::completed_in(&db, user, &courses).await?
                        {
                            found.insert((user, course), Arc::new(done));
                        }
                    }
                    Ok(found)
                })
            }),
            viewer_helpful_marks: loader(db, |db, keys| {
                Box::pin(async move {
                    let mut found = HashMap::new();
                    for (viewer, reviews) in by_viewer(&keys) {
                        let marked = reviews::marked_by(&db, viewer, &reviews).await?;
                        found.extend(marked.into_iter().map(|review| ((viewer, review), ())));
                    }
                    Ok(found)
                })
            }),
        }
    }

    /// Something changed: forget every shared record.
    pub fn forget_all(&self) {
        self.sessions.clear::<i64>();
        self.users.clear::<i64>();
        self.interests.clear::<i64>();
        self.courses.clear::<i64>();
        self.course_tags.clear::<i64>();
        self.lessons.clear::<i64>();
    }
}
