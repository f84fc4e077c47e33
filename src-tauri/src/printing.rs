//! The station's printers and document settings, kept in `settings.json` under `printing`.
//!
//! A station has a **label printer** (a thermal printer fed ZPL over TCP port 9100, or a CUPS queue that takes
//! ZPL or PDF labels) and a **document printer** for packing slips and pick lists (a CUPS queue, or the PC's
//! default printer). The printing itself is `storedesk-printing`; the documents are `storedesk-documents`; this
//! module holds what the station chose and turns it into their inputs.

use serde::{Deserialize, Serialize};
use storedesk_documents::{Dpi, LabelSize, PaperSize, StoreProfile};
use storedesk_domain::Address;
use storedesk_printing::PrinterTarget;
use ts_rs::TS;

use crate::error::{AppError, AppResult};

/// A printer as the settings screen shows and stores it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PrinterChoice {
    /// A thermal label printer on the network, fed ZPL over TCP (port 9100 as a rule).
    Raw { host: String, port: u16 },
    /// A CUPS queue, on this PC (`server` empty) or on a print server (`host[:port]`).
    Cups {
        queue: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        server: Option<String>,
    },
    /// This PC's default printer.
    SystemDefault,
}

impl PrinterChoice {
    pub fn target(&self) -> PrinterTarget {
        match self {
            PrinterChoice::Raw { host, port } => PrinterTarget::Raw {
                host: host.clone(),
                port: *port,
            },
            PrinterChoice::Cups { queue, server } => PrinterTarget::Cups {
                queue: queue.clone(),
                server: server.clone(),
            },
            PrinterChoice::SystemDefault => PrinterTarget::SystemDefault,
        }
    }
}

/// What a label printer behind a CUPS queue understands (a raw socket printer always takes ZPL).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LabelLanguage {
    Zpl,
    Pdf,
}

/// Label stock in the label printer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LabelStock {
    /// 4 × 6 in.
    FourBySix,
    /// A6, 105 × 148 mm.
    A6,
}

/// Office paper in the document printer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Paper {
    A4,
    Letter,
}

/// The station's printers and what goes on the documents (the store's sender address, GS1 prefix, return note).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct PrintSettings {
    /// `None`: no label printer set up (labels cannot be printed until one is chosen).
    #[ts(optional)]
    pub label_printer: Option<PrinterChoice>,
    /// For a CUPS label queue: whether it takes ZPL (`-o raw`) or PDF.
    pub label_language: LabelLanguage,
    pub label_stock: LabelStock,
    /// Thermal printer resolution for ZPL: 203 or 300 dpi.
    pub label_dpi: u16,
    /// `None`: this PC's default printer.
    #[ts(optional)]
    pub document_printer: Option<PrinterChoice>,
    pub paper: Paper,
    /// Print the parcels' labels as soon as packing is recorded.
    pub print_on_pack: bool,
    /// The sender on local labels and the header of packing slips and pick lists.
    pub store_name: String,
    #[ts(optional)]
    pub sender: Option<Address>,
    /// GS1 company prefix (6–11 digits): local labels then carry an SSCC in GS1-128.
    #[ts(optional)]
    pub gs1_company_prefix: Option<String>,
    /// Printed at the foot of packing slips; a standard note when empty.
    #[ts(optional)]
    pub return_note: Option<String>,
}

impl Default for PrintSettings {
    fn default() -> Self {
        PrintSettings {
            label_printer: None,
            label_language: LabelLanguage::Zpl,
            label_stock: LabelStock::FourBySix,
            label_dpi: 203,
            document_printer: None,
            paper: Paper::A4,
            print_on_pack: false,
            store_name: String::new(),
            sender: None,
            gs1_company_prefix: None,
            return_note: None,
        }
    }
}

fn trimmed(s: &str) -> String {
    s.trim().to_string()
}

fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

