#!/usr/bin/env bash
# Reproduce every figure in docs/benchmarks.md. Takes ~10 minutes on 2 cores; run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

echo "== store: durable clerk action vs raw FULL commit; inbox queries over 100k orders (criterion)"
cargo bench --locked -p storedesk-store --bench store

echo "== store: inbox query p50/p99 over 100k orders"
cargo run --locked --release -q -p storedesk-store --example inbox_p99

echo "== sync: initial pull of 10k, incremental pull, outbox drain against the simulator (criterion)"
cargo bench --locked -p storedesk-tests --bench sync

echo "== sign-in: one Argon2id PIN check with each of OWASP's equally strong settings (criterion)"
cargo bench --locked -p storedesk-staff --bench pin

echo "== desktop: startup time and memory with 10k cached orders vs a hello-world Tauri app (real windows, Xvfb)"
STOREDESK_BENCH_SKIP_SETUP=1 scripts/bench-startup.sh
