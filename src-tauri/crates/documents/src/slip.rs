//! The packing slip: what is in the delivery, what is not and why, the parcels, and how to return.

use storedesk_domain::model::WorkOrder;

use crate::error::DocumentError;
use crate::label::{address_lines, parcel_number};
use crate::layout::{Flow, Page};
use crate::{PaperSize, PrintedAt, StoreProfile, pdf, strings};

const DATE_FORMAT: &str = "%Y-%m-%d %H:%M %Z";

/// Column layout of the lines table: x of SKU, product, and the right edges of the three quantities.
struct Columns {
    sku: f32,
    product: f32,
    product_width: f32,
    ordered: f32,
    packed: f32,
    rejected: f32,
}

impl Columns {
    fn new(m: f32, inner: f32) -> Self {
        let right = m + inner;
        Self {
            sku: m,
            product: m + 100.0,
            product_width: inner - 100.0 - 3.0 * 58.0 - 8.0,
            ordered: right - 116.0,
            packed: right - 58.0,
            rejected: right,
        }
    }

    fn heading(&self, page: &mut Page, y: f32, width: f32) -> f32 {
        let y = y + 10.0;
        page.text(self.sku, y, 9.0, true, 96.0, strings::COL_SKU);
        page.text(
            self.product,
            y,
            9.0,
            true,
            self.product_width,
            strings::COL_PRODUCT,
        );
        page.text_right(self.ordered, y, 9.0, true, strings::COL_ORDERED);
        page.text_right(self.packed, y, 9.0, true, strings::COL_PACKED);
        page.text_right(self.rejected, y, 9.0, true, strings::COL_REJECTED);
        page.hline(self.sku, y + 4.0, width, 0.8);
        y + 16.0
    }
}

