#!/usr/bin/env bash
# Benchmark of federate: a namespace of COUNT objects (ConfigMaps, Secrets, Services,
# Deployments) federated to the host by ours, by the Go kubefedctl, and by the floor
# (the simplest concurrent client making the same writes, examples/bench_floor.rs).
# Prints median wall time and peak memory; asserts nothing.
# Usage: bench/federate.sh [COUNT] [RUNS]   (defaults 1000 and 3)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
count=${1:-1000}
runs=${2:-3}
floor=$root/target/release/examples/bench_floor

build_tools --example bench_floor
start_control_plane 1
"$ours" enable namespaces configmaps secrets services serviceaccounts deployments.apps \
  --host-cluster-context cluster1 >/dev/null

declare -A ms kib
for ((i = 0; i < runs; i++)); do
  for tool in ours go floor; do
    ns=bench-$tool-$i
    "$floor" seed "$KUBECONFIG" cluster1 "$ns" "$count"
    case $tool in
      ours | go)
        read -r t m < <(measure "${!tool}" federate namespace "$ns" --contents --host-cluster-context cluster1) ;;
      floor) read -r t m < <(measure "$floor" federate "$KUBECONFIG" cluster1 "$ns" "$count" 16) ;;
    esac
    ms[$tool]+="$t "
    kib[$tool]+="$m "
  done
done

printf '\nfederate benchmark: namespace of %d objects, median of %d runs\n' "$count" "$runs"
printf '%-8s %10s %14s\n' tool ms peak-RSS-MiB
for tool in ours go floor; do
  printf '%-8s %10d %14s\n' "$tool" "$(median "${ms[$tool]}")" "$(ratio "$(median "${kib[$tool]}")" 1024)"
done
printf 'ours/go %s   ours/floor %s   memory ours/go %s\n' \
  "$(ratio "$(median "${ms[ours]}")" "$(median "${ms[go]}")")" \
  "$(ratio "$(median "${ms[ours]}")" "$(median "${ms[floor]}")")" \
  "$(ratio "$(median "${kib[ours]}")" "$(median "${kib[go]}")")"
