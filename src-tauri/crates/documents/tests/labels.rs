//! Local shipping labels as PDF: text extracted with poppler, barcodes decoded with zbar.

mod support;

use storedesk_documents::{
    DocumentError, LabelSize, ParcelBarcodeKind, local_label_pdf, order_labels_pdf, parcel_barcode,
};
use support::*;

#[test]
fn four_by_six_label_shows_who_what_and_which_parcel() {
    let order = turkish_order();
    let pdf = local_label_pdf(&order, "2", &store(), LabelSize::FourBySix, 0).unwrap();
    let text = pdf_text(&pdf);
    for expected in [
        "Storedesk Kadıköy",
        "Moda Caddesi 5",
        "Şükrü Öztürk",
        "Bağdat Caddesi 123 Daire 4",
        "34728 İstanbul",
        "TR",
        "ORD-2026-000042",
        "PKG-000123",
        "PCL-000123-2",
        "Parcel 2 of 3",
        "0.80 kg",
        "Yurtiçi Kargo",
    ] {
        assert!(
            text.contains(expected),
            "label text lacks {expected:?}:\n{text}"
        );
    }
    assert_eq!(pdf_pages(&pdf), 1);
}

#[test]
fn plain_code128_and_qr_decode_to_the_parcel_number() {
    let order = turkish_order();
    let pdf = local_label_pdf(&order, "3", &store(), LabelSize::FourBySix, 0).unwrap();
    let png = render_page(&pdf, 1, 300);
    assert_eq!(decoded(&png, "CODE-128"), "PCL-000123-3");
    assert_eq!(decoded(&png, "QR-Code"), "PCL-000123-3");
}

#[test]
fn gs1_128_sscc_decodes_with_its_application_identifier() {
    let order = turkish_order();
    let store = gs1_store();
    let barcode = parcel_barcode(&order, "1", &store, 123_456_789).unwrap();
    assert_eq!(barcode.kind, ParcelBarcodeKind::Sscc);
    assert_eq!(barcode.value, "106141411234567897");
    let pdf = local_label_pdf(&order, "1", &store, LabelSize::A6, 123_456_789).unwrap();
    assert!(pdf_text(&pdf).contains("(00) 106141411234567897"));
    let png = render_page(&pdf, 1, 300);
    // zbar reports a GS1-128 (FNC1 in first position) as CODE-128 and drops the leading FNC1, so the data is
    // the AI followed by the SSCC; `storedesk_barcode::parse` reads that back as an SSCC.
    let data = decoded(&png, "CODE-128");
    assert_eq!(data, "00106141411234567897");
    assert_eq!(decoded(&png, "QR-Code"), "106141411234567897");
}

#[test]
fn a6_label_of_a_parcel_without_oms_number_uses_order_number_and_ref() {
    let order = portuguese_order();
    let pdf = local_label_pdf(&order, "2", &store(), LabelSize::A6, 0).unwrap();
    let text = pdf_text(&pdf);
    for expected in [
        "João Conceição",
        "Rua da Conceição 15, 3º andar",
        "1100-152 Lisboa",
        "PKG-000124-2",
        "Parcel 2 of 2",
    ] {
        assert!(
            text.contains(expected),
            "label text lacks {expected:?}:\n{text}"
        );
    }
    let png = render_page(&pdf, 1, 300);
    assert_eq!(decoded(&png, "CODE-128"), "PKG-000124-2");
}

#[test]
fn transfer_label_is_addressed_to_the_other_store() {
    let order = transfer_order();
    let pdf = local_label_pdf(&order, "1", &store(), LabelSize::FourBySix, 0).unwrap();
    let text = pdf_text(&pdf);
    // The long recipient name wraps onto a second line.
    for expected in [
        "Transfer to OSL-02",
        "Bjørn Ålesund, Storedesk\nGrünerløkka",
        "0555 Oslo",
        "TRF-000045",
        "Parcel 1 of 1",
        "5.20 kg",
    ] {
        assert!(
            text.contains(expected),
            "label text lacks {expected:?}:\n{text}"
        );
    }
}

