# Shell helpers the benchmark scripts share; sourced, not run. The script sets BENCH (its name, for
# messages) and ROOT (the repository) first.

# Prints the message and exits 2: the benchmark could not run.
die() {
  echo "$BENCH: $*" >&2
  exit 2
}

# Prints the script's header comment (from line 2 to `set -euo pipefail`) as its help.
usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
}

# Sets JDK and JAVA to a JDK >= 21 (JAVA_HOME first), or dies.
find_java() {
  JDK="$("$ROOT/dev" java)" || die "no JDK >= 21 (see the message above)"
  JAVA="$JDK/bin/java"
}

# Builds JAR with `mvnw package -pl MODULES -am` (tests skipped) unless it exists.
build_missing_jar() {
  local jar="$1" modules="$2"
  [[ -f "$jar" ]] && return 0
  echo "building $jar ..."
  (cd "$ROOT" && JAVA_HOME="$JDK" ./mvnw -B -q package -pl "$modules" -am -DskipTests -Dit.skip=true \
    -Dspotless.check.skip=true) || die "build failed"
  [[ -f "$jar" ]] || die "the build did not produce $jar"
}

# Stops one process the script started: TERM, up to SECONDS (default 10), then KILL.
stop_process() {
  local pid="$1" tenths=$((${2:-10} * 10)) i
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq "$tenths"); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# Prints the last 20 lines of every non-empty *.log in DIR to standard error.
show_logs() {
  local log
  for log in "$1"/*.log; do
    [[ -s "$log" ]] || continue
    echo "--- last lines of $(basename "$log") ---" >&2
    tail -n 20 "$log" >&2
  done
}

# The machine and JVM lines every benchmark's output starts with.
print_machine() {
  echo "machine: $(nproc) CPUs, $(uname -sr), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), load average $(cut -d" " -f1-3 /proc/loadavg)"
  echo "java:    $("$JAVA" -version 2>&1 | head -n 1) ($JDK)"
}
