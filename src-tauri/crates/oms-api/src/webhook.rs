//! Webhooks: subscriptions, the delivery envelope and its HMAC signature.
//!
//! A delivery is a *ping*: it names the object and its version, nothing more. The receiver fetches the object
//! (or runs its change-cursor pull) to learn what changed, so a lost, repeated or reordered ping is harmless.

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// The header carrying `sha256=<hex HMAC-SHA256 of the raw body>` keyed with the subscription's `secret_key`.
pub const SIGNATURE_HEADER: &str = "X-Storedesk-Signature";

/// Event types a subscription can name (`*` subscribes to all).
pub mod event_types {
    pub const PACKAGE_CREATED: &str = "package.created";
    pub const PACKAGE_STATUS_TRANSITIONED: &str = "package.status.transitioned";
    /// A change that did not move the state: hold, release, cancel request, quantities, labels.
    pub const PACKAGE_UPDATED: &str = "package.updated";
    pub const TRANSFER_CREATED: &str = "transfer.created";
    pub const TRANSFER_STATUS_TRANSITIONED: &str = "transfer.status.transitioned";
    pub const TRANSFER_UPDATED: &str = "transfer.updated";
    /// Subscribe to every event type.
    pub const ALL: &str = "*";

    /// Every concrete event type.
    pub const EVENT_TYPES: [&str; 6] = [
        PACKAGE_CREATED,
        PACKAGE_STATUS_TRANSITIONED,
        PACKAGE_UPDATED,
        TRANSFER_CREATED,
        TRANSFER_STATUS_TRANSITIONED,
        TRANSFER_UPDATED,
    ];
}

/// `POST /whisperer/hooks/` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookSubscriptionRequest {
    /// One of [`event_types`], or `*`.
    pub event_type: String,
    /// Where deliveries are POSTed.
    pub target_url: String,
    /// Key of the delivery signature; without one, deliveries are not signed.
    #[serde(default)]
    pub secret_key: Option<String>,
}

/// A subscription as the OMS stores it (the secret is never returned).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookSubscription {
    pub id: i64,
    pub event_type: String,
    pub target_url: String,
    pub created_date: DateTime<Utc>,
}

/// A delivery: `{"event": {"type", "uuid"}, "payload": {id, number, version, change_seq}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookEnvelope {
    pub event: WebhookEvent,
    pub payload: WebhookPayload,
}

/// What happened. `uuid` identifies the event: a redelivery carries the same one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookEvent {
    #[serde(rename = "type")]
    pub event_type: String,
    pub uuid: String,
}

/// Which object changed, and its version and change sequence after the change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookPayload {
    pub id: i64,
    pub number: String,
    pub version: i64,
    pub change_seq: i64,
}

type HmacSha256 = Hmac<Sha256>;

/// The signature header value for `body`: `sha256=<lower-case hex>`.
pub fn webhook_signature(secret_key: &str, body: &[u8]) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = match HmacSha256::new_from_slice(secret_key.as_bytes()) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC takes keys of any length"),
    };
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// Whether `header` (the [`SIGNATURE_HEADER`] value) is the signature of `body` with `secret_key`. Compares in
/// constant time.
pub fn verify_webhook_signature(secret_key: &str, body: &[u8], header: &str) -> bool {
    let Some(hex_sig) = header.trim().strip_prefix("sha256=") else {
        return false;
    };
    let Ok(sig) = hex::decode(hex_sig) else {
        return false;
    };
    let Ok(mut mac) = HmacSha256::new_from_slice(secret_key.as_bytes()) else {
        return false;
    };
    mac.update(body);
    mac.verify_slice(&sig).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_verifies_and_detects_tampering() {
        let body = br#"{"event":{"type":"package.created","uuid":"u"},"payload":{"id":1,"number":"PKG-000001","version":1,"change_seq":1}}"#;
        let sig = webhook_signature("s3cret", body);
        assert!(sig.starts_with("sha256=") && sig.len() == 7 + 64);
        assert!(verify_webhook_signature("s3cret", body, &sig));
        assert!(!verify_webhook_signature("other", body, &sig));
        assert!(!verify_webhook_signature("s3cret", b"{}", &sig));
        assert!(!verify_webhook_signature("s3cret", body, "sha256=zz"));
        assert!(!verify_webhook_signature("s3cret", body, "md5=00"));
    }

    #[test]
    fn known_vector() {
        // RFC 4231 test case 2.
        let sig = webhook_signature("Jefe", b"what do ya want for nothing?");
        assert_eq!(
            sig,
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
