//! Idempotency (`docs/oms-api.md` §6): replays, reuse, in-flight, what is stored and what is not, and a request
//! cut off mid-processing.

mod common;

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::json;
use storedesk_domain::{Feed, WorkOrderKind};
use storedesk_oms_api::endpoints::command_path;
use storedesk_oms_sim::Faults;

use common::{STORE, body, new_key};

#[tokio::test]
async fn a_replay_returns_the_stored_answer_and_applies_nothing() {
    let h = common::start(common::config(0)).await;
    let id = h.create(STORE, WorkOrderKind::ShipFromStore, 1, 1);
    let key = new_key();
    let first = h
        .command_with_key(Feed::Packaging, &id, STORE, json!({"slug": "accept"}), &key)
        .await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.header("idempotent-replayed"), None);
    let second = h
        .command_with_key(Feed::Packaging, &id, STORE, json!({"slug": "accept"}), &key)
        .await;
    assert_eq!(second.status, StatusCode::OK);
    assert_eq!(second.header("idempotent-replayed"), Some("true"));
    assert_eq!(second.body, first.body);
    assert_eq!(second.header("etag"), first.header("etag"));
    let applied = h.sim.applied_commands();
    assert_eq!(applied.len(), 1);
    assert_eq!(applied[0].idempotency_key, key);
    assert_eq!(applied[0].slug, "accept");
    assert_eq!(h.sim.work_order(&id, STORE).expect("visible").version, 2);
    h.server.stop().await;
}

#[tokio::test]
async fn the_body_is_compared_as_json() {
    let h = common::start(common::config(0)).await;
    let id = h.create(STORE, WorkOrderKind::ShipFromStore, 1, 1);
    let key = new_key();
    let path = command_path(Feed::Packaging, &id);
    let compact = serde_json::to_string(&body(STORE, json!({"slug": "accept"}))).expect("json");
    let pretty =
        serde_json::to_string_pretty(&body(STORE, json!({"slug": "accept"}))).expect("json");
    let send = |text: String| {
        h.send(
            h.request(Method::POST, &path)
                .header("Idempotency-Key", &key)
                .header("Content-Type", "application/json")
                .body(text),
        )
    };
    assert_eq!(send(compact).await.status, StatusCode::OK);
    let replay = send(pretty).await;
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    h.server.stop().await;
}

#[tokio::test]
async fn reusing_a_key_for_another_request_is_422() {
    let h = common::start(common::config(0)).await;
    let id = h.create(STORE, WorkOrderKind::ShipFromStore, 1, 1);
    let other = h.create(STORE, WorkOrderKind::ShipFromStore, 1, 1);
    let key = new_key();
    assert_eq!(
        h.command_with_key(Feed::Packaging, &id, STORE, json!({"slug": "accept"}), &key)
            .await
            .status,
        StatusCode::OK
    );
    let different_body = h
        .command_with_key(
            Feed::Packaging,
            &id,
            STORE,
            json!({"slug": "reject", "reason": "OTHER"}),
            &key,
        )
        .await;
    assert_eq!(different_body.problem().code, "idempotency_key_reused");
    let different_order = h
        .command_with_key(
            Feed::Packaging,
            &other,
            STORE,
            json!({"slug": "accept"}),
            &key,
        )
        .await;
    assert_eq!(different_order.problem().code, "idempotency_key_reused");
    assert_eq!(h.sim.applied_commands().len(), 1);
    h.server.stop().await;
}

