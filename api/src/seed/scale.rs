//! `lyceum seed --scale N`: benchmark data on SQLite or PostgreSQL. For N = 1:
//! 100,000 users, 10,000 courses, 100,000 lessons, 1,000,000 enrolments and
//! 200,000 reviews (everything scales by N), plus tags, lesson progress and
//! helpful marks; then the community (`scale_community`).
//!
//! The whole data set is planned in memory first (compact rows, one seeded
//! RNG), so every counter is known before its row is written; then each table
//! is written in one transaction of multi-row INSERTs, as many rows per
//! statement as the backend's bound-parameter limit allows. Text (titles,
//! markdown, HTML, search words) is generated per row while writing, from an
//! RNG seeded by the row's index, so the output does not depend on chunking.

use std::{
    collections::HashSet,
    fmt,
    time::{Duration as StdDuration, Instant},
};

use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use entity::{
    course_tags,
    courses::{self, Level, Status},
    enrollments, lesson_progress, lessons, review_helpful_marks, reviews,
    users::{self, Role},
};
use indicatif::{ProgressBar, ProgressStyle};
use rand::{Rng, SeedableRng, seq::SliceRandom};
use rand_xoshiro::Xoshiro256PlusPlus;
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, IntoActiveModel,
    PaginatorTrait, TransactionTrait,
};

use super::{
    DEMO_PASSWORD, advance_id_sequences, catalogue,
    content::{self, TOPICS, Topic},
    max_id, rows_per_statement, scale_community, scale_community_rows,
};
use crate::{
    auth::password,
    services::{courses as course_service, tags},
    text::markdown_to_safe_html,
};

const SEED: u64 = 0x5ca1_e5ee_d000_2026;
/// The history the data spans, ending at the start of today.
const HISTORY_DAYS: i64 = 3 * 365;
const DAY: i64 = 86_400;
/// Zipf exponent of course popularity: at N = 1 the top course has ~4 % of
/// the enrolments (≈ 37,000), the 1,000th about 150, the last about 25.
const POPULARITY_EXPONENT: f64 = 0.8;
/// One user in this many is a creator.
const USERS_PER_CREATOR: usize = 50;
/// The page cache of the seeding connection on SQLite.
const SQLITE_CACHE_KIB: u32 = 256 * 1024;
const PRICES: &[i64] = &[990, 1990, 2990, 4990, 6990, 9900, 12800, 14900, 19900];

const STEPS_EN: &[&str] = &[
    "The big picture",
    "First steps",
    "Core ideas",
    "A worked example",
    "Common mistakes",
    "Tools of the trade",
    "Going further",
    "Case study",
    "A small project",
    "Testing your understanding",
    "Putting it together",
    "Review and next steps",
];
const STEPS_ZH: &[&str] = &[
    "全景概览",
    "第一步",
    "核心概念",
    "完整示例",
    "常见误区",
    "常用工具",
    "进阶内容",
    "案例分析",
    "小项目实战",
    "自测练习",
    "融会贯通",
    "复习与展望",
];
const TITLE_PREFIXES_EN: &[&str] = &[
    "Practical",
    "Hands-on",
    "Modern",
    "Essential",
    "Applied",
    "A Gentle Introduction to",
    "Mastering",
    "Professional",
    "The Complete Guide to",
    "Fundamentals of",
];
const TITLE_SUFFIXES_EN: &[&str] = &[
    "",
    "",
    ": from Zero to Production",
    " by Example",
    " Step by Step",
    " for Busy Professionals",
    " in 30 Days",
];
const TITLE_PREFIXES_ZH: &[&str] = &["", "", "", "零基础学", "图解", "轻松学"];
const TITLE_SUFFIXES_ZH: &[&str] = &[
    "入门",
    "实战",
    "进阶",
    "精讲",
    "从零到一",
    "核心原理",
    "实战训练营",
    "三十天速成",
];

/// How many rows of each kind a scale asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Targets {
    pub users: usize,
    pub courses: usize,
    pub lessons: usize,
    pub enrollments: usize,
    pub reviews: usize,
    pub threads: usize,
    pub answers: usize,
    pub comments: usize,
    /// Fewer when too few may read the posts (tiny scales).
    pub votes: usize,
    pub follows: usize,
}

impl Targets {
    /// N × (100,000 users, 10,000 courses, 100,000 lessons, 1,000,000
    /// enrolments, 200,000 reviews, 200,000 threads, 1,000,000 answers,
    /// 1,500,000 comments, 5,000,000 votes, 150,000 follows), rounded; at
    /// least two users, one course and one lesson per course.
    pub fn for_scale(scale: f64) -> anyhow::Result<Targets> {
        if !(scale.is_finite() && scale > 0.0) {
            anyhow::bail!("the scale must be a positive number, not {scale}");
        }
        let n = |base: f64| (base * scale).round() as usize;
        let courses = n(10_000.0).max(1);
        Ok(Targets {
            users: n(100_000.0).max(2),
            courses,
            lessons: n(100_000.0).max(courses),
            enrollments: n(1_000_000.0),
            reviews: n(200_000.0),
            threads: n(200_000.0),
            answers: n(1_000_000.0),
            comments: n(1_500_000.0),
            votes: n(5_000_000.0),
            follows: n(150_000.0),
        })
    }
}

