//! The seeded community: every counter agrees with its rows, course
//! threads are only touched by the course's members, times follow their
//! causes, and the demo has the sizes and showcases it promises.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{
    answers, comments, enrollments, follows, notifications, post_revisions, threads, users,
    votes::{self, PostKind},
};
use lyceum::{services::community::hot_rank, text::markdown_to_safe_html};
use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder};

use super::{now, number};

/// SQL: whether user `u` may take part in course `c`'s threads (its creator,
/// staff, or a learner with a live enrolment).
fn member(u: &str, c: &str) -> String {
    format!(
        "({u} = (SELECT creator_id FROM courses WHERE id = {c}) \
         OR EXISTS (SELECT 1 FROM users s WHERE s.id = {u} AND s.role IN ('ADMIN', 'MODERATOR')) \
         OR EXISTS (SELECT 1 FROM enrollments e WHERE e.user_id = {u} AND e.course_id = {c} \
                    AND e.refunded_at IS NULL))"
    )
}

/// Every community counter and rule, checked with SQL aggregates and, where
/// the derivation is code or a time, in Rust.
pub async fn assert_consistent(db: &DatabaseConnection) {
    let violations = [
        (
            "answer_count = live (not deleted, not hidden) answers",
            "SELECT COUNT(*) FROM threads t WHERE t.answer_count <> \
             (SELECT COUNT(*) FROM answers a WHERE a.thread_id = t.id AND a.deleted_at IS NULL \
             AND a.hidden_at IS NULL)"
                .to_owned(),
        ),
        (
            "threads' comment_count = live comments on the thread and its answers",
            "SELECT COUNT(*) FROM threads t WHERE t.comment_count <> \
             (SELECT COUNT(*) FROM comments c WHERE c.thread_id = t.id AND c.deleted_at IS NULL \
             AND c.hidden_at IS NULL)"
                .to_owned(),
        ),
        (
            "answers' comment_count = live comments",
            "SELECT COUNT(*) FROM answers a WHERE a.comment_count <> \
             (SELECT COUNT(*) FROM comments c WHERE c.answer_id = a.id AND c.deleted_at IS NULL \
             AND c.hidden_at IS NULL)"
                .to_owned(),
        ),
        (
            "a comment on an answer names the answer's thread",
            "SELECT COUNT(*) FROM comments c JOIN answers a ON a.id = c.answer_id \
             WHERE c.thread_id <> a.thread_id"
                .to_owned(),
        ),
        (
            "threads' votes and score = the votes",
            "SELECT COUNT(*) FROM threads t WHERE \
             t.upvotes <> (SELECT COUNT(*) FROM votes v WHERE v.target_kind = 'THREAD' \
                           AND v.target_id = t.id AND v.value = 1) OR \
             t.downvotes <> (SELECT COUNT(*) FROM votes v WHERE v.target_kind = 'THREAD' \
                             AND v.target_id = t.id AND v.value = -1) OR \
             t.score <> t.upvotes - t.downvotes"
                .to_owned(),
        ),
        (
            "answers' votes and score = the votes",
            "SELECT COUNT(*) FROM answers a WHERE \
             a.upvotes <> (SELECT COUNT(*) FROM votes v WHERE v.target_kind = 'ANSWER' \
                           AND v.target_id = a.id AND v.value = 1) OR \
             a.downvotes <> (SELECT COUNT(*) FROM votes v WHERE v.target_kind = 'ANSWER' \
                             AND v.target_id = a.id AND v.value = -1) OR \
             a.score <> a.upvotes - a.downvotes"
                .to_owned(),
        ),
        (
            "votes are ±1 on threads and answers that exist",
            "SELECT COUNT(*) FROM votes v WHERE v.value NOT IN (1, -1) \
             OR v.target_kind NOT IN ('THREAD', 'ANSWER') \
             OR (v.target_kind = 'THREAD' AND NOT EXISTS (SELECT 1 FROM threads t WHERE t.id = v.target_id)) \
             OR (v.target_kind = 'ANSWER' AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.id = v.target_id))"
                .to_owned(),
        ),
        (
            "nobody votes on their own post",
            "SELECT COUNT(*) FROM votes v WHERE \
             (v.target_kind = 'THREAD' AND v.user_id = (SELECT author_id FROM threads t WHERE t.id = v.target_id)) OR \
             (v.target_kind = 'ANSWER' AND v.user_id = (SELECT author_id FROM answers a WHERE a.id = v.target_id))"
                .to_owned(),
        ),
        (
            "an accepted answer is the question's one live answer marked accepted",
            "SELECT COUNT(*) FROM threads t WHERE \
             (t.accepted_answer_id IS NOT NULL AND (t.kind <> 'QUESTION' OR NOT EXISTS \
               (SELECT 1 FROM answers a WHERE a.id = t.accepted_answer_id AND a.thread_id = t.id \
                AND a.accepted AND a.deleted_at IS NULL))) OR \
             (SELECT COUNT(*) FROM answers a WHERE a.thread_id = t.id AND a.accepted) <> \
             (CASE WHEN t.accepted_answer_id IS NULL THEN 0 ELSE 1 END)"
                .to_owned(),
        ),
        (
            "no threads in drafts",
            "SELECT COUNT(*) FROM threads t JOIN courses c ON c.id = t.course_id WHERE c.status = 'DRAFT'"
                .to_owned(),
        ),
        (
            "course threads are started by members",
            format!(
                "SELECT COUNT(*) FROM threads t WHERE t.course_id IS NOT NULL AND NOT {}",
                member("t.author_id", "t.course_id")
            ),
        ),
        (
            "course threads are answered by members",
            format!(
                "SELECT COUNT(*) FROM answers a JOIN threads t ON t.id = a.thread_id \
                 WHERE t.course_id IS NOT NULL AND NOT {}",
                member("a.author_id", "t.course_id")
            ),
        ),
        (
            "course threads are commented on by members",
            format!(
                "SELECT COUNT(*) FROM comments c JOIN threads t ON t.id = c.thread_id \
                 WHERE t.course_id IS NOT NULL AND NOT {}",
                member("c.author_id", "t.course_id")
            ),
        ),
        (
            "course threads are voted on by members",
            format!(
                "SELECT COUNT(*) FROM votes v JOIN threads t ON t.id = CASE WHEN v.target_kind = 'THREAD' \
                 THEN v.target_id ELSE (SELECT a.thread_id FROM answers a WHERE a.id = v.target_id) END \
                 WHERE t.course_id IS NOT NULL AND NOT {}",
                member("v.user_id", "t.course_id")
            ),
        ),
        (
            "course threads are followed and bookmarked by members",
            format!(
                "SELECT (SELECT COUNT(*) FROM follows f JOIN threads t ON f.target_kind = 'THREAD' \
                         AND t.id = f.target_id WHERE t.course_id IS NOT NULL AND NOT {}) + \
                        (SELECT COUNT(*) FROM bookmarks b JOIN threads t ON t.id = b.thread_id \
                         WHERE t.course_id IS NOT NULL AND NOT {})",
                member("f.user_id", "t.course_id"),
                member("b.user_id", "t.course_id")
            ),
        ),
        (
            "notifications of course threads go to members",
            format!(
                "SELECT COUNT(*) FROM notifications n JOIN threads t ON t.id = n.thread_id \
                 WHERE t.course_id IS NOT NULL AND NOT {}",
                member("n.user_id", "t.course_id")
            ),
        ),
        (
            "nobody is notified of their own doing",
            "SELECT COUNT(*) FROM notifications WHERE (actor_id IS NULL AND kind NOT IN ('LEVEL_UP', 'BADGE_AWARDED', 'MODERATION', 'REPORT_RESOLVED')) OR user_id = actor_id".to_owned(),
        ),
        (
            "a notification's answer and comment are in its thread",
            "SELECT COUNT(*) FROM notifications n WHERE (n.thread_id IS NULL AND n.kind NOT IN ('LEVEL_UP', 'BADGE_AWARDED', 'MODERATION', 'REPORT_RESOLVED')) \
             OR (n.answer_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM answers a \
                 WHERE a.id = n.answer_id AND a.thread_id = n.thread_id)) \
             OR (n.comment_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM comments c \
                 WHERE c.id = n.comment_id AND c.thread_id = n.thread_id))"
                .to_owned(),
        ),
        (
            "new answers, acceptances and comments notify the post's author, from the actor",
            "SELECT COUNT(*) FROM notifications n JOIN threads t ON t.id = n.thread_id WHERE \
             (n.kind = 'NEW_ANSWER' AND (n.user_id <> t.author_id OR n.comment_id IS NOT NULL \
               OR n.actor_id <> (SELECT a.author_id FROM answers a WHERE a.id = n.answer_id))) OR \
             (n.kind = 'ANSWER_ACCEPTED' AND (n.actor_id <> t.author_id OR n.answer_id <> t.accepted_answer_id \
               OR n.user_id <> (SELECT a.author_id FROM answers a WHERE a.id = n.answer_id))) OR \
             (n.kind = 'NEW_COMMENT' AND (n.comment_id IS NULL \
               OR n.actor_id <> (SELECT c.author_id FROM comments c WHERE c.id = n.comment_id) \
               OR n.user_id <> COALESCE((SELECT a.author_id FROM answers a WHERE a.id = n.answer_id), t.author_id)))"
                .to_owned(),
        ),
        (
            "follows name a thread, another user or a tag that exists",
            "SELECT COUNT(*) FROM follows f WHERE \
             (f.target_kind = 'THREAD' AND NOT EXISTS (SELECT 1 FROM threads t WHERE t.id = f.target_id)) OR \
             (f.target_kind = 'USER' AND (f.target_id = f.user_id OR NOT EXISTS \
               (SELECT 1 FROM users u WHERE u.id = f.target_id))) OR \
             (f.target_kind = 'TAG' AND NOT EXISTS (SELECT 1 FROM tags g WHERE g.id = f.target_id))"
                .to_owned(),
        ),
        (
            "edits are by the author, of threads and answers that exist",
            "SELECT COUNT(*) FROM post_revisions r WHERE \
             (r.target_kind = 'THREAD' AND r.editor_id <> (SELECT author_id FROM threads t WHERE t.id = r.target_id)) OR \
             (r.target_kind = 'ANSWER' AND r.editor_id <> (SELECT author_id FROM answers a WHERE a.id = r.target_id)) OR \
             r.target_kind NOT IN ('THREAD', 'ANSWER')"
                .to_owned(),
        ),
    ];
    for (rule, sql) in &violations {
        assert_eq!(number(db, sql).await, 0, "{rule}: {sql}");
    }
    assert_times_and_derivations(db).await;
    // The seeded points ledger adds up (`lyceum audit-ledger`).
    let problems = lyceum::services::rewards::audit::points(db).await.unwrap();
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Times follow their causes (accounts, memberships, parents) and never pass
/// `now`; HTML and the HOT rank are what the services compute.
async fn assert_times_and_derivations(db: &DatabaseConnection) {
    let now = now();
    let joined: HashMap<i64, DateTime<Utc>> = users::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|u| (u.id, u.created_at))
        .collect();
    // A learner takes part in a course from their enrolment on.
    let enrolled: HashMap<(i64, i64), DateTime<Utc>> = enrollments::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.refunded_at.is_none())
        .map(|e| ((e.user_id, e.course_id), e.created_at))
        .collect();
    let since = |user: i64, course: Option<i64>| {
        let account = joined[&user];
        course
            .and_then(|c| enrolled.get(&(user, c)))
            .map_or(account, |&at| at.max(account))
    };
    let threads: HashMap<i64, threads::Model> = threads::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let answers: HashMap<i64, answers::Model> = answers::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let comments = comments::Entity::find()
        .order_by_asc(comments::Column::Id)
        .all(db)
        .await
        .unwrap();
    let mut last_activity: HashMap<i64, DateTime<Utc>> =
        threads.values().map(|t| (t.id, t.created_at)).collect();
    for t in threads.values() {
        assert!(t.created_at >= since(t.author_id, t.course_id) && t.created_at <= now);
        assert!(t.updated_at >= t.created_at && t.updated_at <= now);
        for later in [t.edited_at, t.deleted_at, t.locked_at]
            .into_iter()
            .flatten()
        {
            assert!(later > t.created_at && later <= now, "thread {}", t.id);
        }
        assert_eq!(
            t.body_html,
            markdown_to_safe_html(&t.body),
            "thread {}",
            t.id
        );
        assert!(
            (t.hot_rank - hot_rank(t.score, t.created_at)).abs() < 1e-9,
            "thread {}",
            t.id
        );
    }
    for a in answers.values() {
        let t = &threads[&a.thread_id];
        assert!(
            a.created_at > t.created_at,
            "answer {} before its thread",
            a.id
        );
        assert!(a.created_at >= since(a.author_id, t.course_id) && a.created_at <= now);
        if let Some(deleted) = a.deleted_at {
            assert!(deleted > a.created_at && deleted <= now && !a.accepted);
        }
        assert_eq!(
            a.body_html,
            markdown_to_safe_html(&a.body),
            "answer {}",
            a.id
        );
        let last = last_activity.get_mut(&t.id).unwrap();
        *last = (*last).max(a.created_at);
    }
    for c in &comments {
        let t = &threads[&c.thread_id];
        let parent = c.answer_id.map_or(t.created_at, |a| answers[&a].created_at);
        assert!(c.created_at > parent, "comment {} before its target", c.id);
        assert!(c.created_at >= since(c.author_id, t.course_id) && c.created_at <= now);
        if let Some(deleted) = c.deleted_at {
            assert!(deleted > c.created_at && deleted <= now);
        }
        assert_eq!(
            c.body_html,
            markdown_to_safe_html(&c.body),
            "comment {}",
            c.id
        );
        let last = last_activity.get_mut(&t.id).unwrap();
        *last = (*last).max(c.created_at);
    }
    for t in threads.values() {
        assert_eq!(t.last_activity_at, last_activity[&t.id], "thread {}", t.id);
        if let Some(locked) = t.locked_at {
            assert!(
                locked > t.last_activity_at,
                "thread {} active after its lock",
                t.id
            );
        }
    }
    // Lists read ids as time: the newest thread, answer and comment last.
    for pair in comments.windows(2) {
        assert!(pair[0].created_at <= pair[1].created_at);
    }
    for v in votes::Entity::find().all(db).await.unwrap() {
        let (created, course) = match v.target_kind {
            PostKind::Thread => (
                threads[&v.target_id].created_at,
                threads[&v.target_id].course_id,
            ),
            _ => {
                let a = &answers[&v.target_id];
                (a.created_at, threads[&a.thread_id].course_id)
            }
        };
        assert!(v.created_at > created && v.created_at <= now);
        assert!(v.created_at >= since(v.user_id, course));
    }
    for f in follows::Entity::find().all(db).await.unwrap() {
        assert!(f.created_at >= joined[&f.user_id] && f.created_at <= now);
        if f.target_kind == follows::Target::Thread {
            assert!(f.created_at > threads[&f.target_id].created_at);
        }
    }
    for n in notifications::Entity::find().all(db).await.unwrap() {
        // Badge and level notifications are about no thread.
        if let Some(thread_id) = n.thread_id {
            assert!(n.created_at >= threads[&thread_id].created_at);
        }
        assert!(n.created_at <= now);
        assert!(n.created_at >= joined[&n.user_id]);
        if let Some(read) = n.read_at {
            assert!(read >= n.created_at && read <= now);
        }
    }
    for r in post_revisions::Entity::find().all(db).await.unwrap() {
        let (created, edited) = match r.target_kind {
            PostKind::Thread => {
                let t = &threads[&r.target_id];
                (t.created_at, t.edited_at)
            }
            _ => {
                let a = &answers[&r.target_id];
                (a.created_at, a.edited_at)
            }
        };
        assert!(r.created_at > created && Some(r.created_at) <= edited);
    }
}

