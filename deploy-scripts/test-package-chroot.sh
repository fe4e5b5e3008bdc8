#!/usr/bin/env bash
# Part 4 of test-package.sh, run by it inside `unshare -m` (a private mount namespace, gone when this exits):
# this machine's root seen through an overlay whose writes land in a throw-away folder, entered with chroot. In
# there `dpkg -i` runs the maintainer scripts exactly as on a Pi (no DPKG_ROOT), useradd and usermod edit the real
# /etc/passwd and /etc/group of the view, and the launcher and edgetally-provision run as installed.
# What it cannot show: systemd running the unit (part 5, test-package-systemd.sh, boots one) and the Pi's devices.
# Usage: test-package-chroot.sh DEB WORKDIR
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=deploy-scripts/test-package-lib.sh
. "$here/test-package-lib.sh"
deb=$1 w=$2
m="$w/merged"
mkdir -p "$w/upper" "$w/work" "$m"
mount --make-rprivate /
mount -t overlay overlay -o "lowerdir=/,upperdir=$w/upper,workdir=$w/work" "$m"
mount -t proc proc "$m/proc"
mount --rbind /dev "$m/dev"
in_root() { chroot "$m" "$@"; }

# a Pi has a gpio group (Raspberry Pi OS makes it); this machine may not
in_root getent group gpio >/dev/null || in_root groupadd --system gpio
in_root getent passwd edgetally >/dev/null && fail "this machine already has a user edgetally; the test needs a fresh one"
cp "$deb" "$m/tmp/edgetally.deb"
in_root dpkg --force-depends -i /tmp/edgetally.deb > "$w/dpkg.log" 2>&1 || fail "dpkg -i as on a Pi: $(cat "$w/dpkg.log")"

grep -qx gpio <<<"$(in_root id -nG edgetally | tr ' ' '\n')" || fail "as on a Pi: edgetally is not in group gpio ($(in_root id edgetally))"
grep -qx dialout <<<"$(in_root id -nG edgetally | tr ' ' '\n')" || fail "as on a Pi: edgetally is not in group dialout"
stat_is "$m" /etc/edgetally root edgetally 750
stat_is "$m" /etc/edgetally/edgetally.yaml root edgetally 640
stat_is "$m" /var/lib/edgetally edgetally edgetally 750
[ -L "$m/etc/systemd/system/multi-user.target.wants/edgetally.service" ] || fail "as on a Pi: the service is not enabled"
ok "as on a Pi: dpkg -i created $(in_root id edgetally), set modes, enabled the unit"

if have systemd-analyze; then
  out=$(in_root systemd-analyze verify /lib/systemd/system/edgetally.service 2>&1) || fail "systemd-analyze verify (as on a Pi): $out"
  [ -z "$out" ] || fail "systemd-analyze verify (as on a Pi) has findings: $out"
  ok "as on a Pi: systemd-analyze verify of the installed unit"
fi

# --- the launcher: Java discovery and the JVM flags it ships ---------------------------------------------------------
newest=$(ls -d "$m"/usr/lib/jvm/*/ 2>/dev/null | sort -r -V | while read -r d; do
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$d/release" 2>/dev/null)
  if [ -n "$v" ] && [ "$v" -ge 21 ]; then echo "$v"; break; fi
done)
if [ -z "$newest" ]; then
  skip "launcher: no Java 21+ under /usr/lib/jvm on this machine"
else
  # -version after the launcher's options: the JVM accepts every shipped flag, reports its version and exits
  out=$(in_root env -u JAVA_HOME EDGETALLY_JAVA_OPTS=-version /usr/bin/edgetally 2>&1) \
    || fail "launcher: the JVM refused the shipped options: $out"
  echo "$out" | grep -Eq "version \"$newest[.\"]" || fail "launcher: expected Java $newest (the newest 21+), got: $out"
  out=$(in_root env -u JAVA_HOME EDGETALLY_JAVA_OPTS="-XX:+PrintFlagsFinal -version" /usr/bin/edgetally 2>&1)
  for flag in "MaxHeapSize *= 100663296" "UseSerialGC *= true" "TieredStopAtLevel *= 1" "ExitOnOutOfMemoryError *= true"; do
    echo "$out" | grep -Eq "$flag" || fail "launcher: the JVM does not run with $flag"
  done
  old=$(ls -d "$m"/usr/lib/jvm/java-17-*/ 2>/dev/null | head -n 1 || true)
  if [ -n "$old" ]; then
    set +e; out=$(in_root env JAVA_HOME="${old#"$m"}" /usr/bin/edgetally help 2>&1); rc=$?; set -e
    expect_eq "launcher with JAVA_HOME=Java 17: exit code" "$rc" "3"
    expect_contains "launcher with JAVA_HOME=Java 17" "$out" "has no Java 21 or newer"
  fi
  if grep -q io/edgetally/cli/Main.class <<<"$(unzip -l "$m"/usr/share/edgetally/lib/edgetally-firmware-app-*.jar 2>/dev/null)"; then
    out=$(in_root runuser -u edgetally -- /usr/bin/edgetally help 2>&1) || fail "'edgetally help' as user edgetally: $out"
  fi
  ok "launcher: picks Java $newest, the JVM accepts the shipped flags (heap 96 MB, serial GC, C1), refuses Java 17"
