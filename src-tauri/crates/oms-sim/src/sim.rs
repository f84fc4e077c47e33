//! [`Simulator`]: the handle tests and the binary hold.

use std::net::SocketAddr;
use std::sync::Arc;

use storedesk_domain::WorkOrder;
use storedesk_domain::upstream::CancelOutcome;

use crate::config::{Faults, NewOrderSpec, SimConfig};
use crate::db::AppliedCommand;
use crate::lock;
use crate::server::{self, SimServer};
use crate::state::Shared;

/// A simulated OMS. Cheap to clone: every clone shares the same data.
///
/// The admin operations here are the ones the admin HTTP API exposes (`docs/oms-api.md` §14); they work whether
/// or not a server is running.
#[derive(Debug, Clone)]
pub struct Simulator {
    shared: Arc<Shared>,
}

impl Simulator {
    /// Generates the data, deterministic from `config.seed`.
    pub fn new(config: SimConfig) -> Simulator {
        Simulator {
            shared: Arc::new(Shared::new(config)),
        }
    }

    /// The configuration it was built with.
    pub fn config(&self) -> &SimConfig {
        &self.shared.config
    }

    /// Binds `addr` (port 0 picks a free port) and serves in the background until [`SimServer::stop`].
    pub async fn serve(&self, addr: SocketAddr) -> std::io::Result<SimServer> {
        server::serve(self.shared.clone(), addr).await
    }

    /// Creates a work order; returns its id.
    pub fn create_order(&self, spec: NewOrderSpec) -> String {
        self.shared
            .with_db(|db| db.create_order(&spec, crate::now()))
            .to_string()
    }

    /// A customer cancel: immediate before picking, a cancel request once work started. `None`: no such id.
    pub fn request_cancel(&self, id: &str) -> Option<CancelOutcome> {
        self.shared
            .with_db(|db| db.request_cancel(id, "customer", crate::now()))
            .ok()
            .flatten()
    }

    /// A hard cancel; whether anything changed (false: unknown id, or already terminal).
    pub fn cancel(&self, id: &str) -> bool {
        self.shared
            .with_db(|db| db.cancel(id, crate::now()))
            .ok()
            .flatten()
            .unwrap_or(false)
    }

    /// Moves the work order to `to_store`; returns the id of the new work order there, or `None` if nothing
    /// moved (unknown id, terminal, or `to_store` already involved).
    pub fn reassign(&self, id: &str, to_store: &str) -> Option<String> {
        self.shared
            .with_db(|db| db.reassign(id, to_store, crate::now()))
            .ok()
            .flatten()
            .flatten()
            .map(|id| id.to_string())
    }

    /// Puts the work order on hold; whether anything changed.
    pub fn hold(&self, id: &str, reason: &str) -> bool {
        self.shared
            .with_db(|db| db.hold(id, reason, None, crate::now()))
            .ok()
            .flatten()
            .unwrap_or(false)
    }

    /// Releases a hold; whether there was one.
    pub fn release_hold(&self, id: &str) -> bool {
        self.shared
            .with_db(|db| db.release_hold(id, crate::now()))
            .ok()
            .flatten()
            .unwrap_or(false)
    }

    /// The plain pickup code of a click-and-collect work order.
    pub fn pickup_code(&self, id: &str) -> Option<String> {
        self.shared
            .with_db(|db| db.get(id).and_then(|r| r.pickup_code.clone()))
    }

    /// Every store command applied so far, in apply order.
    pub fn applied_commands(&self) -> Vec<AppliedCommand> {
        self.shared.with_db(|db| db.applied_commands().to_vec())
    }

    /// The label formats carriers offer for parcels booked from now on (by default PDF and ZPL); e.g. only PDF,
    /// as for a carrier whose labels a ZPL printer cannot take as they are.
    pub fn set_label_formats(&self, formats: Vec<storedesk_domain::LabelFormat>) {
        self.shared.with_db(|db| db.label_formats = formats);
    }

    /// Replaces the fault settings.
    pub fn set_faults(&self, faults: Faults) {
        *lock(&self.shared.faults) = faults;
    }

    /// The fault settings.
    pub fn faults(&self) -> Faults {
        self.shared.faults()
    }

    /// One work order as `viewer_store` sees it; `None` if it does not exist or that store does not see it.
    pub fn work_order(&self, id: &str, viewer_store: &str) -> Option<WorkOrder> {
        self.shared.with_db(|db| db.work_order(id, viewer_store))
    }

    /// Every work order `store` sees, in change order.
    pub fn work_orders(&self, store: &str) -> Vec<WorkOrder> {
        self.shared.with_db(|db| db.work_orders(store))
    }

    /// The unexpired claims of `store` on its open work orders (`GET /claims/`, §16).
    pub fn claims(&self, store: &str) -> Vec<storedesk_domain::RemoteClaim> {
        self.shared
            .with_db(|db| db.claims_of(store, crate::now()))
            .iter()
            .map(storedesk_oms_api::ClaimDto::to_domain)
            .collect()
    }
}
