//! Sign-in, refresh rotation with reuse detection, logout, password changes
//! and sign-in rate limits.

use lyceum::error::ErrorCode;
use lyceum_tests::{PASSWORD, TestApp, graphql::session_from};
use serde_json::json;

const REFRESH: &str = r#"mutation Refresh($token: String!) {
    refreshSession(refreshToken: $token) { accessToken refreshToken user { id username } }
}"#;
const ME: &str = "{ me { username } }";

async fn refresh(app: &TestApp, token: &str) -> lyceum_tests::GqlResponse {
    app.gql(REFRESH, json!({ "token": token })).await
}

#[tokio::test]
async fn refresh_rotates_and_reuse_revokes_the_whole_session() {
    let app = TestApp::spawn().await;
    let first = app.learner("rotator").await;

    let rotated = refresh(&app, &first.refresh_token).await;
    let second = session_from(&rotated.ok()["refreshSession"]);
    assert_ne!(second.refresh_token, first.refresh_token);
    app.gql_as(&second, ME, json!({})).await.ok();

    // The first token was already used: presenting it again is theft.
    let reuse = refresh(&app, &first.refresh_token).await;
    reuse.expect_code(ErrorCode::Unauthenticated);
    // …and the whole family is revoked, including the newest tokens.
    refresh(&app, &second.refresh_token)
        .await
        .expect_code(ErrorCode::Unauthenticated);
    assert_eq!(app.gql_as(&second, ME, json!({})).await.status, 401);

    // Other sessions of the same user are untouched.
    let other = app.login("rotator", PASSWORD).await;
    app.gql_as(&other, ME, json!({})).await.ok();
}

#[tokio::test]
async fn concurrent_refreshes_of_one_token_succeed_at_most_once() {
    let app = TestApp::spawn().await;
    let session = app.learner("racer").await;
    let attempts = (0..5).map(|_| refresh(&app, &session.refresh_token));
    let responses = futures_util::future::join_all(attempts).await;
    let winners = responses.iter().filter(|r| r.errors().is_empty()).count();
    assert_eq!(winners, 1, "{responses:?}");
    // Losers count as reuse, so no token from this family survives.
    for response in responses.iter().filter(|r| r.errors().is_empty()) {
        let won = session_from(&response.data()["refreshSession"]);
        refresh(&app, &won.refresh_token)
            .await
            .expect_code(ErrorCode::Unauthenticated);
    }
}

#[tokio::test]
async fn garbage_refresh_tokens_are_unauthenticated() {
    let app = TestApp::spawn().await;
    refresh(&app, "not-a-token")
        .await
        .expect_code(ErrorCode::Unauthenticated);
    refresh(&app, "")
        .await
        .expect_code(ErrorCode::Unauthenticated);
}

#[tokio::test]
async fn logout_ends_the_session_at_once() {
    let app = TestApp::spawn().await;
    let session = app.learner("leaver").await;
    let other = app.login("leaver", PASSWORD).await;
    let out = app.gql_as(&session, "mutation { logout }", json!({})).await;
    assert_eq!(out.ok()["logout"], true);
    assert_eq!(app.gql_as(&session, ME, json!({})).await.status, 401);
    refresh(&app, &session.refresh_token)
        .await
        .expect_code(ErrorCode::Unauthenticated);
    // Only that session.
    app.gql_as(&other, ME, json!({})).await.ok();
}

#[tokio::test]
async fn change_password_keeps_this_session_and_ends_the_others() {
    let app = TestApp::spawn().await;
    let current = app.learner("changer").await;
    let other = app.login("changer", PASSWORD).await;
    let change =
        r#"mutation Change($input: ChangePasswordInput!) { changePassword(input: $input) }"#;

    let wrong = app
        .gql_as(&current, change, json!({ "input": { "currentPassword": "nope nope nope", "newPassword": "a brand new passphrase" } }))
        .await;
    assert_eq!(
        wrong.expect_code(ErrorCode::BadUserInput)["extensions"]["field"],
        "currentPassword"
    );
    let weak = app
        .gql_as(
            &current,
            change,
            json!({ "input": { "currentPassword": PASSWORD, "newPassword": "password123" } }),
        )
        .await;
    assert_eq!(
        weak.expect_code(ErrorCode::BadUserInput)["extensions"]["field"],
        "newPassword"
    );

    let changed = app
        .gql_as(&current, change, json!({ "input": { "currentPassword": PASSWORD, "newPassword": "a brand new passphrase" } }))
        .await;
    assert_eq!(changed.ok()["changePassword"], true);

    app.gql_as(&current, ME, json!({})).await.ok();
    assert_eq!(app.gql_as(&other, ME, json!({})).await.status, 401);
    refresh(&app, &other.refresh_token)
        .await
        .expect_code(ErrorCode::Unauthenticated);
    app.try_login("changer", PASSWORD)
        .await
        .expect_code(ErrorCode::Unauthenticated);
    app.login("changer", "a brand new passphrase").await;
}

