#!/usr/bin/env bash
# Build the desktop UI into ui/dist, which the app embeds when it is compiled (src-tauri/build.rs refuses to build
# the app without it). Assumes scripts/setup.sh has installed the UI's npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."
npm --prefix ui run build --silent
test -f ui/dist/index.html
