#!/bin/sh
# Renders the Alertmanager configuration of the dropscope stack, then optionally runs a command
# (Alertmanager itself, in compose.yaml):
#
#   render-config.sh SOURCE_DIR OUT_DIR [SECRETS_DIR] [-- COMMAND ARGS...]
#
# Copies SOURCE_DIR/alertmanager.yml (alert-rules/generated/alertmanager/) and the templates beside
# it (*.tmpl) into OUT_DIR, readable by the current user only, and there:
# - fills every ${NAME} placeholder (NAME in capitals, digits and _) whose environment variable is
#   set and not empty: the secrets Alertmanager 0.25 cannot read from files (docs/alerting.md).
#   A placeholder whose variable is unset stays as it is: the configuration still loads and only
#   that receiver fails when it sends (Alertmanager logs it). Values are never printed.
# - with SECRETS_DIR, points the *_file settings at SECRETS_DIR instead of /etc/alertmanager/secrets.
#
# POSIX sh and awk only: runs in the prom/alertmanager image (busybox) and on Debian (dash, mawk).
set -eu

usage() {
  echo "usage: render-config.sh SOURCE_DIR OUT_DIR [SECRETS_DIR] [-- COMMAND ARGS...]" >&2
  exit 2
}

[ $# -ge 2 ] || usage
src=$1
out=$2
shift 2
secrets=""
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
  secrets=$1
  shift
fi
if [ $# -gt 0 ]; then
  [ "$1" = "--" ] || usage
  shift
fi

if [ ! -f "$src/alertmanager.yml" ]; then
  echo "render-config: $src/alertmanager.yml does not exist; generate it with dropscope-rules (docs/alerting.md)" >&2
  exit 1
fi

umask 077
mkdir -p "$out"
for template in "$src"/*.tmpl; do
  [ -e "$template" ] && cp "$template" "$out/"
done

# Only ${NAME} is touched: Go templates ({{ $labels.x }}) and other $ signs stay as they are.
awk -v secrets="$secrets" '
  function fill(line,    done, name, value) {
    done = ""
    while (match(line, /\$\{[A-Z_][A-Z0-9_]*\}/)) {
      name = substr(line, RSTART + 2, RLENGTH - 3)
      value = ENVIRON[name]
      done = done substr(line, 1, RSTART - 1)
      if (value == "") {
        done = done substr(line, RSTART, RLENGTH)
        missing[name] = 1
      } else if (value ~ /["\047\\]/) {
        printf "render-config: %s holds a quote or a backslash, which the configuration cannot take\n", name > "/dev/stderr"
        failed = 1
        done = done substr(line, RSTART, RLENGTH)
      } else {
        done = done value
        filled[name] = 1
      }
      line = substr(line, RSTART + RLENGTH)
    }
    return done line
  }
  {
    line = fill($0)
    if (secrets != "") {
      gsub(/\/etc\/alertmanager\/secrets\//, secrets "/", line)
    }
    print line
  }
  END {
    for (name in filled) printf "render-config: filled ${%s}\n", name > "/dev/stderr"
    for (name in missing) printf "render-config: %s is not set: ${%s} stays, and the receivers that use it cannot send\n", name, name > "/dev/stderr"
    exit failed
  }
' "$src/alertmanager.yml" > "$out/alertmanager.yml.new"
mv "$out/alertmanager.yml.new" "$out/alertmanager.yml"

if [ $# -gt 0 ]; then
  exec "$@"
fi
