//! `search`: one index over courses, threads and answers, in English
//! (stemmed) and 中文 (segmented), ranked, highlighted, paged, and scoped to
//! what the viewer may read.

use lyceum::error::ErrorCode;
use lyceum_tests::{TestApp, community::id_of};
use serde_json::{Value, json};

const SEARCH: &str = r#"query S($q: String!, $types: [SearchType!], $first: Int, $after: String) {
  search(query: $q, types: $types, first: $first, after: $after) {
    edges { cursor node {
      relevance titleHtml snippet
      item { __typename ... on Course { id title } ... on Thread { id title } ... on Answer { id } }
    } }
    pageInfo { hasNextPage endCursor }
  }
}"#;

fn titles(response: &Value) -> Vec<String> {
    response["search"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|edge| {
            let item = &edge["node"]["item"];
            match item["title"].as_str() {
                Some(title) => title.to_owned(),
                None => format!("{}:{}", item["__typename"].as_str().unwrap(), item["id"]),
            }
        })
        .collect()
}

#[tokio::test]
async fn english_is_stemmed_and_chinese_segmented() {
    let app = TestApp::spawn().await;
    let author = app.learner("writer").await;
    let reader = app.learner("reader").await;
    for (title, body, tags) in [
        (
            "Building a recommendation engine",
            "Collaborative filtering with ALS.",
            vec!["ml"],
        ),
        ("个性化推荐算法入门", "从协同过滤开始。", vec!["推荐系统"]),
        (
            "Borrow checker questions",
            "Why does it **recommend** clones?",
            vec!["rust"],
        ),
        ("深度学习入门", "卷积网络。", vec![]),
    ] {
        app.post_thread(&author, None, "QUESTION", title, body, &tags)
            .await
            .ok();
    }

    let found = app
        .gql_as(&reader, SEARCH, json!({ "q": "recommending" }))
        .await;
    let found = titles(found.ok());
    // The title match ranks above the body match.
    assert_eq!(
        found,
        [
            "Building a recommendation engine",
            "Borrow checker questions"
        ]
    );

    for query in ["推荐算法", "推荐", "算法"] {
        let found = app.gql(SEARCH, json!({ "q": query })).await;
        assert_eq!(titles(found.ok()), ["个性化推荐算法入门"], "{query}");
    }
    let found = app.gql(SEARCH, json!({ "q": "推荐系统" })).await;
    assert_eq!(
        titles(found.ok()),
        ["个性化推荐算法入门"],
        "tags are searched"
    );
    let found = app.gql(SEARCH, json!({ "q": "photography" })).await;
    assert!(titles(found.ok()).is_empty());

    let highlighted = app.gql(SEARCH, json!({ "q": "推荐" })).await;
    let node = &highlighted.ok()["search"]["edges"][0]["node"];
    assert!(
        node["titleHtml"]
            .as_str()
            .unwrap()
            .contains("<mark>推荐</mark>"),
        "{node}"
    );
}

