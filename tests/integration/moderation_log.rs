//! The moderation log: suspensions, role changes, certifications, reward
//! rules and payout decisions each append one row (actor, action, target,
//! reason, before/after) in their transaction; `moderationLog` filters by
//! moderator, action, target and time, pages, and is for staff only.

use chrono::{DateTime, Duration, Utc};
use entity::payouts;
use lyceum::{
    clock::Clock,
    error::ErrorCode,
    graphql::ids::{NodeKind, encode},
    services::tags,
};
use lyceum_tests::{GqlResponse, Session, TestApp, community::raw_id};
use sea_orm::{ActiveModelTrait, Set};
use serde_json::{Value, json};

const LOG: &str = r#"query($filter: ModerationLogFilter, $first: Int, $after: String) {
  moderationLog(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id actor { username } action targetType targetId reason before after createdAt }
  }
}"#;
const SUSPEND: &str =
    r#"mutation($input: SuspendUserInput!) { suspendUser(input: $input) { id } }"#;
const UNSUSPEND: &str = "mutation($id: ID!) { unsuspendUser(userId: $id) { id } }";
const SET_ROLE: &str =
    "mutation($id: ID!, $role: UserRole!) { setUserRole(userId: $id, role: $role) { role } }";
const CERTIFY: &str = r#"mutation($id: ID!, $tags: [String!]!) {
  certifyCreator(userId: $id, tags: $tags, note: "knows SQL") { id }
}"#;
const REVOKE: &str = r#"mutation($id: ID!) {
  revokeCertification(userId: $id, reason: "outdated") { id }
}"#;
const UPDATE_RULE: &str = r#"mutation($key: String!, $input: UpdateRewardRuleInput!) {
  updateRewardRule(key: $key, input: $input) { key points }
}"#;
const MARK_PAID: &str = "mutation($id: ID!) { markPayoutPaid(payoutId: $id) { id status } }";
const REJECT: &str =
    "mutation($id: ID!, $reason: String!) { rejectPayout(payoutId: $id, reason: $reason) { id } }";

async fn log(app: &TestApp, viewer: &Session, filter: Value) -> Vec<Value> {
    let page = app
        .gql_as(viewer, LOG, json!({ "filter": filter, "first": 50 }))
        .await;
    page.ok()["moderationLog"]["nodes"]
        .as_array()
        .unwrap()
        .clone()
}

fn json_field(entry: &Value, field: &str) -> Value {
    serde_json::from_str(entry[field].as_str().unwrap_or_else(|| panic!("{entry}"))).unwrap()
}

/// The only row for an action, checked for actor and target.
#[track_caller]
fn only<'a>(rows: &'a [Value], action: &str, actor: &str, target_type: &str) -> &'a Value {
    let found: Vec<&Value> = rows.iter().filter(|r| r["action"] == action).collect();
    assert_eq!(found.len(), 1, "{action}: {rows:?}");
    assert_eq!(found[0]["actor"]["username"], actor, "{}", found[0]);
    assert_eq!(found[0]["targetType"], target_type, "{}", found[0]);
    found[0]
}