pub(crate) fn packing_slip_pdf(
    order: &WorkOrder,
    store: &StoreProfile,
    paper: PaperSize,
    printed_at: &PrintedAt,
) -> Result<Vec<u8>, DocumentError> {
    let (w, h) = paper.points();
    let m = 40.0;
    let mut flow = Flow::new(w, h, m);
    let inner = flow.inner_width();

    // Header: store on the left, title on the right.
    let page = flow.page();
    page.text(m, m + 14.0, 16.0, true, inner * 0.6, &store.name);
    page.text(
        m,
        m + 28.0,
        9.0,
        false,
        inner * 0.6,
        &address_lines(&store.address).join(", "),
    );
    page.text_right(w - m, m + 14.0, 18.0, true, strings::PACKING_SLIP);
    let mut y = m + 52.0;
    let mut facts = Vec::new();
    if let Some(n) = order
        .order_number
        .as_deref()
        .filter(|n| !n.trim().is_empty())
    {
        facts.push((strings::ORDER, n.to_string()));
    }
    facts.push((strings::WORK_ORDER, order.number.clone()));
    let tz = printed_at.timezone();
    facts.push((
        strings::DATE,
        order
            .created_at
            .with_timezone(&tz)
            .format(DATE_FORMAT)
            .to_string(),
    ));
    facts.push((
        strings::PRINTED_AT,
        printed_at.format(DATE_FORMAT).to_string(),
    ));
    for (label, value) in &facts {
        page.caption(m, y, 9.0, 90.0, label);
        page.text(m + 90.0, y, 10.0, true, inner * 0.5 - 90.0, value);
        y += 14.0;
    }

    // Customer and delivery address side by side.
    let half = inner / 2.0;
    let block_top = y + 12.0;
    page.caption(m, block_top, 9.0, half, strings::CUSTOMER);
    let name = order
        .customer
        .as_ref()
        .map(|c| c.name.as_str())
        .unwrap_or("");
    let mut left_y = page.paragraph(m, block_top + 14.0, 11.0, true, half - 10.0, 2, 13.0, name);
    page.caption(m + half, block_top, 9.0, half, strings::DELIVER_TO);
    let mut right_y = block_top + 14.0;
    match &order.address {
        Some(address) => {
            if !address.name.trim().is_empty() {
                page.text(m + half, right_y, 10.0, true, half, address.name.trim());
                right_y += 13.0;
            }
            for line in address_lines(address) {
                page.text(m + half, right_y, 10.0, false, half, &line);
                right_y += 13.0;
            }
        }
        None => {
            page.text(m + half, right_y, 10.0, false, half, strings::NO_ADDRESS);
            right_y += 13.0;
        }
    }
    left_y = left_y.max(right_y);
    flow.y = left_y + 10.0;

    // Lines.
    let cols = Columns::new(m, inner);
    let y = flow.y;
    flow.y = cols.heading(flow.page(), y, inner);
    for line in &order.lines {
        let name_lines = crate::fonts::wrap(&line.name, 9.0, false, cols.product_width, 3);
        let reasons: Vec<String> = line
            .rejections
            .iter()
            .map(|r| {
                strings::rejected_short(r.quantity, &reason_text(&r.reason, r.note.as_deref()))
            })
            .collect();
        let height = 12.0 * name_lines.len().max(1) as f32 + 11.0 * reasons.len() as f32 + 4.0;
        flow.need(height, |p, top| cols.heading(p, top, inner));
        let y = flow.y;
        let page = flow.page();
        page.text(cols.sku, y, 9.0, false, 96.0, &line.sku);
        let mut ly = y;
        for text in &name_lines {
            page.text(cols.product, ly, 9.0, false, cols.product_width, text);
            ly += 12.0;
        }
        page.text_right(cols.ordered, y, 9.0, false, &line.requested.to_string());
        page.text_right(cols.packed, y, 9.0, false, &line.packed.to_string());
        page.text_right(
            cols.rejected,
            y,
            9.0,
            line.rejected > 0,
            &line.rejected.to_string(),
        );
        for reason in &reasons {
            page.caption(
                cols.product + 8.0,
                ly - 1.0,
                8.0,
                cols.product_width,
                reason,
            );
            ly += 11.0;
        }
        flow.y = ly.max(y + 12.0) + 4.0;
    }

    // What is not in the delivery.
    let mut missing: Vec<String> = Vec::new();
    for line in &order.lines {
        for r in &line.rejections {
            missing.push(strings::rejected_line(
                r.quantity,
                &line.name,
                &reason_text(&r.reason, r.note.as_deref()),
            ));
        }
        let listed: u32 = line.rejections.iter().map(|r| r.quantity).sum();
        if line.rejected > listed {
            missing.push(strings::rejected_line(
                line.rejected - listed,
                &line.name,
                "-",
            ));
        }
    }
    if let Some(rejection) = &order.rejection {
        missing.push(reason_text(&rejection.reason, rejection.note.as_deref()));
    }
    if !missing.is_empty() {
        section(&mut flow, strings::NOT_INCLUDED);
        for text in &missing {
            paragraph(&mut flow, text, 9.0);
        }
    }

    // Parcels.
    section(&mut flow, strings::PARCELS);
    if order.parcels.is_empty() {
        paragraph(&mut flow, strings::NO_PARCELS, 9.0);
    }
    for parcel in &order.parcels {
        let items: u32 = parcel.contents.iter().map(|c| c.quantity).sum();
        let mut text = strings::parcel_summary(
            &parcel_number(order, parcel),
            &strings::weight_kg(parcel.weight_g),
            items,
        );
        if let Some(carrier) = parcel.carrier.as_deref().filter(|c| !c.is_empty()) {
            text = format!("{text} · {carrier}");
        }
        if let Some(tracking) = parcel.tracking_number.as_deref().filter(|c| !c.is_empty()) {
            text = format!("{text} · {tracking}");
        }
        paragraph(&mut flow, &text, 9.0);
    }

    // Returns.
    section(&mut flow, strings::RETURNS);
    let note = store
        .return_note
        .as_deref()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or(strings::DEFAULT_RETURN_NOTE);
    paragraph(&mut flow, note, 9.0);

    let footer = format!(
        "{} · {} {}",
        store.name,
        strings::PACKING_SLIP,
        order.number
    );
    let pages = flow.finish(&footer);
    pdf::render(
        &pages,
        &format!("{} {}", strings::PACKING_SLIP, order.number),
    )
}

fn reason_text(reason: &str, note: Option<&str>) -> String {
    match note.map(str::trim).filter(|n| !n.is_empty()) {
        Some(note) => format!("{reason} ({note})"),
        None => reason.to_string(),
    }
}

/// A section title with some space above it.
fn section(flow: &mut Flow, title: &str) {
    flow.need(44.0, |_, top| top);
    flow.y += 18.0;
    let (m, y, inner) = (flow.margin, flow.y, flow.inner_width());
    flow.page().text(m, y, 11.0, true, inner, title);
    flow.y += 15.0;
}

/// Wrapped text, moved to the next page whole if it does not fit.
fn paragraph(flow: &mut Flow, text: &str, size: f32) {
    let (m, inner) = (flow.margin, flow.inner_width());
    let lines = crate::fonts::wrap(text, size, false, inner, 12);
    let leading = size + 3.0;
    flow.need(leading * lines.len() as f32, |_, top| top + size);
    let y = flow.y;
    let page = flow.page();
    let mut ly = y;
    for line in &lines {
        page.text(m, ly, size, false, inner, line);
        ly += leading;
    }
    flow.y = ly;
}
