//! A server killed with SIGKILL in the middle of a vote storm leaves every
//! ledger adding up: each award is written in the transaction of its vote,
//! so a kill loses whole requests, never half of one.
//!
//! The killed server is this test binary again, run as a child process
//! (`crash_child_server`, ignored unless the parent starts it), so the test
//! needs no other executable.

use std::{
    io::{BufRead, BufReader},
    process::{Child, Command, Stdio},
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
};

use futures_util::future::join_all;
use lyceum::{clock::Clock, services::rewards::audit, startup::Application};
use lyceum_tests::{Session, TestApp, test_settings};
use serde_json::{Value, json};

const CHILD_DATABASE: &str = "LYCEUM_CRASH_CHILD_DATABASE_URL";
const VOTE: &str = "mutation($t: ID!, $v: VoteValue!) { vote(targetId: $t, value: $v) { id } }";

#[tokio::test]
#[ignore = "a server for sigkill_in_a_vote_storm_leaves_every_ledger_adding_up to kill"]
async fn crash_child_server() {
    let Ok(url) = std::env::var(CHILD_DATABASE) else {
        return;
    };
    let app = Application::build(&test_settings(url))
        .await
        .expect("the child server builds");
    println!("PORT {}", app.port());
    app.run_until_stopped()
        .await
        .expect("the child server runs");
}

/// Starts a child server on the database; returns it and its address.
fn start_child(database_url: &str) -> (Child, String) {
    let mut child = Command::new(std::env::current_exe().expect("the test binary"))
        .args([
            "--exact",
            "rewards_crash::crash_child_server",
            "--ignored",
            "--nocapture",
        ])
        .env(CHILD_DATABASE, database_url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starting the child server");
    let stdout = child.stdout.take().expect("the child's stdout");
    let port = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .find_map(|line| line.strip_prefix("PORT ").map(str::to_owned))
        .expect("the child prints its port");
    (child, format!("http://127.0.0.1:{port}"))
}

async fn vote(
    http: &reqwest::Client,
    address: &str,
    voter: &Session,
    target: &str,
    value: &str,
) -> bool {
    let sent = http
        .post(format!("{address}/graphql"))
        .bearer_auth(&voter.access_token)
        .json(&json!({ "query": VOTE, "variables": { "t": target, "v": value } }))
        .send()
        .await;
    match sent {
        Ok(response) => response
            .json::<Value>()
            .await
            .is_ok_and(|body| body["errors"].is_null()),
        Err(_) => false,
    }
}

#[tokio::test]
async fn sigkill_in_a_vote_storm_leaves_every_ledger_adding_up() {
    let app = TestApp::spawn().await;
    let asker = app.learner("asker").await;
    let authors = app.learners("author", 4).await;
    let voters = app.learners("voter", 20).await;
    let thread = app.question(&asker, "Crash").await;
    let mut answers = Vec::new();
    for author in &authors {
        answers.push(app.answer(author, &thread, "An answer").await);
    }
    let http = reqwest::Client::new();

    for round in 0..2 {
        let (mut child, address) = start_child(&app.database.url);
        let done = Arc::new(AtomicUsize::new(0));
        // Every voter votes up, down, retracts and votes again on each
        // answer, all at once; the child dies once 60 answers came back.
        let storm = voters.iter().enumerate().flat_map(|(i, voter)| {
            let (http, address, done, answers) = (&http, &address, done.clone(), &answers);
            (0..8).map(move |step| {
                let done = done.clone();
                async move {
                    let answer = &answers[(i + step) % answers.len()];
                    let value = ["UP", "DOWN", "NONE", "UP"][(step + round) % 4];
                    let ok = vote(http, address, voter, answer, value).await;
                    done.fetch_add(1, Ordering::SeqCst);
                    ok
                }
            })
        });
        let killer = {
            let done = done.clone();
            async move {
                while done.load(Ordering::SeqCst) < 60 {
                    tokio::time::sleep(std::time::Duration::from_millis(2)).await;
                }
                child.kill().expect("SIGKILL");
                child.wait().expect("the child ends");
            }
        };
        let (outcomes, ()) = tokio::join!(join_all(storm), killer);
        let succeeded = outcomes.iter().filter(|ok| **ok).count();
        assert!(
            succeeded >= 60,
            "round {round}: only {succeeded} votes went through"
        );
        assert!(
            succeeded < outcomes.len(),
            "round {round}: the kill came after the storm"
        );

        let problems = audit::all(&app.db, app.clock.now()).await.unwrap();
        assert!(problems.is_empty(), "round {round}: {problems:#?}");
        // Counters agree with the vote rows too.
        assert_eq!(
            app.number(
                "SELECT COUNT(*) FROM answers a WHERE a.upvotes <> (SELECT COUNT(*) FROM votes v \
                 WHERE v.target_kind = 'ANSWER' AND v.target_id = a.id AND v.value = 1)"
            )
            .await,
            0
        );
    }
}
