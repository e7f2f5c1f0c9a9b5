//! Events clients report (`trackEvents`): page, course, lesson and thread
//! views. A call carries up to [`MAX_EVENTS`]; each is checked on its own,
//! so a bad one is refused with its reason while the rest are queued like
//! the server's own events (no database round trip in the request).

use chrono::{DateTime, Duration, Utc};

use super::{Analytics, EventKind, NewEvent};
use crate::error::{ApiError, ApiResult};

/// Events one call may report.
pub const MAX_EVENTS: usize = 100;
/// A client's clock may run this far ahead of the server's.
pub const MAX_CLOCK_SKEW: Duration = Duration::minutes(5);
/// Events older than this are refused (a client that was offline longer
/// drops them).
pub const MAX_AGE: Duration = Duration::days(7);
/// Largest `props`, serialised as JSON.
pub const MAX_PROPS_BYTES: usize = 4 * 1024;

/// One event as a client reported it.
#[derive(Debug, Clone, Default)]
pub struct ReportedEvent {
    pub kind: String,
    /// A global ID, decoded by the caller's `decode_subject`.
    pub subject_id: Option<String>,
    /// None: now.
    pub occurred_at: Option<DateTime<Utc>>,
    pub props: Option<serde_json::Value>,
}

/// Why one event of a call was refused.
#[derive(Debug)]
pub struct Rejection {
    /// Its position in the call, from 0.
    pub index: usize,
    pub error: ApiError,
}

/// What happened to a call's events.
#[derive(Debug, Default)]
pub struct Tracked {
    /// Queued for writing.
    pub accepted: usize,
    pub rejected: Vec<Rejection>,
}

