#!/usr/bin/env bash
# Builds every sandbox the engines' registry lists (crates/engines/src/registry.rs) into a Trunk
# staging folder (Trunk.toml's post_build hook):
#   sandboxes/<id>.js + <id>_bg.wasm   each view as its own bundle: cargo → wasm-bindgen (web
#                                      target, loaded by static/sandbox.js) → wasm-opt
#   <worker>.js + <worker>_bg.wasm     each heavy engine's Web Worker: wasm-bindgen's no-modules
#                                      target, which gloo-worker loads with importScripts
#   sandboxes/index.json               the ids sandbox.html may load (nothing else is loaded)
#   sandboxes/registry.json            the whole registry, for the end-to-end tests
#   scripts/build-sandboxes.sh <out dir>
# While working on one sandbox, rebuild only its bundle and worker into an existing dist/:
#   DRAGONPROOF_SANDBOXES="headers hsts" scripts/build-sandboxes.sh dist
set -euo pipefail
out=${1:?usage: build-sandboxes.sh <out dir>}
cd "$(dirname "$0")/.."
only=" ${DRAGONPROOF_SANDBOXES:-} "
wanted() { [ "$only" = "  " ] || [[ "$only" == *" $1 "* ]]; }
target_dir=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
mkdir -p "$out/sandboxes"
cargo run --quiet --locked -p dragonproof-engines --example registry > "$out/sandboxes/registry.json"
ids=$(node -e 'for (const e of JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))) if (e.has_view) console.log(e.id)' "$out/sandboxes/registry.json")
node -e 'const [file, ...ids] = process.argv.slice(1); require("fs").writeFileSync(file, JSON.stringify(ids))' "$out/sandboxes/index.json" $ids
for id in $ids; do
  wanted "$id" || continue
  bin="${id}_sandbox"
  [ -f "src/bin/$bin.rs" ] || { echo "the registry lists $id, but src/bin/$bin.rs is missing" >&2; exit 1; }
  cargo build --quiet --locked --release --target wasm32-unknown-unknown --bin "$bin"
  wasm-bindgen --target web --no-typescript --out-dir "$out/sandboxes" --out-name "$id" \
    "$target_dir/wasm32-unknown-unknown/release/$bin.wasm"
  wasm-opt -Oz "$out/sandboxes/${id}_bg.wasm" -o "$out/sandboxes/${id}_bg.wasm"
done

# Workers: name, features and wasm-opt level from the registry, one line each.
node -e 'for (const e of JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))) if (e.has_view && e.worker) console.log(e.id, e.worker.name, e.worker.features.join(",") || "-", e.worker.wasm_opt)' "$out/sandboxes/registry.json" |
while read -r id worker features level; do
  wanted "$id" || continue
  [ -f "src/bin/$worker.rs" ] || { echo "the registry lists the worker $worker, but src/bin/$worker.rs is missing" >&2; exit 1; }
  if [ "$features" = - ]; then feature_args=(); else feature_args=(--features "$features"); fi
  cargo build --quiet --locked --release --target wasm32-unknown-unknown --bin "$worker" "${feature_args[@]}"
  wasm-bindgen --target no-modules --no-typescript --out-dir "$out" --out-name "$worker" \
    "$target_dir/wasm32-unknown-unknown/release/$worker.wasm"
  wasm-opt "-O$level" "$out/${worker}_bg.wasm" -o "$out/${worker}_bg.wasm"
done
