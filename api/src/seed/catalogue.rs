//! The demo catalogue seeded with the demo accounts on a fresh database: ten
//! topics in English and 中文, 40 courses with their lessons, 200 users,
//! enrolments skewed toward a few popular courses, progress, reviews and
//! helpful marks.
//!
//! Deterministic: one seeded RNG and times counted back from the start of the
//! day of the `now` passed in, so every run writes the same rows. Every
//! derived column (counters, rendered HTML, search text, completion) is
//! computed here exactly as the services keep it.

use std::collections::{HashMap, HashSet};
use std::fmt;

use chrono::{DateTime, Duration, Utc};
use entity::{
    course_tags,
    courses::{self, Status},
    enrollments, lesson_progress, lessons, review_helpful_marks, reviews,
    users::{self, Role},
};
use rand::{Rng, SeedableRng, seq::SliceRandom};
use rand_xoshiro::Xoshiro256PlusPlus;
use sea_orm::{ConnectionTrait, IntoActiveModel};

use super::content::*;
use super::{advance_id_sequences, insert_chunked, max_id};
use crate::services::{courses as course_service, tags};
use crate::text::markdown_to_safe_html;
use Status::{Archived, Draft, Published};

/// The RNG seed of the demo catalogue.
const SEED: u64 = 0x4c79_6365_756d_2026;
/// How far back the demo history starts.
pub const HISTORY_DAYS: i64 = 720;
/// Users in the demo, the named demo accounts included.
pub const DEMO_USER_COUNT: usize = 200;

/// Midnight (UTC) of `now`'s day: the fixed point every seeded time is
/// counted back from, so a re-seed on the same day writes identical rows.
pub fn day_start(now: DateTime<Utc>) -> DateTime<Utc> {
    now.date_naive()
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .and_utc()
}

/// When the demo history begins (the demo accounts' creation time).
pub fn history_start(now: DateTime<Utc>) -> DateTime<Utc> {
    day_start(now) - Duration::days(HISTORY_DAYS)
}

/// What the demo seed wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub users: usize,
    pub creators: usize,
    pub topics: usize,
    pub courses: usize,
    pub published: usize,
    pub drafts: usize,
    pub archived: usize,
    pub lessons: usize,
    pub tags: usize,
    pub enrollments: usize,
    pub refunded: usize,
    pub completed: usize,
    pub lessons_completed: usize,
    pub reviews: usize,
    pub helpful_marks: usize,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} users ({} creators), {} topics, {} courses ({} published, {} drafts, {} archived), \
             {} lessons, {} tags, {} enrolments ({} refunded, {} completed), {} lessons completed, \
             {} reviews, {} helpful marks",
            self.users,
            self.creators,
            self.topics,
            self.courses,
            self.published,
            self.drafts,
            self.archived,
            self.lessons,
            self.tags,
            self.enrollments,
            self.refunded,
            self.completed,
            self.lessons_completed,
            self.reviews,
            self.helpful_marks
        )
    }
}

struct Learner {
    id: i64,
    joined: DateTime<Utc>,
    /// One of the named demo learners (always gets a finished and a
    /// half-finished course, to show off progress).
    demo: bool,
}

struct PlannedCourse {
    model: courses::Model,
    spec: &'static CourseSpec,
    tag_names: Vec<String>,
    /// Until when learners enrol: the archive date, or the end of the history.
    open_until: DateTime<Utc>,
    quality: f64,
    first_lesson: usize,
}

