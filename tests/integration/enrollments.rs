//! Enrolment under concurrency, idempotency keys, refunds and their rules.

use futures_util::future::join_all;
use lyceum::error::ErrorCode;
use lyceum_tests::TestApp;
use serde_json::json;

const REFUND: &str = r#"mutation R($id: ID!, $reason: String!) {
  refundEnrollment(enrollmentId: $id, reason: $reason) { id refundedAt refundReason }
}"#;
const COUNT: &str =
    "query C($id: ID!) { course(id: $id) { enrollmentCount viewerEnrollment { id } } }";

#[tokio::test]
async fn fifty_concurrent_enrolments_with_one_key_make_one() {
    let app = TestApp::spawn().await;
    let creator = app.creator("seller").await;
    let course = app.published_course(&creator, "Popular", 2500, 1).await;
    let learner = app.learner("eager").await;
    let attempts = (0..50).map(|_| app.enroll(&learner, &course, "one-purchase"));
    let responses = join_all(attempts).await;
    let ids: Vec<&str> = responses
        .iter()
        .map(|r| r.ok()["enroll"]["id"].as_str().unwrap())
        .collect();
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    let seen = app
        .gql_as(&learner, COUNT, json!({ "id": course.id }))
        .await;
    assert_eq!(seen.ok()["course"]["enrollmentCount"], 1);
}

#[tokio::test]
async fn fifty_concurrent_enrolments_with_different_keys_make_one_and_conflicts() {
    let app = TestApp::spawn().await;
    let creator = app.creator("seller").await;
    let course = app.published_course(&creator, "Popular", 2500, 1).await;
    let learner = app.learner("impatient").await;
    let attempts = (0..50).map(|i| {
        let (app, learner, course) = (&app, &learner, &course);
        async move { app.enroll(learner, course, &format!("key-{i}")).await }
    });
    let responses = join_all(attempts).await;
    let succeeded = responses.iter().filter(|r| r.errors().is_empty()).count();
    let conflicts = responses
        .iter()
        .filter(|r| r.code() == Some(ErrorCode::Conflict))
        .count();
    assert_eq!((succeeded, conflicts), (1, 49), "{responses:?}");
    let seen = app
        .gql_as(&learner, COUNT, json!({ "id": course.id }))
        .await;
    assert_eq!(seen.ok()["course"]["enrollmentCount"], 1);
}

#[tokio::test]
async fn idempotency_keys_replay_and_refuse_reuse_elsewhere() {
    let app = TestApp::spawn().await;
    let creator = app.creator("seller").await;
    let first = app.published_course(&creator, "First", 100, 1).await;
    let second = app.published_course(&creator, "Second", 100, 1).await;
    let learner = app.learner("buyer").await;
    let bought = app.enroll(&learner, &first, "k1").await;
    let replayed = app.enroll(&learner, &first, "k1").await;
    assert_eq!(bought.ok()["enroll"]["id"], replayed.ok()["enroll"]["id"]);
    let reused = app.enroll(&learner, &second, "k1").await;
    assert_eq!(
        reused.expect_code(ErrorCode::Conflict)["extensions"]["field"],
        "idempotencyKey"
    );
    // Already enrolled with another key: CONFLICT, no second row.
    app.enroll(&learner, &first, "k2")
        .await
        .expect_code(ErrorCode::Conflict);
    for bad in ["", &"k".repeat(101), "with space"] {
        app.enroll(&learner, &second, bad)
            .await
            .expect_code(ErrorCode::BadUserInput);
    }
    // The creator cannot buy their own course.
    app.enroll(&creator, &first, "own")
        .await
        .expect_code(ErrorCode::Forbidden);
}

#[tokio::test]
async fn archived_and_draft_courses_take_no_enrolments() {
    let app = TestApp::spawn().await;
    let creator = app.creator("seller").await;
    let draft = app.draft_course(&creator, "Unfinished", 100).await;
    let archived = app.published_course(&creator, "Old", 100, 1).await;
    let learner = app.learner("early").await;
    app.enrolled(&learner, &archived).await;
    app.gql_as(
        &creator,
        "mutation A($id: ID!) { archiveCourse(id: $id) { status } }",
        json!({ "id": archived.id }),
    )
    .await
    .ok();
    let late = app.learner("late").await;
    app.enroll(&late, &draft, "d")
        .await
        .expect_code(ErrorCode::NotFound);
    // Archived courses are hidden from those not enrolled; the enrolled
    // learner is told it is closed.
    app.enroll(&late, &archived, "a")
        .await
        .expect_code(ErrorCode::NotFound);
    app.enroll(&learner, &archived, "again")
        .await
        .expect_code(ErrorCode::BadUserInput);
    // The enrolled learner keeps reading the archived course; others no longer see it.
    let lessons = "query C($id: ID!) { course(id: $id) { status lessons { body } } }";
    let kept = app
        .gql_as(&learner, lessons, json!({ "id": archived.id }))
        .await;
    assert_eq!(kept.ok()["course"]["status"], "ARCHIVED");
    app.gql_as(&late, lessons, json!({ "id": archived.id }))
        .await
        .expect_code(ErrorCode::NotFound);
}

