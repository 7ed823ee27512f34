#!/usr/bin/env bash
# Bronze benchmark, all in one run on this machine (see docs/BENCHMARKS.md):
#   1. produce N generated events (default 1,000,000) into a fresh 4-partition topic;
#   2. Kafka's own ConsumerPerformance reads them (the read limit);
#   3. in one JVM: the minimal Spark Kafka→Delta copy (availableNow) and the Bronze job, a cold run
#      of each, then ROUNDS warm rounds alternating the two.
# Usage: bench/bronze.sh [EVENTS] [ROUNDS] [extra Bronze flags...]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../bin/lib/java-launch.sh"
cd "$REPO_ROOT"

EVENTS="${1:-1000000}"
ROUNDS="${2:-2}"
shift $(( $# > 2 ? 2 : $# ))
BOOTSTRAP="127.0.0.1:${KAFKA_PORT:-19092}"
TOPIC="bench-bronze-$(date +%Y%m%d-%H%M%S)"
WORK="$REPO_ROOT/.run/bench/$TOPIC"
mkdir -p "$WORK"

echo "## Bronze benchmark $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
echo "command: bench/bronze.sh $EVENTS $ROUNDS $*"
bin/services start kafka >&2

echo
echo "### produce: $EVENTS events → $TOPIC (4 partitions)"
bin/generate --kafka.topic "$TOPIC" --kafka.bootstrap-servers "$BOOTSTRAP" \
  --generator.count "$EVENTS" --generator.partitions 4 --generator.seed 1 \
  --generator.start-time 2026-01-01T00:00:00Z --generator.progress-interval 10s 2>/dev/null \
  | grep -E "^Sent"

echo
echo "### Kafka ConsumerPerformance (the read limit)"
java -Xmx1g -cp "$REPO_ROOT/services/kafka/target/libs/*" \
  org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "$BOOTSTRAP" --topic "$TOPIC" \
  --messages "$EVENTS" --timeout 60000 2>/dev/null | tail -2

echo
echo "### Spark, one JVM (local[2])"
cp="$(module_classpath bench)"
java -Xmx6g "${JAVA17_MODULE_FLAGS[@]}" -cp "$cp" io.anomalypipe.bench.BronzeThroughputBenchmark \
  "$BOOTSTRAP" "$TOPIC" "$WORK" "$ROUNDS" "$@" 2> >(grep -E "rows in" >&2)
rm -rf "$WORK"
