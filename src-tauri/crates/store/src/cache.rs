//! The work-order cache: OMS snapshots, the views derived from them, and their line, barcode and parcel rows.
//! Also the small tables that go with the pull side: reasons, sync cursors, meta and carrier labels.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use storedesk_domain::{
    CommandEnvelope, Feed, LabelFormat, Reason, ReasonCatalog, WorkOrder, apply,
};

use crate::Store;
use crate::codec::{parse_ts, to_i64, ts};
use crate::error::StoreError;

/// What happened to a page (or a single snapshot) of pulled work orders.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageOutcome {
    /// Snapshots written (new orders, or a version at least as new as the one stored).
    pub stored: usize,
    /// Snapshots ignored because the stored one has a higher version.
    pub ignored_older: usize,
    /// Outbox commands (by `command_id`) that no longer apply on top of a new snapshot. They stay in the outbox
    /// and are still sent: the OMS has the last word; only the view leaves them out.
    pub skipped_commands: Vec<String>,
}

/// A carrier label kept for printing offline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub work_order_id: String,
    pub parcel_ref: String,
    pub format: LabelFormat,
    pub bytes: Vec<u8>,
    pub fetched_at: DateTime<Utc>,
}

/// Meta keys that must never be stored (secrets live in the OS keychain).
const SECRET_HINTS: [&str; 5] = ["token", "secret", "password", "api_key", "apikey"];

impl Store {
    /// Save one page of pulled work orders and the feed's cursor, in one transaction.
    ///
    /// For each work order the snapshot is stored unless the stored one has a higher version (older pulls are
    /// ignored); the view is then rebuilt as the snapshot with this order's pending and parked outbox commands
    /// replayed in `seq` order, so a pull never hides a local action that has not been sent. `next_cursor` is
    /// stored when given; `None` leaves the stored cursor unchanged.
    pub fn apply_page(
        &mut self,
        feed: Feed,
        work_orders: &[WorkOrder],
        next_cursor: Option<&str>,
    ) -> Result<PageOutcome, StoreError> {
        let now = Utc::now();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let reasons = load_reasons(&tx)?;
        let mut outcome = PageOutcome::default();
        for wo in work_orders {
            if Feed::of(wo.kind) != feed {
                tracing::warn!(id = %wo.id, kind = wo.kind.as_str(), feed = feed.as_str(), "work order came in on another feed");
            }
            store_snapshot(&tx, wo, &reasons, now, &mut outcome)?;
        }
        if let Some(cursor) = next_cursor {
            tx.execute(
                "INSERT INTO sync_cursors (feed, cursor, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (feed) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at",
                params![feed.as_str(), cursor, ts(now)],
            )?;
        }
        tx.commit()?;
        tracing::debug!(
            feed = feed.as_str(),
            stored = outcome.stored,
            ignored = outcome.ignored_older,
            "page applied"
        );
        Ok(outcome)
    }

    /// Save one pulled snapshot (e.g. fetched after a conflict), like [`Store::apply_page`] without a cursor.
    pub fn apply_snapshot(&mut self, wo: &WorkOrder) -> Result<PageOutcome, StoreError> {
        let now = Utc::now();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let reasons = load_reasons(&tx)?;
        let mut outcome = PageOutcome::default();
        store_snapshot(&tx, wo, &reasons, now, &mut outcome)?;
        tx.commit()?;
        Ok(outcome)
    }

    /// The work order as the clerk sees it: the OMS snapshot with unsent local actions applied.
    pub fn work_order(&self, id: &str) -> Result<Option<WorkOrder>, StoreError> {
        load_doc(&self.conn, "view_json", id)
    }

    /// The OMS's last snapshot of the work order, without local actions.
    pub fn snapshot(&self, id: &str) -> Result<Option<WorkOrder>, StoreError> {
        load_doc(&self.conn, "snapshot_json", id)
    }

    /// The reason catalogue as last saved from the OMS, in the OMS's order.
    pub fn reasons(&self) -> Result<ReasonCatalog, StoreError> {
        load_reasons(&self.conn)
    }

