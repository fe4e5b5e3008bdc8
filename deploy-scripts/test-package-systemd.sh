#!/usr/bin/env bash
# Part 5 of test-package.sh: the package under a REAL systemd. Run by it inside `unshare -m` (a private mount
# namespace, gone when this exits). Boots this machine's own root, seen through an overlay whose writes land in a
# throw-away folder, as a container with systemd as PID 1:
#   systemd-nspawn --boot --register=no --keep-unit --private-network
# (--register=no and --keep-unit: no systemd-machined or host systemd needed; --private-network: the container has
# its own loopback, so the simulator's Modbus ports and the service's CoAP ports 5683/5684 collide with nothing on
# this machine). systemd-nspawn and the booted systemd are this machine's, so they are the same version.
#
# In the booted system it shows, each check failing loudly with what was expected:
#   install   dpkg -i without --force: user, groups, enabled, not started; a start on the unedited template fails
#             with exit 2 and systemd does not restart it
#   run       the service pointed at `edgetally sim barn` (the repository's developer launcher, run in the
#             container as a transient unit): READY (Type=notify), the STATUS line, watchdog pings, its log in
#             `systemctl status` and `journalctl -u edgetally`, `edgetally status` over CoAP
#   identity  user edgetally with its groups, no capabilities, no new privileges, a seccomp filter
#   sandbox   writes tried from inside the service's own mount namespace, as its user and as root: only
#             /var/lib/edgetally and /var/cache/edgetally take them; /tmp and /var/tmp are its private ones
#   stop      `systemctl stop` logs the safe stop and ends in success (not "failed")
#   watchdog  SIGSTOP of the JVM: systemd's watchdog fires, SIGQUIT puts a thread dump in the journal, the JVM is
#             killed and restarted, and the cure resumes the same batch and step
#   upgrade   a second build with a higher version, installed while running: restarted, data, keys, edited config
#             and the administrator's drop-in kept
#   remove    apt-get remove: stopped, program gone, config, data and keys kept; purge: all gone, user kept
#   security  `systemd-analyze security` of the loaded unit, at most the threshold test-package-lib.sh enforces
#
# Java: the package Depends on a Java 21+ runtime package. Where dpkg knows one (openjdk-21 on Debian 13, Temurin
# from the Adoptium apt repository) nothing is added. This machine has only Temurin 25 unpacked under /usr/lib/jvm
# without dpkg (Debian 12 has no Java 21 package); then a marker package, edgetally-test-java-runtime, with no
# files, Provides java21-runtime-headless inside the container only, as `equivs` would on a Pi with a hand-unpacked
# runtime. The package is thus installed with its real dependency check (never --force-depends), and the test
# shows that the service runs on that runtime. If there is no Java 21+ at all, the part fails: the service cannot
# run without one.
#
# One test-only change to the unit, as a drop-in: WatchdogSec=6s for the watchdog check (the shipped 60 s would
# add a minute), with the config's cycle at 2 s to keep under half of it. SIGQUIT, TimeoutAbortSec and RestartSec
# are the shipped ones. 60-80 s on a 2-core machine (docs/benchmarks.md).
# Usage: test-package-systemd.sh DEB WORKDIR REPO
set -euo pipefail
# a command that fails outside a check still says where
trap 'echo "$tp: FAIL: [systemd] line $LINENO: \"$BASH_COMMAND\" failed" >&2' ERR
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=deploy-scripts/test-package-lib.sh
. "$here/test-package-lib.sh"
deb=$1 w=$2 repo=$3
t0=$SECONDS
phase() { echo "$tp: [systemd] --- $* (at $((SECONDS - t0)) s)"; }

