#!/usr/bin/env bash
# Runs DeltaSharp's whole test suite on a fresh machine:
#   1. installs the independent test peers (Azurite, apache-arrow JS, DuckDB's C library) from npm,
#   2. starts the storage emulators (moto for S3, Azurite for Azure Blob) on 127.0.0.1,
#   3. runs every test project, and prints one closing line "N passed, N failed, N skipped".
# Exit status is non-zero when anything fails. Emulators are stopped on exit.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
work="$root/.ci/.work"
mkdir -p "$work"

# 1. Test peers from npm (pinned by tools/node/package-lock.json).
bash "$root/scripts/install-test-tools.sh"
export DELTASHARP_NODE_MODULES="$root/tools/node/node_modules"
export DELTASHARP_DUCKDB_LIB="$DELTASHARP_NODE_MODULES/@duckdb/node-bindings-linux-x64/libduckdb.so"

# 2. Emulators (the script exports DELTASHARP_S3_* / DELTASHARP_AZURITE_* for the storage suite).
if [ -f "$root/scripts/emulators.sh" ]; then
  # shellcheck source=/dev/null
  source "$root/scripts/emulators.sh"
  emulators_start "$work"
  trap 'emulators_stop "$work"' EXIT
fi

# The shared corpus beside the repository (CI always has it; elsewhere tests say they skipped).
export DELTASHARP_CONFORMANCE_DIR="${DELTASHARP_CONFORMANCE_DIR:-$root/../shared/conformance}"
export DELTASHARP_PARQUET_TESTING_DIR="${DELTASHARP_PARQUET_TESTING_DIR:-$root/../shared/parquet-testing}"
# In CI nothing a test needs may be missing: tests that would skip for a missing resource fail instead.
if [ "${CI:-}" = "true" ]; then export DELTASHARP_REQUIRE_ALL=1; fi

# 3. Build once, then test every project.
dotnet build DeltaSharp.sln -c Release -nologo -v q 2>&1 | tail -n 3
log="$work/test.log"
results="$work/results"
rm -rf "$results"
set +e
dotnet test DeltaSharp.sln -c Release --no-build -nologo -v q \
  --results-directory "$results" --logger trx \
  --blame-hang --blame-hang-timeout 10m 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# Why tests skipped and how failures failed (the quiet console above says neither).
python3 "$root/scripts/summarize_test_results.py" "$results" || true
# One closing line for the whole run, summed over the per-project summaries of `dotnet test`.
awk '/(Passed|Failed)! +- Failed:/ {
       for (i = 1; i <= NF; i++) { gsub(",", "", $i);
         if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "Total: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
