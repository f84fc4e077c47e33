//! What the real-window suites share (the E2E test and the startup benchmark): the repository and Cargo target
//! paths, free loopback ports, child processes killed with their process groups, tauri-driver and a private Xvfb.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// Cargo's target directory (`CARGO_TARGET_DIR` when set, else `target/` at the repository root).
pub fn target_dir() -> PathBuf {
    std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| repo_root().join("target"))
}

/// A free TCP port on 127.0.0.1.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// Processes a suite started; killed (with their process groups) when dropped, pass or fail.
#[derive(Default)]
pub struct Procs(Vec<Child>);

impl Procs {
    /// Start `cmd` in a process group of its own; returns its pid.
    pub fn spawn(&mut self, cmd: &mut Command) -> u32 {
        use std::os::unix::process::CommandExt;
        let child = cmd
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
        let pid = child.id();
        self.0.push(child);
        pid
    }
}

impl Drop for Procs {
    fn drop(&mut self) {
        // Last started first: tauri-driver (and the WebKitWebDriver and app in its group), then Xvfb.
        for child in self.0.iter_mut().rev() {
            let group = format!("-{}", child.id());
            let _ = Command::new("kill")
                .args(["-TERM", "--", &group])
                .stderr(Stdio::null())
                .status();
            let deadline = Instant::now() + Duration::from_secs(3);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = child.try_wait() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = Command::new("kill")
                .args(["-KILL", "--", &group])
                .stderr(Stdio::null())
                .status();
            let _ = child.wait();
        }
    }
}

/// tauri-driver from PATH, or where `cargo install` puts it.
pub fn tauri_driver() -> PathBuf {
    let on_path = std::env::var_os("PATH")
        .map(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join("tauri-driver"))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    on_path
        .into_iter()
        .chain(cargo_home.map(|c| c.join("bin/tauri-driver")))
        .find(|p| p.is_file())
        .expect("tauri-driver is not installed: run scripts/setup.sh (cargo install tauri-driver --version 2.0.5 --locked)")
}

/// Start an Xvfb (1280×800×24) on the first free display number from `first`; returns `:N` once it is up.
pub fn start_xvfb(procs: &mut Procs, first: u32) -> String {
    let n = (first..first + 300)
        .find(|n| {
            !Path::new(&format!("/tmp/.X{n}-lock")).exists()
                && !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
        })
        .expect("a free X display number");
    procs.spawn(
        Command::new("Xvfb")
            .args([
                &format!(":{n}"),
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null()),
    );
    let socket = format!("/tmp/.X11-unix/X{n}");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !Path::new(&socket).exists() {
        assert!(Instant::now() < deadline, "Xvfb :{n} did not come up");
        std::thread::sleep(Duration::from_millis(50));
    }
    format!(":{n}")
}

/// The W3C WebDriver key of an element reference in JSON.
pub const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// The elements matching `css` in WebDriver session `session` at `base` (none when the driver does not answer).
pub async fn find_elements(
    http: &reqwest::Client,
    base: &str,
    session: &str,
    css: &str,
) -> Vec<String> {
    let url = format!("{base}/session/{session}/elements");
    let Ok(resp) = http
        .post(&url)
        .json(&json!({"using": "css selector", "value": css}))
        .send()
        .await
    else {
        return vec![];
    };
    let v: Value = resp.json().await.unwrap_or(Value::Null);
    v["value"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|e| e[ELEMENT].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// An element's rendered text (`None` when the driver does not answer or the element is gone).
pub async fn element_text(
    http: &reqwest::Client,
    base: &str,
    session: &str,
    el: &str,
) -> Option<String> {
    let url = format!("{base}/session/{session}/element/{el}/text");
    let resp = http.get(&url).send().await.ok()?;
    if !resp.status().is_success() {
        return None;
    }
    let v: Value = resp.json().await.ok()?;
    v["value"].as_str().map(str::to_string)
}
