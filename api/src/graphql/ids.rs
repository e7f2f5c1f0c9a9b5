//! Opaque global IDs (`base64url("Type:id")`).

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};

use crate::error::{ApiError, ApiResult};

/// The kinds of object that have a global ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    User,
    Course,
    Lesson,
    Enrollment,
    Review,
    Thread,
    Answer,
    Comment,
    Notification,
    Payout,
    ModerationItem,
    Report,
    ModerationLogEntry,
    WatchedWord,
    RecommenderModel,
    Experiment,
}

impl NodeKind {
    const ALL: [NodeKind; 16] = [
        NodeKind::User,
        NodeKind::Course,
        NodeKind::Lesson,
        NodeKind::Enrollment,
        NodeKind::Review,
        NodeKind::Thread,
        NodeKind::Answer,
        NodeKind::Comment,
        NodeKind::Notification,
        NodeKind::Payout,
        NodeKind::ModerationItem,
        NodeKind::Report,
        NodeKind::ModerationLogEntry,
        NodeKind::WatchedWord,
        NodeKind::RecommenderModel,
        NodeKind::Experiment,
    ];

    fn name(self) -> &'static str {
        match self {
            NodeKind::User => "User",
            NodeKind::Course => "Course",
            NodeKind::Lesson => "Lesson",
            NodeKind::Enrollment => "Enrollment",
            NodeKind::Review => "Review",
            NodeKind::Thread => "Thread",
            NodeKind::Answer => "Answer",
            NodeKind::Comment => "Comment",
            NodeKind::Notification => "Notification",
            NodeKind::Payout => "Payout",
            NodeKind::ModerationItem => "ModerationItem",
            NodeKind::Report => "Report",
            NodeKind::ModerationLogEntry => "ModerationLogEntry",
            NodeKind::WatchedWord => "WatchedWord",
            NodeKind::RecommenderModel => "RecommenderModel",
            NodeKind::Experiment => "Experiment",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.name() == name)
    }
}

pub fn encode(kind: NodeKind, id: i64) -> async_graphql::ID {
    async_graphql::ID(URL_SAFE_NO_PAD.encode(format!("{}:{id}", kind.name())))
}

/// Decodes any global ID; `field` names the argument for the error.
pub fn decode_any(field: &str, id: &str) -> ApiResult<(NodeKind, i64)> {
    let invalid = || ApiError::bad_input(field, "not a valid ID");
    let bytes = URL_SAFE_NO_PAD.decode(id.trim()).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let (kind, raw) = text.split_once(':').ok_or_else(invalid)?;
    let kind = NodeKind::from_name(kind).ok_or_else(invalid)?;
    let id = raw.parse::<i64>().map_err(|_| invalid())?;
    Ok((kind, id))
}

/// Decodes a global ID that must be of `kind`.
pub fn decode(field: &str, kind: NodeKind, id: &str) -> ApiResult<i64> {
    match decode_any(field, id)? {
        (found, id) if found == kind => Ok(id),
        _ => Err(ApiError::bad_input(
            field,
            format!("expected the ID of a {}", kind.name()),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_check_kind() {
        let id = encode(NodeKind::User, 42);
        assert_eq!(decode("id", NodeKind::User, &id).unwrap(), 42);
        assert!(decode("id", NodeKind::User, "not-base64!").is_err());
        assert!(decode("id", NodeKind::User, &URL_SAFE_NO_PAD.encode("Course:1")).is_err());
        assert!(decode("id", NodeKind::User, &URL_SAFE_NO_PAD.encode("Nothing:1")).is_err());
        assert_eq!(
            decode("id", NodeKind::Course, &encode(NodeKind::Course, 7)).unwrap(),
            7
        );
    }
}
