//! The answer badges: FIRST_ANSWER, GOOD_ANSWER, GREAT_ANSWER, TEN_ACCEPTED.

use entity::answers;
use futures_util::future::join_all;
use lyceum::clock::Clock;
use lyceum_tests::{TestApp, community::raw_id};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};

use super::{assert_awarded_once, awaited, badges_of, evaluate, holds, spawn};

const ACCEPT: &str = "mutation($id: ID!) { acceptAnswer(answerId: $id) { id isAccepted } }";
const DELETE_ANSWER: &str = "mutation($id: ID!) { deleteAnswer(id: $id) { id } }";

#[tokio::test]
async fn first_answer_is_awarded_once_even_when_evaluated_concurrently() {
    let app = spawn().await;
    let asker = app.learner("asker").await;
    let answerer = app.learner("answerer").await;
    let thread = app.question(&asker, "Lifetimes").await;
    assert!(evaluate(&app, &answerer).await.is_empty(), "no answer yet");

    // The worker races these evaluations: still one award between them.
    app.answer(&answerer, &thread, "Borrow for as long as the owner lives.")
        .await;
    let raced = join_all((0..4).map(|_| evaluate(&app, &answerer))).await;
    assert!(raced.iter().map(Vec::len).sum::<usize>() <= 1, "{raced:?}");
    let badge = awaited(&app, &answerer, "FIRST_ANSWER").await;
    assert_eq!(badge["badge"]["tier"], "BRONZE");
    assert_eq!(badge["subjectId"], Value::Null);
    assert_awarded_once(&app, &answerer, "FIRST_ANSWER", 1).await;

    // A second answer changes nothing; the asker, who answered nothing, has none.
    let other = app.question(&asker, "Traits").await;
    app.answer(&answerer, &other, "Shared behaviour.").await;
    assert_awarded_once(&app, &answerer, "FIRST_ANSWER", 1).await;
    assert!(evaluate(&app, &asker).await.is_empty());
    assert!(badges_of(&app, &asker).await.is_empty());
}

/// Sets columns of an answer directly (scores beyond a few votes).
async fn update_answer(app: &TestApp, answer: &str, changes: &[(answers::Column, Expr)]) {
    let mut update = answers::Entity::update_many();
    for (column, value) in changes {
        update = update.col_expr(*column, value.clone());
    }
    update
        .filter(answers::Column::Id.eq(raw_id(answer)))
        .exec(&app.db)
        .await
        .unwrap();
}

#[tokio::test]
async fn good_and_great_answers_are_awarded_per_answer_and_never_taken_away() {
    let app = spawn().await;
    let asker = app.learner("asker").await;
    let answerer = app.learner("answerer").await;
    let voters = app.learners("voter", 2).await;
    let thread = app.question(&asker, "Async").await;
    let good = app.answer(&answerer, &thread, "Futures are lazy.").await;
    let second = app.question(&asker, "Pinning").await;
    let deleted = app
        .answer(&answerer, &second, "Pin keeps it in place.")
        .await;

    // Score 9, then a real upvote makes 10.
    update_answer(&app, &good, &[(answers::Column::Score, Expr::value(9))]).await;
    assert!(
        !evaluate(&app, &answerer)
            .await
            .contains(&"GOOD_ANSWER".to_owned())
    );
    app.vote(&voters[0], &good, "UP").await.ok();
    let badge = awaited(&app, &answerer, "GOOD_ANSWER").await;
    assert_eq!(badge["subjectId"], good.as_str());
    assert_eq!(badge["badge"]["tier"], "SILVER");
    assert!(holds(&badges_of(&app, &answerer).await, "GREAT_ANSWER").is_empty());
    assert_awarded_once(&app, &answerer, "GOOD_ANSWER", 1).await;
    let notice_answer = app
        .number(&format!(
            "SELECT answer_id FROM notifications WHERE kind = 'BADGE_AWARDED' \
             AND detail = 'GOOD_ANSWER' AND user_id = {}",
            raw_id(&answerer.id)
        ))
        .await;
    assert_eq!(
        notice_answer,
        raw_id(&good),
        "the notification names the answer"
    );

    // 24, then an upvote makes 25.
    update_answer(&app, &good, &[(answers::Column::Score, Expr::value(24))]).await;
    app.vote(&voters[1], &good, "UP").await.ok();
    let badge = awaited(&app, &answerer, "GREAT_ANSWER").await;
    assert_eq!(badge["subjectId"], good.as_str());
    assert_eq!(badge["badge"]["tier"], "GOLD");
    assert_awarded_once(&app, &answerer, "GREAT_ANSWER", 1).await;

    // A deleted answer counts for nothing, whatever its score.
    update_answer(
        &app,
        &deleted,
        &[
            (answers::Column::Score, Expr::value(30)),
            (answers::Column::DeletedAt, Expr::value(app.clock.now())),
        ],
    )
    .await;
    assert!(evaluate(&app, &answerer).await.is_empty());

    // Deleting the awarded answer takes nothing away.
    app.gql_as(&answerer, DELETE_ANSWER, json!({ "id": good }))
        .await
        .ok();
    assert_awarded_once(&app, &answerer, "GOOD_ANSWER", 1).await;
    assert_awarded_once(&app, &answerer, "GREAT_ANSWER", 1).await;
}

#[tokio::test]
async fn ten_accepted_answers_earn_trusted_helper_once() {
    let app = spawn().await;
    // Staff may start more than a Novice's threads a day.
    let asker = app.moderator("asker").await;
    let answerer = app.learner("answerer").await;
    let mut answer_ids = Vec::new();
    for i in 0..11 {
        let thread = app.question(&asker, &format!("Question {i}")).await;
        answer_ids.push(app.answer(&answerer, &thread, &format!("Answer {i}")).await);
    }
    // Nine accepted, and a tenth accepted but deleted: not yet.
    let ids: Vec<i64> = answer_ids[..10].iter().map(|id| raw_id(id)).collect();
    answers::Entity::update_many()
        .col_expr(answers::Column::Accepted, Expr::value(true))
        .filter(answers::Column::Id.is_in(ids))
        .exec(&app.db)
        .await
        .unwrap();
    update_answer(
        &app,
        &answer_ids[9],
        &[(answers::Column::DeletedAt, Expr::value(app.clock.now()))],
    )
    .await;
    assert!(
        !evaluate(&app, &answerer)
            .await
            .contains(&"TEN_ACCEPTED".to_owned())
    );

    app.gql_as(&asker, ACCEPT, json!({ "id": answer_ids[10] }))
        .await
        .ok();
    let badge = awaited(&app, &answerer, "TEN_ACCEPTED").await;
    assert_eq!(badge["badge"]["threshold"], 10);
    assert_eq!(badge["subjectId"], Value::Null);
    assert_awarded_once(&app, &answerer, "TEN_ACCEPTED", 1).await;
}
