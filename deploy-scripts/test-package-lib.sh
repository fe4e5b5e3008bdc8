# Helpers for test-package.sh (sourced, bash). Each check names what it expected and what it found.

skipped=""
# The most `systemd-analyze security` may rate the unit (0 = locked down, 10 = no sandbox): 1.7 as shipped, see the
# Hardening comment in edgetally.service. Checked offline (scratch root) and on the unit as loaded (booted system).
max_exposure=1.7
tp=${tp:-test-package}  # the name each line starts with
have() { command -v "$1" >/dev/null 2>&1; }
fail() { echo "$tp: FAIL: $*" >&2; exit 1; }
ok() { echo "$tp: ok: $*"; }
# A part that cannot run here says so and why. In CI (CI=true, root, apt) every part must run: .ci/run installs
# what they need, so a skip there is a failure, never a quiet pass.
skip() {
  if [ "${CI:-}" = true ]; then fail "cannot run in CI: $* (CI must run every part; install what it needs in .ci/run)"; fi
  echo "$tp: SKIPPED: $*"; skipped="$skipped ${1%%:*};"
}
skip_all() {
  if [ "${CI:-}" = true ]; then fail "cannot run in CI: $*"; fi
  echo "$tp: SKIPPED all package checks: $*"; exit 0
}
# wait_for SECONDS WHAT COMMAND...: runs COMMAND every 0.2 s until it succeeds; after SECONDS fails, naming WHAT
wait_for() {
  local limit=$1 what=$2 deadline; shift 2
  deadline=$((SECONDS + limit))
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || fail "expected $what within $limit s"
    sleep 0.2
  done
}
expect_eq() { [ "$2" = "$3" ] || fail "$1: expected '$3', found '$2'"; }
expect_contains() { case "$2" in *"$3"*) ;; *) fail "$1: expected to contain '$3', found '$2'" ;; esac; }

# stat_is ROOT PATH OWNER GROUP MODE: owner and group are names, looked up in ROOT's passwd and group files
stat_is() {
  local r=$1 p=$2 uid gid
  uid=$(awk -F: -v u="$3" '$1 == u { print $3 }' "$r/etc/passwd")
  gid=$(awk -F: -v g="$4" '$1 == g { print $3 }' "$r/etc/group")
  [ -e "$r$p" ] || fail "$p: missing"
  expect_eq "$p owner:group:mode" "$(stat -c '%u:%g:%a' "$r$p")" "$uid:$gid:$5"
}

# seed_root DIR FLAVOR: the least a dpkg --root install needs; FLAVOR pi has Raspberry Pi OS's device groups
seed_root() {
  local r=$1
  mkdir -p "$r/etc" "$r/var/lib/dpkg/info" "$r/var/lib/dpkg/updates" "$r/var/lib/dpkg/triggers"
  touch "$r/var/lib/dpkg/status" "$r/var/lib/dpkg/available"
  printf 'root:x:0:0:root:/root:/bin/bash\npi:x:1000:1000::/home/pi:/bin/bash\n' > "$r/etc/passwd"
  printf 'root:*:19000:0:99999:7:::\npi:*:19000:0:99999:7:::\n' > "$r/etc/shadow"
  if [ "$2" = pi ]; then
    printf 'root:x:0:\ndialout:x:20:pi\ngpio:x:997:pi\ni2c:x:998:pi\nspi:x:999:pi\npi:x:1000:\n' > "$r/etc/group"
  else
    printf 'root:x:0:\ndialout:x:20:\n' > "$r/etc/group"
  fi
  sed 's/^\([^:]*\):x:[0-9]*:\(.*\)$/\1:!::\2/' "$r/etc/group" > "$r/etc/gshadow"
  chmod 0640 "$r/etc/shadow" "$r/etc/gshadow"
}

# members_of ROOT GROUP: the group's member list, or "-" when the group does not exist
members_of() { awk -F: -v g="$2" '$1 == g { print $4; f = 1 } END { if (!f) print "-" }' "$1/etc/group"; }

dpkg_root() { local r=$1; shift; dpkg --root="$r" --force-script-chrootless --log=/dev/null "$@"; }

