//! Rewards: the points ledger and its rules, daily sums, badges,
//! certifications, creator earnings (a money ledger) and payouts, and the
//! vote-ring suspects list. Threads gain `featured_at`, which moderators set
//! and which earns its author the featuring reward.
//!
//! Ledgers are append-only. "At most once" is a unique index, never a check:
//! an award is unique per (user, rule, source, actor, cycle, entry), where a
//! cycle is one award and its reversal, so a vote retracted and cast again
//! is a new cycle and a retried request is a duplicate.

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The rules as shipped, modelled on Stack Overflow's reputation:
/// (key, points, counts toward the daily cap, description).
const DEFAULT_RULES: &[(&str, i32, bool, &str)] = &[
    ("SIGN_UP", 1, false, "Every account starts with one point"),
    ("ANSWER_UPVOTED", 10, true, "Your answer was upvoted"),
    (
        "THREAD_UPVOTED",
        5,
        true,
        "Your question or discussion was upvoted",
    ),
    ("ANSWER_DOWNVOTED", -2, true, "Your answer was downvoted"),
    ("DOWNVOTE_CAST", -1, false, "You downvoted an answer"),
    ("ANSWER_ACCEPTED", 15, false, "Your answer was accepted"),
    (
        "ACCEPTED_AN_ANSWER",
        2,
        false,
        "You accepted an answer to your question",
    ),
    (
        "THREAD_FEATURED",
        25,
        false,
        "A moderator featured your thread",
    ),
    (
        "COURSE_ENROLLED",
        5,
        false,
        "A learner enrolled in your course",
    ),
    (
        "COURSE_REVIEWED_WELL",
        5,
        false,
        "A learner rated your course 4 or 5 stars",
    ),
    (
        "COURSE_COMPLETED",
        10,
        false,
        "A learner completed your course",
    ),
];

/// Badges as shipped: (key, tier, threshold, name, description).
const DEFAULT_BADGES: &[(&str, &str, i64, &str, &str)] = &[
    (
        "FIRST_ANSWER",
        "BRONZE",
        1,
        "First Answer",
        "Posted a first answer",
    ),
    (
        "GOOD_ANSWER",
        "SILVER",
        10,
        "Good Answer",
        "An answer reached a score of 10",
    ),
    (
        "GREAT_ANSWER",
        "GOLD",
        25,
        "Great Answer",
        "An answer reached a score of 25",
    ),
    (
        "TEN_ACCEPTED",
        "SILVER",
        10,
        "Trusted Helper",
        "10 answers accepted",
    ),
    (
        "POPULAR_COURSE",
        "GOLD",
        100,
        "Popular Course",
        "A course with 100 enrolments",
    ),
    (
        "TOP_RATED_COURSE",
        "GOLD",
        20,
        "Top Rated Course",
        "A course rated 4.5 or more by at least 20 learners",
    ),
    (
        "DEDICATED",
        "SILVER",
        30,
        "Dedicated",
        "Active 30 days in a row",
    ),
];

fn index(name: &str, table: impl IntoIden, columns: Vec<DynIden>) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for column in columns {
        index.col(column);
    }
    index.to_owned()
}

