//! Carrier labels: a one-page 4×6 in PDF (hand-written objects with a correct cross-reference table) and ZPL II
//! for 203 dpi thermal printers with the tracking number as Code 128.

use storedesk_oms_api::dto::AddressDto;

/// What a label shows.
#[derive(Debug, Clone)]
pub struct LabelInfo {
    pub carrier: String,
    pub parcel_number: String,
    pub tracking_number: String,
    pub package_number: String,
    /// 1-based index of the parcel and the package's parcel count.
    pub parcel_index: usize,
    pub parcel_count: usize,
    pub box_type: String,
    pub weight_g: i64,
    pub sender: AddressDto,
    pub recipient: Option<AddressDto>,
}

impl LabelInfo {
    fn lines(&self) -> (Vec<String>, Vec<String>) {
        let from = address_lines(&self.sender);
        let to = self
            .recipient
            .as_ref()
            .map(address_lines)
            .unwrap_or_else(|| vec!["(no delivery address)".to_string()]);
        (from, to)
    }
}

fn address_lines(a: &AddressDto) -> Vec<String> {
    let mut lines = vec![a.name.clone(), a.line1.clone()];
    if let Some(l2) = &a.line2 {
        lines.push(l2.clone());
    }
    let region = a
        .region
        .as_deref()
        .map(|r| format!(" {r}"))
        .unwrap_or_default();
    lines.push(format!("{} {}{region}", a.postal_code, a.city));
    lines.push(a.country.clone());
    lines
}

/// The label as a PDF document: one 288×432 pt page, Helvetica.
pub fn pdf(info: &LabelInfo) -> Vec<u8> {
    let (from, to) = info.lines();
    let mut content = String::new();
    let mut y = 400;
    let mut text = |font: &str, size: u32, x: u32, y: i32, s: &str| {
        content.push_str(&format!(
            "BT /{font} {size} Tf {x} {y} Td ({}) Tj ET\n",
            pdf_string(s)
        ));
    };
    text("F2", 18, 18, y, &info.carrier);
    y -= 24;
    text(
        "F1",
        10,
        18,
        y,
        &format!(
            "Parcel {} ({} of {})",
            info.parcel_number, info.parcel_index, info.parcel_count
        ),
    );
    y -= 14;
    text(
        "F1",
        10,
        18,
        y,
        &format!(
            "Package {}   Box {}   {} g",
            info.package_number, info.box_type, info.weight_g
        ),
    );
    y -= 30;
    text("F1", 9, 18, y, "TRACKING NUMBER");
    y -= 22;
    text("F2", 20, 18, y, &info.tracking_number);
    y -= 30;
    text("F2", 10, 18, y, "TO");
    for line in &to {
        y -= 15;
        text("F1", 12, 30, y, line);
    }
    y -= 26;
    text("F2", 9, 18, y, "FROM");
    for line in &from {
        y -= 12;
        text("F1", 9, 30, y, line);
    }
    // A frame and a separator line.
    content.push_str("1 w 10 10 268 412 re S 10 300 m 278 300 l S\n");
    // The tracking number as Code 128 at the bottom, as a carrier's label has it, with quiet zones of well over
    // ten modules clear of the frame.
    content.push_str(&code128_bars(
        &info.tracking_number,
        44.0,
        24.0,
        200.0,
        70.0,
    ));

    let content = win_ansi(&content);
    let objects: [Vec<u8>; 6] = [
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 288 432] /Contents 4 0 R \
          /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>"
            .to_vec(),
        [
            format!("<< /Length {} >>\nstream\n", content.len()).as_bytes(),
            &content,
            b"endstream",
        ]
        .concat(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
            .to_vec(),
    ];
    let mut out: Vec<u8> = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// PDF path operators filling the bars of `value` as Code 128 (character set B) in the box at (`x`, `y`) of
/// `width` × `height` points; nothing if the value cannot be encoded.
fn code128_bars(value: &str, x: f64, y: f64, width: f64, height: f64) -> String {
    let Ok(code) = barcoders::sym::code128::Code128::new(format!("\u{181}{value}")) else {
        return String::new();
    };
    let modules = code.encode();
    let module = width / modules.len() as f64;
    let mut out = String::from("0 g\n");
    let mut i = 0;
    while i < modules.len() {
        if modules[i] == 1 {
            let start = i;
            while i < modules.len() && modules[i] == 1 {
                i += 1;
            }
            out.push_str(&format!(
                "{:.3} {y:.3} {:.3} {height:.3} re\n",
                x + start as f64 * module,
                (i - start) as f64 * module
            ));
        } else {
            i += 1;
        }
    }
    out.push_str("f\n");
    out
}

/// Escapes a PDF literal string.
fn pdf_string(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\\' | '(' | ')' => format!("\\{c}"),
            c => c.to_string(),
        })
        .collect()
}

