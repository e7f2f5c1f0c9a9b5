//! Creating, editing, publishing and listing courses.

use chrono::{DateTime, Utc};
use entity::{
    course_tags,
    courses::{self, Level, Status},
    tags,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, ExprTrait, QueryFilter, QuerySelect,
    Set, SqlErr, TransactionSession,
    sea_query::{Expr, Query},
};

use super::access;
use crate::{
    auth::Viewer,
    error::{ApiError, ApiResult},
    services::{
        Db,
        columns::deferring,
        pagination::{KeyValue, KeysetOrder, Page, PageRequest, SortKey, paginate},
        search,
        tags::{self as tag_service, TagLink},
        validate,
    },
};

pub const TITLE_MAX: usize = 200;
pub const SUMMARY_MAX: usize = 500;
pub const DESCRIPTION_MAX: usize = 50_000;
pub const SLUG_MIN: usize = 3;
pub const SLUG_MAX: usize = 120;
pub const PRICE_MAX_CENTS: i64 = 1_000_000;
pub const TAGS_MAX: usize = 10;
/// Columns lists leave out (see `services::columns`).
pub const LONG_TEXTS: &[courses::Column] = &[
    courses::Column::Description,
    courses::Column::DescriptionHtml,
];
/// Currencies the platform sells in (ISO 4217).
pub const CURRENCIES: &[&str] = &[
    "USD", "EUR", "GBP", "CNY", "JPY", "HKD", "TWD", "SGD", "CAD", "AUD", "CHF", "SEK", "INR",
    "BRL", "KRW",
];

impl TagLink for course_tags::Entity {
    const OWNER: course_tags::Column = course_tags::Column::CourseId;
    const TAG: course_tags::Column = course_tags::Column::TagId;

    fn link(owner_id: i64, tag_id: i64) -> course_tags::ActiveModel {
        course_tags::ActiveModel {
            course_id: Set(owner_id),
            tag_id: Set(tag_id),
        }
    }
}

/// A new course's fields.
#[derive(Debug, Clone)]
pub struct NewCourse {
    pub title: String,
    /// Derived from the title when not given.
    pub slug: Option<String>,
    pub summary: String,
    pub description: String,
    pub tags: Vec<String>,
    pub level: Level,
    pub price_cents: i64,
    pub currency: String,
    pub cover_url: Option<String>,
}

/// Fields to change; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct CourseChanges {
    pub title: Option<String>,
    pub slug: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub tags: Option<Vec<String>>,
    pub level: Option<Level>,
    pub price_cents: Option<i64>,
    pub currency: Option<String>,
    /// An empty string clears the cover.
    pub cover_url: Option<String>,
}

