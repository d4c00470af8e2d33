#!/usr/bin/env bash
# Puts Prometheus' own checker in cross/tools/bin/promtool, for the tests of
# GET /metrics (`promtool check metrics`: the parser Prometheus scrapes with,
# plus its lint). Unpacked from Debian's prometheus package, never installed:
# installing it would also enable and start a Prometheus server here.
#   cross/fetch-promtool.sh        (normally run by cross/install-deps.sh --test)
# Idempotent: once promtool is there it does nothing and needs no network.
set -euo pipefail

CROSS_DIR=$(cd "$(dirname "$0")" && pwd)
TOOLS="$CROSS_DIR/tools"
PROMTOOL="$TOOLS/bin/promtool"

if [ -x "$PROMTOOL" ]; then exit 0; fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# apt-get download needs the package lists, which a fresh machine may lack.
if ! (cd "$work" && apt-get download -q prometheus >/dev/null 2>&1); then
  $SUDO apt-get update -q
  (cd "$work" && apt-get download -q prometheus)
fi
dpkg-deb -x "$work"/prometheus_*.deb "$work/unpacked"
mkdir -p "$TOOLS/bin"
cp "$work/unpacked/usr/bin/promtool" "$PROMTOOL.partial"
mv "$PROMTOOL.partial" "$PROMTOOL"
echo "fetch-promtool: $("$PROMTOOL" --version 2>&1 | head -1)" >&2
