//! Pick lists over several orders: grouping, totals, order and pages.

mod support;

use storedesk_documents::{DocumentError, PaperSize, pick_list, pick_list_pdf};
use storedesk_domain::model::Status;
use support::*;

fn squeeze(text: &str) -> String {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
}

fn overlapping_orders() -> Vec<storedesk_domain::model::WorkOrder> {
    // A: accepted, 1 of the shoes already picked. B: not accepted yet, one scarf rejected. C: cancelled.
    let mut shoes_a = line("a1", "SKU-SHOE-42", "Koşu ayakkabısı", 3);
    shoes_a.picked = 1;
    let scarf_a = line("a2", "SKU-SCARF-01", "İpek eşarp", 1);
    let mut a = order("PKG-000201", Status::Picking, vec![shoes_a, scarf_a]);
    a.order_number = Some("ORD-2026-000201".into());

    let mut shoes_b = line("b1", "SKU-SHOE-42", "Koşu ayakkabısı", 2);
    shoes_b.accepted = 0;
    let mut scarf_b = line("b2", "SKU-SCARF-01", "İpek eşarp", 4);
    scarf_b.accepted = 0;
    scarf_b.rejected = 1;
    let coat_b = {
        let mut l = line("b3", "SKU-COAT-M", "Vinterjakke Ærø", 1);
        l.accepted = 0;
        l
    };
    let b = order(
        "PKG-000202",
        Status::Assigned,
        vec![shoes_b, scarf_b, coat_b],
    );

    let c = order(
        "PKG-000203",
        Status::Cancelled,
        vec![line("c1", "SKU-SHOE-42", "Koşu ayakkabısı", 5)],
    );
    vec![a, b, c]
}

type Summary<'a> = Vec<(&'a str, u64, Vec<(&'a str, u32)>)>;

#[test]
fn overlapping_orders_are_grouped_by_sku_with_the_right_totals() {
    let rows = pick_list(&overlapping_orders());
    let summary: Summary = rows
        .iter()
        .map(|r| {
            (
                r.sku.as_str(),
                r.total,
                r.orders
                    .iter()
                    .map(|o| (o.work_order.as_str(), o.quantity))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("SKU-COAT-M", 1, vec![("PKG-000202", 1)]),
            (
                "SKU-SCARF-01",
                4,
                vec![("PKG-000201", 1), ("PKG-000202", 3)]
            ),
            // 3 accepted − 1 picked on A, 2 open on B, nothing from the cancelled C.
            ("SKU-SHOE-42", 4, vec![("PKG-000201", 2), ("PKG-000202", 2)]),
        ]
    );
    assert!(rows[0].orders[0].not_accepted);
}

#[test]
fn pick_list_pdf_shows_products_totals_and_order_shares() {
    let orders = overlapping_orders();
    let pdf = pick_list_pdf(&orders, &store(), PaperSize::A4, &printed_at()).unwrap();
    let text = squeeze(&pdf_text(&pdf));
    for expected in [
        "Pick list",
        "3 order(s), 9 unit(s) to pick",
        "SKU-SHOE-42 Koşu ayakkabısı 4",
        "ORD-2026-000201 (PKG-000201): 2",
        "PKG-000202: 2*",
        "SKU-SCARF-01 İpek eşarp 4",
        "SKU-COAT-M Vinterjakke Ærø 1",
        "* not accepted yet",
        "2026-03-01 14:05 +03",
    ] {
        assert!(
            text.contains(expected),
            "pick list lacks {expected:?}:\n{text}"
        );
    }
    // Walk order: by SKU.
    let (coat, scarf, shoe) = (
        text.find("SKU-COAT-M").unwrap(),
        text.find("SKU-SCARF-01").unwrap(),
        text.find("SKU-SHOE-42 ").unwrap(),
    );
    assert!(coat < scarf && scarf < shoe);
}

#[test]
fn two_hundred_products_span_several_pages_in_sku_order() {
    let mut orders = Vec::new();
    for o in 0..5u32 {
        let lines = (0..200u32)
            .filter(|p| (p + o) % 2 == 0 || o == 0)
            .map(|p| {
                line(
                    &format!("l{p}"),
                    &format!("SKU-{:04}", 199 - p),
                    &format!("Produkt {} Ålesund", 199 - p),
                    1 + o,
                )
            })
            .collect();
        orders.push(order(&format!("PKG-0003{o:02}"), Status::Accepted, lines));
    }
    let rows = pick_list(&orders);
    assert_eq!(rows.len(), 200);
    assert!(
        rows.windows(2).all(|w| w[0].sku < w[1].sku),
        "sorted by SKU"
    );
    // SKU-0199 is product p=0: in orders 0, 2 and 4 (1 + 3 + 5 units).
    let last = rows.last().unwrap();
    assert_eq!((last.sku.as_str(), last.total), ("SKU-0199", 9));

    let pdf = pick_list_pdf(&orders, &store(), PaperSize::Letter, &printed_at()).unwrap();
    let pages = pdf_pages(&pdf);
    assert!(
        pages >= 5,
        "200 products with their orders take several pages, got {pages}"
    );
    let text = squeeze(&pdf_text(&pdf));
    assert!(text.contains(&format!("Page {pages} of {pages}")));
    assert!(
        text.contains("SKU-0000") && text.contains("SKU-0199 Produkt 199 Ålesund 9"),
        "first and last product printed"
    );
    assert!(text.find("SKU-0000").unwrap() < text.find("SKU-0199").unwrap());
}

#[test]
fn nothing_selected_is_an_error_and_nothing_left_is_said() {
    assert_eq!(
        pick_list_pdf(&[], &store(), PaperSize::A4, &printed_at()).unwrap_err(),
        DocumentError::NoOrders
    );
    let mut done = line("d1", "SKU-1", "Done", 2);
    done.picked = 2;
    let pdf = pick_list_pdf(
        &[order("PKG-000400", Status::Picked, vec![done])],
        &store(),
        PaperSize::A4,
        &printed_at(),
    )
    .unwrap();
    assert!(pdf_text(&pdf).contains("Nothing left to pick on the selected orders."));
}
