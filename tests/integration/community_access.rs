//! Who may do what in the community: every community mutation and gated
//! query or field, for each kind of viewer, against a thread inside a course
//! and a community-wide one. A course's threads (and all in them) are for its
//! enrolled learners, its creator and staff; to anyone else they are
//! NOT_FOUND. Suspended accounts read but write nothing. Edits and deletions
//! are their author's.

use lyceum::error::ErrorCode;
use lyceum_tests::{
    GqlResponse, Session, TestApp,
    community::{CREATE_THREAD, id_of},
    courses::TestCourse,
};
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
const LEARNER: usize = 1;
const ENROLLED: usize = 2;
const REFUNDED: usize = 3;
const CREATOR: usize = 4;
const MODERATOR: usize = 6;
const ADMIN: usize = 7;

/// Expected outcomes: success, or the error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Allowed,
    Code(ErrorCode),
}
const OK: Outcome = Outcome::Allowed;
const UNAUTH: Outcome = Outcome::Code(ErrorCode::Unauthenticated);
const DENIED: Outcome = Outcome::Code(ErrorCode::Forbidden);
const HIDDEN: Outcome = Outcome::Code(ErrorCode::NotFound);
const BAD: Outcome = Outcome::Code(ErrorCode::BadUserInput);

fn outcome(response: &GqlResponse) -> Outcome {
    match response.code() {
        None => OK,
        Some(code) => Outcome::Code(code),
    }
}

/// Writing inside the course: its members, not while suspended.
const MEMBERS_WRITE: [Outcome; 9] = [UNAUTH, HIDDEN, OK, HIDDEN, OK, HIDDEN, OK, OK, DENIED];
/// Writing community-wide: anyone signed in, not while suspended.
const ANYONE_WRITES: [Outcome; 9] = [UNAUTH, OK, OK, OK, OK, OK, OK, OK, DENIED];
/// Reading inside the course: its members (suspended ones too).
const MEMBERS_READ: [Outcome; 9] = [HIDDEN, HIDDEN, OK, HIDDEN, OK, HIDDEN, OK, OK, OK];
/// Whether each viewer sees something of the course.
const MEMBERS_SEE: [bool; 9] = [false, false, true, false, true, false, true, true, true];

/// A course with a thread, an answer and comments in it; a community-wide
/// thread with the same; a session per kind of viewer.
struct World {
    app: TestApp,
    sessions: Vec<Option<Session>>,
    course: TestCourse,
    /// In the course: a QUESTION by the enrolled learner, answered by the
    /// creator, commented on by the moderator.
    course_thread: String,
    course_answer: String,
    course_comment: String,
    /// The refunded learner's answer in the course, from before the refund.
    refunded_answer: String,
    /// Community-wide: a QUESTION by the learner, answered by the enrolled
    /// learner, the answer commented on by the admin.
    open_thread: String,
    open_answer: String,
    open_comment: String,
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
        let other = app.creator("rival").await;
        let moderator = app.moderator("mod").await;
        let admin = app.admin("root").await;
        let suspended = app.learner("banned").await;
        app.enrolled(&suspended, &course).await;

        let course_thread = id_of(
            &app.post_thread(
                &enrolled,
                Some(&course.id),
                "QUESTION",
                "Inside the course",
                "Members only.",
                &["rust"],
            )
            .await
            .ok()["createThread"],
        );
        let course_answer = app
            .answer(&creator, &course_thread, "The creator answers.")
            .await;
        let course_comment = id_of(
            &app.post_comment(&moderator, &course_thread, "A moderator comments.")
                .await
                .ok()["createComment"],
        );
        // Before the refund: the refunded learner answers, bookmarks the
        // thread and gets told of a comment on the answer.
        let refunded_answer = app.answer(&refunded, &course_thread, "Me too.").await;
        app.gql_as(
            &refunded,
            "mutation B($id: ID!) { bookmark(threadId: $id) { id } }",
            json!({ "id": course_thread }),
        )
        .await
        .ok();
        app.post_comment(&creator, &refunded_answer, "Thanks!")
            .await
            .ok();
        app.gql_as(
            &refunded,
            "mutation R($id: ID!) { refundEnrollment(enrollmentId: $id, reason: \"no\") { id } }",
            json!({ "id": enrollment }),
        )
        .await
        .ok();

