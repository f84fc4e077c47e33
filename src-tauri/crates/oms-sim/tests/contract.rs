//! The contract test: for every command of the table in `docs/oms-api.md` §5.2, every kind and every state, the
//! simulator accepts the command in the documented states and refuses it in the others, over real HTTP.
//!
//! "Accepted" means the state allowed it: `200`, or a `422` about the parameters. Refusals are
//! `409 invalid_transition`, except in `cancelled` (`work_order_cancelled`) and `reassigned` (`reassigned`),
//! which §5.4 checks first.

mod common;

use reqwest::StatusCode;
use serde_json::{Value, json};
use storedesk_domain::{CommandKind, Feed, Status, WorkOrder, WorkOrderKind};
use storedesk_oms_api::doc_tables::parse_command_table;

use common::{Harness, STORE};

fn doc() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../docs/oms-api.md");
    std::fs::read_to_string(path).expect("docs/oms-api.md is readable")
}

/// A plausible command of `kind` for `wo`: valid where the state allows it, whenever that is easy.
fn command_for(kind: CommandKind, wo: &WorkOrder, pickup_code: Option<&str>) -> Value {
    let first = wo.lines.first().map(|l| l.id.clone()).unwrap_or_default();
    let open = wo.lines.iter().find(|l| l.remaining_to_pick() > 0);
    match kind {
        CommandKind::Accept => json!({"slug": "accept"}),
        CommandKind::Reject => json!({"slug": "reject", "reason": "OUT_OF_STOCK"}),
        CommandKind::RejectLines => json!({"slug": "reject_lines", "lines": [
            {"line_id": open.map_or(first.clone(), |l| l.id.clone()), "quantity": 1, "reason": "DAMAGED"}
        ]}),
        CommandKind::Pick => {
            json!({"slug": "pick", "line_id": open.map_or(first.clone(), |l| l.id.clone()), "quantity": 1})
        }
        CommandKind::ShortPick => {
            json!({"slug": "short_pick", "line_id": open.map_or(first.clone(), |l| l.id.clone()),
            "quantity": 1, "reason": "NOT_FOUND_IN_STORE"})
        }
        CommandKind::CompletePick => json!({"slug": "complete_pick"}),
        CommandKind::Pack => {
            let contents: Vec<Value> = wo
                .lines
                .iter()
                .filter(|l| l.picked > 0)
                .map(|l| json!({"line_id": l.id, "quantity": l.picked}))
                .collect();
            json!({"slug": "pack", "parcels": [{"parcel_ref": "1", "box_type": "M", "weight_g": 900, "contents": contents}]})
        }
        CommandKind::AttachLabel => json!({"slug": "attach_label", "parcel_ref": "1"}),
        CommandKind::HandoverToCarrier => {
            json!({"slug": "handover_to_carrier", "parcel_refs": ["1"]})
        }
        CommandKind::MarkReadyForPickup => {
            json!({"slug": "mark_ready_for_pickup", "shelf_location": "A-1"})
        }
        CommandKind::HandoverToCustomer => json!({"slug": "handover_to_customer",
            "pickup_code": pickup_code.unwrap_or("PU-222222"), "collected_by": "Zeynep Çelik"}),
        CommandKind::Dispatch => {
            json!({"slug": "dispatch", "carrier": "Aras Kargo", "tracking_number": "9988776655443"})
        }
        CommandKind::Receive => {
            let lines: Vec<Value> = wo
                .lines
                .iter()
                .map(|l| json!({"line_id": l.id, "received": l.requested}))
                .collect();
            json!({"slug": "receive", "lines": lines})
        }
        CommandKind::AcknowledgeCancel => json!({"slug": "acknowledge_cancel"}),
    }
}

fn expected_refusal(status: Status) -> &'static str {
    match status {
        Status::Cancelled => "work_order_cancelled",
        Status::Reassigned => "reassigned",
        _ => "invalid_transition",
    }
}

