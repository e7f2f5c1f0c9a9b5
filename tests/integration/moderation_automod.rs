//! Auto-moderation: watched words (staff only, unique, normalised) that
//! block a post (nothing written) or hold it (hidden, a queue item, an
//! AUTO_HOLD log row), word boundaries, Chinese substrings, full-width
//! letters, and links from Novice members held (or not, when configured).

use lyceum::error::ErrorCode;
use lyceum_tests::{
    GqlResponse, Session, TestApp,
    community::{id_of, raw_id},
    rewards_defaults,
};
use serde_json::{Value, json};

const ADD: &str = r#"mutation($word: String!, $action: WatchedWordAction!) {
  addWatchedWord(word: $word, action: $action) { id word action createdBy { username } }
}"#;
const REMOVE: &str = "mutation($id: ID!) { removeWatchedWord(id: $id) { id word action } }";
const LIST: &str = r#"query($first: Int, $after: String) {
  watchedWords(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id word action }
  }
}"#;
const THREAD: &str = "query($id: ID!) { thread(id: $id) { id body hidden hiddenReason } }";
const POST: &str = r#"query($id: ID!) { node(id: $id) {
  ... on Answer { id body hidden hiddenReason }
  ... on Comment { id body hidden hiddenReason }
} }"#;
const UPDATE_ANSWER: &str =
    "mutation($id: ID!, $body: String!) { updateAnswer(id: $id, body: $body) { id body } }";
const UPDATE_COMMENT: &str =
    "mutation($id: ID!, $body: String!) { updateComment(id: $id, body: $body) { id body } }";
const UPDATE_THREAD: &str = r#"mutation($id: ID!, $title: String) {
  updateThread(id: $id, input: { title: $title }) { id title }
}"#;

async fn watch(app: &TestApp, staff: &Session, word: &str, action: &str) -> String {
    let added = app
        .gql_as(staff, ADD, json!({ "word": word, "action": action }))
        .await;
    id_of(&added.ok()["addWatchedWord"])
}

async fn thread(app: &TestApp, author: &Session, title: &str, body: &str) -> GqlResponse {
    app.post_thread(author, None, "DISCUSSION", title, body, &[])
        .await
}

#[track_caller]
fn expect_bad_input(response: &GqlResponse, field: &str) {
    let error = response.expect_code(ErrorCode::BadUserInput);
    assert_eq!(error["extensions"]["field"], field, "{error}");
}

async fn counts(app: &TestApp) -> [i64; 4] {
    [
        app.number("SELECT COUNT(*) FROM threads").await,
        app.number("SELECT COUNT(*) FROM answers").await,
        app.number("SELECT COUNT(*) FROM comments").await,
        app.number("SELECT COUNT(*) FROM moderation_items").await,
    ]
}

async fn open_items(app: &TestApp, target_type: &str, id: &str, source: &str) -> i64 {
    app.number(&format!(
        "SELECT COUNT(*) FROM moderation_items WHERE target_type = '{target_type}' \
         AND target_id = {} AND status = 'OPEN' AND source = '{source}' AND auto_hidden",
        raw_id(id)
    ))
    .await
}

async fn holds_logged(app: &TestApp, target_type: &str, id: &str) -> i64 {
    app.number(&format!(
        "SELECT COUNT(*) FROM moderation_log WHERE action = 'AUTO_HOLD' AND actor_id IS NULL \
         AND target_type = '{target_type}' AND target_id = {}",
        raw_id(id)
    ))
    .await
}

async fn post_as(app: &TestApp, viewer: &Session, id: &str) -> Value {
    app.gql_as(viewer, POST, json!({ "id": id })).await.ok()["node"].clone()
}

#[tokio::test]
async fn blocked_words_refuse_every_kind_of_post_and_write_nothing() {
    let app = TestApp::spawn().await;
    let moderator = app.moderator("mod").await;
    let author = app.learner("author").await;
    watch(&app, &moderator, "ass", "BLOCK").await;
    watch(&app, &moderator, " SPAM ", "BLOCK").await;
    watch(&app, &moderator, "垃圾", "BLOCK").await;
    let clean = app.question(&author, "A clean question").await;
    let answer = app.answer(&author, &clean, "A clean answer").await;
    let before = counts(&app).await;

    expect_bad_input(
        &thread(&app, &author, "Buy spam now", "body").await,
        "title",
    );
    expect_bad_input(
        &thread(&app, &author, "Title", "Some Spam here").await,
        "body",
    );
    // Full-width letters are the same word once normalised (NFKC).
    expect_bad_input(&thread(&app, &author, "Title", "ＳＰＡＭ!").await, "body");
    // A Chinese word matches inside a longer run of text.
    expect_bad_input(
        &thread(&app, &author, "Title", "这是垃圾广告").await,
        "body",
    );
    expect_bad_input(&app.post_answer(&author, &clean, "you ass").await, "body");
    expect_bad_input(
        &app.post_comment(&author, &answer, "spam spam").await,
        "body",
    );
    expect_bad_input(&app.post_comment(&author, &clean, "(SPAM)").await, "body");
    let edited = app
        .gql_as(
            &author,
            UPDATE_ANSWER,
            json!({ "id": answer, "body": "spam" }),
        )
        .await;
    expect_bad_input(&edited, "body");
    let retitled = app
        .gql_as(
            &author,
            UPDATE_THREAD,
            json!({ "id": clean, "title": "spam" }),
        )
        .await;
    expect_bad_input(&retitled, "title");
    assert_eq!(counts(&app).await, before);
    assert_eq!(
        app.number("SELECT COUNT(*) FROM post_revisions").await,
        0,
        "a refused edit records no revision"
    );

    // Whole words only for words of letters: "ass" is not in "class".
    thread(&app, &author, "A class act", "Spamalot and classes")
        .await
        .ok();
    assert_eq!(counts(&app).await[0], before[0] + 1);
}

