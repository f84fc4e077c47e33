// The ONLY module that talks to Tauri. Every other file calls the typed functions exported here.
//
// - Each command has its argument and result types in `Commands`; arguments are camelCase as Tauri 2 expects
//   (it maps them to the Rust parameters' snake_case names), payload fields inside them are the serde JSON.
// - A rejected invoke becomes an `IpcError` with the backend's `{code, message}`; anything else that goes wrong
//   (a string error, an exception, running outside Tauri) becomes an `IpcError` too, so the UI can always show
//   `error.message`.

import { invoke, isTauri } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { t } from './i18n';
import type {
  AppInfo,
  Command,
  EventName,
  EventPayloads,
  InboxPage,
  InboxQuery,
  IpcErrorPayload,
  LabelDocument,
  LabelFormat,
  ManagerOverview,
  ParkedEntry,
  PrintOutcome,
  PrintRecord,
  PrintRequest,
  PrintSettings,
  PrinterCheck,
  PrinterQueue,
  PrinterRole,
  Reason,
  Role,
  Session,
  SignedIn,
  Settings,
  StaffSummary,
  SyncStatus,
  WorkOrderDetail,
} from './types';

/** Error codes produced by the UI itself (never by the backend). */
export const NOT_CONNECTED = 'not_connected';
export const INTERNAL = 'internal';

export class IpcError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'IpcError';
    this.code = code;
  }

  toJSON(): IpcErrorPayload {
    return { code: this.code, message: this.message };
  }
}

function isPayload(e: unknown): e is IpcErrorPayload {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as { code?: unknown }).code === 'string' &&
    typeof (e as { message?: unknown }).message === 'string'
  );
}

/** Turn whatever a rejected invoke produced into an `IpcError` whose message can be shown as it is. */
export function toIpcError(e: unknown): IpcError {
  if (e instanceof IpcError) return e;
  if (isPayload(e)) {
    return new IpcError(e.code, e.message.trim() || t('errors.unknown'));
  }
  if (typeof e === 'string') {
    // Tauri itself rejects with a plain string, e.g. for a command the backend does not have.
    return new IpcError(INTERNAL, e.trim() || t('errors.unknown'));
  }
  if (e instanceof Error) {
    if (/__TAURI_INTERNALS__/.test(e.message)) {
      return new IpcError(NOT_CONNECTED, t('errors.not_connected'));
    }
    return new IpcError(INTERNAL, e.message || t('errors.unknown'));
  }
  if (typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string') {
    return new IpcError(INTERNAL, (e as { message: string }).message || t('errors.unknown'));
  }
  return new IpcError(INTERNAL, t('errors.unknown'));
}

export function isNotConnected(e: unknown): boolean {
  return e instanceof IpcError && e.code === NOT_CONNECTED;
}

/** Whether the page runs inside the Storedesk shell. */
export function connected(): boolean {
  try {
    return isTauri();
  } catch {
    return false;
  }
}

/** The command table: name → [arguments, result]. */
export interface Commands {
  app_info: [undefined, AppInfo];
  staff_list: [undefined, StaffSummary[]];
  staff_bootstrap: [{ name: string; pin: string }, Session];
  sign_in: [{ staffId: string; pin: string; inbox?: InboxQuery }, SignedIn];
  pin_typed: [{ staffId: string; pin: string }, void];
  sign_out: [undefined, void];
  current_session: [undefined, Session | null];
  inbox: [{ query: InboxQuery }, InboxPage];
  work_order: [{ id: string }, WorkOrderDetail];
  act: [{ id: string; command: Command }, WorkOrderDetail];
  scan_pick: [{ id: string; code: string }, WorkOrderDetail];
  find_by_scan: [{ code: string }, string | null];
  reasons: [undefined, Reason[]];
  sync_status: [undefined, SyncStatus];
  sync_now: [undefined, void];
  parked_list: [undefined, ParkedEntry[]];
  retry_parked: [{ commandId: string }, void];
  discard_parked: [{ commandId: string }, void];
  label: [{ id: string; parcelRef: string; format: LabelFormat }, LabelDocument];
  print_settings_get: [undefined, PrintSettings];
  print_settings_set: [{ settings: PrintSettings }, void];
  printers_discover: [{ server?: string }, PrinterQueue[]];
  printer_check: [{ role: PrinterRole }, PrinterCheck];
  print_test: [{ role: PrinterRole }, PrintOutcome];
  print_document: [{ id: string; request: PrintRequest }, PrintOutcome];
  document_preview: [{ id: string; request: PrintRequest }, LabelDocument];
  print_history: [{ id: string }, PrintRecord[]];
  void_label: [{ id: string; parcelRef: string; reason: string }, void];
  print_pick_list: [{ ids: string[] }, PrintOutcome];
  manager_overview: [undefined, ManagerOverview];
  claim: [{ id: string }, void];
  release: [{ id: string }, void];
  settings_get: [undefined, Settings];
  settings_set: [{ settings: Settings; token?: string }, void];
  staff_add: [{ name: string; role: Role; pin: string }, void];
  staff_reset_pin: [{ staffId: string; pin: string }, void];
}

