//! Shared fixtures and the real tools (poppler, zbar, the ZPL renderer) the document tests run.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{TimeZone, Utc};
use storedesk_documents::{PrintedAt, StoreProfile};
use storedesk_domain::model::{
    Address, Customer, Line, LineRejection, Parcel, ParcelItem, Status, WorkOrder, WorkOrderKind,
};

pub fn store() -> StoreProfile {
    StoreProfile::new(
        "Storedesk Kadıköy",
        Address {
            name: "Storedesk Kadıköy".into(),
            line1: "Moda Caddesi 5".into(),
            line2: None,
            postal_code: "34710".into(),
            city: "İstanbul".into(),
            region: None,
            country: "TR".into(),
        },
    )
}

pub fn gs1_store() -> StoreProfile {
    StoreProfile {
        gs1_company_prefix: Some("0614141".into()),
        sscc_extension_digit: 1,
        ..store()
    }
}

pub fn line(id: &str, sku: &str, name: &str, requested: u32) -> Line {
    Line {
        id: id.into(),
        sku: sku.into(),
        name: name.into(),
        barcodes: vec!["4006381333931".into()],
        image_url: None,
        requested,
        accepted: requested,
        rejected: 0,
        picked: 0,
        packed: 0,
        received: 0,
        damaged: 0,
        missing: 0,
        rejections: vec![],
        receive_note: None,
    }
}

pub fn parcel(
    parcel_ref: &str,
    number: Option<&str>,
    weight_g: u32,
    contents: &[(&str, u32)],
) -> Parcel {
    Parcel {
        parcel_ref: parcel_ref.into(),
        box_type: "M".into(),
        weight_g,
        contents: contents
            .iter()
            .map(|(l, q)| ParcelItem {
                line_id: (*l).into(),
                quantity: *q,
            })
            .collect(),
        number: number.map(str::to_string),
        carrier: Some("Yurtiçi Kargo".into()),
        tracking_number: None,
        label_formats: vec![],
        label_attached: false,
    }
}

fn base(number: &str, kind: WorkOrderKind, status: Status) -> WorkOrder {
    WorkOrder {
        id: format!("id-{number}"),
        number: number.into(),
        kind,
        status,
        version: 3,
        store: "IST-01".into(),
        order_number: None,
        channel: Some("web".into()),
        customer: None,
        address: None,
        counterparty: None,
        carrier: None,
        due_at: Utc.with_ymd_and_hms(2026, 3, 2, 15, 0, 0).unwrap(),
        created_at: Utc.with_ymd_and_hms(2026, 3, 1, 9, 30, 0).unwrap(),
        updated_at: Utc.with_ymd_and_hms(2026, 3, 1, 10, 0, 0).unwrap(),
        lines: vec![],
        parcels: vec![],
        pickup: None,
        dispatch: None,
        hold: None,
        cancel_request: None,
        rejection: None,
        applied_command_ids: vec![],
    }
}

/// A packed ship-from-store order to İstanbul in three parcels, one line partly rejected.
pub fn turkish_order() -> WorkOrder {
    let mut o = base("PKG-000123", WorkOrderKind::ShipFromStore, Status::Packed);
    o.order_number = Some("ORD-2026-000042".into());
    o.customer = Some(Customer {
        name: "Şükrü Öztürk".into(),
        phone: None,
        email: None,
    });
    o.address = Some(Address {
        name: "Şükrü Öztürk".into(),
        line1: "Bağdat Caddesi 123 Daire 4".into(),
        line2: Some("Göztepe Mahallesi".into()),
        postal_code: "34728".into(),
        city: "İstanbul".into(),
        region: None,
        country: "tr".into(),
    });
    let mut shoes = line("l1", "SKU-SHOE-42", "Koşu ayakkabısı, lacivert, 42", 2);
    shoes.picked = 2;
    shoes.packed = 2;
    let mut scarf = line("l2", "SKU-SCARF-01", "İpek eşarp ığdır desenli", 3);
    scarf.accepted = 2;
    scarf.rejected = 1;
    scarf.picked = 2;
    scarf.packed = 2;
    scarf.rejections = vec![LineRejection {
        quantity: 1,
        reason: "damaged".into(),
        note: Some("torn seam".into()),
    }];
    let mut bag = line("l3", "SKU-BAG-07", "Deri çanta", 1);
    bag.picked = 1;
    bag.packed = 1;
    o.lines = vec![shoes, scarf, bag];
    o.parcels = vec![
        parcel("1", Some("PCL-000123-1"), 1250, &[("l1", 2)]),
        parcel("2", Some("PCL-000123-2"), 800, &[("l2", 2)]),
        parcel("3", Some("PCL-000123-3"), 2004, &[("l3", 1)]),
    ];
    o
}

