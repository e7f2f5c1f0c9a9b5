//! Who may do what with courses: every mutation and gated field, for each
//! kind of viewer.

use lyceum::error::ErrorCode;
use lyceum_tests::{GqlResponse, Session, TestApp, courses::TestCourse};
use serde_json::{Value, json};

/// The kinds of viewer, in the order of every row below.
const VIEWERS: [&str; 9] = [
    "anonymous",
    "learner",
    "enrolled",
    "refunded",
    "creator",
    "other creator",
    "moderator",
    "admin",
    "suspended",
];

/// Expected outcomes: success, or the error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Ok,
    Code(ErrorCode),
}
use Outcome::{Code, Ok as Allowed};
const UNAUTH: Outcome = Code(ErrorCode::Unauthenticated);
const DENIED: Outcome = Code(ErrorCode::Forbidden);

fn outcome(response: &GqlResponse) -> Outcome {
    match response.code() {
        None => Allowed,
        Some(code) => Code(code),
    }
}

struct World {
    app: TestApp,
    sessions: Vec<Option<Session>>,
    course: TestCourse,
}

impl World {
    async fn new() -> World {
        let app = TestApp::spawn().await;
        let creator = app.creator("owner").await;
        let course = app.published_course(&creator, "Guarded", 1500, 2).await;
        let learner = app.learner("browser").await;
        let enrolled = app.learner("enrolled").await;
        app.enrolled(&enrolled, &course).await;
        let refunded = app.learner("refunded").await;
        let enrollment = app.enrolled(&refunded, &course).await;
        app.gql_as(
            &refunded,
            "mutation R($id: ID!) { refundEnrollment(enrollmentId: $id, reason: \"no\") { id } }",
            json!({ "id": enrollment }),
        )
        .await
        .ok();
        let other = app.creator("rival").await;
        let moderator = app.moderator("mod").await;
        let admin = app.admin("root").await;
        let suspended = app.learner("banned").await;
        app.enrolled(&suspended, &course).await;
        app.gql_as(
            &moderator,
            "mutation S($id: ID!) { suspendUser(input: { userId: $id, reason: \"spam\" }) { id } }",
            json!({ "id": suspended.id }),
        )
        .await
        .ok();
        World {
            sessions: vec![
                None,
                Some(learner),
                Some(enrolled),
                Some(refunded),
                Some(creator),
                Some(other),
                Some(moderator),
                Some(admin),
                Some(suspended),
            ],
            app,
            course,
        }
    }

    async fn run(&self, viewer: usize, query: &str, variables: Value) -> GqlResponse {
        let token = self.sessions[viewer]
            .as_ref()
            .map(|s| s.access_token.as_str());
        self.app.gql_with(token, query, variables).await
    }

    /// Runs one operation as every viewer and checks each outcome.
    async fn check(
        &self,
        name: &str,
        query: &str,
        variables: impl Fn(usize) -> Value,
        expected: [Outcome; 9],
    ) {
        for (viewer, want) in expected.into_iter().enumerate() {
            let response = self.run(viewer, query, variables(viewer)).await;
            assert_eq!(
                outcome(&response),
                want,
                "{name} as {}: {}",
                VIEWERS[viewer],
                response.body
            );
        }
    }
}

