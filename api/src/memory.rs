//! Process memory policy.

/// Every argon2id hash allocates 19 MiB. glibc raises its mmap threshold
/// after the first such block is freed, and from then on keeps those blocks
/// in per-thread arenas, so a burst of sign-ins leaves hundreds of MiB
/// resident for good. A fixed threshold makes blocks of 1 MiB and more come
/// from mmap and go back to the OS when freed.
pub fn return_large_blocks_to_the_os() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only tunes the allocator; it is called before any
    // other thread exists, and M_MMAP_THRESHOLD takes a byte count.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}
