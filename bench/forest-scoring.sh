#!/usr/bin/env bash
# Isolation Forest scoring speed, one thread, side by side in one run (docs/BENCHMARKS.md):
#   1. the feature matrix: 1,000,000 generated events through the project's features
#      (EventFeatures, Spark local[2]); kept in .run/bench and reused, --fresh makes it again;
#   2. scikit-learn IsolationForest(n_estimators=100, max_samples=256, n_jobs=1): fit, then
#      score_samples on all rows, 5 times (venv .run/bench-venv, made here, versions pinned);
#   3. JMH, 2 forks: our forest (project's trainer, 100 trees, psi=256, through ForestCodec) scored
#      by CompiledForest.scoreBlock and row by row, and by Smile 3.1.1 on the same trees;
#   4. the same three in thread CPU time (ForestScoringCpuTime), as scikit-learn's CPU time is
#      taken too: on a shared machine CPU time tells better what one core does;
#   5. scikit-learn timed again (the machine's load drifts), then the table and the ROC AUCs.
# Builds with the Maven reactor (package, never install). MAVEN_OFFLINE=1 adds -o.
# Usage: bench/forest-scoring.sh [--fresh] [extra JMH arguments, e.g. -f 1 -wi 1 -i 2]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../bin/lib/java-launch.sh"
cd "$REPO_ROOT"

SKLEARN_VERSION=1.9.1
NUMPY_VERSION=2.4.6
ROWS=1000000
MATRIX="$REPO_ROOT/.run/bench/forest-matrix"
VENV="$REPO_ROOT/.run/bench-venv"
OUT="$REPO_ROOT/.run/bench/forest-scoring-$(date -u +%Y%m%d-%H%M%S)"
fresh=false
if [ "${1:-}" = "--fresh" ]; then fresh=true; shift; fi
mkdir -p "$OUT"

echo "## Forest scoring benchmark $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p')), $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
echo "command: bench/forest-scoring.sh $*"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "building bench (reactor package)..." >&2
./mvnw -B -q ${MAVEN_OFFLINE:+-o} -pl bench -am package dependency:build-classpath -DskipTests \
  -Dspotless.check.skip=true -Dmdep.outputFile=target/bench-classpath.txt >&2
cp="$(ls bench/target/bench-*.jar | grep -v -e '-sources' -e '-tests' | head -1):$(cat bench/target/bench-classpath.txt)"

if $fresh || [ ! -s "$MATRIX.f64" ] || [ ! -s "$MATRIX.labels" ]; then
  java -Xmx8g "${JAVA17_MODULE_FLAGS[@]}" -cp "$cp" io.anomalypipe.bench.FeatureMatrixFile \
    "$MATRIX" "$ROWS" 2> >(grep -v -e '^{"timestamp' -e WARN >&2)
fi
echo "feature matrix: $(cat "$MATRIX.json")"

if ! "$VENV/bin/python" -c "import sklearn, sys; sys.exit(sklearn.__version__ != '$SKLEARN_VERSION')" 2>/dev/null; then
  echo "installing scikit-learn $SKLEARN_VERSION into $VENV..." >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "scikit-learn==$SKLEARN_VERSION" "numpy==$NUMPY_VERSION" >&2
fi
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

echo
echo "### scikit-learn, before JMH"
"$VENV/bin/python" bench/forest_scoring_sklearn.py time "$MATRIX" 5 | tee "$OUT/sklearn-before.json"

echo
echo "### JMH"
java -Xmx1g -cp "$cp" org.openjdk.jmh.Main ForestScoringBenchmark -p matrix="$MATRIX" \
  -rf json -rff "$OUT/jmh.json" "$@" | tee "$OUT/jmh.txt" \
  | grep -E '^(# (JMH|VM version|Warmup:|Measurement:|Threads:|Benchmark:|Parameters)|Benchmark|ForestScoring|Iteration|Result|  [0-9])' || true

echo
echo "### CPU time"
java -Xms3g -Xmx3g -cp "$cp" io.anomalypipe.bench.ForestScoringCpuTime "$MATRIX" 5 \
  2> >(grep -v -e '^{"timestamp' >&2) | tee "$OUT/cpu-time.json"

echo
echo "### scikit-learn, after JMH"
"$VENV/bin/python" bench/forest_scoring_sklearn.py time "$MATRIX" 5 | tee "$OUT/sklearn-after.json"

echo
echo "### Summary"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
"$VENV/bin/python" bench/forest_scoring_sklearn.py report "$MATRIX" "$OUT/jmh.json" \
  "$OUT/cpu-time.json" "$OUT/sklearn-before.json" "$OUT/sklearn-after.json"
echo "raw output: $OUT"
