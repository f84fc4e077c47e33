//! Why a scan could not be parsed. Every message is written for the store clerk holding the scanner: it says
//! what was wrong and what to do next.

use std::fmt;

use thiserror::Error;

use crate::gs1::ai_title;

/// Why [`parse`](crate::parse) rejected a scan.
///
/// Each variant has a distinct [`code`](BarcodeError::code) for logs, metrics and the UI's choice of sound; its
/// `Display` text is meant to be shown to the clerk as it is.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum BarcodeError {
    /// Nothing but whitespace was received.
    #[error("nothing was scanned: aim at the barcode and scan again")]
    Empty,

    /// The scan is longer than [`MAX_INPUT_CHARS`](crate::MAX_INPUT_CHARS).
    #[error(
        "the scan is {length} characters long, more than the {max} a barcode holds: the scanner probably \
         joined several scans together; scan one barcode again"
    )]
    TooLong {
        /// Length of the trimmed input, in characters.
        length: usize,
        /// The limit.
        max: usize,
    },

    /// The scan contains a character that cannot appear at that place in any barcode the store uses: a control
    /// character, a non-ASCII character (often a scanner set to the wrong keyboard layout) or a letter inside a
    /// product number.
    #[error(
        "the scan contains {found:?} at position {position}, which does not belong there: check the scanner's \
         keyboard layout and scan again, or type the number printed under the bars"
    )]
    InvalidCharacters {
        /// The first offending character.
        found: char,
        /// Its 1-based position in the trimmed input, counted in characters.
        position: usize,
    },

    /// Only digits, but not as many as any product or shipping barcode has (8, 12, 13, 14 or 18).
    #[error(
        "{length} digits is not a barcode length (8, 12, 13, 14 or 18 digits): part of the barcode was missed; \
         scan again, or type every digit printed under the bars"
    )]
    UnsupportedLength {
        /// Number of digits received.
        length: usize,
    },

    /// A product or shipping number whose last digit does not match the others: a misread or a typo.
    #[error(
        "{code}: the check digit is {found}, expected {expected}: scan again, or type the number printed under \
         the bars"
    )]
    InvalidCheckDigit {
        /// The code as scanned (digits only).
        code: String,
        /// The check digit the other digits call for.
        expected: u8,
        /// The last digit of `code`.
        found: u8,
    },

    /// A GS1 barcode (GS1-128 and the like) whose data is not a valid GS1 element string.
    #[error(
        "this GS1 label cannot be read: {reason}. Scan the label again, or type the numbers printed under the \
         bars with their brackets, e.g. (01)09506000134352"
    )]
    Gs1 {
        /// What exactly is wrong.
        reason: Gs1Reason,
    },

    /// Starts like one of the OMS numbers (e.g. `PKG-`) but the rest does not have that number's shape.
    #[error(
        "{input} looks like a {kind} but is not one: expected {expected}. Check the label and type it again"
    )]
    MalformedNumber {
        /// The input, upper-cased.
        input: String,
        /// What it looked like, e.g. "package number".
        kind: String,
        /// The expected shape, with an example.
        expected: String,
    },

    /// Not any kind of barcode this store uses.
    #[error(
        "{input:?} is not a barcode this store uses (product barcode, GS1 label, or an order, package, parcel, \
         pickup or transfer number): scan a different barcode on the label"
    )]
    Unrecognized {
        /// The trimmed input.
        input: String,
    },
}

impl BarcodeError {
    /// A stable `snake_case` identifier of the variant, for logs, metrics and UI lookups. It never changes for an
    /// existing variant; see [`Gs1Reason::code`] for a finer code inside [`BarcodeError::Gs1`].
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            BarcodeError::Empty => "empty",
            BarcodeError::TooLong { .. } => "too_long",
            BarcodeError::InvalidCharacters { .. } => "invalid_characters",
            BarcodeError::UnsupportedLength { .. } => "unsupported_length",
            BarcodeError::InvalidCheckDigit { .. } => "invalid_check_digit",
            BarcodeError::Gs1 { .. } => "invalid_gs1",
            BarcodeError::MalformedNumber { .. } => "malformed_number",
            BarcodeError::Unrecognized { .. } => "unrecognized",
        }
    }
}

