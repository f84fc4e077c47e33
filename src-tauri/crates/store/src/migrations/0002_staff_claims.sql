-- Storedesk local store, schema version 2: staff and sign-in, order claims, and indexes for the desktop app.
-- Applied in one transaction by the migration runner (src/schema.rs), which then sets PRAGMA user_version = 2.

-- The people who sign in at this station. The logic (PIN hashing, lockout, roles) is in storedesk-staff; the
-- table lives here so that it is migrated, backed up and checked with the rest of the station's data.
CREATE TABLE staff (
    id              TEXT    PRIMARY KEY,
    name            TEXT    NOT NULL,
    role            TEXT    NOT NULL CHECK (role IN ('staff', 'manager')),
    pin_hash        TEXT    NOT NULL,              -- Argon2id PHC string; the PIN itself is never stored
    active          INTEGER NOT NULL DEFAULT 1,
    failed_attempts INTEGER NOT NULL DEFAULT 0,    -- wrong PINs since the last successful sign-in
    locked_until    TEXT,                          -- no sign-in attempt is checked before this time
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL
) STRICT;

CREATE UNIQUE INDEX staff_name ON staff (name COLLATE NOCASE);

-- Who is working on an order at this station. (`work_orders.claimed_by` from schema 1 is not used: a claim needs
-- the person's id, name, station and time, and must not be touched when a pulled snapshot rewrites the row.)
CREATE TABLE claims (
    work_order_id TEXT PRIMARY KEY REFERENCES work_orders (id) ON DELETE CASCADE,
    user_id       TEXT NOT NULL,
    user_name     TEXT NOT NULL,
    station       TEXT NOT NULL,
    claimed_at    TEXT NOT NULL
) STRICT;

-- "Work per person today" reads the audit log by time.
CREATE INDEX audit_at ON audit (at);

-- The desktop app asks which orders changed since it last looked (to refresh open screens).
CREATE INDEX work_orders_cached_at ON work_orders (cached_at);
