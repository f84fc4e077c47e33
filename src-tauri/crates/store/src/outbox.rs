//! The outbox: every clerk action, recorded in the same transaction as the new view and its audit entry, then
//! sent to the OMS strictly in order per work order.
//!
//! States: `pending` (waiting to be sent, possibly after a back-off), `parked` (the OMS refused it for good; a
//! person decides), `done` (acknowledged by the OMS) and `discarded` (a parked command given up). Done and
//! discarded are final; unsent rows can never be deleted (both enforced by triggers).

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, TransactionBehavior, params};
use serde_json::json;
use storedesk_domain::{
    Actor, Command, CommandEnvelope, CommandKind, WorkOrder, WorkOrderKind, apply,
};
use uuid::Uuid;

use crate::Store;
use crate::audit::{self, system_actor};
use crate::cache::{self, PageOutcome};
use crate::codec::{parse_kind, parse_opt_ts, parse_slug, parse_ts, to_u32, to_u64, ts};
use crate::error::StoreError;

/// A clerk action to record.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAction {
    pub work_order_id: String,
    pub command: Command,
    pub actor: Actor,
    pub at: DateTime<Utc>,
}

/// A recorded clerk action: durable on disk when this is returned.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedAction {
    /// UUID v4; the idempotency key of every attempt to send it.
    pub command_id: String,
    /// Position of the command among this work order's commands (1, 2, …).
    pub seq: u64,
    /// The work order as the clerk now sees it.
    pub view: WorkOrder,
}

/// Where an outbox command stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutboxState {
    Pending,
    Done,
    Parked,
    Discarded,
}

impl OutboxState {
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxState::Pending => "pending",
            OutboxState::Done => "done",
            OutboxState::Parked => "parked",
            OutboxState::Discarded => "discarded",
        }
    }

    pub fn parse(s: &str) -> Option<OutboxState> {
        [
            OutboxState::Pending,
            OutboxState::Done,
            OutboxState::Parked,
            OutboxState::Discarded,
        ]
        .into_iter()
        .find(|st| st.as_str() == s)
    }
}

/// One outbox row.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEntry {
    pub command_id: String,
    pub work_order_id: String,
    /// Kind of the work order (selects the OMS endpoint).
    pub kind: WorkOrderKind,
    pub seq: u64,
    pub slug: CommandKind,
    /// The exact body to send, identical on every attempt: the serialised [`CommandEnvelope`] with
    /// `expected_version: None` (the sync engine sends `If-Match` from the current snapshot's version).
    pub payload_json: String,
    /// `payload_json` parsed.
    pub envelope: CommandEnvelope,
    pub state: OutboxState,
    pub attempts: u32,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error_code: Option<String>,
    pub last_error_message: Option<String>,
    pub created_at: DateTime<Utc>,
    pub parked_at: Option<DateTime<Utc>>,
    pub done_at: Option<DateTime<Utc>>,
}

/// Commands still to be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OutboxCounts {
    pub pending: u64,
    pub parked: u64,
}

/// A parked command, for the "needs attention" list.
#[derive(Debug, Clone, PartialEq)]
pub struct ParkedEntry {
    pub command_id: String,
    pub work_order_id: String,
    pub work_order_number: String,
    pub seq: u64,
    pub slug: CommandKind,
    /// Why the OMS refused it (e.g. `work_order_cancelled`).
    pub code: String,
    pub message: String,
    pub since: DateTime<Utc>,
    pub attempts: u32,
    /// Who recorded it.
    pub actor: Actor,
}

const COLUMNS: &str = "command_id, work_order_id, kind, seq, slug, payload_json, state, attempts, \
     next_attempt_at, last_error_code, last_error_message, created_at, parked_at, done_at";

/// The columns of [`COLUMNS`] as read, before parsing.
type RawEntry = (
    String,
    String,
    String,
    i64,
    String,
    String,
    String,
    i64,
    String,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
);

fn raw(r: &Row<'_>) -> rusqlite::Result<RawEntry> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
        r.get(10)?,
        r.get(11)?,
        r.get(12)?,
        r.get(13)?,
    ))
}

