//! Connection settings and the embedded, forward-only migrations.
//!
//! Each migration is an SQL file under `src/migrations/`, compiled in with `include_str!`. The schema version is
//! `PRAGMA user_version`; every migration runs in its own `BEGIN IMMEDIATE` transaction together with the
//! `user_version` bump, so a failed migration leaves the database exactly at the previous version.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, TransactionBehavior};

use crate::error::StoreError;

/// `PRAGMA application_id` of a Storedesk database ("SDSK").
pub const APPLICATION_ID: i32 = 0x5344_534B;

/// How long a writer waits for another connection's write transaction before failing.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// One embedded migration.
pub struct Migration {
    /// The `user_version` after it ran (1, 2, …, without gaps).
    pub version: u32,
    pub name: &'static str,
    pub sql: &'static str,
}

/// All migrations, oldest first. Append only: a released migration is never edited.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "initial",
        sql: include_str!("migrations/0001_initial.sql"),
    },
    Migration {
        version: 2,
        name: "staff_claims",
        sql: include_str!("migrations/0002_staff_claims.sql"),
    },
    Migration {
        version: 3,
        name: "shared_claims",
        sql: include_str!("migrations/0003_shared_claims.sql"),
    },
    Migration {
        version: 4,
        name: "kind_index",
        sql: include_str!("migrations/0004_kind_index.sql"),
    },
];

/// The newest schema version this build understands.
pub fn supported_version() -> u32 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// Open `path` (creating it if needed), refuse foreign or newer databases before changing anything, then switch to
/// WAL with `synchronous=FULL` and apply pending migrations.
pub(crate) fn open_connection(path: &Path) -> Result<Connection, StoreError> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", true)?;

    // Read-only checks first: nothing is written to a database we refuse.
    let found: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let supported = supported_version();
    if found > supported {
        return Err(StoreError::NewerSchema { found, supported });
    }
    let application_id: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    if application_id != 0 && application_id != APPLICATION_ID {
        return Err(StoreError::ForeignDatabase {
            path: path.display().to_string(),
            application_id,
        });
    }

    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "wal", |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Durability {
            setting: "journal_mode",
            expected: "wal",
            found: mode,
        });
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    let sync: i64 = conn.pragma_query_value(None, "synchronous", |r| r.get(0))?;
    if sync != 2 {
        return Err(StoreError::Durability {
            setting: "synchronous",
            expected: "2 (FULL)",
            found: sync.to_string(),
        });
    }
    let fk: i64 = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
    if fk != 1 {
        return Err(StoreError::Durability {
            setting: "foreign_keys",
            expected: "1",
            found: fk.to_string(),
        });
    }

    migrate(conn)
}

/// Apply every migration newer than the database's `user_version`, each in its own transaction.
fn migrate(mut conn: Connection) -> Result<Connection, StoreError> {
    for m in MIGRATIONS {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Re-read inside the write lock: another process may have migrated in the meantime.
        let current: u32 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if current > supported_version() {
            return Err(StoreError::NewerSchema {
                found: current,
                supported: supported_version(),
            });
        }
        if current >= m.version {
            continue;
        }
        let fail = |source| StoreError::Migration {
            version: m.version,
            name: m.name,
            source,
        };
        tx.execute_batch(m.sql).map_err(fail)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(fail)?;
        tx.pragma_update(None, "user_version", m.version)
            .map_err(fail)?;
        tx.commit().map_err(fail)?;
        tracing::info!(
            version = m.version,
            name = m.name,
            "store migration applied"
        );
    }
    Ok(conn)
}
