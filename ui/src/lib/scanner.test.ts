import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from '@testing-library/svelte';
import { tick } from 'svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn(), isTauri: vi.fn(() => true) }));
vi.mock('./sound', () => ({ play: vi.fn(), setMuted: vi.fn() }));

import { createScanner, pushScanHandler, resetScanRouting, routeScan, setDefaultScanHandler, type Scanner } from './scanner';
import { handleShortcut, pushShortcuts, resetShortcuts } from './shortcuts';
import PickPanel from './order/PickPanel.svelte';
import { callsOf, mockBackend } from '../test/backend';
import { detail, line, order } from '../test/fixtures';
import { configure } from './i18n';
import { app } from './state.svelte';

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

// ---------------------------------------------------------------------------------------------------------------
// The Tauri window (WebKitGTK under Xvfb, keys from `xdotool type --delay 5`): the page gets one key at a time and
// only after it is done with the previous one, so a key that goes into a field (input event, re-render) delays the
// handling of every key after it, while the event's timeStamp still says when the key was pressed.
// ---------------------------------------------------------------------------------------------------------------

interface Press {
  key: string;
  code?: string;
  /** When the key was pressed (the event's timeStamp); 0 = no usable timeStamp. */
  stamp: number;
}

/** What the browser does with a key nobody prevented: a character goes into a text or number field. */
function defaultAction(el: Element, ev: KeyboardEvent, key: string) {
  if (ev.defaultPrevented || key.length !== 1 || !(el instanceof HTMLInputElement)) return;
  if (el.type === 'number') {
    if (!/\d/.test(key)) return;
    el.value = el.value + key; // number inputs have no selection
  } else {
    const start = el.selectionStart ?? el.value.length;
    const end = el.selectionEnd ?? el.value.length;
    el.setRangeText(key, start, end, 'end');
  }
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

/**
 * Deliver presses the way WebKitGTK does: each is handled no earlier than it was pressed and not before the page is
 * done with the previous one; a key that went through costs the page `workMs`, a swallowed one next to nothing.
 */
function deliver(presses: Press[], workMs: number | ((i: number) => number)): KeyboardEvent[] {
  const events: KeyboardEvent[] = [];
  const work = typeof workMs === 'number' ? () => workMs : workMs;
  let busyUntil = Date.now();
  for (const [i, p] of presses.entries()) {
    const pressedAt = p.stamp > 0 ? p.stamp : busyUntil;
    const handleAt = Math.max(pressedAt, busyUntil);
    vi.advanceTimersByTime(Math.max(0, handleAt - Date.now()));
    const el = (document.activeElement as HTMLElement | null) ?? document.body;
    const ev = new KeyboardEvent('keydown', { key: p.key, code: p.code ?? '', bubbles: true, cancelable: true });
    Object.defineProperty(ev, 'timeStamp', { value: p.stamp });
    el.dispatchEvent(ev);
    events.push(ev);
    defaultAction(el, ev, p.key);
    busyUntil = Date.now() + (ev.defaultPrevented ? 1 : work(i));
  }
  return events;
}

/** A scanner burst: the code then Enter, pressed `gapMs` apart from `start` on; stamps 0 when `stamps` is false. */
function burst(code: string, start: number, gapMs = 5, stamps = true): Press[] {
  return [...code.split(''), 'Enter'].map((key, i) => ({ key, stamp: stamps ? start + i * gapMs : 0 }));
}

const FIRST = '8691234000434';
const SECOND = '5901234123457';

describe('scanner: bursts in the Tauri window (WebKitGTK)', () => {
  let scanner: Scanner;
  let onScan: ReturnType<typeof vi.fn<(code: string) => void>>;
  const made: HTMLElement[] = [];

  function make<K extends keyof HTMLElementTagNameMap>(tag: K, setup: (el: HTMLElementTagNameMap[K]) => void = () => {}) {
    const el = document.createElement(tag);
    setup(el);
    document.body.appendChild(el);
    made.push(el);
    return el;
  }

  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
    onScan = vi.fn<(code: string) => void>();
    scanner = createScanner({ onScan });
  });

  afterEach(() => {
    scanner.dispose();
    for (const el of made.splice(0)) el.remove();
    resetShortcuts();
    vi.useRealTimers();
  });

  const focusCases: [string, () => HTMLElement | null][] = [
    ['body', () => null],
    ['a button', () => make('button', (b) => (b.textContent = 'Add'))],
    ['a text field', () => make('input', (i) => (i.type = 'text'))],
    ['the manual-quantity field', () => make('input', (i) => (i.type = 'number'))],
  ];

  for (const [where, focusTarget] of focusCases) {
    it(`gets every digit of two bursts 1.5 s apart, focus on ${where}, keys delayed by the page`, () => {
      const el = focusTarget();
      el?.focus();
      const t0 = Date.now();
      const first = deliver(burst(FIRST, t0), 60);
      vi.advanceTimersByTime(1500);
      const second = deliver(burst(SECOND, Date.now()), 60);
      expect(onScan.mock.calls).toEqual([[FIRST], [SECOND]]);
      // Only the first key of each burst went through, the Enter did not.
      for (const evs of [first, second]) expect(evs.slice(1).every((e) => e.defaultPrevented)).toBe(true);
      if (el instanceof HTMLInputElement) expect(el.value).toBe('');
      expect(scanner.busy()).toBe(false);
    });

    it(`gets every digit when the first keys come slow and without timestamps, focus on ${where}`, () => {
      // The reported failure: 590 of 5901234123457 lost (scan_pick got 1234123457). Without usable timestamps
      // the first three keys are handled 50 ms apart, the rest 3 ms apart; the sequence must still include them.
      const el = focusTarget();
      el?.focus();
      deliver(burst(FIRST, 0, 5, false), 3);
      vi.advanceTimersByTime(1500);
      deliver(burst(SECOND, 0, 5, false), (i) => (i < 3 ? 50 : 3));
      expect(onScan.mock.calls).toEqual([[FIRST], [SECOND]]);
      if (el instanceof HTMLInputElement) expect(el.value).toBe('');
    });
  }

  it('keeps what was in the field before the burst', () => {
    const el = make('input', (i) => (i.type = 'text'));
    el.focus();
    el.value = 'ab';
    el.setSelectionRange(2, 2);
    deliver(burst(SECOND, Date.now()), 60);
    expect(onScan).toHaveBeenCalledWith(SECOND);
    expect(el.value).toBe('ab');
  });

  it('does not let a shortcut handler for digits swallow them during a burst', () => {
    const digitShortcut = vi.fn();
    const keys: Record<string, () => void> = {};
    for (const d of '0123456789') keys[d] = digitShortcut;
    pushShortcuts(keys);
    // The app's own shortcut dispatch (bubbling, on the window) and a greedy listener that eats digits.
    const bubbling = (e: KeyboardEvent) => handleShortcut(e);
    const greedy = (e: KeyboardEvent) => {
      if (/^\d$/.test(e.key)) {
        e.preventDefault();
        e.stopImmediatePropagation();
      }
    };
    window.addEventListener('keydown', bubbling);
    document.addEventListener('keydown', greedy, { capture: true });
    try {
      make('button').focus();
      deliver(burst(FIRST, Date.now()), 60);
      vi.advanceTimersByTime(1500);
      deliver(burst(SECOND, Date.now()), 60);
      expect(onScan.mock.calls).toEqual([[FIRST], [SECOND]]);
      expect(digitShortcut).not.toHaveBeenCalled(); // the greedy listener ate the first keys; the rest never got there
    } finally {
      window.removeEventListener('keydown', bubbling);
      document.removeEventListener('keydown', greedy, { capture: true });
    }
  });

  it('runs a digit shortcut for at most the first key of a burst and still scans every digit', () => {
    const digitShortcut = vi.fn();
    const keys: Record<string, () => void> = {};
    for (const d of '0123456789') keys[d] = digitShortcut;
    pushShortcuts(keys);
    const bubbling = (e: KeyboardEvent) => handleShortcut(e);
    window.addEventListener('keydown', bubbling);
    try {
      deliver(burst(FIRST, Date.now()), 60);
      vi.advanceTimersByTime(1500);
      deliver(burst(SECOND, Date.now()), 60);
      expect(onScan.mock.calls).toEqual([[FIRST], [SECOND]]);
      expect(digitShortcut).toHaveBeenCalledTimes(2);
    } finally {
      window.removeEventListener('keydown', bubbling);
    }
  });

  it('reads a digit WebKitGTK reports as key "Unidentified" from its code', () => {
    const presses = burst(SECOND, Date.now());
    presses[1] = { key: 'Unidentified', code: 'Digit9', stamp: presses[1].stamp };
    deliver(presses, 60);
    expect(onScan).toHaveBeenCalledWith(SECOND);
  });

  it('does not take a person’s keys for a scan when a freeze delivers them all at once', () => {
    const el = make('input', (i) => (i.type = 'text'));
    el.focus();
    // Pressed 120 ms apart, handled back to back after the page froze for a second.
    const t0 = Date.now();
    const presses = [...'12345', 'Enter'].map((key, i) => ({ key, stamp: t0 + i * 120 }));
    vi.advanceTimersByTime(1000);
    const events = deliver(presses, 1);
    expect(onScan).not.toHaveBeenCalled();
    expect(el.value).toBe('12345');
    expect(events.some((e) => e.defaultPrevented)).toBe(false);
  });
});

