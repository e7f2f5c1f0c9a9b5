//! Days are calendar days in the reporting time zone (here Asia/Shanghai,
//! UTC+8): an event at 2026-03-01T17:30Z happened on 2026-03-02 there.
//! Events come in through `trackEvents` and the app's own writer; a thread
//! is counted on its local day too.

use lyceum::clock::Clock;
use lyceum_tests::{Session, TestApp};

use super::*;

const TRACK: &str = r#"mutation($events: [TrackEventInput!]!) {
  trackEvents(events: $events) { accepted rejected { index code } }
}"#;

async fn track(app: &TestApp, who: &Session, times: &[&str]) {
    let events: Vec<Value> = times
        .iter()
        .map(|t| json!({ "kind": "PAGE_VIEW", "occurredAt": t }))
        .collect();
    let data = app
        .gql_as(who, TRACK, json!({ "events": events }))
        .await
        .ok()
        .clone();
    assert_eq!(data["trackEvents"]["accepted"], times.len(), "{data}");
}

#[tokio::test]
async fn analytics_days_follow_the_reporting_time_zone() {
    let app = TestApp::spawn_with(|s| s.analytics_time_zone = "Asia/Shanghai".into()).await;
    // Live on 2026-03-05 (UTC) so the events are recent enough to report;
    // everyone's own sign-up and sign-in fall on that day, outside the range.
    app.clock
        .advance(at("2026-03-05T00:00:00Z") - app.clock.now());
    let staff = app.moderator("zone_staff").await;
    let early = app.learner("zone_early").await;
    let late = app.learner("zone_late").await;
    let example = app.learner("zone_example").await;

    // 23:59:59 on 03-01 in Shanghai; 00:00:00 and 01:30 on 03-02.
    track(&app, &early, &["2026-03-01T15:59:59Z"]).await;
    track(
        &app,
        &late,
        &["2026-03-01T16:00:00Z", "2026-03-01T17:30:00Z"],
    )
    .await;
    track(&app, &example, &["2026-03-01T17:30:00Z"]).await;
    app.wait_for_count("SELECT COUNT(*) FROM events WHERE kind = 'PAGE_VIEW'", 4)
        .await;

    let days = report(
        &app,
        &staff,
        ACTIVITY,
        range("2026-03-01", "2026-03-02", "DAY"),
    )
    .await;
    let points = days["activityMetrics"]["points"].as_array().unwrap();
    let dau: Vec<_> = points
        .iter()
        .map(|p| (p["date"].as_str().unwrap(), p["dau"].as_f64().unwrap()))
        .collect();
    assert_eq!(dau, [("2026-03-01", 1.0), ("2026-03-02", 2.0)]);
    assert_eq!(points[1]["wau"], 3);

    // A thread started at 17:30Z on 03-01 is 03-02's; one at 15:59:59Z
    // is 03-01's.
    let thread = app.question(&early, "Late in Shanghai").await;
    set_time(
        &app,
        "threads",
        "created_at",
        &[("id", raw(&thread))],
        "2026-03-01T17:30:00Z",
    )
    .await;
    let other = app.question(&late, "Still the first").await;
    set_time(
        &app,
        "threads",
        "created_at",
        &[("id", raw(&other))],
        "2026-03-01T15:59:59Z",
    )
    .await;
    let health = report(
        &app,
        &staff,
        r#"query { communityHealth(from: "2026-03-01", to: "2026-03-02") {
            points { date threads } unanswered { edges { node { id } } } } }"#,
        json!({}),
    )
    .await;
    assert_eq!(
        health["communityHealth"]["points"],
        json!([{ "date": "2026-03-01", "threads": 1 }, { "date": "2026-03-02", "threads": 1 }])
    );
    // The range ends at midnight in Shanghai: 03-02 alone holds one thread.
    let second = report(
        &app,
        &staff,
        r#"query { communityHealth(from: "2026-03-02", to: "2026-03-02") {
            unanswered { edges { node { id } } } } }"#,
        json!({}),
    )
    .await;
    assert_eq!(
        second["communityHealth"]["unanswered"]["edges"],
        json!([{ "node": { "id": thread } }])
    );
    assert_eq!(
        health["communityHealth"]["unanswered"]["edges"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

fn raw(id: &str) -> i64 {
    lyceum_tests::community::raw_id(id)
}
