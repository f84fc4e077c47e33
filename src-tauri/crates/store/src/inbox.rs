//! The inbox: light rows of cached work orders, filtered and ordered by due time (most urgent first).
//!
//! Every filter is served by an index: `(is_open, due_at)` and `(status, due_at)` for the status filters, the
//! FTS5 table `work_order_fts` for text, `line_barcodes(gtin14)` for an exact product barcode, and the outbox's
//! `(state, work_order_id, seq)` index for parked and pending commands.

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use storedesk_domain::{Status, WorkOrderKind};

use crate::Store;
use crate::codec::{parse_kind, parse_status, parse_ts, to_u32, to_u64};
use crate::error::StoreError;

/// What the inbox shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxQuery {
    /// Statuses to show; empty means every open (non-terminal) status.
    pub statuses: Vec<Status>,
    /// Kinds to show; empty means all.
    pub kinds: Vec<WorkOrderKind>,
    /// Prefix of a package/transfer number, order number, customer name, SKU, product name or parcel number
    /// (every word must match), or an exact product barcode.
    pub text: Option<String>,
    /// Only orders that need someone: a parked command, a cancellation request or an OMS hold.
    pub needs_attention: bool,
    pub limit: usize,
    pub offset: usize,
}

impl Default for InboxQuery {
    fn default() -> Self {
        Self {
            statuses: Vec::new(),
            kinds: Vec::new(),
            text: None,
            needs_attention: false,
            limit: 50,
            offset: 0,
        }
    }
}

/// One inbox row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxRow {
    pub id: String,
    pub number: String,
    pub kind: WorkOrderKind,
    pub status: Status,
    pub due_at: DateTime<Utc>,
    pub customer_name: Option<String>,
    pub line_count: u32,
    /// Units requested over all lines.
    pub unit_count: u32,
    /// A command of this order is parked and needs a decision.
    pub has_parked: bool,
    pub cancel_requested: bool,
    pub on_hold: bool,
    /// Local actions not yet acknowledged by the OMS.
    pub pending_count: u32,
    /// Name of the person who claimed the order, at this or another station (see [`crate::claims`]).
    pub claimed_by: Option<String>,
}

/// An FTS5 query in which every word of `text` must match as a prefix; `None` if there is no word.
pub(crate) fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split_whitespace()
        .filter(|t| t.chars().any(char::is_alphanumeric))
        .map(|t| format!("\"{}\"*", t.replace('"', "\"\"")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" AND "))
}

/// The GTIN-14 of `text` if it is a product barcode (plain digits or a GS1 element string).
fn gtin_of(text: &str) -> Option<String> {
    storedesk_barcode::parse(text)
        .ok()
        .and_then(|b| b.gtin14())
        .or_else(|| storedesk_barcode::normalize_gtin(text))
}

fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// The `WHERE` clause and its arguments for `q`; `None` when nothing can match (a search text with no word and
/// no barcode).
fn conditions(q: &InboxQuery) -> Option<(String, Vec<Value>)> {
    let mut conds: Vec<String> = Vec::new();
    let mut args: Vec<Value> = Vec::new();

    if q.statuses.is_empty() {
        conds.push("w.is_open = 1".into());
    } else {
        conds.push(format!("w.status IN ({})", placeholders(q.statuses.len())));
        args.extend(
            q.statuses
                .iter()
                .map(|s| Value::from(s.as_str().to_string())),
        );
    }
    if !q.kinds.is_empty() {
        conds.push(format!("w.kind IN ({})", placeholders(q.kinds.len())));
        args.extend(q.kinds.iter().map(|k| Value::from(k.as_str().to_string())));
    }
    if let Some(text) = q.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let mut alts = Vec::new();
        if let Some(m) = fts_query(&crate::cache::fold(text)) {
            alts.push("SELECT rowid FROM work_order_fts WHERE work_order_fts MATCH ?");
            args.push(Value::from(m));
        }
        if let Some(gtin) = gtin_of(text) {
            alts.push(
                "SELECT x.rid FROM line_barcodes lb JOIN work_orders x ON x.id = lb.work_order_id
                 WHERE lb.gtin14 = ?",
            );
            args.push(Value::from(gtin));
        }
        if alts.is_empty() {
            return None;
        }
        // One `w.rid IN (… UNION …)`: SQLite builds the (small) set of matches once from the indexes and sorts
        // it, instead of probing every open order (an OR of two IN terms made a barcode search ~250 ms at 100k).
        conds.push(format!("w.rid IN ({})", alts.join(" UNION ")));
    }
    if q.needs_attention {
        conds.push(
            "w.rid IN (SELECT rid FROM work_orders WHERE on_hold = 1 OR cancel_requested = 1
                       UNION SELECT x.rid FROM outbox o JOIN work_orders x ON x.id = o.work_order_id
                             WHERE o.state = 'parked')"
                .into(),
        );
    }
    Some((conds.join(" AND "), args))
}