/// Seeds the demo catalogue next to the demo `accounts` (already inserted,
/// in the order of `DEMO_USERS`). Run it inside the caller's transaction.
pub async fn seed(
    db: &impl ConnectionTrait,
    accounts: &[users::Model],
    now: DateTime<Utc>,
) -> anyhow::Result<Summary> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(SEED);
    let end = day_start(now);
    let start = history_start(now);
    let by_username: HashMap<&str, &users::Model> =
        accounts.iter().map(|u| (u.username.as_str(), u)).collect();
    let admin_id = accounts
        .iter()
        .find(|u| u.role == Role::Admin)
        .map(|u| u.id)
        .ok_or_else(|| anyhow::anyhow!("the demo accounts have no admin"))?;
    // Every generated account shares the demo accounts' password hash: one
    // argon2 hash at production cost takes ~0.1 s, and 192 of them would make
    // the first start crawl. They all sign in with DEMO_PASSWORD.
    let shared_hash = accounts
        .first()
        .and_then(|u| u.password_hash.clone())
        .ok_or_else(|| anyhow::anyhow!("the demo accounts have no password hash"))?;

    // Users: ten more creators, then learners up to DEMO_USER_COUNT.
    let mut next_user_id = max_id::<users::Entity>(db, users::Column::Id).await?;
    let mut new_users: Vec<users::Model> = Vec::new();
    let mut usernames: HashSet<String> = accounts.iter().map(|u| u.username.clone()).collect();
    let mut creator_ids: HashMap<&str, i64> = accounts
        .iter()
        .filter(|u| u.role == Role::Creator)
        .map(|u| (u.username.as_str(), u.id))
        .collect();
    let mut make_user = |username: String,
                         display_name: String,
                         role: Role,
                         bio: Option<String>,
                         joined: DateTime<Utc>| {
        next_user_id += 1;
        users::Model {
            id: next_user_id,
            email: Some(format!("{username}@demo.lyceum.example")),
            username,
            display_name,
            password_hash: Some(shared_hash.clone()),
            role,
            status: users::Status::Active,
            suspended_until: None,
            suspension_reason: None,
            bio,
            avatar_url: None,
            points: 0,
            level: 1,
            certified_at: None,
            created_at: joined,
            updated_at: joined,
            deleted_at: None,
        }
    };
    for &(username, display_name, bio) in CREATORS {
        let joined = start + Duration::seconds(rng.gen_range(0..30 * 86_400));
        let user = make_user(
            username.to_owned(),
            display_name.to_owned(),
            Role::Creator,
            Some(bio.to_owned()),
            joined,
        );
        creator_ids.insert(username, user.id);
        usernames.insert(user.username.clone());
        new_users.push(user);
    }
    let mut learners: Vec<Learner> = accounts
        .iter()
        .filter(|u| u.role == Role::Learner)
        .map(|u| Learner {
            id: u.id,
            joined: u.created_at,
            demo: true,
        })
        .collect();
    let generated = DEMO_USER_COUNT.saturating_sub(accounts.len() + CREATORS.len());
    for i in 0..generated {
        let (mut username, display_name) = if i % 2 == 0 {
            let first = FIRST_NAMES_EN[rng.gen_range(0..FIRST_NAMES_EN.len())];
            let last = LAST_NAMES_EN[rng.gen_range(0..LAST_NAMES_EN.len())];
            (
                format!("{}_{}", first.to_lowercase(), last.to_lowercase()),
                format!("{first} {last}"),
            )
        } else {
            let (surname, surname_py) = SURNAMES_ZH[rng.gen_range(0..SURNAMES_ZH.len())];
            let (given, given_py) = GIVEN_NAMES_ZH[rng.gen_range(0..GIVEN_NAMES_ZH.len())];
            (
                format!("{surname_py}_{given_py}"),
                format!("{surname}{given}"),
            )
        };
        if usernames.contains(&username) {
            let mut n = 2;
            while usernames.contains(&format!("{username}{n}")) {
                n += 1;
            }
            username = format!("{username}{n}");
        }
        usernames.insert(username.clone());
        // Everyone joins in the first 400 days, before any course is archived.
        let joined = start + Duration::seconds(rng.gen_range(0..400 * 86_400));
        let user = make_user(username, display_name, Role::Learner, None, joined);
        learners.push(Learner {
            id: user.id,
            joined,
            demo: false,
        });
        new_users.push(user);
    }
    let user_count = accounts.len() + new_users.len();
    let creator_count = creator_ids.len();

    // Tags: the shared vocabulary, created where missing.
    let mut vocabulary: Vec<String> = Vec::new();
    let mut course_tag_names: Vec<Vec<String>> = Vec::new();
    for spec in COURSES {
        let raw: Vec<String> = spec.tags.iter().map(|t| (*t).to_owned()).collect();
        let mut names = tags::normalise("tags", &raw, usize::MAX)
            .map_err(|err| anyhow::anyhow!("demo tags of {}: {err}", spec.slug))?;
        // Alphabetical, as `tags::names_of` reads them back (the search text
        // is built from them in this order).
        names.sort();
        for name in &names {
            if !vocabulary.contains(name) {
                vocabulary.push(name.clone());
            }
        }
        course_tag_names.push(names);
    }
    let tag_ids: HashMap<String, i64> = vocabulary
        .iter()
        .cloned()
        .zip(
            tags::ensure(db, &vocabulary, start)
                .await
                .map_err(|err| anyhow::anyhow!("demo tags: {err}"))?,
        )
        .collect();

    // Courses and lessons.
    let mut next_course_id = max_id::<courses::Entity>(db, courses::Column::Id).await?;
    let mut next_lesson_id = max_id::<lessons::Entity>(db, lessons::Column::Id).await?;
    let mut planned: Vec<PlannedCourse> = Vec::with_capacity(COURSES.len());
    let mut all_lessons: Vec<lessons::Model> = Vec::new();
    for (spec, tag_names) in COURSES.iter().zip(course_tag_names) {
        let creator_id = *creator_ids
            .get(spec.creator)
            .or_else(|| by_username.get(spec.creator).map(|u| &u.id))
            .ok_or_else(|| anyhow::anyhow!("no demo creator {}", spec.creator))?;
        let (created_at, published_at, updated_at) = match spec.status {
            Published => {
                let created = start + Duration::seconds(rng.gen_range(30 * 86_400..620 * 86_400));
                let published = created + Duration::seconds(rng.gen_range(86_400..14 * 86_400));
                let updated = published + Duration::seconds(rng.gen_range(0..30 * 86_400));
                (created, Some(published), updated)
            }
            Archived => {
                let created = start + Duration::seconds(rng.gen_range(30 * 86_400..200 * 86_400));
                let published = created + Duration::seconds(rng.gen_range(86_400..14 * 86_400));
                let archived = start + Duration::seconds(rng.gen_range(450 * 86_400..680 * 86_400));
                (created, Some(published), archived)
            }
            Draft => {
                let created = end - Duration::seconds(rng.gen_range(5 * 86_400..60 * 86_400));
                let updated = created + Duration::seconds(rng.gen_range(0..4 * 86_400));
                (created, None, updated)
            }
        };
        let open_until = if spec.status == Archived {
            updated_at
        } else {
            end
        };
        next_course_id += 1;
        let course_id = next_course_id;
        let topic = &TOPICS[spec.topic];
        let first_lesson = all_lessons.len();
        let previews = if spec.lessons.len() >= 6 && rng.gen_bool(0.4) {
            2
        } else {
            1
        };
        let mut minutes = 0;
        for (i, &title) in spec.lessons.iter().enumerate() {
            let body = lesson_markdown(&mut rng, topic, spec.zh, spec.title, title);
            let duration = rng.gen_range(6..=35);
            minutes += duration;
            next_lesson_id += 1;
            all_lessons.push(lessons::Model {
                id: next_lesson_id,
                course_id,
                position: i as i32 + 1,
                title: title.to_owned(),
                body_html: markdown_to_safe_html(&body),
                body,
                free_preview: i < previews,
                duration_minutes: duration,
                created_at: created_at + Duration::minutes(10 * (i as i64 + 1)),
                updated_at: created_at + Duration::minutes(10 * (i as i64 + 1)),
            });
        }
        let description = description_markdown(
            spec.zh,
            spec.summary,
            spec.level,
            spec.lessons,
            minutes,
            previews,
        );
        let model = courses::Model {
            id: course_id,
            creator_id,
            title: spec.title.to_owned(),
            slug: spec.slug.to_owned(),
            summary: spec.summary.to_owned(),
            description_html: markdown_to_safe_html(&description),
            description,
            level: spec.level,
            price_cents: spec.price_cents,
            currency: if spec.zh { "CNY" } else { "USD" }.to_owned(),
            cover_url: None,
            status: spec.status,
            enrollment_count: 0,
            rating_count: 0,
            rating_sum: 0,
            rating_score: course_service::rating_score(0, 0),
            stars_1: 0,
            stars_2: 0,
            stars_3: 0,
            stars_4: 0,
            stars_5: 0,
            lesson_count: spec.lessons.len() as i32,
            published_at,
            created_at,
            updated_at,
        };
        planned.push(PlannedCourse {
            model,
            spec,
            tag_names,
            open_until,
            quality: rng.gen_range(0.25..1.0),
            first_lesson,
        });
    }

    // Popularity: the named favourites first, the rest shuffled.
    let mut ranked: Vec<usize> = POPULAR
        .iter()
        .filter_map(|slug| COURSES.iter().position(|c| c.slug == *slug))
        .collect();
    let mut rest: Vec<usize> = (0..COURSES.len())
        .filter(|i| !ranked.contains(i) && COURSES[*i].status != Draft)
        .collect();
    rest.shuffle(&mut rng);
    ranked.extend(rest);
    let mut weight = vec![0.0_f64; COURSES.len()];
    for (rank, &course) in ranked.iter().enumerate() {
        weight[course] = 1.0 / ((rank + 1) as f64).powf(1.1);
    }

    // Enrolments: each learner picks k courses, weighted by popularity,
    // without replacement (Efraimidis–Spirakis keys u^(1/w)).
    const COURSES_PER_LEARNER: [u32; 9] = [8, 20, 22, 18, 12, 8, 6, 4, 2];
    let mut next_enrollment_id = max_id::<enrollments::Entity>(db, enrollments::Column::Id).await?;
    let mut all_enrollments: Vec<(enrollments::Model, usize, Showcase)> = Vec::new();
    for learner in &learners {
        let k = if learner.demo {
            rng.gen_range(4..=6)
        } else {
            pick_weighted(&mut rng, &COURSES_PER_LEARNER)
        };
        let mut keyed: Vec<(f64, usize)> = (0..planned.len())
            .filter(|&c| weight[c] > 0.0)
            .map(|c| (rng.r#gen::<f64>().powf(1.0 / weight[c]), c))
            .collect();
        keyed.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        for (nth, &(_, c)) in keyed.iter().take(k).enumerate() {
            let course = &planned[c];
            let from = course
                .model
                .published_at
                .unwrap_or(start)
                .max(learner.joined)
                + Duration::hours(1);
            let enrolled_at = time_between(&mut rng, from, course.open_until - Duration::hours(1));
            next_enrollment_id += 1;
            all_enrollments.push((
                enrollments::Model {
                    id: next_enrollment_id,
                    user_id: learner.id,
                    course_id: course.model.id,
                    price_paid_cents: course.model.price_cents,
                    currency: course.model.currency.clone(),
                    idempotency_key: format!("seed-{next_enrollment_id}"),
                    created_at: enrolled_at,
                    completed_at: None,
                    refunded_at: None,
                    refund_reason: None,
                    refunded_by: None,
                },
                c,
                // The demo learners finish their first course and get halfway
                // through the second.
                match (learner.demo, nth) {
                    (true, 0) => Showcase::Finished,
                    (true, 1) => Showcase::Halfway,
                    _ => Showcase::No,
                },
            ));
        }
    }

    // A few refunds, of paid courses, by generated learners.
    let demo_learner_ids: HashSet<i64> = learners.iter().filter(|l| l.demo).map(|l| l.id).collect();
    let mut refundable: Vec<usize> = (0..all_enrollments.len())
        .filter(|&i| {
            let (e, _, _) = &all_enrollments[i];
            e.price_paid_cents > 0 && !demo_learner_ids.contains(&e.user_id)
        })
        .collect();
    refundable.shuffle(&mut rng);
    for (n, &i) in refundable.iter().take(6).enumerate() {
        let (e, _, _) = &mut all_enrollments[i];
        let refunded_at = time_between(
            &mut rng,
            e.created_at + Duration::hours(2),
            (e.created_at + Duration::days(5)).min(end),
        );
        e.refunded_at = Some(refunded_at);
        e.refund_reason = Some(REFUND_REASONS[n % REFUND_REASONS.len()].to_owned());
        // Learners refund themselves within the window; staff grant the rest.
        e.refunded_by = Some(if n % 3 == 2 { admin_id } else { e.user_id });
    }

    // Progress, completion and reviews of the enrolments still active.
    let mut progress: Vec<lesson_progress::Model> = Vec::new();
    let mut all_reviews: Vec<reviews::Model> = Vec::new();
    let mut next_review_id = max_id::<reviews::Entity>(db, reviews::Column::Id).await?;
    let mut enrollment_counts = vec![0_i64; planned.len()];
    let mut rating_counts = vec![0_i64; planned.len()];
    let mut rating_sums = vec![0_i64; planned.len()];
    let mut histograms = vec![[0_i64; 5]; planned.len()];
    let mut completed = 0;
    for (e, c, showcase) in &mut all_enrollments {
        if e.refunded_at.is_some() {
            continue;
        }
        let course = &planned[*c];
        enrollment_counts[*c] += 1;
        let n = course.spec.lessons.len();
        let done = match showcase {
            Showcase::Finished => n,
            Showcase::Halfway => (n / 2).clamp(1, n - 1),
            Showcase::No => {
                let x: f64 = rng.r#gen();
                if x < 0.3 {
                    n
                } else if x < 0.75 {
                    rng.gen_range(1..n)
                } else {
                    0
                }
            }
        };
        // Lessons are done in order, spread over up to three days each.
        let span = (end - e.created_at)
            .num_seconds()
            .min(n as i64 * 3 * 86_400);
        let mut last = e.created_at;
        for j in 0..done {
            let at = e.created_at + Duration::seconds(span * (j as i64 + 1) / (n as i64 + 1));
            progress.push(lesson_progress::Model {
                user_id: e.user_id,
                lesson_id: all_lessons[course.first_lesson + j].id,
                course_id: course.model.id,
                completed_at: at,
            });
            last = at;
        }
        if done == n {
            e.completed_at = Some(last);
            completed += 1;
        }
        let review_chance = if done == n {
            0.7
        } else if done > 0 {
            0.35
        } else {
            0.06
        };
        if rng.gen_bool(review_chance) {
            let stars = rating(&mut rng, course.quality);
            let zh = rng.gen_bool(if course.spec.zh { 0.9 } else { 0.15 });
            let body = review_body(&mut rng, zh, stars);
            let at = time_between(
                &mut rng,
                (last + Duration::hours(1)).min(end),
                (last + Duration::days(10)).min(end),
            );
            next_review_id += 1;
            all_reviews.push(reviews::Model {
                id: next_review_id,
                course_id: course.model.id,
                user_id: e.user_id,
                rating: stars,
                body: body.to_owned(),
                helpful_count: 0,
                created_at: at,
                updated_at: at,
            });
            rating_counts[*c] += 1;
            rating_sums[*c] += i64::from(stars);
            histograms[*c][usize::try_from(stars - 1).expect("1–5 stars")] += 1;
        }
    }

    // "This review helped me": a few, mostly on the earlier reviews.
    let mut marks: Vec<review_helpful_marks::Model> = Vec::new();
    let mut marked: HashSet<(usize, i64)> = HashSet::new();
    let mut attempts = 0;
    while marks.len() < 60 && attempts < 10_000 && !all_reviews.is_empty() {
        attempts += 1;
        let r = (all_reviews.len() as f64 * rng.r#gen::<f64>().powi(2)) as usize;
        let reader = &learners[rng.gen_range(0..learners.len())];
        let review = &mut all_reviews[r];
        if reader.id == review.user_id || !marked.insert((r, reader.id)) {
            continue;
        }
        marks.push(review_helpful_marks::Model {
            review_id: review.id,
            user_id: reader.id,
            created_at: time_between(&mut rng, review.created_at.max(reader.joined), end),
        });
        review.helpful_count += 1;
    }

    // The counters, exactly as the services keep them.
    for (c, course) in planned.iter_mut().enumerate() {
        course.model.enrollment_count = enrollment_counts[c];
        course.model.rating_count = rating_counts[c];
        course.model.rating_sum = rating_sums[c];
        course.model.rating_score = course_service::rating_score(rating_sums[c], rating_counts[c]);
        [
            course.model.stars_1,
            course.model.stars_2,
            course.model.stars_3,
            course.model.stars_4,
            course.model.stars_5,
        ] = histograms[c];
    }

    let summary = Summary {
        users: user_count,
        creators: creator_count,
        topics: TOPICS.len(),
        courses: planned.len(),
        published: COURSES.iter().filter(|c| c.status == Published).count(),
        drafts: COURSES.iter().filter(|c| c.status == Draft).count(),
        archived: COURSES.iter().filter(|c| c.status == Archived).count(),
        lessons: all_lessons.len(),
        tags: vocabulary.len(),
        enrollments: all_enrollments.len(),
        refunded: all_enrollments
            .iter()
            .filter(|(e, _, _)| e.refunded_at.is_some())
            .count(),
        completed,
        lessons_completed: progress.len(),
        reviews: all_reviews.len(),
        helpful_marks: marks.len(),
    };

    // Written in foreign-key order, each table in as few statements as the
    // backend allows.
    let course_tag_rows: Vec<course_tags::ActiveModel> = planned
        .iter()
        .flat_map(|course| {
            course.tag_names.iter().map(|name| course_tags::Model {
                course_id: course.model.id,
                tag_id: tag_ids[name],
            })
        })
        .map(IntoActiveModel::into_active_model)
        .collect();
    insert_chunked(db, active(new_users)).await?;
    insert_chunked(db, active(planned.into_iter().map(|c| c.model))).await?;
    insert_chunked(db, course_tag_rows).await?;
    insert_chunked(db, active(all_lessons)).await?;
    insert_chunked(db, active(all_enrollments.into_iter().map(|(e, _, _)| e))).await?;
    insert_chunked(db, active(progress)).await?;
    insert_chunked(db, active(all_reviews)).await?;
    insert_chunked(db, active(marks)).await?;
    advance_id_sequences(
        db,
        &["users", "courses", "lessons", "enrollments", "reviews"],
    )
    .await?;
    Ok(summary)
}

/// How a named demo learner's enrolment should look.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Showcase {
    Finished,
    Halfway,
    No,
}

fn active<M, A>(models: impl IntoIterator<Item = M>) -> Vec<A>
where
    M: IntoActiveModel<A>,
    A: sea_orm::ActiveModelTrait,
{
    models
        .into_iter()
        .map(IntoActiveModel::into_active_model)
        .collect()
}

fn pick_weighted(rng: &mut impl Rng, weights: &[u32]) -> usize {
    let total: u32 = weights.iter().sum();
    let mut x = rng.gen_range(0..total);
    for (i, &w) in weights.iter().enumerate() {
        if x < w {
            return i;
        }
        x -= w;
    }
    weights.len() - 1
}
