//! Each injected fault really produces the failure it names, as a reqwest client sees it.

mod common;

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;
use storedesk_domain::{Feed, WorkOrderKind};
use storedesk_oms_api::endpoints::command_path;
use storedesk_oms_sim::Faults;

use common::{STORE, TOKEN, body, new_key};

const LIST: &str = "/api/v1/oms/packages/?stock_location__erp_code=IST-01";

/// Sends an accept for `id` with `key`: the raw result, so transport errors are visible.
async fn accept(
    client: &reqwest::Client,
    base: &str,
    id: &str,
    key: &str,
) -> Result<reqwest::Response, reqwest::Error> {
    client
        .post(format!("{base}{}", command_path(Feed::Packaging, id)))
        .header("Authorization", format!("Token {TOKEN}"))
        .header("Idempotency-Key", key)
        .json(&body(STORE, json!({"slug": "accept"})))
        .send()
        .await
}

#[tokio::test]
async fn server_errors_apply_nothing() {
    let h = common::start(common::config(0)).await;
    let id = h.create(STORE, WorkOrderKind::ShipFromStore, 1, 1);
    h.sim.set_faults(Faults {
        error_rate: 1.0,
        ..Faults::default()
    });
    let answer = accept(&h.client, &h.server.base_url, &id, &new_key())
        .await
        .expect("an answer");
    assert_eq!(answer.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(h.sim.applied_commands().is_empty());
    h.server.stop().await;
}

#[tokio::test]
async fn rate_limits_say_when_to_come_back() {
    let h = common::start(common::config(0)).await;
    h.sim.set_faults(Faults {
        rate_limit_rate: 1.0,
        retry_after_secs: 3,
        ..Faults::default()
    });
    let answer = h.get(LIST).await;
    assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(answer.header("retry-after"), Some("3"));
    h.server.stop().await;
}

#[tokio::test]
async fn latency_delays_answers() {
    let h = common::start(common::config(0)).await;
    h.sim.set_faults(Faults {
        latency_ms: 250,
        ..Faults::default()
    });
    let started = Instant::now();
    assert_eq!(h.get(LIST).await.status, StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(250));
    h.server.stop().await;
}

#[tokio::test]
async fn timeouts_answer_nothing_and_apply_nothing() {
    let h = common::start(common::config(0)).await;
    let id = h.create(STORE, WorkOrderKind::ShipFromStore, 1, 1);
    h.sim.set_faults(Faults {
        timeout_rate: 1.0,
        timeout_ms: 300,
        ..Faults::default()
    });
    // A patient client: the connection is closed after timeout_ms without an answer.
    let started = Instant::now();
    let patient = accept(&h.client, &h.server.base_url, &id, &new_key()).await;
    assert!(patient.is_err(), "{patient:?}");
    assert!(started.elapsed() >= Duration::from_millis(300));
    // An impatient client times out first.
    let impatient = common::client(Duration::from_millis(100));
    let err = accept(&impatient, &h.server.base_url, &id, &new_key())
        .await
        .expect_err("times out");
    assert!(err.is_timeout(), "{err:?}");
    assert!(h.sim.applied_commands().is_empty());
    h.server.stop().await;
}

#[tokio::test]
async fn closed_connections_answer_nothing_and_apply_nothing() {
    let h = common::start(common::config(0)).await;
    let id = h.create(STORE, WorkOrderKind::ShipFromStore, 1, 1);
    h.sim.set_faults(Faults {
        close_rate: 1.0,
        ..Faults::default()
    });
    let result = accept(&h.client, &h.server.base_url, &id, &new_key()).await;
    let err = result.expect_err("no answer");
    assert!(!err.is_timeout(), "closed, not timed out: {err:?}");
    assert!(
        h.client
            .get(h.url(LIST))
            .header("Authorization", format!("Token {TOKEN}"))
            .send()
            .await
            .is_err()
    );
    assert!(h.sim.applied_commands().is_empty());
    h.server.stop().await;
}

#[tokio::test]
async fn dropped_answers_are_applied_and_replayed() {
    let h = common::start(common::config(0)).await;
    let id = h.create(STORE, WorkOrderKind::ShipFromStore, 1, 1);
    h.sim.set_faults(Faults {
        drop_after_apply_rate: 1.0,
        ..Faults::default()
    });
    let key = new_key();
    let lost = accept(&h.client, &h.server.base_url, &id, &key).await;
    assert!(lost.is_err(), "the answer never arrives: {lost:?}");
    assert_eq!(
        h.sim.applied_commands().len(),
        1,
        "but the command was applied"
    );
    h.sim.set_faults(Faults::default());
    let retry = accept(&h.client, &h.server.base_url, &id, &key)
        .await
        .expect("an answer");
    assert_eq!(retry.status(), StatusCode::OK);
    assert_eq!(
        retry
            .headers()
            .get("idempotent-replayed")
            .and_then(|v| v.to_str().ok()),
        Some("true")
    );
    assert_eq!(h.sim.applied_commands().len(), 1);
    h.server.stop().await;
}

#[tokio::test]
async fn stop_refuses_connections_and_serve_resumes() {
    let mut h = common::start(common::config(2)).await;
    let addr = h.server.addr;
    let before = h.get(LIST).await.json();
    h.server.stop().await;
    let refused = h
        .client
        .get(format!("http://{addr}{LIST}"))
        .header("Authorization", format!("Token {TOKEN}"))
        .send()
        .await
        .expect_err("nothing listens");
    assert!(refused.is_connect(), "{refused:?}");
    h.server = h.sim.serve(addr).await.expect("serves again");
    assert_eq!(h.get(LIST).await.json(), before, "the data survived");
    h.server.stop().await;
}

#[tokio::test]
async fn faults_can_be_set_over_the_admin_api() {
    let h = common::start(common::config(0)).await;
    let faults = json!({"error_rate": 0.5, "retry_after_secs": 2, "latency_ms": 10});
    let put = h
        .send(
            h.request(reqwest::Method::PUT, "/admin/faults")
                .json(&faults),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK);
    assert_eq!(
        h.sim.faults(),
        Faults {
            error_rate: 0.5,
            retry_after_secs: 2,
            latency_ms: 10,
            ..Faults::default()
        }
    );
    let invalid = h
        .send(
            h.request(reqwest::Method::PUT, "/admin/faults")
                .json(&json!({"close_rate": 2.0})),
        )
        .await;
    assert_eq!(invalid.status, StatusCode::BAD_REQUEST);
    h.server.stop().await;
}
