//! Storedesk's sync engine.
//!
//! - **Pull**: every feed from its change cursor, page by page, on a timer and on demand; each page is saved in one
//!   transaction with its cursor, and a pulled snapshot never hides local actions not yet sent.
//! - **Push**: the outbox drains in order per work order, several work orders at once; each attempt sends the same
//!   `Idempotency-Key` and body; outcomes are classified into done, retry later (with backoff and `Retry-After`) or
//!   parked for a person (conflicts and refusals), and a parked command never blocks other orders.
//! - **Claims** (who works on which order, `docs/oms-api.md` §16): each cycle sends this station's queued claims
//!   and releases, then lists the store's claims and replaces what the station knew of them. A claim someone
//!   else took first is dropped and reported ([`SyncStatus::last_claim_refusal`]).
//! - **Status** for the UI. An OMS push (a webhook, received by the connector) only ever calls
//!   [`SyncEngine::request_pull`]: the store pulls the snapshot itself.

mod backoff;
mod config;
mod engine;
mod error;
mod status;

pub use backoff::retry_delay;
pub use config::SyncConfig;
pub use engine::{
    ClaimReport, PullReport, PushOutcome, PushReport, SharedStore, SyncEngine, SyncTasks,
};
pub use error::SyncError;
pub use status::{ClaimRefusal, PullProgress, SyncStatus};
