//! Course types as clients see them: courses, lessons, enrolments, reviews.

use std::{collections::HashSet, sync::Arc};

use async_graphql::{ComplexObject, Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entity::{courses, enrollments, lessons, reviews};

use crate::{
    error::ApiError,
    graphql::{
        accounts::types::{User, load_user},
        context::ContextExt,
        errors::{GqlResult, gql_error},
        ids::{self, NodeKind},
        pagination::{self, CountedConnection},
    },
    services::courses::{access, revenue, reviews as review_service},
};

/// A course's takings in one currency.
pub struct CourseRevenue(revenue::Revenue);

#[Object]
impl CourseRevenue {
    /// ISO 4217 code the enrolments were paid in.
    async fn currency(&self) -> &str {
        &self.0.currency
    }

    /// Enrolments that paid something, refunded ones included.
    async fn paid_enrollments(&self) -> i64 {
        self.0.paid_enrolments
    }

    /// What they paid, in cents.
    async fn gross_cents(&self) -> i64 {
        self.0.gross_cents
    }

    /// Enrolments refunded.
    async fn refunds(&self) -> i64 {
        self.0.refunds
    }

    /// What refunds paid back, in cents.
    async fn refunded_cents(&self) -> i64 {
        self.0.refunded_cents
    }

    /// `grossCents - refundedCents`.
    async fn net_cents(&self) -> i64 {
        self.0.net_cents()
    }
}

/// Who a course is for.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "entity::courses::Level")]
pub enum CourseLevel {
    /// No prior knowledge needed.
    Beginner,
    /// Builds on the basics.
    Intermediate,
    /// For practitioners.
    Advanced,
}

/// A course's lifecycle.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "entity::courses::Status")]
pub enum CourseStatus {
    /// Being written: visible to its creator and staff only.
    Draft,
    /// In the catalogue, open for enrolment.
    Published,
    /// Out of the catalogue and closed to enrolment; enrolled learners keep reading it.
    Archived,
}

/// Catalogue orders.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug, Default)]
#[graphql(remote = "crate::services::courses::catalogue::CourseOrder")]
pub enum CourseOrderBy {
    /// Most recently published first.
    #[default]
    Newest,
    /// Most live enrolments first.
    Popular,
    /// Highest Bayesian average rating first: every course starts as if it had
    /// 5 ratings of 3.0, so one 5-star review does not top the list.
    TopRated,
    /// Cheapest first.
    PriceAsc,
    /// Most expensive first.
    PriceDesc,
}

/// Review orders.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug, Default)]
#[graphql(remote = "crate::services::courses::reviews::ReviewOrder")]
pub enum ReviewOrderBy {
    /// Newest first.
    #[default]
    Newest,
    /// Most marked helpful first.
    Helpful,
}

/// A course in the catalogue.
#[derive(Clone)]
pub struct Course(pub Arc<courses::Model>, LongTexts);

/// Whether a course row came with its long texts (lists leave them out).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum LongTexts {
    Loaded,
    Deferred,
}

impl Course {
    pub fn new(model: courses::Model) -> Self {
        Course(Arc::new(model), LongTexts::Loaded)
    }

    pub fn from_arc(model: Arc<courses::Model>) -> Self {
        Course(model, LongTexts::Loaded)
    }

    /// A row from a list, without its long texts.
    pub fn listed(model: courses::Model) -> Self {
        Course(Arc::new(model), LongTexts::Deferred)
    }

    /// The row with its long texts, loading them when the list left them out.
    async fn full(&self, ctx: &Context<'_>) -> async_graphql::Result<Arc<courses::Model>> {
        if self.1 == LongTexts::Loaded {
            return Ok(self.0.clone());
        }
        load_course(ctx, self.0.id).await
    }

