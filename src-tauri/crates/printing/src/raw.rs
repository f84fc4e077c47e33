//! Raw socket printing (JetDirect/AppSocket, port 9100): the bytes go to the printer as they are.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::error::PrintError;
use crate::target::host_port;

/// Timeouts of raw printing.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawTimeouts {
    pub connect: Duration,
    pub write: Duration,
    pub close_wait: Duration,
}

fn label(host: &str, port: u16) -> String {
    format!("label printer {}", host_port(host, port))
}

fn invalid(host: &str, port: u16) -> Option<PrintError> {
    let problem = if host.trim().is_empty() {
        "no host name or IP address is set"
    } else if port == 0 {
        "port 0 is not a printer port"
    } else {
        return None;
    };
    Some(PrintError::InvalidJob {
        printer: label(host, port),
        problem: problem.to_string(),
        advice: "Enter the printer's IP address and port (usually 9100) in the station settings."
            .to_string(),
    })
}

/// Why a connection failed, in words.
fn reason(e: &std::io::Error, timeout: Duration) -> String {
    match e.kind() {
        ErrorKind::ConnectionRefused => "connection refused".to_string(),
        ErrorKind::TimedOut | ErrorKind::WouldBlock => {
            format!("no answer within {:.1} s", timeout.as_secs_f64())
        }
        ErrorKind::HostUnreachable => "host unreachable".to_string(),
        ErrorKind::NetworkUnreachable => "network unreachable".to_string(),
        ErrorKind::NetworkDown => "this PC's network is down".to_string(),
        ErrorKind::AddrNotAvailable => "address not available".to_string(),
        ErrorKind::ConnectionReset => "connection reset".to_string(),
        ErrorKind::BrokenPipe => "the printer closed the connection".to_string(),
        _ => e.to_string(),
    }
}

/// Connects to the printer within `timeout`, trying each address the host resolves to.
fn connect(host: &str, port: u16, timeout: Duration) -> Result<TcpStream, PrintError> {
    if let Some(e) = invalid(host, port) {
        return Err(e);
    }
    let unreachable = |reason: String| PrintError::PrinterUnreachable {
        printer: label(host, port),
        reason,
    };
    let addrs: Vec<SocketAddr> = (host.trim_matches(|c| c == '[' || c == ']'), port)
        .to_socket_addrs()
        .map_err(|e| unreachable(format!("its name '{host}' could not be resolved: {e}")))?
        .collect();
    let mut last = None;
    for addr in &addrs {
        match TcpStream::connect_timeout(addr, timeout) {
            Ok(stream) => return Ok(stream),
            Err(e) => last = Some(e),
        }
    }
    Err(unreachable(match last {
        Some(e) => reason(&e, timeout),
        None => format!("its name '{host}' has no address"),
    }))
}

/// Whether the printer takes a connection (the connection is closed again at once).
pub(crate) fn probe(host: &str, port: u16, timeout: Duration) -> Result<(), PrintError> {
    let stream = connect(host, port, timeout)?;
    let _ = stream.shutdown(Shutdown::Both);
    Ok(())
}

/// Sends `data` `copies` times over one connection (one job) and returns a local job id.
pub(crate) fn send(
    host: &str,
    port: u16,
    data: &[u8],
    copies: u32,
    timeouts: RawTimeouts,
) -> Result<String, PrintError> {
    let mut stream = connect(host, port, timeouts.connect)?;
    let lost = |e: std::io::Error| PrintError::ConnectionLost {
        printer: label(host, port),
        reason: reason(&e, timeouts.write),
    };
    stream
        .set_write_timeout(Some(timeouts.write))
        .map_err(lost)?;
    for _ in 0..copies {
        stream.write_all(data).map_err(lost)?;
    }
    stream.flush().map_err(lost)?;
    stream.shutdown(Shutdown::Write).map_err(lost)?;
    // Give the printer a moment to take the job and close; printers that keep the connection open are fine too.
    let deadline = Instant::now() + timeouts.close_wait;
    let mut buf = [0u8; 512];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            break;
        }
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(_) => continue,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(_) => break,
        }
    }
    let id = next_job_id();
    tracing::info!(printer = %label(host, port), job = %id, bytes = data.len(), copies, "raw job sent");
    Ok(id)
}

/// `raw-<unix seconds>-<n>`: unique within the process, roughly ordered.
fn next_job_id() -> String {
    static SEQ: AtomicU64 = AtomicU64::new(1);
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    format!("raw-{secs}-{}", SEQ.fetch_add(1, Ordering::Relaxed))
}
