//! Creator earnings (a money ledger) and payouts: sales pending through the
//! refund window, refunds, payout requests under concurrency, staff
//! decisions, and the audit finding nothing wrong afterwards.

use chrono::Duration;
use entity::{
    earning_entries::{self, Kind},
    payouts,
};
use futures_util::future::join_all;
use lyceum::{
    clock::Clock,
    error::ErrorCode,
    graphql::ids::{NodeKind, encode},
    seed::earnings::seed_earnings,
    services::rewards::{RewardSettings, earnings},
};
use lyceum_tests::{
    GqlResponse, Session, TestApp,
    courses::{ADD_LESSON, CREATE_COURSE, PUBLISH, TestCourse},
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

const MY_EARNINGS: &str = r#"{ myEarnings {
  balances { currency availableCents pendingCents requestedCents paidOutCents }
  courses { course { id } currency sales refunds grossCents netCents }
  payouts { totalCount nodes { id amountCents currency status reason decidedAt creator { username } } }
} }"#;
const REQUEST: &str = r#"mutation R($amount: Int!, $currency: String!) {
  requestPayout(amountCents: $amount, currency: $currency) { id amountCents currency status }
}"#;
const MARK_PAID: &str = r#"mutation P($id: ID!) {
  markPayoutPaid(payoutId: $id) { id status decidedAt reason }
}"#;
const REJECT: &str = r#"mutation J($id: ID!, $reason: String!) {
  rejectPayout(payoutId: $id, reason: $reason) { id status decidedAt reason }
}"#;
const REFUND: &str = r#"mutation F($id: ID!, $reason: String!) {
  refundEnrollment(enrollmentId: $id, reason: $reason) { id refundedAt }
}"#;
const STAFF_LIST: &str = r#"query L($status: PayoutStatus) {
  payouts(status: $status) { totalCount nodes { id amountCents status creator { username } } }
}"#;

/// Past the refund window (7 days in the test settings).
fn after_the_window() -> Duration {
    Duration::days(8)
}

async fn earnings_of(app: &TestApp, session: &Session) -> Value {
    app.gql_as(session, MY_EARNINGS, json!({})).await.ok()["myEarnings"].clone()
}

/// The one balance of a creator earning in USD only.
async fn usd(app: &TestApp, session: &Session) -> Value {
    let earnings = earnings_of(app, session).await;
    let balances = earnings["balances"].as_array().unwrap();
    assert_eq!(balances.len(), 1, "{earnings}");
    assert_eq!(balances[0]["currency"], "USD");
    balances[0].clone()
}

async fn request(app: &TestApp, session: &Session, amount: i64, currency: &str) -> GqlResponse {
    app.gql_as(
        session,
        REQUEST,
        json!({ "amount": amount, "currency": currency }),
    )
    .await
}

#[track_caller]
fn expect_bad_input(response: &GqlResponse, field: &str) {
    let error = response.expect_code(ErrorCode::BadUserInput);
    assert_eq!(error["extensions"]["field"], field, "{error}");
}

async fn rows_of(app: &TestApp, kind: Kind) -> u64 {
    earning_entries::Entity::find()
        .filter(earning_entries::Column::Kind.eq(kind))
        .count(&app.db)
        .await
        .unwrap()
}

async fn assert_audit_clean(app: &TestApp) {
    let problems = earnings::audit(&app.db, app.clock.now()).await.unwrap();
    assert!(problems.is_empty(), "{problems:#?}");
}

/// A published one-lesson course in `currency`.
async fn course_in(
    app: &TestApp,
    creator: &Session,
    title: &str,
    price: i64,
    currency: &str,
) -> TestCourse {
    let created = app
        .gql_as(
            creator,
            CREATE_COURSE,
            json!({ "input": {
                "title": title, "summary": "A summary", "description": "A description",
                "tags": ["testing"], "level": "BEGINNER",
                "priceCents": price, "currency": currency,
            }}),
        )
        .await;
    let course = &created.ok()["createCourse"];
    let id = course["id"].as_str().unwrap().to_owned();
    app.gql_as(
        creator,
        ADD_LESSON,
        json!({ "courseId": id, "input": {
            "title": "One", "body": "Body", "freePreview": false, "durationMinutes": 5,
        }}),
    )
    .await
    .ok();
    app.gql_as(creator, PUBLISH, json!({ "id": id })).await.ok();
    TestCourse {
        id,
        slug: course["slug"].as_str().unwrap().to_owned(),
        lesson_ids: Vec::new(),
    }
}

