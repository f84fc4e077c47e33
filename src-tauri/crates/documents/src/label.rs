//! The local shipping label as PDF (4×6 in or A6), and the facts every label format shares.

use storedesk_domain::model::{Address, Parcel, WorkOrder, WorkOrderKind};

use crate::barcode::{
    CODE128_QUIET_MODULES, ParcelBarcode, QR_QUIET_MODULES, parcel_barcode, qr_matrix,
};
use crate::error::DocumentError;
use crate::layout::{Page, mm};
use crate::{LabelSize, StoreProfile, pdf, strings};

/// The parcel number printed on the label: the OMS's `Parcel::number`, else `<work-order number>-<parcel_ref>`.
pub(crate) fn parcel_number(order: &WorkOrder, parcel: &Parcel) -> String {
    match parcel
        .number
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        Some(n) => n.to_string(),
        None => format!("{}-{}", order.number, parcel.parcel_ref),
    }
}

/// The address lines below the name: street lines, postal code and city, region, country code.
pub(crate) fn address_lines(address: &Address) -> Vec<String> {
    let mut lines = vec![address.line1.trim().to_string()];
    if let Some(l2) = &address.line2 {
        lines.push(l2.trim().to_string());
    }
    lines.push(
        format!("{} {}", address.postal_code.trim(), address.city.trim())
            .trim()
            .to_string(),
    );
    if let Some(region) = &address.region {
        lines.push(region.trim().to_string());
    }
    lines.push(address.country.trim().to_uppercase());
    lines.retain(|l| !l.is_empty());
    lines
}

/// Whether an address has something a carrier can deliver to.
fn is_usable(address: &Address) -> bool {
    !address.line1.trim().is_empty() && !address.city.trim().is_empty()
}

/// Everything a label shows, whatever the format.
#[derive(Debug, Clone)]
pub(crate) struct LabelData {
    pub sender_name: String,
    pub sender_lines: Vec<String>,
    /// "Transfer to STORE-02" for transfers.
    pub recipient_title: Option<String>,
    pub recipient_name: String,
    pub recipient_lines: Vec<String>,
    pub order_ref: Option<String>,
    pub work_order: String,
    pub parcel_number: String,
    pub position: usize,
    pub count: usize,
    pub weight: String,
    pub carrier: Option<String>,
    pub barcode: ParcelBarcode,
}

impl LabelData {
    pub fn new(
        order: &WorkOrder,
        parcel_ref: &str,
        store: &StoreProfile,
        serial: u64,
    ) -> Result<Self, DocumentError> {
        let index = order
            .parcels
            .iter()
            .position(|p| p.parcel_ref == parcel_ref)
            .ok_or_else(|| DocumentError::ParcelNotOnOrder {
                parcel_ref: parcel_ref.to_string(),
                order: order.number.clone(),
            })?;
        let parcel = &order.parcels[index];
        let address = order
            .address
            .as_ref()
            .filter(|a| is_usable(a))
            .ok_or_else(|| DocumentError::NoDeliveryAddress {
                order: order.number.clone(),
            })?;
        let barcode = parcel_barcode(order, parcel_ref, store, serial)?;
        let transfer = matches!(
            order.kind,
            WorkOrderKind::TransferOut | WorkOrderKind::TransferIn
        );
        let customer_name = order
            .customer
            .as_ref()
            .map(|c| c.name.trim())
            .filter(|n| !n.is_empty());
        let (recipient_name, mut recipient_lines) = match (transfer, customer_name) {
            (false, Some(name)) => {
                let mut lines = Vec::new();
                if !address.name.trim().is_empty() && address.name.trim() != name {
                    lines.push(address.name.trim().to_string());
                }
                (name.to_string(), lines)
            }
            _ => (address.name.trim().to_string(), Vec::new()),
        };
        recipient_lines.extend(address_lines(address));
        let recipient_title = transfer.then(|| {
            format!(
                "{} {}",
                strings::TRANSFER_TO,
                order.counterparty.as_deref().unwrap_or(&address.name)
            )
            .trim()
            .to_string()
        });
        let carrier = parcel
            .carrier
            .as_deref()
            .or(order.carrier.as_deref())
            .or(order.dispatch.as_ref().map(|d| d.carrier.as_str()))
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string);
        Ok(Self {
            sender_name: store.name.trim().to_string(),
            sender_lines: address_lines(&store.address),
            recipient_title,
            recipient_name,
            recipient_lines,
            order_ref: order
                .order_number
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_string),
            work_order: order.number.clone(),
            parcel_number: parcel_number(order, parcel),
            position: index + 1,
            count: order.parcels.len(),
            weight: strings::weight_kg(parcel.weight_g),
            carrier,
            barcode,
        })
    }
}

