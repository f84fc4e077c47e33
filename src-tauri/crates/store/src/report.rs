//! Figures for the store manager and change tracking for open screens.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use rusqlite::params;
use storedesk_domain::Command;

use crate::Store;
use crate::codec::{parse_ts, to_u64, ts};
use crate::error::StoreError;

/// What one person did since a point in time (usually the start of today), from the audit log. Commands that
/// were later discarded are not counted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonWork {
    pub user_id: String,
    pub user_name: String,
    /// Orders accepted.
    pub accepted: u32,
    /// Units picked (by scan or entered by hand).
    pub picked: u32,
    /// Orders packed.
    pub packed: u32,
    /// Rejections per reason code: a whole-order reject counts once, a line rejection or a short pick counts its
    /// units.
    pub rejected_by_reason: BTreeMap<String, u32>,
}

/// Open orders against their deadline.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SlaCounts {
    /// Past their deadline.
    pub breached: u64,
    /// Due within the "at risk" window.
    pub at_risk: u64,
}

/// Statuses in which the store's own part is done (waiting for the carrier or the customer): not counted
/// against the SLA.
const WAITING_ON_OTHERS: &str = "('ready_to_ship', 'ready_for_pickup')";

impl Store {
    /// Work per person since `since`, by user name.
    pub fn work_per_person(&self, since: DateTime<Utc>) -> Result<Vec<PersonWork>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.user_id, a.user_name, a.detail_json FROM audit a
             LEFT JOIN outbox o ON o.command_id = json_extract(a.detail_json, '$.command_id')
             WHERE a.action = 'command' AND a.at >= ?1 AND (o.state IS NULL OR o.state <> 'discarded')
             ORDER BY a.id",
        )?;
        let rows = stmt
            .query_map([ts(since)], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut people: BTreeMap<String, PersonWork> = BTreeMap::new();
        for (user_id, user_name, detail) in rows {
            let detail: serde_json::Value = serde_json::from_str(&detail)?;
            let Some(command) = detail
                .get("command")
                .cloned()
                .and_then(|c| serde_json::from_value::<Command>(c).ok())
            else {
                continue;
            };
            let person = people.entry(user_id.clone()).or_insert_with(|| PersonWork {
                user_id,
                user_name: user_name.clone(),
                ..PersonWork::default()
            });
            person.user_name = user_name;
            let mut reject = |reason: &str, n: u32| {
                *person
                    .rejected_by_reason
                    .entry(reason.to_string())
                    .or_default() += n;
            };
            match command {
                Command::Accept => person.accepted += 1,
                Command::Pick { quantity, .. } => person.picked += quantity,
                Command::Pack { .. } => person.packed += 1,
                Command::Reject { reason, .. } => reject(&reason, 1),
                Command::RejectLines { lines } => {
                    for l in lines {
                        reject(&l.reason, l.quantity);
                    }
                }
                Command::ShortPick {
                    reason, quantity, ..
                } => reject(&reason, quantity),
                _ => {}
            }
        }
        let mut out: Vec<PersonWork> = people.into_values().collect();
        out.sort_by(|a, b| {
            a.user_name
                .cmp(&b.user_name)
                .then(a.user_id.cmp(&b.user_id))
        });
        Ok(out)
    }

    /// Open orders past their deadline, and those due within `at_risk_within` of `now`. Orders waiting for the
    /// carrier or the customer are not counted.
    pub fn sla_counts(
        &self,
        now: DateTime<Utc>,
        at_risk_within: Duration,
    ) -> Result<SlaCounts, StoreError> {
        let sql = format!(
            "SELECT COALESCE(SUM(due_at < ?1), 0), COALESCE(SUM(due_at >= ?1 AND due_at < ?2), 0)
             FROM work_orders WHERE is_open = 1 AND status NOT IN {WAITING_ON_OTHERS}"
        );
        let (breached, at_risk): (i64, i64) = self
            .conn
            .prepare_cached(&sql)?
            .query_row(params![ts(now), ts(now + at_risk_within)], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        Ok(SlaCounts {
            breached: to_u64(breached),
            at_risk: to_u64(at_risk),
        })
    }

    /// Click-and-collect orders on the pickup shelf, with the time the OMS last changed them (when they were
    /// put on the shelf, unless the OMS touched them since), oldest first.
    pub fn uncollected_pickups(&self) -> Result<Vec<(String, DateTime<Utc>)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, updated_at FROM work_orders WHERE status = 'ready_for_pickup' ORDER BY updated_at",
        )?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(id, at)| Ok((id, parse_ts(&at)?)))
            .collect()
    }

    /// Work orders whose cached row was written after `since` (by a pull, an acknowledgement or a local action),
    /// oldest write first, at most `limit`, with the time of the write. A screen remembers the last time it saw
    /// and asks again.
    pub fn changed_since(
        &self,
        since: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<(String, DateTime<Utc>)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, cached_at FROM work_orders WHERE cached_at > ?1 ORDER BY cached_at LIMIT ?2",
        )?;
        let rows = stmt
            .query_map(
                params![ts(since), i64::try_from(limit).unwrap_or(i64::MAX)],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
            )?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(id, at)| Ok((id, parse_ts(&at)?)))
            .collect()
    }
}
