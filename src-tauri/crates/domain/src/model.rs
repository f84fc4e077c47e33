//! The work-order model: what the store is asked to do, line by line and parcel by parcel.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What kind of work an order is. Each kind has its own state machine (see [`crate::machine`]).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkOrderKind {
    /// Packaging order: pick, pack and hand the parcels to a carrier.
    ShipFromStore,
    /// Packaging order: pick, pack, put on the pickup shelf and hand to the customer at the counter.
    ClickAndCollect,
    /// Transfer order where this store is the source: pick, pack and dispatch stock to another location.
    TransferOut,
    /// Transfer order where this store is the destination: receive what arrives.
    TransferIn,
}

impl WorkOrderKind {
    pub const ALL: [WorkOrderKind; 4] = [
        WorkOrderKind::ShipFromStore,
        WorkOrderKind::ClickAndCollect,
        WorkOrderKind::TransferOut,
        WorkOrderKind::TransferIn,
    ];

    /// Packaging orders (ship-from-store and click-and-collect) as opposed to transfer orders.
    pub fn is_packaging(self) -> bool {
        matches!(self, Self::ShipFromStore | Self::ClickAndCollect)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ShipFromStore => "ship_from_store",
            Self::ClickAndCollect => "click_and_collect",
            Self::TransferOut => "transfer_out",
            Self::TransferIn => "transfer_in",
        }
    }
}

/// Where a work order stands. Which statuses a kind can be in is given by [`Status::valid_for`].
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Assigned to the store, waiting for someone to accept or reject it.
    Assigned,
    Accepted,
    Picking,
    Picked,
    Packed,
    /// Every parcel has its label attached; waiting for the carrier.
    ReadyToShip,
    /// On the pickup shelf; the customer has been notified.
    ReadyForPickup,
    /// Handed over to the carrier (terminal for the store).
    Shipped,
    /// Handed over to the customer at the counter (terminal).
    Collected,
    /// Outbound transfer handed to the carrier (terminal for the source store).
    Dispatched,
    /// Inbound transfer on its way to this store.
    InTransit,
    /// Inbound transfer received and counted (terminal).
    Received,
    /// Rejected by the store, whole or because every line was rejected (terminal; the OMS re-plans).
    Rejected,
    /// Cancelled upstream (terminal).
    Cancelled,
    /// Moved by the OMS to another location (terminal for this store).
    Reassigned,
}

impl Status {
    pub const ALL: [Status; 15] = [
        Status::Assigned,
        Status::Accepted,
        Status::Picking,
        Status::Picked,
        Status::Packed,
        Status::ReadyToShip,
        Status::ReadyForPickup,
        Status::Shipped,
        Status::Collected,
        Status::Dispatched,
        Status::InTransit,
        Status::Received,
        Status::Rejected,
        Status::Cancelled,
        Status::Reassigned,
    ];

    /// Whether an order of `kind` can ever be in this status. The OMS contract lists exactly these pairs.
    pub fn valid_for(self, kind: WorkOrderKind) -> bool {
        use Status::*;
        use WorkOrderKind::*;
        match self {
            Assigned | Accepted | Picking | Picked | Packed | Rejected => kind != TransferIn,
            ReadyToShip | Shipped => kind == ShipFromStore,
            ReadyForPickup | Collected => kind == ClickAndCollect,
            Dispatched => kind == TransferOut,
            InTransit | Received => kind == TransferIn,
            Cancelled | Reassigned => true,
        }
    }

    /// No store action is possible any more.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            Status::Shipped
                | Status::Collected
                | Status::Dispatched
                | Status::Received
                | Status::Rejected
                | Status::Cancelled
                | Status::Reassigned
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Assigned => "assigned",
            Status::Accepted => "accepted",
            Status::Picking => "picking",
            Status::Picked => "picked",
            Status::Packed => "packed",
            Status::ReadyToShip => "ready_to_ship",
            Status::ReadyForPickup => "ready_for_pickup",
            Status::Shipped => "shipped",
            Status::Collected => "collected",
            Status::Dispatched => "dispatched",
            Status::InTransit => "in_transit",
            Status::Received => "received",
            Status::Rejected => "rejected",
            Status::Cancelled => "cancelled",
            Status::Reassigned => "reassigned",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The customer of a packaging order. Personal data: shown only as far as the role needs.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Customer {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub email: Option<String>,
}

/// A postal address (delivery address, or the other location of a transfer).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Address {
    pub name: String,
    pub line1: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub line2: Option<String>,
    pub postal_code: String,
    pub city: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub region: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
}

