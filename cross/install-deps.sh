#!/usr/bin/env bash
# Installs every Debian package the project needs, and nothing else.
# This is the only place that names packages. Idempotent: when everything is
# present it changes nothing and needs no network.
#   cross/install-deps.sh            build, test and demo dependencies (host)
#   cross/install-deps.sh --test     also Prometheus' promtool, unpacked (cross/fetch-promtool.sh)
#   cross/install-deps.sh --arm64    also the aarch64 cross toolchain and sysroot
#   cross/install-deps.sh --bench    also what the benchmarks in bench/ use
set -euo pipefail

HOST_PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config file
  # libraries
  libboost-dev libpaho-mqttpp-dev libpaho-mqtt-dev libxgboost-dev
  libsqlite3-dev libyaml-cpp-dev nlohmann-json3-dev libsimdjson-dev libspdlog-dev libfmt-dev
  libcli11-dev libssl-dev libsystemd-dev
  # tests and demo: a real broker and real HTTP clients
  catch2 mosquitto mosquitto-clients curl sqlite3
  # tests: models trained by XGBoost's Python binding, imported by the gateway
  python3-xgboost python3-numpy
  # tests: GET /metrics read back by the Prometheus client library's own parser
  python3-prometheus-client
)

# Development packages whose arm64 (or architecture-independent) builds make
# the cross sysroot (see cross/make-arm64-sysroot.sh): CMake looks for every
# dependency inside the sysroot only, header-only ones included.
ARM64_SYSROOT_PACKAGES=(
  libc6-dev libstdc++-12-dev libboost-dev libpaho-mqttpp-dev libpaho-mqtt-dev
  libxgboost-dev libsqlite3-dev libyaml-cpp-dev libspdlog-dev libfmt-dev
  libssl-dev libsystemd-dev nlohmann-json3-dev libsimdjson-dev libcli11-dev
)
ARM64_HOST_PACKAGES=(crossbuild-essential-arm64 qemu-user)

# Benchmarks only (bench/): an HTTP load generator and a process timer.
BENCH_PACKAGES=(wrk time)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing() {
  local pkg
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      echo "$pkg"
    fi
  done
}

install_host() {
  local todo
  mapfile -t todo < <(missing "$@")
  if [ "${#todo[@]}" -eq 0 ]; then return 0; fi
  echo "Installing: ${todo[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${todo[@]}"
}

install_host "${HOST_PACKAGES[@]}"

if [ "${1:-}" = "--test" ]; then
  "$(dirname "$0")/fetch-promtool.sh"
fi

if [ "${1:-}" = "--bench" ]; then
  install_host "${BENCH_PACKAGES[@]}"
fi

if [ "${1:-}" = "--arm64" ]; then
  install_host "${ARM64_HOST_PACKAGES[@]}"
  "$(dirname "$0")/make-arm64-sysroot.sh" "${ARM64_SYSROOT_PACKAGES[@]}"
fi
