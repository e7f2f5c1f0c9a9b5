//! The demo community, seeded after the demo catalogue in the same
//! transaction: about 660 threads in English and 中文 (community-wide and in
//! courses), answers, comments, accepted answers, votes skewed toward a few
//! popular posts, thread tags, edits, follows, bookmarks and notifications.
//!
//! It reads back the users, courses and enrolments the catalogue wrote, so a
//! course's threads are written, answered, commented on and voted on only by
//! its members (creator, staff, learners with a live enrolment). Every time
//! follows its author's account (or membership) and its parent, and every
//! derived column is computed as the services keep it. Deterministic: one
//! seeded RNG, times counted back from the start of `now`'s day.

use std::{collections::HashMap, fmt};

use chrono::{DateTime, Duration, Utc};
use entity::{
    answers, comments, courses, enrollments, post_revisions, thread_tags,
    threads::{self, Kind},
    users::{self, Role},
};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use sea_orm::{ConnectionTrait, EntityTrait, IntoActiveModel, QueryOrder};

use super::{
    DEMO_USERS, advance_id_sequences, catalogue, community_posts, community_social,
    content::{COURSES, CourseSpec, time_between},
    insert_chunked, max_id,
};
use crate::services::{community::hot_rank, tags};

const SEED: u64 = 0x436f_6d6d_756e_2026;
/// Threads in the demo, the special and showcase ones included.
pub const THREADS: usize = 660;

/// What the demo community seed wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub threads: usize,
    pub course_threads: usize,
    pub accepted: usize,
    pub answers: usize,
    pub comments: usize,
    pub votes: usize,
    pub downvotes: usize,
    pub thread_tags: usize,
    pub revisions: usize,
    pub follows: usize,
    pub bookmarks: usize,
    pub notifications: usize,
    pub unread: usize,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} threads ({} in courses, {} with an accepted answer), {} answers, {} comments, \
             {} votes ({} down), {} thread tags, {} edits, {} follows, {} bookmarks, \
             {} notifications ({} unread)",
            self.threads,
            self.course_threads,
            self.accepted,
            self.answers,
            self.comments,
            self.votes,
            self.downvotes,
            self.thread_tags,
            self.revisions,
            self.follows,
            self.bookmarks,
            self.notifications,
            self.unread
        )
    }
}

pub(super) struct Person {
    pub id: i64,
    pub username: String,
    pub joined: DateTime<Utc>,
    /// How active the person is (authors, answerers and commenters are
    /// drawn with this weight).
    pub weight: f64,
}

/// A person allowed somewhere, and since when: (index into `people`, since).
pub(super) type Member = (usize, DateTime<Utc>);

pub(super) struct Course {
    pub id: i64,
    pub spec: &'static CourseSpec,
    pub tags: Vec<String>,
    pub open_from: DateTime<Utc>,
    /// Threads are started until then (the archive date, or the end).
    pub open_until: DateTime<Utc>,
    /// The creator, staff and learners with a live enrolment.
    pub members: Vec<Member>,
}

pub(super) struct Thread {
    pub model: threads::Model,
    pub course: Option<usize>,
    pub author: usize,
    pub topic: usize,
    pub zh: bool,
    /// Alphabetical, as `tags::names_of` reads them back.
    pub tags: Vec<String>,
    pub pop: f64,
    pub quality: f64,
    /// A demo account's recent question, answered in the last two days.
    pub showcase: bool,
    pub answers: Vec<usize>,
    pub accepted_at: Option<DateTime<Utc>>,
}

pub(super) struct Answer {
    pub model: answers::Model,
    pub thread: usize,
    pub author: usize,
    pub pop: f64,
    pub quality: f64,
    /// Deleted by its author later (never the accepted answer).
    pub delete: bool,
}

pub(super) struct Comment {
    pub model: comments::Model,
    pub thread: usize,
    pub answer: Option<usize>,
    pub author: usize,
}

pub(super) struct Plan {
    pub end: DateTime<Utc>,
    pub people: Vec<Person>,
    /// Everyone, since their account was created (community-wide threads).
    pub everyone: Vec<Member>,
    pub by_username: HashMap<String, usize>,
    pub courses: Vec<Course>,
    pub threads: Vec<Thread>,
    pub answers: Vec<Answer>,
    pub comments: Vec<Comment>,
    pub revisions: Vec<post_revisions::Model>,
    /// The demo accounts, in `DEMO_USERS` order.
    pub demo: Vec<usize>,
}

impl Plan {
    pub fn audience(&self, course: Option<usize>) -> &[Member] {
        match course {
            Some(c) => &self.courses[c].members,
            None => &self.everyone,
        }
    }
}

/// Someone from `audience` who was there before `before`, weighted by
/// activity, other than `exclude`.
pub(super) fn pick(
    rng: &mut impl Rng,
    people: &[Person],
    audience: &[Member],
    before: DateTime<Utc>,
    exclude: &[usize],
) -> Option<Member> {
    let ok = |&&(p, since): &&Member| since < before && !exclude.contains(&p);
    let total: f64 = audience
        .iter()
        .filter(ok)
        .map(|&(p, _)| people[p].weight)
        .sum();
    if total <= 0.0 {
        return None;
    }
    let mut x = rng.r#gen::<f64>() * total;
    let mut last = None;
    for member in audience.iter().filter(ok) {
        x -= people[member.0].weight;
        last = Some(*member);
        if x <= 0.0 {
            break;
        }
    }
    last
}

