//! Flows of every kind through the state machine, and the errors a clerk meets on the way.

mod common;

use common::*;
use storedesk_domain::*;

fn picked_all(kind: WorkOrderKind) -> WorkOrder {
    run(
        &order(kind),
        &[
            Command::Accept,
            pick("L1"),
            pick("L1"),
            pick("L2"),
            Command::CompletePick,
        ],
    )
    .expect("pick flow")
}

#[test]
fn ship_from_store_end_to_end() {
    let picked = picked_all(WorkOrderKind::ShipFromStore);
    assert_eq!(picked.status, Status::Picked);
    let mut packed = apply(&picked, &one_parcel(&picked), &reasons()).unwrap();
    assert_eq!(packed.status, Status::Packed);
    assert_eq!(packed.lines[0].packed, 2);
    // Without a carrier label and without a local tracking number the label cannot be attached.
    let err = apply(
        &packed,
        &Command::AttachLabel {
            parcel_ref: "1".into(),
            tracking_number: None,
        },
        &reasons(),
    )
    .unwrap_err();
    assert_eq!(err.code(), "label_missing");
    // The OMS supplies the label after the pack is synced.
    packed.parcels[0].label_formats = vec![LabelFormat::Pdf, LabelFormat::Zpl];
    packed.parcels[0].tracking_number = Some("AR123".into());
    let labelled = apply(
        &packed,
        &Command::AttachLabel {
            parcel_ref: "1".into(),
            tracking_number: None,
        },
        &reasons(),
    )
    .unwrap();
    assert_eq!(labelled.status, Status::ReadyToShip);
    let err = apply(
        &labelled,
        &Command::HandoverToCarrier {
            parcel_refs: vec![],
        },
        &reasons(),
    )
    .unwrap_err();
    assert!(
        matches!(err, DomainError::ParcelsNotConfirmed { ref missing } if missing == &vec!["1".to_string()])
    );
    let shipped = apply(
        &labelled,
        &Command::HandoverToCarrier {
            parcel_refs: vec!["1".into()],
        },
        &reasons(),
    )
    .unwrap();
    assert_eq!(shipped.status, Status::Shipped);
    assert!(allowed_commands(&shipped).is_empty());
}

#[test]
fn click_and_collect_checks_pickup_code_and_collector() {
    let picked = picked_all(WorkOrderKind::ClickAndCollect);
    let packed = apply(&picked, &one_parcel(&picked), &reasons()).unwrap();
    assert_eq!(
        allowed_commands(&packed),
        vec![CommandKind::MarkReadyForPickup]
    );
    let ready = apply(
        &packed,
        &Command::MarkReadyForPickup {
            shelf_location: " B-12 ".into(),
        },
        &reasons(),
    )
    .unwrap();
    assert_eq!(
        ready.pickup.as_ref().unwrap().shelf_location.as_deref(),
        Some("B-12")
    );
    let wrong = apply(
        &ready,
        &Command::HandoverToCustomer {
            pickup_code: "PU-AAAAAA".into(),
            collected_by: "Ayşe Yılmaz".into(),
        },
        &reasons(),
    )
    .unwrap_err();
    assert_eq!(wrong, DomainError::WrongPickupCode);
    let nobody = apply(
        &ready,
        &Command::HandoverToCustomer {
            pickup_code: PICKUP_CODE.into(),
            collected_by: "  ".into(),
        },
        &reasons(),
    )
    .unwrap_err();
    assert_eq!(nobody.code(), "missing_field");
    // Codes are compared case-insensitively and trimmed, as typed at a counter.
    let done = apply(
        &ready,
        &Command::HandoverToCustomer {
            pickup_code: " pu-7k3q9m ".into(),
            collected_by: "Mehmet Yılmaz".into(),
        },
        &reasons(),
    )
    .unwrap();
    assert_eq!(done.status, Status::Collected);
    assert_eq!(
        done.pickup.unwrap().collected_by.as_deref(),
        Some("Mehmet Yılmaz")
    );
}

#[test]
fn transfer_out_dispatch_needs_carrier_and_tracking() {
    let picked = picked_all(WorkOrderKind::TransferOut);
    let packed = apply(&picked, &one_parcel(&picked), &reasons()).unwrap();
    let err = apply(
        &packed,
        &Command::Dispatch {
            carrier: "Aras".into(),
            tracking_number: "".into(),
        },
        &reasons(),
    )
    .unwrap_err();
    assert_eq!(err.code(), "missing_field");
    let sent = apply(
        &packed,
        &Command::Dispatch {
            carrier: "Aras".into(),
            tracking_number: "TRK1".into(),
        },
        &reasons(),
    )
    .unwrap();
    assert_eq!(sent.status, Status::Dispatched);
    assert_eq!(sent.dispatch.unwrap().tracking_number, "TRK1");
}

