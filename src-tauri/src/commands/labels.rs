//! Carrier labels: fetch (or reuse the stored copy, so reprints work offline) and preview. Printing is in
//! [`super::printing`].

use base64::Engine as _;
use storedesk_domain::{DomainError, LabelFormat, OmsConnector};
use storedesk_store::StoreError;

use crate::dto::LabelDocument;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

use super::arg;

/// MIME type of a label format.
pub fn mime(format: LabelFormat) -> &'static str {
    match format {
        LabelFormat::Pdf => "application/pdf",
        LabelFormat::Zpl => "text/x-zpl",
    }
}

/// The label's bytes: the stored copy, or fetched from the OMS and stored.
pub(crate) async fn label_bytes(
    state: &AppState,
    id: &str,
    parcel_ref: &str,
    format: LabelFormat,
) -> AppResult<(String, Vec<u8>)> {
    let (view, stored) = {
        let store = state.lock_store();
        (store.work_order(id)?, store.label(id, parcel_ref, format)?)
    };
    let view = view.ok_or_else(|| StoreError::NotFound {
        work_order_id: id.to_string(),
    })?;
    let number = view.number.clone();
    if let Some(label) = stored {
        return Ok((number, label.bytes));
    }
    let parcel = view
        .parcel(parcel_ref)
        .ok_or_else(|| DomainError::UnknownParcel {
            parcel_ref: parcel_ref.to_string(),
        })?;
    if !parcel.label_formats.contains(&format) {
        return Err(DomainError::LabelMissing {
            parcel_ref: parcel_ref.to_string(),
        }
        .into());
    }
    let engine = state.engine().ok_or_else(AppError::not_configured)?;
    let bytes = engine
        .connector()
        .fetch_label(id, parcel_ref, format)
        .await
        .map_err(AppError::from)?;
    state
        .lock_store()
        .save_label(id, parcel_ref, format, &bytes, state.now())?;
    Ok((number, bytes))
}

/// A parcel's label for the preview.
pub async fn label(
    state: &AppState,
    id: &str,
    parcel_ref: &str,
    format: LabelFormat,
) -> AppResult<LabelDocument> {
    state.require_session()?;
    let id = arg(id, "the order")?;
    let parcel_ref = arg(parcel_ref, "the parcel")?;
    let (_, bytes) = label_bytes(state, id, parcel_ref, format).await?;
    Ok(LabelDocument {
        format,
        mime: mime(format).to_string(),
        base64: base64::engine::general_purpose::STANDARD.encode(bytes),
    })
}
