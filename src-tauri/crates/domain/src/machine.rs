//! The state machine: which commands each kind allows in each status, and what they do.
//!
//! [`apply`] never mutates its input: it returns the new work order or a typed error, so a caller can apply a
//! command, persist the result and the outbox row in one transaction, or throw both away.

use std::collections::{BTreeMap, BTreeSet};

use crate::command::{Command, CommandKind, LineQuantity, ParcelSpec, ReceiveLine};
use crate::error::{DomainError, ScanError};
use crate::model::{
    LineRejection, Parcel, ReasonCatalog, Rejection, Status, WorkOrder, WorkOrderKind,
    pickup_code_hash,
};

/// Largest parcel weight accepted (70 kg, the common carrier limit).
pub const MAX_PARCEL_WEIGHT_G: u32 = 70_000;

/// Commands the status allows for this kind, ignoring holds and cancel requests.
fn allowed_by_status(kind: WorkOrderKind, status: Status) -> &'static [CommandKind] {
    use CommandKind as C;
    use Status as S;
    use WorkOrderKind as K;
    match (kind, status) {
        (K::TransferIn, S::InTransit) => &[C::Receive],
        (K::TransferIn, _) => &[],
        (_, S::Assigned) => &[C::Accept, C::Reject, C::RejectLines],
        (_, S::Accepted) => &[C::Reject, C::RejectLines, C::Pick],
        (_, S::Picking) => &[
            C::Reject,
            C::RejectLines,
            C::Pick,
            C::ShortPick,
            C::CompletePick,
        ],
        (_, S::Picked) => &[C::Pack],
        (K::ShipFromStore, S::Packed) => &[C::AttachLabel],
        (K::ShipFromStore, S::ReadyToShip) => &[C::HandoverToCarrier],
        (K::ClickAndCollect, S::Packed) => &[C::MarkReadyForPickup],
        (K::ClickAndCollect, S::ReadyForPickup) => &[C::HandoverToCustomer],
        (K::TransferOut, S::Packed) => &[C::Dispatch],
        _ => &[],
    }
}

/// The commands the store may send now, in a stable order. A hold blocks everything; a cancel request allows only
/// acknowledging it.
pub fn allowed_commands(wo: &WorkOrder) -> Vec<CommandKind> {
    if wo.status.is_terminal() || wo.hold.is_some() {
        return Vec::new();
    }
    if wo.cancel_request.is_some() {
        return vec![CommandKind::AcknowledgeCancel];
    }
    allowed_by_status(wo.kind, wo.status).to_vec()
}

/// Check that `command` may be applied now, without applying it.
pub fn check_allowed(wo: &WorkOrder, command: CommandKind) -> Result<(), DomainError> {
    if let Some(hold) = &wo.hold
        && !wo.status.is_terminal()
    {
        return Err(DomainError::OnHold {
            reason: hold.reason.clone(),
        });
    }
    if wo.cancel_request.is_some()
        && !wo.status.is_terminal()
        && command != CommandKind::AcknowledgeCancel
    {
        return Err(DomainError::CancelRequested);
    }
    if allowed_commands(wo).contains(&command) {
        Ok(())
    } else {
        Err(DomainError::NotAllowed {
            command,
            status: wo.status,
            kind: wo.kind,
        })
    }
}

