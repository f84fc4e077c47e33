// Keyboard shortcuts in scopes. The newest scope is asked first; a modal scope (a dialog) hides the ones below it.
// Keys are KeyboardEvent.key values with modifiers in front: "F2", "Escape", "/", "?", "Alt+1", "Ctrl+Enter".

export interface ShortcutOptions {
  /** Run even while a text field has focus (function keys and Escape usually should). */
  inInput?: boolean;
}

export type ShortcutHandler = (e: KeyboardEvent) => void;
export type ShortcutSpec = ShortcutHandler | { run: ShortcutHandler; inInput?: boolean; enabled?: () => boolean };

interface Scope {
  map: Record<string, ShortcutSpec>;
  modal: boolean;
}

const scopes: Scope[] = [];

/** Keys that act even inside text fields unless a shortcut says otherwise. */
const FIELD_SAFE = /^(F\d{1,2}|Escape|Alt\+.+|Ctrl\+.+)$/;

export function keyName(e: KeyboardEvent): string {
  const mods: string[] = [];
  if (e.ctrlKey || e.metaKey) mods.push('Ctrl');
  if (e.altKey) mods.push('Alt');
  let key = e.key === ' ' ? 'Space' : e.key;
  if (key.length === 1) key = key.toUpperCase() === key.toLowerCase() ? key : key.toLowerCase();
  // Alt+digit: use the physical digit so layouts that shift digits still work.
  if (e.altKey && /^Digit\d$/.test(e.code)) key = e.code.slice(5);
  return [...mods, key].join('+');
}

export function isTextField(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).tagName !== 'string') return false;
  const el = target as HTMLElement;
  if (el.isContentEditable) return true;
  if (el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  if (el.tagName !== 'INPUT') return false;
  const type = ((el as HTMLInputElement).type || 'text').toLowerCase();
  return !['button', 'submit', 'checkbox', 'radio', 'reset', 'range', 'color', 'file'].includes(type);
}

/** Add a scope of shortcuts; returns the function that removes it. */
export function pushShortcuts(map: Record<string, ShortcutSpec>, opts: { modal?: boolean } = {}): () => void {
  const scope: Scope = { map, modal: opts.modal ?? false };
  scopes.push(scope);
  return () => {
    const i = scopes.indexOf(scope);
    if (i >= 0) scopes.splice(i, 1);
  };
}

/** Dispatch a keydown to the shortcut scopes. Returns true when a shortcut ran. */
export function handleShortcut(e: KeyboardEvent): boolean {
  if (e.defaultPrevented || e.isComposing) return false;
  const name = keyName(e);
  const inField = isTextField(e.target);
  for (let i = scopes.length - 1; i >= 0; i--) {
    const scope = scopes[i];
    const spec = scope.map[name];
    if (spec) {
      const run = typeof spec === 'function' ? spec : spec.run;
      const inInput = typeof spec === 'function' ? FIELD_SAFE.test(name) : (spec.inInput ?? FIELD_SAFE.test(name));
      const enabled = typeof spec === 'function' ? true : (spec.enabled?.() ?? true);
      if (enabled && (!inField || inInput)) {
        e.preventDefault();
        run(e);
        return true;
      }
    }
    if (scope.modal) return false;
  }
  return false;
}

/** For tests. */
export function resetShortcuts(): void {
  scopes.length = 0;
}
