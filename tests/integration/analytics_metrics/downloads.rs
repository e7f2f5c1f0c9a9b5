//! `GET /analytics/{report}.csv`: the same bearer auth as the API and clear
//! codes for bad requests; helpers to read the tables.

use lyceum_tests::{Session, TestApp};
use reqwest::{StatusCode, header};

use super::*;

/// A download's status, headers and body.
pub async fn download(app: &TestApp, token: Option<&str>, path: &str) -> reqwest::Response {
    let mut request = app.http.get(format!("{}{path}", app.address));
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    request.send().await.expect("the server answers")
}

/// The CSV rows of a successful download, by column name.
pub async fn table(app: &TestApp, staff: &Session, path: &str) -> Vec<Vec<(String, String)>> {
    let response = download(app, Some(&staff.access_token), path).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    let text = response.text().await.unwrap();
    let mut lines = text.lines();
    let names: Vec<String> = lines
        .next()
        .expect("a header row")
        .split(',')
        .map(str::to_owned)
        .collect();
    lines
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            assert_eq!(cells.len(), names.len(), "{line}");
            names
                .iter()
                .cloned()
                .zip(cells.into_iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

/// The error code and field of a refused download.
pub async fn refusal(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    let body: Value = response.json().await.expect("a JSON error");
    (status, body["errors"][0]["extensions"].clone())
}

/// Asserts that each CSV row holds the GraphQL object's values: numbers
/// equal as numbers, null as an empty cell.
#[track_caller]
pub fn assert_same(rows: &[Vec<(String, String)>], objects: &[Value], columns: &[(&str, &str)]) {
    assert_eq!(rows.len(), objects.len(), "{objects:?}");
    assert!(!rows.is_empty());
    for (row, object) in rows.iter().zip(objects) {
        for (column, field) in columns {
            let cell = &row
                .iter()
                .find(|(name, _)| name == column)
                .unwrap_or_else(|| panic!("{column}"))
                .1;
            let value = field.split('.').fold(object, |v, key| &v[key]);
            match value {
                // Read with the same parser as the JSON, so the same digits
                // give the same number.
                Value::Number(n) => assert_eq!(
                    serde_json::from_str::<f64>(cell).ok(),
                    n.as_f64(),
                    "{column}: {cell} vs {n}"
                ),
                Value::String(s) => assert_eq!(cell, s, "{column}"),
                Value::Null => assert_eq!(cell, "", "{column}"),
                other => panic!("{column}: {other}"),
            }
        }
    }
}

pub fn list(value: &Value) -> Vec<Value> {
    value.as_array().expect("a list").clone()
}

pub fn nodes(connection: &Value) -> Vec<Value> {
    list(&connection["edges"])
        .into_iter()
        .map(|e| e["node"].clone())
        .collect()
}

#[tokio::test]
async fn analytics_csv_downloads_need_staff_and_name_bad_parameters() {
    let app = TestApp::spawn().await;
    let learner = app.learner("csv_learner").await;
    let moderator = app.moderator("csv_moderator").await;
    let path = "/analytics/activityMetrics.csv?from=2026-03-02&to=2026-03-08";

    let anonymous = download(&app, None, path).await;
    assert_eq!(
        anonymous.headers().get(header::WWW_AUTHENTICATE).unwrap(),
        "Bearer"
    );
    let (status, ext) = refusal(anonymous).await;
    assert_eq!(
        (status, ext["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("UNAUTHENTICATED"))
    );
    let (status, ext) = refusal(download(&app, Some("not-a-token"), path).await).await;
    assert_eq!(
        (status, ext["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("UNAUTHENTICATED"))
    );
    for report in super::EVERY_REPORT.map(|(r, _)| r) {
        let path = format!("/analytics/{report}.csv?from=2026-03-02&to=2026-03-08");
        let (status, ext) = refusal(download(&app, Some(&learner.access_token), &path).await).await;
        assert_eq!(
            (status, ext["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("FORBIDDEN")),
            "{report}"
        );
        let ok = download(&app, Some(&moderator.access_token), &path).await;
        assert_eq!(ok.status(), StatusCode::OK, "{report}");
        let headers = ok.headers().clone();
        assert_eq!(headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
        assert_eq!(
            headers[header::CONTENT_DISPOSITION],
            format!("attachment; filename=\"{report}.csv\"").as_str()
        );
        let text = ok.text().await.unwrap();
        assert!(
            text.lines().next().is_some_and(|h| h.contains(',')),
            "{report}: {text}"
        );
    }

    let token = Some(moderator.access_token.as_str());
    let (status, ext) = refusal(
        download(
            &app,
            token,
            "/analytics/revenue.csv?from=2026-03-02&to=2026-03-08",
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, ext["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("NOT_FOUND"))
    );
    for (query, field) in [
        ("to=2026-03-08", "from"),
        ("from=2026-03-02", "to"),
        ("from=2026-02-30&to=2026-03-08", "from"),
        ("from=2026-03-09&to=2026-03-08", "to"),
        ("from=2026-01-01&to=2028-01-02&granularity=MONTH", "to"),
        ("from=2026-01-01&to=2027-01-02", "granularity"),
        (
            "from=2026-03-02&to=2026-03-08&granularity=HOUR",
            "granularity",
        ),
    ] {
        let path = format!("/analytics/activityMetrics.csv?{query}");
        let (status, ext) = refusal(download(&app, token, &path).await).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(
            (ext["code"].as_str(), ext["field"].as_str()),
            (Some("BAD_USER_INPUT"), Some(field)),
            "{query}"
        );
    }
    for (report, query, field) in [
        ("funnel", "table=everything", "table"),
        ("creatorMetrics", "currency=DOLLARS", "currency"),
        ("creatorMetrics", "orderBy=MOOD", "orderBy"),
        ("rewardMetrics", "table=topEarners&first=500", "first"),
    ] {
        let path = format!("/analytics/{report}.csv?from=2026-03-02&to=2026-03-08&{query}");
        let (status, ext) = refusal(download(&app, token, &path).await).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(ext["field"].as_str(), Some(field), "{query}");
    }
}
