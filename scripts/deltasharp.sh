#!/usr/bin/env bash
# The deltasharp CLI with a fast start (docs/performance.md): publishes src/DeltaSharp.Cli once, ReadyToRun-compiled,
# to artifacts/cli (again only when a source or build file changed since), then runs the published binary.
#
#   bash scripts/deltasharp.sh describe TABLE          # any deltasharp command and arguments
#   bash scripts/deltasharp.sh --publish               # publish if needed, print the binary's path
#
# Compared with `dotnet run -c Release --project src/DeltaSharp.Cli -- ARGS`, which runs MSBuild's up-to-date check
# (~3 s) and then a JIT-only build on every call, a call here costs a `find` over src/ plus the command itself.
# DELTASHARP_CLI_DIR overrides the output folder.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${DELTASHARP_CLI_DIR:-$root/artifacts/cli}"
bin="$out/DeltaSharp.Cli"
stamp="$out/.published"

# True when there is no published binary or a file that goes into it is newer than the last publish.
stale() {
  [ -x "$bin" ] && [ -f "$stamp" ] || return 0
  local newer
  newer="$(find "$root/src" "$root/Directory.Build.props" "$root/Directory.Packages.props" "$root/global.json" \
    \( -name bin -o -name obj \) -prune -o -newer "$stamp" -type f \
    \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.targets' -o -name '*.json' \) -print -quit 2>/dev/null || true)"
  [ -n "$newer" ]
}

publish() {
  mkdir -p "$out"
  # One publisher at a time; a second caller waits, then finds the binary fresh.
  exec 9>"$out/.lock"
  if command -v flock >/dev/null 2>&1; then flock 9; fi
  if stale; then
    echo "deltasharp.sh: publishing src/DeltaSharp.Cli (Release, ReadyToRun) to $out ..." >&2
    local started="$out/.publishing"
    touch "$started"   # the stamp gets this time: edits made during the publish still count as newer
    local log
    if ! log="$(dotnet publish "$root/src/DeltaSharp.Cli" -c Release -o "$out" -nologo 2>&1)"; then
      echo "$log" >&2
      echo "deltasharp.sh: publish failed" >&2
      exit 1
    fi
    mv "$started" "$stamp"
  fi
  exec 9>&-
}

if stale; then
  publish
fi
if [ "${1:-}" = "--publish" ]; then
  echo "$bin"
  exit 0
fi
exec "$bin" "$@"
