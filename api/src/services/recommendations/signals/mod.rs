//! The platform's signals become the training set: users × items (courses
//! `c12`, threads `t7`; see [`items`](super::items)) with a confidence
//! weight and the time of the latest signal.
//!
//! | signal | item | weight |
//! |---|---|---|
//! | enrolment, not refunded | course | 3 |
//! | lesson completed, under a live enrolment | course | 0.25 each, at most 12 counted (3) |
//! | review | course | 1★ 0.5, 2★ 0.75, 3★ 1, 4★ 1.5, 5★ 2 |
//! | course page view (`recordCourseView`; one per member and course per ~1 s batch) | course | 0.25 each, at most 4 counted (1) |
//! | asking (the thread's author) | thread | 3 |
//! | answering | thread | 2 per answer |
//! | commenting, on the thread or its answers | thread | 1 per comment |
//! | upvote on the thread | thread | 1 |
//! | upvote on one of its answers | thread | 0.5 per answer |
//! | bookmark | thread | 2 |
//! | follow | thread | 1.5 |
//!
//! A user's signals on one item add up, capped at [`weights::CAP`] (10); the
//! pair's time is its latest signal's.
//!
//! Not counted: downvotes (a "not this", and the models take positive
//! confidence only); tag and user follows (not items); refunded enrolments
//! and the lessons completed under them; draft and archived courses and
//! everything on them, their threads included; deleted, merged or hidden
//! threads and everything in them; deleted or hidden answers and comments,
//! the comments under such answers and the votes on them; a creator's
//! signals on their own course; every signal of a deleted account.
//! Suspended accounts count: a suspension ends, and their past reading
//! still says what they like.
//!
//! The set is read in one pass over a read-only snapshot (PostgreSQL:
//! REPEATABLE READ READ ONLY; SQLite: one transaction), each table streamed
//! as tuples of the needed columns, and aggregated per (user, item). Rows
//! are sorted by (user id, item) before indexing, so one snapshot always
//! gives the same training set.

mod aggregate;
mod catalogue;
mod community;
mod courses;

use std::collections::{HashMap, hash_map::Entry};
use std::time::Instant;

use anyhow::Context;
use sea_orm::{
    AccessMode, DatabaseConnection, DatabaseTransaction, DbBackend, IsolationLevel,
    TransactionTrait,
};

use self::aggregate::{Aggregator, Signal};
use self::catalogue::Catalogue;
use super::items::{self, ItemRef};
use crate::recommend::{ItemText, TrainingData};

/// Confidence weights of the signals (the table above). All are multiples
/// of 1/4, so sums are exact in f32 whatever order rows arrive in.
pub mod weights {
    pub const ENROLMENT: f32 = 3.0;
    pub const LESSON: f32 = 0.25;
    /// Completed lessons counted per course.
    pub const LESSONS_COUNTED: u8 = 12;
    pub const VIEW: f32 = 0.25;
    /// Page views counted per course.
    pub const VIEWS_COUNTED: u8 = 4;
    pub const ASKING: f32 = 3.0;
    pub const ANSWERING: f32 = 2.0;
    pub const COMMENTING: f32 = 1.0;
    pub const UPVOTE_THREAD: f32 = 1.0;
    pub const UPVOTE_ANSWER: f32 = 0.5;
    pub const BOOKMARK: f32 = 2.0;
    pub const FOLLOW_THREAD: f32 = 1.5;
    /// Most a user's signals on one item add up to.
    pub const CAP: f32 = 10.0;

    /// A review by its stars (1–5): even a poor review says the course was
    /// of interest, a good one says more.
    pub fn review(rating: i16) -> f32 {
        match rating {
            ..=1 => 0.5,
            2 => 0.75,
            3 => 1.0,
            4 => 1.5,
            _ => 2.0,
        }
    }
}

/// Tables read, for the progress callback.
const SOURCES: usize = 15;
/// Share of the progress the reading takes; indexing takes the rest.
const READING_SHARE: f64 = 0.95;

