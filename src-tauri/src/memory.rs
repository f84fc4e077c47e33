//! Allocator tuning for the app's process.
//!
//! glibc serves large allocations with `mmap` and gives them back on `free`, but after the first such free it
//! raises its threshold to that size, so later buffers of that size come from the heap and stay resident after
//! they are freed. In Storedesk that happens at start-up (WebKitGTK's and the asset loader's transient buffers)
//! and at every sign-in (Argon2id works in 19 MiB): measured under Xvfb, the process kept ≈ 20 MiB of freed heap
//! at the sign-in screen. Fixing the thresholds returns such buffers to the system at once; the cost is an
//! `mmap`/`munmap` pair per buffer of 128 KiB or more, which this app allocates rarely.
//!
//! glibc also gives threads their own arenas (up to 8 per core), each keeping its freed memory; one arena is
//! plenty for a station's few busy threads and kept ≈ 2 MiB less at the inbox (`scripts/bench-startup.sh`).

/// Apply the tuning; call first thing in `main`, before any thread starts.
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: mallopt only sets allocator parameters; it is called before other threads exist.
        unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
            libc::mallopt(libc::M_TRIM_THRESHOLD, 256 * 1024);
            libc::mallopt(libc::M_ARENA_MAX, 1);
        }
    }
}
