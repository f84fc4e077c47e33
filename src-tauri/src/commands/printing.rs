//! Printing from the app: carrier labels (the OMS's, kept locally so they print offline), local labels, packing
//! slips and pick lists, to the station's label printer (raw ZPL on port 9100 or a CUPS queue) and document
//! printer; printer settings, discovery, checks and test prints; reprint and void with a reason.
//!
//! Every print, reprint, void and failed print is in the audit log. Printing never changes an order: a failed
//! job leaves the order as it was, and the clerk retries it (the error says which printer and what to do).

use base64::Engine as _;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use storedesk_documents::DocumentError;
use storedesk_domain::{DomainError, LabelFormat, OmsConnector, WorkOrder};
use storedesk_printing::{DocumentFormat, PrintJob, PrinterTarget, QueueState, printer_label};
use storedesk_store::StoreError;
use ts_rs::TS;

use crate::dto::LabelDocument;
use crate::error::{AppError, AppResult};
use crate::printing::PrintSettings;
use crate::state::AppState;

use super::arg;
use super::labels::{label_bytes, mime};

/// Which of the station's printers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PrinterRole {
    Label,
    Document,
}

/// A document of one order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OrderDocument {
    /// The carrier's label for a parcel, as the OMS gave it (PDF or ZPL).
    CarrierLabel,
    /// A label made by Storedesk for a parcel (when the OMS has none, or the carrier has no integration).
    LocalLabel,
    /// The packing slip (A4 or Letter).
    PackingSlip,
}

impl OrderDocument {
    fn as_str(self) -> &'static str {
        match self {
            OrderDocument::CarrierLabel => "carrier_label",
            OrderDocument::LocalLabel => "local_label",
            OrderDocument::PackingSlip => "packing_slip",
        }
    }

    fn is_label(self) -> bool {
        matches!(
            self,
            OrderDocument::CarrierLabel | OrderDocument::LocalLabel
        )
    }
}

/// What to print (or preview) for an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PrintRequest {
    pub document: OrderDocument,
    /// The parcel, for labels.
    #[serde(default)]
    #[ts(optional)]
    pub parcel_ref: Option<String>,
    /// Required when the document was printed before (a reprint).
    #[serde(default)]
    #[ts(optional)]
    pub reason: Option<String>,
}

/// A job the printer accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PrintOutcome {
    /// Which printer, as people call it ("label printer 10.0.0.5:9100", "printer 'Office'").
    pub printer: String,
    /// The print system's job id (CUPS request id), or a local id for a raw printer.
    pub job_id: String,
    /// `pdf` or `zpl`.
    pub format: String,
    /// Whether this was a reprint.
    pub reprint: bool,
}

/// A CUPS queue, to choose from in the settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PrinterQueue {
    pub name: String,
    #[ts(optional)]
    pub server: Option<String>,
    #[ts(optional)]
    pub description: Option<String>,
    #[ts(optional)]
    pub make_and_model: Option<String>,
    /// `idle`, `printing` or `stopped`.
    pub state: String,
    #[ts(optional)]
    pub state_message: Option<String>,
    pub accepting_jobs: bool,
    pub is_default: bool,
    /// A raw socket device (`socket://…`): most likely a label printer.
    pub label_printer: bool,
}

/// Whether one of the station's printers can print now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PrinterCheck {
    pub role: PrinterRole,
    /// No printer of this role is set up (only possible for the label printer).
    pub configured: bool,
    pub printer: String,
    pub ready: bool,
    /// `ready`, `not_configured`, or the print error's code (`printer_unreachable`, `queue_stopped`, …).
    pub code: String,
    pub message: String,
}

/// One print of an order's document, from the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PrintRecord {
    pub at: DateTime<Utc>,
    pub by: String,
    /// `print`, `reprint`, `void` or `failed`.
    pub action: String,
    pub document: OrderDocument,
    #[ts(optional)]
    pub parcel_ref: Option<String>,
    #[ts(optional)]
    pub printer: Option<String>,
    #[ts(optional)]
    pub reason: Option<String>,
    /// The error of a failed print.
    #[ts(optional)]
    pub error: Option<String>,
}

