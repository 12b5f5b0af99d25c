#!/usr/bin/env bash
# Install the Debian packages that building and testing ward need, when
# missing. Safe to run repeatedly; does nothing when all are present.
set -eu
pkgs=(cmake make gcc clang-14 libclang-rt-14-dev libssl-dev openssl
      libcmocka-dev gnutls-bin curl python3 ca-certificates
      libcrypt-dev apache2-utils whois wrk)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
updated=0
if [ ${#missing[@]} -gt 0 ]; then
	echo "deps: installing ${missing[*]}"
	$sudo apt-get update -qq
	updated=1
	$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# A browser for the end-to-end page test; that test skips without it, so
# a failed install does not stop the build. Tried once per machine.
if ! command -v chromium >/dev/null 2>&1 && [ ! -e /var/tmp/ward-no-chromium ]; then
	echo "deps: installing chromium (optional, for the browser test)"
	[ "$updated" -eq 1 ] || $sudo apt-get update -qq || true
	$sudo apt-get install -y -qq chromium >/dev/null 2>&1 || {
		echo "deps: chromium could not be installed; the browser test will skip"
		touch /var/tmp/ward-no-chromium 2>/dev/null || true
	}
fi
exit 0
