//! Votes and accepted answers under concurrency: counters always equal the
//! vote rows, and a question has at most one accepted answer.

use entity::{answers, threads};
use futures_util::future::join_all;
use lyceum::{error::ErrorCode, services::community::hot_rank};
use lyceum_tests::{
    GqlResponse, Session, TestApp,
    community::{id_of, raw_id},
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

const ANSWERS: &str = r#"query A($id: ID!) { thread(id: $id) {
  score upvotes downvotes viewerVote answerCount acceptedAnswer { id }
  answers(first: 20) { nodes { id body score upvotes downvotes viewerVote isAccepted deletedAt } }
} }"#;
const ACCEPT: &str = "mutation($id: ID!) { acceptAnswer(answerId: $id) { id isAccepted } }";
const UNACCEPT: &str = "mutation($id: ID!) { unacceptAnswer(answerId: $id) { id isAccepted } }";
const DELETE_ANSWER: &str = "mutation($id: ID!) { deleteAnswer(id: $id) { id deletedAt } }";
const HOT: &str = "{ threads(orderBy: HOT, first: 10) { nodes { id } } }";

/// `data.thread` as `viewer` sees it, with its answers.
async fn thread_page(app: &TestApp, viewer: &Session, thread_id: &str) -> Value {
    app.gql_as(viewer, ANSWERS, json!({ "id": thread_id }))
        .await
        .ok()["thread"]
        .clone()
}

/// The thread's answers, in the API's order.
fn answers_of(thread: &Value) -> Vec<Value> {
    thread["answers"]["nodes"].as_array().unwrap().clone()
}

fn ids(nodes: &[Value]) -> Vec<String> {
    nodes.iter().map(id_of).collect()
}

/// Every thread's and answer's counters equal its vote rows, and every
/// thread's stored HOT rank is the one its score gives.
async fn assert_counters_match_votes(app: &TestApp) {
    for (table, kind) in [("threads", "THREAD"), ("answers", "ANSWER")] {
        let rows = |value: &str| {
            format!(
                "(SELECT COUNT(*) FROM votes v WHERE v.target_kind = '{kind}' \
                 AND v.target_id = t.id AND v.value = {value})"
            )
        };
        let sum = format!(
            "(SELECT COALESCE(SUM(v.value), 0) FROM votes v \
             WHERE v.target_kind = '{kind}' AND v.target_id = t.id)"
        );
        let sql = format!(
            "SELECT COUNT(*) FROM {table} t WHERE t.upvotes <> {up} OR t.downvotes <> {down} \
             OR t.score <> {sum} OR t.score <> t.upvotes - t.downvotes",
            up = rows("1"),
            down = rows("-1"),
        );
        assert_eq!(app.number(&sql).await, 0, "{table} whose counters disagree");
    }
    for thread in threads::Entity::find().all(&app.db).await.unwrap() {
        let expected = hot_rank(thread.score, thread.created_at);
        assert!(
            (thread.hot_rank - expected).abs() < 1e-9,
            "thread {} has score {} and rank {} (expected {expected})",
            thread.id,
            thread.score,
            thread.hot_rank
        );
    }
}

fn vote_value(vote: &Value) -> i64 {
    match vote.as_str() {
        Some("UP") => 1,
        Some("DOWN") => -1,
        Some("NONE") => 0,
        other => panic!("not a vote: {other:?}"),
    }
}

/// Each voter's `viewerVote` on a target, read through the API.
async fn viewer_votes(app: &TestApp, voters: &[Session], target_id: &str) -> Vec<i64> {
    let query = r#"query V($id: ID!) { node(id: $id) { ... on Votable { viewerVote } } }"#;
    let reads = voters
        .iter()
        .map(|voter| app.gql_as(voter, query, json!({ "id": target_id })));
    join_all(reads)
        .await
        .iter()
        .map(|read| vote_value(&read.ok()["node"]["viewerVote"]))
        .collect()
}

/// The counters of a thread or answer, read through the API.
async fn counters(app: &TestApp, target_id: &str) -> (i64, i64, i64) {
    let query =
        r#"query C($id: ID!) { node(id: $id) { ... on Votable { score upvotes downvotes } } }"#;
    let read = app.gql(query, json!({ "id": target_id })).await;
    let node = &read.ok()["node"];
    (
        node["score"].as_i64().unwrap(),
        node["upvotes"].as_i64().unwrap(),
        node["downvotes"].as_i64().unwrap(),
    )
}

