//! Claims: "I am working on this order", so that two people of the store don't pick the same order.
//!
//! A claim is an advisory lease kept by the OMS (`docs/oms-api.md` §16), so every station of the store sees it.
//! Offline first, like clerk actions:
//!
//! * taking or releasing a claim changes the `claims` table at once (the clerk sees it immediately) and queues
//!   the operation in `claim_ops`, in the same transaction, with an audit entry;
//! * the sync engine sends the queue ([`Store::due_claim_ops`], then [`Store::claim_op_done`],
//!   [`Store::claim_op_refused`], [`Store::claim_op_retry`] or [`Store::claim_op_failed`]) and replaces what it
//!   knows of the OMS's claims with each pull ([`Store::replace_remote_claims`]). Work orders with queued
//!   operations keep their local claim until the queue is answered; an operation leaves the queue only with a
//!   final answer, never on a network failure;
//! * a claim the OMS refused because someone else claimed first is dropped, the other holder is shown, and a
//!   notice says so ([`Store::claim_notice`]).
//!
//! Claims are advisory: recorded actions are never refused because of one. A claim confirmed by the OMS ends at
//! its `expires_at` unless renewed; an expired claim counts as none.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde_json::json;
use storedesk_domain::{Actor, RemoteClaim, WorkOrderKind};

use crate::Store;
use crate::audit;
use crate::codec::{parse_kind, parse_opt_ts, parse_ts, ts};
use crate::error::StoreError;

/// Audit `action` of taking a claim.
pub const ACTION_CLAIM: &str = "claim";
/// Audit `action` of releasing a claim.
pub const ACTION_RELEASE: &str = "release";
/// Audit `action` when the OMS refused this station's claim or release because someone else holds the order.
pub const ACTION_CLAIM_REFUSED: &str = "claim_refused";
/// Audit `action` when the OMS refused a claim operation for good (the order is gone or finished).
pub const ACTION_CLAIM_FAILED: &str = "claim_failed";

/// A claim is renewed by its holder's activity once less than this is left of the lease (half the OMS's
/// default of two hours).
pub const RENEW_WHEN_LEFT: chrono::TimeDelta = chrono::TimeDelta::hours(1);

/// Who is working on an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub work_order_id: String,
    pub user_id: String,
    pub user_name: String,
    pub station: String,
    pub claimed_at: DateTime<Utc>,
    /// The OMS's lease end; `None` while the claim is this station's and not yet confirmed by the OMS.
    pub expires_at: Option<DateTime<Utc>>,
}

impl Claim {
    /// The OMS has confirmed the claim (it is not only local).
    pub fn confirmed(&self) -> bool {
        self.expires_at.is_some()
    }
}

/// A queued claim operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimOpKind {
    Claim,
    Release,
}

impl ClaimOpKind {
    fn as_str(self) -> &'static str {
        match self {
            ClaimOpKind::Claim => "claim",
            ClaimOpKind::Release => "release",
        }
    }
}

/// One claim or release waiting for the OMS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimOp {
    /// Queue position (operations of one work order are sent in this order).
    pub seq: i64,
    pub work_order_id: String,
    pub kind: WorkOrderKind,
    pub op: ClaimOpKind,
    /// Who claims, or who releases.
    pub actor: Actor,
    /// Release someone else's claim (a manager).
    pub force: bool,
    pub at: DateTime<Utc>,
    pub attempts: u32,
}

/// The claim shown for a work order at `now`: a local claim, or an OMS claim not yet expired.
fn load(
    conn: &Connection,
    work_order_id: &str,
    now: DateTime<Utc>,
) -> Result<Option<Claim>, StoreError> {
    let row: Option<(String, String, String, String, Option<String>)> = conn
        .prepare_cached(
            "SELECT user_id, user_name, station, claimed_at, expires_at FROM claims
             WHERE work_order_id = ?1 AND (expires_at IS NULL OR expires_at > ?2)",
        )?
        .query_row(params![work_order_id, ts(now)], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .optional()?;
    row.map(|(user_id, user_name, station, at, expires)| {
        Ok(Claim {
            work_order_id: work_order_id.to_string(),
            user_id,
            user_name,
            station,
            claimed_at: parse_ts(&at)?,
            expires_at: parse_opt_ts(expires)?,
        })
    })
    .transpose()
}

/// The stored kind of a work order (`None` if it is not cached), as the claim queue records it.
fn kind_of(conn: &Connection, work_order_id: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT kind FROM work_orders WHERE id = ?1")?
        .query_row([work_order_id], |r| r.get(0))
        .optional()?)
}

