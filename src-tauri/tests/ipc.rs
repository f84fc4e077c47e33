//! The wiring, through Tauri's IPC on the mock runtime: command names, camelCase arguments, JSON results and the
//! `{code, message}` error shape. Also checks that the command list, the build script's declaration, the
//! capability and the security settings of tauri.conf.json stay in step.

mod support;

use std::path::PathBuf;

use serde_json::{Value, json};
use storedesk_lib::ipc::{COMMANDS, handler};
use support::*;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets,
};
use tauri::webview::InvokeRequest;
use tauri::{WebviewWindow, WebviewWindowBuilder};

struct Ipc {
    _app: tauri::App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
}

impl Ipc {
    fn new(test: &TestApp) -> Ipc {
        let app = mock_builder()
            .invoke_handler(handler())
            .manage(test.state.clone())
            .build(mock_context(noop_assets()))
            .expect("mock app");
        let window = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("mock window");
        Ipc { _app: app, window }
    }

    /// Invoke `cmd` with `args` as the UI does; the result as JSON, or the rejection's JSON.
    fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().expect("url"),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.window, request)
            .map(|body| body.deserialize::<Value>().expect("a JSON response"))
    }
}

/// A multi-threaded runtime for the app state; IPC calls block the test thread, not the runtime.
fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

