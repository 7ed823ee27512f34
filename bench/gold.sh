#!/usr/bin/env bash
# Gold benchmark (docs/BENCHMARKS.md): the Gold job beside a minimal Spark read-Silver/write-Delta
# copy of the same rows and beside the floor under any Gold job (the same read appended to both Gold
# tables, nothing computed), cold then WARM_ROUNDS warm rounds, in one JVM (GoldThroughputBenchmark).
# Input: the Silver table and the registered champion that bin/demo left in .run (run
# `bin/demo --generator.count 1000000` first for the 1M-row figure).
#   bench/gold.sh [WARM_ROUNDS] [MODEL_URI]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../bin/lib/java-launch.sh"
cd "$REPO_ROOT"
rounds="${1:-2}"
model="${2:-models:/anomaly-pipeline-isolation-forest@champion}"
silver="$REPO_ROOT/.run/tables/silver_events"
[ -d "$silver/_delta_log" ] || { echo "no Silver table at $silver: run bin/demo first" >&2; exit 1; }
bin/services start mlflow >&2
work="$(mktemp -d "$REPO_ROOT/.run/gold-bench.XXXXXX")"   # same filesystem: hard links
trap 'rm -rf "$work"' EXIT
cp="$(module_classpath bench)"
echo "## Gold benchmark $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "command: bench/gold.sh $*"
java -Xmx6g "${JAVA17_MODULE_FLAGS[@]}" -cp "$cp" io.anomalypipe.bench.GoldThroughputBenchmark \
  "$silver" "$model" "$work" "$rounds" "${MLFLOW_TRACKING_URI:-http://127.0.0.1:${MLFLOW_PORT:-15000}}" \
  2> >(tee "$work/../gold-bench.log" | grep --line-buffered -E "^round" >&2)
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
