//! Curation through the API: every action's effect, its log row, its
//! notification and its reversal; hidden content for members and staff;
//! locked and closed threads; merging; bulk actions.

use lyceum::error::ErrorCode;
use lyceum_tests::{
    Session, TestApp,
    community::{id_of, raw_id},
    courses::TestCourse,
};
use serde_json::{Value, json};

const T: &str = "id pinScope pinnedAt lockedAt hidden hiddenReason featuredAt tags \
                 answerCount commentCount deletedAt course { id } \
                 duplicateOf { id } mergedInto { id }";

pub async fn act(app: &TestApp, who: &Session, mutation: &str, args: &str, vars: Value) -> Value {
    let query = format!("mutation {args} {{ {mutation} {{ {T} }} }}");
    app.gql_as(who, &query, vars).await.ok()[mutation.split('(').next().unwrap()].clone()
}

pub fn q(mutation: &str, args: &str) -> String {
    format!("mutation {args} {{ {mutation} {{ id }} }}")
}

pub async fn log_rows(app: &TestApp, action: &str, target: &str) -> i64 {
    app.number(&format!(
        "SELECT COUNT(*) FROM moderation_log WHERE action = '{action}' AND target_id = {}",
        raw_id(target)
    ))
    .await
}

pub async fn notes(app: &TestApp, user: &Session, detail: &str) -> i64 {
    app.number(&format!(
        "SELECT COUNT(*) FROM notifications WHERE kind = 'MODERATION' AND detail = '{detail}' \
         AND user_id = {}",
        raw_id(&user.id)
    ))
    .await
}

/// Makes a user Expert-level (test thresholds: Expert from 5,000 points).
pub async fn make_expert(app: &TestApp, user: &Session) {
    use sea_orm::ConnectionTrait;
    app.db
        .execute_unprepared(&format!(
            "UPDATE users SET points = 6000, level = 3 WHERE id = {}",
            raw_id(&user.id)
        ))
        .await
        .unwrap();
}

/// A free published course and a thread in it by an enrolled learner.
pub async fn course_thread(
    app: &TestApp,
    creator: &Session,
    learner: &Session,
    title: &str,
) -> (TestCourse, String) {
    let course = app.published_course(creator, title, 0, 1).await;
    app.enrolled(learner, &course).await;
    let thread = app
        .post_thread(learner, Some(&course.id), "QUESTION", title, "Body?", &[])
        .await;
    (course, id_of(&thread.ok()["createThread"]))
}

const THREAD_T: &str = "query($id: ID!) { thread(id: $id) { id hidden hiddenReason \
                        mergedInto { id } deletedAt answerCount commentCount } }";

