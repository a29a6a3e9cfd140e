#!/usr/bin/env bash
# Panel benchmark: the SQL every committed dashboard sends to PostgreSQL, over a busy farm's year.
# Starts the ETL's embedded PostgreSQL 17 in a scratch directory (migrated by the ETL: tables,
# analytics views), fills it with 1,000 metric series (1-hour rollups for 365 days, 5-minute
# rollups for 30, raw samples for 2; ETH/BTC prices and ALERTS raw for 90) and a year of claims,
# interactions, portfolio snapshots, trades and gateway transactions, then runs every SQL target of
# grafana-provisioning/dashboards with Grafana's macros expanded for the last 30 and the last 365
# days ($__interval as Grafana picks it for 1,000 data points), as the read-only role Grafana
# uses, and the report command's queries. Prints p50/p95 per panel and PASS/FAIL against the
# targets: p95 <= 300 ms over 30 days and <= 1 s over 365 days for every panel.
#
#   bench/panels.sh [--runs N] [--warmup N] [--report-runs N] [--points N] [--data-dir DIR]
#
# --data-dir DIR keeps the loaded database in DIR and reuses it on the next run (loading takes
# several minutes; the views are migrated again when they changed). Without it, the database lives
# in a scratch directory that is deleted at the end.
#
# Environment: JAVA_HOME (a JDK >= 21; else the newest under /usr/lib/jvm), ETL_JAR (default
# etl/target/dropscope-etl.jar), GRAFANA_JAR (default grafana-provisioning/target/
# dropscope-grafana-provisioning-*.jar). Both are built when missing.
# Exit status: 0 all targets met, 1 a target missed, 2 the benchmark could not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH=panels
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

ARGS=()
DATA_DIR=""
while (($#)); do
  case "$1" in
    -h | --help)
      usage
      exit 0
      ;;
    --data-dir)
      (($# >= 2)) || die "--data-dir needs a value"
      mkdir -p "$2"
      DATA_DIR="$(cd "$2" && pwd)"
      shift 2
      ;;
    --runs | --warmup | --report-runs | --points)
      (($# >= 2)) || die "$1 needs a value"
      ARGS+=("$1" "$2")
      shift 2
      ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done

find_java

ETL_JAR="${ETL_JAR:-$ROOT/etl/target/dropscope-etl.jar}"
GRAFANA_JAR="${GRAFANA_JAR:-$(ls "$ROOT"/grafana-provisioning/target/dropscope-grafana-provisioning-*.jar 2>/dev/null | grep -v -- '-tests\.jar$' | head -n 1 || true)}"
if [[ ! -f "$ETL_JAR" || ! -f "$GRAFANA_JAR" ]]; then
  echo "building the ETL and grafana-provisioning jars ..."
  (cd "$ROOT" && JAVA_HOME="$JDK" ./mvnw -B -q package -pl etl,grafana-provisioning -am \
    -DskipTests -Dit.skip=true -Dspotless.check.skip=true) || die "build failed"
  ETL_JAR="$ROOT/etl/target/dropscope-etl.jar"
  GRAFANA_JAR="$(ls "$ROOT"/grafana-provisioning/target/dropscope-grafana-provisioning-*.jar | grep -v -- '-tests\.jar$' | head -n 1)"
  [[ -f "$ETL_JAR" && -f "$GRAFANA_JAR" ]] || die "the build did not produce both jars"
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/panels-bench.XXXXXX")"
PG_DIR="${DATA_DIR:-$WORK/pg}"
CLIENT_PID=""

# Stops the benchmark and, if it died without stopping it, the PostgreSQL it started there.
cleanup() {
  local status=$? pid i
  if [[ -n "$CLIENT_PID" ]]; then
    kill -TERM "$CLIENT_PID" 2>/dev/null || true
    wait "$CLIENT_PID" 2>/dev/null || true
  fi
  if [[ -f "$PG_DIR/postmaster.pid" ]]; then
    pid="$(head -n 1 "$PG_DIR/postmaster.pid")"
    if [[ -n "$pid" ]] && kill -TERM "$pid" 2>/dev/null; then
      for i in $(seq 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
    fi
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

print_machine
echo "commit:  $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
echo "data:    ${DATA_DIR:-a scratch directory, deleted at the end} on $(df -PT "$(dirname "$PG_DIR")" | awk 'NR == 2 {print $2 " (" $1 ")"}')"

# In the background so that a signal to this script runs the trap at once.
(cd "$ROOT" && exec "$JAVA" -XX:+UseSerialGC -Xmx512m -cp "$ETL_JAR:$GRAFANA_JAR" \
  bench/PanelBench.java --out "$WORK" --data-dir "$PG_DIR" "${ARGS[@]}") &
CLIENT_PID=$!
set +e
wait "$CLIENT_PID"
status=$?
set -e
CLIENT_PID=""
exit "$status"
