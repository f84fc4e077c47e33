//! The app's state: the station's store, the staff list and who is signed in, the settings, the sync engine and
//! (in demo mode) the embedded OMS simulator.
//!
//! [`AppState`] has no Tauri in it: the command handlers in [`crate::commands`] take it as a plain argument, so
//! they are tested without a window (`src-tauri/tests/handlers.rs`); `lib.rs` puts it in Tauri's managed state.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};
use std::time::Duration;

use chrono::{DateTime, Utc};
use storedesk_domain::{Actor, Feed};
use storedesk_oms_client::{ApiToken, ClientConfig, HttpOmsConnector};
use storedesk_oms_sim::{SimConfig, SimServer, Simulator};
use storedesk_staff::{NewStaff, Pin, Role, Staff, StaffMember};
use storedesk_store::Store;
use storedesk_sync::{SharedStore, SyncConfig, SyncEngine, SyncTasks};
use tokio::task::JoinHandle;

use crate::error::{AppError, AppResult};
use crate::events::EventSink;
use crate::printing::PrintSettings;
use crate::secrets::TokenStore;
use crate::settings::{DEMO_STORE, EnvOverrides, StoredSettings};
use storedesk_printing::Printing;

/// The sync engine the app runs (HTTP to the OMS, or to the simulator on loopback).
pub type Engine = SyncEngine<HttpOmsConnector>;

/// Where the station keeps its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// The station's databases.
    pub data_dir: PathBuf,
    /// `settings.json` and the token fallback file.
    pub config_dir: PathBuf,
    pub log_dir: PathBuf,
}

impl Paths {
    /// Everything under one directory (`STOREDESK_DATA_DIR`, tests).
    pub fn under(dir: &Path) -> Paths {
        Paths {
            data_dir: dir.join("data"),
            config_dir: dir.join("config"),
            log_dir: dir.join("logs"),
        }
    }

    /// The operating system's directories for the app `identifier` — the ones Tauri's path resolver gives
    /// (`app_data_dir`, `app_config_dir`, `app_log_dir`), found without the app, which starts after the station.
    /// None on a computer without a home folder.
    pub fn for_app(identifier: &str) -> Option<Paths> {
        #[cfg(target_os = "macos")]
        let log_dir = dirs::home_dir()?.join("Library/Logs").join(identifier);
        #[cfg(not(target_os = "macos"))]
        let log_dir = dirs::data_local_dir()?.join(identifier).join("logs");
        Some(Paths {
            data_dir: dirs::data_dir()?.join(identifier),
            config_dir: dirs::config_dir()?.join(identifier),
            log_dir,
        })
    }

    pub fn settings_file(&self) -> PathBuf {
        self.config_dir.join("settings.json")
    }

    /// The real store's database, or the demo's (recreated at every demo start, so demo data never mixes with a
    /// store's).
    pub fn database(&self, demo: bool) -> PathBuf {
        self.data_dir
            .join(if demo { "demo.db" } else { "storedesk.db" })
    }
}

/// How the demo is generated.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    pub seed: u64,
    pub orders: usize,
    pub new_order_every: Option<Duration>,
    pub cancel_request_every: Option<Duration>,
    /// Name, role and PIN of the demo staff. The names carry the PINs, so the sign-in screen shows them.
    pub staff: Vec<(String, Role, String)>,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            seed: 42,
            orders: 60,
            new_order_every: Some(Duration::from_secs(60)),
            cancel_request_every: Some(Duration::from_secs(300)),
            staff: vec![
                ("Ayşe (PIN 1111)".into(), Role::Staff, "1111".into()),
                ("Mehmet (PIN 2222)".into(), Role::Staff, "2222".into()),
                ("Elif (PIN 9999)".into(), Role::Manager, "9999".into()),
            ],
        }
    }
}

/// The current time (injected so tests can move it).
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// Everything [`AppState::start`] needs.
pub struct StartOptions {
    pub paths: Paths,
    pub env: EnvOverrides,
    pub tokens: TokenStore,
    pub events: Arc<dyn EventSink>,
    /// How to reach printers (tests point it at a private CUPS server).
    pub printing: Printing,
    /// PIN hashing cost and lockout policy.
    pub staff: Staff,
    pub demo: DemoOptions,
    pub clock: Clock,
    /// How long the first pull waits when the station already has work cached to show ([`FIRST_PULL_AFTER`] in
    /// the app; zero in tests). A station with an empty cache (a fresh install, the demo) pulls at once.
    pub first_pull_after: Duration,
}

