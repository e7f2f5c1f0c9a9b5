//! Threads: asking and discussing, community-wide or inside a course;
//! editing with a history, tombstones, and the lists (HOT, NEW, TOP, ACTIVE).

use chrono::{DateTime, Utc};
use entity::{
    follows, tags, thread_tags,
    threads::{self, Kind},
    votes::PostKind,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, ExprTrait, QueryFilter, Set,
    TransactionSession,
    sea_query::{Expr, Query},
};

use super::{
    BODY_MAX, Notifying, TAGS_MAX, TITLE_MAX, access, hot_rank,
    notifications::{self, Cause, Recipients},
    revisions,
    visibility::{self, Post},
};
use crate::services::moderation::automod::{self, Automod};
use crate::services::rewards::{RewardSettings, ledger, privileges};
use crate::{
    auth::Viewer,
    error::{ApiError, ApiResult},
    services::{
        Db,
        columns::deferring,
        courses::catalogue,
        pagination::{KeyValue, KeysetOrder, Page, PageRequest, SortKey, paginate},
        search,
        tags::{self as tag_service, TagLink},
        validate,
    },
};

/// Columns lists leave out (see `services::columns`).
pub const LONG_TEXTS: &[threads::Column] = &[threads::Column::Body, threads::Column::BodyHtml];

impl TagLink for thread_tags::Entity {
    const OWNER: thread_tags::Column = thread_tags::Column::ThreadId;
    const TAG: thread_tags::Column = thread_tags::Column::TagId;

    fn link(owner_id: i64, tag_id: i64) -> thread_tags::ActiveModel {
        thread_tags::ActiveModel {
            thread_id: Set(owner_id),
            tag_id: Set(tag_id),
        }
    }
}

#[derive(Debug, Clone)]
pub struct NewThread {
    /// None: community-wide.
    pub course_id: Option<i64>,
    pub kind: Kind,
    pub title: String,
    pub body: String,
    pub tags: Vec<String>,
}

/// Fields to change; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ThreadChanges {
    pub title: Option<String>,
    pub body: Option<String>,
    pub tags: Option<Vec<String>>,
}

fn title(raw: &str) -> ApiResult<String> {
    validate::name("title", raw, TITLE_MAX, "a title")
}

fn body(raw: &str) -> ApiResult<String> {
    validate::markdown("body", raw, BODY_MAX)
}

