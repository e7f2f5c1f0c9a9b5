//! Per-section peak memory (see the module docs of `eval`).

use crate::memory::Allocator;

/// Measures peak memory of a section (see the module docs).
pub(super) struct MemProbe {
    baseline: i64,
    allocator: bool,
}

impl MemProbe {
    pub(super) fn start() -> Self {
        if Allocator::counting() {
            Allocator::reset_peak();
            return Self {
                baseline: Allocator::live_bytes(),
                allocator: true,
            };
        }
        // Resets VmHWM to the current RSS (Linux ≥ 4.0); harmless elsewhere.
        let _ = std::fs::write("/proc/self/clear_refs", "5");
        Self {
            baseline: (proc_status_kb("VmRSS").unwrap_or(0) * 1024) as i64,
            allocator: false,
        }
    }

    pub(super) fn peak(&self) -> (u64, &'static str) {
        if self.allocator {
            let peak = Allocator::peak_bytes();
            (
                peak.saturating_sub(self.baseline).max(0) as u64,
                "peak live heap bytes during the fit above the pre-fit level (counting allocator)",
            )
        } else {
            let hwm = proc_status_kb("VmHWM").unwrap_or(0) * 1024;
            (
                hwm.saturating_sub(self.baseline.max(0) as u64),
                "peak RSS during the fit above the pre-fit RSS (VmHWM after clear_refs)",
            )
        }
    }
}

fn proc_status_kb(field: &str) -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find(|l| l.starts_with(field) && l[field.len()..].starts_with(':'))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}
