#!/bin/bash
# Container healthcheck of the dropscope images, without curl or wget in the image:
#   healthcheck PORT PATH
# GETs http://127.0.0.1:PORT/PATH and succeeds when the answer is HTTP 200 within 5 seconds.
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: healthcheck PORT PATH" >&2; exit 2; }
exec 3<>"/dev/tcp/127.0.0.1/$1"
printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$2" >&3
IFS= read -r -t 5 status <&3
[[ $status == HTTP/1.?' 200'* ]] || { echo "GET $2: ${status%$'\r'}" >&2; exit 1; }
