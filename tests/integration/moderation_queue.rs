//! Reports and the moderation queue: reporting each kind of target,
//! grouping and weights, auto-hiding, the queue's filters and orders,
//! resolving with each action (effect, notifications, log), reporters'
//! accuracy, concurrency, authorisation, and vote rings in the queue.

use lyceum::{
    error::ErrorCode,
    graphql::ids::{self, NodeKind},
};
use lyceum_tests::{
    GqlResponse, Session, TestApp,
    community::{id_of, raw_id},
};
use serde_json::{Value, json};

mod resolve;

const REPORT: &str = r#"mutation($input: ReportInput!) {
  report(input: $input) { id reason note status reporter { username } }
}"#;
const QUEUE: &str = r#"query($filter: ModerationQueueFilter, $order: ModerationQueueOrder, $first: Int = 10, $after: String) {
  moderationQueue(filter: $filter, orderBy: $order, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id targetType source status weight reportCount topReason autoHidden detail
      thread { id title } answer { id } comment { id }
      user { username } relatedUser { username }
      authorHistory { threads answers comments hiddenPosts upheldReports suspensions }
      reports(first: 3) { nodes { reason note status reporter { username } } }
    }
  }
}"#;
const ITEM: &str = r#"query($id: ID!) {
  moderationItem(id: $id) { id status resolution resolutionNote resolvedBy { username }
    thread { id body hidden } user { username } }
}"#;
const RESOLVE: &str = r#"mutation($id: ID!, $action: ModerationResolution!, $note: String, $days: Int) {
  resolveReport(itemId: $id, action: $action, note: $note, suspendDays: $days) {
    id status resolution resolutionNote resolvedBy { username }
  }
}"#;
const THREAD_BODY: &str = "query($id: ID!) { thread(id: $id) { id body hidden } }";

/// (case, who, target, reason, note, expected code).
type BadReport<'a> = (
    &'a str,
    &'a Session,
    String,
    &'a str,
    Option<&'a str>,
    ErrorCode,
);
/// (case, who, item, action, suspend days, expected code).
type BadResolution<'a> = (
    &'a str,
    &'a Session,
    &'a str,
    &'a str,
    Option<i32>,
    ErrorCode,
);

async fn report(
    app: &TestApp,
    who: &Session,
    target: &str,
    reason: &str,
    note: Option<&str>,
) -> GqlResponse {
    app.gql_as(
        who,
        REPORT,
        json!({ "input": { "targetId": target, "reason": reason, "note": note } }),
    )
    .await
}

/// The open item of a target (by its global ID), as a global ID.
async fn item_of(app: &TestApp, target: &str) -> String {
    let (kind, raw) = ids::decode_any("id", target).unwrap();
    let target_type = match kind {
        NodeKind::Thread => "THREAD",
        NodeKind::Answer => "ANSWER",
        NodeKind::Comment => "COMMENT",
        _ => "USER",
    };
    let id = app
        .number(&format!(
            "SELECT id FROM moderation_items WHERE target_type = '{target_type}' \
             AND target_id = {raw} AND status = 'OPEN' AND source <> 'VOTE_RING'"
        ))
        .await;
    ids::encode(NodeKind::ModerationItem, id).0
}

async fn resolve(
    app: &TestApp,
    who: &Session,
    item: &str,
    action: &str,
    note: Option<&str>,
    days: Option<i32>,
) -> GqlResponse {
    app.gql_as(
        who,
        RESOLVE,
        json!({ "id": item, "action": action, "note": note, "days": days }),
    )
    .await
}

async fn notifications(app: &TestApp, user: &Session, kind: &str, detail: &str) -> i64 {
    app.number(&format!(
        "SELECT COUNT(*) FROM notifications WHERE user_id = {} AND kind = '{kind}' \
         AND detail = '{detail}'",
        raw_id(&user.id)
    ))
    .await
}

async fn counts(app: &TestApp) -> (i64, i64, i64, i64) {
    (
        app.number("SELECT COUNT(*) FROM reports").await,
        app.number("SELECT COUNT(*) FROM moderation_items").await,
        app.number("SELECT COALESCE(SUM(report_count), 0) FROM moderation_items")
            .await,
        app.number("SELECT COUNT(*) FROM moderation_log").await,
    )
}

/// What a refused resolution must leave as it was.
async fn snapshot(app: &TestApp) -> ((i64, i64, i64, i64), i64, i64, i64) {
    (
        counts(app).await,
        app.number("SELECT COUNT(*) FROM moderation_items WHERE status = 'OPEN'")
            .await,
        app.number("SELECT COUNT(*) FROM notifications").await,
        app.number("SELECT COUNT(*) FROM users WHERE status = 'SUSPENDED'")
            .await,
    )
}

