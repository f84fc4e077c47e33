//! Parts shared by packages and transfer orders.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A stock location (a store or a warehouse), identified by its ERP code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocationDto {
    /// The stock location's code, e.g. `IST-01`. Stores identify themselves with it.
    pub erp_code: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Postal address; always present on the locations of a transfer order.
    #[serde(default)]
    pub address: Option<AddressDto>,
}

/// A postal address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressDto {
    /// Recipient or location name.
    pub name: String,
    pub line1: String,
    #[serde(default)]
    pub line2: Option<String>,
    pub postal_code: String,
    pub city: String,
    /// State, province or region.
    #[serde(default)]
    pub region: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
}

/// The customer of a packaging order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerDto {
    pub name: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

/// A carrier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarrierDto {
    /// Stable code, e.g. `yurtici`.
    pub code: String,
    /// Display name, e.g. `Yurtiçi Kargo`; this is what the store shows.
    pub name: String,
}

/// The customer order a work order belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderInfoDto {
    /// Order number, e.g. `ORD-2026-000042`.
    pub number: String,
    /// Sales channel, e.g. `web`.
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(default)]
    pub date_placed: Option<DateTime<Utc>>,
}

/// One rejected quantity of an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemRejectionDto {
    pub quantity: i64,
    /// Denial reason code (see the reason list).
    pub reason: String,
    #[serde(default)]
    pub note: Option<String>,
}

/// One product line with its quantity buckets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemDto {
    /// Item id, unique within the work order.
    pub id: i64,
    pub sku: String,
    pub name: String,
    /// Barcodes as printed on the product (EAN-13, EAN-8, UPC-A, GTIN-14).
    #[serde(default)]
    pub barcodes: Vec<String>,
    #[serde(default)]
    pub image_url: Option<String>,
    /// Units requested.
    pub quantity: i64,
    #[serde(default)]
    pub accepted_quantity: i64,
    #[serde(default)]
    pub rejected_quantity: i64,
    #[serde(default)]
    pub picked_quantity: i64,
    #[serde(default)]
    pub packed_quantity: i64,
    #[serde(default)]
    pub rejections: Vec<ItemRejectionDto>,
    /// Transfer orders only: units received in good condition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_quantity: Option<i64>,
    /// Transfer orders only: units received damaged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub damaged_quantity: Option<i64>,
    /// Transfer orders only: units that did not arrive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing_quantity: Option<i64>,
    /// Transfer orders only: the receiving store's note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receive_note: Option<String>,
}

/// How many units of an item went into a parcel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParcelContentDto {
    pub item_id: i64,
    pub quantity: i64,
}

/// A parcel packed by the store; the OMS adds number, carrier, tracking number and label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParcelDto {
    /// The store's reference, chosen when packing (`"1"`, `"2"`, …).
    pub parcel_ref: String,
    /// Parcel number printed on the label, `PCL-<package digits>-<n>`.
    #[serde(default)]
    pub number: Option<String>,
    pub box_type: String,
    pub weight_g: i64,
    pub contents: Vec<ParcelContentDto>,
    /// Carrier name as printed on the label.
    #[serde(default)]
    pub carrier: Option<String>,
    #[serde(default)]
    pub tracking_number: Option<String>,
    /// Formats in which the label can be downloaded (`pdf`, `zpl`). Unknown formats are ignored by clients.
    #[serde(default)]
    pub label_formats: Vec<String>,
    /// The store has printed the label and stuck it on the parcel.
    #[serde(default)]
    pub label_attached: bool,
}

/// Click-and-collect details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PickupDto {
    /// Lower-case hex SHA-256 of the trimmed, upper-cased pickup code. The plain code never travels.
    pub code_sha256: String,
    #[serde(default)]
    pub shelf_location: Option<String>,
    #[serde(default)]
    pub collected_by: Option<String>,
}

/// How an outbound transfer left the source store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DispatchDto {
    pub carrier: String,
    pub tracking_number: String,
}

/// An OMS hold: every store command is refused until it is released.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoldDto {
    pub reason: String,
    #[serde(default)]
    pub note: Option<String>,
}

/// A pending cancellation the store must acknowledge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CancelRequestDto {
    pub reason: String,
    pub requested_at: DateTime<Utc>,
}

/// Why the whole work order was rejected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectionDto {
    pub reason: String,
    #[serde(default)]
    pub note: Option<String>,
}