# --- the container's root: this machine's, copy-on-write ------------------------------------------------------------
root="$w/root" share="$w/share"
mkdir -p "$w/upper" "$w/work" "$root" "$share"
mount --make-rprivate /
mount -t overlay overlay -o "lowerdir=/,upperdir=$w/upper,workdir=$w/work" "$root"
[ -x "$root/lib/systemd/systemd" ] || fail "no /lib/systemd/systemd on this machine to boot"
[ -z "$(awk -F: '$1 == "edgetally"' "$root/etc/passwd")" ] || fail "this machine already has a user edgetally; the test needs a fresh one"
# its own machine id (journald and systemd-firstboot want one), and none of this machine's enabled services or
# timers (a broker, a database, apt's daily runs): only what the test starts runs in there
systemd-id128 new > "$root/etc/machine-id"
rm -f "$root"/etc/systemd/system/{multi-user,timers,getty,default,graphical}.target.wants/*
rm -rf "$root/etc/systemd/system/edgetally.service.d"
cp "$deb" "$share/edgetally.deb"
repack_newer "$deb" "$share/edgetally-newer.deb"

nspawn_pid=""
leader=""
# everything in the container runs with a clean environment, as root of the container
in_ct() {
  nsenter --target "$leader" --all -- env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root LANG=C.UTF-8 SYSTEMD_PAGER= SYSTEMD_COLORS=0 DEBIAN_FRONTEND=noninteractive "$@"
}
show() { in_ct systemctl show -P "$2" "$1"; }  # show UNIT PROPERTY
finish() {
  local rc=$?
  if [ -n "$leader" ] && kill -0 "$leader" 2>/dev/null; then
    if [ "$rc" != 0 ]; then
      echo "$tp: [systemd] the service's journal at the failure:" >&2
      in_ct journalctl -u edgetally -u edgetally-sim-barn --no-pager -n 60 -o short-monotonic >&2 || true
    fi
    kill -TERM "$nspawn_pid" 2>/dev/null || true   # nspawn asks the container's systemd to power off
  fi
  if [ -n "$nspawn_pid" ]; then
    local deadline=$((SECONDS + 30))
    while kill -0 "$nspawn_pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
    kill -KILL "$nspawn_pid" 2>/dev/null || true
    wait "$nspawn_pid" 2>/dev/null || true
  fi
  exit "$rc"
}
trap finish EXIT
trap 'exit 143' TERM INT  # so that an interrupted run still powers the container off

# --- boot --------------------------------------------------------------------------------------------------------------
phase "boot"
systemd-nspawn --quiet --boot --register=no --keep-unit --private-network --machine=edgetally-ci \
  --directory="$root" --bind-ro="$repo" --bind="$share:/srv/edgetally-test" --console=pipe \
  < /dev/null > "$w/console.log" 2>&1 &
nspawn_pid=$!
container_up() {
  kill -0 "$nspawn_pid" 2>/dev/null || fail "systemd-nspawn exited: $(tail -n 20 "$w/console.log")"
  leader=$(pgrep -P "$nspawn_pid" | head -n 1 || true)
  [ -n "$leader" ] && [ "$(cat "/proc/$leader/comm" 2>/dev/null)" = systemd ] && in_ct test -S /run/systemd/private
}
wait_for 60 "the container's systemd (PID 1) to come up" container_up
state=$(in_ct timeout 90 systemctl is-system-running --wait || true)
case "$state" in
  running) ;;
  degraded) echo "$tp: [systemd] boot degraded (units of this machine that do not fit a container):" \
              "$(in_ct systemctl --failed --no-legend --plain | awk '{ printf "%s ", $1 }')" ;;
  *) fail "booted system state: expected running or degraded, found '$state'" ;;
esac
expect_eq "PID 1 in the container" "$(in_ct cat /proc/1/comm)" "systemd"
expect_eq "the booted systemd's version" "$(in_ct systemctl --version | head -n 1)" "$(systemd-nspawn --version | head -n 1)"
ok "[systemd] booted $(in_ct systemctl --version | head -n 1) as PID 1 ($state) in $((SECONDS - t0)) s"

# --- Java -------------------------------------------------------------------------------------------------------------
java_group=$(dpkg-deb --field "$deb" Depends | tr ',' '\n' | grep java21-runtime-headless | tr -d ' ')
[ -n "$java_group" ] || fail "the package's Depends has no java21-runtime-headless alternative"
# alternatives a dpkg in the container already satisfies: installed, or provided by something installed
java_met=$(in_ct dpkg-query -W -f '${db:Status-Abbrev} ${Package} ${Provides}\n' | awk -v alts="$java_group" '
  BEGIN { n = split(alts, a, "|") }
  $1 == "ii" { for (i = 1; i <= n; i++) if ((" " $0 " ") ~ (" " a[i] "[ ,(]")) print a[i] }' | head -n 1)
jdk=$(in_ct sh -c 'for d in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -r -V); do
  v=$(sed -n "s/^JAVA_VERSION=\"\([0-9]*\).*/\1/p" "$d/release" 2>/dev/null)
  if [ -n "$v" ] && [ "$v" -ge 21 ] && [ -x "${d}bin/java" ]; then echo "${d%/}"; break; fi; done')
