//! Storedesk printing: label and document printers, discovery, checks and typed print errors.
//!
//! Storedesk prints directly — no print dialog, no browser — and keeps printing offline: packing stations print
//! labels on thermal printers, counter PCs documents on ordinary printers. The crate has no Tauri dependency.
//!
//! # Targets
//!
//! A [`PrinterTarget`] is what the station's settings store (serde, tagged by `kind`):
//!
//! * [`PrinterTarget::Raw`] `{"kind":"raw","host":"10.0.0.5","port":9100}` — a label printer on the network fed
//!   raw bytes over TCP (JetDirect/AppSocket; the port defaults to 9100). The job's bytes go as they are, one TCP
//!   connection per job (copies are the bytes repeated on that connection).
//! * [`PrinterTarget::Cups`] `{"kind":"cups","queue":"Zebra","server":"10.0.0.2:631"}` — a CUPS queue, on this
//!   PC or on another CUPS server (`host[:port]`, as `lp -h` and `CUPS_SERVER` take it). Printed with
//!   `lp -d queue [-h server] -t title -n copies`; ZPL goes with `-o raw` (for a raw queue in front of a label
//!   printer). The document is handed to `lp` on stdin: no temporary file.
//! * [`PrinterTarget::SystemDefault`] `{"kind":"system_default"}` — CUPS' default destination (`lpstat -d`).
//!
//! [`printer_label`] names a target in messages (`label printer 10.0.0.5:9100`, `printer 'PDF'`).
//!
//! # Documents
//!
//! A [`PrintJob`] is a title, the bytes, a [`DocumentFormat`] (`Pdf`, `Zpl`, `Text`) and a number of copies.
//! Combinations that cannot work are refused before anything is sent ([`validate_job`]): a PDF to a raw socket
//! printer is [`PrintError::FormatNotSupported`]. [`PrintJob::test_label`] is a small ZPL test label;
//! [`PrintJob::test_page`] wraps a PDF made by the caller (this crate does not make PDFs).
//!
//! # Operations
//!
//! All blocking (CUPS command-line tools, TCP with timeouts): the app calls them from `spawn_blocking`.
//! [`Printing`] holds the settings (timeouts, the CUPS server for server-less targets); the free functions use
//! [`Printing::default()`].
//!
//! * [`discover`] — the CUPS queues: name, description, make and model, idle/printing/stopped, accepting jobs,
//!   default, device URI. From `lpstat`/`lpoptions` run with `LC_ALL=C`: the CUPS client tools know every way
//!   this PC reaches its CUPS (local socket, `CUPS_SERVER`, `client.conf`).
//! * [`check`] / [`status`] — before a packing flow: raw → a TCP connect within 1.5 s; CUPS → the server
//!   answers, the queue exists, is enabled and accepts jobs.
//! * [`print()`](fn@crate::print) — the job id: CUPS' request id (`PDF-12`) or a local id for raw printers (`raw-1795441327-3`).
//!   CUPS queues are checked first, so a job is never left waiting in a stopped queue (where a retry would
//!   print it twice once the queue is resumed).
//!
//! # Errors
//!
//! [`PrintError`]'s messages say which printer, what went wrong and what to do. [`PrintError::code`] is stable,
//! and [`PrintError::payload`] is the `{code, message}` for IPC:
//!
//! | code | when |
//! |---|---|
//! | `printer_unreachable` | a raw printer does not take the connection (refused, timeout, no route, unknown name) |
//! | `connection_lost` | a raw printer's connection broke while the job was sent |
//! | `queue_not_found` | the CUPS queue does not exist |
//! | `queue_stopped` | the CUPS queue is disabled/paused |
//! | `queue_not_accepting` | the CUPS queue rejects jobs |
//! | `print_server_unreachable` | CUPS is not running here, or the print server does not answer |
//! | `print_system_missing` | the CUPS client tools are not installed |
//! | `no_default_printer` | `SystemDefault` but no default destination |
//! | `format_not_supported` | e.g. a PDF to a raw ZPL printer |
//! | `invalid_job` | no data, 0 copies, no host or queue name |
//! | `print_failed` | CUPS refused the job for another reason (its message is included) |
//!
//! For example: "Label printer 127.0.0.1:9100 did not answer (connection refused). Check that it is switched on
//! and connected to the network, then press Retry." or "The CUPS queue 'PDF' is stopped: 'Paused by an
//! administrator'. Resume it in the printer settings (or `cupsenable PDF`), then press Retry."
//!
//! # Test support (feature `test-support`)
//!
//! `testing::CupsServer` starts a private `cupsd` (own configuration, spool and state in a temporary directory,
//! listening on a free loopback port; it never touches the system CUPS) and adds queues to it: a cups-pdf queue
//! whose PDFs land in the temporary directory (through a per-queue `/etc/cups/cups-pdf-<name>.conf`, removed
//! again), raw queues in front of a `testing::FakeThermalPrinter` (a loopback TCP listener recording each
//! connection's bytes as one job), and helpers to stop, resume, reject and accept. Needs root and the Debian
//! packages of `scripts/setup.sh` (cups, cups-client, printer-driver-cups-pdf, poppler-utils).

mod cups;
mod discover;
mod error;
mod raw;
mod service;
mod target;
mod tools;

#[cfg(feature = "test-support")]
pub mod testing;

pub use discover::{DiscoveredPrinter, QueueState};
pub use error::{ErrorPayload, PrintError};
pub use service::{PrinterStatus, Printing, validate_job};
pub use target::{
    DocumentFormat, PrintJob, PrinterTarget, RAW_DEFAULT_PORT, TEST_LABEL_ZPL, printer_label,
};

/// The CUPS queues of this PC's CUPS (`server: None`) or of another CUPS server, with default settings.
pub fn discover(server: Option<&str>) -> Result<Vec<DiscoveredPrinter>, PrintError> {
    Printing::default().discover(server)
}

/// Whether `target` can print now, with default settings (see [`Printing::check`]).
pub fn check(target: &PrinterTarget) -> Result<(), PrintError> {
    Printing::default().check(target)
}

/// [`check`] as a status to show up front.
pub fn status(target: &PrinterTarget) -> PrinterStatus {
    Printing::default().status(target)
}

/// Prints `job` on `target` with default settings and returns the job id (see [`Printing::print`]).
pub fn print(target: &PrinterTarget, job: &PrintJob) -> Result<String, PrintError> {
    Printing::default().print(target, job)
}
