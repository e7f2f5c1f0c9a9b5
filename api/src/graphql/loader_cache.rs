//! A cache for the DataLoaders of shared records (courses, their lessons
//! and tags, users, posts), kept across requests until a write may have
//! changed them or their time-to-live ends.
//!
//! A popular course's page is read by many learners at once; without it,
//! every page read the same course, creator, tags and lessons again. With
//! it, each instance reads a record at most once per time-to-live while it
//! is in demand. A mutation empties the caches of what it may have changed
//! (see `graphql::Changed`), on its instance at once and on the others
//! when told (`cache_sync`), and a value whose load began before that is
//! not kept, so no instance serves a record older than a write it heard
//! of. Per-viewer state (enrolment, progress, votes) is never cached here.

use std::{
    borrow::Cow,
    collections::HashMap,
    hash::Hash,
    time::{Duration, Instant},
};

use async_graphql::dataloader::{CacheFactory, CacheStorage};
use quick_cache::unsync::Cache;

/// Creates one storage per loader and key type.
pub struct FreshFor {
    pub ttl: Duration,
    /// Records kept at most per loader. When full, the coldest go first
    /// (quick_cache's S3-FIFO): emptying a full cache at once, as it did
    /// before, made a working set just above the capacity miss on every
    /// lap (15,500 authors of 500 busy threads against 10,000 kept).
    pub capacity: usize,
}

impl CacheFactory for FreshFor {
    fn create<K, V>(&self) -> Box<dyn CacheStorage<Key = K, Value = V>>
    where
        K: Send + Sync + Clone + Eq + Hash + 'static,
        V: Send + Sync + Clone + 'static,
    {
        Box::new(Storage::<K, V> {
            ttl: self.ttl,
            capacity: self.capacity,
            entries: Cache::new(self.capacity),
            misses: HashMap::new(),
            generation: 0,
        })
    }
}

struct Storage<K, V> {
    ttl: Duration,
    capacity: usize,
    entries: Cache<K, (V, Instant)>,
    /// Keys being loaded, with the generation their load began in: a value
    /// loaded across a `clear` may predate the change and is not kept.
    misses: HashMap<K, u64>,
    generation: u64,
}

impl<K, V> CacheStorage for Storage<K, V>
where
    K: Send + Sync + Clone + Eq + Hash + 'static,
    V: Send + Sync + Clone + 'static,
{
    type Key = K;
    type Value = V;

    fn get(&mut self, key: &K) -> Option<&V> {
        let fresh = match self.entries.get(key) {
            Some((_, stored_at)) => stored_at.elapsed() <= self.ttl,
            None => false,
        };
        if fresh {
            return self.entries.peek(key).map(|(value, _)| value);
        }
        self.entries.remove(key);
        if self.misses.len() >= self.capacity {
            // Loads that never came back (errors, missing rows) pile up here.
            self.misses.clear();
        }
        self.misses.insert(key.clone(), self.generation);
        None
    }

    fn insert(&mut self, key: Cow<'_, K>, value: Cow<'_, V>) {
        if self.misses.remove(key.as_ref()) != Some(self.generation) {
            return;
        }
        self.entries
            .insert(key.into_owned(), (value.into_owned(), Instant::now()));
    }

    fn remove(&mut self, key: &K) {
        self.entries.remove(key);
    }

    fn clear(&mut self) {
        self.entries.clear();
        self.misses.clear();
        self.generation += 1;
    }

    fn iter(&self) -> Box<dyn Iterator<Item = (&K, &V)> + '_> {
        Box::new(self.entries.iter().map(|(key, (value, _))| (key, value)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn storage(ttl_secs: u64) -> Storage<i64, &'static str> {
        Storage {
            ttl: Duration::from_secs(ttl_secs),
            capacity: 2,
            entries: Cache::new(2),
            misses: HashMap::new(),
            generation: 0,
        }
    }

    fn load(cache: &mut Storage<i64, &'static str>, key: i64, value: &'static str) {
        cache.insert(Cow::Owned(key), Cow::Owned(value));
    }

    #[test]
    fn keeps_a_loaded_value_until_it_expires() {
        let mut cache = storage(60);
        assert_eq!(cache.get(&1), None);
        load(&mut cache, 1, "one");
        assert_eq!(cache.get(&1), Some(&"one"));
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
        assert!(cache.iter().count() <= 2);
        assert_eq!(cache.get(&3), Some(&"c"));
    }

    #[test]
    fn a_working_set_just_above_the_capacity_mostly_stays() {
        let mut cache = Storage::<i64, i64> {
            ttl: Duration::from_secs(60),
            capacity: 100,
            entries: Cache::new(100),
            misses: HashMap::new(),
            generation: 0,
        };
        for lap in 0..3 {
            for key in 0..110 {
                if cache.get(&key).is_none() {
                    cache.insert(Cow::Owned(key), Cow::Owned(key * lap));
                }
            }
        }
        let kept = (0..110)
            .filter(|key| cache.entries.peek(key).is_some())
            .count();
        assert!((90..=100).contains(&kept), "kept {kept} of 110");
    }
}