/// One rejected quantity of a line, with the OMS reason code.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineRejection {
    pub quantity: u32,
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub note: Option<String>,
}

/// One product line of a work order, with its quantity buckets.
///
/// Invariants kept by every transition: `accepted + rejected <= requested`, `picked <= accepted`,
/// `packed <= picked`, and for inbound transfers `received + damaged + missing <= requested`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub id: String,
    pub sku: String,
    pub name: String,
    /// Product barcodes as printed (EAN-13, EAN-8, UPC-A or GTIN-14).
    pub barcodes: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub image_url: Option<String>,
    pub requested: u32,
    #[serde(default)]
    pub accepted: u32,
    #[serde(default)]
    pub rejected: u32,
    #[serde(default)]
    pub picked: u32,
    #[serde(default)]
    pub packed: u32,
    #[serde(default)]
    pub received: u32,
    #[serde(default)]
    pub damaged: u32,
    #[serde(default)]
    pub missing: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<LineRejection>>", optional))]
    pub rejections: Vec<LineRejection>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub receive_note: Option<String>,
}

impl Line {
    /// Units still to be fulfilled by the store (requested minus rejected).
    pub fn open_quantity(&self) -> u32 {
        self.requested.saturating_sub(self.rejected)
    }

    /// Units accepted but not yet picked.
    pub fn remaining_to_pick(&self) -> u32 {
        self.accepted.saturating_sub(self.picked)
    }

    /// Whether `gtin14` (see [`storedesk_barcode::normalize_gtin`]) is one of this line's barcodes.
    pub fn has_gtin(&self, gtin14: &str) -> bool {
        self.barcodes
            .iter()
            .filter_map(|b| storedesk_barcode::normalize_gtin(b))
            .any(|g| g == gtin14)
    }
}

/// Label formats a carrier label can come in.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LabelFormat {
    Pdf,
    Zpl,
}

impl LabelFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            LabelFormat::Pdf => "pdf",
            LabelFormat::Zpl => "zpl",
        }
    }
}

/// How many units of a line went into a parcel.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParcelItem {
    pub line_id: String,
    pub quantity: u32,
}

/// A parcel packed by the store. `parcel_ref` is chosen by the store when packing ("1", "2", …) so that it exists
/// before the OMS has seen it; the OMS adds the parcel number, carrier, tracking number and label.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parcel {
    pub parcel_ref: String,
    pub box_type: String,
    pub weight_g: u32,
    pub contents: Vec<ParcelItem>,
    /// Parcel number printed on the label (e.g. `PCL-000123-1`); set by the OMS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub carrier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub tracking_number: Option<String>,
    /// Formats in which the OMS offers the carrier label; empty when it has none (yet).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<LabelFormat>>", optional))]
    pub label_formats: Vec<LabelFormat>,
    /// The store has printed and stuck the label on the parcel.
    #[serde(default)]
    pub label_attached: bool,
}

/// Click-and-collect details.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Pickup {
    /// SHA-256 (hex) of the customer's pickup code, upper-cased. The plain code is never stored.
    pub code_sha256: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub shelf_location: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub collected_by: Option<String>,
}

/// Hash a pickup code the way the OMS contract does: trimmed, upper-cased, SHA-256, lower-case hex.
pub fn pickup_code_hash(code: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(code.trim().to_uppercase().as_bytes()))
}

/// Dispatch details of an outbound transfer.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Dispatch {
    pub carrier: String,
    pub tracking_number: String,
}

/// An OMS hold: every store action is blocked until it is released.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hold {
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub note: Option<String>,
}

/// The OMS asks the store to stop and confirm a cancellation (the work had already started).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CancelRequest {
    pub reason: String,
    pub requested_at: DateTime<Utc>,
}