[ -n "$jdk" ] || fail "no Java 21+ under /usr/lib/jvm: the service cannot run (install one, see docs/install-pi.md step 3)"
if [ -n "$java_met" ]; then
  ok "[systemd] Java: dpkg has $java_met; the launcher will pick $jdk"
else
  mkdir -p "$w/marker/DEBIAN"
  cat > "$w/marker/DEBIAN/control" <<EOF
Package: edgetally-test-java-runtime
Version: 1
Architecture: all
Provides: java21-runtime-headless
Maintainer: edgetally developers <maintainers@edgetally.invalid>
Description: test only: a Java runtime unpacked outside dpkg
 Installed by deploy-scripts/test-package-systemd.sh in its throw-away container:
 $jdk is there but no package owns it.
EOF
  dpkg-deb --root-owner-group -b "$w/marker" "$share/marker.deb" > /dev/null
  out=$(in_ct dpkg -i /srv/edgetally-test/marker.deb 2>&1) || fail "installing the Java marker package: $out"
  ok "[systemd] Java: no dpkg package provides java21-runtime-headless; $jdk is unpacked outside dpkg, so the" \
     "marker package edgetally-test-java-runtime stands for it (no --force-depends)"
fi

# --- install ------------------------------------------------------------------------------------------------------------
phase "install"
# a Pi has the gpio group (Raspberry Pi OS makes it); the postinst adds the user to it
in_ct getent group gpio > /dev/null || in_ct groupadd --system gpio
out=$(in_ct dpkg -i /srv/edgetally-test/edgetally.deb 2>&1) || fail "dpkg -i (no --force): $out"
uid=$(in_ct id -u edgetally) gid=$(in_ct id -g edgetally)
groups=$(in_ct id -nG edgetally)
for g in gpio dialout; do grep -qw "$g" <<<"$groups" || fail "user edgetally not in group $g (has: $groups)"; done
expect_eq "systemctl is-enabled edgetally" "$(in_ct systemctl is-enabled edgetally || true)" "enabled"
expect_eq "after install, systemctl is-active edgetally (must not start before the config is edited)" \
  "$(in_ct systemctl is-active edgetally || true)" "inactive"
expect_eq "unit Type" "$(show edgetally Type)" "notify"
ok "[systemd] dpkg -i: user edgetally ($uid, groups $groups), enabled, not started, Type=notify"

# the unedited template: a start fails with exit code 2 and RestartPreventExitStatus=2 keeps systemd from retrying
if in_ct systemctl start edgetally 2> /dev/null; then fail "systemctl start on the unedited template succeeded"; fi
expect_eq "start on the unedited template: exit status" "$(show edgetally ExecMainStatus)" "2"
in_ct journalctl -u edgetally --no-pager | grep -q "is still the unedited template" \
  || fail "the journal does not say why the start on the template failed: $(in_ct journalctl -u edgetally --no-pager -n 5)"
template_failed_at=$SECONDS

# --- the simulated barn and a broker ----------------------------------------------------------------------------------------
phase "sim barn and Mosquitto"
# Debian's Mosquitto for the uplink, on loopback in the container
in_ct sh -c 'printf "listener 1883 127.0.0.1\nallow_anonymous true\npersistence false\n" > /run/edgetally-test-mosquitto.conf'
in_ct systemd-run --quiet --unit=edgetally-test-mosquitto mosquitto -c /run/edgetally-test-mosquitto.conf > /dev/null
# the repository's developer launcher, as a transient unit (its output in the journal); default ports, in the
# container's own network namespace
in_ct systemd-run --quiet --unit=edgetally-sim-barn --property=Type=exec \
  "$repo/edgetally" sim barn --dir /var/lib/edgetally-sim --coap-port 5683 --broker tcp://localhost:1883 > /dev/null
