//! Members' reports (flags): each one joins the open queue item of its
//! target, adding the reporter's weight; enough weight hides a post until
//! a moderator reviews it.

use chrono::{DateTime, Utc};
use entity::{
    moderation_items::{self, Source, Status as ItemStatus, TargetType},
    notifications::{self, Kind},
    reports::{self, Reason, Status},
    threads::HiddenReason,
    users::{self, Status as UserStatus},
    votes::PostKind,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, ExprTrait, FromQueryResult, QueryFilter,
    Set, SqlErr, Statement, TransactionSession, sea_query::Expr,
};

use super::{ModerationSettings, is_staff, log};
use crate::{
    auth::Viewer,
    error::{ApiError, ApiResult},
    services::{
        Db,
        community::{
            Notifying, answers as answer_service, comments as comment_service,
            threads as thread_service,
            visibility::{self, Post},
        },
        rewards::{Level, RewardSettings},
        search::query::placeholders,
        users as user_service,
    },
};

/// Longest note a report (or a resolution) may carry.
pub const NOTE_MAX: usize = 500;

/// A report as the member files it.
#[derive(Debug, Clone)]
pub struct NewReport {
    pub target_type: TargetType,
    pub target_id: i64,
    pub reason: Reason,
    pub note: Option<String>,
}

/// A trimmed note of at most `NOTE_MAX` characters; blank is None.
pub fn clean_note(field: &str, note: Option<&str>) -> ApiResult<Option<String>> {
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > NOTE_MAX) {
        return Err(ApiError::bad_input(
            field,
            format!("a note has at most {NOTE_MAX} characters"),
        ));
    }
    Ok(note.map(str::to_owned))
}

/// How much a reporter's reports weigh: `level factor × accuracy`.
///
/// - Level factor: Novice 1.0, Intermediate 1.25, Advanced 1.5, Expert 2.0;
///   moderators and administrators 3.0.
/// - Accuracy: `2 × (upheld + 1) / (upheld + dismissed + 2)` over the
///   reporter's resolved reports (Laplace-smoothed): 1.0 for a new
///   reporter, towards 0 for one whose reports are always dismissed,
///   towards 2 for one whose reports are always upheld.
pub async fn reporter_weight(
    db: &impl Db,
    reporter: &users::Model,
    rewards: &RewardSettings,
) -> ApiResult<f64> {
    let factor = if reporter.role == users::Role::Moderator || reporter.role == users::Role::Admin {
        3.0
    } else {
        match Level::of_points(reporter.points, rewards) {
            Level::Novice => 1.0,
            Level::Intermediate => 1.25,
            Level::Advanced => 1.5,
            Level::Expert => 2.0,
        }
    };
    Ok(factor * accuracy(db, reporter.id).await?)
}

#[derive(Debug, FromQueryResult)]
struct Outcomes {
    upheld: Option<i64>,
    dismissed: Option<i64>,
}

/// A reporter's accuracy (see `reporter_weight`).
pub async fn accuracy(db: &impl Db, reporter_id: i64) -> ApiResult<f64> {
    let backend = db.get_database_backend();
    let outcomes = Outcomes::find_by_statement(Statement::from_sql_and_values(
        backend,
        placeholders(
            backend,
            "SELECT SUM(CASE WHEN status = 'UPHELD' THEN 1 ELSE 0 END) AS upheld, \
               SUM(CASE WHEN status = 'DISMISSED' THEN 1 ELSE 0 END) AS dismissed \
             FROM reports WHERE reporter_id = ?",
        ),
        [reporter_id.into()],
    ))
    .one(db)
    .await?;
    let (upheld, dismissed) = outcomes.map_or((0, 0), |o| {
        (o.upheld.unwrap_or(0), o.dismissed.unwrap_or(0))
    });
    Ok(2.0 * (upheld + 1) as f64 / (upheld + dismissed + 2) as f64)
}

/// What was reported, as loaded for the checks.
enum Target {
    Post(Post),
    User(users::Model),
}

impl Target {
    fn owner(&self) -> i64 {
        match self {
            Target::Post(post) => post.author_id(),
            Target::User(user) => user.id,
        }
    }
}

