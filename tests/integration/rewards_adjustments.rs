//! Points adjusted by hand: administrators only, with a reason, once per
//! idempotency key however many retries race, never below the floor, and
//! in the ledger and the moderation log.

use futures_util::future::join_all;
use lyceum::{
    error::ErrorCode,
    graphql::ids::{self, NodeKind},
    services::rewards::audit,
};
use lyceum_tests::{Session, TestApp, rewards_defaults};
use serde_json::{Value, json};

const ADJUST: &str = r#"mutation($input: AdjustPointsInput!) {
  adjustPoints(input: $input) { id points credited reason user { username points } actor { username } }
}"#;

fn input(user: &Session, points: i64, reason: &str, key: &str) -> Value {
    json!({ "input": { "userId": user.id, "points": points, "reason": reason, "idempotencyKey": key } })
}

async fn points(app: &TestApp, user: &Session) -> i64 {
    app.number(&format!(
        "SELECT points FROM users WHERE username = '{}'",
        user.username
    ))
    .await
}

#[tokio::test]
async fn administrators_adjust_points_once_per_key_with_a_reason_in_the_log() {
    let app = TestApp::spawn_with(rewards_defaults).await;
    let admin = app.admin("treasurer").await;
    let learner = app.learner("helper").await;
    let before = points(&app, &learner).await;

    let first = app
        .gql_as(
            &admin,
            ADJUST,
            input(&learner, 50, "ran the study group", "k-1"),
        )
        .await;
    let adjusted = &first.ok()["adjustPoints"];
    assert_eq!(adjusted["credited"], 50);
    assert_eq!(adjusted["user"]["points"], before + 50);
    assert_eq!(adjusted["actor"]["username"], "treasurer");

    // Retries with the key, even racing, return the first adjustment.
    let retries = join_all((0..8).map(|_| {
        app.gql_as(
            &admin,
            ADJUST,
            input(&learner, 50, "ran the study group", "k-1"),
        )
    }))
    .await;
    for retry in &retries {
        assert_eq!(retry.ok()["adjustPoints"]["id"], adjusted["id"]);
    }
    // A new key racing itself adjusts once too.
    let racing =
        join_all((0..8).map(|_| app.gql_as(&admin, ADJUST, input(&learner, 7, "bonus", "k-2"))))
            .await;
    let ids: std::collections::HashSet<String> = racing
        .iter()
        .map(|r| r.ok()["adjustPoints"]["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 1);
    assert_eq!(points(&app, &learner).await, before + 57);
    // The key names one adjustment: another with it is refused.
    app.gql_as(
        &admin,
        ADJUST,
        input(&learner, 60, "ran the study group", "k-1"),
    )
    .await
    .expect_code(ErrorCode::Conflict);

    // A deduction stops at the floor of 1 point.
    let taken = app
        .gql_as(
            &admin,
            ADJUST,
            input(&learner, -10_000, "vote fraud", "k-3"),
        )
        .await;
    assert_eq!(taken.ok()["adjustPoints"]["credited"], 1 - (before + 57));
    assert_eq!(points(&app, &learner).await, 1);

    // The ledger has the rows, the log has the reasons, the balances add up.
    let ledger = app
        .gql_as(
            &admin,
            "query($id: ID!) { userRewards(userId: $id, first: 3) { nodes { rule points } } }",
            json!({ "id": learner.id }),
        )
        .await;
    assert_eq!(
        ledger.ok()["userRewards"]["nodes"],
        json!([
            { "rule": "STAFF_ADJUSTMENT", "points": 1 - (before + 57) },
            { "rule": "STAFF_ADJUSTMENT", "points": 7 },
            { "rule": "STAFF_ADJUSTMENT", "points": 50 },
        ])
    );
    let log = app
        .gql_as(
            &admin,
            "{ moderationLog(first: 5, filter: { action: ADJUST_POINTS }) { nodes { reason actor { username } } } }",
            json!({}),
        )
        .await;
    let reasons: Vec<&str> = log.ok()["moderationLog"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["reason"].as_str().unwrap())
        .collect();
    assert_eq!(reasons, ["vote fraud", "bonus", "ran the study group"]);
    let problems = audit::points(&app.db).await.unwrap();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[tokio::test]
async fn adjusting_points_refuses_bad_input_and_non_administrators() {
    let app = TestApp::spawn_with(rewards_defaults).await;
    let admin = app.admin("treasurer").await;
    let moderator = app.moderator("mod").await;
    let learner = app.learner("helper").await;
    let before = points(&app, &learner).await;
    app.gql_as(&moderator, ADJUST, input(&learner, 5, "nice", "m-1"))
        .await
        .expect_code(ErrorCode::Forbidden);
    for (points, reason, key, field) in [
        (0, "nothing", "b-1", "points"),
        (10_001, "too much", "b-2", "points"),
        (5, "   ", "b-3", "reason"),
        (5, "fine", "", "idempotencyKey"),
    ] {
        let refused = app
            .gql_as(&admin, ADJUST, input(&learner, points, reason, key))
            .await;
        let error = refused.expect_code(ErrorCode::BadUserInput);
        assert_eq!(error["extensions"]["field"], field, "{error}");
    }
    let ghost = json!({ "input": { "userId": ids::encode(NodeKind::User, 999_999).0,
        "points": 5, "reason": "ghost", "idempotencyKey": "g-1" } });
    app.gql_as(&admin, ADJUST, ghost)
        .await
        .expect_code(ErrorCode::NotFound);
    assert_eq!(points(&app, &learner).await, before);
}