    /// The viewer's live enrolment in this course, if any.
    async fn enrollment(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<enrollments::Model>> {
        let Some(viewer) = ctx.viewer_opt() else {
            return Ok(None);
        };
        ctx.loaders()
            .viewer_enrollments
            .load_one((viewer.id(), self.0.id))
            .await
            .gql()
    }
}

#[Object]
impl Course {
    /// Opaque global ID.
    pub async fn id(&self) -> ID {
        ids::encode(NodeKind::Course, self.0.id)
    }

    /// Unique, URL-friendly name (a–z, 0–9, hyphens).
    async fn slug(&self) -> &str {
        &self.0.slug
    }

    async fn title(&self) -> &str {
        &self.0.title
    }

    /// One or two sentences for the catalogue.
    async fn summary(&self) -> &str {
        &self.0.summary
    }

    /// The description as the creator wrote it (markdown).
    async fn description(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(self.full(ctx).await?.description.clone())
    }

    /// The description rendered to HTML and sanitised (no scripts, event
    /// handlers or `javascript:` URLs): safe to insert into a page.
    async fn description_html(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(self.full(ctx).await?.description_html.clone())
    }

    async fn level(&self) -> CourseLevel {
        self.0.level.into()
    }

    /// Price in the currency's minor unit (cents); 0 means free.
    async fn price_cents(&self) -> i64 {
        self.0.price_cents
    }

    /// ISO 4217 code, e.g. USD or CNY.
    async fn currency(&self) -> &str {
        &self.0.currency
    }

    /// Absolute http(s) URL of the cover image.
    async fn cover_url(&self) -> Option<&str> {
        self.0.cover_url.as_deref()
    }

    async fn status(&self) -> CourseStatus {
        self.0.status.into()
    }

