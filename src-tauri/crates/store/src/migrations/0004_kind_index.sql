-- Storedesk local store, schema version 4: an index for the transfer tabs. Applied in one transaction by the
-- migration runner (src/schema.rs).

-- The inbox's "transfers out" and "transfers in" tabs filter open work orders by kind. With only
-- (is_open, due_at) to go on, SQLite read every open order's row to check its kind: about 20 ms per tab count
-- at 10,000 cached orders with a warm page cache (rows carry the OMS payload), over a second from disk. With the
-- kind in the index, the counts and the pages of those tabs read the index only.
CREATE INDEX work_orders_kind_open_due ON work_orders (kind, is_open, due_at, number);
