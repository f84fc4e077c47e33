//! Every way a payload can break the contract gives its own `PayloadError`, and nothing panics.

mod common;

use proptest::prelude::*;
use serde_json::{Value, json};
use storedesk_domain::Feed;
use storedesk_oms_api::{
    MAX_RESPONSE_BYTES, PayloadError, parse_page, parse_problem, parse_reasons, parse_work_order,
    work_order_to_package_dto, work_order_to_transfer_dto,
};

fn package_json() -> Value {
    serde_json::to_value(work_order_to_package_dto(&common::ship_from_store(), 3).expect("dto"))
        .expect("json")
}

fn parse_package(v: &Value) -> Result<storedesk_domain::WorkOrder, PayloadError> {
    parse_work_order(
        Feed::Packaging,
        &serde_json::to_vec(v).expect("json"),
        "IST-01",
    )
}

fn invalid_field(v: &Value) -> (String, String) {
    match parse_package(v) {
        Err(PayloadError::InvalidField { field, problem, .. }) => (field, problem),
        other => panic!("expected InvalidField, got {other:?}"),
    }
}

#[test]
fn malformed_json_reports_line_and_column() {
    let err =
        parse_work_order(Feed::Packaging, b"{\n  \"id\": 12,\n  nope }", "IST-01").unwrap_err();
    match err {
        PayloadError::Malformed { line, column, .. } => assert_eq!((line, column), (3, 3)),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        err_code(b"<html>502 Bad Gateway</html>"),
        "payload_malformed"
    );
}

fn err_code(bytes: &[u8]) -> &'static str {
    parse_work_order(Feed::Packaging, bytes, "IST-01")
        .unwrap_err()
        .code()
}

#[test]
fn truncated_body_is_truncated() {
    let full = serde_json::to_vec(&package_json()).expect("json");
    for cut in [0, 1, full.len() / 2, full.len() - 1] {
        let err = parse_work_order(Feed::Packaging, &full[..cut], "IST-01").unwrap_err();
        assert!(
            matches!(err, PayloadError::Truncated { .. }),
            "cut at {cut}: {err:?}"
        );
    }
}

#[test]
fn oversized_body_is_rejected_before_parsing() {
    let big = vec![b' '; MAX_RESPONSE_BYTES + 1];
    for result in [
        parse_work_order(Feed::Packaging, &big, "IST-01").map(|_| ()),
        parse_page(Feed::Transfers, &big, "IST-01").map(|_| ()),
        parse_reasons(&big).map(|_| ()),
        parse_problem(&big).map(|_| ()),
    ] {
        assert!(
            matches!(result, Err(PayloadError::TooLarge { size, .. }) if size == MAX_RESPONSE_BYTES + 1)
        );
    }
}

