//! Courses: the catalogue, lessons, enrolments (the purchase record), lesson
//! progress, reviews and course tags.
//!
//! Counters the catalogue shows and sorts by (active enrolments, rating sum,
//! count and per-star histogram, lessons) live on the course row and change in the same transaction as
//! their cause, so the catalogue page reads one row per course.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Courses::Table)
                    .col(big_pk_auto(Courses::Id))
                    .col(big_integer(Courses::CreatorId))
                    .col(string_len(Courses::Title, 200))
                    .col(string_len_uniq(Courses::Slug, 120))
                    .col(string_len(Courses::Summary, 500))
                    .col(text(Courses::Description))
                    .col(text(Courses::DescriptionHtml))
                    .col(string_len(Courses::Level, 16))
                    .col(big_integer(Courses::PriceCents))
                    .col(string_len(Courses::Currency, 3))
                    .col(string_len_null(Courses::CoverUrl, 2048))
                    .col(string_len(Courses::Status, 16))
                    .col(text(Courses::SearchText))
                    .col(big_integer(Courses::EnrollmentCount).default(0))
                    .col(big_integer(Courses::RatingCount).default(0))
                    .col(big_integer(Courses::RatingSum).default(0))
                    .col(double(Courses::RatingScore).default(0.0))
                    .col(big_integer(Courses::Stars1).default(0))
                    .col(big_integer(Courses::Stars2).default(0))
                    .col(big_integer(Courses::Stars3).default(0))
                    .col(big_integer(Courses::Stars4).default(0))
                    .col(big_integer(Courses::Stars5).default(0))
                    .col(integer(Courses::LessonCount).default(0))
                    .col(timestamp_with_time_zone_null(Courses::PublishedAt))
                    .col(timestamp_with_time_zone(Courses::CreatedAt))
                    .col(timestamp_with_time_zone(Courses::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_courses_creator")
                            .from(Courses::Table, Courses::CreatorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        // One index per catalogue order (status first: only published courses list).
        for (name, columns) in [
            ("idx_courses_creator", vec![Courses::CreatorId, Courses::Id]),
            (
                "idx_courses_newest",
                vec![Courses::Status, Courses::PublishedAt, Courses::Id],
            ),
            (
                "idx_courses_popular",
                vec![Courses::Status, Courses::EnrollmentCount, Courses::Id],
            ),
            (
                "idx_courses_top_rated",
                vec![Courses::Status, Courses::RatingScore, Courses::Id],
            ),
            (
                "idx_courses_price",
                vec![Courses::Status, Courses::PriceCents, Courses::Id],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(Courses::Table);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(Lessons::Table)
                    .col(big_pk_auto(Lessons::Id))
                    .col(big_integer(Lessons::CourseId))
                    .col(integer(Lessons::Position))
                    .col(string_len(Lessons::Title, 200))
                    .col(text(Lessons::Body))
                    .col(text(Lessons::BodyHtml))
                    .col(boolean(Lessons::FreePreview).default(false))
                    .col(integer(Lessons::DurationMinutes))
                    .col(timestamp_with_time_zone(Lessons::CreatedAt))
                    .col(timestamp_with_time_zone(Lessons::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_lessons_course")
                            .from(Lessons::Table, Lessons::CourseId)
                            .to(Courses::Table, Courses::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_lessons_course_position")
                    .table(Lessons::Table)
                    .col(Lessons::CourseId)
                    .col(Lessons::Position)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Enrollments::Table)
                    .col(big_pk_auto(Enrollments::Id))
                    .col(big_integer(Enrollments::UserId))
                    .col(big_integer(Enrollments::CourseId))
                    .col(big_integer(Enrollments::PricePaidCents))
                    .col(string_len(Enrollments::Currency, 3))
                    .col(string_len(Enrollments::IdempotencyKey, 100))
                    .col(timestamp_with_time_zone(Enrollments::CreatedAt))
                    .col(timestamp_with_time_zone_null(Enrollments::CompletedAt))
                    .col(timestamp_with_time_zone_null(Enrollments::RefundedAt))
                    .col(text_null(Enrollments::RefundReason))
                    .col(big_integer_null(Enrollments::RefundedBy))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_enrollments_user")
                            .from(Enrollments::Table, Enrollments::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_enrollments_course")
                            .from(Enrollments::Table, Enrollments::CourseId)
                            .to(Courses::Table, Courses::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        // One live enrolment per learner and course, whatever the concurrency;
        // a refunded one does not block buying again.
        manager
            .create_index(
                Index::create()
                    .name("uniq_enrollments_active")
                    .table(Enrollments::Table)
                    .col(Enrollments::UserId)
                    .col(Enrollments::CourseId)
                    .unique()
                    .and_where(Expr::col(Enrollments::RefundedAt).is_null())
                    .to_owned(),
            )
            .await?;
        // A replayed request (same learner, same key) finds the first result.
        manager
            .create_index(
                Index::create()
                    .name("uniq_enrollments_idempotency")
                    .table(Enrollments::Table)
                    .col(Enrollments::UserId)
                    .col(Enrollments::IdempotencyKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_enrollments_course")
                    .table(Enrollments::Table)
                    .col(Enrollments::CourseId)
                    .col(Enrollments::Id)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(LessonProgress::Table)
                    .col(big_integer(LessonProgress::UserId))
                    .col(big_integer(LessonProgress::LessonId))
                    .col(big_integer(LessonProgress::CourseId))
                    .col(timestamp_with_time_zone(LessonProgress::CompletedAt))
                    .primary_key(
                        Index::create()
                            .col(LessonProgress::UserId)
                            .col(LessonProgress::LessonId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_lesson_progress_user")
                            .from(LessonProgress::Table, LessonProgress::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_lesson_progress_lesson")
                            .from(LessonProgress::Table, LessonProgress::LessonId)
                            .to(Lessons::Table, Lessons::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_lesson_progress_user_course")
                    .table(LessonProgress::Table)
                    .col(LessonProgress::UserId)
                    .col(LessonProgress::CourseId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Reviews::Table)
                    .col(big_pk_auto(Reviews::Id))
                    .col(big_integer(Reviews::CourseId))
                    .col(big_integer(Reviews::UserId))
                    .col(small_integer(Reviews::Rating))
                    .col(text(Reviews::Body))
                    .col(integer(Reviews::HelpfulCount).default(0))
                    .col(timestamp_with_time_zone(Reviews::CreatedAt))
                    .col(timestamp_with_time_zone(Reviews::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reviews_course")
                            .from(Reviews::Table, Reviews::CourseId)
                            .to(Courses::Table, Courses::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reviews_user")
                            .from(Reviews::Table, Reviews::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uniq_reviews_course_user")
                    .table(Reviews::Table)
                    .col(Reviews::CourseId)
                    .col(Reviews::UserId)
                    .unique()
                    .to_owned(),
            )
            .await?;

        // "This review helped me": one mark per reader, counted on the review.
        manager
            .create_table(
                Table::create()
                    .table(ReviewHelpfulMarks::Table)
                    .col(big_integer(ReviewHelpfulMarks::ReviewId))
                    .col(big_integer(ReviewHelpfulMarks::UserId))
                    .col(timestamp_with_time_zone(ReviewHelpfulMarks::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(ReviewHelpfulMarks::ReviewId)
                            .col(ReviewHelpfulMarks::UserId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_review_helpful_marks_review")
                            .from(ReviewHelpfulMarks::Table, ReviewHelpfulMarks::ReviewId)
                            .to(Reviews::Table, Reviews::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_review_helpful_marks_user")
                            .from(ReviewHelpfulMarks::Table, ReviewHelpfulMarks::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CourseTags::Table)
                    .col(big_integer(CourseTags::CourseId))
                    .col(big_integer(CourseTags::TagId))
                    .primary_key(
                        Index::create()
                            .col(CourseTags::CourseId)
                            .col(CourseTags::TagId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_course_tags_course")
                            .from(CourseTags::Table, CourseTags::CourseId)
                            .to(Courses::Table, Courses::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_course_tags_tag")
                            .from(CourseTags::Table, CourseTags::TagId)
                            .to(Tags::Table, Tags::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_course_tags_tag")
                    .table(CourseTags::Table)
                    .col(CourseTags::TagId)
                    .col(CourseTags::CourseId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            CourseTags::Table.into_iden(),
            ReviewHelpfulMarks::Table.into_iden(),
            Reviews::Table.into_iden(),
            LessonProgress::Table.into_iden(),
            Enrollments::Table.into_iden(),
            Lessons::Table.into_iden(),
            Courses::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Tags {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Courses {
    Table,
    Id,
    CreatorId,
    Title,
    Slug,
    Summary,
    Description,
    DescriptionHtml,
    Level,
    PriceCents,
    Currency,
    CoverUrl,
    Status,
    SearchText,
    EnrollmentCount,
    RatingCount,
    RatingSum,
    RatingScore,
    #[sea_orm(iden = "stars_1")]
    Stars1,
    #[sea_orm(iden = "stars_2")]
    Stars2,
    #[sea_orm(iden = "stars_3")]
    Stars3,
    #[sea_orm(iden = "stars_4")]
    Stars4,
    #[sea_orm(iden = "stars_5")]
    Stars5,
    LessonCount,
    PublishedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Lessons {
    Table,
    Id,
    CourseId,
    Position,
    Title,
    Body,
    BodyHtml,
    FreePreview,
    DurationMinutes,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Enrollments {
    Table,
    Id,
    UserId,
    CourseId,
    PricePaidCents,
    Currency,
    IdempotencyKey,
    CreatedAt,
    CompletedAt,
    RefundedAt,
    RefundReason,
    RefundedBy,
}

#[derive(DeriveIden)]
enum LessonProgress {
    Table,
    UserId,
    LessonId,
    CourseId,
    CompletedAt,
}

#[derive(DeriveIden)]
enum Reviews {
    Table,
    Id,
    CourseId,
    UserId,
    Rating,
    Body,
    HelpfulCount,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ReviewHelpfulMarks {
    Table,
    ReviewId,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CourseTags {
    Table,
    CourseId,
    TagId,
}
