//! A cache in front of the DataLoaders of shared records (courses, their
//! lessons and tags, users, posts), kept across requests until a write may
//! have changed them or their time-to-live ends.
//!
//! A popular course's page is read by many learners at once; without it,
//! every page read the same course, creator, tags and lessons again. With
//! it, each instance reads a record at most once per time-to-live while it
//! is in demand. A write makes the caches forget what it changed (see
//! `graphql::Changed`: the keys it touched, or everything), on its instance
//! at once and on the others when told (`cache_sync`), and a value whose
//! load began before that is not kept, so no instance serves a record older
//! than a write it heard of. Per-viewer state (enrolment, progress, votes)
//! is never cached here.
//!
//! The cache sits outside the DataLoader (async-graphql's cache storage can
//! only be emptied whole), which still batches the misses of concurrent
//! requests into one statement.

use std::{
    collections::HashMap,
    hash::Hash,
    sync::Mutex,
    time::{Duration, Instant},
};

use async_graphql::dataloader::{DataLoader, Loader};
use quick_cache::unsync::Cache;

/// A DataLoader whose values are kept across requests.
pub struct CachedLoader<K, L: Loader<K>>
where
    K: Send + Sync + Hash + Eq + Clone + 'static,
{
    loader: DataLoader<L>,
    /// None when values are not kept (a zero time-to-live).
    storage: Option<Mutex<Storage<K, L::Value>>>,
}

impl<K, L> CachedLoader<K, L>
where
    K: Send + Sync + Hash + Eq + Clone + 'static,
    L: Loader<K>,
{
    /// Keeps up to `capacity` values for `ttl` each (zero: none at all).
    /// When full, the coldest go first (quick_cache's S3-FIFO): emptying a
    /// full cache at once, as it did before, made a working set just above
    /// the capacity miss on every lap (15,500 authors of 500 busy threads
    /// against 10,000 kept).
    pub fn new(loader: DataLoader<L>, ttl: Duration, capacity: usize) -> Self {
        CachedLoader {
            loader,
            storage: (!ttl.is_zero()).then(|| Mutex::new(Storage::new(ttl, capacity))),
        }
    }

    fn storage(&self) -> Option<std::sync::MutexGuard<'_, Storage<K, L::Value>>> {
        self.storage.as_ref().map(|storage| {
            storage
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
        })
    }

    pub async fn load_one(&self, key: K) -> Result<Option<L::Value>, L::Error> {
        if let Some(value) = self.cached(&key) {
            return Ok(Some(value));
        }
        let value = self.loader.load_one(key.clone()).await?;
        if let Some(value) = &value {
            self.keep([(&key, value)]);
        }
        Ok(value)
    }

    pub async fn load_many(
        &self,
        keys: impl IntoIterator<Item = K>,
    ) -> Result<HashMap<K, L::Value>, L::Error> {
        let (mut found, missing) = self.cached_many(keys);
        if missing.is_empty() {
            return Ok(found);
        }
        let loaded = self.loader.load_many(missing).await?;
        self.keep(&loaded);
        found.extend(loaded);
        Ok(found)
    }

    fn cached(&self, key: &K) -> Option<L::Value> {
        self.storage()?.get(key)
    }

    /// The kept values of these keys, and the keys to load.
    fn cached_many(&self, keys: impl IntoIterator<Item = K>) -> (HashMap<K, L::Value>, Vec<K>) {
        let mut found = HashMap::new();
        let Some(mut storage) = self.storage() else {
            return (found, keys.into_iter().collect());
        };
        let mut missing = Vec::new();
        for key in keys {
            match storage.get(&key) {
                Some(value) => {
                    found.insert(key, value);
                }
                None => missing.push(key),
            }
        }
        (found, missing)
    }

    fn keep<'a>(&self, loaded: impl IntoIterator<Item = (&'a K, &'a L::Value)>)
    where
        L::Value: 'a,
    {
        if let Some(mut storage) = self.storage() {
            for (key, value) in loaded {
                storage.insert(key.clone(), value.clone());
            }
        }
    }

    /// Forgets these keys.
    pub fn forget(&self, keys: impl IntoIterator<Item = K>) {
        if let Some(mut storage) = self.storage() {
            for key in keys {
                storage.forget(&key);
            }
        }
    }

    /// Forgets the keys `stale` picks.
    pub fn forget_keys(&self, stale: impl Fn(&K) -> bool) {
        if let Some(mut storage) = self.storage() {
            storage.forget_keys(stale);
        }
    }

    /// Forgets the values `stale` picks (and every load in flight).
    pub fn forget_values(&self, stale: impl Fn(&L::Value) -> bool) {
        if let Some(mut storage) = self.storage() {
            storage.forget_values(stale);
        }
    }

    /// Forgets everything.
    pub fn clear(&self) {
        if let Some(mut storage) = self.storage() {
            storage.clear();
        }
    }
}

struct Storage<K, V> {
    ttl: Duration,
    capacity: usize,
    entries: Cache<K, (V, Instant)>,
    /// Keys being loaded, with the generation their load began in: a value
    /// loaded across a forgetting of its key may predate the change and is
    /// not kept.
    misses: HashMap<K, u64>,
    generation: u64,
}

