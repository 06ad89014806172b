#!/usr/bin/env bash
# A real distributed run on a single-node Slurm cluster started on this machine:
# `skillmine run --shard $SLURM_ARRAY_TASK_ID/N` as a job array, then `skillmine merge`
# as a job depending on it; the merged tables are compared with a single run's.
#
# Usage (from the repository root, as root or with sudo for the package install):
#   scripts/slurm-local.sh [-n N] [-o OUT_DIR] [-- RUN_ARGS...]
# Default RUN_ARGS: corpus-samples --min-count 1. Example on the livecareer dump:
#   scripts/slurm-local.sh -n 4 -o target/slurm-lc -- ../shared/data/livecareer_resumes/resumes.csv \
#       --id-field ID --occupation-field Category --text-field Resume_str
#
# Everything the cluster needs lives in a temporary directory: a fresh munge key and
# socket, slurm.conf (loopback, ports 16817/16818, no accounting, no cgroups), state,
# spool and logs. The daemons it starts (munged, slurmctld, slurmd) are stopped on
# exit, whatever happens. Exit status: 0 when the merged output equals the single
# run's, 1 when it differs or a job failed, 2 when Slurm cannot be set up here.
set -euo pipefail

shards=3
out=target/slurm-local
while getopts "n:o:h" opt; do
  case $opt in
    n) shards=$OPTARG ;;
    o) out=$OPTARG ;;
    *) sed -n '2,17p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ "${1:-}" = "--" ] && shift
if [ $# -eq 0 ]; then
  set -- corpus-samples --min-count 1
fi
run_args=("$@")

need_install=()
for tool in slurmctld slurmd munged sbatch; do
  command -v "$tool" > /dev/null || need_install=(slurm-wlm munge)
done
if [ ${#need_install[@]} -gt 0 ]; then
  echo "installing ${need_install[*]} (Debian packages)" >&2
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_install[@]}"; } > /dev/null; then
    echo "SKIPPED: Slurm cannot be installed here (apt-get failed; needs root and Debian's repositories)" >&2
    exit 2
  fi
fi

# SKILLMINE_BIN: a binary already built (CI passes the one `cargo test --release`
# built, which avoids a second build of the dependencies with other features).
if [ -n "${SKILLMINE_BIN:-}" ]; then
  bin=$(cd "$(dirname "$SKILLMINE_BIN")" && pwd)/$(basename "$SKILLMINE_BIN")
else
  cargo build --release --quiet
  bin=$(pwd)/target/release/skillmine
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -rf "$out/partials" "$out/merged" "$out/single" "$out/logs"
mkdir -p "$out/partials" "$out/logs"

tmp=$(mktemp -d -t skillmine-slurm.XXXXXX)
chmod 755 "$tmp"
node=$(hostname -s)
cpus=$(nproc)
memory_mb=$(awk '/MemTotal/ {printf "%d", $2 / 1024 * 0.9}' /proc/meminfo)

stop() {
  for pidfile in slurmd.pid slurmctld.pid munged.pid; do
    if [ -f "$tmp/$pidfile" ]; then
      kill "$(cat "$tmp/$pidfile")" 2> /dev/null || true
    fi
  done
  sleep 1
  rm -rf "$tmp"
}
trap stop EXIT

# munge: its own key, socket and logs.
dd if=/dev/urandom of="$tmp/munge.key" bs=1024 count=1 status=none
chmod 400 "$tmp/munge.key"
munged --force --key-file="$tmp/munge.key" --socket="$tmp/munge.socket" \
  --pid-file="$tmp/munged.pid" --log-file="$tmp/munged.log" --seed-file="$tmp/munge.seed"

mkdir -p "$tmp/state" "$tmp/spool"
cat > "$tmp/slurm.conf" <<EOF
ClusterName=skillmine-local
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$tmp/munge.socket
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
ReturnToService=2
MinJobAge=600
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory_mb State=UNKNOWN
PartitionName=local Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$tmp/slurm.conf

slurmctld -f "$tmp/slurm.conf"
slurmd -f "$tmp/slurm.conf" -N "$node"
for _ in $(seq 60); do
  state=$(sinfo -h -N -o %t 2> /dev/null || true)
  [ "$state" = "idle" ] && break
  sleep 1
done
if [ "$state" != "idle" ]; then
  echo "SKIPPED: the local Slurm node did not come up (state: ${state:-none}); logs:" >&2
  tail -5 "$tmp/slurmctld.log" "$tmp/slurmd.log" >&2 || true
  exit 2
fi
echo "cluster up: node $node, $cpus CPUs ($(sinfo --version))"

quote() { printf '%q ' "$@"; }
# The options merge shares with run: the smallest cell, the pairs, the lexicon.
merge_args=()
for ((i = 0; i < ${#run_args[@]}; i++)); do
  case ${run_args[i]} in
    --min-count|--pairs|--lexicons) merge_args+=("${run_args[i]}" "${run_args[i + 1]}") ;;
    --min-count=*|--pairs=*|--lexicons=*) merge_args+=("${run_args[i]}") ;;
  esac
done
array=$(sbatch --parsable --job-name=skillmine-shard --array=0-$((shards - 1)) \
  --cpus-per-task=1 --chdir="$(pwd)" --output="$out/logs/shard-%a.log" \
  --wrap "$(quote "$bin" run "${run_args[@]}") --quiet --threads 1 --shard \$SLURM_ARRAY_TASK_ID/$shards --out $out/partials/\$SLURM_ARRAY_TASK_ID")
merge_job=$(sbatch --parsable --job-name=skillmine-merge --dependency=afterok:"$array" \
  --chdir="$(pwd)" --output="$out/logs/merge.log" \
  --wrap "$(quote "$bin" merge "${merge_args[@]}") --quiet --out $out/merged $out/partials/*")
echo "submitted job array $array (${shards} shards) and merge job $merge_job (afterok)"

for _ in $(seq 3600); do
  [ -z "$(squeue -h -j "$array,$merge_job" 2> /dev/null)" ] && break
  sleep 1
done
failed=0
for job in "$array" "$merge_job"; do
  states=$(scontrol show job "$job" 2> /dev/null | grep -o 'JobState=[A-Z_]*' | sort | uniq -c | tr -s ' ' | tr '\n' ';')
  echo "job $job: $states"
  case $states in *COMPLETED*) ;; *) failed=1 ;; esac
  case $states in *FAILED*|*CANCELLED*|*TIMEOUT*|*DEPENDENCY*) failed=1 ;; esac
done
if [ $failed -ne 0 ] || [ ! -f "$out/merged/manifest.json" ]; then
  echo "a job failed; logs in $out/logs" >&2
  exit 1
fi

"$bin" run "${run_args[@]}" --quiet --out "$out/single"
differ=0
for file in "$out"/single/*.csv "$out"/single/occupations/*.json; do
  merged=${file/\/single\//\/merged\/}
  if ! cmp -s "$file" "$merged"; then
    echo "DIFFERS: ${file#"$out"/single/}" >&2
    differ=1
  fi
done
tables=$(ls "$out"/single/*.csv | wc -l)
documents=$(ls "$out"/single/occupations/*.json 2> /dev/null | wc -l)
if [ $differ -eq 0 ]; then
  echo "OK: the Slurm run ($shards shards + merge) equals the single run: $tables CSV tables and $documents documents byte-identical ($out/merged vs $out/single)"
else
  exit 1
fi