#[tokio::test]
async fn moderation_curation_pin_and_unpin() {
    let app = TestApp::spawn().await;
    let moderator = app.moderator("mod").await;
    let author = app.learner("author").await;
    let creator = app.creator("teacher").await;
    let thread = app.question(&author, "Pin me").await;
    let vars = json!({ "id": thread });

    let bad = app
        .gql_as(
            &moderator,
            &q("pinThread(threadId: $id, scope: COURSE)", "($id: ID!)"),
            vars.clone(),
        )
        .await;
    bad.expect_code(ErrorCode::BadUserInput);
    app.gql_as(
        &author,
        &q("pinThread(threadId: $id)", "($id: ID!)"),
        vars.clone(),
    )
    .await
    .expect_code(ErrorCode::Forbidden);
    let pinned = act(
        &app,
        &moderator,
        "pinThread(threadId: $id)",
        "($id: ID!)",
        vars.clone(),
    )
    .await;
    assert_eq!(pinned["pinScope"], "GLOBAL");
    assert!(pinned["pinnedAt"].is_string());
    // Again: unchanged, nothing written.
    act(
        &app,
        &moderator,
        "pinThread(threadId: $id)",
        "($id: ID!)",
        vars.clone(),
    )
    .await;
    assert_eq!(log_rows(&app, "PIN", &thread).await, 1);
    assert_eq!(notes(&app, &author, "PIN").await, 1);
    let listed = app
        .gql(
            "{ threads(filter: { pinned: true }) { nodes { id } } }",
            json!({}),
        )
        .await;
    assert_eq!(listed.ok()["threads"]["nodes"], json!([{ "id": thread }]));

    let unpinned = act(
        &app,
        &moderator,
        "unpinThread(threadId: $id)",
        "($id: ID!)",
        vars,
    )
    .await;
    assert!(unpinned["pinScope"].is_null() && unpinned["pinnedAt"].is_null());
    assert_eq!(log_rows(&app, "UNPIN", &thread).await, 1);
    assert_eq!(notes(&app, &author, "PIN").await, 1);
    let listed = app
        .gql(
            "{ threads(filter: { pinned: true }) { nodes { id } } }",
            json!({}),
        )
        .await;
    assert_eq!(listed.ok()["threads"]["nodes"], json!([]));

    // A course's creator pins in their course, with COURSE scope only.
    let (course, in_course) = course_thread(&app, &creator, &author, "Course pin").await;
    let vars = json!({ "id": in_course });
    app.gql_as(
        &creator,
        &q("pinThread(threadId: $id, scope: GLOBAL)", "($id: ID!)"),
        vars.clone(),
    )
    .await
    .expect_code(ErrorCode::Forbidden);
    let pinned = act(
        &app,
        &creator,
        "pinThread(threadId: $id)",
        "($id: ID!)",
        vars,
    )
    .await;
    assert_eq!(pinned["pinScope"], "COURSE");
    let listed = app
        .gql_as(
            &author,
            "query($c: ID!) { threads(filter: { courseId: $c, pinned: true }) { nodes { id } } }",
            json!({ "c": course.id }),
        )
        .await;
    assert_eq!(
        listed.ok()["threads"]["nodes"],
        json!([{ "id": in_course }])
    );
}

#[tokio::test]
async fn moderation_curation_feature_logs_and_notifies() {
    let app = TestApp::spawn().await;
    let moderator = app.moderator("mod").await;
    let author = app.learner("author").await;
    let thread = app.question(&author, "Feature me").await;
    let vars = json!({ "id": thread });
    let featured = act(
        &app,
        &moderator,
        "featureThread(threadId: $id)",
        "($id: ID!)",
        vars.clone(),
    )
    .await;
    assert!(featured["featuredAt"].is_string());
    let listed = app
        .gql(
            "{ threads(filter: { featured: true }) { nodes { id } } }",
            json!({}),
        )
        .await;
    assert_eq!(listed.ok()["threads"]["nodes"], json!([{ "id": thread }]));
    act(
        &app,
        &moderator,
        "featureThread(threadId: $id)",
        "($id: ID!)",
        vars.clone(),
    )
    .await;
    assert_eq!(log_rows(&app, "FEATURE", &thread).await, 1);
    assert_eq!(notes(&app, &author, "FEATURE").await, 1);
    let unfeatured = act(
        &app,
        &moderator,
        "unfeatureThread(threadId: $id)",
        "($id: ID!)",
        vars,
    )
    .await;
    assert!(unfeatured["featuredAt"].is_null());
    assert_eq!(log_rows(&app, "UNFEATURE", &thread).await, 1);
}

#[tokio::test]
async fn moderation_curation_lock_refuses_answers_and_comments() {
    let app = TestApp::spawn().await;
    let moderator = app.moderator("mod").await;
    let author = app.learner("author").await;
    let other = app.learner("other").await;
    let thread = app.question(&author, "Lock me").await;
    let answer = app.answer(&other, &thread, "Before the lock.").await;
    let vars = json!({ "id": thread, "r": "heated" });
    let locked = act(
        &app,
        &moderator,
        "lockThread(threadId: $id, reason: $r)",
        "($id: ID!, $r: String)",
        vars.clone(),
    )
    .await;
    assert!(locked["lockedAt"].is_string());
    assert_eq!(log_rows(&app, "LOCK", &thread).await, 1);
    assert_eq!(
        app.number("SELECT COUNT(*) FROM moderation_log WHERE reason = 'heated'")
            .await,
        1
    );
    assert_eq!(notes(&app, &author, "LOCK").await, 1);
    let before = app.community_snapshot().await;
    app.post_answer(&other, &thread, "After.")
        .await
        .expect_code(ErrorCode::Conflict);
    app.post_comment(&other, &thread, "After.")
        .await
        .expect_code(ErrorCode::Conflict);
    app.post_comment(&other, &answer, "After.")
        .await
        .expect_code(ErrorCode::Conflict);
    assert_eq!(
        app.community_snapshot().await,
        before,
        "refusals change nothing"
    );
    let unlocked = act(
        &app,
        &moderator,
        "unlockThread(threadId: $id)",
        "($id: ID!)",
        vars,
    )
    .await;
    assert!(unlocked["lockedAt"].is_null());
    assert_eq!(log_rows(&app, "UNLOCK", &thread).await, 1);
    app.post_answer(&other, &thread, "Open again.").await.ok();
}