        let open_thread = app.question(&learner, "Everyone may read this").await;
        let open_answer = app.answer(&enrolled, &open_thread, "An open answer.").await;
        let open_comment = id_of(
            &app.post_comment(&admin, &open_answer, "An admin comments.")
                .await
                .ok()["createComment"],
        );

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
            course_thread,
            course_answer,
            course_comment,
            refunded_answer,
            open_thread,
            open_answer,
            open_comment,
        }
    }

    fn session(&self, viewer: usize) -> &Session {
        self.sessions[viewer].as_ref().expect("a signed-in viewer")
    }

    async fn run(&self, viewer: usize, query: &str, variables: &Value) -> GqlResponse {
        let token = self.sessions[viewer]
            .as_ref()
            .map(|s| s.access_token.as_str());
        self.app.gql_with(token, query, variables.clone()).await
    }

    /// Runs one operation as every viewer and checks each outcome. Refusals
    /// run first, so that a success (a deletion, an acceptance) cannot
    /// change what the others get; together they must change nothing.
    async fn check(&self, name: &str, query: &str, variables: &Value, expected: [Outcome; 9]) {
        let (refused, allowed): (Vec<usize>, Vec<usize>) =
            (0..VIEWERS.len()).partition(|&viewer| expected[viewer] != OK);
        let before = self.app.community_snapshot().await;
        for viewer in refused {
            self.expect(name, viewer, query, variables, expected[viewer])
                .await;
        }
        assert_eq!(
            self.app.community_snapshot().await,
            before,
            "{name}: the refusals changed something"
        );
        for viewer in allowed {
            self.expect(name, viewer, query, variables, OK).await;
        }
    }

    async fn expect(
        &self,
        name: &str,
        viewer: usize,
        query: &str,
        variables: &Value,
        want: Outcome,
    ) {
        let response = self.run(viewer, query, variables).await;
        assert_eq!(
            outcome(&response),
            want,
            "{name} as {}: {}",
            VIEWERS[viewer],
            response.body
        );
    }

    /// Runs a query as every viewer and checks whether `id` shows up in its
    /// data (a node, a list entry, a notification's thread).
    async fn check_sees(
        &self,
        name: &str,
        query: &str,
        variables: &Value,
        id: &str,
        expected: [bool; 9],
    ) {
        for (viewer, want) in expected.into_iter().enumerate() {
            let response = self.run(viewer, query, variables).await;
            let data = response.ok();
            assert_eq!(
                mentions(data, id),
                want,
                "{name} as {}: {}",
                VIEWERS[viewer],
                response.body
            );
        }
    }
}

/// Whether a string equal to `id` appears anywhere in `value`.
fn mentions(value: &Value, id: &str) -> bool {
    match value {
        Value::String(s) => s == id,
        Value::Array(items) => items.iter().any(|v| mentions(v, id)),
        Value::Object(fields) => fields.values().any(|v| mentions(v, id)),
        _ => false,
    }
}

const UPDATE_THREAD: &str =
    "mutation U($id: ID!) { updateThread(id: $id, input: { body: \"Edited.\" }) { id } }";
const DELETE_THREAD: &str = "mutation D($id: ID!) { deleteThread(id: $id) { id } }";
const CREATE_ANSWER: &str =
    "mutation A($id: ID!) { createAnswer(input: { threadId: $id, body: \"An answer.\" }) { id } }";
const UPDATE_ANSWER: &str =
    "mutation U($id: ID!) { updateAnswer(id: $id, body: \"Edited.\") { id } }";
const DELETE_ANSWER: &str = "mutation D($id: ID!) { deleteAnswer(id: $id) { id } }";
const CREATE_COMMENT: &str =
    "mutation C($id: ID!) { createComment(input: { targetId: $id, body: \"A comment.\" }) { id } }";
const UPDATE_COMMENT: &str =
    "mutation U($id: ID!) { updateComment(id: $id, body: \"Edited.\") { id } }";
