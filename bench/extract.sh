#!/usr/bin/env bash
# Extraction benchmarks (release build). Run from the repository root; ../shared must be beside it.
#
#   bench/extract.sh corpus       every file of news-2310 on all cores: errors, time, MB/s
#   bench/extract.sh throughput   a fixed set of 1,000 corpus articles on ONE core: MB/s of the
#                                 records' text over wall time, reading included
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared/corpus
[ -d "$shared" ] || { echo "bench: $shared is not beside the checkout" >&2; exit 2; }
cargo build --release -q -p jishi-cli -p jishi-record --examples
bin=target/release/jishi
case "${1:-corpus}" in
  corpus)
    /usr/bin/time -f "wall %e s, peak RSS %M KB" \
      "$bin" extract --format jsonl --stats "$shared/news-2310/" > bench-extract.jsonl 2> bench-extract.err || true
    grep -v '^jishi: .*: no body text$' bench-extract.err | tail -n 5
    echo "inputs without body text: $(grep -c ': no body text$' bench-extract.err || true)"
    # every record against the JSON Schema of document/1
    target/release/examples/validate < bench-extract.jsonl
    ;;
  throughput)
    # every 13th file of October, the first 1,000: a fixed, outlet-mixed sample
    ls "$shared/news-2310/" | sort | awk 'NR % 13 == 0 && ++n <= 1000' | sed "s|^|$shared/news-2310/|" > bench-sample.txt
    "$bin" extract --format jsonl --stats --jobs 1 --files-from bench-sample.txt > /dev/null 2> bench-throughput.err || true
    tail -n 1 bench-throughput.err
    ;;
  *) echo "usage: bench/extract.sh corpus|throughput" >&2; exit 2 ;;
esac
