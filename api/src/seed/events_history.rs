//! The made-up event history of `seed::events`, pure and deterministic (one
//! seeded RNG per member, so a member's history does not depend on who else
//! is there):
//!
//! - each member's SIGN_UP at their `created_at`;
//! - the other events shared among members by how active each is (heavy
//!   tailed: a few members do most) times the days they stayed within the
//!   window; about a third churn: a few weeks after joining on average, or
//!   at any time in the window for members who joined before it;
//! - in sessions that mostly begin with a LOGIN, then views, searches,
//!   recommendations, posts, votes and enrolments (`KINDS`), a minute or
//!   two apart; sessions follow a weekly rhythm (quieter weekends) and a
//!   daily one (busiest in the evening) in the reporting time zone.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde_json::json;

use crate::services::analytics::{EventKind, NewEvent, record::subjects};

/// Share of members who stop coming back within the window.
const CHURN_SHARE: f64 = 0.35;
/// Mean days a churning member stays.
const CHURN_MEAN_DAYS: f64 = 45.0;
/// Session starts by weekday, Monday first (accepted with this probability).
const WEEKDAYS: [f64; 7] = [1.0, 1.0, 0.98, 0.95, 0.85, 0.6, 0.7];
/// Relative session starts by local hour.
const HOURS: [f64; 24] = [
    1.0, 0.6, 0.4, 0.3, 0.3, 0.5, 1.2, 2.5, 3.5, 4.0, 4.0, 4.0, 4.5, 4.0, 3.8, 3.8, 4.0, 4.5, 5.0,
    6.0, 6.5, 6.0, 4.0, 2.5,
];
/// Within a session, the kinds after its opening, by relative frequency.
const KINDS: [(EventKind, f64); 15] = [
    (EventKind::PageView, 30.0),
    (EventKind::CourseView, 16.0),
    (EventKind::ThreadView, 14.0),
    (EventKind::LessonView, 10.0),
    (EventKind::RecommendationImpression, 10.0),
    (EventKind::Search, 5.0),
    (EventKind::Vote, 3.0),
    (EventKind::Comment, 1.5),
    (EventKind::RecommendationClick, 1.2),
    (EventKind::Answer, 1.2),
    (EventKind::Enrol, 0.8),
    (EventKind::Thread, 0.6),
    (EventKind::Accept, 0.25),
    (EventKind::Badge, 0.15),
    (EventKind::Refund, 0.05),
];
/// A session opens with a LOGIN this often (the rest were signed in).
const LOGIN_SHARE: f64 = 0.6;
const SEARCHES: [&str; 8] = [
    "rust",
    "推荐算法",
    "machine learning",
    "sql",
    "写作",
    "design",
    "python",
    "async",
];
const PAGES: [&str; 5] = ["/", "/courses", "/community", "/me", "/search"];

/// A member who gets a history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    pub id: i64,
    pub created_at: DateTime<Utc>,
}

/// Row ids events can be about (empty lists: no subject).
#[derive(Debug, Clone, Default)]
pub struct Subjects {
    pub courses: Vec<i64>,
    pub lessons: Vec<i64>,
    pub threads: Vec<i64>,
    pub answers: Vec<i64>,
    pub comments: Vec<i64>,
}

/// The history's frame: events up to `now`, besides sign-ups within the
/// last `days`, in `zone`'s days and hours.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    pub now: DateTime<Utc>,
    pub days: i64,
    pub zone: Tz,
    pub seed: u64,
}

impl Frame {
    fn rng(&self, member: i64) -> Xoshiro256PlusPlus {
        Xoshiro256PlusPlus::seed_from_u64(
            self.seed ^ (member as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15),
        )
    }

    /// When a member is active in the window: [start, end), None if never.
    /// A churning member who joined within the window leaves some weeks
    /// after joining; one who joined before it leaves at any time in it.
    fn active_span(&self, member: &Member) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let mut rng = self.rng(member.id);
        let window_start = self.now - Duration::days(self.days);
        let start = member.created_at.max(window_start);
        let end = if rng.r#gen::<f64>() < CHURN_SHARE {
            let stay = if member.created_at >= window_start {
                -CHURN_MEAN_DAYS * (1.0 - rng.r#gen::<f64>()).ln() + 1.0
            } else {
                rng.r#gen::<f64>() * self.days as f64
            };
            (start + Duration::seconds((stay * 86_400.0) as i64)).min(self.now)
        } else {
            self.now
        };
        (end > start).then_some((start, end))
    }

    /// How much of the window's activity is a member's: activity (Pareto,
    /// α = 1.5, at most 100) times active days.
    fn weight(&self, member: &Member) -> f64 {
        let Some((start, end)) = self.active_span(member) else {
            return 0.0;
        };
        let mut rng = self.rng(member.id ^ 0x5EED);
        let activity = (1.0 - rng.r#gen::<f64>()).powf(-1.0 / 1.5).min(100.0);
        activity * ((end - start).num_seconds() as f64 / 86_400.0).max(1.0 / 24.0)
    }
}

