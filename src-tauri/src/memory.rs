//! Memory of the app's process: allocator tuning, and handing back what a busy moment left behind.
//!
//! glibc serves large allocations with `mmap` and gives them back on `free`, but after the first such free it
//! raises its threshold to that size, so later buffers of that size come from the heap and stay resident after
//! they are freed. In Storedesk that happens at start-up (WebKitGTK's and the asset loader's transient buffers)
//! and at every sign-in (Argon2id's working memory: 19 MiB when this was measured, 7 MiB now): measured under
//! Xvfb, the process kept ≈ 20 MiB of freed heap at the sign-in screen. Fixing the thresholds returns such buffers
//! to the system at once; the cost is an `mmap`/`munmap` pair per buffer of 128 KiB or more, which this app
//! allocates rarely.
//!
//! glibc also gives threads their own arenas (up to 8 per core), each keeping its freed memory; one arena is
//! plenty for a station's few busy threads and kept ≈ 2 MiB less at the inbox (`scripts/bench-startup.sh`).
//!
//! The web view's process runs the UI's JavaScript without JavaScriptCore's optimising compiler (DFG, and FTL
//! above it), on the interpreter and the baseline JIT: [`tune_web_process`].

use std::sync::Arc;

use storedesk_sync::SharedStore;

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

/// Run the web view's JavaScript without JavaScriptCore's optimising tiers (`JSC_useDFGJIT=false`, which also
/// leaves out FTL), unless the environment already says otherwise. Call first thing in `main`, before any thread
/// starts: the web process inherits the environment when WebKitGTK starts it.
///
/// The UI's script is small and spends its time in the DOM, not in loops worth optimising; but its start-up burst
/// makes enough functions hot that the DFG compiles them on background threads, which on a two-core till competes
/// with the first screen and the sign-in, and keeps the compiler's memory. Measured with the start-up benchmark
/// (docs/benchmarks.md): the web process at the inbox 125 → 120 MiB, PIN → first inbox rows ≈ 51 → 41 ms.
pub fn tune_web_process() {
    const DFG: &str = "JSC_useDFGJIT";
    if std::env::var_os(DFG).is_none() {
        // SAFETY: called before any other thread exists, so nothing reads the environment concurrently.
        unsafe { std::env::set_var(DFG, "false") };
    }
}

/// How long the app must have been quiet (no command, no sync round) before freed heap is handed back.
const QUIET: std::time::Duration = std::time::Duration::from_secs(1);

mod idle {
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    use std::time::Instant;

    static EPOCH: OnceLock<Instant> = OnceLock::new();
    static LAST_WORK_MS: AtomicU64 = AtomicU64::new(0);
    static PENDING: AtomicBool = AtomicBool::new(false);
    pub(super) static TRIMS: AtomicU64 = AtomicU64::new(0);

    pub(super) fn now_ms() -> u64 {
        EPOCH.get_or_init(Instant::now).elapsed().as_millis() as u64
    }

    /// Record work; true if no trim is scheduled yet (the caller schedules one).
    pub(super) fn worked() -> bool {
        LAST_WORK_MS.store(now_ms(), Ordering::SeqCst);
        !PENDING.swap(true, Ordering::SeqCst)
    }

    pub(super) fn quiet_for_ms() -> u64 {
        now_ms().saturating_sub(LAST_WORK_MS.load(Ordering::SeqCst))
    }

    /// The quiet spell is here: work from now on schedules the next trim.
    pub(super) fn trimming() {
        PENDING.store(false, Ordering::SeqCst);
    }

    pub(super) fn trimmed() {
        TRIMS.fetch_add(1, Ordering::SeqCst);
    }
}

/// Note that the app just did some work (a command, a sync round) on `store`. Once it has been quiet for a second,
/// the memory that work left behind goes back to the system: SQLite's page cache of the station's database (a
/// first inbox over 10,000 orders fills its 2 MiB) and the freed heap inside glibc's arena (below the trim
/// threshold, or pinned by a live block above it), with `malloc_trim`. A busy burst — the sign-in, the first inbox
/// page, a pull of hundreds of orders — does not stay resident for the rest of the shift. One trim per quiet
/// spell, on a blocking thread (about a millisecond).
pub fn trim_when_quiet(store: &SharedStore) {
    if !idle::worked() {
        return;
    }
    // A station closed meanwhile is not kept open by its trim.
    let store = Arc::downgrade(store);
    tauri::async_runtime::spawn(async move {
        loop {
            let quiet = std::time::Duration::from_millis(idle::quiet_for_ms());
            if quiet >= QUIET {
                break;
            }
            tokio::time::sleep(QUIET - quiet).await;
        }
        idle::trimming();
        let _ = tauri::async_runtime::spawn_blocking(move || {
            if let Some(store) = store.upgrade() {
                release_store_cache(&store);
            }
            trim_now();
        })
        .await;
        idle::trimmed();
    });
}

/// Drop the database's page cache, unless the store is busy (then the station is not quiet after all).
fn release_store_cache(store: &SharedStore) {
    if let Ok(store) = store.try_lock()
        && let Err(e) = store.release_memory()
    {
        tracing::debug!(error = %e, "the database kept its page cache");
    }
}

/// Hand freed heap back to the system now.
pub fn trim_now() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory of the allocator's arenas; it is thread-safe.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// How many quiet-spell trims have run (for tests).
pub fn trims_done() -> u64 {
    idle::TRIMS.load(std::sync::atomic::Ordering::SeqCst)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_burst_of_work_is_followed_by_one_trim_once_quiet_which_empties_the_page_cache() {
        let dir = tempfile::tempdir().unwrap();
        let store = storedesk_store::Store::open(&dir.path().join("station.db")).unwrap();
        let store: SharedStore = Arc::new(std::sync::Mutex::new(store));
        let read_everything = |store: &SharedStore| {
            let s = store.lock().unwrap();
            s.quick_check().unwrap();
            s.cache_bytes()
        };
        let before = trims_done();
        for _ in 0..20 {
            assert!(read_everything(&store) > 0);
            trim_when_quiet(&store);
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        // Still within the quiet period after the last piece of work: no trim yet, the cache is still there.
        assert_eq!(trims_done(), before);
        let cached = store.lock().unwrap().cache_bytes();
        assert!(cached > 0);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while trims_done() == before && std::time::Instant::now() < deadline {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert_eq!(trims_done(), before + 1, "one trim for the whole burst");
        let left = store.lock().unwrap().cache_bytes();
        assert!(left < cached, "page cache {cached} -> {left} bytes");
    }
}