/// Apply a store command. Returns the new work order (same version: the OMS bumps versions) or why it is refused.
pub fn apply(
    wo: &WorkOrder,
    command: &Command,
    reasons: &ReasonCatalog,
) -> Result<WorkOrder, DomainError> {
    check_allowed(wo, command.kind())?;
    for code in command.reasons() {
        if !reasons.is_valid(code) {
            return Err(DomainError::UnknownReason {
                code: code.to_string(),
            });
        }
    }
    let mut next = wo.clone();
    match command {
        Command::Accept => {
            for line in &mut next.lines {
                line.accepted = line.open_quantity();
            }
            next.status = Status::Accepted;
        }
        Command::Reject { reason, note } => {
            for line in &mut next.lines {
                line.rejected = line.requested;
                line.accepted = 0;
                line.picked = 0;
            }
            next.rejection = Some(Rejection {
                reason: reason.clone(),
                note: clean(note),
            });
            next.status = Status::Rejected;
        }
        Command::RejectLines { lines } => reject_lines(&mut next, lines)?,
        Command::Pick {
            line_id, quantity, ..
        } => {
            let line = line_mut(&mut next, line_id)?;
            let max = line.remaining_to_pick();
            if *quantity == 0 || *quantity > max {
                return Err(DomainError::QuantityOutOfRange {
                    line_id: line_id.clone(),
                    quantity: *quantity,
                    max,
                });
            }
            line.picked += quantity;
            next.status = Status::Picking;
        }
        Command::ShortPick {
            line_id,
            quantity,
            reason,
            note,
        } => {
            reject_lines(
                &mut next,
                &[LineQuantity {
                    line_id: line_id.clone(),
                    quantity: *quantity,
                    reason: reason.clone(),
                    note: note.clone(),
                }],
            )?;
        }
        Command::CompletePick => {
            if let Some(line) = next.lines.iter().find(|l| l.remaining_to_pick() > 0) {
                return Err(DomainError::PickIncomplete {
                    line_id: line.id.clone(),
                    remaining: line.remaining_to_pick(),
                });
            }
            next.status = Status::Picked;
        }
        Command::Pack { parcels } => pack(&mut next, parcels)?,
        Command::AttachLabel {
            parcel_ref,
            tracking_number,
        } => {
            let parcel = next
                .parcels
                .iter_mut()
                .find(|p| &p.parcel_ref == parcel_ref)
                .ok_or_else(|| DomainError::UnknownParcel {
                    parcel_ref: parcel_ref.clone(),
                })?;
            let local_tracking = clean(tracking_number);
            if parcel.label_formats.is_empty()
                && parcel.tracking_number.is_none()
                && local_tracking.is_none()
            {
                return Err(DomainError::LabelMissing {
                    parcel_ref: parcel_ref.clone(),
                });
            }
            if parcel.tracking_number.is_none() {
                parcel.tracking_number = local_tracking;
            }
            parcel.label_attached = true;
            if next.parcels.iter().all(|p| p.label_attached) {
                next.status = Status::ReadyToShip;
            }
        }
        Command::HandoverToCarrier { parcel_refs } => {
            let given: BTreeSet<&str> = parcel_refs.iter().map(String::as_str).collect();
            for r in &given {
                if next.parcel(r).is_none() {
                    return Err(DomainError::UnknownParcel {
                        parcel_ref: r.to_string(),
                    });
                }
            }
            let missing: Vec<String> = next
                .parcels
                .iter()
                .filter(|p| !given.contains(p.parcel_ref.as_str()))
                .map(|p| p.parcel_ref.clone())
                .collect();
            if !missing.is_empty() {
                return Err(DomainError::ParcelsNotConfirmed { missing });
            }
            next.status = Status::Shipped;
        }
        Command::MarkReadyForPickup { shelf_location } => {
            let shelf = shelf_location.trim();
            if shelf.is_empty() {
                return Err(DomainError::MissingField {
                    field: "shelf location",
                });
            }
            let pickup = next.pickup.get_or_insert_with(Default::default);
            pickup.shelf_location = Some(shelf.to_string());
            next.status = Status::ReadyForPickup;
        }
        Command::HandoverToCustomer {
            pickup_code,
            collected_by,
        } => {
            let collector = collected_by.trim();
            if collector.is_empty() {
                return Err(DomainError::MissingField {
                    field: "collector's name",
                });
            }
            let pickup = next.pickup.as_mut().ok_or(DomainError::WrongPickupCode)?;
            if pickup.code_sha256 != pickup_code_hash(pickup_code) {
                return Err(DomainError::WrongPickupCode);
            }
            pickup.collected_by = Some(collector.to_string());
            next.status = Status::Collected;
        }
        Command::Dispatch {
            carrier,
            tracking_number,
        } => {
            let (carrier, tracking) = (carrier.trim(), tracking_number.trim());
            if carrier.is_empty() {
                return Err(DomainError::MissingField { field: "carrier" });
            }
            if tracking.is_empty() {
                return Err(DomainError::MissingField {
                    field: "tracking number",
                });
            }
            next.dispatch = Some(crate::model::Dispatch {
                carrier: carrier.to_string(),
                tracking_number: tracking.to_string(),
            });
            next.status = Status::Dispatched;
        }
        Command::Receive { lines } => receive(&mut next, lines)?,
        Command::AcknowledgeCancel => {
            for line in &mut next.lines {
                line.picked = 0;
                line.packed = 0;
            }
            next.status = Status::Cancelled;
        }
    }
    debug_assert!(next.quantities_consistent());
    Ok(next)
}

fn clean(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn line_mut<'a>(
    wo: &'a mut WorkOrder,
    line_id: &str,
) -> Result<&'a mut crate::model::Line, DomainError> {
    wo.lines
        .iter_mut()
        .find(|l| l.id == line_id)
        .ok_or_else(|| DomainError::UnknownLine {
            line_id: line_id.to_string(),
        })
}

