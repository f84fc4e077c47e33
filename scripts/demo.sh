#!/usr/bin/env bash
# Open Storedesk against its embedded demo OMS (the OMS simulator, in-process on a loopback port): a generated
# store with orders of every kind, new ones every minute, and demo staff whose PINs are shown on the sign-in screen.
#   scripts/demo.sh               the desktop app (needs a display)
#   scripts/demo.sh --headless    the sync engine without a window; any other option (--autopilot, --seconds N,
#                                 --help) also runs it, as does the lack of a display (no DISPLAY or WAYLAND_DISPLAY)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if [ $# -gt 0 ] || { [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; }; then
  if [ "${1:-}" = "--headless" ]; then shift; elif [ $# -eq 0 ]; then echo "demo: no display, so the headless station runs"; fi
  exec cargo run --locked -q -p storedesk-headless -- demo "$@"
fi
scripts/build-ui.sh
STOREDESK_DEMO=1 exec cargo run --locked -q -p storedesk
