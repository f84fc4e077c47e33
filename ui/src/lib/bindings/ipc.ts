// Generated from the Rust types by ts-rs (src-tauri/src/bindings.rs). Do not edit: change the Rust types
// and run `STOREDESK_UPDATE_BINDINGS=1 cargo test --test bindings`.

// ---- Domain (storedesk-domain): the work order and the store's commands

/**
 * What kind of work an order is. Each kind has its own state machine (see [`crate::machine`]).
 */
export type WorkOrderKind = "ship_from_store" | "click_and_collect" | "transfer_out" | "transfer_in";

/**
 * Where a work order stands. Which statuses a kind can be in is given by [`Status::valid_for`].
 */
export type Status = "assigned" | "accepted" | "picking" | "picked" | "packed" | "ready_to_ship" | "ready_for_pickup" | "shipped" | "collected" | "dispatched" | "in_transit" | "received" | "rejected" | "cancelled" | "reassigned";

/**
 * The customer of a packaging order. Personal data: shown only as far as the role needs.
 */
export type Customer = { name: string, phone?: string, email?: string, };

/**
 * A postal address (delivery address, or the other location of a transfer).
 */
export type Address = { name: string, line1: string, line2?: string, postal_code: string, city: string, region?: string, 
/**
 * ISO 3166-1 alpha-2 country code.
 */
country: string, };

/**
 * One rejected quantity of a line, with the OMS reason code.
 */
export type LineRejection = { quantity: number, reason: string, note?: string, };

/**
 * One product line of a work order, with its quantity buckets.
 *
 * Invariants kept by every transition: `accepted + rejected <= requested`, `picked <= accepted`,
 * `packed <= picked`, and for inbound transfers `received + damaged + missing <= requested`.
 */
export type Line = { id: string, sku: string, name: string, 
/**
 * Product barcodes as printed (EAN-13, EAN-8, UPC-A or GTIN-14).
 */
barcodes: Array<string>, image_url?: string, requested: number, accepted: number, rejected: number, picked: number, packed: number, received: number, damaged: number, missing: number, rejections?: Array<LineRejection>, receive_note?: string, };

/**
 * Label formats a carrier label can come in.
 */
export type LabelFormat = "pdf" | "zpl";

/**
 * How many units of a line went into a parcel.
 */
export type ParcelItem = { line_id: string, quantity: number, };

/**
 * A parcel packed by the store. `parcel_ref` is chosen by the store when packing ("1", "2", …) so that it exists
 * before the OMS has seen it; the OMS adds the parcel number, carrier, tracking number and label.
 */
export type Parcel = { parcel_ref: string, box_type: string, weight_g: number, contents: Array<ParcelItem>, 
/**
 * Parcel number printed on the label (e.g. `PCL-000123-1`); set by the OMS.
 */
number?: string, carrier?: string, tracking_number?: string, 
/**
 * Formats in which the OMS offers the carrier label; empty when it has none (yet).
 */
label_formats?: Array<LabelFormat>, 
/**
 * The store has printed and stuck the label on the parcel.
 */
label_attached: boolean, };

/**
 * Click-and-collect details.
 */
export type Pickup = { 
/**
 * SHA-256 (hex) of the customer's pickup code, upper-cased. The plain code is never stored.
 */
code_sha256: string, shelf_location?: string, collected_by?: string, };

/**
 * Dispatch details of an outbound transfer.
 */
export type Dispatch = { carrier: string, tracking_number: string, };

/**
 * An OMS hold: every store action is blocked until it is released.
 */
export type Hold = { reason: string, note?: string, };

/**
 * The OMS asks the store to stop and confirm a cancellation (the work had already started).
 */
export type CancelRequest = { reason: string, requested_at: string, };

/**
 * Why the whole order was rejected.
 */
export type Rejection = { reason: string, note?: string, };

/**
 * A work order assigned to a store: a packaging order or a transfer order.
 */
