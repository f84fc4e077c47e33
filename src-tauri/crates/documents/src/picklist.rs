//! The pick list: the lines of several orders grouped by product, sorted by SKU, with a box to tick.

use std::collections::BTreeMap;

use storedesk_domain::model::{Line, Status, WorkOrder, WorkOrderKind};

use crate::error::DocumentError;
use crate::layout::{Flow, Page};
use crate::{PaperSize, PrintedAt, StoreProfile, pdf, strings};

/// One order's share of a product on the pick list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickOrder {
    /// The order number (`WorkOrder::order_number`), else the work-order number.
    pub order_ref: String,
    /// The work-order number.
    pub work_order: String,
    /// Units of the product to pick for this order.
    pub quantity: u32,
    /// The order is not accepted yet, so `quantity` is its open quantity.
    pub not_accepted: bool,
}

/// One product on the pick list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickRow {
    pub sku: String,
    /// The first product barcode of the first line with this SKU.
    pub barcode: Option<String>,
    pub name: String,
    /// Units to pick over all orders.
    pub total: u64,
    /// Per order, in the order the orders were given.
    pub orders: Vec<PickOrder>,
}

/// Units of `line` still to pick: accepted − picked, or requested − rejected before the order is accepted.
fn to_pick(order: &WorkOrder, line: &Line) -> u32 {
    if order.status.is_terminal() || order.kind == WorkOrderKind::TransferIn {
        0
    } else if order.status == Status::Assigned {
        line.open_quantity()
    } else {
        line.remaining_to_pick()
    }
}

/// Groups the lines of `orders` by SKU (trimmed; a line without SKU goes by its first barcode, else its name),
/// sorted by that key. Lines with nothing to pick are left out, and so are products nothing is left to pick of.
pub fn pick_list(orders: &[WorkOrder]) -> Vec<PickRow> {
    let mut rows: BTreeMap<String, PickRow> = BTreeMap::new();
    for order in orders {
        let order_ref = order
            .order_number
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .unwrap_or(&order.number)
            .to_string();
        for line in &order.lines {
            let quantity = to_pick(order, line);
            if quantity == 0 {
                continue;
            }
            let sku = line.sku.trim();
            let key = if !sku.is_empty() {
                sku.to_string()
            } else {
                line.barcodes
                    .first()
                    .cloned()
                    .unwrap_or_else(|| line.name.trim().to_string())
            };
            let row = rows.entry(key).or_insert_with(|| PickRow {
                sku: sku.to_string(),
                barcode: line.barcodes.first().cloned(),
                name: line.name.trim().to_string(),
                total: 0,
                orders: Vec::new(),
            });
            row.total += u64::from(quantity);
            if row.name.is_empty() {
                row.name = line.name.trim().to_string();
            }
            let not_accepted = order.status == Status::Assigned;
            match row.orders.iter_mut().find(|o| o.work_order == order.number) {
                Some(existing) => existing.quantity = existing.quantity.saturating_add(quantity),
                None => row.orders.push(PickOrder {
                    order_ref: order_ref.clone(),
                    work_order: order.number.clone(),
                    quantity,
                    not_accepted,
                }),
            }
        }
    }
    rows.into_values().collect()
}

struct Columns {
    check: f32,
    sku: f32,
    product: f32,
    product_width: f32,
    qty: f32,
}

impl Columns {
    fn heading(&self, page: &mut Page, y: f32, width: f32) -> f32 {
        let y = y + 10.0;
        page.text(self.check - 4.0, y, 9.0, true, 40.0, strings::COL_DONE);
        page.text(self.sku, y, 9.0, true, 120.0, strings::COL_SKU);
        page.text(
            self.product,
            y,
            9.0,
            true,
            self.product_width,
            strings::COL_PRODUCT,
        );
        page.text_right(self.qty, y, 9.0, true, strings::COL_TO_PICK);
        page.hline(self.check - 4.0, y + 4.0, width, 0.8);
        y + 18.0
    }
}