impl From<storedesk_printing::PrintError> for AppError {
    fn from(e: storedesk_printing::PrintError) -> Self {
        AppError::new(e.code(), e.to_string())
    }
}

impl From<DocumentError> for AppError {
    fn from(e: DocumentError) -> Self {
        AppError::new("document_not_printable", e.to_string())
    }
}

const AUDIT_PRINT: &str = "print_document";
const AUDIT_REPRINT: &str = "reprint_document";
const AUDIT_VOID: &str = "void_label";
const AUDIT_FAILED: &str = "print_failed";
/// How far back the audit log is read for an order's prints.
const HISTORY_LIMIT: usize = 500;
/// Most orders on one pick list.
pub const PICK_LIST_MAX: usize = 200;

// ---- settings, discovery, checks -----------------------------------------------------------------------------

/// The station's printing settings.
pub fn print_settings_get(state: &AppState) -> AppResult<PrintSettings> {
    state.require_session()?;
    Ok(state.settings().printing)
}

/// Change the printing settings (a manager).
pub fn print_settings_set(state: &AppState, settings: &PrintSettings) -> AppResult<()> {
    let member = state.require_manager("change the printers")?;
    let validated = settings.validate()?;
    let detail = serde_json::json!({
        "label_printer": validated.label_printer.as_ref().map(|c| printer_label(&c.target())),
        "document_printer": printer_label(&validated.document_target()),
        "print_on_pack": validated.print_on_pack,
    });
    state.set_print_settings(validated)?;
    state.lock_store().append_audit(
        state.now(),
        &state.actor(&member),
        None,
        "printers_changed",
        &detail,
    )?;
    Ok(())
}

/// The CUPS queues of this PC (or of `server`).
pub fn printers_discover(state: &AppState, server: Option<&str>) -> AppResult<Vec<PrinterQueue>> {
    state.require_session()?;
    let server = server.map(str::trim).filter(|s| !s.is_empty());
    let queues = state.printing().discover(server)?;
    Ok(queues
        .into_iter()
        .map(|q| PrinterQueue {
            label_printer: q.is_socket_device(),
            state: match q.state {
                QueueState::Idle => "idle",
                QueueState::Printing => "printing",
                QueueState::Stopped => "stopped",
            }
            .to_string(),
            name: q.name,
            server: q.server,
            description: q.description,
            make_and_model: q.make_and_model,
            state_message: q.state_message,
            accepting_jobs: q.accepting_jobs,
            is_default: q.is_default,
        })
        .collect())
}

fn target_of(settings: &PrintSettings, role: PrinterRole) -> Option<PrinterTarget> {
    match role {
        PrinterRole::Label => settings.label_printer.as_ref().map(|c| c.target()),
        PrinterRole::Document => Some(settings.document_target()),
    }
}

/// Whether the label or document printer can print now (shown before packing starts, and in the settings).
pub fn printer_check(state: &AppState, role: PrinterRole) -> AppResult<PrinterCheck> {
    state.require_session()?;
    let settings = state.settings().printing;
    let Some(target) = target_of(&settings, role) else {
        let e = settings.label_target().unwrap_err();
        return Ok(PrinterCheck {
            role,
            configured: false,
            printer: "no label printer".to_string(),
            ready: false,
            code: "not_configured".to_string(),
            message: e.message,
        });
    };
    let status = state.printing().status(&target);
    Ok(PrinterCheck {
        role,
        configured: true,
        printer: status.printer,
        ready: status.ready,
        code: status.code.to_string(),
        message: status.message,
    })
}