impl From<Gs1Reason> for BarcodeError {
    fn from(reason: Gs1Reason) -> Self {
        BarcodeError::Gs1 { reason }
    }
}

/// What is wrong with a GS1 element string; carried by [`BarcodeError::Gs1`].
///
/// `ai` fields hold the application identifier as digits, without brackets (e.g. `"01"`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Gs1Reason {
    /// The GS1 symbology prefix (or a lone separator) was followed by no data.
    NoData,
    /// An application identifier this store does not know (or no digits where one was expected).
    UnknownAi {
        /// The characters where the AI should be.
        ai: String,
    },
    /// A fixed-length field that is too short or too long.
    WrongLength {
        /// The AI.
        ai: String,
        /// Its fixed length.
        expected: usize,
        /// The length found.
        found: usize,
    },
    /// A variable-length field runs past its maximum without a field separator (FNC1, sent as ASCII 29).
    MissingSeparator {
        /// The AI.
        ai: String,
        /// The field's maximum length.
        max: usize,
    },
    /// A variable-length field (in the bracketed form) longer than its maximum.
    ValueTooLong {
        /// The AI.
        ai: String,
        /// The field's maximum length.
        max: usize,
        /// The length found.
        found: usize,
    },
    /// A field with no value at all.
    EmptyValue {
        /// The AI.
        ai: String,
    },
    /// A character the field cannot hold (a letter in a numeric field, or a character outside GS1's set).
    InvalidCharacter {
        /// The AI.
        ai: String,
        /// The first offending character.
        found: char,
    },
    /// A date field (YYMMDD) that is not a calendar date.
    InvalidDate {
        /// The AI.
        ai: String,
        /// The six digits found.
        value: String,
    },
    /// A GTIN or SSCC whose check digit does not match.
    CheckDigit {
        /// The AI.
        ai: String,
        /// The check digit the other digits call for.
        expected: u8,
        /// The last digit of the field.
        found: u8,
    },
    /// The same AI twice with different values.
    DuplicateAi {
        /// The AI.
        ai: String,
    },
    /// The bracketed form is broken: a `(` without `)`, no digits between them, or data before the first `(`.
    BadBrackets,
}

impl Gs1Reason {
    /// A stable `snake_case` identifier of the variant, e.g. `"gs1_check_digit"`.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Gs1Reason::NoData => "gs1_no_data",
            Gs1Reason::UnknownAi { .. } => "gs1_unknown_ai",
            Gs1Reason::WrongLength { .. } => "gs1_wrong_length",
            Gs1Reason::MissingSeparator { .. } => "gs1_missing_separator",
            Gs1Reason::ValueTooLong { .. } => "gs1_value_too_long",
            Gs1Reason::EmptyValue { .. } => "gs1_empty_value",
            Gs1Reason::InvalidCharacter { .. } => "gs1_invalid_character",
            Gs1Reason::InvalidDate { .. } => "gs1_invalid_date",
            Gs1Reason::CheckDigit { .. } => "gs1_check_digit",
            Gs1Reason::DuplicateAi { .. } => "gs1_duplicate_ai",
            Gs1Reason::BadBrackets => "gs1_bad_brackets",
        }
    }
}

/// `(01) GTIN` when the AI is known, `(99)` otherwise.
struct Ai<'a>(&'a str);

impl fmt::Display for Ai<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match ai_title(self.0) {
            Some(title) => write!(f, "({}) {}", self.0, title),
            None => write!(f, "({})", self.0),
        }
    }
}