const DELETE_COMMENT: &str = "mutation D($id: ID!) { deleteComment(id: $id) { id } }";
const VOTE_UP: &str = "mutation V($id: ID!) { vote(targetId: $id, value: UP) { id score } }";
const ACCEPT: &str = "mutation A($id: ID!) { acceptAnswer(answerId: $id) { id isAccepted } }";
const UNACCEPT: &str = "mutation A($id: ID!) { unacceptAnswer(answerId: $id) { id isAccepted } }";
const BOOKMARK: &str = "mutation B($id: ID!) { bookmark(threadId: $id) { id } }";
const UNBOOKMARK: &str = "mutation B($id: ID!) { unbookmark(threadId: $id) { id } }";
const FOLLOW: &str = "mutation F($id: ID!) { follow(targetId: $id) }";
const UNFOLLOW: &str = "mutation F($id: ID!) { unfollow(targetId: $id) }";

#[tokio::test]
async fn every_community_mutation_by_viewer() {
    let world = World::new().await;
    let app = &world.app;
    // Posts to delete, so the ones above stay for the rows after.
    let enrolled = world.session(ENROLLED);
    let creator = world.session(CREATOR);
    let course_thread_to_delete = id_of(
        &app.post_thread(
            enrolled,
            Some(&world.course.id),
            "DISCUSSION",
            "Doomed",
            "x",
            &[],
        )
        .await
        .ok()["createThread"],
    );
    let open_thread_to_delete = app.question(world.session(LEARNER), "Doomed too").await;
    let course_answer_to_delete = app.answer(creator, &world.course_thread, "Doomed.").await;
    let open_answer_to_delete = app.answer(enrolled, &world.open_thread, "Doomed.").await;
    let course_comment_to_delete = id_of(
        &app.post_comment(world.session(MODERATOR), &world.course_answer, "Doomed.")
            .await
            .ok()["createComment"],
    );
    let open_comment_to_delete = id_of(
        &app.post_comment(world.session(ADMIN), &world.open_thread, "Doomed.")
            .await
            .ok()["createComment"],
    );
    let notification = world
        .run(ENROLLED, "{ notifications { nodes { id } } }", &json!({}))
        .await
        .ok()["notifications"]["nodes"][0]["id"]
        .clone();
    let creator_id = creator.id.clone();
    let new_thread = |course: Option<&str>| {
        json!({ "input": {
            "courseId": course, "kind": "DISCUSSION", "title": "New", "body": "b",
        }})
    };
    let id = |id: &str| json!({ "id": id });

    // (operation, query, variables, outcome for each viewer in VIEWERS' order)
    let rows: Vec<(&str, &str, Value, [Outcome; 9])> = vec![
        (
            "createThread in the course",
            CREATE_THREAD,
            new_thread(Some(&world.course.id)),
            [UNAUTH, DENIED, OK, DENIED, OK, DENIED, OK, OK, DENIED],
        ),
        (
            "createThread community-wide",
            CREATE_THREAD,
            new_thread(None),
            ANYONE_WRITES,
        ),
        (
            "updateThread in the course (the enrolled learner's)",
            UPDATE_THREAD,
            id(&world.course_thread),
            [
                UNAUTH, HIDDEN, OK, HIDDEN, DENIED, HIDDEN, DENIED, DENIED, DENIED,
            ],
        ),
        (
            "updateThread community-wide (the learner's)",
            UPDATE_THREAD,
            id(&world.open_thread),
            [
                UNAUTH, OK, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED,
            ],
        ),
        (
            "deleteThread in the course (the enrolled learner's)",
            DELETE_THREAD,
            id(&course_thread_to_delete),
            [
                UNAUTH, HIDDEN, OK, HIDDEN, DENIED, HIDDEN, DENIED, DENIED, DENIED,
            ],
        ),
        (
            "deleteThread community-wide (the learner's)",
            DELETE_THREAD,
            id(&open_thread_to_delete),
            [
                UNAUTH, OK, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED,
            ],
        ),
        (
            "createAnswer in the course",
            CREATE_ANSWER,
            id(&world.course_thread),
            MEMBERS_WRITE,
        ),
        (
            "createAnswer community-wide",
            CREATE_ANSWER,
            id(&world.open_thread),
            ANYONE_WRITES,
        ),
        (
            "updateAnswer in the course (the creator's)",
            UPDATE_ANSWER,
            id(&world.course_answer),
            [
                UNAUTH, HIDDEN, DENIED, HIDDEN, OK, HIDDEN, DENIED, DENIED, DENIED,
            ],
        ),
        (
            "updateAnswer community-wide (the enrolled learner's)",
            UPDATE_ANSWER,
            id(&world.open_answer),
            [
                UNAUTH, DENIED, OK, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED,
            ],
        ),
        (
            "deleteAnswer in the course (the creator's)",
            DELETE_ANSWER,
            id(&course_answer_to_delete),
            [
                UNAUTH, HIDDEN, DENIED, HIDDEN, OK, HIDDEN, DENIED, DENIED, DENIED,
            ],
        ),
        (
            "deleteAnswer community-wide (the enrolled learner's)",
            DELETE_ANSWER,
            id(&open_answer_to_delete),
            [
                UNAUTH, DENIED, OK, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED,
            ],
        ),
        (
            "createComment on the course thread",
            CREATE_COMMENT,
            id(&world.course_thread),
            MEMBERS_WRITE,
        ),
        (
            "createComment on the course answer",
            CREATE_COMMENT,
            id(&world.course_answer),
            MEMBERS_WRITE,
        ),
        (
            "createComment on the open thread",
            CREATE_COMMENT,
            id(&world.open_thread),
            ANYONE_WRITES,
        ),
        (
            "createComment on the open answer",
            CREATE_COMMENT,
            id(&world.open_answer),
            ANYONE_WRITES,
        ),
        (
            "updateComment in the course (the moderator's)",
            UPDATE_COMMENT,
            id(&world.course_comment),
            [
                UNAUTH, HIDDEN, DENIED, HIDDEN, DENIED, HIDDEN, OK, DENIED, DENIED,
            ],
        ),
        (
            "updateComment community-wide (the admin's)",
            UPDATE_COMMENT,
            id(&world.open_comment),
            [
                UNAUTH, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, OK, DENIED,
            ],
        ),
        (
            "deleteComment in the course (the moderator's)",
            DELETE_COMMENT,
            id(&course_comment_to_delete),
            [
                UNAUTH, HIDDEN, DENIED, HIDDEN, DENIED, HIDDEN, OK, DENIED, DENIED,
            ],
        ),
        (
            "deleteComment community-wide (the admin's)",
            DELETE_COMMENT,
            id(&open_comment_to_delete),
            [
                UNAUTH, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, OK, DENIED,
            ],
        ),
        // Votes: not on one's own post.
        (
            "vote on the course thread",
            VOTE_UP,
            id(&world.course_thread),
            [UNAUTH, HIDDEN, BAD, HIDDEN, OK, HIDDEN, OK, OK, DENIED],
        ),
        (
            "vote on the course answer",
            VOTE_UP,
            id(&world.course_answer),
            [UNAUTH, HIDDEN, OK, HIDDEN, BAD, HIDDEN, OK, OK, DENIED],
        ),
        (
            "vote on the open thread",
            VOTE_UP,
            id(&world.open_thread),
            [UNAUTH, BAD, OK, OK, OK, OK, OK, OK, DENIED],
        ),
        (
            "vote on the open answer",
            VOTE_UP,
            id(&world.open_answer),
            [UNAUTH, OK, BAD, OK, OK, OK, OK, OK, DENIED],
        ),
        // Accepting: the question's author only.
        (
            "acceptAnswer in the course",
            ACCEPT,
            id(&world.course_answer),
            [
                UNAUTH, HIDDEN, OK, HIDDEN, DENIED, HIDDEN, DENIED, DENIED, DENIED,
            ],
        ),
        (
            "unacceptAnswer in the course",
            UNACCEPT,
            id(&world.course_answer),
            [
                UNAUTH, HIDDEN, OK, HIDDEN, DENIED, HIDDEN, DENIED, DENIED, DENIED,
            ],
        ),
        (
            "acceptAnswer community-wide",
            ACCEPT,
            id(&world.open_answer),
            [
                UNAUTH, OK, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED,
            ],
        ),
        (
            "unacceptAnswer community-wide",
            UNACCEPT,
            id(&world.open_answer),
            [
                UNAUTH, OK, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED,
            ],
        ),
        // Bookmarks and follows are writes too: not while suspended.
        (
            "bookmark the course thread",
            BOOKMARK,
            id(&world.course_thread),
            MEMBERS_WRITE,
        ),
        (
            "unbookmark the course thread",
            UNBOOKMARK,
            id(&world.course_thread),
            MEMBERS_WRITE,
        ),
        (
            "bookmark the open thread",
            BOOKMARK,
            id(&world.open_thread),
            ANYONE_WRITES,
        ),
        (
            "unbookmark the open thread",
            UNBOOKMARK,
            id(&world.open_thread),
            ANYONE_WRITES,
        ),
        (
            "follow the course thread",
            FOLLOW,
            id(&world.course_thread),
            MEMBERS_WRITE,
        ),
        (
            "unfollow the course thread",
            UNFOLLOW,
            id(&world.course_thread),
            MEMBERS_WRITE,
        ),
        (
            "follow the open thread",
            FOLLOW,
            id(&world.open_thread),
            ANYONE_WRITES,
        ),
        (
            "unfollow the open thread",
            UNFOLLOW,
            id(&world.open_thread),
            ANYONE_WRITES,
        ),
        (
            "follow the creator",
            FOLLOW,
            id(&creator_id),
            [UNAUTH, OK, OK, OK, BAD, OK, OK, OK, DENIED],
        ),
        (
            "unfollow the creator",
            UNFOLLOW,
            id(&creator_id),
            [UNAUTH, OK, OK, OK, BAD, OK, OK, OK, DENIED],
        ),
        (
            "followTag",
            "mutation T { followTag(tag: \"Rust\") }",
            json!({}),
            ANYONE_WRITES,
        ),
        (
            "unfollowTag",
            "mutation T { unfollowTag(tag: \"Rust\") }",
            json!({}),
            ANYONE_WRITES,
        ),
        // Others' notification IDs are ignored, not refused.
        (
            "markNotificationsRead",
            "mutation M($ids: [ID!]!) { markNotificationsRead(ids: $ids) }",
            json!({ "ids": [notification] }),
            ANYONE_WRITES,
        ),
        (
            "markAllNotificationsRead",
            "mutation M { markAllNotificationsRead }",
            json!({}),
            ANYONE_WRITES,
        ),
    ];
    for (name, query, variables, expected) in &rows {
        world.check(name, query, variables, *expected).await;
    }

    // What the allowed rows did, as the course's members see it.
    let thread = world
        .run(
            ENROLLED,
            "query T($id: ID!) { thread(id: $id) { body score acceptedAnswer { id } answerCount
               answers(first: 50) { nodes { id score body } } } }",
            &json!({ "id": world.course_thread }),
        )
        .await;
    let thread = &thread.ok()["thread"];
    assert_eq!(thread["body"], "Edited.");
    // Voted up by the creator, the moderator and the admin.
    assert_eq!(thread["score"], 3);
    assert_eq!(thread["acceptedAnswer"], Value::Null);
    // The creator's and the refunded learner's answers, and one per member
    // who may write (enrolled, creator, moderator, admin); the deleted one
    // does not count.
    assert_eq!(thread["answerCount"], 6);
}