fn nodes(response: &GqlResponse) -> Vec<Value> {
    response.ok()["moderationQueue"]["nodes"]
        .as_array()
        .expect("nodes")
        .clone()
}

/// A thread by `author` with an answer and a comment by `author` too.
async fn posts_of(app: &TestApp, author: &Session, title: &str) -> (String, String, String) {
    let thread = app.question(author, title).await;
    let answer = app
        .answer(author, &thread, "An answer worth reporting")
        .await;
    let comment = id_of(
        &app.post_comment(author, &answer, "A comment worth reporting")
            .await
            .ok()["createComment"],
    );
    (thread, answer, comment)
}

#[tokio::test]
async fn moderation_queue_reports_each_target_type() {
    let app = TestApp::spawn().await;
    let author = app.learner("author").await;
    let reporter = app.learner("reporter").await;
    let moderator = app.moderator("mod1").await;
    let (thread, answer, comment) = posts_of(&app, &author, "Reported things").await;
    let cases = [
        ("THREAD", thread.clone(), "SPAM", None),
        ("ANSWER", answer.clone(), "ABUSIVE", None),
        ("COMMENT", comment.clone(), "LOW_QUALITY", None),
        (
            "USER",
            author.id.clone(),
            "OTHER",
            Some("impersonates a teacher"),
        ),
    ];
    for (target_type, target, reason, note) in cases {
        let filed = report(&app, &reporter, &target, reason, note).await;
        let filed = &filed.ok()["report"];
        assert_eq!(filed["reason"], reason, "{target_type}");
        assert_eq!(filed["status"], "OPEN");
        assert!(filed["reporter"].is_null(), "only staff see reporters");
        let item = app
            .gql_as(
                &moderator,
                ITEM,
                json!({ "id": item_of(&app, &target).await }),
            )
            .await;
        assert_eq!(item.ok()["moderationItem"]["user"]["username"], "author");
        let queued = app
            .number(&format!(
                "SELECT COUNT(*) FROM moderation_items WHERE target_type = '{target_type}' \
                 AND target_id = {} AND report_count = 1 AND weight = 1.25",
                raw_id(&target)
            ))
            .await;
        assert_eq!(
            queued, 1,
            "{target_type}: one item weighing an Intermediate's 1.25"
        );
    }
    // Context for the comment: its thread and answer.
    let queue = app
        .gql_as(
            &moderator,
            QUEUE,
            json!({ "filter": { "targetType": "COMMENT" } }),
        )
        .await;
    let node = &nodes(&queue)[0];
    assert_eq!(node["thread"]["id"], thread.as_str());
    assert_eq!(node["answer"]["id"], answer.as_str());
    assert_eq!(node["comment"]["id"], comment.as_str());
    assert_eq!(node["authorHistory"]["threads"], 1);
    assert_eq!(node["authorHistory"]["answers"], 1);
    assert_eq!(node["authorHistory"]["comments"], 1);
    assert_eq!(
        node["reports"]["nodes"][0]["reporter"]["username"],
        "reporter"
    );
}

#[tokio::test]
async fn moderation_queue_groups_reports_auto_hides_and_dismiss_shows_again() {
    let app = TestApp::spawn().await;
    let author = app.learner("author").await;
    let member = app.learner("member").await;
    let moderator = app.moderator("mod1").await;
    let reporters = app.learners("reporter", 3).await;
    let thread = app.question(&author, "Buy cheap watches").await;

    for (i, reporter) in reporters.iter().take(2).enumerate() {
        report(
            &app,
            reporter,
            &thread,
            if i == 0 { "SPAM" } else { "OFF_TOPIC" },
            None,
        )
        .await
        .ok();
    }
    // 2 × 1.25 = 2.5 is under the threshold of 3.
    let visible = app.thread_as(Some(&member), &thread).await;
    assert_eq!(visible.ok()["thread"]["id"], thread.as_str());
    report(&app, &reporters[2], &thread, "SPAM", None)
        .await
        .ok();

    let item = app
        .number(&format!(
            "SELECT COUNT(*) FROM moderation_items WHERE target_id = {} AND report_count = 3 \
             AND weight = 3.75 AND auto_hidden = {} AND top_reason = 'SPAM'",
            raw_id(&thread),
            if app.database.is_postgres() {
                "TRUE"
            } else {
                "1"
            }
        ))
        .await;
    assert_eq!(item, 1, "one item, three reports, weights summed, hidden");
    let hidden = app.thread_as(Some(&member), &thread).await;
    assert!(
        hidden.code() == Some(ErrorCode::NotFound) || hidden.data()["thread"].is_null(),
        "members no longer see it: {}",
        hidden.body
    );
    let staff = app
        .gql_as(&moderator, THREAD_BODY, json!({ "id": thread }))
        .await;
    assert_eq!(staff.ok()["thread"]["hidden"], true);
    assert!(
        staff.ok()["thread"]["body"]
            .as_str()
            .unwrap()
            .contains("watches")
    );
    assert_eq!(
        notifications(&app, &author, "MODERATION", "HIDE_CONTENT").await,
        1
    );
    assert_eq!(
        app.number(
            "SELECT COUNT(*) FROM moderation_log WHERE action = 'AUTO_HIDE' AND actor_id IS NULL"
        )
        .await,
        1
    );

    let item = item_of(&app, &thread).await;
    let resolved = resolve(&app, &moderator, &item, "DISMISS", Some("fine"), None).await;
    assert_eq!(resolved.ok()["resolveReport"]["status"], "RESOLVED");
    assert_eq!(
        resolved.ok()["resolveReport"]["resolvedBy"]["username"],
        "mod1"
    );
    let shown = app.thread_as(Some(&member), &thread).await;
    assert_eq!(
        shown.ok()["thread"]["id"],
        thread.as_str(),
        "dismissing shows it again"
    );
    for reporter in &reporters {
        assert_eq!(
            notifications(&app, reporter, "REPORT_RESOLVED", "DISMISSED").await,
            1
        );
    }
    assert_eq!(
        app.number("SELECT COUNT(*) FROM reports WHERE status = 'DISMISSED'")
            .await,
        3
    );
    assert_eq!(
        app.number("SELECT COUNT(*) FROM notifications WHERE kind = 'MODERATION'")
            .await,
        1,
        "a dismissal does not tell the author"
    );
}

