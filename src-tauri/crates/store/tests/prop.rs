//! Property: whatever mix of valid and invalid clerk actions, pulls (newer, older, with upstream changes),
//! acknowledgements, retries, parks and discards happens, no recorded outbox command is ever lost or rewritten,
//! and every view is the snapshot with the unsent commands replayed and keeps its quantity invariants.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::*;
use proptest::prelude::*;
use storedesk_domain::{
    Command, CommandEnvelope, CommandKind, Feed, LineQuantity, ParcelItem, ParcelSpec, WorkOrder,
    allowed_commands, apply, upstream,
};
use storedesk_store::{OutboxState, Store};

const ORDERS: u32 = 3;

#[derive(Debug, Clone)]
enum Op {
    /// A clerk action on order `wo`: one the view allows (`smart`) or an arbitrary one (often refused).
    Act {
        wo: u32,
        smart: bool,
        cmd: u8,
        line: u8,
        qty: u32,
    },
    /// The OMS sends its current state of `wo`, optionally changed upstream first.
    Pull {
        wo: u32,
        change: u8,
    },
    /// The OMS sends an outdated copy of `wo`.
    PullStale {
        wo: u32,
    },
    /// The sync engine sends the first due head; the OMS accepts it or refuses it for good.
    Push,
    /// A transient failure of the first due head.
    Transient,
    /// Someone retries or discards the oldest parked command.
    RetryParked,
    DiscardParked,
    /// The app restarts.
    Reopen,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        8 => (0..ORDERS, proptest::bool::weighted(0.75), 0u8..8, 0u8..3, 0u32..4)
            .prop_map(|(wo, smart, cmd, line, qty)| Op::Act { wo, smart, cmd, line, qty }),
        2 => (0..ORDERS, 0u8..5).prop_map(|(wo, change)| Op::Pull { wo, change }),
        1 => (0..ORDERS).prop_map(|wo| Op::PullStale { wo }),
        4 => Just(Op::Push),
        1 => Just(Op::Transient),
        1 => Just(Op::RetryParked),
        1 => Just(Op::DiscardParked),
        1 => Just(Op::Reopen),
    ]
}

fn command(cmd: u8, line: u8, qty: u32) -> Command {
    let line_id = ["l1", "l2", "lx"][usize::from(line % 3)].to_string();
    match cmd {
        0 => Command::Accept,
        1 | 2 => Command::Pick {
            line_id,
            quantity: qty,
            barcode: None,
        },
        3 => Command::ShortPick {
            line_id,
            quantity: qty,
            reason: if qty == 3 { "bogus" } else { "out_of_stock" }.into(),
            note: None,
        },
        4 => Command::CompletePick,
        5 => Command::RejectLines {
            lines: vec![LineQuantity {
                line_id,
                quantity: qty,
                reason: "damaged".into(),
                note: None,
            }],
        },
        6 => Command::Reject {
            reason: "out_of_stock".into(),
            note: None,
        },
        _ => Command::AcknowledgeCancel,
    }
}

