//! The server's own events: recorded once each cause has committed (a
//! refused or replayed action records nothing), about the right subject,
//! and recommendation impressions and clicks with where they were served.

use super::*;

const ACCEPT: &str = "mutation($id: ID!) { acceptAnswer(answerId: $id) { id } }";
const SEARCH: &str = "query($q: String!) { search(query: $q) { edges { node { relevance } } } }";
const REFUND: &str = "mutation($id: ID!) { refundEnrollment(enrollmentId: $id, reason: \"changed my mind\") { id } }";
const RECOMMENDED: &str = r#"query($first: Int) {
  recommendedCourses(first: $first) { impressionId course { id } }
}"#;
const CLICK: &str = "mutation($id: ID!) { recordRecommendationClick(impressionId: $id) }";

/// (kind, user, subject kind, subject id) of a stored server event.
type Row = (String, Option<i64>, Option<String>, Option<i64>);

fn row(kind: &str, user: i64, subject: Option<(&str, &str)>) -> Row {
    (
        kind.to_owned(),
        Some(user),
        subject.map(|(kind, _)| kind.to_owned()),
        subject.map(|(_, id)| raw_id(id)),
    )
}

async fn server_rows(app: &TestApp) -> Vec<Row> {
    let mut rows: Vec<Row> = all_events(app)
        .await
        .into_iter()
        .filter(|e| e.source == "SERVER")
        .map(|e| (e.kind, e.user_id, e.subject_kind, e.subject_id))
        .collect();
    rows.sort();
    rows
}

/// The props of the one stored event of `kind`.
async fn props_of(app: &TestApp, kind: &str) -> Value {
    let found: Vec<_> = all_events(app)
        .await
        .into_iter()
        .filter(|e| e.kind == kind)
        .collect();
    assert_eq!(found.len(), 1, "one {kind}: {found:?}");
    serde_json::from_str(found[0].props.as_deref().unwrap_or("null")).unwrap()
}

