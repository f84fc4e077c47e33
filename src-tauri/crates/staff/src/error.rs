//! Errors of staff and sign-in, each with a stable [`StaffError::code`].

use chrono::{DateTime, Utc};
use storedesk_store::StoreError;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum StaffError {
    /// No active person has this id.
    #[error("this person is not on the staff list of this station: pick your name again")]
    UnknownStaff { staff_id: String },

    /// The PIN does not match.
    #[error("wrong PIN: {} left before a wait", tries(*tries_left))]
    WrongPin { tries_left: u32 },

    /// Too many wrong PINs: attempts are not checked until `until`.
    #[error(
        "too many wrong PINs: wait {} and try again, or ask a manager to reset your PIN",
        wait(*wait_secs)
    )]
    LockedOut {
        until: DateTime<Utc>,
        wait_secs: i64,
    },

    /// The person signed in may not do this.
    #[error("only a manager can {action}")]
    Forbidden { action: &'static str },

    /// A new PIN has the wrong shape.
    #[error("a PIN is 4 to 8 digits")]
    InvalidPin,

    #[error("the name {reason}")]
    InvalidName { reason: &'static str },

    #[error("{name:?} is already on the staff list: choose another name (e.g. add an initial)")]
    DuplicateName { name: String },

    /// First-run set-up is only possible while nobody is on the staff list.
    #[error("this station is already set up: a manager adds people")]
    AlreadySetUp,

    /// Hashing failed or a stored hash is unreadable.
    #[error("the PIN could not be checked ({0}); contact support")]
    Hash(String),

    #[error(transparent)]
    Store(#[from] StoreError),
}

fn tries(n: u32) -> String {
    match n {
        1 => "1 more try".to_string(),
        n => format!("{n} more tries"),
    }
}

fn wait(secs: i64) -> String {
    if secs >= 90 {
        format!("{} minutes", (secs + 59) / 60)
    } else {
        format!("{secs} seconds")
    }
}

impl From<rusqlite::Error> for StaffError {
    fn from(e: rusqlite::Error) -> Self {
        StaffError::Store(StoreError::Sqlite(e))
    }
}

impl StaffError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            StaffError::UnknownStaff { .. } => "unknown_staff",
            StaffError::WrongPin { .. } => "wrong_pin",
            StaffError::LockedOut { .. } => "locked_out",
            StaffError::Forbidden { .. } => "forbidden",
            StaffError::InvalidPin => "invalid_pin",
            StaffError::InvalidName { .. } => "invalid_name",
            StaffError::DuplicateName { .. } => "duplicate_name",
            StaffError::AlreadySetUp => "already_set_up",
            StaffError::Hash(_) => "internal",
            StaffError::Store(e) => e.code(),
        }
    }
}
