#!/usr/bin/env bash
# Times `skillmine run` end to end on the livecareer dump in ../shared/data, at 1 and
# 2 threads, and reports wall time, MB/s, resumes/s and peak RSS (GNU time -v).
# Usage: benches/run-livecareer.sh [RUNS]     (from the repository root)
set -euo pipefail
runs=${1:-3}
dump=../shared/data/livecareer_resumes/resumes.csv
[ -f "$dump" ] || { echo "missing $dump (the shared data sits beside the repository)" >&2; exit 1; }
source benches/common.sh
bytes=$(stat -c %s "$dump")
echo "machine: $(machine)"
echo "date: $(date -u +%F)  input: $dump ($bytes bytes)"
for threads in 1 2; do
  best=""
  for _ in $(seq "$runs"); do
    /usr/bin/time -v "$bin" run "$dump" --id-field ID --occupation-field Category --text-field Resume_str \
      --out "$out" --threads "$threads" --quiet 2> "$out/time.txt"
    wall=$(python3 -c "import json;print(json.load(open('$out/manifest.json'))['elapsed_seconds'])")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/time.txt")
    resumes=$(python3 -c "import json;print(json.load(open('$out/manifest.json'))['records']['accepted'])")
    if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if $wall < $best else 1)"; then
      best=$wall; best_rss=$rss
    fi
  done
  python3 - "$threads" "$best" "$bytes" "$resumes" "$best_rss" <<'PY'
import sys
threads, wall, size, resumes, rss = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
print(f"threads={threads} wall={wall:.3f}s  {size/1e6/wall:.1f} MB/s  {resumes/wall:.0f} resumes/s  peak RSS {rss/1024:.0f} MiB")
PY
done
