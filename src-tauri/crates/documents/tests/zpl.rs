//! Local shipping labels as ZPL II: structure and field data checked as text; the labels rendered by an
//! independent ZPL renderer (zebrash, `tests/zpl-render/`, installed by scripts/setup.sh) and their barcodes
//! decoded with zbar.

mod support;

use storedesk_documents::{
    Dpi, LabelSize, local_label_pdf, local_label_zpl, order_labels_zpl, pdf_to_zpl,
};
use support::*;

/// Splits ZPL into its `^XA … ^XZ` jobs, checking that nothing is outside a job and every field is closed.
fn jobs(zpl: &str) -> Vec<String> {
    let mut jobs = Vec::new();
    let mut rest = zpl;
    while let Some(start) = rest.find("^XA") {
        assert!(
            rest[..start].trim().is_empty(),
            "text outside a job: {:?}",
            &rest[..start]
        );
        let end = rest[start..].find("^XZ").expect("every ^XA has its ^XZ") + start + 3;
        let job = &rest[start..end];
        assert_eq!(job.matches("^XA").count(), 1, "nested ^XA in {job}");
        jobs.push(job.to_string());
        rest = &rest[end..];
    }
    assert!(rest.trim().is_empty(), "text after the last job: {rest:?}");
    for job in &jobs {
        assert!(job.contains("^CI28"), "UTF-8 is switched on");
        // Every ^FD is closed by ^FS before the next command that starts a field.
        for (i, _) in job.match_indices("^FD") {
            let after = &job[i + 3..];
            let fs = after.find("^FS").expect("^FD closed by ^FS");
            assert!(
                !after[..fs].contains('^'),
                "unescaped ^ in field data: {}",
                &after[..fs]
            );
        }
        assert_eq!(
            job.matches("^FD").count(),
            // Boxes (^GB) and graphic fields (^GF) end with ^FS and have no ^FD.
            job.matches("^FS").count() - job.matches("^GB").count() - job.matches("^GF").count()
        );
    }
    jobs
}

