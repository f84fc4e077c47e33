//! Paged lists (Django REST Framework style, plus the change cursor).

use serde::{Deserialize, Serialize};

/// One page of a list: `{count, next, previous, results, next_cursor}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    /// Number of matching objects after the request's cursor (all pages from this one on).
    pub count: u64,
    /// URL of the next page, `null` on the last page.
    #[serde(default)]
    pub next: Option<String>,
    /// Always `null` on change-cursor lists (they only go forward); kept for DRF compatibility.
    #[serde(default)]
    pub previous: Option<String>,
    pub results: Vec<T>,
    /// The `change_seq` of the last result, as a decimal string: the `change_seq__gt` to resume from once this
    /// page is saved. `null` when `results` is empty (keep the cursor you have).
    #[serde(default)]
    pub next_cursor: Option<String>,
}
