#!/usr/bin/env bash
# Installs the npm packages the tests use as independent peers (see tools/node/package.json).
# Idempotent: does nothing when the installed tree matches the lock file.
set -euo pipefail
dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../tools/node" && pwd)
stamp="$dir/node_modules/.deltasharp-lock"
if [ -f "$stamp" ] && cmp -s "$stamp" "$dir/package-lock.json"; then exit 0; fi
(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
cp "$dir/package-lock.json" "$stamp"
