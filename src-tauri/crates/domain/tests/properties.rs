//! Property tests: no sequence of commands breaks the quantity invariants or reaches a status the OMS contract
//! does not know for the order's kind.

mod common;

use common::*;
use proptest::prelude::*;
use storedesk_domain::*;

fn arb_kind() -> impl Strategy<Value = WorkOrderKind> {
    prop::sample::select(WorkOrderKind::ALL.to_vec())
}

fn arb_line_id() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["L1".to_string(), "L2".to_string(), "L9".to_string()])
}

fn arb_reason() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "OUT_OF_STOCK".to_string(),
        "RETIRED".to_string(),
        "NOPE".to_string(),
    ])
}

fn arb_command() -> impl Strategy<Value = Command> {
    prop_oneof![
        Just(Command::Accept),
        arb_reason().prop_map(|reason| Command::Reject { reason, note: None }),
        prop::collection::vec((arb_line_id(), 0u32..4, arb_reason()), 0..3).prop_map(|ls| {
            Command::RejectLines {
                lines: ls
                    .into_iter()
                    .map(|(line_id, quantity, reason)| LineQuantity {
                        line_id,
                        quantity,
                        reason,
                        note: None,
                    })
                    .collect(),
            }
        }),
        (arb_line_id(), 0u32..4).prop_map(|(line_id, quantity)| Command::Pick {
            line_id,
            quantity,
            barcode: None
        }),
        (arb_line_id(), 0u32..4, arb_reason()).prop_map(|(line_id, quantity, reason)| {
            Command::ShortPick {
                line_id,
                quantity,
                reason,
                note: None,
            }
        }),
        Just(Command::CompletePick),
        prop::collection::vec((arb_line_id(), 0u32..4), 0..3).prop_map(|items| Command::Pack {
            parcels: vec![ParcelSpec {
                parcel_ref: "1".into(),
                box_type: "S".into(),
                weight_g: 500,
                contents: items
                    .into_iter()
                    .map(|(line_id, quantity)| ParcelItem { line_id, quantity })
                    .collect(),
            }],
        }),
        Just(Command::AttachLabel {
            parcel_ref: "1".into(),
            tracking_number: Some("T1".into())
        }),
        Just(Command::HandoverToCarrier {
            parcel_refs: vec!["1".into()]
        }),
        Just(Command::MarkReadyForPickup {
            shelf_location: "A1".into()
        }),
        prop::sample::select(vec![PICKUP_CODE.to_string(), "PU-XXXXXX".to_string()]).prop_map(
            |pickup_code| Command::HandoverToCustomer {
                pickup_code,
                collected_by: "Someone".into()
            }
        ),
        Just(Command::Dispatch {
            carrier: "C".into(),
            tracking_number: "T".into()
        }),
        (0u32..3, 0u32..3, 0u32..2).prop_map(|(received, damaged, missing)| Command::Receive {
            lines: vec![
                ReceiveLine {
                    line_id: "L1".into(),
                    received,
                    damaged,
                    missing,
                    note: None
                },
                ReceiveLine {
                    line_id: "L2".into(),
                    received: 1,
                    damaged: 0,
                    missing: 0,
                    note: None
                },
            ],
        }),
        Just(Command::AcknowledgeCancel),
    ]
}

/// Upstream changes interleaved with store commands.
#[derive(Debug, Clone)]
enum Step {
    Store(Command),
    RequestCancel,
    Hold,
    Release,
}

fn arb_step() -> impl Strategy<Value = Step> {
    prop_oneof![
        20 => arb_command().prop_map(Step::Store),
        1 => Just(Step::RequestCancel),
        1 => Just(Step::Hold),
        2 => Just(Step::Release),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn invariants_hold_for_any_sequence(kind in arb_kind(), steps in prop::collection::vec(arb_step(), 0..40)) {
        let mut wo = order(kind);
        for step in steps {
            match step {
                Step::Store(cmd) => {
                    let allowed = allowed_commands(&wo).contains(&cmd.kind());
                    if let Ok(next) = apply(&wo, &cmd, &reasons()) {
                        prop_assert!(allowed, "{:?} applied in {:?} but not advertised", cmd.kind(), wo.status);
                        wo = next;
                    }
                }
                Step::RequestCancel => { upstream::request_cancel(&mut wo, "customer", chrono::Utc::now()); }
                Step::Hold => { upstream::hold(&mut wo, "CHECK", None); }
                Step::Release => { upstream::release_hold(&mut wo); }
            }
            prop_assert!(wo.quantities_consistent(), "inconsistent quantities: {:?}", wo.lines);
            prop_assert!(wo.status.valid_for(kind), "{:?} reached {:?}", kind, wo.status);
            for l in &wo.lines {
                prop_assert!(l.picked <= l.requested && l.packed <= l.requested && l.rejected <= l.requested);
            }
            if wo.status.is_terminal() {
                prop_assert!(allowed_commands(&wo).is_empty());
            }
        }
    }

    #[test]
    fn refused_commands_leave_the_order_unchanged(kind in arb_kind(), cmds in prop::collection::vec(arb_command(), 1..25)) {
        let mut wo = order(kind);
        for cmd in cmds {
            let before = wo.clone();
            match apply(&wo, &cmd, &reasons()) {
                Ok(next) => wo = next,
                Err(e) => {
                    prop_assert_eq!(&wo, &before);
                    prop_assert!(!e.code().is_empty());
                    prop_assert!(!e.to_string().is_empty());
                }
            }
        }
    }
}
