//! DataLoaders: one per relation, built once per schema so that concurrent
//! requests batch together, with no batching delay (see CRATES.md).

use std::{collections::HashMap, sync::Arc, time::Duration};

use async_graphql::dataloader::{DataLoader, Loader};
use sea_orm::DatabaseConnection;

use entity::user_interests;

use crate::services::tags;

pub struct InterestsSource {
    db: DatabaseConnection,
}

impl Loader<i64> for InterestsSource {
    type Value = Vec<String>;
    type Error = Arc<crate::error::ApiError>;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Self::Value>, Self::Error> {
        tags::names_of::<user_interests::Entity>(&self.db, keys)
            .await
            .map_err(Arc::new)
    }
}

pub type InterestsLoader = DataLoader<InterestsSource>;

pub fn interests_loader(db: DatabaseConnection) -> InterestsLoader {
    DataLoader::new(InterestsSource { db }, tokio::spawn).delay(Duration::ZERO)
}
