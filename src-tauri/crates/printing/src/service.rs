//! [`Printing`]: the settings of printing (timeouts, where the CUPS tools are, the default CUPS server) and the
//! operations by target.

use std::path::PathBuf;
use std::time::Duration;

use serde::Serialize;

use crate::cups;
use crate::discover::{self, DiscoveredPrinter};
use crate::error::PrintError;
use crate::raw::{self, RawTimeouts};
use crate::target::{PrintJob, PrinterTarget, printer_label};

/// Printing with its settings. [`Printing::default()`] is what the app wants; tests point it at a private CUPS
/// server with [`Printing::with_default_server`].
///
/// All operations block (they run CUPS tools or talk TCP with timeouts): call them from a blocking thread
/// (`tokio::task::spawn_blocking`), not from an async task.
#[derive(Debug, Clone)]
pub struct Printing {
    /// How long a raw printer may take to accept the connection (default 1.5 s).
    pub connect_timeout: Duration,
    /// How long a raw printer may stall while the job is written (default 10 s).
    pub write_timeout: Duration,
    /// How long to wait for a raw printer to close the connection after the job (default 2 s; not an error).
    pub close_wait: Duration,
    /// Where `lp`/`lpstat`/`lpoptions` are; `None` = from `PATH`.
    pub cups_bin_dir: Option<PathBuf>,
    /// The CUPS server for [`PrinterTarget::SystemDefault`] and for [`PrinterTarget::Cups`] without a server;
    /// `None` = the client's own choice (`CUPS_SERVER`, `client.conf`, else this PC's CUPS).
    pub default_server: Option<String>,
}

impl Default for Printing {
    fn default() -> Self {
        Printing {
            connect_timeout: Duration::from_millis(1500),
            write_timeout: Duration::from_secs(10),
            close_wait: Duration::from_secs(2),
            cups_bin_dir: None,
            default_server: None,
        }
    }
}

/// What [`Printing::status`] reports, ready to show (and to send across IPC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrinterStatus {
    /// [`printer_label`] of the target.
    pub printer: String,
    /// Whether a job can be printed now.
    pub ready: bool,
    /// `ready`, or the [`PrintError::code`].
    pub code: &'static str,
    /// `Ready.` or the error message.
    pub message: String,
}

impl PrinterStatus {
    /// The status for the result of a check.
    pub fn from_check(target: &PrinterTarget, result: &Result<(), PrintError>) -> PrinterStatus {
        let printer = printer_label(target);
        match result {
            Ok(()) => PrinterStatus {
                printer,
                ready: true,
                code: "ready",
                message: "Ready.".to_string(),
            },
            Err(e) => PrinterStatus {
                printer,
                ready: false,
                code: e.code(),
                message: e.to_string(),
            },
        }
    }
}

impl Printing {
    /// The default settings, with `server` as the CUPS server for `SystemDefault` and server-less `Cups` targets.
    pub fn with_default_server(server: impl Into<String>) -> Printing {
        Printing {
            default_server: Some(server.into()),
            ..Printing::default()
        }
    }

    fn bin_dir(&self) -> Option<&std::path::Path> {
        self.cups_bin_dir.as_deref()
    }

    fn timeouts(&self) -> RawTimeouts {
        RawTimeouts {
            connect: self.connect_timeout,
            write: self.write_timeout,
            close_wait: self.close_wait,
        }
    }

    /// The CUPS queue and server a CUPS or default target means (`lpstat -d` for the default).
    fn resolve(&self, target: &PrinterTarget) -> Result<(String, Option<String>), PrintError> {
        match target {
            PrinterTarget::Cups { queue, server } => Ok((
                queue.clone(),
                server.clone().or_else(|| self.default_server.clone()),
            )),
            PrinterTarget::SystemDefault => {
                let server = self.default_server.clone();
                let queue = discover::default_queue(
                    self.bin_dir(),
                    server.as_deref(),
                    &printer_label(target),
                )?
                .ok_or_else(|| PrintError::NoDefaultPrinter {
                    server: server.clone(),
                })?;
                Ok((queue, server))
            }
            PrinterTarget::Raw { .. } => Err(PrintError::InvalidJob {
                printer: printer_label(target),
                problem: "it is a raw socket printer, not a CUPS queue".to_string(),
                advice: "Choose the printer again in the station settings.".to_string(),
            }),
        }
    }

    /// The CUPS queues of `server` (`None` = [`Printing::default_server`], else this PC's CUPS).
    pub fn discover(&self, server: Option<&str>) -> Result<Vec<DiscoveredPrinter>, PrintError> {
        let server = server
            .map(str::to_string)
            .or_else(|| self.default_server.clone());
        discover::discover(self.bin_dir(), server.as_deref())
    }

    /// Whether `target` can print now: raw → it takes a TCP connection within the connect timeout; CUPS → the
    /// server answers, the queue exists, is enabled and accepts jobs; default → there is one, and it is ready.
    pub fn check(&self, target: &PrinterTarget) -> Result<(), PrintError> {
        match target {
            PrinterTarget::Raw { host, port } => raw::probe(host, *port, self.connect_timeout),
            _ => {
                let (queue, server) = self.resolve(target)?;
                cups::check(self.bin_dir(), server.as_deref(), &queue)
            }
        }
    }

    /// [`Printing::check`] as a status to show up front.
    pub fn status(&self, target: &PrinterTarget) -> PrinterStatus {
        PrinterStatus::from_check(target, &self.check(target))
    }

    /// Prints `job` on `target` and returns the job id: CUPS' request id (`PDF-12`) or a local id for raw
    /// printers (`raw-1795441327-3`). The job is refused up front if the target cannot print its format.
    pub fn print(&self, target: &PrinterTarget, job: &PrintJob) -> Result<String, PrintError> {
        validate_job(target, job)?;
        match target {
            PrinterTarget::Raw { host, port } => {
                raw::send(host, *port, &job.data, job.copies, self.timeouts())
            }
            _ => {
                let (queue, server) = self.resolve(target)?;
                cups::print(self.bin_dir(), server.as_deref(), &queue, job).map_err(|e| {
                    match (target, e) {
                        // Name the default printer as such when its queue turns out to be missing.
                        (
                            PrinterTarget::SystemDefault,
                            PrintError::QueueNotFound { server, .. },
                        ) => PrintError::NoDefaultPrinter { server },
                        (_, e) => e,
                    }
                })
            }
        }
    }
}

/// Refuses jobs that cannot work: no data, no copies, a format the target cannot print.
pub fn validate_job(target: &PrinterTarget, job: &PrintJob) -> Result<(), PrintError> {
    let printer = printer_label(target);
    if job.data.is_empty() {
        return Err(PrintError::InvalidJob {
            printer,
            problem: format!("the {} document '{}' is empty", job.format, job.title),
            advice: "Create the document again, then print it.".to_string(),
        });
    }
    if job.copies == 0 {
        return Err(PrintError::InvalidJob {
            printer,
            problem: "0 copies were asked for".to_string(),
            advice: "Ask for at least one copy.".to_string(),
        });
    }
    if !target.accepts(job.format) {
        return Err(PrintError::FormatNotSupported {
            printer,
            format: job.format.to_string(),
            accepted: "ZPL labels (and plain text)".to_string(),
            advice: "Choose a PDF-capable printer for documents, or print a ZPL label.".to_string(),
        });
    }
    Ok(())
}
