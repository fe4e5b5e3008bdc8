#!/usr/bin/env bash
# Checks the Raspberry Pi package that `mvn package` builds (firmware-app/target/edgetally_*_all.deb):
#   1. dpkg-deb --info/--contents: control fields, maintainer scripts, paths, modes, conffiles, jars
#   2. install into a scratch root (dpkg --root, maintainer scripts chroot-less with DPKG_ROOT): files, conffile,
#      user and groups, directory owners and modes, the unit enabled but not started; upgrade keeping an edited
#      config, data and keys; remove; purge. Once on a Pi-like root (gpio, i2c, spi groups), once on a plain one.
#   3. systemd-analyze verify of the installed unit, inside that root
#   4. the real path as on a Pi (DPKG_ROOT empty): `dpkg -i` inside a throw-away copy-on-write view of this machine
#      (private mount namespace + overlayfs + chroot), then the launcher's Java discovery and JVM flags, and
#      edgetally-provision
#   5. under a real systemd: that view booted with systemd as PID 1 (systemd-nspawn), the service run against
#      `edgetally sim barn`: READY, journal, watchdog, sandbox, upgrade, remove, purge (test-package-systemd.sh)
# Usage: deploy-scripts/test-package.sh [DEB]. A missing tool skips its part with a message (exit 0), except in CI
# (CI=true), where every part must run; a real problem fails (exit 1) with what was expected. CI runs it after the
# Maven build.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
# shellcheck source=deploy-scripts/test-package-lib.sh
. "$here/test-package-lib.sh"

deb=${1:-$(ls -t "$repo"/firmware-app/target/edgetally_*_all.deb 2>/dev/null | head -n 1 || true)}
[ -n "$deb" ] && [ -f "$deb" ] || fail "no package: build it with 'mvn package' (expected firmware-app/target/edgetally_*_all.deb)"
have dpkg-deb || skip_all "dpkg-deb not installed (apt-get install dpkg)"
echo "test-package: $deb"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- 1. the package as built --------------------------------------------------------------------------------------
info=$(dpkg-deb --info "$deb")
field() { dpkg-deb --field "$deb" "$1"; }
expect_eq "Package" "$(field Package)" "edgetally"
expect_eq "Architecture" "$(field Architecture)" "all"
expect_contains "Depends" "$(field Depends)" "java21-runtime-headless"
expect_contains "Depends" "$(field Depends)" "openjdk-21-jre-headless"
for s in postinst prerm postrm; do
  echo "$info" | grep -Eq "^ +[0-9]+ bytes, +[0-9]+ lines +\* +$s " || fail "control archive: $s missing or not executable"
done
expect_eq "conffiles" "$(dpkg-deb --ctrl-tarfile "$deb" | tar -xOf - ./conffiles)" "/etc/edgetally/edgetally.yaml"

contents=$(dpkg-deb --contents "$deb")
expect_entry() {  # MODE PATH: the package has PATH with MODE, owned by root
  echo "$contents" | awk -v m="$1" -v p="./$2" '$1 == m && $2 == "root/root" && $6 == p { found = 1 } END { exit !found }' \
    || fail "package: expected $1 root/root ./$2; has: $(echo "$contents" | awk -v p="./$2" '$6 == p')"
}
expect_entry -rwxr-xr-x usr/bin/edgetally
expect_entry -rwxr-xr-x usr/sbin/edgetally-provision
expect_entry -rw-r--r-- lib/systemd/system/edgetally.service
expect_entry -rw-r----- etc/edgetally/edgetally.yaml
expect_entry -rw-r--r-- usr/share/edgetally/examples/barn.yaml
expect_entry -rw-r--r-- usr/share/edgetally/examples/station.yaml
expect_entry -rw-r--r-- usr/share/doc/edgetally/install-pi.md
expect_entry -rw-r--r-- usr/share/doc/edgetally/safety.md
jars=$(echo "$contents" | awk '$6 ~ /^\.\/usr\/share\/edgetally\/lib\/.*\.jar$/ { sub(".*/", "", $6); print $6 }')
for j in edgetally-firmware-app edgetally-protocol jna sqlite-jdbc pi4j-core pi4j-plugin-gpiod j2mod; do
  grep -q "^$j-[0-9]" <<<"$jars" || fail "package: /usr/share/edgetally/lib has no $j jar (has: $(echo $jars))"
