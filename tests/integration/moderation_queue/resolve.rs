//! Resolving queue items: each action's effect, notifications and log
//! row, refusals that change nothing, reporters' accuracy, and two
//! moderators racing for one item.

use lyceum::{
    error::ErrorCode,
    graphql::ids::{self, NodeKind},
};
use lyceum_tests::{Session, TestApp, community::raw_id};
use serde_json::json;

use super::{
    BadResolution, ITEM, QUEUE, RESOLVE, item_of, notifications, report, resolve, snapshot,
};

#[tokio::test]
async fn moderation_queue_resolves_with_each_action() {
    let app = TestApp::spawn().await;
    let moderator = app.moderator("mod1").await;
    let reporter = app.learner("reporter").await;
    // (action, days, item status check SQL on the target, author notified)
    let cases = [
        ("DISMISS", None, "UPHELD_NONE"),
        ("HIDE_CONTENT", None, "hidden_reason = 'MODERATOR'"),
        ("DELETE_CONTENT", None, "deleted_at IS NOT NULL"),
        (
            "WARN_USER",
            None,
            "hidden_at IS NULL AND deleted_at IS NULL",
        ),
        (
            "SUSPEND_USER",
            Some(3),
            "hidden_at IS NULL AND deleted_at IS NULL",
        ),
    ];
    for (i, (action, days, effect)) in cases.into_iter().enumerate() {
        let author = app.learner(&format!("author{i}")).await;
        let title = format!("Secret text number {i}");
        let thread = app.question(&author, &title).await;
        report(&app, &reporter, &thread, "SPAM", None).await.ok();
        let item = item_of(&app, &thread).await;
        let resolved = resolve(&app, &moderator, &item, action, Some("checked"), days).await;
        let resolved = &resolved.ok()["resolveReport"];
        assert_eq!(resolved["resolution"], action);
        assert_eq!(resolved["resolutionNote"], "checked");

        let raw = raw_id(&thread);
        if effect != "UPHELD_NONE" {
            assert_eq!(
                app.number(&format!(
                    "SELECT COUNT(*) FROM threads WHERE id = {raw} AND {effect}"
                ))
                .await,
                1,
                "{action}: {effect}"
            );
        }
        let outcome = if action == "DISMISS" {
            "DISMISSED"
        } else {
            "UPHELD"
        };
        assert_eq!(
            app.number(&format!(
                "SELECT COUNT(*) FROM reports WHERE target_id = {raw} AND status = '{outcome}' \
                 AND resolved_at IS NOT NULL"
            ))
            .await,
            1,
            "{action}"
        );
        assert_eq!(
            app.number(&format!(
                "SELECT COUNT(*) FROM notifications WHERE user_id = {} AND kind = 'REPORT_RESOLVED' \
                 AND detail = '{outcome}' AND thread_id = {raw}",
                raw_id(&reporter.id)
            ))
            .await,
            1,
            "{action}: the reporter is told"
        );
        let told = notifications(&app, &author, "MODERATION", action).await;
        assert_eq!(told, i64::from(action != "DISMISS"), "{action}: the author");
        let log_rows = app
            .number(&format!(
                "SELECT COUNT(*) FROM moderation_log WHERE action = 'RESOLVE_REPORT' \
                 AND target_type = 'QUEUE_ITEM' AND target_id = {} AND reason = 'checked'",
                raw_id(&item)
            ))
            .await;
        assert_eq!(log_rows, 1, "{action}: one log row");
        if action == "DELETE_CONTENT" {
            let before = app
                .number(&format!(
                    "SELECT COUNT(*) FROM moderation_log WHERE target_id = {} \
                     AND before LIKE '%Secret text number {i}%' AND after LIKE '%DELETE_CONTENT%'",
                    raw_id(&item)
                ))
                .await;
            assert_eq!(before, 1, "the log keeps what was removed");
            let gone = app.thread_as(Some(&reporter), &thread).await;
            assert!(gone.errors().is_empty() || gone.code() == Some(ErrorCode::NotFound));
        }
        if action == "SUSPEND_USER" {
            assert_eq!(
                app.number(&format!(
                    "SELECT COUNT(*) FROM users WHERE id = {} AND status = 'SUSPENDED' \
                     AND suspended_until IS NOT NULL",
                    raw_id(&author.id)
                ))
                .await,
                1
            );
            let blocked = app.post_answer(&author, &thread, "Let me answer").await;
            blocked.expect_code(ErrorCode::Forbidden);
        }
    }
}

