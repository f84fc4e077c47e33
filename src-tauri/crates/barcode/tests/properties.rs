//! Property tests: generated valid codes parse and round-trip, corrupted ones are rejected, and nothing panics.

use proptest::prelude::*;
use storedesk_barcode::{
    Barcode, BarcodeError, Gs1Element, ean13_from_body, gs1_check_digit, is_valid_gtin,
    normalize_gtin, parse, sscc_from_body,
};

const GS: char = '\u{1d}';

/// A valid EAN-13, built from a random 12-digit body.
fn ean13() -> impl Strategy<Value = String> {
    "[0-9]{12}".prop_map(|body| ean13_from_body(&body).expect("12 digits"))
}

/// A valid GTIN of any of the four lengths.
fn gtin() -> impl Strategy<Value = String> {
    prop_oneof![Just(7usize), Just(11), Just(12), Just(13)].prop_flat_map(|body_len| {
        proptest::string::string_regex(&format!("[0-9]{{{body_len}}}"))
            .expect("valid regex")
            .prop_map(|body| {
                let check = gs1_check_digit(&body).expect("digits");
                format!("{body}{check}")
            })
    })
}

/// A valid date YYMMDD (days 01–28 are valid in every month).
fn date() -> impl Strategy<Value = String> {
    (0u32..100, 1u32..=12, 0u32..=28).prop_map(|(y, m, d)| format!("{y:02}{m:02}{d:02}"))
}

/// GS1's 82-character set, which may include brackets.
const CSET82: &str = "[A-Za-z0-9!\"%&'()*+,./:;<=>?_-]";

/// A list of valid GS1 elements with distinct AIs, in a random order.
fn gs1_elements() -> impl Strategy<Value = Vec<Gs1Element>> {
    let gtin14 = "[0-9]{13}".prop_map(|b| format!("{b}{}", gs1_check_digit(&b).expect("digits")));
    let sscc = "[0-9]{17}".prop_map(|b| sscc_from_body(&b).expect("17 digits"));
    let text = |max: usize| {
        proptest::string::string_regex(&format!("{CSET82}{{1,{max}}}")).expect("valid regex")
    };
    (
        proptest::option::of(sscc),
        proptest::option::of(gtin14),
        proptest::option::of(text(20)),
        proptest::option::of(date()),
        proptest::option::of(text(20)),
        proptest::option::of("[0-9]{1,8}"),
        proptest::option::of(text(30)),
        proptest::option::of("[0-9]{6}"),
    )
        .prop_map(
            |(sscc, gtin, batch, expiry, serial, count, order, weight)| {
                [
                    ("00", sscc),
                    ("01", gtin),
                    ("10", batch),
                    ("17", expiry),
                    ("21", serial),
                    ("37", count),
                    ("400", order),
                    ("3103", weight),
                ]
                .into_iter()
                .filter_map(|(ai, value)| {
                    value.map(|value| Gs1Element {
                        ai: ai.into(),
                        value,
                    })
                })
                .collect::<Vec<_>>()
            },
        )
        .prop_filter("at least one element", |elements| !elements.is_empty())
        .prop_shuffle()
}

/// The raw element string, GS after each variable-length value that is not last.
fn element_string(elements: &[Gs1Element]) -> String {
    let mut out = String::new();
    for (i, e) in elements.iter().enumerate() {
        out.push_str(&e.ai);
        out.push_str(&e.value);
        let variable = matches!(e.ai.as_str(), "10" | "21" | "37" | "400");
        if variable && i + 1 < elements.len() {
            out.push(GS);
        }
    }
    out
}

/// Strings shaped like scanner output, to reach deep into the parser more often than arbitrary text does.
fn scanner_like() -> impl Strategy<Value = String> {
    let prefix = prop_oneof![
        Just(""),
        Just("]C1"),
        Just("]E0"),
        Just("]E3"),
        Just("]d2"),
        Just("("),
        Just("\u{1d}"),
        Just("PKG-"),
        Just("ORD-2026-"),
        Just("PCL-"),
        Just("pu-"),
        Just("TRF-"),
    ];
    (prefix, "[0-9A-Za-z()\u{1d} -]{0,48}").prop_map(|(p, body)| format!("{p}{body}"))
}

