//! The engine: a pull loop and a push loop over one local store and one OMS connector.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::StreamExt;
use storedesk_domain::{
    CommandEnvelope, ConflictKind, ConnectorError, Feed, OmsConnector, WorkOrder,
};
use storedesk_store::{ClaimOp, ClaimOpKind, OutboxEntry, Store, StoreError};
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;

use crate::backoff::retry_delay;
use crate::config::SyncConfig;
use crate::error::SyncError;
use crate::status::{ClaimRefusal, PullProgress, SyncStatus};

/// The local store, shared between the UI's commands and the engine. SQLite calls run on blocking threads.
pub type SharedStore = Arc<Mutex<Store>>;

/// What happened to one outbox command in one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PushOutcome {
    /// The OMS applied it (now or in an earlier attempt whose answer was lost).
    Done { replayed: bool },
    /// Kept in the outbox; tried again later with the same key and body.
    Retry { code: String, delay: Duration },
    /// The OMS refused it; it waits for a person to retry or discard it.
    Parked { code: String, message: String },
}

/// Totals of one pull.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PullReport {
    pub pages: u64,
    pub work_orders: u64,
}

/// Totals of one pass over the claim queue.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClaimReport {
    /// Taken, renewed or released at the OMS.
    pub done: u64,
    /// Refused because someone else holds the order.
    pub refused: u64,
    /// Refused for good for another reason (the order is gone or finished).
    pub failed: u64,
    /// Kept for later (the OMS could not be reached).
    pub retried: u64,
}

/// Totals of one push pass (until nothing is due).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PushReport {
    pub done: u64,
    pub retried: u64,
    pub parked: u64,
}

struct Inner<C> {
    connector: C,
    store: SharedStore,
    config: SyncConfig,
    status: watch::Sender<SyncStatus>,
    pull_wanted: Notify,
    push_wanted: Notify,
    shutdown: watch::Sender<bool>,
    /// Rebases done per command in this process (a version conflict is rebased a few times, then parked).
    rebases: Mutex<HashMap<String, u32>>,
    /// Serialises pulls (the timer, a webhook and a button may all ask at once).
    pull_lock: tokio::sync::Mutex<()>,
    /// Serialises push passes.
    push_lock: tokio::sync::Mutex<()>,
    /// Serialises claim passes (sending the queue, then replacing the pulled claims).
    claims_lock: tokio::sync::Mutex<()>,
}

/// The sync engine. Cheap to clone; all clones drive the same engine.
pub struct SyncEngine<C> {
    inner: Arc<Inner<C>>,
}

impl<C> Clone for SyncEngine<C> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
        }
    }
}

/// The engine's background tasks; dropping this does not stop them, [`SyncEngine::shutdown`] does.
pub struct SyncTasks {
    pub pull: JoinHandle<()>,
    pub push: JoinHandle<()>,
}

impl SyncTasks {
    /// Wait for both loops to end (after [`SyncEngine::shutdown`]).
    pub async fn join(self) {
        let _ = self.pull.await;
        let _ = self.push.await;
    }
}

impl<C: OmsConnector> SyncEngine<C> {
    pub fn new(connector: C, store: SharedStore, config: SyncConfig) -> Self {
        let (status, _) = watch::channel(SyncStatus::default());
        let (shutdown, _) = watch::channel(false);
        let engine = Self {
            inner: Arc::new(Inner {
                connector,
                store,
                config,
                status,
                pull_wanted: Notify::new(),
                push_wanted: Notify::new(),
                shutdown,
                rebases: Mutex::new(HashMap::new()),
                pull_lock: tokio::sync::Mutex::new(()),
                push_lock: tokio::sync::Mutex::new(()),
                claims_lock: tokio::sync::Mutex::new(()),
            }),
        };
        if let Ok(store) = engine.inner.store.lock()
            && let Ok(counts) = store.outbox_counts()
        {
            engine.inner.status.send_modify(|s| {
                s.pending = counts.pending;
                s.parked = counts.parked;
            });
        }
        engine
    }

    pub fn config(&self) -> &SyncConfig {
        &self.inner.config
    }

    pub fn connector(&self) -> &C {
        &self.inner.connector
    }

    pub fn store(&self) -> &SharedStore {
        &self.inner.store
    }

