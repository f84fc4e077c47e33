//! GS1 element strings: the application identifiers (AIs) the store knows and the two ways their data arrives —
//! the raw element string with FNC1 sent as ASCII 29 (GS), and the human-readable bracketed form.

use crate::check::check_digits;
use crate::{Gs1Element, Gs1Reason};

/// The FNC1 field separator as a keyboard-wedge scanner sends it: ASCII 29, "group separator".
pub(crate) const GS: char = '\u{1d}';

/// How an AI's value looks.
#[derive(Debug, Clone, Copy)]
enum Format {
    /// Exactly `len` digits, the last a GS1 check digit (GTIN, SSCC).
    CheckedDigits { len: usize },
    /// Exactly `len` digits.
    Digits { len: usize },
    /// A date YYMMDD; DD may be `00` (meaning the end of the month).
    Date,
    /// One to `max` digits; terminated by a separator unless last.
    VarDigits { max: usize },
    /// One to `max` characters of GS1's 82-character set; terminated by a separator unless last.
    VarText { max: usize },
}

impl Format {
    /// The length of a predefined-length field, which needs no separator after it.
    fn fixed_len(self) -> Option<usize> {
        match self {
            Format::CheckedDigits { len } | Format::Digits { len } => Some(len),
            Format::Date => Some(6),
            Format::VarDigits { .. } | Format::VarText { .. } => None,
        }
    }

    fn max_len(self) -> usize {
        match self {
            Format::VarDigits { max } | Format::VarText { max } => max,
            fixed => fixed.fixed_len().unwrap_or(0),
        }
    }
}

struct AiSpec {
    ai: &'static str,
    title: &'static str,
    format: Format,
}

/// The AIs the store understands. No AI is a prefix of another, as in the GS1 table, so the raw form can be
/// split by prefix.
#[rustfmt::skip]
const AIS: &[AiSpec] = &[
    AiSpec { ai: "00", title: "SSCC", format: Format::CheckedDigits { len: 18 } },
    AiSpec { ai: "01", title: "GTIN", format: Format::CheckedDigits { len: 14 } },
    AiSpec { ai: "02", title: "contained GTIN", format: Format::CheckedDigits { len: 14 } },
    AiSpec { ai: "10", title: "batch/lot", format: Format::VarText { max: 20 } },
    AiSpec { ai: "11", title: "production date", format: Format::Date },
    AiSpec { ai: "13", title: "packaging date", format: Format::Date },
    AiSpec { ai: "15", title: "best before date", format: Format::Date },
    AiSpec { ai: "17", title: "expiry date", format: Format::Date },
    AiSpec { ai: "21", title: "serial number", format: Format::VarText { max: 20 } },
    AiSpec { ai: "30", title: "variable count", format: Format::VarDigits { max: 8 } },
    AiSpec { ai: "37", title: "count of trade items", format: Format::VarDigits { max: 8 } },
    AiSpec { ai: "400", title: "customer's order number", format: Format::VarText { max: 30 } },
    AiSpec { ai: "3100", title: "net weight (kg)", format: Format::Digits { len: 6 } },
    AiSpec { ai: "3101", title: "net weight (kg)", format: Format::Digits { len: 6 } },
    AiSpec { ai: "3102", title: "net weight (kg)", format: Format::Digits { len: 6 } },
    AiSpec { ai: "3103", title: "net weight (kg)", format: Format::Digits { len: 6 } },
    AiSpec { ai: "3104", title: "net weight (kg)", format: Format::Digits { len: 6 } },
    AiSpec { ai: "3105", title: "net weight (kg)", format: Format::Digits { len: 6 } },
];

/// The human name of a known AI, e.g. `"SSCC"` for `"00"`.
pub(crate) fn ai_title(ai: &str) -> Option<&'static str> {
    AIS.iter().find(|s| s.ai == ai).map(|s| s.title)
}

/// The length of the AI at the start of `data`, as GS1 fixes it by the AI's first two digits. Only used to quote
/// an unknown AI in an error, so an approximation for unassigned ranges is fine.
fn guessed_ai_len(data: &str) -> usize {
    let len = match data.as_bytes() {
        [a, b, ..] if a.is_ascii_digit() && b.is_ascii_digit() => {
            match (a - b'0') * 10 + (b - b'0') {
                23..=25 | 40..=42 | 71 => 3,
                31..=36 | 39 | 43 | 70 | 72 | 80..=82 => 4,
                _ => 2,
            }
        }
        _ => 2,
    };
    // Stop at a separator or bracket; `data` is ASCII here, but stay on a char boundary regardless.
    let end = data
        .char_indices()
        .take(len)
        .take_while(|&(_, c)| c.is_ascii_digit())
        .last()
        .map_or(0, |(i, c)| i + c.len_utf8());
    end.max(data.chars().next().map_or(0, char::len_utf8))
}

