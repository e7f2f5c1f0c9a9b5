//! Recommender model versions: training through the admin mutation (the
//! background run, its progress and subscription), the versioned store,
//! activation and rollback, the swap on another instance, and the refusals
//! (non-admins, unknown ids, unusable models, a run already in progress).

use std::time::{Duration, Instant};

use entity::recommender_artifacts;
use lyceum::error::ErrorCode;
use lyceum_tests::{
    Session, TestApp,
    community::raw_id,
    ws::{next, open, subscribe},
};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set, Statement};
use serde_json::{Value, json};

const RETRAIN: &str = "mutation($kind: RecommenderKind) { retrainRecommender(kind: $kind) { id status requestedKind trigger startedBy { username } } }";
const TRAINING: &str = "{ recommenderTraining { id status stage progress error kind } }";
const MODEL: &str = r#"query($id: ID!) { recommenderModel(id: $id) {
  id status kind active challenger users items interactions interestGroupCount silhouette
  signalsVersion artifactBytes fitSeconds finishedAt error
  metrics { ndcgAt10 mapAt10 precisionAt10 recallAt10 coverage users }
} }"#;
const MODELS: &str = "query($first: Int, $after: String) { recommenderModels(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id status active } } }";
const ACTIVATE: &str = "mutation($id: ID!) { activateRecommenderModel(id: $id) { model { id active } challenger { id } activatedBy { username } } }";
const COMPARE: &str = r#"mutation($id: ID!, $share: Float!, $key: String!) {
  compareRecommenderModels(challengerId: $id, challengerShare: $share, experimentKey: $key) {
    model { id } challenger { id } challengerShare experimentKey
  }
}"#;
const ACTIVE: &str = "{ activeRecommender { model { id } challenger { id } } }";
const CANCEL: &str = "mutation($id: ID!) { cancelRecommenderTraining(id: $id) { id status } }";

/// Two groups of learners, each enrolled in its own three free courses
/// (three, so the held-out split keeps one of each learner's).
async fn platform(app: &TestApp) {
    let creator = app.creator("teacher").await;
    let mut courses = Vec::new();
    for title in [
        "Rust basics",
        "Rust async",
        "Rust macros",
        "Watercolour",
        "Oil painting",
        "Charcoal",
    ] {
        courses.push(app.published_course(&creator, title, 0, 1).await);
    }
    let learners = app.learners("learner", 6).await;
    for (i, learner) in learners.iter().enumerate() {
        let own = if i < 3 { &courses[..3] } else { &courses[3..] };
        for course in own {
            app.enrolled(learner, course).await;
        }
    }
}