#[tokio::test]
async fn every_gated_query_and_field_by_viewer() {
    let world = World::new().await;
    let with_id = |id: &str| json!({ "id": id });
    let course = with_id(&world.course.id);

    let rows: Vec<(&str, &str, Value, [Outcome; 9])> = vec![
        (
            "thread in the course",
            "query T($id: ID!) { thread(id: $id) { id body answers { nodes { body } } } }",
            with_id(&world.course_thread),
            MEMBERS_READ,
        ),
        (
            "thread community-wide",
            "query T($id: ID!) { thread(id: $id) { id body answers { nodes { body } } } }",
            with_id(&world.open_thread),
            [OK; 9],
        ),
        (
            "threads of the course",
            "query T($id: ID!) { threads(filter: { courseId: $id }) { totalCount nodes { id } } }",
            course.clone(),
            MEMBERS_READ,
        ),
        (
            "threads",
            "{ threads { totalCount nodes { id } } }",
            json!({}),
            [OK; 9],
        ),
        // The edit history: staff only.
        (
            "Thread.revisions in the course",
            "query T($id: ID!) { thread(id: $id) { revisions { body } } }",
            with_id(&world.course_thread),
            [
                HIDDEN, HIDDEN, DENIED, HIDDEN, DENIED, HIDDEN, OK, OK, DENIED,
            ],
        ),
        (
            "Thread.revisions community-wide",
            "query T($id: ID!) { thread(id: $id) { revisions { body } } }",
            with_id(&world.open_thread),
            [
                UNAUTH, DENIED, DENIED, DENIED, DENIED, DENIED, OK, OK, DENIED,
            ],
        ),
        (
            "Answer.revisions",
            "query T($id: ID!) { thread(id: $id) { answers { nodes { revisions { body } } } } }",
            with_id(&world.open_thread),
            [
                UNAUTH, DENIED, DENIED, DENIED, DENIED, DENIED, OK, OK, DENIED,
            ],
        ),
        (
            "Comment.revisions",
            "query T($id: ID!) { thread(id: $id) { answers(first: 5) { nodes {
               comments(first: 5) { nodes { revisions { body } } } } } } }",
            with_id(&world.open_thread),
            [
                UNAUTH, DENIED, DENIED, DENIED, DENIED, DENIED, OK, OK, DENIED,
            ],
        ),
        // The signed-in user's own lists.
        (
            "notifications",
            "{ notifications { totalCount nodes { id kind thread { id } } } }",
            json!({}),
            [UNAUTH, OK, OK, OK, OK, OK, OK, OK, OK],
        ),
        (
            "unreadNotificationCount",
            "{ unreadNotificationCount }",
            json!({}),
            [UNAUTH, OK, OK, OK, OK, OK, OK, OK, OK],
        ),
        (
            "myBookmarks",
            "{ myBookmarks { totalCount nodes { id } } }",
            json!({}),
            [UNAUTH, OK, OK, OK, OK, OK, OK, OK, OK],
        ),
        (
            "myFollowedTags",
            "{ myFollowedTags }",
            json!({}),
            [UNAUTH, OK, OK, OK, OK, OK, OK, OK, OK],
        ),
    ];
    for (name, query, variables, expected) in &rows {
        world.check(name, query, variables, *expected).await;
    }

    // What each viewer sees: (what, query, variables, id looked for, seen by each viewer).
    let node = "query N($id: ID!) { node(id: $id) { id } }";
    let notification = world
        .run(ENROLLED, "{ notifications { nodes { id } } }", &json!({}))
        .await
        .ok()["notifications"]["nodes"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let user_threads = "query U($id: ID!) { user(id: $id) { threads { nodes { id } } } }";
    let user_answers = "query U($id: ID!) { user(id: $id) { answers { nodes { id } } } }";
    let everyone = [true; 9];
    let rows: Vec<(&str, &str, Value, &str, [bool; 9])> = vec![
        (
            "node: course thread",
            node,
            with_id(&world.course_thread),
            &world.course_thread,
            MEMBERS_SEE,
        ),
        (
            "node: course answer",
            node,
            with_id(&world.course_answer),
            &world.course_answer,
            MEMBERS_SEE,
        ),
        (
            "node: course comment",
            node,
            with_id(&world.course_comment),
            &world.course_comment,
            MEMBERS_SEE,
        ),
        (
            "node: open thread",
            node,
            with_id(&world.open_thread),
            &world.open_thread,
            everyone,
        ),
        (
            "node: open answer",
            node,
            with_id(&world.open_answer),
            &world.open_answer,
            everyone,
        ),
        (
            "node: open comment",
            node,
            with_id(&world.open_comment),
            &world.open_comment,
            everyone,
        ),
        (
            "node: another's notification",
            node,
            with_id(&notification),
            &notification,
            [false, false, true, false, false, false, false, false, false],
        ),
        (
            "threads lists the course thread",
            "{ threads(first: 100) { nodes { id } } }",
            json!({}),
            &world.course_thread,
            MEMBERS_SEE,
        ),
        (
            "threads lists the open thread",
            "{ threads(first: 100) { nodes { id } } }",
            json!({}),
            &world.open_thread,
            everyone,
        ),
        (
            "User.threads of the enrolled learner",
            user_threads,
            with_id(&world.session(ENROLLED).id),
            &world.course_thread,
            MEMBERS_SEE,
        ),
        (
            "User.threads of the learner",
            user_threads,
            with_id(&world.session(LEARNER).id),
            &world.open_thread,
            everyone,
        ),
        (
            "User.answers of the creator",
            user_answers,
            with_id(&world.session(CREATOR).id),
            &world.course_answer,
            MEMBERS_SEE,
        ),
        (
            "User.answers of the enrolled learner",
            user_answers,
            with_id(&world.session(ENROLLED).id),
            &world.open_answer,
            everyone,
        ),
        // After the refund the learner's own course answer is gone from
        // their profile, for them too.
        (
            "User.answers of the refunded learner",
            user_answers,
            with_id(&world.session(REFUNDED).id),
            &world.refunded_answer,
            MEMBERS_SEE,
        ),
    ];
    for (name, query, variables, id, expected) in &rows {
        world
            .check_sees(name, query, variables, id, *expected)
            .await;
    }
}

