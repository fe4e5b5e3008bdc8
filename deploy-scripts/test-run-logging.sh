#!/usr/bin/env bash
# `edgetally run` must say what it does, on stderr (the journal under systemd), when started by the developer
# launcher too: an installer rehearsing with `./edgetally sim barn` + `./edgetally run` sees the same log lines as
# the installed service (deploy-scripts/test-package-systemd.sh checks those in the journal of a booted system).
#
# Runs `./edgetally sim barn` and `./edgetally run` on the config sim barn printed (unedited but for a shorter
# cycle), as two processes on loopback (every port chosen by the kernel) and checks: run logs its start (version,
# config file), a one-line summary of its config (site, device, kind, meter, relay board, probes, uplink, CoAP) and
# its running line (with the CoAP address it really listens on, the one the printed config names, which answers
# `./edgetally status`); each link once when it comes up (meter, probes, relay board); when the simulator stops
# answering (SIGSTOP) one warning per link that fails, the meter's among them, and one line each when they come
# back, however many cycles that takes; its stop on SIGTERM; and the simulator's own output stays free of INFO
# lines. Usage: deploy-scripts/test-run-logging.sh (from anywhere; builds on first use like ./edgetally). About 60 s.
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
# The config sim barn prints runs as it is: its CoAP section names two ports the kernel found free on loopback
coap_port=$(sed -n 's/^  port: \([0-9]*\)$/\1/p' "$config")
[ -n "$coap_port" ] && [ "$coap_port" != 5683 ] \
  || fail "the config sim barn printed has no CoAP port of its own (expected a free port, not 5683): $(cat "$config")"
# a short cycle, so that a link's failure and return are seen within seconds
sed -i 's/^cycle: 15s$/cycle: 3s/' "$config"
grep -q '^cycle: 3s$' "$config" || fail "sim barn's config has no 'cycle: 15s' line to shorten: $(cat "$config")"

"$repo/edgetally" run --config "$config" > "$w/run.out" 2> "$w/run.err" &
run_pid=$!
pids+=("$run_pid")
running='\[INFO\] ServiceLoop - running: curing batch 1 \(middle-leaf\); CoAP coap://127\.0\.0\.1:[0-9]+, cycle 3 s'
logged_running() { grep -Eq "$running" "$w/run.err"; }
if ! (wait_for 60 "the running line" logged_running) 2>/dev/null; then
  fail "expected the log line 'ServiceLoop - running: curing batch 1 ...' on run's stderr within 60 s; its stderr: $(head -c 2000 "$w/run.err")"
fi
grep -q '\[INFO\] BarnSite - started batch 1 with schedule middle-leaf' "$w/run.err" \
  || fail "run's stderr lacks the start line 'BarnSite - started batch 1 with schedule middle-leaf': $(cat "$w/run.err")"
port=$(grep -Eo "$running" "$w/run.err" | sed -E 's/.*:([0-9]+), cycle.*$/\1/')
expect_eq "the CoAP port run listens on" "$port" "$coap_port"
ok "./edgetally run logs: $(grep -E 'BarnSite|ServiceLoop' "$w/run.err" | tr '\n' ';')"

# its start and its config, each once, before anything else
has() { grep -Eq "$1" "$w/run.err" || fail "run's stderr lacks $2 (/$1/): $(head -c 3000 "$w/run.err")"; }
count() { grep -Ec "$1" "$w/run.err" || true; }
has '^\[INFO\] RunCommand - edgetally [0-9][^ ]* starting: config '"$config"'$' "the start line with version and config file"
summary='^\[INFO\] RunCommand - curing-barn barn-01 at site sim-barn: cycle 3 s; .*meter sdm630 at tcp://127\.0\.0\.1:[0-9]+ unit 1; relay board at tcp://127\.0\.0\.1:[0-9]+ unit 2 \(7 relays, 2 inputs\); Modbus probes dry-bulb at .*; no uplink .*; CoAP udp 127\.0\.0\.1:'"$coap_port"
has "$summary" "the config summary"
meter_up='LinkLog - meter SDM630 @ tcp://127\.0\.0\.1:[0-9]+ unit 1 up: reads [0-9.]+ kWh'
links_up() { [ "$(count "$meter_up")" = 1 ] && [ "$(count 'LinkLog - probe (dry|wet)-bulb up: ')" = 2 ]; }
wait_for 20 "the meter's and both probes' 'up' lines" links_up
has 'ModbusRelayBoard - relay board tcp://127\.0\.0\.1:[0-9]+ unit 2 up$' "the relay board's up line"
ok "run logs its start, its config in one line, and each link once as it comes up"

# the simulator stops answering for several cycles: each link says so once, and once again when it is back
sim_java=$(pgrep -P "${pids[0]}" java || echo "${pids[0]}")
kill -STOP "$sim_java"
meter_down='\[WARN\] LinkLog - meter SDM630 @ tcp://127\.0\.0\.1:[0-9]+ unit 1 failing: cannot be read'
meter_failing() { [ "$(count "$meter_down")" -ge 1 ]; }
wait_for 30 "the meter's failing line" meter_failing
# about three more cycles while it stays silent, about which nothing more may be logged
sleep 10
kill -CONT "$sim_java"
meter_back='\[INFO\] LinkLog - meter SDM630 @ tcp://127\.0\.0\.1:[0-9]+ unit 1 up again: reads'
meter_is_back() { [ "$(count "$meter_back")" = 1 ]; }
wait_for 30 "the meter's 'up again' line" meter_is_back
[ "$(count "$meter_down")" = 1 ] || fail "the meter's failure was logged $(count "$meter_down") times, not once: $(grep -E "$meter_down" "$w/run.err")"
[ "$(count 'LinkLog - probe dry-bulb failing')" = 1 ] || fail "the dry-bulb probe's failure was not logged exactly once: $(tail -n 30 "$w/run.err")"
[ "$(count 'relay board tcp://127\.0\.0\.1:[0-9]+ unit 2: .*(no answer|not sent)')" = 1 ] \
  || fail "the silent relay board was not warned about exactly once: $(grep 'ModbusRelayBoard' "$w/run.err")"
has 'relay board tcp://127\.0\.0\.1:[0-9]+ unit 2 answers again$' "the relay board's 'answers again' line"
ok "a silent simulator: $(count '\[WARN\]') warning(s) in all, one per failing link, then one line each when back"

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
