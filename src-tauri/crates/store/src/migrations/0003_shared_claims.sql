-- Storedesk local store, schema version 3: claims travel through the OMS (docs/oms-api.md §16), so that the other
-- stations of the store see them. Applied in one transaction by the migration runner (src/schema.rs).

-- `claims` now holds both the claims pulled from the OMS (origin 'oms': any station's, as last pulled, with the
-- OMS's lease end) and this station's own claims not yet confirmed by the OMS (origin 'local').
ALTER TABLE claims ADD COLUMN origin TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local', 'oms'));
ALTER TABLE claims ADD COLUMN expires_at TEXT;     -- the OMS's lease end; NULL while the claim is only local

-- This station's claim and release operations, oldest first, until the OMS has answered them. A row is deleted
-- only once the OMS's answer is final (taken, released, refused), never on a network failure.
CREATE TABLE claim_ops (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    work_order_id   TEXT    NOT NULL,
    kind            TEXT    NOT NULL,                             -- the work order's kind (selects the OMS path)
    op              TEXT    NOT NULL CHECK (op IN ('claim', 'release')),
    user_id         TEXT    NOT NULL,                             -- who claims, or who releases
    user_name       TEXT    NOT NULL,
    station         TEXT    NOT NULL,
    force           INTEGER NOT NULL DEFAULT 0,                   -- a manager releasing someone else's claim
    at              TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,                                         -- NULL: due now
    last_error      TEXT
) STRICT;

CREATE INDEX claim_ops_work_order ON claim_ops (work_order_id, seq);

-- "Mehmet at Counter 2 claimed this first": why this station's claim was refused by the OMS, shown on the order
-- until someone at this station claims it again.
CREATE TABLE claim_notices (
    work_order_id TEXT PRIMARY KEY REFERENCES work_orders (id) ON DELETE CASCADE,
    message       TEXT NOT NULL,
    at            TEXT NOT NULL
) STRICT;

-- Claims taken at schema 2 were never sent anywhere: queue them for the OMS.
INSERT INTO claim_ops (work_order_id, kind, op, user_id, user_name, station, at)
SELECT c.work_order_id, w.kind, 'claim', c.user_id, c.user_name, c.station, c.claimed_at
FROM claims c JOIN work_orders w ON w.id = c.work_order_id
ORDER BY c.claimed_at;
