#!/usr/bin/env bash
# Resident memory with the JVM flags the package ships: runs the installed launcher (from the built .deb,
# unpacked into a temporary folder) on ServiceFootprintBenchmark, a barn site's steady state without hardware.
# Once `edgetally run` exists, measure the service itself instead:
#   sudo systemctl start edgetally; sleep 600; grep -E 'VmRSS|VmHWM' /proc/$(systemctl show -p MainPID --value edgetally)/status
# Usage: deploy-scripts/measure-rss.sh [CYCLES] (after `mvn package`; starts mosquitto on a free port if installed)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cycles=${1:-3000}
deb=$(ls -t "$repo"/firmware-app/target/edgetally_*_all.deb | head -n 1)
tests="$repo/firmware-app/target/test-classes"
[ -f "$tests/io/edgetally/systemd/ServiceFootprintBenchmark.class" ] || { echo "build first: mvn package" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'kill "${broker_pid:-}" 2>/dev/null || true; rm -rf "$tmp"' EXIT
dpkg-deb -x "$deb" "$tmp"

mqtt=""
if command -v mosquitto >/dev/null 2>&1; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  printf 'listener %s 127.0.0.1\nallow_anonymous true\n' "$port" > "$tmp/mosquitto.conf"
  mosquitto -c "$tmp/mosquitto.conf" >/dev/null 2>&1 & broker_pid=$!
  sleep 1
  mqtt="-Dfootprint.mqtt=tcp://127.0.0.1:$port"
fi

# The launcher puts EDGETALLY_JAVA_OPTS after its own flags: naming a class path and main class there runs the
# benchmark with exactly the shipped flags (the launcher's own -cp and main class become ignored arguments).
cd "$repo"
EDGETALLY_LIB_DIR="$tmp/usr/share/edgetally/lib" \
EDGETALLY_JAVA_OPTS="${EXTRA_OPTS:-} -Dfootprint.cycles=$cycles $mqtt -cp $tmp/usr/share/edgetally/lib/*:$tests io.edgetally.systemd.ServiceFootprintBenchmark" \
  "$tmp/usr/bin/edgetally"
