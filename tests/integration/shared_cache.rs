//! The shared cache of course records: a popular course is read from the
//! database once for many viewers, yet the instance that changed it never
//! shows the old version, not even in the mutation's own answer.

use lyceum_tests::TestApp;
use serde_json::json;

const PAGE: &str = "query P($id: ID!) { course(id: $id) { title creator { displayName } tags lessons { title } } }";

#[tokio::test]
async fn course_records_are_shared_between_viewers_and_writes_show_at_once() {
    // A long time-to-live, so that only writes can empty the cache here.
    let app = TestApp::spawn_with(|settings| settings.shared_cache_ttl_ms = 60_000).await;
    let creator = app.creator("author").await;
    let first_reader = app.learner("first").await;
    let second_reader = app.learner("second").await;
    let course = app.published_course(&creator, "Shared", 0, 2).await;
    let vars = json!({ "id": course.id });

    let before = app.statements_sent().await;
    let first = app.gql_as(&first_reader, PAGE, vars.clone()).await;
    let cold = app.statements_sent().await - before;
    let before = app.statements_sent().await;
    let second = app.gql_as(&second_reader, PAGE, vars.clone()).await;
    let warm = app.statements_sent().await - before;
    assert_eq!(first.ok(), second.ok());
    // Cold: the session, the course, its creator, tags and lessons, and the
    // reader's enrolment (which decides what lessons show); warm: only the
    // second reader's session and enrolment, which are never shared.
    assert_eq!((cold, warm), (6, 2), "statements of a cold and a warm read");

    // The mutation's own answer shows the lesson it added, though the
    // course's lessons were cached a moment ago.
    let added = app
        .gql_as(
            &creator,
            "mutation A($id: ID!, $input: AddLessonInput!) { addLesson(courseId: $id, input: $input) { course { lessons { title } } } }",
            json!({ "id": course.id, "input": { "title": "Fresh lesson", "body": "New.", "durationMinutes": 5 } }),
        )
        .await;
    let titles = added.ok()["addLesson"]["course"]["lessons"].clone();
    assert_eq!(titles.as_array().unwrap().len(), 3, "{titles}");
    assert_eq!(titles[2]["title"], "Fresh lesson");

    // So do the next reads, for everyone.
    let renamed = app
        .gql_as(
            &creator,
            "mutation U($id: ID!) { updateCourse(id: $id, input: { title: \"Shared, renamed\" }) { title } }",
            json!({ "id": course.id }),
        )
        .await;
    assert_eq!(renamed.ok()["updateCourse"]["title"], "Shared, renamed");
    let after = app.gql_as(&second_reader, PAGE, vars).await;
    assert_eq!(after.ok()["course"]["title"], "Shared, renamed");
    assert_eq!(after.ok()["course"]["lessons"].as_array().unwrap().len(), 3);
}