/// GS1's 82-character set ("CSET 82"), allowed in alphanumeric AIs.
fn is_cset82(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!\"%&'()*+,-./:;<=>?_".contains(c)
}

fn is_valid_date(yymmdd: &[u8]) -> bool {
    let [y1, y2, m1, m2, d1, d2] = yymmdd else {
        return false;
    };
    if !yymmdd.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let num = |a: u8, b: u8| u32::from(a - b'0') * 10 + u32::from(b - b'0');
    let (year, month, day) = (num(*y1, *y2), num(*m1, *m2), num(*d1, *d2));
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        // GS1 resolves the century by a sliding window; every YY divisible by 4 is a leap year in the window
        // except 2100, too far out to matter.
        2 if year % 4 == 0 => 29,
        2 => 28,
        _ => return false,
    };
    day <= days_in_month
}

/// Checks `value` against `spec`, the length included.
fn validate(spec: &AiSpec, value: &str) -> Result<(), Gs1Reason> {
    let ai = || spec.ai.to_string();
    if value.is_empty() {
        return Err(Gs1Reason::EmptyValue { ai: ai() });
    }
    let numeric = !matches!(spec.format, Format::VarText { .. });
    let bad_char = value.chars().find(|&c| {
        if numeric {
            !c.is_ascii_digit()
        } else {
            !is_cset82(c)
        }
    });
    if let Some(found) = bad_char {
        return Err(Gs1Reason::InvalidCharacter { ai: ai(), found });
    }
    let len = value.len();
    match spec.format.fixed_len() {
        Some(expected) if len != expected => {
            return Err(Gs1Reason::WrongLength {
                ai: ai(),
                expected,
                found: len,
            });
        }
        None if len > spec.format.max_len() => {
            return Err(Gs1Reason::ValueTooLong {
                ai: ai(),
                max: spec.format.max_len(),
                found: len,
            });
        }
        _ => {}
    }
    match spec.format {
        Format::CheckedDigits { .. } => match check_digits(value) {
            Some((expected, found)) if expected != found => Err(Gs1Reason::CheckDigit {
                ai: ai(),
                expected,
                found,
            }),
            _ => Ok(()),
        },
        Format::Date if !is_valid_date(value.as_bytes()) => Err(Gs1Reason::InvalidDate {
            ai: ai(),
            value: value.to_string(),
        }),
        _ => Ok(()),
    }
}

/// Appends an element, rejecting a repeated AI with a different value (an identical repeat is dropped).
fn push(elements: &mut Vec<Gs1Element>, spec: &AiSpec, value: &str) -> Result<(), Gs1Reason> {
    match elements.iter().find(|e| e.ai == spec.ai) {
        Some(existing) if existing.value == value => Ok(()),
        Some(_) => Err(Gs1Reason::DuplicateAi {
            ai: spec.ai.to_string(),
        }),
        None => {
            elements.push(Gs1Element {
                ai: spec.ai.to_string(),
                value: value.to_string(),
            });
            Ok(())
        }
    }
}

/// Parses a raw GS1 element string: AIs and values run together, each variable-length value ended by a GS
/// (FNC1) unless it is the last. Stray separators (leading, doubled, after a fixed-length field, trailing) are
/// tolerated, as scanners differ there.
pub(crate) fn parse_element_string(data: &str) -> Result<Vec<Gs1Element>, Gs1Reason> {
    let mut elements = Vec::new();
    let mut rest = data;
    loop {
        rest = rest.trim_start_matches(GS);
        if rest.is_empty() {
            break;
        }
        let Some(spec) = AIS.iter().find(|s| rest.starts_with(s.ai)) else {
            let len = guessed_ai_len(rest);
            return Err(Gs1Reason::UnknownAi {
                ai: rest[..len].to_string(),
            });
        };
        rest = &rest[spec.ai.len()..];
        let field_end = rest.find(GS).unwrap_or(rest.len());
        let value = match spec.format.fixed_len() {
            // A predefined-length field ends after its length, separator or not; one cut short is reported by
            // `validate`.
            Some(len) if field_end >= len && rest.is_char_boundary(len) => &rest[..len],
            None if field_end > spec.format.max_len() => {
                return Err(Gs1Reason::MissingSeparator {
                    ai: spec.ai.to_string(),
                    max: spec.format.max_len(),
                });
            }
            _ => &rest[..field_end],
        };
        validate(spec, value)?;
        push(&mut elements, spec, value)?;
        rest = &rest[value.len()..];
    }
    if elements.is_empty() {
        return Err(Gs1Reason::NoData);
    }
    Ok(elements)
}

