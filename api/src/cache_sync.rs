//! Keeping every instance's shared caches in step. A write empties its own
//! instance's caches of what it may have changed at once (the mutation
//! hook); this tells the other instances through the live bus (PostgreSQL
//! NOTIFY), so they forget the same within milliseconds instead of serving
//! the old records until their time-to-live ends. That is what lets the
//! time-to-live be long (see `SHARED_CACHE_TTL_MS`): it remains only as a
//! safety net for changes made outside the server (SQL by hand).
//!
//! Bursts of writes coalesce: while one notice is being sent, later ones
//! merge into the next (the widest class wins). An instance that may have
//! missed notices (its listening connection dropped, or it fell behind)
//! forgets everything.

use std::sync::{
    Arc,
    atomic::{AtomicU8, Ordering},
};

use serde::{Deserialize, Serialize};
use tokio::sync::{Notify, broadcast::error::RecvError, watch};

use crate::live::{LiveBus, LiveEvent};

/// What a mutation may have changed, for the caches to forget no more than
/// that: the most frequent writes (sign-ins, bookmarks, follows, reading
/// notifications, queued views and events) touch nothing a shared cache
/// holds, and emptying every cache for each of them kept the caches cold
/// under any real mix of traffic.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, Serialize, Deserialize)]
pub enum Changed {
    /// Only the signed-in member's own state, which no shared cache holds.
    ViewerOnly,
    /// Votes: posts' scores and order, their authors' points and levels
    /// (and so sessions' privileges); not courses, tags, comments or search
    /// rankings (relevance ignores scores).
    Votes,
    /// Anything at all.
    Anything,
}

/// No notice pending (the other values are `Changed as u8 + 1`).
const NOTHING: u8 = 0;

fn encode(changed: Changed) -> u8 {
    changed as u8 + 1
}

fn decode(pending: u8) -> Option<Changed> {
    match pending {
        NOTHING => None,
        1 => Some(Changed::ViewerOnly),
        2 => Some(Changed::Votes),
        _ => Some(Changed::Anything),
    }
}

/// Tells the other instances what this one's writes changed, and applies
/// what theirs did.
pub struct CacheSync {
    bus: Arc<LiveBus>,
    /// This instance, so that it skips its own notices (it forgot already).
    origin: u64,
    pending: AtomicU8,
    wake: Notify,
}

impl CacheSync {
    /// Starts sending this instance's notices, until `shutdown` changes.
    pub fn start(bus: Arc<LiveBus>, shutdown: watch::Receiver<bool>) -> Arc<CacheSync> {
        let sync = Arc::new(CacheSync {
            // Zero is reserved for notices from outside any instance.
            origin: getrandom::u64()
                .unwrap_or(u64::from(std::process::id()))
                .max(1),
            bus,
            pending: AtomicU8::new(NOTHING),
            wake: Notify::new(),
        });
        tokio::spawn(send(sync.clone(), shutdown));
        sync
    }

    /// Applies the other instances' notices with `forget`, until
    /// `shutdown` changes.
    pub fn apply_theirs(
        self: &Arc<Self>,
        forget: impl Fn(Changed) + Send + Sync + 'static,
        shutdown: watch::Receiver<bool>,
    ) {
        tokio::spawn(apply(self.clone(), forget, shutdown));
    }

    /// A write on this instance changed this (its caches forgot already).
    pub fn changed(&self, changed: Changed) {
        if changed == Changed::ViewerOnly {
            return;
        }
        self.pending.fetch_max(encode(changed), Ordering::AcqRel);
        self.wake.notify_one();
    }
}

async fn send(sync: Arc<CacheSync>, mut shutdown: watch::Receiver<bool>) {
    loop {
        tokio::select! {
            _ = sync.wake.notified() => {}
            _ = shutdown.changed() => break,
        }
        if let Some(changed) = decode(sync.pending.swap(NOTHING, Ordering::AcqRel)) {
            sync.bus
                .publish_in_background(LiveEvent::CachesChanged {
                    changed,
                    origin: sync.origin,
                })
                .await;
        }
    }
}

async fn apply(
    sync: Arc<CacheSync>,
    forget: impl Fn(Changed),
    mut shutdown: watch::Receiver<bool>,
) {
    let mut events = sync.bus.subscribe();
    loop {
        tokio::select! {
            received = events.recv() => match received {
                Ok(event) => {
                    if let LiveEvent::CachesChanged { changed, origin } = *event
                        && origin != sync.origin
                    {
                        forget(changed);
                    }
                }
                // Notices were dropped: any of them may have mattered.
                Err(RecvError::Lagged(_)) => forget(Changed::Anything),
                Err(RecvError::Closed) => break,
            },
            _ = shutdown.changed() => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pending_notices_merge_into_the_widest() {
        let pending = AtomicU8::new(NOTHING);
        for changed in [Changed::Votes, Changed::Anything, Changed::Votes] {
            pending.fetch_max(encode(changed), Ordering::AcqRel);
        }
        assert_eq!(
            decode(pending.swap(NOTHING, Ordering::AcqRel)),
            Some(Changed::Anything)
        );
        assert_eq!(decode(pending.load(Ordering::Acquire)), None);
        for changed in [Changed::ViewerOnly, Changed::Votes, Changed::Anything] {
            assert_eq!(decode(encode(changed)), Some(changed));
        }
    }
}