/// How many events each member gets (the same order), `total` in all:
/// one SIGN_UP each (the first `total` members only, if fewer), the rest by
/// weight, rounded so that the counts add up exactly.
pub fn budgets(frame: &Frame, members: &[Member], total: u64) -> Vec<u64> {
    let n = members.len() as u64;
    if total <= n {
        return (0..n).map(|i| u64::from(i < total)).collect();
    }
    let mut weights: Vec<f64> = members.iter().map(|m| frame.weight(m)).collect();
    if weights.iter().all(|&w| w == 0.0) {
        weights.iter_mut().for_each(|w| *w = 1.0);
    }
    let sum: f64 = weights.iter().sum();
    let rest = total - n;
    let mut cumulative = 0.0;
    let mut given = 0u64;
    let mut counts: Vec<u64> = weights
        .iter()
        .map(|w| {
            cumulative += w;
            let upto = (((cumulative / sum) * rest as f64).floor() as u64).min(rest);
            let share = upto - given;
            given = upto;
            1 + share
        })
        .collect();
    // Rounding may leave a few for the last.
    if let Some(last) = counts.last_mut() {
        *last += rest - given;
    }
    counts
}

/// One member's `count` events: the sign-up, then sessions.
pub fn history(frame: &Frame, member: &Member, count: u64, subjects: &Subjects) -> Vec<NewEvent> {
    let mut events = Vec::with_capacity(count as usize);
    if count == 0 {
        return events;
    }
    let signed_up = member.created_at.min(frame.now);
    events.push(NewEvent::server(
        EventKind::SignUp,
        Some(member.id),
        signed_up,
    ));
    // A member given events though never active in the window (every
    // weight was zero) is active over all of it.
    let span = frame.active_span(member).unwrap_or_else(|| {
        let start = signed_up.max(frame.now - Duration::days(frame.days));
        (start, frame.now)
    });
    let mut rng = frame.rng(member.id ^ 0xE7E7);
    let mut left = count - 1;
    while left > 0 {
        // 1 + geometric(0.3): 3.3 events a session on average.
        let mut length = 1;
        while rng.r#gen::<f64>() > 0.3 && length < 30 {
            length += 1;
        }
        let length = length.min(left);
        let mut at = session_start(frame, span, &mut rng);
        for i in 0..length {
            let kind = if i == 0 && rng.r#gen::<f64>() < LOGIN_SHARE {
                EventKind::Login
            } else {
                pick_kind(&mut rng)
            };
            events.push(event(
                kind,
                member.id,
                at.clamp(span.0, frame.now),
                subjects,
                &mut rng,
            ));
            at += Duration::seconds(rng.gen_range(5..240));
        }
        left -= length;
    }
    events
}

/// A session's start within the span: a day by the weekly rhythm, an hour
/// by the daily one, in the reporting zone.
fn session_start(
    frame: &Frame,
    (start, end): (DateTime<Utc>, DateTime<Utc>),
    rng: &mut Xoshiro256PlusPlus,
) -> DateTime<Utc> {
    let first = start.with_timezone(&frame.zone).date_naive();
    let last = end.with_timezone(&frame.zone).date_naive();
    let days = (last - first).num_days().max(0);
    let day: NaiveDate = loop {
        let day = first + Duration::days(rng.gen_range(0..=days));
        let weekday = day.weekday().num_days_from_monday() as usize;
        if rng.r#gen::<f64>() < WEEKDAYS[weekday] {
            break day;
        }
    };
    let total: f64 = HOURS.iter().sum();
    let mut pick = rng.r#gen::<f64>() * total;
    let hour = HOURS
        .iter()
        .position(|&w| {
            pick -= w;
            pick < 0.0
        })
        .unwrap_or(23);
    let local = day
        .and_hms_opt(hour as u32, rng.gen_range(0..60), rng.gen_range(0..60))
        .expect("a valid time");
    let at = frame
        .zone
        .from_local_datetime(&local)
        .earliest()
        .map_or_else(|| Utc.from_utc_datetime(&local), |t| t.with_timezone(&Utc));
    at.clamp(start, end)
}

fn pick_kind(rng: &mut Xoshiro256PlusPlus) -> EventKind {
    let total: f64 = KINDS.iter().map(|(_, w)| w).sum();
    let mut pick = rng.r#gen::<f64>() * total;
    for (kind, weight) in KINDS {
        pick -= weight;
        if pick < 0.0 {
            return kind;
        }
    }
    KINDS[0].0
}

/// A popular-first pick: low indices far more often (u² skew).
fn pick(ids: &[i64], rng: &mut Xoshiro256PlusPlus) -> Option<i64> {
    if ids.is_empty() {
        return None;
    }
    let u: f64 = rng.r#gen();
    ids.get(((u * u) * ids.len() as f64) as usize)
        .or(ids.last())
        .copied()
}

