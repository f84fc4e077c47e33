//! A deterministic, realistic-looking cache of work orders for benchmarks (shared by `benches/store.rs` and
//! `examples/inbox_p99.rs`). No randomness crate: a fixed LCG, so every run measures the same data.
#![allow(dead_code)]

use std::path::Path;
use std::time::Instant;

use chrono::{DateTime, Duration, TimeZone, Utc};
use storedesk_domain::{
    CancelRequest, Customer, Hold, Line, Parcel, ParcelItem, Reason, ReasonCatalog, Status,
    WorkOrder, WorkOrderKind,
};
use storedesk_store::Store;

/// Size of the cache the inbox queries run over.
pub const ORDERS: usize = 100_000;
/// Distinct products in the catalogue the lines draw from.
pub const PRODUCTS: u64 = 5_000;

const FIRST: [&str; 20] = [
    "Ayşe", "Mehmet", "Zeynep", "Ali", "Elif", "Mustafa", "Fatma", "Ahmet", "Emine", "Hüseyin",
    "Anna", "Lukas", "Marie", "Jonas", "Sofia", "Liam", "Emma", "Noah", "Mia", "Ben",
];
const LAST: [&str; 20] = [
    "Yılmaz",
    "Kaya",
    "Demir",
    "Şahin",
    "Çelik",
    "Yıldız",
    "Yıldırım",
    "Öztürk",
    "Aydın",
    "Özdemir",
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
];
const ADJ: [&str; 10] = [
    "Red", "Blue", "Linen", "Oak", "Ceramic", "Cotton", "Steel", "Velvet", "Wool", "Glass",
];
const NOUN: [&str; 10] = [
    "Mug", "Plate", "Lamp", "Cushion", "Throw", "Vase", "Bowl", "Frame", "Towel", "Candle",
];

/// The reference time all due dates are spread around.
pub fn base_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0)
        .single()
        .unwrap_or_else(Utc::now)
}

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// SKU of product `p`.
pub fn sku(p: u64) -> String {
    format!("SKU-{p:05}")
}

/// EAN-13 of product `p` (a Turkish 869 prefix, valid check digit).
pub fn ean(p: u64) -> String {
    storedesk_barcode::ean13_from_body(&format!("869{:09}", p)).unwrap_or_default()
}

pub fn product_name(p: u64) -> String {
    format!(
        "{} {} {}",
        ADJ[(p % 10) as usize],
        NOUN[((p / 10) % 10) as usize],
        p
    )
}

/// The package number of order `i`.
pub fn number(i: usize, kind: WorkOrderKind) -> String {
    if kind.is_packaging() {
        format!("PKG-{i:06}")
    } else {
        format!("TRF-{i:06}")
    }
}

pub fn reasons() -> ReasonCatalog {
    ReasonCatalog::new(vec![Reason {
        code: "out_of_stock".into(),
        title: "Out of stock".into(),
        active: true,
    }])
}

fn line(id: usize, p: u64, requested: u32, stage: u8) -> Line {
    let accepted = if stage >= 1 { requested } else { 0 };
    let picked = match stage {
        0 | 1 => 0,
        2 => accepted / 2,
        _ => accepted,
    };
    let packed = if stage >= 4 { picked } else { 0 };
    Line {
        id: format!("l{id}"),
        sku: sku(p),
        name: product_name(p),
        barcodes: vec![ean(p)],
        image_url: None,
        requested,
        accepted,
        rejected: 0,
        picked,
        packed,
        received: 0,
        damaged: 0,
        missing: 0,
        rejections: Vec::new(),
        receive_note: None,
    }
}

