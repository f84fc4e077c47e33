//! `storedesk-headless`: the sync engine without a window.
//!
//! - `demo`: starts the embedded OMS simulator on a loopback port, a generated store, and syncs against it.
//! - `station`: syncs a database with a real OMS (token from `STOREDESK_OMS_TOKEN`, never from the command line).
//!
//! With `--autopilot` a scripted clerk works the orders; each action it records is printed as
//! `ACK <command_id> <work_order_id> <slug>` once its transaction is committed (the kill test relies on this).

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use clap::{Parser, Subcommand};
use rand::{Rng, SeedableRng};
use storedesk_domain::{Actor, WorkOrder};
use storedesk_headless::autopilot::Autopilot;
use storedesk_headless::station::autopilot_step;
use storedesk_oms_client::{ApiToken, ClientConfig, HttpOmsConnector};
use storedesk_store::Store;
use storedesk_sync::{SyncConfig, SyncEngine};

#[derive(Parser)]
#[command(
    name = "storedesk-headless",
    version,
    about = "Storedesk's sync engine without a window"
)]
struct Cli {
    #[command(subcommand)]
    mode: Mode,
}

#[derive(Subcommand)]
enum Mode {
    /// Run against the embedded OMS simulator with a generated store.
    Demo {
        /// Where the demo database lives (default: ./.storedesk/demo).
        #[arg(long, default_value = ".storedesk/demo")]
        data_dir: PathBuf,
        /// Orders generated for the demo store.
        #[arg(long, default_value_t = 60)]
        orders: usize,
        /// Let a scripted clerk work the orders.
        #[arg(long)]
        autopilot: bool,
        /// Stop after this many seconds (default: run until Ctrl-C).
        #[arg(long)]
        seconds: Option<u64>,
        /// Address for the simulator (port 0 picks a free one).
        #[arg(long, default_value = "127.0.0.1:0")]
        oms_addr: SocketAddr,
    },
    /// Sync a database with an OMS.
    Station {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        oms_url: url::Url,
        /// This store's stock-location code.
        #[arg(long)]
        store: String,
        #[arg(long, default_value = "headless")]
        station_name: String,
        /// Let a scripted clerk work the orders.
        #[arg(long)]
        autopilot: bool,
        /// Stop the autopilot after this many actions.
        #[arg(long)]
        max_actions: Option<u64>,
        /// Pause between autopilot actions, in milliseconds.
        #[arg(long, default_value_t = 20)]
        action_ms: u64,
        /// Pull interval, in milliseconds.
        #[arg(long, default_value_t = 15_000)]
        poll_ms: u64,
        /// Request timeout, in milliseconds.
        #[arg(long, default_value_t = 15_000)]
        timeout_ms: u64,
        /// Seed for the autopilot's choices.
        #[arg(long, default_value_t = 7)]
        seed: u64,
    },
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("STOREDESK_LOG")
                .unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let result = match cli.mode {
        Mode::Demo {
            data_dir,
            orders,
            autopilot,
            seconds,
            oms_addr,
        } => demo(data_dir, orders, autopilot, seconds, oms_addr).await,
        Mode::Station {
            db,
            oms_url,
            store,
            station_name,
            autopilot,
            max_actions,
            action_ms,
            poll_ms,
            timeout_ms,
            seed,
        } => {
            let token = match std::env::var("STOREDESK_OMS_TOKEN") {
                Ok(t) if !t.trim().is_empty() => t,
                _ => {
                    eprintln!(
                        "error: set STOREDESK_OMS_TOKEN to the OMS API token (it is never taken from the command line)"
                    );
                    std::process::exit(2);
                }
            };
            let opts = StationOptions {
                station_name,
                autopilot,
                max_actions,
                action_every: Duration::from_millis(action_ms),
                poll: Duration::from_millis(poll_ms),
                timeout: Duration::from_millis(timeout_ms),
                seed,
                run_for: None,
                pickup_codes: None,
                human_output: false,
            };
            station(db, oms_url, ApiToken::new(token), store, opts).await
        }
    };
    if let Err(message) = result {
        eprintln!("error: {message}");
        std::process::exit(1);
    }
}

type PickupLookup = Arc<dyn Fn(&WorkOrder) -> Option<String> + Send + Sync>;

struct StationOptions {
    station_name: String,
    autopilot: bool,
    max_actions: Option<u64>,
    action_every: Duration,
    poll: Duration,
    timeout: Duration,
    seed: u64,
    run_for: Option<Duration>,
    pickup_codes: Option<PickupLookup>,
    /// Describe autopilot actions for people instead of `ACK` lines for scripts.
    human_output: bool,
}

async fn demo(
    data_dir: PathBuf,
    orders: usize,
    autopilot: bool,
    seconds: Option<u64>,
    oms_addr: SocketAddr,
) -> Result<(), String> {
    let store_code = "IST-01".to_string();
    let sim = storedesk_oms_sim::Simulator::new(storedesk_oms_sim::SimConfig {
        stores: vec![store_code.clone()],
        orders_per_store: orders,
        new_order_every: Some(Duration::from_secs(60)),
        cancel_request_every: Some(Duration::from_secs(300)),
        ..Default::default()
    });
    let server = sim
        .serve(oms_addr)
        .await
        .map_err(|e| format!("cannot start the demo OMS on {oms_addr}: {e}"))?;
    std::fs::create_dir_all(&data_dir)
        .map_err(|e| format!("cannot create {}: {e}", data_dir.display()))?;
    let db = data_dir.join("storedesk.db");
    println!("============================================================");
    println!(" DEMO - Storedesk against its embedded OMS simulator");
    println!(" OMS:      {}  (store {store_code})", server.base_url);
    println!(" Database: {}", db.display());
    println!(" Ctrl-C stops. Nothing here talks to a real OMS.");
    println!("============================================================");
    let url = url::Url::parse(&server.base_url).map_err(|e| e.to_string())?;
    let token = ApiToken::new(sim.config().token.clone());
    let pickup_sim = sim.clone();
    let opts = StationOptions {
        station_name: "demo-counter".into(),
        autopilot,
        max_actions: None,
        action_every: Duration::from_millis(400),
        poll: Duration::from_secs(5),
        timeout: Duration::from_secs(10),
        seed: 7,
        run_for: seconds.map(Duration::from_secs),
        pickup_codes: Some(Arc::new(move |wo: &WorkOrder| {
            pickup_sim.pickup_code(&wo.id)
        })),
        human_output: true,
    };
    let result = station(db, url, token, store_code, opts).await;
    server.stop().await;
    result
}

