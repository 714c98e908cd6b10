#!/usr/bin/env bash
# `npm run test:e2e`: builds the extension and the suite, then runs the suite inside a real VS Code.
#   default            code-server + headless Debian Chromium (installed on first use into .e2e/)
#   E2E_RUNNER=electron desktop VS Code downloaded by @vscode/test-electron (needs network access
#                      to VS Code's update server)
# Extra arguments go to scripts/e2e/run-code-server.mjs (e.g. --screenshot DIR, --timeout 600).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

node esbuild.mjs
npx tsc -p .

if [[ "${E2E_RUNNER:-code-server}" == electron ]]; then
  exec node out/test/e2e/runTestElectron.js
fi

bash scripts/e2e/install-code-server.sh

# A folder given on the command line is the one to open, once.
for arg in "$@"; do
  if [[ "$arg" == --workspace || "$arg" == --workspace=* ]]; then
    exec node scripts/e2e/run-code-server.mjs "$@"
  fi
done

# One run per folder the selected tests are written for: NAME.e2e.ts runs in
# test/e2e/NAME-workspace/ when that folder exists, every other file in test/e2e/workspace/
# (test/e2e/index.ts picks the files that belong to the folder open).
selected=",${E2E_FILES:-},"
selected="${selected// /}"
workspaces=()
for file in test/e2e/*.e2e.ts; do
  name="$(basename "$file" .e2e.ts)"
  [[ "$selected" == ",," || "$selected" == *",$name,"* ]] || continue
  folder="test/e2e/workspace"
  [[ -d "test/e2e/$name-workspace" ]] && folder="test/e2e/$name-workspace"
  [[ " ${workspaces[*]} " == *" $folder "* ]] || workspaces+=("$folder")
done
if (( ${#workspaces[@]} == 0 )); then
  echo "[e2e] no test file in test/e2e named ${E2E_FILES:-}" >&2
  exit 1
fi
if (( ${#workspaces[@]} == 1 )); then
  exec node scripts/e2e/run-code-server.mjs --workspace "${workspaces[0]}" "$@"
fi

# Several folders: run each, then add up their closing lines into one.
report="$(mktemp)"
trap 'rm -f "$report"' EXIT
status=0
passed=0 failed=0 skipped=0
for folder in "${workspaces[@]}"; do
  echo "[e2e] workspace $folder" >&2
  run_status=0
  node scripts/e2e/run-code-server.mjs --workspace "$folder" "$@" | tee "$report" || run_status=$?
  summary="$(grep -E '^e2e: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped' "$report" | tail -n 1 || true)"
  if [[ -n "$summary" ]]; then
    read -r p f s < <(sed -E 's/^e2e: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped.*/\1 \2 \3/' <<<"$summary")
    passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
  elif (( run_status != 0 )); then
    failed=$((failed + 1))
  fi
  (( run_status == 0 )) || status=$run_status
done
echo "e2e: $passed passed, $failed failed, $skipped skipped (${#workspaces[@]} workspaces)"
exit "$status"
