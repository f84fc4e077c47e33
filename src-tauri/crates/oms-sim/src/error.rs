//! Error answers of the simulator: a contract [`Problem`] with its HTTP status, ready to send.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use storedesk_domain::DomainError;
use storedesk_oms_api::problem::PROBLEM_CONTENT_TYPE;
use storedesk_oms_api::{ErrorCode, FieldErrorDto, Problem};

/// An error answer. The problem is boxed to keep `Result<_, ApiError>` small.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub problem: Box<Problem>,
    /// `Retry-After` seconds (429, and 409 `idempotency_in_flight`).
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> ApiError {
        ApiError {
            problem: Box::new(Problem::new(code, detail)),
            retry_after: None,
        }
    }

    pub fn bad_request(detail: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::BadRequest, detail)
    }

    pub fn not_found(detail: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::NotFound, detail)
    }

    /// A 500 for a broken invariant of the simulator itself (never the client's fault).
    pub fn internal(detail: impl std::fmt::Display) -> ApiError {
        tracing::error!("simulator invariant broken: {detail}");
        ApiError::new(ErrorCode::ServerError, format!("simulator error: {detail}"))
    }

    pub fn with_retry_after(mut self, secs: u64) -> ApiError {
        self.retry_after = Some(secs);
        self
    }

    pub fn with_status(mut self, status: u16) -> ApiError {
        self.problem.status = status;
        self
    }

    /// Adds `work_order_id`, `current_state` and `current_version` (the 409 family).
    pub fn about(mut self, id: i64, state: storedesk_oms_api::StateDto, version: i64) -> ApiError {
        self.problem.work_order_id = Some(id);
        self.problem.current_state = Some(state);
        self.problem.current_version = Some(version);
        self
    }

    pub fn with_field(
        mut self,
        field: impl Into<String>,
        code: &str,
        message: impl Into<String>,
    ) -> ApiError {
        self.problem.errors.push(FieldErrorDto {
            field: field.into(),
            code: code.to_string(),
            message: message.into(),
        });
        self
    }

    /// The code, when it is one of the contract's.
    pub fn code(&self) -> Option<ErrorCode> {
        self.problem.error_code()
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// The body bytes.
    pub fn body(&self) -> Vec<u8> {
        serde_json::to_vec(&self.problem).unwrap_or_else(|_| b"{}".to_vec())
    }

    /// Maps a domain refusal to the contract's code: state conflicts to their 409 codes, the rest to 422.
    pub fn from_domain(e: &DomainError) -> ApiError {
        let detail = e.to_string();
        match e {
            DomainError::NotAllowed { .. } => ApiError::new(ErrorCode::InvalidTransition, detail),
            DomainError::OnHold { .. } => ApiError::new(ErrorCode::OnHold, detail),
            DomainError::CancelRequested => ApiError::new(ErrorCode::CancelRequested, detail),
            DomainError::UnknownReason { .. } => ApiError::new(
                ErrorCode::UnknownReason,
                detail.clone(),
            )
            .with_field(field_of(e), e.code(), detail),
            DomainError::WrongPickupCode => ApiError::new(
                ErrorCode::WrongPickupCode,
                detail.clone(),
            )
            .with_field("pickup_code", e.code(), detail),
            _ => ApiError::new(ErrorCode::ValidationFailed, detail.clone()).with_field(
                field_of(e),
                e.code(),
                detail,
            ),
        }
    }
}

/// The request field a domain error is about, as well as it can be told.
fn field_of(e: &DomainError) -> &'static str {
    match e {
        DomainError::UnknownLine { .. } | DomainError::DuplicateLine { .. } => "line_id",
        DomainError::QuantityOutOfRange { .. } => "quantity",
        DomainError::UnknownReason { .. } => "reason",
        DomainError::PackMismatch { .. } | DomainError::InvalidParcel { .. } => "parcels",
        DomainError::UnknownParcel { .. }
        | DomainError::LabelMissing { .. }
        | DomainError::LabelNotAttached { .. } => "parcel_ref",
        DomainError::ParcelsNotConfirmed { .. } => "parcel_refs",
        DomainError::ReceiveMismatch { .. } => "lines",
        DomainError::MissingField { field } => match *field {
            "shelf location" => "shelf_location",
            "collector's name" => "collected_by",
            "carrier" => "carrier",
            "tracking number" => "tracking_number",
            _ => "",
        },
        DomainError::WrongPickupCode => "pickup_code",
        DomainError::NothingGiven
        | DomainError::PickIncomplete { .. }
        | DomainError::NotAllowed { .. }
        | DomainError::OnHold { .. }
        | DomainError::CancelRequested => "",
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status(), self.body()).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(PROBLEM_CONTENT_TYPE),
        );
        if let Some(secs) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if self.problem.status == 401 {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Token"));
        }
        response
    }
}