#[tokio::test]
async fn learners_refund_within_the_rules_and_access_ends() {
    let app = TestApp::spawn().await;
    let creator = app.creator("seller").await;
    let course = app.published_course(&creator, "Refundable", 3000, 4).await;
    let learner = app.learner("regretful").await;
    let enrollment = app.enrolled(&learner, &course).await;
    let refunded = app
        .gql_as(
            &learner,
            REFUND,
            json!({ "id": enrollment, "reason": "not for me" }),
        )
        .await;
    assert_eq!(
        refunded.ok()["refundEnrollment"]["refundReason"],
        "not for me"
    );
    let seen = app
        .gql_as(&learner, COUNT, json!({ "id": course.id }))
        .await;
    assert_eq!(
        seen.ok()["course"],
        json!({ "enrollmentCount": 0, "viewerEnrollment": null })
    );
    app.gql_as(
        &learner,
        REFUND,
        json!({ "id": enrollment, "reason": "again" }),
    )
    .await
    .expect_code(ErrorCode::Conflict);
    // The row stays, marked; buying again is possible.
    let mine = app
        .gql_as(
            &learner,
            "{ myEnrollments { totalCount nodes { refundedAt } } }",
            json!({}),
        )
        .await;
    assert_eq!(mine.ok()["myEnrollments"]["totalCount"], 1);
    app.enroll(&learner, &course, "second-try").await.ok();

    // Past half the lessons: the learner may not refund; staff may.
    let finisher = app.learner("finisher").await;
    let finished = app.enrolled(&finisher, &course).await;
    for lesson in &course.lesson_ids[..2] {
        app.gql_as(
            &finisher,
            "mutation C($id: ID!) { completeLesson(lessonId: $id) { id } }",
            json!({ "id": lesson }),
        )
        .await
        .ok();
    }
    app.gql_as(
        &finisher,
        REFUND,
        json!({ "id": finished, "reason": "changed my mind" }),
    )
    .await
    .expect_code(ErrorCode::Forbidden);
    let staff = app.moderator("support").await;
    app.gql_as(
        &staff,
        REFUND,
        json!({ "id": finished, "reason": "goodwill" }),
    )
    .await
    .ok();

    // Eight days later the window has closed.
    let late = app.learner("late_regret").await;
    let bought = app.enrolled(&late, &course).await;
    app.clock.advance(chrono::Duration::days(8));
    app.gql_as(
        &late,
        REFUND,
        json!({ "id": bought, "reason": "too late?" }),
    )
    .await
    .expect_code(ErrorCode::Forbidden);
    // Someone else's enrolment does not exist for a learner.
    app.gql_as(&learner, REFUND, json!({ "id": bought, "reason": "mine?" }))
        .await
        .expect_code(ErrorCode::NotFound);
}

#[tokio::test]
async fn concurrent_refunds_refund_once() {
    let app = TestApp::spawn().await;
    let creator = app.creator("seller").await;
    let course = app.published_course(&creator, "Once", 3000, 2).await;
    let learner = app.learner("twice").await;
    let enrollment = app.enrolled(&learner, &course).await;
    let staff = app.admin("boss").await;
    let attempts = (0..10).map(|i| {
        let (app, staff, enrollment) = (&app, &staff, &enrollment);
        async move {
            app.gql_as(
                staff,
                REFUND,
                json!({ "id": enrollment, "reason": format!("r{i}") }),
            )
            .await
        }
    });
    let responses = join_all(attempts).await;
    let succeeded = responses.iter().filter(|r| r.errors().is_empty()).count();
    assert_eq!(succeeded, 1, "{responses:?}");
    let seen = app
        .gql_as(&learner, COUNT, json!({ "id": course.id }))
        .await;
    assert_eq!(seen.ok()["course"]["enrollmentCount"], 0);
}

#[tokio::test]
async fn course_revenue_counts_paid_enrolments_and_refunds_for_its_creator_and_staff() {
    const REVENUE: &str = "query R($id: ID!) { course(id: $id) { revenue { currency paidEnrollments grossCents refunds refundedCents netCents } } }";
    let app = TestApp::spawn().await;
    let creator = app.creator("earner").await;
    let course = app.published_course(&creator, "Paid well", 3000, 1).await;
    let free = app.published_course(&creator, "For free", 0, 1).await;
    let mut enrollments = Vec::new();
    for name in ["buyer_a", "buyer_b", "buyer_c"] {
        let learner = app.learner(name).await;
        enrollments.push((app.enrolled(&learner, &course).await, learner));
        app.enrolled(&enrollments.last().unwrap().1, &free).await;
    }
    let (refunded, learner) = &enrollments[0];
    app.gql_as(learner, REFUND, json!({ "id": refunded, "reason": "no" }))
        .await
        .ok();

    let expected = json!([{ "currency": "USD", "paidEnrollments": 3, "grossCents": 9000,
        "refunds": 1, "refundedCents": 3000, "netCents": 6000 }]);
    let admin = app.admin("books").await;
    for viewer in [&creator, &admin] {
        let seen = app
            .gql_as(viewer, REVENUE, json!({ "id": course.id }))
            .await;
        assert_eq!(seen.ok()["course"]["revenue"], expected);
        let nothing = app.gql_as(viewer, REVENUE, json!({ "id": free.id })).await;
        assert_eq!(nothing.ok()["course"]["revenue"], json!([]));
    }
    // A learner sees the course, not its takings.
    app.gql_as(learner, REVENUE, json!({ "id": course.id }))
        .await
        .expect_code(ErrorCode::Forbidden);
}