    /// What learners paid for it since it opened, per currency (a course
    /// nobody paid for has none): for its creator and staff; others get
    /// FORBIDDEN on this field alone.
    async fn revenue(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CourseRevenue>> {
        if !access::may_see_revenue(ctx.viewer_opt(), &self.0) {
            return Err(gql_error(ApiError::forbidden(
                "only the course's creator and staff see its revenue",
            )));
        }
        let takings = ctx
            .loaders()
            .course_revenue
            .load_one(self.0.id)
            .await
            .gql()?
            .unwrap_or_default();
        Ok(takings.iter().cloned().map(CourseRevenue).collect())
    }

    /// Tags, alphabetically.
    async fn tags(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<String>> {
        Ok(ctx
            .loaders()
            .course_tags
            .load_one(self.0.id)
            .await
            .gql()?
            .unwrap_or_default())
    }

    /// Who teaches it.
    async fn creator(&self, ctx: &Context<'_>) -> async_graphql::Result<User> {
        load_user(ctx, self.0.creator_id).await
    }

    /// The lessons in order. Everyone sees titles; bodies follow `Lesson.body`'s rule.
    async fn lessons(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Lesson>> {
        let lessons = ctx
            .loaders()
            .lessons
            .load_one(self.0.id)
            .await
            .gql()?
            .unwrap_or_default();
        let enrolled = self.enrollment(ctx).await?.is_some();
        Ok(lessons
            .into_iter()
            .map(|lesson| {
                Lesson::with_body(lesson, self.clone(), ctx, enrolled, LongTexts::Deferred)
            })
            .collect())
    }

    async fn lesson_count(&self) -> i32 {
        self.0.lesson_count
    }

    /// Learners enrolled now (refunds not counted).
    async fn enrollment_count(&self) -> i64 {
        self.0.enrollment_count
    }

    async fn rating_summary(&self) -> RatingSummary {
        RatingSummary {
            histogram: self.0.histogram(),
            count: self.0.rating_count,
            sum: self.0.rating_sum,
            bayesian_average: self.0.rating_score,
        }
    }

    /// The viewer's live enrolment; null when not enrolled or signed out.
    async fn viewer_enrollment(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<Enrollment>> {
        Ok(self.enrollment(ctx).await?.map(Enrollment))
    }

    /// Share of the lessons the viewer has completed, 0–100; null when not enrolled.
    async fn viewer_progress(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<i32>> {
        let (Some(viewer), Some(_)) = (ctx.viewer_opt(), self.enrollment(ctx).await?) else {
            return Ok(None);
        };
        let done = completed_lessons(ctx, viewer.id(), self.0.id).await?;
        Ok(Some(percent(done.len() as u64, self.0.lesson_count)))
    }

    /// Reviews of the course.
    #[graphql(complexity = "pagination::page_complexity(first, child_complexity)")]
    async fn reviews(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "NEWEST when omitted.")] order_by: Option<ReviewOrderBy>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100.")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last edge already seen.")] after: Option<String>,
    ) -> async_graphql::Result<CountedConnection<Review>> {
        let page = pagination::page_request(ctx, first, after.as_deref()).gql()?;
        let rows = review_service::of_course(
            &ctx.state().db,
            self.0.id,
            order_by.unwrap_or_default().into(),
            page,
        )
        .await
        .gql()?;
        Ok(pagination::connection(rows, Review))
    }

    /// When it was first published; null for drafts.
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.0.published_at
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// A course by id through the (cached) courses loader, or NOT_FOUND. Callers
/// check visibility themselves where it matters.
pub(crate) async fn load_course(
    ctx: &Context<'_>,
    id: i64,
) -> async_graphql::Result<Arc<courses::Model>> {
    ctx.loaders()
        .courses
        .load_one(id)
        .await
        .gql()?
        .ok_or_else(|| gql_error(ApiError::NotFound("course")))
}

/// The lessons a user completed in a course.
async fn completed_lessons(
    ctx: &Context<'_>,
    user_id: i64,
    course_id: i64,
) -> async_graphql::Result<Arc<HashSet<i64>>> {
    Ok(ctx
        .loaders()
        .completed_lessons
        .load_one((user_id, course_id))
        .await
        .gql()?
        .unwrap_or_default())
}

fn percent(done: u64, lessons: i32) -> i32 {
    if lessons <= 0 {
        return 0;
    }
    ((done.min(lessons as u64) * 100) / lessons as u64) as i32
}

/// What a course's reviews say.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct RatingSummary {
    #[graphql(skip)]
    histogram: [i64; 5],
    #[graphql(skip)]
    sum: i64,
    /// How many reviews.
    count: i64,
    /// The average with a prior of 5 ratings of 3.0 (what TOP_RATED sorts by).
    bayesian_average: f64,
}

#[ComplexObject]
impl RatingSummary {
    /// The plain average, 1–5; null without reviews.
    async fn average(&self) -> Option<f64> {
        (self.count > 0).then(|| self.sum as f64 / self.count as f64)
    }

    /// How many reviews gave 1, 2, 3, 4 and 5 stars, in that order.
    async fn histogram(&self) -> Vec<i64> {
        self.histogram.to_vec()
    }
}

/// One lesson of a course.
pub struct Lesson {
    model: lessons::Model,
    course: Course,
    body_readable: bool,
    /// The viewer has a live enrolment in the course.
    enrolled: bool,
    /// Lists of lessons come without bodies.
    body: LongTexts,
}

impl Lesson {
    /// A lesson read whole (with its body).
    pub fn new(model: lessons::Model, course: Course, ctx: &Context<'_>, enrolled: bool) -> Self {
        Self::with_body(model, course, ctx, enrolled, LongTexts::Loaded)
    }

    fn with_body(
        model: lessons::Model,
        course: Course,
        ctx: &Context<'_>,
        enrolled: bool,
        body: LongTexts,
    ) -> Self {
        let body_readable =
            access::may_read_lesson_body(ctx.viewer_opt(), &course.0, model.free_preview, enrolled);
        Lesson {
            model,
            course,
            body_readable,
            enrolled,
            body,
        }
    }

