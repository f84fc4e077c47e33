//! Checked conversion between wire objects and domain work orders.
//!
//! *To the domain* ([`package_to_domain`], [`transfer_to_domain`]) checks everything the contract promises —
//! known states and command slugs, states possible for the kind, sane quantities whose buckets add up, the
//! pickup hash of a click-and-collect order — and reports the first violation as a [`PayloadError`].
//!
//! *From the domain* ([`work_order_to_package_dto`], [`work_order_to_transfer_dto`]) is what a server (the
//! simulator) sends. It computes `commands` with [`storedesk_domain::allowed_commands`]. Domain → wire → domain
//! gives back the same work order; wire → domain → wire loses only what the domain does not keep (location names
//! and addresses of the viewer's own store, the order's placement date, the carrier code).

mod package;
mod transfer;

use std::collections::BTreeSet;

use serde::Serialize;
use storedesk_domain::machine::MAX_PARCEL_WEIGHT_G;
use storedesk_domain::{
    CancelRequest, CommandKind, Hold, LabelFormat, Line, LineRejection, Parcel, ParcelItem,
    Rejection, WorkOrder, allowed_commands,
};

pub use package::{package_to_domain, work_order_to_package_dto};
pub use transfer::{transfer_to_domain, work_order_to_transfer_dto};

use crate::dto::{
    CancelRequestDto, CarrierDto, HoldDto, ItemDto, ItemRejectionDto, OrderInfoDto,
    ParcelContentDto, ParcelDto, RejectionDto,
};
use crate::error::PayloadError;

/// Largest quantity of one line the contract allows; anything above is a data error, not an order.
pub const MAX_LINE_QUANTITY: i64 = 100_000;
/// Most items (lines) one work order may have.
pub const MAX_ITEMS: usize = 1_000;
/// Most parcels one work order may have.
pub const MAX_PARCELS: usize = 1_000;

/// Either wire object, for code that handles both feeds (serialises as the inner object).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum WorkOrderDto {
    Package(crate::dto::PackageDto),
    Transfer(crate::dto::TransferDto),
}

/// The wire object of a work order of any kind, as its store (`wo.store`) sees it.
pub fn work_order_to_dto(wo: &WorkOrder, change_seq: u64) -> Result<WorkOrderDto, PayloadError> {
    if wo.kind.is_packaging() {
        work_order_to_package_dto(wo, change_seq).map(WorkOrderDto::Package)
    } else {
        work_order_to_transfer_dto(wo, change_seq).map(WorkOrderDto::Transfer)
    }
}

/// Names the object in error messages: `package 1042 (PKG-000123)`.
pub(crate) struct Ctx {
    object: String,
}

impl Ctx {
    fn new(what: &str, id: i64, number: &str) -> Ctx {
        Ctx {
            object: format!("{what} {id} ({number})"),
        }
    }

    fn invalid(&self, field: impl Into<String>, problem: impl Into<String>) -> PayloadError {
        PayloadError::invalid(&self.object, field, problem)
    }

    fn unknown_state(&self, enum_value: i64) -> PayloadError {
        PayloadError::UnknownState {
            object: self.object.clone(),
            enum_value,
        }
    }
}

/// Checks the parts every work order has: id, number, version, change sequence, command slugs.
fn check_header(
    what: &str,
    id: i64,
    number: &str,
    version: i64,
    change_seq: i64,
    commands: &[String],
) -> Result<(Ctx, u64), PayloadError> {
    if id <= 0 {
        return Err(PayloadError::invalid(
            &format!("a {what}"),
            "id",
            format!("{id} is not a positive integer"),
        ));
    }
    let ctx = Ctx::new(what, id, number);
    if number.trim().is_empty() {
        return Err(ctx.invalid("number", "it is empty"));
    }
    if version < 1 {
        return Err(ctx.invalid(
            "version",
            format!("{version}: versions start at 1 and only go up"),
        ));
    }
    if change_seq < 1 {
        return Err(ctx.invalid(
            "change_seq",
            format!("{change_seq}: change sequence numbers start at 1"),
        ));
    }
    for slug in commands {
        if CommandKind::from_slug(slug).is_none() {
            return Err(PayloadError::UnknownCommand {
                object: ctx.object.clone(),
                slug: slug.clone(),
            });
        }
    }
    // `version >= 1` was checked, so this cannot fail.
    let version = u64::try_from(version).unwrap_or(1);
    Ok((ctx, version))
}

fn quantity(ctx: &Ctx, field: &str, value: i64, min: i64) -> Result<u32, PayloadError> {
    if value < min || value > MAX_LINE_QUANTITY {
        return Err(ctx.invalid(
            field,
            format!("{value} is out of range ({min} to {MAX_LINE_QUANTITY})"),
        ));
    }
    u32::try_from(value).map_err(|_| ctx.invalid(field, format!("{value} is out of range")))
}