    /// Follow the engine's status.
    pub fn subscribe(&self) -> watch::Receiver<SyncStatus> {
        self.inner.status.subscribe()
    }

    pub fn status(&self) -> SyncStatus {
        self.inner.status.borrow().clone()
    }

    /// Ask for a pull now (a webhook arrived, the clerk pressed "sync").
    pub fn request_pull(&self) {
        self.inner.pull_wanted.notify_one();
    }

    /// Ask for a push now (a clerk action was recorded).
    pub fn request_push(&self) {
        self.inner.push_wanted.notify_one();
    }

    /// Start the pull and push loops on the current tokio runtime.
    pub fn spawn(&self) -> SyncTasks {
        let pull = {
            let engine = self.clone();
            tokio::spawn(async move { engine.pull_loop().await })
        };
        let push = {
            let engine = self.clone();
            tokio::spawn(async move { engine.push_loop().await })
        };
        SyncTasks { pull, push }
    }

    /// Stop both loops after their current step. The flag is stored even when no loop is listening yet
    /// (`send` would drop it then, and loops started a moment later would never stop).
    pub fn shutdown(&self) {
        self.inner.shutdown.send_replace(true);
        self.inner.pull_wanted.notify_one();
        self.inner.push_wanted.notify_one();
    }

    /// Whether [`SyncEngine::shutdown`] was called.
    pub fn is_shut_down(&self) -> bool {
        *self.inner.shutdown.borrow()
    }

    fn stopping(&self) -> bool {
        self.is_shut_down()
    }

    async fn pull_loop(&self) {
        let mut shutdown = self.inner.shutdown.subscribe();
        let first_after = self.inner.config.first_pull_after;
        if !first_after.is_zero() {
            tokio::select! {
                _ = tokio::time::sleep(first_after) => {}
                _ = self.inner.pull_wanted.notified() => {}
                _ = shutdown.changed() => {}
            }
        }
        loop {
            if self.stopping() {
                return;
            }
            if let Err(e) = self.pull_once().await {
                tracing::warn!(error = %e, code = e.code(), "pull failed");
            }
            tokio::select! {
                _ = tokio::time::sleep(self.inner.config.poll_interval) => {}
                _ = self.inner.pull_wanted.notified() => {}
                _ = shutdown.changed() => {}
            }
        }
    }

