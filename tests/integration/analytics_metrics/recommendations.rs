//! Recommendation metrics on served items and clicks dated by hand (UTC),
//! over 2026-03-02..03-03.

use entity::{recommendation_clicks, recommendation_impressions};
use lyceum::graphql::ids::{self, NodeKind};
use lyceum_tests::TestApp;
use sea_orm::{ActiveValue::Set, EntityTrait};

use super::*;

pub const RECOMMENDATIONS: &str = r#"query($g: MetricGranularity!) {
  recommendationMetrics(from: "2026-03-02", to: "2026-03-03", granularity: $g) {
    points { date modelId variant impressions clicks ctr }
    totals { date modelId variant impressions clicks ctr }
  }
}"#;

/// Served items and clicks: model 8 (CHALLENGER), model 7 (CONTROL) and
/// the popularity fallback.
pub async fn arrange_recommendations(app: &TestApp) {
    let served = [
        (Some(7), "CONTROL", "2026-03-02T00:00:00Z", true),
        (Some(7), "CONTROL", "2026-03-02T23:59:59Z", false),
        (Some(7), "CONTROL", "2026-03-03T10:00:00Z", true),
        (Some(8), "CHALLENGER", "2026-03-03T00:00:00Z", false),
        (Some(8), "CHALLENGER", "2026-03-01T23:59:59Z", true),
        (None, "FALLBACK", "2026-03-02T12:00:00Z", true),
    ];
    for (i, (model, variant, when, clicked)) in served.into_iter().enumerate() {
        let id = format!("00000000-0000-0000-0000-00000000000{}", i + 1);
        recommendation_impressions::Entity::insert(recommendation_impressions::ActiveModel {
            id: Set(id.clone()),
            user_id: Set(None),
            surface: Set("COURSES".into()),
            model_id: Set(model),
            variant: Set(variant.into()),
            item_type: Set("COURSE".into()),
            item_id: Set(1),
            position: Set(1),
            explanation: Set("POPULAR".into()),
            created_at: Set(at(when)),
        })
        .exec_without_returning(&app.db)
        .await
        .expect("an impression");
        if clicked {
            recommendation_clicks::Entity::insert(recommendation_clicks::ActiveModel {
                impression_id: Set(id),
                user_id: Set(None),
                clicked_at: Set(at(when)),
            })
            .exec_without_returning(&app.db)
            .await
            .expect("a click");
        }
    }
}

#[tokio::test]
async fn analytics_recommendation_metrics_match_the_hand_computed_answer() {
    let app = TestApp::spawn().await;
    let staff = app.moderator("recs_staff").await;
    arrange_recommendations(&app).await;
    let model = |id: i64| json!(ids::encode(NodeKind::RecommenderModel, id).to_string());
    let row = |date: Value, m: Value, variant: &str, impressions: i64, clicks: i64, ctr: f64| {
        json!({ "date": date, "modelId": m, "variant": variant,
                "impressions": impressions, "clicks": clicks, "ctr": ctr })
    };
    let data = report(&app, &staff, RECOMMENDATIONS, json!({ "g": "DAY" })).await;
    let metrics = &data["recommendationMetrics"];
    let (d2, d3) = (json!("2026-03-02"), json!("2026-03-03"));
    assert_eq!(
        metrics["points"],
        json!([
            row(d2.clone(), model(7), "CONTROL", 2, 1, 0.5),
            row(d2, Value::Null, "FALLBACK", 1, 1, 1.0),
            row(d3.clone(), model(8), "CHALLENGER", 1, 0, 0.0),
            row(d3, model(7), "CONTROL", 1, 1, 1.0),
        ])
    );
    let totals = metrics["totals"].as_array().unwrap();
    assert_eq!(totals.len(), 3);
    assert_eq!(
        totals[0],
        row(Value::Null, model(8), "CHALLENGER", 1, 0, 0.0)
    );
    assert_eq!(
        (
            &totals[1]["modelId"],
            &totals[1]["impressions"],
            &totals[1]["clicks"]
        ),
        (&model(7), &json!(3), &json!(2))
    );
    assert_close(&totals[1]["ctr"], 2.0 / 3.0);
    assert_eq!(
        totals[2],
        row(Value::Null, Value::Null, "FALLBACK", 1, 1, 1.0)
    );
}
