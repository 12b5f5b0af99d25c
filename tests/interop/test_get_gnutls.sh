#!/usr/bin/env bash
# `ward get` against gnutls-serv --http (GnuTLS's own HTTP responder): TLS
# 1.3 and TLS 1.2 negotiated as asked (and the server's page agrees),
# the certificate verified through --cacert, an untrusted CA refused with
# exit 60, a pin honoured.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"
. "$(dirname "$0")/get_lib.sh"
need gnutls-serv


gport=
for try in 1 2 3; do
	gport=$(freeport)
	gnutls-serv --http --port "$gport" --x509certfile "$cert" \
		--x509keyfile "$key" >"$scratch/gnutls.out" 2>&1 &
	gpid=$!
	pids+=("$gpid")
	up() { curl -s -o /dev/null --cacert "$ca/ca.pem" --resolve "localhost:$gport:127.0.0.1" "https://localhost:$gport/"; }
	wait_until 100 up && break
	stop "$gpid"
	gport=
done
[ -n "$gport" ] || fail "gnutls-serv did not start: $(cat "$scratch/gnutls.out")"

tls=(--cacert "$ca/ca.pem" --resolve "localhost:$gport:127.0.0.1")
url=https://localhost:$gport/

get "${tls[@]}" -w '\n%{http_code} %{tls_version} %{tls_cipher}' "$url"
rc_is 0 "GET from gnutls-serv"
check_eq "$(tail -n 1 <<<"$out")" "200 TLSv1.3 TLS_AES_128_GCM_SHA256" "gnutls-serv: TLS 1.3"
want "$out" "TLS1.3" "gnutls-serv's page says TLS 1.3"

get "${tls[@]}" --tls-max 1.2 -w '\n%{http_code} %{tls_version}' "$url"
rc_is 0 "TLS 1.2 against gnutls-serv"
check_eq "$(tail -n 1 <<<"$out")" "200 TLSv1.2" "gnutls-serv: TLS 1.2"
want "$out" "TLS1.2" "gnutls-serv's page says TLS 1.2"

get --resolve "localhost:$gport:127.0.0.1" --cacert /dev/null "$url"
rc_is 77 "an empty CA file"
make_ca "$scratch/other-ca"
get --resolve "localhost:$gport:127.0.0.1" --cacert "$scratch/other-ca/ca.pem" "$url"
rc_is 60 "a CA that did not sign gnutls-serv's certificate"

openssl x509 -in "$cert" -pubkey -noout >"$scratch/pub.pem"
get "${tls[@]}" --pinnedpubkey "$scratch/pub.pem" -o /dev/null "$url"
rc_is 0 "a pin against gnutls-serv"

stop "$gpid"
serve_finish test_get_gnutls
