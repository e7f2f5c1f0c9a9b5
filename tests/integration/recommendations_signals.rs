//! The recommender's training set from the platform's signals, and
//! `recordCourseView`.

use std::time::{Duration, Instant};

use entity::{course_views, reviews};
use lyceum::clock::Clock;
use lyceum::{
    error::ErrorCode,
    graphql::ids::{self, NodeKind},
    recommend::TrainingData,
    services::recommendations::signals::{self, weights},
};
use lyceum_tests::{
    PASSWORD, Session, TestApp,
    community::{id_of, raw_id},
};
use sea_orm::{ActiveModelTrait, Set};
use serde_json::json;

const COMPLETE: &str = "mutation C($id: ID!) { completeLesson(lessonId: $id) { id } }";
const REFUND: &str =
    "mutation R($id: ID!) { refundEnrollment(enrollmentId: $id, reason: \"not for me\") { id } }";
const BOOKMARK: &str = "mutation B($id: ID!) { bookmark(threadId: $id) { id } }";
const FOLLOW: &str = "mutation F($id: ID!) { follow(targetId: $id) }";
const DELETE_THREAD: &str = "mutation D($id: ID!) { deleteThread(id: $id) { id } }";
const HIDE: &str =
    "mutation H($id: ID!) { hideContent(targetId: $id, reason: \"spam\") { __typename } }";
const DELETE_ACCOUNT: &str = "mutation D($p: String!) { deleteMyAccount(password: $p) }";
const VIEW: &str = "mutation V($id: ID!) { recordCourseView(courseId: $id) }";

fn course_key(id: &str) -> String {
    format!("c{}", raw_id(id))
}

fn thread_key(id: &str) -> String {
    format!("t{}", raw_id(id))
}

/// The weight of `user`'s row on `item`, if the training set has one.
fn weight(data: &TrainingData, user: &Session, item: &str) -> Option<f32> {
    let user_key = raw_id(&user.id).to_string();
    let u = data.user_ids.iter().position(|id| *id == user_key)?;
    let i = data.item_ids.iter().position(|id| id == item)? as u32;
    let (items, weights) = data.interactions.row(u);
    items.iter().position(|&x| x == i).map(|k| weights[k])
}

fn has_user(data: &TrainingData, user: &Session) -> bool {
    data.user_ids.contains(&raw_id(&user.id).to_string())
}

async fn collect(app: &TestApp) -> TrainingData {
    signals::collect(&app.db, &|_| {})
        .await
        .expect("collecting the training set")
}