describe('scanner: pick screen', () => {
  let scanner: Scanner;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(2_000_000);
    resetScanRouting();
    configure({ locale: 'en', timeZone: 'UTC' });
    app.session = { staff: { id: 'm1', name: 'Deniz', role: 'manager' }, station: 'Pack 1', idle_timeout_secs: 300 };
    app.settings = null;
    scanner = createScanner({ onScan: (code) => void routeScan(code) });
  });

  afterEach(() => {
    scanner.dispose();
    resetScanRouting();
    vi.useRealTimers();
  });

  it('sends both bursts whole to scan_pick with focus in the manual-quantity field, and leaves it empty', async () => {
    const d = detail(
      order({
        status: 'picking',
        lines: [
          line({ id: 'L1', accepted: 3, picked: 0, barcodes: [FIRST] }),
          line({ id: 'L2', name: 'Canvas tote', sku: 'SKU-2', barcodes: [SECOND], requested: 1, accepted: 1 }),
        ],
      }),
      ['pick', 'short_pick', 'complete_pick'],
    );
    mockBackend({ scan_pick: () => d });
    const { container } = render(PickPanel, { props: { detail: d, run: vi.fn(), ondetail: vi.fn() } });
    const qty = container.querySelector<HTMLInputElement>('#mq-L1');
    expect(qty).not.toBeNull();
    qty!.focus();
    deliver(burst(FIRST, Date.now()), 60);
    await tick();
    vi.advanceTimersByTime(1500);
    deliver(burst(SECOND, Date.now()), 60);
    await tick();
    await vi.waitFor(() => expect(callsOf('scan_pick')).toHaveLength(2));
    expect(callsOf('scan_pick')).toEqual([
      { id: d.order.id, code: FIRST },
      { id: d.order.id, code: SECOND },
    ]);
    expect(qty!.value).toBe('');
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
