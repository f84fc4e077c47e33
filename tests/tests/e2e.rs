//! The real window, end to end: the built app (`target/debug/storedesk`, a test build) driven through WebDriver
//! (tauri-driver + WebKitWebDriver) under Xvfb, in demo mode against a simulator this test runs in-process
//! (`STOREDESK_DEMO_OMS_URL`), so it can create orders, raise cancel requests, stop and restart the OMS, and check
//! through the simulator's admin API that every command was applied exactly once.
//!
//! `scripts/test.sh` builds the app first (with `tauri.test.conf.json`); `scripts/setup.sh` installs tauri-driver.
//! `STOREDESK_E2E_SKIP=1` skips this test (machines without a WebKit WebDriver); `STOREDESK_E2E_SCREENSHOTS=1`
//! saves the main screens to `docs/screenshots/e2e-*.png`; `STOREDESK_E2E_APP` names another binary.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use storedesk_oms_sim::{SimConfig, SimServer, Simulator};
use storedesk_printing::testing::{CupsServer, FakeThermalPrinter};
use storedesk_tests::desktop::{
    Procs, element_text, find_elements, free_port, repo_root, start_xvfb, target_dir, tauri_driver,
};

const WAIT: Duration = Duration::from_secs(15);
const ENTER: &str = "\u{E007}";
const F2: &str = "\u{E032}";
/// A catalogue product that none of this test's orders contains (see tests/tests/flows.rs).
const WRONG_ITEM: &str = "5901234123457";
const STORE: &str = "IST-01";

/// A display: the caller's `DISPLAY`, or an Xvfb on a free display number.
fn display(procs: &mut Procs) -> String {
    if let Ok(d) = std::env::var("DISPLAY")
        && !d.is_empty()
    {
        return d;
    }
    start_xvfb(procs, 90)
}

/// A minimal W3C WebDriver client over reqwest.
struct Driver {
    http: reqwest::Client,
    base: String,
    session: String,
}

