//! Bad input to the community API: each refusal answers a code (naming the
//! field for input errors) and changes nothing. Also: markdown is rendered
//! sanitised, pathological markdown is handled, edits keep a history for
//! staff, and tombstones keep answers while hiding bodies.

use lyceum::{
    error::ErrorCode,
    graphql::ids::{self, NodeKind},
};
use lyceum_tests::{
    GqlResponse, Session, TestApp,
    community::{CREATE_THREAD, CommunitySnapshot, id_of},
};
use serde_json::{Value, json};

const MODERATOR_VIEW: &str = r#"query View($id: ID!) {
  thread(id: $id) {
    title body bodyHtml tags score answerCount commentCount isLocked deletedAt editedAt
    acceptedAnswer { id }
    revisions { title body }
    comments(first: 5) { nodes { id body deletedAt } }
    answers(first: 5) { nodes { id body score isAccepted deletedAt editedAt
      comments(first: 5) { nodes { id body deletedAt } } } }
  }
}"#;

/// A global ID of any kind, e.g. of something that does not exist.
fn gid(kind: NodeKind, id: i64) -> String {
    ids::encode(kind, id).0
}

/// A question by `author` answered by `helper`, who also comments on it.
struct Fixture {
    app: TestApp,
    author: Session,
    helper: Session,
    moderator: Session,
    course: String,
    /// A draft: hidden from all but its creator and staff.
    draft: String,
    thread: String,
    answer: String,
    comment: String,
}

impl Fixture {
    async fn new() -> Fixture {
        let app = TestApp::spawn().await;
        let author = app.learner("asker").await;
        let helper = app.learner("helper").await;
        let moderator = app.moderator("mod").await;
        let creator = app.creator("owner").await;
        let course = app.published_course(&creator, "Inputs", 0, 1).await.id;
        let draft = app.draft_course(&creator, "Hidden", 0).await.id;
        let thread = app.question(&author, "Where do I start").await;
        let answer = app.answer(&helper, &thread, "Start here, @asker.").await;
        let comment = id_of(
            &app.post_comment(&helper, &thread, "Good question.")
                .await
                .ok()["createComment"],
        );
        Fixture {
            app,
            author,
            helper,
            moderator,
            course,
            draft,
            thread,
            answer,
            comment,
        }
    }

    /// Everything a refused write could have changed: every community
    /// table, the threads as staff see them through the API, and each
    /// user's unread notifications.
    async fn state(&self, threads: &[&str]) -> (CommunitySnapshot, Vec<Value>) {
        let mut seen = Vec::new();
        for id in threads {
            let view = self
                .app
                .gql_as(&self.moderator, MODERATOR_VIEW, json!({ "id": id }))
                .await;
            seen.push(view.ok()["thread"].clone());
        }
        for user in [&self.author, &self.helper] {
            let unread = self
                .app
                .gql_as(user, "{ unreadNotificationCount }", json!({}))
                .await;
            seen.push(unread.ok()["unreadNotificationCount"].clone());
        }
        (self.app.community_snapshot().await, seen)
    }

    /// Runs each row as its user: each must answer its code (and input
    /// errors name their field) and leave everything as it was.
    async fn refused(&self, threads: &[&str], rows: Vec<Refusal<'_>>) {
        for (name, who, query, variables, code, field) in rows {
            let before = self.state(threads).await;
            let response = self.app.gql_as(who, query, variables).await;
            let error = response.expect_code(code);
            if let Some(field) = field {
                assert_eq!(
                    error["extensions"]["field"], field,
                    "{name}: {}",
                    response.body
                );
            }
            assert!(
                self.state(threads).await == before,
                "{name} was refused but changed something"
            );
        }
    }
}

/// (what, who, query, variables, code, `extensions.field` if named)
type Refusal<'a> = (
    &'a str,
    &'a Session,
    &'a str,
    Value,
    ErrorCode,
    Option<&'a str>,
);

const UPDATE_THREAD: &str = r#"mutation U($id: ID!, $input: UpdateThreadInput!) {
  updateThread(id: $id, input: $input) { id title body bodyHtml tags editedAt }
}"#;
const CREATE_ANSWER: &str = r#"mutation A($id: ID!, $body: String!) {
  createAnswer(input: { threadId: $id, body: $body }) { id body bodyHtml }
}"#;
const UPDATE_ANSWER: &str = r#"mutation U($id: ID!, $body: String!) {
  updateAnswer(id: $id, body: $body) { id body bodyHtml editedAt }
}"#;
const DELETE_ANSWER: &str = "mutation D($id: ID!) { deleteAnswer(id: $id) { id } }";
const CREATE_COMMENT: &str = r#"mutation C($id: ID!, $body: String!) {
  createComment(input: { targetId: $id, body: $body }) { id body bodyHtml }
}"#;
const UPDATE_COMMENT: &str = r#"mutation U($id: ID!, $body: String!) {
  updateComment(id: $id, body: $body) { id body bodyHtml editedAt }
}"#;
const DELETE_COMMENT: &str = "mutation D($id: ID!) { deleteComment(id: $id) { id } }";
const DELETE_THREAD: &str = "mutation D($id: ID!) { deleteThread(id: $id) { id } }";
const VOTE: &str = "mutation V($id: ID!) { vote(targetId: $id, value: UP) { id } }";
const ACCEPT: &str = "mutation A($id: ID!) { acceptAnswer(answerId: $id) { id } }";
const UNACCEPT: &str = "mutation A($id: ID!) { unacceptAnswer(answerId: $id) { id } }";
const BOOKMARK: &str = "mutation B($id: ID!) { bookmark(threadId: $id) { id } }";
const FOLLOW: &str = "mutation F($id: ID!) { follow(targetId: $id) }";