fn entry(raw: RawEntry) -> Result<OutboxEntry, StoreError> {
    let (
        command_id,
        work_order_id,
        kind,
        seq,
        slug,
        payload_json,
        state,
        attempts,
        next_attempt_at,
        last_error_code,
        last_error_message,
        created_at,
        parked_at,
        done_at,
    ) = raw;
    Ok(OutboxEntry {
        envelope: serde_json::from_str(&payload_json)?,
        state: parse_state(&state)?,
        kind: parse_kind(&kind)?,
        seq: to_u64(seq),
        slug: parse_slug(&slug)?,
        attempts: to_u32(attempts),
        next_attempt_at: parse_ts(&next_attempt_at)?,
        created_at: parse_ts(&created_at)?,
        parked_at: parse_opt_ts(parked_at)?,
        done_at: parse_opt_ts(done_at)?,
        command_id,
        work_order_id,
        payload_json,
        last_error_code,
        last_error_message,
    })
}

fn parse_state(s: &str) -> Result<OutboxState, StoreError> {
    OutboxState::parse(s).ok_or_else(|| StoreError::Corrupt {
        what: "outbox state",
        value: s.to_string(),
    })
}

/// The row of `command_id`, or [`StoreError::CommandNotFound`].
fn load_entry(conn: &Connection, command_id: &str) -> Result<OutboxEntry, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM outbox WHERE command_id = ?1");
    let row = conn
        .prepare_cached(&sql)?
        .query_row([command_id], raw)
        .optional()?
        .ok_or_else(|| StoreError::CommandNotFound {
            command_id: command_id.to_string(),
        })?;
    entry(row)
}

fn require(entry: &OutboxEntry, state: OutboxState) -> Result<(), StoreError> {
    if entry.state == state {
        return Ok(());
    }
    let (command_id, found) = (entry.command_id.clone(), entry.state.as_str().to_string());
    Err(match state {
        OutboxState::Parked => StoreError::CommandNotParked {
            command_id,
            state: found,
        },
        _ => StoreError::CommandNotPending {
            command_id,
            state: found,
        },
    })
}

impl Store {
    /// Record a clerk action durably, in one transaction: check it against the current view and the reason
    /// catalogue, write the new view (and its line and parcel rows), append the outbox command and the audit
    /// entry. A refused action (`StoreError::Domain`) or any failure writes nothing.
    pub fn record_action(&mut self, action: &NewAction) -> Result<RecordedAction, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let view =
            cache::load_view(&tx, &action.work_order_id)?.ok_or_else(|| StoreError::NotFound {
                work_order_id: action.work_order_id.clone(),
            })?;
        let reasons = cache::load_reasons(&tx)?;
        let next = apply(&view, &action.command, &reasons)?;
        cache::write_row(&tx, None, &next, Some(&view), Utc::now())?;

