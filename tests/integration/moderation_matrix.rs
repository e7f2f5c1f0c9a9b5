//! Who may moderate what, as one table: each role (a row, with its own
//! fresh app) against each action (a cell, with its own fresh threads),
//! expecting ok, UNAUTHENTICATED or FORBIDDEN. A refused action changes
//! nothing.

use lyceum::error::ErrorCode;
use lyceum_tests::{
    Session, TestApp,
    community::{id_of, raw_id},
    courses::TestCourse,
};
use serde_json::{Value, json};

use crate::moderation_curation::make_expert;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Role {
    Anonymous,
    Learner,
    Expert,
    /// The creator of the threads' course.
    OwnCreator,
    /// A creator of another course, reading the threads as an enrolled
    /// learner.
    OtherCreator,
    Moderator,
    Admin,
    SuspendedModerator,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Want {
    Ok,
    Unauthenticated,
    Forbidden,
}
use Want::{Forbidden as F, Ok as O, Unauthenticated as U};

const ACTIONS: [&str; 10] = [
    "pin",
    "lock",
    "hide",
    "feature",
    "move",
    "retag",
    "closeAsDuplicate",
    "merge",
    "report",
    "moderationQueue",
];

fn expected(role: Role) -> [Want; 10] {
    match role {
        //                       pin lock hide feat move retag dup merge report queue
        Role::Anonymous => [U, U, U, U, U, U, U, U, U, U],
        Role::Learner => [F, F, F, F, F, F, F, F, O, F],
        Role::Expert => [F, F, F, F, F, F, O, F, O, F],
        Role::OwnCreator => [O, O, O, F, F, F, F, F, O, F],
        Role::OtherCreator => [F, F, F, F, F, F, F, F, O, F],
        Role::Moderator | Role::Admin => [O, O, O, O, O, O, O, O, O, O],
        // Reading stays allowed to a suspended account; writing does not.
        Role::SuspendedModerator => [F, F, F, F, F, F, F, F, F, O],
    }
}

struct World {
    app: TestApp,
    author: Session,
    course: TestCourse,
    actor: Option<Session>,
}

async fn world(role: Role) -> World {
    let app = TestApp::spawn().await;
    let admin = app.admin("boss").await;
    let owner = app.creator("owner").await;
    let author = app.learner("author").await;
    // Many threads per row: no daily limit for the author.
    make_expert(&app, &author).await;
    let course = app.published_course(&owner, "Moderated", 0, 1).await;
    app.enrolled(&author, &course).await;
    let actor = match role {
        Role::Anonymous => None,
        Role::Learner => Some(app.learner("actor").await),
        Role::Expert => {
            let s = app.learner("actor").await;
            make_expert(&app, &s).await;
            Some(s)
        }
        Role::OwnCreator => Some(owner),
        Role::OtherCreator => {
            let s = app.creator("actor").await;
            app.published_course(&s, "Elsewhere", 0, 1).await;
            Some(s)
        }
        Role::Moderator => Some(app.moderator("actor").await),
        Role::Admin => Some(app.admin("actor").await),
        Role::SuspendedModerator => {
            let s = app.moderator("actor").await;
            app.gql_as(
                &admin,
                "mutation($id: ID!) { suspendUser(input: { userId: $id, reason: \"test\" }) { id } }",
                json!({ "id": s.id }),
            )
            .await
            .ok();
            Some(s)
        }
    };
    if let (Some(actor), Role::Learner | Role::Expert | Role::OtherCreator) = (&actor, role) {
        app.enrolled(actor, &course).await;
    }
    World {
        app,
        author,
        course,
        actor,
    }
}

/// The query and variables of one cell, on fresh threads.
async fn cell(w: &World, action: &str) -> (String, Value) {
    let post = |title: &'static str| async move {
        id_of(
            &w.app
                .post_thread(
                    &w.author,
                    Some(&w.course.id),
                    "QUESTION",
                    title,
                    "Body?",
                    &[],
                )
                .await
                .ok()["createThread"],
        )
    };
    let t = post("Target").await;
    let other = post("Other").await;
    let (query, vars) = match action {
        "pin" => (
            "mutation($t: ID!) { pinThread(threadId: $t) { id } }",
            json!({ "t": t }),
        ),
        "lock" => (
            "mutation($t: ID!) { lockThread(threadId: $t) { id } }",
            json!({ "t": t }),
        ),
        "hide" => (
            "mutation($t: ID!) { hideContent(targetId: $t) { thread { id } } }",
            json!({ "t": t }),
        ),
        "feature" => (
            "mutation($t: ID!) { featureThread(threadId: $t) { id } }",
            json!({ "t": t }),
        ),
        "move" => (
            "mutation($t: ID!) { moveThread(threadId: $t, courseId: null) { id } }",
            json!({ "t": t }),
        ),
        "retag" => (
            "mutation($t: ID!) { retagThread(threadId: $t, tags: [\"moved\"]) { id } }",
            json!({ "t": t }),
        ),
        "closeAsDuplicate" => (
            "mutation($t: ID!, $o: ID!) { closeAsDuplicate(threadId: $t, ofThreadId: $o) { id } }",
            json!({ "t": t, "o": other }),
        ),
        "merge" => (
            "mutation($t: ID!, $o: ID!) { mergeThreads(fromId: $t, intoId: $o) { id } }",
            json!({ "t": t, "o": other }),
        ),
        "report" => (
            "mutation($t: ID!) { report(input: { targetId: $t, reason: SPAM }) { id } }",
            json!({ "t": t }),
        ),
        "moderationQueue" => ("{ moderationQueue { nodes { id } } }", json!({})),
        _ => unreachable!(),
    };
    (query.to_owned(), vars)
}

