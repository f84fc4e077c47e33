-- Storedesk local store, schema version 1.
-- Applied in one transaction by the migration runner (src/schema.rs), which then sets PRAGMA user_version = 1.
-- Timestamps are UTC RFC 3339 text with a fixed width (microseconds, "Z"), so text order is time order.
-- Secrets (API tokens) are never stored in this database.

-- The cache of work orders. `snapshot_json` is the OMS's last word; `view_json` is the snapshot with the
-- pending and parked outbox commands replayed on top (what the clerk sees). The other columns are derived from
-- the view and exist for the inbox, search and scan look-ups.
CREATE TABLE work_orders (
    rid              INTEGER PRIMARY KEY,           -- stable row id for the full-text index
    id               TEXT    NOT NULL UNIQUE,       -- OMS id
    number           TEXT    NOT NULL,
    kind             TEXT    NOT NULL,
    status           TEXT    NOT NULL,
    is_open          INTEGER NOT NULL,              -- 1 unless the view's status is terminal
    version          INTEGER NOT NULL,              -- OMS version of the snapshot
    store            TEXT    NOT NULL,
    order_number     TEXT,
    customer_name    TEXT,
    due_at           TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL,
    line_count       INTEGER NOT NULL,
    unit_count       INTEGER NOT NULL,
    on_hold          INTEGER NOT NULL,
    cancel_requested INTEGER NOT NULL,
    search_customer  TEXT    NOT NULL,              -- search columns: folded (see cache.rs `fold`) and
    search_skus      TEXT    NOT NULL,              -- space-separated, for full-text search
    search_names     TEXT    NOT NULL,
    search_parcels   TEXT    NOT NULL,
    snapshot_json    TEXT    NOT NULL,
    view_json        TEXT    NOT NULL,
    claimed_by       TEXT,
    cached_at        TEXT    NOT NULL
) STRICT;

CREATE INDEX work_orders_open_due   ON work_orders (is_open, due_at);
CREATE INDEX work_orders_status_due ON work_orders (status, due_at);
CREATE INDEX work_orders_number     ON work_orders (number COLLATE NOCASE);
CREATE INDEX work_orders_order_no   ON work_orders (order_number COLLATE NOCASE) WHERE order_number IS NOT NULL;
CREATE INDEX work_orders_attention  ON work_orders (due_at) WHERE on_hold = 1 OR cancel_requested = 1;

