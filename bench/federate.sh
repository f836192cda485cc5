#!/usr/bin/env bash
# Benchmark of federate: a namespace of COUNT objects (ConfigMaps, Secrets, Services,
# Deployments) federated to the host by ours, by the Go kubefedctl, and by the floor
# (the simplest concurrent client making the same writes, examples/bench_floor.rs).
# Prints median wall time and peak memory; asserts nothing.
# Usage: bench/federate.sh [COUNT] [RUNS]   (defaults 1000 and 3)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
count=${1:-1000}
runs=${2:-3}

cargo build --release --quiet --bin kubefedctl --example bench_floor
scripts/build-go-tools
ours=$root/target/release/kubefedctl
go=$root/target/tools/bin/kubefedctl
floor=$root/target/release/examples/bench_floor

dir=$(mktemp -d "${TMPDIR:-/tmp}/kubefedctl-bench.XXXXXX")
target/tools/bin/testcp up --dir "$dir" --clusters 1 --kubefed </dev/null >"$dir.log" 2>&1 &
pid=$!
trap 'target/tools/bin/testcp down --dir "$dir" >/dev/null 2>&1 || true; wait $pid 2>/dev/null || true; rm -rf "$dir" "$dir.log"' EXIT
until [[ -f $dir/ready ]]; do
  kill -0 $pid 2>/dev/null || { cat "$dir.log"; exit 1; }
  sleep 0.5
done
export KUBECONFIG=$dir/kubeconfig
"$ours" enable namespaces configmaps secrets services serviceaccounts deployments.apps \
  --host-cluster-context cluster1 >/dev/null

# Runs a command under GNU time; prints "milliseconds peak-KiB".
measure() {
  local start end rss
  start=$(date +%s%N)
  /usr/bin/time -f %M -o "$dir/rss" "$@" >/dev/null 2>"$dir/err" || { cat "$dir/err" >&2; exit 1; }
  end=$(date +%s%N)
  rss=$(tail -n1 "$dir/rss")
  echo "$(( (end - start) / 1000000 )) $rss"
}
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

declare -A ms kib
for ((i = 0; i < runs; i++)); do
  for tool in ours go floor; do
    ns=bench-$tool-$i
    "$floor" seed "$KUBECONFIG" cluster1 "$ns" "$count"
    case $tool in
      ours) read -r t m < <(measure "$ours" federate namespace "$ns" --contents --host-cluster-context cluster1) ;;
      go) read -r t m < <(measure "$go" federate namespace "$ns" --contents --host-cluster-context cluster1) ;;
      floor) read -r t m < <(measure "$floor" federate "$KUBECONFIG" cluster1 "$ns" "$count" 16) ;;
    esac
    ms[$tool]+="$t "
    kib[$tool]+="$m "
  done
done

m() { tr ' ' '\n' <<<"$1" | grep . | median; }
printf '\nfederate benchmark: namespace of %d objects, median of %d runs\n' "$count" "$runs"
printf '%-8s %10s %14s\n' tool ms peak-RSS-MiB
for tool in ours go floor; do
  printf '%-8s %10d %14.1f\n' "$tool" "$(m "${ms[$tool]}")" "$(awk -v k="$(m "${kib[$tool]}")" 'BEGIN{print k/1024}')"
done
awk -v o="$(m "${ms[ours]}")" -v g="$(m "${ms[go]}")" -v f="$(m "${ms[floor]}")" \
  'BEGIN { printf "ours/go %.2f   ours/floor %.2f\n", o / g, o / f }'