async fn hot(app: &TestApp, reader: &Session) -> Vec<String> {
    let page = app.gql_as(reader, HOT, json!({})).await;
    ids(page.ok()["threads"]["nodes"].as_array().unwrap())
}

async fn accept(app: &TestApp, asker: &Session, answer_id: &str) -> GqlResponse {
    app.gql_as(asker, ACCEPT, json!({ "id": answer_id })).await
}

#[tokio::test]
async fn a_hundred_concurrent_upvotes_make_a_score_of_a_hundred() {
    let app = TestApp::spawn().await;
    let asker = app.learner("asker").await;
    let helper = app.learner("helper").await;
    let thread_id = app.question(&asker, "Popular question").await;
    let answer_id = app.answer(&helper, &thread_id, "A popular answer").await;
    let voters = app.learners("fan", 100).await;

    let votes = voters.iter().map(|voter| app.vote(voter, &answer_id, "UP"));
    for response in join_all(votes).await {
        assert_eq!(response.ok()["vote"]["viewerVote"], "UP");
    }
    assert_eq!(counters(&app, &answer_id).await, (100, 100, 0));
    let rows = app
        .number("SELECT COUNT(*) FROM votes WHERE target_kind = 'ANSWER' AND value = 1")
        .await;
    assert_eq!(rows, 100);
    // The thread itself took none.
    assert_eq!(counters(&app, &thread_id).await, (0, 0, 0));
    assert_counters_match_votes(&app).await;

    // The same for a thread.
    let votes = voters.iter().map(|voter| app.vote(voter, &thread_id, "UP"));
    for response in join_all(votes).await {
        response.ok();
    }
    assert_eq!(counters(&app, &thread_id).await, (100, 100, 0));
    assert_counters_match_votes(&app).await;
}

#[tokio::test]
async fn one_user_voting_up_many_times_at_once_casts_one_vote() {
    let app = TestApp::spawn().await;
    let asker = app.learner("asker").await;
    let helper = app.learner("helper").await;
    let eager = app.learner("eager").await;
    let thread_id = app.question(&asker, "Eager voting").await;
    let answer_id = app.answer(&helper, &thread_id, "An answer").await;

    for (times, target) in [(2, &answer_id), (20, &answer_id), (20, &thread_id)] {
        let votes = (0..times).map(|_| app.vote(&eager, target, "UP"));
        for response in join_all(votes).await {
            let voted = &response.ok()["vote"];
            assert_eq!(voted["score"], 1, "{voted}");
            assert_eq!(voted["viewerVote"], "UP");
        }
        assert_eq!(counters(&app, target).await, (1, 1, 0));
    }
    let rows = app
        .number("SELECT COUNT(*) FROM votes WHERE value = 1")
        .await;
    assert_eq!(rows, 2, "one vote on the answer, one on the thread");

    // Twenty retractions at once take exactly one vote away.
    let votes = (0..20).map(|_| app.vote(&eager, &answer_id, "NONE"));
    for response in join_all(votes).await {
        assert_eq!(response.ok()["vote"]["score"], 0);
    }
    assert_eq!(counters(&app, &answer_id).await, (0, 0, 0));
    // Twenty downvotes at once: one.
    let votes = (0..20).map(|_| app.vote(&eager, &answer_id, "DOWN"));
    join_all(votes).await.iter().for_each(|r| {
        r.ok();
    });
    assert_eq!(counters(&app, &answer_id).await, (-1, 0, 1));
    assert_counters_match_votes(&app).await;
}

