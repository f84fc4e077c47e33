//! The append-only audit log: who did what, when, on which station. Triggers in the schema refuse every UPDATE
//! and DELETE, so entries can only be added.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};
use storedesk_domain::{Actor, Command};

use crate::Store;
use crate::codec::{parse_ts, ts};
use crate::error::StoreError;

/// Audit `action` of a clerk action (followed by the command slug in `detail.slug`).
pub const ACTION_COMMAND: &str = "command";
/// The OMS acknowledged a command.
pub const ACTION_SYNCED: &str = "synced";
/// A command was parked after a terminal refusal.
pub const ACTION_PARKED: &str = "parked";
/// A parked command was put back in the queue by someone.
pub const ACTION_RETRY_PARKED: &str = "retry_parked";
/// A parked command was given up by someone.
pub const ACTION_DISCARDED: &str = "discarded";

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub user_id: String,
    pub user_name: String,
    pub station: String,
    pub work_order_id: Option<String>,
    pub action: String,
    pub detail: serde_json::Value,
}

/// The actor of entries written by the sync engine rather than a person.
pub fn system_actor() -> Actor {
    Actor {
        user_id: "system".into(),
        user_name: "Storedesk sync".into(),
        station: "local".into(),
    }
}

/// Append one entry (inside the caller's transaction, if any). Public for companion crates that write their own
/// entries in the same transaction as their change (`storedesk-staff`).
pub fn append(
    conn: &Connection,
    at: DateTime<Utc>,
    actor: &Actor,
    work_order_id: Option<&str>,
    action: &str,
    detail: &serde_json::Value,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO audit (at, user_id, user_name, station, work_order_id, action, detail_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        ts(at),
        actor.user_id,
        actor.user_name,
        actor.station,
        work_order_id,
        action,
        serde_json::to_string(detail)?,
    ])?;
    Ok(())
}

/// A command as it goes into the audit log: the customer's pickup code is masked.
pub(crate) fn redacted_command(command: &Command) -> Result<serde_json::Value, StoreError> {
    let mut value = serde_json::to_value(command)?;
    if let Command::HandoverToCustomer { .. } = command
        && let Some(obj) = value.as_object_mut()
    {
        obj.insert("pickup_code".into(), serde_json::Value::from("***"));
    }
    Ok(value)
}

impl Store {
    /// The newest `limit` audit entries, of one work order or of all, newest first.
    pub fn audit_log(
        &self,
        work_order_id: Option<&str>,
        limit: usize,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        // Two statements rather than `?1 IS NULL OR …`, so the per-order query uses its index.
        let mut stmt = self.conn.prepare_cached(if work_order_id.is_some() {
            "SELECT id, at, user_id, user_name, station, work_order_id, action, detail_json FROM audit
             WHERE work_order_id = ?1 ORDER BY id DESC LIMIT ?2"
        } else {
            "SELECT id, at, user_id, user_name, station, work_order_id, action, detail_json FROM audit
             WHERE ?1 IS NULL ORDER BY id DESC LIMIT ?2"
        })?;
        let rows = stmt
            .query_map(
                params![work_order_id, i64::try_from(limit).unwrap_or(i64::MAX)],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, Option<String>>(5)?,
                        r.get::<_, String>(6)?,
                        r.get::<_, String>(7)?,
                    ))
                },
            )?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(
                |(id, at, user_id, user_name, station, work_order_id, action, detail)| {
                    Ok(AuditEntry {
                        id,
                        at: parse_ts(&at)?,
                        user_id,
                        user_name,
                        station,
                        work_order_id,
                        action,
                        detail: serde_json::from_str(&detail)?,
                    })
                },
            )
            .collect()
    }
}
