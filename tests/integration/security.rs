//! The holes an outside security test found in the accounts spine, each
//! tried the way an attacker would: parallel password guesses, guesses
//! through a stolen access token, huge documents, look-alike names, slow
//! bodies, too many connections, a database outage, stale tokens.

use lyceum::error::ErrorCode;
use std::time::Duration;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use futures_util::future::join_all;
use jsonwebtoken::{EncodingKey, Header};
use lyceum_tests::{GqlResponse, PASSWORD, TEST_JWT_SECRET, TestApp, graphql::into_gql};
use reqwest::{StatusCode, header};
use serde_json::{Value, json};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

const CHANGE_PASSWORD: &str =
    "mutation Change($input: ChangePasswordInput!) { changePassword(input: $input) }";
const ME: &str = "{ me { username } }";

fn count(responses: &[GqlResponse], code: ErrorCode) -> usize {
    responses.iter().filter(|r| r.code() == Some(code)).count()
}

#[tokio::test]
async fn parallel_guesses_at_one_account_reach_the_password_check_at_most_the_limit() {
    // The address limit is out of the way: this is about the account's.
    let app = TestApp::spawn_with(|s| s.login_max_failures_per_address = 1_000).await;
    app.learner("target").await;
    let guesses = (0..60).map(|i| {
        let app = &app;
        async move { app.try_login("target", &format!("wrong guess {i}")).await }
    });
    let responses = join_all(guesses).await;
    assert_eq!(
        count(&responses, ErrorCode::Unauthenticated),
        5,
        "{responses:?}"
    );
    assert_eq!(
        count(&responses, ErrorCode::RateLimited),
        55,
        "{responses:?}"
    );
    // The account stays closed, even to the right password, until the window passes.
    app.try_login("target", PASSWORD)
        .await
        .expect_code(ErrorCode::RateLimited);
}

#[tokio::test]
async fn parallel_guesses_from_one_address_reach_the_password_check_at_most_the_limit() {
    let app = TestApp::spawn().await;
    let guesses = (0..100).map(|i| {
        let app = &app;
        async move { app.try_login(&format!("probe{i}"), "wrong password!").await }
    });
    let responses = join_all(guesses).await;
    assert_eq!(
        count(&responses, ErrorCode::Unauthenticated),
        20,
        "{responses:?}"
    );
    assert_eq!(
        count(&responses, ErrorCode::RateLimited),
        80,
        "{responses:?}"
    );
}

#[tokio::test]
async fn a_successful_sign_in_gives_back_its_attempt_to_the_address() {
    // Colleagues behind one NAT address keep signing in all day.
    let app = TestApp::spawn_with(|s| s.login_max_failures_per_address = 2).await;
    app.learner("colleague").await;
    for _ in 0..5 {
        app.login("colleague", PASSWORD).await;
    }
}

#[tokio::test]
async fn password_rechecks_share_the_sign_in_limit_and_end_the_session() {
    let app = TestApp::spawn().await;
    let stolen = app.learner("victim").await;
    let guess = |i: usize| json!({ "input": { "currentPassword": format!("guess number {i}"), "newPassword": "a brand new passphrase" } });
    for i in 0..4 {
        let wrong = app.gql_as(&stolen, CHANGE_PASSWORD, guess(i)).await;
        assert_eq!(
            wrong.expect_code(ErrorCode::BadUserInput)["extensions"]["field"],
            "currentPassword"
        );
    }
    // The fifth failure uses up the account's attempts and ends the session.
    let last = app.gql_as(&stolen, CHANGE_PASSWORD, guess(4)).await;
    let error = last.expect_code(ErrorCode::BadUserInput);
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("session has ended"),
        "{error}"
    );
    let after = app
        .gql_as(
            &stolen,
            CHANGE_PASSWORD,
            json!({ "input": { "currentPassword": PASSWORD, "newPassword": "a brand new passphrase" } }),
        )
        .await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    after.expect_code(ErrorCode::Unauthenticated);
    // The failures counted as sign-in failures: the account is closed for now.
    app.try_login("victim", PASSWORD)
        .await
        .expect_code(ErrorCode::RateLimited);
}

#[tokio::test]
async fn parallel_password_rechecks_are_limited_too() {
    let app = TestApp::spawn_with(|s| s.login_max_failures_per_address = 1_000).await;
    let stolen = app.learner("burst_victim").await;
    let guesses = (0..30).map(|i| {
        app.gql_as(
            &stolen,
            CHANGE_PASSWORD,
            json!({ "input": { "currentPassword": format!("guess {i} of many"), "newPassword": "a brand new passphrase" } }),
        )
    });
    let responses = join_all(guesses).await;
    // Every guess that reached the password check answered BAD_USER_INPUT.
    assert_eq!(
        count(&responses, ErrorCode::BadUserInput),
        5,
        "{responses:?}"
    );
    assert_eq!(
        count(&responses, ErrorCode::RateLimited) + count(&responses, ErrorCode::Unauthenticated),
        25,
        "{responses:?}"
    );
    assert_eq!(app.gql_as(&stolen, ME, json!({})).await.status, 401);
}

