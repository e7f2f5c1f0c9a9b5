//! The shared cache of course records: a popular course is read from the
//! database once for many viewers, yet the instance that changed it never
//! shows the old version, not even in the mutation's own answer.

use std::time::{Duration, Instant};

use lyceum_tests::{Session, TestApp, community::raw_id};
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

/// Sets a course's or thread's title in the database directly, as no
/// server would notice.
async fn retitle_behind_the_servers_back(app: &TestApp, table: &str, id: &str, title: &str) {
    app.db
        .execute_unprepared(&format!(
            "UPDATE {table} SET title = '{title}' WHERE id = {}",
            raw_id(id)
        ))
        .await
        .unwrap();
}

/// Changes the kept course and the untouched thread behind the servers' back.
async fn change_kept_records_behind(app: &TestApp, course: &str, thread: &str) {
    retitle_behind_the_servers_back(app, "courses", course, "Renamed behind").await;
    retitle_behind_the_servers_back(app, "threads", thread, "Retitled behind").await;
}

const EDITED_TITLE: &str = "Kept records, edited";

/// A keyed write: the thread's own records only.
async fn edit_thread(app: &TestApp, author: &Session, thread: &str) {
    app.gql_as(
        author,
        "mutation U($id: ID!, $title: String!) { updateThread(id: $id, input: { title: $title }) { id } }",
        json!({ "id": thread, "title": EDITED_TITLE }),
    )
    .await
    .ok();
}

/// A write the caches cannot narrow down: everything is forgotten.
async fn rename_course(app: &TestApp, creator: &Session, course: &str) {
    app.gql_as(
        creator,
        "mutation U($id: ID!) { updateCourse(id: $id, input: { title: \"Elsewhere, renamed\" }) { title } }",
        json!({ "id": course }),
    )
    .await
    .ok();
}

const THREAD_PAGE: &str = "query T($id: ID!) { thread(id: $id) { title answers(first: 10) { edges { node { score commentCount author { points } } } } } }";

const FIRST_ANSWER: &str = "/thread/answers/edges/0/node";

/// Writes of a member's own state (bookmarks, follows, reading
/// notifications) leave the shared records cached; votes, posts and edits
/// forget the posts and members they changed (which show at once) and keep
/// the rest; any other write forgets everything.
#[tokio::test]
async fn writes_forget_only_what_they_change() {
    let app = TestApp::spawn_with(|settings| settings.shared_cache_ttl_ms = 60_000).await;
    let creator = app.creator("author").await;
    let reader = app.learner("reader").await;
    let course = app.published_course(&creator, "Kept", 0, 1).await;
    let elsewhere = app.published_course(&creator, "Elsewhere", 0, 1).await;
    let thread = app.question(&creator, "Kept records").await;
    let answer = app.answer(&creator, &thread, "An answer to keep.").await;
    let untouched = app.question(&creator, "Untouched").await;
    let read = |query: &'static str, id: &str| {
        let (app, reader, vars) = (&app, &reader, json!({ "id": id }));
        async move { app.gql_as(reader, query, vars).await.ok().clone() }
    };
    let first_answer = |data: serde_json::Value| data.pointer(FIRST_ANSWER).unwrap().clone();
    assert_eq!(read(PAGE, &course.id).await["course"]["title"], "Kept");
    let before = first_answer(read(THREAD_PAGE, &thread).await);
    assert_eq!(
        (&before["score"], &before["commentCount"]),
        (&json!(0), &json!(0))
    );
    assert_eq!(
        read(THREAD_PAGE, &untouched).await["thread"]["title"],
        "Untouched"
    );

    // Changed behind the server's back: while the instance keeps their
    // records, it shows the old titles.
    change_kept_records_behind(&app, &course.id, &untouched).await;
    let kept = || async {
        assert_eq!(read(PAGE, &course.id).await["course"]["title"], "Kept");
        assert_eq!(
            read(THREAD_PAGE, &untouched).await["thread"]["title"],
            "Untouched"
        );
    };
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
    kept().await;

    // A vote: the score and the author's points show at once.
    app.vote(&reader, &answer, "UP").await.ok();
    let voted = first_answer(read(THREAD_PAGE, &thread).await);
    assert_eq!(voted["score"], 1);
    assert!(
        voted["author"]["points"].as_i64() > before["author"]["points"].as_i64(),
        "{before} → {voted}"
    );
    kept().await;

    // A comment and an edit: the same.
    app.post_comment(&reader, &answer, "Thanks.").await.ok();
    assert_eq!(
        first_answer(read(THREAD_PAGE, &thread).await)["commentCount"],
        1
    );
    edit_thread(&app, &creator, &thread).await;
    assert_eq!(
        read(THREAD_PAGE, &thread).await["thread"]["title"],
        EDITED_TITLE
    );
    kept().await;

    rename_course(&app, &creator, &elsewhere.id).await;
    assert_eq!(
        read(PAGE, &course.id).await["course"]["title"],
        "Renamed behind"
    );
    assert_eq!(
        read(THREAD_PAGE, &untouched).await["thread"]["title"],
        "Retitled behind"
    );
}

