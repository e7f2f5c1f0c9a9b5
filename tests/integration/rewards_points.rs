//! The points ledger through the API: each rule, reversals, the daily cap,
//! the floor, vote rings, privileges and concurrency. After each test the
//! ledger audit must find nothing.

use futures_util::future::join_all;
use lyceum::{error::ErrorCode, services::rewards::audit};
use lyceum_tests::{Session, TestApp, community::id_of, rewards_defaults};
use serde_json::json;

const ACCEPT: &str = "mutation($id: ID!) { acceptAnswer(answerId: $id) { id } }";
const UNACCEPT: &str = "mutation($id: ID!) { unacceptAnswer(answerId: $id) { id } }";
const DELETE_ANSWER: &str = "mutation($id: ID!) { deleteAnswer(id: $id) { id } }";
const ME: &str =
    "{ me { points level levelProgress { level nextLevel nextLevelPoints fraction } } }";
const UPDATE_RULE: &str = r#"mutation($key: String!, $input: UpdateRewardRuleInput!) {
  updateRewardRule(key: $key, input: $input) { key points enabled capped }
}"#;

async fn rewards_app() -> TestApp {
    TestApp::spawn_with(rewards_defaults).await
}

async fn points(app: &TestApp, username: &str) -> i64 {
    app.number(&format!(
        "SELECT points FROM users WHERE username = '{username}'"
    ))
    .await
}

/// Gives a user `points` through a ledger row, so balances still add up.
async fn set_points(app: &TestApp, username: &str, points: i64) {
    use sea_orm::ConnectionTrait;
    app.db
        .execute_unprepared(&format!(
            "INSERT INTO reward_events (user_id, rule, entry, cycle, points, rule_points, \
             source_kind, source_id, actor_id, created_at) \
             SELECT id, 'SIGN_UP', 'AWARD', {points}, {points} - points, 1, 'USER', id, id, \
             created_at FROM users WHERE username = '{username}'"
        ))
        .await
        .unwrap();
    rebuild_daily(app).await;
}

async fn rebuild_daily(app: &TestApp) {
    lyceum::seed::rewards::derive_balances(&app.db, &Default::default())
        .await
        .unwrap();
}

async fn assert_audit_clean(app: &TestApp) {
    let problems = audit::points(&app.db).await.unwrap();
    assert!(problems.is_empty(), "{problems:#?}");
}

/// A question by `asker` with one answer by `answerer`: (thread, answer).
async fn answered(app: &TestApp, asker: &Session, answerer: &Session) -> (String, String) {
    let thread = app.question(asker, "How do lifetimes work").await;
    let answer = app.answer(answerer, &thread, "They name scopes.").await;
    (thread, answer)
}

#[tokio::test]
async fn votes_award_reverse_and_award_again() {
    let app = rewards_app().await;
    let asker = app.learner("asker").await;
    let author = app.learner("author").await;
    let voter = app.learner("voter").await;
    let (thread, answer) = answered(&app, &asker, &author).await;
    assert_eq!(points(&app, "author").await, 1, "sign-up gives one point");

    app.vote(&voter, &answer, "UP").await.ok();
    assert_eq!(points(&app, "author").await, 11);
    app.vote(&voter, &answer, "UP").await.ok();
    assert_eq!(
        points(&app, "author").await,
        11,
        "the same vote twice earns once"
    );
    app.vote(&voter, &answer, "NONE").await.ok();
    assert_eq!(points(&app, "author").await, 1);
    app.vote(&voter, &answer, "UP").await.ok();
    assert_eq!(
        points(&app, "author").await,
        11,
        "a new vote is a new cycle"
    );

    app.vote(&voter, &thread, "UP").await.ok();
    assert_eq!(points(&app, "asker").await, 6, "question upvoted +5");

    // Downvoting needs Intermediate: a Novice is told which level.
    let refused = app.vote(&voter, &answer, "DOWN").await;
    let error = refused.expect_code(ErrorCode::Forbidden);
    assert_eq!(error["extensions"]["requiredLevel"], "INTERMEDIATE");
    set_points(&app, "voter", 150).await;
    app.vote(&voter, &answer, "DOWN").await.ok();
    assert_eq!(
        points(&app, "author").await,
        1,
        "up reversed, −2 stops at the floor"
    );
    assert_eq!(points(&app, "voter").await, 149, "casting a downvote −1");
    assert_eq!(
        app.number("SELECT COUNT(*) FROM reward_events WHERE entry = 'REVERSAL'")
            .await,
        2
    );
    assert_audit_clean(&app).await;
}

