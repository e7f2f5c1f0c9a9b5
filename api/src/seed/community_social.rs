//! The demo community's social layer, planned after its posts: votes,
//! follows, bookmarks and the notifications every post, answer, comment and
//! acceptance would have sent (see `services::community::notifications`).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use entity::{
    bookmarks,
    follows::{self, Target},
    notifications::{self, Kind},
    votes::{self, PostKind},
};
use rand::{Rng, seq::SliceRandom};

use super::community::{Member, Plan, after, pick};
use super::content::time_between;
use crate::services::community::mentions;

/// Votes on live threads and answers: a heavy-tailed count per post (a few
/// get dozens), voters drawn without repeats from those who may read it,
/// never the author; low-quality posts draw more downvotes. Sets each
/// post's counters.
pub(super) fn votes<R: Rng>(rng: &mut R, plan: &mut Plan) -> Vec<votes::Model> {
    let end = plan.end;
    let mut all: Vec<votes::Model> = Vec::new();
    let mut cast = |rng: &mut R,
                    audience: &[Member],
                    author: usize,
                    created: DateTime<Utc>,
                    wanted: usize,
                    quality: f64,
                    kind: PostKind,
                    id: i64|
     -> (i64, i64) {
        let mut eligible: Vec<Member> = audience
            .iter()
            .copied()
            .filter(|&(p, since)| p != author && since < end - Duration::hours(1))
            .collect();
        let (voters, _) = eligible.partial_shuffle(rng, wanted);
        let p_down = 0.03 + 0.45 * (1.0 - quality).powi(2);
        let (mut up, mut down) = (0, 0);
        for &(voter, since) in voters.iter() {
            let value: i16 = if rng.gen_bool(p_down) { -1 } else { 1 };
            if value > 0 {
                up += 1;
            } else {
                down += 1;
            }
            let at = time_between(rng, created.max(since) + Duration::minutes(1), end);
            all.push(votes::Model {
                user_id: plan.people[voter].id,
                target_kind: kind,
                target_id: id,
                value,
                created_at: at,
                updated_at: at,
            });
        }
        (up, down)
    };
    let everyone = plan.everyone.clone();
    for t in &mut plan.threads {
        if t.model.deleted_at.is_some() {
            continue;
        }
        let wanted = (t.pop.powf(1.3) * 2.2 * rng.gen_range(0.3..1.7)) as usize;
        let audience = match t.course {
            Some(c) => &plan.courses[c].members,
            None => &everyone,
        };
        let (up, down) = cast(
            rng,
            audience,
            t.author,
            t.model.created_at,
            wanted,
            t.quality,
            PostKind::Thread,
            t.model.id,
        );
        t.model.upvotes = up;
        t.model.downvotes = down;
        t.model.score = up - down;
    }
    for a in &mut plan.answers {
        if a.model.deleted_at.is_some() {
            continue;
        }
        let wanted = (a.pop.powf(1.3) * 1.6 * rng.gen_range(0.2..1.8)) as usize;
        let course = plan.threads[a.thread].course;
        let audience = match course {
            Some(c) => &plan.courses[c].members,
            None => &everyone,
        };
        let (up, down) = cast(
            rng,
            audience,
            a.author,
            a.model.created_at,
            wanted,
            a.quality,
            PostKind::Answer,
            a.model.id,
        );
        a.model.upvotes = up;
        a.model.downvotes = down;
        a.model.score = up - down;
    }
    all
}

