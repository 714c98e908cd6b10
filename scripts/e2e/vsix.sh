#!/usr/bin/env bash
# `npm run test:vsix`: tests the extension as people get it, the packaged .vsix, not the repo.
#  1. `npm run package` builds the .vsix; scripts/e2e/check-vsix.mjs lists what it holds and
#     fails on a file outside the expected set or a missing must-have.
#  2. scripts/e2e/run-code-server.mjs --install-vsix installs it with code-server's own CLI into
#     a fresh extensions folder and runs the in-VS-Code suite (test/e2e) against that installed
#     copy; test/e2e/installed.e2e.ts checks that the installed copy is the one that runs.
# The suite runs even when the contents check failed, so one run shows both. The closing line,
# `vsix: N passed, M failed`, counts the suite's tests plus the contents check as one more.
# Extra arguments go to run-code-server.mjs (e.g. --screenshot DIR, --timeout 600).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

started=$SECONDS
npm run -s package
vsix="$PWD/architecture-notes-$(node -p "require('./package.json').version").vsix"
echo
contents_failed=0
node scripts/e2e/check-vsix.mjs "$vsix" || contents_failed=1
packaged=$SECONDS

# The suite itself (out/test/e2e) is compiled from the repo; only the extension comes from the .vsix.
npx tsc -p .
bash scripts/e2e/install-code-server.sh
suite_started=$SECONDS
report="$(mktemp)"
trap 'rm -f "$report"' EXIT
suite_status=0
node scripts/e2e/run-code-server.mjs --install-vsix "$vsix" "$@" | tee "$report" || suite_status=$?

summary="$(grep -E '^e2e: [0-9]+ passed, [0-9]+ failed' "$report" | tail -n 1 || true)"
passed=0
failed=0
if [[ -n "$summary" ]]; then
  passed="$(sed -E 's/^e2e: ([0-9]+) passed.*/\1/' <<<"$summary")"
  failed="$(sed -E 's/^e2e: [0-9]+ passed, ([0-9]+) failed.*/\1/' <<<"$summary")"
fi
# A run that ended without a report, or failed with no failing test (install, timeout, crash),
# still counts as a failure.
if (( suite_status != 0 && failed == 0 )); then failed=1; fi
if (( contents_failed )); then failed=$((failed + 1)); else passed=$((passed + 1)); fi

echo "[vsix] package and contents check: $((packaged - started)) s; install and suite: $((SECONDS - suite_started)) s; total: $((SECONDS - started)) s" >&2
echo "vsix: $passed passed, $failed failed"
(( failed == 0 ))
