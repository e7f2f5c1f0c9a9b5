//! The metrics family (staff only): each report against answers worked out
//! by hand on small fixed data (days in UTC and in Asia/Shanghai, events on
//! both sides of midnight), bad ranges, the authorisation matrix, and the
//! CSV downloads matching the GraphQL numbers.

mod activity;
mod business;
mod community;
mod csv_tables;
mod downloads;
mod recommendations;
mod zone;

use chrono::{DateTime, Utc};
use lyceum::{
    error::ErrorCode,
    services::analytics::{EventKind, NewEvent, store},
};
use lyceum_tests::{Session, TestApp};
use sea_orm::{
    ConnectionTrait,
    sea_query::{Alias, Expr, Query},
};
use serde_json::{Value, json};

pub const ACTIVITY: &str = r#"query($from: Date!, $to: Date!, $g: MetricGranularity!) {
  activityMetrics(from: $from, to: $to, granularity: $g) {
    points { date dau wau mau stickiness newMembers newContributors }
  }
}"#;

pub const RETENTION: &str = r#"query($from: Date!, $to: Date!, $g: MetricGranularity!) {
  retentionCohorts(from: $from, to: $to, granularity: $g) {
    date members periods { index date active share }
  }
}"#;

pub const FUNNEL: &str = r#"query($from: Date!, $to: Date!, $g: MetricGranularity!) {
  funnel(from: $from, to: $to, granularity: $g) {
    steps { step members conversion overall }
    points { date steps { step members conversion overall } }
  }
}"#;

/// An instant written in RFC 3339.
pub fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|_| panic!("an RFC 3339 instant: {text}"))
        .with_timezone(&Utc)
}

/// A member's event, as the server or a client would record it.
pub fn event(kind: EventKind, user: i64, when: &str) -> NewEvent {
    NewEvent::server(kind, Some(user), at(when))
}

/// Writes events and their rollups as the app's batch writer does (the
/// test app reports in UTC).
pub async fn record(app: &TestApp, events: &[NewEvent]) {
    store::write_batch(&app.db, chrono_tz::Tz::UTC, events)
        .await
        .expect("writing events");
}

/// Sets a timestamp column of the rows matching `keys` (arranging when
/// something happened).
pub async fn set_time(app: &TestApp, table: &str, column: &str, keys: &[(&str, i64)], when: &str) {
    use sea_orm::sea_query::ExprTrait;
    let mut update = Query::update();
    update
        .table(Alias::new(table))
        .value(Alias::new(column), at(when));
    for (key, value) in keys {
        update.and_where(Expr::col(Alias::new(*key)).eq(*value));
    }
    let backend = app.db.get_database_backend();
    let done = app
        .db
        .execute_raw(backend.build(&update))
        .await
        .expect("updating a timestamp");
    assert_eq!(done.rows_affected(), 1, "{table}.{column} of {keys:?}");
}

/// A report's `data` for staff (asserting success).
pub async fn report(app: &TestApp, staff: &Session, query: &str, variables: Value) -> Value {
    app.gql_as(staff, query, variables).await.ok().clone()
}

/// The range variables.
pub fn range(from: &str, to: &str, granularity: &str) -> Value {
    json!({ "from": from, "to": to, "g": granularity })
}

/// Floats equal to twelve places.
#[track_caller]
pub fn assert_close(actual: &Value, expected: f64) {
    let actual = actual
        .as_f64()
        .unwrap_or_else(|| panic!("a number, got {actual}"));
    assert!(
        (actual - expected).abs() < 1e-12,
        "{actual} is not {expected}"
    );
}

/// One query per report, with a range and a small selection.
const EVERY_REPORT: [(&str, &str); 8] = [
    ("activityMetrics", "points { date }"),
    ("retentionCohorts", "date"),
    ("funnel", "steps { members }"),
    ("communityHealth", "points { date }"),
    ("contentQuality", "priorMean"),
    ("creatorMetrics", "edges { node { enrolments } }"),
    ("rewardMetrics", "points { net }"),
    ("recommendationMetrics", "totals { impressions }"),
];

/// Reports whose points the granularity cuts (the rankings take none).
fn takes_granularity(report: &str) -> bool {
    !matches!(report, "contentQuality" | "creatorMetrics")
}

fn report_query(report: &str, selection: &str, granularity: Option<&str>) -> String {
    let cut = granularity.map_or(String::new(), |g| format!(", granularity: {g}"));
    format!(
        "query($from: Date!, $to: Date!) {{ {report}(from: $from, to: $to{cut}) {{ {selection} }} }}"
    )
}

