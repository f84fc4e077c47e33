//! The station's settings: a small JSON file in the app's config directory (`settings.json`), validated on every
//! change. The OMS API token is *not* here (see [`crate::secrets`]), nor in SQLite or the logs.
//!
//! Environment variables, read at start-up, override the file without changing it:
//!
//! | variable | effect |
//! |---|---|
//! | `STOREDESK_DEMO=1` | demo mode: the embedded OMS simulator, a fresh demo database, demo staff |
//! | `STOREDESK_DEMO_OMS_URL` | demo mode against an already running simulator (tests that stop and restart it) |
//! | `STOREDESK_OMS_URL`, `STOREDESK_STORE_CODE`, `STOREDESK_OMS_TOKEN` | a provisioned OMS (kiosk images, tests) |
//! | `STOREDESK_DATA_DIR` | keep data, settings and logs under this directory instead of the OS defaults |

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::dto::Settings;
use crate::error::{AppError, AppResult};
use crate::printing::PrintSettings;

/// The store of the demo simulator.
pub const DEMO_STORE: &str = "IST-01";

/// Pull interval bounds, seconds.
pub const POLL_SECS: std::ops::RangeInclusive<u32> = 2..=300;
/// Idle sign-out bounds, seconds (0 = never).
pub const IDLE_SECS: std::ops::RangeInclusive<u32> = 30..=86_400;

/// Settings as stored in `settings.json`. Unknown keys are ignored and missing ones take their defaults, so an
/// older or newer file still loads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StoredSettings {
    pub oms_url: String,
    pub store_code: String,
    pub poll_interval_secs: u32,
    pub station_name: String,
    pub locale: String,
    pub time_zone: String,
    pub idle_timeout_secs: u32,
    pub staff_may_enter_quantities: bool,
    pub demo: bool,
    /// Printers and what goes on printed documents (see [`crate::printing`]).
    pub printing: PrintSettings,
}

impl Default for StoredSettings {
    fn default() -> Self {
        StoredSettings {
            oms_url: String::new(),
            store_code: String::new(),
            poll_interval_secs: 15,
            station_name: "counter-1".into(),
            locale: "en".into(),
            time_zone: "UTC".into(),
            idle_timeout_secs: 300,
            staff_may_enter_quantities: false,
            demo: false,
            printing: PrintSettings::default(),
        }
    }
}

impl StoredSettings {
    /// Defaults for a first demo run: the simulator's store is in Istanbul.
    pub fn demo_defaults() -> Self {
        StoredSettings {
            store_code: DEMO_STORE.into(),
            poll_interval_secs: 5,
            station_name: "demo-counter".into(),
            time_zone: "Europe/Istanbul".into(),
            demo: true,
            printing: demo_printing(),
            ..StoredSettings::default()
        }
    }

