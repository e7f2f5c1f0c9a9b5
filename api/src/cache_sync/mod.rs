//! Keeping every instance's shared caches in step. A write empties its own
//! instance's caches of what it may have changed at once (the mutation
//! hook); this tells the other instances through the live bus (PostgreSQL
//! NOTIFY), so they forget the same within milliseconds instead of serving
//! the old records until their time-to-live ends. That is what lets the
//! time-to-live be long (see `SHARED_CACHE_TTL_MS`): it remains only as a
//! safety net for changes made outside the server (SQL by hand).
//!
//! Bursts of writes coalesce: while one notice is being sent, later ones
//! merge into the next (their keys united; too many become everything). An
//! instance that may have missed notices (its listening connection dropped,
//! or it fell behind) forgets everything.

mod changed;

use std::sync::{Arc, Mutex};

use tokio::sync::{Notify, broadcast::error::RecvError, watch};

pub use changed::{Changed, collecting, touched};

use crate::live::{LiveBus, LiveEvent};

/// Tells the other instances what this one's writes changed, and applies
/// what theirs did.
pub struct CacheSync {
    bus: Arc<LiveBus>,
    /// This instance, so that it skips its own notices (it forgot already).
    origin: u64,
    /// Changes not sent yet.
    pending: Mutex<Option<Changed>>,
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
            pending: Mutex::new(None),
            wake: Notify::new(),
        });
        tokio::spawn(send(sync.clone(), shutdown));
        sync
    }

    /// Applies the other instances' notices with `forget`, until
    /// `shutdown` changes.
    pub fn apply_theirs(
        self: &Arc<Self>,
        forget: impl Fn(&Changed) + Send + Sync + 'static,
        shutdown: watch::Receiver<bool>,
    ) {
        tokio::spawn(apply(self.clone(), forget, shutdown));
    }

    /// A write on this instance changed this (its caches forgot already).
    pub fn changed(&self, changed: &Changed) {
        if changed.is_nothing_shared() {
            return;
        }
        self.pending
            .lock()
            .expect("pending changes")
            .get_or_insert_default()
            .merge(changed.clone());
        self.wake.notify_one();
    }
}

async fn send(sync: Arc<CacheSync>, mut shutdown: watch::Receiver<bool>) {
    loop {
        tokio::select! {
            _ = sync.wake.notified() => {}
            _ = shutdown.changed() => break,
        }
        let pending = sync.pending.lock().expect("pending changes").take();
        if let Some(changed) = pending {
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
    forget: impl Fn(&Changed),
    mut shutdown: watch::Receiver<bool>,
) {
    let mut events = sync.bus.subscribe();
    loop {
        tokio::select! {
            received = events.recv() => match received {
                Ok(event) => {
                    if let LiveEvent::CachesChanged { changed, origin } = &*event
                        && *origin != sync.origin
                    {
                        forget(changed);
                    }
                }
                // Notices were dropped: any of them may have mattered.
                Err(RecvError::Lagged(_)) => forget(&Changed::everything()),
                Err(RecvError::Closed) => break,
            },
            _ = shutdown.changed() => break,
        }
    }
}
