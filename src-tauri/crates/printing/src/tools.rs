//! Running the CUPS client tools (`lp`, `lpstat`, `lpoptions`) in the C locale so their output can be parsed.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What a tool printed.
#[derive(Debug)]
pub(crate) struct ToolOutput {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

/// Why a tool did not run.
#[derive(Debug)]
pub(crate) enum ToolError {
    /// Not installed.
    Missing,
    /// Could not be started or talked to.
    Failed(String),
}

/// Runs `program` (from `bin_dir` if set, else from `PATH`) with `args`, `-h server` first if `server` is set, and
/// `stdin` fed to it.
pub(crate) fn run(
    bin_dir: Option<&Path>,
    program: &str,
    server: Option<&str>,
    args: &[&str],
    stdin: Option<&[u8]>,
) -> Result<ToolOutput, ToolError> {
    let exe: PathBuf = match bin_dir {
        Some(dir) => dir.join(program),
        None => PathBuf::from(program),
    };
    let mut cmd = Command::new(&exe);
    cmd.env("LC_ALL", "C")
        .env("LANG", "C")
        .env("LANGUAGE", "C")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
    if let Some(server) = server {
        cmd.arg("-h").arg(server);
    }
    cmd.args(args);
    let mut child = cmd.spawn().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ToolError::Missing,
        _ => ToolError::Failed(format!("`{program}` could not be started ({e})")),
    })?;
    let writer = match (stdin, child.stdin.take()) {
        (Some(data), Some(mut pipe)) => {
            let data = data.to_vec();
            Some(std::thread::spawn(move || {
                let result = pipe.write_all(&data);
                drop(pipe);
                result
            }))
        }
        _ => None,
    };
    let output = child
        .wait_with_output()
        .map_err(|e| ToolError::Failed(format!("`{program}` failed ({e})")))?;
    if let Some(writer) = writer {
        match writer.join() {
            Ok(Ok(())) => {}
            Ok(Err(e)) if output.status.success() => {
                return Err(ToolError::Failed(format!(
                    "the document could not be handed to `{program}` ({e})"
                )));
            }
            _ => {}
        }
    }
    let out = ToolOutput {
        success: output.status.success(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    tracing::debug!(program, ?args, server, success = out.success, stderr = %out.stderr.trim(), "CUPS tool ran");
    Ok(out)
}