    /// The settings file's contents; defaults when there is none. A file that cannot be read is kept aside
    /// (`settings.json.unreadable`) and the defaults are used, so a damaged file never stops the station.
    pub fn load(path: &Path) -> StoredSettings {
        match std::fs::read(path) {
            Ok(bytes) => match serde_json::from_slice(&bytes) {
                Ok(s) => s,
                Err(e) => {
                    let aside = path.with_extension("json.unreadable");
                    tracing::warn!(error = %e, aside = %aside.display(), "settings file unreadable; using defaults");
                    let _ = std::fs::rename(path, aside);
                    StoredSettings::default()
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => StoredSettings::default(),
            Err(e) => {
                tracing::warn!(error = %e, "settings file cannot be read; using defaults");
                StoredSettings::default()
            }
        }
    }

    /// Whether a settings file exists at `path`.
    pub fn exists(path: &Path) -> bool {
        path.exists()
    }

    /// Write atomically (a temporary file, then a rename).
    pub fn save(&self, path: &Path) -> AppResult<()> {
        let write = || -> std::io::Result<()> {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let tmp = path.with_extension("json.tmp");
            let json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
            std::fs::write(&tmp, json)?;
            std::fs::rename(&tmp, path)
        };
        write().map_err(|e| {
            AppError::new(
                "settings_not_saved",
                format!("the settings could not be saved ({e}); nothing was changed"),
            )
        })
    }

    /// The IPC shape, with whether a token is stored.
    pub fn to_dto(&self, token_set: bool) -> Settings {
        Settings {
            oms_url: self.oms_url.clone(),
            store_code: self.store_code.clone(),
            poll_interval_secs: self.poll_interval_secs,
            station_name: self.station_name.clone(),
            locale: self.locale.clone(),
            time_zone: self.time_zone.clone(),
            idle_timeout_secs: self.idle_timeout_secs,
            staff_may_enter_quantities: self.staff_may_enter_quantities,
            demo: self.demo,
            token_set,
        }
    }

    /// Check settings sent by the settings screen. `token_set` is ignored (the token is set separately); the
    /// printing settings are not part of that screen and come back as defaults (the caller keeps the current ones).
    pub fn validate(s: &Settings) -> AppResult<StoredSettings> {
        let bad = |m: String| Err(AppError::new("invalid_settings", m));
        let oms_url = s.oms_url.trim().to_string();
        if !oms_url.is_empty() {
            match url::Url::parse(&oms_url) {
                Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => {}
                _ => {
                    return bad(format!(
                        "the OMS URL {oms_url:?} is not a web address: it starts with https://"
                    ));
                }
            }
        }
        let store_code = s.store_code.trim().to_string();
        if !s.demo && !oms_url.is_empty() && store_code.is_empty() {
            return bad("enter this store's code (its stock-location code in the OMS)".into());
        }
        if store_code.len() > 64 || store_code.chars().any(char::is_whitespace) {
            return bad(format!("the store code {store_code:?} must be one word"));
        }
        if !POLL_SECS.contains(&s.poll_interval_secs) {
            return bad(format!(
                "the sync interval must be between {} and {} seconds",
                POLL_SECS.start(),
                POLL_SECS.end()
            ));
        }
        let station_name = s.station_name.trim().to_string();
        if station_name.is_empty() || station_name.chars().count() > 60 {
            return bad("the station name must be 1 to 60 characters".into());
        }
        let locale = s.locale.trim().to_string();
        if locale.is_empty()
            || locale.len() > 35
            || !locale
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return bad(format!(
                "{locale:?} is not a language tag (e.g. en, tr, pt-BR)"
            ));
        }
        let time_zone = s.time_zone.trim().to_string();
        if time_zone.parse::<chrono_tz::Tz>().is_err() {
            return bad(format!(
                "{time_zone:?} is not a time zone (e.g. Europe/Istanbul)"
            ));
        }
        if s.idle_timeout_secs != 0 && !IDLE_SECS.contains(&s.idle_timeout_secs) {
            return bad(format!(
                "the idle sign-out must be 0 (never) or between {} seconds and {} hours",
                IDLE_SECS.start(),
                IDLE_SECS.end() / 3600
            ));
        }
        Ok(StoredSettings {
            oms_url,
            store_code,
            poll_interval_secs: s.poll_interval_secs,
            station_name,
            locale,
            time_zone,
            idle_timeout_secs: s.idle_timeout_secs,
            staff_may_enter_quantities: s.staff_may_enter_quantities,
            demo: s.demo,
            printing: PrintSettings::default(),
        })
    }

    /// The store's time zone (UTC if the stored name is unknown).
    pub fn tz(&self) -> chrono_tz::Tz {
        self.time_zone.parse().unwrap_or(chrono_tz::UTC)
    }
}

/// The demo store's documents: its name and address as the simulator knows them, documents to the PC's default
/// printer; no label printer until one is chosen.
fn demo_printing() -> PrintSettings {
    let location = storedesk_oms_sim::store_location(DEMO_STORE);
    PrintSettings {
        store_name: location.name.clone(),
        sender: location.address.map(|a| storedesk_domain::Address {
            name: a.name,
            line1: a.line1,
            line2: a.line2,
            postal_code: a.postal_code,
            city: a.city,
            region: a.region,
            country: a.country,
        }),
        ..PrintSettings::default()
    }
}

/// Start-up overrides from the environment (see the module docs).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnvOverrides {
    pub demo: bool,
    pub demo_oms_url: Option<String>,
    pub oms_url: Option<String>,
    pub store_code: Option<String>,
    pub oms_token: Option<String>,
    pub data_dir: Option<PathBuf>,
}