#[tokio::test]
async fn moderation_curation_hidden_content_for_members_and_staff() {
    let app = TestApp::spawn().await;
    let moderator = app.moderator("mod").await;
    let author = app.learner("author").await;
    let member = app.learner("member").await;
    let thread = app.question(&author, "Hide me").await;
    let answer = app.answer(&member, &thread, "A hidden answer.").await;

    let hidden = app
        .gql_as(
            &moderator,
            "mutation($id: ID!) { hideContent(targetId: $id, reason: \"spam\") { \
             thread { id hidden hiddenReason } answer { id } } }",
            json!({ "id": thread }),
        )
        .await;
    assert_eq!(
        hidden.ok()["hideContent"]["thread"]["hiddenReason"],
        "MODERATOR"
    );
    assert_eq!(log_rows(&app, "HIDE", &thread).await, 1);
    assert_eq!(notes(&app, &author, "HIDE_CONTENT").await, 1);
    app.thread_as(Some(&member), &thread)
        .await
        .expect_code(ErrorCode::NotFound);
    app.thread_as(None, &thread)
        .await
        .expect_code(ErrorCode::NotFound);
    let list = "{ threads { nodes { id hidden } } }";
    assert_eq!(
        app.gql_as(&member, list, json!({})).await.ok()["threads"]["nodes"],
        json!([])
    );
    assert_eq!(
        app.gql_as(&moderator, list, json!({})).await.ok()["threads"]["nodes"],
        json!([{ "id": thread, "hidden": true }])
    );
    let seen = app.gql_as(&author, THREAD_T, json!({ "id": thread })).await;
    assert_eq!(seen.ok()["thread"]["hiddenReason"], "MODERATOR");
    let unhide = "mutation($id: ID!) { unhideContent(targetId: $id) { thread { id hidden } answer { id hidden } } }";
    let shown = app
        .gql_as(&moderator, unhide, json!({ "id": thread }))
        .await;
    assert_eq!(shown.ok()["unhideContent"]["thread"]["hidden"], false);
    assert_eq!(log_rows(&app, "UNHIDE", &thread).await, 1);
    assert_eq!(notes(&app, &author, "UNHIDE_CONTENT").await, 1);
    app.thread_as(Some(&member), &thread).await.ok();

    // An answer: in place for members with a null body, marked for staff.
    app.gql_as(
        &moderator,
        "mutation($id: ID!) { hideContent(targetId: $id) { answer { id hidden } } }",
        json!({ "id": answer }),
    )
    .await
    .ok();
    assert_eq!(notes(&app, &member, "HIDE_CONTENT").await, 1);
    let answers = "query($id: ID!) { thread(id: $id) { answerCount answers { nodes { id body hidden hiddenReason } } } }";
    let as_author = app.gql_as(&author, answers, json!({ "id": thread })).await;
    let node = &as_author.ok()["thread"]["answers"]["nodes"][0];
    assert_eq!(node["id"], answer);
    assert!(node["body"].is_null());
    assert_eq!(node["hidden"], true);
    assert!(node["hiddenReason"].is_null());
    let as_staff = app
        .gql_as(&moderator, answers, json!({ "id": thread }))
        .await;
    let node = &as_staff.ok()["thread"]["answers"]["nodes"][0];
    assert_eq!(node["body"], "A hidden answer.");
    assert_eq!(node["hiddenReason"], "MODERATOR");
    // Hidden by reports: a moderator's unhide releases it too.
    {
        use sea_orm::ConnectionTrait;
        app.db
            .execute_unprepared(&format!(
                "UPDATE answers SET hidden_reason = 'REPORTS' WHERE id = {}",
                raw_id(&answer)
            ))
            .await
            .unwrap();
    }
    let shown = app
        .gql_as(&moderator, unhide, json!({ "id": answer }))
        .await;
    assert_eq!(shown.ok()["unhideContent"]["answer"]["hidden"], false);
    let again = app.gql_as(&author, answers, json!({ "id": thread })).await;
    assert_eq!(again.ok()["thread"]["answerCount"], 1);
    assert_eq!(
        again.ok()["thread"]["answers"]["nodes"][0]["body"],
        "A hidden answer."
    );
}

