//! Analytics events: `trackEvents` (each bad event refused on its own, the
//! rest stored with their rollups), the event queue's drop counter and its
//! flush on shutdown, and the server's own events (`server`).

mod previous_days;
mod seed;
mod server;

use chrono::{DateTime, Duration, Utc};
use entity::{analytics_daily_users, analytics_members, events};
use lyceum::{clock::Clock, error::ErrorCode, services::analytics::store::day_of_date};
use lyceum_tests::{PASSWORD, Session, TestApp, community::raw_id};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

const TRACK: &str = r#"mutation($events: [TrackEventInput!]!) {
  trackEvents(events: $events) { accepted rejected { index code field message } }
}"#;

/// Moves the server's clock to the next noon (UTC), so that a test's
/// events all fall on one calendar day whenever it runs.
fn at_noon(app: &TestApp) -> DateTime<Utc> {
    let now = app.clock.now();
    let noon = (now.date_naive() + Duration::days(1))
        .and_hms_opt(12, 0, 0)
        .unwrap()
        .and_utc();
    app.clock.advance(noon - now);
    noon
}

/// Sends events (as `who`, None: signed out) and returns the payload.
async fn track(app: &TestApp, who: Option<&Session>, events: Value) -> Value {
    let token = who.map(|s| s.access_token.as_str());
    app.gql_with(token, TRACK, json!({ "events": events }))
        .await
        .ok()["trackEvents"]
        .clone()
}

/// A member who signed up and signed in through the API (a SIGN_UP and a
/// LOGIN event).
async fn registered(app: &TestApp, username: &str) -> Session {
    app.register(username, &format!("{username}@example.com"), PASSWORD)
        .await
        .ok();
    app.login(username, PASSWORD).await
}

/// Every stored event, oldest first.
async fn all_events(app: &TestApp) -> Vec<events::Model> {
    events::Entity::find()
        .order_by_asc(events::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339()
}

#[tokio::test]
async fn analytics_events_a_malformed_batch_keeps_every_valid_event() {
    let app = TestApp::spawn().await;
    let now = at_noon(&app);
    let creator = app.creator("track_creator").await;
    let course = app.published_course(&creator, "Tracked", 0, 1).await;
    let member = registered(&app, "tracker").await;
    let user = raw_id(&member.id);

    // Over 100: the whole call is refused, nothing is queued.
    let too_many: Vec<Value> = (0..101).map(|_| json!({ "kind": "PAGE_VIEW" })).collect();
    let refused = app
        .gql_as(&member, TRACK, json!({ "events": too_many }))
        .await;
    assert_eq!(
        refused.expect_code(ErrorCode::BadUserInput)["extensions"]["field"],
        "events"
    );

    let big = "x".repeat(4 * 1024);
    let payload = track(
        &app,
        Some(&member),
        json!([
            { "kind": "COURSE_VIEW", "subjectId": course.id, "props": { "from": "search" } },
            { "kind": "NOPE" },
            { "kind": "ENROL", "subjectId": course.id },
            { "kind": "PAGE_VIEW", "occurredAt": rfc3339(now + Duration::minutes(10)) },
            { "kind": "PAGE_VIEW", "occurredAt": rfc3339(now - Duration::days(8)) },
            { "kind": "PAGE_VIEW", "props": [1, 2, 3] },
            { "kind": "PAGE_VIEW", "props": { "big": big } },
            { "kind": "THREAD_VIEW", "subjectId": "not-an-id" },
            { "kind": "PAGE_VIEW", "props": { "path": "/courses" } },
            { "kind": "LESSON_VIEW", "subjectId": course.lesson_ids[0],
              "occurredAt": rfc3339(now - Duration::days(2)) },
        ]),
    )
    .await;
    assert_eq!(payload["accepted"], 3, "{payload}");
    let rejected: Vec<(i64, &str, &str)> = payload["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["index"].as_i64().unwrap(),
                r["code"].as_str().unwrap(),
                r["field"].as_str().unwrap(),
            )
        })
        .collect();
    let bad = ErrorCode::BadUserInput.as_str();
    assert_eq!(
        rejected,
        vec![
            (1, bad, "events[1].kind"),
            (2, bad, "events[2].kind"),
            (3, bad, "events[3].occurredAt"),
            (4, bad, "events[4].occurredAt"),
            (5, bad, "events[5].props"),
            (6, bad, "events[6].props"),
            (7, bad, "events[7].subjectId"),
        ]
    );

    // Signed out: stored without a member (and so in no rollup).
    let anonymous = track(&app, None, json!([{ "kind": "PAGE_VIEW" }])).await;
    assert_eq!(anonymous["accepted"], 1);

    app.wait_for_count("SELECT COUNT(*) FROM events WHERE source = 'CLIENT'", 4)
        .await;
    app.wait_for_count(
        &format!("SELECT COUNT(*) FROM events WHERE user_id = {user}"),
        5,
    )
    .await;
    let stored: Vec<_> = all_events(&app)
        .await
        .into_iter()
        .filter(|e| e.source == "CLIENT")
        .map(|e| {
            let props = e.props.map(|p| serde_json::from_str::<Value>(&p).unwrap());
            (e.kind, e.user_id, e.subject_kind, e.subject_id, props)
        })
        .collect();
    let lesson = raw_id(&course.lesson_ids[0]);
    assert_eq!(
        stored,
        vec![
            (
                "COURSE_VIEW".into(),
                Some(user),
                Some("COURSE".into()),
                Some(raw_id(&course.id)),
                Some(json!({ "from": "search" }))
            ),
            (
                "PAGE_VIEW".into(),
                Some(user),
                None,
                None,
                Some(json!({ "path": "/courses" }))
            ),
            (
                "LESSON_VIEW".into(),
                Some(user),
                Some("LESSON".into()),
                Some(lesson),
                None
            ),
            ("PAGE_VIEW".into(), None, None, None, None),
        ]
    );
    let lesson_view = all_events(&app)
        .await
        .into_iter()
        .find(|e| e.kind == "LESSON_VIEW")
        .unwrap();
    assert_eq!(
        lesson_view.occurred_at.timestamp(),
        (now - Duration::days(2)).timestamp()
    );

    // The rollups: today the sign-up, the sign-in and two views (one of a
    // course); two days ago the lesson view. Sign-up today, no post yet.
    let today = day_of_date(now.date_naive());
    let days: Vec<_> = analytics_daily_users::Entity::find()
        .filter(analytics_daily_users::Column::UserId.eq(user))
        .order_by_asc(analytics_daily_users::Column::Day)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|d| (d.day, d.flags, d.events))
        .collect();
    assert_eq!(days, vec![(today - 2, 1, 1), (today, 1 | 2, 4)]);
    let member_row = analytics_members::Entity::find_by_id(user)
        .one(&app.db)
        .await
        .unwrap()
        .expect("the member's rollup row");
    assert_eq!(
        (member_row.signed_up_day, member_row.first_post_day),
        (Some(today), None)
    );
    assert_eq!(
        app.number("SELECT COUNT(*) FROM analytics_daily_users WHERE user_id IS NULL")
            .await,
        0
    );
}