fn has_ops(conn: &Connection, work_order_id: &str) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM claim_ops WHERE work_order_id = ?1)")?
        .query_row([work_order_id], |r| r.get(0))?)
}

/// Marks the work order's cached row as rewritten, so open screens reload it (see `Store::changed_since`).
fn touch(conn: &Connection, work_order_id: &str) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE work_orders SET cached_at = ?2 WHERE id = ?1")?
        .execute(params![work_order_id, ts(Utc::now())])?;
    Ok(())
}

fn set_oms_claim(conn: &Connection, claim: &RemoteClaim) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO claims
             (work_order_id, user_id, user_name, station, claimed_at, origin, expires_at)
         SELECT ?1, ?2, ?3, ?4, ?5, 'oms', ?6 WHERE EXISTS (SELECT 1 FROM work_orders WHERE id = ?1)",
    )?
    .execute(params![
        claim.work_order_id,
        claim.holder.user_id,
        claim.holder.user_name,
        claim.holder.station,
        ts(claim.claimed_at),
        ts(claim.expires_at)
    ])?;
    Ok(())
}

fn enqueue(
    conn: &Connection,
    work_order_id: &str,
    kind: &str,
    op: ClaimOpKind,
    actor: &Actor,
    force: bool,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO claim_ops (work_order_id, kind, op, user_id, user_name, station, force, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        work_order_id,
        kind,
        op.as_str(),
        actor.user_id,
        actor.user_name,
        actor.station,
        force,
        ts(at)
    ])?;
    Ok(())
}

fn take_op(conn: &Connection, seq: i64) -> Result<Option<ClaimOp>, StoreError> {
    let op = conn
        .prepare_cached(
            "SELECT seq, work_order_id, kind, op, user_id, user_name, station, force, at, attempts
             FROM claim_ops WHERE seq = ?1",
        )?
        .query_row([seq], row_to_op)
        .optional()?
        .transpose()?;
    if op.is_some() {
        conn.prepare_cached("DELETE FROM claim_ops WHERE seq = ?1")?
            .execute([seq])?;
    }
    Ok(op)
}

type OpRow = Result<ClaimOp, StoreError>;

fn row_to_op(r: &rusqlite::Row<'_>) -> rusqlite::Result<OpRow> {
    let seq: i64 = r.get(0)?;
    let work_order_id: String = r.get(1)?;
    let kind: String = r.get(2)?;
    let op: String = r.get(3)?;
    let actor = Actor {
        user_id: r.get(4)?,
        user_name: r.get(5)?,
        station: r.get(6)?,
    };
    let force: bool = r.get(7)?;
    let at: String = r.get(8)?;
    let attempts: i64 = r.get(9)?;
    Ok((|| {
        Ok(ClaimOp {
            seq,
            work_order_id,
            kind: parse_kind(&kind)?,
            op: match op.as_str() {
                "claim" => ClaimOpKind::Claim,
                "release" => ClaimOpKind::Release,
                _ => {
                    return Err(StoreError::Corrupt {
                        what: "claim operation",
                        value: op,
                    });
                }
            },
            actor,
            force,
            at: parse_ts(&at)?,
            attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
        })
    })())
}

impl Store {
    /// The claim on a work order now, if any (this station's own, or any station's as last pulled and not
    /// expired).
    pub fn claim_of(&self, work_order_id: &str) -> Result<Option<Claim>, StoreError> {
        load(&self.conn, work_order_id, Utc::now())
    }

    /// The claim on a work order at `now`.
    pub fn claim_at(
        &self,
        work_order_id: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Claim>, StoreError> {
        load(&self.conn, work_order_id, now)
    }

    /// Why the OMS refused this station's last claim on the order ("Mehmet at Counter 2 claimed this first"),
    /// until someone here claims it again.
    pub fn claim_notice(&self, work_order_id: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT message FROM claim_notices WHERE work_order_id = ?1")?
            .query_row([work_order_id], |r| r.get(0))
            .optional()?)
    }