/// Print a test label (ZPL, or a PDF label for a PDF label queue) or a test page.
pub fn print_test(state: &AppState, role: PrinterRole) -> AppResult<PrintOutcome> {
    let member = state.require_session()?;
    let settings = state.settings().printing;
    let (target, job) = match role {
        PrinterRole::Label => {
            let target = settings.label_target()?;
            let job = if settings.labels_as_zpl() {
                PrintJob::test_label()
            } else {
                PrintJob::pdf(
                    "Storedesk test label",
                    storedesk_documents::test_label_pdf(settings.label_size())?,
                )
                .with_media(settings.label_media())
            };
            (target, job)
        }
        PrinterRole::Document => {
            let profile = settings
                .store_profile(&state.settings().store_code)
                .unwrap_or_default();
            let pdf = storedesk_documents::test_page_pdf(
                &profile,
                settings.paper_size(),
                &state.now().with_timezone(&state.settings().tz()),
            )?;
            (
                settings.document_target(),
                PrintJob::test_page(pdf).with_media(settings.paper_media()),
            )
        }
    };
    let format = job.format;
    let job_id = state.printing().print(&target, &job)?;
    let printer = printer_label(&target);
    state.lock_store().append_audit(
        state.now(),
        &state.actor(&member),
        None,
        "print_test",
        &serde_json::json!({ "printer": printer, "job_id": job_id }),
    )?;
    Ok(PrintOutcome {
        printer,
        job_id,
        format: format_name(format),
        reprint: false,
    })
}

fn format_name(format: DocumentFormat) -> String {
    match format {
        DocumentFormat::Pdf => "pdf",
        DocumentFormat::Zpl => "zpl",
        DocumentFormat::Text => "text",
    }
    .to_string()
}

// ---- documents -----------------------------------------------------------------------------------------------

fn order_view(state: &AppState, id: &str) -> AppResult<WorkOrder> {
    state.lock_store().work_order(id)?.ok_or_else(|| {
        StoreError::NotFound {
            work_order_id: id.to_string(),
        }
        .into()
    })
}

/// The SSCC serial of a parcel's local label: the one it already has (reprints carry the same SSCC), else the
/// next of the station's counter. A void retires the parcel's serial.
fn sscc_serial(state: &AppState, id: &str, parcel_ref: &str) -> AppResult<u64> {
    let mut store = state.lock_store();
    let key = format!("sscc_serial:{id}:{parcel_ref}");
    if let Some(v) = store.get_meta(&key)?
        && let Ok(serial) = v.parse::<u64>()
    {
        return Ok(serial);
    }
    let next = store
        .get_meta("sscc_next_serial")?
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(1);
    store.set_meta("sscc_next_serial", &(next + 1).to_string())?;
    store.set_meta(&key, &next.to_string())?;
    Ok(next)
}

