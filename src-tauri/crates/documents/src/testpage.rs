//! Test prints: a label and a page that say which station printed them and when, so whoever sets up a printer
//! sees at once that it works and that the size and fonts are right.

use crate::error::DocumentError;
use crate::layout::{Page, mm};
use crate::{LabelSize, PaperSize, PrintedAt, StoreProfile, pdf};

/// Characters of the three markets, to check that the printer shows them (ş ğ İ ı ã ç ø å æ).
const ALPHABET: &str =
    "Şükrü Öztürk · İstanbul · ğ ı — João Conceição · ã ç — Bjørn Ålesund · ø å æ";

/// A one-page test label of the given stock.
pub(crate) fn test_label_pdf(size: LabelSize) -> Result<Vec<u8>, DocumentError> {
    let (w, h) = match size {
        LabelSize::FourBySix => (4.0 * 72.0, 6.0 * 72.0),
        LabelSize::A6 => (mm(105.0), mm(148.0)),
    };
    let mut page = Page::new(w, h);
    let m = 14.0;
    page.rect(m, m, w - 2.0 * m, h - 2.0 * m);
    page.text(
        m + 10.0,
        m + 34.0,
        22.0,
        true,
        w - 2.0 * m - 20.0,
        "Storedesk",
    );
    page.text(
        m + 10.0,
        m + 62.0,
        13.0,
        false,
        w - 2.0 * m - 20.0,
        "Test label — the label printer works",
    );
    let stock = match size {
        LabelSize::FourBySix => "Stock: 4 × 6 in",
        LabelSize::A6 => "Stock: A6 (105 × 148 mm)",
    };
    page.text(m + 10.0, m + 84.0, 11.0, false, w - 2.0 * m - 20.0, stock);
    page.paragraph(
        m + 10.0,
        m + 110.0,
        10.0,
        false,
        w - 2.0 * m - 20.0,
        6,
        14.0,
        ALPHABET,
    );
    pdf::render(&[page], "Storedesk test label")
}

/// A one-page test page on office paper with the store's header.
pub(crate) fn test_page_pdf(
    store: &StoreProfile,
    paper: PaperSize,
    printed_at: &PrintedAt,
) -> Result<Vec<u8>, DocumentError> {
    let (w, h) = paper.points();
    let m = 40.0;
    let inner = w - 2.0 * m;
    let mut page = Page::new(w, h);
    page.text(m, m + 18.0, 20.0, true, inner, "Storedesk test page");
    if !store.name.is_empty() {
        page.text(m, m + 44.0, 13.0, false, inner, &store.name);
    }
    page.text(
        m,
        m + 64.0,
        11.0,
        false,
        inner,
        &format!("Printed {}", printed_at.format("%Y-%m-%d %H:%M %Z")),
    );
    page.hline(m, m + 76.0, inner, 0.8);
    page.paragraph(
        m,
        m + 100.0,
        11.0,
        false,
        inner,
        4,
        15.0,
        "If you can read this page, packing slips and pick lists will print on this printer. The line below \
         should show every letter correctly:",
    );
    page.paragraph(m, m + 160.0, 12.0, false, inner, 3, 16.0, ALPHABET);
    pdf::render(&[page], "Storedesk test page")
}
