//! Typed store commands: one per clerk action the OMS is told about.

use serde::{Deserialize, Serialize};

use crate::model::{ParcelItem, Status};

/// Quantity of one line rejected, with the OMS reason code.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineQuantity {
    pub line_id: String,
    pub quantity: u32,
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub note: Option<String>,
}

/// A parcel as the packer makes it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParcelSpec {
    pub parcel_ref: String,
    pub box_type: String,
    pub weight_g: u32,
    pub contents: Vec<ParcelItem>,
}

/// What arrived for one line of an inbound transfer. `received + damaged + missing` must equal the requested
/// quantity: every unit is accounted for.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiveLine {
    pub line_id: String,
    pub received: u32,
    #[serde(default)]
    pub damaged: u32,
    #[serde(default)]
    pub missing: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub note: Option<String>,
}

/// A store command. On the wire the tag is the command slug (`{"slug": "pick", "line_id": …}`).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "slug", rename_all = "snake_case")]
pub enum Command {
    /// Accept the whole order (quantities rejected before stay rejected).
    Accept,
    /// Reject the whole order.
    Reject {
        reason: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        note: Option<String>,
    },
    /// Reject some quantities of some lines. Rejecting everything that is left rejects the order.
    RejectLines { lines: Vec<LineQuantity> },
    /// Units of a line were picked (usually one scan = one unit).
    Pick {
        line_id: String,
        quantity: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        barcode: Option<String>,
    },
    /// The rest of a line cannot be found: the missing units become a partial reject.
    ShortPick {
        line_id: String,
        quantity: u32,
        reason: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        note: Option<String>,
    },
    /// Picking is finished: every accepted unit is picked.
    CompletePick,
    /// Pack the picked units into one or more parcels.
    Pack { parcels: Vec<ParcelSpec> },
    /// The label of a parcel is printed and attached. `tracking_number` is needed only when the OMS supplied no
    /// carrier label (a local label).
    AttachLabel {
        parcel_ref: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        tracking_number: Option<String>,
    },
    /// The carrier took the parcels (each one confirmed by scanning its label).
    HandoverToCarrier { parcel_refs: Vec<String> },
    /// Click and collect: the order is on the pickup shelf; the OMS notifies the customer.
    MarkReadyForPickup { shelf_location: String },
    /// Click and collect: handed to the customer, who showed the pickup code.
    HandoverToCustomer {
        pickup_code: String,
        collected_by: String,
    },
    /// Outbound transfer handed to the carrier.
    Dispatch {
        carrier: String,
        tracking_number: String,
    },
    /// Inbound transfer counted: received, damaged and missing per line.
    Receive { lines: Vec<ReceiveLine> },
    /// The store has seen the OMS's cancellation request and put the items back.
    AcknowledgeCancel,
}

/// The command's name without its parameters (the wire slug).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommandKind {
    Accept,
    Reject,
    RejectLines,
    Pick,
    ShortPick,
    CompletePick,
    Pack,
    AttachLabel,
    HandoverToCarrier,
    MarkReadyForPickup,
    HandoverToCustomer,
    Dispatch,
    Receive,
    AcknowledgeCancel,
}

impl CommandKind {
    pub const ALL: [CommandKind; 14] = [
        CommandKind::Accept,
        CommandKind::Reject,
        CommandKind::RejectLines,
        CommandKind::Pick,
        CommandKind::ShortPick,
        CommandKind::CompletePick,
        CommandKind::Pack,
        CommandKind::AttachLabel,
        CommandKind::HandoverToCarrier,
        CommandKind::MarkReadyForPickup,
        CommandKind::HandoverToCustomer,
        CommandKind::Dispatch,
        CommandKind::Receive,
        CommandKind::AcknowledgeCancel,
    ];

    /// The slug used on the wire.
    pub fn slug(self) -> &'static str {
        match self {
            CommandKind::Accept => "accept",
            CommandKind::Reject => "reject",
            CommandKind::RejectLines => "reject_lines",
            CommandKind::Pick => "pick",
            CommandKind::ShortPick => "short_pick",
            CommandKind::CompletePick => "complete_pick",
            CommandKind::Pack => "pack",
            CommandKind::AttachLabel => "attach_label",
            CommandKind::HandoverToCarrier => "handover_to_carrier",
            CommandKind::MarkReadyForPickup => "mark_ready_for_pickup",
            CommandKind::HandoverToCustomer => "handover_to_customer",
            CommandKind::Dispatch => "dispatch",
            CommandKind::Receive => "receive",
            CommandKind::AcknowledgeCancel => "acknowledge_cancel",
        }
    }

    pub fn from_slug(slug: &str) -> Option<CommandKind> {
        CommandKind::ALL.into_iter().find(|k| k.slug() == slug)
    }

    /// The status a successful command always ends in, for commands whose effect is a pure state change.
    /// A client talking to an OMS that ignores `Idempotency-Key` treats "already there" as success for these.
    /// `None` for commands that change quantities (pick, short pick, reject lines) or may leave the status
    /// unchanged (attach label).
    pub fn target_status(self) -> Option<Status> {
        match self {
            CommandKind::Accept => Some(Status::Accepted),
            CommandKind::Reject => Some(Status::Rejected),
            CommandKind::CompletePick => Some(Status::Picked),
            CommandKind::Pack => Some(Status::Packed),
            CommandKind::HandoverToCarrier => Some(Status::Shipped),
            CommandKind::MarkReadyForPickup => Some(Status::ReadyForPickup),
            CommandKind::HandoverToCustomer => Some(Status::Collected),
            CommandKind::Dispatch => Some(Status::Dispatched),
            CommandKind::Receive => Some(Status::Received),
            CommandKind::AcknowledgeCancel => Some(Status::Cancelled),
            CommandKind::RejectLines
            | CommandKind::Pick
            | CommandKind::ShortPick
            | CommandKind::AttachLabel => None,
        }
    }
}

impl std::fmt::Display for CommandKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.slug())
    }
}

impl Command {
    pub fn kind(&self) -> CommandKind {
        match self {
            Command::Accept => CommandKind::Accept,
            Command::Reject { .. } => CommandKind::Reject,
            Command::RejectLines { .. } => CommandKind::RejectLines,
            Command::Pick { .. } => CommandKind::Pick,
            Command::ShortPick { .. } => CommandKind::ShortPick,
            Command::CompletePick => CommandKind::CompletePick,
            Command::Pack { .. } => CommandKind::Pack,
            Command::AttachLabel { .. } => CommandKind::AttachLabel,
            Command::HandoverToCarrier { .. } => CommandKind::HandoverToCarrier,
            Command::MarkReadyForPickup { .. } => CommandKind::MarkReadyForPickup,
            Command::HandoverToCustomer { .. } => CommandKind::HandoverToCustomer,
            Command::Dispatch { .. } => CommandKind::Dispatch,
            Command::Receive { .. } => CommandKind::Receive,
            Command::AcknowledgeCancel => CommandKind::AcknowledgeCancel,
        }
    }

    /// Reason codes this command cites (all must be in the OMS catalogue).
    pub fn reasons(&self) -> Vec<&str> {
        match self {
            Command::Reject { reason, .. } | Command::ShortPick { reason, .. } => {
                vec![reason.as_str()]
            }
            Command::RejectLines { lines } => lines.iter().map(|l| l.reason.as_str()).collect(),
            _ => Vec::new(),
        }
    }
}
