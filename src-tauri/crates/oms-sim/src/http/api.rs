//! The store-facing API of `docs/oms-api.md`: lists, objects, commands, reasons, labels, webhooks.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use storedesk_domain::{CommandKind, Feed, LabelFormat};
use storedesk_oms_api::endpoints::{
    DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, label_media_type, query as q,
};
use storedesk_oms_api::problem::PROBLEM_CONTENT_TYPE;
use storedesk_oms_api::webhook::WebhookSubscriptionRequest;
use storedesk_oms_api::{ClaimList, ClaimRequest, CommandRequestHead, ErrorCode, Page};

use super::query::{Query, if_match};
use super::respond::{self, JSON};
use crate::db::{CommandCall, CommandDone, ListQuery};
use crate::error::ApiError;
use crate::idempotency::{Begin, StoredAnswer, fingerprint};
use crate::state::Shared;

pub async fn list_packages(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    uri: Uri,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    list(&shared, Feed::Packaging, &headers, &uri, raw.as_deref())
}

pub async fn list_transfers(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    uri: Uri,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    list(&shared, Feed::Transfers, &headers, &uri, raw.as_deref())
}

/// A change-cursor list (§8).
fn list(
    shared: &Shared,
    feed: Feed,
    headers: &HeaderMap,
    uri: &Uri,
    raw: Option<&str>,
) -> Result<Response, ApiError> {
    let query = Query::parse(raw);
    let store = query.required(q::STOCK_LOCATION)?.to_string();
    let page_size = query
        .number::<u32>(q::PAGE_SIZE)?
        .unwrap_or(DEFAULT_PAGE_SIZE);
    if page_size == 0 {
        return Err(ApiError::bad_request("page_size must be at least 1"));
    }
    let list_query = ListQuery {
        feed,
        store,
        after: query.number::<u64>(q::CHANGE_SEQ_GT)?.unwrap_or(0),
        modified_gte: query.time(q::MODIFIED_DATE_GTE)?,
        state: query.number::<i64>(q::STATE)?,
        limit: page_size.min(MAX_PAGE_SIZE) as usize,
    };
    let page = shared.with_db(|db| db.list(&list_query))?;
    let more = page.count > page.results.len() as u64;
    let next = match page.last_seq {
        Some(last) if more => Some(format!(
            "{}{}?{}",
            base_url(headers),
            uri.path(),
            query.with(q::CHANGE_SEQ_GT, &last.to_string())
        )),
        _ => None,
    };
    Ok(respond::json(
        StatusCode::OK,
        &Page {
            count: page.count,
            next,
            previous: None,
            results: page.results,
            next_cursor: page.last_seq.map(|s| s.to_string()),
        },
    ))
}

/// `http://<Host>` of the request.
fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    format!("http://{host}")
}

pub async fn get_package(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    get_object(&shared, Feed::Packaging, &id, raw.as_deref())
}

pub async fn get_transfer(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    get_object(&shared, Feed::Transfers, &id, raw.as_deref())
}

fn get_object(
    shared: &Shared,
    feed: Feed,
    id: &str,
    raw: Option<&str>,
) -> Result<Response, ApiError> {
    let query = Query::parse(raw);
    let viewer = query.get(q::STOCK_LOCATION);
    let (object, version) = shared.with_db(|db| db.get_object(feed, id, viewer))?;
    Ok(respond::json_versioned(&object, version))
}

pub async fn package_command(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    command(&shared, Feed::Packaging, &id, uri.path(), &headers, &body).await
}

pub async fn transfer_command(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    command(&shared, Feed::Transfers, &id, uri.path(), &headers, &body).await
}