#[tokio::test]
async fn account_deletion_counts_wrong_passwords_as_failed_sign_ins() {
    let app = TestApp::spawn().await;
    let session = app.learner("deleter").await;
    for _ in 0..4 {
        app.try_login("deleter", "not my password")
            .await
            .expect_code(ErrorCode::Unauthenticated);
    }
    let wrong = app
        .gql_as(
            &session,
            "mutation { deleteMyAccount(password: \"still not it\") }",
            json!({}),
        )
        .await;
    assert_eq!(
        wrong.expect_code(ErrorCode::BadUserInput)["extensions"]["field"],
        "password"
    );
    assert_eq!(app.gql_as(&session, ME, json!({})).await.status, 401);
    app.try_login("deleter", PASSWORD)
        .await
        .expect_code(ErrorCode::RateLimited);
}

#[tokio::test]
async fn huge_documents_are_refused_before_parsing() {
    let app = TestApp::spawn().await;
    // ~975 KB: 75,000 selections, no sign-in needed.
    let huge = format!("{{ {} }}", "me{username} ".repeat(75_000));
    assert!(huge.len() > 950_000);
    let refused = app.gql(&huge, json!({})).await;
    assert_eq!(refused.status, StatusCode::PAYLOAD_TOO_LARGE);
    let message = refused.expect_code(ErrorCode::BadUserInput)["message"]
        .as_str()
        .unwrap();
    assert!(message.contains("32768"), "{message}");
    // Just over the configured length, by GET as well.
    let long = format!("{{ __typename }} #{}", "x".repeat(32 * 1024));
    let by_get = app
        .http
        .get(app.graphql_url())
        .query(&[("query", long.as_str())])
        .header(header::ACCEPT, "application/graphql-response+json")
        .send()
        .await
        .unwrap();
    assert_eq!(by_get.status(), StatusCode::PAYLOAD_TOO_LARGE);

    // Short enough, but more fields than any client needs: refused after
    // parsing, before validation.
    let many = format!("{{ {} }}", "__typename ".repeat(1_001));
    let too_many = app.gql(&many, json!({})).await;
    assert_eq!(too_many.status, StatusCode::BAD_REQUEST);
    assert!(
        too_many.expect_code(ErrorCode::BadUserInput)["message"]
            .as_str()
            .unwrap()
            .contains("fields")
    );
    let fine = format!("{{ {} }}", "__typename ".repeat(1_000));
    app.gql(&fine, json!({})).await.ok();
}