#[test]
fn transfer_in_receive_accounts_for_every_unit() {
    let wo = order(WorkOrderKind::TransferIn);
    assert_eq!(allowed_commands(&wo), vec![CommandKind::Receive]);
    let short = Command::Receive {
        lines: vec![
            ReceiveLine {
                line_id: "L1".into(),
                received: 1,
                damaged: 0,
                missing: 0,
                note: None,
            },
            ReceiveLine {
                line_id: "L2".into(),
                received: 1,
                damaged: 0,
                missing: 0,
                note: None,
            },
        ],
    };
    let err = apply(&wo, &short, &reasons()).unwrap_err();
    assert_eq!(err.code(), "receive_mismatch");
    let ok = Command::Receive {
        lines: vec![
            ReceiveLine {
                line_id: "L1".into(),
                received: 1,
                damaged: 1,
                missing: 0,
                note: Some("crushed box".into()),
            },
            ReceiveLine {
                line_id: "L2".into(),
                received: 0,
                damaged: 0,
                missing: 1,
                note: None,
            },
        ],
    };
    let got = apply(&wo, &ok, &reasons()).unwrap();
    assert_eq!(got.status, Status::Received);
    assert_eq!((got.lines[0].received, got.lines[0].damaged), (1, 1));
    assert_eq!(got.lines[1].missing, 1);
    // Transfers in cannot be picked or accepted.
    assert_eq!(
        apply(&wo, &Command::Accept, &reasons()).unwrap_err().code(),
        "invalid_transition"
    );
}

#[test]
fn reject_whole_and_partial() {
    let wo = order(WorkOrderKind::ShipFromStore);
    let rejected = apply(
        &wo,
        &Command::Reject {
            reason: "OUT_OF_STOCK".into(),
            note: None,
        },
        &reasons(),
    )
    .unwrap();
    assert_eq!(rejected.status, Status::Rejected);
    assert!(rejected.lines.iter().all(|l| l.rejected == l.requested));

    // Unknown and inactive reasons are refused: reasons come from the OMS catalogue.
    for code in ["MADE_UP", "RETIRED"] {
        let err = apply(
            &wo,
            &Command::Reject {
                reason: code.into(),
                note: None,
            },
            &reasons(),
        )
        .unwrap_err();
        assert_eq!(err, DomainError::UnknownReason { code: code.into() });
    }

    // Partial: one unit of L1 before accepting; accept takes the rest.
    let partial = run(
        &wo,
        &[
            Command::RejectLines {
                lines: vec![LineQuantity {
                    line_id: "L1".into(),
                    quantity: 1,
                    reason: "DAMAGED".into(),
                    note: Some("torn".into()),
                }],
            },
            Command::Accept,
        ],
    )
    .unwrap();
    assert_eq!(
        (partial.lines[0].accepted, partial.lines[0].rejected),
        (1, 1)
    );
    assert_eq!(partial.lines[0].rejections[0].reason, "DAMAGED");

    // Rejecting every remaining unit rejects the order.
    let all = apply(
        &partial,
        &Command::RejectLines {
            lines: vec![
                LineQuantity {
                    line_id: "L1".into(),
                    quantity: 1,
                    reason: "OUT_OF_STOCK".into(),
                    note: None,
                },
                LineQuantity {
                    line_id: "L2".into(),
                    quantity: 1,
                    reason: "OUT_OF_STOCK".into(),
                    note: None,
                },
            ],
        },
        &reasons(),
    )
    .unwrap();
    assert_eq!(all.status, Status::Rejected);
}

#[test]
fn quantities_out_of_range_are_refused() {
    let accepted = run(&order(WorkOrderKind::ShipFromStore), &[Command::Accept]).unwrap();
    let err = apply(
        &accepted,
        &Command::Pick {
            line_id: "L2".into(),
            quantity: 2,
            barcode: None,
        },
        &reasons(),
    )
    .unwrap_err();
    assert_eq!(
        err,
        DomainError::QuantityOutOfRange {
            line_id: "L2".into(),
            quantity: 2,
            max: 1
        }
    );
    let zero = apply(
        &accepted,
        &Command::Pick {
            line_id: "L2".into(),
            quantity: 0,
            barcode: None,
        },
        &reasons(),
    )
    .unwrap_err();
    assert_eq!(zero.code(), "quantity_out_of_range");
    let unknown = apply(&accepted, &pick("L9"), &reasons()).unwrap_err();
    assert_eq!(unknown.code(), "unknown_line");
}

#[test]
fn short_pick_becomes_partial_reject_and_complete_pick_needs_everything() {
    let picking = run(
        &order(WorkOrderKind::ShipFromStore),
        &[Command::Accept, pick("L1"), pick("L2")],
    )
    .unwrap();
    let err = apply(&picking, &Command::CompletePick, &reasons()).unwrap_err();
    assert_eq!(
        err,
        DomainError::PickIncomplete {
            line_id: "L1".into(),
            remaining: 1
        }
    );
    let shorted = apply(
        &picking,
        &Command::ShortPick {
            line_id: "L1".into(),
            quantity: 1,
            reason: "OUT_OF_STOCK".into(),
            note: None,
        },
        &reasons(),
    )
    .unwrap();
    assert_eq!(
        (
            shorted.lines[0].accepted,
            shorted.lines[0].rejected,
            shorted.lines[0].picked
        ),
        (1, 1, 1)
    );
    let done = apply(&shorted, &Command::CompletePick, &reasons()).unwrap();
    assert_eq!(done.status, Status::Picked);
}