sim_ready() { in_ct journalctl -u edgetally-sim-barn --no-pager -o cat | grep -q 'running until killed'; }
wait_for 60 "'running until killed' from edgetally sim barn (journalctl -u edgetally-sim-barn)" sim_ready
# RestartSec=5s has passed since the failed start: systemd must not have tried again
[ $((SECONDS - template_failed_at)) -ge 6 ] || sleep $((6 - (SECONDS - template_failed_at)))
expect_eq "restarts after exit code 2 (RestartPreventExitStatus=2)" "$(show edgetally NRestarts)" "0"
expect_eq "state after exit code 2" "$(show edgetally ActiveState)" "failed"
ok "[systemd] a start on the unedited template fails with exit 2, says why in the journal, is not restarted"

# --- configure: the config sim barn printed (uplink and CoAP on 5683/5684 included), with the package's data folder,
# a short cycle and the operator key ---------------------------------------------------------------------------------
phase "configure"
in_ct sh -c 'sed -e "/^#/d" -e "s|^data-dir: .*|data-dir: /var/lib/edgetally|" -e "s|^cycle: .*|cycle: 2s|" \
    -e "s|^  dtls-port: 5684\$|&\n  psk-identity: operator\n  psk-secret-file: /etc/edgetally/coap.psk|" \
    /var/lib/edgetally-sim/edgetally.yaml > /etc/edgetally/edgetally.yaml'
grep -q "tcp: 127.0.0.1:15020" <<<"$(in_ct cat /etc/edgetally/edgetally.yaml)" \
  || fail "the config from sim barn does not point at its meter: $(in_ct cat /etc/edgetally/edgetally.yaml)"
out=$(in_ct edgetally-provision --site sim-barn --device barn-01 2>&1) || fail "edgetally-provision: $out"
expect_contains "edgetally-provision" "$out" "created the CoAP operator key /etc/edgetally/coap.psk"
sums() { in_ct sha256sum /var/lib/edgetally/keys/device.key /etc/edgetally/coap.psk /etc/edgetally/edgetally.yaml; }
keys_before=$(sums)

# --- start: READY, status, journal, CoAP -------------------------------------------------------------------------------
phase "start"
in_ct systemctl reset-failed edgetally
out=$(in_ct systemctl start edgetally 2>&1) || fail "systemctl start edgetally: $out; journal: $(in_ct journalctl -u edgetally --no-pager -n 20)"
expect_eq "after start, ActiveState/SubState" "$(show edgetally ActiveState)/$(show edgetally SubState)" "active/running"
# Type=notify: `systemctl start` returned when the JVM sent READY=1; STATUS= comes only over the notify socket
expect_contains "systemd's status line for the service (sd_notify STATUS=)" "$(show edgetally StatusText)" \
  "curing batch 1 (middle-leaf); CoAP coap://127.0.0.1:5683"
main=$(show edgetally MainPID)
exe=$(in_ct readlink "/proc/$main/exe")
expect_eq "the main process (the launcher execs the JVM, so READY comes from the main PID)" "$exe" "$jdk/bin/java"
expect_contains "the main process's command line" "$(in_ct cat "/proc/$main/cmdline" | tr '\0' ' ')" \
  "run --config /etc/edgetally/edgetally.yaml"
journal=$(in_ct journalctl -u edgetally --no-pager -o cat)
expect_contains "journalctl -u edgetally (the start line)" "$journal" " starting: config /etc/edgetally/edgetally.yaml"
expect_contains "journalctl -u edgetally (the config summary)" "$journal" \
  "[INFO] RunCommand - curing-barn barn-01 at site sim-barn: cycle 2 s; "
expect_contains "journalctl -u edgetally" "$journal" "[INFO] BarnSite - started batch 1 with schedule middle-leaf"
expect_contains "journalctl -u edgetally" "$journal" \
  "[INFO] ServiceLoop - running: curing batch 1 (middle-leaf); CoAP coap://127.0.0.1:5683, cycle 2 s"