    /// The body as markdown or as HTML, if the viewer may read it; loaded
    /// when the list left it out.
    async fn readable_body(
        &self,
        ctx: &Context<'_>,
        form: BodyForm,
    ) -> async_graphql::Result<String> {
        if !self.body_readable {
            return Err(gql_error(ApiError::forbidden(
                "enrol in the course to read this lesson (free previews are open to all)",
            )));
        }
        let pick = |markdown: &String, html: &String| match form {
            BodyForm::Markdown => markdown.clone(),
            BodyForm::Html => html.clone(),
        };
        if self.body == LongTexts::Loaded {
            return Ok(pick(&self.model.body, &self.model.body_html));
        }
        let body = ctx
            .loaders()
            .lesson_bodies
            .load_one(self.model.id)
            .await
            .gql()?
            .ok_or_else(|| gql_error(ApiError::NotFound("lesson")))?;
        Ok(pick(&body.markdown, &body.html))
    }
}

/// Which form of a lesson's body a field shows.
#[derive(Clone, Copy)]
enum BodyForm {
    Markdown,
    Html,
}

#[Object]
impl Lesson {
    /// Opaque global ID.
    pub async fn id(&self) -> ID {
        ids::encode(NodeKind::Lesson, self.model.id)
    }

    /// 1-based place in the course.
    async fn position(&self) -> i32 {
        self.model.position
    }

    async fn title(&self) -> &str {
        &self.model.title
    }

    /// Open to everyone, enrolled or not.
    async fn free_preview(&self) -> bool {
        self.model.free_preview
    }

    async fn duration_minutes(&self) -> i32 {
        self.model.duration_minutes
    }

    /// The lesson (markdown). For enrolled learners, the creator and staff,
    /// and for anyone on a free preview; others get FORBIDDEN on this field alone.
    async fn body(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        self.readable_body(ctx, BodyForm::Markdown).await
    }

    /// The body rendered to sanitised HTML, under the same rule as `body`.
    async fn body_html(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        self.readable_body(ctx, BodyForm::Html).await
    }

    async fn course(&self) -> Course {
        self.course.clone()
    }

    /// Whether the viewer completed it; false when signed out or not
    /// enrolled (progress shows while the enrolment is live, like `viewerProgress`).
    async fn viewer_completed(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        // Most readers of a course page are not enrolled: no query for them.
        let (Some(viewer), true) = (ctx.viewer_opt(), self.enrolled) else {
            return Ok(false);
        };
        Ok(completed_lessons(ctx, viewer.id(), self.model.course_id)
            .await?
            .contains(&self.model.id))
    }
}

/// A learner's purchase of a course.
pub struct Enrollment(pub enrollments::Model);

#[Object]
impl Enrollment {
    /// Opaque global ID.
    pub async fn id(&self) -> ID {
        ids::encode(NodeKind::Enrollment, self.0.id)
    }

    async fn course(&self, ctx: &Context<'_>) -> async_graphql::Result<Course> {
        load_course(ctx, self.0.course_id)
            .await
            .map(Course::from_arc)
    }

    async fn learner(&self, ctx: &Context<'_>) -> async_graphql::Result<User> {
        load_user(ctx, self.0.user_id).await
    }

    /// What was paid, in the currency's minor unit, at the moment of enrolment.
    async fn price_paid_cents(&self) -> i64 {
        self.0.price_paid_cents
    }

    async fn currency(&self) -> &str {
        &self.0.currency
    }

    /// Share of the lessons completed, 0–100.
    async fn progress(&self, ctx: &Context<'_>) -> async_graphql::Result<i32> {
        let done = completed_lessons(ctx, self.0.user_id, self.0.course_id).await?;
        let course = load_course(ctx, self.0.course_id).await?;
        Ok(percent(done.len() as u64, course.lesson_count))
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// When every lesson was done.
    async fn completed_at(&self) -> Option<DateTime<Utc>> {
        self.0.completed_at
    }

    /// When it was refunded; access ended then.
    async fn refunded_at(&self) -> Option<DateTime<Utc>> {
        self.0.refunded_at
    }

    async fn refund_reason(&self) -> Option<&str> {
        self.0.refund_reason.as_deref()
    }
}

/// A learner's review of a course.
pub struct Review(pub reviews::Model);

#[Object]
impl Review {
    /// Opaque global ID.
    pub async fn id(&self) -> ID {
        ids::encode(NodeKind::Review, self.0.id)
    }

