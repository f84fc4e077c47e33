//! Logs: `tracing` to a file in the app's log directory, rotated daily (14 files kept), and to stderr in debug
//! builds. `STOREDESK_LOG` sets the filter (default `info`). PINs, tokens and customers' personal data are never
//! logged: the handlers log ids and codes only.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// Start logging to `log_dir`. Keep the guard alive for as long as the app runs (it flushes on drop).
pub fn init(log_dir: &Path) -> Option<WorkerGuard> {
    let filter = || {
        EnvFilter::try_from_env("STOREDESK_LOG")
            .unwrap_or_else(|_| EnvFilter::new("info,tao=warn,wry=warn,hyper=warn,reqwest=warn"))
    };
    if let Err(e) = std::fs::create_dir_all(log_dir) {
        eprintln!(
            "storedesk: cannot create the log directory {}: {e}",
            log_dir.display()
        );
    }
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix("storedesk")
        .filename_suffix("log")
        .max_log_files(14)
        .build(log_dir);
    let (file_layer, guard) = match appender {
        Ok(appender) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            (
                Some(
                    tracing_subscriber::fmt::layer()
                        .with_writer(writer)
                        .with_ansi(false),
                ),
                Some(guard),
            )
        }
        Err(e) => {
            eprintln!("storedesk: cannot write logs to {}: {e}", log_dir.display());
            (None, None)
        }
    };
    let stderr_layer = cfg!(debug_assertions)
        .then(|| tracing_subscriber::fmt::layer().with_writer(std::io::stderr));
    let _ = tracing_subscriber::registry()
        .with(filter())
        .with(file_layer)
        .with(stderr_layer)
        .try_init();
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        tracing::error!(%info, "panic");
        default_hook(info);
    }));
    guard
}
