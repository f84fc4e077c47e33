// The IPC contract between the Storedesk UI and the Rust side.
//
// Every type here mirrors the serde JSON of the Rust types exactly:
// - enums are snake_case strings;
// - `Option<T>` with `skip_serializing_if = "Option::is_none"` is an optional key (`key?: T`), while a plain
//   `Option<T>` is always present and may be `null` (`key: T | null`);
// - `Vec<T>` with `skip_serializing_if = "Vec::is_empty"` is an optional key;
// - `DateTime<Utc>` is an RFC 3339 string;
// - `Command` is internally tagged by `slug`.
// The Rust side will generate bindings later and a test compares them with this file: keep the names.

// ---------------------------------------------------------------------------------------------------------------
// Domain: model.rs
// ---------------------------------------------------------------------------------------------------------------

/** RFC 3339 timestamp (`DateTime<Utc>`). */
export type Rfc3339 = string;

export type WorkOrderKind = 'ship_from_store' | 'click_and_collect' | 'transfer_out' | 'transfer_in';

export const WORK_ORDER_KINDS: readonly WorkOrderKind[] = [
  'ship_from_store',
  'click_and_collect',
  'transfer_out',
  'transfer_in',
];

export type Status =
  | 'assigned'
  | 'accepted'
  | 'picking'
  | 'picked'
  | 'packed'
  | 'ready_to_ship'
  | 'ready_for_pickup'
  | 'shipped'
  | 'collected'
  | 'dispatched'
  | 'in_transit'
  | 'received'
  | 'rejected'
  | 'cancelled'
  | 'reassigned';

export const STATUSES: readonly Status[] = [
  'assigned',
  'accepted',
  'picking',
  'picked',
  'packed',
  'ready_to_ship',
  'ready_for_pickup',
  'shipped',
  'collected',
  'dispatched',
  'in_transit',
  'received',
  'rejected',
  'cancelled',
  'reassigned',
];

export const TERMINAL_STATUSES: readonly Status[] = [
  'shipped',
  'collected',
  'dispatched',
  'received',
  'rejected',
  'cancelled',
  'reassigned',
];

export interface Customer {
  name: string;
  phone?: string;
  email?: string;
}

export interface Address {
  name: string;
  line1: string;
  line2?: string;
  postal_code: string;
  city: string;
  region?: string;
  /** ISO 3166-1 alpha-2 country code. */
  country: string;
}

export interface LineRejection {
  quantity: number;
  reason: string;
  note?: string;
}

export interface Line {
  id: string;
  sku: string;
  name: string;
  barcodes: string[];
  image_url?: string;
  requested: number;
  accepted: number;
  rejected: number;
  picked: number;
  packed: number;
  received: number;
  damaged: number;
  missing: number;
  rejections?: LineRejection[];
  receive_note?: string;
}

export type LabelFormat = 'pdf' | 'zpl';

export interface ParcelItem {
  line_id: string;
  quantity: number;
}

export interface Parcel {
  parcel_ref: string;
  box_type: string;
  weight_g: number;
  contents: ParcelItem[];
  number?: string;
  carrier?: string;
  tracking_number?: string;
  label_formats?: LabelFormat[];
  label_attached: boolean;
}

export interface Pickup {
  code_sha256: string;
  shelf_location?: string;
  collected_by?: string;
}

export interface Dispatch {
  carrier: string;
  tracking_number: string;
}

export interface Hold {
  reason: string;
  note?: string;
}

export interface CancelRequest {
  reason: string;
  requested_at: Rfc3339;
}

export interface Rejection {
  reason: string;
  note?: string;
}

export interface WorkOrder {
  id: string;
  number: string;
  kind: WorkOrderKind;
  status: Status;
  version: number;
  store: string;
  order_number?: string;
  channel?: string;
  customer?: Customer;
  address?: Address;
  counterparty?: string;
  carrier?: string;
  due_at: Rfc3339;
  created_at: Rfc3339;
  updated_at: Rfc3339;
  lines: Line[];
  parcels: Parcel[];
  pickup?: Pickup;
  dispatch?: Dispatch;
  hold?: Hold;
  cancel_request?: CancelRequest;
  rejection?: Rejection;
  applied_command_ids?: string[];
}

