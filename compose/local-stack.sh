#!/usr/bin/env bash
# The dropscope stack on loopback, without Docker: the same configuration as compose.yaml, run with
# Debian's prometheus and prometheus-alertmanager, the exporter jar, its simulator and the ETL daemon
# on its embedded PostgreSQL. (No Grafana: it is not packaged for Debian.)
#
#   compose/local-stack.sh up [--no-simulator]   start everything, return once every part answers
#   compose/local-stack.sh status                each part, its pid and its URL (exit 0 all running,
#                                                3 none, 1 some)
#   compose/local-stack.sh down                  stop everything up started; nothing is left running
#
# Build the jars first (./dev build). State (pids, logs, data, generated secrets) lives under
# .dropscope/local-stack/ and survives down; delete that directory for a fresh start.
# Environment (compose/README.md): DROPSCOPE_LOCAL_STACK_DIR, DROPSCOPE_PROMETHEUS_PORT (9090),
# DROPSCOPE_ALERTMANAGER_PORT (9093), DROPSCOPE_EXPORTER_PORT (19100), DROPSCOPE_ETL_METRICS_PORT
# (19101), DROPSCOPE_ETL_INTERVAL (5m), DROPSCOPE_DEMO_HISTORY (7d), DROPSCOPE_ALERTMANAGER_CONFIG
# (another Alertmanager configuration file), and Alertmanager's placeholder secrets (.env.example).
set -euo pipefail

COMPOSE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$COMPOSE")
STATE=$(realpath -m -- "${DROPSCOPE_LOCAL_STACK_DIR:-$REPO/.dropscope/local-stack}")
PARTS=(alertmanager exporter prometheus etl simulator) # start order; down goes backwards
READY_TIMEOUT=120                                      # seconds each part has to answer
STOP_GRACE=70                                          # the ETL may take 60 s to finish a run

die() {
  echo "local-stack: $*" >&2
  exit 1
}

# ---- state ------------------------------------------------------------------------------------------

# Ports: chosen by `up` (environment, else the defaults) and kept in $STATE/ports.env for status/down.
load_ports() {
  PROMETHEUS_PORT=${DROPSCOPE_PROMETHEUS_PORT:-9090}
  ALERTMANAGER_PORT=${DROPSCOPE_ALERTMANAGER_PORT:-9093}
  EXPORTER_PORT=${DROPSCOPE_EXPORTER_PORT:-19100}
  ETL_PORT=${DROPSCOPE_ETL_METRICS_PORT:-19101}
  if [[ -f $STATE/ports.env ]]; then
    # shellcheck source=/dev/null
    source "$STATE/ports.env"
  fi
}

save_ports() {
  printf 'PROMETHEUS_PORT=%s\nALERTMANAGER_PORT=%s\nEXPORTER_PORT=%s\nETL_PORT=%s\n' \
    "$PROMETHEUS_PORT" "$ALERTMANAGER_PORT" "$EXPORTER_PORT" "$ETL_PORT" >"$STATE/ports.env"
}

url_of() {
  case $1 in
    prometheus) echo "http://127.0.0.1:$PROMETHEUS_PORT" ;;
    alertmanager) echo "http://127.0.0.1:$ALERTMANAGER_PORT" ;;
    exporter) echo "http://127.0.0.1:$EXPORTER_PORT" ;;
    etl) echo "http://127.0.0.1:$ETL_PORT/metrics" ;;
    simulator) echo "-> http://127.0.0.1:$EXPORTER_PORT/api/v1/events" ;;
  esac
}

# Where a part answers 200 once it is ready (nothing for the simulator, which serves nothing).
ready_url_of() {
  case $1 in
    prometheus) echo "http://127.0.0.1:$PROMETHEUS_PORT/-/ready" ;;
    alertmanager) echo "http://127.0.0.1:$ALERTMANAGER_PORT/-/ready" ;;
    exporter) echo "http://127.0.0.1:$EXPORTER_PORT/-/healthy" ;;
    etl) echo "http://127.0.0.1:$ETL_PORT/metrics" ;;
    simulator) echo "" ;;
  esac
}

port_of() {
  case $1 in
    prometheus) echo "$PROMETHEUS_PORT DROPSCOPE_PROMETHEUS_PORT" ;;
    alertmanager) echo "$ALERTMANAGER_PORT DROPSCOPE_ALERTMANAGER_PORT" ;;
    exporter) echo "$EXPORTER_PORT DROPSCOPE_EXPORTER_PORT" ;;
    etl) echo "$ETL_PORT DROPSCOPE_ETL_METRICS_PORT" ;;
    simulator) echo "" ;;
  esac
}

