//! The port to an OMS. The domain, the local store and the sync engine speak only these types; each OMS
//! (the Akinon-shaped contract in `docs/oms-api.md`, later Shopify FulfillmentOrder or TOTVS Omni) gets a connector
//! crate that implements [`OmsConnector`].

use std::future::Future;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::command::Command;
use crate::model::{LabelFormat, ReasonCatalog, WorkOrder, WorkOrderKind};

/// The two lists of work the OMS keeps for a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Feed {
    /// Packaging orders (ship-from-store, click-and-collect).
    Packaging,
    /// Transfer orders (inbound and outbound).
    Transfers,
}

impl Feed {
    pub const ALL: [Feed; 2] = [Feed::Packaging, Feed::Transfers];

    pub fn of(kind: WorkOrderKind) -> Feed {
        if kind.is_packaging() {
            Feed::Packaging
        } else {
            Feed::Transfers
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Feed::Packaging => "packaging",
            Feed::Transfers => "transfers",
        }
    }
}

/// One page of changed work orders, oldest change first.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangePage {
    pub work_orders: Vec<WorkOrder>,
    /// Cursor to resume from after this page (store it only once the page is saved).
    pub next_cursor: Option<String>,
    /// Total number of changed work orders after the cursor the page started from, when the OMS knows it.
    pub total: Option<u64>,
    pub has_more: bool,
}

/// Who did it, on which station. Travels with every command and lands in the audit log.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub user_id: String,
    pub user_name: String,
    pub station: String,
}

/// A store command on its way to the OMS. `command_id` is generated once, when the clerk acts, and is the
/// `Idempotency-Key` of every attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandEnvelope {
    pub command_id: String,
    pub work_order_id: String,
    pub kind: WorkOrderKind,
    /// The OMS version the command was built on; `None` sends no precondition.
    pub expected_version: Option<u64>,
    pub issued_at: DateTime<Utc>,
    pub actor: Actor,
    pub command: Command,
}

/// The OMS accepted the command.
#[derive(Debug, Clone, PartialEq)]
pub struct CommandAck {
    /// The work order after the command.
    pub work_order: WorkOrder,
    /// The OMS answered from its idempotency record: the command had been applied by an earlier attempt.
    pub replayed: bool,
}

/// A claim as the OMS keeps it: an advisory lease saying who works on a work order, so that two stations of a
/// store don't work the same one. Not a state change: it has no version and is not a command. It expires at
/// `expires_at` unless its holder renews it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteClaim {
    pub work_order_id: String,
    /// The work order's number, for people (may be empty if the OMS does not send it).
    pub work_order_number: String,
    /// Who holds the claim, on which station.
    pub holder: Actor,
    pub claimed_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// Why the OMS refused a command because of the order's state (HTTP 409 family).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    Cancelled,
    CancelRequested,
    Reassigned,
    OnHold,
    InvalidTransition,
    VersionConflict,
}

impl ConflictKind {
    pub fn code(self) -> &'static str {
        match self {
            ConflictKind::Cancelled => "work_order_cancelled",
            ConflictKind::CancelRequested => "cancel_requested",
            ConflictKind::Reassigned => "reassigned",
            ConflictKind::OnHold => "on_hold",
            ConflictKind::InvalidTransition => "invalid_transition",
            ConflictKind::VersionConflict => "version_conflict",
        }
    }

    pub fn from_code(code: &str) -> Option<ConflictKind> {
        [
            ConflictKind::Cancelled,
            ConflictKind::CancelRequested,
            ConflictKind::Reassigned,
            ConflictKind::OnHold,
            ConflictKind::InvalidTransition,
            ConflictKind::VersionConflict,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }
}