/// One table written: rows and time.
#[derive(Debug, Clone)]
pub struct TableReport {
    pub table: &'static str,
    pub rows: usize,
    pub elapsed: StdDuration,
}

/// What `run` wrote.
#[derive(Debug, Clone)]
pub struct Report {
    pub scale: f64,
    pub planning: StdDuration,
    pub tables: Vec<TableReport>,
    pub elapsed: StdDuration,
}

impl Report {
    /// Rows written to `table` (0 if it is not in the report).
    pub fn rows(&self, table: &str) -> usize {
        self.tables
            .iter()
            .find(|t| t.table == table)
            .map_or(0, |t| t.rows)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rows: Vec<String> = self
            .tables
            .iter()
            .map(|t| format!("{} {}", t.rows, t.table))
            .collect();
        write!(
            f,
            "Seeded scale {}: {} in {:.1} s (planning {:.1} s)",
            self.scale,
            rows.join(", "),
            self.elapsed.as_secs_f64(),
            self.planning.as_secs_f64()
        )
    }
}

/// Seeds benchmark data at `scale`. Refuses a database that already has
/// courses; the caller runs the migrations first.
pub async fn run(
    db: &DatabaseConnection,
    scale: f64,
    rewards: &crate::services::rewards::RewardSettings,
    now: DateTime<Utc>,
) -> anyhow::Result<Report> {
    let started = Instant::now();
    let targets = Targets::for_scale(scale)?;
    let existing = courses::Entity::find().count(db).await?;
    if existing > 0 {
        anyhow::bail!(
            "the database already has {existing} courses: `lyceum seed --scale` only fills an \
             empty catalogue; point DATABASE_URL at a new database"
        );
    }

    // Tags first (they may exist already: the vocabulary is shared).
    let mut vocabulary: Vec<String> = Vec::new();
    for topic in TOPICS {
        for tag in topic.tags_en.iter().chain(topic.tags_zh) {
            if !vocabulary.iter().any(|t| t == tag) {
                vocabulary.push((*tag).to_owned());
            }
        }
    }
    vocabulary.sort();
    let end = catalogue::day_start(now);
    let start = end - Duration::days(HISTORY_DAYS);
    let ids = IdBases {
        user: max_id::<users::Entity>(db, users::Column::Id).await?,
        course: max_id::<courses::Entity>(db, courses::Column::Id).await?,
        lesson: max_id::<lessons::Entity>(db, lessons::Column::Id).await?,
        enrollment: max_id::<enrollments::Entity>(db, enrollments::Column::Id).await?,
        review: max_id::<reviews::Entity>(db, reviews::Column::Id).await?,
    };
    let community_ids = scale_community::IdBases::read(db).await?;
    // One argon2 hash for every generated account (hashing each at
    // production cost would take hours at N = 1); all sign in with the demo
    // password.
    let password_hash = password::hash(DEMO_PASSWORD.to_owned())
        .await
        .map_err(|err| anyhow::anyhow!("hashing the shared password: {err}"))?;

    let planning = Instant::now();
    let (plan, community) = tokio::task::spawn_blocking(move || {
        let plan = Plan::new(targets, start, end, ids, vocabulary, password_hash);
        let community = scale_community::Plan::new(&targets, plan.community_view(), community_ids);
        (plan, community)
    })
    .await?;
    let planning = planning.elapsed();
    eprintln!(
        "planned in {:.1} s: {} users, {} courses, {} lessons, {} enrolments, {} lessons completed, {} reviews, {} helpful marks",
        planning.as_secs_f64(),
        plan.joined.len(),
        plan.courses.len(),
        plan.durations.len(),
        plan.enrollments.len(),
        plan.progress_rows,
        plan.reviews.len(),
        plan.marks.len()
    );
    eprintln!("{}", community.describe());

    let mut tables = Vec::new();
    let txn = db.begin().await?;
    let tag_ids = tags::ensure(&txn, &plan.vocabulary, start)
        .await
        .map_err(|err| anyhow::anyhow!("creating the tags: {err}"))?;
    txn.commit().await?;
    let plan = &plan;
    let tag_ids = &tag_ids;

    tables.push(
        write_table(
            db,
            "users",
            plan.joined.len(),
            (0..plan.joined.len()).map(|i| plan.user(i)),
        )
        .await?,
    );
    tables.push(
        write_table(
            db,
            "courses",
            plan.courses.len(),
            (0..plan.courses.len()).map(|i| plan.course(i)),
        )
        .await?,
    );
    let course_tag_rows: usize = plan.courses.iter().map(|c| c.tags.len()).sum();
    tables.push(
        write_table(
            db,
            "course_tags",
            course_tag_rows,
            plan.courses.iter().enumerate().flat_map(|(i, c)| {
                c.tags.iter().map(move |&t| course_tags::ActiveModel {
                    course_id: sea_orm::Set(plan.ids.course + i as i64 + 1),
                    tag_id: sea_orm::Set(tag_ids[t as usize]),
                })
            }),
        )
        .await?,
    );
    tables.push(
        write_table(
            db,
            "lessons",
            plan.durations.len(),
            plan.courses
                .iter()
                .enumerate()
                .flat_map(|(i, c)| (0..c.lesson_count as usize).map(move |j| plan.lesson(i, j))),
        )
        .await?,
    );
    tables.push(
        write_table(
            db,
            "enrollments",
            plan.enrollments.len(),
            (0..plan.enrollments.len()).map(|i| plan.enrollment(i)),
        )
        .await?,
    );
    tables.push(
        write_table(
            db,
            "lesson_progress",
            plan.progress_rows,
            plan.enrollments
                .iter()
                .flat_map(|e| (0..e.done as usize).map(move |j| plan.progress(e, j))),
        )
        .await?,
    );
    tables.push(
        write_table(
            db,
            "reviews",
            plan.reviews.len(),
            (0..plan.reviews.len()).map(|i| plan.review(i)),
        )
        .await?,
    );
    tables.push(
        write_table(
            db,
            "review_helpful_marks",
            plan.marks.len(),
            plan.marks.iter().map(|m| plan.mark(m)),
        )
        .await?,
    );
    tables.extend(scale_community_rows::write(db, &community, tag_ids).await?);
    advance_id_sequences(
        db,
        &["users", "courses", "lessons", "enrollments", "reviews"],
    )
    .await?;
    // The points ledger of everything above, replayed in time order.
    let ledger_started = Instant::now();
    eprintln!(
        "{:>20} replaying votes, acceptances, enrolments and reviews",
        "reward_events"
    );
    let txn = db.begin().await?;
    let ledger_rows = super::rewards::seed_ledger(&txn, rewards).await?;
    txn.commit().await?;
    tables.push(TableReport {
        table: "reward_events",
        rows: ledger_rows,
        elapsed: ledger_started.elapsed(),
    });
    let earnings_started = Instant::now();
    let txn = db.begin().await?;
    let earning_rows = super::earnings::seed_earnings(&txn, rewards, now).await?;
    txn.commit().await?;
    tables.push(TableReport {
        table: "earning_entries",
        rows: earning_rows,
        elapsed: earnings_started.elapsed(),
    });
    // Fresh statistics, so the planner knows the tables are no longer empty.
    db.execute_unprepared("ANALYZE").await?;
    Ok(Report {
        scale,
        planning,
        tables,
        elapsed: started.elapsed(),
    })
}