#[test]
fn all_labels_of_an_order_are_one_page_per_parcel_with_consecutive_ssccs() {
    let order = turkish_order();
    let pdf = order_labels_pdf(&order, &gs1_store(), LabelSize::FourBySix, 41).unwrap();
    assert_eq!(pdf_pages(&pdf), 3);
    let text = pdf_text(&pdf);
    for n in 1..=3 {
        assert!(text.contains(&format!("Parcel {n} of 3")), "{text}");
    }
    let third = render_page(&pdf, 3, 300);
    let expected = storedesk_documents::sscc(1, "0614141", 43).unwrap();
    assert_eq!(decoded(&third, "CODE-128"), format!("00{expected}"));
}

#[test]
fn a_very_long_name_is_cut_with_an_ellipsis_and_the_label_still_scans() {
    let mut order = turkish_order();
    let long =
        "Şükrü Öztürk Çağlayan Gümüşsuyu İğneada Kırklareli Ereğli Büyükçekmece Küçükçekmece";
    order.customer.as_mut().unwrap().name = long.into();
    order.address.as_mut().unwrap().line1 = format!("{long} Sokak No 1");
    let pdf = local_label_pdf(&order, "1", &store(), LabelSize::FourBySix, 0).unwrap();
    let text = pdf_text(&pdf);
    assert!(text.contains("Şükrü Öztürk Çağlayan"), "{text}");
    assert!(
        text.contains('…'),
        "a cut text ends in an ellipsis:\n{text}"
    );
    assert!(
        !text.contains("Küçükçekmece Sokak"),
        "the street line was cut:\n{text}"
    );
    assert_eq!(
        decoded(&render_page(&pdf, 1, 300), "CODE-128"),
        "PCL-000123-1"
    );
}

#[test]
fn clerk_facing_errors_say_what_to_do() {
    let mut order = turkish_order();
    let err = local_label_pdf(&order, "9", &store(), LabelSize::FourBySix, 0).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the parcel 9 is not on order PKG-000123: pack it first or pick another parcel"
    );

    let bad_prefix = storedesk_documents::StoreProfile {
        gs1_company_prefix: Some("12AB".into()),
        ..store()
    };
    let err = local_label_pdf(&order, "1", &bad_prefix, LabelSize::FourBySix, 0).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("the GS1 company prefix must be 6 to 11 digits, got \"12AB\""),
        "{err}"
    );

    order.address = None;
    let err = local_label_pdf(&order, "1", &store(), LabelSize::FourBySix, 0).unwrap_err();
    assert_eq!(
        err,
        DocumentError::NoDeliveryAddress {
            order: "PKG-000123".into()
        }
    );
    assert!(
        err.to_string()
            .contains("fill it in the OMS or print a carrier label")
    );

    order.parcels.clear();
    let err = order_labels_pdf(&order, &store(), LabelSize::A6, 0).unwrap_err();
    assert_eq!(
        err,
        DocumentError::NoParcels {
            order: "PKG-000123".into()
        }
    );

    let mut weird = turkish_order();
    weird.parcels[0].number = Some("PCL-ø-1".into());
    let err = local_label_pdf(&weird, "1", &store(), LabelSize::FourBySix, 0).unwrap_err();
    assert!(
        err.to_string().contains("cannot be printed as a barcode"),
        "{err}"
    );
}

#[test]
fn the_same_input_gives_the_same_pdf_bytes() {
    let order = turkish_order();
    let a = local_label_pdf(&order, "1", &gs1_store(), LabelSize::FourBySix, 7).unwrap();
    let b = local_label_pdf(&order, "1", &gs1_store(), LabelSize::FourBySix, 7).unwrap();
    assert_eq!(a, b);
}
