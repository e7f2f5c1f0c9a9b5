//! Moderation: the reports queue, curation actions, auto-moderation's
//! watched words and the moderation log (staff), and members' reports.

pub mod automod;
pub mod curation;
pub mod log;
pub mod queue;
pub mod queue_types;

use async_graphql::MergedObject;

#[derive(MergedObject, Default)]
pub struct ModerationQuery(automod::AutomodQuery, log::LogQuery, queue::QueueQuery);

#[derive(MergedObject, Default)]
pub struct ModerationMutation(
    automod::AutomodMutation,
    curation::CurationMutation,
    queue::QueueMutation,
);