    /// Replace the reason catalogue (one transaction).
    pub fn save_reasons(&mut self, catalog: &ReasonCatalog) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute("DELETE FROM reasons", [])?;
        {
            let mut ins = tx.prepare_cached(
                "INSERT INTO reasons (code, title, active, position) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (code) DO UPDATE SET title = excluded.title, active = excluded.active",
            )?;
            for (i, r) in catalog.reasons.iter().enumerate() {
                ins.execute(params![r.code, r.title, r.active, i as i64])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The stored cursor of a feed (`None`: pull from the beginning).
    pub fn cursor(&self, feed: Feed) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT cursor FROM sync_cursors WHERE feed = ?1",
                [feed.as_str()],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Store a small non-secret value (e.g. `last_sync_at`). Keys that look like secrets are refused.
    pub fn set_meta(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        let lower = key.to_ascii_lowercase();
        if SECRET_HINTS.iter().any(|h| lower.contains(h)) {
            return Err(StoreError::SecretNotAllowed {
                key: key.to_string(),
            });
        }
        self.conn.execute(
            "INSERT INTO meta (key, value, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            params![key, value, ts(Utc::now())],
        )?;
        Ok(())
    }

    /// A value stored with [`Store::set_meta`].
    pub fn get_meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    /// The work order a scanned package/transfer number, parcel number or order number belongs to (trimmed,
    /// case-insensitive), or the click-and-collect order on the pickup shelf whose pickup code it is. Open orders
    /// win over finished ones, then the most urgent.
    pub fn find_by_scan(&self, code: &str) -> Result<Option<String>, StoreError> {
        let raw = code.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        // A scanner may add a symbology prefix; the barcode parser strips it and upper-cases OMS numbers.
        let parsed = match storedesk_barcode::parse(raw) {
            Ok(
                storedesk_barcode::Barcode::OrderNumber { value }
                | storedesk_barcode::Barcode::ParcelNumber { value }
                | storedesk_barcode::Barcode::TransferNumber { value },
            ) => Some(value),
            _ => None,
        };
        let mut candidates = vec![raw.to_string()];
        if let Some(p) = parsed
            && !p.eq_ignore_ascii_case(raw)
        {
            candidates.push(p);
        }
        const QUERIES: [&str; 3] = [
            "SELECT id FROM work_orders WHERE number = ?1 COLLATE NOCASE
             ORDER BY is_open DESC, due_at LIMIT 1",
            "SELECT w.id FROM parcels p JOIN work_orders w ON w.id = p.work_order_id
             WHERE p.number = ?1 COLLATE NOCASE ORDER BY w.is_open DESC, w.due_at LIMIT 1",
            "SELECT id FROM work_orders WHERE order_number = ?1 COLLATE NOCASE
             ORDER BY is_open DESC, due_at LIMIT 1",
        ];
        for sql in QUERIES {
            for c in &candidates {
                let hit: Option<String> = self
                    .conn
                    .prepare_cached(sql)?
                    .query_row([c], |r| r.get(0))
                    .optional()?;
                if hit.is_some() {
                    return Ok(hit);
                }
            }
        }
        // Last, a customer's pickup code: only its hash is stored, on orders waiting on the pickup shelf.
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id FROM work_orders
                 WHERE is_open = 1 AND kind = 'click_and_collect' AND status = 'ready_for_pickup'
                   AND json_extract(view_json, '$.pickup.code_sha256') = ?1
                 ORDER BY due_at LIMIT 1",
            )?
            .query_row([storedesk_domain::pickup_code_hash(raw)], |r| r.get(0))
            .optional()?)
    }