#[tokio::test]
async fn moderation_curation_move_and_retag() {
    let app = TestApp::spawn().await;
    let moderator = app.moderator("mod").await;
    let author = app.learner("author").await;
    let outsider = app.learner("outsider").await;
    let creator = app.creator("teacher").await;
    let course = app.published_course(&creator, "Rust", 0, 1).await;
    app.enrolled(&author, &course).await;
    let thread = app.question(&author, "Move me").await;
    let moved = act(
        &app,
        &moderator,
        "moveThread(threadId: $id, courseId: $c)",
        "($id: ID!, $c: ID)",
        json!({ "id": thread, "c": course.id }),
    )
    .await;
    assert_eq!(moved["course"]["id"], course.id);
    assert_eq!(log_rows(&app, "MOVE", &thread).await, 1);
    assert_eq!(notes(&app, &author, "MOVE").await, 1);
    let after: i64 = app
        .number(&format!(
            "SELECT COUNT(*) FROM moderation_log WHERE action = 'MOVE' AND after LIKE '%\"courseId\":{}%'",
            raw_id(&course.id)
        ))
        .await;
    assert_eq!(after, 1, "the log keeps the new course");
    app.thread_as(Some(&outsider), &thread)
        .await
        .expect_code(ErrorCode::NotFound);
    let unknown = app
        .gql_as(
            &moderator,
            &q("moveThread(threadId: $id, courseId: $c)", "($id: ID!, $c: ID)"),
            json!({ "id": thread, "c": lyceum::graphql::ids::encode(lyceum::graphql::ids::NodeKind::Course, 999_999) }),
        )
        .await;
    unknown.expect_code(ErrorCode::NotFound);
    app.gql_as(
        &author,
        &q("moveThread(threadId: $id, courseId: null)", "($id: ID!)"),
        json!({ "id": thread }),
    )
    .await
    .expect_code(ErrorCode::Forbidden);
    let back = act(
        &app,
        &moderator,
        "moveThread(threadId: $id, courseId: null)",
        "($id: ID!)",
        json!({ "id": thread }),
    )
    .await;
    assert!(back["course"].is_null());
    app.thread_as(Some(&outsider), &thread).await.ok();

    let retagged = act(
        &app,
        &moderator,
        "retagThread(threadId: $id, tags: $t)",
        "($id: ID!, $t: [String!]!)",
        json!({ "id": thread, "t": ["rust", "async"] }),
    )
    .await;
    assert_eq!(retagged["tags"], json!(["async", "rust"]));
    assert_eq!(log_rows(&app, "RETAG", &thread).await, 1);
    assert_eq!(notes(&app, &author, "RETAG").await, 1);
    act(
        &app,
        &moderator,
        "retagThread(threadId: $id, tags: $t)",
        "($id: ID!, $t: [String!]!)",
        json!({ "id": thread, "t": ["async", "rust"] }),
    )
    .await;
    assert_eq!(
        log_rows(&app, "RETAG", &thread).await,
        1,
        "same tags: nothing"
    );
}

