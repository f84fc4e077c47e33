//! The package (packaging order) object.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use storedesk_domain::WorkOrderKind;

use super::common::{
    AddressDto, CancelRequestDto, CarrierDto, CustomerDto, HoldDto, ItemDto, LocationDto,
    OrderInfoDto, ParcelDto, PickupDto, RejectionDto,
};
use crate::state::StateDto;

/// A packaging order assigned to one stock location: `GET /api/v1/oms/packages/{id}/`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageDto {
    pub id: i64,
    /// Human number, `PKG-000123`.
    pub number: String,
    /// `ship_from_store` or `click_and_collect` (see [`DeliveryType`]).
    pub delivery_type: String,
    pub state: StateDto,
    /// Slugs of the commands the requesting store may send now.
    #[serde(default)]
    pub commands: Vec<String>,
    /// Goes up by one with every accepted change; starts at 1.
    pub version: i64,
    /// The global change counter's value at this object's last change.
    pub change_seq: i64,
    /// The store the package is assigned to.
    pub stock_location: LocationDto,
    #[serde(default)]
    pub order: Option<OrderInfoDto>,
    #[serde(default)]
    pub customer: Option<CustomerDto>,
    /// Delivery address (ship from store).
    #[serde(default)]
    pub shipping_address: Option<AddressDto>,
    #[serde(default)]
    pub carrier: Option<CarrierDto>,
    /// Service-level deadline.
    pub due_date: DateTime<Utc>,
    pub created_date: DateTime<Utc>,
    pub modified_date: DateTime<Utc>,
    pub items: Vec<ItemDto>,
    #[serde(default)]
    pub parcels: Vec<ParcelDto>,
    /// Click and collect only (required there).
    #[serde(default)]
    pub pickup: Option<PickupDto>,
    #[serde(default)]
    pub hold: Option<HoldDto>,
    #[serde(default)]
    pub cancel_request: Option<CancelRequestDto>,
    #[serde(default)]
    pub rejection: Option<RejectionDto>,
    /// Set in state `reassigned`: the ERP code of the stock location the work moved to.
    #[serde(default)]
    pub reassigned_to: Option<String>,
    /// Idempotency keys of the latest commands applied to this object, oldest first (at most 50).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub applied_command_ids: Vec<String>,
}

/// The delivery types of a package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeliveryType {
    ShipFromStore,
    ClickAndCollect,
}

impl DeliveryType {
    pub const ALL: [DeliveryType; 2] = [DeliveryType::ShipFromStore, DeliveryType::ClickAndCollect];

    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryType::ShipFromStore => "ship_from_store",
            DeliveryType::ClickAndCollect => "click_and_collect",
        }
    }

    pub fn parse(s: &str) -> Option<DeliveryType> {
        Self::ALL.into_iter().find(|d| d.as_str() == s)
    }

    /// The domain kind.
    pub fn kind(self) -> WorkOrderKind {
        match self {
            DeliveryType::ShipFromStore => WorkOrderKind::ShipFromStore,
            DeliveryType::ClickAndCollect => WorkOrderKind::ClickAndCollect,
        }
    }

    /// The delivery type of a packaging kind; `None` for transfers.
    pub fn of(kind: WorkOrderKind) -> Option<DeliveryType> {
        match kind {
            WorkOrderKind::ShipFromStore => Some(DeliveryType::ShipFromStore),
            WorkOrderKind::ClickAndCollect => Some(DeliveryType::ClickAndCollect),
            WorkOrderKind::TransferOut | WorkOrderKind::TransferIn => None,
        }
    }
}
