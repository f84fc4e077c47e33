//! The inbox, scan look-up and the reason list.

use storedesk_domain::{Reason, Status, WorkOrderKind};
use storedesk_store::{InboxQuery as StoreQuery, Store};

use crate::dto::{InboxPage, InboxQuery, InboxTab, TabCounts};
use crate::error::AppResult;
use crate::state::AppState;

use super::arg;

/// Largest page.
pub const MAX_LIMIT: u32 = 500;

/// The store query behind a tab.
pub fn tab_query(tab: InboxTab) -> StoreQuery {
    use Status as S;
    let statuses = match tab {
        // A parked action needs a decision even when the order has closed since (cancelled upstream).
        InboxTab::NeedsAttention => S::ALL.to_vec(),
        InboxTab::ToAccept => vec![S::Assigned],
        InboxTab::Picking => vec![S::Accepted, S::Picking],
        InboxTab::Packing => vec![S::Picked, S::Packed],
        InboxTab::ReadyToShip => vec![S::ReadyToShip],
        InboxTab::ReadyForPickup => vec![S::ReadyForPickup],
        InboxTab::TransfersOut | InboxTab::TransfersIn | InboxTab::All => Vec::new(),
    };
    let kinds = match tab {
        InboxTab::TransfersOut => vec![WorkOrderKind::TransferOut],
        InboxTab::TransfersIn => vec![WorkOrderKind::TransferIn],
        _ => Vec::new(),
    };
    StoreQuery {
        statuses,
        kinds,
        text: None,
        needs_attention: tab == InboxTab::NeedsAttention,
        limit: 0,
        offset: 0,
    }
}

fn count(store: &Store, q: &StoreQuery) -> AppResult<u32> {
    Ok(u32::try_from(store.inbox_count(q)?).unwrap_or(u32::MAX))
}

/// One page of a tab, most urgent first, with the total and every tab's count.
pub fn inbox(state: &AppState, query: &InboxQuery) -> AppResult<InboxPage> {
    state.require_session()?;
    read_page(state, query)
}

/// [`inbox`] without the session check: for the sign-in, which reads the page while it checks the PIN and
/// answers it only if the PIN is right.
pub(crate) fn read_page(state: &AppState, query: &InboxQuery) -> AppResult<InboxPage> {
    let text = query.text.trim();
    let mut q = tab_query(query.tab);
    q.text = (!text.is_empty()).then(|| text.to_string());
    q.limit = query.limit.clamp(1, MAX_LIMIT) as usize;
    q.offset = query.offset as usize;

    let store = state.lock_store();
    let rows = store.inbox(&q)?.into_iter().map(Into::into).collect();
    let total = count(&store, &q)?;
    let mut counts = TabCounts::default();
    for tab in InboxTab::ALL {
        counts.set(tab, count(&store, &tab_query(tab))?);
    }
    Ok(InboxPage {
        rows,
        total,
        counts,
    })
}

/// The order a scanned package/transfer number, parcel label, order number or pickup code belongs to.
pub fn find_by_scan(state: &AppState, code: &str) -> AppResult<Option<String>> {
    state.require_session()?;
    let code = arg(code, "the scanned code")?;
    Ok(state.lock_store().find_by_scan(code)?)
}

/// The OMS's reasons for rejections, in the OMS's order (inactive ones included, marked).
pub fn reasons(state: &AppState) -> AppResult<Vec<Reason>> {
    state.require_session()?;
    Ok(state.lock_store().reasons()?.reasons)
}
