//! `lyceum seed --events N`: exactly N events for the members there, whose
//! rollups are exactly what the live writer makes of the same events (on
//! PostgreSQL they go in through the bulk array insert, on SQLite through
//! `write_batch`).

use std::collections::BTreeMap;

use lyceum::services::analytics::{
    EventKind, NewEvent,
    record::subjects,
    store::{Rollup, day_number},
};
use lyceum_tests::test_settings;

use super::*;

/// A stored event as the writer was given it.
fn as_new(row: &events::Model) -> NewEvent {
    let kind = EventKind::parse(&row.kind).expect("a known kind");
    NewEvent {
        kind,
        user_id: row.user_id,
        subject: row.subject_kind.as_deref().map(|name| {
            (
                subjects::named(name).expect("a node kind"),
                row.subject_id.unwrap(),
            )
        }),
        from_client: row.source == "CLIENT",
        props: row
            .props
            .as_deref()
            .map(|p| serde_json::from_str(p).unwrap()),
        occurred_at: row.occurred_at,
        recorded_at: row.recorded_at,
    }
}

#[tokio::test]
async fn analytics_events_seeded_history_rolls_up_like_live_events() {
    // A zone ahead of UTC: evening sessions fall on the next day there.
    let app = TestApp::spawn_with(|s| s.analytics_time_zone = "Asia/Shanghai".into()).await;
    let mut settings = test_settings(String::new());
    settings.analytics_time_zone = "Asia/Shanghai".into();
    let zone = settings.analytics_zone().unwrap();
    let creator = app.creator("seed_ev_creator").await;
    app.published_course(&creator, "Seeded", 0, 2).await;
    let members = app.learners("seed_ev", 12).await;
    let thread = app.question(&members[0], "Seeded question").await;
    app.answer(&members[1], &thread, "Seeded answer").await;
    // What signing in and posting recorded so far, written before seeding.
    app.wait_for_count("SELECT COUNT(*) FROM events WHERE kind = 'ANSWER'", 1)
        .await;
    let before = all_events(&app).await.len() as i64;

    let now = app.clock.now();
    let report = lyceum::seed::events::seed(&app.db, zone, 4_000, 60, now, |_| {})
        .await
        .unwrap();
    assert_eq!((report.events, report.members), (4_000, 13));
    let stored = all_events(&app).await;
    assert_eq!(stored.len() as i64, before + 4_000);
    let seeded = &stored[before as usize..];
    let sign_ups = seeded.iter().filter(|e| e.kind == "SIGN_UP").count();
    assert_eq!(sign_ups, 13, "one sign-up per member");
    for event in seeded {
        let kind = EventKind::parse(&event.kind).unwrap();
        assert_eq!(
            event.source == "CLIENT",
            kind.client_reportable(),
            "{event:?}"
        );
        assert!(event.user_id.is_some() && event.occurred_at <= now);
        if let Some(props) = &event.props {
            assert!(serde_json::from_str::<Value>(props).unwrap().is_object());
        }
    }

    // Every stored event folded as the live writer folds a batch.
    let all: Vec<NewEvent> = stored.iter().map(as_new).collect();
    let expected = Rollup::of(zone, &all);
    let days: BTreeMap<(i32, i64), (i32, i32)> = analytics_daily_users::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|d| ((d.day, d.user_id), (d.flags, d.events)))
        .collect();
    assert_eq!(days, expected.days);
    super::previous_days::assert_previous_days_linked(&app).await;
    let joined: BTreeMap<i64, (Option<i32>, Option<i32>)> = analytics_members::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|m| (m.user_id, (m.signed_up_day, m.first_post_day)))
        .collect();
    assert_eq!(joined, expected.members);
    // Sign-ups fall on the members' creation days, in the reporting zone.
    let first = &members[0];
    let created = seeded
        .iter()
        .find(|e| e.kind == "SIGN_UP" && e.user_id == Some(raw_id(&first.id)))
        .unwrap()
        .occurred_at;
    assert_eq!(
        joined[&raw_id(&first.id)].0,
        Some(day_number(created, zone))
    );
}
