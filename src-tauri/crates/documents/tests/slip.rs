//! Packing slips: the text a customer reads, extracted with poppler.

mod support;

use storedesk_documents::{DEFAULT_RETURN_NOTE, PaperSize, StoreProfile, packing_slip_pdf};
use storedesk_domain::model::Rejection;
use support::*;

/// pdftotext -layout puts columns side by side; squeeze runs of spaces to compare rows.
fn squeeze(text: &str) -> String {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn slip_lists_lines_rejections_parcels_and_the_return_note() {
    let order = turkish_order();
    let pdf = packing_slip_pdf(&order, &store(), PaperSize::A4, &printed_at()).unwrap();
    let text = squeeze(&pdf_text(&pdf));
    for expected in [
        "Storedesk Kadıköy",
        "Packing slip",
        "ORD-2026-000042",
        "PKG-000123",
        // Order date and printed-at in the store's time zone (UTC+3).
        "2026-03-01 12:30 +03",
        "2026-03-01 14:05 +03",
        "Şükrü Öztürk",
        "Bağdat Caddesi 123 Daire 4",
        "34728 İstanbul",
        // SKU, product, ordered, packed, rejected.
        "SKU-SHOE-42 Koşu ayakkabısı, lacivert, 42 2 2 0",
        "SKU-SCARF-01 İpek eşarp ığdır desenli 3 2 1",
        "1 rejected: damaged (torn seam)",
        "Not included in this delivery",
        "1 × İpek eşarp ığdır desenli: damaged (torn seam)",
        "PCL-000123-1 · 1.25 kg · 2 item(s) · Yurtiçi Kargo",
        "PCL-000123-3 · 2.00 kg · 1 item(s)",
        "Returns",
        "Page 1 of 1",
    ] {
        assert!(text.contains(expected), "slip lacks {expected:?}:\n{text}");
    }
    // The default return note, as wrapped on the page.
    let first_words: String = DEFAULT_RETURN_NOTE
        .split_whitespace()
        .take(6)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains(&first_words), "{text}");
}

#[test]
fn store_return_note_and_whole_order_rejection_are_printed_on_letter_paper() {
    let mut order = portuguese_order();
    order.rejection = Some(Rejection {
        reason: "out_of_stock".into(),
        note: Some("última unidade danificada".into()),
    });
    let store = StoreProfile {
        return_note: Some("Devoluções: até 15 dias, em qualquer loja.".into()),
        ..store()
    };
    let pdf = packing_slip_pdf(&order, &store, PaperSize::Letter, &printed_at()).unwrap();
    let text = squeeze(&pdf_text(&pdf));
    for expected in [
        "João Conceição",
        "Devoluções: até 15 dias, em qualquer loja.",
        "out_of_stock (última unidade danificada)",
        "PKG-000124-1 · 0.95 kg",
    ] {
        assert!(text.contains(expected), "slip lacks {expected:?}:\n{text}");
    }
    assert!(
        !text.contains("within 30 days"),
        "the store's own note replaces the default"
    );
    let png = render_page(&pdf, 1, 50);
    let size = image::image_dimensions(&png).unwrap();
    // Letter is 8.5 × 11 in.
    assert_eq!(size, (425, 550));
}

#[test]
fn a_long_order_without_address_or_lines_still_prints_and_spans_pages() {
    let mut order = turkish_order();
    order.address = None;
    order.customer = None;
    let template = order.lines[0].clone();
    order.lines = (0..80)
        .map(|i| {
            let mut l = template.clone();
            l.id = format!("l{i}");
            l.sku = format!("SKU-{i:04}");
            l.name = format!("Ürün {i} with a very long name that has to wrap over more than one line of the table, ideally two");
            l
        })
        .collect();
    let pdf = packing_slip_pdf(&order, &store(), PaperSize::A4, &printed_at()).unwrap();
    let pages = pdf_pages(&pdf);
    assert!(
        pages >= 3,
        "80 two-line rows take several pages, got {pages}"
    );
    let text = squeeze(&pdf_text(&pdf));
    assert!(text.contains("No delivery address"));
    assert!(
        text.contains("SKU-0000") && text.contains("SKU-0079"),
        "first and last line printed"
    );
    assert!(text.contains(&format!("Page {pages} of {pages}")));
    // The table heading is repeated on the next page.
    assert!(
        text.matches("SKU Product Ordered Packed Rejected").count() >= pages - 1,
        "{text}"
    );

    order.lines.clear();
    order.parcels.clear();
    let pdf = packing_slip_pdf(&order, &store(), PaperSize::A4, &printed_at()).unwrap();
    assert!(pdf_text(&pdf).contains("Not packed yet"));
}
