//! Queries the desktop app needs: claims, history with synced flags, manager figures, inbox counts, pickup-code
//! scans and change tracking.

mod common;

use chrono::Duration;
use common::*;
use storedesk_domain::{
    Actor, Command, Feed, LineQuantity, Pickup, Status, WorkOrderKind, pickup_code_hash,
};
use storedesk_store::{ClaimOpKind, InboxQuery, OutboxState, StoreError};

fn other() -> Actor {
    Actor {
        user_id: "u-99".into(),
        user_name: "Mehmet".into(),
        station: "till-1".into(),
    }
}

fn seeded(n: u32) -> TestStore {
    let mut ts = store();
    let orders: Vec<_> = (1..=n).map(order).collect();
    ts.store
        .apply_page(Feed::Packaging, &orders, Some("c-1"))
        .unwrap();
    ts
}

#[test]
fn schema_2_adds_staff_and_claims() {
    let ts = store();
    for table in ["staff", "claims"] {
        assert_eq!(rows(&ts, table), 0, "{table} exists and is empty");
    }
    assert!(ts.store.schema_version().unwrap() >= 2);
    // Companion crates reach the same connection.
    let n: i64 = ts
        .store
        .connection()
        .query_row("SELECT COUNT(*) FROM staff", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
}

#[test]
fn a_claim_is_held_by_one_person_and_shows_in_the_inbox() {
    let mut ts = seeded(2);
    let claim = ts.store.claim("wo-1", &clerk(), at(1)).unwrap();
    assert_eq!(claim.user_name, "Ayşe K.");
    // Claiming again keeps the first claim.
    assert_eq!(ts.store.claim("wo-1", &clerk(), at(5)).unwrap(), claim);

    let err = ts.store.claim("wo-1", &other(), at(2)).unwrap_err();
    assert_eq!(err.code(), "claimed_by_other");
    assert!(err.to_string().contains("Ayşe K."), "{err}");
    let err = ts
        .store
        .release("wo-1", &other(), false, at(3))
        .unwrap_err();
    assert!(matches!(err, StoreError::ClaimedByOther { .. }));

    let rows = ts.store.inbox(&InboxQuery::default()).unwrap();
    assert_eq!(rows[0].claimed_by.as_deref(), Some("Ayşe K."));
    assert_eq!(rows[1].claimed_by, None);

    // A manager may release someone else's claim; both steps are audited.
    assert!(ts.store.release("wo-1", &other(), true, at(4)).unwrap());
    assert!(!ts.store.release("wo-1", &other(), true, at(4)).unwrap());
    assert_eq!(ts.store.claim_of("wo-1").unwrap(), None);
    let audit = ts.store.audit_log(Some("wo-1"), 10).unwrap();
    let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(actions, ["release", "claim"]);

    let err = ts.store.claim("wo-404", &clerk(), at(1)).unwrap_err();
    assert_eq!(err.code(), "work_order_not_found");
}

#[test]
fn a_pulled_snapshot_keeps_the_claim() {
    let mut ts = seeded(1);
    ts.store.claim("wo-1", &clerk(), at(1)).unwrap();
    ts.store
        .apply_page(Feed::Packaging, &[accepted(1)], Some("c-2"))
        .unwrap();
    assert!(ts.store.claim_of("wo-1").unwrap().is_some());
}

#[test]
fn history_marks_what_the_oms_has() {
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
        .record_action(&action(&wo, pick("l1", 1), 2))
        .unwrap();
    let mut acked = wo.clone();
    acked.version = 3;
    acked.status = Status::Picking;
    acked.lines[0].picked = 1;
    acked.applied_command_ids = vec![first.command_id.clone()];
    ts.store
        .mark_done(&first.command_id, &acked, at(3))
        .unwrap();

    let history = ts.store.history(&wo.id, 10).unwrap();
    let summary: Vec<(&str, bool, Option<OutboxState>)> = history
        .iter()
        .map(|h| (h.action.as_str(), h.synced, h.command_state))
        .collect();
    assert_eq!(
        summary,
        [
            ("synced", true, None),
            ("command", false, Some(OutboxState::Pending)),
            ("command", true, Some(OutboxState::Done)),
        ]
    );
    assert_eq!(history[1].detail["command_id"], second.command_id.as_str());
    assert_eq!(history[2].user_name, "Ayşe K.");
    assert_eq!(ts.store.history(&wo.id, 1).unwrap().len(), 1);
}

#[test]
fn work_per_person_counts_todays_actions_by_kind() {
    let mut ts = store();
    let orders = [order(1), order(2), order(3)];
    ts.store.apply_page(Feed::Packaging, &orders, None).unwrap();
    // Yesterday's work does not count.
    ts.store
        .record_action(&action(&orders[2], Command::Accept, -24 * 60))
        .unwrap();

    ts.store
        .record_action(&action(&orders[0], Command::Accept, 1))
        .unwrap();
    for m in 2..5 {
        let mut a = action(&orders[0], pick("l1", 1), m);
        if m == 4 {
            a.command = pick("l2", 1);
        }
        ts.store.record_action(&a).unwrap();
    }
    let mut by_other = action(
        &orders[1],
        Command::RejectLines {
            lines: vec![LineQuantity {
                line_id: "l1".into(),
                quantity: 2,
                reason: "out_of_stock".into(),
                note: None,
            }],
        },
        6,
    );
    by_other.actor = other();
    ts.store.record_action(&by_other).unwrap();
    let mut reject = action(
        &orders[1],
        Command::Reject {
            reason: "damaged".into(),
            note: None,
        },
        7,
    );
    reject.actor = other();
    ts.store.record_action(&reject).unwrap();

    let work = ts.store.work_per_person(at(0)).unwrap();
    assert_eq!(work.len(), 2);
    let ayse = &work[0];
    assert_eq!(
        (
            ayse.user_name.as_str(),
            ayse.accepted,
            ayse.picked,
            ayse.packed
        ),
        ("Ayşe K.", 1, 3, 0)
    );
    let mehmet = &work[1];
    assert_eq!(mehmet.user_name, "Mehmet");
    assert_eq!(mehmet.rejected_by_reason.get("out_of_stock"), Some(&2));
    assert_eq!(mehmet.rejected_by_reason.get("damaged"), Some(&1));
}

#[test]
fn sla_counts_breached_and_at_risk_open_orders() {
    let mut ts = store();
    // Due 1..=5 h after t0.
    let mut orders: Vec<_> = (1..=5).map(order).collect();
    orders[4].status = Status::Shipped;
    orders[3].kind = WorkOrderKind::ClickAndCollect;
    orders[3].status = Status::ReadyForPickup;
    ts.store.apply_page(Feed::Packaging, &orders, None).unwrap();
    // At t0 + 2h30: order 1 and 2 are late, order 3 is due within the hour; 4 waits for its customer, 5 is done.
    let now = t0() + Duration::minutes(150);
    let sla = ts.store.sla_counts(now, Duration::hours(1)).unwrap();
    assert_eq!((sla.breached, sla.at_risk), (2, 1));
}

#[test]
fn uncollected_pickups_are_listed_oldest_first() {
    let mut ts = store();
    let mut a = order(1);
    a.kind = WorkOrderKind::ClickAndCollect;
    a.status = Status::ReadyForPickup;
    a.updated_at = t0() - Duration::days(3);
    let mut b = a.clone();
    b.id = "wo-2".into();
    b.number = "PKG-000002".into();
    b.updated_at = t0() - Duration::hours(2);
    ts.store
        .apply_page(Feed::Packaging, &[b, a, order(3)], None)
        .unwrap();
    let list = ts.store.uncollected_pickups().unwrap();
    assert_eq!(
        list,
        [
            ("wo-1".to_string(), t0() - Duration::days(3)),
            ("wo-2".to_string(), t0() - Duration::hours(2)),
        ]
    );
}

#[test]
fn inbox_count_matches_the_rows() {
    let ts = seeded(7);
    let q = InboxQuery {
        statuses: vec![Status::Assigned],
        limit: 3,
        ..InboxQuery::default()
    };
    assert_eq!(ts.store.inbox(&q).unwrap().len(), 3);
    assert_eq!(ts.store.inbox_count(&q).unwrap(), 7);
    let none = InboxQuery {
        text: Some("--".into()),
        ..InboxQuery::default()
    };
    assert_eq!(ts.store.inbox_count(&none).unwrap(), 0);
    let text = InboxQuery {
        text: Some("PKG-000003".into()),
        ..InboxQuery::default()
    };
    assert_eq!(ts.store.inbox_count(&text).unwrap(), 1);
}

#[test]
fn a_pickup_code_scan_finds_the_order_on_the_shelf() {
    let mut ts = store();
    let mut wo = order(1);
    wo.kind = WorkOrderKind::ClickAndCollect;
    wo.status = Status::ReadyForPickup;
    wo.pickup = Some(Pickup {
        code_sha256: pickup_code_hash("K7M2QX"),
        shelf_location: Some("B-07".into()),
        collected_by: None,
    });
    ts.store.apply_page(Feed::Packaging, &[wo], None).unwrap();
    assert_eq!(
        ts.store.find_by_scan(" k7m2qx ").unwrap().as_deref(),
        Some("wo-1")
    );
    assert_eq!(ts.store.find_by_scan("K7M2QY").unwrap(), None);
}

#[test]
fn changed_since_lists_rows_written_after_a_time() {
    let mut ts = seeded(2);
    let all = ts
        .store
        .changed_since(t0() - Duration::days(3650), 10)
        .unwrap();
    assert_eq!(all.len(), 2);
    let last_seen = all.iter().map(|(_, t)| *t).max().unwrap();
    assert!(ts.store.changed_since(last_seen, 10).unwrap().is_empty());

    std::thread::sleep(std::time::Duration::from_millis(2));
    ts.store
        .record_action(&action(&order(2), Command::Accept, 1))
        .unwrap();
    let changed = ts.store.changed_since(last_seen, 10).unwrap();
    assert_eq!(
        changed
            .iter()
            .map(|(id, _)| id.as_str())
            .collect::<Vec<_>>(),
        ["wo-2"]
    );
}

fn remote(
    id: &str,
    who: &Actor,
    expires: chrono::DateTime<chrono::Utc>,
) -> storedesk_domain::RemoteClaim {
    storedesk_domain::RemoteClaim {
        work_order_id: id.into(),
        work_order_number: String::new(),
        holder: who.clone(),
        claimed_at: at(0),
        expires_at: expires,
    }
}

#[test]
fn claims_are_queued_for_the_oms_and_survive_a_restart() {
    let mut ts = seeded(3);
    ts.store.claim("wo-1", &clerk(), at(1)).unwrap();
    ts.store.claim("wo-2", &clerk(), at(2)).unwrap();
    ts.store.release("wo-2", &clerk(), false, at(3)).unwrap();
    // Nothing is lost on a restart; per order, only the oldest operation is due.
    let mut ts = ts.reopen();
    let due = ts.store.due_claim_ops(at(10), 10).unwrap();
    let ops: Vec<(&str, ClaimOpKind)> = due
        .iter()
        .map(|o| (o.work_order_id.as_str(), o.op))
        .collect();
    assert_eq!(
        ops,
        [("wo-1", ClaimOpKind::Claim), ("wo-2", ClaimOpKind::Claim)]
    );
    assert_eq!(ts.store.pending_claim_ops().unwrap(), 3);

    // Offline: the operation stays, due again later.
    ts.store
        .claim_op_retry(due[0].seq, "cannot connect", at(20))
        .unwrap();
    let due_now = ts.store.due_claim_ops(at(10), 10).unwrap();
    assert_eq!(due_now.len(), 1);
    assert_eq!(due_now[0].work_order_id, "wo-2");

    // A pull that does not know the queued claim yet keeps it; other stations' claims come in.
    let mehmet = other();
    ts.store
        .replace_remote_claims(&[remote("wo-3", &mehmet, at(200))])
        .unwrap();
    assert_eq!(
        ts.store.claim_at("wo-1", at(10)).unwrap().unwrap().user_id,
        "u-17"
    );
    assert_eq!(
        ts.store.claim_at("wo-3", at(10)).unwrap().unwrap().station,
        "till-1"
    );
    assert_eq!(
        ts.store.claim("wo-3", &clerk(), at(11)).unwrap_err().code(),
        "claimed_by_other"
    );
    // Expired, it counts as none.
    assert_eq!(ts.store.claim_at("wo-3", at(201)).unwrap(), None);

    // The OMS confirms wo-1 with its lease end.
    let confirmed = remote("wo-1", &clerk(), at(130));
    ts.store
        .claim_op_done(due[0].seq, Some(&confirmed))
        .unwrap();
    let claim = ts.store.claim_at("wo-1", at(30)).unwrap().unwrap();
    assert!(claim.confirmed());
    // wo-2: claim, then release, both done: nothing shown.
    let wo2 = ts.store.due_claim_ops(at(30), 10).unwrap();
    ts.store
        .claim_op_done(wo2[0].seq, Some(&remote("wo-2", &clerk(), at(130))))
        .unwrap();
    assert_eq!(
        ts.store
            .claim_at("wo-2", at(30))
            .unwrap()
            .map(|c| c.expires_at.is_some()),
        None
    );
    let wo2 = ts.store.due_claim_ops(at(30), 10).unwrap();
    assert_eq!(wo2[0].op, ClaimOpKind::Release);
    ts.store.claim_op_done(wo2[0].seq, None).unwrap();
    assert_eq!(ts.store.pending_claim_ops().unwrap(), 0);
    assert_eq!(ts.store.claim_at("wo-2", at(30)).unwrap(), None);
}

#[test]
fn the_holders_work_renews_a_claim_before_its_lease_ends() {
    let mut ts = seeded(2);
    ts.store.claim("wo-1", &clerk(), at(0)).unwrap();
    // Not confirmed by the OMS yet: nothing to renew (the claim itself is still queued).
    assert!(!ts.store.renew_claim("wo-1", &clerk(), at(1)).unwrap());
    let op = ts.store.due_claim_ops(at(1), 10).unwrap().remove(0);
    // The OMS's lease: two hours.
    ts.store
        .claim_op_done(op.seq, Some(&remote("wo-1", &clerk(), at(120))))
        .unwrap();
    // Early in the lease, work on the order queues nothing.
    assert!(!ts.store.renew_claim("wo-1", &clerk(), at(30)).unwrap());
    assert_eq!(ts.store.pending_claim_ops().unwrap(), 0);
    // Someone else's work, or an order nobody holds, never renews.
    assert!(!ts.store.renew_claim("wo-1", &other(), at(90)).unwrap());
    assert!(!ts.store.renew_claim("wo-2", &clerk(), at(90)).unwrap());
    // Past half the lease, the holder's next action renews it, once.
    assert!(ts.store.renew_claim("wo-1", &clerk(), at(90)).unwrap());
    assert!(!ts.store.renew_claim("wo-1", &clerk(), at(91)).unwrap());
    let renewal = ts.store.due_claim_ops(at(91), 10).unwrap().remove(0);
    assert_eq!(
        (renewal.work_order_id.as_str(), renewal.op),
        ("wo-1", ClaimOpKind::Claim)
    );
    ts.store
        .claim_op_done(renewal.seq, Some(&remote("wo-1", &clerk(), at(211))))
        .unwrap();
    // Held well past the first lease's end.
    let claim = ts.store.claim_at("wo-1", at(150)).unwrap().unwrap();
    assert_eq!(claim.user_id, clerk().user_id);
    assert_eq!(claim.expires_at, Some(at(211)));
}

#[test]
fn a_claim_someone_took_first_gives_way_with_a_notice() {
    let mut ts = seeded(1);
    ts.store.claim("wo-1", &clerk(), at(1)).unwrap();
    let op = ts.store.due_claim_ops(at(2), 10).unwrap().remove(0);
    let mehmet = Actor {
        user_id: "u-50".into(),
        user_name: "Mehmet".into(),
        station: "Counter 2".into(),
    };
    let notice = ts
        .store
        .claim_op_refused(op.seq, &remote("wo-1", &mehmet, at(120)), at(2))
        .unwrap();
    assert_eq!(notice, "Mehmet at Counter 2 claimed this first");
    let claim = ts.store.claim_at("wo-1", at(3)).unwrap().unwrap();
    assert_eq!(
        (claim.user_name.as_str(), claim.station.as_str()),
        ("Mehmet", "Counter 2")
    );
    assert_eq!(
        ts.store.claim_notice("wo-1").unwrap().as_deref(),
        Some(notice.as_str())
    );
    let audit = ts.store.audit_log(Some("wo-1"), 10).unwrap();
    assert_eq!(audit[0].action, "claim_refused");
    assert_eq!(ts.store.pending_claim_ops().unwrap(), 0);

    // A manager's forced release is queued with the force flag.
    ts.store.release("wo-1", &other(), true, at(4)).unwrap();
    let op = ts.store.due_claim_ops(at(5), 10).unwrap().remove(0);
    assert!(op.force && op.op == ClaimOpKind::Release);
    // The order is gone at the OMS: the operation leaves the queue, audited.
    ts.store
        .claim_op_failed(op.seq, "oms_not_found", "gone", at(6))
        .unwrap();
    assert_eq!(ts.store.pending_claim_ops().unwrap(), 0);
}