/// `^FH` field data with its `_XX` hex escapes decoded.
fn unescape_fh(data: &str) -> String {
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

/// The `^FD` data of a job's fields, unescaped where the field has `^FH`.
fn field_data(job: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut fh = false;
    for command in job.split('^').skip(1) {
        if command.starts_with("FH") {
            fh = true;
        } else if let Some(data) = command.strip_prefix("FD") {
            fields.push(if fh {
                unescape_fh(data)
            } else {
                data.to_string()
            });
        } else if command.starts_with("FS") {
            fh = false;
        }
    }
    fields
}

#[test]
fn one_well_formed_job_per_parcel_with_the_label_facts() {
    let order = turkish_order();
    let zpl = order_labels_zpl(&order, &store(), LabelSize::FourBySix, Dpi::Dpi203, 0).unwrap();
    let jobs = jobs(&zpl);
    assert_eq!(jobs.len(), 3);
    for (i, job) in jobs.iter().enumerate() {
        let n = i + 1;
        assert!(
            job.contains("^PW812\n") && job.contains("^LL1218\n"),
            "4×6 at 203 dpi is 812×1218 dots"
        );
        let fields = field_data(job);
        for expected in [
            "Storedesk Kadıköy".to_string(),
            "Şükrü Öztürk".to_string(),
            "34728 İstanbul".to_string(),
            "Order: ORD-2026-000042".to_string(),
            "Work order: PKG-000123".to_string(),
            format!("Parcel: PCL-000123-{n}"),
            format!("Parcel {n} of 3"),
            format!(">:PCL-000123-{n}"),
            format!("MA,PCL-000123-{n}"),
        ] {
            assert!(
                fields.contains(&expected),
                "job {n} lacks field {expected:?}: {fields:?}"
            );
        }
        // As printed: both barcodes of each job scan to its parcel number.
        let png = render_zpl(job, 203);
        assert_eq!(decoded(&png, "CODE-128"), format!("PCL-000123-{n}"));
        assert_eq!(decoded(&png, "QR-Code"), format!("PCL-000123-{n}"));
    }
}

#[test]
fn zpl_barcodes_decode_to_the_parcel_number() {
    let order = turkish_order();
    let zpl = local_label_zpl(&order, "2", &store(), LabelSize::FourBySix, Dpi::Dpi203, 0).unwrap();
    let job = &jobs(&zpl)[0];
    let png = render_zpl(job, 203);
    assert_eq!(decoded(&png, "CODE-128"), "PCL-000123-2");
    assert_eq!(decoded(&png, "QR-Code"), "PCL-000123-2");
}

#[test]
fn a_pdf_label_converted_to_zpl_still_scans_at_both_resolutions() {
    // A PDF label (ours here; a carrier's in the app) as a graphic field for a printer that takes only ZPL.
    let order = turkish_order();
    let pdf = local_label_pdf(&order, "2", &store(), LabelSize::FourBySix, 0).unwrap();
    for (dpi, dots) in [(Dpi::Dpi203, 203), (Dpi::Dpi300, 300)] {
        let zpl = pdf_to_zpl(&pdf, LabelSize::FourBySix, dpi).unwrap();
        let job = &jobs(&zpl)[0];
        assert_eq!(jobs(&zpl).len(), 1, "one page, one label");
        assert!(job.contains("^GFA,"), "{}", &job[..120]);
        // 4 × 6 in at the printer's resolution.
        assert!(job.contains(&format!("^PW{}", 4 * dots)), "{}", &job[..120]);
        let png = render_zpl(job, dots);
        assert_eq!(decoded(&png, "CODE-128"), "PCL-000123-2", "{dots} dpi");
        assert_eq!(decoded(&png, "QR-Code"), "PCL-000123-2", "{dots} dpi");
    }
}

#[test]
fn zpl_gs1_128_uses_fnc1_and_decodes_to_the_sscc_at_300_dpi() {
    let order = turkish_order();
    let zpl = local_label_zpl(
        &order,
        "1",
        &gs1_store(),
        LabelSize::A6,
        Dpi::Dpi300,
        123_456_789,
    )
    .unwrap();
    let job = &jobs(&zpl)[0];
    assert!(job.contains("^BY6,3,"), "0.5 mm modules at 300 dpi: {job}");
    assert!(
        job.contains("^FD>;>800106141411234567897^FS"),
        "start C, FNC1, AI 00: {job}"
    );
    assert!(
        job.contains(",1,0,C,0^FD(00) 106141411234567897^FS"),
        "the human-readable line is centred by the printer (^FB, C): {job}"
    );
    assert!(
        job.contains("^PW1240\n"),
        "A6 is 105 mm = 1240 dots at 300 dpi: {job}"
    );
    let png = render_zpl(job, 300);
    assert_eq!(decoded(&png, "CODE-128"), "00106141411234567897");
    assert_eq!(decoded(&png, "QR-Code"), "106141411234567897");
}

#[test]
fn carets_and_tildes_in_data_are_hex_escaped() {
    let mut order = turkish_order();
    order.customer.as_mut().unwrap().name = "Ali ^XZ ~JA Veli".into();
    let zpl = local_label_zpl(&order, "1", &store(), LabelSize::FourBySix, Dpi::Dpi203, 0).unwrap();
    let jobs = jobs(&zpl);
    assert_eq!(jobs.len(), 1, "the name must not end the job early");
    assert!(zpl.contains("^FH^FDAli _5EXZ _7EJA Veli^FS"), "{zpl}");
    assert_eq!(unescape_fh("Ali _5EXZ _7EJA Veli"), "Ali ^XZ ~JA Veli");
}

#[test]
fn a_long_address_line_is_cut_to_the_label_width() {
    let mut order = transfer_order();
    order.address.as_mut().unwrap().line1 = "Thorvald Meyers gate ".repeat(8);
    let zpl = local_label_zpl(&order, "1", &store(), LabelSize::FourBySix, Dpi::Dpi203, 0).unwrap();
    let fields = field_data(&jobs(&zpl)[0]);
    let street = fields
        .iter()
        .find(|f| f.starts_with("Thorvald"))
        .expect("street line printed");
    assert!(street.ends_with('…'), "{street}");
    assert!(street.chars().count() < 60, "{street}");
}
