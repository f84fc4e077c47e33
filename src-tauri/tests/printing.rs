//! Printing from the app, with real components: a private CUPS server with cups-pdf queues (what a counter PC's
//! document printer and a PDF label queue look like) and a thermal printer on a loopback port taking raw ZPL. The
//! printed PDFs are read back with pdftotext and their barcodes decoded with zbarimg, as a carrier's scanner would;
//! the ZPL the thermal printer receives is rendered by an independent ZPL renderer (zebrash, `tests/zpl-render/`)
//! and its barcodes decoded with zbarimg too.
//!
//! Needs CUPS, cups-pdf, poppler-utils, zbar-tools and the ZPL renderer (`scripts/setup.sh`) and root (cups-pdf's
//! configuration lives in /etc/cups).

mod support;

use std::path::Path;
use std::process::Command as Process;
use std::time::Duration;

use storedesk_domain::{Command, ParcelItem, ParcelSpec, Status, WorkOrderKind};
use storedesk_lib::commands::printing::{self, OrderDocument, PrintRequest, PrinterRole};
use storedesk_lib::commands::{order, sync};
use storedesk_lib::printing::{LabelLanguage, PrintSettings, PrinterChoice};
use storedesk_printing::testing::{CupsServer, FakeThermalPrinter, scan_zpl, symbol};
use support::*;

const PDF_WAIT: Duration = Duration::from_secs(60);
const GS1_PREFIX: &str = "8690001";

fn tool_output(program: &str, args: &[&str]) -> String {
    let out = Process::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("`{program}` could not run ({e}): run scripts/setup.sh"));
    assert!(
        out.status.success() || program == "zbarimg",
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pdf_text(pdf: &Path) -> String {
    tool_output("pdftotext", &["-layout", &pdf.to_string_lossy(), "-"])
}

/// Wait until cups-pdf has printed job `job_id` on `queue`; returns the printed PDF and its text.
///
/// The harness's cups-pdf queues render PDF to PostScript with pdftocairo, so the printed PDF keeps the text of
/// our embedded fonts as far as Latin-1 goes (see [`CupsServer::add_pdf_queue`]): ş ğ ı İ print but do not read
/// back, so the assertions stick to numbers and Latin-1 names.
fn printed(cups: &CupsServer, queue: &str, job_id: &str) -> (std::path::PathBuf, String) {
    let pdf = cups.wait_for_pdf(queue, job_id, PDF_WAIT);
    let text = pdf_text(&pdf);
    (pdf, text)
}

/// Every barcode zbarimg finds on the PDF's first page rendered at 300 dpi, as `TYPE:data` lines.
fn pdf_barcodes(pdf: &Path) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("page");
    tool_output(
        "pdftoppm",
        &[
            "-r",
            "300",
            "-gray",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            &pdf.to_string_lossy(),
            &prefix.to_string_lossy(),
        ],
    );
    let png = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "png"))
        .expect("pdftoppm made a PNG");
    tool_output("zbarimg", &["-q", &png.to_string_lossy()])
        .lines()
        .map(str::to_string)
        .collect()
}

/// A ship-from-store order accepted, picked and packed into two parcels, with the OMS's carrier labels pulled.
async fn packed_order(app: &TestApp) -> String {
    let s = &app.state;
    let id = app.first(WorkOrderKind::ShipFromStore, Status::Assigned);
    order::act(s, &id, Command::Accept).unwrap();
    loop {
        let detail = order::work_order(s, &id).unwrap();
        let Some(line) = detail
            .order
            .lines
            .iter()
            .find(|l| l.remaining_to_pick() > 0)
        else {
            break;
        };
        order::scan_pick(s, &id, &line.barcodes[0]).unwrap();
    }
    order::act(s, &id, Command::CompletePick).unwrap();
    let lines = order::work_order(s, &id).unwrap().order.lines;
    let (first, rest) = lines.split_first().unwrap();
    let mut parcels = vec![ParcelSpec {
        parcel_ref: "1".into(),
        box_type: "M".into(),
        weight_g: 1200,
        contents: vec![ParcelItem {
            line_id: first.id.clone(),
            quantity: first.picked,
        }],
    }];
    if !rest.is_empty() {
        parcels.push(ParcelSpec {
            parcel_ref: "2".into(),
            box_type: "S".into(),
            weight_g: 450,
            contents: rest
                .iter()
                .map(|l| ParcelItem {
                    line_id: l.id.clone(),
                    quantity: l.picked,
                })
                .collect(),
        });
    }
    order::act(s, &id, Command::Pack { parcels }).unwrap();
    app.drain().await;
    app.pull().await;
    id
}

