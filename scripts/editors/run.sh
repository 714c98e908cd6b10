#!/usr/bin/env bash
# Proves the built language server works in real editors: Neovim's built-in LSP client and
# Emacs with eglot, both headless, both against `node dist/server.js --stdio`.
#
# Usage: bash scripts/editors/run.sh      (npm run test:editors)
# Ends with the line `N passed, M failed` (checks over both editors) and exits 1 if any
# check failed. EDITOR_TEST_DEADLINE (seconds, default 120) bounds each editor's run.
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
deadline="${EDITOR_TEST_DEADLINE:-120}"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

started=$(now)
bash scripts/editors/ensure-editors.sh || { echo "could not install the editors"; echo "0 passed, 1 failed"; exit 1; }
echo "editors ready in $(elapsed "$started") s"

if [ ! -f dist/server.js ]; then
  started=$(now)
  node esbuild.mjs || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }
  echo "built dist/server.js in $(elapsed "$started") s"
fi

passed=0
failed=0
output="$(mktemp)"
trap 'rm -f "$output"' EXIT

# Runs one editor test, shows its output, and adds its PASS and FAIL lines to the totals.
# An editor that dies or outlives the deadline without a FAIL line of its own still counts
# as one failure, so a crash can never read as success.
run_editor() {
  local name="$1"; shift
  local started code passes fails
  started=$(now)
  # stdin from /dev/null: Neovim reads a piped stdin as a buffer and would wait on it.
  timeout --kill-after=5 "$deadline" "$@" </dev/null >"$output" 2>"$output.err"
  code=$?
  cat "$output"
  passes=$(grep -c '^PASS ' "$output")
  fails=$(grep -c '^FAIL ' "$output")
  if [ "$code" -ne 0 ] && [ "$fails" -eq 0 ]; then
    if [ "$code" -eq 124 ] || [ "$code" -eq 137 ]; then
      echo "FAIL $name: no result within ${deadline} s"
    else
      echo "FAIL $name: exited with code $code"
    fi
    sed 's/^/  stderr: /' "$output.err" | tail -n 20
    fails=1
  fi
  if [ "$code" -eq 0 ] && [ "$passes" -eq 0 ]; then
    echo "FAIL $name: exited cleanly without running a check"
    fails=1
  fi
  rm -f "$output.err"
  # Not the closing line's wording: CI reads only that one.
  echo "$name: $passes ok, $fails not ok, $(elapsed "$started") s"
  passed=$((passed + passes))
  failed=$((failed + fails))
}

run_editor nvim nvim --headless --clean -u NONE -c 'luafile test/editors/nvim-hover.lua'
run_editor emacs emacs --batch -Q -l test/editors/emacs-eglot.el

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
