//! Shared harness of the end-to-end suites: a real OMS simulator on a loopback port, a real SQLite file, the real
//! HTTP connector and the real sync engine — the pieces a store runs, wired the way the app wires them.

pub mod desktop;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use storedesk_domain::{Actor, Command, Status, WorkOrder, WorkOrderKind};
use storedesk_oms_client::{ApiToken, ClientConfig, HttpOmsConnector};
use storedesk_oms_sim::{SimConfig, SimServer, Simulator};
use storedesk_store::{InboxQuery, NewAction, RecordedAction, Store, StoreError};
use storedesk_sync::{SharedStore, SyncConfig, SyncEngine};

pub const STORE: &str = "IST-01";

/// Log to the test output when `STOREDESK_LOG` is set.
pub fn init_logging() {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("STOREDESK_LOG")
                .unwrap_or_else(|_| "off".into()),
        )
        .with_test_writer()
        .try_init();
}

/// A store station synced with a simulator.
pub struct Harness {
    pub sim: Simulator,
    server: Option<SimServer>,
    pub addr: SocketAddr,
    pub dir: tempfile::TempDir,
    pub store: SharedStore,
    pub engine: SyncEngine<HttpOmsConnector>,
    pub actor: Actor,
}

/// Settings of a harness.
pub struct HarnessOptions {
    pub sim: SimConfig,
    pub request_timeout: Duration,
    pub sync: Box<dyn FnOnce(&mut SyncConfig)>,
}

impl Default for HarnessOptions {
    fn default() -> Self {
        Self {
            sim: SimConfig {
                stores: vec![STORE.to_string()],
                orders_per_store: 24,
                ..SimConfig::default()
            },
            request_timeout: Duration::from_secs(5),
            sync: Box::new(|_| {}),
        }
    }
}

impl Harness {
    pub async fn start() -> Harness {
        Self::with(HarnessOptions::default()).await
    }

    pub async fn with(opts: HarnessOptions) -> Harness {
        init_logging();
        let sim = Simulator::new(opts.sim);
        let server = sim
            .serve("127.0.0.1:0".parse().expect("loopback address"))
            .await
            .expect("simulator starts");
        let addr = server.addr;
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(&dir.path().join("station.db")).expect("store opens");
        let store: SharedStore = Arc::new(Mutex::new(store));
        let engine = station_engine(&sim, addr, store.clone(), opts.request_timeout, opts.sync);
        Harness {
            sim,
            server: Some(server),
            addr,
            dir,
            store,
            engine,
            actor: Actor {
                user_id: "u-1".into(),
                user_name: "Ayşe Demir".into(),
                station: "pack-1".into(),
            },
        }
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("station.db")
    }

    /// Record a clerk action durably (cache + outbox + audit), as the app's command handler does.
    pub fn act(&self, work_order_id: &str, command: Command) -> Result<RecordedAction, StoreError> {
        let mut store = self.store.lock().unwrap_or_else(|p| p.into_inner());
        store.record_action(&NewAction {
            work_order_id: work_order_id.to_string(),
            command,
            actor: self.actor.clone(),
            at: Utc::now(),
        })
    }

    /// The cached view of a work order.
    pub fn view(&self, id: &str) -> WorkOrder {
        let store = self.store.lock().unwrap_or_else(|p| p.into_inner());
        store
            .work_order(id)
            .expect("store readable")
            .unwrap_or_else(|| panic!("work order {id} is cached"))
    }

    /// Open orders of a kind in a status, most urgent first.
    pub fn open_orders(&self, kind: WorkOrderKind, status: Status) -> Vec<WorkOrder> {
        let store = self.store.lock().unwrap_or_else(|p| p.into_inner());
        let rows = store
            .inbox(&InboxQuery {
                statuses: vec![status],
                kinds: vec![kind],
                limit: 1000,
                ..InboxQuery::default()
            })
            .expect("inbox query");
        rows.into_iter()
            .filter_map(|r| store.work_order(&r.id).ok().flatten())
            .collect()
    }

