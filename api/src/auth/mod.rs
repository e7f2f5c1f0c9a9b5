//! Authentication primitives: passwords, access tokens, refresh tokens, and
//! the signed-in principal that guards and services see.

pub mod jwt;
pub mod password;
pub mod tokens;

use chrono::{DateTime, Utc};
use entity::users::{self, Role, Status};

use crate::error::{ApiError, ApiResult, Suspension};

/// Roles that moderate: they see private fields, list users and suspend.
pub const STAFF_ROLES: &[Role] = &[Role::Moderator, Role::Admin];

/// The signed-in user of a request, loaded fresh from the database so a role
/// change or suspension takes effect at once.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub user: users::Model,
    pub session_id: i64,
}

impl Viewer {
    pub fn id(&self) -> i64 {
        self.user.id
    }

    pub fn role(&self) -> Role {
        self.user.role
    }

    pub fn has_any_role(&self, roles: &[Role]) -> bool {
        roles.contains(&self.user.role)
    }

    /// Email and suspension details are for the user themself and for staff.
    pub fn may_read_private_fields_of(&self, user_id: i64) -> bool {
        self.id() == user_id || self.has_any_role(STAFF_ROLES)
    }

    /// A suspended account may read but not write.
    pub fn ensure_can_write(&self, now: DateTime<Utc>) -> ApiResult<()> {
        match active_suspension(&self.user, now) {
            Some(suspension) => Err(ApiError::Forbidden {
                message: format!("your account is suspended: {}", suspension.reason),
                suspension: Some(suspension),
                requirement: None,
            }),
            None => Ok(()),
        }
    }
}

/// The suspension in force, if any (a suspension whose end has passed is over).
pub fn active_suspension(user: &users::Model, now: DateTime<Utc>) -> Option<Suspension> {
    if user.status != Status::Suspended {
        return None;
    }
    if user.suspended_until.is_some_and(|until| until <= now) {
        return None;
    }
    Some(Suspension {
        until: user.suspended_until,
        reason: user.suspension_reason.clone().unwrap_or_default(),
    })
}

/// The status in force: a suspension whose end has passed reads as active
/// (the stored status is only rewritten by the next moderator action).
pub fn status_in_force(user: &users::Model, now: DateTime<Utc>) -> Status {
    match user.status {
        Status::Suspended if active_suspension(user, now).is_none() => Status::Active,
        status => status,
    }
}
