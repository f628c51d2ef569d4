#!/usr/bin/env bash
# Installs what is needed, builds, and starts chronicled with every service in one process on the
# embedded log under ./data. Extra arguments go to chronicled (e.g. --listen=0.0.0.0:50051).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
tools/build.sh chronicled chronicle
echo "serve: the CLI is build/tools/chronicle/chronicle (try: build/tools/chronicle/chronicle log stats)"
# Prometheus metrics on 127.0.0.1:9464/metrics unless set otherwise (a --metrics-listen flag wins).
export CHRONICLE_METRICS_LISTEN="${CHRONICLE_METRICS_LISTEN-127.0.0.1:9464}"
exec build/services/chronicled/chronicled "$@"