/// Writes one table in one transaction, `rows_per_statement` rows per INSERT,
/// with a progress bar on stderr.
pub(super) async fn write_table<A>(
    db: &DatabaseConnection,
    table: &'static str,
    total: usize,
    rows: impl Iterator<Item = A>,
) -> anyhow::Result<TableReport>
where
    A: ActiveModelTrait + Send,
{
    let started = Instant::now();
    let bar = ProgressBar::new(total as u64).with_prefix(table);
    bar.set_style(
        ProgressStyle::with_template(
            "{prefix:>20} [{bar:30}] {human_pos}/{human_len} {per_sec} eta {eta}",
        )
        .expect("a valid template")
        .progress_chars("=> "),
    );
    let backend = db.get_database_backend();
    let per_statement = rows_per_statement::<A::Entity>(backend);
    let txn = db.begin().await?;
    if backend == DbBackend::Sqlite {
        // SQLite's default page cache (2 MiB) spills the indexes of a big
        // table to the file again and again; 256 MiB keeps them in memory.
        txn.execute_unprepared(&format!("PRAGMA cache_size = -{SQLITE_CACHE_KIB}"))
            .await?;
    }
    let mut rows = rows;
    let mut written = 0;
    loop {
        let chunk: Vec<A> = rows.by_ref().take(per_statement).collect();
        if chunk.is_empty() {
            break;
        }
        let n = chunk.len();
        A::Entity::insert_many(chunk)
            .exec_without_returning(&txn)
            .await
            .with_context(|| format!("inserting into {table}"))?;
        written += n;
        bar.inc(n as u64);
    }
    txn.commit().await?;
    bar.finish_and_clear();
    let elapsed = started.elapsed();
    eprintln!(
        "{table:>20}: {written:>9} rows in {:>6.1} s ({:>7.0} rows/s)",
        elapsed.as_secs_f64(),
        written as f64 / elapsed.as_secs_f64().max(1e-9)
    );
    Ok(TableReport {
        table,
        rows: written,
        elapsed,
    })
}

/// The largest id of each table before seeding: rows get explicit ids after it.
#[derive(Debug, Clone, Copy)]
struct IdBases {
    user: i64,
    course: i64,
    lesson: i64,
    enrollment: i64,
    review: i64,
}

struct CoursePlan {
    creator: u32,
    topic: u8,
    zh: bool,
    level: Level,
    status: Status,
    price_cents: i64,
    /// Seconds after the start of the history.
    created: u32,
    published: Option<u32>,
    updated: u32,
    /// Learners enrol until then (the archive date, or the end).
    open_until: u32,
    first_lesson: u32,
    lesson_count: u16,
    previews: u8,
    step_offset: u8,
    quality: f32,
    title: String,
    summary: String,
    /// Indexes into the (alphabetical) vocabulary, ascending, so names come
    /// out in the order `tags::names_of` reads them.
    tags: Vec<u16>,
    enrollments: i64,
    rating_count: i64,
    rating_sum: i64,
    /// Reviews of 1–5 stars.
    stars: [i64; 5],
}

