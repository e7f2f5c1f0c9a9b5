//! The recommender's model comparison runs on experiments: comparing
//! creates and starts the experiment of its key, serving splits members
//! exactly as the experiment assigns them, their exposures are recorded off
//! the request path, and ending the comparison stops the experiment.

use std::time::{Duration, Instant};

use lyceum::services::analytics::experiments::comparison::is_challenger;
use lyceum_tests::{Session, TestApp, community::raw_id};
use sea_orm::{ConnectionTrait, Statement};

use super::*;

const RETRAIN: &str = "mutation { retrainRecommender(kind: EASE) { id } }";
const TRAINING: &str = "{ recommenderTraining { id status } }";
const ACTIVATE: &str = "mutation($id: ID!) { activateRecommenderModel(id: $id) { model { id } } }";
const COMPARE: &str = r#"mutation($id: ID!, $share: Float!, $key: String!) {
  compareRecommenderModels(challengerId: $id, challengerShare: $share, experimentKey: $key) {
    challengerShare experimentKey
  }
}"#;
const COURSES: &str = "query { recommendedCourses(first: 3) { impressionId } }";

/// Two groups of learners, each enrolled in its own three free courses.
async fn platform(app: &TestApp) -> Vec<Session> {
    let creator = app.creator("teacher").await;
    let mut courses = Vec::new();
    for title in ["Rust", "Async", "Macros", "Watercolour", "Oils", "Charcoal"] {
        courses.push(app.published_course(&creator, title, 0, 1).await);
    }
    let learners = app.learners("learner", 6).await;
    for (i, learner) in learners.iter().enumerate() {
        let own = if i < 3 { &courses[..3] } else { &courses[3..] };
        for course in own {
            app.enrolled(learner, course).await;
        }
    }
    learners
}

/// Trains a model and waits for it (READY, and active).
async fn train(app: &TestApp, admin: &Session) -> Value {
    let id = app.gql_as(admin, RETRAIN, json!({})).await.ok()["retrainRecommender"]["id"].clone();
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let run = app.gql_as(admin, TRAINING, json!({})).await.ok()["recommenderTraining"].clone();
        if run["id"] == id && run["status"] != "RUNNING" {
            assert_eq!(run["status"], "READY", "{run}");
            return id;
        }
        assert!(Instant::now() < deadline, "training did not finish: {run}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// (user id, variant) rows of a SQL query, sorted.
async fn pairs(app: &TestApp, sql: &str) -> Vec<(i64, String)> {
    let rows = app
        .db
        .query_all_raw(Statement::from_string(app.db.get_database_backend(), sql))
        .await
        .unwrap();
    let mut pairs: Vec<(i64, String)> = rows
        .iter()
        .map(|row| {
            (
                row.try_get_by_index(0).unwrap(),
                row.try_get_by_index(1).unwrap(),
            )
        })
        .collect();
    pairs.sort();
    pairs
}

/// Waits for the batch writer to have stored `n` exposures.
async fn exposures(app: &TestApp, n: i64) -> Vec<(i64, String)> {
    let deadline = Instant::now() + Duration::from_secs(10);
    while app
        .number("SELECT COUNT(*) FROM experiment_exposures")
        .await
        < n
    {
        assert!(Instant::now() < deadline, "exposures were not recorded");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    pairs(app, "SELECT user_id, variant FROM experiment_exposures").await
}

#[tokio::test]
async fn analytics_experiments_run_the_recommender_comparison() {
    let app = TestApp::spawn().await;
    let learners = platform(&app).await;
    let admin = app.admin("operator").await;
    let control = train(&app, &admin).await;
    let challenger = train(&app, &admin).await;
    app.gql_as(&admin, ACTIVATE, json!({ "id": control }))
        .await
        .ok();

    let compare = |key: &str, share: f64| {
        let variables = json!({ "id": challenger, "share": share, "key": key });
        let app = &app;
        let admin = &admin;
        async move { app.gql_as(admin, COMPARE, variables).await }
    };
    compare("rec-ab", 0.5).await.ok();
    let experiment = app.gql_as(&admin, ONE, json!({ "key": "rec-ab" })).await;
    assert_eq!(
        experiment.ok()["experiment"],
        json!({
            "key": "rec-ab",
            "status": "RUNNING",
            "metric": "RECOMMENDATION_CLICK",
            "variants": [
                { "name": "CONTROL", "weight": 0.5, "share": 0.5 },
                { "name": "CHALLENGER", "weight": 0.5, "share": 0.5 },
            ],
        })
    );

    // Every member served a list is exposed once, in the arm they were
    // served; a signed-out viewer is nobody's exposure.
    for learner in &learners {
        for _ in 0..2 {
            app.gql_as(learner, COURSES, json!({})).await.ok();
        }
    }
    app.gql(COURSES, json!({})).await.ok();
    let exposed = exposures(&app, 6).await;
    // Impressions have their own batch writer: wait for it too.
    let deadline = Instant::now() + Duration::from_secs(10);
    let served = loop {
        let served = pairs(
            &app,
            "SELECT DISTINCT user_id, variant FROM recommendation_impressions WHERE user_id IS NOT NULL",
        )
        .await;
        if served.len() >= exposed.len() || Instant::now() >= deadline {
            break served;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(exposed, served, "one arm per member, the one served");
    for (user, variant) in &exposed {
        let expected = if is_challenger("rec-ab", *user, 0.5) {
            "CHALLENGER"
        } else {
            "CONTROL"
        };
        assert_eq!(variant, expected, "member {user}");
    }
    let theirs = variant_of(&app, &learners[0], "rec-ab").await;
    let stored = exposed
        .iter()
        .find(|(user, _)| *user == raw_id(&learners[0].id))
        .unwrap();
    assert_eq!(theirs["variant"], stored.1.as_str());

    // The same comparison again reuses the experiment; another share or
    // another experiment's key would split members unlike the experiment.
    compare("rec-ab", 0.5).await.ok();
    compare("rec-ab", 0.3)
        .await
        .expect_code(ErrorCode::BadUserInput);
    create(&app, &admin, "ab-other", &[("A", 1.0), ("B", 1.0)]).await;
    compare("ab-other", 0.5)
        .await
        .expect_code(ErrorCode::BadUserInput);
    compare("Not A Key", 0.5)
        .await
        .expect_code(ErrorCode::BadUserInput);
    // A draft defined by hand with the right arms is started.
    create(
        &app,
        &admin,
        "rec-draft",
        &[("CONTROL", 3.0), ("CHALLENGER", 1.0)],
    )
    .await;
    compare("rec-draft", 0.25).await.ok();
    let draft = app.gql_as(&admin, ONE, json!({ "key": "rec-draft" })).await;
    assert_eq!(draft.ok()["experiment"]["status"], "RUNNING");
    // That comparison replaced rec-ab's: rec-ab stopped.
    let replaced = app.gql_as(&admin, ONE, json!({ "key": "rec-ab" })).await;
    assert_eq!(replaced.ok()["experiment"]["status"], "STOPPED");

    // Activating a model ends the comparison and stops its experiment;
    // a stopped experiment's key cannot be compared under again.
    app.gql_as(&admin, ACTIVATE, json!({ "id": control }))
        .await
        .ok();
    let ended = app.gql_as(&admin, ONE, json!({ "key": "rec-draft" })).await;
    assert_eq!(ended.ok()["experiment"]["status"], "STOPPED");
    compare("rec-ab", 0.5)
        .await
        .expect_code(ErrorCode::Conflict);
}
