//! `trackEvents`: clients report what people viewed. Thin over
//! `services::analytics::tracking`.

use async_graphql::{Context, ID, InputObject, Json, Object, SimpleObject};
use chrono::{DateTime, Utc};

use crate::{
    error::{ApiError, ApiResult},
    graphql::{context::ContextExt, errors::GqlResult, ids},
    services::analytics::{
        record::subjects,
        tracking::{self, ReportedEvent},
    },
};

/// One event a client reports.
#[derive(InputObject)]
pub struct TrackEventInput {
    /// What happened: PAGE_VIEW, COURSE_VIEW, LESSON_VIEW or THREAD_VIEW.
    /// Other kinds (sign-ups, enrolments, posts, …) only the server records.
    pub kind: String,
    /// What it is about: the ID of a course, lesson, thread or any other
    /// object. Optional (a PAGE_VIEW may have none).
    pub subject_id: Option<ID>,
    /// When it happened by the client's clock; the server's time when
    /// omitted. At most 5 minutes ahead of the server's clock and 7 days
    /// behind it.
    pub occurred_at: Option<DateTime<Utc>>,
    /// Details, e.g. `{"path": "/courses"}`: a JSON object of at most 4 KiB
    /// as JSON. Optional.
    pub props: Option<Json<serde_json::Value>>,
}

/// An event `trackEvents` refused; the call's other events are not affected.
#[derive(SimpleObject)]
pub struct TrackEventRejection {
    /// Its position in the call's `events`, from 0.
    pub index: i32,
    /// The error code: BAD_USER_INPUT for an event that will never be
    /// accepted (do not send it again), UNAVAILABLE when the server was too
    /// busy to keep it (send it again later).
    pub code: String,
    /// The input field at fault, e.g. `events[2].occurredAt`
    /// (BAD_USER_INPUT only).
    pub field: Option<String>,
    /// Why, for the developer.
    pub message: String,
}

/// What `trackEvents` did with a call's events.
#[derive(SimpleObject)]
pub struct TrackEventsPayload {
    /// How many events were queued for recording.
    pub accepted: i32,
    /// The refused events, in the call's order.
    pub rejected: Vec<TrackEventRejection>,
}

#[derive(Default)]
pub struct EventsMutation;

#[Object]
impl EventsMutation {
    /// Reports what the person using the client viewed, for analytics:
    /// signed in (the events are theirs) or not (anonymous events). Up to
    /// 100 events per call (BAD_USER_INPUT for the whole call beyond).
    /// Each event is checked on its own: a bad one is listed in `rejected`
    /// and the others are still recorded. Events are queued, never waiting
    /// for the database; they appear in the metrics within a second or so.
    async fn track_events(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The events, oldest first.")] events: Vec<TrackEventInput>,
    ) -> async_graphql::Result<TrackEventsPayload> {
        let events = events
            .into_iter()
            .map(|event| ReportedEvent {
                kind: event.kind,
                subject_id: event.subject_id.map(|id| id.0),
                occurred_at: event.occurred_at,
                props: event.props.map(|props| props.0),
            })
            .collect();
        let tracked = tracking::track(
            &ctx.state().analytics,
            ctx.viewer_opt().map(|viewer| viewer.id()),
            events,
            subject,
            ctx.now(),
        )
        .gql()?;
        Ok(TrackEventsPayload {
            accepted: tracked.accepted as i32,
            rejected: tracked
                .rejected
                .into_iter()
                .map(|rejection| TrackEventRejection {
                    index: rejection.index as i32,
                    code: rejection.error.code().as_str().to_owned(),
                    field: match &rejection.error {
                        ApiError::BadUserInput { field, .. } => Some(field.clone()),
                        _ => None,
                    },
                    message: rejection.error.to_string(),
                })
                .collect(),
        })
    }
}

/// A global ID as an event's subject: its node kind (the node type's name
/// in upper snake case, see `record::subjects`) and row id.
fn subject(field: &str, id: &str) -> ApiResult<(&'static str, i64)> {
    let (kind, id) = ids::decode_any(field, id)?;
    let name = upper_snake(&format!("{kind:?}"));
    let kind = subjects::named(&name)
        .ok_or_else(|| ApiError::bad_input(field, "events cannot be about this object"))?;
    Ok((kind, id))
}

/// `ModerationLogEntry` → `MODERATION_LOG_ENTRY`.
fn upper_snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graphql::ids::NodeKind;

    #[test]
    fn subjects_keep_their_kind_and_id() {
        let field = "events[0].subjectId";
        let id = ids::encode(NodeKind::ModerationLogEntry, 12);
        assert_eq!(subject(field, &id).unwrap(), ("MODERATION_LOG_ENTRY", 12));
        for kind in [
            NodeKind::User,
            NodeKind::Course,
            NodeKind::Lesson,
            NodeKind::ModerationItem,
            NodeKind::RecommenderModel,
        ] {
            let (name, id) = subject(field, &ids::encode(kind, 3)).unwrap();
            assert_eq!(id, 3);
            assert_eq!(name.replace('_', ""), format!("{kind:?}").to_uppercase());
        }
        let err = subject("events[1].subjectId", "nope").unwrap_err();
        assert!(
            matches!(err, ApiError::BadUserInput { ref field, .. } if field == "events[1].subjectId")
        );
    }
}
