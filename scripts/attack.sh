#!/usr/bin/env bash
# Rerun the attack of issue 14 against `tutor serve` on loopback and print a table of check,
# requests and failures (README, "Attacking it"). Outside `make test`; takes about 15 minutes.
# Every server it starts listens on 127.0.0.1 only and is stopped at the end; all traffic is loopback.
#
#   scripts/attack.sh [--label before|after] [--seconds 20] [--fuzz-seconds 300]
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
command -v wrk >/dev/null 2>&1 || {
    $SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends wrk
}
make --no-print-directory install index >/dev/null
exec .venv/bin/python -m scripts.attack "$@"
