//! Printing a label through the OS print path. For now: the PDF goes to CUPS with `lp` (the labels issue brings
//! thermal printers and printer choice).

use std::path::PathBuf;
use std::process::Command;

use crate::error::{AppError, AppResult};

/// Something that prints PDFs. Tests use a recording stand-in.
pub trait Printer: Send + Sync {
    /// Print `pdf`; `title` names the job in the print queue.
    fn print_pdf(&self, pdf: &[u8], title: &str) -> AppResult<()>;
}

/// Prints with CUPS' `lp` to the default printer.
#[derive(Debug, Default, Clone)]
pub struct LpPrinter {
    /// The `lp` to run; `None` looks it up on `PATH`.
    program: Option<PathBuf>,
}

impl LpPrinter {
    /// Run this program instead of the `lp` on `PATH` (tests, or a CUPS in an unusual place).
    pub fn with_program(program: impl Into<PathBuf>) -> LpPrinter {
        LpPrinter {
            program: Some(program.into()),
        }
    }
}

/// The `lp` executable on `PATH`, if any.
fn find_lp() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("lp"))
        .find(|p| p.is_file())
}

impl Printer for LpPrinter {
    fn print_pdf(&self, pdf: &[u8], title: &str) -> AppResult<()> {
        let lp = match &self.program {
            Some(p) if p.is_file() => Some(p.clone()),
            Some(_) => None,
            None => find_lp(),
        };
        let lp = lp.ok_or_else(|| {
            AppError::printer_unavailable(
                "no print system on this PC (the `lp` command of CUPS is not installed)",
            )
        })?;
        let file =
            std::env::temp_dir().join(format!("storedesk-label-{}.pdf", uuid::Uuid::new_v4()));
        std::fs::write(&file, pdf).map_err(|e| {
            AppError::printer_unavailable(format!(
                "the label could not be written to a temporary file ({e})"
            ))
        })?;
        let output = Command::new(lp).arg("-t").arg(title).arg(&file).output();
        let _ = std::fs::remove_file(&file);
        let output = output.map_err(|e| {
            AppError::printer_unavailable(format!("`lp` could not be started ({e})"))
        })?;
        if output.status.success() {
            tracing::info!(title, "label sent to the printer");
            Ok(())
        } else {
            let stderr = String::from_utf8_lossy(&output.stderr).trim().to_string();
            Err(AppError::printer_unavailable(if stderr.is_empty() {
                format!("`lp` failed ({})", output.status)
            } else {
                stderr
            }))
        }
    }
}
