//! The Tauri commands: one thin wrapper per handler in [`crate::commands`], run off the UI thread. Argument names
//! are the IPC contract (Tauri 2 maps `staffId` on the JS side to `staff_id` here).
//!
//! [`COMMANDS`] lists them for the capability check; `src-tauri/build.rs` declares the same list to tauri-build
//! (a test keeps the two, [`handler`] and `src-tauri/capabilities/default.json` in step).

use storedesk_domain::{Command, LabelFormat, Reason};
use tauri::State;

use crate::commands;
use crate::commands::printing::{
    PrintOutcome, PrintRecord, PrintRequest, PrinterCheck, PrinterQueue, PrinterRole,
};
use crate::dto::{
    AppInfo, InboxPage, InboxQuery, LabelDocument, ManagerOverview, ParkedEntry, Role, Session,
    Settings, SignedIn, StaffSummary, SyncStatus, WorkOrderDetail,
};
use crate::error::{AppError, AppResult};
use crate::printing::PrintSettings;
use crate::state::AppState;

/// Every command name, as the UI invokes it.
pub const COMMANDS: &[&str] = &[
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

/// The invoke handler with every command.
pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static
{
    tauri::generate_handler![
        app_info,
        staff_list,
        staff_bootstrap,
        sign_in,
        pin_typed,
        sign_out,
        current_session,
        inbox,
        work_order,
        act,
        scan_pick,
        find_by_scan,
        reasons,
        sync_status,
        sync_now,
        parked_list,
        retry_parked,
        discard_parked,
        label,
        print_settings_get,
        print_settings_set,
        printers_discover,
        printer_check,
        print_test,
        print_document,
        document_preview,
        print_history,
        void_label,
        print_pick_list,
        manager_overview,
        claim,
        release,
        settings_get,
        settings_set,
        staff_add,
        staff_reset_pin,
    ]
}

/// Run a (blocking: SQLite, Argon2) handler on the blocking pool.
async fn blocking<T, F>(state: &AppState, f: F) -> AppResult<T>
where
    T: Send + 'static,
    F: FnOnce(&AppState) -> AppResult<T> + Send + 'static,
{
    let state = state.clone();
    let asked = std::time::Instant::now();
    tauri::async_runtime::spawn_blocking(move || {
        let started = std::time::Instant::now();
        let result = f(&state);
        // The handler's type name is its path (`…::commands::inbox::inbox`, or the closure in the command).
        let ran = started.elapsed();
        let waited = started.duration_since(asked);
        if ran + waited > std::time::Duration::from_millis(250) {
            tracing::info!(
                handler = std::any::type_name::<F>(),
                waited_ms = waited.as_millis() as u64,
                ran_ms = ran.as_millis() as u64,
                "slow command"
            );
        } else {
            tracing::debug!(
                handler = std::any::type_name::<F>(),
                waited_us = waited.as_micros() as u64,
                ran_us = ran.as_micros() as u64,
                "command"
            );
        }
        crate::memory::trim_when_quiet(state.shared_store());
        result
    })
    .await
    .map_err(AppError::internal)?
}

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> AppResult<AppInfo> {
    blocking(&state, commands::session::app_info).await
}

#[tauri::command]
pub async fn staff_list(state: State<'_, AppState>) -> AppResult<Vec<StaffSummary>> {
    blocking(&state, commands::session::staff_list).await
}

#[tauri::command]
pub async fn staff_bootstrap(
    state: State<'_, AppState>,
    name: String,
    pin: String,
) -> AppResult<Session> {
    blocking(&state, move |s| {
        commands::session::staff_bootstrap(s, &name, &pin)
    })
    .await
}

#[tauri::command]
pub async fn sign_in(
    state: State<'_, AppState>,
    staff_id: String,
    pin: String,
    inbox: Option<InboxQuery>,
) -> AppResult<SignedIn> {
    blocking(&state, move |s| {
        commands::session::sign_in_to_inbox(s, &staff_id, &pin, inbox.as_ref())
    })
    .await
}

#[tauri::command]
pub async fn pin_typed(state: State<'_, AppState>, staff_id: String, pin: String) -> AppResult<()> {
    blocking(&state, move |s| {
        commands::session::pin_typed(s, &staff_id, &pin)
    })
    .await
}

#[tauri::command]
pub async fn sign_out(state: State<'_, AppState>) -> AppResult<()> {
    blocking(&state, commands::session::sign_out).await
}

#[tauri::command]
pub async fn current_session(state: State<'_, AppState>) -> AppResult<Option<Session>> {
    blocking(&state, commands::session::current_session).await
}

#[tauri::command]
pub async fn inbox(state: State<'_, AppState>, query: InboxQuery) -> AppResult<InboxPage> {
    blocking(&state, move |s| commands::inbox::inbox(s, &query)).await
}

#[tauri::command]
pub async fn work_order(state: State<'_, AppState>, id: String) -> AppResult<WorkOrderDetail> {
    blocking(&state, move |s| commands::order::work_order(s, &id)).await
}

#[tauri::command]
pub async fn act(
    state: State<'_, AppState>,
    id: String,
    command: Command,
) -> AppResult<WorkOrderDetail> {
    blocking(&state, move |s| commands::order::act(s, &id, command)).await
}

#[tauri::command]
pub async fn scan_pick(
    state: State<'_, AppState>,
    id: String,
    code: String,
) -> AppResult<WorkOrderDetail> {
    blocking(&state, move |s| commands::order::scan_pick(s, &id, &code)).await
}

#[tauri::command]
pub async fn find_by_scan(state: State<'_, AppState>, code: String) -> AppResult<Option<String>> {
    blocking(&state, move |s| commands::inbox::find_by_scan(s, &code)).await
}

#[tauri::command]
pub async fn reasons(state: State<'_, AppState>) -> AppResult<Vec<Reason>> {
    blocking(&state, commands::inbox::reasons).await
}

#[tauri::command]
pub async fn sync_status(state: State<'_, AppState>) -> AppResult<SyncStatus> {
    blocking(&state, commands::sync::sync_status).await
}

#[tauri::command]
pub async fn sync_now(state: State<'_, AppState>) -> AppResult<()> {
    blocking(&state, commands::sync::sync_now).await
}

#[tauri::command]
pub async fn parked_list(state: State<'_, AppState>) -> AppResult<Vec<ParkedEntry>> {
    blocking(&state, commands::sync::parked_list).await
}

#[tauri::command]
pub async fn retry_parked(state: State<'_, AppState>, command_id: String) -> AppResult<()> {
    blocking(&state, move |s| {
        commands::sync::retry_parked(s, &command_id)
    })
    .await
}

#[tauri::command]
pub async fn discard_parked(state: State<'_, AppState>, command_id: String) -> AppResult<()> {
    blocking(&state, move |s| {
        commands::sync::discard_parked(s, &command_id)
    })
    .await
}

#[tauri::command]
pub async fn label(
    state: State<'_, AppState>,
    id: String,
    parcel_ref: String,
    format: LabelFormat,
) -> AppResult<LabelDocument> {
    commands::labels::label(&state, &id, &parcel_ref, format).await
}

#[tauri::command]
pub async fn print_settings_get(state: State<'_, AppState>) -> AppResult<PrintSettings> {
    blocking(&state, commands::printing::print_settings_get).await
}

#[tauri::command]
pub async fn print_settings_set(
    state: State<'_, AppState>,
    settings: PrintSettings,
) -> AppResult<()> {
    blocking(&state, move |s| {
        commands::printing::print_settings_set(s, &settings)
    })
    .await
}

#[tauri::command]
pub async fn printers_discover(
    state: State<'_, AppState>,
    server: Option<String>,
) -> AppResult<Vec<PrinterQueue>> {
    blocking(&state, move |s| {
        commands::printing::printers_discover(s, server.as_deref())
    })
    .await
}

#[tauri::command]
pub async fn printer_check(
    state: State<'_, AppState>,
    role: PrinterRole,
) -> AppResult<PrinterCheck> {
    blocking(&state, move |s| commands::printing::printer_check(s, role)).await
}

#[tauri::command]
pub async fn print_test(state: State<'_, AppState>, role: PrinterRole) -> AppResult<PrintOutcome> {
    blocking(&state, move |s| commands::printing::print_test(s, role)).await
}

#[tauri::command]
pub async fn print_document(
    state: State<'_, AppState>,
    id: String,
    request: PrintRequest,
) -> AppResult<PrintOutcome> {
    commands::printing::print_document(&state, &id, &request).await
}

#[tauri::command]
pub async fn document_preview(
    state: State<'_, AppState>,
    id: String,
    request: PrintRequest,
) -> AppResult<LabelDocument> {
    commands::printing::document_preview(&state, &id, &request).await
}

#[tauri::command]
pub async fn print_history(state: State<'_, AppState>, id: String) -> AppResult<Vec<PrintRecord>> {
    blocking(&state, move |s| commands::printing::print_history(s, &id)).await
}

#[tauri::command]
pub async fn void_label(
    state: State<'_, AppState>,
    id: String,
    parcel_ref: String,
    reason: String,
) -> AppResult<()> {
    blocking(&state, move |s| {
        commands::printing::void_label(s, &id, &parcel_ref, &reason)
    })
    .await
}

#[tauri::command]
pub async fn print_pick_list(
    state: State<'_, AppState>,
    ids: Vec<String>,
) -> AppResult<PrintOutcome> {
    commands::printing::print_pick_list(&state, &ids).await
}

#[tauri::command]
pub async fn manager_overview(state: State<'_, AppState>) -> AppResult<ManagerOverview> {
    blocking(&state, commands::manager::manager_overview).await
}

#[tauri::command]
pub async fn claim(state: State<'_, AppState>, id: String) -> AppResult<()> {
    blocking(&state, move |s| commands::order::claim(s, &id)).await
}

#[tauri::command]
pub async fn release(state: State<'_, AppState>, id: String) -> AppResult<()> {
    blocking(&state, move |s| commands::order::release(s, &id)).await
}

#[tauri::command]
pub async fn settings_get(state: State<'_, AppState>) -> AppResult<Settings> {
    blocking(&state, commands::settings::settings_get).await
}

#[tauri::command]
pub async fn settings_set(
    state: State<'_, AppState>,
    settings: Settings,
    token: Option<String>,
) -> AppResult<()> {
    commands::settings::settings_set(&state, &settings, token.as_deref()).await
}

#[tauri::command]
pub async fn staff_add(
    state: State<'_, AppState>,
    name: String,
    role: Role,
    pin: String,
) -> AppResult<()> {
    blocking(&state, move |s| {
        commands::manager::staff_add(s, &name, role, &pin)
    })
    .await
}

#[tauri::command]
pub async fn staff_reset_pin(
    state: State<'_, AppState>,
    staff_id: String,
    pin: String,
) -> AppResult<()> {
    blocking(&state, move |s| {
        commands::manager::staff_reset_pin(s, &staff_id, &pin)
    })
    .await
}