    /// Keep a carrier label for printing offline (replaces an earlier copy of the same format).
    pub fn save_label(
        &mut self,
        work_order_id: &str,
        parcel_ref: &str,
        format: LabelFormat,
        bytes: &[u8],
        fetched_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let n = self.conn.execute(
            "INSERT INTO labels (work_order_id, parcel_ref, format, bytes, fetched_at)
             SELECT ?1, ?2, ?3, ?4, ?5 WHERE EXISTS (SELECT 1 FROM work_orders WHERE id = ?1)
             ON CONFLICT (work_order_id, parcel_ref, format)
             DO UPDATE SET bytes = excluded.bytes, fetched_at = excluded.fetched_at",
            params![
                work_order_id,
                parcel_ref,
                format.as_str(),
                bytes,
                ts(fetched_at)
            ],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound {
                work_order_id: work_order_id.to_string(),
            });
        }
        Ok(())
    }

    /// Carrier labels to fetch so they print offline: every offered format of the parcels of open orders that
    /// have a parcel number and no stored label yet, at most `limit` parcels.
    pub fn labels_missing(
        &self,
        limit: usize,
    ) -> Result<Vec<(String, String, LabelFormat)>, StoreError> {
        let ids: Vec<String> = self
            .conn
            .prepare_cached(
                "SELECT DISTINCT p.work_order_id FROM parcels p
                 JOIN work_orders w ON w.id = p.work_order_id
                 WHERE w.is_open = 1 AND p.number IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM labels l
                                   WHERE l.work_order_id = p.work_order_id AND l.parcel_ref = p.parcel_ref)
                 LIMIT ?1",
            )?
            .query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut out = Vec::new();
        for id in ids {
            let Some(view) = self.work_order(&id)? else {
                continue;
            };
            for parcel in &view.parcels {
                for &format in &parcel.label_formats {
                    if self.label(&id, &parcel.parcel_ref, format)?.is_none() {
                        out.push((id.clone(), parcel.parcel_ref.clone(), format));
                    }
                }
            }
        }
        Ok(out)
    }

    /// A stored carrier label.
    pub fn label(
        &self,
        work_order_id: &str,
        parcel_ref: &str,
        format: LabelFormat,
    ) -> Result<Option<Label>, StoreError> {
        let row: Option<(Vec<u8>, String)> = self
            .conn
            .query_row(
                "SELECT bytes, fetched_at FROM labels
                 WHERE work_order_id = ?1 AND parcel_ref = ?2 AND format = ?3",
                params![work_order_id, parcel_ref, format.as_str()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        row.map(|(bytes, at)| {
            Ok(Label {
                work_order_id: work_order_id.to_string(),
                parcel_ref: parcel_ref.to_string(),
                format,
                bytes,
                fetched_at: parse_ts(&at)?,
            })
        })
        .transpose()
    }
}

/// Read the view or the snapshot of a work order.
fn load_doc(
    conn: &Connection,
    column: &'static str,
    id: &str,
) -> Result<Option<WorkOrder>, StoreError> {
    let sql = format!("SELECT {column} FROM work_orders WHERE id = ?1");
    let json: Option<String> = conn
        .prepare_cached(&sql)?
        .query_row([id], |r| r.get(0))
        .optional()?;
    json.map(|j| serde_json::from_str(&j).map_err(StoreError::from))
        .transpose()
}

pub(crate) fn load_view(conn: &Connection, id: &str) -> Result<Option<WorkOrder>, StoreError> {
    load_doc(conn, "view_json", id)
}

pub(crate) fn load_reasons(conn: &Connection) -> Result<ReasonCatalog, StoreError> {
    let mut stmt =
        conn.prepare_cached("SELECT code, title, active FROM reasons ORDER BY position, code")?;
    let reasons = stmt
        .query_map([], |r| {
            Ok(Reason {
                code: r.get(0)?,
                title: r.get(1)?,
                active: r.get(2)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ReasonCatalog::new(reasons))
}

/// Store `wo` as the snapshot unless the stored one is newer, then rebuild and write the view.
pub(crate) fn store_snapshot(
    conn: &Connection,
    wo: &WorkOrder,
    reasons: &ReasonCatalog,
    now: DateTime<Utc>,
    outcome: &mut PageOutcome,
) -> Result<(), StoreError> {
    let stored_version: Option<i64> = conn
        .prepare_cached("SELECT version FROM work_orders WHERE id = ?1")?
        .query_row([&wo.id], |r| r.get(0))
        .optional()?;
    if stored_version.is_some_and(|v| v > to_i64(wo.version)) {
        outcome.ignored_older += 1;
        tracing::debug!(id = %wo.id, version = wo.version, "older snapshot ignored");
        return Ok(());
    }
    let (view, skipped) = replay(conn, wo, reasons)?;
    let snapshot_json = serde_json::to_string(wo)?;
    write_row(conn, Some((wo.version, &snapshot_json)), &view, None, now)?;
    outcome.stored += 1;
    outcome.skipped_commands.extend(skipped);
    Ok(())
}

/// Rebuild the view of a cached work order from its stored snapshot and write it. Returns the view and the
/// commands that no longer apply.
pub(crate) fn recompute_view(
    conn: &Connection,
    id: &str,
    now: DateTime<Utc>,
) -> Result<(WorkOrder, Vec<String>), StoreError> {
    let snapshot = load_doc(conn, "snapshot_json", id)?.ok_or_else(|| StoreError::NotFound {
        work_order_id: id.to_string(),
    })?;
    let reasons = load_reasons(conn)?;
    let (view, skipped) = replay(conn, &snapshot, &reasons)?;
    write_row(conn, None, &view, None, now)?;
    Ok((view, skipped))
}

/// The snapshot with this work order's pending and parked commands applied in `seq` order, except those the
/// snapshot says the OMS has already applied. A command that no longer applies is skipped (and reported); it stays
/// in the outbox.
fn replay(
    conn: &Connection,
    snapshot: &WorkOrder,
    reasons: &ReasonCatalog,
) -> Result<(WorkOrder, Vec<String>), StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT command_id, payload_json FROM outbox
         WHERE work_order_id = ?1 AND state IN ('pending', 'parked') ORDER BY seq",
    )?;
    let rows = stmt
        .query_map([&snapshot.id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut view = snapshot.clone();
    let mut skipped = Vec::new();
    for (command_id, payload) in rows {
        // The OMS applied it already (its answer was lost, or a pull overtook the answer): the snapshot has it.
        if snapshot.includes_command(&command_id) {
            continue;
        }
        let envelope: CommandEnvelope = serde_json::from_str(&payload)?;
        // Reason codes were checked when the clerk acted; a code the OMS retired since must not hide the action.
        let mut catalog = reasons.clone();
        for code in envelope.command.reasons() {
            if !catalog.is_valid(code) {
                catalog.reasons.push(Reason {
                    code: code.to_string(),
                    title: code.to_string(),
                    active: true,
                });
            }
        }
        match apply(&view, &envelope.command, &catalog) {
            Ok(next) => view = next,
            Err(e) => {
                tracing::info!(%command_id, code = e.code(), "queued command no longer applies to the new snapshot");
                skipped.push(command_id);
            }
        }
    }
    Ok((view, skipped))
}

/// Text as it goes into (and is looked up in) the full-text index. SQLite's `unicode61` tokenizer folds case and
/// strips diacritics, but treats Turkish dotless `ı` and dotted `İ` as letters of their own; a clerk typing
/// `yilmaz` must still find `Yılmaz`.
pub(crate) fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'ı' | 'İ' => 'i',
            c => c,
        })
        .collect()
}

/// Columns derived from a view.
struct Derived {
    customer_name: Option<String>,
    search_customer: String,
    is_open: bool,
    line_count: i64,
    unit_count: i64,
    search_skus: String,
    search_names: String,
    search_parcels: String,
    view_json: String,
}

fn derive(view: &WorkOrder) -> Result<Derived, StoreError> {
    let join = |it: &mut dyn Iterator<Item = &str>| it.collect::<Vec<_>>().join(" ");
    Ok(Derived {
        customer_name: view.customer.as_ref().map(|c| c.name.clone()),
        search_customer: fold(view.customer.as_ref().map_or("", |c| c.name.as_str())),
        is_open: !view.status.is_terminal(),
        line_count: view.lines.len() as i64,
        unit_count: view.lines.iter().map(|l| i64::from(l.requested)).sum(),
        search_skus: join(&mut view.lines.iter().map(|l| l.sku.as_str())),
        search_names: fold(&join(&mut view.lines.iter().map(|l| l.name.as_str()))),
        search_parcels: join(&mut view.parcels.iter().filter_map(|p| p.number.as_deref())),
        view_json: serde_json::to_string(view)?,
    })
}

/// Write a work order's row and its line, barcode and parcel rows from `view`. With `snapshot`, the snapshot and
/// its version are written too (insert or update); without, the row must exist and only the view changes.
///
/// `previous` is the view the row held before, when the caller has it (a clerk action): then only what changed
/// in the line and parcel rows is written, which keeps a clerk action's transaction small.
pub(crate) fn write_row(
    conn: &Connection,
    snapshot: Option<(u64, &str)>,
    view: &WorkOrder,
    previous: Option<&WorkOrder>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let d = derive(view)?;
    let common = params![
        view.id,
        view.number,
        view.kind.as_str(),
        view.status.as_str(),
        d.is_open,
        view.store,
        view.order_number,
        d.customer_name,
        ts(view.due_at),
        ts(view.updated_at),
        d.line_count,
        d.unit_count,
        view.hold.is_some(),
        view.cancel_request.is_some(),
        d.search_skus,
        d.search_names,
        d.search_parcels,
        d.view_json,
        ts(now),
        d.search_customer,
    ];
    match snapshot {
        Some((version, json)) => {
            let mut stmt = conn.prepare_cached(
                "INSERT INTO work_orders (id, number, kind, status, is_open, store, order_number, customer_name,
                     due_at, updated_at, line_count, unit_count, on_hold, cancel_requested, search_skus,
                     search_names, search_parcels, view_json, cached_at, search_customer, version, snapshot_json)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)
                 ON CONFLICT (id) DO UPDATE SET number = excluded.number, kind = excluded.kind,
                     status = excluded.status, is_open = excluded.is_open, store = excluded.store,
                     order_number = excluded.order_number, customer_name = excluded.customer_name,
                     due_at = excluded.due_at, updated_at = excluded.updated_at, line_count = excluded.line_count,
                     unit_count = excluded.unit_count, on_hold = excluded.on_hold,
                     cancel_requested = excluded.cancel_requested, search_skus = excluded.search_skus,
                     search_names = excluded.search_names, search_parcels = excluded.search_parcels,
                     view_json = excluded.view_json, cached_at = excluded.cached_at,
                     search_customer = excluded.search_customer, version = excluded.version,
                     snapshot_json = excluded.snapshot_json",
            )?;
            let mut all: Vec<&dyn rusqlite::ToSql> = common.to_vec();
            let version = to_i64(version);
            all.push(&version);
            all.push(&json);
            stmt.execute(all.as_slice())?;
        }
        None => {
            let n = conn
                .prepare_cached(
                    "UPDATE work_orders SET number = ?2, kind = ?3, status = ?4, is_open = ?5, store = ?6,
                         order_number = ?7, customer_name = ?8, due_at = ?9, updated_at = ?10, line_count = ?11,
                         unit_count = ?12, on_hold = ?13, cancel_requested = ?14, search_skus = ?15,
                         search_names = ?16, search_parcels = ?17, view_json = ?18, cached_at = ?19,
                         search_customer = ?20
                     WHERE id = ?1",
                )?
                .execute(common)?;
            if n == 0 {
                return Err(StoreError::NotFound {
                    work_order_id: view.id.clone(),
                });
            }
        }
    }
    match previous {
        Some(old) if same_lines(old, view) => {
            update_line_quantities(conn, old, view)?;
            if old.parcels != view.parcels {
                conn.prepare_cached("DELETE FROM parcels WHERE work_order_id = ?1")?
                    .execute([&view.id])?;
                insert_parcels(conn, view)?;
            }
            Ok(())
        }
        _ => write_children(conn, view),
    }
}