#[tokio::test]
async fn analytics_metrics_are_for_staff_only() {
    let app = TestApp::spawn().await;
    let learner = app.learner("metrics_learner").await;
    let creator = app.creator("metrics_creator").await;
    let moderator = app.moderator("metrics_moderator").await;
    let admin = app.admin("metrics_admin").await;
    let variables = json!({ "from": "2026-03-02", "to": "2026-03-08" });
    for (name, selection) in EVERY_REPORT {
        let query = report_query(name, selection, None);
        app.gql(&query, variables.clone())
            .await
            .expect_code(ErrorCode::Unauthenticated);
        for refused in [&learner, &creator] {
            let response = app.gql_as(refused, &query, variables.clone()).await;
            response.expect_code(ErrorCode::Forbidden);
            assert!(response.data()[name].is_null(), "{name}");
        }
        for staff in [&moderator, &admin] {
            let data = report(&app, staff, &query, variables.clone()).await;
            assert!(!data[name].is_null(), "{name}: {data}");
        }
    }
}

#[tokio::test]
async fn analytics_metrics_refuse_bad_ranges_naming_the_field() {
    let app = TestApp::spawn().await;
    let admin = app.admin("ranges_admin").await;
    let refused = |from: &'static str, to: &'static str, granularity: Option<&'static str>| {
        let app = &app;
        let admin = &admin;
        async move {
            let mut fields = Vec::new();
            for (name, selection) in EVERY_REPORT {
                if granularity.is_some() && !takes_granularity(name) {
                    continue;
                }
                let query = report_query(name, selection, granularity);
                let response = app
                    .gql_as(admin, &query, json!({ "from": from, "to": to }))
                    .await;
                let error = response.expect_code(ErrorCode::BadUserInput);
                fields.push(
                    error["extensions"]["field"]
                        .as_str()
                        .unwrap_or("")
                        .to_owned(),
                );
            }
            fields
        }
    };
    // Ends before it starts.
    for field in refused("2026-03-02", "2026-03-01", None).await {
        assert_eq!(field, "to");
    }
    // 732 days: over two years, whatever the granularity.
    for field in refused("2026-01-01", "2028-01-02", Some("MONTH")).await {
        assert_eq!(field, "to");
    }
    let long = refused("2026-01-01", "2028-01-02", None).await;
    assert_eq!(long.len(), EVERY_REPORT.len());
    assert!(long.iter().all(|f| f == "to"));
    // 367 daily points: too fine for the range; weekly points are fine.
    let fine = refused("2026-01-01", "2027-01-02", Some("DAY")).await;
    assert_eq!(fine.len(), 6);
    assert!(fine.iter().all(|f| f == "granularity"), "{fine:?}");
    for (name, selection) in EVERY_REPORT.iter().filter(|(r, _)| takes_granularity(r)) {
        let query = report_query(name, selection, Some("WEEK"));
        report(
            &app,
            &admin,
            &query,
            json!({ "from": "2026-01-01", "to": "2027-01-02" }),
        )
        .await;
        // 731 days is the longest range.
        let query = report_query(name, selection, Some("MONTH"));
        report(
            &app,
            &admin,
            &query,
            json!({ "from": "2026-01-01", "to": "2028-01-01" }),
        )
        .await;
    }
    // Days that do not exist, as variables and as literals.
    for (name, selection) in EVERY_REPORT {
        let query = report_query(name, selection, None);
        for (from, to) in [("2026-02-30", "2026-03-08"), ("2026-03-01", "March 8")] {
            app.gql_as(&admin, &query, json!({ "from": from, "to": to }))
                .await
                .expect_code(ErrorCode::BadUserInput);
        }
        let literal =
            format!(r#"{{ {name}(from: "2026-02-30", to: "2026-03-08") {{ {selection} }} }}"#);
        app.gql_as(&admin, &literal, json!({}))
            .await
            .expect_code(ErrorCode::BadUserInput);
    }
    // Report-specific arguments.
    let creators = r#"query($c: String!) {
      creatorMetrics(from: "2026-03-01", to: "2026-03-02", currency: $c) { totalCount }
    }"#;
    let error = app
        .gql_as(&admin, creators, json!({ "c": "DOLLARS" }))
        .await;
    assert_eq!(
        error.expect_code(ErrorCode::BadUserInput)["extensions"]["field"],
        "currency"
    );
    let earners = r#"query($n: Int!) {
      rewardMetrics(from: "2026-03-01", to: "2026-03-02") { topEarners(first: $n) { points } }
    }"#;
    for n in [-1, 101] {
        let error = app.gql_as(&admin, earners, json!({ "n": n })).await;
        assert_eq!(
            error.expect_code(ErrorCode::BadUserInput)["extensions"]["field"],
            "first"
        );
    }
    let unanswered = r#"query($after: String!) {
      communityHealth(from: "2026-03-01", to: "2026-03-02") { unanswered(after: $after) { totalCount } }
    }"#;
    let error = app
        .gql_as(&admin, unanswered, json!({ "after": "garbage" }))
        .await;
    assert_eq!(
        error.expect_code(ErrorCode::BadUserInput)["extensions"]["field"],
        "after"
    );
}