/// A command (§5), with the idempotency rules of §6.
async fn command(
    shared: &Shared,
    feed: Feed,
    id: &str,
    path: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Response {
    let key = match idempotency_key(headers) {
        Ok(key) => key,
        Err(e) => return e.into_response(),
    };
    let guard = match shared
        .idempotency
        .begin(&key, fingerprint("POST", path, body))
    {
        Begin::Proceed(guard) => guard,
        Begin::Replay(answer) => return respond::stored(answer, true),
        Begin::InFlight => {
            return ApiError::new(
                ErrorCode::IdempotencyInFlight,
                "a request with this Idempotency-Key is still being processed",
            )
            .with_retry_after(1)
            .into_response();
        }
        Begin::Reused => {
            return ApiError::new(
                ErrorCode::IdempotencyKeyReused,
                "this Idempotency-Key was used for a different request",
            )
            .into_response();
        }
    };
    // Injected latency happens while the key is held, like a slow OMS.
    let latency = shared.faults().latency_ms;
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    let keep = !shared.faults().ignore_idempotency_keys;
    match process(shared, feed, id, headers, body, &key) {
        Ok(done) => match serde_json::to_vec(&done.object) {
            Ok(bytes) => {
                let answer = StoredAnswer {
                    status: 200,
                    content_type: JSON,
                    body: bytes,
                    etag: Some(format!("\"{}\"", done.version)),
                };
                guard.complete(keep.then(|| answer.clone()));
                respond::stored(answer, false)
            }
            Err(e) => {
                guard.complete(None);
                ApiError::internal(e).into_response()
            }
        },
        Err(error)
            if error
                .code()
                .is_some_and(ErrorCode::stored_under_idempotency_key) =>
        {
            let answer = StoredAnswer {
                status: error.problem.status,
                content_type: PROBLEM_CONTENT_TYPE,
                body: error.body(),
                etag: None,
            };
            guard.complete(keep.then(|| answer.clone()));
            respond::stored(answer, false)
        }
        Err(error) => {
            guard.complete(None);
            error.into_response()
        }
    }
}

fn idempotency_key(headers: &HeaderMap) -> Result<String, ApiError> {
    let value = headers.get("Idempotency-Key").ok_or_else(|| {
        ApiError::new(
            ErrorCode::IdempotencyKeyMissing,
            "commands need an Idempotency-Key header (a UUID)",
        )
    })?;
    let text = value.to_str().unwrap_or("").trim();
    uuid::Uuid::parse_str(text).map_err(|_| {
        ApiError::new(
            ErrorCode::IdempotencyKeyInvalid,
            format!("Idempotency-Key {text:?} is not a UUID"),
        )
    })?;
    Ok(text.to_string())
}

/// Steps 4 to 12 of §5.4.
fn process(
    shared: &Shared,
    feed: Feed,
    id: &str,
    headers: &HeaderMap,
    body: &[u8],
    key: &str,
) -> Result<CommandDone, ApiError> {
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("the body is not JSON: {e}")))?;
    if !value.is_object() {
        return Err(ApiError::bad_request("the body must be a JSON object"));
    }
    let head: CommandRequestHead = serde_json::from_value(value.clone()).map_err(|e| {
        ApiError::bad_request(format!(
            "a command needs slug, stock_location, actor and issued_at: {e}"
        ))
    })?;
    let kind = CommandKind::from_slug(&head.slug).ok_or_else(|| {
        ApiError::new(
            ErrorCode::UnknownCommand,
            format!("{:?} is not a command of the contract", head.slug),
        )
    })?;
    let if_match = headers
        .get(header::IF_MATCH)
        .map(|v| if_match(v.to_str().unwrap_or("")))
        .transpose()?;
    let call = CommandCall {
        feed,
        id,
        head: &head,
        kind,
        body: &value,
        if_match,
        idempotency_key: key,
    };
    let result = shared.with_db(|db| db.apply_command(&call, crate::now()));
    match &result {
        Ok(done) => {
            tracing::info!(id, slug = %kind, store = %head.stock_location, version = done.version, "command applied")
        }
        Err(e) => tracing::info!(id, slug = %kind, code = %e.problem.code, "command refused"),
    }
    result
}

pub async fn reasons(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    uri: Uri,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let query = Query::parse(raw.as_deref());
    let page = query.number::<usize>("page")?.unwrap_or(1).max(1);
    let size = query
        .number::<usize>(q::PAGE_SIZE)?
        .unwrap_or(DEFAULT_PAGE_SIZE as usize)
        .clamp(1, MAX_PAGE_SIZE as usize);
    let all = shared.with_db(|db| db.reasons().to_vec());
    let results: Vec<_> = all
        .iter()
        .skip((page - 1) * size)
        .take(size)
        .cloned()
        .collect();
    let next = (page * size < all.len()).then(|| {
        format!(
            "{}{}?{}",
            base_url(&headers),
            uri.path(),
            query.with("page", &(page + 1).to_string())
        )
    });
    let previous = (page > 1).then(|| {
        format!(
            "{}{}?{}",
            base_url(&headers),
            uri.path(),
            query.with("page", &(page - 1).to_string())
        )
    });
    Ok(respond::json(
        StatusCode::OK,
        &Page {
            count: all.len() as u64,
            next,
            previous,
            results,
            next_cursor: None,
        },
    ))
}

