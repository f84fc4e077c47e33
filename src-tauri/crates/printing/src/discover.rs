//! Discovery of CUPS queues and the state of one queue, from `lpstat` (and `lpoptions` for make and model), run in
//! the C locale.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::PrintError;
use crate::target::{PrinterTarget, queue_label};
use crate::tools::{self, ToolError};

/// The state of a CUPS queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueState {
    /// Enabled, nothing printing.
    Idle,
    /// Enabled, printing a job.
    Printing,
    /// Disabled (stopped, paused): jobs wait in the queue.
    Stopped,
}

/// A CUPS queue as [`discover`](crate::discover) finds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscoveredPrinter {
    /// The queue name (`lp -d`).
    pub name: String,
    /// The CUPS server it is on (`None` = this PC's CUPS), as asked.
    pub server: Option<String>,
    /// The description (printer-info), if set.
    pub description: Option<String>,
    /// Make and model (printer-make-and-model), if known.
    pub make_and_model: Option<String>,
    /// Idle, printing or stopped.
    pub state: QueueState,
    /// The state message (e.g. why it is stopped), if any.
    pub state_message: Option<String>,
    /// Whether the queue accepts new jobs.
    pub accepting_jobs: bool,
    /// Whether it is the default destination.
    pub is_default: bool,
    /// The device URI (e.g. `socket://10.0.0.5:9100`, `usb://Zebra/…`), if visible.
    pub device_uri: Option<String>,
}

impl DiscoveredPrinter {
    /// The target to store in the settings for this queue.
    pub fn target(&self) -> PrinterTarget {
        PrinterTarget::Cups {
            queue: self.name.clone(),
            server: self.server.clone(),
        }
    }

    /// Whether the device URI points at a raw socket printer (`socket://`), i.e. probably a label printer.
    pub fn is_socket_device(&self) -> bool {
        self.device_uri
            .as_deref()
            .is_some_and(|u| u.starts_with("socket://"))
    }
}

/// The state of one queue, for checks before printing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QueueStatus {
    pub state: QueueState,
    pub message: Option<String>,
    pub accepting: bool,
    pub reject_reason: Option<String>,
}

/// What a failed CUPS tool said, classified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CupsComplaint {
    ServerDown,
    NoSuchQueue,
    NotAccepting,
    NoDestinations,
    Other,
}

pub(crate) fn classify(stderr: &str) -> CupsComplaint {
    let s = stderr.to_ascii_lowercase();
    if s.contains("scheduler is not running")
        || s.contains("unable to connect")
        || s.contains("connection refused")
        || s.contains("no route to host")
        || s.contains("unable to lookup")
    {
        CupsComplaint::ServerDown
    } else if s.contains("invalid destination name")
        || s.contains("does not exist")
        || s.contains("unknown destination")
        || s.contains("not found")
    {
        CupsComplaint::NoSuchQueue
    } else if s.contains("not accepting jobs") {
        CupsComplaint::NotAccepting
    } else if s.contains("no destinations added") {
        CupsComplaint::NoDestinations
    } else {
        CupsComplaint::Other
    }
}

/// Maps a tool that could not run to the error for `printer`.
pub(crate) fn tool_error(e: ToolError, printer: &str) -> PrintError {
    match e {
        ToolError::Missing => PrintError::PrintSystemMissing {
            printer: printer.to_string(),
        },
        ToolError::Failed(detail) => PrintError::PrintFailed {
            printer: printer.to_string(),
            detail,
        },
    }
}

/// Runs an `lpstat` query; `Ok(None)` when CUPS answered but has no printers at all.
fn lpstat(
    bin_dir: Option<&Path>,
    server: Option<&str>,
    args: &[&str],
    printer: &str,
    queue: Option<&str>,
) -> Result<Option<String>, PrintError> {
    let out =
        tools::run(bin_dir, "lpstat", server, args, None).map_err(|e| tool_error(e, printer))?;
    // lpstat reports some problems on stderr with exit status 0, so stderr is looked at either way.
    match classify(&out.stderr) {
        CupsComplaint::ServerDown => Err(PrintError::PrintServerUnreachable {
            printer: printer.to_string(),
            server: server.map(str::to_string),
        }),
        CupsComplaint::NoSuchQueue if queue.is_some() => Err(PrintError::QueueNotFound {
            queue: queue.unwrap_or_default().to_string(),
            server: server.map(str::to_string),
        }),
        CupsComplaint::NoDestinations if queue.is_some() => Err(PrintError::QueueNotFound {
            queue: queue.unwrap_or_default().to_string(),
            server: server.map(str::to_string),
        }),
        CupsComplaint::NoDestinations => Ok(None),
        _ if out.success => Ok(Some(out.stdout)),
        _ => Err(PrintError::PrintFailed {
            printer: printer.to_string(),
            detail: format!("`lpstat` said: {}", out.stderr.trim()),
        }),
    }
}

