//! Without a model: the fallback serves everyone, exclusions hold, course
//! threads stay with their members, bad input and access are refused.

use lyceum::{
    error::ErrorCode,
    graphql::ids::{self, NodeKind},
};
use lyceum_tests::TestApp;
use serde_json::json;

use super::*;

#[tokio::test]
async fn the_fallback_excludes_own_enrolled_refunded_draft_and_archived_courses() {
    let app = TestApp::spawn().await;
    let alice = app.creator("rec_alice").await;
    let bob = app.creator("rec_bob").await;
    let learner = app.learner("rec_learner").await;

    let own = tagged_course(&app, &alice, "Alice published", &["rust"]).await;
    let draft = app.draft_course(&alice, "Alice draft", 0).await;
    let enrolled = tagged_course(&app, &bob, "Bob enrolled", &["rust"]).await;
    let refunded = tagged_course(&app, &bob, "Bob refunded", &["rust"]).await;
    let open = tagged_course(&app, &bob, "Bob open", &["go"]).await;
    let archived = tagged_course(&app, &bob, "Bob archived", &["rust"]).await;
    app.gql_as(
        &bob,
        "mutation($id: ID!) { archiveCourse(id: $id) { id status } }",
        json!({ "id": archived.id }),
    )
    .await
    .ok();
    app.enrolled(&learner, &enrolled).await;
    let refund = app.enrolled(&learner, &refunded).await;
    app.gql_as(
        &learner,
        "mutation($id: ID!) { refundEnrollment(enrollmentId: $id, reason: \"changed my mind\") { id } }",
        json!({ "id": refund }),
    )
    .await
    .ok();
    // A declared interest puts the tag's newest courses first.
    app.gql_as(
        &learner,
        "mutation { updateProfile(input: { interests: [\"rust\"] }) { id } }",
        json!({}),
    )
    .await
    .ok();

    let for_learner = courses_for(&app, Some(&learner), 50).await;
    let shown = ids(&for_learner, "course");
    assert_eq!(
        shown,
        vec![own.id.clone(), open.id.clone()],
        "{for_learner:?}"
    );
    assert_eq!(for_learner[0]["explanation"]["kind"], "NEW_IN_FOLLOWED_TAG");
    assert_eq!(for_learner[0]["explanation"]["relatedTag"], "rust");
    assert_eq!(for_learner[1]["explanation"]["kind"], "POPULAR");

    let for_alice = ids(&courses_for(&app, Some(&alice), 50).await, "course");
    for absent in [&own.id, &draft.id, &archived.id] {
        assert!(!for_alice.contains(absent), "{for_alice:?}");
    }
    assert!(for_alice.contains(&enrolled.id) && for_alice.contains(&open.id));

    // Signed out: popular courses, never a draft or an archived one.
    let anonymous = courses_for(&app, None, 50).await;
    assert_eq!(anonymous.len(), 4, "{anonymous:?}");
    assert!(kinds(&anonymous).iter().all(|k| k == "POPULAR"));
    assert_eq!(anonymous[0]["course"]["id"], enrolled.id.as_str());
    assert!(!ids(&anonymous, "course").contains(&draft.id));

    // `first` bounds the list.
    assert_eq!(courses_for(&app, None, 2).await.len(), 2);
    assert!(courses_for(&app, None, 0).await.is_empty());
}