impl PrintSettings {
    /// Check and tidy what the settings screen sent.
    pub fn validate(&self) -> AppResult<PrintSettings> {
        let bad = |m: String| Err(AppError::new("invalid_settings", m));
        let printer = |choice: &Option<PrinterChoice>,
                       what: &str|
         -> AppResult<Option<PrinterChoice>> {
            match choice {
                None => Ok(None),
                Some(PrinterChoice::Raw { host, port }) => {
                    let host = trimmed(host);
                    if host.is_empty()
                        || host.len() > 253
                        || host.chars().any(|c| c.is_whitespace() || c == '/')
                    {
                        return Err(AppError::new(
                            "invalid_settings",
                            format!(
                                "the {what} needs a host name or IP address (e.g. 192.168.1.40), got {host:?}"
                            ),
                        ));
                    }
                    if *port == 0 {
                        return Err(AppError::new(
                            "invalid_settings",
                            format!(
                                "the {what}'s port must be 1 to 65535 (label printers use 9100)"
                            ),
                        ));
                    }
                    Ok(Some(PrinterChoice::Raw { host, port: *port }))
                }
                Some(PrinterChoice::Cups { queue, server }) => {
                    let queue = trimmed(queue);
                    if queue.is_empty()
                        || queue.len() > 127
                        || queue
                            .chars()
                            .any(|c| c.is_whitespace() || matches!(c, '/' | '#' | '\\'))
                    {
                        return Err(AppError::new(
                            "invalid_settings",
                            format!(
                                "{queue:?} is not a print queue name: choose the {what} from the list"
                            ),
                        ));
                    }
                    Ok(Some(PrinterChoice::Cups {
                        queue,
                        server: non_empty(server),
                    }))
                }
                Some(PrinterChoice::SystemDefault) => Ok(Some(PrinterChoice::SystemDefault)),
            }
        };
        let label_printer = printer(&self.label_printer, "label printer")?;
        let document_printer = printer(&self.document_printer, "document printer")?;
        if !matches!(self.label_dpi, 203 | 300) {
            return bad(format!(
                "the label printer's resolution must be 203 or 300 dpi, got {}",
                self.label_dpi
            ));
        }
        let gs1_company_prefix = non_empty(&self.gs1_company_prefix);
        if let Some(p) = &gs1_company_prefix
            && (!(6..=11).contains(&p.len()) || !p.chars().all(|c| c.is_ascii_digit()))
        {
            return bad(format!(
                "the GS1 company prefix must be 6 to 11 digits, got {p:?} (leave it empty to print the parcel number instead of an SSCC)"
            ));
        }
        let store_name = trimmed(&self.store_name);
        if store_name.chars().count() > 80 {
            return bad("the store name on documents must be 80 characters at most".into());
        }
        let sender = match &self.sender {
            None => None,
            Some(a) => {
                let a = Address {
                    name: trimmed(&a.name),
                    line1: trimmed(&a.line1),
                    line2: non_empty(&a.line2),
                    postal_code: trimmed(&a.postal_code),
                    city: trimmed(&a.city),
                    region: non_empty(&a.region),
                    country: trimmed(&a.country).to_ascii_uppercase(),
                };
                let empty = a.name.is_empty()
                    && a.line1.is_empty()
                    && a.postal_code.is_empty()
                    && a.city.is_empty();
                if empty {
                    None
                } else {
                    if a.line1.is_empty() || a.city.is_empty() {
                        return bad(
                            "the store's address needs at least a street and a city (it is the sender on labels)"
                                .into(),
                        );
                    }
                    if a.country.len() != 2 || !a.country.chars().all(|c| c.is_ascii_alphabetic()) {
                        return bad(format!(
                            "the store's country must be a two-letter code (TR, BR, NO…), got {:?}",
                            a.country
                        ));
                    }
                    Some(a)
                }
            }
        };
        let return_note = non_empty(&self.return_note);
        if return_note
            .as_ref()
            .is_some_and(|n| n.chars().count() > 600)
        {
            return bad("the return note must be 600 characters at most".into());
        }
        Ok(PrintSettings {
            label_printer,
            label_language: self.label_language,
            label_stock: self.label_stock,
            label_dpi: self.label_dpi,
            document_printer,
            paper: self.paper,
            print_on_pack: self.print_on_pack,
            store_name,
            sender,
            gs1_company_prefix,
            return_note,
        })
    }

    /// The label printer, or the error telling the clerk to set one up.
    pub fn label_target(&self) -> AppResult<PrinterTarget> {
        self.label_printer
            .as_ref()
            .map(PrinterChoice::target)
            .ok_or_else(|| {
                AppError::new(
                    "no_label_printer",
                    "no label printer is set up for this station: a manager chooses one in Settings → Printers",
                )
            })
    }

    /// The document printer (this PC's default printer unless one is chosen).
    pub fn document_target(&self) -> PrinterTarget {
        self.document_printer
            .as_ref()
            .map_or(PrinterTarget::SystemDefault, PrinterChoice::target)
    }

    /// Whether labels go out as ZPL: always to a raw socket printer, else as the CUPS queue is set up.
    pub fn labels_as_zpl(&self) -> bool {
        matches!(self.label_printer, Some(PrinterChoice::Raw { .. }))
            || self.label_language == LabelLanguage::Zpl
    }

