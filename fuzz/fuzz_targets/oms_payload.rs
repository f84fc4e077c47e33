//! Fuzz the OMS payload parsers of `storedesk-oms-api`: whatever bytes an OMS (or a broken proxy) sends, parsing
//! never panics, and a work order that parses survives the trip back to the wire and in again unchanged.

#![no_main]

use libfuzzer_sys::fuzz_target;
use storedesk_domain::Feed;
use storedesk_oms_api::{
    parse_page, parse_problem, parse_reasons, parse_work_order, work_order_to_dto,
};

/// Viewers tried for every input: the store the seeds use, and one they do not.
const VIEWERS: [&str; 2] = ["IST-01", "SAO-01"];

fuzz_target!(|data: &[u8]| {
    for feed in Feed::ALL {
        for viewer in VIEWERS {
            if let Ok(page) = parse_page(feed, data, viewer) {
                for wo in &page.work_orders {
                    round_trip(feed, wo, viewer);
                }
                for invalid in &page.invalid {
                    assert!(!invalid.error.to_string().is_empty());
                }
            }
            match parse_work_order(feed, data, viewer) {
                Ok(wo) => round_trip(feed, &wo, viewer),
                Err(e) => {
                    assert!(!e.to_string().is_empty());
                    assert!(!e.code().is_empty());
                }
            }
        }
    }
    let _ = parse_reasons(data);
    let _ = parse_problem(data);
});

fn round_trip(feed: Feed, wo: &storedesk_domain::WorkOrder, viewer: &str) {
    let dto = work_order_to_dto(wo, 1).expect("a parsed work order converts back");
    let bytes = serde_json::to_vec(&dto).expect("serialises");
    let again = parse_work_order(feed, &bytes, viewer).expect("and parses again");
    assert_eq!(&again, wo);
}