#[tokio::test]
async fn course_threads_reach_only_members_and_nobody_gets_their_own() {
    let app = TestApp::spawn().await;
    let creator = app.creator("rec_teacher").await;
    let member = app.learner("rec_member").await;
    let outsider = app.learner("rec_outsider").await;
    let course = tagged_course(&app, &creator, "Members only", &["rust"]).await;
    app.enrolled(&member, &course).await;
    let inside = tagged_thread(
        &app,
        &creator,
        Some(&course.id),
        "Inside the course",
        &["rust"],
    )
    .await;
    let public = tagged_thread(&app, &creator, None, "Open to all", &["rust"]).await;
    let mine = tagged_thread(&app, &outsider, None, "The outsider asks", &["rust"]).await;
    let joined = tagged_thread(&app, &creator, None, "Already bookmarked", &["rust"]).await;
    bookmark(&app, &outsider, &joined).await;

    let for_member = ids(&threads_for(&app, Some(&member), 50).await, "thread");
    assert!(
        for_member.contains(&inside) && for_member.contains(&public),
        "{for_member:?}"
    );
    let for_outsider = ids(&threads_for(&app, Some(&outsider), 50).await, "thread");
    assert!(!for_outsider.contains(&inside), "{for_outsider:?}");
    assert!(!for_outsider.contains(&mine) && !for_outsider.contains(&joined));
    assert!(for_outsider.contains(&public));
    let anonymous = threads_for(&app, None, 50).await;
    assert!(!ids(&anonymous, "thread").contains(&inside));
    assert!(!anonymous.is_empty());
    assert!(kinds(&anonymous).iter().all(|k| k == "POPULAR"));

    // A published course is visible to anyone; its only neighbour would
    // be itself, which is never listed.
    let similar = list(
        &app,
        Some(&outsider),
        SIMILAR_COURSES,
        "similarCourses",
        json!({ "id": course.id, "first": 5 }),
    )
    .await;
    assert!(
        similar.is_empty(),
        "the only course is the course itself: {similar:?}"
    );
}

#[tokio::test]
async fn bad_input_and_access_are_refused() {
    let app = TestApp::spawn().await;
    let creator = app.creator("rec_maker").await;
    let learner = app.learner("rec_someone").await;
    let moderator = app.moderator("rec_mod").await;
    let draft = app.draft_course(&creator, "Hidden draft", 0).await;

    for (query, variables) in [
        (COURSES, json!({ "first": 101 })),
        (COURSES, json!({ "first": -1 })),
        (THREADS, json!({ "first": 101 })),
        (SIMILAR_USERS, json!({ "first": 101 })),
        (SIMILAR_COURSES, json!({ "id": draft.id, "first": 101 })),
    ] {
        expect(
            app.gql_as(&learner, query, variables.clone()).await,
            ErrorCode::BadUserInput,
            &format!("{variables}"),
        );
    }
    let unknown = ids::encode(NodeKind::Course, 987_654).0;
    for (case, id, code) in [
        ("unknown course", unknown.as_str(), ErrorCode::NotFound),
        (
            "someone else's draft",
            draft.id.as_str(),
            ErrorCode::NotFound,
        ),
        ("not an id", "nope", ErrorCode::BadUserInput),
    ] {
        let response = app
            .gql_as(&learner, SIMILAR_COURSES, json!({ "id": id, "first": 3 }))
            .await;
        expect(response, code, case);
    }
    // The creator sees their draft, so similar courses answer for it.
    app.gql_as(&creator, SIMILAR_COURSES, json!({ "id": draft.id }))
        .await
        .ok();

    for bad in ["", "42", "not-a-uuid"] {
        expect(
            app.gql_as(&learner, CLICK, json!({ "id": bad })).await,
            ErrorCode::BadUserInput,
            bad,
        );
    }

    let groups = "{ interestGroups { k } }";
    let stats = json!({ "from": "2026-01-01T00:00:00Z", "to": "2026-02-01T00:00:00Z" });
    expect(
        app.gql_as(&learner, groups, json!({})).await,
        ErrorCode::Forbidden,
        "groups",
    );
    expect(
        app.gql_as(&learner, STATS, stats.clone()).await,
        ErrorCode::Forbidden,
        "stats",
    );
    expect(
        app.gql(groups, json!({})).await,
        ErrorCode::Unauthenticated,
        "groups",
    );
    expect(
        app.gql(STATS, stats.clone()).await,
        ErrorCode::Unauthenticated,
        "stats",
    );
    expect(
        app.gql("{ myInterestGroup { label } }", json!({})).await,
        ErrorCode::Unauthenticated,
        "my group",
    );
    // Staff may; no model yet means no groups.
    assert_eq!(
        app.gql_as(&moderator, groups, json!({})).await.ok()["interestGroups"],
        Value::Null
    );
    assert_eq!(
        app.gql_as(&learner, "{ myInterestGroup { label } }", json!({}))
            .await
            .ok()["myInterestGroup"],
        Value::Null
    );
    let reversed = json!({ "from": "2026-02-01T00:00:00Z", "to": "2026-01-01T00:00:00Z" });
    expect(
        app.gql_as(&moderator, STATS, reversed).await,
        ErrorCode::BadUserInput,
        "reversed range",
    );
}
