//! Why an item is shown: the engine's explanation, mapped onto what the
//! viewer did (an enrolment, a view, a thread they took part in) and onto
//! the viewer's interest group; and the sentence a client shows.

use crate::recommend::Explanation;
use crate::recommend::clusters::InterestGroup;

use super::super::items::ItemRef;
use super::history::History;

/// The kind of an explanation (stored with each impression).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    /// It goes with a course the viewer enrolled in (`course`).
    BecauseYouEnrolled,
    /// It goes with a course the viewer looked at (`course`).
    BecauseYouViewed,
    /// It goes with a thread the viewer took part in (`thread`).
    BecauseYouJoined,
    /// Over-represented among the viewer's interest group (`group`).
    PopularInYourGroup,
    /// Recent, in a tag the viewer follows (`tag`).
    NewInFollowedTag,
    /// Members with similar tastes liked it (latent factors).
    SimilarMembers,
    /// Its text and tags match what the viewer likes.
    MatchesYourInterests,
    /// Popular on the platform.
    Popular,
    /// Learners of `course` also enrolled in it (similar courses).
    AlsoEnrolled,
    /// Its topics are close to `course`'s (similar courses).
    SimilarTopic,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::BecauseYouEnrolled => "BECAUSE_YOU_ENROLLED",
            Reason::BecauseYouViewed => "BECAUSE_YOU_VIEWED",
            Reason::BecauseYouJoined => "BECAUSE_YOU_JOINED",
            Reason::PopularInYourGroup => "POPULAR_IN_YOUR_GROUP",
            Reason::NewInFollowedTag => "NEW_IN_FOLLOWED_TAG",
            Reason::SimilarMembers => "SIMILAR_MEMBERS",
            Reason::MatchesYourInterests => "MATCHES_YOUR_INTERESTS",
            Reason::Popular => "POPULAR",
            Reason::AlsoEnrolled => "ALSO_ENROLLED",
            Reason::SimilarTopic => "SIMILAR_TOPIC",
        }
    }
}

/// An explanation with what it refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Why {
    pub reason: Reason,
    pub course: Option<i64>,
    pub thread: Option<i64>,
    /// Group index in the served model's interest groups.
    pub group: Option<u32>,
    pub tag: Option<String>,
}

impl Why {
    pub fn plain(reason: Reason) -> Self {
        Why {
            reason,
            course: None,
            thread: None,
            group: None,
            tag: None,
        }
    }

    pub fn course(reason: Reason, course: i64) -> Self {
        Why {
            course: Some(course),
            ..Why::plain(reason)
        }
    }

    pub fn tag(tag: String) -> Self {
        Why {
            tag: Some(tag),
            ..Why::plain(Reason::NewInFollowedTag)
        }
    }

    pub fn group(group: u32) -> Self {
        Why {
            group: Some(group),
            ..Why::plain(Reason::PopularInYourGroup)
        }
    }
}

/// The viewer's interest group in the served model, if they are in it.
#[derive(Clone, Copy)]
pub struct ViewerGroup<'a> {
    pub index: u32,
    pub group: &'a InterestGroup,
}

/// Maps the engine's explanation of model item `item` (dense index).
/// "Because you liked" names the history item; anything else becomes
/// "popular in your group" when the item characterises the viewer's group.
pub fn from_engine(
    engine: Explanation,
    item: u32,
    items: &[ItemRef],
    history: &History,
    group: Option<ViewerGroup<'_>>,
) -> Why {
    if let Explanation::BecauseYouLiked { item: liked } = engine {
        match items.get(liked as usize) {
            Some(&ItemRef::Course(course)) if history.enrolled.contains(&course) => {
                return Why::course(Reason::BecauseYouEnrolled, course);
            }
            Some(&ItemRef::Course(course)) => return Why::course(Reason::BecauseYouViewed, course),
            Some(&ItemRef::Thread(thread)) => {
                return Why {
                    thread: Some(thread),
                    ..Why::plain(Reason::BecauseYouJoined)
                };
            }
            None => {}
        }
    }
    if let Some(g) = group
        && g.group.top_items.contains(&item)
    {
        return Why::group(g.index);
    }
    Why::plain(match engine {
        Explanation::SimilarUsers => Reason::SimilarMembers,
        Explanation::MatchesYourInterests => Reason::MatchesYourInterests,
        Explanation::BecauseYouLiked { .. } | Explanation::Popular => Reason::Popular,
    })
}

