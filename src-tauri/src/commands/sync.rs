//! Sync status, "sync now", and the parked actions.

use storedesk_store::OutboxEntry;

use crate::dto::{ParkedEntry, SyncStatus};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

use super::arg;
use super::order::changed;

/// Online or not, last sync, pending and parked counts. Without an OMS: offline, saying why. Not counted as
/// activity (screens refresh it on their own).
pub fn sync_status(state: &AppState) -> AppResult<SyncStatus> {
    state.require_session_passive()?;
    match state.engine() {
        Some(engine) => Ok(engine.status().into()),
        None => {
            let counts = state.lock_store().outbox_counts()?;
            Ok(SyncStatus {
                online: false,
                last_error: Some(AppError::not_configured().message),
                pending: counts.pending,
                parked: counts.parked,
                ..SyncStatus::default()
            })
        }
    }
}

/// Pull and push now instead of waiting for the timer.
pub fn sync_now(state: &AppState) -> AppResult<()> {
    state.require_session()?;
    let engine = state.engine().ok_or_else(AppError::not_configured)?;
    engine.request_pull();
    engine.request_push();
    Ok(())
}

/// Every action the OMS refused, oldest first. Not counted as activity.
pub fn parked_list(state: &AppState) -> AppResult<Vec<ParkedEntry>> {
    state.require_session_passive()?;
    Ok(state
        .lock_store()
        .parked()?
        .into_iter()
        .map(Into::into)
        .collect())
}

fn entry(state: &AppState, command_id: &str) -> AppResult<OutboxEntry> {
    Ok(state.lock_store().outbox_entry(command_id)?)
}

/// Put a parked action back in the queue (audited with who did it).
pub fn retry_parked(state: &AppState, command_id: &str) -> AppResult<()> {
    let member = state.require_session()?;
    let command_id = arg(command_id, "the action")?;
    let work_order_id = entry(state, command_id)?.work_order_id;
    state
        .lock_store()
        .retry_parked(command_id, &state.actor(&member), state.now())?;
    state.request_push();
    changed(state, &work_order_id);
    Ok(())
}

/// Give up a parked action: it is never sent and the order's view is rebuilt without it. Managers only.
pub fn discard_parked(state: &AppState, command_id: &str) -> AppResult<()> {
    let member = state.require_manager("discard a parked action")?;
    let command_id = arg(command_id, "the action")?;
    let view = state
        .lock_store()
        .discard_parked(command_id, &state.actor(&member), state.now())?;
    changed(state, &view.id);
    Ok(())
}
