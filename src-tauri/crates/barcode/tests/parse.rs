//! Example-based tests of `parse` and the `Barcode` accessors, through the public API only.

use storedesk_barcode::{Barcode, BarcodeError, Gs1Element, Gs1Reason, MAX_INPUT_CHARS, parse};

const GS: char = '\u{1d}';

fn el(ai: &str, value: &str) -> Gs1Element {
    Gs1Element {
        ai: ai.into(),
        value: value.into(),
    }
}

fn gs1(elements: &[(&str, &str)]) -> Barcode {
    Barcode::Gs1_128 {
        elements: elements.iter().map(|(ai, v)| el(ai, v)).collect(),
    }
}

fn gs1_reason(input: &str) -> Gs1Reason {
    match parse(input) {
        Err(BarcodeError::Gs1 { reason }) => reason,
        other => panic!("{input:?}: expected a GS1 error, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Product barcodes

#[test]
fn real_ean13() {
    for digits in ["4006381333931", "9780201379624", "5901234123457"] {
        let b = parse(digits).unwrap();
        assert_eq!(
            b,
            Barcode::Ean13 {
                digits: digits.into()
            }
        );
        assert_eq!(b.gtin14(), Some(format!("0{digits}")));
    }
}

#[test]
fn real_upc_a() {
    let b = parse("036000291452").unwrap();
    assert_eq!(
        b,
        Barcode::UpcA {
            digits: "036000291452".into()
        }
    );
    assert_eq!(b.gtin14().as_deref(), Some("00036000291452"));
}

#[test]
fn real_ean8() {
    let b = parse("96385074").unwrap();
    assert_eq!(
        b,
        Barcode::Ean8 {
            digits: "96385074".into()
        }
    );
    assert_eq!(b.gtin14().as_deref(), Some("00000096385074"));
}

#[test]
fn gtin14_is_a_single_01_element() {
    let b = parse("09506000134352").unwrap();
    assert_eq!(b, gs1(&[("01", "09506000134352")]));
    assert_eq!(b.gtin14().as_deref(), Some("09506000134352"));
    assert_eq!(b.sscc(), None);
}

#[test]
fn sscc_is_a_single_00_element() {
    // 106141411234567897 is valid: check digit of 10614141123456789 is 7.
    let b = parse("106141411234567897").unwrap();
    assert_eq!(b, gs1(&[("00", "106141411234567897")]));
    assert_eq!(b.sscc(), Some("106141411234567897"));
    assert_eq!(b.gtin14(), None, "an SSCC is not a product");
}

#[test]
fn wrong_check_digits() {
    let cases = [
        ("4006381333932", 1, 2),
        ("9780201379625", 4, 5),
        ("036000291453", 2, 3),
        ("96385075", 4, 5),
        ("09506000134353", 2, 3),
        ("106141411234567898", 7, 8),
    ];
    for (code, expected, found) in cases {
        assert_eq!(
            parse(code),
            Err(BarcodeError::InvalidCheckDigit {
                code: code.into(),
                expected,
                found
            }),
            "{code}"
        );
    }
}

#[test]
fn unsupported_digit_counts() {
    for len in [1, 2, 5, 7, 9, 10, 11, 15, 17, 19, 30] {
        let digits = "4".repeat(len);
        assert_eq!(
            parse(&digits),
            Err(BarcodeError::UnsupportedLength { length: len }),
            "{digits}"
        );
    }
}

#[test]
fn scanner_suffixes_are_trimmed() {
    for input in [
        "4006381333931\r\n",
        "\t4006381333931\n",
        "  4006381333931  ",
        "4006381333931\r",
    ] {
        assert_eq!(
            parse(input),
            Ok(Barcode::Ean13 {
                digits: "4006381333931".into()
            })
        );
    }
}

#[test]
fn digits_typed_with_spaces_or_hyphens() {
    assert_eq!(
        parse("4 006381 333931").unwrap(),
        parse("4006381333931").unwrap()
    );
    assert_eq!(
        parse("978-0-201-37962-4").unwrap(),
        parse("9780201379624").unwrap()
    );
    assert_eq!(
        parse("0 36000 29145 2").unwrap(),
        parse("036000291452").unwrap()
    );
    assert_eq!(
        parse("4 006381 333932").unwrap_err().code(),
        "invalid_check_digit"
    );
    // Doubled or trailing separators are not the printed form.
    assert_eq!(
        parse("4  006381333931").unwrap_err().code(),
        "invalid_characters"
    );
    assert_eq!(
        parse("4006381333931-").unwrap_err().code(),
        "invalid_characters"
    );
}

#[test]
fn letters_in_a_product_number() {
    assert_eq!(
        parse("40063813339X1"),
        Err(BarcodeError::InvalidCharacters {
            found: 'X',
            position: 12
        })
    );
}

// ---------------------------------------------------------------------------------------------------------------
// AIM symbology identifiers

#[test]
fn non_gs1_symbology_identifiers_are_removed() {
    assert_eq!(
        parse("]E04006381333931").unwrap(),
        Barcode::Ean13 {
            digits: "4006381333931".into()
        }
    );
    assert_eq!(
        parse("]E496385074").unwrap(),
        Barcode::Ean8 {
            digits: "96385074".into()
        }
    );
    assert_eq!(
        parse("]I109506000134352").unwrap(),
        gs1(&[("01", "09506000134352")])
    );
    assert_eq!(
        parse("]C0PKG-000123").unwrap(),
        Barcode::OrderNumber {
            value: "PKG-000123".into()
        }
    );
    assert_eq!(
        parse("]C0"),
        Err(BarcodeError::Unrecognized {
            input: "]C0".into()
        })
    );
}

#[test]
fn position_counts_the_symbology_identifier() {
    assert_eq!(
        parse("]E040063813339X1"),
        Err(BarcodeError::InvalidCharacters {
            found: 'X',
            position: 15
        })
    );
}

#[test]
fn ean_with_add_on_drops_the_add_on() {
    let ean = Barcode::Ean13 {
        digits: "9780201379624".into(),
    };
    assert_eq!(parse("]E3978020137962451").unwrap(), ean);
    assert_eq!(parse("]E3978020137962490000").unwrap(), ean);
    assert_eq!(parse("]E39780201379624").unwrap(), ean);
    assert_eq!(
        parse("]E3978020137").unwrap_err().code(),
        "unsupported_length"
    );
    assert_eq!(
        parse("]E39780201379624X1").unwrap_err().code(),
        "invalid_characters"
    );
    assert_eq!(
        parse("]E3ABCDEFGHIJKLMNO").unwrap_err().code(),
        "unrecognized"
    );
}

// ---------------------------------------------------------------------------------------------------------------
// GS1

#[test]
fn gs1_raw_with_aim_prefix_and_fnc1() {
    let b = parse("]C1010950600013435210ABC123\u{1d}21XYZ").unwrap();
    assert_eq!(
        b,
        gs1(&[("01", "09506000134352"), ("10", "ABC123"), ("21", "XYZ")])
    );
    assert_eq!(b.gtin14().as_deref(), Some("09506000134352"));
    assert_eq!(b.batch(), Some("ABC123"));
    assert_eq!(b.serial(), Some("XYZ"));
    assert_eq!(b.sscc(), None);
}

#[test]
fn gs1_bracketed() {
    let b = parse("(01)09506000134352(10)ABC123(21)XYZ").unwrap();
    assert_eq!(
        b,
        gs1(&[("01", "09506000134352"), ("10", "ABC123"), ("21", "XYZ")])
    );
    assert_eq!(parse("]C1(01)09506000134352(10)ABC123(21)XYZ").unwrap(), b);
}

#[test]
fn gs1_bare_data_after_aim_prefix() {
    let b = parse("]C100106141411234567897").unwrap();
    assert_eq!(b, gs1(&[("00", "106141411234567897")]));
    assert_eq!(b.sscc(), Some("106141411234567897"));
}

#[test]
fn gs1_without_aim_prefix() {
    let expected = gs1(&[("01", "09506000134352"), ("10", "ABC123"), ("21", "XYZ")]);
    assert_eq!(
        parse("010950600013435210ABC123\u{1d}21XYZ").unwrap(),
        expected,
        "starts with (01)"
    );
    assert_eq!(
        parse("\u{1d}010950600013435210ABC123\u{1d}21XYZ").unwrap(),
        expected,
        "leading FNC1"
    );
    assert_eq!(
        parse("0109506000134352").unwrap(),
        gs1(&[("01", "09506000134352")])
    );
    assert_eq!(
        parse("10ABC\u{1d}21X").unwrap(),
        gs1(&[("10", "ABC"), ("21", "X")])
    );
}

#[test]
fn gs1_other_symbologies() {
    for prefix in ["]d2", "]Q3", "]e0", "]J1"] {
        let b = parse(&format!("{prefix}0109506000134352{GS}21SN1")).unwrap();
        assert_eq!(
            b,
            gs1(&[("01", "09506000134352"), ("21", "SN1")]),
            "{prefix}"
        );
    }
}

#[test]
fn gs1_all_supported_ais() {
    let input = "]C1\
                 00106141411234567897\
                 0109506000134352\
                 0209506000134352\
                 11260101\
                 13260102\
                 15280229\
                 17261200\
                 3103001250\
                 10LOT-42/A\u{1d}\
                 21SN.0001\u{1d}\
                 30123\u{1d}\
                 3712\u{1d}\
                 400PO 1";
    // Space is not in GS1's character set.
    assert_eq!(
        gs1_reason(input),
        Gs1Reason::InvalidCharacter {
            ai: "400".into(),
            found: ' '
        }
    );
    let b = parse(&input.replace("PO 1", "PO-1")).unwrap();
    let Barcode::Gs1_128 { elements } = &b else {
        panic!("{b:?}");
    };
    let ais: Vec<&str> = elements.iter().map(|e| e.ai.as_str()).collect();
    assert_eq!(
        ais,
        [
            "00", "01", "02", "11", "13", "15", "17", "3103", "10", "21", "30", "37", "400"
        ]
    );
    assert_eq!(b.element("3103"), Some("001250"));
    assert_eq!(b.element("400"), Some("PO-1"));
    assert_eq!(b.element("17"), Some("261200"));
    assert_eq!(b.batch(), Some("LOT-42/A"));
    assert_eq!(b.serial(), Some("SN.0001"));
    assert_eq!(b.sscc(), Some("106141411234567897"));
    assert_eq!(b.gtin14().as_deref(), Some("09506000134352"));
}

#[test]
fn gs1_unknown_ai() {
    assert_eq!(
        gs1_reason("]C19912345"),
        Gs1Reason::UnknownAi { ai: "99".into() }
    );
    assert_eq!(
        gs1_reason("(99)12345"),
        Gs1Reason::UnknownAi { ai: "99".into() }
    );
    assert_eq!(
        gs1_reason("]C1010950600013435224012345"),
        Gs1Reason::UnknownAi { ai: "240".into() }
    );
    let message = parse("(99)12345").unwrap_err().to_string();
    assert!(message.contains("\"99\""), "{message}");
}

#[test]
fn gs1_wrong_fixed_length() {
    assert_eq!(
        gs1_reason("]C101095060001343\u{1d}10A"),
        Gs1Reason::WrongLength {
            ai: "01".into(),
            expected: 14,
            found: 12
        }
    );
    assert_eq!(
        gs1_reason("(17)2612"),
        Gs1Reason::WrongLength {
            ai: "17".into(),
            expected: 6,
            found: 4
        }
    );
    assert_eq!(
        gs1_reason("(3103)1234567"),
        Gs1Reason::WrongLength {
            ai: "3103".into(),
            expected: 6,
            found: 7
        }
    );
}

#[test]
fn gs1_missing_separator() {
    // Without the GS after the batch, "21XYZ" is read as part of it, which makes it 24 characters.
    let reason = gs1_reason("]C1010950600013435210ABC123456789012345621XYZ");
    assert_eq!(
        reason,
        Gs1Reason::MissingSeparator {
            ai: "10".into(),
            max: 20
        }
    );
    assert!(reason.to_string().contains("separator"));
    assert_eq!(
        gs1_reason("]C137123456789"),
        Gs1Reason::MissingSeparator {
            ai: "37".into(),
            max: 8
        }
    );
}

#[test]
fn gs1_check_digits() {
    assert_eq!(
        gs1_reason("]C100106141411234567898"),
        Gs1Reason::CheckDigit {
            ai: "00".into(),
            expected: 7,
            found: 8
        }
    );
    assert_eq!(
        gs1_reason("(01)09506000134353"),
        Gs1Reason::CheckDigit {
            ai: "01".into(),
            expected: 2,
            found: 3
        }
    );
    assert_eq!(
        gs1_reason("(02)09506000134351"),
        Gs1Reason::CheckDigit {
            ai: "02".into(),
            expected: 2,
            found: 1
        }
    );
}

#[test]
fn gs1_dates() {
    assert!(parse("(17)261231").is_ok());
    assert!(parse("(15)280229").is_ok(), "leap year");
    assert_eq!(
        gs1_reason("(15)270229"),
        Gs1Reason::InvalidDate {
            ai: "15".into(),
            value: "270229".into()
        }
    );
    assert_eq!(gs1_reason("(11)261301").code(), "gs1_invalid_date");
    assert_eq!(gs1_reason("(13)260431").code(), "gs1_invalid_date");
}

#[test]
fn gs1_structure_errors() {
    assert_eq!(gs1_reason("]C1"), Gs1Reason::NoData);
    assert_eq!(gs1_reason("]C1\u{1d}"), Gs1Reason::NoData);
    assert_eq!(gs1_reason("(01"), Gs1Reason::BadBrackets);
    assert_eq!(
        gs1_reason("(01)09506000134352 x(10)A"),
        Gs1Reason::InvalidCharacter {
            ai: "01".into(),
            found: ' '
        }
    );
    assert_eq!(
        gs1_reason("(10)"),
        Gs1Reason::EmptyValue { ai: "10".into() }
    );
    assert_eq!(
        gs1_reason("(10)A(10)B"),
        Gs1Reason::DuplicateAi { ai: "10".into() }
    );
    assert_eq!(
        gs1_reason("(37)12A"),
        Gs1Reason::InvalidCharacter {
            ai: "37".into(),
            found: 'A'
        }
    );
    assert_eq!(gs1_reason("(10)ABC#").code(), "gs1_invalid_character");
    assert_eq!(
        gs1_reason("(400)1234567890123456789012345678901").code(),
        "gs1_value_too_long"
    );
}

#[test]
fn gs1_bracketed_as_typed() {
    let b = parse("(01) 09506000134352 (17) 261231 (10) AB12").unwrap();
    assert_eq!(
        b,
        gs1(&[("01", "09506000134352"), ("17", "261231"), ("10", "AB12")])
    );
}

// ---------------------------------------------------------------------------------------------------------------
// OMS numbers

#[test]
fn oms_numbers() {
    let cases = [
        (
            "PKG-000123",
            Barcode::OrderNumber {
                value: "PKG-000123".into(),
            },
        ),
        (
            "ORD-2026-000042",
            Barcode::OrderNumber {
                value: "ORD-2026-000042".into(),
            },
        ),
        (
            "PCL-000123-1",
            Barcode::ParcelNumber {
                value: "PCL-000123-1".into(),
            },
        ),
        (
            "PU-7K3Q9M",
            Barcode::PickupCode {
                value: "PU-7K3Q9M".into(),
            },
        ),
        (
            "TRF-000045",
            Barcode::TransferNumber {
                value: "TRF-000045".into(),
            },
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(parse(input).as_ref(), Ok(&expected), "{input}");
        assert_eq!(
            parse(&input.to_lowercase()).as_ref(),
            Ok(&expected),
            "{input} lower-case"
        );
        assert_eq!(
            parse(&format!(" {input}\r\n")).as_ref(),
            Ok(&expected),
            "{input} padded"
        );
        assert_eq!(expected.gtin14(), None);
        assert_eq!(expected.sscc(), None);
        assert_eq!(expected.batch(), None);
        assert_eq!(expected.serial(), None);
    }
    assert_eq!(
        parse("Pcl-000123-12").unwrap(),
        Barcode::ParcelNumber {
            value: "PCL-000123-12".into()
        }
    );
}

#[test]
fn malformed_oms_numbers() {
    let cases = [
        ("PKG-", "package number"),
        ("PKG-12A", "package number"),
        ("pkg-0001234567890", "package number"),
        ("ORD-26-000042", "order number"),
        ("ORD-2026000042", "order number"),
        ("ORD-2026-", "order number"),
        ("PCL-000123", "parcel number"),
        ("PCL-000123-", "parcel number"),
        ("PCL--1", "parcel number"),
        ("PU-7K3Q9", "pickup code"),
        ("PU-7K3Q9MM", "pickup code"),
        ("PU-7K3Q90", "pickup code"),
        ("PU-7K3Q9O", "pickup code"),
        ("PU-7K3Q91", "pickup code"),
        ("pu-7k3q9i", "pickup code"),
        ("TRF-00004X", "transfer number"),
    ];
    for (input, kind) in cases {
        match parse(input) {
            Err(BarcodeError::MalformedNumber {
                input: got_input,
                kind: got_kind,
                expected,
            }) => {
                assert_eq!(got_input, input.to_uppercase());
                assert_eq!(got_kind, kind, "{input}");
                assert!(expected.contains("e.g."), "{expected}");
            }
            other => panic!("{input:?}: {other:?}"),
        }
    }
    let message = parse("PU-7K3Q90").unwrap_err().to_string();
    assert!(message.contains("other than 0, O, 1 and I"), "{message}");
}

// ---------------------------------------------------------------------------------------------------------------
// General errors

#[test]
fn empty() {
    for input in ["", " ", "\r\n", "\t \n"] {
        assert_eq!(parse(input), Err(BarcodeError::Empty));
    }
}

#[test]
fn too_long() {
    let ok = "A".repeat(MAX_INPUT_CHARS);
    assert_eq!(parse(&ok).unwrap_err().code(), "unrecognized");
    let long = "A".repeat(MAX_INPUT_CHARS + 1);
    assert_eq!(
        parse(&long),
        Err(BarcodeError::TooLong {
            length: MAX_INPUT_CHARS + 1,
            max: MAX_INPUT_CHARS
        })
    );
    // Characters, not bytes.
    let wide = "é".repeat(MAX_INPUT_CHARS);
    assert_eq!(parse(&wide).unwrap_err().code(), "invalid_characters");
    // Surrounding whitespace does not count.
    let padded = format!("{}{}{}", " ".repeat(500), "4006381333931", "\n".repeat(500));
    assert!(parse(&padded).is_ok());
}

#[test]
fn invalid_characters() {
    // A scanner on the wrong keyboard layout (AZERTY) types "à&é\"'(" for "1234567890".
    assert_eq!(
        parse("à&é\"'(-è_çà"),
        Err(BarcodeError::InvalidCharacters {
            found: 'à',
            position: 1
        })
    );
    assert_eq!(
        parse("4006381\u{7}333931"),
        Err(BarcodeError::InvalidCharacters {
            found: '\u{7}',
            position: 8
        })
    );
    assert_eq!(
        parse("PKG-00０123"),
        Err(BarcodeError::InvalidCharacters {
            found: '０',
            position: 7
        })
    );
    assert_eq!(
        parse("4006381333931\0").unwrap_err().code(),
        "invalid_characters"
    );
}

#[test]
fn unrecognized() {
    for input in ["hello", "ABC-123", "PKG000123", "]", "]C", "-", "(", ")"] {
        match parse(input) {
            Err(BarcodeError::Unrecognized { input: got }) => assert_eq!(got, input),
            Err(BarcodeError::Gs1 { reason }) if input == "(" => {
                assert_eq!(reason, Gs1Reason::BadBrackets);
            }
            other => panic!("{input:?}: {other:?}"),
        }
    }
}

#[test]
fn error_codes_and_messages_for_real_inputs() {
    let cases = [
        ("", "empty"),
        ("4006381333932", "invalid_check_digit"),
        ("40063813339", "unsupported_length"),
        ("4006381é", "invalid_characters"),
        ("(99)1", "invalid_gs1"),
        ("PKG-X", "malformed_number"),
        ("hello", "unrecognized"),
    ];
    for (input, code) in cases {
        let e = parse(input).unwrap_err();
        assert_eq!(e.code(), code, "{input:?}");
        let message = e.to_string();
        assert!(!message.is_empty());
        assert!(
            message.contains("scan") || message.contains("type"),
            "{message}"
        );
    }
    assert_eq!(parse(&"1".repeat(300)).unwrap_err().code(), "too_long");
}

// ---------------------------------------------------------------------------------------------------------------
// Display and serde

#[test]
fn display_is_canonical_and_reparses() {
    let cases = [
        ("4006381333931", "4006381333931"),
        ("]E496385074", "96385074"),
        ("09506000134352", "(01)09506000134352"),
        (
            "]C1010950600013435210ABC123\u{1d}21XYZ",
            "(01)09506000134352(10)ABC123(21)XYZ",
        ),
        ("(10)A(B)C", "(10)A(B)C"),
        ("pu-7k3q9m", "PU-7K3Q9M"),
    ];
    for (input, shown) in cases {
        let b = parse(input).unwrap();
        assert_eq!(b.to_string(), shown);
        assert_eq!(parse(&b.to_string()).unwrap(), b);
    }
}

#[test]
fn serde_shape() {
    let b = parse("4006381333931").unwrap();
    assert_eq!(
        serde_json::to_string(&b).unwrap(),
        r#"{"kind":"ean13","digits":"4006381333931"}"#
    );
    let b = parse("036000291452").unwrap();
    assert_eq!(
        serde_json::to_string(&b).unwrap(),
        r#"{"kind":"upc_a","digits":"036000291452"}"#
    );
    let b = parse("106141411234567897").unwrap();
    let json = serde_json::to_string(&b).unwrap();
    assert_eq!(
        json,
        r#"{"kind":"gs1_128","elements":[{"ai":"00","value":"106141411234567897"}]}"#
    );
    assert_eq!(serde_json::from_str::<Barcode>(&json).unwrap(), b);
    let b = parse("PCL-000123-1").unwrap();
    assert_eq!(
        serde_json::to_string(&b).unwrap(),
        r#"{"kind":"parcel_number","value":"PCL-000123-1"}"#
    );
    for (input, kind) in [
        ("96385074", "ean8"),
        ("PKG-1", "order_number"),
        ("PU-7K3Q9M", "pickup_code"),
        ("TRF-1", "transfer_number"),
    ] {
        let json = serde_json::to_value(parse(input).unwrap()).unwrap();
        assert_eq!(json["kind"], kind);
    }
}