export type WorkOrder = { 
/**
 * OMS identifier, opaque to the store.
 */
id: string, 
/**
 * Human number printed and scanned (e.g. `PKG-000123`, `TRF-000045`).
 */
number: string, kind: WorkOrderKind, status: Status, 
/**
 * OMS version: goes up by one with every change the OMS accepts.
 */
version: number, 
/**
 * Stock-location code of the store the order is assigned to.
 */
store: string, order_number?: string, channel?: string, customer?: Customer, 
/**
 * Delivery address (ship-from-store) or the other location's address (transfers).
 */
address?: Address, 
/**
 * The other stock location of a transfer.
 */
counterparty?: string, carrier?: string, 
/**
 * Service-level deadline.
 */
due_at: string, created_at: string, updated_at: string, lines: Array<Line>, parcels: Array<Parcel>, pickup?: Pickup, dispatch?: Dispatch, hold?: Hold, cancel_request?: CancelRequest, rejection?: Rejection, 
/**
 * Idempotency keys of the latest store commands the OMS applied to this work order, oldest first (at most
 * [`APPLIED_COMMAND_IDS_KEPT`]). A client retrying a command whose answer was lost can tell from a pulled
 * snapshot whether the command is already in it, and must not apply it on top a second time.
 */
applied_command_ids?: Array<string>, };

/**
 * A reason code from the OMS's catalogue (Akinon: package denial reasons).
 */
export type Reason = { code: string, title: string, active: boolean, };

/**
 * Quantity of one line rejected, with the OMS reason code.
 */
export type LineQuantity = { line_id: string, quantity: number, reason: string, note?: string, };

/**
 * A parcel as the packer makes it.
 */
export type ParcelSpec = { parcel_ref: string, box_type: string, weight_g: number, contents: Array<ParcelItem>, };

/**
 * What arrived for one line of an inbound transfer. `received + damaged + missing` must equal the requested
 * quantity: every unit is accounted for.
 */
export type ReceiveLine = { line_id: string, received: number, damaged: number, missing: number, note?: string, };

/**
 * A store command. On the wire the tag is the command slug (`{"slug": "pick", "line_id": …}`).
 */
export type Command = { "slug": "accept" } | { "slug": "reject", reason: string, note?: string, } | { "slug": "reject_lines", lines: Array<LineQuantity>, } | { "slug": "pick", line_id: string, quantity: number, barcode?: string, } | { "slug": "short_pick", line_id: string, quantity: number, reason: string, note?: string, } | { "slug": "complete_pick" } | { "slug": "pack", parcels: Array<ParcelSpec>, } | { "slug": "attach_label", parcel_ref: string, tracking_number?: string, } | { "slug": "handover_to_carrier", parcel_refs: Array<string>, } | { "slug": "mark_ready_for_pickup", shelf_location: string, } | { "slug": "handover_to_customer", pickup_code: string, collected_by: string, } | { "slug": "dispatch", carrier: string, tracking_number: string, } | { "slug": "receive", lines: Array<ReceiveLine>, } | { "slug": "acknowledge_cancel" };

/**
 * The command's name without its parameters (the wire slug).
 */
export type CommandKind = "accept" | "reject" | "reject_lines" | "pick" | "short_pick" | "complete_pick" | "pack" | "attach_label" | "handover_to_carrier" | "mark_ready_for_pickup" | "handover_to_customer" | "dispatch" | "receive" | "acknowledge_cancel";

/**
 * Who did it, on which station. Travels with every command and lands in the audit log.
 */
export type Actor = { user_id: string, user_name: string, station: string, };

// ---- Application commands (src-tauri/src/dto.rs)

/**
 * A failed command, as the UI receives it.
 */
export type IpcErrorPayload = { code: string, message: string, };

/**
 * A person's role at the station.
 */
export type Role = "staff" | "manager";

/**
 * A person on the sign-in list.
 */
export type StaffSummary = { id: string, name: string, role: Role, };

/**
 * Who is signed in at this station.
 */
