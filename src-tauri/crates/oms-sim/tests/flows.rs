//! Whole flows over HTTP: labels, pickup codes, the admin API, reassignment, webhooks and timers.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::HeaderMap;
use reqwest::StatusCode;
use serde_json::{Value, json};
use storedesk_domain::{Feed, LabelFormat, Status, WorkOrderKind};
use storedesk_oms_api::endpoints::label_path;
use storedesk_oms_api::webhook::{SIGNATURE_HEADER, WebhookEnvelope, verify_webhook_signature};
use storedesk_oms_sim::{SimConfig, Simulator};

use common::STORE;

#[tokio::test]
async fn ship_from_store_gets_labels_at_pack() {
    let h = common::start(common::config(0)).await;
    let id = h
        .order_in(WorkOrderKind::ShipFromStore, Status::Packed)
        .await;
    let object = h.object(Feed::Packaging, &id, STORE).await;
    let parcel = &object["parcels"][0];
    let digits: String = object["number"]
        .as_str()
        .expect("number")
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    assert_eq!(parcel["number"], format!("PCL-{digits}-1"));
    assert!(
        parcel["tracking_number"]
            .as_str()
            .is_some_and(|t| !t.is_empty())
    );
    assert_eq!(parcel["label_formats"], json!(["pdf", "zpl"]));
    assert_eq!(parcel["carrier"], object["carrier"]["name"]);
    let scanned =
        storedesk_barcode::parse(parcel["number"].as_str().expect("number")).expect("scannable");
    assert!(matches!(
        scanned,
        storedesk_barcode::Barcode::ParcelNumber { .. }
    ));

    let pdf = h.get(&label_path(&id, "1", LabelFormat::Pdf)).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    assert!(pdf.body.starts_with(b"%PDF-1.4") && pdf.body.ends_with(b"%%EOF\n"));
    let zpl = h.get(&label_path(&id, "1", LabelFormat::Zpl)).await;
    assert_eq!(zpl.header("content-type"), Some("application/x-zpl"));
    let zpl = String::from_utf8(zpl.body).expect("ZPL is text");
    assert!(zpl.starts_with("^XA") && zpl.trim_end().ends_with("^XZ"));
    assert!(zpl.contains(&format!(
        "^BCN,160,Y,N,N^FD{}^FS",
        parcel["tracking_number"].as_str().expect("tracking")
    )));

    // Attaching the only label makes it ready to ship, then the carrier takes it.
    let ready = h
        .ok(
            Feed::Packaging,
            &id,
            STORE,
            json!({"slug": "attach_label", "parcel_ref": "1"}),
        )
        .await;
    assert_eq!(ready["state"]["enum_value"], 550);
    let shipped = h
        .ok(
            Feed::Packaging,
            &id,
            STORE,
            json!({"slug": "handover_to_carrier", "parcel_refs": ["1"]}),
        )
        .await;
    assert_eq!(shipped["state"]["enum_value"], 700);
    assert_eq!(shipped["commands"], json!([]));
    h.server.stop().await;
}

