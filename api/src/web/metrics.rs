//! Prometheus metrics at GET /metrics: GraphQL requests by operation and
//! outcome, their latency, WebSocket connections, database pool use and the
//! records of the in-process batch queues.

use std::{
    collections::HashSet,
    sync::{
        Mutex,
        atomic::{AtomicI64, Ordering},
    },
    time::Duration,
};

use actix_web::{HttpResponse, web};
use prometheus_client::{
    encoding::{EncodeLabelSet, text::encode},
    metrics::{
        counter::Counter,
        family::Family,
        gauge::Gauge,
        histogram::{Histogram, exponential_buckets},
    },
    registry::Registry,
};

use super::WebState;
use crate::{batch::BatchStats, error::ErrorCode};

/// Distinct operation names kept as labels; the rest count as "other", so a
/// client cannot blow up the series count.
const MAX_OPERATION_LABELS: usize = 200;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    operation: String,
    outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OperationLabels {
    operation: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct BatchLabels {
    queue: &'static str,
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabels {
    state: &'static str,
}

pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<OperationLabels, Histogram>,
    pool: Family<PoolLabels, Gauge<i64, AtomicI64>>,
    batch_records: Family<BatchLabels, Gauge<i64, AtomicI64>>,
    pub ws_connections: Gauge<i64, AtomicI64>,
    /// SQL statements sent, so N+1 queries show up (and tests can count them).
    pub db_statements: Counter,
    seen_operations: Mutex<HashSet<String>>,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("lyceum");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<OperationLabels, Histogram>::new_with_constructor(|| {
            // 0.5 ms … ~16 s
            Histogram::new(exponential_buckets(0.0005, 2.0, 16))
        });
        let pool = Family::<PoolLabels, Gauge<i64, AtomicI64>>::default();
        let batch_records = Family::<BatchLabels, Gauge<i64, AtomicI64>>::default();
        let ws_connections = Gauge::<i64, AtomicI64>::default();
        let db_statements = Counter::default();
        registry.register(
            "graphql_requests",
            "GraphQL requests by operation name and outcome (ok or the first error code)",
            requests.clone(),
        );
        registry.register(
            "graphql_request_duration_seconds",
            "GraphQL request latency by operation name",
            latency.clone(),
        );
        registry.register(
            "db_pool_connections",
            "Database pool connections by state (open, idle)",
            pool.clone(),
        );
        registry.register(
            "batch_queue_records",
            "Records of each batch queue since start, by outcome (written, dropped, failed)",
            batch_records.clone(),
        );
        registry.register(
            "websocket_connections",
            "Open GraphQL WebSocket connections",
            ws_connections.clone(),
        );
        registry.register(
            "db_statements",
            "SQL statements sent to the database",
            db_statements.clone(),
        );
        Self {
            registry,
            requests,
            latency,
            pool,
            batch_records,
            ws_connections,
            db_statements,
            seen_operations: Mutex::new(HashSet::new()),
        }
    }
}

impl Metrics {
    pub fn observe_graphql(
        &self,
        operation: Option<&str>,
        error_code: Option<ErrorCode>,
        elapsed: Duration,
    ) {
        let operation = self.operation_label(operation);
        self.requests
            .get_or_create(&RequestLabels {
                operation: operation.clone(),
                outcome: error_code.map_or("ok", ErrorCode::as_str).to_owned(),
            })
            .inc();
        self.latency
            .get_or_create(&OperationLabels { operation })
            .observe(elapsed.as_secs_f64());
    }

    fn operation_label(&self, operation: Option<&str>) -> String {
        let Some(name) = operation.filter(|n| {
            !n.is_empty()
                && n.len() <= 64
                && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        }) else {
            return if operation.is_some() {
                "other"
            } else {
                "anonymous"
            }
            .to_owned();
        };
        let mut seen = self
            .seen_operations
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if seen.contains(name) || seen.len() < MAX_OPERATION_LABELS {
            seen.insert(name.to_owned());
            name.to_owned()
        } else {
            "other".to_owned()
        }
    }

    /// Copies a batch queue's counters (kept by the queue) into the metrics.
    fn observe_batch_queue(&self, queue: &'static str, stats: &BatchStats) {
        for (outcome, count) in [
            ("written", &stats.written),
            ("dropped", &stats.dropped),
            ("failed", &stats.failed),
        ] {
            let count = i64::try_from(count.load(Ordering::Relaxed)).unwrap_or(i64::MAX);
            self.batch_records
                .get_or_create(&BatchLabels { queue, outcome })
                .set(count);
        }
    }

    fn render(&self, pool_open: u32, pool_idle: u32) -> String {
        self.pool
            .get_or_create(&PoolLabels { state: "open" })
            .set(i64::from(pool_open));
        self.pool
            .get_or_create(&PoolLabels { state: "idle" })
            .set(i64::from(pool_idle));
        let mut text = String::new();
        encode(&mut text, &self.registry).expect("writing to a String cannot fail");
        text
    }
}

pub async fn handle(state: web::Data<WebState>) -> HttpResponse {
    let (open, idle) = crate::db::pool_usage(&state.app.db);
    let recommender = &state.app.recommender;
    state
        .metrics
        .observe_batch_queue("course_views", &recommender.views.stats);
    state
        .metrics
        .observe_batch_queue("recommendation_events", &recommender.impressions.stats);
    state
        .metrics
        .observe_batch_queue("events", &state.app.analytics.events.stats);
    HttpResponse::Ok()
        .content_type("application/openmetrics-text; version=1.0.0; charset=utf-8")
        .body(state.metrics.render(open, idle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_requests_and_caps_labels() {
        let metrics = Metrics::default();
        metrics.observe_graphql(Some("Me"), None, Duration::from_millis(3));
        metrics.observe_graphql(
            Some("Me"),
            Some(ErrorCode::Unauthenticated),
            Duration::from_millis(3),
        );
        metrics.observe_graphql(Some("bad name!"), None, Duration::from_millis(3));
        let text = metrics.render(2, 1);
        assert!(
            text.contains(r#"lyceum_graphql_requests_total{operation="Me",outcome="ok"} 1"#),
            "{text}"
        );
        assert!(
            text.contains(&format!(r#"outcome="{}"}} 1"#, ErrorCode::Unauthenticated)),
            "{text}"
        );
        assert!(text.contains(r#"operation="other""#), "{text}");
        assert!(
            text.contains(r#"lyceum_db_pool_connections{state="open"} 2"#),
            "{text}"
        );
    }

    #[test]
    fn shows_batch_queue_counters() {
        let metrics = Metrics::default();
        let stats = BatchStats::default();
        stats.written.store(7, Ordering::Relaxed);
        stats.dropped.store(2, Ordering::Relaxed);
        metrics.observe_batch_queue("course_views", &stats);
        let text = metrics.render(0, 0);
        for line in [
            r#"lyceum_batch_queue_records{queue="course_views",outcome="written"} 7"#,
            r#"lyceum_batch_queue_records{queue="course_views",outcome="dropped"} 2"#,
            r#"lyceum_batch_queue_records{queue="course_views",outcome="failed"} 0"#,
        ] {
            assert!(text.contains(line), "{line} in {text}");
        }
    }
}
