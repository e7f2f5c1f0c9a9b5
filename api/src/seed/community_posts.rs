//! The demo community's posts, planned in time order: threads, answers,
//! accepted answers and comments, then deletions, edits, locks and the
//! counters (see `community` for the rules they keep).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use entity::{answers, post_revisions, threads::Kind, votes::PostKind};
use rand::{Rng, seq::SliceRandom};

use super::community::{
    Answer, Comment, Plan, THREADS, Thread, after, comment, pick, popularity, thread,
};
use super::{
    community_content as text,
    content::{RECSYS, TOPICS, time_between},
};
use crate::text::markdown_to_safe_html;

/// Community activity starts a month into the demo history.
const COMMUNITY_START_DAYS: i64 = 30;

/// Threads: the two search anchors, one recent question per demo account,
/// then the rest, a third of them in courses; ids follow creation time.
pub(super) fn plan_threads(
    rng: &mut impl Rng,
    plan: &mut Plan,
    start: DateTime<Utc>,
    id_base: i64,
) {
    let end = plan.end;
    let community_start = start + Duration::days(COMMUNITY_START_DAYS);
    let mut titles: HashSet<String> = HashSet::new();
    let topic_tags = |topic: usize, zh: bool| -> Vec<String> {
        let pool = if zh {
            TOPICS[topic].tags_zh
        } else {
            TOPICS[topic].tags_en
        };
        pool.iter().map(|t| (*t).to_owned()).collect()
    };
    let mut planned: Vec<Thread> = Vec::with_capacity(THREADS);

    // The search anchors: community-wide, popular, well answered.
    let anchors = [
        (text::RECSYS_TITLE_ZH, text::RECSYS_BODY_ZH.to_owned(), true),
        (
            text::RECSYS_TITLE_EN,
            "I have three months of click logs for our course catalogue. Should I split by time \
             or at random, and which metrics should I report besides accuracy?\n\nAny pointers \
             are welcome."
                .to_owned(),
            false,
        ),
    ];
    for (title, body, zh) in anchors {
        let (author, joined) =
            pick(rng, &plan.people, &plan.everyone, end, &plan.demo).expect("the demo has users");
        let created = time_between(
            rng,
            joined.max(community_start) + Duration::days(60),
            end - Duration::days(45),
        );
        let mut t = thread(
            None,
            author,
            (RECSYS, zh, Kind::Question),
            (title.to_owned(), body),
            topic_tags(RECSYS, zh),
            created,
        );
        t.pop = 12.0;
        t.quality = 0.95;
        titles.insert(title.to_owned());
        planned.push(t);
    }

    // Each demo account asked something a few days ago.
    for &d in &plan.demo.clone() {
        let topic = text::pick_topic(rng);
        let zh = rng.gen_bool(0.4);
        let (title, body) = loop {
            let (title, body) = text::thread_text(rng, topic, zh, true);
            if titles.insert(title.clone()) {
                break (title, body);
            }
        };
        let created = time_between(rng, end - Duration::hours(120), end - Duration::hours(60));
        let mut t = thread(
            None,
            d,
            (topic, zh, Kind::Question),
            (title, body),
            topic_tags(topic, zh),
            created,
        );
        t.showcase = true;
        t.pop = 2.0;
        planned.push(t);
    }

    // Course threads go where the learners are.
    let course_weights: Vec<f64> = plan
        .courses
        .iter()
        .map(|c| c.members.len().saturating_sub(3) as f64)
        .collect();
    let course_total: f64 = course_weights.iter().sum();
    while planned.len() < THREADS {
        let question = rng.gen_bool(0.65);
        let kind = if question {
            Kind::Question
        } else {
            Kind::Discussion
        };
        let in_course = course_total > 0.0 && rng.gen_bool(0.3);
        let (course, topic, zh, author, created, tags) = if in_course {
            let mut x = rng.r#gen::<f64>() * course_total;
            let c = course_weights
                .iter()
                .position(|&w| {
                    x -= w;
                    x <= 0.0 && w > 0.0
                })
                .unwrap_or(0);
            let course = &plan.courses[c];
            let Some((author, since)) = pick(
                rng,
                &plan.people,
                &course.members,
                course.open_until - Duration::days(1),
                &[],
            ) else {
                continue;
            };
            let lo = since.max(course.open_from) + Duration::hours(1);
            let hi = course.open_until - Duration::hours(6);
            let created = lo + skew(rng, hi - lo, 0.8);
            let mut tags = course.tags.clone();
            tags.shuffle(rng);
            tags.truncate(rng.gen_range(1..=2));
            (
                Some(c),
                course.spec.topic,
                course.spec.zh,
                author,
                created,
                tags,
            )
        } else {
            let Some((author, joined)) = pick(
                rng,
                &plan.people,
                &plan.everyone,
                end - Duration::days(3),
                &[],
            ) else {
                continue;
            };
            let lo = joined.max(community_start);
            let created = lo + skew(rng, end - Duration::hours(6) - lo, 0.6);
            let topic = text::pick_topic(rng);
            let zh = rng.gen_bool(0.5);
            let mut tags = topic_tags(topic, zh);
            tags.shuffle(rng);
            tags.truncate(rng.gen_range(1..=3));
            (None, topic, zh, author, created, tags)
        };
        let Some((title, mut body)) = (0..20)
            .map(|_| text::thread_text(rng, topic, zh, question))
            .find(|(title, _)| !titles.contains(title))
        else {
            continue;
        };
        titles.insert(title.clone());
        if let Some(c) = course {
            let spec = plan.courses[c].spec;
            let n = rng.gen_range(0..spec.lessons.len());
            let from = if zh {
                format!(
                    "课程《{}》第 {} 节「{}」：",
                    spec.title,
                    n + 1,
                    spec.lessons[n]
                )
            } else {
                format!(
                    "From *{}*, lesson {}, “{}”:",
                    spec.title,
                    n + 1,
                    spec.lessons[n]
                )
            };
            body = format!("{from}\n\n{body}");
        }
        // Now and then someone calls in a person they expect to know.
        if rng.gen_bool(0.04) {
            let audience = plan.audience(course);
            if let Some((who, _)) = pick(rng, &plan.people, audience, created, &[author]) {
                body.push_str(&format!("\n\ncc @{}", plan.people[who].username));
            }
        }
        let mut t = thread(
            course,
            author,
            (topic, zh, kind),
            (title, body),
            tags,
            created,
        );
        t.pop = popularity(rng);
        t.quality = 1.0 - rng.r#gen::<f64>().powi(2);
        planned.push(t);
    }
    planned.sort_by_key(|t| t.model.created_at);
    for (i, t) in planned.iter_mut().enumerate() {
        t.model.id = id_base + i as i64 + 1;
        t.model.author_id = plan.people[t.author].id;
        t.model.course_id = t.course.map(|c| plan.courses[c].id);
    }
    plan.threads = planned;
}