/// Loads the target as the reporter may read it: NOT_FOUND for what they
/// may not read, a tombstone, or a deleted account.
async fn readable_target(
    db: &impl Db,
    viewer: &Viewer,
    target_type: TargetType,
    id: i64,
) -> ApiResult<Target> {
    let post = match target_type {
        TargetType::Thread => {
            Post::Thread(thread_service::find_readable(db, Some(viewer), id).await?)
        }
        TargetType::Answer => {
            let (answer, thread) = answer_service::find_readable(db, Some(viewer), id).await?;
            if thread.deleted_at.is_some() {
                return Err(ApiError::NotFound("answer"));
            }
            Post::Answer(answer)
        }
        TargetType::Comment => {
            let (comment, thread) = comment_service::find_readable(db, Some(viewer), id).await?;
            if thread.deleted_at.is_some() {
                return Err(ApiError::NotFound("comment"));
            }
            Post::Comment(comment)
        }
        TargetType::User => {
            let user = user_service::find(db, id).await?;
            if user.status == UserStatus::Deleted {
                return Err(ApiError::NotFound("user"));
            }
            return Ok(Target::User(user));
        }
        _ => {
            return Err(ApiError::bad_input(
                "input.targetId",
                "only threads, answers, comments and users can be reported",
            ));
        }
    };
    if post.is_deleted() {
        return Err(ApiError::NotFound(match post.kind() {
            PostKind::Thread => "thread",
            PostKind::Answer => "answer",
            PostKind::Comment => "comment",
        }));
    }
    Ok(Target::Post(post))
}

