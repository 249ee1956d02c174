#!/usr/bin/env bash
# Hostile inputs through the release `jishi extract`: wall time and peak memory (RSS) of each,
# measured with /usr/bin/time -v. The inputs are generated in a temporary directory, never kept.
#
#   cargo build --release -p jishi-cli && fuzz/bench-limits.sh
#   LINE_BYTES=5000000 fuzz/bench-limits.sh      the long-line case at 5 MB (minutes: see
#                                                RELIABILITY.md for where the time goes)
#
# Per-stage times of a long line:
#   cargo run --release -p jishi-pipeline --example stage_times -- --line 1000000
set -uo pipefail
cd "$(dirname "$0")/.."
jishi=${JISHI:-target/release/jishi}
[ -x "$jishi" ] || { echo "bench-limits: build $jishi first (cargo build --release -p jishi-cli)" >&2; exit 2; }
line_bytes=${LINE_BYTES:-1000000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
para='国防部长张又侠30日在北京会见老挝国防部长占沙蒙。他说：“两军合作不断深化，双方愿意继续加强交流。”占沙蒙表示，老方感谢中方的支持。据新华社报道，双方还就地区安全形势交换了意见，并同意明年举行联合演习。美国国务院发言人米勒10月31日对记者说，华盛顿密切关注有关动向。她表示，'

# case name, then the command's arguments (after `jishi extract --format jsonl`); stdin from $tmp/stdin
run() {
  local name=$1; shift
  /usr/bin/time -v -o "$tmp/time.txt" timeout "${TIMEOUT:-900}" "$jishi" extract --format jsonl "$@" \
    < "${STDIN:-/dev/null}" > "$tmp/out.jsonl" 2> "$tmp/err.txt"
  local secs rss code
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$tmp/time.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/time.txt")
  code=$(awk -F': ' '/Exit status/ {print $2}' "$tmp/time.txt")
  printf '%-36s %9s %6s MB  exit %s  %5s records  %s\n' "$name" "$secs" "$((rss / 1024))" "$code" \
    "$(wc -l < "$tmp/out.jsonl")" "$(head -n 1 "$tmp/err.txt" | sed "s|$tmp/||" | cut -c1-90)"
}

printf '%-36s %9s %9s\n' "case" "wall" "peak RSS"
printf '%s' "$para" > "$tmp/small.txt"
run "one small article (baseline)" "$tmp/small.txt"
truncate -s 200M "$tmp/huge.txt"
run "200 MB file (refused by size)" "$tmp/huge.txt"
head -c 200M /dev/urandom > "$tmp/stdin"
STDIN=$tmp/stdin run "200 MB on standard input" -
head -c 60M /dev/zero | tr '\0' 'x' > "$tmp/60m.txt"
run "60 MB file, --max-bytes 100000000" --max-bytes 100000000 "$tmp/60m.txt"
# cut at a byte count: the last character may be cut in half, as in a truncated download
yes "$para" | tr -d '\n' | head -c "$line_bytes" > "$tmp/line.txt"
run "one line of $line_bytes bytes" "$tmp/line.txt"
{ printf '<html><body>'; yes '<div><span>' | head -n 500000 | tr -d '\n'; printf '<p>%s</p></body></html>' "$para"; } > "$tmp/nested.html"
run "HTML nested 1 000 000 deep (6 MB)" "$tmp/nested.html"
for i in $(seq 1 2000); do
  printf '{"url":"https://x/%d","text":"%s"}\n' "$i" "$para"
  printf '{"url": not json %d\n' "$i"
done > "$tmp/feed.jsonl"
run "JSON Lines, 2000 good + 2000 bad" "$tmp/feed.jsonl"
