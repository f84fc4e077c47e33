//! Sample work orders of every kind, built directly in the domain.

#![allow(dead_code)]

use chrono::{DateTime, TimeZone, Utc};
use storedesk_domain::{
    Address, CancelRequest, Customer, Dispatch, Hold, LabelFormat, Line, LineRejection, Parcel,
    ParcelItem, Pickup, Rejection, Status, WorkOrder, WorkOrderKind, pickup_code_hash,
};

pub fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, 2, h, m, 7)
        .single()
        .expect("valid date")
        + chrono::Duration::milliseconds(345)
}

pub fn line(id: u32, requested: u32) -> Line {
    Line {
        id: id.to_string(),
        sku: format!("AP-{id:04}-NV-M"),
        name: format!("Oxford Shirt {id}"),
        barcodes: vec!["8690000000017".into()],
        image_url: None,
        requested,
        accepted: 0,
        rejected: 0,
        picked: 0,
        packed: 0,
        received: 0,
        damaged: 0,
        missing: 0,
        rejections: Vec::new(),
        receive_note: None,
    }
}

pub fn address(name: &str) -> Address {
    Address {
        name: name.into(),
        line1: "Bağdat Caddesi No: 214 D: 5".into(),
        line2: Some("Caddebostan".into()),
        postal_code: "34728".into(),
        city: "İstanbul".into(),
        region: Some("Kadıköy".into()),
        country: "TR".into(),
    }
}

fn base(id: &str, number: &str, kind: WorkOrderKind, status: Status) -> WorkOrder {
    WorkOrder {
        id: id.into(),
        number: number.into(),
        kind,
        status,
        version: 7,
        store: "IST-01".into(),
        order_number: Some("ORD-2026-000042".into()),
        channel: Some("web".into()),
        customer: None,
        address: None,
        counterparty: None,
        carrier: None,
        due_at: at(16, 0),
        created_at: at(9, 0),
        updated_at: at(10, 30),
        lines: vec![line(11, 2), line(12, 1)],
        parcels: Vec::new(),
        pickup: None,
        dispatch: None,
        hold: None,
        cancel_request: None,
        rejection: None,
        applied_command_ids: vec![],
    }
}

/// Ship from store, labels attached, one line partly rejected.
pub fn ship_from_store() -> WorkOrder {
    let mut wo = base(
        "1042",
        "PKG-001042",
        WorkOrderKind::ShipFromStore,
        Status::ReadyToShip,
    );
    wo.customer = Some(Customer {
        name: "Ayşe Yılmaz".into(),
        phone: Some("+90 532 412 17 09".into()),
        email: Some("ayse.yilmaz@example.com".into()),
    });
    wo.address = Some(address("Ayşe Yılmaz"));
    wo.carrier = Some("Yurtiçi Kargo".into());
    wo.lines[0].accepted = 1;
    wo.lines[0].rejected = 1;
    wo.lines[0].picked = 1;
    wo.lines[0].packed = 1;
    wo.lines[0].rejections = vec![LineRejection {
        quantity: 1,
        reason: "DAMAGED".into(),
        note: Some("torn seam".into()),
    }];
    wo.lines[1].accepted = 1;
    wo.lines[1].picked = 1;
    wo.lines[1].packed = 1;
    wo.parcels = vec![Parcel {
        parcel_ref: "1".into(),
        box_type: "M".into(),
        weight_g: 1200,
        contents: vec![
            ParcelItem {
                line_id: "11".into(),
                quantity: 1,
            },
            ParcelItem {
                line_id: "12".into(),
                quantity: 1,
            },
        ],
        number: Some("PCL-001042-1".into()),
        carrier: Some("Yurtiçi Kargo".into()),
        tracking_number: Some("104233456781".into()),
        label_formats: vec![LabelFormat::Pdf, LabelFormat::Zpl],
        label_attached: true,
    }];
    wo
}

