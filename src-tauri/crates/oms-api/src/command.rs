//! The body of `POST …/{id}/command/`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use storedesk_domain::{Actor, Command, CommandEnvelope};

/// A command request: the domain [`Command`] (tagged by `slug`) plus who sends it, from which store and when.
///
/// ```json
/// {"slug": "pick", "line_id": "5001", "quantity": 1, "barcode": "8690000000017",
///  "stock_location": "IST-01",
///  "actor": {"user_id": "u-7", "user_name": "Ayşe", "station": "till-2"},
///  "issued_at": "2026-05-02T10:11:12.345Z"}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandRequest {
    #[serde(flatten)]
    pub command: Command,
    /// ERP code of the acting store.
    pub stock_location: String,
    pub actor: Actor,
    /// When the clerk acted (the station's clock); the OMS keeps its own receive time as well.
    pub issued_at: DateTime<Utc>,
}

impl CommandRequest {
    /// The request for an outbox envelope, sent by `stock_location`. Every attempt must send the same bytes,
    /// so build it once from the stored envelope.
    pub fn from_envelope(envelope: &CommandEnvelope, stock_location: &str) -> CommandRequest {
        CommandRequest {
            command: envelope.command.clone(),
            stock_location: stock_location.to_string(),
            actor: envelope.actor.clone(),
            issued_at: envelope.issued_at,
        }
    }
}

/// The part of a command request a server reads before it knows whether the command's parameters are valid:
/// which command, from which store, by whom. Parameters are checked last (see the order of checks in the doc).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandRequestHead {
    pub slug: String,
    pub stock_location: String,
    pub actor: Actor,
    pub issued_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_slug_and_parameters_sit_at_the_top_level() {
        let request = CommandRequest {
            command: Command::Pick {
                line_id: "50011".into(),
                quantity: 1,
                barcode: Some("8691234500017".into()),
            },
            stock_location: "IST-01".into(),
            actor: Actor {
                user_id: "u-7".into(),
                user_name: "Ayşe".into(),
                station: "till-2".into(),
            },
            issued_at: chrono::DateTime::UNIX_EPOCH,
        };
        let json = serde_json::to_value(&request).expect("serialises");
        assert_eq!(json["slug"], "pick");
        assert_eq!(json["line_id"], "50011");
        assert_eq!(json["stock_location"], "IST-01");
        let back: CommandRequest = serde_json::from_value(json.clone()).expect("deserialises");
        assert_eq!(back, request);
        let head: CommandRequestHead = serde_json::from_value(json).expect("head");
        assert_eq!(head.slug, "pick");
        let unit: CommandRequest = serde_json::from_value(serde_json::json!({
            "slug": "accept", "stock_location": "IST-01",
            "actor": {"user_id": "u", "user_name": "n", "station": "s"}, "issued_at": "2026-05-02T10:00:00Z"
        }))
        .expect("a command without parameters");
        assert_eq!(unit.command, Command::Accept);
    }
}
