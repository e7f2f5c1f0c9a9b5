//! The items of a served list and their explanations.

use async_graphql::{Context, Enum, ID, Object};

use crate::{
    graphql::{
        accounts::types::User,
        community::threads::{Thread, readable_thread},
        context::ContextExt,
        courses::types::{Course, load_course},
        recommendations::groups::InterestGroup,
    },
    services::{
        courses::access,
        recommendations::serving::{
            Served, ServedList,
            explain::{self, Reason, Why},
            groups::GroupRef,
        },
    },
};

/// Why an item is recommended.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "crate::services::recommendations::serving::explain::Reason")]
pub enum RecommendationReason {
    /// It goes with a course you enrolled in (`relatedCourse`).
    BecauseYouEnrolled,
    /// It goes with a course you looked at (`relatedCourse`).
    BecauseYouViewed,
    /// It goes with a discussion you took part in (`relatedThread`).
    BecauseYouJoined,
    /// Characteristic of your interest group (`relatedGroup`).
    PopularInYourGroup,
    /// Recent, in a tag you follow or declared an interest in (`relatedTag`).
    NewInFollowedTag,
    /// Members with tastes like yours liked it.
    SimilarMembers,
    /// Its text and tags match what you like.
    MatchesYourInterests,
    /// Popular on the platform.
    Popular,
    /// Learners of `relatedCourse` also enrolled in it.
    AlsoEnrolled,
    /// Its topics are close to `relatedCourse`'s.
    SimilarTopic,
}

/// Why an item is shown, with what it refers to.
pub struct RecommendationExplanation {
    why: Why,
    /// The served model's group, when the explanation names one.
    group: Option<GroupRef>,
}

impl RecommendationExplanation {
    pub fn new<T>(list: &ServedList<T>, why: Why) -> Self {
        let group = match (why.group, &list.model) {
            (Some(index), Some(model)) if model.artifact.groups.is_some() => Some(GroupRef {
                model: model.clone(),
                index,
            }),
            _ => None,
        };
        Self { why, group }
    }

    /// The related course, if the viewer may see it.
    async fn course(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Course>> {
        let Some(id) = self.why.course else {
            return Ok(None);
        };
        let course = match load_course(ctx, id).await {
            Ok(course) => course,
            Err(_) => return Ok(None),
        };
        let enrolled = self.why.reason == Reason::BecauseYouEnrolled;
        Ok(access::may_see(ctx.viewer_opt(), &course, enrolled).then(|| Course::from_arc(course)))
    }

    async fn thread(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Thread>> {
        match self.why.thread {
            Some(id) => readable_thread(ctx, id).await,
            None => Ok(None),
        }
    }
}

#[Object]
impl RecommendationExplanation {
    async fn kind(&self) -> RecommendationReason {
        self.why.reason.into()
    }

    /// A sentence to show with the item, e.g. "Because you enrolled in “Rust 101”".
    async fn text(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        let related = match (self.why.course, self.why.thread) {
            (Some(_), _) => self.course(ctx).await?.map(|c| c.0.title.clone()),
            (None, Some(_)) => self.thread(ctx).await?.map(|t| t.0.title.clone()),
            (None, None) => None,
        };
        let label = self.group.as_ref().map(GroupRef::label);
        Ok(explain::text(
            &self.why,
            related.as_deref(),
            label.as_deref(),
        ))
    }

    /// The course it relates to (because you enrolled in it, or the course
    /// similar courses are similar to).
    async fn related_course(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Course>> {
        self.course(ctx).await
    }

    /// The discussion it relates to.
    async fn related_thread(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Thread>> {
        self.thread(ctx).await
    }

    /// Your interest group, when it is why.
    async fn related_group(&self) -> Option<InterestGroup> {
        self.group.clone().map(InterestGroup)
    }

    /// The followed tag, for NEW_IN_FOLLOWED_TAG.
    async fn related_tag(&self) -> Option<&str> {
        self.why.tag.as_deref()
    }
}

fn impression_id(served: &Served<impl Sized>) -> ID {
    ID(served.impression_id.to_string())
}

/// A recommended course.
pub struct RecommendedCourse {
    impression_id: ID,
    course: Course,
    explanation: RecommendationExplanation,
}

#[Object]
impl RecommendedCourse {
    /// Report a click on this item with `recordRecommendationClick`.
    async fn impression_id(&self) -> &ID {
        &self.impression_id
    }

    async fn course(&self) -> &Course {
        &self.course
    }

    async fn explanation(&self) -> &RecommendationExplanation {
        &self.explanation
    }
}

/// A recommended thread.
pub struct RecommendedThread {
    impression_id: ID,
    thread: Thread,
    explanation: RecommendationExplanation,
}

#[Object]
impl RecommendedThread {
    /// Report a click on this item with `recordRecommendationClick`.
    async fn impression_id(&self) -> &ID {
        &self.impression_id
    }

    async fn thread(&self) -> &Thread {
        &self.thread
    }

    async fn explanation(&self) -> &RecommendationExplanation {
        &self.explanation
    }
}

/// A member to follow.
pub struct RecommendedUser {
    impression_id: ID,
    user: User,
    explanation: RecommendationExplanation,
}

#[Object]
impl RecommendedUser {
    /// Report a click on this item with `recordRecommendationClick`.
    async fn impression_id(&self) -> &ID {
        &self.impression_id
    }

    async fn user(&self) -> &User {
        &self.user
    }

    async fn explanation(&self) -> &RecommendationExplanation {
        &self.explanation
    }
}

pub fn courses(mut list: ServedList<entity::courses::Model>) -> Vec<RecommendedCourse> {
    let items = std::mem::take(&mut list.items);
    items
        .into_iter()
        .map(|served| RecommendedCourse {
            impression_id: impression_id(&served),
            explanation: RecommendationExplanation::new(&list, served.why),
            course: Course::listed(served.row),
        })
        .collect()
}

pub fn threads(mut list: ServedList<entity::threads::Model>) -> Vec<RecommendedThread> {
    let items = std::mem::take(&mut list.items);
    items
        .into_iter()
        .map(|served| RecommendedThread {
            impression_id: impression_id(&served),
            explanation: RecommendationExplanation::new(&list, served.why),
            thread: Thread::listed(served.row),
        })
        .collect()
}

pub fn users(mut list: ServedList<entity::users::Model>) -> Vec<RecommendedUser> {
    let items = std::mem::take(&mut list.items);
    items
        .into_iter()
        .map(|served| RecommendedUser {
            impression_id: impression_id(&served),
            explanation: RecommendationExplanation::new(&list, served.why),
            user: User::new(served.row),
        })
        .collect()
}