fi

# --- a reboot before the config was edited: the enabled service must not run the template ------------------------
set +e; out=$(in_root runuser -u edgetally -- /usr/bin/edgetally run --config /etc/edgetally/edgetally.yaml 2>&1); rc=$?; set -e
expect_eq "run on the unedited template: exit code (2 = config error, systemd does not restart)" "$rc" "2"
expect_contains "run on the unedited template" "$out" "is still the unedited template"
ok "the service refuses to start on the unedited template (exit 2, no restart loop)"

# --- edgetally-provision --------------------------------------------------------------------------------------------
# `edgetally keys init` stands in for the real command here: it must create a key only where there is none
cat > "$m/tmp/keys-stub" <<'EOF'
#!/bin/sh
[ "$1 $2 $3" = "keys init --data-dir" ] || { echo "unexpected arguments: $*" >&2; exit 2; }
mkdir -p "$4/keys"
[ -f "$4/keys/device.key" ] || echo "secret-$(id -un)" > "$4/keys/device.key"
echo "device public key: ed25519:STUB"
EOF
chmod 755 "$m/tmp/keys-stub"
provision() { in_root env EDGETALLY_BIN=/tmp/keys-stub /usr/sbin/edgetally-provision "$@"; }
out=$(provision --site jiange-07 --device barn-07 2>&1) || fail "edgetally-provision: $out"
expect_contains "edgetally-provision output" "$out" "device public key: ed25519:STUB"
grep -Eq '^site: jiange-07 +# CHANGE' "$m/etc/edgetally/edgetally.yaml" || fail "provision: site not set (or its comment lost)"
grep -Eq '^device: barn-07 +# CHANGE' "$m/etc/edgetally/edgetally.yaml" || fail "provision: device not set"
expect_eq "provision: key made by" "$(cat "$m/var/lib/edgetally/keys/device.key")" "secret-edgetally"
stat_is "$m" /var/lib/edgetally/keys/device.key edgetally edgetally 600
stat_is "$m" /etc/edgetally/coap.psk edgetally edgetally 600
grep -Eqx '[0-9a-f]{32}' "$m/etc/edgetally/coap.psk" || fail "provision: coap.psk is not 32 hex digits"
psk=$(cat "$m/etc/edgetally/coap.psk")
out=$(provision 2>&1) || fail "edgetally-provision (second run): $out"
expect_eq "provision again: CoAP key kept" "$(cat "$m/etc/edgetally/coap.psk")" "$psk"
if out=$(provision --example station 2>&1); then fail "provision --example over an edited config must be refused"; fi
expect_contains "provision --example over an edited config" "$out" "has been edited; add --force"
if out=$(provision --site "Jiange 07" 2>&1); then fail "provision must refuse the site id 'Jiange 07'"; fi
expect_contains "provision with a bad id" "$out" "not a valid id"
out=$(provision --example station --force --device station-01 2>&1) || fail "provision --example station --force: $out"
grep -q '^kind: swap-station' "$m/etc/edgetally/edgetally.yaml" || fail "provision: station template not applied"
grep -q '^site: jiange-07' "$m/etc/edgetally/edgetally.yaml.bak" || fail "provision: edited config not kept as .bak"
stat_is "$m" /etc/edgetally/edgetally.yaml root edgetally 640
expect_contains "provision without a registry key" "$out" "acks from the registry are not authenticated"
if out=$(provision --registry-key not-a-key 2>&1); then fail "provision must refuse the registry key 'not-a-key'"; fi
expect_contains "provision with a bad registry key" "$out" "is not an Ed25519 public key in base64"
rkey=pInugo3QyFWreeKttLfhh38qAT+6GFAKsoxhyawxPac=
for run in 1 2; do
  out=$(provision --registry-key "$rkey" 2>&1) || fail "provision --registry-key (run $run): $out"