done
# target/lib is never cleaned by Maven: a dependency upgrade leaves the old jar beside the new one
dups=$(echo "$jars" | sed -E 's/-[0-9][^-]*(-SNAPSHOT)?\.jar$//' | sort | uniq -d)
[ -z "$dups" ] || fail "package: two versions of $(echo $dups) in lib/: rebuild with 'mvn clean package'"
stray=$(echo "$contents" | awk '{ print $6 }' | grep -vE '^\./((usr/bin/edgetally|usr/sbin/edgetally-provision|lib/systemd/system/edgetally\.service|etc/edgetally/edgetally\.yaml|usr/share/edgetally/.*|usr/share/doc/edgetally/.*|(etc|etc/edgetally|usr|usr/bin|usr/sbin|usr/share|usr/share/doc|lib|lib/systemd|lib/systemd/system)/)?)$' || true)
[ -z "$stray" ] || fail "package: unexpected paths: $(echo $stray)"
firmware_jar=$(echo "$contents" | awk '$6 ~ /edgetally-firmware-app-.*\.jar$/ { print $6 }')
dpkg-deb --fsys-tarfile "$deb" | tar -xOf - "$firmware_jar" > "$work/firmware.jar"
if have unzip; then
  grep -q 'io/edgetally/cli/Main.class' <<<"$(unzip -l "$work/firmware.jar")" \
    || fail "the launcher's main class io.edgetally.cli.Main is not in $(basename "$firmware_jar")"
  # slf4j-simple reads the first simplelogger.properties on the class path, and the launcher's lib/* has no defined
  # order: the firmware's (INFO, so the journal shows the service's start) must be the only one
  dpkg-deb -x "$deb" "$work/x"
  loggers=$(for j in "$work"/x/usr/share/edgetally/lib/*.jar; do
    if unzip -l "$j" simplelogger.properties >/dev/null 2>&1; then basename "$j"; fi
  done)
  expect_eq "jars in /usr/share/edgetally/lib with a simplelogger.properties" "$(echo $loggers)" "$(basename "$firmware_jar")"
  unzip -p "$work/firmware.jar" simplelogger.properties | grep -qx 'org.slf4j.simpleLogger.defaultLogLevel=info' \
    || fail "the firmware's simplelogger.properties does not set defaultLogLevel=info: the service would log nothing at start"
else
  skip "main class and logging settings in the jars: unzip not installed"
fi
ok "package: control fields, maintainer scripts, conffile, $(echo "$jars" | wc -l) jars (one logging config, INFO), paths and modes"

# --- 2 and 3. scratch root -----------------------------------------------------------------------------------------
if ! have dpkg || ! grep -q script-chrootless <<<"$(dpkg --force-help)"; then
  skip "scratch-root install: dpkg with --force-script-chrootless (1.18.5+) not available"
elif [ "$(id -u)" != 0 ]; then
  skip "scratch-root install: needs root (files are installed owned by root and the service user)"
elif ! have useradd || ! grep -q -- --prefix <<<"$(useradd --help 2>&1)"; then
  skip "scratch-root install: useradd without --prefix (shadow 4.6+, package passwd)"
else
  scratch_root_tests "$deb" "$work/pi" pi
  scratch_root_tests "$deb" "$work/plain" plain
fi

# --- 4. the real path, as on a Pi ----------------------------------------------------------------------------------
if [ "$(id -u)" != 0 ] || ! have unshare || ! have chroot; then
  skip "install as on a Pi: needs root, unshare and chroot"
elif ! unshare -m sh -c "mkdir -p '$work/o/u' '$work/o/w' '$work/o/m' && mount -t overlay overlay -o lowerdir=/,upperdir='$work/o/u',workdir='$work/o/w' '$work/o/m'" 2>/dev/null; then
  skip "install as on a Pi: cannot mount an overlay in a private mount namespace here"
else
  unshare -m bash "$here/test-package-chroot.sh" "$deb" "$work/real"
fi

# --- 5. under a real systemd: booted, running against the simulated barn ------------------------------------------
if [ "$(id -u)" != 0 ]; then
  skip "real systemd: needs root (systemd-nspawn, overlay mounts)"
elif ! have systemd-nspawn || ! have nsenter || ! have setpriv || ! have sqlite3 || ! have mosquitto; then
  skip "real systemd: needs systemd-nspawn (apt-get install systemd-container), nsenter, setpriv, sqlite3 and mosquitto"
elif [ "$(dpkg-query -W -f '${Version}' systemd-container 2>/dev/null)" != "$(dpkg-query -W -f '${Version}' systemd 2>/dev/null)" ]; then
  skip "real systemd: systemd-container $(dpkg-query -W -f '${Version}' systemd-container 2>/dev/null) does not match systemd $(dpkg-query -W -f '${Version}' systemd 2>/dev/null) (apt-get install systemd-container=<that version>)"
elif [ ! -x "$repo/edgetally" ]; then
  skip "real systemd: no developer launcher $repo/edgetally to run the simulated barn with"
else
  # the simulated barn runs from this repository inside the container (mounted read-only there): build it now
  "$repo/edgetally" help > /dev/null
  unshare -m bash "$here/test-package-systemd.sh" "$deb" "$work/systemd" "$repo"
fi

echo "test-package: all checks passed${skipped:+ (skipped:$skipped)}"
