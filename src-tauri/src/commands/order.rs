//! One order: its detail, clerk actions, scan picking and claims.

use storedesk_domain::{Command, CommandKind, WorkOrder, WorkOrderKind, allowed_commands};
use storedesk_staff::StaffMember;
use storedesk_store::{NewAction, OutboxState, Store, StoreError};

use crate::dto::{OrderChanged, WorkOrderDetail};
use crate::error::{AppError, AppResult};
use crate::events::AppEvent;
use crate::state::AppState;

use super::arg;

/// History entries shown on the order screen.
const HISTORY_LIMIT: usize = 200;

/// The order as `member` may see it: the pickup code's hash never leaves the station, and staff (not managers)
/// don't get the customer's phone and e-mail.
fn redact(mut wo: WorkOrder, member: &StaffMember) -> WorkOrder {
    if let Some(pickup) = wo.pickup.as_mut() {
        pickup.code_sha256 = String::new();
    }
    if !member.role.is_manager()
        && let Some(customer) = wo.customer.as_mut()
    {
        customer.phone = None;
        customer.email = None;
    }
    wo
}

/// Everything the order screen shows, read from `store`.
pub(crate) fn detail(
    state: &AppState,
    store: &Store,
    id: &str,
    member: &StaffMember,
) -> AppResult<WorkOrderDetail> {
    let view = store.work_order(id)?.ok_or_else(|| StoreError::NotFound {
        work_order_id: id.to_string(),
    })?;
    let pending = store
        .outbox_entries(id)?
        .iter()
        .filter(|e| e.state == OutboxState::Pending)
        .count();
    let parked = store
        .parked()?
        .into_iter()
        .filter(|p| p.work_order_id == id)
        .map(Into::into)
        .collect();
    let claim = store.claim_of(id)?;
    // "Mehmet at Counter 2 claimed this first", while someone else holds it.
    let claim_notice = match &claim {
        Some(c) if c.user_id != member.id => store.claim_notice(id)?,
        _ => None,
    };
    let demo_pickup_code = (view.kind == WorkOrderKind::ClickAndCollect)
        .then(|| state.simulator().and_then(|sim| sim.pickup_code(id)))
        .flatten();
    Ok(WorkOrderDetail {
        allowed: allowed_commands(&view),
        history: store
            .history(id, HISTORY_LIMIT)?
            .into_iter()
            .map(Into::into)
            .collect(),
        pending: u32::try_from(pending).unwrap_or(u32::MAX),
        parked,
        claimed_by: claim.as_ref().map(|c| c.user_name.clone()),
        claimed_at_station: claim.as_ref().map(|c| c.station.clone()),
        claim_notice,
        demo_pickup_code,
        order: redact(view, member),
    })
}

/// Tell open screens that an order changed.
pub(crate) fn changed(state: &AppState, id: &str) {
    state
        .events()
        .emit(AppEvent::OrderChanged(OrderChanged { id: id.to_string() }));
}

/// The order screen.
pub fn work_order(state: &AppState, id: &str) -> AppResult<WorkOrderDetail> {
    let member = state.require_session()?;
    let id = arg(id, "the order")?;
    detail(state, &state.lock_store(), id, &member)
}

/// Record a clerk action: checked against the state machine and the reason list, then durable on disk with the
/// signed-in person as its actor, then sent to the OMS in the background.
pub fn act(state: &AppState, id: &str, command: Command) -> AppResult<WorkOrderDetail> {
    let member = state.require_session()?;
    let id = arg(id, "the order")?;
    if command.kind() == CommandKind::Pick
        && !member.role.is_manager()
        && !state.settings().staff_may_enter_quantities
    {
        return Err(AppError::forbidden(
            "type pick quantities by hand; scan each item instead",
        ));
    }
    record(state, &member, id, command)
}

fn record(
    state: &AppState,
    member: &StaffMember,
    id: &str,
    command: Command,
) -> AppResult<WorkOrderDetail> {
    let action = NewAction {
        work_order_id: id.to_string(),
        command,
        actor: state.actor(member),
        at: state.now(),
    };
    let detail = {
        let mut store = state.lock_store();
        store.record_action(&action)?;
        // Working on an order one has claimed keeps the claim alive with the OMS (renewed past half its lease).
        // The action is recorded whatever happens to the renewal.
        if let Err(e) = store.renew_claim(id, &action.actor, action.at) {
            tracing::warn!(error = %e, "the claim could not be renewed; it stays until its lease ends");
        }
        detail(state, &store, id, member)?
    };
    state.request_push();
    changed(state, id);
    Ok(detail)
}

/// One scan while picking: one unit of the matching line. Errors `unknown_barcode`, `not_a_product`,
/// `wrong_item` and `over_pick` record nothing.
pub fn scan_pick(state: &AppState, id: &str, code: &str) -> AppResult<WorkOrderDetail> {
    let member = state.require_session()?;
    let id = arg(id, "the order")?;
    let code = arg(code, "the scanned barcode")?;
    let view = state
        .lock_store()
        .work_order(id)?
        .ok_or_else(|| StoreError::NotFound {
            work_order_id: id.to_string(),
        })?;
    let command = storedesk_domain::scan_pick(&view, code)?;
    record(state, &member, id, command)
}

/// "I am working on this order": shown here at once, and to the store's other stations once the sync engine has
/// sent it to the OMS (see `storedesk_store::claims`). An order someone else holds (as this station knows) is
/// refused with `claimed_by_other`, naming the person and their station.
pub fn claim(state: &AppState, id: &str) -> AppResult<()> {
    let member = state.require_session()?;
    let id = arg(id, "the order")?;
    state
        .lock_store()
        .claim(id, &state.actor(&member), state.now())?;
    state.request_push();
    changed(state, id);
    Ok(())
}

/// Release a claim: one's own, or (a manager, checked here) anyone's; the OMS is told by the sync engine.
pub fn release(state: &AppState, id: &str) -> AppResult<()> {
    let member = state.require_session()?;
    let id = arg(id, "the order")?;
    let released = state.lock_store().release(
        id,
        &state.actor(&member),
        member.role.is_manager(),
        state.now(),
    );
    match released {
        Ok(released) => {
            if released {
                state.request_push();
            }
            changed(state, id);
            Ok(())
        }
        Err(StoreError::ClaimedByOther { by, station, .. }) => Err(AppError::new(
            "claimed_by_other",
            format!(
                "{by} at {station} is working on this order; only they or a manager can release it"
            ),
        )),
        Err(e) => Err(e.into()),
    }
}