#[tokio::test]
async fn held_words_hide_posts_from_members_until_review() {
    let app = TestApp::spawn().await;
    let moderator = app.moderator("mod").await;
    let author = app.learner("author").await;
    let other = app.learner("other").await;
    watch(&app, &moderator, "casino", "HOLD").await;

    let held = thread(&app, &author, "Fun", "Visit my CASINO tonight").await;
    let held = id_of(&held.ok()["createThread"]);
    app.gql_as(&other, THREAD, json!({ "id": held }))
        .await
        .expect_code(ErrorCode::NotFound);
    for viewer in [&author, &moderator] {
        let seen = app.gql_as(viewer, THREAD, json!({ "id": held })).await;
        let seen = &seen.ok()["thread"];
        assert_eq!(seen["hidden"], true, "{seen}");
        assert_eq!(seen["hiddenReason"], "HELD");
        assert_eq!(seen["body"], "Visit my CASINO tonight");
    }
    assert_eq!(open_items(&app, "THREAD", &held, "WATCHED_WORD").await, 1);
    assert_eq!(holds_logged(&app, "THREAD", &held).await, 1);
    let detail = app
        .number(&format!(
            "SELECT COUNT(*) FROM moderation_items WHERE target_id = {} AND detail = 'casino'",
            raw_id(&held)
        ))
        .await;
    assert_eq!(detail, 1);

    // An answer on a clean thread: a placeholder for others, not counted.
    let clean = app.question(&author, "Clean").await;
    let answer = app.post_answer(&author, &clean, "try the casino").await;
    let answer = id_of(&answer.ok()["createAnswer"]);
    assert_eq!(post_as(&app, &other, &answer).await["body"], Value::Null);
    let mine = post_as(&app, &author, &answer).await;
    assert_eq!(mine["hidden"], true);
    assert_eq!(mine["body"], "try the casino");
    assert_eq!(
        post_as(&app, &moderator, &answer).await["hiddenReason"],
        "HELD"
    );
    assert_eq!(
        app.number(&format!(
            "SELECT answer_count FROM threads WHERE id = {}",
            raw_id(&clean)
        ))
        .await,
        0
    );
    assert_eq!(open_items(&app, "ANSWER", &answer, "WATCHED_WORD").await, 1);
    assert_eq!(holds_logged(&app, "ANSWER", &answer).await, 1);

    // Editing a clean comment to add the word holds it too.
    let comment = app.post_comment(&author, &clean, "nice").await;
    let comment = id_of(&comment.ok()["createComment"]);
    assert_eq!(post_as(&app, &other, &comment).await["hidden"], false);
    app.gql_as(
        &author,
        UPDATE_COMMENT,
        json!({ "id": comment, "body": "nice casino" }),
    )
    .await
    .ok();
    assert_eq!(post_as(&app, &other, &comment).await["body"], Value::Null);
    assert_eq!(
        open_items(&app, "COMMENT", &comment, "WATCHED_WORD").await,
        1
    );
    assert_eq!(holds_logged(&app, "COMMENT", &comment).await, 1);

    // Staff are never held.
    let staff_thread = thread(&app, &moderator, "Casino rules", "No casino links").await;
    let staff_thread = id_of(&staff_thread.ok()["createThread"]);
    let seen = app
        .gql_as(&other, THREAD, json!({ "id": staff_thread }))
        .await;
    assert_eq!(seen.ok()["thread"]["hidden"], false);
}

#[tokio::test]
async fn links_from_novice_members_are_held() {
    let app = TestApp::spawn_with(rewards_defaults).await;
    let novice = app.learner("novice").await;
    let other = app.learner("other").await;
    let linked = thread(&app, &novice, "Look", "See https://example.com").await;
    let linked = id_of(&linked.ok()["createThread"]);
    app.gql_as(&other, THREAD, json!({ "id": linked }))
        .await
        .expect_code(ErrorCode::NotFound);
    assert_eq!(open_items(&app, "THREAD", &linked, "NOVICE_LINKS").await, 1);
    assert_eq!(holds_logged(&app, "THREAD", &linked).await, 1);

    let plain = thread(&app, &novice, "Plain", "No links at all").await;
    let plain = id_of(&plain.ok()["createThread"]);
    let seen = app.gql_as(&other, THREAD, json!({ "id": plain })).await;
    assert_eq!(seen.ok()["thread"]["hidden"], false);
    // An answer with a link on one's own thread is held as well.
    let answer = app
        .post_answer(&novice, &plain, "[docs](http://docs.example)")
        .await;
    let answer = id_of(&answer.ok()["createAnswer"]);
    assert_eq!(post_as(&app, &other, &answer).await["body"], Value::Null);
    assert_eq!(open_items(&app, "ANSWER", &answer, "NOVICE_LINKS").await, 1);
}

