//! Storedesk documents: local shipping labels (PDF and ZPL), packing slips and pick lists.
//!
//! Everything is generated from the domain model ([`WorkOrder`]) plus a [`StoreProfile`] for what the order
//! does not hold (the store's name and address, its GS1 company prefix, its return note). No Tauri, no I/O:
//! every function returns bytes or text for the caller to print or save.
//!
//! # API
//!
//! ```text
//! parcel_barcode(order, parcel_ref, store, serial)            -> Result<ParcelBarcode, DocumentError>
//! local_label_pdf(order, parcel_ref, store, size, serial)     -> Result<Vec<u8>, DocumentError>   one page
//! order_labels_pdf(order, store, size, first_serial)          -> Result<Vec<u8>, DocumentError>   a page per parcel
//! local_label_zpl(order, parcel_ref, store, size, dpi, serial)-> Result<String, DocumentError>    one ^XA…^XZ job
//! order_labels_zpl(order, store, size, dpi, first_serial)     -> Result<String, DocumentError>    a job per parcel
//! packing_slip_pdf(order, store, paper, printed_at)           -> Result<Vec<u8>, DocumentError>
//! pick_list(orders)                                           -> Vec<PickRow>                     the grouping
//! pick_list_pdf(orders, store, paper, printed_at)             -> Result<Vec<u8>, DocumentError>
//! test_label_pdf(size), test_page_pdf(store, paper, printed_at) -> printer test prints
//! ```
//!
//! # Labels
//!
//! A local label shows the sender (the store), the recipient (the customer's name and `WorkOrder::address`; for
//! a transfer "Transfer to <counterparty>" and the other location's address), the order and work-order numbers,
//! the parcel number (`Parcel::number`, else `<work-order number>-<parcel_ref>`), "Parcel 2 of 3" (the
//! parcel's position in `WorkOrder::parcels`), the weight in kg, the carrier if known, a Code 128 barcode and a
//! QR code.
//!
//! * With a GS1 company prefix in the store profile the barcode is **GS1-128**: start C, FNC1, AI (00) and an
//!   SSCC = extension digit + company prefix + `serial` zero-padded to 16 − prefix-length digits + the GS1
//!   mod-10 check digit (`storedesk_barcode::sscc_from_body`). The SSCC is not derived from the order: the
//!   caller passes `serial` from the store's own counter and stores it, so an SSCC is never reused. For all the
//!   parcels of an order, parcel `i` (from 0) gets `first_serial + i`.
//! * Without a prefix the barcode is plain **Code 128** (subset B) of the parcel number; `serial` is ignored.
//! * The **QR code** holds the same value as the bars: the 18 SSCC digits, or the parcel number
//!   ([`ParcelBarcode::qr_text`]), which `storedesk_barcode::parse` reads as an SSCC or a parcel number.
//!
//! Bars and QR modules are whole printer dots at 203 dpi (bars 4 dots = 0.5 mm when they fit, else 3 or 2),
//! with quiet zones of 10 modules (Code 128) and 4 modules (QR). ZPL labels are 203 or 300 dpi ([`Dpi`]); an
//! A6 label is clipped to the 104 mm a 4-inch printhead prints. See the `zpl` module for the ZPL conventions.
//!
//! # Pick list
//!
//! Lines of all selected orders are grouped by SKU and sorted by SKU, so one walk through the store serves every
//! order; under each product the orders and their quantities are listed, with a checkbox per product. The
//! quantity of an order is what is still to pick: accepted − picked; for an order not accepted yet (status
//! `assigned`) its open quantity (requested − rejected), marked with `*`. Terminal orders and inbound transfers
//! contribute nothing.
//!
//! # Text and fonts
//!
//! DejaVu Sans and DejaVu Sans Bold are embedded (subset) in every PDF, so Turkish, Portuguese and Norwegian
//! names print and extract exactly. Long texts are wrapped or cut with "…". All visible strings are in the
//! `strings` module (English). The PDF output is deterministic: the same input gives the same bytes.
//!
//! # Testing limits
//!
//! The tests render PDFs with poppler and decode barcodes with zbar. ZPL labels are rendered by zebrash, an
//! independent ZPL renderer (the npm package `zpl-renderer-js` in `tests/zpl-render/`, installed by
//! `scripts/setup.sh`), and their barcodes decoded with zbar: that shows a ZPL interpreter other than ours draws
//! scannable barcodes from our commands. It is still not a Zebra printer's firmware (fonts differ, for one).

mod barcode;
mod convert;
mod error;
mod fonts;
mod label;
mod layout;
mod pdf;
mod picklist;
mod slip;
mod strings;
mod testpage;
mod zpl;

use chrono::DateTime;
use chrono_tz::Tz;
use storedesk_domain::model::{Address, WorkOrder};

pub use barcode::{ParcelBarcode, ParcelBarcodeKind, parcel_barcode, sscc};
pub use convert::pdf_to_zpl;
pub use error::DocumentError;
pub use picklist::{PickOrder, PickRow, pick_list};
pub use strings::DEFAULT_RETURN_NOTE;

