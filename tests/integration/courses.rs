//! Courses: the creator's path from draft to catalogue, lessons and their
//! gated bodies, progress, reviews, and bad input that changes nothing.

use lyceum::error::ErrorCode;
use lyceum_tests::{TestApp, courses::PUBLISH};
use serde_json::{Value, json};

const COURSE: &str = r#"query Course($id: ID!) {
  course(id: $id) {
    id slug title status tags lessonCount enrollmentCount descriptionHtml
    creator { username }
    lessons { id position title freePreview body viewerCompleted }
    ratingSummary { average count histogram bayesianAverage }
    viewerEnrollment { id completedAt }
    viewerProgress
  }
}"#;

fn lesson_bodies(course: &Value) -> Vec<Value> {
    course["lessons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["body"].clone())
        .collect()
}

#[tokio::test]
async fn a_course_goes_from_draft_to_catalogue_to_completion() {
    let app = TestApp::spawn().await;
    let creator = app.creator("teacher").await;
    let mut course = app
        .draft_course(&creator, "Rust for Pythonistas", 4900)
        .await;
    assert_eq!(course.slug, "rust-for-pythonistas");
    for (title, preview) in [("Ownership", true), ("Borrowing", false), ("Traits", false)] {
        app.add_lesson(&creator, &mut course, title, preview)
            .await
            .ok();
    }
    let published = app
        .gql_as(&creator, PUBLISH, json!({ "id": course.id }))
        .await;
    assert_eq!(published.ok()["publishCourse"]["status"], "PUBLISHED");

    // Anonymous readers see titles; bodies only for the free preview, each
    // other body failing alone with FORBIDDEN.
    let anonymous = app.gql(COURSE, json!({ "id": course.id })).await;
    let data = &anonymous.data()["course"];
    assert_eq!(data["lessonCount"], 3);
    assert_eq!(data["creator"]["username"], "teacher");
    assert_eq!(data["tags"], json!(["testing"]));
    assert!(
        data["descriptionHtml"]
            .as_str()
            .unwrap()
            .contains("<strong>")
    );
    assert_eq!(
        lesson_bodies(data),
        [json!("Body of Ownership"), Value::Null, Value::Null]
    );
    assert_eq!(anonymous.errors().len(), 2);
    assert!(
        anonymous
            .errors()
            .iter()
            .all(|e| e["extensions"]["code"] == ErrorCode::Forbidden.as_str())
    );
    assert_eq!(data["viewerEnrollment"], Value::Null);

    let learner = app.learner("student").await;
    let enrolled = app.enroll(&learner, &course, "purchase-1").await;
    assert_eq!(enrolled.ok()["enroll"]["pricePaidCents"], 4900);
    assert_eq!(enrolled.ok()["enroll"]["currency"], "USD");
    let complete = "mutation C($id: ID!) { completeLesson(lessonId: $id) { id viewerCompleted } }";
    for lesson in &course.lesson_ids[..2] {
        let done = app
            .gql_as(&learner, complete, json!({ "id": lesson }))
            .await;
        assert_eq!(done.ok()["completeLesson"]["viewerCompleted"], true);
    }
    // Completing again changes nothing.
    app.gql_as(&learner, complete, json!({ "id": course.lesson_ids[0] }))
        .await
        .ok();
    let seen = app
        .gql_as(&learner, COURSE, json!({ "id": course.id }))
        .await;
    let data = seen.ok()["course"].clone();
    assert_eq!(data["viewerProgress"], 66);
    assert_eq!(data["enrollmentCount"], 1);
    assert_eq!(data["viewerEnrollment"]["completedAt"], Value::Null);
    assert!(lesson_bodies(&data).iter().all(Value::is_string));

    app.gql_as(&learner, complete, json!({ "id": course.lesson_ids[2] }))
        .await
        .ok();
    let seen = app
        .gql_as(&learner, COURSE, json!({ "id": course.id }))
        .await;
    let data = &seen.ok()["course"];
    assert_eq!(data["viewerProgress"], 100);
    assert!(data["viewerEnrollment"]["completedAt"].is_string());

    let review = r#"mutation R($id: ID!, $rating: Int!, $body: String!) {
        reviewCourse(courseId: $id, rating: $rating, body: $body) { rating body author { username } }
    }"#;
    app.gql_as(
        &learner,
        review,
        json!({ "id": course.id, "rating": 4, "body": "Good" }),
    )
    .await
    .ok();
    // Editing replaces the rating; the summary follows.
    let edited = app
        .gql_as(
            &learner,
            review,
            json!({ "id": course.id, "rating": 5, "body": "Great" }),
        )
        .await;
    assert_eq!(edited.ok()["reviewCourse"]["rating"], 5);
    let seen = app.gql(COURSE, json!({ "id": course.id })).await;
    let summary = &seen.data()["course"]["ratingSummary"];
    assert_eq!(summary["count"], 1);
    assert_eq!(summary["average"], 5.0);
    assert_eq!(summary["histogram"], json!([0, 0, 0, 0, 1]));
    assert!((summary["bayesianAverage"].as_f64().unwrap() - 20.0 / 6.0).abs() < 1e-9);

    let by_slug = app
        .gql(
            "query S($slug: String!) { courseBySlug(slug: $slug) { id } }",
            json!({ "slug": course.slug }),
        )
        .await;
    assert_eq!(by_slug.ok()["courseBySlug"]["id"], course.id.as_str());
}

