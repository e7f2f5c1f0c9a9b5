//! Thread lists (orders, filters, pages), answer and comment pages, a
//! user's posts, bookmarks, follows and notifications, and what a thread
//! page costs in SQL statements.

use std::collections::HashSet;

use chrono::Duration;
use lyceum::{
    error::ErrorCode,
    graphql::ids::{NodeKind, encode},
};
use lyceum_tests::{GqlResponse, Session, TestApp, community::id_of};
use serde_json::{Value, json};

const LIST: &str = r#"query L($filter: ThreadFilter, $orderBy: ThreadOrderBy, $first: Int, $after: String) {
  threads(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    nodes { id title } pageInfo { hasNextPage endCursor }
  }
}"#;
const COUNTED_LIST: &str = r#"query L($filter: ThreadFilter, $orderBy: ThreadOrderBy, $first: Int, $after: String) {
  threads(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount nodes { id title } pageInfo { hasNextPage endCursor }
  }
}"#;
const NOTIFICATIONS: &str = r#"query N($unread: Boolean!) {
  unreadNotificationCount
  notifications(first: 50, unreadOnly: $unread) {
    totalCount
    nodes { id kind read actor { username } thread { title } answer { id } comment { id body } }
  }
}"#;
const ACCEPT: &str = "mutation($id: ID!) { acceptAnswer(answerId: $id) { id } }";
const FOLLOW: &str = "mutation($id: ID!) { follow(targetId: $id) }";
const UNFOLLOW: &str = "mutation($id: ID!) { unfollow(targetId: $id) }";
const FOLLOW_TAG: &str = "mutation($tag: String!) { followTag(tag: $tag) }";
const UNFOLLOW_TAG: &str = "mutation($tag: String!) { unfollowTag(tag: $tag) }";
const BOOKMARK: &str = "mutation($id: ID!) { bookmark(threadId: $id) { id viewerBookmarked } }";
const UNBOOKMARK: &str = "mutation($id: ID!) { unbookmark(threadId: $id) { id viewerBookmarked } }";
const MARK_READ: &str = "mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) }";
const MARK_ALL_READ: &str = "mutation { markAllNotificationsRead }";

/// Posts a thread; returns its id.
async fn thread(
    app: &TestApp,
    author: &Session,
    course: Option<&str>,
    kind: &str,
    title: &str,
    body: &str,
    tags: &[&str],
) -> String {
    let posted = app
        .post_thread(author, course, kind, title, body, tags)
        .await;
    id_of(&posted.ok()["createThread"])
}

/// A thread list as `viewer` (None: anonymous) asks for it.
async fn list(app: &TestApp, viewer: Option<&Session>, variables: Value) -> GqlResponse {
    app.gql_with(viewer.map(|s| s.access_token.as_str()), LIST, variables)
        .await
}

/// The titles of a thread list (one page of up to 100).
async fn titles(
    app: &TestApp,
    viewer: Option<&Session>,
    filter: Value,
    order: &str,
) -> Vec<String> {
    let page = list(
        app,
        viewer,
        json!({ "filter": filter, "orderBy": order, "first": 100 }),
    )
    .await;
    page.ok()["threads"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|node| node["title"].as_str().unwrap().to_owned())
        .collect()
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| (*v).to_owned()).collect()
}

/// Follows a list through all its pages of `first`; returns the ids in
/// order, checking `totalCount` and `hasNextPage` on the way.
async fn all_pages(
    app: &TestApp,
    viewer: &Session,
    filter: Value,
    order: &str,
    first: i64,
    expected_total: usize,
) -> Vec<String> {
    let mut ids = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = app
            .gql_as(
                viewer,
                COUNTED_LIST,
                json!({ "filter": filter, "orderBy": order, "first": first, "after": after }),
            )
            .await;
        let threads = &page.ok()["threads"];
        assert_eq!(threads["totalCount"], expected_total, "{order}");
        let nodes = threads["nodes"].as_array().unwrap();
        assert!(nodes.len() as i64 <= first);
        ids.extend(nodes.iter().map(id_of));
        if threads["pageInfo"]["hasNextPage"] == false {
            break;
        }
        assert_eq!(nodes.len() as i64, first, "a page before the last is full");
        after = Some(
            threads["pageInfo"]["endCursor"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
        assert!(ids.len() <= expected_total, "{order}: more pages than rows");
    }
    ids
}

/// (kind, actor username) of the viewer's notifications, newest first.
async fn notifications(app: &TestApp, who: &Session) -> Vec<(String, String)> {
    let told = app
        .gql_as(who, NOTIFICATIONS, json!({ "unread": false }))
        .await;
    told.ok()["notifications"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["kind"].as_str().unwrap().to_owned(),
                n["actor"]["username"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            )
        })
        .collect()
}

/// The kinds of the viewer's notifications, newest first.
async fn kinds(app: &TestApp, who: &Session) -> Vec<String> {
    notifications(app, who)
        .await
        .into_iter()
        .map(|(kind, _)| kind)
        .collect()
}

// ---- Orders ----

#[tokio::test]
async fn threads_are_listed_hot_new_top_and_active() {
    let app = TestApp::spawn().await;
    let alice = app.learner("alice").await;
    let bob = app.learner("bob").await;
    let voters = app.learners("voter", 3).await;
    let mut ids = Vec::new();
    for (i, title) in ["First", "Second", "Third", "Fourth"].iter().enumerate() {
        let author = if i % 2 == 0 { &alice } else { &bob };
        ids.push(app.question(author, title).await);
        app.clock.advance(Duration::hours(1));
    }
    let newest_first = strings(&["Fourth", "Third", "Second", "First"]);
    for order in ["NEW", "HOT", "TOP", "ACTIVE"] {
        // Without votes or activity every order is newest first (TOP's
        // ties go to the newest).
        assert_eq!(
            titles(&app, Some(&alice), json!({}), order).await,
            newest_first,
            "{order}"
        );
    }
    // HOT is the default.
    let default = list(&app, Some(&alice), json!({ "first": 10 })).await;
    assert_eq!(default.ok()["threads"]["nodes"][0]["title"], "Fourth");

    // First +3, Second −1, Third +1.
    for voter in &voters {
        app.vote(voter, &ids[0], "UP").await.ok();
    }
    app.vote(&voters[0], &ids[1], "DOWN").await.ok();
    app.vote(&voters[0], &ids[2], "UP").await.ok();
    assert_eq!(
        titles(&app, Some(&alice), json!({}), "TOP").await,
        strings(&["First", "Third", "Fourth", "Second"])
    );
    // log10(3) ≈ 0.48 is worth about six hours: First, three hours older
    // than Fourth, comes first; a score of 1 or −1 is worth nothing.
    assert_eq!(
        titles(&app, Some(&alice), json!({}), "HOT").await,
        strings(&["First", "Fourth", "Third", "Second"])
    );
    assert_eq!(
        titles(&app, Some(&alice), json!({}), "NEW").await,
        newest_first,
        "votes do not move NEW"
    );
    assert_eq!(
        titles(&app, Some(&alice), json!({}), "ACTIVE").await,
        newest_first,
        "votes are not activity"
    );

    // ACTIVE: a new answer, a comment on a thread, a comment on an answer.
    app.clock.advance(Duration::minutes(1));
    let answer = app.answer(&bob, &ids[0], "An answer to First").await;
    assert_eq!(
        titles(&app, Some(&alice), json!({}), "ACTIVE").await,
        strings(&["First", "Fourth", "Third", "Second"])
    );
    app.clock.advance(Duration::minutes(1));
    app.post_comment(&alice, &ids[1], "Bump").await.ok();
    assert_eq!(
        titles(&app, Some(&alice), json!({}), "ACTIVE").await,
        strings(&["Second", "First", "Fourth", "Third"])
    );
    app.clock.advance(Duration::minutes(1));
    app.post_comment(&alice, &answer, "Thanks").await.ok();
    let active = titles(&app, Some(&alice), json!({}), "ACTIVE").await;
    assert_eq!(active, strings(&["First", "Second", "Fourth", "Third"]));
    // lastActivityAt is what ACTIVE sorts by.
    let page = app
        .gql_as(
            &alice,
            "{ threads(orderBy: ACTIVE, first: 10) { nodes { lastActivityAt createdAt } } }",
            json!({}),
        )
        .await;
    let nodes = page.ok()["threads"]["nodes"].as_array().unwrap().clone();
    let times: Vec<chrono::DateTime<chrono::Utc>> = nodes
        .iter()
        .map(|n| n["lastActivityAt"].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "{times:?}");
    assert_ne!(nodes[0]["lastActivityAt"], nodes[0]["createdAt"]);
    assert_eq!(nodes[3]["lastActivityAt"], nodes[3]["createdAt"]);
}

