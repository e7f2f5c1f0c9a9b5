//! Indexes that let three report statements read an index alone (90 days
//! at `--scale 1` on PostgreSQL, where each used to read its table):
//!
//! - the daily points ledger by member and day, carrying the points:
//!   `creatorMetrics` and `rewardMetrics`' top earners sum a range of it for
//!   many members at once (the primary key, by member, day and rule, sent
//!   every row to the table for its points);
//! - visible answers by time, carrying their votes: `contentQuality` groups
//!   a range's answers by their tallies and reads only a page of them (a
//!   scan of every answer before). Votes already rewrite an indexed column
//!   (the score, for a thread's order), so this adds no table rewrites;
//! - reviews by time, carrying course and rating: `contentQuality`'s
//!   courses.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const MEMBER_DAY_POINTS: &str = "idx_reward_daily_user_day_points";
const REVIEWS_BY_TIME: &str = "idx_reviews_time_course_rating";
/// Partial (`WHERE`), which the schema builder does not write: plain SQL,
/// the same on both backends.
const VISIBLE_ANSWERS_BY_TIME: &str = "idx_answers_visible_time_votes";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(MEMBER_DAY_POINTS)
                    .table(RewardDaily::Table)
                    .col(RewardDaily::UserId)
                    .col(RewardDaily::Day)
                    .col(RewardDaily::Points)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(REVIEWS_BY_TIME)
                    .table(Reviews::Table)
                    .col(Reviews::CreatedAt)
                    .col(Reviews::CourseId)
                    .col(Reviews::Rating)
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "CREATE INDEX {VISIBLE_ANSWERS_BY_TIME} \
                 ON answers (created_at, upvotes, downvotes, id) \
                 WHERE deleted_at IS NULL AND hidden_at IS NULL"
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(&format!("DROP INDEX {VISIBLE_ANSWERS_BY_TIME}"))
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name(REVIEWS_BY_TIME)
                    .table(Reviews::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name(MEMBER_DAY_POINTS)
                    .table(RewardDaily::Table)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum RewardDaily {
    Table,
    UserId,
    Day,
    Points,
}

#[derive(DeriveIden)]
enum Reviews {
    Table,
    CreatedAt,
    CourseId,
    Rating,
}
