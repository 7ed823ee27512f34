#!/usr/bin/env bash
# Training time on a Silver table of generated events (default 1,000,000 generator records), by
# step, against the local MLflow server (started if needed).
#   bench/training.sh [COUNT] [WARM_ROUNDS]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../bin/lib/java-launch.sh"
cd "$REPO_ROOT"
count="${1:-1000000}"
rounds="${2:-2}"
bin/services start mlflow >&2
work="$(mktemp -d "${TMPDIR:-/tmp}/training-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cp="$(module_classpath bench)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ); machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(java -version 2>&1 | head -1)"
java -Xmx10g "${JAVA17_MODULE_FLAGS[@]}" -cp "$cp" io.anomalypipe.bench.TrainingBenchmark \
  "$count" "$rounds" "$work" "${MLFLOW_TRACKING_URI:-http://127.0.0.1:${MLFLOW_PORT:-15000}}" \
  2> "$work/benchmark.log" || { tail -30 "$work/benchmark.log" >&2; exit 1; }
