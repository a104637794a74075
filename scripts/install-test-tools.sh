#!/usr/bin/env bash
# Installs the npm packages the tests use as independent peers (see tools/node/package.json).
# Idempotent: does nothing when the installed tree matches the lock file and is complete.
# The installed tree is checked with `npm ls --all` (a partial tree, e.g. from an interrupted install or a damaged
# cache, makes Azurite fail later with "Cannot find module"); an incomplete tree is reinstalled once from scratch.
set -euo pipefail
dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../tools/node" && pwd)
stamp="$dir/node_modules/.deltasharp-lock"
complete() { (cd "$dir" && npm ls --all >/dev/null 2>&1); }
install() {
  rm -rf "$dir/node_modules"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
}
if [ -f "$stamp" ] && cmp -s "$stamp" "$dir/package-lock.json" && complete; then exit 0; fi
install
if ! complete; then
  echo "install-test-tools.sh: the npm tree is incomplete after npm ci; verifying the npm cache and installing again" >&2
  npm cache verify >/dev/null 2>&1 || true
  install
  if ! complete; then
    echo "install-test-tools.sh: the npm tree is still incomplete:" >&2
    (cd "$dir" && npm ls --all 2>&1 | grep -iE "missing|invalid|ERR" | head -20) >&2 || true
    exit 1
  fi
fi
cp "$dir/package-lock.json" "$stamp"
