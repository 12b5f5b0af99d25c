#!/usr/bin/env bash
# ward's TLS 1.2 server (ward-tls-peer): openssl s_client -tls1_2 for every
# suite x certificate type x group, curl --tls-max 1.2, TLS 1.3 still
# chosen when offered, a renegotiation attempt, and a scripted client
# (tls12_client.py) for what openssl cannot be made to send: a bad
# Finished, a spoiled record, ChangeCipherSpec out of place, ClientHellos
# without the extended master secret, with the fallback SCSV, and more.
# Each refusal is checked for its one alert on both sides.
set -euo pipefail
. "$(dirname "$0")/tls_lib.sh"
need openssl curl python3
python=$(python3 -c 'import sys; print(sys.executable)')
"$python" -c 'import cryptography' 2>/dev/null ||
	fail "python3-cryptography is missing (scripts/deps.sh installs it)"
client12() { "$python" "$WARD_TESTS/interop/tls12_client.py" "$@"; }

# ward_said NAME WANT-RC LINE WHAT: ward-tls-peer server NAME (--once) has
# exited with WANT-RC and its stderr holds LINE
ward_said() {
	wait_exit "$ward_pid"
	local err
	err=$(cat "$scratch/$1.err")
	[ "$rc" = "$2" ] || bad "$4: ward's server exited $rc, expected $2 ($err)"
	want "$err" "$3" "$4: ward's server"
}

ca=$scratch/ca
make_ca "$ca"
issue "$ca" "$scratch/ecdsa" ecdsa localhost
issue "$ca" "$scratch/rsa" rsa localhost

s_client() {
	out=$(echo "ping from s_client" | timeout 10 openssl s_client \
		-connect "127.0.0.1:$port" -servername localhost \
		-CAfile "$ca/ca.pem" -verify_return_error -ign_eof "$@" 2>&1) ||
		true
}

declare -A temp_key=(
	[X25519]="Server Temp Key: X25519, 253 bits"
	[P-256]="Server Temp Key: ECDH, prime256v1, 256 bits"
	[P-384]="Server Temp Key: ECDH, secp384r1, 384 bits"
)
declare -A ward_group=([X25519]=x25519 [P-256]=secp256r1 [P-384]=secp384r1)
declare -A sig_type=([ecdsa]=ECDSA [rsa]=RSA-PSS)
declare -A ward_sig=([ecdsa]=ecdsa_secp256r1_sha256 [rsa]=rsa_pss_rsae_sha256)
declare -A kx=([ecdsa]=ECDSA [rsa]=RSA)
# openssl's names and the RFC's
declare -A rfc_name=(
	[AES128-GCM-SHA256]=AES_128_GCM_SHA256
	[AES256-GCM-SHA384]=AES_256_GCM_SHA384
	[CHACHA20-POLY1305]=CHACHA20_POLY1305_SHA256
)

# --- every suite, certificate type and group ---
for cert in ecdsa rsa; do
	start_ward "server-$cert" --cert "$scratch/$cert.pem" \
		--key "$scratch/$cert-key.pem" --reply-close \
		--groups secp384r1:x25519:secp256r1
	for bulk in AES128-GCM-SHA256 AES256-GCM-SHA384 CHACHA20-POLY1305; do
		suite="ECDHE-${kx[$cert]}-$bulk"
		ward_suite="TLS_ECDHE_${kx[$cert]}_WITH_${rfc_name[$bulk]}"
		for group in X25519 P-256 P-384; do
			what="$cert $suite $group"
			groups=$group
			# RFC 8422 5.1.1: the certificate's curve is listed
			# too (ward prefers the others to it)
			[ "$cert:$group" != ecdsa:X25519 ] || groups=X25519:P-256
			[ "$cert:$group" != ecdsa:P-384 ] || groups=P-384:P-256
			want_group=$group
			s_client -tls1_2 -brief -cipher "$suite" -groups "$groups"
			want "$out" "Protocol version: TLSv1.2" "$what"
			want "$out" "Ciphersuite: $suite" "$what"
			want "$out" "${temp_key[$want_group]}" "$what"
			want "$out" "Signature type: ${sig_type[$cert]}" "$what"
			want "$out" "Verification: OK" "$what"
			want "$(ward_line "$out")" "version=TLSv1.2 suite=$ward_suite group=${ward_group[$want_group]} sig=${ward_sig[$cert]} alpn=- sni=localhost hrr=0" \
				"$what: ward's reply"
			want "$out" "ping from s_client" "$what: echo"
		done
	done
	# TLS 1.3 whenever the client offers it
	s_client -brief
	want "$out" "Protocol version: TLSv1.3" "$cert: TLS 1.3 offered"
	stop "$ward_pid"
	errs=$(cat "$scratch/server-$cert.err")
	[ -z "$errs" ] || bad "$cert: ward server complained: $errs"