#[tokio::test]
async fn moderation_queue_refuses_bad_reports_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let author = app.learner("author").await;
    let reporter = app.learner("reporter").await;
    let gone = app.learner("gone").await;
    let (thread, answer, _) = posts_of(&app, &author, "Something").await;
    report(&app, &reporter, &thread, "SPAM", None).await.ok();
    let deleted = app.question(&author, "Deleted soon").await;
    app.gql_as(
        &author,
        "mutation($id: ID!) { deleteThread(id: $id) { id } }",
        json!({ "id": deleted }),
    )
    .await
    .ok();
    {
        use sea_orm::ConnectionTrait;
        app.db
            .execute_unprepared(&format!(
                "UPDATE users SET status = 'DELETED' WHERE id = {}",
                raw_id(&gone.id)
            ))
            .await
            .unwrap();
    }
    let long = "x".repeat(501);
    let before = counts(&app).await;
    let cases: Vec<BadReport> = vec![
        (
            "second report",
            &reporter,
            thread.clone(),
            "ABUSIVE",
            None,
            ErrorCode::Conflict,
        ),
        (
            "own thread",
            &author,
            thread.clone(),
            "SPAM",
            None,
            ErrorCode::BadUserInput,
        ),
        (
            "own answer",
            &author,
            answer.clone(),
            "SPAM",
            None,
            ErrorCode::BadUserInput,
        ),
        (
            "oneself",
            &reporter,
            reporter.id.clone(),
            "SPAM",
            None,
            ErrorCode::BadUserInput,
        ),
        (
            "tombstone",
            &reporter,
            deleted.clone(),
            "SPAM",
            None,
            ErrorCode::NotFound,
        ),
        (
            "deleted user",
            &reporter,
            gone.id.clone(),
            "SPAM",
            None,
            ErrorCode::NotFound,
        ),
        (
            "OTHER without note",
            &reporter,
            answer.clone(),
            "OTHER",
            None,
            ErrorCode::BadUserInput,
        ),
        (
            "blank note",
            &reporter,
            answer.clone(),
            "OTHER",
            Some("   "),
            ErrorCode::BadUserInput,
        ),
        (
            "long note",
            &reporter,
            answer.clone(),
            "SPAM",
            Some(&long),
            ErrorCode::BadUserInput,
        ),
        (
            "not a target",
            &reporter,
            "nonsense".into(),
            "SPAM",
            None,
            ErrorCode::BadUserInput,
        ),
    ];
    for (name, who, target, reason, note, code) in cases {
        let refused = report(&app, who, &target, reason, note).await;
        refused.expect_code(code);
        assert_eq!(counts(&app).await, before, "{name} changed nothing");
    }
    let anonymous = app
        .gql(
            REPORT,
            json!({ "input": { "targetId": thread, "reason": "SPAM" } }),
        )
        .await;
    anonymous.expect_code(ErrorCode::Unauthenticated);
    assert_eq!(counts(&app).await, before);
}

