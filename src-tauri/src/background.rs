//! The task that turns the sync engine's progress into UI events: `sync-status` on every status change,
//! `order-changed` for each order whose cached view was rewritten, `work-arrived` (plus a desktop notification)
//! when a pull brings new orders to accept or receive.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use storedesk_domain::Status;
use storedesk_store::{InboxQuery, Store, StoreError};
use storedesk_sync::SharedStore;
use tokio::task::JoinHandle;

use crate::dto::{OrderChanged, WorkArrived};
use crate::events::{AppEvent, EventSink};
use crate::state::Engine;

/// At most this many `order-changed` events per status change (a first sync rewrites everything; the screens
/// reload their lists on `sync-status` anyway).
const MAX_CHANGED_EVENTS: usize = 200;

/// Ids of the orders waiting to be accepted (or, for inbound transfers, received).
fn waiting_ids(store: &Store) -> Result<HashSet<String>, StoreError> {
    Ok(store
        .inbox(&InboxQuery {
            statuses: vec![Status::Assigned, Status::InTransit],
            limit: 100_000,
            ..InboxQuery::default()
        })?
        .into_iter()
        .map(|r| r.id)
        .collect())
}

/// What changed since the last look.
struct Look {
    changed: Vec<(String, DateTime<Utc>)>,
    waiting: Option<HashSet<String>>,
}

/// Follow `engine` until the task is aborted.
pub fn spawn_watcher(
    engine: Engine,
    store: SharedStore,
    events: Arc<dyn EventSink>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut status = engine.subscribe();
        let mut seen_until = Utc::now();
        let mut last_sync = status.borrow().last_sync_at;
        // Set by the first completed pull: what was already there is not "new work".
        let mut known_waiting: Option<HashSet<String>> = None;
        events.emit(AppEvent::SyncStatus(status.borrow().clone().into()));
        loop {
            if status.changed().await.is_err() {
                return;
            }
            let current = status.borrow_and_update().clone();
            events.emit(AppEvent::SyncStatus(current.clone().into()));
            let pulled = current.last_sync_at != last_sync;
            last_sync = current.last_sync_at;

            let reader = store.clone();
            let since = seen_until;
            let look = tokio::task::spawn_blocking(move || -> Result<Look, StoreError> {
                let guard = reader.lock().unwrap_or_else(|p| p.into_inner());
                Ok(Look {
                    changed: guard.changed_since(since, MAX_CHANGED_EVENTS)?,
                    waiting: if pulled {
                        Some(waiting_ids(&guard)?)
                    } else {
                        None
                    },
                })
            })
            .await;
            let look = match look {
                Ok(Ok(look)) => look,
                Ok(Err(e)) => {
                    tracing::warn!(error = %e, "could not read what changed");
                    continue;
                }
                Err(e) => {
                    tracing::warn!(error = %e, "change reader failed");
                    continue;
                }
            };
            if let Some(last) = look.changed.last() {
                seen_until = last.1;
            }
            for (id, _) in look.changed {
                events.emit(AppEvent::OrderChanged(OrderChanged { id }));
            }
            if let Some(waiting) = look.waiting {
                if let Some(known) = &known_waiting {
                    let arrived = waiting.difference(known).count();
                    if arrived > 0 {
                        tracing::info!(arrived, "new work arrived");
                        events.emit(AppEvent::WorkArrived(WorkArrived {
                            count: u32::try_from(arrived).unwrap_or(u32::MAX),
                        }));
                        events.notify(
                            "New work",
                            &if arrived == 1 {
                                "1 new order is waiting to be accepted".to_string()
                            } else {
                                format!("{arrived} new orders are waiting to be accepted")
                            },
                        );
                    }
                }
                known_waiting = Some(waiting);
            }
            // A sync round allocates and frees the pages it pulled: give the memory back once things are quiet.
            crate::memory::trim_when_quiet(&store);
        }
    })
}