#[tokio::test]
async fn click_and_collect_with_the_admin_pickup_code() {
    let h = common::start(common::config(0)).await;
    let created = h
        .post_json(
            "/admin/orders",
            &json!({"store": STORE, "kind": "click_and_collect", "lines": 1, "quantity": 1}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let id = created.json()["id"].as_str().expect("id").to_string();
    let code = created.json()["pickup_code"]
        .as_str()
        .expect("pickup code")
        .to_string();
    assert!(matches!(
        storedesk_barcode::parse(&code).expect("scannable"),
        storedesk_barcode::Barcode::PickupCode { .. }
    ));
    let admin = h.get(&format!("/admin/work_orders/{id}")).await.json();
    assert_eq!(admin["pickup_code"], code.as_str());
    assert_eq!(
        admin["object"]["pickup"]["code_sha256"],
        storedesk_domain::pickup_code_hash(&code).as_str()
    );
    let wo = h.sim.work_order(&id, STORE).expect("visible");
    let line = wo.lines[0].id.clone();
    for command in [
        json!({"slug": "accept"}),
        json!({"slug": "pick", "line_id": line, "quantity": 1}),
        json!({"slug": "complete_pick"}),
        json!({"slug": "pack", "parcels": [{"parcel_ref": "1", "box_type": "bag", "weight_g": 400,
            "contents": [{"line_id": line, "quantity": 1}]}]}),
        json!({"slug": "mark_ready_for_pickup", "shelf_location": "C-12"}),
    ] {
        h.ok(Feed::Packaging, &id, STORE, command).await;
    }
    // The code as a customer might type it.
    let typed = format!("  {}  ", code.to_lowercase());
    let done = h
        .ok(Feed::Packaging, &id, STORE, json!({"slug": "handover_to_customer", "pickup_code": typed, "collected_by": "Elif Çelik"}))
        .await;
    assert_eq!(done["state"]["enum_value"], 750);
    assert_eq!(done["pickup"]["collected_by"], "Elif Çelik");
    h.server.stop().await;
}

#[tokio::test]
async fn the_admin_api_drives_upstream_changes() {
    let h = common::start(common::config(0)).await;
    let id = h
        .order_in(WorkOrderKind::ShipFromStore, Status::Picking)
        .await;
    let version =
        |h: &common::Harness, id: &str| h.sim.work_order(id, STORE).expect("visible").version;
    let v0 = version(&h, &id);

    let hold = h
        .post_json(
            &format!("/admin/work_orders/{id}/hold"),
            &json!({"reason": "payment_review"}),
        )
        .await;
    assert_eq!(hold.json()["changed"], true);
    assert_eq!(version(&h, &id), v0 + 1);
    let object = h.object(Feed::Packaging, &id, STORE).await;
    assert_eq!(object["hold"]["reason"], "payment_review");
    assert_eq!(object["commands"], json!([]));
    let release = h
        .post_json(&format!("/admin/work_orders/{id}/release_hold"), &json!({}))
        .await;
    assert_eq!(release.json()["changed"], true);

    let cancel = h
        .post_json(
            &format!("/admin/work_orders/{id}/request_cancel"),
            &json!({"reason": "customer"}),
        )
        .await;
    assert_eq!(cancel.json()["outcome"], "requested");
    assert_eq!(
        h.object(Feed::Packaging, &id, STORE).await["commands"],
        json!(["acknowledge_cancel"])
    );

    let fresh = h.create(STORE, WorkOrderKind::ShipFromStore, 1, 1);
    let immediate = h
        .send(h.request(
            reqwest::Method::POST,
            &format!("/admin/work_orders/{fresh}/request_cancel"),
        ))
        .await;
    assert_eq!(immediate.json()["outcome"], "cancelled");
    let again = h
        .post_json(&format!("/admin/work_orders/{fresh}/cancel"), &json!({}))
        .await;
    assert_eq!(again.json()["changed"], false);

    let moving = h.create(STORE, WorkOrderKind::ShipFromStore, 2, 1);
    let reassign = h
        .post_json(
            &format!("/admin/work_orders/{moving}/reassign"),
            &json!({"to_store": "IST-02"}),
        )
        .await;
    let new_id = reassign.json()["new_id"]
        .as_str()
        .expect("new id")
        .to_string();
    let old = h
        .sim
        .work_order(&moving, STORE)
        .expect("still visible to the old store");
    assert_eq!(old.status, Status::Reassigned);
    assert_eq!(old.counterparty.as_deref(), Some("IST-02"));
    let new = h
        .sim
        .work_order(&new_id, "IST-02")
        .expect("the new store sees the new order");
    assert_eq!(new.status, Status::Assigned);
    assert_eq!(new.lines.len(), 2);
    assert_ne!(new.number, old.number);
    assert_eq!(new.order_number, old.order_number);

    h.ok(
        Feed::Packaging,
        &new_id,
        "IST-02",
        json!({"slug": "accept"}),
    )
    .await;
    let commands = h
        .get(&format!("/admin/commands?work_order_id={new_id}"))
        .await
        .json();
    assert_eq!(commands.as_array().map(Vec::len), Some(1));
    assert_eq!(commands[0]["slug"], "accept");
    assert_eq!(commands[0]["body"]["stock_location"], "IST-02");

    assert_eq!(
        h.post_json("/admin/work_orders/999999/cancel", &json!({}))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        h.post_json("/admin/orders", &json!({"store": STORE}))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    h.server.stop().await;
}

/// A webhook receiver on loopback that records deliveries.
async fn receiver(
    fail_first: usize,
) -> (
    String,
    Arc<Mutex<Vec<(HeaderMap, Bytes)>>>,
    tokio::task::JoinHandle<()>,
) {
    let seen: Arc<Mutex<Vec<(HeaderMap, Bytes)>>> = Arc::default();
    let failures = Arc::new(Mutex::new(fail_first));
    let recorder = seen.clone();
    let app = axum::Router::new().route(
        "/hooks",
        axum::routing::post(move |headers: HeaderMap, body: Bytes| {
            let recorder = recorder.clone();
            let failures = failures.clone();
            async move {
                recorder.lock().expect("lock").push((headers, body));
                let mut left = failures.lock().expect("lock");
                if *left > 0 {
                    *left -= 1;
                    StatusCode::SERVICE_UNAVAILABLE
                } else {
                    StatusCode::NO_CONTENT
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/hooks", listener.local_addr().expect("addr"));
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (url, seen, task)
}

async fn wait_for(seen: &Arc<Mutex<Vec<(HeaderMap, Bytes)>>>, n: usize) {
    for _ in 0..100 {
        if seen.lock().expect("lock").len() >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhooks_are_signed_pings_delivered_at_least_once() {
    let h = common::start(common::config(0)).await;
    let (url, seen, task) = receiver(1).await;
    let subscribed = h
        .post_json(
            "/whisperer/hooks/",
            &json!({"event_type": "*", "target_url": url, "secret_key": "s3cret"}),
        )
        .await;
    assert_eq!(subscribed.status, StatusCode::CREATED);
    let hook_id = subscribed.json()["id"].as_i64().expect("id");
    assert!(
        subscribed.json().get("secret_key").is_none(),
        "the secret is never returned"
    );

    let id = h.create(STORE, WorkOrderKind::ShipFromStore, 1, 1);
    // The first delivery is refused (503), so it comes again after a second.
    wait_for(&seen, 2).await;
    let deliveries = seen.lock().expect("lock").clone();
    assert_eq!(deliveries.len(), 2, "one refusal, one retry");
    for (headers, body) in &deliveries {
        let signature = headers
            .get(SIGNATURE_HEADER)
            .and_then(|v| v.to_str().ok())
            .expect("signed");
        assert!(verify_webhook_signature("s3cret", body, signature));
        let envelope: WebhookEnvelope = serde_json::from_slice(body).expect("envelope");
        assert_eq!(envelope.event.event_type, "package.created");
        assert_eq!(envelope.payload.id.to_string(), id);
        assert_eq!(envelope.payload.version, 1);
    }
    let uuid = |i: usize| {
        serde_json::from_slice::<Value>(&deliveries[i].1).expect("json")["event"]["uuid"].clone()
    };
    assert_eq!(uuid(0), uuid(1), "a redelivery keeps its uuid");

    h.ok(Feed::Packaging, &id, STORE, json!({"slug": "accept"}))
        .await;
    wait_for(&seen, 3).await;
    let third: WebhookEnvelope =
        serde_json::from_slice(&seen.lock().expect("lock")[2].1).expect("envelope");
    assert_eq!(third.event.event_type, "package.status.transitioned");
    assert_eq!(third.payload.version, 2);

    let deleted = h
        .send(h.request(
            reqwest::Method::DELETE,
            &format!("/whisperer/hooks/{hook_id}/"),
        ))
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    let bad = h
        .post_json(
            "/whisperer/hooks/",
            &json!({"event_type": "package.exploded", "target_url": "http://x/"}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    h.server.stop().await;
    task.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timers_make_new_orders_and_cancel_requests() {
    let sim = Simulator::new(SimConfig {
        new_order_every: Some(Duration::from_millis(40)),
        cancel_request_every: Some(Duration::from_millis(40)),
        ..common::config(0)
    });
    let h = common::Harness {
        server: sim
            .serve("127.0.0.1:0".parse().expect("addr"))
            .await
            .expect("serve"),
        sim,
        client: common::client(Duration::from_secs(10)),
    };
    let picking = h
        .order_in(WorkOrderKind::ShipFromStore, Status::Picking)
        .await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    h.server.stop().await;
    let all = h.sim.work_orders(STORE).len() + h.sim.work_orders(common::OTHER_STORE).len();
    assert!(all >= 4, "timer orders appeared: {all}");
    let wo = h.sim.work_order(&picking, STORE).expect("visible");
    assert!(
        wo.cancel_request.is_some(),
        "the only order in progress got a cancel request"
    );
    // Stopped: no more timer orders.
    let count = h.sim.work_orders(STORE).len();
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert_eq!(h.sim.work_orders(STORE).len(), count);
}