/// Builds the training set from the platform in one pass over a read-only snapshot.
pub async fn collect(
    db: &DatabaseConnection,
    progress: &(dyn Fn(f64) + Send + Sync),
) -> anyhow::Result<TrainingData> {
    let started = Instant::now();
    progress(0.0);
    let txn = snapshot(db).await?;
    let (mut read, mut lap) = (0usize, Instant::now());
    let mut step = |tables: usize, source: &str| {
        read += tables;
        progress(READING_SHARE * read as f64 / SOURCES as f64);
        tracing::debug!(
            source,
            elapsed_ms = lap.elapsed().as_millis() as u64,
            "read"
        );
        lap = Instant::now();
    };
    let mut catalogue = Catalogue::default();
    let mut agg = Aggregator::default();

    catalogue::read_deleted_users(&txn, &mut catalogue).await?;
    step(1, "deleted_users");
    catalogue::read_courses(&txn, &mut catalogue).await?;
    step(1, "courses");
    community::read_threads(&txn, &mut catalogue, &mut agg).await?;
    step(1, "threads");
    catalogue::read_tags(&txn, &mut catalogue).await?;
    step(3, "tags");
    community::read_answers(&txn, &mut catalogue, &mut agg).await?;
    step(1, "answers");
    community::read_comments(&txn, &catalogue, &mut agg).await?;
    step(1, "comments");
    community::read_votes(&txn, &catalogue, &mut agg).await?;
    step(1, "votes");
    community::read_bookmarks(&txn, &catalogue, &mut agg).await?;
    step(1, "bookmarks");
    community::read_follows(&txn, &catalogue, &mut agg).await?;
    step(1, "follows");
    courses::read_enrolments(&txn, &catalogue, &mut agg).await?;
    step(1, "enrolments");
    courses::read_lessons(&txn, &catalogue, &mut agg).await?;
    step(1, "lessons");
    courses::read_reviews(&txn, &catalogue, &mut agg).await?;
    step(1, "reviews");
    courses::read_views(&txn, &catalogue, &mut agg).await?;
    step(1, "views");
    // Read only: committing just ends the snapshot.
    txn.commit().await.context("ending the snapshot")?;

    let pairs = agg.len();
    let data = assemble(&catalogue, agg.into_signals())?;
    progress(1.0);
    tracing::info!(
        users = data.user_ids.len(),
        items = data.item_ids.len(),
        pairs,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "collected the recommender training set"
    );
    Ok(data)
}

/// A read-only transaction that sees one state of the database throughout.
async fn snapshot(db: &DatabaseConnection) -> anyhow::Result<DatabaseTransaction> {
    let txn = match db.get_database_backend() {
        DbBackend::Postgres => {
            db.begin_with_config(
                Some(IsolationLevel::RepeatableRead),
                Some(AccessMode::ReadOnly),
            )
            .await
        }
        // SQLite: a transaction's reads see one snapshot (WAL); the
        // isolation options do not apply there.
        _ => db.begin().await,
    };
    txn.context("starting the snapshot")
}

/// Names users and items as the models do and indexes them in row order.
fn assemble(catalogue: &Catalogue, signals: Vec<Signal>) -> anyhow::Result<TrainingData> {
    let mut user_keys: HashMap<i64, String> = HashMap::new();
    let mut item_keys: HashMap<ItemRef, String> = HashMap::new();
    let mut texts: HashMap<String, ItemText> = HashMap::new();
    for signal in &signals {
        user_keys
            .entry(signal.user)
            .or_insert_with(|| items::user_key(signal.user));
        if let Entry::Vacant(slot) = item_keys.entry(signal.item) {
            let key = signal.item.key();
            // Signals are only kept on catalogue items, which have text.
            texts.insert(key.clone(), catalogue.text(signal.item).unwrap_or_default());
            slot.insert(key);
        }
    }
    let rows = signals.iter().map(|s| {
        (
            user_keys[&s.user].as_str(),
            item_keys[&s.item].as_str(),
            s.weight,
            s.at,
        )
    });
    TrainingData::from_rows(rows, Some(&texts)).context("indexing the training set")
}