/// The same lines (ids, products, barcodes) in the same order: only quantities may differ.
fn same_lines(a: &WorkOrder, b: &WorkOrder) -> bool {
    a.lines.len() == b.lines.len()
        && a.lines.iter().zip(&b.lines).all(|(x, y)| {
            x.id == y.id && x.sku == y.sku && x.name == y.name && x.barcodes == y.barcodes
        })
}

/// Update the quantity columns of the lines whose quantities changed.
fn update_line_quantities(
    conn: &Connection,
    old: &WorkOrder,
    view: &WorkOrder,
) -> Result<(), StoreError> {
    let mut stmt = conn.prepare_cached(
        "UPDATE lines SET requested = ?3, accepted = ?4, rejected = ?5, picked = ?6, packed = ?7, received = ?8,
             damaged = ?9, missing = ?10
         WHERE work_order_id = ?1 AND position = ?2",
    )?;
    for (i, (o, n)) in old.lines.iter().zip(&view.lines).enumerate() {
        let quantities = |l: &storedesk_domain::Line| {
            (
                l.requested,
                l.accepted,
                l.rejected,
                l.picked,
                l.packed,
                l.received,
                l.damaged,
                l.missing,
            )
        };
        if quantities(o) != quantities(n) {
            stmt.execute(params![
                view.id,
                i as i64,
                n.requested,
                n.accepted,
                n.rejected,
                n.picked,
                n.packed,
                n.received,
                n.damaged,
                n.missing,
            ])?;
        }
    }
    Ok(())
}

