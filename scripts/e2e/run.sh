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
exec node scripts/e2e/run-code-server.mjs "$@"