/// Everyone votes UP, then changes their vote in many ways at once (several
/// requests each, racing one another): afterwards each counter equals the
/// rows, and the rows are what each voter sees as `viewerVote`.
async fn changes_race_and_counters_follow_the_rows(
    app: &TestApp,
    voters: &[Session],
    target: &str,
) {
    let first = voters[..30]
        .iter()
        .map(|voter| app.vote(voter, target, "UP"));
    join_all(first).await.iter().for_each(|r| {
        r.ok();
    });
    assert_eq!(counters(app, target).await, (30, 30, 0));

    let mut changes = Vec::new();
    for (i, voter) in voters.iter().enumerate() {
        let values: &[&str] = match i % 4 {
            // UP → DOWN and UP → NONE at once.
            0 => &["DOWN", "NONE"],
            // UP → NONE, several times, racing an UP.
            1 => &["NONE", "NONE", "UP", "NONE"],
            // UP → DOWN, several times, racing a retraction.
            2 => &["DOWN", "DOWN", "NONE", "DOWN"],
            _ => &["UP", "DOWN", "UP"],
        };
        for value in values {
            changes.push(app.vote(voter, target, value));
        }
    }
    for response in join_all(changes).await {
        response.ok();
    }

    let seen = viewer_votes(app, voters, target).await;
    let expected = (
        seen.iter().sum::<i64>(),
        seen.iter().filter(|v| **v == 1).count() as i64,
        seen.iter().filter(|v| **v == -1).count() as i64,
    );
    assert_eq!(
        counters(app, target).await,
        expected,
        "votes seen: {seen:?}"
    );
    assert_counters_match_votes(app).await;

    // Sequential changes from here on land exactly.
    for voter in voters {
        app.vote(voter, target, "DOWN").await.ok();
    }
    let n = voters.len() as i64;
    assert_eq!(counters(app, target).await, (-n, 0, n));
    for voter in voters {
        app.vote(voter, target, "NONE").await.ok();
    }
    assert_eq!(counters(app, target).await, (0, 0, 0));
    assert_counters_match_votes(app).await;
}

#[tokio::test]
async fn concurrent_vote_changes_on_an_answer_keep_the_counters_true() {
    let app = TestApp::spawn().await;
    let asker = app.learner("asker").await;
    let helper = app.learner("helper").await;
    let thread_id = app.question(&asker, "Contested answer").await;
    let answer_id = app.answer(&helper, &thread_id, "Controversial").await;
    let voters = app.learners("critic", 40).await;
    changes_race_and_counters_follow_the_rows(&app, &voters, &answer_id).await;
}

#[tokio::test]
async fn concurrent_vote_changes_on_a_thread_keep_the_counters_and_hot_rank_true() {
    let app = TestApp::spawn().await;
    let asker = app.learner("asker").await;
    let thread_id = app.question(&asker, "Contested thread").await;
    let voters = app.learners("critic", 40).await;
    changes_race_and_counters_follow_the_rows(&app, &voters, &thread_id).await;
}

/// Votes racing on answers of different authors, each changing in many
/// ways, never refuse one another: each one's reward rows (the authors',
/// the voters', and the analytics rollups they share) are taken in one
/// order. Before, the rollups were taken in each vote's own order and such
/// races deadlocked on PostgreSQL (one vote refused after a second's wait).
#[tokio::test]
async fn votes_racing_across_authors_all_land() {
    let app = TestApp::spawn().await;
    let asker = app.learner("asker").await;
    let thread_id = app.question(&asker, "Many answers").await;
    // Twice as many authors as rollup shards: authors share shards.
    let authors = app.learners("author", 16).await;
    let mut answers = Vec::new();
    for (i, author) in authors.iter().enumerate() {
        answers.push(app.answer(author, &thread_id, &format!("Answer {i}")).await);
    }
    let voters = app.learners("voter", 24).await;
    for round in 0..3 {
        let mut votes = Vec::new();
        for (i, voter) in voters.iter().enumerate() {
            for answer in [i + round, i * 7 + 3] {
                let answer = &answers[answer % answers.len()];
                for value in ["UP", "DOWN", "NONE", "UP", "DOWN"] {
                    votes.push(app.vote(voter, answer, value));
                }
            }
        }
        for response in join_all(votes).await {
            response.ok();
        }
    }
    assert_counters_match_votes(&app).await;
}

