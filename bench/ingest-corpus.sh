#!/usr/bin/env bash
# Corpus ingest benchmark (release build): both months of news (news-2310 + news-2311, 26,267
# files) into a fresh database on all cores. Prints the ingest summary, wall time, articles/s,
# peak memory (GNU time), the database size, then an idempotent rerun and search timings.
# Run from the repository root; ../shared must be beside it.
#
#   bench/ingest-corpus.sh [DB]      DB defaults to target/bench-ingest.db (deleted first)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared/corpus
[ -d "$shared" ] || { echo "bench: $shared is not beside the checkout" >&2; exit 2; }
cargo build --release -q -p jishi-cli
bin=target/release/jishi
db=${1:-target/bench-ingest.db}
rm -f "$db" "$db-wal" "$db-shm"

echo "== ingest news-2310 + news-2311 into a fresh $db"
/usr/bin/time -v "$bin" ingest --db "$db" "$shared/news-2310/" "$shared/news-2311/" \
  2> bench-ingest.err || true
grep -E '^jishi: [0-9]+ read|^jishi: .*articles \(' bench-ingest.err || true
grep -E 'Elapsed \(wall|Maximum resident' bench-ingest.err
echo "failed inputs: $(grep -cE '^jishi: .*/news-23.*: ' bench-ingest.err || true) (see bench-ingest.err)"
echo "database: $(du -h "$db" | cut -f1)"

echo "== rerun (nothing changed: nothing to analyse)"
/usr/bin/time -f "wall %e s, peak RSS %M KB" "$bin" ingest --db "$db" "$shared/news-2310/" \
  "$shared/news-2311/" 2>&1 | grep -vE '^jishi: .*/news-23.*: ' || true

echo "== search (trigram index over the simplified fold; two characters scan the folds)"
for q in 香山論壇 臂章 "中美两军" 何雷; do
  /usr/bin/time -f "search $q: %e s" "$bin" search --db "$db" --limit 20 --format csv "$q" > /dev/null || true
done
echo "== events of 何雷 or 张又侠"
"$bin" query events --db "$db" --actor 何雷 --format csv | cut -c1-200 | head -n 20
"$bin" query events --db "$db" --actor 张又侠 --format csv | cut -c1-200 | head -n 20
