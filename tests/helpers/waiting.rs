//! Waiting for what the server writes in the background: the batch queues
//! flush every 250–1,000 ms and the badge evaluator every 50 ms, so tests
//! poll until the rows are there (never a fixed sleep).

use std::time::{Duration, Instant};

use crate::TestApp;

/// How long a background write may take before a test gives up.
const PATIENCE: Duration = Duration::from_secs(15);
const POLL_EVERY: Duration = Duration::from_millis(50);

impl TestApp {
    /// Polls a `SELECT COUNT(*) …` until it answers `expected`.
    pub async fn wait_for_count(&self, sql: &str, expected: i64) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let n = self.number(sql).await;
            if n == expected {
                return;
            }
            assert!(Instant::now() < deadline, "{sql}: {n}, expected {expected}");
            tokio::time::sleep(POLL_EVERY).await;
        }
    }

    /// Polls /metrics until it has this line; returns the whole text.
    pub async fn wait_for_metric(&self, line: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let text = self.get("/metrics").await.text().await.expect("a body");
            if text.lines().any(|l| l == line) {
                return text;
            }
            assert!(Instant::now() < deadline, "{line} not in {text}");
            tokio::time::sleep(POLL_EVERY).await;
        }
    }
}
