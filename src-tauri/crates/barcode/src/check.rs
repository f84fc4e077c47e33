//! The GS1 mod-10 check digit and the GTIN helpers built on it.

/// Lengths of the GTIN family: GTIN-8 (EAN-8), GTIN-12 (UPC-A), GTIN-13 (EAN-13) and GTIN-14.
const GTIN_LENGTHS: [usize; 4] = [8, 12, 13, 14];

/// Computes the GS1 mod-10 check digit for `digits_without_check`.
///
/// Digits are weighted 3, 1, 3, 1, … starting from the rightmost one; the check digit brings the weighted sum
/// up to the next multiple of ten. This one algorithm covers GTIN-8/12/13/14, SSCC and the other GS1 keys.
///
/// Returns `None` if the body is empty or contains anything other than the ASCII digits `0`–`9`.
///
/// ```
/// assert_eq!(storedesk_barcode::gs1_check_digit("400638133393"), Some(1));
/// assert_eq!(storedesk_barcode::gs1_check_digit("40063813339X"), None);
/// ```
#[must_use]
pub fn gs1_check_digit(digits_without_check: &str) -> Option<u8> {
    if digits_without_check.is_empty() {
        return None;
    }
    let mut sum: u32 = 0;
    for (i, b) in digits_without_check.bytes().rev().enumerate() {
        if !b.is_ascii_digit() {
            return None;
        }
        let weight = if i % 2 == 0 { 3 } else { 1 };
        sum = (sum + u32::from(b - b'0') * weight) % 10;
    }
    // `sum` is in 0..10, so the result is in 0..10 and fits a u8.
    Some(((10 - sum) % 10) as u8)
}

/// Splits a code into its body and check digit, and returns `(expected, found)` check digits.
///
/// `None` if `code` is shorter than two characters or not all ASCII digits.
pub(crate) fn check_digits(code: &str) -> Option<(u8, u8)> {
    let (body, last) = code.split_at_checked(code.len().checked_sub(1)?)?;
    let found = last.bytes().next().filter(u8::is_ascii_digit)? - b'0';
    Some((gs1_check_digit(body)?, found))
}

/// Whether `code` is all ASCII digits and ends in its correct GS1 check digit (any length of two or more).
pub(crate) fn has_valid_check_digit(code: &str) -> bool {
    matches!(check_digits(code), Some((expected, found)) if expected == found)
}

/// Whether `code` is a GTIN: 8, 12, 13 or 14 ASCII digits with a valid check digit.
///
/// Surrounding whitespace is ignored, as in [`normalize_gtin`]; nothing else is (no spaces inside, no
/// parentheses, no symbology prefix).
///
/// ```
/// use storedesk_barcode::is_valid_gtin;
/// assert!(is_valid_gtin("4006381333931"));
/// assert!(!is_valid_gtin("4006381333932"));
/// ```
#[must_use]
pub fn is_valid_gtin(code: &str) -> bool {
    normalize_gtin(code).is_some()
}

/// Normalises any product code (GTIN-8, GTIN-12, GTIN-13 or GTIN-14: 8, 12, 13 or 14 digits with a valid check
/// digit) to its 14-digit GTIN-14 form by zero-padding on the left.
///
/// This is the form to compare a scan with an order line's barcodes: an EAN-13 `4006381333931` and a GTIN-14
/// `04006381333931` are the same product. Surrounding whitespace is ignored. Returns `None` for anything else,
/// including a code with a wrong check digit.
///
/// ```
/// use storedesk_barcode::normalize_gtin;
/// assert_eq!(normalize_gtin("036000291452").as_deref(), Some("00036000291452"));
/// assert_eq!(normalize_gtin("96385074").as_deref(), Some("00000096385074"));
/// assert_eq!(normalize_gtin("96385075"), None);
/// ```
#[must_use]
pub fn normalize_gtin(code: &str) -> Option<String> {
    let code = code.trim();
    if !GTIN_LENGTHS.contains(&code.len()) || !has_valid_check_digit(code) {
        return None;
    }
    Some(pad_gtin14(code))
}

/// Left-pads a GTIN of at most 14 digits with zeros to 14 digits.
pub(crate) fn pad_gtin14(gtin: &str) -> String {
    format!("{gtin:0>14}")
}