async fn payout(app: &TestApp, creator: &Session) -> String {
    let row = payouts::ActiveModel {
        creator_id: Set(raw_id(&creator.id)),
        amount_cents: Set(5_000),
        currency: Set("USD".to_owned()),
        status: Set(payouts::Status::Requested),
        requested_at: Set(app.clock.now()),
        decided_by: Set(None),
        decided_at: Set(None),
        reason: Set(None),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    encode(NodeKind::Payout, row.id).0
}

async fn suspend(app: &TestApp, who: &Session, target: &Session) -> GqlResponse {
    app.gql_as(
        who,
        SUSPEND,
        json!({ "input": { "userId": target.id, "reason": "noise" } }),
    )
    .await
}

fn at(time: DateTime<Utc>) -> String {
    time.to_rfc3339()
}

#[tokio::test]
async fn every_staff_action_writes_one_row() {
    let app = TestApp::spawn().await;
    let admin = app.admin("boss").await;
    let moderator = app.moderator("warden").await;
    let learner = app.learner("rowdy").await;
    let creator = app.creator("teacher").await;

    // A refused action writes nothing.
    let refused = app
        .gql_as(
            &moderator,
            SUSPEND,
            json!({ "input": { "userId": moderator.id, "reason": "me" } }),
        )
        .await;
    refused.expect_code(ErrorCode::BadUserInput);
    assert_eq!(app.number("SELECT COUNT(*) FROM moderation_log").await, 0);

    app.gql_as(
        &moderator,
        SUSPEND,
        json!({ "input": { "userId": learner.id, "reason": "spam links" } }),
    )
    .await
    .ok();
    app.gql_as(&moderator, UNSUSPEND, json!({ "id": learner.id }))
        .await
        .ok();
    app.gql_as(
        &admin,
        SET_ROLE,
        json!({ "id": learner.id, "role": "MODERATOR" }),
    )
    .await
    .ok();
    let rows = log(&app, &admin, json!({ "targetId": learner.id })).await;
    assert_eq!(rows.len(), 3, "{rows:?}");
    let suspended = only(&rows, "SUSPEND", "warden", "USER");
    assert_eq!(suspended["targetId"], learner.id.as_str());
    assert_eq!(suspended["reason"], "spam links");
    assert_eq!(json_field(suspended, "before")["status"], "ACTIVE");
    assert_eq!(json_field(suspended, "after")["status"], "SUSPENDED");
    only(&rows, "UNSUSPEND", "warden", "USER");
    let role = only(&rows, "SET_ROLE", "boss", "USER");
    assert_eq!(json_field(role, "before")["role"], "LEARNER");
    assert_eq!(json_field(role, "after")["role"], "MODERATOR");
    // Newest first.
    assert_eq!(rows[0]["action"], "SET_ROLE");

    let names = vec!["sql".to_owned()];
    tags::ensure(&app.db, &names, app.clock.now())
        .await
        .unwrap();
    app.gql_as(
        &moderator,
        CERTIFY,
        json!({ "id": creator.id, "tags": ["sql"] }),
    )
    .await
    .ok();
    app.gql_as(&admin, REVOKE, json!({ "id": creator.id }))
        .await
        .ok();
    let rows = log(&app, &admin, json!({ "targetId": creator.id })).await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(
        only(&rows, "CERTIFY", "warden", "USER")["reason"],
        "knows SQL"
    );
    assert_eq!(
        only(&rows, "REVOKE_CERTIFICATION", "boss", "USER")["reason"],
        "outdated"
    );

    app.gql_as(
        &admin,
        UPDATE_RULE,
        json!({ "key": "THREAD_FEATURED", "input": { "points": 42, "enabled": false } }),
    )
    .await
    .ok();
    let rows = log(&app, &admin, json!({ "action": "UPDATE_REWARD_RULE" })).await;
    let rule = only(&rows, "UPDATE_REWARD_RULE", "boss", "REWARD_RULE");
    assert_eq!(rule["targetId"], "THREAD_FEATURED");
    let (before, after) = (json_field(rule, "before"), json_field(rule, "after"));
    assert_eq!(before["enabled"], true);
    assert_eq!(after["points"], 42);
    assert_eq!(after["enabled"], false);

    let paid = payout(&app, &creator).await;
    let rejected = payout(&app, &creator).await;
    app.gql_as(&moderator, MARK_PAID, json!({ "id": paid }))
        .await
        .ok();
    app.gql_as(
        &admin,
        REJECT,
        json!({ "id": rejected, "reason": "bank details" }),
    )
    .await
    .ok();
    // Deciding again is refused and logs nothing.
    app.gql_as(&admin, MARK_PAID, json!({ "id": paid }))
        .await
        .expect_code(ErrorCode::Conflict);
    let rows = log(&app, &admin, json!({ "targetId": paid })).await;
    assert_eq!(
        only(&rows, "PAYOUT_PAID", "warden", "PAYOUT")["targetId"],
        paid.as_str()
    );
    assert_eq!(rows.len(), 1);
    let rows = log(&app, &admin, json!({ "targetId": rejected })).await;
    assert_eq!(
        only(&rows, "PAYOUT_REJECTED", "boss", "PAYOUT")["reason"],
        "bank details"
    );
    assert_eq!(app.number("SELECT COUNT(*) FROM moderation_log").await, 8);
}

#[tokio::test]
async fn the_log_filters_pages_and_is_for_staff() {
    let app = TestApp::spawn().await;
    let admin = app.admin("boss").await;
    let moderator = app.moderator("warden").await;
    let learners = app.learners("member", 3).await;

    let start = app.clock.now();
    suspend(&app, &moderator, &learners[0]).await.ok();
    app.clock.advance(Duration::hours(1));
    let middle = app.clock.now();
    suspend(&app, &admin, &learners[1]).await.ok();
    app.gql_as(&admin, UNSUSPEND, json!({ "id": learners[1].id }))
        .await
        .ok();
    app.clock.advance(Duration::hours(1));
    suspend(&app, &moderator, &learners[2]).await.ok();

    let by_moderator = log(&app, &admin, json!({ "moderatorId": moderator.id })).await;
    assert_eq!(by_moderator.len(), 2);
    assert!(
        by_moderator
            .iter()
            .all(|r| r["actor"]["username"] == "warden")
    );
    let unsuspends = log(&app, &moderator, json!({ "action": "UNSUSPEND" })).await;
    assert_eq!(unsuspends.len(), 1);
    assert_eq!(unsuspends[0]["targetId"], learners[1].id.as_str());
    let on_first = log(&app, &admin, json!({ "targetId": learners[0].id })).await;
    assert_eq!(on_first.len(), 1);
    assert_eq!(on_first[0]["targetId"], learners[0].id.as_str());

    let window = json!({ "from": at(middle), "to": at(middle + Duration::minutes(30)) });
    let in_window = log(&app, &admin, window).await;
    assert_eq!(in_window.len(), 2, "{in_window:?}");
    assert!(in_window.iter().all(|r| r["actor"]["username"] == "boss"));
    assert_eq!(
        log(&app, &admin, json!({ "to": at(middle) })).await.len(),
        1
    );
    assert_eq!(
        log(&app, &admin, json!({ "from": at(start) })).await.len(),
        4
    );
    let combined = json!({ "moderatorId": moderator.id, "from": at(middle) });
    assert_eq!(log(&app, &admin, combined).await.len(), 1);

    for bad in [
        json!({ "from": at(middle), "to": at(middle) }),
        json!({ "from": at(middle), "to": at(start) }),
    ] {
        let refused = app.gql_as(&admin, LOG, json!({ "filter": bad })).await;
        let error = refused.expect_code(ErrorCode::BadUserInput);
        assert_eq!(error["extensions"]["field"], "filter.to");
    }
    let wrong_kind = app
        .gql_as(
            &admin,
            LOG,
            json!({ "filter": { "moderatorId": "not-an-id" } }),
        )
        .await;
    wrong_kind.expect_code(ErrorCode::BadUserInput);

    // Pages of 3 then 1, newest first, no row twice.
    let first: GqlResponse = app.gql_as(&admin, LOG, json!({ "first": 3 })).await;
    let first = first.ok()["moderationLog"].clone();
    assert_eq!(first["totalCount"], 4);
    assert_eq!(first["pageInfo"]["hasNextPage"], true);
    let cursor = first["pageInfo"]["endCursor"].clone();
    let rest = app
        .gql_as(&admin, LOG, json!({ "first": 3, "after": cursor }))
        .await;
    let rest = rest.ok()["moderationLog"].clone();
    assert_eq!(rest["pageInfo"]["hasNextPage"], false);
    let mut ids: Vec<Value> = first["nodes"].as_array().unwrap().clone();
    ids.extend(rest["nodes"].as_array().unwrap().iter().cloned());
    let ids: Vec<&Value> = ids.iter().map(|r| &r["id"]).collect();
    assert_eq!(ids.len(), 4);
    let mut unique = ids.clone();
    unique.dedup();
    assert_eq!(unique.len(), 4);
    assert_eq!(first["nodes"][0]["targetId"], learners[2].id.as_str());

    app.gql(LOG, json!({}))
        .await
        .expect_code(ErrorCode::Unauthenticated);
    for outsider in [&learners[0], &app.creator("teacher").await] {
        app.gql_as(outsider, LOG, json!({}))
            .await
            .expect_code(ErrorCode::Forbidden);
    }
}
