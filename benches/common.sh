# Sourced by the benchmark scripts (from the repository root): checks GNU time,
# builds the release binary into $bin, makes a temp dir $out removed on exit, and
# describes the machine.
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install -y time" >&2; exit 1; }
cargo build --release --quiet
bin=target/release/skillmine
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

machine() {
  echo "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
}

# User + system CPU seconds from a `/usr/bin/time -v` report (threads beyond the
# workers — skillmine's reader with two threads or more, Python's none — show here,
# not in the wall time).
cpu_seconds() {
  awk -F': ' '/User time \(seconds\)/ {u=$2} /System time \(seconds\)/ {s=$2} END {printf "%.2f", u+s}' "$1"
}
