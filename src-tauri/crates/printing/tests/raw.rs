//! Raw socket printing (ZPL to a port 9100 label printer) against a fake thermal printer on a loopback port.

use std::time::Duration;

use storedesk_printing::testing::{FakeThermalPrinter, scan_zpl, symbol};
use storedesk_printing::{
    PrintJob, PrinterTarget, Printing, TEST_LABEL_ZPL, check, print, printer_label, status,
};

const WAIT: Duration = Duration::from_secs(30);

#[test]
fn zpl_goes_to_the_printer_byte_for_byte_one_job_per_connection() {
    let printer = FakeThermalPrinter::start();
    let target = printer.target();
    let label = b"^XA^FO50,50^A0N,40,40^FDParcel 1^FS^XZ".to_vec();
    let id1 = print(&target, &PrintJob::zpl("Parcel 1", label.clone())).unwrap();
    let id2 = print(&target, &PrintJob::test_label()).unwrap();
    assert_ne!(id1, id2);
    assert!(id1.starts_with("raw-"), "{id1}");
    let jobs = printer.wait_for_jobs(2, WAIT);
    assert_eq!(
        jobs,
        vec![label.clone(), TEST_LABEL_ZPL.as_bytes().to_vec()]
    );
    // What the printer got is a label whose barcode scans: rendered by zebrash, read by zbarimg.
    assert_eq!(symbol(&scan_zpl(&jobs[1], 203), "CODE-128"), "TEST-0001");

    // Copies go on the same connection: still one job.
    print(
        &target,
        &PrintJob::zpl("Parcel 1", label.clone()).with_copies(2),
    )
    .unwrap();
    let jobs = printer.wait_for_jobs(3, WAIT);
    assert_eq!(jobs[2], [label.clone(), label].concat());
}

#[test]
fn printer_down_is_printer_unreachable_and_retry_succeeds_once_it_is_back() {
    let printer = FakeThermalPrinter::start();
    let target = printer.target();
    let addr = printer.addr().to_string();
    assert!(check(&target).is_ok());
    assert_eq!(status(&target).code, "ready");

    printer.stop();
    let job = PrintJob::zpl("Parcel 7", b"^XA^FDParcel 7^FS^XZ".to_vec());
    let err = print(&target, &job).unwrap_err();
    assert_eq!(err.code(), "printer_unreachable");
    let message = err.to_string();
    assert!(message.contains(&addr), "{message}");
    assert!(message.contains("connection refused"), "{message}");
    assert!(message.contains("press Retry"), "{message}");
    assert_eq!(check(&target).unwrap_err().code(), "printer_unreachable");
    let s = status(&target);
    assert!(!s.ready);
    assert_eq!(s.code, "printer_unreachable");
    assert_eq!(s.printer, format!("label printer {addr}"));

    printer.restart();
    assert!(check(&target).is_ok());
    print(&target, &job).unwrap();
    assert_eq!(printer.wait_for_jobs(1, WAIT), vec![job.data]);
}

#[test]
fn a_pdf_to_a_raw_label_printer_is_refused_before_anything_is_sent() {
    let printer = FakeThermalPrinter::start();
    let target = printer.target();
    let err = print(
        &target,
        &PrintJob::pdf("Delivery note", b"%PDF-1.4 ...".to_vec()),
    )
    .unwrap_err();
    assert_eq!(err.code(), "format_not_supported");
    let message = err.to_string();
    assert!(
        message.starts_with(&format!("Label printer {} takes ZPL", printer.addr())),
        "{message}"
    );
    assert!(
        message.contains("Choose a PDF-capable printer"),
        "{message}"
    );
    assert!(!err.is_retryable());

    assert_eq!(
        print(&target, &PrintJob::zpl("x", Vec::new()))
            .unwrap_err()
            .code(),
        "invalid_job"
    );
    assert_eq!(
        print(
            &target,
            &PrintJob::zpl("x", b"^XA^XZ".to_vec()).with_copies(0)
        )
        .unwrap_err()
        .code(),
        "invalid_job"
    );
    assert_eq!(printer.connections(), 0);
}

#[test]
fn unresolvable_or_empty_hosts_are_explained() {
    let settings = Printing::default();
    let empty = PrinterTarget::Raw {
        host: String::new(),
        port: 9100,
    };
    assert_eq!(settings.check(&empty).unwrap_err().code(), "invalid_job");
    let nowhere = PrinterTarget::raw("printer.invalid");
    let err = settings.check(&nowhere).unwrap_err();
    assert_eq!(err.code(), "printer_unreachable");
    assert!(err.to_string().contains("printer.invalid:9100"), "{err}");
    assert_eq!(
        printer_label(&nowhere),
        "label printer printer.invalid:9100"
    );
}
