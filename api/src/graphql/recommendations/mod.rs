//! Recommendations: trained model versions and training runs (staff),
//! serving resolvers with explanations, interest groups, signals and the
//! online comparison of model versions.

pub mod groups;
pub mod models;
pub mod serving;
pub mod stats;
pub mod views;

use async_graphql::{MergedObject, MergedSubscription};

#[derive(MergedObject, Default)]
pub struct RecommendationsQuery(
    models::ModelsQuery,
    serving::ServingQuery,
    groups::GroupsQuery,
    stats::StatsQuery,
);

#[derive(MergedObject, Default)]
pub struct RecommendationsMutation(
    models::ModelsMutation,
    views::ViewsMutation,
    serving::ServingMutation,
);

#[derive(MergedSubscription, Default)]
pub struct RecommendationsSubscription(models::TrainingSubscription);
