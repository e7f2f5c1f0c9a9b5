//! Reward history: `myRewards` / `userRewards` pages, filters, sources and
//! privacy; `rewardSummary` series; `leaderboard` per period and tag.
//! (Leaderboards: `leaderboard.rs`.) Ledger rows come from the real API where the behaviour matters, and are
//! written directly (with their daily sums and balances) for volume.

use std::collections::{BTreeMap, HashMap};

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Days, NaiveDate, Utc};
use entity::{reward_daily, reward_events, users};
use lyceum::{clock::Clock, error::ErrorCode};
use lyceum_tests::{
    Session, TestApp,
    community::{id_of, raw_id},
};
use sea_orm::{
    ColumnTrait, EntityTrait, QueryFilter, Set,
    sea_query::{Expr, OnConflict},
};
use serde_json::{Value, json};

mod leaderboard;
mod summary;

const HISTORY: &str = r#"query H($filter: RewardFilter, $first: Int, $after: String) {
  myRewards(filter: $filter, first: $first, after: $after) {
    totalCount
    nodes { id rule entry points rulePoints createdAt reverses
      actor { username }
      source { __typename ... on Thread { id } ... on Answer { id } ... on Course { id } ... on User { id } } }
  }
}"#;
const PAGE: &str = r#"query P($filter: RewardFilter, $first: Int, $after: String) {
  myRewards(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id }
  }
}"#;
const USER_REWARDS: &str = r#"query U($userId: ID!) {
  userRewards(userId: $userId, first: 20) {
    nodes { rule source { __typename ... on Thread { id } } }
  }
}"#;
const SUMMARY: &str = r#"query S($groupBy: RewardGrouping!, $from: DateTime!, $to: DateTime!, $userId: ID) {
  rewardSummary(groupBy: $groupBy, from: $from, to: $to, userId: $userId) {
    rule total points { periodStart points entries }
  }
}"#;

/// The database id behind a ledger row's opaque ID.
fn event_id(id: &Value) -> i64 {
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(id.as_str().unwrap()).unwrap()).unwrap();
    text.strip_prefix("RewardEvent:").unwrap().parse().unwrap()
}

fn nodes(connection: &Value) -> Vec<Value> {
    connection["nodes"].as_array().unwrap().clone()
}

async fn history(app: &TestApp, viewer: &Session, filter: Value) -> Vec<Value> {
    let response = app
        .gql_as(viewer, HISTORY, json!({ "filter": filter, "first": 20 }))
        .await;
    nodes(&response.ok()["myRewards"])
}

/// A ledger row to write directly.
#[derive(Clone, Copy)]
struct Credit {
    user_id: i64,
    rule: &'static str,
    points: i32,
    at: DateTime<Utc>,
    thread_id: Option<i64>,
    course_id: Option<i64>,
}

fn credit(user_id: i64, rule: &'static str, points: i32, at: DateTime<Utc>) -> Credit {
    Credit {
        user_id,
        rule,
        points,
        at,
        thread_id: None,
        course_id: None,
    }
}

