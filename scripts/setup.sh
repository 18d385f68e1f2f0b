#!/usr/bin/env bash
# Installs the Debian packages that building and testing Bulwark need. Idempotent.
set -euo pipefail
PKGS=(
  build-essential cmake ninja-build ccache pkg-config clang-format
  # man page from the CLI's help; Debian package with computed dependencies (make install, make package)
  help2man dpkg-dev file
  libfmt-dev nlohmann-json3-dev libsimdjson-dev libsqlite3-dev libarchive-dev libyaml-cpp-dev
  libpugixml-dev libcli11-dev libcurl4-openssl-dev libcpp-httplib-dev libssl-dev libgtest-dev libgmock-dev libbenchmark-dev
  libsquashfs-dev libgpgme-dev
  libcrypt-dev libre2-dev  # exposure: default-password check (crypt_r), --rules regexes (RE2)
  busybox dropbear-bin  # exposure net tests: binaries only, started on 127.0.0.1 by the tests
  dnsmasq-base  # exposure net UDP tests: a DNS server started on 127.0.0.1 (no system service)
  libargon2-dev libboost1.74-dev wrk  # server: password hashes, Boost.Beast, load measurements
  openssl curl  # server TLS test: a throwaway certificate and an HTTPS client
  # PostgreSQL stores (libpq) and the server the store contract tests start a throwaway cluster of
  libpq-dev postgresql-15
  # fixtures: SquashFS images, OpenPGP keys, a Debian root filesystem for the end-to-end test
  squashfs-tools gnupg debootstrap libxml2-utils
  # reference implementations for the differential tests
  dpkg python3-rpm rpm python3-jsonschema python3-yaml
  # whole-process measurements and archive fixtures
  time zip unzip sqlite3
  # the web dashboard's browser test (driven by npm playwright-core)
  chromium
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# Node.js runs the npm reference packages; a machine may already have it from elsewhere.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
# The exposure net tests also start OpenSSH's sshd, vsftpd and net-snmp's snmpd on 127.0.0.1
# (unprivileged options, their own config files). Their packages
# enable system services, so they are installed only in CI (CI=true) or when asked
# (BULWARK_INSTALL_TEST_DAEMONS=1), with service start-up refused during the install; elsewhere
# those tests skip with a message.
daemons=()
if [ "${CI:-}" = true ] || [ "${BULWARK_INSTALL_TEST_DAEMONS:-}" = 1 ]; then
  for p in openssh-server vsftpd snmpd; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || daemons+=("$p")
  done
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
if [ ${#missing[@]} -gt 0 ] || [ ${#daemons[@]} -gt 0 ]; then
  $SUDO apt-get update
fi
if [ ${#missing[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi
if [ ${#daemons[@]} -gt 0 ]; then
  policy=/usr/sbin/policy-rc.d
  added_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" > /dev/null
    $SUDO chmod 755 "$policy"
    added_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${daemons[@]}" ||
    { [ "$added_policy" = 1 ] && $SUDO rm -f "$policy"; exit 1; }
  [ "$added_policy" = 1 ] && $SUDO rm -f "$policy"
fi
echo "setup: all build and test packages are installed"
# BusyBox telnetd for the exposure net test: Debian's busybox is built without that applet;
# busybox-static has it but conflicts with busybox, so its binary is unpacked into the user's
# cache (the test looks there) instead of installed. Without it the test checks BusyBox's
# telnet negotiation against a recorded greeting only.
bbdir="${XDG_CACHE_HOME:-$HOME/.cache}/bulwark/busybox-static"
if [ ! -x "$bbdir/busybox" ]; then
  bbtmp=$(mktemp -d)
  if (cd "$bbtmp" && apt-get download busybox-static >/dev/null 2>&1) &&
    dpkg-deb -x "$bbtmp"/busybox-static_*.deb "$bbtmp/x"; then
    mkdir -p "$bbdir"
    cp "$bbtmp/x/bin/busybox" "$bbdir/busybox.tmp" && mv "$bbdir/busybox.tmp" "$bbdir/busybox"
    echo "setup: busybox-static unpacked into $bbdir (exposure net telnetd test)"
  else
    echo "setup: busybox-static could not be downloaded; the telnetd test checks a recorded greeting only" >&2
  fi
  rm -rf "$bbtmp"
fi
# The web dashboard's npm packages (web/package-lock.json).
bash "$(dirname "$0")/web-setup.sh"
