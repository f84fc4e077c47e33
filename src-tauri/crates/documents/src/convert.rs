//! A carrier's PDF label as ZPL, for a thermal printer that takes only ZPL (a raw port 9100 printer).
//!
//! Each page is rasterized at the printer's resolution (hayro, pure Rust), fitted into the label stock without
//! enlarging it, turned into black and white, and sent as one `^GFA` graphic field per label. Bars are drawn
//! without anti-aliasing, so a barcode keeps its module widths as well as the printer's dot grid allows.

use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_syntax::Pdf;
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{PixmapSettings, RenderCache, RenderSettings, render};

use crate::{DocumentError, Dpi, LabelSize};

/// Largest page count converted (a carrier label is one page per parcel; this guards against a wrong document).
const MAX_PAGES: usize = 20;

/// Label stock in inches.
fn stock_inches(size: LabelSize) -> (f32, f32) {
    match size {
        LabelSize::FourBySix => (4.0, 6.0),
        LabelSize::A6 => (105.0 / 25.4, 148.0 / 25.4),
    }
}

/// The pages of `pdf` as ZPL II: one `^XA … ^XZ` label per page, each a graphic field of the page's image.
pub fn pdf_to_zpl(pdf: &[u8], size: LabelSize, dpi: Dpi) -> Result<String, DocumentError> {
    let doc = Pdf::new(pdf.to_vec()).map_err(|e| DocumentError::UnreadablePdf {
        reason: format!("{e:?}"),
    })?;
    let pages = doc.pages();
    if pages.is_empty() {
        return Err(DocumentError::UnreadablePdf {
            reason: "it has no pages".into(),
        });
    }
    if pages.len() > MAX_PAGES {
        return Err(DocumentError::UnreadablePdf {
            reason: format!("it has {} pages, more than a label", pages.len()),
        });
    }
    let dots_per_inch = dpi.dots_per_inch() as f32;
    let (stock_w, stock_h) = stock_inches(size);
    let (max_w, max_h) = (stock_w * dots_per_inch, stock_h * dots_per_inch);
    let cache = RenderCache::new();
    let interpreter = InterpreterSettings::default();
    let render_settings = RenderSettings {
        aliasing_threshold: Some(128),
        ..RenderSettings::default()
    };
    let mut out = String::new();
    for page in pages.iter() {
        let (w_pt, h_pt) = page.render_dimensions();
        if w_pt <= 0.0 || h_pt <= 0.0 {
            return Err(DocumentError::UnreadablePdf {
                reason: "a page has no size".into(),
            });
        }
        // Printer dots per PDF point, shrunk (never enlarged) so that the page fits the stock.
        let scale = (dots_per_inch / 72.0).min(max_w / w_pt).min(max_h / h_pt);
        let pixmap = render(
            page,
            &cache,
            &interpreter,
            &render_settings,
            &PixmapSettings {
                x_scale: scale,
                y_scale: scale,
                bg_color: WHITE,
            },
        );
        let width = usize::from(pixmap.width());
        let height = usize::from(pixmap.height());
        let rgba = pixmap.data_as_u8_slice();
        out.push_str(&graphic_label(width, height, |x, y| {
            let p = &rgba[(y * width + x) * 4..][..3];
            // Rec. 601 luma; darker than mid-grey prints.
            let luma =
                (299 * u32::from(p[0]) + 587 * u32::from(p[1]) + 114 * u32::from(p[2])) / 1000;
            luma < 128
        }));
    }
    Ok(out)
}

/// One label holding a `width` × `height` dot image at the origin; `black(x, y)` says which dots print.
fn graphic_label(width: usize, height: usize, black: impl Fn(usize, usize) -> bool) -> String {
    let bytes_per_row = width.div_ceil(8);
    let total = bytes_per_row * height;
    let mut hex = String::with_capacity(total * 2 + height);
    for y in 0..height {
        for byte in 0..bytes_per_row {
            let mut bits = 0u8;
            for bit in 0..8 {
                let x = byte * 8 + bit;
                if x < width && black(x, y) {
                    bits |= 0x80 >> bit;
                }
            }
            hex.push_str(&format!("{bits:02X}"));
        }
        hex.push('\n');
    }
    format!(
        "^XA\n^CI28\n^PW{width}\n^LL{height}\n^LH0,0\n^FO0,0^GFA,{total},{total},{bytes_per_row},\n{hex}^FS\n^XZ\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_graphic_field_has_one_bit_per_dot_row_by_row() {
        // A 10 × 2 image: the first row all black, the second only its last dot.
        let zpl = graphic_label(10, 2, |x, y| y == 0 || x == 9);
        assert!(zpl.starts_with("^XA\n"), "{zpl}");
        assert!(zpl.trim_end().ends_with("^XZ"), "{zpl}");
        assert!(zpl.contains("^PW10\n^LL2\n"), "{zpl}");
        // 2 bytes per row, 4 bytes in all: FF C0 / 00 40.
        assert!(zpl.contains("^GFA,4,4,2,\nFFC0\n0040\n^FS"), "{zpl}");
    }

    #[test]
    fn something_that_is_not_a_pdf_is_refused_with_a_reason() {
        let err = pdf_to_zpl(b"not a pdf", LabelSize::FourBySix, Dpi::Dpi203).unwrap_err();
        assert!(matches!(err, DocumentError::UnreadablePdf { .. }), "{err}");
        assert!(err.to_string().contains("label"), "{err}");
    }
}