async fn run_row(role: Role) {
    let w = world(role).await;
    let mut failures = Vec::new();
    for (action, want) in ACTIONS.iter().zip(expected(role)) {
        let (query, vars) = cell(&w, action).await;
        let before = w.app.community_snapshot().await;
        let log_before = w.app.number("SELECT COUNT(*) FROM moderation_log").await;
        let response = w
            .app
            .gql_with(
                w.actor.as_ref().map(|s| s.access_token.as_str()),
                &query,
                vars,
            )
            .await;
        let got = match response.code() {
            None if response.errors().is_empty() => O,
            Some(ErrorCode::Unauthenticated) => U,
            Some(ErrorCode::Forbidden) => F,
            other => {
                failures.push(format!(
                    "{action}: unexpected {other:?} {:?}",
                    response.errors()
                ));
                continue;
            }
        };
        if got != want {
            failures.push(format!(
                "{action}: want {want:?}, got {got:?} {:?}",
                response.errors()
            ));
            continue;
        }
        if got != O {
            assert_eq!(
                w.app.community_snapshot().await,
                before,
                "{role:?} {action}"
            );
            assert_eq!(
                w.app.number("SELECT COUNT(*) FROM moderation_log").await,
                log_before,
                "{role:?} {action}: no log row"
            );
        }
    }
    // The author's id keeps the fixtures honest: it was never the actor.
    assert_ne!(
        w.actor.as_ref().map(|a| raw_id(&a.id)),
        Some(raw_id(&w.author.id))
    );
    assert!(failures.is_empty(), "{role:?}:\n{}", failures.join("\n"));
}

macro_rules! rows {
    ($($name:ident => $role:expr),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $name() {
                run_row($role).await;
            }
        )*
    };
}

rows! {
    moderation_matrix_anonymous => Role::Anonymous,
    moderation_matrix_learner => Role::Learner,
    moderation_matrix_expert => Role::Expert,
    moderation_matrix_creator_own_course => Role::OwnCreator,
    moderation_matrix_creator_other_course => Role::OtherCreator,
    moderation_matrix_moderator => Role::Moderator,
    moderation_matrix_admin => Role::Admin,
    moderation_matrix_suspended_moderator => Role::SuspendedModerator,
}
