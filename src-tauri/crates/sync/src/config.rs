//! Sync engine settings.

use std::time::Duration;

/// How the engine talks to the OMS. The defaults suit a store PC on a normal network.
#[derive(Debug, Clone)]
pub struct SyncConfig {
    /// Stock-location code of this store.
    pub store_code: String,
    /// Pull interval when nothing asks for an earlier pull (the brief: at most 15 s).
    pub poll_interval: Duration,
    /// Work orders per pulled page.
    pub page_size: u32,
    /// Work orders whose commands are sent at the same time (commands of one work order always go one by one).
    pub max_parallel: usize,
    /// First retry delay after a transient failure; doubles per attempt, with jitter.
    pub backoff_min: Duration,
    /// Longest delay between two attempts of one command.
    pub backoff_max: Duration,
    /// How often a version conflict is rebased onto the new snapshot before the command is parked.
    pub max_rebases: u32,
    /// Lease asked for with each claim (`None`: the OMS's default, 2 hours). See `docs/oms-api.md` §16.
    pub claim_ttl: Option<Duration>,
    /// How long the first pull waits after the engine starts (zero: at once). A desktop station with cached work
    /// lets its window start first; a pull asked for ([`SyncEngine::request_pull`]) ends the wait.
    ///
    /// [`SyncEngine::request_pull`]: crate::SyncEngine::request_pull
    pub first_pull_after: Duration,
}

impl SyncConfig {
    pub fn new(store_code: impl Into<String>) -> Self {
        Self {
            store_code: store_code.into(),
            poll_interval: Duration::from_secs(15),
            page_size: 500,
            max_parallel: 4,
            backoff_min: Duration::from_millis(500),
            backoff_max: Duration::from_secs(60),
            max_rebases: 5,
            claim_ttl: None,
            first_pull_after: Duration::ZERO,
        }
    }
}
