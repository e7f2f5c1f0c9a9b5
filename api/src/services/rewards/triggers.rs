//! When each rule applies: the ledger changes of each domain event, applied
//! in the event's own transaction by the service that owns it.

use chrono::{DateTime, Utc};
use entity::{answers, courses, enrollments, reward_events::SourceKind, threads, votes::PostKind};

use super::{
    RewardSettings,
    ledger::{self, Applied, Change, Source},
    rules, vote_rings,
};
use crate::{error::ApiResult, services::Db};

fn thread_source(thread: &threads::Model) -> Source {
    Source {
        kind: SourceKind::Thread,
        id: thread.id,
        thread_id: Some(thread.id),
        course_id: thread.course_id,
    }
}

fn answer_source(answer: &answers::Model, thread: &threads::Model) -> Source {
    Source {
        kind: SourceKind::Answer,
        id: answer.id,
        thread_id: Some(thread.id),
        course_id: thread.course_id,
    }
}

fn enrollment_source(enrollment: &enrollments::Model) -> Source {
    Source {
        kind: SourceKind::Enrollment,
        id: enrollment.id,
        thread_id: None,
        course_id: Some(enrollment.course_id),
    }
}

/// A new account's starting point.
pub async fn signed_up(
    db: &impl Db,
    settings: &RewardSettings,
    user_id: i64,
    now: DateTime<Utc>,
) -> ApiResult<Applied> {
    let source = Source {
        kind: SourceKind::User,
        id: user_id,
        thread_id: None,
        course_id: None,
    };
    ledger::apply(
        db,
        settings,
        &[Change::award(user_id, rules::SIGN_UP, source, user_id)],
        now,
    )
    .await
}

/// What was voted on, for the vote's ledger changes.
pub enum VoteTarget<'a> {
    Thread(&'a threads::Model),
    Answer(&'a answers::Model, &'a threads::Model),
}

/// A vote changed from `previous` to `next` (−1, 0, +1). Earlier awards of
/// the old vote are reversed; the new vote earns unless the two users are
/// a vote ring.
pub async fn vote_changed(
    db: &impl Db,
    settings: &RewardSettings,
    voter_id: i64,
    target: VoteTarget<'_>,
    previous: i16,
    next: i16,
    now: DateTime<Utc>,
) -> ApiResult<Applied> {
    if previous == next {
        return Ok(Applied::default());
    }
    let (author_id, source, kind) = match target {
        VoteTarget::Thread(thread) => (thread.author_id, thread_source(thread), PostKind::Thread),
        VoteTarget::Answer(answer, thread) => (
            answer.author_id,
            answer_source(answer, thread),
            PostKind::Answer,
        ),
    };
    // (author's rule, voter's rule) for an up- and a downvote.
    let rules_of = |value: i16| -> (Option<&'static str>, Option<&'static str>) {
        match (kind, value) {
            (PostKind::Answer, 1) => (Some(rules::ANSWER_UPVOTED), None),
            (PostKind::Answer, -1) => (Some(rules::ANSWER_DOWNVOTED), Some(rules::DOWNVOTE_CAST)),
            (PostKind::Thread, 1) => (Some(rules::THREAD_UPVOTED), None),
            _ => (None, None),
        }
    };
    let mut changes = Vec::new();
    let (author_rule, voter_rule) = rules_of(previous);
    if let Some(rule) = author_rule {
        changes.push(Change::reverse(author_id, rule, source, voter_id));
    }
    if let Some(rule) = voter_rule {
        changes.push(Change::reverse(voter_id, rule, source, voter_id));
    }
    let (author_rule, voter_rule) = rules_of(next);
    if author_rule.is_some() || voter_rule.is_some() {
        let ring = vote_rings::check(db, settings, voter_id, author_id, now).await?;
        if !ring {
            if let Some(rule) = author_rule {
                changes.push(Change::award(author_id, rule, source, voter_id));
            }
            if let Some(rule) = voter_rule {
                changes.push(Change::award(voter_id, rule, source, voter_id));
            }
        }
    }
    ledger::apply(db, settings, &changes, now).await
}

