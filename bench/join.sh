#!/usr/bin/env bash
# Benchmark of join: one cluster, and four clusters in one call against four calls of the
# Go kubefedctl, on the test control plane. Prints medians; asserts nothing.
# Usage: bench/join.sh [RUNS]   (default 5)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
runs=${1:-5}

build_tools
start_control_plane 5
members=(cluster2 cluster3 cluster4 cluster5)
host=(--host-cluster-context cluster1)

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
  "$ours" unjoin "$@" "${host[@]}" >/dev/null
  for c in "$@"; do wait_namespace_gone "$c"; done
}
go_each() { for c in "$@"; do "$go" join "$c" --cluster-context "$c" "${host[@]}"; done; }

ours1=() go1=() ours4=() go4=()
for ((i = 0; i < runs; i++)); do
  ours1+=("$(time_ms "$ours" join cluster2 "${host[@]}")"); reset cluster2
  go1+=("$(time_ms "$go" join cluster2 --cluster-context cluster2 "${host[@]}")"); reset cluster2
  ours4+=("$(time_ms "$ours" join "${members[@]}" "${host[@]}")"); reset "${members[@]}"
  go4+=("$(time_ms go_each "${members[@]}")"); reset "${members[@]}"
done

o1=$(median "${ours1[*]}") g1=$(median "${go1[*]}") o4=$(median "${ours4[*]}") g4=$(median "${go4[*]}")
printf '\njoin benchmark, median of %d runs (ms)\n' "$runs"
printf '%-36s %8s %8s %8s\n' scenario ours go ours/go
printf '%-36s %8d %8d %8s\n' "join 1 cluster" "$o1" "$g1" "$(ratio "$o1" "$g1")"
printf '%-36s %8d %8d %8s\n' "join 4 clusters (1 call vs 4 calls)" "$o4" "$g4" "$(ratio "$o4" "$g4")"