fn no_duplicates<'a>(ids: impl Iterator<Item = &'a str>) -> Result<(), DomainError> {
    let mut seen = BTreeSet::new();
    for id in ids {
        if !seen.insert(id) {
            return Err(DomainError::DuplicateLine {
                line_id: id.to_string(),
            });
        }
    }
    Ok(())
}

fn reject_lines(wo: &mut WorkOrder, lines: &[LineQuantity]) -> Result<(), DomainError> {
    if lines.is_empty() {
        return Err(DomainError::NothingGiven);
    }
    no_duplicates(lines.iter().map(|l| l.line_id.as_str()))?;
    let before_accept = wo.status == Status::Assigned;
    for rq in lines {
        let line = line_mut(wo, &rq.line_id)?;
        // Before acceptance anything still open can be rejected; afterwards only accepted units not yet picked.
        let max = if before_accept {
            line.open_quantity()
        } else {
            line.remaining_to_pick()
        };
        if rq.quantity == 0 || rq.quantity > max {
            return Err(DomainError::QuantityOutOfRange {
                line_id: rq.line_id.clone(),
                quantity: rq.quantity,
                max,
            });
        }
        line.rejected += rq.quantity;
        if !before_accept {
            line.accepted -= rq.quantity;
        }
        line.rejections.push(LineRejection {
            quantity: rq.quantity,
            reason: rq.reason.clone(),
            note: clean(&rq.note),
        });
    }
    if wo.lines.iter().all(|l| l.open_quantity() == 0) {
        let reason = lines[0].reason.clone();
        wo.rejection = Some(Rejection { reason, note: None });
        wo.status = Status::Rejected;
    }
    Ok(())
}

fn pack(wo: &mut WorkOrder, parcels: &[ParcelSpec]) -> Result<(), DomainError> {
    if parcels.is_empty() {
        return Err(DomainError::NothingGiven);
    }
    let mut refs = BTreeSet::new();
    let mut per_line: BTreeMap<&str, u32> = BTreeMap::new();
    for p in parcels {
        let invalid = |problem: &str| DomainError::InvalidParcel {
            parcel_ref: p.parcel_ref.clone(),
            problem: problem.to_string(),
        };
        if p.parcel_ref.trim().is_empty() {
            return Err(invalid("it has no reference"));
        }
        if !refs.insert(p.parcel_ref.as_str()) {
            return Err(invalid("the reference is used twice"));
        }
        if p.box_type.trim().is_empty() {
            return Err(invalid("choose a box type"));
        }
        if p.weight_g == 0 || p.weight_g > MAX_PARCEL_WEIGHT_G {
            return Err(invalid(&format!(
                "weight {} g is out of range (1 g to {} kg)",
                p.weight_g,
                MAX_PARCEL_WEIGHT_G / 1000
            )));
        }
        if p.contents.iter().all(|c| c.quantity == 0) {
            return Err(invalid("it is empty"));
        }
        no_duplicates(p.contents.iter().map(|c| c.line_id.as_str()))?;
        for item in &p.contents {
            if wo.line(&item.line_id).is_none() {
                return Err(DomainError::UnknownLine {
                    line_id: item.line_id.clone(),
                });
            }
            let slot = per_line.entry(item.line_id.as_str()).or_default();
            *slot = slot.saturating_add(item.quantity);
        }
    }
    for line in &wo.lines {
        let in_parcels = per_line.get(line.id.as_str()).copied().unwrap_or(0);
        if in_parcels != line.picked {
            return Err(DomainError::PackMismatch {
                line_id: line.id.clone(),
                in_parcels,
                picked: line.picked,
            });
        }
    }
    for line in &mut wo.lines {
        line.packed = line.picked;
    }
    wo.parcels = parcels
        .iter()
        .map(|p| Parcel {
            parcel_ref: p.parcel_ref.clone(),
            box_type: p.box_type.trim().to_string(),
            weight_g: p.weight_g,
            contents: p
                .contents
                .iter()
                .filter(|c| c.quantity > 0)
                .cloned()
                .collect(),
            number: None,
            carrier: None,
            tracking_number: None,
            label_formats: Vec::new(),
            label_attached: false,
        })
        .collect();
    wo.status = Status::Packed;
    Ok(())
}

