#!/usr/bin/env bash
# Web API latency: starts `jishi serve --db DB` on a free loopback port and measures each page's
# JSON API with wrk (Debian: apt-get install wrk), one connection × 4 s per endpoint (latency of one request at a time; then 8 connections for throughput),
# printing requests/s and latency percentiles; falls back to 50 sequential curl requests per
# endpoint when wrk is absent. Bounded: about a minute in all. Run from the repository root.
#
# The server runs with --no-answer-cache, so each request pays for its queries (what a first
# visit costs); ANSWER_CACHE=1 measures the server as it runs by default, answers remembered.
#
#   bench/web.sh [DB]        DB defaults to target/bench-ingest.db (made by bench/ingest-corpus.sh)
#   JISHI_BIN=target/debug/jishi bench/web.sh sample.db    skip the release build
#   ANSWER_CACHE=1 bench/web.sh                              remembered answers
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:-target/bench-ingest.db}
[ -f "$db" ] || { echo "bench: no database $db (run bench/ingest-corpus.sh, or jishi ingest --db $db ...)" >&2; exit 2; }
bin=${JISHI_BIN:-target/release/jishi}
if [ -z "${JISHI_BIN:-}" ]; then cargo build --release -q -p jishi-cli; fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cache=--no-answer-cache
[ -n "${ANSWER_CACHE:-}" ] && cache=
"$bin" serve --db "$db" --port "$port" $cache 2> target/bench-web-serve.log &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 300); do curl -sf "$base/api/health" > /dev/null && break; sleep 0.2; done
curl -sf "$base/api/stats"; echo

enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
first() { python3 -c 'import json, sys; d = json.load(sys.stdin); print(d["items"][0][sys.argv[1]])' "$1"; }
actor=$(curl -sf "$base/api/actors?q=$(enc 何雷)&limit=1" | first id || curl -sf "$base/api/actors?limit=1" | first id)
top=$(curl -sf "$base/api/actors?limit=1" | first id)
article=$(curl -sf "$base/api/articles?limit=1" | first id)

endpoints=(
  "/api/articles/$article"
  "/api/articles?limit=100"
  "/api/actors/$actor"
  "/api/actors/$top"
  "/api/actors?limit=100"
  "/api/events?actor=$(enc 何雷)"
  "/api/quotes?speaker=$(enc 何雷)"
  "/api/network"
  "/api/network?since=2023-10-28&until=2023-11-01&type=CONSULT,ACCUSE"
  "/api/timeline"
  "/api/timeline?actor=$top"
  "/api/search?q=$(enc 香山論壇)"
  "/api/search?q=$(enc 臂章)"
)
printf '%-70s %8s %8s %8s %9s\n' endpoint p50 p90 p99 'req/s(8c)'
for e in "${endpoints[@]}"; do
  if command -v wrk > /dev/null; then
    out=$(wrk -t1 -c1 -d4s --latency "$base$e")
    rps8=$(wrk -t2 -c8 -d2s "$base$e" | awk '/Requests\/sec/ {print $2}')
    pct() { awk -v p="$1" '$1 == p {print $2}' <<< "$out"; }
    printf '%-70s %8s %8s %8s %9s\n' "$e" "$(pct 50%)" "$(pct 90%)" "$(pct 99%)" "$rps8"
  else
    total=0
    for _ in $(seq 50); do
      t=$(curl -s -o /dev/null -w '%{time_total}' "$base$e"); total=$(python3 -c "print($total + $t)")
    done
    printf '%-70s %8s %8s\n' "$e" "-" "$(python3 -c "print(f'{$total / 50 * 1000:.1f}ms')") (mean, sequential)"
  fi
done
