//! Staff and sign-in on a real station database in a temporary directory, with the clock passed in.

use chrono::{DateTime, Duration, TimeZone, Utc};
use storedesk_staff::{LockoutPolicy, NewStaff, Pin, PinHasher, Role, Staff, StaffError};
use storedesk_store::Store;

const STATION: &str = "till-1";

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0)
        .single()
        .expect("valid date")
}

fn secs(n: i64) -> DateTime<Utc> {
    t0() + Duration::seconds(n)
}

struct Station {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    store: Store,
    staff: Staff,
}

/// A station with a cheap hasher (the real cost is covered by the unit tests).
fn station() -> Station {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("station.db");
    let store = Store::open(&path).expect("store opens");
    let staff = Staff::new(
        PinHasher::with_cost(256, 1, 1).expect("params"),
        LockoutPolicy::default(),
    );
    Station {
        _dir: dir,
        path,
        store,
        staff,
    }
}

fn pin(p: &str) -> Pin {
    Pin::parse(p).expect("valid pin")
}

fn person(name: &str, role: Role, p: &str) -> NewStaff {
    NewStaff {
        name: name.into(),
        role,
        pin: pin(p),
    }
}

/// Elif (manager, 9999) and Ayşe (staff, 1111).
fn seeded() -> (Station, String, String) {
    let mut s = station();
    let people = s
        .staff
        .seed(
            s.store.connection_mut(),
            &[
                person("Elif", Role::Manager, "9999"),
                person("Ayşe", Role::Staff, "1111"),
            ],
            STATION,
            t0(),
        )
        .expect("seed");
    let (elif, ayse) = (people[0].id.clone(), people[1].id.clone());
    (s, elif, ayse)
}

#[test]
fn first_run_creates_one_manager_then_is_closed() {
    let mut s = station();
    assert!(s.staff.is_empty(s.store.connection()).unwrap());
    let boss = s
        .staff
        .bootstrap(
            s.store.connection_mut(),
            "  Elif   Kaya ",
            &pin("4821"),
            STATION,
            t0(),
        )
        .unwrap();
    assert_eq!(
        (boss.name.as_str(), boss.role),
        ("Elif Kaya", Role::Manager)
    );
    assert!(!s.staff.is_empty(s.store.connection()).unwrap());
    let again = s
        .staff
        .bootstrap(
            s.store.connection_mut(),
            "Mallory",
            &pin("0000"),
            STATION,
            t0(),
        )
        .unwrap_err();
    assert_eq!(again.code(), "already_set_up");
    let seed = s
        .staff
        .seed(
            s.store.connection_mut(),
            &[person("Mallory", Role::Manager, "0000")],
            STATION,
            t0(),
        )
        .unwrap_err();
    assert_eq!(seed.code(), "already_set_up");
    assert_eq!(s.staff.list(s.store.connection()).unwrap(), vec![boss]);
}

#[test]
fn the_right_pin_signs_in_and_a_wrong_one_does_not() {
    let (mut s, _, ayse) = seeded();
    let me = s
        .staff
        .sign_in(s.store.connection_mut(), &ayse, "1111", STATION, t0())
        .unwrap();
    assert_eq!((me.name.as_str(), me.role), ("Ayşe", Role::Staff));

    let err = s
        .staff
        .sign_in(s.store.connection_mut(), &ayse, "1112", STATION, secs(1))
        .unwrap_err();
    assert!(
        matches!(err, StaffError::WrongPin { tries_left: 2 }),
        "{err:?}"
    );
    assert_eq!(err.code(), "wrong_pin");
    assert_eq!(
        err.to_string(),
        "wrong PIN: 2 more tries left before a wait"
    );
    // Malformed input is just a wrong PIN.
    let err = s
        .staff
        .sign_in(s.store.connection_mut(), &ayse, "", STATION, secs(2))
        .unwrap_err();
    assert!(matches!(err, StaffError::WrongPin { tries_left: 1 }));

    let err = s
        .staff
        .sign_in(s.store.connection_mut(), "nobody", "1111", STATION, secs(3))
        .unwrap_err();
    assert_eq!(err.code(), "unknown_staff");
}

