#!/usr/bin/env bash
# Start Storedesk against its embedded demo OMS (the OMS simulator, in-process on a loopback port).
# Until the desktop window lands this runs the headless station: it syncs a generated store and prints what it does.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec cargo run --locked -q -p storedesk-headless -- demo "$@"