#[test]
fn commands_answer_over_ipc_with_json_and_code_message_errors() {
    let rt = runtime();
    let test = rt.block_on(async {
        let app = demo_app(12).await;
        app.pull().await;
        app
    });
    let ipc = Ipc::new(&test);

    let staff = ipc.invoke("staff_list", json!({})).unwrap();
    let ayse = staff
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Ayşe (PIN 1111)")
        .expect("Ayşe is listed")
        .clone();
    assert_eq!(ayse["role"], "staff");
    assert_eq!(
        ipc.invoke("current_session", json!({})).unwrap(),
        Value::Null
    );

    // Errors are {code, message} and nothing else.
    let err = ipc
        .invoke(
            "inbox",
            json!({"query": {"tab": "all", "text": "", "offset": 0, "limit": 10}}),
        )
        .unwrap_err();
    assert_eq!(
        err,
        json!({"code": "not_signed_in", "message": "sign in first: pick your name and enter your PIN"})
    );
    let err = ipc
        .invoke("sign_in", json!({"staffId": ayse["id"], "pin": "0000"}))
        .unwrap_err();
    assert_eq!(err["code"], "wrong_pin");
    assert_eq!(err.as_object().unwrap().len(), 2);

    // The PIN typed so far, checked ahead: camelCase arguments, an empty answer (nothing about the PIN).
    let typed = ipc
        .invoke("pin_typed", json!({"staffId": ayse["id"], "pin": "1111"}))
        .unwrap();
    assert_eq!(typed, Value::Null);

    // camelCase arguments; without `inbox`, the answer's `inbox` is null.
    let signed = ipc
        .invoke("sign_in", json!({"staffId": ayse["id"], "pin": "1111"}))
        .unwrap();
    assert_eq!(signed["session"]["staff"]["name"], "Ayşe (PIN 1111)");
    assert_eq!(signed["session"]["idle_timeout_secs"], 300);
    assert_eq!(signed["inbox"], Value::Null);

    let first_page = json!({"tab": "to_accept", "text": "", "offset": 0, "limit": 10});
    let page = ipc.invoke("inbox", json!({ "query": first_page })).unwrap();
    // Signing in with the inbox's query answers that page too.
    ipc.invoke("sign_out", json!({})).unwrap();
    let signed = ipc
        .invoke(
            "sign_in",
            json!({"staffId": ayse["id"], "pin": "1111", "inbox": first_page}),
        )
        .unwrap();
    assert_eq!(signed["inbox"], page);
    assert!(page["counts"]["to_accept"].as_u64().unwrap() > 0);
    let id = page["rows"][0]["id"].as_str().unwrap().to_string();

    let detail = ipc
        .invoke("act", json!({"id": id, "command": {"slug": "accept"}}))
        .unwrap();
    assert_eq!(detail["order"]["status"], "accepted");
    assert_eq!(detail["allowed"], json!(["reject", "reject_lines", "pick"]));
    assert_eq!(detail["pending"], 1);

    let err = ipc
        .invoke("scan_pick", json!({"id": id, "code": "5901234123457"}))
        .unwrap_err();
    assert_eq!(err["code"], "wrong_item");
    let barcode = detail["order"]["lines"][0]["barcodes"][0]
        .as_str()
        .unwrap()
        .to_string();
    let picked = ipc
        .invoke("scan_pick", json!({"id": id, "code": barcode}))
        .unwrap();
    assert_eq!(picked["order"]["lines"][0]["picked"], 1);

    // Manager-only, refused in Rust.
    let err = ipc
        .invoke("discard_parked", json!({"commandId": "x"}))
        .unwrap_err();
    assert_eq!(err["code"], "forbidden");
    let err = ipc
        .invoke(
            "act",
            json!({"id": id, "command": {"slug": "pick", "line_id": "l", "quantity": 1}}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "forbidden");

    // A malformed argument is refused by Tauri before the handler runs (a plain string, not our shape).
    let err = ipc
        .invoke(
            "act",
            json!({"id": id, "command": {"slug": "launch_rockets"}}),
        )
        .unwrap_err();
    assert!(err.is_string(), "{err}");

    let status = ipc.invoke("sync_status", json!({})).unwrap();
    assert_eq!(status["online"], true);
    assert!(status["last_sync_at"].is_string());
    let settings = ipc.invoke("settings_get", json!({})).unwrap();
    assert_eq!(settings["demo"], true);
    assert_eq!(settings["token_set"], true);
    let err = ipc
        .invoke("settings_set", json!({"settings": settings, "token": "x"}))
        .unwrap_err();
    assert_eq!(err["code"], "forbidden");
    let found = ipc
        .invoke("find_by_scan", json!({"code": page["rows"][0]["number"]}))
        .unwrap();
    assert_eq!(found, json!(id));
    ipc.invoke("sign_out", json!({})).unwrap();
    assert_eq!(
        ipc.invoke("current_session", json!({})).unwrap(),
        Value::Null
    );

    rt.block_on(test.state.shutdown());
}

fn repo_file(path: &str) -> String {
    std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn build_script_capability_and_handler_list_the_same_commands() {
    // The build script declares the commands to tauri-build (so permissions apply).
    let build = repo_file("src-tauri/build.rs");
    let declared: Vec<&str> = build
        .split("const COMMANDS: &[&str] = &[")
        .nth(1)
        .and_then(|rest| rest.split("];").next())
        .expect("COMMANDS in build.rs")
        .split(',')
        .map(|s| s.trim().trim_matches('"'))
        .filter(|s| !s.is_empty())
        .collect();
    assert_eq!(
        declared, COMMANDS,
        "src-tauri/build.rs and ipc::COMMANDS differ"
    );

    // The capability grants each command, core events, and nothing else.
    let cap: Value =
        serde_json::from_str(&repo_file("src-tauri/capabilities/default.json")).unwrap();
    assert_eq!(cap["windows"], json!(["main"]));
    let mut expected: Vec<String> = vec!["core:event:default".into()];
    expected.extend(
        COMMANDS
            .iter()
            .map(|c| format!("allow-{}", c.replace('_', "-"))),
    );
    let granted: Vec<String> = cap["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect();
    assert_eq!(granted, expected);

    // Every listed command is registered with the handler: invoking it never says "not found".
    let rt = runtime();
    let test = rt.block_on(demo_app(0));
    let ipc = Ipc::new(&test);
    for cmd in COMMANDS {
        if let Err(e) = ipc.invoke(cmd, json!({})) {
            let text = e.to_string();
            assert!(!text.contains("not found"), "{cmd}: {text}");
        }
    }
    rt.block_on(test.state.shutdown());
}

#[test]
fn the_window_is_locked_down() {
    let conf: Value = serde_json::from_str(&repo_file("tauri.conf.json")).unwrap();
    assert_eq!(conf["identifier"], "com.storedesk.app");
    assert_eq!(conf["app"]["withGlobalTauri"], false);
    let csp = conf["app"]["security"]["csp"]
        .as_str()
        .expect("a CSP is set");
    let directive = |name: &str| {
        csp.split(';')
            .map(str::trim)
            .find(|d| d.starts_with(name))
            .unwrap_or_else(|| panic!("{name} in the CSP"))
            .to_string()
    };
    assert_eq!(directive("script-src"), "script-src 'self'");
    assert_eq!(directive("default-src"), "default-src 'self'");
    assert!(!csp.contains("unsafe-eval"));
    assert!(directive("connect-src").starts_with("connect-src ipc: http://ipc.localhost"));
    assert!(
        conf["app"]["security"]
            .get("dangerousDisableAssetCspModification")
            .is_none()
    );
    let window = &conf["app"]["windows"][0];
    assert_eq!(
        (window["width"].as_u64(), window["height"].as_u64()),
        (Some(1280), Some(800))
    );
    assert_eq!(
        (window["minWidth"].as_u64(), window["minHeight"].as_u64()),
        (Some(1024), Some(700))
    );
    // Test builds have their own identifier, so they never touch a real store's data.
    let test: Value = serde_json::from_str(&repo_file("tauri.test.conf.json")).unwrap();
    assert_eq!(test["identifier"], "com.storedesk.app.test");
}
