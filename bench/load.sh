#!/usr/bin/env bash
# Load test (issue #9): starts `jishi serve --db DB` on a free loopback port and runs wrk with
# 50 connections for 30 s against a MIX of the pages' API calls (a wrk Lua script rotates
# through articles, one article, actors, actor pages, events, quotes, network, timeline and
# search, in both scripts), then prints throughput, latency percentiles and errors (answers
# other than 2xx, socket errors, timeouts). Bounded: about 40 s. Target: no errors, p99 < 200 ms
# on the two-month corpus. Needs wrk (Debian: apt-get install wrk). Run from the repository root.
#
#   bench/load.sh [DB] [SECONDS] [CONNECTIONS]     DB defaults to target/bench-ingest.db
#   JISHI_BIN=target/release/jishi bench/load.sh    skip the release build
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:-target/bench-ingest.db}
seconds=${2:-30}
connections=${3:-50}
[ -f "$db" ] || { echo "load: no database $db (run bench/ingest-corpus.sh)" >&2; exit 2; }
command -v wrk > /dev/null || { echo "load: wrk is not installed" >&2; exit 2; }
bin=${JISHI_BIN:-target/release/jishi}
if [ -z "${JISHI_BIN:-}" ]; then cargo build --release -q -p jishi-cli; fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve --db "$db" --port "$port" 2> target/bench-load-serve.log &
server=$!
script=$(mktemp --suffix .lua)
trap 'kill $server 2>/dev/null || true; rm -f "$script"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 300); do curl -sf "$base/api/health" > /dev/null && break; sleep 0.2; done

enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
ids() { python3 -c 'import json, sys; print(" ".join(str(i[sys.argv[1]]) for i in json.load(sys.stdin)["items"]))' "$1"; }
actors=$(curl -sf "$base/api/actors?limit=12" | ids id)
articles=$(curl -sf "$base/api/articles?limit=8" | ids id)

paths=(
  "/api/articles?limit=100"
  "/api/articles?limit=50&since=2023-11-01"
  "/api/actors?limit=100"
  "/api/events?actor=$(enc 何雷)"
  "/api/events?limit=100&type=CONSULT"
  "/api/quotes?speaker=$(enc 何雷)"
  "/api/quotes?speaker=$(enc 王毅)"
  "/api/network"
  "/api/network?since=2023-10-28&until=2023-11-01&type=CONSULT,ACCUSE"
  "/api/timeline"
  "/api/search?q=$(enc 香山論壇)"
  "/api/search?q=$(enc 臂章)"
  "/api/search?q=$(enc 国防部)"
  "/api/search?q=$(enc 美國)"
)
for a in $actors; do paths+=("/api/actors/$a" "/api/timeline?actor=$a"); done
for a in $articles; do paths+=("/api/articles/$a"); done

{
  echo "local paths = {"
  for p in "${paths[@]}"; do printf '  "%s",\n' "$p"; done
  cat <<'LUA'
}
local i = 0
setup = function(thread) thread:set("offset", math.random(#paths)) end
request = function()
  i = i + 1
  return wrk.format("GET", paths[((i + (offset or 0)) % #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "mixed API (%d paths): %d requests in %.1f s = %.0f req/s; latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms; errors: %d non-2xx, %d connect, %d read, %d write, %d timeout\n",
    #paths, summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.status, e.connect, e.read, e.write, e.timeout))
end
LUA
} > "$script"

# the first request of each path, one at a time: what a first visit costs (the server then
# remembers the answers until the database changes)
python3 - "$base" "${paths[@]}" <<'PY'
import sys, time, urllib.request
base, paths = sys.argv[1], sys.argv[2:]
times = []
for p in paths:
    t = time.perf_counter()
    urllib.request.urlopen(base + p).read()
    times.append(((time.perf_counter() - t) * 1000, p))
times.sort()
print(f"first requests ({len(times)} paths, one at a time): median {times[len(times) // 2][0]:.1f} ms, "
      f"slowest {times[-1][0]:.1f} ms ({times[-1][1]})")
PY
echo "load: ${#paths[@]} paths, $connections connections, $seconds s, against $db" >&2
wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s --latency -s "$script" "$base"