fn user_fk(name: &str, table: impl IntoIden, column: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, column)
        .to(Users::Table, Users::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RewardRules::Table)
                    .col(string_len(RewardRules::Key, 32).primary_key())
                    .col(integer(RewardRules::Points))
                    .col(boolean(RewardRules::Enabled).default(true))
                    .col(boolean(RewardRules::Capped))
                    .col(text(RewardRules::Description))
                    .col(timestamp_with_time_zone(RewardRules::UpdatedAt))
                    .col(big_integer_null(RewardRules::UpdatedBy))
                    .to_owned(),
            )
            .await?;
        let mut rules = Query::insert();
        rules.into_table(RewardRules::Table).columns([
            RewardRules::Key,
            RewardRules::Points,
            RewardRules::Capped,
            RewardRules::Description,
            RewardRules::UpdatedAt,
        ]);
        for (key, points, capped, description) in DEFAULT_RULES {
            rules.values_panic([
                (*key).into(),
                (*points).into(),
                (*capped).into(),
                (*description).into(),
                Expr::current_timestamp(),
            ]);
        }
        manager.exec_stmt(rules).await?;

        manager
            .create_table(
                Table::create()
                    .table(RewardEvents::Table)
                    .col(big_pk_auto(RewardEvents::Id))
                    .col(big_integer(RewardEvents::UserId))
                    .col(string_len(RewardEvents::Rule, 32))
                    .col(string_len(RewardEvents::Entry, 8))
                    .col(integer(RewardEvents::Cycle))
                    .col(integer(RewardEvents::Points))
                    .col(integer(RewardEvents::RulePoints))
                    .col(string_len(RewardEvents::SourceKind, 16))
                    .col(big_integer(RewardEvents::SourceId))
                    .col(big_integer(RewardEvents::ActorId))
                    .col(big_integer_null(RewardEvents::ThreadId))
                    .col(big_integer_null(RewardEvents::CourseId))
                    .col(big_integer_null(RewardEvents::ReversesId))
                    .col(timestamp_with_time_zone(RewardEvents::CreatedAt))
                    .foreign_key(&mut user_fk(
                        "fk_reward_events_user",
                        RewardEvents::Table,
                        RewardEvents::UserId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "ux_reward_events_once",
                    RewardEvents::Table,
                    vec![
                        RewardEvents::UserId.into_iden(),
                        RewardEvents::Rule.into_iden(),
                        RewardEvents::SourceKind.into_iden(),
                        RewardEvents::SourceId.into_iden(),
                        RewardEvents::ActorId.into_iden(),
                        RewardEvents::Cycle.into_iden(),
                        RewardEvents::Entry.into_iden(),
                    ],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        // History pages (newest first) and date-range filters of one user.
        manager
            .create_index(index(
                "idx_reward_events_user",
                RewardEvents::Table,
                vec![
                    RewardEvents::UserId.into_iden(),
                    RewardEvents::Id.into_iden(),
                ],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_reward_events_user_time",
                RewardEvents::Table,
                vec![
                    RewardEvents::UserId.into_iden(),
                    RewardEvents::CreatedAt.into_iden(),
                ],
            ))
            .await?;
        // Reversals by source (removed content) and period leaderboards.
        manager
            .create_index(index(
                "idx_reward_events_source",
                RewardEvents::Table,
                vec![
                    RewardEvents::SourceKind.into_iden(),
                    RewardEvents::SourceId.into_iden(),
                ],
            ))
            .await?;
        // Tag leaderboards reach tags through the source's thread or course.
        manager
            .create_index(index(
                "idx_reward_events_thread",
                RewardEvents::Table,
                vec![RewardEvents::ThreadId.into_iden()],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_reward_events_course",
                RewardEvents::Table,
                vec![RewardEvents::CourseId.into_iden()],
            ))
            .await?;
        // The DEDICATED badge reads each user's comments by day.
        manager
            .create_index(index(
                "idx_comments_author",
                Comments::Table,
                vec![
                    Comments::AuthorId.into_iden(),
                    Comments::CreatedAt.into_iden(),
                ],
            ))
            .await?;
        // The all-time leaderboard reads balances in order.
        manager
            .create_index(index(
                "idx_users_points",
                Users::Table,
                vec![Users::Points.into_iden(), Users::Id.into_iden()],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_reward_events_time",
                RewardEvents::Table,
                vec![RewardEvents::CreatedAt.into_iden()],
            ))
            .await?;

        // Sums per user, UTC day and rule, kept in the ledger's transaction:
        // the daily cap and `rewardSummary` read these instead of the rows.
        manager
            .create_table(
                Table::create()
                    .table(RewardDaily::Table)
                    .col(big_integer(RewardDaily::UserId))
                    .col(date(RewardDaily::Day))
                    .col(string_len(RewardDaily::Rule, 32))
                    .col(big_integer(RewardDaily::Points))
                    .col(big_integer(RewardDaily::Entries))
                    .primary_key(
                        Index::create()
                            .col(RewardDaily::UserId)
                            .col(RewardDaily::Day)
                            .col(RewardDaily::Rule),
                    )
                    .foreign_key(&mut user_fk(
                        "fk_reward_daily_user",
                        RewardDaily::Table,
                        RewardDaily::UserId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_reward_daily_day",
                RewardDaily::Table,
                vec![RewardDaily::Day.into_iden()],
            ))
            .await?;

        // Every existing account gets its starting point, as sign-up would.
        let db = manager.get_connection();
        db.execute_unprepared(
            "INSERT INTO reward_events (user_id, rule, entry, cycle, points, rule_points, \
             source_kind, source_id, actor_id, created_at) \
             SELECT id, 'SIGN_UP', 'AWARD', 0, 1, 1, 'USER', id, id, created_at FROM users",
        )
        .await?;
        let utc_day = match manager.get_database_backend() {
            DbBackend::Postgres => "CAST(created_at AT TIME ZONE 'UTC' AS DATE)",
            _ => "date(created_at)",
        };
        db.execute_unprepared(&format!(
            "INSERT INTO reward_daily (user_id, day, rule, points, entries) \
             SELECT id, {utc_day}, 'SIGN_UP', 1, 1 FROM users"
        ))
        .await?;
        db.execute_unprepared("UPDATE users SET points = 1, level = 0")
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Badges::Table)
                    .col(string_len(Badges::Key, 32).primary_key())
                    .col(string_len(Badges::Tier, 8))
                    .col(big_integer(Badges::Threshold))
                    .col(string_len(Badges::Name, 64))
                    .col(text(Badges::Description))
                    .to_owned(),
            )
            .await?;
        let mut badges = Query::insert();
        badges.into_table(Badges::Table).columns([
            Badges::Key,
            Badges::Tier,
            Badges::Threshold,
            Badges::Name,
            Badges::Description,
        ]);
        for (key, tier, threshold, name, description) in DEFAULT_BADGES {
            badges.values_panic([
                (*key).into(),
                (*tier).into(),
                (*threshold).into(),
                (*name).into(),
                (*description).into(),
            ]);
        }
        manager.exec_stmt(badges).await?;
        manager
            .create_table(
                Table::create()
                    .table(UserBadges::Table)
                    .col(big_pk_auto(UserBadges::Id))
                    .col(big_integer(UserBadges::UserId))
                    .col(string_len(UserBadges::Badge, 32))
                    // The answer or course it is for; 0 for once-per-user badges.
                    .col(big_integer(UserBadges::SubjectId))
                    .col(timestamp_with_time_zone(UserBadges::AwardedAt))
                    .foreign_key(&mut user_fk(
                        "fk_user_badges_user",
                        UserBadges::Table,
                        UserBadges::UserId,
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_user_badges_badge")
                            .from(UserBadges::Table, UserBadges::Badge)
                            .to(Badges::Table, Badges::Key)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "ux_user_badges_once",
                    UserBadges::Table,
                    vec![
                        UserBadges::UserId.into_iden(),
                        UserBadges::Badge.into_iden(),
                        UserBadges::SubjectId.into_iden(),
                    ],
                )
                .unique()
                .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Certifications::Table)
                    .col(big_pk_auto(Certifications::Id))
                    .col(big_integer(Certifications::UserId))
                    .col(text(Certifications::Note))
                    .col(big_integer(Certifications::GrantedBy))
                    .col(timestamp_with_time_zone(Certifications::GrantedAt))
                    .col(big_integer_null(Certifications::RevokedBy))
                    .col(timestamp_with_time_zone_null(Certifications::RevokedAt))
                    .col(text_null(Certifications::RevokeReason))
                    .foreign_key(&mut user_fk(
                        "fk_certifications_user",
                        Certifications::Table,
                        Certifications::UserId,
                    ))
                    .to_owned(),
            )
            .await?;
        // One certification in force per user, whatever the concurrency.
        manager
            .create_index(
                Index::create()
                    .name("ux_certifications_in_force")
                    .table(Certifications::Table)
                    .col(Certifications::UserId)
                    .unique()
                    .and_where(Expr::col(Certifications::RevokedAt).is_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CertificationTags::Table)
                    .col(big_integer(CertificationTags::CertificationId))
                    .col(big_integer(CertificationTags::TagId))
                    .primary_key(
                        Index::create()
                            .col(CertificationTags::CertificationId)
                            .col(CertificationTags::TagId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_certification_tags_certification")
                            .from(CertificationTags::Table, CertificationTags::CertificationId)
                            .to(Certifications::Table, Certifications::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_certification_tags_tag")
                            .from(CertificationTags::Table, CertificationTags::TagId)
                            .to(Tags::Table, Tags::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Payouts::Table)
                    .col(big_pk_auto(Payouts::Id))
                    .col(big_integer(Payouts::CreatorId))
                    .col(big_integer(Payouts::AmountCents))
                    .col(string_len(Payouts::Currency, 3))
                    .col(string_len(Payouts::Status, 16))
                    .col(timestamp_with_time_zone(Payouts::RequestedAt))
                    .col(big_integer_null(Payouts::DecidedBy))
                    .col(timestamp_with_time_zone_null(Payouts::DecidedAt))
                    .col(text_null(Payouts::Reason))
                    .foreign_key(&mut user_fk(
                        "fk_payouts_creator",
                        Payouts::Table,
                        Payouts::CreatorId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_payouts_creator",
                Payouts::Table,
                vec![Payouts::CreatorId.into_iden(), Payouts::Id.into_iden()],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_payouts_status",
                Payouts::Table,
                vec![Payouts::Status.into_iden(), Payouts::Id.into_iden()],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EarningEntries::Table)
                    .col(big_pk_auto(EarningEntries::Id))
                    .col(big_integer(EarningEntries::CreatorId))
                    .col(string_len(EarningEntries::Kind, 16))
                    .col(big_integer(EarningEntries::AmountCents))
                    .col(string_len(EarningEntries::Currency, 3))
                    .col(big_integer_null(EarningEntries::CourseId))
                    .col(big_integer_null(EarningEntries::EnrollmentId))
                    .col(big_integer_null(EarningEntries::PayoutId))
                    // Sales count as available once the refund window is over.
                    .col(timestamp_with_time_zone(EarningEntries::AvailableAt))
                    .col(timestamp_with_time_zone(EarningEntries::CreatedAt))
                    .foreign_key(&mut user_fk(
                        "fk_earning_entries_creator",
                        EarningEntries::Table,
                        EarningEntries::CreatorId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "ux_earning_entries_enrollment",
                    EarningEntries::Table,
                    vec![
                        EarningEntries::Kind.into_iden(),
                        EarningEntries::EnrollmentId.into_iden(),
                    ],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "ux_earning_entries_payout",
                    EarningEntries::Table,
                    vec![
                        EarningEntries::Kind.into_iden(),
                        EarningEntries::PayoutId.into_iden(),
                    ],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_earning_entries_creator",
                EarningEntries::Table,
                vec![
                    EarningEntries::CreatorId.into_iden(),
                    EarningEntries::Currency.into_iden(),
                    EarningEntries::AvailableAt.into_iden(),
                ],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(VoteRingSuspects::Table)
                    .col(big_integer(VoteRingSuspects::UserA))
                    .col(big_integer(VoteRingSuspects::UserB))
                    .col(big_integer(VoteRingSuspects::VotesAToB))
                    .col(big_integer(VoteRingSuspects::VotesBToA))
                    .col(big_integer(VoteRingSuspects::VotesOfA))
                    .col(big_integer(VoteRingSuspects::VotesOfB))
                    .col(timestamp_with_time_zone(VoteRingSuspects::DetectedAt))
                    .col(timestamp_with_time_zone(VoteRingSuspects::LastSeenAt))
                    .primary_key(
                        Index::create()
                            .col(VoteRingSuspects::UserA)
                            .col(VoteRingSuspects::UserB),
                    )
                    .foreign_key(&mut user_fk(
                        "fk_vote_ring_suspects_a",
                        VoteRingSuspects::Table,
                        VoteRingSuspects::UserA,
                    ))
                    .foreign_key(&mut user_fk(
                        "fk_vote_ring_suspects_b",
                        VoteRingSuspects::Table,
                        VoteRingSuspects::UserB,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .alter_table(
                Table::alter()
                    .table(Threads::Table)
                    .add_column(timestamp_with_time_zone_null(Threads::FeaturedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Threads::Table)
                    .add_column(big_integer_null(Threads::FeaturedBy))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Notifications::Table)
                    .add_column(text_null(Notifications::Detail))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(
                "DELETE FROM notifications WHERE kind IN ('LEVEL_UP', 'BADGE_AWARDED')",
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Notifications::Table)
                    .drop_column(Notifications::Detail)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_comments_author")
                    .table(Comments::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_users_points")
                    .table(Users::Table)
                    .to_owned(),
            )
            .await?;
        for column in [Threads::FeaturedBy, Threads::FeaturedAt] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Threads::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        for table in [
            VoteRingSuspects::Table.into_iden(),
            EarningEntries::Table.into_iden(),
            Payouts::Table.into_iden(),
            CertificationTags::Table.into_iden(),
            Certifications::Table.into_iden(),
            UserBadges::Table.into_iden(),
            Badges::Table.into_iden(),
            RewardDaily::Table.into_iden(),
            RewardEvents::Table.into_iden(),
            RewardRules::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .get_connection()
            .execute_unprepared("UPDATE users SET points = 0, level = 0")
            .await?;
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Points,
}

#[derive(DeriveIden)]
enum Comments {
    Table,
    AuthorId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Tags {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Threads {
    Table,
    FeaturedAt,
    FeaturedBy,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Detail,
}

#[derive(DeriveIden)]
enum RewardRules {
    Table,
    Key,
    Points,
    Enabled,
    Capped,
    Description,
    UpdatedAt,
    UpdatedBy,
}

#[derive(DeriveIden)]
enum RewardEvents {
    Table,
    Id,
    UserId,
    Rule,
    Entry,
    Cycle,
    Points,
    RulePoints,
    SourceKind,
    SourceId,
    ActorId,
    ThreadId,
    CourseId,
    ReversesId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RewardDaily {
    Table,
    UserId,
    Day,
    Rule,
    Points,
    Entries,
}

#[derive(DeriveIden)]
enum Badges {
    Table,
    Key,
    Tier,
    Threshold,
    Name,
    Description,
}

#[derive(DeriveIden)]
enum UserBadges {
    Table,
    Id,
    UserId,
    Badge,
    SubjectId,
    AwardedAt,
}

#[derive(DeriveIden)]
enum Certifications {
    Table,
    Id,
    UserId,
    Note,
    GrantedBy,
    GrantedAt,
    RevokedBy,
    RevokedAt,
    RevokeReason,
}

#[derive(DeriveIden)]
enum CertificationTags {
    Table,
    CertificationId,
    TagId,
}

#[derive(DeriveIden)]
enum Payouts {
    Table,
    Id,
    CreatorId,
    AmountCents,
    Currency,
    Status,
    RequestedAt,
    DecidedBy,
    DecidedAt,
    Reason,
}

#[derive(DeriveIden)]
enum EarningEntries {
    Table,
    Id,
    CreatorId,
    Kind,
    AmountCents,
    Currency,
    CourseId,
    EnrollmentId,
    PayoutId,
    AvailableAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum VoteRingSuspects {
    Table,
    UserA,
    UserB,
    VotesAToB,
    VotesBToA,
    VotesOfA,
    VotesOfB,
    DetectedAt,
    LastSeenAt,
}
