//! Reading OMS response bodies: bytes in, checked domain values out. Never panics, whatever the bytes.

use serde::Deserialize;
use serde_json::value::RawValue;
use storedesk_domain::{ChangePage, Feed, Reason, ReasonCatalog, WorkOrder};

use crate::convert::{package_to_domain, transfer_to_domain};
use crate::dto::{PackageDto, TransferDto};
use crate::endpoints::MAX_RESPONSE_BYTES;
use crate::error::PayloadError;
use crate::page::Page;
use crate::problem::Problem;
use crate::reason::DenialReasonDto;

/// One page of a change-cursor list, checked.
///
/// Objects that fail the contract do not fail the page: they are listed in [`ParsedPage::invalid`] so that the
/// caller can report them and still advance the cursor past them (they come back with their next change).
/// Problems with the page itself — size, JSON, the envelope's shape, results out of `change_seq` order — fail
/// the whole page.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedPage {
    /// Valid work orders, in `change_seq` order.
    pub work_orders: Vec<WorkOrder>,
    /// Objects of this page that break the contract.
    pub invalid: Vec<InvalidObject>,
    /// The cursor to resume from once the page is saved: the page's `next_cursor`, or else the `change_seq` of
    /// its last result; `None` when the page is empty (keep the cursor you have).
    pub next_cursor: Option<String>,
    /// Matching objects after the request's cursor, this page included.
    pub count: u64,
    /// Another page follows (`next` is not null).
    pub has_more: bool,
}

/// An object of a page that could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidObject {
    /// The object's id, when it could be read.
    pub id: Option<String>,
    /// The object's number, when it could be read.
    pub number: Option<String>,
    pub error: PayloadError,
}

impl ParsedPage {
    /// The domain's [`ChangePage`] (invalid objects are dropped: report them first).
    pub fn into_change_page(self) -> ChangePage {
        ChangePage {
            work_orders: self.work_orders,
            next_cursor: self.next_cursor,
            total: Some(self.count),
            has_more: self.has_more,
        }
    }
}

/// Parses one object of `feed` (`GET …/{id}/`, or the body of a successful command) for `viewer_store`.
pub fn parse_work_order(
    feed: Feed,
    bytes: &[u8],
    viewer_store: &str,
) -> Result<WorkOrder, PayloadError> {
    check_size(bytes)?;
    match feed {
        Feed::Packaging => package_to_domain(&decode::<PackageDto>(bytes)?, viewer_store),
        Feed::Transfers => transfer_to_domain(&decode::<TransferDto>(bytes)?, viewer_store),
    }
}

/// Parses one page of the change-cursor list of `feed` for `viewer_store`.
pub fn parse_page(
    feed: Feed,
    bytes: &[u8],
    viewer_store: &str,
) -> Result<ParsedPage, PayloadError> {
    check_size(bytes)?;
    let page: Page<&RawValue> = decode(bytes)?;
    let mut work_orders = Vec::with_capacity(page.results.len());
    let mut invalid = Vec::new();
    let mut last_seq: Option<u64> = None;
    for (i, raw) in page.results.iter().enumerate() {
        let head = ObjectHead::read(raw);
        if let Some(seq) = head.change_seq {
            if last_seq.is_some_and(|last| seq <= last) {
                return Err(PayloadError::invalid(
                    "the page",
                    format!("results[{i}].change_seq"),
                    format!(
                        "{seq} does not come after the previous result's: results must be in change_seq order"
                    ),
                ));
            }
            last_seq = Some(seq);
        }
        let bytes = raw.get().as_bytes();
        let parsed = match feed {
            Feed::Packaging => decode::<PackageDto>(bytes)
                .map_err(|e| at_result(i, e))
                .and_then(|dto| package_to_domain(&dto, viewer_store)),
            Feed::Transfers => decode::<TransferDto>(bytes)
                .map_err(|e| at_result(i, e))
                .and_then(|dto| transfer_to_domain(&dto, viewer_store)),
        };
        match parsed {
            Ok(wo) => work_orders.push(wo),
            Err(error) => invalid.push(InvalidObject {
                id: head.id,
                number: head.number,
                error,
            }),
        }
    }
    let next_cursor = match page.next_cursor {
        Some(cursor) => {
            if cursor.parse::<u64>().is_err() {
                return Err(PayloadError::invalid(
                    "the page",
                    "next_cursor",
                    format!("{cursor:?} is not a change sequence number"),
                ));
            }
            Some(cursor)
        }
        None => last_seq.map(|s| s.to_string()),
    };
    Ok(ParsedPage {
        work_orders,
        invalid,
        next_cursor,
        count: page.count,
        has_more: page.next.is_some(),
    })
}