/// A command the view allows now, with plausible parameters (the state machine may still refuse it).
fn smart_command(view: &WorkOrder, sel: u8, qty: u32) -> Option<Command> {
    let allowed = allowed_commands(view);
    let kind = *allowed.get(usize::from(sel) % allowed.len().max(1))?;
    let open_line = view.lines.iter().find(|l| l.remaining_to_pick() > 0);
    let qty = qty.max(1);
    Some(match kind {
        CommandKind::Accept => Command::Accept,
        CommandKind::Reject => Command::Reject {
            reason: "out_of_stock".into(),
            note: None,
        },
        CommandKind::RejectLines => Command::RejectLines {
            lines: vec![LineQuantity {
                line_id: view
                    .lines
                    .iter()
                    .find(|l| l.open_quantity() > l.accepted)
                    .or(open_line)?
                    .id
                    .clone(),
                quantity: 1,
                reason: "damaged".into(),
                note: None,
            }],
        },
        CommandKind::Pick => {
            let l = open_line?;
            Command::Pick {
                line_id: l.id.clone(),
                quantity: qty.min(l.remaining_to_pick()),
                barcode: None,
            }
        }
        CommandKind::ShortPick => {
            let l = open_line?;
            Command::ShortPick {
                line_id: l.id.clone(),
                quantity: 1,
                reason: "out_of_stock".into(),
                note: None,
            }
        }
        CommandKind::CompletePick => Command::CompletePick,
        CommandKind::Pack => Command::Pack {
            parcels: vec![ParcelSpec {
                parcel_ref: "1".into(),
                box_type: "S".into(),
                weight_g: 900,
                contents: view
                    .lines
                    .iter()
                    .filter(|l| l.picked > 0)
                    .map(|l| ParcelItem {
                        line_id: l.id.clone(),
                        quantity: l.picked,
                    })
                    .collect(),
            }],
        },
        CommandKind::AttachLabel => Command::AttachLabel {
            parcel_ref: "1".into(),
            tracking_number: Some("1Z1".into()),
        },
        CommandKind::HandoverToCarrier => Command::HandoverToCarrier {
            parcel_refs: view.parcels.iter().map(|p| p.parcel_ref.clone()).collect(),
        },
        CommandKind::AcknowledgeCancel => Command::AcknowledgeCancel,
        _ => return None,
    })
}

struct Model {
    /// What the OMS holds.
    oms: BTreeMap<String, WorkOrder>,
    /// Every snapshot version the OMS ever had, for stale pulls.
    history: BTreeMap<String, Vec<WorkOrder>>,
    /// Every command the store confirmed, with its exact payload.
    recorded: BTreeMap<String, String>,
    /// Commands discarded on purpose.
    discarded: BTreeSet<String>,
}

