#!/usr/bin/env bash
# Installs what is needed, builds everything, and runs every test (unit, gRPC integration, crash
# and storage-fault tests). This is what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
tools/build.sh
cd build
ctest --output-on-failure -j "${CHRONICLE_JOBS:-2}" --timeout 600
