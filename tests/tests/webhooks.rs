//! When the station pulls: a signed OMS webhook makes it pull at once, a forged one is refused; a delayed first pull
//! (a desktop station letting its window start) ends early when a pull is asked for.

use std::time::Duration;

use storedesk_domain::WorkOrderKind;
use storedesk_oms_client::webhook::WebhookReceiver;
use storedesk_tests::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_webhook_triggers_a_pull_and_a_forged_one_is_refused() {
    // A station that would otherwise only pull every ten minutes.
    let h = Harness::with(HarnessOptions {
        sync: Box::new(|c| c.poll_interval = Duration::from_secs(600)),
        ..HarnessOptions::default()
    })
    .await;
    let wo = h.fresh_order(WorkOrderKind::ShipFromStore).await;
    let engine = h.engine.clone();
    let receiver = WebhookReceiver::start(
        "127.0.0.1:0".parse().unwrap(),
        "hook-secret".to_string(),
        move || engine.request_pull(),
    )
    .await
    .expect("receiver listens");
    let tasks = h.engine.spawn();

    // Subscribe the receiver on the OMS, as an installer would.
    let http = reqwest::Client::new();
    let subscribed = http
        .post(format!("http://{}/whisperer/hooks/", h.addr))
        .header("Authorization", format!("Token {}", h.sim.config().token))
        .json(&serde_json::json!({
            "event_type": "*",
            "target_url": receiver.url(),
            "secret_key": "hook-secret",
        }))
        .send()
        .await
        .unwrap();
    assert!(subscribed.status().is_success(), "{}", subscribed.status());

    // An upstream change: the OMS pings, the station pulls, the hold shows up long before the next poll.
    tokio::time::sleep(Duration::from_millis(300)).await;
    h.sim.hold(&wo.id, "AWAITING_PAYMENT");
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while h.view(&wo.id).hold.is_none() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the webhook did not trigger a pull within 10 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // A delivery with a wrong signature is refused and triggers nothing.
    let body = br#"{"event":{"type":"package.updated","uuid":"forged-1"},"payload":{}}"#;
    let forged = http
        .post(receiver.url())
        .header("X-Storedesk-Signature", "sha256=00")
        .body(body.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), reqwest::StatusCode::UNAUTHORIZED);
    let unsigned = http
        .post(receiver.url())
        .body(body.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), reqwest::StatusCode::UNAUTHORIZED);

    h.engine.shutdown();
    tasks.join().await;
    receiver.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delayed_first_pull_waits_until_asked_for() {
    let h = Harness::start().await;
    let wo = h.fresh_order(WorkOrderKind::ShipFromStore).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let store =
        storedesk_store::Store::open(&dir.path().join("counter-2.db")).expect("store opens");
    let store: storedesk_sync::SharedStore = std::sync::Arc::new(std::sync::Mutex::new(store));
    let engine = station_engine(
        &h.sim,
        h.addr,
        store.clone(),
        Duration::from_secs(5),
        Box::new(|c| c.first_pull_after = Duration::from_secs(3600)),
    );
    let cached = |id: &str| store.lock().unwrap().work_order(id).unwrap().is_some();
    let tasks = engine.spawn();
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(!cached(&wo.id), "no pull before the first pull's time");
    engine.request_pull();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !cached(&wo.id) {
        assert!(
            tokio::time::Instant::now() < deadline,
            "a pull asked for did not end the wait"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    engine.shutdown();
    tasks.join().await;
}