    async fn push_loop(&self) {
        let mut shutdown = self.inner.shutdown.subscribe();
        loop {
            if self.stopping() {
                return;
            }
            if let Err(e) = self.push_once().await {
                tracing::warn!(error = %e, code = e.code(), "push failed");
            }
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_millis(250)) => {}
                _ = self.inner.push_wanted.notified() => {}
                _ = shutdown.changed() => {}
            }
        }
    }

    /// Run `f` on the store on a blocking thread.
    async fn db<T, F>(&self, f: F) -> Result<T, SyncError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, StoreError> + Send + 'static,
    {
        let store = self.inner.store.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = store.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut guard)
        })
        .await
        .map_err(|e| SyncError::Task(e.to_string()))?
        .map_err(SyncError::Store)
    }

    async fn refresh_counts(&self) {
        if let Ok(counts) = self.db(|s| s.outbox_counts()).await {
            self.inner.status.send_if_modified(|s| {
                let changed = s.pending != counts.pending || s.parked != counts.parked;
                s.pending = counts.pending;
                s.parked = counts.parked;
                changed
            });
        }
    }

    fn mark_online(&self) {
        self.inner.status.send_if_modified(|s| {
            let changed = !s.online || s.last_error.is_some();
            s.online = true;
            s.last_error = None;
            changed
        });
    }

    fn mark_offline(&self, err: &ConnectorError) {
        let message = err.to_string();
        self.inner.status.send_modify(|s| {
            s.online = false;
            s.last_error = Some(message);
        });
    }

    /// Note the outcome of a call: transport-level failures mean offline, any answer means online.
    fn observe<T>(&self, result: &Result<T, ConnectorError>) {
        match result {
            Ok(_) => self.mark_online(),
            Err(e @ ConnectorError::Transient { .. }) => self.mark_offline(e),
            Err(e @ ConnectorError::Unauthorized) => {
                let message = e.to_string();
                self.inner.status.send_modify(|s| {
                    s.online = true;
                    s.last_error = Some(message);
                });
            }
            Err(_) => self.mark_online(),
        }
    }

    /// Refresh the reason catalogue from the OMS.
    pub async fn refresh_reasons(&self) -> Result<(), SyncError> {
        let result = self.inner.connector.fetch_reasons().await;
        self.observe(&result);
        let catalog = result?;
        self.db(move |s| s.save_reasons(&catalog)).await
    }

    /// Pull every feed from its cursor until the OMS has nothing newer.
    pub async fn pull_once(&self) -> Result<PullReport, SyncError> {
        let _guard = self.inner.pull_lock.lock().await;
        self.refresh_reasons().await?;
        let mut report = PullReport::default();
        for feed in Feed::ALL {
            let r = self.pull_feed(feed).await;
            self.inner.status.send_modify(|s| s.progress = None);
            let r = r?;
            report.pages += r.pages;
            report.work_orders += r.work_orders;
        }
        self.sync_claims().await?;
        let now = Utc::now();
        self.db(move |s| s.set_meta("last_sync_at", &now.to_rfc3339()))
            .await?;
        self.inner
            .status
            .send_modify(|s| s.last_sync_at = Some(now));
        self.refresh_counts().await;
        Ok(report)
    }

    async fn pull_feed(&self, feed: Feed) -> Result<PullReport, SyncError> {
        let mut cursor = self.db(move |s| s.cursor(feed)).await?;
        let page_size = self.inner.config.page_size.max(1);
        let mut report = PullReport::default();
        let mut progress: Option<PullProgress> = None;
        loop {
            let result = self
                .inner
                .connector
                .fetch_changes(feed, cursor.as_deref(), page_size)
                .await;
            self.observe(&result);
            let page = result?;
            let count = page.work_orders.len() as u64;
            if progress.is_none()
                && let Some(total) = page.total
                && total > u64::from(page_size)
            {
                progress = Some(PullProgress {
                    feed: feed.as_str().to_string(),
                    pages_done: 0,
                    pages_total: total.div_ceil(u64::from(page_size)),
                    orders_done: 0,
                    orders_total: total,
                });
            }
            let next = page.next_cursor.clone();
            let has_more = page.has_more;
            let work_orders = page.work_orders;
            self.db(move |s| {
                s.apply_page(feed, &work_orders, next.as_deref())?;
                Ok(())
            })
            .await?;
            report.pages += 1;
            report.work_orders += count;
            if let Some(p) = progress.as_mut() {
                p.pages_done += 1;
                p.orders_done += count;
                let snapshot = p.clone();
                self.inner
                    .status
                    .send_modify(|s| s.progress = Some(snapshot));
            }
            if page.next_cursor.is_some() {
                cursor = page.next_cursor;
            }
            if !has_more || count == 0 {
                return Ok(report);
            }
        }
    }

    /// Send every due command, several work orders at a time, each work order's commands strictly in order,
    /// until nothing is due.
    pub async fn push_once(&self) -> Result<PushReport, SyncError> {
        let _guard = self.inner.push_lock.lock().await;
        if let Err(e) = self.push_claims().await {
            tracing::warn!(error = %e, code = e.code(), "sending claims failed");
        }
        let mut report = PushReport::default();
        loop {
            if self.stopping() {
                break;
            }
            let limit = self.inner.config.max_parallel.max(1) * 8;
            let due = self.db(move |s| s.due_commands(Utc::now(), limit)).await?;
            if due.is_empty() {
                break;
            }
            let outcomes: Vec<Result<PushOutcome, SyncError>> = futures::stream::iter(due)
                .map(|entry| self.push_entry(entry))
                .buffer_unordered(self.inner.config.max_parallel.max(1))
                .collect()
                .await;
            let mut progressed = false;
            for outcome in outcomes {
                match outcome? {
                    PushOutcome::Done { .. } => {
                        report.done += 1;
                        progressed = true;
                    }
                    PushOutcome::Retry { .. } => report.retried += 1,
                    PushOutcome::Parked { .. } => {
                        report.parked += 1;
                        progressed = true;
                    }
                }
            }
            self.refresh_counts().await;
            if !progressed {
                // Everything due failed transiently: their next attempts are scheduled; leave the loop.
                break;
            }
        }
        Ok(report)
    }

    /// Push until the outbox has nothing pending or `timeout` passes. Returns whether it emptied; returns `false`
    /// early when what is left waits behind parked commands (a person has to retry or discard those first).
    pub async fn drain(&self, timeout: Duration) -> Result<bool, SyncError> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            self.push_once().await?;
            let counts = self.db(|s| s.outbox_counts()).await?;
            if counts.pending == 0 {
                return Ok(true);
            }
            let sendable = self
                .db(|s| s.due_commands(Utc::now() + chrono::Duration::days(3650), 1))
                .await?;
            if sendable.is_empty() || tokio::time::Instant::now() >= deadline {
                return Ok(false);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// One attempt at one command, with its outcome written to the store.
    async fn push_entry(&self, entry: OutboxEntry) -> Result<PushOutcome, SyncError> {
        let command_id = entry.command_id.clone();
        // The store parsed the stored payload already; the wire body is rebuilt from it byte for byte.
        let mut envelope = entry.envelope.clone();
        let wo_id = envelope.work_order_id.clone();
        envelope.expected_version = self
            .db(move |s| s.snapshot(&wo_id))
            .await?
            .map(|wo| wo.version);

        let result = self.inner.connector.send_command(&envelope).await;
        self.observe(&result);
        match result {
            Ok(ack) => {
                self.forget_rebases(&command_id);
                let replayed = ack.replayed;
                let wo = ack.work_order;
                let id = command_id.clone();
                self.db(move |s| s.mark_done(&id, &wo, Utc::now())).await?;
                Ok(PushOutcome::Done { replayed })
            }
            Err(ConnectorError::Transient {
                message,
                retry_after,
            }) => {
                self.retry(&entry, "oms_unavailable", &message, retry_after)
                    .await
            }
            Err(ConnectorError::Malformed { message }) => {
                self.retry(&entry, "oms_malformed_response", &message, None)
                    .await
            }
            Err(ConnectorError::Unauthorized) => {
                let message = ConnectorError::Unauthorized.to_string();
                self.retry(
                    &entry,
                    "oms_unauthorized",
                    &message,
                    Some(self.inner.config.backoff_max),
                )
                .await
            }
            Err(ConnectorError::Conflict { kind, message }) => {
                self.on_conflict(&entry, &envelope, kind, message).await
            }
            Err(e @ ConnectorError::Invalid { .. })
            | Err(e @ ConnectorError::NotFound { .. })
            | Err(e @ ConnectorError::ClaimedByOther { .. }) => {
                let code = match &e {
                    ConnectorError::Invalid { code, .. } => code.clone(),
                    other => other.code().to_string(),
                };
                let _ = self.refresh_order(&envelope).await;
                self.park(&command_id, &code, e.to_string()).await
            }
        }
    }

    async fn on_conflict(
        &self,
        entry: &OutboxEntry,
        envelope: &CommandEnvelope,
        kind: ConflictKind,
        message: String,
    ) -> Result<PushOutcome, SyncError> {
        let command_id = entry.command_id.clone();
        let fresh = self.refresh_order(envelope).await;
        let reasons = self.db(|s| s.reasons()).await?;
        let still_applies = fresh
            .as_ref()
            .map(|wo| storedesk_domain::apply(wo, &envelope.command, &reasons));
        let target = envelope.command.kind().target_status();
        match (kind, fresh.as_ref(), still_applies) {
            // The OMS lists the command among those it applied: an earlier attempt went through.
            (_, Some(wo), _) if wo.includes_command(&command_id) => {
                self.done_without_answer(&command_id, wo).await
            }
            // An OMS that ignores Idempotency-Key refuses the retry of a command it already applied (as an invalid
            // transition, or as a stale version because the first attempt bumped it): being in the command's
            // target state, where the command no longer applies, is success.
            (
                ConflictKind::InvalidTransition | ConflictKind::VersionConflict,
                Some(wo),
                Some(Err(_)),
            ) if target == Some(wo.status) => self.done_without_answer(&command_id, wo).await,
            // Someone else changed the order since we last saw it, and the command still fits on top of the new
            // snapshot: send it again (a few times at most), with the new version.
            (ConflictKind::VersionConflict, Some(_), Some(Ok(_))) => {
                if self.count_rebase(&command_id) <= self.inner.config.max_rebases {
                    let id = command_id.clone();
                    let msg = message.clone();
                    self.db(move |s| s.mark_retry(&id, "version_conflict", &msg, Utc::now()))
                        .await?;
                    Ok(PushOutcome::Retry {
                        code: "version_conflict".into(),
                        delay: Duration::ZERO,
                    })
                } else {
                    self.park(
                        &command_id,
                        "version_conflict",
                        format!(
                            "{message}; the order kept changing on the OMS, check it and retry"
                        ),
                    )
                    .await
                }
            }
            (ConflictKind::VersionConflict, Some(_), Some(Err(e))) => {
                self.park(
                    &command_id,
                    "version_conflict",
                    format!("the order changed on the OMS and this action no longer fits: {e}"),
                )
                .await
            }
            _ => self.park(&command_id, kind.code(), message).await,
        }
    }

    async fn done_without_answer(
        &self,
        command_id: &str,
        wo: &WorkOrder,
    ) -> Result<PushOutcome, SyncError> {
        self.forget_rebases(command_id);
        let (id, wo) = (command_id.to_string(), wo.clone());
        self.db(move |s| s.mark_done(&id, &wo, Utc::now())).await?;
        Ok(PushOutcome::Done { replayed: true })
    }

    fn count_rebase(&self, command_id: &str) -> u32 {
        let mut map = self.inner.rebases.lock().unwrap_or_else(|p| p.into_inner());
        let n = map.entry(command_id.to_string()).or_default();
        *n += 1;
        *n
    }

    fn forget_rebases(&self, command_id: &str) {
        self.inner
            .rebases
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(command_id);
    }

    /// Fetch the order's current snapshot and store it (the view keeps pending commands on top).
    async fn refresh_order(&self, envelope: &CommandEnvelope) -> Option<WorkOrder> {
        let result = self
            .inner
            .connector
            .fetch_work_order(envelope.kind, &envelope.work_order_id)
            .await;
        self.observe(&result);
        match result {
            Ok(wo) => {
                let stored = wo.clone();
                match self.db(move |s| s.apply_snapshot(&stored)).await {
                    Ok(_) => Some(wo),
                    Err(e) => {
                        tracing::warn!(error = %e, "could not store refreshed order");
                        Some(wo)
                    }
                }
            }
            Err(e) => {
                tracing::info!(error = %e, work_order = %envelope.work_order_id, "refresh after conflict failed");
                None
            }
        }
    }

    async fn retry(
        &self,
        entry: &OutboxEntry,
        code: &str,
        message: &str,
        retry_after: Option<Duration>,
    ) -> Result<PushOutcome, SyncError> {
        let delay = retry_delay(
            entry.attempts,
            self.inner.config.backoff_min,
            self.inner.config.backoff_max,
            retry_after,
        );
        let at: DateTime<Utc> = Utc::now()
            + chrono::Duration::from_std(delay).unwrap_or_else(|_| chrono::Duration::seconds(60));
        let (id, c, m) = (
            entry.command_id.clone(),
            code.to_string(),
            message.to_string(),
        );
        self.db(move |s| s.mark_retry(&id, &c, &m, at)).await?;
        tracing::debug!(command = %entry.command_id, code, ?delay, "command will be retried");
        Ok(PushOutcome::Retry {
            code: code.to_string(),
            delay,
        })
    }

    async fn park(
        &self,
        command_id: &str,
        code: &str,
        message: String,
    ) -> Result<PushOutcome, SyncError> {
        self.forget_rebases(command_id);
        let (id, c, m) = (command_id.to_string(), code.to_string(), message.clone());
        self.db(move |s| s.park(&id, &c, &m, Utc::now())).await?;
        tracing::info!(command = %command_id, code, %message, "command parked");
        Ok(PushOutcome::Parked {
            code: code.to_string(),
            message,
        })
    }

    /// Send this station's queued claims and releases, then list the store's claims at the OMS and replace what
    /// the station knew of them. Runs on every pull.
    pub async fn sync_claims(&self) -> Result<ClaimReport, SyncError> {
        let _guard = self.inner.claims_lock.lock().await;
        let report = self.send_claim_ops().await?;
        let result = self.inner.connector.fetch_claims().await;
        self.observe(&result);
        let claims = result?;
        self.db(move |s| s.replace_remote_claims(&claims)).await?;
        self.refresh_claim_count().await;
        Ok(report)
    }

    /// Send this station's queued claims and releases that are due (without listing the OMS's claims).
    pub async fn push_claims(&self) -> Result<ClaimReport, SyncError> {
        let _guard = self.inner.claims_lock.lock().await;
        let report = self.send_claim_ops().await?;
        self.refresh_claim_count().await;
        Ok(report)
    }

    async fn refresh_claim_count(&self) {
        if let Ok(n) = self.db(|s| s.pending_claim_ops()).await {
            self.inner.status.send_if_modified(|s| {
                let changed = s.claims_pending != n;
                s.claims_pending = n;
                changed
            });
        }
    }

    /// Each work order's queued operations in order; stops at the first one the OMS could not be asked about
    /// (the others would fail the same way).
    async fn send_claim_ops(&self) -> Result<ClaimReport, SyncError> {
        let mut report = ClaimReport::default();
        loop {
            if self.stopping() {
                return Ok(report);
            }
            let due = self.db(|s| s.due_claim_ops(Utc::now(), 64)).await?;
            if due.is_empty() {
                return Ok(report);
            }
            for op in due {
                if !self.send_claim_op(op, &mut report).await? {
                    return Ok(report);
                }
            }
        }
    }

    /// One attempt at one claim operation, its outcome written to the store. `false`: the OMS could not be asked.
    async fn send_claim_op(
        &self,
        op: ClaimOp,
        report: &mut ClaimReport,
    ) -> Result<bool, SyncError> {
        let connector = &self.inner.connector;
        let seq = op.seq;
        let result = match op.op {
            ClaimOpKind::Claim => connector
                .claim(
                    op.kind,
                    &op.work_order_id,
                    &op.actor,
                    self.inner.config.claim_ttl,
                )
                .await
                .map(Some),
            ClaimOpKind::Release => connector
                .release_claim(op.kind, &op.work_order_id, &op.actor.user_id, op.force)
                .await
                .map(|()| None),
        };
        self.observe(&result);
        match result {
            Ok(confirmed) => {
                self.db(move |s| s.claim_op_done(seq, confirmed.as_ref()))
                    .await?;
                report.done += 1;
                Ok(true)
            }
            Err(ConnectorError::ClaimedByOther { claim, .. }) => {
                let holder = (*claim).clone();
                let message = self
                    .db(move |s| s.claim_op_refused(seq, &holder, Utc::now()))
                    .await?;
                tracing::info!(work_order = %op.work_order_id, %message, "claim refused by the OMS");
                let refusal = ClaimRefusal {
                    work_order_id: op.work_order_id.clone(),
                    by: claim.holder.user_name.clone(),
                    station: claim.holder.station.clone(),
                    message,
                };
                self.inner
                    .status
                    .send_modify(|s| s.last_claim_refusal = Some(refusal));
                report.refused += 1;
                Ok(true)
            }
            Err(e @ ConnectorError::Transient { .. })
            | Err(e @ ConnectorError::Unauthorized)
            | Err(e @ ConnectorError::Malformed { .. }) => {
                let retry_after = match &e {
                    ConnectorError::Transient { retry_after, .. } => *retry_after,
                    ConnectorError::Unauthorized => Some(self.inner.config.backoff_max),
                    _ => None,
                };
                let delay = retry_delay(
                    op.attempts,
                    self.inner.config.backoff_min,
                    self.inner.config.backoff_max,
                    retry_after,
                );
                let at = Utc::now()
                    + chrono::Duration::from_std(delay)
                        .unwrap_or_else(|_| chrono::Duration::seconds(60));
                let message = e.to_string();
                self.db(move |s| s.claim_op_retry(seq, &message, at))
                    .await?;
                report.retried += 1;
                Ok(false)
            }
            Err(e) => {
                let (code, message) = (e.code().to_string(), e.to_string());
                tracing::info!(work_order = %op.work_order_id, %code, %message, "claim operation refused for good");
                self.db(move |s| s.claim_op_failed(seq, &code, &message, Utc::now()))
                    .await?;
                report.failed += 1;
                Ok(true)
            }
        }
    }
}
