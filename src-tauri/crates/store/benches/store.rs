//! Store benchmarks. Run: `cargo bench -p storedesk-store --bench store`
//!
//! * `commit/raw_full_commit`: one single-row INSERT per transaction on a temporary file, WAL + synchronous=FULL
//!   (the floor every durable write pays: one WAL fsync). `commit/raw_normal_commit` is the same with NORMAL, for
//!   reference only: the store never runs with it.
//! * `commit/durable_clerk_action`: `Store::record_action` (a pick): view + lines + outbox + audit in one
//!   transaction, same file system, same run.
//! * `inbox_100k/*`: one inbox page (50 rows) over a cache of 100,000 work orders, by status, by due time, by text,
//!   by barcode, needing attention; plus `find_by_scan` and `counts`.
//!
//! Criterion reports the mean time per iteration (`time:`) and, for the commit group, commits per second
//! (`thrpt:`). For p50/p99 of the inbox queries run `cargo run --release -p storedesk-store --example inbox_p99`.

#[path = "support/dataset.rs"]
mod dataset;

use std::time::Duration;

use chrono::Utc;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use storedesk_domain::{Actor, Command, Feed, Status};
use storedesk_store::{NewAction, Store};

/// About the size of a stored command envelope.
const PAYLOAD: &str = r#"{"command_id":"6f1f5e1e-8c1a-4d9e-9a55-0b6c2a3f4d11","work_order_id":"wo-42","kind":"ship_from_store","expected_version":null,"issued_at":"2026-03-02T09:00:00.000000Z","actor":{"user_id":"u-17","user_name":"Ayse K.","station":"till-2"},"command":{"slug":"pick","line_id":"l1","quantity":1,"barcode":"8690000012349"}}"#;

fn raw_commit(c: &mut Criterion, name: &str, synchronous: &str) {
    let dir = tempfile::tempdir().expect("temp dir");
    let conn = rusqlite::Connection::open(dir.path().join("raw.db")).expect("open");
    let mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "wal", |r| r.get(0))
        .expect("wal");
    assert_eq!(mode, "wal");
    conn.pragma_update(None, "synchronous", synchronous)
        .expect("synchronous");
    conn.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)")
        .expect("table");
    let mut stmt = conn
        .prepare("INSERT INTO t (payload) VALUES (?1)")
        .expect("prepare");
    let mut group = c.benchmark_group("commit");
    group.throughput(Throughput::Elements(1));
    group.measurement_time(Duration::from_secs(8));
    group.bench_function(name, |b| {
        b.iter(|| stmt.execute([PAYLOAD]).expect("insert"))
    });
    group.finish();
}

fn commits(c: &mut Criterion) {
    println!("\n== commit: single-row transactions on a temporary file (WAL) ==");
    raw_commit(c, "raw_full_commit", "FULL");
    raw_commit(c, "raw_normal_commit", "NORMAL");

    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("store.db")).expect("open store");
    // 64 accepted orders with one huge line, so that every pick (1 unit) is valid however many run.
    let orders: Vec<_> = dataset::work_orders(64)
        .into_iter()
        .map(|mut wo| {
            wo.kind = storedesk_domain::WorkOrderKind::ShipFromStore;
            wo.status = Status::Accepted;
            wo.hold = None;
            wo.cancel_request = None;
            wo.parcels.clear();
            wo.lines.truncate(1);
            let l = &mut wo.lines[0];
            (l.requested, l.accepted, l.rejected, l.picked, l.packed) =
                (u32::MAX, u32::MAX, 0, 0, 0);
            wo
        })
        .collect();
    store
        .apply_page(Feed::Packaging, &orders, None)
        .expect("load orders");
    let actor = Actor {
        user_id: "u-17".into(),
        user_name: "Ayşe K.".into(),
        station: "till-2".into(),
    };
    let mut i = 0usize;
    let mut group = c.benchmark_group("commit");
    group.throughput(Throughput::Elements(1));
    group.measurement_time(Duration::from_secs(8));
    group.bench_function("durable_clerk_action", |b| {
        b.iter(|| {
            let wo = &orders[i % orders.len()];
            i += 1;
            store
                .record_action(&NewAction {
                    work_order_id: wo.id.clone(),
                    command: Command::Pick {
                        line_id: "l0".into(),
                        quantity: 1,
                        barcode: None,
                    },
                    actor: actor.clone(),
                    at: Utc::now(),
                })
                .expect("record pick")
        })
    });
    group.finish();
}

fn inbox(c: &mut Criterion) {
    println!(
        "\n== inbox_100k: one page (50 rows) over {} cached work orders ==",
        dataset::ORDERS
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let store = dataset::build(&dir.path().join("inbox.db"), dataset::ORDERS);
    let mut group = c.benchmark_group("inbox_100k");
    group.measurement_time(Duration::from_secs(4));
    for (id, description, q) in dataset::queries() {
        let rows = store.inbox(&q).expect("inbox").len();
        println!("inbox_100k/{id}: {description} -> {rows} rows");
        group.bench_function(id, |b| b.iter(|| store.inbox(&q).expect("inbox")));
    }
    println!("inbox_100k/find_by_scan: parcel number PCL-… of an order");
    let parcel = dataset::work_orders(dataset::ORDERS)
        .into_iter()
        .rev()
        .find_map(|wo| wo.parcels.first().and_then(|p| p.number.clone()))
        .expect("a parcel number");
    group.bench_function("find_by_scan", |b| {
        b.iter(|| store.find_by_scan(&parcel).expect("scan"))
    });
    println!("inbox_100k/counts: work orders per status");
    group.bench_function("counts", |b| b.iter(|| store.counts().expect("counts")));
    group.finish();
}

criterion_group!(benches, commits, inbox);
criterion_main!(benches);
