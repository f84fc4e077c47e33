//! The transfer order object.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::common::{
    CancelRequestDto, CarrierDto, DispatchDto, HoldDto, ItemDto, LocationDto, OrderInfoDto,
    ParcelDto, RejectionDto,
};
use crate::state::StateDto;

/// Stock moving from one location to another: `GET /api/v1/oms/transfer_orders/{id}/`.
///
/// The same object is a *transfer out* for the source store and a *transfer in* for the destination store; the
/// `commands` list is computed for the store named by `stock_location__erp_code` in the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferDto {
    pub id: i64,
    /// Human number, `TRF-000045`.
    pub number: String,
    pub source: LocationDto,
    pub destination: LocationDto,
    pub state: StateDto,
    #[serde(default)]
    pub commands: Vec<String>,
    pub version: i64,
    pub change_seq: i64,
    /// The customer order the transfer serves, if any.
    #[serde(default)]
    pub order: Option<OrderInfoDto>,
    /// Carrier planned by the OMS, if any.
    #[serde(default)]
    pub carrier: Option<CarrierDto>,
    pub due_date: DateTime<Utc>,
    pub created_date: DateTime<Utc>,
    pub modified_date: DateTime<Utc>,
    pub items: Vec<ItemDto>,
    #[serde(default)]
    pub parcels: Vec<ParcelDto>,
    /// Set once the source store has dispatched the transfer.
    #[serde(default)]
    pub dispatch: Option<DispatchDto>,
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
