//! Rewards: the points ledger and the rules it applies, levels and their
//! privileges, badges, certification, creator earnings and reward history.
//!
//! Points and money are ledgers (see ../shared/DESIGN.md): rows are appended
//! in the transaction of their cause and never changed; balances move by
//! exactly what the appended rows say, and a unique index makes each award
//! happen at most once whatever the concurrency.

pub mod adjustments;
pub mod audit;
pub mod badges;
pub mod certifications;
pub mod earnings;
pub mod history;
pub mod ledger;
pub mod levels;
pub mod privileges;
pub mod rules;
pub mod triggers;
pub mod vote_rings;

pub use levels::Level;

/// The rewards' rules that are configuration rather than data (rules and
/// badge thresholds are data, in the database).
#[derive(Debug, Clone)]
pub struct RewardSettings {
    /// Points from capped rules (votes) one user can earn per UTC day.
    pub daily_vote_points_cap: i64,
    /// Points at which Intermediate, Advanced and Expert begin.
    pub level_thresholds: [i64; 3],
    /// The creator's share of a paid enrolment, percent.
    pub creator_revenue_share_percent: u8,
    /// Smallest payout, cents.
    pub payout_minimum_cents: i64,
    /// A vote ring: each of two users gave the other more than this share of
    /// their votes in 30 days...
    pub vote_ring_share: f64,
    /// ... and at least this many votes.
    pub vote_ring_min_votes: i64,
    /// Points needed to comment on other people's posts.
    pub comment_anywhere_points: i64,
    /// Sales become available to pay out after this many days (the refund
    /// window).
    pub refund_window_days: u32,
    /// The analytics reporting zone: the ledger's daily rollup for
    /// `rewardMetrics` is kept in its days.
    pub reporting_zone: chrono_tz::Tz,
}

impl Default for RewardSettings {
    fn default() -> Self {
        Self {
            daily_vote_points_cap: 200,
            level_thresholds: [100, 1_000, 5_000],
            creator_revenue_share_percent: 70,
            payout_minimum_cents: 5_000,
            vote_ring_share: 0.5,
            vote_ring_min_votes: 5,
            comment_anywhere_points: 50,
            refund_window_days: 7,
            reporting_zone: chrono_tz::Tz::UTC,
        }
    }
}
