//! Events pushed to the UI, and the desktop notification when new work arrives.
//!
//! | event | payload | when |
//! |---|---|---|
//! | `sync-status` | [`SyncStatus`] | every change of the sync engine's status |
//! | `work-arrived` | [`WorkArrived`] | a pull brought new orders waiting to be accepted or received |
//! | `order-changed` | [`OrderChanged`] | an order's cached view changed (a pull, an acknowledgement, a local action) |

use std::sync::Mutex;

use serde::Serialize;

use crate::dto::{OrderChanged, SyncStatus, WorkArrived};

pub const SYNC_STATUS: &str = "sync-status";
pub const WORK_ARRIVED: &str = "work-arrived";
pub const ORDER_CHANGED: &str = "order-changed";

/// Every event name with the TypeScript type of its payload (for the generated bindings).
pub const EVENT_PAYLOADS: &[(&str, &str)] = &[
    (SYNC_STATUS, "SyncStatus"),
    (WORK_ARRIVED, "WorkArrived"),
    (ORDER_CHANGED, "OrderChanged"),
];

/// An event for the UI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppEvent {
    SyncStatus(SyncStatus),
    WorkArrived(WorkArrived),
    OrderChanged(OrderChanged),
}

impl AppEvent {
    pub fn name(&self) -> &'static str {
        match self {
            AppEvent::SyncStatus(_) => SYNC_STATUS,
            AppEvent::WorkArrived(_) => WORK_ARRIVED,
            AppEvent::OrderChanged(_) => ORDER_CHANGED,
        }
    }

    /// The payload as JSON.
    pub fn payload(&self) -> serde_json::Value {
        fn json<T: Serialize>(t: &T) -> serde_json::Value {
            serde_json::to_value(t).unwrap_or(serde_json::Value::Null)
        }
        match self {
            AppEvent::SyncStatus(p) => json(p),
            AppEvent::WorkArrived(p) => json(p),
            AppEvent::OrderChanged(p) => json(p),
        }
    }
}

/// Where events go: the window in the app, a list in tests.
pub trait EventSink: Send + Sync {
    fn emit(&self, event: AppEvent);
    /// A desktop notification (best effort: a PC without a notification service just doesn't show it).
    fn notify(&self, title: &str, body: &str);
}

/// Keeps every event (tests, and a station without a window).
#[derive(Debug, Default)]
pub struct RecordingSink {
    pub events: Mutex<Vec<AppEvent>>,
    pub notifications: Mutex<Vec<(String, String)>>,
}

impl RecordingSink {
    pub fn take(&self) -> Vec<AppEvent> {
        std::mem::take(&mut *self.events.lock().unwrap_or_else(|p| p.into_inner()))
    }

    pub fn notifications(&self) -> Vec<(String, String)> {
        self.notifications
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

impl EventSink for RecordingSink {
    fn emit(&self, event: AppEvent) {
        self.events
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(event);
    }

    fn notify(&self, title: &str, body: &str) {
        self.notifications
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((title.to_string(), body.to_string()));
    }
}

/// Sends events to the app's windows and notifications through the notification plugin.
pub struct TauriSink<R: tauri::Runtime> {
    pub app: tauri::AppHandle<R>,
}

impl<R: tauri::Runtime> EventSink for TauriSink<R> {
    fn emit(&self, event: AppEvent) {
        use tauri::Emitter;
        if let Err(e) = self.app.emit(event.name(), event.payload()) {
            tracing::warn!(error = %e, event = event.name(), "event not delivered");
        }
    }

    fn notify(&self, title: &str, body: &str) {
        use tauri_plugin_notification::NotificationExt;
        if let Err(e) = self
            .app
            .notification()
            .builder()
            .title(title)
            .body(body)
            .show()
        {
            tracing::info!(error = %e, "desktop notification not shown");
        }
    }
}