#[tokio::test]
async fn accepting_awards_both_and_unaccepting_reverses() {
    let app = rewards_app().await;
    let asker = app.learner("asker").await;
    let first = app.learner("first").await;
    let second = app.learner("second").await;
    let (thread, answer) = answered(&app, &asker, &first).await;
    let other = app.answer(&second, &thread, "Or read the book.").await;

    app.gql_as(&asker, ACCEPT, json!({ "id": answer }))
        .await
        .ok();
    assert_eq!(points(&app, "first").await, 16);
    assert_eq!(points(&app, "asker").await, 3);
    // Moving the acceptance moves the award; the asker's +2 stays (once).
    app.gql_as(&asker, ACCEPT, json!({ "id": other }))
        .await
        .ok();
    assert_eq!(points(&app, "first").await, 1);
    assert_eq!(points(&app, "second").await, 16);
    assert_eq!(points(&app, "asker").await, 3);
    app.gql_as(&asker, UNACCEPT, json!({ "id": other }))
        .await
        .ok();
    assert_eq!(points(&app, "second").await, 1);
    assert_eq!(points(&app, "asker").await, 1);

    // Accepting one's own answer earns nothing.
    let own = app.answer(&asker, &thread, "Answering myself.").await;
    app.gql_as(&asker, ACCEPT, json!({ "id": own })).await.ok();
    assert_eq!(points(&app, "asker").await, 1);
    assert_audit_clean(&app).await;
}

#[tokio::test]
async fn removed_content_takes_back_what_it_earned() {
    let app = rewards_app().await;
    let asker = app.learner("asker").await;
    let author = app.learner("author").await;
    let voters = app.learners("fan", 3).await;
    let (_, answer) = answered(&app, &asker, &author).await;
    for voter in &voters {
        app.vote(voter, &answer, "UP").await.ok();
    }
    app.gql_as(&asker, ACCEPT, json!({ "id": answer }))
        .await
        .ok();
    assert_eq!(points(&app, "author").await, 1 + 30 + 15);
    app.gql_as(&author, DELETE_ANSWER, json!({ "id": answer }))
        .await
        .ok();
    assert_eq!(points(&app, "author").await, 1);
    assert_eq!(points(&app, "asker").await, 1);
    // History keeps both the awards and their reversals.
    assert_eq!(
        app.number("SELECT COUNT(*) FROM reward_events WHERE source_kind = 'ANSWER'")
            .await,
        2 * (3 + 2)
    );
    assert_audit_clean(&app).await;
}