    /// `actor` starts working on the order: visible here at once, sent to the OMS by the sync engine. Claiming
    /// again an order one already holds keeps the claim; an order held by someone else (as this station knows)
    /// is refused with [`StoreError::ClaimedByOther`].
    pub fn claim(
        &mut self,
        work_order_id: &str,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> Result<Claim, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let Some(kind) = kind_of(&tx, work_order_id)? else {
            return Err(StoreError::NotFound {
                work_order_id: work_order_id.to_string(),
            });
        };
        if let Some(existing) = load(&tx, work_order_id, at)? {
            if existing.user_id == actor.user_id {
                return Ok(existing);
            }
            return Err(StoreError::ClaimedByOther {
                work_order_id: work_order_id.to_string(),
                by: existing.user_name,
                station: existing.station,
            });
        }
        tx.prepare_cached(
            "INSERT OR REPLACE INTO claims
                 (work_order_id, user_id, user_name, station, claimed_at, origin, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 'local', NULL)",
        )?
        .execute(params![
            work_order_id,
            actor.user_id,
            actor.user_name,
            actor.station,
            ts(at)
        ])?;
        enqueue(
            &tx,
            work_order_id,
            &kind,
            ClaimOpKind::Claim,
            actor,
            false,
            at,
        )?;
        tx.prepare_cached("DELETE FROM claim_notices WHERE work_order_id = ?1")?
            .execute([work_order_id])?;
        audit::append(
            &tx,
            at,
            actor,
            Some(work_order_id),
            ACTION_CLAIM,
            &json!({}),
        )?;
        tx.commit()?;
        Ok(Claim {
            work_order_id: work_order_id.to_string(),
            user_id: actor.user_id.clone(),
            user_name: actor.user_name.clone(),
            station: actor.station.clone(),
            claimed_at: at,
            expires_at: None,
        })
    }

