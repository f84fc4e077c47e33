//! The one error type of the IPC layer: every failed command reaches the UI as `{code, message}`.
//!
//! `code` is stable and machine-readable (the UI switches on it: `wrong_pin`, `locked_out`, `wrong_item`, …);
//! `message` is written for the person at the counter and is shown as it is. The core crates' typed errors keep
//! their own codes and messages; the app adds a few of its own ([`AppError::not_signed_in`], …).

use serde::Serialize;
use storedesk_domain::{ConnectorError, DomainError, ScanError};
use storedesk_staff::StaffError;
use storedesk_store::StoreError;
use storedesk_sync::SyncError;
use ts_rs::TS;

/// A failed command, as the UI receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[ts(rename = "IpcErrorPayload")]
#[error("{message} ({code})")]
pub struct AppError {
    pub code: String,
    pub message: String,
}

impl AppError {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> AppError {
        AppError {
            code: code.into(),
            message: message.into(),
        }
    }

    /// Every command but a handful needs someone signed in.
    pub fn not_signed_in() -> AppError {
        AppError::new(
            "not_signed_in",
            "sign in first: pick your name and enter your PIN",
        )
    }

    /// The session ended because nobody used the station for the configured time.
    pub fn session_expired() -> AppError {
        AppError::new(
            "session_expired",
            "you were signed out because the station was idle: sign in again",
        )
    }

    /// The signed-in person's role does not allow this.
    pub fn forbidden(what: &str) -> AppError {
        AppError::new("forbidden", format!("only a manager can {what}"))
    }

    /// An argument is missing or malformed.
    pub fn invalid(message: impl Into<String>) -> AppError {
        AppError::new("invalid_argument", message)
    }

    /// No OMS is configured (and the station is not in demo mode).
    pub fn not_configured() -> AppError {
        AppError::new(
            "not_configured",
            "no OMS is set up yet: a manager enters the OMS URL, store code and API token in Settings",
        )
    }

    /// Printing is not possible on this PC.
    pub fn printer_unavailable(detail: impl std::fmt::Display) -> AppError {
        AppError::new(
            "printer_unavailable",
            format!("the label could not be printed: {detail}"),
        )
    }

    /// Something that should not happen; details are in the log.
    pub fn internal(detail: impl std::fmt::Display) -> AppError {
        tracing::error!(%detail, "internal error");
        AppError::new(
            "internal",
            "something went wrong inside Storedesk; the details are in the log. Try again, or restart Storedesk",
        )
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        if matches!(
            e,
            StoreError::Sqlite(_) | StoreError::Json(_) | StoreError::Corrupt { .. }
        ) {
            tracing::error!(error = %e, code = e.code(), "store error");
        }
        AppError::new(e.code(), e.to_string())
    }
}

impl From<DomainError> for AppError {
    fn from(e: DomainError) -> Self {
        AppError::new(e.code(), e.to_string())
    }
}

impl From<ScanError> for AppError {
    fn from(e: ScanError) -> Self {
        AppError::new(e.code(), e.to_string())
    }
}

impl From<ConnectorError> for AppError {
    fn from(e: ConnectorError) -> Self {
        AppError::new(e.code(), e.to_string())
    }
}

impl From<SyncError> for AppError {
    fn from(e: SyncError) -> Self {
        match e {
            SyncError::Store(e) => e.into(),
            SyncError::Connector(e) => e.into(),
            SyncError::Task(detail) => AppError::internal(detail),
        }
    }
}

impl From<StaffError> for AppError {
    fn from(e: StaffError) -> Self {
        match e {
            StaffError::Store(e) => e.into(),
            StaffError::Hash(detail) => AppError::internal(detail),
            e => AppError::new(e.code(), e.to_string()),
        }
    }
}

impl From<tauri::Error> for AppError {
    fn from(e: tauri::Error) -> Self {
        AppError::internal(e)
    }
}

/// The result of every command.
pub type AppResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_code_and_message_only() {
        let e: AppError = StaffError::WrongPin { tries_left: 2 }.into();
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"code": "wrong_pin", "message": "wrong PIN: 2 more tries left before a wait"})
        );
        let e: AppError = ScanError::NotAProduct { input: "X".into() }.into();
        assert_eq!(e.code, "not_a_product");
        let e: AppError = StoreError::NotFound {
            work_order_id: "wo-1".into(),
        }
        .into();
        assert_eq!(e.code, "work_order_not_found");
    }
}
