//! Interest groups (兴趣小组): every group of the active model for staff,
//! and the viewer's own group with people to follow and threads to join.

use async_graphql::{Context, ID, Object, SimpleObject};

use super::serving::{RecommendedThread, RecommendedUser, request, threads, users};
use super::stats::model_id;
use crate::{
    graphql::{
        errors::GqlResult,
        guards::{RoleGuard, SignedIn},
    },
    services::recommendations::serving::groups::{
        self as group_service, GroupRef, MyGroup, Overview,
    },
};

/// A member's position on the groups plot (2-D PCA of the user vectors).
#[derive(SimpleObject)]
pub struct InterestGroupPoint {
    pub x: f64,
    pub y: f64,
}

/// A group of members with similar tastes, found at training.
pub struct InterestGroup(pub GroupRef);

#[Object]
impl InterestGroup {
    /// Stable while the model that found it serves.
    async fn id(&self) -> ID {
        ID(self.0.key())
    }

    /// Members in the group (at training).
    async fn size(&self) -> usize {
        self.0.size()
    }

    /// Its most characteristic tags, joined.
    async fn label(&self) -> String {
        self.0.label()
    }

    /// Tags over-represented in the group, most characteristic first.
    async fn tags(&self) -> &[String] {
        self.0.tags()
    }

    /// Plot coordinates of a sample of its members (staff; at most 2,000
    /// points over all groups, the same sample on every request).
    #[graphql(guard = "RoleGuard::STAFF")]
    async fn points(&self) -> Vec<InterestGroupPoint> {
        self.0
            .points()
            .into_iter()
            .map(|(x, y)| InterestGroupPoint {
                x: f64::from(x),
                y: f64::from(y),
            })
            .collect()
    }
}

/// The interest groups of the active model.
pub struct InterestGroups(Overview);

#[Object]
impl InterestGroups {
    /// The model they were found with.
    async fn model_id(&self) -> ID {
        model_id(self.0.model.id)
    }

    /// Number of groups (chosen by silhouette).
    async fn k(&self) -> usize {
        self.0.k
    }

    /// Mean silhouette of the grouping (−1 to 1; higher is better separated).
    async fn silhouette(&self) -> f64 {
        self.0.silhouette
    }

    async fn groups(&self) -> Vec<InterestGroup> {
        self.0.groups.iter().cloned().map(InterestGroup).collect()
    }
}

/// The viewer's interest group.
pub struct MyInterestGroup {
    group: GroupRef,
    members: Vec<RecommendedUser>,
    threads: Vec<RecommendedThread>,
}

impl From<MyGroup> for MyInterestGroup {
    fn from(mine: MyGroup) -> Self {
        Self {
            group: mine.group,
            members: users(mine.members),
            threads: threads(mine.threads),
        }
    }
}

#[Object]
impl MyInterestGroup {
    async fn group(&self) -> InterestGroup {
        InterestGroup(self.group.clone())
    }

    /// The group's most characteristic tags, joined.
    async fn label(&self) -> String {
        self.group.label()
    }

    async fn tags(&self) -> &[String] {
        self.group.tags()
    }

    /// A few members close to you that you do not follow yet.
    async fn suggested_members(&self) -> &[RecommendedUser] {
        &self.members
    }

    /// The group's characteristic discussions you may read and have not joined.
    async fn threads_to_join(&self) -> &[RecommendedThread] {
        &self.threads
    }
}

#[derive(Default)]
pub struct GroupsQuery;

#[Object]
impl GroupsQuery {
    /// Every interest group of the active model (staff); null while no
    /// model with groups serves.
    #[graphql(guard = "RoleGuard::STAFF")]
    async fn interest_groups(&self, ctx: &Context<'_>) -> Option<InterestGroups> {
        group_service::overview(&request(ctx)).map(InterestGroups)
    }

    /// The viewer's interest group; null when the serving model does not
    /// know them yet (joined or active since the last training).
    #[graphql(guard = "SignedIn")]
    async fn my_interest_group(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<MyInterestGroup>> {
        Ok(group_service::my_group(&request(ctx))
            .await
            .gql()?
            .map(MyInterestGroup::from))
    }
}
