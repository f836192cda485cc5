#!/usr/bin/env bash
# Benchmark of join: one cluster, and four clusters in one call against four calls of the
# Go kubefedctl, on the test control plane. Prints medians; asserts nothing.
# Usage: bench/join.sh [RUNS]   (default 5)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
runs=${1:-5}

cargo build --release --quiet
scripts/build-go-tools
ours=$root/target/release/kubefedctl
go=$root/target/tools/bin/kubefedctl

dir=$(mktemp -d "${TMPDIR:-/tmp}/kubefedctl-bench.XXXXXX")
target/tools/bin/testcp up --dir "$dir" --clusters 5 --kubefed </dev/null >"$dir.log" 2>&1 &
pid=$!
trap 'target/tools/bin/testcp down --dir "$dir" >/dev/null 2>&1 || true; wait $pid 2>/dev/null || true; rm -rf "$dir" "$dir.log"' EXIT
until [[ -f $dir/ready ]]; do
  kill -0 $pid 2>/dev/null || { cat "$dir.log"; exit 1; }
  sleep 0.5
done
export KUBECONFIG=$dir/kubeconfig
members=(cluster2 cluster3 cluster4 cluster5)

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

# Unjoin deletes the members' KubeFed namespace; wait until it is gone so that the next
# join measures a fresh member.
wait_namespace_gone() {
  local c=$1 server
  server=$(sed -n "/\"name\": \"$c\"/,/server/ s/.*\"server\": \"\(.*\)\".*/\1/p" "$dir/state.json")
  while [[ $(curl -s -o /dev/null -w '%{http_code}' --cacert "$dir/pki/$c/ca.crt" \
      --cert "$dir/pki/$c/admin.crt" --key "$dir/pki/$c/admin.key" \
      "$server/api/v1/namespaces/kube-federation-system") != 404 ]]; do
    sleep 0.2
  done
}
reset() {
  "$ours" unjoin "$@" --host-cluster-context cluster1 >/dev/null
  for c in "$@"; do wait_namespace_gone "$c"; done
}
measure() { # NAME COMMAND...: run once, print ms
  local start
  start=$(now_ms)
  "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
  echo $(( $(now_ms) - start ))
}
go_each() { for c in "$@"; do "$go" join "$c" --cluster-context "$c" --host-cluster-context cluster1; done; }

declare -A samples
for ((i = 0; i < runs; i++)); do
  samples[ours1]+="$(measure "$ours" join cluster2 --host-cluster-context cluster1) "; reset cluster2
  samples[go1]+="$(measure "$go" join cluster2 --cluster-context cluster2 --host-cluster-context cluster1) "; reset cluster2
  samples[ours4]+="$(measure "$ours" join "${members[@]}" --host-cluster-context cluster1) "; reset "${members[@]}"
  samples[go4]+="$(measure go_each "${members[@]}") "; reset "${members[@]}"
done

m() { tr ' ' '\n' <<<"${samples[$1]}" | grep . | median; }
ours1=$(m ours1) go1=$(m go1) ours4=$(m ours4) go4=$(m go4)
printf '\njoin benchmark, median of %d runs (ms)\n' "$runs"
printf '%-36s %8s %8s %8s\n' scenario ours go ours/go
row() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%-36s %8d %8d %8.2f\n", n, a, b, a / b }'; }
row "join 1 cluster" "$ours1" "$go1"
row "join 4 clusters (1 call vs 4 calls)" "$ours4" "$go4"
