//! Where the OMS API token is kept: the OS keychain when there is one, otherwise a file only the user can read.
//!
//! - Windows: Credential Manager; macOS: Keychain; Linux: the Secret Service (GNOME Keyring, KWallet) over D-Bus,
//!   through the `keyring` crate.
//! - **Fallback** (documented in the README): a store PC without a keychain service (a kiosk session, a headless
//!   Linux box) keeps the token in `oms-token` in the app's config directory, created with permissions `0600`.
//!   A keychain write is read back before it is trusted, because a Secret Service without an unlocked collection
//!   may accept a write and then return nothing.
//!
//! The token never goes to SQLite, the settings file, the logs or the UI (the UI only learns whether one is set).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{AppError, AppResult};

/// Name of the fallback file in the config directory.
pub const FALLBACK_FILE: &str = "oms-token";

/// Where a token ended up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenLocation {
    Keychain,
    File,
}

/// Reads and writes the OMS API token.
#[derive(Debug, Clone)]
pub struct TokenStore {
    /// Keychain service name (the app identifier, so test builds never see a real token).
    service: String,
    use_keychain: bool,
    fallback: PathBuf,
}

const ACCOUNT: &str = "oms-api-token";

impl TokenStore {
    /// Keychain first, then the file in `config_dir`.
    pub fn new(service: &str, config_dir: &Path) -> TokenStore {
        TokenStore {
            service: service.to_string(),
            use_keychain: true,
            fallback: config_dir.join(FALLBACK_FILE),
        }
    }

    /// The file only (tests, and stations where the keychain is known not to work).
    pub fn file_only(config_dir: &Path) -> TokenStore {
        TokenStore {
            service: String::new(),
            use_keychain: false,
            fallback: config_dir.join(FALLBACK_FILE),
        }
    }

    fn entry(&self) -> Option<keyring::Entry> {
        if !self.use_keychain {
            return None;
        }
        keyring::Entry::new(&self.service, ACCOUNT)
            .map_err(|e| tracing::info!(error = %e, "no OS keychain"))
            .ok()
    }

    /// The stored token, if any.
    pub fn get(&self) -> AppResult<Option<String>> {
        if let Some(entry) = self.entry() {
            match entry.get_password() {
                Ok(t) if !t.is_empty() => return Ok(Some(t)),
                Ok(_) | Err(keyring::Error::NoEntry) => {}
                Err(e) => tracing::info!(error = %e, "OS keychain not readable; trying the file"),
            }
        }
        match std::fs::read_to_string(&self.fallback) {
            Ok(t) => Ok(Some(t.trim().to_string()).filter(|t| !t.is_empty())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(AppError::new(
                "token_unreadable",
                format!("the stored OMS token cannot be read ({e}); enter it again in Settings"),
            )),
        }
    }

    /// Store `token`, replacing any earlier one.
    pub fn set(&self, token: &str) -> AppResult<TokenLocation> {
        let token = token.trim();
        if token.is_empty() || token.len() > 1024 || token.chars().any(char::is_control) {
            return Err(AppError::invalid(
                "the API token must be 1 to 1024 printable characters",
            ));
        }
        if let Some(entry) = self.entry() {
            let stored = entry
                .set_password(token)
                .and_then(|()| entry.get_password())
                .map(|back| back == token);
            match stored {
                Ok(true) => {
                    remove_file(&self.fallback);
                    tracing::info!("OMS token stored in the OS keychain");
                    return Ok(TokenLocation::Keychain);
                }
                Ok(false) => tracing::warn!("OS keychain returned another value; using the file"),
                Err(e) => {
                    tracing::warn!(error = %e, "OS keychain not usable; keeping the token in a 0600 file")
                }
            }
        }
        write_private(&self.fallback, token).map_err(|e| {
            AppError::new(
                "token_not_saved",
                format!("the OMS token could not be saved ({e}); nothing was changed"),
            )
        })?;
        Ok(TokenLocation::File)
    }

    /// Forget the token everywhere.
    pub fn clear(&self) {
        if let Some(entry) = self.entry() {
            let _ = entry.delete_credential();
        }
        remove_file(&self.fallback);
    }
}

fn remove_file(path: &Path) {
    match std::fs::remove_file(path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => tracing::warn!(error = %e, "could not remove the old token file"),
    }
}

/// Write `contents` to `path` readable and writable by the owner only (0600 on Unix), atomically.
fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&tmp)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    file.write_all(contents.as_bytes())?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_fallback_is_private_and_replaceable() {
        let dir = tempfile::tempdir().unwrap();
        let tokens = TokenStore::file_only(dir.path());
        assert_eq!(tokens.get().unwrap(), None);
        assert_eq!(tokens.set(" s3cret ").unwrap(), TokenLocation::File);
        assert_eq!(tokens.get().unwrap().as_deref(), Some("s3cret"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(FALLBACK_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        tokens.set("other").unwrap();
        assert_eq!(tokens.get().unwrap().as_deref(), Some("other"));
        assert_eq!(tokens.set("   ").unwrap_err().code, "invalid_argument");
        tokens.clear();
        assert_eq!(tokens.get().unwrap(), None);
    }
}