/// Why the whole order was rejected.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub note: Option<String>,
}

/// A work order assigned to a store: a packaging order or a transfer order.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkOrder {
    /// OMS identifier, opaque to the store.
    pub id: String,
    /// Human number printed and scanned (e.g. `PKG-000123`, `TRF-000045`).
    pub number: String,
    pub kind: WorkOrderKind,
    pub status: Status,
    /// OMS version: goes up by one with every change the OMS accepts.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub version: u64,
    /// Stock-location code of the store the order is assigned to.
    pub store: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub order_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub channel: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub customer: Option<Customer>,
    /// Delivery address (ship-from-store) or the other location's address (transfers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub address: Option<Address>,
    /// The other stock location of a transfer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub counterparty: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub carrier: Option<String>,
    /// Service-level deadline.
    pub due_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub lines: Vec<Line>,
    #[serde(default)]
    pub parcels: Vec<Parcel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub pickup: Option<Pickup>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub dispatch: Option<Dispatch>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub hold: Option<Hold>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub cancel_request: Option<CancelRequest>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub rejection: Option<Rejection>,
    /// Idempotency keys of the latest store commands the OMS applied to this work order, oldest first (at most
    /// [`APPLIED_COMMAND_IDS_KEPT`]). A client retrying a command whose answer was lost can tell from a pulled
    /// snapshot whether the command is already in it, and must not apply it on top a second time.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<String>>", optional))]
    pub applied_command_ids: Vec<String>,
}

/// How many applied command ids an OMS keeps on each work order.
pub const APPLIED_COMMAND_IDS_KEPT: usize = 50;

impl WorkOrder {
    /// Whether the OMS says the command with this idempotency key is part of this snapshot.
    pub fn includes_command(&self, command_id: &str) -> bool {
        self.applied_command_ids.iter().any(|id| id == command_id)
    }

    /// Record that the OMS applied a command (keeps the newest [`APPLIED_COMMAND_IDS_KEPT`]).
    pub fn note_applied(&mut self, command_id: &str) {
        self.applied_command_ids.push(command_id.to_string());
        let excess = self
            .applied_command_ids
            .len()
            .saturating_sub(APPLIED_COMMAND_IDS_KEPT);
        self.applied_command_ids.drain(..excess);
    }

    pub fn line(&self, line_id: &str) -> Option<&Line> {
        self.lines.iter().find(|l| l.id == line_id)
    }

    pub fn parcel(&self, parcel_ref: &str) -> Option<&Parcel> {
        self.parcels.iter().find(|p| p.parcel_ref == parcel_ref)
    }

    /// Total units requested over all lines.
    pub fn total_requested(&self) -> u32 {
        self.lines.iter().map(|l| l.requested).sum()
    }

    /// Whether every line's quantity buckets hold their invariants (see [`Line`]).
    pub fn quantities_consistent(&self) -> bool {
        self.lines.iter().all(|l| {
            l.accepted
                .checked_add(l.rejected)
                .is_some_and(|s| s <= l.requested)
                && l.picked <= l.accepted
                && l.packed <= l.picked
                && l.received
                    .checked_add(l.damaged)
                    .and_then(|s| s.checked_add(l.missing))
                    .is_some_and(|s| s <= l.requested)
        })
    }
}

/// A reason code from the OMS's catalogue (Akinon: package denial reasons).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    pub code: String,
    pub title: String,
    #[serde(default = "default_true")]
    pub active: bool,
}

fn default_true() -> bool {
    true
}

/// The reason catalogue the OMS owns. Reason codes are never hard-coded in the store.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReasonCatalog {
    pub reasons: Vec<Reason>,
}

impl ReasonCatalog {
    pub fn new(reasons: Vec<Reason>) -> Self {
        Self { reasons }
    }

    /// An active reason with this code exists.
    pub fn is_valid(&self, code: &str) -> bool {
        self.reasons.iter().any(|r| r.active && r.code == code)
    }

    pub fn active(&self) -> impl Iterator<Item = &Reason> {
        self.reasons.iter().filter(|r| r.active)
    }
}
