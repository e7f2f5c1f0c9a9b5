//! Registration, profiles, privacy export and account deletion.

use lyceum::error::ErrorCode;
use lyceum_tests::{PASSWORD, TestApp};
use serde_json::json;

const ME: &str = "{ me { id username displayName email bio avatarUrl interests role status } }";

#[tokio::test]
async fn register_then_login_and_read_me() {
    let app = TestApp::spawn().await;
    let registered = app.register("Ada_L", "Ada@Example.com", PASSWORD).await;
    let user = &registered.ok()["register"];
    assert_eq!(user["username"], "ada_l");
    assert_eq!(user["role"], "LEARNER");

    // Either identifier signs in, in any case.
    app.login("ADA@example.COM", PASSWORD).await;
    let session = app.login("ada_l", PASSWORD).await;
    let me = app.gql_as(&session, ME, json!({})).await;
    let me = &me.ok()["me"];
    assert_eq!(me["email"], "ada@example.com");
    assert_eq!(me["status"], "ACTIVE");
    assert_eq!(me["id"], user["id"]);
}

#[tokio::test]
async fn me_without_a_token_is_unauthenticated() {
    let app = TestApp::spawn().await;
    let response = app.gql(ME, json!({})).await;
    response.expect_code(ErrorCode::Unauthenticated);
    assert_eq!(response.body["data"], serde_json::Value::Null);
}

#[tokio::test]
async fn registration_rejects_bad_input_naming_the_field() {
    let app = TestApp::spawn().await;
    let cases = [
        ("good_name", "not-an-email", PASSWORD, "email"),
        ("ab", "a@example.com", PASSWORD, "username"),
        ("has space", "a@example.com", PASSWORD, "username"),
        ("deleted_1", "a@example.com", PASSWORD, "username"),
        ("good_name", "a@example.com", "short", "password"),
        ("good_name", "a@example.com", "qwertyuiop", "password"),
        ("good_name", "a@example.com", "1234567890", "password"),
    ];
    for (username, email, password, field) in cases {
        let response = app.register(username, email, password).await;
        let error = response.expect_code(ErrorCode::BadUserInput);
        assert_eq!(
            error["extensions"]["field"], field,
            "{username} {email} {password}"
        );
    }
    // Nothing was stored by the refused attempts.
    let staff = app.admin("root_admin").await;
    let users = app
        .gql_as(&staff, "{ users { totalCount } }", json!({}))
        .await;
    assert_eq!(users.ok()["users"]["totalCount"], 1);
}

#[tokio::test]
async fn duplicate_email_or_username_conflicts_regardless_of_case() {
    let app = TestApp::spawn().await;
    app.register("grace", "grace@example.com", PASSWORD)
        .await
        .ok();
    let same_email = app.register("grace2", "GRACE@example.com", PASSWORD).await;
    assert_eq!(
        same_email.expect_code(ErrorCode::Conflict)["extensions"]["field"],
        "email"
    );
    let same_name = app.register("GRACE", "other@example.com", PASSWORD).await;
    assert_eq!(
        same_name.expect_code(ErrorCode::Conflict)["extensions"]["field"],
        "username"
    );
}

#[tokio::test]
async fn concurrent_registrations_of_one_name_create_one_account() {
    let app = TestApp::spawn().await;
    let attempts = (0..6).map(|i| {
        let app = &app;
        async move {
            app.register("racer", &format!("racer{i}@example.com"), PASSWORD)
                .await
        }
    });
    let responses = futures_util::future::join_all(attempts).await;
    let created = responses.iter().filter(|r| r.errors().is_empty()).count();
    assert_eq!(created, 1, "{responses:?}");
    assert!(
        responses
            .iter()
            .filter(|r| !r.errors().is_empty())
            .all(|r| r.code() == Some(ErrorCode::Conflict))
    );
}

#[tokio::test]
async fn update_profile_validates_and_normalises_interests() {
    let app = TestApp::spawn().await;
    let session = app.learner("lin").await;
    let update = r#"mutation Update($input: UpdateProfileInput!) {
        updateProfile(input: $input) { displayName bio avatarUrl interests }
    }"#;
    let response = app
        .gql_as(
            &session,
            update,
            json!({ "input": {
                "displayName": "  Lin Wei ",
                "bio": "Teaches Rust",
                "avatarUrl": "https://cdn.example.com/lin.png",
                "interests": ["Rust", " rust ", "机器学习", "Web  Dev"],
            }}),
        )
        .await;
    let user = &response.ok()["updateProfile"];
    assert_eq!(user["displayName"], "Lin Wei");
    assert_eq!(user["interests"], json!(["rust", "web dev", "机器学习"]));

    let bad = app
        .gql_as(
            &session,
            update,
            json!({ "input": { "avatarUrl": "javascript:alert(1)" } }),
        )
        .await;
    assert_eq!(
        bad.expect_code(ErrorCode::BadUserInput)["extensions"]["field"],
        "avatarUrl"
    );
    let too_many: Vec<String> = (0..21).map(|i| format!("tag{i}")).collect();
    let bad = app
        .gql_as(
            &session,
            update,
            json!({ "input": { "interests": too_many } }),
        )
        .await;
    assert_eq!(
        bad.expect_code(ErrorCode::BadUserInput)["extensions"]["field"],
        "interests"
    );

    // The refused updates changed nothing.
    let me = app.gql_as(&session, ME, json!({})).await;
    assert_eq!(
        me.ok()["me"]["avatarUrl"],
        "https://cdn.example.com/lin.png"
    );
    assert_eq!(
        me.ok()["me"]["interests"],
        json!(["rust", "web dev", "机器学习"])
    );
}