struct EnrollmentPlan {
    user: u32,
    course: u32,
    at: u32,
    /// Lessons completed, in order (all of them: the course is completed).
    done: u16,
    refunded: bool,
}

struct ReviewPlan {
    enrollment: u32,
    rating: u8,
    at: u32,
    helpful: u32,
}

struct MarkPlan {
    review: u32,
    user: u32,
    at: u32,
}

struct Plan {
    start: DateTime<Utc>,
    /// Seconds from `start` to the end of the history.
    end: u32,
    ids: IdBases,
    password_hash: String,
    vocabulary: Vec<String>,
    /// Per user: joined, seconds after `start`.
    joined: Vec<u32>,
    creator: Vec<bool>,
    courses: Vec<CoursePlan>,
    /// Per lesson, in id order.
    durations: Vec<u8>,
    enrollments: Vec<EnrollmentPlan>,
    progress_rows: usize,
    reviews: Vec<ReviewPlan>,
    marks: Vec<MarkPlan>,
}

fn row_rng(table: u64, index: usize) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(
        SEED ^ table.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ index as u64,
    )
}

impl Plan {
    fn new(
        targets: Targets,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        ids: IdBases,
        vocabulary: Vec<String>,
        password_hash: String,
    ) -> Plan {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(SEED);
        let history = (end - start).num_seconds() as u32;
        let at = |fraction: f64| (f64::from(history) * fraction) as u32;
        let day = DAY as u32;

        // Users join in the first 60 % of the history, in id order; one in
        // fifty is a creator.
        let mut joined: Vec<u32> = (0..targets.users)
            .map(|_| rng.gen_range(0..at(0.6)))
            .collect();
        joined.sort_unstable();
        let creator: Vec<bool> = (0..targets.users)
            .map(|i| i % USERS_PER_CREATOR == 0)
            .collect();
        let creators: Vec<u32> = (0..targets.users as u32)
            .filter(|&i| creator[i as usize])
            .collect();
        let learners: Vec<u32> = (0..targets.users as u32)
            .filter(|&i| !creator[i as usize])
            .collect();

        // Lessons per course: about the mean, never fewer than one, summing
        // exactly to the target.
        let mean = targets.lessons / targets.courses;
        let mut lesson_counts: Vec<usize> = (0..targets.courses)
            .map(|i| mean + usize::from(i < targets.lessons % targets.courses))
            .collect();
        let (low, high) = ((mean / 2).max(1), mean * 3 / 2 + 2);
        for _ in 0..targets.courses * 2 {
            let (a, b) = (
                rng.gen_range(0..targets.courses),
                rng.gen_range(0..targets.courses),
            );
            let delta = rng.gen_range(1..=3);
            if a != b && lesson_counts[a] >= low + delta && lesson_counts[b] + delta <= high {
                lesson_counts[a] -= delta;
                lesson_counts[b] += delta;
            }
        }

        let mut courses: Vec<CoursePlan> = lesson_counts
            .iter()
            .map(|&lesson_count| {
                let topic_index = rng.gen_range(0..TOPICS.len());
                let topic = &TOPICS[topic_index];
                let zh = rng.gen_bool(0.5);
                let x: f64 = rng.r#gen();
                let status = if x < 0.02 {
                    Status::Draft
                } else if x < 0.05 {
                    Status::Archived
                } else {
                    Status::Published
                };
                let x: f64 = rng.r#gen();
                let level = if x < 0.45 {
                    Level::Beginner
                } else if x < 0.8 {
                    Level::Intermediate
                } else {
                    Level::Advanced
                };
                let price_cents = if rng.gen_bool(0.15) {
                    0
                } else {
                    PRICES[rng.gen_range(0..PRICES.len())]
                };
                let (created, published, updated, open_until) = match status {
                    Status::Published => {
                        let created = rng.gen_range(at(0.02)..history - 30 * day);
                        let published = created + rng.gen_range(day..14 * day);
                        let updated = published + rng.gen_range(0..14 * day);
                        (created, Some(published), updated, history)
                    }
                    Status::Archived => {
                        let created = rng.gen_range(at(0.02)..at(0.3));
                        let published = created + rng.gen_range(day..14 * day);
                        let archived = rng.gen_range(at(0.7)..history - day);
                        (created, Some(published), archived, archived)
                    }
                    Status::Draft => {
                        let created = rng.gen_range(history - 90 * day..history - 2 * day);
                        let updated = created + rng.gen_range(0..2 * day);
                        (created, None, updated, 0)
                    }
                };
                let (title, summary) = course_title(&mut rng, topic, zh, level);
                let tag_pool = if zh { topic.tags_zh } else { topic.tags_en };
                let tag_count = rng.gen_range(1..=tag_pool.len());
                let mut tags: Vec<u16> = tag_pool
                    .choose_multiple(&mut rng, tag_count)
                    .map(|tag| {
                        vocabulary
                            .binary_search_by(|t| t.as_str().cmp(tag))
                            .expect("every topic tag is in the vocabulary")
                            as u16
                    })
                    .collect();
                tags.sort_unstable();
                CoursePlan {
                    creator: creators
                        [(creators.len() as f64 * rng.r#gen::<f64>().powi(2)) as usize],
                    topic: topic_index as u8,
                    zh,
                    level,
                    status,
                    price_cents,
                    created,
                    published,
                    updated,
                    open_until,
                    first_lesson: 0,
                    lesson_count: lesson_count as u16,
                    previews: if lesson_count >= 6 && rng.gen_bool(0.4) {
                        2
                    } else {
                        1
                    },
                    step_offset: rng.gen_range(0..STEPS_EN.len()) as u8,
                    quality: rng.gen_range(0.25..1.0),
                    title,
                    summary,
                    tags,
                    enrollments: 0,
                    rating_count: 0,
                    rating_sum: 0,
                    stars: [0; 5],
                }
            })
            .collect();
        // Ids follow creation time.
        courses.sort_by_key(|c| c.created);
        let mut first_lesson = 0;
        for course in &mut courses {
            course.first_lesson = first_lesson;
            first_lesson += u32::from(course.lesson_count);
        }
        let durations: Vec<u8> = (0..first_lesson).map(|_| rng.gen_range(6..=35)).collect();

        // Enrolments: a learner (a few enrol a lot) picks a course by Zipf
        // popularity; a pair taken already is drawn again, and after a few
        // misses the learner takes the next free course in popularity order.
        let mut ranked: Vec<u32> = (0..courses.len() as u32)
            .filter(|&c| courses[c as usize].status != Status::Draft)
            .collect();
        ranked.shuffle(&mut rng);
        let mut cdf: Vec<f64> = Vec::with_capacity(ranked.len());
        let mut total = 0.0;
        for rank in 0..ranked.len() {
            total += 1.0 / ((rank + 1) as f64).powf(POPULARITY_EXPONENT);
            cdf.push(total);
        }
        let capacity = learners.len() * ranked.len();
        let wanted = targets.enrollments.min(capacity);
        let course_count = courses.len() as u64;
        let mut taken: HashSet<u64> = HashSet::with_capacity(wanted);
        let mut enrollments: Vec<EnrollmentPlan> = Vec::with_capacity(wanted);
        for _ in 0..wanted {
            let mut learner =
                (learners.len() as f64 * rng.r#gen::<f64>().powf(1.5)) as usize % learners.len();
            let mut chosen = None;
            for _ in 0..8 {
                let x = rng.r#gen::<f64>() * total;
                let rank = cdf.partition_point(|&c| c < x).min(ranked.len() - 1);
                let course = ranked[rank];
                if taken.insert(u64::from(learners[learner]) * course_count + u64::from(course)) {
                    chosen = Some(course);
                    break;
                }
            }
            let first = rng.gen_range(0..ranked.len());
            while chosen.is_none() {
                chosen = (0..ranked.len())
                    .map(|k| ranked[(first + k) % ranked.len()])
                    .find(|&course| {
                        taken
                            .insert(u64::from(learners[learner]) * course_count + u64::from(course))
                    });
                if chosen.is_none() {
                    learner = (learner + 1) % learners.len();
                }
            }
            let user = learners[learner];
            let course = chosen.expect("a free pair exists below capacity");
            let c = &mut courses[course as usize];
            let from = c.published.unwrap_or(0).max(joined[user as usize]) + 3600;
            let at = rng.gen_range(from..=c.open_until - 3600);
            let refunded = c.price_cents > 0 && rng.gen_bool(0.02);
            let n = c.lesson_count;
            let done = if refunded {
                0
            } else {
                let x: f64 = rng.r#gen();
                if x < 0.04 {
                    n
                } else if x < 0.14 && n > 1 {
                    rng.gen_range(1..n)
                } else {
                    0
                }
            };
            if !refunded {
                c.enrollments += 1;
            }
            enrollments.push(EnrollmentPlan {
                user,
                course,
                at,
                done,
                refunded,
            });
        }
        enrollments.sort_by_key(|e| (e.at, e.user, e.course));
        let progress_rows = enrollments.iter().map(|e| usize::from(e.done)).sum();

        // Reviews: the wanted number of active enrolments, those further
        // along more likely (Efraimidis–Spirakis keys u^(1/w)).
        let mut keyed: Vec<(f64, u32)> = enrollments
            .iter()
            .enumerate()
            .filter(|(_, e)| !e.refunded)
            .map(|(i, e)| {
                let weight = if e.done == courses[e.course as usize].lesson_count {
                    4.0
                } else if e.done > 0 {
                    2.0
                } else {
                    1.0
                };
                (rng.r#gen::<f64>().powf(1.0 / weight), i as u32)
            })
            .collect();
        let wanted = targets.reviews.min(keyed.len());
        if wanted > 0 && wanted < keyed.len() {
            keyed.select_nth_unstable_by(wanted - 1, |a, b| b.0.total_cmp(&a.0));
        }
        keyed.truncate(wanted);
        keyed.sort_unstable_by_key(|&(_, i)| i);
        let mut reviews: Vec<ReviewPlan> = keyed
            .into_iter()
            .map(|(_, i)| {
                let e = &enrollments[i as usize];
                let course = &mut courses[e.course as usize];
                let last = last_activity(e, course.lesson_count, history);
                let rating = content::rating(&mut rng, f64::from(course.quality));
                course.rating_count += 1;
                course.rating_sum += i64::from(rating);
                course.stars[usize::try_from(rating - 1).expect("1–5 stars")] += 1;
                ReviewPlan {
                    enrollment: i,
                    rating: rating as u8,
                    at: rng.gen_range((last + 3600).min(history)..=(last + 10 * day).min(history)),
                    helpful: 0,
                }
            })
            .collect();
        reviews.sort_by_key(|r| (r.at, r.enrollment));

        // Helpful marks: a quarter as many as reviews, by anyone but the author.
        let wanted = reviews.len() / 4;
        let mut marks: Vec<MarkPlan> = Vec::with_capacity(wanted);
        let mut marked: HashSet<u64> = HashSet::with_capacity(wanted);
        let mut attempts = 0;
        while marks.len() < wanted && attempts < wanted * 20 {
            attempts += 1;
            let review = rng.gen_range(0..reviews.len());
            let user = rng.gen_range(0..targets.users) as u32;
            let author = enrollments[reviews[review].enrollment as usize].user;
            if user == author
                || !marked.insert(review as u64 * targets.users as u64 + u64::from(user))
            {
                continue;
            }
            let from = reviews[review].at.max(joined[user as usize]);
            marks.push(MarkPlan {
                review: review as u32,
                user,
                at: rng.gen_range(from..=history),
            });
            reviews[review].helpful += 1;
        }

        Plan {
            start,
            end: history,
            ids,
            password_hash,
            vocabulary,
            joined,
            creator,
            courses,
            durations,
            enrollments,
            progress_rows,
            reviews,
            marks,
        }
    }

    fn time(&self, seconds: u32) -> DateTime<Utc> {
        self.start + Duration::seconds(i64::from(seconds))
    }

    /// What the community plan needs: who joined when, the courses and
    /// their live enrolments.
    fn community_view(&self) -> scale_community::Catalogue {
        scale_community::Catalogue {
            start: self.start,
            user_base: self.ids.user,
            course_base: self.ids.course,
            end: self.end,
            joined: self.joined.clone(),
            courses: self
                .courses
                .iter()
                .map(|c| scale_community::CourseView {
                    creator: c.creator,
                    topic: c.topic,
                    zh: c.zh,
                    tags: c.tags.clone(),
                    published: c.published,
                    open_until: c.open_until,
                })
                .collect(),
            enrolments: self
                .enrollments
                .iter()
                .filter(|e| !e.refunded)
                .map(|e| (e.user, e.course, e.at))
                .collect(),
            vocabulary: self.vocabulary.clone(),
        }
    }

    fn user(&self, i: usize) -> users::ActiveModel {
        let mut rng = row_rng(1, i);
        let display_name = if rng.gen_bool(0.5) {
            format!(
                "{} {}",
                content::FIRST_NAMES_EN[rng.gen_range(0..content::FIRST_NAMES_EN.len())],
                content::LAST_NAMES_EN[rng.gen_range(0..content::LAST_NAMES_EN.len())]
            )
        } else {
            format!(
                "{}{}",
                content::SURNAMES_ZH[rng.gen_range(0..content::SURNAMES_ZH.len())].0,
                content::GIVEN_NAMES_ZH[rng.gen_range(0..content::GIVEN_NAMES_ZH.len())].0
            )
        };
        let username = format!("user{:0width$}", i + 1, width = 6);
        let joined = self.time(self.joined[i]);
        users::Model {
            id: self.ids.user + i as i64 + 1,
            email: Some(format!("{username}@scale.lyceum.example")),
            username,
            display_name,
            password_hash: Some(self.password_hash.clone()),
            role: if self.creator[i] {
                Role::Creator
            } else {
                Role::Learner
            },
            status: users::Status::Active,
            suspended_until: None,
            suspension_reason: None,
            bio: None,
            avatar_url: None,
            points: 0,
            level: 1,
            certified_at: None,
            created_at: joined,
            updated_at: joined,
            deleted_at: None,
        }
        .into_active_model()
    }

    fn lesson_title(&self, course: &CoursePlan, j: usize) -> String {
        let steps = if course.zh { STEPS_ZH } else { STEPS_EN };
        let step = steps[(usize::from(course.step_offset) + j) % steps.len()];
        match j / steps.len() {
            0 => step.to_owned(),
            round => format!("{step} ({})", round + 1),
        }
    }

    fn course(&self, i: usize) -> courses::ActiveModel {
        let c = &self.courses[i];
        let titles: Vec<String> = (0..usize::from(c.lesson_count))
            .map(|j| self.lesson_title(c, j))
            .collect();
        let title_refs: Vec<&str> = titles.iter().map(String::as_str).collect();
        let first = c.first_lesson as usize;
        let minutes: i32 = self.durations[first..first + usize::from(c.lesson_count)]
            .iter()
            .map(|&d| i32::from(d))
            .sum();
        let description = content::description_markdown(
            c.zh,
            &c.summary,
            c.level,
            &title_refs,
            minutes,
            usize::from(c.previews),
        );
        let topic_key = TOPICS[usize::from(c.topic)].key;
        courses::Model {
            id: self.ids.course + i as i64 + 1,
            creator_id: self.ids.user + i64::from(c.creator) + 1,
            slug: format!("course-{:06}-{topic_key}", i + 1),
            title: c.title.clone(),
            summary: c.summary.clone(),
            description_html: markdown_to_safe_html(&description),
            description,
            level: c.level,
            price_cents: c.price_cents,
            currency: if c.zh { "CNY" } else { "USD" }.to_owned(),
            cover_url: None,
            status: c.status,
            enrollment_count: c.enrollments,
            rating_count: c.rating_count,
            rating_sum: c.rating_sum,
            rating_score: course_service::rating_score(c.rating_sum, c.rating_count),
            stars_1: c.stars[0],
            stars_2: c.stars[1],
            stars_3: c.stars[2],
            stars_4: c.stars[3],
            stars_5: c.stars[4],
            lesson_count: i32::from(c.lesson_count),
            published_at: c.published.map(|t| self.time(t)),
            created_at: self.time(c.created),
            updated_at: self.time(c.updated),
        }
        .into_active_model()
    }

    fn lesson(&self, course_index: usize, j: usize) -> lessons::ActiveModel {
        let c = &self.courses[course_index];
        let index = c.first_lesson as usize + j;
        let mut rng = row_rng(2, index);
        let title = self.lesson_title(c, j);
        let body = content::lesson_markdown(
            &mut rng,
            &TOPICS[usize::from(c.topic)],
            c.zh,
            &c.title,
            &title,
        );
        let created = self.time(c.created) + Duration::minutes(10 * (j as i64 + 1));
        lessons::Model {
            id: self.ids.lesson + index as i64 + 1,
            course_id: self.ids.course + course_index as i64 + 1,
            position: j as i32 + 1,
            title,
            body_html: markdown_to_safe_html(&body),
            body,
            free_preview: j < usize::from(c.previews),
            duration_minutes: i32::from(self.durations[index]),
            created_at: created,
            updated_at: created,
        }
        .into_active_model()
    }

    fn enrollment(&self, i: usize) -> enrollments::ActiveModel {
        let e = &self.enrollments[i];
        let c = &self.courses[e.course as usize];
        let id = self.ids.enrollment + i as i64 + 1;
        let user_id = self.ids.user + i64::from(e.user) + 1;
        let refunded_at = e.refunded.then(|| {
            let mut rng = row_rng(3, i);
            let from = (e.at + 2 * 3600).min(self.end);
            let to = (e.at + 5 * DAY as u32).min(self.end);
            self.time(rng.gen_range(from..=to))
        });
        enrollments::Model {
            id,
            user_id,
            course_id: self.ids.course + i64::from(e.course) + 1,
            price_paid_cents: c.price_cents,
            currency: if c.zh { "CNY" } else { "USD" }.to_owned(),
            idempotency_key: format!("seed-{id}"),
            created_at: self.time(e.at),
            completed_at: (e.done > 0 && e.done == c.lesson_count)
                .then(|| self.time(last_activity(e, c.lesson_count, self.end))),
            refunded_at,
            refund_reason: e
                .refunded
                .then(|| content::REFUND_REASONS[i % content::REFUND_REASONS.len()].to_owned()),
            refunded_by: e.refunded.then_some(user_id),
        }
        .into_active_model()
    }

    fn progress(&self, e: &EnrollmentPlan, j: usize) -> lesson_progress::ActiveModel {
        let c = &self.courses[e.course as usize];
        lesson_progress::Model {
            user_id: self.ids.user + i64::from(e.user) + 1,
            lesson_id: self.ids.lesson + i64::from(c.first_lesson) + j as i64 + 1,
            course_id: self.ids.course + i64::from(e.course) + 1,
            completed_at: self.time(lesson_done_at(e, c.lesson_count, self.end, j)),
        }
        .into_active_model()
    }

    fn review(&self, i: usize) -> reviews::ActiveModel {
        let r = &self.reviews[i];
        let e = &self.enrollments[r.enrollment as usize];
        let c = &self.courses[e.course as usize];
        let mut rng = row_rng(4, i);
        let zh = rng.gen_bool(if c.zh { 0.9 } else { 0.15 });
        let at = self.time(r.at);
        reviews::Model {
            id: self.ids.review + i as i64 + 1,
            course_id: self.ids.course + i64::from(e.course) + 1,
            user_id: self.ids.user + i64::from(e.user) + 1,
            rating: i16::from(r.rating),
            body: content::review_body(&mut rng, zh, i16::from(r.rating)).to_owned(),
            helpful_count: r.helpful as i32,
            created_at: at,
            updated_at: at,
        }
        .into_active_model()
    }

    fn mark(&self, m: &MarkPlan) -> review_helpful_marks::ActiveModel {
        review_helpful_marks::Model {
            review_id: self.ids.review + i64::from(m.review) + 1,
            user_id: self.ids.user + i64::from(m.user) + 1,
            created_at: self.time(m.at),
        }
        .into_active_model()
    }
}

/// When the `j`-th lesson (0-based) of an enrolment was completed: lessons
/// are done in order, spread over up to three days each, before the end.
fn lesson_done_at(e: &EnrollmentPlan, lessons: u16, end: u32, j: usize) -> u32 {
    let n = u64::from(lessons);
    let span = u64::from(end - e.at).min(n * 3 * DAY as u64);
    e.at + (span * (j as u64 + 1) / (n + 1)) as u32
}

/// The enrolment's last completed lesson, or its start.
fn last_activity(e: &EnrollmentPlan, lessons: u16, end: u32) -> u32 {
    match e.done {
        0 => e.at,
        done => lesson_done_at(e, lessons, end, usize::from(done) - 1),
    }
}

fn course_title(rng: &mut impl Rng, topic: &Topic, zh: bool, level: Level) -> (String, String) {
    let mut points: Vec<&str> = if zh {
        topic.points_zh.choose_multiple(rng, 2).copied().collect()
    } else {
        topic.points_en.choose_multiple(rng, 2).copied().collect()
    };
    points.sort_unstable();
    if zh {
        let subject = topic.subjects_zh[rng.gen_range(0..topic.subjects_zh.len())];
        let prefix = TITLE_PREFIXES_ZH[rng.gen_range(0..TITLE_PREFIXES_ZH.len())];
        let suffix = TITLE_SUFFIXES_ZH[rng.gen_range(0..TITLE_SUFFIXES_ZH.len())];
        let level = match level {
            Level::Beginner => "入门",
            Level::Intermediate => "进阶",
            Level::Advanced => "高级",
        };
        (
            format!("{prefix}{subject}{suffix}"),
            format!(
                "一门关于{subject}的{level}课程：{}，{}。",
                points[0], points[1]
            ),
        )
    } else {
        let subject = topic.subjects_en[rng.gen_range(0..topic.subjects_en.len())];
        let prefix = TITLE_PREFIXES_EN[rng.gen_range(0..TITLE_PREFIXES_EN.len())];
        let suffix = TITLE_SUFFIXES_EN[rng.gen_range(0..TITLE_SUFFIXES_EN.len())];
        let level = match level {
            Level::Beginner => "beginner",
            Level::Intermediate => "intermediate",
            Level::Advanced => "advanced",
        };
        (
            format!("{prefix} {subject}{suffix}"),
            format!(
                "{} {level} course on {subject}: {}, then {}.",
                if level.starts_with(['a', 'e', 'i', 'o', 'u']) {
                    "An"
                } else {
                    "A"
                },
                points[0],
                points[1]
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_scale_and_refuse_nonsense() {
        let one = Targets::for_scale(1.0).unwrap();
        assert_eq!(
            one,
            Targets {
                users: 100_000,
                courses: 10_000,
                lessons: 100_000,
                enrollments: 1_000_000,
                reviews: 200_000,
                threads: 200_000,
                answers: 1_000_000,
                comments: 1_500_000,
                votes: 5_000_000,
                follows: 150_000,
            }
        );
        assert_eq!(Targets::for_scale(0.002).unwrap().courses, 20);
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(Targets::for_scale(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn plans_are_deterministic_and_consistent() {
        let end = DateTime::parse_from_rfc3339("2026-11-29T00:00:00Z")
            .unwrap()
            .to_utc();
        let start = end - Duration::days(HISTORY_DAYS);
        let ids = IdBases {
            user: 0,
            course: 0,
            lesson: 0,
            enrollment: 0,
            review: 0,
        };
        let vocabulary = || {
            let mut v: Vec<String> = TOPICS
                .iter()
                .flat_map(|t| t.tags_en.iter().chain(t.tags_zh))
                .map(|t| (*t).to_owned())
                .collect();
            v.sort();
            v.dedup();
            v
        };
        let targets = Targets::for_scale(0.001).unwrap();
        let a = Plan::new(targets, start, end, ids, vocabulary(), String::new());
        let b = Plan::new(targets, start, end, ids, vocabulary(), String::new());
        assert_eq!(a.durations.len(), targets.lessons);
        let pairs = |p: &Plan| -> Vec<(u32, u32, u32)> {
            p.enrollments
                .iter()
                .map(|e| (e.user, e.course, e.at))
                .collect()
        };
        assert_eq!(pairs(&a), pairs(&b));
        let unique: HashSet<(u32, u32)> =
            a.enrollments.iter().map(|e| (e.user, e.course)).collect();
        assert_eq!(unique.len(), a.enrollments.len());
        for e in &a.enrollments {
            let c = &a.courses[e.course as usize];
            assert!(!a.creator[e.user as usize]);
            assert_ne!(c.status, Status::Draft);
            assert!(e.at >= c.published.unwrap() && e.at <= c.open_until);
            assert!(e.at >= a.joined[e.user as usize] && e.at <= a.end);
        }
    }
}