export type Session = { staff: StaffSummary, station: string, 
/**
 * Sign out after this long without a command; 0 = never.
 */
idle_timeout_secs: number, };

/**
 * What the UI needs before anybody signs in.
 */
export type AppInfo = { version: string, 
/**
 * Running against the embedded OMS simulator: show the demo banner.
 */
demo: boolean, 
/**
 * The OMS the station talks to (in demo mode the simulator on loopback, whose admin API tests use);
 * empty when none is set up.
 */
oms_url: string, station_name: string, 
/**
 * BCP 47 tag ("en", "tr", "pt-BR").
 */
locale: string, 
/**
 * IANA time zone ("Europe/Istanbul").
 */
time_zone: string, 
/**
 * Nobody is on the staff list yet: offer first-run set-up (`staff_bootstrap`).
 */
first_run: boolean, 
/**
 * Everyone who can sign in here (the sign-in screen's tiles), so the first screen needs one round trip.
 */
staff: Array<StaffSummary>, 
/**
 * Who is signed in, if anybody (the window was reloaded during a session).
 */
session: Session | null, };

/**
 * The inbox's tabs.
 */
export type InboxTab = "to_accept" | "picking" | "packing" | "ready_to_ship" | "ready_for_pickup" | "transfers_out" | "transfers_in" | "needs_attention" | "all";

/**
 * One page of one inbox tab.
 */
export type InboxQuery = { tab: InboxTab, 
/**
 * Search text (number, order number, customer, SKU, product name, parcel number or a product barcode).
 */
text: string, offset: number, 
/**
 * At most 500.
 */
limit: number, };

/**
 * One inbox row.
 */
export type InboxRow = { id: string, number: string, kind: WorkOrderKind, status: Status, due_at: string, customer_name: string | null, line_count: number, unit_count: number, has_parked: boolean, cancel_requested: boolean, on_hold: boolean, pending_count: number, 
/**
 * Who is working on it, at this station or another of the store.
 */
claimed_by: string | null, };

/**
 * How many orders each tab holds (ignoring the search text).
 */
export type TabCounts = { to_accept: number, picking: number, packing: number, ready_to_ship: number, ready_for_pickup: number, transfers_out: number, transfers_in: number, needs_attention: number, all: number, };

/**
 * A page of the inbox.
 */
export type InboxPage = { rows: Array<InboxRow>, 
/**
 * Rows in this tab matching the text, over all pages.
 */
total: number, counts: TabCounts, };

/**
 * A successful sign-in: the session and, when the UI asked for it, the inbox page it opens on (one round trip
 * from the PIN to a usable inbox).
 */
export type SignedIn = { session: Session, inbox: InboxPage | null, };

/**
 * One entry of an order's history.
 */
export type HistoryEntry = { at: string, user_name: string, station: string, 
/**
 * `command` (a clerk action sent to the OMS; see `slug`), `synced`, `parked`, `retry_parked`, `discarded`,
 * `claim`, `release`, `print_label`, `reprint_label`.
 */
action: string, 
/**
 * The audit entry's details as compact JSON (the command with its arguments, a reprint's reason, …).
 */
detail: string, 
/**
 * The OMS has it (for `command`); always true for local facts.
 */
synced: boolean, 
/**
 * The command, for `command` entries.
 */
slug?: CommandKind, };

/**
 * An action the OMS refused, waiting for someone to retry or (a manager) discard it.
 */
export type ParkedEntry = { command_id: string, work_order_id: string, work_order_number: string, seq: number, slug: CommandKind, 
/**
 * The OMS's reason code (e.g. `work_order_cancelled`).
 */
code: string, message: string, since: string, attempts: number, 
/**
 * Who recorded the action.
 */
actor: Actor, };

/**
 * Everything the order screen shows.
 */