/// The accepted answer of a question moved from `previous` to `next`.
/// Accepting one's own answer earns nothing.
pub async fn acceptance_changed(
    db: &impl Db,
    settings: &RewardSettings,
    thread: &threads::Model,
    previous: Option<&answers::Model>,
    next: Option<&answers::Model>,
    now: DateTime<Utc>,
) -> ApiResult<Applied> {
    let asker = thread.author_id;
    let mut changes = Vec::new();
    for (answer, op) in [(previous, ledger::Op::Reverse), (next, ledger::Op::Award)] {
        let Some(answer) = answer.filter(|a| a.author_id != asker) else {
            continue;
        };
        let source = answer_source(answer, thread);
        for (user_id, rule) in [
            (answer.author_id, rules::ANSWER_ACCEPTED),
            (asker, rules::ACCEPTED_AN_ANSWER),
        ] {
            changes.push(Change {
                op,
                ..Change::award(user_id, rule, source, asker)
            });
        }
    }
    ledger::apply(db, settings, &changes, now).await
}

/// A moderator featured (or unfeatured) a thread. Unfeaturing reverses the
/// award in force, whichever moderator made it.
pub async fn featuring_changed(
    db: &impl Db,
    settings: &RewardSettings,
    thread: &threads::Model,
    moderator_id: i64,
    featured: bool,
    now: DateTime<Utc>,
) -> ApiResult<Applied> {
    let actor_id = if featured {
        moderator_id
    } else {
        match ledger::latest_award_actor(db, rules::THREAD_FEATURED, SourceKind::Thread, thread.id)
            .await?
        {
            Some(actor_id) => actor_id,
            None => return Ok(Applied::default()),
        }
    };
    let change = Change::award(
        thread.author_id,
        rules::THREAD_FEATURED,
        thread_source(thread),
        actor_id,
    );
    ledger::apply(db, settings, &[change.award_if(featured)], now).await
}

/// A learner enrolled in a creator's course.
pub async fn enrolled(
    db: &impl Db,
    settings: &RewardSettings,
    course: &courses::Model,
    enrollment: &enrollments::Model,
    now: DateTime<Utc>,
) -> ApiResult<Applied> {
    award_creator(
        db,
        settings,
        course,
        enrollment,
        rules::COURSE_ENROLLED,
        now,
    )
    .await
}

/// A learner completed every lesson of a course.
pub async fn course_completed(
    db: &impl Db,
    settings: &RewardSettings,
    course: &courses::Model,
    enrollment: &enrollments::Model,
    now: DateTime<Utc>,
) -> ApiResult<Applied> {
    award_creator(
        db,
        settings,
        course,
        enrollment,
        rules::COURSE_COMPLETED,
        now,
    )
    .await
}

/// The course's creator earns `rule` for what a learner's enrolment did.
async fn award_creator(
    db: &impl Db,
    settings: &RewardSettings,
    course: &courses::Model,
    enrollment: &enrollments::Model,
    rule: &'static str,
    now: DateTime<Utc>,
) -> ApiResult<Applied> {
    let change = Change::award(
        course.creator_id,
        rule,
        enrollment_source(enrollment),
        enrollment.user_id,
    );
    ledger::apply(db, settings, &[change], now).await
}

/// A learner's review of a course now has `rating`: 4 or 5 stars earn the
/// creator the rule's points, a lower rating reverses them.
pub async fn course_reviewed(
    db: &impl Db,
    settings: &RewardSettings,
    course: &courses::Model,
    review_id: i64,
    reviewer_id: i64,
    rating: i16,
    now: DateTime<Utc>,
) -> ApiResult<Applied> {
    let source = Source {
        kind: SourceKind::Review,
        id: review_id,
        thread_id: None,
        course_id: Some(course.id),
    };
    let change = Change::award(
        course.creator_id,
        rules::COURSE_REVIEWED_WELL,
        source,
        reviewer_id,
    );
    ledger::apply(db, settings, &[change.award_if(rating >= 4)], now).await
}

/// A refund takes back what the enrolment earned (enrolled, completed).
pub async fn refunded(
    db: &impl Db,
    settings: &RewardSettings,
    enrollment: &enrollments::Model,
    now: DateTime<Utc>,
) -> ApiResult<Applied> {
    ledger::reverse_source(db, settings, SourceKind::Enrollment, enrollment.id, now).await
}

/// Removed content takes back what it earned (votes, acceptance, featuring).
pub async fn content_removed(
    db: &impl Db,
    settings: &RewardSettings,
    kind: PostKind,
    id: i64,
    now: DateTime<Utc>,
) -> ApiResult<Applied> {
    let kind = match kind {
        PostKind::Thread => SourceKind::Thread,
        PostKind::Answer => SourceKind::Answer,
        PostKind::Comment => return Ok(Applied::default()),
    };
    ledger::reverse_source(db, settings, kind, id, now).await
}