#[tokio::test]
async fn the_daily_cap_limits_vote_points_and_rule_edits_keep_history() {
    let app = rewards_app().await;
    let admin = app.admin("admin").await;
    let asker = app.learner("asker").await;
    let author = app.learner("author").await;
    let voters = app.learners("fan", 3).await;
    let (_, answer) = answered(&app, &asker, &author).await;

    app.vote(&voters[0], &answer, "UP").await.ok();
    let changed = app
        .gql_as(
            &admin,
            UPDATE_RULE,
            json!({ "key": "ANSWER_UPVOTED", "input": { "points": 150 } }),
        )
        .await;
    assert_eq!(changed.ok()["updateRewardRule"]["points"], 150);
    for voter in &voters[1..] {
        app.vote(voter, &answer, "UP").await.ok();
    }
    // 10 under the old rule, then 150, then what is left of the 200 cap.
    assert_eq!(points(&app, "author").await, 1 + 200);
    assert_eq!(
        app.number("SELECT CAST(MIN(rule_points) AS BIGINT) FROM reward_events WHERE rule = 'ANSWER_UPVOTED'")
            .await,
        10,
        "editing a rule never rewrites past rows"
    );
    // Exempt rules still count after the cap.
    app.gql_as(&asker, ACCEPT, json!({ "id": answer }))
        .await
        .ok();
    assert_eq!(points(&app, "author").await, 1 + 200 + 15);
    // The next UTC day starts a new cap.
    app.clock.advance(chrono::Duration::days(1));
    let late = app.learner("late").await;
    app.vote(&late, &answer, "UP").await.ok();
    assert_eq!(points(&app, "author").await, 1 + 200 + 15 + 150);

    for (input, field) in [
        (json!({ "points": 1001 }), "points"),
        (json!({ "points": -1001 }), "points"),
    ] {
        let refused = app
            .gql_as(
                &admin,
                UPDATE_RULE,
                json!({ "key": "ANSWER_UPVOTED", "input": input }),
            )
            .await;
        assert_eq!(
            refused.expect_code(ErrorCode::BadUserInput)["extensions"]["field"],
            field
        );
    }
    let unknown = app
        .gql_as(
            &admin,
            UPDATE_RULE,
            json!({ "key": "NO_SUCH_RULE", "input": { "points": 1 } }),
        )
        .await;
    unknown.expect_code(ErrorCode::NotFound);
    let learner_edit = app
        .gql_as(
            &asker,
            UPDATE_RULE,
            json!({ "key": "ANSWER_UPVOTED", "input": { "points": 1 } }),
        )
        .await;
    learner_edit.expect_code(ErrorCode::Forbidden);
    assert_audit_clean(&app).await;
}

#[tokio::test]
async fn disabled_rules_award_nothing_and_levels_notify() {
    let app = rewards_app().await;
    let admin = app.admin("admin").await;
    let asker = app.learner("asker").await;
    let author = app.learner("author").await;
    let voters = app.learners("fan", 2).await;
    let (_, answer) = answered(&app, &asker, &author).await;
    app.gql_as(
        &admin,
        UPDATE_RULE,
        json!({ "key": "ANSWER_UPVOTED", "input": { "enabled": false } }),
    )
    .await
    .ok();
    app.vote(&voters[0], &answer, "UP").await.ok();
    assert_eq!(points(&app, "author").await, 1);
    app.gql_as(
        &admin,
        UPDATE_RULE,
        json!({ "key": "ANSWER_UPVOTED", "input": { "enabled": true, "points": 120 } }),
    )
    .await
    .ok();
    app.vote(&voters[1], &answer, "UP").await.ok();
    let me = app.gql_as(&author, ME, json!({})).await;
    let me = &me.ok()["me"];
    assert_eq!(me["points"], 121);
    assert_eq!(me["level"], "INTERMEDIATE");
    assert_eq!(me["levelProgress"]["nextLevel"], "ADVANCED");
    assert_eq!(me["levelProgress"]["nextLevelPoints"], 1000);
    assert_eq!(
        app.number(
            "SELECT COUNT(*) FROM notifications WHERE kind = 'LEVEL_UP' AND detail = 'INTERMEDIATE'"
        )
        .await,
        1
    );
    assert_audit_clean(&app).await;
}

