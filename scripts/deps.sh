#!/usr/bin/env bash
# Install the Debian packages that building and testing ward need, when
# missing. Safe to run repeatedly; does nothing when all are present.
# Every package is required: a test whose tool is missing fails.
set -eu
pkgs=(cmake make gcc clang-14 libclang-rt-14-dev libssl-dev openssl
      libcmocka-dev gnutls-bin curl python3 python3-cryptography
      ca-certificates
      libcrypt-dev apache2-utils whois wrk
      chromium libnss3-tools util-linux iproute2
      testssl.sh sslscan
      nginx zlib1g-dev redis-server redis-tools
      libyaml-dev)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -gt 0 ] || exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
echo "deps: installing ${missing[*]}"
# nginx and redis-server would start their system services; a
# policy-rc.d that exits 101 stops that for the install. The tests start
# their own, on free loopback ports.
policy=/usr/sbin/policy-rc.d
added=0
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
	$sudo chmod 755 "$policy"
	added=1
fi
ok=1
{ $sudo apt-get update -qq &&
	$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"; } ||
	ok=0
[ "$added" -eq 0 ] || $sudo rm -f "$policy"
if [ "$ok" -eq 0 ]; then
	echo "deps: could not install ${missing[*]} (apt-get failed above);" \
		"install them by hand, or run the tests with WARD_ALLOW_SKIP=1" >&2
	exit 1
fi