done

# --- the key log: ward's CLIENT_RANDOM line is s_client's ---
for suite in ECDHE-ECDSA-AES128-GCM-SHA256 ECDHE-ECDSA-AES256-GCM-SHA384; do
	rm -f "$scratch/ward.keys" "$scratch/openssl.keys"
	SSLKEYLOGFILE=$scratch/ward.keys start_ward keylog \
		--cert "$scratch/ecdsa.pem" --key "$scratch/ecdsa-key.pem" \
		--keylog --reply-close --once
	s_client -tls1_2 -brief -cipher "$suite" \
		-keylogfile "$scratch/openssl.keys"
	wait_exit "$ward_pid"
	ward_keys=$(cat "$scratch/ward.keys" 2>/dev/null || true)
	openssl_keys=$(grep -v '^#' "$scratch/openssl.keys" || true)
	want "$ward_keys" "CLIENT_RANDOM " "key log $suite"
	[ "$(wc -l <<<"$ward_keys")" = 1 ] && [ "$ward_keys" = "$openssl_keys" ] ||
		bad "key log $suite: ward's and s_client's differ:
$ward_keys
---
$openssl_keys"
done

# --- TLS 1.2 turned off: protocol_version ---
start_ward off --cert "$scratch/ecdsa.pem" --key "$scratch/ecdsa-key.pem" \
	--once --no-tls12
s_client -tls1_2
want "$out" "tlsv1 alert protocol version" "TLS 1.2 off"
ward_said off 1 "handshake failed: protocol_version alert_sent=protocol_version the client does not offer TLS 1.3" \
	"TLS 1.2 off"

# --- an ECDSA P-256 certificate for a client that lists only X25519 ---
start_ward curve --cert "$scratch/ecdsa.pem" --key "$scratch/ecdsa-key.pem" \
	--once
s_client -tls1_2 -groups X25519
want "$out" "sslv3 alert handshake failure" "certificate curve not listed"
ward_said curve 1 "handshake failed: handshake_failure alert_sent=handshake_failure" \
	"certificate curve not listed"

# --- curl, with ALPN ---
start_ward curl --cert "$scratch/ecdsa.pem" --key "$scratch/ecdsa-key.pem" \
	--alpn http/1.1 --reply-close --once
out=$(timeout 10 curl -sv --http0.9 --tls-max 1.2 --cacert "$ca/ca.pem" \
	"https://localhost:$port/" 2>&1) || true
want "$out" "SSL connection using TLSv1.2 / ECDHE-ECDSA-AES128-GCM-SHA256" "curl"
want "$out" "ALPN: server accepted http/1.1" "curl"
want "$(ward_line "$out")" "version=TLSv1.2 suite=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 group=x25519 sig=ecdsa_secp256r1_sha256 alpn=http/1.1 sni=localhost hrr=0" \
	"curl: ward's reply"
ward_said curl 0 "" "curl"

# --- renegotiation: refused with a warning, the connection goes on ---
start_ward reneg-openssl --cert "$scratch/ecdsa.pem" \
	--key "$scratch/ecdsa-key.pem" --once
out=$({ echo R; sleep 1; } | timeout 10 openssl s_client -tls1_2 \
	-connect "127.0.0.1:$port" -servername localhost -CAfile "$ca/ca.pem" \
	-msg 2>&1) || true
