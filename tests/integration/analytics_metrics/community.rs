//! Community health and content quality on threads, answers, votes and
//! reviews made through the API, dated by hand (UTC).

use lyceum_tests::{Session, TestApp, community::raw_id};

use super::*;

const HEALTH: &str = r#"query($from: Date!, $to: Date!, $g: MetricGranularity!) {
  communityHealth(from: $from, to: $to, granularity: $g) {
    points {
      date threads threadsPerDay answered shareAnswered
      medianSecondsToFirstAnswer featured featuredShare
    }
    unanswered(first: 10) { totalCount edges { node { id title } } }
  }
}"#;

const QUALITY: &str = r#"query($after: String) {
  contentQuality(from: "2026-03-02", to: "2026-03-03") {
    answers(first: 2, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { answer { id } upvotes downvotes wilsonLowerBound } }
    }
    courses { edges { node { course { id } ratings meanRating bayesianAverage } } }
    priorMean priorWeight
  }
}"#;

async fn dated_thread(app: &TestApp, author: &Session, title: &str, when: &str) -> String {
    let id = app.question(author, title).await;
    set_time(app, "threads", "created_at", &[("id", raw_id(&id))], when).await;
    id
}

async fn dated_answer(app: &TestApp, author: &Session, thread: &str, when: &str) -> String {
    let id = app.answer(author, thread, "An answer worth reading.").await;
    set_time(app, "answers", "created_at", &[("id", raw_id(&id))], when).await;
    id
}

#[tokio::test]
async fn analytics_community_health_matches_the_hand_computed_answer() {
    let app = TestApp::spawn().await;
    let staff = app.moderator("health_staff").await;
    let asker = app.learner("health_asker").await;
    let helper = app.learner("health_helper").await;

    // 03-02: t1 at 00:00:00 answered after an hour (and again later); t2
    // at 23:59:59 answered 10 s later, featured; t3 unanswered.
    let t1 = dated_thread(&app, &asker, "First of the day", "2026-03-02T00:00:00Z").await;
    dated_answer(&app, &helper, &t1, "2026-03-02T01:00:00Z").await;
    dated_answer(&app, &helper, &t1, "2026-03-02T05:00:00Z").await;
    let t2 = dated_thread(&app, &asker, "Last of the day", "2026-03-02T23:59:59Z").await;
    dated_answer(&app, &helper, &t2, "2026-03-03T00:00:09Z").await;
    app.gql_as(
        &staff,
        "mutation($id: ID!) { featureThread(threadId: $id) { id } }",
        json!({ "id": t2 }),
    )
    .await
    .ok();
    let t3 = dated_thread(&app, &asker, "Nobody knows", "2026-03-02T12:00:00Z").await;
    // 03-03: t4's first answer was deleted; the next came after 2 hours.
    let t4 = dated_thread(&app, &asker, "Second day", "2026-03-03T00:00:00Z").await;
    let deleted = dated_answer(&app, &helper, &t4, "2026-03-03T00:30:00Z").await;
    app.gql_as(
        &helper,
        "mutation($id: ID!) { deleteAnswer(id: $id) { id } }",
        json!({ "id": deleted }),
    )
    .await
    .ok();
    dated_answer(&app, &helper, &t4, "2026-03-03T02:00:00Z").await;
    // Outside the range, and hidden from members: not counted.
    dated_thread(&app, &asker, "The day before", "2026-03-01T23:59:59Z").await;
    let hidden = dated_thread(&app, &asker, "Hidden away", "2026-03-03T10:00:00Z").await;
    app.gql_as(
        &staff,
        "mutation($id: ID!) { hideContent(targetId: $id) { thread { id } } }",
        json!({ "id": hidden }),
    )
    .await
    .ok();

    let data = report(
        &app,
        &staff,
        HEALTH,
        range("2026-03-02", "2026-03-03", "DAY"),
    )
    .await;
    let health = &data["communityHealth"];
    let points = health["points"].as_array().unwrap();
    assert_eq!(points[0]["date"], "2026-03-02");
    assert_eq!(points[0]["threads"], 3);
    assert_close(&points[0]["threadsPerDay"], 3.0);
    assert_eq!(points[0]["answered"], 2);
    assert_close(&points[0]["shareAnswered"], 2.0 / 3.0);
    // The median of 3,600 s and 10 s.
    assert_close(&points[0]["medianSecondsToFirstAnswer"], 1805.0);
    assert_eq!(points[0]["featured"], 1);
    assert_close(&points[0]["featuredShare"], 1.0 / 3.0);
    assert_eq!(points[1]["date"], "2026-03-03");
    assert_eq!(points[1]["threads"], 1);
    assert_close(&points[1]["shareAnswered"], 1.0);
    assert_close(&points[1]["medianSecondsToFirstAnswer"], 7200.0);
    assert_eq!(points[1]["featured"], 0);
    assert_eq!(health["unanswered"]["totalCount"], 1);
    assert_eq!(health["unanswered"]["edges"][0]["node"]["id"], t3.as_str());

    // One point for both days: 4 threads over 2 days, median of three waits.
    let whole = report(
        &app,
        &staff,
        HEALTH,
        range("2026-03-02", "2026-03-03", "WEEK"),
    )
    .await;
    let point = &whole["communityHealth"]["points"][0];
    assert_close(&point["threadsPerDay"], 2.0);
    assert_eq!(point["answered"], 3);
    assert_close(&point["medianSecondsToFirstAnswer"], 3600.0);
    // A day without threads.
    let empty = report(
        &app,
        &staff,
        HEALTH,
        range("2026-03-05", "2026-03-05", "DAY"),
    )
    .await;
    let point = &empty["communityHealth"]["points"][0];
    assert_eq!(point["threads"], 0);
    assert!(point["medianSecondsToFirstAnswer"].is_null());
    assert_close(&point["shareAnswered"], 0.0);
}

