//! Golden images of every document in docs/documents/, for reviewers to look at.
//!
//! `STOREDESK_UPDATE_GOLDEN=1 cargo test -p storedesk-documents --test goldens` rewrites them; without it the test
//! checks that each one is there with the size of its document, so a new document cannot miss its picture.

mod support;

use std::path::Path;

use storedesk_documents::{
    Dpi, LabelSize, PaperSize, local_label_pdf, local_label_zpl, packing_slip_pdf, pick_list_pdf,
};
use storedesk_domain::model::Status;
use support::*;

/// (file name, width, height) of each golden PNG at 100 dpi (ZPL: one pixel per dot at 203 dpi).
const GOLDENS: [(&str, u32, u32); 5] = [
    ("label-4x6.png", 400, 600),
    ("label-a6.png", 414, 583),
    ("label-zpl-4x6-203dpi.png", 812, 1218),
    ("packing-slip-a4.png", 827, 1170),
    ("pick-list-letter-page1.png", 850, 1100),
];

fn write_goldens(dir: &Path) {
    let order = turkish_order();
    let copy = |from: &Path, name: &str| {
        std::fs::copy(from, dir.join(name)).unwrap();
    };
    let pdf = local_label_pdf(&order, "2", &store(), LabelSize::FourBySix, 0).unwrap();
    copy(&render_page(&pdf, 1, 100), GOLDENS[0].0);
    let pdf = local_label_pdf(&order, "1", &gs1_store(), LabelSize::A6, 123_456_789).unwrap();
    copy(&render_page(&pdf, 1, 100), GOLDENS[1].0);
    let zpl = local_label_zpl(&order, "2", &store(), LabelSize::FourBySix, Dpi::Dpi203, 0).unwrap();
    copy(&render_zpl(&zpl, 203), GOLDENS[2].0);
    let pdf = packing_slip_pdf(&order, &store(), PaperSize::A4, &printed_at()).unwrap();
    copy(&render_page(&pdf, 1, 100), GOLDENS[3].0);
    let mut orders = vec![order.clone(), portuguese_order()];
    for o in &mut orders {
        o.status = Status::Accepted;
        for l in &mut o.lines {
            l.picked = 0;
        }
    }
    let pdf = pick_list_pdf(&orders, &store(), PaperSize::Letter, &printed_at()).unwrap();
    copy(&render_page(&pdf, 1, 100), GOLDENS[4].0);
}

#[test]
fn every_document_has_its_golden_image() {
    let dir = golden_dir();
    if std::env::var("STOREDESK_UPDATE_GOLDEN").as_deref() == Ok("1") {
        std::fs::create_dir_all(&dir).unwrap();
        write_goldens(&dir);
    }
    for (name, w, h) in GOLDENS {
        let path = dir.join(name);
        let size = image::image_dimensions(&path).unwrap_or_else(|e| {
            panic!("{} missing ({e}): run STOREDESK_UPDATE_GOLDEN=1 cargo test -p storedesk-documents --test goldens", path.display())
        });
        assert_eq!(size, (w, h), "{name} has the size of its document");
        let bytes = std::fs::metadata(&path).unwrap().len();
        assert!(
            bytes < 200_000,
            "{name} is {bytes} bytes: keep goldens small"
        );
    }
}
