//! Two disjoint interest communities (8 learners each, their own tagged
//! courses and threads), a model trained through `retrainRecommender`, and
//! recommendations, groups and people that follow the communities; a new
//! member gets the cold-start path; a signed-out reader gets results before
//! any model exists.

use std::collections::HashSet;
use std::time::Duration;

use lyceum_tests::{Session, TestApp, courses::TestCourse};
use serde_json::{Value, json};

use super::*;

const MEMBERS: usize = 8;

struct Community {
    creator: Session,
    learners: Vec<Session>,
    courses: Vec<TestCourse>,
    threads: Vec<String>,
}

impl Community {
    fn course_ids(&self) -> HashSet<String> {
        self.courses.iter().map(|c| c.id.clone()).collect()
    }

    fn usernames(&self) -> HashSet<String> {
        self.learners
            .iter()
            .chain([&self.creator])
            .map(|s| s.username.clone())
            .collect()
    }
}

/// Learner i enrols in every course but course i % 4 and bookmarks every
/// thread but thread i % 3: each has something left to discover.
/// `topics`: four course topics, then three thread topics, all the
/// community's own words (shared words such as "basics" would make the two
/// communities' texts alike and blur the structure the test is about).
async fn community(app: &TestApp, name: &str, tags: &[&str], topics: [&str; 7]) -> Community {
    let creator = app.creator(&format!("{name}_teacher")).await;
    let mut courses = Vec::new();
    for topic in &topics[..4] {
        courses.push(tagged_course(app, &creator, &format!("{name} {topic}"), tags).await);
    }
    let mut threads = Vec::new();
    for topic in &topics[4..] {
        threads.push(tagged_thread(app, &creator, None, &format!("{name} {topic}"), tags).await);
    }
    let learners = app.learners(&format!("{name}_learner"), MEMBERS).await;
    for (i, learner) in learners.iter().enumerate() {
        for (c, course) in courses.iter().enumerate() {
            if c != i % courses.len() {
                app.enrolled(learner, course).await;
            }
        }
        for (t, thread) in threads.iter().enumerate() {
            if t != i % threads.len() {
                bookmark(app, learner, thread).await;
            }
        }
    }
    Community {
        creator,
        learners,
        courses,
        threads,
    }
}

/// Trains through the API and waits until the new model serves.
async fn train(app: &TestApp, admin: &Session) -> String {
    train_kind(app, admin, "AUTO").await
}