status=$(in_ct systemctl status edgetally --no-pager -l -n 20 || true)
expect_contains "systemctl status edgetally" "$status" "Active: active (running)"
expect_contains "systemctl status edgetally" "$status" 'Status: "curing batch 1 (middle-leaf)'
expect_contains "systemctl status edgetally (its log)" "$status" "ServiceLoop - running: curing batch 1"
# the uplink, through the sandbox (the broker's name resolved without netlink sockets): the retained birth message
state_topic() { in_ct timeout 5 mosquitto_sub -h 127.0.0.1 -t edgetally/v1/sim-barn/barn-01/state -v -C 1 -W 3 2>/dev/null || true; }
# the birth is the signed chain head (edgetally.state/2: {..."state":"online"}), retained; the Will stays bare 'offline'
birth_seen() { grep -q '"state":"online"' <<<"$(state_topic)"; }
wait_for 20 "the service's retained 'online' state on the broker (uplink tcp://localhost:1883)" birth_seen
ping1=$(show edgetally WatchdogTimestampMonotonic)
pinged() { [ "$(show edgetally WatchdogTimestampMonotonic)" != "$ping1" ]; }
wait_for 10 "a watchdog ping (WATCHDOG=1 after a control cycle)" pinged
coap=$(in_ct edgetally status coap://127.0.0.1:5683 2>&1) || fail "edgetally status over CoAP: $coap"
expect_contains "edgetally status coap://127.0.0.1:5683" "$coap" "barn-01 at site sim-barn (curing-barn)"
grep -Eq 'uplink +connected' <<<"$coap" || fail "edgetally status: expected 'uplink connected', found: $coap"
grep -Eq 'step +0 of 8 · load' <<<"$coap" || fail "edgetally status: expected 'step 0 of 8 · load', found: $coap"
# it reads the simulated barn: probes over Modbus TCP have values, the meter and relay board raise no alarm
grep -Eq 'dry bulb +- +[0-9]+\.[0-9]+ °C' <<<"$coap" || fail "edgetally status: expected a dry-bulb reading from sim barn, found: $coap"
expect_contains "edgetally status (meter, probes and relay board of sim barn all answer)" "$coap" "ALARMS  none active"
ok "[systemd] started: READY (Type=notify) after $(( ($(show edgetally ActiveEnterTimestampMonotonic) - $(show edgetally ExecMainStartTimestampMonotonic)) / 1000 )) ms," \
   "STATUS and watchdog pings from the JVM ($exe), log in systemctl status and the journal, CoAP answers," \
   "uplink connected ($(state_topic))"

# --- identity and sandbox ------------------------------------------------------------------------------------------------
phase "identity and sandbox"
proc=$(in_ct cat "/proc/$main/status")
field_of() { awk -v k="$1:" '$1 == k { $1 = ""; sub(/^ /, ""); print }' <<<"$proc"; }
expect_eq "service Uid (real effective saved fs)" "$(field_of Uid | tr -s '\t ' ' ')" "$uid $uid $uid $uid"
expect_eq "service Gid" "$(field_of Gid | tr -s '\t ' ' ')" "$gid $gid $gid $gid"
for g in gpio dialout; do
  grep -qw "$(in_ct getent group "$g" | cut -d: -f3)" <<<"$(field_of Groups)" || fail "the service lacks group $g: Groups $(field_of Groups)"
done
for c in CapInh CapPrm CapEff CapBnd CapAmb; do expect_eq "service $c" "$(field_of "$c")" "0000000000000000"; done
expect_eq "service NoNewPrivs" "$(field_of NoNewPrivs)" "1"
expect_eq "service Seccomp (2 = filter)" "$(field_of Seccomp)" "2"

# Writes from inside the service's mount namespace: once as its user without capabilities (what the JVM could do),
# once as root with every capability (shows that a read-only mount stops it, not only file modes).
probe=".edgetally-sandbox-probe-$$"
try_write() {  # try_write AS DIR: prints the outcome (wrote, or the shell's error)
  local as=()
  [ "$1" = user ] && as=(setpriv --reuid=edgetally --regid=edgetally --init-groups --inh-caps=-all --bounding-set=-all --no-new-privs)
  { in_ct nsenter --target "$main" --mount -- "${as[@]}" sh -c "echo probe > '$2/$probe' && echo wrote" 2>&1 || true; } | tail -n 1
}
for d in /var/lib/edgetally /var/cache/edgetally; do
  for as in user root; do expect_eq "write to $d as $as, in the service's namespace" "$(try_write $as "$d")" "wrote"; done
  in_ct nsenter --target "$main" --mount -- rm -f "$d/$probe"
done
for d in /tmp /var/tmp; do  # PrivateTmp: writable, but the service's own, thrown away when it stops
  expect_eq "write to $d as user, in the service's namespace" "$(try_write user "$d")" "wrote"
  if in_ct test -e "$d/$probe"; then fail "PrivateTmp: the service's write to $d reached the system's $d"; fi
done
denied=""
for d in / /etc /etc/edgetally /etc/systemd /usr /usr/bin /usr/share/edgetally /usr/local /opt /srv /home /root \
         /var /var/lib /var/log /var/spool /run /run/lock /dev/shm; do
  in_ct test -d "$d" || continue
  r=$(try_write user "$d"); case "$r" in *"Permission denied"*|*"Read-only file system"*) ;; *) fail "write to $d as the service's user: expected it refused, got: $r" ;; esac
  r=$(try_write root "$d"); expect_contains "write to $d as root in the service's namespace (read-only mount)" "$r" "Read-only file system"
  denied="$denied $d"
