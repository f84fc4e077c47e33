// Application-wide state: connection to the backend, session, settings, sync status, reason catalogue, clock.

import { api, isNotConnected, IpcError, onSessionLost, toIpcError } from './ipc';
import { configure, DEFAULT_LOCALE, loadCatalogs, SYSTEM_TIME_ZONE } from './i18n';
import { setMuted } from './sound';
import { mark } from './perf';
import type { AppInfo, Reason, Session, Settings, StaffSummary, SyncStatus } from './types';

export type Connection = 'checking' | 'connected' | 'not_connected';

export const app = $state({
  connection: 'checking' as Connection,
  /** Known before sign-in: demo mode, station, locale, first run. */
  info: null as AppInfo | null,
  session: null as Session | null,
  /** Whose PIN is being typed: the signed-in screens are built for them, hidden, while they type. */
  staging: null as StaffSummary | null,
  /** Full settings; readable only with someone signed in. */
  settings: null as Settings | null,
  sync: null as SyncStatus | null,
  reasons: [] as Reason[],
  /** Bumped whenever the locale or time zone changes; the UI re-renders under {#key}. */
  localeVersion: 0,
  muted: false,
  helpOpen: false,
  /** Set when the session ended by itself, shown on the sign-in screen. */
  signedOutNotice: null as string | null,
  /** Bumped on every backend change notification (order-changed, work-arrived, sync finished). */
  changeSeq: 0,
  lastChangedId: null as string | null,
  /** The order whose packing was just recorded here (labels then print at once if the station wants it). */
  justPacked: null as string | null,
});

/** A clock for countdowns and "x minutes ago"; ticks every 15 s (App starts the ticker). */
export const clock = $state({ now: Date.now() });

export function isManager(): boolean {
  return app.session?.staff.role === 'manager';
}

/** Whether the signed-in person may type quantities instead of scanning. */
export function mayEnterQuantities(): boolean {
  return isManager() || (app.settings?.staff_may_enter_quantities ?? false);
}

/** Whether the station runs against the built-in demo OMS. */
export function isDemo(): boolean {
  return app.settings?.demo ?? app.info?.demo ?? false;
}

let appliedLocale: string | null = null;

/**
 * Use the station's locale and time zone. The screens re-render (under `{#key app.localeVersion}`) only when
 * one of them actually changed: a re-render rebuilds the inbox and fetches it again, which right after sign-in
 * would double the time to a usable inbox.
 */
export function applyLocale(settings: Pick<Settings, 'locale' | 'time_zone'> | null): Promise<void> {
  const locale = settings?.locale || (typeof navigator !== 'undefined' ? navigator.language : DEFAULT_LOCALE);
  const timeZone = settings?.time_zone || SYSTEM_TIME_ZONE;
  const key = `${locale}|${timeZone}`;
  if (key === appliedLocale) return Promise.resolve();
  appliedLocale = key;
  configure({ locale, timeZone });
  if (typeof document !== 'undefined') {
    document.documentElement.lang = settings?.locale || DEFAULT_LOCALE;
  }
  app.localeVersion++;
  // A language other than English has its catalogue in a chunk of its own: draw again once it is here. The
  // promise resolves then (start-up waits for it, so a Turkish station's first screen is Turkish).
  return loadCatalogs(locale).then((loaded) => {
    if (loaded && appliedLocale === key) app.localeVersion++;
  });
}

export function setSoundMuted(value: boolean): void {
  app.muted = value;
  setMuted(value);
  try {
    localStorage.setItem('storedesk.muted', value ? '1' : '0');
  } catch {
    // storage may be unavailable
  }
}

function markNotConnected(e: unknown): void {
  if (isNotConnected(e)) app.connection = 'not_connected';
}

let earlyInfo: Promise<AppInfo> | null = null;

/** Ask for the app info as soon as the script runs, so the backend answers while the first screen is built;
 * `bootstrap` takes the answer. */
export function requestAppInfoEarly(): void {
  if (earlyInfo) return;
  earlyInfo = api.appInfo();
  // Handled by `bootstrap`; this only keeps an early failure from counting as unhandled.
  earlyInfo.catch(() => undefined);
}

/** First contact with the backend: app info, session, then (signed in) settings, sync status, reasons.
 * Never throws. */
export async function bootstrap(): Promise<void> {
  app.connection = 'checking';
  try {
    const stored = localStorage.getItem('storedesk.muted');
    if (stored === '1') setSoundMuted(true);
  } catch {
    // ignore
  }
  onSessionLost((error) => {
    if (!app.session) return;
    app.session = null;
    app.settings = null;
    app.helpOpen = false;
    app.signedOutNotice = error.message;
  });
  // One round trip before the first screen: the app info carries the staff list and the current session.
  try {
    mark('boot');
    const pending = earlyInfo ?? api.appInfo();
    earlyInfo = null;
    app.info = await pending;
    mark('app-info');
    await applyLocale(app.info);
    app.connection = 'connected';
  } catch (e) {
    await applyLocale(null);
    if (isNotConnected(e)) {
      app.connection = 'not_connected';
      return;
    }
    // The backend answered (with an error): it is there.
    app.connection = 'connected';
  }
  if (app.info?.session) void afterSignIn(app.info.session);
}

/** Reload the app info (before sign-in) or the settings (signed in) and apply their locale. */
export async function refreshSettings(): Promise<void> {
  try {
    if (app.session) {
      app.settings = await api.settingsGet();
      await applyLocale(app.settings);
    } else {
      app.info = await api.appInfo();
      await applyLocale(app.info);
    }
  } catch (e) {
    markNotConnected(e);
  }
}

export async function refreshSync(): Promise<void> {
  try {
    app.sync = await api.syncStatus();
  } catch (e) {
    markNotConnected(e);
  }
}

export async function loadReasons(): Promise<void> {
  try {
    app.reasons = await api.reasons();
  } catch (e) {
    markNotConnected(e);
  }
}

export function activeReasons(): Reason[] {
  return app.reasons.filter((r) => r.active);
}

export function reasonTitle(code: string): string {
  return app.reasons.find((r) => r.code === code)?.title ?? code;
}

/**
 * Someone is signed in: the screens can draw at once (the locale and time zone come with the app info); the full
 * settings, the sync status and the reason list follow without holding up the inbox. The returned promise
 * settles when all three have arrived (or failed, which the connection state shows).
 */
export function afterSignIn(session: Session): Promise<void> {
  app.session = session;
  app.staging = null;
  app.signedOutNotice = null;
  // Let the first screen get and draw its data first (the inbox's first page), then fetch the rest.
  return whenIdle().then(() => Promise.all([refreshSettings(), refreshSync(), loadReasons()])).then(() => undefined);
}

/** Resolves when the page is idle (at the latest after half a second; at once where idle callbacks do not exist). */
function whenIdle(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback !== 'function') {
      resolve();
      return;
    }
    requestIdleCallback(() => resolve(), { timeout: 500 });
  });
}

/** Sign out (by hand or after idle time). */
export async function signOut(notice: string | null = null): Promise<IpcError | null> {
  let error: IpcError | null = null;
  try {
    await api.signOut();
  } catch (e) {
    error = toIpcError(e);
  }
  app.session = null;
  app.staging = null;
  app.settings = null;
  app.signedOutNotice = notice;
  app.helpOpen = false;
  void refreshSettings();
  return error;
}

export function noteChange(id: string | null): void {
  app.lastChangedId = id;
  app.changeSeq++;
}
