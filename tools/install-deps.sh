#!/usr/bin/env bash
# Installs everything Chronicle needs to build, run and test, from Debian 12 packages only.
# Idempotent: a second run installs nothing new. Must run as root (or through sudo).
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libgoogle-common-protos-java   # ships google/rpc/*.proto (error details), no JRE needed
  grpc-proto                     # health and reflection protos, for tests that act as standard clients
  librocksdb-dev libabsl-dev
  libyaml-cpp-dev libcli11-dev libspdlog-dev libfmt-dev nlohmann-json3-dev libssl-dev
  prometheus-cpp-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libphonenumber-dev libicu-dev   # phone normalization; case folding and transliteration
  libcsv-dev                      # RFC 4180 CSV parsing for imports
  libjemalloc-dev                 # chronicled's allocator
  libical-dev tzdata              # RRULE expansion (RFC 5545); time zones for due times
  libcurl4-openssl-dev            # webhook (HTTP) and e-mail (SMTP) delivery
  librdkafka-dev kcat             # the Kafka event log; its mock cluster for tests; kcat reads topics
  unzip procps
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "install-deps: all ${#packages[@]} packages present"
