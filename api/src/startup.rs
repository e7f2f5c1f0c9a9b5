//! Building the server: database, migrations, seed, schema, routes. Tests
//! build it the same way on port 0.

use std::{
    net::TcpListener,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use actix_web::{App, HttpServer, dev::Server, web};
use anyhow::Context;
use tokio::sync::watch;
use tracing_actix_web::TracingLogger;

use crate::{
    auth::{jwt::JwtKeys, password},
    cache_sync::CacheSync,
    clock::{SharedClock, SystemClock},
    config::{JwtSecret, Settings},
    db, graphql, seed,
    services::{
        courses::enrollments::RefundPolicy,
        rate_limit::{self, LoginRateLimit},
        sessions::AuthSettings,
    },
    state::AppState,
    web::{
        self as routes, WebState,
        graphql_http::{RequestLimits, public_cache::PublicCache},
        metrics::Metrics,
    },
};

/// Time in-flight requests get to finish after a shutdown signal.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);
/// Time the batch writers get to store what is queued once requests have
/// finished.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(30);

pub struct Application {
    port: u16,
    server: Server,
    shutdown: ShutdownHandle,
}

/// Starts a graceful shutdown: WebSockets close with 1001, no new
/// connections, in-flight requests finish, then the batch writers store
/// what is queued.
#[derive(Clone)]
pub struct ShutdownHandle {
    signal: Arc<watch::Sender<bool>>,
    server: actix_web::dev::ServerHandle,
    writers: Arc<Writers>,
}

impl ShutdownHandle {
    /// Returns once the server has stopped and the queues are written.
    pub async fn shutdown(&self) {
        let _ = self.signal.send(true);
        self.server.stop(true).await;
        self.writers.drain(&self.signal).await;
    }

    /// Stops at once without waiting for requests (a test server's teardown).
    pub fn stop_now(&self) {
        let _ = self.signal.send(true);
        let _ = self.writers.events_signal.send(true);
        // The stop command is sent when called; the future only awaits completion.
        drop(self.server.stop(false));
    }
}

/// The batch queues' writers, which must store what is queued before the
/// process ends. The recommender's queues stop with the shutdown signal;
/// the analytics events wait for their own signal, sent once requests have
/// finished (their events are in) and the recommender's writer has stopped
/// (it records impression and click events as it stores them).
struct Writers {
    recommender: Arc<crate::services::recommendations::Recommender>,
    analytics: Arc<crate::services::analytics::Analytics>,
    events_signal: watch::Sender<bool>,
}

impl Writers {
    async fn drain(&self, signal: &watch::Sender<bool>) {
        let drained = async {
            let _ = signal.send(true);
            self.recommender.views.stopped().await;
            self.recommender.impressions.stopped().await;
            let _ = self.events_signal.send(true);
            self.analytics.events.stopped().await;
        };
        if tokio::time::timeout(DRAIN_TIMEOUT, drained).await.is_err() {
            tracing::error!(
                "the batch writers did not store what was queued within {} s; \
                 queued events are lost",
                DRAIN_TIMEOUT.as_secs()
            );
        }
    }
}

impl Application {
    pub async fn build(settings: &Settings) -> anyhow::Result<Self> {
        Self::build_with_clock(settings, Arc::new(SystemClock)).await
    }

    /// Builds with another time source (tests move time forward with it).
    pub async fn build_with_clock(settings: &Settings, clock: SharedClock) -> anyhow::Result<Self> {
        // Settings first: a bad value fails before the database is touched.
        let secret = settings.resolve_jwt_secret()?;
        let cors_origins = settings.cors_origins()?;
        if let JwtSecret::Generated(_) = secret {
            tracing::warn!(
                "JWT_SECRET is not set (or shorter than {} bytes): using a random one for this \
                 process; tokens will not survive a restart (set LYCEUM_ENV=production to require one)",
                crate::config::MIN_JWT_SECRET_BYTES
            );
        }
        password::set_hashing_concurrency(
            settings
                .password_hash_concurrency
                .unwrap_or_else(password::default_hashing_concurrency),
        );
        let metrics = Arc::new(Metrics::default());
        let mut db = db::connect(&settings.database_url, settings.database_max_connections).await?;
        let statements = metrics.db_statements.clone();
        db.set_metric_callback(move |_| {
            statements.inc();
        });
        db::migrate(&db).await?;
        if settings.should_seed_demo_data() {
            // First run: seed and list the accounts; later runs: remind.
            let logins = match seed::seed_if_empty_in(
                &db,
                &settings.reward_settings()?,
                &settings.moderation_settings()?,
                settings.analytics_zone()?,
                clock.now(),
            )
            .await?
            {
                Some(seeded) => seeded,
                None => seed::existing_demo_logins(&db).await?,
            };
            if !logins.is_empty() {
                println!("{}", seed::describe(&logins));
            }
        }
        // Documents the search index lacks (bulk-loaded rows, or rows from
        // before the index existed); nothing to do on later starts.
        let indexed = crate::services::search::index::index_missing(&db, |_| {}).await?;
        if indexed > 0 {
            tracing::info!(documents = indexed, "search index caught up");
        }
        password::warm_up().await;

        let auth = AuthSettings {
            jwt: JwtKeys::new(
                secret.bytes(),
                settings.access_token_ttl(),
                Duration::from_secs(settings.jwt_leeway_secs),
            )?,
            refresh_ttl: settings.refresh_token_ttl(),
            rate_limit: LoginRateLimit {
                max_failures_per_account: settings.login_max_failures_per_account,
                max_failures_per_address: settings.login_max_failures_per_address,
                window: settings.login_failure_window(),
            },
        };
        let (signal, shutdown_rx) = watch::channel(false);
        // Events are written until everything that records them has stopped.
        let (events_signal, events_rx) = watch::channel(false);
        // The statement counter measures what requests cost: the event
        // writer's background statements are not theirs.
        let mut events_db = db.clone();
        events_db.set_metric_callback(|_| {});
        let analytics = crate::services::analytics::Analytics::with_capacity(
            events_db,
            settings.analytics_zone()?,
            events_rx,
            settings.event_queue_capacity as usize,
        );
        let live = crate::live::LiveBus::start(&db, shutdown_rx.clone()).await?;
        let badges = crate::rewards_worker::BadgeWorker::start(
            settings.badges_after_events,
            db.clone(),
            clock.clone(),
            live.clone(),
            analytics.clone(),
            shutdown_rx.clone(),
        );
        let recommender = crate::services::recommendations::Recommender::start(
            &db,
            settings.recommender_settings()?,
            &live,
            &analytics,
            shutdown_rx.clone(),
        )
        .await;
        let writers = Arc::new(Writers {
            recommender: recommender.clone(),
            analytics: analytics.clone(),
            events_signal,
        });
        let app = AppState {
            analytics,
            recommender,
            badges,
            live,
            db,
            auth: Arc::new(auth),
            clock,
            refunds: RefundPolicy {
                window_days: settings.refund_window_days,
                max_progress_percent: settings.refund_max_progress_percent,
            },
            rewards: Arc::new(settings.reward_settings()?),
            moderation: Arc::new(settings.moderation_settings()?),
            watched_words: Default::default(),
            trust_proxy_headers: settings.trust_proxy_headers,
        };
        let listener = TcpListener::bind(settings.bind_addr)
            .with_context(|| format!("cannot listen on {}", settings.bind_addr))?;
        let port = listener.local_addr()?.port();
        start_housekeeping(&app, shutdown_rx.clone()).await;
        crate::services::recommendations::training::start_schedule(
            crate::services::recommendations::training::TrainingEnv::of(&app),
            shutdown_rx.clone(),
        );
        let public_cache = Arc::new(PublicCache::new(Duration::from_millis(
            settings.public_cache_ttl_ms,
        )));
        // Other instances hear of this one's writes once it forgot them
        // itself.
        let cache_sync = CacheSync::start(app.live.clone(), shutdown_rx.clone());
        let after_mutation: graphql::MutationHook = {
            let cache = public_cache.clone();
            let sync = cache_sync.clone();
            Arc::new(move |changed: &graphql::Changed| {
                forget_public(&cache, changed);
                sync.changed(changed);
            })
        };
        let schema = graphql::build(
            app.clone(),
            graphql::ServeOptions {
                max_query_bytes: settings.graphql_max_query_bytes,
                shared_cache_ttl: Duration::from_millis(settings.shared_cache_ttl_ms),
                search_ranking_ttl: Duration::from_millis(settings.search_ranking_ttl_ms),
                after_mutation,
            },
        );
        let forget_theirs = {
            let schema = schema.clone();
            let cache = public_cache.clone();
            move |changed: &graphql::Changed| {
                schema.forget(changed);
                forget_public(&cache, changed);
            }
        };
        cache_sync.apply_theirs(forget_theirs, shutdown_rx.clone());
        let warm = warm_search(
            &schema,
            &app.db,
            settings.search_warmup_queries,
            settings.database_max_connections as usize,
        );
        let web_state = web::Data::new(WebState {
            schema,
            public_cache,
            app,
            metrics,
            limits: RequestLimits {
                max_query_bytes: settings.graphql_max_query_bytes,
                body_read_timeout: settings.request_body_timeout(),
            },
            shutdown: shutdown_rx,
            warm,
        });
        let workers = std::thread::available_parallelism().map_or(1, usize::from);
        let server = HttpServer::new(move || {
            // The last wrap runs first: the logger assigns the request id
            // that the inner middleware echoes.
            App::new()
                .wrap(actix_web::middleware::from_fn(routes::echo_request_id))
                .wrap(routes::security_headers())
                .wrap(routes::cors(cors_origins.clone()))
                .wrap(TracingLogger::default())
                .app_data(web_state.clone())
                .configure(routes::routes)
        })
        .workers(workers)
        // actix counts connections per worker.
        .max_connections(settings.max_connections.div_ceil(workers).max(1))
        .listen(listener)?
        .disable_signals()
        .shutdown_timeout(SHUTDOWN_GRACE.as_secs())
        .run();
        let shutdown = ShutdownHandle {
            signal: Arc::new(signal),
            server: server.handle(),
            writers,
        };
        Ok(Self {
            port,
            server,
            shutdown,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn shutdown_handle(&self) -> ShutdownHandle {
        self.shutdown.clone()
    }

    /// Serves until stopped through the handle; returns once the batch
    /// writers have stored what was queued.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let served = self.server.await;
        self.shutdown.writers.drain(&self.shutdown.signal).await;
        served
    }

    /// Serves until SIGTERM or SIGINT, then shuts down gracefully.
    pub async fn run_until_signalled(self) -> std::io::Result<()> {
        let shutdown = self.shutdown.clone();
        tokio::spawn(async move {
            wait_for_signal().await;
            tracing::info!("shutting down: closing WebSockets, finishing in-flight requests");
            shutdown.shutdown().await;
        });
        self.run_until_stopped().await
    }
}

/// Sign-in counters and failures older than the rate-limit window no longer
/// count: drop them once before serving and then hourly. Safe to run on
/// every instance at once.
async fn start_housekeeping(app: &AppState, mut shutdown: watch::Receiver<bool>) {
    let db = app.db.clone();
    let policy = app.auth.rate_limit;
    let clock = app.clock.clone();
    let prune = move || {
        let (db, clock) = (db.clone(), clock.clone());
        async move {
            match rate_limit::prune(&db, &policy, clock.now()).await {
                Ok(0) => {}
                Ok(pruned) => {
                    tracing::info!(pruned, "pruned expired sign-in counters and failures")
                }
                Err(err) => tracing::warn!(error = %err, "pruning sign-in failures failed"),
            }
        }
    };
    prune().await;
    tokio::spawn(async move {
        let hour = Duration::from_secs(3600);
        let mut every_hour = tokio::time::interval_at(tokio::time::Instant::now() + hour, hour);
        loop {
            tokio::select! {
                _ = every_hour.tick() => prune().await,
                _ = shutdown.changed() => break,
            }
        }
    });
}

async fn wait_for_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("installing a SIGTERM handler");
        tokio::select! {
            _ = ctrl_c => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}

/// The signed-out answers a change may make old: every one, unless the
/// change was a member's own state.
fn forget_public(cache: &PublicCache, changed: &graphql::Changed) {
    if !changed.is_nothing_shared() {
        cache.clear();
    }
}

/// Longest a search warm-up may hold readiness back.
const SEARCH_WARMUP_LIMIT: Duration = Duration::from_secs(30);

/// Ranks the most searched queries in the background; the flag is set
/// when done (or given up on), and readiness waits for it.
fn warm_search(
    schema: &graphql::gate::Gate,
    db: &sea_orm::DatabaseConnection,
    limit: usize,
    concurrency: usize,
) -> Arc<AtomicBool> {
    let warm = Arc::new(AtomicBool::new(false));
    let (schema, db, done) = (schema.clone(), db.clone(), warm.clone());
    tokio::spawn(async move {
        let started = std::time::Instant::now();
        match tokio::time::timeout(
            SEARCH_WARMUP_LIMIT,
            schema.warm_search(&db, limit, concurrency),
        )
        .await
        {
            Ok(0) => {}
            Ok(ranked) => tracing::info!(
                ranked,
                elapsed_ms = started.elapsed().as_millis() as u64,
                "ranked the most searched queries"
            ),
            Err(_) => tracing::warn!(
                limit_secs = SEARCH_WARMUP_LIMIT.as_secs(),
                "search warm-up took too long; ready without it"
            ),
        }
        done.store(true, Ordering::Release);
    });
    warm
}
