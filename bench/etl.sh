#!/usr/bin/env bash
# ETL benchmark: a known history (600 series x 6 h at 15 s by default: half counters, half gauges)
# written as TSDB blocks with promtool and served by a real Prometheus, backfilled by
# etl/target/dropscope-etl.jar into its embedded PostgreSQL; then, in the same PostgreSQL, a plain
# binary COPY of the same rows into an indexed table (series_id, ts, value, primary key (series_id,
# ts)). Rounds alternate the two; prints the median samples/s of both, the ratio (target: the ETL
# loads at >= 0.5 x raw COPY) and the ETL's peak RSS.
#
#   bench/etl.sh [--series N] [--hours H] [--rounds N (3)]
#
# Environment: JAVA_HOME (a JDK >= 21; else the newest under /usr/lib/jvm), PROMETHEUS and PROMTOOL
# (default: on PATH), ETL_JAR (default etl/target/dropscope-etl.jar, built when missing), ETL_OPTIONS
# (extra JVM flags for the ETL, e.g. -Xmx256m).
# Exit status: 0 target met, 1 target missed, 2 the benchmark could not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH=etl
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
JAR="${ETL_JAR:-$ROOT/etl/target/dropscope-etl.jar}"

SERIES=600
HOURS=6
ROUNDS=3
while (($#)); do
  case "$1" in
    --series) SERIES="${2-}" ;;
    --hours) HOURS="${2-}" ;;
    --rounds) ROUNDS="${2-}" ;;
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
PROMETHEUS="${PROMETHEUS:-$(command -v prometheus || true)}"
PROMTOOL="${PROMTOOL:-$(command -v promtool || true)}"
[[ -n "$PROMETHEUS" && -x "$PROMETHEUS" ]] || die "prometheus not found: apt-get install -y prometheus (or set PROMETHEUS)"
[[ -n "$PROMTOOL" && -x "$PROMTOOL" ]] || die "promtool not found: apt-get install -y prometheus (or set PROMTOOL)"

build_missing_jar "$JAR" etl

WORK="$(mktemp -d "${TMPDIR:-/tmp}/etl-bench.XXXXXX")"
PIDS=()

cleanup() {
  local status=$? pid
  for pid in "${PIDS[@]}"; do
    stop_process "$pid" 10
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

HELPER=("$JAVA" -cp "$JAR" "$ROOT/bench/EtlBench.java")

print_machine
echo "prom:    $("$PROMETHEUS" --version 2>&1 | head -n 1)"

# 1. The history, as blocks a Prometheus serves.
# $(...) and not < <(...): the script waits for the helper and sees its exit status
SPAN="$("${HELPER[@]}" history --series "$SERIES" --hours "$HOURS" --out "$WORK/history.om")" \
  || die "could not write the history"
read -r FROM TO <<<"$SPAN"
"$PROMTOOL" tsdb create-blocks-from openmetrics "$WORK/history.om" "$WORK/prometheus/data" >"$WORK/promtool.log" 2>&1 \
  || die "promtool could not write the blocks"
rm -f "$WORK/history.om"
PORT="$("${HELPER[@]}" free-port)"
printf 'scrape_configs: []\n' >"$WORK/prometheus.yml"
"$PROMETHEUS" --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/prometheus/data" \
  --storage.tsdb.retention.time=100y --web.listen-address="127.0.0.1:$PORT" >"$WORK/prometheus.log" 2>&1 &
PROM_PID=$!
PIDS+=("$PROM_PID")
for _ in $(seq 300); do
  curl -fs "http://127.0.0.1:$PORT/-/ready" >/dev/null 2>&1 && break
  kill -0 "$PROM_PID" 2>/dev/null || die "prometheus exited"
  sleep 0.1
done
curl -fs "http://127.0.0.1:$PORT/-/ready" >/dev/null || die "prometheus did not get ready"
echo "data:    $SERIES series x $HOURS h at 15 s, $(date -u -d "@$FROM" +%FT%TZ) .. $(date -u -d "@$TO" +%FT%TZ), served by Prometheus on 127.0.0.1:$PORT"
echo

# 2. Rounds, each: a backfill into a fresh embedded PostgreSQL, timed by the ETL (from its first
#    window) and as a whole process, its peak RSS (VmHWM from /proc while it runs; the embedded
#    PostgreSQL is a process of its own); then, in that same PostgreSQL, a raw COPY of the same
#    rows. Alternating keeps both sides under the same load from whatever else runs.
printf 'prometheus:\n  url: http://127.0.0.1:%s\n' "$PORT" >"$WORK/etl.yml"
ROUND_ARGS=()
for round in $(seq "$ROUNDS"); do
  START_NS="$(date +%s%N)"
  # shellcheck disable=SC2086 # ETL_OPTIONS is a list of flags
  "$JAVA" ${ETL_OPTIONS:-} -jar "$JAR" backfill --config "$WORK/etl.yml" --data-dir "$WORK/pg-$round" \
    --from "$FROM" --to "$TO" >"$WORK/etl-$round.log" 2>&1 &
  ETL_PID=$!
  PIDS+=("$ETL_PID")
  HWM_KB=0
  while kill -0 "$ETL_PID" 2>/dev/null; do
    kb="$(awk '/^VmHWM:/ {print $2}' "/proc/$ETL_PID/status" 2>/dev/null || true)"
    [[ -n "$kb" ]] && HWM_KB="$kb"
    sleep 0.1
  done
  wait "$ETL_PID" || die "the backfill failed (round $round)"
  END_NS="$(date +%s%N)"
  WALL="$(awk -v a="$START_NS" -v b="$END_NS" 'BEGIN {printf "%.3f", (b - a) / 1e9}')"
  DONE="$(grep 'backfill done:' "$WORK/etl-$round.log")" || die "the backfill did not report its figures"
  SAMPLES="$(sed -E 's/.* ([0-9]+) samples fetched.*/\1/' <<<"$DONE")"
  ETL_SECONDS="$(sed -E 's/.* in ([0-9.]+) s:.*/\1/' <<<"$DONE")"
  # the helper stops its PostgreSQL before it exits; only then is the data directory deleted
  RAW="$("${HELPER[@]}" raw --data-dir "$WORK/pg-$round" --rounds 1 2>"$WORK/raw-$round.log")" \
    || die "the raw COPY failed (round $round)"
  read -r RAW_ROWS RAW_SECONDS <<<"$RAW"
  ((RAW_ROWS == SAMPLES)) || die "the raw COPY took $RAW_ROWS rows, the ETL $SAMPLES"
  rm -rf "${WORK:?}/pg-$round" || die "cannot delete the data directory of round $round (is its PostgreSQL still running?)"
  echo "round $round: etl loading ${ETL_SECONDS} s, whole process ${WALL} s, raw COPY ${RAW_SECONDS} s, load average $(cut -d" " -f1 /proc/loadavg)"
  ROUND_ARGS+=(--round "$SAMPLES:$ETL_SECONDS:$WALL:$RAW_SECONDS:$HWM_KB")
done
echo

set +e
"${HELPER[@]}" report "${ROUND_ARGS[@]}"
status=$?
set -e
echo "load average at the end: $(cut -d" " -f1-3 /proc/loadavg)"
exit "$status"
