//! Fuzz `storedesk_barcode::parse`: it must never panic, whatever a scanner (or a stuck key) sends, and what it
//! accepts must read back the same from its `Display`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use storedesk_barcode::{Barcode, parse};

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    match parse(&input) {
        Ok(barcode) => {
            // A GS1 value holding a bracket is ambiguous in the bracketed form, e.g. batch "A(21)B".
            let ambiguous = matches!(&barcode, Barcode::Gs1_128 { elements }
                if elements.iter().any(|e| e.value.contains('(')));
            if !ambiguous {
                assert_eq!(
                    parse(&barcode.to_string()).as_ref(),
                    Ok(&barcode),
                    "{input:?}"
                );
            }
            if let Some(gtin) = barcode.gtin14() {
                assert_eq!(
                    storedesk_barcode::normalize_gtin(&gtin).as_deref(),
                    Some(gtin.as_str())
                );
            }
        }
        Err(error) => {
            // Rendering the message and the code must not panic either.
            assert!(!error.to_string().is_empty());
            assert!(!error.code().is_empty());
        }
    }
});