fn new_thread(title: &str, body: &str, tags: &[&str]) -> Value {
    json!({ "input": { "kind": "QUESTION", "title": title, "body": body, "tags": tags } })
}

#[tokio::test]
async fn overlong_empty_and_too_many_values_are_refused_naming_the_field() {
    let f = Fixture::new().await;
    let (author, helper) = (&f.author, &f.helper);
    let long_title = "t".repeat(201);
    let long_body = "b".repeat(50_001);
    let long_comment = "c".repeat(5_001);
    let six_tags = ["a", "b", "c", "d", "e", "f"];
    let hundred_and_one: Vec<String> = (1..=101).map(|i| gid(NodeKind::Notification, i)).collect();
    let thread = |input: Value| json!({ "id": f.thread, "input": input });
    let body = |id: &str, body: &str| json!({ "id": id, "body": body });
    let bad = ErrorCode::BadUserInput;

    let rows: Vec<Refusal> = vec![
        (
            "createThread: a title of 201 characters",
            author,
            CREATE_THREAD,
            new_thread(&long_title, "b", &[]),
            bad,
            Some("title"),
        ),
        (
            "createThread: a blank title",
            author,
            CREATE_THREAD,
            new_thread(" \n\t ", "b", &[]),
            bad,
            Some("title"),
        ),
        (
            "createThread: a title with a control character",
            author,
            CREATE_THREAD,
            new_thread("ring \u{7} the bell", "b", &[]),
            bad,
            Some("title"),
        ),
        (
            "createThread: a body of 50,001 characters",
            author,
            CREATE_THREAD,
            new_thread("Fine", &long_body, &[]),
            bad,
            Some("body"),
        ),
        (
            "createThread: six tags",
            author,
            CREATE_THREAD,
            new_thread("Fine", "b", &six_tags),
            bad,
            Some("tags"),
        ),
        (
            "createThread: a tag with forbidden characters",
            author,
            CREATE_THREAD,
            new_thread("Fine", "b", &["<b>bold</b>"]),
            bad,
            Some("tags"),
        ),
        (
            "updateThread: a title of 201 characters",
            author,
            UPDATE_THREAD,
            thread(json!({ "title": long_title })),
            bad,
            Some("title"),
        ),
        (
            "updateThread: an empty title",
            author,
            UPDATE_THREAD,
            thread(json!({ "title": "" })),
            bad,
            Some("title"),
        ),
        (
            "updateThread: a body of 50,001 characters",
            author,
            UPDATE_THREAD,
            thread(json!({ "body": long_body })),
            bad,
            Some("body"),
        ),
        (
            "updateThread: six tags",
            author,
            UPDATE_THREAD,
            thread(json!({ "tags": six_tags })),
            bad,
            Some("tags"),
        ),
        (
            "createAnswer: an empty body",
            helper,
            CREATE_ANSWER,
            body(&f.thread, ""),
            bad,
            Some("body"),
        ),
        (
            "createAnswer: a blank body",
            helper,
            CREATE_ANSWER,
            body(&f.thread, " \n \t "),
            bad,
            Some("body"),
        ),
        (
            "createAnswer: a body of 50,001 characters",
            helper,
            CREATE_ANSWER,
            body(&f.thread, &long_body),
            bad,
            Some("body"),
        ),
        (
            "updateAnswer: an empty body",
            helper,
            UPDATE_ANSWER,
            body(&f.answer, ""),
            bad,
            Some("body"),
        ),
        (
            "updateAnswer: a body of 50,001 characters",
            helper,
            UPDATE_ANSWER,
            body(&f.answer, &long_body),
            bad,
            Some("body"),
        ),
        (
            "createComment: an empty body",
            author,
            CREATE_COMMENT,
            body(&f.answer, ""),
            bad,
            Some("body"),
        ),
        (
            "createComment: a body of 5,001 characters",
            author,
            CREATE_COMMENT,
            body(&f.thread, &long_comment),
            bad,
            Some("body"),
        ),
        (
            "updateComment: a blank body",
            helper,
            UPDATE_COMMENT,
            body(&f.comment, "   "),
            bad,
            Some("body"),
        ),
        (
            "updateComment: a body of 5,001 characters",
            helper,
            UPDATE_COMMENT,
            body(&f.comment, &long_comment),
            bad,
            Some("body"),
        ),
        (
            "followTag: an empty tag",
            author,
            "mutation T { followTag(tag: \"\") }",
            json!({}),
            bad,
            Some("tag"),
        ),
        (
            "followTag: a tag with forbidden characters",
            author,
            "mutation T { followTag(tag: \"rust!\") }",
            json!({}),
            bad,
            Some("tag"),
        ),
        (
            "markNotificationsRead: 101 IDs",
            author,
            "mutation M($ids: [ID!]!) { markNotificationsRead(ids: $ids) }",
            json!({ "ids": hundred_and_one }),
            bad,
            Some("ids"),
        ),
    ];
    f.refused(&[&f.thread], rows).await;

    // The limits themselves are accepted: 200 characters (not bytes) of
    // title, 50,000 of body, five tags; 5,000 characters of comment.
    let posted = f
        .app
        .gql_as(
            author,
            CREATE_THREAD,
            new_thread(&"题".repeat(200), &"b".repeat(50_000), &six_tags[..5]),
        )
        .await;
    let posted = &posted.ok()["createThread"];
    assert_eq!(posted["title"].as_str().unwrap().chars().count(), 200);
    assert_eq!(posted["body"].as_str().unwrap().len(), 50_000);
    assert_eq!(posted["tags"], json!(["a", "b", "c", "d", "e"]));
    f.app
        .gql_as(helper, CREATE_ANSWER, body(&f.thread, &"a".repeat(50_000)))
        .await
        .ok();
    f.app
        .gql_as(author, CREATE_COMMENT, body(&f.answer, &"c".repeat(5_000)))
        .await
        .ok();
}

