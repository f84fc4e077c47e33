//! Every command handler, called as plain functions on the app state (no window), against the embedded OMS
//! simulator: argument checks, role checks, error codes and the flows they drive.

mod support;

use storedesk_domain::{Command, LabelFormat, ParcelItem, ParcelSpec, Status, WorkOrderKind};
use storedesk_lib::commands::printing::{OrderDocument, PrintRequest, PrinterRole};
use storedesk_lib::commands::{inbox, labels, manager, order, printing, session, settings, sync};
use storedesk_lib::dto::{AgeBucket, InboxQuery, InboxTab, Role};
use storedesk_lib::events::AppEvent;
use storedesk_lib::settings::EnvOverrides;
use support::*;

fn label_request(parcel_ref: &str) -> PrintRequest {
    PrintRequest {
        document: OrderDocument::LocalLabel,
        parcel_ref: Some(parcel_ref.to_string()),
        reason: None,
    }
}

fn query(tab: InboxTab) -> InboxQuery {
    InboxQuery {
        tab,
        text: String::new(),
        offset: 0,
        limit: 50,
    }
}

/// Pick every unit of an accepted order by scanning, through the handler.
fn scan_everything(app: &TestApp, id: &str) {
    loop {
        let detail = order::work_order(&app.state, id).unwrap();
        let Some(line) = detail
            .order
            .lines
            .iter()
            .find(|l| l.remaining_to_pick() > 0)
        else {
            return;
        };
        order::scan_pick(&app.state, id, &line.barcodes[0]).unwrap();
    }
}