#[tokio::test]
async fn a_refund_hides_the_course_from_notifications_and_bookmarks() {
    let world = World::new().await;
    let notifications = "{ notifications { nodes { id kind read
        thread { id } answer { id body } comment { id body } } } }";

    // Told of the creator's comment on their answer while enrolled; now the
    // thread, answer and comment it points at are gone.
    let told = world.run(REFUNDED, notifications, &json!({})).await;
    let nodes = told.ok()["notifications"]["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 1, "{told:?}");
    assert_eq!(nodes[0]["kind"], "NEW_COMMENT");
    assert_eq!(nodes[0]["thread"], Value::Null);
    assert_eq!(nodes[0]["answer"], Value::Null);
    assert_eq!(nodes[0]["comment"], Value::Null);

    // The thread's author, still enrolled, is told of the same activity
    // and sees where it happened.
    let told = world.run(ENROLLED, notifications, &json!({})).await;
    let nodes = told.ok()["notifications"]["nodes"].as_array().unwrap();
    assert!(!nodes.is_empty());
    assert!(
        nodes.iter().all(|n| n["thread"]["id"].is_string()),
        "{told:?}"
    );
    assert!(mentions(told.ok(), &world.course_thread), "{told:?}");

    // The bookmark made while enrolled is left out, and the thread itself
    // is NOT_FOUND.
    let bookmarks = world
        .run(
            REFUNDED,
            "{ myBookmarks { totalCount nodes { id } } }",
            &json!({}),
        )
        .await;
    assert_eq!(bookmarks.ok()["myBookmarks"]["totalCount"], 0);
    world
        .app
        .thread_as(Some(world.session(REFUNDED)), &world.course_thread)
        .await
        .expect_code(ErrorCode::NotFound);

    // Enrolling again gives everything back.
    world
        .app
        .enroll(world.session(REFUNDED), &world.course, "again")
        .await
        .ok();
    let bookmarks = world
        .run(REFUNDED, "{ myBookmarks { nodes { id } } }", &json!({}))
        .await;
    assert!(mentions(bookmarks.ok(), &world.course_thread));
    let told = world.run(REFUNDED, notifications, &json!({})).await;
    assert_eq!(
        told.ok()["notifications"]["nodes"][0]["thread"]["id"],
        world.course_thread.as_str()
    );
}

