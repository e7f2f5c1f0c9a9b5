//! What each badge asks: one query per badge over a batch of users, finding
//! the (user, subject) pairs that qualify. Thresholds are data (the badges
//! table); the keys are fixed here because code decides what each one means.

use entity::{answers, courses};
use sea_orm::{
    ColumnTrait, EntityTrait, ExprTrait, FromQueryResult, QueryFilter, QuerySelect, Statement,
    sea_query::Expr,
};

use crate::{
    error::ApiResult,
    services::{Db, search::query::placeholders},
};

pub const FIRST_ANSWER: &str = "FIRST_ANSWER";
pub const GOOD_ANSWER: &str = "GOOD_ANSWER";
pub const GREAT_ANSWER: &str = "GREAT_ANSWER";
pub const TEN_ACCEPTED: &str = "TEN_ACCEPTED";
pub const POPULAR_COURSE: &str = "POPULAR_COURSE";
pub const TOP_RATED_COURSE: &str = "TOP_RATED_COURSE";
pub const DEDICATED: &str = "DEDICATED";

pub const ALL: [&str; 7] = [
    FIRST_ANSWER,
    GOOD_ANSWER,
    GREAT_ANSWER,
    TEN_ACCEPTED,
    POPULAR_COURSE,
    TOP_RATED_COURSE,
    DEDICATED,
];

/// The average rating a top-rated course needs, in tenths of a star (the
/// comparison stays in integers: sum × 10 ≥ count × 45).
pub const TOP_RATED_MIN_AVERAGE_TENTHS: i64 = 45;

/// The static key of a badge defined in the table, if code knows it.
pub fn static_key(key: &str) -> Option<&'static str> {
    ALL.into_iter().find(|known| *known == key)
}

/// What a badge's subject id points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Answer,
    Course,
}

/// The kind of subject a badge is awarded for; None: once per user
/// (subject 0).
pub fn subject_of(key: &str) -> Option<Subject> {
    match key {
        GOOD_ANSWER | GREAT_ANSWER => Some(Subject::Answer),
        POPULAR_COURSE | TOP_RATED_COURSE => Some(Subject::Course),
        _ => None,
    }
}

/// One award a user qualifies for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Candidate {
    pub user_id: i64,
    pub badge: &'static str,
    /// The answer or course; 0 for once-per-user badges.
    pub subject_id: i64,
    /// The answer's thread, so the notification links to it.
    pub thread_id: Option<i64>,
}

/// The awards of badge `key` (at `threshold`) that these users qualify for.
pub async fn qualifying(
    db: &impl Db,
    key: &'static str,
    threshold: i64,
    users: &[i64],
) -> ApiResult<Vec<Candidate>> {
    if users.is_empty() {
        return Ok(Vec::new());
    }
    // A threshold of 0 or less would mean "everyone": treat it as 1.
    let threshold = Ord::max(threshold, 1);
    let once = |user_id| Candidate {
        user_id,
        badge: key,
        subject_id: 0,
        thread_id: None,
    };
    Ok(match key {
        FIRST_ANSWER => answers_at_least(db, users, threshold, false)
            .await?
            .into_iter()
            .map(once)
            .collect(),
        TEN_ACCEPTED => answers_at_least(db, users, threshold, true)
            .await?
            .into_iter()
            .map(once)
            .collect(),
        GOOD_ANSWER | GREAT_ANSWER => answers::Entity::find()
            .select_only()
            .columns([
                answers::Column::AuthorId,
                answers::Column::Id,
                answers::Column::ThreadId,
            ])
            .filter(answers::Column::AuthorId.is_in(users.iter().copied()))
            .filter(answers::Column::DeletedAt.is_null())
            .filter(answers::Column::Score.gte(threshold))
            .into_tuple::<(i64, i64, i64)>()
            .all(db)
            .await?
            .into_iter()
            .map(|(user_id, answer_id, thread_id)| Candidate {
                user_id,
                badge: key,
                subject_id: answer_id,
                thread_id: Some(thread_id),
            })
            .collect(),
        POPULAR_COURSE | TOP_RATED_COURSE => {
            let mut query = courses::Entity::find()
                .select_only()
                .columns([courses::Column::CreatorId, courses::Column::Id])
                .filter(courses::Column::CreatorId.is_in(users.iter().copied()));
            query = if key == POPULAR_COURSE {
                query.filter(courses::Column::EnrollmentCount.gte(threshold))
            } else {
                query
                    .filter(courses::Column::RatingCount.gte(threshold))
                    .filter(Expr::col(courses::Column::RatingSum).mul(10).gte(
                        Expr::col(courses::Column::RatingCount).mul(TOP_RATED_MIN_AVERAGE_TENTHS),
                    ))
            };
            query
                .into_tuple::<(i64, i64)>()
                .all(db)
                .await?
                .into_iter()
                .map(|(user_id, course_id)| Candidate {
                    user_id,
                    badge: key,
                    subject_id: course_id,
                    thread_id: None,
                })
                .collect()
        }
        DEDICATED => with_streak(db, users, threshold)
            .await?
            .into_iter()
            .map(once)
            .collect(),
        _ => Vec::new(),
    })
}