    /// The first order of `kind` waiting to be accepted, after a pull.
    pub async fn fresh_order(&self, kind: WorkOrderKind) -> WorkOrder {
        self.engine.pull_once().await.expect("pull");
        let start = if kind == WorkOrderKind::TransferIn {
            Status::InTransit
        } else {
            Status::Assigned
        };
        self.open_orders(kind, start)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("the simulator has a {kind:?} order in {start:?}"))
    }

    /// Push until the outbox is empty, or fail the test.
    pub async fn drain(&self) {
        assert!(
            self.engine
                .drain(Duration::from_secs(60))
                .await
                .expect("drain runs"),
            "outbox drained within 60 s"
        );
    }

    /// Stop the simulator's server: connections are refused until [`Harness::start_oms`].
    pub async fn stop_oms(&mut self) {
        if let Some(server) = self.server.take() {
            server.stop().await;
        }
    }

    /// Serve the simulator again on the same address, with the same state.
    pub async fn start_oms(&mut self) {
        if self.server.is_none() {
            let mut tries = 0;
            loop {
                match self.sim.serve(self.addr).await {
                    Ok(s) => {
                        self.server = Some(s);
                        return;
                    }
                    Err(e) if tries < 50 => {
                        tries += 1;
                        tracing::debug!(error = %e, "port not free yet");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                    Err(e) => panic!("cannot serve the simulator again on {}: {e}", self.addr),
                }
            }
        }
    }

    /// Slugs the OMS applied for a work order, in apply order.
    pub fn applied_slugs(&self, work_order_id: &str) -> Vec<String> {
        self.sim
            .applied_commands()
            .into_iter()
            .filter(|c| c.work_order_id == work_order_id)
            .map(|c| c.slug)
            .collect()
    }

    /// The OMS's own view of a work order.
    pub fn oms_view(&self, id: &str) -> WorkOrder {
        self.sim
            .work_order(id, STORE)
            .unwrap_or_else(|| panic!("the simulator knows {id}"))
    }
}

/// A sync engine for another station of the same store (its own database), against the same simulator.
pub fn station_engine(
    sim: &Simulator,
    addr: SocketAddr,
    store: SharedStore,
    request_timeout: Duration,
    tweak: Box<dyn FnOnce(&mut SyncConfig)>,
) -> SyncEngine<HttpOmsConnector> {
    let url = url::Url::parse(&format!("http://{addr}/")).expect("url");
    let mut cc = ClientConfig::new(url, ApiToken::new(sim.config().token.clone()), STORE);
    cc.request_timeout = request_timeout;
    cc.connect_timeout = request_timeout;
    let connector = HttpOmsConnector::new(cc).expect("connector");
    let mut sc = SyncConfig::new(STORE);
    sc.backoff_min = Duration::from_millis(20);
    sc.backoff_max = Duration::from_millis(500);
    sc.poll_interval = Duration::from_millis(500);
    tweak(&mut sc);
    SyncEngine::new(connector, store, sc)
}

/// Pick every accepted unit of `wo` by scanning its barcodes, recording each scan as the app does.
pub fn scan_all(h: &Harness, id: &str) {
    loop {
        let wo = h.view(id);
        let Some(line) = wo.lines.iter().find(|l| l.remaining_to_pick() > 0) else {
            return;
        };
        let barcode = line.barcodes[0].clone();
        let cmd = storedesk_domain::scan_pick(&wo, &barcode).expect("scan matches a line");
        h.act(id, cmd).expect("pick recorded");
    }
}

/// One parcel with everything picked.
pub fn pack_all(wo: &WorkOrder) -> Command {
    Command::Pack {
        parcels: vec![storedesk_domain::ParcelSpec {
            parcel_ref: "1".into(),
            box_type: "M".into(),
            weight_g: 1200,
            contents: wo
                .lines
                .iter()
                .filter(|l| l.picked > 0)
                .map(|l| storedesk_domain::ParcelItem {
                    line_id: l.id.clone(),
                    quantity: l.picked,
                })
                .collect(),
        }],
    }
}
