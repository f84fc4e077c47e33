//! Where a job goes ([`PrinterTarget`]) and what it is ([`PrintJob`], [`DocumentFormat`]).

use serde::{Deserialize, Serialize};

/// The port of raw socket printing (JetDirect/AppSocket).
pub const RAW_DEFAULT_PORT: u16 = 9100;

fn raw_default_port() -> u16 {
    RAW_DEFAULT_PORT
}

/// A printer as the station's settings store it (JSON).
///
/// ```
/// use storedesk_printing::PrinterTarget;
///
/// let t: PrinterTarget = serde_json::from_str(r#"{"kind":"raw","host":"10.0.0.5"}"#).unwrap();
/// assert_eq!(t, PrinterTarget::Raw { host: "10.0.0.5".into(), port: 9100 });
/// let t: PrinterTarget = serde_json::from_str(r#"{"kind":"cups","queue":"PDF"}"#).unwrap();
/// assert_eq!(t, PrinterTarget::Cups { queue: "PDF".into(), server: None });
/// let t: PrinterTarget = serde_json::from_str(r#"{"kind":"system_default"}"#).unwrap();
/// assert_eq!(t, PrinterTarget::SystemDefault);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PrinterTarget {
    /// A label printer on the network, fed raw bytes (ZPL) over TCP (JetDirect/AppSocket, port 9100).
    Raw {
        /// Host name or IP address.
        host: String,
        /// TCP port; 9100 when left out.
        #[serde(default = "raw_default_port")]
        port: u16,
    },
    /// A CUPS queue, on this PC's CUPS or on another CUPS server.
    Cups {
        /// The queue (destination) name, as `lp -d` takes it.
        queue: String,
        /// Another CUPS server, `host[:port]` as `lp -h` and `CUPS_SERVER` take it; `None` = this PC's CUPS.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        server: Option<String>,
    },
    /// The CUPS default destination of this PC.
    SystemDefault,
}

impl PrinterTarget {
    /// A raw socket printer on port 9100.
    pub fn raw(host: impl Into<String>) -> PrinterTarget {
        PrinterTarget::Raw {
            host: host.into(),
            port: RAW_DEFAULT_PORT,
        }
    }

    /// A queue of this PC's CUPS.
    pub fn cups(queue: impl Into<String>) -> PrinterTarget {
        PrinterTarget::Cups {
            queue: queue.into(),
            server: None,
        }
    }

    /// Whether `format` can be printed on this target at all (a raw socket printer takes ZPL and text only).
    pub fn accepts(&self, format: DocumentFormat) -> bool {
        match self {
            PrinterTarget::Raw { .. } => {
                matches!(format, DocumentFormat::Zpl | DocumentFormat::Text)
            }
            PrinterTarget::Cups { .. } | PrinterTarget::SystemDefault => true,
        }
    }
}

/// How a printer is named in messages, e.g. `label printer 10.0.0.5:9100`, `printer 'PDF'`,
/// `printer 'PDF' on print server 10.0.0.2:631`, `the default printer`. Lower case: messages capitalise it
/// where it starts a sentence.
pub fn printer_label(target: &PrinterTarget) -> String {
    match target {
        PrinterTarget::Raw { host, port } => format!("label printer {}", host_port(host, *port)),
        PrinterTarget::Cups { queue, server } => queue_label(queue, server.as_deref()),
        PrinterTarget::SystemDefault => "the default printer".to_string(),
    }
}

/// `printer 'queue'` or `printer 'queue' on print server host`.
pub(crate) fn queue_label(queue: &str, server: Option<&str>) -> String {
    match server {
        Some(server) => format!("printer '{queue}' on print server {server}"),
        None => format!("printer '{queue}'"),
    }
}

/// `host:port`, with brackets around an IPv6 address.
pub(crate) fn host_port(host: &str, port: u16) -> String {
    if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// What the bytes of a job are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentFormat {
    /// A PDF document (delivery notes, invoices, A6 shipping labels): CUPS queues only.
    Pdf,
    /// A ZPL label program (`^XA … ^XZ`): raw socket printers, or CUPS queues printed with `-o raw`.
    Zpl,
    /// Plain text: CUPS formats it; a raw socket printer gets it as is.
    Text,
}

impl DocumentFormat {
    /// `PDF`, `ZPL`, `text`.
    pub fn name(self) -> &'static str {
        match self {
            DocumentFormat::Pdf => "PDF",
            DocumentFormat::Zpl => "ZPL",
            DocumentFormat::Text => "text",
        }
    }
}

impl std::fmt::Display for DocumentFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One print job: a title (shown in the print queue), the document's bytes, their format and the number of copies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintJob {
    /// Shown in the print queue (`lp -t`).
    pub title: String,
    /// The document.
    pub data: Vec<u8>,
    /// What `data` is.
    pub format: DocumentFormat,
    /// At least 1.
    pub copies: u32,
    /// The paper or label size to ask a CUPS queue for (`lp -o media=…`, e.g. `A4`, `Custom.4x6in`); `None` leaves
    /// the queue's default. A queue whose default is A4 would otherwise print a 4×6 in label on an A4 page. Raw
    /// ZPL carries its own size (`^PW`/`^LL`) and ignores it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media: Option<String>,
}

impl PrintJob {
    /// A job of one copy.
    pub fn new(
        title: impl Into<String>,
        format: DocumentFormat,
        data: impl Into<Vec<u8>>,
    ) -> PrintJob {
        PrintJob {
            title: title.into(),
            data: data.into(),
            format,
            copies: 1,
            media: None,
        }
    }

    /// The same job printed on `media` (a CUPS media name) where the printer takes a page size.
    pub fn with_media(mut self, media: impl Into<String>) -> PrintJob {
        self.media = Some(media.into());
        self
    }

    /// A PDF document, one copy.
    pub fn pdf(title: impl Into<String>, data: impl Into<Vec<u8>>) -> PrintJob {
        PrintJob::new(title, DocumentFormat::Pdf, data)
    }

    /// A ZPL label, one copy.
    pub fn zpl(title: impl Into<String>, data: impl Into<Vec<u8>>) -> PrintJob {
        PrintJob::new(title, DocumentFormat::Zpl, data)
    }

    /// Plain text, one copy.
    pub fn text(title: impl Into<String>, data: impl Into<Vec<u8>>) -> PrintJob {
        PrintJob::new(title, DocumentFormat::Text, data)
    }

    /// The same job with `copies` copies.
    pub fn with_copies(mut self, copies: u32) -> PrintJob {
        self.copies = copies;
        self
    }

    /// The test label for label printers: a small ZPL label saying "Storedesk test label".
    pub fn test_label() -> PrintJob {
        PrintJob::zpl("Storedesk test label", TEST_LABEL_ZPL.as_bytes())
    }

    /// The test page for document printers: the PDF is the caller's (the documents crate makes PDFs).
    pub fn test_page(pdf: impl Into<Vec<u8>>) -> PrintJob {
        PrintJob::pdf("Storedesk test page", pdf)
    }
}

/// The ZPL of [`PrintJob::test_label`]: a frame, two lines of text and a Code 128 barcode, for 4×6" or smaller
/// labels at 203 dpi.
pub const TEST_LABEL_ZPL: &str = "^XA\n^CI28\n^FO20,20^GB380,200,3^FS\n^FO40,45^A0N,40,40^FDStoredesk^FS\n\
^FO40,95^A0N,28,28^FDTest label - printer OK^FS\n^FO40,140^BY2^BCN,50,N,N,N^FDTEST-0001^FS\n^XZ\n";
