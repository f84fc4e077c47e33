//! The simulator-only admin API (`docs/oms-api.md` §14).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;
use storedesk_domain::upstream::CancelOutcome;

use super::query::Query;
use super::respond;
use crate::config::{Faults, NewOrderSpec};
use crate::db::default_viewer;
use crate::error::ApiError;
use crate::lock;
use crate::state::Shared;

fn parse_body<T: for<'de> Deserialize<'de>>(body: &[u8], what: &str) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::bad_request(format!("{what}: {e}")))
}

/// An optional JSON body: empty means the defaults.
fn parse_optional<T: for<'de> Deserialize<'de> + Default>(
    body: &[u8],
    what: &str,
) -> Result<T, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        Ok(T::default())
    } else {
        parse_body(body, what)
    }
}

fn unknown(id: &str) -> ApiError {
    ApiError::not_found(format!("no work order {id}"))
}

pub async fn create_order(
    State(shared): State<Arc<Shared>>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let spec: NewOrderSpec = parse_body(&body, "a new order needs store and kind")?;
    if spec.store.trim().is_empty() {
        return Err(ApiError::bad_request("store must not be empty"));
    }
    let answer = shared.with_db(|db| {
        let id = db.create_order(&spec, crate::now());
        db.get(&id.to_string()).map(|r| {
            json!({
                "id": id.to_string(),
                "number": r.object.number(),
                "feed": r.object.feed(),
                "pickup_code": r.pickup_code,
            })
        })
    });
    let answer = answer.ok_or_else(|| ApiError::internal("created order vanished"))?;
    Ok(respond::json(StatusCode::CREATED, &answer))
}

pub async fn work_order(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let answer = shared.with_db(|db| {
        let record = db.get(&id).ok_or_else(|| unknown(&id))?;
        let viewer = default_viewer(&record.object);
        let object = record.object.render(&viewer).map_err(ApiError::internal)?;
        Ok::<_, ApiError>(json!({
            "id": id,
            "feed": record.object.feed(),
            "number": record.object.number(),
            "change_seq": record.object.change_seq(),
            "pickup_code": record.pickup_code,
            "object": object,
        }))
    })?;
    Ok(respond::json(StatusCode::OK, &answer))
}

#[derive(Debug, Deserialize)]
struct CancelBody {
    #[serde(default = "customer")]
    reason: String,
}

impl Default for CancelBody {
    fn default() -> Self {
        CancelBody { reason: customer() }
    }
}

fn customer() -> String {
    "customer".to_string()
}

pub async fn request_cancel(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body: CancelBody = parse_optional(&body, "request_cancel takes {\"reason\": …}")?;
    let outcome = shared
        .with_db(|db| db.request_cancel(&id, &body.reason, crate::now()))?
        .ok_or_else(|| unknown(&id))?;
    let outcome = match outcome {
        CancelOutcome::Cancelled => "cancelled",
        CancelOutcome::Requested => "requested",
        CancelOutcome::TooLate => "too_late",
    };
    Ok(respond::json(
        StatusCode::OK,
        &json!({ "outcome": outcome }),
    ))
}

pub async fn cancel(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let changed = shared
        .with_db(|db| db.cancel(&id, crate::now()))?
        .ok_or_else(|| unknown(&id))?;
    Ok(respond::json(
        StatusCode::OK,
        &json!({ "changed": changed }),
    ))
}

#[derive(Debug, Deserialize)]
struct ReassignBody {
    to_store: String,
}

pub async fn reassign(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body: ReassignBody = parse_body(&body, "reassign takes {\"to_store\": …}")?;
    let new_id = shared
        .with_db(|db| db.reassign(&id, &body.to_store, crate::now()))?
        .ok_or_else(|| unknown(&id))?;
    Ok(respond::json(
        StatusCode::OK,
        &json!({ "changed": new_id.is_some(), "new_id": new_id.map(|i| i.to_string()) }),
    ))
}

#[derive(Debug, Deserialize)]
struct HoldBody {
    reason: String,
    #[serde(default)]
    note: Option<String>,
}

pub async fn hold(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body: HoldBody = parse_body(&body, "hold takes {\"reason\": …, \"note\": …}")?;
    let changed = shared
        .with_db(|db| db.hold(&id, &body.reason, body.note.clone(), crate::now()))?
        .ok_or_else(|| unknown(&id))?;
    Ok(respond::json(
        StatusCode::OK,
        &json!({ "changed": changed }),
    ))
}

pub async fn release_hold(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let changed = shared
        .with_db(|db| db.release_hold(&id, crate::now()))?
        .ok_or_else(|| unknown(&id))?;
    Ok(respond::json(
        StatusCode::OK,
        &json!({ "changed": changed }),
    ))
}

pub async fn commands(
    State(shared): State<Arc<Shared>>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let query = Query::parse(raw.as_deref());
    let filter = query.get("work_order_id").map(str::to_string);
    let applied = shared.with_db(|db| {
        db.applied_commands()
            .iter()
            .filter(|c| filter.as_ref().is_none_or(|id| &c.work_order_id == id))
            .cloned()
            .collect::<Vec<_>>()
    });
    Ok(respond::json(StatusCode::OK, &applied))
}

pub async fn get_faults(State(shared): State<Arc<Shared>>) -> Response {
    respond::json(StatusCode::OK, &shared.faults())
}

pub async fn put_faults(
    State(shared): State<Arc<Shared>>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let faults: Faults = parse_body(&body, "faults")?;
    let rates = [
        faults.error_rate,
        faults.rate_limit_rate,
        faults.timeout_rate,
        faults.close_rate,
        faults.drop_after_apply_rate,
    ];
    if rates.iter().any(|r| !(0.0..=1.0).contains(r)) {
        return Err(ApiError::bad_request("rates are probabilities from 0 to 1"));
    }
    *lock(&shared.faults) = faults.clone();
    tracing::info!(?faults, "faults set");
    Ok(respond::json(StatusCode::OK, &faults))
}
