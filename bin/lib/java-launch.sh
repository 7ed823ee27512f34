# Sourced by bin/ scripts: run a main class of one module with plain `java`, Spark included.
# The classpath (module jar + compile/provided dependencies, i.e. Spark too) is resolved by Maven
# once and cached in <module>/target/launch-classpath.txt; a rebuild refreshes it.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# Spark's own list of module opens for Java 17 (spark-submit adds these itself).
JAVA17_MODULE_FLAGS=(
  -XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false
)
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
# conf/local.conf reads the broker address from here (bin/services honours KAFKA_PORT too)
export KAFKA_BOOTSTRAP_SERVERS="${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:${KAFKA_PORT:-19092}}"
# conf/local.conf reads the MLflow tracking server from here (bin/services runs it on MLFLOW_PORT)
export MLFLOW_TRACKING_URI="${MLFLOW_TRACKING_URI:-http://127.0.0.1:${MLFLOW_PORT:-15000}}"

# ensure_built MODULE: builds the module (and what it needs) when its jar is missing or older than
# the sources it is built from; prints the jar.
ensure_built() {
  local module="$1" jar
  jar="$(module_jar "$module")"
  if [ -z "$jar" ] || [ -n "$(cd "$REPO_ROOT" && find "$module/src/main" common/src/main \
      conf/application.conf -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then
    echo "building $module..." >&2
    (cd "$REPO_ROOT" && ./mvnw -B -q -pl "$module" -am install -DskipTests -Dspotless.check.skip=true >&2)
    jar="$(module_jar "$module")"
  fi
  echo "$jar"
}

# module_spark_jar MODULE: the module's shaded jar for spark-submit (built when stale).
module_spark_jar() {
  local jar
  jar="$(ensure_built "$1")"
  echo "${jar%.jar}-spark.jar"
}

# module_classpath MODULE: prints the classpath of MODULE's main classes: its jar, then its
# compile/runtime dependencies, then the provided ones (Spark, logging) — no test jars. Builds the
# module (and what it needs) when its jar is missing or older than the sources it is built from.
module_classpath() {
  local module="$1"
  local target="$REPO_ROOT/$module/target"
  local cpfile="$target/launch-classpath.txt"
  local jar
  jar="$(ensure_built "$module")"
  if [ ! -s "$cpfile" ] || [ "$REPO_ROOT/$module/pom.xml" -nt "$cpfile" ] \
      || [ "$REPO_ROOT/pom.xml" -nt "$cpfile" ]; then
    (cd "$REPO_ROOT" && ./mvnw -B -q -pl "$module" dependency:build-classpath \
      -DincludeScope=runtime -Dmdep.outputFile="$cpfile.runtime" >&2 &&
      ./mvnw -B -q -pl "$module" dependency:build-classpath \
        -DincludeScope=provided -Dmdep.outputFile="$cpfile.provided" >&2)
    echo "$(cat "$cpfile.runtime"):$(cat "$cpfile.provided")" >"$cpfile"
  fi
  echo "$jar:$(cat "$cpfile")"
}

module_jar() {
  ls "$REPO_ROOT/$1/target/$1"-*.jar 2>/dev/null \
    | grep -v -e '-tests.jar' -e '-sources.jar' -e '-spark.jar' | head -1
}

# run_main MODULE MAIN_CLASS [ARGS...]: runs the class in the caller's folder (relative paths in
# arguments stay relative to it); uses conf/local.conf unless --config is given.
run_main() {
  local module="$1" main="$2"
  shift 2
  local args=("$@")
  if [[ " ${args[*]} " != *" --config "* ]] && [ -f "$REPO_ROOT/conf/local.conf" ]; then
    args=(--config "$REPO_ROOT/conf/local.conf" "${args[@]}")
  fi
  local cp
  cp="$(module_classpath "$module")"
  exec java ${JAVA_OPTS:--Xmx4g} "${JAVA17_MODULE_FLAGS[@]}" -cp "$cp" "$main" "${args[@]}"
}