async fn send(h: &Harness, kind: WorkOrderKind, id: &str, command: CommandKind) -> common::Answer {
    let wo = h.sim.work_order(id, STORE).expect("visible to the store");
    let pickup = h.sim.pickup_code(id);
    h.command(
        Feed::of(kind),
        id,
        STORE,
        command_for(command, &wo, pickup.as_deref()),
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_documented_command_is_accepted_exactly_in_its_states() {
    let table = parse_command_table(&doc()).expect("the command table parses");
    let h = common::start(common::config(0)).await;
    let mut checked = 0;
    let mut applied = 0;
    let mut allowed = 0;
    let mut unapplied = Vec::new();
    for kind in WorkOrderKind::ALL {
        for status in Status::ALL.into_iter().filter(|s| s.valid_for(kind)) {
            // One order in this state for every refusal (a refused command changes nothing).
            let shared = h.order_in(kind, status).await;
            for row in &table {
                let documented = row.allowed_in(kind).contains(&status);
                if documented {
                    allowed += 1;
                    // A fresh order: an accepted command moves it on.
                    let id = h.order_in(kind, status).await;
                    if row.only_with_cancel_request {
                        assert_eq!(
                            h.sim.request_cancel(&id),
                            Some(storedesk_oms_sim::CancelOutcome::Requested),
                            "{kind:?} {status}: a cancel becomes a request"
                        );
                    }
                    let answer = send(&h, kind, &id, row.command).await;
                    if answer.status == StatusCode::OK {
                        applied += 1;
                    } else if answer.status == StatusCode::UNPROCESSABLE_ENTITY {
                        let problem = answer.problem();
                        unapplied
                            .push((row.command, problem.errors.first().map(|e| e.code.clone())));
                    }
                    assert!(
                        answer.status == StatusCode::OK
                            || answer.status == StatusCode::UNPROCESSABLE_ENTITY,
                        "{} must be allowed for {kind:?} in {status}: {} {}",
                        row.command,
                        answer.status,
                        String::from_utf8_lossy(&answer.body)
                    );
                } else {
                    let answer = send(&h, kind, &shared, row.command).await;
                    assert_eq!(
                        answer.status,
                        StatusCode::CONFLICT,
                        "{} must be refused for {kind:?} in {status}: {}",
                        row.command,
                        String::from_utf8_lossy(&answer.body)
                    );
                    assert_eq!(
                        answer.problem().code,
                        expected_refusal(status),
                        "{} for {kind:?} in {status}",
                        row.command
                    );
                }
                checked += 1;
            }
        }
    }
    // 14 commands × (10 + 10 + 9 + 4 states).
    assert_eq!(checked, 14 * 33);
    // The sample parameters are valid, so allowed commands were really applied, not just let past the state
    // check. The one exception: complete_pick on an order still being picked (one unit picked of four), which is
    // allowed by state and refused for its parameters.
    let pick_incomplete = (
        CommandKind::CompletePick,
        Some("pick_incomplete".to_string()),
    );
    assert!(
        unapplied.iter().all(|u| *u == pick_incomplete),
        "{unapplied:?}"
    );
    assert_eq!(applied + unapplied.len(), allowed);
    assert_eq!(unapplied.len(), 3, "one per kind that picks");
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_field_is_the_table() {
    // The `commands` the simulator advertises are what it then accepts: spot-check one order per kind.
    let h = common::start(common::config(0)).await;
    for kind in WorkOrderKind::ALL {
        let status = if kind == WorkOrderKind::TransferIn {
            Status::InTransit
        } else {
            Status::Picking
        };
        let id = h.order_in(kind, status).await;
        let object = h.object(Feed::of(kind), &id, STORE).await;
        let advertised: Vec<String> = object["commands"]
            .as_array()
            .expect("commands")
            .iter()
            .filter_map(|c| c.as_str().map(str::to_string))
            .collect();
        let wo = h.sim.work_order(&id, STORE).expect("visible");
        let expected: Vec<String> = storedesk_domain::allowed_commands(&wo)
            .iter()
            .map(|k| k.slug().to_string())
            .collect();
        assert_eq!(advertised, expected, "{kind:?}");
    }
    h.server.stop().await;
}
