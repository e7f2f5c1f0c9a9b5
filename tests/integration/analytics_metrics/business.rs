//! Creators and rewards on enrolments, refunds, follows and ledger rows
//! dated by hand (UTC). The range is 2026-03-02..03-03 throughout.

use entity::reward_events::{self, Entry, SourceKind};
use lyceum_tests::{Session, TestApp, community::raw_id, courses::TestCourse};
use sea_orm::{ActiveValue::Set, EntityTrait};

use super::*;

pub const CREATORS: &str = r#"query($currency: String!, $order: CreatorMetricsOrder!, $first: Int, $after: String) {
  creatorMetrics(from: "2026-03-02", to: "2026-03-03", currency: $currency, orderBy: $order,
                 first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node {
      creator { id username } enrolments currency grossCents refunds refundedCents netCents
      points newFollowers
    } }
  }
}"#;

pub const REWARDS: &str = r#"query($first: Int) {
  rewardMetrics(from: "2026-03-02", to: "2026-03-03") {
    points { date rule issued reversed net entries }
    topEarners(first: $first) { user { id } points }
  }
}"#;

async fn enrol_at(app: &TestApp, learner: &Session, course: &TestCourse, when: &str) -> String {
    let id = app.enrolled(learner, course).await;
    set_time(
        app,
        "enrollments",
        "created_at",
        &[("id", raw_id(&id))],
        when,
    )
    .await;
    id
}

async fn refund_at(app: &TestApp, staff: &Session, enrolment: &str, when: &str) {
    app.gql_as(
        staff,
        r#"mutation($id: ID!) { refundEnrollment(enrollmentId: $id, reason: "Asked") { id } }"#,
        json!({ "id": enrolment }),
    )
    .await
    .ok();
    set_time(
        app,
        "enrollments",
        "refunded_at",
        &[("id", raw_id(enrolment))],
        when,
    )
    .await;
}

async fn follow_at(app: &TestApp, follower: &Session, creator: &Session, when: &str) {
    app.gql_as(
        follower,
        "mutation($id: ID!) { follow(targetId: $id) }",
        json!({ "id": creator.id }),
    )
    .await
    .ok();
    let keys = [
        ("user_id", raw_id(&follower.id)),
        ("target_id", raw_id(&creator.id)),
    ];
    set_time(app, "follows", "created_at", &keys, when).await;
}

/// A ledger row, as the rewards service appends them.
async fn ledger(
    app: &TestApp,
    user: &Session,
    rule: &str,
    entry: Entry,
    points: i32,
    source: i64,
    when: &str,
) {
    let user = raw_id(&user.id);
    reward_events::Entity::insert(reward_events::ActiveModel {
        user_id: Set(user),
        rule: Set(rule.to_owned()),
        entry: Set(entry),
        cycle: Set(1),
        points: Set(points),
        rule_points: Set(points.abs()),
        source_kind: Set(SourceKind::Answer),
        source_id: Set(source),
        actor_id: Set(user),
        thread_id: Set(None),
        course_id: Set(None),
        reverses_id: Set(None),
        created_at: Set(at(when)),
        ..Default::default()
    })
    .exec(&app.db)
    .await
    .expect("a ledger row");
}

/// Creators c1 (a 10.00 course), c2 (20.00) and c3 (5.00, nothing
/// happens); learners l1..l3.
pub struct Shop {
    pub creators: [Session; 3],
    pub learners: Vec<Session>,
    /// A (c1's) and C (c2's).
    pub courses: [TestCourse; 2],
}

pub async fn arrange_shop(app: &TestApp, staff: &Session) -> Shop {
    let creators = [
        app.creator("shop_c1").await,
        app.creator("shop_c2").await,
        app.creator("shop_c3").await,
    ];
    let learners = app.learners("shop_l", 3).await;
    let a = app
        .published_course(&creators[0], "Course A", 1000, 1)
        .await;
    let c = app
        .published_course(&creators[1], "Course C", 2000, 1)
        .await;
    app.published_course(&creators[2], "Course E", 500, 1).await;
    let (l1, l2, l3) = (&learners[0], &learners[1], &learners[2]);

    enrol_at(app, l1, &a, "2026-03-02T00:00:00Z").await;
    let refunded_a = enrol_at(app, l2, &a, "2026-03-03T23:59:59Z").await;
    let refunded_c = enrol_at(app, l3, &c, "2026-03-01T23:59:59Z").await;
    enrol_at(app, l1, &c, "2026-03-04T00:00:00Z").await;
    refund_at(app, staff, &refunded_a, "2026-03-03T12:00:00Z").await;
    refund_at(app, staff, &refunded_c, "2026-03-02T10:00:00Z").await;

    follow_at(app, l1, &creators[0], "2026-03-02T12:00:00Z").await;
    follow_at(app, l2, &creators[0], "2026-03-04T00:00:00Z").await;
    follow_at(app, l3, &creators[1], "2026-03-03T23:59:59Z").await;

    let c1 = &creators[0];
    ledger(
        app,
        c1,
        "ANSWER_UPVOTED",
        Entry::Award,
        10,
        1,
        "2026-03-02T00:00:00Z",
    )
    .await;
    ledger(
        app,
        c1,
        "ANSWER_UPVOTED",
        Entry::Award,
        10,
        2,
        "2026-03-02T23:59:59Z",
    )
    .await;
    ledger(
        app,
        c1,
        "ANSWER_UPVOTED",
        Entry::Reversal,
        -10,
        2,
        "2026-03-03T00:00:00Z",
    )
    .await;
    ledger(
        app,
        l1,
        "THREAD_FEATURED",
        Entry::Award,
        25,
        3,
        "2026-03-03T08:00:00Z",
    )
    .await;
    ledger(
        app,
        l1,
        "ANSWER_UPVOTED",
        Entry::Award,
        10,
        4,
        "2026-03-01T23:59:59Z",
    )
    .await;
    ledger(
        app,
        l2,
        "ANSWER_UPVOTED",
        Entry::Award,
        10,
        5,
        "2026-03-03T10:00:00Z",
    )
    .await;
    Shop {
        creators,
        learners,
        courses: [a, c],
    }
}

