//! `leaderboard`: order and ranks per period, deleted accounts left out,
//! and tags.

use lyceum::clock::Clock;
use lyceum::error::ErrorCode;
use lyceum_tests::{
    Session, TestApp,
    community::{id_of, raw_id},
};
use serde_json::json;

use super::{Credit, credit, days_ago, write_ledger};

const LEADERBOARD: &str = r#"query L($period: LeaderboardPeriod!, $tag: String, $first: Int) {
  leaderboard(period: $period, tag: $tag, first: $first) { rank points user { username } }
}"#;

async fn leaders(
    app: &TestApp,
    period: &str,
    tag: Option<&str>,
    first: i64,
) -> Vec<(i64, String, i64)> {
    let response = app
        .gql(
            LEADERBOARD,
            json!({ "period": period, "tag": tag, "first": first }),
        )
        .await;
    response.ok()["leaderboard"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["rank"].as_i64().unwrap(),
                e["user"]["username"].as_str().unwrap().to_owned(),
                e["points"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn entry(rank: i64, name: &str, points: i64) -> (i64, String, i64) {
    (rank, name.to_owned(), points)
}

async fn deleted_account(app: &TestApp, session: &Session) {
    sea_orm::ConnectionTrait::execute_unprepared(
        &app.db,
        &format!(
            "UPDATE users SET status = 'DELETED' WHERE id = {}",
            raw_id(&session.id)
        ),
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn leaderboards_rank_by_period_without_deleted_accounts() {
    let app = TestApp::spawn().await;
    let mut sessions = Vec::new();
    for name in ["lead1", "lead2", "lead3", "gone"] {
        sessions.push(app.learner(name).await);
    }
    let id = |i: usize| raw_id(&sessions[i].id);
    let now = app.clock.now();
    write_ledger(
        &app,
        &[
            credit(id(0), "ANSWER_UPVOTED", 30, days_ago(now, 0)),
            credit(id(0), "THREAD_FEATURED", 900, days_ago(now, 40)),
            credit(id(1), "THREAD_FEATURED", 400, days_ago(now, 15)),
            credit(id(2), "ANSWER_UPVOTED", 50, days_ago(now, 1)),
            credit(id(2), "THREAD_FEATURED", 350, days_ago(now, 20)),
            credit(id(3), "THREAD_FEATURED", 5000, days_ago(now, 0)),
        ],
    )
    .await;
    deleted_account(&app, &sessions[3]).await;

    // Every account has its sign-up point of today.
    assert_eq!(
        leaders(&app, "WEEK", None, 20).await,
        [
            entry(1, "lead3", 51),
            entry(2, "lead1", 31),
            entry(3, "lead2", 1)
        ]
    );
    assert_eq!(
        leaders(&app, "MONTH", None, 20).await,
        [
            entry(1, "lead2", 401),
            entry(1, "lead3", 401),
            entry(3, "lead1", 31)
        ]
    );
    assert_eq!(
        leaders(&app, "ALL", None, 20).await,
        [
            entry(1, "lead1", 931),
            entry(2, "lead2", 401),
            entry(2, "lead3", 401)
        ]
    );
    assert_eq!(
        leaders(&app, "ALL", None, 1).await,
        [entry(1, "lead1", 931)]
    );
    let default = app
        .gql("{ leaderboard(period: ALL) { rank } }", json!({}))
        .await;
    assert_eq!(default.ok()["leaderboard"].as_array().unwrap().len(), 3);
    let too_many = app
        .gql(LEADERBOARD, json!({ "period": "ALL", "first": 101 }))
        .await;
    assert_eq!(
        too_many.expect_code(ErrorCode::BadUserInput)["extensions"]["field"],
        "first"
    );
}

#[tokio::test]
async fn tagged_leaderboards_count_only_that_tags_threads_and_courses() {
    let app = TestApp::spawn().await;
    let poster = app.learner("poster").await;
    let rust = app
        .post_thread(&poster, None, "QUESTION", "Borrowing", "How?", &["rust"])
        .await;
    let rust = raw_id(&id_of(&rust.ok()["createThread"]));
    let go = app
        .post_thread(&poster, None, "QUESTION", "Channels", "How?", &["go"])
        .await;
    let go = raw_id(&id_of(&go.ok()["createThread"]));
    let cora = app.creator("cora").await;
    // Tagged "testing" by the helper.
    let course = raw_id(&app.draft_course(&cora, "Testing 101", 0).await.id);
    let mut sessions = Vec::new();
    for name in ["lead1", "lead2", "lead3", "gone"] {
        sessions.push(app.learner(name).await);
    }
    let id = |i: usize| raw_id(&sessions[i].id);
    let now = app.clock.now();
    let in_thread = |c: Credit, thread: i64| Credit {
        thread_id: Some(thread),
        ..c
    };
    write_ledger(
        &app,
        &[
            in_thread(credit(id(0), "ANSWER_UPVOTED", 20, days_ago(now, 0)), rust),
            in_thread(credit(id(0), "ANSWER_UPVOTED", 100, days_ago(now, 0)), go),
            Credit {
                course_id: Some(course),
                ..credit(id(1), "COURSE_ENROLLED", 15, days_ago(now, 2))
            },
            in_thread(credit(id(2), "ANSWER_UPVOTED", 7, days_ago(now, 40)), rust),
            credit(id(2), "THREAD_FEATURED", 900, days_ago(now, 0)),
            in_thread(credit(id(3), "ANSWER_UPVOTED", 500, days_ago(now, 0)), rust),
        ],
    )
    .await;
    deleted_account(&app, &sessions[3]).await;

    assert_eq!(
        leaders(&app, "WEEK", Some("rust"), 20).await,
        [entry(1, "lead1", 20)]
    );
    assert_eq!(
        leaders(&app, "ALL", Some(" Rust"), 20).await,
        [entry(1, "lead1", 20), entry(2, "lead3", 7)]
    );
    assert_eq!(
        leaders(&app, "MONTH", Some("testing"), 20).await,
        [entry(1, "lead2", 15)]
    );
    assert_eq!(
        leaders(&app, "ALL", Some("go"), 20).await,
        [entry(1, "lead1", 100)]
    );
    assert!(leaders(&app, "ALL", Some("nope"), 20).await.is_empty());
}
