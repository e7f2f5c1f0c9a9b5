//! DataLoaders: one per relation, built once per schema so that concurrent
//! requests batch together, with no batching delay (see CRATES.md). Each
//! loads its keys with one bounded query through a service.
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

use crate::{
    error::{ApiError, ApiResult},
    services::{
        courses::{enrollments as enrollment_service, lessons as lesson_service, reviews},
        tags, users as user_service,
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
    pub users: DbLoader<i64, users::Model>,
    pub interests: DbLoader<i64, Vec<String>>,
    pub courses: DbLoader<i64, Arc<courses::Model>>,
    pub course_tags: DbLoader<i64, Vec<String>>,
    pub lessons: DbLoader<i64, Vec<lessons::Model>>,
    /// The viewer's live enrolment per course.
    pub viewer_enrollments: DbLoader<(i64, i64), enrollments::Model>,
    /// The lessons a user completed in a course, keyed (user id, course id).
    pub completed_lessons: DbLoader<(i64, i64), Arc<HashSet<i64>>>,
    /// Reviews the viewer marked helpful (present when marked).
    pub viewer_helpful_marks: DbLoader<(i64, i64), ()>,
}

impl Loaders {
    pub fn new(db: &DatabaseConnection) -> Self {
        Loaders {
            users: loader(db, |db, ids| {
                Box::pin(async move { user_service::find_many(&db, &ids).await })
            }),
            interests: loader(db, |db, ids| {
                Box::pin(async move { tags::names_of::<user_interests::Entity>(&db, &ids).await })
            }),
            courses: loader(db, |db, ids| {
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
            course_tags: loader(db, |db, ids| {
                Box::pin(async move { tags::names_of::<course_tags::Entity>(&db, &ids).await })
            }),
            lessons: loader(db, |db, ids| {
                Box::pin(async move { lesson_service::of_courses(&db, &ids).await })
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
}
