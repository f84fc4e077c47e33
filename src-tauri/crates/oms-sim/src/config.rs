//! The simulator's settings: data generation, timers and faults.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use storedesk_domain::WorkOrderKind;

/// How to build and run a simulator.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Seed of every random choice: the same seed gives the same orders (timestamps aside, which are relative to
    /// the start).
    pub seed: u64,
    /// ERP codes of the simulated stores. The prefix picks the market: `IST-`, `ANK-`, `IZM-` Turkey; `SAO-`,
    /// `RIO-` Brazil; `OSL-`, `BGO-` Norway.
    pub stores: Vec<String>,
    /// Work orders generated for each store at start (packages and transfers, both ways).
    pub orders_per_store: usize,
    /// The API token (`Authorization: Token <token>`), for the store API and the admin API.
    pub token: String,
    /// Create a new work order for a random store this often.
    pub new_order_every: Option<Duration>,
    /// Send a cancel request for a random in-progress work order this often.
    pub cancel_request_every: Option<Duration>,
    /// How long idempotency records are kept (30 days by default).
    pub idempotency_ttl: Duration,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            seed: 42,
            stores: vec!["IST-01".to_string()],
            orders_per_store: 40,
            token: "demo-token".to_string(),
            new_order_every: None,
            cancel_request_every: None,
            idempotency_ttl: Duration::from_secs(30 * 24 * 60 * 60),
        }
    }
}

/// Faults injected into the store-facing API (never into `/admin/`). Rates are probabilities from 0 to 1, drawn
/// per request from a seeded generator. See `docs/oms-api.md` §15.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Faults {
    /// Answer `503 server_error`; nothing is applied.
    pub error_rate: f64,
    /// Answer `429 rate_limited` with `Retry-After: retry_after_secs`; nothing is applied.
    pub rate_limit_rate: f64,
    pub retry_after_secs: u64,
    /// Added to every request (for commands, while the idempotency key is held).
    pub latency_ms: u64,
    /// Wait `timeout_ms`, then close the connection without an answer; nothing is applied.
    pub timeout_rate: f64,
    pub timeout_ms: u64,
    /// Close the connection at once without an answer; nothing is applied.
    pub close_rate: f64,
    /// Process the request in full (a command is applied and stored under its key), then close the connection
    /// without an answer.
    pub drop_after_apply_rate: f64,
    /// Behave like an OMS without idempotency support: keys are still required, but answers are never stored or
    /// replayed, so a retry of an applied command is processed again (and usually refused as
    /// `invalid_transition`). For testing a client's fallback.
    pub ignore_idempotency_keys: bool,
}

/// What to create with [`crate::Simulator::create_order`] or `POST /admin/orders`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewOrderSpec {
    /// The store the work order is for (the destination of a `transfer_in`, the source of a `transfer_out`).
    pub store: String,
    pub kind: WorkOrderKind,
    /// Number of lines (1–50); random 1–5 when absent.
    #[serde(default)]
    pub lines: Option<usize>,
    /// Units per line (1–100); random 1–3 when absent.
    #[serde(default)]
    pub quantity: Option<u32>,
    /// The other location of a transfer; a sibling store or the market's distribution centre when absent.
    #[serde(default)]
    pub counterparty: Option<String>,
    /// Due this many minutes from now (negative: overdue); random from 6 h overdue to 2 days when absent.
    #[serde(default)]
    pub due_in_minutes: Option<i64>,
    /// `created_date` and `modified_date`; now when absent. Lets tests create orders with equal timestamps.
    #[serde(default)]
    pub at: Option<DateTime<Utc>>,
}

impl NewOrderSpec {
    /// A random order of `kind` for `store`.
    pub fn new(store: impl Into<String>, kind: WorkOrderKind) -> NewOrderSpec {
        NewOrderSpec {
            store: store.into(),
            kind,
            lines: None,
            quantity: None,
            counterparty: None,
            due_in_minutes: None,
            at: None,
        }
    }
}

impl Default for NewOrderSpec {
    fn default() -> Self {
        NewOrderSpec::new("IST-01", WorkOrderKind::ShipFromStore)
    }
}
