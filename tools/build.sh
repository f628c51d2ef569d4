#!/usr/bin/env bash
# Configures and builds Chronicle into ./build (Release-with-debug-info, ccache, Ninja, -j2).
# Usage: tools/build.sh [ninja targets...]   (default: everything)
set -euo pipefail
cd "$(dirname "$0")/.."
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
if [[ ! -f build/build.ninja ]]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
ninja -C build -j "${CHRONICLE_JOBS:-2}" "$@"
