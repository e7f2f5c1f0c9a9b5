//! Each member-day's link to the member's previous active day, which
//! `activityMetrics` counts WAU and MAU from: right after batches that
//! arrive concurrently, out of order and with late events for earlier days.

use std::collections::BTreeMap;

use futures_util::future::join_all;
use lyceum::services::analytics::{EventKind, NewEvent, store::write_batch};

use super::*;

/// Every stored member-day's `prev_day` is the member's latest stored day
/// before it.
pub async fn assert_previous_days_linked(app: &TestApp) {
    let rows = analytics_daily_users::Entity::find()
        .order_by_asc(analytics_daily_users::Column::UserId)
        .order_by_asc(analytics_daily_users::Column::Day)
        .all(&app.db)
        .await
        .unwrap();
    let mut latest: BTreeMap<i64, i32> = BTreeMap::new();
    for row in &rows {
        let expected = latest.insert(row.user_id, row.day);
        assert_eq!(
            row.prev_day, expected,
            "member {} day {}",
            row.user_id, row.day
        );
    }
}

#[tokio::test]
async fn analytics_events_previous_days_stay_linked_under_concurrent_late_batches() {
    let app = TestApp::spawn().await;
    let members: Vec<i64> = app
        .learners("prev_days", 3)
        .await
        .iter()
        .map(|m| raw_id(&m.id))
        .collect();
    let zone = chrono_tz::Tz::UTC;
    let now = app.clock.now();
    // 24 batches over 40 days, written 8 at a time in a scrambled order:
    // each has all three members on two days, so batches race for the same
    // members and often land a day between two stored ones.
    let batches: Vec<Vec<NewEvent>> = (0..24i64)
        .map(|i| {
            let days = [(i * 7) % 40, (i * 13 + 5) % 40];
            days.iter()
                .flat_map(|&back| {
                    members.iter().map(move |&user| {
                        NewEvent::server(EventKind::Vote, Some(user), now - Duration::days(back))
                    })
                })
                .collect()
        })
        .collect();
    for wave in batches.chunks(8) {
        let writes = wave.iter().map(|batch| write_batch(&app.db, zone, batch));
        for written in join_all(writes).await {
            written.unwrap();
        }
    }
    assert_previous_days_linked(&app).await;
    let days = app
        .number(&format!(
            "SELECT COUNT(*) FROM analytics_daily_users WHERE user_id = {}",
            members[0]
        ))
        .await;
    assert!(days > 20, "the batches cover many days: {days}");
}
