#!/usr/bin/env bash
# The load benchmark: seeds (or resumes) a dataset, starts the release server on it and drives
# the key pages and actions with wrk, printing req/s, p50/p99, peak memory and the ratio to a
# static-file baseline, then the budgets. Arguments go to server/benches/load.rs:
#   scripts/bench.sh [--db sqlite|postgres] [--scale pemda|province|national]
#                    [--users 100] [--seconds 15] [--only board,item,…]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh --browser
if ! command -v wrk >/dev/null 2>&1; then
  say "installing wrk (Debian's package) for the load benchmark"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null
fi
say "building the release site (the first-load figure includes its wasm)"
cargo leptos build --release --precompress --split
say "running the load benchmark"
cargo bench --locked -p patuh --bench load -- "$@"
