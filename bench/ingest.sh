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
BENCH=ingest
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
JVM_OPTIONS="${JVM_OPTIONS:-$ROOT/exporter/jvm.options}"
JAR="${EXPORTER_JAR:-$ROOT/exporter/target/dropscope-exporter.jar}"

WARMUP=10
DURATION=20
BATCH=1000
CONNECTIONS=2
while (($#)); do
  case "$1" in
    --warmup) WARMUP="${2-}" ;;
    --duration) DURATION="${2-}" ;;
    --batch) BATCH="${2-}" ;;
    --connections) CONNECTIONS="${2-}" ;;
    -h | --help)
      usage
      exit 0
      ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
  (($# >= 2)) || die "$1 needs a value"
  shift 2
done

find_java

PUSHGATEWAY="${PUSHGATEWAY:-$(command -v prometheus-pushgateway || command -v pushgateway || true)}"
if [[ "$PUSHGATEWAY" != none ]]; then
  [[ -n "$PUSHGATEWAY" && -x "$PUSHGATEWAY" ]] \
    || die "pushgateway not found: apt-get install -y prometheus-pushgateway (or set PUSHGATEWAY, or PUSHGATEWAY=none to skip it)"
fi
[[ -r "$JVM_OPTIONS" ]] || die "no JVM options file at $JVM_OPTIONS"

build_missing_jar "$JAR" exporter

WORK="$(mktemp -d "${TMPDIR:-/tmp}/ingest-bench.XXXXXX")"
JOURNALS="$(mktemp -d "${JOURNAL_PARENT:-${TMPDIR:-/tmp}}/ingest-bench-journal.XXXXXX")"
PIDS=()

# Drops a stopped process from PIDS, so cleanup never signals a pid the system reused.
forget() {
  local keep=() p
  for p in "${PIDS[@]}"; do
    [[ "$p" == "$1" ]] || keep+=("$p")
  done
  PIDS=("${keep[@]}")
}

cleanup() {
  local status=$? pid
  for pid in "${PIDS[@]}"; do
    stop_process "$pid" 5
  done
  if ((status >= 2)); then
    show_logs "$WORK"
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
  stop_process "$pid" 5
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
  stop_process "$pid" 5
  forget "$pid"
  ((status == 0)) || exit 2
}

print_machine
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