fn event(
    kind: EventKind,
    user: i64,
    at: DateTime<Utc>,
    subjects: &Subjects,
    rng: &mut Xoshiro256PlusPlus,
) -> NewEvent {
    let mut event = NewEvent::server(kind, Some(user), at);
    event.from_client = kind.client_reportable();
    let about = |kind: &'static str, ids: &[i64], rng: &mut Xoshiro256PlusPlus| {
        pick(ids, rng).map(|id| (kind, id))
    };
    event.subject = match kind {
        EventKind::CourseView
        | EventKind::Enrol
        | EventKind::Refund
        | EventKind::RecommendationImpression
        | EventKind::RecommendationClick => about(subjects::COURSE, &subjects.courses, rng),
        EventKind::LessonView => about(subjects::LESSON, &subjects.lessons, rng),
        EventKind::ThreadView | EventKind::Thread => {
            about(subjects::THREAD, &subjects.threads, rng)
        }
        EventKind::Answer | EventKind::Accept | EventKind::Vote => {
            about(subjects::ANSWER, &subjects.answers, rng)
        }
        EventKind::Comment => about(subjects::COMMENT, &subjects.comments, rng),
        EventKind::Login | EventKind::SignUp => Some((subjects::USER, user)),
        _ => None,
    };
    event.props = match kind {
        EventKind::PageView => Some(json!({ "path": PAGES[rng.gen_range(0..PAGES.len())] })),
        EventKind::Search => Some(json!({
            "query": SEARCHES[rng.gen_range(0..SEARCHES.len())],
            "hits": rng.gen_range(0..40),
        })),
        EventKind::Vote => Some(json!({ "value": if rng.gen_bool(0.9) { "UP" } else { "DOWN" } })),
        EventKind::RecommendationImpression | EventKind::RecommendationClick => Some(json!({
            "surface": "COURSES",
            "modelId": null,
            "variant": "FALLBACK",
            "position": rng.gen_range(1..=10),
        })),
        _ => None,
    };
    event
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame() -> Frame {
        Frame {
            now: DateTime::parse_from_rfc3339("2026-06-01T12:00:00Z")
                .unwrap()
                .with_timezone(&Utc),
            days: 365,
            zone: chrono_tz::Asia::Shanghai,
            seed: 42,
        }
    }

    fn members(n: i64) -> Vec<Member> {
        let now = frame().now;
        (1..=n)
            .map(|id| Member {
                id,
                created_at: now - Duration::days(id * 7 % 500),
            })
            .collect()
    }

    #[test]
    fn budgets_add_up_and_give_everyone_a_sign_up() {
        let members = members(300);
        for total in [0, 10, 300, 301, 10_000, 123_457] {
            let budgets = budgets(&frame(), &members, total);
            assert_eq!(budgets.iter().sum::<u64>(), total, "{total}");
            if total >= 300 {
                assert!(budgets.iter().all(|&b| b >= 1));
            }
        }
        // Heavy-tailed: the busiest tenth does far more than a tenth.
        let mut big = budgets(&frame(), &members, 100_000);
        big.sort_unstable_by(|a, b| b.cmp(a));
        assert!(big[..30].iter().sum::<u64>() > 25_000, "{:?}", &big[..30]);
    }

    #[test]
    fn histories_are_deterministic_and_inside_the_frame() {
        let subjects = Subjects {
            courses: vec![1, 2, 3],
            answers: vec![9],
            ..Default::default()
        };
        let frame = frame();
        let member = members(40)[39];
        let one = history(&frame, &member, 500, &subjects);
        assert_eq!(one, history(&frame, &member, 500, &subjects));
        assert_eq!(one.len(), 500);
        assert_eq!(one[0].kind, EventKind::SignUp);
        assert_eq!(one[0].occurred_at, member.created_at);
        let start = member.created_at.max(frame.now - Duration::days(365));
        for event in &one[1..] {
            assert!(event.occurred_at >= start && event.occurred_at <= frame.now);
            assert_eq!(event.user_id, Some(member.id));
            assert_eq!(event.from_client, event.kind.client_reportable());
            if event.kind == EventKind::CourseView {
                assert!(matches!(event.subject, Some(("COURSE", 1..=3))));
            }
            if event.kind == EventKind::LessonView {
                assert_eq!(event.subject, None);
            }
        }
        let logins = one.iter().filter(|e| e.kind == EventKind::Login).count();
        assert!(logins > 50, "{logins} logins");
        // Evenings are busier than small hours, in Shanghai.
        let hour_of = |e: &NewEvent| {
            use chrono::Timelike;
            e.occurred_at.with_timezone(&frame.zone).hour()
        };
        let evening = one
            .iter()
            .filter(|e| (19..=21).contains(&hour_of(e)))
            .count();
        let night = one.iter().filter(|e| (2..=4).contains(&hour_of(e))).count();
        assert!(evening > 3 * night, "{evening} vs {night}");
    }
}
