//! Build script of the desktop app: checks that the UI is built, then runs tauri-build with the app's commands
//! declared, so that the capability in `src-tauri/capabilities/` must grant each one explicitly.

use std::path::PathBuf;

/// Every IPC command of the app, as registered in `src-tauri/src/ipc.rs` (a test checks the two lists agree).
const COMMANDS: &[&str] = &[
    "app_info",
    "staff_list",
    "staff_bootstrap",
    "sign_in",
    "pin_typed",
    "sign_out",
    "current_session",
    "inbox",
    "work_order",
    "act",
    "scan_pick",
    "find_by_scan",
    "reasons",
    "sync_status",
    "sync_now",
    "parked_list",
    "retry_parked",
    "discard_parked",
    "label",
    "print_settings_get",
    "print_settings_set",
    "printers_discover",
    "printer_check",
    "print_test",
    "print_document",
    "document_preview",
    "print_history",
    "void_label",
    "print_pick_list",
    "manager_overview",
    "claim",
    "release",
    "settings_get",
    "settings_set",
    "staff_add",
    "staff_reset_pin",
];

/// The frontend directory: `build.frontendDist` of a `TAURI_CONFIG` override (JSON merged into tauri.conf.json
/// by tauri-build), else `ui/dist`.
fn frontend_dist() -> PathBuf {
    std::env::var("TAURI_CONFIG")
        .ok()
        .and_then(|json| serde_json::from_str::<serde_json::Value>(&json).ok())
        .and_then(|config| {
            config
                .pointer("/build/frontendDist")
                .and_then(|v| v.as_str())
                .map(PathBuf::from)
        })
        .unwrap_or_else(|| PathBuf::from("ui/dist"))
}

fn main() {
    // The window's pages are embedded from the frontend directory at compile time.
    println!("cargo:rerun-if-env-changed=TAURI_CONFIG");
    let dist = frontend_dist();
    println!("cargo:rerun-if-changed={}", dist.display());
    if !dist.join("index.html").exists() {
        eprintln!(
            "\nerror: the desktop UI is not built: {}/index.html is missing.\n\
             The app embeds the UI at compile time. Build it first:\n\n    \
             npm --prefix ui ci && npm --prefix ui run build\n\n\
             (scripts/build-ui.sh and scripts/test.sh do this for you.)\n",
            dist.display()
        );
        std::process::exit(1);
    }
    pack_relative_relocations();
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attributes) {
        eprintln!("error: tauri-build failed: {e:#}");
        std::process::exit(1);
    }
}

/// On Linux with glibc, link the app's binaries with packed relative relocations (`DT_RELR`, glibc ≥ 2.36 and
/// GNU ld ≥ 2.38 — Debian 12 has both). A position-independent executable carries one relocation per pointer in
/// its read-only data; unpacked, the loader reads ≈ 2.4 MiB of them at every start and the pages stay in memory.
/// Packed, they take a few KiB. The binary stays position-independent (ASLR unchanged).
fn pack_relative_relocations() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}