/// Waits until the newest run is no longer RUNNING; returns it.
async fn finished_run(app: &TestApp, admin: &Session) -> Value {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let run = app.gql_as(admin, TRAINING, json!({})).await.ok()["recommenderTraining"].clone();
        if run["status"] != "RUNNING" {
            return run;
        }
        assert!(Instant::now() < deadline, "training did not finish: {run}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn train(app: &TestApp, admin: &Session) -> Value {
    let started = app.gql_as(admin, RETRAIN, json!({ "kind": "AUTO" })).await;
    let run = &started.ok()["retrainRecommender"];
    assert_eq!(run["status"], "RUNNING");
    assert_eq!(run["trigger"], "MANUAL");
    assert_eq!(run["startedBy"]["username"], admin.username);
    let finished = finished_run(app, admin).await;
    assert_eq!(finished["id"], run["id"]);
    finished
}

/// The model once this instance serves it (within a second of activation).
async fn served(app: &TestApp, viewer: &Session, id: &Value) -> Value {
    let deadline = Instant::now() + Duration::from_secs(1);
    loop {
        let model = model(app, viewer, id).await;
        if model["active"] == true {
            return model;
        }
        assert!(Instant::now() < deadline, "not served: {model}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn model(app: &TestApp, viewer: &Session, id: &Value) -> Value {
    app.gql_as(viewer, MODEL, json!({ "id": id })).await.ok()["recommenderModel"].clone()
}

#[tokio::test]
async fn recommendations_models_train_list_activate_and_roll_back() {
    let app = TestApp::spawn().await;
    platform(&app).await;
    let admin = app.admin("operator").await;
    let moderator = app.moderator("mod").await;
    let learner = app.learner("curious").await;

    app.gql_as(&learner, RETRAIN, json!({}))
        .await
        .expect_code(ErrorCode::Forbidden);
    app.gql_as(&moderator, RETRAIN, json!({}))
        .await
        .expect_code(ErrorCode::Forbidden);
    app.gql_as(&learner, TRAINING, json!({}))
        .await
        .expect_code(ErrorCode::Forbidden);
    let none = app.gql_as(&admin, ACTIVE, json!({})).await;
    assert_eq!(none.ok()["activeRecommender"], Value::Null);

    let first = train(&app, &admin).await;
    assert_eq!(first["status"], "READY", "{first}");
    assert_eq!(first["stage"], "done");
    assert_eq!(first["progress"], 1.0);
    let first_id = first["id"].clone();
    let stored = served(&app, &moderator, &first_id).await;
    assert_eq!(stored["challenger"], false);
    assert_eq!(stored["signalsVersion"], 1);
    // Six learners with history (the staff and `curious` have none).
    assert_eq!(stored["users"], 6);
    assert_eq!(stored["items"], 6);
    assert_eq!(stored["interactions"], 18);
    assert!(stored["artifactBytes"].as_i64().unwrap() > 0);
    let metrics = &stored["metrics"];
    assert!(metrics["users"].as_i64().unwrap() > 0, "{stored}");
    let ndcg = metrics["ndcgAt10"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&ndcg), "{stored}");
    assert!(
        stored["interestGroupCount"].as_i64().unwrap() >= 2,
        "{stored}"
    );

    let second = train(&app, &admin).await;
    assert_eq!(second["status"], "READY");
    assert_ne!(second["id"], first_id);
    served(&app, &admin, &second["id"]).await;
    assert_eq!(model(&app, &admin, &first_id).await["active"], false);

    // Newest first, paged.
    let page = app.gql_as(&admin, MODELS, json!({ "first": 1 })).await;
    let list = &page.ok()["recommenderModels"];
    assert_eq!(list["totalCount"], 2);
    assert_eq!(list["nodes"][0]["id"], second["id"]);
    assert_eq!(list["pageInfo"]["hasNextPage"], true);
    let rest = app
        .gql_as(
            &admin,
            MODELS,
            json!({ "first": 1, "after": list["pageInfo"]["endCursor"] }),
        )
        .await;
    assert_eq!(rest.ok()["recommenderModels"]["nodes"][0]["id"], first_id);
    app.gql_as(&admin, MODELS, json!({ "first": 101 }))
        .await
        .expect_code(ErrorCode::BadUserInput);

    // Roll back to the first version: served at once, recorded as who did it.
    app.gql_as(&moderator, ACTIVATE, json!({ "id": first_id }))
        .await
        .expect_code(ErrorCode::Forbidden);
    let rolled = app
        .gql_as(&admin, ACTIVATE, json!({ "id": first_id }))
        .await;
    let serving = &rolled.ok()["activateRecommenderModel"];
    assert_eq!(serving["model"]["id"], first_id);
    assert_eq!(serving["activatedBy"]["username"], "operator");
    served(&app, &admin, &first_id).await;
    assert_eq!(model(&app, &admin, &second["id"]).await["active"], false);

    // Compare the second against it; a model cannot face itself.
    app.gql_as(
        &admin,
        COMPARE,
        json!({ "id": first_id, "share": 0.5, "key": "self" }),
    )
    .await
    .expect_code(ErrorCode::BadUserInput);
    for share in [0.0, 1.0, -0.2] {
        app.gql_as(
            &admin,
            COMPARE,
            json!({ "id": second["id"], "share": share, "key": "exp" }),
        )
        .await
        .expect_code(ErrorCode::BadUserInput);
    }
    let compared = app
        .gql_as(
            &admin,
            COMPARE,
            json!({ "id": second["id"], "share": 0.5, "key": "ease-vs-ease" }),
        )
        .await;
    let serving = &compared.ok()["compareRecommenderModels"];
    assert_eq!(serving["model"]["id"], first_id);
    assert_eq!(serving["challenger"]["id"], second["id"]);
    let deadline = Instant::now() + Duration::from_secs(1);
    while model(&app, &admin, &second["id"]).await["challenger"] != true {
        assert!(Instant::now() < deadline, "the challenger is not served");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(serving["challengerShare"], 0.5);
    // Activating ends the comparison.
    app.gql_as(&admin, ACTIVATE, json!({ "id": second["id"] }))
        .await
        .ok();
    let active = app.gql_as(&admin, ACTIVE, json!({})).await;
    assert_eq!(
        active.ok()["activeRecommender"]["model"]["id"],
        second["id"]
    );
    assert_eq!(active.ok()["activeRecommender"]["challenger"], Value::Null);
}

#[tokio::test]
async fn recommendations_models_refuse_what_cannot_be_served() {
    let app = TestApp::spawn().await;
    let admin = app.admin("operator").await;

    // An empty platform: the run fails with a clear reason; nothing is served.
    let empty = train(&app, &admin).await;
    assert_eq!(empty["status"], "FAILED");
    let reason = empty["error"].as_str().unwrap();
    assert!(reason.contains("nothing to learn from yet"), "{reason}");
    app.gql_as(&admin, ACTIVATE, json!({ "id": empty["id"] }))
        .await
        .expect_code(ErrorCode::BadUserInput);
    app.gql_as(&admin, CANCEL, json!({ "id": empty["id"] }))
        .await
        .expect_code(ErrorCode::BadUserInput);

    let missing =
        lyceum::graphql::ids::encode(lyceum::graphql::ids::NodeKind::RecommenderModel, 9_999);
    app.gql_as(&admin, ACTIVATE, json!({ "id": missing }))
        .await
        .expect_code(ErrorCode::NotFound);
    app.gql_as(&admin, MODEL, json!({ "id": missing }))
        .await
        .expect_code(ErrorCode::NotFound);
    app.gql_as(&admin, ACTIVATE, json!({ "id": "not-an-id" }))
        .await
        .expect_code(ErrorCode::BadUserInput);
    let course_id = lyceum::graphql::ids::encode(lyceum::graphql::ids::NodeKind::Course, 1);
    app.gql_as(&admin, ACTIVATE, json!({ "id": course_id }))
        .await
        .expect_code(ErrorCode::BadUserInput);

    platform(&app).await;
    let good = train(&app, &admin).await;
    assert_eq!(good["status"], "READY");
    let other = train(&app, &admin).await;
    assert_eq!(other["status"], "READY");

    // A corrupted artefact is refused; the model in service stays.
    recommender_artifacts::ActiveModel {
        model_id: Set(raw_id(good["id"].as_str().unwrap())),
        bytes: Set(b"LYCMODEL\x01\x00\x00\x00garbage".to_vec()),
        ..Default::default()
    }
    .update(&app.db)
    .await
    .unwrap();
    let refused = app
        .gql_as(&admin, ACTIVATE, json!({ "id": good["id"] }))
        .await;
    refused.expect_code(ErrorCode::BadUserInput);
    assert!(
        refused.first_error()["message"]
            .as_str()
            .unwrap()
            .contains("cannot be read"),
        "{refused:?}"
    );
    served(&app, &admin, &other["id"]).await;

    // A model trained on other signal definitions is refused too.
    app.db
        .execute_raw(Statement::from_string(
            app.db.get_database_backend(),
            format!(
                "UPDATE recommender_models SET signals_version = 99 WHERE id = {}",
                raw_id(good["id"].as_str().unwrap())
            ),
        ))
        .await
        .unwrap();
    let refused = app
        .gql_as(&admin, ACTIVATE, json!({ "id": good["id"] }))
        .await;
    refused.expect_code(ErrorCode::BadUserInput);
    assert!(
        refused.first_error()["message"]
            .as_str()
            .unwrap()
            .contains("signals version 99"),
        "{refused:?}"
    );
    served(&app, &admin, &other["id"]).await;
}

#[tokio::test]
async fn recommendations_models_one_run_at_a_time_across_instances() {
    let app = TestApp::spawn().await;
    if !app.database.is_postgres() {
        // One SQLite file serves one process: its in-process guard is the
        // same code path the lock takes first.
        return;
    }
    platform(&app).await;
    let admin = app.admin("operator").await;
    // Another instance holds the training lock (a session advisory lock).
    let holder = lyceum::db::connect(&app.database.url, 1).await.unwrap();
    let key: i64 = 0x4C59_4345_554D_5245;
    holder
        .execute_raw(Statement::from_string(
            sea_orm::DbBackend::Postgres,
            format!("SELECT pg_advisory_lock({key})"),
        ))
        .await
        .unwrap();
    let busy = app.gql_as(&admin, RETRAIN, json!({})).await;
    busy.expect_code(ErrorCode::Conflict);
    assert_eq!(
        app.number("SELECT COUNT(*) FROM recommender_models").await,
        0,
        "a refused run leaves no row"
    );
    holder.close().await.unwrap();
    assert_eq!(train(&app, &admin).await["status"], "READY");
}

#[tokio::test]
async fn recommendations_models_swap_on_another_instance_within_a_second() {
    let app = TestApp::spawn().await;
    if !app.database.is_postgres() {
        // Instances share a database only on PostgreSQL (NOTIFY).
        return;
    }
    platform(&app).await;
    let admin = app.admin("operator").await;
    let first = train(&app, &admin).await;
    let peer = app.spawn_peer().await;
    // The peer loaded the active model when it started.
    let on_peer = app
        .gql_on(&peer, &admin, MODEL, json!({ "id": first["id"] }))
        .await;
    assert_eq!(
        on_peer["data"]["recommenderModel"]["active"], true,
        "{on_peer}"
    );

    let second = train(&app, &admin).await;
    for (activate, other) in [(&first, &second), (&second, &first)] {
        app.gql_as(&admin, ACTIVATE, json!({ "id": activate["id"] }))
            .await
            .ok();
        let activated = Instant::now();
        loop {
            let served = app
                .gql_on(&peer, &admin, MODEL, json!({ "id": activate["id"] }))
                .await;
            if served["data"]["recommenderModel"]["active"] == true {
                break;
            }
            assert!(
                activated.elapsed() < Duration::from_secs(1),
                "the peer still serves {}",
                other["id"]
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

#[tokio::test]
async fn recommendations_models_training_progress_is_pushed() {
    let app = TestApp::spawn().await;
    platform(&app).await;
    let admin = app.admin("operator").await;
    let learner = app.learner("curious").await;
    const PROGRESS: &str = "subscription { recommenderTraining { id status stage progress } }";

    let mut refused = open(app.port, Some(&learner)).await;
    subscribe(&mut refused, "1", PROGRESS, json!({})).await;
    let message = next(&mut refused).await.unwrap();
    assert_eq!(
        message["payload"]["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{message}"
    );

    let mut socket = open(app.port, Some(&admin)).await;
    subscribe(&mut socket, "1", PROGRESS, json!({})).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = app.gql_as(&admin, RETRAIN, json!({})).await;
    let id = started.ok()["retrainRecommender"]["id"].clone();
    let mut last_progress = -1.0;
    loop {
        let message = next(&mut socket).await.expect("an update");
        let run = &message["payload"]["data"]["recommenderTraining"];
        assert_eq!(run["id"], id, "{message}");
        let progress = run["progress"].as_f64().unwrap();
        assert!(progress >= last_progress, "{message}");
        last_progress = progress;
        if run["status"] != "RUNNING" {
            assert_eq!(run["status"], "READY", "{message}");
            assert_eq!(progress, 1.0);
            break;
        }
    }
}
