//! Print errors: every message names the printer, says what went wrong and what to do; every variant has a
//! stable machine code ([`PrintError::code`]) for the app's `{code, message}` IPC errors.

use serde::Serialize;

/// Why a printer cannot print (now). `Clone` and comparable so that a check result can be kept and shown.
///
/// Printer names in the fields are [`printer_label`](crate::printer_label)s (lower case, e.g.
/// `label printer 10.0.0.5:9100`); queue names are bare CUPS queue names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrintError {
    /// A raw socket printer did not take the connection (refused, timed out, no route, name not resolved).
    #[error(
        "{} did not answer ({reason}). Check that it is switched on and connected to the network, then press Retry.",
        capitalize(printer)
    )]
    PrinterUnreachable {
        /// e.g. `label printer 10.0.0.5:9100`.
        printer: String,
        /// e.g. `connection refused`.
        reason: String,
    },

    /// The connection to a raw socket printer broke while the job was sent: it may be half printed.
    #[error(
        "The connection to the {printer} broke off while the job was being sent ({reason}). The label may not have \
         printed completely: check the printer (labels, ribbon, head closed), then press Retry."
    )]
    ConnectionLost {
        /// e.g. `label printer 10.0.0.5:9100`.
        printer: String,
        /// e.g. `connection reset by peer`.
        reason: String,
    },

    /// The CUPS queue does not exist (on that server).
    #[error(
        "The {} does not exist{}. Choose another printer in the station settings (or add the queue in the printer \
         settings), then press Retry.",
        crate::target::queue_label(queue, server.as_deref()).replacen("printer", "CUPS queue", 1),
        if server.is_none() { " on this PC" } else { "" }
    )]
    QueueNotFound {
        /// The queue name.
        queue: String,
        /// The CUPS server, `None` for this PC's.
        server: Option<String>,
    },

    /// The CUPS queue is stopped (disabled/paused): jobs would wait in it instead of printing.
    #[error(
        "The {} is stopped{}. Resume it in the printer settings (or `cupsenable {queue}`), then press Retry.",
        crate::target::queue_label(queue, server.as_deref()).replacen("printer", "CUPS queue", 1),
        quoted_reason(reason)
    )]
    QueueStopped {
        /// The queue name.
        queue: String,
        /// The CUPS server, `None` for this PC's.
        server: Option<String>,
        /// The queue's state message, e.g. `Paused by an administrator`, if any.
        reason: Option<String>,
    },

    /// The CUPS queue rejects new jobs.
    #[error(
        "The {} is not accepting jobs{}. Let it accept jobs again in the printer settings (or `cupsaccept {queue}`), \
         then press Retry.",
        crate::target::queue_label(queue, server.as_deref()).replacen("printer", "CUPS queue", 1),
        quoted_reason(reason)
    )]
    QueueNotAccepting {
        /// The queue name.
        queue: String,
        /// The CUPS server, `None` for this PC's.
        server: Option<String>,
        /// Why, if CUPS says.
        reason: Option<String>,
    },

    /// The CUPS scheduler does not answer: not running on this PC, or the print server is down/unreachable.
    #[error("{}", print_server_message(printer, server.as_deref()))]
    PrintServerUnreachable {
        /// e.g. `printer 'PDF'`.
        printer: String,
        /// The CUPS server, `None` for this PC's.
        server: Option<String>,
    },

    /// The CUPS client tools (`lp`, `lpstat`) are not installed.
    #[error(
        "The {printer} cannot be used: the CUPS print system (the `lp` and `lpstat` commands) is not installed on \
         this PC. Install CUPS (on Debian/Ubuntu: `apt install cups cups-client`), then press Retry."
    )]
    PrintSystemMissing {
        /// e.g. `printer 'PDF'`.
        printer: String,
    },

    /// `SystemDefault` was chosen but the PC has no default printer.
    #[error(
        "This PC has no default printer{}. Choose a printer in the station settings, or set a default printer in \
         the system's printer settings, then press Retry.",
        server.as_deref().map(|s| format!(" (print server {s})")).unwrap_or_default()
    )]
    NoDefaultPrinter {
        /// The CUPS server asked, `None` for this PC's.
        server: Option<String>,
    },

    /// The printer cannot print this kind of document (e.g. a PDF to a raw ZPL label printer).
    #[error("{} takes {accepted}, not {format}. {advice}", capitalize(printer))]
    FormatNotSupported {
        /// e.g. `label printer 10.0.0.5:9100`.
        printer: String,
        /// The job's format, e.g. `PDF`.
        format: String,
        /// What the printer takes, e.g. `ZPL labels`.
        accepted: String,
        /// What to do, e.g. `Choose a PDF-capable printer for documents, or print a ZPL label.`
        advice: String,
    },

    /// The target or job is not usable as given (no host, no queue name, 0 copies, no data).
    #[error("Cannot print to the {printer}: {problem}. {advice}")]
    InvalidJob {
        /// e.g. `label printer :9100`.
        printer: String,
        /// e.g. `the job has no data`.
        problem: String,
        /// What to do.
        advice: String,
    },

    /// CUPS refused or failed the job for another reason; `detail` is what CUPS said.
    #[error(
        "Printing on the {printer} failed: {detail}. Check the printer in the printer settings, then press Retry."
    )]
    PrintFailed {
        /// e.g. `printer 'PDF'`.
        printer: String,
        /// CUPS' own message or the local failure.
        detail: String,
    },
}

