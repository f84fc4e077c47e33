//! Claims (`docs/oms-api.md` §16): advisory leases on work orders, per store. Kept apart from the work orders:
//! a claim never bumps a version, takes a `change_seq` or sends a webhook.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use storedesk_domain::{Actor, Feed, Status};
use storedesk_oms_api::ErrorCode;
use storedesk_oms_api::claim::{
    ClaimDto, ClaimRequest, DEFAULT_CLAIM_TTL_SECS, MAX_CLAIM_TTL_SECS, MIN_CLAIM_TTL_SECS,
    OBJECT_PACKAGE, OBJECT_TRANSFER,
};

use crate::db::Db;
use crate::error::ApiError;
use crate::object::Object;

/// One claim as the simulator keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimClaim {
    pub holder: Actor,
    pub claimed_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// Every claim, by work order id and claiming store.
pub type ClaimTable = BTreeMap<(i64, String), SimClaim>;

fn dto(object: &Object, store: &str, claim: &SimClaim) -> ClaimDto {
    ClaimDto {
        work_order_id: object.id(),
        object_type: match object.feed() {
            Feed::Packaging => OBJECT_PACKAGE,
            Feed::Transfers => OBJECT_TRANSFER,
        }
        .to_string(),
        number: object.number().to_string(),
        stock_location: store.to_string(),
        holder: claim.holder.clone(),
        claimed_at: claim.claimed_at,
        expires_at: claim.expires_at,
    }
}

/// The store's status of `object`, if the store sees it.
fn status_for(object: &Object, store: &str) -> Option<Status> {
    if !object.visible_to(store) {
        return None;
    }
    object.view(store).ok().map(|wo| wo.status)
}

impl Db {
    fn claim_target(
        &self,
        feed: Feed,
        id: &str,
        store: &str,
    ) -> Result<(Object, Status), ApiError> {
        let not_found = || {
            ApiError::not_found(format!(
                "no {} {id} for stock location {store:?}",
                match feed {
                    Feed::Packaging => "package",
                    Feed::Transfers => "transfer order",
                }
            ))
        };
        let object = self
            .get(id)
            .map(|r| r.object.clone())
            .filter(|o| o.feed() == feed)
            .ok_or_else(not_found)?;
        let status = status_for(&object, store).ok_or_else(not_found)?;
        Ok((object, status))
    }

    /// `PUT …/{id}/claim/`: take or renew a claim.
    pub fn claim(
        &mut self,
        feed: Feed,
        id: &str,
        request: &ClaimRequest,
        now: DateTime<Utc>,
    ) -> Result<ClaimDto, ApiError> {
        let store = request.stock_location.as_str();
        if store.trim().is_empty() || request.actor.user_id.trim().is_empty() {
            return Err(ApiError::bad_request(
                "a claim needs stock_location and actor.user_id",
            ));
        }
        let ttl = request.ttl_seconds.unwrap_or(DEFAULT_CLAIM_TTL_SECS);
        if !(MIN_CLAIM_TTL_SECS..=MAX_CLAIM_TTL_SECS).contains(&ttl) {
            let message = format!(
                "ttl_seconds must be {MIN_CLAIM_TTL_SECS} … {MAX_CLAIM_TTL_SECS}, not {ttl}"
            );
            return Err(
                ApiError::new(ErrorCode::ValidationFailed, message.clone()).with_field(
                    "ttl_seconds",
                    "quantity_out_of_range",
                    message,
                ),
            );
        }
        let (object, status) = self.claim_target(feed, id, store)?;
        if status.is_terminal() {
            let code = match status {
                Status::Reassigned => ErrorCode::Reassigned,
                Status::Cancelled => ErrorCode::WorkOrderCancelled,
                _ => ErrorCode::InvalidTransition,
            };
            let state = crate::db::current_state(&object);
            return Err(ApiError::new(
                code,
                format!(
                    "{} is {status}: there is nothing left to claim",
                    object.number()
                ),
            )
            .about(object.id(), state, object.version()));
        }
        let key = (object.id(), store.to_string());
        let expires_at = now + Duration::seconds(i64::try_from(ttl).unwrap_or(i64::MAX / 2));
        let claim = match self.claims.get(&key) {
            Some(existing) if existing.expires_at > now => {
                if existing.holder.user_id != request.actor.user_id {
                    return Err(claimed_by_other(&object, store, existing));
                }
                SimClaim {
                    holder: request.actor.clone(),
                    claimed_at: existing.claimed_at,
                    expires_at,
                }
            }
            _ => SimClaim {
                holder: request.actor.clone(),
                claimed_at: now,
                expires_at,
            },
        };
        let answer = dto(&object, store, &claim);
        self.claims.insert(key, claim);
        Ok(answer)
    }

    /// `DELETE …/{id}/claim/`: release a claim (one's own, or anyone's with `force`).
    pub fn release_claim(
        &mut self,
        feed: Feed,
        id: &str,
        store: &str,
        user_id: &str,
        force: bool,
        now: DateTime<Utc>,
    ) -> Result<bool, ApiError> {
        let (object, _) = self.claim_target(feed, id, store)?;
        let key = (object.id(), store.to_string());
        match self.claims.get(&key) {
            Some(existing) if existing.expires_at > now => {
                if existing.holder.user_id != user_id && !force {
                    return Err(claimed_by_other(&object, store, existing));
                }
                self.claims.remove(&key);
                Ok(true)
            }
            Some(_) => {
                self.claims.remove(&key);
                Ok(false)
            }
            None => Ok(false),
        }
    }

    /// `GET /claims/`: the store's unexpired claims on its open work orders, by work order id.
    pub fn claims_of(&mut self, store: &str, now: DateTime<Utc>) -> Vec<ClaimDto> {
        self.drop_stale_claims(now);
        self.claims
            .iter()
            .filter(|((_, s), _)| s == store)
            .filter_map(|((id, s), claim)| {
                let object = &self.get(&id.to_string())?.object;
                Some(dto(object, s, claim))
            })
            .collect()
    }

    /// Forgets expired claims and claims on work orders that are terminal (or invisible) for their store.
    pub fn drop_stale_claims(&mut self, now: DateTime<Utc>) {
        let stale: Vec<(i64, String)> = self
            .claims
            .iter()
            .filter(|((id, store), claim)| {
                claim.expires_at <= now
                    || self
                        .get(&id.to_string())
                        .and_then(|r| status_for(&r.object, store))
                        .is_none_or(Status::is_terminal)
            })
            .map(|(k, _)| k.clone())
            .collect();
        for key in stale {
            self.claims.remove(&key);
        }
    }
}

fn claimed_by_other(object: &Object, store: &str, existing: &SimClaim) -> ApiError {
    let mut error = ApiError::new(
        ErrorCode::ClaimedByOther,
        format!(
            "{} at {} is working on {} (claimed until {})",
            existing.holder.user_name,
            existing.holder.station,
            object.number(),
            existing.expires_at.to_rfc3339()
        ),
    );
    error.problem.work_order_id = Some(object.id());
    error.problem.claim = Some(Box::new(dto(object, store, existing)));
    error
}
