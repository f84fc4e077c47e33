// Global capture of keyboard-wedge barcode scanners.
//
// A scanner "types" a code very fast (a few ms between keys) and ends with Enter. A person types slower. We watch
// every keydown in the capture phase on the window, before any field or shortcut handler sees it, and record every
// printable key of the current sequence, whatever it does afterwards. Gaps between keys are measured with the
// events' timeStamp (when the key was pressed), not with the time we handle them (see gapTo):
//
// - a key that follows the previous one within `maxGapMs` (a "fast" gap) starts holding: it and the keys after it
//   are swallowed (preventDefault and stopPropagation), so the rest of a scan never lands in a field or reaches a
//   shortcut handler;
// - keys before that went through (we could not know yet what they were), but they stay part of the sequence, and
//   each field they went into is remembered as it was before the sequence started;
// - a sequence goes on while keys follow each other within `joinGapMs`, so a few slow gaps (at the start of a burst,
//   or with no usable timeStamp) do not cut it into pieces. A sequence is scanner-like while most of its gaps are
//   fast;
// - Enter within `joinGapMs` after a scanner-like sequence of at least `minLength` keys makes it a scan: the keys
//   that went through are taken back out of their fields, the Enter is swallowed and the whole code is routed;
// - if the sequence stops without Enter, or stops being scanner-like, it was typing after all: the held keys are
//   put into the field where they belong, and nothing is lost.
//
// Routing: the screen on top decides what a scan means (pick screen → scan_pick, carrier handover → tick a
// parcel…) by pushing a handler; with no handler the default one looks the code up (find_by_scan) and opens the
// order.

export interface ScannerOptions {
  /** Called with the scanned code (without the Enter). */
  onScan: (code: string) => void;
  /** A gap between two keys shorter than this (ms) is scanner-fast; such a key starts holding keys back. Default 35. */
  maxGapMs?: number;
  /** Largest gap (ms) between two keys, or the last key and Enter, of one sequence. Default 150. */
  joinGapMs?: number;
  /** Shortest code accepted as a scan. Default 4. */
  minLength?: number;
  /** Clock in ms; injectable for tests. Default Date.now. */
  now?: () => number;
  /** Where to listen. Default window. */
  target?: EventTarget;
}

export interface Scanner {
  /** The keydown handler (exposed for tests); already attached to the target. */
  handleKeydown: (e: KeyboardEvent) => void;
  /** Whether keys are being held back right now (a possible scan is in progress). */
  busy: () => boolean;
  dispose: () => void;
}

type Editable = HTMLInputElement | HTMLTextAreaElement;

interface FieldSnapshot {
  el: Editable;
  value: string;
  start: number | null;
  end: number | null;
}

const MODIFIER_KEYS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock', 'Fn']);

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'tel', 'url', 'email', 'password', 'number', '']);

function asEditable(target: EventTarget | null): Editable | null {
  if (!target || typeof (target as Element).tagName !== 'string') return null;
  const el = target as Element;
  if (el.tagName === 'TEXTAREA') return el as HTMLTextAreaElement;
  if (el.tagName === 'INPUT') {
    const input = el as HTMLInputElement;
    if (TEXT_INPUT_TYPES.has((input.getAttribute('type') ?? '').toLowerCase())) return input;
  }
  return null;
}

function selection(el: Editable): { start: number | null; end: number | null } {
  try {
    return { start: el.selectionStart, end: el.selectionEnd };
  } catch {
    return { start: null, end: null };
  }
}