async fn train_kind(app: &TestApp, admin: &Session, kind: &str) -> String {
    let run = app
        .gql_as(
            admin,
            &format!("mutation {{ retrainRecommender(kind: {kind}) {{ id status }} }}"),
            json!({}),
        )
        .await;
    let run_id = run.ok()["retrainRecommender"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut status = Value::Null;
    for _ in 0..600 {
        let training = app
            .gql_as(
                admin,
                "{ recommenderTraining { id status error } }",
                json!({}),
            )
            .await;
        status = training.ok()["recommenderTraining"].clone();
        if status["status"] != "RUNNING" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(status["status"], "READY", "{status}");
    // Activation reaches this instance's memory through the live bus.
    for _ in 0..100 {
        let groups = app
            .gql_as(admin, "{ interestGroups { modelId } }", json!({}))
            .await;
        if groups.ok()["interestGroups"]["modelId"] == run_id.as_str() {
            return run_id;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("model {run_id} never served");
}

async fn my_group(app: &TestApp, who: &Session) -> Value {
    app.gql_as(
        who,
        r#"{ myInterestGroup {
            label tags group { id size label }
            suggestedMembers { impressionId user { username } explanation { kind } }
            threadsToJoin { impressionId thread { id } explanation { kind relatedGroup { id } } }
        } }"#,
        json!({}),
    )
    .await
    .ok()["myInterestGroup"]
        .clone()
}

/// A latent-factor model scores the members it was trained on from their
/// factors, so a request reads only what rules courses out; that must
/// still catch an enrolment made after training.
#[tokio::test]
async fn a_factor_model_excludes_enrolments_made_after_training() {
    let app = TestApp::spawn().await;
    let admin = app.admin("als_admin").await;
    let rust = community(
        &app,
        "rust",
        &["rust", "systems"],
        [
            "ownership",
            "traits",
            "macros",
            "lifetimes",
            "borrowck",
            "clippy",
            "cargo",
        ],
    )
    .await;
    let cook = community(
        &app,
        "cook",
        &["cooking", "baking"],
        [
            "knives",
            "sauces",
            "bread",
            "pastry",
            "ovens",
            "spices",
            "sourdough",
        ],
    )
    .await;
    train_kind(&app, &admin, "ALS").await;

    let learner = &rust.learners[0];
    let enrolled: HashSet<&str> = rust.courses[1..].iter().map(|c| c.id.as_str()).collect();
    let before = courses_for(&app, Some(learner), 8).await;
    assert!(!before.is_empty());
    let model_reasons = ["SIMILAR_MEMBERS", "POPULAR_IN_YOUR_GROUP"];
    assert!(
        model_reasons.contains(&before[0]["explanation"]["kind"].as_str().unwrap()),
        "served by the model: {before:?}"
    );
    for item in &before {
        assert!(
            !enrolled.contains(item["course"]["id"].as_str().unwrap()),
            "{item}"
        );
    }
    let top = before[0]["course"]["id"].as_str().unwrap().to_owned();
    let course = rust
        .courses
        .iter()
        .chain(&cook.courses)
        .find(|c| c.id == top)
        .unwrap();
    app.enrolled(learner, course).await;
    let after = courses_for(&app, Some(learner), 8).await;
    assert!(
        after
            .iter()
            .all(|item| item["course"]["id"] != top.as_str()),
        "{after:?}"
    );
}

#[tokio::test]
async fn recommendations_and_groups_follow_two_interest_communities() {
    let app = TestApp::spawn().await;
    let admin = app.admin("rec_admin").await;

    let rust = community(
        &app,
        "rust",
        &["rust", "systems"],
        [
            "ownership",
            "traits",
            "macros",
            "lifetimes",
            "borrowck",
            "clippy",
            "cargo",
        ],
    )
    .await;
    let cook = community(
        &app,
        "cook",
        &["cooking", "baking"],
        [
            "knives",
            "sauces",
            "bread",
            "pastry",
            "ovens",
            "spices",
            "sourdough",
        ],
    )
    .await;

    // Before any model: a signed-out reader still gets courses and threads.
    let anonymous = courses_for(&app, None, 5).await;
    assert_eq!(anonymous.len(), 5);
    assert!(kinds(&anonymous).iter().all(|k| k == "POPULAR"));
    assert!(!threads_for(&app, None, 5).await.is_empty());

    let model_id = train(&app, &admin).await;

    // Each member's best course is the one course of their community they
    // have not taken, explained by what they did.
    for (own, other) in [(&rust, &cook), (&cook, &rust)] {
        for (i, learner) in own.learners.iter().enumerate() {
            let items = courses_for(&app, Some(learner), 4).await;
            let top = &items[0];
            assert_eq!(
                top["course"]["id"],
                own.courses[i % own.courses.len()].id.as_str(),
                "{}: {items:?}",
                learner.username
            );
            // The model's reasons (the member follows no tag).
            let kind = top["explanation"]["kind"].as_str().unwrap();
            assert_ne!(kind, "NEW_IN_FOLLOWED_TAG");
            assert!(!top["explanation"]["text"].as_str().unwrap().is_empty());
            if kind == "BECAUSE_YOU_ENROLLED" {
                let related = top["explanation"]["relatedCourse"]["id"].as_str().unwrap();
                assert!(own.course_ids().contains(related), "{top}");
            }
            // Nothing of their own community is left: the rest is the other's.
            for item in &items[1..] {
                let id = item["course"]["id"].as_str().unwrap();
                assert!(other.course_ids().contains(id), "{item}");
            }
            // The thread they have not bookmarked is their first thread.
            let threads = threads_for(&app, Some(learner), 1).await;
            assert_eq!(
                threads[0]["thread"]["id"],
                own.threads[i % own.threads.len()].as_str(),
                "{}: {threads:?}",
                learner.username
            );
        }
    }

    // Two communities, never in one group.
    let overview = app
        .gql_as(
            &admin,
            "{ interestGroups { modelId k silhouette groups { id size label tags points { x y } } } }",
            json!({}),
        )
        .await;
    let overview = &overview.ok()["interestGroups"];
    assert_eq!(overview["modelId"], model_id.as_str());
    let groups = overview["groups"].as_array().unwrap();
    assert!(groups.len() >= 2 && groups.len() == overview["k"].as_u64().unwrap() as usize);
    let plotted: usize = groups
        .iter()
        .map(|g| g["points"].as_array().unwrap().len())
        .sum();
    let sized: u64 = groups.iter().map(|g| g["size"].as_u64().unwrap()).sum();
    assert_eq!(
        plotted as u64, sized,
        "every member is plotted below the cap"
    );

    let mut rust_groups = HashSet::new();
    let mut cook_groups = HashSet::new();
    for (community, groups_seen, words) in [
        (&rust, &mut rust_groups, ["rust", "systems"]),
        (&cook, &mut cook_groups, ["cooking", "baking"]),
    ] {
        for learner in &community.learners {
            let mine = my_group(&app, learner).await;
            assert!(!mine.is_null(), "{} has a group", learner.username);
            groups_seen.insert(mine["group"]["id"].as_str().unwrap().to_owned());
            let tags: Vec<&str> = mine["tags"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap())
                .collect();
            assert!(
                !tags.is_empty() && tags.iter().all(|t| words.contains(t)),
                "{}: {tags:?}",
                learner.username
            );
            let label = mine["label"].as_str().unwrap();
            assert!(words.iter().any(|w| label.contains(w)), "{label}");
            for member in mine["suggestedMembers"].as_array().unwrap() {
                let name = member["user"]["username"].as_str().unwrap();
                assert!(community.usernames().contains(name), "{name}");
                assert_ne!(name, learner.username);
            }
            for thread in mine["threadsToJoin"].as_array().unwrap() {
                let id = thread["thread"]["id"].as_str().unwrap();
                assert!(community.threads.iter().any(|t| t == id), "{thread}");
                assert_eq!(thread["explanation"]["kind"], "POPULAR_IN_YOUR_GROUP");
            }
        }
    }
    assert!(
        rust_groups.is_disjoint(&cook_groups),
        "{rust_groups:?} {cook_groups:?}"
    );

    // People who learn what you learn.
    for (own, member) in [(&rust, &rust.learners[0]), (&cook, &cook.learners[3])] {
        let people = list(
            &app,
            Some(member),
            SIMILAR_USERS,
            "similarUsers",
            json!({ "first": 5 }),
        )
        .await;
        assert_eq!(people.len(), 5);
        for person in &people {
            let name = person["user"]["username"].as_str().unwrap();
            assert!(
                own.usernames().contains(name) && name != member.username,
                "{name}"
            );
            assert_eq!(person["explanation"]["kind"], "SIMILAR_MEMBERS");
        }
    }

    // Similar courses stay in their community.
    let similar = list(
        &app,
        None,
        SIMILAR_COURSES,
        "similarCourses",
        json!({ "id": rust.courses[0].id, "first": 3 }),
    )
    .await;
    assert_eq!(similar.len(), 3);
    for item in &similar {
        assert!(
            rust.course_ids()
                .contains(item["course"]["id"].as_str().unwrap())
        );
        assert_eq!(
            item["explanation"]["relatedCourse"]["id"],
            rust.courses[0].id.as_str()
        );
        let kind = item["explanation"]["kind"].as_str().unwrap();
        assert!(["ALSO_ENROLLED", "SIMILAR_TOPIC"].contains(&kind), "{kind}");
    }

    // Cold start: a brand-new member (declared interest) and one without.
    let newcomer = app.learner("rec_newcomer").await;
    app.gql_as(
        &newcomer,
        "mutation { updateProfile(input: { interests: [\"baking\"] }) { id } }",
        json!({}),
    )
    .await
    .ok();
    let fresh = courses_for(&app, Some(&newcomer), 6).await;
    assert_eq!(fresh.len(), 6);
    for item in &fresh[..4] {
        assert_eq!(item["explanation"]["kind"], "NEW_IN_FOLLOWED_TAG", "{item}");
        assert_eq!(item["explanation"]["relatedTag"], "baking");
        assert!(
            cook.course_ids()
                .contains(item["course"]["id"].as_str().unwrap())
        );
    }
    assert!(kinds(&fresh[4..]).iter().all(|k| k == "POPULAR"));
    let blank = app.learner("rec_blank").await;
    let popular = courses_for(&app, Some(&blank), 3).await;
    assert_eq!(popular.len(), 3);
    assert!(kinds(&popular).iter().all(|k| k == "POPULAR"));
    assert!(my_group(&app, &blank).await.is_null());

    // Changes after training apply at once: an archived course leaves the
    // lists, enrolments keep theirs out.
    let learner = &rust.learners[0];
    let archived = &rust.courses[0];
    app.gql_as(
        &rust.creator,
        "mutation($id: ID!) { archiveCourse(id: $id) { id } }",
        json!({ "id": archived.id }),
    )
    .await
    .ok();
    let after = ids(&courses_for(&app, Some(learner), 50).await, "course");
    assert!(!after.contains(&archived.id), "{after:?}");
    for taken in &rust.courses[1..] {
        assert!(!after.contains(&taken.id), "enrolled: {after:?}");
    }

    // The served lists were recorded against the model.
    let stats = stats_until(&app, &admin, |s| {
        s["byModel"].as_array().is_some_and(|rows| {
            rows.iter()
                .any(|r| r["modelId"] == model_id.as_str() && r["variant"] == "CONTROL")
        })
    })
    .await;
    assert!(
        stats["bySurface"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["surface"] == "COURSES"
                && r["modelId"] == model_id.as_str()
                && r["impressions"].as_i64().unwrap() > 0),
        "{stats}"
    );
}