/// Writes ledger rows as the ledger would: the rows (oldest first, so ids
/// follow time), their daily sums and the balances. Their sources are
/// threads that do not exist.
async fn write_ledger(app: &TestApp, credits: &[Credit]) {
    // Scoped: in the whole file it would shadow `Value::is_null`.
    use sea_orm::ExprTrait;
    let mut sorted = credits.to_vec();
    sorted.sort_by_key(|c| c.at);
    let base = app
        .number("SELECT COALESCE(MAX(id), 0) FROM reward_events")
        .await
        + 1_000_000;
    let rows = sorted
        .iter()
        .enumerate()
        .map(|(i, c)| reward_events::ActiveModel {
            user_id: Set(c.user_id),
            rule: Set(c.rule.to_owned()),
            entry: Set(reward_events::Entry::Award),
            cycle: Set(0),
            points: Set(c.points),
            rule_points: Set(c.points),
            source_kind: Set(reward_events::SourceKind::Thread),
            source_id: Set(base + i as i64),
            actor_id: Set(c.user_id),
            thread_id: Set(c.thread_id),
            course_id: Set(c.course_id),
            reverses_id: Set(None),
            created_at: Set(c.at),
            ..Default::default()
        });
    for chunk in rows.collect::<Vec<_>>().chunks(500) {
        reward_events::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&app.db)
            .await
            .unwrap();
    }
    let mut daily: BTreeMap<(i64, NaiveDate, &str), (i64, i64)> = BTreeMap::new();
    let mut balances: HashMap<i64, i64> = HashMap::new();
    for c in &sorted {
        let sums = daily
            .entry((c.user_id, c.at.date_naive(), c.rule))
            .or_default();
        sums.0 += i64::from(c.points);
        sums.1 += 1;
        *balances.entry(c.user_id).or_default() += i64::from(c.points);
    }
    for ((user_id, day, rule), (points, entries)) in daily {
        reward_daily::Entity::insert(reward_daily::ActiveModel {
            user_id: Set(user_id),
            day: Set(day),
            rule: Set(rule.to_owned()),
            points: Set(points),
            entries: Set(entries),
        })
        .on_conflict(
            OnConflict::columns([
                reward_daily::Column::UserId,
                reward_daily::Column::Day,
                reward_daily::Column::Rule,
            ])
            .value(
                reward_daily::Column::Points,
                Expr::col((reward_daily::Entity, reward_daily::Column::Points)).add(points),
            )
            .value(
                reward_daily::Column::Entries,
                // An INT like the ledger's `+ 1`: the connection caches the
                // ledger's identical statement with that parameter type.
                Expr::col((reward_daily::Entity, reward_daily::Column::Entries))
                    .add(entries as i32),
            )
            .to_owned(),
        )
        .exec_without_returning(&app.db)
        .await
        .unwrap();
    }
    for (user_id, points) in balances {
        users::Entity::update_many()
            .col_expr(
                users::Column::Points,
                Expr::col(users::Column::Points).add(points),
            )
            .filter(users::Column::Id.eq(user_id))
            .exec(&app.db)
            .await
            .unwrap();
    }
}

/// Noon UTC `days` days before `now`'s day: far from any day boundary.
fn days_ago(now: DateTime<Utc>, days: u64) -> DateTime<Utc> {
    (now.date_naive() - Days::new(days))
        .and_hms_opt(12, 0, 0)
        .unwrap()
        .and_utc()
}

fn midnight(day: NaiveDate) -> String {
    day.and_hms_opt(0, 0, 0).unwrap().and_utc().to_rfc3339()
}

