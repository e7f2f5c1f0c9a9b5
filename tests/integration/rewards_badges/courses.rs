//! The course badges (POPULAR_COURSE, TOP_RATED_COURSE), and the recheck
//! that catches up on what no event announced.

use entity::courses;
use futures_util::future::join_all;
use lyceum::{clock::Clock, services::rewards::badges};
use lyceum_tests::{TestApp, community::raw_id};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};

use super::{assert_awarded_once, awaited, badges_of, evaluate, holds, spawn};

const REVIEW: &str =
    "mutation($id: ID!, $r: Int!) { reviewCourse(courseId: $id, rating: $r) { id } }";
const REFUND: &str = r#"mutation($id: ID!) {
  refundEnrollment(enrollmentId: $id, reason: "changed my mind") { id }
}"#;

/// Sets a course's counters directly (enrolments and ratings in bulk).
async fn set_course(app: &TestApp, course: &str, changes: &[(courses::Column, i64)]) {
    let mut update = courses::Entity::update_many();
    for (column, value) in changes {
        update = update.col_expr(*column, Expr::value(*value));
    }
    update
        .filter(courses::Column::Id.eq(raw_id(course)))
        .exec(&app.db)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_hundredth_enrolment_makes_a_popular_course_which_a_refund_keeps() {
    let app = spawn().await;
    let creator = app.creator("teacher").await;
    let learner = app.learner("learner").await;
    let course = app
        .published_course(&creator, "Popular Rust", 1_000, 1)
        .await;
    set_course(&app, &course.id, &[(courses::Column::EnrollmentCount, 99)]).await;
    assert!(evaluate(&app, &creator).await.is_empty());

    let enrollment = app.enrolled(&learner, &course).await;
    let badge = awaited(&app, &creator, "POPULAR_COURSE").await;
    assert_eq!(badge["subjectId"], course.id.as_str());
    assert_eq!(badge["badge"]["tier"], "GOLD");
    assert_awarded_once(&app, &creator, "POPULAR_COURSE", 1).await;

    // Back to 99 enrolments: the badge stays.
    app.gql_as(&learner, REFUND, json!({ "id": enrollment }))
        .await
        .ok();
    assert_awarded_once(&app, &creator, "POPULAR_COURSE", 1).await;
    assert_eq!(badges_of(&app, &creator).await.len(), 1);
}

#[tokio::test]
async fn twenty_ratings_averaging_four_and_a_half_make_a_top_rated_course() {
    let app = spawn().await;
    let creator = app.creator("teacher").await;
    let learner = app.learner("learner").await;
    let rated = app.published_course(&creator, "Rated Rust", 1_000, 1).await;
    let lower = app.published_course(&creator, "Lower Rust", 1_000, 1).await;
    // 19 learners averaging 4.53; 20 averaging 4.45.
    use courses::Column::{RatingCount, RatingSum};
    set_course(&app, &rated.id, &[(RatingCount, 19), (RatingSum, 86)]).await;
    set_course(&app, &lower.id, &[(RatingCount, 20), (RatingSum, 89)]).await;
    assert!(evaluate(&app, &creator).await.is_empty());

    // The twentieth rating, five stars: 91 / 20 = 4.55.
    app.enrolled(&learner, &rated).await;
    app.gql_as(&learner, REVIEW, json!({ "id": rated.id, "r": 5 }))
        .await
        .ok();
    let badge = awaited(&app, &creator, "TOP_RATED_COURSE").await;
    assert_eq!(badge["subjectId"], rated.id.as_str());
    assert_awarded_once(&app, &creator, "TOP_RATED_COURSE", 1).await;

    // Exactly 4.5 is enough: the other course earns its own.
    set_course(&app, &lower.id, &[(RatingSum, 90)]).await;
    // The background evaluator may still be working through the review's
    // events and award it first; either way it is awarded exactly once.
    let awarded = evaluate(&app, &creator).await;
    assert!(
        awarded.is_empty() || awarded == ["TOP_RATED_COURSE"],
        "{awarded:?}"
    );
    assert_awarded_once(&app, &creator, "TOP_RATED_COURSE", 2).await;
    let subjects: Vec<Value> = holds(&badges_of(&app, &creator).await, "TOP_RATED_COURSE")
        .iter()
        .map(|b| b["subjectId"].clone())
        .collect();
    assert_eq!(subjects, [json!(rated.id), json!(lower.id)]);
}

#[tokio::test]
async fn recheck_awards_what_was_missed_once_and_loads_badges_in_one_batch() {
    let app = spawn().await;
    let creator = app.creator("teacher").await;
    let others = app.learners("learner", 2).await;
    let popular = app.published_course(&creator, "Bulk Rust", 1_000, 1).await;
    let rated = app.published_course(&creator, "Loved Rust", 1_000, 1).await;
    // Loaded in bulk: no event tells the background evaluator.
    set_course(
        &app,
        &popular.id,
        &[(courses::Column::EnrollmentCount, 150)],
    )
    .await;
    use courses::Column::{RatingCount, RatingSum};
    set_course(&app, &rated.id, &[(RatingCount, 40), (RatingSum, 190)]).await;
    assert!(badges_of(&app, &creator).await.is_empty());

    let users = app
        .number("SELECT COUNT(*) FROM users WHERE deleted_at IS NULL")
        .await as u64;
    let mut progress = Vec::new();
    let report = badges::recheck(&app.db, app.clock.now(), |done, total| {
        progress.push((done, total))
    })
    .await
    .unwrap();
    assert_eq!(report.users, users);
    assert_eq!(report.awarded, 2);
    assert_eq!(progress.last(), Some(&(users, users)));
    let held = badges_of(&app, &creator).await;
    let keys: Vec<(&str, &str)> = held
        .iter()
        .map(|b| {
            (
                b["badge"]["key"].as_str().unwrap(),
                b["subjectId"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(
        keys.contains(&("POPULAR_COURSE", popular.id.as_str())),
        "{keys:?}"
    );
    assert!(
        keys.contains(&("TOP_RATED_COURSE", rated.id.as_str())),
        "{keys:?}"
    );
    assert_awarded_once(&app, &creator, "POPULAR_COURSE", 1).await;

    // Safe to run again, and twice at once.
    let again =
        join_all((0..2).map(|_| badges::recheck(&app.db, app.clock.now(), |_, _| {}))).await;
    for report in again {
        assert_eq!(report.unwrap().awarded, 0);
    }
    assert_awarded_once(&app, &creator, "TOP_RATED_COURSE", 1).await;

    // The badges of three users cost what those of one cost.
    let people = [&creator, &others[0], &others[1]];
    let query = |count: usize| {
        let fields: String = people[..count]
            .iter()
            .enumerate()
            .map(|(i, user)| {
                format!(
                    "u{i}: userBadges(userId: \"{}\") {{ badge {{ key }} subjectId }} ",
                    user.id
                )
            })
            .collect();
        format!("{{ {fields} }}")
    };
    let mut costs = Vec::new();
    for count in [1, 3] {
        let before = app.statements_sent().await;
        let response = app.gql_with(None, &query(count), json!({})).await;
        assert_eq!(response.ok().as_object().unwrap().len(), count);
        costs.push(app.statements_sent().await - before);
    }
    assert_eq!(
        costs[0], costs[1],
        "statements for 1 and 3 users: {costs:?}"
    );
    assert_eq!(costs[0], 1, "one statement for the badges");
}