impl fmt::Display for Gs1Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Gs1Reason::NoData => f.write_str("the label holds no data"),
            Gs1Reason::UnknownAi { ai } => {
                write!(
                    f,
                    "{ai:?} is not an application identifier this store knows"
                )
            }
            Gs1Reason::WrongLength {
                ai,
                expected,
                found,
            } => {
                write!(f, "{} must be {expected} characters, found {found}", Ai(ai))
            }
            Gs1Reason::MissingSeparator { ai, max } => write!(
                f,
                "{} runs past its {max}-character limit: the field separator after it is missing",
                Ai(ai)
            ),
            Gs1Reason::ValueTooLong { ai, max, found } => {
                write!(
                    f,
                    "{} is {found} characters, at most {max} are allowed",
                    Ai(ai)
                )
            }
            Gs1Reason::EmptyValue { ai } => write!(f, "{} has no value", Ai(ai)),
            Gs1Reason::InvalidCharacter { ai, found } => {
                write!(f, "{} cannot contain {found:?}", Ai(ai))
            }
            Gs1Reason::InvalidDate { ai, value } => {
                write!(f, "{} {value} is not a date in the form YYMMDD", Ai(ai))
            }
            Gs1Reason::CheckDigit {
                ai,
                expected,
                found,
            } => {
                write!(
                    f,
                    "the check digit of {} is {found}, expected {expected}",
                    Ai(ai)
                )
            }
            Gs1Reason::DuplicateAi { ai } => {
                write!(f, "{} appears twice with different values", Ai(ai))
            }
            Gs1Reason::BadBrackets => {
                f.write_str("the (brackets) around the application identifiers do not match up")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> Vec<BarcodeError> {
        vec![
            BarcodeError::Empty,
            BarcodeError::TooLong {
                length: 300,
                max: 256,
            },
            BarcodeError::InvalidCharacters {
                found: 'é',
                position: 3,
            },
            BarcodeError::UnsupportedLength { length: 11 },
            BarcodeError::InvalidCheckDigit {
                code: "4006381333932".into(),
                expected: 1,
                found: 2,
            },
            BarcodeError::Gs1 {
                reason: Gs1Reason::NoData,
            },
            BarcodeError::MalformedNumber {
                input: "PKG-12A".into(),
                kind: "package number".into(),
                expected: "PKG- and digits".into(),
            },
            BarcodeError::Unrecognized {
                input: "hello".into(),
            },
        ]
    }

    #[test]
    fn codes_are_distinct_snake_case() {
        let errors = all();
        let mut codes: Vec<_> = errors.iter().map(BarcodeError::code).collect();
        for code in &codes {
            assert!(
                code.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                "{code}"
            );
        }
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), errors.len());
    }

    #[test]
    fn messages_are_distinct_and_say_what_to_do() {
        let messages: Vec<String> = all().iter().map(ToString::to_string).collect();
        for (i, m) in messages.iter().enumerate() {
            assert!(
                m.contains("scan") || m.contains("type"),
                "no advice in {m:?}"
            );
            assert!(messages.iter().skip(i + 1).all(|other| other != m));
        }
    }

    #[test]
    fn check_digit_message() {
        let e = BarcodeError::InvalidCheckDigit {
            code: "4006381333932".into(),
            expected: 1,
            found: 2,
        };
        assert_eq!(
            e.to_string(),
            "4006381333932: the check digit is 2, expected 1: scan again, or type the number printed under the bars"
        );
    }

    #[test]
    fn gs1_reason_messages_name_the_field() {
        let e = BarcodeError::from(Gs1Reason::CheckDigit {
            ai: "00".into(),
            expected: 7,
            found: 8,
        });
        assert!(e.to_string().contains("(00) SSCC"), "{e}");
        let e = Gs1Reason::UnknownAi { ai: "99".into() };
        assert!(e.to_string().contains("\"99\""), "{e}");
        let e = Gs1Reason::MissingSeparator {
            ai: "10".into(),
            max: 20,
        };
        assert!(e.to_string().contains("separator"), "{e}");
    }
}