// ---- Filters ----

#[tokio::test]
async fn filters_narrow_the_thread_list() {
    let app = TestApp::spawn().await;
    let creator = app.creator("teacher").await;
    let course = app.published_course(&creator, "Rust course", 0, 1).await;
    let member = app.learner("member").await;
    app.enrolled(&member, &course).await;
    let outsider = app.learner("outsider").await;
    let moderator = app.moderator("moderator").await;
    let alice = app.learner("alice").await;
    let bob = app.learner("bob").await;

    thread(
        &app,
        &member,
        Some(&course.id),
        "QUESTION",
        "Course question about borrowing",
        "Inside the course.",
        &["rust"],
    )
    .await;
    app.clock.advance(Duration::minutes(1));
    let lifetimes = thread(
        &app,
        &alice,
        None,
        "QUESTION",
        "How do lifetimes work",
        "I read the book twice.",
        &["Rust", "async"],
    )
    .await;
    app.clock.advance(Duration::minutes(1));
    thread(
        &app,
        &bob,
        None,
        "DISCUSSION",
        "个性化推荐算法入门",
        "讨论推荐系统的基础。",
        &["go"],
    )
    .await;
    app.clock.advance(Duration::minutes(1));
    thread(
        &app,
        &bob,
        None,
        "QUESTION",
        "Python packaging woes",
        "Nobody answers this one.",
        &["python"],
    )
    .await;
    app.answer(&bob, &lifetimes, "Scopes, roughly.").await;

    let all = strings(&[
        "Python packaging woes",
        "个性化推荐算法入门",
        "How do lifetimes work",
        "Course question about borrowing",
    ]);
    let community = all[..3].to_vec();
    let new = |filter: Value, viewer: &'static str| {
        let app = &app;
        let viewer = match viewer {
            "member" => Some(&member),
            "outsider" => Some(&outsider),
            "creator" => Some(&creator),
            "moderator" => Some(&moderator),
            _ => None,
        };
        async move { titles(app, viewer, filter, "NEW").await }
    };

    // Who sees course threads.
    assert_eq!(new(json!({}), "member").await, all);
    assert_eq!(new(json!({}), "creator").await, all);
    assert_eq!(new(json!({}), "moderator").await, all);
    assert_eq!(new(json!({}), "outsider").await, community);
    assert_eq!(new(json!({}), "anonymous").await, community);
    let course_only = json!({ "courseId": course.id });
    for viewer in ["member", "creator", "moderator"] {
        assert_eq!(
            new(course_only.clone(), viewer).await,
            ["Course question about borrowing"],
            "{viewer}"
        );
    }
    for viewer in [Some(&outsider), None] {
        list(&app, viewer, json!({ "filter": course_only }))
            .await
            .expect_code(ErrorCode::NotFound);
    }

    // Tags (any of them, normalised).
    assert_eq!(
        new(json!({ "tags": ["RUST"] }), "member").await,
        ["How do lifetimes work", "Course question about borrowing"]
    );
    assert_eq!(
        new(json!({ "tags": ["rust"] }), "outsider").await,
        ["How do lifetimes work"]
    );
    assert_eq!(
        new(json!({ "tags": ["go", "python"] }), "outsider").await,
        ["Python packaging woes", "个性化推荐算法入门"]
    );
    assert!(
        new(json!({ "tags": ["nothing"] }), "member")
            .await
            .is_empty()
    );

    // Author, kind, unanswered.
    assert_eq!(
        new(json!({ "authorId": bob.id }), "member").await,
        ["Python packaging woes", "个性化推荐算法入门"]
    );
    assert_eq!(
        new(json!({ "kind": "DISCUSSION" }), "member").await,
        ["个性化推荐算法入门"]
    );
    assert_eq!(
        new(json!({ "kind": "QUESTION" }), "outsider").await,
        ["Python packaging woes", "How do lifetimes work"]
    );
    assert_eq!(
        new(json!({ "unanswered": true }), "outsider").await,
        ["Python packaging woes", "个性化推荐算法入门"]
    );
    assert_eq!(
        new(json!({ "unanswered": false }), "outsider").await,
        community
    );

    // Search: English and 中文, in title, body or tags, every word.
    for (search, expected) in [
        ("lifetimes", vec!["How do lifetimes work"]),
        ("LIFETIMES", vec!["How do lifetimes work"]),
        ("book", vec!["How do lifetimes work"]),
        ("async", vec!["How do lifetimes work"]),
        ("推荐", vec!["个性化推荐算法入门"]),
        ("算法", vec!["个性化推荐算法入门"]),
        ("推荐 系统", vec!["个性化推荐算法入门"]),
        ("python packaging", vec!["Python packaging woes"]),
        ("python lifetimes", vec![]),
        ("borrowing", vec!["Course question about borrowing"]),
    ] {
        assert_eq!(
            new(json!({ "search": search }), "member").await,
            strings(&expected),
            "search {search:?}"
        );
    }
    assert!(
        new(json!({ "search": "borrowing" }), "outsider")
            .await
            .is_empty(),
        "search keeps course threads hidden"
    );

    // All conditions together.
    assert_eq!(
        new(
            json!({ "kind": "QUESTION", "tags": ["rust"], "unanswered": true }),
            "member"
        )
        .await,
        ["Course question about borrowing"]
    );
    assert_eq!(
        new(
            json!({ "courseId": course.id, "search": "lifetimes" }),
            "member"
        )
        .await,
        Vec::<String>::new()
    );
}

