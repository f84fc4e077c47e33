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
# A hung test fails the run with its name (cargo prints "has been running for over 60 seconds") instead of
# running into CI's own time limit. Compiling and running everything takes ≈ 12 minutes on a cold 2-core machine.
limit="${STOREDESK_TEST_TIMEOUT:-45m}"
status=0
timeout --kill-after=30s "$limit" cargo test --workspace --locked --no-fail-fast || status=$?
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
  echo "test: cargo test did not finish within $limit: a test hangs (see 'has been running for over 60 seconds' above)" >&2
fi
exit "$status"
