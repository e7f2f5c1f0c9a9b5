//! The only place that reads the environment. Every variable is documented in
//! README.md and `.env.example`; flags on `lyceum serve` override them.

use std::{net::SocketAddr, time::Duration};

use anyhow::bail;
use clap::{Args, ValueEnum};

/// Shortest JWT secret accepted in production: HS256 wants at least 256 bits.
pub const MIN_JWT_SECRET_BYTES: usize = 32;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Environment {
    Development,
    Production,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

/// Settings shared by every subcommand, from environment variables or flags.
#[derive(Clone, Debug, Args)]
pub struct Settings {
    /// Database to use: `sqlite://path?mode=rwc` or `postgres://user@host/db`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/lyceum.db?mode=rwc"
    )]
    pub database_url: String,

    /// Address the HTTP server listens on.
    #[arg(long, env = "BIND_ADDR", default_value = "127.0.0.1:8080")]
    pub bind_addr: SocketAddr,

    /// `development` generates a JWT secret when none is set; `production` refuses to.
    #[arg(
        long = "env",
        env = "LYCEUM_ENV",
        value_enum,
        default_value = "development"
    )]
    pub environment: Environment,

    /// HS256 secret for access tokens (≥ 32 bytes; required in production).
    #[arg(long, env = "JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<String>,

    /// Access-token lifetime in seconds.
    #[arg(long, env = "ACCESS_TOKEN_TTL_SECS", default_value_t = 15 * 60)]
    pub access_token_ttl_secs: u64,

    /// Refresh-token lifetime in seconds.
    #[arg(long, env = "REFRESH_TOKEN_TTL_SECS", default_value_t = 30 * 24 * 3600)]
    pub refresh_token_ttl_secs: u64,

    /// Failed sign-ins allowed per account within the window.
    #[arg(long, env = "LOGIN_MAX_FAILURES_PER_ACCOUNT", default_value_t = 5)]
    pub login_max_failures_per_account: u64,

    /// Failed sign-ins allowed per client address within the window.
    #[arg(long, env = "LOGIN_MAX_FAILURES_PER_ADDRESS", default_value_t = 20)]
    pub login_max_failures_per_address: u64,

    /// Length of the sign-in rate-limit window in seconds.
    #[arg(long, env = "LOGIN_FAILURE_WINDOW_SECS", default_value_t = 15 * 60)]
    pub login_failure_window_secs: u64,

    /// Take the client address from `Forwarded`/`X-Forwarded-For` (only behind a trusted proxy).
    #[arg(long, env = "TRUST_PROXY_HEADERS", default_value_t = false)]
    pub trust_proxy_headers: bool,

    /// argon2 hashes allowed to run at once (default: half the cores, at least 1).
    #[arg(long, env = "PASSWORD_HASH_CONCURRENCY")]
    pub password_hash_concurrency: Option<usize>,

    /// Other web origins allowed to call the API from a browser, comma-separated
    /// (e.g. `https://app.example.com`). The server's own origin is always allowed.
    #[arg(long, env = "CORS_ALLOWED_ORIGINS", value_delimiter = ',')]
    pub cors_allowed_origins: Vec<String>,

    /// Clock skew tolerated when checking access-token expiry, in seconds.
    #[arg(long, env = "JWT_LEEWAY_SECS", default_value_t = 5)]
    pub jwt_leeway_secs: u64,

    /// Longest GraphQL query text accepted, in bytes (variables are not counted).
    #[arg(long, env = "GRAPHQL_MAX_QUERY_BYTES", default_value_t = 32 * 1024)]
    pub graphql_max_query_bytes: usize,

    /// Seconds a client has to send a whole request body (headers get 5 s).
    #[arg(long, env = "REQUEST_BODY_TIMEOUT_SECS", default_value_t = 10)]
    pub request_body_timeout_secs: u64,

    /// Most client connections open at once (HTTP and WebSocket); more wait
    /// in the listen queue. Keep it under the process's file-descriptor limit.
    #[arg(long, env = "MAX_CONNECTIONS", default_value_t = 1024)]
    pub max_connections: usize,

    /// How long (ms) an anonymous answer of the public catalogue is shared by
    /// identical signed-out queries; 0 turns the cache off. Mutations empty
    /// it at once, on every instance (`cache_sync`).
    #[arg(long, env = "PUBLIC_CACHE_TTL_MS", default_value_t = 1000)]
    pub public_cache_ttl_ms: u64,

    /// How long (ms) records every viewer sees alike (courses, their lessons
    /// and tags, users, threads, answers) are reused across requests; 0
    /// turns it off. A mutation empties what it may have changed at once on
    /// its instance and, told through PostgreSQL NOTIFY, on the others
    /// (`cache_sync`); this time bounds only changes made outside the
    /// server.
    #[arg(long, env = "SHARED_CACHE_TTL_MS", default_value_t = 30_000)]
    pub shared_cache_ttl_ms: u64,

    /// How long (ms) a search's ranking, shared by every viewer of the
    /// query, is served before it is ranked again in the background (the
    /// old one served meanwhile); 0 ranks every search. A ranking scores up
    /// to 20,000 documents, so it is kept longer than a record. Mutations
    /// that may change documents empty the rankings at once, on every
    /// instance (`cache_sync`).
    #[arg(long, env = "SEARCH_RANKING_TTL_MS", default_value_t = 5000)]
    pub search_ranking_ttl_ms: u64,

    /// How many of the most searched queries (from the latest search
    /// events) an instance ranks at start, before it reports ready; 0
    /// skips it.
    #[arg(long, env = "SEARCH_WARMUP_QUERIES", default_value_t = 50)]
    pub search_warmup_queries: usize,

    /// Days after purchase within which learners may refund themselves.
    #[arg(long, env = "REFUND_WINDOW_DAYS", default_value_t = 7)]
    pub refund_window_days: u32,

    /// Learners may refund themselves before completing this share of the
    /// lessons (percent).
    #[arg(long, env = "REFUND_MAX_PROGRESS_PERCENT", default_value_t = 50,
          value_parser = clap::value_parser!(u8).range(0..=100))]
    pub refund_max_progress_percent: u8,

    /// Points a user can earn from votes per UTC day (rules marked capped).
    #[arg(long, env = "DAILY_VOTE_POINTS_CAP", default_value_t = 200)]
    pub daily_vote_points_cap: i64,

    /// Points at which Intermediate, Advanced and Expert begin.
    #[arg(long, env = "LEVEL_THRESHOLDS", value_delimiter = ',',
          default_values_t = [100, 1000, 5000])]
    pub level_thresholds: Vec<i64>,

    /// The creator's share of a paid enrolment (percent).
    #[arg(long, env = "CREATOR_REVENUE_SHARE_PERCENT", default_value_t = 70,
          value_parser = clap::value_parser!(u8).range(0..=100))]
    pub creator_revenue_share_percent: u8,

    /// Smallest payout a creator may request (cents).
    #[arg(long, env = "PAYOUT_MINIMUM_CENTS", default_value_t = 5_000)]
    pub payout_minimum_cents: i64,

    /// Points needed to comment on other people's posts.
    #[arg(long, env = "COMMENT_ANYWHERE_POINTS", default_value_t = 50)]
    pub comment_anywhere_points: i64,

    /// Two users whose votes for each other exceed this share of each one's
    /// votes within 30 days are a vote ring.
    #[arg(long, env = "VOTE_RING_SHARE", default_value_t = 0.5)]
    pub vote_ring_share: f64,

    /// ... and each cast at least this many votes for the other.
    #[arg(long, env = "VOTE_RING_MIN_VOTES", default_value_t = 5)]
    pub vote_ring_min_votes: i64,

    /// A reported post whose open reports weigh this much in all is hidden
    /// until a moderator reviews it (a Novice reporter with no history
    /// weighs 1; see the moderation section of README).
    #[arg(long, env = "AUTO_HIDE_REPORT_WEIGHT", default_value_t = 3.0)]
    pub auto_hide_report_weight: f64,

    /// Hold posts with links from Novice members for review (a queue item)
    /// instead of publishing them at once.
    #[arg(long, env = "HOLD_NOVICE_LINKS", default_value_t = true, action = clap::ArgAction::Set)]
    pub hold_novice_links: bool,

    /// Evaluate badges in the background after the events that may earn
    /// them; when off, only `lyceum badges --recheck` awards them.
    #[arg(long, env = "BADGES_AFTER_EVENTS", default_value_t = true, action = clap::ArgAction::Set)]
    pub badges_after_events: bool,

    /// Model the recommender trains (on schedule and by default):
    /// auto, ease, als or hybrid.
    #[arg(long, env = "RECOMMENDER_MODEL", default_value = "auto")]
    pub recommender_model: String,

    /// Retrain the recommender every this many hours (0: only when asked).
    #[arg(long, env = "RECOMMENDER_RETRAIN_HOURS", default_value_t = 24.0)]
    pub recommender_retrain_hours: f64,

    /// Interest groups: the number of groups is chosen by silhouette
    /// between these two (inclusive).
    #[arg(long, env = "INTEREST_GROUPS_MIN", default_value_t = 2)]
    pub interest_groups_min: usize,
    #[arg(long, env = "INTEREST_GROUPS_MAX", default_value_t = 8)]
    pub interest_groups_max: usize,

    /// Analytics' reporting time zone (IANA name): the calendar days, weeks
    /// and months of every metric. Events are folded into daily rollups as
    /// they are written, so changing it applies to events written after.
    #[arg(long, env = "ANALYTICS_TIME_ZONE", default_value = "UTC")]
    pub analytics_time_zone: String,

    /// Analytics events waiting to be written at most; past it new events
    /// are dropped and counted (`lyceum_batch_queue_records{queue="events",
    /// outcome="dropped"}` in /metrics).
    #[arg(long, env = "EVENT_QUEUE_CAPACITY", default_value_t = 50_000,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub event_queue_capacity: u32,

    /// Largest database connection pool.
    #[arg(long, env = "DATABASE_MAX_CONNECTIONS", default_value_t = 10)]
    pub database_max_connections: u32,

    /// Log line format: `text` for people, `json` for log collectors.
    #[arg(long, env = "LOG_FORMAT", value_enum, default_value = "text")]
    pub log_format: LogFormat,

    /// Seed demo accounts into an empty database at start-up (default: only in development).
    #[arg(long, env = "SEED_DEMO_DATA")]
    pub seed_demo_data: Option<bool>,
}

