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

use crate::error::AppError;
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

/// The station as it comes out of start-up: logging on, its data locked, its state (database, sync engine) ready.
struct Station {
    log: LogGuard,
    lock: DataLock,
    state: AppState,
}

/// Start the station: logs, the data lock, the database and the sync engine.
///
/// It runs on a thread of its own while Tauri builds the app and its window. In `setup` it would hold the main
/// loop — and with it the web view's start and the page's load — for the 10–20 ms it takes.
fn start_station(
    identifier: &str,
    env: EnvOverrides,
    events: Arc<TauriSink>,
) -> Result<Station, AppError> {
    let paths = match &env.data_dir {
        Some(dir) => Paths::under(dir),
        None => Paths::for_app(identifier).ok_or_else(|| {
            AppError::new(
                "data_dir_unusable",
                "this computer has no home folder to keep the station's data in",
            )
        })?,
    };
    let log = LogGuard(logging::init(&paths.log_dir));
    let lock = DataLock::acquire(&paths)?;
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        identifier,
        data = %paths.data_dir.display(),
        "Storedesk starting"
    );
    let options = StartOptions {
        tokens: TokenStore::new(identifier, &paths.config_dir),
        paths,
        env,
        events,
        printing: storedesk_printing::Printing::default(),
        staff: storedesk_staff::Staff::default(),
        demo: DemoOptions::default(),
        clock: Arc::new(chrono::Utc::now),
        first_pull_after: state::FIRST_PULL_AFTER,
    };
    let state = tauri::async_runtime::block_on(AppState::start(options))?;
    Ok(Station { log, lock, state })
}

fn setup(
    app: &mut tauri::App,
    station: std::thread::JoinHandle<Result<Station, AppError>>,
    events: Arc<TauriSink>,
) -> Result<(), Box<dyn std::error::Error>> {
    events.attach(app.handle().clone());
    let station = station
        .join()
        .map_err(|_| "Storedesk could not start: its start-up thread failed")?;
    let station = match station {
        Ok(station) => station,
        Err(e) if e.code == "already_running" => {
            // The single-instance plugin has already asked the running one to come to the front, where it can.
            tracing::warn!("another Storedesk holds this station's data; exiting");
            eprintln!("{}", e.message);
            std::process::exit(0);
        }
        Err(e) => return Err(format!("Storedesk could not start: {}", e.message).into()),
    };
    if station.state.is_demo()
        && let Some(window) = app.get_webview_window("main")
    {
        let _ = window.set_title("Storedesk — DEMO (embedded OMS simulator)");
    }
    app.manage(station.log);
    app.manage(station.lock);
    app.manage(station.state);
    Ok(())
}

/// Run the app until its window closes.
pub fn run() {
    memory::tune_allocator();
    memory::tune_web_process();
    let context = tauri::generate_context!();
    let events = Arc::new(TauriSink::new());
    let station = {
        let identifier = context.config().identifier.clone();
        let env = EnvOverrides::from_env();
        let events = events.clone();
        std::thread::Builder::new()
            .name("storedesk-start".into())
            .spawn(move || start_station(&identifier, env, events))
    };
    let station = match station {
        Ok(handle) => handle,
        Err(e) => {
            eprintln!("Storedesk could not start: {e}");
            std::process::exit(1);
        }
    };
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            focus_main(app)
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_notification::init())
        .invoke_handler(ipc::handler())
        .setup(move |app| setup(app, station, events))
        .build(context);
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
