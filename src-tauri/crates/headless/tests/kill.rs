//! Kill test: a headless station (sync engine + scripted clerk) is killed with SIGKILL at random moments while
//! commands are in flight, and restarted, again and again. Afterwards: no acknowledged action lost, none applied
//! twice, and `PRAGMA integrity_check` was ok after every kill.
//!
//! `STOREDESK_KILL_CYCLES=1000 cargo test -p storedesk-headless --test kill -- --nocapture` runs the long version;
//! CI runs 30 cycles.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rand::{Rng, SeedableRng};
use storedesk_oms_client::{ApiToken, ClientConfig, HttpOmsConnector};
use storedesk_oms_sim::{Faults, SimConfig, Simulator};
use storedesk_store::{OutboxState, Store};
use storedesk_sync::{SyncConfig, SyncEngine};

const STORE: &str = "IST-01";

fn cycles() -> usize {
    std::env::var("STOREDESK_KILL_CYCLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30)
}

fn spawn_station(db: &Path, url: &str, token: &str, seed: u64) -> Child {
    Command::new(env!("CARGO_BIN_EXE_storedesk-headless"))
        .args([
            "station",
            "--db",
            db.to_str().expect("utf-8 path"),
            "--oms-url",
            url,
            "--store",
            STORE,
            "--autopilot",
            "--action-ms",
            "2",
            "--poll-ms",
            "300",
            "--timeout-ms",
            "1500",
            "--seed",
            &seed.to_string(),
        ])
        .env("STOREDESK_OMS_TOKEN", token)
        .env("STOREDESK_LOG", "error")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("station starts")
}

fn integrity_ok(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).expect("db opens after kill");
    conn.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0))
        .expect("integrity_check runs")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_loses_nothing_and_applies_nothing_twice() {
    let sim = Simulator::new(SimConfig {
        seed: 99,
        stores: vec![STORE.into()],
        orders_per_store: 400,
        ..SimConfig::default()
    });
    // Slow, flaky answers keep commands in flight when the kill lands.
    sim.set_faults(Faults {
        latency_ms: 15,
        drop_after_apply_rate: 0.05,
        error_rate: 0.05,
        ..Faults::default()
    });
    let server = sim.serve("127.0.0.1:0".parse().unwrap()).await.unwrap();
    let url = server.base_url.clone();
    let token = sim.config().token.clone();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("station.db");

    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
    let acked: Arc<Mutex<HashMap<String, String>>> = Arc::default();
    let n = cycles();
    for cycle in 0..n {
        let mut child = spawn_station(&db, &url, &token, cycle as u64);
        let stdout = child.stdout.take().expect("stdout piped");
        let acked_here = acked.clone();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let mut parts = line.split_whitespace();
                if parts.next() == Some("ACK")
                    && let (Some(id), Some(wo)) = (parts.next(), parts.next())
                {
                    acked_here
                        .lock()
                        .unwrap()
                        .insert(id.to_string(), wo.to_string());
                }
            }
        });
        let wait = Duration::from_millis(rng.random_range(150..900));
        tokio::time::sleep(wait).await;
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");
        reader.join().expect("reader");
        let check = integrity_ok(&db);
        assert_eq!(check, "ok", "integrity_check after kill {cycle}");
    }

    // Let sync finish without faults, in-process, on the same database.
    sim.set_faults(Faults::default());
    let store = Arc::new(Mutex::new(Store::open(&db).unwrap()));
    let connector = HttpOmsConnector::new(ClientConfig::new(
        url::Url::parse(&url).unwrap(),
        ApiToken::new(token.clone()),
        STORE,
    ))
    .unwrap();
    let engine = SyncEngine::new(connector, store.clone(), SyncConfig::new(STORE));
    engine.pull_once().await.expect("pull after the kills");
    if !engine.drain(Duration::from_secs(120)).await.unwrap() {
        let s = store.lock().unwrap();
        let stuck: Vec<_> = s
            .due_commands(chrono::Utc::now() + chrono::Duration::days(1), 20)
            .unwrap()
            .into_iter()
            .map(|e| {
                (
                    e.slug,
                    e.attempts,
                    e.last_error_code,
                    e.last_error_message,
                    e.next_attempt_at,
                )
            })
            .collect();
        let parked = s.parked().unwrap();
        panic!("outbox did not drain; stuck heads: {stuck:#?}; parked: {parked:#?}");
    }

    server.stop().await;
    let acked = acked.lock().unwrap().clone();
    assert!(
        acked.len() >= n,
        "the station acknowledged {} actions in {n} cycles",
        acked.len()
    );
    let applied = sim.applied_commands();
    let applied_keys: HashSet<&str> = applied.iter().map(|c| c.idempotency_key.as_str()).collect();
    assert_eq!(applied_keys.len(), applied.len(), "0 applied twice");

    let store = store.lock().unwrap();
    let mut lost = Vec::new();
    for (command_id, wo) in &acked {
        let entries = store.outbox_entries(wo).unwrap();
        match entries.iter().find(|e| &e.command_id == command_id) {
            Some(e)
                if e.state == OutboxState::Done && applied_keys.contains(command_id.as_str()) => {}
            other => lost.push((command_id.clone(), other.map(|e| e.state))),
        }
    }
    assert!(lost.is_empty(), "acknowledged actions lost: {lost:?}");
    // Nothing reached the OMS that the station did not record.
    for c in &applied {
        let entries = store.outbox_entries(&c.work_order_id).unwrap();
        assert!(
            entries.iter().any(|e| e.command_id == c.idempotency_key),
            "applied command {} is in the station's outbox",
            c.idempotency_key
        );
    }
    eprintln!(
        "kill: {n} SIGKILL cycles, {} acknowledged actions, {} applied, 0 lost, 0 duplicated",
        acked.len(),
        applied.len()
    );
}
