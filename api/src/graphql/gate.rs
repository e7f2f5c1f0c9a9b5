//! What every request passes through besides its resolvers, as one schema
//! extension (each extension wraps every field's resolution, so one keeps
//! that cost low): the document limits, the mark that execution began, and
//! the hook that runs after a mutation.

use std::sync::{
    Arc,
    atomic::{AtomicBool, Ordering},
};

use async_graphql::{
    Response, ServerResult, Variables,
    extensions::{Extension, ExtensionContext, ExtensionFactory, NextExecute, NextParseQuery},
    parser::types::{ExecutableDocument, OperationType},
};

use super::{ExecutionReached, MutationHook, limits};

pub struct Gate {
    pub max_query_bytes: usize,
    pub after_mutation: MutationHook,
}

impl ExtensionFactory for Gate {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(GateExtension {
            max_query_bytes: self.max_query_bytes,
            after_mutation: self.after_mutation.clone(),
            mutation: AtomicBool::new(false),
        })
    }
}

struct GateExtension {
    max_query_bytes: usize,
    after_mutation: MutationHook,
    /// The document holds a mutation (set while parsing, read after execution).
    mutation: AtomicBool,
}

#[async_trait::async_trait]
impl Extension for GateExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        limits::check_length(query, self.max_query_bytes).map_err(limits::refused)?;
        let document = next.run(ctx, query, variables).await?;
        limits::check_document(&document).map_err(limits::refused)?;
        let mutation = document
            .operations
            .iter()
            .any(|(_, op)| op.node.ty == OperationType::Mutation);
        self.mutation.store(mutation, Ordering::Relaxed);
        Ok(document)
    }

    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        if let Some(marker) = ctx.data_opt::<ExecutionReached>() {
            marker.0.store(true, Ordering::Relaxed);
        }
        let response = next.run(ctx, operation_name).await;
        if self.mutation.load(Ordering::Relaxed) {
            (self.after_mutation)();
        }
        response
    }
}
