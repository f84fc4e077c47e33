//! How values are written to and read from columns.

use chrono::{DateTime, SecondsFormat, Utc};
use storedesk_domain::{CommandKind, Status, WorkOrderKind};

use crate::error::StoreError;

/// A timestamp as stored: fixed-width RFC 3339 in UTC with microseconds, so text order is time order.
pub(crate) fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub(crate) fn parse_ts(s: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(s)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|_| StoreError::Corrupt {
            what: "timestamp",
            value: s.to_string(),
        })
}

pub(crate) fn parse_opt_ts(s: Option<String>) -> Result<Option<DateTime<Utc>>, StoreError> {
    s.as_deref().map(parse_ts).transpose()
}

pub(crate) fn parse_status(s: &str) -> Result<Status, StoreError> {
    Status::parse(s).ok_or_else(|| StoreError::Corrupt {
        what: "status",
        value: s.to_string(),
    })
}

pub(crate) fn parse_kind(s: &str) -> Result<WorkOrderKind, StoreError> {
    WorkOrderKind::ALL
        .into_iter()
        .find(|k| k.as_str() == s)
        .ok_or_else(|| StoreError::Corrupt {
            what: "work-order kind",
            value: s.to_string(),
        })
}

pub(crate) fn parse_slug(s: &str) -> Result<CommandKind, StoreError> {
    CommandKind::from_slug(s).ok_or_else(|| StoreError::Corrupt {
        what: "command slug",
        value: s.to_string(),
    })
}

/// A count or quantity read from an INTEGER column.
pub(crate) fn to_u32(v: i64) -> u32 {
    u32::try_from(v).unwrap_or(0)
}

pub(crate) fn to_u64(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

/// A u64 as SQLite's signed INTEGER (OMS versions and sequence numbers stay far below `i64::MAX`).
pub(crate) fn to_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}