#[tokio::test]
async fn every_course_mutation_and_gated_field_by_viewer() {
    let world = World::new().await;
    let course = world.course.id.clone();
    let lesson = world.course.lesson_ids[1].clone();
    let lessons = world.course.lesson_ids.clone();

    world
        .check(
            "createCourse",
            "mutation C($input: CreateCourseInput!) { createCourse(input: $input) { id } }",
            |i| {
                json!({ "input": { "title": format!("New {i}"), "summary": "s", "description": "d",
                                    "level": "BEGINNER", "priceCents": 0, "currency": "USD" } })
            },
            [
                UNAUTH, DENIED, DENIED, DENIED, Allowed, Allowed, DENIED, Allowed, DENIED,
            ],
        )
        .await;
    let manage = [
        UNAUTH, DENIED, DENIED, DENIED, Allowed, DENIED, DENIED, Allowed, DENIED,
    ];
    world
        .check(
            "updateCourse",
            "mutation U($id: ID!) { updateCourse(id: $id, input: { summary: \"changed\" }) { id } }",
            |_| json!({ "id": course }),
            manage,
        )
        .await;
    world
        .check(
            "updateLesson",
            "mutation U($id: ID!) { updateLesson(id: $id, input: { durationMinutes: 12 }) { id } }",
            |_| json!({ "id": lesson }),
            manage,
        )
        .await;
    world
        .check(
            "reorderLessons",
            "mutation R($id: ID!, $ids: [ID!]!) { reorderLessons(courseId: $id, lessonIds: $ids) { id } }",
            |_| json!({ "id": course, "ids": lessons }),
            manage,
        )
        .await;
    world
        .check(
            "addLesson",
            "mutation A($id: ID!) { addLesson(courseId: $id, input: { title: \"extra\", body: \"b\", durationMinutes: 5 }) { id } }",
            |_| json!({ "id": course }),
            manage,
        )
        .await;
    // Learners with a live enrolment track progress and review; suspended
    // accounts write nothing.
    let enrolled_only = [
        UNAUTH, DENIED, Allowed, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED,
    ];
    world
        .check(
            "completeLesson",
            "mutation C($id: ID!) { completeLesson(lessonId: $id) { id } }",
            |_| json!({ "id": lesson }),
            enrolled_only,
        )
        .await;
    world
        .check(
            "reviewCourse",
            "mutation R($id: ID!) { reviewCourse(courseId: $id, rating: 4) { id } }",
            |_| json!({ "id": course }),
            enrolled_only,
        )
        .await;
    // Gated field: a lesson body that is not a free preview.
    world
        .check(
            "Lesson.body",
            "query L($id: ID!) { node(id: $id) { ... on Lesson { body } } }",
            |_| json!({ "id": lesson }),
            [
                DENIED, DENIED, Allowed, DENIED, Allowed, DENIED, Allowed, Allowed, Allowed,
            ],
        )
        .await;
    // The review just written, marked helpful by others.
    let review = world
        .run(
            2,
            "query C($id: ID!) { course(id: $id) { reviews { nodes { id } } } }",
            json!({ "id": course }),
        )
        .await
        .ok()["course"]["reviews"]["nodes"][0]["id"]
        .clone();
    world
        .check(
            "markReviewHelpful",
            "mutation M($id: ID!) { markReviewHelpful(reviewId: $id) { helpfulCount } }",
            |_| json!({ "id": review }),
            [
                UNAUTH,
                Allowed,
                Code(ErrorCode::BadUserInput),
                Allowed,
                Allowed,
                Allowed,
                Allowed,
                Allowed,
                DENIED,
            ],
        )
        .await;
    let helpful = world
        .run(
            0,
            "query C($id: ID!) { course(id: $id) { reviews { nodes { helpfulCount } } } }",
            json!({ "id": course }),
        )
        .await;
    assert_eq!(
        helpful.ok()["course"]["reviews"]["nodes"][0]["helpfulCount"],
        6
    );
    // Someone else's enrolment is not there for non-staff.
    let enrollment = world
        .run(2, "{ myEnrollments { nodes { id } } }", json!({}))
        .await
        .ok()["myEnrollments"]["nodes"][0]["id"]
        .clone();
    world
        .check(
            "Enrollment via node",
            "query N($id: ID!) { node(id: $id) { id } }",
            |_| json!({ "id": enrollment }),
            [Allowed; 9],
        )
        .await;
    for viewer in [0, 1, 3, 4, 5] {
        let node = world
            .run(
                viewer,
                "query N($id: ID!) { node(id: $id) { id } }",
                json!({ "id": enrollment }),
            )
            .await;
        assert_eq!(node.ok()["node"], Value::Null, "as {}", VIEWERS[viewer]);
    }
    world
        .check(
            "refundEnrollment of another's",
            "mutation R($id: ID!) { refundEnrollment(enrollmentId: $id, reason: \"x\") { id } }",
            |_| json!({ "id": enrollment }),
            [
                UNAUTH,
                Code(ErrorCode::NotFound),
                Allowed,
                Code(ErrorCode::NotFound),
                Code(ErrorCode::NotFound),
                Code(ErrorCode::NotFound),
                Code(ErrorCode::Conflict),
                Code(ErrorCode::Conflict),
                DENIED,
            ],
        )
        .await;
    // Enrolling, on a second course.
    let creator = world.sessions[4].clone().unwrap();
    let buyable = world
        .app
        .published_course(&creator, "Buyable", 500, 1)
        .await;
    world
        .check(
            "enroll",
            "mutation E($id: ID!, $key: String!) { enroll(courseId: $id, idempotencyKey: $key) { id } }",
            |i| json!({ "id": buyable.id, "key": format!("k{i}") }),
            [UNAUTH, Allowed, Allowed, Allowed, DENIED, Allowed, Allowed, Allowed, DENIED],
        )
        .await;
    // Archiving and publishing again: the creator and admins only (the
    // admin finds it done already).
    world
        .check(
            "archiveCourse",
            "mutation A($id: ID!) { archiveCourse(id: $id) { id } }",
            |_| json!({ "id": buyable.id }),
            [
                UNAUTH,
                DENIED,
                DENIED,
                DENIED,
                Allowed,
                DENIED,
                DENIED,
                Code(ErrorCode::Conflict),
                DENIED,
            ],
        )
        .await;
    world
        .check(
            "publishCourse",
            "mutation P($id: ID!) { publishCourse(id: $id) { id } }",
            |_| json!({ "id": buyable.id }),
            [
                UNAUTH,
                DENIED,
                DENIED,
                DENIED,
                Allowed,
                DENIED,
                DENIED,
                Code(ErrorCode::Conflict),
                DENIED,
            ],
        )
        .await;
    world
        .check(
            "removeLesson",
            "mutation D($id: ID!) { removeLesson(id: $id) { id } }",
            // The creator removes the first lesson; everyone else tries the second.
            |i| json!({ "id": if i == 4 { &lessons[0] } else { &lessons[1] } }),
            [
                UNAUTH, DENIED, DENIED, DENIED, Allowed, DENIED, DENIED, Allowed, DENIED,
            ],
        )
        .await;
}