/// Parses the reason list (`GET /api/v1/oms/packages/package_denial_reason/?page_size=500`), ordered by
/// priority. Inactive reasons are kept (marked inactive): old work orders cite them.
pub fn parse_reasons(bytes: &[u8]) -> Result<ReasonCatalog, PayloadError> {
    check_size(bytes)?;
    let mut page: Page<DenialReasonDto> = decode(bytes)?;
    page.results
        .sort_by(|a, b| a.priority.cmp(&b.priority).then(a.code.cmp(&b.code)));
    let mut reasons: Vec<Reason> = Vec::with_capacity(page.results.len());
    for (i, r) in page.results.iter().enumerate() {
        let object = format!("reason {}", r.id);
        if r.code.trim().is_empty() {
            return Err(PayloadError::invalid(
                &object,
                format!("results[{i}].code"),
                "it is empty",
            ));
        }
        if reasons.iter().any(|seen| seen.code == r.code) {
            return Err(PayloadError::invalid(
                &object,
                format!("results[{i}].code"),
                format!("{:?} appears twice", r.code),
            ));
        }
        reasons.push(Reason {
            code: r.code.clone(),
            title: r.title.clone(),
            active: r.is_active,
        });
    }
    Ok(ReasonCatalog::new(reasons))
}

/// Parses an error body (`application/problem+json`).
pub fn parse_problem(bytes: &[u8]) -> Result<Problem, PayloadError> {
    check_size(bytes)?;
    let problem: Problem = decode(bytes)?;
    if !(400..=599).contains(&problem.status) {
        return Err(PayloadError::invalid(
            "the error body",
            "status",
            format!("{} is not an HTTP error status", problem.status),
        ));
    }
    if problem.code.trim().is_empty() {
        return Err(PayloadError::invalid(
            "the error body",
            "code",
            "it is empty",
        ));
    }
    Ok(problem)
}

fn check_size(bytes: &[u8]) -> Result<(), PayloadError> {
    if bytes.len() > MAX_RESPONSE_BYTES {
        return Err(PayloadError::TooLarge {
            size: bytes.len(),
            limit: MAX_RESPONSE_BYTES,
        });
    }
    Ok(())
}

/// Deserialises a whole document, reporting the path of a shape error and rejecting trailing data.
fn decode<'de, T: Deserialize<'de>>(bytes: &'de [u8]) -> Result<T, PayloadError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| PayloadError::from_json(&e.path().to_string(), e.inner()))?;
    de.end().map_err(|e| PayloadError::from_json("", &e))?;
    Ok(value)
}

/// Prefixes the path of a shape error inside `results[i]`.
fn at_result(i: usize, e: PayloadError) -> PayloadError {
    match e {
        PayloadError::WrongShape { path, detail } => PayloadError::WrongShape {
            path: if path == "the top level" {
                format!("results[{i}]")
            } else {
                format!("results[{i}].{path}")
            },
            detail,
        },
        other => other,
    }
}

/// What can be read of an object even when it is invalid, for reports and for ordering.
struct ObjectHead {
    id: Option<String>,
    number: Option<String>,
    change_seq: Option<u64>,
}

impl ObjectHead {
    fn read(raw: &RawValue) -> ObjectHead {
        #[derive(Deserialize)]
        struct Head {
            #[serde(default)]
            id: Option<serde_json::Value>,
            #[serde(default)]
            number: Option<serde_json::Value>,
            #[serde(default)]
            change_seq: Option<serde_json::Value>,
        }
        match serde_json::from_str::<Head>(raw.get()) {
            Ok(h) => ObjectHead {
                id: h.id.and_then(|v| v.as_i64()).map(|v| v.to_string()),
                number: h.number.and_then(|v| v.as_str().map(str::to_string)),
                change_seq: h.change_seq.and_then(|v| v.as_u64()),
            },
            Err(_) => ObjectHead {
                id: None,
                number: None,
                change_seq: None,
            },
        }
    }
}