#[tokio::test]
async fn moderation_curation_close_as_duplicate_and_reopen() {
    let app = TestApp::spawn().await;
    let expert = app.learner("expert").await;
    make_expert(&app, &expert).await;
    let learner = app.learner("learner").await;
    let author = app.learner("author").await;
    let original = app.question(&author, "The original").await;
    let dup = app.question(&author, "The duplicate").await;
    let third = app.question(&author, "A third").await;
    let close = "closeAsDuplicate(threadId: $id, ofThreadId: $of)";
    let args = "($id: ID!, $of: ID!)";

    // The rewards privilege: closing duplicates needs Expert.
    let refused = app
        .gql_as(
            &learner,
            &q(close, args),
            json!({ "id": dup, "of": original }),
        )
        .await;
    assert_eq!(
        refused.expect_code(ErrorCode::Forbidden)["extensions"]["requiredLevel"],
        "EXPERT"
    );
    app.gql_as(&expert, &q(close, args), json!({ "id": dup, "of": dup }))
        .await
        .expect_code(ErrorCode::BadUserInput);
    let closed = act(
        &app,
        &expert,
        close,
        args,
        json!({ "id": dup, "of": original }),
    )
    .await;
    assert_eq!(closed["duplicateOf"]["id"], original);
    assert_eq!(log_rows(&app, "CLOSE_AS_DUPLICATE", &dup).await, 1);
    assert_eq!(notes(&app, &author, "CLOSE_AS_DUPLICATE").await, 1);
    app.gql_as(
        &expert,
        &q(close, args),
        json!({ "id": dup, "of": original }),
    )
    .await
    .expect_code(ErrorCode::Conflict);
    app.gql_as(&expert, &q(close, args), json!({ "id": third, "of": dup }))
        .await
        .expect_code(ErrorCode::BadUserInput);
    app.post_answer(&learner, &dup, "Too late.")
        .await
        .expect_code(ErrorCode::Conflict);
    app.post_comment(&learner, &dup, "Comments still welcome.")
        .await
        .ok();

    let reopen = "reopenThread(threadId: $id)";
    app.gql_as(&learner, &q(reopen, "($id: ID!)"), json!({ "id": dup }))
        .await
        .expect_code(ErrorCode::Forbidden);
    let reopened = act(&app, &expert, reopen, "($id: ID!)", json!({ "id": dup })).await;
    assert!(reopened["duplicateOf"].is_null());
    assert_eq!(log_rows(&app, "REOPEN", &dup).await, 1);
    app.post_answer(&learner, &dup, "Open again.").await.ok();
}

