//! Creators and rewards on enrolments, refunds, follows and ledger rows
//! dated by hand (UTC). The range is 2026-03-02..03-03 throughout.

use chrono_tz::UTC;
use entity::reward_events::{self, Entry, SourceKind};
use lyceum::services::analytics::reward_rollups;
use lyceum_tests::{Session, TestApp, community::raw_id, courses::TestCourse};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};

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
    let zone = chrono_tz::UTC;
    ledger_row(
        app,
        zone,
        raw_id(&user.id),
        rule,
        entry,
        points,
        source,
        when,
    )
    .await;
}

#[expect(clippy::too_many_arguments, reason = "a ledger row's fields")]
async fn ledger_row(
    app: &TestApp,
    zone: chrono_tz::Tz,
    user: i64,
    rule: &str,
    entry: Entry,
    points: i32,
    source: i64,
    when: &str,
) {
    let row = reward_events::Entity::insert(reward_events::ActiveModel {
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
    .exec_with_returning(&app.db)
    .await
    .expect("a ledger row");
    // The service adds each row to the sums kept beside the ledger.
    lyceum::services::rewards::ledger::add_to_sums(&app.db, zone, &row)
        .await
        .expect("the ledger's sums");
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

/// Rows of both ledger rollups, in key order.
async fn rollups(app: &TestApp) -> Vec<String> {
    use entity::{analytics_reward_days, analytics_reward_months};
    use sea_orm::QueryOrder;
    let days = analytics_reward_days::Entity::find()
        .order_by_asc(analytics_reward_days::Column::Day)
        .order_by_asc(analytics_reward_days::Column::Rule)
        .order_by_asc(analytics_reward_days::Column::Shard)
        .all(&app.db)
        .await
        .expect("day rollups");
    let months = analytics_reward_months::Entity::find()
        .order_by_asc(analytics_reward_months::Column::Month)
        .order_by_asc(analytics_reward_months::Column::UserId)
        .all(&app.db)
        .await
        .expect("month rollups");
    days.iter()
        .map(|d| format!("{d:?}"))
        .chain(months.iter().map(|m| format!("{m:?}")))
        .collect()
}

#[tokio::test]
async fn analytics_top_earners_stay_exact_when_the_bounds_mislead() {
    let app = TestApp::spawn().await;
    let staff = app.admin("earners_staff").await;
    // 45 decoys gained 100 points later in March (outside the range, inside
    // its month) and 1 in it; five earners gained 10 to 50 in the range.
    let backend = app.db.get_database_backend();
    let mut ids = Vec::new();
    for i in 0..50 {
        let name = format!("earner_{i:02}");
        app.db
            .execute_raw(sea_orm::Statement::from_string(
                backend,
                format!(
                    "INSERT INTO users (email, username, display_name, role, status, points, \
                     level, created_at, updated_at) VALUES ('{name}@example.com', '{name}', \
                     '{name}', 'LEARNER', 'ACTIVE', 0, 0, '2026-01-01 00:00:00+00:00', \
                     '2026-01-01 00:00:00+00:00')"
                ),
            ))
            .await
            .expect("a member");
        let id = app
            .number(&format!("SELECT id FROM users WHERE username = '{name}'"))
            .await;
        ids.push(id);
    }
    for (i, &id) in ids.iter().enumerate() {
        let (outside, inside) = if i < 45 {
            (100, 1)
        } else {
            (0, 10 * (i as i32 - 44))
        };
        let rule = "ANSWER_UPVOTED";
        if outside > 0 {
            ledger_row(
                &app,
                UTC,
                id,
                rule,
                Entry::Award,
                outside,
                1,
                "2026-03-20T10:00:00Z",
            )
            .await;
        }
        ledger_row(
            &app,
            UTC,
            id,
            rule,
            Entry::Award,
            inside,
            2,
            "2026-03-02T12:00:00Z",
        )
        .await;
    }
    // The last earner loses 5 of their 50 to a reversal in the range.
    ledger_row(
        &app,
        UTC,
        ids[49],
        "ANSWER_UPVOTED",
        Entry::Reversal,
        -5,
        2,
        "2026-03-03T12:00:00Z",
    )
    .await;

    let data = report(&app, &staff, REWARDS, json!({ "first": 3 })).await;
    let earner = |id: i64, points: i64| {
        let id = lyceum::graphql::ids::encode(lyceum::graphql::ids::NodeKind::User, id).to_string();
        json!({ "user": { "id": id }, "points": points })
    };
    assert_eq!(
        data["rewardMetrics"]["topEarners"],
        json!([
            earner(ids[49], 45),
            earner(ids[48], 40),
            earner(ids[47], 30)
        ])
    );
    // Everyone with points in the range, when asked for more than there are.
    let all = report(&app, &staff, REWARDS, json!({ "first": 100 })).await;
    let listed = all["rewardMetrics"]["topEarners"].as_array().unwrap();
    assert_eq!(listed.len(), 50);
    assert_eq!(listed[49], earner(ids[44], 1));

    // What the ledger folded row by row (sign-ups through the live service,
    // the rows above through the helper) is what a rebuild folds.
    let live = rollups(&app).await;
    reward_rollups::rebuild(&app.db, chrono_tz::UTC)
        .await
        .expect("a rebuild");
    assert_eq!(rollups(&app).await, live);
    assert!(live.iter().any(|row| row.contains("SIGN_UP")), "{live:?}");
}

#[tokio::test]
async fn analytics_ledger_sums_follow_the_reporting_zone_to_the_second() {
    let app = TestApp::spawn_with(|s| s.analytics_time_zone = "Asia/Shanghai".into()).await;
    let staff = app.admin("zone_ledger_staff").await;
    let member = app.learner("zone_ledger_member").await;
    let id = raw_id(&member.id);
    let zone = chrono_tz::Asia::Shanghai;
    // The range 2026-03-02..03-03 in Shanghai is [03-01 16:00Z, 03-03 16:00Z):
    // whole UTC days from the daily sums, the edges from the rows.
    let rows = [
        (1, "2026-03-01T15:59:59Z"),
        (2, "2026-03-01T16:00:00Z"),
        (4, "2026-03-02T12:00:00Z"),
        (8, "2026-03-03T15:59:59Z"),
        (16, "2026-03-03T16:00:00Z"),
    ];
    for (source, (points, when)) in rows.into_iter().enumerate() {
        let rule = "ANSWER_UPVOTED";
        ledger_row(
            &app,
            zone,
            id,
            rule,
            Entry::Award,
            points,
            source as i64,
            when,
        )
        .await;
    }
    let data = report(&app, &staff, REWARDS, json!({ "first": 5 })).await;
    assert_eq!(
        data["rewardMetrics"]["topEarners"],
        json!([{ "user": { "id": member.id }, "points": 14 }])
    );
    let days: Vec<_> = data["rewardMetrics"]["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["date"].clone(), p["issued"].clone()))
        .collect();
    assert_eq!(
        days,
        [
            (json!("2026-03-02"), json!(6)),
            (json!("2026-03-03"), json!(8))
        ]
    );
}
