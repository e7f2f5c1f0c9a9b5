use async_graphql::{Context, ID, Object};

use super::types::{
    AddLessonInput, Course, CreateCourseInput, Enrollment, Lesson, Review, UpdateCourseInput,
    UpdateLessonInput, load_course,
};
use crate::{
    graphql::{
        context::ContextExt,
        errors::GqlResult,
        guards::CanWrite,
        ids::{self, NodeKind},
    },
    services::{
        analytics::{EventKind, NewEvent, record::subjects},
        courses::{
            catalogue::{self, CourseChanges, NewCourse},
            enrollments,
            lessons::{self, LessonChanges, NewLesson},
            reviews,
        },
    },
};

#[derive(Default)]
pub struct CoursesMutation;

fn course_id(field: &str, id: &ID) -> async_graphql::Result<i64> {
    ids::decode(field, NodeKind::Course, id).gql()
}

fn lesson_id(field: &str, id: &ID) -> async_graphql::Result<i64> {
    ids::decode(field, NodeKind::Lesson, id).gql()
}

/// A lesson returned by a mutation, with its course; `enrolled` says
/// whether the viewer holds a live enrolment in it.
async fn lesson_with_course(
    ctx: &Context<'_>,
    lesson: entity::lessons::Model,
    enrolled: bool,
) -> async_graphql::Result<Lesson> {
    let course = load_course(ctx, lesson.course_id).await?;
    Ok(Lesson::new(lesson, Course::from_arc(course), ctx, enrolled))
}

#[Object]
impl CoursesMutation {
    /// Creates a course as a DRAFT. Creators and administrators.
    #[graphql(guard = "CanWrite")]
    async fn create_course(
        &self,
        ctx: &Context<'_>,
        input: CreateCourseInput,
    ) -> async_graphql::Result<Course> {
        let input = NewCourse {
            title: input.title,
            slug: input.slug,
            summary: input.summary,
            description: input.description,
            tags: input.tags,
            level: input.level.into(),
            price_cents: input.price_cents,
            currency: input.currency,
            cover_url: input.cover_url,
        };
        catalogue::create(&ctx.state().db, ctx.viewer()?, input, ctx.now())
            .await
            .map(Course::new)
            .gql()
    }

    /// Edits a course. Its creator or an administrator.
    #[graphql(guard = "CanWrite")]
    async fn update_course(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The course.")] id: ID,
        input: UpdateCourseInput,
    ) -> async_graphql::Result<Course> {
        let changes = CourseChanges {
            title: input.title,
            slug: input.slug,
            summary: input.summary,
            description: input.description,
            tags: input.tags,
            level: input.level.map(Into::into),
            price_cents: input.price_cents,
            currency: input.currency,
            cover_url: input.cover_url,
        };
        catalogue::update(
            &ctx.state().db,
            ctx.viewer()?,
            course_id("id", &id)?,
            changes,
            ctx.now(),
        )
        .await
        .map(Course::new)
        .gql()
    }

    /// Puts a draft (or archived) course in the catalogue; it needs a lesson.
    #[graphql(guard = "CanWrite")]
    async fn publish_course(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The course.")] id: ID,
    ) -> async_graphql::Result<Course> {
        catalogue::publish(
            &ctx.state().db,
            ctx.viewer()?,
            course_id("id", &id)?,
            ctx.now(),
        )
        .await
        .map(Course::new)
        .gql()
    }

    /// Takes a course out of the catalogue and closes it to enrolment;
    /// enrolled learners keep reading it.
    #[graphql(guard = "CanWrite")]
    async fn archive_course(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The course.")] id: ID,
    ) -> async_graphql::Result<Course> {
        catalogue::archive(
            &ctx.state().db,
            ctx.viewer()?,
            course_id("id", &id)?,
            ctx.now(),
        )
        .await
        .map(Course::new)
        .gql()
    }

    /// Adds a lesson at the end of a course. Its creator or an administrator.
    #[graphql(guard = "CanWrite")]
    async fn add_lesson(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The course.")] course_id: ID,
        input: AddLessonInput,
    ) -> async_graphql::Result<Lesson> {
        let input = NewLesson {
            title: input.title,
            body: input.body,
            free_preview: input.free_preview,
            duration_minutes: input.duration_minutes,
        };
        let lesson = lessons::add(
            &ctx.state().db,
            ctx.viewer()?,
            self::course_id("courseId", &course_id)?,
            input,
            ctx.now(),
        )
        .await
        .gql()?;
        lesson_with_course(ctx, lesson, false).await
    }

    /// Edits a lesson. The course's creator or an administrator.
    #[graphql(guard = "CanWrite")]
    async fn update_lesson(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The lesson.")] id: ID,
        input: UpdateLessonInput,
    ) -> async_graphql::Result<Lesson> {
        let changes = LessonChanges {
            title: input.title,
            body: input.body,
            free_preview: input.free_preview,
            duration_minutes: input.duration_minutes,
        };
        let lesson = lessons::update(
            &ctx.state().db,
            ctx.viewer()?,
            lesson_id("id", &id)?,
            changes,
            ctx.now(),
        )
        .await
        .gql()?;
        lesson_with_course(ctx, lesson, false).await
    }

