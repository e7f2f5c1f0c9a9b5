//! Serving recommendations: the two-communities acceptance test (train
//! through the API, then lists, explanations, groups and people follow the
//! communities; cold start and signed-out viewers), exclusions and access,
//! bad input, and impressions and clicks counted once.

use std::time::Duration;

use lyceum::{clock::Clock, error::ErrorCode};
use lyceum_tests::{GqlResponse, Session, TestApp, courses::TestCourse};
use serde_json::{Value, json};

mod acceptance;
mod impressions;
mod rules;

const COURSES: &str = r#"query($first: Int) {
  recommendedCourses(first: $first) {
    impressionId
    course { id title tags }
    explanation { kind text relatedCourse { id } relatedGroup { id label } relatedTag }
  }
}"#;
const THREADS: &str = r#"query($first: Int) {
  recommendedThreads(first: $first) {
    impressionId
    thread { id title }
    explanation { kind text relatedThread { id } relatedGroup { id } }
  }
}"#;
const SIMILAR_COURSES: &str = r#"query($id: ID!, $first: Int) {
  similarCourses(courseId: $id, first: $first) {
    impressionId course { id } explanation { kind text relatedCourse { id } }
  }
}"#;
const SIMILAR_USERS: &str = r#"query($first: Int) {
  similarUsers(first: $first) {
    impressionId user { id username } explanation { kind relatedGroup { id } }
  }
}"#;
const CLICK: &str = "mutation($id: ID!) { recordRecommendationClick(impressionId: $id) }";
const STATS: &str = r#"query($from: DateTime!, $to: DateTime!) {
  recommendationStats(from: $from, to: $to) {
    byModel { modelId variant surface impressions clicks ctr }
    bySurface { modelId variant surface impressions clicks ctr }
  }
}"#;

/// Runs a list query as `viewer` (None: signed out) and returns its items.
async fn list(
    app: &TestApp,
    viewer: Option<&Session>,
    query: &str,
    field: &str,
    variables: Value,
) -> Vec<Value> {
    let response = app
        .gql_with(viewer.map(|s| s.access_token.as_str()), query, variables)
        .await;
    response.ok()[field]
        .as_array()
        .unwrap_or_else(|| panic!("a list in {field}"))
        .clone()
}

async fn courses_for(app: &TestApp, viewer: Option<&Session>, first: i32) -> Vec<Value> {
    list(
        app,
        viewer,
        COURSES,
        "recommendedCourses",
        json!({ "first": first }),
    )
    .await
}

async fn threads_for(app: &TestApp, viewer: Option<&Session>, first: i32) -> Vec<Value> {
    list(
        app,
        viewer,
        THREADS,
        "recommendedThreads",
        json!({ "first": first }),
    )
    .await
}

/// The ids of `items[*].{object}.id`.
fn ids(items: &[Value], object: &str) -> Vec<String> {
    items
        .iter()
        .map(|item| item[object]["id"].as_str().unwrap().to_owned())
        .collect()
}

fn kinds(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|item| item["explanation"]["kind"].as_str().unwrap().to_owned())
        .collect()
}

/// A published course with one lesson and these tags.
async fn tagged_course(app: &TestApp, creator: &Session, title: &str, tags: &[&str]) -> TestCourse {
    let created = app
        .gql_as(
            creator,
            lyceum_tests::courses::CREATE_COURSE,
            json!({ "input": {
                "title": title,
                "summary": format!("All about {title}"),
                "description": format!("# {title}\n\nLearn {title}."),
                "tags": tags,
                "level": "BEGINNER",
                "priceCents": 0,
                "currency": "USD",
            }}),
        )
        .await;
    let course = &created.ok()["createCourse"];
    let mut course = TestCourse {
        id: course["id"].as_str().unwrap().to_owned(),
        slug: course["slug"].as_str().unwrap().to_owned(),
        lesson_ids: Vec::new(),
    };
    app.add_lesson(creator, &mut course, &format!("{title} lesson"), true)
        .await
        .ok();
    app.gql_as(
        creator,
        lyceum_tests::courses::PUBLISH,
        json!({ "id": course.id }),
    )
    .await
    .ok();
    course
}

/// A thread (community-wide when `course` is None) with tags; its id.
async fn tagged_thread(
    app: &TestApp,
    author: &Session,
    course: Option<&str>,
    title: &str,
    tags: &[&str],
) -> String {
    let response = app
        .post_thread(
            author,
            course,
            "DISCUSSION",
            title,
            &format!("Let us talk about {title}."),
            tags,
        )
        .await;
    lyceum_tests::community::id_of(&response.ok()["createThread"])
}

async fn bookmark(app: &TestApp, who: &Session, thread: &str) {
    app.gql_as(
        who,
        "mutation($id: ID!) { bookmark(threadId: $id) { id } }",
        json!({ "id": thread }),
    )
    .await
    .ok();
}

/// Waits (bounded) until `check` holds for the stats; returns the last stats.
async fn stats_until(app: &TestApp, staff: &Session, check: impl Fn(&Value) -> bool) -> Value {
    let now = app.clock.now();
    let variables = json!({
        "from": (now - chrono::Duration::hours(1)).to_rfc3339(),
        "to": (now + chrono::Duration::hours(1)).to_rfc3339(),
    });
    let mut last = Value::Null;
    for _ in 0..200 {
        last =
            app.gql_as(staff, STATS, variables.clone()).await.ok()["recommendationStats"].clone();
        if check(&last) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    last
}

fn expect(response: GqlResponse, code: ErrorCode, case: &str) {
    assert_eq!(
        response.code(),
        Some(code),
        "{case}: {:?}",
        response.errors()
    );
}