#[tokio::test]
async fn results_span_kinds_follow_edits_and_page() {
    let app = TestApp::spawn().await;
    let creator = app.creator("teacher").await;
    let author = app.learner("asker").await;
    let helper = app.learner("helper").await;
    app.published_course(&creator, "Tokio in depth", 0, 1).await;
    let thread = app.question(&author, "Is tokio fast").await;
    let answer = app
        .answer(&helper, &thread, "Yes: <b>tokio</b> schedules tasks well.")
        .await;

    let all = app.gql(SEARCH, json!({ "q": "tokio" })).await;
    let all = all.ok();
    let kinds: Vec<&str> = all["search"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["item"]["__typename"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.len(), 3, "{all}");
    for kind in ["Course", "Thread", "Answer"] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
    let answers = app
        .gql(SEARCH, json!({ "q": "tokio", "types": ["ANSWER"] }))
        .await;
    let edge = &answers.ok()["search"]["edges"][0]["node"];
    assert_eq!(edge["item"]["id"], answer.as_str());
    let snippet = edge["snippet"].as_str().unwrap();
    assert!(snippet.contains("<mark>tokio</mark>"), "{snippet}");
    assert!(!snippet.contains("<b>"), "escaped: {snippet}");

    // Paging: one at a time, no repeats, then the end.
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = app
            .gql(SEARCH, json!({ "q": "tokio", "first": 1, "after": after }))
            .await;
        let page = page.ok();
        seen.extend(titles(page));
        if !page["search"]["pageInfo"]["hasNextPage"].as_bool().unwrap() {
            break;
        }
        after = page["search"]["pageInfo"]["endCursor"]
            .as_str()
            .map(str::to_owned);
    }
    assert_eq!(seen.len(), 3, "{seen:?}");

    // Edits re-index; deletes un-index.
    app.gql_as(
        &author,
        "mutation($id: ID!) { updateThread(id: $id, input: { title: \"Is async-std fast\", body: \"Or smol?\" }) { id } }",
        json!({ "id": thread }),
    )
    .await
    .ok();
    let after_edit = app
        .gql(SEARCH, json!({ "q": "tokio", "types": ["THREAD"] }))
        .await;
    assert!(titles(after_edit.ok()).is_empty());
    app.gql_as(
        &helper,
        "mutation($id: ID!) { deleteAnswer(id: $id) { id } }",
        json!({ "id": answer }),
    )
    .await
    .ok();
    let after_delete = app
        .gql(SEARCH, json!({ "q": "tokio", "types": ["ANSWER"] }))
        .await;
    assert!(titles(after_delete.ok()).is_empty());
}

#[tokio::test]
async fn course_threads_are_found_only_by_members() {
    let app = TestApp::spawn().await;
    let creator = app.creator("teacher").await;
    let course = app
        .published_course(&creator, "Private class", 1000, 1)
        .await;
    let member = app.learner("member").await;
    let outsider = app.learner("outsider").await;
    app.enrolled(&member, &course).await;
    let posted = app
        .post_thread(
            &member,
            Some(&course.id),
            "DISCUSSION",
            "Homework zebra",
            "zebra stripes",
            &[],
        )
        .await;
    id_of(&posted.ok()["createThread"]);

    let query = json!({ "q": "zebra", "types": ["THREAD"] });
    assert_eq!(
        titles(app.gql_as(&member, SEARCH, query.clone()).await.ok()),
        ["Homework zebra"]
    );
    assert_eq!(
        titles(app.gql_as(&creator, SEARCH, query.clone()).await.ok()),
        ["Homework zebra"]
    );
    assert!(titles(app.gql_as(&outsider, SEARCH, query.clone()).await.ok()).is_empty());
    assert!(titles(app.gql(SEARCH, query).await.ok()).is_empty());
}