impl Store {
    /// Inbox rows matching `q`, most urgent (earliest due) first.
    pub fn inbox(&self, q: &InboxQuery) -> Result<Vec<InboxRow>, StoreError> {
        let Some((conds, cond_args)) = conditions(q) else {
            return Ok(Vec::new());
        };
        // The claim join's "not expired" comes first in the statement.
        let mut args = vec![Value::from(crate::codec::ts(chrono::Utc::now()))];
        args.extend(cond_args);
        args.push(Value::from(i64::try_from(q.limit).unwrap_or(i64::MAX)));
        args.push(Value::from(i64::try_from(q.offset).unwrap_or(i64::MAX)));

        let sql = format!(
            "SELECT w.id, w.number, w.kind, w.status, w.due_at, w.customer_name, w.line_count, w.unit_count,
                 EXISTS (SELECT 1 FROM outbox o WHERE o.state = 'parked' AND o.work_order_id = w.id),
                 w.cancel_requested, w.on_hold,
                 (SELECT COUNT(*) FROM outbox o WHERE o.state = 'pending' AND o.work_order_id = w.id),
                 c.user_name
             FROM work_orders w
             LEFT JOIN claims c ON c.work_order_id = w.id AND (c.expires_at IS NULL OR c.expires_at > ?)
             WHERE {conds}
             ORDER BY w.due_at, w.number
             LIMIT ? OFFSET ?"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let raw = stmt
            .query_map(rusqlite::params_from_iter(args), |r| {
                Ok((
                    (
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, Option<String>>(5)?,
                    ),
                    (
                        r.get::<_, i64>(6)?,
                        r.get::<_, i64>(7)?,
                        r.get::<_, bool>(8)?,
                        r.get::<_, bool>(9)?,
                        r.get::<_, bool>(10)?,
                        r.get::<_, i64>(11)?,
                        r.get::<_, Option<String>>(12)?,
                    ),
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        raw.into_iter()
            .map(
                |(
                    (id, number, kind, status, due, customer),
                    (lines, units, parked, cancel, hold, pending, claimed_by),
                )| {
                    Ok(InboxRow {
                        id,
                        number,
                        kind: parse_kind(&kind)?,
                        status: parse_status(&status)?,
                        due_at: parse_ts(&due)?,
                        customer_name: customer,
                        line_count: to_u32(lines),
                        unit_count: to_u32(units),
                        has_parked: parked,
                        cancel_requested: cancel,
                        on_hold: hold,
                        pending_count: to_u32(pending),
                        claimed_by,
                    })
                },
            )
            .collect()
    }

    /// How many rows [`Store::inbox`] would return for `q` without its limit and offset.
    pub fn inbox_count(&self, q: &InboxQuery) -> Result<u64, StoreError> {
        let Some((conds, args)) = conditions(q) else {
            return Ok(0);
        };
        let sql = format!("SELECT COUNT(*) FROM work_orders w WHERE {conds}");
        let n: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row(rusqlite::params_from_iter(args), |r| r.get(0))?;
        Ok(to_u64(n))
    }

    /// How many cached work orders are in each status (as the clerk sees them), for every status in
    /// [`Status::ALL`] order, zeros included.
    pub fn counts(&self) -> Result<Vec<(Status, u64)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT status, COUNT(*) FROM work_orders GROUP BY status")?;
        let found = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        let mut counts: Vec<(Status, u64)> = Status::ALL.iter().map(|s| (*s, 0)).collect();
        for (status, n) in found {
            let status = parse_status(&status)?;
            if let Some(slot) = counts.iter_mut().find(|(s, _)| *s == status) {
                slot.1 = to_u64(n);
            }
        }
        Ok(counts)
    }
}
