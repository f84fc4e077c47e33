//! Sync benchmarks against the simulator over loopback, on real SQLite files:
//! - the initial pull of 10,000 work orders (budget ≤ 10 s),
//! - an incremental pull with nothing new (budget ≤ 50 ms),
//! - outbox drain throughput (budget ≥ 300 commands/s).
//!
//! `cargo bench -p storedesk-tests --bench sync`

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use storedesk_domain::{Actor, Command, Status};
use storedesk_oms_sim::{SimConfig, SimServer, Simulator};
use storedesk_store::{InboxQuery, NewAction, Store};
use storedesk_tests::{STORE, station_engine};

struct Bench {
    rt: tokio::runtime::Runtime,
    sim: Simulator,
    server: SimServer,
}

fn setup(orders: usize) -> Bench {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let sim = Simulator::new(SimConfig {
        seed: 1,
        stores: vec![STORE.into()],
        orders_per_store: orders,
        ..SimConfig::default()
    });
    let server = rt
        .block_on(sim.serve("127.0.0.1:0".parse().unwrap()))
        .unwrap();
    Bench { rt, sim, server }
}

fn engine(
    b: &Bench,
    dir: &tempfile::TempDir,
) -> storedesk_sync::SyncEngine<storedesk_oms_client::HttpOmsConnector> {
    let store = Arc::new(Mutex::new(
        Store::open(&dir.path().join("bench.db")).unwrap(),
    ));
    let _guard = b.rt.enter();
    station_engine(
        &b.sim,
        b.server.addr,
        store,
        Duration::from_secs(30),
        Box::new(|c| {
            c.page_size = 500;
            c.max_parallel = 8;
        }),
    )
}

fn pulls(c: &mut Criterion) {
    let b = setup(10_000);
    let mut g = c.benchmark_group("pull");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(60));
    g.throughput(Throughput::Elements(10_000));
    g.bench_function("initial_pull_10k", |bench| {
        bench.iter_batched(
            || {
                let dir = tempfile::tempdir().unwrap();
                let e = engine(&b, &dir);
                (dir, e)
            },
            |(dir, e)| {
                let report = b.rt.block_on(e.pull_once()).unwrap();
                assert!(report.work_orders >= 10_000);
                drop(dir);
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();

    let dir = tempfile::tempdir().unwrap();
    let e = engine(&b, &dir);
    b.rt.block_on(e.pull_once()).unwrap();
    let mut g = c.benchmark_group("pull");
    g.sample_size(50);
    g.bench_function("incremental_pull_nothing_new_10k_cached", |bench| {
        bench.iter(|| {
            let report = b.rt.block_on(e.pull_once()).unwrap();
            assert_eq!(report.work_orders, 0);
        })
    });
    g.finish();
}

/// Record `n` accepts (one per order) and time how long the engine takes to drain them.
fn drain(c: &mut Criterion) {
    let b = setup(25_000);
    let dir = tempfile::tempdir().unwrap();
    let e = engine(&b, &dir);
    b.rt.block_on(e.pull_once()).unwrap();
    let ids: Vec<String> = {
        let store = e.store().lock().unwrap();
        store
            .inbox(&InboxQuery {
                statuses: vec![Status::Assigned],
                limit: 100_000,
                ..InboxQuery::default()
            })
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect()
    };
    let actor = Actor {
        user_id: "bench".into(),
        user_name: "Bench".into(),
        station: "bench".into(),
    };
    const BATCH: usize = 500;
    let mut next = 0usize;
    let mut g = c.benchmark_group("push");
    g.sample_size(10);
    g.throughput(Throughput::Elements(BATCH as u64));
    g.bench_function("outbox_drain_500_accepts", |bench| {
        bench.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                {
                    let mut store = e.store().lock().unwrap();
                    for _ in 0..BATCH {
                        let id = &ids[next];
                        next += 1;
                        store
                            .record_action(&NewAction {
                                work_order_id: id.clone(),
                                command: Command::Accept,
                                actor: actor.clone(),
                                at: chrono::Utc::now(),
                            })
                            .expect("enough assigned orders for every batch");
                    }
                }
                let start = Instant::now();
                assert!(b.rt.block_on(e.drain(Duration::from_secs(120))).unwrap());
                total += start.elapsed();
            }
            total
        })
    });
    g.finish();
}

criterion_group!(benches, pulls, drain);
criterion_main!(benches);