#[test]
fn pack_must_hold_exactly_the_picked_units() {
    let picked = picked_all(WorkOrderKind::ShipFromStore);
    let split = Command::Pack {
        parcels: vec![
            ParcelSpec {
                parcel_ref: "1".into(),
                box_type: "S".into(),
                weight_g: 500,
                contents: vec![ParcelItem {
                    line_id: "L1".into(),
                    quantity: 2,
                }],
            },
            ParcelSpec {
                parcel_ref: "2".into(),
                box_type: "S".into(),
                weight_g: 300,
                contents: vec![ParcelItem {
                    line_id: "L2".into(),
                    quantity: 1,
                }],
            },
        ],
    };
    let packed = apply(&picked, &split, &reasons()).unwrap();
    assert_eq!(packed.parcels.len(), 2);

    let missing_unit = Command::Pack {
        parcels: vec![ParcelSpec {
            parcel_ref: "1".into(),
            box_type: "S".into(),
            weight_g: 500,
            contents: vec![ParcelItem {
                line_id: "L1".into(),
                quantity: 2,
            }],
        }],
    };
    let err = apply(&picked, &missing_unit, &reasons()).unwrap_err();
    assert_eq!(err.code(), "pack_mismatch");

    let heavy = Command::Pack {
        parcels: vec![ParcelSpec {
            parcel_ref: "1".into(),
            box_type: "S".into(),
            weight_g: 80_000,
            contents: vec![],
        }],
    };
    assert_eq!(
        apply(&picked, &heavy, &reasons()).unwrap_err().code(),
        "invalid_parcel"
    );
}

#[test]
fn holds_and_cancel_requests_stop_the_flow() {
    let mut picking = run(
        &order(WorkOrderKind::ShipFromStore),
        &[Command::Accept, pick("L1")],
    )
    .unwrap();
    let mut held = picking.clone();
    assert!(upstream::hold(&mut held, "AWAITING_PAYMENT", None));
    assert!(allowed_commands(&held).is_empty());
    assert_eq!(
        apply(&held, &pick("L1"), &reasons()).unwrap_err().code(),
        "on_hold"
    );

    let now = chrono::Utc::now();
    assert_eq!(
        upstream::request_cancel(&mut picking, "customer", now),
        upstream::CancelOutcome::Requested
    );
    assert_eq!(
        allowed_commands(&picking),
        vec![CommandKind::AcknowledgeCancel]
    );
    assert_eq!(
        apply(&picking, &pick("L1"), &reasons()).unwrap_err(),
        DomainError::CancelRequested
    );
    let cancelled = apply(&picking, &Command::AcknowledgeCancel, &reasons()).unwrap();
    assert_eq!(cancelled.status, Status::Cancelled);
    assert_eq!(cancelled.lines[0].picked, 0, "items go back to the shelf");

    // Before picking starts a cancel is immediate.
    let mut fresh = order(WorkOrderKind::ShipFromStore);
    assert_eq!(
        upstream::request_cancel(&mut fresh, "customer", now),
        upstream::CancelOutcome::Cancelled
    );
    assert_eq!(fresh.status, Status::Cancelled);
}

#[test]
fn scanning_distinguishes_unknown_wrong_and_over_pick() {
    let accepted = run(&order(WorkOrderKind::ShipFromStore), &[Command::Accept]).unwrap();
    // A good scan picks one unit of the matching line; EAN-13 and GTIN-14 forms match alike.
    let cmd = scan_pick(&accepted, "04006381333931").unwrap();
    assert!(matches!(cmd, Command::Pick { ref line_id, quantity: 1, .. } if line_id == "L1"));
    // Bad check digit.
    let e = scan_pick(&accepted, "4006381333932").unwrap_err();
    assert_eq!(e.code(), "unknown_barcode");
    // Valid product, not on this order.
    let e = scan_pick(&accepted, EAN_OTHER).unwrap_err();
    assert_eq!(e.code(), "wrong_item");
    // An order number is not a product.
    let e = scan_pick(&accepted, "PKG-000001").unwrap_err();
    assert_eq!(e.code(), "not_a_product");
    // Over-pick.
    let full = run(&accepted, &[pick("L2")]).unwrap();
    let e = scan_pick(&full, EAN_B).unwrap_err();
    assert_eq!(e.code(), "over_pick");
    // Scanning is only for orders being picked.
    let e = scan_pick(&order(WorkOrderKind::ShipFromStore), EAN_A).unwrap_err();
    assert_eq!(e.code(), "invalid_transition");
}

#[test]
fn slugs_round_trip_and_serde_uses_them() {
    for kind in CommandKind::ALL {
        assert_eq!(CommandKind::from_slug(kind.slug()), Some(kind));
    }
    let json = serde_json::to_value(pick("L1")).unwrap();
    assert_eq!(json["slug"], "pick");
    let back: Command = serde_json::from_value(json).unwrap();
    assert_eq!(back, pick("L1"));
    assert!(serde_json::from_str::<Command>(r#"{"slug":"teleport"}"#).is_err());
}
