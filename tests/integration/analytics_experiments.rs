//! A/B experiments: the lifecycle (draft → running → stopped), assignment
//! by a stable hash that a stored exposure then fixes, one exposure under
//! concurrent requests, and results that count only conversions after the
//! exposure (and before the stop). Bad input and who may do what are in
//! `rules`, the recommender's comparison on experiments in `comparison`.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use entity::events;
use lyceum::error::ErrorCode;
use lyceum::services::analytics::{
    experiments::assign,
    stats::{self, Proportion},
};
use lyceum_tests::{Session, TestApp, community::raw_id};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set, Statement};
use serde_json::{Value, json};

mod comparison;
mod rules;

const CREATE: &str = r#"mutation($input: CreateExperimentInput!) {
  createExperiment(input: $input) {
    id key description status metric createdAt startedAt stoppedAt
    variants { name weight share }
    createdBy { username }
  }
}"#;
const START: &str =
    "mutation($key: String!) { startExperiment(key: $key) { key status startedAt stoppedAt } }";
const STOP: &str =
    "mutation($key: String!) { stopExperiment(key: $key) { key status startedAt stoppedAt } }";
const VARIANT: &str =
    "query($key: String!) { experimentVariant(key: $key) { key variant exposedAt } }";
const ONE: &str = "query($key: String!) { experiment(key: $key) { key status metric variants { name weight share } } }";
const LIST: &str = r#"query($first: Int, $after: String, $status: ExperimentStatus) {
  experiments(first: $first, after: $after, status: $status) {
    totalCount pageInfo { hasNextPage endCursor } nodes { key status }
  }
}"#;
const RESULTS: &str = r#"query($key: String!) {
  experimentResults(key: $key) {
    experiment { key status }
    users
    variants {
      name expectedShare users conversions rate
      versusControl { uplift relativeUplift confidenceLow confidenceHigh z pValue }
    }
    sampleRatioChiSquare sampleRatioPValue sampleRatioDegreesOfFreedom sampleRatioMismatch
  }
}"#;

fn input(key: &str, variants: &[(&str, f64)], metric: &str) -> Value {
    json!({ "input": {
        "key": key,
        "description": "Does the new copy sell?",
        "variants": variants.iter().map(|(name, weight)| json!({ "name": name, "weight": weight })).collect::<Vec<_>>(),
        "metric": metric,
    }})
}

async fn create(app: &TestApp, admin: &Session, key: &str, variants: &[(&str, f64)]) -> Value {
    app.gql_as(admin, CREATE, input(key, variants, "ENROL"))
        .await
        .ok()["createExperiment"]
        .clone()
}

async fn variant_of(app: &TestApp, member: &Session, key: &str) -> Value {
    app.gql_as(member, VARIANT, json!({ "key": key }))
        .await
        .ok()["experimentVariant"]
        .clone()
}

fn time(value: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(value.as_str().expect("a time"))
        .expect("RFC 3339")
        .with_timezone(&Utc)
}

