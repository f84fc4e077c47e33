//! Why an OMS payload cannot be used.

use thiserror::Error;

/// A payload that does not follow the contract. Messages are written for the admin who reads the sync log and
/// has to tell the OMS team what is wrong; `code()` is stable.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PayloadError {
    /// The response is larger than the limit; it is rejected before parsing.
    #[error(
        "the OMS response is {} bytes, more than the {} MiB Storedesk reads: ask the OMS team to return smaller pages",
        size,
        limit / (1024 * 1024)
    )]
    TooLarge { size: usize, limit: usize },
    /// The response ends before the JSON does (empty, or the connection dropped mid-body).
    #[error(
        "the OMS response was cut off at line {line}, column {column}: the connection probably dropped; it will be fetched again"
    )]
    Truncated { line: usize, column: usize },
    /// Not JSON at all, or broken JSON.
    #[error("the OMS response is not valid JSON (line {line}, column {column}: {detail})")]
    Malformed {
        line: usize,
        column: usize,
        detail: String,
    },
    /// Valid JSON, but a field is missing or has the wrong type.
    #[error("the OMS response does not have the shape of the contract at {path}: {detail}")]
    WrongShape { path: String, detail: String },
    /// A state `enum_value` outside the contract's table.
    #[error(
        "{object} has state {enum_value}, which is not in the contract's state table: the OMS uses a state Storedesk does not know"
    )]
    UnknownState { object: String, enum_value: i64 },
    /// A command slug outside the contract.
    #[error(
        "{object} offers the command {slug:?}, which is not in the contract: the OMS uses a command Storedesk does not know"
    )]
    UnknownCommand { object: String, slug: String },
    /// A field has a value the contract does not allow.
    #[error("{object}: {field} is invalid: {problem}")]
    InvalidField {
        object: String,
        field: String,
        problem: String,
    },
}

impl PayloadError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            PayloadError::TooLarge { .. } => "payload_too_large",
            PayloadError::Truncated { .. } => "payload_truncated",
            PayloadError::Malformed { .. } => "payload_malformed",
            PayloadError::WrongShape { .. } => "payload_wrong_shape",
            PayloadError::UnknownState { .. } => "unknown_state",
            PayloadError::UnknownCommand { .. } => "unknown_command",
            PayloadError::InvalidField { .. } => "invalid_field",
        }
    }

    pub(crate) fn invalid(
        object: &str,
        field: impl Into<String>,
        problem: impl Into<String>,
    ) -> PayloadError {
        PayloadError::InvalidField {
            object: object.to_string(),
            field: field.into(),
            problem: problem.into(),
        }
    }

    /// Classifies a serde_json error found at `path` (empty for the document root).
    pub(crate) fn from_json(path: &str, err: &serde_json::Error) -> PayloadError {
        use serde_json::error::Category;
        let (line, column) = (err.line(), err.column());
        match err.classify() {
            Category::Eof => PayloadError::Truncated { line, column },
            Category::Syntax | Category::Io => PayloadError::Malformed {
                line,
                column,
                detail: strip_position(&err.to_string()),
            },
            Category::Data => PayloadError::WrongShape {
                path: if path.is_empty() || path == "." {
                    "the top level".to_string()
                } else {
                    path.to_string()
                },
                detail: strip_position(&err.to_string()),
            },
        }
    }
}

/// serde_json appends " at line L column C"; the variants carry the position separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}