/// Users with at least `threshold` answers not deleted (accepted ones only
/// if asked).
async fn answers_at_least(
    db: &impl Db,
    users: &[i64],
    threshold: i64,
    accepted_only: bool,
) -> ApiResult<Vec<i64>> {
    let mut query = answers::Entity::find()
        .select_only()
        .column(answers::Column::AuthorId)
        .filter(answers::Column::AuthorId.is_in(users.iter().copied()))
        .filter(answers::Column::DeletedAt.is_null());
    if accepted_only {
        query = query.filter(answers::Column::Accepted.eq(true));
    }
    Ok(query
        .group_by(answers::Column::AuthorId)
        .having(Expr::col(answers::Column::Id).count().gte(threshold))
        .into_tuple::<i64>()
        .all(db)
        .await?)
}

#[derive(Debug, FromQueryResult)]
struct StreakUser {
    user_id: i64,
}

/// Users active on at least `days` consecutive UTC days. A day is active
/// with any thread, answer, comment or vote the user created on it (later
/// deleted or not: the activity happened). Consecutive days are the islands
/// of `day − row number`, which is constant along a run.
async fn with_streak(db: &impl Db, users: &[i64], days: i64) -> ApiResult<Vec<i64>> {
    let backend = db.get_database_backend();
    let day = match backend {
        sea_orm::DbBackend::Postgres => {
            "((created_at AT TIME ZONE 'UTC')::date - DATE '1970-01-01')"
        }
        // Midnight of a Julian day is x.5: the integer part numbers the day.
        _ => "CAST(julianday(date(created_at)) AS INTEGER)",
    };
    let list = vec!["?"; users.len()].join(", ");
    let sql = format!(
        "WITH days AS ( \
           SELECT DISTINCT user_id, {day} AS day FROM ( \
             SELECT author_id AS user_id, created_at FROM threads WHERE author_id IN ({list}) \
             UNION ALL SELECT author_id, created_at FROM answers WHERE author_id IN ({list}) \
             UNION ALL SELECT author_id, created_at FROM comments WHERE author_id IN ({list}) \
             UNION ALL SELECT user_id, created_at FROM votes WHERE user_id IN ({list}) \
           ) AS activity \
         ), runs AS ( \
           SELECT user_id, day - ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY day) AS run \
           FROM days \
         ) \
         SELECT DISTINCT user_id FROM runs GROUP BY user_id, run HAVING COUNT(*) >= ?"
    );
    let mut values: Vec<sea_orm::Value> = Vec::with_capacity(users.len() * 4 + 1);
    for _ in 0..4 {
        values.extend(users.iter().map(|&user| user.into()));
    }
    values.push(days.into());
    let rows = StreakUser::find_by_statement(Statement::from_sql_and_values(
        backend,
        placeholders(backend, &sql),
        values,
    ))
    .all(db)
    .await?;
    Ok(rows.into_iter().map(|row| row.user_id).collect())
}
