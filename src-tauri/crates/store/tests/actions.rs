//! Recording clerk actions: all or nothing.

mod common;

use common::*;
use storedesk_domain::{Command, CommandEnvelope, DomainError, Feed, LineQuantity, Status};
use storedesk_store::{OutboxState, StoreError};

#[test]
fn an_action_writes_view_outbox_and_audit_together() {
    let mut ts = store();
    let wo = accepted(1);
    ts.store
        .apply_page(Feed::Packaging, std::slice::from_ref(&wo), None)
        .unwrap();

    let rec = ts
        .store
        .record_action(&action(&wo, pick("l1", 1), 5))
        .unwrap();
    assert_eq!(rec.seq, 1);
    assert_eq!(
        uuid::Uuid::parse_str(&rec.command_id)
            .unwrap()
            .get_version_num(),
        4
    );
    assert_eq!(rec.view.status, Status::Picking);
    assert_eq!(rec.view.lines[0].picked, 1);

    // The view is what the store returns; the snapshot is untouched.
    assert_eq!(ts.store.work_order(&wo.id).unwrap(), Some(rec.view.clone()));
    assert_eq!(ts.store.snapshot(&wo.id).unwrap(), Some(wo.clone()));

    // Lines table follows the view.
    let picked: i64 = ts
        .raw()
        .query_row(
            "SELECT picked FROM lines WHERE work_order_id = ?1 AND line_id = 'l1'",
            [&wo.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(picked, 1);

    // Outbox: pending, due at once, envelope without expected_version.
    let entries = ts.store.outbox_entries(&wo.id).unwrap();
    assert_eq!(entries.len(), 1);
    let e = &entries[0];
    assert_eq!(e.command_id, rec.command_id);
    assert_eq!(e.state, OutboxState::Pending);
    assert_eq!(e.attempts, 0);
    assert_eq!(e.next_attempt_at, at(5));
    let env: CommandEnvelope = serde_json::from_str(&e.payload_json).unwrap();
    assert_eq!(env.command_id, rec.command_id);
    assert_eq!(env.expected_version, None);
    assert_eq!(env.actor, clerk());
    assert_eq!(env.command, pick("l1", 1));
    assert_eq!(env.issued_at, at(5));

    // Audit: who, what, where.
    let log = ts.store.audit_log(Some(&wo.id), 10).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].user_name, "Ayşe K.");
    assert_eq!(log[0].station, "till-2");
    assert_eq!(log[0].action, "command");
    assert_eq!(log[0].detail["slug"], "pick");
    assert_eq!(log[0].detail["command_id"], rec.command_id.as_str());

    // Sequence numbers go up per work order.
    let rec2 = ts
        .store
        .record_action(&action(&wo, pick("l1", 1), 6))
        .unwrap();
    assert_eq!(rec2.seq, 2);
    ts.store
        .apply_page(Feed::Packaging, &[accepted(2)], None)
        .unwrap();
    let other = ts
        .store
        .record_action(&action(&accepted(2), pick("l2", 1), 7))
        .unwrap();
    assert_eq!(other.seq, 1);
}

#[test]
fn a_refused_action_writes_nothing() {
    let mut ts = store();
    let wo = order(1); // assigned: picking is not allowed yet
    ts.store
        .apply_page(Feed::Packaging, std::slice::from_ref(&wo), None)
        .unwrap();
    let before_view = ts.store.work_order(&wo.id).unwrap();

    let err = ts
        .store
        .record_action(&action(&wo, pick("l1", 1), 1))
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Domain(DomainError::NotAllowed { .. })),
        "{err:?}"
    );
    assert_eq!(err.code(), "invalid_transition");

    // Unknown or inactive reason codes come from the reasons table.
    let reject = |reason: &str| Command::RejectLines {
        lines: vec![LineQuantity {
            line_id: "l1".into(),
            quantity: 1,
            reason: reason.into(),
            note: None,
        }],
    };
    let err = ts
        .store
        .record_action(&action(&wo, reject("retired"), 2))
        .unwrap_err();
    assert_eq!(err.code(), "unknown_reason");

    assert_eq!(ts.store.work_order(&wo.id).unwrap(), before_view);
    assert!(ts.store.outbox_entries(&wo.id).unwrap().is_empty());
    assert!(ts.store.audit_log(None, 10).unwrap().is_empty());

    // …and the valid one goes through.
    ts.store
        .record_action(&action(&wo, reject("out_of_stock"), 3))
        .unwrap();
    assert_eq!(ts.store.outbox_entries(&wo.id).unwrap().len(), 1);
}

#[test]
fn an_action_on_an_unknown_order_is_not_found() {
    let mut ts = store();
    let err = ts
        .store
        .record_action(&action(&order(9), Command::Accept, 1))
        .unwrap_err();
    assert_eq!(err.code(), "work_order_not_found");
    assert!(err.to_string().contains("wo-9"));
    assert_eq!(rows(&ts, "outbox"), 0);
}

