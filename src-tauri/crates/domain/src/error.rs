//! Typed errors of the domain. Each has a stable `code()` (for IPC and the OMS contract) and a message that tells
//! the clerk what was wrong and what to do.

use thiserror::Error;

use crate::command::CommandKind;
use crate::model::{Status, WorkOrderKind};

/// Why a command cannot be applied to a work order.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DomainError {
    #[error("{command} is not possible while the order is {status}{}", kind_hint(*kind))]
    NotAllowed {
        command: CommandKind,
        status: Status,
        kind: WorkOrderKind,
    },
    #[error("the OMS has put this order on hold ({reason}): wait until the hold is released")]
    OnHold { reason: String },
    #[error(
        "the OMS asked to cancel this order: stop working on it, put the items back and acknowledge the cancellation"
    )]
    CancelRequested,
    #[error("line {line_id} is not on this order")]
    UnknownLine { line_id: String },
    #[error("the same line {line_id} appears twice in one action: combine the quantities")]
    DuplicateLine { line_id: String },
    #[error(
        "quantity {quantity} for line {line_id} is out of range: it must be between 1 and {max}"
    )]
    QuantityOutOfRange {
        line_id: String,
        quantity: u32,
        max: u32,
    },
    #[error("reason code {code:?} is not in the OMS's reason list: pick a reason from the list")]
    UnknownReason { code: String },
    #[error("nothing was given: choose at least one line and quantity")]
    NothingGiven,
    #[error(
        "line {line_id} still has {remaining} unit(s) to pick: pick them or short-pick them with a reason"
    )]
    PickIncomplete { line_id: String, remaining: u32 },
    #[error(
        "line {line_id}: {in_parcels} unit(s) in parcels but {picked} picked: every picked unit goes in exactly one parcel"
    )]
    PackMismatch {
        line_id: String,
        in_parcels: u32,
        picked: u32,
    },
    #[error("parcel {parcel_ref} is not valid: {problem}")]
    InvalidParcel { parcel_ref: String, problem: String },
    #[error("parcel {parcel_ref} is not on this order")]
    UnknownParcel { parcel_ref: String },
    #[error(
        "parcel {parcel_ref} has no carrier label yet: wait for the label to sync, or print a local label with a tracking number"
    )]
    LabelMissing { parcel_ref: String },
    #[error("the label of parcel {parcel_ref} is not attached yet: print and attach it first")]
    LabelNotAttached { parcel_ref: String },
    #[error("parcels not confirmed by scan: {}; scan every parcel before the handover", missing.join(", "))]
    ParcelsNotConfirmed { missing: Vec<String> },
    #[error(
        "the pickup code does not match this order: ask the customer for the code in their message, or check their ID"
    )]
    WrongPickupCode,
    #[error("{field} is required")]
    MissingField { field: &'static str },
    #[error(
        "line {line_id}: received {received} + damaged {damaged} + missing {missing} must equal the {requested} sent"
    )]
    ReceiveMismatch {
        line_id: String,
        received: u32,
        damaged: u32,
        missing: u32,
        requested: u32,
    },
}

fn kind_hint(kind: WorkOrderKind) -> String {
    format!(" (a {} order)", kind.as_str().replace('_', "-"))
}

impl DomainError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            DomainError::NotAllowed { .. } => "invalid_transition",
            DomainError::OnHold { .. } => "on_hold",
            DomainError::CancelRequested => "cancel_requested",
            DomainError::UnknownLine { .. } => "unknown_line",
            DomainError::DuplicateLine { .. } => "duplicate_line",
            DomainError::QuantityOutOfRange { .. } => "quantity_out_of_range",
            DomainError::UnknownReason { .. } => "unknown_reason",
            DomainError::NothingGiven => "nothing_given",
            DomainError::PickIncomplete { .. } => "pick_incomplete",
            DomainError::PackMismatch { .. } => "pack_mismatch",
            DomainError::InvalidParcel { .. } => "invalid_parcel",
            DomainError::UnknownParcel { .. } => "unknown_parcel",
            DomainError::LabelMissing { .. } => "label_missing",
            DomainError::LabelNotAttached { .. } => "label_not_attached",
            DomainError::ParcelsNotConfirmed { .. } => "parcels_not_confirmed",
            DomainError::WrongPickupCode => "wrong_pickup_code",
            DomainError::MissingField { .. } => "missing_field",
            DomainError::ReceiveMismatch { .. } => "receive_mismatch",
        }
    }
}

/// Why a scan did not count as a pick. The three cases get distinct sounds and messages in the UI.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ScanError {
    #[error("unknown barcode {input:?}: {reason}")]
    UnknownBarcode { input: String, reason: String },
    #[error("{input:?} is not a product barcode: scan the barcode on the item itself")]
    NotAProduct { input: String },
    #[error("wrong item: {gtin} is not on this order; put it back and scan an item from the list")]
    WrongItem { gtin: String },
    #[error("over-pick: all {accepted} unit(s) of {sku} are already picked; put this one back")]
    OverPick {
        line_id: String,
        sku: String,
        accepted: u32,
    },
    #[error(transparent)]
    Domain(#[from] DomainError),
}

impl ScanError {
    pub fn code(&self) -> &'static str {
        match self {
            ScanError::UnknownBarcode { .. } => "unknown_barcode",
            ScanError::NotAProduct { .. } => "not_a_product",
            ScanError::WrongItem { .. } => "wrong_item",
            ScanError::OverPick { .. } => "over_pick",
            ScanError::Domain(e) => e.code(),
        }
    }
}