#[tokio::test]
async fn analytics_events_record_what_members_do_after_it_commits() {
    // One upvote (10 points) takes a new member (1 point) to the next
    // level; a first answer earns a badge.
    let app = TestApp::spawn_with(|settings| {
        settings.level_thresholds = vec![10, 1_000, 5_000];
        settings.badges_after_events = true;
    })
    .await;
    let creator = app.creator("ev_creator").await;
    let course = app.published_course(&creator, "Evented", 0, 1).await;
    let member = registered(&app, "ev_member").await;
    let answerer = app.learner("ev_answerer").await;

    let enrolment = app.enroll(&member, &course, "ev-key-1").await.ok()["enroll"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // A retry with the same key replays the enrolment: no second event.
    app.enroll(&member, &course, "ev-key-1").await.ok();
    let thread = app.question(&member, "Evented question").await;
    let answer = app.answer(&answerer, &thread, "An evented answer").await;
    let comment = lyceum_tests::community::id_of(
        &app.post_comment(&member, &answer, "Thanks, that helps")
            .await
            .ok()["createComment"],
    );
    // Refused (one's own post): records nothing.
    app.vote(&answerer, &answer, "UP")
        .await
        .expect_code(ErrorCode::BadUserInput);
    app.vote(&member, &answer, "UP").await.ok();
    app.gql_as(&member, ACCEPT, json!({ "id": answer }))
        .await
        .ok();
    app.gql_as(&member, SEARCH, json!({ "q": "evented" }))
        .await
        .ok();
    app.gql(SEARCH, json!({ "q": "nothing matches zyzzyva" }))
        .await
        .ok();
    app.gql_as(&member, REFUND, json!({ "id": enrolment }))
        .await
        .ok();

    // One queue, written in order: once the refund is there, so is every
    // event before it. The badge comes from the background evaluator.
    app.wait_for_count("SELECT COUNT(*) FROM events WHERE kind = 'REFUND'", 1)
        .await;
    app.wait_for_count("SELECT COUNT(*) FROM events WHERE kind = 'BADGE'", 1)
        .await;
    let (m, a, c) = (
        raw_id(&member.id),
        raw_id(&answerer.id),
        raw_id(&creator.id),
    );
    let mut expected = vec![
        row("SIGN_UP", m, Some(("USER", &member.id))),
        row("LOGIN", m, Some(("USER", &member.id))),
        row("LOGIN", a, Some(("USER", &answerer.id))),
        row("LOGIN", c, Some(("USER", &creator.id))),
        row("ENROL", m, Some(("COURSE", &course.id))),
        row("THREAD", m, Some(("THREAD", &thread))),
        row("ANSWER", a, Some(("ANSWER", &answer))),
        row("BADGE", a, None),
        row("COMMENT", m, Some(("COMMENT", &comment))),
        row("VOTE", m, Some(("ANSWER", &answer))),
        row("LEVEL_UP", a, None),
        row("ACCEPT", m, Some(("ANSWER", &answer))),
        row("SEARCH", m, None),
        ("SEARCH".into(), None, None, None),
        row("REFUND", m, Some(("COURSE", &course.id))),
    ];
    expected.sort();
    assert_eq!(server_rows(&app).await, expected);

    assert_eq!(props_of(&app, "VOTE").await, json!({ "value": "UP" }));
    assert_eq!(
        props_of(&app, "LEVEL_UP").await,
        json!({ "level": "INTERMEDIATE" })
    );
    assert_eq!(
        props_of(&app, "BADGE").await,
        json!({ "badge": "FIRST_ANSWER" })
    );
    let enrol = props_of(&app, "ENROL").await;
    assert_eq!(enrol["enrollmentId"], raw_id(&enrolment));
    let searches: Vec<Value> = all_events(&app)
        .await
        .into_iter()
        .filter(|e| e.kind == "SEARCH")
        .map(|e| serde_json::from_str(e.props.as_deref().unwrap()).unwrap())
        .collect();
    assert_eq!(searches[0]["query"], "evented");
    assert!(searches[0]["hits"].as_i64().unwrap() >= 1);
    assert_eq!(
        searches[1],
        json!({ "query": "nothing matches zyzzyva", "hits": 0 })
    );
    // Posting made the member and the answerer contributors.
    assert_eq!(
        app.number("SELECT COUNT(*) FROM analytics_members WHERE first_post_day IS NOT NULL")
            .await,
        2
    );
}

#[tokio::test]
async fn analytics_events_record_recommendation_impressions_and_stored_clicks() {
    let app = TestApp::spawn().await;
    let creator = app.creator("evrec_creator").await;
    for title in ["First", "Second"] {
        app.published_course(&creator, title, 0, 1).await;
    }
    let member = app.learner("evrec_member").await;
    let served = app
        .gql_as(&member, RECOMMENDED, json!({ "first": 2 }))
        .await
        .ok()["recommendedCourses"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(served.len(), 2);
    let clicked = &served[1];
    for _ in 0..2 {
        app.gql_as(&member, CLICK, json!({ "id": clicked["impressionId"] }))
            .await
            .ok();
    }
    // Another member's click on the member's impression is not stored.
    let other = app.learner("evrec_other").await;
    app.gql_as(&other, CLICK, json!({ "id": served[0]["impressionId"] }))
        .await
        .ok();

    let user = raw_id(&member.id);
    app.wait_for_count(
        "SELECT COUNT(*) FROM events WHERE kind = 'RECOMMENDATION_IMPRESSION'",
        2,
    )
    .await;
    app.wait_for_count("SELECT COUNT(*) FROM recommendation_clicks", 1)
        .await;
    app.wait_for_count(
        "SELECT COUNT(*) FROM events WHERE kind = 'RECOMMENDATION_CLICK'",
        1,
    )
    .await;
    let stored: Vec<_> = all_events(&app)
        .await
        .into_iter()
        .filter(|e| e.kind.starts_with("RECOMMENDATION_"))
        .collect();
    for (i, item) in served.iter().enumerate() {
        let impression = stored
            .iter()
            .find(|e| {
                e.kind == "RECOMMENDATION_IMPRESSION"
                    && e.subject_id == Some(raw_id(item["course"]["id"].as_str().unwrap()))
            })
            .expect("an impression event per item");
        assert_eq!(impression.user_id, Some(user));
        assert_eq!(impression.subject_kind.as_deref(), Some("COURSE"));
        let props: Value = serde_json::from_str(impression.props.as_deref().unwrap()).unwrap();
        assert_eq!(
            props,
            json!({
                "impressionId": item["impressionId"],
                "surface": "COURSES",
                "modelId": null,
                "variant": "FALLBACK",
                "position": i + 1,
            })
        );
    }
    let click = stored
        .iter()
        .find(|e| e.kind == "RECOMMENDATION_CLICK")
        .unwrap();
    assert_eq!(click.user_id, Some(user));
    assert_eq!(
        click.subject_id,
        Some(raw_id(clicked["course"]["id"].as_str().unwrap()))
    );
    let props: Value = serde_json::from_str(click.props.as_deref().unwrap()).unwrap();
    assert_eq!(props["impressionId"], clicked["impressionId"]);
    assert_eq!(props["position"], 2);
    assert_eq!(props["surface"], "COURSES");
}
