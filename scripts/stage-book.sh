#!/usr/bin/env bash
# Copies the lesson content files that build.rs wrote for this build into a Trunk staging
# folder (Trunk.toml's post_build hook). build.rs renders the book once; this only copies the
# files its list names, so a file from an older build never reaches dist/.
#   scripts/stage-book.sh <out dir>
set -euo pipefail
out=${1:?usage: stage-book.sh <out dir>}
cd "$(dirname "$0")/.."
book=${DRAGONPROOF_BOOK_OUT:-target/book}
[ -f "$book/book-files.txt" ] || { echo "no $book/book-files.txt: build.rs has not written the book (cargo clean -p dragonproof, then build again)" >&2; exit 1; }
while IFS= read -r file; do
  mkdir -p "$out/$(dirname "$file")"
  cp "$book/$file" "$out/$file"
done < "$book/book-files.txt"