/// Points per printer dot at 203 dpi: bar and QR module widths are whole dots so they print crisp.
const DOT_203: f32 = 72.0 / 203.0;

/// Lays out one label page.
pub(crate) fn label_page(data: &LabelData, size: LabelSize) -> Result<Page, DocumentError> {
    let (w, h) = match size {
        LabelSize::FourBySix => (4.0 * 72.0, 6.0 * 72.0),
        LabelSize::A6 => (mm(105.0), mm(148.0)),
    };
    let mut page = Page::new(w, h);
    let m = 14.0;
    let inner = w - 2.0 * m;

    // Sender.
    let mut y = m + 7.0;
    page.caption(m, y, 7.0, inner, strings::FROM);
    y += 11.0;
    page.text(m, y, 9.0, true, inner, &data.sender_name);
    y += 10.0;
    page.text(m, y, 8.0, false, inner, &data.sender_lines.join(", "));
    y += 8.0;
    page.hline(m, y, inner, 1.0);

    // Recipient.
    y += 12.0;
    page.caption(
        m,
        y,
        7.0,
        inner,
        data.recipient_title.as_deref().unwrap_or(strings::TO),
    );
    y += 17.0;
    y = page.paragraph(m, y, 15.0, true, inner, 2, 17.0, &data.recipient_name);
    for line in data.recipient_lines.iter().take(5) {
        page.text(m, y, 11.0, false, inner, line);
        y += 13.5;
    }
    y -= 4.0;
    page.hline(m, y, inner, 1.0);

    // Order facts on the left, QR code on the right.
    let qr = qr_matrix(data.barcode.qr_text())?;
    let qr_module = 5.0 * DOT_203;
    let qr_side = (qr.width + 2 * QR_QUIET_MODULES) as f32 * qr_module;
    let facts_width = inner - qr_side;
    let top = y;
    y += 14.0;
    let mut facts = Vec::new();
    if let Some(order_ref) = &data.order_ref {
        facts.push(format!("{}: {order_ref}", strings::ORDER));
    }
    facts.push(format!("{}: {}", strings::WORK_ORDER, data.work_order));
    facts.push(format!("{}: {}", strings::PARCEL, data.parcel_number));
    facts.push(format!("{}: {}", strings::WEIGHT, data.weight));
    if let Some(carrier) = &data.carrier {
        facts.push(format!("{}: {carrier}", strings::CARRIER));
    }
    for fact in &facts {
        page.text(m, y, 9.0, false, facts_width, fact);
        y += 11.5;
    }
    y += 6.0;
    page.text(
        m,
        y,
        16.0,
        true,
        facts_width,
        &strings::parcel_x_of_y(data.position, data.count),
    );
    y += 6.0;
    let qr_x = w - m - qr_side + QR_QUIET_MODULES as f32 * qr_module;
    let qr_y = top + 2.0 + QR_QUIET_MODULES as f32 * qr_module;
    draw_matrix(&mut page, qr_x, qr_y, qr_module, qr.width, &qr.dark);
    y = y.max(top + qr_side + 4.0);
    page.hline(m, y, inner, 1.0);

    // The barcode takes the rest: bars, then the human-readable line.
    let modules = data.barcode.code128_modules()?;
    let total = (modules.len() + 2 * CODE128_QUIET_MODULES) as f32;
    // 4 dots (0.50 mm, the GS1 logistic label minimum) when it fits, else 3, else 2 dots.
    let module = [4.0, 3.0, 2.0]
        .into_iter()
        .map(|dots| dots * DOT_203)
        .find(|mw| total * mw <= w - 4.0)
        .ok_or_else(|| DocumentError::BarcodeNotEncodable {
            value: data.barcode.value.clone(),
            reason: "it is too long to fit the label width".into(),
        })?;
    let hri_size = 10.0;
    let bar_top = y + 10.0;
    let bar_height = (h - m - hri_size - 4.0 - bar_top).clamp(20.0, mm(32.0));
    let x0 = (w - modules.len() as f32 * module) / 2.0;
    draw_bars(&mut page, x0, bar_top, module, bar_height, &modules);
    let hri = data.barcode.human_readable();
    let hri_width = crate::fonts::text_width(&hri, hri_size, false);
    page.text(
        (w - hri_width) / 2.0,
        bar_top + bar_height + hri_size + 2.0,
        hri_size,
        false,
        w,
        &hri,
    );
    Ok(page)
}