# The pid of a part this stack started and that still runs, else nothing. A pid counts only while
# its command line names this state directory, so a recycled pid is never taken for ours.
pid_of() {
  local file=$STATE/run/$1.pid pid
  [[ -f $file ]] || return 0
  pid=$(<"$file")
  if [[ -r /proc/$pid/cmdline ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$STATE/"; then
    echo "$pid"
  fi
}

# The embedded PostgreSQL the ETL started: it outlives an ETL killed with SIGKILL.
postgres_pid() {
  local file=$STATE/etl/postgres/postmaster.pid pid
  [[ -f $file ]] || return 0
  pid=$(head -n 1 "$file")
  if [[ -n $pid && -r /proc/$pid/cmdline ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$STATE/etl/postgres"; then
    echo "$pid"
  fi
}

# ---- what runs --------------------------------------------------------------------------------------

find_java() {
  local home
  home=$("$REPO/dev" java) || die "no JDK >= 21 found (see ./dev java)"
  JAVA=$home/bin/java
}

require_binary() {
  command -v "$1" >/dev/null 2>&1 ||
    die "$1 is not installed: apt-get install -y $2 (or ./dev test, which installs it)"
}

require_file() {
  [[ -f $1 ]] || die "$1 does not exist: $2"
}

# A random secret in $STATE/secrets/NAME unless one is there (or given in the environment).
ensure_secret() {
  local name=$1 from_env=${2:-}
  local file=$STATE/secrets/$name
  if [[ -n $from_env ]]; then
    (umask 077 && printf '%s' "$from_env" >"$file")
  elif [[ ! -s $file ]]; then
    (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '\n' >"$file")
  fi
}

# The configurations, derived from the compose ones.
write_configs() {
  mkdir -p "$STATE"/{run,logs,secrets,prometheus,alertmanager/secrets,exporter,etl}
  chmod 700 "$STATE/secrets" "$STATE/alertmanager/secrets"
  ensure_secret ingest_token "${DROPSCOPE_INGEST_TOKEN:-}"
  ensure_secret reader_password "${DROPSCOPE_READER_PASSWORD:-}"

  # Prometheus: the service addresses become loopback ports, the rules the repository's
  sed -e "s#\"localhost:9090\"#\"127.0.0.1:$PROMETHEUS_PORT\"#" \
    -e "s#\"alertmanager:9093\"#\"127.0.0.1:$ALERTMANAGER_PORT\"#" \
    -e "s#\"exporter:19100\"#\"127.0.0.1:$EXPORTER_PORT\"#" \
    -e "s#\"etl:19101\"#\"127.0.0.1:$ETL_PORT\"#" \
    -e "s#/etc/prometheus/rules/#$REPO/alert-rules/generated/prometheus/#" \
    "$COMPOSE/prometheus/prometheus.yml" >"$STATE/prometheus/prometheus.yml"

  # Alertmanager: the generated configuration (or DROPSCOPE_ALERTMANAGER_CONFIG) rendered as in the
  # container, its *_file secrets read from $STATE/alertmanager/secrets
  local source_dir=$REPO/alert-rules/generated/alertmanager
  if [[ -n ${DROPSCOPE_ALERTMANAGER_CONFIG:-} ]]; then
    require_file "$DROPSCOPE_ALERTMANAGER_CONFIG" "DROPSCOPE_ALERTMANAGER_CONFIG names no file"
    source_dir=$STATE/alertmanager/source
    rm -rf "$source_dir" && mkdir -p "$source_dir"
    cp "$DROPSCOPE_ALERTMANAGER_CONFIG" "$source_dir/alertmanager.yml"
    cp "$(dirname "$DROPSCOPE_ALERTMANAGER_CONFIG")"/*.tmpl "$source_dir/" 2>/dev/null || true
  fi
  sh "$COMPOSE/alertmanager/render-config.sh" "$source_dir" "$STATE/alertmanager/config" \
    "$STATE/alertmanager/secrets" 2>>"$STATE/logs/alertmanager.log" ||
    die "cannot render the Alertmanager configuration; see $STATE/logs/alertmanager.log"

  # the exporter: the compose file, its secrets from $STATE/secrets (host, port, journal are flags)
  sed -e "s#/run/secrets/#$STATE/secrets/#" "$COMPOSE/exporter/exporter.yml" >"$STATE/exporter/exporter.yml"

  # the ETL: the compose file without its database section (the embedded PostgreSQL instead),
  # metrics on loopback, secrets from $STATE/secrets
  awk '/^[^ #]/ { skip = ($0 ~ /^database:/) } !skip' "$COMPOSE/etl/etl.yml" |
    sed -e "s#/run/secrets/#$STATE/secrets/#" \
      -e "s|^\( *metrics_host:\) *[^ #]*|\1 127.0.0.1|" \
      -e "s|^\( *metrics_port:\) *[^ #]*|\1 $ETL_PORT|" >"$STATE/etl/etl.yml"
}

command_of() {
  local exporter_jar=$REPO/exporter/target/dropscope-exporter.jar
  case $1 in
    prometheus)
      CMD=(prometheus "--config.file=$STATE/prometheus/prometheus.yml"
        "--storage.tsdb.path=$STATE/prometheus/data"
        "--web.listen-address=127.0.0.1:$PROMETHEUS_PORT" --web.enable-lifecycle)
      ;;
    alertmanager)
      CMD=(prometheus-alertmanager "--config.file=$STATE/alertmanager/config/alertmanager.yml"
        "--storage.path=$STATE/alertmanager/data"
        "--web.listen-address=127.0.0.1:$ALERTMANAGER_PORT" --cluster.listen-address=)
      ;;
    exporter)
      CMD=("$JAVA" "@$REPO/exporter/jvm.options" -jar "$exporter_jar" --config "$STATE/exporter/exporter.yml"
        --host 127.0.0.1 --port "$EXPORTER_PORT" --journal "$STATE/exporter/journal")
      ;;
    etl)
      CMD=("$JAVA" -jar "$REPO/etl/target/dropscope-etl.jar" daemon
        --interval "${DROPSCOPE_ETL_INTERVAL:-5m}" --config "$STATE/etl/etl.yml"
        --data-dir "$STATE/etl/postgres" --journal "$STATE/exporter/journal"
        --prometheus "http://127.0.0.1:$PROMETHEUS_PORT")
      ;;
    simulator)
      CMD=("$JAVA" -XX:+UseSerialGC -jar "$exporter_jar" simulate
        --target "http://127.0.0.1:$EXPORTER_PORT" --token-file "$STATE/secrets/ingest_token"
        --packs airdrops,trading,gateway --history "${DROPSCOPE_DEMO_HISTORY:-7d}")
      ;;
  esac
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Starts a part in its own session (so a terminal's Ctrl-C does not reach it), logs appended to
# $STATE/logs/NAME.log, and waits until it answers.
start_part() {
  local name=$1 port variable ready pid deadline
  read -r port variable <<<"$(port_of "$name")"
  if [[ -n $port ]] && port_in_use "$port"; then
    echo "local-stack: $name: port $port is already in use; stop what listens there or choose another with $variable" >&2
    return 1
  fi
  command_of "$name"
  echo "=== $(date -u +%FT%TZ) local-stack up: ${CMD[*]}" >>"$STATE/logs/$name.log"
  (cd "$STATE" && exec setsid "${CMD[@]}" </dev/null >>"$STATE/logs/$name.log" 2>&1) &
  pid=$!
  echo "$pid" >"$STATE/run/$name.pid"
  ready=$(ready_url_of "$name")
  deadline=$((SECONDS + READY_TIMEOUT))
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "local-stack: $name exited before it was ready; the end of $STATE/logs/$name.log:" >&2
      tail -n 20 "$STATE/logs/$name.log" >&2
      return 1
    fi
    if [[ -z $ready ]]; then
      sleep 2 # the simulator serves nothing: it counts as started once it is still running then
      kill -0 "$pid" 2>/dev/null && break
      continue
    fi
    curl -fsS -o /dev/null --max-time 2 "$ready" 2>/dev/null && break
    if ((SECONDS > deadline)); then
      echo "local-stack: $name did not answer $ready within ${READY_TIMEOUT}s; the end of $STATE/logs/$name.log:" >&2
      tail -n 20 "$STATE/logs/$name.log" >&2
      return 1
    fi
    sleep 0.5
  done
  printf '%-13s started  pid %-8s %s\n' "$name" "$pid" "$(url_of "$name")"
}

# SIGTERM, then SIGKILL (to the part's whole process group) after the grace period.
stop_pid() {
  local name=$1 pid=$2 deadline
  kill -TERM "$pid" 2>/dev/null || return 0
  deadline=$((SECONDS + STOP_GRACE))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS > deadline)); then
      echo "local-stack: $name (pid $pid) ignored SIGTERM for ${STOP_GRACE}s; sending SIGKILL" >&2
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
      sleep 1
      break
    fi
    sleep 0.2
  done
}

# ---- commands ---------------------------------------------------------------------------------------

up() {
  local simulator=1 name
  case ${1:-} in
    "") ;;
    --no-simulator) simulator=0 ;;
    *) die "up: unknown option '$1' (expected --no-simulator)" ;;
  esac
  for name in "${PARTS[@]}"; do
    [[ -z $(pid_of "$name") ]] || die "already running ($name); run: $0 down"
  done
  [[ -z $(postgres_pid) ]] || die "the ETL's embedded PostgreSQL still runs; run: $0 down"
  require_binary prometheus prometheus
  require_binary prometheus-alertmanager prometheus-alertmanager
  require_binary curl curl
  require_file "$REPO/exporter/target/dropscope-exporter.jar" "build the jars first: ./dev build"
  require_file "$REPO/etl/target/dropscope-etl.jar" "build the jars first: ./dev build"
  find_java

  mkdir -p "$STATE"
  rm -f "$STATE/ports.env"
  load_ports
  save_ports
  write_configs
  local wanted=("${PARTS[@]}")
  ((simulator)) || wanted=("${PARTS[@]:0:${#PARTS[@]}-1}")
  printf '%s\n' "${wanted[@]}" >"$STATE/parts"
  for name in "${wanted[@]}"; do
    if ! start_part "$name"; then
      echo "local-stack: stopping what was started" >&2
      down >&2 || true
      exit 1
    fi
  done
  echo "local-stack: up; state, logs and data under $STATE"
}

# Exit status: 0 when every part `up` started runs, 3 when nothing runs, 1 in between.
status() {
  local name pid running=0 total=0 wanted=" ${PARTS[*]} "
  load_ports
  [[ -f $STATE/parts ]] && wanted=" $(tr '\n' ' ' <"$STATE/parts") "
  for name in "${PARTS[@]}"; do
    pid=$(pid_of "$name")
    if [[ -n $pid ]]; then
      running=$((running + 1))
      printf '%-13s running  pid %-8s %s\n' "$name" "$pid" "$(url_of "$name")"
    elif [[ $wanted == *" $name "* ]]; then
      printf '%-13s stopped  %-12s %s\n' "$name" "" "$(url_of "$name")"
    else
      printf '%-13s not started (up --no-simulator)\n' "$name"
      continue
    fi
    total=$((total + 1))
  done
  pid=$(postgres_pid)
  if [[ -n $pid ]]; then
    printf '%-13s running  pid %-8s %s\n' postgres "$pid" "(the ETL's embedded PostgreSQL, $STATE/etl/postgres)"
  fi
  echo "state, logs and data: $STATE"
  ((running == total)) && return 0
  ((running == 0)) && [[ -z $pid ]] && return 3
  return 1
}

down() {
  local i name pid left
  for ((i = ${#PARTS[@]} - 1; i >= 0; i--)); do
    name=${PARTS[i]}
    pid=$(pid_of "$name")
    if [[ -n $pid ]]; then
      stop_pid "$name" "$pid"
      echo "$name stopped (pid $pid)"
    fi
    rm -f "$STATE/run/$name.pid"
  done
  pid=$(postgres_pid)
  if [[ -n $pid ]]; then
    # the ETL did not stop it (killed): a fast shutdown, as `pg_ctl stop -m fast` does
    kill -INT "$pid" 2>/dev/null || true
    stop_pid postgres "$pid"
    echo "the ETL's embedded PostgreSQL stopped (pid $pid)"
  fi
  left=$(for p in /proc/[0-9]*; do
    tr '\0' ' ' <"$p/cmdline" 2>/dev/null | grep -qF -- "$STATE/" && echo "${p#/proc/}"
  done || true)
  if [[ -n $left ]]; then
    die "still running with $STATE in their command line: pids $(echo $left)"
  fi
  echo "local-stack: down"
}

case ${1:-} in
  up) shift && up "$@" ;;
  down) down ;;
  status) status ;;
  *)
    sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
    [[ -z ${1:-} ]] && exit 0 || exit 2
    ;;
esac