#[tokio::test]
async fn the_hot_order_follows_votes() {
    let app = TestApp::spawn().await;
    let author = app.learner("author").await;
    let older = app.question(&author, "Older thread").await;
    app.clock.advance(chrono::Duration::hours(1));
    let newer = app.question(&author, "Newer thread").await;
    let voters = app.learners("reader", 15).await;
    assert_eq!(hot(&app, &voters[0]).await, [newer.clone(), older.clone()]);

    // Ten upvotes are worth 12.5 hours: the older thread rises.
    let votes = voters[..10].iter().map(|v| app.vote(v, &older, "UP"));
    join_all(votes).await.iter().for_each(|r| {
        r.ok();
    });
    assert_eq!(hot(&app, &voters[0]).await, [older.clone(), newer.clone()]);
    assert_counters_match_votes(&app).await;

    // The upvoters retract and others downvote, all at once: it sinks.
    let changes = voters[..10]
        .iter()
        .map(|v| app.vote(v, &older, "NONE"))
        .chain(voters[10..].iter().map(|v| app.vote(v, &older, "DOWN")));
    join_all(changes).await.iter().for_each(|r| {
        r.ok();
    });
    assert_eq!(counters(&app, &older).await, (-5, 0, 5));
    assert_eq!(hot(&app, &voters[0]).await, [newer.clone(), older.clone()]);
    // A newer thread with fewer downvotes still beats it…
    let votes = voters[..3].iter().map(|v| app.vote(v, &newer, "DOWN"));
    join_all(votes).await.iter().for_each(|r| {
        r.ok();
    });
    assert_eq!(hot(&app, &voters[0]).await, [newer.clone(), older.clone()]);
    // …but not once fifteen vote it up.
    let votes = voters.iter().map(|v| app.vote(v, &older, "UP"));
    join_all(votes).await.iter().for_each(|r| {
        r.ok();
    });
    assert_eq!(hot(&app, &voters[0]).await, [older, newer]);
    assert_counters_match_votes(&app).await;
}

#[tokio::test]
async fn the_asker_accepts_switches_and_unaccepts_one_answer() {
    let app = TestApp::spawn().await;
    let asker = app.learner("asker").await;
    let helpers = app.learners("helper", 3).await;
    let voters = app.learners("voter", 2).await;
    let thread_id = app.question(&asker, "Which answer is best?").await;
    let mut answer_ids = Vec::new();
    for (i, helper) in helpers.iter().enumerate() {
        answer_ids.push(app.answer(helper, &thread_id, &format!("Answer {i}")).await);
    }
    let [a0, a1, a2] = [&answer_ids[0], &answer_ids[1], &answer_ids[2]];
    for voter in &voters {
        app.vote(voter, a1, "UP").await.ok();
    }
    app.vote(&voters[0], a2, "UP").await.ok();
    // By score, then oldest.
    let page = thread_page(&app, &asker, &thread_id).await;
    assert_eq!(ids(&answers_of(&page)), [a1, a2, a0].map(String::as_str));
    assert_eq!(page["acceptedAnswer"], Value::Null);

    let accepted = accept(&app, &asker, a0).await;
    assert_eq!(accepted.ok()["acceptAnswer"]["isAccepted"], true);
    let page = thread_page(&app, &asker, &thread_id).await;
    assert_eq!(page["acceptedAnswer"]["id"], a0.as_str());
    let answers = answers_of(&page);
    assert_eq!(
        ids(&answers),
        [a0, a1, a2].map(String::as_str),
        "the accepted answer comes first"
    );
    let flags: Vec<&Value> = answers.iter().map(|a| &a["isAccepted"]).collect();
    assert_eq!(flags, [true, false, false]);

    // Accepting it again changes nothing; accepting another replaces it.
    accept(&app, &asker, a0).await.ok();
    accept(&app, &asker, a2).await.ok();
    let page = thread_page(&app, &asker, &thread_id).await;
    assert_eq!(page["acceptedAnswer"]["id"], a2.as_str());
    let answers = answers_of(&page);
    assert_eq!(ids(&answers), [a2, a1, a0].map(String::as_str));
    let flags: Vec<&Value> = answers.iter().map(|a| &a["isAccepted"]).collect();
    assert_eq!(flags, [true, false, false]);

    // Only the asker, only on questions, only what is accepted.
    accept(&app, &helpers[0], a0)
        .await
        .expect_code(ErrorCode::Forbidden);
    app.gql_as(&helpers[2], UNACCEPT, json!({ "id": a2 }))
        .await
        .expect_code(ErrorCode::Forbidden);
    app.gql(ACCEPT, json!({ "id": a0 }))
        .await
        .expect_code(ErrorCode::Unauthenticated);
    app.gql_as(&asker, UNACCEPT, json!({ "id": a0 }))
        .await
        .expect_code(ErrorCode::Conflict);
    accept(&app, &asker, &thread_id)
        .await
        .expect_code(ErrorCode::BadUserInput);
    let discussion = app
        .post_thread(&asker, None, "DISCUSSION", "Just talking", "Chat", &[])
        .await;
    let discussion_id = id_of(&discussion.ok()["createThread"]);
    let reply = app.answer(&helpers[0], &discussion_id, "A reply").await;
    accept(&app, &asker, &reply)
        .await
        .expect_code(ErrorCode::BadUserInput);
    let page = thread_page(&app, &asker, &thread_id).await;
    assert_eq!(page["acceptedAnswer"]["id"], a2.as_str());

    let unaccepted = app.gql_as(&asker, UNACCEPT, json!({ "id": a2 })).await;
    assert_eq!(unaccepted.ok()["unacceptAnswer"]["isAccepted"], false);
    let page = thread_page(&app, &asker, &thread_id).await;
    assert_eq!(page["acceptedAnswer"], Value::Null);
    let answers = answers_of(&page);
    assert_eq!(ids(&answers), [a1, a2, a0].map(String::as_str));
    assert!(answers.iter().all(|a| a["isAccepted"] == false));
    app.gql_as(&asker, UNACCEPT, json!({ "id": a2 }))
        .await
        .expect_code(ErrorCode::Conflict);
}

