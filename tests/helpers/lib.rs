//! Test harness: starts the real server on a random port over its own fresh
//! database (SQLite in a temp dir, or a new PostgreSQL database when
//! `TEST_DATABASE_URL` is set) and talks to it over HTTP and WebSocket.

pub mod community;
pub mod courses;
mod database;
pub mod graphql;
pub mod schema_snapshot;
pub mod waiting;
pub mod ws;

pub use database::TestDatabase;
pub use graphql::{GqlResponse, Session};

use std::{sync::Arc, time::Duration};

use entity::users::Role;
use lyceum::{
    clock::{Clock, OffsetClock},
    config::{Environment, LogFormat, Settings},
    services::{
        accounts::{self, Registration},
        rewards::RewardSettings,
    },
    startup::{Application, ShutdownHandle},
};
use sea_orm::DatabaseConnection;

/// The JWT secret test servers sign with, so tests can forge tokens.
pub const TEST_JWT_SECRET: &str = "test-secret-that-is-long-enough-for-hs256-0123456789";
/// A password every test user gets; passes the policy.
pub const PASSWORD: &str = "correct horse battery staple";

pub struct TestApp {
    pub address: String,
    pub port: u16,
    pub http: reqwest::Client,
    /// A separate connection to the app's database, for arranging test data.
    pub db: DatabaseConnection,
    pub shutdown: ShutdownHandle,
    pub server: tokio::task::JoinHandle<std::io::Result<()>>,
    pub database: TestDatabase,
    /// The server's clock: tests move time forward with `clock.advance`.
    pub clock: OffsetClock,
    /// The server's rewards settings, for accounts made beside the API.
    pub rewards: RewardSettings,
}

/// The shipped rewards settings (levels, privileges), for rewards tests.
pub fn rewards_defaults(settings: &mut Settings) {
    settings.level_thresholds = vec![100, 1_000, 5_000];
    settings.comment_anywhere_points = 50;
}

pub fn test_settings(database_url: String) -> Settings {
    Settings {
        database_url,
        bind_addr: "127.0.0.1:0".parse().unwrap(),
        environment: Environment::Development,
        jwt_secret: Some(TEST_JWT_SECRET.to_owned()),
        access_token_ttl_secs: 900,
        refresh_token_ttl_secs: 30 * 24 * 3600,
        login_max_failures_per_account: 5,
        login_max_failures_per_address: 20,
        login_failure_window_secs: 900,
        trust_proxy_headers: false,
        jwt_leeway_secs: 5,
        graphql_max_query_bytes: 32 * 1024,
        request_body_timeout_secs: 10,
        max_connections: 1024,
        public_cache_ttl_ms: 1000,
        shared_cache_ttl_ms: 1000,
        search_ranking_ttl_ms: 5000,
        search_warmup_queries: 50,
        refund_window_days: 7,
        refund_max_progress_percent: 50,
        daily_vote_points_cap: 200,
        // Domain tests are not about privileges: new members start as
        // Intermediate and may comment anywhere. Rewards tests restore the
        // shipped defaults (`rewards_defaults`).
        level_thresholds: vec![1, 1_000, 5_000],
        comment_anywhere_points: 0,
        creator_revenue_share_percent: 70,
        payout_minimum_cents: 5_000,
        vote_ring_share: 0.5,
        vote_ring_min_votes: 5,
        // Background badge awards would add notifications at any moment:
        // only the badge tests turn them on.
        badges_after_events: false,
        auto_hide_report_weight: 3.0,
        hold_novice_links: true,
        // Tests train when they say so.
        recommender_model: "auto".into(),
        recommender_retrain_hours: 0.0,
        interest_groups_min: 2,
        interest_groups_max: 8,
        analytics_time_zone: "UTC".into(),
        event_queue_capacity: 50_000,
        database_max_connections: 5,
        password_hash_concurrency: None,
        cors_allowed_origins: Vec::new(),
        log_format: LogFormat::Text,
        seed_demo_data: Some(false),
    }
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|_| {}).await
    }

    pub async fn spawn_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
        if std::env::var_os("TEST_LOG").is_some() {
            lyceum::telemetry::init(LogFormat::Text);
        }
        let database = TestDatabase::create().await;
        let mut settings = test_settings(database.url.clone());
        configure(&mut settings);
        let clock = OffsetClock::default();
        let app = Application::build_with_clock(&settings, Arc::new(clock.clone()))
            .await
            .expect("the test server builds");
        let port = app.port();
        let shutdown = app.shutdown_handle();
        let server = tokio::spawn(app.run_until_stopped());
        wait_until_ready(port).await;
        let db = lyceum::db::connect(&database.url, 2)
            .await
            .expect("a second connection to the test database");
        TestApp {
            address: format!("http://127.0.0.1:{port}"),
            port,
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(60))
                .build()
                .unwrap(),
            db,
            shutdown,
            server,
            database,
            clock,
            rewards: settings.reward_settings().expect("valid rewards settings"),
        }
    }

    /// GETs a path of the server, e.g. `/healthz`.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("the server answers")
    }

    pub fn graphql_url(&self) -> String {
        format!("{}/graphql", self.address)
    }

    /// Creates an account directly through the service (not the API), with
    /// any role, and signs it in over the API.
    pub async fn user_with_role(&self, username: &str, role: Role) -> Session {
        let registration = Registration {
            email: format!("{username}@example.com"),
            username: username.to_owned(),
            password: PASSWORD.to_owned(),
            display_name: format!("{username} display"),
        };
        accounts::create_user(
            &self.db,
            registration,
            role,
            &self.rewards,
            self.clock.now(),
        )
        .await
        .expect("creating a test user");
        self.login(username, PASSWORD).await
    }

    pub async fn learner(&self, username: &str) -> Session {
        self.user_with_role(username, Role::Learner).await
    }

    pub async fn creator(&self, username: &str) -> Session {
        self.user_with_role(username, Role::Creator).await
    }

    pub async fn admin(&self, username: &str) -> Session {
        self.user_with_role(username, Role::Admin).await
    }

    pub async fn moderator(&self, username: &str) -> Session {
        self.user_with_role(username, Role::Moderator).await
    }
}

