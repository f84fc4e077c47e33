// Service-level colouring of a due date: ok, due within an hour (amber) or breached (red).

import { formatDuration, t } from './i18n';
import type { Status } from './types';
import { TERMINAL_STATUSES } from './types';

export type SlaLevel = 'ok' | 'soon' | 'breached' | 'done';

/** Within this many milliseconds of the deadline an order turns amber. */
export const SOON_MS = 60 * 60 * 1000;

export function slaLevel(dueAt: string, now: number, status?: Status): SlaLevel {
  if (status && TERMINAL_STATUSES.includes(status)) return 'done';
  const due = Date.parse(dueAt);
  if (Number.isNaN(due)) return 'ok';
  const left = due - now;
  if (left < 0) return 'breached';
  if (left <= SOON_MS) return 'soon';
  return 'ok';
}

/** "1 h 05 min left" or "12 min overdue". */
export function slaText(dueAt: string, now: number, status?: Status): string {
  const level = slaLevel(dueAt, now, status);
  if (level === 'done') return t('sla.done');
  const due = Date.parse(dueAt);
  if (Number.isNaN(due)) return '—';
  const left = due - now;
  return left < 0 ? t('sla.overdue', { time: formatDuration(left) }) : t('sla.left', { time: formatDuration(left) });
}

/** Order rows most urgent first (earliest deadline first; breached ones lead naturally). Stable. */
export function byUrgency<T extends { due_at: string }>(rows: readonly T[]): T[] {
  return rows
    .map((row, i) => ({ row, i, due: Date.parse(row.due_at) }))
    .sort((a, b) => (a.due - b.due) || (a.i - b.i))
    .map((x) => x.row);
}
