#!/usr/bin/env bash
# Storage emulators for DeltaSharp's storage tests: moto (S3) and Azurite (Azure Blob), on 127.0.0.1.
#
# Usage (this file is sourced, e.g. by scripts/test.sh):
#   source scripts/emulators.sh
#   emulators_start WORKDIR     # starts both on free ports, waits until they answer, exports DELTASHARP_* below
#   ...run tests...
#   emulators_stop WORKDIR      # stops exactly the processes emulators_start started
#
# Exports:
#   DELTASHARP_S3_ENDPOINT            http://127.0.0.1:<port>     (moto_server)
#   DELTASHARP_S3_ACCESS_KEY_ID       moto accepts any; "deltasharp-test"
#   DELTASHARP_S3_SECRET_ACCESS_KEY   "deltasharp-test-secret"
#   DELTASHARP_S3_REGION              us-east-1
#   DELTASHARP_AZURITE_BLOB_ENDPOINT  http://127.0.0.1:<port>/devstoreaccount1   (Azurite blob service)
#   DELTASHARP_AZURITE_ACCOUNT        devstoreaccount1
#   DELTASHARP_AZURITE_KEY            Azurite's well-known development account key (public, not a secret)
# State (pid files, logs, Azurite's data) lives in WORKDIR/emulators.

_emulators_repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Prints a TCP port that was free a moment ago on 127.0.0.1.
_emulators_free_port() {
  python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

# _emulators_wait NAME URL PIDFILE LOG: waits (bounded, 60 s) until URL answers any HTTP status.
_emulators_wait() {
  local name=$1 url=$2 pidfile=$3 log=$4 i code
  for ((i = 0; i < 300; i++)); do
    code=$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$url" 2>/dev/null || true)
    if [ -n "$code" ] && [ "$code" != "000" ]; then
      return 0
    fi
    if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      echo "emulators.sh: $name exited before answering on $url; last log lines ($log):" >&2
      tail -n 20 "$log" >&2 || true
      return 1
    fi
    sleep 0.2
  done
  echo "emulators.sh: $name did not answer on $url within 60 s; last log lines ($log):" >&2
  tail -n 20 "$log" >&2 || true
  return 1
}

emulators_start() {
  local work=${1:?usage: emulators_start WORKDIR}
  local dir="$work/emulators"
  mkdir -p "$dir/azurite"

  if ! command -v moto_server >/dev/null 2>&1; then
    echo "emulators.sh: moto_server not found on PATH (pip install 'moto[server]')" >&2
    return 1
  fi
  local azurite_main="$_emulators_repo/tools/node/node_modules/azurite/dist/src/blob/main.js"
  if [ ! -f "$azurite_main" ]; then
    echo "emulators.sh: Azurite not found at $azurite_main (run scripts/install-test-tools.sh)" >&2
    return 1
  fi

  local s3_port azure_port
  s3_port=$(_emulators_free_port)
  # One request at a time: makes moto's conditional PUT atomic, as S3's is (see scripts/moto_serial.py).
  python3 "$_emulators_repo/scripts/moto_serial.py" 127.0.0.1 "$s3_port" >"$dir/moto.log" 2>&1 &
  echo $! >"$dir/moto.pid"

  azure_port=$(_emulators_free_port)
  node "$azurite_main" --blobHost 127.0.0.1 --blobPort "$azure_port" --location "$dir/azurite" \
    --loose --skipApiVersionCheck --silent >"$dir/azurite.log" 2>&1 &
  echo $! >"$dir/azurite.pid"

  if ! _emulators_wait moto "http://127.0.0.1:$s3_port/" "$dir/moto.pid" "$dir/moto.log" ||
     ! _emulators_wait Azurite "http://127.0.0.1:$azure_port/devstoreaccount1?comp=list" "$dir/azurite.pid" "$dir/azurite.log"; then
    emulators_stop "$work"
    return 1
  fi

  export DELTASHARP_S3_ENDPOINT="http://127.0.0.1:$s3_port"
  export DELTASHARP_S3_ACCESS_KEY_ID="deltasharp-test"
  export DELTASHARP_S3_SECRET_ACCESS_KEY="deltasharp-test-secret"
  export DELTASHARP_S3_REGION="us-east-1"
  export DELTASHARP_AZURITE_BLOB_ENDPOINT="http://127.0.0.1:$azure_port/devstoreaccount1"
  export DELTASHARP_AZURITE_ACCOUNT="devstoreaccount1"
  # Azurite's documented development-account key (the same for every Azurite install).
  export DELTASHARP_AZURITE_KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
  echo "emulators.sh: moto on $DELTASHARP_S3_ENDPOINT, Azurite blob on $DELTASHARP_AZURITE_BLOB_ENDPOINT" >&2
}

emulators_stop() {
  local work=${1:?usage: emulators_stop WORKDIR}
  local dir="$work/emulators" name pid i
  for name in moto azurite; do
    [ -f "$dir/$name.pid" ] || continue
    pid=$(cat "$dir/$name.pid")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for ((i = 0; i < 50; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$dir/$name.pid"
  done
  unset DELTASHARP_S3_ENDPOINT DELTASHARP_S3_ACCESS_KEY_ID DELTASHARP_S3_SECRET_ACCESS_KEY DELTASHARP_S3_REGION \
    DELTASHARP_AZURITE_BLOB_ENDPOINT DELTASHARP_AZURITE_ACCOUNT DELTASHARP_AZURITE_KEY
  return 0
}
