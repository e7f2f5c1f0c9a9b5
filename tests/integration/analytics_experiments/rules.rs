//! Experiments refuse bad input with clear codes (changing nothing), and
//! only administrators write, staff read, signed-in members get variants.

use lyceum::error::ErrorCode;
use lyceum_tests::TestApp;
use serde_json::{Value, json};

use super::*;

#[tokio::test]
async fn analytics_experiments_refuse_bad_input() {
    let app = TestApp::spawn().await;
    let admin = app.admin("operator").await;
    let member = app.learner("member").await;
    let ab = [("A", 1.0), ("B", 1.0)];
    let refused: Vec<(Value, ErrorCode)> = vec![
        (
            input("zero", &[("A", 0.0), ("B", 0.0)], "ENROL"),
            ErrorCode::BadUserInput,
        ),
        (
            input("negative", &[("A", -1.0), ("B", 2.0)], "ENROL"),
            ErrorCode::BadUserInput,
        ),
        (
            input("lonely", &[("A", 1.0)], "ENROL"),
            ErrorCode::BadUserInput,
        ),
        (
            input("twins", &[("A", 1.0), ("a", 1.0)], "ENROL"),
            ErrorCode::BadUserInput,
        ),
        (
            input("bad-name", &[("A", 1.0), ("B C", 1.0)], "ENROL"),
            ErrorCode::BadUserInput,
        ),
        (input("metric", &ab, "PURCHASE"), ErrorCode::BadUserInput),
        (input("metric-case", &ab, "enrol"), ErrorCode::BadUserInput),
        (input("Upper", &ab, "ENROL"), ErrorCode::BadUserInput),
        (input("with space", &ab, "ENROL"), ErrorCode::BadUserInput),
        (input("", &ab, "ENROL"), ErrorCode::BadUserInput),
        (
            input(&"k".repeat(65), &ab, "ENROL"),
            ErrorCode::BadUserInput,
        ),
    ];
    for (variables, code) in refused {
        app.gql_as(&admin, CREATE, variables.clone())
            .await
            .expect_code(code);
    }
    assert_eq!(
        app.number("SELECT COUNT(*) FROM experiments").await,
        0,
        "nothing stored"
    );

    create(&app, &admin, "taken", &ab).await;
    app.gql_as(
        &admin,
        CREATE,
        input("taken", &[("X", 1.0), ("Y", 2.0)], "LOGIN"),
    )
    .await
    .expect_code(ErrorCode::Conflict);
    assert_eq!(app.number("SELECT COUNT(*) FROM experiments").await, 1);

    for query in [START, STOP] {
        app.gql_as(&admin, query, json!({ "key": "missing" }))
            .await
            .expect_code(ErrorCode::NotFound);
        app.gql_as(&admin, query, json!({ "key": "Not A Key" }))
            .await
            .expect_code(ErrorCode::BadUserInput);
    }
    for query in [ONE, RESULTS] {
        app.gql_as(&admin, query, json!({ "key": "missing" }))
            .await
            .expect_code(ErrorCode::NotFound);
    }
    app.gql_as(&member, VARIANT, json!({ "key": "missing" }))
        .await
        .expect_code(ErrorCode::NotFound);
    // Stopping a draft: it never ran.
    app.gql_as(&admin, STOP, json!({ "key": "taken" }))
        .await
        .expect_code(ErrorCode::Conflict);
    let still = app.gql_as(&admin, ONE, json!({ "key": "taken" })).await;
    assert_eq!(still.ok()["experiment"]["status"], "DRAFT");
}

#[tokio::test]
async fn analytics_experiments_authorisation_matrix() {
    let app = TestApp::spawn().await;
    let admin = app.admin("operator").await;
    let moderator = app.moderator("moderator").await;
    let learner = app.learner("learner").await;
    let creator = app.creator("creator").await;
    create(&app, &admin, "gated", &[("A", 1.0), ("B", 1.0)]).await;
    let key = json!({ "key": "gated" });

    // Writing: administrators only.
    for who in [&moderator, &learner, &creator] {
        app.gql_as(
            who,
            CREATE,
            input("mine", &[("A", 1.0), ("B", 1.0)], "ENROL"),
        )
        .await
        .expect_code(ErrorCode::Forbidden);
        for mutation in [START, STOP] {
            app.gql_as(who, mutation, key.clone())
                .await
                .expect_code(ErrorCode::Forbidden);
        }
    }
    app.gql(CREATE, input("mine", &[("A", 1.0), ("B", 1.0)], "ENROL"))
        .await
        .expect_code(ErrorCode::Unauthenticated);
    app.gql(START, key.clone())
        .await
        .expect_code(ErrorCode::Unauthenticated);
    assert_eq!(app.number("SELECT COUNT(*) FROM experiments").await, 1);
    let draft = app.gql_as(&admin, ONE, key.clone()).await;
    assert_eq!(
        draft.ok()["experiment"]["status"],
        "DRAFT",
        "nobody started it"
    );
    app.gql_as(&admin, START, key.clone()).await.ok();

    // Reading: staff (moderators too), not members.
    for who in [&learner, &creator] {
        for query in [ONE, RESULTS] {
            app.gql_as(who, query, key.clone())
                .await
                .expect_code(ErrorCode::Forbidden);
        }
        app.gql_as(who, LIST, json!({}))
            .await
            .expect_code(ErrorCode::Forbidden);
    }
    for query in [ONE, RESULTS] {
        app.gql(query, key.clone())
            .await
            .expect_code(ErrorCode::Unauthenticated);
        app.gql_as(&moderator, query, key.clone()).await.ok();
    }
    app.gql_as(&moderator, LIST, json!({})).await.ok();

    // Assignment: any signed-in member (staff too), never anonymous.
    app.gql(VARIANT, key.clone())
        .await
        .expect_code(ErrorCode::Unauthenticated);
    for who in [&learner, &creator, &moderator, &admin] {
        app.gql_as(who, VARIANT, key.clone()).await.ok();
    }
    assert_eq!(
        app.number("SELECT COUNT(*) FROM experiment_exposures")
            .await,
        4
    );
}
