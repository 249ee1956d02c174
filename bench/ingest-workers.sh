#!/usr/bin/env bash
# Distributed ingest benchmark (release build): both months of news (news-2310 + news-2311,
# 26,267 files) queued in a fresh PostgreSQL database, then ingested by 1, 2 and 4
# `jishi ingest --worker` processes started together (one analysis thread each: one worker per
# core is the unit that scales across machines). Prints, per run, the queueing time, the wall
# time until the last worker is out (linking included), articles/s, and the corpus counts, which
# must be the same for every run.
#
#   JISHI_BENCH_PG=postgres://postgres@127.0.0.1:5432/postgres bench/ingest-workers.sh [N...]
#
# JISHI_BENCH_PG is a database of a server whose role may CREATE DATABASE (jishi_bench_N are
# dropped and made anew); N defaults to "1 2 4". EVERY=K takes every K-th file only (a quicker
# look). JISHI_BIN=path runs that binary instead of building one. Run from the repository root;
# ../shared must be beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared/corpus
[ -d "$shared" ] || { echo "bench: $shared is not beside the checkout" >&2; exit 2; }
: "${JISHI_BENCH_PG:?set JISHI_BENCH_PG=postgres://user@host:port/postgres}"
every=${EVERY:-1}
bin=${JISHI_BIN:-target/release/jishi}
[ -n "${JISHI_BIN:-}" ] || cargo build --release -q -p jishi-cli
out=target/bench-workers
mkdir -p "$out"
find "$shared/news-2310" "$shared/news-2311" -type f | sort | awk -v k="$every" 'NR % k == 0' > "$out/files.txt"
echo "inputs: $(wc -l < "$out/files.txt") files; machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
base=${JISHI_BENCH_PG%/*}
for n in ${@:-1 2 4}; do
  db="jishi_bench_$n"
  psql -q "$JISHI_BENCH_PG" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  url="$base/$db"
  t0=$(date +%s.%N)
  xargs -d '\n' -a "$out/files.txt" "$bin" ingest --db "$url" --enqueue 2> "$out/enqueue-$n.err"
  t1=$(date +%s.%N)
  pids=()
  for i in $(seq 1 "$n"); do
    "$bin" ingest --db "$url" --worker --jobs 1 2> "$out/worker-$n-$i.err" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || true; done
  t2=$(date +%s.%N)
  articles=$(psql -tA "$url" -c "SELECT count(*) FROM articles")
  read_total=$(cat "$out"/worker-"$n"-*.err | sed -n 's/.* worker [^ ]*: \([0-9]*\) read.*/\1/p' | paste -sd+ | bc)
  printf '%d worker(s): queued in %.1f s; ingested %s inputs'"'"' articles (%s stored) in %.1f s = %.1f articles/s\n' \
    "$n" "$(echo "$t1 - $t0" | bc)" "$read_total" "$articles" "$(echo "$t2 - $t1" | bc)" "$(echo "$read_total / ($t2 - $t1)" | bc -l)"
  grep -h "queue:" "$out"/worker-"$n"-*.err | grep -v "linked by another" | sed 's/^/  /'
done
