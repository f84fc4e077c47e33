//! The product catalogue: apparel, shoes and home goods with SKUs and valid EAN-13 barcodes.
//!
//! The catalogue does not depend on the seed: the same SKU always has the same barcode, so demo scripts and
//! scanner tests can rely on it.

/// A product the stores sell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    pub sku: String,
    /// Name with variant, e.g. `Oxford Shirt, Navy, M`.
    pub name: String,
    /// One EAN-13, with a GS1 prefix of Turkey (869), Brazil (789) or Norway (70).
    pub barcode: String,
}

struct Family {
    prefix: &'static str,
    models: &'static [&'static str],
    colours: &'static [(&'static str, &'static str)],
    sizes: &'static [&'static str],
}

const APPAREL: Family = Family {
    prefix: "AP",
    models: &[
        "Oxford Shirt",
        "Slim Fit Chinos",
        "Crew Neck T-Shirt",
        "Merino Wool Sweater",
        "Denim Jacket",
        "Linen Trousers",
        "Hooded Sweatshirt",
        "Wrap Dress",
        "Puffer Vest",
        "Rain Jacket",
    ],
    colours: &[
        ("NV", "Navy"),
        ("BK", "Black"),
        ("WH", "White"),
        ("OL", "Olive"),
    ],
    sizes: &["S", "M", "L"],
};

const SHOES: Family = Family {
    prefix: "SH",
    models: &[
        "Leather Sneakers",
        "Suede Chelsea Boots",
        "Canvas Trainers",
        "Running Shoes",
        "Penny Loafers",
        "Hiking Boots",
    ],
    colours: &[("BK", "Black"), ("BR", "Brown"), ("WH", "White")],
    sizes: &["38", "40", "42", "44"],
};

const HOME: Family = Family {
    prefix: "HM",
    models: &[
        "Cotton Bath Towel",
        "Linen Duvet Cover",
        "Stoneware Mug Set",
        "Scented Candle",
        "Wool Throw Blanket",
        "Glass Carafe",
    ],
    colours: &[("WH", "White"), ("SG", "Sage"), ("TC", "Terracotta")],
    sizes: &["STD", "LRG"],
};

/// GS1 company prefixes (country prefix + company number), 7 digits each.
const COMPANY_PREFIXES: [&str; 3] = ["8691234", "7894321", "7041234"];

/// Builds the catalogue: every model in every colour and size (about 300 products).
pub fn catalogue() -> Vec<Product> {
    let mut products = Vec::new();
    let mut item_ref: u32 = 0;
    for (family_no, family) in [APPAREL, SHOES, HOME].iter().enumerate() {
        for (model_no, model) in family.models.iter().enumerate() {
            let company = COMPANY_PREFIXES[(family_no + model_no) % COMPANY_PREFIXES.len()];
            for (code, colour) in family.colours {
                for size in family.sizes {
                    item_ref += 1;
                    let body = format!("{company}{item_ref:05}");
                    let Some(barcode) = storedesk_barcode::ean13_from_body(&body) else {
                        continue;
                    };
                    let size_text = match *size {
                        "STD" => "Standard",
                        "LRG" => "Large",
                        s => s,
                    };
                    products.push(Product {
                        sku: format!(
                            "{}-{}{:03}-{code}-{size}",
                            family.prefix,
                            family_no + 1,
                            model_no + 1
                        ),
                        name: format!("{model}, {colour}, {size_text}"),
                        barcode,
                    });
                }
            }
        }
    }
    products
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn barcodes_are_valid_and_unique() {
        let products = catalogue();
        assert!(products.len() > 200);
        let mut seen = HashSet::new();
        for p in &products {
            assert!(
                storedesk_barcode::is_valid_gtin(&p.barcode),
                "{}",
                p.barcode
            );
            assert!(seen.insert(p.barcode.clone()));
            assert!(
                ["869", "789", "70"]
                    .iter()
                    .any(|pre| p.barcode.starts_with(pre))
            );
        }
        let skus: HashSet<_> = products.iter().map(|p| &p.sku).collect();
        assert_eq!(skus.len(), products.len());
    }
}
