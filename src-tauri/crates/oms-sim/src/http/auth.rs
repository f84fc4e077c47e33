//! `Authorization: Token <token>`.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::AUTHORIZATION;
use storedesk_oms_api::ErrorCode;

use crate::error::ApiError;
use crate::state::Shared;

/// Passes the request on if it carries the simulator's token; `401 unauthenticated` otherwise.
pub async fn require_token(
    State(shared): State<Arc<Shared>>,
    request: Request,
) -> Result<Request, ApiError> {
    let given = request
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("token"))
        .map(|(_, token)| token.trim());
    match given {
        Some(token) if constant_time_eq(token.as_bytes(), shared.config.token.as_bytes()) => {
            Ok(request)
        }
        Some(_) => Err(ApiError::new(
            ErrorCode::Unauthenticated,
            "the API token is not valid",
        )),
        None => Err(ApiError::new(
            ErrorCode::Unauthenticated,
            "send the API token as 'Authorization: Token <token>'",
        )),
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
