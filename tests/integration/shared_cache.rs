//! The shared cache of course records: a popular course is read from the
//! database once for many viewers, yet the instance that changed it never
//! shows the old version, not even in the mutation's own answer.

use std::time::{Duration, Instant};

use lyceum_tests::{GqlResponse, Session, TestApp, community::raw_id};
use sea_orm::ConnectionTrait;
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

/// Renames a course in the database directly, as no server would notice.
async fn rename_behind_the_servers_back(app: &TestApp, course_id: &str) {
    app.db
        .execute_unprepared(&format!(
            "UPDATE courses SET title = 'Renamed behind' WHERE id = {}",
            raw_id(course_id)
        ))
        .await
        .unwrap();
}

const EDITED_TITLE: &str = "Kept records, edited";

/// A write that is neither a vote nor the member's own state.
async fn edit_thread(app: &TestApp, author: &Session, thread: &str) {
    app.gql_as(
        author,
        "mutation U($id: ID!, $title: String!) { updateThread(id: $id, input: { title: $title }) { id } }",
        json!({ "id": thread, "title": EDITED_TITLE }),
    )
    .await
    .ok();
}

const THREAD_PAGE: &str = "query T($id: ID!) { thread(id: $id) { title answers(first: 10) { edges { node { score } } } } }";

/// Writes of a member's own state (bookmarks, follows, reading
/// notifications) leave the shared records cached; a vote forgets the posts
/// it changed (its new score shows at once) but keeps the courses; any other
/// write forgets everything.
#[tokio::test]
async fn own_state_writes_and_votes_forget_only_what_they_change() {
    let app = TestApp::spawn_with(|settings| settings.shared_cache_ttl_ms = 60_000).await;
    let creator = app.creator("author").await;
    let reader = app.learner("reader").await;
    let course = app.published_course(&creator, "Kept", 0, 1).await;
    let thread = app.question(&creator, "Kept records").await;
    let answer = app.answer(&creator, &thread, "An answer to keep.").await;
    let course_vars = json!({ "id": course.id });
    let thread_vars = json!({ "id": thread });
    let course_title = |response: GqlResponse| response.ok()["course"]["title"].clone();
    let first_score = |response: GqlResponse| {
        response.ok()["thread"]["answers"]["edges"][0]["node"]["score"].clone()
    };
    assert_eq!(
        course_title(app.gql_as(&reader, PAGE, course_vars.clone()).await),
        "Kept"
    );
    assert_eq!(
        first_score(app.gql_as(&reader, THREAD_PAGE, thread_vars.clone()).await),
        0
    );

    // Renamed behind the server's back: while the instance keeps the
    // course's record, it shows the old title.
    rename_behind_the_servers_back(&app, &course.id).await;
    let own_state_writes = [
        (
            "mutation B($id: ID!) { bookmark(threadId: $id) { id } }",
            json!({ "id": thread }),
        ),
        (
            "mutation F($id: ID!) { follow(targetId: $id) }",
            json!({ "id": creator.id }),
        ),
        ("mutation R { markNotificationsRead(ids: []) }", json!({})),
    ];
    for (mutation, vars) in own_state_writes {
        app.gql_as(&reader, mutation, vars).await.ok();
    }
    assert_eq!(
        course_title(app.gql_as(&reader, PAGE, course_vars.clone()).await),
        "Kept",
        "own-state writes keep the cached course"
    );

    app.vote(&reader, &answer, "UP").await.ok();
    assert_eq!(
        first_score(app.gql_as(&reader, THREAD_PAGE, thread_vars).await),
        1
    );
    assert_eq!(
        course_title(app.gql_as(&reader, PAGE, course_vars.clone()).await),
        "Kept",
        "a vote keeps the cached course"
    );

    edit_thread(&app, &creator, &thread).await;
    assert_eq!(
        course_title(app.gql_as(&reader, PAGE, course_vars).await),
        "Renamed behind"
    );
}

/// With several instances on one PostgreSQL database, a write on one makes
/// the others forget what it may have changed (the same classes as on the
/// writing instance), long before their time-to-live would.
#[tokio::test]
async fn a_write_on_one_instance_empties_the_other_instances_caches() {
    let app = TestApp::spawn_with(|settings| settings.shared_cache_ttl_ms = 60_000).await;
    if !app.database.is_postgres() {
        // One SQLite file serves one process.
        return;
    }
    let peer = app
        .spawn_peer_with(|settings| settings.shared_cache_ttl_ms = 60_000)
        .await;
    let creator = app.creator("author").await;
    let reader = app.learner("reader").await;
    let course = app.published_course(&creator, "Kept", 0, 1).await;
    let thread = app.question(&creator, "Kept records").await;
    let answer = app.answer(&creator, &thread, "An answer to keep.").await;
    let on_peer = |query: &'static str, vars: serde_json::Value| {
        let app = &app;
        let peer = &peer;
        let reader = &reader;
        async move { app.gql_on(peer, reader, query, vars).await["data"].clone() }
    };
    // Reads on the peer until the field at `pointer` is `expected`.
    let until_the_peer_shows = |query: &'static str,
                                vars: &serde_json::Value,
                                pointer: &'static str,
                                expected: serde_json::Value,
                                deadline: Instant| {
        let on_peer = &on_peer;
        let vars = vars.clone();
        async move {
            loop {
                let shown = on_peer(query, vars.clone()).await.pointer(pointer).cloned();
                if shown.as_ref() == Some(&expected) {
                    return;
                }
                assert!(
                    Instant::now() < deadline,
                    "the peer still shows {shown:?} at {pointer}"
                );
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    };
    let course_vars = json!({ "id": course.id });
    let thread_vars = json!({ "id": thread });
    // Notices of the writes above may still be on their way (they would
    // empty the peer's caches whenever they land): an edit whose new title
    // the peer shows comes after all of them.
    edit_thread(&app, &creator, &thread).await;
    let deadline = Instant::now() + Duration::from_secs(5);
    until_the_peer_shows(
        THREAD_PAGE,
        &thread_vars,
        "/thread/title",
        json!(EDITED_TITLE),
        deadline,
    )
    .await;
    assert_eq!(
        on_peer(PAGE, course_vars.clone()).await["course"]["title"],
        "Kept"
    );
    let first_score =
        |data: serde_json::Value| data["thread"]["answers"]["edges"][0]["node"]["score"].clone();
    assert_eq!(
        first_score(on_peer(THREAD_PAGE, thread_vars.clone()).await),
        0
    );

    // Renamed behind every server's back: the peer keeps its cached title
    // through a member's own-state write and a vote on the first instance,
    // and shows the vote's new score.
    rename_behind_the_servers_back(&app, &course.id).await;
    app.gql_as(
        &reader,
        "mutation B($id: ID!) { bookmark(threadId: $id) { id } }",
        json!({ "id": thread }),
    )
    .await
    .ok();
    app.vote(&reader, &answer, "UP").await.ok();
    let deadline = Instant::now() + Duration::from_secs(5);
    let first_score_at = "/thread/answers/edges/0/node/score";
    until_the_peer_shows(
        THREAD_PAGE,
        &thread_vars,
        first_score_at,
        json!(1),
        deadline,
    )
    .await;
    assert_eq!(
        on_peer(PAGE, course_vars.clone()).await["course"]["title"],
        "Kept",
        "own-state writes and votes keep the peer's cached course"
    );

    // Any other write makes the peer forget everything.
    app.answer(&creator, &thread, "Another answer.").await;
    until_the_peer_shows(
        PAGE,
        &course_vars,
        "/course/title",
        json!("Renamed behind"),
        deadline,
    )
    .await;
}
