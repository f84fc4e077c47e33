//! A private `cupsd` for tests.

use std::fs;
use std::net::{SocketAddr, TcpListener};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::Duration;

use super::poll_until;
use crate::{PrinterTarget, Printing};

const SETUP: &str = "run scripts/setup.sh (as root) to install CUPS, cups-pdf and poppler-utils";
const CUPSD: &str = "/usr/sbin/cupsd";
const CUPS_PDF_BACKEND: &str = "/usr/lib/cups/backend/cups-pdf";
/// cups-pdf reads its configuration only from here (compiled in), per queue from `cups-pdf-<name>.conf`.
const CUPS_PDF_CONF_DIR: &str = "/etc/cups";
const CUPS_PDF_PPD: &str = "lsb/usr/cups-pdf/CUPS-PDF_opt.ppd";

/// A private CUPS scheduler on `127.0.0.1:<free port>`, with everything in a temporary directory. Stopped (and its
/// directory and cups-pdf configurations removed) on drop.
pub struct CupsServer {
    dir: tempfile::TempDir,
    address: String,
    child: Mutex<Option<Child>>,
    pdf_confs: Mutex<Vec<PathBuf>>,
}

/// The path of a CUPS tool, from `PATH` or the usual places; panics with the setup hint when missing.
pub(crate) fn tool(name: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin", "/usr/bin", "/sbin", "/bin"].map(PathBuf::from))
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("`{name}` is not installed: {SETUP}"))
}

fn run_tool(name: &str, args: &[&str]) -> std::process::Output {
    Command::new(tool(name))
        .args(args)
        .env("LC_ALL", "C")
        .env("LANG", "C")
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("`{name}` could not be run: {e}"))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free loopback port")
}

fn mkdir(path: &Path, mode: u32) {
    fs::create_dir_all(path).unwrap_or_else(|e| panic!("cannot create {}: {e}", path.display()));
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
        .unwrap_or_else(|e| panic!("cannot set the mode of {}: {e}", path.display()));
}