export type WorkOrderDetail = { 
/**
 * The order as the clerk sees it (the OMS's snapshot with unsent local actions applied). Personal data is
 * trimmed to what the role needs, and the pickup code's hash is never sent.
 */
order: WorkOrder, 
/**
 * Commands possible now, in a stable order.
 */
allowed: Array<CommandKind>, 
/**
 * Newest first.
 */
history: Array<HistoryEntry>, 
/**
 * This order's actions not yet acknowledged by the OMS.
 */
pending: number, parked: Array<ParkedEntry>, 
/**
 * Who is working on it, at this station or another of the store (claims travel through the OMS).
 */
claimed_by: string | null, 
/**
 * The station of the person in `claimed_by`.
 */
claimed_at_station?: string, 
/**
 * Why this station's claim did not hold, while someone else has the order: "Mehmet at Counter 2 claimed
 * this first".
 */
claim_notice?: string, 
/**
 * Demo mode only: the customer's pickup code, which a real customer would show at the counter.
 */
demo_pickup_code?: string, };

/**
 * Progress of a first sync.
 */
export type SyncProgress = { feed: string, pages_done: number, pages_total: number, orders_done: number, orders_total: number, };

/**
 * Online or not, last sync, what waits to be sent.
 */
export type SyncStatus = { online: boolean, last_sync_at: string | null, 
/**
 * The last failure, in words a clerk can act on.
 */
last_error: string | null, pending: number, parked: number, progress: SyncProgress | null, };

/**
 * A carrier label, ready to preview.
 */
export type LabelDocument = { format: LabelFormat, 
/**
 * `application/pdf` or `text/x-zpl`.
 */
mime: string, base64: string, };

/**
 * One person's work today.
 */
export type PersonStats = { user_name: string, 
/**
 * Orders accepted.
 */
accepted: number, 
/**
 * Units picked.
 */
picked: number, 
/**
 * Orders packed.
 */
packed: number, 
/**
 * Rejections per reason code (an order reject counts 1, line rejections and short picks their units).
 */
rejected_by_reason: { [key in string]: number }, };

/**
 * How long pickups have waited on the shelf.
 */
export type AgeBucket = "0-1d" | "1-3d" | "3-7d" | ">7d";

/**
 * Pickups of one age bucket.
 */
export type UncollectedBucket = { bucket: AgeBucket, count: number, };

/**
 * The manager's view of the store's queue.
 */
export type ManagerOverview = { 
/**
 * Cached orders per status (every status, zeros included).
 */
counts_by_status: { [key in Status]?: number }, 
/**
 * Open orders past their deadline (orders waiting for the carrier or the customer excluded).
 */
sla_breached: number, 
/**
 * Open orders due within the next two hours.
 */
at_risk: number, 
/**
 * Work per person since midnight in the store's time zone.
 */
per_person: Array<PersonStats>, 
/**
 * Every bucket, oldest last.
 */
uncollected_by_age: Array<UncollectedBucket>, };

/**
 * The station's settings as the settings screen edits them.
 */
export type Settings = { 
/**
 * Base URL of the OMS; empty when none is set up.
 */
oms_url: string, 
/**
 * This store's stock-location code.
 */
store_code: string, poll_interval_secs: number, station_name: string, 
/**
 * BCP 47 tag: "en", "tr", "pt-BR".
 */
locale: string, 
/**
 * IANA time zone, e.g. "Europe/Istanbul".
 */
time_zone: string, 
/**
 * Sign out after this long without a command; 0 = never.
 */
idle_timeout_secs: number, 
/**
 * Staff (not only managers) may type pick quantities instead of scanning.
 */
staff_may_enter_quantities: boolean, 
/**
 * Run against the embedded OMS simulator.
 */
demo: boolean, 
/**
 * Whether an OMS API token is stored. The token itself is write-only and never sent back.
 */
token_set: boolean, };

/**
 * A printer as the settings screen shows and stores it.
 */
export type PrinterChoice = { "kind": "raw", host: string, port: number, } | { "kind": "cups", queue: string, server?: string, } | { "kind": "system_default" };

/**
 * What a label printer behind a CUPS queue understands (a raw socket printer always takes ZPL).
 */
