//! Certification: staff certify creators in existing tags and revoke it;
//! every grant and revocation stays in the log with its actor, and refused
//! or losing writes leave no row.

use entity::{certification_tags, certifications, users};
use futures_util::future::join_all;
use lyceum::{
    clock::Clock,
    error::ErrorCode,
    graphql::ids::{self, NodeKind},
    services::tags,
};
use lyceum_tests::{GqlResponse, Session, TestApp, community::raw_id};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};

const FIELDS: &str = "id tags note grantedAt grantedBy { username } revokedAt \
                      revokedBy { username } revokeReason inForce";

fn certify_query() -> String {
    format!(
        "mutation C($user: ID!, $tags: [String!]!, $note: String) {{
           certifyCreator(userId: $user, tags: $tags, note: $note) {{ {FIELDS} }}
         }}"
    )
}

fn revoke_query() -> String {
    format!(
        "mutation R($user: ID!, $reason: String!) {{
           revokeCertification(userId: $user, reason: $reason) {{ {FIELDS} }}
         }}"
    )
}

fn history_query() -> String {
    format!("query H($user: ID!) {{ certifications(userId: $user) {{ {FIELDS} }} }}")
}

const PROFILE: &str = "query P($id: ID!) { user(id: $id) { certifiedAt } }";

async fn certify(app: &TestApp, staff: &Session, user: &Session, tags: &[&str]) -> GqlResponse {
    app.gql_as(
        staff,
        &certify_query(),
        json!({ "user": user.id, "tags": tags, "note": null }),
    )
    .await
}

async fn certify_with_note(app: &TestApp, staff: &Session, user: &Session, tags: &[&str]) -> Value {
    let response = app
        .gql_as(
            staff,
            &certify_query(),
            json!({ "user": user.id, "tags": tags, "note": " Teaches databases well " }),
        )
        .await;
    response.ok()["certifyCreator"].clone()
}

async fn revoke(app: &TestApp, staff: &Session, user: &Session, reason: &str) -> GqlResponse {
    app.gql_as(
        staff,
        &revoke_query(),
        json!({ "user": user.id, "reason": reason }),
    )
    .await
}

async fn history(app: &TestApp, staff: &Session, user: &Session) -> Vec<Value> {
    app.gql_as(staff, &history_query(), json!({ "user": user.id }))
        .await
        .ok()["certifications"]
        .as_array()
        .unwrap()
        .clone()
}

/// Makes tags exist (certification never creates them).
async fn existing_tags(app: &TestApp, names: &[&str]) {
    let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
    tags::ensure(&app.db, &names, app.clock.now())
        .await
        .unwrap();
}

