//! State objects (`"state": {"enum_value": 200, "name": "preparing"}`) and their mapping to domain statuses.
//!
//! The numeric `enum_value` is authoritative; `name` is informative and never read. Packages and transfer orders
//! have separate tables, [`PACKAGE_STATES`] and [`TRANSFER_STATES`], which are the single source of truth for the
//! numbers in `docs/oms-api.md` (a test checks that the document agrees).

use serde::{Deserialize, Serialize};
use storedesk_domain::{Status, WorkOrderKind};

/// A state object as it appears on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateDto {
    /// The authoritative numeric value.
    pub enum_value: i64,
    /// Human-readable name (informative only).
    #[serde(default)]
    pub name: String,
}

/// One row of a state table: the wire value and name, and the domain status it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StateRow {
    pub enum_value: i64,
    pub name: &'static str,
    /// The domain status, as seen by the store the row applies to.
    pub status: Status,
}

/// Package (packaging order) states, `PackageStatus`. The same table serves ship-from-store and
/// click-and-collect; [`Status::valid_for`] says which rows each delivery type can be in.
pub const PACKAGE_STATES: [StateRow; 12] = [
    row(100, "waiting", Status::Assigned),
    row(150, "accepted", Status::Accepted),
    row(200, "preparing", Status::Picking),
    row(400, "ready_for_packaging", Status::Picked),
    row(500, "packed", Status::Packed),
    row(550, "ready_to_ship", Status::ReadyToShip),
    row(600, "ready_for_pickup", Status::ReadyForPickup),
    row(700, "shipped", Status::Shipped),
    row(750, "delivered", Status::Collected),
    row(900, "rejected", Status::Rejected),
    row(950, "cancelled", Status::Cancelled),
    row(960, "reassigned", Status::Reassigned),
];

/// Transfer order states, `TransferStatus`, with the domain status **as the source store sees them**. The
/// destination store sees only the rows [`transfer_status`] maps for it: `in_transit` (400) is `InTransit` and
/// `transfer_complete` (500) is `Received` there.
pub const TRANSFER_STATES: [StateRow; 10] = [
    row(100, "waiting", Status::Assigned),
    row(150, "accepted", Status::Accepted),
    row(200, "preparing", Status::Picking),
    row(300, "ready_for_packaging", Status::Picked),
    row(350, "ready_for_shipment", Status::Packed),
    row(400, "in_transit", Status::Dispatched),
    row(500, "transfer_complete", Status::Dispatched),
    row(900, "not_found", Status::Rejected),
    row(950, "cancelled", Status::Cancelled),
    row(960, "reassigned", Status::Reassigned),
];

const fn row(enum_value: i64, name: &'static str, status: Status) -> StateRow {
    StateRow {
        enum_value,
        name,
        status,
    }
}

/// The package state row with this value.
pub fn package_state(enum_value: i64) -> Option<&'static StateRow> {
    PACKAGE_STATES.iter().find(|r| r.enum_value == enum_value)
}

/// The transfer state row with this value.
pub fn transfer_state(enum_value: i64) -> Option<&'static StateRow> {
    TRANSFER_STATES.iter().find(|r| r.enum_value == enum_value)
}

/// The package state object for a domain status; `None` if no package is ever in that status.
pub fn package_state_of(status: Status) -> Option<StateDto> {
    PACKAGE_STATES
        .iter()
        .find(|r| r.status == status)
        .map(StateRow::dto)
}

/// The domain status a transfer in state `enum_value` has for a store that is the source (`TransferOut`) or the
/// destination (`TransferIn`). `None` for unknown values, and for the states the destination never sees (the
/// transfer is not visible to the destination until it is dispatched).
pub fn transfer_status(enum_value: i64, kind: WorkOrderKind) -> Option<Status> {
    let row = transfer_state(enum_value)?;
    match kind {
        WorkOrderKind::TransferOut => Some(row.status),
        WorkOrderKind::TransferIn => match enum_value {
            400 => Some(Status::InTransit),
            500 => Some(Status::Received),
            950 => Some(Status::Cancelled),
            960 => Some(Status::Reassigned),
            _ => None,
        },
        WorkOrderKind::ShipFromStore | WorkOrderKind::ClickAndCollect => None,
    }
}

/// The transfer state object for a domain status of a transfer-out or transfer-in order.
pub fn transfer_state_of(status: Status, kind: WorkOrderKind) -> Option<StateDto> {
    let value = match (kind, status) {
        (WorkOrderKind::TransferIn, Status::InTransit) => 400,
        (WorkOrderKind::TransferIn, Status::Received) => 500,
        (WorkOrderKind::TransferIn, Status::Cancelled) => 950,
        (WorkOrderKind::TransferIn, Status::Reassigned) => 960,
        (WorkOrderKind::TransferOut, status) => {
            TRANSFER_STATES
                .iter()
                .find(|r| r.status == status)?
                .enum_value
        }
        _ => return None,
    };
    transfer_state(value).map(StateRow::dto)
}

impl StateRow {
    /// The wire state object of this row.
    pub fn dto(&self) -> StateDto {
        StateDto {
            enum_value: self.enum_value,
            name: self.name.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_package_status_round_trips() {
        for kind in [WorkOrderKind::ShipFromStore, WorkOrderKind::ClickAndCollect] {
            for status in Status::ALL.into_iter().filter(|s| s.valid_for(kind)) {
                let dto = package_state_of(status).expect("package status has a state");
                assert_eq!(
                    package_state(dto.enum_value).map(|r| r.status),
                    Some(status)
                );
            }
        }
    }

    #[test]
    fn every_transfer_status_round_trips_for_its_viewer() {
        for kind in [WorkOrderKind::TransferOut, WorkOrderKind::TransferIn] {
            for status in Status::ALL.into_iter().filter(|s| s.valid_for(kind)) {
                let dto = transfer_state_of(status, kind).expect("transfer status has a state");
                assert_eq!(
                    transfer_status(dto.enum_value, kind),
                    Some(status),
                    "{kind:?} {status}"
                );
            }
        }
    }

    #[test]
    fn destination_does_not_see_source_side_states() {
        assert_eq!(transfer_status(100, WorkOrderKind::TransferIn), None);
        assert_eq!(transfer_status(900, WorkOrderKind::TransferIn), None);
        assert_eq!(
            transfer_status(500, WorkOrderKind::TransferOut),
            Some(Status::Dispatched)
        );
    }

    #[test]
    fn values_are_unique() {
        for table in [&PACKAGE_STATES[..], &TRANSFER_STATES[..]] {
            for (i, a) in table.iter().enumerate() {
                for b in &table[i + 1..] {
                    assert_ne!(a.enum_value, b.enum_value);
                    assert_ne!(a.name, b.name);
                }
            }
        }
    }
}
