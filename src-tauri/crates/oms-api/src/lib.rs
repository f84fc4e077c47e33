//! Storedesk's OMS wire contract as Rust types.
//!
//! `docs/oms-api.md` describes an Akinon-shaped OMS API: packages (packaging orders) and transfer orders with
//! numeric state objects, per-object command endpoints with idempotency keys, change-cursor lists, denial
//! reasons, carrier labels and webhooks. This crate holds the JSON shapes of that contract and their *checked*
//! conversion to and from the domain ([`storedesk_domain`]). It does no HTTP and no I/O: the client connector
//! and the simulator both build on it, so they cannot disagree about the wire.
//!
//! * [`dto`], [`page`], [`reason`], [`command`], [`claim`], [`problem`], [`webhook`]: the wire objects (serde);
//! * [`state`]: the state tables (`enum_value` ⇄ domain status);
//! * [`convert`]: wire object ⇄ [`storedesk_domain::WorkOrder`], with every contract rule checked;
//! * [`parse`]: bytes of a response ⇄ checked domain values, with a size limit, never panicking;
//! * [`endpoints`]: paths, query parameters, headers, media types;
//! * [`doc_tables`]: the machine-readable tables of `docs/oms-api.md`, for tests that hold code and document
//!   together;
//! * [`error`]: [`PayloadError`], why a payload cannot be used.
//!
//! ```
//! use storedesk_domain::{Feed, Status};
//! use storedesk_oms_api::parse_work_order;
//!
//! let body = r#"{"id": 1042, "number": "PKG-001042", "delivery_type": "ship_from_store",
//!   "state": {"enum_value": 100, "name": "waiting"}, "commands": ["accept", "reject", "reject_lines"],
//!   "version": 1, "change_seq": 17, "stock_location": {"erp_code": "IST-01", "name": "Nişantaşı"},
//!   "due_date": "2026-05-02T16:00:00Z", "created_date": "2026-05-02T09:00:00Z",
//!   "modified_date": "2026-05-02T09:00:00Z",
//!   "items": [{"id": 1, "sku": "AP-1001-NV-M", "name": "Oxford Shirt", "barcodes": ["8690000000017"],
//!              "quantity": 2}]}"#.as_bytes();
//! let wo = parse_work_order(Feed::Packaging, body, "IST-01").unwrap();
//! assert_eq!(wo.status, Status::Assigned);
//! assert_eq!(wo.lines[0].requested, 2);
//! ```

pub mod claim;
pub mod command;
pub mod convert;
pub mod doc_tables;
pub mod dto;
pub mod endpoints;
pub mod error;
pub mod page;
pub mod parse;
pub mod problem;
pub mod reason;
pub mod state;
pub mod webhook;

pub use claim::{ClaimDto, ClaimList, ClaimRequest};
pub use command::{CommandRequest, CommandRequestHead};
pub use convert::{
    WorkOrderDto, package_to_domain, transfer_to_domain, work_order_to_dto,
    work_order_to_package_dto, work_order_to_transfer_dto,
};
pub use dto::{DeliveryType, PackageDto, TransferDto};
pub use endpoints::MAX_RESPONSE_BYTES;
pub use error::PayloadError;
pub use page::Page;
pub use parse::{
    InvalidObject, ParsedPage, parse_page, parse_problem, parse_reasons, parse_work_order,
};
pub use problem::{ErrorCode, FieldErrorDto, Problem};
pub use reason::DenialReasonDto;
pub use state::StateDto;
pub use webhook::{WebhookEnvelope, verify_webhook_signature, webhook_signature};
