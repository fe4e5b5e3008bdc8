#!/usr/bin/env bash
# Resident memory of the real service: `edgetally run` for a barn, started by the packaged launcher (from the built
# .deb, unpacked into a temporary folder) with exactly its JVM flags, against `edgetally sim barn` in a process of
# its own (meter, relay board and transmitters over Modbus TCP on loopback, free ports). After MINUTES of real
# time (32 cycles take 8) it reads /status once over CoAP, then prints VmHWM, VmRSS, RssAnon, RssFile, the
# thread count and the CPU seconds (user + system) of the service's process.
#   bench/rss-run-barn.sh [MINUTES] [EXTRA JVM OPTIONS...]      (after `mvn package`; extra options go after the
#                                                              launcher's own, as EDGETALLY_JAVA_OPTS would)
# With -XX:NativeMemoryTracking=summary among the options it also prints the JVM's own account of its memory
# (jcmd VM.native_memory), which costs a few MB itself: a diagnosis, not a figure to compare.
# MALLOC_ARENA_MAX and other environment variables pass through to the service.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
minutes=${1:-8}; shift || true
extra="$*"
deb=$(ls -t "$repo"/firmware-app/target/edgetally_*_all.deb | head -n 1)
tmp=$(mktemp -d)
trap 'kill "${sim_pid:-}" "${run_pid:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$tmp"' EXIT
dpkg-deb -x "$deb" "$tmp/pkg"

"$repo/edgetally" sim barn --dir "$tmp/sim" --meter-port 0 --io-port 0 > "$tmp/sim.log" 2>&1 & sim_pid=$!
for _ in $(seq 1 120); do [ -s "$tmp/sim/edgetally.yaml" ] && break; sleep 1; done
[ -s "$tmp/sim/edgetally.yaml" ] || { echo "sim barn did not start: $(cat "$tmp/sim.log")" >&2; exit 1; }
# the config sim barn prints has CoAP on two loopback ports the kernel found free: 5683 may be taken here

EDGETALLY_LIB_DIR="$tmp/pkg/usr/share/edgetally/lib" EDGETALLY_JAVA_OPTS="$extra" \
  "$tmp/pkg/usr/bin/edgetally" run --config "$tmp/sim/edgetally.yaml" > "$tmp/run.log" 2>&1 & run_pid=$!
sleep $((minutes * 60))
uri=$(sed -n 's/.*CoAP \(coap:\/\/[0-9.:]*\).*/\1/p' "$tmp/run.log" | head -n 1)
[ -n "$uri" ] && "$repo/edgetally" status "$uri" > "$tmp/status.txt" 2>&1 || echo "no CoAP status read (uri '$uri')" >&2
sleep 2
status=/proc/$run_pid/status
[ -r "$status" ] || { echo "the service is not running: $(tail -5 "$tmp/run.log")" >&2; exit 1; }
echo "edgetally run (barn), $minutes min, extra options: ${extra:-none}"
grep -E '^(VmHWM|VmRSS|RssAnon|RssFile|Threads):' "$status" | tr -s ' \t' ' ' | paste -sd' '
# utime and stime, fields 14 and 15 of /proc/PID/stat (after the parenthesised command name), in clock ticks
sed 's/^.*) //' "/proc/$run_pid/stat" | awk -v hz="$(getconf CLK_TCK)" \
  '{ printf "CPU: %.1f s (user %.1f s, system %.1f s)\n", ($12 + $13) / hz, $12 / hz, $13 / hz }'
echo "java: $(readlink -f /proc/$run_pid/exe); machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
case "$extra" in
  *NativeMemoryTracking*) "$(dirname "$(readlink -f /proc/$run_pid/exe)")/jcmd" "$run_pid" VM.native_memory summary \
                            | grep -E '^(Total|-) ' ;;
esac