/// A creator whose learners bought `prices` (USD), past the refund window.
async fn creator_with_sales(app: &TestApp, name: &str, prices: &[i64]) -> Session {
    let creator = app.creator(name).await;
    for (i, price) in prices.iter().enumerate() {
        let course = course_in(app, &creator, &format!("{name} course {i}"), *price, "USD").await;
        let learner = app.learner(&format!("{name}_buyer{i}")).await;
        app.enrolled(&learner, &course).await;
    }
    app.clock.advance(after_the_window());
    creator
}

#[tokio::test]
async fn sales_are_pending_through_the_refund_window_and_refunds_reverse_them() {
    let app = TestApp::spawn().await;
    let creator = app.creator("seller").await;
    let paid = course_in(&app, &creator, "Paid", 10_000, "USD").await;
    let free = course_in(&app, &creator, "Free", 0, "USD").await;
    let (ana, ben) = (app.learner("ana").await, app.learner("ben").await);
    let kept = app.enrolled(&ana, &paid).await;
    let returned = app.enrolled(&ben, &paid).await;
    app.enrolled(&ana, &free).await;

    // 70% of each sale, pending; the free course credits nothing.
    let balance = usd(&app, &creator).await;
    assert_eq!(balance["availableCents"], 0);
    assert_eq!(balance["pendingCents"], 14_000);
    assert_eq!(rows_of(&app, Kind::Sale).await, 2);

    // A refund inside the window appends the reversal of pending money.
    app.gql_as(
        &ben,
        REFUND,
        json!({ "id": returned, "reason": "Not for me" }),
    )
    .await
    .ok();
    let earnings = earnings_of(&app, &creator).await;
    assert_eq!(earnings["balances"][0]["pendingCents"], 7_000);
    assert_eq!(earnings["balances"][0]["availableCents"], 0);
    assert_eq!(
        earnings["courses"],
        json!([{ "course": { "id": paid.id }, "currency": "USD", "sales": 2, "refunds": 1,
                 "grossCents": 14_000, "netCents": 7_000 }])
    );
    let refund = earning_entries::Entity::find()
        .filter(earning_entries::Column::Kind.eq(Kind::Refund))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(refund.amount_cents, -7_000);

    // After the window the rest is available.
    app.clock.advance(after_the_window());
    let balance = usd(&app, &creator).await;
    assert_eq!(balance["availableCents"], 7_000);
    assert_eq!(balance["pendingCents"], 0);

    // A refund after the window takes from the available balance at once.
    let staff = app.admin("boss").await;
    app.gql_as(&staff, REFUND, json!({ "id": kept, "reason": "Goodwill" }))
        .await
        .ok();
    let balance = usd(&app, &creator).await;
    assert_eq!(balance["availableCents"], 0);
    assert_eq!(balance["pendingCents"], 0);
    assert_eq!(rows_of(&app, Kind::Refund).await, 2);

    // Learners earn nothing by buying.
    assert_eq!(earnings_of(&app, &ana).await["balances"], json!([]));
    assert_audit_clean(&app).await;
}

