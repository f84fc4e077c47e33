//! What the UI shows about sync: online or not, last success, pending and parked counts, first-sync progress.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// Progress of a pull that has to fetch many pages (the first sync of a store).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PullProgress {
    pub feed: String,
    pub pages_done: u64,
    pub pages_total: u64,
    pub orders_done: u64,
    pub orders_total: u64,
}

/// A snapshot of the engine's state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncStatus {
    /// The last call to the OMS got an answer.
    pub online: bool,
    pub last_sync_at: Option<DateTime<Utc>>,
    /// The last failure, in words a clerk can act on.
    pub last_error: Option<String>,
    /// Commands waiting to be sent.
    pub pending: u64,
    /// Commands the OMS refused; they wait for someone to retry or discard them.
    pub parked: u64,
    /// Set while a pull is fetching pages.
    pub progress: Option<PullProgress>,
    /// Claims and releases of this station waiting to be sent to the OMS.
    pub claims_pending: u64,
    /// The last claim of this station the OMS refused because someone else claimed first.
    pub last_claim_refusal: Option<ClaimRefusal>,
}

/// This station's claim lost to someone else's ("Mehmet at Counter 2 claimed this first").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimRefusal {
    pub work_order_id: String,
    /// The holder's name.
    pub by: String,
    /// The holder's station.
    pub station: String,
    /// The sentence to show.
    pub message: String,
}