/// Encodes text in WinAnsi (Latin-1 for our purposes); characters outside it are folded to ASCII.
fn win_ansi(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| {
            let code = u32::from(c);
            if (0x20..0x7F).contains(&code) || c == '\n' || (0xA0..=0xFF).contains(&code) {
                u8::try_from(code).unwrap_or(b'?')
            } else {
                match c {
                    'ş' => b's',
                    'Ş' => b'S',
                    'ğ' => b'g',
                    'Ğ' => b'G',
                    'ı' => b'i',
                    'İ' => b'I',
                    _ => b'?',
                }
            }
        })
        .collect()
}

/// The label as ZPL II: 4×6 in at 203 dpi, tracking number as Code 128.
pub fn zpl(info: &LabelInfo) -> String {
    let (from, to) = info.lines();
    let mut z = String::from("^XA\n^CI28\n^PW812\n^LL1218\n^LH0,0\n");
    let mut field = |x: u32, y: u32, size: u32, s: &str| {
        z.push_str(&format!(
            "^FO{x},{y}^A0N,{size},{size}^FD{}^FS\n",
            zpl_text(s)
        ));
    };
    field(40, 40, 56, &info.carrier);
    field(
        40,
        110,
        30,
        &format!(
            "Parcel {} ({}/{})",
            info.parcel_number, info.parcel_index, info.parcel_count
        ),
    );
    field(
        40,
        150,
        30,
        &format!(
            "Package {}  Box {}  {} g",
            info.package_number, info.box_type, info.weight_g
        ),
    );
    let mut y = 470;
    field(40, y, 30, "TO:");
    for line in &to {
        y += 40;
        field(80, y, 36, line);
    }
    y += 70;
    field(40, y, 24, "FROM:");
    for line in &from {
        y += 30;
        field(80, y, 24, line);
    }
    z.push_str("^FO30,200^GB752,0,3^FS\n");
    z.push_str(&format!(
        "^FO60,230^BY3^BCN,160,Y,N,N^FD{}^FS\n",
        zpl_text(&info.tracking_number)
    ));
    z.push_str("^XZ\n");
    z
}

/// Removes the ZPL control characters `^` and `~` from field data.
fn zpl_text(s: &str) -> String {
    s.chars().filter(|c| *c != '^' && *c != '~').collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info() -> LabelInfo {
        LabelInfo {
            carrier: "Yurtiçi Kargo".into(),
            parcel_number: "PCL-000123-1".into(),
            tracking_number: "104233456781".into(),
            package_number: "PKG-000123".into(),
            parcel_index: 1,
            parcel_count: 2,
            box_type: "M".into(),
            weight_g: 1200,
            sender: crate::data::location("IST-01").address.expect("address"),
            recipient: Some(AddressDto {
                name: "Ayşe (Yılmaz)".into(),
                line1: "Bağdat Caddesi No: 214".into(),
                line2: None,
                postal_code: "34728".into(),
                city: "İstanbul".into(),
                region: None,
                country: "TR".into(),
            }),
        }
    }

    #[test]
    fn pdf_has_a_correct_xref_table() {
        let pdf = pdf(&info());
        assert!(pdf.starts_with(b"%PDF-1.4"));
        assert!(pdf.ends_with(b"%%EOF\n"));
        let text = String::from_utf8_lossy(&pdf);
        let startxref: usize = text
            .rsplit("startxref\n")
            .next()
            .and_then(|t| t.lines().next())
            .and_then(|n| n.parse().ok())
            .expect("startxref");
        assert!(pdf[startxref..].starts_with(b"xref\n0 7\n"));
        let table = &text[text.find("xref\n0 7\n").expect("xref") + 9..];
        for (i, entry) in table.lines().skip(1).take(6).enumerate() {
            assert_eq!(entry.len(), 19, "entries are 20 bytes with the newline");
            let offset: usize = entry[..10].parse().expect("offset");
            let expected = format!("{} 0 obj", i + 1);
            assert!(
                pdf[offset..].starts_with(expected.as_bytes()),
                "object {}",
                i + 1
            );
        }
        assert!(
            text.contains("(Ayse \\(Yilmaz\\)) Tj"),
            "folded and escaped"
        );
        assert!(text.contains("104233456781"));
    }

    #[test]
    fn zpl_is_a_4x6_label_with_code_128() {
        let z = zpl(&info());
        assert!(z.starts_with("^XA") && z.trim_end().ends_with("^XZ"));
        assert!(z.contains("^BCN,160,Y,N,N^FD104233456781^FS"));
        assert!(z.contains("^PW812") && z.contains("^LL1218"));
        assert!(z.contains("PCL-000123-1"));
    }
}
