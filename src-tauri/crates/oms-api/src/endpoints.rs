//! Paths, query parameters and headers of the contract, so that client and server spell them the same way.

use storedesk_domain::{Feed, LabelFormat};

/// Prefix of every store-facing OMS path.
pub const BASE_PATH: &str = "/api/v1/oms";
/// `GET`: the reason catalogue.
pub const REASONS_PATH: &str = "/api/v1/oms/packages/package_denial_reason/";
/// `POST`: subscribe to webhooks; `DELETE {HOOKS_PATH}{id}/`: unsubscribe.
pub const HOOKS_PATH: &str = "/whisperer/hooks/";

/// `GET`: the store's active claims (§16).
pub const CLAIMS_PATH: &str = "/api/v1/oms/claims/";

/// Largest response body a client reads (16 MiB), checked before parsing.
pub const MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;
/// Default page size of lists.
pub const DEFAULT_PAGE_SIZE: u32 = 100;
/// Largest page size a server honours; larger requests are clamped.
pub const MAX_PAGE_SIZE: u32 = 500;

/// Header names.
pub mod headers {
    /// `Authorization: Token <token>`.
    pub const AUTHORIZATION: &str = "Authorization";
    /// The scheme word of [`AUTHORIZATION`].
    pub const TOKEN_SCHEME: &str = "Token";
    /// A UUID, required on every command request; the client's command id.
    pub const IDEMPOTENCY_KEY: &str = "Idempotency-Key";
    /// `true` on an answer replayed from the idempotency record.
    pub const IDEMPOTENT_REPLAYED: &str = "Idempotent-Replayed";
    /// `"<version>"`: apply the command only if the work order is still at that version.
    pub const IF_MATCH: &str = "If-Match";
    /// `"<version>"` of the object in the body.
    pub const ETAG: &str = "ETag";
    /// Seconds to wait (429, and 409 `idempotency_in_flight`).
    pub const RETRY_AFTER: &str = "Retry-After";
}

/// Query parameter names of the lists.
pub mod query {
    /// The viewer store's ERP code (required on lists; selects the viewer of transfers and commands).
    pub const STOCK_LOCATION: &str = "stock_location__erp_code";
    /// The change cursor: only objects whose `change_seq` is greater.
    pub const CHANGE_SEQ_GT: &str = "change_seq__gt";
    /// Only objects modified at or after this RFC 3339 instant.
    pub const MODIFIED_DATE_GTE: &str = "modified_date__gte";
    /// Only objects in this state (`enum_value`).
    pub const STATE: &str = "state__enum_value";
    pub const PAGE_SIZE: &str = "page_size";
    /// Label download format, `pdf` or `zpl`.
    pub const FORMAT: &str = "format";
    /// `DELETE …/claim/`: the user releasing the claim.
    pub const USER_ID: &str = "user_id";
    /// `DELETE …/claim/`: `true` releases someone else's claim (a manager).
    pub const FORCE: &str = "force";
}

/// Media types.
pub mod media {
    pub const JSON: &str = "application/json";
    pub const PROBLEM: &str = crate::problem::PROBLEM_CONTENT_TYPE;
    pub const PDF: &str = "application/pdf";
    pub const ZPL: &str = "application/x-zpl";
}

/// The list path of a feed: `/api/v1/oms/packages/` or `/api/v1/oms/transfer_orders/`.
pub fn list_path(feed: Feed) -> &'static str {
    match feed {
        Feed::Packaging => "/api/v1/oms/packages/",
        Feed::Transfers => "/api/v1/oms/transfer_orders/",
    }
}

/// The path of one object, `…/{id}/`.
pub fn object_path(feed: Feed, id: &str) -> String {
    format!("{}{}/", list_path(feed), encode_segment(id))
}

/// The command path of one object, `…/{id}/command/`.
pub fn command_path(feed: Feed, id: &str) -> String {
    format!("{}command/", object_path(feed, id))
}

/// The claim path of one object, `…/{id}/claim/` (§16).
pub fn claim_path(feed: Feed, id: &str) -> String {
    format!("{}claim/", object_path(feed, id))
}

/// The label path of a parcel, `/api/v1/oms/packages/{id}/parcels/{parcel_ref}/label/?format=…`.
pub fn label_path(package_id: &str, parcel_ref: &str, format: LabelFormat) -> String {
    format!(
        "{}parcels/{}/label/?{}={}",
        object_path(Feed::Packaging, package_id),
        encode_segment(parcel_ref),
        query::FORMAT,
        format.as_str()
    )
}

/// The media type of a label format.
pub fn label_media_type(format: LabelFormat) -> &'static str {
    match format {
        LabelFormat::Pdf => media::PDF,
        LabelFormat::Zpl => media::ZPL,
    }
}

/// Percent-encodes a path segment (everything but RFC 3986 unreserved characters).
pub fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(
            object_path(Feed::Packaging, "12"),
            "/api/v1/oms/packages/12/"
        );
        assert_eq!(
            command_path(Feed::Transfers, "7"),
            "/api/v1/oms/transfer_orders/7/command/"
        );
        assert_eq!(
            claim_path(Feed::Packaging, "12"),
            "/api/v1/oms/packages/12/claim/"
        );
        assert_eq!(
            label_path("12", "box A", LabelFormat::Zpl),
            "/api/v1/oms/packages/12/parcels/box%20A/label/?format=zpl"
        );
    }
}