/// Replace the line, barcode and parcel rows of a work order with those of `view`.
fn write_children(conn: &Connection, view: &WorkOrder) -> Result<(), StoreError> {
    for sql in [
        "DELETE FROM line_barcodes WHERE work_order_id = ?1",
        "DELETE FROM lines WHERE work_order_id = ?1",
        "DELETE FROM parcels WHERE work_order_id = ?1",
    ] {
        conn.prepare_cached(sql)?.execute([&view.id])?;
    }
    let mut line_stmt = conn.prepare_cached(
        "INSERT INTO lines (work_order_id, position, line_id, sku, name, gtin14, requested, accepted, rejected,
             picked, packed, received, damaged, missing)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?;
    let mut barcode_stmt = conn.prepare_cached(
        "INSERT OR IGNORE INTO line_barcodes (gtin14, work_order_id, position) VALUES (?1, ?2, ?3)",
    )?;
    for (i, line) in view.lines.iter().enumerate() {
        let gtins: Vec<String> = line
            .barcodes
            .iter()
            .filter_map(|b| storedesk_barcode::normalize_gtin(b))
            .collect();
        let position = i as i64;
        line_stmt.execute(params![
            view.id,
            position,
            line.id,
            line.sku,
            line.name,
            gtins.first(),
            line.requested,
            line.accepted,
            line.rejected,
            line.picked,
            line.packed,
            line.received,
            line.damaged,
            line.missing,
        ])?;
        for g in &gtins {
            barcode_stmt.execute(params![g, view.id, position])?;
        }
    }
    insert_parcels(conn, view)
}

fn insert_parcels(conn: &Connection, view: &WorkOrder) -> Result<(), StoreError> {
    let mut parcel_stmt = conn.prepare_cached(
        "INSERT INTO parcels (work_order_id, position, parcel_ref, number, carrier, tracking_number, box_type,
             weight_g, label_attached, contents_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for (i, p) in view.parcels.iter().enumerate() {
        parcel_stmt.execute(params![
            view.id,
            i as i64,
            p.parcel_ref,
            p.number,
            p.carrier,
            p.tracking_number,
            p.box_type,
            p.weight_g,
            p.label_attached,
            serde_json::to_string(&p.contents)?,
        ])?;
    }
    Ok(())
}
