//! The state every request and every [`crate::Simulator`] handle shares.

use std::sync::Mutex;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::config::{Faults, SimConfig};
use crate::db::Db;
use crate::idempotency::IdempotencyTable;
use crate::lock;
use crate::webhooks::Webhooks;

/// Seed offset of the fault generator, so that faults do not replay the data generator's sequence.
const FAULT_SEED_SALT: u64 = 0x5EED_FA17;

#[derive(Debug)]
pub struct Shared {
    pub config: SimConfig,
    pub db: Mutex<Db>,
    pub idempotency: IdempotencyTable,
    pub faults: Mutex<Faults>,
    pub fault_rng: Mutex<ChaCha8Rng>,
    pub webhooks: Webhooks,
}

impl Shared {
    pub fn new(config: SimConfig) -> Shared {
        let db = Db::new(&config, crate::now());
        Shared {
            idempotency: IdempotencyTable::new(config.idempotency_ttl),
            fault_rng: Mutex::new(ChaCha8Rng::seed_from_u64(config.seed ^ FAULT_SEED_SALT)),
            faults: Mutex::new(Faults::default()),
            db: Mutex::new(db),
            webhooks: Webhooks::default(),
            config,
        }
    }

    pub fn faults(&self) -> Faults {
        lock(&self.faults).clone()
    }

    /// Runs `f` on the data, then hands the webhook events it caused to the dispatcher.
    pub fn with_db<T>(&self, f: impl FnOnce(&mut Db) -> T) -> T {
        let (result, events) = {
            let mut db = lock(&self.db);
            let result = f(&mut db);
            (result, db.take_events())
        };
        self.webhooks.dispatch(events);
        result
    }
}
