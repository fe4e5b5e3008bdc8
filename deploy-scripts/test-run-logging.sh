#!/usr/bin/env bash
# `edgetally run` must say what it does, on stderr (the journal under systemd), when started by the developer
# launcher too: an installer rehearsing with `./edgetally sim barn` + `./edgetally run` sees the same log lines as
# the installed service (deploy-scripts/test-package-systemd.sh checks those in the journal of a booted system).
#
# Runs `./edgetally sim barn` and `./edgetally run` as two processes on loopback (every port chosen by the kernel)
# and checks: run logs its start and its running line (with the CoAP address it really listens on, which answers
# `./edgetally status`), logs its stop on SIGTERM, and the simulator's own output stays free of INFO lines.
# Usage: deploy-scripts/test-run-logging.sh (from anywhere; builds on first use like ./edgetally). About 20 s.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
tp=test-run-logging
# shellcheck source=deploy-scripts/test-package-lib.sh
. "$here/test-package-lib.sh"

w=$(mktemp -d)
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$w"
}
trap cleanup EXIT

"$repo/edgetally" help > /dev/null  # builds now if needed, so that the waits below time only the programs

"$repo/edgetally" sim barn --dir "$w/sim" --meter-port 0 --io-port 0 > "$w/sim.out" 2> "$w/sim.err" &
pids+=($!)
wait_for 60 "'running until killed' from sim barn (stdout: $w/sim.out)" grep -q 'running until killed' "$w/sim.out"
config="$w/sim/edgetally.yaml"
[ -f "$config" ] || fail "sim barn printed its config but did not write $config"
# The snippet sim barn prints has no CoAP section: the default UDP 5683 would collide with anything else on this
# machine, so let the kernel choose (the running line reports the port actually bound)
printf 'coap:\n  bind: 127.0.0.1\n  port: 0\n  dtls-port: 0\n' >> "$config"

"$repo/edgetally" run --config "$config" > "$w/run.out" 2> "$w/run.err" &
run_pid=$!
pids+=("$run_pid")
running='\[INFO\] ServiceLoop - running: curing batch 1 \(middle-leaf\); CoAP coap://127\.0\.0\.1:[0-9]+, cycle 15 s'
logged_running() { grep -Eq "$running" "$w/run.err"; }
if ! (wait_for 60 "the running line" logged_running) 2>/dev/null; then
  fail "expected the log line 'ServiceLoop - running: curing batch 1 ...' on run's stderr within 60 s; its stderr: $(head -c 2000 "$w/run.err")"
fi
grep -q '\[INFO\] BarnSite - started batch 1 with schedule middle-leaf' "$w/run.err" \
  || fail "run's stderr lacks the start line 'BarnSite - started batch 1 with schedule middle-leaf': $(cat "$w/run.err")"
port=$(grep -Eo "$running" "$w/run.err" | sed -E 's/.*:([0-9]+), cycle.*$/\1/')
ok "./edgetally run logs: $(grep -E 'BarnSite|ServiceLoop' "$w/run.err" | tr '\n' ';')"

# the logged address is the real one: the operator's command reads the barn there
status=$("$repo/edgetally" status "coap://127.0.0.1:$port" 2>&1) || fail "edgetally status coap://127.0.0.1:$port: $status"
expect_contains "edgetally status at the logged address" "$status" "barn-01 at site sim-barn"

kill -TERM "$run_pid"
wait "$run_pid" || true
grep -q '\[INFO\] ServiceLoop - stopping: heat off, position saved, relays released' "$w/run.err" \
  || fail "no stop line on SIGTERM: $(tail -n 5 "$w/run.err")"
ok "the running line's CoAP address answers, SIGTERM logs the stop"

# the simulator keeps its quiet settings: its own progress on stdout, library chatter only from WARN up
if grep -q '\[INFO\]' "$w/sim.err" "$w/sim.out"; then
  fail "sim barn printed INFO log lines (its quiet settings were lost): $(grep -h '\[INFO\]' "$w/sim.err" "$w/sim.out" | head -n 5)"
fi
ok "sim barn printed no INFO log lines"
echo "$tp: all checks passed"
