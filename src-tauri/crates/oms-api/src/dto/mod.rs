//! The work-order objects on the wire: packages (packaging orders), transfer orders and their parts.
//!
//! These are plain serde types, one per JSON object of `docs/oms-api.md`. They accept what the contract allows
//! and nothing is checked here beyond JSON types: [`crate::convert`] checks the meaning. Unknown fields are
//! ignored so that an OMS can add fields without breaking older clients. Numbers that the contract bounds
//! (quantities, versions, ids) are `i64` so that a negative or absurd value reaches the checks in
//! [`crate::convert`] and gets a precise error instead of a generic type error.

mod common;
mod package;
mod transfer;

pub use common::{
    AddressDto, CancelRequestDto, CarrierDto, CustomerDto, DispatchDto, HoldDto, ItemDto,
    ItemRejectionDto, LocationDto, OrderInfoDto, ParcelContentDto, ParcelDto, PickupDto,
    RejectionDto,
};
pub use package::{DeliveryType, PackageDto};
pub use transfer::TransferDto;