/// Waits, as a load balancer would, until the server on `port` reports
/// ready (it ranks the most searched queries first).
async fn wait_until_ready(port: u16) {
    let url = format!("http://127.0.0.1:{port}/readyz");
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(response) = reqwest::get(&url).await
            && response.status().is_success()
        {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{url} never became ready"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Another server instance on a test app's database (as in a deployment of
/// several instances behind a load balancer); stopped when dropped.
pub struct PeerInstance {
    pub port: u16,
    shutdown: ShutdownHandle,
}

impl Drop for PeerInstance {
    fn drop(&mut self) {
        self.shutdown.stop_now();
    }
}

impl TestApp {
    pub async fn spawn_peer(&self) -> PeerInstance {
        self.spawn_peer_with(|_| {}).await
    }

    /// Another instance, with its settings changed by `configure`.
    pub async fn spawn_peer_with(&self, configure: impl FnOnce(&mut Settings)) -> PeerInstance {
        let mut settings = test_settings(self.database.url.clone());
        configure(&mut settings);
        let app = Application::build_with_clock(&settings, Arc::new(self.clock.clone()))
            .await
            .expect("the peer server builds");
        let port = app.port();
        let shutdown = app.shutdown_handle();
        tokio::spawn(app.run_until_stopped());
        wait_until_ready(port).await;
        PeerInstance { port, shutdown }
    }
}

impl TestApp {
    /// POSTs a query as `session` to another instance; returns the whole
    /// response body.
    pub async fn gql_on(
        &self,
        peer: &PeerInstance,
        session: &Session,
        query: &str,
        variables: serde_json::Value,
    ) -> serde_json::Value {
        self.http
            .post(format!("http://127.0.0.1:{}/graphql", peer.port))
            .bearer_auth(&session.access_token)
            .json(&serde_json::json!({ "query": query, "variables": variables }))
            .send()
            .await
            .expect("the peer answers")
            .json()
            .await
            .expect("a JSON body")
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.shutdown.stop_now();
    }
}
