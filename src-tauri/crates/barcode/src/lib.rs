//! Parsing and validation of the barcodes a store scanner produces.
//!
//! A keyboard-wedge scanner "types" what it reads. [`parse`] turns that text into a [`Barcode`]:
//!
//! * product barcodes — EAN-13, EAN-8, UPC-A and GTIN-14 (ITF-14), check digit always validated;
//! * GS1 labels (GS1-128 and other GS1 symbologies) with their application identifiers, whether sent raw after
//!   a symbology identifier such as `]C1` with FNC1 as ASCII 29, or typed in the bracketed form
//!   `(01)09506000134352(10)ABC123`;
//! * SSCCs (18 digits) from pallet and parcel labels;
//! * the OMS's own numbers: packages and orders (`PKG-000123`, `ORD-2026-000042`), parcels (`PCL-000123-1`),
//!   pickup codes (`PU-7K3Q9M`) and transfers (`TRF-000045`).
//!
//! Anything else is a [`BarcodeError`] whose message tells the clerk what went wrong and what to do.
//! [`normalize_gtin`] brings every product code to GTIN-14, the form to compare a scan with an order line.
//!
//! The crate is pure: no I/O, no global state, and no input makes it panic.
//!
//! ```
//! use storedesk_barcode::{parse, Barcode};
//!
//! let scan = parse("4006381333931\r\n").unwrap();
//! assert_eq!(scan, Barcode::Ean13 { digits: "4006381333931".into() });
//! assert_eq!(scan.gtin14().as_deref(), Some("04006381333931"));
//!
//! let label = parse("]C1010950600013435210ABC123\u{1d}21XYZ").unwrap();
//! assert_eq!(label.gtin14().as_deref(), Some("09506000134352"));
//! assert_eq!(label.batch(), Some("ABC123"));
//! assert_eq!(label.serial(), Some("XYZ"));
//!
//! assert_eq!(parse("pu-7k3q9m").unwrap(), Barcode::PickupCode { value: "PU-7K3Q9M".into() });
//! assert_eq!(parse("4006381333932").unwrap_err().code(), "invalid_check_digit");
//! ```

#![warn(missing_docs)]

mod check;
mod error;
mod gs1;
mod oms;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use check::{ean13_from_body, gs1_check_digit, is_valid_gtin, normalize_gtin, sscc_from_body};
pub use error::{BarcodeError, Gs1Reason};

use check::{check_digits, pad_gtin14};
use gs1::GS;

/// The longest scan [`parse`] accepts, in characters after trimming. Longer input is
/// [`BarcodeError::TooLong`].
pub const MAX_INPUT_CHARS: usize = 256;

/// A successfully parsed and validated scan.
///
/// Serialised with a `kind` tag, e.g. `{"kind":"ean13","digits":"4006381333931"}` or
/// `{"kind":"gs1_128","elements":[{"ai":"00","value":"106141411234567897"}]}`. Its `Display` is the canonical
/// text, which [`parse`] reads back to the same value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Barcode {
    /// EAN-13 (GTIN-13): 13 digits, check digit valid.
    Ean13 {
        /// The 13 digits.
        digits: String,
    },
    /// EAN-8 (GTIN-8): 8 digits, check digit valid.
    Ean8 {
        /// The 8 digits.
        digits: String,
    },
    /// UPC-A (GTIN-12): 12 digits, check digit valid.
    UpcA {
        /// The 12 digits.
        digits: String,
    },
    /// A GS1 element string: one or more application identifiers with their validated values, in scan order.
    /// A bare GTIN-14 is `[(01)]` and a bare SSCC is `[(00)]`.
    Gs1_128 {
        /// The elements, each AI at most once.
        elements: Vec<Gs1Element>,
    },
    /// A plain OMS package or order number, upper-cased: `PKG-000123` or `ORD-2026-000042`.
    OrderNumber {
        /// The number as printed.
        value: String,
    },
    /// An OMS parcel number, upper-cased: `PCL-000123-1` (package sequence, then the parcel's index).
    ParcelNumber {
        /// The number as printed.
        value: String,
    },
    /// A customer's pickup code, upper-cased: `PU-` and six of `23456789ABCDEFGHJKLMNPQRSTUVWXYZ`.
    PickupCode {
        /// The code as printed.
        value: String,
    },
    /// An OMS stock transfer number, upper-cased: `TRF-000045`.
    TransferNumber {
        /// The number as printed.
        value: String,
    },
}

/// One GS1 application identifier and its value, e.g. AI `"10"` (batch/lot) with value `"ABC123"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gs1Element {
    /// The application identifier, digits only, without brackets (e.g. `"01"`, `"3103"`).
    pub ai: String,
    /// The value as encoded (no decimal point inserted for weights, dates as YYMMDD).
    pub value: String,
}

