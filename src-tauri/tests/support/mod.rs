//! A demo station for tests: the real app state (store file, staff, sync engine over HTTP) against the embedded
//! OMS simulator on a loopback port, with a cheap PIN hash, a clock the test can move, and recorded events.
#![allow(dead_code)]

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use chrono::Utc;
use storedesk_domain::{Status, WorkOrderKind};
use storedesk_lib::commands;
use storedesk_lib::dto::{InboxQuery, InboxTab, Session, StaffSummary};
use storedesk_lib::events::RecordingSink;
use storedesk_lib::secrets::TokenStore;
use storedesk_lib::settings::EnvOverrides;
use storedesk_lib::state::{AppState, DemoOptions, Paths, StartOptions};
use storedesk_printing::Printing;
use storedesk_staff::{LockoutPolicy, PinHasher, Staff};

pub struct TestApp {
    pub state: AppState,
    pub events: Arc<RecordingSink>,
    pub dir: tempfile::TempDir,
    /// Seconds added to the real time (to expire sessions).
    pub offset: Arc<AtomicI64>,
}

/// Start a demo station with `orders` generated orders and no timers. No OMS is set up, so the station runs the
/// demo, as on a fresh install.
pub async fn demo_app(orders: usize) -> TestApp {
    demo_app_with(orders, EnvOverrides::default()).await
}

pub async fn demo_app_with(orders: usize, env: EnvOverrides) -> TestApp {
    demo_app_full(orders, env, Printing::default()).await
}

/// A demo station that prints through `printing` (tests point it at a private CUPS server).
pub async fn demo_app_printing(orders: usize, printing: Printing) -> TestApp {
    demo_app_full(orders, EnvOverrides::default(), printing).await
}

pub async fn demo_app_full(orders: usize, env: EnvOverrides, printing: Printing) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = Paths::under(dir.path());
    let events = Arc::new(RecordingSink::default());
    let offset = Arc::new(AtomicI64::new(0));
    let clock_offset = offset.clone();
    let options = StartOptions {
        tokens: TokenStore::file_only(&paths.config_dir),
        paths,
        env,
        events: events.clone(),
        printing,
        staff: Staff::new(
            PinHasher::with_cost(256, 1, 1).expect("params"),
            LockoutPolicy::default(),
        ),
        demo: DemoOptions {
            orders,
            new_order_every: None,
            cancel_request_every: None,
            ..DemoOptions::default()
        },
        clock: Arc::new(move || {
            Utc::now() + chrono::Duration::seconds(clock_offset.load(Ordering::SeqCst))
        }),
        first_pull_after: std::time::Duration::ZERO,
    };
    let state = AppState::start(options)
        .await
        .expect("the demo station starts");
    TestApp {
        state,
        events,
        dir,
        offset,
    }
}

impl TestApp {
    /// Move the clock forward.
    pub fn advance(&self, secs: i64) {
        self.offset.fetch_add(secs, Ordering::SeqCst);
    }

    /// The demo person whose name starts with `first_name`.
    pub fn person(&self, first_name: &str) -> StaffSummary {
        commands::session::staff_list(&self.state)
            .expect("staff list")
            .into_iter()
            .find(|s| s.name.starts_with(first_name))
            .unwrap_or_else(|| panic!("{first_name} is on the demo staff"))
    }

    /// Sign in as a demo person with their demo PIN.
    pub fn sign_in(&self, first_name: &str) -> Session {
        let pin = match first_name {
            "Ayşe" => "1111",
            "Mehmet" => "2222",
            "Elif" => "9999",
            other => panic!("no demo PIN for {other}"),
        };
        let id = self.person(first_name).id;
        commands::session::sign_in(&self.state, &id, pin).expect("sign in")
    }

    /// Pull everything from the simulator now.
    pub async fn pull(&self) {
        self.state
            .engine()
            .expect("the demo syncs")
            .pull_once()
            .await
            .expect("pull");
    }

    /// Push until the outbox is empty.
    pub async fn drain(&self) {
        let drained = self
            .state
            .engine()
            .expect("the demo syncs")
            .drain(Duration::from_secs(30))
            .await
            .expect("drain");
        assert!(drained, "the outbox drained");
    }

    /// The first order of `kind` in `status` (needs a session).
    pub fn first(&self, kind: WorkOrderKind, status: Status) -> String {
        let tab = match kind {
            WorkOrderKind::TransferIn => InboxTab::TransfersIn,
            WorkOrderKind::TransferOut => InboxTab::TransfersOut,
            _ => InboxTab::All,
        };
        let page = commands::inbox::inbox(
            &self.state,
            &InboxQuery {
                tab,
                text: String::new(),
                offset: 0,
                limit: 500,
            },
        )
        .expect("inbox");
        page.rows
            .into_iter()
            .find(|r| r.kind == kind && r.status == status)
            .unwrap_or_else(|| panic!("a {kind:?} order in {status:?}"))
            .id
    }
}