pub async fn label(
    State(shared): State<Arc<Shared>>,
    Path((id, parcel_ref)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let query = Query::parse(raw.as_deref());
    let format = match query.get(q::FORMAT) {
        Some("pdf") => LabelFormat::Pdf,
        Some("zpl") => LabelFormat::Zpl,
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "format {other:?} is not pdf or zpl"
            )));
        }
        None => {
            return Err(ApiError::bad_request(
                "format=pdf or format=zpl is required",
            ));
        }
    };
    let viewer = query.get(q::STOCK_LOCATION);
    let bytes = shared.with_db(|db| db.label(&id, &parcel_ref, format, viewer))?;
    Ok(respond::bytes(
        StatusCode::OK,
        label_media_type(format),
        bytes,
    ))
}

pub async fn subscribe(
    State(shared): State<Arc<Shared>>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let request: WebhookSubscriptionRequest = serde_json::from_slice(&body).map_err(|e| {
        ApiError::bad_request(format!(
            "a subscription needs event_type, target_url and optionally secret_key: {e}"
        ))
    })?;
    let subscription = shared.webhooks.subscribe(request)?;
    Ok(respond::json(StatusCode::CREATED, &subscription))
}

pub async fn unsubscribe(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let removed = id
        .parse::<i64>()
        .is_ok_and(|id| shared.webhooks.unsubscribe(id));
    if removed {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(ApiError::not_found(format!("no webhook subscription {id}")))
    }
}

pub async fn package_claim(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    claim(&shared, Feed::Packaging, &id, &body)
}

pub async fn transfer_claim(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    claim(&shared, Feed::Transfers, &id, &body)
}

/// `PUT …/{id}/claim/` (§16.1).
fn claim(shared: &Shared, feed: Feed, id: &str, body: &[u8]) -> Result<Response, ApiError> {
    let request: ClaimRequest = serde_json::from_slice(body).map_err(|e| {
        ApiError::bad_request(format!(
            "a claim needs stock_location, actor {{user_id, user_name, station}} and optionally ttl_seconds: {e}"
        ))
    })?;
    let claim = shared.with_db(|db| db.claim(feed, id, &request, crate::now()))?;
    tracing::info!(id, store = %request.stock_location, holder = %claim.holder.user_id, "claimed");
    Ok(respond::json(StatusCode::OK, &claim))
}

pub async fn package_release(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    release(&shared, Feed::Packaging, &id, raw.as_deref())
}

pub async fn transfer_release(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    release(&shared, Feed::Transfers, &id, raw.as_deref())
}

/// `DELETE …/{id}/claim/` (§16.2).
fn release(shared: &Shared, feed: Feed, id: &str, raw: Option<&str>) -> Result<Response, ApiError> {
    let query = Query::parse(raw);
    let store = query.required(q::STOCK_LOCATION)?.to_string();
    let user_id = query.required(q::USER_ID)?.to_string();
    let force = match query.get(q::FORCE) {
        None | Some("false") => false,
        Some("true") => true,
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "force={other:?} is not true or false"
            )));
        }
    };
    let released =
        shared.with_db(|db| db.release_claim(feed, id, &store, &user_id, force, crate::now()))?;
    tracing::info!(id, %store, %user_id, force, released, "claim release");
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `GET /claims/` (§16.3).
pub async fn list_claims(
    State(shared): State<Arc<Shared>>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let query = Query::parse(raw.as_deref());
    let store = query.required(q::STOCK_LOCATION)?.to_string();
    let results = shared.with_db(|db| db.claims_of(&store, crate::now()));
    Ok(respond::json(
        StatusCode::OK,
        &ClaimList {
            count: results.len() as u64,
            results,
        },
    ))
}
