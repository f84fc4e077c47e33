#!/usr/bin/env bash
# Install what Storedesk needs to build and test on Debian 12, skipping whatever is already there.
# Safe to run again and again; run as root or with sudo available.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: a C toolchain for the bundled SQLite, pkg-config for -sys crates; the desktop app's (Tauri 2:
# WebKitGTK 4.1, libxdo, OpenSSL, the app-indicator and librsvg; D-Bus for the OS keychain); a virtual display and
# the WebKit WebDriver for tests of the real window; a real print server (CUPS with a PDF printer) and the tools
# the printing tests read printed documents back with (pdftotext, pdftoppm, zbarimg; ZPL labels are rendered by
# the npm package installed below).
DEB_PACKAGES=(build-essential pkg-config ca-certificates curl
  libwebkit2gtk-4.1-dev libxdo-dev libssl-dev libayatana-appindicator3-dev librsvg2-dev libdbus-1-dev
  xvfb xauth webkit2gtk-driver
  cups cups-client printer-driver-cups-pdf poppler-utils zbar-tools)

need_apt=()
for pkg in "${DEB_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    need_apt+=("$pkg")
  fi
done

if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "setup: installing Debian packages: ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  else
    echo "setup: cargo not found. Install Rust (https://rustup.rs) and run this again." >&2
    exit 1
  fi
fi

for component in rustfmt clippy; do
  if ! cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1; then
    if command -v rustup >/dev/null 2>&1; then
      rustup component add "$component"
    fi
  fi
done

# tauri-driver: the WebDriver front for the real-window E2E test (tests/tests/e2e.rs), beside WebKitWebDriver.
if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver" ]; then
  echo "setup: installing tauri-driver"
  cargo install tauri-driver --version 2.0.5 --locked
fi

# Node.js >= 20.19 for the UI (Svelte + Vite). Debian 12's own nodejs is 18: too old, so it is not installed
# from apt here; the project's machines ship Node 20.
if ! command -v node >/dev/null 2>&1; then
  echo "setup: Node.js >= 20.19 is needed for the UI (ui/). Install it (https://nodejs.org) and run this again." >&2
  exit 1
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "setup: Node.js $(node --version) is too old for the UI; version 20.19 or newer is needed." >&2
  exit 1
fi

# The UI's npm packages, exactly as locked; skipped when node_modules was installed from this very lock file.
if [ -f ui/package-lock.json ]; then
  lock_sum=$(sha256sum ui/package-lock.json | cut -d' ' -f1)
  if [ "$(cat ui/node_modules/.storedesk-lock-sha256 2>/dev/null)" != "$lock_sum" ]; then
    echo "setup: installing the UI's npm packages"
    npm --prefix ui ci --no-audit --no-fund
    echo "$lock_sum" > ui/node_modules/.storedesk-lock-sha256
  fi
fi

# The ZPL renderer the label tests print to (zebrash as WebAssembly, npm zpl-renderer-js, pinned by the lock file):
# tests render each ZPL label with it and scan the barcodes with zbarimg. Skipped when installed from this lock.
lock_sum=$(sha256sum tests/zpl-render/package-lock.json | cut -d' ' -f1)
if [ "$(cat tests/zpl-render/node_modules/.storedesk-lock-sha256 2>/dev/null)" != "$lock_sum" ]; then
  echo "setup: installing the ZPL renderer for the label tests (tests/zpl-render)"
  npm --prefix tests/zpl-render ci --no-audit --no-fund
  echo "$lock_sum" > tests/zpl-render/node_modules/.storedesk-lock-sha256
fi

echo "setup: ok ($(cargo --version), node $(node --version))"
