#!/usr/bin/env bash
# Install what Storedesk needs to build and test on Debian 12, skipping whatever is already there.
# Safe to run again and again; run as root or with sudo available.
set -euo pipefail

# Debian packages: a C toolchain for the bundled SQLite, pkg-config for -sys crates.
DEB_PACKAGES=(build-essential pkg-config ca-certificates curl)

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

echo "setup: ok ($(cargo --version))"
