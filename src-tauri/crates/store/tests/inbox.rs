//! Inbox queries, status counts and scan look-ups.

mod common;

use common::*;
use storedesk_domain::{CancelRequest, Customer, Feed, Parcel, ParcelItem, Status, WorkOrderKind};
use storedesk_store::InboxQuery;

fn ids(rows: &[storedesk_store::InboxRow]) -> Vec<&str> {
    rows.iter().map(|r| r.id.as_str()).collect()
}

fn seeded() -> TestStore {
    let mut ts = store();
    let mut orders = Vec::new();
    // wo-1..wo-6, due 1..6 hours after t0, inserted in reverse to prove the ordering is by due time.
    for n in (1..=6).rev() {
        let mut wo = order(n);
        match n {
            1 => {
                wo.customer = Some(Customer {
                    name: "Zeynep Yılmaz".into(),
                    phone: None,
                    email: None,
                })
            }
            2 => wo = accepted(2),
            3 => {
                wo = accepted(3);
                wo.cancel_request = Some(CancelRequest {
                    reason: "customer".into(),
                    requested_at: t0(),
                });
            }
            4 => {
                wo.status = Status::Shipped;
            }
            5 => {
                wo.kind = WorkOrderKind::ClickAndCollect;
                wo.lines[0].sku = "SKU-LAMP-9".into();
                wo.lines[0].name = "Desk Lamp".into();
                wo.lines[0].barcodes = vec!["036000291452".into()]; // UPC-A
            }
            6 => {
                wo.status = Status::Packed;
                wo.parcels = vec![Parcel {
                    parcel_ref: "1".into(),
                    box_type: "S".into(),
                    weight_g: 800,
                    contents: vec![ParcelItem {
                        line_id: "l1".into(),
                        quantity: 2,
                    }],
                    number: Some("PCL-000006-1".into()),
                    carrier: Some("ups".into()),
                    tracking_number: Some("1Z999".into()),
                    label_formats: Vec::new(),
                    label_attached: false,
                }];
            }
            _ => {}
        }
        orders.push(wo);
    }
    ts.store
        .apply_page(Feed::Packaging, &orders, Some("c"))
        .unwrap();
    ts
}

#[test]
fn the_inbox_shows_open_orders_most_urgent_first() {
    let ts = seeded();
    let rows = ts.store.inbox(&InboxQuery::default()).unwrap();
    assert_eq!(
        ids(&rows),
        ["wo-1", "wo-2", "wo-3", "wo-5", "wo-6"],
        "shipped wo-4 is not open"
    );
    let r1 = &rows[0];
    assert_eq!(r1.number, "PKG-000001");
    assert_eq!(r1.customer_name.as_deref(), Some("Zeynep Yılmaz"));
    assert_eq!((r1.line_count, r1.unit_count), (2, 3));
    assert_eq!(r1.due_at, at(60));
    assert!(rows[2].cancel_requested);

    let page = ts
        .store
        .inbox(&InboxQuery {
            limit: 2,
            offset: 1,
            ..InboxQuery::default()
        })
        .unwrap();
    assert_eq!(ids(&page), ["wo-2", "wo-3"]);
}

#[test]
fn the_inbox_filters_by_status_and_kind() {
    let ts = seeded();
    let q = |statuses: Vec<Status>, kinds: Vec<WorkOrderKind>| {
        ts.store
            .inbox(&InboxQuery {
                statuses,
                kinds,
                ..InboxQuery::default()
            })
            .unwrap()
    };
    assert_eq!(ids(&q(vec![Status::Accepted], vec![])), ["wo-2", "wo-3"]);
    assert_eq!(
        ids(&q(vec![Status::Shipped, Status::Packed], vec![])),
        ["wo-4", "wo-6"]
    );
    assert_eq!(
        ids(&q(vec![], vec![WorkOrderKind::ClickAndCollect])),
        ["wo-5"]
    );
    assert!(q(vec![Status::Assigned], vec![WorkOrderKind::TransferIn]).is_empty());
}

#[test]
fn the_inbox_searches_text_prefixes_and_exact_barcodes() {
    let ts = seeded();
    let text = |t: &str| {
        ts.store
            .inbox(&InboxQuery {
                text: Some(t.into()),
                statuses: Status::ALL.to_vec(),
                ..InboxQuery::default()
            })
            .unwrap()
    };
    assert_eq!(ids(&text("PKG-000002")), ["wo-2"], "package number");
    assert_eq!(ids(&text("pkg-00000")).len(), 6, "number prefix, any case");
    assert_eq!(ids(&text("ORD-2026-000003")), ["wo-3"], "order number");
    assert_eq!(
        ids(&text("yilm")),
        ["wo-1"],
        "customer name prefix, diacritics folded"
    );
    assert_eq!(ids(&text("zeynep yıl")), ["wo-1"], "every word must match");
    assert_eq!(ids(&text("SKU-LAMP")), ["wo-5"], "SKU prefix");
    assert_eq!(ids(&text("desk lam")), ["wo-5"], "product name prefix");
    assert_eq!(ids(&text("PCL-000006-1")), ["wo-6"], "parcel number");
    assert_eq!(ids(&text("036000291452")), ["wo-5"], "UPC-A barcode");
    assert_eq!(
        ids(&text("00036000291452")),
        ["wo-5"],
        "same product as GTIN-14"
    );
    assert_eq!(
        ids(&text(MUG_EAN)).len(),
        5,
        "EAN-13 on every order but wo-5"
    );
    assert!(
        text("\"*(").is_empty(),
        "punctuation only matches nothing and does not fail"
    );
    assert!(text("nothing-like-this").is_empty());
}