async fn insert_view(app: &TestApp, user: &Session, course_id: &str) {
    course_views::ActiveModel {
        user_id: Set(raw_id(&user.id)),
        course_id: Set(raw_id(course_id)),
        viewed_at: Set(app.clock.now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("a course view");
}

#[tokio::test]
async fn recommendations_signals_count_with_their_weights_and_skip_what_is_gone() {
    let app = TestApp::spawn().await;
    let creator = app.creator("creator").await;
    let moderator = app.moderator("moderator").await;
    let learner = app.learner("learner").await;
    let refunded = app.learner("refunded").await;
    let asker = app.learner("asker").await;
    let answerer = app.learner("answerer").await;
    let hidden_answerer = app.learner("hiddenanswerer").await;
    let voter = app.learner("voter").await;
    let downvoter = app.learner("downvoter").await;
    let busy = app.learner("busy").await;
    let leaver = app.learner("leaver").await;

    // Courses: enrolment, a lesson, a five-star review and six page views
    // (four count); a refunded enrolment; a draft's views.
    let course = app
        .published_course(&creator, "Rust Basics", 1_000, 2)
        .await;
    let draft = app.draft_course(&creator, "Secret Draft", 1_000).await;
    app.enrolled(&learner, &course).await;
    app.gql_as(&learner, COMPLETE, json!({ "id": course.lesson_ids[0] }))
        .await
        .ok();
    reviews::ActiveModel {
        course_id: Set(raw_id(&course.id)),
        user_id: Set(raw_id(&learner.id)),
        rating: Set(5),
        body: Set("Great".into()),
        helpful_count: Set(0),
        created_at: Set(app.clock.now()),
        updated_at: Set(app.clock.now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("a review");
    for _ in 0..6 {
        insert_view(&app, &learner, &course.id).await;
    }
    insert_view(&app, &learner, &draft.id).await;
    insert_view(&app, &creator, &course.id).await;
    let enrolment = app.enrolled(&refunded, &course).await;
    app.gql_as(&refunded, REFUND, json!({ "id": enrolment }))
        .await
        .ok();

    // Threads: asking, answering and commenting, votes, a bookmark and a
    // follow; a deleted thread; a hidden answer; a member who piles up
    // more than the cap; a deleted account.
    let thread = app
        .post_thread(
            &asker,
            None,
            "QUESTION",
            "Lifetimes?",
            "How do they work?",
            &["rust"],
        )
        .await;
    let thread = id_of(&thread.ok()["createThread"]);
    let answer = app.answer(&answerer, &thread, "Like scopes.").await;
    app.post_comment(&answerer, &thread, "Also see the book.")
        .await
        .ok();
    app.vote(&voter, &thread, "UP").await.ok();
    app.vote(&voter, &answer, "UP").await.ok();
    app.vote(&downvoter, &answer, "DOWN").await.ok();
    app.gql_as(&voter, BOOKMARK, json!({ "id": thread }))
        .await
        .ok();
    app.gql_as(&voter, FOLLOW, json!({ "id": thread }))
        .await
        .ok();
    let hidden = app.answer(&hidden_answerer, &thread, "Buy my course").await;
    app.post_comment(&voter, &hidden, "Spam?").await.ok();
    app.gql_as(&moderator, HIDE, json!({ "id": hidden }))
        .await
        .ok();
    let gone = app.question(&asker, "Deleted question").await;
    app.answer(&answerer, &gone, "An answer to a deleted question")
        .await;
    app.gql_as(&asker, DELETE_THREAD, json!({ "id": gone }))
        .await
        .ok();
    for i in 0..6 {
        app.answer(&busy, &thread, &format!("Answer number {i}"))
            .await;
    }
    app.gql_as(&leaver, BOOKMARK, json!({ "id": thread }))
        .await
        .ok();
    app.gql_as(&leaver, DELETE_ACCOUNT, json!({ "p": PASSWORD }))
        .await
        .ok();

    let data = collect(&app).await;
    let (c, t) = (course_key(&course.id), thread_key(&thread));
    let views = f32::from(weights::VIEWS_COUNTED) * weights::VIEW;
    assert_eq!(
        weight(&data, &learner, &c),
        Some(weights::ENROLMENT + weights::LESSON + weights::review(5) + views)
    );
    assert_eq!(weight(&data, &learner, &course_key(&draft.id)), None);
    assert!(!data.item_ids.contains(&course_key(&draft.id)));
    assert_eq!(weight(&data, &creator, &c), None, "a creator's own course");
    assert!(
        !has_user(&data, &refunded),
        "a refunded enrolment counts for nothing"
    );

    assert_eq!(weight(&data, &asker, &t), Some(weights::ASKING));
    assert_eq!(
        weight(&data, &answerer, &t),
        Some(weights::ANSWERING + weights::COMMENTING)
    );
    assert_eq!(
        weight(&data, &voter, &t),
        Some(
            weights::UPVOTE_THREAD
                + weights::UPVOTE_ANSWER
                + weights::BOOKMARK
                + weights::FOLLOW_THREAD
        ),
        "the comment on the hidden answer does not count"
    );
    assert!(
        !has_user(&data, &hidden_answerer),
        "a hidden answer counts for nothing"
    );
    assert!(
        !has_user(&data, &downvoter),
        "a downvote counts for nothing"
    );
    assert_eq!(weight(&data, &busy, &t), Some(weights::CAP));
    assert!(!data.item_ids.contains(&thread_key(&gone)));
    assert!(
        !has_user(&data, &leaver),
        "a deleted account's signals are gone"
    );

    // Every item has its text and tags; every row its latest time.
    let text_of = |key: &str| {
        let i = data.item_ids.iter().position(|id| id == key).unwrap();
        data.item_text.as_ref().expect("item text")[i].clone()
    };
    let course_text = text_of(&c);
    assert!(course_text.text.contains("Rust Basics"), "{course_text:?}");
    assert!(
        course_text.text.contains("All about Rust Basics"),
        "{course_text:?}"
    );
    assert_eq!(course_text.tags, vec!["testing".to_owned()]);
    let thread_text = text_of(&t);
    assert_eq!(thread_text.text, "Lifetimes?");
    assert_eq!(thread_text.tags, vec!["rust".to_owned()]);
    let now = app.clock.now().timestamp();
    for u in 0..data.user_ids.len() {
        for &at in data.interactions.row_timestamps(u) {
            assert!((now - 3_600..=now + 60).contains(&at), "{at} vs {now}");
        }
    }

    // The same snapshot gives the same training set.
    let again = collect(&app).await;
    assert_eq!(again.user_ids, data.user_ids);
    assert_eq!(again.item_ids, data.item_ids);
    assert_eq!(again.interactions, data.interactions);
    assert_eq!(again.item_text, data.item_text);
}

/// Waits until `sql` (a count) reaches `expected`, for views written in
/// the background.
async fn wait_for_count(app: &TestApp, sql: &str, expected: i64) {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let n = app.number(sql).await;
        if n == expected {
            return;
        }
        assert!(Instant::now() < deadline, "{sql}: {n}, expected {expected}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn recommendations_signals_record_course_views_in_the_background() {
    let app = TestApp::spawn().await;
    let creator = app.creator("creator").await;
    let member = app.learner("member").await;
    let course = app.published_course(&creator, "Viewed Course", 0, 1).await;

    app.gql(VIEW, json!({ "id": course.id }))
        .await
        .expect_code(ErrorCode::Unauthenticated);
    for bad in ["nope", member.id.as_str()] {
        app.gql_as(&member, VIEW, json!({ "id": bad }))
            .await
            .expect_code(ErrorCode::BadUserInput);
    }

    // A view of a course that does not exist is accepted and dropped by
    // the writer; the real one queued after it is stored.
    let missing = ids::encode(NodeKind::Course, 987_654);
    for id in [missing.0.as_str(), course.id.as_str()] {
        let response = app.gql_as(&member, VIEW, json!({ "id": id })).await;
        assert_eq!(response.ok()["recordCourseView"], json!(true));
    }
    let (user, course_id) = (raw_id(&member.id), raw_id(&course.id));
    wait_for_count(
        &app,
        &format!(
            "SELECT COUNT(*) FROM course_views WHERE user_id = {user} AND course_id = {course_id}"
        ),
        1,
    )
    .await;
    assert_eq!(
        app.number("SELECT COUNT(*) FROM course_views WHERE course_id = 987654")
            .await,
        0
    );

    // /metrics counts both as written (the missing course's was filtered
    // out in a successful write).
    let written = r#"lyceum_batch_queue_records{queue="course_views",outcome="written"} 2"#;
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let text = app.get("/metrics").await.text().await.unwrap();
        if text.contains(written) {
            break;
        }
        assert!(Instant::now() < deadline, "{written} not in {text}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // Stored views are signals.
    let data = collect(&app).await;
    assert_eq!(
        weight(&data, &member, &course_key(&course.id)),
        Some(weights::VIEW)
    );
}