async fn station(
    db: PathBuf,
    oms_url: url::Url,
    token: ApiToken,
    store_code: String,
    opts: StationOptions,
) -> Result<(), String> {
    let store = Store::open(&db).map_err(|e| e.to_string())?;
    let store = Arc::new(Mutex::new(store));
    let mut client_config = ClientConfig::new(oms_url, token, store_code.clone());
    client_config.request_timeout = opts.timeout;
    let connector = HttpOmsConnector::new(client_config).map_err(|e| e.to_string())?;
    let mut sync_config = SyncConfig::new(store_code);
    sync_config.poll_interval = opts.poll;
    let engine = SyncEngine::new(connector, store.clone(), sync_config);
    let tasks = engine.spawn();

    let pilot_task = opts.autopilot.then(|| {
        let engine = engine.clone();
        let store = store.clone();
        let run = PilotRun {
            actor: Actor {
                user_id: "autopilot".into(),
                user_name: "Autopilot".into(),
                station: opts.station_name.clone(),
            },
            every: opts.action_every,
            max: opts.max_actions,
            seed: opts.seed,
            codes: opts.pickup_codes.clone(),
            human: opts.human_output,
        };
        tokio::task::spawn_blocking(move || run_autopilot(&engine, &store, run))
    });

    let mut status = engine.subscribe();
    let mut last_line = String::new();
    let stop = async {
        match opts.run_for {
            Some(d) => tokio::time::sleep(d).await,
            None => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    };
    tokio::pin!(stop);
    loop {
        tokio::select! {
            _ = &mut stop => break,
            changed = status.changed() => {
                if changed.is_err() { break; }
                let s = status.borrow_and_update().clone();
                let when = s.last_sync_at.map(|t| t.format("%H:%M:%S").to_string()).unwrap_or_else(|| "never".into());
                let progress = s.progress.map(|p| format!(" · first sync {}/{} pages", p.pages_done, p.pages_total)).unwrap_or_default();
                let line = format!(
                    "sync: {} · last sync {when} · pending {} · parked {}{progress}{}",
                    if s.online { "online" } else { "OFFLINE" },
                    s.pending,
                    s.parked,
                    s.last_error.map(|e| format!(" · {e}")).unwrap_or_default(),
                );
                if line != last_line {
                    eprintln!("{line}");
                    last_line = line;
                }
            }
        }
    }
    engine.shutdown();
    if let Some(t) = pilot_task {
        let _ = t.await;
    }
    tasks.join().await;
    Ok(())
}

/// How the scripted clerk runs.
struct PilotRun {
    actor: Actor,
    /// Pause after each recorded action.
    every: Duration,
    /// Stop recording after this many actions.
    max: Option<u64>,
    seed: u64,
    codes: Option<PickupLookup>,
    /// Describe actions for people instead of `ACK` lines.
    human: bool,
}

fn run_autopilot(engine: &SyncEngine<HttpOmsConnector>, store: &Arc<Mutex<Store>>, run: PilotRun) {
    let PilotRun {
        actor,
        every,
        max,
        seed,
        codes,
        human,
    } = run;
    let actor = &actor;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut roll = move || rng.random_range(0..100);
    let no_codes = |_: &WorkOrder| None;
    let lookup: &dyn Fn(&WorkOrder) -> Option<String> = match &codes {
        Some(f) => f.as_ref(),
        None => &no_codes,
    };
    let mut pilot = Autopilot {
        roll: &mut roll,
        short_pick_percent: 10,
        pickup_code: lookup,
    };
    let mut done = 0u64;
    let stdout = std::io::stdout();
    while !engine_stopping(engine) {
        if max.is_some_and(|m| done >= m) {
            std::thread::sleep(Duration::from_millis(100));
            continue;
        }
        let step = {
            let mut guard = store.lock().unwrap_or_else(|p| p.into_inner());
            autopilot_step(&mut guard, &mut pilot, actor, 200)
        };
        match step {
            Ok(Some(step)) => {
                done += 1;
                let mut out = stdout.lock();
                if human {
                    let _ = writeln!(
                        out,
                        "{}  {:<11} {:<22} {} -> {}  (recorded, queued for the OMS)",
                        chrono::Local::now().format("%H:%M:%S"),
                        step.before.number,
                        step.slug,
                        step.before.status,
                        step.recorded.view.status,
                    );
                } else {
                    let _ = writeln!(
                        out,
                        "ACK {} {} {}",
                        step.recorded.command_id, step.before.id, step.slug
                    );
                }
                let _ = out.flush();
                engine.request_push();
                std::thread::sleep(every);
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(200)),
            Err(e) => {
                eprintln!("autopilot: {e}");
                std::thread::sleep(Duration::from_millis(500));
            }
        }
    }
}

fn engine_stopping(engine: &SyncEngine<HttpOmsConnector>) -> bool {
    engine.is_shut_down()
}
