//! Analytics for operators: client-reported events, metrics (staff only)
//! and A/B experiments. Thin resolvers over `services::analytics`.

pub mod events;
pub mod experiments;
pub mod metrics;
