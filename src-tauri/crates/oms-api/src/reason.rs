//! Denial reasons: the OMS's catalogue of reason codes for rejections and short picks.

use serde::{Deserialize, Serialize};

/// One entry of `GET /api/v1/oms/packages/package_denial_reason/`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DenialReasonDto {
    pub id: i64,
    /// Stable code cited by commands, e.g. `OUT_OF_STOCK`.
    pub code: String,
    /// Text shown to the clerk.
    pub title: String,
    /// Inactive reasons stay listed (old work orders cite them) but commands may not use them.
    #[serde(default = "default_true")]
    pub is_active: bool,
    /// Display order, lowest first.
    #[serde(default)]
    pub priority: i64,
}

fn default_true() -> bool {
    true
}