pub(super) fn is_unique_violation(err: &DbErr) -> bool {
    matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

/// The open item of a target from members' reports, created if there is
/// none. The partial unique index decides between concurrent reporters;
/// the loser's failed insert is contained in a savepoint.
async fn open_item(
    db: &impl Db,
    target_type: TargetType,
    target_id: i64,
    now: DateTime<Utc>,
) -> ApiResult<moderation_items::Model> {
    let savepoint = db.begin().await?;
    let inserted = moderation_items::ActiveModel {
        target_type: Set(target_type),
        target_id: Set(target_id),
        related_user_id: Set(None),
        source: Set(Source::Reports),
        status: Set(ItemStatus::Open),
        weight: Set(0.0),
        report_count: Set(0),
        top_reason: Set(None),
        detail: Set(None),
        auto_hidden: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&savepoint)
    .await;
    match inserted {
        Ok(item) => {
            savepoint.commit().await?;
            Ok(item)
        }
        Err(err) if is_unique_violation(&err) => {
            savepoint.rollback().await?;
            // An open item of another source (a held post) takes the reports.
            moderation_items::Entity::find()
                .filter(moderation_items::Column::TargetType.eq(target_type))
                .filter(moderation_items::Column::TargetId.eq(target_id))
                .filter(moderation_items::Column::Status.eq(ItemStatus::Open))
                .filter(moderation_items::Column::Source.ne(Source::VoteRing))
                .one(db)
                .await?
                .ok_or_else(|| ApiError::conflict("input.targetId", "try again"))
        }
        Err(err) => Err(err.into()),
    }
}

#[derive(Debug, FromQueryResult)]
struct ReasonCount {
    reason: String,
}

/// The reason most of an item's open reports give (ties: the heavier).
async fn top_reason(db: &impl Db, item_id: i64) -> ApiResult<Option<Reason>> {
    let backend = db.get_database_backend();
    let top = ReasonCount::find_by_statement(Statement::from_sql_and_values(
        backend,
        placeholders(
            backend,
            "SELECT reason FROM reports WHERE item_id = ? AND status = 'OPEN' \
             GROUP BY reason ORDER BY COUNT(*) DESC, SUM(weight) DESC, reason LIMIT 1",
        ),
        [item_id.into()],
    ))
    .one(db)
    .await?;
    Ok(top.and_then(|t| {
        use sea_orm::ActiveEnum;
        Reason::try_from_value(&t.reason).ok()
    }))
}

/// Writes one notification about a moderation outcome.
pub(super) async fn tell(
    db: &impl Db,
    user_id: i64,
    kind: Kind,
    actor_id: Option<i64>,
    post: Option<&Post>,
    detail: &str,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let (thread_id, answer_id, comment_id) = match post {
        Some(Post::Thread(t)) => (Some(t.id), None, None),
        Some(Post::Answer(a)) => (Some(a.thread_id), Some(a.id), None),
        Some(Post::Comment(c)) => (Some(c.thread_id), c.answer_id, Some(c.id)),
        None => (None, None, None),
    };
    notifications::ActiveModel {
        user_id: Set(user_id),
        kind: Set(kind),
        actor_id: Set(actor_id),
        thread_id: Set(thread_id),
        answer_id: Set(answer_id),
        comment_id: Set(comment_id),
        detail: Set(Some(detail.to_owned())),
        read_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Files a report. One open report per reporter and target (CONFLICT for a
/// second); members cannot report themselves or their own posts. Returns
/// the report, and who was notified (the author, when it hid their post).
#[tracing::instrument(skip_all, fields(viewer = viewer.id(), target = input.target_id))]
pub async fn report(
    db: &impl Db,
    viewer: &Viewer,
    rewards: &RewardSettings,
    settings: &ModerationSettings,
    input: NewReport,
    now: DateTime<Utc>,
) -> ApiResult<Notifying<reports::Model>> {
    viewer.ensure_can_write(now)?;
    let note = clean_note("input.note", input.note.as_deref())?;
    if input.reason == Reason::Other && note.is_none() {
        return Err(ApiError::bad_input(
            "input.note",
            "say what is wrong when the reason is OTHER",
        ));
    }
    let target = readable_target(db, viewer, input.target_type, input.target_id).await?;
    if target.owner() == viewer.id() {
        return Err(ApiError::bad_input(
            "input.targetId",
            "you cannot report yourself or your own posts",
        ));
    }
    let weight = reporter_weight(db, &viewer.user, rewards).await?;

    let txn = db.begin().await?;
    let item = open_item(&txn, input.target_type, input.target_id, now).await?;
    let inserted = reports::ActiveModel {
        item_id: Set(item.id),
        reporter_id: Set(viewer.id()),
        target_type: Set(input.target_type),
        target_id: Set(input.target_id),
        reason: Set(input.reason),
        note: Set(note),
        weight: Set(weight),
        status: Set(Status::Open),
        created_at: Set(now),
        resolved_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let report = match inserted {
        Ok(report) => report,
        Err(err) if is_unique_violation(&err) => {
            txn.rollback().await?;
            return Err(ApiError::conflict(
                "input.targetId",
                "you have already reported this; a moderator will review it",
            ));
        }
        Err(err) => return Err(err.into()),
    };
    let top = top_reason(&txn, item.id).await?;
    let item = moderation_items::Entity::update_many()
        .col_expr(
            moderation_items::Column::Weight,
            Expr::col(moderation_items::Column::Weight).add(weight),
        )
        .col_expr(
            moderation_items::Column::ReportCount,
            Expr::col(moderation_items::Column::ReportCount).add(1),
        )
        .col_expr(moderation_items::Column::TopReason, Expr::val(top))
        .col_expr(moderation_items::Column::UpdatedAt, Expr::val(now))
        .filter(moderation_items::Column::Id.eq(item.id))
        .exec_with_returning(&txn)
        .await?
        .pop()
        .ok_or(ApiError::NotFound("moderation item"))?;

    let mut notified = Vec::new();
    if let Target::Post(post) = &target
        && item.weight >= settings.auto_hide_report_weight
        && !item.auto_hidden
        && let Some(hidden) = visibility::hide(&txn, post, HiddenReason::Reports, now).await?
    {
        moderation_items::Entity::update_many()
            .col_expr(moderation_items::Column::AutoHidden, Expr::val(true))
            .filter(moderation_items::Column::Id.eq(item.id))
            .exec(&txn)
            .await?;
        log::append(
            &txn,
            log::Entry::new(None, log::Action::AutoHide, post.target_type(), post.id())
                .reason(Some(&format!(
                    "{} reports weighing {:.2}",
                    item.report_count, item.weight
                )))
                .before(post.summary())
                .after(hidden.summary()),
            now,
        )
        .await?;
        tell(
            &txn,
            post.author_id(),
            Kind::Moderation,
            None,
            Some(&hidden),
            "HIDE_CONTENT",
            now,
        )
        .await?;
        notified.push(post.author_id());
    }
    txn.commit().await?;
    Ok(Notifying {
        value: report,
        notified,
    })
}

/// Whether the viewer may see who filed a report (staff only).
pub fn sees_reporters(viewer: Option<&Viewer>) -> bool {
    viewer.is_some_and(is_staff)
}