// ---- Pages ----

#[tokio::test]
async fn thread_pages_follow_one_another_without_gaps_or_repeats() {
    let app = TestApp::spawn().await;
    let authors = app.learners("author", 2).await;
    let voters = app.learners("voter", 3).await;
    let reader = app.learner("reader").await;
    let mut ids = Vec::new();
    for i in 0..23 {
        let tags: &[&str] = if i % 3 == 0 { &["paged"] } else { &[] };
        let posted = thread(
            &app,
            &authors[i % 2],
            None,
            "QUESTION",
            &format!("Thread {i:02}"),
            "Body",
            tags,
        )
        .await;
        ids.push(posted);
        if i % 5 == 0 {
            // Some share a creation second (so a HOT rank), some do not.
            app.clock.advance(Duration::minutes(7));
        }
    }
    // Ties in TOP, and activity for ACTIVE.
    for (i, id) in ids.iter().enumerate() {
        for voter in voters.iter().take(i % 3) {
            app.vote(voter, id, if i % 2 == 0 { "UP" } else { "DOWN" })
                .await
                .ok();
        }
        if i % 4 == 1 {
            app.answer(&reader, id, "Some activity").await;
        }
    }

    for order in ["HOT", "NEW", "TOP", "ACTIVE"] {
        let whole = all_pages(&app, &reader, json!({}), order, 100, 23).await;
        let unique: HashSet<&String> = whole.iter().collect();
        assert_eq!(unique.len(), 23, "{order}");
        for first in [1, 5, 7] {
            let paged = all_pages(&app, &reader, json!({}), order, first, 23).await;
            assert_eq!(paged, whole, "{order} in pages of {first}");
        }
        let filtered = json!({ "tags": ["paged"] });
        let whole = all_pages(&app, &reader, filtered.clone(), order, 100, 8).await;
        let paged = all_pages(&app, &reader, filtered, order, 3, 8).await;
        assert_eq!(paged, whole, "{order} filtered");
    }
    let new = all_pages(&app, &reader, json!({}), "NEW", 100, 23).await;
    let mut expected = ids.clone();
    expected.reverse();
    assert_eq!(new, expected);

    // A page of none still tells whether there are more.
    let empty = list(&app, Some(&reader), json!({ "first": 0 })).await;
    assert_eq!(empty.ok()["threads"]["nodes"], json!([]));
    assert_eq!(empty.ok()["threads"]["pageInfo"]["hasNextPage"], true);

    // Bad pages: BAD_USER_INPUT.
    let first_page = list(&app, Some(&reader), json!({ "orderBy": "NEW", "first": 2 })).await;
    let new_cursor = first_page.ok()["threads"]["pageInfo"]["endCursor"]
        .as_str()
        .unwrap()
        .to_owned();
    for variables in [
        json!({ "after": "garbage" }),
        json!({ "after": "" }),
        json!({ "orderBy": "TOP", "after": new_cursor }),
        json!({ "first": 101 }),
        json!({ "first": -1 }),
    ] {
        let refused = list(&app, Some(&reader), variables.clone()).await;
        refused.expect_code(ErrorCode::BadUserInput);
        assert_eq!(refused.data(), &Value::Null, "{variables}");
    }
    let max = list(&app, Some(&reader), json!({ "first": 100 })).await;
    assert_eq!(max.ok()["threads"]["nodes"].as_array().unwrap().len(), 23);
}

const ANSWER_PAGE: &str = r#"query P($id: ID!, $first: Int, $after: String) { thread(id: $id) {
  answers(first: $first, after: $after) {
    totalCount nodes { id isAccepted score body } pageInfo { hasNextPage endCursor }
  }
} }"#;

#[tokio::test]
async fn answers_come_accepted_first_then_by_score_then_oldest() {
    let app = TestApp::spawn().await;
    let asker = app.learner("asker").await;
    let helpers = app.learners("helper", 5).await;
    let voters = app.learners("voter", 2).await;
    let thread_id = app.question(&asker, "Ranked answers").await;
    let mut a = Vec::new();
    for (i, helper) in helpers.iter().enumerate() {
        a.push(app.answer(helper, &thread_id, &format!("Answer {i}")).await);
    }
    // Scores: a0 0, a1 +2, a2 +1, a3 +2, a4 −1.
    for voter in &voters {
        app.vote(voter, &a[1], "UP").await.ok();
        app.vote(voter, &a[3], "UP").await.ok();
    }
    app.vote(&voters[0], &a[2], "UP").await.ok();
    app.vote(&voters[0], &a[4], "DOWN").await.ok();
    app.gql_as(&asker, ACCEPT, json!({ "id": a[4] })).await.ok();
    let expected = [&a[4], &a[1], &a[3], &a[2], &a[0]].map(String::as_str);

    let page = |first: i64, after: Option<String>| {
        let (app, asker, thread_id) = (&app, &asker, &thread_id);
        async move {
            let page = app
                .gql_as(
                    asker,
                    ANSWER_PAGE,
                    json!({ "id": thread_id, "first": first, "after": after }),
                )
                .await;
            page.ok()["thread"]["answers"].clone()
        }
    };
    let whole = page(10, None).await;
    assert_eq!(whole["totalCount"], 5);
    let nodes = whole["nodes"].as_array().unwrap();
    assert_eq!(nodes.iter().map(id_of).collect::<Vec<_>>(), expected);
    assert_eq!(nodes[0]["isAccepted"], true);
    assert_eq!(nodes[0]["score"], -1);

    // In pages of two (the cursor carries the accepted flag and score).
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let answers = page(2, after).await;
        assert_eq!(answers["totalCount"], 5);
        seen.extend(answers["nodes"].as_array().unwrap().iter().map(id_of));
        if answers["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = answers["pageInfo"]["endCursor"].as_str().map(str::to_owned);
    }
    assert_eq!(seen, expected);

    // A deleted answer keeps its place, without its body.
    app.gql_as(
        &helpers[3],
        "mutation($id: ID!) { deleteAnswer(id: $id) { id } }",
        json!({ "id": a[3] }),
    )
    .await
    .ok();
    let whole = page(10, None).await;
    let nodes = whole["nodes"].as_array().unwrap();
    assert_eq!(nodes.iter().map(id_of).collect::<Vec<_>>(), expected);
    assert_eq!(nodes[2]["body"], Value::Null);
    assert_eq!(nodes[1]["body"], "Answer 1");
}