/// With several instances on one PostgreSQL database, a write on one makes
/// the others forget what it changed (as on the writing instance), long
/// before their time-to-live would.
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
    let elsewhere = app.published_course(&creator, "Elsewhere", 0, 1).await;
    let thread = app.question(&creator, "Kept records").await;
    let answer = app.answer(&creator, &thread, "An answer to keep.").await;
    let untouched = app.question(&creator, "Untouched").await;
    let on_peer = |query: &'static str, id: &str| {
        let (app, peer, reader, vars) = (&app, &peer, &reader, json!({ "id": id }));
        async move { app.gql_on(peer, reader, query, vars).await["data"].clone() }
    };
    // Reads on the peer until the field at `pointer` is `expected`.
    let until_the_peer_shows =
        |query: &'static str, id: &str, pointer: &'static str, expected: serde_json::Value| {
            let on_peer = &on_peer;
            let id = id.to_owned();
            let deadline = Instant::now() + Duration::from_secs(5);
            async move {
                loop {
                    let shown = on_peer(query, &id).await.pointer(pointer).cloned();
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
    // Notices of the writes above may still be on their way: an edit whose
    // new title the peer shows comes after all of them.
    edit_thread(&app, &creator, &thread).await;
    until_the_peer_shows(THREAD_PAGE, &thread, "/thread/title", json!(EDITED_TITLE)).await;
    assert_eq!(on_peer(PAGE, &course.id).await["course"]["title"], "Kept");
    assert_eq!(
        on_peer(THREAD_PAGE, &untouched).await["thread"]["title"],
        "Untouched"
    );

    // Changed behind every server's back: the peer keeps those records
    // through the first instance's own-state writes, votes and comments,
    // and shows what they changed.
    change_kept_records_behind(&app, &course.id, &untouched).await;
    app.gql_as(
        &reader,
        "mutation B($id: ID!) { bookmark(threadId: $id) { id } }",
        json!({ "id": thread }),
    )
    .await
    .ok();
    app.vote(&reader, &answer, "UP").await.ok();
    app.post_comment(&reader, &answer, "Thanks.").await.ok();
    let fresh = app
        .gql_as(&reader, THREAD_PAGE, json!({ "id": thread }))
        .await
        .ok()
        .pointer(FIRST_ANSWER)
        .unwrap()
        .clone();
    assert_eq!(
        (&fresh["score"], &fresh["commentCount"]),
        (&json!(1), &json!(1))
    );
    until_the_peer_shows(THREAD_PAGE, &thread, FIRST_ANSWER, fresh).await;
    assert_eq!(
        on_peer(PAGE, &course.id).await["course"]["title"],
        "Kept",
        "the peer keeps records no write touched"
    );
    assert_eq!(
        on_peer(THREAD_PAGE, &untouched).await["thread"]["title"],
        "Untouched"
    );

    // A write the caches cannot narrow down makes the peer forget everything.
    rename_course(&app, &creator, &elsewhere.id).await;
    until_the_peer_shows(PAGE, &course.id, "/course/title", json!("Renamed behind")).await;
    assert_eq!(
        on_peer(THREAD_PAGE, &untouched).await["thread"]["title"],
        "Retitled behind"
    );
}
