//! The shapes that cross IPC. Each derives `Serialize` (what the UI receives), `Deserialize` where the UI sends it,
//! and `ts_rs::TS`, from which `ui/src/lib/bindings/ipc.ts` is generated (see [`crate::bindings`]).
//!
//! Domain types (`WorkOrder`, `Command`, `Status`, …) cross IPC as they are, with their serde shapes; the types
//! here add what the screens need around them. Timestamps are RFC 3339 strings, enums snake_case strings.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use storedesk_domain::{Actor, CommandKind, LabelFormat, Status, WorkOrder, WorkOrderKind};
use ts_rs::TS;

/// A person's role at the station.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Staff,
    Manager,
}

impl From<storedesk_staff::Role> for Role {
    fn from(r: storedesk_staff::Role) -> Self {
        match r {
            storedesk_staff::Role::Staff => Role::Staff,
            storedesk_staff::Role::Manager => Role::Manager,
        }
    }
}

impl From<Role> for storedesk_staff::Role {
    fn from(r: Role) -> Self {
        match r {
            Role::Staff => storedesk_staff::Role::Staff,
            Role::Manager => storedesk_staff::Role::Manager,
        }
    }
}

/// A person on the sign-in list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StaffSummary {
    pub id: String,
    pub name: String,
    pub role: Role,
}

impl From<storedesk_staff::StaffMember> for StaffSummary {
    fn from(m: storedesk_staff::StaffMember) -> Self {
        StaffSummary {
            id: m.id,
            name: m.name,
            role: m.role.into(),
        }
    }
}

/// Who is signed in at this station.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Session {
    pub staff: StaffSummary,
    pub station: String,
    /// Sign out after this long without a command; 0 = never.
    pub idle_timeout_secs: u32,
}

/// What the UI needs before anybody signs in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AppInfo {
    pub version: String,
    /// Running against the embedded OMS simulator: show the demo banner.
    pub demo: bool,
    /// The OMS the station talks to (in demo mode the simulator on loopback, whose admin API tests use);
    /// empty when none is set up.
    pub oms_url: String,
    pub station_name: String,
    /// BCP 47 tag ("en", "tr", "pt-BR").
    pub locale: String,
    /// IANA time zone ("Europe/Istanbul").
    pub time_zone: String,
    /// Nobody is on the staff list yet: offer first-run set-up (`staff_bootstrap`).
    pub first_run: bool,
    /// Everyone who can sign in here (the sign-in screen's tiles), so the first screen needs one round trip.
    pub staff: Vec<StaffSummary>,
    /// Who is signed in, if anybody (the window was reloaded during a session).
    pub session: Option<Session>,
}

/// The inbox's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum InboxTab {
    /// Waiting to be accepted or rejected.
    ToAccept,
    /// Accepted or being picked.
    Picking,
    /// Picked, or packed and waiting for a label or the shelf.
    Packing,
    ReadyToShip,
    ReadyForPickup,
    /// Open outbound transfers, whatever their status.
    TransfersOut,
    /// Open inbound transfers.
    TransfersIn,
    /// A parked action (also on an order closed since), a cancellation request or an OMS hold.
    NeedsAttention,
    /// Every open order.
    All,
}

impl InboxTab {
    pub const ALL: [InboxTab; 9] = [
        InboxTab::ToAccept,
        InboxTab::Picking,
        InboxTab::Packing,
        InboxTab::ReadyToShip,
        InboxTab::ReadyForPickup,
        InboxTab::TransfersOut,
        InboxTab::TransfersIn,
        InboxTab::NeedsAttention,
        InboxTab::All,
    ];
}

fn default_limit() -> u32 {
    50
}

/// One page of one inbox tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct InboxQuery {
    pub tab: InboxTab,
    /// Search text (number, order number, customer, SKU, product name, parcel number or a product barcode).
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub offset: u32,
    /// At most 500.
    #[serde(default = "default_limit")]
    pub limit: u32,
}

