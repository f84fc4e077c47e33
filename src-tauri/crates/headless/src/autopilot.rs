//! A scripted clerk: given a work order, the next sensible action that moves it towards done.
//!
//! Used by the headless station for demos and soak runs, and by the chaos and kill tests to generate realistic
//! command streams. It only ever proposes actions the domain allows, so it exercises the same code paths a person
//! does.

use storedesk_domain::{
    Command, LineQuantity, ParcelItem, ParcelSpec, ReasonCatalog, ReceiveLine, Status, WorkOrder,
    WorkOrderKind,
};

/// Choices the autopilot makes; deterministic for a given `roll` source.
pub struct Autopilot<'a> {
    /// Returns a number in 0..100; the autopilot uses it for the occasional short pick or damaged item.
    pub roll: &'a mut dyn FnMut() -> u32,
    /// Percentage of picks that short-pick the last unit of a line instead (needs a reason in the catalogue).
    pub short_pick_percent: u32,
    /// The plain pickup code of a click-and-collect order (the store only keeps its hash).
    pub pickup_code: &'a dyn Fn(&WorkOrder) -> Option<String>,
}

impl Autopilot<'_> {
    /// The next action for `wo`, or `None` when there is nothing to do now (done, on hold, waiting for the OMS).
    pub fn next_action(&mut self, wo: &WorkOrder, reasons: &ReasonCatalog) -> Option<Command> {
        if wo.status.is_terminal() || wo.hold.is_some() {
            return None;
        }
        if wo.cancel_request.is_some() {
            return Some(Command::AcknowledgeCancel);
        }
        let reason = reasons.active().next().map(|r| r.code.clone());
        match (wo.kind, wo.status) {
            (_, Status::Assigned) => Some(Command::Accept),
            (_, Status::Accepted | Status::Picking) => {
                let Some(line) = wo.lines.iter().find(|l| l.remaining_to_pick() > 0) else {
                    return Some(Command::CompletePick);
                };
                if line.remaining_to_pick() == 1
                    && line.picked > 0
                    && (self.roll)() < self.short_pick_percent
                    && let Some(reason) = reason
                {
                    return Some(Command::ShortPick {
                        line_id: line.id.clone(),
                        quantity: 1,
                        reason,
                        note: Some("not on the shelf".into()),
                    });
                }
                Some(Command::Pick {
                    line_id: line.id.clone(),
                    quantity: 1,
                    barcode: line.barcodes.first().cloned(),
                })
            }
            (_, Status::Picked) => {
                let contents: Vec<ParcelItem> = wo
                    .lines
                    .iter()
                    .filter(|l| l.picked > 0)
                    .map(|l| ParcelItem {
                        line_id: l.id.clone(),
                        quantity: l.picked,
                    })
                    .collect();
                let units: u32 = contents.iter().map(|c| c.quantity).sum();
                Some(Command::Pack {
                    parcels: vec![ParcelSpec {
                        parcel_ref: "1".into(),
                        box_type: if units > 3 { "M" } else { "S" }.into(),
                        weight_g: 250 + 400 * units,
                        contents,
                    }],
                })
            }
            (WorkOrderKind::ShipFromStore, Status::Packed) => wo
                .parcels
                .iter()
                .find(|p| !p.label_attached && !p.label_formats.is_empty())
                .map(|p| Command::AttachLabel {
                    parcel_ref: p.parcel_ref.clone(),
                    tracking_number: None,
                }),
            (WorkOrderKind::ShipFromStore, Status::ReadyToShip) => {
                Some(Command::HandoverToCarrier {
                    parcel_refs: wo.parcels.iter().map(|p| p.parcel_ref.clone()).collect(),
                })
            }
            (WorkOrderKind::ClickAndCollect, Status::Packed) => Some(Command::MarkReadyForPickup {
                shelf_location: format!("C-{:02}", wo.lines.len()),
            }),
            (WorkOrderKind::ClickAndCollect, Status::ReadyForPickup) => {
                let code = (self.pickup_code)(wo)?;
                let collected_by = wo
                    .customer
                    .as_ref()
                    .map(|c| c.name.clone())
                    .unwrap_or_else(|| "Customer".into());
                Some(Command::HandoverToCustomer {
                    pickup_code: code,
                    collected_by,
                })
            }
            (WorkOrderKind::TransferOut, Status::Packed) => Some(Command::Dispatch {
                carrier: wo.carrier.clone().unwrap_or_else(|| "Store courier".into()),
                tracking_number: format!("TR{}", wo.number.replace('-', "")),
            }),
            (WorkOrderKind::TransferIn, Status::InTransit) => {
                let damaged_one = (self.roll)() < 20;
                Some(Command::Receive {
                    lines: wo
                        .lines
                        .iter()
                        .enumerate()
                        .map(|(i, l)| {
                            let damaged = u32::from(damaged_one && i == 0 && l.requested > 0);
                            ReceiveLine {
                                line_id: l.id.clone(),
                                received: l.requested - damaged,
                                damaged,
                                missing: 0,
                                note: (damaged > 0).then(|| "box crushed in transit".into()),
                            }
                        })
                        .collect(),
                })
            }
            _ => None,
        }
    }
}

/// A partial reject of one unit of the first line, for flows that want one.
pub fn reject_one_unit(wo: &WorkOrder, reason: &str) -> Option<Command> {
    let line = wo.lines.iter().find(|l| l.open_quantity() > 0)?;
    Some(Command::RejectLines {
        lines: vec![LineQuantity {
            line_id: line.id.clone(),
            quantity: 1,
            reason: reason.to_string(),
            note: None,
        }],
    })
}
