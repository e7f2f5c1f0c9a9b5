//! Activity, retention and the funnel on a fixed event set (UTC), worked
//! out by hand. 2026-03-02 is a Monday.
//!
//! | member | events |
//! | --- | --- |
//! | 1 | SIGN_UP 03-02 10:00, PAGE_VIEW 03-03 23:59:59, COURSE_VIEW 03-04 00:00:00, ENROL 03-04, ANSWER 03-05 |
//! | 2 | SIGN_UP 03-02 23:59:59, COURSE_VIEW 03-03 00:00:00, THREAD 03-03, ENROL 03-10 |
//! | 3 | LOGIN 02-10, PAGE_VIEW 03-09 00:00:00 |
//! | 4 | SIGN_UP, COURSE_VIEW, ENROL, COMMENT, all on 03-09 |
//! | 5 | SIGN_UP 03-14 23:59:59, PAGE_VIEW 03-15 00:00:00 |
//! | 6 | LOGIN 02-11 23:59:59 |
//! | 7 | ENROL 03-11, COURSE_VIEW 03-12 (enrolled before viewing) |
//!
//! Active days: 02-10 {3}; 02-11 {6}; 03-02 {1,2}; 03-03 {1,2}; 03-04 {1};
//! 03-05 {1}; 03-09 {3,4}; 03-10 {2}; 03-11 {7}; 03-12 {7}; 03-14 {5};
//! 03-15 {5}.

use lyceum::services::analytics::{EventKind::*, NewEvent};
use lyceum_tests::TestApp;

use super::*;

/// Member ids far from the test's real accounts.
const M: i64 = 9_000;

pub fn fixed_events() -> Vec<NewEvent> {
    vec![
        event(SignUp, M + 1, "2026-03-02T10:00:00Z"),
        event(PageView, M + 1, "2026-03-03T23:59:59Z"),
        event(CourseView, M + 1, "2026-03-04T00:00:00Z"),
        event(Enrol, M + 1, "2026-03-04T12:00:00Z"),
        event(Answer, M + 1, "2026-03-05T08:00:00Z"),
        event(SignUp, M + 2, "2026-03-02T23:59:59Z"),
        event(CourseView, M + 2, "2026-03-03T00:00:00Z"),
        event(Thread, M + 2, "2026-03-03T09:00:00Z"),
        event(Enrol, M + 2, "2026-03-10T10:00:00Z"),
        event(Login, M + 3, "2026-02-10T12:00:00Z"),
        event(PageView, M + 3, "2026-03-09T00:00:00Z"),
        event(SignUp, M + 4, "2026-03-09T12:00:00Z"),
        event(CourseView, M + 4, "2026-03-09T13:00:00Z"),
        event(Enrol, M + 4, "2026-03-09T14:00:00Z"),
        event(Comment, M + 4, "2026-03-09T15:00:00Z"),
        event(SignUp, M + 5, "2026-03-14T23:59:59Z"),
        event(PageView, M + 5, "2026-03-15T00:00:00Z"),
        event(Login, M + 6, "2026-02-11T23:59:59Z"),
        event(Enrol, M + 7, "2026-03-11T09:00:00Z"),
        event(CourseView, M + 7, "2026-03-12T09:00:00Z"),
    ]
}