/// Parses, checks that errors render and that a success reads back from its `Display`.
fn check_total(input: &str) -> Result<(), TestCaseError> {
    match parse(input) {
        Ok(barcode) => {
            // A value holding a bracketed AI, e.g. batch "A(21)B", is ambiguous in the bracketed form.
            let ambiguous = matches!(&barcode, Barcode::Gs1_128 { elements } if elements.iter().any(|e| e.value.contains('(')));
            if !ambiguous {
                prop_assert_eq!(
                    parse(&barcode.to_string()),
                    Ok(barcode.clone()),
                    "{:?}",
                    input
                );
            }
            if let Some(gtin) = barcode.gtin14() {
                prop_assert_eq!(normalize_gtin(&gtin), Some(gtin.clone()));
            }
        }
        Err(e) => {
            prop_assert!(!e.to_string().is_empty());
            prop_assert!(!e.code().is_empty());
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn generated_ean13_parses_and_round_trips(ean in ean13()) {
        let barcode = parse(&ean).unwrap();
        prop_assert_eq!(&barcode, &Barcode::Ean13 { digits: ean.clone() });
        prop_assert_eq!(barcode.to_string(), ean.clone());
        prop_assert_eq!(parse(&barcode.to_string()).unwrap(), barcode.clone());
        let json = serde_json::to_string(&barcode).unwrap();
        prop_assert_eq!(serde_json::from_str::<Barcode>(&json).unwrap(), barcode.clone());
        prop_assert_eq!(barcode.gtin14(), Some(format!("0{ean}")));
        prop_assert_eq!(normalize_gtin(&ean), barcode.gtin14());
        prop_assert!(is_valid_gtin(&ean));
        prop_assert_eq!(parse(&format!("{ean}\r\n")).unwrap(), barcode);
    }

    #[test]
    fn single_digit_change_of_ean13_is_rejected(ean in ean13(), pos in 0usize..13, delta in 1u8..=9) {
        let mut bytes = ean.clone().into_bytes();
        bytes[pos] = b'0' + (bytes[pos] - b'0' + delta) % 10;
        let changed = String::from_utf8(bytes).unwrap();
        let expected = gs1_check_digit(&changed[..12]).unwrap();
        let found = changed.as_bytes()[12] - b'0';
        prop_assert_ne!(expected, found);
        prop_assert_eq!(
            parse(&changed),
            Err(BarcodeError::InvalidCheckDigit { code: changed.clone(), expected, found })
        );
        prop_assert!(!is_valid_gtin(&changed));
        prop_assert_eq!(normalize_gtin(&changed), None);
    }

    #[test]
    fn every_gtin_normalises_like_its_parse(code in gtin()) {
        prop_assert!(is_valid_gtin(&code));
        let gtin14 = normalize_gtin(&code).unwrap();
        prop_assert_eq!(gtin14.len(), 14);
        prop_assert!(gtin14.ends_with(code.as_str()));
        prop_assert_eq!(parse(&code).unwrap().gtin14(), Some(gtin14));
    }

    #[test]
    fn only_the_computed_check_digit_completes_a_gtin(
        body_len in prop_oneof![Just(7usize), Just(11), Just(12), Just(13)],
        digits in "[0-9]{13}",
    ) {
        let body = &digits[..body_len];
        let check = gs1_check_digit(body).unwrap();
        prop_assert!(check < 10);
        for d in 0..10u8 {
            prop_assert_eq!(is_valid_gtin(&format!("{body}{d}")), d == check, "{}{}", body, d);
        }
    }

    #[test]
    fn generated_sscc_parses(body in "[0-9]{17}") {
        let sscc = sscc_from_body(&body).unwrap();
        let barcode = parse(&sscc).unwrap();
        prop_assert_eq!(barcode.sscc(), Some(sscc.as_str()));
        prop_assert_eq!(barcode.gtin14(), None);
        prop_assert_eq!(parse(&format!("]C100{sscc}")).unwrap(), barcode.clone());
        prop_assert_eq!(parse(&format!("(00){sscc}")).unwrap(), barcode);
    }

    #[test]
    fn gs1_elements_parse_in_both_forms(elements in gs1_elements()) {
        let expected = Barcode::Gs1_128 { elements: elements.clone() };
        let raw = element_string(&elements);
        prop_assert_eq!(parse(&format!("]C1{raw}")), Ok(expected.clone()), "raw {:?}", raw);
        prop_assert_eq!(parse(&format!("]C1{raw}{GS}")), Ok(expected.clone()), "trailing GS");
        let bracketed: String = elements.iter().map(ToString::to_string).collect();
        let ambiguous = elements.iter().any(|e| e.value.contains('('));
        if !ambiguous {
            prop_assert_eq!(parse(&bracketed), Ok(expected), "bracketed {:?}", bracketed);
        }
    }

    #[test]
    fn pickup_codes_parse_case_insensitively(code in "[2-9A-HJ-NP-Z]{6}", lower in any::<bool>()) {
        let typed = if lower { format!("pu-{}", code.to_lowercase()) } else { format!("PU-{code}") };
        prop_assert_eq!(parse(&typed), Ok(Barcode::PickupCode { value: format!("PU-{code}") }));
    }

    #[test]
    fn parse_never_panics_on_strings(input in any::<String>()) {
        check_total(&input)?;
    }

    #[test]
    fn parse_never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        check_total(&String::from_utf8_lossy(&bytes))?;
    }

    #[test]
    fn parse_never_panics_on_scanner_like_input(input in scanner_like()) {
        check_total(&input)?;
    }
}
