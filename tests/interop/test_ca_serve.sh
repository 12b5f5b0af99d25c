#!/usr/bin/env bash
# `ward serve` without --cert serves a localhost certificate from the local
# CA (DIR/serve/). After `ward ca init --force` replaced the CA, the next
# start must serve a certificate the new CA signed, which openssl s_client
# verifies with -verify_return_error.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"
need openssl

lca=$scratch/local-ca

# served_verifies CAFILE: s_client's verdict on what $port serves
served_verifies() {
	out=$(timeout 10 openssl s_client -connect "127.0.0.1:$port" \
		-servername localhost -verify_hostname localhost \
		-CAfile "$1" -verify_return_error </dev/null 2>&1) || return 1
	grep -q 'Verify return code: 0 (ok)' <<<"$out"
}

start_serve first --ca-dir "$lca"
[ -f "$lca/serve/localhost.pem" ] || fail "ward serve made no leaf in $lca/serve"
served_verifies "$lca/ca.pem" || bad "the first leaf does not verify: $out"
stop_serve "$master"
cp "$lca/ca.pem" "$scratch/old-ca.pem"

out=$("$WARD_BIN" ca init --dir "$lca" --force 2>&1) || fail "init --force: $out"
want "$out" "Removed $lca/serve/localhost.pem and its key" "init --force removes the old leaf"

start_serve second --ca-dir "$lca"
served_verifies "$lca/ca.pem" ||
	bad "after init --force the served certificate does not verify under the new CA: $out"
served_verifies "$scratch/old-ca.pem" &&
	bad "after init --force the served certificate still verifies under the old CA"
want "$out" "verify error" "the old CA refuses the new leaf"
stop_serve "$master"

serve_finish "ward ca init --force: ward serve serves a leaf of the new CA"
