//! Badges: one test per badge, each reaching its threshold through the API
//! where that is cheap (answers, votes, accepts, enrolments, reviews) and
//! through the database for large counts, then waiting for the background
//! evaluator. Each badge is awarded and notified exactly once, however
//! often or concurrently it is evaluated, and is never taken away.

mod answers;
mod courses;
mod dedicated;

use std::time::{Duration, Instant};

use futures_util::future::join_all;
use lyceum::{clock::Clock, services::rewards::badges};
use lyceum_tests::{Session, TestApp, community::raw_id};
use serde_json::{Value, json};

const USER_BADGES: &str = r#"query($id: ID!) {
  userBadges(userId: $id) { badge { key name tier threshold } subjectId awardedAt }
}"#;

/// A test server that evaluates badges after events (other tests keep it
/// off, so that no notification arrives unannounced).
async fn spawn() -> TestApp {
    TestApp::spawn_with(|settings| settings.badges_after_events = true).await
}

/// `userBadges` of a user, as anyone sees it.
async fn badges_of(app: &TestApp, user: &Session) -> Vec<Value> {
    app.gql_with(None, USER_BADGES, json!({ "id": user.id }))
        .await
        .ok()["userBadges"]
        .as_array()
        .unwrap()
        .clone()
}

fn holds(held: &[Value], key: &str) -> Vec<Value> {
    held.iter()
        .filter(|b| b["badge"]["key"] == key)
        .cloned()
        .collect()
}

/// Polls until the background evaluator has awarded `key`; returns it.
async fn awaited(app: &TestApp, user: &Session, key: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let held = badges_of(app, user).await;
        if let Some(badge) = holds(&held, key).pop() {
            return badge;
        }
        assert!(
            Instant::now() < deadline,
            "{key} was not awarded to {} in time; holds {held:?}",
            user.username
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Evaluates a user directly, as the worker does; returns the keys awarded.
async fn evaluate(app: &TestApp, user: &Session) -> Vec<String> {
    badges::evaluate(&app.db, &[raw_id(&user.id)], app.clock.now())
        .await
        .expect("evaluating badges")
        .into_iter()
        .map(|row| row.badge)
        .collect()
}

/// The user holds `key` `rows` times with one notification per row, and
/// evaluating again, twice at once, adds nothing.
async fn assert_awarded_once(app: &TestApp, user: &Session, key: &str, rows: i64) {
    let concurrent = join_all((0..3).map(|_| evaluate(app, user))).await;
    assert!(
        concurrent.iter().all(Vec::is_empty),
        "re-evaluation awarded {concurrent:?}"
    );
    let id = raw_id(&user.id);
    let held = app
        .number(&format!(
            "SELECT COUNT(*) FROM user_badges WHERE user_id = {id} AND badge = '{key}'"
        ))
        .await;
    assert_eq!(held, rows, "{key} awards of {}", user.username);
    let notified = app
        .number(&format!(
            "SELECT COUNT(*) FROM notifications WHERE user_id = {id} \
             AND kind = 'BADGE_AWARDED' AND detail = '{key}'"
        ))
        .await;
    assert_eq!(notified, rows, "{key} notifications of {}", user.username);
}

#[tokio::test]
async fn badge_definitions_are_listed_with_tiers_and_thresholds() {
    let app = spawn().await;
    let listed = app
        .gql_with(
            None,
            "{ badges { key name description tier threshold } }",
            json!({}),
        )
        .await;
    let listed = listed.ok()["badges"].as_array().unwrap().clone();
    let summary: Vec<(String, String, i64)> = listed
        .iter()
        .map(|b| {
            (
                b["key"].as_str().unwrap().to_owned(),
                b["tier"].as_str().unwrap().to_owned(),
                b["threshold"].as_i64().unwrap(),
            )
        })
        .collect();
    let expected = [
        ("DEDICATED", "SILVER", 30),
        ("FIRST_ANSWER", "BRONZE", 1),
        ("GOOD_ANSWER", "SILVER", 10),
        ("GREAT_ANSWER", "GOLD", 25),
        ("POPULAR_COURSE", "GOLD", 100),
        ("TEN_ACCEPTED", "SILVER", 10),
        ("TOP_RATED_COURSE", "GOLD", 20),
    ]
    .map(|(k, t, n)| (k.to_owned(), t.to_owned(), n));
    assert_eq!(summary, expected);
    assert!(
        listed
            .iter()
            .all(|b| !b["name"].as_str().unwrap().is_empty())
    );
}
