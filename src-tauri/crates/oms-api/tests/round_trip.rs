//! Domain → wire object → JSON → domain gives back the same work order, for every kind.

mod common;

use storedesk_domain::{Feed, Status, WorkOrderKind, allowed_commands};
use storedesk_oms_api::{
    Page, WorkOrderDto, parse_page, parse_work_order, work_order_to_dto, work_order_to_package_dto,
    work_order_to_transfer_dto,
};

#[test]
fn every_kind_round_trips_through_json() {
    for wo in common::samples() {
        let dto = work_order_to_dto(&wo, 99).expect("domain to wire");
        let json = serde_json::to_vec(&dto).expect("serialise");
        let back = parse_work_order(Feed::of(wo.kind), &json, &wo.store).expect("wire to domain");
        assert_eq!(back, wo, "{}", wo.number);
    }
}

#[test]
fn all_four_kinds_are_covered() {
    let kinds: Vec<WorkOrderKind> = common::samples().iter().map(|w| w.kind).collect();
    for kind in WorkOrderKind::ALL {
        assert!(kinds.contains(&kind), "{kind:?}");
    }
}

#[test]
fn commands_are_the_domain_allowed_commands() {
    for wo in common::samples() {
        let expected: Vec<String> = allowed_commands(&wo)
            .iter()
            .map(|k| k.slug().to_string())
            .collect();
        let commands = match work_order_to_dto(&wo, 1).expect("to wire") {
            WorkOrderDto::Package(p) => p.commands,
            WorkOrderDto::Transfer(t) => t.commands,
        };
        assert_eq!(commands, expected, "{}", wo.number);
    }
}

#[test]
fn transfer_seen_from_the_other_side_changes_kind() {
    let out = common::transfer_out();
    let dto = work_order_to_transfer_dto(&out, 5).expect("to wire");
    assert_eq!(dto.state.enum_value, 400);
    let json = serde_json::to_vec(&dto).expect("json");
    let seen_by_destination = parse_work_order(Feed::Transfers, &json, "SAO-01").expect("parse");
    assert_eq!(seen_by_destination.kind, WorkOrderKind::TransferIn);
    assert_eq!(seen_by_destination.status, Status::InTransit);
    assert_eq!(seen_by_destination.store, "SAO-01");
    assert_eq!(seen_by_destination.counterparty.as_deref(), Some("IST-01"));
}

#[test]
fn wire_json_has_the_documented_shape() {
    let dto = work_order_to_package_dto(&common::ship_from_store(), 12).expect("to wire");
    let v = serde_json::to_value(&dto).expect("json");
    assert_eq!(v["id"], 1042);
    assert_eq!(v["state"]["enum_value"], 550);
    assert_eq!(v["state"]["name"], "ready_to_ship");
    assert_eq!(v["delivery_type"], "ship_from_store");
    assert_eq!(v["stock_location"]["erp_code"], "IST-01");
    assert_eq!(v["carrier"]["code"], "yurtici_kargo");
    assert_eq!(v["items"][0]["accepted_quantity"], 1);
    assert!(v["items"][0].get("received_quantity").is_none());
    assert_eq!(v["parcels"][0]["contents"][0]["item_id"], 11);
    assert_eq!(v["parcels"][0]["label_formats"][1], "zpl");
    assert_eq!(v["commands"][0], "handover_to_carrier");
}

#[test]
fn a_page_round_trips_and_sets_the_cursor() {
    let samples: Vec<_> = common::samples()
        .into_iter()
        .filter(|w| w.kind.is_packaging())
        .collect();
    let results: Vec<_> = samples
        .iter()
        .enumerate()
        .map(|(i, wo)| work_order_to_package_dto(wo, 10 + i as u64).expect("to wire"))
        .collect();
    let page = Page {
        count: 40,
        next: Some("http://oms/api/v1/oms/packages/?change_seq__gt=12".into()),
        previous: None,
        results,
        next_cursor: None,
    };
    let parsed = parse_page(
        Feed::Packaging,
        &serde_json::to_vec(&page).expect("json"),
        "IST-01",
    )
    .expect("page");
    assert_eq!(parsed.work_orders, samples);
    assert!(parsed.invalid.is_empty());
    assert_eq!(parsed.count, 40);
    assert!(parsed.has_more);
    assert_eq!(
        parsed.next_cursor.as_deref(),
        Some("12"),
        "derived from the last change_seq"
    );
    let change_page = parsed.into_change_page();
    assert_eq!(change_page.total, Some(40));
}