    /// The CUPS media name of the label stock, so a queue set to office paper prints a label at label size.
    pub fn label_media(&self) -> &'static str {
        match self.label_stock {
            LabelStock::FourBySix => "Custom.4x6in",
            LabelStock::A6 => "Custom.105x148mm",
        }
    }

    /// The CUPS media name of the office paper (packing slips, pick lists, test pages).
    pub fn paper_media(&self) -> &'static str {
        match self.paper {
            Paper::A4 => "A4",
            Paper::Letter => "Letter",
        }
    }

    pub fn label_size(&self) -> LabelSize {
        match self.label_stock {
            LabelStock::FourBySix => LabelSize::FourBySix,
            LabelStock::A6 => LabelSize::A6,
        }
    }

    pub fn dpi(&self) -> Dpi {
        if self.label_dpi == 300 {
            Dpi::Dpi300
        } else {
            Dpi::Dpi203
        }
    }

    pub fn paper_size(&self) -> PaperSize {
        match self.paper {
            Paper::A4 => PaperSize::A4,
            Paper::Letter => PaperSize::Letter,
        }
    }

    /// What the documents need to know about the store; refuses when the sender address is missing.
    pub fn store_profile(&self, store_code: &str) -> AppResult<StoreProfile> {
        let sender = self.sender.clone().ok_or_else(|| {
            AppError::new(
                "no_sender_address",
                "the store's address is not set up, and local labels and packing slips need it: a manager enters it in Settings → Printers",
            )
        })?;
        let name = if self.store_name.is_empty() {
            if sender.name.is_empty() {
                store_code.to_string()
            } else {
                sender.name.clone()
            }
        } else {
            self.store_name.clone()
        };
        Ok(StoreProfile {
            name,
            address: sender,
            gs1_company_prefix: self.gs1_company_prefix.clone(),
            sscc_extension_digit: 0,
            return_note: self.return_note.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address() -> Address {
        Address {
            name: "Storedesk Kadıköy".into(),
            line1: "Moda Cd. 12".into(),
            line2: None,
            postal_code: "34710".into(),
            city: "İstanbul".into(),
            region: None,
            country: "tr".into(),
        }
    }

    #[test]
    fn defaults_are_valid_and_labels_need_a_printer() {
        let s = PrintSettings::default().validate().unwrap();
        assert_eq!(s, PrintSettings::default());
        assert_eq!(s.label_target().unwrap_err().code, "no_label_printer");
        assert_eq!(s.document_target(), PrinterTarget::SystemDefault);
        assert_eq!(
            s.store_profile("IST-01").unwrap_err().code,
            "no_sender_address"
        );
    }

    #[test]
    fn a_raw_printer_always_takes_zpl() {
        let s = PrintSettings {
            label_printer: Some(PrinterChoice::Raw {
                host: " 10.0.0.5 ".into(),
                port: 9100,
            }),
            label_language: LabelLanguage::Pdf,
            sender: Some(address()),
            ..PrintSettings::default()
        }
        .validate()
        .unwrap();
        assert!(s.labels_as_zpl());
        assert_eq!(s.label_target().unwrap(), PrinterTarget::raw("10.0.0.5"));
        let profile = s.store_profile("IST-01").unwrap();
        assert_eq!(profile.name, "Storedesk Kadıköy");
        assert_eq!(profile.address.country, "TR");
    }

    #[test]
    fn bad_values_are_refused_with_what_to_do() {
        let cases: Vec<(PrintSettings, &str)> = vec![
            (
                PrintSettings {
                    label_printer: Some(PrinterChoice::Raw {
                        host: "".into(),
                        port: 9100,
                    }),
                    ..PrintSettings::default()
                },
                "host name or IP address",
            ),
            (
                PrintSettings {
                    label_printer: Some(PrinterChoice::Raw {
                        host: "printer".into(),
                        port: 0,
                    }),
                    ..PrintSettings::default()
                },
                "9100",
            ),
            (
                PrintSettings {
                    document_printer: Some(PrinterChoice::Cups {
                        queue: "Office printer".into(),
                        server: None,
                    }),
                    ..PrintSettings::default()
                },
                "not a print queue name",
            ),
            (
                PrintSettings {
                    label_dpi: 600,
                    ..PrintSettings::default()
                },
                "203 or 300",
            ),
            (
                PrintSettings {
                    gs1_company_prefix: Some("86912".into()),
                    ..PrintSettings::default()
                },
                "6 to 11 digits",
            ),
            (
                PrintSettings {
                    sender: Some(Address {
                        country: "Turkey".into(),
                        ..address()
                    }),
                    ..PrintSettings::default()
                },
                "two-letter code",
            ),
            (
                PrintSettings {
                    sender: Some(Address {
                        line1: " ".into(),
                        ..address()
                    }),
                    ..PrintSettings::default()
                },
                "street and a city",
            ),
        ];
        for (s, expected) in cases {
            let err = s.validate().unwrap_err();
            assert_eq!(err.code, "invalid_settings");
            assert!(err.message.contains(expected), "{}", err.message);
        }
    }
}