done
expect_eq "provision: registry-key lines" "$(grep -c 'registry-key:' "$m/etc/edgetally/edgetally.yaml")" 1
section=$(awk '/^[a-z]/ { s = $1 } /^  registry-key: / { print s, $2 }' "$m/etc/edgetally/edgetally.yaml")
expect_eq "provision: the registry key, under uplink" "$section" "uplink: $rkey"
case "$out" in *"not authenticated"*) fail "provision still warns with the registry key set: $out" ;; esac
stat_is "$m" /etc/edgetally/edgetally.yaml root edgetally 640
ok "edgetally-provision: ids set, key made by the service user (0600), CoAP key, template switch guarded, registry key under uplink"

in_root dpkg -P edgetally > "$w/dpkg.log" 2>&1 || fail "dpkg -P as on a Pi: $(cat "$w/dpkg.log")"
[ ! -e "$m/var/lib/edgetally" ] && [ ! -e "$m/etc/edgetally" ] || fail "as on a Pi: purge left data or config"
ok "as on a Pi: purge"

# --- with systemd running: what the maintainer scripts ask of it -------------------------------------------------
# A stand-in systemctl (first on PATH) records every call and answers is-active from a state file; /run/systemd/system
# tells the scripts that systemd runs. Shows: first install enables and never starts; an upgrade restarts a running
# service and leaves a stopped one stopped; remove stops it.
mkdir -p "$m/run/systemd/system" "$m/usr/local/sbin"
cat > "$m/usr/local/sbin/systemctl" <<'EOF'
#!/bin/sh
echo "$*" >> /tmp/systemctl.log
case "$*" in
  *is-active*) [ "$(cat /tmp/service-state 2>/dev/null)" = active ] ;;
  *) exit 0 ;;
esac
EOF
chmod 755 "$m/usr/local/sbin/systemctl"
sysd() { in_root env PATH=/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin "$@"; }
calls() { tr '\n' ';' < "$m/tmp/systemctl.log"; : > "$m/tmp/systemctl.log"; }
: > "$m/tmp/systemctl.log"
sysd dpkg --force-depends -i /tmp/edgetally.deb > "$w/dpkg.log" 2>&1 || fail "install with systemd: $(cat "$w/dpkg.log")"
expect_eq "systemctl calls on first install" "$(calls)" "daemon-reload;enable edgetally.service;"
echo active > "$m/tmp/service-state"
sysd dpkg --force-depends -i /tmp/edgetally.deb > "$w/dpkg.log" 2>&1 || fail "upgrade with systemd: $(cat "$w/dpkg.log")"
expect_eq "systemctl calls on upgrade of a running service" "$(calls)" \
  "--quiet is-active edgetally.service;stop edgetally.service;daemon-reload;start edgetally.service;"
echo inactive > "$m/tmp/service-state"
sysd dpkg --force-depends -i /tmp/edgetally.deb > "$w/dpkg.log" 2>&1 || fail "upgrade with systemd: $(cat "$w/dpkg.log")"
expect_eq "systemctl calls on upgrade of a stopped service" "$(calls)" \
  "--quiet is-active edgetally.service;stop edgetally.service;daemon-reload;"
sysd dpkg -r edgetally > "$w/dpkg.log" 2>&1 || fail "remove with systemd: $(cat "$w/dpkg.log")"
expect_eq "systemctl calls on remove" "$(calls)" "stop edgetally.service;daemon-reload;"
ok "with systemd: install enables without starting; upgrade restarts only a running service; remove stops it"