/// Whether `s` starts with `(`, two to four digits and `)`, spaces allowed inside the brackets.
fn starts_with_bracketed_ai(s: &str) -> bool {
    let Some((inside, _)) = s.strip_prefix('(').and_then(|s| s.split_once(')')) else {
        return false;
    };
    let inside = inside.trim_matches(' ');
    (2..=4).contains(&inside.len()) && inside.bytes().all(|b| b.is_ascii_digit())
}

/// Parses the human-readable form, `(01)09506000134352(10)ABC123`. Spaces around AIs and values are ignored
/// (GS1's character set has no space), so a clerk may type it as printed under the bars.
pub(crate) fn parse_bracketed(data: &str) -> Result<Vec<Gs1Element>, Gs1Reason> {
    let mut elements = Vec::new();
    let mut rest = data.trim_start_matches(' ');
    while !rest.is_empty() {
        let Some(after_open) = rest.strip_prefix('(') else {
            return Err(Gs1Reason::BadBrackets);
        };
        let Some((ai, after_close)) = after_open.split_once(')') else {
            return Err(Gs1Reason::BadBrackets);
        };
        let ai = ai.trim_matches(' ');
        if ai.is_empty() || !ai.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Gs1Reason::BadBrackets);
        }
        let Some(spec) = AIS.iter().find(|s| s.ai == ai) else {
            return Err(Gs1Reason::UnknownAi { ai: ai.to_string() });
        };
        // GS1's character set includes brackets, so a value ends only where a bracketed AI begins.
        let value_end = after_close
            .match_indices('(')
            .map(|(i, _)| i)
            .find(|&i| starts_with_bracketed_ai(&after_close[i..]))
            .unwrap_or(after_close.len());
        let value = after_close[..value_end].trim_matches(' ');
        validate(spec, value)?;
        push(&mut elements, spec, value)?;
        rest = &after_close[value_end..];
    }
    if elements.is_empty() {
        return Err(Gs1Reason::NoData);
    }
    Ok(elements)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn el(ai: &str, value: &str) -> Gs1Element {
        Gs1Element {
            ai: ai.into(),
            value: value.into(),
        }
    }

    #[test]
    fn ai_table_is_prefix_free() {
        for a in AIS {
            for b in AIS {
                if a.ai != b.ai {
                    assert!(!b.ai.starts_with(a.ai), "{} is a prefix of {}", a.ai, b.ai);
                }
            }
        }
    }

    #[test]
    fn element_string_fixed_then_variable() {
        let got = parse_element_string("0109506000134352\u{1d}10ABC123\u{1d}21XYZ").unwrap();
        assert_eq!(
            got,
            vec![
                el("01", "09506000134352"),
                el("10", "ABC123"),
                el("21", "XYZ")
            ]
        );
        // No separator is needed after a fixed-length field.
        let got = parse_element_string("010950600013435217261231").unwrap();
        assert_eq!(got, vec![el("01", "09506000134352"), el("17", "261231")]);
    }

    #[test]
    fn element_string_tolerates_stray_separators() {
        let got = parse_element_string("\u{1d}0109506000134352\u{1d}\u{1d}10AB\u{1d}").unwrap();
        assert_eq!(got, vec![el("01", "09506000134352"), el("10", "AB")]);
    }

    #[test]
    fn element_string_errors() {
        assert_eq!(parse_element_string(""), Err(Gs1Reason::NoData));
        assert_eq!(parse_element_string("\u{1d}"), Err(Gs1Reason::NoData));
        assert_eq!(
            parse_element_string("99ABC"),
            Err(Gs1Reason::UnknownAi { ai: "99".into() })
        );
        assert_eq!(
            parse_element_string("3109123456"),
            Err(Gs1Reason::UnknownAi { ai: "3109".into() })
        );
        assert_eq!(
            parse_element_string("AB"),
            Err(Gs1Reason::UnknownAi { ai: "A".into() })
        );
        assert_eq!(
            parse_element_string("01095060001343"),
            Err(Gs1Reason::WrongLength {
                ai: "01".into(),
                expected: 14,
                found: 12
            })
        );
        assert_eq!(
            parse_element_string("0109506000134353"),
            Err(Gs1Reason::CheckDigit {
                ai: "01".into(),
                expected: 2,
                found: 3
            })
        );
        assert_eq!(
            parse_element_string("10ABCDEFGHIJKLMNOPQRSTU"),
            Err(Gs1Reason::MissingSeparator {
                ai: "10".into(),
                max: 20
            })
        );
        assert_eq!(
            parse_element_string("10\u{1d}21X"),
            Err(Gs1Reason::EmptyValue { ai: "10".into() })
        );
        assert_eq!(
            parse_element_string("10AB CD"),
            Err(Gs1Reason::InvalidCharacter {
                ai: "10".into(),
                found: ' '
            })
        );
        assert_eq!(
            parse_element_string("371X"),
            Err(Gs1Reason::InvalidCharacter {
                ai: "37".into(),
                found: 'X'
            })
        );
        assert_eq!(
            parse_element_string("17261301"),
            Err(Gs1Reason::InvalidDate {
                ai: "17".into(),
                value: "261301".into()
            })
        );
        assert_eq!(
            parse_element_string("10A\u{1d}10B"),
            Err(Gs1Reason::DuplicateAi { ai: "10".into() })
        );
        assert_eq!(
            parse_element_string("10A\u{1d}10A"),
            Ok(vec![el("10", "A")])
        );
    }

    #[test]
    fn bracketed() {
        let got = parse_bracketed("(01)09506000134352(10)ABC123(21)XYZ").unwrap();
        assert_eq!(
            got,
            vec![
                el("01", "09506000134352"),
                el("10", "ABC123"),
                el("21", "XYZ")
            ]
        );
        // Brackets are part of GS1's character set; only a bracketed AI ends a value.
        let got = parse_bracketed("(10)A(B)C(21)(X)").unwrap();
        assert_eq!(got, vec![el("10", "A(B)C"), el("21", "(X)")]);
        let got = parse_bracketed("(00) 106141411234567897 (3103) 001250").unwrap();
        assert_eq!(
            got,
            vec![el("00", "106141411234567897"), el("3103", "001250")]
        );
    }

    #[test]
    fn bracketed_errors() {
        assert_eq!(parse_bracketed("(01"), Err(Gs1Reason::BadBrackets));
        assert_eq!(parse_bracketed("()123"), Err(Gs1Reason::BadBrackets));
        assert_eq!(parse_bracketed("((01)1"), Err(Gs1Reason::BadBrackets));
        assert_eq!(parse_bracketed("(AB)1"), Err(Gs1Reason::BadBrackets));
        assert_eq!(
            parse_bracketed("1(01)09506000134352"),
            Err(Gs1Reason::BadBrackets)
        );
        assert_eq!(
            parse_bracketed("(10)A X"),
            Err(Gs1Reason::InvalidCharacter {
                ai: "10".into(),
                found: ' '
            })
        );
        assert_eq!(
            parse_bracketed("(99)1"),
            Err(Gs1Reason::UnknownAi { ai: "99".into() })
        );
        assert_eq!(
            parse_bracketed("(10)"),
            Err(Gs1Reason::EmptyValue { ai: "10".into() })
        );
        assert_eq!(
            parse_bracketed("(01)4006381333931"),
            Err(Gs1Reason::WrongLength {
                ai: "01".into(),
                expected: 14,
                found: 13
            })
        );
        assert_eq!(
            parse_bracketed("(10)ABCDEFGHIJKLMNOPQRSTU"),
            Err(Gs1Reason::ValueTooLong {
                ai: "10".into(),
                max: 20,
                found: 21
            })
        );
        assert_eq!(
            parse_bracketed("(00)106141411234567898"),
            Err(Gs1Reason::CheckDigit {
                ai: "00".into(),
                expected: 7,
                found: 8
            })
        );
    }

    #[test]
    fn dates() {
        assert!(is_valid_date(b"261231"));
        assert!(is_valid_date(b"260200"), "day 00 means end of month");
        assert!(is_valid_date(b"240229"));
        assert!(!is_valid_date(b"250229"));
        assert!(!is_valid_date(b"250431"));
        assert!(!is_valid_date(b"251301"));
        assert!(!is_valid_date(b"250001"));
        assert!(!is_valid_date(b"25011"));
        assert!(!is_valid_date(b"25a1!1"));
    }

    #[test]
    fn cset82() {
        for c in "AZaz09!\"%&'()*+,-./:;<=>?_".chars() {
            assert!(is_cset82(c), "{c}");
        }
        for c in " #$@[\\]^`{|}~\u{1d}é".chars() {
            assert!(!is_cset82(c), "{c}");
        }
    }
}
