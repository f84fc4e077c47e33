//! `docs/oms-api.md` agrees with the code: the allowed-commands table with the domain state machine, the state
//! tables with `state.rs`, the error table with `ErrorCode`.

mod common;

use std::collections::BTreeSet;

use storedesk_domain::upstream::{CancelOutcome, request_cancel};
use storedesk_domain::{CommandKind, Status, WorkOrder, WorkOrderKind, allowed_commands};
use storedesk_oms_api::ErrorCode;
use storedesk_oms_api::doc_tables::{markdown_table, parse_command_table};
use storedesk_oms_api::state::{PACKAGE_STATES, TRANSFER_STATES, transfer_status};

fn doc() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../docs/oms-api.md");
    std::fs::read_to_string(path).expect("docs/oms-api.md is readable")
}

fn order(kind: WorkOrderKind, status: Status) -> WorkOrder {
    let mut wo = common::transfer_out();
    wo.kind = kind;
    wo.status = status;
    wo.dispatch = None;
    wo
}

#[test]
fn command_table_matches_the_state_machine() {
    let table = parse_command_table(&doc()).expect("command table parses");
    let documented: BTreeSet<CommandKind> = table.iter().map(|r| r.command).collect();
    assert_eq!(
        documented,
        CommandKind::ALL.into_iter().collect(),
        "every command has a row"
    );
    for row in &table {
        for kind in WorkOrderKind::ALL {
            let mut expected = Vec::new();
            for status in Status::ALL.into_iter().filter(|s| s.valid_for(kind)) {
                let mut wo = order(kind, status);
                let allowed = if row.only_with_cancel_request {
                    let outcome = request_cancel(&mut wo, "customer", common::at(12, 0));
                    outcome == CancelOutcome::Requested
                        && allowed_commands(&wo).contains(&row.command)
                } else {
                    allowed_commands(&wo).contains(&row.command)
                };
                if allowed {
                    expected.push(status);
                }
            }
            assert_eq!(
                row.allowed_in(kind),
                expected,
                "{} for {kind:?}",
                row.command
            );
        }
    }
    let dagger: Vec<_> = table
        .iter()
        .filter(|r| r.only_with_cancel_request)
        .map(|r| r.command)
        .collect();
    assert_eq!(dagger, [CommandKind::AcknowledgeCancel]);
}

fn yes(cell: &str) -> bool {
    match cell {
        "yes" => true,
        "no" => false,
        other => panic!("expected yes/no, got {other:?}"),
    }
}

#[test]
fn package_state_table_matches() {
    let rows = markdown_table(&doc(), "package-states").expect("package state table");
    assert_eq!(rows.len() - 1, PACKAGE_STATES.len());
    for (cells, row) in rows[1..].iter().zip(PACKAGE_STATES.iter()) {
        assert_eq!(cells[0], row.enum_value.to_string());
        assert_eq!(cells[1], row.name);
        assert_eq!(cells[2], row.status.as_str());
        assert_eq!(
            yes(&cells[3]),
            row.status.valid_for(WorkOrderKind::ShipFromStore),
            "{}",
            row.name
        );
        assert_eq!(
            yes(&cells[4]),
            row.status.valid_for(WorkOrderKind::ClickAndCollect),
            "{}",
            row.name
        );
    }
}

#[test]
fn transfer_state_table_matches() {
    let rows = markdown_table(&doc(), "transfer-states").expect("transfer state table");
    assert_eq!(rows.len() - 1, TRANSFER_STATES.len());
    for (cells, row) in rows[1..].iter().zip(TRANSFER_STATES.iter()) {
        assert_eq!(cells[0], row.enum_value.to_string());
        assert_eq!(cells[1], row.name);
        let seen = |kind| transfer_status(row.enum_value, kind).map_or("—", Status::as_str);
        assert_eq!(cells[2], seen(WorkOrderKind::TransferOut), "{}", row.name);
        assert_eq!(cells[3], seen(WorkOrderKind::TransferIn), "{}", row.name);
    }
}

#[test]
fn error_table_matches() {
    let rows = markdown_table(&doc(), "errors").expect("error table");
    let mut seen = BTreeSet::new();
    for cells in &rows[1..] {
        let code = ErrorCode::parse(cells[0].trim_matches('`'))
            .unwrap_or_else(|| panic!("unknown code {}", cells[0]));
        seen.insert(code.as_str());
        let first_status: u16 = cells[1]
            .split(',')
            .next()
            .and_then(|s| s.trim().parse().ok())
            .expect("status");
        assert_eq!(first_status, code.http_status(), "{code}");
        assert_eq!(
            yes(&cells[3]),
            code.stored_under_idempotency_key(),
            "{code}"
        );
    }
    assert_eq!(seen.len(), ErrorCode::ALL.len(), "every code is documented");
}