/// One inbox row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct InboxRow {
    pub id: String,
    pub number: String,
    pub kind: WorkOrderKind,
    pub status: Status,
    pub due_at: DateTime<Utc>,
    pub customer_name: Option<String>,
    pub line_count: u32,
    pub unit_count: u32,
    pub has_parked: bool,
    pub cancel_requested: bool,
    pub on_hold: bool,
    pub pending_count: u32,
    /// Who is working on it, at this station or another of the store.
    pub claimed_by: Option<String>,
}

impl From<storedesk_store::InboxRow> for InboxRow {
    fn from(r: storedesk_store::InboxRow) -> Self {
        InboxRow {
            id: r.id,
            number: r.number,
            kind: r.kind,
            status: r.status,
            due_at: r.due_at,
            customer_name: r.customer_name,
            line_count: r.line_count,
            unit_count: r.unit_count,
            has_parked: r.has_parked,
            cancel_requested: r.cancel_requested,
            on_hold: r.on_hold,
            pending_count: r.pending_count,
            claimed_by: r.claimed_by,
        }
    }
}

/// How many orders each tab holds (ignoring the search text).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TabCounts {
    pub to_accept: u32,
    pub picking: u32,
    pub packing: u32,
    pub ready_to_ship: u32,
    pub ready_for_pickup: u32,
    pub transfers_out: u32,
    pub transfers_in: u32,
    pub needs_attention: u32,
    pub all: u32,
}

impl TabCounts {
    pub fn set(&mut self, tab: InboxTab, n: u32) {
        let slot = match tab {
            InboxTab::ToAccept => &mut self.to_accept,
            InboxTab::Picking => &mut self.picking,
            InboxTab::Packing => &mut self.packing,
            InboxTab::ReadyToShip => &mut self.ready_to_ship,
            InboxTab::ReadyForPickup => &mut self.ready_for_pickup,
            InboxTab::TransfersOut => &mut self.transfers_out,
            InboxTab::TransfersIn => &mut self.transfers_in,
            InboxTab::NeedsAttention => &mut self.needs_attention,
            InboxTab::All => &mut self.all,
        };
        *slot = n;
    }
}

/// A page of the inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct InboxPage {
    pub rows: Vec<InboxRow>,
    /// Rows in this tab matching the text, over all pages.
    pub total: u32,
    pub counts: TabCounts,
}

/// A successful sign-in: the session and, when the UI asked for it, the inbox page it opens on (one round trip
/// from the PIN to a usable inbox).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SignedIn {
    pub session: Session,
    pub inbox: Option<InboxPage>,
}

/// One entry of an order's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HistoryEntry {
    pub at: DateTime<Utc>,
    pub user_name: String,
    pub station: String,
    /// `command` (a clerk action sent to the OMS; see `slug`), `synced`, `parked`, `retry_parked`, `discarded`,
    /// `claim`, `release`, `print_label`, `reprint_label`.
    pub action: String,
    /// The audit entry's details as compact JSON (the command with its arguments, a reprint's reason, …).
    pub detail: String,
    /// The OMS has it (for `command`); always true for local facts.
    pub synced: bool,
    /// The command, for `command` entries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub slug: Option<CommandKind>,
}

impl From<storedesk_store::HistoryEntry> for HistoryEntry {
    fn from(h: storedesk_store::HistoryEntry) -> Self {
        let slug = (h.action == storedesk_store::audit::ACTION_COMMAND)
            .then(|| h.detail.get("slug").and_then(|s| s.as_str()))
            .flatten()
            .and_then(CommandKind::from_slug);
        HistoryEntry {
            at: h.at,
            user_name: h.user_name,
            station: h.station,
            action: h.action,
            detail: h.detail.to_string(),
            synced: h.synced,
            slug,
        }
    }
}