done
# Device access by group under exactly this unit's sandbox (its own file, another ExecStart): nspawn gives the
# container no serial or GPIO devices, so files with the devices' owners and modes stand in for them
in_ct sh -c 'd=/srv/edgetally-devices; mkdir -p $d
  for f in ttyUSB0:dialout gpiochip0:gpio other:root; do
    echo "${f%%:*}" > "$d/${f%%:*}"; chown "root:${f#*:}" "$d/${f%%:*}"; chmod 0660 "$d/${f%%:*}"; done
  printf "%s\n" "for f in ttyUSB0 gpiochip0 other; do" \
    "  if cat /srv/edgetally-devices/\$f > /dev/null 2>&1; then echo \"\$f readable\"; else echo \"\$f refused\"; fi" \
    "done" > $d/check.sh
  sed -e "s|^ExecStart=.*|ExecStart=/bin/sh /srv/edgetally-devices/check.sh|" -e "s/^Type=notify/Type=oneshot/" \
      -e "/^Watchdog/d" -e "/^Restart/d" -e "/^\(Timeout\|StartLimit\)/d" /lib/systemd/system/edgetally.service \
    > /run/systemd/system/edgetally-devcheck.service'
in_ct systemctl daemon-reload
in_ct systemctl start edgetally-devcheck || fail "the device check under the unit's sandbox did not run: $(in_ct journalctl -u edgetally-devcheck --no-pager -n 20)"
expect_eq "group-owned stand-in devices read under the unit's sandbox (PrivateUsers=yes)" \
  "$(in_ct journalctl -u edgetally-devcheck --no-pager -o cat | grep -E '(readable|refused)$' | tr '\n' ';')" \
  "ttyUSB0 readable;gpiochip0 readable;other refused;"
ok "[systemd] runs as edgetally ($uid:$gid, with gpio and dialout), no capabilities, NoNewPrivs, seccomp;" \
   "under its sandbox it reads root:dialout and root:gpio 0660 devices, not root:root ones;" \
   "writes only to /var/lib/edgetally, /var/cache/edgetally and its private /tmp, /var/tmp; refused (read-only" \
   "even to root in its namespace):$denied"

# --- stop: safe stop logged, a success for systemd ----------------------------------------------------------------------
phase "stop"
cursor=$(in_ct journalctl -u edgetally -n 0 --show-cursor --no-pager | sed -n 's/^-- cursor: //p')
in_ct systemctl stop edgetally
expect_eq "after systemctl stop: ActiveState/Result" "$(show edgetally ActiveState)/$(show edgetally Result)" "inactive/success"
expect_contains "journal of the stop" "$(in_ct journalctl -u edgetally --after-cursor="$cursor" --no-pager -o cat)" \
  "ServiceLoop - stopping: heat off, position saved, relays released"
db() { in_ct sqlite3 /var/lib/edgetally/edgetally.db "$1"; }
position_before=$(db "SELECT step_index || ' ' || total_elapsed_s FROM cure_position")
offline_seen() { grep -q ' offline$' <<<"$(state_topic)"; }
wait_for 10 "the retained 'offline' state after the clean stop" offline_seen
ok "[systemd] systemctl stop: 'stopping: heat off, position saved' in the journal, result success, 'offline' on the" \
   "broker; saved position (step, s): $position_before"

# --- watchdog: a hung JVM is killed and restarted, the cure resumes -----------------------------------------------------
phase "watchdog"
in_ct mkdir -p /etc/systemd/system/edgetally.service.d
in_ct sh -c 'printf "%s\n" "# test only (deploy-scripts/test-package-systemd.sh): 6 s instead of 60 s, with cycle: 2s" \
  "[Service]" "WatchdogSec=6s" > /etc/systemd/system/edgetally.service.d/50-test-watchdog.conf'
