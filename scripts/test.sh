#!/usr/bin/env bash
# Run every Storedesk check: formatting, lints, unit, property, integration, chaos and kill tests.
#   scripts/test.sh            the CI suite
#   STOREDESK_KILL_CYCLES=1000 scripts/test.sh    the long kill run
#   STOREDESK_E2E_SCREENSHOTS=1 scripts/test.sh    also refresh docs/screenshots/e2e-*.png
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== UI build (the desktop app embeds ui/dist at compile time)"
scripts/build-ui.sh

# Every build of the app here is a test build (identifier com.storedesk.app.test, so its OS directories and keychain
# entry are never a real store's); one setting for all the cargo commands below, so none rebuilds the app.
export TAURI_CONFIG="$(cat tauri.test.conf.json)"

echo "== cargo clippy (warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== UI: type check and component tests"
npm --prefix ui run check
npm --prefix ui test

echo "== the app binary for the real-window E2E test (tests/tests/e2e.rs: WebDriver, Xvfb, demo mode)"
cargo build -p storedesk --locked

echo "== cargo test (unit, property, integration, contract, chaos, kill, real-window E2E)"
cargo test --workspace --locked --no-fail-fast
