//! Claims visible to other stations: two stations of one store (two SQLite files, two sync engines) against one
//! OMS simulator over loopback. A claim travels through the OMS (`docs/oms-api.md` §16), offline first.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use storedesk_domain::{Actor, WorkOrderKind};
use storedesk_oms_client::HttpOmsConnector;
use storedesk_store::{Claim, Store, StoreError};
use storedesk_sync::{SharedStore, SyncEngine};
use storedesk_tests::*;

/// The second station of the store: its own database and engine, the same OMS.
struct Station {
    _dir: tempfile::TempDir,
    store: SharedStore,
    engine: SyncEngine<HttpOmsConnector>,
}

fn second_station(h: &Harness) -> Station {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&dir.path().join("counter-2.db")).expect("store opens");
    let store: SharedStore = Arc::new(Mutex::new(store));
    let engine = station_engine(
        &h.sim,
        h.addr,
        store.clone(),
        Duration::from_secs(5),
        Box::new(|_| {}),
    );
    Station {
        _dir: dir,
        store,
        engine,
    }
}

fn mehmet() -> Actor {
    Actor {
        user_id: "u-2".into(),
        user_name: "Mehmet Kaya".into(),
        station: "Counter 2".into(),
    }
}

fn elif_manager() -> Actor {
    Actor {
        user_id: "u-3".into(),
        user_name: "Elif Şahin".into(),
        station: "Counter 2".into(),
    }
}

fn claim(store: &SharedStore, id: &str, who: &Actor) -> Result<Claim, StoreError> {
    store.lock().unwrap().claim(id, who, Utc::now())
}

fn release(store: &SharedStore, id: &str, who: &Actor, manager: bool) -> bool {
    store
        .lock()
        .unwrap()
        .release(id, who, manager, Utc::now())
        .expect("release recorded")
}

fn claim_of(store: &SharedStore, id: &str) -> Option<Claim> {
    store.lock().unwrap().claim_of(id).expect("store readable")
}

/// Both stations' sync cycles, A first.
async fn sync_both(h: &Harness, b: &Station) {
    h.engine.pull_once().await.expect("station A syncs");
    b.engine.pull_once().await.expect("station B syncs");
}