fn check(store: &Store, model: &Model) -> Result<(), TestCaseError> {
    for (id, payload) in &model.recorded {
        let e = store
            .outbox_entry(id)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&e.payload_json, payload, "payload rewritten");
        if !model.discarded.contains(id) {
            prop_assert_ne!(e.state, OutboxState::Discarded);
        }
    }
    let reasons = reasons();
    for id in model.oms.keys() {
        let view = store.work_order(id).unwrap().unwrap();
        let snapshot = store.snapshot(id).unwrap().unwrap();
        prop_assert!(
            view.quantities_consistent(),
            "view inconsistent: {:?}",
            view
        );
        prop_assert!(snapshot.quantities_consistent());
        // The view is the snapshot with the unsent commands replayed in order.
        let mut expected = snapshot.clone();
        for e in store.outbox_entries(id).unwrap() {
            if matches!(e.state, OutboxState::Pending | OutboxState::Parked)
                && let Ok(next) = apply(&expected, &e.envelope.command, &reasons)
            {
                expected = next;
            }
        }
        prop_assert_eq!(view, expected);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn no_recorded_command_is_lost_and_views_stay_consistent(ops in proptest::collection::vec(op(), 1..60)) {
        let mut ts = store();
        let mut model = Model {
            oms: BTreeMap::new(),
            history: BTreeMap::new(),
            recorded: BTreeMap::new(),
            discarded: BTreeSet::new(),
        };
        let initial: Vec<WorkOrder> = (1..=ORDERS).map(order).collect();
        ts.store.apply_page(Feed::Packaging, &initial, Some("c0")).unwrap();
        for wo in initial {
            model.history.insert(wo.id.clone(), vec![wo.clone()]);
            model.oms.insert(wo.id.clone(), wo);
        }
        let mut minute = 0;

        for op in ops {
            minute += 1;
            match op {
                Op::Act { wo, smart, cmd, line, qty } => {
                    let id = format!("wo-{}", wo + 1);
                    let before = ts.store.outbox_entries(&id).unwrap().len();
                    let view = ts.store.work_order(&id).unwrap().unwrap();
                    let c = smart.then(|| smart_command(&view, cmd, qty)).flatten()
                        .unwrap_or_else(|| command(cmd, line, qty));
                    match ts.store.record_action(&action(&view, c, minute)) {
                        Ok(rec) => {
                            let e = ts.store.outbox_entry(&rec.command_id).unwrap();
                            prop_assert_eq!(e.seq as usize, before + 1);
                            model.recorded.insert(rec.command_id, e.payload_json);
                        }
                        Err(err) => {
                            prop_assert!(matches!(err, storedesk_store::StoreError::Domain(_)), "{:?}", err);
                            prop_assert_eq!(ts.store.outbox_entries(&id).unwrap().len(), before);
                            prop_assert_eq!(ts.store.work_order(&id).unwrap().unwrap(), view);
                        }
                    }
                }
                Op::Pull { wo, change } => {
                    let id = format!("wo-{}", wo + 1);
                    let oms = model.oms.get_mut(&id).unwrap();
                    let changed = match change {
                        0 => upstream::hold(oms, "fraud_check", None),
                        1 => upstream::release_hold(oms),
                        2 => upstream::request_cancel(oms, "customer", at(minute)) != upstream::CancelOutcome::TooLate,
                        3 => { oms.carrier = Some(format!("carrier-{minute}")); true }
                        _ => false,
                    };
                    if changed {
                        oms.version += 1;
                        model.history.get_mut(&id).unwrap().push(oms.clone());
                    }
                    let page = vec![oms.clone()];
                    ts.store.apply_page(Feed::Packaging, &page, Some(&format!("c{minute}"))).unwrap();
                }
                Op::PullStale { wo } => {
                    let id = format!("wo-{}", wo + 1);
                    let first = model.history[&id][0].clone();
                    ts.store.apply_snapshot(&first).unwrap();
                }
                Op::Push => {
                    let due = ts.store.due_commands(at(10_000), 1).unwrap();
                    if let Some(e) = due.into_iter().next() {
                        let env: CommandEnvelope = serde_json::from_str(&e.payload_json).unwrap();
                        let oms = model.oms.get_mut(&e.work_order_id).unwrap();
                        match apply(oms, &env.command, &reasons()) {
                            Ok(mut next) => {
                                next.version = oms.version + 1;
                                *oms = next.clone();
                                model.history.get_mut(&e.work_order_id).unwrap().push(next.clone());
                                ts.store.mark_done(&e.command_id, &next, at(minute)).unwrap();
                            }
                            Err(err) => ts.store.park(&e.command_id, err.code(), &err.to_string(), at(minute)).unwrap(),
                        }
                    }
                }
                Op::Transient => {
                    if let Some(e) = ts.store.due_commands(at(10_000), 1).unwrap().into_iter().next() {
                        ts.store.mark_retry(&e.command_id, "oms_unavailable", "timeout", at(minute + 1)).unwrap();
                    }
                }
                Op::RetryParked => {
                    if let Some(p) = ts.store.parked().unwrap().into_iter().next() {
                        ts.store.retry_parked(&p.command_id, &clerk(), at(minute)).unwrap();
                    }
                }
                Op::DiscardParked => {
                    if let Some(p) = ts.store.parked().unwrap().into_iter().next() {
                        ts.store.discard_parked(&p.command_id, &clerk(), at(minute)).unwrap();
                        model.discarded.insert(p.command_id);
                    }
                }
                Op::Reopen => ts = ts.reopen(),
            }
            check(&ts.store, &model)?;
        }
        if std::env::var_os("STORE_PROP_STATS").is_some() {
            let done = model.recorded.keys()
                .filter(|id| ts.store.outbox_entry(id).unwrap().state == OutboxState::Done).count();
            eprintln!("recorded={} done={} discarded={}", model.recorded.len(), done, model.discarded.len());
        }
        // Every recorded command is still there after a restart.
        let ts = ts.reopen();
        check(&ts.store, &model)?;
        let counts = ts.store.outbox_counts().unwrap();
        let open = model.recorded.keys()
            .filter(|id| matches!(ts.store.outbox_entry(id).unwrap().state, OutboxState::Pending | OutboxState::Parked))
            .count() as u64;
        prop_assert_eq!(counts.pending + counts.parked, open);
    }
}
