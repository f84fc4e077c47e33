//! Reading the machine-readable tables of `docs/oms-api.md`, so that tests (here, in the simulator and in
//! clients) can check the document against the code.
//!
//! A table is marked by an HTML comment `<!-- table:NAME -->` on the line before it; the first row is the
//! header, the second the `|---|` separator.

use std::collections::BTreeMap;

use storedesk_domain::{CommandKind, Status, WorkOrderKind};

use crate::state::{PACKAGE_STATES, TRANSFER_STATES, transfer_status};

/// The rows (header first, separator dropped) of the table marked `<!-- table:NAME -->`, cells trimmed.
pub fn markdown_table(markdown: &str, name: &str) -> Option<Vec<Vec<String>>> {
    let marker = format!("<!-- table:{name} -->");
    let mut lines = markdown.lines().skip_while(|l| l.trim() != marker).skip(1);
    let mut rows = Vec::new();
    for line in lines.by_ref() {
        let line = line.trim();
        if !line.starts_with('|') {
            break;
        }
        let inner = line.trim_start_matches('|').trim_end_matches('|');
        let cells: Vec<String> = inner.split('|').map(|c| c.trim().to_string()).collect();
        if cells
            .iter()
            .all(|c| c.chars().all(|ch| ch == '-' || ch == ':'))
        {
            continue;
        }
        rows.push(cells);
    }
    (!rows.is_empty()).then_some(rows)
}

/// One row of the allowed-commands table (§5.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandRow {
    pub command: CommandKind,
    /// Marked †: allowed in the listed states only while a cancel request is pending.
    pub only_with_cancel_request: bool,
    /// For each kind, the domain statuses in which the command is allowed.
    pub states: BTreeMap<&'static str, Vec<Status>>,
}

impl CommandRow {
    /// The statuses in which the command is allowed for `kind`.
    pub fn allowed_in(&self, kind: WorkOrderKind) -> &[Status] {
        self.states.get(kind.as_str()).map_or(&[], Vec::as_slice)
    }
}

/// Parses the allowed-commands table (`<!-- table:commands -->`) into domain terms.
pub fn parse_command_table(markdown: &str) -> Result<Vec<CommandRow>, String> {
    let rows = markdown_table(markdown, "commands").ok_or("no table marked commands")?;
    let header = &rows[0];
    let kinds: Vec<WorkOrderKind> = header[1..]
        .iter()
        .map(|h| {
            WorkOrderKind::ALL
                .into_iter()
                .find(|k| k.as_str() == h)
                .ok_or_else(|| format!("unknown kind column {h:?}"))
        })
        .collect::<Result<_, _>>()?;
    rows[1..]
        .iter()
        .map(|cells| {
            if cells.len() != kinds.len() + 1 {
                return Err(format!("row {cells:?} has the wrong number of cells"));
            }
            let only_with_cancel_request = cells[0].contains('†');
            let slug: String = cells[0]
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let command =
                CommandKind::from_slug(&slug).ok_or_else(|| format!("unknown command {slug:?}"))?;
            let mut states = BTreeMap::new();
            for (kind, cell) in kinds.iter().zip(&cells[1..]) {
                let statuses = if cell == "—" || cell.is_empty() {
                    Vec::new()
                } else {
                    cell.split(',')
                        .map(|name| status_by_name(*kind, name.trim()))
                        .collect::<Result<Vec<_>, _>>()?
                };
                states.insert(kind.as_str(), statuses);
            }
            Ok(CommandRow {
                command,
                only_with_cancel_request,
                states,
            })
        })
        .collect()
}

/// The domain status of the wire state `name` for `kind` (package names for packaging kinds, transfer names
/// for transfers, seen from the kind's side).
pub fn status_by_name(kind: WorkOrderKind, name: &str) -> Result<Status, String> {
    let missing = || format!("{name:?} is not a state of a {} order", kind.as_str());
    if kind.is_packaging() {
        PACKAGE_STATES
            .iter()
            .find(|r| r.name == name)
            .map(|r| r.status)
            .filter(|s| s.valid_for(kind))
            .ok_or_else(missing)
    } else {
        let row = TRANSFER_STATES
            .iter()
            .find(|r| r.name == name)
            .ok_or_else(missing)?;
        transfer_status(row.enum_value, kind).ok_or_else(missing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "intro\n<!-- table:x -->\n| a | b |\n|---|---|\n| 1 | 2, 3 |\n\nafter\n";

    #[test]
    fn reads_a_marked_table() {
        let rows = markdown_table(DOC, "x").expect("table");
        assert_eq!(rows, vec![vec!["a", "b"], vec!["1", "2, 3"]]);
        assert!(markdown_table(DOC, "y").is_none());
    }

    #[test]
    fn names_map_per_kind() {
        assert_eq!(
            status_by_name(WorkOrderKind::TransferOut, "ready_for_shipment"),
            Ok(Status::Packed)
        );
        assert_eq!(
            status_by_name(WorkOrderKind::TransferIn, "in_transit"),
            Ok(Status::InTransit)
        );
        assert!(status_by_name(WorkOrderKind::ClickAndCollect, "ready_to_ship").is_err());
    }
}