fn receive(wo: &mut WorkOrder, lines: &[ReceiveLine]) -> Result<(), DomainError> {
    no_duplicates(lines.iter().map(|l| l.line_id.as_str()))?;
    for rl in lines {
        if wo.line(&rl.line_id).is_none() {
            return Err(DomainError::UnknownLine {
                line_id: rl.line_id.clone(),
            });
        }
    }
    for line in &mut wo.lines {
        let Some(rl) = lines.iter().find(|r| r.line_id == line.id) else {
            return Err(DomainError::ReceiveMismatch {
                line_id: line.id.clone(),
                received: 0,
                damaged: 0,
                missing: 0,
                requested: line.requested,
            });
        };
        let total = rl
            .received
            .checked_add(rl.damaged)
            .and_then(|s| s.checked_add(rl.missing));
        if total != Some(line.requested) {
            return Err(DomainError::ReceiveMismatch {
                line_id: line.id.clone(),
                received: rl.received,
                damaged: rl.damaged,
                missing: rl.missing,
                requested: line.requested,
            });
        }
        line.received = rl.received;
        line.damaged = rl.damaged;
        line.missing = rl.missing;
        line.receive_note = clean(&rl.note);
    }
    wo.status = Status::Received;
    Ok(())
}

/// Turn one scan into a pick of one unit, or say precisely why it does not count.
pub fn scan_pick(wo: &WorkOrder, input: &str) -> Result<Command, ScanError> {
    check_allowed(wo, CommandKind::Pick)?;
    let gtin = scanned_gtin(input)?;
    let mut matching = wo.lines.iter().filter(|l| l.has_gtin(&gtin)).peekable();
    let Some(first) = matching.peek().copied() else {
        return Err(ScanError::WrongItem { gtin });
    };
    match matching.find(|l| l.remaining_to_pick() > 0) {
        Some(line) => Ok(Command::Pick {
            line_id: line.id.clone(),
            quantity: 1,
            barcode: Some(input.trim().to_string()),
        }),
        None => Err(ScanError::OverPick {
            line_id: first.id.clone(),
            sku: first.sku.clone(),
            accepted: first.accepted,
        }),
    }
}

/// The line of an inbound transfer a scanned item belongs to (receiving counts per line).
pub fn scan_line<'a>(wo: &'a WorkOrder, input: &str) -> Result<&'a crate::model::Line, ScanError> {
    let gtin = scanned_gtin(input)?;
    wo.lines
        .iter()
        .find(|l| l.has_gtin(&gtin))
        .ok_or(ScanError::WrongItem { gtin })
}

fn scanned_gtin(input: &str) -> Result<String, ScanError> {
    let barcode = storedesk_barcode::parse(input).map_err(|e| ScanError::UnknownBarcode {
        input: input.trim().to_string(),
        reason: e.to_string(),
    })?;
    barcode.gtin14().ok_or_else(|| ScanError::NotAProduct {
        input: input.trim().to_string(),
    })
}

/// Changes the OMS makes on its own (a customer cancels, a planner reassigns or holds an order). The simulator
/// applies these; the store only ever sees their result in a snapshot.
pub mod upstream {
    use chrono::{DateTime, Utc};

    use crate::model::{CancelRequest, Hold, Status, WorkOrder};

    /// What happened when the OMS was asked to cancel an order.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum CancelOutcome {
        /// No work had started: cancelled at once.
        Cancelled,
        /// Work had started: the store must acknowledge.
        Requested,
        /// Too late (terminal already): nothing changed.
        TooLate,
    }

    /// A customer cancel: immediate before picking starts, a request once the store is working on it.
    pub fn request_cancel(wo: &mut WorkOrder, reason: &str, at: DateTime<Utc>) -> CancelOutcome {
        match wo.status {
            s if s.is_terminal() => CancelOutcome::TooLate,
            Status::Assigned | Status::Accepted | Status::InTransit => {
                wo.status = Status::Cancelled;
                CancelOutcome::Cancelled
            }
            _ => {
                wo.cancel_request = Some(CancelRequest {
                    reason: reason.to_string(),
                    requested_at: at,
                });
                CancelOutcome::Requested
            }
        }
    }

    /// Hard cancel: the order is gone whatever the store was doing. Returns false if it was already terminal.
    pub fn cancel(wo: &mut WorkOrder) -> bool {
        if wo.status.is_terminal() {
            return false;
        }
        wo.status = Status::Cancelled;
        wo.cancel_request = None;
        true
    }

    /// The order moves to another location. Returns false if it was already terminal.
    pub fn reassign(wo: &mut WorkOrder, to_store: &str) -> bool {
        if wo.status.is_terminal() {
            return false;
        }
        wo.status = Status::Reassigned;
        wo.counterparty = Some(to_store.to_string());
        true
    }

    pub fn hold(wo: &mut WorkOrder, reason: &str, note: Option<String>) -> bool {
        if wo.status.is_terminal() {
            return false;
        }
        wo.hold = Some(Hold {
            reason: reason.to_string(),
            note,
        });
        true
    }

    pub fn release_hold(wo: &mut WorkOrder) -> bool {
        wo.hold.take().is_some()
    }
}
