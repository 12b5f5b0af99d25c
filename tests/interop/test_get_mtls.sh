#!/usr/bin/env bash
# ward get --cert/--key: against openssl s_server -Verify 1 (TLS 1.3 and
# 1.2), which must have seen and verified the client certificate; against
# ward serve --client-ca, which names it; without one, the server's alert
# is the error; a key that is not the certificate's is exit 58.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"
. "$(dirname "$0")/get_lib.sh"
need openssl

cca=$scratch/cca
make_ca "$cca"
issue "$cca" "$scratch/alice" ecdsa --client alice
issue "$cca" "$scratch/bob" rsa --client bob
mine=(--cert "$scratch/alice.pem" --key "$scratch/alice-key.pem")

# ---- openssl s_server -Verify 1 ----
for v in -tls1_3 -tls1_2; do
	for who in alice bob; do
		s_server_version=$v start_s_server "srv$v" "$scratch/localhost" \
			-www -Verify 1 -CAfile "$cca/ca.pem"
		get --cacert "$ca/ca.pem" -w '%{http_code}' \
			--cert "$scratch/$who.pem" --key "$scratch/$who-key.pem" \
			"https://localhost:$port/"
		rc_is 0 "s_server $v -Verify 1, $who's certificate"
		want "$out" "200" "s_server $v: the page"
		# s_server's verify callback printed the chain it was sent
		want "$(cat "$scratch/srv$v.out")" "depth=0 CN = $who" "s_server $v saw $who's certificate"
		has "$(cat "$scratch/srv$v.out")" "verify error" &&
			bad "s_server $v: $who's certificate did not verify: $(cat "$scratch/srv$v.out")"
		stop "$srv_pid"
	done
	# no certificate: s_server -Verify refuses
	s_server_version=$v start_s_server "none$v" "$scratch/localhost" \
		-www -Verify 1 -CAfile "$cca/ca.pem"
	get --cacert "$ca/ca.pem" "https://localhost:$port/"
	[ "$rc" -ne 0 ] || bad "s_server $v -Verify 1 served ward get without a certificate"
	stop "$srv_pid"
done

# ---- ward serve --client-ca ----
start_serve mtls --client-ca "$cca/ca.pem" --root "$scratch"
for tls in "--tls-max 1.3" "--tls-max 1.2"; do
	# shellcheck disable=SC2086
	get --cacert "$ca/ca.pem" "${mine[@]}" $tls \
		--resolve "localhost:$port:127.0.0.1" \
		"https://localhost:$port/.well-known/ward/connection"
	rc_is 0 "ward serve, $tls"
	want "$out" '"client_certificate":{"subject":"CN=alice","sans":"DNS:alice"}' "ward serve named alice ($tls)"
done
get --cacert "$ca/ca.pem" --resolve "localhost:$port:127.0.0.1" \
	"https://localhost:$port/"
# TLS 1.3: the alert comes after the client's Finished, when its handshake
# is done: a receive error, 56, as curl has it
rc_is 56 "ward serve without a certificate"
want "$err" "certificate_required" "the alert ward get was sent"
stop_serve "$master"

# ---- local errors: exit 58, usage 2 ----
get --cacert "$ca/ca.pem" --cert "$scratch/alice.pem" --key "$scratch/bob-key.pem" "https://localhost:1/"
rc_is 58 "--key of another certificate"
want "$err" "bob-key.pem: the key does not belong to" "mismatch message"
get --cacert "$ca/ca.pem" --cert "$scratch/nonexistent.pem" "https://localhost:1/"
rc_is 58 "--cert of a missing file"
want "$err" "nonexistent.pem" "the missing file is named"
get --key "$scratch/alice-key.pem" "https://localhost:1/"
rc_is 2 "--key without --cert"

serve_finish "ward get --cert/--key"
