#!/usr/bin/env bash
# Entry point behind `npm test` and `npm run demo`: bootstrap Node 24 + pnpm, install the workspace
# with the frozen lockfile when needed, build, then run the given command.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=bootstrap.sh
. "$root/scripts/bootstrap.sh"
stamp="node_modules/.lp-install-stamp"
if [ ! -f "$stamp" ] || [ pnpm-lock.yaml -nt "$stamp" ]; then
  pnpm install --frozen-lockfile >&2
  touch "$stamp"
fi
if [ "${LP_SKIP_BUILD:-}" != "1" ]; then
  pnpm run build >&2
fi
exec "$@"
