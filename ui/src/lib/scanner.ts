// Global capture of keyboard-wedge barcode scanners.
//
// A scanner "types" a code very fast (a few ms between keys) and ends with Enter. A person types slower. We watch
// every keydown in the capture phase, before any field or shortcut handler sees it:
//
// - the first printable key of a sequence goes through (we cannot know yet what it is), but we note where it
//   went and what the field looked like before it;
// - every further key that follows the previous one within `maxGapMs` is swallowed (preventDefault and
//   stopPropagation), so a scan never lands in the focused field;
// - Enter within `maxGapMs` after a sequence of at least `minLength` keys makes it a scan: the first key is taken
//   back out of the field, the Enter is swallowed and the code is routed;
// - if the fast sequence stops without Enter (or is too short), it was typing after all: the swallowed keys are
//   put into the field where they belong, and nothing is lost.
//
// Routing: the screen on top decides what a scan means (pick screen → scan_pick, carrier handover → tick a
// parcel…) by pushing a handler; with no handler the default one looks the code up (find_by_scan) and opens the
// order.

export interface ScannerOptions {
  /** Called with the scanned code (without the Enter). */
  onScan: (code: string) => void;
  /** Largest gap between two keys of a scan, in ms. Default 35. */
  maxGapMs?: number;
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

export function createScanner(options: ScannerOptions): Scanner {
  const maxGap = options.maxGapMs ?? 35;
  const minLength = options.minLength ?? 4;
  const now = options.now ?? (() => Date.now());
  const target: EventTarget | undefined =
    options.target ?? (typeof window !== 'undefined' ? window : undefined);

  let chars: string[] = [];
  let held = ''; // keys swallowed so far (every key of the sequence but the first)
  let last = -Infinity;
  let field: FieldSnapshot | null = null;
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
    held = '';
    field = null;
  }

  /** The fast sequence turned out to be typing: give the held keys to the field they were meant for. */
  function release() {
    clearTimer();
    if (held && field && field.el.isConnected) {
      const active = field.el.ownerDocument.activeElement;
      if (active === field.el) insertText(field.el, held);
    }
    reset();
  }

  /** Take the leaked first key back out of the field. */
  function restoreField() {
    if (!field || !field.el.isConnected) return;
    const el = field.el;
    if (el.value !== field.value) {
      el.value = field.value;
      if (field.start !== null && field.end !== null) {
        try {
          el.setSelectionRange(field.start, field.end);
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

  function handleKeydown(e: KeyboardEvent) {
    if (e.isComposing || MODIFIER_KEYS.has(e.key)) return;
    const at = now();
    const fast = chars.length > 0 && at - last < maxGap;

    if (e.key === 'Enter') {
      if (fast && chars.length >= minLength) {
        swallow(e);
        const code = chars.join('');
        restoreField();
        reset();
        options.onScan(code);
      } else {
        release();
      }
      return;
    }

    const printable = e.key.length === 1 && !e.ctrlKey && !e.altKey && !e.metaKey;
    if (!printable) {
      release();
      return;
    }

    if (fast) {
      swallow(e);
      chars.push(e.key);
      held += e.key;
      last = at;
      clearTimer();
      timer = setTimeout(release, maxGap);
      return;
    }

    // A new sequence: let the key through, remember the field as it was before it.
    release();
    chars = [e.key];
    last = at;
    const el = asEditable(e.target);
    field = el ? { el, value: el.value, ...selection(el) } : null;
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
