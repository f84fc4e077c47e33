//! Optional webhook receiver for the contract's webhooks: the OMS pushes, the store still pulls the snapshot ("ping, then pull").
//!
//! Deliveries are verified with HMAC-SHA256 over the raw body (`X-Storedesk-Signature: sha256=<hex>`), answered
//! at once, de-duplicated by event uuid, and only ever trigger a pull: nothing in a webhook body is trusted as data.

use std::collections::{HashSet, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use storedesk_oms_api::webhook::{SIGNATURE_HEADER, verify_webhook_signature};

const MAX_BODY: usize = 64 * 1024;
const REMEMBERED_EVENTS: usize = 4096;

#[derive(Clone)]
struct ReceiverState {
    secret: Arc<String>,
    seen: Arc<Mutex<(HashSet<String>, VecDeque<String>)>>,
    on_event: Arc<dyn Fn() + Send + Sync>,
}

/// A running receiver.
pub struct WebhookReceiver {
    pub addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl WebhookReceiver {
    /// Listen on `addr` (port 0 picks one) and call `on_event` for every new, correctly signed event.
    pub async fn start(
        addr: SocketAddr,
        secret: String,
        on_event: impl Fn() + Send + Sync + 'static,
    ) -> std::io::Result<Self> {
        let state = ReceiverState {
            secret: Arc::new(secret),
            seen: Arc::new(Mutex::new((HashSet::new(), VecDeque::new()))),
            on_event: Arc::new(on_event),
        };
        let app = Router::new()
            .route("/webhooks/oms", post(receive))
            .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY))
            .with_state(state);
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let task = tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, app).await {
                tracing::warn!(error = %e, "webhook receiver stopped");
            }
        });
        Ok(Self { addr, task })
    }

    /// The URL to register with the OMS.
    pub fn url(&self) -> String {
        format!("http://{}/webhooks/oms", self.addr)
    }

    pub fn stop(self) {
        self.task.abort();
    }
}

async fn receive(
    State(state): State<ReceiverState>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let Some(sig) = headers
        .get(SIGNATURE_HEADER.to_ascii_lowercase().as_str())
        .and_then(|v| v.to_str().ok())
    else {
        return StatusCode::UNAUTHORIZED;
    };
    if !verify_webhook_signature(&state.secret, &body, sig) {
        tracing::warn!("webhook with a bad signature refused");
        return StatusCode::UNAUTHORIZED;
    }
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(&body) else {
        return StatusCode::BAD_REQUEST;
    };
    let Some(uuid) = json
        .get("event")
        .and_then(|e| e.get("uuid"))
        .and_then(|u| u.as_str())
    else {
        return StatusCode::BAD_REQUEST;
    };
    let fresh = {
        let mut seen = state.seen.lock().unwrap_or_else(|p| p.into_inner());
        let (set, order) = &mut *seen;
        if set.insert(uuid.to_string()) {
            order.push_back(uuid.to_string());
            if order.len() > REMEMBERED_EVENTS
                && let Some(old) = order.pop_front()
            {
                set.remove(&old);
            }
            true
        } else {
            false
        }
    };
    if fresh {
        (state.on_event)();
    }
    StatusCode::NO_CONTENT
}
