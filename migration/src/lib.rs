//! Schema migrations. Each one runs up and down on SQLite and PostgreSQL
//! (the integration tests run up → down → up on both).

pub use sea_orm_migration::prelude::*;

mod m20261129_000001_create_accounts;
mod m20261129_000002_create_rate_limit_counters;
mod m20261129_000003_create_courses;
mod m20261130_000004_create_community;
mod m20261130_000005_create_search_index;
mod m20261130_000006_create_rewards;
mod m20261201_000007_create_moderation;
mod m20261202_000008_create_recommendations;
mod m20261203_000009_create_analytics;
mod m20261204_000011_index_enrollments_by_learner;
mod m20261205_000012_create_analytics_rollups;
mod m20261206_000013_add_previous_active_day;
mod m20261207_000014_index_analytics_reads;
mod m20261208_000015_create_point_adjustments;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261129_000001_create_accounts::Migration),
            Box::new(m20261129_000002_create_rate_limit_counters::Migration),
            Box::new(m20261129_000003_create_courses::Migration),
            Box::new(m20261130_000004_create_community::Migration),
            Box::new(m20261130_000005_create_search_index::Migration),
            Box::new(m20261130_000006_create_rewards::Migration),
            Box::new(m20261201_000007_create_moderation::Migration),
            Box::new(m20261202_000008_create_recommendations::Migration),
            Box::new(m20261203_000009_create_analytics::Migration),
            Box::new(m20261204_000011_index_enrollments_by_learner::Migration),
            Box::new(m20261205_000012_create_analytics_rollups::Migration),
            Box::new(m20261206_000013_add_previous_active_day::Migration),
            Box::new(m20261207_000014_index_analytics_reads::Migration),
            Box::new(m20261208_000015_create_point_adjustments::Migration),
        ]
    }
}