async fn certified_at(app: &TestApp, user: &Session) -> Option<chrono::DateTime<chrono::Utc>> {
    users::Entity::find_by_id(raw_id(&user.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .certified_at
}

/// (certification rows, of which in force, certification-tag rows).
async fn rows(app: &TestApp) -> (u64, u64, u64) {
    let all = certifications::Entity::find().all(&app.db).await.unwrap();
    let in_force = all.iter().filter(|c| c.revoked_at.is_none()).count() as u64;
    let links = certification_tags::Entity::find()
        .count(&app.db)
        .await
        .unwrap();
    (all.len() as u64, in_force, links)
}

#[tokio::test]
async fn a_grant_and_its_revocation_are_logged_with_their_actors() {
    let app = TestApp::spawn().await;
    let moderator = app.moderator("granter").await;
    let admin = app.admin("revoker").await;
    let creator = app.creator("expert").await;
    existing_tags(&app, &["rust", "sql"]).await;

    let granted = certify_with_note(&app, &moderator, &creator, &[" SQL", "Rust"]).await;
    assert_eq!(granted["tags"], json!(["rust", "sql"]));
    assert_eq!(granted["note"], "Teaches databases well");
    assert_eq!(granted["grantedBy"]["username"], "granter");
    assert_eq!(granted["inForce"], true);
    assert!(granted["revokedAt"].is_null() && granted["revokedBy"].is_null());

    // The profile shows it, to anyone; `users.certified_at` is the grant's time.
    let profile = app.gql(PROFILE, json!({ "id": creator.id })).await;
    assert!(profile.ok()["user"]["certifiedAt"].is_string());
    let record = certifications::Entity::find().one(&app.db).await.unwrap();
    assert_eq!(
        certified_at(&app, &creator).await,
        Some(record.unwrap().granted_at)
    );
    assert_eq!(rows(&app).await, (1, 1, 2));

    // A second grant while one is in force: CONFLICT, nothing written.
    let again = certify(&app, &admin, &creator, &["rust"]).await;
    assert_eq!(
        again.expect_code(ErrorCode::Conflict)["extensions"]["field"],
        "userId"
    );
    assert_eq!(rows(&app).await, (1, 1, 2));

    let revoked = revoke(&app, &admin, &creator, "  Plagiarised a course ").await;
    let revoked = &revoked.ok()["revokeCertification"];
    assert_eq!(revoked["inForce"], false);
    assert_eq!(revoked["revokedBy"]["username"], "revoker");
    assert_eq!(revoked["revokeReason"], "Plagiarised a course");
    assert_eq!(revoked["tags"], json!(["rust", "sql"]));
    assert_eq!(certified_at(&app, &creator).await, None);
    let profile = app.gql(PROFILE, json!({ "id": creator.id })).await;
    assert!(profile.ok()["user"]["certifiedAt"].is_null());

    // Nothing left in force: a second revocation is NOT_FOUND.
    revoke(&app, &admin, &creator, "again")
        .await
        .expect_code(ErrorCode::NotFound);

    // Certified again later: the log keeps both, newest first, with actors.
    certify(&app, &admin, &creator, &["rust"]).await.ok();
    assert!(certified_at(&app, &creator).await.is_some());
    let log = history(&app, &moderator, &creator).await;
    assert_eq!(log.len(), 2, "{log:?}");
    assert_eq!(log[0]["inForce"], true);
    assert_eq!(log[0]["tags"], json!(["rust"]));
    assert_eq!(log[0]["grantedBy"]["username"], "revoker");
    assert_eq!(log[1]["inForce"], false);
    assert_eq!(log[1]["grantedBy"]["username"], "granter");
    assert_eq!(log[1]["revokedBy"]["username"], "revoker");
    assert_eq!(log[1]["revokeReason"], "Plagiarised a course");
    assert_eq!(log[1]["note"], "Teaches databases well");
    assert_eq!(rows(&app).await, (2, 1, 3));
}

#[tokio::test]
async fn refused_certifications_and_revocations_write_nothing() {
    let app = TestApp::spawn().await;
    let staff = app.moderator("staff").await;
    let creator = app.creator("maker").await;
    let learner = app.learner("reader").await;
    existing_tags(&app, &["rust"]).await;
    let tag_count = || async { entity::tags::Entity::find().count(&app.db).await.unwrap() };
    let tags_before = tag_count().await;

    let field = |response: &GqlResponse, code| {
        response.expect_code(code)["extensions"]["field"]
            .as_str()
            .map(str::to_owned)
    };
    let not_creator = certify(&app, &staff, &learner, &["rust"]).await;
    assert_eq!(
        field(&not_creator, ErrorCode::BadUserInput).as_deref(),
        Some("userId")
    );
    let no_tags = certify(&app, &staff, &creator, &[]).await;
    assert_eq!(
        field(&no_tags, ErrorCode::BadUserInput).as_deref(),
        Some("tags")
    );
    let unknown = certify(&app, &staff, &creator, &["rust", "cobol"]).await;
    let error = unknown.expect_code(ErrorCode::BadUserInput);
    assert_eq!(error["extensions"]["field"], "tags");
    assert!(
        error["message"].as_str().unwrap().contains("cobol"),
        "{error}"
    );
    let eleven: Vec<String> = (0..11).map(|i| format!("t{i}")).collect();
    let eleven: Vec<&str> = eleven.iter().map(String::as_str).collect();
    let too_many = certify(&app, &staff, &creator, &eleven).await;
    assert_eq!(
        field(&too_many, ErrorCode::BadUserInput).as_deref(),
        Some("tags")
    );
    let long_note = app
        .gql_as(
            &staff,
            &certify_query(),
            json!({ "user": creator.id, "tags": ["rust"], "note": "x".repeat(1_001) }),
        )
        .await;
    assert_eq!(
        field(&long_note, ErrorCode::BadUserInput).as_deref(),
        Some("note")
    );
    let nobody = ids::encode(NodeKind::User, 999_999);
    let nobody = app
        .gql_as(
            &staff,
            &certify_query(),
            json!({ "user": nobody, "tags": ["rust"] }),
        )
        .await;
    nobody.expect_code(ErrorCode::NotFound);
    // Not staff, including the creator themself.
    for outsider in [&creator, &learner] {
        certify(&app, outsider, &creator, &["rust"])
            .await
            .expect_code(ErrorCode::Forbidden);
    }
    app.gql(
        &certify_query(),
        json!({ "user": creator.id, "tags": ["rust"] }),
    )
    .await
    .expect_code(ErrorCode::Unauthenticated);

    // Revocations of nothing, without a reason, or by non-staff.
    revoke(&app, &staff, &creator, "no reason to")
        .await
        .expect_code(ErrorCode::NotFound);
    certify(&app, &staff, &creator, &["rust"]).await.ok();
    let blank = revoke(&app, &staff, &creator, "   ").await;
    assert_eq!(
        field(&blank, ErrorCode::BadUserInput).as_deref(),
        Some("reason")
    );
    revoke(&app, &creator, &creator, "I quit")
        .await
        .expect_code(ErrorCode::Forbidden);
    app.gql_as(&learner, &history_query(), json!({ "user": creator.id }))
        .await
        .expect_code(ErrorCode::Forbidden);

    // Only the one accepted grant was written; no tag was created.
    assert_eq!(rows(&app).await, (1, 1, 1));
    assert!(certified_at(&app, &creator).await.is_some());
    assert_eq!(certified_at(&app, &learner).await, None);
    assert_eq!(tag_count().await, tags_before);
}

#[tokio::test]
async fn concurrent_grants_and_revocations_each_happen_once() {
    let app = TestApp::spawn().await;
    let staff = app.admin("boss").await;
    let creator = app.creator("contested").await;
    existing_tags(&app, &["rust", "sql"]).await;

    let grants = (0..10).map(|_| certify(&app, &staff, &creator, &["rust", "sql"]));
    let responses = join_all(grants).await;
    let won = responses.iter().filter(|r| r.errors().is_empty()).count();
    let conflicts = responses
        .iter()
        .filter(|r| r.code() == Some(ErrorCode::Conflict))
        .count();
    assert_eq!((won, conflicts), (1, 9), "{responses:?}");
    // Exactly the winner's row and its two tags: the losers left nothing.
    assert_eq!(rows(&app).await, (1, 1, 2));

    let revocations = (0..10).map(|i| {
        let (app, staff, creator) = (&app, &staff, &creator);
        async move { revoke(app, staff, creator, &format!("reason {i}")).await }
    });
    let responses = join_all(revocations).await;
    let won = responses.iter().filter(|r| r.errors().is_empty()).count();
    let missing = responses
        .iter()
        .filter(|r| r.code() == Some(ErrorCode::NotFound))
        .count();
    assert_eq!((won, missing), (1, 9), "{responses:?}");
    assert_eq!(rows(&app).await, (1, 0, 2));
    assert_eq!(certified_at(&app, &creator).await, None);
}

#[tokio::test]
async fn many_users_certifications_load_in_one_batch() {
    // Without the shared cache, so every relation really is loaded.
    let app = TestApp::spawn_with(|settings| settings.shared_cache_ttl_ms = 0).await;
    let staff = app.moderator("batcher").await;
    existing_tags(&app, &["rust"]).await;
    let mut creators = Vec::new();
    for i in 0..6 {
        let creator = app.creator(&format!("creator{i}")).await;
        certify(&app, &staff, &creator, &["rust"]).await.ok();
        creators.push(creator);
    }
    let query = |count: usize| {
        let fields: String = creators[..count]
            .iter()
            .enumerate()
            .map(|(i, c)| {
                format!(
                    "u{i}: certifications(userId: \"{}\") {{ tags grantedBy {{ username }} }} ",
                    c.id
                )
            })
            .collect();
        format!("{{ {fields} }}")
    };
    let mut costs = Vec::new();
    for count in [1, 6] {
        let before = app.statements_sent().await;
        let response = app.gql_as(&staff, &query(count), json!({})).await;
        assert_eq!(response.ok().as_object().unwrap().len(), count);
        costs.push(app.statements_sent().await - before);
    }
    assert_eq!(
        costs[0], costs[1],
        "statements for 1 and 6 users: {costs:?}"
    );
}