# The unit as systemd 252+ reads it, from inside ROOT (so ExecStart= must exist there). Any output is a finding.
verify_unit() {
  local r=$1 out
  if ! have systemd-analyze; then skip "systemd-analyze verify: systemd-analyze not installed"; return; fi
  # the standard targets and slices the unit is ordered against, borrowed from this machine
  cp -n /lib/systemd/system/*.target /lib/systemd/system/*.slice /lib/systemd/system/*.socket \
    "$r/lib/systemd/system/" 2>/dev/null || true
  out=$(systemd-analyze verify --root="$r" edgetally.service 2>&1) || fail "systemd-analyze verify: $out"
  [ -z "$out" ] || fail "systemd-analyze verify has findings: $out"
  ok "systemd-analyze verify: edgetally.service ($(systemd-analyze --version | head -n 1))"

  # systemd's own exposure score (0 = locked down, 10 = none): an edit that weakens the sandboxing must be a
  # decision (with this threshold changed and the reason in the unit), not an accident
  if ! out=$(systemd-analyze security --offline=yes --root="$r" edgetally.service 2>&1); then
    skip "systemd-analyze security: no --offline mode in this systemd (250+ has it)"
    return
  fi
  local score
  score=$(echo "$out" | sed -n 's/.*Overall exposure level for edgetally.service: \([0-9.]*\).*/\1/p')
  [ -n "$score" ] || fail "systemd-analyze security: no exposure level in: $out"
  awk -v s="$score" -v m="$max_exposure" 'BEGIN { exit !(s <= m) }' \
    || fail "systemd-analyze security: exposure $score above $max_exposure; findings: $(echo "$out" | grep '✗')"
  ok "systemd-analyze security --offline=yes: exposure $score (at most $max_exposure)"
}

# repack_newer DEB OUT: the same package one version later, with the shipped config template changed upstream
repack_newer() {
  local d; d=$(mktemp -d)
  dpkg-deb -R "$1" "$d/p"
  sed -i -E 's/^(Version: .*)$/\1+1/' "$d/p/DEBIAN/control"
  echo "# a line added upstream in the newer version" >> "$d/p/etc/edgetally/edgetally.yaml"
  (cd "$d/p" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | xargs -0 md5sum > DEBIAN/md5sums)
  dpkg-deb --root-owner-group -Znone -b "$d/p" "$2" >/dev/null  # -Znone: the jars are compressed already
  rm -rf "$d"
}

scratch_root_tests() {
  local deb=$1 r=$2 flavor=$3 pw
  seed_root "$r" "$flavor"
  dpkg_root "$r" --force-depends -i "$deb" > "$r.log" 2>&1 || fail "dpkg --root -i: $(cat "$r.log")"

  pw=$(awk -F: '$1 == "edgetally"' "$r/etc/passwd")
  [ -n "$pw" ] || fail "[$flavor] postinst did not create the user edgetally"
  IFS=: read -r _ _ uid _ _ home shell <<< "$pw"
  [ "$uid" -lt 1000 ] || fail "[$flavor] edgetally should be a system user (uid < 1000), has uid $uid"
  expect_eq "[$flavor] edgetally home" "$home" "/var/lib/edgetally"
  expect_eq "[$flavor] edgetally shell" "$shell" "/usr/sbin/nologin"
  expect_eq "[$flavor] group edgetally" "$(members_of "$r" edgetally)" ""
  expect_contains "[$flavor] members of dialout" "$(members_of "$r" dialout)" "edgetally"
  if [ "$flavor" = pi ]; then
    for g in gpio i2c spi; do expect_contains "[$flavor] members of $g" "$(members_of "$r" "$g")" "edgetally"; done
  else
    for g in gpio i2c spi; do expect_eq "[$flavor] group $g (must not be created)" "$(members_of "$r" "$g")" "-"; done
  fi

  stat_is "$r" /etc/edgetally root edgetally 750
  stat_is "$r" /etc/edgetally/edgetally.yaml root edgetally 640
  stat_is "$r" /var/lib/edgetally edgetally edgetally 750
  stat_is "$r" /usr/bin/edgetally root root 755
  stat_is "$r" /usr/sbin/edgetally-provision root root 755
  cmp -s "$r/etc/edgetally/edgetally.yaml" "$r/usr/share/edgetally/examples/barn.yaml" \
    || fail "[$flavor] /etc/edgetally/edgetally.yaml should start as the barn template"
  local wants=/etc/systemd/system/multi-user.target.wants/edgetally.service
  expect_eq "[$flavor] enabled at boot ($wants)" "$(readlink "$r$wants" || true)" "/lib/systemd/system/edgetally.service"
  grep -q '^Status: install ok installed' <<<"$(dpkg_root "$r" -s edgetally)" || fail "[$flavor] dpkg status not 'installed'"
  dpkg_root "$r" -s edgetally | grep -Eq '^ /etc/edgetally/edgetally.yaml [0-9a-f]{32}$' \
    || fail "[$flavor] dpkg does not record /etc/edgetally/edgetally.yaml as a conffile"
  ok "[$flavor] install into a scratch root: files, conffile, user $uid in $(awk -F: '$4 ~ /edgetally/ { printf "%s ", $1 }' "$r/etc/group"), modes, enabled"

  if [ "$flavor" = pi ]; then
    verify_unit "$r"
    upgrade_remove_purge "$deb" "$r"
  else
    dpkg_root "$r" -P edgetally > "$r.log" 2>&1 || fail "dpkg --root -P: $(cat "$r.log")"
    [ ! -e "$r/var/lib/edgetally" ] || fail "[$flavor] purge left /var/lib/edgetally"
  fi
}

