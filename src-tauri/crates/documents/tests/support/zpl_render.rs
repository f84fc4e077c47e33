//! A tiny ZPL interpreter for the commands the label emits, to check ZPL output with zbar.
//!
//! It draws `^GB` boxes, `^A0` text as light gray boxes (no fonts), and the `^BC` / `^BQ` barcodes by
//! **re-encoding the field data** with the same barcode crates the library uses (`barcoders`, `qrcode`), at the
//! `^BY` module width and the `^BQ` magnification. It proves the field data, positions and sizes are right; it
//! does not prove a printer's firmware draws exactly these bars. One pixel is one printer dot.

use barcoders::sym::code128::Code128;
use image::{GrayImage, Luma};
use qrcode::{EcLevel, QrCode};

/// One rendered `^XA … ^XZ` job.
pub struct Rendered {
    pub image: GrayImage,
    /// The `^FD` data of every field, unescaped, in order.
    pub fields: Vec<String>,
}

/// Undoes `^FH` hex escapes (`_5E` → `^`).
pub fn unescape_fh(data: &str) -> String {
    let mut out = Vec::new();
    let bytes = data.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        if bytes[i] == b'_'
            && let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).expect("escaped data is UTF-8")
}

/// ZPL Code 128 invocation codes to the barcoders syntax.
pub fn zpl_code128_to_barcoders(data: &str) -> String {
    let mut out = String::new();
    let mut chars = data.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '>' {
            match chars.next() {
                Some(';') => out.push('\u{0106}'),
                Some(':') => out.push('\u{0181}'),
                Some('9') => out.push('\u{00C0}'),
                Some('8') => out.push('\u{0179}'),
                Some('<') => out.push('>'),
                other => {
                    panic!("ZPL invocation code >{other:?} is not supported by the test renderer")
                }
            }
        } else {
            out.push(c);
        }
    }
    if !out.starts_with(['\u{0106}', '\u{0181}', '\u{00C0}']) {
        out.insert(0, '\u{0181}');
    }
    out
}

fn fill(img: &mut GrayImage, x: i64, y: i64, w: i64, h: i64, v: u8) {
    for yy in y.max(0)..(y + h).min(i64::from(img.height())) {
        for xx in x.max(0)..(x + w).min(i64::from(img.width())) {
            img.put_pixel(xx as u32, yy as u32, Luma([v]));
        }
    }
}

fn nums(params: &str) -> Vec<i64> {
    params
        .split(',')
        .map(|p| p.trim().parse().unwrap_or(0))
        .collect()
}

/// Renders one job (the text between `^XA` and `^XZ`, inclusive or not).
pub fn render(job: &str) -> Rendered {
    let cmds: Vec<&str> = job.split('^').skip(1).collect();
    let (mut width, mut height) = (812i64, 1218i64);
    for c in &cmds {
        if let Some(p) = c.strip_prefix("PW") {
            width = nums(p)[0];
        }
        if let Some(p) = c.strip_prefix("LL") {
            height = nums(p)[0];
        }
    }
    let mut img = GrayImage::from_pixel(width as u32, height as u32, Luma([255]));
    let mut fields = Vec::new();
    let (mut x, mut y) = (0i64, 0i64);
    let (mut by_module, mut by_height) = (2i64, 10i64);
    let mut font_h = 0i64;
    let mut fh = false;
    enum Kind {
        None,
        Text,
        Code128(i64),
        Qr(i64),
        Box(i64, i64, i64),
    }
    let mut kind = Kind::None;
    let mut data: Option<String> = None;
    for c in cmds {
        let c = c.trim_end_matches(['\n', '\r']);
        let (name, params) = c.split_at(c.len().min(2));
        match name {
            "FO" => {
                let n = nums(params);
                (x, y) = (n[0], n[1]);
            }
            "BY" => {
                let n = nums(params);
                by_module = n[0];
                if n.len() > 2 {
                    by_height = n[2];
                }
            }
            "A0" => {
                font_h = nums(params.trim_start_matches('N').trim_start_matches(','))[0];
                kind = Kind::Text;
            }
            "BC" => {
                let n: Vec<&str> = params.split(',').collect();
                let h = n.get(1).and_then(|h| h.parse().ok()).unwrap_or(by_height);
                kind = Kind::Code128(h);
            }
            "BQ" => {
                let n = nums(params.trim_start_matches('N').trim_start_matches(','));
                kind = Kind::Qr(n.get(1).copied().unwrap_or(2));
            }
            "GB" => {
                let n = nums(params);
                kind = Kind::Box(n[0], n[1], n.get(2).copied().unwrap_or(1));
            }
            "FH" => fh = true,
            "FD" => data = Some(params.to_string()),
            "FS" => {
                let d = data
                    .take()
                    .map(|d| if fh { unescape_fh(&d) } else { d })
                    .unwrap_or_default();
                match kind {
                    Kind::Text => {
                        let w = (d.chars().count() as i64) * font_h / 2;
                        fill(&mut img, x, y, w, font_h, 215);
                    }
                    Kind::Code128(h) => {
                        let code = Code128::new(zpl_code128_to_barcoders(&d))
                            .expect("Code 128 data is encodable");
                        for (i, bit) in code.encode().into_iter().enumerate() {
                            if bit == 1 {
                                fill(&mut img, x + i as i64 * by_module, y, by_module, h, 0);
                            }
                        }
                    }
                    Kind::Qr(mag) => {
                        let (ec, text) = d.split_once(',').expect("^BQ data is <ec><mode>,<data>");
                        let ec = match ec.chars().next() {
                            Some('H') => EcLevel::H,
                            Some('Q') => EcLevel::Q,
                            Some('L') => EcLevel::L,
                            _ => EcLevel::M,
                        };
                        let qr = QrCode::with_error_correction_level(text.as_bytes(), ec)
                            .expect("QR encodes");
                        let w = qr.width();
                        for (i, c) in qr.to_colors().into_iter().enumerate() {
                            if c == qrcode::Color::Dark {
                                let (cx, cy) = ((i % w) as i64, (i / w) as i64);
                                fill(&mut img, x + cx * mag, y + cy * mag, mag, mag, 0);
                            }
                        }
                    }
                    Kind::Box(w, h, t) => {
                        fill(&mut img, x, y, w, t, 0);
                        fill(&mut img, x, y + h - t, w, t, 0);
                        fill(&mut img, x, y, t, h, 0);
                        fill(&mut img, x + w - t, y, t, h, 0);
                    }
                    Kind::None => {}
                }
                fields.push(d);
                kind = Kind::None;
                fh = false;
            }
            _ => {}
        }
    }
    Rendered { image: img, fields }
}