/// A duration within `span`, denser toward its end (`power` < 1).
fn skew(rng: &mut impl Rng, span: Duration, power: f64) -> Duration {
    let seconds = span.num_seconds().max(0) as f64;
    Duration::seconds((seconds * rng.r#gen::<f64>().powf(power)) as i64)
}

/// Answers, skewed toward the popular threads (course creators answer many
/// of their courses' questions), then the accepted answers; ids follow
/// creation time.
pub(super) fn plan_answers(rng: &mut impl Rng, plan: &mut Plan, id_base: i64) {
    let end = plan.end;
    let mut planned: Vec<Answer> = Vec::new();
    for (ti, t) in plan.threads.iter().enumerate() {
        let per_pop = if t.model.kind == Kind::Question {
            1.9
        } else {
            1.5
        };
        let n = if t.showcase {
            rng.gen_range(2..=4)
        } else {
            ((t.pop * per_pop * rng.gen_range(0.4..1.6)).round() as usize).min(25)
        };
        let audience = plan.audience(t.course);
        let creator = t.course.map(|c| plan.courses[c].members[0]);
        let mut answerers: Vec<usize> = Vec::new();
        for _ in 0..n {
            let chosen = match creator {
                Some((p, since))
                    if p != t.author && !answerers.contains(&p) && rng.gen_bool(0.3) =>
                {
                    Some((p, since))
                }
                _ => pick(
                    rng,
                    &plan.people,
                    audience,
                    end - Duration::hours(1),
                    &[t.author],
                ),
            };
            let Some((author, since)) = chosen else {
                break;
            };
            let mut from = t.model.created_at.max(since);
            let mut mean = Duration::hours(30);
            if t.showcase {
                // Fresh answers, for the demo account's unread notifications.
                from = from.max(end - Duration::hours(40));
                mean = Duration::hours(6);
            }
            let Some(at) = after(rng, from, mean, end) else {
                continue;
            };
            let zh = rng.gen_bool(if t.zh { 0.95 } else { 0.05 });
            let mut body = text::answer_body(rng, t.topic, zh);
            if rng.gen_bool(0.06)
                && let Some(&other) = answerers.iter().find(|&&o| o != author && o != t.author)
            {
                body.push_str(&format!("\n\ncc @{}", plan.people[other].username));
            }
            answerers.push(author);
            planned.push(Answer {
                model: answers::Model {
                    id: 0,
                    thread_id: t.model.id,
                    author_id: plan.people[author].id,
                    body,
                    body_html: String::new(),
                    accepted: false,
                    score: 0,
                    upvotes: 0,
                    downvotes: 0,
                    comment_count: 0,
                    edited_at: None,
                    deleted_at: None,
                    hidden_at: None,
                    hidden_reason: None,
                    created_at: at,
                    updated_at: at,
                },
                thread: ti,
                author,
                pop: 0.3 + t.pop.sqrt() * rng.gen_range(0.2..1.0) + 0.5 * popularity(rng),
                quality: 1.0 - rng.r#gen::<f64>().powi(2),
                delete: !t.showcase && rng.gen_bool(0.02),
            });
        }
    }
    planned.sort_by_key(|a| (a.model.created_at, a.thread));
    for (i, a) in planned.iter_mut().enumerate() {
        a.model.id = id_base + i as i64 + 1;
        plan.threads[a.thread].answers.push(i);
    }
    plan.answers = planned;

    // Two questions in three get an accepted answer, the best one mostly.
    for t in &mut plan.threads {
        if t.model.kind != Kind::Question || t.showcase {
            continue;
        }
        let anchor = t.pop >= 12.0;
        if !anchor && !rng.gen_bool(0.67) {
            continue;
        }
        let best = t
            .answers
            .iter()
            .copied()
            .filter(|&a| !plan.answers[a].delete)
            .map(|a| (plan.answers[a].quality * rng.gen_range(0.6..1.0), a))
            .max_by(|x, y| x.0.total_cmp(&y.0))
            .map(|(_, a)| a);
        let Some(best) = best else {
            continue;
        };
        let answer = &mut plan.answers[best];
        let from = answer.model.created_at + Duration::minutes(30);
        if from >= end {
            continue;
        }
        t.accepted_at = Some(time_between(rng, from, (from + Duration::days(7)).min(end)));
        t.model.accepted_answer_id = Some(answer.model.id);
        answer.model.accepted = true;
        answer.pop *= 1.8;
    }
}

/// Comments on threads and answers: the asker thanks and follows up, the
/// answerer replies, others chime in; a few `@username`s. Ids follow time.
pub(super) fn plan_comments(rng: &mut impl Rng, plan: &mut Plan, id_base: i64) {
    let end = plan.end;
    let people = &plan.people;
    let mut planned: Vec<Comment> = Vec::new();
    for (ti, t) in plan.threads.iter().enumerate() {
        let n = (t.pop * 0.5 * rng.gen_range(0.0..2.0)).round() as usize;
        let answerers: Vec<usize> = t.answers.iter().map(|&a| plan.answers[a].author).collect();
        for _ in 0..n {
            let (author, since) = if !answerers.is_empty() && rng.gen_bool(0.35) {
                (t.author, t.model.created_at)
            } else {
                match pick(rng, people, plan.audience(t.course), end, &[]) {
                    Some(member) => member,
                    None => continue,
                }
            };
            let Some(at) = after(rng, t.model.created_at.max(since), Duration::hours(36), end)
            else {
                continue;
            };
            let mut body = text::comment_body(rng, t.zh).to_owned();
            if author == t.author && rng.gen_bool(0.3) {
                let who = answerers[rng.gen_range(0..answerers.len())];
                body = format!("@{} {body}", people[who].username);
            }
            planned.push(Comment {
                model: comment(t, None, people[author].id, body, at),
                thread: ti,
                answer: None,
                author,
            });
        }
    }
    for (ai, a) in plan.answers.iter().enumerate() {
        let t = &plan.threads[a.thread];
        let n = (a.pop * 0.4 * rng.gen_range(0.0..2.0)).round() as usize;
        for _ in 0..n {
            let x: f64 = rng.r#gen();
            let (author, since) = if x < 0.3 {
                (t.author, t.model.created_at)
            } else if x < 0.42 {
                (a.author, a.model.created_at)
            } else {
                match pick(rng, people, plan.audience(t.course), end, &[]) {
                    Some(member) => member,
                    None => continue,
                }
            };
            let Some(at) = after(rng, a.model.created_at.max(since), Duration::hours(30), end)
            else {
                continue;
            };
            let mut body = text::comment_body(rng, t.zh).to_owned();
            if author != t.author && a.author != t.author && rng.gen_bool(0.08) {
                body = format!("@{} {body}", people[t.author].username);
            }
            planned.push(Comment {
                model: comment(t, Some(a), people[author].id, body, at),
                thread: a.thread,
                answer: Some(ai),
                author,
            });
        }
    }
    // Someone calls each demo account into a recent discussion.
    for &d in &plan.demo {
        let recent: Vec<usize> = (0..plan.threads.len())
            .filter(|&ti| {
                let t = &plan.threads[ti];
                t.course.is_none()
                    && !t.showcase
                    && t.author != d
                    && t.model.created_at < end - Duration::days(3)
                    && t.model.created_at > end - Duration::days(60)
            })
            .collect();
        let Some(&ti) = recent.choose(rng) else {
            continue;
        };
        let t = &plan.threads[ti];
        let Some((author, _)) = pick(rng, people, &plan.everyone, t.model.created_at, &[d]) else {
            continue;
        };
        let at = time_between(rng, end - Duration::hours(40), end - Duration::hours(1));
        let body = format!("@{} {}", people[d].username, text::comment_body(rng, t.zh));
        planned.push(Comment {
            model: comment(t, None, people[author].id, body, at),
            thread: ti,
            answer: None,
            author,
        });
    }
    planned.sort_by_key(|c| c.model.created_at);
    for (i, c) in planned.iter_mut().enumerate() {
        c.model.id = id_base + i as i64 + 1;
    }
    plan.comments = planned;
}

/// Deletions, edits, locks and the counters, then the rendered HTML, all as
/// the services would have left them. (The search index catches up with the
/// seeded rows at start-up: `search::index::index_missing`.)
pub(super) fn settle(rng: &mut impl Rng, plan: &mut Plan, revision_base: i64) {
    let end = plan.end;
    let mut last_comment_on_answer: HashMap<usize, DateTime<Utc>> = HashMap::new();
    for c in &mut plan.comments {
        let t = &mut plan.threads[c.thread];
        t.model.last_activity_at = t.model.last_activity_at.max(c.model.created_at);
        if let Some(a) = c.answer {
            let last = last_comment_on_answer
                .entry(a)
                .or_insert(c.model.created_at);
            *last = (*last).max(c.model.created_at);
        }
        let mentions_someone = c.model.body.starts_with('@');
        if !mentions_someone
            && rng.gen_bool(0.02)
            && let Some(at) = after(rng, c.model.created_at, Duration::days(2), end)
        {
            c.model.deleted_at = Some(at);
            c.model.updated_at = at;
            continue;
        }
        t.model.comment_count += 1;
        if let Some(a) = c.answer {
            plan.answers[a].model.comment_count += 1;
        }
    }
    let mut revisions: Vec<post_revisions::Model> = Vec::new();
    for (ai, a) in plan.answers.iter_mut().enumerate() {
        let t = &mut plan.threads[a.thread];
        t.model.last_activity_at = t.model.last_activity_at.max(a.model.created_at);
        if a.delete {
            let last = last_comment_on_answer
                .get(&ai)
                .copied()
                .unwrap_or(a.model.created_at);
            if let Some(at) = after(rng, last, Duration::days(3), end) {
                a.model.deleted_at = Some(at);
                a.model.updated_at = at;
                continue;
            }
        }
        t.model.answer_count += 1;
        if rng.gen_bool(0.03)
            && let Some(at) = after(rng, a.model.created_at, Duration::hours(12), end)
        {
            revisions.push(edit(
                PostKind::Answer,
                a.model.id,
                a.model.author_id,
                None,
                &a.model.body,
                at,
            ));
            a.model.body.push_str(edit_note(t.zh));
            a.model.edited_at = Some(at);
            a.model.updated_at = at;
        }
    }
    for t in &mut plan.threads {
        let old = t.model.last_activity_at < end - Duration::days(30);
        let ordinary = !t.showcase && t.pop < 12.0;
        let x: f64 = rng.r#gen();
        if ordinary && old && x < 0.015 {
            t.model.locked_at = after(rng, t.model.last_activity_at, Duration::days(10), end);
        } else if ordinary && old && x < 0.025 {
            t.model.deleted_at = after(rng, t.model.last_activity_at, Duration::days(10), end);
            t.model.updated_at = t.model.deleted_at.unwrap_or(t.model.updated_at);
        } else if rng.gen_bool(0.04)
            && let Some(at) = after(rng, t.model.created_at, Duration::hours(12), end)
        {
            revisions.push(edit(
                PostKind::Thread,
                t.model.id,
                t.model.author_id,
                Some(t.model.title.clone()),
                &t.model.body,
                at,
            ));
            t.model.body.push_str(edit_note(t.zh));
            t.model.edited_at = Some(at);
            t.model.updated_at = at;
        }
        t.model.body_html = markdown_to_safe_html(&t.model.body);
    }
    revisions.sort_by_key(|r| r.created_at);
    for (i, r) in revisions.iter_mut().enumerate() {
        r.id = revision_base + i as i64 + 1;
    }
    plan.revisions = revisions;
    for a in &mut plan.answers {
        a.model.body_html = markdown_to_safe_html(&a.model.body);
    }
    // Most comments repeat a short phrase: render each distinct body once.
    let mut rendered: HashMap<String, String> = HashMap::new();
    for c in &mut plan.comments {
        c.model.body_html = rendered
            .entry(c.model.body.clone())
            .or_insert_with(|| markdown_to_safe_html(&c.model.body))
            .clone();
    }
}

/// The version an edit replaced (its id is set later).
fn edit(
    kind: PostKind,
    target_id: i64,
    editor_id: i64,
    title: Option<String>,
    body: &str,
    at: DateTime<Utc>,
) -> post_revisions::Model {
    post_revisions::Model {
        id: 0,
        target_kind: kind,
        target_id,
        editor_id,
        title,
        body: body.to_owned(),
        created_at: at,
    }
}

fn edit_note(zh: bool) -> &'static str {
    if zh {
        "\n\n**更新：** 补充了一些细节，谢谢大家的回复。"
    } else {
        "\n\n**Edit:** added a few details, thanks for the replies."
    }
}
