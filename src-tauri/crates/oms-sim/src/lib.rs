//! A simulated OMS speaking Storedesk's contract (`docs/oms-api.md`) over real HTTP.
//!
//! [`Simulator::new`] generates realistic, seed-deterministic data (stores in Turkey, Brazil and Norway, products
//! with valid EAN-13s, packages of both delivery types, transfers both ways); [`Simulator::serve`] runs an axum
//! server with the store API, webhooks, the simulator-only admin API and fault injection. The state machine is
//! the domain's own ([`storedesk_domain::apply`]), and every object goes through `storedesk-oms-api`'s checked
//! conversions, so the simulator cannot drift from the contract the client reads.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use storedesk_oms_sim::{SimConfig, Simulator};
//!
//! let sim = Simulator::new(SimConfig::default());
//! let server = sim.serve("127.0.0.1:0".parse().unwrap()).await?;
//! println!("OMS at {} (token demo-token)", server.base_url);
//! // … point a client at it; sim.applied_commands() shows what it applied …
//! server.stop().await;
//! # Ok(())
//! # }
//! ```
//!
//! Modules: [`config`] (settings), `data` (generated catalogue and orders), `object` (a stored work order and
//! its per-store views), `db` (every change, checked in the contract's order), `claims` (advisory leases),
//! `idempotency`, `faults`, `labels` (PDF and ZPL), `webhooks`, `timers`, `http` (routes and handlers), `server`
//! (accept loop).

mod claims;
pub mod config;
mod data;
mod db;
mod error;
mod faults;
mod http;
mod idempotency;
mod labels;
mod object;
mod server;
mod sim;
mod state;
mod timers;
mod webhooks;

pub use config::{Faults, NewOrderSpec, SimConfig};
/// The name and address the simulator gives a location code (the demo store's sender address on labels).
pub use data::location as store_location;
pub use db::AppliedCommand;
pub use server::SimServer;
pub use sim::Simulator;
pub use storedesk_domain::upstream::CancelOutcome;

/// Locks a mutex, recovering the data if a panic elsewhere poisoned it (the simulator's data stays usable).
pub(crate) fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The current time at millisecond precision, as the simulator stamps every change.
pub(crate) fn now() -> chrono::DateTime<chrono::Utc> {
    use chrono::SubsecRound;
    chrono::Utc::now().trunc_subsecs(3)
}
