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
///
/// The station starts while Tauri builds the window, so the sink exists before the app does: [`TauriSink::attach`]
/// gives it the app once built. Until then an event has no window to go to and is dropped (the UI asks for the
/// current state when it starts), while a desktop notification is kept and shown on attach.
pub struct TauriSink<R: tauri::Runtime = tauri::Wry> {
    app: std::sync::OnceLock<tauri::AppHandle<R>>,
    /// Notifications waiting for the app; also what `notify` and `attach` lock to never miss one between them.
    held: Mutex<Vec<(String, String)>>,
}

impl<R: tauri::Runtime> Default for TauriSink<R> {
    fn default() -> Self {
        TauriSink {
            app: std::sync::OnceLock::new(),
            held: Mutex::new(Vec::new()),
        }
    }
}

impl<R: tauri::Runtime> TauriSink<R> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Deliver to `app` from now on, starting with the notifications held so far.
    pub fn attach(&self, app: tauri::AppHandle<R>) {
        let mut held = self.held.lock().unwrap_or_else(|p| p.into_inner());
        if self.app.set(app).is_err() {
            return;
        }
        for (title, body) in held.drain(..) {
            self.show(&title, &body);
        }
    }

    /// Notifications waiting for the app.
    pub fn held_notifications(&self) -> usize {
        self.held.lock().unwrap_or_else(|p| p.into_inner()).len()
    }

    fn show(&self, title: &str, body: &str) {
        use tauri_plugin_notification::NotificationExt;
        let Some(app) = self.app.get() else {
            return;
        };
        if let Err(e) = app.notification().builder().title(title).body(body).show() {
            tracing::info!(error = %e, "desktop notification not shown");
        }
    }
}

impl<R: tauri::Runtime> EventSink for TauriSink<R> {
    fn emit(&self, event: AppEvent) {
        use tauri::Emitter;
        let Some(app) = self.app.get() else {
            tracing::debug!(
                event = event.name(),
                "event before the window exists; dropped"
            );
            return;
        };
        if let Err(e) = app.emit(event.name(), event.payload()) {
            tracing::warn!(error = %e, event = event.name(), "event not delivered");
        }
    }

    fn notify(&self, title: &str, body: &str) {
        let mut held = self.held.lock().unwrap_or_else(|p| p.into_inner());
        if self.app.get().is_none() {
            held.push((title.to_string(), body.to_string()));
            return;
        }
        drop(held);
        self.show(title, body);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notifications_before_the_app_exists_wait_for_it() {
        let sink = TauriSink::<tauri::test::MockRuntime>::new();
        sink.emit(AppEvent::WorkArrived(WorkArrived { count: 1 }));
        sink.notify("New work", "1 order to accept");
        sink.notify("New work", "2 orders to accept");
        assert_eq!(sink.held_notifications(), 2);
        let app = tauri::test::mock_builder()
            .plugin(tauri_plugin_notification::init())
            .build(tauri::test::mock_context(tauri::test::noop_assets()))
            .expect("mock app");
        sink.attach(app.handle().clone());
        assert_eq!(sink.held_notifications(), 0, "shown once the app is there");
        sink.notify("New work", "3 orders to accept");
        assert_eq!(sink.held_notifications(), 0, "shown at once");
    }
}