/// The bytes of a document and their format, ready for `target` (`None`: the bytes for a preview).
async fn render(
    state: &AppState,
    order: &WorkOrder,
    request: &PrintRequest,
    for_printer: Option<&PrinterTarget>,
) -> AppResult<(DocumentFormat, Vec<u8>)> {
    let settings = state.settings();
    let printing = &settings.printing;
    let parcel_ref = || -> AppResult<&str> {
        let r = request
            .parcel_ref
            .as_deref()
            .ok_or_else(|| AppError::invalid("the parcel is missing"))?;
        let r = arg(r, "the parcel")?;
        if order.parcel(r).is_none() {
            return Err(DomainError::UnknownParcel {
                parcel_ref: r.to_string(),
            }
            .into());
        }
        Ok(r)
    };
    let raw = matches!(for_printer, Some(PrinterTarget::Raw { .. }));
    let want_zpl = match for_printer {
        Some(_) => printing.labels_as_zpl(),
        None => false,
    };
    match request.document {
        OrderDocument::CarrierLabel => {
            let parcel_ref = parcel_ref()?;
            let offered = &order.parcel(parcel_ref).expect("checked").label_formats;
            let format = if offered.is_empty() {
                return Err(DomainError::LabelMissing {
                    parcel_ref: parcel_ref.to_string(),
                }
                .into());
            } else if want_zpl && offered.contains(&LabelFormat::Zpl) {
                LabelFormat::Zpl
            } else if !want_zpl && offered.contains(&LabelFormat::Pdf) {
                LabelFormat::Pdf
            } else if raw || want_zpl {
                // Only a PDF for a printer that takes ZPL: convert it (the one conversion a station needs; a
                // ZPL label goes to a ZPL printer and a PDF label to a PDF printer as they are).
                let (_, pdf) = label_bytes(state, &order.id, parcel_ref, LabelFormat::Pdf).await?;
                let size = printing.label_size();
                let dpi = printing.dpi();
                let zpl = tokio::task::spawn_blocking(move || {
                    storedesk_documents::pdf_to_zpl(&pdf, size, dpi)
                })
                .await
                .map_err(AppError::internal)??;
                return Ok((DocumentFormat::Zpl, zpl.into_bytes()));
            } else {
                return Err(AppError::new(
                    "format_not_supported",
                    "the carrier offers this parcel's label only as ZPL, and the label printer is set up for PDF: print the local label instead, or set the label printer to ZPL in Settings → Printers",
                ));
            };
            let (_, bytes) = label_bytes(state, &order.id, parcel_ref, format).await?;
            let format = match format {
                LabelFormat::Pdf => DocumentFormat::Pdf,
                LabelFormat::Zpl => DocumentFormat::Zpl,
            };
            Ok((format, bytes))
        }
        OrderDocument::LocalLabel => {
            let parcel_ref = parcel_ref()?;
            let profile = printing.store_profile(&settings.store_code)?;
            let serial = if profile.gs1_company_prefix.is_some() {
                sscc_serial(state, &order.id, parcel_ref)?
            } else {
                0
            };
            if want_zpl || raw {
                let zpl = storedesk_documents::local_label_zpl(
                    order,
                    parcel_ref,
                    &profile,
                    printing.label_size(),
                    printing.dpi(),
                    serial,
                )?;
                Ok((DocumentFormat::Zpl, zpl.into_bytes()))
            } else {
                let pdf = storedesk_documents::local_label_pdf(
                    order,
                    parcel_ref,
                    &profile,
                    printing.label_size(),
                    serial,
                )?;
                Ok((DocumentFormat::Pdf, pdf))
            }
        }
        OrderDocument::PackingSlip => {
            let profile = printing.store_profile(&settings.store_code)?;
            let pdf = storedesk_documents::packing_slip_pdf(
                order,
                &profile,
                printing.paper_size(),
                &state.now().with_timezone(&settings.tz()),
            )?;
            Ok((DocumentFormat::Pdf, pdf))
        }
    }
}

/// The document as the preview shows it (labels as PDF where the carrier offers PDF; local labels as PDF).
pub async fn document_preview(
    state: &AppState,
    id: &str,
    request: &PrintRequest,
) -> AppResult<LabelDocument> {
    state.require_session()?;
    let id = arg(id, "the order")?;
    let order = order_view(state, id)?;
    let request = PrintRequest {
        reason: None,
        ..request.clone()
    };
    let (format, bytes) = render(state, &order, &request, None).await?;
    let format = match format {
        DocumentFormat::Zpl => LabelFormat::Zpl,
        _ => LabelFormat::Pdf,
    };
    Ok(LabelDocument {
        format,
        mime: mime(format).to_string(),
        base64: base64::engine::general_purpose::STANDARD.encode(bytes),
    })
}

/// The prints of one order's documents, newest first.
pub fn print_history(state: &AppState, id: &str) -> AppResult<Vec<PrintRecord>> {
    state.require_session()?;
    let id = arg(id, "the order")?;
    let entries = state.lock_store().audit_log(Some(id), HISTORY_LIMIT)?;
    Ok(entries
        .into_iter()
        .filter_map(|e| {
            let action = match e.action.as_str() {
                AUDIT_PRINT => "print",
                AUDIT_REPRINT => "reprint",
                AUDIT_VOID => "void",
                AUDIT_FAILED => "failed",
                _ => return None,
            };
            let document: OrderDocument =
                serde_json::from_value(e.detail.get("document")?.clone()).ok()?;
            let text = |k: &str| e.detail.get(k).and_then(|v| v.as_str()).map(str::to_string);
            Some(PrintRecord {
                at: e.at,
                by: e.user_name,
                action: action.to_string(),
                document,
                parcel_ref: text("parcel_ref"),
                printer: text("printer"),
                reason: text("reason"),
                error: text("error"),
            })
        })
        .collect())
}