/// The app's wait before its first pull when it has cached work to show: the window, the sign-in screen and the
/// first inbox come from the cache and have both cores to themselves while they start (on a two-core till PC an
/// incremental pull at the same moment delayed the web view's start by 40-90 ms, docs/benchmarks.md). New work
/// shows up a second later, as if it had arrived a second later. A pull asked for (a webhook, "sync now") does
/// not wait.
pub const FIRST_PULL_AFTER: Duration = Duration::from_secs(1);

/// Who is signed in.
#[derive(Debug, Clone)]
pub struct ActiveSession {
    pub member: StaffMember,
    pub signed_in_at: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
}

/// The OMS of demo mode: the embedded simulator's server, or an external simulator.
struct Demo {
    server: Option<SimServer>,
    url: String,
    token: String,
}

/// What runs for the current configuration; changed only under the async lock in [`Inner::runtime`].
#[derive(Default)]
struct Runtime {
    demo: Option<Demo>,
    tasks: Option<SyncTasks>,
    watcher: Option<JoinHandle<()>>,
}

struct Inner {
    store: SharedStore,
    staff: Staff,
    session: Mutex<Option<ActiveSession>>,
    settings: RwLock<StoredSettings>,
    /// Whether the station runs the demo.
    demo: RwLock<bool>,
    /// The effective OMS URL (the simulator's in demo mode).
    oms_url: RwLock<String>,
    engine: RwLock<Option<Engine>>,
    /// The simulator, for demo pickup codes.
    sim: RwLock<Option<Simulator>>,
    runtime: tokio::sync::Mutex<Runtime>,
    tokens: TokenStore,
    /// Whether the station has an OMS token, once known: reading the keychain can take a D-Bus round trip (or a
    /// failed `dbus-launch`), which must not sit on the way from the PIN to the inbox.
    token_set: RwLock<Option<bool>>,
    events: Arc<dyn EventSink>,
    printing: Printing,
    paths: Paths,
    env: EnvOverrides,
    demo_options: DemoOptions,
    clock: Clock,
}

/// The app's state. Cheap to clone: every clone is the same station.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

fn read<T: Clone>(lock: &RwLock<T>) -> T {
    lock.read().unwrap_or_else(|p| p.into_inner()).clone()
}

fn write<T>(lock: &RwLock<T>, value: T) {
    *lock.write().unwrap_or_else(|p| p.into_inner()) = value;
}

/// Open the station's database for a mode: the demo's is recreated.
fn open_database(paths: &Paths, demo: bool) -> AppResult<Store> {
    std::fs::create_dir_all(&paths.data_dir).map_err(|e| {
        AppError::new(
            "data_dir_unusable",
            format!(
                "the data folder {} cannot be created ({e})",
                paths.data_dir.display()
            ),
        )
    })?;
    let path = paths.database(demo);
    if demo {
        for suffix in ["", "-wal", "-shm"] {
            let mut p = path.clone().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(p));
        }
    }
    let store = Store::open(&path)?;
    tracing::info!(path = %path.display(), demo, "station database open");
    Ok(store)
}

/// An exclusive lock on the station's data directory, held while the app runs: a second Storedesk on the same
/// data (which the single-instance plugin cannot always prevent, e.g. without a D-Bus session on Linux) must not
/// open, let alone recreate, the databases under the first one.
#[derive(Debug)]
pub struct DataLock {
    _file: std::fs::File,
}