fn pack_everything(app: &TestApp, id: &str) {
    let detail = order::work_order(&app.state, id).unwrap();
    let parcels = vec![ParcelSpec {
        parcel_ref: "1".into(),
        box_type: "M".into(),
        weight_g: 900,
        contents: detail
            .order
            .lines
            .iter()
            .filter(|l| l.picked > 0)
            .map(|l| ParcelItem {
                line_id: l.id.clone(),
                quantity: l.picked,
            })
            .collect(),
    }];
    order::act(&app.state, id, Command::Pack { parcels }).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_sign_in_commands_work_without_a_session() {
    let app = demo_app(8).await;
    let s = &app.state;
    let info = session::app_info(s).unwrap();
    assert!(info.demo && !info.first_run);
    assert!(info.oms_url.starts_with("http://127.0.0.1:"));
    let staff = session::staff_list(s).unwrap();
    let names: Vec<&str> = staff.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        ["Ayşe (PIN 1111)", "Elif (PIN 9999)", "Mehmet (PIN 2222)"]
    );
    assert_eq!(session::current_session(s).unwrap(), None);
    // The first screen needs only the app info: it carries the same staff list and the (absent) session.
    assert_eq!(info.staff, staff);
    assert_eq!(info.session, None);

    let refused: Vec<(&str, Result<(), storedesk_lib::error::AppError>)> = vec![
        ("inbox", inbox::inbox(s, &query(InboxTab::All)).map(drop)),
        ("find_by_scan", inbox::find_by_scan(s, "PKG-1").map(drop)),
        ("reasons", inbox::reasons(s).map(drop)),
        ("work_order", order::work_order(s, "x").map(drop)),
        ("act", order::act(s, "x", Command::Accept).map(drop)),
        ("scan_pick", order::scan_pick(s, "x", "1").map(drop)),
        ("claim", order::claim(s, "x")),
        ("release", order::release(s, "x")),
        ("sync_status", sync::sync_status(s).map(drop)),
        ("sync_now", sync::sync_now(s)),
        ("parked_list", sync::parked_list(s).map(drop)),
        ("retry_parked", sync::retry_parked(s, "c")),
        ("discard_parked", sync::discard_parked(s, "c")),
        ("manager_overview", manager::manager_overview(s).map(drop)),
        ("staff_add", manager::staff_add(s, "X", Role::Staff, "1234")),
        ("staff_reset_pin", manager::staff_reset_pin(s, "x", "1234")),
        ("settings_get", settings::settings_get(s).map(drop)),
        (
            "label",
            labels::label(s, "x", "1", LabelFormat::Pdf).await.map(drop),
        ),
        (
            "print_document",
            printing::print_document(s, "x", &label_request("1"))
                .await
                .map(drop),
        ),
        (
            "document_preview",
            printing::document_preview(s, "x", &label_request("1"))
                .await
                .map(drop),
        ),
        (
            "print_pick_list",
            printing::print_pick_list(s, &["x".to_string()])
                .await
                .map(drop),
        ),
        ("void_label", printing::void_label(s, "x", "1", "torn")),
        ("print_history", printing::print_history(s, "x").map(drop)),
        (
            "print_settings_get",
            printing::print_settings_get(s).map(drop),
        ),
        (
            "print_settings_set",
            printing::print_settings_set(s, &Default::default()),
        ),
        (
            "printers_discover",
            printing::printers_discover(s, None).map(drop),
        ),
        (
            "printer_check",
            printing::printer_check(s, PrinterRole::Label).map(drop),
        ),
        (
            "print_test",
            printing::print_test(s, PrinterRole::Label).map(drop),
        ),
    ];
    for (name, result) in refused {
        let err = result.expect_err(name);
        assert_eq!(err.code, "not_signed_in", "{name}: {err:?}");
    }
    let set = settings::settings_set(
        s,
        &storedesk_lib::settings::StoredSettings::default().to_dto(false),
        None,
    )
    .await
    .unwrap_err();
    assert_eq!(set.code, "not_signed_in");
    app.state.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pin_typed_ahead_counts_nothing_and_waits_for_the_real_sign_in() {
    let app = demo_app(4).await;
    let s = &app.state;
    let ayse = app.person("Ayşe");
    // Typing 1112, 11121, then the right 1111 (no session yet, and no failure counted for the wrong ones).
    for pin in ["1112", "11121", "1111"] {
        session::pin_typed(s, &ayse.id, pin).unwrap();
    }
    assert_eq!(session::current_session(s).unwrap(), None);
    assert_eq!(
        session::pin_typed(s, "nobody", "1111").unwrap_err().code,
        "unknown_staff"
    );
    let err = session::sign_in(s, &ayse.id, "0000").unwrap_err();
    assert!(err.message.contains("2 more tries"), "{}", err.message);
    session::pin_typed(s, &ayse.id, "1111").unwrap();
    session::sign_in(s, &ayse.id, "1111").unwrap();
    session::sign_out(s).unwrap();

    // During a lockout nothing is checked, and the lockout holds.
    for pin in ["0001", "0002", "0003"] {
        let _ = session::sign_in(s, &ayse.id, pin);
    }
    session::pin_typed(s, &ayse.id, "1111").unwrap();
    assert_eq!(
        session::sign_in(s, &ayse.id, "1111").unwrap_err().code,
        "locked_out"
    );
    app.state.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_checks_the_pin_and_locks_out_after_three_wrong_ones() {
    let app = demo_app(4).await;
    let s = &app.state;
    let ayse = app.person("Ayşe");
    let err = session::sign_in(s, &ayse.id, "1112").unwrap_err();
    assert_eq!(err.code, "wrong_pin");
    assert!(err.message.contains("2 more tries"), "{}", err.message);
    assert_eq!(
        session::sign_in(s, &ayse.id, "0000").unwrap_err().code,
        "wrong_pin"
    );
    assert_eq!(
        session::sign_in(s, &ayse.id, "0001").unwrap_err().code,
        "locked_out"
    );
    // Even the right PIN waits.
    let locked = session::sign_in(s, &ayse.id, "1111").unwrap_err();
    assert_eq!(locked.code, "locked_out");
    assert!(locked.message.contains("wait"), "{}", locked.message);
    assert_eq!(
        session::sign_in(s, "", "1111").unwrap_err().code,
        "invalid_argument"
    );
    assert_eq!(
        session::sign_in(s, "nobody", "1111").unwrap_err().code,
        "unknown_staff"
    );

    app.advance(31);
    let session = session::sign_in(s, &ayse.id, "1111").unwrap();
    assert_eq!(session.staff, ayse);
    assert_eq!(session.station, "demo-counter");
    assert_eq!(session.idle_timeout_secs, 300);
    assert_eq!(session::current_session(s).unwrap(), Some(session.clone()));
    // A reloaded window finds the session in the app info.
    assert_eq!(session::app_info(s).unwrap().session, Some(session));

    // Background refreshes are not activity; idle for longer than the timeout: signed out.
    app.advance(200);
    sync::sync_status(s).unwrap();
    sync::parked_list(s).unwrap();
    app.advance(101);
    let err = inbox::reasons(s).unwrap_err();
    assert_eq!(err.code, "session_expired");
    assert_eq!(inbox::reasons(s).unwrap_err().code, "not_signed_in");
    assert_eq!(session::current_session(s).unwrap(), None);

    app.sign_in("Mehmet");
    session::sign_out(s).unwrap();
    assert_eq!(session::current_session(s).unwrap(), None);
    app.state.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_in_answers_the_inbox_page_the_screen_opens_on() {
    let app = demo_app(12).await;
    app.pull().await;
    let s = &app.state;
    let ayse = app.person("Ayşe");
    let ask = query(InboxTab::ToAccept);

    // A wrong PIN: an error, no session, and so nothing of the inbox.
    let err = session::sign_in_to_inbox(s, &ayse.id, "1112", Some(&ask)).unwrap_err();
    assert_eq!(err.code, "wrong_pin");
    assert_eq!(session::current_session(s).unwrap(), None);

    let signed = session::sign_in_to_inbox(s, &ayse.id, "1111", Some(&ask)).unwrap();
    assert_eq!(signed.session.staff, ayse);
    let page = signed.inbox.expect("the inbox page comes with the sign-in");
    // The same page the inbox command answers once signed in.
    assert_eq!(page, inbox::inbox(s, &ask).unwrap());
    assert!(page.total > 0 && !page.rows.is_empty());
    assert_eq!(page.counts.to_accept, page.total);

    // Not asked for: only the session.
    session::sign_out(s).unwrap();
    let signed = session::sign_in_to_inbox(s, &ayse.id, "1111", None).unwrap();
    assert_eq!(signed.inbox, None);
    app.state.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn manager_only_commands_are_refused_to_staff() {
    let app = demo_app(8).await;
    app.pull().await;
    let s = &app.state;
    app.sign_in("Ayşe");
    let forbidden = [
        ("manager_overview", manager::manager_overview(s).map(drop)),
        (
            "staff_add",
            manager::staff_add(s, "Can", Role::Staff, "3333"),
        ),
        (
            "staff_reset_pin",
            manager::staff_reset_pin(s, &app.person("Mehmet").id, "3333"),
        ),
        ("discard_parked", sync::discard_parked(s, "any")),
    ];
    for (name, result) in forbidden {
        let err = result.expect_err(name);
        assert_eq!(err.code, "forbidden", "{name}");
        assert!(
            err.message.starts_with("only a manager can"),
            "{}",
            err.message
        );
    }
    let dto = settings::settings_get(s).unwrap();
    assert!(dto.demo && dto.token_set);
    assert_eq!(
        settings::settings_set(s, &dto, None)
            .await
            .unwrap_err()
            .code,
        "forbidden"
    );

    // Typing a pick quantity is for managers, unless the store allows it.
    let id = app.first(WorkOrderKind::ShipFromStore, Status::Assigned);
    order::act(s, &id, Command::Accept).unwrap();
    let line = order::work_order(s, &id).unwrap().order.lines[0].id.clone();
    let manual = Command::Pick {
        line_id: line.clone(),
        quantity: 1,
        barcode: None,
    };
    assert_eq!(
        order::act(s, &id, manual.clone()).unwrap_err().code,
        "forbidden"
    );

    app.sign_in("Elif");
    manager::staff_add(s, "Can", Role::Staff, "3333").unwrap();
    assert_eq!(
        manager::staff_add(s, "can", Role::Manager, "4444")
            .unwrap_err()
            .code,
        "duplicate_name"
    );
    assert_eq!(
        manager::staff_add(s, "Deniz", Role::Staff, "12")
            .unwrap_err()
            .code,
        "invalid_pin"
    );
    let detail = order::act(s, &id, manual).unwrap();
    assert_eq!(detail.order.lines[0].picked, 1);
    assert_eq!(detail.history[0].user_name, "Elif (PIN 9999)");
    let overview = manager::manager_overview(s).unwrap();
    assert!(
        overview
            .per_person
            .iter()
            .any(|p| p.user_name.starts_with("Ayşe") && p.accepted == 1)
    );

    // Once allowed by a manager, staff may type quantities too.
    let mut allow = settings::settings_get(s).unwrap();
    allow.staff_may_enter_quantities = true;
    settings::settings_set(s, &allow, None).await.unwrap();
    app.sign_in("Ayşe");
    order::act(
        s,
        &id,
        Command::Pick {
            line_id: line,
            quantity: 1,
            barcode: None,
        },
    )
    .map(drop)
    .or_else(|e| {
        if e.code == "quantity_out_of_range" {
            Ok(())
        } else {
            Err(e)
        }
    })
    .unwrap();

    // A new person signs in with the PIN the manager gave; a reset PIN replaces the old one.
    let can = app.person("Can");
    session::sign_in(s, &can.id, "3333").unwrap();
    app.sign_in("Elif");
    manager::staff_reset_pin(s, &can.id, "5555").unwrap();
    assert_eq!(
        session::sign_in(s, &can.id, "3333").unwrap_err().code,
        "wrong_pin"
    );
    session::sign_in(s, &can.id, "5555").unwrap();
    app.state.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_inbox_has_every_tab_counted_and_searchable() {
    let app = demo_app(40).await;
    app.pull().await;
    let s = &app.state;
    app.sign_in("Ayşe");
    let all = inbox::inbox(s, &query(InboxTab::All)).unwrap();
    assert!(all.counts.all >= 20, "{:?}", all.counts);
    assert_eq!(all.total, all.counts.all);
    assert!(
        all.rows.windows(2).all(|w| w[0].due_at <= w[1].due_at),
        "most urgent first"
    );
    let c = all.counts;
    assert!(
        c.to_accept > 0 && c.transfers_in > 0 && c.transfers_out > 0,
        "{c:?}"
    );
    for tab in InboxTab::ALL {
        let page = inbox::inbox(s, &query(tab)).unwrap();
        assert_eq!(page.counts, c, "counts are the same on every tab");
        assert!(page.rows.len() as u32 <= page.total.min(50));
        match tab {
            InboxTab::ToAccept => assert!(page.rows.iter().all(|r| r.status == Status::Assigned)),
            InboxTab::TransfersIn => {
                assert!(
                    page.rows
                        .iter()
                        .all(|r| r.kind == WorkOrderKind::TransferIn)
                )
            }
            _ => {}
        }
    }
    // Paging and search.
    let mut q = query(InboxTab::All);
    q.limit = 5;
    q.offset = 5;
    let page = inbox::inbox(s, &q).unwrap();
    assert_eq!(page.rows.len(), 5);
    assert_eq!(page.rows[0].id, all.rows[5].id);
    let number = all.rows[3].number.clone();
    let mut q = query(InboxTab::All);
    q.text = number.to_lowercase();
    let found = inbox::inbox(s, &q).unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.rows[0].number, number);
    q.limit = 100_000;
    assert!(inbox::inbox(s, &q).is_ok(), "the limit is clamped");

    // Scanning an order number anywhere finds it.
    assert_eq!(
        inbox::find_by_scan(s, &number).unwrap().as_deref(),
        Some(all.rows[3].id.as_str())
    );
    assert_eq!(inbox::find_by_scan(s, "NOPE-404").unwrap(), None);
    assert_eq!(
        inbox::find_by_scan(s, "  ").unwrap_err().code,
        "invalid_argument"
    );
    let reasons = inbox::reasons(s).unwrap();
    assert!(reasons.iter().any(|r| r.code == "OUT_OF_STOCK" && r.active));
    assert!(
        reasons.iter().any(|r| !r.active),
        "inactive reasons are listed, marked"
    );
    app.state.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ship_from_store_through_the_handlers_with_scan_errors_label_and_print() {
    let app = demo_app(24).await;
    app.pull().await;
    let s = &app.state;
    let ayse = app.sign_in("Ayşe");
    let id = app.first(WorkOrderKind::ShipFromStore, Status::Assigned);
    let before = order::work_order(s, &id).unwrap();
    assert!(
        before
            .allowed
            .contains(&storedesk_domain::CommandKind::Accept)
    );
    assert!(
        before
            .order
            .customer
            .as_ref()
            .is_some_and(|c| c.phone.is_none()),
        "staff see no phone"
    );

    app.events.take();
    let accepted = order::act(s, &id, Command::Accept).unwrap();
    assert_eq!(accepted.order.status, Status::Accepted);
    assert_eq!(accepted.pending, 1);
    assert_eq!(
        accepted.history[0].slug,
        Some(storedesk_domain::CommandKind::Accept)
    );
    assert!(!accepted.history[0].synced);
    assert!(app.events.take().contains(&AppEvent::OrderChanged(
        storedesk_lib::dto::OrderChanged { id: id.clone() }
    )));

    // Scan errors record nothing.
    for (code, expected) in [
        ("5901234123457", "wrong_item"),
        ("4006381333932", "unknown_barcode"),
        ("PKG-000001", "not_a_product"),
    ] {
        let err = order::scan_pick(s, &id, code).unwrap_err();
        assert_eq!(err.code, expected, "{code}");
    }
    scan_everything(&app, &id);
    let full = order::work_order(s, &id).unwrap();
    let over = order::scan_pick(s, &id, &full.order.lines[0].barcodes[0]).unwrap_err();
    assert_eq!(over.code, "over_pick");
    order::act(s, &id, Command::CompletePick).unwrap();
    pack_everything(&app, &id);
    app.drain().await;

    // The label comes from the OMS, is kept for offline reprints, and prints.
    let pdf = labels::label(s, &id, "1", LabelFormat::Pdf).await.unwrap();
    assert_eq!(pdf.mime, "application/pdf");
    assert!(pdf.base64.starts_with("JVBER"), "base64 of %PDF");
    let zpl = labels::label(s, &id, "1", LabelFormat::Zpl).await.unwrap();
    assert_eq!(zpl.mime, "text/x-zpl");
    assert_eq!(
        labels::label(s, &id, "9", LabelFormat::Pdf)
            .await
            .unwrap_err()
            .code,
        "unknown_parcel"
    );
    // Printed on a thermal printer (raw ZPL on a loopback port); the second print is a reprint with a reason.
    let thermal = storedesk_printing::testing::FakeThermalPrinter::start();
    let elif_settings = {
        let mut p = printing::print_settings_get(s).unwrap();
        p.label_printer = Some(storedesk_lib::printing::PrinterChoice::Raw {
            host: thermal.addr().ip().to_string(),
            port: thermal.addr().port(),
        });
        p
    };
    assert_eq!(
        printing::print_settings_set(s, &elif_settings)
            .unwrap_err()
            .code,
        "forbidden"
    );
    app.sign_in("Elif");
    printing::print_settings_set(s, &elif_settings).unwrap();
    app.sign_in("Ayşe");
    let carrier = PrintRequest {
        document: OrderDocument::CarrierLabel,
        ..label_request("1")
    };
    let first = printing::print_document(s, &id, &carrier).await.unwrap();
    assert_eq!(first.format, "zpl");
    assert!(!first.reprint);
    assert_eq!(
        printing::print_document(s, &id, &carrier)
            .await
            .unwrap_err()
            .code,
        "reason_required"
    );
    let again = printing::print_document(
        s,
        &id,
        &PrintRequest {
            reason: Some("label torn".into()),
            ..carrier.clone()
        },
    )
    .await
    .unwrap();
    assert!(again.reprint);
    let jobs = thermal.wait_for_jobs(2, std::time::Duration::from_secs(10));
    assert!(jobs.iter().all(|j| j.starts_with(b"^XA")), "ZPL jobs");

    order::act(
        s,
        &id,
        Command::AttachLabel {
            parcel_ref: "1".into(),
            tracking_number: None,
        },
    )
    .unwrap();
    let shipped = order::act(
        s,
        &id,
        Command::HandoverToCarrier {
            parcel_refs: vec!["1".into()],
        },
    )
    .unwrap();
    assert_eq!(shipped.order.status, Status::Shipped);
    assert!(shipped.allowed.is_empty());
    app.drain().await;

    let detail = order::work_order(s, &id).unwrap();
    assert_eq!(detail.pending, 0);
    assert!(
        detail
            .history
            .iter()
            .filter(|h| h.action == "command")
            .all(|h| h.synced),
        "every action reached the OMS"
    );
    let reprint = detail
        .history
        .iter()
        .find(|h| h.action == "reprint_document")
        .expect("the reprint is in the history");
    assert!(reprint.detail.contains("label torn"));

    // The OMS got every command with the signed-in person as the actor.
    let sim = s.simulator().expect("demo simulator");
    let applied: Vec<_> = sim
        .applied_commands()
        .into_iter()
        .filter(|c| c.work_order_id == id)
        .collect();
    assert_eq!(
        applied.last().map(|c| c.slug.as_str()),
        Some("handover_to_carrier")
    );
    assert!(
        applied
            .iter()
            .all(|c| c.body["actor"]["user_name"] == ayse.staff.name.as_str())
    );
    assert!(
        applied
            .iter()
            .all(|c| c.body["actor"]["station"] == "demo-counter")
    );
    assert_eq!(
        sim.work_order(&id, storedesk_lib::settings::DEMO_STORE)
            .unwrap()
            .status,
        Status::Shipped
    );
    app.state.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn click_and_collect_with_the_demo_pickup_code_found_by_scan() {
    let app = demo_app(24).await;
    app.pull().await;
    let s = &app.state;
    app.sign_in("Mehmet");
    let id = app.first(WorkOrderKind::ClickAndCollect, Status::Assigned);
    order::act(s, &id, Command::Accept).unwrap();
    scan_everything(&app, &id);
    order::act(s, &id, Command::CompletePick).unwrap();
    pack_everything(&app, &id);
    let ready = order::act(
        s,
        &id,
        Command::MarkReadyForPickup {
            shelf_location: "B-07".into(),
        },
    )
    .unwrap();
    let code = ready
        .demo_pickup_code
        .clone()
        .expect("the demo shows the pickup code");
    let pickup = ready.order.pickup.as_ref().expect("pickup details");
    assert_eq!(
        pickup.code_sha256, "",
        "the code's hash never reaches the UI"
    );
    app.drain().await;

    assert_eq!(
        inbox::find_by_scan(s, &code).unwrap().as_deref(),
        Some(id.as_str())
    );
    let wrong = order::act(
        s,
        &id,
        Command::HandoverToCustomer {
            pickup_code: "ZZZZZZ".into(),
            collected_by: "Ana".into(),
        },
    )
    .unwrap_err();
    assert_eq!(wrong.code, "wrong_pickup_code");
    let done = order::act(
        s,
        &id,
        Command::HandoverToCustomer {
            pickup_code: code,
            collected_by: "Ana Souza".into(),
        },
    )
    .unwrap();
    assert_eq!(done.order.status, Status::Collected);
    // The code is masked in the history.
    assert!(done.history[0].detail.contains("***"));
    app.state.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn claims_show_who_works_on_an_order() {
    let app = demo_app(8).await;
    app.pull().await;
    let s = &app.state;
    app.sign_in("Ayşe");
    let id = app.first(WorkOrderKind::ShipFromStore, Status::Assigned);
    order::claim(s, &id).unwrap();
    // The claim travels through the OMS (the demo's simulator), so the store's other stations see it.
    app.pull().await;
    let store_code = s.engine().unwrap().config().store_code.clone();
    let at_oms = |id: &str| {
        s.simulator()
            .expect("the demo simulator")
            .claims(&store_code)
            .into_iter()
            .filter(|c| c.work_order_id == id)
            .map(|c| c.holder.user_name)
            .collect::<Vec<_>>()
    };
    assert_eq!(at_oms(&id), ["Ayşe (PIN 1111)"]);
    let detail = order::work_order(s, &id).unwrap();
    assert!(detail.claimed_at_station.is_some());
    assert_eq!(detail.claim_notice, None);
    assert_eq!(
        order::work_order(s, &id).unwrap().claimed_by.as_deref(),
        Some("Ayşe (PIN 1111)")
    );
    let rows = inbox::inbox(s, &query(InboxTab::ToAccept)).unwrap().rows;
    assert_eq!(
        rows.iter()
            .find(|r| r.id == id)
            .unwrap()
            .claimed_by
            .as_deref(),
        Some("Ayşe (PIN 1111)")
    );

    app.sign_in("Mehmet");
    assert_eq!(order::claim(s, &id).unwrap_err().code, "claimed_by_other");
    let err = order::release(s, &id).unwrap_err();
    assert_eq!(err.code, "claimed_by_other");
    assert!(err.message.contains("Ayşe"), "{}", err.message);
    assert_eq!(
        order::claim(s, "no-such-order").unwrap_err().code,
        "work_order_not_found"
    );

    app.sign_in("Elif");
    order::release(s, &id).unwrap();
    assert_eq!(order::work_order(s, &id).unwrap().claimed_by, None);
    app.pull().await;
    assert!(
        at_oms(&id).is_empty(),
        "the manager's release reached the OMS"
    );
    app.state.shutdown().await;
}

/// Push until `n` actions are parked (the engine retries with backoff), at most 30 s.
async fn wait_parked(app: &TestApp, n: usize) -> Vec<storedesk_lib::dto::ParkedEntry> {
    for _ in 0..150 {
        app.state.engine().unwrap().push_once().await.unwrap();
        let parked = sync::parked_list(&app.state).unwrap();
        if parked.len() == n {
            return parked;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    panic!("{n} parked action(s) within 30 s");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_action_is_parked_retried_and_discarded_by_a_manager() {
    let app = demo_app(12).await;
    app.pull().await;
    let s = &app.state;
    app.sign_in("Ayşe");
    let id = app.first(WorkOrderKind::ShipFromStore, Status::Assigned);
    // The OMS is unreachable while the clerk accepts and the customer cancels upstream; then it comes back and
    // refuses the accept.
    let sim = s.simulator().unwrap();
    sim.set_faults(storedesk_oms_sim::Faults {
        error_rate: 1.0,
        ..Default::default()
    });
    order::act(s, &id, Command::Accept).unwrap();
    assert!(sim.cancel(&id));
    sim.set_faults(storedesk_oms_sim::Faults::default());

    let parked = wait_parked(&app, 1).await;
    let p = &parked[0];
    assert_eq!(
        (p.work_order_id.as_str(), p.code.as_str()),
        (id.as_str(), "work_order_cancelled")
    );
    assert_eq!(p.actor.user_name, "Ayşe (PIN 1111)");
    let status = sync::sync_status(s).unwrap();
    assert_eq!(status.parked, 1);
    let detail = order::work_order(s, &id).unwrap();
    assert_eq!(detail.parked.len(), 1);
    let attention = inbox::inbox(s, &query(InboxTab::NeedsAttention)).unwrap();
    assert!(attention.rows.iter().any(|r| r.id == id && r.has_parked));

    // Staff may retry (it is parked again), not discard.
    sync::retry_parked(s, &p.command_id).unwrap();
    let again = wait_parked(&app, 1).await;
    assert!(again[0].attempts >= 1);
    assert_eq!(
        sync::discard_parked(s, &p.command_id).unwrap_err().code,
        "forbidden"
    );
    assert_eq!(
        sync::retry_parked(s, "nope").unwrap_err().code,
        "command_not_found"
    );

    app.sign_in("Elif");
    sync::discard_parked(s, &p.command_id).unwrap();
    assert!(sync::parked_list(s).unwrap().is_empty());
    let history = order::work_order(s, &id).unwrap().history;
    let actions: Vec<&str> = history.iter().map(|h| h.action.as_str()).collect();
    assert!(
        actions.contains(&"discarded") && actions.contains(&"retry_parked"),
        "{actions:?}"
    );
    sync::sync_now(s).unwrap();
    app.state.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_manager_overview_counts_the_queue_and_the_day() {
    let app = demo_app(24).await;
    app.pull().await;
    let s = &app.state;
    app.sign_in("Elif");
    let id = app.first(WorkOrderKind::ShipFromStore, Status::Assigned);
    order::act(s, &id, Command::Accept).unwrap();
    scan_everything(&app, &id);
    let o = manager::manager_overview(s).unwrap();
    let total: u32 = o.counts_by_status.values().sum();
    assert_eq!(
        total,
        inbox::inbox(s, &query(InboxTab::All)).unwrap().counts.all + {
            // Terminal orders are counted per status too.
            o.counts_by_status
                .iter()
                .filter(|(st, _)| st.is_terminal())
                .map(|(_, n)| n)
                .sum::<u32>()
        }
    );
    assert_eq!(o.counts_by_status.len(), Status::ALL.len());
    assert_eq!(o.uncollected_by_age.len(), 4);
    assert_eq!(o.uncollected_by_age[0].bucket, AgeBucket::UpToOneDay);
    let me = o
        .per_person
        .iter()
        .find(|p| p.user_name.starts_with("Elif"))
        .expect("today's work");
    assert_eq!(me.accepted, 1);
    assert!(me.picked >= 1);
    assert!(o.sla_breached + o.at_risk <= total);
    app.state.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_are_validated_saved_and_applied() {
    let app = demo_app(4).await;
    let s = &app.state;
    app.sign_in("Elif");
    let mut dto = settings::settings_get(s).unwrap();
    assert_eq!(dto.time_zone, "Europe/Istanbul");
    dto.poll_interval_secs = 0;
    assert_eq!(
        settings::settings_set(s, &dto, None)
            .await
            .unwrap_err()
            .code,
        "invalid_settings"
    );
    dto.poll_interval_secs = 7;
    dto.station_name = "pack-2".into();
    dto.locale = "tr".into();
    settings::settings_set(s, &dto, None).await.unwrap();
    let saved = std::fs::read_to_string(s.paths().settings_file()).unwrap();
    assert!(
        saved.contains("\"pack-2\"") && saved.contains("\"tr\""),
        "{saved}"
    );
    assert_eq!(settings::settings_get(s).unwrap().station_name, "pack-2");
    assert_eq!(
        s.engine().unwrap().config().poll_interval,
        std::time::Duration::from_secs(7)
    );
    // Sessions now report the new station.
    assert_eq!(
        session::current_session(s).unwrap().unwrap().station,
        "pack-2"
    );

    // Leaving the demo for a real OMS: another database, nobody signed in, first-run set-up, token kept out of
    // the settings file.
    dto.demo = false;
    dto.oms_url = "http://127.0.0.1:9".into();
    dto.store_code = "IST-02".into();
    settings::settings_set(s, &dto, Some("tok-123456"))
        .await
        .unwrap();
    assert!(!s.is_demo());
    assert_eq!(session::current_session(s).unwrap(), None);
    let info = session::app_info(s).unwrap();
    assert!(info.first_run && !info.demo);
    assert!(session::staff_list(s).unwrap().is_empty());
    let boss = session::staff_bootstrap(s, "Store Manager", "4821").unwrap();
    assert_eq!(boss.staff.role, Role::Manager);
    assert_eq!(
        session::staff_bootstrap(s, "Mallory", "0000")
            .unwrap_err()
            .code,
        "already_set_up"
    );
    let now = settings::settings_get(s).unwrap();
    assert!(now.token_set && !now.demo);
    let saved = std::fs::read_to_string(s.paths().settings_file()).unwrap();
    assert!(!saved.contains("tok-123456"));
    assert_eq!(s.tokens().get().unwrap().as_deref(), Some("tok-123456"));
    assert!(s.paths().database(false).exists());
    // Nothing answers on port 9: the station works offline and says why.
    let _ = s.engine().unwrap().pull_once().await;
    let status = sync::sync_status(s).unwrap();
    assert!(!status.online);
    assert!(status.last_error.is_some());
    app.state.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_follow_sync_and_new_work() {
    let app = demo_app(6).await;
    app.pull().await;
    app.sign_in("Ayşe");
    // Let the event task take the first completed pull as its baseline (what was there is not new work).
    for _ in 0..50 {
        if app
            .events
            .take()
            .iter()
            .any(|e| matches!(e, AppEvent::SyncStatus(st) if st.last_sync_at.is_some()))
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    // A new order on the OMS: the next pull announces it.
    let sim = app.state.simulator().unwrap();
    sim.create_order(storedesk_oms_sim::NewOrderSpec::new(
        storedesk_lib::settings::DEMO_STORE,
        WorkOrderKind::ShipFromStore,
    ));
    app.pull().await;
    let mut arrived = false;
    for _ in 0..50 {
        let events = app.events.take();
        if events
            .iter()
            .any(|e| matches!(e, AppEvent::WorkArrived(w) if w.count == 1))
        {
            arrived = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(arrived, "work-arrived after the pull");
    assert!(
        !app.events.notifications().is_empty(),
        "and a desktop notification"
    );
    app.state.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_external_simulator_can_stand_in_for_the_embedded_one() {
    // Tests that stop and restart the OMS run it themselves and point the demo at it.
    let sim = storedesk_oms_sim::Simulator::new(storedesk_oms_sim::SimConfig {
        stores: vec![storedesk_lib::settings::DEMO_STORE.into()],
        orders_per_store: 5,
        ..Default::default()
    });
    let server = sim.serve("127.0.0.1:0".parse().unwrap()).await.unwrap();
    let app = demo_app_with(
        0,
        EnvOverrides {
            demo_oms_url: Some(server.base_url.clone()),
            ..EnvOverrides::default()
        },
    )
    .await;
    assert!(app.state.simulator().is_none());
    app.pull().await;
    app.sign_in("Ayşe");
    assert!(
        inbox::inbox(&app.state, &query(InboxTab::All))
            .unwrap()
            .total
            >= 5
    );
    app.state.shutdown().await;
    server.stop().await;
}

#[test]
fn only_one_app_at_a_time_uses_a_station_data_directory() {
    let dir = tempfile::tempdir().unwrap();
    let paths = storedesk_lib::state::Paths::under(dir.path());
    let first = storedesk_lib::state::DataLock::acquire(&paths).unwrap();
    let second = storedesk_lib::state::DataLock::acquire(&paths).unwrap_err();
    assert_eq!(second.code, "already_running");
    drop(first);
    storedesk_lib::state::DataLock::acquire(&paths).unwrap();
}

#[test]
fn the_station_keeps_its_files_where_tauri_would() {
    use tauri::Manager;
    let app = tauri::test::mock_app();
    let resolver = app.path();
    let identifier = &app.config().identifier;
    assert_eq!(
        storedesk_lib::state::Paths::for_app(identifier),
        Some(storedesk_lib::state::Paths {
            data_dir: resolver.app_data_dir().unwrap(),
            config_dir: resolver.app_config_dir().unwrap(),
            log_dir: resolver.app_log_dir().unwrap(),
        })
    );
}