/// Posts a thread. In a course, only its members may.
#[tracing::instrument(skip_all, fields(viewer = viewer.id()))]
pub async fn create(
    db: &impl Db,
    viewer: &Viewer,
    input: NewThread,
    rewards: &RewardSettings,
    automod: Automod<'_>,
    now: DateTime<Utc>,
) -> ApiResult<Notifying<threads::Model>> {
    viewer.ensure_can_write(now)?;
    let title = title(&input.title)?;
    let body = body(&input.body)?;
    privileges::ensure_may_post_links(viewer, rewards, &body)?;
    let tag_names = tag_service::normalise("tags", &input.tags, TAGS_MAX)?;
    if let Some(course_id) = input.course_id {
        // Hidden courses stay hidden: NOT_FOUND before FORBIDDEN.
        catalogue::find_visible(db, Some(viewer), course_id)
            .await
            .map_err(|err| err.not_found_as("course"))?;
        if !access::is_member(db, Some(viewer), course_id).await? {
            return Err(ApiError::forbidden(
                "only the course's enrolled learners, its creator and staff may post in it",
            ));
        }
    }
    let held = automod
        .screen(
            db,
            viewer,
            rewards,
            &[("title", &title), ("body", &body)],
            now,
        )
        .await?;
    let txn = db.begin().await?;
    // Under the author's row lock, so concurrent posts cannot pass the
    // daily limit together.
    ledger::lock_balance(&txn, viewer.id()).await?;
    privileges::ensure_may_start_thread(&txn, viewer, rewards, now).await?;
    let thread = threads::ActiveModel {
        course_id: Set(input.course_id),
        author_id: Set(viewer.id()),
        kind: Set(input.kind),
        body_html: Set(crate::text::markdown_to_safe_html(&body)),
        title: Set(title),
        body: Set(body),
        score: Set(0),
        upvotes: Set(0),
        downvotes: Set(0),
        answer_count: Set(0),
        comment_count: Set(0),
        accepted_answer_id: Set(None),
        hot_rank: Set(hot_rank(0, now)),
        last_activity_at: Set(now),
        edited_at: Set(None),
        deleted_at: Set(None),
        locked_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    super::touched_thread(thread.id);
    let tag_ids =
        tag_service::replace::<thread_tags::Entity>(&txn, thread.id, &tag_names, now).await?;
    search::index::put(&txn, search::index::thread_document(&thread, &tag_names)).await?;
    let thread = automod::apply(&txn, thread, held.as_ref(), now).await?;
    let mut followed = vec![(follows::Target::User, viewer.id())];
    followed.extend(tag_ids.into_iter().map(|tag| (follows::Target::Tag, tag)));
    // A held thread tells no one until a moderator approves it.
    let notified = if held.is_some() {
        Vec::new()
    } else {
        notifications::notify(
            &txn,
            &Cause::of_thread(viewer.id(), &thread),
            Recipients {
                mentioned: super::mentions(&thread.body),
                followers_of: followed,
                ..Default::default()
            },
            now,
        )
        .await?
    };
    txn.commit().await?;
    tracing::info!(thread_id = thread.id, "thread created");
    Ok(Notifying {
        value: thread,
        notified,
    })
}

/// A thread the viewer may read (tombstones included), or NOT_FOUND.
#[tracing::instrument(level = "debug", skip(db, viewer))]
pub async fn find_readable(
    db: &impl Db,
    viewer: Option<&Viewer>,
    thread_id: i64,
) -> ApiResult<threads::Model> {
    let thread = threads::Entity::find_by_id(thread_id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("thread"))?;
    access::ensure_readable(db, viewer, &thread).await?;
    Ok(thread)
}

/// The viewer's own live thread, for editing or deleting.
async fn find_own(db: &impl Db, viewer: &Viewer, thread_id: i64) -> ApiResult<threads::Model> {
    let thread = find_readable(db, Some(viewer), thread_id).await?;
    if thread.deleted_at.is_some() {
        return Err(ApiError::NotFound("thread"));
    }
    if thread.author_id != viewer.id() {
        return Err(ApiError::forbidden("only its author may change a thread"));
    }
    Ok(thread)
}

/// Edits the viewer's thread; the version it replaces goes to the history.
#[tracing::instrument(skip(db, viewer, changes, now), fields(viewer = viewer.id()))]
pub async fn update(
    db: &impl Db,
    viewer: &Viewer,
    thread_id: i64,
    changes: ThreadChanges,
    rewards: &RewardSettings,
    automod: Automod<'_>,
    now: DateTime<Utc>,
) -> ApiResult<threads::Model> {
    viewer.ensure_can_write(now)?;
    let new_title = changes.title.as_deref().map(title).transpose()?;
    let new_body = changes.body.as_deref().map(body).transpose()?;
    if let Some(body) = &new_body {
        privileges::ensure_may_post_links(viewer, rewards, body)?;
    }
    let new_tags = changes
        .tags
        .as_deref()
        .map(|names| tag_service::normalise("tags", names, TAGS_MAX))
        .transpose()?;
    let thread = find_own(db, viewer, thread_id).await?;
    let mut screened: Vec<(&str, &str)> = Vec::new();
    if let Some(title) = new_title.as_deref().filter(|t| *t != thread.title) {
        screened.push(("title", title));
    }
    if let Some(body) = new_body.as_deref().filter(|b| *b != thread.body) {
        screened.push(("body", body));
    }
    let held = automod.screen(db, viewer, rewards, &screened, now).await?;
    let txn = db.begin().await?;
    super::touched_thread(thread.id);
    let text_changed = new_title.as_ref().is_some_and(|t| *t != thread.title)
        || new_body.as_ref().is_some_and(|b| *b != thread.body);
    if text_changed {
        revisions::record(
            &txn,
            PostKind::Thread,
            thread.id,
            viewer.id(),
            Some(thread.title.clone()),
            thread.body.clone(),
            now,
        )
        .await?;
    }
    let tag_names = match new_tags {
        Some(names) => {
            tag_service::replace::<thread_tags::Entity>(&txn, thread.id, &names, now).await?;
            names
        }
        None => tags_of(&txn, thread.id).await?,
    };
    let mut active: threads::ActiveModel = thread.clone().into();
    if let Some(body) = new_body {
        active.body_html = Set(crate::text::markdown_to_safe_html(&body));
        active.body = Set(body);
    }
    if let Some(title) = new_title {
        active.title = Set(title);
    }
    if text_changed {
        active.edited_at = Set(Some(now));
    }
    active.updated_at = Set(now);
    let updated = active.update(&txn).await?;
    // A hidden thread stays out of the index while edited.
    if updated.hidden_at.is_none() {
        search::index::put(&txn, search::index::thread_document(&updated, &tag_names)).await?;
    }
    let updated = automod::apply(&txn, updated, held.as_ref(), now).await?;
    txn.commit().await?;
    Ok(updated)
}

/// The author deletes their thread: a tombstone; answers and comments stay.
#[tracing::instrument(skip(db, viewer, now), fields(viewer = viewer.id()))]
pub async fn delete(
    db: &impl Db,
    viewer: &Viewer,
    thread_id: i64,
    rewards: &RewardSettings,
    now: DateTime<Utc>,
) -> ApiResult<threads::Model> {
    viewer.ensure_can_write(now)?;
    let thread = find_own(db, viewer, thread_id).await?;
    let txn = db.begin().await?;
    let Some(Post::Thread(deleted)) =
        visibility::tombstone(&txn, &Post::Thread(thread), rewards, now).await?
    else {
        return Err(ApiError::NotFound("thread"));
    };
    txn.commit().await?;
    Ok(deleted)
}

/// A thread's tag names, alphabetically.
pub(super) async fn tags_of(db: &impl Db, thread_id: i64) -> ApiResult<Vec<String>> {
    Ok(
        tag_service::names_of::<thread_tags::Entity>(db, &[thread_id])
            .await?
            .remove(&thread_id)
            .unwrap_or_default(),
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThreadOrder {
    /// Reddit's hot rank (see `hot_rank`).
    #[default]
    Hot,
    New,
    Top,
    /// Newest answer or comment first.
    Active,
}

impl ThreadOrder {
    fn keyset(self) -> KeysetOrder<threads::Model> {
        use threads::{Column, Entity};
        let id_desc = SortKey::desc(Expr::col((Entity, Column::Id)), |t: &threads::Model| {
            KeyValue::Int(t.id)
        });
        match self {
            ThreadOrder::Hot => KeysetOrder::new(
                "threads.hot",
                vec![
                    SortKey::desc(
                        Expr::col((Entity, Column::HotRank)),
                        |t: &threads::Model| KeyValue::Float(t.hot_rank),
                    ),
                    id_desc,
                ],
            ),
            ThreadOrder::New => KeysetOrder::new("threads.new", vec![id_desc]),
            ThreadOrder::Top => KeysetOrder::new(
                "threads.top",
                vec![
                    SortKey::desc(Expr::col((Entity, Column::Score)), |t: &threads::Model| {
                        KeyValue::Int(t.score)
                    }),
                    id_desc,
                ],
            ),
            ThreadOrder::Active => KeysetOrder::new(
                "threads.active",
                vec![
                    SortKey::desc(
                        Expr::col((Entity, Column::LastActivityAt)),
                        |t: &threads::Model| KeyValue::Time(t.last_activity_at),
                    ),
                    id_desc,
                ],
            ),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct ThreadFilter {
    /// Threads of one course; community-wide and the viewer's courses' threads when None.
    pub course_id: Option<i64>,
    /// Threads with any of these tags.
    pub tags: Vec<String>,
    pub author_id: Option<i64>,
    pub kind: Option<Kind>,
    /// Only threads without answers.
    pub unanswered: bool,
    /// Words that must all appear in the title, body or tags (English or 中文).
    pub search: Option<String>,
    /// Some(true): pinned threads — of the course with `course_id`, else
    /// GLOBAL-pinned ones; Some(false): threads not pinned.
    pub pinned: Option<bool>,
    /// Some(true): featured threads; Some(false): threads not featured.
    pub featured: Option<bool>,
}

/// Threads the viewer may read, filtered and ordered, one keyset page at a
/// time, without their long texts. Deleted threads are left out.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn list(
    db: &impl Db,
    viewer: Option<&Viewer>,
    filter: ThreadFilter,
    order: ThreadOrder,
    page: PageRequest,
) -> ApiResult<Page<threads::Model>> {
    let mut condition = Condition::all().add(threads::Column::DeletedAt.is_null());
    match filter.course_id {
        Some(course_id) => {
            if !access::is_member(db, viewer, course_id)
                .await
                .map_err(|err| err.not_found_as("course"))?
            {
                return Err(ApiError::NotFound("course"));
            }
            // Staff are members without a look at the course: an unknown
            // course is NOT_FOUND to them too, not an empty list.
            if access::is_staff(viewer) {
                catalogue::find_visible(db, viewer, course_id).await?;
            }
            condition = condition
                .add(threads::Column::CourseId.eq(course_id))
                .add(access::not_hidden_from(viewer));
        }
        None => condition = condition.add(access::readable_threads(viewer)),
    }
    if let Some(author) = filter.author_id {
        condition = condition.add(threads::Column::AuthorId.eq(author));
    }
    if let Some(kind) = filter.kind {
        condition = condition.add(threads::Column::Kind.eq(kind));
    }
    if filter.unanswered {
        condition = condition.add(threads::Column::AnswerCount.eq(0));
    }
    match (filter.pinned, filter.course_id) {
        (Some(true), Some(_)) => condition = condition.add(threads::Column::PinnedAt.is_not_null()),
        (Some(true), None) => {
            condition = condition.add(threads::Column::PinScope.eq(threads::PinScope::Global))
        }
        (Some(false), _) => condition = condition.add(threads::Column::PinnedAt.is_null()),
        (None, _) => {}
    }
    match filter.featured {
        Some(true) => condition = condition.add(threads::Column::FeaturedAt.is_not_null()),
        Some(false) => condition = condition.add(threads::Column::FeaturedAt.is_null()),
        None => {}
    }
    if !filter.tags.is_empty() {
        let names = tag_service::normalise("filter.tags", &filter.tags, TAGS_MAX)?;
        let tagged = Query::select()
            .column((thread_tags::Entity, thread_tags::Column::ThreadId))
            .from(thread_tags::Entity)
            .inner_join(
                tags::Entity,
                Expr::col((tags::Entity, tags::Column::Id))
                    .equals((thread_tags::Entity, thread_tags::Column::TagId)),
            )
            .and_where(Expr::col((tags::Entity, tags::Column::Name)).is_in(names))
            .to_owned();
        condition = condition.add(threads::Column::Id.in_subquery(tagged));
    }
    if let Some(text) = filter.search.as_deref() {
        let query = search::query::parse("filter.search", text)?;
        condition = condition.add(search::query::ids_matching(
            db.get_database_backend(),
            search::Kind::Thread,
            &query,
            "\"threads\".\"id\"",
        ));
    }
    paginate(
        db,
        deferring(threads::Entity::find().filter(condition), LONG_TEXTS),
        &order.keyset(),
        &page,
    )
    .await
}
