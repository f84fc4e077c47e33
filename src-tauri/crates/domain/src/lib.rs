//! Storedesk's work-order domain.
//!
//! Pure logic, no I/O: the model ([`model`]), the store's commands ([`command`]), the per-kind state machine
//! ([`machine`]) with its typed errors ([`error`]), and the port every OMS connector implements ([`connector`]).

pub mod command;
pub mod connector;
pub mod error;
pub mod machine;
pub mod model;

pub use command::{Command, CommandKind, LineQuantity, ParcelSpec, ReceiveLine};
pub use connector::{
    Actor, ChangePage, CommandAck, CommandEnvelope, ConflictKind, ConnectorError, Feed,
    OmsConnector, RemoteClaim,
};
pub use error::{DomainError, ScanError};
pub use machine::{allowed_commands, apply, check_allowed, scan_line, scan_pick, upstream};
pub use model::*;