#[tokio::test]
async fn drafts_are_seen_only_by_their_creator_and_staff() {
    let app = TestApp::spawn().await;
    let creator = app.creator("drafter").await;
    let course = app.draft_course(&creator, "Secret plans", 0).await;
    let query = "query C($id: ID!) { course(id: $id) { title status } }";
    app.gql(query, json!({ "id": course.id }))
        .await
        .expect_code(ErrorCode::NotFound);
    let other = app.creator("rival").await;
    app.gql_as(&other, query, json!({ "id": course.id }))
        .await
        .expect_code(ErrorCode::NotFound);
    for viewer in [&creator, &app.moderator("mod").await] {
        let seen = app.gql_as(viewer, query, json!({ "id": course.id })).await;
        assert_eq!(seen.ok()["course"]["status"], "DRAFT");
    }
    let node = app
        .gql(
            "query N($id: ID!) { node(id: $id) { id } }",
            json!({ "id": course.id }),
        )
        .await;
    assert_eq!(node.ok()["node"], Value::Null);
    let listed = app.gql("{ courses { nodes { id } } }", json!({})).await;
    assert_eq!(listed.ok()["courses"]["nodes"], json!([]));
    // The creator lists their own drafts; others may not.
    let drafts = r#"query D($creator: ID!) { courses(filter: { creatorId: $creator, status: DRAFT }) { nodes { title } } }"#;
    let own = app
        .gql_as(&creator, drafts, json!({ "creator": creator.id }))
        .await;
    assert_eq!(
        own.ok()["courses"]["nodes"],
        json!([{ "title": "Secret plans" }])
    );
    app.gql_as(&other, drafts, json!({ "creator": creator.id }))
        .await
        .expect_code(ErrorCode::Forbidden);
}