/// The thread's accepted answer and the answers flagged accepted agree: at
/// most one, never a deleted one.
async fn assert_one_acceptance(app: &TestApp, thread_id: &str) -> Option<i64> {
    let thread = threads::Entity::find_by_id(raw_id(thread_id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let flagged: Vec<i64> = answers::Entity::find()
        .filter(answers::Column::ThreadId.eq(thread.id))
        .filter(answers::Column::Accepted.eq(true))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(
        flagged,
        thread.accepted_answer_id.into_iter().collect::<Vec<_>>(),
        "answers flagged accepted vs the thread's accepted answer"
    );
    if let Some(accepted) = thread.accepted_answer_id {
        let answer = answers::Entity::find_by_id(accepted)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(answer.deleted_at, None, "a deleted answer is accepted");
    }
    thread.accepted_answer_id
}

#[tokio::test]
async fn concurrent_accepts_of_different_answers_leave_exactly_one() {
    let app = TestApp::spawn().await;
    let asker = app.learner("asker").await;
    let helpers = app.learners("helper", 4).await;
    let thread_id = app.question(&asker, "Race to be accepted").await;
    let mut answer_ids = Vec::new();
    for helper in &helpers {
        answer_ids.push(app.answer(helper, &thread_id, "Pick me").await);
    }
    for round in 0..8 {
        let accepts = answer_ids.iter().map(|id| accept(&app, &asker, id));
        for response in join_all(accepts).await {
            response.ok();
        }
        let accepted = assert_one_acceptance(&app, &thread_id)
            .await
            .unwrap_or_else(|| panic!("round {round}: nothing accepted"));
        let page = thread_page(&app, &asker, &thread_id).await;
        let answers = answers_of(&page);
        assert_eq!(raw_id(&id_of(&answers[0])), accepted);
        assert_eq!(page["acceptedAnswer"]["id"], answers[0]["id"]);
        assert_eq!(
            answers.iter().filter(|a| a["isAccepted"] == true).count(),
            1
        );
    }
    // Accepts and retractions racing: none or one, never two.
    for _ in 0..5 {
        let current = thread_page(&app, &asker, &thread_id).await["acceptedAnswer"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let races = [
            app.gql_as(&asker, UNACCEPT, json!({ "id": current })),
            app.gql_as(&asker, ACCEPT, json!({ "id": answer_ids[0] })),
            app.gql_as(&asker, ACCEPT, json!({ "id": answer_ids[1] })),
        ];
        for response in join_all(races).await {
            assert!(
                response.errors().is_empty() || response.code() == Some(ErrorCode::Conflict),
                "{response:?}"
            );
        }
        assert_one_acceptance(&app, &thread_id).await;
        accept(&app, &asker, &answer_ids[2]).await.ok();
    }
}

#[tokio::test]
async fn deleting_the_accepted_answer_clears_the_acceptance_and_the_count() {
    let app = TestApp::spawn().await;
    let asker = app.learner("asker").await;
    let helpers = app.learners("helper", 3).await;
    let voter = app.learner("voter").await;
    let thread_id = app.question(&asker, "Short-lived answer").await;
    let mut answer_ids = Vec::new();
    for helper in &helpers {
        answer_ids.push(app.answer(helper, &thread_id, "An answer").await);
    }
    app.vote(&voter, &answer_ids[1], "UP").await.ok();
    accept(&app, &asker, &answer_ids[0]).await.ok();
    let page = thread_page(&app, &asker, &thread_id).await;
    assert_eq!(page["answerCount"], 3);

    let deleted = app
        .gql_as(&helpers[0], DELETE_ANSWER, json!({ "id": answer_ids[0] }))
        .await;
    assert!(deleted.ok()["deleteAnswer"]["deletedAt"].is_string());
    let page = thread_page(&app, &asker, &thread_id).await;
    assert_eq!(page["answerCount"], 2);
    assert_eq!(page["acceptedAnswer"], Value::Null);
    let answers = answers_of(&page);
    // The tombstone keeps its place by score, unaccepted and without a body.
    assert_eq!(
        ids(&answers),
        [&answer_ids[1], &answer_ids[0], &answer_ids[2]].map(String::as_str)
    );
    assert_eq!(answers[1]["isAccepted"], false);
    assert_eq!(answers[1]["body"], Value::Null);
    assert_eq!(assert_one_acceptance(&app, &thread_id).await, None);
    accept(&app, &asker, &answer_ids[0])
        .await
        .expect_code(ErrorCode::NotFound);

    // Deleting an answer that is not accepted keeps the acceptance.
    accept(&app, &asker, &answer_ids[1]).await.ok();
    app.gql_as(&helpers[2], DELETE_ANSWER, json!({ "id": answer_ids[2] }))
        .await
        .ok();
    let page = thread_page(&app, &asker, &thread_id).await;
    assert_eq!(page["answerCount"], 1);
    assert_eq!(page["acceptedAnswer"]["id"], answer_ids[1].as_str());

    // Deleting one answer many times at once counts once.
    let deletes =
        (0..10).map(|_| app.gql_as(&helpers[1], DELETE_ANSWER, json!({ "id": answer_ids[1] })));
    let responses = join_all(deletes).await;
    let succeeded = responses.iter().filter(|r| r.errors().is_empty()).count();
    let not_found = responses
        .iter()
        .filter(|r| r.code() == Some(ErrorCode::NotFound))
        .count();
    assert_eq!((succeeded, not_found), (1, 9), "{responses:?}");
    let page = thread_page(&app, &asker, &thread_id).await;
    assert_eq!(page["answerCount"], 0);
    assert_eq!(page["acceptedAnswer"], Value::Null);
    assert_eq!(
        app.number("SELECT COUNT(*) FROM threads WHERE answer_count <> 0")
            .await,
        0
    );
}

#[tokio::test]
async fn an_answer_deleted_while_being_accepted_is_never_left_accepted() {
    let app = TestApp::spawn().await;
    let asker = app.learner("asker").await;
    let helper = app.learner("helper").await;
    let thread_id = app.question(&asker, "Accept or delete").await;
    for round in 0..10 {
        let answer_id = app
            .answer(&helper, &thread_id, &format!("Answer {round}"))
            .await;
        let (accepted, deleted) = tokio::join!(
            accept(&app, &asker, &answer_id),
            app.gql_as(&helper, DELETE_ANSWER, json!({ "id": answer_id })),
        );
        deleted.ok();
        assert!(
            accepted.errors().is_empty() || accepted.code() == Some(ErrorCode::NotFound),
            "{accepted:?}"
        );
        assert_eq!(
            assert_one_acceptance(&app, &thread_id).await,
            None,
            "round {round}"
        );
    }
    let live = answers::Entity::find()
        .filter(answers::Column::DeletedAt.is_null())
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(live, 0);
    let page = thread_page(&app, &asker, &thread_id).await;
    assert_eq!(page["answerCount"], 0);
}
