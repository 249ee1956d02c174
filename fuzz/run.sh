#!/usr/bin/env bash
# Fuzz every target for a fixed time each, with the stable toolchain (RUSTC_BOOTSTRAP=1).
#
#   fuzz/run.sh                 one minute a target (7 targets: about 8 minutes with the build)
#   fuzz/run.sh 3600            an hour a target
#   TARGETS="html extract" fuzz/run.sh 600
#   FUZZ_SANITIZER=address fuzz/run.sh 60    with AddressSanitizer (default: none, 2-3x faster;
#                                            the code under test is safe Rust)
#
# Targets: decode (encoding detection), read (detection + the reader it picks), markdown, jekyll,
# html, jsonl (each reader forced on any input), extract (the whole pipeline and the record).
#
# Seeds: fuzz/seeds/ plus a few real articles from ../shared/corpus when it sits beside the
# checkout, copied into the untracked fuzz/corpus/<target>/ (never committed); the corpus grows
# across runs, so a long run picks up where the last one stopped. A crash stops that target,
# leaves its input in fuzz/artifacts/<target>/ and makes the script exit 1 after the others ran:
# reproduce with `cargo fuzz run <target> <file>`, fix it, and keep the input as a regression test
# (crates/read/tests/regressions/ for a reader, crates/pipeline/tests/regressions/ for a stage).
set -uo pipefail
cd "$(dirname "$0")"
secs=${1:-60}
targets=${TARGETS:-decode read markdown jekyll html jsonl extract}
sanitizer=${FUZZ_SANITIZER:-none}
export RUSTC_BOOTSTRAP=1
if ! command -v cargo-fuzz >/dev/null; then
  echo "fuzz/run.sh: cargo-fuzz is not installed (cargo install cargo-fuzz)" >&2
  exit 2
fi
# the machine is shared: fuzz at low priority
build=(nice -n 10 cargo fuzz build -O --debug-assertions --sanitizer "$sanitizer")
"${build[@]}" || exit 2

shared=../../shared/corpus
seed() { # seed <target>: fixtures and every 1000th corpus article, JSON Lines for jsonl
  local dir=corpus/$1
  mkdir -p "$dir"
  install -m 644 seeds/* "$dir/"
  [ -d "$shared/news-2310" ] || return 0
  local picked
  picked=$(find "$shared/news-2310" "$shared/news-2311" "$shared/dev" -type f | sort | awk 'NR % 1000 == 1')
  if [ "$1" = jsonl ]; then
    command -v python3 >/dev/null || return 0
    # each article as a JSON line (what a feed would give), five to a seed
    echo "$picked" | python3 -c '
import json, sys, hashlib
paths = [p for p in sys.stdin.read().split("\n") if p]
for i in range(0, len(paths), 5):
    lines = []
    for p in paths[i:i + 5]:
        body = open(p, encoding="utf-8", errors="replace").read()
        lines.append(json.dumps({"title": p.rsplit("/", 1)[-1], "url": "https://x/" + str(i), "html": body}, ensure_ascii=False))
    data = "\n".join(lines) + "\n"
    name = "seed-" + hashlib.md5(data.encode()).hexdigest()[:12]
    open(sys.argv[1] + "/" + name, "w", encoding="utf-8").write(data)
' "$dir"
  else
    echo "$picked" | while read -r f; do
      install -m 644 "$f" "$dir/seed-$(printf '%s' "$f" | md5sum | cut -c1-12)"
    done
  fi
}

failed=()
mkdir -p logs
for target in $targets; do
  seed "$target"
  mkdir -p "artifacts/$target"
  echo "== $target: ${secs}s" >&2
  # -rss_limit_mb keeps memory bounded (a leak or blow-up is a crash); -max_len lets whole
  # articles through; -timeout makes an input that takes 20 s a crash (a hang)
  if ! nice -n 10 cargo fuzz run -O --debug-assertions --sanitizer "$sanitizer" "$target" \
      "corpus/$target" -- -dict=dict/read.dict -max_total_time="$secs" -max_len=65536 \
      -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 -artifact_prefix="artifacts/$target/" \
      2> >(tee "logs/$target.log" | grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|==[0-9]+== ERROR|SUMMARY|thread .* panicked|Test unit written)' >&2); then
    failed+=("$target")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz/run.sh: crashes in: ${failed[*]} (inputs in fuzz/artifacts/, logs in fuzz/logs/)" >&2
  exit 1
fi
echo "fuzz/run.sh: no crash in $targets (${secs}s each)" >&2
