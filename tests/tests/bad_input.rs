//! Bad input from the OMS: malformed, truncated and oversized JSON, unknown states and commands. Each gets a clear
//! error, and nothing already in the cache or the outbox is lost.
//!
//! The station first syncs real data from the simulator, then talks to a "broken OMS" on another loopback port that
//! answers whatever the test sets.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::http::{Response, StatusCode};
use storedesk_domain::{Command, Feed, Status, WorkOrderKind};
use storedesk_store::OutboxState;
use storedesk_tests::*;

#[derive(Clone)]
struct Canned(Arc<Mutex<(u16, &'static str, Vec<u8>)>>);

impl Canned {
    fn set(&self, status: u16, content_type: &'static str, body: Vec<u8>) {
        *self.0.lock().unwrap() = (status, content_type, body);
    }
}

async fn broken_oms() -> (Canned, std::net::SocketAddr) {
    let canned = Canned(Arc::new(Mutex::new((
        200,
        "application/json",
        b"{}".to_vec(),
    ))));
    let c = canned.clone();
    let app = axum::Router::new().fallback(move || {
        let c = c.clone();
        async move {
            let (status, ct, body) = c.0.lock().unwrap().clone();
            Response::builder()
                .status(StatusCode::from_u16(status).unwrap())
                .header("content-type", ct)
                .body(Body::from(body))
                .unwrap()
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (canned, addr)
}

/// A real page of packages from the simulator, as JSON.
async fn real_page(h: &Harness) -> serde_json::Value {
    let url = format!(
        "http://{}/api/v1/oms/packages/?stock_location__erp_code={STORE}&page_size=5",
        h.addr
    );
    reqwest_get_json(&url, &h.sim.config().token.clone()).await
}

async fn reqwest_get_json(url: &str, token: &str) -> serde_json::Value {
    reqwest::Client::new()
        .get(url)
        .header("Authorization", format!("Token {token}"))
        .send()
        .await
        .expect("simulator answers")
        .json()
        .await
        .expect("a JSON page")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_payloads_get_clear_errors_and_lose_nothing() {
    let h = Harness::start().await;
    let wo = h.fresh_order(WorkOrderKind::ShipFromStore).await;
    h.act(&wo.id, Command::Accept).unwrap();
    let page = real_page(&h).await;
    let cached_before = h.view(&wo.id);
    let cursor_before = h.store.lock().unwrap().cursor(Feed::Packaging).unwrap();

    // The same station, now pointed at a broken OMS.
    let (canned, addr) = broken_oms().await;
    let broken = station_engine(
        &h.sim,
        addr,
        h.store.clone(),
        Duration::from_secs(5),
        Box::new(|_| {}),
    );

    let oversized = {
        let mut v = b"{\"count\":1,\"results\":[\"".to_vec();
        v.extend(std::iter::repeat_n(b'x', 17 * 1024 * 1024));
        v.extend(b"\"]}");
        v
    };
    let truncated = {
        let s = serde_json::to_vec(&page).unwrap();
        s[..s.len() / 2].to_vec()
    };
    let cases: Vec<(&str, u16, &'static str, Vec<u8>)> = vec![
        (
            "malformed",
            200,
            "application/json",
            b"{\"count\": 3, \"results\": [,]}".to_vec(),
        ),
        ("truncated", 200, "application/json", truncated),
        ("oversized", 200, "application/json", oversized),
        (
            "html instead of json",
            200,
            "text/html",
            b"<html>Gateway</html>".to_vec(),
        ),
    ];
    for (name, status, ct, body) in cases {
        canned.set(status, ct, body);
        let err = broken.pull_once().await.expect_err(name);
        assert_eq!(err.code(), "oms_malformed_response", "{name}: {err}");
        let msg = err.to_string();
        assert!(
            msg.contains("cannot read"),
            "{name}: message says what is wrong: {msg}"
        );
        // Nothing in the cache changed, the cursor did not move, the outbox still holds the action.
        assert_eq!(h.view(&wo.id), cached_before, "{name}: cache intact");
        assert_eq!(
            h.store.lock().unwrap().cursor(Feed::Packaging).unwrap(),
            cursor_before,
            "{name}: cursor intact"
        );
        let entries = h.store.lock().unwrap().outbox_entries(&wo.id).unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(
            entries[0].state,
            OutboxState::Pending,
            "{name}: action kept"
        );
    }

    // A command answered with garbage stays pending (it is retried), never dropped.
    canned.set(200, "application/json", b"{\"id\": ".to_vec());
    broken.push_once().await.unwrap();
    let entries = h.store.lock().unwrap().outbox_entries(&wo.id).unwrap();
    assert_eq!(entries[0].state, OutboxState::Pending);
    assert_eq!(
        entries[0].last_error_code.as_deref(),
        Some("oms_malformed_response")
    );
    assert!(entries[0].attempts >= 1);

    // Unknown state and unknown command on single objects: those objects are skipped (and logged), the rest of the
    // page is saved, and the skipped order keeps its cached view.
    let mut bad_page = page.clone();
    let results = bad_page["results"].as_array_mut().unwrap();
    assert!(results.len() >= 3, "a page of at least three orders");
    let victim_state = results[0]["id"].to_string();
    let victim_cmd = results[1]["id"].to_string();
    results[0]["state"]["enum_value"] = serde_json::json!(12345);
    results[1]["commands"] = serde_json::json!(["teleport"]);
    bad_page["next"] = serde_json::Value::Null;
    let before_state = h.view(victim_state.trim_matches('"'));
    let before_cmd = h.view(victim_cmd.trim_matches('"'));
    canned.set(
        200,
        "application/json",
        serde_json::to_vec(&bad_page).unwrap(),
    );
    // Reasons and transfers come from the same canned answer; only the packaging feed matters here.
    let _ = broken.pull_once().await;
    assert_eq!(h.view(victim_state.trim_matches('"')), before_state);
    assert_eq!(h.view(victim_cmd.trim_matches('"')), before_cmd);

    // Finally the real OMS again: the pending accept goes through exactly once.
    h.drain().await;
    assert_eq!(h.applied_slugs(&wo.id), ["accept"]);
    assert_eq!(h.oms_view(&wo.id).status, Status::Accepted);
}