#[tokio::test]
async fn moderation_queue_refuses_bad_resolutions_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let author = app.learner("author").await;
    let reporter = app.learner("reporter").await;
    let learner = app.learner("learner").await;
    let moderator = app.moderator("mod1").await;
    let thread = app.question(&author, "A thread").await;
    let doomed = app.question(&author, "Deleted later").await;
    report(&app, &reporter, &thread, "SPAM", None).await.ok();
    report(&app, &reporter, &author.id, "ABUSIVE", None)
        .await
        .ok();
    report(&app, &reporter, &doomed, "SPAM", None).await.ok();
    app.gql_as(
        &author,
        "mutation($id: ID!) { deleteThread(id: $id) { id } }",
        json!({ "id": doomed }),
    )
    .await
    .ok();
    let thread_item = item_of(&app, &thread).await;
    let user_item = item_of(&app, &author.id).await;
    let doomed_item = item_of(&app, &doomed).await;
    let unknown = ids::encode(NodeKind::ModerationItem, 999_999).0;

    let before = snapshot(&app).await;
    let cases: Vec<BadResolution> = vec![
        (
            "hide a user",
            &moderator,
            &user_item,
            "HIDE_CONTENT",
            None,
            ErrorCode::BadUserInput,
        ),
        (
            "delete a user",
            &moderator,
            &user_item,
            "DELETE_CONTENT",
            None,
            ErrorCode::BadUserInput,
        ),
        (
            "suspend without days",
            &moderator,
            &thread_item,
            "SUSPEND_USER",
            None,
            ErrorCode::BadUserInput,
        ),
        (
            "zero days",
            &moderator,
            &thread_item,
            "SUSPEND_USER",
            Some(0),
            ErrorCode::BadUserInput,
        ),
        (
            "too many days",
            &moderator,
            &thread_item,
            "SUSPEND_USER",
            Some(3651),
            ErrorCode::BadUserInput,
        ),
        (
            "days with a warning",
            &moderator,
            &thread_item,
            "WARN_USER",
            Some(3),
            ErrorCode::BadUserInput,
        ),
        (
            "unknown item",
            &moderator,
            &unknown,
            "DISMISS",
            None,
            ErrorCode::NotFound,
        ),
        (
            "hide a tombstone",
            &moderator,
            &doomed_item,
            "HIDE_CONTENT",
            None,
            ErrorCode::NotFound,
        ),
        (
            "delete a tombstone",
            &moderator,
            &doomed_item,
            "DELETE_CONTENT",
            None,
            ErrorCode::NotFound,
        ),
        (
            "a learner",
            &learner,
            &thread_item,
            "DISMISS",
            None,
            ErrorCode::Forbidden,
        ),
    ];
    for (name, who, item, action, days, code) in cases {
        resolve(&app, who, item, action, None, days)
            .await
            .expect_code(code);
        assert_eq!(snapshot(&app).await, before, "{name} changed nothing");
    }
    app.gql(RESOLVE, json!({ "id": thread_item, "action": "DISMISS" }))
        .await
        .expect_code(ErrorCode::Unauthenticated);
    app.gql_as(&learner, QUEUE, json!({}))
        .await
        .expect_code(ErrorCode::Forbidden);
    app.gql(QUEUE, json!({}))
        .await
        .expect_code(ErrorCode::Unauthenticated);
    app.gql_as(&learner, ITEM, json!({ "id": thread_item }))
        .await
        .expect_code(ErrorCode::Forbidden);

    // Resolving twice: the second is a conflict and writes nothing.
    resolve(&app, &moderator, &thread_item, "WARN_USER", None, None)
        .await
        .ok();
    let after_first = snapshot(&app).await;
    resolve(&app, &moderator, &thread_item, "DISMISS", None, None)
        .await
        .expect_code(ErrorCode::Conflict);
    assert_eq!(snapshot(&app).await, after_first);
}

