#!/usr/bin/env bash
# `ward serve --tls-policy`: with legacy, a TLS 1.2 client offering only
# static RSA (and CBC) gets a connection and its request answered; with
# the default, handshake_failure; a wrong value is a usage error; the
# policy's use is logged as a warning.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"
need openssl

issue "$ca" "$scratch/rsa" rsa localhost 127.0.0.1
mkdir -p "$scratch/site"
echo "hello legacy" >"$scratch/site/index.html"

# a wrong value: exit 2, and why
rc=0
err=$("$WARD_BIN" serve --tls-policy old --root "$scratch/site" 2>&1) || rc=$?
check_eq "$rc" 2 "--tls-policy old: exit code"
want "$err" "--tls-policy: 'old' is not default or legacy" "--tls-policy old"
want "$("$WARD_BIN" serve --help)" "--tls-policy POLICY" "--help"
need_python_cryptography() {
	python3 -c 'import cryptography' 2>/dev/null ||
		fail "python3-cryptography is missing (scripts/deps.sh installs it)"
}
need_python_cryptography

start_serve legacy --root "$scratch/site" --cert "$scratch/rsa.pem" \
	--key "$scratch/rsa-key.pem" --tls-policy legacy
want "$(cat "$scratch/legacy.log")" "--tls-policy legacy: TLS 1.2 clients may get static RSA key exchange" \
	"legacy: the warning"
for suite in AES128-GCM-SHA256 AES256-GCM-SHA384 AES128-SHA ECDHE-RSA-AES128-SHA256; do
	out=$(hcurl / -v --tls-max 1.2 --ciphers "$suite" 2>&1) || true
	want "$out" "SSL connection using TLSv1.2 / $suite" "legacy: $suite"
	want "$out" "hello legacy" "legacy: $suite: the page"
done
out=$(echo | timeout 10 openssl s_client -connect "127.0.0.1:$port" \
	-servername localhost -CAfile "$ca/ca.pem" -verify_return_error \
	-tls1_2 -brief -cipher AES128-GCM-SHA256 2>&1) || true
want "$out" "Ciphersuite: AES128-GCM-SHA256" "legacy: s_client"
# TLS 1.3 is untouched
out=$(hcurl / -v 2>&1) || true
want "$out" "SSL connection using TLSv1.3" "legacy: TLS 1.3"
stop_serve "$master"

# heartbeat through the server's connection: the answer is written
# though no request is, the Heartbleed request gets none, and the
# request after either is served
start_serve heartbeat --root "$scratch/site" --tls-policy legacy
request='GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'
for v in hb-good hb-heartbleed; do
	out=$(timeout 20 python3 "$interop/tls12_client.py" "$port" "$v" \
		"$request" 2>&1) || true
	if [ $v = hb-good ]; then
		want "$out" "heartbeat: type 2 payload b'heartbeat hello' padding 16 fresh" \
			"ward serve: heartbeat answered"
	else
		has "$out" "heartbeat:" && bad "ward serve: Heartbleed request answered: $out"
	fi
	want "$out" "application data: hello legacy" "ward serve: $v: then the page"
done
stop_serve "$master"

for policy in "" "--tls-policy default"; do
	# shellcheck disable=SC2086
	start_serve "default-${policy:+flag}" --root "$scratch/site" \
		--cert "$scratch/rsa.pem" --key "$scratch/rsa-key.pem" $policy
	out=$(hcurl / -v --tls-max 1.2 --ciphers AES128-GCM-SHA256 2>&1) || true
	want "$out" "alert handshake failure" "'$policy': static RSA refused"
	out=$(hcurl / -v --tls-max 1.2 --ciphers ECDHE-RSA-AES128-SHA 2>&1) || true
	want "$out" "alert handshake failure" "'$policy': CBC refused"
	out=$(hcurl / --tls-max 1.2 2>&1) || true
	want "$out" "hello legacy" "'$policy': TLS 1.2 with the default suites"
	stop_serve "$master"
done

serve_finish "ward serve --tls-policy"