impl Settings {
    /// The rewards' rules that are configuration rather than data.
    pub fn reward_settings(&self) -> anyhow::Result<crate::services::rewards::RewardSettings> {
        let thresholds: [i64; 3] = self.level_thresholds.clone().try_into().map_err(|_| {
            anyhow::anyhow!("LEVEL_THRESHOLDS takes three numbers, e.g. 100,1000,5000")
        })?;
        anyhow::ensure!(
            thresholds[0] > 0 && thresholds.windows(2).all(|w| w[0] < w[1]),
            "LEVEL_THRESHOLDS must be positive and increasing"
        );
        anyhow::ensure!(
            (0.0..=1.0).contains(&self.vote_ring_share),
            "VOTE_RING_SHARE is a share between 0 and 1"
        );
        Ok(crate::services::rewards::RewardSettings {
            daily_vote_points_cap: self.daily_vote_points_cap,
            level_thresholds: thresholds,
            creator_revenue_share_percent: self.creator_revenue_share_percent,
            payout_minimum_cents: self.payout_minimum_cents,
            vote_ring_share: self.vote_ring_share,
            vote_ring_min_votes: self.vote_ring_min_votes,
            comment_anywhere_points: self.comment_anywhere_points,
            refund_window_days: self.refund_window_days,
            reporting_zone: self.analytics_zone()?,
        })
    }

