#!/usr/bin/env bash
# Observability overhead (docs/BENCHMARKS.md): the jobs as users run them (bin/submit, a real
# spark-submit of each shaded jar, local[2], conf/local.conf), Bronze → Silver → Gold on the same
# events, with the metrics tables on (the default) and off (--observability.enabled false),
# alternating the order round by round, each run into tables of its own. Wall time per job run
# (spark-submit start to exit, JVM start included), as a user waits for it.
#   bench/observability.sh [EVENTS] [ROUNDS]
# Needs the local services (started here) and a registered champion (bin/demo or bin/train).
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

EVENTS="${1:-100000}"
ROUNDS="${2:-2}"
BOOTSTRAP="127.0.0.1:${KAFKA_PORT:-19092}"
TOPIC="bench-observability-$(date +%Y%m%d-%H%M%S)"
WORK="$REPO_ROOT/.run/bench/$TOPIC"
mkdir -p "$WORK"

echo "## Observability overhead $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1), commit $(git rev-parse --short HEAD)"
echo "command: bench/observability.sh $EVENTS $ROUNDS"
bin/services start kafka mlflow >&2
bin/generate --kafka.topic "$TOPIC" --kafka.bootstrap-servers "$BOOTSTRAP" \
  --generator.count "$EVENTS" --generator.seed 1 --generator.progress-interval 1h >/dev/null 2>&1

# run_job MODE ROUND STEP: one job run, its wall seconds appended to the results
run_job() {
  local mode="$1" round="$2" step="$3" root="$WORK/$2-$1" start end
  start=$(date +%s.%N)
  bin/submit "$step" --kafka.topic "$TOPIC" --storage.tables-root "$root/tables" \
    --storage.checkpoints-root "$root/checkpoints" --observability.enabled "$mode" \
    >"$root.$step.out" 2>"$root.$step.log"
  end=$(date +%s.%N)
  printf '%s\t%s\t%s\t%.1f\n' "$round" "$mode" "$step" "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" | tee -a "$WORK/results.tsv"
}

printf 'round\tmetrics\tjob\tseconds\n' | tee "$WORK/results.tsv"
for round in $(seq 1 "$ROUNDS"); do
  order=(true false)
  ((round % 2 == 0)) && order=(false true)
  for mode in "${order[@]}"; do
    for step in bronze silver gold; do run_job "$mode" "$round" "$step"; done
  done
done

echo
echo "### sums per job (all rounds), metrics on vs off"
awk -F'\t' 'NR > 1 { s[$3 "\t" $2] += $4 } END {
  split("bronze silver gold", jobs, " ")
  for (i = 1; i <= 3; i++) { on = s[jobs[i] "\ttrue"]; off = s[jobs[i] "\tfalse"]
    printf "%s: on %.1f s, off %.1f s, overhead %+.1f%%\n", jobs[i], on, off, 100 * (on - off) / off
    ton += on; toff += off }
  printf "all three: on %.1f s, off %.1f s, overhead %+.1f%%\n", ton, toff, 100 * (ton - toff) / toff
}' "$WORK/results.tsv"
echo "rows written by the metrics tables of one 'on' run: see $WORK/1-true/tables"
