// Domain JSON fixtures shaped exactly like the Rust serde output.
import type { InboxRow, Line, WorkOrder, WorkOrderDetail, CommandKind, Reason } from '../lib/types';

export function line(over: Partial<Line> = {}): Line {
  return {
    id: 'L1',
    sku: 'SKU-1',
    name: 'Linen shirt, blue, M',
    barcodes: ['8690000000011'],
    requested: 2,
    accepted: 0,
    rejected: 0,
    picked: 0,
    packed: 0,
    received: 0,
    damaged: 0,
    missing: 0,
    ...over,
  };
}

export function order(over: Partial<WorkOrder> = {}): WorkOrder {
  return {
    id: 'wo-1',
    number: 'PKG-000123',
    kind: 'ship_from_store',
    status: 'assigned',
    version: 3,
    store: 'IST-01',
    customer: { name: 'Ayşe Yılmaz' },
    address: { name: 'Ayşe Yılmaz', line1: 'Bağdat Cd. 1', postal_code: '34710', city: 'İstanbul', country: 'TR' },
    due_at: new Date(Date.now() + 3 * 3600_000).toISOString(),
    created_at: new Date(Date.now() - 3600_000).toISOString(),
    updated_at: new Date().toISOString(),
    lines: [line(), line({ id: 'L2', sku: 'SKU-2', name: 'Canvas tote', barcodes: ['8690000000028'], requested: 1 })],
    parcels: [],
    ...over,
  };
}

export function detail(o: WorkOrder, allowed: CommandKind[], over: Partial<WorkOrderDetail> = {}): WorkOrderDetail {
  return { order: o, allowed, history: [], pending: 0, parked: [], claimed_by: null, ...over };
}

export function row(over: Partial<InboxRow> = {}): InboxRow {
  return {
    id: 'wo-1',
    number: 'PKG-000123',
    kind: 'ship_from_store',
    status: 'assigned',
    due_at: new Date(Date.now() + 5 * 3600_000).toISOString(),
    customer_name: 'Ayşe Yılmaz',
    line_count: 2,
    unit_count: 3,
    has_parked: false,
    cancel_requested: false,
    on_hold: false,
    pending_count: 0,
    claimed_by: null,
    ...over,
  };
}

export const reasons: Reason[] = [
  { code: 'out_of_stock', title: 'Out of stock', active: true },
  { code: 'damaged', title: 'Damaged', active: true },
  { code: 'old', title: 'Retired reason', active: false },
];