#[tokio::test]
async fn course_rewards_follow_enrolment_completion_review_and_refund() {
    let app = rewards_app().await;
    let creator = app.creator("teacher").await;
    let course = app.published_course(&creator, "Rust", 1000, 1).await;
    let learner = app.learner("learner").await;
    let enrollment = app.enrolled(&learner, &course).await;
    assert_eq!(points(&app, "teacher").await, 1 + 5);

    let lesson = app
        .gql_as(
            &learner,
            "query($id: ID!) { course(id: $id) { lessons { id } } }",
            json!({ "id": course.id }),
        )
        .await;
    let lesson = id_of(&lesson.ok()["course"]["lessons"][0]);
    app.gql_as(
        &learner,
        "mutation($id: ID!) { completeLesson(lessonId: $id) { id } }",
        json!({ "id": lesson }),
    )
    .await
    .ok();
    assert_eq!(points(&app, "teacher").await, 1 + 5 + 10);

    let review = "mutation($id: ID!, $r: Int!) { reviewCourse(courseId: $id, rating: $r, body: \"ok\") { id } }";
    app.gql_as(&learner, review, json!({ "id": course.id, "r": 5 }))
        .await
        .ok();
    assert_eq!(points(&app, "teacher").await, 1 + 5 + 10 + 5);
    app.gql_as(&learner, review, json!({ "id": course.id, "r": 2 }))
        .await
        .ok();
    assert_eq!(points(&app, "teacher").await, 1 + 5 + 10);

    let admin = app.admin("admin").await;
    app.gql_as(
        &admin,
        "mutation($id: ID!) { refundEnrollment(enrollmentId: $id, reason: \"asked\") { id } }",
        json!({ "id": enrollment }),
    )
    .await
    .ok();
    assert_eq!(
        points(&app, "teacher").await,
        1,
        "a refund takes back enrolment and completion"
    );
    assert_audit_clean(&app).await;
}

#[tokio::test]
async fn featuring_awards_once_and_unfeaturing_reverses() {
    let app = rewards_app().await;
    let moderator = app.moderator("mod").await;
    let other_moderator = app.moderator("mod2").await;
    let author = app.learner("author").await;
    let thread = app.question(&author, "Worth featuring").await;
    let feature = "mutation($id: ID!) { featureThread(threadId: $id) { id featuredAt } }";
    let unfeature = "mutation($id: ID!) { unfeatureThread(threadId: $id) { id featuredAt } }";

    let refused = app.gql_as(&author, feature, json!({ "id": thread })).await;
    refused.expect_code(ErrorCode::Forbidden);
    let featured = app
        .gql_as(&moderator, feature, json!({ "id": thread }))
        .await;
    assert!(featured.ok()["featureThread"]["featuredAt"].is_string());
    app.gql_as(&other_moderator, feature, json!({ "id": thread }))
        .await
        .ok();
    assert_eq!(points(&app, "author").await, 1 + 25, "featured once");
    // Another moderator may unfeature: the award in force is reversed.
    let unfeatured = app
        .gql_as(&other_moderator, unfeature, json!({ "id": thread }))
        .await;
    assert!(unfeatured.ok()["unfeatureThread"]["featuredAt"].is_null());
    assert_eq!(points(&app, "author").await, 1);
    app.gql_as(&moderator, unfeature, json!({ "id": thread }))
        .await
        .ok();
    app.gql_as(&moderator, feature, json!({ "id": thread }))
        .await
        .ok();
    assert_eq!(
        points(&app, "author").await,
        1 + 25,
        "featured again: a new cycle"
    );
    assert_audit_clean(&app).await;
}

