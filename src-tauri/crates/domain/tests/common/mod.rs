//! Builders shared by the domain tests.
#![allow(dead_code)]

use chrono::{TimeZone, Utc};
use storedesk_domain::*;

pub const EAN_A: &str = "4006381333931";
pub const EAN_B: &str = "9780201379624";
pub const EAN_OTHER: &str = "5901234123457";
pub const PICKUP_CODE: &str = "PU-7K3Q9M";

pub fn line(id: &str, ean: &str, requested: u32) -> Line {
    Line {
        id: id.into(),
        sku: format!("SKU-{id}"),
        name: format!("Product {id}"),
        barcodes: vec![ean.into()],
        image_url: None,
        requested,
        accepted: 0,
        rejected: 0,
        picked: 0,
        packed: 0,
        received: 0,
        damaged: 0,
        missing: 0,
        rejections: vec![],
        receive_note: None,
    }
}

pub fn order(kind: WorkOrderKind) -> WorkOrder {
    let t = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    WorkOrder {
        id: "1".into(),
        number: "PKG-000001".into(),
        kind,
        status: if kind == WorkOrderKind::TransferIn {
            Status::InTransit
        } else {
            Status::Assigned
        },
        version: 1,
        store: "IST-01".into(),
        order_number: Some("ORD-2026-000001".into()),
        channel: Some("web".into()),
        customer: Some(Customer {
            name: "Ayşe Yılmaz".into(),
            phone: None,
            email: None,
        }),
        address: None,
        counterparty: None,
        carrier: Some("Aras Kargo".into()),
        due_at: t,
        created_at: t,
        updated_at: t,
        lines: vec![line("L1", EAN_A, 2), line("L2", EAN_B, 1)],
        parcels: vec![],
        pickup: (kind == WorkOrderKind::ClickAndCollect).then(|| Pickup {
            code_sha256: pickup_code_hash(PICKUP_CODE),
            shelf_location: None,
            collected_by: None,
        }),
        dispatch: None,
        hold: None,
        cancel_request: None,
        rejection: None,
        applied_command_ids: vec![],
    }
}

pub fn reasons() -> ReasonCatalog {
    ReasonCatalog::new(vec![
        Reason {
            code: "OUT_OF_STOCK".into(),
            title: "Out of stock".into(),
            active: true,
        },
        Reason {
            code: "DAMAGED".into(),
            title: "Damaged".into(),
            active: true,
        },
        Reason {
            code: "RETIRED".into(),
            title: "No longer used".into(),
            active: false,
        },
    ])
}

pub fn run(wo: &WorkOrder, cmds: &[Command]) -> Result<WorkOrder, DomainError> {
    let mut cur = wo.clone();
    for c in cmds {
        cur = apply(&cur, c, &reasons())?;
    }
    Ok(cur)
}

pub fn pick(line_id: &str) -> Command {
    Command::Pick {
        line_id: line_id.into(),
        quantity: 1,
        barcode: None,
    }
}

pub fn one_parcel(wo: &WorkOrder) -> Command {
    Command::Pack {
        parcels: vec![ParcelSpec {
            parcel_ref: "1".into(),
            box_type: "S".into(),
            weight_g: 900,
            contents: wo
                .lines
                .iter()
                .filter(|l| l.picked > 0)
                .map(|l| ParcelItem {
                    line_id: l.id.clone(),
                    quantity: l.picked,
                })
                .collect(),
        }],
    }
}
