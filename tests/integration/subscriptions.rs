//! Live subscriptions: a thread's activity and the viewer's notifications,
//! under the queries' authorisation, and across two server instances on one
//! PostgreSQL database.

use lyceum::error::ErrorCode;
use lyceum_tests::{
    TestApp,
    ws::{next, open, subscribe},
};
use serde_json::{Value, json};

const THREAD_ACTIVITY: &str = r#"subscription A($id: ID!) {
  threadActivity(threadId: $id) {
    kind thread { answerCount commentCount score } answer { id body score isAccepted } comment { body }
  }
}"#;
const MY_NOTIFICATIONS: &str =
    "subscription { myNotifications { kind actor { username } thread { title } } }";

/// The payload of the next `next` message of an operation.
async fn next_payload(socket: &mut lyceum_tests::ws::Socket) -> Value {
    let message = next(socket).await.expect("a message");
    assert_eq!(message["type"], "next", "{message}");
    message["payload"].clone()
}

/// The code of a refused subscription: one result with the error, then
/// `complete`.
async fn refusal(socket: &mut lyceum_tests::ws::Socket) -> String {
    let message = next(socket).await.unwrap();
    assert_eq!(message["type"], "next", "{message}");
    assert_eq!(message["payload"]["data"], Value::Null, "{message}");
    let code = message["payload"]["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("a code in {message}"))
        .to_owned();
    assert_eq!(next(socket).await.unwrap()["type"], "complete");
    code
}

#[tokio::test]
async fn a_thread_streams_answers_comments_votes_and_acceptance() {
    let app = TestApp::spawn().await;
    let asker = app.learner("asker").await;
    let helper = app.learner("helper").await;
    let watcher = app.learner("watcher").await;
    let thread = app.question(&asker, "Live question").await;

    let mut socket = open(app.port, None).await;
    subscribe(&mut socket, "1", THREAD_ACTIVITY, json!({ "id": thread })).await;
    // Subscriptions start asynchronously: give the server a moment.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;

    let answer = app.answer(&helper, &thread, "Live answer").await;
    let event = next_payload(&mut socket).await;
    let activity = &event["data"]["threadActivity"];
    assert_eq!(activity["kind"], "NEW_ANSWER");
    assert_eq!(activity["answer"]["body"], "Live answer");
    assert_eq!(activity["thread"]["answerCount"], 1);

    app.post_comment(&watcher, &answer, "Live comment")
        .await
        .ok();
    let event = next_payload(&mut socket).await;
    assert_eq!(event["data"]["threadActivity"]["kind"], "NEW_COMMENT");
    assert_eq!(
        event["data"]["threadActivity"]["comment"]["body"],
        "Live comment"
    );

    app.vote(&watcher, &answer, "UP").await.ok();
    let event = next_payload(&mut socket).await;
    assert_eq!(event["data"]["threadActivity"]["kind"], "SCORE_CHANGED");
    assert_eq!(event["data"]["threadActivity"]["answer"]["score"], 1);

    app.gql_as(
        &asker,
        "mutation($id: ID!) { acceptAnswer(answerId: $id) { id } }",
        json!({ "id": answer }),
    )
    .await
    .ok();
    let event = next_payload(&mut socket).await;
    assert_eq!(
        event["data"]["threadActivity"]["kind"],
        "ACCEPTANCE_CHANGED"
    );
    assert_eq!(
        event["data"]["threadActivity"]["answer"]["isAccepted"],
        true
    );
}

#[tokio::test]
async fn course_threads_stream_to_members_only_and_notifications_need_a_sign_in() {
    let app = TestApp::spawn().await;
    let creator = app.creator("teacher").await;
    let course = app.published_course(&creator, "Members only", 500, 1).await;
    let member = app.learner("member").await;
    app.enrolled(&member, &course).await;
    let outsider = app.learner("outsider").await;
    let posted = app
        .post_thread(
            &member,
            Some(&course.id),
            "QUESTION",
            "Course question",
            "?",
            &[],
        )
        .await;
    let thread = posted.ok()["createThread"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    for session in [None, Some(&outsider)] {
        let mut socket = open(app.port, session).await;
        subscribe(&mut socket, "1", THREAD_ACTIVITY, json!({ "id": thread })).await;
        assert_eq!(refusal(&mut socket).await, ErrorCode::NotFound.as_str());
    }
    let mut anonymous = open(app.port, None).await;
    subscribe(&mut anonymous, "1", MY_NOTIFICATIONS, json!({})).await;
    assert_eq!(
        refusal(&mut anonymous).await,
        ErrorCode::Unauthenticated.as_str()
    );

    let mut socket = open(app.port, Some(&creator)).await;
    subscribe(&mut socket, "1", THREAD_ACTIVITY, json!({ "id": thread })).await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    app.answer(&member, &thread, "Self-answer").await;
    let event = next_payload(&mut socket).await;
    assert_eq!(event["data"]["threadActivity"]["kind"], "NEW_ANSWER");
}

#[tokio::test]
async fn events_reach_subscribers_on_another_instance() {
    let app = TestApp::spawn().await;
    if !app.database.is_postgres() {
        // One SQLite file serves one process; the in-process path is
        // covered by the other tests.
        return;
    }
    let peer = app.spawn_peer().await;
    let asker = app.learner("asker").await;
    let helper = app.learner("helper").await;
    let thread = app.question(&asker, "Across instances").await;

    // Subscribed on the peer; the answer is posted on the first instance.
    let mut activity = open(peer.port, Some(&helper)).await;
    subscribe(&mut activity, "1", THREAD_ACTIVITY, json!({ "id": thread })).await;
    let mut notifications = open(peer.port, Some(&asker)).await;
    subscribe(&mut notifications, "2", MY_NOTIFICATIONS, json!({})).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;

    app.answer(&helper, &thread, "Posted on instance one").await;
    let event = next_payload(&mut activity).await;
    assert_eq!(event["data"]["threadActivity"]["kind"], "NEW_ANSWER");
    assert_eq!(
        event["data"]["threadActivity"]["answer"]["body"],
        "Posted on instance one"
    );
    let told = next_payload(&mut notifications).await;
    let notification = &told["data"]["myNotifications"];
    assert_eq!(notification["kind"], "NEW_ANSWER");
    assert_eq!(notification["actor"]["username"], "helper");
    assert_eq!(notification["thread"]["title"], "Across instances");
}
