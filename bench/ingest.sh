#!/usr/bin/env bash
# Ingest benchmark: dropscope's exporter (started with exporter/jvm.options, default journal with
# fsync) taking batched NDJSON airdrops events over 2 keep-alive connections while /metrics is
# scraped once a second, with 10 and with 1,000 components; then single-event POSTs; then, side by
# side, Debian's Pushgateway taking PUTs into 10 and 1,000 groups. Every scenario gets a fresh
# process (and journal). Prints one table and PASS/FAIL against the targets: >= 100,000 events/s
# (median of the per-second rates) and flat (the 1,000-component rate >= 0.8 x the 10-component
# rate).
#
#   bench/ingest.sh [--warmup S] [--duration S] [--batch N] [--connections N]
#
# Environment: JAVA_HOME (a JDK >= 21; else the newest under /usr/lib/jvm), PUSHGATEWAY (the
# pushgateway binary; default prometheus-pushgateway or pushgateway on PATH; set PUSHGATEWAY=none
# to skip it), JVM_OPTIONS (default exporter/jvm.options), EXPORTER_JAR (default
# exporter/target/dropscope-exporter.jar), JOURNAL_PARENT (where the journals go; default TMPDIR or
# /tmp; it must be a real disk for fsync to mean anything).
# Exit status: 0 all targets met, 1 a target missed, 2 the benchmark could not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JVM_OPTIONS="${JVM_OPTIONS:-$ROOT/exporter/jvm.options}"
JAR="${EXPORTER_JAR:-$ROOT/exporter/target/dropscope-exporter.jar}"

