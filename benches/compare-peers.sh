#!/usr/bin/env bash
# The benchmark against the tools analysts use today. Same job for everyone: find
# the big lexicon's phrases in each resume (case-insensitive, whole words) and count
# distinct resumes per (occupation, entry).
#   1. builds a corpus of MB megabytes by cycling the livecareer dump (benches/make-corpus.py)
#   2. builds the big lexicon from ../shared/data (scripts/lexicon_import.py big)
#   3. times `skillmine run` at 1 and 2 threads (wall, MB/s, resumes/s, peak RSS via
#      GNU time) — the full run, every table — and, for the same job as the peers,
#      `skillmine run --only skills`
#   4. runs the flashtext and pyahocorasick peers (benches/peers/, installed with pip
#      into target/bench/venv) on the same corpus and lexicon, and prints the ratios.
# Every configuration runs REPEAT times (default 3), interleaved with the others so
# that a slow spell of a shared machine hits all of them; the table shows the median
# wall time (and the fastest and slowest), the largest peak RSS, the median CPU
# seconds (user + system of the whole process: with two threads or more, skillmine's
# reader thread shows here).
# Usage: [REPEAT=n] benches/compare-peers.sh [MB]      (from the repository root; default 200)
set -euo pipefail
mb=${1:-200}
bench=target/bench
mkdir -p "$bench"
source benches/common.sh
corpus=$bench/lc$mb.jsonl
[ -f "$corpus" ] || python3 benches/make-corpus.py "$mb" "$corpus" > /dev/null
[ -f target/big-lexicon/big.tsv ] || python3 scripts/lexicon_import.py big --out target/big-lexicon
if [ ! -x "$bench/venv/bin/python" ]; then
  python3 -m venv "$bench/venv"
  "$bench/venv/bin/pip" install -q flashtext==2.7 pyahocorasick==2.3.1
fi
bytes=$(stat -c %s "$corpus")
echo "date: $(date -u +%F)  machine: $(machine)"
echo "corpus: $corpus ($bytes bytes); lexicon: target/big-lexicon ($(grep -vc '^#' target/big-lexicon/big.tsv) lines)"
results=$out/results.tsv
: > "$results"
for _ in $(seq "${REPEAT:-3}"); do
for mode in full skills; do
  for threads in 1 2; do
    extra=()
    [ "$mode" = skills ] && extra=(--only skills)
    /usr/bin/time -v "$bin" run "$corpus" --lexicons target/big-lexicon --out "$out/run" \
      --threads "$threads" --quiet "${extra[@]}" 2> "$out/time.txt"
    wall=$(python3 -c "import json;print(json.load(open('$out/run/manifest.json'))['elapsed_seconds'])")
    lexicon=$(python3 -c "import json;print(json.load(open('$out/run/manifest.json'))['lexicon_seconds'])")
    resumes=$(python3 -c "import json;print(json.load(open('$out/run/manifest.json'))['records']['accepted'])")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/time.txt")
    printf "skillmine run (%s)\t%s\t%s\t%s\t%s\t%s\t%s\n" "$mode" "$threads" "$wall" "$resumes" "$rss" "$lexicon" "$(cpu_seconds "$out/time.txt")" >> "$results"
  done
done
for peer in flashtext pyahocorasick; do
  /usr/bin/time -v "$bench/venv/bin/python" "benches/peers/${peer}_peer.py" target/big-lexicon/big.tsv "$corpus" \
    > "$out/peer.json" 2> "$out/time.txt"
  wall=$(python3 -c "import json;print(json.load(open('$out/peer.json'))['wall_seconds'])")
  build=$(python3 -c "import json;print(json.load(open('$out/peer.json'))['build_seconds'])")
  resumes=$(python3 -c "import json;print(json.load(open('$out/peer.json'))['resumes'])")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/time.txt")
  printf "%s\t1\t%s\t%s\t%s\t%s\t%s\n" "$peer" "$wall" "$resumes" "$rss" "$build" "$(cpu_seconds "$out/time.txt")" >> "$results"
done
done
python3 - "$results" "$bytes" <<'PY'
import statistics
import sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
size = int(sys.argv[2])
runs = {}
for tool, threads, wall, resumes, rss, build, cpu in rows:
    runs.setdefault((tool, int(threads)), []).append(
        (float(wall), int(resumes), int(rss), float(build), float(cpu)))
speed = {}
print("| tool | threads | wall s (median; min–max) | MB/s | MB/s per thread | resumes/s | peak RSS | lexicon build s | CPU s | MB per CPU s |")
print("|---|---|---|---|---|---|---|---|---|---|")
for (tool, threads), measured in runs.items():
    walls = [m[0] for m in measured]
    wall = statistics.median(walls)
    cpu = statistics.median(m[4] for m in measured)
    build = statistics.median(m[3] for m in measured)
    rss = max(m[2] for m in measured)
    resumes = measured[0][1]
    mbs = size / 1e6 / wall
    speed[(tool, threads)] = mbs
    print(f"| {tool} | {threads} | {wall:.2f} ({min(walls):.2f}–{max(walls):.2f}) | {mbs:.1f} | {mbs / threads:.1f} | {resumes / wall:,.0f} | {rss / 1024:.0f} MiB | {build:.2f} | {cpu:.2f} | {size / 1e6 / cpu:.1f} |")
print(f"\n{len(walls)} runs of each, interleaved; ratios from the medians.")
flash, pyac = speed[("flashtext", 1)], speed[("pyahocorasick", 1)]
for mode in ["full", "skills"]:
    one, two = speed[(f"skillmine run ({mode})", 1)], speed[(f"skillmine run ({mode})", 2)]
    print(f"\nskillmine run ({mode}): 1→2 threads {two / one:.2f}×; per thread {one:.1f} MB/s; "
          f"vs flashtext {one / flash:.1f}× (1 thread) {two / flash:.1f}× (2 threads); "
          f"vs pyahocorasick {one / pyac:.1f}× (1 thread) {two / pyac:.1f}× (2 threads)")
PY