#[tokio::test]
async fn analytics_events_a_full_queue_drops_and_counts_in_metrics() {
    // One place in the queue. The writer drains it while a call queues its
    // events, so one burst may (rarely) all get through; bursts follow one
    // another until the queue has refused some, which a working limit does
    // long before the last.
    let app = TestApp::spawn_with(|settings| settings.event_queue_capacity = 1).await;
    let (mut accepted, mut dropped) = (0, 0);
    for _ in 0..20 {
        let burst: Vec<Value> = (0..100).map(|_| json!({ "kind": "PAGE_VIEW" })).collect();
        let payload = track(&app, None, json!(burst)).await;
        let rejected = payload["rejected"].as_array().unwrap();
        let burst_accepted = payload["accepted"].as_i64().unwrap();
        assert_eq!(burst_accepted + rejected.len() as i64, 100, "{payload}");
        for rejection in rejected {
            assert_eq!(rejection["code"], ErrorCode::Unavailable.as_str());
            assert_eq!(rejection["field"], Value::Null);
        }
        accepted += burst_accepted;
        dropped += rejected.len();
        if dropped > 0 {
            break;
        }
    }
    assert!(dropped > 0, "20 bursts of 100 fit in one place");
    app.wait_for_metric(&format!(
        r#"lyceum_batch_queue_records{{queue="events",outcome="dropped"}} {dropped}"#
    ))
    .await;
    app.wait_for_count("SELECT COUNT(*) FROM events", accepted)
        .await;
    app.wait_for_metric(&format!(
        r#"lyceum_batch_queue_records{{queue="events",outcome="written"}} {accepted}"#
    ))
    .await;
}

#[tokio::test]
async fn analytics_events_are_written_before_a_graceful_shutdown_returns() {
    let app = TestApp::spawn().await;
    let mut sent = 0;
    for _ in 0..5 {
        let batch: Vec<Value> = (0..100).map(|_| json!({ "kind": "PAGE_VIEW" })).collect();
        sent += track(&app, None, json!(batch)).await["accepted"]
            .as_i64()
            .unwrap();
    }
    assert_eq!(sent, 500);
    app.shutdown.shutdown().await;
    // No waiting: the shutdown returned only once the queue was written.
    assert_eq!(app.number("SELECT COUNT(*) FROM events").await, 500);
}