#[test]
fn lockout_grows_and_is_enforced_with_the_right_pin_too() {
    let (mut s, _, ayse) = seeded();
    let try_pin = |s: &mut Station, p: &str, at: i64| {
        s.staff
            .sign_in(s.store.connection_mut(), &ayse, p, STATION, secs(at))
    };

    assert_eq!(try_pin(&mut s, "0001", 0).unwrap_err().code(), "wrong_pin");
    assert_eq!(try_pin(&mut s, "0002", 1).unwrap_err().code(), "wrong_pin");
    // The third wrong PIN starts a 30 s wait.
    match try_pin(&mut s, "0003", 2).unwrap_err() {
        StaffError::LockedOut { until, wait_secs } => {
            assert_eq!((until, wait_secs), (secs(32), 30));
        }
        other => panic!("expected a lockout, got {other:?}"),
    }
    // During the wait even the right PIN is refused (and not checked).
    match try_pin(&mut s, "1111", 20).unwrap_err() {
        StaffError::LockedOut { wait_secs, .. } => assert_eq!(wait_secs, 12),
        other => panic!("expected a lockout, got {other:?}"),
    }
    // After it, one more wrong PIN doubles the wait.
    match try_pin(&mut s, "0004", 32).unwrap_err() {
        StaffError::LockedOut { until, .. } => assert_eq!(until, secs(92)),
        other => panic!("expected a lockout, got {other:?}"),
    }
    let mut at = 92;
    for expected in [120, 240, 480, 900, 900] {
        match try_pin(&mut s, "0000", at).unwrap_err() {
            StaffError::LockedOut { wait_secs, until } => {
                assert_eq!(wait_secs, expected);
                at = (until - t0()).num_seconds();
            }
            other => panic!("expected a lockout, got {other:?}"),
        }
    }
    // The right PIN after the wait signs in and clears the count: two free tries again.
    try_pin(&mut s, "1111", at).unwrap();
    assert!(matches!(
        try_pin(&mut s, "0000", at + 1).unwrap_err(),
        StaffError::WrongPin { tries_left: 2 }
    ));
}

#[test]
fn only_a_manager_adds_people_and_resets_pins() {
    let (mut s, elif, ayse) = seeded();
    let conn = s.store.connection_mut();
    let err = s
        .staff
        .add(
            conn,
            &ayse,
            &person("Can", Role::Staff, "3333"),
            STATION,
            t0(),
        )
        .unwrap_err();
    assert_eq!(err.code(), "forbidden");
    assert_eq!(err.to_string(), "only a manager can add people");
    let err = s
        .staff
        .reset_pin(conn, &ayse, &ayse, &pin("5555"), STATION, t0())
        .unwrap_err();
    assert_eq!(err.code(), "forbidden");

    let can = s
        .staff
        .add(
            conn,
            &elif,
            &person("Can", Role::Staff, "3333"),
            STATION,
            t0(),
        )
        .unwrap();
    assert_eq!(can.role, Role::Staff);
    let dup = s
        .staff
        .add(
            conn,
            &elif,
            &person("can", Role::Manager, "4444"),
            STATION,
            t0(),
        )
        .unwrap_err();
    assert_eq!(dup.code(), "duplicate_name");
    let bad = s
        .staff
        .add(
            conn,
            &elif,
            &person("   ", Role::Staff, "4444"),
            STATION,
            t0(),
        )
        .unwrap_err();
    assert_eq!(bad.code(), "invalid_name");
    let names: Vec<String> = s
        .staff
        .list(conn)
        .unwrap()
        .into_iter()
        .map(|m| m.name)
        .collect();
    assert_eq!(names, ["Ayşe", "Can", "Elif"]);
    // Someone unknown cannot act as a manager.
    let err = s
        .staff
        .add(
            conn,
            "ghost",
            &person("X", Role::Staff, "1234"),
            STATION,
            t0(),
        )
        .unwrap_err();
    assert_eq!(err.code(), "unknown_staff");
}

#[test]
fn a_reset_pin_replaces_the_old_one_and_lifts_a_lockout() {
    let (mut s, elif, ayse) = seeded();
    for i in 0..3 {
        let _ = s
            .staff
            .sign_in(s.store.connection_mut(), &ayse, "0000", STATION, secs(i));
    }
    let locked = s
        .staff
        .sign_in(s.store.connection_mut(), &ayse, "1111", STATION, secs(5))
        .unwrap_err();
    assert_eq!(locked.code(), "locked_out");

    s.staff
        .reset_pin(
            s.store.connection_mut(),
            &elif,
            &ayse,
            &pin("2468"),
            STATION,
            secs(6),
        )
        .unwrap();
    let old = s
        .staff
        .sign_in(s.store.connection_mut(), &ayse, "1111", STATION, secs(7))
        .unwrap_err();
    assert_eq!(old.code(), "wrong_pin");
    s.staff
        .sign_in(s.store.connection_mut(), &ayse, "2468", STATION, secs(8))
        .unwrap();
}

#[test]
fn pins_and_hashes_stay_out_of_the_audit_log_and_the_api() {
    let (mut s, elif, ayse) = seeded();
    s.staff
        .sign_in(s.store.connection_mut(), &ayse, "1111", STATION, t0())
        .unwrap();
    let _ = s
        .staff
        .sign_in(s.store.connection_mut(), &ayse, "7391", STATION, secs(1));
    s.staff
        .reset_pin(
            s.store.connection_mut(),
            &elif,
            &ayse,
            &pin("8642"),
            STATION,
            secs(2),
        )
        .unwrap();

    let audit = s.store.audit_log(None, 100).unwrap();
    let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "pin_reset",
            "sign_in_failed",
            "sign_in",
            "staff_bootstrap",
            "staff_bootstrap"
        ]
    );
    assert_eq!(audit[0].user_name, "Elif");
    assert_eq!(audit[2].station, STATION);
    let text = format!("{audit:?}");
    for secret in ["1111", "7391", "8642", "9999", "argon2"] {
        assert!(!text.contains(secret), "{secret} in the audit log");
    }
    let listed = format!("{:?}", s.staff.list(s.store.connection()).unwrap());
    assert!(!listed.contains("argon2"), "{listed}");

    // On disk only Argon2id hashes.
    let raw = rusqlite::Connection::open(&s.path).unwrap();
    let hashes: Vec<String> = raw
        .prepare("SELECT pin_hash FROM staff")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(hashes.len(), 2);
    assert!(hashes.iter().all(|h| h.starts_with("$argon2id$")));
}