#[tokio::test]
async fn export_my_data_contains_profile_interests_and_sessions() {
    let app = TestApp::spawn().await;
    let session = app.learner("exporter").await;
    app.try_login("exporter@example.com", "not my password")
        .await
        .expect_code(ErrorCode::Unauthenticated);
    app.gql_as(
        &session,
        r#"mutation { updateProfile(input: { interests: ["go"] }) { id } }"#,
        json!({}),
    )
    .await
    .ok();
    let export = app.gql_as(&session, "{ exportMyData }", json!({})).await;
    let data = &export.ok()["exportMyData"];
    assert_eq!(data["profile"]["username"], "exporter");
    assert_eq!(data["profile"]["email"], "exporter@example.com");
    assert_eq!(data["interests"], json!(["go"]));
    assert_eq!(data["sessions"].as_array().unwrap().len(), 1);
    assert_eq!(data["failedSignIns"].as_array().unwrap().len(), 1);
    assert_eq!(data["failedSignIns"][0]["clientIp"], "127.0.0.1");
    assert!(data["profile"].get("passwordHash").is_none());
    assert!(!data.to_string().contains("argon2"));
}

#[tokio::test]
async fn deleting_an_account_anonymises_it_and_ends_its_sessions() {
    let app = TestApp::spawn().await;
    let session = app.learner("leaving").await;
    let other_device = app.login("leaving", lyceum_tests::PASSWORD).await;
    let delete = "mutation Delete($password: String!) { deleteMyAccount(password: $password) }";

    let wrong = app
        .gql_as(&session, delete, json!({ "password": "not the password" }))
        .await;
    assert_eq!(
        wrong.expect_code(ErrorCode::BadUserInput)["extensions"]["field"],
        "password"
    );

    let deleted = app
        .gql_as(&session, delete, json!({ "password": PASSWORD }))
        .await;
    assert_eq!(deleted.ok()["deleteMyAccount"], true);

    // Every session is over and the credentials are gone.
    for tokens in [&session, &other_device] {
        assert_eq!(app.gql_as(tokens, ME, json!({})).await.status, 401);
    }
    app.try_login("leaving", PASSWORD)
        .await
        .expect_code(ErrorCode::Unauthenticated);
    app.try_login("leaving@example.com", PASSWORD)
        .await
        .expect_code(ErrorCode::Unauthenticated);

    // The profile stays readable, attributed to a deleted user.
    let staff = app.admin("auditor").await;
    let profile = app
        .gql_as(
            &staff,
            "query U($id: ID!) { user(id: $id) { username displayName email status bio } }",
            json!({ "id": session.id }),
        )
        .await;
    let user = &profile.ok()["user"];
    assert_eq!(user["displayName"], "Deleted user");
    assert_eq!(user["status"], "DELETED");
    assert_eq!(user["email"], serde_json::Value::Null);
    assert!(user["username"].as_str().unwrap().starts_with("deleted_"));

    // The email is free again.
    app.register("returning", "leaving@example.com", PASSWORD)
        .await
        .ok();
}

#[tokio::test]
async fn node_fetches_users_by_global_id() {
    let app = TestApp::spawn().await;
    let session = app.learner("noded").await;
    let query = "query N($id: ID!) { node(id: $id) { id ... on User { username } } }";
    let found = app.gql(query, json!({ "id": session.id })).await;
    assert_eq!(found.ok()["node"]["username"], "noded");

    let bad = app.gql(query, json!({ "id": "garbage" })).await;
    assert_eq!(
        bad.expect_code(ErrorCode::BadUserInput)["extensions"]["field"],
        "id"
    );

    // A well-formed ID of nothing is null, as Relay expects.
    let missing = app.gql(query, json!({ "id": "VXNlcjo5OTk5OTk" })).await;
    assert_eq!(missing.ok()["node"], serde_json::Value::Null);
}
