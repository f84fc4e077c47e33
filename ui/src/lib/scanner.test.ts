import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createScanner, pushScanHandler, resetScanRouting, routeScan, setDefaultScanHandler, type Scanner } from './scanner';

/** Press keys on `el` with `gapMs` between them, doing what a browser would for keys nobody prevented. */
function type(el: HTMLElement, keys: string[], gapMs: number): KeyboardEvent[] {
  const events: KeyboardEvent[] = [];
  for (const key of keys) {
    const ev = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
    el.dispatchEvent(ev);
    events.push(ev);
    if (!ev.defaultPrevented && key.length === 1 && el instanceof HTMLInputElement) {
      const start = el.selectionStart ?? el.value.length;
      const end = el.selectionEnd ?? el.value.length;
      el.setRangeText(key, start, end, 'end');
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }
    vi.advanceTimersByTime(gapMs);
  }
  return events;
}

const chars = (s: string) => s.split('');

describe('scanner: bursts vs typing', () => {
  let scanner: Scanner;
  let onScan: ReturnType<typeof vi.fn<(code: string) => void>>;
  let input: HTMLInputElement;

  beforeEach(() => {
    vi.useFakeTimers();
    onScan = vi.fn<(code: string) => void>();
    scanner = createScanner({ onScan, now: () => Date.now() });
    input = document.createElement('input');
    input.type = 'text';
    document.body.appendChild(input);
    input.focus();
  });

  afterEach(() => {
    scanner.dispose();
    input.remove();
    vi.useRealTimers();
  });

  it('recognises a fast burst ending in Enter as a scan and keeps it out of the focused field', () => {
    input.value = 'ab';
    input.setSelectionRange(2, 2);
    const events = type(input, [...chars('4006381333931'), 'Enter'], 5);
    expect(onScan).toHaveBeenCalledTimes(1);
    expect(onScan).toHaveBeenCalledWith('4006381333931');
    expect(input.value).toBe('ab');
    // Every key but the first was swallowed, and so was the Enter.
    expect(events.slice(1).every((e) => e.defaultPrevented)).toBe(true);
  });

  it('leaves normal typing alone', () => {
    const events = type(input, [...chars('hello'), 'Enter'], 120);
    expect(onScan).not.toHaveBeenCalled();
    expect(input.value).toBe('hello');
    expect(events.some((e) => e.defaultPrevented)).toBe(false);
  });

  it('gives held keys back when a fast sequence ends without Enter (quick typist)', () => {
    type(input, chars('th'), 10);
    vi.advanceTimersByTime(100);
    type(input, chars('e'), 100);
    expect(onScan).not.toHaveBeenCalled();
    expect(input.value).toBe('the');
  });

  it('does not treat a burst shorter than 4 characters as a scan', () => {
    const events = type(input, [...chars('123'), 'Enter'], 5);
    expect(onScan).not.toHaveBeenCalled();
    expect(input.value).toBe('123');
    expect(events[events.length - 1].defaultPrevented).toBe(false);
  });

  it('requires gaps under 35 ms', () => {
    type(input, [...chars('400638'), 'Enter'], 40);
    expect(onScan).not.toHaveBeenCalled();
    expect(input.value).toBe('400638');
  });

  it('ignores Shift between characters (upper-case codes)', () => {
    const keys = ['Shift', 'P', 'Shift', 'K', 'Shift', 'G', '-', '0', '0', '1', 'Enter'];
    type(input, keys, 3);
    expect(onScan).toHaveBeenCalledWith('PKG-001');
    expect(input.value).toBe('');
  });

  it('scans with no field focused', () => {
    input.blur();
    type(document.body, [...chars('PCL-000123-1'), 'Enter'], 4);
    expect(onScan).toHaveBeenCalledWith('PCL-000123-1');
  });

  it('handles two scans in a row', () => {
    type(input, [...chars('11112222'), 'Enter'], 5);
    vi.advanceTimersByTime(300);
    type(input, [...chars('33334444'), 'Enter'], 5);
    expect(onScan.mock.calls).toEqual([['11112222'], ['33334444']]);
    expect(input.value).toBe('');
  });
});

describe('scanner: routing', () => {
  afterEach(() => resetScanRouting());

  it('sends scans to the newest handler, then back to the default', async () => {
    const fallback = vi.fn();
    const pick = vi.fn();
    const dialog = vi.fn();
    setDefaultScanHandler(fallback);
    const popPick = pushScanHandler(pick);
    const popDialog = pushScanHandler(dialog);
    await routeScan('A');
    popDialog();
    await routeScan('B');
    popPick();
    await routeScan('C');
    expect(dialog).toHaveBeenCalledWith('A');
    expect(pick).toHaveBeenCalledWith('B');
    expect(fallback).toHaveBeenCalledWith('C');
  });
});