#[tokio::test]
async fn ids_of_the_wrong_kind_or_of_nothing_are_refused() {
    let f = Fixture::new().await;
    let (author, helper) = (&f.author, &f.helper);
    let course = f.course.as_str();
    let user = f.helper.id.as_str();
    let no_thread = gid(NodeKind::Thread, 999_999);
    let no_answer = gid(NodeKind::Answer, 999_999);
    let no_user = gid(NodeKind::User, 999_999);
    let no_course = gid(NodeKind::Course, 999_999);
    let id = |id: &str| json!({ "id": id });
    let body = |id: &str| json!({ "id": id, "body": "Hello" });
    let (bad, missing) = (ErrorCode::BadUserInput, ErrorCode::NotFound);

    let rows: Vec<Refusal> = vec![
        (
            "vote on a course",
            author,
            VOTE,
            id(course),
            bad,
            Some("targetId"),
        ),
        (
            "vote on a user",
            author,
            VOTE,
            id(user),
            bad,
            Some("targetId"),
        ),
        (
            "vote on a comment",
            author,
            VOTE,
            id(&f.comment),
            bad,
            Some("targetId"),
        ),
        (
            "vote on garbage",
            author,
            VOTE,
            id("not an id"),
            bad,
            Some("targetId"),
        ),
        (
            "vote on a base64 non-ID",
            author,
            VOTE,
            id("VGhyZWFkOng"),
            bad,
            Some("targetId"),
        ),
        (
            "vote on no thread",
            author,
            VOTE,
            id(&no_thread),
            missing,
            None,
        ),
        (
            "vote on no answer",
            author,
            VOTE,
            id(&no_answer),
            missing,
            None,
        ),
        (
            "createComment on a course",
            author,
            CREATE_COMMENT,
            body(course),
            bad,
            Some("input.targetId"),
        ),
        (
            "createComment on a comment",
            author,
            CREATE_COMMENT,
            body(&f.comment),
            bad,
            Some("input.targetId"),
        ),
        (
            "createComment on garbage",
            author,
            CREATE_COMMENT,
            body("%%%"),
            bad,
            Some("input.targetId"),
        ),
        (
            "createComment on no thread",
            author,
            CREATE_COMMENT,
            body(&no_thread),
            missing,
            None,
        ),
        (
            "createComment on no answer",
            author,
            CREATE_COMMENT,
            body(&no_answer),
            missing,
            None,
        ),
        (
            "createAnswer to an answer",
            helper,
            CREATE_ANSWER,
            body(&f.answer),
            bad,
            Some("input.threadId"),
        ),
        (
            "createAnswer to no thread",
            helper,
            CREATE_ANSWER,
            body(&no_thread),
            missing,
            None,
        ),
        (
            "updateThread of a course",
            author,
            UPDATE_THREAD,
            json!({ "id": course, "input": { "body": "x" } }),
            bad,
            Some("id"),
        ),
        (
            "updateThread of no thread",
            author,
            UPDATE_THREAD,
            json!({ "id": no_thread, "input": { "body": "x" } }),
            missing,
            None,
        ),
        (
            "updateAnswer of a thread",
            helper,
            UPDATE_ANSWER,
            body(&f.thread),
            bad,
            Some("id"),
        ),
        (
            "updateAnswer of no answer",
            helper,
            UPDATE_ANSWER,
            body(&no_answer),
            missing,
            None,
        ),
        (
            "deleteComment of an answer",
            helper,
            DELETE_COMMENT,
            id(&f.answer),
            bad,
            Some("id"),
        ),
        (
            "acceptAnswer of a thread",
            author,
            ACCEPT,
            id(&f.thread),
            bad,
            Some("answerId"),
        ),
        (
            "acceptAnswer of no answer",
            author,
            ACCEPT,
            id(&no_answer),
            missing,
            None,
        ),
        (
            "bookmark a course",
            author,
            BOOKMARK,
            id(course),
            bad,
            Some("threadId"),
        ),
        (
            "bookmark no thread",
            author,
            BOOKMARK,
            id(&no_thread),
            missing,
            None,
        ),
        (
            "follow a course",
            author,
            FOLLOW,
            id(course),
            bad,
            Some("targetId"),
        ),
        (
            "follow an answer",
            author,
            FOLLOW,
            id(&f.answer),
            bad,
            Some("targetId"),
        ),
        (
            "follow no user",
            author,
            FOLLOW,
            id(&no_user),
            missing,
            None,
        ),
        (
            "follow no thread",
            author,
            FOLLOW,
            id(&no_thread),
            missing,
            None,
        ),
        (
            "createThread in a thread",
            author,
            CREATE_THREAD,
            json!({ "input": { "courseId": f.thread, "kind": "QUESTION", "title": "t", "body": "b" } }),
            bad,
            Some("input.courseId"),
        ),
        (
            "createThread in no course",
            author,
            CREATE_THREAD,
            json!({ "input": { "courseId": no_course, "kind": "QUESTION", "title": "t", "body": "b" } }),
            missing,
            None,
        ),
        (
            "createThread in a hidden draft",
            author,
            CREATE_THREAD,
            json!({ "input": { "courseId": f.draft, "kind": "QUESTION", "title": "t", "body": "b" } }),
            missing,
            None,
        ),
        (
            "markNotificationsRead of a thread",
            author,
            "mutation M($ids: [ID!]!) { markNotificationsRead(ids: $ids) }",
            json!({ "ids": [f.thread] }),
            bad,
            Some("ids"),
        ),
        // Reads refuse the same way.
        (
            "thread of a course ID",
            author,
            "query T($id: ID!) { thread(id: $id) { id } }",
            id(course),
            bad,
            Some("id"),
        ),
        (
            "thread of nothing",
            author,
            "query T($id: ID!) { thread(id: $id) { id } }",
            id(&no_thread),
            missing,
            None,
        ),
        (
            "threads of no course",
            author,
            "query T($id: ID!) { threads(filter: { courseId: $id }) { nodes { id } } }",
            id(&no_course),
            missing,
            None,
        ),
        (
            "threads of no course, as staff",
            &f.moderator,
            "query T($id: ID!) { threads(filter: { courseId: $id }) { nodes { id } } }",
            id(&no_course),
            missing,
            None,
        ),
        (
            "threads of a thread ID",
            author,
            "query T($id: ID!) { threads(filter: { courseId: $id }) { nodes { id } } }",
            id(&f.thread),
            bad,
            Some("filter.courseId"),
        ),
    ];
    f.refused(&[&f.thread], rows).await;

    let node = f
        .app
        .gql_as(
            author,
            "query N($id: ID!) { node(id: $id) { id } }",
            id(&no_thread),
        )
        .await;
    assert_eq!(node.ok()["node"], Value::Null);
}

