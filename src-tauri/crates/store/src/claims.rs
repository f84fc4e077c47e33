//! Claims: "I am working on this order", so that two people at the station don't pick the same order.
//!
//! A claim is local to this station's database: the OMS contract has no claim endpoint, so other stations do not
//! see it. Claims are advisory (recorded actions are not refused because of one); taking or releasing one is
//! audited.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use serde_json::json;
use storedesk_domain::Actor;

use crate::Store;
use crate::audit;
use crate::codec::{parse_ts, ts};
use crate::error::StoreError;

/// Audit `action` of taking a claim.
pub const ACTION_CLAIM: &str = "claim";
/// Audit `action` of releasing a claim.
pub const ACTION_RELEASE: &str = "release";

/// Who is working on an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub work_order_id: String,
    pub user_id: String,
    pub user_name: String,
    pub station: String,
    pub claimed_at: DateTime<Utc>,
}

fn load(conn: &rusqlite::Connection, work_order_id: &str) -> Result<Option<Claim>, StoreError> {
    let row: Option<(String, String, String, String)> = conn
        .prepare_cached(
            "SELECT user_id, user_name, station, claimed_at FROM claims WHERE work_order_id = ?1",
        )?
        .query_row([work_order_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    row.map(|(user_id, user_name, station, at)| {
        Ok(Claim {
            work_order_id: work_order_id.to_string(),
            user_id,
            user_name,
            station,
            claimed_at: parse_ts(&at)?,
        })
    })
    .transpose()
}

impl Store {
    /// The claim on a work order, if any.
    pub fn claim_of(&self, work_order_id: &str) -> Result<Option<Claim>, StoreError> {
        load(&self.conn, work_order_id)
    }

    /// `actor` starts working on the order. Claiming again an order one already holds keeps the first claim;
    /// an order held by someone else is refused with [`StoreError::ClaimedByOther`].
    pub fn claim(
        &mut self,
        work_order_id: &str,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> Result<Claim, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let exists: bool = tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM work_orders WHERE id = ?1)")?
            .query_row([work_order_id], |r| r.get(0))?;
        if !exists {
            return Err(StoreError::NotFound {
                work_order_id: work_order_id.to_string(),
            });
        }
        if let Some(existing) = load(&tx, work_order_id)? {
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
            "INSERT INTO claims (work_order_id, user_id, user_name, station, claimed_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            work_order_id,
            actor.user_id,
            actor.user_name,
            actor.station,
            ts(at)
        ])?;
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
        })
    }

    /// Release the claim on an order. Only its holder may release it, unless `override_other` (a manager).
    /// Releasing an order nobody holds does nothing. Returns whether a claim was released.
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
        let Some(existing) = load(&tx, work_order_id)? else {
            return Ok(false);
        };
        if existing.user_id != actor.user_id && !override_other {
            return Err(StoreError::ClaimedByOther {
                work_order_id: work_order_id.to_string(),
                by: existing.user_name,
                station: existing.station,
            });
        }
        tx.prepare_cached("DELETE FROM claims WHERE work_order_id = ?1")?
            .execute([work_order_id])?;
        audit::append(
            &tx,
            at,
            actor,
            Some(work_order_id),
            ACTION_RELEASE,
            &json!({ "held_by": existing.user_name, "held_since": ts(existing.claimed_at) }),
        )?;
        tx.commit()?;
        Ok(true)
    }
}
