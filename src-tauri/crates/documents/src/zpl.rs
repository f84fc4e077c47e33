//! The local shipping label as ZPL II text for Zebra-compatible thermal printers.
//!
//! One `^XA … ^XZ` job per parcel. `^CI28` makes field data UTF-8; text uses the scalable font `^A0`, which
//! on most Zebra printers covers Latin-1 and Latin Extended-A (a printer without the glyph prints a box).
//! The GS1-128 barcode is written in ZPL's own invocation codes: `>;` (start in subset C) and `>8` (FNC1), then
//! `00` and the 18 SSCC digits; a parcel number is `>:` (start in subset B) and the text, `>` written as `><`.
//! Field data containing `^` or `~` is written with `^FH` and `_5E` / `_7E` hex escapes.

use storedesk_domain::model::WorkOrder;

use crate::barcode::{CODE128_QUIET_MODULES, ParcelBarcodeKind};
use crate::error::DocumentError;
use crate::label::LabelData;
use crate::{Dpi, LabelSize, StoreProfile, fonts, strings};

impl Dpi {
    /// Printer dots per inch.
    pub fn dots_per_inch(self) -> u32 {
        match self {
            Dpi::Dpi203 => 203,
            Dpi::Dpi300 => 300,
        }
    }

    /// Widest printable area of a 4-inch printhead, in dots.
    fn max_print_width(self) -> u32 {
        match self {
            Dpi::Dpi203 => 832,
            Dpi::Dpi300 => 1248,
        }
    }
}

/// Field data: `^FD…^FS`, with `^FH` and hex escapes when the data holds `^` or `~`. Control characters are
/// dropped.
pub(crate) fn field(data: &str) -> String {
    let clean: String = data.chars().filter(|c| !c.is_control()).collect();
    if clean.contains(['^', '~']) {
        let escaped = clean
            .replace('_', "_5F")
            .replace('^', "_5E")
            .replace('~', "_7E");
        format!("^FH^FD{escaped}^FS")
    } else {
        format!("^FD{clean}^FS")
    }
}

/// The Code 128 field data in ZPL invocation codes (see the module docs).
pub(crate) fn code128_field_data(kind: ParcelBarcodeKind, value: &str) -> String {
    match kind {
        ParcelBarcodeKind::Sscc => format!(">;>800{value}"),
        ParcelBarcodeKind::ParcelNumber => format!(">:{}", value.replace('>', "><")),
    }
}

struct Zpl {
    out: String,
    scale: f32,
}

impl Zpl {
    fn d(&self, dots_at_203: f32) -> u32 {
        (dots_at_203 * self.scale).round().max(0.0) as u32
    }

    fn line(&mut self, s: &str) {
        self.out.push_str(s);
        self.out.push('\n');
    }

    /// Text with its top at `y` (dots at 203 dpi), cut to `max_width`.
    fn text(&mut self, x: f32, y: f32, height: f32, max_width: f32, text: &str) {
        // DejaVu is a little wider than the printer's font 0: measuring with it keeps the text inside.
        let fitted = fonts::fit(text, height * 0.95, false, max_width);
        if fitted.is_empty() {
            return;
        }
        let (x, y, h) = (self.d(x), self.d(y), self.d(height));
        let line = format!("^FO{x},{y}^A0N,{h},{h}{}", field(&fitted));
        self.line(&line);
    }

    /// One line of text centred by the printer across the whole label (a one-line `^FB` block, justification
    /// C), cut to the label width. Centring on a width measured here would be off: DejaVu is wider than font 0.
    fn centered_text(&mut self, y: f32, height: f32, label_width: f32, text: &str) {
        let fitted = fonts::fit(text, height * 0.95, false, label_width);
        if fitted.is_empty() {
            return;
        }
        let (y, h, w) = (self.d(y), self.d(height), self.d(label_width));
        let line = format!("^FO0,{y}^A0N,{h},{h}^FB{w},1,0,C,0{}", field(&fitted));
        self.line(&line);
    }

    fn rule(&mut self, x: f32, y: f32, width: f32, thickness: f32) {
        let (x, y, w, t) = (
            self.d(x),
            self.d(y),
            self.d(width),
            self.d(thickness).max(1),
        );
        self.line(&format!("^FO{x},{y}^GB{w},{t},{t}^FS"));
    }
}

