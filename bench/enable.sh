#!/usr/bin/env bash
# Benchmark of enable: the 11 default types in one call against 11 calls of the Go
# kubefedctl, and against 11 calls of ours. Prints medians; asserts nothing.
# Usage: bench/enable.sh [RUNS]   (default 5)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
runs=${1:-5}
types=(namespaces clusterroles.rbac.authorization.k8s.io clusterrolebindings.rbac.authorization.k8s.io
  serviceaccounts secrets configmaps services ingresses.networking.k8s.io replicasets.apps jobs.batch deployments.apps)

build_tools
start_control_plane 1
host=(--host-cluster-context cluster1)
disable_all() { "$ours" disable "${types[@]}" --delete-crd --yes "${host[@]}" >/dev/null 2>&1 || true; }
each() { local tool=$1; for t in "${types[@]}"; do "$tool" enable "$t" "${host[@]}"; done; }

one=() go_each=() ours_each=()
for ((i = 0; i < runs; i++)); do
  disable_all; one+=("$(time_ms "$ours" enable "${types[@]}" "${host[@]}")")
  disable_all; go_each+=("$(time_ms each "$go")")
  disable_all; ours_each+=("$(time_ms each "$ours")")
done
o=$(median "${one[*]}") g=$(median "${go_each[*]}") e=$(median "${ours_each[*]}")
printf '\nenable benchmark: the 11 default types, median of %d runs (ms)\n' "$runs"
printf '%-34s %8s\n' "ours, one call" "$o"
printf '%-34s %8s\n' "ours, 11 calls" "$e"
printf '%-34s %8s\n' "go, 11 calls" "$g"
printf 'ours one call / go: %s   ours 11 calls / go: %s\n' "$(ratio "$o" "$g")" "$(ratio "$e" "$g")"
