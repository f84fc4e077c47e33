//! HTTP connector for the OMS command API described in `docs/oms-api.md` (the shape of Akinon OMS).
//!
//! It implements [`storedesk_domain::OmsConnector`]: it builds requests, sends the command's id as
//! `Idempotency-Key` with a body that is byte-for-byte the same on every attempt, and classifies every answer into a
//! [`ConnectorError`] the sync engine acts on. The API token never appears in logs or `Debug` output.

use std::fmt;
use std::time::Duration;

use reqwest::header::{AUTHORIZATION, CONTENT_LENGTH, HeaderMap, RETRY_AFTER};
use reqwest::{Response, StatusCode};
use storedesk_domain::{
    Actor, ChangePage, CommandAck, CommandEnvelope, ConflictKind, ConnectorError, Feed,
    LabelFormat, OmsConnector, ReasonCatalog, RemoteClaim, WorkOrder, WorkOrderKind,
};
use storedesk_oms_api as api;
use storedesk_oms_api::endpoints;

pub mod webhook;

/// Largest response body read (an oversized answer is refused before parsing).
pub const MAX_RESPONSE_BYTES: u64 = api::MAX_RESPONSE_BYTES as u64;

/// The OMS API token. Kept out of `Debug` and `Display` so it cannot leak into logs.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiToken(String);

impl ApiToken {
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }

    fn header_value(&self) -> String {
        format!("Token {}", self.0)
    }
}

impl fmt::Debug for ApiToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiToken(***)")
    }
}

/// Where the OMS is and who this store is.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Base URL, e.g. `https://acme-oms.example.com` (the `/api/v1/oms/...` paths are added).
    pub base_url: url::Url,
    pub token: ApiToken,
    /// This store's stock-location code.
    pub store_code: String,
    /// Whole-request timeout; an attempt that takes longer is retried later with the same key.
    pub request_timeout: Duration,
    pub connect_timeout: Duration,
}

impl ClientConfig {
    pub fn new(base_url: url::Url, token: ApiToken, store_code: impl Into<String>) -> Self {
        Self {
            base_url,
            token,
            store_code: store_code.into(),
            request_timeout: Duration::from_secs(15),
            connect_timeout: Duration::from_secs(5),
        }
    }
}

/// Could not build the client from its settings.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("the OMS URL {url:?} is not usable: {reason}")]
    BadUrl { url: String, reason: String },
    #[error("the HTTP client could not start: {0}")]
    Http(#[from] reqwest::Error),
}

/// The connector.
#[derive(Debug, Clone)]
pub struct HttpOmsConnector {
    http: reqwest::Client,
    config: ClientConfig,
}