/// Whether the document was printed and not voided since (so printing it again is a reprint).
fn printed_before(state: &AppState, id: &str, request: &PrintRequest) -> AppResult<bool> {
    for record in print_history(state, id)? {
        let same_parcel = !request.document.is_label() || record.parcel_ref == request.parcel_ref;
        // A carrier and a local label of a parcel are the same physical label: either counts.
        let same_doc = record.document == request.document
            || (request.document.is_label() && record.document.is_label());
        if !(same_parcel && same_doc) {
            continue;
        }
        match record.action.as_str() {
            "void" => return Ok(false),
            "print" | "reprint" => return Ok(true),
            _ => {}
        }
    }
    Ok(false)
}

/// Print one document of an order. A document printed before needs a reason (a reprint); both are audited, and so
/// is a failure (with the printer's error), so nothing fails to print silently.
pub async fn print_document(
    state: &AppState,
    id: &str,
    request: &PrintRequest,
) -> AppResult<PrintOutcome> {
    let member = state.require_session()?;
    let id = arg(id, "the order")?;
    let order = order_view(state, id)?;
    let reason = request
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_string);
    // A packing slip can be printed as often as needed; a second label for a parcel is a risk (two parcels with
    // one label), so it needs a reason.
    let reprint = request.document.is_label() && printed_before(state, id, request)?;
    if reprint && reason.is_none() {
        return Err(AppError::new(
            "reason_required",
            "this was printed before: say why it is printed again (e.g. label damaged, printer jammed)",
        ));
    }
    let settings = state.settings().printing;
    let target = if request.document.is_label() {
        settings.label_target()?
    } else {
        settings.document_target()
    };
    let (format, bytes) = render(state, &order, request, Some(&target)).await?;
    let parcel_part = request
        .parcel_ref
        .as_deref()
        .map(|p| format!(" parcel {p}"))
        .unwrap_or_default();
    let title = format!(
        "Storedesk {}{parcel_part} {}",
        order.number,
        request.document.as_str().replace('_', " ")
    );
    let media = if request.document.is_label() {
        settings.label_media()
    } else {
        settings.paper_media()
    };
    let job = PrintJob::new(title, format, bytes).with_media(media);
    let printing = state.printing().clone();
    let job_target = target.clone();
    let result = tokio::task::spawn_blocking(move || printing.print(&job_target, &job))
        .await
        .map_err(AppError::internal)?;
    let printer = printer_label(&target);
    let actor = state.actor(&member);
    let mut detail = serde_json::json!({
        "document": request.document,
        "parcel_ref": request.parcel_ref,
        "printer": printer,
        "format": format_name(format),
        "reason": reason,
    });
    match result {
        Ok(job_id) => {
            detail["job_id"] = serde_json::Value::from(job_id.clone());
            let action = if reprint { AUDIT_REPRINT } else { AUDIT_PRINT };
            state
                .lock_store()
                .append_audit(state.now(), &actor, Some(id), action, &detail)?;
            tracing::info!(order = %order.number, document = request.document.as_str(), %printer, %job_id, "printed");
            Ok(PrintOutcome {
                printer,
                job_id,
                format: format_name(format),
                reprint,
            })
        }
        Err(e) => {
            detail["error"] = serde_json::Value::from(e.to_string());
            detail["code"] = serde_json::Value::from(e.code());
            state.lock_store().append_audit(
                state.now(),
                &actor,
                Some(id),
                AUDIT_FAILED,
                &detail,
            )?;
            tracing::warn!(order = %order.number, document = request.document.as_str(), %printer, error = %e, "print failed");
            Err(e.into())
        }
    }
}

