#!/usr/bin/env bash
# Installs DuckDB's C library (libduckdb.so, from the npm package @duckdb/node-bindings-linux-x64) for the
# `compare` benchmark harness. Never a dependency of the library. Prints the library path on its last line.
#   - reuses tools/node/node_modules (the test peers) when the package is already there;
#   - otherwise installs it with npm into benchmarks/.duckdb/ (gitignored).
# DELTASHARP_DUCKDB_LIB, when set to an existing file, wins over both.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
pkg="@duckdb/node-bindings-linux-x64"
version="${DUCKDB_NODE_BINDINGS_VERSION:-1.5.6-r.1}"

if [[ -n "${DELTASHARP_DUCKDB_LIB:-}" && -f "${DELTASHARP_DUCKDB_LIB}" ]]; then
  echo "$DELTASHARP_DUCKDB_LIB"; exit 0
fi
for candidate in "$root/tools/node/node_modules/$pkg/libduckdb.so" "$here/.duckdb/node_modules/$pkg/libduckdb.so"; do
  if [[ -f "$candidate" ]]; then echo "$candidate"; exit 0; fi
done
command -v npm >/dev/null || { echo "install-duckdb.sh: npm is required to install $pkg" >&2; exit 1; }
mkdir -p "$here/.duckdb"
( cd "$here/.duckdb" && [[ -f package.json ]] || echo '{"private":true}' > "$here/.duckdb/package.json" )
npm install --prefix "$here/.duckdb" --no-audit --no-fund --ignore-scripts --force "$pkg@$version" >&2
lib="$here/.duckdb/node_modules/$pkg/libduckdb.so"
[[ -f "$lib" ]] || { echo "install-duckdb.sh: $lib missing after npm install" >&2; exit 1; }
echo "$lib"
