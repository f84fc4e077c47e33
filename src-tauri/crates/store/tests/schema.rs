//! Opening, migrating and refusing databases.

mod common;

use std::path::Path;

use common::*;
use storedesk_domain::Feed;
use storedesk_store::{Store, StoreError, schema};

fn file_bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("read db file")
}

#[test]
fn migrates_an_empty_file_with_durable_settings() {
    let ts = store();
    assert_eq!(
        ts.store.schema_version().unwrap(),
        schema::supported_version()
    );
    let d = ts.store.durability().unwrap();
    assert_eq!(d.journal_mode, "wal");
    assert_eq!(d.synchronous, 2, "synchronous must be FULL");
    assert!(d.foreign_keys);
    assert_eq!(d.busy_timeout_ms, 5000);
    ts.store.quick_check().unwrap();

    let raw = ts.raw();
    let app_id: i32 = raw
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    assert_eq!(app_id, schema::APPLICATION_ID);
    for table in [
        "work_orders",
        "lines",
        "line_barcodes",
        "parcels",
        "labels",
        "reasons",
        "outbox",
        "sync_cursors",
        "meta",
        "audit",
        "work_order_fts",
    ] {
        let n: i64 = raw
            .query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE name = ?1",
                [table],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 1, "table {table} missing");
    }
}

#[test]
fn refuses_a_newer_schema_and_leaves_the_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.db");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE future (x INTEGER); INSERT INTO future VALUES (42);")
            .unwrap();
        c.pragma_update(None, "application_id", schema::APPLICATION_ID)
            .unwrap();
        c.pragma_update(None, "user_version", schema::supported_version() + 1)
            .unwrap();
    }
    let before = file_bytes(&path);

    let err = Store::open(&path).unwrap_err();
    match &err {
        StoreError::NewerSchema { found, supported } => {
            assert_eq!(*found, schema::supported_version() + 1);
            assert_eq!(*supported, schema::supported_version());
        }
        other => panic!("expected NewerSchema, got {other:?}"),
    }
    assert_eq!(err.code(), "newer_schema");
    let msg = err.to_string();
    assert!(msg.contains("newer version of Storedesk"), "{msg}");
    assert!(msg.contains("update Storedesk"), "{msg}");
    assert!(msg.contains("Nothing was changed"), "{msg}");

    assert_eq!(
        file_bytes(&path),
        before,
        "the refused file must not change"
    );
    assert!(!dir.path().join("newer.db-wal").exists());
    // Still refused the second time, and still unchanged.
    assert!(matches!(
        Store::open(&path),
        Err(StoreError::NewerSchema { .. })
    ));
    assert_eq!(file_bytes(&path), before);
}

#[test]
fn refuses_another_applications_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE t (x INTEGER);").unwrap();
        c.pragma_update(None, "application_id", 0x1234).unwrap();
    }
    let before = file_bytes(&path);
    let err = Store::open(&path).unwrap_err();
    assert_eq!(err.code(), "not_a_storedesk_database");
    assert_eq!(file_bytes(&path), before);
}

#[test]
fn a_file_that_is_not_a_database_is_an_error_and_stays_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("junk.db");
    let junk = b"this is definitely not an SQLite database, just some bytes...".repeat(100);
    std::fs::write(&path, &junk).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert_eq!(err.code(), "storage_error");
    assert_eq!(file_bytes(&path), junk);
}

#[test]
fn reopen_after_drop_keeps_everything() {
    let mut ts = store();
    let wo = accepted(1);
    ts.store
        .apply_page(Feed::Packaging, std::slice::from_ref(&wo), Some("c-1"))
        .unwrap();
    let rec = ts
        .store
        .record_action(&action(&wo, pick("l1", 1), 1))
        .unwrap();
    ts.store
        .set_meta("last_sync_at", "2026-03-02T09:00:00Z")
        .unwrap();

    let ts = ts.reopen();
    assert_eq!(ts.store.work_order(&wo.id).unwrap(), Some(rec.view.clone()));
    assert_eq!(ts.store.snapshot(&wo.id).unwrap(), Some(wo.clone()));
    assert_eq!(
        ts.store.cursor(Feed::Packaging).unwrap().as_deref(),
        Some("c-1")
    );
    assert_eq!(ts.store.reasons().unwrap(), reasons());
    assert_eq!(
        ts.store.get_meta("last_sync_at").unwrap().as_deref(),
        Some("2026-03-02T09:00:00Z")
    );
    let entries = ts.store.outbox_entries(&wo.id).unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].command_id, rec.command_id);
    assert_eq!(ts.store.audit_log(Some(&wo.id), 10).unwrap().len(), 1);
    assert_eq!(
        ts.store.schema_version().unwrap(),
        schema::supported_version()
    );
}

#[test]
fn secrets_are_never_stored_as_meta() {
    let mut ts = store();
    let err = ts.store.set_meta("oms_api_token", "abc").unwrap_err();
    assert_eq!(err.code(), "secret_not_allowed");
    assert_eq!(ts.store.get_meta("oms_api_token").unwrap(), None);
}
