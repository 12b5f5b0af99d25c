#!/usr/bin/env bash
# Install the Debian packages that building and testing ward need, when
# missing. Safe to run repeatedly; does nothing when all are present.
set -eu
pkgs=(cmake make gcc clang-14 libclang-rt-14-dev libssl-dev openssl
      libcmocka-dev gnutls-bin curl python3 ca-certificates)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "deps: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