#[tokio::test]
async fn moderation_queue_weighs_reporters_by_accuracy() {
    let app = TestApp::spawn().await;
    let author = app.learner("author").await;
    let moderator = app.moderator("mod1").await;
    let careless = app.learner("careless").await;
    let fresh = app.learner("fresh").await;
    for i in 0..2 {
        let thread = app.question(&author, &format!("Fine thread {i}")).await;
        report(&app, &careless, &thread, "SPAM", None).await.ok();
        let item = item_of(&app, &thread).await;
        resolve(&app, &moderator, &item, "DISMISS", None, None)
            .await
            .ok();
    }
    let target = app.question(&author, "Questionable").await;
    report(&app, &careless, &target, "SPAM", None).await.ok();
    report(&app, &fresh, &target, "SPAM", None).await.ok();
    let weight = |who: &Session| {
        format!(
            "SELECT CAST(weight * 1000 AS BIGINT) FROM reports WHERE reporter_id = {} \
             AND target_id = {} AND status = 'OPEN'",
            raw_id(&who.id),
            raw_id(&target)
        )
    };
    // 1.25 × 2 × (0 + 1) / (0 + 2 + 2) = 0.625 against a fresh 1.25.
    assert_eq!(app.number(&weight(&careless)).await, 625);
    assert_eq!(app.number(&weight(&fresh)).await, 1250);
    // An Expert weighs 2.0; staff 3.0 (which alone hides a post).
    {
        use sea_orm::ConnectionTrait;
        app.db
            .execute_unprepared(&format!(
                "UPDATE users SET points = 6000, level = 3 WHERE id = {}",
                raw_id(&fresh.id)
            ))
            .await
            .unwrap();
    }
    let other = app.question(&author, "Another").await;
    report(&app, &fresh, &other, "SPAM", None).await.ok();
    assert_eq!(
        app.number(&format!(
            "SELECT CAST(weight * 1000 AS BIGINT) FROM moderation_items WHERE target_id = {}",
            raw_id(&other)
        ))
        .await,
        2000
    );
    report(&app, &moderator, &other, "SPAM", None).await.ok();
    assert_eq!(
        app.number(&format!(
            "SELECT COUNT(*) FROM threads WHERE id = {} AND hidden_reason = 'REPORTS'",
            raw_id(&other)
        ))
        .await,
        1
    );
}

#[tokio::test]
async fn moderation_queue_concurrent_resolutions_have_one_winner() {
    let app = TestApp::spawn().await;
    let author = app.learner("author").await;
    let reporter = app.learner("reporter").await;
    let first = app.moderator("mod1").await;
    let second = app.admin("admin1").await;
    for round in 0..3 {
        let thread = app.question(&author, &format!("Raced {round}")).await;
        report(&app, &reporter, &thread, "SPAM", None).await.ok();
        let item = item_of(&app, &thread).await;
        let (a, b) = tokio::join!(
            resolve(&app, &first, &item, "HIDE_CONTENT", None, None),
            resolve(&app, &second, &item, "DISMISS", None, None),
        );
        let codes = [a.code(), b.code()];
        assert_eq!(
            codes.iter().filter(|c| c.is_none()).count(),
            1,
            "one wins: {} {}",
            a.body,
            b.body
        );
        assert!(codes.contains(&Some(ErrorCode::Conflict)), "{codes:?}");
        assert_eq!(
            app.number(&format!(
                "SELECT COUNT(*) FROM moderation_log WHERE action = 'RESOLVE_REPORT' \
                 AND target_id = {}",
                raw_id(&item)
            ))
            .await,
            1
        );
        assert_eq!(
            app.number(&format!(
                "SELECT COUNT(*) FROM notifications WHERE kind = 'REPORT_RESOLVED' \
                 AND thread_id = {}",
                raw_id(&thread)
            ))
            .await,
            1
        );
    }
}
