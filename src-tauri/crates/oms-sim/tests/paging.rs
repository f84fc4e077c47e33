//! Lists and the change cursor (`docs/oms-api.md` §8), read with the client's own parser.

mod common;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use reqwest::StatusCode;
use serde_json::json;
use storedesk_domain::{Feed, WorkOrderKind};
use storedesk_oms_api::{ParsedPage, parse_page};
use storedesk_oms_sim::{NewOrderSpec, SimConfig, Simulator};

use common::{Harness, STORE};

/// Follows `next` from `change_seq__gt=cursor` to the end; returns the pages.
async fn pull(h: &Harness, feed: Feed, cursor: u64, page_size: u32) -> Vec<ParsedPage> {
    let list = storedesk_oms_api::endpoints::list_path(feed);
    let mut url = h.url(&format!(
        "{list}?stock_location__erp_code={STORE}&change_seq__gt={cursor}&page_size={page_size}"
    ));
    let mut pages = Vec::new();
    loop {
        let answer = h
            .send(
                h.client
                    .get(&url)
                    .header("Authorization", format!("Token {}", common::TOKEN)),
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK);
        let next = answer.json()["next"].as_str().map(str::to_string);
        let page = parse_page(feed, &answer.body, STORE).expect("the page follows the contract");
        assert!(page.invalid.is_empty(), "{:?}", page.invalid);
        assert_eq!(page.has_more, next.is_some());
        pages.push(page);
        match next {
            Some(next) => url = next,
            None => return pages,
        }
    }
}

#[tokio::test]
async fn orders_with_the_same_modified_date_are_never_skipped() {
    let h = common::start(common::config(0)).await;
    let instant = Utc
        .with_ymd_and_hms(2026, 5, 2, 10, 0, 0)
        .single()
        .expect("date");
    let mut created = Vec::new();
    for i in 0..23 {
        let kind = if i % 2 == 0 {
            WorkOrderKind::ShipFromStore
        } else {
            WorkOrderKind::ClickAndCollect
        };
        created.push(h.sim.create_order(NewOrderSpec {
            at: Some(instant),
            ..NewOrderSpec::new(STORE, kind)
        }));
    }
    let pages = pull(&h, Feed::Packaging, 0, 4).await;
    assert_eq!(pages.len(), 6);
    assert_eq!(pages[0].count, 23);
    assert_eq!(pages[1].count, 19, "count is what is left after the cursor");
    let ids: Vec<String> = pages
        .iter()
        .flat_map(|p| p.work_orders.iter().map(|w| w.id.clone()))
        .collect();
    assert_eq!(ids, created, "every order exactly once, in change order");
    assert!(
        pages
            .iter()
            .flat_map(|p| &p.work_orders)
            .all(|w| w.updated_at == instant)
    );
    assert!(pages.last().is_some_and(|p| !p.has_more));
    h.server.stop().await;
}

#[tokio::test]
async fn a_change_moves_an_order_to_the_end_of_the_feed() {
    let h = common::start(common::config(0)).await;
    let a = h.create(STORE, WorkOrderKind::ShipFromStore, 1, 1);
    let b = h.create(STORE, WorkOrderKind::ShipFromStore, 1, 1);
    let first = pull(&h, Feed::Packaging, 0, 100).await;
    let cursor: u64 = first[0]
        .next_cursor
        .as_deref()
        .expect("cursor")
        .parse()
        .expect("number");
    // Nothing new: an empty page keeps the cursor.
    let empty = pull(&h, Feed::Packaging, cursor, 100).await;
    assert!(empty[0].work_orders.is_empty());
    assert_eq!(empty[0].next_cursor, None);
    assert_eq!(empty[0].count, 0);
    h.ok(Feed::Packaging, &a, STORE, json!({"slug": "accept"}))
        .await;
    let after = pull(&h, Feed::Packaging, cursor, 100).await;
    let ids: Vec<&str> = after[0].work_orders.iter().map(|w| w.id.as_str()).collect();
    assert_eq!(ids, [a.as_str()]);
    assert_eq!(after[0].work_orders[0].version, 2);
    let _ = b;
    h.server.stop().await;
}