#[tokio::test]
async fn locked_and_deleted_targets_take_nothing_new() {
    let f = Fixture::new().await;
    let app = &f.app;
    let (author, helper) = (&f.author, &f.helper);
    let id = |id: &str| json!({ "id": id });
    let body = |id: &str| json!({ "id": id, "body": "Hello" });
    let (bad, missing, conflict) = (
        ErrorCode::BadUserInput,
        ErrorCode::NotFound,
        ErrorCode::Conflict,
    );

    // A locked thread: nothing new in it, on it or on its answers.
    let locked = app.question(author, "Locked soon").await;
    let locked_answer = app.answer(helper, &locked, "Just in time.").await;
    app.lock_thread(&locked).await;
    assert_eq!(
        app.thread_as(Some(author), &locked).await.ok()["thread"]["isLocked"],
        true
    );

    // A deleted thread with an answer; a deleted answer and a deleted
    // comment in the fixture's thread.
    let deleted = app.question(author, "Deleted soon").await;
    let orphan = app.answer(helper, &deleted, "Still here.").await;
    app.gql_as(author, DELETE_THREAD, id(&deleted)).await.ok();
    let deleted_answer = app.answer(helper, &f.thread, "Deleted soon.").await;
    app.gql_as(helper, DELETE_ANSWER, id(&deleted_answer))
        .await
        .ok();
    app.gql_as(helper, DELETE_COMMENT, id(&f.comment))
        .await
        .ok();

    let discussion = id_of(
        &app.post_thread(author, None, "DISCUSSION", "Let us talk", "Anything.", &[])
            .await
            .ok()["createThread"],
    );
    let reply = app.answer(helper, &discussion, "Sure.").await;

    let rows: Vec<Refusal> = vec![
        (
            "createAnswer on a locked thread",
            helper,
            CREATE_ANSWER,
            body(&locked),
            conflict,
            None,
        ),
        (
            "createComment on a locked thread",
            helper,
            CREATE_COMMENT,
            body(&locked),
            conflict,
            None,
        ),
        (
            "createComment on an answer in a locked thread",
            author,
            CREATE_COMMENT,
            body(&locked_answer),
            conflict,
            None,
        ),
        (
            "createAnswer on a deleted thread",
            helper,
            CREATE_ANSWER,
            body(&deleted),
            conflict,
            None,
        ),
        (
            "createComment on a deleted thread",
            helper,
            CREATE_COMMENT,
            body(&deleted),
            conflict,
            None,
        ),
        (
            "createComment on an answer in a deleted thread",
            author,
            CREATE_COMMENT,
            body(&orphan),
            conflict,
            None,
        ),
        (
            "createComment on a deleted answer",
            author,
            CREATE_COMMENT,
            body(&deleted_answer),
            conflict,
            None,
        ),
        (
            "vote on a deleted thread",
            helper,
            VOTE,
            id(&deleted),
            missing,
            None,
        ),
        (
            "vote on a deleted answer",
            author,
            VOTE,
            id(&deleted_answer),
            missing,
            None,
        ),
        (
            "updateThread of a deleted thread",
            author,
            UPDATE_THREAD,
            json!({ "id": deleted, "input": { "title": "Back" } }),
            missing,
            None,
        ),
        (
            "deleteThread of a deleted thread",
            author,
            DELETE_THREAD,
            id(&deleted),
            missing,
            None,
        ),
        (
            "acceptAnswer in a deleted thread",
            author,
            ACCEPT,
            id(&orphan),
            missing,
            None,
        ),
        (
            "updateAnswer of a deleted answer",
            helper,
            UPDATE_ANSWER,
            body(&deleted_answer),
            missing,
            None,
        ),
        (
            "deleteAnswer of a deleted answer",
            helper,
            DELETE_ANSWER,
            id(&deleted_answer),
            missing,
            None,
        ),
        (
            "acceptAnswer of a deleted answer",
            author,
            ACCEPT,
            id(&deleted_answer),
            missing,
            None,
        ),
        (
            "updateComment of a deleted comment",
            helper,
            UPDATE_COMMENT,
            body(&f.comment),
            missing,
            None,
        ),
        (
            "deleteComment of a deleted comment",
            helper,
            DELETE_COMMENT,
            id(&f.comment),
            missing,
            None,
        ),
        // Accepting: questions only; unaccepting: the accepted answer only.
        (
            "acceptAnswer in a DISCUSSION",
            author,
            ACCEPT,
            id(&reply),
            bad,
            Some("answerId"),
        ),
        (
            "unacceptAnswer of an answer not accepted",
            author,
            UNACCEPT,
            id(&f.answer),
            conflict,
            None,
        ),
        // Votes: not on one's own posts.
        (
            "vote on one's own thread",
            author,
            VOTE,
            id(&f.thread),
            bad,
            Some("targetId"),
        ),
        (
            "vote on one's own answer",
            helper,
            VOTE,
            id(&f.answer),
            bad,
            Some("targetId"),
        ),
    ];
    f.refused(&[&f.thread, &locked, &deleted, &discussion], rows)
        .await;

    // Accepted, it can be unaccepted once; the second time is a CONFLICT.
    app.gql_as(author, ACCEPT, id(&f.answer)).await.ok();
    app.gql_as(author, UNACCEPT, id(&f.answer)).await.ok();
    f.refused(
        &[&f.thread],
        vec![(
            "unacceptAnswer twice",
            author,
            UNACCEPT,
            id(&f.answer),
            conflict,
            None,
        )],
    )
    .await;
}