/// (date, dau, wau, mau, stickiness, new members, new contributors)
type Point = (&'static str, f64, i64, i64, f64, i64, i64);

#[track_caller]
fn assert_points(data: &Value, expected: &[Point]) {
    let points = data["activityMetrics"]["points"].as_array().unwrap();
    assert_eq!(points.len(), expected.len(), "{data}");
    for (point, &(date, dau, wau, mau, stickiness, members, contributors)) in
        points.iter().zip(expected)
    {
        assert_eq!(point["date"], date, "{point}");
        assert_close(&point["dau"], dau);
        assert_eq!(point["wau"], wau, "{point}");
        assert_eq!(point["mau"], mau, "{point}");
        assert_close(&point["stickiness"], stickiness);
        assert_eq!(point["newMembers"], members, "{point}");
        assert_eq!(point["newContributors"], contributors, "{point}");
    }
}

#[tokio::test]
async fn analytics_activity_matches_the_hand_computed_series() {
    let app = TestApp::spawn().await;
    let staff = app.moderator("activity_staff").await;
    record(&app, &fixed_events()).await;

    // Weeks: 03-02..03-08 (7 days) and 03-09..03-14 (cut at the range's end).
    let weeks = report(
        &app,
        &staff,
        ACTIVITY,
        range("2026-03-02", "2026-03-14", "WEEK"),
    )
    .await;
    assert_points(
        &weeks,
        &[
            // Active per day 2, 2, 1, 1, 0, 0, 0: 6/7. MAU on 03-08 reaches
            // back to 02-07: members 1, 2, 3 (02-10) and 6 (02-11).
            ("2026-03-02", 6.0 / 7.0, 2, 4, 6.0 / 7.0 / 4.0, 2, 2),
            // 2, 1, 1, 1, 0, 1 over 6 days. WAU on 03-14: 2, 3, 4, 5, 7;
            // MAU from 02-13: 1, 2, 3, 4, 5, 7.
            ("2026-03-09", 1.0, 5, 6, 1.0 / 6.0, 2, 1),
        ],
    );

    // Either side of midnight: member 2 signed up at 23:59:59 on 03-02 and
    // viewed a course at 00:00:00 on 03-03; member 1 viewed a page at
    // 23:59:59 on 03-03 and a course at 00:00:00 on 03-04.
    let days = report(
        &app,
        &staff,
        ACTIVITY,
        range("2026-03-02", "2026-03-04", "DAY"),
    )
    .await;
    assert_points(
        &days,
        &[
            ("2026-03-02", 2.0, 2, 4, 0.5, 2, 0),
            ("2026-03-03", 2.0, 2, 4, 0.5, 0, 1),
            ("2026-03-04", 1.0, 2, 4, 0.25, 0, 0),
        ],
    );
    // The 30-day window: member 6's day (02-11) is the first of 03-12's
    // window and outside 03-13's.
    let edge = report(
        &app,
        &staff,
        ACTIVITY,
        range("2026-03-12", "2026-03-13", "DAY"),
    )
    .await;
    assert_points(
        &edge,
        &[
            ("2026-03-12", 1.0, 4, 6, 1.0 / 6.0, 0, 0),
            ("2026-03-13", 0.0, 4, 5, 0.0, 0, 0),
        ],
    );
    // Member 5 signed up at 23:59:59 on 03-14 and came back at 00:00:00.
    let end = report(
        &app,
        &staff,
        ACTIVITY,
        range("2026-03-14", "2026-03-15", "DAY"),
    )
    .await;
    assert_points(
        &end,
        &[
            ("2026-03-14", 1.0, 5, 6, 1.0 / 6.0, 1, 0),
            ("2026-03-15", 1.0, 5, 6, 1.0 / 6.0, 0, 0),
        ],
    );
    // A month cut to the range is one point; an empty range is all zeros.
    let month = report(
        &app,
        &staff,
        ACTIVITY,
        range("2026-03-02", "2026-03-14", "MONTH"),
    )
    .await;
    assert_points(
        &month,
        &[("2026-03-02", 12.0 / 13.0, 5, 6, 12.0 / 13.0 / 6.0, 4, 3)],
    );
    let quiet = report(
        &app,
        &staff,
        ACTIVITY,
        range("2025-01-01", "2025-01-02", "DAY"),
    )
    .await;
    assert_points(
        &quiet,
        &[
            ("2025-01-01", 0.0, 0, 0, 0.0, 0, 0),
            ("2025-01-02", 0.0, 0, 0, 0.0, 0, 0),
        ],
    );
}

#[tokio::test]
async fn analytics_retention_and_funnel_match_the_hand_computed_answers() {
    let app = TestApp::spawn().await;
    let staff = app.admin("funnel_staff").await;
    record(&app, &fixed_events()).await;

    // Cohorts: week of 03-02 {1, 2}, week of 03-09 {4, 5}. Of the first,
    // only 2 is active in the second week (03-10).
    let cohorts = report(
        &app,
        &staff,
        RETENTION,
        range("2026-03-02", "2026-03-14", "WEEK"),
    )
    .await;
    assert_eq!(
        cohorts["retentionCohorts"],
        json!([
            { "date": "2026-03-02", "members": 2, "periods": [
                { "index": 0, "date": "2026-03-02", "active": 2, "share": 1.0 },
                { "index": 1, "date": "2026-03-09", "active": 1, "share": 0.5 },
            ]},
            { "date": "2026-03-09", "members": 2, "periods": [
                { "index": 0, "date": "2026-03-09", "active": 2, "share": 1.0 },
            ]},
        ])
    );
    // Daily cohorts from 03-02: member 1 and 2's day, then both active on
    // 03-03, member 1 alone on 03-04; member 2's sign-up at 23:59:59 keeps
    // it in 03-02's cohort.
    let daily = report(
        &app,
        &staff,
        RETENTION,
        range("2026-03-02", "2026-03-04", "DAY"),
    )
    .await;
    let shares: Vec<_> = daily["retentionCohorts"][0]["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["active"].as_i64().unwrap(), p["share"].as_f64().unwrap()))
        .collect();
    assert_eq!(shares, [(2, 1.0), (2, 1.0), (1, 0.5)]);
    assert_eq!(daily["retentionCohorts"].as_array().unwrap().len(), 1);

    // The range: 1 and 4 go all the way; 2 enrolled (03-10) after their
    // post (03-03); 7 enrolled (03-11) before viewing (03-12); 3 and 5
    // only visited.
    let funnel = report(
        &app,
        &staff,
        FUNNEL,
        range("2026-03-02", "2026-03-14", "WEEK"),
    )
    .await;
    let steps = &funnel["funnel"]["steps"];
    assert_steps(steps, [6, 4, 3, 2]);
    for (i, (conversion, overall)) in [
        (1.0, 1.0),
        (4.0 / 6.0, 4.0 / 6.0),
        (3.0 / 4.0, 3.0 / 6.0),
        (2.0 / 3.0, 2.0 / 6.0),
    ]
    .into_iter()
    .enumerate()
    {
        assert_close(&steps[i]["conversion"], conversion);
        assert_close(&steps[i]["overall"], overall);
    }
    // Each week on its own days: in the second, 2's enrolment has no view
    // before it in that week.
    let weeks = funnel["funnel"]["points"].as_array().unwrap();
    assert_eq!(weeks.len(), 2);
    assert_eq!(weeks[0]["date"], "2026-03-02");
    assert_steps(&weeks[0]["steps"], [2, 2, 1, 1]);
    assert_eq!(weeks[1]["date"], "2026-03-09");
    assert_steps(&weeks[1]["steps"], [5, 2, 1, 1]);
}

#[track_caller]
fn assert_steps(steps: &Value, members: [i64; 4]) {
    let names = ["VISITED", "VIEWED_COURSE", "ENROLLED", "POSTED"];
    for (i, step) in steps.as_array().unwrap().iter().enumerate() {
        assert_eq!(step["step"], names[i], "{steps}");
        assert_eq!(step["members"], members[i], "{steps}");
    }
}