/// The OMS's claims on `id`: (holder id, station).
fn oms_claims(h: &Harness, id: &str) -> Vec<(String, String)> {
    h.sim
        .claims(STORE)
        .into_iter()
        .filter(|c| c.work_order_id == id)
        .map(|c| (c.holder.user_id, c.holder.station))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_claim_is_seen_by_the_other_station_and_blocks_it() {
    let h = Harness::start().await;
    let b = second_station(&h);
    let wo = h.fresh_order(WorkOrderKind::ShipFromStore).await;
    b.engine.pull_once().await.expect("B's first sync");

    // A claims: visible on A at once, on B after both sync.
    claim(&h.store, &wo.id, &h.actor).expect("A claims");
    assert_eq!(claim_of(&b.store, &wo.id), None, "not synced yet");
    sync_both(&h, &b).await;
    let seen = claim_of(&b.store, &wo.id).expect("B sees A's claim");
    assert_eq!(
        (seen.user_name.as_str(), seen.station.as_str()),
        ("Ayşe Demir", "pack-1")
    );
    assert!(seen.confirmed(), "with the OMS's lease end");
    assert_eq!(
        oms_claims(&h, &wo.id),
        [("u-1".to_string(), "pack-1".to_string())]
    );
    // The claim is not a change of the work order.
    assert_eq!(h.oms_view(&wo.id).version, wo.version);

    // B's claim is refused, naming the holder and station.
    let err = claim(&b.store, &wo.id, &mehmet()).unwrap_err();
    assert_eq!(err.code(), "claimed_by_other");
    let message = err.to_string();
    assert!(
        message.contains("Ayşe Demir") && message.contains("pack-1"),
        "{message}"
    );
    // B (not a manager) can't release it either.
    let err = b
        .store
        .lock()
        .unwrap()
        .release(&wo.id, &mehmet(), false, Utc::now())
        .unwrap_err();
    assert_eq!(err.code(), "claimed_by_other");

    // A releases; after the sync B claims.
    assert!(release(&h.store, &wo.id, &h.actor, false));
    sync_both(&h, &b).await;
    assert!(oms_claims(&h, &wo.id).is_empty());
    assert_eq!(claim_of(&b.store, &wo.id), None);
    claim(&b.store, &wo.id, &mehmet()).expect("B claims now");
    b.engine.pull_once().await.expect("B syncs");
    h.engine.pull_once().await.expect("A syncs");
    assert_eq!(
        oms_claims(&h, &wo.id),
        [("u-2".to_string(), "Counter 2".to_string())]
    );
    let seen = claim_of(&h.store, &wo.id).expect("A sees B's claim");
    assert_eq!(seen.user_name, "Mehmet Kaya");

    // A manager at station A forces the release of Mehmet's claim.
    let manager = Actor {
        station: "pack-1".into(),
        ..elif_manager()
    };
    assert!(release(&h.store, &wo.id, &manager, true));
    h.engine.pull_once().await.expect("A syncs");
    assert!(oms_claims(&h, &wo.id).is_empty(), "forced at the OMS");
    b.engine.pull_once().await.expect("B syncs");
    assert_eq!(claim_of(&b.store, &wo.id), None, "B sees it released");
    assert_eq!(b.store.lock().unwrap().pending_claim_ops().unwrap(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_both_claim_offline_the_first_to_reach_the_oms_wins() {
    let h = Harness::start().await;
    let b = second_station(&h);
    let wo = h.fresh_order(WorkOrderKind::ClickAndCollect).await;
    b.engine.pull_once().await.expect("B's first sync");

    // Neither knows of the other's claim.
    claim(&h.store, &wo.id, &h.actor).expect("A claims");
    claim(&b.store, &wo.id, &mehmet()).expect("B claims");
    h.engine.pull_once().await.expect("A syncs first");
    b.engine.pull_once().await.expect("B syncs");

    // Exactly one claim at the OMS: A's. B dropped its own and shows who has it, and why.
    assert_eq!(
        oms_claims(&h, &wo.id),
        [("u-1".to_string(), "pack-1".to_string())]
    );
    let seen = claim_of(&b.store, &wo.id).expect("B shows A's claim");
    assert_eq!(seen.user_id, "u-1");
    let notice = b.store.lock().unwrap().claim_notice(&wo.id).unwrap();
    assert_eq!(
        notice.as_deref(),
        Some("Ayşe Demir at pack-1 claimed this first")
    );
    let refusal = b.engine.status().last_claim_refusal.expect("reported");
    assert_eq!(
        (
            refusal.by.as_str(),
            refusal.station.as_str(),
            refusal.work_order_id.as_str()
        ),
        ("Ayşe Demir", "pack-1", wo.id.as_str())
    );
    assert_eq!(b.engine.status().claims_pending, 0);
    let audit = b.store.lock().unwrap().audit_log(Some(&wo.id), 5).unwrap();
    assert_eq!(audit[0].action, "claim_refused");
    // A still holds it.
    assert_eq!(claim_of(&h.store, &wo.id).unwrap().user_id, "u-1");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_claim_made_while_the_oms_is_down_is_sent_when_it_is_back() {
    let mut h = Harness::start().await;
    let b = second_station(&h);
    let wo = h.fresh_order(WorkOrderKind::ShipFromStore).await;
    b.engine.pull_once().await.expect("B's first sync");

    h.stop_oms().await;
    let local = claim(&h.store, &wo.id, &h.actor).expect("claims offline");
    assert!(!local.confirmed());
    let shown = claim_of(&h.store, &wo.id).expect("visible at once");
    assert_eq!((shown.user_id, shown.expires_at), (local.user_id, None));
    assert!(h.engine.pull_once().await.is_err(), "the OMS is down");
    h.engine.push_claims().await.expect("the queue survives");
    assert_eq!(h.store.lock().unwrap().pending_claim_ops().unwrap(), 1);
    assert!(!h.engine.status().online);

    h.start_oms().await;
    // Retries are backed off: sync until the queue is empty (at most 10 s).
    for _ in 0..100 {
        let _ = h.engine.pull_once().await;
        if h.store.lock().unwrap().pending_claim_ops().unwrap() == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(h.store.lock().unwrap().pending_claim_ops().unwrap(), 0);
    // Sent again and again is still one claim.
    h.engine.pull_once().await.expect("A syncs");
    assert_eq!(
        oms_claims(&h, &wo.id),
        [("u-1".to_string(), "pack-1".to_string())]
    );
    assert!(claim_of(&h.store, &wo.id).unwrap().confirmed());
    b.engine.pull_once().await.expect("B syncs");
    assert_eq!(claim_of(&b.store, &wo.id).unwrap().station, "pack-1");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_claim_expires_unless_renewed() {
    let h = Harness::with(HarnessOptions {
        sync: Box::new(|c| c.claim_ttl = Some(Duration::from_secs(1))),
        ..HarnessOptions::default()
    })
    .await;
    let b = second_station(&h);
    let wo = h.fresh_order(WorkOrderKind::ShipFromStore).await;
    b.engine.pull_once().await.expect("B's first sync");

    claim(&h.store, &wo.id, &h.actor).expect("A claims for 1 s");
    sync_both(&h, &b).await;
    assert!(claim_of(&b.store, &wo.id).is_some());
    tokio::time::sleep(Duration::from_millis(1200)).await;
    // Expired: B counts it as none even before its next sync, and may claim.
    assert_eq!(claim_of(&b.store, &wo.id), None);
    claim(&b.store, &wo.id, &mehmet()).expect("B claims the expired order");
    b.engine.pull_once().await.expect("B syncs");
    assert_eq!(
        oms_claims(&h, &wo.id),
        [("u-2".to_string(), "Counter 2".to_string())]
    );
    h.engine.pull_once().await.expect("A syncs");
    assert_eq!(claim_of(&h.store, &wo.id).unwrap().user_name, "Mehmet Kaya");
}