    /// Moderation's settings (watched words are data, in the database).
    pub fn moderation_settings(
        &self,
    ) -> anyhow::Result<crate::services::moderation::ModerationSettings> {
        anyhow::ensure!(
            self.auto_hide_report_weight > 0.0,
            "AUTO_HIDE_REPORT_WEIGHT must be positive"
        );
        Ok(crate::services::moderation::ModerationSettings {
            auto_hide_report_weight: self.auto_hide_report_weight,
            hold_novice_links: self.hold_novice_links,
        })
    }

    /// The recommender's training configuration.
    pub fn recommender_settings(
        &self,
    ) -> anyhow::Result<crate::services::recommendations::RecommenderSettings> {
        use crate::recommend::ModelKind;
        let default_kind = match self.recommender_model.trim().to_ascii_lowercase().as_str() {
            "auto" => ModelKind::Auto,
            "ease" => ModelKind::Ease,
            "als" => ModelKind::Als,
            "hybrid" => ModelKind::Hybrid,
            other => anyhow::bail!("RECOMMENDER_MODEL is auto, ease, als or hybrid, not {other:?}"),
        };
        anyhow::ensure!(
            self.recommender_retrain_hours.is_finite() && self.recommender_retrain_hours >= 0.0,
            "RECOMMENDER_RETRAIN_HOURS must be 0 (off) or a positive number of hours"
        );
        anyhow::ensure!(
            2 <= self.interest_groups_min && self.interest_groups_min <= self.interest_groups_max,
            "INTEREST_GROUPS_MIN must be at least 2 and at most INTEREST_GROUPS_MAX"
        );
        Ok(crate::services::recommendations::RecommenderSettings {
            default_kind,
            retrain_every: (self.recommender_retrain_hours > 0.0)
                .then(|| Duration::from_secs_f64(self.recommender_retrain_hours * 3600.0)),
            group_k_min: self.interest_groups_min,
            group_k_max: self.interest_groups_max,
            ..Default::default()
        })
    }

    /// The analytics reporting time zone.
    pub fn analytics_zone(&self) -> anyhow::Result<chrono_tz::Tz> {
        self.analytics_time_zone.trim().parse().map_err(|_| {
            anyhow::anyhow!(
                "ANALYTICS_TIME_ZONE must be an IANA time zone such as UTC or Asia/Shanghai, not {:?}",
                self.analytics_time_zone
            )
        })
    }