#[tokio::test]
async fn repeated_failures_are_rate_limited_per_account() {
    let app = TestApp::spawn().await;
    app.learner("target").await;
    for _ in 0..5 {
        app.try_login("target", "wrong password!")
            .await
            .expect_code(ErrorCode::Unauthenticated);
    }
    let limited = app.try_login("target", "wrong password!").await;
    let error = limited.expect_code(ErrorCode::RateLimited);
    let retry = error["extensions"]["retryAfterSeconds"].as_u64().unwrap();
    assert!((1..=900).contains(&retry), "{retry}");
    // Even the right password waits: the limit is on the account.
    app.try_login("target@example.com", PASSWORD)
        .await
        .expect_code(ErrorCode::RateLimited);
}

#[tokio::test]
async fn unknown_accounts_fail_like_wrong_passwords_and_count_too() {
    let app = TestApp::spawn().await;
    let unknown = app.try_login("nobody_here", "whatever password").await;
    let known = {
        app.learner("somebody").await;
        app.try_login("somebody", "whatever password").await
    };
    assert_eq!(
        unknown.first_error()["message"],
        known.first_error()["message"]
    );
    for _ in 0..4 {
        app.try_login("nobody_here", "whatever password").await;
    }
    app.try_login("nobody_here", "whatever password")
        .await
        .expect_code(ErrorCode::RateLimited);
}

#[tokio::test]
async fn repeated_failures_are_rate_limited_per_address() {
    let app = TestApp::spawn_with(|s| s.login_max_failures_per_address = 3).await;
    app.learner("victim").await;
    for i in 0..3 {
        app.try_login(&format!("probe{i}"), "wrong password!")
            .await
            .expect_code(ErrorCode::Unauthenticated);
    }
    // A fresh account name from the same address is refused too.
    app.try_login("victim", PASSWORD)
        .await
        .expect_code(ErrorCode::RateLimited);
}

#[tokio::test]
async fn attempts_from_a_past_window_stop_counting_and_are_pruned() {
    use entity::{login_failures, rate_limit_counters};
    use lyceum::services::rate_limit::{self, LoginRateLimit};
    use sea_orm::{ActiveModelTrait, EntityTrait, PaginatorTrait, Set};

    let app = TestApp::spawn().await;
    let policy = LoginRateLimit {
        max_failures_per_account: 5,
        max_failures_per_address: 20,
        window: std::time::Duration::from_secs(900),
    };
    let two_hours_ago = chrono::Utc::now() - chrono::Duration::hours(2);
    // A window that opened two hours ago and was used up.
    rate_limit_counters::ActiveModel {
        key: Set(rate_limit::unknown_login_key("ghost")),
        window_started_at: Set(two_hours_ago),
        attempts: Set(5),
    }
    .insert(&app.db)
    .await
    .unwrap();
    login_failures::ActiveModel {
        account_key: Set(rate_limit::unknown_login_key("ghost")),
        client_ip: Set("127.0.0.1".to_owned()),
        created_at: Set(two_hours_ago),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    // It no longer counts: this attempt opens a new window.
    app.try_login("ghost", "wrong password!")
        .await
        .expect_code(ErrorCode::Unauthenticated);
    let counter = rate_limit_counters::Entity::find_by_id(rate_limit::unknown_login_key("ghost"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(counter.attempts, 1);

    // Pruning drops counters whose window has passed and old failures; the
    // live windows (the account's and the address's) and today's failure stay.
    rate_limit_counters::ActiveModel {
        key: Set(rate_limit::unknown_login_key("long_gone")),
        window_started_at: Set(two_hours_ago),
        attempts: Set(3),
    }
    .insert(&app.db)
    .await
    .unwrap();
    assert_eq!(
        rate_limit::prune(&app.db, &policy, chrono::Utc::now())
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        rate_limit_counters::Entity::find()
            .count(&app.db)
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        login_failures::Entity::find().count(&app.db).await.unwrap(),
        1
    );
}