const THREAD_COMMENTS: &str = r#"query C($id: ID!, $first: Int, $after: String) { thread(id: $id) {
  comments(first: $first, after: $after) {
    nodes { id body author { username } answer { id } } pageInfo { hasNextPage endCursor }
  }
} }"#;
const COUNTED_THREAD_COMMENTS: &str = r#"query C($id: ID!, $first: Int, $after: String) { thread(id: $id) {
  comments(first: $first, after: $after) {
    totalCount nodes { id body author { username } answer { id } } pageInfo { hasNextPage endCursor }
  }
} }"#;
const ANSWER_COMMENTS: &str = r#"query C($id: ID!, $first: Int, $after: String) { node(id: $id) { ... on Answer {
  comments(first: $first, after: $after) {
    nodes { id body author { username } answer { id } } pageInfo { hasNextPage endCursor }
  }
} } }"#;
const COUNTED_ANSWER_COMMENTS: &str = r#"query C($id: ID!, $first: Int, $after: String) { node(id: $id) { ... on Answer {
  comments(first: $first, after: $after) {
    totalCount nodes { id body author { username } answer { id } } pageInfo { hasNextPage endCursor }
  }
} } }"#;

/// Comment bodies page by page (pages of `first`). Without `totalCount` the
/// first page comes through the batch loader, with it from the database.
async fn comment_pages(
    app: &TestApp,
    viewer: &Session,
    target: &str,
    query: &str,
    first: i64,
) -> Vec<Vec<String>> {
    let mut pages = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let response = app
            .gql_as(
                viewer,
                query,
                json!({ "id": target, "first": first, "after": after }),
            )
            .await;
        let data = response.ok();
        let comments = if data["thread"].is_object() {
            &data["thread"]["comments"]
        } else {
            &data["node"]["comments"]
        };
        if query.contains("totalCount") {
            assert_eq!(comments["totalCount"], 5, "{comments}");
        }
        pages.push(
            comments["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["body"].as_str().unwrap().to_owned())
                .collect(),
        );
        if comments["pageInfo"]["hasNextPage"] == false {
            return pages;
        }
        after = comments["pageInfo"]["endCursor"]
            .as_str()
            .map(str::to_owned);
        assert!(pages.len() < 10, "too many pages");
    }
}

#[tokio::test]
async fn comments_are_oldest_first_in_pages_on_threads_and_answers() {
    let app = TestApp::spawn().await;
    let asker = app.learner("asker").await;
    let helper = app.learner("helper").await;
    let chatty = app.learners("chatty", 2).await;
    let thread_id = app.question(&asker, "Chatty thread").await;
    let answer_id = app.answer(&helper, &thread_id, "An answer").await;
    let other_thread = app.question(&asker, "Another thread").await;
    app.post_comment(&chatty[0], &other_thread, "Elsewhere")
        .await
        .ok();
    for i in 0..5 {
        let author = &chatty[i % 2];
        app.post_comment(author, &thread_id, &format!("On thread {i}"))
            .await
            .ok();
        app.post_comment(author, &answer_id, &format!("On answer {i}"))
            .await
            .ok();
    }
    let expected = |prefix: &str, sizes: &[usize]| -> Vec<Vec<String>> {
        let mut pages = Vec::new();
        let mut i = 0;
        for size in sizes {
            pages.push((i..i + size).map(|n| format!("{prefix} {n}")).collect());
            i += size;
        }
        pages
    };
    for (target, prefix, plain, counted) in [
        (
            &thread_id,
            "On thread",
            THREAD_COMMENTS,
            COUNTED_THREAD_COMMENTS,
        ),
        (
            &answer_id,
            "On answer",
            ANSWER_COMMENTS,
            COUNTED_ANSWER_COMMENTS,
        ),
    ] {
        for query in [plain, counted] {
            assert_eq!(
                comment_pages(&app, &asker, target, query, 2).await,
                expected(prefix, &[2, 2, 1]),
                "{prefix}"
            );
            assert_eq!(
                comment_pages(&app, &asker, target, query, 5).await,
                expected(prefix, &[5]),
                "{prefix}"
            );
            assert_eq!(
                comment_pages(&app, &asker, target, query, 20).await,
                expected(prefix, &[5]),
                "{prefix}"
            );
        }
    }
    // The thread's own comments leave out those on its answers.
    let page = app
        .gql_as(
            &asker,
            THREAD_COMMENTS,
            json!({ "id": thread_id, "first": 10 }),
        )
        .await;
    let nodes = page.ok()["thread"]["comments"]["nodes"]
        .as_array()
        .unwrap()
        .clone();
    assert!(nodes.iter().all(|n| n["answer"].is_null()));
    assert_eq!(nodes[1]["author"]["username"], "chatty1");
    let page = app
        .gql_as(
            &asker,
            ANSWER_COMMENTS,
            json!({ "id": answer_id, "first": 1 }),
        )
        .await;
    assert_eq!(
        page.ok()["node"]["comments"]["nodes"][0]["answer"]["id"],
        answer_id.as_str()
    );
    let counts = app.thread_as(Some(&asker), &thread_id).await;
    assert_eq!(counts.ok()["thread"]["commentCount"], 10);

    // A cursor of the thread's comments does not page the answer's.
    let first = app
        .gql_as(
            &asker,
            THREAD_COMMENTS,
            json!({ "id": thread_id, "first": 1 }),
        )
        .await;
    let cursor = first.ok()["thread"]["comments"]["pageInfo"]["endCursor"].clone();
    let answer_page = app
        .gql_as(
            &asker,
            ANSWER_COMMENTS,
            json!({ "id": answer_id, "first": 10, "after": cursor }),
        )
        .await;
    let bodies: Vec<&str> = answer_page.ok()["node"]["comments"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["body"].as_str().unwrap())
        .collect();
    assert!(
        bodies.iter().all(|b| b.starts_with("On answer")),
        "{bodies:?}"
    );
    app.gql_as(
        &asker,
        THREAD_COMMENTS,
        json!({ "id": thread_id, "after": "not-a-cursor" }),
    )
    .await
    .expect_code(ErrorCode::BadUserInput);
}

// ---- A user's posts ----

const USER_POSTS: &str = r#"query U($id: ID!) { user(id: $id) {
  threads(first: 10) { totalCount nodes { title } }
  answers(first: 10) { totalCount nodes { body thread { title } } }
} }"#;