/// Builds a valid EAN-13 (GTIN-13) from its first 12 digits by appending the check digit.
///
/// Returns `None` unless `body12` is exactly 12 ASCII digits.
///
/// ```
/// assert_eq!(storedesk_barcode::ean13_from_body("400638133393").as_deref(), Some("4006381333931"));
/// ```
#[must_use]
pub fn ean13_from_body(body12: &str) -> Option<String> {
    with_check_digit(body12, 12)
}

/// Builds a valid SSCC (18 digits, Serial Shipping Container Code) from its first 17 digits by appending the
/// check digit.
///
/// Returns `None` unless `body17` is exactly 17 ASCII digits.
///
/// ```
/// assert_eq!(
///     storedesk_barcode::sscc_from_body("10614141123456789").as_deref(),
///     Some("106141411234567897"),
/// );
/// ```
#[must_use]
pub fn sscc_from_body(body17: &str) -> Option<String> {
    with_check_digit(body17, 17)
}

fn with_check_digit(body: &str, len: usize) -> Option<String> {
    if body.len() != len {
        return None;
    }
    let check = gs1_check_digit(body)?;
    Some(format!("{body}{check}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digit_of_known_codes() {
        assert_eq!(gs1_check_digit("400638133393"), Some(1));
        assert_eq!(gs1_check_digit("978020137962"), Some(4));
        assert_eq!(gs1_check_digit("03600029145"), Some(2));
        assert_eq!(gs1_check_digit("9638507"), Some(4));
        assert_eq!(gs1_check_digit("10614141123456789"), Some(7));
        assert_eq!(gs1_check_digit("0950600013435"), Some(2));
    }

    #[test]
    fn check_digit_edge_cases() {
        assert_eq!(gs1_check_digit(""), None);
        assert_eq!(gs1_check_digit("0"), Some(0));
        assert_eq!(gs1_check_digit("1"), Some(7));
        assert_eq!(gs1_check_digit("12a4"), None);
        assert_eq!(
            gs1_check_digit("１２"),
            None,
            "full-width digits are not digits"
        );
        assert_eq!(gs1_check_digit(" 12"), None);
        // Long input does not overflow.
        assert_eq!(gs1_check_digit(&"9".repeat(10_000)), Some(0));
    }

    #[test]
    fn check_digits_splits() {
        assert_eq!(check_digits("4006381333931"), Some((1, 1)));
        assert_eq!(check_digits("4006381333932"), Some((1, 2)));
        assert_eq!(check_digits("4"), None);
        assert_eq!(check_digits(""), None);
        assert_eq!(check_digits("400638133393X"), None);
        assert_eq!(check_digits("é"), None, "multi-byte input must not panic");
    }

    #[test]
    fn gtin_validation() {
        for ok in [
            "4006381333931",
            "9780201379624",
            "036000291452",
            "96385074",
            "09506000134352",
        ] {
            assert!(is_valid_gtin(ok), "{ok}");
        }
        for bad in [
            "4006381333932",
            "",
            "1",
            "123456789",
            "106141411234567897",
            "40063813339３1",
        ] {
            assert!(!is_valid_gtin(bad), "{bad}");
        }
        assert!(is_valid_gtin(" 4006381333931\r\n"));
    }

    #[test]
    fn normalize_pads_to_14() {
        assert_eq!(
            normalize_gtin("4006381333931").as_deref(),
            Some("04006381333931")
        );
        assert_eq!(
            normalize_gtin("036000291452").as_deref(),
            Some("00036000291452")
        );
        assert_eq!(
            normalize_gtin("96385074").as_deref(),
            Some("00000096385074")
        );
        assert_eq!(
            normalize_gtin("09506000134352").as_deref(),
            Some("09506000134352")
        );
        assert_eq!(normalize_gtin("4006381333930"), None);
    }

    #[test]
    fn builders() {
        assert_eq!(
            ean13_from_body("978020137962").as_deref(),
            Some("9780201379624")
        );
        assert_eq!(ean13_from_body("97802013796"), None);
        assert_eq!(ean13_from_body("9780201379624"), None);
        assert_eq!(ean13_from_body("97802013796x"), None);
        assert_eq!(
            sscc_from_body("10614141123456789").as_deref(),
            Some("106141411234567897")
        );
        assert_eq!(sscc_from_body("1061414112345678"), None);
        assert_eq!(sscc_from_body("1061414112345678é"), None);
    }
}
