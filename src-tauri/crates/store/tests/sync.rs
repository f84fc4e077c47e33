//! The pull side (snapshots and views) and the push side (in-order heads, retry, park, discard).

mod common;

use common::*;
use storedesk_domain::{Feed, Hold, Status, apply};
use storedesk_store::{OutboxState, StoreError};

#[test]
fn a_pull_never_hides_a_pending_action() {
    let mut ts = store();
    let wo = accepted(1);
    ts.store
        .apply_page(Feed::Packaging, std::slice::from_ref(&wo), Some("c1"))
        .unwrap();
    let rec = ts
        .store
        .record_action(&action(&wo, pick("l1", 1), 1))
        .unwrap();

    // The OMS sends the order again, newer (a note changed) but without the pick: still "accepted".
    let mut pulled = wo.clone();
    pulled.version = 3;
    pulled.carrier = Some("dhl".into());
    let out = ts
        .store
        .apply_page(Feed::Packaging, &[pulled.clone()], Some("c2"))
        .unwrap();
    assert_eq!(out.stored, 1);
    assert!(out.skipped_commands.is_empty());

    let view = ts.store.work_order(&wo.id).unwrap().unwrap();
    assert_eq!(view.status, Status::Picking, "pending pick still visible");
    assert_eq!(view.lines[0].picked, 1);
    assert_eq!(
        view.carrier.as_deref(),
        Some("dhl"),
        "the OMS's change is visible too"
    );
    assert_eq!(ts.store.snapshot(&wo.id).unwrap(), Some(pulled));
    assert_eq!(
        ts.store.cursor(Feed::Packaging).unwrap().as_deref(),
        Some("c2")
    );
    assert_eq!(
        ts.store.outbox_entries(&wo.id).unwrap()[0].command_id,
        rec.command_id
    );
}

#[test]
fn a_pending_command_the_snapshot_already_contains_is_not_counted_twice() {
    let mut ts = store();
    let wo = accepted(1);
    ts.store
        .apply_page(Feed::Packaging, std::slice::from_ref(&wo), Some("c1"))
        .unwrap();
    let rec = ts
        .store
        .record_action(&action(&wo, pick("l1", 1), 1))
        .unwrap();

    // The OMS applied the pick but its answer was lost; a pull brings the snapshot that already has it.
    let mut pulled = apply(&wo, &pick("l1", 1), &reasons()).unwrap();
    pulled.version = 3;
    pulled.note_applied(&rec.command_id);
    ts.store
        .apply_page(Feed::Packaging, &[pulled], Some("c2"))
        .unwrap();

    let view = ts.store.work_order(&wo.id).unwrap().unwrap();
    assert_eq!(view.lines[0].picked, 1, "one pick, not two");
    // The command stays in the outbox until its (replayed) answer arrives.
    assert_eq!(
        ts.store.outbox_entries(&wo.id).unwrap()[0].state,
        OutboxState::Pending
    );
}

#[test]
fn an_older_snapshot_is_ignored() {
    let mut ts = store();
    ts.store
        .apply_page(Feed::Packaging, &[accepted(1)], None)
        .unwrap();
    let out = ts
        .store
        .apply_page(Feed::Packaging, &[order(1)], Some("c9"))
        .unwrap();
    assert_eq!((out.stored, out.ignored_older), (0, 1));
    assert_eq!(ts.store.snapshot("wo-1").unwrap(), Some(accepted(1)));
    // The cursor still moves on: the page was processed.
    assert_eq!(
        ts.store.cursor(Feed::Packaging).unwrap().as_deref(),
        Some("c9")
    );
    // apply_snapshot follows the same rule.
    let out = ts.store.apply_snapshot(&order(1)).unwrap();
    assert_eq!(out.ignored_older, 1);
}

#[test]
fn a_command_that_no_longer_applies_is_left_out_of_the_view_but_kept() {
    let mut ts = store();
    let wo = accepted(1);
    ts.store
        .apply_page(Feed::Packaging, std::slice::from_ref(&wo), None)
        .unwrap();
    let rec = ts
        .store
        .record_action(&action(&wo, pick("l1", 1), 1))
        .unwrap();

    let mut held = wo.clone();
    held.version = 3;
    held.hold = Some(Hold {
        reason: "fraud_check".into(),
        note: None,
    });
    let out = ts.store.apply_snapshot(&held).unwrap();
    assert_eq!(out.skipped_commands, vec![rec.command_id.clone()]);
    let view = ts.store.work_order(&wo.id).unwrap().unwrap();
    assert_eq!(view, held);
    let e = &ts.store.outbox_entries(&wo.id).unwrap()[0];
    assert_eq!(
        e.state,
        OutboxState::Pending,
        "the OMS decides, not the view"
    );

    // Hold released: the pick shows again.
    let mut released = held.clone();
    released.version = 4;
    released.hold = None;
    ts.store.apply_snapshot(&released).unwrap();
    assert_eq!(
        ts.store.work_order(&wo.id).unwrap().unwrap().lines[0].picked,
        1
    );
}