    /// Puts a course's lessons in this order; the list must name each of them once.
    #[graphql(guard = "CanWrite")]
    async fn reorder_lessons(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The course.")] course_id: ID,
        #[graphql(desc = "Every lesson of the course, in the new order.")] lesson_ids: Vec<ID>,
    ) -> async_graphql::Result<Course> {
        let course = self::course_id("courseId", &course_id)?;
        let ids = lesson_ids
            .iter()
            .map(|id| lesson_id("lessonIds", id))
            .collect::<async_graphql::Result<Vec<_>>>()?;
        let db = &ctx.state().db;
        lessons::reorder(db, ctx.viewer()?, course, &ids, ctx.now())
            .await
            .gql()?;
        catalogue::find_visible(db, ctx.viewer_opt(), course)
            .await
            .map(Course::new)
            .gql()
    }

    /// Removes a lesson and the progress recorded on it; returns its course.
    #[graphql(guard = "CanWrite")]
    async fn remove_lesson(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The lesson.")] id: ID,
    ) -> async_graphql::Result<Course> {
        lessons::remove(
            &ctx.state().db,
            ctx.viewer()?,
            lesson_id("id", &id)?,
            ctx.now(),
        )
        .await
        .map(Course::new)
        .gql()
    }

    /// Enrols the signed-in learner at the course's current price. Send a
    /// fresh idempotency key per purchase: a retry with the same key returns
    /// the first result; the same key for another course is a CONFLICT.
    #[graphql(guard = "CanWrite")]
    async fn enroll(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The course.")] course_id: ID,
        #[graphql(desc = "1–100 visible ASCII characters, unique per purchase (e.g. a UUID).")]
        idempotency_key: String,
    ) -> async_graphql::Result<Enrollment> {
        let now = ctx.now();
        enrollments::enroll(
            &ctx.state().db,
            ctx.viewer()?,
            self::course_id("courseId", &course_id)?,
            &idempotency_key,
            &ctx.state().rewards,
            now,
        )
        .await
        .inspect(|row| ctx.state().badges.course(row.course_id))
        .inspect(|row| enrolment_event(ctx, EventKind::Enrol, row, now))
        .map(Enrollment)
        .gql()
    }

    /// Refunds an enrolment: staff always; its learner within the refund
    /// window and before completing half the lessons. Access ends; the row stays.
    #[graphql(guard = "CanWrite")]
    async fn refund_enrollment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The enrolment.")] enrollment_id: ID,
        #[graphql(desc = "Why, 1–1,000 characters.")] reason: String,
    ) -> async_graphql::Result<Enrollment> {
        let id = ids::decode("enrollmentId", NodeKind::Enrollment, &enrollment_id).gql()?;
        let state = ctx.state();
        let now = ctx.now();
        enrollments::refund(
            &state.db,
            ctx.viewer()?,
            id,
            &reason,
            &state.refunds,
            &ctx.state().rewards,
            now,
        )
        .await
        .inspect(|row| ctx.state().badges.course(row.course_id))
        .inspect(|row| enrolment_event(ctx, EventKind::Refund, row, now))
        .map(Enrollment)
        .gql()
    }

    /// Marks a lesson completed (again changes nothing). Enrolled learners.
    #[graphql(guard = "CanWrite")]
    async fn complete_lesson(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The lesson.")] lesson_id: ID,
    ) -> async_graphql::Result<Lesson> {
        let lesson = lessons::complete(
            &ctx.state().db,
            ctx.viewer()?,
            self::lesson_id("lessonId", &lesson_id)?,
            &ctx.state().rewards,
            ctx.now(),
        )
        .await
        .gql()?;
        // Completing needs a live enrolment, so the viewer holds one.
        lesson_with_course(ctx, lesson, true).await
    }

    /// Creates or edits the signed-in learner's review of a course (enrolled,
    /// not refunded learners only).
    #[graphql(guard = "CanWrite")]
    async fn review_course(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The course.")] course_id: ID,
        #[graphql(desc = "1 to 5 stars.")] rating: i32,
        #[graphql(desc = "Up to 5,000 characters; may be empty.", default)] body: String,
    ) -> async_graphql::Result<Review> {
        reviews::upsert(
            &ctx.state().db,
            ctx.viewer()?,
            self::course_id("courseId", &course_id)?,
            rating,
            &body,
            &ctx.state().rewards,
            ctx.now(),
        )
        .await
        .inspect(|row| ctx.state().badges.course(row.course_id))
        .map(Review)
        .gql()
    }

    /// Marks a review helpful to the signed-in user, or takes the mark back.
    #[graphql(guard = "CanWrite")]
    async fn mark_review_helpful(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The review.")] review_id: ID,
        #[graphql(desc = "False takes the mark back.", default = true)] helpful: bool,
    ) -> async_graphql::Result<Review> {
        let id = ids::decode("reviewId", NodeKind::Review, &review_id).gql()?;
        reviews::mark_helpful(&ctx.state().db, ctx.viewer()?, id, helpful, ctx.now())
            .await
            .map(Review)
            .gql()
    }
}

/// Records an enrolment or its refund by the viewer at `now` (the time the
/// service was given), about the course. A retried enrolment (its
/// idempotency key replayed: the row was not created at `now`, to the
/// microsecond the databases keep) records nothing.
fn enrolment_event(
    ctx: &Context<'_>,
    kind: EventKind,
    row: &entity::enrollments::Model,
    now: chrono::DateTime<chrono::Utc>,
) {
    if kind == EventKind::Enrol && row.created_at.timestamp_micros() != now.timestamp_micros() {
        return;
    }
    let event = NewEvent::server(kind, ctx.viewer_opt().map(|v| v.id()), now)
        .about(subjects::COURSE, row.course_id)
        .with_props(serde_json::json!({
            "enrollmentId": row.id,
            "priceCents": row.price_paid_cents,
            "currency": row.currency,
        }));
    ctx.state().analytics.record(event);
}