/// Follows: tags (a third of the people), other people (the active ones
/// most), and threads (popular ones, and some the follower answered).
pub(super) fn follows(
    rng: &mut impl Rng,
    plan: &Plan,
    vocabulary: &[String],
    tag_ids: &HashMap<String, i64>,
) -> Vec<follows::Model> {
    let end = plan.end;
    let mut taken: HashSet<(i64, Target, i64)> = HashSet::new();
    let mut all: Vec<follows::Model> = Vec::new();
    let mut follow = |user: i64, target: Target, id: i64, at: DateTime<Utc>| {
        if taken.insert((user, target, id)) {
            all.push(follows::Model {
                user_id: user,
                target_kind: target,
                target_id: id,
                created_at: at,
            });
        }
    };
    for (i, person) in plan.people.iter().enumerate() {
        let demo = plan.demo.contains(&i);
        if demo || rng.gen_bool(0.3) {
            let n = rng.gen_range(1..=3);
            for name in vocabulary.choose_multiple(rng, n) {
                let at = time_between(rng, person.joined + Duration::days(1), end);
                follow(person.id, Target::Tag, tag_ids[name], at);
            }
        }
        if demo || rng.gen_bool(0.35) {
            for _ in 0..rng.gen_range(1..=4) {
                let Some((other, joined)) = pick(rng, &plan.people, &plan.everyone, end, &[i])
                else {
                    continue;
                };
                let at = time_between(rng, person.joined.max(joined) + Duration::hours(1), end);
                follow(person.id, Target::User, plan.people[other].id, at);
            }
        }
    }
    for t in &plan.threads {
        let audience = plan.audience(t.course);
        let n = (t.pop * 0.25 * rng.gen_range(0.0..2.0)).round() as usize;
        for _ in 0..n {
            let Some((p, since)) = pick(rng, &plan.people, audience, end, &[t.author]) else {
                continue;
            };
            let from = t.model.created_at.max(since);
            if let Some(at) = after(rng, from, Duration::days(2), end) {
                follow(plan.people[p].id, Target::Thread, t.model.id, at);
            }
        }
        for &a in &t.answers {
            let answer = &plan.answers[a];
            if rng.gen_bool(0.1) {
                follow(
                    answer.model.author_id,
                    Target::Thread,
                    t.model.id,
                    answer.model.created_at,
                );
            }
        }
    }
    all.sort_by_key(|f| f.created_at);
    all
}

/// Bookmarks of live threads, more on the popular ones; every demo account
/// keeps a few.
pub(super) fn bookmarks(rng: &mut impl Rng, plan: &Plan) -> Vec<bookmarks::Model> {
    let end = plan.end;
    let mut taken: HashSet<(i64, i64)> = HashSet::new();
    let mut all: Vec<bookmarks::Model> = Vec::new();
    let live: Vec<usize> = (0..plan.threads.len())
        .filter(|&t| plan.threads[t].model.deleted_at.is_none())
        .collect();
    for &ti in &live {
        let t = &plan.threads[ti];
        let mut n = (t.pop * 0.35 * rng.gen_range(0.0..2.0)).round() as usize;
        let mut saver = |rng: &mut _, p: usize, since: DateTime<Utc>| {
            let Some(at) = after(rng, t.model.created_at.max(since), Duration::days(3), end) else {
                return;
            };
            if taken.insert((plan.people[p].id, t.model.id)) {
                all.push(bookmarks::Model {
                    user_id: plan.people[p].id,
                    thread_id: t.model.id,
                    created_at: at,
                });
            }
        };
        while n > 0 {
            n -= 1;
            if let Some((p, since)) =
                pick(rng, &plan.people, plan.audience(t.course), end, &[t.author])
            {
                saver(rng, p, since);
            }
        }
    }
    for &d in &plan.demo {
        let community: Vec<usize> = live
            .iter()
            .copied()
            .filter(|&t| plan.threads[t].course.is_none() && plan.threads[t].author != d)
            .collect();
        for &ti in community.choose_multiple(rng, 3) {
            let t = &plan.threads[ti];
            if let Some(at) = after(rng, t.model.created_at, Duration::days(3), end)
                && taken.insert((plan.people[d].id, t.model.id))
            {
                all.push(bookmarks::Model {
                    user_id: plan.people[d].id,
                    thread_id: t.model.id,
                    created_at: at,
                });
            }
        }
    }
    all
}

/// One cause of notifications, as the services see it.
struct Event {
    at: DateTime<Utc>,
    actor: usize,
    thread: usize,
    answer_id: Option<i64>,
    comment_id: Option<i64>,
    direct: Option<(usize, Kind)>,
    body: Option<String>,
    followed: Vec<(Target, i64)>,
}

