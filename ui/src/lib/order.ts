// Small helpers over the domain JSON, mirroring the Rust invariants the UI needs to show and validate.

import type { Line, Parcel, WorkOrder } from './types';

/** Units still to fulfil (requested minus rejected). */
export function openQuantity(line: Line): number {
  return Math.max(0, line.requested - line.rejected);
}

/** Units accepted but not yet picked. */
export function remainingToPick(line: Line): number {
  return Math.max(0, line.accepted - line.picked);
}

/** Units of an inbound-transfer line not yet accounted for. */
export function unaccounted(line: Line, received: number, damaged: number, missing: number): number {
  return line.requested - received - damaged - missing;
}

export function totalUnits(order: WorkOrder, pick: (l: Line) => number): number {
  return order.lines.reduce((sum, l) => sum + pick(l), 0);
}

/** Largest parcel weight the OMS accepts (domain MAX_PARCEL_WEIGHT_G). */
export const MAX_PARCEL_WEIGHT_G = 70_000;

export const BOX_TYPES = ['S', 'M', 'L', 'XL', 'envelope'] as const;
export type BoxType = (typeof BOX_TYPES)[number];

/** Normalise a product barcode to GTIN-14 (EAN-13, EAN-8, UPC-A are zero-padded); null when not numeric. */
export function toGtin14(code: string): string | null {
  const digits = code.trim();
  if (!/^\d{8}$|^\d{12,14}$/.test(digits)) return null;
  return digits.padStart(14, '0');
}

/** The line whose barcodes include `code` (compared as GTIN-14 when numeric, literally otherwise). */
export function lineForBarcode(order: WorkOrder, code: string): Line | undefined {
  const gtin = toGtin14(code);
  const raw = code.trim();
  return order.lines.find((l) =>
    l.barcodes.some((b) => {
      if (gtin) return toGtin14(b) === gtin;
      return b.trim() === raw;
    }),
  );
}

/** The parcel a scanned label belongs to: by parcel number, tracking number, or "<order number>-<ref>". */
export function parcelForCode(order: WorkOrder, code: string): Parcel | undefined {
  const c = code.trim().toUpperCase();
  return order.parcels.find(
    (p) =>
      (p.number && p.number.toUpperCase() === c) ||
      (p.tracking_number && p.tracking_number.toUpperCase() === c) ||
      `${order.number}-${p.parcel_ref}`.toUpperCase() === c,
  );
}

/** Lines with units in hand that must go back to the shelf (picked or packed). */
export function unitsToPutBack(order: WorkOrder): { line: Line; quantity: number }[] {
  return order.lines
    .map((line) => ({ line, quantity: Math.max(line.picked, line.packed) }))
    .filter((x) => x.quantity > 0);
}

export function initials(text: string): string {
  const words = text.trim().split(/\s+/).filter(Boolean);
  return ((words[0]?.[0] ?? '?') + (words[1]?.[0] ?? '')).toUpperCase();
}
