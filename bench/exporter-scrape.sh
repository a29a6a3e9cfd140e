#!/usr/bin/env bash
# Scrape benchmark: dropscope's exporter (started with exporter/jvm.options) against Debian's
# node_exporter, side by side on loopback. Alternates keep-alive scrapes the way Prometheus sends
# them and prints p50/p99, CPU per scrape and RSS of both, the p50 ratio, and PASS/FAIL against
# the targets (p50 ratio <= 1.0, exporter RSS <= 64 MB).
#
#   bench/exporter-scrape.sh [--warmup N] [--scrapes N] [--client raw|httpclient]
#
# Environment: JAVA_HOME (a JDK >= 21; else the newest under /usr/lib/jvm), NODE_EXPORTER (the
# node_exporter binary; default prometheus-node-exporter or node_exporter on PATH),
# JVM_OPTIONS (default exporter/jvm.options), EXPORTER_JAR (default exporter/target/...jar).
# Exit status: 0 all targets met, 1 a target missed, 2 the benchmark could not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH=exporter-scrape
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
for arg in "$@"; do # the rest go to the load client (bench/ScrapeBench.java)
  if [[ "$arg" == -h || "$arg" == --help ]]; then
    usage
    exit 0
  fi
done
JVM_OPTIONS="${JVM_OPTIONS:-$ROOT/exporter/jvm.options}"
JAR="${EXPORTER_JAR:-$ROOT/exporter/target/dropscope-exporter.jar}"

find_java

NODE_EXPORTER="${NODE_EXPORTER:-$(command -v prometheus-node-exporter || command -v node_exporter || true)}"
[[ -n "$NODE_EXPORTER" && -x "$NODE_EXPORTER" ]] \
  || die "node_exporter not found: apt-get install -y prometheus-node-exporter (or set NODE_EXPORTER)"
[[ -r "$JVM_OPTIONS" ]] || die "no JVM options file at $JVM_OPTIONS"
abspath() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
JVM_OPTIONS="$(abspath "$JVM_OPTIONS")"

build_missing_jar "$JAR" exporter
JAR="$(abspath "$JAR")"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/exporter-scrape.XXXXXX")"
PIDS=()
cleanup() {
  local status=$? pid i
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for i in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if ((status >= 2)); then
    show_logs "$WORK"
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

BENCH=("$JAVA" -XX:+UseSerialGC -Xmx256m "$ROOT/bench/ScrapeBench.java")

mapfile -t PORTS < <("${BENCH[@]}" free-ports 2)
((${#PORTS[@]} == 2)) || die "could not find two free loopback ports"
DS_PORT="${PORTS[0]}"
NE_PORT="${PORTS[1]}"

# The exporter keeps its event journal under its working directory (data/journal): run it in
# the scratch directory, so each run starts empty and leaves nothing behind.
(cd "$WORK" && exec "$JAVA" @"$JVM_OPTIONS" -jar "$JAR" --host 127.0.0.1 --port "$DS_PORT") \
  >"$WORK/dropscope.log" 2>&1 &
DS_PID=$!
PIDS+=("$DS_PID")

"$NODE_EXPORTER" --no-collector.systemd --web.listen-address="127.0.0.1:$NE_PORT" \
  >"$WORK/node_exporter.log" 2>&1 &
NE_PID=$!
PIDS+=("$NE_PID")

print_machine
echo "node:    $("$NODE_EXPORTER" --version 2>&1 | head -n 1)"
echo "options: ${JVM_OPTIONS#"$ROOT"/}: $(grep -v '^[[:space:]]*\(#\|$\)' "$JVM_OPTIONS" | tr '\n' ' ')"
echo

# In the background so that a signal to this script runs the trap at once, not after the client.
"${BENCH[@]}" run \
  --target "dropscope=$DS_PORT:$DS_PID" \
  --target "node_exporter=$NE_PORT:$NE_PID" \
  --clk-tck "$(getconf CLK_TCK)" \
  "$@" &
CLIENT_PID=$!
PIDS=("$CLIENT_PID" "${PIDS[@]}")
set +e
wait "$CLIENT_PID"
status=$?
set -e
exit "$status"