#[tokio::test]
async fn lessons_reorder_and_removal_keep_positions_consistent() {
    let app = TestApp::spawn().await;
    let creator = app.creator("orderer").await;
    let mut course = app.draft_course(&creator, "Ordering", 0).await;
    for title in ["one", "two", "three"] {
        app.add_lesson(&creator, &mut course, title, false)
            .await
            .ok();
    }
    let reorder = r#"mutation R($id: ID!, $ids: [ID!]!) {
        reorderLessons(courseId: $id, lessonIds: $ids) { lessons { title position } }
    }"#;
    let ids = &course.lesson_ids;
    let reordered = app
        .gql_as(
            &creator,
            reorder,
            json!({ "id": course.id, "ids": [ids[2], ids[0], ids[1]] }),
        )
        .await;
    assert_eq!(
        reordered.ok()["reorderLessons"]["lessons"],
        json!([
            { "title": "three", "position": 1 },
            { "title": "one", "position": 2 },
            { "title": "two", "position": 3 },
        ])
    );
    // Not exactly the course's lessons: refused, nothing moves.
    for bad in [json!([ids[0], ids[1]]), json!([ids[0], ids[0], ids[1]])] {
        let refused = app
            .gql_as(&creator, reorder, json!({ "id": course.id, "ids": bad }))
            .await;
        assert_eq!(
            refused.expect_code(ErrorCode::BadUserInput)["extensions"]["field"],
            "lessonIds"
        );
    }
    let removed = app
        .gql_as(
            &creator,
            "mutation D($id: ID!) { removeLesson(id: $id) { lessonCount lessons { title position } } }",
            json!({ "id": ids[2] }),
        )
        .await;
    assert_eq!(
        removed.ok()["removeLesson"],
        json!({ "lessonCount": 2, "lessons": [
            { "title": "one", "position": 1 }, { "title": "two", "position": 2 },
        ]})
    );
}

#[tokio::test]
async fn bad_input_answers_a_code_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let creator = app.creator("careful").await;
    let course = app.draft_course(&creator, "Original title", 1000).await;
    let update = "mutation U($id: ID!, $input: UpdateCourseInput!) { updateCourse(id: $id, input: $input) { title } }";
    for (input, field) in [
        (json!({ "title": "x".repeat(201) }), "title"),
        (json!({ "title": "ad\u{200B}min" }), "title"),
        (json!({ "summary": "s".repeat(501) }), "summary"),
        (json!({ "description": "d".repeat(50_001) }), "description"),
        (json!({ "priceCents": -1 }), "priceCents"),
        (json!({ "priceCents": 1_000_001 }), "priceCents"),
        (json!({ "currency": "XYZ" }), "currency"),
        (json!({ "slug": "Not A Slug" }), "slug"),
        (json!({ "coverUrl": "javascript:alert(1)" }), "coverUrl"),
        (json!({ "tags": ["<script>"] }), "tags"),
    ] {
        let refused = app
            .gql_as(&creator, update, json!({ "id": course.id, "input": input }))
            .await;
        assert_eq!(
            refused.expect_code(ErrorCode::BadUserInput)["extensions"]["field"],
            field,
            "{input}"
        );
    }
    let other = app.draft_course(&creator, "Other", 0).await;
    let taken = app
        .gql_as(
            &creator,
            update,
            json!({ "id": other.id, "input": { "slug": course.slug } }),
        )
        .await;
    assert_eq!(
        taken.expect_code(ErrorCode::Conflict)["extensions"]["field"],
        "slug"
    );
    let unchanged = app
        .gql_as(
            &creator,
            "query C($id: ID!) { course(id: $id) { title slug priceCents currency tags } }",
            json!({ "id": course.id }),
        )
        .await;
    assert_eq!(
        unchanged.ok()["course"],
        json!({ "title": "Original title", "slug": "original-title", "priceCents": 1000,
                "currency": "USD", "tags": ["testing"] })
    );
    // Publishing needs a lesson; a rating must be 1–5.
    app.gql_as(&creator, PUBLISH, json!({ "id": course.id }))
        .await
        .expect_code(ErrorCode::BadUserInput);
    let published = app.published_course(&creator, "Rated", 0, 1).await;
    let learner = app.learner("rater").await;
    app.enrolled(&learner, &published).await;
    for rating in [0, 6] {
        let refused = app
            .gql_as(
                &learner,
                "mutation R($id: ID!, $r: Int!) { reviewCourse(courseId: $id, rating: $r) { id } }",
                json!({ "id": published.id, "r": rating }),
            )
            .await;
        assert_eq!(
            refused.expect_code(ErrorCode::BadUserInput)["extensions"]["field"],
            "rating"
        );
    }
}
