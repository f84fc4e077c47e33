//! Building answers.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::error::ApiError;
use crate::idempotency::StoredAnswer;

pub const JSON: &str = "application/json";

/// A JSON answer.
pub fn json(status: StatusCode, value: &impl Serialize) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => bytes(status, JSON, body),
        Err(e) => ApiError::internal(e).into_response(),
    }
}

/// A JSON answer with `ETag: "<version>"`.
pub fn json_versioned(value: &impl Serialize, version: i64) -> Response {
    let mut response = json(StatusCode::OK, value);
    if let Ok(etag) = HeaderValue::from_str(&format!("\"{version}\"")) {
        response.headers_mut().insert(header::ETAG, etag);
    }
    response
}

/// An answer with a body of `content_type`.
pub fn bytes(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Response {
    let mut response = (status, body).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// A stored idempotent answer, marked as a replay when `replayed`.
pub fn stored(answer: StoredAnswer, replayed: bool) -> Response {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
    let mut response = bytes(status, answer.content_type, answer.body);
    let headers = response.headers_mut();
    if let Some(etag) = answer.etag.and_then(|e| HeaderValue::from_str(&e).ok()) {
        headers.insert(header::ETAG, etag);
    }
    if replayed {
        headers.insert("Idempotent-Replayed", HeaderValue::from_static("true"));
    }
    response
}