#[tokio::test]
async fn markdown_is_rendered_sanitised_wherever_it_is_written() {
    let f = Fixture::new().await;
    let app = &f.app;
    let evil = r#"# Title

**bold** and [a link](https://example.com/ok).

<script>alert('script')</script>

<img src="x.png" onerror="alert('img')">

<svg onload="alert('svg')"></svg>

<div onclick="alert('div')" style="position:fixed">click</div>

<iframe src="https://evil.example/"></iframe>

<a href="javascript:alert('href')">raw link</a>

<a href="JaVaScRiPt:alert('case')">cased link</a>

[md link](javascript:alert('md'))

[entity link](&#106;avascript:alert('entity'))

[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)

<form action="https://evil.example/"><input name="password"></form>
"#;
    let posted = app
        .post_thread(&f.author, None, "DISCUSSION", "Evil", evil, &[])
        .await;
    let thread = &posted.ok()["createThread"];
    assert_sanitised("createThread", &thread["bodyHtml"]);
    assert_eq!(
        thread["body"],
        evil.trim(),
        "the markdown is kept as written"
    );
    let thread_id = id_of(thread);
    let edited = app
        .gql_as(
            &f.author,
            UPDATE_THREAD,
            json!({ "id": thread_id, "input": { "body": format!("{evil}\nagain") } }),
        )
        .await;
    assert_sanitised("updateThread", &edited.ok()["updateThread"]["bodyHtml"]);

    // Each write of a body, in order: (its mutation, who, the post it names).
    let again = format!("{evil} again");
    let answer = write(app, &f.helper, "createAnswer", &thread_id, evil).await;
    write(app, &f.helper, "updateAnswer", &answer, &again).await;
    let comment = write(app, &f.author, "createComment", &answer, evil).await;
    write(app, &f.author, "updateComment", &comment, &again).await;

    // Read back (not just as written back by the mutation).
    let read = app
        .gql_as(
            &f.helper,
            r#"query T($id: ID!) { thread(id: $id) { bodyHtml answers { nodes {
                 bodyHtml comments { nodes { bodyHtml } } } } } }"#,
            json!({ "id": thread_id }),
        )
        .await;
    let thread = &read.ok()["thread"];
    assert_sanitised("thread", &thread["bodyHtml"]);
    assert_sanitised("answer", &thread["answers"]["nodes"][0]["bodyHtml"]);
    assert_sanitised(
        "comment",
        &thread["answers"]["nodes"][0]["comments"]["nodes"][0]["bodyHtml"],
    );
}