WARMUP=10
DURATION=20
BATCH=1000
CONNECTIONS=2
while (($#)); do
  case "$1" in
    --warmup) WARMUP="$2" ;;
    --duration) DURATION="$2" ;;
    --batch) BATCH="$2" ;;
    --connections) CONNECTIONS="$2" ;;
    -h | --help)
      sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "ingest: unknown option $1 (see --help)" >&2
      exit 2
      ;;
  esac
  (($# >= 2)) || {
    echo "ingest: $1 needs a value" >&2
    exit 2
  }
  shift 2
done

die() {
  echo "ingest: $*" >&2
  exit 2
}

JDK="$("$ROOT/dev" java)" || die "no JDK >= 21 (see the message above)"
JAVA="$JDK/bin/java"

PUSHGATEWAY="${PUSHGATEWAY:-$(command -v prometheus-pushgateway || command -v pushgateway || true)}"
if [[ "$PUSHGATEWAY" != none ]]; then
  [[ -n "$PUSHGATEWAY" && -x "$PUSHGATEWAY" ]] \
    || die "pushgateway not found: apt-get install -y prometheus-pushgateway (or set PUSHGATEWAY, or PUSHGATEWAY=none to skip it)"
fi
[[ -r "$JVM_OPTIONS" ]] || die "no JVM options file at $JVM_OPTIONS"

if [[ ! -f "$JAR" ]]; then
  echo "building $JAR ..."
  (cd "$ROOT" && JAVA_HOME="$JDK" ./mvnw -B -q package -pl exporter -am -DskipTests -Dspotless.check.skip=true) \
    || die "build failed"
  [[ -f "$JAR" ]] || die "the build did not produce $JAR"
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/ingest-bench.XXXXXX")"
JOURNALS="$(mktemp -d "${JOURNAL_PARENT:-${TMPDIR:-/tmp}}/ingest-bench-journal.XXXXXX")"
PIDS=()

# Stops one process we started: TERM, up to 5 s, then KILL.
stop() {
  local pid="$1" i
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# Drops a stopped process from PIDS, so cleanup never signals a pid the system reused.
forget() {
  local keep=() p
  for p in "${PIDS[@]}"; do
    [[ "$p" == "$1" ]] || keep+=("$p")
  done
  PIDS=("${keep[@]}")
}

cleanup() {
  local status=$? pid log
  for pid in "${PIDS[@]}"; do
    stop "$pid"
  done
  if ((status >= 2)); then
    for log in "$WORK"/*.log; do
      [[ -s "$log" ]] || continue
      echo "--- last lines of $(basename "$log") ---" >&2
      tail -n 20 "$log" >&2
    done
  fi
  rm -rf "$WORK" "$JOURNALS"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

BENCH=("$JAVA" -XX:+UseSerialGC -Xmx512m "$ROOT/bench/IngestBench.java")
COMMON=(--warmup "$WARMUP" --duration "$DURATION" --connections "$CONNECTIONS" --clk-tck "$(getconf CLK_TCK)")

# The exporter's configuration: the defaults (journal with fsync, dedup on), plain-text logs.
cat >"$WORK/exporter.yml" <<'EOF'
logging:
  format: text
journal:
  fsync: true
EOF

free_port() {
  "${BENCH[@]}" free-ports 1
}

# Runs one scenario against a fresh exporter: run_exporter NAME IngestBench-ARGS...
run_exporter() {
  local name="$1" port pid status
  shift
  port="$(free_port)"
  "$JAVA" @"$JVM_OPTIONS" -jar "$JAR" --host 127.0.0.1 --port "$port" --config "$WORK/exporter.yml" \
    --journal "$JOURNALS/$name" >"$WORK/$name.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  set +e
  "${BENCH[@]}" "$@" --target "$port:$pid" --out "$WORK/$name.result" "${COMMON[@]}"
  status=$?
  set -e
  stop "$pid"
  forget "$pid"
  rm -rf "${JOURNALS:?}/$name"
  ((status == 0)) || exit 2
}

# Runs one scenario against a fresh Pushgateway: run_pushgateway NAME IngestBench-ARGS...
run_pushgateway() {
  local name="$1" port pid status
  shift
  port="$(free_port)"
  # Debian's build persists to /var/lib/prometheus/pushgateway.data by default: keep each run's
  # state in the scratch directory instead, so runs start empty and leave nothing behind.
  "$PUSHGATEWAY" --web.listen-address="127.0.0.1:$port" --persistence.file="$WORK/$name.data" \
    >"$WORK/$name.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  set +e
  "${BENCH[@]}" "$@" --target "$port:$pid" --out "$WORK/$name.result" "${COMMON[@]}"
  status=$?
  set -e
  stop "$pid"
  forget "$pid"
  ((status == 0)) || exit 2
}

echo "machine: $(nproc) CPUs, $(uname -sr), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), load average $(cut -d" " -f1-3 /proc/loadavg)"
echo "java:    $("$JAVA" -version 2>&1 | head -n 1) ($JDK)"
if [[ "$PUSHGATEWAY" != none ]]; then
  echo "push:    $("$PUSHGATEWAY" --version 2>&1 | head -n 1)"
fi
echo "options: ${JVM_OPTIONS#"$ROOT"/}: $(grep -v '^[[:space:]]*\(#\|$\)' "$JVM_OPTIONS" | tr '\n' ' ')"
echo "journal: fsync on, default segment and retention settings, on $(df -PT "$JOURNALS" | awk 'NR == 2 {print $2 " (" $1 ")"}')"
echo "load:    ${CONNECTIONS} keep-alive connections, ${WARMUP} s warm-up + ${DURATION} s measured per scenario; one Prometheus-style gzip scrape a second"
echo

RESULTS=()
for components in 10 1000; do
  run_exporter "batch-$components" batch --components "$components" --batch "$BATCH"
  RESULTS+=("$WORK/batch-$components.result")
done
run_exporter single single --components 10
RESULTS+=("$WORK/single.result")
if [[ "$PUSHGATEWAY" != none ]]; then
  for groups in 10 1000; do
    run_pushgateway "push-$groups" push --groups "$groups"
    RESULTS+=("$WORK/push-$groups.result")
  done
fi
echo

set +e
"${BENCH[@]}" report "${RESULTS[@]}"
status=$?
set -e
exit "$status"
