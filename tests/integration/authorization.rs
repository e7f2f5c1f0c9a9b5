//! Role guards, suspensions, privacy of emails, and the user list.

use lyceum::clock::Clock;
use lyceum::error::ErrorCode;
use lyceum_tests::TestApp;
use serde_json::json;

const USERS: &str = r#"query Users($first: Int, $after: String, $filter: UserFilter) {
    users(first: $first, after: $after, filter: $filter) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor node { username role } }
        nodes { username }
    }
}"#;

#[tokio::test]
async fn only_staff_list_users_and_pages_are_capped() {
    let app = TestApp::spawn().await;
    let learner = app.learner("plain").await;
    let moderator = app.moderator("mod").await;
    for i in 0..4 {
        app.learner(&format!("member{i}")).await;
    }

    app.gql_as(&learner, USERS, json!({}))
        .await
        .expect_code(ErrorCode::Forbidden);
    app.gql(USERS, json!({}))
        .await
        .expect_code(ErrorCode::Unauthenticated);

    // Walk the pages with cursors.
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = app
            .gql_as(&moderator, USERS, json!({ "first": 2, "after": after }))
            .await;
        let users = &page.ok()["users"];
        assert_eq!(users["totalCount"], 6);
        for node in users["nodes"].as_array().unwrap() {
            seen.push(node["username"].as_str().unwrap().to_owned());
        }
        if !users["pageInfo"]["hasNextPage"].as_bool().unwrap() {
            break;
        }
        after = users["pageInfo"]["endCursor"].as_str().map(str::to_owned);
    }
    assert_eq!(
        seen,
        ["plain", "mod", "member0", "member1", "member2", "member3"]
    );

    let capped = app.gql_as(&moderator, USERS, json!({ "first": 101 })).await;
    assert_eq!(
        capped.expect_code(ErrorCode::BadUserInput)["extensions"]["field"],
        "first"
    );
    let bad_cursor = app
        .gql_as(&moderator, USERS, json!({ "after": "nope" }))
        .await;
    assert_eq!(
        bad_cursor.expect_code(ErrorCode::BadUserInput)["extensions"]["field"],
        "after"
    );

    let filtered = app
        .gql_as(
            &moderator,
            USERS,
            json!({ "filter": { "role": "MODERATOR" } }),
        )
        .await;
    assert_eq!(filtered.ok()["users"]["totalCount"], 1);
    let searched = app
        .gql_as(
            &moderator,
            USERS,
            json!({ "filter": { "search": "MEMBER" } }),
        )
        .await;
    assert_eq!(searched.ok()["users"]["totalCount"], 4);
    // LIKE wildcards in the search are literal.
    let wildcard = app
        .gql_as(&moderator, USERS, json!({ "filter": { "search": "%" } }))
        .await;
    assert_eq!(wildcard.ok()["users"]["totalCount"], 0);
}

#[tokio::test]
async fn only_admins_set_roles_and_changes_apply_at_once() {
    let app = TestApp::spawn().await;
    let admin = app.admin("boss").await;
    let moderator = app.moderator("mod").await;
    let learner = app.learner("riser").await;
    let set_role =
        "mutation R($id: ID!, $role: UserRole!) { setUserRole(userId: $id, role: $role) { role } }";

    app.gql_as(
        &moderator,
        set_role,
        json!({ "id": learner.id, "role": "ADMIN" }),
    )
    .await
    .expect_code(ErrorCode::Forbidden);
    app.gql_as(
        &learner,
        set_role,
        json!({ "id": learner.id, "role": "ADMIN" }),
    )
    .await
    .expect_code(ErrorCode::Forbidden);

    let promoted = app
        .gql_as(
            &admin,
            set_role,
            json!({ "id": learner.id, "role": "MODERATOR" }),
        )
        .await;
    assert_eq!(promoted.ok()["setUserRole"]["role"], "MODERATOR");
    // The old access token now carries the new powers: roles are read fresh.
    app.gql_as(&learner, USERS, json!({})).await.ok();

    let self_demotion = app
        .gql_as(
            &admin,
            set_role,
            json!({ "id": admin.id, "role": "LEARNER" }),
        )
        .await;
    self_demotion.expect_code(ErrorCode::BadUserInput);
    let wrong_kind = app
        .gql_as(
            &admin,
            set_role,
            json!({ "id": "Q291cnNlOjE", "role": "LEARNER" }),
        )
        .await;
    wrong_kind.expect_code(ErrorCode::BadUserInput);
}

