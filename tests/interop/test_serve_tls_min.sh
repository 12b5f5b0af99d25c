#!/usr/bin/env bash
# `ward serve --tls-min`: with 1.3 a client that goes no higher than TLS
# 1.2 gets protocol_version (alert 70) and a TLS 1.3 client is served;
# the default (1.2) serves the TLS 1.2 client; another value is refused.
# Then DHE through `ward serve`: gnutls-cli with only FFDHE groups, the
# connection endpoint naming the suite and group.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"
need openssl gnutls-cli

# tls12 ARGS...: openssl s_client offering TLS 1.2 only; output in $out
tls12() {
	out=$(printf 'GET /.well-known/ward/connection HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' |
		timeout 10 openssl s_client -tls1_2 -connect "127.0.0.1:$port" \
			-servername localhost -CAfile "$ca/ca.pem" \
			-verify_return_error -ign_eof "$@" 2>&1) || true
}

# --- --tls-min 1.3 ---
start_serve min13 --tls-min 1.3
tls12 -brief
want "$out" "alert protocol version" "--tls-min 1.3, a TLS 1.2 client"
want "$out" "SSL alert number 70" "--tls-min 1.3, a TLS 1.2 client"
has "$out" '"tls_version"' && bad "--tls-min 1.3: a TLS 1.2 client was served: $out"
out=$(hcurl /.well-known/ward/connection 2>&1) || true
want "$out" '"tls_version":"TLSv1.3"' "--tls-min 1.3, a TLS 1.3 client"
stop_serve "$master"

# --- the default, and --tls-min 1.2 said out loud ---
for args in "" "--tls-min 1.2"; do
	# shellcheck disable=SC2086 # the words of $args are the flags
	start_serve "min12-${args:+flag}" $args
	tls12 -brief
	want "$out" "Protocol version: TLSv1.2" "TLS 1.2 client, '$args'"
	want "$out" '"tls_version":"TLSv1.2"' "TLS 1.2 client, '$args'"
	stop_serve "$master"
done

# --- another version: exit 2, one line naming it ---
rc=0
err=$("$WARD_BIN" serve --tls-min 1.1 2>&1 >/dev/null </dev/null) || rc=$?
check_eq "$rc" 2 "--tls-min 1.1 exit code"
check_eq "$err" "ward serve: --tls-min: '1.1' is not 1.2 or 1.3" \
	"--tls-min 1.1 message"
help=$("$WARD_BIN" serve --help)
want "$help" "--tls-min 1.2|1.3" "--help"

# --- DHE_RSA through ward serve (RFC 7919 groups only) ---
issue "$ca" "$scratch/rsa" rsa localhost
start_serve dhe --cert "$scratch/rsa.pem" --key "$scratch/rsa-key.pem"
out=$(printf 'GET /.well-known/ward/connection HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' |
	timeout 10 gnutls-cli --priority \
		NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+DHE-RSA:-GROUP-ALL:+GROUP-FFDHE3072 \
		--x509cafile "$ca/ca.pem" -p "$port" localhost 2>&1) || true
want "$out" "(TLS1.2-X.509)-(DHE-FFDHE3072)-(RSA-SHA256)-(AES-128-GCM)" \
	"DHE through ward serve: gnutls-cli"
want "$out" '"cipher_suite":"TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"' \
	"DHE through ward serve: the endpoint"
want "$out" '"group":"ffdhe3072"' "DHE through ward serve: the endpoint"
stop_serve "$master"

serve_finish "ward serve --tls-min"