fn names(connection: &Value) -> Vec<String> {
    connection["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            e["node"]["creator"]["username"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

#[tokio::test]
async fn analytics_creator_and_reward_metrics_match_the_hand_computed_answer() {
    let app = TestApp::spawn().await;
    let staff = app.admin("shop_staff").await;
    let shop = arrange_shop(&app, &staff).await;

    let vars = |currency: &str, order: &str| json!({ "currency": currency, "order": order });
    let data = report(&app, &staff, CREATORS, vars("USD", "REVENUE")).await;
    let creators = &data["creatorMetrics"];
    assert_eq!(creators["totalCount"], 3);
    assert_eq!(names(creators), ["shop_c1", "shop_c3", "shop_c2"]);
    let nodes: Vec<_> = creators["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"].clone())
        .collect();
    // c1: two enrolments in the range (00:00:00 on 03-02, 23:59:59 on
    // 03-03), one refunded; 10 + 10 - 10 points; one follower in range.
    assert_eq!(nodes[0]["creator"]["id"], shop.creators[0].id.as_str());
    assert_eq!(
        (
            &nodes[0]["enrolments"],
            &nodes[0]["currency"],
            &nodes[0]["grossCents"],
            &nodes[0]["refunds"],
            &nodes[0]["refundedCents"],
            &nodes[0]["netCents"],
            &nodes[0]["points"],
            &nodes[0]["newFollowers"],
        ),
        (
            &json!(2),
            &json!("USD"),
            &json!(2000),
            &json!(1),
            &json!(1000),
            &json!(1000),
            &json!(10),
            &json!(1)
        )
    );
    // c2: no enrolment in the range, but a refund of one made before it.
    assert_eq!(
        (
            &nodes[2]["enrolments"],
            &nodes[2]["refunds"],
            &nodes[2]["netCents"],
            &nodes[2]["newFollowers"]
        ),
        (&json!(0), &json!(1), &json!(-2000), &json!(1))
    );
    assert_eq!(
        (&nodes[1]["enrolments"], &nodes[1]["netCents"]),
        (&json!(0), &json!(0))
    );

    // Ties go to the earlier creator; paging follows the ranking.
    let by_refunds = report(&app, &staff, CREATORS, vars("USD", "REFUNDS")).await;
    assert_eq!(
        names(&by_refunds["creatorMetrics"]),
        ["shop_c1", "shop_c2", "shop_c3"]
    );
    let first = report(
        &app,
        &staff,
        CREATORS,
        json!({ "currency": "USD", "order": "REFUNDS", "first": 1 }),
    )
    .await;
    assert_eq!(first["creatorMetrics"]["pageInfo"]["hasNextPage"], true);
    let after = first["creatorMetrics"]["pageInfo"]["endCursor"].clone();
    let next = report(
        &app,
        &staff,
        CREATORS,
        json!({ "currency": "USD", "order": "REFUNDS", "first": 1, "after": after }),
    )
    .await;
    assert_eq!(names(&next["creatorMetrics"]), ["shop_c2"]);
    // Money in another currency: none; enrolments still count.
    let yuan = report(&app, &staff, CREATORS, vars("cny", "REVENUE")).await;
    let top = &yuan["creatorMetrics"]["edges"][0]["node"];
    assert_eq!(
        (&top["currency"], &top["grossCents"], &top["enrolments"]),
        (&json!("CNY"), &json!(0), &json!(2))
    );

    let rewards = report(&app, &staff, REWARDS, json!({})).await;
    assert_eq!(
        rewards["rewardMetrics"]["points"],
        json!([
            { "date": "2026-03-02", "rule": "ANSWER_UPVOTED", "issued": 20, "reversed": 0, "net": 20, "entries": 2 },
            { "date": "2026-03-03", "rule": "ANSWER_UPVOTED", "issued": 10, "reversed": 10, "net": 0, "entries": 2 },
            { "date": "2026-03-03", "rule": "THREAD_FEATURED", "issued": 25, "reversed": 0, "net": 25, "entries": 1 },
        ])
    );
    let earner =
        |session: &Session, points: i64| json!({ "user": { "id": session.id }, "points": points });
    assert_eq!(
        rewards["rewardMetrics"]["topEarners"],
        json!([
            earner(&shop.learners[0], 25),
            earner(&shop.creators[0], 10),
            earner(&shop.learners[1], 10)
        ])
    );
    let two = report(&app, &staff, REWARDS, json!({ "first": 2 })).await;
    assert_eq!(
        two["rewardMetrics"]["topEarners"].as_array().unwrap().len(),
        2
    );
}