#[tracing::instrument(skip_all, fields(viewer = viewer.id()))]
pub async fn create(
    db: &impl Db,
    viewer: &Viewer,
    input: NewCourse,
    now: DateTime<Utc>,
) -> ApiResult<courses::Model> {
    viewer.ensure_can_write(now)?;
    access::ensure_may_create(viewer)?;
    let title = validate::name("title", &input.title, TITLE_MAX, "a title")?;
    let summary = validate::name("summary", &input.summary, SUMMARY_MAX, "a summary")?;
    let description = validate::markdown("description", &input.description, DESCRIPTION_MAX)?;
    let tag_names = tag_service::normalise("tags", &input.tags, TAGS_MAX)?;
    let price_cents = price("priceCents", input.price_cents)?;
    let currency = currency("currency", &input.currency)?;
    let cover_url = match &input.cover_url {
        Some(url) => validate::image_url("coverUrl", url)?,
        None => None,
    };
    let slug = match &input.slug {
        Some(slug) => slug_from_input("slug", slug)?,
        None => free_slug(db, &title).await?,
    };

    let txn = db.begin().await?;
    let inserted = courses::ActiveModel {
        creator_id: Set(viewer.id()),
        title: Set(title),
        slug: Set(slug),
        summary: Set(summary),
        description_html: Set(crate::text::markdown_to_safe_html(&description)),
        description: Set(description),
        level: Set(input.level),
        price_cents: Set(price_cents),
        currency: Set(currency),
        cover_url: Set(cover_url),
        status: Set(Status::Draft),
        enrollment_count: Set(0),
        rating_count: Set(0),
        rating_sum: Set(0),
        rating_score: Set(super::rating_score(0, 0)),
        lesson_count: Set(0),
        published_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(slug_conflict)?;
    tag_service::replace::<course_tags::Entity>(&txn, inserted.id, &tag_names, now).await?;
    txn.commit().await?;
    tracing::info!(course_id = inserted.id, "course created");
    Ok(inserted)
}

#[tracing::instrument(skip(db, viewer, changes, now), fields(viewer = viewer.id()))]
pub async fn update(
    db: &impl Db,
    viewer: &Viewer,
    course_id: i64,
    changes: CourseChanges,
    now: DateTime<Utc>,
) -> ApiResult<courses::Model> {
    viewer.ensure_can_write(now)?;
    let course = find_managed(db, viewer, course_id).await?;
    let mut active: courses::ActiveModel = course.clone().into();
    if let Some(title) = &changes.title {
        active.title = Set(validate::name("title", title, TITLE_MAX, "a title")?);
    }
    if let Some(slug) = &changes.slug {
        active.slug = Set(slug_from_input("slug", slug)?);
    }
    if let Some(summary) = &changes.summary {
        active.summary = Set(validate::name(
            "summary",
            summary,
            SUMMARY_MAX,
            "a summary",
        )?);
    }
    if let Some(description) = &changes.description {
        let description = validate::markdown("description", description, DESCRIPTION_MAX)?;
        active.description_html = Set(crate::text::markdown_to_safe_html(&description));
        active.description = Set(description);
    }
    let tag_names = changes
        .tags
        .as_deref()
        .map(|names| tag_service::normalise("tags", names, TAGS_MAX))
        .transpose()?;
    if let Some(level) = changes.level {
        active.level = Set(level);
    }
    if let Some(cents) = changes.price_cents {
        active.price_cents = Set(price("priceCents", cents)?);
    }
    if let Some(code) = &changes.currency {
        active.currency = Set(currency("currency", code)?);
    }
    if let Some(url) = &changes.cover_url {
        active.cover_url = Set(validate::image_url("coverUrl", url)?);
    }
    let txn = db.begin().await?;
    let tag_names = match tag_names {
        Some(names) => {
            tag_service::replace::<course_tags::Entity>(&txn, course.id, &names, now).await?;
            names
        }
        None => tags_of(&txn, course.id).await?,
    };
    active.updated_at = Set(now);
    let updated = active.update(&txn).await.map_err(slug_conflict)?;
    search::index::sync_course(&txn, &updated, &tag_names).await?;
    txn.commit().await?;
    Ok(updated)
}

/// DRAFT or ARCHIVED → PUBLISHED. A course needs a lesson to be published.
#[tracing::instrument(skip(db, viewer, now), fields(viewer = viewer.id()))]
pub async fn publish(
    db: &impl Db,
    viewer: &Viewer,
    course_id: i64,
    now: DateTime<Utc>,
) -> ApiResult<courses::Model> {
    viewer.ensure_can_write(now)?;
    let course = find_managed(db, viewer, course_id).await?;
    if course.status == Status::Published {
        return Err(ApiError::conflict("id", "the course is already published"));
    }
    if course.lesson_count == 0 {
        return Err(ApiError::bad_input(
            "id",
            "add at least one lesson before publishing",
        ));
    }
    let mut active: courses::ActiveModel = course.clone().into();
    active.status = Set(Status::Published);
    active.published_at = Set(Some(course.published_at.unwrap_or(now)));
    active.updated_at = Set(now);
    let txn = db.begin().await?;
    let published = active.update(&txn).await?;
    let tags = tags_of(&txn, published.id).await?;
    search::index::sync_course(&txn, &published, &tags).await?;
    txn.commit().await?;
    Ok(published)
}

/// DRAFT or PUBLISHED → ARCHIVED: out of the catalogue and closed to new
/// enrolments; enrolled learners keep reading it.
#[tracing::instrument(skip(db, viewer, now), fields(viewer = viewer.id()))]
pub async fn archive(
    db: &impl Db,
    viewer: &Viewer,
    course_id: i64,
    now: DateTime<Utc>,
) -> ApiResult<courses::Model> {
    viewer.ensure_can_write(now)?;
    let course = find_managed(db, viewer, course_id).await?;
    if course.status == Status::Archived {
        return Err(ApiError::conflict("id", "the course is already archived"));
    }
    let mut active: courses::ActiveModel = course.into();
    active.status = Set(Status::Archived);
    active.updated_at = Set(now);
    let txn = db.begin().await?;
    let archived = active.update(&txn).await?;
    search::index::remove(&txn, search::Kind::Course, archived.id).await?;
    txn.commit().await?;
    Ok(archived)
}

/// A course the viewer may see, or NOT_FOUND (hidden drafts do not reveal
/// that they exist).
#[tracing::instrument(level = "debug", skip(db, viewer))]
pub async fn find_visible(
    db: &impl Db,
    viewer: Option<&Viewer>,
    course_id: i64,
) -> ApiResult<courses::Model> {
    let course = courses::Entity::find_by_id(course_id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("course"))?;
    ensure_visible(db, viewer, course).await
}

#[tracing::instrument(level = "debug", skip(db, viewer))]
pub async fn find_by_slug(
    db: &impl Db,
    viewer: Option<&Viewer>,
    slug: &str,
) -> ApiResult<courses::Model> {
    let course = courses::Entity::find()
        .filter(courses::Column::Slug.eq(slug.trim().to_lowercase()))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("course"))?;
    ensure_visible(db, viewer, course).await
}