#[tokio::test]
async fn the_query_length_limit_is_configurable() {
    let app = TestApp::spawn_with(|s| s.graphql_max_query_bytes = 64).await;
    app.gql("{ __typename }", json!({})).await.ok();
    let refused = app
        .gql(&format!("{{ __typename }} #{}", "x".repeat(64)), json!({}))
        .await;
    assert_eq!(refused.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn names_with_invisible_or_reordering_characters_are_refused() {
    let app = TestApp::spawn().await;
    for (i, name) in [
        "ad\u{200B}min",
        "\u{202E}nimda\u{202C}",
        "\u{2066}admin",
        "\u{3164}",
    ]
    .into_iter()
    .enumerate()
    {
        let response = app
            .gql(
                "mutation R($input: RegisterInput!) { register(input: $input) { id } }",
                json!({ "input": {
                    "email": format!("mimic{i}@example.com"), "username": format!("mimic{i}"),
                    "password": PASSWORD, "displayName": name,
                }}),
            )
            .await;
        assert_eq!(
            response.expect_code(ErrorCode::BadUserInput)["extensions"]["field"],
            "displayName",
            "{name:?}"
        );
    }
    let session = app.learner("writer").await;
    let update = "mutation U($input: UpdateProfileInput!) { updateProfile(input: $input) { displayName interests } }";
    let hidden_tag = app
        .gql_as(
            &session,
            update,
            json!({ "input": { "interests": ["r\u{200B}ust"] } }),
        )
        .await;
    assert_eq!(
        hidden_tag.expect_code(ErrorCode::BadUserInput)["extensions"]["field"],
        "interests"
    );
    // Real scripts, accents (normalised to NFC) and emoji sequences stay.
    let updated = app
        .gql_as(
            &session,
            update,
            json!({ "input": { "displayName": "张伟 Jose\u{301} 👩‍💻", "interests": ["机器学习", "हिन्दी"] } }),
        )
        .await;
    let profile = &updated.ok()["updateProfile"];
    assert_eq!(profile["displayName"], "张伟 José 👩‍💻");
    assert_eq!(profile["interests"], json!(["हिन्दी", "机器学习"]));
}

#[tokio::test]
async fn the_registrant_reads_their_own_email_in_the_answer() {
    let app = TestApp::spawn().await;
    let response = app
        .gql(
            "mutation R($input: RegisterInput!) { register(input: $input) { username email } }",
            json!({ "input": {
                "email": "Newcomer@Example.com", "username": "newcomer",
                "password": PASSWORD, "displayName": "Newcomer",
            }}),
        )
        .await;
    assert_eq!(response.ok()["register"]["email"], "newcomer@example.com");
}

/// Sends a request's headers promising `content_length` bytes, then trickles
/// one byte every `every`; returns what the server answered, if anything,
/// and whether it closed the connection.
async fn trickle_body(app: &TestApp, content_length: usize, every: Duration) -> (String, bool) {
    let mut stream = TcpStream::connect(("127.0.0.1", app.port)).await.unwrap();
    let head = format!(
        "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
         Accept: application/json\r\nContent-Length: {content_length}\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    // Bounded: at most 20 bytes, then give up.
    for _ in 0..20 {
        let mut buffer = [0u8; 4096];
        match tokio::time::timeout(every, stream.read(&mut buffer)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return (String::from_utf8_lossy(&answer).into(), true),
            Ok(Ok(n)) => answer.extend_from_slice(&buffer[..n]),
            Err(_) => {
                if stream.write_all(b"{").await.is_err() {
                    return (String::from_utf8_lossy(&answer).into(), true);
                }
            }
        }
    }
    (String::from_utf8_lossy(&answer).into(), false)
}

#[tokio::test]
async fn a_body_sent_too_slowly_is_cut_off() {
    let app = TestApp::spawn_with(|s| s.request_body_timeout_secs = 1).await;
    let (answer, closed) = trickle_body(&app, 100_000, Duration::from_millis(400)).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(closed, "the connection stays open: {answer}");
    // Others are served as usual.
    app.gql("{ __typename }", json!({})).await.ok();
}

#[tokio::test]
async fn connections_beyond_the_cap_wait_until_one_closes() {
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    let app = TestApp::spawn_with(|s| s.max_connections = workers).await;
    // Each worker gets one connection, each held open by a request that
    // has not finished its headers.
    let mut holders = Vec::new();
    for _ in 0..workers {
        let mut stream = TcpStream::connect(("127.0.0.1", app.port)).await.unwrap();
        stream
            .write_all(b"GET /healthz HTTP/1.1\r\n")
            .await
            .unwrap();
        holders.push(stream);
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let waiting = app
        .http
        .get(format!("{}/healthz", app.address))
        .timeout(Duration::from_millis(700))
        .send()
        .await;
    assert!(waiting.is_err(), "served beyond the cap: {waiting:?}");
    drop(holders);
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_database_outage_answers_503_with_retry_after_and_loses_nothing() {
    let app = TestApp::spawn().await;
    let session = app.learner("patient").await;
    let outage = app.database.outage().await;
    // A write (the sign-in attempt is counted) cannot reach the database.
    let during = app
        .http
        .post(app.graphql_url())
        .header(header::ACCEPT, "application/json")
        .json(&json!({ "query": lyceum_tests::graphql::LOGIN, "variables": { "login": "patient", "password": PASSWORD } }))
        .send()
        .await
        .unwrap();
    assert_eq!(during.status(), StatusCode::SERVICE_UNAVAILABLE);
    let retry_after: u64 = during.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry_after >= 1);
    into_gql(during).await.expect_code(ErrorCode::Unavailable);
    outage.end().await;

    // Once the database is back, the same requests succeed (the pool may need
    // a few tries to replace connections the outage broke).
    let mut recovered = None;
    for _ in 0..20 {
        let response = app.try_login("patient", PASSWORD).await;
        if response.status == StatusCode::OK {
            recovered = Some(response);
            break;
        }
        response.expect_code(ErrorCode::Unavailable);
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    recovered
        .expect("the server recovers after the outage")
        .ok();
    app.gql_as(&session, ME, json!({})).await.ok();
}

fn token_expired_seconds_ago(access_token: &str, seconds: i64) -> String {
    let payload = access_token.split('.').nth(1).unwrap();
    let mut claims: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
    let now = chrono::Utc::now().timestamp();
    claims["iat"] = json!(now - 900);
    claims["exp"] = json!(now - seconds);
    jsonwebtoken::encode(
        &Header::default(),
        &claims,
        &EncodingKey::from_secret(TEST_JWT_SECRET.as_bytes()).unwrap(),
    )
    .unwrap()
}

#[tokio::test]
async fn expired_tokens_get_only_a_small_configurable_leeway() {
    let strict = TestApp::spawn().await;
    let session = strict.learner("clock").await;
    let stale = token_expired_seconds_ago(&session.access_token, 20);
    let refused = strict.gql_with(Some(&stale), ME, json!({})).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    refused.expect_code(ErrorCode::Unauthenticated);

    let lenient = TestApp::spawn_with(|s| s.jwt_leeway_secs = 60).await;
    let session = lenient.learner("clock").await;
    let stale = token_expired_seconds_ago(&session.access_token, 20);
    lenient.gql_with(Some(&stale), ME, json!({})).await.ok();
}
