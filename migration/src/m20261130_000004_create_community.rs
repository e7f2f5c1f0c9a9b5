//! Community: threads (community-wide or in a course), answers, comments,
//! votes, edit history, thread tags, bookmarks, follows and notifications.
//!
//! Counters lists show and sort by (score, up- and downvotes, answers,
//! comments, HOT rank, last activity) live on the thread and answer rows and
//! change in the same transaction as their cause. Uniqueness that must hold
//! under concurrency (one vote per user and target, one bookmark, one follow)
//! is a primary key.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn index(
    name: &str,
    table: impl IntoIden + Clone,
    columns: &[&dyn IdenClone],
) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for column in columns {
        index.col(column.iden());
    }
    index.to_owned()
}

/// An iden usable in a list of index columns.
trait IdenClone: Send + Sync {
    fn iden(&self) -> DynIden;
}

impl<T: Iden + Clone + Send + Sync + 'static> IdenClone for T {
    fn iden(&self) -> DynIden {
        self.clone().into_iden()
    }
}

fn fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(on_delete)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict};

        manager
            .create_table(
                Table::create()
                    .table(Threads::Table)
                    .col(big_pk_auto(Threads::Id))
                    .col(big_integer_null(Threads::CourseId))
                    .col(big_integer(Threads::AuthorId))
                    .col(string_len(Threads::Kind, 16))
                    .col(string_len(Threads::Title, 200))
                    .col(text(Threads::Body))
                    .col(text(Threads::BodyHtml))
                    .col(big_integer(Threads::Score).default(0))
                    .col(big_integer(Threads::Upvotes).default(0))
                    .col(big_integer(Threads::Downvotes).default(0))
                    .col(big_integer(Threads::AnswerCount).default(0))
                    .col(big_integer(Threads::CommentCount).default(0))
                    .col(big_integer_null(Threads::AcceptedAnswerId))
                    .col(double(Threads::HotRank))
                    .col(timestamp_with_time_zone(Threads::LastActivityAt))
                    .col(timestamp_with_time_zone_null(Threads::EditedAt))
                    .col(timestamp_with_time_zone_null(Threads::DeletedAt))
                    .col(timestamp_with_time_zone_null(Threads::LockedAt))
                    .col(timestamp_with_time_zone(Threads::CreatedAt))
                    .col(timestamp_with_time_zone(Threads::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_threads_course",
                        (Threads::Table, Threads::CourseId),
                        (Courses::Table, Courses::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_threads_author",
                        (Threads::Table, Threads::AuthorId),
                        (Users::Table, Users::Id),
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        // One index per list order, the course first (NULL: community-wide).
        for (name, column) in [
            ("idx_threads_hot", Threads::HotRank),
            ("idx_threads_new", Threads::CreatedAt),
            ("idx_threads_top", Threads::Score),
            ("idx_threads_active", Threads::LastActivityAt),
        ] {
            manager
                .create_index(index(
                    name,
                    Threads::Table,
                    &[&Threads::CourseId, &column, &Threads::Id],
                ))
                .await?;
        }
        manager
            .create_index(index(
                "idx_threads_author",
                Threads::Table,
                &[&Threads::AuthorId, &Threads::Id],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Answers::Table)
                    .col(big_pk_auto(Answers::Id))
                    .col(big_integer(Answers::ThreadId))
                    .col(big_integer(Answers::AuthorId))
                    .col(text(Answers::Body))
                    .col(text(Answers::BodyHtml))
                    .col(boolean(Answers::Accepted).default(false))
                    .col(big_integer(Answers::Score).default(0))
                    .col(big_integer(Answers::Upvotes).default(0))
                    .col(big_integer(Answers::Downvotes).default(0))
                    .col(big_integer(Answers::CommentCount).default(0))
                    .col(timestamp_with_time_zone_null(Answers::EditedAt))
                    .col(timestamp_with_time_zone_null(Answers::DeletedAt))
                    .col(timestamp_with_time_zone(Answers::CreatedAt))
                    .col(timestamp_with_time_zone(Answers::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_answers_thread",
                        (Answers::Table, Answers::ThreadId),
                        (Threads::Table, Threads::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_answers_author",
                        (Answers::Table, Answers::AuthorId),
                        (Users::Table, Users::Id),
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        // A thread's answers: accepted first, then by score, then oldest.
        manager
            .create_index(index(
                "idx_answers_thread_order",
                Answers::Table,
                &[
                    &Answers::ThreadId,
                    &Answers::Accepted,
                    &Answers::Score,
                    &Answers::Id,
                ],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_answers_author",
                Answers::Table,
                &[&Answers::AuthorId, &Answers::Id],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Comments::Table)
                    .col(big_pk_auto(Comments::Id))
                    .col(big_integer(Comments::ThreadId))
                    .col(big_integer_null(Comments::AnswerId))
                    .col(big_integer(Comments::AuthorId))
                    .col(text(Comments::Body))
                    .col(text(Comments::BodyHtml))
                    .col(timestamp_with_time_zone_null(Comments::EditedAt))
                    .col(timestamp_with_time_zone_null(Comments::DeletedAt))
                    .col(timestamp_with_time_zone(Comments::CreatedAt))
                    .col(timestamp_with_time_zone(Comments::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_comments_thread",
                        (Comments::Table, Comments::ThreadId),
                        (Threads::Table, Threads::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_comments_answer",
                        (Comments::Table, Comments::AnswerId),
                        (Answers::Table, Answers::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_comments_author",
                        (Comments::Table, Comments::AuthorId),
                        (Users::Table, Users::Id),
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        // Comments on a thread (answer NULL) or on one of its answers, by time.
        manager
            .create_index(index(
                "idx_comments_target",
                Comments::Table,
                &[&Comments::ThreadId, &Comments::AnswerId, &Comments::Id],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_comments_answer",
                Comments::Table,
                &[&Comments::AnswerId, &Comments::Id],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Votes::Table)
                    .col(big_integer(Votes::UserId))
                    .col(string_len(Votes::TargetKind, 16))
                    .col(big_integer(Votes::TargetId))
                    .col(small_integer(Votes::Value))
                    .col(timestamp_with_time_zone(Votes::CreatedAt))
                    .col(timestamp_with_time_zone(Votes::UpdatedAt))
                    .primary_key(
                        Index::create()
                            .col(Votes::UserId)
                            .col(Votes::TargetKind)
                            .col(Votes::TargetId),
                    )
                    .foreign_key(&mut fk(
                        "fk_votes_user",
                        (Votes::Table, Votes::UserId),
                        (Users::Table, Users::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_votes_target",
                Votes::Table,
                &[&Votes::TargetKind, &Votes::TargetId],
            ))
            .await?;

        // Earlier versions of edited posts, for staff.
        manager
            .create_table(
                Table::create()
                    .table(PostRevisions::Table)
                    .col(big_pk_auto(PostRevisions::Id))
                    .col(string_len(PostRevisions::TargetKind, 16))
                    .col(big_integer(PostRevisions::TargetId))
                    .col(big_integer(PostRevisions::EditorId))
                    .col(string_len_null(PostRevisions::Title, 200))
                    .col(text(PostRevisions::Body))
                    .col(timestamp_with_time_zone(PostRevisions::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_post_revisions_editor",
                        (PostRevisions::Table, PostRevisions::EditorId),
                        (Users::Table, Users::Id),
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_post_revisions_target",
                PostRevisions::Table,
                &[
                    &PostRevisions::TargetKind,
                    &PostRevisions::TargetId,
                    &PostRevisions::Id,
                ],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ThreadTags::Table)
                    .col(big_integer(ThreadTags::ThreadId))
                    .col(big_integer(ThreadTags::TagId))
                    .primary_key(
                        Index::create()
                            .col(ThreadTags::ThreadId)
                            .col(ThreadTags::TagId),
                    )
                    .foreign_key(&mut fk(
                        "fk_thread_tags_thread",
                        (ThreadTags::Table, ThreadTags::ThreadId),
                        (Threads::Table, Threads::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_thread_tags_tag",
                        (ThreadTags::Table, ThreadTags::TagId),
                        (Tags::Table, Tags::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_thread_tags_tag",
                ThreadTags::Table,
                &[&ThreadTags::TagId, &ThreadTags::ThreadId],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Bookmarks::Table)
                    .col(big_integer(Bookmarks::UserId))
                    .col(big_integer(Bookmarks::ThreadId))
                    .col(timestamp_with_time_zone(Bookmarks::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(Bookmarks::UserId)
                            .col(Bookmarks::ThreadId),
                    )
                    .foreign_key(&mut fk(
                        "fk_bookmarks_user",
                        (Bookmarks::Table, Bookmarks::UserId),
                        (Users::Table, Users::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_bookmarks_thread",
                        (Bookmarks::Table, Bookmarks::ThreadId),
                        (Threads::Table, Threads::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_bookmarks_user_newest",
                Bookmarks::Table,
                &[
                    &Bookmarks::UserId,
                    &Bookmarks::CreatedAt,
                    &Bookmarks::ThreadId,
                ],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Follows::Table)
                    .col(big_integer(Follows::UserId))
                    .col(string_len(Follows::TargetKind, 16))
                    .col(big_integer(Follows::TargetId))
                    .col(timestamp_with_time_zone(Follows::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(Follows::UserId)
                            .col(Follows::TargetKind)
                            .col(Follows::TargetId),
                    )
                    .foreign_key(&mut fk(
                        "fk_follows_user",
                        (Follows::Table, Follows::UserId),
                        (Users::Table, Users::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        // Fan-out: who follows this thread, tag or user.
        manager
            .create_index(index(
                "idx_follows_target",
                Follows::Table,
                &[&Follows::TargetKind, &Follows::TargetId, &Follows::UserId],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Notifications::Table)
                    .col(big_pk_auto(Notifications::Id))
                    .col(big_integer(Notifications::UserId))
                    .col(string_len(Notifications::Kind, 32))
                    .col(big_integer_null(Notifications::ActorId))
                    .col(big_integer_null(Notifications::ThreadId))
                    .col(big_integer_null(Notifications::AnswerId))
                    .col(big_integer_null(Notifications::CommentId))
                    .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                    .col(timestamp_with_time_zone(Notifications::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_notifications_user",
                        (Notifications::Table, Notifications::UserId),
                        (Users::Table, Users::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_notifications_thread",
                        (Notifications::Table, Notifications::ThreadId),
                        (Threads::Table, Threads::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_notifications_user",
                Notifications::Table,
                &[&Notifications::UserId, &Notifications::Id],
            ))
            .await?;
        // The unread count reads only unread rows.
        manager
            .create_index(
                Index::create()
                    .name("idx_notifications_unread")
                    .table(Notifications::Table)
                    .col(Notifications::UserId)
                    .col(Notifications::Id)
                    .and_where(Expr::col(Notifications::ReadAt).is_null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Notifications::Table.into_iden(),
            Follows::Table.into_iden(),
            Bookmarks::Table.into_iden(),
            ThreadTags::Table.into_iden(),
            PostRevisions::Table.into_iden(),
            Votes::Table.into_iden(),
            Comments::Table.into_iden(),
            Answers::Table.into_iden(),
            Threads::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden, Clone)]
enum Courses {
    Table,
    Id,
}

#[derive(DeriveIden, Clone)]
enum Tags {
    Table,
    Id,
}

#[derive(DeriveIden, Clone)]
enum Threads {
    Table,
    Id,
    CourseId,
    AuthorId,
    Kind,
    Title,
    Body,
    BodyHtml,
    Score,
    Upvotes,
    Downvotes,
    AnswerCount,
    CommentCount,
    AcceptedAnswerId,
    HotRank,
    LastActivityAt,
    EditedAt,
    DeletedAt,
    LockedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone)]
enum Answers {
    Table,
    Id,
    ThreadId,
    AuthorId,
    Body,
    BodyHtml,
    Accepted,
    Score,
    Upvotes,
    Downvotes,
    CommentCount,
    EditedAt,
    DeletedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone)]
enum Comments {
    Table,
    Id,
    ThreadId,
    AnswerId,
    AuthorId,
    Body,
    BodyHtml,
    EditedAt,
    DeletedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone)]
enum Votes {
    Table,
    UserId,
    TargetKind,
    TargetId,
    Value,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone)]
enum PostRevisions {
    Table,
    Id,
    TargetKind,
    TargetId,
    EditorId,
    Title,
    Body,
    CreatedAt,
}

#[derive(DeriveIden, Clone)]
enum ThreadTags {
    Table,
    ThreadId,
    TagId,
}

#[derive(DeriveIden, Clone)]
enum Bookmarks {
    Table,
    UserId,
    ThreadId,
    CreatedAt,
}

#[derive(DeriveIden, Clone)]
enum Follows {
    Table,
    UserId,
    TargetKind,
    TargetId,
    CreatedAt,
}

#[derive(DeriveIden, Clone)]
enum Notifications {
    Table,
    Id,
    UserId,
    Kind,
    ActorId,
    ThreadId,
    AnswerId,
    CommentId,
    ReadAt,
    CreatedAt,
}