/// Writes a body through `mutation` (createAnswer, updateAnswer,
/// createComment, updateComment) on `target`, checks the HTML it renders
/// and returns the post's ID.
async fn write(app: &TestApp, who: &Session, mutation: &str, target: &str, body: &str) -> String {
    let query = match mutation {
        "createAnswer" => CREATE_ANSWER,
        "updateAnswer" => UPDATE_ANSWER,
        "createComment" => CREATE_COMMENT,
        _ => UPDATE_COMMENT,
    };
    let response = app
        .gql_as(who, query, json!({ "id": target, "body": body }))
        .await;
    let post = &response.ok()[mutation];
    assert_sanitised(mutation, &post["bodyHtml"]);
    id_of(post)
}

/// The HTML keeps the harmless markup and none of the harmful.
fn assert_sanitised(what: &str, html: &Value) {
    let html = html
        .as_str()
        .unwrap_or_else(|| panic!("{what}: bodyHtml {html}"));
    let lower = html.to_lowercase();
    for forbidden in [
        "<script",
        "onerror",
        "onload",
        "onclick",
        "<iframe",
        "javascript",
        "data:text",
        "<form",
        "<input",
        "style=",
    ] {
        assert!(!lower.contains(forbidden), "{what}: {forbidden} in {html}");
    }
    assert!(html.contains("<strong>bold</strong>"), "{what}: {html}");
    assert!(
        html.contains(r#"href="https://example.com/ok""#) && html.contains("noopener"),
        "{what}: {html}"
    );
}

#[tokio::test]
async fn pathological_markdown_is_handled_and_the_server_stays_responsive() {
    let f = Fixture::new().await;
    let app = &f.app;
    let mut table = String::from("| n | square |\n|---|---|\n");
    for n in 0..2_000 {
        table.push_str(&format!("| {n} | {} |\n", n * n));
    }
    let deep_quote = format!("{} deep", ">".repeat(10_000));
    let deep_list = format!("{} deep", "- ".repeat(5_000));
    let bodies = [
        ("a table of 2,000 rows", table.as_str()),
        ("10,000 nested quotes", deep_quote.as_str()),
        ("5,000 nested list items", deep_list.as_str()),
    ];
    let still_there = |response: &GqlResponse| {
        assert_eq!(response.status, 200, "{:?}", response.body);
    };
    for (what, body) in bodies {
        let before = app.community_snapshot().await;
        let posted = app
            .post_thread(&f.author, None, "DISCUSSION", what, body, &[])
            .await;
        still_there(&posted);
        match posted.code() {
            // Accepted: rendered, and readable again.
            None => {
                let id = id_of(&posted.data()["createThread"]);
                let html = posted.data()["createThread"]["bodyHtml"].as_str().unwrap();
                if what.contains("table") {
                    assert_eq!(html.matches("<tr>").count(), 2_001, "{what}");
                }
                let read = app.thread_as(Some(&f.helper), &id).await;
                read.ok();
                let answered = app
                    .gql_as(&f.helper, CREATE_ANSWER, json!({ "id": id, "body": body }))
                    .await;
                still_there(&answered);
                assert!(
                    matches!(answered.code(), None | Some(ErrorCode::BadUserInput)),
                    "{what} as an answer: {:?}",
                    answered.body
                );
            }
            // Refused cleanly: an input error that changed nothing.
            Some(code) => {
                assert_eq!(code, ErrorCode::BadUserInput, "{what}: {:?}", posted.body);
                assert!(app.community_snapshot().await == before, "{what}");
            }
        }
        // Comments take up to 5,000 characters.
        let comment: String = body.chars().take(4_990).collect();
        let commented = app.post_comment(&f.author, &f.answer, &comment).await;
        still_there(&commented);
        assert!(
            matches!(commented.code(), None | Some(ErrorCode::BadUserInput)),
            "{what} as a comment: {:?}",
            commented.body
        );
        // And the server answers the next request.
        let listed = app
            .gql_as(
                &f.helper,
                "{ threads(first: 3) { nodes { id title } } }",
                json!({}),
            )
            .await;
        listed.ok();
    }
}

#[tokio::test]
async fn edits_keep_a_history_that_staff_read_newest_first() {
    let f = Fixture::new().await;
    let app = &f.app;
    let (author, helper, moderator) = (&f.author, &f.helper, &f.moderator);
    let minute = chrono::Duration::minutes(1);
    let history = r#"query H($id: ID!) { thread(id: $id) {
        title body editedAt tags
        revisions { title body editor { username } replacedAt }
        answers { nodes { id body editedAt revisions { title body editor { username } replacedAt } } }
        comments { nodes { id body editedAt revisions { title body replacedAt } } } } }"#;
    let read = |who: &Session| {
        let who = who.clone();
        let id = f.thread.clone();
        async move { app.gql_as(&who, history, json!({ "id": id })).await.ok()["thread"].clone() }
    };

    let start = read(moderator).await;
    assert_eq!(start["editedAt"], Value::Null);
    assert_eq!(start["revisions"], json!([]));

    // Two edits: each keeps the version it replaced, newest first.
    app.clock.advance(minute);
    app.gql_as(
        author,
        UPDATE_THREAD,
        json!({ "id": f.thread, "input": { "title": "Second title", "body": "Second body" } }),
    )
    .await
    .ok();
    let first_edit = read(moderator).await;
    assert_eq!(first_edit["title"], "Second title");
    let first_time = first_edit["editedAt"].clone();
    assert!(first_time.is_string());
    assert_eq!(first_edit["revisions"].as_array().unwrap().len(), 1);
    assert_eq!(first_edit["revisions"][0]["title"], "Where do I start");
    assert_eq!(
        first_edit["revisions"][0]["body"],
        "What about Where do I start?"
    );
    assert_eq!(first_edit["revisions"][0]["editor"]["username"], "asker");
    assert_eq!(first_edit["revisions"][0]["replacedAt"], first_time);

    app.clock.advance(minute);
    app.gql_as(
        author,
        UPDATE_THREAD,
        json!({ "id": f.thread, "input": { "body": "Third body" } }),
    )
    .await
    .ok();
    let second_edit = read(moderator).await;
    let second_time = second_edit["editedAt"].clone();
    assert!(
        second_time.as_str() > first_time.as_str(),
        "{second_time} after {first_time}"
    );
    let revisions: Vec<(&Value, &Value)> = second_edit["revisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (&r["title"], &r["body"]))
        .collect();
    assert_eq!(
        revisions,
        [
            (&json!("Second title"), &json!("Second body")),
            (
                &json!("Where do I start"),
                &json!("What about Where do I start?")
            ),
        ]
    );

    // Unchanged text (up to whitespace the service normalises) and
    // tag-only edits add no revision and keep editedAt.
    app.clock.advance(minute);
    for input in [
        json!({ "title": "Second title", "body": "Third body" }),
        json!({ "title": "  Second   title ", "body": "Third body\n\n" }),
        json!({ "tags": ["history"] }),
        json!({}),
    ] {
        app.gql_as(
            author,
            UPDATE_THREAD,
            json!({ "id": f.thread, "input": input }),
        )
        .await
        .ok();
    }
    let unchanged = read(moderator).await;
    assert_eq!(unchanged["editedAt"], second_time);
    assert_eq!(unchanged["revisions"], second_edit["revisions"]);
    assert_eq!(unchanged["tags"], json!(["history"]));

    // Answers and comments: the same.
    for (kind, mutation, id) in [
        ("answer", UPDATE_ANSWER, &f.answer),
        ("comment", UPDATE_COMMENT, &f.comment),
    ] {
        for body in ["Second", "Second", "  Second  ", "Third"] {
            app.clock.advance(minute);
            app.gql_as(helper, mutation, json!({ "id": id, "body": body }))
                .await
                .ok();
        }
        let thread = read(moderator).await;
        let post = &thread[format!("{kind}s")]["nodes"][0];
        assert_eq!(post["body"], "Third", "{kind}");
        let bodies: Vec<&Value> = post["revisions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| &r["body"])
            .collect();
        let original = if kind == "answer" {
            "Start here, @asker."
        } else {
            "Good question."
        };
        assert_eq!(bodies, [&json!("Second"), &json!(original)], "{kind}");
        assert_eq!(
            post["revisions"][0]["replacedAt"], post["editedAt"],
            "{kind}"
        );
        assert_eq!(post["revisions"][0]["title"], Value::Null, "{kind}");
    }

    // The history is for staff: the author, the other learner and the
    // anonymous are refused; an admin reads it.
    for who in [author, helper] {
        app.gql_as(who, history, json!({ "id": f.thread }))
            .await
            .expect_code(ErrorCode::Forbidden);
    }
    app.gql(history, json!({ "id": f.thread }))
        .await
        .expect_code(ErrorCode::Unauthenticated);
    let admin = app.admin("root").await;
    assert_eq!(read(&admin).await["revisions"], second_edit["revisions"]);
}

#[tokio::test]
async fn tombstones_keep_answers_and_hide_bodies_from_all_but_staff() {
    let f = Fixture::new().await;
    let app = &f.app;
    let (author, helper, moderator) = (&f.author, &f.helper, &f.moderator);
    let other = app.learner("other").await;
    let id = |id: &str| json!({ "id": id });
    let page = r#"query P($id: ID!) { thread(id: $id) {
        title body bodyHtml deletedAt answerCount commentCount acceptedAnswer { id }
        answers(first: 5) { nodes { id body bodyHtml deletedAt isAccepted
          comments(first: 5) { nodes { id body bodyHtml deletedAt } } } }
        comments(first: 5) { nodes { id body bodyHtml deletedAt } } } }"#;
    let view = |who: Option<&Session>| {
        let token = who.map(|s| s.access_token.clone());
        let id = f.thread.clone();
        async move {
            app.gql_with(token.as_deref(), page, json!({ "id": id }))
                .await
                .ok()["thread"]
                .clone()
        }
    };

    let accepted = app.answer(&other, &f.thread, "The accepted one.").await;
    app.gql_as(author, ACCEPT, id(&accepted)).await.ok();
    let on_answer = id_of(
        &app.post_comment(&other, &f.answer, "On the answer.")
            .await
            .ok()["createComment"],
    );
    let before = view(Some(helper)).await;
    assert_eq!(before["answerCount"], 2);
    assert_eq!(before["commentCount"], 2);

    // A deleted comment keeps its place without its body.
    app.gql_as(helper, DELETE_COMMENT, id(&f.comment))
        .await
        .ok();
    // A deleted accepted answer stops being accepted, keeps its place
    // without its body, and keeps its comments.
    app.gql_as(&other, DELETE_ANSWER, id(&accepted)).await.ok();
    // A deleted thread: a tombstone whose answers stay.
    app.gql_as(author, DELETE_THREAD, id(&f.thread)).await.ok();

    for who in [None, Some(helper), Some(&other), Some(author)] {
        let thread = view(who).await;
        let name = who.map_or("anonymous", |s| s.username.as_str());
        assert!(thread["deletedAt"].is_string(), "{name}");
        assert_eq!(thread["title"], "Where do I start", "{name}");
        assert_eq!(thread["body"], Value::Null, "{name}");
        assert_eq!(thread["bodyHtml"], Value::Null, "{name}");
        assert_eq!(thread["answerCount"], 1, "{name}");
        assert_eq!(thread["commentCount"], 1, "{name}");
        assert_eq!(thread["acceptedAnswer"], Value::Null, "{name}");
        let answers = thread["answers"]["nodes"].as_array().unwrap();
        assert_eq!(answers.len(), 2, "{name}: {thread}");
        let live = answers
            .iter()
            .find(|a| a["id"] == f.answer.as_str())
            .unwrap();
        assert_eq!(live["body"], "Start here, @asker.", "{name}");
        assert!(live["bodyHtml"].is_string(), "{name}");
        assert_eq!(
            live["comments"]["nodes"][0]["id"],
            on_answer.as_str(),
            "{name}"
        );
        assert_eq!(
            live["comments"]["nodes"][0]["body"], "On the answer.",
            "{name}"
        );
        let gone = answers
            .iter()
            .find(|a| a["id"] == accepted.as_str())
            .unwrap();
        assert!(gone["deletedAt"].is_string(), "{name}");
        assert_eq!(gone["isAccepted"], false, "{name}");
        assert_eq!(gone["body"], Value::Null, "{name}");
        assert_eq!(gone["bodyHtml"], Value::Null, "{name}");
        let comment = &thread["comments"]["nodes"][0];
        assert_eq!(comment["id"], f.comment.as_str(), "{name}");
        assert!(comment["deletedAt"].is_string(), "{name}");
        assert_eq!(comment["body"], Value::Null, "{name}");
        assert_eq!(comment["bodyHtml"], Value::Null, "{name}");
    }

    // Staff read what the tombstones hide.
    let thread = view(Some(moderator)).await;
    assert_eq!(thread["body"], "What about Where do I start?");
    assert!(thread["bodyHtml"].is_string());
    let gone = thread["answers"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == accepted.as_str())
        .unwrap()
        .clone();
    assert_eq!(gone["body"], "The accepted one.");
    assert_eq!(thread["comments"]["nodes"][0]["body"], "Good question.");

    // Lists leave the deleted thread out, for everyone.
    for who in [helper, author, moderator] {
        let listed = app
            .gql_as(
                who,
                "query L($id: ID!) { threads { nodes { id } } user(id: $id) { threads { nodes { id } } } }",
                json!({ "id": author.id }),
            )
            .await;
        let text = listed.ok().to_string();
        assert!(!text.contains(&f.thread), "as {}: {text}", who.username);
    }
}