fn titles_and_bodies(response: &GqlResponse) -> (Vec<String>, Vec<String>) {
    let user = &response.ok()["user"];
    let collect = |list: &Value, field: &str| -> Vec<String> {
        list["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n[field].as_str().unwrap().to_owned())
            .collect()
    };
    let threads = collect(&user["threads"], "title");
    let answers = collect(&user["answers"], "body");
    assert_eq!(user["threads"]["totalCount"], threads.len());
    assert_eq!(user["answers"]["totalCount"], answers.len());
    (threads, answers)
}

#[tokio::test]
async fn a_user_lists_their_threads_and_answers_newest_first() {
    let app = TestApp::spawn().await;
    let creator = app.creator("teacher").await;
    let course = app.published_course(&creator, "Members only", 0, 1).await;
    let alice = app.learner("alice").await;
    let bob = app.learner("bob").await;
    let outsider = app.learner("outsider").await;
    app.enrolled(&alice, &course).await;
    app.enrolled(&bob, &course).await;

    let first = app.question(&alice, "Alice first").await;
    let second = app.question(&alice, "Alice second").await;
    let inside = thread(
        &app,
        &alice,
        Some(&course.id),
        "QUESTION",
        "Alice in the course",
        "Members only.",
        &[],
    )
    .await;
    let doomed = app.question(&alice, "Alice deleted").await;
    app.gql_as(
        &alice,
        "mutation($id: ID!) { deleteThread(id: $id) { id } }",
        json!({ "id": doomed }),
    )
    .await
    .ok();
    app.question(&bob, "Bob's own").await;
    app.answer(&bob, &first, "Bob on first").await;
    app.answer(&bob, &second, "Bob on second").await;
    let deleted = app.answer(&bob, &second, "Bob deleted").await;
    app.gql_as(
        &bob,
        "mutation($id: ID!) { deleteAnswer(id: $id) { id } }",
        json!({ "id": deleted }),
    )
    .await
    .ok();
    app.answer(&bob, &inside, "Bob inside").await;
    app.answer(&alice, &first, "Alice answers herself").await;

    let as_member = app
        .gql_as(&bob, USER_POSTS, json!({ "id": alice.id }))
        .await;
    assert_eq!(
        titles_and_bodies(&as_member).0,
        ["Alice in the course", "Alice second", "Alice first"]
    );
    for viewer in [Some(&outsider), None] {
        let seen = app
            .gql_with(
                viewer.map(|s| s.access_token.as_str()),
                USER_POSTS,
                json!({ "id": alice.id }),
            )
            .await;
        assert_eq!(titles_and_bodies(&seen).0, ["Alice second", "Alice first"]);
    }

    let as_member = app
        .gql_as(&alice, USER_POSTS, json!({ "id": bob.id }))
        .await;
    let (threads, answers) = titles_and_bodies(&as_member);
    assert_eq!(threads, ["Bob's own"]);
    assert_eq!(answers, ["Bob inside", "Bob on second", "Bob on first"]);
    assert_eq!(
        as_member.ok()["user"]["answers"]["nodes"][1]["thread"]["title"],
        "Alice second"
    );
    let as_outsider = app
        .gql_as(&outsider, USER_POSTS, json!({ "id": bob.id }))
        .await;
    assert_eq!(
        titles_and_bodies(&as_outsider).1,
        ["Bob on second", "Bob on first"]
    );
}

// ---- Bookmarks ----

const MY_BOOKMARKS: &str = r#"query B($first: Int, $after: String) {
  myBookmarks(first: $first, after: $after) {
    totalCount nodes { id title viewerBookmarked } pageInfo { hasNextPage endCursor }
  }
}"#;

