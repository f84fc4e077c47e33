//! Fixtures shared by the integration tests. Every test uses a real SQLite file in a temporary directory.
#![allow(dead_code)]

use std::path::PathBuf;

use chrono::{DateTime, Duration, TimeZone, Utc};
use storedesk_domain::{
    Actor, Command, Customer, Line, Reason, ReasonCatalog, Status, WorkOrder, WorkOrderKind,
};
use storedesk_store::{NewAction, Store};
use tempfile::TempDir;

/// EAN-13 of the first line of every fixture order.
pub const MUG_EAN: &str = "4006381333931";
/// EAN-13 of the second line.
pub const PLATE_EAN: &str = "5901234123457";

pub struct TestStore {
    pub dir: TempDir,
    pub path: PathBuf,
    pub store: Store,
}

impl TestStore {
    pub fn reopen(self) -> TestStore {
        let TestStore { dir, path, store } = self;
        drop(store);
        let store = Store::open(&path).expect("reopen");
        TestStore { dir, path, store }
    }

    /// A second, raw connection to the same file (for fault injection and checks behind the store's back).
    pub fn raw(&self) -> rusqlite::Connection {
        let c = rusqlite::Connection::open(&self.path).expect("raw connection");
        c.busy_timeout(std::time::Duration::from_secs(5))
            .expect("busy timeout");
        c
    }
}

/// A fresh store with the reason catalogue saved.
pub fn store() -> TestStore {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("storedesk.db");
    let mut store = Store::open(&path).expect("open");
    store.save_reasons(&reasons()).expect("reasons");
    TestStore { dir, path, store }
}

pub fn reasons() -> ReasonCatalog {
    ReasonCatalog::new(vec![
        Reason {
            code: "out_of_stock".into(),
            title: "Out of stock".into(),
            active: true,
        },
        Reason {
            code: "damaged".into(),
            title: "Damaged".into(),
            active: true,
        },
        Reason {
            code: "retired".into(),
            title: "No longer used".into(),
            active: false,
        },
    ])
}

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0)
        .single()
        .expect("valid date")
}

pub fn at(minutes: i64) -> DateTime<Utc> {
    t0() + Duration::minutes(minutes)
}

pub fn clerk() -> Actor {
    Actor {
        user_id: "u-17".into(),
        user_name: "Ayşe K.".into(),
        station: "till-2".into(),
    }
}

fn line(id: &str, sku: &str, name: &str, ean: &str, requested: u32) -> Line {
    Line {
        id: id.into(),
        sku: sku.into(),
        name: name.into(),
        barcodes: vec![ean.into()],
        image_url: None,
        requested,
        accepted: 0,
        rejected: 0,
        picked: 0,
        packed: 0,
        received: 0,
        damaged: 0,
        missing: 0,
        rejections: Vec::new(),
        receive_note: None,
    }
}

/// Ship-from-store order `n`, assigned, version 1, due `n` hours after [`t0`]: 2 × mug + 1 × plate.
pub fn order(n: u32) -> WorkOrder {
    WorkOrder {
        id: format!("wo-{n}"),
        number: format!("PKG-{n:06}"),
        kind: WorkOrderKind::ShipFromStore,
        status: Status::Assigned,
        version: 1,
        store: "IST-01".into(),
        order_number: Some(format!("ORD-2026-{n:06}")),
        channel: Some("web".into()),
        customer: Some(Customer {
            name: format!("Customer {n}"),
            phone: None,
            email: None,
        }),
        address: None,
        counterparty: None,
        carrier: Some("ups".into()),
        due_at: t0() + Duration::hours(i64::from(n)),
        created_at: t0() - Duration::hours(1),
        updated_at: t0() - Duration::hours(1),
        lines: vec![
            line("l1", "SKU-MUG-RED", "Red Mug", MUG_EAN, 2),
            line("l2", "SKU-PLATE-BLU", "Blue Plate", PLATE_EAN, 1),
        ],
        parcels: Vec::new(),
        pickup: None,
        dispatch: None,
        hold: None,
        cancel_request: None,
        rejection: None,
        applied_command_ids: vec![],
    }
}

/// Order `n` as the OMS has it after the store accepted it (version 2).
pub fn accepted(n: u32) -> WorkOrder {
    let mut wo = order(n);
    wo.status = Status::Accepted;
    wo.version = 2;
    for l in &mut wo.lines {
        l.accepted = l.requested;
    }
    wo
}

pub fn action(wo: &WorkOrder, command: Command, minutes: i64) -> NewAction {
    NewAction {
        work_order_id: wo.id.clone(),
        command,
        actor: clerk(),
        at: at(minutes),
    }
}

pub fn pick(line_id: &str, quantity: u32) -> Command {
    Command::Pick {
        line_id: line_id.into(),
        quantity,
        barcode: None,
    }
}

/// Number of rows in a table, read behind the store's back.
pub fn rows(ts: &TestStore, table: &str) -> i64 {
    ts.raw()
        .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .expect("count")
}
