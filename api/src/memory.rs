//! Process memory: the global allocator and its policy.

use std::{
    alloc::{GlobalAlloc, Layout},
    sync::atomic::{AtomicBool, AtomicIsize, Ordering},
};

use mimalloc::MiMalloc;

/// mimalloc (per-thread heaps: allocation-heavy request handling spends far
/// less time in it than in glibc's malloc), with heap counting that only
/// `lyceum eval` switches on to report each model's peak memory.
///
/// Counting is off by default because it is not free: the shared counters
/// bounce between cores on every allocation, which cost the server about a
/// seventh of its CPU on the catalogue page when it was always on.
pub struct Allocator;

static COUNTING: AtomicBool = AtomicBool::new(false);
static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

impl Allocator {
    /// Counts live heap bytes from now on. Blocks allocated before and freed
    /// after make the count lower than the truth by their size, so switch it
    /// on before loading anything.
    pub fn start_counting() {
        COUNTING.store(true, Ordering::Relaxed);
    }

    /// Whether counting is on.
    pub fn counting() -> bool {
        COUNTING.load(Ordering::Relaxed)
    }

    /// Live heap bytes counted so far.
    pub fn live_bytes() -> i64 {
        LIVE.load(Ordering::Relaxed) as i64
    }

    /// The highest live count since the last reset.
    pub fn peak_bytes() -> i64 {
        PEAK.load(Ordering::Relaxed) as i64
    }

    /// Starts a new peak from the live count.
    pub fn reset_peak() {
        PEAK.store(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
    }

    fn grew(bytes: usize) {
        let live = LIVE.fetch_add(bytes as isize, Ordering::Relaxed) + bytes as isize;
        PEAK.fetch_max(live, Ordering::Relaxed);
    }

    fn shrank(bytes: usize) {
        LIVE.fetch_sub(bytes as isize, Ordering::Relaxed);
    }
}

// SAFETY: every call is forwarded to mimalloc with the same arguments; the
// counting around it touches only atomics.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as received.
        let ptr = unsafe { MiMalloc.alloc(layout) };
        if !ptr.is_null() && Self::counting() {
            Self::grew(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as received.
        let ptr = unsafe { MiMalloc.alloc_zeroed(layout) };
        if !ptr.is_null() && Self::counting() {
            Self::grew(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if Self::counting() {
            Self::shrank(layout.size());
        }
        // SAFETY: forwarded as received.
        unsafe { MiMalloc.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded as received.
        let new = unsafe { MiMalloc.realloc(ptr, layout, new_size) };
        if !new.is_null() && Self::counting() {
            Self::shrank(layout.size());
            Self::grew(new_size);
        }
        new
    }
}