export interface Reason {
  code: string;
  title: string;
  active: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Domain: command.rs
// ---------------------------------------------------------------------------------------------------------------

export interface LineQuantity {
  line_id: string;
  quantity: number;
  reason: string;
  note?: string;
}

export interface ParcelSpec {
  parcel_ref: string;
  box_type: string;
  weight_g: number;
  contents: ParcelItem[];
}

export interface ReceiveLine {
  line_id: string;
  received: number;
  damaged: number;
  missing: number;
  note?: string;
}

export type Command =
  | { slug: 'accept' }
  | { slug: 'reject'; reason: string; note?: string }
  | { slug: 'reject_lines'; lines: LineQuantity[] }
  | { slug: 'pick'; line_id: string; quantity: number; barcode?: string }
  | { slug: 'short_pick'; line_id: string; quantity: number; reason: string; note?: string }
  | { slug: 'complete_pick' }
  | { slug: 'pack'; parcels: ParcelSpec[] }
  | { slug: 'attach_label'; parcel_ref: string; tracking_number?: string }
  | { slug: 'handover_to_carrier'; parcel_refs: string[] }
  | { slug: 'mark_ready_for_pickup'; shelf_location: string }
  | { slug: 'handover_to_customer'; pickup_code: string; collected_by: string }
  | { slug: 'dispatch'; carrier: string; tracking_number: string }
  | { slug: 'receive'; lines: ReceiveLine[] }
  | { slug: 'acknowledge_cancel' };

export type CommandKind =
  | 'accept'
  | 'reject'
  | 'reject_lines'
  | 'pick'
  | 'short_pick'
  | 'complete_pick'
  | 'pack'
  | 'attach_label'
  | 'handover_to_carrier'
  | 'mark_ready_for_pickup'
  | 'handover_to_customer'
  | 'dispatch'
  | 'receive'
  | 'acknowledge_cancel';

export const COMMAND_KINDS: readonly CommandKind[] = [
  'accept',
  'reject',
  'reject_lines',
  'pick',
  'short_pick',
  'complete_pick',
  'pack',
  'attach_label',
  'handover_to_carrier',
  'mark_ready_for_pickup',
  'handover_to_customer',
  'dispatch',
  'receive',
  'acknowledge_cancel',
];

// ---------------------------------------------------------------------------------------------------------------
// Application commands (the Tauri layer)
// ---------------------------------------------------------------------------------------------------------------

/** Every rejected command arrives as this object. */
export interface IpcErrorPayload {
  code: string;
  message: string;
}

export type Role = 'staff' | 'manager';

export interface StaffSummary {
  id: string;
  name: string;
  role: Role;
}

export interface Session {
  staff: StaffSummary;
  station: string;
  /** Sign out after this long without input; 0 = never. */
  idle_timeout_secs: number;
}

/** What the UI needs before anybody signs in (`app_info`). */
export interface AppInfo {
  version: string;
  /** Running against the embedded OMS simulator: show the demo banner. */
  demo: boolean;
  oms_url: string;
  station_name: string;
  locale: string;
  time_zone: string;
  /** Nobody is on the staff list yet: offer first-run set-up (`staff_bootstrap`). */
  first_run: boolean;
  /** Everyone who can sign in here (the sign-in screen's tiles). */
  staff: StaffSummary[];
  /** Who is signed in, if anybody (the window was reloaded during a session). */
  session: Session | null;
}

export type InboxTab =
  | 'to_accept'
  | 'picking'
  | 'packing'
  | 'ready_to_ship'
  | 'ready_for_pickup'
  | 'transfers_out'
  | 'transfers_in'
  | 'needs_attention'
  | 'all';

export const INBOX_TABS: readonly InboxTab[] = [
  'to_accept',
  'picking',
  'packing',
  'ready_to_ship',
  'ready_for_pickup',
  'transfers_out',
  'transfers_in',
  'needs_attention',
  'all',
];

export interface InboxQuery {
  tab: InboxTab;
  text: string;
  offset: number;
  limit: number;
}

export interface InboxRow {
  id: string;
  number: string;
  kind: WorkOrderKind;
  status: Status;
  due_at: Rfc3339;
  customer_name: string | null;
  line_count: number;
  unit_count: number;
  has_parked: boolean;
  cancel_requested: boolean;
  on_hold: boolean;
  pending_count: number;
  claimed_by: string | null;
}

/** How many orders each tab holds (ignoring the search text). */
export interface TabCounts {
  to_accept: number;
  picking: number;
  packing: number;
  ready_to_ship: number;
  ready_for_pickup: number;
  transfers_out: number;
  transfers_in: number;
  needs_attention: number;
  all: number;
}

export interface InboxPage {
  rows: InboxRow[];
  total: number;
  counts: TabCounts;
}

/** A successful sign-in (`sign_in`): the session and, when asked for, the first page of the inbox. */
export interface SignedIn {
  session: Session;
  inbox: InboxPage | null;
}

export interface HistoryEntry {
  at: Rfc3339;
  user_name: string;
  station: string;
  /** `command` (see `slug`), `synced`, `parked`, `retry_parked`, `discarded`, `claim`, `release`, `print_label`,
   * `reprint_label`. */
  action: string;
  /** Compact JSON: the command with its arguments, a reprint's reason, … */
  detail: string;
  synced: boolean;
  /** The command, for `command` entries. */
  slug?: CommandKind;
}

export interface Actor {
  user_id: string;
  user_name: string;
  station: string;
}

export interface ParkedEntry {
  command_id: string;
  work_order_id: string;
  work_order_number: string;
  seq: number;
  slug: CommandKind;
  code: string;
  message: string;
  since: Rfc3339;
  attempts: number;
  actor: Actor;
}

export interface WorkOrderDetail {
  order: WorkOrder;
  allowed: CommandKind[];
  /** Newest first. */
  history: HistoryEntry[];
  pending: number;
  parked: ParkedEntry[];
  /** Who is working on it, at this station or another of the store (claims travel through the OMS). */
  claimed_by: string | null;
  /** The station of the person in `claimed_by`. */
  claimed_at_station?: string;
  /** Why this station's claim did not hold: "Mehmet at Counter 2 claimed this first". */
  claim_notice?: string;
  /** Demo mode only: the customer's pickup code. */
  demo_pickup_code?: string;
}

export interface SyncProgress {
  feed: string;
  pages_done: number;
  pages_total: number;
  orders_done: number;
  orders_total: number;
}

export interface SyncStatus {
  online: boolean;
  last_sync_at: Rfc3339 | null;
  last_error: string | null;
  pending: number;
  parked: number;
  progress: SyncProgress | null;
}

export interface LabelDocument {
  format: LabelFormat;
  mime: string;
  base64: string;
}

export interface PersonStats {
  user_name: string;
  accepted: number;
  picked: number;
  packed: number;
  rejected_by_reason: Record<string, number>;
}

export type AgeBucket = '0-1d' | '1-3d' | '3-7d' | '>7d';

export const AGE_BUCKETS: readonly AgeBucket[] = ['0-1d', '1-3d', '3-7d', '>7d'];

export interface UncollectedBucket {
  bucket: AgeBucket;
  count: number;
}

export interface ManagerOverview {
  /** A map: statuses with no orders may be left out. */
  counts_by_status: Partial<Record<Status, number>>;
  sla_breached: number;
  at_risk: number;
  per_person: PersonStats[];
  uncollected_by_age: UncollectedBucket[];
}

export interface Settings {
  oms_url: string;
  store_code: string;
  poll_interval_secs: number;
  station_name: string;
  /** BCP 47 tag: "en", "tr", "pt-BR". */
  locale: string;
  /** IANA time zone, e.g. "Europe/Istanbul". */
  time_zone: string;
  idle_timeout_secs: number;
  staff_may_enter_quantities: boolean;
  demo: boolean;
  /** Whether an OMS token is stored. The token itself is write-only and never sent back. */
  token_set: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Events emitted by the backend
// ---------------------------------------------------------------------------------------------------------------

export interface WorkArrived {
  count: number;
}

export interface OrderChanged {
  id: string;
}

export interface EventPayloads {
  'sync-status': SyncStatus;
  'work-arrived': WorkArrived;
  'order-changed': OrderChanged;
}

export type EventName = keyof EventPayloads;

/** Error codes the UI treats specially. Others are shown with their message. */
export type ScanErrorCode = 'unknown_barcode' | 'wrong_item' | 'over_pick' | 'not_a_product';

export const SCAN_ERROR_CODES: readonly ScanErrorCode[] = [
  'unknown_barcode',
  'wrong_item',
  'over_pick',
  'not_a_product',
];

// ---------------------------------------------------------------------------------------------------------------
// Printing (src-tauri/src/printing.rs, src-tauri/src/commands/printing.rs): used as generated, nothing to mirror.
// ---------------------------------------------------------------------------------------------------------------

export type {
  LabelLanguage,
  LabelStock,
  OrderDocument,
  Paper,
  PrintOutcome,
  PrintRecord,
  PrintRequest,
  PrintSettings,
  PrinterCheck,
  PrinterChoice,
  PrinterQueue,
  PrinterRole,
} from './bindings/ipc';