    /// 1–5 stars.
    async fn rating(&self) -> i32 {
        i32::from(self.0.rating)
    }

    async fn body(&self) -> &str {
        &self.0.body
    }

    async fn author(&self, ctx: &Context<'_>) -> async_graphql::Result<User> {
        load_user(ctx, self.0.user_id).await
    }

    /// Readers who marked it helpful.
    async fn helpful_count(&self) -> i32 {
        self.0.helpful_count
    }

    /// Whether the viewer marked it helpful; false when signed out.
    async fn viewer_marked_helpful(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let Some(viewer) = ctx.viewer_opt() else {
            return Ok(false);
        };
        Ok(ctx
            .loaders()
            .viewer_helpful_marks
            .load_one((viewer.id(), self.0.id))
            .await
            .gql()?
            .is_some())
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// Narrows the catalogue.
#[derive(InputObject, Default)]
pub struct CourseFilter {
    /// Courses with any of these tags.
    pub tags: Option<Vec<String>>,
    /// One creator's courses.
    pub creator_id: Option<ID>,
    pub level: Option<CourseLevel>,
    /// Lowest price, in cents.
    pub price_min_cents: Option<i64>,
    /// Highest price, in cents.
    pub price_max_cents: Option<i64>,
    /// True: free courses only; false: paid only.
    pub free: Option<bool>,
    /// Words that must all appear in the title, summary or tags; English and
    /// 中文 (Chinese is split into words, so 推荐 finds 个性化推荐算法入门).
    pub search: Option<String>,
    /// PUBLISHED when omitted. Drafts and archived courses are listed for
    /// their creator (with `creatorId`) and for staff.
    pub status: Option<CourseStatus>,
}

/// A new course (created as a DRAFT).
#[derive(InputObject)]
pub struct CreateCourseInput {
    /// 1–200 characters.
    pub title: String,
    /// 3–120 of a–z, 0–9 and inner hyphens; unique. Derived from the title when omitted.
    pub slug: Option<String>,
    /// 1–500 characters.
    pub summary: String,
    /// Markdown, up to 50,000 characters.
    pub description: String,
    /// Up to 10 tags.
    #[graphql(default)]
    pub tags: Vec<String>,
    pub level: CourseLevel,
    /// 0 (free) to 1,000,000, in the currency's minor unit.
    pub price_cents: i64,
    /// ISO 4217, e.g. USD, EUR, CNY.
    pub currency: String,
    /// Absolute http(s) URL.
    pub cover_url: Option<String>,
}

/// Changes to a course; omitted fields stay.
#[derive(InputObject, Default)]
pub struct UpdateCourseInput {
    pub title: Option<String>,
    pub slug: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    /// Replaces every tag.
    pub tags: Option<Vec<String>>,
    pub level: Option<CourseLevel>,
    pub price_cents: Option<i64>,
    pub currency: Option<String>,
    /// An empty string removes the cover.
    pub cover_url: Option<String>,
}

/// A new lesson, added at the end of the course.
#[derive(InputObject)]
pub struct AddLessonInput {
    /// 1–200 characters.
    pub title: String,
    /// Markdown, up to 100,000 characters.
    pub body: String,
    /// Open to everyone. False when omitted.
    #[graphql(default)]
    pub free_preview: bool,
    /// Estimated minutes, 1–1,440.
    pub duration_minutes: i32,
}

/// Changes to a lesson; omitted fields stay.
#[derive(InputObject, Default)]
pub struct UpdateLessonInput {
    pub title: Option<String>,
    pub body: Option<String>,
    pub free_preview: Option<bool>,
    pub duration_minutes: Option<i32>,
}