impl DataLock {
    /// Take the lock, or fail with `already_running` if another process holds it.
    pub fn acquire(paths: &Paths) -> AppResult<DataLock> {
        let unusable = |e: std::io::Error| {
            AppError::new(
                "data_dir_unusable",
                format!(
                    "the data folder {} cannot be used ({e})",
                    paths.data_dir.display()
                ),
            )
        };
        std::fs::create_dir_all(&paths.data_dir).map_err(unusable)?;
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(paths.data_dir.join("storedesk.lock"))
            .map_err(unusable)?;
        match file.try_lock() {
            Ok(()) => Ok(DataLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(AppError::new(
                "already_running",
                "Storedesk is already running on this station",
            )),
            Err(std::fs::TryLockError::Error(e)) => Err(unusable(e)),
        }
    }
}

impl AppState {
    /// Load the settings, open the database, start the demo simulator if the station runs the demo, and start
    /// syncing. Must run inside a tokio runtime.
    pub async fn start(opts: StartOptions) -> AppResult<AppState> {
        let opts_first_pull_after = opts.first_pull_after;
        let settings_file = opts.paths.settings_file();
        let mut settings = StoredSettings::load(&settings_file);
        let demo = opts.env.is_demo(&settings);
        if demo && !StoredSettings::exists(&settings_file) {
            settings = StoredSettings::demo_defaults();
        }
        let store = open_database(&opts.paths, demo)?;
        let state = AppState {
            inner: Arc::new(Inner {
                store: Arc::new(Mutex::new(store)),
                staff: opts.staff,
                session: Mutex::new(None),
                settings: RwLock::new(settings),
                demo: RwLock::new(demo),
                oms_url: RwLock::new(String::new()),
                engine: RwLock::new(None),
                sim: RwLock::new(None),
                runtime: tokio::sync::Mutex::new(Runtime::default()),
                tokens: opts.tokens,
                token_set: RwLock::new(None),
                events: opts.events,
                printing: opts.printing,
                paths: opts.paths,
                env: opts.env,
                demo_options: opts.demo,
                clock: opts.clock,
            }),
        };
        {
            let mut rt = state.inner.runtime.lock().await;
            if demo {
                state.start_demo(&mut rt).await?;
            }
            // Anything to show before the first pull? A store with a pull behind it has.
            let warm = {
                let store = state.lock_store();
                store.cursor(Feed::Packaging).ok().flatten().is_some()
                    || store.cursor(Feed::Transfers).ok().flatten().is_some()
            };
            let wait = if warm {
                opts_first_pull_after
            } else {
                Duration::ZERO
            };
            state.start_sync(&mut rt, wait)?;
        }
        Ok(state)
    }

    /// Stop syncing and the simulator (on exit).
    pub async fn shutdown(&self) {
        let mut rt = self.inner.runtime.lock().await;
        self.stop_sync(&mut rt).await;
        if let Some(demo) = rt.demo.take()
            && let Some(server) = demo.server
        {
            server.stop().await;
        }
    }

    // ---- configuration --------------------------------------------------------------------------------------

    /// Save new settings (and a new token) and apply them: the sync engine restarts with the new OMS, interval
    /// and store; switching between the demo and a real OMS switches databases and signs everyone out.
    pub async fn apply_settings(
        &self,
        settings: StoredSettings,
        token: Option<&str>,
    ) -> AppResult<()> {
        settings.save(&self.inner.paths.settings_file())?;
        if let Some(token) = token {
            self.inner.tokens.set(token)?;
            write(&self.inner.token_set, Some(true));
        }
        write(&self.inner.settings, settings.clone());
        let demo = self.inner.env.is_demo(&settings);
        let mut rt = self.inner.runtime.lock().await;
        self.stop_sync(&mut rt).await;
        if demo != self.is_demo() {
            if let Some(server) = rt.demo.take().and_then(|d| d.server) {
                server.stop().await;
            }
            write(&self.inner.sim, None);
            let store = open_database(&self.inner.paths, demo)?;
            *self.lock_store() = store;
            write(&self.inner.demo, demo);
            self.end_session("mode_changed");
            if demo {
                self.start_demo(&mut rt).await?;
            }
            tracing::info!(demo, "station mode changed");
        }
        self.start_sync(&mut rt, Duration::ZERO)
    }

    async fn start_demo(&self, rt: &mut Runtime) -> AppResult<()> {
        let opts = &self.inner.demo_options;
        let demo = if let Some(url) = self.inner.env.demo_oms_url.clone() {
            tracing::info!(%url, "demo against an external simulator");
            Demo {
                server: None,
                url,
                token: self
                    .inner
                    .env
                    .oms_token
                    .clone()
                    .unwrap_or_else(|| SimConfig::default().token),
            }
        } else {
            let sim = Simulator::new(SimConfig {
                seed: opts.seed,
                stores: vec![DEMO_STORE.to_string()],
                orders_per_store: opts.orders,
                new_order_every: opts.new_order_every,
                cancel_request_every: opts.cancel_request_every,
                ..SimConfig::default()
            });
            let addr = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
            let server = sim.serve(addr).await.map_err(|e| {
                AppError::new(
                    "demo_unavailable",
                    format!("the demo OMS could not start on a loopback port ({e})"),
                )
            })?;
            tracing::info!(url = %server.base_url, "demo OMS simulator started");
            write(&self.inner.sim, Some(sim.clone()));
            Demo {
                url: server.base_url.clone(),
                token: sim.config().token.clone(),
                server: Some(server),
            }
        };
        self.seed_demo_staff()?;
        rt.demo = Some(demo);
        Ok(())
    }