/// An action the OMS refused, waiting for someone to retry or (a manager) discard it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ParkedEntry {
    pub command_id: String,
    pub work_order_id: String,
    pub work_order_number: String,
    pub seq: u64,
    pub slug: CommandKind,
    /// The OMS's reason code (e.g. `work_order_cancelled`).
    pub code: String,
    pub message: String,
    pub since: DateTime<Utc>,
    pub attempts: u32,
    /// Who recorded the action.
    pub actor: Actor,
}

impl From<storedesk_store::ParkedEntry> for ParkedEntry {
    fn from(p: storedesk_store::ParkedEntry) -> Self {
        ParkedEntry {
            command_id: p.command_id,
            work_order_id: p.work_order_id,
            work_order_number: p.work_order_number,
            seq: p.seq,
            slug: p.slug,
            code: p.code,
            message: p.message,
            since: p.since,
            attempts: p.attempts,
            actor: p.actor,
        }
    }
}

/// Everything the order screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct WorkOrderDetail {
    /// The order as the clerk sees it (the OMS's snapshot with unsent local actions applied). Personal data is
    /// trimmed to what the role needs, and the pickup code's hash is never sent.
    pub order: WorkOrder,
    /// Commands possible now, in a stable order.
    pub allowed: Vec<CommandKind>,
    /// Newest first.
    pub history: Vec<HistoryEntry>,
    /// This order's actions not yet acknowledged by the OMS.
    pub pending: u32,
    pub parked: Vec<ParkedEntry>,
    /// Who is working on it, at this station or another of the store (claims travel through the OMS).
    pub claimed_by: Option<String>,
    /// The station of the person in `claimed_by`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub claimed_at_station: Option<String>,
    /// Why this station's claim did not hold, while someone else has the order: "Mehmet at Counter 2 claimed
    /// this first".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub claim_notice: Option<String>,
    /// Demo mode only: the customer's pickup code, which a real customer would show at the counter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub demo_pickup_code: Option<String>,
}

/// Progress of a first sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncProgress {
    pub feed: String,
    pub pages_done: u64,
    pub pages_total: u64,
    pub orders_done: u64,
    pub orders_total: u64,
}

/// Online or not, last sync, what waits to be sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncStatus {
    pub online: bool,
    pub last_sync_at: Option<DateTime<Utc>>,
    /// The last failure, in words a clerk can act on.
    pub last_error: Option<String>,
    pub pending: u64,
    pub parked: u64,
    pub progress: Option<SyncProgress>,
}

impl From<storedesk_sync::SyncStatus> for SyncStatus {
    fn from(s: storedesk_sync::SyncStatus) -> Self {
        SyncStatus {
            online: s.online,
            last_sync_at: s.last_sync_at,
            last_error: s.last_error,
            pending: s.pending,
            parked: s.parked,
            progress: s.progress.map(|p| SyncProgress {
                feed: p.feed,
                pages_done: p.pages_done,
                pages_total: p.pages_total,
                orders_done: p.orders_done,
                orders_total: p.orders_total,
            }),
        }
    }
}

/// A carrier label, ready to preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LabelDocument {
    pub format: LabelFormat,
    /// `application/pdf` or `text/x-zpl`.
    pub mime: String,
    pub base64: String,
}

/// One person's work today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PersonStats {
    pub user_name: String,
    /// Orders accepted.
    pub accepted: u32,
    /// Units picked.
    pub picked: u32,
    /// Orders packed.
    pub packed: u32,
    /// Rejections per reason code (an order reject counts 1, line rejections and short picks their units).
    pub rejected_by_reason: BTreeMap<String, u32>,
}

impl From<storedesk_store::PersonWork> for PersonStats {
    fn from(p: storedesk_store::PersonWork) -> Self {
        PersonStats {
            user_name: p.user_name,
            accepted: p.accepted,
            picked: p.picked,
            packed: p.packed,
            rejected_by_reason: p.rejected_by_reason,
        }
    }
}

