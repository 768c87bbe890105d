#!/usr/bin/env bash
# Builds each sandbox view as its own wasm bundle into a Trunk staging folder (Trunk.toml's
# post_build hook): cargo → wasm-bindgen (web target, so the app can import() it on demand)
# → wasm-opt. See src/sandboxes/mod.rs for why sandboxes are bundles of their own.
#   scripts/build-sandboxes.sh <out dir>
set -euo pipefail
out=${1:?usage: build-sandboxes.sh <out dir>}
cd "$(dirname "$0")/.."
target_dir=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
for bin in $(sed -n 's/^name = "\([a-z_]*_sandbox\)"$/\1/p' Cargo.toml); do
  cargo build --quiet --locked --release --target wasm32-unknown-unknown --bin "$bin"
  wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name "$bin" \
    "$target_dir/wasm32-unknown-unknown/release/$bin.wasm"
  wasm-opt -Oz "$out/${bin}_bg.wasm" -o "$out/${bin}_bg.wasm"
done
