//! Transfer orders ⇄ transfer-out and transfer-in work orders.

use storedesk_domain::{Dispatch, Status, WorkOrder, WorkOrderKind};

use super::package::{address_dto, address_from};
use super::{
    cancel_request_dto, cancel_request_from, carrier_dto, check_header, check_quantities,
    command_slugs, hold_dto, hold_from, items_from_lines, lines_from_items, order_dto, order_parts,
    parcels_from_dto, parcels_to_dto, rejection_dto, rejection_from, wire_change_seq, wire_id,
    wire_version,
};
use crate::dto::{DispatchDto, LocationDto, TransferDto};
use crate::error::PayloadError;
use crate::state::{transfer_state, transfer_state_of, transfer_status};

/// A transfer order as the domain work order of `viewer_store`: a transfer out when the viewer is the source, a
/// transfer in when it is the destination.
///
/// The destination sees a transfer only from `in_transit` on; an earlier state for a destination viewer is an
/// [`PayloadError::InvalidField`].
pub fn transfer_to_domain(
    dto: &TransferDto,
    viewer_store: &str,
) -> Result<WorkOrder, PayloadError> {
    let (ctx, version) = check_header(
        "transfer order",
        dto.id,
        &dto.number,
        dto.version,
        dto.change_seq,
        &dto.commands,
    )?;
    let row = transfer_state(dto.state.enum_value)
        .ok_or_else(|| ctx.unknown_state(dto.state.enum_value))?;
    if dto.source.erp_code == dto.destination.erp_code {
        return Err(ctx.invalid(
            "destination.erp_code",
            format!(
                "source and destination are the same location ({:?})",
                dto.source.erp_code
            ),
        ));
    }
    let (kind, other) = if dto.source.erp_code == viewer_store {
        (WorkOrderKind::TransferOut, &dto.destination)
    } else if dto.destination.erp_code == viewer_store {
        (WorkOrderKind::TransferIn, &dto.source)
    } else {
        return Err(ctx.invalid(
            "source.erp_code",
            format!(
                "the transfer goes from {:?} to {:?}; this store ({viewer_store:?}) is neither",
                dto.source.erp_code, dto.destination.erp_code
            ),
        ));
    };
    let status = transfer_status(dto.state.enum_value, kind).ok_or_else(|| {
        ctx.invalid(
            "state",
            format!(
                "the destination store does not see a transfer in state {} ({}): it becomes visible when dispatched",
                row.enum_value, row.name
            ),
        )
    })?;
    if dto.reassigned_to.as_deref() == Some(viewer_store) {
        return Err(ctx.invalid(
            "reassigned_to",
            "a transfer cannot be reassigned to a store it already involves",
        ));
    }
    let lines = lines_from_items(&ctx, &dto.items, true)?;
    let parcels = parcels_from_dto(&ctx, &dto.parcels, &lines)?;
    let (order_number, channel) = order_parts(&dto.order);
    let counterparty = match (&dto.reassigned_to, status) {
        (Some(to), Status::Reassigned) => to.clone(),
        _ => other.erp_code.clone(),
    };
    let wo = WorkOrder {
        id: dto.id.to_string(),
        number: dto.number.clone(),
        kind,
        status,
        version,
        store: viewer_store.to_string(),
        order_number,
        channel,
        customer: None,
        address: other.address.as_ref().map(address_from),
        counterparty: Some(counterparty),
        carrier: dto.carrier.as_ref().map(|c| c.name.clone()),
        due_at: dto.due_date,
        created_at: dto.created_date,
        updated_at: dto.modified_date,
        lines,
        parcels,
        pickup: None,
        dispatch: dto.dispatch.as_ref().map(|d| Dispatch {
            carrier: d.carrier.clone(),
            tracking_number: d.tracking_number.clone(),
        }),
        hold: hold_from(&dto.hold),
        cancel_request: cancel_request_from(&dto.cancel_request),
        rejection: rejection_from(&dto.rejection),
        applied_command_ids: dto.applied_command_ids.clone(),
    };
    check_quantities(&ctx, &wo)?;
    Ok(wo)
}

/// The transfer order its store sees for a transfer-out or transfer-in work order, with `commands` computed
/// from the domain state machine.
///
/// The viewer is `wo.store`; `wo.counterparty` (required) is the other location, whose address is
/// `wo.address`. The viewer's own location carries only its code: a server fills in names and addresses it
/// knows.
pub fn work_order_to_transfer_dto(
    wo: &WorkOrder,
    change_seq: u64,
) -> Result<TransferDto, PayloadError> {
    let object = format!("work order {} ({})", wo.id, wo.number);
    if wo.kind.is_packaging() {
        return Err(PayloadError::invalid(
            &object,
            "kind",
            "a packaging order is not a transfer order",
        ));
    }
    let state = transfer_state_of(wo.status, wo.kind).ok_or_else(|| {
        PayloadError::invalid(
            &object,
            "status",
            format!("a {} order cannot be {}", wo.kind.as_str(), wo.status),
        )
    })?;
    let counterparty = wo.counterparty.clone().ok_or_else(|| {
        PayloadError::invalid(
            &object,
            "counterparty",
            "a transfer needs the other location's code",
        )
    })?;
    let own = LocationDto {
        erp_code: wo.store.clone(),
        name: wo.store.clone(),
        address: None,
    };
    let other = LocationDto {
        name: wo
            .address
            .as_ref()
            .map_or_else(|| counterparty.clone(), |a| a.name.clone()),
        erp_code: counterparty.clone(),
        address: wo.address.as_ref().map(address_dto),
    };
    let (source, destination) = match wo.kind {
        WorkOrderKind::TransferOut => (own, other),
        _ => (other, own),
    };
    Ok(TransferDto {
        id: wire_id(&object, "id", &wo.id)?,
        number: wo.number.clone(),
        source,
        destination,
        state,
        commands: command_slugs(wo),
        version: wire_version(&object, wo.version)?,
        change_seq: wire_change_seq(&object, change_seq)?,
        order: order_dto(wo),
        carrier: carrier_dto(&wo.carrier),
        due_date: wo.due_at,
        created_date: wo.created_at,
        modified_date: wo.updated_at,
        items: items_from_lines(&object, &wo.lines, true)?,
        parcels: parcels_to_dto(&object, &wo.parcels)?,
        dispatch: wo.dispatch.as_ref().map(|d| DispatchDto {
            carrier: d.carrier.clone(),
            tracking_number: d.tracking_number.clone(),
        }),
        hold: hold_dto(&wo.hold),
        cancel_request: cancel_request_dto(&wo.cancel_request),
        rejection: rejection_dto(&wo.rejection),
        applied_command_ids: wo.applied_command_ids.clone(),
        reassigned_to: (wo.status == Status::Reassigned).then_some(counterparty),
    })
}