#[test]
fn unknown_state_names_value_and_object() {
    let mut v = package_json();
    v["state"] = json!({"enum_value": 920, "name": "out_of_stock"});
    match parse_package(&v) {
        Err(PayloadError::UnknownState { object, enum_value }) => {
            assert_eq!(enum_value, 920);
            assert!(
                object.contains("1042") && object.contains("package"),
                "{object}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn numeric_value_wins_over_name() {
    let mut v = package_json();
    v["state"]["name"] = json!("something else");
    assert!(parse_package(&v).is_ok());
}

#[test]
fn unknown_command_slug() {
    let mut v = package_json();
    v["commands"] = json!(["handover_to_carrier", "teleport"]);
    assert!(
        matches!(parse_package(&v), Err(PayloadError::UnknownCommand { slug, .. }) if slug == "teleport")
    );
}

#[test]
fn inconsistent_quantities() {
    let mut v = package_json();
    // accepted 1 + rejected 1 of 2 requested: make accepted 2.
    v["items"][0]["accepted_quantity"] = json!(2);
    let (field, problem) = invalid_field(&v);
    assert_eq!(field, "items[0]");
    assert!(problem.contains("do not add up"), "{problem}");

    let mut v = package_json();
    v["items"][1]["packed_quantity"] = json!(2);
    v["items"][1]["quantity"] = json!(3);
    assert_eq!(invalid_field(&v).0, "items[1]");
}

#[test]
fn negative_or_absurd_quantities() {
    let mut v = package_json();
    v["items"][0]["picked_quantity"] = json!(-1);
    assert_eq!(invalid_field(&v).0, "items[0].picked_quantity");
    let mut v = package_json();
    v["items"][1]["quantity"] = json!(5_000_000_000_i64);
    assert_eq!(invalid_field(&v).0, "items[1].quantity");
    let mut v = package_json();
    v["items"][1]["quantity"] = json!(0);
    assert_eq!(invalid_field(&v).0, "items[1].quantity");
}

#[test]
fn version_zero_and_bad_ids() {
    let mut v = package_json();
    v["version"] = json!(0);
    assert_eq!(invalid_field(&v).0, "version");
    let mut v = package_json();
    v["id"] = json!(-4);
    assert_eq!(invalid_field(&v).0, "id");
    let mut v = package_json();
    v["items"][1]["id"] = json!(11);
    assert_eq!(invalid_field(&v).0, "items[1].id");
}

#[test]
fn click_and_collect_needs_the_pickup_hash() {
    let mut v = serde_json::to_value(
        work_order_to_package_dto(&common::click_and_collect(), 3).expect("dto"),
    )
    .expect("json");
    v["pickup"] = Value::Null;
    assert_eq!(invalid_field(&v).0, "pickup.code_sha256");
    v["pickup"] = json!({"code_sha256": "PU-7K3Q9M"});
    assert_eq!(invalid_field(&v).0, "pickup.code_sha256");
}

#[test]
fn state_impossible_for_the_kind() {
    let mut v = package_json();
    v["delivery_type"] = json!("click_and_collect");
    v["pickup"] = json!({"code_sha256": "a".repeat(64)});
    // ready_to_ship (550) is ship-from-store only.
    assert_eq!(invalid_field(&v).0, "state");
    let mut v = package_json();
    v["delivery_type"] = json!("drone");
    assert_eq!(invalid_field(&v).0, "delivery_type");
}

#[test]
fn package_of_another_store() {
    let v = package_json();
    let bytes = serde_json::to_vec(&v).expect("json");
    assert!(matches!(
        parse_work_order(Feed::Packaging, &bytes, "OSL-01"),
        Err(PayloadError::InvalidField { field, .. }) if field == "stock_location.erp_code"
    ));
}

#[test]
fn parcel_naming_an_unknown_item() {
    let mut v = package_json();
    v["parcels"][0]["contents"][0]["item_id"] = json!(999);
    assert_eq!(invalid_field(&v).0, "parcels[0].contents[0].item_id");
}

#[test]
fn wrong_type_reports_the_path() {
    let mut v = package_json();
    v["items"][1]["quantity"] = json!("two");
    match parse_package(&v) {
        Err(PayloadError::WrongShape { path, .. }) => assert_eq!(path, "items[1].quantity"),
        other => panic!("{other:?}"),
    }
    let mut v = package_json();
    v.as_object_mut().expect("object").remove("items");
    assert!(matches!(
        parse_package(&v),
        Err(PayloadError::WrongShape { .. })
    ));
}

#[test]
fn destination_cannot_see_a_waiting_transfer() {
    let mut wo = common::transfer_out();
    wo.status = storedesk_domain::Status::Assigned;
    wo.dispatch = None;
    let bytes =
        serde_json::to_vec(&work_order_to_transfer_dto(&wo, 1).expect("dto")).expect("json");
    assert!(parse_work_order(Feed::Transfers, &bytes, "IST-01").is_ok());
    assert!(matches!(
        parse_work_order(Feed::Transfers, &bytes, "SAO-01"),
        Err(PayloadError::InvalidField { field, .. }) if field == "state"
    ));
    assert!(matches!(
        parse_work_order(Feed::Transfers, &bytes, "OSL-01"),
        Err(PayloadError::InvalidField { .. })
    ));
}

#[test]
fn a_bad_object_does_not_fail_its_page() {
    let good = package_json();
    let mut bad = package_json();
    bad["id"] = json!(1043);
    bad["number"] = json!("PKG-001043");
    bad["change_seq"] = json!(4);
    bad["state"]["enum_value"] = json!(123);
    let page = json!({"count": 2, "next": null, "previous": null, "results": [good, bad], "next_cursor": "4"});
    let parsed = parse_page(
        Feed::Packaging,
        &serde_json::to_vec(&page).expect("json"),
        "IST-01",
    )
    .expect("page");
    assert_eq!(parsed.work_orders.len(), 1);
    assert_eq!(parsed.invalid.len(), 1);
    assert_eq!(parsed.invalid[0].id.as_deref(), Some("1043"));
    assert!(matches!(
        parsed.invalid[0].error,
        PayloadError::UnknownState {
            enum_value: 123,
            ..
        }
    ));
    assert_eq!(parsed.next_cursor.as_deref(), Some("4"));
    assert!(!parsed.has_more);
}

#[test]
fn page_level_problems_fail_the_page() {
    let a = package_json();
    let mut b = package_json();
    b["change_seq"] = json!(2); // before a's 3
    let page = json!({"count": 2, "next": null, "previous": null, "results": [a, b]});
    assert!(matches!(
        parse_page(
            Feed::Packaging,
            &serde_json::to_vec(&page).expect("json"),
            "IST-01"
        ),
        Err(PayloadError::InvalidField { .. })
    ));
    let no_results = json!({"count": 2, "next": null});
    assert!(matches!(
        parse_page(
            Feed::Packaging,
            &serde_json::to_vec(&no_results).expect("json"),
            "IST-01"
        ),
        Err(PayloadError::WrongShape { .. })
    ));
    let bad_cursor =
        json!({"count": 0, "next": null, "previous": null, "results": [], "next_cursor": "abc"});
    assert!(
        parse_page(
            Feed::Packaging,
            &serde_json::to_vec(&bad_cursor).expect("json"),
            "IST-01"
        )
        .is_err()
    );
    let empty =
        json!({"count": 0, "next": null, "previous": null, "results": [], "next_cursor": null});
    let parsed = parse_page(
        Feed::Packaging,
        &serde_json::to_vec(&empty).expect("json"),
        "IST-01",
    )
    .expect("empty page");
    assert_eq!(parsed.next_cursor, None);
}

#[test]
fn reasons_are_ordered_and_inactive_ones_kept() {
    let body = json!({"count": 3, "next": null, "previous": null, "results": [
        {"id": 2, "code": "DAMAGED", "title": "Damaged", "is_active": true, "priority": 20},
        {"id": 1, "code": "OUT_OF_STOCK", "title": "Out of stock", "is_active": true, "priority": 10},
        {"id": 9, "code": "WORN_DISPLAY", "title": "Worn display item", "is_active": false, "priority": 90}
    ]});
    let catalog = parse_reasons(&serde_json::to_vec(&body).expect("json")).expect("reasons");
    let codes: Vec<&str> = catalog.reasons.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, ["OUT_OF_STOCK", "DAMAGED", "WORN_DISPLAY"]);
    assert!(!catalog.is_valid("WORN_DISPLAY"));
    assert!(catalog.is_valid("DAMAGED"));
}

#[test]
fn problem_bodies() {
    let body = br#"{"type":"urn:storedesk:problem:on_hold","title":"Work order on hold","status":409,
        "code":"on_hold","detail":"audit","work_order_id":12,"current_state":{"enum_value":200,"name":"preparing"},
        "current_version":4}"#;
    let p = parse_problem(body).expect("problem");
    assert_eq!(
        p.conflict_kind(),
        Some(storedesk_domain::ConflictKind::OnHold)
    );
    assert_eq!(p.current_version, Some(4));
    assert!(parse_problem(br#"{"status": 200, "code": "ok"}"#).is_err());
    assert!(parse_problem(br#"{"status": 404, "code": ""}"#).is_err());
}

#[test]
fn error_messages_are_readable() {
    let err = parse_work_order(Feed::Packaging, b"{\"id\": 1", "IST-01").unwrap_err();
    assert!(err.to_string().contains("cut off"), "{err}");
    let err = PayloadError::TooLarge {
        size: 20 << 20,
        limit: MAX_RESPONSE_BYTES,
    };
    assert!(err.to_string().contains("16 MiB"), "{err}");
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        for feed in Feed::ALL {
            let _ = parse_page(feed, &bytes, "IST-01");
            let _ = parse_work_order(feed, &bytes, "IST-01");
        }
        let _ = parse_reasons(&bytes);
        let _ = parse_problem(&bytes);
    }

    #[test]
    fn mutated_valid_objects_never_panic(
        path in 0usize..8,
        value in prop_oneof![
            any::<i64>().prop_map(Value::from),
            ".*".prop_map(Value::from),
            Just(Value::Null),
            Just(json!([])),
        ]
    ) {
        let mut v = package_json();
        let fields = ["id", "version", "change_seq", "state", "items", "parcels", "pickup", "commands"];
        v[fields[path]] = value;
        // Whatever parses survives the trip back to the wire and in again.
        if let Ok(wo) = parse_package(&v) {
            let dto = storedesk_oms_api::work_order_to_dto(&wo, 1).expect("converts back");
            let again = parse_work_order(Feed::Packaging, &serde_json::to_vec(&dto).expect("json"), "IST-01");
            prop_assert_eq!(again, Ok(wo));
        }
    }
}
