//! The errors a document can fail with. Each message tells the clerk what is wrong and what to do.

use thiserror::Error;

/// Why a document could not be generated.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DocumentError {
    /// The parcel reference is not one of the order's parcels.
    #[error(
        "the parcel {parcel_ref} is not on order {order}: pack it first or pick another parcel"
    )]
    ParcelNotOnOrder {
        /// The parcel reference asked for.
        parcel_ref: String,
        /// The work-order number.
        order: String,
    },
    /// A label was asked for an order without parcels.
    #[error("the order {order} has no parcels yet: pack it before printing labels")]
    NoParcels {
        /// The work-order number.
        order: String,
    },
    /// A shipping label needs a recipient address.
    #[error(
        "the order {order} has no delivery address: fill it in the OMS or print a carrier label"
    )]
    NoDeliveryAddress {
        /// The work-order number.
        order: String,
    },
    /// The store's GS1 company prefix is not usable for an SSCC.
    #[error(
        "the GS1 company prefix must be 6 to 11 digits, got \"{got}\": correct it in the store settings"
    )]
    InvalidCompanyPrefix {
        /// What the store profile holds.
        got: String,
    },
    /// The SSCC extension digit is not a single digit.
    #[error("the SSCC extension digit must be 0 to 9, got {got}: correct it in the store settings")]
    InvalidExtensionDigit {
        /// What the store profile holds.
        got: u8,
    },
    /// The SSCC serial counter has more digits than the company prefix leaves room for.
    #[error(
        "the SSCC serial {serial} does not fit in the {digits} digits left by the GS1 company prefix: \
         reset the store's SSCC counter or ask for a shorter prefix"
    )]
    SerialTooLarge {
        /// The serial the caller passed.
        serial: u64,
        /// How many digits the serial reference has.
        digits: usize,
    },
    /// The parcel number cannot be written as a Code 128 barcode.
    #[error("the parcel number \"{value}\" cannot be printed as a barcode: {reason}")]
    BarcodeNotEncodable {
        /// The value to encode.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A pick list was asked for without orders.
    #[error("select at least one order to print a pick list")]
    NoOrders,
    /// A PDF to convert (a carrier's label) cannot be read.
    #[error(
        "the carrier's PDF label cannot be converted for the thermal printer ({reason}): print the local label instead, or fetch the carrier label again"
    )]
    UnreadablePdf {
        /// What is wrong with it.
        reason: String,
    },
    /// The PDF library failed (should not happen; report it with the order number).
    #[error("the PDF could not be written ({0}): report this with the order number")]
    Pdf(String),
}