#[tokio::test]
async fn history_shows_rows_newest_first_with_sources_actors_and_reversals() {
    let app = TestApp::spawn().await;
    let asker = app.learner("asker").await;
    let ann = app.learner("ann").await;
    let voters = app.learners("voter", 2).await;
    let question = app.question(&asker, "Lifetimes").await;
    let answer = app.answer(&ann, &question, "Use 'a.").await;
    for voter in &voters {
        app.vote(voter, &answer, "UP").await.ok();
    }
    app.gql_as(
        &asker,
        "mutation($id: ID!) { acceptAnswer(answerId: $id) { id } }",
        json!({ "id": answer }),
    )
    .await
    .ok();
    app.vote(&voters[1], &answer, "NONE").await.ok();

    let rows = history(&app, &ann, Value::Null).await;
    let summary: Vec<(&str, &str, i64)> = rows
        .iter()
        .map(|r| {
            (
                r["rule"].as_str().unwrap(),
                r["entry"].as_str().unwrap(),
                r["points"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("ANSWER_UPVOTED", "REVERSAL", -10),
            ("ANSWER_ACCEPTED", "AWARD", 15),
            ("ANSWER_UPVOTED", "AWARD", 10),
            ("ANSWER_UPVOTED", "AWARD", 10),
            ("SIGN_UP", "AWARD", 1),
        ]
    );
    // The reversal names the award of the vote taken back.
    assert_eq!(rows[0]["reverses"], rows[2]["id"]);
    assert_eq!(rows[0]["actor"]["username"], "voter1");
    assert_eq!(rows[2]["actor"]["username"], "voter1");
    assert_eq!(rows[3]["actor"]["username"], "voter0");
    assert_eq!(rows[1]["actor"]["username"], "asker");
    assert!(rows[1]["reverses"].is_null());
    assert!(rows.iter().all(|r| r["rulePoints"].as_i64().unwrap() != 0));
    for row in &rows[..4] {
        assert_eq!(row["source"]["__typename"], "Answer");
        assert_eq!(row["source"]["id"], answer.as_str());
    }
    assert_eq!(rows[4]["source"]["__typename"], "User");
    assert_eq!(rows[4]["source"]["id"], ann.id.as_str());
    let balance = app
        .number(&format!(
            "SELECT points FROM users WHERE id = {}",
            raw_id(&ann.id)
        ))
        .await;
    assert_eq!(
        balance,
        rows.iter()
            .map(|r| r["points"].as_i64().unwrap())
            .sum::<i64>()
    );

    // Filters.
    let upvotes = history(&app, &ann, json!({ "rules": ["ANSWER_UPVOTED"] })).await;
    assert_eq!(upvotes.len(), 3);
    let later = app.clock.now() + chrono::Duration::hours(1);
    assert!(
        history(&app, &ann, json!({ "from": later.to_rfc3339() }))
            .await
            .is_empty()
    );
    let upto = history(&app, &ann, json!({ "to": later.to_rfc3339() })).await;
    assert_eq!(upto.len(), 5);
    let unknown = app
        .gql_as(
            &ann,
            HISTORY,
            json!({ "filter": { "rules": ["ANSWER_UPVOTED", "NOPE"] } }),
        )
        .await;
    assert_eq!(
        unknown.expect_code(ErrorCode::BadUserInput)["extensions"]["field"],
        "filter.rules"
    );
    let backwards = app
        .gql_as(
            &ann,
            HISTORY,
            json!({ "filter": { "from": later.to_rfc3339(), "to": app.clock.now().to_rfc3339() } }),
        )
        .await;
    assert_eq!(
        backwards.expect_code(ErrorCode::BadUserInput)["extensions"]["field"],
        "filter.to"
    );

    // Removed content: its awards are reversed and the rows lose their source.
    app.gql_as(
        &ann,
        "mutation($id: ID!) { deleteAnswer(id: $id) { id } }",
        json!({ "id": answer }),
    )
    .await
    .ok();
    let rows = history(&app, &ann, Value::Null).await;
    assert_eq!(rows.len(), 7, "{rows:?}");
    for row in rows.iter().filter(|r| r["rule"] != "SIGN_UP") {
        assert!(row["source"].is_null(), "{row}");
    }
    let balance = app
        .number(&format!(
            "SELECT points FROM users WHERE id = {}",
            raw_id(&ann.id)
        ))
        .await;
    assert_eq!(balance, 1);
}

#[tokio::test]
async fn course_sources_filters_and_privacy() {
    let app = TestApp::spawn().await;
    let cora = app.creator("cora").await;
    let course = app.published_course(&cora, "Rust 101", 0, 1).await;
    let other = app.published_course(&cora, "Go 101", 0, 1).await;
    let learner = app.learner("lena").await;
    app.enrolled(&learner, &course).await;

    let rows = history(&app, &cora, json!({ "courseId": course.id })).await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["rule"], "COURSE_ENROLLED");
    assert_eq!(rows[0]["actor"]["username"], "lena");
    assert_eq!(rows[0]["source"]["__typename"], "Course");
    assert_eq!(rows[0]["source"]["id"], course.id.as_str());
    assert!(
        history(&app, &cora, json!({ "courseId": other.id }))
            .await
            .is_empty()
    );

    // A reward from a course thread its user cannot read: no source for
    // them; staff read everything.
    let thread = app
        .post_thread(
            &cora,
            Some(&course.id),
            "DISCUSSION",
            "Welcome",
            "Hello all",
            &[],
        )
        .await;
    let thread = id_of(&thread.ok()["createThread"]);
    let outsider = app.learner("outsider").await;
    let mut row = credit(raw_id(&outsider.id), "THREAD_UPVOTED", 5, app.clock.now());
    (row.thread_id, row.course_id) = (Some(raw_id(&thread)), Some(raw_id(&course.id)));
    write_ledger(&app, &[row]).await;
    sea_orm::ConnectionTrait::execute_unprepared(
        &app.db,
        &format!(
            "UPDATE reward_events SET source_id = {} WHERE rule = 'THREAD_UPVOTED'",
            raw_id(&thread)
        ),
    )
    .await
    .unwrap();
    let rows = history(&app, &outsider, json!({ "rules": ["THREAD_UPVOTED"] })).await;
    assert_eq!(rows.len(), 1);
    assert!(rows[0]["source"].is_null());

    let moderator = app.moderator("mod").await;
    let seen = app
        .gql_as(&moderator, USER_REWARDS, json!({ "userId": outsider.id }))
        .await;
    let seen = nodes(&seen.ok()["userRewards"]);
    assert_eq!(seen[0]["source"]["__typename"], "Thread");
    assert_eq!(seen[0]["source"]["id"], thread.as_str());

    // Only staff read other people's rewards.
    app.gql_as(&learner, USER_REWARDS, json!({ "userId": outsider.id }))
        .await
        .expect_code(ErrorCode::Forbidden);
    let now = app.clock.now();
    let range = json!({
        "groupBy": "DAY", "from": (now - chrono::Duration::days(2)).to_rfc3339(),
        "to": now.to_rfc3339(), "userId": outsider.id,
    });
    app.gql_as(&learner, SUMMARY, range.clone())
        .await
        .expect_code(ErrorCode::Forbidden);
    let theirs = app.gql_as(&moderator, SUMMARY, range.clone()).await;
    let rules: Vec<&str> = theirs.ok()["rewardSummary"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["SIGN_UP", "THREAD_UPVOTED"]);
    app.gql_as(&outsider, SUMMARY, range).await.ok();
    app.gql(HISTORY, json!({}))
        .await
        .expect_code(ErrorCode::Unauthenticated);
}

#[tokio::test]
async fn pages_of_a_long_history_meet_exactly_once() {
    let app = TestApp::spawn().await;
    let vol = app.learner("volume").await;
    let user_id = raw_id(&vol.id);
    let now = app.clock.now();
    let credits: Vec<Credit> = (1..=250)
        .map(|i| {
            let rule = if i % 5 == 0 {
                "ANSWER_DOWNVOTED"
            } else {
                "ANSWER_UPVOTED"
            };
            let points = if i % 5 == 0 { -2 } else { 10 };
            credit(user_id, rule, points, days_ago(now, i))
        })
        .collect();
    write_ledger(&app, &credits).await;

    let mut seen: Vec<i64> = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let response = app
            .gql_as(&vol, PAGE, json!({ "first": 100, "after": after }))
            .await;
        let connection = &response.ok()["myRewards"];
        assert_eq!(connection["totalCount"], 251);
        seen.extend(nodes(connection).iter().map(|n| event_id(&n["id"])));
        if connection["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = connection["pageInfo"]["endCursor"]
            .as_str()
            .map(str::to_owned);
    }
    assert_eq!(seen.len(), 251);
    assert!(
        seen.windows(2).all(|w| w[0] > w[1]),
        "newest (highest id) first"
    );

    // Days 10 to 30 ago, both included: 21 rows, 5 of them downvotes.
    let window = json!({
        "from": midnight(now.date_naive() - Days::new(30)),
        "to": days_ago(now, 10).to_rfc3339(),
    });
    let response = app
        .gql_as(&vol, PAGE, json!({ "filter": window, "first": 100 }))
        .await;
    assert_eq!(response.ok()["myRewards"]["totalCount"], 21);
    let mut downvotes = window;
    downvotes["rules"] = json!(["ANSWER_DOWNVOTED"]);
    let response = app
        .gql_as(&vol, PAGE, json!({ "filter": downvotes, "first": 100 }))
        .await;
    assert_eq!(response.ok()["myRewards"]["totalCount"], 5);
    app.gql_as(&vol, PAGE, json!({ "first": 101 }))
        .await
        .expect_code(ErrorCode::BadUserInput);
}
