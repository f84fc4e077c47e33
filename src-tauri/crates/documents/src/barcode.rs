//! What the parcel barcode holds (SSCC or parcel number) and its bars and QR modules.

use barcoders::sym::code128::Code128;
use qrcode::{Color, EcLevel, QrCode};
use storedesk_domain::model::WorkOrder;

use crate::StoreProfile;
use crate::error::DocumentError;
use crate::label::parcel_number;

/// Quiet zone on each side of a Code 128 symbol, in modules (GS1 asks for at least 10).
pub const CODE128_QUIET_MODULES: usize = 10;
/// Quiet zone around a QR code, in modules (the QR standard's 4).
pub const QR_QUIET_MODULES: usize = 4;

/// What kind of value a parcel barcode holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParcelBarcodeKind {
    /// A GS1-128 barcode: FNC1, AI (00) and an 18-digit SSCC.
    Sscc,
    /// A plain Code 128 barcode of the parcel number.
    ParcelNumber,
}

/// The value printed as the parcel's barcode and QR code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParcelBarcode {
    /// Sscc or plain parcel number.
    pub kind: ParcelBarcodeKind,
    /// The 18 SSCC digits (without the AI), or the parcel number.
    pub value: String,
}

impl ParcelBarcode {
    /// The human-readable line under the bars: `(00) 106141411234567897` or the parcel number.
    pub fn human_readable(&self) -> String {
        match self.kind {
            ParcelBarcodeKind::Sscc => format!("(00) {}", self.value),
            ParcelBarcodeKind::ParcelNumber => self.value.clone(),
        }
    }

    /// What the QR code holds: the same value as the bars (the 18 SSCC digits, or the parcel number), which
    /// `storedesk_barcode::parse` reads back as an SSCC or a parcel number.
    pub fn qr_text(&self) -> &str {
        &self.value
    }

    /// The Code 128 modules (true = bar), without quiet zone. GS1-128 is start C, FNC1, `00` and the digits.
    pub(crate) fn code128_modules(&self) -> Result<Vec<bool>, DocumentError> {
        let input = match self.kind {
            ParcelBarcodeKind::Sscc => format!("\u{0106}\u{0179}00{}", self.value),
            ParcelBarcodeKind::ParcelNumber => code128_b_input(&self.value)?,
        };
        let code = Code128::new(&input).map_err(|e| DocumentError::BarcodeNotEncodable {
            value: self.value.clone(),
            reason: e.to_string(),
        })?;
        Ok(code.encode().into_iter().map(|b| b == 1).collect())
    }
}

/// The barcoders input for `value` in character set B (printable ASCII only).
pub(crate) fn code128_b_input(value: &str) -> Result<String, DocumentError> {
    if value.is_empty() {
        return Err(DocumentError::BarcodeNotEncodable {
            value: value.into(),
            reason: "it is empty".into(),
        });
    }
    if let Some(c) = value.chars().find(|c| !(' '..='~').contains(c)) {
        return Err(DocumentError::BarcodeNotEncodable {
            value: value.into(),
            reason: format!(
                "the character '{c}' is not allowed (only letters A–Z, digits and ASCII signs)"
            ),
        });
    }
    Ok(format!("\u{0181}{value}"))
}

/// A square QR matrix, row by row (true = dark), without quiet zone.
pub(crate) struct QrMatrix {
    pub width: usize,
    pub dark: Vec<bool>,
}

/// The QR code of `text` with error correction level M.
pub(crate) fn qr_matrix(text: &str) -> Result<QrMatrix, DocumentError> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).map_err(|e| {
        DocumentError::BarcodeNotEncodable {
            value: text.into(),
            reason: format!("QR code: {e}"),
        }
    })?;
    Ok(QrMatrix {
        width: code.width(),
        dark: code
            .to_colors()
            .into_iter()
            .map(|c| c == Color::Dark)
            .collect(),
    })
}

/// Checks a GS1 company prefix: 6 to 11 ASCII digits.
fn valid_prefix(prefix: &str) -> Result<&str, DocumentError> {
    let p = prefix.trim();
    if (6..=11).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()) {
        Ok(p)
    } else {
        Err(DocumentError::InvalidCompanyPrefix {
            got: prefix.to_string(),
        })
    }
}

