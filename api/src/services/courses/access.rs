//! Who may see and change what in a course. One place, so services and
//! GraphQL fields apply the same rules.

use entity::{
    courses::{self, Status},
    users::Role,
};

use crate::{
    auth::{STAFF_ROLES, Viewer},
    error::{ApiError, ApiResult},
};

/// The course's creator or an administrator: may edit it and its lessons.
pub fn may_manage(viewer: &Viewer, course: &courses::Model) -> bool {
    viewer.id() == course.creator_id || viewer.role() == Role::Admin
}

pub fn ensure_may_manage(viewer: &Viewer, course: &courses::Model) -> ApiResult<()> {
    if may_manage(viewer, course) {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "only the course's creator or an administrator may change it",
        ))
    }
}

fn is_staff(viewer: Option<&Viewer>) -> bool {
    viewer.is_some_and(|viewer| viewer.has_any_role(STAFF_ROLES))
}

fn manages(viewer: Option<&Viewer>, course: &courses::Model) -> bool {
    viewer.is_some_and(|viewer| may_manage(viewer, course))
}

/// Published courses are public; drafts are for their creator and staff;
/// archived courses also stay readable to their enrolled learners.
/// `enrolled`: the viewer holds an enrolment that is not refunded.
pub fn may_see(viewer: Option<&Viewer>, course: &courses::Model, enrolled: bool) -> bool {
    match course.status {
        Status::Published => true,
        Status::Draft => manages(viewer, course) || is_staff(viewer),
        Status::Archived => enrolled || manages(viewer, course) || is_staff(viewer),
    }
}

/// A lesson's body: free previews for anyone who may see the course; the
/// rest for enrolled learners, the creator and staff.
pub fn may_read_lesson_body(
    viewer: Option<&Viewer>,
    course: &courses::Model,
    free_preview: bool,
    enrolled: bool,
) -> bool {
    (free_preview && may_see(viewer, course, enrolled))
        || enrolled
        || manages(viewer, course)
        || is_staff(viewer)
}

/// What a course earned: for its creator and staff.
pub fn may_see_revenue(viewer: Option<&Viewer>, course: &courses::Model) -> bool {
    manages(viewer, course) || is_staff(viewer)
}

/// Creators publish courses; administrators may too.
pub fn ensure_may_create(viewer: &Viewer) -> ApiResult<()> {
    if matches!(viewer.role(), Role::Creator | Role::Admin) {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "only creators (and administrators) may create courses",
        ))
    }
}

/// Lists other than the public catalogue (drafts, archived) are for the
/// creator whose courses they are, and for staff.
pub fn may_list_unpublished(viewer: Option<&Viewer>, creator_id: Option<i64>) -> bool {
    is_staff(viewer) || viewer.zip(creator_id).is_some_and(|(v, c)| v.id() == c)
}