function fireInput(el: Editable): void {
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

/** Insert text at the caret of a field as if typed, so bound values see it. */
function insertText(el: Editable, text: string): void {
  const { start, end } = selection(el);
  if (start !== null && end !== null && typeof el.setRangeText === 'function') {
    try {
      el.setRangeText(text, start, end, 'end');
      fireInput(el);
      return;
    } catch {
      // fall through: some input types have no selection
    }
  }
  el.value = el.value + text;
  fireInput(el);
}

/** The character a key event types, or null. WebKitGTK can report a digit as key "Unidentified" with a Digit code. */
function printableKey(e: KeyboardEvent): string | null {
  if (e.ctrlKey || e.altKey || e.metaKey) return null;
  if (e.key.length === 1) return e.key;
  if (e.key === 'Unidentified') {
    const m = /^(?:Digit|Numpad)(\d)$/.exec(e.code ?? '');
    if (m) return m[1];
  }
  return null;
}

export function createScanner(options: ScannerOptions): Scanner {
  const maxGap = options.maxGapMs ?? 35;
  const joinGap = Math.max(options.joinGapMs ?? 150, maxGap);
  const minLength = options.minLength ?? 4;
  const now = options.now ?? (() => Date.now());
  const target: EventTarget | undefined =
    options.target ?? (typeof window !== 'undefined' ? window : undefined);

  // The current sequence.
  let chars: string[] = []; // every printable key of it, the ones that went through and the held ones
  let fastGaps = 0;
  let slowGaps = 0;
  let held = ''; // keys swallowed since holding started
  let holdField: Editable | null = null; // where the held keys were meant to go
  let last = -Infinity; // clock time of the sequence's last key
  let lastStamp: number | null = null; // its event timeStamp
  // Fields that keys of the sequence went into, as they were before the first of them.
  let touched: FieldSnapshot[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;

  function clearTimer() {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
  }

  function reset() {
    clearTimer();
    chars = [];
    fastGaps = 0;
    slowGaps = 0;
    held = '';
    holdField = null;
    touched = [];
    lastStamp = null;
  }

  /** Note a field as it is before a key of the sequence goes into it (once per field). */
  function remember(el: Editable) {
    if (!touched.some((t) => t.el === el)) touched.push({ el, value: el.value, ...selection(el) });
  }

  /** Give the held keys to the field they were meant for (the sequence was typing after all). */
  function giveBack() {
    clearTimer();
    const el = holdField;
    if (held && el && el.isConnected && el.ownerDocument.activeElement === el) {
      remember(el);
      insertText(el, held);
    }
    held = '';
    holdField = null;
  }

  /** End the sequence as typing. */
  function release() {
    giveBack();
    reset();
  }

  /** Take the keys that went through back out of the fields they went into. */
  function restoreFields() {
    for (const snap of touched) {
      const el = snap.el;
      if (!el.isConnected || el.value === snap.value) continue;
      el.value = snap.value;
      if (snap.start !== null && snap.end !== null) {
        try {
          el.setSelectionRange(snap.start, snap.end);
        } catch {
          // number inputs have no selection
        }
      }
      fireInput(el);
    }
  }

  function swallow(e: KeyboardEvent) {
    e.preventDefault();
    e.stopPropagation();
    e.stopImmediatePropagation();
  }

  const scannerLike = () => fastGaps > slowGaps;

  /**
   * The time between the previous key and this one. The event's timeStamp is when the key was pressed; the clock
   * is when we get to handle it, which can be much later: WebKitGTK hands the page one key at a time and waits until
   * it is done with the previous one, so a key that goes into a field (input event, re-render) delays all the next
   * ones. Measured in the Tauri window: 3 ms apart by timeStamp, 62 ms apart by Date.now(). The clock is the
   * fallback for events without a usable timeStamp.
   */
  function gapTo(e: KeyboardEvent, at: number): number {
    const stamp = e.timeStamp;
    if (lastStamp !== null && Number.isFinite(stamp) && stamp > 0 && stamp >= lastStamp) return stamp - lastStamp;
    return at - last;
  }

  function handleKeydown(e: KeyboardEvent) {
    if (e.isComposing || MODIFIER_KEYS.has(e.key)) return;
    const at = now();
    const gap = chars.length > 0 ? gapTo(e, at) : Infinity;
    const joined = gap < joinGap;

    if (e.key === 'Enter') {
      if (joined && chars.length >= minLength && scannerLike()) {
        swallow(e);
        const code = chars.join('');
        clearTimer();
        restoreFields();
        reset();
        options.onScan(code);
      } else {
        release();
      }
      return;
    }

    const key = printableKey(e);
    if (key === null) {
      release();
      return;
    }

    const fast = gap < maxGap;
    if (!joined) release();
    else if (fast) fastGaps++;
    else slowGaps++;
    chars.push(key);
    last = at;
    lastStamp = Number.isFinite(e.timeStamp) && e.timeStamp > 0 ? e.timeStamp : null;

    if (fast || (held && scannerLike())) {
      // Part of a burst: keep it out of the page.
      swallow(e);
      if (!held) holdField = asEditable(e.target);
      held += key;
      clearTimer();
      timer = setTimeout(release, joinGap);
      return;
    }
    // Mostly slow after all: a person typing. Give back what was held; this key goes through after it.
    if (held) giveBack();

    // The key goes through. Remember the field it goes into as it was before the sequence touched it.
    const el = asEditable(e.target);
    if (el) remember(el);
  }

  const listener = (e: Event) => handleKeydown(e as KeyboardEvent);
  target?.addEventListener('keydown', listener, { capture: true });

  return {
    handleKeydown,
    busy: () => held.length > 0,
    dispose() {
      target?.removeEventListener('keydown', listener, { capture: true });
      reset();
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Routing
// ---------------------------------------------------------------------------------------------------------------

/** A screen's scan handler. */
export type ScanHandler = (code: string) => void | Promise<void>;

const handlers: ScanHandler[] = [];
let fallback: ScanHandler = () => {};

/** The handler used when no screen claims scans (look the code up and open the order). */
export function setDefaultScanHandler(handler: ScanHandler): void {
  fallback = handler;
}

/** Claim scans while a screen is shown; returns the function that gives them back. The newest claim wins. */
export function pushScanHandler(handler: ScanHandler): () => void {
  handlers.push(handler);
  return () => {
    const i = handlers.lastIndexOf(handler);
    if (i >= 0) handlers.splice(i, 1);
  };
}

/** Send a scanned code to whoever claims scans now. */
export async function routeScan(code: string): Promise<void> {
  const handler = handlers[handlers.length - 1] ?? fallback;
  await handler(code);
}

/** For tests. */
export function resetScanRouting(): void {
  handlers.length = 0;
  fallback = () => {};
}