/// Checks each event and queues the valid ones for `user_id` (None:
/// signed out). BAD_USER_INPUT for the whole call over [`MAX_EVENTS`];
/// otherwise each bad event is refused on its own: BAD_USER_INPUT for an
/// unknown kind or one only the server records, a subject ID
/// `decode_subject` refuses, a time more than [`MAX_CLOCK_SKEW`] ahead or
/// [`MAX_AGE`] behind `now`, or props that are not an object or exceed
/// [`MAX_PROPS_BYTES`]; UNAVAILABLE when the queue is full (the drop is
/// counted; the client may send it again later).
#[tracing::instrument(skip_all, fields(events = events.len()))]
pub fn track(
    analytics: &Analytics,
    user_id: Option<i64>,
    events: Vec<ReportedEvent>,
    decode_subject: impl Fn(&str, &str) -> ApiResult<(&'static str, i64)>,
    now: DateTime<Utc>,
) -> ApiResult<Tracked> {
    if events.len() > MAX_EVENTS {
        return Err(ApiError::bad_input(
            "events",
            format!("report at most {MAX_EVENTS} events per call"),
        ));
    }
    let mut tracked = Tracked::default();
    for (index, reported) in events.into_iter().enumerate() {
        let outcome = check(index, reported, user_id, &decode_subject, now).and_then(|event| {
            if analytics.record(event) {
                Ok(())
            } else {
                Err(ApiError::Unavailable(anyhow::anyhow!(
                    "the analytics event queue is full"
                )))
            }
        });
        match outcome {
            Ok(()) => tracked.accepted += 1,
            Err(error) => tracked.rejected.push(Rejection { index, error }),
        }
    }
    if !tracked.rejected.is_empty() {
        tracing::debug!(
            rejected = tracked.rejected.len(),
            "refused some reported events"
        );
    }
    Ok(tracked)
}

/// One reported event as it is stored, or why it is refused.
fn check(
    index: usize,
    reported: ReportedEvent,
    user_id: Option<i64>,
    decode_subject: impl Fn(&str, &str) -> ApiResult<(&'static str, i64)>,
    now: DateTime<Utc>,
) -> ApiResult<NewEvent> {
    let field = |name: &str| format!("events[{index}].{name}");
    let kind = EventKind::parse(reported.kind.trim())
        .filter(|kind| kind.client_reportable())
        .ok_or_else(|| {
            ApiError::bad_input(
                field("kind"),
                format!("clients report only {}", client_kinds().join(", ")),
            )
        })?;
    let subject = reported
        .subject_id
        .as_deref()
        .map(|id| decode_subject(&field("subjectId"), id))
        .transpose()?;
    let occurred_at = reported.occurred_at.unwrap_or(now);
    if occurred_at > now + MAX_CLOCK_SKEW {
        return Err(ApiError::bad_input(
            field("occurredAt"),
            "the event is in the future",
        ));
    }
    if occurred_at < now - MAX_AGE {
        return Err(ApiError::bad_input(
            field("occurredAt"),
            format!("events older than {} days are refused", MAX_AGE.num_days()),
        ));
    }
    let props = reported
        .props
        .map(|props| check_props(&field("props"), props))
        .transpose()?;
    Ok(NewEvent {
        kind,
        user_id,
        subject,
        from_client: true,
        props,
        occurred_at,
        recorded_at: now,
    })
}

fn check_props(field: &str, props: serde_json::Value) -> ApiResult<serde_json::Value> {
    if !props.is_object() {
        return Err(ApiError::bad_input(field, "props must be a JSON object"));
    }
    if props.to_string().len() > MAX_PROPS_BYTES {
        return Err(ApiError::bad_input(
            field,
            format!("props may take at most {MAX_PROPS_BYTES} bytes as JSON"),
        ));
    }
    Ok(props)
}

/// The kinds clients may report, by name.
pub fn client_kinds() -> Vec<&'static str> {
    EventKind::ALL
        .into_iter()
        .filter(|kind| kind.client_reportable())
        .map(EventKind::as_str)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-01T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn decode(field: &str, id: &str) -> ApiResult<(&'static str, i64)> {
        match id.strip_prefix("course-") {
            Some(id) => Ok(("COURSE", id.parse().unwrap())),
            None => Err(ApiError::bad_input(field, "not a valid ID")),
        }
    }

    fn view(kind: &str) -> ReportedEvent {
        ReportedEvent {
            kind: kind.into(),
            ..Default::default()
        }
    }

    /// The field of the BAD_USER_INPUT an event gets, None when valid.
    fn refused_field(event: ReportedEvent) -> Option<String> {
        match check(3, event, Some(7), decode, now()) {
            Ok(_) => None,
            Err(ApiError::BadUserInput { field, .. }) => Some(field),
            Err(other) => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn a_valid_event_is_stored_as_reported() {
        let event = check(
            0,
            ReportedEvent {
                kind: " COURSE_VIEW ".into(),
                subject_id: Some("course-5".into()),
                occurred_at: Some(now() - Duration::days(7)),
                props: Some(json!({ "referrer": "search" })),
            },
            None,
            decode,
            now(),
        )
        .unwrap();
        assert_eq!(event.kind, EventKind::CourseView);
        assert_eq!(event.subject, Some(("COURSE", 5)));
        assert_eq!(event.user_id, None);
        assert!(event.from_client);
        assert_eq!(event.occurred_at, now() - Duration::days(7));
        assert_eq!(event.recorded_at, now());
        // No time: now.
        let event = check(0, view("PAGE_VIEW"), Some(7), decode, now()).unwrap();
        assert_eq!((event.occurred_at, event.user_id), (now(), Some(7)));
    }

    #[test]
    fn each_bad_part_names_its_field() {
        let bad = |field: &str| Some(format!("events[3].{field}"));
        assert_eq!(refused_field(view("NOPE")), bad("kind"));
        assert_eq!(refused_field(view("page_view")), bad("kind"));
        // Only the server records enrolments.
        assert_eq!(refused_field(view("ENROL")), bad("kind"));
        let with = |f: &dyn Fn(&mut ReportedEvent)| {
            let mut event = view("THREAD_VIEW");
            f(&mut event);
            event
        };
        assert_eq!(
            refused_field(with(&|e| e.subject_id = Some("garbage".into()))),
            bad("subjectId")
        );
        let at = |offset: Duration| with(&|e| e.occurred_at = Some(now() + offset));
        assert_eq!(refused_field(at(MAX_CLOCK_SKEW)), None);
        assert_eq!(
            refused_field(at(MAX_CLOCK_SKEW + Duration::seconds(1))),
            bad("occurredAt")
        );
        assert_eq!(refused_field(at(-MAX_AGE)), None);
        assert_eq!(
            refused_field(at(-MAX_AGE - Duration::seconds(1))),
            bad("occurredAt")
        );
        let props = |value: serde_json::Value| with(&|e| e.props = Some(value.clone()));
        assert_eq!(refused_field(props(json!([1, 2]))), bad("props"));
        assert_eq!(refused_field(props(json!("text"))), bad("props"));
        // {"k":"…"} is 8 bytes besides the string.
        let fits = "x".repeat(MAX_PROPS_BYTES - 8);
        assert_eq!(refused_field(props(json!({ "k": fits }))), None);
        let over = "x".repeat(MAX_PROPS_BYTES - 7);
        assert_eq!(refused_field(props(json!({ "k": over }))), bad("props"));
    }

    #[test]
    fn client_kinds_are_the_views() {
        assert_eq!(
            client_kinds(),
            ["PAGE_VIEW", "COURSE_VIEW", "LESSON_VIEW", "THREAD_VIEW"]
        );
    }
}
