//! `rewardSummary`: every period present, totals equal to the ledger's,
//! ISO weeks and months, range limits.

use chrono::{Days, NaiveDate};
use lyceum::{clock::Clock, error::ErrorCode};
use lyceum_tests::{TestApp, community::raw_id};
use serde_json::json;

use super::{Credit, SUMMARY, credit, days_ago, midnight, write_ledger};

#[tokio::test]
async fn summaries_fill_every_period_and_match_the_ledger() {
    let app = TestApp::spawn().await;
    let vol = app.learner("volume").await;
    let user_id = raw_id(&vol.id);
    let now = app.clock.now();
    let today = now.date_naive();
    let credits: Vec<Credit> = (0..120)
        .step_by(3)
        .flat_map(|i| {
            let at = days_ago(now, i);
            [
                credit(user_id, "ANSWER_UPVOTED", 10, at),
                credit(user_id, "ANSWER_UPVOTED", 10, at),
                credit(user_id, "THREAD_UPVOTED", 5, at),
            ]
        })
        .collect();
    write_ledger(&app, &credits).await;
    let summary = |group_by: &'static str, from: NaiveDate| {
        let vars = json!({ "groupBy": group_by, "from": midnight(from), "to": now.to_rfc3339() });
        let (app, vol) = (&app, &vol);
        async move {
            app.gql_as(vol, SUMMARY, vars).await.ok()["rewardSummary"]
                .as_array()
                .unwrap()
                .clone()
        }
    };

    // Every day of the last 90, zeros included; totals equal the ledger's.
    let days = summary("DAY", today - Days::new(89)).await;
    let rules: Vec<&str> = days.iter().map(|s| s["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["ANSWER_UPVOTED", "SIGN_UP", "THREAD_UPVOTED"]);
    for series in &days {
        let points = series["points"].as_array().unwrap();
        assert_eq!(points.len(), 90);
        assert_eq!(
            points[0]["periodStart"],
            (today - Days::new(89)).to_string()
        );
        assert_eq!(points[89]["periodStart"], today.to_string());
        let sum: i64 = points.iter().map(|p| p["points"].as_i64().unwrap()).sum();
        assert_eq!(series["total"].as_i64().unwrap(), sum);
    }
    let upvotes = days[0]["points"].as_array().unwrap();
    assert_eq!(upvotes[89]["points"], 20);
    assert_eq!(upvotes[89]["entries"], 2);
    assert_eq!(
        (
            upvotes[88]["points"].clone(),
            upvotes[88]["entries"].clone()
        ),
        (json!(0), json!(0))
    );
    assert_eq!(days[0]["total"], 30 * 20);
    assert_eq!(days[2]["total"], 30 * 5);

    // Over the whole ledger, every rule's total is the sum of its rows.
    for group_by in ["DAY", "WEEK", "MONTH"] {
        let all = summary(group_by, today - Days::new(130)).await;
        for series in &all {
            let rule = series["rule"].as_str().unwrap();
            let ledger = app
                .number(&format!(
                    "SELECT CAST(SUM(points) AS BIGINT) FROM reward_events \
                     WHERE user_id = {user_id} AND rule = '{rule}'"
                ))
                .await;
            assert_eq!(
                series["total"].as_i64().unwrap(),
                ledger,
                "{group_by} {rule}"
            );
        }
    }

    // Weeks start on Mondays, months on the first, one after the other.
    let weeks = summary("WEEK", today - Days::new(60)).await;
    let starts: Vec<NaiveDate> = weeks[0]["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["periodStart"].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(
        starts.iter().all(|d| d.format("%u").to_string() == "1"),
        "{starts:?}"
    );
    assert!(starts.windows(2).all(|w| (w[1] - w[0]).num_days() == 7));
    assert!(
        *starts.last().unwrap() <= today
            && today - *starts.last().unwrap() < chrono::Duration::days(7)
    );
    let months = summary("MONTH", today - Days::new(100)).await;
    let starts: Vec<String> = months[0]["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["periodStart"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        starts.len() >= 4 && starts.iter().all(|d| d.ends_with("-01")),
        "{starts:?}"
    );

    // Range limits, reported on `to` with the limit.
    for (group_by, days, limit) in [
        ("DAY", 400, "400"),
        ("WEEK", 7 * 261, "260"),
        ("MONTH", 31 * 121, "120"),
    ] {
        let from = today - Days::new(days);
        let vars = json!({ "groupBy": group_by, "from": midnight(from), "to": now.to_rfc3339() });
        let response = app.gql_as(&vol, SUMMARY, vars).await;
        let error = response.expect_code(ErrorCode::BadUserInput);
        assert_eq!(error["extensions"]["field"], "to");
        assert!(
            error["message"].as_str().unwrap().contains(limit),
            "{error}"
        );
    }
    let ok = json!({ "groupBy": "DAY", "from": midnight(today - Days::new(399)), "to": now.to_rfc3339() });
    app.gql_as(&vol, SUMMARY, ok).await.ok();
    let backwards = json!({ "groupBy": "DAY", "from": now.to_rfc3339(), "to": midnight(today) });
    let response = app.gql_as(&vol, SUMMARY, backwards).await;
    assert_eq!(
        response.expect_code(ErrorCode::BadUserInput)["extensions"]["field"],
        "to"
    );
}