#[tokio::test]
async fn notifications_are_their_recipients_alone() {
    let world = World::new().await;
    let unread = "{ unreadNotificationCount }";
    let count = |response: GqlResponse| response.ok()["unreadNotificationCount"].clone();
    let mark = "mutation M($ids: [ID!]!) { markNotificationsRead(ids: $ids) }";
    let ids: Vec<Value> = world
        .run(ENROLLED, "{ notifications { nodes { id } } }", &json!({}))
        .await
        .ok()["notifications"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].clone())
        .collect();
    assert!(ids.len() >= 2, "{ids:?}");
    let before = count(world.run(ENROLLED, unread, &json!({})).await);

    // Another user (staff included) marking them changes nothing.
    for viewer in [LEARNER, CREATOR, ADMIN] {
        let marked = world.run(viewer, mark, &json!({ "ids": ids })).await;
        assert_eq!(
            marked.ok()["markNotificationsRead"],
            0,
            "as {}",
            VIEWERS[viewer]
        );
    }
    assert_eq!(count(world.run(ENROLLED, unread, &json!({})).await), before);

    // Their recipient marks one, then all.
    let marked = world.run(ENROLLED, mark, &json!({ "ids": [ids[0]] })).await;
    assert_eq!(marked.ok()["markNotificationsRead"], 1);
    let after_one = count(world.run(ENROLLED, unread, &json!({})).await);
    assert_eq!(after_one.as_i64().unwrap() + 1, before.as_i64().unwrap());
    let all = world
        .run(
            ENROLLED,
            "mutation M { markAllNotificationsRead }",
            &json!({}),
        )
        .await;
    assert_eq!(all.ok()["markAllNotificationsRead"], after_one);
    assert_eq!(count(world.run(ENROLLED, unread, &json!({})).await), 0);
}
