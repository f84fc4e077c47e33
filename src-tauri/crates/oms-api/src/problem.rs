//! Error bodies (`application/problem+json`, RFC 9457) and the contract's stable error codes.

use serde::{Deserialize, Serialize};
use storedesk_domain::ConflictKind;

use crate::claim::ClaimDto;
use crate::state::StateDto;

/// The media type of every error body.
pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

/// An error body.
///
/// ```json
/// {"type": "urn:storedesk:problem:invalid_transition", "title": "Command not allowed in the current state",
///  "status": 409, "code": "invalid_transition", "detail": "pack is not possible while the order is picking",
///  "work_order_id": 1042, "current_state": {"enum_value": 200, "name": "preparing"}, "current_version": 7}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// `urn:storedesk:problem:<code>`.
    #[serde(rename = "type", default)]
    pub problem_type: String,
    /// Short summary of the code (the same for every occurrence).
    #[serde(default)]
    pub title: String,
    /// The HTTP status, repeated.
    pub status: u16,
    /// Stable machine-readable code; see [`ErrorCode`].
    pub code: String,
    /// What went wrong this time, readable by a person.
    #[serde(default)]
    pub detail: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_order_id: Option<i64>,
    /// The work order's state when the command was refused (409 family).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_state: Option<StateDto>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_version: Option<i64>,
    /// Per-field problems (422 family).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldErrorDto>,
    /// `claimed_by_other`: the claim that stands in the way (its holder and station).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim: Option<Box<ClaimDto>>,
}

/// One field's problem in a 422 answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrorDto {
    /// The request field, e.g. `line_id`, `parcels[0].weight_g`; empty when the problem is the whole request.
    pub field: String,
    /// A finer-grained code, e.g. `quantity_out_of_range`.
    pub code: String,
    pub message: String,
}

impl Problem {
    /// A problem with `code`'s status, type and title.
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Problem {
        Problem {
            problem_type: code.type_uri(),
            title: code.title().to_string(),
            status: code.http_status(),
            code: code.as_str().to_string(),
            detail: detail.into(),
            work_order_id: None,
            current_state: None,
            current_version: None,
            errors: Vec::new(),
            claim: None,
        }
    }

    /// The same problem with another HTTP status (e.g. 503 rather than 500 for `server_error`).
    pub fn with_status(mut self, status: u16) -> Problem {
        self.status = status;
        self
    }

    /// The contract code, if this client knows it.
    pub fn error_code(&self) -> Option<ErrorCode> {
        ErrorCode::parse(&self.code)
    }

    /// The domain conflict this problem reports, for the 409 codes about the work order's state.
    pub fn conflict_kind(&self) -> Option<ConflictKind> {
        ConflictKind::from_code(&self.code)
    }
}