/// Members of different courses share one ranking of every course's
/// documents, made in the background after the first member's search (which
/// ranks its own share meanwhile); once it is kept, no member's search
/// ranks anything of their own, each sees only their courses' share, and a
/// new post shows at once.
#[tokio::test]
async fn members_share_one_course_ranking_and_see_only_their_share() {
    // A long time-to-live, so that only writes can empty the rankings here.
    let app = TestApp::spawn_with(|settings| settings.search_ranking_ttl_ms = 60_000).await;
    let creator = app.creator("teacher").await;
    let rust = app.published_course(&creator, "Rust class", 0, 1).await;
    let go = app.published_course(&creator, "Go class", 0, 1).await;
    let (rustacean, gopher) = (app.learner("rustacean").await, app.learner("gopher").await);
    app.enrolled(&rustacean, &rust).await;
    app.enrolled(&gopher, &go).await;
    for (author, course, title) in [
        (&rustacean, &rust, "Walrus operator in rust"),
        (&gopher, &go, "Walrus sightings in go"),
    ] {
        let posted = app
            .post_thread(author, Some(&course.id), "QUESTION", title, "walrus?", &[])
            .await;
        id_of(&posted.ok()["createThread"]);
    }
    let query = json!({ "q": "walrus", "types": ["THREAD"] });

    // The first search, and the ranking it set off in the background.
    let before = app.statements_sent().await;
    let found = app.gql_as(&rustacean, SEARCH, query.clone()).await;
    assert_eq!(titles(found.ok()), ["Walrus operator in rust"]);
    let first = app.statements_settled().await - before;
    let before = app.statements_sent().await;
    let found = app.gql_as(&gopher, SEARCH, query.clone()).await;
    assert_eq!(titles(found.ok()), ["Walrus sightings in go"]);
    let second = app.statements_sent().await - before;
    // Both searches read their session, courses and found thread; only the
    // first ranked: the public documents, its member's share, and (in the
    // background) every course's.
    assert_eq!(first - second, 3, "statements: {first} then {second}");

    let posted = app
        .post_thread(
            &gopher,
            Some(&go.id),
            "QUESTION",
            "Walrus diet",
            "walrus food",
            &[],
        )
        .await;
    id_of(&posted.ok()["createThread"]);
    let mut found = titles(app.gql_as(&gopher, SEARCH, query.clone()).await.ok());
    found.sort();
    assert_eq!(found, ["Walrus diet", "Walrus sightings in go"]);
    assert_eq!(
        titles(app.gql_as(&rustacean, SEARCH, query).await.ok()),
        ["Walrus operator in rust"]
    );
}

#[tokio::test]
async fn bad_searches_are_refused() {
    let app = TestApp::spawn().await;
    for (variables, field) in [
        (json!({ "q": "  !?  " }), "query"),
        (json!({ "q": "x".repeat(201) }), "query"),
        (json!({ "q": "rust", "after": "garbage" }), "after"),
        (json!({ "q": "rust", "first": 101 }), "first"),
    ] {
        let response = app.gql(SEARCH, variables).await;
        let error = response.expect_code(ErrorCode::BadUserInput);
        assert_eq!(error["extensions"]["field"], field, "{error}");
    }
}

/// An instance ranks the most searched queries (from the search events)
/// before it reports ready, so its first searchers do not wait.
#[tokio::test]
async fn the_most_searched_queries_are_ranked_at_start() {
    use lyceum::services::search::{
        query::parse,
        rankings::{Shared, SharedRankings},
        warmup,
    };
    let app = TestApp::spawn().await;
    let author = app.learner("writer").await;
    app.question(&author, "Borrow checker basics").await;
    app.question(&author, "个性化推荐算法入门").await;
    // Searched three times, twice, once; and a text that is no query.
    for (text, times) in [
        ("borrow checker", 3),
        ("推荐算法", 2),
        ("lifetimes", 1),
        ("  ", 4),
    ] {
        for _ in 0..times {
            app.gql_as(&author, SEARCH, json!({ "q": text })).await;
        }
    }
    app.wait_for_count("SELECT COUNT(*) FROM events WHERE kind = 'SEARCH'", 6)
        .await;
    assert_eq!(
        warmup::popular_queries(&app.db, 2).await.unwrap(),
        ["borrow checker", "推荐算法"]
    );

    // What a fresh instance does before it is ready (asking `prepared`
    // first would rank in the background: only after).
    let rankings = SharedRankings::new(app.db.clone(), std::time::Duration::from_secs(60));
    let kinds = lyceum::services::search::every_kind();
    let kept = |text: &str| {
        rankings
            .prepared(&parse("query", text).unwrap(), &kinds, Shared::Public)
            .map(|ranking| ranking.hits.len())
    };
    assert_eq!(warmup::warm(&app.db, &rankings, 2, 2).await, 2);
    assert_eq!(kept("borrow checker"), Some(1));
    assert_eq!(kept("推荐算法"), Some(1));
    assert_eq!(kept("lifetimes"), None, "only the most searched");
}