impl CupsServer {
    /// Starts a private cupsd and waits (up to 30 s) until it answers. Panics with what to do if it cannot.
    pub fn start() -> CupsServer {
        if !Path::new(CUPSD).is_file() {
            panic!("{CUPSD} is missing: {SETUP}");
        }
        for t in [
            "lp",
            "lpstat",
            "lpadmin",
            "lpoptions",
            "cupsenable",
            "cupsdisable",
            "cupsaccept",
            "cupsreject",
        ] {
            tool(t);
        }
        let dir = tempfile::Builder::new()
            .prefix("storedesk-cupsd-")
            .tempdir()
            .expect("cannot create a temporary directory for cupsd");
        let root = dir.path();
        // Filters run as the `lp` user and must reach the spool under this directory.
        mkdir(root, 0o755);
        for (sub, mode) in [
            ("spool", 0o710),
            ("cache", 0o770),
            ("state", 0o755),
            ("log", 0o755),
            ("ppd", 0o755),
        ] {
            mkdir(&root.join(sub), mode);
        }
        mkdir(&root.join("tmp"), 0o1777);
        mkdir(&root.join("pdf"), 0o755);
        let r = root.display();
        let files_conf = format!(
            // CUPS 2.4.2-3+deb12u11 refuses an empty `Printcap` (older builds took it as "none"): the private
            // server writes its own, unused, in its root.
            "ServerRoot {r}\nRequestRoot {r}/spool\nCacheDir {r}/cache\nStateDir {r}/state\nTempDir {r}/tmp\n\
             ErrorLog {r}/log/error_log\nAccessLog {r}/log/access_log\nPageLog {r}/log/page_log\n\
             Printcap {r}/printcap\nUser lp\nGroup lp\nSystemGroup root\n"
        );
        fs::write(root.join("cups-files.conf"), files_conf).expect("cannot write cups-files.conf");

        let mut last_problem = String::new();
        for _attempt in 0..3 {
            let port = free_port();
            let conf = format!(
                "Listen 127.0.0.1:{port}\nServerName 127.0.0.1\nLogLevel warn\nBrowsing Off\nBrowseLocalProtocols none\n\
                 DefaultAuthType None\nWebInterface No\nDefaultShared No\nJobRetryInterval 5\n\
                 MaxJobs 0\n\
                 <Location />\n  Order allow,deny\n  Allow all\n</Location>\n\
                 <Location /admin>\n  Order allow,deny\n  Allow all\n</Location>\n\
                 <Policy default>\n  JobPrivateAccess all\n  JobPrivateValues none\n  SubscriptionPrivateAccess all\n\
                 \x20 SubscriptionPrivateValues none\n  <Limit All>\n    Order deny,allow\n    Allow all\n  </Limit>\n\
                 </Policy>\n"
            );
            fs::write(root.join("cupsd.conf"), conf).expect("cannot write cupsd.conf");
            let out =
                fs::File::create(root.join("log/cupsd.out")).expect("cannot create the cupsd log");
            let child = Command::new(CUPSD)
                .arg("-f")
                .arg("-c")
                .arg(root.join("cupsd.conf"))
                .arg("-s")
                .arg(root.join("cups-files.conf"))
                .env("LC_ALL", "C")
                .stdin(Stdio::null())
                .stdout(out.try_clone().expect("log file"))
                .stderr(out)
                .spawn()
                .unwrap_or_else(|e| panic!("{CUPSD} could not be started ({e}): {SETUP}"));
            let address = format!("127.0.0.1:{port}");
            let mut child = child;
            let up = poll_until(Duration::from_secs(30), || {
                if child.try_wait().map(|s| s.is_some()).unwrap_or(true) {
                    return Some(false);
                }
                let out = run_tool("lpstat", &["-h", &address, "-r"]);
                String::from_utf8_lossy(&out.stdout)
                    .contains("scheduler is running")
                    .then_some(true)
            });
            if up == Some(true) {
                return CupsServer {
                    dir,
                    address,
                    child: Mutex::new(Some(child)),
                    pdf_confs: Mutex::new(Vec::new()),
                };
            }
            terminate(&mut child);
            // Try again on another port (the free port may have been taken in between).
            last_problem = format!(
                "cupsd on {address} did not come up ({}). Its output: {} Its error log: {}",
                if up.is_none() {
                    "no answer within 30 s"
                } else {
                    "it exited"
                },
                fs::read_to_string(root.join("log/cupsd.out")).unwrap_or_default(),
                fs::read_to_string(root.join("log/error_log")).unwrap_or_default(),
            );
        }
        panic!("{last_problem}\n(cupsd must be started as root; {SETUP})");
    }

    /// `127.0.0.1:<port>`: for `lp -h`, `CUPS_SERVER` and the `server` of [`PrinterTarget::Cups`].
    pub fn address(&self) -> &str {
        &self.address
    }

    /// The temporary directory with its configuration, spool and logs.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Printing settings that use this server for `SystemDefault` and server-less `Cups` targets.
    pub fn printing(&self) -> Printing {
        Printing::with_default_server(self.address.clone())
    }

    /// `Cups { queue, server: Some(address) }`.
    pub fn target(&self, queue: &str) -> PrinterTarget {
        PrinterTarget::Cups {
            queue: queue.to_string(),
            server: Some(self.address.clone()),
        }
    }

