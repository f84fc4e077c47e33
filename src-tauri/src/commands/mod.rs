//! The command handlers: plain functions over [`AppState`](crate::state::AppState), one module per screen.
//!
//! Each is a thin call into the core crates plus the checks that belong to the app: who is signed in, what their
//! role allows (enforced here, in Rust, whatever the UI shows), and the shape of the arguments. Tauri's wrappers
//! in [`crate::ipc`] only move them off the UI thread, so everything here is tested without a window.

pub mod inbox;
pub mod labels;
pub mod manager;
pub mod order;
pub mod printing;
pub mod session;
pub mod settings;
pub mod sync;

use crate::error::{AppError, AppResult};

/// Longest id, code or reference accepted from the UI.
const MAX_ARG_LEN: usize = 200;

/// A required, trimmed text argument of reasonable length.
pub(crate) fn arg<'a>(value: &'a str, what: &str) -> AppResult<&'a str> {
    let v = value.trim();
    if v.is_empty() {
        return Err(AppError::invalid(format!("{what} is missing")));
    }
    if v.len() > MAX_ARG_LEN {
        return Err(AppError::invalid(format!(
            "{what} is too long ({} characters at most)",
            MAX_ARG_LEN
        )));
    }
    Ok(v)
}
