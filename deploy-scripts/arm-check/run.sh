#!/bin/bash
# Do the native parts edgetally ships load and work on ARM Linux (glibc, Debian 12 = Raspberry Pi OS bookworm)?
# Runs ArmNativeProbe under qemu-user with Debian 12's own ARM Java 17, unpacked into a folder (nothing ARM is
# installed system-wide), for arm64 (64-bit Raspberry Pi OS) and armhf (32-bit). Debian 12 has no Java 21, so the
# probe is Java 17 and calls the libraries only, not edgetally itself. Needs root (apt) on a Debian 12 amd64 host
# with the project's dependencies in ~/.m2. Not run by CI: it downloads ~90 MB of Debian packages and changes the
# host's apt configuration (dpkg --add-architecture); the probe itself runs in under a minute.
#   usage: deploy-scripts/arm-check/run.sh [arm64] [armhf]      (default: both)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
WORK=${ARM_CHECK_DIR:-/tmp/edgetally-arm-check}
M2=${M2_REPO:-$HOME/.m2/repository}
PROBE_TMP=${ARM_CHECK_TMP:-/dev/shm/edgetally-arm-check}
ARCHES=("$@")
[ ${#ARCHES[@]} -gt 0 ] || ARCHES=(arm64 armhf)

SQLITE_JAR="$M2/org/xerial/sqlite-jdbc/3.54.1.0/sqlite-jdbc-3.54.1.0.jar"
JNA_JAR="$M2/net/java/dev/jna/jna/5.15.0/jna-5.15.0.jar"
GPIOD_JAR="$M2/com/pi4j/pi4j-library-gpiod/3.0.4/pi4j-library-gpiod-3.0.4.jar"
LINUXFS_JAR="$M2/com/pi4j/pi4j-library-linuxfs/3.0.4/pi4j-library-linuxfs-3.0.4.jar"
for j in "$SQLITE_JAR" "$JNA_JAR" "$GPIOD_JAR" "$LINUXFS_JAR"; do
    [ -f "$j" ] || { echo "missing $j (build the project once so Maven fetches it)" >&2; exit 2; }
done
# Pi4J's jars are not on the class path: their classes need Java 21 (see below); the probe takes the natives
# out of the jars as Pi4J's loader does and binds them through stand-in classes of the same names.
CP="$SQLITE_JAR:$JNA_JAR"

# The runtime and the libraries the JVM itself links against; the rest of the package's dependencies
# (fonts, sound, cups, nss) are for AWT and TLS providers the probe does not touch.
DEBS=(openjdk-17-jre-headless libc6 libgcc-s1 libstdc++6 zlib1g)

step() { printf '\n== %s\n' "$*"; }

step "host tools"
if ! command -v qemu-aarch64-static >/dev/null || ! command -v qemu-arm-static >/dev/null; then
    apt-get install -y qemu-user-static
fi
qemu-aarch64-static --version | head -1

step "Debian ARM package indexes"
for a in "${ARCHES[@]}"; do dpkg --add-architecture "$a"; done
# A mirror mid-sync fails one index now and then; what matters is that the packages below resolve.
apt-get update -q || echo "apt-get update reported errors; continuing with the indexes it has"

# The probe: compiled on the host for Java 17 against the same jars.
step "compile ArmNativeProbe (--release 17)"
mkdir -p "$WORK/classes"
javac --release 17 -cp "$CP" -d "$WORK/classes" "$HERE/ArmNativeProbe.java" \
    $(find "$HERE/stand-in" -name '*.java')
for j in "$GPIOD_JAR" "$LINUXFS_JAR"; do
    cls=$(unzip -Z1 "$j" | grep -m1 'internal/.*\.class$\|linuxfs/LinuxFile\.class$')
    major=$(unzip -p "$j" "$cls" | od -An -j6 -N2 -tu1 | awk '{print $1 * 256 + $2}')
    echo "$(basename "$j"): $cls is class file version $major (61 = Java 17, 65 = Java 21)"
done

declare -A RESULT SECONDS_TAKEN
for a in "${ARCHES[@]}"; do
    case "$a" in
        arm64) qemu=qemu-aarch64-static ;;
        armhf) qemu=qemu-arm-static ;;
        *) echo "unknown architecture '$a' (expected arm64 or armhf)" >&2; exit 2 ;;
    esac
    root="$WORK/sysroot-$a"
    step "$a: unpack Java 17 and its base libraries into $root"
    rm -rf "$root" "$WORK/debs-$a"
    mkdir -p "$root" "$WORK/debs-$a"
    (cd "$WORK/debs-$a" && apt-get download "${DEBS[@]/%/:$a}")
    for d in "$WORK/debs-$a"/*.deb; do dpkg -x "$d" "$root"; done
    # Absolute symlinks (jvm.cfg, security files -> /etc/...) would resolve on the host; point them into the root.
    find "$root" -type l -lname '/*' | while read -r l; do ln -sfn "$root$(readlink "$l")" "$l"; done
    java="$(echo "$root"/usr/lib/jvm/java-17-openjdk-*/bin/java)"
    jvm_version=$(ls "$WORK/debs-$a" | grep openjdk)

    step "$a: run the probe ($jvm_version)"
    # The JVM's temporary folder on tmpfs: on ext4, qemu-user hands a 32-bit guest the host's 64-bit directory
    # offsets and readdir fails with EOVERFLOW ("Value too large for defined data type"), an emulator artefact
    # that a real 32-bit kernel avoids by giving 32-bit processes 32-bit offsets.
    tmp="$PROBE_TMP/$a"
    rm -rf "$tmp" && mkdir -p "$tmp"
    # sqlite-jdbc picks its 32-bit ARM library from `uname -m`; under qemu-user that runs the host's uname
    # (x86_64), which no Pi says. A 32-bit Raspberry Pi OS says armv7l (Pi 3B+) or aarch64 (Pi 4/5, whose
    # 32-bit system boots a 64-bit kernel); both make sqlite-jdbc choose Linux/armv7. Answer as a Pi 3B+ does.
    # The JDK's default launch goes through its ARM jspawnhelper, which the host kernel cannot exec without
    # binfmt_misc; FORK lets the emulated JVM exec the host program directly.
    fakebin="$WORK/fakebin-$a"
    mkdir -p "$fakebin"
    machine=$([ "$a" = armhf ] && echo armv7l || echo aarch64)
    printf '#!/bin/sh\n[ "$1" = -m ] && echo %s || exec /usr/bin/uname "$@"\n' "$machine" > "$fakebin/uname"
    chmod +x "$fakebin/uname"
    start=$(date +%s)
    set +e
    # No JVM flags are needed for qemu-user itself: the JIT runs as on the hardware.
    PATH="$fakebin:$PATH" "$qemu" -L "$root" "$java" -Djava.io.tmpdir="$tmp" \
        -Djdk.lang.Process.launchMechanism=FORK -cp "$WORK/classes:$CP" \
        -Dprobe.pi4j.gpiod.jar="$GPIOD_JAR" -Dprobe.pi4j.linuxfs.jar="$LINUXFS_JAR" ArmNativeProbe 2>&1 \
        | tee "$WORK/probe-$a.log"
    rc=${PIPESTATUS[0]}
    set -e
    SECONDS_TAKEN[$a]=$(( $(date +%s) - start ))
    RESULT[$a]=$rc
done

step "summary"
for a in "${ARCHES[@]}"; do
    printf '%-6s %s failure(s), %s s under qemu-user; details in %s\n' "$a" "${RESULT[$a]}" \
        "${SECONDS_TAKEN[$a]}" "$WORK/probe-$a.log"
    grep -E '^(PASS|FAIL)' "$WORK/probe-$a.log" | sed "s/^/  $a  /"
done
for a in "${ARCHES[@]}"; do [ "${RESULT[$a]}" = 0 ] || exit 1; done