    /// The demo staff, in a demo database that has none yet.
    fn seed_demo_staff(&self) -> AppResult<()> {
        let people = self
            .inner
            .demo_options
            .staff
            .iter()
            .map(|(name, role, pin)| {
                Ok(NewStaff {
                    name: name.clone(),
                    role: *role,
                    pin: Pin::parse(pin)?,
                })
            })
            .collect::<Result<Vec<_>, storedesk_staff::StaffError>>()?;
        let station = self.settings().station_name;
        let now = self.now();
        let mut store = self.lock_store();
        if self.inner.staff.is_empty(store.connection())? {
            self.inner
                .staff
                .seed(store.connection_mut(), &people, &station, now)?;
        }
        Ok(())
    }

    /// Start the sync engine for the current settings, its first pull after `first_pull_after`; without an OMS
    /// (or a token) the station works offline.
    fn start_sync(&self, rt: &mut Runtime, first_pull_after: Duration) -> AppResult<()> {
        let settings = self.settings();
        let env = &self.inner.env;
        let (url, token, store_code) = match &rt.demo {
            Some(demo) => (
                demo.url.clone(),
                Some(demo.token.clone()),
                DEMO_STORE.to_string(),
            ),
            None => (
                env.oms_url.clone().unwrap_or(settings.oms_url.clone()),
                match env.oms_token.clone() {
                    Some(t) => Some(t),
                    None => {
                        let stored = self.inner.tokens.get()?;
                        write(&self.inner.token_set, Some(stored.is_some()));
                        stored
                    }
                },
                env.store_code
                    .clone()
                    .unwrap_or(settings.store_code.clone()),
            ),
        };
        write(&self.inner.oms_url, url.clone());
        let Some(token) = token.filter(|_| !url.is_empty()) else {
            tracing::warn!(
                "no OMS URL or API token: the station works offline until one is set up"
            );
            write(&self.inner.engine, None);
            return Ok(());
        };
        let base = url::Url::parse(&url).map_err(|e| {
            AppError::new(
                "invalid_settings",
                format!("the OMS URL {url:?} is not usable ({e})"),
            )
        })?;
        let connector = HttpOmsConnector::new(ClientConfig::new(
            base,
            ApiToken::new(token),
            store_code.clone(),
        ))
        .map_err(|e| AppError::new("invalid_settings", e.to_string()))?;
        let mut config = SyncConfig::new(store_code);
        config.poll_interval = Duration::from_secs(u64::from(settings.poll_interval_secs.max(1)));
        config.first_pull_after = first_pull_after;
        let engine = SyncEngine::new(connector, self.inner.store.clone(), config);
        rt.tasks = Some(engine.spawn());
        rt.watcher = Some(crate::background::spawn_watcher(
            engine.clone(),
            self.inner.store.clone(),
            self.inner.events.clone(),
        ));
        write(&self.inner.engine, Some(engine));
        tracing::info!(%url, "sync started");
        Ok(())
    }

    async fn stop_sync(&self, rt: &mut Runtime) {
        let engine = self
            .inner
            .engine
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        if let Some(engine) = engine {
            engine.shutdown();
        }
        if let Some(tasks) = rt.tasks.take() {
            tasks.join().await;
        }
        if let Some(watcher) = rt.watcher.take() {
            watcher.abort();
            let _ = watcher.await;
        }
    }

    // ---- accessors ------------------------------------------------------------------------------------------

    pub fn now(&self) -> DateTime<Utc> {
        (self.inner.clock)()
    }

    pub fn settings(&self) -> StoredSettings {
        read(&self.inner.settings)
    }

    /// Save and apply new printing settings (no need to restart the sync).
    pub fn set_print_settings(&self, printing: PrintSettings) -> AppResult<()> {
        let mut settings = self.settings();
        settings.printing = printing;
        settings.save(&self.inner.paths.settings_file())?;
        write(&self.inner.settings, settings);
        Ok(())
    }

    pub fn is_demo(&self) -> bool {
        read(&self.inner.demo)
    }

    /// The OMS the station talks to (the simulator's address in demo mode); empty when none.
    pub fn oms_url(&self) -> String {
        read(&self.inner.oms_url)
    }

