//! What can be recorded: the server's own event kinds (recorded as side
//! effects, never accepted from clients) and the kinds clients report
//! through `trackEvents`.

use std::fmt;

/// An event kind. `as_str` is what is stored and what the API shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventKind {
    // Recorded by the server.
    SignUp,
    Login,
    Enrol,
    Refund,
    Thread,
    Answer,
    Comment,
    Vote,
    Accept,
    Search,
    RecommendationImpression,
    RecommendationClick,
    LevelUp,
    Badge,
    // Reported by clients.
    PageView,
    CourseView,
    LessonView,
    ThreadView,
}

impl EventKind {
    pub const ALL: [EventKind; 18] = [
        EventKind::SignUp,
        EventKind::Login,
        EventKind::Enrol,
        EventKind::Refund,
        EventKind::Thread,
        EventKind::Answer,
        EventKind::Comment,
        EventKind::Vote,
        EventKind::Accept,
        EventKind::Search,
        EventKind::RecommendationImpression,
        EventKind::RecommendationClick,
        EventKind::LevelUp,
        EventKind::Badge,
        EventKind::PageView,
        EventKind::CourseView,
        EventKind::LessonView,
        EventKind::ThreadView,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::SignUp => "SIGN_UP",
            EventKind::Login => "LOGIN",
            EventKind::Enrol => "ENROL",
            EventKind::Refund => "REFUND",
            EventKind::Thread => "THREAD",
            EventKind::Answer => "ANSWER",
            EventKind::Comment => "COMMENT",
            EventKind::Vote => "VOTE",
            EventKind::Accept => "ACCEPT",
            EventKind::Search => "SEARCH",
            EventKind::RecommendationImpression => "RECOMMENDATION_IMPRESSION",
            EventKind::RecommendationClick => "RECOMMENDATION_CLICK",
            EventKind::LevelUp => "LEVEL_UP",
            EventKind::Badge => "BADGE",
            EventKind::PageView => "PAGE_VIEW",
            EventKind::CourseView => "COURSE_VIEW",
            EventKind::LessonView => "LESSON_VIEW",
            EventKind::ThreadView => "THREAD_VIEW",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw)
    }

    /// Kinds a client may report; the rest only the server records.
    pub fn client_reportable(self) -> bool {
        matches!(
            self,
            EventKind::PageView
                | EventKind::CourseView
                | EventKind::LessonView
                | EventKind::ThreadView
        )
    }

    /// Posting: asking, answering or commenting.
    pub fn is_post(self) -> bool {
        matches!(
            self,
            EventKind::Thread | EventKind::Answer | EventKind::Comment
        )
    }

    /// Something the member did, as opposed to something that happened to
    /// them (a level-up or badge earned from others' votes): only actions
    /// make a member active on a day.
    pub fn is_action(self) -> bool {
        !matches!(self, EventKind::LevelUp | EventKind::Badge)
    }

    /// The bits this kind sets on the member's day in the daily rollup.
    pub fn day_flags(self) -> i32 {
        let mut flags = day_flags::ACTIVE;
        match self {
            EventKind::CourseView => flags |= day_flags::VIEWED_COURSE,
            EventKind::Enrol => flags |= day_flags::ENROLLED,
            kind if kind.is_post() => flags |= day_flags::POSTED,
            _ => {}
        }
        flags
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Bits of `analytics_daily_users.flags`.
pub mod day_flags {
    /// Any event: the member was active that day.
    pub const ACTIVE: i32 = 1;
    pub const VIEWED_COURSE: i32 = 2;
    pub const ENROLLED: i32 = 4;
    /// Asked, answered or commented.
    pub const POSTED: i32 = 8;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_flags() {
        for kind in EventKind::ALL {
            assert_eq!(EventKind::parse(kind.as_str()), Some(kind));
            assert_ne!(kind.day_flags() & day_flags::ACTIVE, 0);
        }
        assert!(!EventKind::LevelUp.is_action());
        assert!(!EventKind::Badge.is_action());
        assert!(EventKind::Refund.is_action());
        assert_eq!(EventKind::parse("sign_up"), None);
        assert!(EventKind::CourseView.client_reportable());
        assert!(!EventKind::Enrol.client_reportable());
        assert_eq!(
            EventKind::Answer.day_flags(),
            day_flags::ACTIVE | day_flags::POSTED
        );
    }
}