#[tokio::test]
async fn privileges_follow_levels_and_points() {
    let app = rewards_app().await;
    let novice = app.learner("novice").await;
    let other = app.learner("other").await;
    for i in 0..3 {
        app.question(&novice, &format!("Question number {i}")).await;
    }
    let fourth = app
        .post_thread(&novice, None, "QUESTION", "A fourth one", "Body", &[])
        .await;
    let error = fourth.expect_code(ErrorCode::Forbidden);
    assert_eq!(error["extensions"]["requiredLevel"], "INTERMEDIATE");

    let thread = app.question(&other, "Links and comments").await;
    let links = "see https://a.example, https://b.example and https://c.example";
    let refused = app.post_answer(&novice, &thread, links).await;
    assert_eq!(
        refused.expect_code(ErrorCode::Forbidden)["extensions"]["requiredLevel"],
        "INTERMEDIATE"
    );
    app.post_answer(
        &novice,
        &thread,
        "only https://a.example and https://b.example",
    )
    .await
    .ok();

    // Commenting on others' posts needs 50 points; on one's own, never.
    let refused = app.post_comment(&novice, &thread, "Nice question").await;
    assert_eq!(
        refused.expect_code(ErrorCode::Forbidden)["extensions"]["requiredPoints"],
        50
    );
    let own = app.question(&other, "Another").await;
    app.post_comment(&other, &own, "Adding context").await.ok();

    // Intermediate lifts the Novice limits; nothing refused was written.
    set_points(&app, "novice", 100).await;
    app.post_thread(&novice, None, "QUESTION", "A fourth one", "Body", &[])
        .await
        .ok();
    app.post_answer(&novice, &thread, links).await.ok();
    set_points(&app, "novice", 50).await;
    app.post_comment(&novice, &thread, "Nice question")
        .await
        .ok();
    assert_eq!(
        app.number("SELECT COUNT(*) FROM threads t JOIN users u ON u.id = t.author_id WHERE u.username = 'novice'")
            .await,
        4
    );
}

#[tokio::test]
async fn a_vote_ring_earns_nothing_and_is_listed() {
    let app = rewards_app().await;
    let moderator = app.moderator("mod").await;
    let a = app.learner("ringa").await;
    let b = app.learner("ringb").await;
    let mut a_posts = Vec::new();
    let mut b_posts = Vec::new();
    for i in 0..6 {
        a_posts.push(app.question(&a, &format!("A asks {i}")).await);
        app.clock.advance(chrono::Duration::days(1));
        b_posts.push(app.question(&b, &format!("B asks {i}")).await);
    }
    for (mine, theirs) in a_posts.iter().zip(&b_posts) {
        app.vote(&b, mine, "UP").await.ok();
        app.vote(&a, theirs, "UP").await.ok();
    }
    // Five votes each way earn; from then on the pair is a ring.
    // B's fifth vote still earns (A has given four); A's fifth makes the
    // pair a ring, so it and every later vote between them earn nothing.
    assert_eq!(points(&app, "ringa").await, 1 + 5 * 5);
    assert_eq!(points(&app, "ringb").await, 1 + 4 * 5);
    let suspects = app
        .gql_as(
            &moderator,
            "{ voteRingSuspects { nodes { userA { username } userB { username } votesAToB votesBToA } } }",
            json!({}),
        )
        .await;
    let nodes = &suspects.ok()["voteRingSuspects"]["nodes"];
    assert_eq!(nodes.as_array().unwrap().len(), 1, "{nodes}");
    let learner = app
        .gql_as(
            &a,
            "{ voteRingSuspects { nodes { votesAToB } } }",
            json!({}),
        )
        .await;
    learner.expect_code(ErrorCode::Forbidden);
    assert_audit_clean(&app).await;
}