/// Bars as rectangles, runs of dark modules merged into one rectangle.
fn draw_bars(page: &mut Page, x0: f32, y: f32, module: f32, height: f32, modules: &[bool]) {
    let mut i = 0;
    while i < modules.len() {
        if modules[i] {
            let start = i;
            while i < modules.len() && modules[i] {
                i += 1;
            }
            page.rect(
                x0 + start as f32 * module,
                y,
                (i - start) as f32 * module,
                height,
            );
        } else {
            i += 1;
        }
    }
}

/// A QR matrix as rectangles, one per run of dark modules in a row.
fn draw_matrix(page: &mut Page, x0: f32, y0: f32, module: f32, width: usize, dark: &[bool]) {
    for (row, cells) in dark.chunks(width.max(1)).enumerate() {
        draw_bars(page, x0, y0 + row as f32 * module, module, module, cells);
    }
}

/// The label of one parcel as a one-page PDF.
pub(crate) fn label_pdf(data: &LabelData, size: LabelSize) -> Result<Vec<u8>, DocumentError> {
    pdf::render(
        &[label_page(data, size)?],
        &format!("{} {}", strings::PARCEL, data.parcel_number),
    )
}

/// The labels of all parcels of an order, one page each.
pub(crate) fn labels_pdf(
    order: &WorkOrder,
    store: &StoreProfile,
    size: LabelSize,
    first_serial: u64,
) -> Result<Vec<u8>, DocumentError> {
    if order.parcels.is_empty() {
        return Err(DocumentError::NoParcels {
            order: order.number.clone(),
        });
    }
    let mut pages = Vec::new();
    for (i, parcel) in order.parcels.iter().enumerate() {
        let data = LabelData::new(
            order,
            &parcel.parcel_ref,
            store,
            first_serial.saturating_add(i as u64),
        )?;
        pages.push(label_page(&data, size)?);
    }
    pdf::render(&pages, &format!("{} {}", strings::ORDER, order.number))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parcel_number_falls_back_to_work_order_and_ref() {
        let parcel = Parcel {
            parcel_ref: "2".into(),
            box_type: "S".into(),
            weight_g: 0,
            contents: vec![],
            number: Some("  ".into()),
            carrier: None,
            tracking_number: None,
            label_formats: vec![],
            label_attached: false,
        };
        let order_number = "PKG-000777";
        let mut numbered = parcel.clone();
        numbered.number = Some("PCL-000777-2".into());
        let order: WorkOrder = bare_order(order_number, vec![parcel.clone(), numbered.clone()]);
        assert_eq!(parcel_number(&order, &parcel), "PKG-000777-2");
        assert_eq!(parcel_number(&order, &numbered), "PCL-000777-2");
    }

    #[test]
    fn weights_print_in_kg_rounded_to_10_g() {
        assert_eq!(strings::weight_kg(0), "0.00 kg");
        assert_eq!(strings::weight_kg(1234), "1.23 kg");
        assert_eq!(strings::weight_kg(1235), "1.24 kg");
        assert_eq!(strings::weight_kg(999_996), "1000.00 kg");
        assert_eq!(strings::parcel_x_of_y(2, 3), "Parcel 2 of 3");
    }

    fn bare_order(number: &str, parcels: Vec<Parcel>) -> WorkOrder {
        use chrono::{TimeZone, Utc};
        let t = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        WorkOrder {
            id: "x".into(),
            number: number.into(),
            kind: WorkOrderKind::ShipFromStore,
            status: storedesk_domain::model::Status::Packed,
            version: 1,
            store: "S".into(),
            order_number: None,
            channel: None,
            customer: None,
            address: None,
            counterparty: None,
            carrier: None,
            due_at: t,
            created_at: t,
            updated_at: t,
            lines: vec![],
            parcels,
            pickup: None,
            dispatch: None,
            hold: None,
            cancel_request: None,
            rejection: None,
            applied_command_ids: vec![],
        }
    }
}