impl Driver {
    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}/session/{}{}", self.base, self.session, path);
        let mut req = self.http.request(method.clone(), &url);
        if let Some(body) = body {
            req = req.json(&body);
        }
        let resp = req
            .send()
            .await
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let status = resp.status();
        let v: Value = resp.json().await.unwrap_or(Value::Null);
        assert!(status.is_success(), "{method} {path}: {status} {v}");
        v["value"].clone()
    }

    async fn try_find_all(&self, css: &str) -> Vec<String> {
        find_elements(&self.http, &self.base, &self.session, css).await
    }

    async fn try_text(&self, el: &str) -> Option<String> {
        element_text(&self.http, &self.base, &self.session, el).await
    }

    async fn try_enabled(&self, el: &str) -> bool {
        let url = format!(
            "{}/session/{}/element/{el}/enabled",
            self.base, self.session
        );
        match self.http.get(&url).send().await {
            Ok(resp) => resp
                .json::<Value>()
                .await
                .map(|v| v["value"] == json!(true))
                .unwrap_or(false),
            Err(_) => false,
        }
    }

    /// The first element matching `css`, waiting for it.
    async fn find(&self, css: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(el) = self.try_find_all(css).await.into_iter().next() {
                return el;
            }
            if Instant::now() > deadline {
                self.dump(&format!("no element {css}")).await;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Wait until an element matching `css` has text for which `ok` holds; returns that text.
    async fn wait_text(&self, css: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        let mut last = Vec::new();
        loop {
            last.clear();
            for el in self.try_find_all(css).await {
                if let Some(text) = self.try_text(&el).await {
                    if ok(&text) {
                        return text;
                    }
                    last.push(text);
                }
            }
            if Instant::now() > deadline {
                self.dump(&format!("{css}: no matching text (saw {last:?})"))
                    .await;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn wait_contains(&self, css: &str, needle: &str) -> String {
        let needle = needle.to_lowercase();
        self.wait_text(css, |t| t.to_lowercase().contains(&needle))
            .await
    }

    async fn wait_gone(&self, css: &str) {
        let deadline = Instant::now() + WAIT;
        while !self.try_find_all(css).await.is_empty() {
            if Instant::now() > deadline {
                self.dump(&format!("{css} is still there")).await;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Click the first enabled element matching `css`, waiting for one.
    async fn click(&self, css: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            for el in self.try_find_all(css).await {
                if self.try_enabled(&el).await {
                    let url = format!("{}/session/{}/element/{el}/click", self.base, self.session);
                    if let Ok(resp) = self.http.post(&url).json(&json!({})).send().await
                        && resp.status().is_success()
                    {
                        return;
                    }
                }
            }
            if Instant::now() > deadline {
                self.dump(&format!("cannot click {css}")).await;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Click the first element matching `css` whose text contains `needle`, waiting for one (and for whatever
    /// covers it, a toast say, to go away).
    async fn click_text(&self, css: &str, needle: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            for el in self.try_find_all(css).await {
                if self.try_text(&el).await.is_some_and(|t| t.contains(needle)) {
                    let url = format!("{}/session/{}/element/{el}/click", self.base, self.session);
                    if let Ok(resp) = self.http.post(&url).json(&json!({})).send().await
                        && resp.status().is_success()
                    {
                        return;
                    }
                }
            }
            if Instant::now() > deadline {
                self.dump(&format!("no {css} with {needle:?} to click"))
                    .await;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Empty an input field. The field is scrolled to the middle of its screen first: WebKitWebDriver scrolls
    /// only until the field's edge shows, and refuses a field whose middle is still below the fold.
    async fn clear(&self, css: &str) {
        let el = self.find(css).await;
        self.call(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({
                "script": "document.querySelector(arguments[0]).scrollIntoView({block: 'center'});",
                "args": [css],
            })),
        )
        .await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{el}/clear"),
            Some(json!({})),
        )
        .await;
    }

    /// Key presses as one action sequence, with no pause between them.
    async fn keys(&self, keys: &[&str]) {
        self.keys_with_gap(keys, 0).await;
    }

    /// What a person does: keys with `gap_ms` between them (the scanner capture takes fast keys for a scan).
    async fn type_keys(&self, text: &str) {
        let chars: Vec<String> = text.chars().map(String::from).collect();
        let keys: Vec<&str> = chars.iter().map(String::as_str).collect();
        self.keys_with_gap(&keys, 120).await;
    }

    async fn keys_with_gap(&self, keys: &[&str], gap_ms: u64) {
        let mut actions = Vec::new();
        for k in keys {
            if gap_ms > 0 && !actions.is_empty() {
                actions.push(json!({"type": "pause", "duration": gap_ms}));
            }
            actions.push(json!({"type": "keyDown", "value": k}));
            actions.push(json!({"type": "keyUp", "value": k}));
        }
        self.call(
            reqwest::Method::POST,
            "/actions",
            Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})),
        )
        .await;
        let _ = self
            .http
            .delete(format!("{}/session/{}/actions", self.base, self.session))
            .send()
            .await;
    }

    /// What a keyboard-wedge scanner does: the code's characters very fast, then Enter.
    async fn scan(&self, code: &str) {
        let chars: Vec<String> = code.chars().map(String::from).collect();
        let mut keys: Vec<&str> = chars.iter().map(String::as_str).collect();
        keys.push(ENTER);
        self.keys(&keys).await;
    }

    async fn screenshot(&self, name: &str) {
        if std::env::var("STOREDESK_E2E_SCREENSHOTS").as_deref() != Ok("1") {
            return;
        }
        use base64::Engine as _;
        let png = self
            .call(reqwest::Method::GET, "/screenshot", None)
            .await
            .as_str()
            .map(str::to_string)
            .unwrap_or_default();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(png)
            .expect("a base64 PNG");
        let dir = repo_root().join("docs/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("e2e-{name}.png")), bytes).unwrap();
    }

    /// Fail with what the window shows (and a screenshot in Cargo's target dir, `e2e-failure.png`).
    async fn dump(&self, why: &str) -> ! {
        use base64::Engine as _;
        if let Ok(resp) = self
            .http
            .get(format!("{}/session/{}/screenshot", self.base, self.session))
            .send()
            .await
            && let Ok(v) = resp.json::<Value>().await
            && let Some(png) = v["value"].as_str()
            && let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(png)
        {
            let _ = std::fs::write(target_dir().join("e2e-failure.png"), bytes);
        }
        let body = match self.try_find_all("body").await.first() {
            Some(el) => self.try_text(el).await.unwrap_or_default(),
            None => String::new(),
        };
        panic!("{why}\n--- the window shows:\n{body}");
    }
}

/// The simulator's admin API.
struct Admin {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Admin {
    async fn req(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut req = self
            .http
            .request(method.clone(), format!("{}{path}", self.base))
            .header("Authorization", format!("Token {}", self.token));
        if let Some(body) = body {
            req = req.json(&body);
        }
        let resp = req
            .send()
            .await
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let status = resp.status();
        let v: Value = resp.json().await.unwrap_or(Value::Null);
        assert!(status.is_success(), "{method} {path}: {status} {v}");
        v
    }

    async fn create(&self, kind: &str, lines: u32, quantity: u32) -> Value {
        self.req(
            reqwest::Method::POST,
            "/admin/orders",
            Some(json!({"store": STORE, "kind": kind, "lines": lines, "quantity": quantity, "due_in_minutes": 30})),
        )
        .await
    }

    async fn work_order(&self, id: &str) -> Value {
        self.req(
            reqwest::Method::GET,
            &format!("/admin/work_orders/{id}"),
            None,
        )
        .await
    }

    /// The slugs of the commands applied to a work order, in order.
    async fn slugs(&self, id: &str) -> Vec<String> {
        let v = self
            .req(
                reqwest::Method::GET,
                &format!("/admin/commands?work_order_id={id}"),
                None,
            )
            .await;
        let cmds = v.as_array().expect("a list of commands");
        let mut keys = std::collections::HashSet::new();
        for c in cmds {
            assert!(
                keys.insert(
                    c["idempotency_key"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string()
                ),
                "command applied twice: {c}"
            );
        }
        cmds.iter()
            .map(|c| c["slug"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// Wait until the OMS has applied exactly `want` to the order (the app syncs in the background).
    async fn wait_slugs(&self, id: &str, want: &[&str]) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let got = self.slugs(id).await;
            if got == want {
                return;
            }
            assert!(
                Instant::now() < deadline && got.len() <= want.len(),
                "{id}: the OMS applied {got:?}, expected {want:?}"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

fn barcodes(wo: &Value) -> Vec<(String, u64)> {
    wo["object"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            (
                i["barcodes"][0].as_str().expect("a barcode").to_string(),
                i["quantity"].as_u64().unwrap(),
            )
        })
        .collect()
}

struct Suite {
    driver: Driver,
    admin: Admin,
    sim: Simulator,
    server: Option<SimServer>,
    addr: SocketAddr,
    orders: HashMap<&'static str, Value>,
}

impl Suite {
    fn id(&self, name: &str) -> String {
        self.orders[name]["id"].as_str().unwrap().to_string()
    }

    fn number(&self, name: &str) -> String {
        self.orders[name]["number"].as_str().unwrap().to_string()
    }

    async fn status(&self) -> String {
        let el = self.driver.find(".ohead [data-status]").await;
        self.driver
            .call(
                reqwest::Method::GET,
                &format!("/element/{el}/attribute/data-status"),
                None,
            )
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    async fn wait_status(&self, want: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            let got = self.status().await;
            if got == want {
                return;
            }
            if Instant::now() > deadline {
                self.driver
                    .dump(&format!("status {got:?}, expected {want:?}"))
                    .await;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Open an order the way a clerk does: scan its number anywhere (here: from the inbox). A scan that lost a
    /// key (see pick_scan) finds nothing and is repeated.
    async fn open(&self, name: &str) {
        self.to_inbox().await;
        let number = self.number(name);
        let d = &self.driver;
        let deadline = Instant::now() + WAIT;
        loop {
            d.scan(&number).await;
            let shown_by = Instant::now() + Duration::from_secs(2);
            while Instant::now() < shown_by {
                if let Some(el) = d.try_find_all("[data-testid=order-number]").await.first()
                    && d.try_text(el).await.as_deref() == Some(number.as_str())
                {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            if Instant::now() > deadline {
                d.dump(&format!("scanning {number} did not open it")).await;
            }
            eprintln!("e2e: scanning {number} did not open it; scanning again");
        }
    }

    async fn to_inbox(&self) {
        if self
            .driver
            .try_find_all("[data-testid=order-number]")
            .await
            .is_empty()
        {
            return;
        }
        self.driver.click(".ohead .back").await;
        self.driver.wait_gone("[data-testid=order-number]").await;
    }

    /// Let the order screen settle after an action: the command sent and the screen redrawn. A scan that starts
    /// while the page is still busy redrawing can lose its first key in WebKitGTK (reported to the lead).
    async fn settle(&self) {
        let deadline = Instant::now() + WAIT;
        while !self
            .driver
            .try_find_all("[data-testid=order-sync].pending")
            .await
            .is_empty()
        {
            if Instant::now() > deadline {
                self.driver.dump("the order's actions were not sent").await;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        tokio::time::sleep(Duration::from_millis(400)).await;
    }

    /// Scan on the pick screen and wait for the answer; returns its kind (`success`, `wrong_item`, …).
    ///
    /// Known flake, reported to the lead: when WebKitGTK is busy redrawing while a scan's keys arrive, the scanner
    /// capture can lose the scan's first key (the gap to the second one looks like a person's). The code then
    /// reads as an unknown barcode missing its first digit, which changes nothing; such a scan is repeated (at
    /// most twice) and logged.
    async fn pick_scan(&self, code: &str) -> String {
        let d = &self.driver;
        for attempt in 0..3 {
            let before = d.try_find_all("[data-testid=scan-feedback]").await;
            d.scan(code).await;
            let deadline = Instant::now() + WAIT;
            let el = loop {
                let now = d.try_find_all("[data-testid=scan-feedback]").await;
                if let Some(el) = now.first()
                    && now != before
                {
                    break el.clone();
                }
                if Instant::now() > deadline {
                    d.dump(&format!("no answer to the scan of {code}")).await;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            };
            let kind = d
                .call(
                    reqwest::Method::GET,
                    &format!("/element/{el}/attribute/data-kind"),
                    None,
                )
                .await
                .as_str()
                .unwrap_or_default()
                .to_string();
            let shown = d.try_text(&el).await.unwrap_or_default();
            if kind == "unknown_barcode" && !shown.contains(code) && attempt < 2 {
                eprintln!("e2e: the scan of {code} lost a key ({shown:?}); scanning again");
                self.settle().await;
                continue;
            }
            self.settle().await;
            return kind;
        }
        unreachable!()
    }

    /// Pick every unit of the order by scanning.
    async fn scan_all(&self, name: &str) {
        let wo = self.admin.work_order(&self.id(name)).await;
        for (code, qty) in barcodes(&wo) {
            for _ in 0..qty {
                assert_eq!(self.pick_scan(&code).await, "success", "scan of {code}");
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_real_window() {
    if std::env::var("STOREDESK_E2E_SKIP").as_deref() == Ok("1") {
        eprintln!("STOREDESK_E2E_SKIP=1: the real-window E2E test is skipped");
        return;
    }
    let started = Instant::now();
    let app = std::env::var("STOREDESK_E2E_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|_| target_dir().join("debug/storedesk"));
    assert!(
        app.exists(),
        "{} is missing: build the app first (scripts/test.sh does: TAURI_CONFIG=\"$(cat tauri.test.conf.json)\" cargo build -p storedesk)",
        app.display()
    );

    // The OMS: a simulator in this process, with a few orders of its own and the ones each flow works on.
    let sim = Simulator::new(SimConfig {
        orders_per_store: 6,
        stores: vec![STORE.to_string(), "IST-02".to_string()],
        ..SimConfig::default()
    });
    let server = sim
        .serve(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("the simulator serves");
    let addr = server.addr;
    let admin = Admin {
        http: reqwest::Client::new(),
        base: server.base_url.clone(),
        token: sim.config().token.clone(),
    };
    let mut orders = HashMap::new();
    orders.insert("ship", admin.create("ship_from_store", 2, 1).await);
    orders.insert("collect", admin.create("click_and_collect", 1, 1).await);
    orders.insert("reject", admin.create("ship_from_store", 2, 2).await);
    orders.insert("receive", admin.create("transfer_in", 2, 2).await);
    orders.insert("cancel", admin.create("ship_from_store", 2, 1).await);
    orders.insert("offline", admin.create("ship_from_store", 1, 2).await);
    orders.insert("print", admin.create("ship_from_store", 1, 1).await);
    orders.insert("dispatch", admin.create("transfer_out", 2, 1).await);

    // The printers: a private CUPS server with a PDF queue for documents (the app reaches it through CUPS_SERVER,
    // as any CUPS client does) and a thermal label printer taking ZPL on a loopback port.
    let cups = CupsServer::start();
    cups.add_pdf_queue("Office", "Counter laser printer");
    let thermal = FakeThermalPrinter::start();

    let mut procs = Procs::default();
    let display = display(&mut procs);
    let data = tempfile::tempdir().unwrap();
    let port = free_port();
    let native_port = free_port();
    // tauri-driver's output (WebKitWebDriver's and the app's among it) is kept for a failed run.
    let log_path = target_dir().join("e2e-tauri-driver.log");
    let driver_log = std::fs::File::create(&log_path)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", log_path.display()));
    procs.spawn(
        Command::new(tauri_driver())
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("DISPLAY", &display)
            .env("STOREDESK_DEMO", "1")
            .env("STOREDESK_DEMO_OMS_URL", &admin.base)
            .env("STOREDESK_DATA_DIR", data.path())
            .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
            .env("STOREDESK_LOG", "info")
            .env("CUPS_SERVER", cups.address())
            .stdout(driver_log.try_clone().unwrap())
            .stderr(driver_log),
    );

    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(20);
    let session = loop {
        let resp = http
            .post(format!("{base}/session"))
            .json(
                &json!({"capabilities": {"alwaysMatch": {"tauri:options": {"application": app}}}}),
            )
            .send()
            .await;
        match resp {
            Ok(resp) => {
                let v: Value = resp.json().await.unwrap_or(Value::Null);
                match v["value"]["sessionId"].as_str() {
                    Some(id) => break id.to_string(),
                    None => panic!("no WebDriver session: {v}"),
                }
            }
            Err(e) => {
                assert!(
                    Instant::now() < deadline,
                    "tauri-driver does not answer: {e}"
                );
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    };
    let driver = Driver {
        http,
        base,
        session,
    };
    let mut suite = Suite {
        driver,
        admin,
        sim,
        server: Some(server),
        addr,
        orders,
    };
    eprintln!("e2e: session up after {:?}", started.elapsed());

    sign_in(&suite).await;
    ship_from_store(&suite).await;
    eprintln!("e2e: ship from store done after {:?}", started.elapsed());
    click_and_collect(&suite).await;
    eprintln!("e2e: click and collect done after {:?}", started.elapsed());
    partial_reject(&suite).await;
    eprintln!("e2e: partial reject done after {:?}", started.elapsed());
    receive_transfer(&suite).await;
    eprintln!("e2e: transfer receive done after {:?}", started.elapsed());
    dispatch_transfer(&suite).await;
    eprintln!("e2e: transfer dispatch done after {:?}", started.elapsed());
    cancel_while_picking(&suite).await;
    eprintln!("e2e: cancel request done after {:?}", started.elapsed());
    offline(&mut suite).await;
    eprintln!("e2e: offline actions done after {:?}", started.elapsed());
    manager(&suite, &cups, &thermal).await;
    eprintln!(
        "e2e: manager, staff and idle sign-out done after {:?}",
        started.elapsed()
    );

    let s = suite;
    let _ = s
        .driver
        .http
        .delete(format!("{}/session/{}", s.driver.base, s.driver.session))
        .send()
        .await;
    if let Some(server) = s.server {
        server.stop().await;
    }
    drop(s.sim);
    drop(procs);
    eprintln!("e2e: all flows passed in {:?}", started.elapsed());
}

async fn sign_in(s: &Suite) {
    let d = &s.driver;
    d.wait_contains("[data-testid=staff-tile]", "Ayşe").await;
    d.screenshot("sign-in").await;
    // Ayşe (staff, PIN 1111); a wrong PIN first: refused with a message.
    d.click_text("[data-testid=staff-tile]", "Ayşe").await;
    d.find("#pin").await;
    d.type_keys("1234").await;
    d.keys(&[ENTER]).await;
    d.find("[data-testid=signin-error]").await;
    d.type_keys("1111").await;
    d.keys(&[ENTER]).await;
    // The inbox with its counts, once the first sync has brought the orders.
    d.wait_text("[data-testid=count-to_accept]", |t| {
        t.trim().parse::<u32>().is_ok_and(|n| n > 0)
    })
    .await;
    d.find("[data-testid=inbox-row]").await;
    d.screenshot("inbox").await;
}

/// Sign the current person out and sign `name` in with `pin`; waits for the inbox.
async fn switch_person(s: &Suite, name: &str, pin: &str) {
    let d = &s.driver;
    if !d.try_find_all("[data-testid=sign-out]").await.is_empty() {
        d.click("[data-testid=sign-out]").await;
    }
    d.click_text("[data-testid=staff-tile]", name).await;
    d.find("#pin").await;
    d.type_keys(pin).await;
    d.keys(&[ENTER]).await;
    d.find("[data-testid=inbox-row]").await;
    d.wait_contains(".topbar .user", name).await;
}

/// The manager: the queue at a glance with today's work per person, then staff and the idle sign-out. Elif adds
/// Kemal and resets Mehmet's PIN; both sign in with their new PINs. With the idle sign-out at 30 s, a station left
/// alone warns and then signs the person out; the server side refuses the stale session as well.
async fn manager(s: &Suite, cups: &CupsServer, thermal: &FakeThermalPrinter) {
    let d = &s.driver;
    s.to_inbox().await;
    // Staff cannot open the manager's screens: the buttons are not there (and the commands refuse, see the
    // handler tests).
    assert!(d.try_find_all("[data-testid=nav-manager]").await.is_empty());
    switch_person(s, "Elif", "9999").await;

    d.click("[data-testid=nav-manager]").await;
    d.wait_text("[data-testid=kpi-total] .value", |t| {
        t.trim().parse::<u32>().is_ok_and(|n| n > 0)
    })
    .await;
    d.find("[data-testid=kpi-breached]").await;
    d.find("[data-testid=kpi-at-risk]").await;
    // Ayşe's work of the earlier flows is on the per-person chart, and the shipped order in the queue by status.
    d.wait_contains("[data-testid=chart-per-person]", "Ayşe")
        .await;
    d.wait_contains("[data-testid=chart-by-status]", "Shipped")
        .await;
    d.screenshot("manager").await;

    d.click("[data-testid=nav-settings]").await;
    d.click("#st-name").await;
    d.type_keys("Kemal Yıldız").await;
    d.click("#st-pin").await;
    d.type_keys("4321").await;
    d.keys(&[ENTER]).await;
    d.wait_contains("[data-testid=staff-row]", "Kemal Yıldız")
        .await;

    d.click("#rp-who").await;
    d.click_text("#rp-who option", "Mehmet").await;
    d.click("#rp-pin").await;
    d.type_keys("5678").await;
    d.keys(&[ENTER]).await;
    d.wait_contains(".toast", "Mehmet").await;

    printing(s, cups, thermal).await;

    d.click("[data-testid=nav-settings]").await;
    d.clear("#s-idle").await;
    d.click("#s-idle").await;
    d.type_keys("30").await;
    d.keys(&[ENTER]).await;
    d.wait_contains(".toast", "Settings saved").await;
    d.screenshot("settings").await;

    switch_person(s, "Mehmet", "5678").await;
    switch_person(s, "Kemal", "4321").await;
    // Nobody touches the station: first the warning, then the sign-in screen with the reason.
    let idle_wait = Instant::now();
    d.find("[data-testid=idle-warning]").await;
    let deadline = Instant::now() + Duration::from_secs(60);
    while d
        .try_find_all("[data-testid=signed-out-notice]")
        .await
        .is_empty()
    {
        if Instant::now() > deadline {
            d.dump("the idle station was not signed out").await;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert!(
        idle_wait.elapsed() >= Duration::from_secs(25),
        "signed out after {:?}, before the 30 s idle time",
        idle_wait.elapsed()
    );
    d.wait_contains(
        "[data-testid=signed-out-notice]",
        "signed out after 30 seconds without activity",
    )
    .await;
    d.find("[data-testid=staff-tile]").await;
}

/// An outbound transfer: accept, pick by scan, pack, dispatch with the carrier and tracking number.
async fn dispatch_transfer(s: &Suite) {
    let d = &s.driver;
    let id = s.id("dispatch");
    s.open("dispatch").await;
    s.wait_status("assigned").await;
    d.keys(&[F2]).await;
    s.wait_status("accepted").await;
    d.find("[data-testid=scan-feedback]").await;
    s.settle().await;
    s.scan_all("dispatch").await;
    d.click("[data-testid=pick-complete]").await;
    d.find("[data-testid=pack-submit]").await;
    pack(s).await;
    d.click("[data-testid=dispatch-carrier]").await;
    d.type_keys("Aras Kargo").await;
    d.click("[data-testid=dispatch-tracking]").await;
    d.type_keys("TRK4455667788").await;
    d.click("[data-testid=dispatch-submit]").await;
    d.click("[data-testid=confirm]").await;
    s.wait_status("dispatched").await;
    d.screenshot("dispatch").await;
    s.admin
        .wait_slugs(
            &id,
            &[
                "accept",
                "pick",
                "pick",
                "complete_pick",
                "pack",
                "dispatch",
            ],
        )
        .await;
    let wo = s.admin.work_order(&id).await;
    assert!(
        wo.to_string().contains("TRK4455667788"),
        "the tracking number reached the OMS: {wo}"
    );
}

/// The number of PDFs the cups-pdf queue `queue` has printed.
fn printed_pdfs(cups: &CupsServer, queue: &str) -> usize {
    std::fs::read_dir(cups.pdf_dir(queue))
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().ends_with(".pdf"))
                .count()
        })
        .unwrap_or(0)
}

async fn wait_printed(cups: &CupsServer, queue: &str, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while printed_pdfs(cups, queue) < n {
        assert!(
            Instant::now() < deadline,
            "{queue} printed {} PDFs, expected {n}",
            printed_pdfs(cups, queue)
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// A packing station's printing, in the window: packing starts with a warning that no label printer is set up;
/// the manager chooses the thermal printer (raw, port of the stand-in) and the CUPS document queue; the order's
/// label goes to the thermal printer as ZPL and its packing slip to the CUPS queue. (Test prints and pick lists are
/// covered by `src-tauri/tests/printing.rs` against the same kind of CUPS server.)
async fn printing(s: &Suite, cups: &CupsServer, thermal: &FakeThermalPrinter) {
    let d = &s.driver;
    let id = s.id("print");
    s.open("print").await;
    s.wait_status("assigned").await;
    // The manager claims the order so that no other station works on it.
    d.click("[data-testid=claim]").await;
    d.wait_contains("[data-testid=order-claim]", "Elif").await;
    d.keys(&[F2]).await;
    s.wait_status("accepted").await;
    d.find("[data-testid=scan-feedback]").await;
    s.settle().await;
    s.scan_all("print").await;
    d.click("[data-testid=pick-complete]").await;
    d.find("[data-testid=pack-submit]").await;
    d.wait_contains(
        "[data-testid=pack-printer-problem]",
        "No label printer is set up",
    )
    .await;
    pack(s).await;
    d.find("[data-testid=label-attach]").await;

    // Settings → Printers.
    d.click("[data-testid=nav-settings]").await;
    d.find("[data-testid=printer-settings]").await;
    d.click("[data-testid=label-kind-raw]").await;
    d.clear("#p-lhost").await;
    d.click("#p-lhost").await;
    d.type_keys(&thermal.addr().ip().to_string()).await;
    d.clear("#p-lport").await;
    d.click("#p-lport").await;
    d.type_keys(&thermal.addr().port().to_string()).await;
    d.click("[data-testid=doc-kind-cups]").await;
    d.click("[data-testid=doc-queue-Office]").await;
    d.click("[data-testid=save-printers]").await;
    d.wait_contains(".toast", "Printers saved").await;
    d.wait_contains(
        "[data-testid=check-label]",
        &format!("label printer {}", thermal.addr()),
    )
    .await;
    d.wait_contains("[data-testid=check-document]", "'Office'")
        .await;
    // "Print a test label": the thermal printer gets the test label, and the screen says where it went.
    d.click("[data-testid=test-label]").await;
    let jobs = thermal.wait_for_jobs(1, Duration::from_secs(20));
    let test_label = String::from_utf8_lossy(&jobs[0]).to_string();
    assert!(
        test_label.starts_with("^XA") && test_label.contains("Test label - printer OK"),
        "{test_label}"
    );
    d.wait_contains(
        ".toast",
        &format!("Sent to label printer {}", thermal.addr()),
    )
    .await;
    d.screenshot("printers").await;

    // The order's label (no carrier label offline or online yet: the OMS gives one after sync; either prints)
    // and its packing slip.
    s.open("print").await;
    d.find("[data-testid=label-printer-ready]").await;
    d.click("[data-testid=label-print]").await;
    let jobs = thermal.wait_for_jobs(2, Duration::from_secs(20));
    let zpl = String::from_utf8_lossy(&jobs[1]).to_string();
    assert!(
        zpl.starts_with("^XA") && zpl.trim_end().ends_with("^XZ"),
        "{zpl}"
    );
    d.find("[data-testid=label-printed]").await;
    d.click("[data-testid=print-slip]").await;
    wait_printed(cups, "Office", 1).await;
    d.wait_contains(".toast", "Sent to printer 'Office'").await;
    d.screenshot("labels").await;
    // Printing sent nothing to the OMS.
    s.admin
        .wait_slugs(&id, &["accept", "pick", "complete_pick", "pack"])
        .await;
}

/// One parcel: box M, 1.2 kg, everything in it (the default).
async fn pack(s: &Suite) {
    let d = &s.driver;
    d.click(".boxes label.box:nth-child(2)").await;
    d.click(".weight-input input").await;
    d.type_keys("1.2").await;
    d.screenshot("pack").await;
    d.click("[data-testid=pack-submit]").await;
}

async fn ship_from_store(s: &Suite) {
    let d = &s.driver;
    let id = s.id("ship");
    s.open("ship").await;
    s.wait_status("assigned").await;
    d.screenshot("order").await;
    d.keys(&[F2]).await; // accept
    s.wait_status("accepted").await;

    // A product that is not in this order.
    d.find("[data-testid=scan-feedback]").await;
    s.settle().await;
    assert_eq!(s.pick_scan(WRONG_ITEM).await, "wrong_item");
    d.wait_contains("[data-testid=scan-feedback]", "wrong item")
        .await;
    d.screenshot("pick-wrong-item").await;
    s.scan_all("ship").await;
    d.screenshot("pick").await;
    d.click("[data-testid=pick-complete]").await;
    d.find("[data-testid=pack-submit]").await;
    pack(s).await;
    d.click("[data-testid=label-attach]").await;
    d.find("[data-testid=handover-submit]").await;
    d.screenshot("carrier").await;
    // Scan each parcel's label at the handover.
    let names = d.try_find_all("[data-testid=parcel-name]").await;
    let mut parcels = Vec::new();
    for el in names {
        parcels.push(d.try_text(&el).await.unwrap_or_default());
    }
    assert!(!parcels.is_empty(), "the order has parcels");
    for p in &parcels {
        d.scan(p.trim()).await;
    }
    d.click("[data-testid=handover-submit]").await;
    d.click("[data-testid=confirm]").await;
    s.wait_status("shipped").await;
    s.admin
        .wait_slugs(
            &id,
            &[
                "accept",
                "pick",
                "pick",
                "complete_pick",
                "pack",
                "attach_label",
                "handover_to_carrier",
            ],
        )
        .await;
}

async fn click_and_collect(s: &Suite) {
    let d = &s.driver;
    let id = s.id("collect");
    s.open("collect").await;
    s.wait_status("assigned").await;
    d.click("[data-testid=accept]").await;
    s.wait_status("accepted").await;
    d.find("[data-testid=scan-feedback]").await;
    s.settle().await;
    s.scan_all("collect").await;
    d.click("[data-testid=pick-complete]").await;
    // Packing, if this kind packs before the shelf.
    let deadline = Instant::now() + WAIT;
    loop {
        if !d.try_find_all("[data-testid=pack-submit]").await.is_empty() {
            pack(s).await;
            break;
        }
        if !d
            .try_find_all("[data-testid=pickup-shelf]")
            .await
            .is_empty()
        {
            break;
        }
        if Instant::now() > deadline {
            d.dump("neither packing nor the shelf after picking").await;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    d.click("[data-testid=pickup-shelf]").await;
    d.type_keys("B-12").await;
    d.click("[data-testid=pickup-shelf-submit]").await;
    d.click("[data-testid=confirm]").await;
    s.wait_status("ready_for_pickup").await;
    d.wait_contains("[data-testid=shelf-location]", "B-12")
        .await;
    d.screenshot("pickup").await;

    // At the counter: a wrong code is refused, the customer's code (scanned) hands it over.
    let code = s.admin.work_order(&id).await["pickup_code"]
        .as_str()
        .expect("a pickup code")
        .to_string();
    scan_pickup_code(s, "PU-2222222").await;
    d.click("[data-testid=pickup-collector]").await;
    d.type_keys("Ali Kaya").await;
    d.click("[data-testid=pickup-submit]").await;
    d.click("[data-testid=confirm]").await;
    d.find("[data-testid=pickup-error][data-code=wrong_pickup_code]")
        .await;
    scan_pickup_code(s, &code).await;
    d.click("[data-testid=pickup-submit]").await;
    d.click("[data-testid=confirm]").await;
    s.wait_status("collected").await;
    let want = {
        let slugs = s.admin.slugs(&id).await;
        let mut want = vec!["accept", "pick", "complete_pick"];
        if slugs.iter().any(|x| x == "pack") {
            want.push("pack");
        }
        want.extend(["mark_ready_for_pickup", "handover_to_customer"]);
        want
    };
    s.admin.wait_slugs(&id, &want).await;
    let wo = s.admin.work_order(&id).await;
    assert_eq!(wo["object"]["pickup"]["collected_by"], "Ali Kaya", "{wo}");
}

/// Scan a pickup code at the counter (with the focus out of the form's fields, as after a click on the page) and
/// wait until the code field shows it; a scan that lost a key (see pick_scan) is repeated.
async fn scan_pickup_code(s: &Suite, code: &str) {
    let d = &s.driver;
    let deadline = Instant::now() + WAIT;
    loop {
        d.click("[data-testid=shelf-location]").await;
        s.settle().await;
        d.scan(code).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let el = d.find("[data-testid=pickup-code]").await;
        let value = d
            .call(
                reqwest::Method::GET,
                &format!("/element/{el}/property/value"),
                None,
            )
            .await;
        if value.as_str() == Some(code) {
            return;
        }
        if Instant::now() > deadline {
            d.dump(&format!("the pickup code field has {value}, not {code}"))
                .await;
        }
        eprintln!("e2e: the scan of {code} gave {value}; scanning again");
    }
}

async fn partial_reject(s: &Suite) {
    let d = &s.driver;
    let id = s.id("reject");
    s.open("reject").await;
    s.wait_status("assigned").await;
    d.click("[data-testid=reject]").await;
    d.find("[data-testid=reject-form]").await;
    d.click("[data-testid=reject-scope-lines]").await;
    // The first reason on the OMS's list, one unit of the first line.
    d.click("[data-testid=reject-reason] option:nth-child(2)")
        .await;
    d.click("[data-testid=reject-qty-plus]").await;
    d.click("[data-testid=reject-note]").await;
    d.type_keys("scuffed").await;
    d.screenshot("reject").await;
    d.click("[data-testid=reject-submit]").await;
    d.wait_gone("[data-testid=reject-form]").await;
    s.wait_status("accepted").await;
    s.admin.wait_slugs(&id, &["reject_lines", "accept"]).await;
    let cmds = s
        .admin
        .req(
            reqwest::Method::GET,
            &format!("/admin/commands?work_order_id={id}"),
            None,
        )
        .await;
    let body = &cmds[0]["body"];
    let lines = body["lines"].as_array().expect("rejected lines");
    assert_eq!(lines.len(), 1, "{body}");
    assert_eq!(lines[0]["quantity"], 1, "{body}");
    assert!(
        lines[0]["reason"].as_str().is_some_and(|r| !r.is_empty()),
        "{body}"
    );
    let wo = s.admin.work_order(&id).await;
    let rejected: u64 = wo["object"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["rejected_quantity"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(rejected, 1, "{wo}");
}

/// Scan on a screen whose answer is a text (receiving): repeat a scan that lost its first key (see pick_scan).
async fn scan_counted(s: &Suite, code: &str, feedback: &str) {
    let d = &s.driver;
    for attempt in 0..3 {
        let before = d.try_find_all(feedback).await;
        let before_text = match before.first() {
            Some(el) => d.try_text(el).await.unwrap_or_default(),
            None => String::new(),
        };
        d.scan(code).await;
        let deadline = Instant::now() + WAIT;
        let text = loop {
            if let Some(el) = d.try_find_all(feedback).await.first()
                && let Some(t) = d.try_text(el).await
                && (t != before_text || d.try_find_all(feedback).await != before)
            {
                break t;
            }
            if Instant::now() > deadline {
                d.dump(&format!("no answer to the scan of {code}")).await;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        if text.contains(&code[1..]) && attempt < 2 {
            eprintln!("e2e: the scan of {code} lost a key ({text:?}); scanning again");
            s.settle().await;
            continue;
        }
        s.settle().await;
        return;
    }
}

async fn receive_transfer(s: &Suite) {
    let d = &s.driver;
    let id = s.id("receive");
    s.open("receive").await;
    s.wait_status("in_transit").await;
    d.find("[data-testid=receive-hint]").await;
    s.settle().await;
    let wo = s.admin.work_order(&id).await;
    for (code, qty) in barcodes(&wo) {
        for _ in 0..qty {
            scan_counted(s, &code, "[data-testid=receive-feedback]").await;
        }
    }
    // One unit of the first line arrived damaged.
    d.click("[data-testid=receive-to-damaged]").await;
    d.screenshot("receive").await;
    d.click("[data-testid=receive-submit]").await;
    d.click("[data-testid=confirm]").await;
    s.wait_status("received").await;
    s.admin.wait_slugs(&id, &["receive"]).await;
    let cmds = s
        .admin
        .req(
            reqwest::Method::GET,
            &format!("/admin/commands?work_order_id={id}"),
            None,
        )
        .await;
    let lines = cmds[0]["body"]["lines"].as_array().expect("received lines");
    let damaged: u64 = lines
        .iter()
        .map(|l| l["damaged"].as_u64().unwrap_or(0))
        .sum();
    let received: u64 = lines
        .iter()
        .map(|l| l["received"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!((received, damaged), (3, 1), "{}", cmds[0]["body"]);
}

async fn cancel_while_picking(s: &Suite) {
    let d = &s.driver;
    let id = s.id("cancel");
    s.open("cancel").await;
    s.wait_status("assigned").await;
    d.click("[data-testid=accept]").await;
    s.wait_status("accepted").await;
    d.find("[data-testid=scan-feedback]").await;
    s.settle().await;
    let wo = s.admin.work_order(&id).await;
    let (first, _) = barcodes(&wo)[0].clone();
    assert_eq!(s.pick_scan(&first).await, "success");
    s.wait_status("picking").await;
    s.admin.wait_slugs(&id, &["accept", "pick"]).await;

    // The customer cancels upstream: the OMS asks the store to stop.
    let outcome = s
        .admin
        .req(
            reqwest::Method::POST,
            &format!("/admin/work_orders/{id}/request_cancel"),
            Some(json!({"reason": "customer"})),
        )
        .await;
    assert_eq!(outcome["outcome"], "requested", "{outcome}");
    d.click(".syncbar .link").await; // sync now, instead of waiting for the next poll
    d.find("[data-testid=banner-cancel]").await;
    d.wait_gone("[data-testid=pick-complete]").await;
    d.screenshot("cancel-request").await;
    d.click("[data-testid=cancel-ack]").await;
    d.click("[data-testid=confirm]").await;
    s.wait_status("cancelled").await;
    s.admin
        .wait_slugs(&id, &["accept", "pick", "acknowledge_cancel"])
        .await;
}

async fn offline(s: &mut Suite) {
    let id = s.id("offline");
    s.open("offline").await;
    s.wait_status("assigned").await;
    s.settle().await;
    let wo = s.admin.work_order(&id).await;
    let (code, _) = barcodes(&wo)[0].clone();

    // The OMS goes away; two actions are done offline.
    s.server.take().expect("the simulator runs").stop().await;
    let d = &s.driver;
    d.click("[data-testid=accept]").await;
    s.wait_status("accepted").await;
    d.find("[data-testid=scan-feedback]").await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    // (settle() waits for the actions to be sent, which cannot happen now.)
    let kind = loop {
        let before = d.try_find_all("[data-testid=scan-feedback]").await;
        d.scan(&code).await;
        let deadline = Instant::now() + WAIT;
        let el = loop {
            let now = d.try_find_all("[data-testid=scan-feedback]").await;
            if let Some(el) = now.first()
                && now != before
            {
                break el.clone();
            }
            if Instant::now() > deadline {
                d.dump("no answer to the offline scan").await;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        let kind = d
            .call(
                reqwest::Method::GET,
                &format!("/element/{el}/attribute/data-kind"),
                None,
            )
            .await;
        if kind != "unknown_barcode" {
            break kind;
        }
        eprintln!("e2e: the offline scan of {code} lost a key; scanning again");
        tokio::time::sleep(Duration::from_millis(400)).await;
    };
    assert_eq!(kind, "success");
    s.wait_status("picking").await;
    d.wait_contains("[data-testid=order-sync]", "2").await;
    d.find(".syncbar[data-state=offline]").await;
    d.screenshot("offline").await;
    assert!(
        s.sim
            .applied_commands()
            .iter()
            .all(|c| c.work_order_id != id),
        "nothing reached the OMS while it was down"
    );

    // The OMS is back on the same address: both actions arrive, each exactly once.
    let server = s
        .sim
        .serve(s.addr)
        .await
        .expect("the simulator serves again");
    s.server = Some(server);
    s.admin.wait_slugs(&id, &["accept", "pick"]).await;
    s.settle().await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(s.admin.slugs(&id).await, ["accept", "pick"]);
}
