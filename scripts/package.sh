#!/usr/bin/env bash
# `npm run package`: builds minified bundles and packs the extension into a .vsix with vsce.
# What goes in is decided by .vscodeignore; dependencies are bundled, hence --no-dependencies.
# Prints the files inside and the size, so a stray file or a jump in size is seen at once.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

node esbuild.mjs --production --quiet
version="$(node -p "require('./package.json').version")"
out="architecture-notes-${version}.vsix"
npx --no vsce package --no-dependencies --out "$out"

echo
echo "Files in $out:"
npx --no vsce ls --no-dependencies | sort | sed 's/^/  /'
echo
printf '%s: %s bytes (%s KiB)\n' "$out" "$(stat -c %s "$out")" "$(( ($(stat -c %s "$out") + 1023) / 1024 ))"