/// Click and collect on the shelf, with a pending cancel request.
pub fn click_and_collect() -> WorkOrder {
    let mut wo = base(
        "1043",
        "PKG-001043",
        WorkOrderKind::ClickAndCollect,
        Status::ReadyForPickup,
    );
    wo.customer = Some(Customer {
        name: "Mehmet Kaya".into(),
        phone: None,
        email: None,
    });
    for l in &mut wo.lines {
        l.accepted = l.requested;
        l.picked = l.requested;
        l.packed = l.requested;
    }
    wo.parcels = vec![Parcel {
        parcel_ref: "1".into(),
        box_type: "bag".into(),
        weight_g: 800,
        contents: vec![
            ParcelItem {
                line_id: "11".into(),
                quantity: 2,
            },
            ParcelItem {
                line_id: "12".into(),
                quantity: 1,
            },
        ],
        number: None,
        carrier: None,
        tracking_number: None,
        label_formats: Vec::new(),
        label_attached: false,
    }];
    wo.pickup = Some(Pickup {
        code_sha256: pickup_code_hash("PU-7K3Q9M"),
        shelf_location: Some("B-04".into()),
        collected_by: None,
    });
    wo.cancel_request = Some(CancelRequest {
        reason: "customer".into(),
        requested_at: at(11, 0),
    });
    wo
}

/// Outbound transfer, dispatched.
pub fn transfer_out() -> WorkOrder {
    let mut wo = base(
        "2001",
        "TRF-000045",
        WorkOrderKind::TransferOut,
        Status::Dispatched,
    );
    wo.customer = None;
    wo.counterparty = Some("SAO-01".into());
    wo.address = Some(Address {
        name: "Storedesk Oscar Freire".into(),
        line1: "Rua Oscar Freire, 725".into(),
        line2: None,
        postal_code: "01426-001".into(),
        city: "São Paulo".into(),
        region: Some("SP".into()),
        country: "BR".into(),
    });
    for l in &mut wo.lines {
        l.accepted = l.requested;
        l.picked = l.requested;
        l.packed = l.requested;
    }
    wo.dispatch = Some(Dispatch {
        carrier: "Jadlog".into(),
        tracking_number: "10082233445566".into(),
    });
    wo
}

/// Inbound transfer, received with a discrepancy; on hold.
pub fn transfer_in() -> WorkOrder {
    let mut wo = base(
        "2002",
        "TRF-000046",
        WorkOrderKind::TransferIn,
        Status::Received,
    );
    wo.order_number = None;
    wo.channel = None;
    wo.counterparty = Some("DC-TR-01".into());
    wo.address = Some(address("Gebze Distribution Centre"));
    for l in &mut wo.lines {
        l.accepted = l.requested;
        l.picked = l.requested;
        l.packed = l.requested;
    }
    wo.lines[0].received = 1;
    wo.lines[0].damaged = 1;
    wo.lines[0].receive_note = Some("one box crushed".into());
    wo.lines[1].missing = 1;
    wo.hold = Some(Hold {
        reason: "audit".into(),
        note: Some("stock count".into()),
    });
    wo
}

/// Rejected ship-from-store order.
pub fn rejected() -> WorkOrder {
    let mut wo = base(
        "1044",
        "PKG-001044",
        WorkOrderKind::ShipFromStore,
        Status::Rejected,
    );
    for l in &mut wo.lines {
        l.rejected = l.requested;
    }
    wo.rejection = Some(Rejection {
        reason: "OUT_OF_STOCK".into(),
        note: None,
    });
    wo
}

/// Transfer reassigned to another source.
pub fn reassigned_transfer() -> WorkOrder {
    let mut wo = transfer_out();
    wo.status = Status::Reassigned;
    wo.dispatch = None;
    wo.counterparty = Some("IST-02".into());
    wo
}

/// One sample of each kind, plus edge states.
pub fn samples() -> Vec<WorkOrder> {
    vec![
        ship_from_store(),
        click_and_collect(),
        transfer_out(),
        transfer_in(),
        rejected(),
        reassigned_transfer(),
    ]
}
