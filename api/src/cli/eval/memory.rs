//! Per-section peak memory (see the module docs of `eval`).

/// Measures peak memory of a section (see the module docs).
pub(super) struct MemProbe {
    baseline: u64,
    allocator: bool,
}

impl MemProbe {
    pub(super) fn start() -> Self {
        let live = peak_alloc::PeakAlloc.current_usage() as u64;
        if live > 0 {
            peak_alloc::PeakAlloc.reset_peak_usage();
            return Self {
                baseline: live,
                allocator: true,
            };
        }
        // Resets VmHWM to the current RSS (Linux ≥ 4.0); harmless elsewhere.
        let _ = std::fs::write("/proc/self/clear_refs", "5");
        Self {
            baseline: proc_status_kb("VmRSS").unwrap_or(0) * 1024,
            allocator: false,
        }
    }

    pub(super) fn peak(&self) -> (u64, &'static str) {
        if self.allocator {
            let peak = peak_alloc::PeakAlloc.peak_usage() as u64;
            (
                peak.saturating_sub(self.baseline),
                "peak live heap bytes during the fit above the pre-fit level (peak_alloc global allocator)",
            )
        } else {
            let hwm = proc_status_kb("VmHWM").unwrap_or(0) * 1024;
            (
                hwm.saturating_sub(self.baseline),
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
