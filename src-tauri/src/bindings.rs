//! TypeScript declarations of every type that crosses IPC, generated with ts-rs into
//! `ui/src/lib/bindings/ipc.ts`. The test `src-tauri/tests/bindings.rs` fails when the committed file differs
//! from what the Rust types produce; regenerate it with
//!
//! ```sh
//! STOREDESK_UPDATE_BINDINGS=1 cargo test --test bindings
//! ```

use storedesk_domain as d;
use ts_rs::{Config, TS};

use crate::dto;
use crate::error::AppError;
use crate::events::EVENT_PAYLOADS;

/// Where the bindings live, relative to the repository root.
pub const BINDINGS_PATH: &str = "ui/src/lib/bindings/ipc.ts";

fn decl<T: TS>(cfg: &Config) -> String {
    let decl = T::decl(cfg);
    let docs = T::docs()
        .map(|d| format!("{}\n", d.trim_end()))
        .unwrap_or_default();
    format!("{docs}export {decl}\n")
}

/// The file's contents.
pub fn typescript() -> String {
    // u64 counts fit in a JavaScript number (they are far below 2^53).
    let cfg = Config::new().with_large_int("number");
    let sections: [(&str, Vec<String>); 3] = [
        (
            "Domain (storedesk-domain): the work order and the store's commands",
            vec![
                decl::<d::WorkOrderKind>(&cfg),
                decl::<d::Status>(&cfg),
                decl::<d::Customer>(&cfg),
                decl::<d::Address>(&cfg),
                decl::<d::LineRejection>(&cfg),
                decl::<d::Line>(&cfg),
                decl::<d::LabelFormat>(&cfg),
                decl::<d::ParcelItem>(&cfg),
                decl::<d::Parcel>(&cfg),
                decl::<d::Pickup>(&cfg),
                decl::<d::Dispatch>(&cfg),
                decl::<d::Hold>(&cfg),
                decl::<d::CancelRequest>(&cfg),
                decl::<d::Rejection>(&cfg),
                decl::<d::WorkOrder>(&cfg),
                decl::<d::Reason>(&cfg),
                decl::<d::LineQuantity>(&cfg),
                decl::<d::ParcelSpec>(&cfg),
                decl::<d::ReceiveLine>(&cfg),
                decl::<d::Command>(&cfg),
                decl::<d::CommandKind>(&cfg),
                decl::<d::Actor>(&cfg),
            ],
        ),
        (
            "Application commands (src-tauri/src/dto.rs)",
            vec![
                decl::<AppError>(&cfg),
                decl::<dto::Role>(&cfg),
                decl::<dto::StaffSummary>(&cfg),
                decl::<dto::Session>(&cfg),
                decl::<dto::AppInfo>(&cfg),
                decl::<dto::InboxTab>(&cfg),
                decl::<dto::InboxQuery>(&cfg),
                decl::<dto::InboxRow>(&cfg),
                decl::<dto::TabCounts>(&cfg),
                decl::<dto::InboxPage>(&cfg),
                decl::<dto::SignedIn>(&cfg),
                decl::<dto::HistoryEntry>(&cfg),
                decl::<dto::ParkedEntry>(&cfg),
                decl::<dto::WorkOrderDetail>(&cfg),
                decl::<dto::SyncProgress>(&cfg),
                decl::<dto::SyncStatus>(&cfg),
                decl::<dto::LabelDocument>(&cfg),
                decl::<dto::PersonStats>(&cfg),
                decl::<dto::AgeBucket>(&cfg),
                decl::<dto::UncollectedBucket>(&cfg),
                decl::<dto::ManagerOverview>(&cfg),
                decl::<dto::Settings>(&cfg),
                decl::<crate::printing::PrinterChoice>(&cfg),
                decl::<crate::printing::LabelLanguage>(&cfg),
                decl::<crate::printing::LabelStock>(&cfg),
                decl::<crate::printing::Paper>(&cfg),
                decl::<crate::printing::PrintSettings>(&cfg),
                decl::<crate::commands::printing::PrinterRole>(&cfg),
                decl::<crate::commands::printing::OrderDocument>(&cfg),
                decl::<crate::commands::printing::PrintRequest>(&cfg),
                decl::<crate::commands::printing::PrintOutcome>(&cfg),
                decl::<crate::commands::printing::PrinterQueue>(&cfg),
                decl::<crate::commands::printing::PrinterCheck>(&cfg),
                decl::<crate::commands::printing::PrintRecord>(&cfg),
            ],
        ),
        (
            "Events emitted by the backend (src-tauri/src/events.rs)",
            vec![
                decl::<dto::WorkArrived>(&cfg),
                decl::<dto::OrderChanged>(&cfg),
                {
                    let mut s = String::from("export interface EventPayloads {\n");
                    for (name, ty) in EVENT_PAYLOADS {
                        s.push_str(&format!("  \"{name}\": {ty};\n"));
                    }
                    s.push_str("}\n\nexport type EventName = keyof EventPayloads;\n");
                    s
                },
            ],
        ),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by ts-rs (src-tauri/src/bindings.rs). Do not edit: change the Rust types\n\
         // and run `STOREDESK_UPDATE_BINDINGS=1 cargo test --test bindings`.\n",
    );
    for (title, decls) in sections {
        out.push_str(&format!("\n// ---- {title}\n\n"));
        out.push_str(&decls.join("\n"));
    }
    out
}
