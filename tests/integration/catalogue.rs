//! The catalogue: filters, search in English and 中文, orders, keyset pages,
//! and a bounded number of SQL statements whatever the page size.

use lyceum::error::ErrorCode;
use lyceum_tests::{Session, TestApp, courses::TestCourse};
use serde_json::{Value, json};

const LIST: &str = r#"query L($filter: CourseFilter, $order: CourseOrderBy, $first: Int, $after: String) {
  courses(filter: $filter, orderBy: $order, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { title }
  }
}"#;

fn titles(response: &lyceum_tests::GqlResponse) -> Vec<String> {
    response.ok()["courses"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["title"].as_str().unwrap().to_owned())
        .collect()
}

async fn course_with_tags(
    app: &TestApp,
    creator: &Session,
    title: &str,
    summary: &str,
    tags: &[&str],
    price_cents: i64,
) -> TestCourse {
    let mut course = app.draft_course(creator, title, price_cents).await;
    app.gql_as(
        creator,
        "mutation U($id: ID!, $input: UpdateCourseInput!) { updateCourse(id: $id, input: $input) { id } }",
        json!({ "id": course.id, "input": { "summary": summary, "tags": tags } }),
    )
    .await
    .ok();
    app.add_lesson(creator, &mut course, "intro", true)
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

#[tokio::test]
async fn filters_and_search_in_english_and_chinese() {
    let app = TestApp::spawn().await;
    let creator = app.creator("author").await;
    course_with_tags(
        &app,
        &creator,
        "个性化推荐算法入门",
        "从协同过滤到深度学习",
        &["推荐系统"],
        0,
    )
    .await;
    course_with_tags(
        &app,
        &creator,
        "Rust in Production",
        "Ship reliable services",
        &["rust"],
        9900,
    )
    .await;
    course_with_tags(
        &app,
        &creator,
        "Photography Basics",
        "Light and composition",
        &["photo"],
        1900,
    )
    .await;

    for (filter, expected) in [
        (json!({ "search": "推荐" }), vec!["个性化推荐算法入门"]),
        (json!({ "search": "算法" }), vec!["个性化推荐算法入门"]),
        (
            json!({ "search": "RUST services" }),
            vec!["Rust in Production"],
        ),
        (json!({ "search": "rust photo" }), vec![]),
        (
            json!({ "tags": ["photo", "rust"] }),
            vec!["Photography Basics", "Rust in Production"],
        ),
        (json!({ "free": true }), vec!["个性化推荐算法入门"]),
        (
            json!({ "priceMinCents": 1000, "priceMaxCents": 5000 }),
            vec!["Photography Basics"],
        ),
    ] {
        let listed = app
            .gql(LIST, json!({ "filter": filter, "order": "PRICE_DESC" }))
            .await;
        let mut got = titles(&listed);
        got.sort();
        let mut expected: Vec<String> = expected.into_iter().map(str::to_owned).collect();
        expected.sort();
        assert_eq!(got, expected, "{filter}");
    }
    let by_price = app.gql(LIST, json!({ "order": "PRICE_ASC" })).await;
    assert_eq!(
        titles(&by_price),
        [
            "个性化推荐算法入门",
            "Photography Basics",
            "Rust in Production"
        ]
    );
    app.gql(LIST, json!({ "filter": { "search": "!!!" } }))
        .await
        .expect_code(ErrorCode::BadUserInput);
}

#[tokio::test]
async fn top_rated_uses_the_bayesian_average_and_pages_never_repeat() {
    let app = TestApp::spawn().await;
    let creator = app.creator("author").await;
    let lone = app
        .published_course(&creator, "One perfect review", 0, 1)
        .await;
    let steady = app
        .published_course(&creator, "Many good reviews", 0, 1)
        .await;
    for i in 0..5 {
        app.published_course(&creator, &format!("Unrated {i}"), 0, 1)
            .await;
    }
    let review =
        "mutation R($id: ID!, $r: Int!) { reviewCourse(courseId: $id, rating: $r) { id } }";
    let fan = app.learner("fan").await;
    app.enrolled(&fan, &lone).await;
    app.gql_as(&fan, review, json!({ "id": lone.id, "r": 5 }))
        .await
        .ok();
    for i in 0..6 {
        let learner = app.learner(&format!("steady{i}")).await;
        app.enrolled(&learner, &steady).await;
        app.gql_as(
            &learner,
            review,
            json!({ "id": steady.id, "r": if i == 0 { 4 } else { 5 } }),
        )
        .await
        .ok();
    }
    let ranked = app
        .gql(LIST, json!({ "order": "TOP_RATED", "first": 2 }))
        .await;
    assert_eq!(titles(&ranked), ["Many good reviews", "One perfect review"]);

    // Walk every order two at a time: each course once, none skipped.
    for order in ["NEWEST", "POPULAR", "TOP_RATED", "PRICE_ASC", "PRICE_DESC"] {
        let mut seen: Vec<String> = Vec::new();
        let mut after = Value::Null;
        loop {
            let page = app
                .gql(LIST, json!({ "order": order, "first": 2, "after": after }))
                .await;
            seen.extend(titles(&page));
            let info = &page.ok()["courses"]["pageInfo"];
            if info["hasNextPage"] != true {
                break;
            }
            after = info["endCursor"].clone();
        }
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!((seen.len(), unique.len()), (7, 7), "{order}: {seen:?}");
    }
    // A cursor of one order does not fit another.
    let newest = app
        .gql(LIST, json!({ "order": "NEWEST", "first": 1 }))
        .await;
    let cursor = newest.ok()["courses"]["pageInfo"]["endCursor"].clone();
    let mixed = app
        .gql(
            LIST,
            json!({ "order": "POPULAR", "first": 1, "after": cursor }),
        )
        .await;
    assert_eq!(
        mixed.expect_code(ErrorCode::BadUserInput)["extensions"]["field"],
        "after"
    );
}

#[tokio::test]
async fn a_page_costs_the_same_statements_whatever_its_size() {
    // Without the shared cache, so every relation really is loaded.
    let app = TestApp::spawn_with(|settings| settings.shared_cache_ttl_ms = 0).await;
    let creator = app.creator("prolific").await;
    let learner = app.learner("reader").await;
    for i in 0..12 {
        let course = app
            .published_course(&creator, &format!("Course {i}"), 0, 2)
            .await;
        if i % 2 == 0 {
            app.enrolled(&learner, &course).await;
        }
    }
    let query = r#"query P($first: Int) {
      courses(first: $first) { nodes {
        creator { displayName } tags lessons { title } ratingSummary { average histogram } viewerProgress
      } }
    }"#;
    let mut costs = Vec::new();
    for first in [2, 12] {
        let before = app.statements_sent().await;
        let page = app.gql_as(&learner, query, json!({ "first": first })).await;
        assert_eq!(
            page.ok()["courses"]["nodes"].as_array().unwrap().len(),
            first as usize
        );
        costs.push(app.statements_sent().await - before);
    }
    assert_eq!(
        costs[0], costs[1],
        "statements for 2 and 12 courses: {costs:?}"
    );
    assert!(costs[0] <= 12, "{costs:?}");
}

#[tokio::test]
async fn anonymous_catalogue_answers_are_shared_until_something_changes() {
    let app = TestApp::spawn_with(|s| s.public_cache_ttl_ms = 60_000).await;
    let creator = app.creator("cached").await;
    app.published_course(&creator, "First", 0, 1).await;
    let before = app.gql(LIST, json!({})).await;
    assert_eq!(titles(&before), ["First"]);
    // The same anonymous query again is answered without the database.
    let statements = app.statements_sent().await;
    let again = app.gql(LIST, json!({})).await;
    assert_eq!(again.body, before.body);
    assert_eq!(app.statements_sent().await, statements);
    // A mutation on this instance empties the cache at once.
    app.published_course(&creator, "Second", 0, 1).await;
    let after = app.gql(LIST, json!({})).await;
    assert_eq!(titles(&after), ["Second", "First"]);
    // Signed-in requests are never answered from it.
    let statements = app.statements_sent().await;
    app.gql_as(&creator, LIST, json!({})).await.ok();
    assert!(app.statements_sent().await > statements);
}
