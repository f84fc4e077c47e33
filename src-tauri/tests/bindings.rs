//! The UI's TypeScript types are generated from the Rust types; this fails when the committed file drifts.
//! Regenerate with `STOREDESK_UPDATE_BINDINGS=1 cargo test --test bindings`.

use std::path::PathBuf;

use storedesk_lib::bindings::{BINDINGS_PATH, typescript};

#[test]
fn committed_bindings_match_the_rust_types() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(BINDINGS_PATH);
    let generated = typescript();
    if std::env::var_os("STOREDESK_UPDATE_BINDINGS").is_some() {
        std::fs::create_dir_all(path.parent().expect("a parent directory")).expect("bindings dir");
        std::fs::write(&path, &generated).expect("bindings written");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{BINDINGS_PATH} is out of date with the Rust types: run `STOREDESK_UPDATE_BINDINGS=1 cargo test --test \
         bindings` and commit the result"
    );
}

#[test]
fn every_ipc_type_is_exported() {
    let ts = typescript();
    for name in [
        "WorkOrder",
        "Command",
        "CommandKind",
        "Status",
        "Reason",
        "Actor",
        "IpcErrorPayload",
        "StaffSummary",
        "Session",
        "AppInfo",
        "InboxTab",
        "InboxQuery",
        "InboxRow",
        "InboxPage",
        "HistoryEntry",
        "ParkedEntry",
        "WorkOrderDetail",
        "SyncStatus",
        "SyncProgress",
        "LabelDocument",
        "ManagerOverview",
        "PersonStats",
        "AgeBucket",
        "UncollectedBucket",
        "Settings",
        "WorkArrived",
        "OrderChanged",
        "EventPayloads",
    ] {
        assert!(
            ts.contains(&format!("export type {name} "))
                || ts.contains(&format!("export interface {name} ")),
            "{name} is missing from the bindings"
        );
    }
}