impl PrintError {
    /// The stable machine code of this error, for the app's IPC errors and the UI's decisions.
    pub fn code(&self) -> &'static str {
        match self {
            PrintError::PrinterUnreachable { .. } => "printer_unreachable",
            PrintError::ConnectionLost { .. } => "connection_lost",
            PrintError::QueueNotFound { .. } => "queue_not_found",
            PrintError::QueueStopped { .. } => "queue_stopped",
            PrintError::QueueNotAccepting { .. } => "queue_not_accepting",
            PrintError::PrintServerUnreachable { .. } => "print_server_unreachable",
            PrintError::PrintSystemMissing { .. } => "print_system_missing",
            PrintError::NoDefaultPrinter { .. } => "no_default_printer",
            PrintError::FormatNotSupported { .. } => "format_not_supported",
            PrintError::InvalidJob { .. } => "invalid_job",
            PrintError::PrintFailed { .. } => "print_failed",
        }
    }

    /// Whether pressing Retry later can help without changing the settings or the job (the printer or
    /// queue may come back); `false` for format, job and configuration problems.
    pub fn is_retryable(&self) -> bool {
        !matches!(
            self,
            PrintError::FormatNotSupported { .. } | PrintError::InvalidJob { .. }
        )
    }

    /// `{code, message}` for the app's IPC.
    pub fn payload(&self) -> ErrorPayload {
        ErrorPayload {
            code: self.code(),
            message: self.to_string(),
        }
    }
}

/// What the app sends across IPC for a print error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorPayload {
    /// [`PrintError::code`].
    pub code: &'static str,
    /// The message for the user.
    pub message: String,
}

/// The first letter upper case.
pub(crate) fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn quoted_reason(reason: &Option<String>) -> String {
    match reason.as_deref().map(str::trim) {
        Some(r) if !r.is_empty() => format!(": '{r}'"),
        _ => String::new(),
    }
}

fn print_server_message(printer: &str, server: Option<&str>) -> String {
    match server {
        None => format!(
            "CUPS is not running on this PC, so the {printer} cannot be reached. Start the print service \
             (`systemctl start cups`) or restart the PC, then press Retry."
        ),
        Some(server) => format!(
            "The print server {server} did not answer, so the {printer} cannot be reached. Check that the server \
             is switched on, connected to the network and running CUPS, then press Retry."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_printer_and_say_what_to_do() {
        let e = PrintError::PrinterUnreachable {
            printer: "label printer 127.0.0.1:9100".into(),
            reason: "connection refused".into(),
        };
        assert_eq!(
            e.to_string(),
            "Label printer 127.0.0.1:9100 did not answer (connection refused). Check that it is switched on and \
             connected to the network, then press Retry."
        );
        assert_eq!(e.code(), "printer_unreachable");

        let e = PrintError::QueueStopped {
            queue: "PDF".into(),
            server: None,
            reason: Some("Paused by an administrator".into()),
        };
        assert_eq!(
            e.to_string(),
            "The CUPS queue 'PDF' is stopped: 'Paused by an administrator'. Resume it in the printer settings (or \
             `cupsenable PDF`), then press Retry."
        );
        let e = PrintError::QueueNotFound {
            queue: "Zebra".into(),
            server: Some("10.0.0.2:631".into()),
        };
        assert_eq!(
            e.to_string(),
            "The CUPS queue 'Zebra' on print server 10.0.0.2:631 does not exist. Choose another printer in the \
             station settings (or add the queue in the printer settings), then press Retry."
        );
        let p = PrintError::PrintServerUnreachable {
            printer: "printer 'PDF'".into(),
            server: None,
        }
        .payload();
        assert_eq!(p.code, "print_server_unreachable");
        assert!(p.message.starts_with("CUPS is not running on this PC"));
        assert_eq!(
            serde_json::to_value(&p).unwrap()["code"],
            "print_server_unreachable"
        );
    }
}