impl<K, V> Storage<K, V>
where
    K: Hash + Eq + Clone,
    V: Clone,
{
    fn new(ttl: Duration, capacity: usize) -> Self {
        Storage {
            ttl,
            capacity,
            entries: Cache::new(capacity),
            misses: HashMap::new(),
            generation: 0,
        }
    }

    fn get(&mut self, key: &K) -> Option<V> {
        let fresh = match self.entries.get(key) {
            Some((_, stored_at)) => stored_at.elapsed() <= self.ttl,
            None => false,
        };
        if fresh {
            return self.entries.peek(key).map(|(value, _)| value.clone());
        }
        self.entries.remove(key);
        if self.misses.len() >= self.capacity {
            // Loads that never came back (errors, missing rows) pile up here.
            self.misses.clear();
        }
        self.misses.insert(key.clone(), self.generation);
        None
    }

    fn insert(&mut self, key: K, value: V) {
        if self.misses.remove(&key) != Some(self.generation) {
            return;
        }
        self.entries.insert(key, (value, Instant::now()));
    }

    fn forget(&mut self, key: &K) {
        self.entries.remove(key);
        self.misses.remove(key);
    }

    fn forget_keys(&mut self, stale: impl Fn(&K) -> bool) {
        let keys: Vec<K> = self
            .entries
            .iter()
            .filter(|(key, _)| stale(key))
            .map(|(key, _)| key.clone())
            .collect();
        for key in keys {
            self.entries.remove(&key);
        }
        self.misses.retain(|key, _| !stale(key));
    }

    fn forget_values(&mut self, stale: impl Fn(&V) -> bool) {
        let keys: Vec<K> = self
            .entries
            .iter()
            .filter(|(_, (value, _))| stale(value))
            .map(|(key, _)| key.clone())
            .collect();
        for key in keys {
            self.entries.remove(&key);
        }
        // What a load in flight will return is not known yet.
        self.generation += 1;
    }

    fn clear(&mut self) {
        self.entries.clear();
        self.misses.clear();
        self.generation += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn storage(ttl_secs: u64) -> Storage<i64, &'static str> {
        Storage::new(Duration::from_secs(ttl_secs), 2)
    }

    fn load(cache: &mut Storage<i64, &'static str>, key: i64, value: &'static str) {
        cache.insert(key, value);
    }

    #[test]
    fn keeps_a_loaded_value_until_it_expires() {
        let mut cache = storage(60);
        assert_eq!(cache.get(&1), None);
        load(&mut cache, 1, "one");
        assert_eq!(cache.get(&1), Some("one"));
        // Stored two minutes ago: expired.
        cache.entries.get_mut(&1).unwrap().1 -= Duration::from_secs(120);
        assert_eq!(cache.get(&1), None);
    }

    #[test]
    fn a_load_that_began_before_a_clear_is_not_kept() {
        let mut cache = storage(60);
        assert_eq!(cache.get(&1), None);
        cache.clear();
        load(&mut cache, 1, "old");
        assert_eq!(cache.get(&1), None);
        // Nor is a value nobody asked for.
        load(&mut cache, 2, "unasked");
        assert_eq!(cache.get(&2), None);
    }

    #[test]
    fn stays_within_its_capacity() {
        let mut cache = storage(60);
        for (key, value) in [(1, "a"), (2, "b"), (3, "c")] {
            assert_eq!(cache.get(&key), None);
            load(&mut cache, key, value);
        }
        assert!(cache.entries.len() <= 2);
        assert_eq!(cache.get(&3), Some("c"));
    }

    #[test]
    fn a_working_set_just_above_the_capacity_mostly_stays() {
        let mut cache = Storage::<i64, i64>::new(Duration::from_secs(60), 100);
        for lap in 0..3 {
            for key in 0..110 {
                if cache.get(&key).is_none() {
                    cache.insert(key, key * lap);
                }
            }
        }
        let kept = (0..110)
            .filter(|key| cache.entries.peek(key).is_some())
            .count();
        assert!((90..=100).contains(&kept), "kept {kept} of 110");
    }

    #[test]
    fn forgetting_a_key_keeps_the_others_and_refuses_its_load_in_flight() {
        let mut cache = Storage::<(i64, u64), &str>::new(Duration::from_secs(60), 10);
        for key in [(1, 10), (1, 30), (2, 30)] {
            assert_eq!(cache.get(&key), None);
            cache.insert(key, "old");
        }
        // A load of (3, 30) begins, then a write forgets thread 3.
        assert_eq!(cache.get(&(3, 30)), None);
        cache.forget_keys(|&(thread, _)| thread == 1 || thread == 3);
        cache.insert((3, 30), "loaded before the write");
        assert_eq!(cache.get(&(1, 10)), None);
        assert_eq!(cache.get(&(1, 30)), None);
        assert_eq!(cache.get(&(3, 30)), None);
        assert_eq!(cache.get(&(2, 30)), Some("old"));
        cache.forget(&(2, 30));
        assert_eq!(cache.get(&(2, 30)), None);
    }

    #[test]
    fn forgetting_by_value_refuses_every_load_in_flight() {
        let mut cache = Storage::<i64, i64>::new(Duration::from_secs(60), 10);
        for key in [1, 2] {
            assert_eq!(cache.get(&key), None);
            cache.insert(key, key * 10);
        }
        assert_eq!(cache.get(&3), None);
        cache.forget_values(|&value| value == 10);
        cache.insert(3, 30);
        assert_eq!(cache.get(&1), None);
        assert_eq!(cache.get(&2), Some(20));
        assert_eq!(cache.get(&3), None);
    }
}