/// The course if the viewer may see it, or NOT_FOUND (hidden drafts do not
/// reveal that they exist). For a course read elsewhere (e.g. a cached one).
pub async fn ensure_visible<C: std::borrow::Borrow<courses::Model>>(
    db: &impl Db,
    viewer: Option<&Viewer>,
    course: C,
) -> ApiResult<C> {
    let model = course.borrow();
    if model.status == Status::Published {
        return Ok(course);
    }
    let enrolled = match viewer {
        Some(viewer) => super::enrollments::active_of(db, viewer.id(), &[model.id])
            .await?
            .contains_key(&model.id),
        None => false,
    };
    if access::may_see(viewer, model, enrolled) {
        Ok(course)
    } else {
        Err(ApiError::NotFound("course"))
    }
}

/// A course the viewer may change, or FORBIDDEN / NOT_FOUND.
pub(super) async fn find_managed(
    db: &impl Db,
    viewer: &Viewer,
    course_id: i64,
) -> ApiResult<courses::Model> {
    let course = find_visible(db, Some(viewer), course_id).await?;
    access::ensure_may_manage(viewer, &course)?;
    Ok(course)
}

/// The catalogue's orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CourseOrder {
    #[default]
    Newest,
    Popular,
    TopRated,
    PriceAsc,
    PriceDesc,
}

