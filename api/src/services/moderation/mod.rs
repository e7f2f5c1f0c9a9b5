//! Moderation and curation: members' reports grouped into a weighted queue,
//! moderators' resolutions and curation actions, auto-moderation (watched
//! words, held posts), and the append-only moderation log every staff
//! action writes to.
//!
//! Nothing here deletes a row: DELETE_CONTENT tombstones, hiding sets
//! `hidden_at`, and the log keeps a summary of what was removed.

pub mod automod;
pub mod curation;
pub mod log;
pub mod queue;
pub mod reports;
pub mod resolve;

use entity::threads;

use crate::{
    auth::{STAFF_ROLES, Viewer},
    error::{ApiError, ApiResult},
    services::{Db, community::access},
};

/// Moderation's configuration (watched words are data, in the database).
#[derive(Debug, Clone)]
pub struct ModerationSettings {
    /// Open reports weighing this much in all hide their target until
    /// a moderator reviews it.
    pub auto_hide_report_weight: f64,
    /// Posts with links from Novice members are held for review.
    pub hold_novice_links: bool,
}

impl Default for ModerationSettings {
    fn default() -> Self {
        Self {
            auto_hide_report_weight: 3.0,
            hold_novice_links: true,
        }
    }
}

pub fn is_staff(viewer: &Viewer) -> bool {
    viewer.has_any_role(STAFF_ROLES)
}

pub fn ensure_staff(viewer: &Viewer) -> ApiResult<()> {
    if is_staff(viewer) {
        Ok(())
    } else {
        Err(ApiError::forbidden("moderators and administrators only"))
    }
}

/// Whether the viewer governs a thread: staff everywhere, a course's
/// creator in their own course's threads (pin, lock, hide).
pub async fn governs(db: &impl Db, viewer: &Viewer, thread: &threads::Model) -> ApiResult<bool> {
    if is_staff(viewer) {
        return Ok(true);
    }
    let Some(course_id) = thread.course_id else {
        return Ok(false);
    };
    Ok(access::course_creator(db, course_id).await? == Some(viewer.id()))
}

/// FORBIDDEN unless the viewer governs the thread.
pub async fn ensure_governs(
    db: &impl Db,
    viewer: &Viewer,
    thread: &threads::Model,
) -> ApiResult<()> {
    if governs(db, viewer, thread).await? {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "only moderators, or the course's creator in their own course, may do this",
        ))
    }
}
