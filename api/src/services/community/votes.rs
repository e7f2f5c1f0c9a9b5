//! Votes on threads and answers: one per user and target, changeable and
//! retractable. The vote row and the target's counters change in one
//! transaction, and each counter moves by exactly what the row change was,
//! so concurrent votes (even the same user's) never double-count.

use chrono::{DateTime, Utc};
use entity::{
    answers, threads,
    votes::{self, PostKind},
};
use sea_orm::{
    ColumnTrait, EntityTrait, ExprTrait, QueryFilter, Set, TransactionSession, sea_query::Expr,
};

use super::{answers as answer_service, hot_rank, threads as thread_service};
use crate::{
    auth::Viewer,
    error::{ApiError, ApiResult},
    services::{
        Db, InsertedRows,
        rewards::{
            RewardSettings, privileges,
            triggers::{self as reward_triggers, VoteTarget},
        },
    },
};

/// A vote as asked for: up, down, or none (retract).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoteValue {
    Up,
    Down,
    None,
}

impl VoteValue {
    fn as_i16(self) -> i16 {
        match self {
            VoteValue::Up => 1,
            VoteValue::Down => -1,
            VoteValue::None => 0,
        }
    }

    pub fn from_i16(value: i16) -> Self {
        match value.signum() {
            1 => VoteValue::Up,
            -1 => VoteValue::Down,
            _ => VoteValue::None,
        }
    }
}

/// What was voted on, with its counters after the vote.
#[derive(Debug, Clone)]
pub enum Voted {
    Thread(threads::Model),
    Answer(answers::Model, threads::Model),
}

/// The viewer's vote on a thread or answer becomes `value`. Not on one's
/// own posts (BAD_USER_INPUT), not on deleted ones (NOT_FOUND), not while
/// suspended (FORBIDDEN).
#[tracing::instrument(skip(db, viewer, now), fields(viewer = viewer.id()))]
pub async fn vote(
    db: &impl Db,
    viewer: &Viewer,
    kind: PostKind,
    target_id: i64,
    value: VoteValue,
    rewards: &RewardSettings,
    now: DateTime<Utc>,
) -> ApiResult<Voted> {
    viewer.ensure_can_write(now)?;
    let (author_id, thread) = match kind {
        PostKind::Thread => {
            let thread = thread_service::find_readable(db, Some(viewer), target_id).await?;
            if thread.deleted_at.is_some() {
                return Err(ApiError::NotFound("thread"));
            }
            (thread.author_id, thread)
        }
        PostKind::Answer => {
            let (answer, thread) =
                answer_service::find_readable(db, Some(viewer), target_id).await?;
            if answer.deleted_at.is_some() {
                return Err(ApiError::NotFound("answer"));
            }
            (answer.author_id, thread)
        }
        PostKind::Comment => {
            return Err(ApiError::bad_input(
                "targetId",
                "only threads and answers take votes",
            ));
        }
    };
    if author_id == viewer.id() {
        return Err(ApiError::bad_input(
            "targetId",
            "you cannot vote on your own post",
        ));
    }
    if value == VoteValue::Down {
        privileges::ensure_may_downvote(viewer, rewards)?;
    }
    let txn = db.begin().await?;
    let previous = set_vote(&txn, viewer.id(), kind, target_id, value, now).await?;
    let (up, down) = deltas(previous, value.as_i16());
    let voted = if (up, down) == (0, 0) {
        current(&txn, kind, target_id, thread).await?
    } else {
        let voted = apply(&txn, kind, target_id, up, down, thread).await?;
        // Scores and the order of the thread's first page (not search:
        // relevance ignores scores); the authors' points are noted by
        // the ledger.
        crate::cache_sync::touched(|changed| match &voted {
            Voted::Thread(thread) => {
                changed.thread(thread.id);
            }
            Voted::Answer(answer, thread) => {
                changed.thread(thread.id).answer(answer.id);
            }
        });
        let target = match &voted {
            Voted::Thread(thread) => VoteTarget::Thread(thread),
            Voted::Answer(answer, thread) => VoteTarget::Answer(answer, thread),
        };
        reward_triggers::vote_changed(
            &txn,
            rewards,
            viewer.id(),
            target,
            previous,
            value.as_i16(),
            now,
        )
        .await?;
        voted
    };
    txn.commit().await?;
    Ok(voted)
}