fn transfer_only(
    ctx: &Ctx,
    field: &str,
    value: Option<i64>,
    transfer: bool,
) -> Result<u32, PayloadError> {
    match value {
        Some(v) if transfer => quantity(ctx, field, v, 0),
        _ => Ok(0),
    }
}

/// Items to lines, with ids unique and every quantity in range. The transfer-only buckets (received, damaged,
/// missing, receive note) are read for transfers only.
fn lines_from_items(
    ctx: &Ctx,
    items: &[ItemDto],
    transfer: bool,
) -> Result<Vec<Line>, PayloadError> {
    if items.is_empty() {
        return Err(ctx.invalid("items", "a work order has at least one item"));
    }
    if items.len() > MAX_ITEMS {
        return Err(ctx.invalid(
            "items",
            format!("{} items, more than the {MAX_ITEMS} allowed", items.len()),
        ));
    }
    let mut seen = BTreeSet::new();
    let mut lines = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let at = |field: &str| format!("items[{i}].{field}");
        if item.id <= 0 {
            return Err(ctx.invalid(at("id"), format!("{} is not a positive integer", item.id)));
        }
        if !seen.insert(item.id) {
            return Err(ctx.invalid(at("id"), format!("item id {} appears twice", item.id)));
        }
        if item.sku.trim().is_empty() {
            return Err(ctx.invalid(at("sku"), "it is empty"));
        }
        let rejections = item
            .rejections
            .iter()
            .enumerate()
            .map(|(j, r)| {
                let field = format!("items[{i}].rejections[{j}]");
                if r.reason.trim().is_empty() {
                    return Err(ctx.invalid(format!("{field}.reason"), "it is empty"));
                }
                Ok(LineRejection {
                    quantity: quantity(ctx, &format!("{field}.quantity"), r.quantity, 1)?,
                    reason: r.reason.clone(),
                    note: r.note.clone(),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        lines.push(Line {
            id: item.id.to_string(),
            sku: item.sku.clone(),
            name: item.name.clone(),
            barcodes: item.barcodes.clone(),
            image_url: item.image_url.clone(),
            requested: quantity(ctx, &at("quantity"), item.quantity, 1)?,
            accepted: quantity(ctx, &at("accepted_quantity"), item.accepted_quantity, 0)?,
            rejected: quantity(ctx, &at("rejected_quantity"), item.rejected_quantity, 0)?,
            picked: quantity(ctx, &at("picked_quantity"), item.picked_quantity, 0)?,
            packed: quantity(ctx, &at("packed_quantity"), item.packed_quantity, 0)?,
            received: transfer_only(
                ctx,
                &at("received_quantity"),
                item.received_quantity,
                transfer,
            )?,
            damaged: transfer_only(
                ctx,
                &at("damaged_quantity"),
                item.damaged_quantity,
                transfer,
            )?,
            missing: transfer_only(
                ctx,
                &at("missing_quantity"),
                item.missing_quantity,
                transfer,
            )?,
            rejections,
            receive_note: if transfer {
                item.receive_note.clone()
            } else {
                None
            },
        });
    }
    Ok(lines)
}

/// Parcels to the domain, with references unique, contents naming existing items and weights in range.
fn parcels_from_dto(
    ctx: &Ctx,
    parcels: &[ParcelDto],
    lines: &[Line],
) -> Result<Vec<Parcel>, PayloadError> {
    if parcels.len() > MAX_PARCELS {
        return Err(ctx.invalid(
            "parcels",
            format!(
                "{} parcels, more than the {MAX_PARCELS} allowed",
                parcels.len()
            ),
        ));
    }
    let mut refs = BTreeSet::new();
    parcels
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let at = |field: &str| format!("parcels[{i}].{field}");
            if p.parcel_ref.trim().is_empty() {
                return Err(ctx.invalid(at("parcel_ref"), "it is empty"));
            }
            if !refs.insert(p.parcel_ref.as_str()) {
                return Err(ctx.invalid(
                    at("parcel_ref"),
                    format!("parcel {:?} appears twice", p.parcel_ref),
                ));
            }
            if p.weight_g < 0 || p.weight_g > i64::from(MAX_PARCEL_WEIGHT_G) {
                return Err(ctx.invalid(
                    at("weight_g"),
                    format!(
                        "{} is out of range (0 to {MAX_PARCEL_WEIGHT_G} g)",
                        p.weight_g
                    ),
                ));
            }
            let contents = p
                .contents
                .iter()
                .enumerate()
                .map(|(j, c)| {
                    let line_id = c.item_id.to_string();
                    if !lines.iter().any(|l| l.id == line_id) {
                        return Err(ctx.invalid(
                            format!("parcels[{i}].contents[{j}].item_id"),
                            format!("item {} is not on this work order", c.item_id),
                        ));
                    }
                    Ok(ParcelItem {
                        line_id,
                        quantity: quantity(
                            ctx,
                            &format!("parcels[{i}].contents[{j}].quantity"),
                            c.quantity,
                            1,
                        )?,
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Parcel {
                parcel_ref: p.parcel_ref.clone(),
                box_type: p.box_type.clone(),
                // Range checked above.
                weight_g: u32::try_from(p.weight_g).unwrap_or(0),
                contents,
                number: p.number.clone(),
                carrier: p.carrier.clone(),
                tracking_number: p.tracking_number.clone(),
                // Unknown formats are ignored so that an OMS can offer more than this client prints.
                label_formats: p
                    .label_formats
                    .iter()
                    .filter_map(|f| label_format(f))
                    .collect(),
                label_attached: p.label_attached,
            })
        })
        .collect()
}

fn label_format(s: &str) -> Option<LabelFormat> {
    [LabelFormat::Pdf, LabelFormat::Zpl]
        .into_iter()
        .find(|f| f.as_str() == s)
}

/// Checks the quantity invariants with [`WorkOrder::quantities_consistent`] and names the first broken line.
fn check_quantities(ctx: &Ctx, wo: &WorkOrder) -> Result<(), PayloadError> {
    if wo.quantities_consistent() {
        return Ok(());
    }
    let broken = wo.lines.iter().position(|l| {
        let mut one = wo.clone();
        one.lines = vec![l.clone()];
        !one.quantities_consistent()
    });
    let (i, l) = match broken {
        Some(i) => (i, &wo.lines[i]),
        None => return Err(ctx.invalid("items", "the quantities do not add up")),
    };
    Err(ctx.invalid(
        format!("items[{i}]"),
        format!(
            "quantities of item {} do not add up (requested {}, accepted {}, rejected {}, picked {}, packed {}, \
             received {}, damaged {}, missing {}): accepted + rejected and received + damaged + missing may not \
             exceed requested, picked may not exceed accepted, packed may not exceed picked",
            l.id,
            l.requested,
            l.accepted,
            l.rejected,
            l.picked,
            l.packed,
            l.received,
            l.damaged,
            l.missing
        ),
    ))
}

fn hold_from(dto: &Option<HoldDto>) -> Option<Hold> {
    dto.as_ref().map(|h| Hold {
        reason: h.reason.clone(),
        note: h.note.clone(),
    })
}

fn cancel_request_from(dto: &Option<CancelRequestDto>) -> Option<CancelRequest> {
    dto.as_ref().map(|c| CancelRequest {
        reason: c.reason.clone(),
        requested_at: c.requested_at,
    })
}

fn rejection_from(dto: &Option<RejectionDto>) -> Option<Rejection> {
    dto.as_ref().map(|r| Rejection {
        reason: r.reason.clone(),
        note: r.note.clone(),
    })
}

fn order_parts(order: &Option<OrderInfoDto>) -> (Option<String>, Option<String>) {
    match order {
        Some(o) => (
            Some(o.number.clone()).filter(|n| !n.is_empty()),
            o.channel.clone(),
        ),
        None => (None, None),
    }
}

// ---- from the domain ----

/// Parses a domain id that must be a wire integer id.
fn wire_id(object: &str, field: &str, id: &str) -> Result<i64, PayloadError> {
    id.parse::<i64>().ok().filter(|&v| v > 0).ok_or_else(|| {
        PayloadError::invalid(
            object,
            field,
            format!("{id:?} is not a positive integer id"),
        )
    })
}

fn wire_version(object: &str, version: u64) -> Result<i64, PayloadError> {
    i64::try_from(version)
        .ok()
        .filter(|&v| v >= 1)
        .ok_or_else(|| {
            PayloadError::invalid(object, "version", format!("{version} is out of range"))
        })
}

fn wire_change_seq(object: &str, change_seq: u64) -> Result<i64, PayloadError> {
    i64::try_from(change_seq)
        .ok()
        .filter(|&v| v >= 1)
        .ok_or_else(|| {
            PayloadError::invalid(
                object,
                "change_seq",
                format!("{change_seq} is out of range"),
            )
        })
}

fn command_slugs(wo: &WorkOrder) -> Vec<String> {
    allowed_commands(wo)
        .into_iter()
        .map(|k| k.slug().to_string())
        .collect()
}

fn items_from_lines(
    object: &str,
    lines: &[Line],
    transfer: bool,
) -> Result<Vec<ItemDto>, PayloadError> {
    lines
        .iter()
        .map(|l| {
            Ok(ItemDto {
                id: wire_id(object, "line id", &l.id)?,
                sku: l.sku.clone(),
                name: l.name.clone(),
                barcodes: l.barcodes.clone(),
                image_url: l.image_url.clone(),
                quantity: i64::from(l.requested),
                accepted_quantity: i64::from(l.accepted),
                rejected_quantity: i64::from(l.rejected),
                picked_quantity: i64::from(l.picked),
                packed_quantity: i64::from(l.packed),
                rejections: l
                    .rejections
                    .iter()
                    .map(|r| ItemRejectionDto {
                        quantity: i64::from(r.quantity),
                        reason: r.reason.clone(),
                        note: r.note.clone(),
                    })
                    .collect(),
                received_quantity: transfer.then_some(i64::from(l.received)),
                damaged_quantity: transfer.then_some(i64::from(l.damaged)),
                missing_quantity: transfer.then_some(i64::from(l.missing)),
                receive_note: if transfer {
                    l.receive_note.clone()
                } else {
                    None
                },
            })
        })
        .collect()
}

fn parcels_to_dto(object: &str, parcels: &[Parcel]) -> Result<Vec<ParcelDto>, PayloadError> {
    parcels
        .iter()
        .map(|p| {
            Ok(ParcelDto {
                parcel_ref: p.parcel_ref.clone(),
                number: p.number.clone(),
                box_type: p.box_type.clone(),
                weight_g: i64::from(p.weight_g),
                contents: p
                    .contents
                    .iter()
                    .map(|c| {
                        Ok(ParcelContentDto {
                            item_id: wire_id(object, "parcel contents line id", &c.line_id)?,
                            quantity: i64::from(c.quantity),
                        })
                    })
                    .collect::<Result<Vec<_>, PayloadError>>()?,
                carrier: p.carrier.clone(),
                tracking_number: p.tracking_number.clone(),
                label_formats: p
                    .label_formats
                    .iter()
                    .map(|f| f.as_str().to_string())
                    .collect(),
                label_attached: p.label_attached,
            })
        })
        .collect()
}

fn order_dto(wo: &WorkOrder) -> Option<OrderInfoDto> {
    if wo.order_number.is_none() && wo.channel.is_none() {
        return None;
    }
    Some(OrderInfoDto {
        number: wo.order_number.clone().unwrap_or_default(),
        channel: wo.channel.clone(),
        date_placed: None,
    })
}

fn carrier_dto(name: &Option<String>) -> Option<CarrierDto> {
    name.as_ref().map(|name| CarrierDto {
        code: carrier_code(name),
        name: name.clone(),
    })
}

fn hold_dto(hold: &Option<Hold>) -> Option<HoldDto> {
    hold.as_ref().map(|h| HoldDto {
        reason: h.reason.clone(),
        note: h.note.clone(),
    })
}

fn cancel_request_dto(c: &Option<CancelRequest>) -> Option<CancelRequestDto> {
    c.as_ref().map(|c| CancelRequestDto {
        reason: c.reason.clone(),
        requested_at: c.requested_at,
    })
}

fn rejection_dto(r: &Option<Rejection>) -> Option<RejectionDto> {
    r.as_ref().map(|r| RejectionDto {
        reason: r.reason.clone(),
        note: r.note.clone(),
    })
}

/// A carrier code derived from its display name: `Yurtiçi Kargo` → `yurtici_kargo`.
pub fn carrier_code(name: &str) -> String {
    let mut code = String::with_capacity(name.len());
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        let ascii = match c {
            'ç' => "c",
            'ğ' => "g",
            'ı' | 'í' | 'î' => "i",
            'ö' | 'ø' | 'ó' | 'ô' | 'õ' => "o",
            'ş' => "s",
            'ü' | 'ú' => "u",
            'å' | 'á' | 'â' | 'ã' | 'à' => "a",
            'æ' => "ae",
            'é' | 'ê' => "e",
            c if c.is_ascii_alphanumeric() => {
                code.push(c);
                continue;
            }
            _ => "_",
        };
        if ascii == "_" && (code.is_empty() || code.ends_with('_')) {
            continue;
        }
        code.push_str(ascii);
    }
    code.trim_end_matches('_').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carrier_codes() {
        assert_eq!(carrier_code("Yurtiçi Kargo"), "yurtici_kargo");
        assert_eq!(carrier_code("Posten Bring"), "posten_bring");
        assert_eq!(carrier_code("  Correios "), "correios");
    }
}
