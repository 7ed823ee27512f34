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
# conf/local.conf puts tables and checkpoints under $PIPELINE_HOME/.run
export PIPELINE_HOME="${PIPELINE_HOME:-$REPO_ROOT}"

# module_classpath MODULE: builds the module (and what it needs) if its jar is missing, prints the
# classpath.
module_classpath() {
  local module="$1"
  local target="$REPO_ROOT/$module/target"
  local cpfile="$target/launch-classpath.txt"
  if ! ls "$target"/"$module"-*.jar >/dev/null 2>&1 || [ ! -s "$cpfile" ]; then
    echo "building $module (first run)..." >&2
    (cd "$REPO_ROOT" && ./mvnw -B -q -pl "$module" -am install -DskipTests -Dspotless.check.skip=true >&2)
    (cd "$REPO_ROOT" && ./mvnw -B -q -pl "$module" dependency:build-classpath \
      -Dmdep.includeScope=compile -Dmdep.outputFile="$cpfile" >&2)
  fi
  local jar
  jar="$(ls "$target"/"$module"-*.jar | grep -v -e '-spark.jar' -e '-tests.jar' | head -1)"
  echo "$jar:$(cat "$cpfile")"
}

# run_main MODULE MAIN_CLASS [ARGS...]: runs the class; uses conf/local.conf unless --config given.
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