    /// Runs a CUPS admin tool against this server (`-h address` first); panics when it fails.
    pub fn admin(&self, tool_name: &str, args: &[&str]) -> String {
        let mut all = vec!["-h", self.address.as_str()];
        all.extend_from_slice(args);
        let out = run_tool(tool_name, &all);
        if !out.status.success() {
            panic!(
                "`{tool_name} {}` failed: {}{}",
                all.join(" "),
                String::from_utf8_lossy(&out.stderr),
                String::from_utf8_lossy(&out.stdout)
            );
        }
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The directory where the cups-pdf queue `queue` writes its PDFs.
    pub fn pdf_dir(&self, queue: &str) -> PathBuf {
        self.dir.path().join("pdf").join(queue)
    }

    /// Adds an enabled cups-pdf queue `queue` (with `description`) whose PDFs land in [`CupsServer::pdf_dir`].
    ///
    /// cups-pdf takes its settings from `/etc/cups/cups-pdf-<instance>.conf` for the device URI
    /// `cups-pdf:/<instance>`; the instance name is unique to this server (its port) and the file is removed on
    /// drop.
    ///
    /// The queue converts PDF to PostScript with pdftocairo (`pdftops-renderer-default=pdftocairo`, what Debian's
    /// cups-pdf package sets on the PDF queue it creates). cups-pdf only takes PostScript (it drops anything before
    /// a `%!` line, so a queue fed PDF directly prints a blank page) and re-renders it with Ghostscript pdfwrite.
    /// With cups-filters' default renderer (Ghostscript ps2write) our embedded CID subset fonts become Type 3 fonts
    /// with made-up glyph names and `pdftotext` of the printed PDF is garbage (poppler's `pdftops` renderer is no
    /// better). cairo names each glyph after its Unicode value (`uni0130`), so pdfwrite rebuilds the text: ASCII and
    /// Latin-1 letters (ã ç ø å ö ü) read back. Letters outside Latin-1 (ş ğ ı İ) still do not: cairo puts them in
    /// a second subset of the font under the same PostScript name, and pdfwrite turns that one into a Type 3 font
    /// without a Unicode mapping. They print, they just do not extract.
    pub fn add_pdf_queue(&self, queue: &str, description: &str) {
        if !Path::new(CUPS_PDF_BACKEND).is_file() {
            panic!("{CUPS_PDF_BACKEND} is missing (printer-driver-cups-pdf): {SETUP}");
        }
        let port = self.address.rsplit(':').next().unwrap_or("0");
        let instance = format!("storedesk-{port}-{queue}");
        let out_dir = self.pdf_dir(queue);
        mkdir(&out_dir, 0o755);
        let log_dir = self.dir.path().join("log");
        let conf_path = Path::new(CUPS_PDF_CONF_DIR).join(format!("cups-pdf-{instance}.conf"));
        let conf = format!(
            "Out {o}\nAnonDirName {o}\nLog {l}\nLabel 2\nUserUMask 0022\nGrp root\n",
            o = out_dir.display(),
            l = log_dir.display()
        );
        fs::write(&conf_path, conf).unwrap_or_else(|e| {
            panic!(
                "cannot write {} ({e}): the cups-pdf tests must run as root",
                conf_path.display()
            )
        });
        self.pdf_confs.lock().unwrap().push(conf_path);
        let uri = format!("cups-pdf:/{instance}");
        self.admin(
            "lpadmin",
            &[
                "-p",
                queue,
                "-v",
                &uri,
                "-m",
                CUPS_PDF_PPD,
                "-D",
                description,
                "-o",
                "pdftops-renderer-default=pdftocairo",
                "-E",
            ],
        );
    }

    /// Adds an enabled raw queue `queue` that sends jobs to `socket://device` (e.g. a [`FakeThermalPrinter`]).
    ///
    /// [`FakeThermalPrinter`]: super::FakeThermalPrinter
    pub fn add_raw_queue(&self, queue: &str, device: SocketAddr, description: &str) {
        let uri = format!("socket://{device}");
        let mut args = vec![
            "-h",
            self.address.as_str(),
            "-p",
            queue,
            "-v",
            &uri,
            "-D",
            description,
            "-m",
            "raw",
            "-E",
        ];
        // CUPS 2.4 still takes `-m raw` (with a deprecation warning); later versions may not: then without.
        if !run_tool("lpadmin", &args).status.success() {
            args.truncate(args.len() - 3);
            args.push("-E");
            self.admin("lpadmin", &args[2..]);
        }
    }

    /// Stops (disables) `queue` with `reason` as its state message (`cupsdisable -r`).
    pub fn stop_queue(&self, queue: &str, reason: &str) {
        self.admin("cupsdisable", &["-r", reason, queue]);
    }

    /// Resumes (enables) `queue` (`cupsenable`).
    pub fn resume_queue(&self, queue: &str) {
        self.admin("cupsenable", &[queue]);
    }

    /// Makes `queue` reject new jobs with `reason` (`cupsreject -r`).
    pub fn reject_jobs(&self, queue: &str, reason: &str) {
        self.admin("cupsreject", &["-r", reason, queue]);
    }

    /// Makes `queue` accept jobs again (`cupsaccept`).
    pub fn accept_jobs(&self, queue: &str) {
        self.admin("cupsaccept", &[queue]);
    }

    /// Makes `queue` the server's default destination.
    pub fn set_default(&self, queue: &str) {
        self.admin("lpadmin", &["-d", queue]);
    }

    /// Deletes `queue`.
    pub fn delete_queue(&self, queue: &str) {
        self.admin("lpadmin", &["-x", queue]);
    }

    /// Whether the job `job_id` (e.g. `PDF-3`) is finished (completed, cancelled or aborted).
    pub fn job_done(&self, job_id: &str) -> bool {
        let queue = job_id.rsplit_once('-').map(|(q, _)| q).unwrap_or(job_id);
        let out = run_tool(
            "lpstat",
            &["-h", &self.address, "-W", "not-completed", "-o", queue],
        );
        !String::from_utf8_lossy(&out.stdout)
            .lines()
            .any(|l| l.split_whitespace().next() == Some(job_id))
    }

    /// Waits (up to `timeout`) for the PDF that cups-pdf made of job `job_id` (e.g. `PDF-3`) on `queue` and
    /// returns its path; panics with the queue's log on timeout.
    pub fn wait_for_pdf(&self, queue: &str, job_id: &str, timeout: Duration) -> PathBuf {
        let n = job_id.rsplit_once('-').map(|(_, n)| n).unwrap_or(job_id);
        let dir = self.pdf_dir(queue);
        let matches = |name: &str| {
            name.ends_with(".pdf")
                && (name.starts_with(&format!("job_{n}-"))
                    || name.ends_with(&format!("-job_{n}.pdf")))
        };
        poll_until(timeout, || {
            if !self.job_done(job_id) {
                return None;
            }
            fs::read_dir(&dir)
                .ok()?
                .filter_map(Result::ok)
                .find(|e| matches(&e.file_name().to_string_lossy()))
                .map(|e| e.path())
                .filter(|p| fs::metadata(p).map(|m| m.len() > 0).unwrap_or(false))
        })
        .unwrap_or_else(|| {
            panic!(
                "no PDF of job {job_id} in {} within {timeout:?}. Files: {:?}. cupsd log: {}",
                dir.display(),
                fs::read_dir(&dir)
                    .map(|d| d
                        .filter_map(Result::ok)
                        .map(|e| e.file_name())
                        .collect::<Vec<_>>())
                    .unwrap_or_default(),
                fs::read_to_string(self.dir.path().join("log/error_log")).unwrap_or_default()
            )
        })
    }

    fn stop(&self) {
        if let Some(mut child) = self.child.lock().unwrap().take() {
            terminate(&mut child);
        }
    }
}

/// SIGTERM lets cupsd stop its jobs' filters and backends; SIGKILL only if it does not exit within 10 s.
fn terminate(child: &mut Child) {
    let _ = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if poll_until(Duration::from_secs(10), || child.try_wait().ok().flatten()).is_none() {
        let _ = child.kill();
        let _ = child.wait();
    }
}

impl Drop for CupsServer {
    fn drop(&mut self) {
        self.stop();
        for conf in self.pdf_confs.lock().unwrap().drain(..) {
            let _ = fs::remove_file(conf);
        }
    }
}
