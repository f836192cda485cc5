# Shared by the benchmark scripts: builds the tools, starts a test control plane that
# stops when the script exits, and small statistics helpers.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

ours=$root/target/release/kubefedctl
go=$root/target/tools/bin/kubefedctl

# build_tools [cargo args...]: the release binary (and any extra targets) and the Go tools.
build_tools() {
  cargo build --release --quiet --bin kubefedctl "$@"
  scripts/build-go-tools
}

# start_control_plane CLUSTERS: exports KUBECONFIG and sets $dir.
start_control_plane() {
  dir=$(mktemp -d "${TMPDIR:-/tmp}/kubefedctl-bench.XXXXXX")
  target/tools/bin/testcp up --dir "$dir" --clusters "$1" --kubefed </dev/null >"$dir.log" 2>&1 &
  cp_pid=$!
  trap 'target/tools/bin/testcp down --dir "$dir" >/dev/null 2>&1 || true; wait $cp_pid 2>/dev/null || true; rm -rf "$dir" "$dir.log"' EXIT
  until [[ -f $dir/ready ]]; do
    kill -0 $cp_pid 2>/dev/null || { cat "$dir.log"; exit 1; }
    sleep 0.5
  done
  export KUBECONFIG=$dir/kubeconfig
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# median of the whitespace-separated numbers in $1
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

# measure COMMAND...: runs it once under GNU time; prints "milliseconds peak-KiB".
measure() {
  local start end
  start=$(date +%s%N)
  /usr/bin/time -f %M -o "$dir/rss" "$@" >/dev/null 2>"$dir/err" || { cat "$dir/err" >&2; exit 1; }
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000000 )) $(tail -n1 "$dir/rss")"
}

# ratio A B: A / B with two decimals
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# time_ms COMMAND...: wall time of a command or shell function, in ms.
time_ms() {
  local start
  start=$(now_ms)
  "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
  echo $(( $(now_ms) - start ))
}