impl EnvOverrides {
    pub fn from_env() -> EnvOverrides {
        let var = |k: &str| {
            std::env::var(k)
                .ok()
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        EnvOverrides {
            demo: matches!(var("STOREDESK_DEMO").as_deref(), Some("1" | "true" | "yes")),
            demo_oms_url: var("STOREDESK_DEMO_OMS_URL"),
            oms_url: var("STOREDESK_OMS_URL"),
            store_code: var("STOREDESK_STORE_CODE"),
            oms_token: var("STOREDESK_OMS_TOKEN"),
            data_dir: var("STOREDESK_DATA_DIR").map(PathBuf::from),
        }
    }

    /// Whether the station runs the demo: asked for in the settings or the environment, or no OMS set up at all.
    pub fn is_demo(&self, settings: &StoredSettings) -> bool {
        self.demo
            || self.demo_oms_url.is_some()
            || (settings.demo && self.oms_url.is_none())
            || (settings.oms_url.is_empty() && self.oms_url.is_none())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dto() -> Settings {
        StoredSettings::default().to_dto(false)
    }

    #[test]
    fn defaults_are_valid_and_round_trip() {
        let s = StoredSettings::validate(&dto()).unwrap();
        assert_eq!(s, StoredSettings::default());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        assert_eq!(StoredSettings::load(&path), StoredSettings::default());
        let mut custom = StoredSettings::demo_defaults();
        custom.locale = "pt-BR".into();
        custom.save(&path).unwrap();
        assert_eq!(StoredSettings::load(&path), custom);
        std::fs::write(&path, b"{not json").unwrap();
        assert_eq!(StoredSettings::load(&path), StoredSettings::default());
        assert!(dir.path().join("settings.json.unreadable").exists());
    }

    #[test]
    fn bad_values_are_refused_with_a_reason() {
        type Change = Box<dyn Fn(&mut Settings)>;
        let cases: Vec<(Change, &str)> = vec![
            (Box::new(|s| s.oms_url = "ftp://x".into()), "web address"),
            (
                Box::new(|s| s.oms_url = "https://oms.example".into()),
                "store's code",
            ),
            (Box::new(|s| s.poll_interval_secs = 0), "sync interval"),
            (Box::new(|s| s.station_name = " ".into()), "station name"),
            (Box::new(|s| s.locale = "en US".into()), "language tag"),
            (
                Box::new(|s| s.time_zone = "Mars/Olympus".into()),
                "time zone",
            ),
            (Box::new(|s| s.idle_timeout_secs = 5), "idle sign-out"),
        ];
        for (change, expected) in cases {
            let mut s = dto();
            change(&mut s);
            let err = StoredSettings::validate(&s).unwrap_err();
            assert_eq!(err.code, "invalid_settings");
            assert!(err.message.contains(expected), "{}", err.message);
        }
        let mut ok = dto();
        ok.oms_url = " https://oms.example/api ".into();
        ok.store_code = "IST-01".into();
        ok.idle_timeout_secs = 0;
        let s = StoredSettings::validate(&ok).unwrap();
        assert_eq!(s.oms_url, "https://oms.example/api");
    }

    #[test]
    fn demo_when_asked_or_when_nothing_is_set_up() {
        let none = EnvOverrides::default();
        let mut s = StoredSettings::default();
        assert!(none.is_demo(&s), "no OMS configured");
        s.oms_url = "https://oms.example".into();
        assert!(!none.is_demo(&s));
        s.demo = true;
        assert!(none.is_demo(&s));
        let forced = EnvOverrides {
            oms_url: Some("http://127.0.0.1:9".into()),
            ..EnvOverrides::default()
        };
        assert!(
            !forced.is_demo(&s),
            "a provisioned OMS wins over the demo flag"
        );
        let demo = EnvOverrides {
            demo: true,
            ..EnvOverrides::default()
        };
        s.demo = false;
        assert!(demo.is_demo(&s));
    }
}