/// Writes the vote row; returns the value it had before (0: none). Each
/// statement changes a row only if it really changes the vote, and reports
/// what it replaced, so a concurrent identical vote sees "no change".
async fn set_vote(
    db: &impl Db,
    user_id: i64,
    kind: PostKind,
    target_id: i64,
    value: VoteValue,
    now: DateTime<Utc>,
) -> ApiResult<i16> {
    let mine = || {
        votes::Column::UserId
            .eq(user_id)
            .and(votes::Column::TargetKind.eq(kind))
            .and(votes::Column::TargetId.eq(target_id))
    };
    if value == VoteValue::None {
        let removed = votes::Entity::delete_many()
            .filter(mine())
            .exec_with_returning(db)
            .await?;
        return Ok(removed.first().map_or(0, |vote| vote.value));
    }
    let value = value.as_i16();
    let inserted = votes::Entity::insert(votes::ActiveModel {
        user_id: Set(user_id),
        target_kind: Set(kind),
        target_id: Set(target_id),
        value: Set(value),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .on_conflict_do_nothing_on([
        votes::Column::UserId,
        votes::Column::TargetKind,
        votes::Column::TargetId,
    ])
    .exec_without_returning(db)
    .await?
    .inserted_rows();
    if inserted == 1 {
        return Ok(0);
    }
    // An opposite vote flips; the same vote changes nothing.
    let flipped = votes::Entity::update_many()
        .col_expr(votes::Column::Value, Expr::val(value))
        .col_expr(votes::Column::UpdatedAt, Expr::val(now))
        .filter(mine())
        .filter(votes::Column::Value.eq(-value))
        .exec(db)
        .await?
        .rows_affected;
    Ok(if flipped == 1 { -value } else { value })
}

/// Up- and downvote deltas of a change from `previous` to `next`.
fn deltas(previous: i16, next: i16) -> (i64, i64) {
    let count = |v: i16| (i64::from(v == 1), i64::from(v == -1));
    let (up_before, down_before) = count(previous);
    let (up_after, down_after) = count(next);
    (up_after - up_before, down_after - down_before)
}

async fn apply(
    db: &impl Db,
    kind: PostKind,
    target_id: i64,
    up: i64,
    down: i64,
    thread: threads::Model,
) -> ApiResult<Voted> {
    let score = up - down;
    match kind {
        PostKind::Thread => {
            let thread = threads::Entity::update_many()
                .col_expr(
                    threads::Column::Score,
                    Expr::col(threads::Column::Score).add(score),
                )
                .col_expr(
                    threads::Column::Upvotes,
                    Expr::col(threads::Column::Upvotes).add(up),
                )
                .col_expr(
                    threads::Column::Downvotes,
                    Expr::col(threads::Column::Downvotes).add(down),
                )
                .filter(threads::Column::Id.eq(target_id))
                .exec_with_returning(db)
                .await?
                .pop()
                .ok_or(ApiError::NotFound("thread"))?;
            // The row stays locked by the update above until commit, so
            // this rank is computed from the score no one else can change.
            let rank = hot_rank(thread.score, thread.created_at);
            let thread = threads::Entity::update_many()
                .col_expr(threads::Column::HotRank, Expr::val(rank))
                .filter(threads::Column::Id.eq(target_id))
                .exec_with_returning(db)
                .await?
                .pop()
                .ok_or(ApiError::NotFound("thread"))?;
            Ok(Voted::Thread(thread))
        }
        _ => {
            let answer = answers::Entity::update_many()
                .col_expr(
                    answers::Column::Score,
                    Expr::col(answers::Column::Score).add(score),
                )
                .col_expr(
                    answers::Column::Upvotes,
                    Expr::col(answers::Column::Upvotes).add(up),
                )
                .col_expr(
                    answers::Column::Downvotes,
                    Expr::col(answers::Column::Downvotes).add(down),
                )
                .filter(answers::Column::Id.eq(target_id))
                .exec_with_returning(db)
                .await?
                .pop()
                .ok_or(ApiError::NotFound("answer"))?;
            Ok(Voted::Answer(answer, thread))
        }
    }
}

async fn current(
    db: &impl Db,
    kind: PostKind,
    target_id: i64,
    thread: threads::Model,
) -> ApiResult<Voted> {
    Ok(match kind {
        PostKind::Thread => Voted::Thread(
            threads::Entity::find_by_id(target_id)
                .one(db)
                .await?
                .ok_or(ApiError::NotFound("thread"))?,
        ),
        _ => Voted::Answer(
            answers::Entity::find_by_id(target_id)
                .one(db)
                .await?
                .ok_or(ApiError::NotFound("answer"))?,
            thread,
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deltas_follow_the_row_change() {
        assert_eq!(deltas(0, 1), (1, 0));
        assert_eq!(deltas(1, 1), (0, 0));
        assert_eq!(deltas(1, -1), (-1, 1));
        assert_eq!(deltas(-1, 0), (0, -1));
        assert_eq!(deltas(0, 0), (0, 0));
    }
}
