//! Storedesk's local durable store.
//!
//! One SQLite file per station holds the work-order cache, the outbox of clerk actions and the append-only audit
//! log. Every clerk action is written in **one** transaction — new view, outbox command, audit entry — with
//! `journal_mode=WAL` and `synchronous=FULL`, so once [`Store::record_action`] returns, the action survives a
//! crash or a power cut (on a disk that honours flushes) and is sent to the OMS exactly once per idempotency key.
//!
//! * [`schema`]: connection settings and the embedded forward-only migrations.
//! * [`cache`]: snapshots pulled from the OMS and the views (snapshot + unsent local actions) derived from them.
//! * [`outbox`]: recording actions and the push side (in-order heads, retry, park, discard).
//! * [`audit`]: the append-only audit log.
//! * [`inbox`]: the clerk's work list and status counts.
//! * [`claims`]: who is working on an order, at this station or another (through the OMS), offline first.
//! * [`history`]: an order's audit entries with whether each action reached the OMS.
//! * [`report`]: the manager's figures (work per person, SLA, uncollected pickups).
//!
//! Companion crates that keep tables in this database (`storedesk-staff`) reach the connection through
//! [`Store::connection`] / [`Store::connection_mut`]; their tables are created by this crate's migrations.
//!
//! Secrets (API tokens) are never stored here.

pub mod audit;
pub mod cache;
pub mod claims;
mod codec;
pub mod error;
pub mod history;
pub mod inbox;
pub mod outbox;
pub mod report;
pub mod schema;

use std::path::{Path, PathBuf};

use chrono::Utc;
use rusqlite::{Connection, TransactionBehavior};
use storedesk_domain::WorkOrder;

pub use audit::{AuditEntry, system_actor};
pub use cache::{Label, PageOutcome};
pub use claims::{Claim, ClaimOp, ClaimOpKind};
pub use error::StoreError;
pub use history::HistoryEntry;
pub use inbox::{InboxQuery, InboxRow};
pub use outbox::{NewAction, OutboxCounts, OutboxEntry, OutboxState, ParkedEntry, RecordedAction};
pub use report::{PersonWork, SlaCounts};

/// Durability-relevant settings of the open connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Durability {
    /// `wal`.
    pub journal_mode: String,
    /// 2 = FULL.
    pub synchronous: i64,
    pub foreign_keys: bool,
    pub busy_timeout_ms: i64,
}

/// The local store: one connection to the station's database file.
///
/// `Store` is `Send` but not `Sync`; share it behind a mutex, or open a second `Store` on the same file (WAL lets
/// readers and one writer work side by side; writers wait up to [`schema::BUSY_TIMEOUT`]).
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Open (or create) the database at `path`: WAL, `synchronous=FULL`, `foreign_keys=ON`, a 5 s busy timeout,
    /// then the pending migrations. A database written by a newer Storedesk ([`StoreError::NewerSchema`]) or by
    /// another application is refused before anything in it is changed.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let conn = schema::open_connection(path)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The open connection, for companion crates whose tables live in this database (see the crate docs).
    /// Keep to those tables: the work-order cache, the outbox and the audit log are only changed through `Store`.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// The open connection, mutably (to run a transaction). Same rules as [`Store::connection`].
    pub fn connection_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Append an audit entry for something a person did that is not an OMS command (signing in, a claim, a
    /// label reprint). `detail` must not hold secrets or PINs.
    pub fn append_audit(
        &mut self,
        at: chrono::DateTime<Utc>,
        actor: &storedesk_domain::Actor,
        work_order_id: Option<&str>,
        action: &str,
        detail: &serde_json::Value,
    ) -> Result<(), StoreError> {
        audit::append(&self.conn, at, actor, work_order_id, action, detail)
    }

    /// The schema version of the open database (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// The connection's durability settings as SQLite reports them, for a start-up assertion or a diagnostics
    /// page. [`Store::open`] already refuses to run without WAL, `synchronous=FULL` and foreign keys.
    pub fn durability(&self) -> Result<Durability, StoreError> {
        Ok(Durability {
            journal_mode: self
                .conn
                .pragma_query_value(None, "journal_mode", |r| r.get(0))?,
            synchronous: self
                .conn
                .pragma_query_value(None, "synchronous", |r| r.get(0))?,
            foreign_keys: self
                .conn
                .pragma_query_value(None, "foreign_keys", |r| r.get(0))?,
            busy_timeout_ms: self
                .conn
                .pragma_query_value(None, "busy_timeout", |r| r.get(0))?,
        })
    }

    /// Hand the connection's page cache back to the allocator (`PRAGMA shrink_memory`), for a station that has
    /// gone quiet: a first inbox over 10,000 orders fills SQLite's 2 MiB cache, which would otherwise stay resident
    /// for the rest of the shift. The next query reads its pages again, from the OS's file cache.
    pub fn release_memory(&self) -> Result<(), StoreError> {
        self.conn.execute_batch("PRAGMA shrink_memory")?;
        Ok(())
    }

    /// Bytes of page cache the connection holds now (SQLite's `SQLITE_DBSTATUS_CACHE_USED`).
    pub fn cache_bytes(&self) -> usize {
        let (mut current, mut highwater) = (0, 0);
        // SAFETY: the handle belongs to this open connection, used from this thread only (`&self`);
        // sqlite3_db_status only reads the connection's counters.
        let rc = unsafe {
            rusqlite::ffi::sqlite3_db_status(
                self.conn.handle(),
                rusqlite::ffi::SQLITE_DBSTATUS_CACHE_USED,
                &mut current,
                &mut highwater,
                0,
            )
        };
        if rc == rusqlite::ffi::SQLITE_OK {
            usize::try_from(current).unwrap_or(0)
        } else {
            0
        }
    }

    /// Run SQLite's `PRAGMA quick_check` (a few hundred ms on a large cache; meant for start-up).
    pub fn quick_check(&self) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare("PRAGMA quick_check")?;
        let problems = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        if problems.len() == 1 && problems[0] == "ok" {
            Ok(())
        } else {
            Err(StoreError::IntegrityCheck(problems.join("; ")))
        }
    }

    /// Load many snapshots in one transaction, without a cursor. For benchmarks and demo data: same rules as
    /// [`Store::apply_page`] (older versions ignored, unsent commands replayed).
    #[doc(hidden)]
    pub fn bulk_load_for_bench(&mut self, work_orders: &[WorkOrder]) -> Result<(), StoreError> {
        let now = Utc::now();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let reasons = cache::load_reasons(&tx)?;
        let mut outcome = PageOutcome::default();
        for wo in work_orders {
            cache::store_snapshot(&tx, wo, &reasons, now, &mut outcome)?;
        }
        tx.commit()?;
        Ok(())
    }
}
