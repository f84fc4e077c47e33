//! Printing through a real (private) CUPS server: a cups-pdf queue, a raw queue in front of a fake thermal
//! printer, stopped / rejecting / missing queues, an unreachable server and the default destination.

use std::process::Command;
use std::time::Duration;

use storedesk_printing::testing::{CupsServer, FakeThermalPrinter};
use storedesk_printing::{PrintJob, PrinterTarget, Printing, QueueState};

const WAIT: Duration = Duration::from_secs(30);
const FIXTURE_PDF: &[u8] = include_bytes!("fixtures/hello.pdf");
const FIXTURE_TEXT: &str = "Storedesk test page 4711";

fn pdftotext(path: &std::path::Path) -> String {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext is missing: run scripts/setup.sh (poppler-utils)");
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn discovery_lists_the_queues_with_their_state() {
    let cups = CupsServer::start();
    let label_printer = FakeThermalPrinter::start();
    cups.add_pdf_queue("Docs", "Counter documents");
    cups.add_raw_queue("Zebra", label_printer.addr(), "Packing station labels");
    cups.add_raw_queue("Old", label_printer.addr(), "Old label printer");
    cups.set_default("Docs");
    // CUPS keeps one state message per queue: the last one set is shown.
    cups.reject_jobs("Old", "Broken head");
    cups.stop_queue("Old", "Paused by an administrator");

    let printing = Printing::default();
    let mut found = printing.discover(Some(cups.address())).unwrap();
    found.sort_by(|a, b| a.name.cmp(&b.name));
    let names: Vec<&str> = found.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Docs", "Old", "Zebra"]);

    let docs = &found[0];
    assert_eq!(docs.state, QueueState::Idle);
    assert!(docs.accepting_jobs && docs.is_default);
    assert_eq!(docs.description.as_deref(), Some("Counter documents"));
    assert!(
        docs.make_and_model
            .as_deref()
            .unwrap_or_default()
            .contains("CUPS-PDF"),
        "{docs:?}"
    );
    assert!(
        docs.device_uri
            .as_deref()
            .unwrap_or_default()
            .starts_with("cups-pdf:/"),
        "{docs:?}"
    );
    assert_eq!(docs.server.as_deref(), Some(cups.address()));
    assert_eq!(docs.target(), cups.target("Docs"));

    let old = &found[1];
    assert_eq!(old.state, QueueState::Stopped);
    assert_eq!(
        old.state_message.as_deref(),
        Some("Paused by an administrator")
    );
    assert!(!old.accepting_jobs && !old.is_default);

    let zebra = &found[2];
    assert_eq!(zebra.state, QueueState::Idle);
    assert!(zebra.accepting_jobs);
    assert_eq!(
        zebra.device_uri.as_deref(),
        Some(format!("socket://{}", label_printer.addr()).as_str())
    );
    assert!(zebra.is_socket_device());
    // The same through the settings' default server.
    assert_eq!(cups.printing().discover(None).unwrap().len(), 3);
}

#[test]
fn a_pdf_printed_on_the_cups_pdf_queue_comes_out_as_that_pdf() {
    let cups = CupsServer::start();
    cups.add_pdf_queue("Docs", "Counter documents");
    let target = cups.target("Docs");
    let printing = Printing::default();
    assert_eq!(printing.status(&target).code, "ready");

    let id = printing
        .print(&target, &PrintJob::test_page(FIXTURE_PDF))
        .unwrap();
    assert!(id.starts_with("Docs-"), "{id}");
    let pdf = cups.wait_for_pdf("Docs", &id, WAIT);
    let text = pdftotext(&pdf);
    assert!(text.contains(FIXTURE_TEXT), "{text:?}");
}

#[test]
fn zpl_through_a_cups_raw_queue_reaches_the_printer_unchanged() {
    let cups = CupsServer::start();
    let label_printer = FakeThermalPrinter::start();
    cups.add_raw_queue("Zebra", label_printer.addr(), "Packing labels");
    let target = cups.target("Zebra");
    let label = b"^XA^FO50,50^A0N,40,40^FDParcel 42^FS^XZ".to_vec();
    let id = cups
        .printing()
        .print(&target, &PrintJob::zpl("Parcel 42", label.clone()))
        .unwrap();
    assert!(id.starts_with("Zebra-"), "{id}");
    let id2 = cups
        .printing()
        .print(&target, &PrintJob::test_label())
        .unwrap();
    assert_ne!(id, id2);
    let jobs = label_printer.wait_for_jobs(2, WAIT);
    assert_eq!(jobs.len(), 2);
    assert!(jobs.contains(&label), "{jobs:?}");
    assert!(
        jobs.contains(&storedesk_printing::TEST_LABEL_ZPL.as_bytes().to_vec()),
        "{jobs:?}"
    );
}

#[test]
fn a_stopped_queue_is_reported_and_retry_works_after_cupsenable() {
    let cups = CupsServer::start();
    cups.add_pdf_queue("Docs", "Counter documents");
    let target = cups.target("Docs");
    let printing = Printing::default();
    cups.stop_queue("Docs", "Paused by an administrator");

    let job = PrintJob::pdf("Invoice 17", FIXTURE_PDF);
    let err = printing.print(&target, &job).unwrap_err();
    assert_eq!(err.code(), "queue_stopped");
    let message = err.to_string();
    assert!(
        message.contains("'Docs'") && message.contains(cups.address()),
        "{message}"
    );
    assert!(
        message.contains("'Paused by an administrator'"),
        "{message}"
    );
    assert!(
        message.contains("cupsenable Docs") && message.contains("press Retry"),
        "{message}"
    );
    assert_eq!(printing.check(&target).unwrap_err().code(), "queue_stopped");
    assert_eq!(printing.status(&target).code, "queue_stopped");
    // Nothing was left waiting in the stopped queue.
    assert!(cups.admin("lpstat", &["-o", "Docs"]).trim().is_empty());

    cups.resume_queue("Docs");
    assert!(printing.check(&target).is_ok());
    let id = printing.print(&target, &job).unwrap();
    let text = pdftotext(&cups.wait_for_pdf("Docs", &id, WAIT));
    assert!(text.contains(FIXTURE_TEXT), "{text:?}");
}

#[test]
fn a_queue_rejecting_jobs_is_reported_and_retry_works_after_cupsaccept() {
    let cups = CupsServer::start();
    let label_printer = FakeThermalPrinter::start();
    cups.add_raw_queue("Zebra", label_printer.addr(), "Packing labels");
    let target = cups.target("Zebra");
    let printing = Printing::default();
    cups.reject_jobs("Zebra", "Out of labels");

    let job = PrintJob::test_label();
    let err = printing.print(&target, &job).unwrap_err();
    assert_eq!(err.code(), "queue_not_accepting");
    let message = err.to_string();
    assert!(
        message.contains("'Out of labels'") && message.contains("cupsaccept Zebra"),
        "{message}"
    );
    assert_eq!(
        printing.check(&target).unwrap_err().code(),
        "queue_not_accepting"
    );

    cups.accept_jobs("Zebra");
    assert_eq!(printing.status(&target).code, "ready");
    printing.print(&target, &job).unwrap();
    assert_eq!(label_printer.wait_for_jobs(1, WAIT), vec![job.data]);
}

#[test]
fn unknown_queues_unreachable_servers_and_the_default_destination() {
    let cups = CupsServer::start();
    let label_printer = FakeThermalPrinter::start();
    let printing = cups.printing();

    // No queue yet: no default, unknown queue.
    assert_eq!(
        printing
            .check(&PrinterTarget::SystemDefault)
            .unwrap_err()
            .code(),
        "no_default_printer"
    );
    let missing = PrinterTarget::cups("Nope");
    let err = printing
        .print(&missing, &PrintJob::test_label())
        .unwrap_err();
    assert_eq!(err.code(), "queue_not_found");
    assert!(err.to_string().contains("'Nope'"), "{err}");
    assert_eq!(
        printing.check(&missing).unwrap_err().code(),
        "queue_not_found"
    );

    // The queue appears: the same job goes through; the default destination works too.
    cups.add_raw_queue("Nope", label_printer.addr(), "Now it exists");
    printing.print(&missing, &PrintJob::test_label()).unwrap();
    cups.set_default("Nope");
    assert!(printing.check(&PrinterTarget::SystemDefault).is_ok());
    let id = printing
        .print(&PrinterTarget::SystemDefault, &PrintJob::test_label())
        .unwrap();
    assert!(id.starts_with("Nope-"), "{id}");
    assert_eq!(label_printer.wait_for_jobs(2, WAIT).len(), 2);

    // A print server that does not answer.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let gone = PrinterTarget::Cups {
        queue: "Nope".into(),
        server: Some(closed.to_string()),
    };
    let err = Printing::default()
        .print(&gone, &PrintJob::test_label())
        .unwrap_err();
    assert_eq!(err.code(), "print_server_unreachable");
    assert!(err.to_string().contains(&closed.to_string()), "{err}");
    assert_eq!(
        Printing::default().check(&gone).unwrap_err().code(),
        "print_server_unreachable"
    );
    assert_eq!(
        Printing::default()
            .discover(Some(&closed.to_string()))
            .unwrap_err()
            .code(),
        "print_server_unreachable"
    );
}

#[test]
fn missing_cups_tools_are_print_system_missing() {
    let printing = Printing {
        cups_bin_dir: Some("/nonexistent/storedesk".into()),
        ..Printing::default()
    };
    let err = printing.check(&PrinterTarget::cups("PDF")).unwrap_err();
    assert_eq!(err.code(), "print_system_missing");
    assert!(err.to_string().contains("apt install cups"), "{err}");
}