/// Records an event as if the server had (the metric's source).
async fn event(app: &TestApp, kind: &str, user: &Session, at: DateTime<Utc>) {
    events::ActiveModel {
        kind: Set(kind.to_owned()),
        user_id: Set(Some(raw_id(&user.id))),
        subject_kind: Set(None),
        subject_id: Set(None),
        source: Set("SERVER".into()),
        props: Set(None),
        occurred_at: Set(at),
        recorded_at: Set(at),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
}

#[tokio::test]
async fn analytics_experiments_lifecycle_and_results() {
    let app = TestApp::spawn().await;
    let admin = app.admin("operator").await;
    let members = app.learners("member", 9).await;
    let key = "checkout-copy";

    let created = create(&app, &admin, key, &[("OLD", 1.0), ("NEW", 1.0)]).await;
    assert_eq!(created["status"], "DRAFT");
    assert_eq!(created["metric"], "ENROL");
    assert_eq!(created["createdBy"]["username"], "operator");
    assert_eq!(created["startedAt"], Value::Null);
    assert_eq!(
        created["variants"][1],
        json!({ "name": "NEW", "weight": 1.0, "share": 0.5 })
    );
    // A draft assigns nobody.
    app.gql_as(&members[0], VARIANT, json!({ "key": key }))
        .await
        .expect_code(ErrorCode::Conflict);

    let started = app.gql_as(&admin, START, json!({ "key": key })).await;
    assert_eq!(started.ok()["startExperiment"]["status"], "RUNNING");
    assert!(started.ok()["startExperiment"]["startedAt"].is_string());
    app.gql_as(&admin, START, json!({ "key": key }))
        .await
        .expect_code(ErrorCode::Conflict);

    // Everyone but the last member is exposed; each gets the hash's variant.
    let mut seen: Vec<(String, DateTime<Utc>)> = Vec::new();
    for member in &members[..8] {
        let assigned = variant_of(&app, member, key).await;
        let expected = ["OLD", "NEW"][assign(key, raw_id(&member.id), &[1.0, 1.0])];
        assert_eq!(assigned["variant"], expected, "{assigned}");
        seen.push((expected.to_owned(), time(&assigned["exposedAt"])));
    }
    // What each member does, relative to their exposure:
    let minute = Duration::minutes(1);
    let at = |i: usize| seen[i].1;
    event(&app, "ENROL", &members[0], at(0) + minute).await; // converts
    event(&app, "ENROL", &members[1], at(1)).await; // converts: at exposure
    event(&app, "ENROL", &members[2], at(2) - minute).await; // before exposure only
    event(&app, "COURSE_VIEW", &members[3], at(3) + minute).await; // another kind
    event(&app, "ENROL", &members[4], at(4) + minute).await; // converts, twice
    event(&app, "ENROL", &members[4], at(4) + minute * 2).await;
    event(&app, "ENROL", &members[7], at(7) - minute).await; // before, and after:
    event(&app, "ENROL", &members[7], at(7) + minute).await; // converts
    event(&app, "ENROL", &members[8], at(7) + minute).await; // never exposed

    app.clock.advance(Duration::hours(1));
    let stopped = app.gql_as(&admin, STOP, json!({ "key": key })).await;
    let stopped_at = time(&stopped.ok()["stopExperiment"]["stoppedAt"]);
    assert_eq!(stopped.ok()["stopExperiment"]["status"], "STOPPED");
    // Member 6 converts only after the stop: not counted.
    event(&app, "ENROL", &members[6], stopped_at + minute).await;
    for again in [STOP, START] {
        app.gql_as(&admin, again, json!({ "key": key }))
            .await
            .expect_code(ErrorCode::Conflict);
    }
    app.gql_as(&members[0], VARIANT, json!({ "key": key }))
        .await
        .expect_code(ErrorCode::Conflict);

    let converted = [0, 1, 4, 7];
    let mut expected: HashMap<&str, Proportion> = HashMap::new();
    for (i, (variant, _)) in seen.iter().enumerate() {
        let counts = expected.entry(variant.as_str()).or_default();
        counts.users += 1;
        counts.conversions += u64::from(converted.contains(&i));
    }
    let (old, new) = (expected["OLD"], expected["NEW"]);
    let response = app.gql_as(&admin, RESULTS, json!({ "key": key })).await;
    let results = &response.ok()["experimentResults"];
    assert_eq!(results["experiment"]["status"], "STOPPED");
    assert_eq!(results["users"], 8);
    let rows = results["variants"].as_array().unwrap();
    for (row, (name, counts)) in rows.iter().zip([("OLD", old), ("NEW", new)]) {
        assert_eq!(row["name"], name);
        assert_eq!(row["expectedShare"], 0.5);
        assert_eq!(row["users"], counts.users, "{results}");
        assert_eq!(row["conversions"], counts.conversions, "{results}");
        assert!((row["rate"].as_f64().unwrap() - counts.rate()).abs() < 1e-12);
    }
    assert_eq!(old.conversions + new.conversions, 4);
    assert_eq!(rows[0]["versusControl"], Value::Null);
    let versus = &rows[1]["versusControl"];
    match stats::compare(old, new) {
        Some(c) => {
            let close = |field: &str, value: f64| {
                assert!(
                    (versus[field].as_f64().unwrap() - value).abs() < 1e-9,
                    "{field}: {versus}"
                )
            };
            close("uplift", c.uplift);
            close("confidenceLow", c.ci_low);
            close("confidenceHigh", c.ci_high);
            close("z", c.z.unwrap());
            close("pValue", c.p_value.unwrap());
        }
        None => assert_eq!(*versus, Value::Null),
    }
    let srm = stats::sample_ratio(&[old.users, new.users], &[1.0, 1.0]).unwrap();
    assert!((results["sampleRatioChiSquare"].as_f64().unwrap() - srm.chi_square).abs() < 1e-9);
    assert!((results["sampleRatioPValue"].as_f64().unwrap() - srm.p_value).abs() < 1e-9);
    assert_eq!(results["sampleRatioDegreesOfFreedom"], 1);
    assert_eq!(
        results["sampleRatioMismatch"], false,
        "8 members cannot be skewed enough"
    );

    // Listed newest first, by status.
    create(&app, &admin, "later", &[("A", 1.0), ("B", 1.0)]).await;
    let all = app.gql_as(&admin, LIST, json!({ "first": 1 })).await;
    let list = &all.ok()["experiments"];
    assert_eq!(list["totalCount"], 2);
    assert_eq!(list["nodes"][0]["key"], "later");
    assert_eq!(list["pageInfo"]["hasNextPage"], true);
    let rest = app
        .gql_as(
            &admin,
            LIST,
            json!({ "first": 5, "after": list["pageInfo"]["endCursor"] }),
        )
        .await;
    assert_eq!(
        rest.ok()["experiments"]["nodes"],
        json!([{ "key": key, "status": "STOPPED" }])
    );
    let drafts = app.gql_as(&admin, LIST, json!({ "status": "DRAFT" })).await;
    assert_eq!(
        drafts.ok()["experiments"]["nodes"],
        json!([{ "key": "later", "status": "DRAFT" }])
    );
}

#[tokio::test]
async fn analytics_experiments_assignment_is_stable_and_weighted() {
    // Over many members the hash splits by the weights (computed locally
    // with the server's own function).
    let weights = [1.0, 3.0];
    let first = (1..=20_000)
        .filter(|&u| assign("weighted", u, &weights) == 0)
        .count();
    assert!(
        (4_700..5_300).contains(&first),
        "{first} of 20,000 in a 25 % variant"
    );

    let app = TestApp::spawn().await;
    let admin = app.admin("operator").await;
    let members = app.learners("member", 6).await;
    create(&app, &admin, "weighted", &[("SMALL", 1.0), ("LARGE", 3.0)]).await;
    app.gql_as(&admin, START, json!({ "key": "weighted" }))
        .await
        .ok();
    for member in &members {
        let assigned = variant_of(&app, member, "weighted").await;
        let expected = ["SMALL", "LARGE"][assign("weighted", raw_id(&member.id), &weights)];
        assert_eq!(assigned["variant"], expected);
        // Asked again: the same variant, the same exposure.
        app.clock.advance(Duration::minutes(5));
        assert_eq!(variant_of(&app, member, "weighted").await, assigned);
    }
    assert_eq!(
        app.number("SELECT COUNT(*) FROM experiment_exposures")
            .await,
        6
    );

    // Once exposed, the stored variant wins over the hash (as it would if
    // the hash ever changed).
    let member = &members[0];
    let stored = variant_of(&app, member, "weighted").await;
    let other = if stored["variant"] == "SMALL" {
        "LARGE"
    } else {
        "SMALL"
    };
    app.db
        .execute_raw(Statement::from_string(
            app.db.get_database_backend(),
            format!(
                "UPDATE experiment_exposures SET variant = '{other}' WHERE user_id = {}",
                raw_id(&member.id)
            ),
        ))
        .await
        .unwrap();
    assert_eq!(variant_of(&app, member, "weighted").await["variant"], other);
}

#[tokio::test]
async fn analytics_experiments_expose_once_under_concurrency() {
    let app = TestApp::spawn().await;
    let admin = app.admin("operator").await;
    let members = app.learners("member", 4).await;
    create(&app, &admin, "race", &[("A", 1.0), ("B", 1.0), ("C", 1.0)]).await;
    app.gql_as(&admin, START, json!({ "key": "race" }))
        .await
        .ok();

    let app = &app;
    let calls = members
        .iter()
        .flat_map(|member| std::iter::repeat_n(member, 6))
        .map(|member| async move { (member.id.clone(), variant_of(app, member, "race").await) });
    let answers = futures_util::future::join_all(calls).await;
    let mut first: HashMap<String, Value> = HashMap::new();
    for (member, answer) in answers {
        let earlier = first.entry(member).or_insert_with(|| answer.clone());
        assert_eq!(
            *earlier, answer,
            "one variant and one exposure time per member"
        );
    }
    assert_eq!(first.len(), 4);
    assert_eq!(
        app.number("SELECT COUNT(*) FROM experiment_exposures")
            .await,
        4
    );
}