export type CommandName = keyof Commands;
export type ArgsOf<K extends CommandName> = Commands[K][0];
export type ResultOf<K extends CommandName> = Commands[K][1];

/** Codes meaning "nobody is signed in any more" (the backend has its own idle timeout). */
export const SESSION_LOST_CODES: readonly string[] = ['session_expired', 'not_signed_in'];
const SESSIONLESS: readonly CommandName[] = ['app_info', 'staff_list', 'staff_bootstrap', 'sign_in', 'pin_typed', 'current_session'];
let sessionLost: ((error: IpcError) => void) | null = null;

/** Called when a command fails because the session is gone, so the app can return to sign-in. */
export function onSessionLost(handler: ((error: IpcError) => void) | null): void {
  sessionLost = handler;
}

/** Invoke a backend command with typed arguments and result; rejects only with `IpcError`. */
export async function call<K extends CommandName>(
  cmd: K,
  ...args: ArgsOf<K> extends undefined ? [] : [ArgsOf<K>]
): Promise<ResultOf<K>> {
  if (!connected()) throw new IpcError(NOT_CONNECTED, t('errors.not_connected'));
  try {
    const payload = args[0] as Record<string, unknown> | undefined;
    return (await invoke(cmd, payload)) as ResultOf<K>;
  } catch (e) {
    const error = toIpcError(e);
    if (SESSION_LOST_CODES.includes(error.code) && !SESSIONLESS.includes(cmd)) sessionLost?.(error);
    throw error;
  }
}

/** Typed wrappers, one per backend command. */
export const api = {
  appInfo: () => call('app_info'),
  staffList: () => call('staff_list'),
  staffBootstrap: (name: string, pin: string) => call('staff_bootstrap', { name, pin }),
  /** The PIN typed so far, checked ahead of the sign-in (answers nothing about it). */
  pinTyped: (staffId: string, pin: string) => call('pin_typed', { staffId, pin }),
  /** With `inbox`, the answer also carries that inbox page: the screen after sign-in draws without another call. */
  signIn: (staffId: string, pin: string, inbox?: InboxQuery) =>
    call('sign_in', inbox ? { staffId, pin, inbox } : { staffId, pin }),
  signOut: () => call('sign_out'),
  currentSession: () => call('current_session'),
  inbox: (query: InboxQuery) => call('inbox', { query }),
  workOrder: (id: string) => call('work_order', { id }),
  act: (id: string, command: Command) => call('act', { id, command }),
  scanPick: (id: string, code: string) => call('scan_pick', { id, code }),
  findByScan: (code: string) => call('find_by_scan', { code }),
  reasons: () => call('reasons'),
  syncStatus: () => call('sync_status'),
  syncNow: () => call('sync_now'),
  parkedList: () => call('parked_list'),
  retryParked: (commandId: string) => call('retry_parked', { commandId }),
  discardParked: (commandId: string) => call('discard_parked', { commandId }),
  label: (id: string, parcelRef: string, format: LabelFormat) => call('label', { id, parcelRef, format }),
  printSettingsGet: () => call('print_settings_get'),
  printSettingsSet: (settings: PrintSettings) => call('print_settings_set', { settings }),
  printersDiscover: (server?: string) => call('printers_discover', server ? { server } : {}),
  printerCheck: (role: PrinterRole) => call('printer_check', { role }),
  printTest: (role: PrinterRole) => call('print_test', { role }),
  printDocument: (id: string, request: PrintRequest) => call('print_document', { id, request }),
  documentPreview: (id: string, request: PrintRequest) => call('document_preview', { id, request }),
  printHistory: (id: string) => call('print_history', { id }),
  voidLabel: (id: string, parcelRef: string, reason: string) => call('void_label', { id, parcelRef, reason }),
  printPickList: (ids: string[]) => call('print_pick_list', { ids }),
  managerOverview: () => call('manager_overview'),
  claim: (id: string) => call('claim', { id }),
  release: (id: string) => call('release', { id }),
  settingsGet: () => call('settings_get'),
  settingsSet: (settings: Settings, token?: string) =>
    call('settings_set', token ? { settings, token } : { settings }),
  staffAdd: (name: string, role: Role, pin: string) => call('staff_add', { name, role, pin }),
  staffResetPin: (staffId: string, pin: string) => call('staff_reset_pin', { staffId, pin }),
};

export type Api = typeof api;

/**
 * Listen to a backend event. Resolves to a function that stops listening; outside Tauri it resolves to a no-op,
 * so callers never need to care.
 */
export async function subscribe<E extends EventName>(
  name: E,
  handler: (payload: EventPayloads[E]) => void,
): Promise<() => void> {
  if (!connected()) return () => {};
  try {
    const unlisten = await listen<EventPayloads[E]>(name, (event) => handler(event.payload));
    return unlisten;
  } catch {
    return () => {};
  }
}
