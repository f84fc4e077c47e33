import { describe, expect, it } from 'vitest';
import { byUrgency, slaLevel, slaText } from './sla';

const now = Date.parse('2025-06-01T12:00:00Z');
const at = (minutes: number) => new Date(now + minutes * 60_000).toISOString();

describe('SLA', () => {
  it('classifies ok / due within an hour / breached', () => {
    expect(slaLevel(at(120), now)).toBe('ok');
    expect(slaLevel(at(61), now)).toBe('ok');
    expect(slaLevel(at(60), now)).toBe('soon');
    expect(slaLevel(at(1), now)).toBe('soon');
    expect(slaLevel(at(-1), now)).toBe('breached');
    expect(slaLevel(at(-1), now, 'shipped')).toBe('done');
  });

  it('says how long is left or how late it is', () => {
    expect(slaText(at(125), now)).toBe('2 h 05 min left');
    expect(slaText(at(-12), now)).toBe('12 min overdue');
  });

  it('orders the most urgent first', () => {
    const rows = [{ due_at: at(300) }, { due_at: at(-30) }, { due_at: at(20) }];
    expect(byUrgency(rows).map((r) => r.due_at)).toEqual([at(-30), at(20), at(300)]);
  });
});