#[test]
fn the_inbox_can_show_only_orders_that_need_attention() {
    let mut ts = seeded();
    let wo2 = accepted(2);
    let rec = ts
        .store
        .record_action(&action(&wo2, pick("l1", 1), 1))
        .unwrap();
    ts.store
        .record_action(&action(&wo2, pick("l1", 1), 2))
        .unwrap();
    ts.store
        .park(&rec.command_id, "invalid_transition", "refused", at(3))
        .unwrap();

    let rows = ts
        .store
        .inbox(&InboxQuery {
            needs_attention: true,
            ..InboxQuery::default()
        })
        .unwrap();
    assert_eq!(ids(&rows), ["wo-2", "wo-3"]);
    assert!(rows[0].has_parked);
    assert_eq!(rows[0].pending_count, 1);
    assert_eq!(rows[0].status, Status::Picking, "rows show the view");
    assert!(rows[1].cancel_requested);
}

#[test]
fn counts_cover_every_status() {
    let ts = seeded();
    let counts = ts.store.counts().unwrap();
    assert_eq!(counts.len(), Status::ALL.len());
    let get = |s: Status| counts.iter().find(|(st, _)| *st == s).unwrap().1;
    assert_eq!(get(Status::Assigned), 2);
    assert_eq!(get(Status::Accepted), 2);
    assert_eq!(get(Status::Shipped), 1);
    assert_eq!(get(Status::Packed), 1);
    assert_eq!(get(Status::Cancelled), 0);
}

#[test]
fn find_by_scan_resolves_package_parcel_and_order_numbers() {
    let mut ts = seeded();
    let mut transfer = order(7);
    transfer.number = "TRF-000045".into();
    transfer.kind = WorkOrderKind::TransferIn;
    transfer.status = Status::InTransit;
    transfer.order_number = None;
    ts.store
        .apply_page(Feed::Transfers, &[transfer], None)
        .unwrap();
    let find = |c: &str| ts.store.find_by_scan(c).unwrap();
    assert_eq!(find("trf-000045").as_deref(), Some("wo-7"));
    assert_eq!(find("PKG-000003").as_deref(), Some("wo-3"));
    assert_eq!(
        find("  pkg-000003\r\n").as_deref(),
        Some("wo-3"),
        "trimmed, any case"
    );
    assert_eq!(find("pcl-000006-1").as_deref(), Some("wo-6"));
    assert_eq!(find("ORD-2026-000005").as_deref(), Some("wo-5"));
    assert_eq!(find("PKG-999999"), None);
    assert_eq!(find("   "), None);
}

#[test]
fn the_transfer_tabs_are_answered_from_an_index() {
    // Counting or listing open orders of one kind must not read every order's row (rows carry the OMS payload;
    // at 10,000 orders that was ~20 ms per tab from memory and over a second from disk).
    let ts = seeded();
    for sql in [
        "SELECT COUNT(*) FROM work_orders w WHERE w.is_open = 1 AND w.kind IN ('transfer_out')",
        "SELECT w.id FROM work_orders w WHERE w.is_open = 1 AND w.kind IN ('transfer_in')
         ORDER BY w.due_at, w.number LIMIT 100",
    ] {
        let plan: Vec<String> = ts
            .store
            .connection()
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap()
            .query_map([], |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let plan = plan.join(" | ");
        assert!(
            plan.contains("INDEX work_orders_kind_open_due"),
            "{sql}: {plan}"
        );
        assert!(!plan.contains("TEMP B-TREE"), "no sort step: {plan}");
    }
}

#[test]
fn a_quiet_station_hands_its_page_cache_back_and_answers_the_same() {
    let mut ts = store();
    let orders: Vec<_> = (1..=600).map(order).collect();
    ts.store
        .apply_page(Feed::Packaging, &orders, Some("c"))
        .unwrap();
    let ts = ts.reopen();
    let query = InboxQuery {
        limit: 100,
        ..InboxQuery::default()
    };
    let first = ts.store.inbox(&query).unwrap();
    let counts = ts.store.counts().unwrap();
    let warm = ts.store.cache_bytes();
    assert!(
        warm > 256 * 1024,
        "reading 600 orders fills the page cache: {warm} bytes"
    );

    ts.store.release_memory().unwrap();
    let released = ts.store.cache_bytes();
    assert!(
        released < warm / 4,
        "cache {warm} -> {released} bytes after the release"
    );

    // Nothing the clerk sees changes: the pages are read again.
    assert_eq!(ids(&ts.store.inbox(&query).unwrap()), ids(&first));
    assert_eq!(ts.store.counts().unwrap(), counts);
}
