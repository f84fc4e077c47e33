#!/usr/bin/env bash
# Run every Storedesk check: formatting, lints, unit, property, integration, chaos and kill tests.
#   scripts/test.sh            the CI suite
#   STOREDESK_KILL_CYCLES=1000 scripts/test.sh    the long kill run
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== UI build (the desktop app embeds ui/dist at compile time)"
scripts/build-ui.sh

echo "== cargo clippy (warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== UI: type check and component tests"
npm --prefix ui run check
npm --prefix ui test

echo "== cargo test (unit, property, integration, contract, chaos, kill)"
cargo test --workspace --locked --no-fail-fast