/// A group's label: its most characteristic tags, or its number.
pub fn group_label(index: u32, top_tags: &[String]) -> String {
    if top_tags.is_empty() {
        format!("Group {}", index + 1)
    } else {
        top_tags
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// The sentence shown with an item. `related` is the title of the related
/// course or thread (None when the viewer may not see it).
pub fn text(why: &Why, related: Option<&str>, group_label: Option<&str>) -> String {
    let quoted = |title: Option<&str>| title.map(|t| format!("“{t}”"));
    match why.reason {
        Reason::BecauseYouEnrolled => match quoted(related) {
            Some(t) => format!("Because you enrolled in {t}"),
            None => "Because of a course you enrolled in".into(),
        },
        Reason::BecauseYouViewed => match quoted(related) {
            Some(t) => format!("Because you looked at {t}"),
            None => "Because of a course you looked at".into(),
        },
        Reason::BecauseYouJoined => match quoted(related) {
            Some(t) => format!("Because you took part in {t}"),
            None => "Because of a discussion you took part in".into(),
        },
        Reason::PopularInYourGroup => match group_label {
            Some(label) => format!("Popular in your group {label}"),
            None => "Popular in your interest group".into(),
        },
        Reason::NewInFollowedTag => match &why.tag {
            Some(tag) => format!("New in {tag}, a tag you follow"),
            None => "New in a tag you follow".into(),
        },
        Reason::SimilarMembers => "Members who learn what you learn liked this".into(),
        Reason::MatchesYourInterests => "Matches your interests".into(),
        Reason::Popular => "Popular on Lyceum".into(),
        Reason::AlsoEnrolled => match quoted(related) {
            Some(t) => format!("Learners of {t} also enrolled in this"),
            None => "Learners of this course also enrolled in this".into(),
        },
        Reason::SimilarTopic => match quoted(related) {
            Some(t) => format!("Similar topics to {t}"),
            None => "Similar topics".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history() -> History {
        let mut h = History::default();
        h.enrolled.insert(10);
        h.viewed.insert(11);
        h
    }

    #[test]
    fn because_you_liked_names_the_history_item() {
        let items = [ItemRef::Course(10), ItemRef::Course(11), ItemRef::Thread(7)];
        let h = history();
        let liked = |i| Explanation::BecauseYouLiked { item: i };
        assert_eq!(
            from_engine(liked(0), 1, &items, &h, None),
            Why::course(Reason::BecauseYouEnrolled, 10)
        );
        assert_eq!(
            from_engine(liked(1), 0, &items, &h, None),
            Why::course(Reason::BecauseYouViewed, 11)
        );
        let joined = from_engine(liked(2), 0, &items, &h, None);
        assert_eq!(
            (joined.reason, joined.thread),
            (Reason::BecauseYouJoined, Some(7))
        );
        // An index the model does not have falls through.
        assert_eq!(
            from_engine(liked(9), 0, &items, &h, None).reason,
            Reason::Popular
        );
    }

    #[test]
    fn group_items_are_popular_in_your_group() {
        let items = [ItemRef::Course(1), ItemRef::Course(2)];
        let group = InterestGroup {
            size: 3,
            top_items: vec![1],
            top_tags: vec!["rust".into()],
        };
        let g = Some(ViewerGroup {
            index: 4,
            group: &group,
        });
        let h = History::default();
        assert_eq!(
            from_engine(Explanation::SimilarUsers, 1, &items, &h, g),
            Why::group(4)
        );
        assert_eq!(
            from_engine(Explanation::SimilarUsers, 0, &items, &h, g).reason,
            Reason::SimilarMembers
        );
        assert_eq!(
            from_engine(Explanation::MatchesYourInterests, 0, &items, &h, None).reason,
            Reason::MatchesYourInterests
        );
        assert_eq!(
            from_engine(Explanation::Popular, 0, &items, &h, None).reason,
            Reason::Popular
        );
    }

    #[test]
    fn labels_and_texts() {
        assert_eq!(group_label(0, &[]), "Group 1");
        let tags: Vec<String> = ["rust", "systems", "async", "web"]
            .map(String::from)
            .to_vec();
        assert_eq!(group_label(2, &tags), "rust · systems · async");
        let enrolled = Why::course(Reason::BecauseYouEnrolled, 1);
        assert_eq!(
            text(&enrolled, Some("Rust 101"), None),
            "Because you enrolled in “Rust 101”"
        );
        assert_eq!(
            text(&Why::group(0), None, Some("rust")),
            "Popular in your group rust"
        );
        assert_eq!(
            text(&Why::tag("go".into()), None, None),
            "New in go, a tag you follow"
        );
    }
}