/// Make the n-th write of the action fail (a trigger raises) and prove that nothing of it remains.
fn assert_rolls_back_when(trigger_sql: &str) {
    let mut ts = store();
    let wo = accepted(1);
    ts.store
        .apply_page(Feed::Packaging, std::slice::from_ref(&wo), None)
        .unwrap();
    ts.store
        .record_action(&action(&wo, pick("l1", 1), 1))
        .unwrap();
    let view_before = ts.store.work_order(&wo.id).unwrap();
    let outbox_before = ts.store.outbox_entries(&wo.id).unwrap();
    let audit_before = ts.store.audit_log(None, 100).unwrap();

    ts.raw().execute_batch(trigger_sql).unwrap();
    let err = ts
        .store
        .record_action(&action(&wo, pick("l1", 1), 2))
        .unwrap_err();
    assert_eq!(err.code(), "storage_error");
    assert!(err.to_string().contains("injected failure"), "{err}");

    assert_eq!(ts.store.work_order(&wo.id).unwrap(), view_before);
    assert_eq!(ts.store.outbox_entries(&wo.id).unwrap(), outbox_before);
    assert_eq!(ts.store.audit_log(None, 100).unwrap(), audit_before);
    let picked: i64 = ts
        .raw()
        .query_row(
            "SELECT picked FROM lines WHERE work_order_id = 'wo-1' AND line_id = 'l1'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(picked, 1, "lines table rolled back with the view");

    // After the fault is gone the same action succeeds, with the next sequence number.
    ts.raw().execute_batch("DROP TRIGGER inject;").unwrap();
    let rec = ts
        .store
        .record_action(&action(&wo, pick("l1", 1), 3))
        .unwrap();
    assert_eq!(rec.seq, 2);
    assert_eq!(rec.view.lines[0].picked, 2);
}

#[test]
fn a_failure_after_the_view_and_outbox_writes_rolls_everything_back() {
    // The audit insert is the last write of record_action.
    assert_rolls_back_when(
        "CREATE TRIGGER inject BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
    );
}

#[test]
fn a_failure_at_the_outbox_insert_rolls_the_view_back() {
    assert_rolls_back_when(
        "CREATE TRIGGER inject BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
    );
}

#[test]
fn the_audit_log_is_append_only() {
    let mut ts = store();
    let wo = accepted(1);
    ts.store
        .apply_page(Feed::Packaging, std::slice::from_ref(&wo), None)
        .unwrap();
    ts.store
        .record_action(&action(&wo, pick("l1", 1), 1))
        .unwrap();

    let raw = ts.raw();
    let upd = raw
        .execute("UPDATE audit SET user_name = 'someone else'", [])
        .unwrap_err();
    assert!(upd.to_string().contains("append-only"), "{upd}");
    let del = raw.execute("DELETE FROM audit", []).unwrap_err();
    assert!(del.to_string().contains("append-only"), "{del}");
    assert_eq!(
        ts.store.audit_log(None, 10).unwrap()[0].user_name,
        "Ayşe K."
    );
}

#[test]
fn unsent_commands_cannot_be_deleted_or_rewritten() {
    let mut ts = store();
    let wo = accepted(1);
    ts.store
        .apply_page(Feed::Packaging, std::slice::from_ref(&wo), None)
        .unwrap();
    ts.store
        .record_action(&action(&wo, pick("l1", 1), 1))
        .unwrap();

    let raw = ts.raw();
    assert!(raw.execute("DELETE FROM outbox", []).is_err());
    assert!(
        raw.execute("UPDATE outbox SET payload_json = '{}'", [])
            .is_err()
    );
    // Deleting the cached order would orphan the command: refused by the foreign key.
    raw.pragma_update(None, "foreign_keys", true).unwrap();
    assert!(raw.execute("DELETE FROM work_orders", []).is_err());
    assert_eq!(ts.store.outbox_entries(&wo.id).unwrap().len(), 1);
}

#[test]
fn the_pickup_code_is_masked_in_the_audit_log() {
    let mut ts = store();
    let mut wo = order(3);
    wo.kind = storedesk_domain::WorkOrderKind::ClickAndCollect;
    wo.status = Status::ReadyForPickup;
    wo.pickup = Some(storedesk_domain::Pickup {
        code_sha256: storedesk_domain::pickup_code_hash("PU-7K3Q9M"),
        shelf_location: Some("A1".into()),
        collected_by: None,
    });
    ts.store
        .apply_page(Feed::Packaging, std::slice::from_ref(&wo), None)
        .unwrap();
    ts.store
        .record_action(&action(
            &wo,
            Command::HandoverToCustomer {
                pickup_code: "PU-7K3Q9M".into(),
                collected_by: "Jane".into(),
            },
            1,
        ))
        .unwrap();
    let log = ts.store.audit_log(Some(&wo.id), 1).unwrap();
    assert_eq!(log[0].detail["command"]["pickup_code"], "***");
    assert!(
        !serde_json::to_string(&log[0].detail)
            .unwrap()
            .contains("7K3Q9M")
    );
}
