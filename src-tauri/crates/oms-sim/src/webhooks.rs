//! Webhook subscriptions and at-least-once delivery of change pings (`docs/oms-api.md` §11).

use std::sync::Mutex;
use std::time::Duration;

use storedesk_oms_api::webhook::{
    SIGNATURE_HEADER, WebhookEnvelope, WebhookEvent, WebhookSubscription,
    WebhookSubscriptionRequest, event_types, webhook_signature,
};
use tokio::runtime::Handle;

use crate::db::ChangeEvent;
use crate::error::ApiError;
use crate::lock;

/// Retries after the first attempt, with these pauses.
const RETRY_PAUSES: [Duration; 3] = [
    Duration::from_secs(1),
    Duration::from_secs(2),
    Duration::from_secs(4),
];
/// How long one delivery attempt may take.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone)]
struct Subscription {
    public: WebhookSubscription,
    secret_key: Option<String>,
}

/// The subscriptions, and where deliveries run.
#[derive(Debug, Default)]
pub struct Webhooks {
    subscriptions: Mutex<Vec<Subscription>>,
    next_id: Mutex<i64>,
    /// The runtime of the running server; deliveries stop while the server is stopped.
    runtime: Mutex<Option<Handle>>,
    client: Mutex<Option<reqwest::Client>>,
}

impl Webhooks {
    pub fn subscribe(
        &self,
        request: WebhookSubscriptionRequest,
    ) -> Result<WebhookSubscription, ApiError> {
        let known = request.event_type == event_types::ALL
            || event_types::EVENT_TYPES.contains(&request.event_type.as_str());
        if !known {
            return Err(ApiError::bad_request(format!(
                "unknown event type {:?}",
                request.event_type
            )));
        }
        match url::Url::parse(&request.target_url) {
            Ok(url) if matches!(url.scheme(), "http" | "https") => {}
            _ => {
                return Err(ApiError::bad_request(format!(
                    "target_url {:?} is not an http(s) URL",
                    request.target_url
                )));
            }
        }
        let id = {
            let mut next = lock(&self.next_id);
            *next += 1;
            *next
        };
        let public = WebhookSubscription {
            id,
            event_type: request.event_type,
            target_url: request.target_url,
            created_date: crate::now(),
        };
        lock(&self.subscriptions).push(Subscription {
            public: public.clone(),
            secret_key: request.secret_key.filter(|k| !k.is_empty()),
        });
        Ok(public)
    }

    /// Removes a subscription; false if there was none with that id.
    pub fn unsubscribe(&self, id: i64) -> bool {
        let mut subs = lock(&self.subscriptions);
        let before = subs.len();
        subs.retain(|s| s.public.id != id);
        subs.len() != before
    }

    /// Deliveries run on `runtime` from now on (`None`: stop delivering).
    pub fn set_runtime(&self, runtime: Option<Handle>) {
        *lock(&self.runtime) = runtime;
    }

    /// Sends each event to every matching subscription, in the background.
    pub fn dispatch(&self, events: Vec<ChangeEvent>) {
        if events.is_empty() {
            return;
        }
        let Some(runtime) = lock(&self.runtime).clone() else {
            return;
        };
        let subscriptions = lock(&self.subscriptions).clone();
        if subscriptions.is_empty() {
            return;
        }
        let client = {
            let mut client = lock(&self.client);
            match &*client {
                Some(c) => c.clone(),
                None => match reqwest::Client::builder().timeout(ATTEMPT_TIMEOUT).build() {
                    Ok(c) => {
                        *client = Some(c.clone());
                        c
                    }
                    Err(e) => {
                        tracing::warn!("cannot build the webhook client: {e}");
                        return;
                    }
                },
            }
        };
        for event in events {
            let envelope = WebhookEnvelope {
                event: WebhookEvent {
                    event_type: event.event_type.to_string(),
                    uuid: uuid::Uuid::new_v4().to_string(),
                },
                payload: event.payload,
            };
            let Ok(body) = serde_json::to_vec(&envelope) else {
                continue;
            };
            for sub in subscriptions.iter().filter(|s| {
                s.public.event_type == event_types::ALL || s.public.event_type == event.event_type
            }) {
                runtime.spawn(deliver(
                    client.clone(),
                    sub.public.target_url.clone(),
                    sub.secret_key.clone(),
                    body.clone(),
                ));
            }
        }
    }
}

/// One delivery: the first attempt and up to three retries, until a 2xx.
async fn deliver(client: reqwest::Client, url: String, secret_key: Option<String>, body: Vec<u8>) {
    let signature = secret_key.map(|key| webhook_signature(&key, &body));
    for attempt in 0..=RETRY_PAUSES.len() {
        let mut request = client
            .post(&url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body.clone());
        if let Some(sig) = &signature {
            request = request.header(SIGNATURE_HEADER, sig);
        }
        match request.send().await {
            Ok(response) if response.status().is_success() => return,
            Ok(response) => {
                tracing::debug!(%url, status = %response.status(), attempt, "webhook refused");
            }
            Err(e) => tracing::debug!(%url, attempt, "webhook failed: {e}"),
        }
        if let Some(pause) = RETRY_PAUSES.get(attempt) {
            tokio::time::sleep(*pause).await;
        }
    }
    tracing::warn!(%url, "webhook given up after {} attempts", RETRY_PAUSES.len() + 1);
}