#[test]
fn due_commands_are_the_in_order_heads_and_a_parked_head_blocks_only_its_order() {
    let mut ts = store();
    let (a, b, c) = (accepted(1), accepted(2), accepted(3));
    ts.store
        .apply_page(Feed::Packaging, &[a.clone(), b.clone(), c.clone()], None)
        .unwrap();
    let a1 = ts
        .store
        .record_action(&action(&a, pick("l1", 1), 1))
        .unwrap();
    let b1 = ts
        .store
        .record_action(&action(&b, pick("l1", 1), 2))
        .unwrap();
    let a2 = ts
        .store
        .record_action(&action(&a, pick("l1", 1), 3))
        .unwrap();
    let c1 = ts
        .store
        .record_action(&action(&c, pick("l2", 1), 4))
        .unwrap();
    let b2 = ts
        .store
        .record_action(&action(&b, pick("l2", 1), 5))
        .unwrap();

    let ids = |v: Vec<storedesk_store::OutboxEntry>| {
        v.into_iter().map(|e| e.command_id).collect::<Vec<_>>()
    };
    // One head per order, oldest first; nothing is due before it was recorded.
    assert_eq!(
        ids(ts.store.due_commands(at(10), 10).unwrap()),
        vec![
            a1.command_id.clone(),
            b1.command_id.clone(),
            c1.command_id.clone()
        ]
    );
    assert_eq!(
        ids(ts.store.due_commands(at(1), 10).unwrap()),
        vec![a1.command_id.clone()]
    );
    assert_eq!(ts.store.due_commands(at(10), 2).unwrap().len(), 2);

    // B's head is parked: B waits, A and C go on.
    ts.store
        .park(&b1.command_id, "invalid_transition", "refused", at(11))
        .unwrap();
    assert_eq!(
        ids(ts.store.due_commands(at(20), 10).unwrap()),
        vec![a1.command_id.clone(), c1.command_id.clone()]
    );
    // A's head is retried later: A's second command must NOT overtake it.
    ts.store
        .mark_retry(&a1.command_id, "oms_unavailable", "timeout", at(30))
        .unwrap();
    assert_eq!(
        ids(ts.store.due_commands(at(20), 10).unwrap()),
        vec![c1.command_id.clone()]
    );
    let e = ts.store.outbox_entry(&a1.command_id).unwrap();
    assert_eq!(e.attempts, 1);
    assert_eq!(e.last_error_code.as_deref(), Some("oms_unavailable"));

    // A's head is acknowledged: its second command becomes the head.
    let mut ack = apply(&a, &pick("l1", 1), &reasons()).unwrap();
    ack.version = 3;
    let view = ts.store.mark_done(&a1.command_id, &ack, at(31)).unwrap();
    assert_eq!(
        view.lines[0].picked, 2,
        "ack + the still-pending second pick"
    );
    assert_eq!(ts.store.snapshot(&a.id).unwrap(), Some(ack.clone()));
    assert_eq!(
        ids(ts.store.due_commands(at(40), 10).unwrap()),
        vec![a2.command_id.clone(), c1.command_id.clone()]
    );
    // A redelivered acknowledgement changes nothing.
    let again = ts.store.mark_done(&a1.command_id, &ack, at(32)).unwrap();
    assert_eq!(again, view);
    let counts = ts.store.outbox_counts().unwrap();
    assert_eq!((counts.pending, counts.parked), (3, 1));
    assert!(
        ts.store
            .audit_log(Some(&a.id), 10)
            .unwrap()
            .iter()
            .any(|e| e.action == "synced")
    );

    // Retrying and parking need a pending command.
    assert_eq!(
        ts.store
            .mark_retry(&a1.command_id, "x", "y", at(50))
            .unwrap_err()
            .code(),
        "command_not_pending"
    );
    assert_eq!(
        ts.store.park("nope", "x", "y", at(50)).unwrap_err().code(),
        "command_not_found"
    );
    assert_eq!(
        ts.store.outbox_entry(&b2.command_id).unwrap().state,
        OutboxState::Pending
    );
}