/// How a call to the OMS failed, already classified for the sync engine.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ConnectorError {
    /// Try again later with the same key and body: network error, timeout, 5xx, 429, idempotency key in flight.
    #[error("the OMS could not be reached or is busy: {message}")]
    Transient {
        message: String,
        retry_after: Option<Duration>,
    },
    /// The order's state on the OMS forbids the command.
    #[error("the OMS refused the command ({}): {message}", kind.code())]
    Conflict { kind: ConflictKind, message: String },
    /// The OMS says the request itself is invalid (4xx other than 409/429); retrying the same request won't help.
    #[error("the OMS rejected the request as invalid ({code}, HTTP {status}): {message}")]
    Invalid {
        status: u16,
        code: String,
        message: String,
    },
    /// The API token is missing, wrong or expired.
    #[error("the OMS did not accept the API token: check the token in Settings")]
    Unauthorized,
    /// The work order is not visible to this store any more.
    #[error("the OMS does not know this work order (any more): {message}")]
    NotFound { message: String },
    /// Someone else holds an unexpired claim on the work order (a claim or a release that is not theirs).
    #[error("{} at {} is working on this order: {message}", claim.holder.user_name, claim.holder.station)]
    ClaimedByOther {
        claim: Box<RemoteClaim>,
        message: String,
    },
    /// The OMS answered, but with something that does not follow the contract.
    #[error("the OMS sent a response Storedesk cannot read: {message}")]
    Malformed { message: String },
}

impl ConnectorError {
    pub fn code(&self) -> &'static str {
        match self {
            ConnectorError::Transient { .. } => "oms_unavailable",
            ConnectorError::Conflict { kind, .. } => kind.code(),
            ConnectorError::Invalid { .. } => "oms_rejected",
            ConnectorError::Unauthorized => "oms_unauthorized",
            ConnectorError::NotFound { .. } => "oms_not_found",
            ConnectorError::ClaimedByOther { .. } => "claimed_by_other",
            ConnectorError::Malformed { .. } => "oms_malformed_response",
        }
    }

    pub fn is_transient(&self) -> bool {
        matches!(self, ConnectorError::Transient { .. })
    }
}

/// An OMS as the store sees it.
pub trait OmsConnector: Send + Sync + 'static {
    /// Work orders of `feed` changed after `cursor` (`None`: from the beginning), oldest change first.
    fn fetch_changes(
        &self,
        feed: Feed,
        cursor: Option<&str>,
        page_size: u32,
    ) -> impl Future<Output = Result<ChangePage, ConnectorError>> + Send;

    /// The current snapshot of one work order.
    fn fetch_work_order(
        &self,
        kind: WorkOrderKind,
        id: &str,
    ) -> impl Future<Output = Result<WorkOrder, ConnectorError>> + Send;

    /// Send one command. Must send `envelope.command_id` as the idempotency key and the same body on every attempt.
    fn send_command(
        &self,
        envelope: &CommandEnvelope,
    ) -> impl Future<Output = Result<CommandAck, ConnectorError>> + Send;

    /// The OMS's reason catalogue.
    fn fetch_reasons(&self) -> impl Future<Output = Result<ReasonCatalog, ConnectorError>> + Send;

    /// The carrier label of a parcel, as bytes of the given format.
    fn fetch_label(
        &self,
        work_order_id: &str,
        parcel_ref: &str,
        format: LabelFormat,
    ) -> impl Future<Output = Result<Vec<u8>, ConnectorError>> + Send;

    /// Claim a work order for `holder` (an advisory lease, `docs/oms-api.md` §16). Claiming an order one already
    /// holds renews the lease. `ttl`: how long the lease lasts (`None`: the OMS's default, 2 hours).
    /// [`ConnectorError::ClaimedByOther`] when someone else holds an unexpired claim.
    fn claim(
        &self,
        kind: WorkOrderKind,
        id: &str,
        holder: &Actor,
        ttl: Option<Duration>,
    ) -> impl Future<Output = Result<RemoteClaim, ConnectorError>> + Send;

    /// Release the claim on a work order held by `user_id`; `force` (a manager) releases anyone's. Releasing an
    /// order nobody holds succeeds. [`ConnectorError::ClaimedByOther`] when someone else holds it and not `force`.
    fn release_claim(
        &self,
        kind: WorkOrderKind,
        id: &str,
        user_id: &str,
        force: bool,
    ) -> impl Future<Output = Result<(), ConnectorError>> + Send;

    /// Every unexpired claim on this store's open work orders.
    fn fetch_claims(&self)
    -> impl Future<Output = Result<Vec<RemoteClaim>, ConnectorError>> + Send;
}