/// An order to Lisbon whose parcels the OMS has not numbered yet.
pub fn portuguese_order() -> WorkOrder {
    let mut o = base("PKG-000124", WorkOrderKind::ShipFromStore, Status::Packed);
    o.order_number = Some("ORD-2026-000043".into());
    o.customer = Some(Customer {
        name: "João Conceição".into(),
        phone: None,
        email: None,
    });
    o.address = Some(Address {
        name: "João Conceição".into(),
        line1: "Rua da Conceição 15, 3º andar".into(),
        line2: None,
        postal_code: "1100-152".into(),
        city: "Lisboa".into(),
        region: None,
        country: "PT".into(),
    });
    let mut l = line("l1", "SKU-SHOE-42", "Sapatilha de corrida", 1);
    l.picked = 1;
    l.packed = 1;
    o.lines = vec![l];
    o.parcels = vec![
        parcel("1", None, 950, &[("l1", 1)]),
        parcel("2", None, 400, &[]),
    ];
    o
}

/// An outbound transfer to a Norwegian store.
pub fn transfer_order() -> WorkOrder {
    let mut o = base("TRF-000045", WorkOrderKind::TransferOut, Status::Packed);
    o.counterparty = Some("OSL-02".into());
    o.address = Some(Address {
        name: "Bjørn Ålesund, Storedesk Grünerløkka".into(),
        line1: "Thorvald Meyers gate 50".into(),
        line2: None,
        postal_code: "0555".into(),
        city: "Oslo".into(),
        region: None,
        country: "NO".into(),
    });
    o.lines = vec![line("l1", "SKU-COAT-M", "Vinterjakke Ærø, størrelse M", 4)];
    o.parcels = vec![parcel("1", Some("PCL-TRF45-1"), 5200, &[("l1", 4)])];
    o
}

pub fn order(number: &str, status: Status, lines: Vec<Line>) -> WorkOrder {
    let mut o = base(number, WorkOrderKind::ShipFromStore, status);
    o.lines = lines;
    o
}

pub fn printed_at() -> PrintedAt {
    chrono_tz::Europe::Istanbul
        .with_ymd_and_hms(2026, 3, 1, 14, 5, 0)
        .unwrap()
}

// ---- real tools ----

/// Fails (never skips) when a tool the tests need is missing.
pub fn require(tool: &str) {
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .output()
        .map(|o| o.status.success());
    assert!(
        matches!(found, Ok(true)),
        "`{tool}` is not installed: run scripts/setup.sh (it installs poppler-utils and zbar-tools)"
    );
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A fresh scratch directory under the cargo target dir.
pub fn scratch(name: &str) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("documents-{name}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(cmd: &mut Command) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("could not run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("tool output is UTF-8")
}

/// The text of a PDF, laid out (`pdftotext -layout`).
pub fn pdf_text(pdf: &[u8]) -> String {
    require("pdftotext");
    let dir = scratch("text");
    let path = dir.join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    run(Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg("-layout")
        .arg(&path)
        .arg("-"))
}

/// Number of pages (`pdfinfo`).
pub fn pdf_pages(pdf: &[u8]) -> usize {
    require("pdfinfo");
    let dir = scratch("info");
    let path = dir.join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let info = run(Command::new("pdfinfo").arg(&path));
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo reports the page count")
}

/// Renders page `page` (from 1) to PNG at `dpi` and returns its path.
pub fn render_page(pdf: &[u8], page: usize, dpi: u32) -> PathBuf {
    require("pdftoppm");
    let dir = scratch("render");
    let path = dir.join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let prefix = dir.join("page");
    run(Command::new("pdftoppm")
        .args([
            "-r",
            &dpi.to_string(),
            "-png",
            "-singlefile",
            "-f",
            &page.to_string(),
            "-l",
            &page.to_string(),
        ])
        .arg(&path)
        .arg(&prefix));
    prefix.with_extension("png")
}

/// What zbar reads in an image: `(symbology, data)` pairs, e.g. `("CODE-128", "PCL-000123-2")`.
pub fn decode(png: &Path) -> Vec<(String, String)> {
    storedesk_printing::testing::zbar_symbols(png)
}

/// Renders one ZPL label at `dpi` with the independent ZPL renderer (zebrash, `tests/zpl-render/`) and returns
/// the PNG's path.
pub fn render_zpl(zpl: &str, dpi: u32) -> PathBuf {
    let png = scratch("zpl").join("label.png");
    storedesk_printing::testing::render_zpl(zpl.as_bytes(), dpi, &png);
    png
}

/// The data zbar reads for symbology `kind` (`CODE-128`, `QR-Code`), failing with everything it read.
pub fn decoded(png: &Path, kind: &str) -> String {
    let all = decode(png);
    all.iter()
        .find(|(k, _)| k == kind)
        .map(|(_, d)| d.clone())
        .unwrap_or_else(|| {
            panic!(
                "no {kind} symbol decoded in {}; zbar read {all:?}",
                png.display()
            )
        })
}

/// The golden directory, docs/documents/ at the repository root.
pub fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../docs/documents")
}
