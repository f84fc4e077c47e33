//! `storedesk-oms-sim`: runs the simulated OMS until Ctrl-C.
//!
//! ```text
//! storedesk-oms-sim [--addr 127.0.0.1:8787] [--seed N] [--stores IST-01,SAO-01] [--orders N] [--token T]
//!                   [--new-order-every-secs N] [--cancel-request-every-secs N]
//! ```
//!
//! The first two lines on stdout are `STOREDESK_OMS_URL=http://…` and `STOREDESK_OMS_TOKEN=…`; logs go to
//! stderr (`RUST_LOG` filters them).

use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use storedesk_oms_sim::{SimConfig, Simulator};

const USAGE: &str = "usage: storedesk-oms-sim [--addr 127.0.0.1:8787] [--seed N] [--stores IST-01,SAO-01] \
[--orders N] [--token T] [--new-order-every-secs N] [--cancel-request-every-secs N]";

struct Args {
    addr: SocketAddr,
    config: SimConfig,
}

fn parse_args(args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut addr: SocketAddr = ([127, 0, 0, 1], 8787).into();
    let mut config = SimConfig::default();
    let mut args = args.peekable();
    while let Some(flag) = args.next() {
        if flag == "-h" || flag == "--help" {
            return Ok(None);
        }
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        let secs = |v: String| {
            v.parse::<u64>()
                .ok()
                .filter(|s| *s > 0)
                .map(Duration::from_secs)
                .ok_or_else(|| format!("{flag}: {v:?} is not a positive number of seconds"))
        };
        match flag.as_str() {
            "--addr" => {
                let v = value()?;
                addr = v
                    .parse()
                    .map_err(|_| format!("--addr: {v:?} is not host:port"))?;
            }
            "--seed" => {
                let v = value()?;
                config.seed = v
                    .parse()
                    .map_err(|_| format!("--seed: {v:?} is not a number"))?;
            }
            "--stores" => {
                config.stores = value()?
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect();
                if config.stores.is_empty() {
                    return Err("--stores: give at least one store code".into());
                }
            }
            "--orders" => {
                let v = value()?;
                config.orders_per_store = v
                    .parse()
                    .map_err(|_| format!("--orders: {v:?} is not a number"))?;
            }
            "--token" => config.token = value()?,
            "--new-order-every-secs" => config.new_order_every = Some(secs(value()?)?),
            "--cancel-request-every-secs" => config.cancel_request_every = Some(secs(value()?)?),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(Some(Args { addr, config }))
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("{e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let token = args.config.token.clone();
    let stores = args.config.stores.join(",");
    let sim = Simulator::new(args.config);
    let server = match sim.serve(args.addr).await {
        Ok(server) => server,
        Err(e) => {
            eprintln!("cannot listen on {}: {e}", args.addr);
            return ExitCode::FAILURE;
        }
    };
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "STOREDESK_OMS_URL={}", server.base_url);
    let _ = writeln!(stdout, "STOREDESK_OMS_TOKEN={token}");
    let _ = writeln!(stdout, "STOREDESK_OMS_STORES={stores}");
    let _ = stdout.flush();
    drop(stdout);
    if let Err(e) = tokio::signal::ctrl_c().await {
        tracing::warn!("cannot wait for Ctrl-C: {e}");
    }
    server.stop().await;
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Option<Args>, String> {
        parse_args(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn flags() {
        let args = parse(&[
            "--addr",
            "127.0.0.1:0",
            "--seed",
            "7",
            "--stores",
            "IST-01,SAO-01",
            "--orders",
            "5",
        ])
        .expect("valid")
        .expect("not help");
        assert_eq!(args.config.seed, 7);
        assert_eq!(args.config.stores, ["IST-01", "SAO-01"]);
        assert_eq!(args.config.orders_per_store, 5);
        assert!(parse(&["--help"]).expect("help").is_none());
        assert!(parse(&["--seed"]).is_err());
        assert!(parse(&["--bogus"]).is_err());
        assert!(parse(&["--new-order-every-secs", "0"]).is_err());
    }
}
