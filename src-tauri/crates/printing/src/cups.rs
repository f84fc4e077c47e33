//! Printing through CUPS with `lp`, and checking a queue before printing.

use std::path::Path;

use crate::discover::{self, CupsComplaint, QueueState, classify, tool_error};
use crate::error::PrintError;
use crate::target::{DocumentFormat, PrintJob, queue_label};
use crate::tools;

/// Refuses queue and server names that `lp` would misread (empty, spaces, a leading `-`).
fn validate(queue: &str, server: Option<&str>) -> Result<(), PrintError> {
    let bad = |s: &str| {
        s.is_empty() || s.starts_with('-') || s.chars().any(|c| c.is_whitespace() || c.is_control())
    };
    let problem = if bad(queue) {
        format!("'{queue}' is not a valid CUPS queue name")
    } else if server.is_some_and(bad) {
        format!(
            "'{}' is not a valid print server address",
            server.unwrap_or_default()
        )
    } else {
        return Ok(());
    };
    Err(PrintError::InvalidJob {
        printer: queue_label(queue, server),
        problem,
        advice: "Choose the printer again in the station settings.".to_string(),
    })
}

/// The queue exists, is enabled and accepts jobs, and its CUPS server answers.
pub(crate) fn check(
    bin_dir: Option<&Path>,
    server: Option<&str>,
    queue: &str,
) -> Result<(), PrintError> {
    validate(queue, server)?;
    let status = discover::queue_status(bin_dir, server, queue)?;
    if status.state == QueueState::Stopped {
        return Err(PrintError::QueueStopped {
            queue: queue.to_string(),
            server: server.map(str::to_string),
            reason: status.message,
        });
    }
    if !status.accepting {
        return Err(PrintError::QueueNotAccepting {
            queue: queue.to_string(),
            server: server.map(str::to_string),
            reason: status.reject_reason.or(status.message),
        });
    }
    Ok(())
}

/// Prints `job` on `queue` with `lp` (the document goes through stdin: no temporary file) and returns CUPS'
/// request id, e.g. `PDF-12`. The queue is checked first, so that a job is not left waiting in a stopped queue
/// (and printed again by a retry once the queue is resumed).
pub(crate) fn print(
    bin_dir: Option<&Path>,
    server: Option<&str>,
    queue: &str,
    job: &PrintJob,
) -> Result<String, PrintError> {
    check(bin_dir, server, queue)?;
    let printer = queue_label(queue, server);
    let copies = job.copies.to_string();
    let mut args: Vec<&str> = vec!["-d", queue, "-t", &job.title, "-n", &copies];
    match job.format {
        DocumentFormat::Zpl => args.extend(["-o", "raw"]),
        DocumentFormat::Pdf => args.extend(["-o", "document-format=application/pdf"]),
        DocumentFormat::Text => args.extend(["-o", "document-format=text/plain"]),
    }
    let media = job
        .media
        .as_deref()
        .filter(|_| job.format != DocumentFormat::Zpl)
        .map(|m| format!("media={m}"));
    if let Some(media) = &media {
        args.extend(["-o", media]);
    }
    let out = tools::run(bin_dir, "lp", server, &args, Some(&job.data))
        .map_err(|e| tool_error(e, &printer))?;
    if out.success
        && let Some(id) = parse_request_id(&out.stdout)
    {
        tracing::info!(printer = %printer, job = %id, bytes = job.data.len(), copies = job.copies, "CUPS job queued");
        return Ok(id);
    }
    let said = out.stderr.trim();
    Err(match classify(said) {
        CupsComplaint::ServerDown => PrintError::PrintServerUnreachable {
            printer,
            server: server.map(str::to_string),
        },
        // `lp` says "does not exist" also when it cannot reach the server: ask the scheduler.
        CupsComplaint::NoSuchQueue | CupsComplaint::NoDestinations => {
            discover::scheduler_running(bin_dir, server, &printer)?;
            PrintError::QueueNotFound {
                queue: queue.to_string(),
                server: server.map(str::to_string),
            }
        }
        CupsComplaint::NotAccepting => {
            let reason = discover::queue_status(bin_dir, server, queue)
                .ok()
                .and_then(|s| s.reject_reason.or(s.message));
            PrintError::QueueNotAccepting {
                queue: queue.to_string(),
                server: server.map(str::to_string),
                reason,
            }
        }
        CupsComplaint::Other if said.is_empty() => PrintError::PrintFailed {
            printer,
            detail: if out.success {
                format!("`lp` gave no request id (it said: {})", out.stdout.trim())
            } else {
                "`lp` failed without saying why".to_string()
            },
        },
        CupsComplaint::Other => PrintError::PrintFailed {
            printer,
            detail: format!("CUPS said: {said}"),
        },
    })
}

/// `request id is PDF-12 (1 file(s))` → `PDF-12`.
pub(crate) fn parse_request_id(stdout: &str) -> Option<String> {
    stdout.lines().find_map(|line| {
        let rest = line.trim().strip_prefix("request id is ")?;
        let id = rest.split_whitespace().next()?;
        (!id.is_empty()).then(|| id.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_request_ids() {
        assert_eq!(
            parse_request_id("request id is PDF-12 (1 file(s))\n").as_deref(),
            Some("PDF-12")
        );
        assert_eq!(parse_request_id("something else\n"), None);
    }

    #[test]
    fn refuses_names_lp_would_misread() {
        assert_eq!(validate("", None).unwrap_err().code(), "invalid_job");
        assert_eq!(validate("-x", None).unwrap_err().code(), "invalid_job");
        assert_eq!(validate("a b", None).unwrap_err().code(), "invalid_job");
        assert_eq!(
            validate("PDF", Some("-h")).unwrap_err().code(),
            "invalid_job"
        );
        assert!(validate("PDF", Some("10.0.0.2:631")).is_ok());
    }
}
