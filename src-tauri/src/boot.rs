//! The app info (staff, station, locale, demo) handed to the page as it opens, in an initialization script that
//! runs before the page's own scripts: the sign-in screen draws at once instead of after a first IPC round trip,
//! which at start-up waits behind everything else the UI thread does. The page takes it once, and only while it is
//! fresh (`takeInjectedAppInfo` in ui/src/lib/ipc.ts); a page loaded again later asks through IPC as usual.

use crate::dto::BootData;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// The global the script defines (read and deleted by the page).
pub const GLOBAL: &str = "__STOREDESK_BOOT__";

/// The initialization script for the main window.
pub fn script(state: &AppState) -> AppResult<String> {
    let created_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default();
    let data = BootData {
        created_ms,
        info: crate::commands::session::app_info(state)?,
    };
    script_for(&data)
}

/// The script that defines [`GLOBAL`] as `data` (JSON is a JavaScript expression).
pub fn script_for(data: &BootData) -> AppResult<String> {
    let json = serde_json::to_string(data)
        .map_err(|e| AppError::internal(format!("the start-up data: {e}")))?;
    Ok(format!(
        "Object.defineProperty(window, '{GLOBAL}', {{ value: Object.freeze({json}), configurable: true }});"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dto::{AppInfo, Role, StaffSummary};

    #[test]
    fn the_script_defines_the_global_as_exactly_the_app_info() {
        let data = BootData {
            created_ms: 1_796_627_259_595,
            info: AppInfo {
                version: "0.1.0".into(),
                demo: true,
                oms_url: "http://127.0.0.1:1/".into(),
                station_name: "Kasa 1 \"ön\"".into(),
                locale: "tr".into(),
                time_zone: "Europe/Istanbul".into(),
                first_run: false,
                // Names that would break a careless splice into JavaScript.
                staff: vec![StaffSummary {
                    id: "s1".into(),
                    name: "Ayşe'); alert(1); ('\u{2028}</script>".into(),
                    role: Role::Staff,
                }],
                session: None,
            },
        };
        let script = script_for(&data).unwrap();
        let prefix = format!("Object.defineProperty(window, '{GLOBAL}', {{ value: Object.freeze(");
        let suffix = "), configurable: true });";
        assert!(script.starts_with(&prefix), "{script}");
        assert!(script.ends_with(suffix), "{script}");
        let json = &script[prefix.len()..script.len() - suffix.len()];
        let back: BootData = serde_json::from_str(json).unwrap();
        assert_eq!(back, data);
    }
}