impl HttpOmsConnector {
    pub fn new(config: ClientConfig) -> Result<Self, ClientError> {
        if !matches!(config.base_url.scheme(), "http" | "https") {
            return Err(ClientError::BadUrl {
                url: config.base_url.to_string(),
                reason: "it must start with https:// (or http:// on a trusted network)".into(),
            });
        }
        let http = reqwest::Client::builder()
            .timeout(config.request_timeout)
            .connect_timeout(config.connect_timeout)
            .user_agent(concat!("storedesk/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self { http, config })
    }

    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    fn url(&self, path: &str) -> Result<url::Url, ConnectorError> {
        // Paths are relative to the base URL, which may carry a prefix of its own (`https://host/oms/`).
        let mut base = self.config.base_url.clone();
        if !base.path().ends_with('/') {
            let with_slash = format!("{}/", base.path());
            base.set_path(&with_slash);
        }
        base.join(path.trim_start_matches('/'))
            .map_err(|e| ConnectorError::Invalid {
                status: 0,
                code: "bad_url".into(),
                message: format!("cannot build the URL for {path}: {e}"),
            })
    }

    async fn get(&self, url: url::Url) -> Result<Vec<u8>, ConnectorError> {
        let response = self
            .http
            .get(url)
            .header(AUTHORIZATION, self.config.token.header_value())
            .send()
            .await
            .map_err(transport)?;
        read_ok(response).await.map(|(_, body)| body)
    }
}

/// A transport-level failure: the request may or may not have reached the OMS; retry with the same key.
fn transport(e: reqwest::Error) -> ConnectorError {
    let what = if e.is_timeout() {
        "the OMS did not answer in time"
    } else if e.is_connect() {
        "cannot connect to the OMS"
    } else {
        "the connection to the OMS broke"
    };
    ConnectorError::Transient {
        message: format!("{what} ({})", root_cause(&e)),
        retry_after: None,
    }
}

fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}

fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    headers
        .get(RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

async fn read_body(response: Response) -> Result<Vec<u8>, ConnectorError> {
    if let Some(len) = response
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        && len > MAX_RESPONSE_BYTES
    {
        return Err(ConnectorError::Malformed {
            message: format!(
                "the answer is {len} bytes, more than the {MAX_RESPONSE_BYTES} allowed"
            ),
        });
    }
    let bytes = response.bytes().await.map_err(transport)?;
    if bytes.len() as u64 > MAX_RESPONSE_BYTES {
        return Err(ConnectorError::Malformed {
            message: format!(
                "the answer is {} bytes, more than the {MAX_RESPONSE_BYTES} allowed",
                bytes.len()
            ),
        });
    }
    Ok(bytes.to_vec())
}

/// Read a response; a non-2xx status becomes the matching [`ConnectorError`].
async fn read_ok(response: Response) -> Result<(HeaderMap, Vec<u8>), ConnectorError> {
    let status = response.status();
    let headers = response.headers().clone();
    let body = read_body(response).await?;
    if status.is_success() {
        return Ok((headers, body));
    }
    Err(classify(status, &headers, &body))
}

/// Map an error answer to the connector's classification (see "Errors" in docs/oms-api.md).
pub fn classify(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> ConnectorError {
    let problem = api::parse_problem(body).ok();
    let code = problem
        .as_ref()
        .map(|p| p.code.clone())
        .unwrap_or_else(|| format!("http_{}", status.as_u16()));
    let detail = problem
        .as_ref()
        .map(|p| p.detail.clone())
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| {
            status
                .canonical_reason()
                .unwrap_or("unexpected answer")
                .to_string()
        });
    match status {
        StatusCode::TOO_MANY_REQUESTS => ConnectorError::Transient {
            message: format!("the OMS asks to slow down ({detail})"),
            retry_after: retry_after(headers),
        },
        s if s.is_server_error() => ConnectorError::Transient {
            message: format!("the OMS had an error (HTTP {}: {detail})", s.as_u16()),
            retry_after: retry_after(headers),
        },
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => ConnectorError::Unauthorized,
        StatusCode::NOT_FOUND => ConnectorError::NotFound { message: detail },
        StatusCode::CONFLICT if code == "claimed_by_other" => {
            match problem.as_ref().and_then(|p| p.claim.as_deref()) {
                Some(claim) => ConnectorError::ClaimedByOther {
                    claim: Box::new(claim.to_domain()),
                    message: detail,
                },
                None => ConnectorError::Malformed {
                    message: format!("a claimed_by_other answer without the claim: {detail}"),
                },
            }
        }
        StatusCode::CONFLICT if code == "idempotency_in_flight" => ConnectorError::Transient {
            message: "the OMS is still processing an earlier attempt of this action".into(),
            retry_after: retry_after(headers).or(Some(Duration::from_secs(1))),
        },
        StatusCode::CONFLICT | StatusCode::PRECONDITION_FAILED => {
            match ConflictKind::from_code(&code) {
                Some(kind) => ConnectorError::Conflict {
                    kind,
                    message: detail,
                },
                None if status == StatusCode::PRECONDITION_FAILED => ConnectorError::Conflict {
                    kind: ConflictKind::VersionConflict,
                    message: detail,
                },
                None => ConnectorError::Conflict {
                    kind: ConflictKind::InvalidTransition,
                    message: detail,
                },
            }
        }
        s => ConnectorError::Invalid {
            status: s.as_u16(),
            code,
            message: detail,
        },
    }
}

fn malformed(e: impl fmt::Display) -> ConnectorError {
    ConnectorError::Malformed {
        message: e.to_string(),
    }
}

/// The command body (see `CommandRequest` in the contract). Built from the stored envelope, so every attempt
/// sends the same bytes.
pub fn command_body(
    envelope: &CommandEnvelope,
    store_code: &str,
) -> Result<Vec<u8>, ConnectorError> {
    serde_json::to_vec(&api::CommandRequest::from_envelope(envelope, store_code)).map_err(malformed)
}

impl OmsConnector for HttpOmsConnector {
    async fn fetch_changes(
        &self,
        feed: Feed,
        cursor: Option<&str>,
        page_size: u32,
    ) -> Result<ChangePage, ConnectorError> {
        let mut url = self.url(endpoints::list_path(feed))?;
        {
            let mut q = url.query_pairs_mut();
            q.append_pair(endpoints::query::STOCK_LOCATION, &self.config.store_code);
            if let Some(c) = cursor {
                q.append_pair(endpoints::query::CHANGE_SEQ_GT, c);
            }
            q.append_pair(endpoints::query::PAGE_SIZE, &page_size.to_string());
        }
        let body = self.get(url).await?;
        let page = api::parse_page(feed, &body, &self.config.store_code).map_err(malformed)?;
        for bad in &page.invalid {
            // The object is skipped, not the page: it comes back with its next change on the OMS.
            tracing::warn!(
                id = bad.id.as_deref().unwrap_or("?"),
                number = bad.number.as_deref().unwrap_or("?"),
                code = bad.error.code(),
                error = %bad.error,
                "the OMS sent a work order that breaks the contract; skipped"
            );
        }
        Ok(page.into_change_page())
    }

    async fn fetch_work_order(
        &self,
        kind: WorkOrderKind,
        id: &str,
    ) -> Result<WorkOrder, ConnectorError> {
        let feed = Feed::of(kind);
        let mut url = self.url(&endpoints::object_path(feed, id))?;
        url.query_pairs_mut()
            .append_pair(endpoints::query::STOCK_LOCATION, &self.config.store_code);
        let body = self.get(url).await?;
        api::parse_work_order(feed, &body, &self.config.store_code).map_err(malformed)
    }

    async fn send_command(&self, envelope: &CommandEnvelope) -> Result<CommandAck, ConnectorError> {
        let feed = Feed::of(envelope.kind);
        let url = self.url(&endpoints::command_path(feed, &envelope.work_order_id))?;
        let body = command_body(envelope, &self.config.store_code)?;
        let mut request = self
            .http
            .post(url)
            .header(AUTHORIZATION, self.config.token.header_value())
            .header(endpoints::headers::IDEMPOTENCY_KEY, &envelope.command_id)
            .header(reqwest::header::CONTENT_TYPE, "application/json");
        if let Some(v) = envelope.expected_version {
            request = request.header(reqwest::header::IF_MATCH, format!("\"{v}\""));
        }
        let response = request.body(body).send().await.map_err(transport)?;
        let (headers, body) = read_ok(response).await?;
        let replayed = headers
            .get(endpoints::headers::IDEMPOTENT_REPLAYED)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("true"));
        let work_order =
            api::parse_work_order(feed, &body, &self.config.store_code).map_err(malformed)?;
        Ok(CommandAck {
            work_order,
            replayed,
        })
    }

    async fn fetch_reasons(&self) -> Result<ReasonCatalog, ConnectorError> {
        let mut url = self.url(endpoints::REASONS_PATH)?;
        url.query_pairs_mut().append_pair(
            endpoints::query::PAGE_SIZE,
            &endpoints::MAX_PAGE_SIZE.to_string(),
        );
        let body = self.get(url).await?;
        api::parse_reasons(&body).map_err(malformed)
    }

    async fn fetch_label(
        &self,
        work_order_id: &str,
        parcel_ref: &str,
        format: LabelFormat,
    ) -> Result<Vec<u8>, ConnectorError> {
        let url = self.url(&endpoints::label_path(work_order_id, parcel_ref, format))?;
        self.get(url).await
    }

    async fn claim(
        &self,
        kind: WorkOrderKind,
        id: &str,
        holder: &Actor,
        ttl: Option<Duration>,
    ) -> Result<RemoteClaim, ConnectorError> {
        let url = self.url(&endpoints::claim_path(Feed::of(kind), id))?;
        let request = api::ClaimRequest {
            stock_location: self.config.store_code.clone(),
            actor: holder.clone(),
            ttl_seconds: ttl.map(|t| t.as_secs().max(1)),
        };
        let body = serde_json::to_vec(&request).map_err(malformed)?;
        let response = self
            .http
            .put(url)
            .header(AUTHORIZATION, self.config.token.header_value())
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body)
            .send()
            .await
            .map_err(transport)?;
        let (_, body) = read_ok(response).await?;
        let claim: api::ClaimDto = serde_json::from_slice(&body).map_err(malformed)?;
        Ok(claim.to_domain())
    }

