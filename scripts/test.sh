#!/usr/bin/env bash
# Runs every test: unit and property tests, integration tests against the real server (SQLite
# always; PostgreSQL too when PATUH_TEST_POSTGRES_URL is set), then the end-to-end journeys in
# headless Chromium against a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh --browser

if [ -n "${PATUH_TEST_POSTGRES_URL:-}" ]; then
  say "PostgreSQL variant enabled: ${PATUH_TEST_POSTGRES_URL%%@*}@…"
else
  say "PATUH_TEST_POSTGRES_URL not set: integration tests run on SQLite only"
fi

say "unit and integration tests"
# The S3 tests must not skip silently here: setup.sh installed moto.
export PATUH_TEST_REQUIRE_S3=1
cargo test --release --locked -p app -p patuh -p migration --features app/ssr

say "end-to-end journeys (release build, headless Chromium)"
e2e_dir="$(mktemp -d)"
trap 'rm -rf "$e2e_dir"' EXIT
port=$(( 20000 + RANDOM % 20000 ))
export PATUH_DATA_DIR="$e2e_dir/data" PATUH_DEMO=true PATUH_LISTEN="127.0.0.1:$port"
export PATUH_E2E_BASE_URL="http://127.0.0.1:$port" PATUH_LOG="warn"
unset PATUH_DATABASE_URL
cargo leptos end-to-end --release --precompress --split