/// Every error code of the contract, with its HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// 400: the request cannot be read (not JSON, a required field missing, a bad query parameter).
    BadRequest,
    /// 400: the command slug is not one of the contract's.
    UnknownCommand,
    /// 400: a command request without `Idempotency-Key`.
    IdempotencyKeyMissing,
    /// 400: `Idempotency-Key` is not a UUID.
    IdempotencyKeyInvalid,
    /// 401: no token, or a wrong one.
    Unauthenticated,
    /// 404: no such object, or not visible to this store.
    NotFound,
    /// 404: the parcel has no label in that format.
    LabelNotAvailable,
    /// 409: the same key is still being processed.
    IdempotencyInFlight,
    /// 409: the work order moved to another location.
    Reassigned,
    /// 409: the work order was cancelled.
    WorkOrderCancelled,
    /// 409: the work order is on hold.
    OnHold,
    /// 409: a cancellation is pending; only `acknowledge_cancel` is accepted.
    CancelRequested,
    /// 409: `If-Match` names an older version.
    VersionConflict,
    /// 409: the state does not allow the command.
    InvalidTransition,
    /// 409: someone else holds an unexpired claim on the work order (§16); `claim` names them.
    ClaimedByOther,
    /// 422: the key was used before with a different request.
    IdempotencyKeyReused,
    /// 422: the command's parameters are invalid (see `errors`).
    ValidationFailed,
    /// 422: the pickup code does not match.
    WrongPickupCode,
    /// 422: a cited reason code is unknown or inactive.
    UnknownReason,
    /// 429: too many requests; wait `Retry-After` seconds.
    RateLimited,
    /// 500 or 503: the OMS failed; nothing was changed. Retry with the same key.
    ServerError,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 21] = [
        ErrorCode::BadRequest,
        ErrorCode::UnknownCommand,
        ErrorCode::IdempotencyKeyMissing,
        ErrorCode::IdempotencyKeyInvalid,
        ErrorCode::Unauthenticated,
        ErrorCode::NotFound,
        ErrorCode::LabelNotAvailable,
        ErrorCode::IdempotencyInFlight,
        ErrorCode::Reassigned,
        ErrorCode::WorkOrderCancelled,
        ErrorCode::OnHold,
        ErrorCode::CancelRequested,
        ErrorCode::VersionConflict,
        ErrorCode::InvalidTransition,
        ErrorCode::ClaimedByOther,
        ErrorCode::IdempotencyKeyReused,
        ErrorCode::ValidationFailed,
        ErrorCode::WrongPickupCode,
        ErrorCode::UnknownReason,
        ErrorCode::RateLimited,
        ErrorCode::ServerError,
    ];

    /// The wire code.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::BadRequest => "bad_request",
            ErrorCode::UnknownCommand => "unknown_command",
            ErrorCode::IdempotencyKeyMissing => "idempotency_key_missing",
            ErrorCode::IdempotencyKeyInvalid => "idempotency_key_invalid",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::NotFound => "not_found",
            ErrorCode::LabelNotAvailable => "label_not_available",
            ErrorCode::IdempotencyInFlight => "idempotency_in_flight",
            ErrorCode::Reassigned => "reassigned",
            ErrorCode::WorkOrderCancelled => "work_order_cancelled",
            ErrorCode::OnHold => "on_hold",
            ErrorCode::CancelRequested => "cancel_requested",
            ErrorCode::VersionConflict => "version_conflict",
            ErrorCode::InvalidTransition => "invalid_transition",
            ErrorCode::ClaimedByOther => "claimed_by_other",
            ErrorCode::IdempotencyKeyReused => "idempotency_key_reused",
            ErrorCode::ValidationFailed => "validation_failed",
            ErrorCode::WrongPickupCode => "wrong_pickup_code",
            ErrorCode::UnknownReason => "unknown_reason",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::ServerError => "server_error",
        }
    }

    pub fn parse(code: &str) -> Option<ErrorCode> {
        Self::ALL.into_iter().find(|c| c.as_str() == code)
    }

    /// The HTTP status answered with this code (`server_error` may also come as 502, 503 or 504).
    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::BadRequest
            | ErrorCode::UnknownCommand
            | ErrorCode::IdempotencyKeyMissing
            | ErrorCode::IdempotencyKeyInvalid => 400,
            ErrorCode::Unauthenticated => 401,
            ErrorCode::NotFound | ErrorCode::LabelNotAvailable => 404,
            ErrorCode::IdempotencyInFlight
            | ErrorCode::Reassigned
            | ErrorCode::WorkOrderCancelled
            | ErrorCode::OnHold
            | ErrorCode::CancelRequested
            | ErrorCode::VersionConflict
            | ErrorCode::InvalidTransition
            | ErrorCode::ClaimedByOther => 409,
            ErrorCode::IdempotencyKeyReused
            | ErrorCode::ValidationFailed
            | ErrorCode::WrongPickupCode
            | ErrorCode::UnknownReason => 422,
            ErrorCode::RateLimited => 429,
            ErrorCode::ServerError => 500,
        }
    }

    /// The problem `title`.
    pub fn title(self) -> &'static str {
        match self {
            ErrorCode::BadRequest => "The request cannot be read",
            ErrorCode::UnknownCommand => "Unknown command",
            ErrorCode::IdempotencyKeyMissing => "Idempotency-Key header required",
            ErrorCode::IdempotencyKeyInvalid => "Idempotency-Key must be a UUID",
            ErrorCode::Unauthenticated => "Missing or invalid API token",
            ErrorCode::NotFound => "Not found",
            ErrorCode::LabelNotAvailable => "Label not available",
            ErrorCode::IdempotencyInFlight => "A request with this Idempotency-Key is in progress",
            ErrorCode::Reassigned => "Work order reassigned to another location",
            ErrorCode::WorkOrderCancelled => "Work order cancelled",
            ErrorCode::OnHold => "Work order on hold",
            ErrorCode::CancelRequested => "Cancellation requested",
            ErrorCode::VersionConflict => "Work order changed since the given version",
            ErrorCode::InvalidTransition => "Command not allowed in the current state",
            ErrorCode::ClaimedByOther => "Someone else is working on this work order",
            ErrorCode::IdempotencyKeyReused => "Idempotency-Key reused with a different request",
            ErrorCode::ValidationFailed => "Invalid command parameters",
            ErrorCode::WrongPickupCode => "Wrong pickup code",
            ErrorCode::UnknownReason => "Unknown reason code",
            ErrorCode::RateLimited => "Too many requests",
            ErrorCode::ServerError => "OMS error",
        }
    }

    /// `urn:storedesk:problem:<code>`.
    pub fn type_uri(self) -> String {
        format!("urn:storedesk:problem:{}", self.as_str())
    }

    /// Whether an answer with this code is stored under the request's `Idempotency-Key` and replayed to every
    /// retry (success and 422 validation outcomes are; conflicts, transient and request-level errors are not).
    pub fn stored_under_idempotency_key(self) -> bool {
        self.http_status() == 422 && self != ErrorCode::IdempotencyKeyReused
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_conflicts_match_the_domain() {
        for code in ErrorCode::ALL {
            assert_eq!(ErrorCode::parse(code.as_str()), Some(code));
            let problem = Problem::new(code, "x");
            let is_state_conflict = problem.conflict_kind().is_some();
            assert_eq!(
                is_state_conflict,
                code.http_status() == 409
                    && code != ErrorCode::IdempotencyInFlight
                    && code != ErrorCode::ClaimedByOther,
                "{code}"
            );
        }
    }
}
