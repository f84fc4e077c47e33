//! An order's history for the clerk: its audit entries, each clerk action marked with whether the OMS has it.

use chrono::{DateTime, Utc};
use rusqlite::params;

use crate::Store;
use crate::codec::parse_ts;
use crate::error::StoreError;
use crate::outbox::OutboxState;

/// One entry of an order's history.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub user_id: String,
    pub user_name: String,
    pub station: String,
    /// The audit action: `command` for a clerk action sent to the OMS (the slug is in `detail.slug`), or
    /// `synced`, `parked`, `retry_parked`, `discarded`, `claim`, `release`, …
    pub action: String,
    pub detail: serde_json::Value,
    /// For `command` entries, where the command stands in the outbox.
    pub command_state: Option<OutboxState>,
    /// The OMS has it: a `command` whose outbox command is done; always true for the other entries, which are
    /// local facts.
    pub synced: bool,
}

impl Store {
    /// The newest `limit` history entries of a work order, newest first.
    pub fn history(
        &self,
        work_order_id: &str,
        limit: usize,
    ) -> Result<Vec<HistoryEntry>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id, a.at, a.user_id, a.user_name, a.station, a.action, a.detail_json, o.state
             FROM audit a
             LEFT JOIN outbox o
               ON a.action = 'command' AND o.command_id = json_extract(a.detail_json, '$.command_id')
             WHERE a.work_order_id = ?1
             ORDER BY a.id DESC LIMIT ?2",
        )?;
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
                        r.get::<_, String>(5)?,
                        r.get::<_, String>(6)?,
                        r.get::<_, Option<String>>(7)?,
                    ))
                },
            )?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(
                |(id, at, user_id, user_name, station, action, detail, state)| {
                    let command_state = state
                        .map(|s| {
                            OutboxState::parse(&s).ok_or(StoreError::Corrupt {
                                what: "outbox state",
                                value: s,
                            })
                        })
                        .transpose()?;
                    let synced = if action == crate::audit::ACTION_COMMAND {
                        command_state == Some(OutboxState::Done)
                    } else {
                        true
                    };
                    Ok(HistoryEntry {
                        id,
                        at: parse_ts(&at)?,
                        user_id,
                        user_name,
                        station,
                        action,
                        detail: serde_json::from_str(&detail)?,
                        command_state,
                        synced,
                    })
                },
            )
            .collect()
    }
}
