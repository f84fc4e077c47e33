//! Every error code of `docs/oms-api.md` §12 comes out of the simulator where the contract says, with its status
//! and a problem body.

mod common;

use reqwest::{Method, StatusCode};
use serde_json::json;
use storedesk_domain::{Feed, Status, WorkOrderKind};
use storedesk_oms_api::ErrorCode;
use storedesk_oms_api::endpoints::{command_path, label_path, object_path};
use storedesk_oms_sim::Faults;

use common::{Answer, Harness, STORE, TOKEN, body, new_key};

fn assert_code(answer: &Answer, code: ErrorCode) {
    let problem = answer.problem();
    assert_eq!(
        problem.code,
        code.as_str(),
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    assert_eq!(answer.status.as_u16(), problem.status);
    if code != ErrorCode::ServerError {
        assert_eq!(answer.status.as_u16(), code.http_status(), "{code}");
    }
}

async fn harness() -> Harness {
    common::start(common::config(3)).await
}

#[tokio::test]
async fn unauthenticated() {
    let h = harness().await;
    let list = h.url("/api/v1/oms/packages/?stock_location__erp_code=IST-01");
    let none = h.send(h.client.get(&list)).await;
    assert_code(&none, ErrorCode::Unauthenticated);
    assert_eq!(none.header("www-authenticate"), Some("Token"));
    let wrong = h
        .send(h.client.get(&list).header("Authorization", "Token nope"))
        .await;
    assert_code(&wrong, ErrorCode::Unauthenticated);
    let bearer = h
        .send(
            h.client
                .get(&list)
                .header("Authorization", format!("Bearer {TOKEN}")),
        )
        .await;
    assert_code(&bearer, ErrorCode::Unauthenticated);
    let admin = h.send(h.client.get(h.url("/admin/faults"))).await;
    assert_code(&admin, ErrorCode::Unauthenticated);
    let ok = h
        .send(
            h.client
                .get(&list)
                .header("Authorization", format!("token {TOKEN}")),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK);
    // Authentication comes before the idempotency checks.
    let id = h.create(STORE, WorkOrderKind::ShipFromStore, 1, 1);
    let command = h
        .send(
            h.client
                .post(h.url(&command_path(Feed::Packaging, &id)))
                .json(&body(STORE, json!({"slug": "accept"}))),
        )
        .await;
    assert_code(&command, ErrorCode::Unauthenticated);
    h.server.stop().await;
}

#[tokio::test]
async fn bad_requests() {
    let h = harness().await;
    assert_code(&h.get("/api/v1/oms/packages/").await, ErrorCode::BadRequest);
    assert_code(
        &h.get("/api/v1/oms/packages/?stock_location__erp_code=IST-01&change_seq__gt=x")
            .await,
        ErrorCode::BadRequest,
    );
    assert_code(
        &h.get("/api/v1/oms/transfer_orders/?stock_location__erp_code=IST-01&page_size=0")
            .await,
        ErrorCode::BadRequest,
    );
    assert_code(
        &h.get(
            "/api/v1/oms/packages/?stock_location__erp_code=IST-01&modified_date__gte=yesterday",
        )
        .await,
        ErrorCode::BadRequest,
    );
    let id = h.create(STORE, WorkOrderKind::ShipFromStore, 1, 1);
    let path = command_path(Feed::Packaging, &id);
    let not_json = h
        .send(
            h.request(Method::POST, &path)
                .header("Idempotency-Key", new_key())
                .body("{nope"),
        )
        .await;
    assert_code(&not_json, ErrorCode::BadRequest);
    let no_actor = h
        .send(
            h.request(Method::POST, &path)
                .header("Idempotency-Key", new_key())
                .json(&json!({"slug": "accept", "stock_location": STORE})),
        )
        .await;
    assert_code(&no_actor, ErrorCode::BadRequest);
    let bad_if_match = h
        .send(
            h.request(Method::POST, &path)
                .header("Idempotency-Key", new_key())
                .header("If-Match", "\"seven\"")
                .json(&body(STORE, json!({"slug": "accept"}))),
        )
        .await;
    assert_code(&bad_if_match, ErrorCode::BadRequest);
    assert_code(
        &h.command(Feed::Packaging, &id, STORE, json!({"slug": "teleport"}))
            .await,
        ErrorCode::UnknownCommand,
    );
    assert_code(&h.get("/api/v1/oms/nothing/").await, ErrorCode::NotFound);
    h.server.stop().await;
}

#[tokio::test]
async fn idempotency_key_missing_and_invalid() {
    let h = harness().await;
    let id = h.create(STORE, WorkOrderKind::ShipFromStore, 1, 1);
    let path = command_path(Feed::Packaging, &id);
    let missing = h
        .send(
            h.request(Method::POST, &path)
                .json(&body(STORE, json!({"slug": "accept"}))),
        )
        .await;
    assert_code(&missing, ErrorCode::IdempotencyKeyMissing);
    let invalid = h
        .send(
            h.request(Method::POST, &path)
                .header("Idempotency-Key", "not-a-uuid")
                .json(&body(STORE, json!({"slug": "accept"}))),
        )
        .await;
    assert_code(&invalid, ErrorCode::IdempotencyKeyInvalid);
    assert!(h.sim.applied_commands().is_empty());
    h.server.stop().await;
}

#[tokio::test]
async fn not_found() {
    let h = harness().await;
    let id = h.create(STORE, WorkOrderKind::ShipFromStore, 1, 1);
    assert_code(
        &h.get(&object_path(Feed::Packaging, "999999")).await,
        ErrorCode::NotFound,
    );
    assert_code(
        &h.get(&object_path(Feed::Transfers, &id)).await,
        ErrorCode::NotFound,
    );
    assert_code(
        &h.get(&format!(
            "{}?stock_location__erp_code=SAO-01",
            object_path(Feed::Packaging, &id)
        ))
        .await,
        ErrorCode::NotFound,
    );
    // A command from another store.
    assert_code(
        &h.command(Feed::Packaging, &id, "SAO-01", json!({"slug": "accept"}))
            .await,
        ErrorCode::NotFound,
    );
    // A transfer not yet dispatched is invisible to its destination.
    let transfer = h.sim.create_order(storedesk_oms_sim::NewOrderSpec {
        counterparty: Some("IST-02".into()),
        ..storedesk_oms_sim::NewOrderSpec::new(STORE, WorkOrderKind::TransferOut)
    });
    assert_code(
        &h.command(
            Feed::Transfers,
            &transfer,
            "IST-02",
            json!({"slug": "receive", "lines": []}),
        )
        .await,
        ErrorCode::NotFound,
    );
    h.server.stop().await;
}

#[tokio::test]
async fn label_not_available() {
    let h = harness().await;
    let id = h
        .order_in(WorkOrderKind::ShipFromStore, Status::Picked)
        .await;
    assert_code(
        &h.get(&label_path(&id, "1", storedesk_domain::LabelFormat::Pdf))
            .await,
        ErrorCode::LabelNotAvailable,
    );
    let cc = h
        .order_in(WorkOrderKind::ClickAndCollect, Status::Packed)
        .await;
    assert_code(
        &h.get(&label_path(&cc, "1", storedesk_domain::LabelFormat::Zpl))
            .await,
        ErrorCode::LabelNotAvailable,
    );
    assert_code(
        &h.get(&label_path(
            "424242",
            "1",
            storedesk_domain::LabelFormat::Zpl,
        ))
        .await,
        ErrorCode::NotFound,
    );
    let packed = h
        .order_in(WorkOrderKind::ShipFromStore, Status::Packed)
        .await;
    assert_code(
        &h.get(&format!(
            "{}parcels/1/label/?format=png",
            object_path(Feed::Packaging, &packed)
        ))
        .await,
        ErrorCode::BadRequest,
    );
    assert_code(
        &h.get(&label_path(
            &packed,
            "9",
            storedesk_domain::LabelFormat::Pdf,
        ))
        .await,
        ErrorCode::LabelNotAvailable,
    );
    h.server.stop().await;
}

#[tokio::test]
async fn state_conflicts_carry_the_current_state() {
    let h = harness().await;
    let feed = Feed::Packaging;

    let reassigned = h
        .order_in(WorkOrderKind::ShipFromStore, Status::Reassigned)
        .await;
    let answer = h
        .command(feed, &reassigned, STORE, json!({"slug": "accept"}))
        .await;
    assert_code(&answer, ErrorCode::Reassigned);
    let problem = answer.problem();
    assert_eq!(
        problem.work_order_id.map(|i| i.to_string()),
        Some(reassigned.clone())
    );
    assert_eq!(problem.current_state.map(|s| s.enum_value), Some(960));
    assert!(problem.current_version.is_some());

    let cancelled = h
        .order_in(WorkOrderKind::ShipFromStore, Status::Cancelled)
        .await;
    assert_code(
        &h.command(feed, &cancelled, STORE, json!({"slug": "accept"}))
            .await,
        ErrorCode::WorkOrderCancelled,
    );

    let held = h.create(STORE, WorkOrderKind::ShipFromStore, 1, 1);
    assert!(h.sim.hold(&held, "payment_review"));
    assert_code(
        &h.command(feed, &held, STORE, json!({"slug": "accept"}))
            .await,
        ErrorCode::OnHold,
    );
    assert!(h.sim.release_hold(&held));
    h.ok(feed, &held, STORE, json!({"slug": "accept"})).await;

    let picking = h
        .order_in(WorkOrderKind::ShipFromStore, Status::Picking)
        .await;
    assert_eq!(
        h.sim.request_cancel(&picking),
        Some(storedesk_oms_sim::CancelOutcome::Requested)
    );
    let wo = h.sim.work_order(&picking, STORE).expect("visible");
    let pick = json!({"slug": "pick", "line_id": wo.lines[0].id, "quantity": 1});
    assert_code(
        &h.command(feed, &picking, STORE, pick).await,
        ErrorCode::CancelRequested,
    );
    let ack = h
        .ok(feed, &picking, STORE, json!({"slug": "acknowledge_cancel"}))
        .await;
    assert_eq!(ack["state"]["enum_value"], 950);

    let fresh = h.create(STORE, WorkOrderKind::ShipFromStore, 1, 1);
    let stale = h
        .send(
            h.request(Method::POST, &command_path(feed, &fresh))
                .header("Idempotency-Key", new_key())
                .header("If-Match", "\"9\"")
                .json(&body(STORE, json!({"slug": "accept"}))),
        )
        .await;
    assert_code(&stale, ErrorCode::VersionConflict);
    assert_eq!(stale.problem().current_version, Some(1));
    let current = h
        .send(
            h.request(Method::POST, &command_path(feed, &fresh))
                .header("Idempotency-Key", new_key())
                .header("If-Match", "W/\"1\"")
                .json(&body(STORE, json!({"slug": "accept"}))),
        )
        .await;
    assert_eq!(current.status, StatusCode::OK);
    assert_eq!(current.header("etag"), Some("\"2\""));

    assert_code(
        &h.command(feed, &fresh, STORE, json!({"slug": "pack", "parcels": []}))
            .await,
        ErrorCode::InvalidTransition,
    );
    h.server.stop().await;
}

#[tokio::test]
async fn parameter_errors() {
    let h = harness().await;
    let feed = Feed::Packaging;
    let id = h.create(STORE, WorkOrderKind::ShipFromStore, 1, 2);
    let unknown_reason = h
        .command(
            feed,
            &id,
            STORE,
            json!({"slug": "reject", "reason": "BORED"}),
        )
        .await;
    assert_code(&unknown_reason, ErrorCode::UnknownReason);
    let inactive = h
        .command(
            feed,
            &id,
            STORE,
            json!({"slug": "reject", "reason": "STORE_CLOSED"}),
        )
        .await;
    assert_code(&inactive, ErrorCode::UnknownReason);
    let missing_reason = h.command(feed, &id, STORE, json!({"slug": "reject"})).await;
    assert_code(&missing_reason, ErrorCode::ValidationFailed);
    h.ok(feed, &id, STORE, json!({"slug": "accept"})).await;
    let unknown_line = h
        .command(
            feed,
            &id,
            STORE,
            json!({"slug": "pick", "line_id": "nope", "quantity": 1}),
        )
        .await;
    assert_code(&unknown_line, ErrorCode::ValidationFailed);
    assert_eq!(unknown_line.problem().errors[0].code, "unknown_line");

    let cc = h
        .order_in(WorkOrderKind::ClickAndCollect, Status::ReadyForPickup)
        .await;
    let wrong = h
        .command(Feed::Packaging, &cc, STORE, json!({"slug": "handover_to_customer", "pickup_code": "PU-222222", "collected_by": "X"}))
        .await;
    assert_code(&wrong, ErrorCode::WrongPickupCode);
    h.server.stop().await;
}

#[tokio::test]
async fn transient_errors() {
    let h = harness().await;
    let list = "/api/v1/oms/packages/?stock_location__erp_code=IST-01";
    h.sim.set_faults(Faults {
        rate_limit_rate: 1.0,
        retry_after_secs: 7,
        ..Faults::default()
    });
    let limited = h.get(list).await;
    assert_code(&limited, ErrorCode::RateLimited);
    assert_eq!(limited.header("retry-after"), Some("7"));
    h.sim.set_faults(Faults {
        error_rate: 1.0,
        ..Faults::default()
    });
    let failed = h.get(list).await;
    assert_code(&failed, ErrorCode::ServerError);
    assert_eq!(failed.status, StatusCode::SERVICE_UNAVAILABLE);
    // Faults never touch the admin API.
    let admin = h.get("/admin/faults").await;
    assert_eq!(admin.status, StatusCode::OK);
    assert_eq!(admin.json()["error_rate"], 1.0);
    h.sim.set_faults(Faults::default());
    assert_eq!(h.get(list).await.status, StatusCode::OK);
    h.server.stop().await;
}
