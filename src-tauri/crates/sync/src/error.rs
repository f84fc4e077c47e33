//! Errors of the sync engine.

use storedesk_domain::ConnectorError;
use storedesk_store::StoreError;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum SyncError {
    #[error(transparent)]
    Connector(#[from] ConnectorError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("a background task failed: {0}")]
    Task(String),
}

impl SyncError {
    pub fn code(&self) -> &'static str {
        match self {
            SyncError::Connector(e) => e.code(),
            SyncError::Store(e) => e.code(),
            SyncError::Task(_) => "internal",
        }
    }
}