/// The notifications each thread, answer, comment and acceptance would have
/// written: direct (the post's author), then `@username`s, then followers
/// (of the thread, or of the author and tags for a new thread), each
/// recipient once per cause, never the actor, in a course only its members.
/// Ids follow time; older ones are mostly read, the last two days' unread.
pub(super) fn notifications(
    rng: &mut impl Rng,
    plan: &Plan,
    follows: &[follows::Model],
    tag_ids: &HashMap<String, i64>,
    id_base: i64,
) -> Vec<notifications::Model> {
    let end = plan.end;
    let person_of: HashMap<i64, usize> = plan
        .people
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id, i))
        .collect();
    let mut followers: HashMap<(Target, i64), Vec<Member>> = HashMap::new();
    for f in follows {
        followers
            .entry((f.target_kind, f.target_id))
            .or_default()
            .push((person_of[&f.user_id], f.created_at));
    }
    let mut events: Vec<Event> = Vec::new();
    for (ti, t) in plan.threads.iter().enumerate() {
        let mut followed = vec![(Target::User, t.model.author_id)];
        followed.extend(t.tags.iter().map(|name| (Target::Tag, tag_ids[name])));
        events.push(Event {
            at: t.model.created_at,
            actor: t.author,
            thread: ti,
            answer_id: None,
            comment_id: None,
            direct: None,
            body: Some(t.model.body.clone()),
            followed,
        });
        if let (Some(at), Some(id)) = (t.accepted_at, t.model.accepted_answer_id) {
            let answer = t.answers.iter().find(|&&a| plan.answers[a].model.id == id);
            events.push(Event {
                at,
                actor: t.author,
                thread: ti,
                answer_id: Some(id),
                comment_id: None,
                direct: answer.map(|&a| (plan.answers[a].author, Kind::AnswerAccepted)),
                body: None,
                followed: Vec::new(),
            });
        }
    }
    for a in &plan.answers {
        let t = &plan.threads[a.thread];
        events.push(Event {
            at: a.model.created_at,
            actor: a.author,
            thread: a.thread,
            answer_id: Some(a.model.id),
            comment_id: None,
            direct: Some((t.author, Kind::NewAnswer)),
            body: Some(a.model.body.clone()),
            followed: vec![(Target::Thread, t.model.id)],
        });
    }
    for c in &plan.comments {
        let t = &plan.threads[c.thread];
        let post_author = c.answer.map_or(t.author, |a| plan.answers[a].author);
        events.push(Event {
            at: c.model.created_at,
            actor: c.author,
            thread: c.thread,
            answer_id: c.model.answer_id,
            comment_id: Some(c.model.id),
            direct: Some((post_author, Kind::NewComment)),
            body: Some(c.model.body.clone()),
            followed: vec![(Target::Thread, t.model.id)],
        });
    }
    events.sort_by_key(|e| e.at);

    let mut all: Vec<notifications::Model> = Vec::new();
    for event in events {
        let t = &plan.threads[event.thread];
        // Who could read the thread at the time.
        let may_read = |p: usize| match t.course {
            None => plan.people[p].joined <= event.at,
            Some(c) => plan.courses[c]
                .members
                .iter()
                .any(|&(m, since)| m == p && since <= event.at),
        };
        let mut told: Vec<(usize, Kind)> = Vec::new();
        let mut seen: HashSet<usize> = HashSet::from([event.actor]);
        let mut tell = |p: usize, kind: Kind| {
            if seen.insert(p) {
                told.push((p, kind));
            }
        };
        if let Some((p, kind)) = event.direct {
            tell(p, kind);
        }
        for name in event.body.as_deref().map(mentions).unwrap_or_default() {
            if let Some(&p) = plan.by_username.get(&name)
                && plan.people[p].joined <= event.at
            {
                tell(p, Kind::Mention);
            }
        }
        for target in &event.followed {
            for &(p, since) in followers.get(target).map_or(&[][..], Vec::as_slice) {
                if since < event.at {
                    tell(p, Kind::FollowedActivity);
                }
            }
        }
        for (p, kind) in told {
            if !may_read(p) {
                continue;
            }
            let age = end - event.at;
            let read = if age < Duration::days(2) {
                false
            } else if age < Duration::days(14) {
                rng.gen_bool(0.6)
            } else {
                rng.gen_bool(0.95)
            };
            let read_at = read.then(|| {
                time_between(
                    rng,
                    event.at + Duration::minutes(1),
                    (event.at + Duration::days(3)).min(end),
                )
            });
            all.push(notifications::Model {
                id: id_base + all.len() as i64 + 1,
                user_id: plan.people[p].id,
                kind,
                actor_id: Some(plan.people[event.actor].id),
                thread_id: Some(t.model.id),
                answer_id: event.answer_id,
                comment_id: event.comment_id,
                detail: None,
                read_at,
                created_at: event.at,
            });
        }
    }
    all
}