impl Barcode {
    /// The GTIN-14 (zero-padded to 14 digits) of a product barcode: EAN-13, EAN-8, UPC-A, or a GS1 element
    /// string's AI (01). `None` for everything else, including an SSCC or an OMS number.
    #[must_use]
    pub fn gtin14(&self) -> Option<String> {
        match self {
            Barcode::Ean13 { digits } | Barcode::Ean8 { digits } | Barcode::UpcA { digits } => {
                Some(pad_gtin14(digits))
            }
            Barcode::Gs1_128 { .. } => self.element("01").map(pad_gtin14),
            _ => None,
        }
    }

    /// The SSCC (18 digits) of a GS1 element string's AI (00).
    #[must_use]
    pub fn sscc(&self) -> Option<&str> {
        self.element("00")
    }

    /// The batch or lot number of a GS1 element string's AI (10).
    #[must_use]
    pub fn batch(&self) -> Option<&str> {
        self.element("10")
    }

    /// The serial number of a GS1 element string's AI (21).
    #[must_use]
    pub fn serial(&self) -> Option<&str> {
        self.element("21")
    }

    /// The value of application identifier `ai` (digits, without brackets, e.g. `"17"`) in a GS1 element string.
    /// `None` if absent or if this is not a GS1 barcode.
    #[must_use]
    pub fn element(&self, ai: &str) -> Option<&str> {
        match self {
            Barcode::Gs1_128 { elements } => elements
                .iter()
                .find(|e| e.ai == ai)
                .map(|e| e.value.as_str()),
            _ => None,
        }
    }
}

impl fmt::Display for Gs1Element {
    /// The bracketed human-readable form, `(10)ABC123`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "({}){}", self.ai, self.value)
    }
}

impl fmt::Display for Barcode {
    /// The canonical text: the digits of a product barcode, the bracketed form of a GS1 element string, the
    /// OMS number as printed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Barcode::Ean13 { digits } | Barcode::Ean8 { digits } | Barcode::UpcA { digits } => {
                f.write_str(digits)
            }
            Barcode::Gs1_128 { elements } => elements.iter().try_for_each(|e| write!(f, "{e}")),
            Barcode::OrderNumber { value }
            | Barcode::ParcelNumber { value }
            | Barcode::PickupCode { value }
            | Barcode::TransferNumber { value } => f.write_str(value),
        }
    }
}

/// Parses and validates one scan.
///
/// Surrounding whitespace (a scanner's CR/LF or Tab suffix) is ignored. Recognised, in this order:
///
/// 1. an AIM symbology identifier (`]` and two characters): `]C1` (GS1-128), `]e0`, `]d2`, `]Q3` and `]J1`
///    mark a GS1 element string; `]E3` an EAN-13 with a 2- or 5-digit add-on, which is dropped; any other is
///    removed and the rest parsed as below;
/// 2. the bracketed GS1 form, `(01)09506000134352(10)ABC123`;
/// 3. a raw GS1 element string: starting with ASCII 29 (FNC1), or with digits and containing ASCII 29, or
///    starting with AI `00`, `01` or `02` and longer than a plain code;
/// 4. digits only — spaces or hyphens between them are allowed, as typed from the text under the bars:
///    8 → [`Barcode::Ean8`], 12 → [`Barcode::UpcA`], 13 → [`Barcode::Ean13`], 14 → GTIN-14 as
///    [`Barcode::Gs1_128`] `[(01)]`, 18 → SSCC as [`Barcode::Gs1_128`] `[(00)]`;
/// 5. the OMS numbers `PKG-`, `ORD-`, `PCL-`, `PU-` and `TRF-`, case-insensitively, upper-cased.
///
/// Supported GS1 AIs: 00, 01, 02 (check digits validated), 10, 11, 13, 15, 17 (dates validated), 21, 30, 37,
/// 400 and 3100–3105. Any other AI is rejected with [`Gs1Reason::UnknownAi`].
///
/// # Errors
///
/// A [`BarcodeError`] saying what is wrong with the scan, in words for the clerk: nothing scanned, too long,
/// stray characters, an unsupported number of digits, a wrong check digit, a broken GS1 element string, a
/// malformed OMS number, or something the store does not use at all.
pub fn parse(input: &str) -> Result<Barcode, BarcodeError> {
    let input = input.trim();
    if input.is_empty() {
        return Err(BarcodeError::Empty);
    }
    let length = input.chars().count();
    if length > MAX_INPUT_CHARS {
        return Err(BarcodeError::TooLong {
            length,
            max: MAX_INPUT_CHARS,
        });
    }
    // Scanners send printable ASCII and GS only; anything else is a misconfigured scanner or a stray key.
    if let Some((i, found)) = input
        .chars()
        .enumerate()
        .find(|&(_, c)| !(c.is_ascii_graphic() || c == ' ' || c == GS))
    {
        return Err(BarcodeError::InvalidCharacters {
            found,
            position: i + 1,
        });
    }
    // From here on the input is ASCII, so byte offsets are character offsets.
    match symbology(input) {
        Some((Symbology::Gs1, data)) => parse_gs1(data),
        Some((Symbology::EanWithAddOn, data)) => parse_ean_with_add_on(input, data),
        Some((Symbology::Other, data)) => parse_plain(input, data, AIM_ID_LEN),
        None => parse_plain(input, input, 0),
    }
}

