//! Threads, answers and comments: the happy paths end to end.

use lyceum::error::ErrorCode;
use lyceum_tests::{TestApp, community::id_of};
use serde_json::json;

#[tokio::test]
async fn a_question_gets_answers_comments_votes_and_an_accepted_answer() {
    let app = TestApp::spawn().await;
    let asker = app.learner("asker").await;
    let helper = app.learner("helper").await;
    let voter = app.learner("voter").await;

    let posted = app
        .post_thread(
            &asker,
            None,
            "QUESTION",
            "How do lifetimes work?",
            "I read **the book**. <script>alert(1)</script>",
            &["Rust", "lifetimes"],
        )
        .await;
    let thread = &posted.ok()["createThread"];
    assert_eq!(thread["tags"], json!(["lifetimes", "rust"]));
    assert!(!thread["bodyHtml"].as_str().unwrap().contains("<script"));
    let thread_id = id_of(thread);

    let answer_id = app
        .answer(&helper, &thread_id, "Think of them as scopes, @asker.")
        .await;
    app.post_comment(&voter, &answer_id, "Nice answer!")
        .await
        .ok();
    app.post_comment(&helper, &thread_id, "Which chapter?")
        .await
        .ok();
    app.vote(&voter, &answer_id, "UP").await.ok();
    app.vote(&voter, &thread_id, "DOWN").await.ok();

    let accepted = app
        .gql_as(
            &asker,
            "mutation($id: ID!) { acceptAnswer(answerId: $id) { id isAccepted } }",
            json!({ "id": answer_id }),
        )
        .await;
    assert_eq!(accepted.ok()["acceptAnswer"]["isAccepted"], true);

    let page = app
        .gql_as(
            &voter,
            r#"query($id: ID!) { thread(id: $id) {
                score downvotes viewerVote answerCount commentCount acceptedAnswer { id }
                comments(first: 5) { edges { node { body author { username } } } }
                answers(first: 10) { edges { node { id score viewerVote isAccepted commentCount
                  comments(first: 5) { edges { node { body } } } } } }
            } }"#,
            json!({ "id": thread_id }),
        )
        .await;
    let thread = &page.ok()["thread"];
    assert_eq!(thread["score"], -1);
    assert_eq!(thread["viewerVote"], "DOWN");
    assert_eq!(thread["answerCount"], 1);
    assert_eq!(thread["commentCount"], 2);
    assert_eq!(thread["acceptedAnswer"]["id"], answer_id.as_str());
    assert_eq!(
        thread["comments"]["edges"][0]["node"]["author"]["username"],
        "helper"
    );
    let answer = &thread["answers"]["edges"][0]["node"];
    assert_eq!(answer["score"], 1);
    assert_eq!(answer["viewerVote"], "UP");
    assert_eq!(answer["commentCount"], 1);
    assert_eq!(
        answer["comments"]["edges"][0]["node"]["body"],
        "Nice answer!"
    );

    let told = app
        .gql_as(
            &asker,
            "{ unreadNotificationCount notifications { edges { node { kind actor { username } } } } }",
            json!({}),
        )
        .await;
    let kinds: Vec<&str> = told.ok()["notifications"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["NEW_COMMENT", "NEW_ANSWER"], "{told:?}");

    // Own posts take no votes from their author.
    app.vote(&helper, &answer_id, "UP")
        .await
        .expect_code(ErrorCode::BadUserInput);
}
