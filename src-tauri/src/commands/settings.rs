//! The settings screen. Reading needs a session; changing needs a manager.

use crate::dto::Settings;
use crate::error::{AppError, AppResult};
use crate::settings::StoredSettings;
use crate::state::AppState;

/// The station's settings, and whether an OMS token is stored (never the token).
pub fn settings_get(state: &AppState) -> AppResult<Settings> {
    state.require_session()?;
    Ok(state.settings().to_dto(state.token_set()?))
}

/// Validate, save and apply new settings; `token`, when given, replaces the stored OMS token.
pub async fn settings_set(
    state: &AppState,
    settings: &Settings,
    token: Option<&str>,
) -> AppResult<()> {
    let member = state.require_manager("change the settings")?;
    let mut validated = StoredSettings::validate(settings)?;
    let token = token.map(str::trim).filter(|t| !t.is_empty());
    let before = state.settings();
    validated.printing = before.printing.clone();
    let detail = serde_json::json!({
        "oms_url": validated.oms_url,
        "store_code": validated.store_code,
        "demo": validated.demo,
        "changed_from_demo": before.demo != validated.demo,
        "token_replaced": token.is_some(),
    });
    let actor = state.actor(&member);
    state.apply_settings(validated, token).await?;
    state
        .lock_store()
        .append_audit(state.now(), &actor, None, "settings_changed", &detail)
        .map_err(AppError::from)
}