#[test]
fn a_parked_command_can_be_retried_or_discarded_with_an_audit_trail() {
    let mut ts = store();
    let wo = accepted(1);
    ts.store
        .apply_page(Feed::Packaging, std::slice::from_ref(&wo), None)
        .unwrap();
    let first = ts
        .store
        .record_action(&action(&wo, pick("l1", 1), 1))
        .unwrap();
    let second = ts
        .store
        .record_action(&action(&wo, pick("l2", 1), 2))
        .unwrap();

    // Only parked commands can be retried or discarded.
    let err = ts
        .store
        .discard_parked(&first.command_id, &clerk(), at(3))
        .unwrap_err();
    assert!(matches!(err, StoreError::CommandNotParked { .. }));
    assert_eq!(err.code(), "command_not_parked");
    assert!(
        ts.store
            .retry_parked(&first.command_id, &clerk(), at(3))
            .is_err()
    );

    ts.store
        .park(
            &first.command_id,
            "version_conflict",
            "The order changed",
            at(4),
        )
        .unwrap();
    let parked = ts.store.parked().unwrap();
    assert_eq!(parked.len(), 1);
    assert_eq!(parked[0].command_id, first.command_id);
    assert_eq!(parked[0].work_order_number, "PKG-000001");
    assert_eq!(parked[0].slug.slug(), "pick");
    assert_eq!(parked[0].code, "version_conflict");
    assert_eq!(parked[0].message, "The order changed");
    assert_eq!(parked[0].since, at(4));
    assert_eq!(parked[0].actor, clerk());
    // Parked commands still show in the view.
    assert_eq!(
        ts.store.work_order(&wo.id).unwrap().unwrap().lines[0].picked,
        1
    );
    assert!(
        ts.store.due_commands(at(100), 10).unwrap().is_empty(),
        "parked head blocks its order"
    );

    // Retry: pending, due now, attempts counted afresh.
    ts.store
        .retry_parked(&first.command_id, &clerk(), at(5))
        .unwrap();
    let due = ts.store.due_commands(at(5), 10).unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].command_id, first.command_id);
    assert_eq!(due[0].attempts, 0);
    assert_eq!(due[0].state, OutboxState::Pending);

    // Park again, then discard: the view loses the pick, the second command becomes the head.
    ts.store
        .park(
            &first.command_id,
            "version_conflict",
            "Still changed",
            at(6),
        )
        .unwrap();
    let view = ts
        .store
        .discard_parked(&first.command_id, &clerk(), at(7))
        .unwrap();
    assert_eq!(view.lines[0].picked, 0);
    assert_eq!(view.lines[1].picked, 1);
    assert_eq!(ts.store.work_order(&wo.id).unwrap(), Some(view));
    let due = ts.store.due_commands(at(8), 10).unwrap();
    assert_eq!(due[0].command_id, second.command_id);
    assert_eq!(
        ts.store.outbox_entry(&first.command_id).unwrap().state,
        OutboxState::Discarded
    );
    assert!(ts.store.parked().unwrap().is_empty());
    // Discarded is final.
    assert!(
        ts.store
            .retry_parked(&first.command_id, &clerk(), at(9))
            .is_err()
    );

    let actions: Vec<String> = ts
        .store
        .audit_log(Some(&wo.id), 20)
        .unwrap()
        .into_iter()
        .rev()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        [
            "command",
            "command",
            "parked",
            "retry_parked",
            "parked",
            "discarded"
        ]
    );
    let log = ts.store.audit_log(Some(&wo.id), 1).unwrap();
    assert_eq!(log[0].user_id, "u-17");
    assert_eq!(log[0].detail["command_id"], first.command_id.as_str());
}

#[test]
fn mark_done_with_an_older_ack_keeps_the_newer_snapshot_and_drops_the_command_from_the_view() {
    let mut ts = store();
    let wo = accepted(1);
    ts.store
        .apply_page(Feed::Packaging, std::slice::from_ref(&wo), None)
        .unwrap();
    let rec = ts
        .store
        .record_action(&action(&wo, pick("l1", 1), 1))
        .unwrap();

    // A pull already brought version 4, which includes the pick.
    let mut v4 = apply(&wo, &pick("l1", 1), &reasons()).unwrap();
    v4.version = 4;
    ts.store.apply_snapshot(&v4).unwrap();
    let mut v3 = v4.clone();
    v3.version = 3;
    let view = ts.store.mark_done(&rec.command_id, &v3, at(2)).unwrap();
    assert_eq!(ts.store.snapshot(&wo.id).unwrap(), Some(v4.clone()));
    assert_eq!(view, v4, "the done pick is not applied a second time");
}

#[test]
fn labels_and_reasons_round_trip() {
    let mut ts = store();
    ts.store
        .apply_page(Feed::Packaging, &[accepted(1)], None)
        .unwrap();
    let fmt = storedesk_domain::LabelFormat::Zpl;
    ts.store
        .save_label("wo-1", "1", fmt, b"^XA^XZ", at(1))
        .unwrap();
    let label = ts.store.label("wo-1", "1", fmt).unwrap().unwrap();
    assert_eq!(label.bytes, b"^XA^XZ");
    assert_eq!(label.fetched_at, at(1));
    assert_eq!(
        ts.store
            .save_label("nope", "1", fmt, b"x", at(1))
            .unwrap_err()
            .code(),
        "work_order_not_found"
    );
    let mut catalog = reasons();
    catalog.reasons.truncate(1);
    ts.store.save_reasons(&catalog).unwrap();
    assert_eq!(ts.store.reasons().unwrap(), catalog);
}