-- Full-text search over package/transfer number, order number, customer name, SKUs, product names and parcel
-- numbers. External content: the text lives in work_orders; the triggers below keep the index in step.
CREATE VIRTUAL TABLE work_order_fts USING fts5 (
    number, order_number, search_customer, search_skus, search_names, search_parcels,
    content = 'work_orders',
    content_rowid = 'rid',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

CREATE TRIGGER work_orders_fts_insert AFTER INSERT ON work_orders BEGIN
    INSERT INTO work_order_fts (rowid, number, order_number, search_customer, search_skus, search_names, search_parcels)
    VALUES (new.rid, new.number, new.order_number, new.search_customer, new.search_skus, new.search_names, new.search_parcels);
END;

CREATE TRIGGER work_orders_fts_delete AFTER DELETE ON work_orders BEGIN
    INSERT INTO work_order_fts (work_order_fts, rowid, number, order_number, search_customer, search_skus, search_names, search_parcels)
    VALUES ('delete', old.rid, old.number, old.order_number, old.search_customer, old.search_skus, old.search_names, old.search_parcels);
END;

CREATE TRIGGER work_orders_fts_update AFTER UPDATE ON work_orders
WHEN old.number IS NOT new.number
  OR old.order_number IS NOT new.order_number
  OR old.search_customer IS NOT new.search_customer
  OR old.search_skus IS NOT new.search_skus
  OR old.search_names IS NOT new.search_names
  OR old.search_parcels IS NOT new.search_parcels
BEGIN
    INSERT INTO work_order_fts (work_order_fts, rowid, number, order_number, search_customer, search_skus, search_names, search_parcels)
    VALUES ('delete', old.rid, old.number, old.order_number, old.search_customer, old.search_skus, old.search_names, old.search_parcels);
    INSERT INTO work_order_fts (rowid, number, order_number, search_customer, search_skus, search_names, search_parcels)
    VALUES (new.rid, new.number, new.order_number, new.search_customer, new.search_skus, new.search_names, new.search_parcels);
END;

-- Lines of the view, one row per line in view order.
CREATE TABLE lines (
    work_order_id TEXT    NOT NULL REFERENCES work_orders (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    line_id       TEXT    NOT NULL,
    sku           TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    gtin14        TEXT,                              -- first barcode, normalised to GTIN-14
    requested     INTEGER NOT NULL,
    accepted      INTEGER NOT NULL,
    rejected      INTEGER NOT NULL,
    picked        INTEGER NOT NULL,
    packed        INTEGER NOT NULL,
    received      INTEGER NOT NULL,
    damaged       INTEGER NOT NULL,
    missing       INTEGER NOT NULL,
    PRIMARY KEY (work_order_id, position)
) STRICT, WITHOUT ROWID;

-- Every barcode of every line, normalised to GTIN-14, for exact scan look-up.
CREATE TABLE line_barcodes (
    gtin14        TEXT    NOT NULL,
    work_order_id TEXT    NOT NULL REFERENCES work_orders (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    PRIMARY KEY (gtin14, work_order_id, position)
) STRICT, WITHOUT ROWID;

CREATE INDEX line_barcodes_work_order ON line_barcodes (work_order_id);

-- Parcels of the view.
CREATE TABLE parcels (
    work_order_id   TEXT    NOT NULL REFERENCES work_orders (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    parcel_ref      TEXT    NOT NULL,
    number          TEXT,
    carrier         TEXT,
    tracking_number TEXT,
    box_type        TEXT    NOT NULL,
    weight_g        INTEGER NOT NULL,
    label_attached  INTEGER NOT NULL,
    contents_json   TEXT    NOT NULL,
    PRIMARY KEY (work_order_id, position)
) STRICT, WITHOUT ROWID;

CREATE INDEX parcels_number ON parcels (number COLLATE NOCASE) WHERE number IS NOT NULL;

-- Carrier labels kept for printing while offline.
CREATE TABLE labels (
    work_order_id TEXT NOT NULL REFERENCES work_orders (id) ON DELETE CASCADE,
    parcel_ref    TEXT NOT NULL,
    format        TEXT NOT NULL CHECK (format IN ('pdf', 'zpl')),
    bytes         BLOB NOT NULL,
    fetched_at    TEXT NOT NULL,
    UNIQUE (work_order_id, parcel_ref, format)
) STRICT;

-- The OMS's reason catalogue, in the OMS's order.
CREATE TABLE reasons (
    code     TEXT    PRIMARY KEY,
    title    TEXT    NOT NULL,
    active   INTEGER NOT NULL,
    position INTEGER NOT NULL
) STRICT;

-- Clerk actions waiting for (or done with) the OMS. `payload_json` is the CommandEnvelope sent on every attempt,
-- byte for byte; `command_id` is its idempotency key.
CREATE TABLE outbox (
    command_id         TEXT    PRIMARY KEY,
    work_order_id      TEXT    NOT NULL REFERENCES work_orders (id),
    kind               TEXT    NOT NULL,
    seq                INTEGER NOT NULL,
    slug               TEXT    NOT NULL,
    payload_json       TEXT    NOT NULL,
    state              TEXT    NOT NULL CHECK (state IN ('pending', 'done', 'parked', 'discarded')),
    attempts           INTEGER NOT NULL DEFAULT 0,
    next_attempt_at    TEXT    NOT NULL,
    last_error_code    TEXT,
    last_error_message TEXT,
    created_at         TEXT    NOT NULL,
    parked_at          TEXT,
    done_at            TEXT,
    UNIQUE (work_order_id, seq)
) STRICT;

CREATE INDEX outbox_state ON outbox (state, work_order_id, seq);

-- What was recorded is never rewritten: the command, its key and its order are fixed.
CREATE TRIGGER outbox_immutable BEFORE UPDATE OF command_id, work_order_id, kind, seq, slug, payload_json, created_at ON outbox
BEGIN
    SELECT RAISE (ABORT, 'outbox rows are immutable: a recorded command is never rewritten');
END;

-- Done and discarded are final.
CREATE TRIGGER outbox_final_states BEFORE UPDATE OF state ON outbox
WHEN old.state IN ('done', 'discarded') AND new.state IS NOT old.state
BEGIN
    SELECT RAISE (ABORT, 'an outbox command that is done or discarded cannot change state again');
END;

-- Unsent commands are never deleted.
CREATE TRIGGER outbox_keep_unsent BEFORE DELETE ON outbox
WHEN old.state IN ('pending', 'parked')
BEGIN
    SELECT RAISE (ABORT, 'an unsent outbox command cannot be deleted');
END;

CREATE TABLE sync_cursors (
    feed       TEXT PRIMARY KEY,
    cursor     TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE meta (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

-- Append-only audit log.
CREATE TABLE audit (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    at            TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    user_name     TEXT NOT NULL,
    station       TEXT NOT NULL,
    work_order_id TEXT,
    action        TEXT NOT NULL,
    detail_json   TEXT NOT NULL
) STRICT;

CREATE INDEX audit_work_order ON audit (work_order_id, id);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN
    SELECT RAISE (ABORT, 'the audit log is append-only: entries cannot be changed');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN
    SELECT RAISE (ABORT, 'the audit log is append-only: entries cannot be deleted');
END;
