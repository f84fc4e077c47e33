//! A fake raw socket (port 9100 style) label printer on a loopback port.

use std::io::{ErrorKind, Read};
use std::net::{SocketAddr, TcpListener};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::PrinterTarget;

#[derive(Default)]
struct Recorded {
    jobs: Mutex<Vec<Vec<u8>>>,
    changed: Condvar,
    connections: AtomicUsize,
}

struct Acceptor {
    stop: Arc<AtomicBool>,
    thread: JoinHandle<()>,
}

/// A TCP listener on `127.0.0.1` that records every connection's bytes as one job (connections that send
/// nothing, like [`check`](crate::check)'s probes, are counted but are no job).
pub struct FakeThermalPrinter {
    addr: SocketAddr,
    recorded: Arc<Recorded>,
    acceptor: Mutex<Option<Acceptor>>,
    /// While stopped: a socket bound to the port but not listening, so connections are refused and no other
    /// test's listener (a parallel test's cupsd, say) takes the port meanwhile.
    reserved: Mutex<Option<socket2::Socket>>,
}

/// A socket bound to `addr` that does not listen: connecting to it is refused, as to a switched-off printer.
fn reserve(addr: SocketAddr) -> Option<socket2::Socket> {
    let socket = socket2::Socket::new(
        socket2::Domain::for_address(addr),
        socket2::Type::STREAM,
        None,
    )
    .ok()?;
    socket.set_reuse_address(true).ok()?;
    socket.bind(&addr.into()).ok()?;
    Some(socket)
}

impl FakeThermalPrinter {
    /// Listens on a free loopback port.
    pub fn start() -> FakeThermalPrinter {
        let listener = TcpListener::bind("127.0.0.1:0")
            .expect("the fake printer could not listen on 127.0.0.1");
        let addr = listener.local_addr().expect("the fake printer's address");
        let printer = FakeThermalPrinter {
            addr,
            recorded: Arc::new(Recorded::default()),
            acceptor: Mutex::new(None),
            reserved: Mutex::new(None),
        };
        printer.accept_on(listener);
        printer
    }

    fn accept_on(&self, listener: TcpListener) {
        listener
            .set_nonblocking(true)
            .expect("the fake printer's listener could not be made non-blocking");
        let stop = Arc::new(AtomicBool::new(false));
        let recorded = Arc::clone(&self.recorded);
        let thread = std::thread::spawn({
            let stop = Arc::clone(&stop);
            move || accept_loop(listener, stop, recorded)
        });
        *self.acceptor.lock().unwrap() = Some(Acceptor { stop, thread });
    }

    /// The address it listens on (also while stopped: it comes back there).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `Raw { host: "127.0.0.1", port }`.
    pub fn target(&self) -> PrinterTarget {
        PrinterTarget::Raw {
            host: self.addr.ip().to_string(),
            port: self.addr.port(),
        }
    }

    /// The printer goes down: the listener is closed, connections are refused. Jobs already received stay.
    pub fn stop(&self) {
        if let Some(acceptor) = self.acceptor.lock().unwrap().take() {
            acceptor.stop.store(true, Ordering::SeqCst);
            let _ = acceptor.thread.join();
            *self.reserved.lock().unwrap() = reserve(self.addr);
        }
    }

    /// The printer comes back on the same port (retrying for up to 10 s while the port is still busy).
    pub fn restart(&self) {
        if self.acceptor.lock().unwrap().is_some() {
            return;
        }
        drop(self.reserved.lock().unwrap().take());
        let listener = super::poll_until(Duration::from_secs(10), || {
            TcpListener::bind(self.addr).ok()
        })
        .unwrap_or_else(|| panic!("the fake printer could not listen on {} again", self.addr));
        self.accept_on(listener);
    }

    /// The jobs received so far, in order of completion.
    pub fn jobs(&self) -> Vec<Vec<u8>> {
        self.recorded.jobs.lock().unwrap().clone()
    }

    /// How many connections were accepted (jobs and probes).
    pub fn connections(&self) -> usize {
        self.recorded.connections.load(Ordering::SeqCst)
    }

    /// Waits until at least `n` jobs arrived (up to `timeout`) and returns all jobs; panics on timeout.
    pub fn wait_for_jobs(&self, n: usize, timeout: Duration) -> Vec<Vec<u8>> {
        let jobs = self.recorded.jobs.lock().unwrap();
        let (jobs, result) = self
            .recorded
            .changed
            .wait_timeout_while(jobs, timeout, |jobs| jobs.len() < n)
            .unwrap();
        if result.timed_out() {
            panic!(
                "the fake printer at {} got {} job(s) within {:?}, expected {n}",
                self.addr,
                jobs.len(),
                timeout
            );
        }
        jobs.clone()
    }
}

impl Drop for FakeThermalPrinter {
    fn drop(&mut self) {
        self.stop();
    }
}

fn accept_loop(listener: TcpListener, stop: Arc<AtomicBool>, recorded: Arc<Recorded>) {
    while !stop.load(Ordering::SeqCst) {
        match listener.accept() {
            Ok((mut stream, _)) => {
                recorded.connections.fetch_add(1, Ordering::SeqCst);
                let recorded = Arc::clone(&recorded);
                std::thread::spawn(move || {
                    let _ = stream.set_nonblocking(false);
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(120)));
                    let mut data = Vec::new();
                    let mut buf = [0u8; 8192];
                    loop {
                        match stream.read(&mut buf) {
                            Ok(0) => break,
                            Ok(n) => data.extend_from_slice(&buf[..n]),
                            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                            Err(_) => break,
                        }
                    }
                    drop(stream);
                    if !data.is_empty() {
                        recorded.jobs.lock().unwrap().push(data);
                        recorded.changed.notify_all();
                    }
                });
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock || e.kind() == ErrorKind::Interrupted => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(_) => std::thread::sleep(Duration::from_millis(10)),
        }
    }
}