/// The demo community's sizes, languages, skew and showcases.
pub async fn assert_demo(db: &DatabaseConnection) {
    for (what, sql, at_least) in [
        ("threads", "SELECT COUNT(*) FROM threads", 600),
        (
            "community-wide threads",
            "SELECT COUNT(*) FROM threads WHERE course_id IS NULL",
            300,
        ),
        (
            "course threads",
            "SELECT COUNT(*) FROM threads WHERE course_id IS NOT NULL",
            100,
        ),
        ("answers", "SELECT COUNT(*) FROM answers", 2_000),
        ("comments", "SELECT COUNT(*) FROM comments", 3_000),
        ("votes", "SELECT COUNT(*) FROM votes", 5_000),
        (
            "downvotes",
            "SELECT COUNT(*) FROM votes WHERE value < 0",
            200,
        ),
        (
            "accepted answers",
            "SELECT COUNT(*) FROM threads WHERE accepted_answer_id IS NOT NULL",
            150,
        ),
        (
            "questions without an accepted answer",
            "SELECT COUNT(*) FROM threads WHERE kind = 'QUESTION' AND accepted_answer_id IS NULL",
            50,
        ),
        (
            "discussions",
            "SELECT COUNT(*) FROM threads WHERE kind = 'DISCUSSION'",
            100,
        ),
        ("thread tags", "SELECT COUNT(*) FROM thread_tags", 600),
        (
            "bodies with code",
            "SELECT COUNT(*) FROM answers WHERE body LIKE '%```%'",
            50,
        ),
        (
            "deleted answers",
            "SELECT COUNT(*) FROM answers WHERE deleted_at IS NOT NULL",
            5,
        ),
        ("edits", "SELECT COUNT(*) FROM post_revisions", 20),
        ("bookmarks", "SELECT COUNT(*) FROM bookmarks", 100),
        ("notifications", "SELECT COUNT(*) FROM notifications", 3_000),
        (
            "read notifications",
            "SELECT COUNT(*) FROM notifications WHERE read_at IS NOT NULL",
            1_000,
        ),
        (
            "unread notifications",
            "SELECT COUNT(*) FROM notifications WHERE read_at IS NULL",
            100,
        ),
    ] {
        let n = number(db, sql).await;
        assert!(n >= at_least, "{n} {what}");
    }
    for kind in [
        "NEW_ANSWER",
        "ANSWER_ACCEPTED",
        "NEW_COMMENT",
        "MENTION",
        "FOLLOWED_ACTIVITY",
    ] {
        let n = number(
            db,
            &format!("SELECT COUNT(*) FROM notifications WHERE kind = '{kind}'"),
        )
        .await;
        assert!(n >= 20, "{n} {kind} notifications");
    }
    for target in ["THREAD", "TAG", "USER"] {
        let n = number(
            db,
            &format!("SELECT COUNT(*) FROM follows WHERE target_kind = '{target}'"),
        )
        .await;
        assert!(n >= 20, "{n} follows of a {target}");
    }

    // The search anchors.
    let all = threads::Entity::find().all(db).await.unwrap();
    let zh = all
        .iter()
        .find(|t| t.title == "个性化推荐算法入门")
        .expect("the 中文 recommender thread");
    assert!(zh.course_id.is_none() && zh.deleted_at.is_none());
    assert!(all.iter().any(|t| t.title.contains("recommendation")
        && t.deleted_at.is_none()
        && t.title.is_ascii()));
    let han = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let chinese = all.iter().filter(|t| han(&t.title)).count();
    assert!(
        (200..=all.len() - 200).contains(&chinese),
        "{chinese} of {} titles in 中文",
        all.len()
    );

    // Votes are skewed: a few threads draw dozens, most a handful.
    let mut upvotes: Vec<i64> = all.iter().map(|t| t.upvotes).collect();
    upvotes.sort_unstable();
    let median = upvotes[upvotes.len() / 2];
    assert!(
        upvotes[upvotes.len() - 1] >= 30 && median <= 5,
        "{median}, {upvotes:?}"
    );
    assert!(all.iter().any(|t| t.score < 0), "no thread is voted down");

    // Each demo account has something new to read.
    for username in [
        "learner_ana",
        "learner_ben",
        "learner_chen",
        "learner_dia",
        "creator_lin",
        "admin",
    ] {
        let unread = number(
            db,
            &format!(
                "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id \
                 WHERE u.username = '{username}' AND n.read_at IS NULL"
            ),
        )
        .await;
        assert!(unread >= 1, "{username} has no unread notifications");
    }
}

/// What two runs of the demo seed must agree on.
pub async fn fingerprint(db: &DatabaseConnection) -> Vec<String> {
    let mut lines = Vec::new();
    for t in threads::Entity::find()
        .order_by_asc(threads::Column::Id)
        .all(db)
        .await
        .unwrap()
    {
        lines.push(format!(
            "thread {} {:?} {} {} {} {} {} {:?} {:?}",
            t.id,
            t.course_id,
            t.author_id,
            t.title,
            t.score,
            t.answer_count,
            t.comment_count,
            t.accepted_answer_id,
            t.last_activity_at
        ));
    }
    for a in answers::Entity::find()
        .order_by_asc(answers::Column::Id)
        .all(db)
        .await
        .unwrap()
    {
        lines.push(format!(
            "answer {} {} {} {} {:?}",
            a.thread_id, a.author_id, a.score, a.comment_count, a.created_at
        ));
    }
    for table in ["comments", "votes", "follows", "bookmarks", "notifications"] {
        let n = number(db, &format!("SELECT COUNT(*) FROM {table}")).await;
        lines.push(format!("{table} {n}"));
    }
    lines
}