    /// The holder keeps working on the order (an action, a scan): when less than [`RENEW_WHEN_LEFT`] of the OMS's
    /// lease is left, a renewal is queued (the OMS moves `expires_at`, §16.1), so a long pick does not lose its
    /// claim. Nothing happens for an order `actor` does not hold, a claim not yet confirmed, or one with an
    /// operation already waiting. Returns whether a renewal was queued.
    pub fn renew_claim(
        &mut self,
        work_order_id: &str,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let Some(existing) = load(&tx, work_order_id, at)? else {
            return Ok(false);
        };
        let due = existing.user_id == actor.user_id
            && existing
                .expires_at
                .is_some_and(|end| end - at < RENEW_WHEN_LEFT)
            && !has_ops(&tx, work_order_id)?;
        if !due {
            return Ok(false);
        }
        let kind = kind_of(&tx, work_order_id)?.ok_or_else(|| StoreError::NotFound {
            work_order_id: work_order_id.to_string(),
        })?;
        enqueue(
            &tx,
            work_order_id,
            &kind,
            ClaimOpKind::Claim,
            actor,
            false,
            at,
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// Release the claim on an order: gone here at once, sent to the OMS by the sync engine. Only its holder may
    /// release it, unless `override_other` (a manager; the OMS is then asked to force the release). Releasing an
    /// order nobody holds does nothing. Returns whether a claim was released.
    pub fn release(
        &mut self,
        work_order_id: &str,
        actor: &Actor,
        override_other: bool,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let Some(existing) = load(&tx, work_order_id, at)? else {
            return Ok(false);
        };
        let someone_else = existing.user_id != actor.user_id;
        if someone_else && !override_other {
            return Err(StoreError::ClaimedByOther {
                work_order_id: work_order_id.to_string(),
                by: existing.user_name,
                station: existing.station,
            });
        }
        let kind = kind_of(&tx, work_order_id)?.ok_or_else(|| StoreError::NotFound {
            work_order_id: work_order_id.to_string(),
        })?;
        tx.prepare_cached("DELETE FROM claims WHERE work_order_id = ?1")?
            .execute([work_order_id])?;
        enqueue(
            &tx,
            work_order_id,
            &kind,
            ClaimOpKind::Release,
            actor,
            someone_else,
            at,
        )?;
        audit::append(
            &tx,
            at,
            actor,
            Some(work_order_id),
            ACTION_RELEASE,
            &json!({
                "held_by": existing.user_name,
                "held_at": existing.station,
                "held_since": ts(existing.claimed_at)
            }),
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// Queued claim operations due at `now`: the oldest of each work order (the others wait for it), oldest
    /// first, at most `limit`.
    pub fn due_claim_ops(
        &self,
        now: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<ClaimOp>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, work_order_id, kind, op, user_id, user_name, station, force, at, attempts
             FROM claim_ops o
             WHERE seq = (SELECT MIN(seq) FROM claim_ops f WHERE f.work_order_id = o.work_order_id)
               AND (next_attempt_at IS NULL OR next_attempt_at <= ?1)
             ORDER BY seq LIMIT ?2",
        )?;
        let rows = stmt.query_map(
            params![ts(now), i64::try_from(limit).unwrap_or(i64::MAX)],
            row_to_op,
        )?;
        let mut out = Vec::new();
        for row in rows {
            out.push(row??);
        }
        Ok(out)
    }

    /// Number of claim operations waiting for the OMS.
    pub fn pending_claim_ops(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM claim_ops", [], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// The OMS took the claim (`confirmed`, the OMS's answer) or released it (`None`). The operation leaves the
    /// queue; unless more operations of that order wait, the claim shown becomes the OMS's.
    pub fn claim_op_done(
        &mut self,
        seq: i64,
        confirmed: Option<&RemoteClaim>,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some(op) = take_op(&tx, seq)?
            && !has_ops(&tx, &op.work_order_id)?
            && let Some(claim) = confirmed
        {
            set_oms_claim(&tx, claim)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The OMS refused the operation because `holder` holds the order: the operation leaves the queue, this
    /// station's claim is dropped, the holder is shown, and a notice and an audit entry say so. Returns the
    /// notice ("Mehmet at Counter 2 claimed this first").
    pub fn claim_op_refused(
        &mut self,
        seq: i64,
        holder: &RemoteClaim,
        at: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        let notice = format!(
            "{} at {} claimed this first",
            holder.holder.user_name, holder.holder.station
        );
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some(op) = take_op(&tx, seq)? {
            if !has_ops(&tx, &op.work_order_id)? {
                set_oms_claim(&tx, holder)?;
            }
            tx.prepare_cached(
                "INSERT OR REPLACE INTO claim_notices (work_order_id, message, at)
                 SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM work_orders WHERE id = ?1)",
            )?
            .execute(params![op.work_order_id, notice, ts(at)])?;
            touch(&tx, &op.work_order_id)?;
            audit::append(
                &tx,
                at,
                &op.actor,
                Some(&op.work_order_id),
                ACTION_CLAIM_REFUSED,
                &json!({
                    "op": op.op.as_str(),
                    "held_by": holder.holder.user_name,
                    "held_at": holder.holder.station,
                }),
            )?;
        }
        tx.commit()?;
        Ok(notice)
    }

    /// The OMS refused the operation for good for another reason (the order is gone, or finished): it leaves the
    /// queue, a local claim it made is dropped, and the audit log says why.
    pub fn claim_op_failed(
        &mut self,
        seq: i64,
        code: &str,
        message: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some(op) = take_op(&tx, seq)? {
            if op.op == ClaimOpKind::Claim && !has_ops(&tx, &op.work_order_id)? {
                tx.prepare_cached(
                    "DELETE FROM claims WHERE work_order_id = ?1 AND origin = 'local' AND user_id = ?2",
                )?
                .execute(params![op.work_order_id, op.actor.user_id])?;
                touch(&tx, &op.work_order_id)?;
            }
            audit::append(
                &tx,
                at,
                &op.actor,
                Some(&op.work_order_id),
                ACTION_CLAIM_FAILED,
                &json!({ "op": op.op.as_str(), "code": code, "message": message }),
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The OMS could not be asked (offline, busy): the operation stays queued and is due again at `next_at`.
    pub fn claim_op_retry(
        &mut self,
        seq: i64,
        error: &str,
        next_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "UPDATE claim_ops SET attempts = attempts + 1, last_error = ?2, next_attempt_at = ?3
                 WHERE seq = ?1",
            )?
            .execute(params![seq, error, ts(next_at)])?;
        Ok(())
    }

    /// Replace what this station knows of the OMS's claims with `claims` (the store's active claims, just
    /// listed). Work orders with queued operations keep their claim as it is; claims on work orders not cached
    /// here are skipped.
    pub fn replace_remote_claims(&mut self, claims: &[RemoteClaim]) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let holders = |tx: &Connection| -> Result<BTreeSet<(String, String, String)>, StoreError> {
            let mut stmt = tx.prepare_cached(
                "SELECT work_order_id, user_id, station FROM claims
                 WHERE work_order_id NOT IN (SELECT work_order_id FROM claim_ops)",
            )?;
            let rows = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<Result<_, _>>()?;
            Ok(rows)
        };
        let before = holders(&tx)?;
        tx.execute(
            "DELETE FROM claims WHERE work_order_id NOT IN (SELECT work_order_id FROM claim_ops)",
            [],
        )?;
        for claim in claims {
            if !has_ops(&tx, &claim.work_order_id)? {
                set_oms_claim(&tx, claim)?;
            }
        }
        let after = holders(&tx)?;
        let changed: BTreeSet<&String> = before
            .symmetric_difference(&after)
            .map(|(id, _, _)| id)
            .collect();
        for id in changed {
            touch(&tx, id)?;
        }
        tx.commit()?;
        Ok(())
    }
}