# An installer's edits, the ledger and the keys survive an upgrade; remove keeps them; purge deletes them.
upgrade_remove_purge() {
  local deb=$1 r=$2 newer
  sed -i 's/^site: .*/site: jiange-07/' "$r/etc/edgetally/edgetally.yaml"
  echo "ledger rows" > "$r/var/lib/edgetally/edgetally.db"
  mkdir -p "$r/var/lib/edgetally/keys"
  echo "private" > "$r/var/lib/edgetally/keys/device.key"
  echo "private" > "$r/etc/edgetally/device.key"
  chmod 0644 "$r/var/lib/edgetally/keys/device.key" "$r/etc/edgetally/device.key"
  # the administrator disabled the service: an upgrade must not enable it again
  rm "$r/etc/systemd/system/multi-user.target.wants/edgetally.service"

  newer="$r.newer.deb"
  repack_newer "$deb" "$newer"
  dpkg_root "$r" --force-depends --force-confdef --force-confold -i "$newer" > "$r.log" 2>&1 \
    || fail "upgrade: $(cat "$r.log")"
  expect_eq "upgrade: installed version" "$(dpkg_root "$r" -s edgetally | sed -n 's/^Version: //p')" \
    "$(dpkg-deb --field "$newer" Version)"
  grep -q '^site: jiange-07$' "$r/etc/edgetally/edgetally.yaml" || fail "upgrade replaced the edited config"
  [ -f "$r/etc/edgetally/edgetally.yaml.dpkg-dist" ] || fail "upgrade: the new template should wait as edgetally.yaml.dpkg-dist"
  expect_eq "upgrade: data" "$(cat "$r/var/lib/edgetally/edgetally.db")" "ledger rows"
  stat_is "$r" /var/lib/edgetally/keys/device.key edgetally edgetally 600
  stat_is "$r" /var/lib/edgetally/keys edgetally edgetally 700
  stat_is "$r" /etc/edgetally/device.key edgetally edgetally 600
  stat_is "$r" /etc/edgetally/edgetally.yaml root edgetally 640
  expect_eq "upgrade: edgetally users" "$(grep -c '^edgetally:' "$r/etc/passwd")" "1"
  [ ! -e "$r/etc/systemd/system/multi-user.target.wants/edgetally.service" ] \
    || fail "upgrade enabled a service the administrator had disabled"
  ok "upgrade: edited config kept (new template as .dpkg-dist), data kept, key files 0600, still disabled"

  dpkg_root "$r" -r edgetally > "$r.log" 2>&1 || fail "remove: $(cat "$r.log")"
  [ ! -e "$r/usr/bin/edgetally" ] || fail "remove left /usr/bin/edgetally"
  [ -f "$r/etc/edgetally/edgetally.yaml" ] || fail "remove deleted the config (only purge may)"
  [ -f "$r/var/lib/edgetally/edgetally.db" ] || fail "remove deleted the data (only purge may)"
  dpkg_root "$r" -P edgetally > "$r.log" 2>&1 || fail "purge: $(cat "$r.log")"
  [ ! -e "$r/etc/edgetally" ] || fail "purge left /etc/edgetally: $(ls -A "$r/etc/edgetally")"
  [ ! -e "$r/var/lib/edgetally" ] || fail "purge left /var/lib/edgetally"
  grep -q '^edgetally:' "$r/etc/passwd" || fail "purge removed the system user (Debian keeps system users)"
  ok "remove keeps config and data; purge deletes them and keeps the system user"
}
