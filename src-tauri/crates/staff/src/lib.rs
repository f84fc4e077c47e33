//! Storedesk staff and sign-in, for the shared PC at a store counter.
//!
//! - People pick their name and enter a PIN of 4 to 8 digits. PINs are hashed with Argon2id ([`PinHasher`]);
//!   only the PHC hash string is stored, and neither the PIN nor the hash ever leaves this crate (no type here
//!   exposes a hash, and PINs are never logged: [`Pin`]'s `Debug` is masked).
//! - Wrong PINs are throttled by [`LockoutPolicy`]: a few free tries, then a growing wait (30 s, 60 s, 120 s, …,
//!   capped at 15 minutes) during which no attempt is even checked. A correct PIN resets the count.
//! - Two roles, [`Role::Staff`] and [`Role::Manager`]. Only a manager adds people or resets a PIN; the check is
//!   made here, against the database, not trusted from the caller.
//! - First run: [`Staff::bootstrap`] creates the first manager while nobody exists yet ([`Staff::seed`] creates
//!   several, for demo data).
//! - Sign-ins, failures, lockouts, additions and resets go into the store's append-only audit log.
//!
//! The `staff` table is created by `storedesk-store`'s migrations; this crate works on the connection borrowed
//! from the [`storedesk_store::Store`] ([`storedesk_store::Store::connection_mut`]). Time is passed in by the
//! caller (`now`), so lockout timing is testable without waiting.

mod directory;
mod error;
mod lockout;
mod pin;
mod precheck;
mod role;

pub use directory::{CheckedPin, NewStaff, SignInAttempt, Staff, StaffMember};
pub use error::StaffError;
pub use lockout::LockoutPolicy;
pub use pin::{Pin, PinHasher};
pub use role::Role;

/// Audit actions written by this crate.
pub mod audit_actions {
    pub const SIGN_IN: &str = "sign_in";
    pub const SIGN_IN_FAILED: &str = "sign_in_failed";
    pub const STAFF_ADDED: &str = "staff_added";
    pub const PIN_RESET: &str = "pin_reset";
    pub const BOOTSTRAP: &str = "staff_bootstrap";
}