/// What the documents need to know about the store that the work order does not say.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StoreProfile {
    /// The store's name as printed in the sender block and headers.
    pub name: String,
    /// The store's postal address (the label's sender).
    pub address: Address,
    /// GS1 company prefix (6 to 11 digits). With it labels carry an SSCC in GS1-128; without, the parcel number.
    pub gs1_company_prefix: Option<String>,
    /// SSCC extension digit (0–9), chosen by the store; 0 unless the GS1 member organisation says otherwise.
    pub sscc_extension_digit: u8,
    /// Return instructions on the packing slip; [`DEFAULT_RETURN_NOTE`] when `None`.
    pub return_note: Option<String>,
}

impl StoreProfile {
    /// A profile with a name and address, no GS1 prefix and the default return note.
    pub fn new(name: impl Into<String>, address: Address) -> Self {
        Self {
            name: name.into(),
            address,
            ..Self::default()
        }
    }
}

/// Label stock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LabelSize {
    /// 4 × 6 inches (101.6 × 152.4 mm), the usual thermal shipping label.
    FourBySix,
    /// A6, 105 × 148 mm.
    A6,
}

/// Office paper for packing slips and pick lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaperSize {
    /// 210 × 297 mm.
    A4,
    /// 8.5 × 11 inches.
    Letter,
}

impl PaperSize {
    /// Width and height in points.
    fn points(self) -> (f32, f32) {
        match self {
            PaperSize::A4 => (layout::mm(210.0), layout::mm(297.0)),
            PaperSize::Letter => (612.0, 792.0),
        }
    }
}

/// Resolution of a thermal printer, for ZPL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dpi {
    /// 203 dpi (8 dots/mm), most desktop label printers.
    Dpi203,
    /// 300 dpi (12 dots/mm).
    Dpi300,
}

/// "Printed at" time, in the store's time zone (also used to show the order date).
pub type PrintedAt = DateTime<Tz>;

/// The local shipping label of one parcel as a one-page PDF.
pub fn local_label_pdf(
    order: &WorkOrder,
    parcel_ref: &str,
    store: &StoreProfile,
    size: LabelSize,
    serial: u64,
) -> Result<Vec<u8>, DocumentError> {
    label::label_pdf(
        &label::LabelData::new(order, parcel_ref, store, serial)?,
        size,
    )
}

/// The local shipping labels of every parcel of an order, one page per parcel; parcel `i` (from 0) gets SSCC
/// serial `first_serial + i`.
pub fn order_labels_pdf(
    order: &WorkOrder,
    store: &StoreProfile,
    size: LabelSize,
    first_serial: u64,
) -> Result<Vec<u8>, DocumentError> {
    label::labels_pdf(order, store, size, first_serial)
}

/// The local shipping label of one parcel as one ZPL II job (`^XA … ^XZ`).
pub fn local_label_zpl(
    order: &WorkOrder,
    parcel_ref: &str,
    store: &StoreProfile,
    size: LabelSize,
    dpi: Dpi,
    serial: u64,
) -> Result<String, DocumentError> {
    zpl::label_zpl(
        &label::LabelData::new(order, parcel_ref, store, serial)?,
        size,
        dpi,
    )
}

/// The local shipping labels of every parcel of an order as ZPL II, one `^XA … ^XZ` job per parcel; parcel `i`
/// (from 0) gets SSCC serial `first_serial + i`.
pub fn order_labels_zpl(
    order: &WorkOrder,
    store: &StoreProfile,
    size: LabelSize,
    dpi: Dpi,
    first_serial: u64,
) -> Result<String, DocumentError> {
    zpl::labels_zpl(order, store, size, dpi, first_serial)
}

/// The packing slip of an order (multi-page when the order is long).
pub fn packing_slip_pdf(
    order: &WorkOrder,
    store: &StoreProfile,
    paper: PaperSize,
    printed_at: &PrintedAt,
) -> Result<Vec<u8>, DocumentError> {
    slip::packing_slip_pdf(order, store, paper, printed_at)
}

/// The pick list of the selected orders, grouped by product (see the crate docs for the quantities).
pub fn pick_list_pdf(
    orders: &[WorkOrder],
    store: &StoreProfile,
    paper: PaperSize,
    printed_at: &PrintedAt,
) -> Result<Vec<u8>, DocumentError> {
    picklist::pick_list_pdf(orders, store, paper, printed_at)
}

/// A one-page test label for the label printer (a PDF label queue): the stock size and the markets' letters.
pub fn test_label_pdf(size: LabelSize) -> Result<Vec<u8>, DocumentError> {
    testpage::test_label_pdf(size)
}

/// A one-page test page for the document printer, with the store's name and the time it was printed.
pub fn test_page_pdf(
    store: &StoreProfile,
    paper: PaperSize,
    printed_at: &PrintedAt,
) -> Result<Vec<u8>, DocumentError> {
    testpage::test_page_pdf(store, paper, printed_at)
}
