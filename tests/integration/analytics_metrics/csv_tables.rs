//! Every CSV table equals the GraphQL numbers of the same range.

use lyceum_tests::{TestApp, community::raw_id};

use super::{
    activity::fixed_events,
    business::{CREATORS, REWARDS, arrange_shop},
    downloads::{assert_same, list, nodes, table},
    recommendations::{RECOMMENDATIONS, arrange_recommendations},
    *,
};

#[tokio::test]
async fn analytics_csv_tables_equal_the_graphql_numbers() {
    let app = TestApp::spawn().await;
    let staff = app.admin("csv_staff").await;
    record(&app, &fixed_events()).await;
    let shop = arrange_shop(&app, &staff).await;
    arrange_recommendations(&app).await;
    let asker = &shop.learners[0];
    let helper = &shop.learners[1];
    for (title, when, answered) in [
        (
            "Answered quickly",
            "2026-03-02T08:00:00Z",
            Some("2026-03-02T08:30:00Z"),
        ),
        ("Left alone", "2026-03-03T23:59:59Z", None),
    ] {
        let thread = app.question(asker, title).await;
        set_time(
            &app,
            "threads",
            "created_at",
            &[("id", raw_id(&thread))],
            when,
        )
        .await;
        if let Some(answer_at) = answered {
            let answer = app.answer(helper, &thread, "Here is how.").await;
            set_time(
                &app,
                "answers",
                "created_at",
                &[("id", raw_id(&answer))],
                answer_at,
            )
            .await;
            app.vote(&shop.learners[2], &answer, "UP").await.ok();
        }
    }
    // l1 holds A and C: two ratings in the range.
    for (course, rating, when) in [
        (0, 4, "2026-03-02T09:00:00Z"),
        (1, 2, "2026-03-03T09:00:00Z"),
    ] {
        let review = app
            .gql_as(
                asker,
                "mutation($c: ID!, $r: Int!) { reviewCourse(courseId: $c, rating: $r) { id } }",
                json!({ "c": shop.courses[course].id, "r": rating }),
            )
            .await;
        let id = raw_id(review.ok()["reviewCourse"]["id"].as_str().unwrap());
        set_time(&app, "reviews", "created_at", &[("id", id)], when).await;
    }
    let q = "from=2026-03-02&to=2026-03-14";

    let gql = report(
        &app,
        &staff,
        ACTIVITY,
        range("2026-03-02", "2026-03-14", "WEEK"),
    )
    .await;
    let csv = table(
        &app,
        &staff,
        &format!("/analytics/activityMetrics.csv?{q}&granularity=WEEK"),
    )
    .await;
    assert_same(
        &csv,
        &list(&gql["activityMetrics"]["points"]),
        &[
            ("date", "date"),
            ("dau", "dau"),
            ("wau", "wau"),
            ("mau", "mau"),
            ("stickiness", "stickiness"),
            ("new_members", "newMembers"),
            ("new_contributors", "newContributors"),
        ],
    );

    let gql = report(
        &app,
        &staff,
        RETENTION,
        range("2026-03-02", "2026-03-14", "WEEK"),
    )
    .await;
    let cells: Vec<Value> = list(&gql["retentionCohorts"])
        .into_iter()
        .flat_map(|c| {
            list(&c["periods"])
                .into_iter()
                .map(move |p| json!({ "cohort": c["date"], "members": c["members"], "p": p }))
        })
        .collect();
    let csv = table(
        &app,
        &staff,
        &format!("/analytics/retentionCohorts.csv?{q}"),
    )
    .await;
    assert_same(
        &csv,
        &cells,
        &[
            ("cohort", "cohort"),
            ("members", "members"),
            ("index", "p.index"),
            ("date", "p.date"),
            ("active", "p.active"),
            ("share", "p.share"),
        ],
    );

    let gql = report(
        &app,
        &staff,
        FUNNEL,
        range("2026-03-02", "2026-03-14", "WEEK"),
    )
    .await;
    let steps = [
        ("step", "step"),
        ("members", "members"),
        ("conversion", "conversion"),
        ("overall", "overall"),
    ];
    let csv = table(&app, &staff, &format!("/analytics/funnel.csv?{q}")).await;
    assert_same(&csv, &list(&gql["funnel"]["steps"]), &steps);
    let per_week: Vec<Value> = list(&gql["funnel"]["points"])
        .into_iter()
        .flat_map(|p| {
            list(&p["steps"])
                .into_iter()
                .map(move |s| json!({ "date": p["date"], "s": s }))
        })
        .collect();
    let csv = table(
        &app,
        &staff,
        &format!("/analytics/funnel.csv?{q}&granularity=WEEK&table=points"),
    )
    .await;
    assert_same(
        &csv,
        &per_week,
        &[
            ("date", "date"),
            ("step", "s.step"),
            ("members", "s.members"),
            ("conversion", "s.conversion"),
        ],
    );

    let q = "from=2026-03-02&to=2026-03-03";
    let gql = report(
        &app,
        &staff,
        r#"query { communityHealth(from: "2026-03-02", to: "2026-03-03") {
            points { date threads threadsPerDay answered shareAnswered medianSecondsToFirstAnswer featured featuredShare }
            unanswered { edges { node { id title } } } } }"#,
        json!({}),
    )
    .await;
    let csv = table(&app, &staff, &format!("/analytics/communityHealth.csv?{q}")).await;
    assert_same(
        &csv,
        &list(&gql["communityHealth"]["points"]),
        &[
            ("date", "date"),
            ("threads", "threads"),
            ("threads_per_day", "threadsPerDay"),
            ("answered", "answered"),
            ("share_answered", "shareAnswered"),
            (
                "median_seconds_to_first_answer",
                "medianSecondsToFirstAnswer",
            ),
            ("featured", "featured"),
            ("featured_share", "featuredShare"),
        ],
    );
    let csv = table(
        &app,
        &staff,
        &format!("/analytics/communityHealth.csv?{q}&table=unanswered"),
    )
    .await;
    assert_same(
        &csv,
        &nodes(&gql["communityHealth"]["unanswered"]),
        &[("thread_id", "id"), ("title", "title")],
    );

    let gql = report(
        &app,
        &staff,
        r#"query { contentQuality(from: "2026-03-02", to: "2026-03-03") {
            answers { edges { node { answer { id } upvotes downvotes wilsonLowerBound } } }
            courses { edges { node { course { id } ratings meanRating bayesianAverage } } } } }"#,
        json!({}),
    )
    .await;
    let csv = table(&app, &staff, &format!("/analytics/contentQuality.csv?{q}")).await;
    assert_same(
        &csv,
        &nodes(&gql["contentQuality"]["answers"]),
        &[
            ("answer_id", "answer.id"),
            ("upvotes", "upvotes"),
            ("downvotes", "downvotes"),
            ("wilson_lower_bound", "wilsonLowerBound"),
        ],
    );
    let csv = table(
        &app,
        &staff,
        &format!("/analytics/contentQuality.csv?{q}&table=courses"),
    )
    .await;
    assert_same(
        &csv,
        &nodes(&gql["contentQuality"]["courses"]),
        &[
            ("course_id", "course.id"),
            ("ratings", "ratings"),
            ("mean_rating", "meanRating"),
            ("bayesian_average", "bayesianAverage"),
        ],
    );

    let gql = report(
        &app,
        &staff,
        CREATORS,
        json!({ "currency": "USD", "order": "REVENUE" }),
    )
    .await;
    let csv = table(
        &app,
        &staff,
        &format!("/analytics/creatorMetrics.csv?{q}&currency=usd"),
    )
    .await;
    assert_same(
        &csv,
        &nodes(&gql["creatorMetrics"]),
        &[
            ("creator_id", "creator.id"),
            ("username", "creator.username"),
            ("enrolments", "enrolments"),
            ("currency", "currency"),
            ("gross_cents", "grossCents"),
            ("refunds", "refunds"),
            ("refunded_cents", "refundedCents"),
            ("net_cents", "netCents"),
            ("points", "points"),
            ("new_followers", "newFollowers"),
        ],
    );

    let gql = report(&app, &staff, REWARDS, json!({})).await;
    let csv = table(&app, &staff, &format!("/analytics/rewardMetrics.csv?{q}")).await;
    assert_same(
        &csv,
        &list(&gql["rewardMetrics"]["points"]),
        &[
            ("date", "date"),
            ("rule", "rule"),
            ("issued", "issued"),
            ("reversed", "reversed"),
            ("net", "net"),
            ("entries", "entries"),
        ],
    );
    let csv = table(
        &app,
        &staff,
        &format!("/analytics/rewardMetrics.csv?{q}&table=topEarners"),
    )
    .await;
    assert_same(
        &csv,
        &list(&gql["rewardMetrics"]["topEarners"]),
        &[("user_id", "user.id"), ("points", "points")],
    );

    let gql = report(&app, &staff, RECOMMENDATIONS, json!({ "g": "DAY" })).await;
    let columns = [
        ("date", "date"),
        ("model_id", "modelId"),
        ("variant", "variant"),
        ("impressions", "impressions"),
        ("clicks", "clicks"),
        ("ctr", "ctr"),
    ];
    let csv = table(
        &app,
        &staff,
        &format!("/analytics/recommendationMetrics.csv?{q}"),
    )
    .await;
    assert_same(
        &csv,
        &list(&gql["recommendationMetrics"]["points"]),
        &columns,
    );
    let csv = table(
        &app,
        &staff,
        &format!("/analytics/recommendationMetrics.csv?{q}&table=totals"),
    )
    .await;
    assert_same(
        &csv,
        &list(&gql["recommendationMetrics"]["totals"]),
        &columns,
    );
}
