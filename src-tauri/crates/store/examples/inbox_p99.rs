//! p50/p99 of the inbox queries over 100,000 cached work orders (criterion reports means, not tails).
//!
//! Run: `cargo run --release -p storedesk-store --example inbox_p99 [ORDERS] [RUNS] [DB_PATH]` (defaults 100000,
//! 1000 and a temporary file). An existing DB_PATH is reused as it is, without loading it again.

#[path = "../benches/support/dataset.rs"]
mod dataset;

use std::time::{Duration, Instant};

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

fn main() {
    let mut args = std::env::args().skip(1);
    let orders: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(dataset::ORDERS);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);

    let dir = tempfile::tempdir().expect("temp dir");
    let path = args
        .next()
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| dir.path().join("inbox.db"));
    let store = if path.exists() {
        storedesk_store::Store::open(&path).expect("open existing database")
    } else {
        dataset::build(&path, orders)
    };
    let parcel = dataset::work_orders(orders)
        .into_iter()
        .rev()
        .find_map(|wo| wo.parcels.first().and_then(|p| p.number.clone()))
        .unwrap_or_default();

    println!(
        "{runs} runs per query over {orders} work orders, one page of 50 rows, after 20 warm-up runs\n"
    );
    println!(
        "{:<18} {:>6} {:>9} {:>9} {:>9}  what",
        "query", "rows", "p50 ms", "p99 ms", "max ms"
    );
    let measure = |id: &str, what: &str, f: &mut dyn FnMut() -> usize| {
        let rows = f();
        for _ in 0..20 {
            f();
        }
        let mut times: Vec<Duration> = (0..runs)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(f());
                t.elapsed()
            })
            .collect();
        times.sort();
        println!(
            "{:<18} {:>6} {:>9.3} {:>9.3} {:>9.3}  {}",
            id,
            rows,
            percentile(&times, 0.50),
            percentile(&times, 0.99),
            percentile(&times, 1.0),
            what
        );
    };
    for (id, what, q) in dataset::queries() {
        measure(id, what, &mut || {
            store.inbox(&q).map(|r| r.len()).unwrap_or(0)
        });
    }
    measure("find_by_scan", "parcel number of an order", &mut || {
        usize::from(store.find_by_scan(&parcel).ok().flatten().is_some())
    });
    measure("counts", "work orders per status", &mut || {
        store.counts().map(|c| c.len()).unwrap_or(0)
    });
}
