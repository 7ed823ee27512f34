#!/usr/bin/env bash
# Isolation Forest scoring speed (JMH, one thread): the compiled forest beside the reference scorer
# and Smile's own IsolationForest.score. Extra arguments go to JMH, e.g. -wi 5 -i 10.
#   bench/forest-scoring.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../bin/lib/java-launch.sh"
cd "$REPO_ROOT"
cp="$(module_classpath bench)"
exec java -cp "$cp" org.openjdk.jmh.Main ForestScoringBenchmark "$@"