in_ct systemctl daemon-reload
out=$(in_ct systemctl start edgetally 2>&1) || fail "systemctl start with the test watchdog: $out"
expect_eq "WatchdogUSec with the test drop-in" "$(show edgetally WatchdogUSec)" "6s"
expect_contains "journal of the restart" "$(in_ct journalctl -u edgetally --after-cursor="$cursor" --no-pager -o cat)" \
  "BarnSite - resuming batch 1 (middle-leaf)"
hung=$(show edgetally MainPID)
restarts=$(show edgetally NRestarts)
resumes=$(db "SELECT count(*) FROM events WHERE kind = 'resumed'")
cursor=$(in_ct journalctl -u edgetally -n 0 --show-cursor --no-pager | sed -n 's/^-- cursor: //p')
t_stop=$SECONDS
in_ct kill -STOP "$hung"
restarted() {
  [ "$(show edgetally NRestarts)" = $((restarts + 1)) ] && [ "$(show edgetally ActiveState)/$(show edgetally SubState)" = active/running ]
}
wait_for 90 "systemd to kill the stopped JVM and have the service running again (NRestarts=$((restarts + 1)))" restarted
t_back=$((SECONDS - t_stop))
after=$(in_ct journalctl -u edgetally --after-cursor="$cursor" --no-pager -o cat)
for line in "Watchdog timeout (limit 6s)!" "Killing process $hung (java) with signal SIGQUIT." "Full thread dump" \
            "\"site-cycle\"" "State 'stop-watchdog' timed out. Killing." "Failed with result 'watchdog'." \
            "Scheduled restart job, restart counter is at $((restarts + 1))." "BarnSite - resuming batch 1 (middle-leaf)" \
            "ServiceLoop - running: curing batch 1 (middle-leaf); CoAP coap://127.0.0.1:5683, cycle 2 s"; do
  expect_contains "journal after SIGSTOP of the JVM" "$after" "$line"
done
[ "$(show edgetally MainPID)" != "$hung" ] || fail "after the watchdog the main PID is still $hung"
expect_eq "batches after the watchdog restart (the same cure, not a new one)" "$(db 'SELECT count(*) FROM batches')" "1"
expect_eq "'resumed' events after the watchdog restart" "$(db "SELECT count(*) FROM events WHERE kind = 'resumed'")" "$((resumes + 1))"
expect_eq "the step the cure resumed after the watchdog restart" \
  "$(db "SELECT code FROM events WHERE kind = 'resumed' ORDER BY id DESC LIMIT 1")" "step-${position_before%% *}"
position_after=$(db "SELECT step_index || ' ' || total_elapsed_s FROM cure_position")
expect_eq "step after the watchdog restart" "${position_after%% *}" "${position_before%% *}"
awk -v a="${position_after#* }" -v b="${position_before#* }" 'BEGIN { exit !(a + 0 >= b + 0) }' \
  || fail "process time went back across the watchdog restart: ${position_before#* } s before, ${position_after#* } s after"