#[tokio::test]
async fn validation_outcomes_are_stored_conflicts_are_not() {
    let h = common::start(common::config(0)).await;
    let id = h.create(STORE, WorkOrderKind::ShipFromStore, 1, 1);
    // 422: stored and replayed, even after the order changed.
    let key = new_key();
    let bad = json!({"slug": "reject", "reason": "NO_SUCH_REASON"});
    let first = h
        .command_with_key(Feed::Packaging, &id, STORE, bad.clone(), &key)
        .await;
    assert_eq!(first.problem().code, "unknown_reason");
    let again = h
        .command_with_key(Feed::Packaging, &id, STORE, bad, &key)
        .await;
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.body, first.body);

    // 409 on_hold: not stored; the same key goes through once the hold is released.
    assert!(h.sim.hold(&id, "fraud_check"));
    let key = new_key();
    let held = h
        .command_with_key(Feed::Packaging, &id, STORE, json!({"slug": "accept"}), &key)
        .await;
    assert_eq!(held.problem().code, "on_hold");
    assert!(h.sim.release_hold(&id));
    let retried = h
        .command_with_key(Feed::Packaging, &id, STORE, json!({"slug": "accept"}), &key)
        .await;
    assert_eq!(retried.status, StatusCode::OK);
    assert_eq!(retried.header("idempotent-replayed"), None);
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retry_while_processing_is_409_in_flight() {
    let h = common::start(common::config(0)).await;
    let id = h.create(STORE, WorkOrderKind::ShipFromStore, 1, 1);
    h.sim.set_faults(Faults {
        latency_ms: 1_500,
        ..Faults::default()
    });
    let key = new_key();
    let first = h.command_with_key(Feed::Packaging, &id, STORE, json!({"slug": "accept"}), &key);
    let second = async {
        tokio::time::sleep(Duration::from_millis(400)).await;
        h.command_with_key(Feed::Packaging, &id, STORE, json!({"slug": "accept"}), &key)
            .await
    };
    let (first, second) = tokio::join!(first, second);
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(second.problem().code, "idempotency_in_flight");
    assert_eq!(second.header("retry-after"), Some("1"));
    h.sim.set_faults(Faults::default());
    let third = h
        .command_with_key(Feed::Packaging, &id, STORE, json!({"slug": "accept"}), &key)
        .await;
    assert_eq!(third.header("idempotent-replayed"), Some("true"));
    assert_eq!(h.sim.applied_commands().len(), 1);
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_cut_off_mid_processing_frees_its_key() {
    let mut h = common::start(common::config(0)).await;
    let id = h.create(STORE, WorkOrderKind::ShipFromStore, 1, 1);
    let addr = h.server.addr;
    h.sim.set_faults(Faults {
        latency_ms: 5_000,
        ..Faults::default()
    });
    let key = new_key();
    let client = h.client.clone();
    let url = h.url(&command_path(Feed::Packaging, &id));
    let request_body = body(STORE, json!({"slug": "accept"}));
    let key_for_task = key.clone();
    let pending = tokio::spawn(async move {
        client
            .post(url)
            .header("Authorization", format!("Token {}", common::TOKEN))
            .header("Idempotency-Key", key_for_task)
            .json(&request_body)
            .send()
            .await
    });
    tokio::time::sleep(Duration::from_millis(600)).await;
    // The server stops while the command holds its key: the handler is dropped, the client gets no answer.
    h.server.stop().await;
    let outcome = pending.await.expect("task");
    assert!(
        outcome.is_err(),
        "the cut-off request gets a transport error, not an answer"
    );
    assert!(h.sim.applied_commands().is_empty());
    // Restarted on the same address: the key is free again, and the retry is applied once.
    h.server = h
        .sim
        .serve(addr)
        .await
        .expect("serves again on the same address");
    h.sim.set_faults(Faults::default());
    let retry = h
        .command_with_key(Feed::Packaging, &id, STORE, json!({"slug": "accept"}), &key)
        .await;
    assert_eq!(retry.status, StatusCode::OK);
    assert_eq!(retry.header("idempotent-replayed"), None);
    assert_eq!(h.sim.applied_commands().len(), 1);
    h.server.stop().await;
}

#[tokio::test]
async fn keys_expire_after_the_ttl() {
    let h = common::start(storedesk_oms_sim::SimConfig {
        idempotency_ttl: Duration::from_millis(300),
        ..common::config(0)
    })
    .await;
    let id = h.create(STORE, WorkOrderKind::ShipFromStore, 1, 1);
    let key = new_key();
    let accept = json!({"slug": "accept"});
    assert_eq!(
        h.command_with_key(Feed::Packaging, &id, STORE, accept.clone(), &key)
            .await
            .status,
        StatusCode::OK
    );
    tokio::time::sleep(Duration::from_millis(400)).await;
    // Forgotten: processed afresh, and refused by the state machine this time.
    let late = h
        .command_with_key(Feed::Packaging, &id, STORE, accept, &key)
        .await;
    assert_eq!(late.problem().code, "invalid_transition");
    h.server.stop().await;
}
