//! The plain OMS numbers printed on packing slips, parcel labels, pickup notices and transfer papers.

use crate::{Barcode, BarcodeError};

/// The most digits accepted in a sequence number (`PKG-`, `TRF-`, `ORD-YYYY-`, `PCL-`).
const MAX_SEQ_DIGITS: usize = 12;
/// The most digits accepted in a parcel's index within its package (`PCL-000123-1`).
const MAX_PARCEL_INDEX_DIGITS: usize = 3;
/// Length of the code part of a pickup code.
const PICKUP_CODE_LEN: usize = 6;

/// The 32 characters of a pickup code: `A`–`Z` and `0`–`9` without the look-alikes `0`, `O`, `1` and `I`.
pub(crate) const PICKUP_ALPHABET: &str = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// One kind of OMS number: its prefix (with the hyphen), what a clerk calls it, and its expected shape.
struct Kind {
    prefix: &'static str,
    name: &'static str,
    expected: &'static str,
    is_valid_rest: fn(&str) -> bool,
    build: fn(String) -> Barcode,
}

const KINDS: &[Kind] = &[
    Kind {
        prefix: "PKG-",
        name: "package number",
        expected: "PKG- followed by digits, e.g. PKG-000123",
        is_valid_rest: is_seq,
        build: |value| Barcode::OrderNumber { value },
    },
    Kind {
        prefix: "ORD-",
        name: "order number",
        expected: "ORD-, a 4-digit year, - and digits, e.g. ORD-2026-000042",
        is_valid_rest: is_order_rest,
        build: |value| Barcode::OrderNumber { value },
    },
    Kind {
        prefix: "PCL-",
        name: "parcel number",
        expected: "PCL-, digits, - and the parcel's number, e.g. PCL-000123-1",
        is_valid_rest: is_parcel_rest,
        build: |value| Barcode::ParcelNumber { value },
    },
    Kind {
        prefix: "PU-",
        name: "pickup code",
        expected: "PU- followed by 6 letters or digits other than 0, O, 1 and I, e.g. PU-7K3Q9M",
        is_valid_rest: is_pickup_rest,
        build: |value| Barcode::PickupCode { value },
    },
    Kind {
        prefix: "TRF-",
        name: "transfer number",
        expected: "TRF- followed by digits, e.g. TRF-000045",
        is_valid_rest: is_seq,
        build: |value| Barcode::TransferNumber { value },
    },
];

fn is_digits(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_seq(rest: &str) -> bool {
    is_digits(rest, 1, MAX_SEQ_DIGITS)
}

fn is_order_rest(rest: &str) -> bool {
    matches!(rest.split_once('-'), Some((year, seq)) if is_digits(year, 4, 4) && is_seq(seq))
}

fn is_parcel_rest(rest: &str) -> bool {
    matches!(
        rest.split_once('-'),
        Some((seq, index)) if is_seq(seq) && is_digits(index, 1, MAX_PARCEL_INDEX_DIGITS)
    )
}

fn is_pickup_rest(rest: &str) -> bool {
    rest.len() == PICKUP_CODE_LEN && rest.chars().all(|c| PICKUP_ALPHABET.contains(c))
}

/// Parses an OMS number, case-insensitively. `None` if `input` starts with none of the known prefixes;
/// [`BarcodeError::MalformedNumber`] if it starts with one but the rest has the wrong shape.
pub(crate) fn parse(input: &str) -> Option<Result<Barcode, BarcodeError>> {
    let upper = input.to_ascii_uppercase();
    let kind = KINDS.iter().find(|k| upper.starts_with(k.prefix))?;
    let rest = &upper[kind.prefix.len()..];
    if (kind.is_valid_rest)(rest) {
        Some(Ok((kind.build)(upper)))
    } else {
        Some(Err(BarcodeError::MalformedNumber {
            input: upper,
            kind: kind.name.to_string(),
            expected: kind.expected.to_string(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pickup_alphabet_has_no_look_alikes() {
        assert_eq!(PICKUP_ALPHABET.len(), 32);
        for c in ['0', 'O', '1', 'I'] {
            assert!(!PICKUP_ALPHABET.contains(c));
        }
    }

    #[test]
    fn shapes() {
        assert!(is_seq("000123"));
        assert!(is_seq("1"));
        assert!(!is_seq(""));
        assert!(!is_seq("1234567890123"));
        assert!(is_order_rest("2026-000042"));
        assert!(!is_order_rest("26-000042"));
        assert!(!is_order_rest("2026-"));
        assert!(!is_order_rest("2026000042"));
        assert!(is_parcel_rest("000123-1"));
        assert!(is_parcel_rest("000123-12"));
        assert!(!is_parcel_rest("000123-"));
        assert!(!is_parcel_rest("000123-1234"));
        assert!(!is_parcel_rest("000123"));
        assert!(is_pickup_rest("7K3Q9M"));
        assert!(!is_pickup_rest("7K3Q9O"));
        assert!(!is_pickup_rest("7K3Q9"));
        assert!(!is_pickup_rest("7k3q9m"), "upper-cased before this check");
    }

    #[test]
    fn unknown_prefix_is_none() {
        assert!(parse("ABC-123").is_none());
        assert!(parse("PKG000123").is_none());
        assert!(parse("").is_none());
    }
}