    async fn release_claim(
        &self,
        kind: WorkOrderKind,
        id: &str,
        user_id: &str,
        force: bool,
    ) -> Result<(), ConnectorError> {
        let mut url = self.url(&endpoints::claim_path(Feed::of(kind), id))?;
        {
            let mut q = url.query_pairs_mut();
            q.append_pair(endpoints::query::STOCK_LOCATION, &self.config.store_code);
            q.append_pair(endpoints::query::USER_ID, user_id);
            if force {
                q.append_pair(endpoints::query::FORCE, "true");
            }
        }
        let response = self
            .http
            .delete(url)
            .header(AUTHORIZATION, self.config.token.header_value())
            .send()
            .await
            .map_err(transport)?;
        read_ok(response).await.map(|_| ())
    }

    async fn fetch_claims(&self) -> Result<Vec<RemoteClaim>, ConnectorError> {
        let mut url = self.url(endpoints::CLAIMS_PATH)?;
        url.query_pairs_mut()
            .append_pair(endpoints::query::STOCK_LOCATION, &self.config.store_code);
        let body = self.get(url).await?;
        let list: api::ClaimList = serde_json::from_slice(&body).map_err(malformed)?;
        Ok(list.results.iter().map(api::ClaimDto::to_domain).collect())
    }
}