want "$out" "RENEGOTIATING" "s_client R"
want "$out" "<<< TLS 1.2, Alert [length 0002], warning no_renegotiation" "s_client R"
wait_exit "$ward_pid"
start_ward reneg --cert "$scratch/ecdsa.pem" --key "$scratch/ecdsa-key.pem" \
	--once
out=$(client12 "$port" renegotiate 2>&1) || true
want "$out" "opened: 21 01 64" "renegotiation: no_renegotiation warning"
want "$out" "application data: ping" "renegotiation: data after it"
ward_said reneg 0 "" "renegotiation"
# each attempt carries nothing: four in a row are answered, the fifth is
# unexpected_message (under the keys: ward's word for it)
start_ward reneg-5 --cert "$scratch/ecdsa.pem" --key "$scratch/ecdsa-key.pem" \
	--once
out=$(client12 "$port" renegotiate-5 2>&1) || true
[ "$(grep -c 'opened: 21 01 64' <<<"$out")" = 4 ] ||
	bad "five renegotiation attempts: expected four warnings in: $out"
want "$out" "opened: 21 02 0a" "five renegotiation attempts: unexpected_message"
ward_said reneg-5 0 "connection failed: unexpected_message alert_sent=unexpected_message the peer sent more than 4 renegotiation attempts in a row" \
	"five renegotiation attempts"

# --- the scripted client: a sound handshake first ---
start_ward scripted-ok --cert "$scratch/ecdsa.pem" \
	--key "$scratch/ecdsa-key.pem" --once
out=$(client12 "$port" ok 2>&1) || true
# RFC 5746 and RFC 7627 acknowledged, the RFC 8446 4.1.3 sentinel
want "$out" "server hello: version 0303 suite c02b extensions ff01 0017 000b 0000 random ends 444f574e47524401" \
	"scripted client: ServerHello"
want "$out" "server finished ok" "scripted client: server Finished"
want "$out" "application data: ping" "scripted client: echo"
ward_said scripted-ok 0 "" "scripted client"
start_ward scripted-scsv --cert "$scratch/ecdsa.pem" \
	--key "$scratch/ecdsa-key.pem" --once
out=$(client12 "$port" scsv-not-ext 2>&1) || true
want "$out" "extensions ff01 0017" "renegotiation SCSV: renegotiation_info in ServerHello"
want "$out" "server finished ok" "renegotiation SCSV"
ward_said scripted-scsv 0 "" "renegotiation SCSV"

# refused VARIANT ALERT-HEX ALERT-NAME [WHY]: the one alert, in plaintext
# (ward has not sent its ChangeCipherSpec), and ward's account of it
refused() {
	start_ward "refused-$1" --cert "$scratch/ecdsa.pem" \
		--key "$scratch/ecdsa-key.pem" --once
	out=$(client12 "$port" "$1" 2>&1) || true
	want "$out" "record: 15 03 03 00 02 02 $2" "$1"
	ward_said "refused-$1" 1 "handshake failed: $3 alert_sent=$3 ${4:-}" "$1"
}
refused bad-finished 33 decrypt_error "the client's Finished does not verify"
refused bad-record-mac 14 bad_record_mac
refused no-ccs 0a unexpected_message
refused data-before-finished 0a unexpected_message
refused two-ccs 0a unexpected_message "ChangeCipherSpec out of place"
refused early-ccs 0a unexpected_message "ChangeCipherSpec out of place"
refused no-ems 28 handshake_failure "the client does not offer extended_master_secret"
refused fallback-scsv 56 inappropriate_fallback
refused reneg-not-empty 28 handshake_failure "renegotiation_info is not empty"
refused compressed-points-only 2f illegal_parameter
refused no-null-compression 2f illegal_parameter
refused no-sig-algs 28 handshake_failure
refused no-groups 28 handshake_failure
# anything older than TLS 1.2 stays protocol_version
refused tls11 46 protocol_version "the client offers neither TLS 1.3 nor TLS 1.2"
refused versions-tls11 46 protocol_version

finish "TLS 1.2 server"