/// How long pickups have waited on the shelf.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub enum AgeBucket {
    #[serde(rename = "0-1d")]
    #[ts(rename = "0-1d")]
    UpToOneDay,
    #[serde(rename = "1-3d")]
    #[ts(rename = "1-3d")]
    OneToThreeDays,
    #[serde(rename = "3-7d")]
    #[ts(rename = "3-7d")]
    ThreeToSevenDays,
    #[serde(rename = ">7d")]
    #[ts(rename = ">7d")]
    OverSevenDays,
}

impl AgeBucket {
    pub const ALL: [AgeBucket; 4] = [
        AgeBucket::UpToOneDay,
        AgeBucket::OneToThreeDays,
        AgeBucket::ThreeToSevenDays,
        AgeBucket::OverSevenDays,
    ];

    /// The bucket of a pickup that has waited `age`.
    pub fn of(age: chrono::Duration) -> AgeBucket {
        match age.num_hours() {
            h if h < 24 => AgeBucket::UpToOneDay,
            h if h < 72 => AgeBucket::OneToThreeDays,
            h if h < 168 => AgeBucket::ThreeToSevenDays,
            _ => AgeBucket::OverSevenDays,
        }
    }
}

/// Pickups of one age bucket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UncollectedBucket {
    pub bucket: AgeBucket,
    pub count: u32,
}

/// The manager's view of the store's queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ManagerOverview {
    /// Cached orders per status (every status, zeros included).
    pub counts_by_status: BTreeMap<Status, u32>,
    /// Open orders past their deadline (orders waiting for the carrier or the customer excluded).
    pub sla_breached: u32,
    /// Open orders due within the next two hours.
    pub at_risk: u32,
    /// Work per person since midnight in the store's time zone.
    pub per_person: Vec<PersonStats>,
    /// Every bucket, oldest last.
    pub uncollected_by_age: Vec<UncollectedBucket>,
}

/// The station's settings as the settings screen edits them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Settings {
    /// Base URL of the OMS; empty when none is set up.
    pub oms_url: String,
    /// This store's stock-location code.
    pub store_code: String,
    pub poll_interval_secs: u32,
    pub station_name: String,
    /// BCP 47 tag: "en", "tr", "pt-BR".
    pub locale: String,
    /// IANA time zone, e.g. "Europe/Istanbul".
    pub time_zone: String,
    /// Sign out after this long without a command; 0 = never.
    pub idle_timeout_secs: u32,
    /// Staff (not only managers) may type pick quantities instead of scanning.
    pub staff_may_enter_quantities: bool,
    /// Run against the embedded OMS simulator.
    pub demo: bool,
    /// Whether an OMS API token is stored. The token itself is write-only and never sent back.
    #[serde(default)]
    pub token_set: bool,
}

/// Payload of the `work-arrived` event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct WorkArrived {
    /// New orders waiting to be accepted (or received).
    pub count: u32,
}

/// Payload of the `order-changed` event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OrderChanged {
    pub id: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_buckets_cover_the_week() {
        let h = chrono::Duration::hours;
        assert_eq!(AgeBucket::of(h(0)), AgeBucket::UpToOneDay);
        assert_eq!(AgeBucket::of(h(23)), AgeBucket::UpToOneDay);
        assert_eq!(AgeBucket::of(h(24)), AgeBucket::OneToThreeDays);
        assert_eq!(AgeBucket::of(h(100)), AgeBucket::ThreeToSevenDays);
        assert_eq!(AgeBucket::of(h(1000)), AgeBucket::OverSevenDays);
        assert_eq!(
            serde_json::to_string(&AgeBucket::ALL).unwrap(),
            r#"["0-1d","1-3d","3-7d",">7d"]"#
        );
    }

    #[test]
    fn an_inbox_query_needs_only_its_tab() {
        let q: InboxQuery = serde_json::from_str(r#"{"tab":"to_accept"}"#).unwrap();
        assert_eq!((q.text.as_str(), q.offset, q.limit), ("", 0, 50));
        assert!(serde_json::from_str::<InboxQuery>(r#"{"tab":"bogus"}"#).is_err());
    }
}
