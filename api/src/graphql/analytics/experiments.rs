//! A/B experiments: administrators create, start and stop them; staff
//! (moderators too) read them and their results, since reading changes
//! nothing and the admin UI shows them beside the other analytics; any
//! signed-in member asks for their own variant.

pub mod types;

use async_graphql::{Context, Object};

use crate::graphql::{
    context::ContextExt,
    errors::GqlResult,
    guards::{RoleGuard, SignedIn},
    pagination::{self, CountedConnection},
};
use crate::services::analytics::experiments::{self, exposures, results};
use types::{
    CreateExperimentInput, Experiment, ExperimentAssignment, ExperimentResults, ExperimentStatus,
};

#[derive(Default)]
pub struct ExperimentsQuery;

#[Object]
impl ExperimentsQuery {
    /// Experiments, newest first (staff).
    #[graphql(
        guard = "RoleGuard::STAFF",
        complexity = "pagination::page_complexity(first, child_complexity)"
    )]
    async fn experiments(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100.")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last edge already seen.")] after: Option<String>,
        #[graphql(desc = "Only experiments in this status.")] status: Option<ExperimentStatus>,
    ) -> async_graphql::Result<CountedConnection<Experiment>> {
        let page = pagination::page_request(ctx, first, after.as_deref()).gql()?;
        let rows = experiments::list(&ctx.state().db, status.map(Into::into), page)
            .await
            .gql()?;
        Ok(pagination::connection(rows, Experiment))
    }

    /// One experiment (staff). NOT_FOUND for an unknown key.
    #[graphql(guard = "RoleGuard::STAFF")]
    async fn experiment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The experiment's key.")] key: String,
    ) -> async_graphql::Result<Experiment> {
        Ok(Experiment(
            experiments::find(&ctx.state().db, &key).await.gql()?,
        ))
    }

    /// An experiment's results as of now (staff). NOT_FOUND for an
    /// unknown key.
    #[graphql(guard = "RoleGuard::STAFF")]
    async fn experiment_results(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The experiment's key.")] key: String,
    ) -> async_graphql::Result<ExperimentResults> {
        Ok(ExperimentResults(
            results::results(&ctx.state().db, &key).await.gql()?,
        ))
    }

    /// The viewer's variant in a running experiment (signed-in members).
    /// The first call stores it as the viewer's exposure; from then on the
    /// stored variant is answered, whatever happens to the weights' hash.
    /// NOT_FOUND for an unknown key; CONFLICT when the experiment is not
    /// RUNNING (a draft or stopped experiment assigns nobody: show the
    /// default experience).
    #[graphql(guard = "SignedIn")]
    async fn experiment_variant(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The experiment's key.")] key: String,
    ) -> async_graphql::Result<ExperimentAssignment> {
        let viewer = ctx.viewer()?;
        let (experiment, exposure) =
            exposures::expose(&ctx.state().db, &key, viewer.id(), ctx.now())
                .await
                .gql()?;
        Ok(ExperimentAssignment {
            key: experiment.row.key,
            variant: exposure.variant,
            exposed_at: exposure.exposed_at,
        })
    }
}

#[derive(Default)]
pub struct ExperimentsMutation;

#[Object]
impl ExperimentsMutation {
    /// Defines an experiment as a DRAFT (administrators). BAD_USER_INPUT
    /// for a malformed key, fewer than 2 or more than 10 variants, a
    /// duplicate or malformed variant name, a weight that is not positive,
    /// or an unknown metric; CONFLICT when the key is taken.
    #[graphql(guard = "RoleGuard::ADMIN")]
    async fn create_experiment(
        &self,
        ctx: &Context<'_>,
        input: CreateExperimentInput,
    ) -> async_graphql::Result<Experiment> {
        let viewer = ctx.viewer()?;
        let created =
            experiments::create(&ctx.state().db, Some(viewer.id()), input.into(), ctx.now())
                .await
                .gql()?;
        Ok(Experiment(created))
    }

    /// Starts assigning members: DRAFT → RUNNING (administrators).
    /// NOT_FOUND for an unknown key; CONFLICT when it is running or
    /// stopped already (a stopped experiment never restarts).
    #[graphql(guard = "RoleGuard::ADMIN")]
    async fn start_experiment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The experiment's key.")] key: String,
    ) -> async_graphql::Result<Experiment> {
        Ok(Experiment(
            experiments::start(&ctx.state().db, &key, ctx.now())
                .await
                .gql()?,
        ))
    }

    /// Ends it: RUNNING → STOPPED (administrators). No exposures from now
    /// on, and conversions count until now. For a recommender comparison
    /// this ends the measurement, not the split: activate a model to end
    /// that. NOT_FOUND for an unknown key; CONFLICT when it is not running.
    #[graphql(guard = "RoleGuard::ADMIN")]
    async fn stop_experiment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The experiment's key.")] key: String,
    ) -> async_graphql::Result<Experiment> {
        Ok(Experiment(
            experiments::stop(&ctx.state().db, &key, ctx.now())
                .await
                .gql()?,
        ))
    }
}