coap=$(in_ct edgetally status coap://127.0.0.1:5683 2>&1) || fail "edgetally status after the watchdog restart: $coap"
grep -Eq "step +${position_before%% *} of 8" <<<"$coap" || fail "edgetally status after the watchdog restart: expected step ${position_before%% *}, found: $coap"
ok "[systemd] SIGSTOP of the JVM: watchdog timeout, thread dump in the journal (SIGQUIT), SIGKILL after" \
   "TimeoutAbortSec, restarted; running again ${t_back} s after the hang, same batch and step (${position_after%% *})," \
   "process time ${position_before#* } -> ${position_after#* } s"

# --- upgrade ----------------------------------------------------------------------------------------------------------------
phase "upgrade"
events_before=$(db 'SELECT count(*) FROM events')
first_event=$(db "SELECT at || ' ' || kind FROM events ORDER BY id LIMIT 1")
running_pid=$(show edgetally MainPID)
cursor=$(in_ct journalctl -u edgetally -n 0 --show-cursor --no-pager | sed -n 's/^-- cursor: //p')
out=$(in_ct dpkg --force-confold -i /srv/edgetally-test/edgetally-newer.deb 2>&1) || fail "upgrade (dpkg -i a higher version): $out"
expect_eq "installed version after the upgrade" "$(in_ct dpkg-query -W -f '${Version}' edgetally)" "$(dpkg-deb --field "$share/edgetally-newer.deb" Version)"
expect_eq "after the upgrade, the service (it was running)" "$(show edgetally ActiveState)/$(show edgetally SubState)" "active/running"
[ "$(show edgetally MainPID)" != "$running_pid" ] || fail "the upgrade did not restart the service (main PID still $running_pid)"
expect_eq "the administrator's drop-in after the upgrade (WatchdogUSec)" "$(show edgetally WatchdogUSec)" "6s"
expect_eq "keys and edited config after the upgrade (sha256)" "$(sums)" "$keys_before"
in_ct test -f /etc/edgetally/edgetally.yaml.dpkg-dist || fail "upgrade: the new template should wait as edgetally.yaml.dpkg-dist"
expect_eq "batches after the upgrade" "$(db 'SELECT count(*) FROM batches')" "1"
expect_eq "the first event after the upgrade" "$(db "SELECT at || ' ' || kind FROM events ORDER BY id LIMIT 1")" "$first_event"
[ "$(db 'SELECT count(*) FROM events')" -ge "$events_before" ] || fail "upgrade: events lost"
in_ct test ! -e /run/edgetally.restart-after-upgrade || fail "upgrade left /run/edgetally.restart-after-upgrade"
expect_contains "journal of the upgrade" "$(in_ct journalctl -u edgetally --after-cursor="$cursor" --no-pager -o cat)" \
  "BarnSite - resuming batch 1 (middle-leaf)"
ok "[systemd] upgrade to $(dpkg-deb --field "$share/edgetally-newer.deb" Version) while running: restarted, resumed" \
   "batch 1; data ($events_before+ events), device key, CoAP key, edited config and drop-in kept"

# --- security score of the unit as loaded --------------------------------------------------------------------------------
phase "security"
out=$(in_ct systemd-analyze security --no-pager edgetally.service 2>&1)
score=$(echo "$out" | sed -n 's/.*Overall exposure level for edgetally.service: \([0-9.]*\).*/\1/p')
[ -n "$score" ] || fail "systemd-analyze security (booted): no exposure level in: $out"
awk -v s="$score" -v m="$max_exposure" 'BEGIN { exit !(s <= m) }' \
  || fail "systemd-analyze security of the running unit: exposure $score above $max_exposure: $(echo "$out" | grep '✗')"
ok "[systemd] systemd-analyze security of the loaded unit: $score (at most $max_exposure)"

# --- remove, purge --------------------------------------------------------------------------------------------------------
phase "remove and purge"
out=$(in_ct apt-get remove -y -q edgetally 2>&1) || fail "apt-get remove edgetally: $out"
expect_eq "dpkg status after remove" "$(in_ct dpkg-query -W -f '${db:Status-Abbrev}' edgetally)" "rc "
expect_eq "unit after remove" "$(show edgetally LoadState)" "not-found"
if in_ct pgrep -u edgetally > /dev/null; then fail "processes of edgetally after remove: $(in_ct pgrep -a -u edgetally)"; fi
in_ct test ! -e /usr/bin/edgetally || fail "remove left /usr/bin/edgetally"
expect_eq "keys and config after remove (sha256)" "$(sums)" "$keys_before"
expect_eq "batches after remove" "$(db 'SELECT count(*) FROM batches')" "1"
in_ct getent passwd edgetally > /dev/null || fail "remove deleted the user edgetally"
out=$(in_ct apt-get purge -y -q edgetally 2>&1) || fail "apt-get purge edgetally: $out"
for p in /etc/edgetally /var/lib/edgetally /var/cache/edgetally /etc/systemd/system/multi-user.target.wants/edgetally.service; do
  if in_ct test -e "$p" || in_ct test -L "$p"; then fail "purge left $p"; fi
done
expect_eq "dpkg status after purge" "$(in_ct dpkg-query -W -f '${db:Status-Abbrev}' edgetally 2>/dev/null || true)" ""
in_ct getent passwd edgetally > /dev/null || fail "purge removed the system user (the postrm keeps it, as Debian does)"
ok "[systemd] apt-get remove: stopped, program gone, config, data and keys kept; purge: config, data, keys and" \
   "enablement gone, system user kept"

echo "$tp: [systemd] all checks in $((SECONDS - t0)) s"