#[tokio::test]
async fn refused_payout_requests_say_why_and_write_nothing() {
    let app = TestApp::spawn().await;
    let creator = creator_with_sales(&app, "maker", &[10_000]).await;
    assert_eq!(usd(&app, &creator).await["availableCents"], 7_000);

    for amount in [4_999, 0, -100, 7_001] {
        expect_bad_input(&request(&app, &creator, amount, "USD").await, "amountCents");
    }
    let over = request(&app, &creator, 7_001, "USD").await;
    assert!(
        over.first_error()["message"]
            .as_str()
            .unwrap()
            .contains("exceeds your available balance"),
        "{}",
        over.body
    );
    expect_bad_input(&request(&app, &creator, 6_000, "XYZ").await, "currency");
    // Balances are per currency: no CNY earned, none to pay out.
    expect_bad_input(&request(&app, &creator, 6_000, "CNY").await, "amountCents");
    let learner = app.learner("nobody").await;
    expect_bad_input(&request(&app, &learner, 5_000, "USD").await, "amountCents");
    app.gql(REQUEST, json!({ "amount": 5_000, "currency": "USD" }))
        .await
        .expect_code(ErrorCode::Unauthenticated);

    assert_eq!(payouts::Entity::find().count(&app.db).await.unwrap(), 0);
    assert_eq!(rows_of(&app, Kind::Payout).await, 0);

    // A CNY sale is a CNY balance of its own.
    let cny = course_in(&app, &creator, "Chinese course", 20_000, "CNY").await;
    app.enrolled(&app.learner("buyer_cny").await, &cny).await;
    app.clock.advance(after_the_window());
    let balances = earnings_of(&app, &creator).await["balances"].clone();
    assert_eq!(balances[0]["currency"], "CNY");
    assert_eq!(balances[0]["availableCents"], 14_000);
    assert_eq!(balances[1]["availableCents"], 7_000);
    expect_bad_input(&request(&app, &creator, 7_001, "USD").await, "amountCents");

    let ok = request(&app, &creator, 5_000, "usd").await;
    assert_eq!(
        ok.ok()["requestPayout"]["status"],
        "REQUESTED",
        "{}",
        ok.body
    );
    let balance = &earnings_of(&app, &creator).await["balances"][1];
    assert_eq!(balance["availableCents"], 2_000);
    assert_eq!(balance["requestedCents"], 5_000);
    assert_audit_clean(&app).await;
}

#[tokio::test]
async fn concurrent_payout_requests_never_overdraw() {
    let app = TestApp::spawn().await;
    // 70% of 14,286 is 10,000 (rounded down).
    let creator = creator_with_sales(&app, "rich", &[14_286]).await;
    assert_eq!(usd(&app, &creator).await["availableCents"], 10_000);

    // Each request fits; together they exceed: exactly two win.
    let attempts = (0..20).map(|_| request(&app, &creator, 5_000, "USD"));
    let responses = join_all(attempts).await;
    let won = responses.iter().filter(|r| r.errors().is_empty()).count();
    for lost in responses.iter().filter(|r| !r.errors().is_empty()) {
        expect_bad_input(lost, "amountCents");
    }
    assert_eq!(won, 2);
    assert_eq!(payouts::Entity::find().count(&app.db).await.unwrap(), 2);
    assert_eq!(rows_of(&app, Kind::Payout).await, 2);
    let balance = usd(&app, &creator).await;
    assert_eq!(balance["availableCents"], 0);
    assert_eq!(balance["requestedCents"], 10_000);
    assert_audit_clean(&app).await;
}