/// One `^XA … ^XZ` job for one parcel.
pub(crate) fn label_zpl(
    data: &LabelData,
    size: LabelSize,
    dpi: Dpi,
) -> Result<String, DocumentError> {
    let dpi_n = dpi.dots_per_inch();
    let scale = dpi_n as f32 / 203.0;
    let (w_in, h_in) = match size {
        LabelSize::FourBySix => (4.0, 6.0),
        LabelSize::A6 => (105.0 / 25.4, 148.0 / 25.4),
    };
    let width = ((w_in * dpi_n as f32).round() as u32).min(dpi.max_print_width());
    let height = (h_in * dpi_n as f32).round() as u32;
    // Layout in dots at 203 dpi, scaled for 300 dpi.
    let w = width as f32 / scale;
    let h = height as f32 / scale;
    let m = 28.0;
    let inner = w - 2.0 * m;

    let mut z = Zpl {
        out: String::new(),
        scale,
    };
    z.line("^XA");
    z.line("^CI28");
    z.line(&format!("^PW{width}"));
    z.line(&format!("^LL{height}"));
    z.line("^LH0,0");

    let mut y = m;
    z.text(m, y, 18.0, inner, strings::FROM);
    y += 22.0;
    z.text(m, y, 24.0, inner, &data.sender_name);
    y += 28.0;
    z.text(m, y, 22.0, inner, &data.sender_lines.join(", "));
    y += 30.0;
    z.rule(m, y, inner, 3.0);

    y += 12.0;
    z.text(
        m,
        y,
        18.0,
        inner,
        data.recipient_title.as_deref().unwrap_or(strings::TO),
    );
    y += 24.0;
    z.text(m, y, 40.0, inner, &data.recipient_name);
    y += 46.0;
    for line in data.recipient_lines.iter().take(5) {
        z.text(m, y, 30.0, inner, line);
        y += 34.0;
    }
    y += 4.0;
    z.rule(m, y, inner, 3.0);

    // Facts on the left, QR code on the right.
    let qr_mag = if dpi == Dpi::Dpi300 { 7 } else { 5 };
    let qr_side = 33.0 * qr_mag as f32 / scale;
    let facts_width = inner - qr_side - 10.0;
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
        z.text(m, y, 24.0, facts_width, fact);
        y += 29.0;
    }
    y += 6.0;
    z.text(
        m,
        y,
        44.0,
        facts_width,
        &strings::parcel_x_of_y(data.position, data.count),
    );
    y += 52.0;
    let (qx, qy) = (
        z.d(w - m - qr_side + 4.0 * qr_mag as f32 / scale),
        z.d(top + 10.0),
    );
    let qr_line = format!(
        "^FO{qx},{qy}^BQN,2,{qr_mag}{}",
        field(&format!("MA,{}", data.barcode.qr_text()))
    );
    z.line(&qr_line);
    y = y.max(top + qr_side + 16.0);
    z.rule(m, y, inner, 3.0);

    // Barcode: whole-dot modules, 0.5 mm when it fits.
    let modules = data.barcode.code128_modules()?.len();
    let total = (modules + 2 * CODE128_QUIET_MODULES) as u32;
    let candidates: &[u32] = if dpi == Dpi::Dpi300 {
        &[6, 4, 3]
    } else {
        &[4, 3, 2]
    };
    let module = candidates
        .iter()
        .copied()
        .find(|mw| total * mw <= width)
        .ok_or_else(|| DocumentError::BarcodeNotEncodable {
            value: data.barcode.value.clone(),
            reason: "it is too long to fit the label width".into(),
        })?;
    let bar_top = y + 24.0;
    let hri = 28.0;
    let bar_height = (h - m - hri - 8.0 - bar_top).clamp(60.0, 256.0);
    let bar_x = (width.saturating_sub(modules as u32 * module)) / 2;
    let (by, bh) = (z.d(bar_top), z.d(bar_height));
    z.line(&format!("^BY{module},3,{bh}"));
    let bc = format!(
        "^FO{bar_x},{by}^BCN,{bh},N,N,N{}",
        field(&code128_field_data(data.barcode.kind, &data.barcode.value))
    );
    z.line(&bc);
    // The human-readable line under the barcode, centred like the bars (which are centred on the label width).
    z.centered_text(
        bar_top + bar_height + 8.0,
        hri,
        w,
        &data.barcode.human_readable(),
    );
    z.line("^PQ1");
    z.line("^XZ");
    Ok(z.out)
}

/// All parcels of an order, one job each; parcel `i` (from 0) gets SSCC serial `first_serial + i`.
pub(crate) fn labels_zpl(
    order: &WorkOrder,
    store: &StoreProfile,
    size: LabelSize,
    dpi: Dpi,
    first_serial: u64,
) -> Result<String, DocumentError> {
    if order.parcels.is_empty() {
        return Err(DocumentError::NoParcels {
            order: order.number.clone(),
        });
    }
    let mut out = String::new();
    for (i, parcel) in order.parcels.iter().enumerate() {
        let data = LabelData::new(
            order,
            &parcel.parcel_ref,
            store,
            first_serial.saturating_add(i as u64),
        )?;
        out.push_str(&label_zpl(&data, size, dpi)?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_and_tilde_are_hex_escaped() {
        assert_eq!(field("A^B~C_D"), "^FH^FDA_5EB_7EC_5FD^FS");
        assert_eq!(field("Şükrü_1"), "^FDŞükrü_1^FS");
        assert_eq!(field("a\nb"), "^FDab^FS");
    }

    #[test]
    fn code128_data_uses_zpl_invocation_codes() {
        assert_eq!(
            code128_field_data(ParcelBarcodeKind::Sscc, "106141411234567897"),
            ">;>800106141411234567897"
        );
        assert_eq!(
            code128_field_data(ParcelBarcodeKind::ParcelNumber, "A>B"),
            ">:A><B"
        );
    }
}