/// Whether the CUPS scheduler answers (`lpstat -r`).
pub(crate) fn scheduler_running(
    bin_dir: Option<&Path>,
    server: Option<&str>,
    printer: &str,
) -> Result<(), PrintError> {
    let out =
        tools::run(bin_dir, "lpstat", server, &["-r"], None).map_err(|e| tool_error(e, printer))?;
    if out.stdout.contains("scheduler is running") {
        Ok(())
    } else {
        Err(PrintError::PrintServerUnreachable {
            printer: printer.to_string(),
            server: server.map(str::to_string),
        })
    }
}

/// The default destination of `server` (`lpstat -d`), `None` if there is none.
pub(crate) fn default_queue(
    bin_dir: Option<&Path>,
    server: Option<&str>,
    printer: &str,
) -> Result<Option<String>, PrintError> {
    scheduler_running(bin_dir, server, printer)?;
    let out = lpstat(bin_dir, server, &["-d"], printer, None)?.unwrap_or_default();
    Ok(parse_default(&out))
}

/// The state of `queue` on `server`: it exists, is enabled or not, accepts jobs or not.
pub(crate) fn queue_status(
    bin_dir: Option<&Path>,
    server: Option<&str>,
    queue: &str,
) -> Result<QueueStatus, PrintError> {
    let printer = queue_label(queue, server);
    scheduler_running(bin_dir, server, &printer)?;
    let p = lpstat(bin_dir, server, &["-p", queue], &printer, Some(queue))?.unwrap_or_default();
    let entry = parse_printers(&p)
        .into_iter()
        .find(|e| e.name == queue)
        .ok_or_else(|| PrintError::QueueNotFound {
            queue: queue.to_string(),
            server: server.map(str::to_string),
        })?;
    let a = lpstat(bin_dir, server, &["-a", queue], &printer, Some(queue))?.unwrap_or_default();
    let (accepting, reject_reason) = parse_accepting(&a).remove(queue).unwrap_or((true, None));
    Ok(QueueStatus {
        state: entry.state,
        message: entry.message,
        accepting,
        reject_reason,
    })
}

/// The queues of `server` (`None` = this PC's CUPS).
pub(crate) fn discover(
    bin_dir: Option<&Path>,
    server: Option<&str>,
) -> Result<Vec<DiscoveredPrinter>, PrintError> {
    let label = match server {
        Some(s) => format!("print server {s}"),
        None => "printers of this PC".to_string(),
    };
    scheduler_running(bin_dir, server, &label)?;
    let Some(p) = lpstat(bin_dir, server, &["-l", "-p"], &label, None)? else {
        return Ok(Vec::new());
    };
    let a = lpstat(bin_dir, server, &["-a"], &label, None)?.unwrap_or_default();
    let v = lpstat(bin_dir, server, &["-v"], &label, None)?.unwrap_or_default();
    let d = lpstat(bin_dir, server, &["-d"], &label, None)?.unwrap_or_default();
    let mut accepting = parse_accepting(&a);
    let mut devices = parse_devices(&v);
    let default = parse_default(&d);
    let printers = parse_printers(&p)
        .into_iter()
        .map(|e| {
            let (accepting_jobs, _) = accepting.remove(&e.name).unwrap_or((true, None));
            let make_and_model = tools::run(bin_dir, "lpoptions", server, &["-p", &e.name], None)
                .ok()
                .filter(|o| o.success)
                .and_then(|o| parse_lpoptions(&o.stdout).remove("printer-make-and-model"))
                .filter(|m| !m.is_empty());
            DiscoveredPrinter {
                is_default: default.as_deref() == Some(e.name.as_str()),
                device_uri: devices.remove(&e.name),
                server: server.map(str::to_string),
                description: e.description,
                make_and_model,
                state: e.state,
                state_message: e.message,
                accepting_jobs,
                name: e.name,
            }
        })
        .collect();
    Ok(printers)
}