#[tokio::test]
async fn moderation_curation_merge_moves_posts_and_followers() {
    let app = TestApp::spawn().await;
    let moderator = app.moderator("mod").await;
    let author = app.learner("author").await;
    let follower = app.learner("follower").await;
    let answerer = app.learner("answerer").await;
    let creator = app.creator("teacher").await;
    let from = app.question(&author, "Merge from").await;
    let into = app.question(&answerer, "Merge into").await;
    let a1 = app.answer(&answerer, &from, "First.").await;
    app.answer(&follower, &from, "Second.").await;
    app.answer(&author, &into, "Third.").await;
    app.post_comment(&follower, &from, "On the thread.")
        .await
        .ok();
    app.post_comment(&follower, &a1, "On an answer.").await.ok();
    let follow = "mutation($id: ID!) { follow(targetId: $id) }";
    app.gql_as(&follower, follow, json!({ "id": from }))
        .await
        .ok();
    let merge = "mergeThreads(fromId: $f, intoId: $i)";
    let args = "($f: ID!, $i: ID!)";

    app.gql_as(&moderator, &q(merge, args), json!({ "f": from, "i": from }))
        .await
        .expect_code(ErrorCode::BadUserInput);
    let merged = act(
        &app,
        &moderator,
        merge,
        args,
        json!({ "f": from, "i": into }),
    )
    .await;
    assert_eq!(merged["id"], into);
    assert_eq!(merged["answerCount"], 3);
    assert_eq!(merged["commentCount"], 2);
    assert_eq!(log_rows(&app, "MERGE", &from).await, 1);
    assert_eq!(notes(&app, &author, "MERGE").await, 1);
    let old = app.gql_as(&follower, THREAD_T, json!({ "id": from })).await;
    assert_eq!(old.ok()["thread"]["mergedInto"]["id"], into);
    assert!(old.ok()["thread"]["deletedAt"].is_string());
    let (from_raw, into_raw) = (raw_id(&from), raw_id(&into));
    assert_eq!(
        app.number(&format!(
            "SELECT COUNT(*) FROM answers WHERE thread_id = {into_raw}"
        ))
        .await,
        3
    );
    assert_eq!(
        app.number(&format!(
            "SELECT COUNT(*) FROM comments WHERE thread_id = {into_raw}"
        ))
        .await,
        2
    );
    assert_eq!(
        app.number(&format!(
            "SELECT COUNT(*) FROM follows WHERE target_kind = 'THREAD' AND target_id = {into_raw} \
             AND user_id = {}",
            raw_id(&follower.id)
        ))
        .await,
        1
    );
    assert_eq!(
        app.number(&format!(
            "SELECT COUNT(*) FROM follows WHERE target_kind = 'THREAD' AND target_id = {from_raw}"
        ))
        .await,
        0
    );
    // Into a tombstone, or from one: NOT_FOUND.
    let other = app.question(&author, "Another").await;
    app.gql_as(
        &moderator,
        &q(merge, args),
        json!({ "f": other, "i": from }),
    )
    .await
    .expect_code(ErrorCode::NotFound);
    // A course's creator does not merge, even in their own course.
    let (_, c1) = course_thread(&app, &creator, &author, "Course A").await;
    let c2 = id_of(
        &app.post_thread(&creator, None, "QUESTION", "Creator's", "Body", &[])
            .await
            .ok()["createThread"],
    );
    let before = app.community_snapshot().await;
    app.gql_as(&creator, &q(merge, args), json!({ "f": c1, "i": c2 }))
        .await
        .expect_code(ErrorCode::Forbidden);
    assert_eq!(app.community_snapshot().await, before);
}

#[tokio::test]
async fn moderation_curation_bulk_partial_success() {
    let app = TestApp::spawn().await;
    let moderator = app.moderator("mod").await;
    let author = app.learner("author").await;
    let t1 = app.question(&author, "Bulk one").await;
    let t2 = app.question(&author, "Bulk two").await;
    let missing = lyceum::graphql::ids::encode(lyceum::graphql::ids::NodeKind::Thread, 999_999);
    let bulk = "mutation($input: CurateThreadsInput!) { curateThreads(input: $input) { \
                threadId thread { id lockedAt } error { code } } }";
    let done = app
        .gql_as(
            &moderator,
            bulk,
            json!({ "input": { "threadIds": [t1, missing, t2], "action": "LOCK", "reason": "bulk" } }),
        )
        .await;
    let results = done.ok()["curateThreads"].as_array().unwrap().clone();
    assert_eq!(results.len(), 3);
    assert!(results[0]["thread"]["lockedAt"].is_string());
    assert_eq!(results[1]["error"]["code"], "NOT_FOUND");
    assert!(results[1]["thread"].is_null());
    assert!(results[2]["thread"]["lockedAt"].is_string());
    assert_eq!(log_rows(&app, "LOCK", &t1).await, 1);
    assert_eq!(log_rows(&app, "LOCK", &t2).await, 1);
    let none = app
        .gql_as(
            &moderator,
            bulk,
            json!({ "input": { "threadIds": [], "action": "LOCK" } }),
        )
        .await;
    none.expect_code(ErrorCode::BadUserInput);
    let many: Vec<String> = (0..101).map(|_| t1.clone()).collect();
    app.gql_as(
        &moderator,
        bulk,
        json!({ "input": { "threadIds": many, "action": "UNLOCK" } }),
    )
    .await
    .expect_code(ErrorCode::BadUserInput);
    // A member's bulk: every id refused, nothing changed.
    let refused = app
        .gql_as(
            &author,
            bulk,
            json!({ "input": { "threadIds": [t1], "action": "UNLOCK" } }),
        )
        .await;
    assert_eq!(
        refused.ok()["curateThreads"][0]["error"]["code"],
        "FORBIDDEN"
    );
}