#[tokio::test]
async fn novice_links_pass_when_holding_them_is_off() {
    let app = TestApp::spawn_with(|settings| {
        rewards_defaults(settings);
        settings.hold_novice_links = false;
    })
    .await;
    let novice = app.learner("novice").await;
    let other = app.learner("other").await;
    let linked = thread(&app, &novice, "Look", "See https://example.com").await;
    let linked = id_of(&linked.ok()["createThread"]);
    let seen = app.gql_as(&other, THREAD, json!({ "id": linked })).await;
    assert_eq!(seen.ok()["thread"]["hidden"], false);
    assert_eq!(app.number("SELECT COUNT(*) FROM moderation_items").await, 0);
}

#[tokio::test]
async fn watched_words_are_staff_only_normalised_and_unique() {
    let app = TestApp::spawn().await;
    let moderator = app.moderator("mod").await;
    let admin = app.admin("boss").await;
    let learner = app.learner("learner").await;
    let variables = json!({ "word": "spam", "action": "BLOCK" });

    app.gql(LIST, json!({}))
        .await
        .expect_code(ErrorCode::Unauthenticated);
    app.gql(ADD, variables.clone())
        .await
        .expect_code(ErrorCode::Unauthenticated);
    app.gql_as(&learner, LIST, json!({}))
        .await
        .expect_code(ErrorCode::Forbidden);
    app.gql_as(&learner, ADD, variables.clone())
        .await
        .expect_code(ErrorCode::Forbidden);
    assert_eq!(app.number("SELECT COUNT(*) FROM watched_words").await, 0);

    let added = app
        .gql_as(
            &moderator,
            ADD,
            json!({ "word": "  Buy   ＮＯＷ ", "action": "HOLD" }),
        )
        .await;
    let added = added.ok()["addWatchedWord"].clone();
    assert_eq!(added["word"], "buy now");
    assert_eq!(added["action"], "HOLD");
    assert_eq!(added["createdBy"]["username"], "mod");
    let id = id_of(&added);
    app.gql_as(&learner, REMOVE, json!({ "id": id }))
        .await
        .expect_code(ErrorCode::Forbidden);
    // The same word in another spelling is the same word.
    app.gql_as(&admin, ADD, json!({ "word": "BUY NOW", "action": "BLOCK" }))
        .await
        .expect_code(ErrorCode::Conflict);
    for bad in ["   ", &"x".repeat(101)] {
        let refused = app
            .gql_as(&admin, ADD, json!({ "word": bad, "action": "BLOCK" }))
            .await;
        expect_bad_input(&refused, "word");
    }
    assert_eq!(app.number("SELECT COUNT(*) FROM watched_words").await, 1);
    watch(&app, &admin, "spam", "BLOCK").await;

    let first = app.gql_as(&admin, LIST, json!({ "first": 1 })).await;
    let first = first.ok()["watchedWords"].clone();
    assert_eq!(first["totalCount"], 2);
    assert_eq!(first["nodes"][0]["word"], "buy now");
    let after = first["pageInfo"]["endCursor"].clone();
    let second = app
        .gql_as(&admin, LIST, json!({ "first": 1, "after": after }))
        .await;
    let second = &second.ok()["watchedWords"];
    assert_eq!(second["nodes"][0]["word"], "spam");
    assert_eq!(second["pageInfo"]["hasNextPage"], false);

    // Blocked at once; removed, allowed at once (this instance's cache).
    expect_bad_input(&thread(&app, &learner, "t", "spam").await, "body");
    let spam_id = id_of(&second["nodes"][0]);
    let removed = app
        .gql_as(&moderator, REMOVE, json!({ "id": spam_id }))
        .await;
    assert_eq!(removed.ok()["removeWatchedWord"]["word"], "spam");
    app.gql_as(&moderator, REMOVE, json!({ "id": spam_id }))
        .await
        .expect_code(ErrorCode::NotFound);
    thread(&app, &learner, "t", "spam").await.ok();

    assert_eq!(
        app.number(
            "SELECT COUNT(*) FROM moderation_log WHERE action = 'WATCHED_WORD_ADDED' \
             AND target_type = 'WATCHED_WORD'"
        )
        .await,
        2
    );
    assert_eq!(
        app.number(&format!(
            "SELECT COUNT(*) FROM moderation_log WHERE action = 'WATCHED_WORD_REMOVED' \
             AND target_id = {} AND actor_id = {}",
            raw_id(&spam_id),
            raw_id(&moderator.id)
        ))
        .await,
        1
    );
}
