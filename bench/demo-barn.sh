#!/usr/bin/env bash
# Benchmark: how many times faster than real time a whole simulated cure runs, with everything the demo runs
# (barn model, controller over Pi4J mock pins, 1-Wire files and Modbus TCP, SQLite, ledger with Ed25519
# signatures, MQTT uplink to Debian's Mosquitto, the registry module verifying and storing every report in an
# embedded PostgreSQL and signing its acks, CoAP endpoint).
#   bench/demo-barn.sh [RUNS] [--heating heat-pump]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-3}"; shift || true
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$root/edgetally" demo barn --out "$out/warm" --max-hours 20 "$@" > /dev/null 2>&1 || true   # build, warm the disk cache
for i in $(seq 1 "$runs"); do
  "$root/edgetally" demo barn --out "$out/run$i" "$@" 2>/dev/null | sed -n 's/^cure .* in \([0-9.]*\) barn-hours (\([0-9.]*\) s wall, \([0-9]*\)× real time)/run '"$i"': \1 barn-hours in \2 s = \3× real time/p'
done
echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
