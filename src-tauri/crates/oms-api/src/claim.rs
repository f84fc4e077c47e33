//! Claims (`docs/oms-api.md` §16): an advisory lease saying who works on a work order, so that two stations of a
//! store don't work the same one. Not a state change: no version bump, no `change_seq`, no webhook.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use storedesk_domain::{Actor, RemoteClaim};

/// Default lease of a claim when the request names none (2 hours).
pub const DEFAULT_CLAIM_TTL_SECS: u64 = 2 * 60 * 60;
/// Shortest lease a request may ask for.
pub const MIN_CLAIM_TTL_SECS: u64 = 1;
/// Longest lease a request may ask for (24 hours).
pub const MAX_CLAIM_TTL_SECS: u64 = 24 * 60 * 60;

/// The body of `PUT …/{id}/claim/`.
///
/// ```json
/// {"stock_location": "IST-01",
///  "actor": {"user_id": "u-7", "user_name": "Mehmet Kaya", "station": "Counter 2"},
///  "ttl_seconds": 7200}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimRequest {
    /// ERP code of the claiming store.
    pub stock_location: String,
    /// Who claims, on which station. The holder is identified by `user_id`.
    pub actor: Actor,
    /// How long the lease lasts, 1 … 86 400 s; the OMS's default (7 200 s) when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl_seconds: Option<u64>,
}

/// A claim as the OMS answers it (`PUT …/claim/`, `GET /claims/`, and inside a `claimed_by_other` problem).
///
/// ```json
/// {"work_order_id": 1042, "object_type": "package", "number": "PKG-001042", "stock_location": "IST-01",
///  "holder": {"user_id": "u-7", "user_name": "Mehmet Kaya", "station": "Counter 2"},
///  "claimed_at": "2026-05-02T10:11:12.345Z", "expires_at": "2026-05-02T12:11:12.345Z"}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimDto {
    pub work_order_id: i64,
    /// `package` or `transfer_order`.
    pub object_type: String,
    /// The work order's number.
    #[serde(default)]
    pub number: String,
    /// The store that holds the claim.
    pub stock_location: String,
    pub holder: Actor,
    /// When the holder first claimed it (a renewal keeps it).
    pub claimed_at: DateTime<Utc>,
    /// The lease ends then unless renewed.
    pub expires_at: DateTime<Utc>,
}

impl ClaimDto {
    /// The domain's view of the claim.
    pub fn to_domain(&self) -> RemoteClaim {
        RemoteClaim {
            work_order_id: self.work_order_id.to_string(),
            work_order_number: self.number.clone(),
            holder: self.holder.clone(),
            claimed_at: self.claimed_at,
            expires_at: self.expires_at,
        }
    }
}

/// `object_type` of packages.
pub const OBJECT_PACKAGE: &str = "package";
/// `object_type` of transfer orders.
pub const OBJECT_TRANSFER: &str = "transfer_order";

/// The answer of `GET /api/v1/oms/claims/`: every unexpired claim of the store, not paged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimList {
    pub count: u64,
    pub results: Vec<ClaimDto>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claim_reads_into_the_domain() {
        let dto: ClaimDto = serde_json::from_value(serde_json::json!({
            "work_order_id": 1042, "object_type": "package", "number": "PKG-001042", "stock_location": "IST-01",
            "holder": {"user_id": "u-7", "user_name": "Mehmet Kaya", "station": "Counter 2"},
            "claimed_at": "2026-05-02T10:11:12.345Z", "expires_at": "2026-05-02T12:11:12.345Z"
        }))
        .expect("a claim");
        let claim = dto.to_domain();
        assert_eq!(claim.work_order_id, "1042");
        assert_eq!(claim.holder.station, "Counter 2");
        let request: ClaimRequest = serde_json::from_value(serde_json::json!({
            "stock_location": "IST-01", "actor": {"user_id": "u", "user_name": "n", "station": "s"}
        }))
        .expect("ttl is optional");
        assert_eq!(request.ttl_seconds, None);
    }
}