/// A time about `mean` after `from` (exponential), at most `end`; None when
/// `from` leaves no room.
pub(super) fn after(
    rng: &mut impl Rng,
    from: DateTime<Utc>,
    mean: Duration,
    end: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let from = from + Duration::minutes(1);
    if from >= end {
        return None;
    }
    let delay = -(1.0 - rng.r#gen::<f64>()).ln() * mean.num_seconds() as f64;
    let at = from + Duration::seconds(delay as i64);
    Some(if at <= end {
        at
    } else {
        time_between(rng, from, end)
    })
}

/// A heavy-tailed popularity: most posts near 1, a few ten times that.
pub(super) fn popularity(rng: &mut impl Rng) -> f64 {
    (1.0 - rng.r#gen::<f64>()).powf(-0.6).min(15.0)
}

/// Seeds the demo community next to the demo catalogue. Run it inside the
/// caller's transaction, after `catalogue::seed`.
pub async fn seed(db: &impl ConnectionTrait, now: DateTime<Utc>) -> anyhow::Result<Summary> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(SEED);
    let end = catalogue::day_start(now);
    let start = catalogue::history_start(now);
    let mut plan = load(db, &mut rng, end).await?;
    let thread_base = max_id::<threads::Entity>(db, threads::Column::Id).await?;
    community_posts::plan_threads(&mut rng, &mut plan, start, thread_base);
    let answer_base = max_id::<answers::Entity>(db, answers::Column::Id).await?;
    community_posts::plan_answers(&mut rng, &mut plan, answer_base);
    let comment_base = max_id::<comments::Entity>(db, comments::Column::Id).await?;
    community_posts::plan_comments(&mut rng, &mut plan, comment_base);
    let revision_base = max_id::<post_revisions::Entity>(db, post_revisions::Column::Id).await?;
    community_posts::settle(&mut rng, &mut plan, revision_base);
    let votes = community_social::votes(&mut rng, &mut plan);
    for thread in &mut plan.threads {
        thread.model.hot_rank = hot_rank(thread.model.score, thread.model.created_at);
    }

    // Tags: the topics' and courses' names, created where missing.
    let mut vocabulary: Vec<String> = plan.threads.iter().flat_map(|t| t.tags.clone()).collect();
    vocabulary.sort();
    vocabulary.dedup();
    let tag_ids: HashMap<String, i64> = vocabulary
        .iter()
        .cloned()
        .zip(
            tags::ensure(db, &vocabulary, start)
                .await
                .map_err(|err| anyhow::anyhow!("community tags: {err}"))?,
        )
        .collect();
    let follows = community_social::follows(&mut rng, &plan, &vocabulary, &tag_ids);
    let bookmarks = community_social::bookmarks(&mut rng, &plan);
    let notification_base =
        max_id::<entity::notifications::Entity>(db, entity::notifications::Column::Id).await?;
    let notifications =
        community_social::notifications(&mut rng, &plan, &follows, &tag_ids, notification_base);

    let thread_tag_rows: Vec<thread_tags::ActiveModel> = plan
        .threads
        .iter()
        .flat_map(|t| {
            t.tags.iter().map(|name| thread_tags::Model {
                thread_id: t.model.id,
                tag_id: tag_ids[name],
            })
        })
        .map(IntoActiveModel::into_active_model)
        .collect();
    let summary = Summary {
        threads: plan.threads.len(),
        course_threads: plan.threads.iter().filter(|t| t.course.is_some()).count(),
        accepted: plan
            .threads
            .iter()
            .filter(|t| t.model.accepted_answer_id.is_some())
            .count(),
        answers: plan.answers.len(),
        comments: plan.comments.len(),
        votes: votes.len(),
        downvotes: votes.iter().filter(|v| v.value < 0).count(),
        thread_tags: thread_tag_rows.len(),
        revisions: plan.revisions.len(),
        follows: follows.len(),
        bookmarks: bookmarks.len(),
        notifications: notifications.len(),
        unread: notifications.iter().filter(|n| n.read_at.is_none()).count(),
    };

    // Foreign-key order; each table in as few statements as the backend allows.
    insert_chunked(db, active(plan.threads.into_iter().map(|t| t.model))).await?;
    insert_chunked(db, thread_tag_rows).await?;
    insert_chunked(db, active(plan.answers.into_iter().map(|a| a.model))).await?;
    insert_chunked(db, active(plan.comments.into_iter().map(|c| c.model))).await?;
    insert_chunked(db, active(votes)).await?;
    insert_chunked(db, active(plan.revisions)).await?;
    insert_chunked(db, active(follows)).await?;
    insert_chunked(db, active(bookmarks)).await?;
    insert_chunked(db, active(notifications)).await?;
    advance_id_sequences(
        db,
        &[
            "threads",
            "answers",
            "comments",
            "post_revisions",
            "notifications",
        ],
    )
    .await?;
    Ok(summary)
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

/// Reads back the people, courses and memberships the catalogue wrote.
async fn load(
    db: &impl ConnectionTrait,
    rng: &mut impl Rng,
    end: DateTime<Utc>,
) -> anyhow::Result<Plan> {
    let users = users::Entity::find()
        .order_by_asc(users::Column::Id)
        .all(db)
        .await?;
    let mut people: Vec<Person> = Vec::with_capacity(users.len());
    let mut staff: Vec<usize> = Vec::new();
    for (i, user) in users.iter().enumerate() {
        if matches!(user.role, Role::Admin | Role::Moderator) {
            staff.push(i);
        }
        people.push(Person {
            id: user.id,
            username: user.username.clone(),
            joined: user.created_at,
            weight: (1.0 - rng.r#gen::<f64>()).powf(-0.7).min(20.0),
        });
    }
    let by_username: HashMap<String, usize> = people
        .iter()
        .enumerate()
        .map(|(i, p)| (p.username.clone(), i))
        .collect();
    let person_of: HashMap<i64, usize> =
        people.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
    // The demo accounts are busy: the demo should show them everywhere.
    let demo: Vec<usize> = DEMO_USERS
        .iter()
        .filter_map(|(username, _, _)| by_username.get(*username).copied())
        .collect();
    for &d in &demo {
        people[d].weight = people[d].weight.max(4.0);
    }

    let enrolled = enrollments::Entity::find()
        .order_by_asc(enrollments::Column::Id)
        .all(db)
        .await?;
    let mut courses: Vec<Course> = Vec::new();
    for course in courses::Entity::find()
        .order_by_asc(courses::Column::Id)
        .all(db)
        .await?
    {
        let (Some(published), Some(spec)) = (
            course.published_at,
            COURSES.iter().find(|spec| spec.slug == course.slug),
        ) else {
            continue; // drafts have no discussions
        };
        let open_until = if course.status == courses::Status::Archived {
            course.updated_at
        } else {
            end
        };
        let mut members: Vec<Member> = vec![(person_of[&course.creator_id], published)];
        members.extend(staff.iter().map(|&s| (s, published)));
        members.extend(
            enrolled
                .iter()
                .filter(|e| e.course_id == course.id && e.refunded_at.is_none())
                .map(|e| (person_of[&e.user_id], e.created_at.max(published))),
        );
        let raw: Vec<String> = spec.tags.iter().map(|t| (*t).to_owned()).collect();
        let mut tags = tags::normalise("tags", &raw, usize::MAX)
            .map_err(|err| anyhow::anyhow!("demo tags of {}: {err}", spec.slug))?;
        tags.sort();
        courses.push(Course {
            id: course.id,
            spec,
            tags,
            open_from: published,
            open_until,
            members,
        });
    }
    Ok(Plan {
        end,
        everyone: people
            .iter()
            .enumerate()
            .map(|(i, p)| (i, p.joined))
            .collect(),
        people,
        by_username,
        courses,
        threads: Vec::new(),
        answers: Vec::new(),
        comments: Vec::new(),
        revisions: Vec::new(),
        demo,
    })
}

/// A thread before its answers: where, by whom, about what (topic, 中文,
/// kind), its text and tags.
pub(super) fn thread(
    course: Option<usize>,
    author: usize,
    (topic, zh, kind): (usize, bool, Kind),
    (title, body): (String, String),
    mut tags: Vec<String>,
    created: DateTime<Utc>,
) -> Thread {
    tags.sort();
    tags.dedup();
    Thread {
        model: threads::Model {
            id: 0,
            course_id: None,
            author_id: 0,
            kind,
            body_html: String::new(),
            title,
            body,
            score: 0,
            upvotes: 0,
            downvotes: 0,
            answer_count: 0,
            comment_count: 0,
            accepted_answer_id: None,
            hot_rank: 0.0,
            last_activity_at: created,
            edited_at: None,
            deleted_at: None,
            locked_at: None,
            featured_at: None,
            featured_by: None,
            pinned_at: None,
            pin_scope: None,
            pinned_by: None,
            hidden_at: None,
            hidden_reason: None,
            duplicate_of_id: None,
            merged_into_id: None,
            created_at: created,
            updated_at: created,
        },
        course,
        author,
        topic,
        zh,
        tags,
        pop: 1.0,
        quality: 1.0,
        showcase: false,
        answers: Vec::new(),
        accepted_at: None,
    }
}

/// A comment on a thread, or on one of its answers (its id is set later).
pub(super) fn comment(
    t: &Thread,
    answer: Option<&Answer>,
    author: i64,
    body: String,
    at: DateTime<Utc>,
) -> comments::Model {
    comments::Model {
        id: 0,
        thread_id: t.model.id,
        answer_id: answer.map(|a| a.model.id),
        author_id: author,
        body,
        body_html: String::new(),
        edited_at: None,
        deleted_at: None,
        hidden_at: None,
        hidden_reason: None,
        created_at: at,
        updated_at: at,
    }
}