#[tokio::test]
async fn filters_and_viewers() {
    let h = common::start(common::config(0)).await;
    let waiting = h.create(STORE, WorkOrderKind::ShipFromStore, 1, 1);
    let accepted = h.create(STORE, WorkOrderKind::ShipFromStore, 1, 1);
    h.ok(Feed::Packaging, &accepted, STORE, json!({"slug": "accept"}))
        .await;
    let only_accepted = h
        .get("/api/v1/oms/packages/?stock_location__erp_code=IST-01&state__enum_value=150")
        .await
        .json();
    assert_eq!(only_accepted["count"], 1);
    assert_eq!(only_accepted["results"][0]["id"].to_string(), accepted);
    let future = h
        .get("/api/v1/oms/packages/?stock_location__erp_code=IST-01&modified_date__gte=2999-01-01T00:00:00Z")
        .await
        .json();
    assert_eq!(future["count"], 0);
    let _ = waiting;

    // A transfer between two simulated stores: the destination sees it only once dispatched.
    let transfer = h.sim.create_order(NewOrderSpec {
        counterparty: Some(common::OTHER_STORE.into()),
        lines: Some(1),
        quantity: Some(1),
        ..NewOrderSpec::new(STORE, WorkOrderKind::TransferOut)
    });
    let destination_list = "/api/v1/oms/transfer_orders/?stock_location__erp_code=IST-02";
    assert_eq!(h.get(destination_list).await.json()["count"], 0);
    assert!(h.sim.work_order(&transfer, common::OTHER_STORE).is_none());
    let wo = h.sim.work_order(&transfer, STORE).expect("source sees it");
    let line = wo.lines[0].id.clone();
    for command in [
        json!({"slug": "accept"}),
        json!({"slug": "pick", "line_id": line, "quantity": 1}),
        json!({"slug": "complete_pick"}),
        json!({"slug": "pack", "parcels": [{"parcel_ref": "1", "box_type": "L", "weight_g": 700,
            "contents": [{"line_id": line, "quantity": 1}]}]}),
        json!({"slug": "dispatch", "carrier": "Aras Kargo", "tracking_number": "1000000000001"}),
    ] {
        h.ok(Feed::Transfers, &transfer, STORE, command).await;
    }
    let seen = h.get(destination_list).await;
    let page = parse_page(Feed::Transfers, &seen.body, common::OTHER_STORE).expect("page");
    assert_eq!(page.work_orders.len(), 1);
    assert_eq!(page.work_orders[0].kind, WorkOrderKind::TransferIn);
    assert_eq!(
        page.work_orders[0].status,
        storedesk_domain::Status::InTransit
    );
    let received = h
        .ok(
            Feed::Transfers,
            &transfer,
            common::OTHER_STORE,
            json!({"slug": "receive", "lines": [{"line_id": line, "received": 0, "damaged": 1}]}),
        )
        .await;
    assert_eq!(received["state"]["enum_value"], 500);
    let source_view = h
        .sim
        .work_order(&transfer, STORE)
        .expect("source still sees it");
    assert_eq!(source_view.status, storedesk_domain::Status::Dispatched);
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_orders_generate_fast_and_pull_within_ten_seconds() {
    let config = SimConfig {
        stores: vec![STORE.into()],
        orders_per_store: 10_000,
        ..common::config(0)
    };
    let started = Instant::now();
    let sim = Simulator::new(config);
    let generated = started.elapsed();
    // Debug builds are several times slower than release; the bar in release is well under a second.
    assert!(
        generated < Duration::from_secs(if cfg!(debug_assertions) { 5 } else { 1 }),
        "{generated:?}"
    );
    let server = sim
        .serve("127.0.0.1:0".parse().expect("addr"))
        .await
        .expect("serve");
    let h = Harness {
        sim,
        server,
        client: common::client(Duration::from_secs(30)),
    };
    let started = Instant::now();
    let mut total = 0;
    for feed in Feed::ALL {
        total += pull(&h, feed, 0, 500)
            .await
            .iter()
            .map(|p| p.work_orders.len())
            .sum::<usize>();
    }
    let pulled = started.elapsed();
    assert_eq!(total, 10_000);
    assert!(pulled < Duration::from_secs(10), "{pulled:?}");
    eprintln!("generated 10k orders in {generated:?}, pulled them in {pulled:?}");
    h.server.stop().await;
}

#[tokio::test]
async fn same_seed_same_orders() {
    let strip = |mut wo: storedesk_domain::WorkOrder| {
        wo.due_at = chrono::DateTime::UNIX_EPOCH;
        wo.created_at = chrono::DateTime::UNIX_EPOCH;
        wo.updated_at = chrono::DateTime::UNIX_EPOCH;
        wo
    };
    let a: Vec<_> = Simulator::new(common::config(30))
        .work_orders(STORE)
        .into_iter()
        .map(strip)
        .collect();
    let b: Vec<_> = Simulator::new(common::config(30))
        .work_orders(STORE)
        .into_iter()
        .map(strip)
        .collect();
    assert_eq!(a.len(), b.len());
    assert_eq!(a, b);
    let other_seed = Simulator::new(SimConfig {
        seed: 8,
        ..common::config(30)
    })
    .work_orders(STORE);
    assert_ne!(a, other_seed.into_iter().map(strip).collect::<Vec<_>>());
    let kinds: HashSet<WorkOrderKind> = a.iter().map(|w| w.kind).collect();
    assert_eq!(kinds.len(), 4, "all four kinds are generated");
}
