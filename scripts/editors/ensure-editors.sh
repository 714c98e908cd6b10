#!/usr/bin/env bash
# Installs the editors the editor tests drive, from Debian: Neovim (built-in LSP client),
# Emacs without X, and eglot (Emacs 28 has no built-in LSP client). When all three are
# already there it returns at once without touching the network.
set -euo pipefail

installed() { dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null | grep -qx installed; }

missing=()
command -v nvim >/dev/null 2>&1 || missing+=(neovim)
command -v emacs >/dev/null 2>&1 || missing+=(emacs-nox)
installed elpa-eglot || missing+=(elpa-eglot)

if [ ${#missing[@]} -eq 0 ]; then
  echo "editors: neovim, emacs and eglot already installed"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "editors: missing ${missing[*]}, and this is not a Debian-like system (no apt-get)" >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "editors: need root or sudo to install ${missing[*]}" >&2
  exit 1
fi

echo "editors: installing ${missing[*]}"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
