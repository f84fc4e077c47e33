//! Fault injection on the store-facing API (`docs/oms-api.md` §15).
//!
//! Aborting a connection uses the [`ConnectionControl`] the server puts into every request: the connection task
//! drops the connection, so the socket closes with no answer written, and the handler's future is dropped.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use storedesk_oms_api::ErrorCode;
use tokio::sync::Notify;

use crate::config::Faults;
use crate::error::ApiError;
use crate::lock;
use crate::state::Shared;

/// Lets a request's handler close its own connection without answering.
#[derive(Debug, Clone, Default)]
pub struct ConnectionControl {
    abort: Arc<Notify>,
}

impl ConnectionControl {
    /// Asks the connection task to drop the connection.
    pub fn abort(&self) {
        self.abort.notify_one();
    }

    /// Resolves once [`ConnectionControl::abort`] has been called.
    pub async fn aborted(&self) {
        self.abort.notified().await;
    }
}

/// The faults drawn for one request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Draw {
    pub timeout: bool,
    pub close: bool,
    pub error: bool,
    pub rate_limit: bool,
    pub drop_after_apply: bool,
}

/// Draws every fault for one request, always consuming the same number of random values so that a seed gives the
/// same sequence of faults whatever the rates.
pub fn draw(rng: &mut ChaCha8Rng, faults: &Faults) -> Draw {
    let mut hit = |rate: f64| rng.random::<f64>() < rate;
    Draw {
        timeout: hit(faults.timeout_rate),
        close: hit(faults.close_rate),
        error: hit(faults.error_rate),
        rate_limit: hit(faults.rate_limit_rate),
        drop_after_apply: hit(faults.drop_after_apply_rate),
    }
}

/// Whether a request is a command (its latency is added inside processing, see the command handler).
pub fn is_command(request: &Request) -> bool {
    request.method() == Method::POST && request.uri().path().ends_with("/command/")
}

/// The middleware.
pub async fn inject(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let faults = shared.faults();
    let drawn = {
        let mut rng = lock(&shared.fault_rng);
        draw(&mut rng, &faults)
    };
    let control = request.extensions().get::<ConnectionControl>().cloned();
    if faults.latency_ms > 0 && !is_command(&request) {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }
    if drawn.timeout {
        tokio::time::sleep(Duration::from_millis(faults.timeout_ms)).await;
        return abort(control, "timeout").await;
    }
    if drawn.close {
        return abort(control, "close").await;
    }
    if drawn.error {
        tracing::info!(path = %request.uri().path(), "fault: 503");
        return ApiError::new(
            ErrorCode::ServerError,
            "injected fault: the OMS is unavailable",
        )
        .with_status(503)
        .into_response();
    }
    if drawn.rate_limit {
        tracing::info!(path = %request.uri().path(), "fault: 429");
        return ApiError::new(ErrorCode::RateLimited, "injected fault: too many requests")
            .with_retry_after(faults.retry_after_secs)
            .into_response();
    }
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    if drawn.drop_after_apply {
        tracing::info!(%path, status = %response.status(), "fault: answer dropped after processing");
        return abort(control, "drop after apply").await;
    }
    response
}

/// Closes the connection without an answer. Without a [`ConnectionControl`] (the router used outside the
/// simulator's server) answers 503 instead.
async fn abort(control: Option<ConnectionControl>, fault: &str) -> Response {
    match control {
        Some(control) => {
            tracing::info!(fault, "fault: closing the connection without an answer");
            control.abort();
            // The connection task drops this future together with the connection.
            std::future::pending::<Response>().await
        }
        None => ApiError::new(ErrorCode::ServerError, format!("injected fault: {fault}"))
            .with_status(503)
            .into_response(),
    }
}