    pub fn should_seed_demo_data(&self) -> bool {
        self.seed_demo_data
            .unwrap_or(self.environment == Environment::Development)
    }

    /// The configured CORS origins, normalised (`scheme://host[:port]`).
    pub fn cors_origins(&self) -> anyhow::Result<Vec<String>> {
        self.cors_allowed_origins
            .iter()
            .map(|raw| raw.trim())
            .filter(|raw| !raw.is_empty())
            .map(|raw| {
                let url = url::Url::parse(raw)
                    .map_err(|e| anyhow::anyhow!("CORS_ALLOWED_ORIGINS: {raw:?} is not a URL: {e}"))?;
                match url.origin() {
                    origin @ url::Origin::Tuple(..) if url.path() == "/" => {
                        Ok(origin.ascii_serialization())
                    }
                    _ => bail!("CORS_ALLOWED_ORIGINS: {raw:?} must be an origin like https://app.example.com"),
                }
            })
            .collect()
    }

    pub fn access_token_ttl(&self) -> Duration {
        Duration::from_secs(self.access_token_ttl_secs)
    }

    pub fn refresh_token_ttl(&self) -> Duration {
        Duration::from_secs(self.refresh_token_ttl_secs)
    }

    pub fn request_body_timeout(&self) -> Duration {
        Duration::from_secs(self.request_body_timeout_secs)
    }

    pub fn login_failure_window(&self) -> Duration {
        Duration::from_secs(self.login_failure_window_secs)
    }

    /// The JWT secret to sign with: the configured one, or in development a
    /// random one (tokens then die with the process, which is said in the log).
    pub fn resolve_jwt_secret(&self) -> anyhow::Result<JwtSecret> {
        match (&self.jwt_secret, self.environment) {
            (Some(secret), _) if secret.len() >= MIN_JWT_SECRET_BYTES => {
                Ok(JwtSecret::Configured(secret.as_bytes().to_vec()))
            }
            (Some(_), Environment::Production) => {
                bail!("JWT_SECRET must be at least {MIN_JWT_SECRET_BYTES} bytes in production")
            }
            (None, Environment::Production) => bail!(
                "JWT_SECRET is required when LYCEUM_ENV=production (at least {MIN_JWT_SECRET_BYTES} bytes)"
            ),
            (Some(_), Environment::Development) | (None, Environment::Development) => {
                let mut bytes = vec![0u8; 48];
                getrandom::fill(&mut bytes)
                    .map_err(|e| anyhow::anyhow!("no system randomness for a JWT secret: {e}"))?;
                Ok(JwtSecret::Generated(bytes))
            }
        }
    }
}

pub enum JwtSecret {
    Configured(Vec<u8>),
    Generated(Vec<u8>),
}

impl JwtSecret {
    pub fn bytes(&self) -> &[u8] {
        match self {
            JwtSecret::Configured(bytes) | JwtSecret::Generated(bytes) => bytes,
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        settings: Settings,
    }

    fn settings(args: &[&str]) -> Settings {
        let mut argv = vec!["lyceum"];
        argv.extend_from_slice(args);
        Cli::try_parse_from(argv).unwrap().settings
    }

    #[test]
    fn production_requires_a_long_jwt_secret() {
        assert!(
            settings(&["--env", "production"])
                .resolve_jwt_secret()
                .is_err()
        );
        let short = settings(&["--env", "production", "--jwt-secret", "too-short"]);
        assert!(short.resolve_jwt_secret().is_err());
        let long = settings(&["--env", "production", "--jwt-secret", &"k".repeat(32)]);
        assert!(matches!(
            long.resolve_jwt_secret(),
            Ok(JwtSecret::Configured(_))
        ));
        assert!(!long.should_seed_demo_data());
    }

    #[test]
    fn cors_origins_are_validated_and_normalised() {
        let ok = settings(&[
            "--cors-allowed-origins",
            "https://App.example.com, http://localhost:5173",
        ]);
        assert_eq!(
            ok.cors_origins().unwrap(),
            ["https://app.example.com", "http://localhost:5173"]
        );
        for bad in ["not a url", "https://app.example.com/path"] {
            assert!(
                settings(&["--cors-allowed-origins", bad])
                    .cors_origins()
                    .is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn development_generates_a_secret_and_seeds() {
        let dev = settings(&["--env", "development"]);
        assert!(
            matches!(dev.resolve_jwt_secret(), Ok(JwtSecret::Generated(bytes)) if bytes.len() >= 32)
        );
        assert!(dev.should_seed_demo_data());
    }
}