/// One printer of `lpstat [-l] -p`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LpstatPrinter {
    pub name: String,
    pub state: QueueState,
    pub message: Option<String>,
    pub description: Option<String>,
}

/// Parses `lpstat -p` or `lpstat -l -p` (C locale):
///
/// ```text
/// printer PDF is idle.  enabled since Mon Nov 23 13:41:39 2026
/// printer Zebra now printing Zebra-12.  enabled since …
/// printer Old disabled since Mon Nov 23 13:42:33 2026 -
///     Paused by an administrator
///     Description: Packing station 1
/// ```
pub(crate) fn parse_printers(out: &str) -> Vec<LpstatPrinter> {
    let mut printers: Vec<LpstatPrinter> = Vec::new();
    let mut in_details = false;
    for line in out.lines() {
        if let Some(rest) = line.strip_prefix("printer ") {
            let Some((name, rest)) = rest.split_once(' ') else {
                continue;
            };
            let state = if rest.starts_with("disabled") {
                QueueState::Stopped
            } else if rest.starts_with("now printing") {
                QueueState::Printing
            } else {
                QueueState::Idle
            };
            printers.push(LpstatPrinter {
                name: name.to_string(),
                state,
                message: None,
                description: None,
            });
            in_details = false;
        } else if let Some(detail) = line.strip_prefix('\t') {
            let Some(current) = printers.last_mut() else {
                continue;
            };
            if detail.starts_with('\t') {
                continue;
            }
            if let Some(description) = detail.strip_prefix("Description:") {
                let description = description.trim();
                if !description.is_empty() {
                    current.description = Some(description.to_string());
                }
                in_details = true;
            } else if is_detail_key(detail) {
                in_details = true;
            } else if !in_details && current.message.is_none() {
                let message = detail.trim();
                if !message.is_empty() {
                    current.message = Some(message.to_string());
                }
            }
        }
    }
    printers
}

/// The keys of `lpstat -l -p`'s details (after the state message).
fn is_detail_key(detail: &str) -> bool {
    const KEYS: &[&str] = &[
        "Form mounted:",
        "Content types:",
        "Printer types:",
        "Alerts:",
        "Location:",
        "Connection:",
        "Interface:",
        "On fault:",
        "After fault:",
        "Users allowed:",
        "Users denied:",
        "Forms allowed:",
        "Banner required",
        "Charset sets:",
        "Default pitch:",
        "Default page size:",
        "Default port settings:",
    ];
    KEYS.iter().any(|k| detail.starts_with(k))
}

/// Parses `lpstat -a`: queue → (accepting, reason when not).
///
/// ```text
/// PDF accepting requests since Mon Nov 23 13:42:30 2026
/// Old not accepting requests since Mon Nov 23 13:42:07 2026 -
///     Rejecting Jobs
/// ```
pub(crate) fn parse_accepting(out: &str) -> HashMap<String, (bool, Option<String>)> {
    let mut map = HashMap::new();
    let mut last: Option<String> = None;
    for line in out.lines() {
        if let Some(reason) = line.strip_prefix('\t') {
            if let Some(entry) = last.as_ref().and_then(|name| map.get_mut(name)) {
                let entry: &mut (bool, Option<String>) = entry;
                let reason = reason.trim();
                if !entry.0 && entry.1.is_none() && !reason.is_empty() {
                    entry.1 = Some(reason.to_string());
                }
            }
            continue;
        }
        let Some((name, rest)) = line.split_once(' ') else {
            continue;
        };
        if rest.starts_with("accepting requests") {
            map.insert(name.to_string(), (true, None));
        } else if rest.starts_with("not accepting requests") {
            map.insert(name.to_string(), (false, None));
        } else {
            continue;
        }
        last = Some(name.to_string());
    }
    map
}

/// Parses `lpstat -v`: `device for PDF: cups-pdf:/` → queue → URI.
pub(crate) fn parse_devices(out: &str) -> HashMap<String, String> {
    out.lines()
        .filter_map(|line| line.strip_prefix("device for "))
        .filter_map(|rest| rest.split_once(": "))
        .map(|(name, uri)| (name.to_string(), uri.trim().to_string()))
        .collect()
}

