#!/usr/bin/env bash
# Installs what building Patuh needs, skipping whatever is already in place:
# the wasm32 target, cargo-leptos (pinned), wasm-bindgen-cli (matching Cargo.toml's pin), the
# npm packages of end2end/ (Playwright, and binaryen's wasm-opt for cargo-leptos) and moto's
# S3-compatible server from PyPI (the object-storage tests start it).
# With --browser it also installs Debian's Chromium for the end-to-end tests.
# Source it (`. scripts/setup.sh`) to get PATH and CARGO_TARGET_DIR set for the build.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CARGO_LEPTOS_VERSION=0.3.10
WASM_BINDGEN_VERSION="$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' "$ROOT/Cargo.toml")"

# Builds live outside the clone so fresh clones (CI) reuse them.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/patuh/target}"
export PATH="$ROOT/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
mkdir -p "$CARGO_TARGET_DIR"

say() { printf '\033[1;32m==>\033[0m %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
if [ "$(cargo leptos --version 2>/dev/null || true)" != "cargo-leptos $CARGO_LEPTOS_VERSION" ]; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 20 minutes the first time)"
  cargo install --locked cargo-leptos --version "$CARGO_LEPTOS_VERSION"
fi
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  cargo install --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi
stamp="$ROOT/end2end/node_modules/.patuh-installed"
if [ ! -f "$stamp" ] || [ "$ROOT/end2end/package-lock.json" -nt "$stamp" ]; then
  say "installing end2end npm packages (Playwright, binaryen)"
  (cd "$ROOT/end2end" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  touch "$stamp"
fi
if ! command -v moto_server >/dev/null 2>&1; then
  say "installing moto's S3-compatible test server (PyPI) for the object-storage tests"
  python3 -m pip install --quiet --disable-pip-version-check 'moto[server]>=5,<6'
fi
if [ "${1:-}" = "--browser" ] && ! command -v chromium >/dev/null 2>&1; then
  say "installing Debian's Chromium for the end-to-end tests"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
