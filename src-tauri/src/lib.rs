//! Storedesk's desktop app: the Tauri 2 shell around the core crates.
//!
//! - [`run`] builds the app: single instance (a second start focuses the open window), remembered window size and
//!   position, desktop notifications, logs to a daily file ([`logging`]), and the [`state::AppState`] with the
//!   sync engine started in `setup`.
//! - [`commands`] holds the handlers (plain functions, tested without a window); [`ipc`] the Tauri commands that
//!   wrap them; [`dto`] the shapes that cross IPC, from which [`bindings`] generates the UI's TypeScript types.
//! - [`error::AppError`] is what a failed command returns: `{code, message}`.
//! - Demo mode (no OMS set up, `STOREDESK_DEMO=1`, or the setting) starts the embedded OMS simulator on a
//!   loopback port with a generated store and demo staff; see [`settings`] for every switch.

pub mod background;
pub mod bindings;
pub mod commands;
pub mod dto;
pub mod error;
pub mod events;
pub mod ipc;
pub mod logging;
pub mod memory;
pub mod printing;
pub mod secrets;
pub mod settings;
pub mod state;

use std::sync::Arc;

use tauri::Manager;

use crate::events::TauriSink;
use crate::secrets::TokenStore;
use crate::settings::EnvOverrides;
use crate::state::{AppState, DataLock, DemoOptions, Paths, StartOptions};

/// Keeps the log writer alive while the app runs.
struct LogGuard(#[allow(dead_code)] Option<tracing_appender::non_blocking::WorkerGuard>);

/// Bring the main window to the front (a second start of the app lands here).
fn focus_main<R: tauri::Runtime>(app: &tauri::AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// The station's directories: the OS's app directories, or all under `STOREDESK_DATA_DIR`.
fn paths(app: &tauri::App, env: &EnvOverrides) -> Result<Paths, tauri::Error> {
    if let Some(dir) = &env.data_dir {
        return Ok(Paths::under(dir));
    }
    let resolver = app.path();
    Ok(Paths {
        data_dir: resolver.app_data_dir()?,
        config_dir: resolver.app_config_dir()?,
        log_dir: resolver.app_log_dir()?,
    })
}

fn setup(app: &mut tauri::App, env: EnvOverrides) -> Result<(), Box<dyn std::error::Error>> {
    let paths = paths(app, &env)?;
    let guard = logging::init(&paths.log_dir);
    app.manage(LogGuard(guard));
    let lock = match DataLock::acquire(&paths) {
        Ok(lock) => lock,
        Err(e) if e.code == "already_running" => {
            // The single-instance plugin has already asked the running one to come to the front, where it can.
            tracing::warn!(data = %paths.data_dir.display(), "another Storedesk holds this station's data; exiting");
            eprintln!("{}", e.message);
            std::process::exit(0);
        }
        Err(e) => return Err(e.message.into()),
    };
    app.manage(lock);
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        identifier = %app.config().identifier,
        data = %paths.data_dir.display(),
        "Storedesk starting"
    );
    let options = StartOptions {
        tokens: TokenStore::new(&app.config().identifier, &paths.config_dir),
        paths,
        env,
        events: Arc::new(TauriSink {
            app: app.handle().clone(),
        }),
        printing: storedesk_printing::Printing::default(),
        staff: storedesk_staff::Staff::default(),
        demo: DemoOptions::default(),
        clock: Arc::new(chrono::Utc::now),
    };
    let state = tauri::async_runtime::block_on(AppState::start(options))
        .map_err(|e| format!("Storedesk could not start: {}", e.message))?;
    if state.is_demo()
        && let Some(window) = app.get_webview_window("main")
    {
        let _ = window.set_title("Storedesk — DEMO (embedded OMS simulator)");
    }
    app.manage(state);
    Ok(())
}

/// Run the app until its window closes.
pub fn run() {
    memory::tune_allocator();
    let env = EnvOverrides::from_env();
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            focus_main(app)
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_notification::init())
        .invoke_handler(ipc::handler())
        .setup(move |app| setup(app, env))
        .build(tauri::generate_context!());
    let app = match app {
        Ok(app) => app,
        Err(e) => {
            tracing::error!(error = %e, "Storedesk could not start");
            eprintln!("Storedesk could not start: {e}");
            std::process::exit(1);
        }
    };
    app.run(|handle, event| {
        if let tauri::RunEvent::Exit = event
            && let Some(state) = handle.try_state::<AppState>()
        {
            tracing::info!("Storedesk stopping");
            tauri::async_runtime::block_on(state.shutdown());
        }
    });
}