        let command_id = Uuid::new_v4().to_string();
        let seq: i64 = tx
            .prepare_cached(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM outbox WHERE work_order_id = ?1",
            )?
            .query_row([&action.work_order_id], |r| r.get(0))?;
        let slug = action.command.kind();
        let envelope = CommandEnvelope {
            command_id: command_id.clone(),
            work_order_id: action.work_order_id.clone(),
            kind: next.kind,
            expected_version: None,
            issued_at: action.at,
            actor: action.actor.clone(),
            command: action.command.clone(),
        };
        let payload = serde_json::to_string(&envelope)?;
        let at = ts(action.at);
        tx.prepare_cached(
            "INSERT INTO outbox (command_id, work_order_id, kind, seq, slug, payload_json, state, attempts,
                 next_attempt_at, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending', 0, ?7, ?7)",
        )?
        .execute(params![
            command_id,
            action.work_order_id,
            next.kind.as_str(),
            seq,
            slug.slug(),
            payload,
            at,
        ])?;
        audit::append(
            &tx,
            action.at,
            &action.actor,
            Some(&action.work_order_id),
            audit::ACTION_COMMAND,
            &json!({
                "command_id": command_id,
                "seq": seq,
                "slug": slug.slug(),
                "command": audit::redacted_command(&action.command)?,
                "status_before": view.status,
                "status_after": next.status,
            }),
        )?;
        tx.commit()?;
        tracing::debug!(%command_id, work_order_id = %action.work_order_id, slug = slug.slug(), seq, "action recorded");
        Ok(RecordedAction {
            command_id,
            seq: to_u64(seq),
            view: next,
        })
    }

    /// The commands to send now: for each work order, its head (the lowest-`seq` command not done or discarded),
    /// if that head is pending and due (`next_attempt_at <= now`). Oldest first, at most `limit`. A parked head
    /// holds back the rest of its own work order only.
    pub fn due_commands(
        &self,
        now: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<OutboxEntry>, StoreError> {
        let sql = format!(
            "SELECT {cols} FROM outbox o
             JOIN (SELECT work_order_id AS wid, MIN(seq) AS head FROM outbox
                   WHERE state IN ('pending', 'parked') GROUP BY work_order_id) h
               ON o.work_order_id = h.wid AND o.seq = h.head
             WHERE o.state = 'pending' AND o.next_attempt_at <= ?1
             ORDER BY o.created_at, o.rowid LIMIT ?2",
            cols = COLUMNS
                .split(", ")
                .map(|c| format!("o.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map(
                params![ts(now), i64::try_from(limit).unwrap_or(i64::MAX)],
                raw,
            )?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().map(entry).collect()
    }

    /// The OMS acknowledged the command: mark it done, store the acknowledged work order as the snapshot (unless a
    /// newer one is stored), rebuild the view and audit "synced", in one transaction. Returns the new view.
    /// Acknowledging a command that is already done changes nothing (a redelivered acknowledgement).
    pub fn mark_done(
        &mut self,
        command_id: &str,
        ack: &WorkOrder,
        at: DateTime<Utc>,
    ) -> Result<WorkOrder, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let e = load_entry(&tx, command_id)?;
        if e.state == OutboxState::Done {
            let view = cache::load_view(&tx, &e.work_order_id)?.ok_or(StoreError::NotFound {
                work_order_id: e.work_order_id,
            })?;
            return Ok(view);
        }
        if e.state == OutboxState::Discarded {
            require(&e, OutboxState::Pending)?;
        }
        if ack.id != e.work_order_id {
            return Err(StoreError::Corrupt {
                what: "acknowledgement (work order id differs from the command's)",
                value: ack.id.clone(),
            });
        }
        tx.prepare_cached(
            "UPDATE outbox SET state = 'done', done_at = ?2, parked_at = NULL WHERE command_id = ?1",
        )?
        .execute(params![command_id, ts(at)])?;
        let reasons = cache::load_reasons(&tx)?;
        let mut outcome = PageOutcome::default();
        cache::store_snapshot(&tx, ack, &reasons, Utc::now(), &mut outcome)?;
        if outcome.stored == 0 {
            // A newer snapshot was pulled meanwhile: keep it, but the view must no longer replay this command.
            cache::recompute_view(&tx, &e.work_order_id, Utc::now())?;
        }
        audit::append(
            &tx,
            at,
            &system_actor(),
            Some(&e.work_order_id),
            audit::ACTION_SYNCED,
            &json!({
                "command_id": command_id,
                "seq": e.seq,
                "slug": e.slug.slug(),
                "attempts": e.attempts + 1,
                "version": ack.version,
            }),
        )?;
        let view = cache::load_view(&tx, &e.work_order_id)?.ok_or(StoreError::NotFound {
            work_order_id: e.work_order_id,
        })?;
        tx.commit()?;
        Ok(view)
    }

    /// A transient failure: count the attempt, keep the error and try again at `next_attempt_at`.
    pub fn mark_retry(
        &mut self,
        command_id: &str,
        error_code: &str,
        message: &str,
        next_attempt_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        require(&load_entry(&tx, command_id)?, OutboxState::Pending)?;
        tx.prepare_cached(
            "UPDATE outbox SET attempts = attempts + 1, last_error_code = ?2, last_error_message = ?3,
                 next_attempt_at = ?4
             WHERE command_id = ?1",
        )?
        .execute(params![command_id, error_code, message, ts(next_attempt_at)])?;
        tx.commit()?;
        Ok(())
    }

    /// The OMS refused the command for good: park it (it stays in the view and holds back the later commands of
    /// its work order until someone retries or discards it) and audit why.
    pub fn park(
        &mut self,
        command_id: &str,
        code: &str,
        message: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let e = load_entry(&tx, command_id)?;
        require(&e, OutboxState::Pending)?;
        tx.prepare_cached(
            "UPDATE outbox SET state = 'parked', parked_at = ?2, attempts = attempts + 1, last_error_code = ?3,
                 last_error_message = ?4
             WHERE command_id = ?1",
        )?
        .execute(params![command_id, ts(at), code, message])?;
        audit::append(
            &tx,
            at,
            &system_actor(),
            Some(&e.work_order_id),
            audit::ACTION_PARKED,
            &json!({ "command_id": command_id, "seq": e.seq, "slug": e.slug.slug(), "code": code, "message": message }),
        )?;
        tx.commit()?;
        tracing::warn!(%command_id, code, "command parked");
        Ok(())
    }

    /// Someone puts a parked command back in the queue: pending, due at `at`, attempts counted afresh.
    pub fn retry_parked(
        &mut self,
        command_id: &str,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let e = load_entry(&tx, command_id)?;
        require(&e, OutboxState::Parked)?;
        tx.prepare_cached(
            "UPDATE outbox SET state = 'pending', parked_at = NULL, attempts = 0, next_attempt_at = ?2
             WHERE command_id = ?1",
        )?
        .execute(params![command_id, ts(at)])?;
        audit::append(
            &tx,
            at,
            actor,
            Some(&e.work_order_id),
            audit::ACTION_RETRY_PARKED,
            &json!({
                "command_id": command_id,
                "seq": e.seq,
                "slug": e.slug.slug(),
                "previous_code": e.last_error_code,
                "previous_message": e.last_error_message,
            }),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Someone gives up a parked command: it is discarded (never sent), the view is rebuilt without it, and the
    /// decision is audited. Only parked commands can be discarded. Returns the new view.
    pub fn discard_parked(
        &mut self,
        command_id: &str,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> Result<WorkOrder, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let e = load_entry(&tx, command_id)?;
        require(&e, OutboxState::Parked)?;
        tx.prepare_cached(
            "UPDATE outbox SET state = 'discarded', done_at = ?2 WHERE command_id = ?1",
        )?
        .execute(params![command_id, ts(at)])?;
        let (view, _) = cache::recompute_view(&tx, &e.work_order_id, Utc::now())?;
        audit::append(
            &tx,
            at,
            actor,
            Some(&e.work_order_id),
            audit::ACTION_DISCARDED,
            &json!({
                "command_id": command_id,
                "seq": e.seq,
                "slug": e.slug.slug(),
                "command": audit::redacted_command(&e.envelope.command)?,
                "code": e.last_error_code,
                "message": e.last_error_message,
            }),
        )?;
        tx.commit()?;
        Ok(view)
    }

    /// How many commands wait to be sent (pending) or for a decision (parked).
    pub fn outbox_counts(&self) -> Result<OutboxCounts, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT state, COUNT(*) FROM outbox WHERE state IN ('pending', 'parked') GROUP BY state",
        )?;
        let mut counts = OutboxCounts::default();
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
            let (state, n) = row?;
            match state.as_str() {
                "pending" => counts.pending = to_u64(n),
                _ => counts.parked = to_u64(n),
            }
        }
        Ok(counts)
    }

    /// Every parked command, oldest first.
    pub fn parked(&self) -> Result<Vec<ParkedEntry>, StoreError> {
        let sql = format!(
            "SELECT {cols}, w.number FROM outbox o JOIN work_orders w ON w.id = o.work_order_id
             WHERE o.state = 'parked' ORDER BY o.parked_at, o.rowid",
            cols = COLUMNS
                .split(", ")
                .map(|c| format!("o.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map([], |r| Ok((raw(r)?, r.get::<_, String>(14)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(raw, number)| {
                let e = entry(raw)?;
                Ok(ParkedEntry {
                    since: e.parked_at.unwrap_or(e.next_attempt_at),
                    code: e.last_error_code.unwrap_or_default(),
                    message: e.last_error_message.unwrap_or_default(),
                    actor: e.envelope.actor,
                    command_id: e.command_id,
                    work_order_id: e.work_order_id,
                    work_order_number: number,
                    seq: e.seq,
                    slug: e.slug,
                    attempts: e.attempts,
                })
            })
            .collect()
    }

    /// Every outbox command of a work order, in `seq` order (all states).
    pub fn outbox_entries(&self, work_order_id: &str) -> Result<Vec<OutboxEntry>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM outbox WHERE work_order_id = ?1 ORDER BY seq");
        let rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map([work_order_id], raw)?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().map(entry).collect()
    }

    /// One outbox command by id.
    pub fn outbox_entry(&self, command_id: &str) -> Result<OutboxEntry, StoreError> {
        load_entry(&self.conn, command_id)
    }
}
