//! The GraphQL schema: one module per domain, merged into the roots here.

pub mod accounts;
pub mod analytics;
pub mod community;
pub mod context;
pub mod courses;
pub mod errors;
pub mod gate;
pub mod guards;
pub mod ids;
pub mod limits;
mod loader_cache;
pub mod loaders;
pub mod moderation;
pub mod node;
pub mod pagination;
pub mod recommendations;
pub mod rewards;
pub mod search;

use std::sync::Arc;

use async_graphql::{
    MergedObject, MergedSubscription, Schema, SchemaBuilder, ValidationMode,
    registry::SDLExportOptions,
};

use crate::state::AppState;

/// Deepest selection nesting accepted (GraphiQL's introspection needs 13).
pub const MAX_DEPTH: usize = 16;
/// Largest total field cost accepted (each field costs 1; a page multiplies
/// its fields by its size, so 100 users with ten fields is 1,000).
pub const MAX_COMPLEXITY: usize = 1_000;
/// Most directives on one field.
pub const MAX_DIRECTIVES: usize = 10;
/// Deepest nesting the parser follows (fragments, lists, objects).
pub const MAX_RECURSIVE_DEPTH: usize = 32;

#[derive(MergedObject, Default)]
pub struct Query(
    node::NodeQuery,
    accounts::AccountsQuery,
    courses::CoursesQuery,
    community::CommunityQuery,
    rewards::RewardsQuery,
    moderation::ModerationQuery,
    recommendations::RecommendationsQuery,
    search::SearchQuery,
    analytics::experiments::ExperimentsQuery,
    analytics::metrics::MetricsQuery,
);

#[derive(MergedObject, Default)]
pub struct Mutation(
    accounts::AccountsMutation,
    courses::CoursesMutation,
    community::CommunityMutation,
    rewards::RewardsMutation,
    moderation::ModerationMutation,
    recommendations::RecommendationsMutation,
    analytics::events::EventsMutation,
    analytics::experiments::ExperimentsMutation,
);

#[derive(MergedSubscription, Default)]
pub struct Subscription(
    community::CommunitySubscription,
    recommendations::RecommendationsSubscription,
);

pub type AppSchema = Schema<Query, Mutation, Subscription>;

fn builder() -> SchemaBuilder<Query, Mutation, Subscription> {
    Schema::build(
        Query::default(),
        Mutation::default(),
        Subscription::default(),
    )
    .limit_depth(MAX_DEPTH)
    .limit_complexity(MAX_COMPLEXITY)
    .limit_directives(MAX_DIRECTIVES)
    .limit_recursive_depth(MAX_RECURSIVE_DEPTH)
}

/// Called after every mutation has run (on any transport) with what it may
/// have changed, e.g. to drop cached answers.
pub type MutationHook = Arc<dyn Fn(&Changed) + Send + Sync>;

pub use crate::cache_sync::Changed;

/// How the schema is served.
pub struct ServeOptions {
    pub max_query_bytes: usize,
    /// How long loaders reuse shared records across requests (zero: never).
    pub shared_cache_ttl: std::time::Duration,
    /// How long shared search rankings are served before a refresh.
    pub search_ranking_ttl: std::time::Duration,
    /// Runs after every mutation, besides emptying the loaders' caches.
    pub after_mutation: MutationHook,
}

/// The schema that serves requests, behind its gate. No schema extensions:
/// see `gate.rs` for why.
pub fn build(state: AppState, options: ServeOptions) -> gate::Gate {
    let cached = Arc::new(loaders::Loaders::new(
        &state.db,
        options.shared_cache_ttl,
        options.search_ranking_ttl,
    ));
    let uncached = Arc::new(loaders::Loaders::new(
        &state.db,
        std::time::Duration::ZERO,
        std::time::Duration::ZERO,
    ));
    let analytics = state.analytics.clone();
    let schema = builder().data(cached.clone()).data(state.clone()).finish();
    // The same schema with the lighter validation, for requests that passed
    // the full one before (see `gate.rs`).
    let revalidating = builder()
        .validation_mode(ValidationMode::Fast)
        .data(cached.clone())
        .data(state)
        .finish();
    let cached_for_gate = cached.clone();
    let after_mutation: MutationHook = {
        let hook = options.after_mutation;
        Arc::new(move |changed: &Changed| {
            cached.forget(changed);
            hook(changed);
        })
    };
    gate::Gate::new(
        gate::GateSchemas {
            full: schema,
            revalidating,
        },
        options.max_query_bytes,
        gate::GateLoaders {
            cached: cached_for_gate,
            uncached,
        },
        after_mutation,
        analytics,
    )
}

/// The SDL as checked in at `schema.graphql`: sorted, with descriptions.
pub fn sdl() -> String {
    builder().finish().sdl_with_options(
        SDLExportOptions::new()
            .sorted_fields()
            .sorted_arguments()
            .sorted_enum_items(),
    )
}
