#!/usr/bin/env bash
# Silver benchmark, all in one run on this machine (see docs/BENCHMARKS.md):
#   1. produce N generated events (default 1,000,000) into a fresh 4-partition topic, their event
#      times from two days ago (Silver quarantines an event more than 30 days older than its Kafka
#      timestamp, so the fixed start time of the Bronze benchmark would not do);
#   2. in one JVM: the Bronze job drains the topic into a Bronze table, once; then the minimal Spark
#      parse-and-write, two floors under any Silver job (the same parse with a dedup in the batch,
#      appended) and the Silver job each read that table into fresh tables, a cold run of each,
#      then ROUNDS warm rounds alternating them; then one 100,000-record incremental batch
#      through the Silver job into Silver tables of 1M and 5M rows (and 5M rows over the 1M table's
#      days), INCREMENTAL_ROUNDS rounds, each from the same table versions.
# Usage: bench/silver.sh [EVENTS] [ROUNDS] [INCREMENTAL_ROUNDS] [ROWS_PER_DAY]
#   ROWS_PER_DAY (default 100000) sizes the incremental targets: 10 and 50 days of it.
# The JVM's whole log (JSON lines) stays in .run/bench/<topic>.log.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../bin/lib/java-launch.sh"
cd "$REPO_ROOT"

EVENTS="${1:-1000000}"
ROUNDS="${2:-3}"
INCREMENTAL_ROUNDS="${3:-3}"
ROWS_PER_DAY="${4:-100000}"
BOOTSTRAP="127.0.0.1:${KAFKA_PORT:-19092}"
TOPIC="bench-silver-$(date +%Y%m%d-%H%M%S)"
WORK="$REPO_ROOT/.run/bench/$TOPIC"
LOG="$REPO_ROOT/.run/bench/$TOPIC.log"
START="$(date -u -d '2 days ago' +%Y-%m-%dT00:00:00Z)"
mkdir -p "$WORK"

echo "## Silver benchmark $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "command: bench/silver.sh $EVENTS $ROUNDS $INCREMENTAL_ROUNDS $ROWS_PER_DAY"
bin/services start kafka >&2

echo
echo "### produce: $EVENTS events → $TOPIC (4 partitions), event times from $START"
bin/generate --kafka.topic "$TOPIC" --kafka.bootstrap-servers "$BOOTSTRAP" \
  --generator.count "$EVENTS" --generator.partitions 4 --generator.seed 1 \
  --generator.start-time "$START" --generator.progress-interval 10s 2>/dev/null \
  | grep -E "^Sent"

echo
echo "### Spark, one JVM (local[2])"
cp="$(module_classpath bench)"
java -Xmx6g "${JAVA17_MODULE_FLAGS[@]}" -cp "$cp" io.anomalypipe.bench.SilverThroughputBenchmark \
  "$BOOTSTRAP" "$TOPIC" "$WORK" "$ROUNDS" "$INCREMENTAL_ROUNDS" "$ROWS_PER_DAY" \
  2> >(tee "$LOG" | grep --line-buffered -E "rows in|incremental:" >&2)
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$WORK"
