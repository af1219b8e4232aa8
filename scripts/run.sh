#!/usr/bin/env bash
# Builds Patuh and runs it on the embedded SQLite database with the demo data set.
# First start on an empty database seeds "Kabupaten Contoh" and prints the demo accounts.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
say "building (release)"
cargo leptos build --release --precompress --split
say "starting Patuh"
exec "$CARGO_TARGET_DIR/release/patuh" serve --demo "$@"
