//! Upstream activity on a timer: new work orders, and cancel requests on work in progress.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use crate::state::Shared;

/// Runs the configured timers until `shutdown` changes.
pub async fn run(shared: Arc<Shared>, mut shutdown: watch::Receiver<bool>) {
    let mut new_order = shared.config.new_order_every.map(interval);
    let mut cancel_request = shared.config.cancel_request_every.map(interval);
    if new_order.is_none() && cancel_request.is_none() {
        return;
    }
    loop {
        tokio::select! {
            _ = shutdown.changed() => return,
            _ = tick(&mut new_order) => {
                shared.with_db(|db| {
                    if let Some(spec) = db.random_spec() {
                        let id = db.create_order(&spec, crate::now());
                        tracing::info!(id, store = %spec.store, kind = spec.kind.as_str(), "timer: new work order");
                    }
                });
            }
            _ = tick(&mut cancel_request) => {
                shared.with_db(|db| {
                    if let Some(id) = db.random_in_progress() {
                        match db.request_cancel(&id, "customer", crate::now()) {
                            Ok(outcome) => tracing::info!(%id, ?outcome, "timer: cancel request"),
                            Err(e) => tracing::warn!(%id, "timer: cancel request failed: {}", e.problem.detail),
                        }
                    }
                });
            }
        }
    }
}

fn interval(every: Duration) -> tokio::time::Interval {
    let every = every.max(Duration::from_millis(10));
    let mut interval = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    interval
}

async fn tick(interval: &mut Option<tokio::time::Interval>) {
    match interval {
        Some(i) => {
            i.tick().await;
        }
        None => std::future::pending().await,
    }
}
