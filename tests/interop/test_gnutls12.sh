#!/usr/bin/env bash
# gnutls-cli against `ward serve` in TLS 1.2: every default suite x
# certificate type (ECDSA P-256, RSA; one server holds both) x group
# (x25519, secp256r1, secp384r1), pinned with priority strings. gnutls's
# "Description" line, ward's connection page and its access log must
# agree on what was negotiated. Then a client without the extended master
# secret, which the default policy refuses.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"
need gnutls-cli

issue "$ca" "$scratch/rsa" rsa localhost 127.0.0.1 ::1
# P-384 before P-256, so that an ECDSA P-256 certificate (whose curve the
# client must list, RFC 8422 5.1.1) still lets P-384 be chosen
start_serve gnutls12 --cert "$cert" --key "$key" \
	--cert "$scratch/rsa.pem" --key "$scratch/rsa-key.pem" \
	--groups secp384r1:x25519:secp256r1 --access-log "$scratch/access.log"

# gnutls PRIORITY: GET the connection page over gnutls-cli; its output
# in $out, the page's JSON in $page
gnutls() {
	out=$(printf 'GET /.well-known/ward/connection HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' |
		timeout 10 gnutls-cli --priority "$1" --x509cafile "$ca/ca.pem" \
			--port "$port" localhost 2>&1) || true
	page=$(grep -m1 '^{"tls_version"' <<<"$out" || true)
}
tls12=NORMAL:-VERS-ALL:+VERS-TLS1.2

# gnutls's names, and ward's
declare -A cipher=([AES_128_GCM_SHA256]=AES-128-GCM
	[AES_256_GCM_SHA384]=AES-256-GCM
	[CHACHA20_POLY1305_SHA256]=CHACHA20-POLY1305)
declare -A kx=([ecdsa]=ECDHE-ECDSA [rsa]=ECDHE-RSA)
declare -A ward_kx=([ecdsa]=ECDHE_ECDSA [rsa]=ECDHE_RSA)
# (TLS 1.2 does not tie the curve to the ECDSA scheme: gnutls says ECDSA-SHA256)
# (gnutls lists rsa_pkcs1_sha256 before RSA-PSS, and ward follows the
# client's order of preference, RFC 5246 7.4.1.4.1)
declare -A sig=([ecdsa]=ECDSA-SHA256 [rsa]=RSA-SHA256)
declare -A ward_sig=([ecdsa]=ecdsa_secp256r1_sha256 [rsa]=rsa_pkcs1_sha256)
declare -A group=([x25519]=X25519 [secp256r1]=SECP256R1 [secp384r1]=SECP384R1)

n=0
for cert_type in ecdsa rsa; do
	for bulk in AES_128_GCM_SHA256 AES_256_GCM_SHA384 \
		CHACHA20_POLY1305_SHA256; do
		suite="TLS_${ward_kx[$cert_type]}_WITH_$bulk"
		for g in x25519 secp256r1 secp384r1; do
			what="$cert_type $suite $g"
			groups="+GROUP-${group[$g]}"
			# the certificate's curve too (ward prefers the others)
			[ "$cert_type" != ecdsa ] || [ "$g" = secp256r1 ] ||
				groups+=":+GROUP-SECP256R1"
			gnutls "$tls12:-CIPHER-ALL:+${cipher[$bulk]}:-KX-ALL:+${kx[$cert_type]}:-GROUP-ALL:$groups"
			want "$out" "- Status: The certificate is trusted." "$what"
			want "$out" "- Description: (TLS1.2-X.509)-(ECDHE-${group[$g]})-(${sig[$cert_type]})-(${cipher[$bulk]})" \
				"$what"
			want "$out" "- Options: extended master secret, safe renegotiation," \
				"$what"
			want "$page" "{\"tls_version\":\"TLSv1.2\",\"cipher_suite\":\"$suite\",\"group\":\"$g\",\"signature_scheme\":\"${ward_sig[$cert_type]}\",\"alpn\":null,\"sni\":\"localhost\",\"resumed\":false,\"hrr\":false," \
				"$what: ward's connection page"
			n=$((n + 1))
		done
	done
done

# the access log: one line per connection, with version and suite
wait_until 50 eval '[ "$(grep -c "GET /.well-known/ward/connection" "$scratch/access.log")" -ge "$n" ]' ||
	true
log=$(cat "$scratch/access.log")
for cert_type in ecdsa rsa; do
	for bulk in AES_128_GCM_SHA256 AES_256_GCM_SHA384 \
		CHACHA20_POLY1305_SHA256; do
		suite="TLS_${ward_kx[$cert_type]}_WITH_$bulk"
		check_eq "$(grep -c "\" 200 [0-9]* \"-\" \"-\" TLSv1.2 $suite -\$" <<<"$log")" 3 \
			"access log lines for $suite"
	done
done

# TLS 1.3 still, when gnutls offers it too
gnutls NORMAL
want "$page" '{"tls_version":"TLSv1.3"' "TLS 1.3 offered"

# no extended master secret (RFC 7627): handshake_failure, said in the
# error log
gnutls "$tls12:%NO_SESSION_HASH"
want "$out" "Received alert [40]: Handshake failed" "no EMS"
[ -z "$page" ] || bad "no EMS: got a page: $page"
wait_until 50 grep -q 'does not offer extended_master_secret' \
	"$scratch/gnutls12.log" ||
	bad "no EMS: not in the error log: $(tail -n 5 "$scratch/gnutls12.log")"

stop_serve "$master"
serve_finish "gnutls-cli TLS 1.2 against ward serve"