pub(crate) fn pick_list_pdf(
    orders: &[WorkOrder],
    store: &StoreProfile,
    paper: PaperSize,
    printed_at: &PrintedAt,
) -> Result<Vec<u8>, DocumentError> {
    if orders.is_empty() {
        return Err(DocumentError::NoOrders);
    }
    let rows = pick_list(orders);
    let (w, h) = paper.points();
    let m = 40.0;
    let mut flow = Flow::new(w, h, m);
    let inner = flow.inner_width();

    let page = flow.page();
    page.text(m, m + 14.0, 16.0, true, inner * 0.6, &store.name);
    page.text_right(w - m, m + 14.0, 18.0, true, strings::PICK_LIST);
    page.caption(
        m,
        m + 30.0,
        9.0,
        inner,
        &format!(
            "{}: {}",
            strings::PRINTED_AT,
            printed_at.format("%Y-%m-%d %H:%M %Z")
        ),
    );
    let units: u64 = rows.iter().map(|r| r.total).sum();
    page.text(
        m,
        m + 46.0,
        10.0,
        true,
        inner,
        &strings::orders_selected(orders.len(), units),
    );
    let refs: Vec<String> = orders
        .iter()
        .map(|o| {
            let star = if o.status == Status::Assigned {
                "*"
            } else {
                ""
            };
            match o.order_number.as_deref().filter(|n| !n.trim().is_empty()) {
                Some(n) if n != o.number => format!("{n} ({}){star}", o.number),
                _ => format!("{}{star}", o.number),
            }
        })
        .collect();
    let y = page.paragraph(
        m,
        m + 60.0,
        8.0,
        false,
        inner,
        6,
        10.0,
        &format!("{}: {}", strings::ORDERS, refs.join(", ")),
    );
    let mut y = y;
    if orders.iter().any(|o| o.status == Status::Assigned) {
        page.caption(m, y, 8.0, inner, strings::NOT_ACCEPTED_HINT);
        y += 10.0;
    }
    flow.y = y + 6.0;

    let cols = Columns {
        check: m + 4.0,
        sku: m + 30.0,
        product: m + 150.0,
        product_width: inner - 150.0 - 60.0,
        qty: m + inner,
    };
    let y = flow.y;
    flow.y = cols.heading(flow.page(), y, inner);
    if rows.is_empty() {
        let y = flow.y;
        flow.page()
            .text(m, y, 10.0, false, inner, strings::NOTHING_TO_PICK);
    }
    for row in &rows {
        let name_lines = crate::fonts::wrap(&row.name, 10.0, false, cols.product_width, 2);
        let height = 13.0 * name_lines.len().max(1) as f32 + 11.0 * row.orders.len() as f32 + 8.0;
        flow.need(height, |p, top| cols.heading(p, top, inner));
        let y = flow.y;
        let page = flow.page();
        page.checkbox(cols.check, y - 9.0, 11.0);
        page.text(cols.sku, y, 10.0, true, 116.0, &row.sku);
        if let Some(barcode) = &row.barcode {
            page.caption(cols.sku, y + 12.0, 8.0, 116.0, barcode);
        }
        let mut ly = y;
        for text in &name_lines {
            page.text(cols.product, ly, 10.0, false, cols.product_width, text);
            ly += 13.0;
        }
        page.text_right(cols.qty, y, 12.0, true, &row.total.to_string());
        for o in &row.orders {
            let star = if o.not_accepted { "*" } else { "" };
            let text = format!(
                "{}{star}",
                strings::order_qty(&o.order_ref, &o.work_order, o.quantity)
            );
            page.caption(
                cols.product + 10.0,
                ly - 1.0,
                8.5,
                cols.product_width - 10.0,
                &text,
            );
            ly += 11.0;
        }
        let bottom = ly.max(y + 24.0);
        page.hline(cols.check - 4.0, bottom - 6.0, inner, 0.3);
        flow.y = bottom + 8.0;
    }
    let footer = format!("{} · {}", store.name, strings::PICK_LIST);
    let pages = flow.finish(&footer);
    pdf::render(&pages, strings::PICK_LIST)
}