fn label(document: OrderDocument, parcel_ref: &str) -> PrintRequest {
    PrintRequest {
        document,
        parcel_ref: Some(parcel_ref.to_string()),
        reason: None,
    }
}

fn settings_with(app: &TestApp, change: impl FnOnce(&mut PrintSettings)) {
    let mut p = printing::print_settings_get(&app.state).unwrap();
    change(&mut p);
    printing::print_settings_set(&app.state, &p).unwrap();
}

/// A packing station signed in as the manager: labels to a thermal printer on a loopback port, documents to the
/// cups-pdf queue "Office" of a private CUPS server.
async fn packing_station() -> (CupsServer, FakeThermalPrinter, TestApp) {
    let cups = CupsServer::start();
    cups.add_pdf_queue("Office", "Counter laser printer");
    let thermal = FakeThermalPrinter::start();
    let app = demo_app_printing(12, cups.printing()).await;
    app.pull().await;
    app.sign_in("Elif");
    settings_with(&app, |p| {
        p.label_printer = Some(PrinterChoice::Raw {
            host: thermal.addr().ip().to_string(),
            port: thermal.addr().port(),
        });
        p.document_printer = Some(PrinterChoice::Cups {
            queue: "Office".into(),
            server: None,
        });
    });
    (cups, thermal, app)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn labels_slips_and_pick_lists_print_on_cups_and_a_thermal_printer() {
    let cups = CupsServer::start();
    cups.add_pdf_queue("Office", "Counter laser printer");
    cups.add_pdf_queue("LabelsPDF", "A6 label printer (PDF)");
    let thermal = FakeThermalPrinter::start();
    cups.add_raw_queue("Zebra", thermal.addr(), "Zebra ZD421 (raw)");
    let app = demo_app_printing(12, cups.printing()).await;
    app.pull().await;
    let s = &app.state;
    app.sign_in("Elif");

    // The settings list the CUPS queues; the raw one looks like a label printer.
    let queues = printing::printers_discover(s, None).unwrap();
    let names: Vec<&str> = queues.iter().map(|q| q.name.as_str()).collect();
    for q in ["Office", "LabelsPDF", "Zebra"] {
        assert!(names.contains(&q), "{q} in {names:?}");
    }
    assert!(queues.iter().any(|q| q.name == "Zebra" && q.label_printer));

    // No label printer yet: said before packing, and printing a label says what to do.
    let check = printing::printer_check(s, PrinterRole::Label).unwrap();
    assert!(!check.configured && !check.ready);
    let id = packed_order(&app).await;
    let number = order::work_order(s, &id).unwrap().order.number;
    let err = printing::print_document(s, &id, &label(OrderDocument::LocalLabel, "1"))
        .await
        .unwrap_err();
    assert_eq!(err.code, "no_label_printer");
    assert!(err.message.contains("Settings"), "{}", err.message);

    // Thermal printer on port 9100-style raw TCP, documents to the Office queue, GS1 prefix for SSCCs.
    settings_with(&app, |p| {
        p.label_printer = Some(PrinterChoice::Raw {
            host: thermal.addr().ip().to_string(),
            port: thermal.addr().port(),
        });
        p.document_printer = Some(PrinterChoice::Cups {
            queue: "Office".into(),
            server: None,
        });
        p.gs1_company_prefix = Some(GS1_PREFIX.into());
    });
    assert!(
        printing::printer_check(s, PrinterRole::Label)
            .unwrap()
            .ready
    );
    assert!(
        printing::printer_check(s, PrinterRole::Document)
            .unwrap()
            .ready
    );

    // Local ZPL labels: one well-formed job per parcel with the order and an SSCC of the store's prefix.
    for parcel in ["1", "2"] {
        let out = printing::print_document(s, &id, &label(OrderDocument::LocalLabel, parcel))
            .await
            .unwrap();
        assert_eq!(out.format, "zpl");
    }
    let jobs = thermal.wait_for_jobs(2, Duration::from_secs(10));
    let mut ssccs = Vec::new();
    for (i, job) in jobs.iter().enumerate() {
        let zpl = String::from_utf8(job.clone()).unwrap();
        assert_eq!(zpl.matches("^XA").count(), 1, "{zpl}");
        assert!(zpl.trim_end().ends_with("^XZ"), "{zpl}");
        assert!(zpl.contains(&number), "order number on the label: {zpl}");
        assert!(zpl.contains(&format!("{} of 2", i + 1)), "{zpl}");
        assert!(zpl.contains(GS1_PREFIX), "SSCC with the prefix: {zpl}");
        // As printed at the station's 203 dpi: the GS1-128 scans as AI (00) and a valid SSCC of the store's
        // prefix, and the QR code carries the same SSCC.
        let symbols = scan_zpl(job, 203);
        let code = symbol(&symbols, "CODE-128");
        let sscc = code
            .strip_prefix("00")
            .unwrap_or_else(|| panic!("AI (00) first: {code}"));
        assert_eq!(sscc.len(), 18, "{code}");
        assert_eq!(&sscc[1..8], GS1_PREFIX, "{code}");
        let serial: u64 = sscc[8..17].parse().unwrap();
        let extension = sscc.as_bytes()[0] - b'0';
        assert_eq!(
            storedesk_documents::sscc(extension, GS1_PREFIX, serial).unwrap(),
            sscc,
            "the check digit is right"
        );
        assert_eq!(symbol(&symbols, "QR-Code"), sscc);
        ssccs.push(sscc.to_string());
    }
    assert_ne!(ssccs[0], ssccs[1], "one SSCC per parcel");

    // The carrier's own ZPL label, stored when fetched, goes to the thermal printer as is.
    let out = printing::print_document(s, &id, &label(OrderDocument::CarrierLabel, "1"))
        .await
        .unwrap_err();
    assert_eq!(
        out.code, "reason_required",
        "parcel 1 already has a label: printing another is a reprint"
    );
    printing::void_label(s, &id, "1", "wrong_parcel").unwrap();
    assert_eq!(
        printing::void_label(s, &id, "1", "again").unwrap_err().code,
        "nothing_to_void"
    );
    let out = printing::print_document(s, &id, &label(OrderDocument::CarrierLabel, "1"))
        .await
        .unwrap();
    assert!(!out.reprint);
    let jobs = thermal.wait_for_jobs(3, Duration::from_secs(10));
    let carrier_zpl = String::from_utf8(jobs[2].clone()).unwrap();
    assert!(carrier_zpl.starts_with("^XA"), "{carrier_zpl}");
    let tracking = order::work_order(s, &id).unwrap().order.parcels[0]
        .tracking_number
        .clone()
        .expect("the OMS gave the parcel a tracking number");
    assert_eq!(
        symbol(&scan_zpl(&jobs[2], 203), "CODE-128"),
        tracking,
        "the carrier's label scans to the tracking number"
    );
    let history = printing::print_history(s, &id).unwrap();
    let actions: Vec<&str> = history.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(actions, ["print", "void", "print", "print"]);
    assert_eq!(history[1].reason.as_deref(), Some("wrong_parcel"));

    // The packing slip on the document printer: a PDF with the order and its lines.
    let slip = printing::print_document(
        s,
        &id,
        &PrintRequest {
            document: OrderDocument::PackingSlip,
            parcel_ref: None,
            reason: None,
        },
    )
    .await
    .unwrap();
    let (_, text) = printed(&cups, "Office", &slip.job_id);
    assert!(text.contains(&number), "{text}");
    let detail = order::work_order(s, &id).unwrap();
    assert!(text.contains(&detail.order.lines[0].sku), "{text}");
    // The simulator's carrier names are Latin-1 (Yurtiçi Kargo, Posten Bring…): they read back, ç included.
    let carrier = detail.order.parcels[1]
        .carrier
        .clone()
        .expect("the OMS chose a carrier");
    assert!(text.contains(&carrier), "{carrier} in {text}");

    // A pick list for two orders.
    let other = app.first(WorkOrderKind::ShipFromStore, Status::Assigned);
    let other_number = order::work_order(s, &other).unwrap().order.number;
    let list = printing::print_pick_list(s, &[id.clone(), other.clone()])
        .await
        .unwrap();
    let (_, text) = printed(&cups, "Office", &list.job_id);
    assert!(
        text.contains(&number) && text.contains(&other_number),
        "{text}"
    );

    // PDF labels on a CUPS label queue: the text and the GS1-128 barcode scan back.
    settings_with(&app, |p| {
        p.label_printer = Some(PrinterChoice::Cups {
            queue: "LabelsPDF".into(),
            server: None,
        });
        p.label_language = LabelLanguage::Pdf;
    });
    let out = printing::print_document(
        s,
        &id,
        &PrintRequest {
            reason: Some("printer_jam".into()),
            ..label(OrderDocument::LocalLabel, "2")
        },
    )
    .await
    .unwrap();
    assert!(out.reprint);
    assert_eq!(out.format, "pdf");
    let (pdf, text) = printed(&cups, "LabelsPDF", &out.job_id);
    assert!(text.contains(&number), "{text}");
    assert!(text.contains("Parcel 2 of 2"), "{text}");
    // Printed at the label stock's size (4×6 in = 288 × 432 pt), not on the queue's default A4.
    let info = Process::new("pdfinfo")
        .arg(&pdf)
        .output()
        .expect("pdfinfo (poppler-utils)");
    let info = String::from_utf8_lossy(&info.stdout);
    let size = info
        .lines()
        .find_map(|l| l.strip_prefix("Page size:"))
        .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "));
    assert_eq!(size.as_deref(), Some("288 x 432 pts"), "{info}");
    assert!(text.contains(&carrier), "{carrier} in {text}");
    let codes = pdf_barcodes(&pdf);
    assert!(
        codes
            .iter()
            .any(|c| c.starts_with("CODE-128:") && c.contains(GS1_PREFIX)),
        "the SSCC scans: {codes:?}"
    );
    assert!(codes.iter().any(|c| c.starts_with("QR-Code:")), "{codes:?}");

    // The carrier's PDF label through the same queue.
    let out = printing::print_document(
        s,
        &id,
        &PrintRequest {
            reason: Some("lost".into()),
            ..label(OrderDocument::CarrierLabel, "1")
        },
    )
    .await
    .unwrap();
    let parcel_number = order::work_order(s, &id).unwrap().order.parcels[0]
        .number
        .clone()
        .expect("the OMS numbered the parcel");
    let (pdf, text) = printed(&cups, "LabelsPDF", &out.job_id);
    assert!(text.contains(&parcel_number), "{text}");
    assert!(
        pdf_barcodes(&pdf).contains(&format!("CODE-128:{tracking}")),
        "the printed carrier label scans to the tracking number {tracking}: {:?}",
        pdf_barcodes(&pdf)
    );

    // The ZPL queue of CUPS (raw) works as well.
    settings_with(&app, |p| {
        p.label_printer = Some(PrinterChoice::Cups {
            queue: "Zebra".into(),
            server: None,
        });
        p.label_language = LabelLanguage::Zpl;
    });
    printing::print_test(s, PrinterRole::Label).unwrap();
    let jobs = thermal.wait_for_jobs(4, Duration::from_secs(30));
    assert!(String::from_utf8_lossy(&jobs[3]).contains("^XA"));
    assert_eq!(symbol(&scan_zpl(&jobs[3], 203), "CODE-128"), "TEST-0001");
    app.state.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dead_printer_is_a_clear_error_the_job_can_be_retried_and_the_order_is_untouched() {
    let (cups, thermal, app) = packing_station().await;
    let s = &app.state;
    let id = packed_order(&app).await;
    let before = order::work_order(s, &id).unwrap().order;

    // The thermal printer is switched off: the check says so up front, the print says which printer and what
    // to do, and the failure is in the audit.
    thermal.stop();
    let check = printing::printer_check(s, PrinterRole::Label).unwrap();
    assert!(!check.ready);
    assert_eq!(check.code, "printer_unreachable");
    let err = printing::print_document(s, &id, &label(OrderDocument::LocalLabel, "1"))
        .await
        .unwrap_err();
    assert_eq!(err.code, "printer_unreachable");
    let addr = thermal.addr().to_string();
    assert!(err.message.contains(&addr), "{}", err.message);
    assert!(err.message.contains("Retry"), "{}", err.message);
    let history = printing::print_history(s, &id).unwrap();
    assert_eq!(history[0].action, "failed");
    assert_eq!(
        order::work_order(s, &id).unwrap().order,
        before,
        "a failed print changes nothing"
    );
    // Back on: the same job prints, and it is a first print (not a reprint).
    thermal.restart();
    let out = printing::print_document(s, &id, &label(OrderDocument::LocalLabel, "1"))
        .await
        .unwrap();
    assert!(!out.reprint);
    assert_eq!(thermal.wait_for_jobs(1, Duration::from_secs(10)).len(), 1);

    // The document queue is stopped by someone: a clear error, then it prints once resumed.
    cups.stop_queue("Office", "Paper jam in tray 2");
    let slip = PrintRequest {
        document: OrderDocument::PackingSlip,
        parcel_ref: None,
        reason: None,
    };
    let err = printing::print_document(s, &id, &slip).await.unwrap_err();
    assert_eq!(err.code, "queue_stopped");
    assert!(err.message.contains("Office"), "{}", err.message);
    cups.resume_queue("Office");
    let out = printing::print_document(s, &id, &slip).await.unwrap();
    cups.wait_for_pdf("Office", &out.job_id, PDF_WAIT);
    assert_eq!(order::work_order(s, &id).unwrap().order, before);
    app.state.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_carriers_pdf_only_label_is_converted_for_a_zpl_thermal_printer() {
    let thermal = FakeThermalPrinter::start();
    let app = demo_app(12).await;
    app.pull().await;
    let s = &app.state;
    // This carrier gives PDF labels only.
    s.simulator()
        .expect("demo mode")
        .set_label_formats(vec![storedesk_domain::LabelFormat::Pdf]);
    app.sign_in("Elif");
    let id = packed_order(&app).await;
    let parcel = order::work_order(s, &id).unwrap().order.parcels[0].clone();
    assert_eq!(
        parcel.label_formats,
        [storedesk_domain::LabelFormat::Pdf],
        "the OMS offers only a PDF label"
    );
    let tracking = parcel.tracking_number.expect("a tracking number");
    settings_with(&app, |p| {
        p.label_printer = Some(PrinterChoice::Raw {
            host: thermal.addr().ip().to_string(),
            port: thermal.addr().port(),
        });
    });

    let out = printing::print_document(s, &id, &label(OrderDocument::CarrierLabel, "1"))
        .await
        .unwrap();
    assert_eq!(out.format, "zpl", "sent to the thermal printer as ZPL");
    let jobs = thermal.wait_for_jobs(1, Duration::from_secs(10));
    let zpl = String::from_utf8(jobs[0].clone()).unwrap();
    assert_eq!(
        zpl.matches("^XA").count(),
        1,
        "one label: {}",
        &zpl[..200.min(zpl.len())]
    );
    assert!(zpl.trim_end().ends_with("^XZ"));
    assert!(zpl.contains("^GFA,"), "the page as a graphic field");
    // Rendered by an independent ZPL renderer, the converted label still scans to the carrier's tracking number.
    assert_eq!(
        symbol(&scan_zpl(&jobs[0], 203), "CODE-128"),
        tracking,
        "the converted label scans"
    );
    app.state.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn labels_and_slips_print_while_the_oms_is_down() {
    let (cups, thermal, app) = packing_station().await;
    let s = &app.state;
    let id = packed_order(&app).await;
    // The carrier labels arrive with the next sync and are kept.
    let fetched = printing::prefetch_carrier_labels(s).await;
    assert!(fetched >= 1, "carrier labels fetched: {fetched}");

    // The OMS goes away.
    let sim = s.simulator().unwrap();
    sim.set_faults(storedesk_oms_sim::Faults {
        error_rate: 1.0,
        ..Default::default()
    });
    for request in [
        label(OrderDocument::CarrierLabel, "1"),
        label(OrderDocument::LocalLabel, "2"),
    ] {
        printing::print_document(s, &id, &request).await.unwrap();
    }
    let jobs = thermal.wait_for_jobs(2, Duration::from_secs(10));
    assert!(jobs.iter().all(|j| j.starts_with(b"^XA")));
    for job in &jobs {
        let symbols = scan_zpl(job, 203);
        assert!(
            symbols.iter().any(|(kind, _)| kind == "CODE-128"),
            "each label printed offline scans: {symbols:?}"
        );
    }
    let out = printing::print_document(
        s,
        &id,
        &PrintRequest {
            document: OrderDocument::PackingSlip,
            parcel_ref: None,
            reason: None,
        },
    )
    .await
    .unwrap();
    cups.wait_for_pdf("Office", &out.job_id, PDF_WAIT);
    let status = sync::sync_status(s).unwrap();
    assert_eq!(status.pending, 0, "printing sends nothing to the OMS");
    sim.set_faults(storedesk_oms_sim::Faults::default());
    app.state.shutdown().await;
}