async fn bookmarked_titles(app: &TestApp, who: &Session) -> Vec<String> {
    let page = app.gql_as(who, MY_BOOKMARKS, json!({ "first": 50 })).await;
    let bookmarks = &page.ok()["myBookmarks"];
    let titles: Vec<String> = bookmarks["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            assert_eq!(n["viewerBookmarked"], true);
            n["title"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(bookmarks["totalCount"], titles.len());
    titles
}

#[tokio::test]
async fn bookmarks_are_kept_once_newest_first_until_removed() {
    let app = TestApp::spawn().await;
    let author = app.learner("author").await;
    let reader = app.learner("reader").await;
    let other = app.learner("other").await;
    let creator = app.creator("teacher").await;
    let course = app.published_course(&creator, "Private", 0, 1).await;
    let mut ids = Vec::new();
    for title in ["One", "Two", "Three"] {
        ids.push(app.question(&author, title).await);
    }
    let hidden = thread(
        &app,
        &creator,
        Some(&course.id),
        "DISCUSSION",
        "Course only",
        "Members.",
        &[],
    )
    .await;

    for id in [&ids[1], &ids[0], &ids[2]] {
        let saved = app.gql_as(&reader, BOOKMARK, json!({ "id": id })).await;
        assert_eq!(saved.ok()["bookmark"]["viewerBookmarked"], true);
        app.clock.advance(Duration::minutes(1));
    }
    // Twice is once, and keeps its place.
    app.gql_as(&reader, BOOKMARK, json!({ "id": ids[1] }))
        .await
        .ok();
    assert_eq!(
        bookmarked_titles(&app, &reader).await,
        ["Three", "One", "Two"]
    );
    assert!(bookmarked_titles(&app, &other).await.is_empty());
    let flags = app
        .gql_as(
            &other,
            "query($id: ID!) { thread(id: $id) { viewerBookmarked } }",
            json!({ "id": ids[0] }),
        )
        .await;
    assert_eq!(flags.ok()["thread"]["viewerBookmarked"], false);

    // Pages of one.
    let mut paged = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = app
            .gql_as(&reader, MY_BOOKMARKS, json!({ "first": 1, "after": after }))
            .await;
        let bookmarks = &page.ok()["myBookmarks"];
        paged.extend(
            bookmarks["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n["title"].as_str().unwrap().to_owned()),
        );
        if bookmarks["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = bookmarks["pageInfo"]["endCursor"]
            .as_str()
            .map(str::to_owned);
    }
    assert_eq!(paged, ["Three", "One", "Two"]);

    // Removing, twice is harmless.
    for _ in 0..2 {
        let removed = app
            .gql_as(&reader, UNBOOKMARK, json!({ "id": ids[0] }))
            .await;
        assert_eq!(removed.ok()["unbookmark"]["viewerBookmarked"], false);
    }
    assert_eq!(bookmarked_titles(&app, &reader).await, ["Three", "Two"]);
    // Bookmarked again: newest.
    app.gql_as(&reader, BOOKMARK, json!({ "id": ids[0] }))
        .await
        .ok();
    assert_eq!(
        bookmarked_titles(&app, &reader).await,
        ["One", "Three", "Two"]
    );

    // Not signed in, or not readable.
    app.gql(BOOKMARK, json!({ "id": ids[0] }))
        .await
        .expect_code(ErrorCode::Unauthenticated);
    app.gql(MY_BOOKMARKS, json!({}))
        .await
        .expect_code(ErrorCode::Unauthenticated);
    app.gql_as(&reader, BOOKMARK, json!({ "id": hidden }))
        .await
        .expect_code(ErrorCode::NotFound);
    app.gql_as(&reader, BOOKMARK, json!({ "id": reader.id }))
        .await
        .expect_code(ErrorCode::BadUserInput);
    assert_eq!(bookmarked_titles(&app, &reader).await.len(), 3);
}

// ---- Follows ----

#[tokio::test]
async fn following_a_thread_tells_of_its_new_answers_and_comments() {
    let app = TestApp::spawn().await;
    let author = app.learner("author").await;
    let fan = app.learner("fan").await;
    let helper = app.learner("helper").await;
    let chatty = app.learner("chatty").await;
    let thread_id = app.question(&author, "Followed thread").await;
    let follows = |who: &Session| {
        let (app, who, thread_id) = (&app, who.clone(), thread_id.clone());
        async move {
            let seen = app
                .gql_as(
                    &who,
                    "query($id: ID!) { thread(id: $id) { viewerFollows } }",
                    json!({ "id": thread_id }),
                )
                .await;
            seen.ok()["thread"]["viewerFollows"].as_bool().unwrap()
        }
    };
    assert!(!follows(&fan).await);
    for _ in 0..2 {
        let followed = app.gql_as(&fan, FOLLOW, json!({ "id": thread_id })).await;
        assert_eq!(followed.ok()["follow"], true);
    }
    assert!(follows(&fan).await);
    assert!(!follows(&author).await);

    let answer = app.answer(&helper, &thread_id, "An answer").await;
    app.post_comment(&chatty, &thread_id, "On the thread")
        .await
        .ok();
    app.post_comment(&chatty, &answer, "On the answer")
        .await
        .ok();
    assert_eq!(
        notifications(&app, &fan).await,
        [
            ("FOLLOWED_ACTIVITY".to_owned(), "chatty".to_owned()),
            ("FOLLOWED_ACTIVITY".to_owned(), "chatty".to_owned()),
            ("FOLLOWED_ACTIVITY".to_owned(), "helper".to_owned()),
        ]
    );
    // The author hears as the author; the answerer of comments on the answer.
    assert_eq!(kinds(&app, &author).await, ["NEW_COMMENT", "NEW_ANSWER"]);
    assert_eq!(kinds(&app, &helper).await, ["NEW_COMMENT"]);
    // A follower's own activity does not notify them.
    app.post_comment(&fan, &thread_id, "Me too").await.ok();
    assert_eq!(kinds(&app, &fan).await.len(), 3);

    for _ in 0..2 {
        let unfollowed = app.gql_as(&fan, UNFOLLOW, json!({ "id": thread_id })).await;
        assert_eq!(unfollowed.ok()["unfollow"], false);
    }
    assert!(!follows(&fan).await);
    app.answer(&helper, &thread_id, "Another answer").await;
    app.post_comment(&chatty, &thread_id, "Again").await.ok();
    assert_eq!(kinds(&app, &fan).await.len(), 3, "unfollowed: nothing new");
}

#[tokio::test]
async fn following_tags_and_users_tells_of_their_new_threads() {
    let app = TestApp::spawn().await;
    let writer = app.learner("writer").await;
    let fan = app.learner("fan").await;
    let stranger = app.learner("stranger").await;
    let post = |tags: &'static [&'static str], title: &'static str| {
        let (app, writer) = (&app, &writer);
        async move { thread(app, writer, None, "DISCUSSION", title, "Body", tags).await }
    };

    let followed = app
        .gql_as(&fan, FOLLOW_TAG, json!({ "tag": " Rust " }))
        .await;
    assert_eq!(followed.ok()["followTag"], "rust");
    app.gql_as(&fan, FOLLOW_TAG, json!({ "tag": "rust" }))
        .await
        .ok();
    app.gql_as(&fan, FOLLOW_TAG, json!({ "tag": "async" }))
        .await
        .ok();
    let tags = app.gql_as(&fan, "{ myFollowedTags }", json!({})).await;
    assert_eq!(tags.ok()["myFollowedTags"], json!(["async", "rust"]));

    post(&["rust", "async"], "Tagged twice").await;
    post(&["python"], "Other tag").await;
    post(&[], "No tag").await;
    assert_eq!(
        notifications(&app, &fan).await,
        [("FOLLOWED_ACTIVITY".to_owned(), "writer".to_owned())],
        "one notification for a thread with two followed tags"
    );
    let unfollowed = app
        .gql_as(&fan, UNFOLLOW_TAG, json!({ "tag": "RUST" }))
        .await;
    assert_eq!(unfollowed.ok()["unfollowTag"], "rust");
    let tags = app.gql_as(&fan, "{ myFollowedTags }", json!({})).await;
    assert_eq!(tags.ok()["myFollowedTags"], json!(["async"]));
    post(&["rust"], "Rust again").await;
    assert_eq!(kinds(&app, &fan).await.len(), 1);

    // Following a user: their new threads.
    let user_follows = |viewer: &Session| {
        let (app, viewer, writer_id) = (&app, viewer.clone(), writer.id.clone());
        async move {
            let seen = app
                .gql_as(
                    &viewer,
                    "query($id: ID!) { user(id: $id) { viewerFollows } }",
                    json!({ "id": writer_id }),
                )
                .await;
            seen.ok()["user"]["viewerFollows"].as_bool().unwrap()
        }
    };
    assert!(!user_follows(&fan).await);
    app.gql_as(&fan, FOLLOW, json!({ "id": writer.id }))
        .await
        .ok();
    assert!(user_follows(&fan).await);
    assert!(!user_follows(&stranger).await);
    post(&[], "Followed author").await;
    // Followed twice over (author and tag): told once.
    post(&["async"], "Author and tag").await;
    assert_eq!(
        kinds(&app, &fan).await,
        [
            "FOLLOWED_ACTIVITY",
            "FOLLOWED_ACTIVITY",
            "FOLLOWED_ACTIVITY"
        ]
    );
    app.gql_as(&fan, UNFOLLOW, json!({ "id": writer.id }))
        .await
        .ok();
    assert!(!user_follows(&fan).await);
    post(&[], "Not followed any more").await;
    assert_eq!(kinds(&app, &fan).await.len(), 3);
    assert!(kinds(&app, &stranger).await.is_empty());

    // Refusals.
    app.gql_as(&fan, FOLLOW, json!({ "id": fan.id }))
        .await
        .expect_code(ErrorCode::BadUserInput);
    let comment_on = app.question(&writer, "Commented").await;
    let comment = app.post_comment(&stranger, &comment_on, "Hi").await;
    let comment_id = id_of(&comment.ok()["createComment"]);
    app.gql_as(&fan, FOLLOW, json!({ "id": comment_id }))
        .await
        .expect_code(ErrorCode::BadUserInput);
    app.gql_as(
        &fan,
        FOLLOW,
        json!({ "id": encode(NodeKind::User, 999_999).0 }),
    )
    .await
    .expect_code(ErrorCode::NotFound);
    app.gql_as(
        &fan,
        FOLLOW,
        json!({ "id": encode(NodeKind::Thread, 999_999).0 }),
    )
    .await
    .expect_code(ErrorCode::NotFound);
    app.gql(FOLLOW, json!({ "id": writer.id }))
        .await
        .expect_code(ErrorCode::Unauthenticated);
    app.gql_as(&fan, FOLLOW_TAG, json!({ "tag": "   " }))
        .await
        .expect_code(ErrorCode::BadUserInput);
}

// ---- Notifications ----

#[tokio::test]
async fn notifications_tell_authors_answerers_and_mentioned_users_once_each() {
    let app = TestApp::spawn().await;
    let asker = app.learner("asker").await;
    let helper = app.learner("helper").await;
    let chatty = app.learner("chatty").await;
    let named = app.learner("named_one").await;
    let bystander = app.learner("bystander").await;

    let thread_id = thread(
        &app,
        &asker,
        None,
        "QUESTION",
        "Mentions",
        "Hey @named_one, and @asker (myself).",
        &[],
    )
    .await;
    assert_eq!(kinds(&app, &named).await, ["MENTION"]);
    assert!(kinds(&app, &asker).await.is_empty(), "never to the actor");

    // The author is answered (and named: still one notification); the
    // named user once however often named; unknown names nobody; the
    // actor never; an email address names no one.
    let answer_id = app
        .answer(
            &helper,
            &thread_id,
            "Thanks @asker! See @named_one and @NAMED_ONE, ask @nobody_here, \
             or me @helper; mail bystander@example.com.",
        )
        .await;
    let told = app
        .gql_as(&asker, NOTIFICATIONS, json!({ "unread": false }))
        .await;
    let nodes = told.ok()["notifications"]["nodes"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(nodes.len(), 1);
    assert_eq!(nodes[0]["kind"], "NEW_ANSWER");
    assert_eq!(nodes[0]["actor"]["username"], "helper");
    assert_eq!(nodes[0]["thread"]["title"], "Mentions");
    assert_eq!(nodes[0]["answer"]["id"], answer_id.as_str());
    assert_eq!(nodes[0]["comment"], Value::Null);
    assert_eq!(kinds(&app, &named).await, ["MENTION", "MENTION"]);
    assert!(kinds(&app, &helper).await.is_empty());
    assert!(kinds(&app, &bystander).await.is_empty());

    // Comments tell the post's author.
    app.post_comment(&chatty, &thread_id, "On the question")
        .await
        .ok();
    let on_answer = app
        .post_comment(&chatty, &answer_id, "On the answer, @bystander")
        .await;
    let comment_id = id_of(&on_answer.ok()["createComment"]);
    assert_eq!(kinds(&app, &asker).await, ["NEW_COMMENT", "NEW_ANSWER"]);
    let told = app
        .gql_as(&helper, NOTIFICATIONS, json!({ "unread": false }))
        .await;
    let node = &told.ok()["notifications"]["nodes"][0];
    assert_eq!(node["kind"], "NEW_COMMENT");
    assert_eq!(node["comment"]["id"], comment_id.as_str());
    assert_eq!(node["comment"]["body"], "On the answer, @bystander");
    assert_eq!(node["answer"]["id"], answer_id.as_str());
    assert_eq!(kinds(&app, &bystander).await, ["MENTION"]);

    // Accepting tells the answerer.
    app.gql_as(&asker, ACCEPT, json!({ "id": answer_id }))
        .await
        .ok();
    assert_eq!(
        notifications(&app, &helper).await[0],
        ("ANSWER_ACCEPTED".to_owned(), "asker".to_owned())
    );
    // Accepting what is already accepted tells no one again.
    app.gql_as(&asker, ACCEPT, json!({ "id": answer_id }))
        .await
        .ok();
    assert_eq!(
        kinds(&app, &helper).await,
        ["ANSWER_ACCEPTED", "NEW_COMMENT"]
    );
    // One row per recipient and event, all told.
    assert_eq!(app.number("SELECT COUNT(*) FROM notifications").await, 7);
}

#[tokio::test]
async fn course_thread_notifications_go_only_to_its_members() {
    let app = TestApp::spawn().await;
    let creator = app.creator("teacher").await;
    let course = app.published_course(&creator, "Closed room", 0, 1).await;
    let member = app.learner("member").await;
    let classmate = app.learner("classmate").await;
    app.enrolled(&member, &course).await;
    app.enrolled(&classmate, &course).await;
    let outsider = app.learner("outsider").await;
    let moderator = app.moderator("moderator").await;
    for who in [&outsider, &moderator, &classmate] {
        app.gql_as(who, FOLLOW_TAG, json!({ "tag": "secret" }))
            .await
            .ok();
    }
    app.gql_as(&outsider, FOLLOW, json!({ "id": member.id }))
        .await
        .ok();

    let thread_id = thread(
        &app,
        &member,
        Some(&course.id),
        "QUESTION",
        "Inside",
        "Ask @teacher, not @outsider.",
        &["secret"],
    )
    .await;
    assert_eq!(kinds(&app, &creator).await, ["MENTION"]);
    assert_eq!(kinds(&app, &classmate).await, ["FOLLOWED_ACTIVITY"]);
    assert_eq!(kinds(&app, &moderator).await, ["FOLLOWED_ACTIVITY"]);
    assert!(kinds(&app, &outsider).await.is_empty());

    // The outsider cannot follow the thread either, or answer to be told.
    app.gql_as(&outsider, FOLLOW, json!({ "id": thread_id }))
        .await
        .expect_code(ErrorCode::NotFound);
    app.gql_as(&classmate, FOLLOW, json!({ "id": thread_id }))
        .await
        .ok();
    app.answer(&creator, &thread_id, "Ask @outsider or @classmate")
        .await;
    assert_eq!(kinds(&app, &member).await, ["NEW_ANSWER"]);
    assert_eq!(
        kinds(&app, &classmate).await,
        ["MENTION", "FOLLOWED_ACTIVITY"],
        "mentioned and following: told once, as mentioned"
    );
    assert!(kinds(&app, &outsider).await.is_empty());
    // A community-wide thread with the tag does reach the outsider.
    thread(
        &app,
        &member,
        None,
        "DISCUSSION",
        "Outside",
        "Hi",
        &["secret"],
    )
    .await;
    assert_eq!(kinds(&app, &outsider).await, ["FOLLOWED_ACTIVITY"]);
}

#[tokio::test]
async fn notifications_are_read_by_id_or_all_at_once() {
    let app = TestApp::spawn().await;
    let asker = app.learner("asker").await;
    let other = app.learner("other").await;
    let helper = app.learner("helper").await;
    let thread_id = app.question(&asker, "Notify me").await;
    for i in 0..3 {
        app.answer(&helper, &thread_id, &format!("Answer {i}"))
            .await;
    }
    let others_thread = app.question(&other, "Notify them").await;
    app.answer(&helper, &others_thread, "Theirs").await;

    let read = |who: &Session, unread: bool| {
        let (app, who) = (&app, who.clone());
        async move {
            app.gql_as(&who, NOTIFICATIONS, json!({ "unread": unread }))
                .await
                .ok()
                .clone()
        }
    };
    let all = read(&asker, false).await;
    assert_eq!(all["unreadNotificationCount"], 3);
    assert_eq!(all["notifications"]["totalCount"], 3);
    let mine: Vec<String> = all["notifications"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(id_of)
        .collect();
    let theirs = id_of(&read(&other, false).await["notifications"]["nodes"][0]);

    // Mine are marked, theirs ignored; repeating changes nothing.
    let marked = app
        .gql_as(&asker, MARK_READ, json!({ "ids": [mine[0], theirs] }))
        .await;
    assert_eq!(marked.ok()["markNotificationsRead"], 1);
    let again = app
        .gql_as(&asker, MARK_READ, json!({ "ids": [mine[0]] }))
        .await;
    assert_eq!(again.ok()["markNotificationsRead"], 0);
    assert_eq!(read(&other, false).await["unreadNotificationCount"], 1);
    let unread = read(&asker, true).await;
    assert_eq!(unread["unreadNotificationCount"], 2);
    assert_eq!(unread["notifications"]["totalCount"], 2);
    let unread_ids: Vec<String> = unread["notifications"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(id_of)
        .collect();
    assert_eq!(unread_ids, mine[1..]);
    let all = read(&asker, false).await;
    let flags: Vec<&Value> = all["notifications"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| &n["read"])
        .collect();
    assert_eq!(flags, [true, false, false]);

    // Too many at once, or not notification IDs: BAD_USER_INPUT, nothing marked.
    let many: Vec<String> = (1..=101)
        .map(|i| encode(NodeKind::Notification, i).0)
        .collect();
    app.gql_as(&asker, MARK_READ, json!({ "ids": many }))
        .await
        .expect_code(ErrorCode::BadUserInput);
    app.gql_as(&asker, MARK_READ, json!({ "ids": [mine[1], thread_id] }))
        .await
        .expect_code(ErrorCode::BadUserInput);
    assert_eq!(read(&asker, true).await["unreadNotificationCount"], 2);
    let hundred: Vec<String> = many[..100].to_vec();
    let marked = app
        .gql_as(&asker, MARK_READ, json!({ "ids": hundred }))
        .await;
    // IDs 1 to 100 hold all four notifications: only the asker's unread two change.
    assert_eq!(marked.ok()["markNotificationsRead"], 2);

    // All at once.
    let helper_answer = app.answer(&helper, &thread_id, "One more").await;
    assert!(!helper_answer.is_empty());
    let before = read(&asker, true).await["unreadNotificationCount"]
        .as_u64()
        .unwrap();
    let all_read = app.gql_as(&asker, MARK_ALL_READ, json!({})).await;
    assert_eq!(all_read.ok()["markAllNotificationsRead"], before);
    let after = read(&asker, true).await;
    assert_eq!(after["unreadNotificationCount"], 0);
    assert_eq!(after["notifications"]["nodes"], json!([]));
    assert_eq!(read(&asker, false).await["notifications"]["totalCount"], 4);
    let again = app.gql_as(&asker, MARK_ALL_READ, json!({})).await;
    assert_eq!(again.ok()["markAllNotificationsRead"], 0);
    assert_eq!(read(&other, true).await["unreadNotificationCount"], 1);

    for query in [MARK_ALL_READ, "{ unreadNotificationCount }"] {
        app.gql(query, json!({}))
            .await
            .expect_code(ErrorCode::Unauthenticated);
    }
}

// ---- Statements per page ----

/// A thread page. The users loader is asked only at two fixed depths (the
/// answers' authors, then their comments' authors): asked from branches that
/// race (the thread's author, its comments' authors), whether two requests
/// share a batch would depend on timing, and so would the count.
const THREAD_PAGE: &str = r#"query T($id: ID!) { thread(id: $id) {
  title body viewerVote
  comments(first: 5) { nodes { body } }
  answers(first: 50) { nodes {
    id body viewerVote author { username }
    comments(first: 2) { nodes { body author { username } } }
  } }
} }"#;

/// SQL statements of one thread page (50 answers with their authors,
/// first comments and the viewer's votes, plus the thread's comments) for
/// threads of each size, each read twice.
async fn thread_page_costs(sizes: [usize; 2]) -> Vec<u64> {
    // Without the shared cache, so every relation really is loaded.
    let app = TestApp::spawn_with(|settings| settings.shared_cache_ttl_ms = 0).await;
    let asker = app.learner("asker").await;
    let viewer = app.learner("viewer").await;
    let answerers = app.learners("answerer", 10).await;
    let commenters = app.learners("commenter", 3).await;
    let mut threads = Vec::new();
    for size in sizes {
        let thread_id = app.question(&asker, &format!("{size} answers")).await;
        for commenter in &commenters {
            app.post_comment(commenter, &thread_id, "On the thread")
                .await
                .ok();
        }
        for i in 0..size {
            let answer = app
                .answer(&answerers[i % 10], &thread_id, &format!("Answer {i}"))
                .await;
            for j in 0..2 {
                app.post_comment(&commenters[(i + j) % 3], &answer, "A comment")
                    .await
                    .ok();
            }
            if i % 2 == 0 {
                app.vote(&viewer, &answer, "UP").await.ok();
            }
        }
        app.vote(&viewer, &thread_id, "DOWN").await.ok();
        threads.push((size, thread_id));
    }

    let mut costs = Vec::new();
    for (size, thread_id) in threads.iter().chain(threads.iter()) {
        let before = app.statements_sent().await;
        let page = app
            .gql_as(&viewer, THREAD_PAGE, json!({ "id": thread_id }))
            .await;
        costs.push(app.statements_sent().await - before);
        let thread = &page.ok()["thread"];
        assert_eq!(thread["viewerVote"], "DOWN");
        assert_eq!(thread["comments"]["nodes"].as_array().unwrap().len(), 3);
        let answers = thread["answers"]["nodes"].as_array().unwrap();
        assert_eq!(answers.len(), *size);
        for answer in answers {
            let comments = answer["comments"]["nodes"].as_array().unwrap();
            assert_eq!(comments.len(), 2);
            assert_ne!(
                comments[0]["author"]["username"],
                comments[1]["author"]["username"]
            );
            assert!(answer["author"]["username"].is_string());
        }
        let up = answers.iter().filter(|a| a["viewerVote"] == "UP").count();
        assert_eq!(up, size.div_ceil(2));
    }
    costs
}

#[tokio::test]
async fn a_thread_page_costs_the_same_statements_whatever_its_size() {
    // 30 answers: the largest list async-graphql resolves in one pass (see
    // the test below for more).
    let costs = thread_page_costs([5, 30]).await;
    assert!(
        costs.iter().all(|cost| *cost == costs[0]),
        "statements for 5, 30, 5 and 30 answers: {costs:?}"
    );
    assert!(costs[0] <= 12, "{costs:?}");
}

/// Past 30 items a list is polled 32 items per turn of the executor; the
/// loaders' batches wait for the whole page (see `BATCH_WAIT_YIELDS`).
#[tokio::test]
async fn a_page_of_fifty_answers_costs_what_a_page_of_five_does() {
    let costs = thread_page_costs([5, 50]).await;
    assert!(
        costs.iter().all(|cost| *cost == costs[0]),
        "statements for 5, 50, 5 and 50 answers: {costs:?}"
    );
}
