//! Test support (feature `test-support`): a private CUPS server with real queues, and a fake thermal printer.
//!
//! * [`CupsServer::start`] runs a private `cupsd` on a free loopback port with its configuration, spool, state
//!   and logs in a temporary directory; the system CUPS is not touched. It is stopped and removed on drop.
//!   [`CupsServer::add_pdf_queue`] adds a cups-pdf queue whose PDFs land in that directory
//!   ([`CupsServer::wait_for_pdf`] finds them); [`CupsServer::add_raw_queue`] adds a raw queue in front of a
//!   TCP address (a [`FakeThermalPrinter`]). Queues can be stopped, resumed, made to reject and accept jobs.
//! * [`FakeThermalPrinter`] listens on a loopback port and records the bytes of every connection as one job; it
//!   can be stopped (the printer is "down": connections are refused) and started again on the same port.
//! * [`render_zpl`] and [`scan_zpl`] render a ZPL label with an independent renderer (zebrash, from
//!   `tests/zpl-render/`) and read its barcodes with `zbarimg`, as a carrier's scanner would read the printout.
//!
//! Everything panics with a clear message when something is missing (run `scripts/setup.sh`): tests that need
//! CUPS fail rather than skip. cupsd must be started as root (it drops to the `lp` user for filters), and the
//! cups-pdf backend only reads its configuration from `/etc/cups`.

mod cupsd;
mod fake_printer;
mod zpl_render;

pub use cupsd::CupsServer;
pub use fake_printer::FakeThermalPrinter;
pub use zpl_render::{render_zpl, scan_zpl, symbol, zbar_symbols, zpl_renderer_dir};

/// Polls `f` every 50 ms until it returns `Some`, for up to `timeout`.
pub fn poll_until<T>(timeout: std::time::Duration, mut f: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = std::time::Instant::now() + timeout;
    loop {
        if let Some(v) = f() {
            return Some(v);
        }
        if std::time::Instant::now() >= deadline {
            return None;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}