/// Void a parcel's label (it was damaged, or stuck on the wrong parcel): audited with the reason; the next print
/// of the parcel's label is a new print, and a local label gets a new SSCC.
pub fn void_label(state: &AppState, id: &str, parcel_ref: &str, reason: &str) -> AppResult<()> {
    let member = state.require_session()?;
    let id = arg(id, "the order")?;
    let parcel_ref = arg(parcel_ref, "the parcel")?;
    let reason = arg(reason, "the reason for voiding the label")?;
    let order = order_view(state, id)?;
    if order.parcel(parcel_ref).is_none() {
        return Err(DomainError::UnknownParcel {
            parcel_ref: parcel_ref.to_string(),
        }
        .into());
    }
    let request = PrintRequest {
        document: OrderDocument::LocalLabel,
        parcel_ref: Some(parcel_ref.to_string()),
        reason: None,
    };
    if !printed_before(state, id, &request)? {
        return Err(AppError::new(
            "nothing_to_void",
            format!(
                "no label of parcel {parcel_ref} has been printed since the last void: there is nothing to void"
            ),
        ));
    }
    let mut store = state.lock_store();
    store.set_meta(&format!("sscc_serial:{id}:{parcel_ref}"), "")?;
    store.append_audit(
        state.now(),
        &state.actor(&member),
        Some(id),
        AUDIT_VOID,
        &serde_json::json!({
            "document": OrderDocument::LocalLabel,
            "parcel_ref": parcel_ref,
            "reason": reason,
        }),
    )?;
    Ok(())
}

/// One pick list for several orders, grouped by product, on the document printer.
pub async fn print_pick_list(state: &AppState, ids: &[String]) -> AppResult<PrintOutcome> {
    let member = state.require_session()?;
    if ids.is_empty() {
        return Err(AppError::invalid(
            "choose at least one order for the pick list",
        ));
    }
    if ids.len() > PICK_LIST_MAX {
        return Err(AppError::invalid(format!(
            "a pick list takes {PICK_LIST_MAX} orders at most; choose fewer"
        )));
    }
    let mut orders = Vec::with_capacity(ids.len());
    for id in ids {
        orders.push(order_view(state, arg(id, "an order")?)?);
    }
    let settings = state.settings();
    let profile = settings.printing.store_profile(&settings.store_code)?;
    let pdf = storedesk_documents::pick_list_pdf(
        &orders,
        &profile,
        settings.printing.paper_size(),
        &state.now().with_timezone(&settings.tz()),
    )?;
    let target = settings.printing.document_target();
    let job = PrintJob::pdf(
        format!("Storedesk pick list ({} orders)", orders.len()),
        pdf,
    )
    .with_media(settings.printing.paper_media());
    let printing = state.printing().clone();
    let job_target = target.clone();
    let job_id = tokio::task::spawn_blocking(move || printing.print(&job_target, &job))
        .await
        .map_err(AppError::internal)??;
    let printer = printer_label(&target);
    let numbers: Vec<&str> = orders.iter().map(|o| o.number.as_str()).collect();
    state.lock_store().append_audit(
        state.now(),
        &state.actor(&member),
        None,
        "print_pick_list",
        &serde_json::json!({ "orders": numbers, "printer": printer, "job_id": job_id }),
    )?;
    Ok(PrintOutcome {
        printer,
        job_id,
        format: "pdf".to_string(),
        reprint: false,
    })
}

/// Fetch and keep the carrier labels of parcels that have one and are not stored yet, so they print offline.
/// Returns how many were fetched; failures are left for the next round.
pub async fn prefetch_carrier_labels(state: &AppState) -> usize {
    let Some(engine) = state.engine() else {
        return 0;
    };
    let wanted = match state.lock_store().labels_missing(50) {
        Ok(w) => w,
        Err(e) => {
            tracing::warn!(error = %e, "cannot list carrier labels to fetch");
            return 0;
        }
    };
    let mut fetched = 0;
    for (id, parcel_ref, format) in wanted {
        match engine
            .connector()
            .fetch_label(&id, &parcel_ref, format)
            .await
        {
            Ok(bytes) => {
                if state
                    .lock_store()
                    .save_label(&id, &parcel_ref, format, &bytes, state.now())
                    .is_ok()
                {
                    fetched += 1;
                }
            }
            Err(e) => {
                tracing::debug!(%id, %parcel_ref, error = %e, "carrier label not fetched yet");
                break;
            }
        }
    }
    fetched
}