/// Parses `lpstat -d`: `system default destination: PDF` or `no system default destination`.
pub(crate) fn parse_default(out: &str) -> Option<String> {
    out.lines()
        .find_map(|line| line.strip_prefix("system default destination: "))
        .map(|name| name.trim().to_string())
        .filter(|name| !name.is_empty())
}

/// Parses `lpoptions -p queue`: `key=value key='value with spaces' key` (shell-like quoting).
pub(crate) fn parse_lpoptions(out: &str) -> HashMap<String, String> {
    let mut map = HashMap::new();
    let mut chars = out.trim().chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            break;
        }
        let mut key = String::new();
        while let Some(&c) = chars.peek() {
            if c == '=' || c.is_whitespace() {
                break;
            }
            key.push(c);
            chars.next();
        }
        let mut value = String::new();
        if chars.peek() == Some(&'=') {
            chars.next();
            let mut quote: Option<char> = None;
            while let Some(c) = chars.next() {
                match (quote, c) {
                    (None, c) if c.is_whitespace() => break,
                    (None, '\'' | '"') => quote = Some(c),
                    (Some(q), c) if c == q => quote = None,
                    (_, '\\') => {
                        if let Some(next) = chars.next() {
                            value.push(next);
                        }
                    }
                    (_, c) => value.push(c),
                }
            }
        }
        map.insert(key, value);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_lpstat_long_printers() {
        let out = "printer raw is idle.  enabled since Mon Nov 23 13:41:39 2026\n\tForm mounted:\n\tContent types: any\n\
                   \tDescription: Zebra at packing 1\n\tAlerts: none\n\
                   printer busy now printing busy-3.  enabled since Mon Nov 23 13:41:39 2026\n\tDescription: \n\
                   printer old disabled since Mon Nov 23 13:42:33 2026 -\n\tPaused by an administrator\n\tForm mounted:\n\
                   \tDescription: old\n\tUsers allowed:\n\t\t(all)\n";
        let p = parse_printers(out);
        assert_eq!(p.len(), 3);
        assert_eq!(p[0].state, QueueState::Idle);
        assert_eq!(p[0].description.as_deref(), Some("Zebra at packing 1"));
        assert_eq!(p[0].message, None);
        assert_eq!(p[1].state, QueueState::Printing);
        assert_eq!(p[1].description, None);
        assert_eq!(p[2].state, QueueState::Stopped);
        assert_eq!(p[2].message.as_deref(), Some("Paused by an administrator"));
    }

    #[test]
    fn parses_accepting_devices_default_and_options() {
        let a = parse_accepting(
            "a accepting requests since Mon\nb not accepting requests since Mon -\n\tNot now\nc not accepting requests since x -\n",
        );
        assert_eq!(a["a"], (true, None));
        assert_eq!(a["b"], (false, Some("Not now".into())));
        assert_eq!(a["c"], (false, None));
        let d = parse_devices("device for PDF: cups-pdf:/\ndevice for z: socket://10.0.0.5:9100\n");
        assert_eq!(d["z"], "socket://10.0.0.5:9100");
        assert_eq!(
            parse_default("system default destination: PDF\n").as_deref(),
            Some("PDF")
        );
        assert_eq!(parse_default("no system default destination\n"), None);
        let o = parse_lpoptions(
            "copies=1 printer-info='Test PDF' printer-location printer-make-and-model='Generic CUPS-PDF Printer (w/ options)' x=a\\ b\n",
        );
        assert_eq!(o["printer-info"], "Test PDF");
        assert_eq!(o["printer-location"], "");
        assert_eq!(
            o["printer-make-and-model"],
            "Generic CUPS-PDF Printer (w/ options)"
        );
        assert_eq!(o["x"], "a b");
    }

    #[test]
    fn classifies_cups_complaints() {
        assert_eq!(
            classify("lpstat: Scheduler is not running.\n"),
            CupsComplaint::ServerDown
        );
        assert_eq!(
            classify("lp: Error - The printer or class does not exist.\n"),
            CupsComplaint::NoSuchQueue
        );
        assert_eq!(
            classify("lpstat: Invalid destination name in list \"x\".\n"),
            CupsComplaint::NoSuchQueue
        );
        assert_eq!(
            classify("lp: Destination \"PDF\" is not accepting jobs.\n"),
            CupsComplaint::NotAccepting
        );
    }
}