#[test]
fn a_sign_in_in_phases_holds_nothing_while_the_pin_is_checked() {
    let (mut s, _, ayse) = seeded();
    // Two tries at once with wrong PINs: both pass the lockout check before either is recorded.
    let first = s
        .staff
        .begin_sign_in(s.store.connection(), &ayse, secs(1))
        .unwrap();
    let second = s
        .staff
        .begin_sign_in(s.store.connection(), &ayse, secs(1))
        .unwrap();
    let first = s.staff.check_pin(first, "1112").unwrap();
    let second = s.staff.check_pin(second, "1113").unwrap();

    // Between the phases no transaction is open: another connection writes at once.
    let other = rusqlite::Connection::open(&s.path).unwrap();
    other.busy_timeout(std::time::Duration::ZERO).unwrap();
    other
        .execute_batch("BEGIN IMMEDIATE; UPDATE staff SET name = name; COMMIT;")
        .expect("the database is free while PINs are checked");

    // Both failures count: the second try sees the first one.
    let err = s
        .staff
        .finish_sign_in(s.store.connection_mut(), first, STATION, secs(2))
        .unwrap_err();
    assert!(
        matches!(err, StaffError::WrongPin { tries_left: 2 }),
        "{err:?}"
    );
    let err = s
        .staff
        .finish_sign_in(s.store.connection_mut(), second, STATION, secs(2))
        .unwrap_err();
    assert!(
        matches!(err, StaffError::WrongPin { tries_left: 1 }),
        "{err:?}"
    );

    // The right PIN, in phases, signs in and clears the count.
    let attempt = s
        .staff
        .begin_sign_in(s.store.connection(), &ayse, secs(3))
        .unwrap();
    let checked = s.staff.check_pin(attempt, "1111").unwrap();
    let me = s
        .staff
        .finish_sign_in(s.store.connection_mut(), checked, STATION, secs(3))
        .unwrap();
    assert_eq!(me.name, "Ayşe");
    let err = s
        .staff
        .sign_in(s.store.connection_mut(), &ayse, "0000", STATION, secs(4))
        .unwrap_err();
    assert!(
        matches!(err, StaffError::WrongPin { tries_left: 2 }),
        "{err:?}"
    );
}

#[test]
fn a_pin_checked_while_typed_decides_only_a_real_sign_in() {
    let (mut s, elif, ayse) = seeded();
    let precheck = |s: &Station, p: &str, at: i64| {
        let attempt = s
            .staff
            .begin_sign_in(s.store.connection(), &ayse, secs(at))
            .unwrap();
        s.staff.precheck_pin(&attempt, p);
    };

    // Wrong candidates typed on the way count no failure and tell nothing.
    for (i, p) in ["1112", "11121", "111213"].iter().enumerate() {
        precheck(&s, p, i as i64);
    }
    assert!(s.staff.holds_precheck());
    let err = s
        .staff
        .sign_in(s.store.connection_mut(), &ayse, "0000", STATION, secs(5))
        .unwrap_err();
    assert!(
        matches!(err, StaffError::WrongPin { tries_left: 2 }),
        "only the real sign-in counted: {err:?}"
    );
    assert!(!s.staff.holds_precheck(), "no typed PIN outlives a sign-in");

    // The right PIN checked ahead signs in with it; a wrong one checked ahead is still wrong.
    precheck(&s, "1111", 6);
    s.staff
        .sign_in(s.store.connection_mut(), &ayse, "1111", STATION, secs(7))
        .unwrap();
    precheck(&s, "1234", 8);
    let err = s
        .staff
        .sign_in(s.store.connection_mut(), &ayse, "1234", STATION, secs(9))
        .unwrap_err();
    assert_eq!(err.code(), "wrong_pin");

    // A PIN reset after the precheck: the old PIN checked ahead no longer signs in.
    precheck(&s, "1111", 10);
    s.staff
        .reset_pin(
            s.store.connection_mut(),
            &elif,
            &ayse,
            &pin("2468"),
            STATION,
            secs(11),
        )
        .unwrap();
    let err = s
        .staff
        .sign_in(s.store.connection_mut(), &ayse, "1111", STATION, secs(12))
        .unwrap_err();
    assert_eq!(err.code(), "wrong_pin");

    // Not a PIN's shape: nothing is kept.
    precheck(&s, "12", 13);
    assert!(!s.staff.holds_precheck());
}
