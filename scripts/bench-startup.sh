#!/usr/bin/env bash
# Desktop startup time and memory: the Storedesk app with 10,000 cached orders against a hello-world Tauri 2 app
# (tests/hello-tauri), both release builds, both launched the same way (tauri-driver + WebKitWebDriver under an
# Xvfb of their own) on this machine. Prints the table and the ratios to the budgets (startup ≤ 1.3×, memory
# ≤ 1.25× the hello-world's). A benchmark, never part of the test suite. Source: tests/benches/startup.rs.
#
#   scripts/bench-startup.sh                      7 measured launches of each app after a warm-up launch
#   scripts/bench-startup.sh --runs 11            more launches
#   scripts/bench-startup.sh --out report.md      also write the report (Markdown) to a file
#
# Run it on a quiet machine: other builds on the same cores lengthen the startup times.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${STOREDESK_BENCH_SKIP_SETUP:-}" != "1" ]; then
  scripts/setup.sh
fi

echo "== the UI (embedded by the app at compile time)"
scripts/build-ui.sh

echo "== release builds: the app (test identifier, tauri.test.conf.json) and the hello-world baseline"
TAURI_CONFIG="$(cat tauri.test.conf.json)" cargo build --locked --release -p storedesk
# The hello-world has its own tauri.conf.json: no TAURI_CONFIG override for it.
env -u TAURI_CONFIG cargo build --locked --release -p hello-tauri

echo "== machine"
echo "nproc: $(nproc); CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "WebKitGTK: $(dpkg-query -W -f='${Version}' libwebkit2gtk-4.1-0 2>/dev/null || echo unknown)"
echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown); date: $(date -u +%Y-%m-%dT%H:%MZ)"

echo "== startup and memory (tests/benches/startup.rs)"
env -u TAURI_CONFIG cargo bench --locked -p storedesk-tests --bench startup -- "$@"
