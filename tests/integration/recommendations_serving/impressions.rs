//! Every served item is an impression; clicks count once, for the viewer
//! who was shown the item.

use lyceum_tests::TestApp;
use serde_json::json;

use super::*;

#[tokio::test]
async fn impressions_and_clicks_are_counted_once_per_viewer() {
    let app = TestApp::spawn().await;
    let creator = app.creator("rec_shop").await;
    let learner = app.learner("rec_clicker").await;
    let other = app.learner("rec_other").await;
    let moderator = app.moderator("rec_watch").await;
    for title in ["One", "Two", "Three"] {
        tagged_course(&app, &creator, title, &["rust"]).await;
    }
    tagged_thread(&app, &creator, None, "A thread", &["rust"]).await;

    let mine = courses_for(&app, Some(&learner), 3).await;
    let anonymous = courses_for(&app, None, 2).await;
    let threads = threads_for(&app, Some(&learner), 5).await;
    let people = list(
        &app,
        Some(&learner),
        SIMILAR_USERS,
        "similarUsers",
        json!({ "first": 2 }),
    )
    .await;
    assert_eq!((mine.len(), anonymous.len(), threads.len()), (3, 2, 1));
    assert_eq!(people.len(), 2);
    let served = mine.len() + anonymous.len() + threads.len() + people.len();
    let mut seen: Vec<&str> = mine
        .iter()
        .chain(&anonymous)
        .chain(&threads)
        .chain(&people)
        .map(|i| i["impressionId"].as_str().unwrap())
        .collect();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), served, "every item has its own impression");

    let click = |who: Option<&Session>, id: &Value| {
        let token = who.map(|s| s.access_token.clone());
        let id = id.clone();
        let app = &app;
        async move {
            app.gql_with(token.as_deref(), CLICK, json!({ "id": id }))
                .await
                .ok()["recordRecommendationClick"]
                .clone()
        }
    };
    // Twice by its viewer: once. By another member: not at all. A signed-out
    // click on a signed-out impression counts; on a member's, it does not.
    assert_eq!(click(Some(&learner), &mine[0]["impressionId"]).await, true);
    assert_eq!(click(Some(&learner), &mine[0]["impressionId"]).await, true);
    assert_eq!(click(Some(&other), &mine[1]["impressionId"]).await, true);
    assert_eq!(click(None, &mine[2]["impressionId"]).await, true);
    assert_eq!(click(None, &anonymous[0]["impressionId"]).await, true);
    // An impression that was never served.
    assert_eq!(
        click(Some(&learner), &json!(uuid::Uuid::new_v4().to_string())).await,
        true
    );

    let stats = stats_until(&app, &moderator, |s| {
        s["byModel"].as_array().is_some_and(|rows| {
            rows.iter()
                .map(|r| r["clicks"].as_i64().unwrap())
                .sum::<i64>()
                == 2
        })
    })
    .await;
    let totals = stats["byModel"].as_array().unwrap();
    assert_eq!(totals.len(), 1, "{stats}");
    assert_eq!(totals[0]["modelId"], Value::Null);
    assert_eq!(totals[0]["variant"], "FALLBACK");
    assert_eq!(totals[0]["impressions"].as_i64().unwrap(), served as i64);
    assert_eq!(totals[0]["clicks"].as_i64().unwrap(), 2);
    let ctr = totals[0]["ctr"].as_f64().unwrap();
    assert!((ctr - 2.0 / served as f64).abs() < 1e-9, "{ctr}");
    let surfaces: Vec<(&str, i64, i64)> = stats["bySurface"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["surface"].as_str().unwrap(),
                r["impressions"].as_i64().unwrap(),
                r["clicks"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        surfaces,
        vec![
            ("COURSES", 5, 2),
            ("SIMILAR_USERS", 2, 0),
            ("THREADS", 1, 0)
        ]
    );
    assert_eq!(
        app.number("SELECT COUNT(*) FROM recommendation_clicks")
            .await,
        2
    );
}
