//! Vote rings: two users whose votes for each other exceed a configured
//! share of each one's votes within 30 days. Their votes for each other
//! earn nothing from then on, and the pair is listed for moderators
//! (`voteRingSuspects`) until the moderation queue takes them.

use chrono::{DateTime, Duration, Utc};
use entity::vote_ring_suspects;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, FromQueryResult, QueryFilter, Set, Statement,
    TryInsertResult, sea_query::Expr,
};

use super::RewardSettings;
use crate::{
    error::ApiResult,
    services::{
        Db,
        moderation::log::{self as moderation_log, Action},
        pagination::{KeyValue, KeysetOrder, Page, PageRequest, SortKey, paginate},
        search::query::placeholders,
    },
};

pub const WINDOW_DAYS: i64 = 30;

#[derive(Debug, FromQueryResult)]
struct VoterCounts {
    user_id: i64,
    total: i64,
    for_other: i64,
}

/// Is the pair (voter, author) a vote ring? Records a newly found one.
pub async fn check(
    db: &impl Db,
    settings: &RewardSettings,
    voter_id: i64,
    author_id: i64,
    now: DateTime<Utc>,
) -> ApiResult<bool> {
    if voter_id == author_id {
        return Ok(false);
    }
    let (a, b) = (voter_id.min(author_id), voter_id.max(author_id));
    if vote_ring_suspects::Entity::find_by_id((a, b))
        .one(db)
        .await?
        .is_some()
    {
        return Ok(true);
    }
    // Each one's votes in the window, and how many went to the other's posts.
    let backend = db.get_database_backend();
    let sql = placeholders(
        backend,
        "SELECT v.user_id AS user_id, COUNT(*) AS total, \
           SUM(CASE WHEN COALESCE(an.author_id, th.author_id) = \
             (CASE WHEN v.user_id = ? THEN ? ELSE ? END) THEN 1 ELSE 0 END) AS for_other \
         FROM votes v \
         LEFT JOIN answers an ON v.target_kind = 'ANSWER' AND an.id = v.target_id \
         LEFT JOIN threads th ON v.target_kind = 'THREAD' AND th.id = v.target_id \
         WHERE v.user_id IN (?, ?) AND v.updated_at >= ? \
         GROUP BY v.user_id",
    );
    let since = now - Duration::days(WINDOW_DAYS);
    let counts = VoterCounts::find_by_statement(Statement::from_sql_and_values(
        backend,
        sql,
        [
            a.into(),
            b.into(),
            a.into(),
            a.into(),
            b.into(),
            since.into(),
        ],
    ))
    .all(db)
    .await?;
    let of = |user: i64| counts.iter().find(|c| c.user_id == user);
    let (Some(of_a), Some(of_b)) = (of(a), of(b)) else {
        return Ok(false);
    };
    let suspicious = |c: &VoterCounts| {
        c.for_other >= settings.vote_ring_min_votes
            && c.for_other as f64 > settings.vote_ring_share * c.total as f64
    };
    if !(suspicious(of_a) && suspicious(of_b)) {
        return Ok(false);
    }
    // Only the transaction that records the pair queues it for moderators.
    let inserted = vote_ring_suspects::Entity::insert(vote_ring_suspects::ActiveModel {
        user_a: Set(a),
        user_b: Set(b),
        votes_a_to_b: Set(of_a.for_other),
        votes_b_to_a: Set(of_b.for_other),
        votes_of_a: Set(of_a.total),
        votes_of_b: Set(of_b.total),
        detected_at: Set(now),
        last_seen_at: Set(now),
    })
    .on_conflict_do_nothing()
    .exec_without_returning(db)
    .await?;
    if matches!(inserted, TryInsertResult::Inserted(n) if n > 0) {
        queue_ring(db, a, b, of_a.for_other, of_b.for_other, now).await?;
    } else {
        vote_ring_suspects::Entity::update_many()
            .col_expr(vote_ring_suspects::Column::LastSeenAt, Expr::val(now))
            .filter(vote_ring_suspects::Column::UserA.eq(a))
            .filter(vote_ring_suspects::Column::UserB.eq(b))
            .exec(db)
            .await?;
    }
    tracing::warn!(user_a = a, user_b = b, "vote ring suspected");
    Ok(true)
}

/// Puts a newly found ring into the moderation queue, with a log row.
async fn queue_ring(
    db: &impl Db,
    a: i64,
    b: i64,
    a_to_b: i64,
    b_to_a: i64,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    use entity::moderation_items::{self, Source, Status, TargetType};
    let item = moderation_items::ActiveModel {
        target_type: Set(TargetType::User),
        target_id: Set(a),
        related_user_id: Set(Some(b)),
        source: Set(Source::VoteRing),
        status: Set(Status::Open),
        weight: Set(0.0),
        report_count: Set(0),
        top_reason: Set(None),
        detail: Set(Some(format!(
            "{a}→{b} {a_to_b} votes, {b}→{a} {b_to_a} votes in {WINDOW_DAYS} days"
        ))),
        auto_hidden: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    moderation_log::append(
        db,
        moderation_log::Entry::new(None, Action::VoteRingFlagged, TargetType::User, a)
            .reason(item.detail.as_deref())
            .after(serde_json::json!({ "itemId": item.id, "relatedUserId": b })),
        now,
    )
    .await?;
    Ok(())
}

/// Suspected pairs, newest first (staff).
pub async fn list(db: &impl Db, page: PageRequest) -> ApiResult<Page<vote_ring_suspects::Model>> {
    let order = KeysetOrder::new(
        "vote_rings.newest",
        vec![
            SortKey::desc(
                Expr::col((
                    vote_ring_suspects::Entity,
                    vote_ring_suspects::Column::DetectedAt,
                )),
                |s: &vote_ring_suspects::Model| KeyValue::Time(s.detected_at),
            ),
            SortKey::desc(
                Expr::col((
                    vote_ring_suspects::Entity,
                    vote_ring_suspects::Column::UserA,
                )),
                |s: &vote_ring_suspects::Model| KeyValue::Int(s.user_a),
            ),
            SortKey::desc(
                Expr::col((
                    vote_ring_suspects::Entity,
                    vote_ring_suspects::Column::UserB,
                )),
                |s: &vote_ring_suspects::Model| KeyValue::Int(s.user_b),
            ),
        ],
    );
    paginate(db, vote_ring_suspects::Entity::find(), &order, &page).await
}