#[tokio::test]
async fn moderation_queue_filters_orders_and_pages() {
    let app = TestApp::spawn().await;
    let author = app.learner("author").await;
    let moderator = app.moderator("mod1").await;
    let reporters = app.learners("reporter", 2).await;
    let (thread, answer, _) = posts_of(&app, &author, "Filtered").await;
    // Oldest: the answer (1 ABUSIVE); then the thread (2 SPAM); then the user.
    report(&app, &reporters[0], &answer, "ABUSIVE", None)
        .await
        .ok();
    for reporter in &reporters {
        report(&app, reporter, &thread, "SPAM", None).await.ok();
    }
    report(&app, &reporters[0], &author.id, "OTHER", Some("rude"))
        .await
        .ok();
    let order = |response: &GqlResponse| -> Vec<String> {
        nodes(response)
            .iter()
            .map(|n| n["targetType"].as_str().unwrap().to_owned())
            .collect()
    };
    let cases: Vec<(Value, &str, Vec<&str>)> = vec![
        (json!(null), "WEIGHT", vec!["THREAD", "USER", "ANSWER"]),
        (json!(null), "OLDEST", vec!["ANSWER", "THREAD", "USER"]),
        (json!(null), "NEWEST", vec!["USER", "THREAD", "ANSWER"]),
        (json!({ "reason": "ABUSIVE" }), "WEIGHT", vec!["ANSWER"]),
        (json!({ "reason": "SPAM" }), "WEIGHT", vec!["THREAD"]),
        (json!({ "targetType": "USER" }), "WEIGHT", vec!["USER"]),
        (json!({ "source": "VOTE_RING" }), "WEIGHT", vec![]),
        (json!({ "status": "RESOLVED" }), "WEIGHT", vec![]),
    ];
    for (filter, order_by, expected) in cases {
        let queue = app
            .gql_as(
                &moderator,
                QUEUE,
                json!({ "filter": filter, "order": order_by }),
            )
            .await;
        assert_eq!(order(&queue), expected, "{filter} {order_by}");
    }
    // Keyset pages over the weight order.
    let first = app.gql_as(&moderator, QUEUE, json!({ "first": 2 })).await;
    assert_eq!(order(&first), ["THREAD", "USER"]);
    let cursor = first.ok()["moderationQueue"]["pageInfo"]["endCursor"].clone();
    let second = app
        .gql_as(&moderator, QUEUE, json!({ "first": 2, "after": cursor }))
        .await;
    assert_eq!(order(&second), ["ANSWER"]);
    assert_eq!(
        second.ok()["moderationQueue"]["pageInfo"]["hasNextPage"],
        false
    );

    let item = item_of(&app, &answer).await;
    resolve(&app, &moderator, &item, "WARN_USER", None, None)
        .await
        .ok();
    let resolved = app
        .gql_as(
            &moderator,
            QUEUE,
            json!({ "filter": { "status": "RESOLVED" } }),
        )
        .await;
    assert_eq!(order(&resolved), ["ANSWER"]);
    assert_eq!(nodes(&resolved)[0]["authorHistory"]["upheldReports"], 1);
}

#[tokio::test]
async fn moderation_queue_takes_vote_rings() {
    let app = TestApp::spawn().await;
    let moderator = app.moderator("mod").await;
    let a = app.learner("ringa").await;
    let b = app.learner("ringb").await;
    let mut a_posts = Vec::new();
    let mut b_posts = Vec::new();
    for i in 0..6 {
        a_posts.push(app.question(&a, &format!("A asks {i}")).await);
        app.clock.advance(chrono::Duration::days(1));
        b_posts.push(app.question(&b, &format!("B asks {i}")).await);
    }
    for (mine, theirs) in a_posts.iter().zip(&b_posts) {
        app.vote(&b, mine, "UP").await.ok();
        app.vote(&a, theirs, "UP").await.ok();
    }
    let queue = app
        .gql_as(
            &moderator,
            QUEUE,
            json!({ "filter": { "source": "VOTE_RING" } }),
        )
        .await;
    let rings = nodes(&queue);
    assert_eq!(rings.len(), 1, "the ring is queued once: {rings:?}");
    let ring = &rings[0];
    assert_eq!(ring["targetType"], "USER");
    assert_eq!(ring["weight"], 0.0);
    let pair = [
        ring["user"]["username"].as_str().unwrap(),
        ring["relatedUser"]["username"].as_str().unwrap(),
    ];
    assert!(
        pair.contains(&"ringa") && pair.contains(&"ringb"),
        "{pair:?}"
    );
    assert!(ring["detail"].as_str().unwrap().contains("votes"));
    assert_eq!(
        app.number("SELECT COUNT(*) FROM moderation_log WHERE action = 'VOTE_RING_FLAGGED'")
            .await,
        1
    );
    let item = ring["id"].as_str().unwrap();
    resolve(
        &app,
        &moderator,
        item,
        "WARN_USER",
        Some("stop trading votes"),
        None,
    )
    .await
    .ok();
    for user in [&a, &b] {
        assert_eq!(
            notifications(&app, user, "MODERATION", "WARN_USER").await,
            1
        );
    }
}