#[tokio::test]
async fn staff_decide_each_payout_once_and_rejection_returns_the_money() {
    let app = TestApp::spawn().await;
    let creator = creator_with_sales(&app, "author", &[10_000, 10_000]).await;
    let first = request(&app, &creator, 5_000, "USD").await.ok()["requestPayout"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let second = request(&app, &creator, 6_000, "USD").await.ok()["requestPayout"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (moderator, admin) = (app.moderator("mod").await, app.admin("boss").await);
    let learner = app.learner("curious").await;

    for outsider in [&creator, &learner] {
        app.gql_as(outsider, MARK_PAID, json!({ "id": first }))
            .await
            .expect_code(ErrorCode::Forbidden);
        app.gql_as(outsider, REJECT, json!({ "id": first, "reason": "no" }))
            .await
            .expect_code(ErrorCode::Forbidden);
        app.gql_as(outsider, STAFF_LIST, json!({}))
            .await
            .expect_code(ErrorCode::Forbidden);
    }

    // The staff queue, newest first.
    let queue = app
        .gql_as(&moderator, STAFF_LIST, json!({ "status": "REQUESTED" }))
        .await;
    let queue = &queue.ok()["payouts"];
    assert_eq!(queue["totalCount"], 2);
    assert_eq!(queue["nodes"][0]["id"], second);
    assert_eq!(queue["nodes"][1]["creator"]["username"], "author");

    let paid = app
        .gql_as(&moderator, MARK_PAID, json!({ "id": first }))
        .await;
    assert_eq!(paid.ok()["markPayoutPaid"]["status"], "PAID");
    assert!(paid.ok()["markPayoutPaid"]["decidedAt"].is_string());
    let again = app.gql_as(&admin, MARK_PAID, json!({ "id": first })).await;
    assert_eq!(
        again.expect_code(ErrorCode::Conflict)["extensions"]["field"],
        "payoutId"
    );
    app.gql_as(&admin, REJECT, json!({ "id": first, "reason": "Too late" }))
        .await
        .expect_code(ErrorCode::Conflict);

    expect_bad_input(
        &app.gql_as(&admin, REJECT, json!({ "id": second, "reason": "  " }))
            .await,
        "reason",
    );
    let rejected = app
        .gql_as(
            &admin,
            REJECT,
            json!({ "id": second, "reason": "Bank details missing" }),
        )
        .await;
    assert_eq!(rejected.ok()["rejectPayout"]["status"], "REJECTED");
    app.gql_as(&moderator, MARK_PAID, json!({ "id": second }))
        .await
        .expect_code(ErrorCode::Conflict);

    let unknown = encode(NodeKind::Payout, 999_999).to_string();
    app.gql_as(&admin, MARK_PAID, json!({ "id": unknown }))
        .await
        .expect_code(ErrorCode::NotFound);
    app.gql_as(&admin, REJECT, json!({ "id": unknown, "reason": "x" }))
        .await
        .expect_code(ErrorCode::NotFound);
    expect_bad_input(
        &app.gql_as(&admin, MARK_PAID, json!({ "id": creator.id }))
            .await,
        "payoutId",
    );

    // The rejected 6,000 came back; the paid 5,000 is paid out.
    let earnings = earnings_of(&app, &creator).await;
    let balance = &earnings["balances"][0];
    assert_eq!(balance["availableCents"], 9_000);
    assert_eq!(balance["requestedCents"], 0);
    assert_eq!(balance["paidOutCents"], 5_000);
    let history = &earnings["payouts"];
    assert_eq!(history["totalCount"], 2);
    assert_eq!(history["nodes"][0]["status"], "REJECTED");
    assert_eq!(history["nodes"][0]["reason"], "Bank details missing");
    assert_eq!(history["nodes"][1]["status"], "PAID");
    assert_eq!(rows_of(&app, Kind::PayoutReturned).await, 1);

    // Nobody else sees this creator's money.
    let rival = app.creator("rival").await;
    for other in [&rival, &learner, &moderator] {
        let seen = earnings_of(&app, other).await;
        assert_eq!(seen["balances"], json!([]));
        assert_eq!(seen["courses"], json!([]));
        assert_eq!(seen["payouts"]["totalCount"], 0);
    }
    app.gql(MY_EARNINGS, json!({}))
        .await
        .expect_code(ErrorCode::Unauthenticated);
    assert_audit_clean(&app).await;
}

#[tokio::test]
async fn the_seed_writes_the_earnings_of_existing_enrolments_once() {
    let app = TestApp::spawn().await;
    let creator = app.creator("veteran").await;
    let course = course_in(&app, &creator, "Classic", 10_000, "USD").await;
    for name in ["first", "second"] {
        app.enrolled(&app.learner(name).await, &course).await;
    }
    let changed_mind = app.learner("third").await;
    let refunded = app.enrolled(&changed_mind, &course).await;
    app.gql_as(
        &changed_mind,
        REFUND,
        json!({ "id": refunded, "reason": "Oops" }),
    )
    .await
    .ok();
    // Available two days ago, when the seeded paid payout was requested.
    app.clock.advance(after_the_window() + Duration::days(3));
    // As if the enrolments had been seeded without their earnings.
    earning_entries::Entity::delete_many()
        .exec(&app.db)
        .await
        .unwrap();

    let settings = RewardSettings::default();
    let written = seed_earnings(&app.db, &settings, app.clock.now())
        .await
        .unwrap();
    // Three sales, one refund; a paid and a requested payout, each with its row.
    assert_eq!(written, 8);
    assert_eq!(rows_of(&app, Kind::Sale).await, 3);
    assert_eq!(rows_of(&app, Kind::Refund).await, 1);
    let balance = usd(&app, &creator).await;
    assert_eq!(balance["availableCents"], 14_000 - 2 * 5_000);
    assert_eq!(balance["paidOutCents"], 5_000);
    assert_eq!(balance["requestedCents"], 5_000);
    assert_audit_clean(&app).await;

    // A second run finds nothing left to write (and too little for payouts).
    let again = seed_earnings(&app.db, &settings, app.clock.now())
        .await
        .unwrap();
    assert_eq!(again, 0);
}