/// `n` work orders: ~80 % packaging, ~20 % transfers; about half still open; due dates spread over ±30 days.
pub fn work_orders(n: usize) -> Vec<WorkOrder> {
    let mut rng = Lcg(0x5344_534B);
    let base = base_time();
    (0..n)
        .map(|i| {
            let kind = match rng.below(10) {
                0..=5 => WorkOrderKind::ShipFromStore,
                6 | 7 => WorkOrderKind::ClickAndCollect,
                8 => WorkOrderKind::TransferOut,
                _ => WorkOrderKind::TransferIn,
            };
            // Stage: 0 assigned, 1 accepted, 2 picking, 3 picked, 4 packed, 5 terminal (done).
            let stage = [0u8, 0, 1, 1, 2, 3, 4, 5, 5, 5, 5][rng.below(11) as usize];
            let status = match (kind, stage) {
                (WorkOrderKind::TransferIn, s) if s < 5 => Status::InTransit,
                (WorkOrderKind::TransferIn, _) => Status::Received,
                (_, 0) => Status::Assigned,
                (_, 1) => Status::Accepted,
                (_, 2) => Status::Picking,
                (_, 3) => Status::Picked,
                (_, 4) => Status::Packed,
                (WorkOrderKind::ShipFromStore, _) => Status::Shipped,
                (WorkOrderKind::ClickAndCollect, _) => Status::Collected,
                _ => Status::Dispatched,
            };
            let line_stage = if kind == WorkOrderKind::TransferIn {
                0
            } else {
                stage
            };
            let lines: Vec<Line> = (0..1 + rng.below(4) as usize)
                .map(|l| line(l, rng.below(PRODUCTS), 1 + rng.below(3) as u32, line_stage))
                .collect();
            let parcels = if stage >= 4 && kind != WorkOrderKind::TransferIn {
                vec![Parcel {
                    parcel_ref: "1".into(),
                    box_type: "M".into(),
                    weight_g: 1200,
                    contents: lines
                        .iter()
                        .map(|l| ParcelItem {
                            line_id: l.id.clone(),
                            quantity: l.packed,
                        })
                        .collect(),
                    number: Some(format!("PCL-{i:06}-1")),
                    carrier: Some("ups".into()),
                    tracking_number: Some(format!("1Z{i:010}")),
                    label_formats: Vec::new(),
                    label_attached: false,
                }]
            } else {
                Vec::new()
            };
            let due = base + Duration::minutes(rng.below(60 * 24 * 60) as i64 - 60 * 24 * 30);
            WorkOrder {
                id: format!("wo-{i}"),
                number: number(i, kind),
                kind,
                status,
                version: 1 + rng.below(5),
                store: "IST-01".into(),
                order_number: kind.is_packaging().then(|| format!("ORD-2026-{i:06}")),
                channel: Some("web".into()),
                customer: kind.is_packaging().then(|| Customer {
                    name: format!(
                        "{} {}",
                        FIRST[rng.below(20) as usize],
                        LAST[rng.below(20) as usize]
                    ),
                    phone: None,
                    email: None,
                }),
                address: None,
                counterparty: (!kind.is_packaging()).then(|| "WH-01".to_string()),
                carrier: Some("ups".into()),
                due_at: due,
                created_at: due - Duration::days(2),
                updated_at: due - Duration::days(1),
                lines,
                parcels,
                pickup: None,
                dispatch: None,
                hold: (i % 131 == 0 && !status.is_terminal()).then(|| Hold {
                    reason: "fraud_check".into(),
                    note: None,
                }),
                cancel_request: (i % 97 == 0 && !status.is_terminal()).then(|| CancelRequest {
                    reason: "customer".into(),
                    requested_at: due - Duration::hours(3),
                }),
                rejection: None,
                applied_command_ids: vec![],
            }
        })
        .collect()
}

/// Open a store at `path` and load `n` generated orders in chunks of 10,000 (one transaction each).
/// Prints how long it took and the file size.
pub fn build(path: &Path, n: usize) -> Store {
    let started = Instant::now();
    let mut store = Store::open(path).unwrap_or_else(|e| panic!("open {}: {e}", path.display()));
    store
        .save_reasons(&reasons())
        .unwrap_or_else(|e| panic!("{e}"));
    let orders = work_orders(n);
    for chunk in orders.chunks(10_000) {
        store
            .bulk_load_for_bench(chunk)
            .unwrap_or_else(|e| panic!("bulk load: {e}"));
    }
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
        + std::fs::metadata(path.with_extension("db-wal"))
            .map(|m| m.len())
            .unwrap_or(0);
    println!(
        "dataset: {n} work orders loaded in {:.1} s; database {:.1} MiB",
        started.elapsed().as_secs_f64(),
        size as f64 / (1024.0 * 1024.0)
    );
    store
}

/// The inbox queries measured, each with a benchmark id and a description: one page (50 rows) as the inbox
/// shows it.
pub fn queries() -> Vec<(&'static str, &'static str, storedesk_store::InboxQuery)> {
    use storedesk_store::InboxQuery;
    vec![
        (
            "by_status",
            "status = picking",
            InboxQuery {
                statuses: vec![Status::Picking],
                ..InboxQuery::default()
            },
        ),
        (
            "by_due_time",
            "all open orders, most urgent first",
            InboxQuery::default(),
        ),
        (
            "by_text_customer",
            "text \"zeynep yılmaz\" (customer name)",
            InboxQuery {
                text: Some("zeynep yılmaz".into()),
                ..InboxQuery::default()
            },
        ),
        (
            "by_text_sku",
            "text \"SKU-0123\" (SKU prefix)",
            InboxQuery {
                text: Some("SKU-0123".into()),
                ..InboxQuery::default()
            },
        ),
        (
            "by_barcode",
            "exact EAN-13 of one product, all statuses",
            InboxQuery {
                text: Some(ean(1234)),
                statuses: Status::ALL.to_vec(),
                ..InboxQuery::default()
            },
        ),
        (
            "needs_attention",
            "parked commands, cancel requests, holds",
            InboxQuery {
                needs_attention: true,
                ..InboxQuery::default()
            },
        ),
    ]
}