impl CourseOrder {
    fn keyset(self) -> KeysetOrder<courses::Model> {
        use courses::{Column, Entity};
        let id_desc = SortKey::desc(Expr::col((Entity, Column::Id)), |c: &courses::Model| {
            KeyValue::Int(c.id)
        });
        match self {
            // Drafts have no publication date; only published courses list here.
            CourseOrder::Newest => KeysetOrder::new(
                "courses.newest",
                vec![
                    SortKey::desc(Expr::col((Entity, Column::PublishedAt)), |c| {
                        KeyValue::Time(c.published_at.unwrap_or(c.created_at))
                    }),
                    id_desc,
                ],
            ),
            CourseOrder::Popular => KeysetOrder::new(
                "courses.popular",
                vec![
                    SortKey::desc(Expr::col((Entity, Column::EnrollmentCount)), |c| {
                        KeyValue::Int(c.enrollment_count)
                    }),
                    id_desc,
                ],
            ),
            CourseOrder::TopRated => KeysetOrder::new(
                "courses.top_rated",
                vec![
                    SortKey::desc(Expr::col((Entity, Column::RatingScore)), |c| {
                        KeyValue::Float(c.rating_score)
                    }),
                    id_desc,
                ],
            ),
            CourseOrder::PriceAsc => KeysetOrder::new(
                "courses.price_asc",
                vec![
                    SortKey::asc(Expr::col((Entity, Column::PriceCents)), |c| {
                        KeyValue::Int(c.price_cents)
                    }),
                    SortKey::asc(Expr::col((Entity, Column::Id)), |c| KeyValue::Int(c.id)),
                ],
            ),
            CourseOrder::PriceDesc => KeysetOrder::new(
                "courses.price_desc",
                vec![
                    SortKey::desc(Expr::col((Entity, Column::PriceCents)), |c| {
                        KeyValue::Int(c.price_cents)
                    }),
                    id_desc,
                ],
            ),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct CourseFilter {
    /// Courses with any of these tags.
    pub tags: Vec<String>,
    pub creator_id: Option<i64>,
    pub level: Option<Level>,
    pub price_min_cents: Option<i64>,
    pub price_max_cents: Option<i64>,
    /// True: free courses only; false: paid only.
    pub free: Option<bool>,
    /// Words that must all appear in the title, summary or tags (English or 中文).
    pub search: Option<String>,
    /// PUBLISHED when omitted; other statuses for the creator's own courses
    /// and for staff.
    pub status: Option<Status>,
}

/// The catalogue: published courses (or, for their creator and staff, other
/// statuses), filtered and ordered, one keyset page at a time. The rows come
/// without their long texts (`LONG_TEXTS` read as empty strings).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn list(
    db: &impl Db,
    viewer: Option<&Viewer>,
    filter: CourseFilter,
    order: CourseOrder,
    page: PageRequest,
) -> ApiResult<Page<courses::Model>> {
    let status = filter.status.unwrap_or(Status::Published);
    if status != Status::Published && !access::may_list_unpublished(viewer, filter.creator_id) {
        return Err(ApiError::forbidden(
            "drafts and archived courses are listed for their creator (give creatorId) and staff",
        ));
    }
    let mut condition = Condition::all().add(courses::Column::Status.eq(status));
    if let Some(creator) = filter.creator_id {
        condition = condition.add(courses::Column::CreatorId.eq(creator));
    }
    if let Some(level) = filter.level {
        condition = condition.add(courses::Column::Level.eq(level));
    }
    if let Some(min) = filter.price_min_cents {
        condition = condition.add(courses::Column::PriceCents.gte(min));
    }
    if let Some(max) = filter.price_max_cents {
        condition = condition.add(courses::Column::PriceCents.lte(max));
    }
    match filter.free {
        Some(true) => condition = condition.add(courses::Column::PriceCents.eq(0)),
        Some(false) => condition = condition.add(courses::Column::PriceCents.gt(0)),
        None => {}
    }
    if !filter.tags.is_empty() {
        let names = tag_service::normalise("filter.tags", &filter.tags, TAGS_MAX)?;
        let tagged = Query::select()
            .column((course_tags::Entity, course_tags::Column::CourseId))
            .from(course_tags::Entity)
            .inner_join(
                tags::Entity,
                Expr::col((tags::Entity, tags::Column::Id))
                    .equals((course_tags::Entity, course_tags::Column::TagId)),
            )
            .and_where(Expr::col((tags::Entity, tags::Column::Name)).is_in(names))
            .to_owned();
        condition = condition.add(courses::Column::Id.in_subquery(tagged));
    }
    if let Some(text) = filter.search.as_deref() {
        let query = search::query::parse("filter.search", text)?;
        condition = condition.add(search::query::ids_matching(
            db.get_database_backend(),
            search::Kind::Course,
            &query,
            "\"courses\".\"id\"",
        ));
    }
    paginate(
        db,
        deferring(courses::Entity::find().filter(condition), LONG_TEXTS),
        &order.keyset(),
        &page,
    )
    .await
}

/// A course's tag names, alphabetically.
async fn tags_of(db: &impl Db, course_id: i64) -> ApiResult<Vec<String>> {
    Ok(
        tag_service::names_of::<course_tags::Entity>(db, &[course_id])
            .await?
            .remove(&course_id)
            .unwrap_or_default(),
    )
}

fn price(field: &str, cents: i64) -> ApiResult<i64> {
    if !(0..=PRICE_MAX_CENTS).contains(&cents) {
        return Err(ApiError::bad_input(
            field,
            format!("the price must be 0 (free) to {PRICE_MAX_CENTS} cents"),
        ));
    }
    Ok(cents)
}

fn currency(field: &str, code: &str) -> ApiResult<String> {
    let code = code.trim().to_uppercase();
    if !CURRENCIES.contains(&code.as_str()) {
        return Err(ApiError::bad_input(
            field,
            format!("unknown currency; one of {}", CURRENCIES.join(", ")),
        ));
    }
    Ok(code)
}

fn slug_from_input(field: &str, raw: &str) -> ApiResult<String> {
    let slug = raw.trim().to_lowercase();
    let chars_ok = slug
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !(SLUG_MIN..=SLUG_MAX).contains(&slug.len())
        || !chars_ok
        || slug.starts_with('-')
        || slug.ends_with('-')
    {
        return Err(ApiError::bad_input(
            field,
            format!("a slug is {SLUG_MIN}–{SLUG_MAX} of a–z, 0–9 and inner hyphens"),
        ));
    }
    Ok(slug)
}

/// A slug from the title's ASCII words, made unique with a random suffix
/// when taken (or when the title has no ASCII words, e.g. 中文 titles).
async fn free_slug(db: &impl Db, title: &str) -> ApiResult<String> {
    let words: Vec<String> = title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let mut base = words.join("-");
    base.truncate(SLUG_MAX - 8);
    let base = base.trim_end_matches('-').to_owned();
    if base.len() >= SLUG_MIN {
        let taken = courses::Entity::find()
            .select_only()
            .column(courses::Column::Id)
            .filter(courses::Column::Slug.eq(base.as_str()))
            .into_tuple::<i64>()
            .one(db)
            .await?
            .is_some();
        if !taken {
            return Ok(base);
        }
    }
    let mut suffix = [0u8; 3];
    getrandom::fill(&mut suffix).map_err(|e| ApiError::internal(anyhow::anyhow!("{e}")))?;
    let suffix: String = suffix.iter().map(|b| format!("{b:02x}")).collect();
    Ok(if base.len() >= SLUG_MIN {
        format!("{base}-{suffix}")
    } else {
        format!("course-{suffix}")
    })
}

fn slug_conflict(err: sea_orm::DbErr) -> ApiError {
    if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) {
        ApiError::conflict("slug", "another course has this slug")
    } else {
        err.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_prices_and_currencies() {
        assert_eq!(slug_from_input("s", " Rust-101 ").unwrap(), "rust-101");
        for bad in ["ab", "-rust", "rust-", "rüst", "a b c"] {
            assert!(slug_from_input("s", bad).is_err(), "{bad}");
        }
        assert!(price("p", -1).is_err());
        assert!(price("p", PRICE_MAX_CENTS + 1).is_err());
        assert_eq!(currency("c", "cny").unwrap(), "CNY");
        assert!(currency("c", "XYZ").is_err());
    }
}