/// Length of an AIM symbology identifier such as `]C1`.
const AIM_ID_LEN: usize = 3;

enum Symbology {
    /// A GS1 element string follows.
    Gs1,
    /// EAN-13 (or UPC-A as 13 digits) followed by a 2- or 5-digit add-on.
    EanWithAddOn,
    /// Anything else; the data is parsed as if no identifier was there.
    Other,
}

/// Splits off an AIM symbology identifier, `]` then a letter then a letter or digit.
fn symbology(input: &str) -> Option<(Symbology, &str)> {
    let (id, data) = input.split_at_checked(AIM_ID_LEN)?;
    let &[b']', code, modifier] = id.as_bytes() else {
        return None;
    };
    if !code.is_ascii_alphabetic() || !modifier.is_ascii_alphanumeric() {
        return None;
    }
    let kind = match id {
        "]C1" | "]e0" | "]d2" | "]Q3" | "]J1" => Symbology::Gs1,
        "]E3" => Symbology::EanWithAddOn,
        _ => Symbology::Other,
    };
    Some((kind, data))
}

fn parse_gs1(data: &str) -> Result<Barcode, BarcodeError> {
    let elements = if data.starts_with('(') {
        gs1::parse_bracketed(data)?
    } else {
        gs1::parse_element_string(data)?
    };
    Ok(Barcode::Gs1_128 { elements })
}

fn parse_ean_with_add_on(input: &str, data: &str) -> Result<Barcode, BarcodeError> {
    // 13 digits and a 2- or 5-digit add-on; anything else is parsed as if the identifier were not there.
    if matches!(data.len(), 15 | 18) && data.bytes().all(|b| b.is_ascii_digit()) {
        parse_digits(&data[..13])
    } else {
        parse_plain(input, data, AIM_ID_LEN)
    }
}

/// Parses `data`, the part of `input` after any symbology identifier, which starts at character `offset`.
fn parse_plain(input: &str, data: &str, offset: usize) -> Result<Barcode, BarcodeError> {
    if data.is_empty() {
        // Only a symbology identifier: the scanner read a barcode with no data.
        return Err(BarcodeError::Unrecognized {
            input: input.to_string(),
        });
    }
    if data.starts_with('(') || data.starts_with(GS) {
        return parse_gs1(data);
    }
    let bytes = data.as_bytes();
    if bytes.iter().all(u8::is_ascii_digit) {
        return parse_digits(data);
    }
    if let Some(digits) = digits_typed_with_separators(data) {
        return parse_digits(&digits);
    }
    if bytes.first().is_some_and(u8::is_ascii_digit) {
        if data.contains(GS) || starts_with_key_ai(data) {
            return parse_gs1(data);
        }
        // Digits then something else: a misread, or letters typed into a product number.
        if let Some((i, found)) = data.char_indices().find(|&(_, c)| !c.is_ascii_digit()) {
            return Err(BarcodeError::InvalidCharacters {
                found,
                position: offset + i + 1,
            });
        }
    }
    if let Some(result) = oms::parse(data) {
        return result;
    }
    Err(BarcodeError::Unrecognized {
        input: input.to_string(),
    })
}

/// Whether `data` starts with AI 00, 01 or 02 — the AIs a raw GS1 element string without a symbology
/// identifier starts with in practice.
fn starts_with_key_ai(data: &str) -> bool {
    ["00", "01", "02"].iter().any(|ai| data.starts_with(ai))
}

/// `data` without its spaces and hyphens, if it is digits separated by single spaces or hyphens (as printed
/// under an EAN-13, `4 006381 333931`, or in an ISBN, `978-0-201-37962-4`).
fn digits_typed_with_separators(data: &str) -> Option<String> {
    let groups: Vec<&str> = data.split([' ', '-']).collect();
    if groups.len() < 2
        || groups
            .iter()
            .any(|g| g.is_empty() || !g.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    Some(groups.concat())
}

/// Parses a string of ASCII digits by its length. Callers check that it is digits only.
fn parse_digits(digits: &str) -> Result<Barcode, BarcodeError> {
    debug_assert!(digits.bytes().all(|b| b.is_ascii_digit()), "{digits:?}");
    let len = digits.len();
    if !matches!(len, 8 | 12 | 13 | 14 | 18) {
        if len >= 16 && starts_with_key_ai(digits) {
            return parse_gs1(digits);
        }
        return Err(BarcodeError::UnsupportedLength { length: len });
    }
    match check_digits(digits) {
        Some((expected, found)) if expected != found => {
            return Err(BarcodeError::InvalidCheckDigit {
                code: digits.to_string(),
                expected,
                found,
            });
        }
        _ => {}
    }
    let digits = digits.to_string();
    Ok(match len {
        8 => Barcode::Ean8 { digits },
        12 => Barcode::UpcA { digits },
        13 => Barcode::Ean13 { digits },
        14 => single_element("01", digits),
        _ => single_element("00", digits),
    })
}

fn single_element(ai: &str, value: String) -> Barcode {
    Barcode::Gs1_128 {
        elements: vec![Gs1Element {
            ai: ai.to_string(),
            value,
        }],
    }
}