#[tokio::test]
async fn a_storm_of_votes_accepts_enrolments_and_refunds_keeps_every_ledger_adding_up() {
    let app = rewards_app().await;
    let asker = app.learner("asker").await;
    let creator = app.creator("teacher").await;
    let course = app
        .published_course(&creator, "Storm course", 1000, 1)
        .await;
    let authors = app.learners("author", 4).await;
    // 40 voters: each answer gets at most 20 upvotes, exactly the daily cap.
    let voters = app.learners("voter", 40).await;
    let thread = app.question(&asker, "Storm").await;
    let mut answers = Vec::new();
    for author in &authors {
        answers.push(app.answer(author, &thread, "An answer").await);
    }

    // Wave one, all at once: the same UP twice, a retraction racing them
    // for every third voter, an UP on another answer, the same enrolment
    // twice, and the asker accepting each answer.
    let votes = voters.iter().enumerate().flat_map(|(i, voter)| {
        let (app, answers) = (&app, &answers);
        (0..4).map(move |step| async move {
            let (answer, value) = match step {
                0 | 1 => (&answers[i % 4], "UP"),
                2 => (&answers[i % 4], if i % 3 == 0 { "NONE" } else { "UP" }),
                _ => (&answers[(i + 1) % 4], "UP"),
            };
            app.vote(voter, answer, value).await
        })
    });
    let enrolments = voters.iter().flat_map(|voter| {
        let (app, course) = (&app, &course);
        (0..2).map(move |_| async move {
            let key = format!("storm-{}", voter.username);
            app.enroll(voter, course, &key).await
        })
    });
    let accepts = answers.iter().map(|answer| {
        let (app, asker) = (&app, &asker);
        async move { app.gql_as(asker, ACCEPT, json!({ "id": answer })).await }
    });
    let (votes, enrolments, accepts) =
        tokio::join!(join_all(votes), join_all(enrolments), join_all(accepts));
    for response in votes.iter().chain(&enrolments).chain(&accepts) {
        assert!(response.errors().is_empty(), "{response:?}");
    }

    // Wave two: half the learners ask for their refund twice at once while
    // every fifth voter retracts a vote.
    let refund = "mutation($id: ID!) { refundEnrollment(enrollmentId: $id, reason: \"changed my mind\") { id } }";
    let first_enrolments: Vec<_> = enrolments.iter().step_by(2).collect();
    let refunds = voters
        .iter()
        .zip(&first_enrolments)
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .flat_map(|(_, (voter, enrolled))| {
            let app = &app;
            let id = enrolled.ok()["enroll"]["id"].as_str().unwrap().to_owned();
            (0..2).map(move |_| {
                let id = id.clone();
                async move { app.gql_as(voter, refund, json!({ "id": id })).await }
            })
        });
    let retractions = voters
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 5 == 0)
        .map(|(i, voter)| {
            let (app, answers) = (&app, &answers);
            async move { app.vote(voter, &answers[(i + 1) % 4], "NONE").await }
        });
    let (refunds, retractions) = tokio::join!(join_all(refunds), join_all(retractions));
    let refunded = refunds.iter().filter(|r| r.errors().is_empty()).count();
    assert_eq!(refunded, 20, "one of each pair of refunds wins");
    assert!(retractions.iter().all(|r| r.errors().is_empty()));

    let problems = audit::all(&app.db, lyceum::clock::Clock::now(&app.clock))
        .await
        .unwrap();
    assert!(problems.is_empty(), "{problems:#?}");
    // Each author: 1 + 10 per standing upvote (+15 for the accepted one).
    let standing = app
        .number("SELECT COUNT(*) FROM votes WHERE target_kind = 'ANSWER' AND value = 1")
        .await;
    let author_points = app
        .number("SELECT CAST(SUM(points) AS BIGINT) FROM users WHERE username LIKE 'author%'")
        .await;
    assert_eq!(author_points, 4 + 10 * standing + 15);
    assert_eq!(points(&app, "teacher").await, 1 + 5 * (40 - 20));
    assert_eq!(
        app.number("SELECT COUNT(*) FROM answers WHERE accepted = true")
            .await,
        1
    );
    assert_eq!(
        app.number(
            "SELECT COUNT(*) FROM (SELECT user_id, rule, source_id, actor_id, cycle, entry \
             FROM reward_events GROUP BY user_id, rule, source_id, actor_id, cycle, entry \
             HAVING COUNT(*) > 1) d"
        )
        .await,
        0
    );
    assert_eq!(
        app.number("SELECT COUNT(*) FROM users WHERE points < 1")
            .await,
        0,
        "the floor"
    );
}
