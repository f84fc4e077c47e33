//! One station step: pick an open work order, ask the autopilot for its next action and record it durably.

use chrono::Utc;
use storedesk_domain::{Actor, WorkOrder};
use storedesk_store::{InboxQuery, NewAction, RecordedAction, Store, StoreError};

use crate::autopilot::Autopilot;

/// One recorded autopilot action.
#[derive(Debug)]
pub struct Step {
    /// The work order as it was before the action.
    pub before: WorkOrder,
    pub slug: &'static str,
    pub recorded: RecordedAction,
}

/// Record the next autopilot action on the first open work order (most urgent first) that has one.
/// Returns `None` when no order has anything to do right now.
pub fn autopilot_step(
    store: &mut Store,
    pilot: &mut Autopilot<'_>,
    actor: &Actor,
    scan_limit: usize,
) -> Result<Option<Step>, StoreError> {
    let reasons = store.reasons()?;
    let rows = store.inbox(&InboxQuery {
        limit: scan_limit,
        ..InboxQuery::default()
    })?;
    for row in rows {
        let Some(wo) = store.work_order(&row.id)? else {
            continue;
        };
        let Some(command) = pilot.next_action(&wo, &reasons) else {
            continue;
        };
        let slug = command.kind().slug();
        let action = NewAction {
            work_order_id: wo.id.clone(),
            command,
            actor: actor.clone(),
            at: Utc::now(),
        };
        match store.record_action(&action) {
            Ok(recorded) => {
                return Ok(Some(Step {
                    before: wo,
                    slug,
                    recorded,
                }));
            }
            Err(StoreError::Domain(e)) => {
                tracing::debug!(work_order = %wo.number, error = %e, "autopilot action refused");
                continue;
            }
            Err(e) => return Err(e),
        }
    }
    Ok(None)
}