export type LabelLanguage = "zpl" | "pdf";

/**
 * Label stock in the label printer.
 */
export type LabelStock = "four_by_six" | "a6";

/**
 * Office paper in the document printer.
 */
export type Paper = "a4" | "letter";

/**
 * The station's printers and what goes on the documents (the store's sender address, GS1 prefix, return note).
 */
export type PrintSettings = { 
/**
 * `None`: no label printer set up (labels cannot be printed until one is chosen).
 */
label_printer?: PrinterChoice, 
/**
 * For a CUPS label queue: whether it takes ZPL (`-o raw`) or PDF.
 */
label_language: LabelLanguage, label_stock: LabelStock, 
/**
 * Thermal printer resolution for ZPL: 203 or 300 dpi.
 */
label_dpi: number, 
/**
 * `None`: this PC's default printer.
 */
document_printer?: PrinterChoice, paper: Paper, 
/**
 * Print the parcels' labels as soon as packing is recorded.
 */
print_on_pack: boolean, 
/**
 * The sender on local labels and the header of packing slips and pick lists.
 */
store_name: string, sender?: Address, 
/**
 * GS1 company prefix (6–11 digits): local labels then carry an SSCC in GS1-128.
 */
gs1_company_prefix?: string, 
/**
 * Printed at the foot of packing slips; a standard note when empty.
 */
return_note?: string, };

/**
 * Which of the station's printers.
 */
export type PrinterRole = "label" | "document";

/**
 * A document of one order.
 */
export type OrderDocument = "carrier_label" | "local_label" | "packing_slip";

/**
 * What to print (or preview) for an order.
 */
export type PrintRequest = { document: OrderDocument, 
/**
 * The parcel, for labels.
 */
parcel_ref?: string, 
/**
 * Required when the document was printed before (a reprint).
 */
reason?: string, };

/**
 * A job the printer accepted.
 */
export type PrintOutcome = { 
/**
 * Which printer, as people call it ("label printer 10.0.0.5:9100", "printer 'Office'").
 */
printer: string, 
/**
 * The print system's job id (CUPS request id), or a local id for a raw printer.
 */
job_id: string, 
/**
 * `pdf` or `zpl`.
 */
format: string, 
/**
 * Whether this was a reprint.
 */
reprint: boolean, };

/**
 * A CUPS queue, to choose from in the settings.
 */
export type PrinterQueue = { name: string, server?: string, description?: string, make_and_model?: string, 
/**
 * `idle`, `printing` or `stopped`.
 */
state: string, state_message?: string, accepting_jobs: boolean, is_default: boolean, 
/**
 * A raw socket device (`socket://…`): most likely a label printer.
 */
label_printer: boolean, };

/**
 * Whether one of the station's printers can print now.
 */
export type PrinterCheck = { role: PrinterRole, 
/**
 * No printer of this role is set up (only possible for the label printer).
 */
configured: boolean, printer: string, ready: boolean, 
/**
 * `ready`, `not_configured`, or the print error's code (`printer_unreachable`, `queue_stopped`, …).
 */
code: string, message: string, };

/**
 * One print of an order's document, from the audit log.
 */
export type PrintRecord = { at: string, by: string, 
/**
 * `print`, `reprint`, `void` or `failed`.
 */
action: string, document: OrderDocument, parcel_ref?: string, printer?: string, reason?: string, 
/**
 * The error of a failed print.
 */
error?: string, };

// ---- Events emitted by the backend (src-tauri/src/events.rs)

/**
 * Payload of the `work-arrived` event.
 */
export type WorkArrived = { 
/**
 * New orders waiting to be accepted (or received).
 */
count: number, };

/**
 * Payload of the `order-changed` event.
 */
export type OrderChanged = { id: string, };

export interface EventPayloads {
  "sync-status": SyncStatus;
  "work-arrived": WorkArrived;
  "order-changed": OrderChanged;
}

export type EventName = keyof EventPayloads;