/// Builds an SSCC: extension digit, company prefix, `serial` zero-padded to the remaining digits (16 minus the
/// prefix length), then the GS1 mod-10 check digit from `storedesk_barcode`.
pub fn sscc(
    extension_digit: u8,
    company_prefix: &str,
    serial: u64,
) -> Result<String, DocumentError> {
    if extension_digit > 9 {
        return Err(DocumentError::InvalidExtensionDigit {
            got: extension_digit,
        });
    }
    let prefix = valid_prefix(company_prefix)?;
    let digits = 16 - prefix.len();
    let serial_text = serial.to_string();
    if serial_text.len() > digits {
        return Err(DocumentError::SerialTooLarge { serial, digits });
    }
    let body = format!("{extension_digit}{prefix}{serial_text:0>digits$}");
    storedesk_barcode::sscc_from_body(&body).ok_or_else(|| DocumentError::InvalidCompanyPrefix {
        got: company_prefix.to_string(),
    })
}

/// The barcode value of a parcel: an SSCC built from `serial` when the store has a GS1 company prefix, else the
/// parcel number (`Parcel::number`, or `<work-order number>-<parcel_ref>` before the OMS has numbered it).
///
/// `serial` is the store's SSCC serial counter: the caller takes the next value and stores it, so that an SSCC
/// is never given to two parcels (GS1 asks for no reuse within a year). It is ignored without a prefix.
pub fn parcel_barcode(
    order: &WorkOrder,
    parcel_ref: &str,
    store: &StoreProfile,
    serial: u64,
) -> Result<ParcelBarcode, DocumentError> {
    let parcel = order
        .parcel(parcel_ref)
        .ok_or_else(|| DocumentError::ParcelNotOnOrder {
            parcel_ref: parcel_ref.to_string(),
            order: order.number.clone(),
        })?;
    match store
        .gs1_company_prefix
        .as_deref()
        .filter(|p| !p.trim().is_empty())
    {
        Some(prefix) => Ok(ParcelBarcode {
            kind: ParcelBarcodeKind::Sscc,
            value: sscc(store.sscc_extension_digit, prefix, serial)?,
        }),
        None => {
            let value = parcel_number(order, parcel);
            code128_b_input(&value)?;
            Ok(ParcelBarcode {
                kind: ParcelBarcodeKind::ParcelNumber,
                value,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sscc_matches_the_gs1_general_specifications_example() {
        // GS1 General Specifications, SSCC example "(00) 1 0614141 123456789 7": extension 1, company prefix
        // 0614141, serial reference 123456789. By hand: weights 3,1,3,… from the right over 10614141123456789
        // give 143, so the check digit is 7.
        assert_eq!(
            sscc(1, "0614141", 123_456_789).unwrap(),
            "106141411234567897"
        );
    }

    #[test]
    fn sscc_pads_the_serial_and_rejects_what_does_not_fit() {
        // 0 + 7-digit prefix + 9-digit serial 000000042 = 17 digits + check digit.
        let s = sscc(0, "0614141", 42).unwrap();
        assert_eq!(s.len(), 18);
        assert!(s.starts_with("00614141000000042"), "{s}");
        assert_eq!(
            storedesk_barcode::gs1_check_digit(&s[..17]),
            Some(s.as_bytes()[17] - b'0')
        );
        assert_eq!(
            sscc(0, "0614141", 1_000_000_000).unwrap_err(),
            DocumentError::SerialTooLarge {
                serial: 1_000_000_000,
                digits: 9
            }
        );
        assert!(sscc(0, "12345678901", 99_999).is_ok());
    }

    #[test]
    fn company_prefix_must_be_6_to_11_digits() {
        for bad in ["12345", "123456789012", "06141A1", ""] {
            let err = sscc(0, bad, 1).unwrap_err();
            assert!(err.to_string().contains("must be 6 to 11 digits"), "{err}");
        }
        assert_eq!(
            sscc(10, "0614141", 1).unwrap_err(),
            DocumentError::InvalidExtensionDigit { got: 10 }
        );
    }

    #[test]
    fn parcel_numbers_outside_ascii_are_refused_with_the_character() {
        let err = code128_b_input("PCL-ø").unwrap_err();
        assert!(err.to_string().contains("'ø'"), "{err}");
        assert!(code128_b_input("").is_err());
    }

    #[test]
    fn gs1_128_starts_with_start_c_and_fnc1() {
        let b = ParcelBarcode {
            kind: ParcelBarcodeKind::Sscc,
            value: "106141411234567897".into(),
        };
        let m = b.code128_modules().unwrap();
        let pattern = |bits: &[bool]| {
            bits.iter()
                .map(|&x| if x { '1' } else { '0' })
                .collect::<String>()
        };
        // Start C is 11010011100, FNC1 is 11110101110 (ISO/IEC 15417 table).
        assert_eq!(pattern(&m[..11]), "11010011100");
        assert_eq!(pattern(&m[11..22]), "11110101110");
        // start, FNC1, 10 digit pairs, check = 13 symbols of 11 modules, plus the 13-module stop.
        assert_eq!(m.len(), 13 * 11 + 13);
    }
}
