//! Typed errors of the store. Each has a stable [`StoreError::code`] (for IPC and logs) and a message a clerk or an
//! administrator can act on.

use storedesk_domain::DomainError;
use thiserror::Error;

/// Why a store operation failed. Every write operation is one transaction: when it returns an error, nothing of it
/// was written.
#[derive(Debug, Error)]
pub enum StoreError {
    /// SQLite refused or failed (disk full, I/O error, locked for longer than the busy timeout, a constraint…).
    #[error(
        "the local database could not be read or written ({0}); nothing was changed. If this keeps happening, \
         check free disk space and restart Storedesk"
    )]
    Sqlite(#[from] rusqlite::Error),

    /// A stored JSON document could not be written or read back.
    #[error("a stored record could not be encoded or decoded ({0}); nothing was changed")]
    Json(#[from] serde_json::Error),

    /// The state machine refused the action; nothing was written.
    #[error(transparent)]
    Domain(#[from] DomainError),

    /// The work order is not in the local cache.
    #[error(
        "work order {work_order_id} is not on this station yet: wait for the next sync, or scan the order again"
    )]
    NotFound { work_order_id: String },

    /// No outbox command has this id.
    #[error("there is no recorded action with id {command_id}")]
    CommandNotFound { command_id: String },

    /// Only parked commands can be retried or discarded by hand.
    #[error(
        "the action {command_id} is {state}, not parked: only parked actions can be retried or discarded"
    )]
    CommandNotParked { command_id: String, state: String },

    /// Retry and park apply only to commands still waiting to be sent.
    #[error("the action {command_id} is {state}, not waiting to be sent")]
    CommandNotPending { command_id: String, state: String },

    /// The database was written by a newer Storedesk. Refused before anything was changed.
    #[error(
        "this station's database was written by a newer version of Storedesk (schema {found}; this version \
         understands up to {supported}). Nothing was changed: update Storedesk on this station to open it"
    )]
    NewerSchema { found: u32, supported: u32 },

    /// The file is an SQLite database of some other application.
    #[error(
        "the file at {path} is not a Storedesk database (application id {application_id:#x}); nothing was changed. \
         Check the data folder in the settings"
    )]
    ForeignDatabase { path: String, application_id: i32 },

    /// A migration failed; it was rolled back and the database stays at the previous schema.
    #[error(
        "updating the local database to schema {version} ({name}) failed ({source}); it was rolled back and the \
         database is unchanged. Restart Storedesk; if it fails again, contact support"
    )]
    Migration {
        version: u32,
        name: &'static str,
        #[source]
        source: rusqlite::Error,
    },

    /// SQLite did not accept a setting the durability guarantee depends on.
    #[error(
        "the local database cannot guarantee durable writes: {setting} is {found}, expected {expected}. The data \
         folder must be on a local disk (not a network share)"
    )]
    Durability {
        setting: &'static str,
        expected: &'static str,
        found: String,
    },

    /// Secrets (API tokens, passwords) never go into the database.
    #[error(
        "{key:?} looks like a secret; secrets are kept in the system keychain, never in the local database"
    )]
    SecretNotAllowed { key: String },

    /// A stored value is not one this version understands (damaged file or manual edit).
    #[error("the local database holds an unreadable {what}: {value:?}. Contact support")]
    Corrupt { what: &'static str, value: String },

    /// Someone else at this station is working on the order.
    #[error(
        "{by} is working on this order (claimed at {station}); ask them, or a manager, to release it"
    )]
    ClaimedByOther {
        work_order_id: String,
        by: String,
        station: String,
    },

    /// `PRAGMA quick_check` reported damage.
    #[error(
        "the local database is damaged ({0}). Do not delete it: contact support, unsent actions can be recovered"
    )]
    IntegrityCheck(String),
}

impl StoreError {
    /// Stable machine-readable code. For a refused action it is the domain's code (e.g. `invalid_transition`).
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Sqlite(_) => "storage_error",
            StoreError::Json(_) => "corrupt_record",
            StoreError::Domain(e) => e.code(),
            StoreError::NotFound { .. } => "work_order_not_found",
            StoreError::CommandNotFound { .. } => "command_not_found",
            StoreError::CommandNotParked { .. } => "command_not_parked",
            StoreError::CommandNotPending { .. } => "command_not_pending",
            StoreError::NewerSchema { .. } => "newer_schema",
            StoreError::ForeignDatabase { .. } => "not_a_storedesk_database",
            StoreError::Migration { .. } => "migration_failed",
            StoreError::Durability { .. } => "durability_not_guaranteed",
            StoreError::SecretNotAllowed { .. } => "secret_not_allowed",
            StoreError::Corrupt { .. } => "corrupt_record",
            StoreError::IntegrityCheck(_) => "database_damaged",
            StoreError::ClaimedByOther { .. } => "claimed_by_other",
        }
    }
}