    pub fn engine(&self) -> Option<Engine> {
        read(&self.inner.engine)
    }

    /// The embedded simulator (demo mode).
    pub fn simulator(&self) -> Option<Simulator> {
        read(&self.inner.sim)
    }

    pub fn staff(&self) -> &Staff {
        &self.inner.staff
    }

    pub fn tokens(&self) -> &TokenStore {
        &self.inner.tokens
    }

    /// Whether the station has an OMS token (the demo's, an environment override or a stored one). The stored
    /// token is looked up once (when sync starts, or here) and remembered until a new one is saved.
    pub fn token_set(&self) -> AppResult<bool> {
        if self.is_demo() || self.inner.env.oms_token.is_some() {
            return Ok(true);
        }
        if let Some(known) = read(&self.inner.token_set) {
            return Ok(known);
        }
        let known = self.inner.tokens.get()?.is_some();
        write(&self.inner.token_set, Some(known));
        Ok(known)
    }

    pub fn events(&self) -> &Arc<dyn EventSink> {
        &self.inner.events
    }

    pub fn printing(&self) -> &Printing {
        &self.inner.printing
    }

    pub fn paths(&self) -> &Paths {
        &self.inner.paths
    }

    /// The station's database, shared with the sync engine.
    pub fn shared_store(&self) -> &SharedStore {
        &self.inner.store
    }

    /// The store, locked (a poisoned lock is recovered: every write is one SQLite transaction).
    pub fn lock_store(&self) -> MutexGuard<'_, Store> {
        self.inner.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Ask the engine to send what was just recorded.
    pub fn request_push(&self) {
        if let Some(engine) = self.engine() {
            engine.request_push();
        }
    }

    // ---- sessions -------------------------------------------------------------------------------------------

    fn lock_session(&self) -> MutexGuard<'_, Option<ActiveSession>> {
        self.inner.session.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Start a session for `member` (replacing any other).
    pub fn begin_session(&self, member: StaffMember) -> ActiveSession {
        let now = self.now();
        let session = ActiveSession {
            member,
            signed_in_at: now,
            last_seen: now,
        };
        *self.lock_session() = Some(session.clone());
        session
    }

    /// End the session, if any, and audit why (`sign_out`, `idle`, `mode_changed`).
    pub fn end_session(&self, why: &str) -> Option<StaffMember> {
        let ended = self.lock_session().take()?;
        let actor = self.actor(&ended.member);
        let now = self.now();
        if let Err(e) = self.lock_store().append_audit(
            now,
            &actor,
            None,
            "sign_out",
            &serde_json::json!({ "why": why }),
        ) {
            tracing::warn!(error = %e, "sign-out not audited");
        }
        Some(ended.member)
    }

    /// The session if it has not been idle too long; an expired one is ended (and audited) here.
    pub fn current_session(&self) -> Option<ActiveSession> {
        let idle = self.settings().idle_timeout_secs;
        let now = self.now();
        let session = self.lock_session().clone()?;
        if idle > 0 && now - session.last_seen > chrono::Duration::seconds(i64::from(idle)) {
            self.end_session("idle");
            return None;
        }
        Some(session)
    }

    /// The signed-in person (and note the activity); every command but sign-in needs one.
    pub fn require_session(&self) -> AppResult<StaffMember> {
        let member = self.require_session_passive()?;
        let now = self.now();
        if let Some(s) = self.lock_session().as_mut() {
            s.last_seen = now;
        }
        Ok(member)
    }

    /// The signed-in person, without counting the call as activity: for what a screen refreshes on its own
    /// (sync status, the parked list), which must not keep an abandoned session alive.
    pub fn require_session_passive(&self) -> AppResult<StaffMember> {
        let had_session = self.lock_session().is_some();
        match self.current_session() {
            Some(session) => Ok(session.member),
            None if had_session => Err(AppError::session_expired()),
            None => Err(AppError::not_signed_in()),
        }
    }

    /// The signed-in person, who must be a manager to do `what`.
    pub fn require_manager(&self, what: &str) -> AppResult<StaffMember> {
        let member = self.require_session()?;
        if member.role.is_manager() {
            Ok(member)
        } else {
            tracing::warn!(staff_id = %member.id, what, "refused: manager only");
            Err(AppError::forbidden(what))
        }
    }

    /// The audit-log and OMS actor of `member` at this station.
    pub fn actor(&self, member: &StaffMember) -> Actor {
        member.actor(&self.settings().station_name)
    }
}