#[tokio::test]
async fn suspended_users_read_but_every_write_is_forbidden_with_reason() {
    let app = TestApp::spawn().await;
    let moderator = app.moderator("warden").await;
    let learner = app.learner("rowdy").await;
    let until = (chrono::Utc::now() + chrono::Duration::days(3)).to_rfc3339();
    let suspend = r#"mutation S($input: SuspendUserInput!) {
        suspendUser(input: $input) { status suspension { until reason } }
    }"#;

    let no_reason = app
        .gql_as(
            &moderator,
            suspend,
            json!({ "input": { "userId": learner.id, "reason": "  " } }),
        )
        .await;
    assert_eq!(
        no_reason.expect_code(ErrorCode::BadUserInput)["extensions"]["field"],
        "reason"
    );
    let past = app
        .gql_as(&moderator, suspend, json!({ "input": { "userId": learner.id, "reason": "spam", "until": "2020-01-01T00:00:00Z" } }))
        .await;
    assert_eq!(
        past.expect_code(ErrorCode::BadUserInput)["extensions"]["field"],
        "until"
    );

    let suspended = app
        .gql_as(
            &moderator,
            suspend,
            json!({ "input": { "userId": learner.id, "reason": "spam links", "until": until } }),
        )
        .await;
    assert_eq!(suspended.ok()["suspendUser"]["status"], "SUSPENDED");

    // Reads still work…
    let me = app
        .gql_as(
            &learner,
            "{ me { status suspension { reason until } } }",
            json!({}),
        )
        .await;
    assert_eq!(me.ok()["me"]["suspension"]["reason"], "spam links");
    // …writes do not, and say why and until when.
    let write = app
        .gql_as(
            &learner,
            r#"mutation { updateProfile(input: { bio: "hi" }) { bio } }"#,
            json!({}),
        )
        .await;
    let error = write.expect_code(ErrorCode::Forbidden);
    assert_eq!(error["extensions"]["reason"], "spam links");
    assert!(error["extensions"]["suspendedUntil"].as_str().is_some());
    let bio = app.gql_as(&learner, "{ me { bio } }", json!({})).await;
    assert_eq!(bio.ok()["me"]["bio"], serde_json::Value::Null);

    // A learner cannot suspend anyone; a moderator cannot suspend staff.
    let other = app.learner("other").await;
    app.gql_as(
        &other,
        suspend,
        json!({ "input": { "userId": learner.id, "reason": "x" } }),
    )
    .await
    .expect_code(ErrorCode::Forbidden);
    let admin = app.admin("chief").await;
    app.gql_as(
        &moderator,
        suspend,
        json!({ "input": { "userId": admin.id, "reason": "x" } }),
    )
    .await
    .expect_code(ErrorCode::Forbidden);

    let lifted = app
        .gql_as(
            &moderator,
            "mutation U($id: ID!) { unsuspendUser(userId: $id) { status } }",
            json!({ "id": learner.id }),
        )
        .await;
    assert_eq!(lifted.ok()["unsuspendUser"]["status"], "ACTIVE");
    app.gql_as(
        &learner,
        r#"mutation { updateProfile(input: { bio: "hi" }) { bio } }"#,
        json!({}),
    )
    .await
    .ok();
}

#[tokio::test]
async fn emails_are_private_to_their_owner_and_staff() {
    let app = TestApp::spawn().await;
    let alice = app.learner("alice").await;
    let bob = app.learner("bob").await;
    let moderator = app.moderator("mod").await;
    let query = "query U($id: ID!) { user(id: $id) { username email } }";

    app.gql_as(&bob, query, json!({ "id": alice.id }))
        .await
        .expect_code(ErrorCode::Forbidden);
    app.gql(query, json!({ "id": alice.id }))
        .await
        .expect_code(ErrorCode::Forbidden);
    let own = app.gql_as(&alice, query, json!({ "id": alice.id })).await;
    assert_eq!(own.ok()["user"]["email"], "alice@example.com");
    let staff = app
        .gql_as(&moderator, query, json!({ "id": alice.id }))
        .await;
    assert_eq!(staff.ok()["user"]["email"], "alice@example.com");
    // Public fields need no sign-in.
    let public = app
        .gql(
            "query U($id: ID!) { user(id: $id) { username } }",
            json!({ "id": alice.id }),
        )
        .await;
    assert_eq!(public.ok()["user"]["username"], "alice");
    app.gql(
        "query U($id: ID!) { user(id: $id) { username } }",
        json!({ "id": "VXNlcjo5OTk5OTk" }),
    )
    .await
    .expect_code(ErrorCode::NotFound);
}

#[tokio::test]
async fn a_suspension_ends_by_itself_at_its_end_time() {
    let app = TestApp::spawn().await;
    let moderator = app.moderator("timer").await;
    let learner = app.learner("briefly").await;
    let until = (app.clock.now() + chrono::Duration::days(3)).to_rfc3339();
    app.gql_as(
        &moderator,
        r#"mutation S($input: SuspendUserInput!) { suspendUser(input: $input) { status } }"#,
        json!({ "input": { "userId": learner.id, "reason": "cool down", "until": until } }),
    )
    .await
    .ok();
    let update = r#"mutation { updateProfile(input: { bio: "back" }) { bio } }"#;
    app.gql_as(&learner, update, json!({}))
        .await
        .expect_code(ErrorCode::Forbidden);

    let suspended = r#"{ users(filter: { status: SUSPENDED }) { nodes { username } } }"#;
    let listed = app.gql_as(&moderator, suspended, json!({})).await;
    assert_eq!(
        listed.ok()["users"]["nodes"],
        json!([{ "username": "briefly" }])
    );

    // Three days and a second later, by the server's clock.
    app.clock
        .advance(chrono::Duration::days(3) + chrono::Duration::seconds(1));
    let listed = app.gql_as(&moderator, suspended, json!({})).await;
    assert_eq!(listed.ok()["users"]["nodes"], json!([]));
    let active = app
        .gql_as(
            &moderator,
            r#"{ users(filter: { status: ACTIVE }) { totalCount } }"#,
            json!({}),
        )
        .await;
    assert_eq!(active.ok()["users"]["totalCount"], 2);
    let me = app
        .gql_as(
            &learner,
            "{ me { status suspension { reason } } }",
            json!({}),
        )
        .await;
    assert_eq!(me.ok()["me"]["status"], "ACTIVE");
    assert_eq!(me.ok()["me"]["suspension"], serde_json::Value::Null);
    let updated = app.gql_as(&learner, update, json!({})).await;
    assert_eq!(updated.ok()["updateProfile"]["bio"], "back");
}
