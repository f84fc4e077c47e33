//! Every flow of every kind, end to end: clerk action → store transaction → sync → the simulator over loopback.

use std::time::Duration;

use storedesk_domain::*;
use storedesk_store::StoreError;
use storedesk_tests::*;

fn reason(h: &Harness) -> String {
    let store = h.store.lock().unwrap();
    store
        .reasons()
        .unwrap()
        .active()
        .next()
        .expect("the OMS has reasons")
        .code
        .clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ship_from_store_from_accept_to_carrier_handover() {
    let h = Harness::start().await;
    let wo = h.fresh_order(WorkOrderKind::ShipFromStore).await;
    h.act(&wo.id, Command::Accept).unwrap();

    // A wrong scan is refused locally and records nothing.
    let accepted = h.view(&wo.id);
    let err = scan_pick(&accepted, "5901234123457").unwrap_err();
    assert_eq!(err.code(), "wrong_item");
    let err = scan_pick(&accepted, "4006381333932").unwrap_err();
    assert_eq!(err.code(), "unknown_barcode");

    scan_all(&h, &wo.id);
    h.act(&wo.id, Command::CompletePick).unwrap();
    let picked = h.view(&wo.id);
    h.act(&wo.id, pack_all(&picked)).unwrap();
    h.drain().await;

    // The OMS answered the pack with the parcel's carrier, tracking number and label.
    let packed = h.view(&wo.id);
    assert_eq!(packed.status, Status::Packed);
    let parcel = &packed.parcels[0];
    assert!(
        parcel.tracking_number.is_some(),
        "tracking number from the OMS"
    );
    assert!(parcel.label_formats.contains(&LabelFormat::Pdf));
    let label = h
        .engine
        .connector()
        .fetch_label(&wo.id, &parcel.parcel_ref, LabelFormat::Pdf)
        .await
        .expect("label downloads");
    assert!(label.starts_with(b"%PDF"), "a PDF label");
    let zpl = h
        .engine
        .connector()
        .fetch_label(&wo.id, &parcel.parcel_ref, LabelFormat::Zpl)
        .await
        .expect("zpl label downloads");
    let zpl = String::from_utf8(zpl).unwrap();
    assert!(zpl.starts_with("^XA") && zpl.trim_end().ends_with("^XZ"));

    h.act(
        &wo.id,
        Command::AttachLabel {
            parcel_ref: "1".into(),
            tracking_number: None,
        },
    )
    .unwrap();
    h.act(
        &wo.id,
        Command::HandoverToCarrier {
            parcel_refs: vec!["1".into()],
        },
    )
    .unwrap();
    h.drain().await;

    assert_eq!(h.oms_view(&wo.id).status, Status::Shipped);
    assert_eq!(h.view(&wo.id).status, Status::Shipped);
    let slugs = h.applied_slugs(&wo.id);
    let units: u32 = wo.lines.iter().map(|l| l.requested).sum();
    assert_eq!(slugs.first().map(String::as_str), Some("accept"));
    assert_eq!(slugs.iter().filter(|s| *s == "pick").count() as u32, units);
    assert_eq!(
        &slugs[slugs.len() - 4..],
        [
            "complete_pick",
            "pack",
            "attach_label",
            "handover_to_carrier"
        ]
    );
    // Every action is in the audit log with who and where.
    let store = h.store.lock().unwrap();
    let audit = store.audit_log(Some(&wo.id), 1000).unwrap();
    assert!(
        audit
            .iter()
            .any(|a| a.user_name == "Ayşe Demir" && a.station == "pack-1")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn click_and_collect_with_pickup_code() {
    let h = Harness::start().await;
    let wo = h.fresh_order(WorkOrderKind::ClickAndCollect).await;
    h.act(&wo.id, Command::Accept).unwrap();
    scan_all(&h, &wo.id);
    h.act(&wo.id, Command::CompletePick).unwrap();
    h.act(&wo.id, pack_all(&h.view(&wo.id))).unwrap();
    h.act(
        &wo.id,
        Command::MarkReadyForPickup {
            shelf_location: "B-07".into(),
        },
    )
    .unwrap();
    h.drain().await;
    assert_eq!(h.oms_view(&wo.id).status, Status::ReadyForPickup);

    // At the counter: a wrong code is refused locally, the right one hands the order over.
    let wrong = h
        .act(
            &wo.id,
            Command::HandoverToCustomer {
                pickup_code: "PU-ZZZZZZ".into(),
                collected_by: "Ana Souza".into(),
            },
        )
        .unwrap_err();
    assert!(matches!(
        wrong,
        StoreError::Domain(DomainError::WrongPickupCode)
    ));
    let code = h
        .sim
        .pickup_code(&wo.id)
        .expect("the simulator knows the code");
    h.act(
        &wo.id,
        Command::HandoverToCustomer {
            pickup_code: code,
            collected_by: "Ana Souza".into(),
        },
    )
    .unwrap();
    h.drain().await;
    let oms = h.oms_view(&wo.id);
    assert_eq!(oms.status, Status::Collected);
    assert_eq!(oms.pickup.unwrap().shelf_location.as_deref(), Some("B-07"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn partial_reject_with_reason_and_whole_reject() {
    let h = Harness::start().await;
    let wo = h.fresh_order(WorkOrderKind::ShipFromStore).await;
    let reason = reason(&h);
    let line = wo.lines[0].clone();
    h.act(
        &wo.id,
        Command::RejectLines {
            lines: vec![LineQuantity {
                line_id: line.id.clone(),
                quantity: 1,
                reason: reason.clone(),
                note: Some("shelf empty".into()),
            }],
        },
    )
    .unwrap();
    // A reason the OMS does not know is refused before anything is recorded.
    let err = h
        .act(
            &wo.id,
            Command::Reject {
                reason: "NOT_A_REASON".into(),
                note: None,
            },
        )
        .unwrap_err();
    assert!(matches!(
        err,
        StoreError::Domain(DomainError::UnknownReason { .. })
    ));
    h.drain().await;
    let oms = h.oms_view(&wo.id);
    let oms_line = oms.line(&line.id).unwrap();
    assert_eq!(oms_line.rejected, 1);
    assert_eq!(oms_line.rejections[0].reason, reason);
    assert_eq!(oms_line.rejections[0].note.as_deref(), Some("shelf empty"));

    let other = h
        .open_orders(WorkOrderKind::ShipFromStore, Status::Assigned)
        .into_iter()
        .find(|o| o.id != wo.id)
        .expect("a second order");
    h.act(
        &other.id,
        Command::Reject {
            reason: reason.clone(),
            note: None,
        },
    )
    .unwrap();
    h.drain().await;
    assert_eq!(h.oms_view(&other.id).status, Status::Rejected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transfers_out_and_in() {
    let h = Harness::start().await;
    let out = h.fresh_order(WorkOrderKind::TransferOut).await;
    h.act(&out.id, Command::Accept).unwrap();
    scan_all(&h, &out.id);
    h.act(&out.id, Command::CompletePick).unwrap();
    h.act(&out.id, pack_all(&h.view(&out.id))).unwrap();
    h.act(
        &out.id,
        Command::Dispatch {
            carrier: "Aras Kargo".into(),
            tracking_number: "ARS-991".into(),
        },
    )
    .unwrap();
    h.drain().await;
    assert_eq!(h.oms_view(&out.id).status, Status::Dispatched);

    let inbound = h.fresh_order(WorkOrderKind::TransferIn).await;
    let lines: Vec<ReceiveLine> = inbound
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| ReceiveLine {
            line_id: l.id.clone(),
            received: l.requested - u32::from(i == 0),
            damaged: u32::from(i == 0),
            missing: 0,
            note: (i == 0).then(|| "wet carton".into()),
        })
        .collect();
    h.act(&inbound.id, Command::Receive { lines }).unwrap();
    h.drain().await;
    let oms = h.oms_view(&inbound.id);
    assert_eq!(oms.status, Status::Received);
    assert_eq!(oms.lines[0].damaged, 1);
    assert_eq!(oms.lines[0].receive_note.as_deref(), Some("wet carton"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_actions_are_kept_and_applied_once_when_the_oms_returns() {
    let mut h = Harness::start().await;
    let wo = h.fresh_order(WorkOrderKind::ShipFromStore).await;
    h.stop_oms().await;

    h.act(&wo.id, Command::Accept).unwrap();
    let first = wo.lines[0].clone();
    h.act(
        &wo.id,
        Command::Pick {
            line_id: first.id.clone(),
            quantity: 1,
            barcode: None,
        },
    )
    .unwrap();
    let report = h.engine.push_once().await.unwrap();
    assert_eq!(report.done, 0);
    let status = h.engine.status();
    assert!(!status.online, "the station knows it is offline");
    assert_eq!(status.pending, 2);
    // The clerk keeps seeing their work while offline.
    let view = h.view(&wo.id);
    assert_eq!(view.status, Status::Picking);
    assert_eq!(view.line(&first.id).unwrap().picked, 1);

    h.start_oms().await;
    h.drain().await;
    assert_eq!(h.applied_slugs(&wo.id), ["accept", "pick"]);
    assert!(h.engine.status().online);
    assert_eq!(h.engine.status().pending, 0);
    assert_eq!(h.oms_view(&wo.id).line(&first.id).unwrap().picked, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_request_while_picking_parks_the_action_and_is_acknowledged() {
    let h = Harness::start().await;
    let wo = h.fresh_order(WorkOrderKind::ShipFromStore).await;
    h.act(&wo.id, Command::Accept).unwrap();
    let line = wo.lines[0].id.clone();
    h.act(
        &wo.id,
        Command::Pick {
            line_id: line.clone(),
            quantity: 1,
            barcode: None,
        },
    )
    .unwrap();
    h.drain().await;

    h.sim.request_cancel(&wo.id);
    // The clerk, not yet synced, scans one more item.
    let second = h
        .view(&wo.id)
        .lines
        .iter()
        .find(|l| l.remaining_to_pick() > 0)
        .cloned();
    let Some(second) = second else {
        panic!("order has more than one unit to pick");
    };
    h.act(
        &wo.id,
        Command::Pick {
            line_id: second.id.clone(),
            quantity: 1,
            barcode: None,
        },
    )
    .unwrap();
    h.engine.push_once().await.unwrap();

    // Parked with the OMS's reason, the order refreshed with the cancel request, nothing silently dropped.
    let parked = h.store.lock().unwrap().parked().unwrap();
    assert_eq!(parked.len(), 1);
    assert_eq!(parked[0].code, "cancel_requested");
    assert_eq!(h.engine.status().parked, 1);
    let view = h.view(&wo.id);
    assert!(
        view.cancel_request.is_some(),
        "the clerk sees the cancel request"
    );
    assert_eq!(
        allowed_commands(&view),
        vec![CommandKind::AcknowledgeCancel]
    );

    // The manager discards the parked scan (audited); the clerk puts the items back and acknowledges.
    let manager = Actor {
        user_id: "m-1".into(),
        user_name: "Store Manager".into(),
        station: "office".into(),
    };
    h.store
        .lock()
        .unwrap()
        .discard_parked(&parked[0].command_id, &manager, chrono::Utc::now())
        .unwrap();
    h.act(&wo.id, Command::AcknowledgeCancel).unwrap();
    h.drain().await;
    assert_eq!(h.oms_view(&wo.id).status, Status::Cancelled);
    assert_eq!(
        h.applied_slugs(&wo.id),
        ["accept", "pick", "acknowledge_cancel"]
    );
    let audit = h
        .store
        .lock()
        .unwrap()
        .audit_log(Some(&wo.id), 100)
        .unwrap();
    assert!(audit.iter().any(|a| a.user_name == "Store Manager"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reassigned_and_held_orders_park_without_blocking_others() {
    let h = Harness::start().await;
    h.engine.pull_once().await.unwrap();
    let orders = h.open_orders(WorkOrderKind::ShipFromStore, Status::Assigned);
    let (a, b, c) = (&orders[0], &orders[1], &orders[2]);
    h.sim.reassign(&a.id, "IST-02");
    h.sim.hold(&b.id, "AWAITING_PAYMENT");
    for o in [a, b, c] {
        h.act(&o.id, Command::Accept).unwrap();
    }
    h.engine.push_once().await.unwrap();
    let parked = h.store.lock().unwrap().parked().unwrap();
    let mut codes: Vec<_> = parked.iter().map(|p| p.code.as_str()).collect();
    codes.sort();
    assert_eq!(codes, ["on_hold", "reassigned"]);
    // The third order went through.
    assert_eq!(h.applied_slugs(&c.id), ["accept"]);
    assert_eq!(h.view(&a.id).status, Status::Reassigned);
    assert!(h.view(&b.id).hold.is_some());

    // After the hold is released, a retry of the parked command succeeds.
    h.sim.release_hold(&b.id);
    let held = parked.iter().find(|p| p.code == "on_hold").unwrap();
    h.store
        .lock()
        .unwrap()
        .retry_parked(&held.command_id, &h.actor, chrono::Utc::now())
        .unwrap();
    h.drain().await;
    assert_eq!(h.applied_slugs(&b.id), ["accept"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stale_version_is_rebased_when_still_valid_and_parked_when_not() {
    let h = Harness::start().await;
    let id = h.sim.create_order(storedesk_oms_sim::NewOrderSpec {
        lines: Some(2),
        quantity: Some(3),
        ..storedesk_oms_sim::NewOrderSpec::new(STORE, WorkOrderKind::ShipFromStore)
    });
    h.engine.pull_once().await.unwrap();
    let wo = h.view(&id);
    h.act(&wo.id, Command::Accept).unwrap();
    h.drain().await;

    // A second station of the same store works the same order.
    let dir2 = tempfile::tempdir().unwrap();
    let store2 = std::sync::Arc::new(std::sync::Mutex::new(
        storedesk_store::Store::open(&dir2.path().join("other.db")).unwrap(),
    ));
    let other = station_engine(
        &h.sim,
        h.addr,
        store2.clone(),
        Duration::from_secs(5),
        Box::new(|_| {}),
    );
    other.pull_once().await.unwrap();
    let line = wo.lines[0].id.clone();
    let pick = Command::Pick {
        line_id: line.clone(),
        quantity: 1,
        barcode: None,
    };
    store2
        .lock()
        .unwrap()
        .record_action(&storedesk_store::NewAction {
            work_order_id: wo.id.clone(),
            command: pick.clone(),
            actor: h.actor.clone(),
            at: chrono::Utc::now(),
        })
        .unwrap();
    assert!(other.drain(Duration::from_secs(10)).await.unwrap());

    // Our station acts on the old version: a pick still fits on top of the other station's, so it is rebased.
    h.act(&wo.id, pick.clone()).unwrap();
    h.drain().await;
    assert_eq!(h.oms_view(&wo.id).line(&line).unwrap().picked, 2);
    assert_eq!(h.applied_slugs(&wo.id), ["accept", "pick", "pick"]);

    // The other station rejects everything left; our stale complete_pick no longer fits and is parked.
    let reason = reason(&h);
    other.pull_once().await.unwrap();
    store2
        .lock()
        .unwrap()
        .record_action(&storedesk_store::NewAction {
            work_order_id: wo.id.clone(),
            command: Command::Reject { reason, note: None },
            actor: h.actor.clone(),
            at: chrono::Utc::now(),
        })
        .unwrap();
    assert!(other.drain(Duration::from_secs(10)).await.unwrap());
    scan_all(&h, &wo.id);
    h.engine.push_once().await.unwrap();
    let parked = h.store.lock().unwrap().parked().unwrap();
    assert_eq!(parked.len(), 1, "{parked:?}");
    assert!(
        ["version_conflict", "invalid_transition"].contains(&parked[0].code.as_str()),
        "parked as a conflict: {}",
        parked[0].code
    );
    assert_eq!(
        h.view(&wo.id).status,
        Status::Rejected,
        "the view shows the OMS state"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_sync_reports_progress_and_incremental_pulls_fetch_only_changes() {
    let h = Harness::with(HarnessOptions {
        sim: storedesk_oms_sim::SimConfig {
            stores: vec![STORE.to_string()],
            orders_per_store: 450,
            ..Default::default()
        },
        sync: Box::new(|c| c.page_size = 100),
        ..HarnessOptions::default()
    })
    .await;
    let mut status = h.engine.subscribe();
    let watcher = tokio::spawn(async move {
        let mut seen = Vec::new();
        while status.changed().await.is_ok() {
            if let Some(p) = status.borrow_and_update().progress.clone() {
                seen.push(p);
            }
        }
        seen
    });
    let first = h.engine.pull_once().await.unwrap();
    assert!(first.work_orders >= 450);
    assert!(first.pages >= 5);
    let again = h.engine.pull_once().await.unwrap();
    assert_eq!(again.work_orders, 0, "nothing changed, nothing fetched");
    let one = h.fresh_order(WorkOrderKind::ShipFromStore).await;
    h.sim.hold(&one.id, "CHECK");
    let after = h.engine.pull_once().await.unwrap();
    assert_eq!(after.work_orders, 1, "only the changed order");
    assert!(h.view(&one.id).hold.is_some());
    drop(h);
    let seen = watcher.await.unwrap();
    // Progress is a watch value: intermediate states may be coalesced, but what is seen is consistent.
    let packaging: Vec<_> = seen.iter().filter(|p| p.feed == "packaging").collect();
    assert!(
        !packaging.is_empty(),
        "progress reported during the first sync"
    );
    assert!(
        packaging
            .iter()
            .all(|p| p.pages_total >= 2 && p.pages_done <= p.pages_total)
    );
    assert!(
        packaging
            .windows(2)
            .all(|w| w[0].pages_done <= w[1].pages_done)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pull_never_hides_actions_not_yet_sent() {
    let mut h = Harness::start().await;
    let wo = h.fresh_order(WorkOrderKind::ShipFromStore).await;
    h.stop_oms().await;
    h.act(&wo.id, Command::Accept).unwrap();
    h.start_oms().await;
    // Something else changes the order upstream; the pulled snapshot is still "assigned".
    h.sim.hold(&wo.id, "CHECK");
    h.sim.release_hold(&wo.id);
    h.engine.pull_once().await.unwrap();
    assert_eq!(
        h.view(&wo.id).status,
        Status::Accepted,
        "the local accept stays visible"
    );
    h.drain().await;
    assert_eq!(h.oms_view(&wo.id).status, Status::Accepted);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oms_that_ignores_idempotency_keys_still_gets_each_state_change_once() {
    let h = Harness::start().await;
    let wo = h.fresh_order(WorkOrderKind::ShipFromStore).await;
    h.act(&wo.id, Command::Accept).unwrap();
    // The OMS applies the accept but the answer is lost, and it keeps no record of the key.
    h.sim.set_faults(storedesk_oms_sim::Faults {
        ignore_idempotency_keys: true,
        drop_after_apply_rate: 1.0,
        ..Default::default()
    });
    let first = h.engine.push_once().await.unwrap();
    assert_eq!(first.done, 0);
    h.sim.set_faults(storedesk_oms_sim::Faults {
        ignore_idempotency_keys: true,
        ..Default::default()
    });
    // The retry is refused as an invalid transition; the order is already accepted, which is success.
    h.drain().await;
    assert_eq!(h.applied_slugs(&wo.id), ["accept"]);
    assert_eq!(h.store.lock().unwrap().parked().unwrap().len(), 0);
    assert_eq!(h.view(&wo.id).status, Status::Accepted);
}
