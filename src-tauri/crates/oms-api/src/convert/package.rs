//! Packages ⇄ ship-from-store and click-and-collect work orders.

use storedesk_domain::{Address, Customer, Pickup, WorkOrder, WorkOrderKind};

use super::{
    cancel_request_dto, cancel_request_from, carrier_dto, check_header, check_quantities,
    command_slugs, hold_dto, hold_from, items_from_lines, lines_from_items, order_dto, order_parts,
    parcels_from_dto, parcels_to_dto, rejection_dto, rejection_from, wire_change_seq, wire_id,
    wire_version,
};
use crate::dto::{AddressDto, CustomerDto, DeliveryType, LocationDto, PackageDto, PickupDto};
use crate::error::PayloadError;
use crate::state::{package_state, package_state_of};

/// A package as the domain work order of `viewer_store`, which must be the package's stock location.
pub fn package_to_domain(dto: &PackageDto, viewer_store: &str) -> Result<WorkOrder, PayloadError> {
    let (ctx, version) = check_header(
        "package",
        dto.id,
        &dto.number,
        dto.version,
        dto.change_seq,
        &dto.commands,
    )?;
    let status = package_state(dto.state.enum_value)
        .ok_or_else(|| ctx.unknown_state(dto.state.enum_value))?
        .status;
    let delivery = DeliveryType::parse(&dto.delivery_type).ok_or_else(|| {
        ctx.invalid(
            "delivery_type",
            format!(
                "{:?} is neither ship_from_store nor click_and_collect",
                dto.delivery_type
            ),
        )
    })?;
    let kind = delivery.kind();
    if !status.valid_for(kind) {
        return Err(ctx.invalid(
            "state",
            format!(
                "a {} package cannot be in state {} ({})",
                delivery.as_str(),
                dto.state.enum_value,
                status
            ),
        ));
    }
    if dto.stock_location.erp_code != viewer_store {
        return Err(ctx.invalid(
            "stock_location.erp_code",
            format!(
                "the package belongs to {:?}, not to this store ({viewer_store:?})",
                dto.stock_location.erp_code
            ),
        ));
    }
    if dto.reassigned_to.as_deref() == Some(viewer_store) {
        return Err(ctx.invalid(
            "reassigned_to",
            "a package cannot be reassigned to the store it is assigned to",
        ));
    }
    let pickup = match (&dto.pickup, kind) {
        (Some(p), _) => Some(pickup_from(&ctx, p)?),
        (None, WorkOrderKind::ClickAndCollect) => {
            return Err(ctx.invalid(
                "pickup.code_sha256",
                "a click-and-collect package needs the hash of its pickup code",
            ));
        }
        (None, _) => None,
    };
    let lines = lines_from_items(&ctx, &dto.items, false)?;
    let parcels = parcels_from_dto(&ctx, &dto.parcels, &lines)?;
    let (order_number, channel) = order_parts(&dto.order);
    let wo = WorkOrder {
        id: dto.id.to_string(),
        number: dto.number.clone(),
        kind,
        status,
        version,
        store: dto.stock_location.erp_code.clone(),
        order_number,
        channel,
        customer: dto.customer.as_ref().map(customer_from),
        address: dto.shipping_address.as_ref().map(address_from),
        counterparty: dto.reassigned_to.clone(),
        carrier: dto.carrier.as_ref().map(|c| c.name.clone()),
        due_at: dto.due_date,
        created_at: dto.created_date,
        updated_at: dto.modified_date,
        lines,
        parcels,
        pickup,
        dispatch: None,
        hold: hold_from(&dto.hold),
        cancel_request: cancel_request_from(&dto.cancel_request),
        rejection: rejection_from(&dto.rejection),
        applied_command_ids: dto.applied_command_ids.clone(),
    };
    check_quantities(&ctx, &wo)?;
    Ok(wo)
}

/// The package its store sees for a ship-from-store or click-and-collect work order, with `commands` computed
/// from the domain state machine.
///
/// The viewer is `wo.store`. Ids must be decimal integers (the domain keeps them as strings).
pub fn work_order_to_package_dto(
    wo: &WorkOrder,
    change_seq: u64,
) -> Result<PackageDto, PayloadError> {
    let object = format!("work order {} ({})", wo.id, wo.number);
    let delivery = DeliveryType::of(wo.kind).ok_or_else(|| {
        PayloadError::invalid(&object, "kind", "a transfer order is not a package")
    })?;
    let state = package_state_of(wo.status)
        .filter(|_| wo.status.valid_for(wo.kind))
        .ok_or_else(|| {
            PayloadError::invalid(
                &object,
                "status",
                format!("a {} package cannot be {}", delivery.as_str(), wo.status),
            )
        })?;
    Ok(PackageDto {
        id: wire_id(&object, "id", &wo.id)?,
        number: wo.number.clone(),
        delivery_type: delivery.as_str().to_string(),
        state,
        commands: command_slugs(wo),
        version: wire_version(&object, wo.version)?,
        change_seq: wire_change_seq(&object, change_seq)?,
        stock_location: LocationDto {
            erp_code: wo.store.clone(),
            name: wo.store.clone(),
            address: None,
        },
        order: order_dto(wo),
        customer: wo.customer.as_ref().map(customer_dto),
        shipping_address: wo.address.as_ref().map(address_dto),
        carrier: carrier_dto(&wo.carrier),
        due_date: wo.due_at,
        created_date: wo.created_at,
        modified_date: wo.updated_at,
        items: items_from_lines(&object, &wo.lines, false)?,
        parcels: parcels_to_dto(&object, &wo.parcels)?,
        pickup: wo.pickup.as_ref().map(|p| PickupDto {
            code_sha256: p.code_sha256.clone(),
            shelf_location: p.shelf_location.clone(),
            collected_by: p.collected_by.clone(),
        }),
        hold: hold_dto(&wo.hold),
        cancel_request: cancel_request_dto(&wo.cancel_request),
        rejection: rejection_dto(&wo.rejection),
        applied_command_ids: wo.applied_command_ids.clone(),
        reassigned_to: wo.counterparty.clone(),
    })
}

fn pickup_from(ctx: &super::Ctx, p: &PickupDto) -> Result<Pickup, PayloadError> {
    let hash = p.code_sha256.trim();
    if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ctx.invalid(
            "pickup.code_sha256",
            "it must be the 64 hex digits of a SHA-256",
        ));
    }
    Ok(Pickup {
        code_sha256: hash.to_ascii_lowercase(),
        shelf_location: p.shelf_location.clone(),
        collected_by: p.collected_by.clone(),
    })
}

fn customer_from(c: &CustomerDto) -> Customer {
    Customer {
        name: c.name.clone(),
        phone: c.phone.clone(),
        email: c.email.clone(),
    }
}

fn customer_dto(c: &Customer) -> CustomerDto {
    CustomerDto {
        name: c.name.clone(),
        phone: c.phone.clone(),
        email: c.email.clone(),
    }
}

pub(super) fn address_from(a: &AddressDto) -> Address {
    Address {
        name: a.name.clone(),
        line1: a.line1.clone(),
        line2: a.line2.clone(),
        postal_code: a.postal_code.clone(),
        city: a.city.clone(),
        region: a.region.clone(),
        country: a.country.clone(),
    }
}

pub(super) fn address_dto(a: &Address) -> AddressDto {
    AddressDto {
        name: a.name.clone(),
        line1: a.line1.clone(),
        line2: a.line2.clone(),
        postal_code: a.postal_code.clone(),
        city: a.city.clone(),
        region: a.region.clone(),
        country: a.country.clone(),
    }
}