#[tokio::test]
async fn analytics_content_quality_ranks_by_wilson_and_bayesian_average() {
    let app = TestApp::spawn().await;
    let staff = app.admin("quality_staff").await;
    let creator = app.creator("quality_creator").await;
    let asker = app.learner("quality_asker").await;
    let helper = app.learner("quality_helper").await;
    let voters = app.learners("quality_voter", 3).await;

    let thread = dated_thread(&app, &asker, "Rank these", "2026-03-02T08:00:00Z").await;
    let strong = dated_answer(&app, &helper, &thread, "2026-03-02T09:00:00Z").await;
    let single = dated_answer(&app, &helper, &thread, "2026-03-02T10:00:00Z").await;
    let mixed = dated_answer(&app, &helper, &thread, "2026-03-03T23:59:59Z").await;
    // No votes: not ranked.
    dated_answer(&app, &helper, &thread, "2026-03-03T12:00:00Z").await;
    let later = dated_answer(&app, &helper, &thread, "2026-03-04T00:00:00Z").await;
    for (answer, votes) in [
        (&strong, ["UP", "UP", "UP"].as_slice()),
        (&single, ["UP"].as_slice()),
        (&mixed, ["UP", "UP", "DOWN"].as_slice()),
        (&later, ["UP", "UP", "UP"].as_slice()),
    ] {
        for (voter, value) in voters.iter().zip(votes) {
            app.vote(voter, answer, value).await.ok();
        }
    }

    // Ratings given in the range: P 5 and 5, Q 4, R 1 (R's 5 on 03-04 is
    // outside). m = 15 / 4 = 3.75, C = 4 ratings / 3 courses.
    let mut courses = Vec::new();
    for title in ["Course P", "Course Q", "Course R"] {
        courses.push(app.published_course(&creator, title, 0, 1).await);
    }
    let reviews = [
        (0, 0, 5, "2026-03-02T00:00:00Z"),
        (1, 0, 5, "2026-03-03T23:59:59Z"),
        (0, 1, 4, "2026-03-02T12:00:00Z"),
        (0, 2, 1, "2026-03-03T12:00:00Z"),
        (1, 2, 5, "2026-03-04T00:00:00Z"),
    ];
    for (who, course, rating, when) in reviews {
        let learner = &voters[who];
        app.enrolled(learner, &courses[course]).await;
        let review = app
            .gql_as(
                learner,
                "mutation($c: ID!, $r: Int!) { reviewCourse(courseId: $c, rating: $r) { id } }",
                json!({ "c": courses[course].id, "r": rating }),
            )
            .await;
        let id = raw_id(review.ok()["reviewCourse"]["id"].as_str().unwrap());
        set_time(&app, "reviews", "created_at", &[("id", id)], when).await;
    }

    let data = report(&app, &staff, QUALITY, json!({})).await;
    let quality = &data["contentQuality"];
    let answers = &quality["answers"];
    assert_eq!(answers["totalCount"], 3);
    assert_eq!(answers["pageInfo"]["hasNextPage"], true);
    let ranked: Vec<_> = answers["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"].clone())
        .collect();
    assert_eq!(ranked[0]["answer"]["id"], strong.as_str());
    assert_eq!(
        (
            ranked[0]["upvotes"].as_i64(),
            ranked[0]["downvotes"].as_i64()
        ),
        (Some(3), Some(0))
    );
    assert_close(&ranked[0]["wilsonLowerBound"], 0.438_502_968_244_954_5);
    // 2 up 1 down (0.2077) edges out 1 up (0.2065).
    assert_eq!(ranked[1]["answer"]["id"], mixed.as_str());
    assert_close(&ranked[1]["wilsonLowerBound"], 0.207_659_600_802_047_7);
    let cursor = answers["pageInfo"]["endCursor"].clone();
    let rest = report(&app, &staff, QUALITY, json!({ "after": cursor })).await;
    let last = &rest["contentQuality"]["answers"];
    assert_eq!(last["pageInfo"]["hasNextPage"], false);
    assert_eq!(last["edges"][0]["node"]["answer"]["id"], single.as_str());
    assert_close(
        &last["edges"][0]["node"]["wilsonLowerBound"],
        0.206_549_314_377_237_4,
    );

    assert_close(&quality["priorMean"], 3.75);
    assert_close(&quality["priorWeight"], 4.0 / 3.0);
    // C·m = 5: P (5 + 10) / (4/3 + 2) = 4.5, Q (5 + 4) / (7/3) = 27/7,
    // R (5 + 1) / (7/3) = 18/7.
    let expected = [
        (0, 2, 5.0, 4.5),
        (1, 1, 4.0, 27.0 / 7.0),
        (2, 1, 1.0, 18.0 / 7.0),
    ];
    let rows = quality["courses"]["edges"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    for (row, (course, ratings, mean, bayesian)) in rows.iter().zip(expected) {
        let node = &row["node"];
        assert_eq!(node["course"]["id"], courses[course].id.as_str());
        assert_eq!(node["ratings"], ratings);
        assert_close(&node["meanRating"], mean);
        assert_close(&node["bayesianAverage"], bayesian);
    }
}
